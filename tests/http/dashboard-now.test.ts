import { complaints } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints()] })
})
afterAll(async () => {
  await s.close()
})

const HOUR = 3_600_000
const unit = { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: `${COMMUNITY_A}/grid-001` }

interface Dashboard {
  readonly asOf: string | null
  readonly overdue: { readonly acknowledge: number; readonly items: readonly { readonly caseId: string; readonly deadlineKind: string }[] }
}

const dashboard = async (query = ''): Promise<Dashboard> => {
  const res = await s.call(actors.street, 'GET', `/api/v1/dashboard${query}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Dashboard
}

describe('GET /api/v1/dashboard without asOf', () => {
  it('counts a case overdue by the server clock, though no event has happened since its deadline', async () => {
    // Given a complaint dispatched to a grid (acknowledge within 24 h), and nothing after that.
    const opened = await s.call(actors.operator, 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'heating',
      title: '暖气不热',
      description: '3号楼2单元暖气一周不热。',
      jurisdiction: unit.jurisdiction,
      complainant: { name: '李四', phone: '13912345678' },
    })
    expect(opened.status).toBe(201)
    const { id } = (await opened.json()) as { id: string }
    expect((await s.call(actors.operator, 'POST', `/api/v1/complaints/${id}/accept`, {})).status).toBe(200)
    expect((await s.call(actors.operator, 'POST', `/api/v1/complaints/${id}/dispatch`, { unit })).status).toBe(200)
    const dispatchedAt = s.clock.now()
    expect((await dashboard()).overdue.acknowledge).toBe(0)

    // When two days pass on the clock with no event at all.
    s.clock.advance(48 * HOUR)
    const now = s.clock.now()

    // Then the dashboard answers as of now: the case is acknowledge-overdue.
    const body = await dashboard()
    expect(body.asOf).toBe(now)
    expect(body.overdue.acknowledge).toBe(1)
    expect(body.overdue.items).toEqual([expect.objectContaining({ caseId: id, deadlineKind: 'acknowledge' })])
    // An explicit asOf still wins: as of the dispatch, nothing was late yet.
    expect((await dashboard(`?asOf=${encodeURIComponent(dispatchedAt)}`)).overdue.acknowledge).toBe(0)
  })
})
