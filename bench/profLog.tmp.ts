import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateHeadKey, headSigner, sealedSqliteStore, sqliteEventStore, sqliteTreeHeads, systemClock, treeLog } from '@gridcase/adapters'
import type { EventStore, NewEvent } from '@gridcase/core'
import { sampleDrafts } from '../tests/support/sampleLog.js'
import { sampleEvent } from './sampleEvent.js'
const on = process.argv[2] === 'on'
const dir = mkdtempSync(join(tmpdir(), 'prof-'))
const path = join(dir, 'x.sqlite')
const drafts = [...sampleDrafts({ cases: 20_000, seed: 2026, spacingMinutes: 3, start: '2026-01-05T00:00:00.000Z' })]
const ev = process.env.MIX === '0' ? sampleEvent : (n: number): NewEvent => { const d = drafts[(n * 7919) % drafts.length]!; return { type: d.type, schemaVersion: 1, data: d.data, metadata: { commandId: `cmd-${n}`, correlationId: `corr-${n}`, causationId: `cmd-${n}`, actor: d.actor, occurredAt: d.at } } }
const store: EventStore & { close(): Promise<void> } = on ? sealedSqliteStore({ path }) : sqliteEventStore({ path }) as any
let tree: any
if (on) { const k = generateHeadKey(); tree = treeLog({ store, heads: sqliteTreeHeads({ path }), signer: headSigner(k.privateKeyPem), clock: systemClock, everyEvents: 1000, thread: { path } }); await tree.start() }
let n = 0
const t0 = Date.now(); const c0 = process.cpuUsage()
let last = -1
for (let i = 0; Date.now() - t0 < Number(process.env.MS ?? 8000); i++) {
  const r = await store.appendToStream(`complaint-${i % 200}`, Array.from({ length: 1000 }, () => ev((n += 1))), { expectedVersion: 'any' })
  if (r._tag === 'Left') throw new Error('refused'); last = r.right.lastPosition
}
if (tree) { await tree.waitFor(last); await tree.stop() }
const u = process.cpuUsage(c0)
console.log(on ? 'on' : 'off', n, 'events', (n / ((Date.now() - t0) / 1000)).toFixed(0), 'ev/s', ((u.user + u.system) / n).toFixed(1), 'µs/ev')
await store.close()
