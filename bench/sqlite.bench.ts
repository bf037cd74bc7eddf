// The SQLite store beside raw better-sqlite3 writing the same bytes into the same table (same schema, WAL,
// synchronous=FULL), phase by phase, interleaved, medians of rounds; and the store with encryption and signed
// heads on beside off (issue 19: within 15% at batched appends). Each figure is printed beside its baseline.
//   npx tsx bench/index.ts sqlite        (BENCH_SQLITE_ROUNDS=3, BENCH_SQLITE_PHASE_MS=1000, BENCH_SQLITE_BATCH=1000,
//   BENCH_SQLITE_PARTS=anchors,evidence, BENCH_SQLITE_TREE=main,thread (and none,unsealed: the sealing alone, the tree alone), BENCH_SQLITE_MIXES=0,8,1,log,
//   BENCH_SQLITE_WRITER=main|thread, BENCH_SQLITE_INFLIGHT=1)
// BENCH_SQLITE_PARTS=sealing takes apart what sealing adds per registration on the appending thread (see `sealingParts`);
// BENCH_SQLITE_PARTS=newcases measures sealing on vs off with a new case (a new subject key) per registration (`newCases`).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { generateHeadKey, headSigner, sealedSqliteStore, sqliteEventStore, sqliteTreeHeads, systemClock, treeLog } from '@gridcase/adapters'
import { aesGcmFieldCipher, newId, sqliteSubjectKeys } from '@gridcase/adapters/embedded'
import type { EventStore, NewEvent } from '@gridcase/core'
import { sealedStore, type FieldCipher } from '@gridcase/core/privacy'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { compared, load, mainThreadCpuUs, median } from './anchors/runs.js'
import { sampleDrafts } from '../tests/support/sampleLog.js'
import { sampleEvent } from './sampleEvent.js'

const ROUNDS = Number(process.env['BENCH_SQLITE_ROUNDS'] ?? 3)
const PHASE_MS = Number(process.env['BENCH_SQLITE_PHASE_MS'] ?? 1000)
/** Events per batched append: 1,000 as issue 18 measured it (BENCH_SQLITE_BATCH=100 for smaller commits). */
const BATCH = Number(process.env['BENCH_SQLITE_BATCH'] ?? 1000)
/** Which parts to run: 'anchors' (store vs raw), 'evidence' (sealing + signed heads on vs off), 'newcases' (sealing on vs off, a new case per registration), 'sealing' (sealing taken apart); the last two not run by default. */
const PARTS = (process.env['BENCH_SQLITE_PARTS'] ?? 'anchors,evidence').split(',')
/**
 * Where the Merkle tree follows the log in the evidence part: 'main' (the writer's thread), 'thread' (a worker thread), or
 * both. Two more take the evidence apart, beside the same off side in the same rounds: 'none' (the sealing alone: the sealed
 * store, no tree nor heads) and 'unsealed' (the tree and heads alone, on a worker thread, over the plain store).
 */
const TREE = (process.env['BENCH_SQLITE_TREE'] ?? 'main,thread').split(',')
/**
 * The event mixes of the evidence part: `0` (notes alone, nothing to seal: what the tree and signed heads cost by
 * themselves), `8` (one registration in 8, the rest small notes), `1` (every event a registration: the worst case) and
 * `log` (the project's realistic sample log of complaints and disputes, whose events carry personal fields about one in
 * four: registrations, dispute reports, session attendees, signatures).
 */
const MIXES = (process.env['BENCH_SQLITE_MIXES'] ?? '0,8,1,log').split(',')
/** Where the evidence part's stores commit: 'main' (the appending thread: the store's default and the server's) or 'thread' (SQLITE_WRITER=thread). */
const WRITER = (process.env['BENCH_SQLITE_WRITER'] ?? 'main') as 'main' | 'thread'
/** Batched appends in flight at once in the evidence part (1: one after another; 2: an import that pipelines). */
const INFLIGHT = Number(process.env['BENCH_SQLITE_INFLIGHT'] ?? 1)
const GROUP = 100
const STREAMS = 200

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9

interface Rate {
  readonly perSecond: number
  readonly cpuUs: number
  /** CPU µs per event of the appending (main) thread alone: what the evidence adds there, without the other threads. */
  readonly mainCpuUs: number
}

/** Runs `step` (which writes some events and says how many) for PHASE_MS: events/s and CPU µs per event. */
const timed = async (step: (i: number) => Promise<number> | number, settle?: () => Promise<void>): Promise<Rate> => {
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  const mainCpu = mainThreadCpuUs()
  let events = 0
  for (let i = 0; seconds(started) * 1000 < PHASE_MS; i += 1) events += await step(i)
  await settle?.()
  const used = process.cpuUsage(cpu)
  return { perSecond: events / seconds(started), cpuUs: (used.user + used.system) / events, mainCpuUs: (mainThreadCpuUs() - mainCpu) / events }
}

/**
 * Step `i` of batched appends: `inflight` appends of BATCH events at once, each to its own case; the last position
 * written. A refused append stops the bench rather than count as written.
 */
const appendBatches = async (store: EventStore, i: number, inflight: number, next: () => NewEvent): Promise<number> => {
  const written = await Promise.all(
    Array.from({ length: inflight }, (_, k) => store.appendToStream(`complaint-${(i * inflight + k) % STREAMS}`, Array.from({ length: BATCH }, next), { expectedVersion: 'any' })),
  )
  let last = -1
  for (const r of written) {
    if (E.isLeft(r)) throw new Error(`a batched append was refused: ${JSON.stringify(r.left)}`)
    last = Math.max(last, r.right.lastPosition)
  }
  return last
}

/** The three append shapes on an event store. */
const storePhases = (store: EventStore, event: (n: number) => NewEvent, inflight = 1) => {
  let n = 0
  return {
    batched: () => timed(async (i) => {
      await appendBatches(store, i, inflight, () => event((n += 1)))
      return BATCH * inflight
    }),
    group: () => timed(async (i) => {
      await Promise.all(Array.from({ length: GROUP }, (_, k) => store.appendToStream(`complaint-${(i * GROUP + k) % STREAMS}`, [event((n += 1))], { expectedVersion: 'any' })))
      return GROUP
    }),
    single: () => timed(async (i) => {
      await store.appendToStream(`complaint-${i % STREAMS}`, [event((n += 1))], { expectedVersion: 'any' })
      return 1
    }),
  }
}

/**
 * Raw better-sqlite3 on a file with the store's own schema (made by the store, then closed): the same row bytes
 * (the sample event's data and metadata JSON, 64-hex hashes, a uuid-length id), one prepared INSERT; batched
 * and group phases as one transaction of BATCH and GROUP rows, single as one autocommit INSERT (its own fsync).
 */
const rawPhases = async (path: string) => {
  await sqliteEventStore({ path }).close()
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  const insert = db.prepare('INSERT INTO events (position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const e = sampleEvent(1)
  const data = JSON.stringify(e.data)
  const { commandId: _c, ...rest } = e.metadata
  const metadata = JSON.stringify({ commandId: 'cmd-1000000', ...rest })
  const versions = new Map<string, number>()
  let position = 0
  const row = (n: number) => {
    const stream = `complaint-${n % STREAMS}`
    const version = (versions.get(stream) ?? -1) + 1
    versions.set(stream, version)
    insert.run(position++, stream, version, '00000000-0000-4000-8000-000000000000', e.type, 1, data, metadata, '2026-03-01T01:30:00.000Z', 'a'.repeat(64), 'b'.repeat(64))
  }
  const many = db.transaction((count: number, from: number) => {
    for (let k = 0; k < count; k += 1) row(from + k)
  })
  let n = 0
  return {
    batched: () => timed(() => (many.immediate(BATCH, (n += BATCH)), BATCH)),
    group: () => timed(() => (many.immediate(GROUP, (n += GROUP)), GROUP)),
    single: () => timed(() => (row((n += 1)), 1)),
    close: () => db.close(),
  }
}

/** One event in `every` is a registration with the complainant's four sealed fields; the rest are notes. */
const mixed = (every: number) => (n: number): NewEvent => {
  const base = sampleEvent(n)
  if (every === 0 || n % every !== 0) return base
  return {
    ...base,
    type: 'ComplaintRegistered',
    data: { channel: 'hotline-12345', kind: 'help', category: 'lighting', title: '路灯不亮', description: '小区东门路灯不亮，已报修三次', jurisdiction: 'hohhot/saihan/wulanchabu-east-road', address: '新华小区7号楼3单元502', complainant: { name: '欧阳淑芬', phone: '13904719876', idNumber: '150102199001011230' }, n },
  }
}

/**
 * The realistic mix: the events of the sample log (20,000 cases, about 166,000 events; those with personal fields about
 * one in four, but not evenly: the log opens with more new cases than it closes). Taken in a fixed stride through the
 * whole log rather than in order, so that any run of it — the faster side writes more events in a phase — holds the
 * log's mix, and both sides draw the same events: event n is the log's (n × STRIDE) mod its length.
 */
let sampleLog: ReturnType<typeof sampleDrafts> extends Generator<infer D> ? D[] : never = []
const STRIDE = 7919
const sampleLogMix = (): ((n: number) => NewEvent) => {
  if (sampleLog.length === 0) sampleLog = [...sampleDrafts({ cases: 20_000, seed: 2026, spacingMinutes: 3, start: '2026-01-05T00:00:00.000Z' })]
  const drafts = sampleLog
  if (drafts.length % STRIDE === 0) throw new Error('the sample log\'s length is a multiple of the stride')
  return (n) => {
    const d = drafts[(n * STRIDE) % drafts.length] as (typeof drafts)[number]
    return { type: d.type, schemaVersion: 1, data: d.data, metadata: { commandId: `cmd-${n}`, correlationId: `corr-${n}`, causationId: `cmd-${n}`, actor: d.actor, occurredAt: d.at } }
  }
}
const mixOf = (mix: string): ((n: number) => NewEvent) => (mix === 'log' ? sampleLogMix() : mixed(Number(mix)))

/**
 * What sealing adds per registration on the appending thread, taken apart (every event a registration, no tree): the
 * unsealed store; core's sealed store with a cipher that gives one character (the walk, the markers, `$sealed` and the
 * wrapping); with a cipher that gives text as long as AES-GCM's (plus the larger row: canonical JSON, chain hash,
 * insert, commit); and with AES-GCM over the subject keys (plus the cipher and its garbage). All four over the same
 * kind of store, phases interleaved, each the median of ROUNDS. Stream ids as the bench's (`complaint-<n>`) and as the
 * server makes them (`complaint-<uuid>`): a v1 marker held its stream's id (a v2 marker names the role only), and every row holds the stream id in its column.
 */
const sealingParts = async (dir: string, ids: 'short' | 'uuid'): Promise<Record<string, number>> => {
  const uuids = Array.from({ length: STREAMS }, () => randomUUID())
  const streamOf = (i: number) => `complaint-${ids === 'uuid' ? uuids[i % STREAMS] : i % STREAMS}`
  const registration = mixed(1)
  const scratchKeys = sqliteSubjectKeys(':memory:')
  const aesLength = aesGcmFieldCipher(scratchKeys).seal(`${streamOf(0)}#complainant`, '{"address":"新华小区7号楼3单元502","complainant.name":"欧阳淑芬","complainant.phone":"13904719876","complainant.idNumber":"150102199001011230"}').length
  scratchKeys.close()
  const stub = (text: string): FieldCipher => ({ seal: () => text, open: () => undefined })
  const made: Record<string, () => EventStore> = {
    off: () => sqliteEventStore({ path: join(dir, `sealing-off-${ids}.sqlite`) }),
    'stub 1 char': () => sealedStore(sqliteEventStore({ path: join(dir, `sealing-stub1-${ids}.sqlite`) }), stub('A')),
    [`stub ${aesLength} chars`]: () => sealedStore(sqliteEventStore({ path: join(dir, `sealing-stubN-${ids}.sqlite`) }), stub('A'.repeat(aesLength))),
    'AES-256-GCM': () => {
      const path = join(dir, `sealing-aes-${ids}.sqlite`)
      return sealedStore(sqliteEventStore({ path }), aesGcmFieldCipher(sqliteSubjectKeys(path)))
    },
  }
  const stores = Object.fromEntries(Object.entries(made).map(([k, f]) => [k, f()]))
  const rates: Record<string, number[]> = {}
  let n = 0
  for (let r = 0; r <= ROUNDS; r += 1) {
    for (const [k, store] of Object.entries(stores)) {
      const rate = await timed(async (i) => {
        const written = await store.appendToStream(streamOf(i), Array.from({ length: BATCH }, () => registration((n += 1))), { expectedVersion: 'any' })
        if (E.isLeft(written)) throw new Error(`a batched append was refused: ${JSON.stringify(written.left)}`)
        return BATCH
      })
      // The first round warms every store up.
      if (r > 0) (rates[k] ??= []).push(rate.mainCpuUs)
    }
  }
  for (const store of Object.values(stores)) await (store as EventStore & { close: () => Promise<void> }).close()
  return Object.fromEntries(Object.entries(rates).map(([k, xs]) => [k, median(xs)]))
}

/**
 * The cipher alone on the sealed store's key store (keys carried with the appends, `keysWithEvents`): CPU µs per seal of a
 * registration's four fields under a new case's subject each time — its key made and used once, what a new case's
 * registration costs — beside the same subject every time (the batched appends above). A new case's subject as the sealed
 * store seals it for an append that expects no stream (`freshStream`: the key table is not asked), and as it is asked
 * otherwise (the lookup misses). Keys are settled as stored every BATCH seals, as an append's commit would. Medians of ROUNDS,
 * the three alternated.
 */
const cipherParts = (dir: string): { readonly fresh: number; readonly lookedUp: number; readonly same: number } => {
  const path = join(dir, 'cipher-keys.sqlite')
  const keys = sqliteSubjectKeys(path, { keysWithEvents: true })
  const cipher = aesGcmFieldCipher(keys)
  const text = '{"address":"新华小区7号楼3单元502","complainant.name":"欧阳淑芬","complainant.phone":"13904719876","complainant.idNumber":"150102199001011230"}'
  const SEALS = 10 * BATCH
  const cpuPerSeal = (streams: readonly string[], freshStreams: boolean): number => {
    const cpu = process.cpuUsage()
    for (let k = 0; k < SEALS; k += 1) {
      const streamId = streams[k % streams.length] as string
      if (freshStreams) keys.freshStream(streamId)
      cipher.seal(`${streamId}#complainant`, text)
      if (freshStreams) keys.freshStream(undefined)
      if ((k + 1) % BATCH === 0) keys.settle(keys.takeCarried(), 'stored')
    }
    const used = process.cpuUsage(cpu)
    return (used.user + used.system) / SEALS
  }
  const rates = { fresh: [] as number[], lookedUp: [] as number[], same: [] as number[] }
  // Stream ids made before the clock starts, as a case's is before its registration is sealed.
  const newStreams = () => Array.from({ length: SEALS }, () => `complaint-${randomUUID()}`)
  for (let r = 0; r <= ROUNDS; r += 1) {
    const fresh = cpuPerSeal(newStreams(), true)
    const lookedUp = cpuPerSeal(newStreams(), false)
    const same = cpuPerSeal([`complaint-${randomUUID()}`], false)
    // The first round warms up.
    if (r > 0) {
      rates.fresh.push(fresh)
      rates.lookedUp.push(lookedUp)
      rates.same.push(same)
    }
  }
  keys.close()
  return { fresh: median(rates.fresh), lookedUp: median(rates.lookedUp), same: median(rates.same) }
}

/**
 * Every event a new case's registration, as the server writes them (`complaint-<newId()>`, a time-ordered uuid v7,
 * expecting no stream; a new data subject, so a new key, each), GROUP one-event appends at a time (group commit): the
 * sealed store beside the plain one, phases interleaved, after WARM registrations into each (more cases than the writer
 * keeps heads of and the sealing keeps keys of, 10,000 each: a street office's log after its first weeks); then each
 * whole log read back, the sealed one opening every event. The evidence part's batches reuse one warm subject per
 * append; this is the cost per new case.
 */
const newCases = async (dir: string): Promise<{ readonly off: Rate[]; readonly on: Rate[]; readonly readOff: number[]; readonly readOn: number[] }> => {
  const WARM = 12_000
  const plain = sqliteEventStore({ path: join(dir, 'newcases-plain.sqlite') })
  const sealed = sealedSqliteStore({ path: join(dir, 'newcases-sealed.sqlite') })
  const registration = mixed(1)
  let n = 0
  const group = async (store: EventStore): Promise<number> => {
    const written = await Promise.all(Array.from({ length: GROUP }, () => store.appendToStream(`complaint-${newId()}`, [registration((n += 1))], { expectedVersion: 'no-stream' })))
    for (const r of written) if (E.isLeft(r)) throw new Error(`a registration was refused: ${JSON.stringify(r.left)}`)
    return GROUP
  }
  const readBack = async (store: EventStore): Promise<number> => {
    const started = process.hrtime.bigint()
    let events = 0
    for (let from = 0; ; ) {
      const page = await store.readAll({ fromPosition: from, limit: 1000 })
      const last = page.at(-1)
      if (last === undefined) break
      events += page.length
      from = last.position + 1
    }
    return Number(process.hrtime.bigint() - started) / 1e3 / events
  }
  try {
    for (let i = 0; i < WARM; i += GROUP) {
      await group(plain)
      await group(sealed)
    }
    const out = { off: [] as Rate[], on: [] as Rate[], readOff: [] as number[], readOn: [] as number[] }
    for (let r = 0; r < ROUNDS; r += 1) {
      if (r % 2 === 0) out.off.push(await timed(() => group(plain)))
      out.on.push(await timed(() => group(sealed)))
      if (r % 2 === 1) out.off.push(await timed(() => group(plain)))
    }
    for (let r = 0; r < 2; r += 1) {
      out.readOff.push(await readBack(plain))
      out.readOn.push(await readBack(sealed))
    }
    return out
  } finally {
    await plain.close()
    await sealed.close()
  }
}

const headKey = generateHeadKey()

/** Batched appends with erasure sealing and the Merkle tree + signed heads on: the clock stops when the tree has taken in (and signed) everything. */
const withEvidence = async (
  path: string,
  event: (n: number) => NewEvent,
  onThread: boolean,
  parts: { readonly sealing: boolean; readonly tree: boolean } = { sealing: true, tree: true },
): Promise<{ batched: () => Promise<Rate>; close: () => Promise<void> }> => {
  const store = parts.sealing ? sealedSqliteStore({ path, writer: WRITER }) : sqliteEventStore({ path, writer: WRITER })
  const heads = parts.tree ? sqliteTreeHeads({ path }) : undefined
  const tree = heads === undefined ? undefined : treeLog({ store, heads, signer: headSigner(headKey.privateKeyPem), clock: systemClock, everyEvents: 1000, ...(onThread ? { thread: { path } } : {}) })
  await tree?.start()
  let n = 0
  let last = -1
  return {
    batched: () => timed(
      async (i) => {
        last = Math.max(last, await appendBatches(store, i, INFLIGHT, () => event((n += 1))))
        return BATCH * INFLIGHT
      },
      async () => {
        await tree?.waitFor(last)
        tree?.signNow()
      },
    ),
    close: async () => {
      await tree?.stop()
      heads?.close()
      await store.close()
    },
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-sqlite-'))
  try {
    const results: Record<string, Rate[]> = {}
    const add = (k: string, r: Rate) => (results[k] ??= []).push(r)
    if (PARTS.includes('anchors')) {
    const store = sqliteEventStore({ path: join(dir, 'store.sqlite') })
    const raw = await rawPhases(join(dir, 'raw.sqlite'))
    const ours = storePhases(store, sampleEvent)
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const phase of ['batched', 'group', 'single'] as const) {
        // Alternate which side goes first.
        if (r % 2 === 0) {
          add(`raw ${phase}`, await raw[phase]())
          add(`store ${phase}`, await ours[phase]())
        } else {
          add(`store ${phase}`, await ours[phase]())
          add(`raw ${phase}`, await raw[phase]())
        }
      }
    }
    raw.close()
    await store.close()
    }

    const evidence: Record<string, { off: Rate[]; main: Rate[]; thread: Rate[]; none: Rate[]; unsealed: Rate[] }> = {}
    for (const mix of PARTS.includes('evidence') ? MIXES : []) {
      const plain = sqliteEventStore({ path: join(dir, `plain-${mix}.sqlite`), writer: WRITER })
      const off = storePhases(plain, mixOf(mix), INFLIGHT)
      const onMain = TREE.includes('main') ? await withEvidence(join(dir, `evidence-${mix}.sqlite`), mixOf(mix), false) : undefined
      const onThread = TREE.includes('thread') ? await withEvidence(join(dir, `evidence-thread-${mix}.sqlite`), mixOf(mix), true) : undefined
      const sealingAlone = TREE.includes('none') ? await withEvidence(join(dir, `evidence-none-${mix}.sqlite`), mixOf(mix), false, { sealing: true, tree: false }) : undefined
      const treeAlone = TREE.includes('unsealed') ? await withEvidence(join(dir, `evidence-unsealed-${mix}.sqlite`), mixOf(mix), true, { sealing: false, tree: true }) : undefined
      const pair = (evidence[mix] = { off: [] as Rate[], main: [] as Rate[], thread: [] as Rate[], none: [] as Rate[], unsealed: [] as Rate[] })
      // Alternate which side goes first (off first in even rounds, on first in odd ones): a machine that drifts during
      // the run (other sessions' load) then does not favour one side; the per-round paired ratios are printed too.
      for (let r = 0; r < ROUNDS; r += 1) {
        if (r % 2 === 0) pair.off.push(await off.batched())
        if (onMain !== undefined) pair.main.push(await onMain.batched())
        if (onThread !== undefined) pair.thread.push(await onThread.batched())
        if (sealingAlone !== undefined) pair.none.push(await sealingAlone.batched())
        if (treeAlone !== undefined) pair.unsealed.push(await treeAlone.batched())
        if (r % 2 === 1) pair.off.push(await off.batched())
      }
      await plain.close()
      await onMain?.close()
      await onThread?.close()
      await sealingAlone?.close()
      await treeAlone?.close()
    }

    const m = (k: string, f: keyof Rate) => median((results[k] ?? []).map((x) => x[f]))
    if (PARTS.includes('anchors')) console.log(`SQLite (WAL, synchronous=FULL), the store vs raw better-sqlite3 writing the same bytes; median of ${ROUNDS} × ${PHASE_MS} ms; ${load()}`)
    const rows: [string, string, number][] = [
      ['batched', `events/s, ${BATCH} events per append`, 0.6],
      ['group', `events/s, ${GROUP} concurrent one-event appends (group commit)`, 0.5],
      ['single', 'events/s, one one-event append at a time', 0.5],
    ]
    for (const [phase, what, target] of PARTS.includes('anchors') ? rows : []) {
      console.log(compared(what, m(`store ${phase}`, 'perSecond'), m(`raw ${phase}`, 'perSecond'), 'ev/s', { baselineName: 'raw', target }))
      console.log(compared('  CPU µs/event', m(`store ${phase}`, 'cpuUs'), m(`raw ${phase}`, 'cpuUs'), 'µs', { baselineName: 'raw', higherIsBetter: false }))
    }
    if (PARTS.includes('evidence')) console.log(`erasure sealing (AES-256-GCM per subject) + Merkle tree + signed heads (every 1000 events) ON vs OFF, batched appends of ${BATCH}, ${INFLIGHT} in flight, commits on the ${WRITER === 'main' ? 'appending thread' : 'writer thread'}; ${load()}`)
    for (const mix of MIXES) {
      const pair = evidence[mix]
      if (pair === undefined) continue
      const what =
        mix === 'log' ? 'the sample log (complaints and disputes)'
        : mix === '1' ? 'every event a registration (worst case)'
        : mix === '0' ? 'notes alone, nothing to seal (the tree and heads by themselves)'
        : `one registration in ${mix}, the rest notes`
      const rate = (xs: Rate[], f: keyof Rate) => median(xs.map((x) => x[f]))
      // The median of the rounds' own ratios (on ÷ off of the same round), beside the ratio of the medians.
      const paired = (on: Rate[], f: keyof Rate) => `  paired ratio ${median(on.map((x, r) => x[f] / (pair.off[r]?.[f] ?? Number.NaN))).toFixed(2)}`
      const sides = [
        ['tree on the appending thread', pair.main],
        ['tree on a worker thread', pair.thread],
        ['the sealing alone (no tree nor heads)', pair.none],
        ['the tree and heads alone (nothing sealed), tree on a worker thread', pair.unsealed],
      ] as const
      for (const [tree, on] of sides) {
        if (on.length === 0) continue
        console.log(compared(`${what}, ${tree}: ev/s`, rate(on, 'perSecond'), rate(pair.off, 'perSecond'), 'ev/s', { baselineName: 'off', target: 0.85 }) + paired(on, 'perSecond'))
        // Process CPU: every thread's, the tree's worker included.
        console.log(compared('  CPU µs/event (all threads)', rate(on, 'cpuUs'), rate(pair.off, 'cpuUs'), 'µs', { baselineName: 'off', target: 1 / 0.85, higherIsBetter: false }) + paired(on, 'cpuUs'))
        if (!Number.isNaN(rate(on, 'mainCpuUs'))) {
          console.log(compared('  CPU µs/event (the appending thread)', rate(on, 'mainCpuUs'), rate(pair.off, 'mainCpuUs'), 'µs', { baselineName: 'off', target: 1 / 0.85, higherIsBetter: false }) + paired(on, 'mainCpuUs'))
        }
      }
    }
    if (PARTS.includes('newcases')) {
      const cases = await newCases(dir)
      const rate = (xs: Rate[], f: keyof Rate) => median(xs.map((x) => x[f]))
      console.log(`erasure sealing ON vs OFF, every event a new case's registration (a new subject key each), ${GROUP} one-event appends per group commit, after 12,000 cases; median of ${ROUNDS}; ${load()}`)
      console.log(compared('new cases, group commit: ev/s', rate(cases.on, 'perSecond'), rate(cases.off, 'perSecond'), 'ev/s', { baselineName: 'off', target: 0.85 }))
      console.log(compared('  CPU µs/event (all threads)', rate(cases.on, 'cpuUs'), rate(cases.off, 'cpuUs'), 'µs', { baselineName: 'off', target: 1 / 0.85, higherIsBetter: false }))
      console.log(compared('  the whole log read back, µs/event (opened: sealed)', median(cases.readOn), median(cases.readOff), 'µs', { baselineName: 'off', higherIsBetter: false }))
    }
    if (PARTS.includes('sealing')) {
      console.log(`sealing taken apart: CPU µs per event of the appending thread, every event a registration, batched appends of ${BATCH}, no tree; median of ${ROUNDS}`)
      for (const ids of ['short', 'uuid'] as const) {
        const parts = await sealingParts(dir, ids)
        const [off, stub1, stubN, aes] = Object.values(parts) as [number, number, number, number]
        console.log(`  stream ids ${ids === 'uuid' ? 'complaint-<uuid>' : 'complaint-<n>'}; ${load()}`)
        for (const [k, v] of Object.entries(parts)) console.log(`    ${k.padEnd(20)} ${v.toFixed(1).padStart(6)} µs`)
        console.log(`    added per registration: walk, markers, wrapping ${(stub1 - off).toFixed(1)} µs; the larger text ${(stubN - stub1).toFixed(1)} µs; the cipher ${(aes - stubN).toFixed(1)} µs; in all ${(aes - off).toFixed(1)} µs`)
      }
      const parts = cipherParts(dir)
      console.log(`  the cipher alone, CPU µs per seal (all threads), median of ${ROUNDS}; ${load()}`)
      console.log(compared('    a new case each seal, its key made without asking the table (an append expecting no stream)', parts.fresh, parts.same, 'µs', { baselineName: 'one subject', higherIsBetter: false }))
      console.log(compared('    a new case each seal, the key table asked first (a miss)', parts.lookedUp, parts.same, 'µs', { baselineName: 'one subject', higherIsBetter: false }))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
