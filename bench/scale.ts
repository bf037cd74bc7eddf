// The scale harness shared by `bench/readModels.bench.ts` (figures, SQLite beside PostgreSQL) and the gated scale test
// (`tests/scale/scale.test.ts`, GRIDCASE_SCALE=1): writes the sample log of N cases into a store, rebuilds the read
// models from position 0, then measures the real server on it: list and dashboard latency (p50/p99 through HTTP), one-by-one
// commands, and the server bin started on the data (time to listening, RSS).
import { postgresCaseList, postgresDashboard, postgresEventStore, projectionRunner, sqliteCaseList, sqliteDashboard, sqliteEventStore, sqliteReadModelFile } from '@gridcase/adapters'
import { complaints, DEMO_DISTRICT, demoActors, disputes, readConfig, signToken, startGridcaseServer } from '@gridcase/http'
import { execute, type EventStore, type NewEvent } from '@gridcase/core'
import { daysUpTo, monthsUpTo } from '@gridcase/core/projections'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { pino } from 'pino'
import { sampleDrafts } from '../tests/support/sampleLog.js'

export type StoreKind = 'sqlite' | 'postgres'

export interface ScaleFigures {
  readonly store: StoreKind
  readonly cases: number
  readonly events: number
  /** Events/s written as 1000 single-event appends at a time (the stores' group commit). */
  readonly appendRate: number
  /** Commands/s of `execute` (register a complaint), one after another. */
  readonly commandRate: number
  /** Events/s of the projection runner rebuilding the case list and the dashboard totals from position 0. */
  readonly replayRate: number
  readonly list: { readonly p50: number; readonly p99: number }
  readonly dashboard: { readonly p50: number; readonly p99: number }
  /** GET /api/v1/trends (12 months, 30 days: 42 period dashboards) and /api/v1/ranking?period= a month of the log (one per child). */
  readonly trends: { readonly p50: number; readonly p99: number }
  readonly ranking: { readonly p50: number; readonly p99: number }
  /**
   * SQLite only, in process: the 42 period dashboards of a trend (12 months, 30 days, the demo district) read from the
   * kept per-day and per-month sums, and the baseline: the same periods each started 1 ms later, which no kept sum
   * answers, so they are summed from the facts one by one (the only way before the sums were kept). ms per trend.
   */
  readonly periods?: { readonly kept: { readonly p50: number; readonly p99: number }; readonly facts: { readonly p50: number; readonly p99: number } }
  /** The server bin on the data: seconds from spawn to listening, and its RSS then (MB). */
  readonly startup: number
  readonly rss: number
  /** Baseline of the same moment: seconds for a bare `node` to import the server's modules (no data, no listening). */
  readonly importOnly: number
}

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

/** p50 and p99 of `n` sequential runs of `work` (after a warm-up), in ms. */
export const latency = async (work: () => Promise<unknown>, n: number) => {
  for (let i = 0; i < 30; i += 1) await work()
  const times: number[] = []
  for (let i = 0; i < n; i += 1) {
    const started = process.hrtime.bigint()
    await work()
    times.push(seconds(started) * 1000)
  }
  times.sort((a, b) => a - b)
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) }
}

/**
 * Writes the sample log of `cases` cases, 1000 appends in flight at a time (the stores' group commit); events written
 * and events/s. By default the log ends about 120 days before now whatever its size (a case opens every 3 minutes on
 * average), as a district's would: the dashboard is asked as of now, which must lie after the latest event for the kept
 * totals to answer (an earlier asOf replays the history).
 */
export const writeSampleLog = async (store: EventStore, cases: number, options: { readonly start?: string } = {}): Promise<{ events: number; rate: number }> => {
  let pending: Promise<unknown>[] = []
  let events = 0
  const started = process.hrtime.bigint()
  const start = options.start ?? new Date(Date.now() - (cases * 3 + 120 * 24 * 60) * 60_000).toISOString()
  for (const d of sampleDrafts({ cases, seed: 2026, spacingMinutes: 3, start })) {
    const event: NewEvent = {
      type: d.type,
      schemaVersion: 1,
      data: d.data,
      metadata: { commandId: `c-${events}`, correlationId: `c-${events}`, causationId: `c-${events}`, actor: d.actor, occurredAt: d.at },
    }
    pending.push(store.appendToStream(d.streamId, [event], { expectedVersion: 'any' }))
    events += 1
    if (pending.length >= 1000) {
      await Promise.all(pending)
      pending = []
    }
  }
  await Promise.all(pending)
  return { events, rate: events / seconds(started) }
}

/** The same, under the name the startup bench and test use. */
export const populate = (store: EventStore, cases: number): Promise<{ events: number; rate: number }> => writeSampleLog(store, cases)

const GRID = 'hohhot/saihan/wulan/c1/g01'
/** `n` complaints registered through the command pipeline, one after another; commands/s. */
const commandsOneByOne = async (store: EventStore, n: number): Promise<number> => {
  const { caseType } = complaints()
  const operator = { id: 'op-bench', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }
  const started = process.hrtime.bigint()
  for (let i = 0; i < n; i += 1) {
    const id = `00000000-0000-4000-8fff-${i.toString(16).padStart(12, '0')}`
    const outcome = await execute(store, caseType, id, 'create', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: '暖气不热', description: '暖气一周不热',
      jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' },
    }, { commandId: `bench-${id}`, actor: operator, at: new Date().toISOString() })
    if (outcome._tag === 'Left') throw new Error(`register refused: ${outcome.left.message}`)
  }
  return n / seconds(started)
}

/** Seconds for a bare node to import the server's modules: what any start pays before it reads any data. */
const importOnly = async (): Promise<number> => {
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, ['-e', `await import(${JSON.stringify(join(import.meta.dirname, '../packages/http/dist/index.js'))})`], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return seconds(started)
}

/** The server bin on the data: time to "listening on" and the RSS of the process then. */
const startBin = async (env: Record<string, string>): Promise<{ startup: number; rss: number; importOnly: number }> => {
  const baseline = await importOnly()
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, [join(import.meta.dirname, '../packages/http/bin/gridcase-server.js'), '--demo'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', GRIDCASE_PROCESSES: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const startup = await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8')
        if (out.includes('listening on')) resolve(seconds(started))
      })
      child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)))
    })
    // Settled: what it holds a moment after it listens (anything started in the background has run).
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024
    return { startup, rss, importOnly: baseline }
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

/**
 * One size on one store: `cases` sample cases (about 8.3 events each), every figure of `ScaleFigures`. PostgreSQL needs
 * `url` (a fresh schema is made and dropped). Processes are off in the measured servers: the sample log ends in the
 * past, and the deadline scheduler would first record a reminder for every overdue case (a one-time catch-up).
 */
export const measureScale = async (store: StoreKind, cases: number, options: { readonly url?: string; readonly requests?: number; readonly log?: (line: string) => void } = {}): Promise<ScaleFigures> => {
  const say = options.log ?? (() => undefined)
  const requests = options.requests ?? 300
  const dir = mkdtempSync(join(tmpdir(), `gridcase-scale-${store}-`))
  const schema = `scale_${Math.random().toString(36).slice(2, 10)}`
  if (store === 'postgres' && options.url === undefined) throw new Error('PostgreSQL needs a url')
  const pgEnv: Record<string, string> = store === 'postgres' ? { DATABASE_URL: options.url ?? '', DATABASE_SCHEMA: schema } : {}
  try {
    const collections = [complaints(), disputes()]
    // Write, then rebuild the read models from position 0 (what a first start beside an existing log does).
    const log = store === 'sqlite' ? sqliteEventStore({ path: join(dir, 'gridcase.sqlite'), synchronous: 'normal' }) : postgresEventStore({ connectionString: options.url ?? '', schema })
    const written = await writeSampleLog(log, cases)
    say(`${store} ${cases}: ${written.events} events written at ${Math.round(written.rate)} events/s`)
    const commandRate = await commandsOneByOne(log, 200)
    let replayRate: number
    let periods: ScaleFigures['periods']
    if (store === 'sqlite') {
      const file = sqliteReadModelFile(join(dir, 'read-models.sqlite'))
      const dashboard = sqliteDashboard(file.db)
      const runner = projectionRunner({ store: log, readModels: [sqliteCaseList(file.db, collections), dashboard] })
      const started = process.hrtime.bigint()
      const at = await runner.catchUp()
      replayRate = (at + 1) / seconds(started)
      const asOf = new Date().toISOString()
      const spans = [...monthsUpTo(asOf, 12), ...daysUpTo(asOf, 30)]
      const trend = (shiftMs: number) => async () => {
        for (const p of spans) await dashboard.view({ jurisdiction: DEMO_DISTRICT, from: new Date(Date.parse(p.from) + shiftMs).toISOString(), to: p.to, asOf, depth: 0 })
      }
      periods = { kept: await latency(trend(0), 50), facts: await latency(trend(1), 10) }
      file.close()
    } else {
      const home = { pool: (log as ReturnType<typeof postgresEventStore>).pool, schema }
      const runner = projectionRunner({ store: log, readModels: [postgresCaseList(home, collections), postgresDashboard(home)] })
      const started = process.hrtime.bigint()
      const at = await runner.catchUp()
      replayRate = (at + 1) / seconds(started)
    }
    await log.close()
    if (periods !== undefined) say(`${store} ${cases}: a trend's 42 period dashboards in process: p99 ${periods.kept.p99.toFixed(1)} ms from the kept sums, ${periods.facts.p99.toFixed(1)} ms summed from the facts (baseline)`)
    say(`${store} ${cases}: read models rebuilt at ${Math.round(replayRate)} events/s; ${Math.round(commandRate)} commands/s one by one`)

    // The real server on the data: the read models resume; the tree log derives its chunks once here.
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent', GRIDCASE_PROCESSES: 'off', ...pgEnv })
    if (config._tag === 'Left') throw new Error(config.left.message)
    const server = await startGridcaseServer(config.right, { demo: true, logger: pino({ level: 'silent' }) })
    const supervisor = demoActors.find((a) => a.role === 'supervisor')
    if (supervisor === undefined) throw new Error('no demo supervisor')
    const token = await signToken({ secret: readFileSync(join(dir, 'dev-jwt-secret'), 'utf8').trim() }, supervisor)
    const get = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
      return res.json()
    }
    const list = await latency(() => get('/api/v1/complaints?limit=20'), requests)
    const dashboard = await latency(() => get('/api/v1/dashboard'), requests)
    // Fewer of these: each is many period dashboards. The month ranked is one the log fills (it ends 120 days ago).
    const trends = await latency(() => get('/api/v1/trends'), Math.max(20, Math.floor(requests / 5)))
    const month = new Date(Date.now() - 150 * 86_400_000).toISOString().slice(0, 7)
    const ranking = await latency(() => get(`/api/v1/ranking?period=${month}`), Math.max(20, Math.floor(requests / 5)))
    await server.close()
    const bin = await startBin({ DATA_DIR: dir, ...pgEnv })
    say(`${store} ${cases}: list p99 ${list.p99.toFixed(1)} ms, dashboard p99 ${dashboard.p99.toFixed(1)} ms, trends p99 ${trends.p99.toFixed(1)} ms, ranking p99 ${ranking.p99.toFixed(1)} ms, startup ${bin.startup.toFixed(2)} s (importing the modules alone ${bin.importOnly.toFixed(2)} s), RSS ${bin.rss.toFixed(0)} MB`)
    return { store, cases, events: written.events, appendRate: written.rate, commandRate, replayRate, list, dashboard, trends, ranking, ...(periods === undefined ? {} : { periods }), ...bin }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    if (store === 'postgres' && options.url !== undefined) {
      const admin = new pg.Client({ connectionString: options.url })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end())
    }
  }
}
