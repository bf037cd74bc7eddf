// A diagnostic, not a bench (not run by `npm run bench`): the bytes the server's main thread allocates per add-note,
// and what of it survives a scavenge into the old generation.
//
// `npx tsx bench/allocation.ts [server.js …]` starts each given build of the server (default: this tree's
// packages/http/dist/bin/server.js; give main's too for a before/after in the same run) as the HTTP bench does
// (SQLite, synchronous=FULL, commits on the main thread, the request log at info), with `--trace-gc-nvp` and a small
// preload that drives V8's sampling heap profiler through an in-process inspector session, objects collected by
// scavenges and mark-compacts included (so every allocation is counted, not only what is alive at the end). For each
// build and round: WARM seconds at RATE add-notes/s (JIT, caches), then RATE/s for SECONDS with the sampler on; the
// sampled bytes divided by the requests answered give bytes per request, load-independent (the sampler is
// statistical: one sample every INTERVAL bytes on average, each weighted by it). From the GC trace over the same span:
// scavenges, bytes promoted (copied into the old generation) per request, mark-compacts and their pauses. Then the
// top allocation sites: by function (the allocating frame) and by the nearest gridcase frame (what Node or a
// dependency allocated for which of our functions). Builds run one after the other within a round, rounds alternate.
//
// Env: BENCH_RATE (1000), BENCH_SECONDS (10), BENCH_WARM (10), BENCH_INTERVAL (bytes, 4096), ROUNDS (1), TOP (25),
// BENCH_KEEP_PROFILE (a directory: each run's profile is written there, `<server.js path>.heapprofile`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { openCases, startServer } from './http.bench.js'
import { openLoop } from './openLoop.js'

const RATE = Number(process.env.BENCH_RATE ?? 1000)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const WARM = Number(process.env.BENCH_WARM ?? 10)
const INTERVAL = Number(process.env.BENCH_INTERVAL ?? 4096)
const ROUNDS = Number(process.env.ROUNDS ?? 1)
const TOP = Number(process.env.TOP ?? 25)
const load = () => loadavg().map((n) => n.toFixed(2)).join(', ')

/** Runs in the server (`--import`): SIGUSR2 starts the sampler, the next one writes the profile to ALLOC_PROBE_OUT. */
const PROBE = `
import { Session } from 'node:inspector'
import { writeFileSync, writeSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
const session = new Session()
session.connect()
let sampling = false
process.on('SIGUSR2', () => {
  if (!sampling) {
    sampling = true
    session.post('HeapProfiler.startSampling', { samplingInterval: ${INTERVAL}, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }, () => {
      writeSync(1, '\\nALLOC-PROBE start ' + performance.now() + '\\n')
    })
  } else {
    sampling = false
    const stoppedAt = performance.now()
    session.post('HeapProfiler.stopSampling', (err, result) => {
      writeFileSync(process.env.ALLOC_PROBE_OUT, JSON.stringify(err ? { error: String(err) } : result.profile))
      writeSync(1, '\\nALLOC-PROBE stop ' + stoppedAt + '\\n')
    })
  }
})
`

interface CallFrame { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number }
interface HeapNode { readonly callFrame: CallFrame; readonly selfSize: number; readonly children: readonly HeapNode[] }
interface HeapProfile { readonly head: HeapNode }

interface GcLine { readonly isolate: string; readonly ms: number; readonly kind: string; readonly pause: number; readonly promoted: number; readonly survived: number; readonly cut?: boolean }
const parseGc = (line: string): GcLine | undefined => {
  const m = /^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: pause=([\d.]+) .*?gc=(\w+)/.exec(line)
  if (m === null) return undefined
  const field = (name: string) => Number(new RegExp(` ${name}=(\\d+)`).exec(line)?.[1] ?? 0)
  return { isolate: m[1] ?? '', ms: Number(m[2]), kind: m[4] ?? '', pause: Number(m[3]), promoted: field('promoted'), survived: field('new_space_survived') }
}

const ours = (url: string) => url.includes('/packages/') && !url.includes('node_modules')
const shortUrl = (url: string) => url.replace(/^.*\/packages\//, '').replace(/^.*\/node_modules\//, '~').replace(/^file:\/\//, '')
const frameName = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url === '' ? '' : `${shortUrl(f.url)}:${f.lineNumber + 1}`}`.trim()

/** Self bytes by allocating frame, and by the nearest of our frames on the stack (the leaf's side first). */
const sites = (profile: HeapProfile): { total: number; byFunction: Map<string, number>; byOurs: Map<string, number> } => {
  const byFunction = new Map<string, number>()
  const byOurs = new Map<string, number>()
  let total = 0
  const walk = (node: HeapNode, nearest: string | undefined): void => {
    const name = frameName(node.callFrame)
    const here = ours(node.callFrame.url) ? name : nearest
    if (node.selfSize > 0) {
      total += node.selfSize
      byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize)
      const key = here ?? '(no gridcase frame)'
      byOurs.set(key, (byOurs.get(key) ?? 0) + node.selfSize)
    }
    for (const child of node.children) walk(child, here)
  }
  walk(profile.head, undefined)
  return { total, byFunction, byOurs }
}

interface Measured {
  readonly label: string
  readonly requests: number
  readonly bytes: number
  readonly byFunction: Map<string, number>
  readonly byOurs: Map<string, number>
  readonly scavenges: number
  readonly promoted: number
  readonly survived: number
  readonly markCompacts: number
  readonly markCompactPause: number
  readonly maxPause: number
  /** GC lines of the span read cut short (their later fields missing): should be 0. */
  readonly cut: number
  readonly load: string
  readonly p99: number
}

const measure = async (label: string, script: string, probePath: string): Promise<Measured> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-alloc-'))
  const out = join(dataDir, 'heap-profile.json')
  process.env.ALLOC_PROBE_OUT = out
  process.env.BENCH_NODE_ARGS = `--trace-gc-nvp --import ${pathToFileURL(probePath).href}`
  process.env.BENCH_SERVER_STDOUT = '0'
  // V8 prints its GC trace through C's stdio, fully buffered in a pipe: cut at 4 KiB between the request log's writes, a
  // line would be lost or half read. Line-buffered, each reaches the pipe whole.
  if (process.platform === 'linux' && process.env.BENCH_WRAP === undefined) process.env.BENCH_WRAP = 'stdbuf -oL'
  const { url, child } = await startServer(dataDir, 'full', 'main', false, script)
  const exited = new Promise((r) => child.once('close', r))
  const gcLines: GcLine[] = []
  const marks = { start: Number.NaN, stop: Number.NaN }
  let pending = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = pending + chunk.toString()
    const lines = text.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const gc = line.includes(' gc=') ? parseGc(line) : undefined
      // A whole line ends with its last field; one cut short is counted, to be said.
      if (gc !== undefined) gcLines.push(line.includes(' unmapper_chunks=') ? gc : { ...gc, cut: true })
      const mark = /^ALLOC-PROBE (start|stop) ([\d.]+)/.exec(line)
      if (mark !== null) marks[mark[1] === 'start' ? 'start' : 'stop'] = Number(mark[2])

    }
  })
  try {
    const note = await openCases(url)
    if (WARM > 0) await openLoop({ url, rate: RATE, seconds: WARM, warmupSeconds: 0, request: note })
    let answered = 0
    const result = await openLoop({
      url,
      rate: RATE,
      seconds: SECONDS,
      warmupSeconds: 0,
      request: (i) => note(i + 1_000_000),
      onMeasuring: () => {
        child.kill('SIGUSR2')
      },
      onAnswered: () => (answered += 1),
    })
    child.kill('SIGUSR2')
    const loadNow = load()
    for (let waited = 0; Number.isNaN(marks.stop); waited += 1) {
      if (waited > 600) throw new Error('no heap profile from the server')
      await new Promise((r) => setTimeout(r, 100))
    }
    const text = readFileSync(out, 'utf8')
    // BENCH_KEEP_PROFILE=<dir>: the profile is kept there (a .heapprofile, which Chrome's DevTools open).
    if (process.env.BENCH_KEEP_PROFILE !== undefined) writeFileSync(join(process.env.BENCH_KEEP_PROFILE, `${label.replace(/[^a-z0-9]+/gi, '_')}.heapprofile`), text)
    const profile = JSON.parse(text) as HeapProfile | { error: string }
    if ('error' in profile) throw new Error(profile.error)
    const { total, byFunction, byOurs } = sites(profile)
    // V8's trace goes through C's stdio, buffered in a pipe: all of it is in only once the server has exited.
    child.kill('SIGTERM')
    await exited
    // The main isolate is the one with the most GCs; its trace's clock starts with the isolate, performance.now() in
    // the server with the process (a few ms apart): the GCs between the probe's two marks are the measured span's.
    const counts = new Map<string, number>()
    for (const g of gcLines) counts.set(g.isolate, (counts.get(g.isolate) ?? 0) + 1)
    const main = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]?.[0]
    const mainLines = gcLines.filter((g) => g.isolate === main)
    const span = mainLines.filter((g) => g.ms >= marks.start && g.ms <= marks.stop)
    const scav = span.filter((g) => g.kind === 's')
    const mc = span.filter((g) => g.kind === 'mc' || g.kind === 'ms')
    return {
      label,
      requests: answered,
      bytes: total,
      byFunction,
      byOurs,
      scavenges: scav.length,
      promoted: scav.reduce((s, g) => s + g.promoted, 0),
      survived: scav.reduce((s, g) => s + g.survived, 0),
      markCompacts: mc.length,
      markCompactPause: mc.reduce((s, g) => s + g.pause, 0),
      maxPause: span.reduce((s, g) => Math.max(s, g.pause), 0),
      cut: span.filter((g) => g.cut === true).length,
      load: loadNow,
      p99: result.latency.p99,
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)
const here = resolve(fileURLToPath(new URL('.', import.meta.url)), '../packages/http/dist/bin/server.js')
const scripts = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [here]
const probeDir = mkdtempSync(join(tmpdir(), 'gridcase-alloc-probe-'))
const probePath = join(probeDir, 'probe.mjs')
writeFileSync(probePath, PROBE)
const results: Measured[][] = scripts.map(() => [])
try {
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? scripts.map((_, i) => i) : scripts.map((_, i) => scripts.length - 1 - i)
    for (const i of order) {
      const script = scripts[i] ?? here
      const m = await measure(script, script, probePath)
      results[i]?.push(m)
      const per = (n: number) => kb(n / m.requests)
      console.log(
        `round ${round + 1} ${script}: ${m.requests} add-notes, ${per(m.bytes)} KB allocated per request; ${m.scavenges} scavenges, ` +
          `survived ${per(m.survived)} KB and promoted ${per(m.promoted)} KB per request (${((100 * m.promoted) / Math.max(1, m.survived + m.promoted)).toFixed(0)}% of survivors); ` +
          `${m.markCompacts} mark-compacts (${m.markCompactPause.toFixed(1)} ms), longest pause ${m.maxPause.toFixed(1)} ms${m.cut > 0 ? ` (${m.cut} GC lines cut short)` : ''}; p99 ${m.p99.toFixed(1)} ms (load average ${m.load})`,
      )
    }
  }
  for (const [i, runs] of results.entries()) {
    const last = runs.at(-1)
    if (last === undefined) continue
    console.log(`\n== ${scripts[i]}: top ${TOP} sites, KB per request (last round) ==`)
    for (const [title, map] of [['by allocating function', last.byFunction], ['by nearest gridcase function', last.byOurs]] as const) {
      console.log(`-- ${title}`)
      for (const [name, bytes] of [...map.entries()].sort((x, y) => y[1] - x[1]).slice(0, TOP)) console.log(`${kb(bytes / last.requests).padStart(7)}  ${name}`)
    }
  }
} finally {
  rmSync(probeDir, { recursive: true, force: true })
}
