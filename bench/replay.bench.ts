// Replay into the read models (case list + dashboard totals in SQLite, as the server keeps them) beside streamed
// JSON.parse of the same events as NDJSON, at two sizes (linear?), with the RSS it takes. Events are written once
// per size through the SQLite store; replay reads them back from position 0 through the projection runner.
// A second baseline says what bounds it: the same JSON.parse plus raw better-sqlite3 inserting the rows the replay left
// in the read models (the same tables and indexes, in key order, one transaction): no replay of these tables can write
// less, so `JSON.parse / (parse + write floor)` is the highest ratio to JSON.parse these read models allow.
// The read models are kept as the server keeps them: one connection to one read-model file, the case list, the dashboard
// and the attachment references fed together (`sqliteReadModelsTogether`: one transaction per fold for all three).
// BENCH_REPLAY_LAYOUT=separate: the case list and the dashboard alone, each on its own connection to the file (what this
// bench measured before 2026-12-01's s12: two transactions per fold, and neither model's kept rows survive the other's).
// The log is the plain SQLite store (personal data not sealed: the server's default seals it, and unsealing adds about
// 7% to a replay's CPU, measured in docs/scale.md).
//   npx tsx bench/index.ts replay        (BENCH_REPLAY_CASES=5000,50000; BENCH_REPLAY_FOLD: the runner's foldEvents)
import {
  projectionRunner,
  sqliteAttachmentRefs,
  sqliteCaseList,
  sqliteDashboard,
  sqliteEventStore,
  sqliteReadModelFile,
  sqliteReadModelsTogether,
  type ReadModel,
} from '@gridcase/adapters'
import { complaints, disputes } from '@gridcase/http'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compared, load } from './anchors/runs.js'
import { writeSampleLog } from './scale.js'

const SIZES = (process.env['BENCH_REPLAY_CASES'] ?? '5000,50000').split(',').map(Number)
/** Events a catch-up folds in memory before it writes (the runner's `foldEvents`; unset: the runner's default). */
const FOLD = process.env['BENCH_REPLAY_FOLD'] === undefined ? undefined : Number(process.env['BENCH_REPLAY_FOLD'])
const SEPARATE = (process.env['BENCH_REPLAY_LAYOUT'] ?? 'server') === 'separate'
const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9
/** CPU seconds (user + system) since `from`: on a shared machine the fair measure, whatever else runs. */
const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from)
  return (used.user + used.system) / 1e6
}

/** Writes `cases` sample cases through the SQLite store (1000 appends per group commit); the number of events. */
const populate = async (path: string, cases: number): Promise<number> => {
  const store = sqliteEventStore({ path, synchronous: 'normal' })
  try {
    return (await writeSampleLog(store, cases)).events
  } finally {
    await store.close()
  }
}

interface Replay {
  readonly events: number
  readonly replay: number
  readonly parse: number
  /** CPU seconds of the replay and of the JSON.parse baseline. */
  readonly replayCpu: number
  readonly parseCpu: number
  readonly rssMb: number
  /** Seconds for raw better-sqlite3 to insert the read models' final rows into empty tables of the same schema. */
  readonly writeFloor: number
  readonly rows: number
}

/** Raw better-sqlite3 writing every row of the read-model file at `from` into a fresh file `to`: seconds and rows. */
const writeFloor = (from: string, to: string): { seconds: number; rows: number } => {
  const source = new Database(from, { readonly: true })
  const tables = source.prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND (name LIKE 'case_list%' OR name LIKE 'dashboard_%' OR name = 'attachment_refs')`).all()
  const indexes = source.prepare<[], { sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all()
  // Read first (in primary-key order, as SELECT * gives a WITHOUT ROWID table): only the writes are timed.
  const rows = tables.map((t) => ({ name: t.name, rows: source.prepare(`SELECT * FROM ${t.name}`).raw().all() as unknown[][] }))
  source.close()
  const target = new Database(to)
  target.pragma('journal_mode = WAL')
  target.pragma('synchronous = NORMAL')
  for (const t of tables) target.exec(t.sql)
  for (const i of indexes) target.exec(i.sql)
  let n = 0
  const started = process.hrtime.bigint()
  target.transaction(() => {
    for (const t of rows) {
      const first = t.rows[0]
      if (first === undefined) continue
      const insert = target.prepare(`INSERT INTO ${t.name} VALUES (${first.map(() => '?').join(', ')})`)
      for (const row of t.rows) insert.run(...row)
      n += t.rows.length
    }
  })()
  const took = seconds(started)
  target.close()
  return { seconds: took, rows: n }
}

const replaySize = async (cases: number): Promise<Replay> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-replay-'))
  try {
    const path = join(dir, 'gridcase.sqlite')
    const events = await populate(path, cases)
    const store = sqliteEventStore({ path })
    const file = join(dir, 'read-models.sqlite')
    const collections = [complaints(), disputes()]
    const shared = SEPARATE ? undefined : sqliteReadModelFile(file)
    const list = sqliteCaseList(shared?.db ?? file, collections)
    const dashboard = sqliteDashboard(shared?.db ?? file)
    const readModels: ReadModel[] = shared === undefined ? [list, dashboard] : [sqliteReadModelsTogether([list, dashboard, sqliteAttachmentRefs(shared.db)])]
    const runner = projectionRunner({ store, readModels, ...(FOLD === undefined ? {} : { foldEvents: FOLD }) })
    const rssBefore = process.memoryUsage().rss
    let peak = rssBefore
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
    let started = process.hrtime.bigint()
    let cpu = process.cpuUsage()
    await runner.catchUp()
    const replay = seconds(started)
    const replayCpu = cpuSeconds(cpu)
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)
    await list.close()
    await dashboard.close()
    shared?.close()
    // The NDJSON export of the same events, then streamed JSON.parse of it (the yardstick): after the replay, so that
    // the export's lines are not in the RSS the replay is measured against.
    const lines: string[] = []
    for (let from = 0; ; ) {
      const page = await store.readAll({ fromPosition: from, limit: 10_000 })
      for (const e of page) lines.push(JSON.stringify(e))
      const last = page.at(-1)
      if (last === undefined || page.length < 10_000) break
      from = last.position + 1
    }
    started = process.hrtime.bigint()
    cpu = process.cpuUsage()
    let check = 0
    for (const line of lines) check += (JSON.parse(line) as { position: number }).position
    const parse = seconds(started)
    const parseCpu = cpuSeconds(cpu)
    lines.length = 0
    if (check < 0) throw new Error('unreachable')
    global.gc?.()
    await store.close()
    const floor = writeFloor(file, join(dir, 'floor.sqlite'))
    return { events, replay, parse, replayCpu, parseCpu, rssMb: (peak - rssBefore) / 1e6, writeFloor: floor.seconds, rows: floor.rows }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function run(): Promise<void> {
  const results: Replay[] = []
  for (const cases of SIZES) {
    const r = await replaySize(cases)
    results.push(r)
    const layout = SEPARATE ? 'the case list + dashboard, a connection each' : 'the case list + dashboard + attachment refs, one connection, fed together'
    console.log(`replay of ${r.events.toLocaleString('en-US')} events (${cases.toLocaleString('en-US')} cases) into ${layout} (SQLite); ${load()}`)
    console.log(compared('events/s replayed', r.events / r.replay, r.events / r.parse, 'ev/s', { baselineName: 'JSON.parse', target: 0.6 }))
    // The same per CPU-second: what the replay costs whatever else the machine runs (the wall rates above move with it).
    console.log(compared('events per CPU-second replayed', r.events / r.replayCpu, r.events / r.parseCpu, 'ev/s', { baselineName: 'JSON.parse', target: 0.6 }))
    console.log(
      compared(`JSON.parse + raw inserts of the ${r.rows.toLocaleString('en-US')} rows kept`, r.events / (r.parse + r.writeFloor), r.events / r.parse, 'ev/s', { baselineName: 'JSON.parse' }),
      '(the most these tables allow)',
    )
    console.log(compared('events/s replayed, against that floor', r.events / r.replay, r.events / (r.parse + r.writeFloor), 'ev/s', { baselineName: 'floor' }))
    console.log(`  RSS grew by ${r.rssMb.toFixed(0)} MB during the replay`)
  }
  const [small, large] = [results[0], results.at(-1)]
  if (small !== undefined && large !== undefined && small !== large) {
    const perEvent = (r: Replay) => r.replay / r.events
    console.log(`linearity: time per event at ${large.events.toLocaleString('en-US')} vs ${small.events.toLocaleString('en-US')} events (1 is linear):`)
    console.log(compared('µs per event replayed', perEvent(large) * 1e6, perEvent(small) * 1e6, 'µs', { baselineName: 'small', target: 1.2, higherIsBetter: false }))
    const cpuPerEvent = (r: Replay) => r.replayCpu / r.events
    console.log(compared('CPU µs per event replayed', cpuPerEvent(large) * 1e6, cpuPerEvent(small) * 1e6, 'µs', { baselineName: 'small', target: 1.2, higherIsBetter: false }))
    console.log(compared('RSS growth', large.rssMb, small.rssMb, 'MB', { baselineName: 'small' }))
  }
}
