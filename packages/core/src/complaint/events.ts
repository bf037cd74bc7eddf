import * as t from 'io-ts'
import { Jurisdiction } from '../access/jurisdiction.js'
import { text } from '../kernel/codec.js'
import { Attachments } from '../attachments/refs.js'
import { IsoTimestamp } from '../kernel/meta.js'
import { CalendarStamp, DeadlineChange } from '../calendar/stamp.js'
import type { EventSchema } from '../kernel/upcast.js'
import {
  ChannelCodec,
  Days,
  KindCodec,
  MediationDevelopmentCodec,
  MediationOutcomeCodec,
  LongText,
  Note,
  NotifyMethodCodec,
  OutcomeCodec,
  RatingCodec,
  Reason,
  SolvedAnswerCodec,
  ExclusionGroundCodec,
  GeoPoint,
  Photos,
  SourceCodec,
  UrgencyCodec,
  Uuid,
} from './commands.js'
import { DisputeCategory } from '../dispute/commands.js'
import { Complainant, Person, ReferralApplicant } from './complainant.js'
import { HandlingUnit, LevelCodec } from './unit.js'

// Every event names its case and, except the agreed referral shape, carries `at` (the command's
// time) so that `evolve` and projections need nothing but the event.
const event = <R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) =>
  t.intersection([t.type({ complaintId: Uuid, at: IsoTimestamp, ...required }), t.partial(optional)], name)

const DayUnit = t.keyof({ 'working-days': null, 'natural-days': null, 'statutory-days': null }, 'DayUnit')
const Policy = text(100, 'PolicyName')
const Round = t.number
/** An approved extension a redispatch keeps (信访: the period runs from acceptance), and how its days were counted. */
const CarriedExtension = t.exact(
  t.intersection([t.type({ days: Days, dayUnit: DayUnit, previousResultBy: IsoTimestamp }), t.partial({ calendar: CalendarStamp })]),
  'CarriedExtension',
)

/** The states a complaint may be referred to mediation from (转调解), and so go back to when the referral fails. */
export const ReferredFrom = t.keyof(
  { registered: null, accepted: null, returned: null, dispatched: null, acknowledged: null, escalated: null, 'departments-summoned': null },
  'ReferredFrom',
)
export type ReferredFrom = t.TypeOf<typeof ReferredFrom>

/** The codec of each event's data, by event type. */
export const eventData = {
  /** 登记. `ownerId`: the resident whose case it is; `acceptBy`: 受理时限 under policies that set one (信访). */
  ComplaintRegistered: event(
    'ComplaintRegistered',
    {
      channel: ChannelCodec,
      kind: KindCodec,
      category: t.string,
      urgency: UrgencyCodec,
      title: t.string,
      description: t.string,
      jurisdiction: Jurisdiction,
      complainant: Complainant,
      policy: Policy,
    },
    { address: t.string, ownerId: t.string, acceptBy: IsoTimestamp, calendar: CalendarStamp, source: SourceCodec, photos: Photos, location: GeoPoint, attachments: Attachments },
  ),
  /**
   * 现场办结: the grid (`unit`, a grid-level unit) resolved the case on the spot, in the command that registered it;
   * the result counts at grid level. Followed by `ComplaintClosed` (closedAs `resolved-on-the-spot`).
   */
  ComplaintResolvedOnTheSpot: event('ComplaintResolvedOnTheSpot', { unit: HandlingUnit, result: LongText, outcome: OutcomeCodec }, { photos: Photos }),
  /**
   * 受理. Under a policy whose handling period runs from acceptance (信访工作条例 2022 art. 34: 60 days of acceptance) the
   * acceptance sets that deadline (`resultBy`, under `policy`, counted as `calendar` says): it runs before any dispatch
   * too, the accepting office's while no unit has the case (absent on events recorded before this, and under 12345
   * policies, whose window counts from the dispatch). `dispatchBy`: 派单时限, the dispatcher's deadline to send the case to
   * a unit (`DeadlinePolicy.dispatchWithin`), counted as `dispatchCalendar` says (absent on events recorded before it
   * and under a policy that sets none).
   */
  ComplaintAccepted: event('ComplaintAccepted', {}, { note: Note, acceptBy: IsoTimestamp, onTime: t.boolean, policy: Policy, resultBy: IsoTimestamp, calendar: CalendarStamp, dispatchBy: IsoTimestamp, dispatchCalendar: CalendarStamp }),
  ComplaintRejected: event('ComplaintRejected', { reason: Reason }, { acceptBy: IsoTimestamp, onTime: t.boolean }),
  /**
   * 派单, with the deadlines the policy gave; `round` counts 重办 (1 = first handling). `extension`: a redispatch under a
   * policy counting from acceptance (信访) keeps the period's approved extension — `resultBy` includes it, counted on
   * from `previousResultBy`, the period as first counted.
   */
  ComplaintDispatched: event(
    'ComplaintDispatched',
    {
      unit: HandlingUnit,
      round: Round,
      redispatch: t.boolean,
      policy: Policy,
      acknowledgeBy: IsoTimestamp,
      resultBy: IsoTimestamp,
      category: t.string,
      kind: KindCodec,
      urgency: UrgencyCodec,
      jurisdiction: Jurisdiction,
    },
    // `acknowledgeCalendar`: how `acknowledgeBy` was counted, where that decides when it closes — one counted in hours
    // at 23:59:59 China time (`hours`: an instant, not a day's end; see `hoursMark`); absent otherwise.
    { note: Note, calendar: CalendarStamp, acknowledgeCalendar: CalendarStamp, extension: CarriedExtension },
  ),
  // `actingUnit` (on 签收, 办结, 退单): present when a superior acted for the unit (`actsFor`); it is credited, not `unit`.
/** 签收: after a dispatch (with its deadline and whether it was met) or by the unit a case was escalated to. */
  ComplaintAcknowledged: event(
    'ComplaintAcknowledged',
    { unit: HandlingUnit, after: t.keyof({ dispatch: null, escalation: null }) },
    { note: Note, acknowledgeBy: IsoTimestamp, onTime: t.boolean, actingUnit: HandlingUnit },
  ),
  ComplaintEscalated: event('ComplaintEscalated', { from: HandlingUnit, to: HandlingUnit, reason: Reason }, {}),
  /** 吹哨: the departments must report (报到) by `reportBy` (absent on older events). */
  ComplaintDepartmentsSummoned: event(
    'ComplaintDepartmentsSummoned',
    { by: HandlingUnit, departments: t.array(HandlingUnit), reason: Reason },
    { reportBy: IsoTimestamp, calendar: CalendarStamp },
  ),
  /** 报到 by a summoned department; `reportBy` and `onTime` (absent on older events): was it by its deadline? */
  ComplaintDepartmentArrived: event('ComplaintDepartmentArrived', { unit: HandlingUnit }, { note: Note, reportBy: IsoTimestamp, onTime: t.boolean }),
  /** A summoned department's part (what it did), reported to the street that summoned it. */
  ComplaintDepartmentPartReported: event('ComplaintDepartmentPartReported', { unit: HandlingUnit, report: LongText }, { photos: Photos }),
  /** 以下评上: the summoning unit (`by`) rated the help of the summoned department `unit`, with a comment. */
  ComplaintDepartmentHelpRated: event('ComplaintDepartmentHelpRated', { by: HandlingUnit, unit: HandlingUnit, rating: RatingCodec, comment: Note }, {}),
  ComplaintCoHandlerAdded: event('ComplaintCoHandlerAdded', { lead: HandlingUnit, unit: HandlingUnit }, { task: Note }),
  ComplaintCoHandlingReported: event('ComplaintCoHandlingReported', { unit: HandlingUnit, report: LongText }, { attachments: Attachments }),
  ComplaintExtensionRequested: event(
    'ComplaintExtensionRequested',
    { unit: HandlingUnit, days: Days, dayUnit: DayUnit, reason: Reason, resultBy: IsoTimestamp },
    {},
  ),
  /** 延期 granted: the result deadline moves from `previousResultBy` to `resultBy`. */
  ComplaintExtensionApproved: event(
    'ComplaintExtensionApproved',
    { days: Days, dayUnit: DayUnit, previousResultBy: IsoTimestamp, resultBy: IsoTimestamp },
    { reason: Reason, calendar: CalendarStamp },
  ),
  ComplaintExtensionDenied: event('ComplaintExtensionDenied', { reason: Reason }, {}),
  /** 办结 by the lead unit; `onTime` = submitted no later than `resultBy`. */
  ComplaintResultSubmitted: event(
    'ComplaintResultSubmitted',
    { unit: HandlingUnit, result: LongText, outcome: OutcomeCodec, resultBy: IsoTimestamp, onTime: t.boolean, round: Round },
    { actingUnit: HandlingUnit, photos: Photos, attachments: Attachments },
  ),
  /**
   * 退单. `resultBy`: under a policy whose handling period runs from acceptance (信访), the period's deadline (its
   * extension included), which runs on while no unit has the case; a redispatch keeps it. Absent under 12345 policies
   * (the round's window ends with it; the next dispatch sets a new one) and on events recorded before this.
   * `dispatchBy`: the case is back with the dispatcher, who must dispatch it again — a new 派单时限 from the return,
   * counted as `dispatchCalendar` says (absent on events recorded before it and under a policy that sets none).
   */
  ComplaintReturned: event('ComplaintReturned', { unit: HandlingUnit, reason: Reason }, { actingUnit: HandlingUnit, resultBy: IsoTimestamp, dispatchBy: IsoTimestamp, dispatchCalendar: CalendarStamp }),
  ComplainantNotified: event('ComplainantNotified', { method: NotifyMethodCodec }, { note: Note }),
  /**
   * 补充诉求 / 补充材料: the complainant (or the hotline on its call) added detail (`text`) or files (`attachments`) to
   * its open complaint; at least one of them. Who did it is the event's `by`. It moves no deadline.
   */
  ComplaintSupplemented: event('ComplaintSupplemented', {}, { text: LongText, attachments: Attachments }),
  /** 一事一评 of the result of `unit`; `level` is the resolution level (解决层级) of that result. */
  /** `unit` and `level` name the unit whose result is rated; a mediation's result on a complaint never dispatched has none. */
  ComplaintEvaluated: event('ComplaintEvaluated', { rating: RatingCodec, round: Round }, { unit: HandlingUnit, level: LevelCodec, comment: Note }),
  /** 重办: back to dispatched with fresh deadlines. */
  ComplaintReopened: event(
    'ComplaintReopened',
    {
      reason: Reason,
      unit: HandlingUnit,
      round: Round,
      policy: Policy,
      acknowledgeBy: IsoTimestamp,
      resultBy: IsoTimestamp,
    },
    // `previousUnit`: whose result was sent back; absent when the result was a mediation's on a case never dispatched.
    { calendar: CalendarStamp, acknowledgeCalendar: CalendarStamp, previousUnit: HandlingUnit },
  ),
  ComplaintMerged: event('ComplaintMerged', { primaryId: Uuid }, { reason: Reason }),
  /**
   * 督办: `unit` the unit leading the case. An automatic urging of a missed 报到 names in `units` the summoned departments
   * that owe it (absent otherwise, and on older events).
   */
  ComplaintUrged: event('ComplaintUrged', { note: Note, state: t.string }, { unit: HandlingUnit, resultBy: IsoTimestamp, units: t.array(text(100, 'UnitId')) }),
  ComplaintNoteAdded: event('ComplaintNoteAdded', { note: Note }, {}),
  /**
   * 回访: `unit` is the unit whose handling the complainant judges (the result's, else the lead). Answered
   * = reached, not declined, with `contacted`, `solved` and `satisfaction`. Older events carry only `reached` and `note`.
   */
  ComplaintCallbackRecorded: event(
    'ComplaintCallbackRecorded',
    { reached: t.boolean },
    // `resultBy`: absent only after a mediation's result on a complaint referred before it was dispatched.
    { resultBy: IsoTimestamp, note: Note, unit: HandlingUnit, contacted: t.boolean, solved: SolvedAnswerCodec, satisfaction: RatingCodec, declined: t.boolean, round: Round },
  ),
  /**
   * The shape agreed with the dispute case type: the dispute is opened from this. `applicant.residentId`
   * (the complainant's account, when there is one) lets the resident act as a party in the dispute.
   */
  ComplaintReferredToMediation: t.intersection(
    [
      t.type({
        complaintId: Uuid,
        disputeId: Uuid,
        disputeCategory: DisputeCategory,
        jurisdiction: Jurisdiction,
        applicant: ReferralApplicant,
        respondents: t.array(Person),
        summary: t.string,
      }),
      // 访调对接 before any dispatch under a policy that counts the result from acceptance (信访): the handling deadline
      // (`resultBy`, under `policy`, counted as `calendar` says), the accepting hotline's while no unit has the case.
      t.partial({ reason: Reason, policy: Policy, resultBy: IsoTimestamp, calendar: CalendarStamp }),
    ],
    'ComplaintReferredToMediation',
  ),
  /** 考评申诉 by `unit`. */
  ComplaintExclusionApplied: event('ComplaintExclusionApplied', { unit: HandlingUnit, ground: ExclusionGroundCodec, reason: Reason }, {}),
  /** The supervisor's decision: approved, the case leaves the assessment's denominators. */
  ComplaintExclusionDecided: event('ComplaintExclusionDecided', { unit: HandlingUnit, ground: ExclusionGroundCodec, approved: t.boolean, reason: Reason }, {}),
  /**
   * 临期预警 / 超期 of one of the case's deadlines, recorded by the scheduler. A 报到 (`arrival`) reminder names in `units`
   * the summoned departments that owe that deadline when it is recorded (not yet come); absent on older events.
   */
  ComplaintDeadlineReminder: event(
    'ComplaintDeadlineReminder',
    { kind: text(40, 'DeadlineKind'), deadline: IsoTimestamp, reminder: t.keyof({ 'due-soon': null, overdue: null }, 'Reminder') },
    { units: t.array(text(100, 'UnitId')) },
  ),
  /**
   * The referral could not open its dispute (`code` and `reason`: the refusal, e.g. `already-exists`): the complaint
   * goes back to `backTo`, the state it was referred from, and may be handled or referred again.
   */
  ComplaintReferralFailed: event('ComplaintReferralFailed', { disputeId: Uuid, code: text(40, 'RefusalCode'), reason: LongText, backTo: ReferredFrom }, {}),
  /** The dispute the complaint was referred to concluded (agreement, failure, litigation, declined): the result comes back. */
  ComplaintMediationConcluded: event('ComplaintMediationConcluded', { disputeId: Uuid, outcome: MediationOutcomeCodec }, { summary: LongText }),
  /**
   * What the dispute came to after that conclusion (the court rejected the agreement, a new agreement, litigation),
   * recorded in whatever state the complaint is in, closed too, and moving it nowhere: told, not reopened.
   */
  ComplaintMediationUpdated: event('ComplaintMediationUpdated', { disputeId: Uuid, outcome: MediationDevelopmentCodec }, { summary: LongText }),
  /**
   * Deadlines counted again after a holiday schedule was loaded: each change names the deadline (accept, dispatch,
   * result, arrival), its previous and new instant; `calendar` is the calendar and version that counted them now.
   */
  ComplaintDeadlinesRebased: event('ComplaintDeadlinesRebased', { reason: Reason, calendar: CalendarStamp, changes: t.array(DeadlineChange) }, {}),
  /**
   * 结案: after evaluation, without one (no answer from the complainant), a consultation answered at registration,
   * a case resolved on the spot (现场办结), or a patrol finding whose result was verified (核查结案: no complainant to ask).
   */
  ComplaintClosed: event(
    'ComplaintClosed',
    { closedAs: t.keyof({ evaluated: null, 'no-evaluation': null, answered: null, 'resolved-on-the-spot': null, verified: null }) },
    { reason: Reason, answer: LongText, rating: RatingCodec },
  ),
} as const

export type ComplaintEventType = keyof typeof eventData
export type EventData<K extends ComplaintEventType> = t.TypeOf<(typeof eventData)[K]>
export type ComplaintEvent = { [K in ComplaintEventType]: { readonly type: K; readonly data: EventData<K> } }[ComplaintEventType]
export type ComplaintEventOf<K extends ComplaintEventType> = Extract<ComplaintEvent, { type: K }>

export const COMPLAINT_EVENT_TYPES = Object.keys(eventData) as readonly ComplaintEventType[]

/** Every complaint event type is at schema version 1; upcasters go here when a shape changes. */
export const complaintSchema: EventSchema = {
  versions: Object.fromEntries(COMPLAINT_EVENT_TYPES.map((type) => [type, 1])),
  upcasters: [],
}

export const isComplaintEvent = (event: { readonly type: string }): event is ComplaintEvent => event.type in eventData
