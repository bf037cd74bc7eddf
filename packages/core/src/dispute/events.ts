import * as t from 'io-ts'
import { Jurisdiction } from '../access/jurisdiction.js'
import { IsoTimestamp } from '../kernel/meta.js'
import { Attachments } from '../attachments/refs.js'
import { CalendarStamp, DeadlineChange } from '../calendar/stamp.js'
import type { EventSchema } from '../kernel/upcast.js'
import {
  AgreementForm,
  CaseId,
  Court,
  DisputeCategory,
  DisputeSource,
  DisputeStage,
  FiledCaseProcedure,
  Fulfilment,
  LocalDate,
  UnconfirmableMatter,
  MediatorRef,
  Reason,
  RiskGrade,
  Signature,
  Track,
} from './commands.js'
import { COMMITTEE_KINDS } from './committees.js'
import { oneOf, Party, PartyName } from './parties.js'
import { DeadlineReminderData } from '../calendar/reminder.js'

// The calendar (and its data version) that counted the deadlines an event sets; absent on older events.
const counted = t.partial({ calendar: CalendarStamp })

// `complaintId` rides on the opening event and on every conclusion, so the complaint side can follow
// the outcome of its referral without reading the dispute's stream.
const linked = t.partial({ complaintId: CaseId })

const event = <T extends string, D extends t.Mixed>(type: T, data: D) => t.type({ type: t.literal(type), data }, type)

export const DisputeReported = event(
  'DisputeReported',
  t.intersection([
    t.type({ id: CaseId, source: DisputeSource, category: DisputeCategory, jurisdiction: Jurisdiction, parties: t.array(Party), summary: t.string }),
    // `reportedOn`: the China date it was reported (signatures may not be dated before it).
    // `onTheSpot`: reported with its agreement, mediated on the spot (现场调解).
    t.partial({ referralReason: Reason, court: Court, courtCaseNumber: t.string, stage: DisputeStage, procedure: FiledCaseProcedure, ownerId: t.string, reportedOn: LocalDate, onTheSpot: t.boolean, attachments: Attachments }),
    // 诉前委派: a court-entrusted case the centre recorded is opened with its mediation deadline, counted from that
    // receipt of the court's materials (法释〔2016〕14号 art. 27); a clerk's entrustment gets it at acceptance (from
    // `receivedOn` there), and opens instead with `receiptDeadline`: by when the centre should sign for it (accept or
    // decline; DisputePolicy.entrustmentReceipt, practice, not statute), `calendar` saying how it was counted, so that
    // a rebase counts it again while the entrustment awaits its answer (kind `receipt`). A receipt deadline written
    // before it was stamped (no `calendar`) stands as written.
    // Events written before that rule — a clerk's DisputeReported with a mediationDeadline counted from the
    // entrustment — are history: the deadline the system told people stands, and acceptance keeps it (no recount).
    t.partial({ mediationDeadline: IsoTimestamp, receiptDeadline: IsoTimestamp }),
    linked,
    counted,
  ]),
)
/**
 * 受理; the mediation clock starts (30 days by default, DOMAIN.md; 人民调解工作若干规定 art. 33 says "一般在一个月内调结",
 * one month; 法释〔2016〕14号 art. 27 gives 委派调解 30 days from the centre's receipt, which this acceptance is for a
 * clerk's entrustment — and 委托调解, a court's entrustment in a filed case (`stage: filed`), 15 days, since 2026-12-07:
 * policy.ts ENTRUSTED_IN_FILED_CASE_DAYS. One accepted before carries the 30 days it was given, and keeps them).
 */
export const DisputeAccepted = event(
  'DisputeAccepted',
  // `receivedOn`: a clerk's entrustment, the China date the centre signed for the court's materials (签字接收), from
  // which its 30 (委托调解: 15, or 7 under 简易程序) days ran; absent, the date of this acceptance.
  t.intersection([t.type({ mediationDeadline: IsoTimestamp }), t.partial({ note: t.string, receivedOn: LocalDate }), counted]),
)
/** 不予受理. */
export const DisputeDeclined = event('DisputeDeclined', t.intersection([t.type({ reason: Reason }), linked]))
/**
 * A mediator takes the case. Back to mediation after the court refused or rejected the agreement, it carries the new
 * mediation period's deadline (30 days from the assignment, as a transfer's): the earlier period ended with the agreement.
 */
export const MediatorAssigned = event(
  'MediatorAssigned',
  t.intersection([t.type({ track: Track, mediator: MediatorRef }), t.partial({ mediationDeadline: IsoTimestamp }), counted]),
)
/** 更换调解员: `mediator` now holds the case, `previousMediatorId` held it; `reassignedBy` is who moved it, and why. */
export const MediatorReassigned = event(
  'MediatorReassigned',
  t.type({ track: Track, mediator: MediatorRef, previousMediatorId: t.string, reassignedBy: t.string, reason: Reason }),
)
/** One mediation session (调解会), numbered from 1 across the whole case, with its minutes. */
export const MediationSessionHeld = event(
  'MediationSessionHeld',
  t.intersection([
    t.type({ session: t.number, track: Track, mediatorId: t.string, minutes: t.string }),
    t.partial({ attendees: t.array(PartyName), location: t.string }),
  ]),
)
/**
 * 调解协议. `effectiveOn` is when it took effect (written: the last signature; oral: the day reached);
 * `confirmationDeadline` (people's and administrative tracks) is the end of the 30th day after it. `performBy`: the
 * performance deadline (履行期限) the terms set — by instalments, the last one's — from which the 2 years to apply for
 * enforcement run once the agreement is confirmed (民事诉讼法 art. 250); absent when none was entered, and on agreements
 * recorded before it could be.
 */
export const MediationAgreed = event(
  'MediationAgreed',
  t.intersection([
    t.type({ track: Track, mediatorId: t.string, form: AgreementForm, terms: t.array(t.string), effectiveOn: LocalDate }),
    t.partial({ signatures: t.array(Signature), mediatorSignedOn: LocalDate, reachedOn: LocalDate, concerns: UnconfirmableMatter, confirmationDeadline: IsoTimestamp, attachments: Attachments, performBy: LocalDate }),
    // The committee whose seal it bears (人民调解法 art. 29); on the spot: where, the facts, how it is performed, the signed scan.
    t.partial({
      committeeId: t.string,
      onTheSpot: t.boolean,
      location: t.string,
      facts: t.string,
      performance: t.string,
    }),
    linked,
    counted,
  ]),
)
// `mediatorId` (failure, transfer, litigation): the mediator who held the case, when one did — the events name the
// assigned mediator beside the acting person on the envelope (DOMAIN.md); absent on events recorded before they did.
const heldBy = t.partial({ mediatorId: t.string })

/** 调解不成, on the track it was tried on. */
export const MediationFailed = event('MediationFailed', t.intersection([t.type({ track: Track, reason: Reason }), heldBy, linked]))
/** One hop of 三调联动: from one track to another, with why; the receiving body's clock starts again. */
export const DisputeTransferred = event(
  'DisputeTransferred',
  t.intersection([t.type({ hop: t.number, from: Track, to: Track, reason: Reason, mediationDeadline: IsoTimestamp }), heldBy, counted]),
)
/** 引导诉讼. */
export const ReferredToLitigation = event(
  'ReferredToLitigation',
  t.intersection([t.type({ reason: Reason }), t.partial({ court: Court, /** the track it leaves */ track: Track }), heldBy, linked]),
)
/** The parties agreed to give the mediation more time. */
export const MediationExtended = event(
  'MediationExtended',
  t.intersection([t.type({ previousDeadline: IsoTimestamp, deadline: IsoTimestamp, days: t.number, reason: Reason, agreedBy: t.array(PartyName) }), counted]),
)
/** A party consented to the joint application: `recordedBy` who recorded it, `documentHash` the signed consent when a mediator did. */
export const JudicialConfirmationConsented = event(
  'JudicialConfirmationConsented',
  // signedOn (since 2026-12-07): the day the party signed it, when recorded later — the 30 days were judged on it.
  t.intersection([t.type({ party: PartyName }), t.partial({ recordedBy: t.string, documentHash: t.string, signedOn: LocalDate })]),
)
/** 申请司法确认, jointly: `applicant` applied, every other party consented. The court accepts or not within 3 days. */
export const JudicialConfirmationApplied = event(
  'JudicialConfirmationApplied',
  t.intersection([
    t.type({ applicant: PartyName, consentedBy: t.array(PartyName), court: Court, confirmationDeadline: IsoTimestamp, courtDecisionDeadline: IsoTimestamp }),
    // Recorded for the applicant by someone else (since 2026-12-06): who, and the application it signed (法释〔2011〕5号 art. 3).
    t.partial({ recordedBy: t.string, applicationHash: t.string }),
    // Since 2026-12-07: the day the court received it, when recorded later — the 30 days and courtDecisionDeadline run from it.
    t.partial({ filedOn: LocalDate }),
    counted,
  ]),
)
// The court's decisions carry its case number (案号) and whether they came within the court's deadline.
const courtDecision = t.partial({ caseNumber: t.string, deadline: IsoTimestamp, onTime: t.boolean })
/** 受理: the court accepted the application; it decides whether to confirm by `decideBy` (15 days). */
export const JudicialConfirmationAccepted = event(
  'JudicialConfirmationAccepted',
  t.intersection([t.type({ court: Court, caseNumber: t.string, decideBy: IsoTimestamp }), courtDecision, counted]),
)
/**
 * 不予受理 (法释〔2011〕5号 art. 4; 民事诉讼法解释 art. 355). `applyAgainBy`: the 30 days' end (the agreement's
 * `confirmationDeadline`) when some of them is left at the refusal — the parties may apply again until then (民事诉讼法
 * art. 205); absent when the refusal came after day 30, and on events recorded before it was named.
 */
export const JudicialConfirmationRefused = event(
  'JudicialConfirmationRefused',
  // refusedOn (since 2026-12-07): the China date of the refusal — a new application or consent is dated not before it.
  t.intersection([t.type({ court: Court, caseNumber: t.string, reason: Reason }), courtDecision, t.partial({ applyAgainBy: IsoTimestamp, refusedOn: LocalDate })]),
)
/** The court's 15 days extended once by 10: `decideBy` moves from `previousDeadline`. */
export const JudicialConfirmationReviewExtended = event(
  'JudicialConfirmationReviewExtended',
  // `caseNumber`: the case the court accepted the application under (absent on extensions recorded before it was named).
  t.intersection([t.type({ previousDeadline: IsoTimestamp, decideBy: IsoTimestamp, days: t.number, reason: Reason }), t.partial({ caseNumber: t.string }), counted]),
)
/**
 * 确认有效. `enforcementBy`: the end of the 2 years in which a party may apply for enforcement should the agreement not be
 * performed (申请执行的期间, 民事诉讼法 art. 250; counted by `enforcementWindow`), with `calendar` saying how it was counted
 * (`statutory-years`); absent on confirmations recorded before it was named. The parties' window, not the office's: no
 * overdue list or evaluation counts it.
 */
export const JudicialConfirmationGranted = event(
  'JudicialConfirmationGranted',
  t.intersection([t.type({ court: Court }), t.partial({ ruling: t.string, attachments: Attachments, enforcementBy: IsoTimestamp }), courtDecision, counted]),
)
export const JudicialConfirmationRejected = event(
  'JudicialConfirmationRejected',
  t.intersection([t.type({ court: Court, reason: Reason }), t.partial({ ruling: t.string, attachments: Attachments }), courtDecision]),
)
/**
 * 申请强制执行: a confirmed agreement was not fulfilled in full (none or partial). `enforcementBy` is the confirmation's
 * window and `afterLimitation` whether this application came after it (to 24:00 China time of its last day). A late
 * application is recorded all the same: the court accepts it, and only on the respondent's objection rules not to enforce
 * (民事诉讼法解释 art. 481). Both absent when the confirmation named no window (recorded before it was).
 */
export const EnforcementApplied = event(
  'EnforcementApplied',
  t.intersection([
    t.type({ court: Court }),
    t.partial({ note: t.string, caseNumber: t.string, enforcementBy: IsoTimestamp, afterLimitation: t.boolean }),
    // Since 2026-12-07: the party that applied, the day the court received it (afterLimitation counts from it), and — recorded
    // for the party by staff — who recorded it and the scan of the application (kind `application`).
    t.partial({ applicant: PartyName, filedOn: LocalDate, recordedBy: t.string, attachments: Attachments }),
  ]),
)
/** 履行情况. */
export const FulfilmentRecorded = event('FulfilmentRecorded', t.intersection([t.type({ fulfilment: Fulfilment }), t.partial({ note: t.string })]))
/** 回访. */
export const FollowUpVisited = event('FollowUpVisited', t.intersection([t.type({ note: t.string }), t.partial({ satisfied: t.boolean })]))
/**
 * Deadlines counted again after a holiday schedule was loaded: each change names the deadline (mediation,
 * confirmation, court-accept, court-decide), its previous and new instant, and the calendar that counted them.
 */
export const DisputeDeadlinesRebased = event('DisputeDeadlinesRebased', t.type({ reason: Reason, calendar: CalendarStamp, changes: t.array(DeadlineChange) }))
export const CLOSE_OUTCOMES = ['mediated', 'declined', 'litigation'] as const
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number]
export const CloseOutcome = oneOf(CLOSE_OUTCOMES)
export const DisputeClosed = event(
  'DisputeClosed',
  t.intersection([t.type({ outcome: CloseOutcome }), t.partial({ reason: Reason }), linked]),
)

/** 风险研判: the dispute's risk grade, first or again (`previousGrade`), with why. */
export const DisputeRiskGraded = event(
  'DisputeRiskGraded',
  t.intersection([t.type({ grade: RiskGrade, reason: Reason }), t.partial({ previousGrade: RiskGrade })]),
)
/**
 * A high-risk dispute escalated at once to the street (`to`, the street its place lies in; the place itself when it
 * lies above a street), so the street office takes it in hand; the dashboard lists it while it is open.
 */
export const DisputeEscalated = event('DisputeEscalated', t.type({ to: Jurisdiction, grade: RiskGrade, reason: Reason }))
/** 分流: routed to a mediation committee (id, name, kind, track at the time), from `previousCommitteeId` if any. */
export const DisputeRouted = event(
  'DisputeRouted',
  t.intersection([
    t.type({ committeeId: t.string, committeeName: t.string, kind: oneOf(COMMITTEE_KINDS), track: Track }),
    t.partial({ centre: t.string, previousCommitteeId: t.string, reason: Reason }),
  ]),
)

/**
 * 提交材料: a party (`party`, by name) filed its own documents onto the dispute. Its identity documents (kind
 * `id-document`) are served, and their references shown, to the handling roles only — not to the other party.
 */
export const PartyDocumentsSubmitted = event('PartyDocumentsSubmitted', t.type({ party: PartyName, attachments: Attachments }))

/** What a court-entrusted mediation's conclusion is, as reported back to the court. */
export const ENTRUSTMENT_OUTCOMES = ['agreement', 'failed', 'declined', 'litigation'] as const
/**
 * 诉前委派, the way back: the conclusion of a court-entrusted mediation, reported to the entrusting court under its
 * case number (案号), written with the conclusion itself; the court's clerks read it on the case. `onTime` is against
 * `mediationDeadline`, or — a clerk's entrustment declined before the centre signed for it — against `receiptDeadline`.
 */
export const ReportedToCourt = event(
  'ReportedToCourt',
  t.intersection([
    t.type({ court: Court, outcome: oneOf(ENTRUSTMENT_OUTCOMES) }),
    t.partial({ courtCaseNumber: t.string, reason: Reason, terms: t.array(t.string), mediationDeadline: IsoTimestamp, receiptDeadline: IsoTimestamp, onTime: t.boolean }),
  ]),
)
/** 临期预警 / 超期 of one of the case's deadlines, recorded by the scheduler. */
export const DisputeDeadlineReminder = event('DisputeDeadlineReminder', DeadlineReminderData)

export const DisputeEvent = t.union(
  [
    DisputeReported,
    DisputeAccepted,
    DisputeDeclined,
    MediatorAssigned,
    MediatorReassigned,
    MediationSessionHeld,
    MediationAgreed,
    MediationFailed,
    DisputeTransferred,
    ReferredToLitigation,
    MediationExtended,
    JudicialConfirmationConsented,
    JudicialConfirmationApplied,
    JudicialConfirmationAccepted,
    JudicialConfirmationRefused,
    JudicialConfirmationReviewExtended,
    JudicialConfirmationGranted,
    JudicialConfirmationRejected,
    EnforcementApplied,
    DisputeDeadlinesRebased,
    FulfilmentRecorded,
    FollowUpVisited,
    DisputeClosed,
    DisputeDeadlineReminder,
    DisputeRiskGraded,
    DisputeEscalated,
    DisputeRouted,
    ReportedToCourt,
    PartyDocumentsSubmitted,
  ],
  'DisputeEvent',
)
export type DisputeEvent = t.TypeOf<typeof DisputeEvent>
export type DisputeEventType = DisputeEvent['type']
export type DisputeEventOf<T extends DisputeEventType> = Extract<DisputeEvent, { type: T }>

export const DISPUTE_EVENT_TYPES: readonly DisputeEventType[] = DisputeEvent.types.map((c) => c.props.type.value)

/** Every dispute event is at schema version 1; upcasters go here when a shape changes. */
export const schema: EventSchema = { versions: {}, upcasters: [] }

