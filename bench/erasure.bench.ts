// Crypto-shredding at append time: batched appends on SQLite with the complainant's fields sealed (AES-256-GCM,
// a key per data subject) vs not, in the same run. Worst case: every event carries all four sealed fields (name,
// phone, id number, address); in a real log only the registration (and a referral) of each case does.
// Beside PostgreSQL (a throwaway server, or DATABASE_URL's) the same, and what only it adds: a new case's key is
// created in a round trip of its own before the append, and each page read loads its keys in one more query. And on
// PostgreSQL the whole of issue 19's evidence on beside off at batched appends of 1,000 (sealing, the Merkle tree and
// signed heads; on SQLite that is `BENCH_SQLITE_PARTS=evidence` of the sqlite bench).
//   npx tsx bench/index.ts erasure
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateHeadKey, headSigner, postgresEventStore, postgresTreeHeads, sealedPostgresStore, sealedSqliteStore, sqliteEventStore, systemClock, treeLog } from '@gridcase/adapters'
import type { EventStore, NewEvent } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { postgresMissing, startPostgres, type PostgresServer } from '../tests/postgres/server.js'
import { median } from './anchors/runs.js'

const BATCH = 100
const STREAMS = 200
const PHASE_MS = 1500
/** Off/on pairs: the machine is shared, so a figure is the median of several. */
const ROUNDS = 3

/** `every`: one event in so many is a registration with personal fields; the rest are notes (no personal data). */
const event = (n: number, every: number): NewEvent => (n % every !== 0 ? { ...registration(n), type: 'ComplaintNoteAdded', data: { note: '已联系物业，明日处理', n } } : registration(n))
const registration = (n: number): NewEvent => ({
  type: 'ComplaintRegistered',
  schemaVersion: 1,
  data: {
    channel: 'hotline-12345',
    kind: 'help',
    category: 'lighting',
    title: '路灯不亮',
    description: '小区东门路灯不亮，已报修三次',
    jurisdiction: 'hohhot/saihan/wulanchabu-east-road',
    address: '新华小区7号楼3单元502',
    complainant: { name: '欧阳淑芬', phone: '13904719876', idNumber: '150102199001011230' },
    n,
  },
  metadata: {
    commandId: `cmd-${n}`,
    correlationId: `corr-${n}`,
    causationId: `cmd-${n}`,
    actor: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
    occurredAt: '2026-03-01T09:30:00+08:00',
  },
})

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9

/** `batch` events per append to `stream(i)`; `every` as above. */
const phase = async (store: EventStore, offset: number, every: number, batch = BATCH, stream: (i: number) => string = (i) => `complaint-${i % STREAMS}`): Promise<{ rate: number; cpuUs: number; events: number }> => {
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  let events = 0
  for (let i = 0; seconds(started) * 1000 < PHASE_MS; i += 1) {
    await store.appendToStream(stream(i), Array.from({ length: batch }, (_, k) => event(offset + events + k, every)), { expectedVersion: 'any' })
    events += batch
  }
  const used = process.cpuUsage(cpu)
  return { rate: events / seconds(started), cpuUs: (used.user + used.system) / events, events }
}

type Measure = (store: EventStore, offset: number) => Promise<{ rate: number; cpuUs: number; events: number }>

/** Off/on pairs, alternating, the median of each; printed with the ratio (`what`: what is on, for the labels). */
const pairs = async (plain: EventStore, sealed: EventStore, measure: Measure, title: string, unit = 'events', what = 'encryption'): Promise<void> => {
  const off: { rate: number; cpuUs: number }[] = []
  const on: { rate: number; cpuUs: number }[] = []
  let offset = 0
  for (let round = 0; round < ROUNDS; round += 1) {
    const a = await measure(plain, offset)
    offset += a.events
    off.push(a)
    const b = await measure(sealed, offset)
    offset += b.events
    on.push(b)
  }
  const [a, b] = [
    { rate: median(off.map((x) => x.rate)), cpuUs: median(off.map((x) => x.cpuUs)) },
    { rate: median(on.map((x) => x.rate)), cpuUs: median(on.map((x) => x.cpuUs)) },
  ]
  const singular = unit.replace(/s$/, '')
  console.log(`${title}, median of ${ROUNDS}:`)
  console.log(`  ${`${what} off (baseline):`.padEnd(27)} ${a.rate.toFixed(0)} ${unit}/s, ${a.cpuUs.toFixed(1)} CPU µs/${singular}`)
  console.log(`  ${`${what} on:`.padEnd(27)} ${b.rate.toFixed(0)} ${unit}/s, ${b.cpuUs.toFixed(1)} CPU µs/${singular}`)
  console.log(`  ratio on/off: throughput ${(b.rate / a.rate).toFixed(2)}, CPU per ${singular} ${(b.cpuUs / a.cpuUs).toFixed(2)}`)
}

const what = (every: number) => (every === 1 ? 'every event a registration with 4 sealed fields (worst case)' : `one event in ${every} a registration with 4 sealed fields, the rest notes`)

/** Drops the bench's schemas (and whatever they hold). */
const dropSchemas = async (url: string, schemas: readonly string[]): Promise<void> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
  await client.end()
}

const comparePostgres = async (url: string): Promise<void> => {
  const schemas = [`bench_plain_${randomUUID().slice(0, 8)}`, `bench_sealed_${randomUUID().slice(0, 8)}`]
  const plain = postgresEventStore({ connectionString: url, schema: schemas[0] })
  const sealed = sealedPostgresStore({ connectionString: url, schema: schemas[1] })
  try {
    await pairs(plain, sealed, (store, offset) => phase(store, offset, 8), `PostgreSQL: batched appends (${BATCH} events per append), ${what(8)}`)
    // The PostgreSQL-only cost: a new case's key created (one INSERT round trip) before its registration's append.
    await pairs(plain, sealed, (store, offset) => phase(store, offset, 1, 1, () => `complaint-${randomUUID()}`), 'PostgreSQL: one registration per append, each a new case (a key made before each append)', 'appends')
    // Reading one case back: one more query loads its keys (and the erasures since) before it is opened.
    const ids = Array.from({ length: 200 }, () => `complaint-${randomUUID()}`)
    for (const store of [plain, sealed]) for (const [i, id] of ids.entries()) await store.appendToStream(id, [registration(i)], { expectedVersion: 'any' })
    const reads: Measure = async (store) => {
      const started = process.hrtime.bigint()
      const cpu = process.cpuUsage()
      let n = 0
      for (; seconds(started) * 1000 < PHASE_MS; n += 1) await store.readStream(ids[n % ids.length] ?? '')
      const used = process.cpuUsage(cpu)
      return { rate: n / seconds(started), cpuUs: (used.user + used.system) / n, events: 0 }
    }
    await pairs(plain, sealed, reads, 'PostgreSQL: reading one case (readStream of a sealed registration)', 'reads')
  } finally {
    await plain.close()
    await sealed.close()
    await dropSchemas(url, schemas)
  }
}

/**
 * Issue 19's evidence on PostgreSQL, on beside off: batched appends of 1,000 events (one in 8 a registration) to the
 * plain store, and to the sealed store with the Merkle tree following it and a head signed every 1,000 events, as the
 * server runs them beside PostgreSQL (the tree on the appending process's thread, heads and chunks in the store's
 * schema). The clock of an "on" phase stops once the tree has taken in, and signed, everything written.
 */
const evidencePostgres = async (url: string): Promise<void> => {
  const schemas = [`bench_off_${randomUUID().slice(0, 8)}`, `bench_on_${randomUUID().slice(0, 8)}`]
  const plain = postgresEventStore({ connectionString: url, schema: schemas[0] })
  const sealed = sealedPostgresStore({ connectionString: url, schema: schemas[1] })
  const heads = await sealed.ready.then(() => postgresTreeHeads({ pool: sealed.pool, schema: sealed.schema }))
  const tree = treeLog({ store: sealed, heads, signer: headSigner(generateHeadKey().privateKeyPem), clock: systemClock, everyEvents: 1000 })
  await tree.start()
  const batched: Measure = async (store, offset) => {
    const started = process.hrtime.bigint()
    const cpu = process.cpuUsage()
    let events = 0
    let last = -1
    for (let i = 0; seconds(started) * 1000 < PHASE_MS; i += 1) {
      const written = await store.appendToStream(`complaint-${i % STREAMS}`, Array.from({ length: 1000 }, (_, k) => event(offset + events + k, 8)), { expectedVersion: 'any' })
      if (E.isLeft(written)) throw new Error(`a batched append was refused: ${JSON.stringify(written.left)}`)
      last = written.right.lastPosition
      events += 1000
    }
    if (store === sealed) {
      await tree.waitFor(last)
      tree.signNow()
    }
    const used = process.cpuUsage(cpu)
    return { rate: events / seconds(started), cpuUs: (used.user + used.system) / events, events }
  }
  try {
    await pairs(plain, sealed, batched, `PostgreSQL: batched appends (1000 events per append), ${what(8)}; issue 19's target: on ≥ 0.85 of off`, 'events', 'sealing + tree + signed heads')
  } finally {
    await tree.stop()
    await heads.flush()
    heads.close()
    await plain.close()
    await sealed.close()
    await dropSchemas(url, schemas)
  }
}

const compare = async (dir: string, every: number): Promise<void> => {
  const plain = sqliteEventStore({ path: join(dir, `plain-${every}.sqlite`), writer: 'main' })
  const sealed = sealedSqliteStore({ path: join(dir, `sealed-${every}.sqlite`), writer: 'main' })
  try {
    await pairs(plain, sealed, (store, offset) => phase(store, offset, every), `batched appends (${BATCH} events per append), ${what(every)}; SQLite writer main`)
  } finally {
    await plain.close()
    await sealed.close()
  }
}

export const run = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-erasure-'))
  try {
    await compare(dir, 1)
    await compare(dir, 8)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  let server: PostgresServer | undefined
  const url = process.env.DATABASE_URL ?? (postgresMissing() === undefined ? (server = await startPostgres()).url : undefined)
  if (url === undefined) console.log(`(no PostgreSQL: ${postgresMissing() ?? 'none'}; set DATABASE_URL to measure one)`)
  else {
    try {
      await comparePostgres(url)
      await evidencePostgres(url)
    } finally {
      server?.destroy()
    }
  }
}
