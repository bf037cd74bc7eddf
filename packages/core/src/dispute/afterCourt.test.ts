import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import { fold } from '../kernel/decider.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import { dashboardProjection, dashboardView } from '../projections/dashboard.js'
import { disputeDraft as d } from '../projections/fixtures.js'
import { replay } from '../projections/projection.js'
import type { DisputeEvent } from './events.js'
import { actors, at, CASE_NUMBER, command, history, mediators } from './fixtures.js'
import { disputeDecider } from './index.js'

// DOMAIN.md: "A rejected agreement may go back to mediation or to litigation"; people's mediation is "normally
// concluded within 30 days of acceptance". Going back to mediation after the court refused (不予受理) or rejected (驳回)
// the agreement is a mediation of its own: the earlier one ended with the agreement, so its 30 days ended with it. A
// transfer to another track after the court already starts its own 30 days (DisputeTransferred); going back on the same
// track must too — with the old deadline, long past, the case would be overdue the moment a mediator took it back.
// Counted as every statutory period (民法典 arts. 200–203): the day of the assignment not counted, to 24:00 of the 30th
// day, moved to the next working day when that is a rest day.

const decider = disputeDecider()
const { given } = deciderSpec(decider)
const SHIPPED = { id: 'chinese-workdays', version: 'chinese-days@1.5.7' }
const counted = (days: number, from: string) => ({ ...SHIPPED, from, days, unit: 'statutory-days' as const })
const anyEvents = (): void => undefined
const refused = [...at.applied, { type: 'JudicialConfirmationRefused', data: { court: '赛罕区人民法院', caseNumber: CASE_NUMBER, reason: '不属于受理范围' } } as DisputeEvent]
const assign = (when: string) => command('AssignMediator', actors.streetOfficer, when, { track: 'people', mediator: mediators.people })

describe('back to mediation after the court (a fresh mediation period)', () => {
  // 3-20 + 30 days = Sun 4-19 → Mon 4-20 (a rest day: the next working day, 民法典 art. 203).
  const T = '2026-03-20T10:00:00+08:00'
  it.each([
    ['rejected (驳回)', at.rejected],
    ['refused (不予受理)', refused],
  ])('given the court %s, when a mediator is assigned again, then MediatorAssigned starts 30 days from that day', (_s, past) => {
    given(past).when(assign(T)).then([
      { type: 'MediatorAssigned', data: { track: 'people', mediator: mediators.people, mediationDeadline: '2026-04-20T23:59:59+08:00', calendar: counted(30, T) } },
    ])
    const [event] = given(past).when(assign(T)).then(anyEvents) as unknown as DisputeEvent[]
    expect(fold(decider, [...past, event as DisputeEvent]).mediationDeadline).toBe('2026-04-20T23:59:59+08:00')
  })

  // 3-21 + 30 days = Mon 4-20, a working day: it stands (the day before's deadline moved onto the same day).
  it('a day later, the 30th day is a working day and stands', () => {
    const [event] = given(at.rejected).when(assign('2026-03-21T09:00:00+08:00')).then(anyEvents) as unknown as DisputeEvent[]
    expect(event?.type === 'MediatorAssigned' && event.data.mediationDeadline).toBe('2026-04-20T23:59:59+08:00')
  })
  // 3-22 + 30 days = Tue 4-21.
  it('two days later, Tue 4-21', () => {
    const [event] = given(at.rejected).when(assign('2026-03-22T09:00:00+08:00')).then(anyEvents) as unknown as DisputeEvent[]
    expect(event?.type === 'MediatorAssigned' && event.data.mediationDeadline).toBe('2026-04-21T23:59:59+08:00')
  })

  it('the first assignment after acceptance keeps the deadline the acceptance set (no deadline on the event)', () => {
    given(at.accepted).when(assign('2026-03-02T10:00:00+08:00')).then([{ type: 'MediatorAssigned', data: { track: 'people', mediator: mediators.people } }])
    given([...at.failed, history.transferred(1, 'people', 'administrative')])
      .when(command('AssignMediator', actors.streetOfficer, '2026-03-13T10:00:00+08:00', { track: 'administrative', mediator: mediators.administrative }))
      .then([{ type: 'MediatorAssigned', data: { track: 'administrative', mediator: mediators.administrative } }])
  })
})

describe('the overdue list after going back to mediation', () => {
  const ID = '00000000-0000-4000-8000-000000000009'
  const A = 'hohhot/saihan/wulan'
  const when = (day: string, time = '10:00') => `2026-${day}T${time}:00+08:00`
  const log = sealLog([
    d(ID, 'DisputeReported', when('03-01'), { id: ID, source: 'screening', category: 'neighbour', jurisdiction: `${A}/c1/g1`, parties: [], summary: '漏水' }),
    d(ID, 'DisputeAccepted', when('03-01', '11:00'), { mediationDeadline: '2026-03-31T23:59:59+08:00' }),
    d(ID, 'MediatorAssigned', when('03-02'), { track: 'people', mediator: { id: 'm1', jurisdiction: A } }),
    d(ID, 'MediationSessionHeld', when('03-05'), { session: 1, track: 'people', mediatorId: 'm1', minutes: '第1次调解' }),
    d(ID, 'MediationAgreed', when('03-05', '11:00'), { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-03-05', confirmationDeadline: '2026-04-07T23:59:59+08:00' }),
    d(ID, 'JudicialConfirmationApplied', when('03-06'), { applicant: '王芳', consentedBy: ['李强'], court: '赛罕区法院', confirmationDeadline: '2026-04-07T23:59:59+08:00', courtDecisionDeadline: '2026-03-09T23:59:59+08:00' }),
    d(ID, 'JudicialConfirmationRejected', when('04-08'), { court: '赛罕区法院', reason: '协议内容违反法律规定' }),
    d(ID, 'MediatorAssigned', when('04-09'), { track: 'people', mediator: { id: 'm1', jurisdiction: A }, mediationDeadline: '2026-05-11T23:59:59+08:00' }), // as written on the event
  ])
  const state = replay(dashboardProjection, log)
  const overdueAt = (asOf: string) =>
    dashboardView(state, { from: when('01-01', '00:00'), to: when('12-31', '00:00'), asOf, jurisdiction: A, depth: 1 })
      .overdue.items.filter((i) => i.deadlineKind === 'mediation')
      .map((i) => i.deadline)

  it('is not overdue the day after a mediator took the case back (the old 3-31 deadline ended with the agreement)', () => {
    expect(overdueAt(when('04-10'))).toEqual([])
  })
  it('is not overdue on the new deadline day itself, to 24:00', () => {
    expect(overdueAt('2026-05-11T23:59:59.500+08:00')).toEqual([])
  })
  it('is overdue from 00:00 the next day, against the new deadline', () => {
    expect(overdueAt('2026-05-12T00:00:00+08:00')).toEqual([new Date('2026-05-11T23:59:59+08:00').toISOString()])
  })
})

// 驳回 → back to mediation → a new agreement: a new agreement with a window of its own (人民调解法 art. 33, 民事诉讼法 art.
// 205, 2023 numbering), which the parties apply for together again. The consents given to confirm the rejected
// agreement were consents to those terms, not to the new ones; and the court's ruling on the old agreement does not
// bar an application on the new. New agreement reached (oral) Fri 3-27: day 30 = Sun 4-26 → Mon 4-27.
describe('a new agreement after the court rejected the earlier one (驳回)', () => {
  const T = '2026-03-20T10:00:00+08:00'
  const again = (() => {
    const past: DisputeEvent[] = [...at.rejected]
    const steps = [
      assign(T),
      command('RecordSession', actors.peopleMediator, '2026-03-25T10:00:00+08:00', { minutes: '重新调解' }),
      command('RecordAgreement', actors.peopleMediator, '2026-03-27T18:00:00+08:00', { form: 'oral', terms: ['分期赔偿3000元'], reachedOn: '2026-03-27' }),
    ]
    for (const c of steps) past.push(...(given(past).when(c).then(anyEvents) as unknown as DisputeEvent[]))
    return past
  })()
  const apply = (when: string) => command('ApplyForConfirmation', actors.wang, when, { court: '赛罕区人民法院' })
  it('the new agreement has its own window: day 30 is Sun 4-26, so it ends Mon 4-27', () => {
    expect(fold(decider, again).agreement?.confirmationDeadline).toBe('2026-04-27T23:59:59+08:00')
  })
  it('the consent given to the rejected agreement does not count for the new one: applying without a new consent is refused', () => {
    expect(fold(decider, again).consents).toEqual([])
    given(again).when(apply('2026-03-30T10:00:00+08:00')).then('invalid-transition')
  })
  it.each([
    ['day 30 moved to Mon 4-27, last second', '2026-04-27T23:59:59+08:00', 'JudicialConfirmationApplied'],
    ['Tue 4-28, first second', '2026-04-28T00:00:00+08:00', 'deadline-passed'],
  ])('with the other party consenting again, an application on %s → %s', (_what, when, expected) => {
    const consented = [...again, history.consented('李强')]
    const r = decider.decide(apply(when), fold(decider, consented))
    expect(r._tag === 'Right' ? r.right.map((e) => e.type).join(',') : r.left.code).toBe(expected)
  })
})

// DOMAIN.md "Jurisdiction and actors": a mediator acts only on cases assigned to them; "a street officer or the mediation
// centre may `reassign` with a reason; events name both the assigned and the acting person". Going back to mediation
// after the court assigns the case again — to the mediator who holds it. Found in review: `assign-mediator` after 驳回 or
// 不予受理 named any other mediator, by a community worker (who may not reassign) and without a reason, and the event did
// not name the mediator who lost the case: a reassignment past the rule that governs reassignments.
describe('back to mediation after the court: another mediator is a reassignment', () => {
  const T = '2026-03-20T10:00:00+08:00'
  const other = { id: 'pm-2', name: '吴调解', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' }
  it.each([
    ['rejected (驳回)', at.rejected],
    ['refused (不予受理)', refused],
  ])('given the court %s, assigning a mediator other than the one who holds the case is refused, naming reassign', (_s, past) => {
    for (const who of [actors.communityWorker, actors.streetOfficer]) {
      const error = given(past).when(command('AssignMediator', who, T, { track: 'people', mediator: other })).then('invalid-transition')
      expect(error.message).toContain('reassign')
    }
  })
  it('reassigned first (a street officer, with a reason), the new mediator is then assigned back to mediation', () => {
    const past = [...at.rejected, ...(given(at.rejected).when(command('ReassignMediator', actors.streetOfficer, T, { mediator: other, reason: '原调解员回避' })).then(anyEvents) as unknown as DisputeEvent[])]
    given(past).when(command('AssignMediator', actors.communityWorker, T, { track: 'people', mediator: other })).then((events) => {
      expect(events.map((e) => e.type)).toEqual(['MediatorAssigned'])
    })
  })
})

// 民事诉讼法 art. 206 (2023 numbering; 202 in 2021): after 驳回 the parties "可以通过调解方式变更原调解协议或者达成新的调解协议" — on
// another track too (三调联动, DOMAIN.md: a transfer is "each hop recorded"). The transfer starts a mediation of its own
// (30 days from the transfer, as any transfer's); the rejected agreement's consent does not carry over to the new one.
describe('a transfer to another track after the court rejected the agreement (驳回)', () => {
  // Fri 3-20 + 30 = Sun 4-19 → Mon 4-20 (民法典 art. 203).
  const T = '2026-03-20T10:00:00+08:00'
  const transfer = command('TransferDispute', actors.streetOfficer, T, { to: 'administrative', reason: '涉及行政职能，转行政调解' })
  const transferred = (): DisputeEvent[] => [...at.rejected, ...(given(at.rejected).when(transfer).then(anyEvents) as unknown as DisputeEvent[])]

  it('is hop 1, from the track the agreement was reached on, with 30 days from the transfer', () => {
    given(at.rejected).when(transfer).then([
      {
        type: 'DisputeTransferred',
        data: { hop: 1, from: 'people', to: 'administrative', reason: '涉及行政职能，转行政调解', mediatorId: 'pm-1', mediationDeadline: '2026-04-20T23:59:59+08:00', calendar: counted(30, T) },
      },
    ])
    const c = fold(decider, transferred())
    expect([c.status, c.track, c.mediator, c.transfers.length]).toEqual(['transferred', 'administrative', undefined, 1])
  })

  it('the rejected agreement is not fulfilled there, nor applied for', () => {
    given(transferred()).when(command('RecordFulfilment', actors.streetOfficer, '2026-03-21T10:00:00+08:00', { fulfilment: 'full' })).then('invalid-transition')
    given(transferred()).when(command('ApplyForConfirmation', actors.wang, '2026-03-21T10:00:00+08:00', { court: '赛罕区人民法院' })).then('invalid-transition')
  })

  it('a new agreement on the new track has its own window (4-01 → day 30 Fri 5-01, 劳动节 5-01..5-05 → Wed 5-06) and needs a new consent', () => {
    const mediating = [
      ...transferred(),
      { type: 'MediatorAssigned', data: { track: 'administrative', mediator: mediators.administrative } } as DisputeEvent,
      history.session(2, 'administrative'),
    ]
    const agree = command('RecordAgreement', actors.adminMediator, '2026-04-01T16:00:00+08:00', { form: 'oral', terms: ['李强赔偿王芳1500元'], reachedOn: '2026-04-01' })
    const agreed = [...mediating, ...(given(mediating).when(agree).then(anyEvents) as unknown as DisputeEvent[])]
    expect(fold(decider, agreed).agreement?.confirmationDeadline).toBe('2026-05-06T23:59:59+08:00')
    given(agreed).when(command('ApplyForConfirmation', actors.wang, '2026-04-02T10:00:00+08:00', { court: '赛罕区人民法院' })).then('invalid-transition')
  })
})
