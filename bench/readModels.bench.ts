// Read models at 10k and 100k cases (GRIDCASE_BENCH_CASES=10000,100000 by default), each figure beside a
// baseline measured in the same run:
// - replay: the projection runner rebuilding the case list and the dashboard totals from position 0, beside
//   streamed JSON.parse of the NDJSON export of the same events;
// - GET /api/v1/complaints and GET /api/v1/dashboard through the real server (`startGridcaseServer`), beside a
//   raw better-sqlite3 query of the same rows (the page of the list; the totals and overdue deadlines);
// - the server bin started on the data (read models resumed): time to listening and RSS, 10k beside 100k.
// Run: `npx tsc -b && npx tsx bench/index.ts readModels` (GRIDCASE_BENCH_CASES=2000 for a quick look).
import { projectionRunner, sqliteCaseList, sqliteDashboard, sqliteEventStore } from '@gridcase/adapters'
import { complaints, demoActors, disputes, readConfig, signToken, startGridcaseServer } from '@gridcase/http'
import type { NewEvent } from '@gridcase/core'
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { sampleDrafts } from '../tests/support/sampleLog.js'

const SIZES = (process.env.GRIDCASE_BENCH_CASES ?? '10000,100000').split(',').map(Number)
const REQUESTS = 300

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
const ms = (n: number) => `${n.toFixed(2)} ms`
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

/** p50 and p99 of `n` sequential runs of `work` (after a warm-up), in ms. */
const latency = async (work: () => Promise<unknown> | unknown, n = REQUESTS) => {
  for (let i = 0; i < 20; i += 1) await work()
  const times: number[] = []
  for (let i = 0; i < n; i += 1) {
    const started = process.hrtime.bigint()
    await work()
    times.push(seconds(started) * 1000)
  }
  times.sort((a, b) => a - b)
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) }
}

/** Writes `cases` sample cases (complaints and disputes) through the SQLite store, 1000 appends per group commit. */
const populate = async (dir: string, cases: number): Promise<number> => {
  const store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite'), synchronous: 'normal' })
  let pending: Promise<unknown>[] = []
  let events = 0
  for (const d of sampleDrafts({ cases, seed: 2026, spacingMinutes: 3 })) {
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
  await store.close()
  return events
}

const benchSize = async (cases: number) => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-rm-'))
  try {
    let started = process.hrtime.bigint()
    const events = await populate(dir, cases)
    console.log(`\n-- ${cases.toLocaleString('en')} cases, ${events.toLocaleString('en')} events (written in ${seconds(started).toFixed(1)}s) --`)
    const collections = [complaints(), disputes()]

    // Replay from position 0 into fresh read models, beside JSON.parse of the same events as NDJSON.
    const store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite') })
    const lines: string[] = []
    for (let from = 0; ; ) {
      const page = await store.readAll({ fromPosition: from, limit: 10_000 })
      for (const e of page) lines.push(JSON.stringify(e))
      const last = page.at(-1)
      if (last === undefined || page.length < 10_000) break
      from = last.position + 1
    }
    started = process.hrtime.bigint()
    let check = 0
    for (const line of lines) check += (JSON.parse(line) as { position: number }).position
    const parseSeconds = seconds(started)
    lines.length = 0
    const file = join(dir, 'read-models.sqlite')
    const list = sqliteCaseList(file, collections)
    const dashboard = sqliteDashboard(file)
    const runner = projectionRunner({ store, readModels: [list, dashboard] })
    const rssBefore = process.memoryUsage().rss
    started = process.hrtime.bigint()
    const at = await runner.catchUp()
    const replaySeconds = seconds(started)
    await list.close()
    await dashboard.close()
    await store.close()
    console.log(`replay (case list + dashboard totals, SQLite): ${Math.round(events / replaySeconds).toLocaleString('en')} events/s (${replaySeconds.toFixed(1)}s, to position ${at}; RSS +${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB)`)
    console.log(`  baseline streamed JSON.parse of the NDJSON export: ${Math.round(events / parseSeconds).toLocaleString('en')} events/s (check ${check % 7}) — ratio ${((parseSeconds / replaySeconds) * 100).toFixed(1)}%   [load ${load()}]`)

    // Reads through the real server, resuming the read models just built.
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent' })
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
    const raw = new Database(file, { readonly: true })
    const pageRows = raw.prepare(
      "SELECT state FROM case_list WHERE kind = 'complaints' AND listed = 1 AND (scope_jurisdiction = ? OR (scope_jurisdiction >= ? AND scope_jurisdiction < ?)) ORDER BY opened_at DESC LIMIT 21",
    )
    const totals = raw.prepare('SELECT key, place, n, sum FROM dashboard_totals WHERE place = ?')
    const due = raw.prepare('SELECT kind, count(*) FROM dashboard_deadlines WHERE deadline < ? GROUP BY kind')
    const place = [supervisor.jurisdiction, `${supervisor.jurisdiction}/`, `${supervisor.jurisdiction}0`]

    const listHttp = await latency(() => get('/api/v1/complaints?limit=20'))
    const listRaw = await latency(() => pageRows.all(...place).map((r) => JSON.parse((r as { state: string }).state) as unknown))
    const dashHttp = await latency(() => get('/api/v1/dashboard'))
    const dashRaw = await latency(() => [totals.all(supervisor.jurisdiction), due.all(Date.now())])
    console.log(`GET /api/v1/complaints?limit=20 (district scope): p50 ${ms(listHttp.p50)}, p99 ${ms(listHttp.p99)}`)
    console.log(`  baseline raw better-sqlite3 page query + JSON.parse: p50 ${ms(listRaw.p50)}, p99 ${ms(listRaw.p99)} — p99 ratio ${(listHttp.p99 / listRaw.p99).toFixed(1)}×   [load ${load()}]`)
    console.log(`GET /api/v1/dashboard (district scope): p50 ${ms(dashHttp.p50)}, p99 ${ms(dashHttp.p99)} (target p99 < 20 ms)`)
    console.log(`  baseline raw better-sqlite3 totals + overdue queries: p50 ${ms(dashRaw.p50)}, p99 ${ms(dashRaw.p99)} — p99 ratio ${(dashHttp.p99 / dashRaw.p99).toFixed(1)}×   [load ${load()}]`)
    raw.close()
    await server.close()

    // The server bin on the same data: read models resume from their checkpoints, nothing is replayed into memory.
    started = process.hrtime.bigint()
    const child = spawn(process.execPath, [join(import.meta.dirname, '../packages/http/bin/gridcase-server.js'), '--demo'], {
      env: { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const startup = await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8')
        if (out.includes('listening on')) resolve(seconds(started))
      })
      child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)))
    })
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    return { cases, startup, rss, dashP99: dashHttp.p99, listP99: listHttp.p99 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function run(): Promise<void> {
  const results = []
  for (const cases of SIZES) results.push(await benchSize(cases))
  console.log('\nserver bin started on the data (read models resumed):')
  for (const r of results) console.log(`  ${r.cases.toLocaleString('en')} cases: listening after ${r.startup.toFixed(2)}s, RSS ${r.rss.toFixed(0)} MB`)
  const [small, large] = [results[0], results.at(-1)]
  if (small !== undefined && large !== undefined && small !== large) {
    console.log(`  ${large.cases.toLocaleString('en')} vs ${small.cases.toLocaleString('en')} cases: RSS ×${(large.rss / small.rss).toFixed(2)}, startup ×${(large.startup / small.startup).toFixed(2)}, list p99 ×${(large.listP99 / small.listP99).toFixed(2)}, dashboard p99 ×${(large.dashP99 / small.dashP99).toFixed(2)}`)
  }
}
