// The tree log's thread, per leaf, for this process's commits as announced to it (runs of one append's events): the
// leaf input written as bytes into one reused buffer (leafBytesWriter + pushLeafBytes, what the thread does) vs the leaf
// text per event (leafInputAt + pushLeafInput, what it did before), in the same run, alternating; beside them the floor,
// two crypto.hash calls per leaf (the leaf's input and one interior node), which RFC 9162 needs whatever else is done.
//   npx tsx bench/index.ts treeLeaves        (BENCH_TREE_LEAVES_ROUNDS=7)
// CPU is this thread's own (Linux /proc/thread-self/schedstat, ns; process.cpuUsage elsewhere): steady under load, where
// wall time is not. Figures in ns per leaf.
import { hash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { flatFrontier } from '../packages/adapters/src/audit/flatFrontier.js'
import { leafBytesWriter, leafInputAt, leafRunsOf, runText, type LeafRun } from '../packages/adapters/src/audit/leafRuns.js'
import { compared, load, median } from './anchors/runs.js'

const ROUNDS = Number(process.env['BENCH_TREE_LEAVES_ROUNDS'] ?? 7)
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

export async function run(): Promise<void> {
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
