import type pg from 'pg'

/**
 * A connection from the pool for a transaction. pg emits 'error' on a checked-out client whose
 * connection dies (the server crashed or restarted) even when a query also fails with it; unheard, that
 * event would end the process. The query's rejection is what reports it here, so the event is only heard.
 */
export const checkout = async (pool: pg.Pool): Promise<{ readonly client: pg.PoolClient; readonly release: (broken?: boolean) => void }> => {
  const client = await pool.connect()
  const heard = () => undefined
  client.on('error', heard)
  return {
    client,
    release: (broken = false) => {
      client.off('error', heard)
      client.release(broken ? true : undefined)
    },
  }
}
