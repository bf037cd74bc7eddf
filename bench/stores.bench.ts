// Store throughput: appends/s (single and batched), read and replay events/s, memory vs SQLite on disk.
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { memoryEventStore, sqliteEventStore } from '@gridcase/adapters'
import { sha256Hex, type EventStore, type NewEvent } from '@gridcase/core'

const BATCH = 100
const STREAMS = 200
const WRITERS = 32
/** Each append phase runs for about this long (the machine is shared; keep it short). */
const PHASE_MS = 1200

const event = (n: number): NewEvent => ({
  type: 'ComplaintNoted',
  schemaVersion: 1,
  data: { n, note: '小区东门路灯不亮，已报修三次', channel: '12345', tags: ['lighting', 'safety'] },
  metadata: {
    commandId: `cmd-${n}`,
    correlationId: `corr-${n}`,
    causationId: `cmd-${n}`,
    actor: { id: 'grid-017', role: 'grid-worker', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' },
    occurredAt: '2026-03-01T09:30:00+08:00',
  },
})

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9

/**
 * Appends `size`-event batches round-robin over the streams for PHASE_MS: events per
 * second, and this process's CPU time per event (steadier than wall time on a shared machine).
 */
const appendRate = async (store: EventStore, size: number, offset: number): Promise<{ rate: number; cpuUs: number }> => {
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  let events = 0
  for (let i = 0; seconds(started) * 1000 < PHASE_MS; i += 1) {
    const batch = Array.from({ length: size }, (_, k) => event(offset + events + k))
    await store.appendToStream(`complaint-${i % STREAMS}`, batch, { expectedVersion: 'any' })
    events += size
  }
  const used = process.cpuUsage(cpu)
  return { rate: events / seconds(started), cpuUs: (used.user + used.system) / events }
}

/** Single-event appends from WRITERS concurrent callers (as from parallel HTTP requests) for PHASE_MS; appends per second. */
const concurrentRate = async (store: EventStore, offset: number): Promise<number> => {
  const started = process.hrtime.bigint()
  let events = 0
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; seconds(started) * 1000 < PHASE_MS; i += 1) {
        await store.appendToStream(`complaint-${(w * 7 + i) % STREAMS}`, [event(offset + (events += 1))], { expectedVersion: 'any' })
      }
    }),
  )
  return events / seconds(started)
}

const readRate = async (store: EventStore): Promise<{ readAll: number; replay: number; total: number }> => {
  let started = process.hrtime.bigint()
  const all = await store.readAll()
  const readAll = all.length / seconds(started)
  started = process.hrtime.bigint()
  let replayed = 0
  for (let i = 0; i < STREAMS; i += 1) replayed += (await store.readStream(`complaint-${i}`)).length
  return { readAll, replay: replayed / seconds(started), total: all.length }
}

interface Row {
  readonly store: string
  readonly single: number
  readonly concurrent: number
  readonly batched: number
  readonly batchedCpuUs: number
  readonly readAll: number
  readonly replay: number
  readonly events: number
}

const measure = async (name: string, open: () => EventStore): Promise<Row> => {
  const store = open()
  try {
    const single = await appendRate(store, 1, 0)
    const concurrent = await concurrentRate(store, 500_000)
    const batched = await appendRate(store, BATCH, 1_000_000)
    const { readAll, replay, total } = await readRate(store)
    return { store: name, single: single.rate, concurrent, batched: batched.rate, batchedCpuUs: batched.cpuUs, readAll, replay, events: total }
  } finally {
    await store.close()
  }
}

/** Runs the store benchmark and prints one table. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-'))
  const file = (name: string) => join(dir, `${name}.db`)
  try {
    const rows = [
      await measure('memory', () => memoryEventStore()),
      await measure('sqlite FULL, node:crypto (default)', () => sqliteEventStore({ path: file('full') })),
      await measure('sqlite NORMAL, node:crypto', () => sqliteEventStore({ path: file('normal'), synchronous: 'normal' })),
      await measure('sqlite FULL, @noble/hashes', () => sqliteEventStore({ path: file('noble'), hash: sha256Hex })),
    ]
    const n = (x: number) => Math.round(x).toLocaleString('en-US')
    const cells = rows.map((r) => [r.store, n(r.single), n(r.concurrent), n(r.batched), r.batchedCpuUs.toFixed(1), n(r.readAll), n(r.replay), n(r.events)])
    const head = ['store', 'appends/s (1 event)', `appends/s (${WRITERS} concurrent)`, `events/s (${BATCH}/append)`, 'CPU µs/event', 'readAll events/s', 'replay events/s', 'events']
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)))
    const line = (c: readonly string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join('  ')
    console.log(line(head))
    console.log(widths.map((w) => '-'.repeat(w)).join('  '))
    for (const c of cells) console.log(line(c))
    console.log(`(${PHASE_MS} ms per append phase, ${STREAMS} streams; CPU µs/event is for the batched phase;`)
    console.log(` replay = readStream of every stream; files in ${tmpdir()}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
