// Store throughput: appends/s (single and batched), read and replay events/s, memory vs SQLite on disk vs
// PostgreSQL 15 (DATABASE_URL's server, or a throwaway one started here), and PostgreSQL's appends beside a raw
// `pg` insert of the same bytes on the same server (the floor: what any code writing those rows pays).
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { memoryEventStore, postgresEventStore, sqliteEventStore } from '@gridcase/adapters'
import pg from 'pg'
import { postgresMissing, startPostgres, type PostgresServer } from '../tests/postgres/server.js'
import { sha256Hex, type EventStore } from '@gridcase/core'
import { sampleEvent } from './sampleEvent.js'

const BATCH = 100
const STREAMS = 200
const WRITERS = 32
/** Each append phase runs for about this long (the machine is shared; keep it short). */
const PHASE_MS = 1200

const event = sampleEvent

const n = (x: number) => Math.round(x).toLocaleString('en-US')
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

/** The same bytes the PostgreSQL store writes for one event, as raw insert parameters. */
const rawRow = (n: number, position: number) => {
  const e = event(n)
  return [position, `complaint-${n % STREAMS}`, n, randomUUID(), e.type, 1, JSON.stringify(e.data), JSON.stringify(e.metadata), '2026-03-01T01:30:00.000Z', 'a'.repeat(64), 'b'.repeat(64)]
}
const RAW_TABLE = `CREATE TABLE raw_events (position bigint PRIMARY KEY, stream_id text NOT NULL, version integer NOT NULL, event_id text NOT NULL,
  type text NOT NULL, schema_version integer NOT NULL, data json, metadata json NOT NULL, recorded_at text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL)`

/** Raw `pg`: the store's three append phases as plain INSERTs of the same bytes (one transaction per append). */
const rawPg = async (url: string): Promise<{ single: number; concurrent: number; batched: number }> => {
  const schema = `bench_raw_${randomUUID().slice(0, 8)}`
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` })
  await pool.query(`CREATE SCHEMA ${schema}`)
  await pool.query(RAW_TABLE)
  let position = 0
  const insert = (rows: unknown[][]) => {
    const values = rows.map((_, r) => `(${Array.from({ length: 11 }, (_, c) => `$${r * 11 + c + 1}`).join(', ')})`).join(', ')
    return `INSERT INTO raw_events VALUES ${values}`
  }
  const timed = async (body: (until: () => boolean) => Promise<number>): Promise<number> => {
    const started = process.hrtime.bigint()
    const events = await body(() => seconds(started) * 1000 < PHASE_MS)
    return events / seconds(started)
  }
  try {
    const single = await timed(async (going) => {
      let events = 0
      for (; going(); events += 1) await pool.query(insert([[]]), rawRow(events, position++))
      return events
    })
    const concurrent = await timed(async (going) => {
      let events = 0
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          while (going()) await pool.query(insert([[]]), rawRow((events += 1), position++))
        }),
      )
      return events
    })
    const client = await pool.connect()
    const batched = await timed(async (going) => {
      let events = 0
      while (going()) {
        const rows = Array.from({ length: BATCH }, (_, k) => rawRow(events + k, position++))
        await client.query('BEGIN')
        await client.query(insert(rows), rows.flat())
        await client.query('COMMIT')
        events += BATCH
      }
      return events
    })
    client.release()
    return { single, concurrent, batched }
  } finally {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`)
    await pool.end()
  }
}

/** Runs the store benchmark and prints one table. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-'))
  const file = (name: string) => join(dir, `${name}.db`)
  // PostgreSQL: DATABASE_URL's server, else a throwaway one here (fsync on, as in the tests), else none.
  let server: PostgresServer | undefined
  const url = process.env.DATABASE_URL ?? (postgresMissing() === undefined ? (server = await startPostgres()).url : undefined)
  const pgSchema = `bench_${randomUUID().slice(0, 8)}`
  try {
    const rows = [
      await measure('memory', () => memoryEventStore()),
      await measure('sqlite FULL, node:crypto (default)', () => sqliteEventStore({ path: file('full') })),
      await measure('sqlite NORMAL, node:crypto', () => sqliteEventStore({ path: file('normal'), synchronous: 'normal' })),
      await measure('sqlite FULL, @noble/hashes', () => sqliteEventStore({ path: file('noble'), hash: sha256Hex })),
      ...(url === undefined ? [] : [await measure('postgresql 15 (pg, fsync on)', () => postgresEventStore({ connectionString: url, schema: pgSchema }))]),
    ]
    const cells = rows.map((r) => [r.store, n(r.single), n(r.concurrent), n(r.batched), r.batchedCpuUs.toFixed(1), n(r.readAll), n(r.replay), n(r.events)])
    const head = ['store', 'appends/s (1 event)', `appends/s (${WRITERS} concurrent)`, `events/s (${BATCH}/append)`, 'CPU µs/event', 'readAll events/s', 'replay events/s', 'events']
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)))
    const line = (c: readonly string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join('  ')
    console.log(line(head))
    console.log(widths.map((w) => '-'.repeat(w)).join('  '))
    for (const c of cells) console.log(line(c))
    console.log(`(${PHASE_MS} ms per append phase, ${STREAMS} streams; CPU µs/event is for the batched phase;`)
    console.log(` replay = readStream of every stream; files in ${tmpdir()}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`)
    const postgres = rows.find((r) => r.store.startsWith('postgresql'))
    if (url === undefined || postgres === undefined) {
      console.log(`(no PostgreSQL: ${postgresMissing() ?? 'none'}; set DATABASE_URL to measure one)`)
      return
    }
    const raw = await rawPg(url)
    console.log('')
    console.log('PostgreSQL: the store beside a raw `pg` INSERT of the same bytes (same server, same phases)')
    const ratio = (store: number, floor: number) => `${(store / floor).toFixed(2)}×`
    const table = [
      ['appends of 1 event, one after another', n(postgres.single), n(raw.single), ratio(postgres.single, raw.single)],
      [`appends of 1 event, ${WRITERS} concurrent`, n(postgres.concurrent), n(raw.concurrent), ratio(postgres.concurrent, raw.concurrent)],
      [`events/s in appends of ${BATCH}`, n(postgres.batched), n(raw.batched), ratio(postgres.batched, raw.batched)],
    ]
    const h2 = ['phase', 'gridcase/s', 'raw pg/s', 'gridcase ÷ raw']
    const w2 = h2.map((h, i) => Math.max(h.length, ...table.map((c) => (c[i] ?? '').length)))
    const line2 = (c: readonly string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w2[i] ?? 0) : x.padStart(w2[i] ?? 0))).join('  ')
    console.log(line2(h2))
    console.log(w2.map((w) => '-'.repeat(w)).join('  '))
    for (const c of table) console.log(line2(c))
    console.log('(raw pg: one autocommit INSERT per event from a pool of 10, or BEGIN / one INSERT of 100 rows / COMMIT; no lock, no chain, no version check)')
  } finally {
    rmSync(dir, { recursive: true, force: true })
    if (url !== undefined) {
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`).finally(() => admin.end())
    }
    server?.destroy()
  }
}
