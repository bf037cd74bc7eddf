// A dispute's list entry's `updatedAt` is when the case last moved, as a complaint's is (complaint-list-updated.test.ts):
// its view keeps no `updatedAt`, so the list reads the read model's, which was the time the store recorded the latest
// event of any kind — a 临期 or 超期 reminder (the scheduler's, time passing, which core's evolve leaves the case as it was
// for) moved it. Now the time of the latest event that moved the case.
import { disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [disputes()] })
})
afterAll(async () => {
  await s.close()
})

const admin = { id: 'process:deadline-scheduler', role: 'admin', jurisdiction: COMMUNITY_A } as const
const at = (iso: string) => s.clock.set(new Date(iso).toISOString())
const listed = async (): Promise<Record<string, unknown> | undefined> => {
  const res = await s.call(actors.street, 'GET', '/api/v1/disputes?limit=1')
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: Record<string, unknown>[] }).items[0]
}

describe('GET /api/v1/disputes: an entry’s updatedAt is when the case last moved', () => {
  it('a 临期 and a 超期 reminder move it not; a mediator assigned does', async () => {
    // Reported and accepted Wed 2026-04-01 09:00 China time: people's mediation, 30 days to Fri 05-01, in 劳动节
    // (05-01–05-05): due Wed 05-06 24:00.
    at('2026-04-01T09:00:00+08:00')
    const { id } = await postAs(s, actors.workerA, '/api/v1/disputes', {
      source: 'party-application', category: 'neighbour', jurisdiction: `${COMMUNITY_A}/grid-001`, summary: '楼上漏水',
      parties: [{ side: 'applicant', name: '孙伟', phone: '13900471001' }, { side: 'respondent', name: '钱进', phone: '13900471002' }],
    })
    const path = `/api/v1/disputes/${String(id)}`
    const accepted = await postAs(s, actors.workerA, `${path}/accept`)
    expect(accepted['mediationDeadline']).toBe('2026-05-06T23:59:59+08:00')
    // 临期 Thu 04-30 09:00 (159 h of 855 left: at most 20%), 超期 Thu 05-07 09:00.
    at('2026-04-30T09:00:00+08:00')
    await postAs(s, admin, `${path}/record-deadline-reminder`, { kind: 'mediation', deadline: '2026-05-06T23:59:59+08:00', reminder: 'due-soon' })
    at('2026-05-07T09:00:00+08:00')
    await postAs(s, admin, `${path}/record-deadline-reminder`, { kind: 'mediation', deadline: '2026-05-06T23:59:59+08:00', reminder: 'overdue' })

    const entry = await listed()
    expect(entry?.['id']).toBe(id)
    expect(entry?.['overdue']).toBe(true)
    // Before: 2026-05-07T01:00:00.000Z, when the 超期 reminder was recorded.
    expect(entry?.['updatedAt']).toBe('2026-04-01T01:00:00.000Z')
    expect(entry?.['openedAt']).toBe('2026-04-01T01:00:00.000Z')

    at('2026-05-08T09:00:00+08:00')
    await postAs(s, actors.street, `${path}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' } })
    expect((await listed())?.['updatedAt']).toBe('2026-05-08T01:00:00.000Z')
  })
})
