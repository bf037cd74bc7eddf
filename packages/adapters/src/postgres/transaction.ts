import type pg from 'pg'
import { checkout } from './checkout.js'

/**
 * Runs `work` in one transaction on one connection of the pool: COMMIT when it resolves, ROLLBACK when
 * it rejects. What read models need: a read-model update and its projection checkpoint committed
 * together (exactly-once effect), in the database that holds the log.
 */
export const inTransaction = async <T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
  const { client, release } = await checkout(pool)
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    release()
    return result
  } catch (error) {
    // A broken connection is thrown away, not handed to the next caller.
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    )
    release(!rolledBack)
    throw error
  }
}
