import * as t from 'io-ts'
import { Attachments } from '../attachments/refs.js'
import { DeadlineReminderData } from '../calendar/reminder.js'
import { TRACKS } from '../kernel/actor.js'
import { Jurisdiction } from '../access/jurisdiction.js'
import { DATE_SCHEMA, jsonSchemaStated, refinedString, text, wholeNumber, withJsonSchema } from '../kernel/codec.js'
import type { Command } from '../kernel/meta.js'
import { oneOf, Parties, PartyName } from './parties.js'

/** 人民调解 | 行政调解 | 司法调解, with the allowed values in its error message. */
export const Track = oneOf(TRACKS)

/** Where a dispute came from: 当事人申请, 排查发现, referral from a 诉求, 诉前委派/委托调解. */
export const SOURCES = ['party-application', 'screening', 'referral', 'court-entrusted'] as const
export type DisputeSource = (typeof SOURCES)[number]
export const DisputeSource = oneOf(SOURCES)
/**
 * A court-entrusted dispute's stage: `pre-filing` — 诉前委派 (委派调解), before the court files a case, under a 诉前调解 案号
 * (民诉前调); `filed` — 委托调解 in a case the court has filed, under that case's 案号 (民初, 民终 …). Absent: pre-filing.
 */
export const STAGES = ['pre-filing', 'filed'] as const
export type DisputeStage = (typeof STAGES)[number]
export const DisputeStage = oneOf(STAGES)
/**
 * 委托调解 (`stage: filed`) only: the procedure the filed case is tried under — `ordinary` (普通程序, 15 days of mediation)
 * or `simplified` (简易程序, 7 days): policy.ts ENTRUSTED_IN_FILED_CASE_DAYS. Absent: ordinary.
 */
export const PROCEDURES = ['ordinary', 'simplified'] as const
export type FiledCaseProcedure = (typeof PROCEDURES)[number]
export const FiledCaseProcedure = oneOf(PROCEDURES)

/** 纠纷类别, including the 联合服务中心's medical, campus and property (物业) mediation. */
export const CATEGORIES = ['neighbour', 'family', 'property', 'medical', 'campus', 'labour', 'land', 'consumer', 'other'] as const
export type DisputeCategory = (typeof CATEGORIES)[number]
export const DisputeCategory = oneOf(CATEGORIES)

export const AGREEMENT_FORMS = ['written', 'oral'] as const
export type AgreementForm = (typeof AGREEMENT_FORMS)[number]
export const AgreementForm = oneOf(AGREEMENT_FORMS)

export const FULFILMENTS = ['full', 'partial', 'none'] as const
export type Fulfilment = (typeof FULFILMENTS)[number]
export const Fulfilment = oneOf(FULFILMENTS)

/**
 * What an agreement may settle that no court will confirm: the grounds on which the court does not accept (不予受理) an
 * application for 司法确认, 民事诉讼法解释 (法释〔2022〕11号) art. 355 (art. 357 in the 2015 text), which replaced the shorter
 * list of 法释〔2011〕5号 art. 4 ¶2 (身份关系、收养关系、婚姻关系):
 * - (三) 申请确认婚姻关系、亲子关系、收养关系等身份关系无效、有效或者解除的: `marriage`, `parentage` (亲子关系), `adoption`,
 *   `personal-status` (another 身份关系);
 * - (四) 涉及适用其他特别程序、公示催告程序、破产程序审理的: `special-procedure`;
 * - (五) 调解协议内容涉及物权、知识产权确权的: `property-title` (物权确权), `ip-title` (知识产权确权).
 * Grounds (一)–(二) — outside the courts' remit, or not this court's — are the court's to find, on the application.
 */
export const UNCONFIRMABLE_MATTERS = ['marriage', 'adoption', 'personal-status', 'parentage', 'property-title', 'ip-title', 'special-procedure'] as const
export type UnconfirmableMatter = (typeof UNCONFIRMABLE_MATTERS)[number]
export const UnconfirmableMatter = oneOf(UNCONFIRMABLE_MATTERS)

/** The court's decision whether to accept an application (受理 | 不予受理). */
export const COURT_ACCEPTANCE_DECISIONS = ['accepted', 'refused'] as const
export const CourtAcceptanceDecision = oneOf(COURT_ACCEPTANCE_DECISIONS)

/**
 * 案号 of a 司法确认 case: `(year)` + province + court code + 民特 + number + 号, e.g. `(2026)蒙0105民特123号`
 * (最高人民法院《关于人民法院案件案号的若干规定》; full-width brackets accepted).
 */
const COURT_CASE_NUMBER = /^[(（](19|20)\d{2}[)）][\u4e00-\u9fa5]\d{0,4}民特(监)?\d{1,6}号$/
export const CourtCaseNumber = refinedString(
  'CourtCaseNumber',
  (s) => COURT_CASE_NUMBER.test(s),
  'a court case number (案号) like (2026)蒙0105民特123号',
  { pattern: COURT_CASE_NUMBER.source },
)

export const CONFIRMATION_OUTCOMES = ['confirmed', 'rejected'] as const
export type ConfirmationOutcome = (typeof CONFIRMATION_OUTCOMES)[number]
export const ConfirmationOutcome = oneOf(CONFIRMATION_OUTCOMES)

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/
export const CaseId = refinedString('CaseId', (s) => CASE_ID.test(s), 'an id of letters, digits, - and _', { pattern: CASE_ID.source })

const isLocalDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const probe = new Date(Date.UTC(y, mo - 1, d))
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d
}
const SHA256_HEX = /^[0-9a-f]{64}$/
const AttachmentHashCodec = refinedString('AttachmentHash', (s) => SHA256_HEX.test(s), 'a sha-256 hash: 64 lower-case hex digits', {
  pattern: SHA256_HEX.source,
  description: 'an uploaded file’s SHA-256 (POST /api/v1/attachments)',
})

/** A China local date, `YYYY-MM-DD`. */
export const LocalDate = refinedString('LocalDate', isLocalDate, 'a date YYYY-MM-DD', DATE_SCHEMA)

/** Whole days from 1 to `max`. */
export const DayCount = (max: number) => wholeNumber('DayCount', 1, max, `a whole number of days from 1 to ${max}`)

export const Reason = text(2000, 'Reason')
/** What the dispute is about; a complaint referred to mediation carries one of this length too. */
export const DisputeSummary = text(4000, 'Summary')
export const Court = text(200, 'Court')

export const MediatorRef = t.exact(
  t.intersection([t.type({ id: text(100, 'MediatorId'), jurisdiction: Jurisdiction }), t.partial({ name: text(100, 'MediatorName') })]),
  'MediatorRef',
)
export type MediatorRef = t.TypeOf<typeof MediatorRef>

/** One signature on a written agreement: who signed, on which (China local) date. */
export const Signature = t.exact(t.type({ party: PartyName, signedOn: LocalDate }), 'Signature')
export type Signature = t.TypeOf<typeof Signature>

const nonEmptyArray = <C extends t.Mixed>(codec: C, what: string) =>
  withJsonSchema(new t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown>(
    `NonEmpty<${codec.name}>`,
    (u): u is t.TypeOf<C>[] => t.array(codec).is(u) && u.length > 0,
    (u, c) => {
      const decoded = t.array(codec).validate(u, c)
      if (decoded._tag === 'Left' || decoded.right.length > 0) return decoded
      return t.failure(u, c, `expected at least one ${what}`)
    },
    (a) => t.array(codec).encode(a),
  ), { type: 'array', minItems: 1, items: { ...jsonSchemaStated(codec), description: codec.name } })

/** 风险等级 — the risk a dispute carries (of violence, of a mass incident, of a petition), graded at intake and after. */
export const RISK_GRADES = ['low', 'medium', 'high'] as const
export type RiskGrade = (typeof RISK_GRADES)[number]
export const RiskGrade = oneOf(RISK_GRADES)

/** A risk grade and why (e.g. 扬言报复, 多人聚集): the reason is what the street reads when a high risk reaches it. */
export const RiskAssessment = t.exact(t.type({ grade: RiskGrade, reason: text(2000, 'Reason') }), 'RiskAssessment')
export type RiskAssessment = t.TypeOf<typeof RiskAssessment>

/** The committee (调解委员会) a dispute is routed to, by its id in the committee file. */
export const CommitteeId = text(100, 'CommitteeId')

// --- command data -------------------------------------------------------------------------------
// Exact codecs: a field a command does not declare is dropped on decoding, at every level, so it never
// reaches an event (and `declaredOnly` strips it from a command that was not decoded).

/** A scan of the signed agreement (调解协议书), uploaded first (`POST /api/v1/attachments`), by its sha-256. */
export const AgreementScan = t.exact(t.type({ sha256: AttachmentHashCodec }), 'AgreementScan')

/**
 * 现场调解 — the agreement of a dispute mediated on the spot, recorded with its report. What 人民调解法 art. 29 says
 * an agreement (调解协议书) sets down: the parties (the report's), the facts and what is in dispute (the report's
 * summary, and `facts`), the terms (`terms`), how and by when they are performed (`performance`). Written: signed by
 * every party and the mediator, sealed by the committee, effective that day (art. 29), with the scan of the signed
 * paper (`attachments`). Oral (art. 28, 30): the mediator records the terms; effective the day reached.
 */
export const OnTheSpotData = t.exact(t.intersection(
  [
    t.type({ form: AgreementForm, terms: nonEmptyArray(text(4000, 'Term'), 'term') }),
    t.partial({
      facts: text(4000, 'Facts'),
      performance: text(2000, 'Performance'),
      location: text(200, 'Location'),
      /** The mediator's record of the mediation (调解记录); by default the terms agreed. */
      minutes: text(20000, 'Minutes'),
      signatures: t.array(Signature),
      mediatorSignedOn: LocalDate,
      reachedOn: LocalDate,
      concerns: UnconfirmableMatter,
      attachments: t.array(AgreementScan),
      /** 履行期限, as RecordAgreement's: the day by which the terms are to be performed (the last instalment's). */
      performBy: LocalDate,
    }),
  ]),
  'OnTheSpotData',
)
export type OnTheSpotData = t.TypeOf<typeof OnTheSpotData>

/** 报告纠纷 — opens a dispute case; `id` is the new case's id. */
export const ReportDisputeData = t.exact(t.intersection(
  [
    t.type({ id: CaseId, source: DisputeSource, category: DisputeCategory, jurisdiction: Jurisdiction, parties: Parties, summary: DisputeSummary }),
    t.partial({
      /** The complaint (诉求) this dispute was referred from; required for source `referral`. */
      complaintId: CaseId,
      /** Why the complaint was referred to mediation. */
      referralReason: Reason,
      /** The entrusting court; required for source `court-entrusted`. */
      court: Court,
      courtCaseNumber: text(100, 'CourtCaseNumber'),
      /**
       * Court-entrusted only: `filed` when the court entrusts mediation in a case it has filed (委托调解, the case's 案号
       * required); absent or `pre-filing`, 诉前委派. A 案号 that says otherwise (民诉前调 for filed; 民初, 民终, 民再 … before
       * filing) is refused.
       */
      stage: DisputeStage,
      /**
       * 委托调解 (`stage: filed`) only: `simplified` when the filed case is tried under 简易程序 (7 days of mediation);
       * absent or `ordinary`, 普通程序 (15 days). On any other stage or source it is refused.
       */
      procedure: FiledCaseProcedure,
      /** 风险研判 at intake; a high risk is escalated to the street at once. */
      risk: RiskAssessment,
      /** 现场调解: mediated and agreed on the spot — the agreement comes with the report, in one command (a mediator). */
      onTheSpot: OnTheSpotData,
      /** Photos or documents of the dispute (uploaded first: `POST /api/v1/attachments`), by hash. */
      attachments: Attachments,
    }),
  ]),
  'ReportDisputeData',
)
export type ReportDisputeData = t.TypeOf<typeof ReportDisputeData>

/**
 * `receivedOn` (诉前委派 by a court clerk only): the China date the centre signed for the court's materials
 * (法释〔2016〕14号 art. 27), not before the entrustment nor after this acceptance; absent, the day of acceptance.
 */
export const AcceptDisputeData = t.exact(t.partial({ note: text(2000, 'Note'), receivedOn: LocalDate }), 'AcceptDisputeData')
export const DeclineDisputeData = t.exact(t.type({ reason: Reason }), 'DeclineDisputeData')
export const AssignMediatorData = t.exact(t.type({ track: Track, mediator: MediatorRef }), 'AssignMediatorData')
/** 更换调解员 — the case passes from its mediator to another, with why (a street officer or the mediation centre). */
export const ReassignMediatorData = t.exact(t.type({ mediator: MediatorRef, reason: Reason }), 'ReassignMediatorData')
export const RecordSessionData = t.exact(t.intersection(
  [t.type({ minutes: text(20000, 'Minutes') }), t.partial({ attendees: t.array(PartyName), location: text(200, 'Location') })]),
  'RecordSessionData',
)
export const RecordAgreementData = t.exact(t.intersection(
  [
    t.type({ form: AgreementForm, terms: nonEmptyArray(text(4000, 'Term'), 'term') }),
    t.partial({
      /** Written agreements: every party's signature and date. */
      signatures: t.array(Signature),
      /** Written agreements: the date the mediator signed (and the committee sealed). */
      mediatorSignedOn: LocalDate,
      /** Oral agreements (required): the day it was reached, when it took effect — never later than recorded. */
      reachedOn: LocalDate,
      /** Set when the agreement settles a matter no court confirms (UNCONFIRMABLE_MATTERS): it cannot be judicially confirmed. */
      concerns: UnconfirmableMatter,
      /**
       * The scan of the signed agreement (调解协议书, kind `agreement`; required for a written agreement) and anything else
       * attached, by hash.
       */
      attachments: Attachments,
      /**
       * 履行期限: the day by which the terms are to be performed (by instalments: the last one's); not before the agreement
       * took effect. Once confirmed, the 2 years to apply for enforcement run from it (民事诉讼法 art. 250).
       */
      performBy: LocalDate,
    }),
  ]),
  'RecordAgreementData',
)
export const RecordFailureData = t.exact(t.type({ reason: Reason }), 'RecordFailureData')
export const TransferDisputeData = t.exact(t.type({ to: Track, reason: Reason }), 'TransferDisputeData')
export const ReferToLitigationData = t.exact(t.intersection([t.type({ reason: Reason }), t.partial({ court: Court })]), 'ReferToLitigationData')
export const ExtendMediationData = t.exact(t.type(
  { days: DayCount(30), reason: Reason, agreedBy: nonEmptyArray(PartyName, 'party') }),
  'ExtendMediationData',
)
/** The sha-256 (64 lower-case hex digits) of an attachment kept by content hash, such as a signed consent form. */
export const AttachmentHash = AttachmentHashCodec
/**
 * A party's consent to the joint application. A resident consents for themself (`party` may be omitted); anyone else
 * records a party's consent only with `documentHash`, the attachment hash of the consent the party signed. `signedOn`:
 * the China date the party signed it, when it is recorded later (not after the day recorded, not before the agreement
 * took effect); the 30 days are judged on it. Not said: signed the day it is recorded.
 */
export const ConsentToConfirmationData = t.exact(t.partial({ party: PartyName, documentHash: AttachmentHash, signedOn: LocalDate }), 'ConsentToConfirmationData')
/**
 * The joint application to the court. A resident applies for themself (`party` may be omitted); anyone else records it
 * for a party only with `applicationHash`, the attachment hash of what the party signed to apply — its 司法确认申请书, or
 * the 授权委托书 by which it lets another apply for it (法释〔2011〕5号 art. 3). `filedOn`: the China date the court received
 * the application, when it is recorded later (not after the day recorded, not before the agreement took effect); the 30
 * days and the court's 3 days are judged on it. Not said: filed the day it is recorded.
 */
export const ApplyForConfirmationData = t.exact(
  t.intersection([t.type({ court: Court }), t.partial({ party: PartyName, applicationHash: AttachmentHash, filedOn: LocalDate })]),
  'ApplyForConfirmationData',
)
/** The court's decision whether to accept the application, within 3 days, with its case number. */
export const RecordCourtAcceptanceData = t.exact(t.intersection(
  [t.type({ decision: CourtAcceptanceDecision, caseNumber: CourtCaseNumber }), t.partial({ reason: Reason })]),
  'RecordCourtAcceptanceData',
)
/** The court extends its 15 days to decide, once, by 10 days. */
export const ExtendCourtReviewData = t.exact(t.type({ reason: Reason }), 'ExtendCourtReviewData')
/** The court's ruling: confirmed (确认有效) or rejected (驳回申请), with its case number. */
export const RecordConfirmationData = t.exact(t.intersection(
  [
    t.type({ outcome: ConfirmationOutcome, caseNumber: CourtCaseNumber }),
    /** `attachments`: the scan of the court's ruling (裁定书, kind `ruling`), by hash. */
    t.partial({ reason: Reason, ruling: text(200, 'Ruling'), attachments: Attachments }),
  ]),
  'RecordConfirmationData',
)
/**
 * 申请强制执行 of a confirmed agreement that was not fulfilled in full (fulfilment none or partial: 人民调解法 art. 33 ¶2) —
 * the party's application to the court. A resident applies for itself (`party` may be omitted; filed today unless
 * `filedOn` says). Anyone else records it for a party only from what the party filed: `party` (a party of the case),
 * `filedOn` (the China date the court received it: not before the agreement took effect, not after today) and the scan
 * of the application (`attachments`, one of kind `application`), as a written agreement is recorded from its scan.
 */
export const ApplyForEnforcementData = t.exact(
  t.intersection([t.type({ court: Court }), t.partial({ note: text(2000, 'Note'), party: PartyName, filedOn: LocalDate, attachments: Attachments })]),
  'ApplyForEnforcementData',
)
export const RecordFulfilmentData = t.exact(t.intersection([t.type({ fulfilment: Fulfilment }), t.partial({ note: text(2000, 'Note') })]), 'RecordFulfilmentData')
export const RecordFollowUpData = t.exact(t.intersection([t.type({ note: text(2000, 'Note') }), t.partial({ satisfied: t.boolean })]), 'RecordFollowUpData')
export const CloseDisputeData = t.exact(t.partial({ reason: Reason }), 'CloseDisputeData')
/** 风险研判 again: a new grade, with why; a grade rising to high escalates to the street at once. */
export const GradeRiskData = RiskAssessment
/** 分流 — the centre (or a street or community) routes the dispute to a mediation committee; its mediators may then be assigned. */
export const RouteToCommitteeData = t.exact(t.intersection([t.type({ committee: CommitteeId }), t.partial({ reason: Reason })]), 'RouteToCommitteeData')
/**
 * 提交材料 — a party files its own documents onto its dispute: the consent it signed, a scan of its identity card
 * (kind `id-document`), evidence (a photo of the leak). Uploaded first (`POST /api/v1/attachments`), by hash, at least
 * one. The handling roles then reach them through the case (docs/attachments.md), and its mediator may name them.
 */
export const SubmitDocumentsData = t.exact(t.type({ attachments: Attachments }), 'SubmitDocumentsData')
/** Count the case's deadlines again with the calendar now loaded (admin, after a new holiday schedule). */
export const RebaseDeadlinesData = t.exact(t.type({ reason: Reason }), 'RebaseDeadlinesData')

export type ReportDispute = Command<'ReportDispute', ReportDisputeData>
export type AcceptDispute = Command<'AcceptDispute', t.TypeOf<typeof AcceptDisputeData>>
export type DeclineDispute = Command<'DeclineDispute', t.TypeOf<typeof DeclineDisputeData>>
export type AssignMediator = Command<'AssignMediator', t.TypeOf<typeof AssignMediatorData>>
export type ReassignMediator = Command<'ReassignMediator', t.TypeOf<typeof ReassignMediatorData>>
export type RecordSession = Command<'RecordSession', t.TypeOf<typeof RecordSessionData>>
export type RecordAgreement = Command<'RecordAgreement', t.TypeOf<typeof RecordAgreementData>>
export type RecordFailure = Command<'RecordFailure', t.TypeOf<typeof RecordFailureData>>
export type TransferDispute = Command<'TransferDispute', t.TypeOf<typeof TransferDisputeData>>
export type ReferToLitigation = Command<'ReferToLitigation', t.TypeOf<typeof ReferToLitigationData>>
export type ExtendMediation = Command<'ExtendMediation', t.TypeOf<typeof ExtendMediationData>>
export type ConsentToConfirmation = Command<'ConsentToConfirmation', t.TypeOf<typeof ConsentToConfirmationData>>
export type ApplyForConfirmation = Command<'ApplyForConfirmation', t.TypeOf<typeof ApplyForConfirmationData>>
export type RecordCourtAcceptance = Command<'RecordCourtAcceptance', t.TypeOf<typeof RecordCourtAcceptanceData>>
export type ExtendCourtReview = Command<'ExtendCourtReview', t.TypeOf<typeof ExtendCourtReviewData>>
export type RecordConfirmation = Command<'RecordConfirmation', t.TypeOf<typeof RecordConfirmationData>>
export type ApplyForEnforcement = Command<'ApplyForEnforcement', t.TypeOf<typeof ApplyForEnforcementData>>
export type RecordFulfilment = Command<'RecordFulfilment', t.TypeOf<typeof RecordFulfilmentData>>
export type RecordFollowUp = Command<'RecordFollowUp', t.TypeOf<typeof RecordFollowUpData>>
export type CloseDispute = Command<'CloseDispute', t.TypeOf<typeof CloseDisputeData>>
export type GradeRisk = Command<'GradeRisk', t.TypeOf<typeof GradeRiskData>>
export type RouteToCommittee = Command<'RouteToCommittee', t.TypeOf<typeof RouteToCommitteeData>>
export type SubmitDocuments = Command<'SubmitDocuments', t.TypeOf<typeof SubmitDocumentsData>>
export type RebaseDisputeDeadlines = Command<'RebaseDeadlines', t.TypeOf<typeof RebaseDeadlinesData>>
/** 临期预警 / 超期 — recorded by the deadline scheduler (an admin of the case's jurisdiction) because time passed. */
export type RecordDisputeDeadlineReminder = Command<'RecordDeadlineReminder', DeadlineReminderData>

export type DisputeCommand =
  | ReportDispute
  | AcceptDispute
  | DeclineDispute
  | AssignMediator
  | ReassignMediator
  | RecordSession
  | RecordAgreement
  | RecordFailure
  | TransferDispute
  | ReferToLitigation
  | ExtendMediation
  | ConsentToConfirmation
  | ApplyForConfirmation
  | RecordCourtAcceptance
  | ExtendCourtReview
  | RecordConfirmation
  | ApplyForEnforcement
  | RecordFulfilment
  | RecordFollowUp
  | CloseDispute
  | GradeRisk
  | RouteToCommittee
  | SubmitDocuments
  | RebaseDisputeDeadlines
  | RecordDisputeDeadlineReminder

export type DisputeCommandType = DisputeCommand['type']

/** Each command after the opening one, by its kebab-case route name (HTTP.md), with its data codec. */
export const DISPUTE_COMMANDS = {
  accept: { type: 'AcceptDispute', data: AcceptDisputeData },
  decline: { type: 'DeclineDispute', data: DeclineDisputeData },
  'assign-mediator': { type: 'AssignMediator', data: AssignMediatorData },
  reassign: { type: 'ReassignMediator', data: ReassignMediatorData },
  'record-session': { type: 'RecordSession', data: RecordSessionData },
  'record-agreement': { type: 'RecordAgreement', data: RecordAgreementData },
  'record-failure': { type: 'RecordFailure', data: RecordFailureData },
  transfer: { type: 'TransferDispute', data: TransferDisputeData },
  'refer-to-litigation': { type: 'ReferToLitigation', data: ReferToLitigationData },
  'extend-mediation': { type: 'ExtendMediation', data: ExtendMediationData },
  'consent-confirmation': { type: 'ConsentToConfirmation', data: ConsentToConfirmationData },
  'apply-confirmation': { type: 'ApplyForConfirmation', data: ApplyForConfirmationData },
  'record-court-acceptance': { type: 'RecordCourtAcceptance', data: RecordCourtAcceptanceData },
  'extend-court-review': { type: 'ExtendCourtReview', data: ExtendCourtReviewData },
  'record-confirmation': { type: 'RecordConfirmation', data: RecordConfirmationData },
  'apply-enforcement': { type: 'ApplyForEnforcement', data: ApplyForEnforcementData },
  'record-fulfilment': { type: 'RecordFulfilment', data: RecordFulfilmentData },
  'record-follow-up': { type: 'RecordFollowUp', data: RecordFollowUpData },
  close: { type: 'CloseDispute', data: CloseDisputeData },
  'grade-risk': { type: 'GradeRisk', data: GradeRiskData },
  route: { type: 'RouteToCommittee', data: RouteToCommitteeData },
  'submit-documents': { type: 'SubmitDocuments', data: SubmitDocumentsData },
  'rebase-deadlines': { type: 'RebaseDeadlines', data: RebaseDeadlinesData },
  'record-deadline-reminder': { type: 'RecordDeadlineReminder', data: DeadlineReminderData },
} as const satisfies Record<string, { type: Exclude<DisputeCommandType, 'ReportDispute'>; data: t.Mixed }>
