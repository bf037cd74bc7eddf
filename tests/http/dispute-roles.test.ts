// Who does what on a dispute, over HTTP (found in review, session 45).
// 1. 受理 / 不予受理 is the mediation organisation's decision (人民调解法 art. 17: a party applies to the committee, which
//    mediates — not where a party refuses; art. 18: a court or the police tells the parties to apply to it), not the 12345 operator's, who registers and passes it
//    on: the operator's accept or decline is 403, nothing written; its registration still stands.
// 2. The centre's staff record the other party's consent to 司法确认 as they record an application: only from the form the
//    party signed (`documentHash`, 法释〔2011〕5号 art. 3) — so the centre completes a joint application without a mediator.
// 3. An application to the court recorded after the party filed it: judged on the day it was filed (`filedOn`).
import type { Actor } from '@gridcase/core/access'
import { disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, postAs, sendAs, startServer, STREET, type TestServer } from './helpers/server.js'
import { reportNeighbours } from './helpers/neighboursDispute.js'

const DISTRICT = 'hohhot/saihan'
const who = {
  centre: { id: 'co-1', role: 'centre-officer', jurisdiction: DISTRICT },
  mediator: { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: STREET },
  clerk: { id: 'cc-1', role: 'court-clerk', jurisdiction: DISTRICT },
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
const fieldsOf = (body: Record<string, unknown>) => ((body['errors'] ?? []) as { path: string }[]).map((e) => e.path)
const versionOf = async (path: string): Promise<number> => ((await (await s.call(actors.street, 'GET', path)).json()) as { version: number }).version

const report = (by: Actor): Promise<string> => reportNeighbours(s, by)

describe('受理 is the mediation organisation’s (人民调解法 arts. 17–18), not the 12345 operator’s', () => {
  it('the operator registers a dispute; its accept and decline are 403 with nothing written; the centre accepts', async () => {
    s.clock.set('2026-03-02T01:00:00.000Z')
    const path = await report(actors.operator)
    const version = await versionOf(path)
    const accept = await send(actors.operator, `${path}/accept`, { note: '受理' })
    expect(accept.status, JSON.stringify(accept.body)).toBe(403)
    const decline = await send(actors.operator, `${path}/decline`, { reason: '不属于受理范围' })
    expect(decline.status, JSON.stringify(decline.body)).toBe(403)
    expect(await versionOf(path)).toBe(version)
    expect(await post(who.centre, `${path}/accept`)).toMatchObject({ status: 'accepted' })
  })
})

/** A dispute walked to an oral agreement reached (and in effect) on `reachedOn`, the clock at 09:00 China time that day. */
const agreed = async (reachedOn: string): Promise<string> => {
  s.clock.set(`${reachedOn}T01:00:00.000Z`)
  const path = await report(actors.workerA)
  await post(who.centre, `${path}/accept`)
  await post(actors.street, `${path}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
  await post(who.mediator, `${path}/record-session`, { minutes: '双方陈述' })
  await post(who.mediator, `${path}/record-agreement`, { form: 'oral', terms: ['钱进赔偿孙伟 800 元'], reachedOn })
  return path
}
const upload = async (actor: Actor, text: string): Promise<string> => {
  const res = await s.call(actor, 'POST', '/api/v1/attachments', `%PDF-1.4 ${text} ${Math.random()}`, { 'content-type': 'application/pdf' })
  expect(res.status).toBe(201)
  return ((await res.json()) as { sha256: string }).sha256
}

describe('the centre records the other party’s consent to 司法确认 from the form it signed, as it records the application', () => {
  it('without the signed consent 400 at documentHash, nothing written; with it 200; then the application: confirmation-applied', async () => {
    const path = await agreed('2026-03-02')
    const version = await versionOf(path)
    const bare = await send(who.centre, `${path}/consent-confirmation`, { party: '钱进' })
    expect([bare.status, fieldsOf(bare.body)], JSON.stringify(bare.body)).toEqual([400, ['documentHash']])
    expect(await versionOf(path)).toBe(version)

    const consent = await upload(who.centre, '司法确认同意书 钱进签名')
    await post(who.centre, `${path}/consent-confirmation`, { party: '钱进', documentHash: consent })
    const application = await upload(who.centre, '司法确认申请书 孙伟签名')
    const applied = await post(who.centre, `${path}/apply-confirmation`, { court: '赛罕区人民法院', party: '孙伟', applicationHash: application })
    expect(applied['status']).toBe('confirmation-applied')
    const history = (await (await s.call(actors.street, 'GET', `${path}/history`)).json()) as { events: { type: string; data: Record<string, unknown> }[] }
    expect(history.events.find((e) => e.type === 'JudicialConfirmationConsented')?.data).toMatchObject({ party: '钱进', recordedBy: who.centre.id, documentHash: consent })
  })
})

// Agreement reached (oral, in effect) Mon 2026-03-02: day 30 is Wed 04-01. The party filed with the court on day 30; the
// centre records it on Thu 04-02, day 31. The court's 3 days from the filing: Sat 04-04, in 清明 (04-04..04-06 off) → Tue 04-07.
describe('apply-confirmation recorded after the party filed: filedOn (人民调解法 art. 33; 法释〔2011〕5号 art. 4)', () => {
  it('filed day 30, recorded day 31: 200, the court deadline from the filing; not said: 422 deadline-passed; a later filedOn 400', async () => {
    const path = await agreed('2026-03-02')
    await post(who.centre, `${path}/consent-confirmation`, { party: '钱进', documentHash: await upload(who.centre, '同意书 钱进') })
    const application = await upload(who.centre, '司法确认申请书 孙伟（法院收件章 2026-04-01）')
    s.clock.set('2026-04-02T01:00:00.000Z')
    const version = await versionOf(path)
    const body = { court: '赛罕区人民法院', party: '孙伟', applicationHash: application }
    const unsaid = await send(who.centre, `${path}/apply-confirmation`, body)
    expect([unsaid.status, unsaid.body['type']], JSON.stringify(unsaid.body)).toEqual([422, 'urn:gridcase:problem:deadline-passed'])
    const future = await send(who.centre, `${path}/apply-confirmation`, { ...body, filedOn: '2026-04-03' })
    expect([future.status, fieldsOf(future.body)]).toEqual([400, ['filedOn']])
    const notADate = await send(who.centre, `${path}/apply-confirmation`, { ...body, filedOn: '2026-04-31' })
    expect([notADate.status, fieldsOf(notADate.body)]).toEqual([400, ['filedOn']])
    expect(await versionOf(path)).toBe(version)

    const applied = await post(who.centre, `${path}/apply-confirmation`, { ...body, filedOn: '2026-04-01' })
    expect(applied['status']).toBe('confirmation-applied')
    const history = (await (await s.call(actors.street, 'GET', `${path}/history`)).json()) as { events: { type: string; data: Record<string, unknown> }[] }
    expect(history.events.find((e) => e.type === 'JudicialConfirmationApplied')?.data).toMatchObject({
      filedOn: '2026-04-01',
      confirmationDeadline: '2026-04-01T23:59:59+08:00',
      courtDecisionDeadline: '2026-04-07T23:59:59+08:00',
    })
  })
})

describe('the joint filing of day 30, both recorded on day 31: the consent on signedOn, the application on filedOn', () => {
  it('consent without signedOn on day 31 is 422; with signedOn 04-01, 200; then the application filedOn 04-01, 200', async () => {
    const path = await agreed('2026-03-02')
    const consent = await upload(who.centre, '同意书 钱进 2026-04-01')
    const application = await upload(who.centre, '申请书 孙伟 2026-04-01')
    s.clock.set('2026-04-02T01:00:00.000Z')
    const late = await send(who.centre, `${path}/consent-confirmation`, { party: '钱进', documentHash: consent })
    expect([late.status, late.body['type']]).toEqual([422, 'urn:gridcase:problem:deadline-passed'])
    const future = await send(who.centre, `${path}/consent-confirmation`, { party: '钱进', documentHash: consent, signedOn: '2026-04-03' })
    expect([future.status, fieldsOf(future.body)]).toEqual([400, ['signedOn']])
    await post(who.centre, `${path}/consent-confirmation`, { party: '钱进', documentHash: consent, signedOn: '2026-04-01' })
    const applied = await post(who.centre, `${path}/apply-confirmation`, { court: '赛罕区人民法院', party: '孙伟', applicationHash: application, filedOn: '2026-04-01' })
    expect(applied['status']).toBe('confirmation-applied')
    const history = (await (await s.call(actors.street, 'GET', `${path}/history`)).json()) as { events: { type: string; data: Record<string, unknown> }[] }
    expect(history.events.find((e) => e.type === 'JudicialConfirmationConsented')?.data).toMatchObject({ party: '钱进', signedOn: '2026-04-01' })
  })
})

// After the court refused (不予受理), the parties apply again together (民事诉讼法 art. 205): a filing dated before the day
// of the refusal is the one refused, not a new one. Agreement reached (oral) Mon 2026-03-02 (day 30 Wed 04-01); applied
// Thu 03-05; the court refuses Tue 03-10; the centre records the new consent and application on Thu 03-12.
describe('apply-confirmation after a refusal: filedOn not before the refusal’s day', () => {
  it('filedOn 03-09 (the day before) is 400 at filedOn, nothing written; 03-10 (the refusal’s day) 200; the view shows refusedOn', async () => {
    const path = await agreed('2026-03-02')
    s.clock.set('2026-03-05T01:00:00.000Z')
    await post(who.centre, `${path}/consent-confirmation`, { party: '钱进', documentHash: await upload(who.centre, '同意书 钱进 1') })
    await post(who.centre, `${path}/apply-confirmation`, { court: '赛罕区人民法院', party: '孙伟', applicationHash: await upload(who.centre, '申请书 孙伟 1') })
    s.clock.set('2026-03-10T02:00:00.000Z')
    const refused = await post(who.clerk, `${path}/record-court-acceptance`, { decision: 'refused', caseNumber: '(2026)蒙0105民特7号', reason: '不属于本院管辖' })
    expect(refused).toMatchObject({ status: 'confirmation-refused', confirmation: { acceptance: 'refused', refusedOn: '2026-03-10' } })
    s.clock.set('2026-03-12T01:00:00.000Z')
    const earlyConsent = await send(who.centre, `${path}/consent-confirmation`, { party: '钱进', documentHash: await upload(who.centre, '同意书 钱进 0309'), signedOn: '2026-03-09' })
    expect([earlyConsent.status, fieldsOf(earlyConsent.body)]).toEqual([400, ['signedOn']])
    await post(who.centre, `${path}/consent-confirmation`, { party: '钱进', documentHash: await upload(who.centre, '同意书 钱进 2'), signedOn: '2026-03-10' })
    const body = { court: '呼和浩特市中级人民法院', party: '孙伟', applicationHash: await upload(who.centre, '申请书 孙伟 2') }
    const version = await versionOf(path)
    const before = await send(who.centre, `${path}/apply-confirmation`, { ...body, filedOn: '2026-03-09' })
    expect([before.status, fieldsOf(before.body)], JSON.stringify(before.body)).toEqual([400, ['filedOn']])
    expect(await versionOf(path)).toBe(version)
    const applied = await post(who.centre, `${path}/apply-confirmation`, { ...body, filedOn: '2026-03-10' })
    expect(applied['status']).toBe('confirmation-applied')
  })
})

// The case view shows the dates the parties acted on, not only the history (found in review): `confirmation.filedOn` and
// `consentsSignedOn` (each consent recorded with its signedOn). The other party's name there is masked for a party, as in
// `consents`.
describe('the dispute view shows filedOn and the consents’ signedOn', () => {
  it('recorded on day 31 for day 30: GET shows confirmation.filedOn and consentsSignedOn; a party reads the other’s name masked', async () => {
    const path = await agreed('2026-03-02')
    s.clock.set('2026-04-02T01:00:00.000Z')
    await post(who.centre, `${path}/consent-confirmation`, { party: '钱进', documentHash: await upload(who.centre, '同意书 钱进 v'), signedOn: '2026-04-01' })
    await post(who.centre, `${path}/apply-confirmation`, { court: '赛罕区人民法院', party: '孙伟', applicationHash: await upload(who.centre, '申请书 孙伟 v'), filedOn: '2026-04-01' })
    const view = (await (await s.call(who.centre, 'GET', path)).json()) as Record<string, unknown>
    expect(view).toMatchObject({ consentsSignedOn: [{ party: '钱进', signedOn: '2026-04-01' }], confirmation: { applicant: '孙伟', filedOn: '2026-04-01' } })
    const asParty = (await (await s.call(actors.residentA, 'GET', path)).json()) as Record<string, unknown>
    expect(asParty['consents']).toEqual(['钱*'])
    expect(asParty['consentsSignedOn']).toEqual([{ party: '钱*', signedOn: '2026-04-01' }])
  })
})
