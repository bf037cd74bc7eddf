import type { Role, Track } from '../kernel/actor.js'
import type { Permission } from '../access/permissions.js'
import { naturalDays, type Calendar } from '../calendar/calendar.js'
import { addLocalDays, addNaturalDays, addWorkingDays, endOfLocalDay, localDate } from '../calendar/dates.js'
import type { DisputeCommandType, DisputeSource } from './commands.js'

/** What an integrator may tune; the statutory windows below are not configurable. */
export interface DisputePolicy {
  /** Days a mediation normally takes from acceptance (人民调解: one month). */
  readonly mediationDays: number
  /** How those days are counted: natural days by default, or a working-day calendar. */
  readonly mediationCalendar: Calendar
}

export const defaultDisputePolicy: DisputePolicy = { mediationDays: 30, mediationCalendar: naturalDays }

/** 人民调解法 art. 33, 民事诉讼法 art. 201: joint application within 30 days of the agreement taking effect. */
export const CONFIRMATION_WINDOW_DAYS = 30
/**
 * Agreements that may go to 司法确认: people's mediation (人民调解法 art. 33) and administrative mediation
 * of a civil dispute (民事诉讼法 art. 201 "依法设立的调解组织"; 最高人民法院 法发〔2009〕45号 art. 20).
 * A judicial-track agreement becomes the court's own 调解书 and needs no confirmation.
 */
export const CONFIRMABLE_TRACKS: readonly Track[] = ['people', 'administrative']
/** 法释〔2011〕5号 art. 4: the court decides within 3 days whether to accept the application. */
export const COURT_DECISION_DAYS = 3

const officers: readonly Role[] = ['community-worker', 'street-officer']

/** Who may open a case from each source (admin always may). */
export const SOURCE_ROLES: Readonly<Record<DisputeSource, readonly Role[]>> = {
  'party-application': ['resident', 'grid-worker', 'hotline-operator', 'mediator', ...officers],
  screening: ['grid-worker', 'community-worker'],
  // Not department officers: no department holds a new dispute, and `authorize` refuses them there.
  referral: ['hotline-operator', 'grid-worker', 'supervisor', ...officers],
  'court-entrusted': ['mediator', ...officers],
}

const may = (command: string, roles: readonly Role[]): Permission => ({ command, roles })

/** Who may issue each command on an existing case; `authorize` adds the jurisdiction, track and ownership checks. */
export const PERMISSIONS: Readonly<Record<Exclude<DisputeCommandType, 'ReportDispute'>, Permission>> = {
  AcceptDispute: may('accept', ['hotline-operator', ...officers]),
  DeclineDispute: may('decline', ['hotline-operator', ...officers]),
  AssignMediator: may('assign-mediator', officers),
  RecordSession: may('record-session', ['mediator']),
  RecordAgreement: may('record-agreement', ['mediator']),
  RecordFailure: may('record-failure', ['mediator']),
  TransferDispute: may('transfer', ['mediator', ...officers]),
  ReferToLitigation: may('refer-to-litigation', ['mediator', ...officers]),
  ExtendMediation: may('extend-mediation', ['mediator', ...officers]),
  ConsentToConfirmation: may('consent-confirmation', ['resident', 'mediator', ...officers]),
  ApplyForConfirmation: may('apply-confirmation', ['resident', 'mediator', ...officers]),
  // The court's decision: recorded court-side (a judicial-track mediator) or by the centre's officers.
  RecordConfirmation: may('record-confirmation', ['mediator', ...officers]),
  RecordFulfilment: may('record-fulfilment', ['mediator', 'grid-worker', ...officers]),
  RecordFollowUp: may('record-follow-up', ['mediator', 'grid-worker', ...officers]),
  CloseDispute: may('close', ['mediator', ...officers]),
}

/** The track a command is checked against when it is not the case's own (the court's decision is judicial). */
export const TRACK_OF_COMMAND: Partial<Record<DisputeCommandType, Track>> = { RecordConfirmation: 'judicial' }

/** When the mediation should be concluded, counted from `from` (acceptance, or a transfer). */
export const mediationDeadline = (from: string, policy: DisputePolicy): string =>
  addWorkingDays(from, policy.mediationDays, policy.mediationCalendar)

/** The deadline moved by an extension the parties agreed to, counted the same way. */
export const extendedDeadline = (previous: string, days: number, policy: DisputePolicy): string =>
  addWorkingDays(previous, days, policy.mediationCalendar)

/** The last moment to apply for 司法确认: end of the 30th natural day after the agreement took effect. */
export const confirmationDeadline = (effectiveOn: string): string => endOfLocalDay(addLocalDays(effectiveOn, CONFIRMATION_WINDOW_DAYS))

/** When the court must have decided whether to accept an application made at `at`. */
export const courtDecisionDeadline = (at: string): string => addNaturalDays(at, COURT_DECISION_DAYS)

/** Has the (end-of-day) deadline passed at instant `at`? Compared by China local date, so day N is open to its last millisecond. */
export const isPast = (deadline: string, at: string): boolean => localDate(at) > localDate(deadline)

/**
 * The day an agreement took effect (人民调解法 art. 29–30): a written one when the last of the
 * parties and the mediator signed, an oral one on the day it was reached.
 */
export const effectiveOn = (
  agreement: { readonly form: 'written' | 'oral'; readonly signatures?: readonly { readonly signedOn: string }[]; readonly mediatorSignedOn?: string },
  at: string,
): string => {
  if (agreement.form === 'oral') return localDate(at)
  const dates = [...(agreement.signatures ?? []).map((s) => s.signedOn), ...(agreement.mediatorSignedOn === undefined ? [] : [agreement.mediatorSignedOn])]
  return dates.reduce((latest, d) => (d > latest ? d : latest), '0000-00-00')
}
