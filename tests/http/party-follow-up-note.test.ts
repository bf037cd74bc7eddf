// 回访 after a mediation (FollowUpVisited): the mediator's note of a visit to one party — how it stands towards the
// other, what it threatens — is the committee's, as the hotline's note on a complaint's callback is (resident-history-
// oversight.test.ts): neither party reads it (DOMAIN.md "Jurisdiction and actors": least privilege; what one party told
// the committee is not the other's to read). The step stays in their history, by whom and when, with whether the visit
// found them satisfied. Found in review (2026-12-07): the respondent read 回访王五：对李四仍有怨气，扬言再闹.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { COMMUNITY_A, postAs, startServer, STREET, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const A: Actor = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
const B: Actor = { id: 'r-li', role: 'resident', jurisdiction: GRID }
const officer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
const mediator: Actor = { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' }
const NOTE = '回访王五：对李四仍有怨气，扬言再闹'
let s: TestServer
let id = ''

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  id = (await postAs(s, officer, '/api/v1/disputes', {
    source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '漏水纠纷',
    parties: [
      { side: 'applicant', name: '王五', residentId: A.id },
      { side: 'respondent', name: '李四', residentId: B.id },
    ],
  }))['id'] as string
  await postAs(s, officer, `/api/v1/disputes/${id}/accept`)
  await postAs(s, officer, `/api/v1/disputes/${id}/assign-mediator`, { track: 'people', mediator: { id: mediator.id, jurisdiction: STREET } })
  await postAs(s, mediator, `/api/v1/disputes/${id}/record-session`, { minutes: '双方到场陈述' })
  await postAs(s, mediator, `/api/v1/disputes/${id}/record-agreement`, { form: 'oral', terms: ['李四赔偿王五500元'], reachedOn: '2026-03-02' })
  await postAs(s, mediator, `/api/v1/disputes/${id}/record-fulfilment`, { fulfilment: 'full', note: '已付清500元' })
  await postAs(s, mediator, `/api/v1/disputes/${id}/record-follow-up`, { note: NOTE, satisfied: false })
})
afterAll(async () => {
  await s.close()
})

const history = async (actor: Actor): Promise<{ type: string; data?: Record<string, unknown> }[]> => {
  const res = await s.call(actor, 'GET', `/api/v1/disputes/${id}/history`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { events: { type: string; data?: Record<string, unknown> }[] }).events
}

it('neither party reads the note; the step and its satisfied stay', async () => {
  for (const party of [A, B]) {
    const events = await history(party)
    expect(JSON.stringify(events), party.id).not.toContain('扬言')
    expect(events.find((e) => e.type === 'FollowUpVisited')?.data, party.id).toEqual({ satisfied: false })
    const view = await s.call(party, 'GET', `/api/v1/disputes/${id}`)
    expect(await view.text()).not.toContain('扬言')
  }
})

it('the mediator reads it', async () => {
  expect((await history(mediator)).find((e) => e.type === 'FollowUpVisited')?.data).toEqual({ note: NOTE, satisfied: false })
})
