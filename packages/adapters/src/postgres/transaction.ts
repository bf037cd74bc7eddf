import type pg from 'pg'

/**
 * Runs `work` in one transaction on one connection of the pool: COMMIT when it resolves, ROLLBACK when
 * it rejects. What read models need: a read-model update and its projection checkpoint committed
 * together (exactly-once effect), in the database that holds the log.
 */
export const inTransaction = async <T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    client.release()
    return result
  } catch (error) {
    // A broken connection is thrown away, not handed to the next caller.
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    )
    client.release(rolledBack ? undefined : true)
    throw error
  }
}
