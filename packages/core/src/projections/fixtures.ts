// Hand-written event drafts for projection tests and the sample log (tests/support); not built into the package.
import type { Actor } from '../kernel/actor.js'
import type { HandlingUnit } from '../complaint/unit.js'
import type { ComplaintEventType, EventData } from '../complaint/events.js'
import type { DisputeEventOf, DisputeEventType } from '../dispute/events.js'
import type { EventDraft } from '../audit/sealedLog.js'
import type { RecordedEvent } from '../kernel/index.js'
import { chineseWorkdays } from '../calendar/calendar.js'
import { countDays } from '../calendar/stamp.js'
import { defaultDisputePolicy, entrustmentReceiptDeadline } from '../dispute/policy.js'
import * as E from 'fp-ts/lib/Either.js'
import type { ComplaintCommand } from '../complaint/commands.js'
import { actors, command, registration, run as runOf, units as sampleUnits } from '../complaint/fixtures.js'
import { complaintDecider } from '../complaint/index.js'
import type { ComplaintState } from '../complaint/state.js'
import type { ComplaintEvent } from '../complaint/events.js'
import { sealLog } from '../audit/sealedLog.js'
import type { Run } from '../complaint/fixtures.js'
import { dashboardProjection } from './dashboard.js'
import { replay } from './projection.js'

const clerk: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

/** A complaint event for a hand-written log: `complaintId` and `at` are filled in. */
export const complaintDraft = <K extends ComplaintEventType>(
  caseId: string,
  type: K,
  at: string,
  data: Omit<EventData<K>, 'complaintId' | 'at'>,
  actor: Actor = clerk,
): EventDraft => ({ streamId: `complaint-${caseId}`, type, at, actor, data: { complaintId: caseId, at, ...data } })

/** A dispute event for a hand-written log. */
export const disputeDraft = <K extends DisputeEventType>(
  caseId: string,
  type: K,
  at: string,
  data: DisputeEventOf<K>['data'],
  actor: Actor = clerk,
): EventDraft => ({ streamId: `dispute-${caseId}`, type, at, actor, data })

// Whose dispute deadlines are they (DOMAIN.md "Time": overdue lists and unit evaluation see every deadline)? A
// hand-written log of four disputes in street `wulan`, community c1. Every deadline is counted as the deciders count
// it (DOMAIN.md "Time": the start day not counted, the last day ending at 24:00 China time, a last day on a statutory
// holiday or weekend moved to the next working day; the shipped 2026 calendar), by hand:
//   d1: people's mediation, routed (分流) to c1's people's committee, accepted 04-01 → 30 days end 05-01, in 劳动节
//       (05-01–05-05): mediation due 05-06.
//   d2: a court clerk's entrustment (诉前委派) made 04-01: 3 working days (04-02, 04-03, then 清明 04-04–04-06) → receipt
//       due 04-07; routed to the centre's property committee on 04-02, never signed for: its receipt clock is the
//       centre's (saihan-centre).
//   d3: routed to the centre's medical committee (people's track), accepted 04-01 → due 05-06 (as d1); on 05-10
//       transferred to the administrative track (the committee does not mediate there, so it leaves the case) with 30
//       days → due 06-09 (a Tuesday); unrouted until 06-11, when it is routed to street wulan's administrative
//       committee — so from 06-10 to 06-11 it is overdue and no unit's.
//   d4: agreed 04-10 with c1's committee; the parties' 30 days to apply for 司法确认 end 05-10, a Sunday → due 05-11;
//       they pass unused: the window is the parties', no unit's.
export const DISPUTE_UNITS_PLACE = 'hohhot/saihan/wulan'
const A = DISPUTE_UNITS_PLACE
const at = (day: string, time = '09:00'): string => `2026-${day}T${time}:00+08:00`
/** `days` calendar days after `day` 09:00, counted as a statutory period with the shipped calendar (policy.ts). */
const after = (day: string, days: number): string => countDays(at(day), { days, unit: 'statutory-days' }, chineseWorkdays)
export const disputeUnitsId = (n: number): string => `00000000-0000-4000-8000-00000000030${n}`
const id = disputeUnitsId
const parties = [{ side: 'applicant' as const, name: '王某' }, { side: 'respondent' as const, name: '李某' }]
const courtClerk: Actor = { id: 'cc-1', role: 'court-clerk' as const, jurisdiction: 'hohhot/saihan' }
const mediator = { id: 'm-1', jurisdiction: A }
const reported = (n: number, extra: Partial<DisputeEventOf<'DisputeReported'>['data']> = {}) =>
  disputeDraft(id(n), 'DisputeReported', at('03-31'), { id: id(n), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties, ...extra })
const c1 = { committeeId: 'c1-people', committeeName: 'c1 社区人民调解委员会', kind: 'people' as const, track: 'people' as const }
const medical = { committeeId: 'saihan-medical', committeeName: '医疗纠纷人民调解委员会', kind: 'medical' as const, track: 'people' as const, centre: 'saihan-centre' }

/** The log described above, as drafts. */
export const disputeUnitsDrafts = (): EventDraft[] => [
  reported(1),
  disputeDraft(id(1), 'DisputeRouted', at('03-31', '10:00'), c1),
  disputeDraft(id(1), 'DisputeAccepted', at('04-01'), { mediationDeadline: after('04-01', 30) }),
  disputeDraft(id(1), 'MediatorAssigned', at('04-01', '10:00'), { track: 'people', mediator }),
  disputeDraft(
    id(2),
    'DisputeReported',
    at('04-01'),
    { id: id(2), source: 'court-entrusted', category: 'property', jurisdiction: `${A}/c1/g1`, summary: 's', parties, court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民诉前调7号', receiptDeadline: entrustmentReceiptDeadline(at('04-01'), defaultDisputePolicy) },
    courtClerk,
  ),
  disputeDraft(id(2), 'DisputeRouted', at('04-02'), { committeeId: 'saihan-property', committeeName: '物业纠纷人民调解委员会', kind: 'property', track: 'people', centre: 'saihan-centre' }),
  reported(3, { category: 'medical' }),
  disputeDraft(id(3), 'DisputeRouted', at('03-31', '10:00'), medical),
  disputeDraft(id(3), 'DisputeAccepted', at('04-01'), { mediationDeadline: after('04-01', 30) }),
  disputeDraft(id(3), 'DisputeTransferred', at('05-10'), { hop: 1, from: 'people', to: 'administrative', reason: '转行政调解', mediationDeadline: after('05-10', 30) }),
  disputeDraft(id(3), 'DisputeRouted', at('06-11'), { committeeId: 'wulan-admin', committeeName: '乌兰街道行政调解委员会', kind: 'people', track: 'administrative', previousCommitteeId: 'saihan-medical' }),
  reported(4),
  disputeDraft(id(4), 'DisputeRouted', at('03-31', '10:00'), c1),
  disputeDraft(id(4), 'DisputeAccepted', at('04-01'), { mediationDeadline: after('04-01', 30) }),
  disputeDraft(id(4), 'MediationAgreed', at('04-10'), { track: 'people', mediatorId: 'm-1', form: 'oral', terms: ['赔偿 500 元'], effectiveOn: '2026-04-10', reachedOn: '2026-04-10', committeeId: 'c1-people', confirmationDeadline: after('04-10', 30) }),
]

// When does a clock stop, and where does its 临期 window start (DOMAIN.md "Time", "Dashboards")? Three hand-written
// complaint logs in street wulan, one per question; every deadline is written out on the event, so each expectation is
// counted by hand from the times below (China time, +08:00).
export const CLOCKS_PLACE = 'hohhot/saihan/wulan'
const cAt = (day: string, time = '09:00', year = 2026): string => `${year}-${day}T${time}:00+08:00`
export const clocksId = (n: number): string => `00000000-0000-4000-8000-00000000040${n}`
const WULAN: HandlingUnit = { id: 'wulan-street', name: '乌兰街道', level: 'street' as const, jurisdiction: CLOCKS_PLACE }
const C1: HandlingUnit = { id: 'wulan-c1', name: 'c1 社区', level: 'community' as const, jurisdiction: `${CLOCKS_PLACE}/c1` }
const HOUSING: HandlingUnit = { id: 'saihan-housing', name: '住建局', level: 'district' as const, jurisdiction: 'hohhot/saihan', department: 'housing' }
const ENVIRONMENT: HandlingUnit = { id: 'saihan-environment', name: '生态环境局', level: 'district' as const, jurisdiction: 'hohhot/saihan', department: 'environment' }
const registered = (n: number, day: string, year = 2026): EventDraft =>
  complaintDraft(clocksId(n), 'ComplaintRegistered', cAt(day, '09:00', year), {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: 't', description: 'd', jurisdiction: `${CLOCKS_PLACE}/c1/g1`,
    complainant: { name: '李四', phone: '13912345678' }, policy: 'standard-normal',
  })
const dispatched = (n: number, unit: HandlingUnit, at: string, acknowledgeBy: string, resultBy: string): EventDraft =>
  complaintDraft(clocksId(n), 'ComplaintDispatched', at, {
    unit, round: 1, redispatch: false, policy: 'standard-normal', acknowledgeBy, resultBy, category: 'heating', kind: 'complaint', urgency: 'normal', jurisdiction: `${CLOCKS_PLACE}/c1/g1`,
  })
const acknowledged = (n: number, unit: HandlingUnit, at: string): EventDraft => complaintDraft(clocksId(n), 'ComplaintAcknowledged', at, { unit, after: 'dispatch', onTime: true })
const acknowledgedAs = (id: string, unit: HandlingUnit, at: string): EventDraft => complaintDraft(id, 'ComplaintAcknowledged', at, { unit, after: 'dispatch', onTime: true })

/**
 * 报到 after its round ended (finding 6). Both cases: dispatched to the street 03-02 10:00 (签收 by 03-03 10:00, 办结 by
 * 03-23 18:00), signed for at 11:00; a result 03-05 10:00, the complainant told at 11:00, unsatisfied 03-06 09:00, 重办
 * to the street 03-06 10:00 (签收 by 03-07 10:00, 办结 by 03-27 18:00), signed for at 11:00. The 重办 ends round 1 and its
 * summons (the decider's new round has none: the departments can no longer report).
 * - 1: housing summoned 03-02 14:00, 报到 by 03-04 23:59, never came: late when its round ended (03-06 10:00).
 * - 2: environment summoned 03-05 09:00, 报到 by 03-07 23:59, never came: its round ended before its deadline.
 */
export const arrivalRoundDrafts = (): EventDraft[] =>
  [1, 2].flatMap((n) => [
    registered(n, '03-02'),
    dispatched(n, WULAN, cAt('03-02', '10:00'), cAt('03-03', '10:00'), cAt('03-23', '18:00')),
    acknowledged(n, WULAN, cAt('03-02', '11:00')),
    n === 1
      ? complaintDraft(clocksId(n), 'ComplaintDepartmentsSummoned', cAt('03-02', '14:00'), { by: WULAN, departments: [HOUSING], reason: '多部门', reportBy: cAt('03-04', '23:59') })
      : complaintDraft(clocksId(n), 'ComplaintDepartmentsSummoned', cAt('03-05', '09:00'), { by: WULAN, departments: [ENVIRONMENT], reason: '多部门', reportBy: cAt('03-07', '23:59') }),
    complaintDraft(clocksId(n), 'ComplaintResultSubmitted', cAt('03-05', '10:00'), { unit: WULAN, result: 'r', outcome: 'resolved', resultBy: cAt('03-23', '18:00'), onTime: true, round: 1 }),
    complaintDraft(clocksId(n), 'ComplainantNotified', cAt('03-05', '11:00'), { method: 'phone' }),
    complaintDraft(clocksId(n), 'ComplaintEvaluated', cAt('03-06', '09:00'), { rating: 'unsatisfied', round: 1, unit: WULAN, level: 'street' }),
    complaintDraft(clocksId(n), 'ComplaintReopened', cAt('03-06', '10:00'), {
      reason: '不满意', unit: WULAN, round: 2, policy: 'standard-normal', acknowledgeBy: cAt('03-07', '10:00'), resultBy: cAt('03-27', '18:00'), previousUnit: WULAN,
    }),
    acknowledged(n, WULAN, cAt('03-06', '11:00')),
  ])

/**
 * 签收 never given (finding 4): dispatched to community c1 03-02 10:00 (签收 by 03-03 10:00, 办结 by 03-23 18:00), referred
 * to mediation 03-04 09:00 without a 签收 (from then on the round can no longer be signed for); the dispute concludes
 * 03-10 10:00 (the round's result, on time); the complainant is told 03-10 11:00; closed 03-11 09:00 without evaluation.
 */
export const unacknowledgedDrafts = (): EventDraft[] => [
  registered(3, '03-02'),
  dispatched(3, C1, cAt('03-02', '10:00'), cAt('03-03', '10:00'), cAt('03-23', '18:00')),
  complaintDraft(clocksId(3), 'ComplaintReferredToMediation', cAt('03-04'), {
    disputeId: '00000000-0000-4000-8000-000000000499', disputeCategory: 'neighbour', jurisdiction: `${CLOCKS_PLACE}/c1/g1`,
    applicant: { name: '李四', phone: '13912345678' }, respondents: [{ name: '王五' }], summary: 's',
  }),
  complaintDraft(clocksId(3), 'ComplaintMediationConcluded', cAt('03-10', '10:00'), { disputeId: '00000000-0000-4000-8000-000000000499', outcome: 'agreement' }),
  complaintDraft(clocksId(3), 'ComplainantNotified', cAt('03-10', '11:00'), { method: 'phone' }),
  complaintDraft(clocksId(3), 'ComplaintClosed', cAt('03-11'), { closedAs: 'no-evaluation', reason: '未评价' }),
]

/**
 * A re-based deadline's 临期 window (finding 7). All three dispatched to the street 2026-12-20 10:00 and signed for at
 * 11:00 (签收 by 12-21 10:00).
 * - 4: 办结 by 2027-01-11 24:00, re-based 01-05 10:00 (a new holiday schedule) to 01-09 24:00.
 * - 5: 办结 by 2027-01-09 24:00 as dispatched.
 * - 6: 办结 by 2027-01-05 24:00, extended (延期 approved) 01-04 10:00 to 01-09 24:00: a fresh grant of time.
 * And two disputes, accepted 2026-12-20 10:00: 7 to mediate by 2027-01-11 24:00, re-based 01-05 10:00 to 01-09 24:00;
 * 8 by 2027-01-09 24:00 as accepted.
 */
export const rebasedWindowDrafts = (): EventDraft[] => {
  const end = (day: string) => `2027-${day}T23:59:59+08:00`
  const round = (n: number, resultBy: string): EventDraft[] => [
    registered(n, '12-20'),
    dispatched(n, WULAN, cAt('12-20', '10:00'), cAt('12-21', '10:00'), resultBy),
    acknowledged(n, WULAN, cAt('12-20', '11:00')),
  ]
  return [
    ...round(4, end('01-11')),
    ...round(5, end('01-09')),
    ...round(6, end('01-05')),
    complaintDraft(clocksId(6), 'ComplaintExtensionApproved', cAt('01-04', '10:00', 2027), { days: 4, dayUnit: 'natural-days', previousResultBy: end('01-05'), resultBy: end('01-09'), reason: '复杂' }),
    complaintDraft(clocksId(4), 'ComplaintDeadlinesRebased', cAt('01-05', '10:00', 2027), {
      reason: '2027 年放假安排', calendar: { id: 'cn-workdays', version: '2027.1' }, changes: [{ kind: 'result', previous: end('01-11'), deadline: end('01-09') }],
    }),
    ...[7, 8].flatMap((n) => [
      disputeDraft(clocksId(n), 'DisputeReported', cAt('12-20'), { id: clocksId(n), source: 'party-application', category: 'neighbour', jurisdiction: `${CLOCKS_PLACE}/c1/g1`, summary: 's', parties }),
      disputeDraft(clocksId(n), 'DisputeAccepted', cAt('12-20', '10:00'), { mediationDeadline: end(n === 7 ? '01-11' : '01-09') }),
    ]),
    disputeDraft(clocksId(7), 'DisputeDeadlinesRebased', cAt('01-05', '10:00', 2027), {
      reason: '2027 年放假安排', calendar: { id: 'cn-workdays', version: '2027.1' }, changes: [{ kind: 'mediation', previous: end('01-11'), deadline: end('01-09') }],
    }),
  ]
}

/**
 * A 报到 re-based on a closed complaint (以下评上 is taken there once the deadline has gone by, so a new schedule moves it).
 * Two urgent complaints dispatched to the street 2026-12-30 10:00 (签收 by 12:00, 办结 by 2027-01-05 24:00), signed for
 * at 10:30; the housing bureau summoned at 11:00, 报到 by Mon 2027-01-04 24:00 (12-31, 01-04: no 2027 notice), never
 * comes; a result 12-31 10:00, the complainant told at 11:00, satisfied at 12:00; a schedule that makes Mon 01-04 a
 * holiday re-bases the 报到 on 2027-01-02 10:00 to Tue 01-05 24:00 (12-31, 01-05).
 * - 1: closed 12-31 14:00, before either deadline: on no list, no late 报到, before the re-base or after.
 * - 2: the same, not closed: overdue from Wed 01-06 00:00, due and late in January.
 */
export const closedArrivalId = (n: number): string => `00000000-0000-4000-8000-00000000041${n}`
export const closedArrivalDrafts = (): EventDraft[] => {
  const end = (day: string, year = 2027) => `${year}-${day}T23:59:59+08:00`
  return [1, 2].flatMap((n) => {
    const id = closedArrivalId(n)
    return [
      complaintDraft(id, 'ComplaintRegistered', cAt('12-30'), {
        channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'urgent', title: 't', description: 'd', jurisdiction: `${CLOCKS_PLACE}/c1/g1`,
        complainant: { name: '李四', phone: '13912345678' }, policy: 'standard-urgent',
      }),
      complaintDraft(id, 'ComplaintDispatched', cAt('12-30', '10:00'), {
        unit: WULAN, round: 1, redispatch: false, policy: 'standard-urgent', acknowledgeBy: cAt('12-30', '12:00'), resultBy: end('01-05'), category: 'heating', kind: 'complaint', urgency: 'urgent', jurisdiction: `${CLOCKS_PLACE}/c1/g1`,
      }),
      acknowledgedAs(id, WULAN, cAt('12-30', '10:30')),
      complaintDraft(id, 'ComplaintDepartmentsSummoned', cAt('12-30', '11:00'), { by: WULAN, departments: [HOUSING], reason: '供热管道', reportBy: end('01-04') }),
      complaintDraft(id, 'ComplaintResultSubmitted', cAt('12-31', '10:00'), { unit: WULAN, result: 'r', outcome: 'resolved', resultBy: end('01-05'), onTime: true, round: 1 }),
      complaintDraft(id, 'ComplainantNotified', cAt('12-31', '11:00'), { method: 'phone' }),
      complaintDraft(id, 'ComplaintEvaluated', cAt('12-31', '12:00'), { rating: 'satisfied', round: 1, unit: WULAN, level: 'street' }),
      ...(n === 1 ? [complaintDraft(id, 'ComplaintClosed', cAt('12-31', '14:00'), { closedAs: 'evaluated', rating: 'satisfied' })] : []),
      complaintDraft(id, 'ComplaintDeadlinesRebased', cAt('01-02', '10:00', 2027), {
        reason: '2027 年放假安排', calendar: { id: 'cn-workdays', version: '2027.1' }, changes: [{ kind: 'arrival', previous: end('01-04'), deadline: end('01-05'), units: [HOUSING.id] }],
      }),
    ]
  })
}

/**
 * A failed referral (ComplaintReferralFailed) puts the case back where it was, on the clocks it had: the referral did
 * not take the case up, so its deadlines, counted from registration or acceptance, run on as if it had never been made
 * (the time spent waiting on it is not excused). Complaints under the 信访 (petition) policy in community c1, each
 * deadline counted by hand as the decider counts it (statutory days: the start day not counted, to 24:00 China time):
 * - f1: registered 03-02 09:00, 受理 by 03-17 24:00 (15 days); referred 03-05 09:00 (its handling deadline, the
 *   referral taking the case up, 60 days from then: 05-04, in 劳动节 → 05-06 24:00); the referral fails 03-09 09:00,
 *   back to `registered`; accepted late 03-19 10:00 (dispatched 03-20 10:00: 签收 by 03-21 10:00, 办结 by 05-18 24:00,
 *   60 days from acceptance).
 * - f2: as f1 to the failure, never accepted.
 * - f3: registered 01-05 08:00, accepted 01-05 09:00 (办结 by 03-06 24:00, 60 days from acceptance); referred 02-10
 *   09:00 before any dispatch (访调对接: that deadline, counted from acceptance); fails 02-12 09:00, back to
 *   `accepted`; dispatched to the street 03-09 10:00 (签收 by 03-10 10:00, 办结 still by 03-06 24:00).
 * - f4: as f3 to the failure; referred again 02-20 09:00, the dispute concludes 03-10 10:00 (late).
 * - f5: as f2, but while referred a new holiday schedule re-bases its 受理 deadline (03-06 10:00) to 03-18 24:00: the
 *   failed referral resumes the clock on the moved deadline, its 临期 window still from registration.
 */
export const failedReferralId = (n: number): string => `00000000-0000-4000-8000-00000000045${n}`
export const failedReferralDrafts = (): EventDraft[] => {
  const fid = failedReferralId
  const P = `${CLOCKS_PLACE}/c1/g1`
  const end = (day: string): string => `2026-${day}T23:59:59+08:00`
  const stamp = (from: string) => ({ id: 'cn-workdays', version: '2026.1', from, days: 60, unit: 'statutory-days' as const })
  const register = (n: number, at: string, acceptBy: string): EventDraft =>
    complaintDraft(fid(n), 'ComplaintRegistered', at, {
      channel: 'hotline-12345', kind: 'complaint', category: 'law-related', urgency: 'normal', title: 't', description: 'd', jurisdiction: P,
      complainant: { name: '李四', phone: '13912345678' }, policy: 'petition', acceptBy,
    })
  const disputeOf = (n: number, k: number): string => `00000000-0000-4000-8000-0000000004${n}${k}`
  const refer = (n: number, at: string, k: number, resultBy: string, from: string): EventDraft =>
    complaintDraft(fid(n), 'ComplaintReferredToMediation', at, {
      disputeId: disputeOf(n, k), disputeCategory: 'neighbour', jurisdiction: P, applicant: { name: '李四', phone: '13912345678' }, respondents: [{ name: '王五' }],
      summary: 's', policy: 'petition', resultBy, calendar: stamp(from),
    })
  const fail = (n: number, at: string, k: number, backTo: 'registered' | 'accepted'): EventDraft =>
    complaintDraft(fid(n), 'ComplaintReferralFailed', at, { disputeId: disputeOf(n, k), code: 'already-exists', reason: 'a case with this id already exists', backTo })
  const dispatch = (n: number, at: string, acknowledgeBy: string, resultBy: string): EventDraft =>
    complaintDraft(fid(n), 'ComplaintDispatched', at, {
      unit: WULAN, round: 1, redispatch: false, policy: 'petition', acknowledgeBy, resultBy, category: 'law-related', kind: 'complaint', urgency: 'normal', jurisdiction: P,
    })
  const early = (n: number): EventDraft[] => [
    register(n, cAt('03-02'), end('03-17')),
    refer(n, cAt('03-05'), 1, end('05-06'), cAt('03-05')),
    fail(n, cAt('03-09'), 1, 'registered'),
  ]
  const accepted = (n: number): EventDraft[] => [
    register(n, cAt('01-05', '08:00'), end('01-20')),
    complaintDraft(fid(n), 'ComplaintAccepted', cAt('01-05'), { acceptBy: end('01-20'), onTime: true }),
    refer(n, cAt('02-10'), 1, end('03-06'), cAt('01-05')),
    fail(n, cAt('02-12'), 1, 'accepted'),
  ]
  return [
    ...early(1),
    complaintDraft(fid(1), 'ComplaintAccepted', cAt('03-19', '10:00'), { acceptBy: end('03-17'), onTime: false }),
    dispatch(1, cAt('03-20', '10:00'), cAt('03-21', '10:00'), end('05-18')),
    ...early(2),
    ...accepted(3),
    dispatch(3, cAt('03-09', '10:00'), cAt('03-10', '10:00'), end('03-06')),
    ...early(5).flatMap((d) => d.type === 'ComplaintReferralFailed'
      ? [
          complaintDraft(fid(5), 'ComplaintDeadlinesRebased', cAt('03-06', '10:00'), {
            reason: '放假安排调整', calendar: { id: 'cn-workdays', version: '2026.2' }, changes: [{ kind: 'accept', previous: end('03-17'), deadline: end('03-18') }],
          }),
          d,
        ]
      : [d]),
    ...accepted(4),
    refer(4, cAt('02-20'), 2, end('03-06'), cAt('01-05')),
    complaintDraft(fid(4), 'ComplaintMediationConcluded', cAt('03-10', '10:00'), { disputeId: disputeOf(4, 2), outcome: 'agreement' }),
  ]
}

// Mediation outcomes (DOMAIN.md "Dashboards": success rate by track, each track's own attempts, and overall per
// dispute) and 司法确认 (applied / accepted / granted / rejected). A hand-written log of seven disputes in community
// c1 of street wulan, each accepted 03-02 09:00 China time (days to a conclusion count from then):
//   o1: people's mediation fails 03-05 (3 days); transferred to administrative 03-06, agreed there 03-12 (10 days).
//   o2: people's fails 03-09 (7 days); referred to litigation 03-10, closed 03-11.
//   o3: people's fails 03-20 (18 days); transferred to judicial 03-21, a mediator assigned there: still mediating.
//   o4: people's fails 03-25 (23 days); transferred to administrative 03-27, agreed there 04-08 (37 days).
//   o5: people's agrees 03-04 (2 days); 司法确认 applied 03-05, accepted by the court 03-06, rejected 03-16;
//       transferred to administrative 03-17, fails there 03-31 (29 days); referred to litigation 04-01.
//   o6: people's agrees 03-10 (8 days); applied 03-28, accepted by the court 04-01, granted 04-10.
//   o7: people's agrees 03-03 (1 day); applied 03-20, refused by the court (不予受理) 03-22.
export const MEDIATION_OUTCOMES_PLACE = 'hohhot/saihan/wulan'
export const mediationOutcomesId = (n: number): string => `00000000-0000-4000-8000-00000000040${n}`

/** The log described above, as drafts. */
export const mediationOutcomesDrafts = (): EventDraft[] => {
  const P = MEDIATION_OUTCOMES_PLACE
  const oid = mediationOutcomesId
  const court = '赛罕区人民法院'
  const m = { id: 'm-1', jurisdiction: P }
  const deadline = at('04-01')
  const open = (n: number): EventDraft[] => [
    disputeDraft(oid(n), 'DisputeReported', at('03-01'), { id: oid(n), source: 'party-application', category: 'neighbour', jurisdiction: `${P}/c1/g1`, summary: 's', parties }),
    disputeDraft(oid(n), 'DisputeAccepted', at('03-02'), { mediationDeadline: deadline }),
    disputeDraft(oid(n), 'MediatorAssigned', at('03-02', '10:00'), { track: 'people', mediator: m }),
  ]
  const failed = (n: number, day: string, track: 'people' | 'administrative') => disputeDraft(oid(n), 'MediationFailed', at(day), { track, reason: '分歧大' })
  const agreed = (n: number, day: string, track: 'people' | 'administrative') =>
    disputeDraft(oid(n), 'MediationAgreed', at(day), { track, mediatorId: 'm-1', form: 'oral', terms: ['赔偿'], effectiveOn: `2026-${day}`, reachedOn: `2026-${day}` })
  const transferred = (n: number, day: string, to: 'administrative' | 'judicial') => [
    disputeDraft(oid(n), 'DisputeTransferred', at(day), { hop: 1, from: 'people', to, reason: '转调解', mediationDeadline: at('05-30') }),
    disputeDraft(oid(n), 'MediatorAssigned', at(day, '10:00'), { track: to, mediator: m }),
  ]
  const applied = (n: number, day: string) =>
    disputeDraft(oid(n), 'JudicialConfirmationApplied', at(day), { applicant: '王某', consentedBy: ['李某'], court, confirmationDeadline: at('04-30'), courtDecisionDeadline: at('04-30') })
  const accepted = (n: number, day: string) => disputeDraft(oid(n), 'JudicialConfirmationAccepted', at(day), { court, caseNumber: `(2026)蒙0105民特${n}号`, decideBy: at('05-30') })
  const drafts = [
    ...open(1), failed(1, '03-05', 'people'), ...transferred(1, '03-06', 'administrative'), agreed(1, '03-12', 'administrative'),
    ...open(2), failed(2, '03-09', 'people'), disputeDraft(oid(2), 'ReferredToLitigation', at('03-10'), { reason: '引导诉讼' }), disputeDraft(oid(2), 'DisputeClosed', at('03-11'), { outcome: 'litigation' }),
    ...open(3), failed(3, '03-20', 'people'), ...transferred(3, '03-21', 'judicial'),
    ...open(4), failed(4, '03-25', 'people'), ...transferred(4, '03-27', 'administrative'), agreed(4, '04-08', 'administrative'),
    ...open(5), agreed(5, '03-04', 'people'), applied(5, '03-05'), accepted(5, '03-06'),
    disputeDraft(oid(5), 'JudicialConfirmationRejected', at('03-16'), { court, reason: '协议内容违反法律规定' }),
    ...transferred(5, '03-17', 'administrative'), failed(5, '03-31', 'administrative'), disputeDraft(oid(5), 'ReferredToLitigation', at('04-01'), { reason: '引导诉讼' }),
    ...open(6), agreed(6, '03-10', 'people'), applied(6, '03-28'), accepted(6, '04-01'), disputeDraft(oid(6), 'JudicialConfirmationGranted', at('04-10'), { court }),
    ...open(7), agreed(7, '03-03', 'people'), applied(7, '03-20'), disputeDraft(oid(7), 'JudicialConfirmationRefused', at('03-22'), { court, caseNumber: '(2026)蒙0105民特7号', reason: '不属于受理范围' }),
  ]
  // In time order, as a log records them (a stable sort: each stream keeps its own order).
  return drafts.sort((x, y) => Date.parse(x.at) - Date.parse(y.at))
}

// A dispute's overall outcome by period (docs/kpis.md "Mediation": a period counts each dispute's outcome as of the
// period's end, in that period when the conclusion that made it falls in it — so a published month does not move). Six
// disputes in community c2 of street wulan, each reported 03-01 and accepted 03-02 09:00 China time, a people's mediator
// assigned at 10:00 (days to a conclusion count from the acceptance; every event at 09:00, the assignments after a
// transfer at 10:00):
//   q1: people's fails 03-10 (8 days); transferred to administrative 04-03, agreed there 05-12 (71 days).
//   q2: people's fails 03-10 (8 days); transferred to administrative 03-20, agreed there 04-15 (44 days).
//   q3: people's fails 03-10 (8 days); transferred to administrative 03-12, agreed there 03-20 (18 days).
//   q4: people's fails 03-10 (8 days); transferred to administrative 04-03; referred to litigation from that mediation
//       05-06 (no failure recorded there: no conclusion), closed 05-08.
//   q5: people's agrees 04-20 (49 days).
//   q6: people's fails 06-10 (100 days); referred to litigation 06-12.
export const DISPUTE_PERIODS_PLACE = 'hohhot/saihan/wulan/c2'
export const disputePeriodsId = (n: number): string => `00000000-0000-4000-8000-00000000060${n}`

/** The log described above, as drafts. */
export const disputePeriodsDrafts = (): EventDraft[] => {
  const P = DISPUTE_PERIODS_PLACE
  const qid = disputePeriodsId
  const m = { id: 'm-1', jurisdiction: P }
  const open = (n: number): EventDraft[] => [
    disputeDraft(qid(n), 'DisputeReported', at('03-01'), { id: qid(n), source: 'party-application', category: 'neighbour', jurisdiction: `${P}/g1`, summary: 's', parties }),
    disputeDraft(qid(n), 'DisputeAccepted', at('03-02'), { mediationDeadline: at('04-01') }),
    disputeDraft(qid(n), 'MediatorAssigned', at('03-02', '10:00'), { track: 'people', mediator: m }),
  ]
  const failed = (n: number, day: string, track: 'people' | 'administrative') => disputeDraft(qid(n), 'MediationFailed', at(day), { track, reason: '分歧大' })
  const agreed = (n: number, day: string, track: 'people' | 'administrative') =>
    disputeDraft(qid(n), 'MediationAgreed', at(day), { track, mediatorId: 'm-1', form: 'oral', terms: ['赔偿'], effectiveOn: `2026-${day}`, reachedOn: `2026-${day}` })
  const transferred = (n: number, day: string) => [
    disputeDraft(qid(n), 'DisputeTransferred', at(day), { hop: 1, from: 'people', to: 'administrative', reason: '转调解', mediationDeadline: at('06-30') }),
    disputeDraft(qid(n), 'MediatorAssigned', at(day, '10:00'), { track: 'administrative', mediator: m }),
  ]
  const litigation = (n: number, day: string) => disputeDraft(qid(n), 'ReferredToLitigation', at(day), { reason: '引导诉讼' })
  const drafts = [
    ...open(1), failed(1, '03-10', 'people'), ...transferred(1, '04-03'), agreed(1, '05-12', 'administrative'),
    ...open(2), failed(2, '03-10', 'people'), ...transferred(2, '03-20'), agreed(2, '04-15', 'administrative'),
    ...open(3), failed(3, '03-10', 'people'), ...transferred(3, '03-12'), agreed(3, '03-20', 'administrative'),
    ...open(4), failed(4, '03-10', 'people'), ...transferred(4, '04-03'), litigation(4, '05-06'), disputeDraft(qid(4), 'DisputeClosed', at('05-08'), { outcome: 'litigation' }),
    ...open(5), agreed(5, '04-20', 'people'),
    ...open(6), failed(6, '06-10', 'people'), litigation(6, '06-12'),
  ]
  // In time order, as a log records them (a stable sort: each stream keeps its own order).
  return drafts.sort((x, y) => Date.parse(x.at) - Date.parse(y.at))
}

// The 三率's weights (DOMAIN.md "Dashboards": partly solved × a weight, default 0; basically satisfied × a weight, default
// 1; GRIDCASE_RATE_WEIGHTS). Four complaints in grid-017 of street wulan, made by the complaint decider: registered 2
// March 09:00, dispatched to the grid at 10:00, acknowledged 11:00, result 5 March 16:00, complainant told at 17:00, then
// on 6 March 09:00:
//   1: called back, contacted — solved, satisfied;
//   2: called back, contacted — partly solved, basically satisfied;
//   3: called back, contacted — not solved, unsatisfied;
//   4: the callback does not reach the complainant (out of the 解决率); the resident rates it basically satisfied at 10:00
//      (一事一评: in the 满意率 only).
// Called back 3; solved 1, partly 1, not solved 1; evaluated 3 + 1 rating = 4: satisfied 1, basically 2, unsatisfied 1.
//   解决率 = (1 + 1 × partlySolved) / 3:           defaults (0): 1/3;     weights 0.5: (1 + 0.5) / 3 = 0.5
//   满意率 = (1 + 2 × basicallySatisfied) / 4:     defaults (1): 3/4;     weights 0.5: (1 + 1) / 4 = 0.5
export const RATE_WEIGHTS_PLACE = 'hohhot/saihan/wulan'
export const rateWeightsId = (n: number): string => `00000000-0000-4000-8000-00000000050${n}`
export const RATE_WEIGHTS_UNIT = sampleUnits.grid.id
export const RATE_WEIGHTS_AS_OF = '2026-03-31T12:00:00+08:00'
export const rateWeightsDrafts = (): EventDraft[] => {
  const decider = complaintDecider()
  const T = (local: string) => `2026-03-${local}+08:00`
  const op = actors.operator
  const gw = actors.gridWorker
  const handled = (n: number): ComplaintCommand[] => [
    command('RegisterComplaint', op, T('02T09:00:00'), registration({ id: rateWeightsId(n) })),
    command('AcceptComplaint', op, T('02T09:10:00'), {}),
    command('DispatchComplaint', op, T('02T10:00:00'), { unit: sampleUnits.grid }),
    command('AcknowledgeComplaint', gw, T('02T11:00:00'), {}),
    command('SubmitResult', gw, T('05T16:00:00'), { result: '已处理', outcome: 'resolved' }),
    command('NotifyComplainant', op, T('05T17:00:00'), { method: 'phone' }),
  ]
  const called = (solved: 'solved' | 'partly' | 'not-solved', satisfaction: 'satisfied' | 'basically-satisfied' | 'unsatisfied') =>
    command('RecordCallback', op, T('06T09:00:00'), { reached: true, contacted: true, solved, satisfaction })
  const cases: ComplaintCommand[][] = [
    [...handled(1), called('solved', 'satisfied')],
    [...handled(2), called('partly', 'basically-satisfied')],
    [...handled(3), called('not-solved', 'unsatisfied')],
    [...handled(4), command('RecordCallback', op, T('06T09:00:00'), { reached: false, note: '无人接听' }), command('EvaluateComplaint', actors.resident, T('06T10:00:00'), { rating: 'basically-satisfied' })],
  ]
  const drafts: { d: EventDraft; i: number }[] = []
  for (const [n, commands] of cases.entries()) {
    let state: ComplaintState = decider.initialState
    for (const c of commands) {
      const decision = decider.decide(c, state)
      if (E.isLeft(decision)) throw new Error(`fixture case ${n + 1}: ${c.type} refused: ${decision.left.message}`)
      for (const e of decision.right) {
        state = decider.evolve(state, e)
        drafts.push({ d: { streamId: `complaint-${rateWeightsId(n + 1)}`, type: e.type, data: e.data, actor: c.meta.actor, at: c.meta.at }, i: drafts.length })
      }
    }
  }
  // In time order, as a log records them (each stream keeps its own order).
  return drafts.sort((x, y) => Date.parse(x.d.at) - Date.parse(y.d.at) || x.i - y.i).map(({ d }) => d)
}

// Every kind of deadline a case has (DOMAIN.md "Time": accept, acknowledge, result with its extension, 报到, the 信访
// period before any dispatch, mediation with its extension, the 司法确认 window, the court's 3 days and its 15 (+10),
// 诉前委派 receipt), in one hand-written log in community c1 of street wulan, each falling due on Tue 2026-10-20 (the
// 签收 at 13:00, the others at 24:00 China time) and none met: so each is overdue from its close and not before. Counted
// by hand with the 2026 notice (国庆 10-01..10-07 off; Sun 9-20 and Sat 10-10 make-up working days; 中秋 Fri 9-25 off):
// - e1 accept (信访, 15 days, statutory): registered Mon 10-05 → 10-06..10-20 (15), a working day → 10-20.
// - e2 acknowledge (24 h): dispatched Mon 10-19 13:00 → 10-20 13:00.
// - e3 result, extended (15 working days): dispatched Fri 9-18 → Sun 9-20 (1), 9-21..9-24 (5), 9-28..9-30 (8), 10-08,
//   10-09 (10), Sat 10-10 (11), 10-12..10-15 (15) → 10-15; extended on 10-14 by 3 working days: 10-16, 10-19, 10-20.
//   报到 (2 working days): summoned Fri 10-16 → 10-19, 10-20; the environment bureau never reports.
// - e4 result of no unit (信访, 60 days from acceptance): accepted Fri 8-21 → 8-22..8-31 (10), September (40), 10-20 (60).
// - e5 mediation, extended: accepted Thu 9-10 → 30 days = Sat 10-10, a make-up working day → 10-10; extended on 10-09
//   by 10 days → 10-20.
// - e6 the 司法确认 window: agreed (orally) Sun 9-20 → 9-21..9-30 (10), 10-01..10-20 (30) → 10-20; nobody applies.
// - e7 court-accept (3 days): agreed 10-12, applied Sat 10-17 → 10-18, 10-19, 10-20.
// - e8 court-decide, extended: accepted Fri 9-25 → 15 days = Sat 10-10, a make-up working day → 10-10; +10 → 10-20.
// - e9 receipt (3 working days, a clerk's entrustment): entrusted Thu 10-15 → 10-16, 10-19, 10-20.
// - e0 dispatch (派单, 信访: 15 days from registration, statutory, 信访工作条例 art. 22): registered Mon 10-05 → 10-20, as
//   e1's; accepted Tue 10-06 and never dispatched (the handling period the acceptance also sets is left out: not due here).
export const EVERY_KIND_PLACE = 'hohhot/saihan/wulan/c1/g1'
export const everyKindId = (n: number): string => `00000000-0000-4000-8000-00000000049${n}`
/** The instant every deadline of `everyKindDrafts` but the 签收 closes (24:00 China time on 10-20); the 签收 closes at 13:00. */
export const EVERY_KIND_DUE = '2026-10-20T23:59:59+08:00'
export const everyKindDrafts = (): EventDraft[] => {
  const eid = everyKindId
  const P = EVERY_KIND_PLACE
  const at = (day: string, time = '09:00'): string => `2026-${day}T${time}:00+08:00`
  const end = (day: string): string => `2026-${day}T23:59:59+08:00`
  const complainant = { name: '李四', phone: '13912345678' }
  const register = (n: number, day: string, category: string, policy: string, acceptBy?: string): EventDraft =>
    complaintDraft(eid(n), 'ComplaintRegistered', at(day), {
      channel: 'hotline-12345', kind: 'complaint', category, urgency: 'normal', title: 't', description: 'd', jurisdiction: P, complainant, policy,
      ...(acceptBy === undefined ? {} : { acceptBy }),
    })
  const dispatch = (n: number, when: string, acknowledgeBy: string, resultBy: string): EventDraft =>
    complaintDraft(eid(n), 'ComplaintDispatched', when, {
      unit: C1, round: 1, redispatch: false, policy: 'standard-normal', acknowledgeBy, resultBy, category: 'heating', kind: 'complaint', urgency: 'normal', jurisdiction: P,
    })
  const reported = (n: number, day: string, extra: Partial<DisputeEventOf<'DisputeReported'>['data']> = {}, actor?: Actor): EventDraft =>
    disputeDraft(eid(n), 'DisputeReported', at(day), { id: eid(n), source: 'party-application', category: 'neighbour', jurisdiction: P, summary: 's', parties, ...extra }, actor)
  const agreed = (n: number, day: string): EventDraft =>
    disputeDraft(eid(n), 'MediationAgreed', at(day), { track: 'people', mediatorId: 'm-1', form: 'oral', terms: ['赔偿'], effectiveOn: `2026-${day}`, reachedOn: `2026-${day}`, confirmationDeadline: after(day, 30) })
  const drafts = [
    register(4, '08-21', 'law-related', 'petition', end('09-07')),
    complaintDraft(eid(4), 'ComplaintAccepted', at('08-21', '10:00'), { acceptBy: end('09-07'), onTime: true, policy: 'petition', resultBy: end('10-20') }),
    reported(5, '09-09'),
    disputeDraft(eid(5), 'DisputeAccepted', at('09-10'), { mediationDeadline: end('10-10') }),
    disputeDraft(eid(5), 'MediatorAssigned', at('09-10', '10:00'), { track: 'people', mediator }),
    register(3, '09-18', 'heating', 'standard-normal'),
    dispatch(3, at('09-18', '10:00'), at('09-19', '10:00'), end('10-15')),
    complaintDraft(eid(3), 'ComplaintAcknowledged', at('09-18', '11:00'), { unit: C1, after: 'dispatch', onTime: true }),
    reported(6, '09-19'),
    agreed(6, '09-20'),
    reported(8, '09-01'),
    agreed(8, '09-10'),
    disputeDraft(eid(8), 'JudicialConfirmationApplied', at('09-21'), { applicant: '王某', consentedBy: ['李某'], court: '赛罕区人民法院', confirmationDeadline: end('10-10'), courtDecisionDeadline: end('09-24') }),
    disputeDraft(eid(8), 'JudicialConfirmationAccepted', at('09-25'), { court: '赛罕区人民法院', caseNumber: '(2026)蒙0105民特8号', decideBy: end('10-10') }),
    register(1, '10-05', 'law-related', 'petition', end('10-20')),
    register(0, '10-05', 'law-related', 'petition', end('10-20')),
    complaintDraft(eid(0), 'ComplaintAccepted', at('10-06'), {
      acceptBy: end('10-20'), onTime: true, dispatchBy: end('10-20'),
      dispatchCalendar: { id: 'chinese-workdays', version: 'test', from: at('10-05'), days: 15, unit: 'statutory-days' },
    }),
    disputeDraft(eid(8), 'JudicialConfirmationReviewExtended', at('10-09'), { previousDeadline: end('10-10'), decideBy: end('10-20'), days: 10, reason: '案情复杂' }),
    disputeDraft(eid(5), 'MediationExtended', at('10-09', '10:00'), { previousDeadline: end('10-10'), deadline: end('10-20'), days: 10, reason: '双方同意', agreedBy: ['王某', '李某'] }),
    reported(7, '10-09'),
    agreed(7, '10-12'),
    complaintDraft(eid(3), 'ComplaintExtensionApproved', at('10-14', '15:00'), { days: 3, dayUnit: 'working-days', previousResultBy: end('10-15'), resultBy: end('10-20') }),
    reported(9, '10-15', { source: 'court-entrusted', court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民诉前调9号', receiptDeadline: end('10-20') }, courtClerk),
    complaintDraft(eid(3), 'ComplaintDepartmentsSummoned', at('10-16'), { by: C1, departments: [ENVIRONMENT], reason: '需环保部门', reportBy: end('10-20') }),
    disputeDraft(eid(7), 'JudicialConfirmationApplied', at('10-17'), { applicant: '王某', consentedBy: ['李某'], court: '赛罕区人民法院', confirmationDeadline: after('10-12', 30), courtDecisionDeadline: end('10-20') }),
    register(2, '10-19', 'heating', 'standard-normal'),
    dispatch(2, at('10-19', '13:00'), at('10-20', '13:00'), end('11-09')),
  ]
  return drafts.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
}

// A period's 三率 are made of the callbacks made in it (DOMAIN.md "Dashboards"): five complaints of grid-017, each one
// matter, one evaluation per period (its latest answered callback made in the period; else its latest unanswered one,
// apart, and the resident's latest rating made in it, for the 满意率 only). The worked figures are in rates.test.ts:
// - p1: called back 03-10 (contacted, not solved, unsatisfied), reopened (重办) 03-11, its second result notified 03-12;
//   called back again 04-02 (contacted, solved, satisfied): March keeps 03-10's answers, April has 04-02's.
// - p2: called back 03-06 (not contacted, partly, basically) and 03-20 (contacted, solved, satisfied): March counts 03-20 once.
// - p3: called back 03-06 (contacted, not solved, unsatisfied), not reached 04-02: April counts it not reached, apart.
// - p4: called back 03-06 (contacted, solved, basically), the resident rates it 04-03 unsatisfied: April's 满意率 the rating.
// - p5: registered 02-02, called back 02-20 (contacted, not solved, unsatisfied) and 03-20 (contacted, solved,
//   satisfied): February has 02-20's, Q1 03-20's only.
// March: called back 5, contacted 5, solved 3, not solved 2; satisfied 2, basically 1, unsatisfied 2:
//   响应率 1, 解决率 3/5, 满意率 3/5. April: called back 1 (p1: contacted, solved, satisfied), not reached 1 (p3), rated by
//   the resident 1 (p4, unsatisfied): 响应率 1, 解决率 1, 满意率 1 / 2.
export const CALLBACKS_PLACE = 'hohhot/saihan/wulan/xx-community/grid-017'
export const callbacksId = (n: number): string => `00000000-0000-4000-8000-00000000060${n}`
export const CALLBACKS_UNIT = sampleUnits.grid.id
/** Before p1's and p3's April callbacks and p4's April rating: March's callbacks all made, none of April's. */
export const CALLBACKS_MARCH_DONE = '2026-03-31T12:00:00+08:00'
export const callbacksInPeriodsDrafts = (): EventDraft[] => {
  const decider = complaintDecider()
  const T = (local: string) => `2026-03-${local}+08:00`
  const A = (local: string) => `2026-04-${local}+08:00`
  const F = (local: string) => `2026-02-${local}+08:00`
  const op = actors.operator
  const gw = actors.gridWorker
  const handled = (n: number, on: (local: string) => string = T): ComplaintCommand[] => [
    command('RegisterComplaint', op, on('02T09:00:00'), registration({ id: callbacksId(n) })),
    command('AcceptComplaint', op, on('02T09:10:00'), {}),
    command('DispatchComplaint', op, on('02T10:00:00'), { unit: sampleUnits.grid }),
    command('AcknowledgeComplaint', gw, on('02T11:00:00'), {}),
    command('SubmitResult', gw, on('05T16:00:00'), { result: '已处理', outcome: 'resolved' }),
    command('NotifyComplainant', op, on('05T17:00:00'), { method: 'phone' }),
  ]
  const called = (at: string, contacted: boolean, solved: 'solved' | 'partly' | 'not-solved', satisfaction: 'satisfied' | 'basically-satisfied' | 'unsatisfied') =>
    command('RecordCallback', op, at, { reached: true, contacted, solved, satisfaction })
  const cases: ComplaintCommand[][] = [
    [
      ...handled(1),
      called(T('10T09:00:00'), true, 'not-solved', 'unsatisfied'),
      command('ReopenComplaint', op, T('11T09:00:00'), { reason: '回访不满意' }),
      command('AcknowledgeComplaint', gw, T('11T10:00:00'), {}),
      command('SubmitResult', gw, T('12T16:00:00'), { result: '再次处理', outcome: 'resolved' }),
      command('NotifyComplainant', op, T('12T17:00:00'), { method: 'phone' }),
      called(A('02T09:00:00'), true, 'solved', 'satisfied'),
    ],
    [...handled(2), called(T('06T09:00:00'), false, 'partly', 'basically-satisfied'), called(T('20T09:00:00'), true, 'solved', 'satisfied')],
    [...handled(3), called(T('06T09:00:00'), true, 'not-solved', 'unsatisfied'), command('RecordCallback', op, A('02T10:00:00'), { reached: false, note: '无人接听' })],
    [...handled(4), called(T('06T09:00:00'), true, 'solved', 'basically-satisfied'), command('EvaluateComplaint', actors.resident, A('03T09:00:00'), { rating: 'unsatisfied' })],
    [...handled(5, F), called(F('20T09:00:00'), true, 'not-solved', 'unsatisfied'), called(T('20T09:00:00'), true, 'solved', 'satisfied')],
  ]
  const drafts: { d: EventDraft; i: number }[] = []
  for (const [n, commands] of cases.entries()) {
    let state: ComplaintState = decider.initialState
    for (const c of commands) {
      const decision = decider.decide(c, state)
      if (E.isLeft(decision)) throw new Error(`fixture case p${n + 1}: ${c.type} refused: ${decision.left.message}`)
      for (const e of decision.right) {
        state = decider.evolve(state, e)
        drafts.push({ d: { streamId: `complaint-${callbacksId(n + 1)}`, type: e.type, data: e.data, actor: c.meta.actor, at: c.meta.at }, i: drafts.length })
      }
    }
  }
  return drafts.sort((x, y) => Date.parse(x.d.at) - Date.parse(y.d.at) || x.i - y.i).map(({ d }) => d)
}

/**
 * The dashboard replayed from the decider's own events of some case histories (`run`), all in time order. An event
 * without `at` (a referral to mediation carries none: the agreed shape) is timed as the one before it in its history.
 */
export const dashboardOfRuns = (histories: readonly Run[]) => {
  const timed = (h: Run): (readonly [string, ComplaintEvent])[] => {
    let last = ''
    return h.events.map((e) => {
      last = (e.data as { readonly at?: string }).at ?? last
      return [last, e] as const
    })
  }
  return replay(
    dashboardProjection,
    sealLog(
      histories
        .flatMap(timed)
        .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
        .map(([at, e]) => complaintDraft(e.data.complaintId, e.type, at, e.data)),
    ),
  )
}

/**
 * Two complaints whose hours deadlines fall at 23:59:59.000 China time (DOMAIN.md "Complaint": 签收 2 h urgent / 24 h
 * normal, the 12345 派单 2 h), written by the decider itself, worked by hand — the suites of an hours deadline at a day's
 * end (core's dashboard, the SQLite dashboard and scheduler, the case lists) each build them under ids of their own:
 *   1: registered Tue 3-03 21:00, accepted 21:59:59 (normal): 派单 within 2 h → 3-03 23:59:59.000; never dispatched.
 *   2: dispatched Mon 3-02 23:59:59 (normal, to the grid): 签收 within 24 h → 3-03 23:59:59.000; never signed for.
 */
export const hoursAtDayEndHistories = (id: (n: number) => string): Run[] => [
  runOf([
    command('RegisterComplaint', actors.operator, '2026-03-03T21:00:00+08:00', registration({ id: id(1) })),
    command('AcceptComplaint', actors.operator, '2026-03-03T21:59:59+08:00', {}),
  ]),
  runOf([
    command('RegisterComplaint', actors.operator, '2026-03-02T23:00:00+08:00', registration({ id: id(2) })),
    command('AcceptComplaint', actors.operator, '2026-03-02T23:10:00+08:00', {}),
    command('DispatchComplaint', actors.operator, '2026-03-02T23:59:59+08:00', { unit: sampleUnits.grid }),
  ]),
]

/** The histories' events as one sealed log, in the order of their times. */
export const logOfHistories = (histories: readonly Run[]): RecordedEvent[] => {
  const atOf = (e: ComplaintEvent): string => (e.data as { readonly at: string }).at
  return sealLog(
    histories
      .flatMap((h) => h.events)
      .sort((a, b) => Date.parse(atOf(a)) - Date.parse(atOf(b)))
      .map((e) => complaintDraft(e.data.complaintId, e.type, atOf(e), e.data)),
  )
}

/**
 * The edges of DOMAIN.md "Dashboards" a second reading asked about (docs/kpis.md), one complaint each, all under the
 * grid (units grid-017 and xx-community), written by the decider itself. China time (UTC+8), 2026; deadlines as the
 * decider counts them with the shipped calendar (清明 04-04–04-06 off): 签收 24 h, 办结 15 working days.
 *   e1 dispatched to the grid 03-20 10:00 (签收 by 03-21 10:00, signed 11:00; 办结 by 04-13: 03-23…27, 30, 31,
 *      04-01…03, 07…10, 13), result 03-25: the resident rates it satisfied 03-31 23:30, and the callback is made
 *      04-01 00:30 China time — 2026-03-31T16:30Z, March in UTC — answered (contacted, solved, satisfied).
 *   e2 dispatched to the grid 03-02 10:00 (签收 by 03-03 10:00; 办结 by 03-23), result 03-05; the resident rates it
 *      unsatisfied 03-06, 重办 03-09 09:00 to the community (签收 by 03-10 09:00; 办结 by 03-30), result 03-12; the
 *      resident rates it again, satisfied, 03-13; called back 04-02 09:00 (contacted, solved, satisfied).
 *   e3 dispatched to the grid 03-31 20:00 (签收 by 04-01 20:00; 办结 by 04-22), returned (退单) 04-01 09:00 within
 *      both windows; dispatched to the community 04-01 10:00 (签收 by 04-02 10:00, signed 11:00; 办结 by 04-23).
 *   e4 dispatched to the grid 03-30 10:00 (签收 by 03-31 10:00; 办结 by 04-21), never signed for, returned 04-01 09:30
 *      — after the 签收 deadline; dispatched to the community 04-01 10:30 (签收 by 04-02 10:30, signed 11:30; 办结 by 04-23).
 *   e5 dispatched to the grid 03-02 10:00, never signed for (签收 by 03-03 10:00; 办结 by 03-23); the grid applies to
 *      exclude it 03-25 (不合理诉求), a supervisor approves 04-02 09:00 — after March.
 *   e6 the primary: dispatched to the community 03-02 10:00, signed 11:00, never finished (办结 by 03-23).
 *   e7 its duplicate: dispatched to the grid 03-02 10:00, never signed for, merged into e6 03-04 09:00 (after its
 *      签收 deadline, 03-03 10:00, passed).
 *   e8 dispatched to the grid 03-31 00:30 China time (2026-03-30T16:30Z): 签收 by 04-01 00:30 (2026-03-31T16:30Z),
 *      signed 03-31 08:00; result 04-02 (办结 by 04-22: 04-01…03, 07…10, 13…17, 20…22).
 *   e9 as e2 (the grid's round, 重办 03-09 to the community, its round), called back instead of rated: 03-06 09:00
 *      (contacted, not solved, unsatisfied: the grid's result) and 03-16 09:00 (contacted, solved, satisfied: the
 *      community's).
 *   e10 dispatched to the grid 03-02 10:00; the grid applies to exclude it 03-04 09:00 (duplicate), a supervisor approves
 *      03-05 09:00, and the hotline merges it into e6 03-06 09:00.
 *   e11 dispatched to the grid 03-02 10:00, merged into e6 03-04 09:00; the grid then applies to exclude it 03-05 09:00
 *      (duplicate), a supervisor approves 03-06 09:00 — as a log written before such an application was refused holds it.
 */
/** A run, then events its decider would no longer give but an older log holds (recorded before a command was refused). */
const olderLog = (from: Run, events: readonly ComplaintEvent[]): Run => ({ events: [...from.events, ...events], state: from.state })

export const KPI_EDGES_PLACE = sampleUnits.grid.jurisdiction
export const kpiEdgesId = (n: number): string => `00000000-0000-4000-8000-000000009${String(n).padStart(3, 'a')}`
export const kpiEdgesHistories = (): Run[] => {
  const id = kpiEdgesId
  const C = (local: string): string => `2026-${local}+08:00`
  const { operator: op, gridWorker: gw, communityWorker: cw, resident, supervisor } = actors
  const opened = (n: number, at: string, unit: HandlingUnit): ComplaintCommand[] => [
    command('RegisterComplaint', op, new Date(Date.parse(at) - 3_600_000).toISOString(), registration({ id: id(n) })),
    command('AcceptComplaint', op, new Date(Date.parse(at) - 600_000).toISOString(), {}),
    command('DispatchComplaint', op, at, { unit }),
  ]
  const done = (by: Actor, at: string, notifiedAt: string): ComplaintCommand[] => [
    command('SubmitResult', by, at, { result: '已处理', outcome: 'resolved' }),
    command('NotifyComplainant', op, notifiedAt, { method: 'phone' }),
  ]
  const answered = (at: string) => command('RecordCallback', op, at, { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' })
  return [
    runOf([
      ...opened(1, C('03-20T10:00:00'), sampleUnits.grid),
      command('AcknowledgeComplaint', gw, C('03-20T11:00:00'), {}),
      ...done(gw, C('03-25T16:00:00'), C('03-25T17:00:00')),
      command('EvaluateComplaint', resident, C('03-31T23:30:00'), { rating: 'satisfied' }),
      answered(C('04-01T00:30:00')),
    ]),
    runOf([
      ...opened(2, C('03-02T10:00:00'), sampleUnits.grid),
      command('AcknowledgeComplaint', gw, C('03-02T11:00:00'), {}),
      ...done(gw, C('03-05T16:00:00'), C('03-05T17:00:00')),
      command('EvaluateComplaint', resident, C('03-06T09:00:00'), { rating: 'unsatisfied' }),
      command('ReopenComplaint', op, C('03-09T09:00:00'), { reason: '居民不满意', unit: sampleUnits.community }),
      command('AcknowledgeComplaint', cw, C('03-09T10:00:00'), {}),
      ...done(cw, C('03-12T16:00:00'), C('03-12T17:00:00')),
      command('EvaluateComplaint', resident, C('03-13T09:00:00'), { rating: 'satisfied' }),
      answered(C('04-02T09:00:00')),
    ]),
    runOf([
      ...opened(3, C('03-31T20:00:00'), sampleUnits.grid),
      command('ReturnComplaint', gw, C('04-01T09:00:00'), { reason: '非本网格事项' }),
      command('DispatchComplaint', op, C('04-01T10:00:00'), { unit: sampleUnits.community }),
      command('AcknowledgeComplaint', cw, C('04-01T11:00:00'), {}),
    ]),
    runOf([
      ...opened(4, C('03-30T10:00:00'), sampleUnits.grid),
      command('ReturnComplaint', gw, C('04-01T09:30:00'), { reason: '非本网格事项' }),
      command('DispatchComplaint', op, C('04-01T10:30:00'), { unit: sampleUnits.community }),
      command('AcknowledgeComplaint', cw, C('04-01T11:30:00'), {}),
    ]),
    runOf([
      ...opened(5, C('03-02T10:00:00'), sampleUnits.grid),
      command('ApplyForExclusion', gw, C('03-25T09:00:00'), { ground: 'unreasonable-demand', reason: '诉求超出政策范围' }),
      command('DecideExclusion', supervisor, C('04-02T09:00:00'), { approved: true, reason: '核实属实' }),
    ]),
    runOf([...opened(6, C('03-02T10:00:00'), sampleUnits.community), command('AcknowledgeComplaint', cw, C('03-02T11:00:00'), {})]),
    runOf([...opened(7, C('03-02T10:00:00'), sampleUnits.grid), command('MergeComplaint', op, C('03-04T09:00:00'), { primaryId: id(6), reason: '同一诉求' })]),
    runOf([
      ...opened(9, C('03-02T10:00:00'), sampleUnits.grid),
      command('AcknowledgeComplaint', gw, C('03-02T11:00:00'), {}),
      ...done(gw, C('03-05T16:00:00'), C('03-05T17:00:00')),
      command('RecordCallback', op, C('03-06T09:00:00'), { reached: true, contacted: true, solved: 'not-solved', satisfaction: 'unsatisfied' }),
      command('ReopenComplaint', op, C('03-09T09:00:00'), { reason: '回访不满意', unit: sampleUnits.community }),
      command('AcknowledgeComplaint', cw, C('03-09T10:00:00'), {}),
      ...done(cw, C('03-12T16:00:00'), C('03-12T17:00:00')),
      answered(C('03-16T09:00:00')),
    ]),
    runOf([
      ...opened(10, C('03-02T10:00:00'), sampleUnits.grid),
      command('ApplyForExclusion', gw, C('03-04T09:00:00'), { ground: 'duplicate', reason: '与另一诉求重复' }),
      command('DecideExclusion', supervisor, C('03-05T09:00:00'), { approved: true, reason: '核实属实' }),
      command('MergeComplaint', op, C('03-06T09:00:00'), { primaryId: id(6), reason: '同一诉求' }),
    ]),
    // The decider now refuses an application on a merged duplicate (it would change nothing): e11's, after its merge, is
    // as a log written before that holds it.
    olderLog(runOf([...opened(11, C('03-02T10:00:00'), sampleUnits.grid), command('MergeComplaint', op, C('03-04T09:00:00'), { primaryId: id(6), reason: '同一诉求' })]), [
      { type: 'ComplaintExclusionApplied', data: { complaintId: id(11), at: C('03-05T09:00:00'), unit: sampleUnits.grid, ground: 'duplicate', reason: '与另一诉求重复' } },
      { type: 'ComplaintExclusionDecided', data: { complaintId: id(11), at: C('03-06T09:00:00'), unit: sampleUnits.grid, ground: 'duplicate', approved: true, reason: '核实属实' } },
    ]),
    runOf([
      ...opened(8, C('03-31T00:30:00'), sampleUnits.grid),
      command('AcknowledgeComplaint', gw, C('03-31T08:00:00'), {}),
      ...done(gw, C('04-02T16:00:00'), C('04-02T17:00:00')),
    ]),
  ]
}
