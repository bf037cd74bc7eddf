// 回访 at the latest when the result deadline passes (DOMAIN.md "Complaint"; 北京市接诉即办工作条例), over HTTP: a 信访-policy
// complaint accepted by the hotline and not yet dispatched — its 60-day handling period runs from the acceptance — and one
// referred to mediation while its dispute runs. Before the deadline the callback is 409 (invalid-transition); from
// 24:00 China time of the day it falls on, it is recorded. The deadline is counted by hand across 劳动节 2026.
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

const GRID = `${COMMUNITY_A}/grid-001`
const send = async (method: string, path: string, body?: unknown) => {
  const res = await s.call(actors.operator, method, path, body)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const callback = { reached: true, contacted: false, solved: 'not-solved', satisfaction: 'unsatisfied' }

/** A 涉法涉诉 complaint (the 信访 policy) registered and accepted by the hotline on Mon 2026-03-02 at 09:00 China time. */
const petitionAccepted = async (): Promise<string> => {
  s.clock.set('2026-03-02T01:00:00.000Z')
  const opened = await send('POST', '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'law-related', title: '邻里纠纷', description: '楼上漏水多次协商未果',
    jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' },
  })
  expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  const id = String(opened.body['id'])
  expect((await send('POST', `/api/v1/complaints/${id}/accept`, {})).status).toBe(200)
  return id
}

describe('the callback once the result deadline passed, before any unit holds the case', () => {
  // Accepted Mon 3-02: 60 days end on Fri 5-01, 劳动节 (5-01..5-05 off in 2026): the period ends Wed 5-06 at 24:00 China
  // time, 2026-05-06T16:00:00Z.
  it('accepted under 信访: 409 at the deadline’s last second, 200 from 24:00 — the answers kept on the case', async () => {
    const id = await petitionAccepted()
    expect((await send('GET', `/api/v1/complaints/${id}`)).body).toMatchObject({ status: 'accepted', resultBy: '2026-05-06T23:59:59+08:00' })
    for (const at of ['2026-05-01T01:00:00.000Z', '2026-05-06T15:59:58.000Z', '2026-05-06T15:59:59.999Z']) {
      s.clock.set(at)
      const refused = await send('POST', `/api/v1/complaints/${id}/record-callback`, callback)
      expect(refused.status, at).toBe(409)
    }
    s.clock.set('2026-05-06T16:00:00.000Z')
    const called = await send('POST', `/api/v1/complaints/${id}/record-callback`, callback)
    expect(called.status, JSON.stringify(called.body)).toBe(200)
    expect(called.body).toMatchObject({ status: 'accepted', callbacks: 1 })
  })

  it('referred to mediation (访调对接) and still in it: the callback is taken once the period ended', async () => {
    const id = await petitionAccepted()
    const referred = await send('POST', `/api/v1/complaints/${id}/refer-to-mediation`, { disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '楼上漏水' })
    expect(referred.status, JSON.stringify(referred.body)).toBe(200)
    s.clock.set('2026-05-06T15:59:59.999Z')
    expect((await send('POST', `/api/v1/complaints/${id}/record-callback`, callback)).status).toBe(409)
    s.clock.set('2026-05-07T01:00:00.000Z')
    const called = await send('POST', `/api/v1/complaints/${id}/record-callback`, callback)
    expect(called.status, JSON.stringify(called.body)).toBe(200)
    expect(called.body).toMatchObject({ status: 'referred-to-mediation', callbacks: 1 })
  })
})
