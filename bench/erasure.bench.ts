// Crypto-shredding at append time: batched appends on SQLite with the complainant's fields sealed (AES-256-GCM,
// a key per data subject) vs not, in the same run. Worst case: every event carries all four sealed fields (name,
// phone, id number, address); in a real log only the registration (and a referral) of each case does.
//   npx tsx bench/index.ts erasure
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sealedSqliteStore, sqliteEventStore } from '@gridcase/adapters'
import type { EventStore, NewEvent } from '@gridcase/core'

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

const phase = async (store: EventStore, offset: number, every: number): Promise<{ rate: number; cpuUs: number; events: number }> => {
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  let events = 0
  for (let i = 0; seconds(started) * 1000 < PHASE_MS; i += 1) {
    await store.appendToStream(`complaint-${i % STREAMS}`, Array.from({ length: BATCH }, (_, k) => event(offset + events + k, every)), { expectedVersion: 'any' })
    events += BATCH
  }
  const used = process.cpuUsage(cpu)
  return { rate: events / seconds(started), cpuUs: (used.user + used.system) / events, events }
}

const compare = async (dir: string, every: number): Promise<void> => {
  const plain = sqliteEventStore({ path: join(dir, `plain-${every}.sqlite`), writer: 'main' })
  const sealed = sealedSqliteStore({ path: join(dir, `sealed-${every}.sqlite`), writer: 'main' })
  const off: { rate: number; cpuUs: number }[] = []
  const on: { rate: number; cpuUs: number }[] = []
  let offset = 0
  for (let round = 0; round < ROUNDS; round += 1) {
    const a = await phase(plain, offset, every)
    offset += a.events
    off.push(a)
    const b = await phase(sealed, offset, every)
    offset += b.events
    on.push(b)
  }
  await plain.close()
  await sealed.close()
  const mid = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? Number.NaN
  const [a, b] = [
    { rate: mid(off.map((x) => x.rate)), cpuUs: mid(off.map((x) => x.cpuUs)) },
    { rate: mid(on.map((x) => x.rate)), cpuUs: mid(on.map((x) => x.cpuUs)) },
  ]
  const what = every === 1 ? 'every event a registration with 4 sealed fields (worst case)' : `one event in ${every} a registration with 4 sealed fields, the rest notes`
  console.log(`batched appends (${BATCH} events per append), ${what}; SQLite writer main, median of ${ROUNDS}:`)
  console.log(`  encryption off (baseline): ${a.rate.toFixed(0)} events/s, ${a.cpuUs.toFixed(1)} CPU µs/event`)
  console.log(`  encryption on:             ${b.rate.toFixed(0)} events/s, ${b.cpuUs.toFixed(1)} CPU µs/event`)
  console.log(`  ratio on/off: throughput ${(b.rate / a.rate).toFixed(2)}, CPU per event ${(b.cpuUs / a.cpuUs).toFixed(2)}`)
}

export const run = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-erasure-'))
  try {
    await compare(dir, 1)
    await compare(dir, 8)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
