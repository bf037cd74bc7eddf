import pg from 'pg'

const unheard = () => undefined

/**
 * Makes a pool hear every failure of its connections, so none is an uncaught 'error' event that ends the process: an
 * idle connection the server dropped (the pool's 'error'; the pool replaces it), and one the server ends while its
 * client is out of the pool between queries (pg emits 'error' on the client, which the pool hears only while the client
 * is idle — found stopping PostgreSQL under a server, about one run in three). The failure reaches the client's user
 * through its next query, and the pool drops the broken client when it comes back.
 */
export const hearClients = (pool: pg.Pool): (() => void) => {
  const connected = (client: pg.PoolClient) => {
    client.on('error', unheard)
  }
  pool.on('error', unheard)
  pool.on('connect', connected)
  // Stops hearing the pool (a pool given by its owner, when the store on it closes); its clients stay heard.
  return () => {
    pool.off('error', unheard)
    pool.off('connect', connected)
  }
}

/** A pool whose every connection is heard (`hearClients`): the store's, and any short one a command opens beside it. */
export const heardPool = (config: pg.PoolConfig): pg.Pool => {
  const pool = new pg.Pool(config)
  hearClients(pool)
  return pool
}
