// The dashboard's mediation figures over HTTP (DOMAIN.md "Dashboards"): a dispute that fails on the people's track, is
// transferred and agrees on the administrative one is one success overall (each track keeps its own attempt), and the
// court's acceptance of the 司法确认 application is counted (`confirmations.accepted`, an added field).
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, startServer, STREET, type TestServer } from './helpers/server.js'

const DISTRICT = 'hohhot/saihan'
const DAY = 86_400_000
const who = {
  peopleMediator: { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: STREET },
  adminMediator: { id: 'am-1', role: 'mediator', track: 'administrative', jurisdiction: DISTRICT },
  clerk: { id: 'cc-1', role: 'court-clerk', jurisdiction: DISTRICT },
} satisfies Record<string, Actor>

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [disputes()] })
})
afterAll(async () => {
  await s.close()
})

const post = async (actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const res = await s.call(actor, 'POST', path, body)
  const answer = (await res.json()) as Record<string, unknown>
  expect(res.status, `${path}: ${JSON.stringify(answer)}`).toBeLessThan(300)
  return answer
}

interface MediationBody {
  readonly agreements: number
  readonly failures: number
  readonly concluded: number
  readonly successRate: number | null
  readonly meanDaysToConclude: number | null
  readonly byTrack: Record<string, { readonly agreements: number; readonly failures: number; readonly concluded: number; readonly meanDaysToConclude: number | null }>
  readonly confirmations: Record<string, number>
}

describe('GET /api/v1/dashboard: mediation', () => {
  it('counts a dispute that failed on one track and agreed on another once, as a success, and the court accepting the application', async () => {
    const reported = await post(actors.workerA, '/api/v1/disputes', {
      source: 'party-application',
      category: 'neighbour',
      jurisdiction: `${COMMUNITY_A}/grid-001`,
      summary: '楼上漏水致楼下受损',
      parties: [{ side: 'applicant', name: '孙伟', phone: '13900471001' }, { side: 'respondent', name: '钱进', phone: '13900471002' }],
    })
    const path = `/api/v1/disputes/${String(reported['id'])}`
    await post(actors.workerA, `${path}/accept`)
    await post(actors.street, `${path}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
    await post(who.peopleMediator, `${path}/record-session`, { minutes: '双方陈述' })
    s.clock.advance(2 * DAY)
    await post(who.peopleMediator, `${path}/record-failure`, { reason: '分歧大' })
    await post(actors.street, `${path}/transfer`, { to: 'administrative', reason: '转行政调解' })
    await post(actors.street, `${path}/assign-mediator`, { track: 'administrative', mediator: { id: 'am-1', jurisdiction: DISTRICT } })
    await post(who.adminMediator, `${path}/record-session`, { minutes: '主管部门主持调解' })
    s.clock.advance(3 * DAY)
    await post(who.adminMediator, `${path}/record-agreement`, { form: 'oral', terms: ['钱进赔偿孙伟 800 元'], reachedOn: localDate(s.clock.now()) })
    s.clock.advance(DAY)
    // The mediator records the respondent's consent from the form it signed (uploaded first: its hash).
    const form = await fetch(`${s.url}/api/v1/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await s.token(who.adminMediator)}`, 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4\n% 司法确认申请同意书 钱进\n%%EOF\n'),
    })
    const signed = (await form.json()) as { sha256?: string }
    expect(form.status, JSON.stringify(signed)).toBe(201)
    await post(who.adminMediator, `${path}/consent-confirmation`, { party: '钱进', documentHash: signed.sha256 })
    // The applicant's signed application, uploaded by the worker who files it for him (法释〔2011〕5号 art. 3).
    const application = await fetch(`${s.url}/api/v1/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await s.token(actors.workerA)}`, 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4\n% 司法确认申请书 孙伟\n%%EOF\n'),
    })
    const applied = (await application.json()) as { sha256?: string }
    expect(application.status, JSON.stringify(applied)).toBe(201)
    await post(actors.workerA, `${path}/apply-confirmation`, { court: '赛罕区人民法院', party: '孙伟', applicationHash: applied.sha256 })
    s.clock.advance(DAY)
    await post(who.clerk, `${path}/record-court-acceptance`, { decision: 'accepted', caseNumber: '(2026)蒙0105民特31号' })

    const res = await s.call(actors.street, 'GET', `/api/v1/dashboard?jurisdiction=${STREET}`)
    expect(res.status).toBe(200)
    const { mediation } = (await res.json()) as { mediation: MediationBody }
    // By hand: accepted at t; failed on the people's track at t + 2 days; agreed on the administrative at t + 5 days.
    // Overall, per dispute: 1 agreement / 1 concluded = 1, 5 days to its final outcome. Each track its own attempt:
    // people 0 / 1 (2 days), administrative 1 / 1 (5 days).
    expect(mediation).toMatchObject({ agreements: 1, failures: 0, concluded: 1, successRate: 1, meanDaysToConclude: 5 })
    expect(mediation.byTrack['people']).toMatchObject({ agreements: 0, failures: 1, concluded: 1, meanDaysToConclude: 2 })
    expect(mediation.byTrack['administrative']).toMatchObject({ agreements: 1, failures: 0, concluded: 1, meanDaysToConclude: 5 })
    // 司法确认: applied, then accepted by the court (受理); no ruling yet.
    expect(mediation.confirmations).toEqual({ applied: 1, accepted: 1, granted: 0, rejected: 0 })
  })
})
