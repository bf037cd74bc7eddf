// The dashboard and evaluation reads on SQLite at 10k and 100k cases (issue 18: "p99 < 20 ms at 100k cases, and not
// growing with the number of cases"). For each size: the sample log (about 8.3 events a case, ending 120 days before
// now), the read models rebuilt from position 0, then
// - in process, every statement one dashboard read runs (the district as the HTTP route asks it: asOf now), with its
//   time, the rows it returned and its plan (GRIDCASE_BENCH_PLANS=1 prints the plans); the same for the evaluation of
//   the month ranked below (the district's dashboard of that month, depth 0, as the evaluation route reads it);
// - through the real server: GET /api/v1/dashboard, /api/v1/evaluation?period=<a month>, /api/v1/ranking?period=<the
//   month> and /api/v1/trends, p50 and p99, with the load average beside each figure.
// Then the largest size beside the smallest (ratio large ÷ small: "not growing" is a ratio near 1).
// Run: `npx tsc -b && npx tsx bench/index.ts dashboardRead` (GRIDCASE_BENCH_CASES=2000,8000 for a quick look;
// GRIDCASE_BENCH_CACHE=<dir> keeps the written logs there and reuses them; with GRIDCASE_BENCH_LABEL=<name> too, the
// read models built by this code, so main's and a branch's can be measured in the same window without rebuilding).
import { projectionRunner, sqliteAttachmentRefs, sqliteCaseList, sqliteDashboard, sqliteEventStore, sqliteReadModelFile } from '@gridcase/adapters'
import { complaints, DEMO_DISTRICT, demoActors, disputes, readConfig, signToken, startGridcaseServer } from '@gridcase/http'
import type Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { observedStatements, rowsReturned } from '../tests/support/observedStatements.js'
import { latency, writeSampleLog } from './scale.js'

const SIZES = (process.env.GRIDCASE_BENCH_CASES ?? '10000,100000').split(',').map(Number)
const REQUESTS = Number(process.env.GRIDCASE_BENCH_REQUESTS ?? 300)
const CACHE = process.env.GRIDCASE_BENCH_CACHE
const LABEL = process.env.GRIDCASE_BENCH_LABEL
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
const ms = (x: number) => `${x.toFixed(2)} ms`

interface Timed {
  calls: number
  ms: number
  rows: number
}

/** The database with every statement prepared through it timed (calls, ms, rows returned), by SQL text. */
const timedDatabase = (db: Database.Database, into: Map<string, Timed>): Database.Database =>
  observedStatements(db, (sql, out, ms) => {
    const t = into.get(sql) ?? { calls: 0, ms: 0, rows: 0 }
    t.calls += 1
    t.ms += ms
    t.rows += rowsReturned(out)
    into.set(sql, t)
  })

interface SizeFigures {
  readonly cases: number
  readonly events: number
  readonly routes: Map<string, { p50: number; p99: number; load: string }>
  readonly statements: Map<string, Timed>
  readonly inProcess: { p50: number; p99: number }
  readonly evaluation: { readonly statements: Map<string, Timed>; readonly inProcess: { p50: number; p99: number } }
  /** The evaluation of the month's year (depth 0) and the dashboard of that year from 10:00 (depth 2), in process. */
  readonly longer: readonly { readonly name: string; readonly statements: Map<string, Timed>; readonly inProcess: { p50: number; p99: number } }[]
}

const monthAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 7)

/** The quarter (`YYYY-Qn`) a month (`YYYY-MM`) is in. */
const quarterOf = (month: string): string => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`

/** A month (`YYYY-MM`) as the evaluation route reads it: China midnight to China midnight. */
const monthPeriod = (month: string): { from: string; to: string } => {
  const [year, m] = month.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return { from: `${month}-01T00:00:00+08:00`, to: `${next}-01T00:00:00+08:00` }
}

/** Statements timed over `reads` reads: per read, calls, ms each and rows each. */
const perRead = (statements: Map<string, Timed>, reads: number): void => {
  for (const t of statements.values()) {
    t.ms /= t.calls
    t.rows /= t.calls
    t.calls /= reads
  }
}

const measure = async (cases: number): Promise<SizeFigures> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-dashread-'))
  try {
    const logPath = join(dir, 'gridcase.sqlite')
    let events: number
    const cached = CACHE === undefined ? undefined : join(CACHE, `${cases}.sqlite`)
    if (cached !== undefined && existsSync(cached)) {
      copyFileSync(cached, logPath)
      events = Number(readFileSync(`${cached}.events`, 'utf8'))
    } else {
      const log = sqliteEventStore({ path: logPath, synchronous: 'normal' })
      // Ends 120 days before now, as the scale bench's log does (a month of it is ranked below).
      events = (await writeSampleLog(log, cases)).events
      await log.close()
      if (cached !== undefined && CACHE !== undefined) {
        mkdirSync(CACHE, { recursive: true })
        copyFileSync(logPath, cached)
        await import('node:fs').then((fs) => fs.writeFileSync(`${cached}.events`, String(events)))
      }
    }
    // The read models of this code (GRIDCASE_BENCH_LABEL names it: main's and a branch's files differ) are kept too.
    const modelsPath = join(dir, 'read-models.sqlite')
    const keptModels = cached === undefined || LABEL === undefined ? undefined : `${cached}.${LABEL}.read-models`
    if (keptModels !== undefined && existsSync(keptModels)) copyFileSync(keptModels, modelsPath)
    const log = sqliteEventStore({ path: logPath })
    const file = sqliteReadModelFile(modelsPath)
    const collections = [complaints(), disputes()]
    const started = process.hrtime.bigint()
    await projectionRunner({ store: log, readModels: [sqliteCaseList(file.db, collections), sqliteDashboard(file.db), sqliteAttachmentRefs(file.db)] }).catchUp()
    console.log(`  read models caught up in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`)
    await log.close()
    if (keptModels !== undefined) {
      file.db.pragma('wal_checkpoint(TRUNCATE)')
      copyFileSync(modelsPath, keptModels)
    }
    console.log(`  ${cases} cases, ${events} events: read models rebuilt   [load ${load()}]`)

    // In process: each statement of the district's dashboard read, as the route asks it (asOf now).
    const statements = new Map<string, Timed>()
    const dashboard = sqliteDashboard(timedDatabase(file.db, statements))
    const query = () => ({ jurisdiction: DEMO_DISTRICT, asOf: new Date().toISOString() })
    const inProcess = await latency(() => dashboard.view(query()), 100)
    perRead(statements, 130)
    // In process: the evaluation of the month ranked below (a month the log fills: it ends 120 days before now).
    const evaluationStatements = new Map<string, Timed>()
    const evaluated = sqliteDashboard(timedDatabase(file.db, evaluationStatements))
    const month = monthAgo(150)
    const evaluation = {
      statements: evaluationStatements,
      inProcess: await latency(() => evaluated.view({ jurisdiction: DEMO_DISTRICT, ...monthPeriod(month), asOf: new Date().toISOString(), depth: 0 }), 100),
    }
    perRead(evaluationStatements, 130)
    // In process: the evaluation of that month's year, and the dashboard of the year from 10:00 on 1 January (its first
    // morning fact by fact, the rest its year's sums less 1 January's), as the routes below ask them.
    const year = Number(month.slice(0, 4))
    const longer: SizeFigures['longer'][number][] = []
    for (const { name, query: q } of [
      { name: 'the evaluation of its year', query: { from: `${year}-01-01T00:00:00+08:00`, to: `${year + 1}-01-01T00:00:00+08:00`, depth: 0 } },
      { name: 'the dashboard of its year from 10:00', query: { from: `${year}-01-01T10:00:00+08:00`, to: `${year + 1}-01-01T00:00:00+08:00`, depth: 2 } },
    ]) {
      const timed = new Map<string, Timed>()
      const model = sqliteDashboard(timedDatabase(file.db, timed))
      // latency() reads 30 times to warm up, then 50 timed: 80 reads in the statements' figures.
      const inProcess = await latency(() => model.view({ jurisdiction: DEMO_DISTRICT, ...q, asOf: new Date().toISOString() }), 50)
      perRead(timed, 80)
      longer.push({ name, statements: timed, inProcess })
    }
    if (process.env.GRIDCASE_BENCH_PLANS !== undefined) {
      for (const sql of statements.keys()) {
        if (!/^\s*SELECT/i.test(sql)) continue
        const params = sql.split('?').length - 1
        const plan = file.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: params }, () => null)) as { detail: string }[]
        console.log(`${sql.replace(/\s+/g, ' ')}\n    ${plan.map((p) => p.detail).join('\n    ')}`)
      }
    }
    file.close()

    // Through the real server on the data.
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent', GRIDCASE_PROCESSES: 'off' })
    if (config._tag === 'Left') throw new Error(config.left.message)
    const server = await startGridcaseServer(config.right, { demo: true, logger: pino({ level: 'silent' }) })
    const routes = new Map<string, { p50: number; p99: number; load: string }>()
    try {
      const supervisor = demoActors.find((a) => a.role === 'supervisor')
      if (supervisor === undefined) throw new Error('no demo supervisor')
      const token = await signToken({ secret: readFileSync(join(dir, 'dev-jwt-secret'), 'utf8').trim() }, supervisor)
      const get = async (path: string) => {
        const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
        return res.arrayBuffer()
      }
      // A month the log fills (it ends 120 days before now).
      const paths: readonly [string, string, number][] = [
        ['dashboard', '/api/v1/dashboard', REQUESTS],
        ['dashboard, a street', `/api/v1/dashboard?jurisdiction=${DEMO_DISTRICT}/wulan`, REQUESTS],
        ['evaluation of a month', `/api/v1/evaluation?period=${month}`, REQUESTS],
        // Its quarter and its year: a period of several months reads the facts that count in their own month one by one.
        ['evaluation of its quarter', `/api/v1/evaluation?period=${quarterOf(month)}`, Math.max(20, Math.floor(REQUESTS / 5))],
        ['evaluation of its year', `/api/v1/evaluation?period=${month.slice(0, 4)}`, Math.max(20, Math.floor(REQUESTS / 5))],
        // A period whose start is not a China midnight: its whole days and months from their sums, the first morning fact by fact.
        [
          'dashboard, its year from 10:00',
          `/api/v1/dashboard?from=${encodeURIComponent(`${month.slice(0, 4)}-01-01T10:00:00+08:00`)}&to=${encodeURIComponent(`${Number(month.slice(0, 4)) + 1}-01-01T00:00:00+08:00`)}`,
          Math.max(20, Math.floor(REQUESTS / 5)),
        ],
        ['ranking of a month', `/api/v1/ranking?period=${month}`, Math.max(20, Math.floor(REQUESTS / 5))],
        ['trends (42 periods)', '/api/v1/trends', Math.max(20, Math.floor(REQUESTS / 5))],
      ]
      for (const [name, path, n] of paths) routes.set(name, { ...(await latency(() => get(path), n)), load: load() })
    } finally {
      await server.close()
    }
    return { cases, events, routes, statements, inProcess, evaluation, longer }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const table = (head: readonly string[], rows: readonly (readonly string[])[]): void => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (c: readonly string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join('  ')
  console.log(line(head))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(r))
}

export async function run(): Promise<void> {
  const results: SizeFigures[] = []
  for (const cases of SIZES) {
    const f = await measure(cases)
    results.push(f)
    const reads = [
      { title: `${cases.toLocaleString('en-US')} cases, ${f.events.toLocaleString('en-US')} events: the district's dashboard read`, statements: f.statements, inProcess: f.inProcess },
      { title: 'the evaluation of a month', ...f.evaluation },
      ...f.longer.map((read) => ({ title: read.name, ...read })),
    ]
    for (const read of reads) {
      console.log(`\n-- ${read.title}, statement by statement (in process) --`)
      table(
        ['statement', 'calls/read', 'ms each', 'rows each'],
        [...read.statements.entries()]
          .filter(([sql]) => /^\s*SELECT/i.test(sql))
          .map(([sql, t]) => [sql.replace(/\s+/g, ' ').slice(0, 110), t.calls.toFixed(1), t.ms.toFixed(3), t.rows.toFixed(1)]),
      )
      console.log(`whole read in process: p50 ${ms(read.inProcess.p50)}, p99 ${ms(read.inProcess.p99)}`)
    }
    console.log(`\n-- ${cases.toLocaleString('en-US')} cases through HTTP --`)
    table(['route', 'p50', 'p99', 'load'], [...f.routes.entries()].map(([name, r]) => [name, ms(r.p50), ms(r.p99), r.load]))
  }
  const [small, large] = [results[0], results.at(-1)]
  if (small !== undefined && large !== undefined && small !== large) {
    console.log(`\n-- ${large.cases.toLocaleString('en-US')} cases beside ${small.cases.toLocaleString('en-US')} (targets: p99 < 20 ms, ratio near 1) --`)
    table(
      ['route', `p99 ${small.cases}`, `p99 ${large.cases}`, 'ratio', 'p99 < 20 ms'],
      [
        ...[...large.routes.entries()].map(([name, r]) => {
          const a = small.routes.get(name)?.p99 ?? Number.NaN
          return [name, ms(a), ms(r.p99), `${(r.p99 / a).toFixed(2)}×`, r.p99 < 20 ? 'yes' : 'no']
        }),
        ['in process, the read alone', ms(small.inProcess.p99), ms(large.inProcess.p99), `${(large.inProcess.p99 / small.inProcess.p99).toFixed(2)}×`, large.inProcess.p99 < 20 ? 'yes' : 'no'],
        [
          'in process, the evaluation alone',
          ms(small.evaluation.inProcess.p99),
          ms(large.evaluation.inProcess.p99),
          `${(large.evaluation.inProcess.p99 / small.evaluation.inProcess.p99).toFixed(2)}×`,
          large.evaluation.inProcess.p99 < 20 ? 'yes' : 'no',
        ],
      ],
    )
  }
}
