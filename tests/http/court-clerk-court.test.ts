// A court clerk whose token names its court (`court`) reads only the disputes before that court — entrusted by it (诉前委派)
// or 司法确认 applied for to it — as it records only that court's decisions (DOMAIN.md "Jurisdiction and actors": least
// privilege for reading as for acting; 个人信息保护法 art. 6). Found in review: the clerk of another court of the same
// district, and the intermediate court's clerk scoped to the whole city, read and listed every such dispute in full
// (the parties' names and phones, the agreement's terms), though each was 403 on any act on it. A clerk whose token names
// no court is held to its jurisdiction alone, as before.
import type { Actor } from '@gridcase/core/access'
import { disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, sendAs, startServer, STREET, type TestServer } from './helpers/server.js'

const DISTRICT = 'hohhot/saihan'
const SAIHAN = '赛罕区人民法院'
const RAILWAY = '呼和浩特铁路运输法院'
const who = {
  mediator: { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: STREET },
  saihan: { id: 'cc-saihan', role: 'court-clerk', jurisdiction: DISTRICT, court: SAIHAN },
  railway: { id: 'cc-railway', role: 'court-clerk', jurisdiction: DISTRICT, court: RAILWAY },
  intermediate: { id: 'cc-mid', role: 'court-clerk', jurisdiction: 'hohhot', court: '呼和浩特市中级人民法院' },
  anyCourt: { id: 'cc-any', role: 'court-clerk', jurisdiction: DISTRICT },
} satisfies Record<string, Actor>

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [disputes()] })
})
afterAll(async () => {
  await s.close()
})

const send = (actor: Actor, path: string, body: unknown = {}) => sendAs(s, actor, path, body)
const post = (actor: Actor, path: string, body: unknown = {}) => postAs(s, actor, path, body)
const read = async (actor: Actor, path: string): Promise<{ status: number; text: string }> => {
  const res = await s.call(actor, 'GET', path)
  return { status: res.status, text: await res.text() }
}
const listed = async (actor: Actor): Promise<string[]> =>
  ((JSON.parse((await read(actor, '/api/v1/disputes?limit=100')).text) as { items: { id: string }[] }).items ?? []).map((i) => i.id)
const logged = async (actor: Actor): Promise<string[]> =>
  ((JSON.parse((await read(actor, '/api/v1/events?limit=100')).text) as { events: { streamId: string }[] }).events ?? []).map((e) => e.streamId)

/** What a reader gets of a case it may not read: the body of a missing one, on the case, its history and its commands. */
const hiddenFrom = async (actor: Actor, id: string): Promise<void> => {
  const missing = await read(actor, `/api/v1/disputes/${crypto.randomUUID()}`)
  expect(missing.status).toBe(404)
  expect(await read(actor, `/api/v1/disputes/${id}`)).toEqual(missing)
  expect((await read(actor, `/api/v1/disputes/${id}/history`)).status).toBe(404)
  expect(await listed(actor)).not.toContain(id)
  expect(await logged(actor)).not.toContain(`dispute-${id}`)
}

describe("a court clerk reads only its own court's disputes", () => {
  it('诉前委派: the entrusting court\'s clerk reads the dispute; another court\'s clerk of the district, and the intermediate court\'s, get the 404 of a missing case', async () => {
    const created = await post(who.saihan, '/api/v1/disputes', {
      source: 'court-entrusted', category: 'property', jurisdiction: `${COMMUNITY_A}/grid-001`, court: SAIHAN, courtCaseNumber: '(2026)蒙0105民诉前调112号',
      summary: '物业费纠纷，立案前委派调解',
      parties: [{ side: 'applicant', name: '赵敏', phone: '13900472001' }, { side: 'respondent', name: '某物业公司' }],
    })
    const id = String(created['id'])
    expect((await read(who.saihan, `/api/v1/disputes/${id}`)).text).toContain('13900472001')
    expect(await listed(who.saihan)).toContain(id)
    expect(await logged(who.saihan)).toContain(`dispute-${id}`)
    // A clerk whose token names no court: its jurisdiction alone, as before.
    expect((await read(who.anyCourt, `/api/v1/disputes/${id}`)).status).toBe(200)
    await hiddenFrom(who.railway, id)
    await hiddenFrom(who.intermediate, id)
  })

  // 委托调解: the court entrusts mediation in a case it has filed (a 民初 number), `stage: filed`; absent, before filing (诉前委派).
  // A filed case's number with no stage is refused at `stage` (its agreement would be taken for one to confirm), nothing written.
  it('委托调解 in a filed case: stage filed with its 民初 number is taken and read back; the 民初 number without it is 400 at stage', async () => {
    const body = {
      source: 'court-entrusted', category: 'property', jurisdiction: `${COMMUNITY_A}/grid-001`, court: SAIHAN, courtCaseNumber: '(2026)蒙0105民初45号',
      summary: '物业费纠纷，立案后委托调解', parties: [{ side: 'applicant', name: '孙立', phone: '13900472009' }, { side: 'respondent', name: '某物业公司' }],
    }
    const before = await logged(who.saihan)
    const unstaged = await send(who.saihan, '/api/v1/disputes', body)
    expect([unstaged.status, (unstaged.body as { errors?: { path: string }[] }).errors?.map((e) => e.path)]).toEqual([400, ['stage']])
    expect(await logged(who.saihan)).toEqual(before)
    const created = await post(who.saihan, '/api/v1/disputes', { ...body, stage: 'filed' })
    expect((JSON.parse((await read(who.saihan, `/api/v1/disputes/${String(created['id'])}`)).text) as { stage?: string }).stage).toBe('filed')
  })

  it("a clerk does not entrust a dispute in another court's name (403, nothing written)", async () => {
    const before = await logged(who.saihan)
    const refused = await send(who.railway, '/api/v1/disputes', {
      source: 'court-entrusted', category: 'property', jurisdiction: `${COMMUNITY_A}/grid-001`, court: SAIHAN, courtCaseNumber: '(2026)蒙0105民诉前调113号',
      summary: '物业费纠纷', parties: [{ side: 'applicant', name: '钱进', phone: '13900472002' }, { side: 'respondent', name: '某物业公司' }],
    })
    expect(refused.status, JSON.stringify(refused.body)).toBe(403)
    expect(await logged(who.saihan)).toEqual(before)
    // In its own court's name: taken, and its own to read.
    const own = await post(who.railway, '/api/v1/disputes', {
      source: 'court-entrusted', category: 'property', jurisdiction: `${COMMUNITY_A}/grid-001`, court: RAILWAY, courtCaseNumber: '(2026)蒙7101民诉前调5号',
      summary: '物业费纠纷', parties: [{ side: 'applicant', name: '钱进', phone: '13900472002' }, { side: 'respondent', name: '某物业公司' }],
    })
    expect((await read(who.railway, `/api/v1/disputes/${String(own['id'])}`)).status).toBe(200)
  })

  it('司法确认: the clerk of the court applied to reads the dispute, records its decisions; the other courts\' clerks get 404', async () => {
    const reported = await post(actors.workerA, '/api/v1/disputes', {
      source: 'party-application', category: 'neighbour', jurisdiction: `${COMMUNITY_A}/grid-001`, summary: '楼上漏水致楼下受损',
      parties: [
        { side: 'applicant', name: '孙伟', phone: '13900471001', residentId: actors.residentA.id },
        { side: 'respondent', name: '钱进', phone: '13900471002', residentId: actors.residentB.id },
      ],
    })
    const id = String(reported['id'])
    const path = `/api/v1/disputes/${id}`
    await post(actors.workerA, `${path}/accept`)
    await post(actors.street, `${path}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
    await post(who.mediator, `${path}/record-session`, { minutes: '双方陈述' })
    await post(who.mediator, `${path}/record-agreement`, { form: 'oral', terms: ['钱进赔偿孙伟 800 元'], reachedOn: '2026-03-02' })
    // Not before a court yet: no clerk reads it.
    await hiddenFrom(who.saihan, id)
    await post(actors.residentB, `${path}/consent-confirmation`)
    await post(actors.residentA, `${path}/apply-confirmation`, { court: SAIHAN })
    expect((await read(who.saihan, path)).text).toContain('13900471002')
    expect(await listed(who.saihan)).toContain(id)
    await hiddenFrom(who.railway, id)
    await hiddenFrom(who.intermediate, id)
    // Acting on it: the court's clerk may; another court's gets the 404 of a missing case, nothing written.
    const missing = await send(who.railway, `/api/v1/disputes/${crypto.randomUUID()}/record-court-acceptance`, { decision: 'accepted', caseNumber: '(2026)蒙0105民特32号' })
    expect(await send(who.railway, `${path}/record-court-acceptance`, { decision: 'accepted', caseNumber: '(2026)蒙0105民特32号' })).toEqual(missing)
    await post(who.saihan, `${path}/record-court-acceptance`, { decision: 'accepted', caseNumber: '(2026)蒙0105民特32号' })
  })

  // 民事诉讼法 art. 205 (1) (2023 numbering) and 法释〔2011〕5号 art. 2 ¶2: an entrusted mediation's agreement is applied for to
  // the entrusting court. Before, another court was taken, and the entrusting court's clerk was then 403 on its decisions.
  it('诉前委派: the parties apply to the entrusting court — another court is 400 at court, nothing written', async () => {
    const created = await post(who.saihan, '/api/v1/disputes', {
      source: 'court-entrusted', category: 'neighbour', jurisdiction: `${COMMUNITY_A}/grid-001`, court: SAIHAN, courtCaseNumber: '(2026)蒙0105民诉前调114号',
      summary: '楼上漏水，立案前委派调解',
      parties: [
        { side: 'applicant', name: '孙伟', phone: '13900471001', residentId: actors.residentA.id },
        { side: 'respondent', name: '钱进', phone: '13900471002', residentId: actors.residentB.id },
      ],
    })
    const path = `/api/v1/disputes/${String(created['id'])}`
    await post(actors.workerA, `${path}/accept`)
    await post(actors.street, `${path}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
    await post(who.mediator, `${path}/record-session`, { minutes: '双方陈述' })
    await post(who.mediator, `${path}/record-agreement`, { form: 'oral', terms: ['钱进赔偿孙伟 600 元'], reachedOn: '2026-03-02' })
    await post(actors.residentB, `${path}/consent-confirmation`)
    const before = (await read(who.saihan, `${path}/history`)).text
    const elsewhere = await send(actors.residentA, `${path}/apply-confirmation`, { court: RAILWAY })
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(400)
    expect(JSON.stringify(elsewhere.body)).toContain('"path":"court"')
    expect((await read(who.saihan, `${path}/history`)).text).toEqual(before)
    await post(actors.residentA, `${path}/apply-confirmation`, { court: SAIHAN })
    await post(who.saihan, `${path}/record-court-acceptance`, { decision: 'accepted', caseNumber: '(2026)蒙0105民特33号' })
  })
})
