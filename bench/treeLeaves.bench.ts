// The tree log's thread, per leaf, for this process's commits as announced to it (runs of one append's events): the
// leaf input written as bytes into one reused buffer (leafBytesWriter + pushLeafBytes, what the thread does) vs the leaf
// text per event (leafInputAt + pushLeafInput, what it did before), in the same run, alternating; beside them the floor,
// two crypto.hash calls per leaf (the leaf's input and one interior node), which RFC 9162 needs whatever else is done.
//   npx tsx bench/index.ts treeLeaves        (BENCH_TREE_LEAVES_ROUNDS=7, BENCH_TREE_LEAVES_PARTS=path,thread)
// The thread's figure has no baseline in the same build: run the bench in main's build too, alternating (PARTS=thread).
// Then the tree's thread itself (treeWorker on an empty store file, this process announcing 1,000-event commits to it and
// waking it, a head signed every 1,000 as the server does): that thread's CPU per leaf, everything it does included (the
// messages, the reports, the signatures, its collector's share on it).
// CPU is this thread's own (Linux /proc/thread-self/schedstat, ns; process.cpuUsage elsewhere): steady under load, where
// wall time is not. Figures in ns per leaf.
import { hash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { generateHeadKey, headSigner } from '@gridcase/adapters'
import { treeWorker } from '../packages/adapters/src/audit/treeWorker.js'
import { wakeupsFor } from '../packages/adapters/src/sqlite/wakeups.js'
import { migrate } from '../packages/adapters/src/sqlite/schema.js'
import { flatFrontier } from '../packages/adapters/src/audit/flatFrontier.js'
import { leafBytesWriter, leafInputAt, leafRunsOf, runText, type LeafRun } from '../packages/adapters/src/audit/leafRuns.js'
import { compared, load, median } from './anchors/runs.js'

const ROUNDS = Number(process.env['BENCH_TREE_LEAVES_ROUNDS'] ?? 7)
/** 'path' (the leaves' path in this thread, before vs now), 'thread' (the tree's thread itself), or both. */
const PARTS = (process.env['BENCH_TREE_LEAVES_PARTS'] ?? 'path,thread').split(',')
const APPENDS = 200
const BATCH = 1000

const threadNs = (): number => {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0])
  } catch {
    const used = process.cpuUsage()
    return (used.user + used.system) * 1000
  }
}

/** Runs as the thread gets them: one per 1,000-event append to one of 200 cases, hex chain hashes, positions past a million. */
const runs: LeafRun[] = Array.from({ length: APPENDS }, (_, a) =>
  leafRunsOf(
    Array.from({ length: BATCH }, (_, i) => ({
      position: 1_000_000 + a * BATCH + i,
      streamId: `complaint-${a % 200}`,
      version: 5_000 + i,
      metadata: { hash: hash('sha256', `${a}/${i}`, 'hex') },
    })),
  ),
).flat()
const leaves = APPENDS * BATCH

const perLeaf = (work: () => void): number => {
  const started = threadNs()
  work()
  return (threadNs() - started) / leaves
}

const text = (): number =>
  perLeaf(() => {
    const frontier = flatFrontier(256, () => {})
    for (const run of runs) {
      const t = runText(run)
      for (let i = 0; i < run.count; i += 1) frontier.pushLeafInput(leafInputAt(t, i))
    }
  })

const bytes = (): number =>
  perLeaf(() => {
    const frontier = flatFrontier(256, () => {})
    const writer = leafBytesWriter()
    for (const run of runs) {
      const b = writer.open(run)
      if (b === undefined) throw new Error('a run of hex hashes takes the bytes path')
      for (let i = 0; i < run.count; i += 1) frontier.pushLeafBytes(writer.leafAt(b, i))
    }
  })

const floor = (): number => {
  const writer = leafBytesWriter()
  const b = writer.open(runs[0] as LeafRun)
  if (b === undefined) throw new Error('a run of hex hashes takes the bytes path')
  const leaf = Buffer.from(writer.leafAt(b, 0))
  const node = Buffer.alloc(65, 1)
  let sink = ''
  const ns = perLeaf(() => {
    for (let i = 0; i < leaves; i += 1) {
      sink = hash('sha256', leaf, 'binary')
      sink = hash('sha256', node, 'binary')
    }
  })
  if (sink.length !== 32) throw new Error('a digest is 32 bytes')
  return ns
}

/** A thread's CPU in ns (Linux only: NaN elsewhere). */
const taskNs = (tid: string): number => {
  try {
    return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0])
  } catch {
    return Number.NaN
  }
}

/** The tree's thread, fed this process's commits as announced: its CPU per leaf over `rounds` commits of BATCH events. */
const wholeThread = async (rounds: number): Promise<number> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-tree-leaves-'))
  const path = join(dir, 'events.sqlite')
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  migrate(db)
  db.close()
  const threadKey = headSigner(generateHeadKey().privateKeyPem).threadKey
  if (threadKey === undefined) throw new Error('the signer hands its key to the thread')
  let waiter: { readonly position: number; readonly resolve: () => void } | undefined
  const before = new Set(readdirSync('/proc/self/task'))
  const worker = treeWorker({
    path,
    chunks: () => [],
    onUpdate: (update) => {
      if (waiter !== undefined && update.lastPosition >= waiter.position) waiter.resolve()
    },
    signing: () => ({ key: threadKey, keyId: 'bench', everyEvents: 1000, lastHeadSize: 0, savedChunks: 0, now: new Date().toISOString() }),
    now: () => new Date().toISOString(),
  })
  await worker.start()
  worker.keepAlive(true)
  const { committed, wake, release } = wakeupsFor(path)
  let position = 0
  const commit = async (k: number): Promise<void> => {
    const run = runs[k % runs.length] as LeafRun
    const events = Array.from({ length: BATCH }, (_, i) => ({ position: position + i, streamId: run.streamId, version: run.version + i, metadata: { hash: run.hashes.slice(i * run.hashLength, (i + 1) * run.hashLength) } }))
    position += BATCH
    const reached = new Promise<void>((resolve) => (waiter = { position: position - 1, resolve }))
    committed(events as never)
    wake.notify()
    await reached
  }
  try {
    for (let k = 0; k < 20; k += 1) await commit(k)
    const fresh = readdirSync('/proc/self/task').filter((t) => !before.has(t))
    const started = new Map(fresh.map((t) => [t, taskNs(t)]))
    for (let k = 0; k < rounds; k += 1) await commit(k)
    // The tree's thread: the one started here that worked most.
    return Math.max(...fresh.map((t) => taskNs(t) - (started.get(t) ?? 0))) / (rounds * BATCH)
  } finally {
    await worker.stop()
    release()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function run(): Promise<void> {
  if (PARTS.includes('path')) await leafPath()
  if (!PARTS.includes('thread')) return
  const whole: number[] = []
  for (let r = 0; r < 3; r += 1) whole.push(await wholeThread(300))
  console.log(`the tree's thread itself (${BATCH}-event commits announced, a head signed every ${BATCH}), its CPU, median of 3 × 300 commits; ${load()}`)
  console.log(`  the whole thread: ${Math.round(median(whole)).toLocaleString('en-US')} ns/leaf (rounds: ${whole.map((x) => Math.round(x)).join(', ')})`)
}

const leafPath = async (): Promise<void> => {
  const figures = { text: [] as number[], bytes: [] as number[], floor: [] as number[] }
  // A warm-up round of each, then alternating rounds (which goes first alternates too).
  text()
  bytes()
  for (let r = 0; r < ROUNDS; r += 1) {
    if (r % 2 === 0) {
      figures.text.push(text())
      figures.bytes.push(bytes())
    } else {
      figures.bytes.push(bytes())
      figures.text.push(text())
    }
    figures.floor.push(floor())
  }
  console.log(`the tree thread's per-leaf work for announced runs (${BATCH}-event appends), CPU of this thread, median of ${ROUNDS} alternating rounds of ${leaves.toLocaleString('en-US')} leaves; ${load()}`)
  console.log(compared('  leaf input as bytes + frontier: ns/leaf', median(figures.bytes), median(figures.text), 'ns', { baselineName: 'leaf text', higherIsBetter: false }))
  console.log(compared('  two crypto.hash calls (the floor): ns/leaf', median(figures.floor), median(figures.text), 'ns', { baselineName: 'leaf text', higherIsBetter: false }))
}
