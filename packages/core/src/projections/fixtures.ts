// Hand-written event drafts for projection tests and the sample log (tests/support); not built into the package.
import type { Actor } from '../kernel/actor.js'
import type { ComplaintEventType, EventData } from '../complaint/events.js'
import type { DisputeEventOf, DisputeEventType } from '../dispute/events.js'
import type { EventDraft } from '../audit/sealedLog.js'
import { chineseWorkdays } from '../calendar/calendar.js'
import { countDays } from '../calendar/stamp.js'
import { defaultDisputePolicy, entrustmentReceiptDeadline } from '../dispute/policy.js'

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
