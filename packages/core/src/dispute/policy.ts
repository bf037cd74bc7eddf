import type { Role, Track } from '../kernel/actor.js'
import type { Permission } from '../access/permissions.js'
import { chineseWorkdays, naturalDays, type Calendar } from '../calendar/calendar.js'
import { addStatutoryDays, addStatutoryYears, addWorkingDays, localDate } from '../calendar/dates.js'
import { countDays, type Counted } from '../calendar/stamp.js'
import type { DisputeCommandType, DisputeSource, DisputeStage, FiledCaseProcedure } from './commands.js'
import { emptyCommitteeRegistry, type CommitteeRegistry } from './committees.js'

/** What an integrator may tune; the statutory windows below are not configurable. */
export interface DisputePolicy {
  /**
   * Days a mediation normally takes from acceptance (default 30, DOMAIN.md; 人民调解工作若干规定 art. 33: "人民调解委员会
   * 调解纠纷，一般在一个月内调结" — one month, normally). Also the 30 days of 委派调解 (法释〔2016〕14号 art. 27 as cited:
   * see ENTRUSTED_IN_FILED_CASE_DAYS). Not 委托调解's: a dispute the court entrusts in a filed case has its own 15 days (7 under 简易程序).
   */
  readonly mediationDays: number
  /**
   * The holidays of every statutory period (民事诉讼法 art. 85): the 司法确认 window, the court's 3 and 15
   * days, the mediation month. Default: `chineseWorkdays`; a server passes the one with its loaded schedules.
   */
  readonly calendar: Calendar
  /** When given, the mediation days are counted as working days of this calendar instead of as a statutory period. */
  readonly mediationCalendar?: Calendar
  /** The mediation committees and centres (调解委员会, 矛调中心) disputes are routed to, with their mediators (default: none). */
  readonly committees: CommitteeRegistry
  /**
   * 诉前委派 by a court clerk: how long the centre has to sign for (签收) the court's materials — accept or decline the
   * entrustment — counted from the entrustment, in `working-days` or `statutory-days` of `calendar`. The 30 days of
   * 委派调解 run only from that receipt (法释〔2016〕14号 art. 27), so until then this is the clock that keeps an
   * unreceived entrustment on the overdue lists. Practice, not statute: 法释〔2016〕14号 sets no time to sign for the
   * materials, and the courts' 诉调对接 rules looked at (2026-12) set none either; default 3 working days
   * (ENTRUSTMENT_RECEIPT), to be set to the local arrangement.
   */
  readonly entrustmentReceipt: Counted
}

/** Default of `entrustmentReceipt`: 3 working days, a local-practice figure (see DisputePolicy). */
export const ENTRUSTMENT_RECEIPT: Counted = { days: 3, unit: 'working-days' }

/**
 * `GRIDCASE_ENTRUSTMENT_RECEIPT`, the deployment's setting of `entrustmentReceipt`: `<n>wd` (working days) or `<n>d`
 * (statutory days), n from 1 to 60 — e.g. `3wd`, the default. The error says what was expected.
 */
export const parseEntrustmentReceipt = (raw: string): { readonly counted: Counted } | { readonly error: string } => {
  const m = /^\s*([1-9][0-9]?)\s*(wd|d)\s*$/.exec(raw)
  const days = m === null ? 0 : Number(m[1])
  if (m === null || days > 60) return { error: `expected <n>wd (working days) or <n>d (statutory days), n from 1 to 60 (e.g. 3wd), got '${raw}'` }
  return { counted: { days, unit: m[2] === 'wd' ? 'working-days' : 'statutory-days' } }
}

export const defaultDisputePolicy: DisputePolicy = { mediationDays: 30, calendar: chineseWorkdays, committees: emptyCommitteeRegistry, entrustmentReceipt: ENTRUSTMENT_RECEIPT }

/** By when the centre should sign for a clerk's entrustment made at `at` (the policy's `entrustmentReceipt`). */
export const entrustmentReceiptDeadline = (at: string, policy: DisputePolicy): string => countDays(at, policy.entrustmentReceipt, policy.calendar)

/**
 * 人民调解法 art. 33, 民事诉讼法 art. 205 (2023 numbering; art. 201 in the 2021 text, 194 in 2017): joint application within 30
 * days of the agreement taking effect.
 */
export const CONFIRMATION_WINDOW_DAYS = 30
/**
 * Agreements that may go to 司法确认: people's mediation (人民调解法 art. 33) and administrative mediation
 * of a civil dispute (民事诉讼法 art. 205 "依法设立的调解组织", 2023 numbering; 最高人民法院 法发〔2009〕45号 art. 20).
 * A judicial-track agreement becomes the court's own 调解书 and needs no confirmation.
 */
export const CONFIRMABLE_TRACKS: readonly Track[] = ['people', 'administrative']
/**
 * May an agreement reached on `track` in a dispute from `source` (at `stage`) go to 司法确认? The one rule `isCourtsOwn`
 * (court.ts) reads too.
 * - 诉前委派 (`court-entrusted`, stage absent or `pre-filing`), whatever its track: mediation before the court files a case
 *   (立案前) ends in a mediation agreement, not the court's 调解书 — even the court's own 特邀调解员 on the judicial track
 *   make none — and the parties apply to the entrusting court (法释〔2011〕5号 art. 2 ¶2: "人民法院在立案前委派人民调解委员会
 *   调解并达成调解协议，当事人申请司法确认的，由委派的人民法院管辖"; 民事诉讼法 art. 205 (1), 2023 numbering: "人民法院邀请调解组织
 *   开展先行调解的，向作出邀请的人民法院提出").
 * - 委托调解 (`court-entrusted`, stage `filed`), whatever its track: the case is before the court already; its agreement
 *   ends in the court's 调解书 (法释〔2016〕14号 art. 28: "委托调解达成调解协议的…人民法院依法审查后制作调解书"; 民事诉讼法
 *   art. 100), not in 司法确认, which those provisions give only to mediation before filing.
 * - Otherwise, on a confirmable track (CONFIRMABLE_TRACKS).
 */
export const mayBeConfirmed = (track: Track, dispute: { readonly source?: DisputeSource | undefined; readonly stage?: DisputeStage | undefined }): boolean =>
  dispute.source === 'court-entrusted' ? dispute.stage !== 'filed' : CONFIRMABLE_TRACKS.includes(track)
/**
 * The stage a court's case number (案号) says, where it says one: 最高人民法院关于人民法院案件案号的若干规定 (法〔2015〕137号, as
 * amended) — 案号 = （year）court code + type code + number + 号; a 诉前调解 case's type is 民诉前调 (before filing), a filed
 * civil case's 民初 (first instance), 民终 (second), 民再 (retrial). Any other number (another type, or free text) says nothing:
 * the report's `stage` stands alone.
 */
export const stageOfCaseNumber = (caseNumber: string): DisputeStage | undefined =>
  caseNumber.includes('诉前调') ? 'pre-filing' : /民[初终再]\s*\d/.test(caseNumber) ? 'filed' : undefined
/**
 * 法释〔2011〕5号 art. 4: the court decides within 3 days whether to accept the application. Still in force where the
 * 民事诉讼法解释 (2022) arts. 351–360 say nothing else: they set no time to accept or decide, and these fit within the 30 days
 * the 民事诉讼法 gives a special-procedure case (特别程序: 立案之日起三十日内审结).
 */
export const COURT_DECISION_DAYS = 3
/** 法释〔2011〕5号 art. 5: the court decides within 15 days of accepting whether to confirm … */
export const COURT_REVIEW_DAYS = 15
/** … extendable once, by 10 days, when there is special cause. */
export const COURT_REVIEW_EXTENSION_DAYS = 10

// The mediation centre's officers (矛调中心) handle disputes as a street office does, across the centre's place.
const officers: readonly Role[] = ['community-worker', 'street-officer', 'centre-officer']

/** Who may open a case from each source (admin always may). */
export const SOURCE_ROLES: Readonly<Record<DisputeSource, readonly Role[]>> = {
  'party-application': ['resident', 'grid-worker', 'hotline-operator', 'mediator', ...officers],
  screening: ['grid-worker', 'community-worker'],
  // Not department officers: no department holds a new dispute, and `authorize` refuses them there.
  referral: ['hotline-operator', 'grid-worker', 'supervisor', ...officers],
  // 诉前委派: the court (its clerk, with the case number) entrusts it; or the centre records a court's entrustment (an
  // officer, or a mediator of any track: the court entrusts mostly to people's mediation committees; decide.ts `report`).
  'court-entrusted': ['court-clerk', 'mediator', ...officers],
}

const may = (command: string, roles: readonly Role[], exclusive?: true): Permission => (exclusive === undefined ? { command, roles } : { command, roles, exclusive })

/** Who may issue each command on an existing case; `authorize` adds the jurisdiction, track and ownership checks. */
export const PERMISSIONS: Readonly<Record<Exclude<DisputeCommandType, 'ReportDispute'>, Permission>> = {
  // 受理 / 不予受理 is the mediation organisation's decision (人民调解法 art. 17: "当事人可以向人民调解委员会申请调解；人民调解委员会
  // 也可以主动调解。当事人一方明确拒绝调解的，不得调解" — the committee takes an application, or does not mediate; art. 18: a
  // court or the police that meets a dispute fit for it "可以在受理前告知当事人向人民调解委员会申请调解" — others pass it on, the
  // committee takes it) — the centre, or the street or community that holds the committee — not the 12345 operator's: it
  // registers the dispute (SOURCE_ROLES) and grades its risk (GradeRisk), as art. 18's court or police passes a dispute
  // on; the centre or committee decides (DOMAIN.md "Dispute": intake routes it to a committee).
  AcceptDispute: may('accept', officers),
  DeclineDispute: may('decline', officers),
  AssignMediator: may('assign-mediator', officers),
  // DOMAIN.md: a street officer or the mediation centre (admin) moves a case to another mediator, with a reason.
  ReassignMediator: may('reassign', ['street-officer', 'centre-officer']),
  RecordSession: may('record-session', ['mediator']),
  RecordAgreement: may('record-agreement', ['mediator']),
  RecordFailure: may('record-failure', ['mediator']),
  TransferDispute: may('transfer', ['mediator', ...officers]),
  ReferToLitigation: may('refer-to-litigation', ['mediator', ...officers]),
  ExtendMediation: may('extend-mediation', ['mediator', ...officers]),
  // The consenting party themself, or — as for the application below — the assigned mediator or the centre's, street's or
  // community's staff, only with the consent the party signed (its attachment hash; 法释〔2011〕5号 art. 3, decide.ts): both
  // parties apply together (人民调解法 art. 33, "双方当事人…共同向人民法院申请"), so whoever may record one party's application
  // may record the other's consent, and the centre completes a joint application without a mediator.
  ConsentToConfirmation: may('consent-confirmation', ['resident', 'mediator', ...officers]),
  ApplyForConfirmation: may('apply-confirmation', ['resident', 'mediator', ...officers]),
  // The court's decisions are recorded only by a court clerk (法院), with the court's case number — not by an admin
  // either (DOMAIN.md "Jurisdiction and actors": "recorded only by a court-clerk"; 法释〔2011〕5号 arts. 4–5).
  RecordCourtAcceptance: may('record-court-acceptance', ['court-clerk'], true),
  ExtendCourtReview: may('extend-court-review', ['court-clerk'], true),
  RecordConfirmation: may('record-confirmation', ['court-clerk'], true),
  ApplyForEnforcement: may('apply-enforcement', ['resident', 'mediator', ...officers]),
  RecordFulfilment: may('record-fulfilment', ['mediator', 'grid-worker', ...officers]),
  RecordFollowUp: may('record-follow-up', ['mediator', 'grid-worker', ...officers]),
  CloseDispute: may('close', ['mediator', ...officers]),
  // 风险研判: whoever takes the dispute in (grid, community, street, centre, hotline) or mediates it sees the risk change.
  GradeRisk: may('grade-risk', ['grid-worker', 'hotline-operator', 'mediator', ...officers]),
  // 分流: the centre routes to its committees; a street or community to the people's committee that covers the place.
  RouteToCommittee: may('route', officers),
  // 提交材料: a party files its own documents (decide checks it is one of the parties); the handling roles attach
  // theirs with their own commands.
  SubmitDocuments: may('submit-documents', ['resident']),
  // Only an admin (who may do anything): it follows a new holiday schedule, not the handling of the case.
  RebaseDeadlines: may('rebase-deadlines', []),
  // Only an admin: the deadline scheduler records reminders as an admin of the case's jurisdiction.
  RecordDeadlineReminder: may('record-deadline-reminder', []),
}

/** The track a command is checked against when it is not the case's own (none today: the court acts through its clerk). */
export const TRACK_OF_COMMAND: Partial<Record<DisputeCommandType, Track>> = {}

/**
 * 委托调解: the mediation period of a dispute the court entrusts in a case it has filed (`court-entrusted`, `stage: filed`):
 * 15 days, 7 when the case is tried under 简易程序 (`procedure: simplified`, SIMPLIFIED_ENTRUSTED_DAYS).
 * Source: 最高人民法院关于人民法院特邀调解的规定 (法释〔2016〕14号), the article on the mediation periods; this project cites it
 * as art. 27, a number recalled and NOT verified. What was checked (2026-12-07), against secondary sources only — no
 * official text of the regulation could be read: a court's own 诉讼服务 guide (ynqfy.gxcourt.gov.cn) and a Q&A page that
 * restates the regulation give 委托调解 15 days under 普通程序 and 7 under 简易程序; other courts' 诉讼服务 guides give
 * 诉前调解 (委派调解) 30 days and mediation in the course of the suit 15, longer when both parties agree. Not checked: the article's number, its wording, whether the 7 days are the regulation's own
 * or the courts' practice, and that the periods run from the day the 特邀调解组织 or 特邀调解员 signs for the materials
 * the court hands over (counted so here, as the project has done). To be checked against the official text.
 * A statutory period, counted as the others (民事诉讼法 art. 85; 民法典 arts. 201, 203): the day of receipt not counted,
 * ending 24:00 China time, a last day on a holiday or weekend moving to the next working day — in statutory days of
 * `calendar` whatever `mediationCalendar` says (that tunes the people's mediation month, not this). Not configurable.
 */
export const ENTRUSTED_IN_FILED_CASE_DAYS = 15
/** 委托调解 in a case tried under 简易程序 (`procedure: simplified`): 7 days, counted as the 15 are (ENTRUSTED_IN_FILED_CASE_DAYS). */
export const SIMPLIFIED_ENTRUSTED_DAYS = 7

/** The court entrusted mediation in a case it has filed (委托调解), not before filing (委派调解). */
export const isEntrustedInFiledCase = (dispute: { readonly source?: DisputeSource | undefined; readonly stage?: DisputeStage | undefined }): boolean =>
  dispute.source === 'court-entrusted' && dispute.stage === 'filed'

/**
 * How a dispute's mediation days are counted (its period, and any extension of it): 委托调解's statutory days of
 * `calendar` (ENTRUSTED_IN_FILED_CASE_DAYS, SIMPLIFIED_ENTRUSTED_DAYS under 简易程序); otherwise statutory days, or working
 * days of `mediationCalendar` when the policy gives one. `days`: the period's (`mediationDays`, or the 15 or 7 of 委托调解),
 * or an extension's.
 */
export const mediationCountOf = (
  policy: DisputePolicy,
  dispute: { readonly source?: DisputeSource | undefined; readonly stage?: DisputeStage | undefined; readonly procedure?: FiledCaseProcedure | undefined } = {},
  days?: number,
): { readonly counted: Counted; readonly calendar: Calendar } =>
  isEntrustedInFiledCase(dispute)
    ? { counted: { days: days ?? (dispute.procedure === 'simplified' ? SIMPLIFIED_ENTRUSTED_DAYS : ENTRUSTED_IN_FILED_CASE_DAYS), unit: 'statutory-days' }, calendar: policy.calendar }
    : policy.mediationCalendar === undefined
      ? { counted: { days: days ?? policy.mediationDays, unit: 'statutory-days' }, calendar: policy.calendar }
      : { counted: { days: days ?? policy.mediationDays, unit: 'working-days' }, calendar: policy.mediationCalendar }

/**
 * When the mediation should be concluded, counted from `from` (acceptance, a receipt, or a transfer): a statutory
 * period (民法典 art. 203: a last day on a holiday moves to the next working day), or working days when
 * the policy says so; 15 statutory days for 委托调解 (ENTRUSTED_IN_FILED_CASE_DAYS), 7 under 简易程序 (SIMPLIFIED_ENTRUSTED_DAYS).
 */
export const mediationDeadline = (from: string, policy: DisputePolicy, dispute: Parameters<typeof mediationCountOf>[1] = {}): string => {
  const { counted, calendar } = mediationCountOf(policy, dispute)
  return countDays(from, counted, calendar)
}

/** The deadline moved by an extension the parties agreed to, counted the same way as the dispute's period. */
export const extendedDeadline = (previous: string, days: number, policy: DisputePolicy, dispute: Parameters<typeof mediationCountOf>[1] = {}): string => {
  const { counted, calendar } = mediationCountOf(policy, dispute, days)
  return countDays(previous, counted, calendar)
}

/** The calendar that counts the mediation days (working days; 委托调解's statutory days are `calendar`'s: mediationCountOf). */
export const mediationCalendarOf = (policy: DisputePolicy): Calendar => policy.mediationCalendar ?? policy.calendar

/**
 * The instant a party acted on a day it gives with a record made later (an application's `filedOn`, a consent's
 * `signedOn`): that day at noon China time. The decider judges the 30 days by it (decide.ts, `actedAt`), and the
 * dashboard stops the window there (projections/fold.ts), so both read the same day the same way.
 */
export const partyActedAt = (day: string): string => `${day}T12:00:00+08:00`

/**
 * The last moment to apply for 司法确认: 30 days after the day the agreement took effect (人民调解法
 * art. 33), that day not counted, ending 24:00 China time — on the next working day when day 30 is a
 * holiday or weekend (民事诉讼法 art. 85).
 */
export const confirmationDeadline = (effectiveOn: string, calendar: Calendar): string =>
  addStatutoryDays(`${effectiveOn}T12:00:00+08:00`, CONFIRMATION_WINDOW_DAYS, calendar)

/** When the court must have decided whether to accept an application made at `at` (3 days, art. 85). */
export const courtDecisionDeadline = (at: string, calendar: Calendar): string => addStatutoryDays(at, COURT_DECISION_DAYS, calendar)

/** When the court must have decided whether to confirm, after accepting at `at` (15 days, art. 85). */
export const courtReviewDeadline = (at: string, calendar: Calendar): string => addStatutoryDays(at, COURT_REVIEW_DAYS, calendar)

/**
 * The review deadline after its one extension of 10 days (法释〔2011〕5号 art. 5: "可以延长十日"), counted from the deadline
 * it extends: when day 15 fell on a holiday, 民法典 art. 203 makes the first working day after it "期间的最后一日", so the ten
 * days run on from that day (accepted Thu 2026-04-16: day 15 is Fri 5-01, 劳动节 → Wed 5-06; + 10 = Sat 5-16 → Mon 5-18),
 * not 25 days from the acceptance (→ Mon 5-11).
 */
export const extendedReviewDeadline = (previous: string, calendar: Calendar): string => addStatutoryDays(previous, COURT_REVIEW_EXTENSION_DAYS, calendar)

/**
 * 申请执行的期间: 民事诉讼法 art. 250 (2023 numbering; 239 in the 2017 text) — "申请执行的期间为二年", counted
 * "从法律文书规定履行期间的最后一日起计算；法律文书规定分期履行的，从最后一期履行期限届满之日起计算；法律文书未规定履行期间的，
 * 从法律文书生效之日起计算"; suspended and interrupted as a limitation period is (诉讼时效中止、中断), which the system does
 * not see.
 */
export const ENFORCEMENT_WINDOW_YEARS = 2

/**
 * Until when a party may apply for enforcement of an agreement the court confirmed at `confirmedAt`: two years
 * (ENFORCEMENT_WINDOW_YEARS) from the agreement's performance deadline (`performBy`, the last instalment's), or — with
 * none, or one already past when the court confirmed it — from the confirmation: there is nothing to enforce before the
 * ruling, so the period cannot run from an earlier day. The ruling takes effect once served on the parties (送达), which
 * the system does not record; the day the clerk records it is the earliest that can be, so the end given is the earliest
 * the window can close — a reminder never tells the parties they have longer than they do. Counted by year per 民法典
 * arts. 200–203 (`addStatutoryYears`: the start day not counted, the corresponding day, past a holiday, to 24:00).
 */
export const enforcementWindow = (
  confirmedAt: string,
  performBy: string | undefined,
  calendar: Calendar,
): { readonly from: string; readonly enforcementBy: string } => {
  const from = performBy !== undefined && performBy > localDate(confirmedAt) ? `${performBy}T12:00:00+08:00` : confirmedAt
  return { from, enforcementBy: addStatutoryYears(from, ENFORCEMENT_WINDOW_YEARS, calendar) }
}

/**
 * How far after the agreement took effect a performance deadline may lie: 30 years. Not a rule of law — a guard against a
 * slip of the keyboard (2062 for 2026), which would otherwise stand on the case as the start of a 2-year window.
 */
export const PERFORM_BY_MAX_YEARS = 30

/** Why a performance deadline cannot stand on an agreement effective on `effective` (at `path`), or none. */
export const performByProblem = (performBy: string | undefined, effective: string, path: string): { readonly path: string; readonly message: string } | undefined => {
  if (performBy === undefined) return undefined
  if (performBy < effective) return { path, message: `expected a date no earlier than ${effective}, the day the agreement took effect` }
  const latest = addStatutoryYears(`${effective}T12:00:00+08:00`, PERFORM_BY_MAX_YEARS, naturalDays).slice(0, 10)
  if (performBy > latest) return { path, message: `expected a date no later than ${latest}, ${PERFORM_BY_MAX_YEARS} years after the agreement took effect` }
  return undefined
}

/** Has the (end-of-day) deadline passed at instant `at`? Compared by China local date, so day N is open to its last millisecond. */
export const isPast = (deadline: string, at: string): boolean => localDate(at) > localDate(deadline)

/**
 * The day an agreement took effect (人民调解法 art. 29–30): a written one when the last of the
 * parties and the mediator signed, an oral one on the day it was reached.
 */
export const effectiveOn = (
  agreement: {
    readonly form: 'written' | 'oral'
    readonly reachedOn?: string
    readonly signatures?: readonly { readonly signedOn: string }[]
    readonly mediatorSignedOn?: string
  },
  at: string,
): string => {
  if (agreement.form === 'oral') return agreement.reachedOn ?? localDate(at)
  const dates = [...(agreement.signatures ?? []).map((s) => s.signedOn), ...(agreement.mediatorSignedOn === undefined ? [] : [agreement.mediatorSignedOn])]
  return dates.reduce((latest, d) => (d > latest ? d : latest), '0000-00-00')
}
