// The 2 years to apply for enforcement of a confirmed agreement (申请执行的期间, 民事诉讼法 art. 250) over HTTP: the
// agreement takes its performance deadline (`performBy`, decoded: a bad one is 400 naming the field, nothing written), the
// confirmation shows the window's end on the dispute (`confirmation.enforcementBy`), and an application after it is
// recorded — 200, not refused — and marked `afterLimitation: true` (民事诉讼法解释 art. 481: the court decides). The window is
// the parties', not the office's: the dispute list's running deadlines (its overdue filter) never hold it.
import * as E from 'fp-ts/lib/Either.js'
import type { Actor } from '@gridcase/core/access'
import { disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fold } from '../../packages/core/src/kernel/decider.js'
import { actors as fixtures, at, CASE_NUMBER, command } from '../../packages/core/src/dispute/fixtures.js'
import type { DisputeEvent } from '../../packages/core/src/dispute/events.js'
import { disputeDecider } from '../../packages/core/src/dispute/index.js'
import { disputeSummary } from '../../packages/http/src/routes/disputes.js'
import { actors, postAs, sendAs, startServer, STREET, type TestServer } from './helpers/server.js'
import { reportNeighbours } from './helpers/neighboursDispute.js'

const DISTRICT = 'hohhot/saihan'
const who = {
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

/**
 * A dispute whose oral agreement (Mon 2026-03-02) the court confirmed on Tue 03-03 under `caseNumber`, recorded as not
 * performed (none): the enforcement window ends Fri 2028-03-03 at 24:00 China time (two years from the confirmation).
 * Without `caseNumber`, the agreement is never taken to the court: recorded not performed on Tue 03-03, unconfirmed.
 */
const notPerformed = async (caseNumber?: string): Promise<string> => {
  s.clock.set('2026-03-02T01:00:00.000Z')
  const path = await reportNeighbours(s, actors.workerA)
  await post(actors.workerA, `${path}/accept`)
  await post(actors.street, `${path}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
  await post(who.mediator, `${path}/record-session`, { minutes: '双方陈述' })
  await post(who.mediator, `${path}/record-agreement`, { form: 'oral', terms: ['钱进赔偿孙伟 800 元'], reachedOn: '2026-03-02' })
  if (caseNumber !== undefined) {
    await post(actors.residentB, `${path}/consent-confirmation`)
    await post(actors.residentA, `${path}/apply-confirmation`, { court: '赛罕区人民法院' })
  }
  s.clock.set('2026-03-03T02:00:00.000Z')
  if (caseNumber !== undefined) {
    await post(who.clerk, `${path}/record-court-acceptance`, { decision: 'accepted', caseNumber })
    await post(who.clerk, `${path}/record-confirmation`, { outcome: 'confirmed', caseNumber })
  }
  await post(who.mediator, `${path}/record-fulfilment`, { fulfilment: 'none', note: '钱进未付款' })
  return path
}
const confirmedNotPerformed = (caseNumber: string): Promise<string> => notPerformed(caseNumber)

describe('the enforcement window over HTTP (民事诉讼法 art. 250)', () => {
  it('performBy on the agreement, enforcementBy on the confirmation, a late application recorded and marked', async () => {
    // The server's clock: Mon 2026-03-02 09:00 China time.
    const path = await reportNeighbours(s, actors.workerA, { phones: true })
    await post(actors.workerA, `${path}/accept`)
    await post(actors.street, `${path}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
    await post(who.mediator, `${path}/record-session`, { minutes: '双方陈述' })

    const agreement = { form: 'oral', terms: ['钱进分两期赔偿孙伟 800 元，最后一期 6 月 30 日前付清'], reachedOn: '2026-03-02' }
    // Not a date; a date before the agreement took effect: 400 at performBy, and nothing written (still session-held).
    const notADate = await send(who.mediator, `${path}/record-agreement`, { ...agreement, performBy: '2026-02-30' })
    expect([notADate.status, fieldsOf(notADate.body)]).toEqual([400, ['performBy']])
    const before = await send(who.mediator, `${path}/record-agreement`, { ...agreement, performBy: '2026-03-01' })
    expect([before.status, fieldsOf(before.body)]).toEqual([400, ['performBy']])
    expect((await (await s.call(actors.street, 'GET', path)).json()) as Record<string, unknown>).toMatchObject({ status: 'session-held' })

    const agreed = await post(who.mediator, `${path}/record-agreement`, { ...agreement, performBy: '2026-06-30' })
    expect(agreed['agreement']).toMatchObject({ effectiveOn: '2026-03-02', performBy: '2026-06-30' })

    await post(actors.residentB, `${path}/consent-confirmation`)
    await post(actors.residentA, `${path}/apply-confirmation`, { court: '赛罕区人民法院' })
    s.clock.set('2026-03-03T02:00:00.000Z')
    await post(who.clerk, `${path}/record-court-acceptance`, { decision: 'accepted', caseNumber: '(2026)蒙0105民特31号' })
    s.clock.set('2026-03-05T02:00:00.000Z')
    // From the performance deadline Tue 2026-06-30: two years on, Fri 2028-06-30 (2028-01-01 is a Saturday; 6-30 is day
    // 182, 181 days on: a Friday), a working day.
    const confirmed = await post(who.clerk, `${path}/record-confirmation`, { outcome: 'confirmed', caseNumber: '(2026)蒙0105民特31号' })
    expect(confirmed['confirmation']).toMatchObject({ outcome: 'confirmed', enforcementBy: '2028-06-30T23:59:59+08:00' })

    await post(who.mediator, `${path}/record-fulfilment`, { fulfilment: 'none', note: '钱进未付款' })
    // Sat 2028-07-01 09:00 China time: the day after the window.
    s.clock.set('2028-07-01T01:00:00.000Z')
    const applied = await send(actors.residentA, `${path}/apply-enforcement`, { court: '赛罕区人民法院' })
    expect(applied.status, JSON.stringify(applied.body)).toBe(200)
    expect(applied.body['status']).toBe('enforcement-applied')
    const history = (await (await s.call(actors.street, 'GET', `${path}/history`)).json()) as { events: { type: string; data: Record<string, unknown> }[] }
    expect(history.events.find((e) => e.type === 'EnforcementApplied')?.data).toMatchObject({ enforcementBy: '2028-06-30T23:59:59+08:00', afterLimitation: true })
  })

  it('/openapi.json describes both fields on the dispute view', async () => {
    const spec: unknown = await (await s.call(undefined, 'GET', '/openapi.json')).json()
    type Schema = { properties?: Record<string, Schema> }
    // The dispute view, wherever the document places it: the schema whose confirmation names applyAgainBy.
    const find = (node: unknown): Schema | undefined => {
      if (typeof node !== 'object' || node === null) return undefined
      const schema = node as Schema
      if (schema.properties?.['confirmation']?.properties?.['applyAgainBy'] !== undefined) return schema
      for (const child of Object.values(node)) {
        const found = find(child)
        if (found !== undefined) return found
      }
      return undefined
    }
    const view = find(spec)
    expect(Object.keys(view?.properties?.['agreement']?.properties ?? {})).toContain('performBy')
    expect(Object.keys(view?.properties?.['confirmation']?.properties ?? {})).toContain('enforcementBy')
  })
})

// 申请强制执行 recorded by staff over HTTP: from what the party filed — which party (`party`), the day the court received it
// (`filedOn`) and the scan of its application (`attachments`, kind `application`), each missing one 400 naming the field with
// nothing written; with them 200, the history naming the applicant (masked to the other party) and the scan.
describe('apply-enforcement by staff: the party, the day filed and the scan of its application', () => {
  it('a street officer naming the court alone is 400 at party, filedOn and attachments; with them, 200', async () => {
    const path = await confirmedNotPerformed('(2026)蒙0105民特32号')
    s.clock.set('2026-04-08T02:00:00.000Z')
    const version = (await (await s.call(actors.street, 'GET', path)).json() as { version: number }).version

    const bare = await send(actors.street, `${path}/apply-enforcement`, { court: '赛罕区人民法院' })
    expect([bare.status, fieldsOf(bare.body)]).toEqual([400, ['party', 'filedOn', 'attachments']])
    const uploaded = await s.call(actors.street, 'POST', '/api/v1/attachments', '%PDF-1.4 强制执行申请书（法院收件章）', { 'content-type': 'application/pdf' })
    const sha256 = ((await uploaded.json()) as { sha256: string }).sha256
    const asDocument = await send(actors.street, `${path}/apply-enforcement`, { court: '赛罕区人民法院', party: '孙伟', filedOn: '2026-04-07', attachments: [{ sha256, kind: 'document' }] })
    expect([asDocument.status, fieldsOf(asDocument.body)]).toEqual([400, ['attachments']])
    expect((await (await s.call(actors.street, 'GET', path)).json() as { version: number }).version).toBe(version)

    const applied = await send(actors.street, `${path}/apply-enforcement`, { court: '赛罕区人民法院', party: '孙伟', filedOn: '2026-04-07', attachments: [{ sha256, kind: 'application' }] })
    expect([applied.status, applied.body['status']], JSON.stringify(applied.body)).toEqual([200, 'enforcement-applied'])
    const historyOf = async (actor: Actor) =>
      ((await (await s.call(actor, 'GET', `${path}/history`)).json()) as { events: { type: string; data: Record<string, unknown> }[] }).events.find((e) => e.type === 'EnforcementApplied')?.data
    expect(await historyOf(actors.street)).toMatchObject({ applicant: '孙伟', filedOn: '2026-04-07', recordedBy: actors.street.id, attachments: [{ sha256, kind: 'application' }] })
    expect((await historyOf(actors.residentB))?.['applicant']).not.toBe('孙伟')
  })
})

// 回访 that finds the confirmed agreement not performed (人民调解法 art. 33 ¶2: the other party may apply for enforcement):
// the case is not over — apply-enforcement after it is 200, on the last day of the 2 years as before (民事诉讼法 art. 250).
describe('after a follow-up visit that found the agreement not performed', () => {
  it('apply-enforcement is 200 on the window’s last day (Fri 2028-03-03), the case visited again before it closes', async () => {
    const path = await confirmedNotPerformed('(2026)蒙0105民特33号')
    s.clock.set('2026-04-08T02:00:00.000Z')
    await post(who.mediator, `${path}/record-follow-up`, { note: '回访：钱进仍未付款', satisfied: false })
    // Fri 2028-03-03 23:59 China time: the last minute of the 2 years.
    s.clock.set('2028-03-03T15:59:00.000Z')
    const applied = await send(actors.residentA, `${path}/apply-enforcement`, { court: '赛罕区人民法院' })
    expect([applied.status, applied.body['status'], applied.body['enforcementApplied']], JSON.stringify(applied.body)).toEqual([200, 'enforcement-applied', true])
    const history = (await (await s.call(actors.street, 'GET', `${path}/history`)).json()) as { events: { type: string; data: Record<string, unknown> }[] }
    expect(history.events.find((e) => e.type === 'EnforcementApplied')?.data).toMatchObject({ enforcementBy: '2028-03-03T23:59:59+08:00', afterLimitation: false })
    const closing = await send(who.mediator, `${path}/close`, {})
    expect(closing.status).toBe(409)
    await post(who.mediator, `${path}/record-follow-up`, { note: '回访：已申请强制执行' })
    expect((await send(who.mediator, `${path}/close`, {})).status).toBe(200)
  })
})

describe('a confirmed dispute’s list row: the enforcement window is not among its running deadlines', () => {
  const decider = disputeDecider()
  it('confirmed, then recorded as not fulfilled: nothing runs for the office, whatever the window', () => {
    const r = decider.decide(command('RecordConfirmation', fixtures.courtClerk, '2026-03-27T10:00:00+08:00', { outcome: 'confirmed', caseNumber: CASE_NUMBER }), fold(decider, at.courtAccepted))
    if (E.isLeft(r)) throw new Error(r.left.message)
    const confirmed = [...at.courtAccepted, ...r.right]
    expect(fold(decider, confirmed).confirmation?.enforcementBy).toBe('2028-03-27T23:59:59+08:00')
    expect(disputeSummary(fold(decider, confirmed))?.openDeadlines).toEqual([])
    const unfulfilled = [...confirmed, { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
    expect(disputeSummary(fold(decider, unfulfilled))?.openDeadlines).toEqual([])
  })
})

// The 30 days to apply for 司法确认 over HTTP (人民调解法 art. 33, 民事诉讼法 art. 205; counted as 民法典 arts. 200–203:
// the day the agreement took effect not counted, the period ends at 24:00 China time of its last day). An oral agreement
// reached Mon 2026-03-02 takes effect that day; day 30 is Wed 2026-04-01, a working day: an application at 23:59:59 China
// time that day is taken, one at 00:00 of Thu 04-02 is 422 `deadline-passed` (HTTP.md: expired legal window) with nothing
// written — the other party's consent included, which comes from the same window.
describe('the 司法确认 window over HTTP (人民调解法 art. 33)', () => {
  let w: TestServer
  beforeAll(async () => {
    w = await startServer({ caseTypes: [disputes()] })
  })
  afterAll(async () => {
    await w.close()
  })
  const sendTo = async (actor: Actor, path: string, body: unknown = {}) => {
    const res = await w.call(actor, 'POST', path, body)
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const agreed = async (): Promise<string> => {
    w.clock.set('2026-03-02T01:00:00.000Z')
    const ok = async (actor: Actor, path: string, body: unknown = {}) => {
      const r = await sendTo(actor, path, body)
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
      return r.body
    }
    const path = await reportNeighbours(w, actors.workerA)
    await ok(actors.workerA, `${path}/accept`)
    await ok(actors.street, `${path}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
    await ok(who.mediator, `${path}/record-session`, { minutes: '双方陈述' })
    const agreement = await ok(who.mediator, `${path}/record-agreement`, { form: 'oral', terms: ['钱进赔偿孙伟 800 元'], reachedOn: '2026-03-02' })
    expect(agreement['agreement']).toMatchObject({ effectiveOn: '2026-03-02', confirmationDeadline: '2026-04-01T23:59:59+08:00' })
    return path
  }
  const versionOf = async (path: string) => ((await (await w.call(actors.street, 'GET', path)).json()) as { version: number }).version

  it('day 30 (Wed 04-01) at 23:59:59 China time: the consent and the application are taken', async () => {
    const path = await agreed()
    w.clock.set('2026-04-01T15:59:59.000Z')
    expect((await sendTo(actors.residentB, `${path}/consent-confirmation`)).status).toBe(200)
    const applied = await sendTo(actors.residentA, `${path}/apply-confirmation`, { court: '赛罕区人民法院' })
    expect([applied.status, applied.body['status']]).toEqual([200, 'confirmation-applied'])
  })

  it('the day after (Thu 04-02) at 00:00 China time: 422 deadline-passed, nothing written', async () => {
    const path = await agreed()
    w.clock.set('2026-04-01T15:00:00.000Z')
    expect((await sendTo(actors.residentB, `${path}/consent-confirmation`)).status).toBe(200)
    const version = await versionOf(path)
    w.clock.set('2026-04-01T16:00:00.000Z')
    const late = await sendTo(actors.residentA, `${path}/apply-confirmation`, { court: '赛罕区人民法院' })
    expect([late.status, late.body['type']]).toEqual([422, 'urn:gridcase:problem:deadline-passed'])
    expect(await versionOf(path)).toBe(version)
    const lateConsent = await sendTo(actors.residentB, `${path}/consent-confirmation`)
    expect([lateConsent.status, lateConsent.body['type']]).toEqual([422, 'urn:gridcase:problem:deadline-passed'])
  })
})

// 人民调解法 art. 32: "当事人之间就调解协议的履行或者调解协议的内容发生争议的，一方当事人可以向人民法院提起诉讼". Found in review: after
// the 回访 that found an unconfirmed agreement not performed, refer-to-litigation was 409 — on the visited case and on the
// case closed after the visit. Now the visited case goes to litigation (and closes as such); the closed one records the
// suit and stays closed, its outcome as it was, showing litigationAfterClose. A confirmed agreement is enforced instead.
describe('a suit after the follow-up visit (人民调解法 art. 32)', () => {
  const SUED = { reason: '钱进拒不履行调解协议，孙伟起诉', court: '赛罕区人民法院' }
  const view = async (path: string) => (await (await s.call(actors.street, 'GET', path)).json()) as Record<string, unknown>
  it('an unconfirmed agreement not performed: referred after the visit, and after the case was closed (once)', async () => {
    const visited = await notPerformed()
    await post(who.mediator, `${visited}/record-follow-up`, { note: '回访：钱进仍未付款', satisfied: false })
    expect((await send(who.mediator, `${visited}/refer-to-litigation`, SUED)).status).toBe(200)
    expect(await view(visited)).toMatchObject({ status: 'referred-to-litigation' })
    await post(who.mediator, `${visited}/close`)
    expect(await view(visited)).toMatchObject({ status: 'closed', outcome: 'litigation' })

    const closed = await notPerformed()
    await post(who.mediator, `${closed}/record-follow-up`, { note: '回访：钱进仍未付款', satisfied: false })
    await post(who.mediator, `${closed}/close`)
    expect((await send(who.mediator, `${closed}/refer-to-litigation`, SUED)).status).toBe(200)
    expect(await view(closed)).toMatchObject({ status: 'closed', outcome: 'mediated', fulfilment: 'none', litigationAfterClose: true })
    const again = await send(who.mediator, `${closed}/refer-to-litigation`, SUED)
    expect([again.status, again.body['type']]).toEqual([409, 'urn:gridcase:problem:invalid-transition'])
    const history = (await (await s.call(actors.street, 'GET', `${closed}/history`)).json()) as { events?: { type: string }[] } | { type: string }[]
    const types = (Array.isArray(history) ? history : history.events ?? []).map((e) => e.type)
    expect(types.slice(-2)).toEqual(['DisputeClosed', 'ReferredToLitigation'])
  })
  // Found in review: performed in full, the suit was 409 ("performed in full"), though art. 32 takes a dispute over the
  // agreement's content to court too (to have it varied, revoked or declared void — 民法典 arts. 147–151, 153–154).
  it('an unconfirmed agreement performed in full: a suit over its content is referred after the visit, and after the case was closed (once)', async () => {
    const CONTENT = { reason: '孙伟主张调解协议显失公平，诉请撤销', court: '赛罕区人民法院' }
    const performed = async () => {
      const path = await notPerformed()
      await post(who.mediator, `${path}/record-fulfilment`, { fulfilment: 'full', note: '钱进已付清' })
      await post(who.mediator, `${path}/record-follow-up`, { note: '回访：已履行完毕', satisfied: true })
      return path
    }
    const visited = await performed()
    expect((await send(who.mediator, `${visited}/refer-to-litigation`, CONTENT)).status).toBe(200)
    expect(await view(visited)).toMatchObject({ status: 'referred-to-litigation', fulfilment: 'full' })

    const closed = await performed()
    await post(who.mediator, `${closed}/close`)
    expect((await send(who.mediator, `${closed}/refer-to-litigation`, CONTENT)).status).toBe(200)
    expect(await view(closed)).toMatchObject({ status: 'closed', outcome: 'mediated', fulfilment: 'full', litigationAfterClose: true })
    const again = await send(who.mediator, `${closed}/refer-to-litigation`, CONTENT)
    expect([again.status, again.body['type']]).toEqual([409, 'urn:gridcase:problem:invalid-transition'])
  })
  it('a confirmed agreement not performed: 409 after the visit and after closing, naming apply-enforcement', async () => {
    const path = await confirmedNotPerformed('(2026)蒙0105民特34号')
    await post(who.mediator, `${path}/record-follow-up`, { note: '回访：钱进仍未付款', satisfied: false })
    const visited = await send(who.mediator, `${path}/refer-to-litigation`, SUED)
    expect([visited.status, visited.body['type']]).toEqual([409, 'urn:gridcase:problem:invalid-transition'])
    expect(JSON.stringify(visited.body)).toContain('apply-enforcement')
    await post(who.mediator, `${path}/close`)
    const closed = await send(who.mediator, `${path}/refer-to-litigation`, SUED)
    expect([closed.status, JSON.stringify(closed.body).includes('apply-enforcement')]).toEqual([409, true])
    expect(await view(path)).not.toHaveProperty('litigationAfterClose')
  })
})
