// A complaint's list entry and its case view say the same `updatedAt`: when the case last moved. A deadline reminder
// (临期预警 / 超期, recorded by the scheduler as an admin of the case's place) is time passing, not the case moving —
// core's evolve leaves `updatedAt` as it was (state.ts) — and a case imported with its original times was last moved
// then, not when the log recorded it. The list read model keeps the time the store recorded the latest event of any
// kind (`updated_time`), and the list answered that instead of the case's own.
import { manualClock, memoryEventStore } from '@gridcase/adapters'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importedCaseId, importLine } from '../../packages/adapters/src/import/importer.js'
import { complaintLine } from '../support/importCases.js'
import { actors, COMMUNITY_A, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints()] })
})
afterAll(async () => {
  await s.close()
})

const unit = { id: 'community-a', name: '东区社区', level: 'community', jurisdiction: COMMUNITY_A }
const admin = { id: 'process:deadline-scheduler', role: 'admin', jurisdiction: COMMUNITY_A } as const
const at = (iso: string) => s.clock.set(new Date(iso).toISOString())
const ok = async (res: Response): Promise<Record<string, unknown>> => {
  const body = (await res.json()) as Record<string, unknown>
  expect(res.status, JSON.stringify(body)).toBeLessThan(300)
  return body
}

describe('GET /api/v1/complaints: an entry’s updatedAt is the case’s, as GET /api/v1/complaints/{id} shows it', () => {
  it('a 临期 and a 超期 reminder move neither', async () => {
    // Dispatched Mon 2027-03-01 09:00 (normal): 签收 by Tue 03-02 09:00 (24 h).
    at('2027-03-01T09:00:00+08:00')
    const { id } = await ok(
      await s.call(actors.operator, 'POST', '/api/v1/complaints', {
        channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '3号楼暖气不热',
        jurisdiction: COMMUNITY_A, complainant: { name: '李四', phone: '13912345678' },
      }),
    )
    await ok(await s.call(actors.operator, 'POST', `/api/v1/complaints/${String(id)}/accept`, {}))
    const dispatched = await ok(await s.call(actors.operator, 'POST', `/api/v1/complaints/${String(id)}/dispatch`, { unit }))
    expect(dispatched['updatedAt']).toBe('2027-03-01T01:00:00.000Z')
    // 临期 at 05:00 of 03-02 (4 h of 24 left: at most 20%), 超期 at 09:00:00.001.
    at('2027-03-02T05:00:00+08:00')
    await ok(await s.call(admin, 'POST', `/api/v1/complaints/${String(id)}/record-deadline-reminder`, { kind: 'acknowledge', deadline: '2027-03-02T09:00:00+08:00', reminder: 'due-soon' }))
    at('2027-03-02T10:00:00+08:00')
    await ok(await s.call(admin, 'POST', `/api/v1/complaints/${String(id)}/record-deadline-reminder`, { kind: 'acknowledge', deadline: '2027-03-02T09:00:00+08:00', reminder: 'overdue' }))

    const view = await ok(await s.call(actors.street, 'GET', `/api/v1/complaints/${String(id)}`))
    expect(view['updatedAt']).toBe('2027-03-01T01:00:00.000Z')
    const list = await ok(await s.call(actors.street, 'GET', '/api/v1/complaints?limit=1'))
    const [entry] = list['items'] as Record<string, unknown>[]
    expect(entry?.['id']).toBe(id)
    expect(entry?.['overdue']).toBe(true)
    // Before: 2027-03-02T02:00:00.000Z, the time the 超期 reminder was recorded.
    expect(entry?.['updatedAt']).toBe(view['updatedAt'])
    // Opened when the log recorded the registration: the list's order.
    expect(entry?.['openedAt']).toBe('2027-03-01T01:00:00.000Z')
  })

  it('an imported case: its last step’s time, not the import’s', async () => {
    // An old platform's complaint of January 2026 (tests/support/importCases.ts, line 1: registered Tue 01-06 08:01, …,
    // notified Thu 01-08 17:00), imported on 2026-12-07 10:00 (the store's clock: each event recorded then).
    const importedAt = manualClock('2026-12-07T02:00:00.000Z')
    const store = memoryEventStore({ clock: importedAt })
    const caseTypes = { complaint: complaints().caseType, dispute: disputes().caseType }
    const outcome = await importLine(JSON.stringify(complaintLine(1)), 1, { store, caseTypes, now: importedAt.now })
    expect(outcome.status).toBe('imported')
    const imported = await startServer({ store, caseTypes: [complaints()] })
    try {
      const id = importedCaseId('complaint', 'HH12345-2026-000001', 'hohhot-12345')
      const view = await ok(await imported.call(actors.street, 'GET', `/api/v1/complaints/${id}`))
      expect(view['updatedAt']).toBe('2026-01-08T17:00:00+08:00')
      const [entry] = (await ok(await imported.call(actors.street, 'GET', '/api/v1/complaints'))).items as Record<string, unknown>[]
      expect(entry?.['id']).toBe(id)
      // Before: 2026-12-07T02:00:00.000Z, the import's.
      expect(entry?.['updatedAt']).toBe('2026-01-08T17:00:00+08:00')
      // The list's order is the log's: opened when the import recorded it; registeredAt is the original time.
      expect(entry).toMatchObject({ openedAt: '2026-12-07T02:00:00.000Z', registeredAt: '2026-01-06T08:01:00+08:00' })
    } finally {
      await imported.close()
    }
  })
})
