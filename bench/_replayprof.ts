import { projectionRunner, sqliteCaseList, sqliteDashboard, sqliteEventStore } from '@gridcase/adapters'
import { complaints, disputes } from '@gridcase/http'
import { existsSync, rmSync } from 'node:fs'
import { sampleDrafts } from '../tests/support/sampleLog.js'
const path = '/tmp/replayprof.sqlite'
if (!existsSync(path)) {
  const store = sqliteEventStore({ path, synchronous: 'normal' })
  let pending: Promise<unknown>[] = []
  let n = 0
  for (const d of sampleDrafts({ cases: 5000, seed: 2026, spacingMinutes: 3 })) {
    pending.push(store.appendToStream(d.streamId, [{ type: d.type, schemaVersion: 1, data: d.data, metadata: { commandId: `c-${n}`, correlationId: `c-${n}`, causationId: `c-${n}`, actor: d.actor, occurredAt: d.at } }], { expectedVersion: 'any' }))
    n++
    if (pending.length >= 1000) { await Promise.all(pending); pending = [] }
  }
  await Promise.all(pending); await store.close(); process.exit(0)
}
rmSync('/tmp/replayprof-rm.sqlite', { force: true }); rmSync('/tmp/replayprof-rm.sqlite-wal', { force: true }); rmSync('/tmp/replayprof-rm.sqlite-shm', { force: true })
const store = sqliteEventStore({ path })
const mode = process.argv[2] ?? 'all'
const t0 = process.hrtime.bigint()
if (mode === 'read') {
  let n = 0
  for (let from = 0; ; ) { const page = await store.readAll({ fromPosition: from, limit: 5000 }); n += page.length; if (page.length < 5000) break; from = (page.at(-1)?.position ?? 0) + 1 }
  console.log('read', n, 'events in', Number(process.hrtime.bigint() - t0) / 1e6, 'ms')
} else {
  const list = sqliteCaseList('/tmp/replayprof-rm.sqlite', [complaints(), disputes()])
  const dashboard = sqliteDashboard('/tmp/replayprof-rm.sqlite')
  const models = mode === 'list' ? [list] : mode === 'dash' ? [dashboard] : [list, dashboard]
  const runner = projectionRunner({ store, readModels: models })
  const at = await runner.catchUp()
  console.log(mode, 'replayed to', at, 'in', Number(process.hrtime.bigint() - t0) / 1e6, 'ms')
  await list.close(); await dashboard.close()
}
await store.close()
