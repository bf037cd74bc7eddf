import { describe, expect, it } from 'vitest'
import type { Actor } from '../kernel/actor.js'
import { canRead } from '../access/permissions.js'
import { fold } from '../kernel/decider.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { DomainError } from '../kernel/errors.js'
import * as E from 'fp-ts/lib/Either.js'
import { decode } from '../kernel/codec.js'
import { RecordCourtAcceptanceData, type DisputeCommand } from './commands.js'
import type { DisputeEvent } from './events.js'
import { actors, at, CASE_NUMBER, COMPLAINT_ID, command, type CommandOf, DISPUTE_ID, GRID, history, mediators, parties, STREET } from './fixtures.js'
import { disputeDecider, disputeScope as scopeOf } from './index.js'
import { ERASED, UNREADABLE } from '../privacy/sealed.js'

const decider = disputeDecider()
// Deadlines name the calendar that counted them: the shipped schedules (2026 is in them)…
const SHIPPED = { id: 'chinese-workdays', version: 'chinese-days@1.5.7' }
// …and how: a statutory period of `days` from `from` (an extension has no `from`: it counts on from the deadline).
const counted = (days: number, from?: string) => ({ ...SHIPPED, ...(from === undefined ? {} : { from }), days, unit: 'statutory-days' as const })

/** Given past events, when a command, then events or a refusal code (through core's deciderSpec). */
const { given } = deciderSpec(decider)
/** For a decision whose events the test inspects itself: any events, no refusal. */
const anyEvents = (): void => undefined
const fieldsOf = (e: DomainError) => (e.code === 'validation' ? e.errors.map((f) => f.path) : [])

const T = '2026-03-12T10:00:00+08:00'
/** The sha-256 of a signed consent form kept as an attachment. */
const SIGNED = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
/** The scan of a signed written agreement (kind agreement): a written agreement is recorded with it. */
const SCAN = [{ sha256: SIGNED, kind: 'agreement' as const }]
const c = <K extends keyof CommandOf>(type: K, data: CommandOf[K]['data'], who: Actor, when = T) =>
  command(type, who, when, data)

const report = (over: Partial<CommandOf['ReportDispute']['data']> = {}, who: Actor = actors.gridWorker) =>
  c('ReportDispute', { id: DISPUTE_ID, source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水', ...over }, who)

const referred = [
  { type: 'DisputeReported', data: { ...history.reported[0]?.data, source: 'referral', complaintId: COMPLAINT_ID } } as DisputeEvent,
]

describe('report a dispute (ReportDispute)', () => {
  it('given no case, when a grid worker reports one found by screening, then DisputeReported', () => {
    given([]).when(report()).then([
      { type: 'DisputeReported', data: { id: DISPUTE_ID, source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水', reportedOn: '2026-03-12' } },
    ])
  })
  it('when a resident applies as a party, then the case is theirs (ownerId)', () => {
    const [e] = given([]).when(report({ source: 'party-application', category: 'medical' }, actors.wang)).then(anyEvents)
    expect(e?.type === 'DisputeReported' && e.data.ownerId).toBe('r-wang')
  })
  it('when a resident applies for a dispute in which they are not a party, then forbidden', () => {
    given([]).when(report({ source: 'party-application' }, actors.stranger)).then('forbidden')
  })
  it('when a hotline operator reports a referral with its complaint id, then the complaint id is on the event', () => {
    const [e] = given([]).when(report({ source: 'referral', complaintId: COMPLAINT_ID, referralReason: '物业纠纷' }, actors.hotline)).then(anyEvents)
    expect(e?.type === 'DisputeReported' && [e.data.complaintId, e.data.referralReason]).toEqual([COMPLAINT_ID, '物业纠纷'])
  })
  it('when a judicial mediator records a court-entrusted case with its court, then DisputeReported', () => {
    const [e] = given([]).when(report({ source: 'court-entrusted', court: '赛罕区人民法院', category: 'property' }, actors.judicialMediator)).then(anyEvents)
    expect(e?.type === 'DisputeReported' && e.data.court).toBe('赛罕区人民法院')
  })
  it.each([
    ['a grid worker, court-entrusted', { source: 'court-entrusted' as const, court: '赛罕区人民法院' }, actors.gridWorker],
    ['a resident, screening', { source: 'screening' as const }, actors.wang],
    // Any track's mediator records a court's entrustment (entrusted.test.ts), but only in its own area.
    ["a people's mediator of another street, court-entrusted", { source: 'court-entrusted' as const, court: '赛罕区人民法院' }, actors.otherStreetMediator],
    ['an officer of another street', { source: 'party-application' as const }, actors.otherStreetOfficer],
    ['an auditor', { source: 'screening' as const }, actors.auditor],
    ['a supervisor, screening', { source: 'screening' as const }, actors.supervisor],
  ])('when %s reports, then forbidden', (_who, over, who) => {
    given([]).when(report(over, who)).then('forbidden')
  })
  it('when a referral has no complaint id, then validation names complaintId', () => {
    expect(fieldsOf(given([]).when(report({ source: 'referral' }, actors.hotline)).then('validation'))).toEqual(['complaintId'])
  })
  it('when a court-entrusted case names no court, then validation names court', () => {
    expect(fieldsOf(given([]).when(report({ source: 'court-entrusted' }, actors.streetOfficer)).then('validation'))).toEqual(['court'])
  })
})

describe('a command on a case that does not exist', () => {
  it('given no case, when accept, then not-found', () => {
    given([]).when(c('AcceptDispute', {}, actors.communityWorker)).then('not-found')
  })
  it('given a case, when a command type the decider does not know, then a validation error naming type', () => {
    const unknown = { type: 'PaintDispute', data: {}, meta: { commandId: 'x', actor: actors.communityWorker, at: T } } as unknown as DisputeCommand
    const e = given(at.reported).when(unknown).then('validation')
    expect([e.code, fieldsOf(e)]).toEqual(['validation', ['type']])
  })
})

describe('accept / decline (受理 / 不予受理)', () => {
  it('given reported, when a community worker accepts, then DisputeAccepted with the 30-day mediation deadline', () => {
    given(at.reported).when(c('AcceptDispute', {}, actors.communityWorker, '2026-03-02T09:00:00+08:00')).then([
      // 3-02 + 30 days = Wed 4-01, a working day.
      { type: 'DisputeAccepted', data: { mediationDeadline: '2026-04-01T23:59:59+08:00', calendar: counted(30, '2026-03-02T09:00:00+08:00') } },
    ])
  })
  it.each([['street officer', actors.streetOfficer], ['centre officer', actors.centreOfficer]])('given reported, when a %s accepts, then DisputeAccepted', (_n, who) => {
    expect(given(at.reported).when(c('AcceptDispute', { note: '受理' }, who)).then(anyEvents).map((e) => e.type)).toEqual(['DisputeAccepted'])
  })
  // 人民调解法 arts. 17–18: 受理 (or not) is the mediation organisation's decision — the committee, the centre, the street or
  // community that holds it — not the 12345 operator's, who registers the dispute and passes it on.
  it('given reported, when the hotline operator accepts or declines, then forbidden (it registers, the committee decides)', () => {
    given(at.reported).when(c('AcceptDispute', { note: '受理' }, actors.hotline)).then('forbidden')
    given(at.reported).when(c('DeclineDispute', { reason: '不属于受理范围' }, actors.hotline)).then('forbidden')
  })
  it('the hotline operator still registers a dispute and grades its risk', () => {
    expect(given([]).when(report({ source: 'party-application' }, actors.hotline)).then(anyEvents).map((e) => e.type)).toContain('DisputeReported')
    expect(given(at.reported).when(c('GradeRisk', { grade: 'high', reason: '双方多次冲突' }, actors.hotline)).then(anyEvents).length).toBeGreaterThan(0)
  })
  it.each([
    ['a mediator', actors.peopleMediator],
    ['a grid worker', actors.gridWorker],
    ['an officer of another street', actors.otherStreetOfficer],
    ['a resident party', actors.wang],
    ['an auditor', actors.auditor],
  ])('given reported, when %s accepts, then forbidden', (_n, who) => {
    given(at.reported).when(c('AcceptDispute', {}, who)).then('forbidden')
  })
  it('given accepted, when accepted again, then invalid-transition', () => {
    given(at.accepted).when(c('AcceptDispute', {}, actors.communityWorker)).then('invalid-transition')
  })
  it('given reported, when declined with a reason, then DisputeDeclined', () => {
    given(at.reported).when(c('DeclineDispute', { reason: '不属于受理范围' }, actors.streetOfficer)).then([
      { type: 'DisputeDeclined', data: { reason: '不属于受理范围' } },
    ])
  })
  it('given a referred case, when declined, then the complaint id rides on the event', () => {
    given(referred).when(c('DeclineDispute', { reason: '已起诉' }, actors.streetOfficer)).then([
      { type: 'DisputeDeclined', data: { reason: '已起诉', complaintId: COMPLAINT_ID } },
    ])
  })
  it('given accepted, when declined, then invalid-transition', () => {
    given(at.accepted).when(c('DeclineDispute', { reason: 'x' }, actors.streetOfficer)).then('invalid-transition')
  })
})

describe('assign a mediator (指派调解员)', () => {
  it("given accepted, when a street officer assigns a people's mediator, then MediatorAssigned on the people track", () => {
    given(at.accepted).when(c('AssignMediator', { track: 'people', mediator: mediators.people }, actors.streetOfficer)).then([
      { type: 'MediatorAssigned', data: { track: 'people', mediator: mediators.people } },
    ])
  })
  it("when the mediator's jurisdiction does not contain the case, then validation names mediator.jurisdiction", () => {
    const far = { id: 'pm-9', jurisdiction: 'hohhot/saihan/other-street' }
    expect(fieldsOf(given(at.accepted).when(c('AssignMediator', { track: 'people', mediator: far }, actors.streetOfficer)).then('validation'))).toEqual([
      'mediator.jurisdiction',
    ])
  })
  it('given reported, when a mediator is assigned, then invalid-transition', () => {
    given(at.reported).when(c('AssignMediator', { track: 'people', mediator: mediators.people }, actors.streetOfficer)).then('invalid-transition',)
  })
  it('given accepted, when a mediator assigns themself, then forbidden', () => {
    given(at.accepted).when(c('AssignMediator', { track: 'people', mediator: mediators.people }, actors.peopleMediator)).then('forbidden',)
  })
  it('given transferred to administrative, when a mediator of that track is assigned, then MediatorAssigned', () => {
    const r = given(at.transferred).when(c('AssignMediator', { track: 'administrative', mediator: mediators.administrative }, actors.streetOfficer))
    expect(r.then(anyEvents).map((e) => e.type)).toEqual(['MediatorAssigned'])
  })
  it('given transferred to administrative, when a mediator of another track is assigned, then validation names track', () => {
    const r = given(at.transferred).when(c('AssignMediator', { track: 'judicial', mediator: mediators.judicial }, actors.streetOfficer))
    expect(fieldsOf(r.then('validation'))).toEqual(['track'])
  })
  it('given a mediator assigned, when another is assigned over them, then invalid-transition (a case changes hands by reassign)', () => {
    const other = { id: 'pm-2', jurisdiction: STREET }
    given(at.assigned).when(c('AssignMediator', { track: 'people', mediator: other }, actors.communityWorker)).then('invalid-transition')
  })
})

// DOMAIN.md "Jurisdiction and actors": a street officer or the mediation centre may reassign, with a reason;
// the event names both mediators and who moved the case.
describe('reassign a mediator (更换调解员)', () => {
  const other = { id: 'pm-2', jurisdiction: STREET }
  const pm2: Actor = { id: 'pm-2', role: 'mediator', jurisdiction: STREET, track: 'people' }
  it('given a mediator assigned, when a street officer reassigns with a reason, then MediatorReassigned names both mediators and the officer', () => {
    given(at.assigned).when(c('ReassignMediator', { mediator: other, reason: '原调解员回避' }, actors.streetOfficer)).then([
      { type: 'MediatorReassigned', data: { track: 'people', mediator: other, previousMediatorId: 'pm-1', reassignedBy: actors.streetOfficer.id, reason: '原调解员回避' } },
    ])
  })
  it('given a session held, when the mediation centre (admin) reassigns, then MediatorReassigned', () => {
    const [e] = given(at.session).when(c('ReassignMediator', { mediator: other, reason: '工作调整' }, actors.admin)).then(anyEvents)
    expect(e?.type === 'MediatorReassigned' && [e.data.previousMediatorId, e.data.mediator.id, e.data.reassignedBy]).toEqual(['pm-1', 'pm-2', actors.admin.id])
  })
  it.each([
    ['the assigned mediator', actors.peopleMediator],
    ['a community worker', actors.communityWorker],
    ['another mediator of the track', pm2],
  ])('given a mediator assigned, when %s reassigns, then forbidden', (_n, who) => {
    given(at.assigned).when(c('ReassignMediator', { mediator: other, reason: 'x' }, who)).then('forbidden')
  })
  it('given a mediator assigned, when reassigned to the same mediator, then validation names mediator.id', () => {
    expect(fieldsOf(given(at.assigned).when(c('ReassignMediator', { mediator: mediators.people, reason: 'x' }, actors.streetOfficer)).then('validation'))).toEqual(['mediator.id'])
  })
  it('given accepted (no mediator yet), when reassigned, then invalid-transition', () => {
    given(at.accepted).when(c('ReassignMediator', { mediator: other, reason: 'x' }, actors.streetOfficer)).then('invalid-transition')
  })
  it('given a mediator assigned, when another mediator of the same track records a session, then forbidden (acts only on cases assigned to them)', () => {
    given(at.assigned).when(c('RecordSession', { minutes: 'x' }, pm2)).then('forbidden')
  })
  it('given the case reassigned, when the new mediator records a session, then it names them; the old one may no longer act', () => {
    const reassigned = [...at.assigned, { type: 'MediatorReassigned', data: { track: 'people', mediator: other, previousMediatorId: 'pm-1', reassignedBy: 's-1', reason: 'x' } } as DisputeEvent]
    const [e] = given(reassigned).when(c('RecordSession', { minutes: '双方陈述' }, pm2)).then(anyEvents)
    expect(e?.type === 'MediationSessionHeld' && e.data.mediatorId).toBe('pm-2')
    given(reassigned).when(c('RecordSession', { minutes: 'x' }, actors.peopleMediator)).then('forbidden')
    const scope = scopeOf(fold(decider, reassigned))
    expect([pm2, actors.peopleMediator].map((m) => scope !== undefined && canRead(m, scope))).toEqual([true, false])
  })
})

describe('record a session (调解会, with minutes)', () => {
  it("given a people's mediator assigned, when they record a session, then session 1 with its minutes", () => {
    given(at.assigned).when(c('RecordSession', { minutes: '双方陈述', attendees: ['王芳', '李强'] }, actors.peopleMediator)).then([
      { type: 'MediationSessionHeld', data: { session: 1, track: 'people', mediatorId: 'pm-1', minutes: '双方陈述', attendees: ['王芳', '李强'] } },
    ])
  })
  it('given one session held, when another is recorded, then it is session 2', () => {
    const [e] = given(at.session).when(c('RecordSession', { minutes: '再次调解' }, actors.peopleMediator)).then(anyEvents)
    expect(e?.type === 'MediationSessionHeld' && e.data.session).toBe(2)
  })
  it.each([
    ['a mediator of another track', actors.adminMediator],
    ['a mediator of another street', actors.otherStreetMediator],
    ['a community worker', actors.communityWorker],
    ['an auditor', actors.auditor],
  ])('given the people track, when %s records a session, then forbidden', (_n, who) => {
    given(at.assigned).when(c('RecordSession', { minutes: 'x' }, who)).then('forbidden')
  })
  it('given accepted (no mediator), when a session is recorded, then forbidden: the case is assigned to no mediator yet', () => {
    given(at.accepted).when(c('RecordSession', { minutes: 'x' }, actors.peopleMediator)).then('forbidden')
  })
})

describe('record an agreement (调解协议)', () => {
  it('given a session, when an oral agreement is recorded, then it takes effect that day and the 30-day confirmation window is set', () => {
    const r = given(at.session).when(c('RecordAgreement', { form: 'oral', terms: ['赔偿2000元'], reachedOn: '2026-03-10' }, actors.peopleMediator, '2026-03-10T21:00:00+08:00'))
    r.then([
      {
        type: 'MediationAgreed',
        data: {
          track: 'people',
          mediatorId: 'pm-1',
          form: 'oral',
          terms: ['赔偿2000元'],
          reachedOn: '2026-03-10',
          effectiveOn: '2026-03-10',
          // 3-10 + 30 days = Thu 4-09, a working day.
          confirmationDeadline: '2026-04-09T23:59:59+08:00',
          calendar: counted(30, '2026-03-10T12:00:00+08:00'),
        },
      },
    ])
  })
  it('an oral agreement reached on 10 March China time may be recorded at 01:00 China time that day (17:00 UTC the day before)', () => {
    const [e] = given(at.session).when(c('RecordAgreement', { form: 'oral', terms: ['x'], reachedOn: '2026-03-10' }, actors.peopleMediator, '2026-03-09T17:00:00Z')).then(anyEvents)
    expect(e?.type === 'MediationAgreed' && e.data.effectiveOn).toBe('2026-03-10')
  })
  it('an oral agreement recorded 17 days after it was reached gets its window from the day reached', () => {
    // Reached Tue 3-10, recorded Fri 3-27: window 3-10 + 30 = Thu 4-09 (not 3-27 + 30 = 4-26).
    const [e] = given(at.session).when(c('RecordAgreement', { form: 'oral', terms: ['x'], reachedOn: '2026-03-10' }, actors.peopleMediator, '2026-03-27T10:00:00+08:00')).then(anyEvents)
    expect(e?.type === 'MediationAgreed' && [e.data.effectiveOn, e.data.confirmationDeadline]).toEqual(['2026-03-10', '2026-04-09T23:59:59+08:00'])
  })
  it('an oral agreement without the day it was reached, or reached after it is recorded or before the dispute was reported, is refused', () => {
    const reported = [{ ...history.reported[0], data: { ...history.reported[0]?.data, reportedOn: '2026-03-01' } } as DisputeEvent, ...at.session.slice(1)]
    const oral = (reachedOn?: string) => c('RecordAgreement', { form: 'oral', terms: ['x'], ...(reachedOn === undefined ? {} : { reachedOn }) }, actors.peopleMediator, '2026-03-12T10:00:00+08:00')
    expect(fieldsOf(given(reported).when(oral()).then('validation'))).toEqual(['reachedOn'])
    // Recorded 3-12: 3-13 is later than that.
    expect(given(reported).when(oral('2026-03-13')).then('validation')).toMatchObject({ errors: [{ path: 'reachedOn', message: 'expected a date no later than 2026-03-12, the day it is recorded' }] })
    // Reported 3-01: 2-28 is before that.
    expect(given(reported).when(oral('2026-02-28')).then('validation')).toMatchObject({ errors: [{ path: 'reachedOn', message: 'expected a date no earlier than 2026-03-01, the day the dispute was reported' }] })
    expect(given(reported).when(oral('2026-03-01')).then(anyEvents).map((e) => e.type)).toEqual(['MediationAgreed'])
  })
  it('a signature dated before the dispute was reported is refused', () => {
    const reported = [{ ...history.reported[0], data: { ...history.reported[0]?.data, reportedOn: '2026-03-01' } } as DisputeEvent, ...at.session.slice(1)]
    const data = { form: 'written' as const, attachments: SCAN, terms: ['x'], signatures: [{ party: '王芳', signedOn: '2026-02-27' }, { party: '李强', signedOn: '2026-03-02' }], mediatorSignedOn: '2026-03-02' }
    expect(fieldsOf(given(reported).when(c('RecordAgreement', data, actors.peopleMediator)).then('validation'))).toEqual(['signatures[0].signedOn'])
  })
  it('given a session, when a written agreement is recorded, then it takes effect on the last signature (parties and mediator)', () => {
    const data = {
      form: 'written' as const, attachments: SCAN,
      terms: ['赔偿2000元', '十日内付清'],
      signatures: [
        { party: '王芳', signedOn: '2026-03-08' },
        { party: '李强', signedOn: '2026-03-09' },
      ],
      mediatorSignedOn: '2026-03-10',
    }
    const [e] = given(at.session).when(c('RecordAgreement', data, actors.peopleMediator, '2026-03-11T09:00:00+08:00')).then(anyEvents)
    expect(e?.type === 'MediationAgreed' && [e.data.effectiveOn, e.data.confirmationDeadline, e.data.signatures]).toEqual([
      '2026-03-10',
      '2026-04-09T23:59:59+08:00',
      data.signatures,
    ])
  })
  it("when a written agreement lacks a party's signature and the mediator's date, then validation names both", () => {
    const data = { form: 'written' as const, attachments: SCAN, terms: ['x'], signatures: [{ party: '王芳', signedOn: '2026-03-08' }] }
    const e = given(at.session).when(c('RecordAgreement', data, actors.peopleMediator)).then('validation')
    expect(fieldsOf(e)).toEqual(['signatures', 'mediatorSignedOn'])
    expect(e.message).toContain('missing 李强')
  })
  it('when a signature is dated after the day recorded or is not by a party, then validation names each', () => {
    const data = {
      form: 'written' as const, attachments: SCAN,
      terms: ['x'],
      signatures: [
        { party: '王芳', signedOn: '2026-03-08' },
        { party: '李强', signedOn: '2026-03-13' },
        { party: '赵六', signedOn: '2026-03-08' },
      ],
      mediatorSignedOn: '2026-03-10',
    }
    expect(fieldsOf(given(at.session).when(c('RecordAgreement', data, actors.peopleMediator)).then('validation'))).toEqual([
      'signatures[1].signedOn',
      'signatures[2].party',
    ])
  })
  it('when an oral agreement carries signatures, then validation', () => {
    const data = { form: 'oral' as const, terms: ['x'], signatures: [{ party: '王芳', signedOn: '2026-03-08' }] }
    expect(fieldsOf(given(at.session).when(c('RecordAgreement', data, actors.peopleMediator)).then('validation'))).toEqual(['signatures'])
  })
  it('given an administrative-track session, when agreed, then the confirmation window is set too (民事诉讼法 art. 205, 2023 numbering)', () => {
    const admin = [...at.transferred, history.assigned('administrative'), history.session(2, 'administrative')]
    const [e] = given(admin).when(c('RecordAgreement', { form: 'oral', terms: ['x'], reachedOn: '2026-03-20' }, actors.adminMediator, '2026-03-20T10:00:00+08:00')).then(anyEvents)
    // 3-20 + 30 days = Sun 4-19 → Mon 4-20 (民事诉讼法 art. 85).
    expect(e?.type === 'MediationAgreed' && [e.data.track, e.data.confirmationDeadline]).toEqual(['administrative', '2026-04-20T23:59:59+08:00'])
  })
  it("given a judicial-track session, when agreed, then no confirmation window (the court's 调解书 needs none)", () => {
    const judicial = [...at.failed, history.transferred(1, 'people', 'judicial'), history.assigned('judicial'), history.session(2, 'judicial')]
    const [e] = given(judicial).when(c('RecordAgreement', { form: 'oral', terms: ['x'], reachedOn: '2026-03-10' }, actors.judicialMediator)).then(anyEvents)
    expect(e?.type === 'MediationAgreed' && [e.data.track, e.data.confirmationDeadline]).toEqual(['judicial', undefined])
  })
  it('given a referred case, when agreed, then the complaint id rides on the event', () => {
    const r = given([...referred, history.accepted, history.assigned(), history.session(1)]).when(
      c('RecordAgreement', { form: 'oral', terms: ['x'], reachedOn: '2026-03-10' }, actors.peopleMediator),
    )
    const [e] = r.then(anyEvents)
    expect(e?.type === 'MediationAgreed' && e.data.complaintId).toBe(COMPLAINT_ID)
  })
  it('given a mediator assigned but no session, when agreed, then invalid-transition', () => {
    given(at.assigned).when(c('RecordAgreement', { form: 'oral', terms: ['x'], reachedOn: '2026-03-10' }, actors.peopleMediator)).then('invalid-transition')
  })
  it('given the people track, when an administrative mediator records an agreement, then forbidden', () => {
    given(at.session).when(c('RecordAgreement', { form: 'oral', terms: ['x'], reachedOn: '2026-03-10' }, actors.adminMediator)).then('forbidden')
  })
})

describe('record a failure (调解不成)', () => {
  it('given a session, when the mediator records failure, then MediationFailed on the track', () => {
    given(at.session).when(c('RecordFailure', { reason: '分歧较大' }, actors.peopleMediator)).then([
      { type: 'MediationFailed', data: { track: 'people', reason: '分歧较大', mediatorId: 'pm-1' } },
    ])
  })
  it('given a mediator assigned, when a party refuses mediation, then MediationFailed', () => {
    expect(given(at.assigned).when(c('RecordFailure', { reason: '一方拒绝调解' }, actors.peopleMediator)).then(anyEvents).map((e) => e.type)).toEqual([
      'MediationFailed',
    ])
  })
  it('given accepted, when failure is recorded, then forbidden (no mediator holds the case) or, by an admin, invalid-transition', () => {
    given(at.accepted).when(c('RecordFailure', { reason: 'x' }, actors.peopleMediator)).then('forbidden')
    given(at.accepted).when(c('RecordFailure', { reason: 'x' }, actors.admin)).then('invalid-transition')
  })
})

describe('transfer between tracks (三调联动)', () => {
  it('given people mediation failed, when transferred to administrative, then hop 1 with a fresh mediation deadline', () => {
    given(at.failed).when(c('TransferDispute', { to: 'administrative', reason: '涉及行政职能' }, actors.streetOfficer)).then([
      {
        type: 'DisputeTransferred',
        // 3-12 + 30 days = Sat 4-11 → Mon 4-13 (民法典 art. 203).
        data: { hop: 1, from: 'people', to: 'administrative', reason: '涉及行政职能', mediatorId: 'pm-1', mediationDeadline: '2026-04-13T23:59:59+08:00', calendar: counted(30, T) },
      },
    ])
  })
  it('given transferred to administrative, when transferred on to judicial by a street officer, then hop 2 from administrative', () => {
    const [e] = given(at.transferred).when(c('TransferDispute', { to: 'judicial', reason: '不宜行政调解' }, actors.streetOfficer)).then(anyEvents)
    expect(e?.type === 'DisputeTransferred' && [e.data.hop, e.data.from, e.data.to]).toEqual([2, 'administrative', 'judicial'])
  })
  it('given a mediator assigned, when the case is unsuitable for the track, then it may be transferred', () => {
    expect(given(at.assigned).when(c('TransferDispute', { to: 'judicial', reason: '不宜人民调解' }, actors.peopleMediator)).then(anyEvents).map((e) => e.type)).toEqual([
      'DisputeTransferred',
    ])
  })
  it('when transferred to the track it is on, then validation names to', () => {
    expect(fieldsOf(given(at.failed).when(c('TransferDispute', { to: 'people', reason: 'x' }, actors.streetOfficer)).then('validation'))).toEqual(['to'])
  })
  it.each([
    ['accepted', at.accepted],
    ['agreement-reached', at.agreed],
    ['closed', at.closed],
  ])('given %s, when transferred, then invalid-transition', (_s, past) => {
    given(past).when(c('TransferDispute', { to: 'judicial', reason: 'x' }, actors.streetOfficer)).then('invalid-transition')
  })
  it('given the people track, when an administrative mediator transfers it, then forbidden', () => {
    given(at.failed).when(c('TransferDispute', { to: 'administrative', reason: 'x' }, actors.adminMediator)).then('forbidden')
  })
})

describe('refer to litigation (引导诉讼)', () => {
  it.each([
    ['mediation-failed', at.failed, 'people'],
    ['transferred', at.transferred, 'administrative'],
    ['confirmation-rejected', at.rejected, 'people'],
  ] as const)('given %s, when referred to litigation, then ReferredToLitigation from the %s track', (_s, past, track) => {
    // The mediator who held it named (none on a case transferred on: the receiving track has not assigned one yet).
    const mediatorId = _s === 'transferred' ? undefined : 'pm-1'
    given(past).when(c('ReferToLitigation', { reason: '当事人起诉', court: '赛罕区人民法院' }, actors.streetOfficer)).then([
      { type: 'ReferredToLitigation', data: { reason: '当事人起诉', court: '赛罕区人民法院', track, mediatorId } },
    ])
  })
  it.each([
    ['reported', at.reported],
    ['agreement-reached', at.agreed],
  ])('given %s, when referred to litigation, then invalid-transition', (_s, past) => {
    given(past).when(c('ReferToLitigation', { reason: 'x' }, actors.streetOfficer)).then('invalid-transition')
  })
})

describe('extend the mediation (延长调解期限, by agreement of the parties)', () => {
  it('given a session, when every party agrees to 15 more days, then MediationExtended from the old deadline', () => {
    given(at.session).when(c('ExtendMediation', { days: 15, reason: '需鉴定', agreedBy: ['王芳', '李强'] }, actors.peopleMediator)).then([
      {
        type: 'MediationExtended',
        // 4-01 + 15 days = Thu 4-16, a working day.
        data: { previousDeadline: '2026-04-01T23:59:59+08:00', deadline: '2026-04-16T23:59:59+08:00', days: 15, reason: '需鉴定', agreedBy: ['王芳', '李强'], calendar: counted(15) },
      },
    ])
  })
  it('when a party has not agreed, then validation names agreedBy', () => {
    const e = given(at.session).when(c('ExtendMediation', { days: 15, reason: 'x', agreedBy: ['王芳'] }, actors.peopleMediator)).then('validation')
    expect([fieldsOf(e), e.message.includes('李强')]).toEqual([['agreedBy'], true])
  })
  it('when someone who is not a party is named, then validation names that entry', () => {
    const r = given(at.session).when(c('ExtendMediation', { days: 15, reason: 'x', agreedBy: ['王芳', '赵六', '李强'] }, actors.peopleMediator))
    expect(fieldsOf(r.then('validation'))).toEqual(['agreedBy[1]'])
  })
  it('given agreement reached, when extended, then invalid-transition', () => {
    given(at.agreed).when(c('ExtendMediation', { days: 5, reason: 'x', agreedBy: ['王芳', '李强'] }, actors.peopleMediator)).then('invalid-transition',)
  })
  it('given a grid worker, when they extend, then forbidden', () => {
    given(at.session).when(c('ExtendMediation', { days: 5, reason: 'x', agreedBy: ['王芳', '李强'] }, actors.gridWorker)).then('forbidden')
  })
})

describe("the parties' names read \"erased\" or \"unreadable\" (their data erased, or its key replaced in the server's key table)", () => {
  // The case as a sealed store folds it then: every party's name the placeholder (one subject, `dispute-<id>#parties`).
  const gone = (reads: string, events: readonly DisputeEvent[]): DisputeEvent[] =>
    events.map((e) => (e.type === 'DisputeReported' ? { ...e, data: { ...e.data, parties: e.data.parties.map((p) => ({ ...p, name: reads })) } } : e))
  const signed = (names: readonly string[]) => ({
    form: 'written' as const, attachments: SCAN,
    terms: ['赔偿2000元'],
    signatures: names.map((party) => ({ party, signedOn: '2026-03-10' })),
    mediatorSignedOn: '2026-03-10',
  })
  it.each([
    [ERASED, 'personal-data-erased'],
    [UNREADABLE, 'personal-data-unreadable'],
  ] as const)('given names reading %s, when an agreement or an extension names the parties, then %s, not validation (found in review: 400, "missing unreadable, unreadable")', (reads, code) => {
    const session = gone(reads, at.session)
    for (const agreement of [signed(['王芳', '李强']), signed([reads]), { form: 'oral' as const, terms: ['x'], reachedOn: '2026-03-10' }]) {
      const e = given(session).when(c('RecordAgreement', agreement, actors.peopleMediator)).then(code)
      expect(e.message).toContain(`their names read "${reads}"`)
    }
    given(session).when(c('ExtendMediation', { days: 15, reason: '需鉴定', agreedBy: ['王芳', '李强'] }, actors.peopleMediator)).then(code)
  })
  it.each([
    [ERASED, 'personal-data-erased'],
    [UNREADABLE, 'personal-data-unreadable'],
  ] as const)('given names reading %s, when a consent is recorded for a party (by its account, or named), then %s', (reads, code) => {
    const agreed = gone(reads, at.agreed)
    given(agreed).when(c('ConsentToConfirmation', {}, actors.li)).then(code)
    given(agreed).when(c('ConsentToConfirmation', { party: '李强', documentHash: SIGNED }, actors.peopleMediator)).then(code)
    given(agreed).when(c('ApplyForConfirmation', { party: '王芳', court: '赛罕区人民法院' }, actors.peopleMediator)).then(code)
  })
  it('given names as written, an agreement is checked as before: a stranger is still not a party (validation)', () => {
    expect(fieldsOf(given(at.session).when(c('RecordAgreement', signed(['王芳', '李强', UNREADABLE]), actors.peopleMediator)).then('validation'))).toEqual(['signatures[2].party'])
  })
})

describe('consent to judicial confirmation (共同申请: the other party consents)', () => {
  it('given a people agreement, when the respondent consents as a resident, then JudicialConfirmationConsented for them', () => {
    given(at.agreed).when(c('ConsentToConfirmation', {}, actors.li)).then([
      { type: 'JudicialConfirmationConsented', data: { party: '李强', recordedBy: 'r-li' } },
    ])
  })
  // DOMAIN.md: consent is recorded by the consenting party, or by a mediator only with the signed document.
  it('when the assigned mediator records a consent with the signed document\'s hash, then it names the party, the mediator and the hash', () => {
    given(at.agreed).when(c('ConsentToConfirmation', { party: '李强', documentHash: SIGNED }, actors.peopleMediator)).then([
      { type: 'JudicialConfirmationConsented', data: { party: '李强', recordedBy: 'pm-1', documentHash: SIGNED } },
    ])
  })
  it('when a mediator records a consent without the signed document, then validation names documentHash', () => {
    expect(fieldsOf(given(at.agreed).when(c('ConsentToConfirmation', { party: '李强' }, actors.peopleMediator)).then('validation'))).toEqual(['documentHash'])
  })
  it('when an admin records a consent without the signed document, then validation names documentHash', () => {
    expect(fieldsOf(given(at.agreed).when(c('ConsentToConfirmation', { party: '李强' }, actors.admin)).then('validation'))).toEqual(['documentHash'])
  })
  // As apply-confirmation: the centre's, street's and community's staff record a party's consent only from the form it
  // signed (法释〔2011〕5号 art. 3; DOMAIN.md "whoever records a consent or an application for a party does so only from the
  // form the party signed") — so the centre completes a joint application without a mediator.
  it.each([
    ['a street officer', actors.streetOfficer],
    ['a community worker', actors.communityWorker],
    ['a centre officer', actors.centreOfficer],
  ])("when %s records a party's consent with the signed document's hash, then it names the party, the officer and the hash", (_n, who) => {
    given(at.agreed).when(c('ConsentToConfirmation', { party: '李强', documentHash: SIGNED }, who)).then([
      { type: 'JudicialConfirmationConsented', data: { party: '李强', recordedBy: who.id, documentHash: SIGNED } },
    ])
  })
  it.each([
    ['a street officer', actors.streetOfficer],
    ['a centre officer', actors.centreOfficer],
  ])("when %s records a party's consent without the signed document, then validation names documentHash", (_n, who) => {
    expect(fieldsOf(given(at.agreed).when(c('ConsentToConfirmation', { party: '李强' }, who)).then('validation'))).toEqual(['documentHash'])
  })
  it.each([
    ['a grid worker', actors.gridWorker],
    ['a hotline operator', actors.hotline],
    ['an officer of another street', actors.otherStreetOfficer],
  ])("when %s records a party's consent, even with a document, then forbidden", (_n, who) => {
    given(at.agreed).when(c('ConsentToConfirmation', { party: '李强', documentHash: SIGNED }, who)).then('forbidden')
  })
  it('when a mediator not assigned to the case records a consent, then forbidden', () => {
    const pm2: Actor = { id: 'pm-2', role: 'mediator', jurisdiction: STREET, track: 'people' }
    given(at.agreed).when(c('ConsentToConfirmation', { party: '李强', documentHash: SIGNED }, pm2)).then('forbidden')
  })
  it('a centre officer completes the joint application alone: the consent 李强 signed, then the application 王芳 signed', () => {
    const [consented] = given(at.agreed).when(c('ConsentToConfirmation', { party: '李强', documentHash: SIGNED }, actors.centreOfficer)).then(anyEvents)
    if (consented === undefined) throw new Error('no consent recorded')
    const [applied] = given([...at.agreed, consented])
      .when(c('ApplyForConfirmation', { court: '赛罕区人民法院', party: '王芳', applicationHash: 'b'.repeat(64) }, actors.centreOfficer))
      .then(anyEvents)
    expect(applied?.data).toMatchObject({ applicant: '王芳', consentedBy: ['李强'], recordedBy: actors.centreOfficer.id })
  })
  it('without the consent, a street officer applying for 王芳 is refused for want of consent', () => {
    given(at.agreed).when(c('ApplyForConfirmation', { court: '赛罕区人民法院', party: '王芳', applicationHash: SIGNED }, actors.streetOfficer)).then('invalid-transition')
  })
  it('when a mediator does not name the party, then validation names party', () => {
    expect(fieldsOf(given(at.agreed).when(c('ConsentToConfirmation', {}, actors.peopleMediator)).then('validation'))).toEqual(['party'])
  })
  it('when a resident consents for the other party, then forbidden', () => {
    given(at.agreed).when(c('ConsentToConfirmation', { party: '王芳' }, actors.li)).then('forbidden')
  })
  it('when a resident who is not a party consents, then forbidden', () => {
    given(at.agreed).when(c('ConsentToConfirmation', {}, actors.stranger)).then('forbidden')
  })
  it('given the party already consented, when they consent again, then nothing new happens', () => {
    given(at.consented).when(c('ConsentToConfirmation', {}, actors.li)).then([])
  })
})

describe('apply for judicial confirmation (申请司法确认)', () => {
  it('given the respondent consented, when the applicant applies, then JudicialConfirmationApplied with the 3-day court deadline', () => {
    given(at.consented).when(c('ApplyForConfirmation', { court: '赛罕区人民法院' }, actors.wang, '2026-03-15T10:00:00+08:00')).then([
      {
        type: 'JudicialConfirmationApplied',
        data: {
          applicant: '王芳',
          consentedBy: ['李强'],
          court: '赛罕区人民法院',
          confirmationDeadline: '2026-04-09T23:59:59+08:00',
          // Sun 3-15 + 3 days = Wed 3-18.
          courtDecisionDeadline: '2026-03-18T23:59:59+08:00',
          calendar: counted(3, '2026-03-15T10:00:00+08:00'),
        },
      },
    ])
  })
  it("given no consent from the other party, when one party applies, then invalid-transition naming who hasn't consented, masked as the party reads them", () => {
    const e = given(at.agreed).when(c('ApplyForConfirmation', { court: '赛罕区人民法院' }, actors.wang)).then('invalid-transition')
    expect([e.code, e.message.includes('no consent yet from 李*'), e.message.includes('李强')]).toEqual(['invalid-transition', true, false])
    // Staff who read the case in full are told the name in full.
    const staff = given(at.agreed).when(c('ApplyForConfirmation', { court: '赛罕区人民法院', party: '王芳' }, actors.peopleMediator)).then('invalid-transition')
    expect(staff.message).toContain('no consent yet from 李强')
  })
  // 法释〔2011〕5号 art. 3: a party applies with the 司法确认申请书 it signed; another applies for it only with the 授权委托书
  // it signed. The mediator files what the party signed; without it, nothing is recorded.
  const SIGNED = 'a'.repeat(64)
  it('given the respondent consented, when the mediator files the application the applicant signed, then applied, naming who filed it and the document', () => {
    const r = given(at.consented).when(c('ApplyForConfirmation', { court: '赛罕区人民法院', party: '王芳', applicationHash: SIGNED }, actors.peopleMediator))
    const [applied] = r.then(anyEvents)
    expect(applied?.type).toBe('JudicialConfirmationApplied')
    expect(applied?.data).toMatchObject({ applicant: '王芳', consentedBy: ['李强'], recordedBy: actors.peopleMediator.id, applicationHash: SIGNED })
  })
  it('given the respondent consented, when the mediator applies for the applicant with nothing it signed, then a validation error at applicationHash', () => {
    const e = given(at.consented).when(c('ApplyForConfirmation', { court: '赛罕区人民法院', party: '王芳' }, actors.peopleMediator)).then('validation')
    expect(e.message).toContain('applicationHash')
  })
  it('when the applicant applies itself, then applied with no document asked and none recorded', () => {
    const [applied] = given(at.consented).when(c('ApplyForConfirmation', { court: '赛罕区人民法院' }, actors.wang)).then(anyEvents)
    expect(applied?.data).not.toHaveProperty('applicationHash')
    expect(applied?.data).not.toHaveProperty('recordedBy')
  })
  it.each([
    ['a resident who is not a party', actors.stranger],
    ['a grid worker', actors.gridWorker],
    ['an auditor', actors.auditor],
  ])('when %s applies, then forbidden', (_n, who) => {
    given(at.consented).when(c('ApplyForConfirmation', { court: '赛罕区人民法院', party: '王芳' }, who)).then('forbidden')
  })
  it('given a judicial-track agreement, when applied for, then invalid-transition', () => {
    const judicial = [...at.failed, history.transferred(1, 'people', 'judicial'), history.assigned('judicial'), history.session(2, 'judicial'), history.agreed('judicial')]
    given(judicial).when(c('ApplyForConfirmation', { court: 'x', party: '王芳' }, actors.streetOfficer)).then('invalid-transition')
  })
  it('given an administrative-track agreement with consent, when the applicant applies, then applied', () => {
    const admin = [...at.transferred, history.assigned('administrative'), history.session(2, 'administrative'), history.agreed('administrative'), history.consented('李强')]
    expect(given(admin).when(c('ApplyForConfirmation', { court: 'x' }, actors.wang)).then(anyEvents).map((e) => e.type)).toEqual(['JudicialConfirmationApplied'])
  })
  it.each([
    ['session-held', at.session],
    ['confirmation-applied', at.applied],
  ])('given %s, when applied for, then invalid-transition', (_s, past) => {
    given(past).when(c('ApplyForConfirmation', { court: 'x' }, actors.wang)).then('invalid-transition')
  })
})

describe("the court's decisions (法释〔2011〕5号 arts. 4–5), recorded by a court clerk with the case number (案号)", () => {
  const accept = (over: Partial<CommandOf['RecordCourtAcceptance']['data']> = {}, who: Actor = actors.courtClerk, when = T) =>
    c('RecordCourtAcceptance', { decision: 'accepted', caseNumber: CASE_NUMBER, ...over }, who, when)
  it('given applied, when the clerk records acceptance, then accepted with a 15-day deadline to decide', () => {
    // Accepted Thu 3-12 (within 3 days of the application: by 3-18): 3-12 + 15 = Fri 3-27.
    given(at.applied).when(accept()).then([
      {
        type: 'JudicialConfirmationAccepted',
        data: {
          court: '赛罕区人民法院',
          caseNumber: CASE_NUMBER,
          decideBy: '2026-03-27T23:59:59+08:00',
          deadline: '2026-03-18T23:59:59+08:00',
          onTime: true,
          calendar: counted(15, T),
        },
      },
    ])
  })
  // A clerk records its own court's decisions (DOMAIN.md: "the court's decisions … are recorded only by a court-clerk"):
  // one whose token names its court (\`court\`) may not decide an application made to another court — the city's
  // intermediate court's clerk, whose scope is every district, on an application to 赛罕区人民法院, or the reverse.
  it('given applied to 赛罕区人民法院, when a clerk of another court records the acceptance, extension or ruling, then forbidden', () => {
    const ofCourt = (court: string): Actor => ({ ...actors.courtClerk, court })
    const other = ofCourt('呼和浩特市中级人民法院')
    given(at.applied).when(accept({}, other)).then('forbidden')
    given(at.applied).when(accept({ decision: 'refused', reason: '不属于本院管辖' }, other)).then('forbidden')
    given(at.courtAccepted).when(c('ExtendCourtReview', { reason: '案情复杂' }, other)).then('forbidden')
    given(at.courtAccepted).when(c('RecordConfirmation', { outcome: 'confirmed', caseNumber: CASE_NUMBER }, other)).then('forbidden')
    // Its own court's clerk records it; a token naming no court is held to its scope alone, as before.
    expect(given(at.applied).when(accept({}, ofCourt('赛罕区人民法院'))).then(anyEvents).map((e) => e.type)).toEqual(['JudicialConfirmationAccepted'])
    expect(given(at.applied).when(accept({}, ofCourt(' 赛罕区人民法院 '))).then(anyEvents).map((e) => e.type)).toEqual(['JudicialConfirmationAccepted'])
    expect(given(at.applied).when(accept()).then(anyEvents).map((e) => e.type)).toEqual(['JudicialConfirmationAccepted'])
  })
  it('given applied, when the clerk records a refusal with a reason, then refused; without a reason, validation', () => {
    expect(given(at.applied).when(accept({ decision: 'refused', reason: '不属于本院管辖' })).then(anyEvents).map((e) => e.type)).toEqual(['JudicialConfirmationRefused'])
    expect(fieldsOf(given(at.applied).when(accept({ decision: 'refused' })).then('validation'))).toEqual(['reason'])
  })
  it.each([
    ['(2026)蒙0105民特123号', true],
    ['（2026）蒙0105民特7号', true],
    ['(2026)内0105民初12号', false],
    ['2026蒙0105民特123号', false],
    ['(2026)蒙0105民特号', false],
  ])('the case number %s is accepted: %s', (caseNumber, ok) => {
    const r = decode(RecordCourtAcceptanceData, { decision: 'accepted', caseNumber })
    expect(E.isRight(r) ? true : fieldsOf(r.left)).toEqual(ok ? true : ['caseNumber'])
  })
  it.each([
    ['a mediator (even judicial)', actors.judicialMediator],
    ['a street officer', actors.streetOfficer],
    ['a clerk of another district', actors.otherCourtClerk],
  ])("when %s records the court's decision, then forbidden", (_who, who) => {
    given(at.applied).when(accept({}, who)).then('forbidden')
  })
  // DOMAIN.md "Jurisdiction and actors": the court's decisions are recorded *only* by a court clerk. An admin may do
  // anything else within its scope, but a ruling no court clerk recorded would be the system's word for the court's.
  it("when an admin records, extends or rules on the court's decision, then forbidden and nothing is written", () => {
    given(at.applied).when(accept({}, actors.admin)).then('forbidden')
    given(at.courtAccepted).when(c('ExtendCourtReview', { reason: '案情复杂' }, actors.admin)).then('forbidden')
    given(at.courtAccepted).when(c('RecordConfirmation', { outcome: 'confirmed', caseNumber: CASE_NUMBER }, actors.admin)).then('forbidden')
  })
  it('given accepted, when confirmed with the case number, then JudicialConfirmationGranted', () => {
    given(at.courtAccepted).when(c('RecordConfirmation', { outcome: 'confirmed', caseNumber: CASE_NUMBER, ruling: '民事裁定书' }, actors.courtClerk)).then([
      {
        type: 'JudicialConfirmationGranted',
        data: {
          court: '赛罕区人民法院',
          ruling: '民事裁定书',
          caseNumber: CASE_NUMBER,
          deadline: '2026-03-31T23:59:59+08:00',
          onTime: true,
          // Confirmed Thu 3-12, no performance deadline: two years on, Sun 2028-03-12 → Mon 3-13 (enforcement.test.ts).
          enforcementBy: '2028-03-13T23:59:59+08:00',
          calendar: { ...SHIPPED, provisional: true, from: T, days: 2, unit: 'statutory-years' },
        },
      },
    ])
  })
  it('given accepted, when rejected with a reason, then JudicialConfirmationRejected; without, validation names reason', () => {
    expect(given(at.courtAccepted).when(c('RecordConfirmation', { outcome: 'rejected', caseNumber: CASE_NUMBER, reason: '违反法律规定' }, actors.courtClerk)).then(anyEvents).map((e) => e.type)).toEqual([
      'JudicialConfirmationRejected',
    ])
    expect(fieldsOf(given(at.courtAccepted).when(c('RecordConfirmation', { outcome: 'rejected', caseNumber: CASE_NUMBER }, actors.courtClerk)).then('validation'))).toEqual(['reason'])
  })
  it('a ruling under another case number than the one accepted is refused', () => {
    expect(fieldsOf(given(at.courtAccepted).when(c('RecordConfirmation', { outcome: 'confirmed', caseNumber: '(2026)蒙0105民特999号' }, actors.courtClerk)).then('validation'))).toEqual(['caseNumber'])
  })
  it('given applied but not yet accepted, when a ruling is recorded, then invalid-transition', () => {
    given(at.applied).when(c('RecordConfirmation', { outcome: 'confirmed', caseNumber: CASE_NUMBER }, actors.courtClerk)).then('invalid-transition')
  })
  // DOMAIN.md least privilege: a case not before the court does not concern its clerks (the pipeline answers not-found).
  it('given agreement reached (not applied), when a court clerk records a ruling, then forbidden, and the clerk may not read the case', () => {
    given(at.agreed).when(c('RecordConfirmation', { outcome: 'confirmed', caseNumber: CASE_NUMBER }, actors.courtClerk)).then('forbidden')
    const before = scopeOf(fold(decider, at.agreed))
    const after = scopeOf(fold(decider, at.applied))
    expect([before, after].map((s) => s !== undefined && canRead(actors.courtClerk, s))).toEqual([false, true])
  })
  it('the review is extended once by 10 days, under the case number it was accepted under; a second extension is refused', () => {
    // decideBy Tue 3-31 + 10 = Fri 4-10, a working day. DOMAIN.md: each decision of the court carries its case number
    // (法释〔2011〕5号 art. 4: the accepted application is numbered "调确字"; art. 5: the extension is that case's).
    const once = given(at.courtAccepted).when(c('ExtendCourtReview', { reason: '案情复杂' }, actors.courtClerk, '2026-03-30T10:00:00+08:00')).then(anyEvents)
    expect(once[0]?.data).toMatchObject({ previousDeadline: '2026-03-31T23:59:59+08:00', decideBy: '2026-04-10T23:59:59+08:00', days: 10, caseNumber: CASE_NUMBER })
    given([...at.courtAccepted, ...once]).when(c('ExtendCourtReview', { reason: '再延' }, actors.courtClerk, '2026-04-01T10:00:00+08:00')).then('invalid-transition')
  })
  it('after the review deadline the review can no longer be extended', () => {
    given(at.courtAccepted).when(c('ExtendCourtReview', { reason: '案情复杂' }, actors.courtClerk, '2026-04-01T00:00:00+08:00')).then('deadline-passed')
  })
})

describe('after the court (驳回 / 不予受理): back to mediation or to litigation; 申请强制执行 after non-fulfilment', () => {
  const refused = [...at.applied, { type: 'JudicialConfirmationRefused', data: { court: '赛罕区人民法院', caseNumber: CASE_NUMBER, reason: '不属于受理范围' } } as DisputeEvent]
  it.each([
    ['rejected', at.rejected],
    ['refused', refused],
  ])('given %s, a mediator can be assigned again, or the case referred to litigation', (_s, past) => {
    expect(given(past).when(c('AssignMediator', { track: 'people', mediator: mediators.people }, actors.streetOfficer)).then(anyEvents).map((e) => e.type)).toEqual(['MediatorAssigned'])
    expect(given(past).when(c('ReferToLitigation', { reason: '当事人起诉' }, actors.streetOfficer)).then(anyEvents).map((e) => e.type)).toEqual(['ReferredToLitigation'])
  })
  const unfulfilled = [...at.confirmed, { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
  it('given a confirmed agreement not fulfilled, when a party applies for enforcement, then EnforcementApplied', () => {
    given(unfulfilled).when(c('ApplyForEnforcement', { court: '赛罕区人民法院' }, actors.wang)).then([
      { type: 'EnforcementApplied', data: { court: '赛罕区人民法院', applicant: '王芳', filedOn: '2026-03-12', caseNumber: CASE_NUMBER } },
    ])
    expect(fold(decider, [...unfulfilled, { type: 'EnforcementApplied', data: { court: '赛罕区人民法院' } } as DisputeEvent]).status).toBe('enforcement-applied')
  })
  // 人民调解法 art. 33 ¶2, 民事诉讼法 art. 206 (2023; art. 202 in 2021): a confirmed agreement one party "拒绝履行或者未全部履行"
  // (refused, or did not perform in full) may be enforced — a partial fulfilment as well as none.
  it('given a confirmed agreement fulfilled in part, when a party applies for enforcement, then EnforcementApplied', () => {
    const partly = [...at.confirmed, { type: 'FulfilmentRecorded', data: { fulfilment: 'partial', note: '已付1000元' } } as DisputeEvent]
    given(partly).when(c('ApplyForEnforcement', { court: '赛罕区人民法院' }, actors.wang)).then([
      { type: 'EnforcementApplied', data: { court: '赛罕区人民法院', applicant: '王芳', filedOn: '2026-03-12', caseNumber: CASE_NUMBER } },
    ])
  })
  it.each([
    ['fulfilled in full', [...at.confirmed, history.fulfilled]],
    ['never confirmed', [...at.agreed, { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]],
  ])('given an agreement %s, enforcement is refused', (_s, past) => {
    given(past).when(c('ApplyForEnforcement', { court: '赛罕区人民法院' }, actors.wang)).then('invalid-transition')
  })
})

describe('fulfilment, follow-up visit and close (履行, 回访, 结案)', () => {
  const refused = [...at.applied, { type: 'JudicialConfirmationRefused', data: { court: '赛罕区人民法院', caseNumber: CASE_NUMBER, reason: '不属于本院管辖' } } as DisputeEvent]
  it.each([
    ['agreement-reached', at.agreed],
    ['confirmed', at.confirmed],
    ['confirmation-refused (不予受理: the agreement still binds, 人民调解法 art. 31)', refused],
  ])('given %s, when fulfilment is recorded, then FulfilmentRecorded', (_s, past) => {
    given(past).when(c('RecordFulfilment', { fulfilment: 'partial', note: '已付1000元' }, actors.gridWorker)).then([
      { type: 'FulfilmentRecorded', data: { fulfilment: 'partial', note: '已付1000元' } },
    ])
  })
  // DOMAIN.md: "A rejected agreement may go back to mediation or to litigation" (民事诉讼法 art. 206, 2023 numbering; 人民调解法 art. 33):
  // the court found it not valid, so it is not performed as it stands — nor closed as mediated after a follow-up.
  it('given confirmation rejected (驳回), when fulfilment is recorded, then invalid-transition', () => {
    given(at.rejected).when(c('RecordFulfilment', { fulfilment: 'full' }, actors.gridWorker)).then('invalid-transition')
  })
  it('given confirmation applied, when fulfilment is recorded, then invalid-transition (the court has not decided)', () => {
    given(at.applied).when(c('RecordFulfilment', { fulfilment: 'full' }, actors.gridWorker)).then('invalid-transition')
  })
  it('when a resident records fulfilment, then forbidden', () => {
    given(at.agreed).when(c('RecordFulfilment', { fulfilment: 'full' }, actors.wang)).then('forbidden')
  })
  it('given fulfilment recorded, when a follow-up visit is recorded, then FollowUpVisited', () => {
    given(at.fulfilled).when(c('RecordFollowUp', { note: '双方满意', satisfied: true }, actors.communityWorker)).then([
      { type: 'FollowUpVisited', data: { note: '双方满意', satisfied: true } },
    ])
  })
  // DOMAIN.md: fulfilment, then the 回访 — none before a fulfilment is recorded, whatever the court has done.
  it.each([
    ['agreement reached', at.agreed],
    ['an application pending at the court', at.applied],
    ['confirmed', at.confirmed],
    ['rejected (驳回)', at.rejected],
  ])('given %s, when a follow-up visit is recorded, then invalid-transition', (_s, past) => {
    given(past).when(c('RecordFollowUp', { note: 'x' }, actors.communityWorker)).then('invalid-transition')
  })
  it.each([
    ['followed-up', at.followedUp, 'mediated'],
    ['declined', at.declined, 'declined'],
    ['referred-to-litigation', at.litigation, 'litigation'],
  ] as const)('given %s, when closed, then DisputeClosed with outcome %s', (_s, past, outcome) => {
    given(past).when(c('CloseDispute', {}, actors.streetOfficer)).then([{ type: 'DisputeClosed', data: { outcome } }])
  })
  it('given a referred case followed up, when closed, then the complaint id rides on the event', () => {
    const past = [...referred, ...at.followedUp.slice(1)]
    given(past).when(c('CloseDispute', { reason: '已履行' }, actors.streetOfficer)).then([
      { type: 'DisputeClosed', data: { outcome: 'mediated', reason: '已履行', complaintId: COMPLAINT_ID } },
    ])
  })
  it.each([
    ['agreement-reached', at.agreed],
    ['fulfilment-recorded', at.fulfilled],
    ['closed', at.closed],
    // The court has an application before it (法释〔2011〕5号 arts. 4–5: to accept within 3 days, to rule within 15):
    // the case is not closed under it.
    ['confirmation-applied (pending at the court)', at.applied],
    ['confirmation-accepted (pending at the court)', at.courtAccepted],
    ['confirmed, nothing performed yet', at.confirmed],
  ])('given %s, when closed, then invalid-transition', (_s, past) => {
    given(past).when(c('CloseDispute', {}, actors.streetOfficer)).then('invalid-transition')
  })
  it('given followed up, when an auditor closes, then forbidden', () => {
    given(at.followedUp).when(c('CloseDispute', {}, actors.auditor)).then('forbidden')
  })
  it('given followed up, when an admin closes, then closed', () => {
    expect(given(at.followedUp).when(c('CloseDispute', {}, actors.admin)).then(anyEvents).map((e) => e.type)).toEqual(['DisputeClosed'])
  })
})

describe('whose case it is (scope: the reporter and every party with an account)', () => {
  const scopeAfter = (past: readonly DisputeEvent[]) => scopeOf(fold(decider, past))
  const byWang = [{ type: 'DisputeReported', data: { ...history.reported[0]?.data, source: 'party-application', ownerId: 'r-wang' } } as DisputeEvent]

  it('given a case the applicant reported, then its scope names her as owner and both parties as its residents', () => {
    expect(scopeAfter(byWang)).toEqual({ jurisdiction: GRID, ownerId: 'r-wang', residents: ['r-wang', 'r-li'], mediators: [] })
  })
  it('given a case the applicant reported, then the respondent resident may read it, and a resident who is not a party may not', () => {
    const scope = scopeAfter(byWang)
    expect(scope !== undefined && canRead(actors.li, scope)).toBe(true)
    expect(scope !== undefined && canRead(actors.stranger, scope)).toBe(false)
  })
  it('given a case a grid worker reported, then each party resident may read it though it has no owner', () => {
    const scope = scopeAfter(at.reported)
    expect(scope?.ownerId).toBeUndefined()
    expect([actors.wang, actors.li, actors.stranger].map((r) => scope !== undefined && canRead(r, scope))).toEqual([true, true, false])
  })
  it('given an agreement on a case the applicant reported, when the respondent resident consents, then JudicialConfirmationConsented for him', () => {
    const agreed = [...byWang, ...at.agreed.slice(1)]
    given(agreed).when(c('ConsentToConfirmation', {}, actors.li)).then([
      { type: 'JudicialConfirmationConsented', data: { party: '李强', recordedBy: 'r-li' } },
    ])
    given(agreed).when(c('ConsentToConfirmation', {}, actors.stranger)).then('forbidden')
  })
  it('given a case whose parties have no accounts, then no resident may read it but its reporter', () => {
    const anonymous = parties.map(({ residentId: _, ...p }) => p)
    const scope = scopeAfter([{ type: 'DisputeReported', data: { ...history.reported[0]?.data, parties: anonymous, ownerId: 'r-wang' } } as DisputeEvent])
    expect(scope?.residents).toEqual([])
    expect([actors.wang, actors.li].map((r) => scope !== undefined && canRead(r, scope))).toEqual([true, false])
  })
})

describe('undeclared fields inside a command never reach an event', () => {
  const extra = { nickname: '小李', internalNote: 'x' }
  it('given no case, when reported with extra fields on a party and on the report, then DisputeReported holds only declared ones', () => {
    const data = { id: DISPUTE_ID, source: 'screening', category: 'neighbour', jurisdiction: GRID, parties: [parties[0], { ...parties[1], ...extra }], summary: '楼上漏水', ...extra }
    const [e] = given([]).when({ type: 'ReportDispute', data, meta: { commandId: 'c', actor: actors.gridWorker, at: T } } as unknown as DisputeCommand).then(anyEvents)
    expect(e).toEqual({ type: 'DisputeReported', data: { id: DISPUTE_ID, source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水', reportedOn: '2026-03-12' } })
  })
  it('given an accepted case, when a mediator with extra fields is assigned, then MediatorAssigned holds only declared ones', () => {
    const mediator = { ...mediators.people, ...extra }
    given(at.accepted).when(c('AssignMediator', { track: 'people', mediator }, actors.streetOfficer)).then([
      { type: 'MediatorAssigned', data: { track: 'people', mediator: mediators.people } },
    ])
  })
  it('given a session, when a written agreement has a signature with extra fields, then the stored signatures hold only declared ones', () => {
    const signatures = [{ party: '王芳', signedOn: '2026-03-11', ...extra }, { party: '李强', signedOn: '2026-03-11' }]
    const [e] = given(at.session).when(c('RecordAgreement', { form: 'written', terms: ['t'], signatures, mediatorSignedOn: '2026-03-11', attachments: SCAN }, actors.peopleMediator)).then(anyEvents)
    expect(e?.type === 'MediationAgreed' && e.data.signatures).toEqual([{ party: '王芳', signedOn: '2026-03-11' }, { party: '李强', signedOn: '2026-03-11' }])
  })
  it('given a session, when minutes or a follow-up carry extra fields, then the events hold only declared ones', () => {
    given(at.assigned).when(c('RecordSession', { minutes: 'm', ...extra }, actors.peopleMediator)).then([
      { type: 'MediationSessionHeld', data: { session: 1, track: 'people', mediatorId: 'pm-1', minutes: 'm' } },
    ])
    given(at.fulfilled).when(c('RecordFollowUp', { note: 'n', ...extra }, actors.peopleMediator)).then([
      { type: 'FollowUpVisited', data: { note: 'n' } },
    ])
  })
})

describe('reporting a dispute whose id exists', () => {
  it.each([
    ['the grid worker who may act on it', actors.gridWorker],
    ['an officer of another street, who may not see it', actors.otherStreetOfficer],
    ['a resident who is not a party', actors.stranger],
    ['an auditor, who may not report', actors.auditor],
  ])('given the case exists, when %s reports the same id, then one fixed already-exists that names no state', (_who, who) => {
    expect(given(at.reported).when(report({}, who)).then('already-exists')).toEqual({ code: 'already-exists', message: 'a case with this id already exists' })
    expect(given(at.accepted).when(report({}, who)).then('already-exists')).toEqual({ code: 'already-exists', message: 'a case with this id already exists' })
  })
})

// DOMAIN.md "Jurisdiction and actors": "events name both the assigned and the acting person". A session and an agreement
// name the mediator who holds the case (`mediatorId`) beside the actor on the envelope; found in review: a failure did
// not, nor did a transfer or a referral to litigation — which take the case from its mediator — so an admin's or a
// street officer's act on a mediator's case left no record of whose case it was (the mediator's own record of failures
// counted from the envelope's actor, an officer's).
describe('the events of a mediator-held case name the mediator who holds it', () => {
  it('a failure recorded by an admin names the assigned mediator', () => {
    const [e] = given(at.session).when(c('RecordFailure', { reason: '分歧较大' }, actors.admin)).then(anyEvents)
    expect(e?.type === 'MediationFailed' && e.data).toMatchObject({ mediatorId: 'pm-1' })
  })
  it('a transfer and a referral to litigation by a street officer name the mediator the case is taken from', () => {
    const [t] = given(at.failed).when(c('TransferDispute', { to: 'administrative', reason: '涉及行政职能' }, actors.streetOfficer)).then(anyEvents)
    expect(t?.type === 'DisputeTransferred' && t.data).toMatchObject({ mediatorId: 'pm-1' })
    const [l] = given(at.session).when(c('ReferToLitigation', { reason: '当事人起诉' }, actors.streetOfficer)).then(anyEvents)
    expect(l?.type === 'ReferredToLitigation' && l.data).toMatchObject({ mediatorId: 'pm-1' })
  })
  it('a transfer of a case no mediator holds (transferred on before anyone took it) names none', () => {
    const [t] = given(at.transferred).when(c('TransferDispute', { to: 'judicial', reason: '不宜行政调解' }, actors.streetOfficer)).then(anyEvents)
    expect(t?.type === 'DisputeTransferred' && 'mediatorId' in t.data).toBe(false)
  })
})

// 最高人民法院《关于人民法院案件案号的若干规定》(法〔2015〕137号) arts. 3–4: a case number begins with the year the court
// received the case (收案年度, the calendar year). An application for 司法确认 is received no earlier than the agreement
// it asks to confirm took effect, and no later than the day the clerk records the court's decision on it. Found in
// review: '(2099)蒙0105民特123号' (or 2019's) was recorded as the court's case number on 2026-03-12, and became the number
// every later ruling had to repeat. The agreement of these histories took effect 2026-03-10.
describe('the year of the court’s case number (收案年度)', () => {
  const accept = (caseNumber: string, when = T, decision: 'accepted' | 'refused' = 'accepted') =>
    c('RecordCourtAcceptance', { decision, caseNumber, ...(decision === 'refused' ? { reason: '不属于本院管辖' } : {}) }, actors.courtClerk, when)
  it.each([
    ['a later year than the day recorded', '(2027)蒙0105民特123号'],
    ['a year long to come', '(2099)蒙0105民特1号'],
    ['a year before the agreement took effect', '(2025)蒙0105民特123号'],
  ])('an acceptance or refusal recorded on 2026-03-12 under %s is refused, naming caseNumber', (_what, caseNumber) => {
    expect(fieldsOf(given(at.applied).when(accept(caseNumber)).then('validation'))).toEqual(['caseNumber'])
    expect(fieldsOf(given(at.applied).when(accept(caseNumber, T, 'refused')).then('validation'))).toEqual(['caseNumber'])
  })
  it('the year is China’s: at 23:30 on 12-31 (15:30 UTC) 2027 is still to come; at 00:30 on 1-1 (16:30 UTC the day before) it has begun', () => {
    expect(fieldsOf(given(at.applied).when(accept('(2027)蒙0105民特1号', '2026-12-31T15:30:00Z')).then('validation'))).toEqual(['caseNumber'])
    given(at.applied).when(accept('(2027)蒙0105民特1号', '2026-12-31T16:30:00Z')).then((events) => expect(events.map((e) => e.type)).toEqual(['JudicialConfirmationAccepted']))
    // Received in 2026, decided in 2027: the 2026 number stands.
    given(at.applied).when(accept('(2026)蒙0105民特1号', '2026-12-31T16:30:00Z')).then((events) => expect(events.map((e) => e.type)).toEqual(['JudicialConfirmationAccepted']))
  })
  it('a ruling on an application accepted before case numbers were recorded is held to the same years', () => {
    const accepted = [...at.applied, { type: 'JudicialConfirmationAccepted', data: { court: '赛罕区人民法院', decideBy: '2026-03-27T23:59:59+08:00' } } as DisputeEvent]
    expect(fieldsOf(given(accepted).when(c('RecordConfirmation', { outcome: 'confirmed', caseNumber: '(2099)蒙0105民特1号' }, actors.courtClerk)).then('validation'))).toEqual(['caseNumber'])
    given(accepted).when(c('RecordConfirmation', { outcome: 'confirmed', caseNumber: CASE_NUMBER }, actors.courtClerk)).then((events) => expect(events.map((e) => e.type)).toEqual(['JudicialConfirmationGranted']))
  })
})

// 人民调解法 art. 32: "经人民调解委员会调解达成调解协议后，当事人之间就调解协议的履行或者调解协议的内容发生争议的，一方当事人可以
// 向人民法院提起诉讼". An agreement the court has not confirmed is a contract, not a title for enforcement (art. 33 ¶2
// needs the confirmation): when it is not performed, the way left is a suit — 引导诉讼. Found in review: a people's
// agreement recorded as not performed (none, or in part) could be neither referred to litigation (409) nor enforced;
// the case could only be visited and closed as mediated. A confirmed one is enforced instead (apply-enforcement).
// Found in review: one performed in full was refused ("performed in full"), though art. 32 takes a dispute over the
// agreement's content to court as well as one over its performance (to have it varied, revoked or declared void — see
// 民法典 arts. 147–151, 153–154), and sets no moment after which that is barred: a suit really filed went unrecorded in the 台账.
describe('an agreement not confirmed and not performed: referred to litigation (人民调解法 art. 32)', () => {
  const notPerformed = (fulfilment: 'none' | 'partial' | 'full'): DisputeEvent[] => [...at.agreed, { type: 'FulfilmentRecorded', data: { fulfilment } } as DisputeEvent]
  it.each(['none', 'partial', 'full'] as const)('given fulfilment %s of an unconfirmed agreement, when referred to litigation, then ReferredToLitigation', (f) => {
    const [e] = given(notPerformed(f)).when(c('ReferToLitigation', { reason: '李强拒不履行调解协议，王芳起诉' }, actors.streetOfficer)).then(anyEvents)
    expect(e?.type).toBe('ReferredToLitigation')
    // … and the case closes as gone to litigation.
    const past = [...notPerformed(f), e as DisputeEvent]
    given(past).when(c('CloseDispute', {}, actors.streetOfficer)).then([{ type: 'DisputeClosed', data: { outcome: 'litigation' } }])
  })
  it('given fulfilment in full, the suit is over the agreement\'s content (art. 32 "或者调解协议的内容"): recorded as any other', () => {
    const content = { reason: '王芳主张调解协议显失公平，诉请撤销', court: '赛罕区人民法院' }
    given(notPerformed('full')).when(c('ReferToLitigation', content, actors.streetOfficer)).then([
      { type: 'ReferredToLitigation', data: { ...content, track: 'people', mediatorId: 'pm-1' } },
    ])
  })
  it('given a confirmed agreement not performed, when referred to litigation, then invalid-transition naming apply-enforcement', () => {
    const past = [...at.confirmed, { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
    expect(given(past).when(c('ReferToLitigation', { reason: 'x' }, actors.streetOfficer)).then('invalid-transition').message).toContain('enforcement')
  })

  // Found in review: after the 回访 (follow-up visit) that found an unconfirmed agreement not performed, or a fulfilment
  // recorded at it, the suit art. 32 leaves the parties was refused (invalid-transition from followed-up, and from closed),
  // though art. 32 sets no moment after which a party may no longer sue on the agreement. A case still open after the visit
  // goes to litigation as from fulfilment-recorded, and closes as such; a case closed after it keeps its closing (结案归档:
  // the mediation ended with an agreement, performed or not) and the suit is recorded on it — the 台账 shows it went to court.
  const visited = (fulfilment: 'none' | 'partial' | 'full', base: readonly DisputeEvent[] = at.agreed): DisputeEvent[] => [
    ...base,
    { type: 'FulfilmentRecorded', data: { fulfilment } } as DisputeEvent,
    { type: 'FollowUpVisited', data: { note: '回访：李强仍未付款' } } as DisputeEvent,
  ]
  const closedAfter = (past: readonly DisputeEvent[]): DisputeEvent[] => [...past, { type: 'DisputeClosed', data: { outcome: 'mediated' } } as DisputeEvent]
  const SUED = { reason: '李强拒不履行调解协议，王芳起诉', court: '赛罕区人民法院' }
  it.each(['none', 'partial', 'full'] as const)('given fulfilment %s and a follow-up visit, when referred to litigation, then ReferredToLitigation, and the case closes as gone to litigation', (f) => {
    const [e] = given(visited(f)).when(c('ReferToLitigation', SUED, actors.streetOfficer)).then(anyEvents)
    expect(e).toEqual({ type: 'ReferredToLitigation', data: { ...SUED, track: 'people', mediatorId: 'pm-1' } })
    const past = [...visited(f), e as DisputeEvent]
    expect(fold(decider, past).status).toBe('referred-to-litigation')
    given(past).when(c('CloseDispute', {}, actors.streetOfficer)).then([{ type: 'DisputeClosed', data: { outcome: 'litigation' } }])
  })
  it('given a fulfilment recorded after the visit (none, then partial at the next), when referred to litigation, then ReferredToLitigation', () => {
    const later = [...visited('none'), { type: 'FulfilmentRecorded', data: { fulfilment: 'partial' } } as DisputeEvent]
    expect(given(later).when(c('ReferToLitigation', SUED, actors.peopleMediator)).then(anyEvents).map((e) => e.type)).toEqual(['ReferredToLitigation'])
  })
  it.each(['none', 'partial', 'full'] as const)('given a case closed after the visit (fulfilment %s), the suit is recorded on it and it stays closed, once', (f) => {
    const closed = closedAfter(visited(f))
    const [e] = given(closed).when(c('ReferToLitigation', SUED, actors.streetOfficer)).then(anyEvents)
    expect(e).toEqual({ type: 'ReferredToLitigation', data: { ...SUED, track: 'people', mediatorId: 'pm-1' } })
    const after = fold(decider, [...closed, e as DisputeEvent])
    expect(after).toMatchObject({ status: 'closed', outcome: 'mediated', fulfilment: f, litigationAfterClose: true })
    expect(given([...closed, e as DisputeEvent]).when(c('ReferToLitigation', SUED, actors.streetOfficer)).then('invalid-transition').message).toContain('already')
  })
  it('given a referred complaint\'s dispute closed after the visit, the suit carries the complaint id (the complainant is told)', () => {
    const closed = closedAfter(visited('none', [...referred, ...at.agreed.slice(1)]))
    given(closed).when(c('ReferToLitigation', SUED, actors.streetOfficer)).then((events) => expect(events[0]?.data).toMatchObject({ complaintId: COMPLAINT_ID }))
  })
  it.each([
    ['followed-up', visited('none', at.confirmed)],
    ['closed', closedAfter(visited('none', at.confirmed))],
  ])('given a confirmed agreement not performed (%s), when referred to litigation, then invalid-transition naming enforcement (申请强制执行)', (_s, past) => {
    const refused = given(past).when(c('ReferToLitigation', SUED, actors.streetOfficer)).then('invalid-transition')
    expect(refused.message).toContain('confirmed')
    expect(refused.message).toContain('apply-enforcement')
  })
  // Performed in full, a confirmed agreement is still not sued on: the court has ruled on it (司法确认); that refusal stands.
  it.each([
    ['fulfilment-recorded', [...at.confirmed, { type: 'FulfilmentRecorded', data: { fulfilment: 'full' } } as DisputeEvent]],
    ['followed-up', visited('full', at.confirmed)],
    ['closed', closedAfter(visited('full', at.confirmed))],
  ])('given a confirmed agreement performed in full (%s), when referred to litigation, then invalid-transition naming the confirmation', (_s, past) => {
    expect(given(past).when(c('ReferToLitigation', SUED, actors.streetOfficer)).then('invalid-transition').message).toContain('confirmed')
  })
  it.each([
    ['declined', [...at.declined, { type: 'DisputeClosed', data: { outcome: 'declined' } } as DisputeEvent]],
    ['gone to litigation', [...at.litigation, { type: 'DisputeClosed', data: { outcome: 'litigation' } } as DisputeEvent]],
  ])('given a case closed as %s, when referred to litigation, then invalid-transition', (_s, past) => {
    given(past).when(c('ReferToLitigation', SUED, actors.streetOfficer)).then('invalid-transition')
  })
})

// 人民调解法 art. 29: a written agreement takes effect when the parties have signed it and the mediator has — each party
// once, on one day. Found in review: the same party listed twice, on 3-10 and 3-11, was taken, and the later entry
// decided the day the agreement took effect (and so the 30 days of 司法确认), though the paper bears one signature of hers.
describe('a written agreement: each party signs once', () => {
  it('when a party is listed twice, then validation names the second entry', () => {
    const data = {
      form: 'written' as const, attachments: SCAN,
      terms: ['x'],
      signatures: [{ party: '王芳', signedOn: '2026-03-10' }, { party: '李强', signedOn: '2026-03-10' }, { party: '王芳', signedOn: '2026-03-11' }],
      mediatorSignedOn: '2026-03-10',
    }
    expect(fieldsOf(given(at.session).when(c('RecordAgreement', data, actors.peopleMediator)).then('validation'))).toEqual(['signatures[2].party'])
  })
})

// 赔偿分期: an agreement is commonly performed in instalments, so its performance is recorded again as it goes — each a
// FulfilmentRecorded of its own in history, the case file (and enforcement, referral to litigation) reading the latest.
// Performance does not go backwards: after `partial` no `none`, after `full` nothing (it is done).
describe('fulfilment recorded again while the case is open (履行: 分期履行)', () => {
  const recorded = (fulfilment: 'none' | 'partial' | 'full', note?: string) =>
    ({ type: 'FulfilmentRecorded', data: { fulfilment, ...(note === undefined ? {} : { note }) } }) as DisputeEvent
  it.each([
    ['partial', 'full'],
    ['partial', 'partial'],
    ['none', 'partial'],
    ['none', 'full'],
  ] as const)('given %s recorded, when %s is recorded, then FulfilmentRecorded and the case shows the latest', (first, then) => {
    const past = [...at.confirmed, recorded(first, '第一期已付')]
    given(past).when(c('RecordFulfilment', { fulfilment: then, note: '第二期已付' }, actors.gridWorker)).then([
      { type: 'FulfilmentRecorded', data: { fulfilment: then, note: '第二期已付' } },
    ])
    const state = fold(decider, [...past, recorded(then, '第二期已付')])
    expect([state.status, state.fulfilment]).toEqual(['fulfilment-recorded', then])
  })
  it('given full recorded, when any fulfilment is recorded again, then invalid-transition (performed in full)', () => {
    for (const f of ['full', 'partial', 'none'] as const) {
      given([...at.confirmed, recorded('full')]).when(c('RecordFulfilment', { fulfilment: f }, actors.gridWorker)).then('invalid-transition')
    }
  })
  it.each([
    ['partial', 'none'],
    ['none', 'none'],
  ] as const)('given %s recorded, when %s is recorded, then 400 at fulfilment (performance does not go back)', (first, then) => {
    const r = decider.decide(c('RecordFulfilment', { fulfilment: then }, actors.gridWorker), fold(decider, [...at.confirmed, recorded(first)]))
    expect(E.isLeft(r) && [r.left.code, fieldsOf(r.left)]).toEqual(['validation', ['fulfilment']])
  })
  it('given partial then full on a confirmed agreement, enforcement is refused: the latest counts', () => {
    given([...at.confirmed, recorded('partial'), recorded('full')]).when(c('ApplyForEnforcement', { court: '赛罕区人民法院' }, actors.wang)).then('invalid-transition')
  })
  it('given none then partial on a confirmed agreement, enforcement is still open (未全部履行)', () => {
    expect(given([...at.confirmed, recorded('none'), recorded('partial')]).when(c('ApplyForEnforcement', { court: '赛罕区人民法院' }, actors.wang)).then(anyEvents).map((e) => e.type)).toEqual(['EnforcementApplied'])
  })
  it('given an unconfirmed agreement partial then full, referring it to litigation is recorded (人民调解法 art. 32: its content)', () => {
    const sued = given([...at.agreed, recorded('partial'), recorded('full')]).when(c('ReferToLitigation', { reason: '当事人起诉' }, actors.streetOfficer)).then(anyEvents)
    expect(sued.map((e) => e.type)).toEqual(['ReferredToLitigation'])
  })
  // Decision: a full performance after an application for enforcement (the respondent paid, or the court's execution got
  // it) is recorded — the case shows it performed, and the enforcement stays in its history; nothing is applied for again.
  // Only `full`: a further part paid is the enforcement court's record (执行), not a new ground to apply.
  const enforced = [...at.confirmed, recorded('none'), { type: 'EnforcementApplied', data: { court: '赛罕区人民法院', caseNumber: CASE_NUMBER } } as DisputeEvent]
  it('given enforcement applied, when full is recorded, then FulfilmentRecorded; enforcement is not applied again, the follow-up comes next', () => {
    given(enforced).when(c('RecordFulfilment', { fulfilment: 'full', note: '经执行已全部履行' }, actors.gridWorker)).then([
      { type: 'FulfilmentRecorded', data: { fulfilment: 'full', note: '经执行已全部履行' } },
    ])
    const after = [...enforced, recorded('full', '经执行已全部履行')]
    expect(fold(decider, after).fulfilment).toBe('full')
    given(after).when(c('ApplyForEnforcement', { court: '赛罕区人民法院' }, actors.wang)).then('invalid-transition')
    expect(given(after).when(c('RecordFollowUp', { note: '已履行完毕' }, actors.communityWorker)).then(anyEvents).map((e) => e.type)).toEqual(['FollowUpVisited'])
  })
  it.each(['partial', 'none'] as const)('given enforcement applied, when %s is recorded, then 400 at fulfilment', (f) => {
    const r = decider.decide(c('RecordFulfilment', { fulfilment: f }, actors.gridWorker), fold(decider, enforced))
    expect(E.isLeft(r) && [r.left.code, fieldsOf(r.left)]).toEqual(['validation', ['fulfilment']])
  })
  it('given followed up, when fulfilment is recorded, then invalid-transition (the visit concluded it)', () => {
    given(at.followedUp).when(c('RecordFulfilment', { fulfilment: 'full' }, actors.gridWorker)).then('invalid-transition')
  })
})

// A written agreement (调解协议书) is recorded from the paper every party and the mediator signed (人民调解法 art. 29), as
// the on-the-spot one is; the 司法确认 application goes to the court with it (法释〔2011〕5号 art. 3: 调解协议 among what the
// parties submit). Its scan, kept by content hash (kind `agreement`), is required; an oral agreement has none to give.
describe('a written agreement is recorded with the scan of the signed paper', () => {
  const written = {
    form: 'written' as const,
    terms: ['赔偿2000元'],
    signatures: [
      { party: '王芳', signedOn: '2026-03-10' },
      { party: '李强', signedOn: '2026-03-10' },
    ],
    mediatorSignedOn: '2026-03-10',
  }
  it('without attachments: 400 at attachments', () => {
    expect(fieldsOf(given(at.session).when(c('RecordAgreement', written, actors.peopleMediator)).then('validation'))).toEqual(['attachments'])
  })
  it('with a photo only (no file of kind agreement): 400 at attachments', () => {
    const data = { ...written, attachments: [{ sha256: SIGNED, kind: 'photo' as const }] }
    expect(fieldsOf(given(at.session).when(c('RecordAgreement', data, actors.peopleMediator)).then('validation'))).toEqual(['attachments'])
  })
  it('with the scan (kind agreement): MediationAgreed names it', () => {
    const data = { ...written, attachments: [{ sha256: SIGNED, kind: 'agreement' as const }] }
    const [e] = given(at.session).when(c('RecordAgreement', data, actors.peopleMediator)).then(anyEvents)
    expect(e?.type === 'MediationAgreed' && e.data.attachments).toEqual([{ sha256: SIGNED, kind: 'agreement' }])
  })
  it('an oral agreement needs none', () => {
    expect(given(at.session).when(c('RecordAgreement', { form: 'oral', terms: ['x'], reachedOn: '2026-03-10' }, actors.peopleMediator)).then(anyEvents).map((e) => e.type)).toEqual(['MediationAgreed'])
  })
  it('missing with other problems: each named at once', () => {
    const data = { ...written, signatures: [{ party: '王芳', signedOn: '2026-03-10' }] }
    expect(fieldsOf(given(at.session).when(c('RecordAgreement', data, actors.peopleMediator)).then('validation'))).toEqual(['signatures', 'attachments'])
  })
})
