// The log's Merkle tree and signed heads: what they cost at append time (batched appends on SQLite, tree
// and signing on vs off, in the same run), and how long a proof takes on a large log.
//   npx tsx bench/index.ts merkle        (BENCH_MERKLE_EVENTS=1000000 by default for the proof figures; 0: append cost only)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateHeadKey, headSigner, sqliteEventStore, sqliteTreeHeads, systemClock, treeLog, type TreeLog } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { median } from './anchors/runs.js'
import { sampleEvent } from './sampleEvent.js'

const BATCH = 100
const STREAMS = 200
const PHASE_MS = 1500
/** Off/on pairs per writer: the machine is shared, so a figure is the median of several. */
const ROUNDS = 3
const LARGE = Number(process.env['BENCH_MERKLE_EVENTS'] ?? 1_000_000)

const event = sampleEvent

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9
const key = generateHeadKey()

/**
 * Batched appends for PHASE_MS; with a tree, the clock stops only once the tree has taken in (and signed)
 * every event, so its whole cost is counted. Events per second and CPU µs per event.
 */
const phase = async (store: EventStore, tree: TreeLog | undefined, offset: number): Promise<{ rate: number; cpuUs: number; events: number }> => {
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  let events = 0
  let last = -1
  for (let i = 0; seconds(started) * 1000 < PHASE_MS; i += 1) {
    const result = await store.appendToStream(`complaint-${i % STREAMS}`, Array.from({ length: BATCH }, (_, k) => event(offset + events + k)), { expectedVersion: 'any' })
    if (E.isRight(result)) last = result.right.lastPosition
    events += BATCH
  }
  if (tree !== undefined) {
    await tree.waitFor(last)
    tree.signNow()
  }
  const used = process.cpuUsage(cpu)
  return { rate: events / seconds(started), cpuUs: (used.user + used.system) / events, events }
}

const appendCost = async (dir: string, writer: 'main' | 'thread', tree: 'main' | 'thread' = 'main'): Promise<void> => {
  const path = join(dir, `append-${writer}-${tree}.sqlite`)
  const store = sqliteEventStore({ path, writer })
  const heads = sqliteTreeHeads({ path })
  let offset = 0
  const off: { rate: number; cpuUs: number }[] = []
  const on: { rate: number; cpuUs: number }[] = []
  // Alternate off / on ROUNDS times: the machine is shared, so drift hits both alike. The tree starts once (it must
  // see every event); while "off", it is stopped and catches up, uncounted, before its next "on" phase.
  for (let round = 0; round < ROUNDS; round += 1) {
    const a = await phase(store, undefined, offset)
    off.push(a)
    offset += a.events
    const t = treeLog({ store, heads, signer: headSigner(key.privateKeyPem), clock: systemClock, everyEvents: 1000, ...(tree === 'thread' ? { thread: { path } } : {}) })
    await t.start()
    const b = await phase(store, t, offset)
    on.push(b)
    offset += b.events
    await t.stop()
  }
  heads.close()
  await store.close()
  const medianOf = (xs: { rate: number; cpuUs: number }[]) => ({ rate: median(xs.map((x) => x.rate)), cpuUs: median(xs.map((x) => x.cpuUs)) })
  const [a, b] = [medianOf(off), medianOf(on)]
  const ratios = on.map((x, i) => (x.rate / (off[i]?.rate ?? Number.NaN)).toFixed(2)).join(', ')
  console.log(`batched appends (${BATCH}/append, SQLite, synchronous=full, writer: ${writer}, tree on ${tree === 'thread' ? 'a worker thread' : 'the main thread'}${writer === 'thread' && tree === 'thread' ? ', as the server runs' : ''}; CPU of every thread):`)
  console.log(`  tree + signed heads off: ${Math.round(a.rate).toLocaleString()} events/s, ${a.cpuUs.toFixed(1)} µs CPU/event   (baseline)`)
  console.log(`  tree + signed heads on:  ${Math.round(b.rate).toLocaleString()} events/s, ${b.cpuUs.toFixed(1)} µs CPU/event   (head every 1000 events)`)
  console.log(`  ratio on/off (medians): throughput ${(b.rate / a.rate).toFixed(3)}, CPU per event ${(b.cpuUs / a.cpuUs).toFixed(3)}  (target: throughput ≥ 0.85; pair by pair: ${ratios})`)
}

const proofCost = async (dir: string): Promise<void> => {
  const path = join(dir, 'large.sqlite')
  const store = sqliteEventStore({ path, synchronous: 'normal' })
  let started = process.hrtime.bigint()
  for (let n = 0; n < LARGE; n += 1000) {
    await store.appendToStream(`complaint-${(n / 1000) % STREAMS}`, Array.from({ length: Math.min(1000, LARGE - n) }, (_, k) => event(n + k)), { expectedVersion: 'any' })
  }
  const written = seconds(started)
  const heads = sqliteTreeHeads({ path })
  const tree = treeLog({ store, heads, signer: headSigner(key.privateKeyPem), clock: systemClock, everyEvents: Math.floor(LARGE / 2) })
  started = process.hrtime.bigint()
  await tree.start()
  const built = seconds(started)
  const signed = heads.heads()
  const last = signed.at(-1)
  const mid = signed[0]
  if (last === undefined || mid === undefined) throw new Error('no heads signed')
  const time = async (n: number, f: (i: number) => Promise<unknown>): Promise<number[]> => {
    const ms: number[] = []
    for (let i = 0; i < n; i += 1) {
      const t = process.hrtime.bigint()
      await f(i)
      ms.push(seconds(t) * 1000)
    }
    return ms.sort((x, y) => x - y)
  }
  const positions = Array.from({ length: 50 }, (_, i) => Math.floor(((i * 7919) % 50) * (LARGE / 50)) + i)
  const chunkRead = median(await time(50, (i) => store.readAll({ fromPosition: positions[i] ?? 0, limit: 256 })))
  // The first proofs after start compute the big subtrees from the chunk roots; later ones find them kept.
  const coldInclusion = (await time(1, () => tree.inclusionProof(LARGE - 3, last.treeSize)))[0] ?? Number.NaN
  const coldConsistency = (await time(1, () => tree.consistencyProof(mid.treeSize, last.treeSize)))[0] ?? Number.NaN
  const inclusion = median(await time(50, (i) => tree.inclusionProof(positions[i] ?? 0, last.treeSize)))
  const consistency = median(await time(20, () => tree.consistencyProof(mid.treeSize, last.treeSize)))
  console.log(`a log of ${LARGE.toLocaleString()} events: written in ${written.toFixed(1)} s; tree built from the log (restart with no chunks) in ${built.toFixed(1)} s`)
  console.log(`  read one 256-event chunk:            ${chunkRead.toFixed(2)} ms median   (baseline)`)
  console.log(`  inclusion proof (to the ${last.treeSize.toLocaleString()} head): first ${coldInclusion.toFixed(2)} ms, then ${inclusion.toFixed(2)} ms median   (${(inclusion / chunkRead).toFixed(1)}× the chunk read)`)
  console.log(`  consistency proof (${mid.treeSize.toLocaleString()} → ${last.treeSize.toLocaleString()}):     first ${coldConsistency.toFixed(2)} ms, then ${consistency.toFixed(2)} ms median   (${(consistency / chunkRead).toFixed(1)}× the chunk read)`)
  await tree.stop()
  heads.close()
  await store.close()
}

export const run = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-merkle-'))
  try {
    await appendCost(dir, 'thread', 'thread')
    await appendCost(dir, 'thread', 'main')
    await appendCost(dir, 'main', 'thread')
    await appendCost(dir, 'main', 'main')
    if (LARGE > 0) await proofCost(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
