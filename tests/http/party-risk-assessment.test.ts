// A party to a dispute reads its case file without the mediation's internal risk assessment (风险研判: the grade, its
// reason, the escalation to the street). DOMAIN.md "Dispute": intake grades risk (e.g. risk of violence) and a high risk
// is escalated to the street and shown on the dashboard — staff's tools, which a resident may not read (dashboards are
// 403 to it); least privilege (个人信息保护法: only what the reader needs). Found by the resident persona (2026-12-07):
// both neighbours read, on the case, in its history and in their list, the committee's 李四扬言要砍王五，有暴力倾向，已通知
// 派出所 — the respondent learning what the applicant told the committee and that the police were told.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { COMMUNITY_A, postAs, startServer, STREET, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const A: Actor = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
const B: Actor = { id: 'r-li', role: 'resident', jurisdiction: GRID }
const officer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
const mediator: Actor = { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' }
const REASON = '李四扬言要砍王五，有暴力倾向，已通知派出所'
const REGRADE = '双方情绪平复'
let s: TestServer
let id = ''

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  id = (await postAs(s, officer, '/api/v1/disputes', {
    source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '王五与李四因漏水纠纷',
    parties: [
      { side: 'applicant', name: '王五', phone: '13812345678', residentId: A.id },
      { side: 'respondent', name: '李四', phone: '13900002222', residentId: B.id },
    ],
    risk: { grade: 'high', reason: REASON },
  }))['id'] as string
  await postAs(s, officer, `/api/v1/disputes/${id}/accept`)
  await postAs(s, officer, `/api/v1/disputes/${id}/assign-mediator`, { track: 'people', mediator: { id: mediator.id, jurisdiction: STREET } })
  await postAs(s, mediator, `/api/v1/disputes/${id}/grade-risk`, { grade: 'medium', reason: REGRADE })
  await postAs(s, mediator, `/api/v1/disputes/${id}/record-session`, { minutes: '双方到场陈述' })
})
afterAll(async () => {
  await s.close()
})

const read = async (actor: Actor, path: string): Promise<Record<string, unknown>> => {
  const res = await s.call(actor, 'GET', path)
  expect(res.status, path).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

it('neither party reads the grade, its reason or the escalation: case view, history, list', async () => {
  for (const party of [A, B]) {
    const view = await read(party, `/api/v1/disputes/${id}`)
    expect(view, party.id).not.toHaveProperty('risk')
    expect(view, party.id).not.toHaveProperty('escalatedTo')
    expect(view['sessions'], party.id).toBe(1)
    const history = (await read(party, `/api/v1/disputes/${id}/history`)) as { events: { type: string; version: number; reason?: string; data?: unknown }[] }
    const text = JSON.stringify(history)
    for (const secret of ['扬言', '派出所', REGRADE, '"high"', '"medium"']) expect(text, `${party.id} history: ${secret}`).not.toContain(secret)
    // The steps are still there, in order, by whom and when: only what the assessment says is left out.
    expect(history.events.map((e) => e.version)).toEqual(history.events.map((_, i) => i))
    const graded = history.events.filter((e) => e.type === 'DisputeRiskGraded')
    expect(graded.length).toBe(2)
    for (const e of graded) expect(e).not.toHaveProperty('data')
    const list = JSON.stringify(await read(party, '/api/v1/disputes'))
    expect(list, party.id).toContain(id)
    for (const secret of ['扬言', REGRADE, 'escalatedTo', '"risk"']) expect(list, `${party.id} list: ${secret}`).not.toContain(secret)
  }
})

it('a command a party sends answers without it too', async () => {
  const sha = await (async () => {
    const res = await s.call(A, 'POST', '/api/v1/attachments', Buffer.from('%PDF-1.4 consent').toString(), { 'content-type': 'application/pdf' })
    expect(res.status).toBe(201)
    return ((await res.json()) as { sha256: string }).sha256
  })()
  const answer = await postAs(s, A, `/api/v1/disputes/${id}/submit-documents`, { attachments: [{ sha256: sha, kind: 'document' }] })
  expect(answer).not.toHaveProperty('risk')
  expect(JSON.stringify(answer)).not.toContain(REGRADE)
})

it('the mediator and the street keep it', async () => {
  for (const staff of [mediator, officer]) {
    expect(await read(staff, `/api/v1/disputes/${id}`), staff.role).toMatchObject({ risk: { grade: 'medium', reason: REGRADE }, escalatedTo: STREET })
    expect(JSON.stringify(await read(staff, `/api/v1/disputes/${id}/history`)), staff.role).toContain(REASON)
  }
})
