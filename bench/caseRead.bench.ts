// GET /api/v1/complaints/:id by the length of the case's stream. A case view is folded from its stream on every read
// (no snapshot): its state, its running deadlines (临期 / 超期, core's caseDeadlinesAt over the same events) and the
// names on it. This measures what that costs as a case grows, beside two floors measured in the same run:
//   - raw better-sqlite3 reading the same stream's rows from the same file and JSON.parse of their data and metadata
//     (what any read of the case's events pays, in process, no HTTP);
//   - a bare node:http server answering the same bytes gridcase answered for that case (what any HTTP answer of that
//     size pays over the same client loop).
// The server bin runs as a child process (`npm start`'s, processes off) on a sealed SQLite log of complaints with
// 9, 99 and 999 notes (10, 100 and 1,000 events a case); the client reads sequentially, one request at a time.
// Run: `npx tsc -b && npx tsx bench/index.ts caseRead` (GRIDCASE_BENCH_CASE_NOTES=9,99,999, GRIDCASE_BENCH_CASE_READS=300).
import { signToken } from '@gridcase/http'
import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { writeBigLog } from '../tests/http/helpers/bigLog.js'
import { startChild, type ChildServer } from '../tests/http/helpers/child.js'

const NOTES = (process.env.GRIDCASE_BENCH_CASE_NOTES ?? '9,99,999').split(',').map(Number)
const READS = Number(process.env.GRIDCASE_BENCH_CASE_READS ?? 300)
const CASES_EACH = 10
const SECRET = 'case-read-bench-secret-case-read-bench!'
const TICKS_PER_SECOND = 100

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ')
const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}
/** The process's CPU so far (user + system), µs, from /proc. */
const cpuOf = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6
}

/** Sequential GETs of `paths` in turn, `count` timed after a tenth as many untimed; latencies (ms) and the bodies last read. */
const readLoop = async (base: string, paths: readonly string[], count: number, headers: Record<string, string>) => {
  const bodies = new Map<string, string>()
  const times: number[] = []
  const warm = Math.max(10, Math.floor(count / 10))
  for (let i = 0; i < warm + count; i += 1) {
    const path = paths[i % paths.length]!
    const started = performance.now()
    const res = await fetch(`${base}${path}`, { headers })
    const text = await res.text()
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 200)}`)
    if (i >= warm) times.push(performance.now() - started)
    bodies.set(path, text)
  }
  return { times, bodies }
}

/** A bare node:http server answering each path with the body gridcase gave it. */
const bareServer = (bodies: ReadonlyMap<string, string>): Promise<{ url: string; server: Server }> =>
  new Promise((resolve) => {
    const server = createServer((req, res) => {
      const body = bodies.get(req.url ?? '') ?? '{}'
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
      res.end(body)
    })
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server }))
  })

/** Raw better-sqlite3: the stream's rows read and their JSON parsed, µs a case (median of `rounds` over every case). */
const rawReads = (file: string, streamIds: readonly string[], rounds: number): number[] => {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare<[string], { data: string | null; metadata: string }>('SELECT data, metadata FROM events WHERE stream_id = ? ORDER BY version')
    const times: number[] = []
    let sink = 0
    for (let r = 0; r < rounds; r += 1) {
      for (const streamId of streamIds) {
        const started = performance.now()
        for (const row of rows.all(streamId)) {
          const data = row.data === null ? null : (JSON.parse(row.data) as unknown)
          const metadata = JSON.parse(row.metadata) as Record<string, unknown>
          sink += (data === null ? 0 : 1) + Object.keys(metadata).length
        }
        times.push((performance.now() - started) * 1000)
      }
    }
    if (sink < 0) console.log(sink)
    return times
  } finally {
    db.close()
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-case-read-'))
  const file = join(dir, 'gridcase.sqlite')
  let server: ChildServer | undefined
  let bare: Server | undefined
  try {
    const idsByNotes = new Map<number, string[]>()
    for (const notes of NOTES) idsByNotes.set(notes, await writeBigLog(file, CASES_EACH, notes))
    const total = NOTES.reduce((sum, n) => sum + CASES_EACH * (1 + n), 0)
    server = await startChild({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: SECRET, GRIDCASE_PROCESSES: 'off' })
    const operator = await signToken({ secret: SECRET }, { id: 'bench-operator', role: 'hotline-operator', jurisdiction: 'hohhot' })
    const headers = { authorization: `Bearer ${operator}` }
    const pid = server.child.pid!
    console.log(`server bin on a sealed SQLite log of ${total} events (${CASES_EACH} complaints each with ${NOTES.join(' / ')} notes); ${READS} sequential GETs a size, as a hotline operator; load average ${load()}`)
    console.log('| events a case | gridcase p50 / p99 ms | server CPU µs a read | raw read + JSON.parse µs (p50) | bare node:http p50 / p99 ms | p50 ÷ (bare p50 + raw p50) | body bytes |')
    console.log('|---|---|---|---|---|---|---|')
    for (const notes of NOTES) {
      const ids = idsByNotes.get(notes)!
      const paths = ids.map((id) => `/api/v1/complaints/${id}`)
      const cpuBefore = cpuOf(pid)
      const ours = await readLoop(server.url, paths, READS, headers)
      const warm = Math.max(10, Math.floor(READS / 10))
      const cpu = (cpuOf(pid) - cpuBefore) / (READS + warm)
      const raw = rawReads(file, ids.map((id) => `complaint-${id}`), Math.max(3, Math.ceil(READS / CASES_EACH)))
      const started = await bareServer(ours.bodies)
      bare = started.server
      const floor = await readLoop(started.url, paths, READS, {})
      await new Promise((resolve) => started.server.close(resolve))
      bare = undefined
      const p50 = quantile(ours.times, 0.5)
      const rawP50 = quantile(raw, 0.5)
      const bareP50 = quantile(floor.times, 0.5)
      const bytes = Math.round([...ours.bodies.values()].reduce((s, b) => s + Buffer.byteLength(b), 0) / ours.bodies.size)
      console.log(
        `| ${1 + notes} | ${p50.toFixed(2)} / ${quantile(ours.times, 0.99).toFixed(2)} | ${cpu.toFixed(0)} | ${rawP50.toFixed(0)} | ${bareP50.toFixed(2)} / ${quantile(floor.times, 0.99).toFixed(2)} | ${(p50 / (bareP50 + rawP50 / 1000)).toFixed(2)}× | ${bytes} |`,
      )
    }
    console.log(`(load average at the end ${load()}; server CPU includes its warm-up reads and the read models' idle work; a tick is 10 ms, so CPU a read is ±${(1e6 / TICKS_PER_SECOND / READS).toFixed(0)} µs)`)
  } finally {
    bare?.close()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
