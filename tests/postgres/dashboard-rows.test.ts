// Issue #17: "dashboard p99 within 2× of its figure at 10k cases". Measured (docs/scale.md), PostgreSQL's dashboard grew
// with the cases. Right after a rebuild (before autovacuum's ANALYZE) its overdue list (超期, the first 101 by deadline)
// was planned on stale figures: every running deadline before now fetched and sorted on each request, and the sample
// log leaves a share of its cases open, so that scan grows with the log. Counted with PostgreSQL's own per-table counters (pg_stat_user_tables: rows returned by sequential
// scans plus rows fetched by index scans, bitmap scans included) around one dashboard read, as the HTTP route asks it
// (the district, asOf now), over the sample log at two sizes: the rows read from the running deadlines do not grow.
import { postgresCaseList, postgresDashboard, postgresEventStore, projectionRunner } from '@gridcase/adapters'
import { complaints, DEMO_DISTRICT, disputes } from '@gridcase/http'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeSampleLog } from '../../bench/scale.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl, rowsReadOf } from './database.js'

const SMALL = 2_000
const LARGE = 8_000

describePostgres('the PostgreSQL dashboard read over a growing log', () => {
  const schemas = new Map<number, string>()
  let admin: pg.Client
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: postgresUrl() })
    await admin.connect()
    for (const cases of [SMALL, LARGE]) {
      const schema = freshSchemaName()
      schemas.set(cases, schema)
      const store = postgresEventStore({ connectionString: postgresUrl(), schema })
      await writeSampleLog(store, cases)
      const home = { pool: store.pool, schema }
      const dashboard = postgresDashboard(home)
      // The read as right after a rebuild, deterministically: autovacuum off on the model's tables (made on first use),
      // so the planner has only the figures the model itself gives it (autovacuum's ANALYZE otherwise comes at a time
      // of its own, and the read's plan with it).
      await dashboard.checkpoint()
      const tables = await admin.query<{ relname: string }>(`SELECT relname FROM pg_stat_user_tables WHERE schemaname = $1 AND relname LIKE 'dashboard%'`, [schema])
      for (const { relname } of tables.rows) await admin.query(`ALTER TABLE ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(relname)} SET (autovacuum_enabled = false)`)
      await projectionRunner({ store, readModels: [postgresCaseList(home, [complaints(), disputes()]), dashboard] }).catchUp()
      await store.close()
    }
  }, 600_000)
  afterAll(async () => {
    await admin.end()
    for (const schema of schemas.values()) await dropSchema(postgresUrl(), schema)
  })

  /** Rows read so far from each table of the schema, once no session named `appName` is open (a session hands its counters over when it ends). */
  const rowsRead = (schema: string, appName: string): Promise<ReadonlyMap<string, number>> => rowsReadOf(admin, schema, appName)

  /** Rows each table gave one dashboard read (the second: the first may be the model's schema check), and the running deadlines kept. */
  const oneRead = async (cases: number): Promise<{ read: ReadonlyMap<string, number>; running: number; subtree: number; tree: number }> => {
    const schema = schemas.get(cases) ?? ''
    const appName = `dash_${schema}`
    const url = new URL(postgresUrl())
    url.searchParams.set('application_name', appName)
    const pool = new pg.Pool({ connectionString: url.toString(), max: 1 })
    const dashboard = postgresDashboard({ pool, schema })
    const query = { jurisdiction: DEMO_DISTRICT, asOf: new Date().toISOString() }
    await dashboard.view(query)
    await pool.end()
    const before = await rowsRead(schema, appName)
    const again = new pg.Pool({ connectionString: url.toString(), max: 1 })
    const view = await postgresDashboard({ pool: again, schema }).view(query)
    await again.end()
    const after = await rowsRead(schema, appName)
    expect(view?.overdue.items.length).toBe(100)
    const running = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(schema)}.dashboard_deadlines`)).rows[0]?.n)
    // The counts tree's rows the view shows (the district and two levels below it: depths 2 to 4), and all of them.
    const t = `${pg.escapeIdentifier(schema)}.dashboard_tree`
    const subtree = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${t} WHERE depth BETWEEN 2 AND 4 AND (place = $1 OR place LIKE $2)`, [DEMO_DISTRICT, `${DEMO_DISTRICT}/%`])).rows[0]?.n)
    const tree = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]?.n)
    return { read: new Map([...after].map(([table, n]) => [table, n - (before.get(table) ?? 0)])), running, subtree, tree }
  }

  it(`the rows a dashboard read takes from the running deadlines do not grow from ${SMALL} to ${LARGE} cases`, async () => {
    const small = await oneRead(SMALL)
    const large = await oneRead(LARGE)
    console.log(`rows read per table at ${SMALL} cases (${small.running} running deadlines, tree ${small.subtree} of ${small.tree} rows): ${JSON.stringify(Object.fromEntries(small.read))}`)
    console.log(`rows read per table at ${LARGE} cases (${large.running} running deadlines, tree ${large.subtree} of ${large.tree} rows): ${JSON.stringify(Object.fromEntries(large.read))}`)
    // The premise: the running deadlines grow with the log (open cases the sample leaves), four times over.
    expect(large.running).toBeGreaterThan(3 * small.running)
    // The read walks the deadlines in the lists' order and stops after a page: about the same rows at either size
    // (before: every running deadline before now, 252 → 988).
    expect(large.read.get('dashboard_deadlines') ?? 0).toBeLessThanOrEqual(1.5 * (small.read.get('dashboard_deadlines') ?? 0) + 10)
    expect(large.read.get('dashboard_deadlines') ?? 0).toBeLessThan(large.running / 2)
  }, 120_000)

  it('a large batch leaves every table the reads plan on analysed, not only the view\'s first tables', async () => {
    // The catch-up above applied its pages in batches of at least ANALYZE_AFTER events with autovacuum off, so only the
    // model's own ANALYZE after such a batch can have sampled a table. The view reads the kept sums by period and by
    // months (a quarter's, a year's), the facts one by one (a period's edges), the units; the fold reads its cases.
    // Before, the sums by period and by months, the facts and the units were never analysed: a read planned on no
    // figures for them after a rebuild.
    const schema = schemas.get(LARGE) ?? ''
    const analysed = await admin.query<{ relname: string; n: string }>(
      `SELECT relname, analyze_count AS n FROM pg_stat_user_tables WHERE schemaname = $1 AND relname LIKE 'dashboard%' ORDER BY relname`,
      [schema],
    )
    const never = analysed.rows.filter((r) => Number(r.n) === 0 && r.relname !== 'dashboard_latest').map((r) => r.relname)
    expect(analysed.rows.map((r) => r.relname)).toEqual(expect.arrayContaining(['dashboard_periods', 'dashboard_months_apart', 'dashboard_facts']))
    expect(never).toEqual([])
  }, 60_000)
})
