// 三调联动 end to end: a complaint referred to mediation; people's mediation fails; the case moves to
// administrative mediation, where the parties agree; the court confirms the agreement; it is fulfilled,
// followed up and closed. Every step goes through the command handler on the memory store.
import { manualClock, memoryEventStore, newId } from '@gridcase/adapters'
import { decode, handle, streamIdOf, verifyStream, type DomainError, type EventStore, type RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint, type ComplaintCommand } from '@gridcase/core/complaint'
import { dispute, type DisputeCommand, type DisputeState } from '@gridcase/core/dispute'
import { runReferral } from '@gridcase/core/processes'
import { dashboardProjection, dashboardView, replay } from '@gridcase/core/projections'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'

const GRID = 'hohhot/saihan/wulanchabu-east-road/xx-community/grid-017'
const COMPLAINT_ID = '0b6f1c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d'
const DISPUTE_ID = '7c1e2f0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b'
const COURT = '赛罕区人民法院'

const who = {
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  community: { id: 'cw-1', role: 'community-worker', jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xx-community' },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' },
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  peopleMediator: { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' },
  adminMediator: { id: 'am-1', role: 'mediator', track: 'administrative', jurisdiction: 'hohhot/saihan' },
  judge: { id: 'jm-1', role: 'mediator', track: 'judicial', jurisdiction: 'hohhot/saihan' },
  clerk: { id: 'cc-1', role: 'court-clerk', jurisdiction: 'hohhot/saihan' },
  auditor: { id: 'au-1', role: 'auditor', jurisdiction: 'hohhot' },
} satisfies Record<string, Actor>

const streamId = streamIdOf(dispute, DISPUTE_ID)
let store: EventStore
let referral: RecordedEvent
let step = 0

/** What an HTTP route does: decode the body with the case type's codec for that route, then handle. */
const send = async (route: string, body: unknown, actor: Actor, at: string) => {
  const spec = dispute.commands[route]
  if (spec === undefined) throw new Error(`no route ${route}`)
  const data = decode(spec.data, body)
  if (E.isLeft(data)) return data
  step += 1
  const command = { type: spec.type, data: data.right, meta: { commandId: `cmd-${step}`, actor, at } } as DisputeCommand
  return handle(store, dispute.decider, streamId, command, { schema: dispute.schema })
}
/** A complaint command as the pipeline hands it to the decider: its data decoded (once) with the case type's codec. */
const complaintCommand = (type: ComplaintCommand['type'], data: unknown, actor: Actor, at: string): E.Either<DomainError, ComplaintCommand> => {
  const spec = type === complaint.create.type ? complaint.create : Object.values(complaint.commands).find((s) => s.type === type)
  if (spec === undefined) throw new Error(`no complaint command ${type}`)
  return E.map((decoded: unknown) => ({ type, data: decoded, meta: { commandId: newId(), actor, at } }) as ComplaintCommand)(decode(spec.data, data))
}
const stateOf = (r: E.Either<DomainError, { readonly state: DisputeState }>): DisputeState => {
  if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`)
  return r.right.state
}
const codeOf = (r: E.Either<DomainError, unknown>): string => (E.isLeft(r) ? r.left.code : 'ok')

describe('三调联动: people → administrative → agreement → judicial confirmation → fulfilment', () => {
  beforeAll(async () => {
    store = memoryEventStore({ clock: manualClock('2026-03-05T02:00:00Z') })
    // The complaint side, hand-written in the agreed shape: the 12345 operator refers a property dispute.
    const appended = await store.appendToStream(
      `complaint-${COMPLAINT_ID}`,
      [
        {
          type: 'ComplaintReferredToMediation',
          schemaVersion: 1,
          data: {
            complaintId: COMPLAINT_ID,
            disputeId: DISPUTE_ID,
            disputeCategory: 'property',
            jurisdiction: GRID,
            applicant: { name: '王芳', phone: '13800138000' },
            respondents: [{ name: '某物业公司', phone: '0471-6612345' }],
            summary: '漏水维修费用争议',
            reason: '属民事纠纷，宜调解',
          },
          metadata: { commandId: 'complaint-cmd-9', correlationId: 'call-20260305-0001', causationId: 'complaint-cmd-9', actor: who.hotline, occurredAt: '2026-03-05T10:00:00+08:00' },
        },
      ],
      { expectedVersion: 'any' },
    )
    if (E.isLeft(appended)) throw new Error('could not write the complaint event')
    const [event] = appended.right.events
    if (event === undefined) throw new Error('no complaint event')
    referral = event
  })

  it('the referral opens the dispute, linked to the complaint and caused by its event', async () => {
    const r = await runReferral(store, referral)
    const [reported] = E.isRight(r) ? r.right.events : []
    expect(reported?.type).toBe('DisputeReported')
    expect(reported?.data).toMatchObject({ id: DISPUTE_ID, source: 'referral', complaintId: COMPLAINT_ID, category: 'property' })
    expect(reported?.metadata).toMatchObject({ correlationId: 'call-20260305-0001', causationId: referral.eventId, occurredAt: '2026-03-05T10:00:00+08:00' })
  })

  it('running the referral again writes nothing: the derived command id is already in the stream', async () => {
    const again = await runReferral(store, referral)
    expect([E.isRight(again) && again.right.replayed, (await store.readStream(streamId)).length]).toEqual([true, 1])
  })

  it('a referral naming no respondent is refused where the pipeline decodes it, at parties, and writes no dispute', async () => {
    const local = memoryEventStore()
    const appended = await local.appendToStream(referral.streamId, [{ type: referral.type, schemaVersion: 1, data: { ...(referral.data as object), respondents: [] }, metadata: referral.metadata }], { expectedVersion: 'any' })
    const [event] = E.isRight(appended) ? appended.right.events : []
    if (event === undefined) throw new Error('no complaint event')
    const r = await runReferral(local, event)
    expect(E.isLeft(r) && r.left.code === 'validation' && r.left.errors.map((e) => e.path)).toEqual(['parties'])
    expect(await local.readStream(streamId)).toHaveLength(0)
  })

  it("people's mediation: accepted, mediator assigned, one session, failure", async () => {
    expect(codeOf(await send('accept', {}, who.community, '2026-03-05T15:00:00+08:00'))).toBe('ok')
    expect(codeOf(await send('assign-mediator', { track: 'people', mediator: { id: 'pm-1', name: '张调解', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' } }, who.street, '2026-03-06T09:00:00+08:00'))).toBe('ok')
    expect(codeOf(await send('record-session', { minutes: '物业公司不认可责任', attendees: ['王芳', '某物业公司'] }, who.peopleMediator, '2026-03-09T14:00:00+08:00'))).toBe('ok')
    const s = stateOf(await send('record-failure', { reason: '涉及物业服务合同，需主管部门介入' }, who.peopleMediator, '2026-03-10T16:00:00+08:00'))
    expect([s.status, s.track, s.sessions]).toEqual(['mediation-failed', 'people', 1])
  })

  it("an administrative mediator cannot act on the people's track, and nothing is written", async () => {
    const before = (await store.readStream(streamId)).length
    expect(codeOf(await send('transfer', { to: 'judicial', reason: 'x' }, who.adminMediator, '2026-03-11T09:00:00+08:00'))).toBe('forbidden')
    expect((await store.readStream(streamId)).length).toBe(before)
  })

  it('transferred to administrative mediation (住建 housing office), where a second session is held', async () => {
    const t = stateOf(await send('transfer', { to: 'administrative', reason: '物业管理属住建部门行政调解' }, who.street, '2026-03-11T09:00:00+08:00'))
    expect([t.status, t.track, t.mediationDeadline]).toEqual(['transferred', 'administrative', '2026-04-10T23:59:59+08:00'])
    expect(codeOf(await send('assign-mediator', { track: 'administrative', mediator: { id: 'am-1', jurisdiction: 'hohhot/saihan' } }, who.street, '2026-03-11T10:00:00+08:00'))).toBe('ok')
    expect(codeOf(await send('record-session', { minutes: '住建局主持调解，物业公司同意承担部分费用' }, who.adminMediator, '2026-03-18T10:00:00+08:00'))).toBe('ok')
  })

  it('a written agreement signed by both parties and the mediator takes effect on the last signature', async () => {
    const body = {
      form: 'written',
      terms: ['某物业公司承担维修费1500元', '于2026年4月30日前付清'],
      signatures: [
        { party: '王芳', signedOn: '2026-03-19' },
        { party: '某物业公司', signedOn: '2026-03-20' },
      ],
      mediatorSignedOn: '2026-03-20',
      // The scan of the signed paper, by hash (a written agreement is recorded with it).
      attachments: [{ sha256: 'a'.repeat(64), kind: 'agreement' }],
    }
    const s = stateOf(await send('record-agreement', body, who.adminMediator, '2026-03-21T09:00:00+08:00'))
    // 3-20 + 30 days = Sun 4-19 → Mon 4-20 (民事诉讼法 art. 85).
    expect([s.status, s.agreement?.effectiveOn, s.agreement?.confirmationDeadline]).toEqual(['agreement-reached', '2026-03-20', '2026-04-20T23:59:59+08:00'])
  })

  it('an application without the other party’s consent is refused; with it, applied within the 30 days', async () => {
    const before = (await store.readStream(streamId)).length
    expect(codeOf(await send('apply-confirmation', { court: COURT, party: '王芳' }, who.community, '2026-04-01T10:00:00+08:00'))).toBe('invalid-transition')
    expect((await store.readStream(streamId)).length).toBe(before)
    // The mediator records the company's consent only from the form it signed (its attachment hash).
    expect(codeOf(await send('consent-confirmation', { party: '某物业公司' }, who.adminMediator, '2026-04-02T10:00:00+08:00'))).toBe('validation')
    const signed = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    expect(codeOf(await send('consent-confirmation', { party: '某物业公司', documentHash: signed }, who.adminMediator, '2026-04-02T10:00:00+08:00'))).toBe('ok')
    // Filed for 王芳 by the community: only with the application she signed (法释〔2011〕5号 art. 3), else nothing is written.
    expect(codeOf(await send('apply-confirmation', { court: COURT, party: '王芳' }, who.community, '2026-04-02T10:30:00+08:00'))).toBe('validation')
    const application = 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb'
    const s = stateOf(await send('apply-confirmation', { court: COURT, party: '王芳', applicationHash: application }, who.community, '2026-04-02T10:30:00+08:00'))
    // 4-02 + 3 days = Sun 4-05, 清明 (4-04..4-06 off) → Tue 4-07.
    expect([s.status, s.confirmation?.courtDecisionDeadline]).toEqual(['confirmation-applied', '2026-04-07T23:59:59+08:00'])
  })

  it('the court accepts and confirms (recorded by its clerk, with the 案号); the agreement is fulfilled, followed up and the case closed', async () => {
    expect(codeOf(await send('record-court-acceptance', { decision: 'accepted', caseNumber: '(2026)蒙0105民特31号' }, who.judge, '2026-04-03T09:00:00+08:00'))).toBe('forbidden')
    expect(codeOf(await send('record-court-acceptance', { decision: 'accepted', caseNumber: '(2026)蒙0105民特31号' }, who.clerk, '2026-04-03T09:00:00+08:00'))).toBe('ok')
    expect(codeOf(await send('record-confirmation', { outcome: 'confirmed', caseNumber: '(2026)蒙0105民特31号', ruling: '民事裁定书' }, who.clerk, '2026-04-03T16:00:00+08:00'))).toBe('ok')
    expect(codeOf(await send('record-fulfilment', { fulfilment: 'full', note: '已付清1500元' }, who.grid, '2026-04-28T10:00:00+08:00'))).toBe('ok')
    expect(codeOf(await send('record-follow-up', { note: '回访：漏水已修复，双方满意', satisfied: true }, who.community, '2026-05-08T10:00:00+08:00'))).toBe('ok')
    expect(codeOf(await send('close', {}, who.auditor, '2026-05-09T10:00:00+08:00'))).toBe('forbidden')
    const s = stateOf(await send('close', { reason: '协议已履行' }, who.street, '2026-05-09T10:00:00+08:00'))
    expect([s.status, s.outcome, s.complaintId]).toEqual(['closed', 'mediated', COMPLAINT_ID])
  })

  it('the history records the whole path, with the transfer hop by hop', async () => {
    const events = await store.readStream(streamId)
    expect(events.map((e) => e.type)).toEqual([
      'DisputeReported',
      'DisputeAccepted',
      'MediatorAssigned',
      'MediationSessionHeld',
      'MediationFailed',
      'DisputeTransferred',
      'MediatorAssigned',
      'MediationSessionHeld',
      'MediationAgreed',
      'JudicialConfirmationConsented',
      'JudicialConfirmationApplied',
      'JudicialConfirmationAccepted',
      'JudicialConfirmationGranted',
      'FulfilmentRecorded',
      'FollowUpVisited',
      'DisputeClosed',
    ])
    const hops = events.filter((e) => e.type === 'DisputeTransferred')
    expect(hops.map((e) => ({ data: e.data, by: e.metadata.actor.id, at: e.metadata.occurredAt }))).toEqual([
      {
        // The street officer (by) takes the case from the people's mediator who held it (mediatorId).
        data: { hop: 1, from: 'people', to: 'administrative', reason: '物业管理属住建部门行政调解', mediatorId: 'pm-1', mediationDeadline: '2026-04-10T23:59:59+08:00', calendar: { id: 'chinese-workdays', version: 'chinese-days@1.5.7', from: '2026-03-11T09:00:00+08:00', days: 30, unit: 'statutory-days' } },
        by: 'so-1',
        at: '2026-03-11T09:00:00+08:00',
      },
    ])
    // Re-sending the transfer's command id returns that earlier outcome, with the state as it was then, and writes nothing.
    const transferId = hops[0]?.metadata.commandId ?? ''
    const retry = { type: 'TransferDispute', data: { to: 'administrative', reason: '重发' }, meta: { commandId: transferId, actor: who.street, at: '2026-05-10T09:00:00+08:00' } }
    const final = await handle(store, dispute.decider, streamId, retry as DisputeCommand, { schema: dispute.schema })
    expect(E.isRight(final) && [final.right.replayed, final.right.events[0]?.type]).toEqual([true, 'DisputeTransferred'])
    expect(E.isRight(final) && final.right.state.transfers).toEqual([{ hop: 1, from: 'people', to: 'administrative', reason: '物业管理属住建部门行政调解' }])
    expect((await store.readStream(streamId)).length).toBe(events.length)
    const closed = events.at(-1)
    expect(closed?.data).toEqual({ outcome: 'mediated', reason: '协议已履行', complaintId: COMPLAINT_ID })
  })

  it('on the dashboard: one dispute, one success overall (failed on the people\'s track, agreed on the administrative); the court\'s acceptance counted', async () => {
    const view = dashboardView(replay(dashboardProjection, await store.readStream(streamId)), { jurisdiction: 'hohhot/saihan' })
    // DOMAIN.md "Dashboards": overall per dispute — it failed on one track and agreed on another: 1 agreement / 1 concluded.
    // Days from acceptance (03-05 15:00) to the agreement (03-21 09:00): 15 days 18 hours = 15.75.
    expect(view.mediation).toMatchObject({ agreements: 1, failures: 0, concluded: 1, successRate: 1, meanDaysToConclude: 15.75 })
    // Each track its own attempts: the people's failure (03-10 16:00, 5 days 1 hour), the administrative agreement.
    expect(view.mediation.byTrack.people).toMatchObject({ agreements: 0, failures: 1, concluded: 1, successRate: 0 })
    expect(view.mediation.byTrack.administrative).toMatchObject({ agreements: 1, failures: 0, concluded: 1, successRate: 1 })
    // 司法确认: applied 04-02, accepted by the court 04-03 09:00, granted 04-03 16:00.
    expect(view.mediation.confirmations).toEqual({ applied: 1, accepted: 1, granted: 1, rejected: 0 })
  })

  it('the stream is an unbroken hash chain, and an altered event breaks it at that event', async () => {
    const events = await store.readStream(streamId)
    expect(verifyStream(streamId, events)).toMatchObject({ ok: true, events: events.length })
    const tampered = events.map((e) =>
      e.type === 'MediationAgreed' ? { ...e, data: { ...(e.data as Record<string, unknown>), terms: ['某物业公司承担维修费150元'] } } : e,
    )
    const agreedAt = events.findIndex((e) => e.type === 'MediationAgreed')
    expect(verifyStream(streamId, tampered)).toMatchObject({ ok: false, brokenLink: { version: agreedAt, reason: 'hash-mismatch' } })
  })
})

describe("the complaint type's own referral opens a dispute, and each case carries the other's id", () => {
  it('register a 12345 complaint, refer it to mediation, run the referral process', async () => {
    const local = memoryEventStore()
    const complaintId = newId()
    const disputeId = newId()
    const complaintStream = streamIdOf(complaint, complaintId)
    const onComplaint = async (type: ComplaintCommand['type'], at: string, data: unknown) => {
      const command = complaintCommand(type, data, who.hotline, at)
      if (E.isLeft(command)) throw new Error(`${type}: ${command.left.message}`)
      const r = await handle(local, complaint.decider, complaintStream, command.right, { schema: complaint.schema })
      if (E.isLeft(r)) throw new Error(`${type}: ${r.left.message}`)
      return r.right
    }
    await onComplaint('RegisterComplaint', '2026-03-02T09:00:00+08:00', {
      id: complaintId,
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'property',
      title: '楼上漏水物业不管',
      description: '楼上漏水，物业公司拒绝维修。',
      jurisdiction: GRID,
      complainant: { name: '王芳', phone: '13800138000', residentId: 'r-wang' },
    })
    const referred = await onComplaint('ReferToMediation', '2026-03-02T09:30:00+08:00', {
      disputeId,
      disputeCategory: 'property',
      respondents: [{ name: '某物业公司', phone: '0471-6612345' }],
      summary: '漏水维修费用争议',
      reason: '属民事纠纷，宜调解',
    })
    const [event] = referred.events
    if (event === undefined) throw new Error('no referral event')
    const opened = await runReferral(local, event)
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    const [reported] = opened.right.events
    expect([event.type, (event.data as { disputeId?: string }).disputeId]).toEqual(['ComplaintReferredToMediation', disputeId])
    expect(reported?.data).toMatchObject({ id: disputeId, complaintId, source: 'referral' })
    expect(reported?.metadata).toMatchObject({ correlationId: event.metadata.correlationId, causationId: event.eventId })
    expect(opened.right.streamId).toBe(streamIdOf(dispute, disputeId))
  })

  it('the complainant, referred with their resident account, acts in the dispute as a party: consents to judicial confirmation', async () => {
    const local = memoryEventStore()
    const [complaintId, disputeId] = [newId(), newId()]
    const complaintStream = streamIdOf(complaint, complaintId)
    const disputeStream = streamIdOf(dispute, disputeId)
    const onComplaint = async (type: ComplaintCommand['type'], at: string, data: unknown) => {
      const command = complaintCommand(type, data, who.hotline, at)
      return E.isLeft(command) ? command : handle(local, complaint.decider, complaintStream, command.right, { schema: complaint.schema })
    }
    const onDispute = async (route: string, body: unknown, actor: Actor, at: string) => {
      const spec = dispute.commands[route]
      if (spec === undefined) throw new Error(`no route ${route}`)
      const data = decode(spec.data, body)
      if (E.isLeft(data)) return data
      const command = { type: spec.type, data: data.right, meta: { commandId: newId(), actor, at } } as DisputeCommand
      return handle(local, dispute.decider, disputeStream, command, { schema: dispute.schema })
    }
    const wang: Actor = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
    const stranger: Actor = { id: 'r-other', role: 'resident', jurisdiction: GRID }

    const registered = await onComplaint('RegisterComplaint', '2026-03-02T09:00:00+08:00', {
      id: complaintId,
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'property',
      title: '楼上漏水',
      description: '楼上漏水，邻居不肯维修。',
      jurisdiction: GRID,
      complainant: { name: '王芳', phone: '13800138000', residentId: 'r-wang' },
    })
    expect(codeOf(registered)).toBe('ok')
    // A category the dispute does not know is refused on the complaint side already, and nothing is written.
    const refused = await onComplaint('ReferToMediation', '2026-03-02T09:20:00+08:00', { disputeId, disputeCategory: '邻里', respondents: [{ name: '张伟' }], summary: '漏水' })
    expect(codeOf(refused)).toBe('validation')
    const referred = await onComplaint('ReferToMediation', '2026-03-02T09:30:00+08:00', { disputeId, disputeCategory: 'neighbour', respondents: [{ name: '张伟' }], summary: '楼上漏水维修争议' })
    if (E.isLeft(referred)) throw new Error(referred.left.message)
    const [event] = referred.right.events
    if (event === undefined) throw new Error('no referral event')
    expect(event.data).toMatchObject({ complaintId, disputeId, applicant: { name: '王芳', residentId: 'r-wang' } })
    expect(referred.right.state).toMatchObject({ status: 'referred-to-mediation', disputeId })

    const opened = await runReferral(local, event)
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    expect(opened.right.state).toMatchObject({ id: disputeId, complaintId, source: 'referral' })
    expect(opened.right.state.status !== 'none' && opened.right.state.parties.find((p) => p.side === 'applicant')).toEqual({
      side: 'applicant',
      name: '王芳',
      phone: '13800138000',
      residentId: 'r-wang',
    })

    expect(codeOf(await onDispute('accept', {}, who.community, '2026-03-02T15:00:00+08:00'))).toBe('ok')
    expect(codeOf(await onDispute('assign-mediator', { track: 'people', mediator: { id: 'pm-1', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' } }, who.street, '2026-03-03T09:00:00+08:00'))).toBe('ok')
    expect(codeOf(await onDispute('record-session', { minutes: '双方到场，张伟同意修复' }, who.peopleMediator, '2026-03-04T09:00:00+08:00'))).toBe('ok')
    expect(codeOf(await onDispute('record-agreement', { form: 'oral', terms: ['张伟负责修复防水层'], reachedOn: '2026-03-04' }, who.peopleMediator, '2026-03-04T10:00:00+08:00'))).toBe('ok')
    // Another resident is no party; 王芳 speaks for herself, and only for herself.
    expect(codeOf(await onDispute('consent-confirmation', {}, stranger, '2026-03-05T10:00:00+08:00'))).toBe('forbidden')
    expect(codeOf(await onDispute('consent-confirmation', { party: '张伟' }, wang, '2026-03-05T10:00:00+08:00'))).toBe('forbidden')
    const consented = await onDispute('consent-confirmation', {}, wang, '2026-03-05T10:00:00+08:00')
    expect(E.isRight(consented) && consented.right.events.map((e) => [e.type, e.data, e.metadata.actor.id])).toEqual([
      ['JudicialConfirmationConsented', { party: '王芳', recordedBy: 'r-wang' }, 'r-wang'],
    ])
    const events = await local.readStream(disputeStream)
    expect(events.map((e) => e.type)).toEqual(['DisputeReported', 'DisputeAccepted', 'MediatorAssigned', 'MediationSessionHeld', 'MediationAgreed', 'JudicialConfirmationConsented'])
  })
})
