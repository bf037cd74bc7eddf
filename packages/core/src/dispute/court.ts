import * as E from 'fp-ts/lib/Either.js'
import { localDate, withinDeadline } from '../calendar/dates.js'
import { stampOf } from '../calendar/stamp.js'
import { deadlinePassed, invalidTransition, validationError, type DomainError } from '../kernel/errors.js'
import type { AttachmentRef } from '../attachments/refs.js'
import type { ApplyForEnforcement, ExtendCourtReview, RecordConfirmation, RecordCourtAcceptance } from './commands.js'
import type { DisputeEvent } from './events.js'
import {
  COURT_REVIEW_DAYS,
  COURT_REVIEW_EXTENSION_DAYS,
  courtReviewDeadline,
  enforcementWindow,
  ENFORCEMENT_WINDOW_YEARS,
  extendedReviewDeadline,
  isPast,
  mayBeConfirmed,
  partyActedAt,
  type DisputePolicy,
} from './policy.js'
import type { DisputeState } from './state.js'

// The court's steps of 司法确认 (法释〔2011〕5号 arts. 4–5, 7): accept or refuse within 3 days, then confirm
// or reject within 15 days of accepting, extendable once by 10. A court clerk records each decision with the
// court's case number. A decision recorded after its deadline is still the court's decision: it is recorded,
// marked late (`onTime: false`), and the case showed as overdue until then.

type Decision = E.Either<DomainError, readonly DisputeEvent[]>

// The court's deadlines are periods of days (3, 15, +10): each runs to 24:00 China time of its last day (`withinDeadline`).
const onTime = withinDeadline

/**
 * Why a case number (案号) cannot be the court's for this application, recorded at `at`, or none. 最高人民法院《关于人民法院
 * 案件案号的若干规定》(法〔2015〕137号) arts. 3–4: it begins with the year the court received the case (收案年度, the calendar
 * year) — for 司法确认 no earlier than the year the agreement took effect (nothing to apply for before), and no later than
 * the China year of the day the decision is recorded (a number from a year still to come is a slip of the keyboard).
 */
const caseNumberYearProblem = (caseNumber: string, state: DisputeState, at: string): DomainError | undefined => {
  const year = /^[(（](\d{4})/.exec(caseNumber)?.[1]
  if (year === undefined) return undefined
  const latest = localDate(at).slice(0, 4)
  const earliest = state.agreement?.effectiveOn.slice(0, 4)
  const problem =
    year > latest
      ? `expected the year the court received the application (收案年度), not later than ${latest}, the year this is recorded`
      : earliest !== undefined && year < earliest
        ? `expected the year the court received the application (收案年度), not earlier than ${earliest}, the year the agreement took effect`
        : undefined
  return problem === undefined ? undefined : validationError([{ path: 'caseNumber', message: problem }])
}

/** 受理 | 不予受理, within 3 days of the application. */
export const recordCourtAcceptance = (command: RecordCourtAcceptance, state: DisputeState, policy: DisputePolicy): Decision => {
  const application = state.confirmation
  if (application === undefined) return E.left(invalidTransition(state.status, command.type, 'no application on the case'))
  const { decision, caseNumber, reason } = command.data
  const { at } = command.meta
  const wrongYear = caseNumberYearProblem(caseNumber, state, at)
  if (wrongYear !== undefined) return E.left(wrongYear)
  const timing = { deadline: application.courtDecisionDeadline, onTime: onTime(application.courtDecisionDeadline, at) }
  if (decision === 'refused') {
    if (reason === undefined) return E.left(validationError([{ path: 'reason', message: 'is required when the court refuses the application' }]))
    // The window left to apply again in (day 30 is whole, to 24:00: isPast by China date, as the application's check).
    const window = state.agreement?.confirmationDeadline
    const left = window === undefined || isPast(window, at) ? {} : { applyAgainBy: window }
    return E.right([{ type: 'JudicialConfirmationRefused', data: { court: application.court, caseNumber, reason, ...timing, ...left, refusedOn: localDate(at) } }])
  }
  const decideBy = courtReviewDeadline(at, policy.calendar)
  return E.right([
    { type: 'JudicialConfirmationAccepted', data: { court: application.court, caseNumber, decideBy, ...timing, calendar: stampOf(policy.calendar, at, decideBy, { days: COURT_REVIEW_DAYS, unit: 'statutory-days' }) } },
  ])
}

/** The one extension of the court's 15 days, by 10, asked for before they run out. */
export const extendCourtReview = (command: ExtendCourtReview, state: DisputeState, policy: DisputePolicy): Decision => {
  const previous = state.confirmation?.decideBy
  if (previous === undefined) return E.left(invalidTransition(state.status, command.type, 'the court has not accepted an application'))
  if (state.confirmation?.reviewExtended === true) return E.left(invalidTransition(state.status, command.type, 'the review has already been extended once'))
  if (!withinDeadline(previous, command.meta.at)) return E.left(deadlinePassed(previous, `the court's review deadline ${previous} has passed; it can no longer be extended`))
  const decideBy = extendedReviewDeadline(previous, policy.calendar)
  return E.right([
    {
      type: 'JudicialConfirmationReviewExtended',
      data: {
        previousDeadline: previous,
        decideBy,
        days: COURT_REVIEW_EXTENSION_DAYS,
        reason: command.data.reason,
        // The court's decision in the case it accepted, under that case's number (DOMAIN.md: each decision carries it).
        ...(state.confirmation?.caseNumber === undefined ? {} : { caseNumber: state.confirmation.caseNumber }),
        calendar: stampOf(policy.calendar, previous, decideBy, { days: COURT_REVIEW_EXTENSION_DAYS, unit: 'statutory-days' }, true),
      },
    },
  ])
}

/**
 * 确认有效 | 驳回申请, within the review deadline. A confirmation names the end of the parties' 2 years to apply for
 * enforcement (民事诉讼法 art. 250: `enforcementWindow`), and how it was counted.
 */
export const recordConfirmation = (command: RecordConfirmation, state: DisputeState, policy: DisputePolicy): Decision => {
  const application = state.confirmation
  if (application?.decideBy === undefined) return E.left(invalidTransition(state.status, command.type, 'the court has not accepted an application'))
  const { outcome, reason, ruling, caseNumber, attachments } = command.data
  if (application.caseNumber !== undefined && caseNumber !== application.caseNumber) {
    return E.left(validationError([{ path: 'caseNumber', message: `expected ${application.caseNumber}, the case number the court accepted it under` }]))
  }
  // Accepted before the acceptance carried its number: the ruling's number is held to the years as an acceptance's is.
  const wrongYear = application.caseNumber === undefined ? caseNumberYearProblem(caseNumber, state, command.meta.at) : undefined
  if (wrongYear !== undefined) return E.left(wrongYear)
  const timing = { caseNumber, deadline: application.decideBy, onTime: onTime(application.decideBy, command.meta.at), ...(attachments === undefined ? {} : { attachments }) }
  if (outcome === 'confirmed') {
    const { at } = command.meta
    const { from, enforcementBy } = enforcementWindow(at, state.agreement?.performBy, policy.calendar)
    const calendar = stampOf(policy.calendar, from, enforcementBy, { days: ENFORCEMENT_WINDOW_YEARS, unit: 'statutory-years' })
    return E.right([{ type: 'JudicialConfirmationGranted', data: { court: application.court, ...(ruling === undefined ? {} : { ruling }), ...timing, enforcementBy, calendar } }])
  }
  if (reason === undefined) return E.left(validationError([{ path: 'reason', message: 'is required when the court rejects the application' }]))
  return E.right([{ type: 'JudicialConfirmationRejected', data: { court: application.court, reason, ...(ruling === undefined ? {} : { ruling }), ...timing } }])
}

/**
 * Is the case's agreement the court's own 调解书 — one of judicial mediation (司法调解) in a case before the court? A
 * judicial-track agreement that cannot go to 司法确认 (`mayBeConfirmed`, the one rule): judicial mediation, and 委托调解 in
 * a case the court filed (stage `filed`); not a 诉前委派 (before filing), made enforceable only by 司法确认 (法释〔2011〕5号
 * art. 2 ¶2). Another track's agreement in a filed case becomes the court's 调解书 only when the court makes one from it
 * (法释〔2016〕14号 art. 28), which is not recorded: it is not taken for the court's own.
 */
export const isCourtsOwn = (state: Pick<DisputeState, 'agreement' | 'source' | 'stage'>): boolean =>
  state.agreement?.track === 'judicial' && !mayBeConfirmed('judicial', state)

/**
 * 申请强制执行: only for a confirmed agreement recorded as not fulfilled in full. 人民调解法 art. 33 ¶2 and 民事诉讼法
 * art. 206 (2023 numbering; art. 202 in the 2021 text): "一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请
 * 强制执行" — refused (`none`) or performed in part (`partial`) alike; one fulfilled in full has nothing left to enforce.
 * After the 2 years (民事诉讼法 art. 250) it is recorded all the same, marked `afterLimitation`: the court still accepts
 * a late application, and rules not to enforce only when the respondent objects and the objection holds (民事诉讼法解释
 * art. 481 of the 2022 text: its content checked, its number as commonly cited, not against the official text) — the
 * court decides, not the mediation centre. The window's last day is whole, to 24:00 China time (isPast).
 */
export const enforceable = (command: Pick<ApplyForEnforcement, 'type'>, state: DisputeState): DomainError | undefined => {
  // An agreement of judicial mediation (司法调解) is the court's own 调解书: enforceable as it stands, without 司法确认
  // (民事诉讼法 art. 247, 2023 numbering, 236 in the 2017 text: "调解书和其他应当由人民法院执行的法律文书，当事人必须履行。一方拒绝履行的，对方当事人可以向人民法院申请执行"). Its application names no confirmation's number or window.
  const courtsOwn = isCourtsOwn(state)
  if (state.confirmation?.outcome !== 'confirmed' && !courtsOwn) {
    return invalidTransition(state.status, command.type, 'only a judicially confirmed agreement, or one of judicial mediation (调解书), can be enforced')
  }
  if (state.fulfilment !== 'none' && state.fulfilment !== 'partial') {
    return invalidTransition(state.status, command.type, `the agreement was fulfilled (${state.fulfilment ?? 'not recorded'})`)
  }
  return undefined
}

/**
 * The application, once `enforceable` and its party found (decide.ts): `applicant` the party that applied, `filedOn` the
 * China date the court received it, `recordedBy` who recorded it for the party (staff), `attachments` what was attached
 * (staff: the scan of the application it was recorded from; a resident: whatever it attached).
 * `afterLimitation` is the filing's (the party applied then, whenever it is recorded): filed on the window's last day
 * it is on time, to 24:00 China time of that day.
 */
export const applyForEnforcement = (
  command: ApplyForEnforcement,
  state: DisputeState,
  application: { readonly applicant: string; readonly filedOn: string; readonly recordedBy?: string; readonly attachments?: readonly AttachmentRef[] },
): Decision => {
  const refused = enforceable(command, state)
  if (refused !== undefined) return E.left(refused)
  const { court, note } = command.data
  const courtsOwn = isCourtsOwn(state)
  const { caseNumber, enforcementBy } = courtsOwn ? {} : (state.confirmation ?? {})
  return E.right([
    {
      type: 'EnforcementApplied',
      data: {
        court,
        applicant: application.applicant,
        filedOn: application.filedOn,
        ...(note === undefined ? {} : { note }),
        ...(application.recordedBy === undefined ? {} : { recordedBy: application.recordedBy }),
        ...(application.attachments === undefined ? {} : { attachments: [...application.attachments] }),
        ...(caseNumber === undefined ? {} : { caseNumber }),
        ...(enforcementBy === undefined ? {} : { enforcementBy, afterLimitation: isPast(enforcementBy, partyActedAt(application.filedOn)) }),
      },
    },
  ])
}
