import * as t from 'io-ts'
import { DeadlineReminderData } from '../calendar/reminder.js'
import { Attachments } from '../attachments/refs.js'
import { literalUnion } from '../kernel/actor.js'
import { Jurisdiction } from '../access/jurisdiction.js'
import { AttachmentHash, DisputeCategory, DisputeSummary } from '../dispute/commands.js'
import { refinedCodec, refinedString, text, wholeNumber } from '../kernel/codec.js'
import { IsoTimestamp, type Command } from '../kernel/meta.js'
import { Complainant, Person } from './complainant.js'
import { URGENCIES, type Category, type Urgency } from './config.js'
import { DepartmentUnit, HandlingUnit } from './unit.js'

/** 渠道 — where the complaint came in; contact-card = 民情联络卡. */
export const CHANNELS = ['hotline-12345', 'message-board', 'mini-program', 'grid-visit', 'walk-in', 'contact-card'] as const
export type Channel = (typeof CHANNELS)[number]
/** 诉求类型 (北京市接诉即办工作条例): 咨询, 求助, 投诉, 举报, 建议. */
export const KINDS = ['consultation', 'help', 'complaint', 'report', 'suggestion'] as const
export type Kind = (typeof KINDS)[number]
/** 一事一评. */
export const RATINGS = ['satisfied', 'basically-satisfied', 'unsatisfied'] as const
export type Rating = (typeof RATINGS)[number]
/** How the result was: solved, explained (e.g. policy does not allow it), or cannot be solved. */
export const OUTCOMES = ['resolved', 'explained', 'unresolvable'] as const
export type Outcome = (typeof OUTCOMES)[number]
/** 回访: did the complainant say the problem was solved? */
export const SOLVED_ANSWERS = ['solved', 'partly', 'not-solved'] as const
export type SolvedAnswer = (typeof SOLVED_ANSWERS)[number]
/** 考评申诉 grounds: an unreasonable demand (不合理诉求), a mis-dispatch (错派), a duplicate (重复件). */
export const EXCLUSION_GROUNDS = ['unreasonable-demand', 'mis-dispatch', 'duplicate'] as const
export type ExclusionGround = (typeof EXCLUSION_GROUNDS)[number]
/** How the dispute a complaint was referred to concluded: 调解协议, 调解不成, 引导诉讼, or not taken up (不予受理). */
export const MEDIATION_OUTCOMES = ['agreement', 'failed', 'litigation', 'declined'] as const
export type MediationOutcome = (typeof MEDIATION_OUTCOMES)[number]
/**
 * What the dispute may come to after the conclusion the complaint took: any of those again (a new agreement after 驳回,
 * litigation), or the court's rejection of the agreement (司法确认 驳回, `confirmation-rejected`) — never a first conclusion.
 */
export const MEDIATION_DEVELOPMENTS = [...MEDIATION_OUTCOMES, 'confirmation-rejected'] as const
export type MediationDevelopment = (typeof MEDIATION_DEVELOPMENTS)[number]
export const NOTIFY_METHODS = ['phone', 'sms', 'in-person', 'app'] as const
export type NotifyMethod = (typeof NOTIFY_METHODS)[number]
/** Where a case came from: someone who raised it (诉求人, possibly anonymous), or a grid worker's patrol (巡查发现: no complainant at all). */
export const SOURCES = ['complainant', 'patrol'] as const
export type Source = (typeof SOURCES)[number]

const union = <T extends string>(values: readonly T[], name: string) => literalUnion(values as unknown as [T, T, ...T[]], name)

export const ChannelCodec = union(CHANNELS, 'Channel')
export const KindCodec = union(KINDS, 'Kind')
export const UrgencyCodec = union<Urgency>(URGENCIES, 'Urgency')
export const RatingCodec = union(RATINGS, 'Rating')
export const OutcomeCodec = union(OUTCOMES, 'Outcome')
export const SolvedAnswerCodec = union(SOLVED_ANSWERS, 'SolvedAnswer')
export const ExclusionGroundCodec = union(EXCLUSION_GROUNDS, 'ExclusionGround')
export const MediationOutcomeCodec = union(MEDIATION_OUTCOMES, 'MediationOutcome')
export const MediationDevelopmentCodec = union(MEDIATION_DEVELOPMENTS, 'MediationDevelopment')
export const NotifyMethodCodec = union(NOTIFY_METHODS, 'NotifyMethod')
export const SourceCodec = union(SOURCES, 'Source')

// Either case, spelled out (no flag), so that JSON Schema's pattern is the same expression.
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
export const Uuid = refinedString('Uuid', (s) => UUID.test(s), 'a uuid', { format: 'uuid', pattern: UUID.source })
export const Reason = text(2000, 'Reason')
export const Note = text(2000, 'Note')
export const LongText = text(5000, 'LongText')

/** A whole number of days, 1 to 366. */
export const Days = wholeNumber('Days', 1, 366, 'a whole number of days from 1 to 366')

const withOptionalFields = <R extends t.Props, O extends t.Props>(required: R, optional: O) => t.intersection([t.type(required), t.partial(optional)])

/** Photos (or any attachment) by their sha-256: the files are kept by content hash, the events carry the hash. */
export const Photos = refinedCodec('Photos', t.array(AttachmentHash), (items) =>
  items.length > 20 ? { message: 'expected at most 20 photos' } : new Set(items).size < items.length ? { message: 'expected each photo once' } : undefined,
)

/** A point on the map (WGS-84 degrees), where a patrol found the problem. */
export const GeoPoint = t.exact(
  t.type({
    longitude: refinedCodec('Longitude', t.number, (n) => (n >= -180 && n <= 180 ? undefined : { message: 'expected degrees from -180 to 180' })),
    latitude: refinedCodec('Latitude', t.number, (n) => (n >= -90 && n <= 90 ? undefined : { message: 'expected degrees from -90 to 90' })),
  }),
  'GeoPoint',
)

/** 现场办结 — what the grid worker did on the spot: the result and its photos. */
export const OnTheSpot = t.exact(withOptionalFields({ result: LongText }, { photos: Photos }), 'OnTheSpot')

const nonEmpty = <C extends t.Mixed>(codec: C, name: string) =>
  refinedCodec(name, t.array(codec), (items) => (items.length > 0 ? undefined : { message: 'expected at least one' }))

const withOptional = <R extends t.Props, O extends t.Props>(required: R, optional: O, name: string) =>
  t.intersection([t.type(required), t.partial(optional)], name)

const registerFields = (category: t.Type<string, string, unknown>) =>
  withOptional(
    {
      id: Uuid,
      channel: ChannelCodec,
      kind: KindCodec,
      category,
      title: text(200, 'Title'),
      description: LongText,
      /** Where the problem is; the case lies in this jurisdiction. */
      jurisdiction: Jurisdiction,
    },
    {
      /** Who raised it; omitted (or `{}`) for an anonymous complaint. */
      complainant: Complainant,
      urgency: UrgencyCodec,
      address: text(500, 'Address'),
      /** The operator's answer to a consultation, which closes it at once. */
      answer: LongText,
      /** `patrol`: 巡查发现, a grid worker's own finding with no complainant (default `complainant`). */
      source: SourceCodec,
      /** Photos of the problem, by sha-256. */
      photos: Photos,
      /** Where exactly (besides `address`): a patrol finding's point on the map, required for one registered now (decide). */
      location: GeoPoint,
      /** 现场办结 — the grid resolves it on the spot: registered, handled and closed in this one command. */
      onTheSpot: OnTheSpot,
      /** Other files of the problem, each with its kind (an `id-document` is masked), by hash (`POST /api/v1/attachments`). */
      attachments: Attachments,
    },
    'RegisterComplaint',
  )

/** 登记 — register a complaint; `id` is the new case's uuid. */
export const RegisterComplaintData = registerFields(text(100, 'Category'))
/** The registration codec for a configured list of categories. */
export const registerComplaintData = (categories: readonly Category[]) =>
  registerFields(
    refinedString(
      'Category',
      (s) => categories.some((c) => c.id === s),
      `one of ${categories.map((c) => c.id).join(', ')}`,
      { enum: categories.map((c) => c.id) },
    ),
  )

/**
 * 补充诉求 / 补充材料: `text` (free text, as long as a description) and `attachments` (up to 20 files), each optional
 * but not both absent, and no empty list: a supplement adds something.
 */
export const SupplementComplaintData = refinedCodec('SupplementComplaint', t.partial({ text: LongText, attachments: Attachments }), (d) =>
  d.attachments !== undefined && d.attachments.length === 0
    ? { field: 'attachments', message: 'expected at least one file (or leave attachments out and give text)' }
    : d.text === undefined && d.attachments === undefined
      ? { field: 'text', message: 'expected text or attachments: a supplement adds at least one of them' }
      : undefined,
)

/** The codec of each command's data, by command type. */
export const commandData = {
  RegisterComplaint: RegisterComplaintData,
  /** 受理 */
  AcceptComplaint: t.partial({ note: Note }, 'AcceptComplaint'),
  /** 不予受理 */
  RejectComplaint: t.type({ reason: Reason }, 'RejectComplaint'),
  /** 派单 — to the lead unit (首接负责制). */
  DispatchComplaint: withOptional({ unit: HandlingUnit }, { note: Note }, 'DispatchComplaint'),
  /** 签收 */
  AcknowledgeComplaint: t.partial({ note: Note }, 'AcknowledgeComplaint'),
  /** 上报 — to the unit one level up, which takes the lead. */
  EscalateComplaint: t.type({ to: HandlingUnit, reason: Reason }, 'EscalateComplaint'),
  /** 吹哨 — the street (or a unit above it) summons departments; each must report (报到) by a deadline. */
  SummonDepartments: t.type({ departments: nonEmpty(DepartmentUnit, 'Departments'), reason: Reason }, 'SummonDepartments'),
  /** 报到 — a summoned department reports for duty. */
  ReportArrival: withOptional({ unitId: text(100, 'UnitId') }, { note: Note }, 'ReportArrival'),
  /** 协办 — the lead adds a co-handling unit. */
  AddCoHandler: withOptional({ unit: HandlingUnit }, { task: Note }, 'AddCoHandler'),
  /** A summoned department reports its part (what it did) to the street that summoned it. */
  ReportDepartmentPart: withOptional({ unitId: text(100, 'UnitId'), report: LongText }, { photos: Photos }, 'ReportDepartmentPart'),
  /** 以下评上 — the summoning street rates a summoned department's help, with a comment. */
  RateDepartmentHelp: t.type({ unitId: text(100, 'UnitId'), rating: RatingCodec, comment: Note }, 'RateDepartmentHelp'),
  /** A co-handling unit reports its part to the lead. */
  ReportCoHandling: withOptional({ unitId: text(100, 'UnitId'), report: LongText }, { attachments: Attachments }, 'ReportCoHandling'),
  /** 延期申请 — days count in the policy's extension unit (working days, or natural days for 信访). */
  RequestExtension: t.type({ days: Days, reason: Reason }, 'RequestExtension'),
  /** 延期审批 — may grant fewer days than requested. */
  ApproveExtension: t.partial({ days: Days, reason: Reason }, 'ApproveExtension'),
  DenyExtension: t.type({ reason: Reason }, 'DenyExtension'),
  /** 办结, with photos of the result (`photos`, bare hashes) and other files with their kind (`attachments`). */
  SubmitResult: withOptional({ result: LongText, outcome: OutcomeCodec }, { photos: Photos, attachments: Attachments }, 'SubmitResult'),
  /** 退单 — the lead sends a mis-dispatched case back to the dispatcher. */
  ReturnComplaint: t.type({ reason: Reason }, 'ReturnComplaint'),
  /** 结果反馈 */
  NotifyComplainant: withOptional({ method: NotifyMethodCodec }, { note: Note }, 'NotifyComplainant'),
  /**
   * 补充诉求 / 补充材料 — the complainant adds to its open complaint: more detail (`text`), files (`attachments`, by
   * hash), or both; at least one, neither empty.
   */
  SupplementComplaint: SupplementComplaintData,
  /** 一事一评 */
  EvaluateComplaint: withOptional({ rating: RatingCodec }, { comment: Note }, 'EvaluateComplaint'),
  /** 重办 — after an unsatisfied evaluation; to the same lead unless another is named. */
  ReopenComplaint: withOptional({ reason: Reason }, { unit: HandlingUnit }, 'ReopenComplaint'),
  /** Merge this duplicate into a primary case. */
  MergeComplaint: withOptional({ primaryId: Uuid }, { reason: Reason }, 'MergeComplaint'),
  /** 督办 */
  /**
   * 督办, with a note. The deadline scheduler's automatic urging names the deadline missed (`kind`, `deadline`): a missed
   * 报到 (`arrival`) is the summoned departments' that owe it, and the urging names them.
   */
  UrgeComplaint: withOptional({ note: Note }, { kind: text(40, 'DeadlineKind'), deadline: IsoTimestamp }, 'UrgeComplaint'),
  /** A supervision note. */
  AddNote: t.type({ note: Note }, 'AddNote'),
  /**
   * 回访 — the hotline calls the complainant back after the result is notified (at the latest once the
   * result deadline has passed). Reached: the three answers (contacted by the handling unit, solved,
   * satisfaction), or `declined` to answer; not reached: no answers.
   */
  RecordCallback: withOptional(
    { reached: t.boolean },
    { note: Note, contacted: t.boolean, solved: SolvedAnswerCodec, satisfaction: RatingCodec, declined: t.boolean },
    'RecordCallback',
  ),
  /**
   * 转调解 — turns the complaint into a dispute. Category, respondents (at least one) and summary follow
   * the dispute's own rules, so a referral the complaint accepts is one the dispute accepts.
   */
  ReferToMediation: withOptional(
    { disputeCategory: DisputeCategory, respondents: nonEmpty(Person, 'Respondents'), summary: DisputeSummary },
    // `disputeId`: absent, the server derives it from the complaint and the referral; given, it must name no case yet.
    { disputeId: Uuid, reason: Reason },
    'ReferToMediation',
  ),
  /**
   * The conclusion of the dispute this complaint was referred to, recorded back on the complaint (by the referral
   * process, as an admin of the complaint's jurisdiction); the hotline then notifies the complainant as usual.
   */
  RecordMediationOutcome: withOptional({ disputeId: Uuid, outcome: MediationDevelopmentCodec }, { summary: LongText }, 'RecordMediationOutcome'),
  /**
   * The referral could not open its dispute (refused for good: the id was taken, the dispute's rules refused it):
   * recorded back on the complaint by the referral process (an admin of its jurisdiction), with the refusal's code and
   * reason; the case goes back to where it was before the referral.
   */
  RecordReferralFailure: t.type({ disputeId: Uuid, code: text(40, 'RefusalCode'), reason: LongText }, 'RecordReferralFailure'),
  /** 临期预警 / 超期 — recorded by the deadline scheduler (an admin of the case's jurisdiction) because time passed. */
  RecordDeadlineReminder: DeadlineReminderData,
  CloseComplaint: t.partial({ reason: Reason }, 'CloseComplaint'),
  /** 考评申诉 — the handling unit applies to exclude the case from its assessment, with a ground and a reason. */
  ApplyForExclusion: t.type({ ground: ExclusionGroundCodec, reason: Reason }, 'ApplyForExclusion'),
  /** A supervisor approves or rejects the pending 考评申诉, with a reason. */
  DecideExclusion: t.type({ approved: t.boolean, reason: Reason }, 'DecideExclusion'),
  /** Count the case's deadlines again with the calendar now loaded (admin, after a new holiday schedule). */
  RebaseDeadlines: t.type({ reason: Reason }, 'RebaseDeadlines'),
} as const

export type ComplaintCommandType = keyof typeof commandData
export type CommandData<K extends ComplaintCommandType> = t.TypeOf<(typeof commandData)[K]>

export type ComplaintCommand = { [K in ComplaintCommandType]: Command<K, CommandData<K>> }[ComplaintCommandType]
export type RegisterComplaint = Command<'RegisterComplaint', CommandData<'RegisterComplaint'>>

/** Route names (kebab-case, as in HTTP.md) → command types. `RegisterComplaint` is `POST /complaints`. */
export const routes = {
  accept: 'AcceptComplaint',
  reject: 'RejectComplaint',
  dispatch: 'DispatchComplaint',
  acknowledge: 'AcknowledgeComplaint',
  escalate: 'EscalateComplaint',
  'summon-departments': 'SummonDepartments',
  'report-arrival': 'ReportArrival',
  'report-department-part': 'ReportDepartmentPart',
  'rate-department-help': 'RateDepartmentHelp',
  'add-co-handler': 'AddCoHandler',
  'report-co-handling': 'ReportCoHandling',
  'request-extension': 'RequestExtension',
  'approve-extension': 'ApproveExtension',
  'deny-extension': 'DenyExtension',
  'submit-result': 'SubmitResult',
  return: 'ReturnComplaint',
  'notify-complainant': 'NotifyComplainant',
  supplement: 'SupplementComplaint',
  evaluate: 'EvaluateComplaint',
  reopen: 'ReopenComplaint',
  merge: 'MergeComplaint',
  urge: 'UrgeComplaint',
  'add-note': 'AddNote',
  'record-callback': 'RecordCallback',
  'refer-to-mediation': 'ReferToMediation',
  'record-mediation-outcome': 'RecordMediationOutcome',
  'record-referral-failure': 'RecordReferralFailure',
  'record-deadline-reminder': 'RecordDeadlineReminder',
  close: 'CloseComplaint',
  'apply-exclusion': 'ApplyForExclusion',
  'decide-exclusion': 'DecideExclusion',
  'rebase-deadlines': 'RebaseDeadlines',
} as const satisfies Record<string, Exclude<ComplaintCommandType, 'RegisterComplaint'>>
