// The store's statement bound (`statementTimeoutMs`, the server's DATABASE_STATEMENT_TIMEOUT_MS): a statement longer than
// it is cancelled by PostgreSQL (57014), one whose answer never comes — its backend stopped, as a network partition
// mid-query leaves it — is given up by the client after the grace; both transient (the server's 503). A migration is not
// bounded. Without the option nothing is bounded, as before.
import { isTransient, postgresEventStore, projectionRunner, sealedPostgresStore, type PostgresEventStore } from '@gridcase/adapters'
import { postgresCaseList, postgresLockKeys } from '@gridcase/adapters/postgres'
import pg from 'pg'
import { afterAll, afterEach, expect, it } from 'vitest'
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

  // Another session holding what a read model's build waits on for 1 s, past a 300 ms bound: a rebuild's batch (up to
  // 50,000 events folded into one round trip) that takes longer than the bound, made to. Built on the store's pool the
  // format change was cancelled (57014) and the model's `ready` stayed rejected — every list after the lock was gone
  // failed too, until a restart; a batch was cancelled and tried again, for ever.
  const held = async (lock: (client: pg.Client) => Promise<void>): Promise<() => Promise<void>> => {
    const other = new pg.Client({ connectionString: postgresUrl() })
    await other.connect()
    await other.query('BEGIN')
    await lock(other)
    const released = new Promise<void>((resolve) => setTimeout(resolve, 1_000)).then(async () => {
      await other.query('COMMIT')
      await other.end()
    })
    return () => released
  }
  const home = (store: PostgresEventStore) => ({ pool: store.pool, schema: store.schema, backgroundPool: store.backgroundPool })

  it('a read model’s format change waits past the bound (the background pool), and the model then lists', async () => {
    const store = await open(300)
    const release = await held(async (other) => {
      await other.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [postgresLockKeys.readModels, store.schema])
    })
    const list = postgresCaseList(home(store), [])
    const started = Date.now()
    expect(await list.checkpoint()).toBe(-1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(600)
    await release()
    expect(await list.list({ kind: 'complaints', actor: { id: 'h', role: 'hotline-operator', jurisdiction: 'hohhot' }, limit: 10, now: 0 })).toEqual({ items: [], more: false })
  })

  it('a read model’s batch waits past the bound for the checkpoint another holds, then applies', async () => {
    const store = await open(300)
    const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-03-02T01:00:00Z' }
    await store.appendToStream('x-1', [{ type: 'x', schemaVersion: 1, data: {}, metadata }], { expectedVersion: 'any' })
    const events = await store.readAll()
    const list = postgresCaseList(home(store), [])
    expect(await list.checkpoint()).toBe(-1)
    const release = await held(async (other) => {
      await other.query(`INSERT INTO ${store.schema}.checkpoints (name, position) VALUES ('case-list', -1) ON CONFLICT (name) DO UPDATE SET position = excluded.position`)
    })
    const started = Date.now()
    expect(await list.apply(events)).toBe(events.at(-1)?.position)
    expect(Date.now() - started).toBeGreaterThanOrEqual(600)
    await release()
    // A request's statement on the store's pool is bounded as before.
    expect(isTransient(await failure(store.pool.query('SELECT pg_sleep(2)')).then((f) => f.error))).toBe(true)
  })
})

describePostgres('the PostgreSQL store’s background face: the log read without the bound', () => {
  const opened: { store: PostgresEventStore; schema: string }[] = []
  afterEach(async () => {
    for (const { store, schema } of opened.splice(0)) {
      await store.close()
      await dropSchema(postgresUrl(), schema)
    }
  })
  const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-03-02T01:00:00Z' }
  // A store under a 300 ms bound with one event, and the log held by another session (ACCESS EXCLUSIVE: a VACUUM FULL, a
  // LOCK TABLE) for 1 s from now.
  const heldLog = async (): Promise<{ store: PostgresEventStore; release: () => Promise<void> }> => {
    const schema = freshSchemaName()
    const store = postgresEventStore({ connectionString: postgresUrl(), schema, maxConnections: 2, statementTimeoutMs: 300 })
    opened.push({ store, schema })
    await store.appendToStream('x-1', [{ type: 'x', schemaVersion: 1, data: {}, metadata }], { expectedVersion: 'any' })
    const other = new pg.Client({ connectionString: postgresUrl() })
    await other.connect()
    await other.query('BEGIN')
    await other.query(`LOCK TABLE ${pg.escapeIdentifier(schema)}.events IN ACCESS EXCLUSIVE MODE`)
    const released = new Promise<void>((resolve) => setTimeout(resolve, 1_000)).then(async () => {
      await other.query('COMMIT')
      await other.end()
    })
    return { store, release: () => released }
  }

  // Read on the store's pool, each was cancelled at the bound (57014): the read models' catch-up and feed, the tree's
  // leaves, the calendar's refresh — a page longer than the bound read again, for ever.
  it('its reads wait past the bound for the log another session holds; the store’s own reads stay bounded', async () => {
    const { store, release } = await heldLog()
    const started = Date.now()
    const [front, all, stream, version, leaves] = await Promise.allSettled([
      store.readAll(),
      store.background.readAll(),
      store.background.readStream('x-1'),
      store.background.streamVersion('x-1'),
      store.background.readLeaves(0, 10),
    ])
    expect(Date.now() - started).toBeGreaterThanOrEqual(600)
    await release()
    expect(front.status === 'rejected' ? (front.reason as { code?: string }).code : 'read').toBe('57014')
    expect([all, stream, version, leaves].map((r) => (r.status === 'fulfilled' ? 'read' : String(r.reason)))).toEqual(['read', 'read', 'read', 'read'])
    expect(all.status === 'fulfilled' ? all.value.map((e) => e.streamId) : []).toEqual(['x-1'])
    expect(version.status === 'fulfilled' ? version.value : undefined).toBe(0)
  })

  it('a read model’s catch-up on it waits past the bound, then applies', async () => {
    const { store, release } = await heldLog()
    const list = postgresCaseList({ pool: store.pool, schema: store.schema, backgroundPool: store.backgroundPool }, [])
    await list.checkpoint()
    const runner = projectionRunner({ store: store.background, readModels: [list] })
    const started = Date.now()
    const at = await runner.catchUp()
    expect(Date.now() - started).toBeGreaterThanOrEqual(600)
    await release()
    expect(at).toBe(0)
  })

})

describePostgres('the sealed PostgreSQL store’s background face: the subject keys of a page read without the bound', () => {
  const schema = freshSchemaName()
  afterAll(async () => {
    await dropSchema(postgresUrl(), schema)
  })

  // The keys a page needs are loaded before it is opened (postgresSubjectKeys' prepare). On the store's pool, a page the
  // background read (a read model's catch-up, on a server that had not yet loaded those keys) while another session held
  // the key table past the bound was cancelled there (57014), and read again, for ever.
  it('loads them on the background pool: it waits past the bound for the key table another session holds', async () => {
    const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-03-02T01:00:00Z' }
    const writer = sealedPostgresStore({ connectionString: postgresUrl(), schema, maxConnections: 2 })
    await writer.appendToStream('complaints-1', [{ type: 'ComplaintRegistered', schemaVersion: 1, data: { category: 'noise', jurisdiction: 'hohhot', complainant: { name: '欧阳淑芬', phone: '13904719876' } }, metadata }], { expectedVersion: 'no-stream' })
    await writer.close()
    // Another server, which has loaded no key yet.
    const reader = sealedPostgresStore({ connectionString: postgresUrl(), schema, maxConnections: 2, statementTimeoutMs: 300 })
    const other = new pg.Client({ connectionString: postgresUrl() })
    await other.connect()
    try {
      await reader.ready
      await other.query('BEGIN')
      await other.query(`LOCK TABLE ${pg.escapeIdentifier(schema)}.subject_keys IN ACCESS EXCLUSIVE MODE`)
      const released = new Promise((resolve) => setTimeout(resolve, 1_000)).then(() => other.query('COMMIT'))
      const started = Date.now()
      const [front, back] = await Promise.allSettled([reader.readAll(), reader.background.readAll()])
      expect(Date.now() - started).toBeGreaterThanOrEqual(600)
      await released
      expect(front.status === 'rejected' ? (front.reason as { code?: string }).code : 'read').toBe('57014')
      expect(back.status === 'fulfilled' ? (back.value[0]?.data as { complainant: { name: string } }).complainant.name : String((back as PromiseRejectedResult).reason)).toBe('欧阳淑芬')
    } finally {
      await other.end()
      await reader.close()
    }
  })
})
