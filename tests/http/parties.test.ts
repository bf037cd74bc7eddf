// A dispute belongs to its parties: a resident named as a party reads it and acts for themself on it,
// though someone else reported it; a resident who is not a party learns nothing (404).
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMUNITY_A, startServer, STREET, type TestServer } from './helpers/server.js'

// The China date now: an oral agreement is entered with the day it was reached (never later than recorded).
const today = (): string => localDate(s.clock.now())

const GRID = `${COMMUNITY_A}/grid-001`
const who = {
  applicant: { id: 'r-wang', role: 'resident', jurisdiction: GRID },
  respondent: { id: 'r-li', role: 'resident', jurisdiction: GRID },
  stranger: { id: 'r-zhao', role: 'resident', jurisdiction: GRID },
  officer: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  mediator: { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' },
} satisfies Record<string, Actor>

const parties = [
  { side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang' },
  { side: 'respondent', name: '李强', phone: '13900139000', residentId: 'r-li' },
]
const report = { source: 'party-application', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水，邻里纠纷' }

let s: TestServer
let id: string
const path = (rest = '') => `/api/v1/disputes/${id}${rest}`

const ok = async (actor: Actor, command: string, body: unknown) => {
  const res = await s.call(actor, 'POST', path(`/${command}`), body)
  expect(res.status, `${command}: ${await res.clone().text()}`).toBe(200)
  return (await res.json()) as { status: string; consents: string[]; confirmation?: { applicant: string } }
}

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  // The applicant reports it herself: she is its owner, the respondent only a party.
  const res = await s.call(who.applicant, 'POST', '/api/v1/disputes', report)
  expect(res.status).toBe(201)
  id = ((await res.json()) as { id: string }).id
  await ok(who.officer, 'accept', {})
  await ok(who.officer, 'assign-mediator', { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
  await ok(who.mediator, 'record-session', { minutes: '双方陈述' })
  await ok(who.mediator, 'record-agreement', { form: 'oral', terms: ['李强赔偿王芳维修费2000元'], reachedOn: today() })
})
afterAll(async () => {
  await s.close()
})

describe('a resident who is a party but not the reporter', () => {
  it('reads the dispute and its history', async () => {
    const res = await s.call(who.respondent, 'GET', path())
    expect(res.status).toBe(200)
    expect(((await res.json()) as { id: string; status: string }).status).toBe('agreement-reached')
    expect((await s.call(who.respondent, 'GET', path('/history'))).status).toBe(200)
  })

  it('sees it in the list of disputes', async () => {
    const res = await s.call(who.respondent, 'GET', '/api/v1/disputes')
    expect(((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([id])
  })

  it('consents to judicial confirmation for themself, and the applicant can then apply', async () => {
    expect((await ok(who.respondent, 'consent-confirmation', {})).consents).toEqual(['李强'])
    const applied = await ok(who.applicant, 'apply-confirmation', { court: '赛罕区人民法院' })
    expect([applied.status, applied.confirmation?.applicant]).toEqual(['confirmation-applied', '王芳'])
  })
})

describe('a resident who is not a party', () => {
  it('gets 404 for the case, its history and a command on it, as for a case that does not exist; nothing is written', async () => {
    const before = (await s.store.readAll()).length
    expect((await s.call(who.stranger, 'GET', path())).status).toBe(404)
    expect((await s.call(who.stranger, 'GET', path('/history'))).status).toBe(404)
    expect((await s.call(who.stranger, 'POST', path('/consent-confirmation'), {})).status).toBe(404)
    const missing = await s.call(who.stranger, 'GET', `/api/v1/disputes/${crypto.randomUUID()}`)
    expect(await (await s.call(who.stranger, 'GET', path())).json()).toEqual(await missing.json())
    expect((await s.store.readAll()).length).toBe(before)
  })

  it('does not see it in the list', async () => {
    const res = await s.call(who.stranger, 'GET', '/api/v1/disputes')
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([])
  })
})

describe('an undeclared field inside a party or another nested object', () => {
  const refused = async (actor: Actor, url: string, body: unknown, paths: string[]) => {
    const before = (await s.store.readAll()).length
    const res = await s.call(actor, 'POST', url, body)
    expect(res.status).toBe(400)
    const problem = (await res.json()) as { errors: { path: string; message: string }[] }
    expect(problem.errors).toEqual(paths.map((path) => ({ path, message: 'is not a known field' })))
    expect((await s.store.readAll()).length).toBe(before)
  }

  it('is refused on a dispute, named by its path, as an undeclared top-level field is', async () => {
    const withNickname = [parties[0], { ...parties[1], nickname: '小李' }]
    await refused(who.officer, '/api/v1/disputes', { ...report, parties: withNickname }, ['parties[1].nickname'])
    await refused(who.officer, path('/assign-mediator'), { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET, badge: 7 } }, ['mediator.badge'])
  })

  it('is refused on a complaint’s handling units and referral respondents', async () => {
    const res = await s.call(who.officer, 'POST', '/api/v1/complaints', {
      channel: 'walk-in', kind: 'complaint', category: 'heating', title: '暖气不热', description: '三天了', jurisdiction: GRID,
      complainant: { name: '王芳', phone: '13800138000' },
    })
    expect(res.status).toBe(201)
    const complaint = `/api/v1/complaints/${((await res.json()) as { id: string }).id}`
    const unit = { id: 'grid-001', level: 'grid', jurisdiction: GRID }
    await refused(who.officer, `${complaint}/dispatch`, { unit: { ...unit, nickname: 'x' } }, ['unit.nickname'])
    await refused(who.officer, `${complaint}/summon-departments`, { departments: [{ ...unit, department: 'housing', extra: 1 }], reason: '多部门' }, ['departments[0].extra'])
    await refused(
      who.officer,
      `${complaint}/refer-to-mediation`,
      { disputeId: crypto.randomUUID(), disputeCategory: 'neighbour', respondents: [{ name: '李强', age: 40 }], summary: '邻里纠纷' },
      ['respondents[0].age'],
    )
    await refused(who.officer, '/api/v1/complaints', {
      channel: 'walk-in', kind: 'complaint', category: 'heating', title: 't', description: 'd', jurisdiction: GRID,
      complainant: { name: '王芳', phone: '13800138000', wechat: 'x' },
    }, ['complainant.wechat'])
  })
})
