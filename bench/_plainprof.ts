import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sqliteEventStore } from '@gridcase/adapters'
import { sampleEvent } from './sampleEvent.js'
const dir = mkdtempSync(join(tmpdir(), 'plainprof-'))
const store = sqliteEventStore({ path: join(dir, 'x.sqlite'), synchronous: process.argv[3] === 'full' ? 'full' : 'normal' })
const batch = Number(process.argv[2] ?? 100)
let n = 0
const cpu = process.cpuUsage()
const t = process.hrtime.bigint()
for (let i = 0; i < 100_000 / batch; i++) {
  if (batch === 1) await Promise.all(Array.from({ length: 100 }, () => store.appendToStream(`complaint-${n % 200}`, [sampleEvent(n++)], { expectedVersion: 'any' })))
  else await store.appendToStream(`complaint-${i % 200}`, Array.from({ length: batch }, () => sampleEvent(n++)), { expectedVersion: 'any' })
  if (batch === 1) i += 99
}
const u = process.cpuUsage(cpu)
console.log('cpu us/event', (u.user + u.system) / n, 'ev/s', n / (Number(process.hrtime.bigint() - t) / 1e9))
await store.close()
