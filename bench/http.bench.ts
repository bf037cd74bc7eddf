// HTTP commands on SQLite: the real server (`npm start`'s) as a child process. Latency at an offered rate
// comes from openLoop.ts (requests evenly spaced, each timed from when it was due); throughput from
// autocannon with no rate limit. Why not autocannon for the rate: see openLoop.ts. Each paced run also
// prints the CPU each command cost (server main thread, the server's other threads, the generator), and
// the bench ends with the machine's floor: referenceServer.ts, the least a durable Node command server does.
import { signToken } from '@gridcase/http'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './anchors/runs.js'
import { openLoop, quantile, type OpenLoopOptions, type OpenLoopResult, type PlannedRequest } from './openLoop.js'

interface Histogram { readonly average: number; readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number }
interface AutocannonResult {
  readonly requests: Histogram & { readonly total: number; readonly sent: number }
  readonly latency: Histogram
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
  readonly duration: number
}
interface RawRequest { method: string; path: string; headers: Record<string, string>; body: string }
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>

// autocannon ships no types; its promise API is all we use.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

const SECRET = 'bench-secret-bench-secret-bench-secret'
const RATE = Number(process.env.BENCH_RATE ?? 1000)
/** Paced runs at RATE for the default configuration; the p99 is noisy on a shared 2-core machine, so the median of these is the figure. */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2)
const CASES = 200
const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
const serverJs = fileURLToPath(new URL('../packages/http/dist/bin/server.js', import.meta.url))
/**
 * The Node flags `npm start` runs the server with (those of package.json's `start:prod`; none today: docs/scale.md,
 * "the young generation's size, measured and not adopted"), so the bench measures the server as it is started. BENCH_NODE_ARGS come
 * after them (a later flag wins): BENCH_NODE_ARGS=--max-semi-space-size=16 measures another size.
 */
export const startFlags: readonly string[] = (() => {
  const scripts = (JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { scripts: Record<string, string> }).scripts
  const words = (scripts['start:prod'] ?? '').split(' ').filter(Boolean)
  return words[0] === 'node' ? words.slice(1).filter((word) => word.startsWith('--')) : []
})()

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

/**
 * BENCH_PIN=pinned keeps the load generator (this process) off the server's core: the server child on
 * core 0 (`taskset -c 0`), this process and all its threads on core 1. By default both roam over every
 * core: with the writer thread the server needs more than one core at 1k commands/s.
 */
const canPin = (): boolean => {
  if (process.platform !== 'linux' || availableParallelism() < 2) return false
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const pinSelf = (cpus: string): void => {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' })
}
const allCpus = `0-${availableParallelism() - 1}`

const load = () => `load average ${loadavg().map((n) => n.toFixed(2)).join(', ')}`

/** Starts `node <args>` (pinned to core 0 if asked) with PORT set, and resolves once it prints "listening". */
const startNode = async (nodeArgs: readonly string[], env: Record<string, string>, pinned: boolean): Promise<{ url: string; child: ChildProcess }> => {
  const port = await freePort()
  // BENCH_WRAP: a command the server runs under, which execs it (e.g. `stdbuf -oL`: V8's --trace-gc lines then reach the
  // pipe whole, not cut at C's 4 KiB buffer between the log's writes).
  const wrap = (process.env.BENCH_WRAP ?? '').split(' ').filter(Boolean)
  const node = [...wrap, process.execPath]
  const [command, args] = pinned ? ['taskset', ['-c', '0', ...node, ...nodeArgs]] as const : [node[0] as string, [...node.slice(1), ...nodeArgs]] as const
  const child = spawn(command, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] })
  // BENCH_SERVER_STDOUT=1 shows the server's stdout (e.g. with BENCH_NODE_ARGS=--trace-gc).
  if (process.env.BENCH_SERVER_STDOUT === '1') child.stdout?.pipe(process.stderr)
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${port}`, child }
}

export const startServer = (dataDir: string, synchronous: string, writer: string, pinned: boolean, script = serverJs, env: Readonly<Record<string, string>> = {}) =>
  startNode(
    [...startFlags, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), script],
    { HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, METRICS_TOKEN: SECRET, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', SQLITE_SYNCHRONOUS: synchronous, SQLITE_WRITER: writer, ...env },
    pinned,
  )

/** One thread's CPU so far, milliseconds: in user space and in the kernel (utime, stime). */
interface ThreadCpu { readonly user: number; readonly system: number }
/** CPU used so far by each thread of process `pid` (Linux /proc; empty elsewhere). */
const threadCpu = (pid: number | undefined): ReadonlyMap<string, ThreadCpu> => {
  if (pid === undefined || process.platform !== 'linux') return new Map()
  try {
    const ticksMs = 10 // USER_HZ is 100 on Linux
    return new Map(
      readdirSync(`/proc/${pid}/task`).map((tid) => {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return [tid, { user: Number(fields[11]) * ticksMs, system: Number(fields[12]) * ticksMs }] as const
      }),
    )
  } catch {
    return new Map()
  }
}
const ownCpu = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/**
 * An openLoop run, with the CPU the server (by thread) and this generator spent per request: over the measured requests
 * (from the first measured one sent to the last answer, as the latency), and with the warm-up included (a fresh
 * server's first rate then carries its JIT compilation and cold caches, which a server pays once, not per request).
 */
const pacedWithCpu = async (
  pid: number | undefined,
  options: OpenLoopOptions,
): Promise<{
  readonly result: OpenLoopResult
  readonly text: string
  /** Every thread of the server, µs per measured request (NaN where not measured). */
  readonly serverUs: number
  /** The same with the warm-up's CPU and requests counted too. */
  readonly serverUsWithWarmup: number
}> => {
  const before = threadCpu(pid)
  const generatorBefore = ownCpu()
  let measuring = before
  let generatorMeasuring = generatorBefore
  const result = await openLoop({
    ...options,
    onMeasuring: () => {
      measuring = threadCpu(pid)
      generatorMeasuring = ownCpu()
    },
  })
  const after = threadCpu(pid)
  const generatorAfter = ownCpu()
  const warmupRequests = Math.round((options.warmupSeconds ?? 0) * options.rate)
  const measured = Math.max(Math.round(options.seconds * options.rate), 1)
  const perRequest = (ms: number, n: number) => Math.round((1000 * ms) / n)
  const spent = (tid: string, from: ReadonlyMap<string, ThreadCpu>) => {
    const [a, b] = [after.get(tid), from.get(tid)]
    return { user: (a?.user ?? 0) - (b?.user ?? 0), system: (a?.system ?? 0) - (b?.system ?? 0) }
  }
  const mainOf = (from: ReadonlyMap<string, ThreadCpu>) => {
    const { user, system } = spent(String(pid), from)
    return user + system
  }
  const allOf = (from: ReadonlyMap<string, ThreadCpu>) => [...after.keys()].reduce((sum, tid) => {
    const { user, system } = spent(tid, from)
    return sum + user + system
  }, 0)
  const main = mainOf(measuring)
  const all = allOf(measuring)
  // User and kernel time per request: the main thread, and the server's other threads together (libuv's pool, V8's
  // workers, a writer thread; Node names them all "node", so by name says nothing).
  const sumOf = (tids: readonly string[]) => tids.reduce((sum, tid) => {
    const { user, system } = spent(tid, measuring)
    return { user: sum.user + user, system: sum.system + system }
  }, { user: 0, system: 0 })
  const mainSplit = sumOf([String(pid)])
  const otherSplit = sumOf([...after.keys()].filter((tid) => tid !== String(pid)))
  const split = `user/system µs: main ${perRequest(mainSplit.user, measured)}/${perRequest(mainSplit.system, measured)}, others ${perRequest(otherSplit.user, measured)}/${perRequest(otherSplit.system, measured)}`
  const text =
    after.size === 0
      ? 'CPU per request: not measured here (needs Linux /proc)'
      : `CPU per measured request: server main thread ${perRequest(main, measured)} µs, its other threads ${perRequest(all - main, measured)} µs (${split}), this generator ${perRequest(generatorAfter - generatorMeasuring, measured)} µs; with the warm-up ${perRequest(allOf(before), measured + warmupRequests)} µs`
  return {
    result,
    text,
    serverUs: after.size === 0 ? Number.NaN : perRequest(all, measured),
    serverUsWithWarmup: after.size === 0 ? Number.NaN : perRequest(allOf(before), measured + warmupRequests),
  }
}

const round = (n: number) => Math.round(n * 100) / 100

/** add-note 200s by histogram bucket (`le` → count) from the app's own Prometheus metrics. */
const serverBuckets = async (url: string): Promise<ReadonlyMap<string, number>> => {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${SECRET}` } })).text()
  return new Map(
    [...text.matchAll(/^gridcase_http_request_duration_seconds_bucket\{le="([^"]+)",method="POST",route="\/api\/v1\/complaints\/:id\/add-note",status="200"\} (\d+)$/gm)].map(
      (m) => [m[1] ?? '', Number(m[2])] as const,
    ),
  )
}

/** The share of add-notes the server itself answered within each bucket between two snapshots. */
const serverSide = (before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): string => {
  const count = (le: string) => (after.get(le) ?? 0) - (before.get(le) ?? 0)
  const within = (le: string) => round((100 * count(le)) / Math.max(count('+Inf'), 1))
  return `server-side (middleware to last byte written): ${within('0.0025')}% ≤ 2.5 ms, ${within('0.005')}% ≤ 5 ms, ${within('0.01')}% ≤ 10 ms, ${within('0.025')}% ≤ 25 ms`
}

/** Opens CASES complaints as an operator; answers the i-th add-note a supervisor sends, round the cases. */
export const openCases = async (url: string): Promise<(i: number) => PlannedRequest> => {
  const operator = await signToken({ secret: SECRET }, { id: 'bench-operator', role: 'hotline-operator', jurisdiction: 'hohhot' })
  const supervisor = await signToken({ secret: SECRET }, { id: 'bench-supervisor', role: 'supervisor', jurisdiction: 'hohhot/saihan' })
  const ids: string[] = []
  for (let i = 0; i < CASES; i += 1) {
    const res = await fetch(`${url}/api/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: `暖气不热 #${i}`, description: '室温低于 18 度', jurisdiction: GRID, complainant: { name: '李明', phone: '13800471001' } }),
    })
    if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`)
    ids.push(((await res.json()) as { id: string }).id)
  }
  const note = (i: number) => ({
    method: 'POST',
    path: `/api/v1/complaints/${ids[i % ids.length]}/add-note`,
    headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
    body: JSON.stringify({ note: `督办提醒 ${i}` }),
  })
  return note
}

interface Run {
  readonly synchronous: string
  readonly writer: string
  readonly pinned: boolean
  /** Paced runs at RATE; the first configuration also gets a quarter-rate run, autocannon and /healthz. */
  readonly repeat: number
  readonly full: boolean
}

const runOnce = async ({ synchronous, writer, pinned, repeat, full }: Run): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-bench-'))
  pinSelf(pinned ? '1' : allCpus)
  const { url, child } = await startServer(dataDir, synchronous, writer, pinned)
  const label = `[${pinned ? 'pinned: server core 0, generator core 1' : 'unpinned'}; SQLITE_WRITER=${writer} SQLITE_SYNCHRONOUS=${synchronous}]`
  try {
    const note = await openCases(url)
    const paced = async (rate: number): Promise<number> => {
      const before = await serverBuckets(url)
      const { result, text: cpu } = await pacedWithCpu(child.pid, { url, rate, seconds: DURATION, warmupSeconds: WARMUP, request: note })
      const l = result.latency
      console.log(
        `${label} ${rate} add-note/s offered evenly for ${DURATION}s (after ${WARMUP}s warm-up) → ${round(result.achievedRate)}/s answered (${result.sent} commands, ${result.non2xx} non-2xx, ${result.errors} errors); latency p50 ${round(l.p50)} ms, p90 ${round(l.p90)} ms, p99 ${round(l.p99)} ms, p99.9 ${round(l.p999)} ms, max ${round(l.max)} ms (${load()})`,
      )
      console.log(`  ${serverSide(before, await serverBuckets(url))}`)
      console.log(`  ${cpu}`)
      return l.p99
    }
    const p99s: number[] = []
    for (let i = 0; i < repeat; i += 1) p99s.push(await paced(RATE))
    if (repeat > 1) console.log(`${label} p99 at ${RATE} add-note/s, median of ${repeat} runs: ${round(median(p99s))} ms (runs: ${p99s.map(round).join(', ')} ms)`)
    if (!full) return
    // Below saturation: the latency of a command when the server is mostly idle.
    await paced(Math.round(RATE / 4))
    // Throughput: autocannon unthrottled, each connection sending its next command when the last is answered.
    const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)
    let n = 0
    const result = await autocannon({
      url,
      connections,
      duration: DURATION,
      requests: [{ method: 'POST', setupRequest: (req: RawRequest) => ({ ...req, ...note((n += 1)) }) }],
    })
    console.log(
      `${label} throughput, autocannon unthrottled, ${connections} connections → ${round(result.requests.average)} add-note/s (${result.requests.total} commands, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts); latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    )
    // The floor on this machine at this moment: the cheapest route, paced and unthrottled.
    const floor = await openLoop({ url, rate: RATE, seconds: DURATION, warmupSeconds: WARMUP, request: () => ({ method: 'GET', path: '/healthz', headers: {} }) })
    console.log(`${label} floor: GET /healthz at ${RATE}/s evenly → p50 ${round(floor.latency.p50)} ms, p99 ${round(floor.latency.p99)} ms, p99.9 ${round(floor.latency.p999)} ms`)
    const health = await autocannon({ url: `${url}/healthz`, connections: 20, duration: 5 })
    console.log(`${label} GET /healthz unthrottled: ${round(health.requests.average)} req/s, p50 ${health.latency.p50} ms, p99 ${health.latency.p99} ms`)
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * The machine's floor: referenceServer.ts (node:http, a worker thread fdatasync'ing each group of bodies, no
 * framework, no application) at RATE, burning each of BENCH_FLOOR_WORK microseconds of CPU per request in
 * turn. An entry `main/writer` (e.g. `100/200`) splits the work: `main` µs on the event loop, `writer` µs per
 * body on the writer thread before its fdatasync — the ceiling of a command pipeline run off the main thread. A
 * trailing `!` (e.g. `300/0!`) fdatasyncs on the main thread, as gridcase commits on the event loop; `+A` or `+A:R`
 * (e.g. `300/0!+46:1`) allocates A KB of short-lived objects per request, R KB of it kept a while (V8's collector). Where its p99 lies, for the work gridcase's main thread does per command (printed above), is the
 * best any Node server could do here.
 */
const machineFloor = async (pinned: boolean): Promise<void> => {
  const works = (process.env.BENCH_FLOOR_WORK ?? '0,250,500').split(',').filter(Boolean)
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-floor-'))
  const script = fileURLToPath(new URL('./referenceServer.ts', import.meta.url))
  try {
    for (const work of works) {
      const [shape = '', alloc = '0:0'] = work.split('+')
      const onMain = shape.endsWith('!')
      const [main = '0', writer = '0'] = shape.replace(/!$/, '').split('/')
      const [allocKb = '0', retainKb = '0'] = alloc.split(':')
      if (!/^\d+$/.test(allocKb) || !/^\d+$/.test(retainKb)) throw new Error(`BENCH_FLOOR_WORK: '${work}' allocates no whole KB`)
      if (!/^\d+$/.test(main) || !/^\d+$/.test(writer)) throw new Error(`BENCH_FLOOR_WORK: '${work}' is not microseconds or main/writer microseconds`)
      const { url, child } = await startNode(['--import', 'tsx', script], { WORK_US: main, WRITER_WORK_US: writer, FSYNC_ON: onMain ? 'main' : 'writer', ALLOC_KB: allocKb, RETAIN_KB: retainKb, REFERENCE_FILE: join(dir, `log-${main}-${writer}`) }, pinned)
      try {
        const body = JSON.stringify({ note: '督办提醒' })
        const request = () => ({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body })
        const { result, text } = await pacedWithCpu(child.pid, { url, rate: RATE, seconds: DURATION, warmupSeconds: WARMUP, request })
        const l = result.latency
        console.log(
          `[floor: referenceServer.ts, ${main} µs of work per request on the main thread, ${writer} on the writer thread${onMain ? ', fdatasync on the main thread' : ''}${allocKb === '0' ? '' : `, ${allocKb} KB allocated (${retainKb} kept)`}] ${RATE}/s evenly → p50 ${round(l.p50)} ms, p90 ${round(l.p90)} ms, p99 ${round(l.p99)} ms, max ${round(l.max)} ms (${result.non2xx + result.errors} failed; ${load()})`,
        )
        console.log(`  ${text}`)
      } finally {
        child.kill('SIGTERM')
        await new Promise((resolve) => child.once('exit', resolve))
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const writerOf = (name: string, fallback: string): 'main' | 'thread' => {
  const value = process.env[name] ?? fallback
  if (value !== 'main' && value !== 'thread') throw new Error(`${name} must be main or thread, not ${value}`)
  return value
}
/** Where the target table's server commits (SQLITE_WRITER): 'main', the server's default, or 'thread'. */
const TARGET_WRITER = writerOf('BENCH_TARGET_WRITER', 'main')
/** Where the baseline build (BENCH_BASELINE_JS) commits: as TARGET_WRITER unless told (to compare the two placements). */
const BASELINE_WRITER = writerOf('BENCH_BASELINE_WRITER', TARGET_WRITER)
/** The rates issue #18's latency target names; BENCH_TARGET_RATES overrides. */
const TARGET_RATES = (process.env.BENCH_TARGET_RATES ?? '250,500,1000').split(',').filter(Boolean).map(Number)
/**
 * Another build of the server (`…/packages/http/dist/bin/server.js` of a copy of the tree at another commit) taken in
 * each round too, between gridcase and the floor, for a before/after under the same load.
 */
const BASELINE_JS = process.env.BENCH_BASELINE_JS
/**
 * SQLITE_SYNCHRONOUS of the baseline build (`full` unless told). A diagnostic only: BENCH_BASELINE_SYNCHRONOUS=normal with
 * BENCH_BASELINE_JS naming this tree's own server measures, in the same rounds, what the p99 would be with no fsync on the
 * event loop at all: an upper bound of what moving the WAL's fsync off the loop could win, not a configuration to ship.
 */
const BASELINE_SYNCHRONOUS = process.env.BENCH_BASELINE_SYNCHRONOUS ?? 'full'
if (BASELINE_SYNCHRONOUS !== 'full' && BASELINE_SYNCHRONOUS !== 'normal') throw new Error(`BENCH_BASELINE_SYNCHRONOUS must be full or normal, not ${BASELINE_SYNCHRONOUS}`)
/**
 * More of the baseline server's environment, `NAME=value` pairs separated by commas (e.g.
 * `LOG_LEVEL=warn,GRIDCASE_PROCESSES=off`): a diagnostic, the same build with parts of its work switched off, beside it in
 * the same rounds.
 */
const BASELINE_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  (process.env.BENCH_BASELINE_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=')
      if (at < 1) throw new Error(`BENCH_BASELINE_ENV: '${pair}' is not NAME=value`)
      return [pair.slice(0, at), pair.slice(at + 1)]
    }),
)
/** Paced runs per rate and server for the target table (medians of these). */
const TARGET_REPEAT = Number(process.env.BENCH_TARGET_REPEAT ?? 3)
/**
 * BENCH_TARGET_PIN=pinned: the target table with the load generator on a core of its own (this process on core 1, every
 * server of the table — gridcase, the baseline build, the floor — and all its threads on core 0). Unpinned (the default)
 * the generator and the server share both cores, so a server that spends more CPU also delays the requests the
 * generator sends it and the answers it reads: the p99 then weighs the generator's lateness as the server's.
 */
const TARGET_PINNED = process.env.BENCH_TARGET_PIN === 'pinned'
/**
 * Seconds each server of the target table (gridcase, the baseline build, the floor alike) first runs at the table's
 * highest rate, unmeasured but for the line it prints, before its measured rates: the table is of a server that has
 * been running, as a street office's has, not of one whose JIT is still compiling its code on other threads (a fresh
 * gridcase spent about 560 ms of compilation in its first 8 s, 17 ms in the same window after 25 s). The CPU per
 * request of that first run is printed as the fresh server's figure; 0 measures fresh servers, as before.
 */
const TARGET_WARM_SECONDS = Number(process.env.BENCH_TARGET_WARM_SECONDS ?? 20)
if (!(Number.isFinite(TARGET_WARM_SECONDS) && TARGET_WARM_SECONDS >= 0)) throw new Error(`BENCH_TARGET_WARM_SECONDS must be a number of seconds ≥ 0, not ${process.env.BENCH_TARGET_WARM_SECONDS}`)

interface Sample {
  readonly p50: number
  readonly p99: number
  readonly serverUs: number
  readonly serverUsWithWarmup: number
  readonly load: number
}

/** Each round's p99 of `ours` over the p99 of `floors` in the same round, at one rate (rounds in order). */
const pairedRatios = (ours: readonly ReadonlyMap<number, { readonly p99: number }>[], floors: readonly ReadonlyMap<number, { readonly p99: number }>[], rate: number): number[] =>
  ours.map((r, i) => (r.get(rate)?.p99 ?? Number.NaN) / (floors[i]?.get(rate)?.p99 ?? Number.NaN))

/** `min–max ms, max ÷ min` of a few latencies. */
const spread = (values: readonly number[]): string => {
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  return `${round(lo)}–${round(hi)} ms, ${round(hi / lo)}×`
}

/** One server, paced at each rate in turn: p50, p99 and CPU per request (every server thread) at each. */
const pacedAtRates = async (
  start: () => Promise<{ url: string; child: ChildProcess }>,
  request: (url: string) => Promise<(i: number) => PlannedRequest>,
  label: string,
): Promise<ReadonlyMap<number, Sample>> => {
  const { url, child } = await start()
  try {
    const planned = await request(url)
    const samples = new Map<number, Sample>()
    const top = Math.max(...TARGET_RATES)
    if (TARGET_WARM_SECONDS > 0) {
      const { result, serverUs } = await pacedWithCpu(child.pid, { url, rate: top, seconds: TARGET_WARM_SECONDS, warmupSeconds: 0, request: planned })
      console.log(`  ${label} fresh, ${TARGET_WARM_SECONDS}s at ${top}/s before the measured rates: server CPU ${serverUs} µs/request, p99 ${round(result.latency.p99)} ms (load ${(loadavg()[0] ?? Number.NaN).toFixed(2)})`)
      samples.set(-1, { p50: result.latency.p50, p99: result.latency.p99, serverUs, serverUsWithWarmup: serverUs, load: loadavg()[0] ?? Number.NaN })
    }
    for (const rate of TARGET_RATES) {
      const { result, serverUs, serverUsWithWarmup, text } = await pacedWithCpu(child.pid, { url, rate, seconds: DURATION, warmupSeconds: WARMUP, request: planned })
      const l = result.latency
      const load1 = loadavg()[0] ?? Number.NaN
      console.log(
        `  ${label} ${rate}/s → ${round(result.achievedRate)}/s answered (${result.non2xx + result.errors} failed); p50 ${round(l.p50)} ms, p99 ${round(l.p99)} ms; server CPU ${serverUs} µs/request (load ${load1.toFixed(2)}); ${text}`,
      )
      samples.set(rate, { p50: l.p50, p99: l.p99, serverUs, serverUsWithWarmup, load: load1 })
    }
    return samples
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

/**
 * Issue #18's HTTP targets, each beside its floor measured in the same run: gridcase's server as `npm start` runs
 * it (committing on the event loop unless BENCH_TARGET_WRITER=thread, fsync at every commit, request log at info) taking add-notes, and referenceServer.ts (bare
 * node:http, a worker fdatasync'ing each group of bodies, no work) taking the same bodies, one after the other at each
 * rate, TARGET_REPEAT rounds; medians. Targets: CPU per request (every thread of the server) at 1000/s ≤ 2× the
 * floor's; p99 at each rate ≤ 1.5× the floor's.
 */
const targetTable = async (): Promise<void> => {
  const floorDir = mkdtempSync(join(tmpdir(), 'gridcase-floor-'))
  const script = fileURLToPath(new URL('./referenceServer.ts', import.meta.url))
  const ours: ReadonlyMap<number, Sample>[] = []
  const baselines: ReadonlyMap<number, Sample>[] = []
  const floors: ReadonlyMap<number, Sample>[] = []
  if (TARGET_PINNED && !canPin()) throw new Error('BENCH_TARGET_PIN=pinned: this machine cannot pin (Linux, taskset and two cores are needed)')
  if (TARGET_PINNED) pinSelf('1')
  try {
    for (let round = 0; round < TARGET_REPEAT; round += 1) {
      console.log(`round ${round + 1} of ${TARGET_REPEAT}`)
      const gridcase = async (): Promise<void> => {
        const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-bench-'))
        try {
          ours.push(await pacedAtRates(() => startServer(dataDir, 'full', TARGET_WRITER, TARGET_PINNED), openCases, `gridcase add-note (${TARGET_WRITER === 'main' ? 'main writer' : 'writer thread'})`))
        } finally {
          rmSync(dataDir, { recursive: true, force: true })
        }
      }
      const baseline = async (): Promise<void> => {
        if (BASELINE_JS === undefined) return
        const baselineDir = mkdtempSync(join(tmpdir(), 'gridcase-bench-'))
        try {
          baselines.push(await pacedAtRates(() => startServer(baselineDir, BASELINE_SYNCHRONOUS, BASELINE_WRITER, TARGET_PINNED, BASELINE_JS, BASELINE_ENV), openCases, `baseline add-note (${BASELINE_WRITER === 'main' ? 'main writer' : 'writer thread'}, synchronous=${BASELINE_SYNCHRONOUS}${Object.keys(BASELINE_ENV).length === 0 ? '' : `, ${Object.entries(BASELINE_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}`})`))
        } finally {
          rmSync(baselineDir, { recursive: true, force: true })
        }
      }
      const floor = async (): Promise<void> => {
        const body = JSON.stringify({ note: '督办提醒' })
        floors.push(
          await pacedAtRates(
            () => startNode(['--import', 'tsx', script], { WORK_US: '0', REFERENCE_FILE: join(floorDir, `log-${round}`) }, TARGET_PINNED),
            () => Promise.resolve(() => ({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body })),
            'floor (bare node:http + fdatasync)',
          ),
        )
      }
      // The order turns round every round (gridcase, baseline, floor; then floor, baseline, gridcase): the server run first
      // in a round was measured 3–4% dearer in CPU per request than the same build run second (2026-12-05: a build beside
      // itself's predecessor, each order three rounds), so a fixed order favoured whichever side came later.
      const sides = [gridcase, baseline, floor]
      for (const side of round % 2 === 0 ? sides : sides.reverse()) await side()
    }
  } finally {
    rmSync(floorDir, { recursive: true, force: true })
    if (TARGET_PINNED) pinSelf(allCpus)
  }
  const of = (runs: readonly ReadonlyMap<number, Sample>[], rate: number, field: keyof Sample) => median(runs.map((r) => r.get(rate)?.[field] ?? Number.NaN))
  const warmed = TARGET_WARM_SECONDS > 0 ? `, each server first run ${TARGET_WARM_SECONDS}s at ${Math.max(...TARGET_RATES)}/s` : ', fresh servers'
  console.log(`HTTP targets (issue #18), the server committing on ${TARGET_WRITER === 'main' ? 'its main thread' : 'its writer thread'}, medians of ${TARGET_REPEAT} rounds${warmed}${TARGET_PINNED ? ', pinned (every server on core 0, the load generator on core 1)' : ''}, ${DURATION}s at each rate after ${WARMUP}s warm-up; the server's Node flags: ${[...startFlags, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)].join(' ') || 'none'}:`)
  console.log('| rate/s | gridcase p50 | floor p50 | gridcase p99 | floor p99 | p99 ratio (≤ 1.5) | gridcase CPU µs/req | floor CPU µs/req | CPU ratio (≤ 2 at 1000/s) | with the warm-up: gridcase / floor µs/req | load (1 min) |')
  console.log('|---|---|---|---|---|---|---|---|---|---|---|')
  for (const rate of TARGET_RATES) {
    const p99 = of(ours, rate, 'p99') / of(floors, rate, 'p99')
    const cpu = of(ours, rate, 'serverUs') / of(floors, rate, 'serverUs')
    console.log(
      `| ${rate}${baselines.length === 0 ? '' : ` (baseline, synchronous=${BASELINE_SYNCHRONOUS}: p50 ${round(of(baselines, rate, 'p50'))} ms, p99 ${round(of(baselines, rate, 'p99'))} ms, ${of(baselines, rate, 'serverUs')} µs/req)`} | ${round(of(ours, rate, 'p50'))} ms | ${round(of(floors, rate, 'p50'))} ms | ${round(of(ours, rate, 'p99'))} ms | ${round(of(floors, rate, 'p99'))} ms | ${round(p99)}× ${p99 <= 1.5 ? 'met' : 'NOT met'} | ${of(ours, rate, 'serverUs')} | ${of(floors, rate, 'serverUs')} | ${round(cpu)}×${rate === 1000 ? (cpu <= 2 ? ' met' : ' NOT met') : ''} | ${of(ours, rate, 'serverUsWithWarmup')} / ${of(floors, rate, 'serverUsWithWarmup')} | ${round(of(ours, rate, 'load'))} / ${round(of(floors, rate, 'load'))} |`,
    )
  }
  // The rounds one by one: each round's gridcase p99 over the floor's p99 of the same round (measured minutes apart at
  // most, under the same load), and how far the floor moves from round to round by itself. When the floor's own p99
  // moves by more than the target's margin, one round's ratio cannot decide the target; the count of rounds that meet
  // it and the paired median are the figures to read.
  console.log('| rate/s | p99 ratio round by round (gridcase ÷ floor of the same round) | median of the paired ratios | rounds met (≤ 1.5) | floor p99 min–max, max ÷ min | gridcase p99 min–max, max ÷ min |')
  console.log('|---|---|---|---|---|---|')
  for (const rate of TARGET_RATES) {
    const paired = pairedRatios(ours, floors, rate)
    const floorP99 = ours.map((_, i) => floors[i]?.get(rate)?.p99 ?? Number.NaN)
    const ourP99 = ours.map((r) => r.get(rate)?.p99 ?? Number.NaN)
    console.log(
      `| ${rate} | ${paired.map(round).join(', ')} | ${round(median(paired))}× | ${paired.filter((r) => r <= 1.5).length} of ${paired.length} | ${spread(floorP99)} | ${spread(ourP99)} |`,
    )
  }
  if (TARGET_WARM_SECONDS > 0) {
    const fresh = of(ours, -1, 'serverUs') / of(floors, -1, 'serverUs')
    console.log(`fresh servers (their first ${TARGET_WARM_SECONDS}s at ${Math.max(...TARGET_RATES)}/s, JIT compilation included): gridcase ${of(ours, -1, 'serverUs')} µs/req, floor ${of(floors, -1, 'serverUs')} µs/req, ratio ${round(fresh)}×; p99 ${round(of(ours, -1, 'p99'))} vs ${round(of(floors, -1, 'p99'))} ms`)
  }
}

/**
 * First issue #18's target table (`targetTable`; BENCH_HTTP=targets stops there). Then the server as `npm start`
 * runs it (commits on the event loop, fsync at every commit): REPEAT paced runs at RATE,
 * one at RATE/4, autocannon's throughput and the /healthz floor. Then one paced run each with fsync
 * at checkpoints only and with commits on a writer thread, for comparison. BENCH_PIN=pinned,unpinned
 * adds pinned runs.
 */
export async function run(): Promise<void> {
  // BENCH_HTTP=targets: the target table alone; BENCH_HTTP=extras: all but the table; BENCH_HTTP=floor: the
  // machine's floor alone (with BENCH_FLOOR_WORK's work per request).
  if (process.env.BENCH_HTTP === 'floor') {
    await machineFloor(false)
    return
  }
  if (process.env.BENCH_HTTP !== 'extras') await targetTable()
  if (process.env.BENCH_HTTP === 'targets') return
  const modes = (process.env.BENCH_PIN ?? 'unpinned').split(',').map((m) => m === 'pinned').filter((p) => !p || canPin())
  try {
    for (const pinned of modes) {
      await runOnce({ synchronous: 'full', writer: 'main', pinned, repeat: REPEAT, full: true })
      await machineFloor(pinned)
      if (process.env.BENCH_COMPARE === '0') continue
      await runOnce({ synchronous: 'normal', writer: 'main', pinned, repeat: 1, full: false })
      await runOnce({ synchronous: 'full', writer: 'thread', pinned, repeat: 1, full: false })
    }
  } finally {
    if (canPin()) pinSelf(allCpus)
  }
}
