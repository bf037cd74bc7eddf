// Issue #17: "server startup no longer replays the log". A server started over a PostgreSQL log whose read models, tree
// log and checkpoints are up to date reads (almost) none of the log: PostgreSQL's own per-table counters
// (pg_stat_user_tables: rows returned by sequential scans plus rows fetched by index scans of `<schema>.events`) are
// taken, the server is started and closed, and the rows its sessions read from the events table are counted. The same
// count taken around a replay of the log (a projection runner from position 0) shows the counter sees a replay.
import { postgresCaseList, postgresDashboard, postgresEventStore, projectionRunner } from '@gridcase/adapters'
import { complaints, disputes, readConfig, startGridcaseServer } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { populate } from '../../bench/scale.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl, rowsReadOf } from './database.js'

const CASES = 1_000

describePostgres('server startup over a PostgreSQL log', () => {
  const schema = freshSchemaName()
  // Every session of the server under test carries this name, so the test can wait until all have ended (a session
  // hands its table counters to the statistics when it ends).
  const appName = `startup_${schema}`
  let url: string
  let dir: string
  let admin: pg.Client
  let events = 0
  beforeAll(async () => {
    const base = new URL(postgresUrl())
    base.searchParams.set('application_name', appName)
    url = base.toString()
    dir = mkdtempSync(join(tmpdir(), 'gridcase-startup-'))
    admin = new pg.Client({ connectionString: postgresUrl() })
    await admin.connect()
    const store = postgresEventStore({ connectionString: url, schema })
    events = (await populate(store, CASES)).events
    await store.close()
  }, 300_000)
  afterAll(async () => {
    await admin.end()
    rmSync(dir, { recursive: true, force: true })
    await dropSchema(postgresUrl(), schema)
  })

  const eventsTable = () => `${pg.escapeIdentifier(schema)}.events`
  /** Rows read so far from each table of the schema, once every session of the server has ended. */
  const rowsRead = (): Promise<ReadonlyMap<string, number>> => rowsReadOf(admin, schema, appName)
  /** Rows read by `work` from each table of the schema (the counters are cumulative: the difference is taken). */
  const rowsReadBy = async (work: () => Promise<void>): Promise<ReadonlyMap<string, number>> => {
    const before = await rowsRead()
    await work()
    const after = await rowsRead()
    return new Map([...after].map(([table, n]) => [table, n - (before.get(table) ?? 0)]))
  }

  const startAndClose = async (): Promise<void> => {
    const config = readConfig({ DATABASE_URL: url, DATABASE_SCHEMA: schema, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', GRIDCASE_PROCESSES: 'off' })
    if (config._tag === 'Left') throw new Error(config.left.message)
    const server = await startGridcaseServer(config.right, { demo: true, logger: pino({ level: 'silent' }) })
    const res = await fetch(`${server.url}/healthz`)
    expect(res.status).toBe(200)
    await server.close()
  }

  it(`a restart over a log of ${CASES} cases reads at most one Merkle chunk (256 events) of it, and no table row by row`, async () => {
    // The first start beside the log builds the read models and the tree log's chunks: it reads the whole log.
    const first = await rowsReadBy(startAndClose)
    expect(first.get('events')).toBeGreaterThanOrEqual(events)
    const restart = await rowsReadBy(startAndClose)
    console.log(`events ${events}; rows read at the first start ${JSON.stringify(Object.fromEntries(first))}; at the restart ${JSON.stringify(Object.fromEntries(restart))}`)
    expect(restart.get('events')).toBeLessThanOrEqual(256)
    // Nothing else is read case by case either (the case list holds a row per case).
    for (const [table, n] of restart) expect({ table, n: Math.min(n, CASES) }).toEqual({ table, n: Math.min(n, 256) })
  }, 300_000)

  it('the counter sees a replay: a projection runner from position 0 reads every event', async () => {
    const replayed = await rowsReadBy(async () => {
      const store = postgresEventStore({ connectionString: url, schema: `${schema}` })
      const home = { pool: store.pool, schema: freshSchemaName() }
      const runner = projectionRunner({ store, readModels: [postgresCaseList(home, [complaints(), disputes()]), postgresDashboard(home)] })
      await runner.catchUp()
      await store.close()
      await dropSchema(postgresUrl(), home.schema)
    })
    expect(replayed.get('events')).toBeGreaterThanOrEqual(events)
  }, 300_000)
})
