// The store's statement bound (`statementTimeoutMs`, the server's DATABASE_STATEMENT_TIMEOUT_MS): a statement longer than
// it is cancelled by PostgreSQL (57014), one whose answer never comes — its backend stopped, as a network partition
// mid-query leaves it — is given up by the client after the grace; both transient (the server's 503). A migration is not
// bounded. Without the option nothing is bounded, as before.
import { isTransient, postgresEventStore, type PostgresEventStore } from '@gridcase/adapters'
import { afterEach, expect, it } from 'vitest'
import { queryTimeoutOf } from '../../packages/adapters/src/postgres/store.js'
import { sql } from './cli.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

const failure = async (work: Promise<unknown>): Promise<{ error: unknown; ms: number }> => {
  const started = Date.now()
  try {
    await work
  } catch (error) {
    return { error, ms: Date.now() - started }
  }
  throw new Error('expected it to fail')
}

describePostgres('the PostgreSQL store’s statement bound', () => {
  const opened: { store: PostgresEventStore; schema: string }[] = []
  const open = async (statementTimeoutMs?: number): Promise<PostgresEventStore> => {
    const schema = freshSchemaName()
    const store = postgresEventStore({ connectionString: postgresUrl(), schema, maxConnections: 2, ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }) })
    opened.push({ store, schema })
    await store.ready
    return store
  }
  afterEach(async () => {
    for (const { store, schema } of opened.splice(0)) {
      await store.close()
      await dropSchema(postgresUrl(), schema)
    }
  })

  it('the client waits the bound and as long again, at most 5 s more', () => {
    expect([queryTimeoutOf(300), queryTimeoutOf(30_000)]).toEqual([600, 35_000])
  })

  it('pg_sleep(2) over a 300 ms bound: cancelled by the server, 57014, transient', async () => {
    const store = await open(300)
    const { error, ms } = await failure(store.pool.query('SELECT pg_sleep(2)'))
    expect([(error as { code?: string }).code, (error as Error).message, isTransient(error)]).toEqual(['57014', 'canceling statement due to statement timeout', true])
    expect(ms).toBeGreaterThanOrEqual(250)
    expect(ms).toBeLessThan(1_500)
    expect((await store.pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  })

  it('a backend that stops answering (SIGSTOP, a partition mid-query): the client gives up after the grace, transient', async () => {
    const store = await open(300)
    const client = await store.pool.connect()
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0
    try {
      process.kill(pid, 'SIGSTOP')
    } catch {
      // A server this process may not signal (DATABASE_URL's, another user's): the partition cannot be made here.
      client.release()
      return
    }
    try {
      const { error, ms } = await failure(client.query('SELECT 1'))
      expect([(error as Error).message, isTransient(error)]).toEqual(['Query read timeout', true])
      expect(ms).toBeGreaterThanOrEqual(550)
      expect(ms).toBeLessThan(2_000)
    } finally {
      process.kill(pid, 'SIGCONT')
      client.release(true)
    }
    expect((await store.pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  })

  it('without the option nothing is bounded, as before', async () => {
    const store = await open()
    expect((await store.pool.query<{ slept: string }>(`SELECT pg_sleep(0.7)::text AS slept`)).rows).toEqual([{ slept: '' }])
  })

  it('the migration at opening is not bounded: a fresh schema is made under a 1 ms bound', async () => {
    const store = await open(1)
    const [row] = await sql<{ version: number }>(postgresUrl(), `SELECT version FROM ${store.schema}.store_schema`)
    expect(row?.version).toBeGreaterThan(0)
  })
})
