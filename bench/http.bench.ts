// HTTP command throughput and latency on SQLite: the real server as a child process, autocannon at a fixed 1k req/s of add-note commands.
import { signToken } from '@gridcase/http'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

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
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CASES = 200
const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
const serverJs = fileURLToPath(new URL('../packages/http/dist/bin/server.js', import.meta.url))

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

/**
 * Pinned runs keep the load generator (this process: autocannon) off the server's core: the server child
 * on core 0 (`taskset -c 0`), this process and all its threads on core 1. Unpinned runs let both roam
 * over every core, as before; both are printed, and the target is judged on neither alone.
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

const startServer = async (dataDir: string, synchronous: string, pinned: boolean): Promise<{ url: string; child: ChildProcess }> => {
  const port = await freePort()
  const nodeArgs = [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), serverJs]
  const [command, args] = pinned ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]] as const : [process.execPath, nodeArgs] as const
  const child = spawn(command, args, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, LOG_LEVEL: 'warn', SQLITE_SYNCHRONOUS: synchronous },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
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

const round = (n: number) => Math.round(n * 100) / 100

/** Server-side latency of add-note from the app's own Prometheus histogram: the share served within each bucket. */
const serverSide = async (url: string): Promise<string> => {
  const text = await (await fetch(`${url}/metrics`)).text()
  const buckets = [...text.matchAll(/^gridcase_http_request_duration_seconds_bucket\{le="([^"]+)",method="POST",route="\/api\/v1\/complaints\/:id\/add-note",status="200"\} (\d+)$/gm)].map(
    (m) => [m[1] ?? '', Number(m[2])] as const,
  )
  const total = buckets.find(([le]) => le === '+Inf')?.[1] ?? 0
  const within = (le: string) => round((100 * (buckets.find(([b]) => b === le)?.[1] ?? 0)) / Math.max(total, 1))
  return `server-side: ${within('0.0025')}% ≤ 2.5 ms, ${within('0.005')}% ≤ 5 ms, ${within('0.01')}% ≤ 10 ms, ${within('0.025')}% ≤ 25 ms`
}

const runOnce = async (synchronous: string, rate: number, pinned: boolean): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-bench-'))
  pinSelf(pinned ? '1' : allCpus)
  const { url, child } = await startServer(dataDir, synchronous, pinned)
  const label = pinned ? 'pinned (server core 0, autocannon core 1)' : 'unpinned'
  try {
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
    let n = 0
    // Few connections: autocannon paces each connection on its own timer, so many connections at a fixed
    // total rate arrive in synchronised bursts and measure the burst, not the server.
    const result = await autocannon({
      url,
      connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
      duration: DURATION,
      overallRate: rate,
      requests: [
        {
          method: 'POST',
          setupRequest: (req: RawRequest) => {
            n += 1
            return {
              ...req,
              path: `/api/v1/complaints/${ids[n % ids.length]}/add-note`,
              headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
              body: JSON.stringify({ note: `督办提醒 ${n}` }),
            }
          },
        },
      ],
    })
    if (rate === RATE) {
      // The machine's ceiling at this moment: the cheapest route, unthrottled.
      const health = await autocannon({ url: `${url}/healthz`, connections: 20, duration: 5 })
      console.log(`[${label}] baseline GET /healthz unthrottled: ${round(health.requests.average)} req/s, p50 ${health.latency.p50} ms, p99 ${health.latency.p99} ms`)
    }
    console.log(
      `[${label}] SQLite synchronous=${synchronous}: offered ${rate} req/s for ${DURATION}s → ${round(result.requests.average)} req/s (${result.requests.total} commands, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts); latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms (${load()})`,
    )
    console.log(`  ${await serverSide(url)}`)
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * Runs the HTTP command bench on SQLite, with fsync at every commit (default) and at checkpoints only,
 * pinned (when taskset and two cores are there) and unpinned; BENCH_PIN=pinned or =unpinned runs one only.
 */
export async function run(): Promise<void> {
  const modes = (process.env.BENCH_PIN ?? 'pinned,unpinned').split(',').map((m) => m === 'pinned').filter((p) => !p || canPin())
  if (!canPin()) console.log('(taskset or a second core missing: unpinned figures only)')
  else console.log('pinned: the whole server process (its main thread and V8\'s GC and compiler threads) shares core 0; autocannon has core 1. unpinned: both roam over every core.')
  try {
    for (const pinned of modes) {
      for (const synchronous of (process.env.BENCH_SYNCHRONOUS ?? 'full,normal').split(',')) await runOnce(synchronous, RATE, pinned)
      // Below saturation: the latency of a command when the server is not queueing.
      await runOnce('full', Math.round(RATE / 4), pinned)
    }
  } finally {
    if (canPin()) pinSelf(allCpus)
  }
}
