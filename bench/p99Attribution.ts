// A diagnostic, not a bench (not run by `npm run bench`): what the slowest 1% of add-notes waited for.
//
// `npx tsx bench/p99Attribution.ts` starts the real server (as the HTTP bench's target table does) under
// `--cpu-prof` with a fine sampling interval, runs it BENCH_ATTRIBUTION_WARM seconds at RATE first (JIT, caches), then
// offers RATE add-notes/s evenly for BENCH_SECONDS and records when each measured request was due and answered. The
// main thread's profile is a timeline (one sample every BENCH_PROFILE_INTERVAL µs, each with its stack, blocking
// system calls such as COMMIT's fsync included: the sampler runs on wall-clock time), and the generator's clock and
// the profile's are the same (CLOCK_MONOTONIC on Linux). So for each request the script says what the server's main
// thread did between the moment the request was due and its answer: idle, GC, the commit, a read-model pass, the
// audit tree, the request log, …, and for the slowest 1% against all requests. The profiler costs CPU of its own;
// the figures are for attribution, not for the target table.
//
// Env: BENCH_RATE (1000), BENCH_SECONDS (10), BENCH_ATTRIBUTION_WARM (20), BENCH_PROFILE_INTERVAL (100 µs),
// BENCH_SERVER_JS (another build's packages/http/dist/bin/server.js), BENCH_TARGET_WRITER (main), BENCH_SYNCHRONOUS (full).
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openCases, startServer } from './http.bench.js'
import { openLoop, quantile } from './openLoop.js'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: readonly number[]
}
interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly startTime: number
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

const RATE = Number(process.env.BENCH_RATE ?? 1000)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const WARM = Number(process.env.BENCH_ATTRIBUTION_WARM ?? 20)
const INTERVAL = Number(process.env.BENCH_PROFILE_INTERVAL ?? 100)
/** Each thread's time on a CPU and time runnable but waiting for one, ns so far (/proc/…/schedstat): the second is the machine's contention. */
const schedstat = (pid: number | undefined): Map<string, { readonly run: number; readonly wait: number; readonly name: string }> => {
  const out = new Map<string, { readonly run: number; readonly wait: number; readonly name: string }>()
  if (pid === undefined) return out
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number)
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()
      out.set(tid, { run: run ?? 0, wait: wait ?? 0, name })
    }
  } catch {
    // not Linux, or the process is gone
  }
  return out
}
const schedLines = (label: string, before: ReturnType<typeof schedstat>, after: ReturnType<typeof schedstat>, seconds: number): string[] =>
  [...after.entries()]
    .map(([tid, a]) => ({ tid, name: a.name, run: (a.run - (before.get(tid)?.run ?? 0)) / 1e6, wait: (a.wait - (before.get(tid)?.wait ?? 0)) / 1e6 }))
    .filter((t) => t.run > 10)
    .map((t) => `  ${label} thread ${t.tid} (${t.name}): on a CPU ${t.run.toFixed(0)} ms (${((100 * t.run) / (seconds * 1000)).toFixed(1)}% of the span), runnable but waiting for a CPU ${t.wait.toFixed(0)} ms`)
const load = () => loadavg().map((n) => n.toFixed(2)).join(', ')

/**
 * What a stack was doing, the first rule that matches from the leaf's side being taken for the markers V8 puts at the
 * root ((garbage collector), (idle), (program)), and the outermost gridcase part for JS stacks.
 */
const CATEGORIES: readonly (readonly [string, (frame: ProfileNode['callFrame']) => boolean])[] = [
  ['pass (read models)', (f) => f.url.includes('/projections/')],
  ['audit tree / heads', (f) => f.url.includes('/audit/')],
  ['commit (writer, incl. fsync)', (f) => f.url.includes('/sqlite/writer') || f.url.includes('groupCommit')],
  ['request log (pino)', (f) => f.url.includes('/pino')],
  ['metrics (prom-client)', (f) => f.url.includes('prom-client') || f.url.includes('/metrics.')],
  ['command handling', (f) => f.url.includes('/gridcase/') || f.url.includes('/packages/core/') || f.url.includes('/packages/http/') || f.url.includes('/packages/adapters/')],
  ['node http/net', (f) => f.url.startsWith('node:')],
]

const categorise = (profile: Profile): ((id: number) => string) => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const memo = new Map<number, string>()
  return (id) => {
    const known = memo.get(id)
    if (known !== undefined) return known
    const leaf = byId.get(id)
    let category = 'other JS/native'
    const name = leaf?.callFrame.functionName ?? ''
    if (name === '(garbage collector)') category = 'GC'
    else if (name === '(idle)') category = 'idle'
    else if (name === '(program)') category = '(program: native, outside JS)'
    else {
      // The stack from the root down: the first frame matching a rule names the category (outermost wins).
      const stack: ProfileNode['callFrame'][] = []
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const node = byId.get(at)
        if (node !== undefined) stack.push(node.callFrame)
      }
      stack.reverse()
      outer: for (const frame of stack) {
        for (const [label, matches] of CATEGORIES) {
          if (label === 'command handling' || label === 'node http/net') continue
          if (matches(frame)) {
            category = label
            break outer
          }
        }
      }
      if (category === 'other JS/native') {
        for (const [label, matches] of CATEGORIES) if (stack.some(matches)) { category = label; break }
      }
    }
    memo.set(id, category)
    return category
  }
}

const main = async (): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-p99-'))
  const profDir = mkdtempSync(join(tmpdir(), 'gridcase-p99-prof-'))
  // BENCH_PROFILE=0: no profiler (its own CPU and lateness out of the figures), the fsyncs and CPU waits only.
  const profiling = process.env.BENCH_PROFILE !== '0'
  if (profiling) process.env.BENCH_NODE_ARGS = `${process.env.BENCH_NODE_ARGS ?? ''} --cpu-prof --cpu-prof-dir=${profDir} --cpu-prof-interval=${INTERVAL}`
  const writer = process.env.BENCH_TARGET_WRITER ?? 'main'
  const synchronous = process.env.BENCH_SYNCHRONOUS ?? 'full'
  if (synchronous !== 'full' && synchronous !== 'normal') throw new Error(`BENCH_SYNCHRONOUS must be full or normal, not ${synchronous}`)
  const { url, child } = await startServer(dataDir, synchronous, writer, false, process.env.BENCH_SERVER_JS)
  const requests: { due: number; answered: number }[] = []
  // performance.now() in this process → CLOCK_MONOTONIC µs (the profile's clock).
  const offsetUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000
  let loadDuring = ''
  try {
    const note = await openCases(url)
    if (WARM > 0) await openLoop({ url, rate: RATE, seconds: WARM, warmupSeconds: 0, request: note })
    // The server's fsyncs over the measured span, each thread apart (perf's syscall tracepoints: counted in the kernel,
    // nothing added to the server's path), if perf may trace it here.
    let perf: ReturnType<typeof spawn> | undefined
    const perfFile = join(profDir, 'fsyncs.txt')
    let schedBefore = schedstat(undefined)
    let ownBefore = schedstat(undefined)
    let measuredFrom = 0
    const result = await openLoop({
      url,
      rate: RATE,
      seconds: SECONDS,
      warmupSeconds: 1,
      request: note,
      onMeasuring: () => {
        schedBefore = schedstat(child.pid)
        ownBefore = schedstat(process.pid)
        measuredFrom = performance.now()
        if (child.pid === undefined || process.env.BENCH_PERF === '0') return
        perf = spawn('perf', ['trace', '-e', 'fsync,fdatasync', '-p', String(child.pid), '-o', perfFile], { stdio: 'ignore' })
        perf.on('error', () => (perf = undefined))
      },
      onAnswered: (_i, due, answered) => requests.push({ due: due * 1000 + offsetUs, answered: answered * 1000 + offsetUs }),
    })
    const span = (performance.now() - measuredFrom) / 1000
    for (const line of [...schedLines('server', schedBefore, schedstat(child.pid), span), ...schedLines('generator', ownBefore, schedstat(process.pid), span)]) console.log(line)
    if (perf !== undefined) {
      const running = perf
      running.kill('SIGINT')
      await new Promise((resolve) => running.once('exit', resolve))
      // "  12.345 ( 1.234 ms): node/4321 fsync(fd: 21) = 0": by thread and file, durations.
      const calls = new Map<string, number[]>()
      for (const m of readFileSync(perfFile, 'utf8').matchAll(/\(\s*([\d.]+) ms\): ([^ ]+) (fsync|fdatasync)\(fd: (\d+)/g)) {
        let file = `fd ${m[4]}`
        try {
          file = readlinkSync(`/proc/${child.pid}/fd/${m[4]}`).split('/').slice(-1)[0] ?? file
        } catch {
          // closed since
        }
        const key = `${m[2]} ${m[3]} ${file}`
        calls.set(key, [...(calls.get(key) ?? []), Number(m[1])])
      }
      for (const [key, ms] of calls) {
        ms.sort((a, b) => a - b)
        const sum = ms.reduce((a, b) => a + b, 0)
        console.log(`  ${key}: ${ms.length} calls (${(result.sent / ms.length).toFixed(2)} requests per call), ${sum.toFixed(0)} ms in all (${((100 * sum) / (SECONDS * 1000)).toFixed(1)}% of the span), p50 ${quantile(ms, 0.5).toFixed(2)} ms, p99 ${quantile(ms, 0.99).toFixed(2)} ms, max ${(ms.at(-1) ?? 0).toFixed(2)} ms, over 5 ms ${ms.filter((x) => x > 5).length}`)
      }
    }
    loadDuring = load()
    console.log(`${RATE}/s for ${SECONDS}s (SQLITE_WRITER=${writer}, profiler every ${INTERVAL} µs): p50 ${result.latency.p50.toFixed(2)} ms, p99 ${result.latency.p99.toFixed(2)} ms, max ${result.latency.max.toFixed(2)} ms (load average ${loadDuring})`)
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  if (!profiling) {
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(profDir, { recursive: true, force: true })
    return
  }
  // The main thread's profile is the largest (workers' are mostly idle).
  const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(profDir, f)).sort((a, b) => statSync(b).size - statSync(a).size)
  const mainFile = files[0]
  if (mainFile === undefined) throw new Error('no profile written')
  const profile = JSON.parse(readFileSync(mainFile, 'utf8')) as Profile
  rmSync(dataDir, { recursive: true, force: true })
  if (process.env.BENCH_KEEP_PROFILE !== '1') rmSync(profDir, { recursive: true, force: true })
  else console.log(`profiles kept in ${profDir}`)

  const category = categorise(profile)
  // Sample i covers [times[i-1], times[i]): V8 records a sample's stack at its timestamp; the delta before it is the time it stands for.
  const times: number[] = []
  let t = profile.startTime
  for (const d of profile.timeDeltas) times.push((t += d))
  const cats = profile.samples.map(category)
  const first = requests.reduce((m, r) => Math.min(m, r.due), Number.POSITIVE_INFINITY)
  const last = requests.reduce((m, r) => Math.max(m, r.answered), 0)

  /** ms per category over [from, to) of the main thread's timeline. */
  const spend = (from: number, to: number, into: Map<string, number>): void => {
    // Binary search for the first sample ending after `from`.
    let lo = 0
    let hi = times.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((times[mid] as number) <= from) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < times.length; i += 1) {
      const end = times[i] as number
      const start = i === 0 ? profile.startTime : (times[i - 1] as number)
      if (start >= to) break
      const overlap = Math.min(end, to) - Math.max(start, from)
      if (overlap > 0) into.set(cats[i] as string, (into.get(cats[i] as string) ?? 0) + overlap / 1000)
    }
  }
  const table = (title: string, m: Map<string, number>, per: number): void => {
    const total = [...m.values()].reduce((a, b) => a + b, 0)
    console.log(title)
    for (const [k, v] of [...m.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(34)} ${(v / per).toFixed(3).padStart(9)} ms  ${((100 * v) / total).toFixed(1).padStart(5)}%`)
  }

  const whole = new Map<string, number>()
  spend(first, last, whole)
  table(`main thread over the measured span (${((last - first) / 1e6).toFixed(2)} s, ${requests.length} requests), ms per request:`, whole, requests.length)

  const latency = (r: { due: number; answered: number }) => (r.answered - r.due) / 1000
  const sorted = [...requests].sort((a, b) => latency(b) - latency(a))
  const slow = sorted.slice(0, Math.max(1, Math.floor(requests.length / 100)))
  const p99 = quantile(requests.map(latency).sort((a, b) => a - b), 0.99)
  const inSlow = new Map<string, number>()
  for (const r of slow) spend(r.due, r.answered, inSlow)
  table(`the slowest 1% (${slow.length} requests, latency ≥ ${p99.toFixed(2)} ms, mean ${(slow.reduce((a, r) => a + latency(r), 0) / slow.length).toFixed(2)} ms): the main thread between due and answer, mean ms per request:`, inSlow, slow.length)
  const inAll = new Map<string, number>()
  for (const r of requests) spend(r.due, r.answered, inAll)
  table(`all requests (mean latency ${(requests.reduce((a, r) => a + latency(r), 0) / requests.length).toFixed(2)} ms): the same, mean ms per request:`, inAll, requests.length)

  // Busy stretches: runs of non-idle samples, what they were made of; those ≥ 1 ms, by their largest part.
  const stretches: { start: number; end: number; parts: Map<string, number> }[] = []
  let open: { start: number; end: number; parts: Map<string, number> } | undefined
  for (let i = 0; i < times.length; i += 1) {
    const start = i === 0 ? profile.startTime : (times[i - 1] as number)
    const end = times[i] as number
    if (end < first || start > last) continue
    const c = cats[i] as string
    if (c === 'idle') {
      if (open !== undefined) stretches.push(open)
      open = undefined
      continue
    }
    open ??= { start, end, parts: new Map() }
    open.end = end
    open.parts.set(c, (open.parts.get(c) ?? 0) + (end - start) / 1000)
  }
  if (open !== undefined) stretches.push(open)
  const long = stretches.filter((s) => s.end - s.start >= 1000)
  const byLead = new Map<string, { n: number; ms: number; max: number }>()
  for (const s of long) {
    const lead = [...s.parts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '?'
    const e = byLead.get(lead) ?? { n: 0, ms: 0, max: 0 }
    const ms = (s.end - s.start) / 1000
    byLead.set(lead, { n: e.n + 1, ms: e.ms + ms, max: Math.max(e.max, ms) })
  }
  console.log(`busy stretches of the main thread ≥ 1 ms (no idle sample inside): ${long.length} in ${((last - first) / 1e6).toFixed(2)} s, by their largest part:`)
  for (const [k, v] of [...byLead.entries()].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${k.padEnd(34)} ${String(v.n).padStart(5)} stretches, ${v.ms.toFixed(1)} ms in all, longest ${v.max.toFixed(2)} ms`)
  // The slowest 1%: the longest stretch overlapping each, what it was made of.
  const lead = new Map<string, { n: number; ms: number }>()
  for (const r of slow) {
    const over = stretches.filter((s) => s.end > r.due && s.start < r.answered).sort((a, b) => b.end - b.start - (a.end - a.start))[0]
    const parts = over === undefined ? [['none', 0] as const] : [...over.parts.entries()].sort((a, b) => b[1] - a[1])
    const key = parts.map(([k, v]) => `${k} ${v.toFixed(1)}`).slice(0, 3).join(' + ')
    const name = parts[0]?.[0] ?? 'none'
    const e = lead.get(name) ?? { n: 0, ms: 0 }
    lead.set(name, { n: e.n + 1, ms: e.ms + (over === undefined ? 0 : (over.end - over.start) / 1000) })
    if (process.env.BENCH_ATTRIBUTION_EACH === '1') console.log(`  ${latency(r).toFixed(2)} ms: longest stretch ${over === undefined ? 0 : ((over.end - over.start) / 1000).toFixed(2)} ms = ${key}`)
  }
  console.log('the slowest 1%, by what made up most of the longest busy stretch during each:')
  for (const [k, v] of [...lead.entries()].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${k.padEnd(34)} ${String(v.n).padStart(4)} requests, that stretch ${(v.ms / v.n).toFixed(2)} ms on average`)
  console.log(`(load average at the end ${load()})`)
}

await main()
