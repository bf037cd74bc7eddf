import * as E from 'fp-ts/lib/Either.js'
import { isBefore } from '../calendar/dates.js'
import { changeOf, stampOf, type DeadlineChange } from '../calendar/stamp.js'
import type { DomainError } from '../kernel/errors.js'
import type { RebaseDisputeDeadlines } from './commands.js'
import type { DisputeEvent } from './events.js'
import { mediationCalendarOf, type DisputePolicy } from './policy.js'
import type { DisputeDeadlineKind, DisputeState, DisputeStatus } from './state.js'

// Where each deadline still runs, as the decider's steps that meet it allow them (decide.ts): a mediation is under way
// (ExtendMediation's states, and `reported` for a court's entrustment the centre recorded itself, whose 30 days run from
// the record); the parties may still apply for 司法确认 (ApplyForConfirmation's, the agreement not
// confirmed); the court has yet to accept (RecordCourtAcceptance's) or to decide (RecordConfirmation's).
const MEDIATING: ReadonlySet<DisputeStatus> = new Set<DisputeStatus>(['reported', 'accepted', 'mediator-assigned', 'session-held', 'transferred'])
const CONFIRMING: ReadonlySet<DisputeStatus> = new Set<DisputeStatus>(['agreement-reached', 'confirmation-refused', 'fulfilment-recorded'])

/**
 * The deadlines a dispute carries now and that still run, by kind: one met or ended (the mediation concluded, the
 * parties applied, the court answered) is history, not counted again (found in review: loading the 2027 schedule re-based
 * the mediation deadline of a mediation that had ended in an agreement, writing an event that moved nothing real).
 */
const current = (state: DisputeState): Readonly<Record<DisputeDeadlineKind, string | undefined>> => ({
  mediation: MEDIATING.has(state.status) ? state.mediationDeadline : undefined,
  confirmation: CONFIRMING.has(state.status) && state.confirmation?.outcome !== 'confirmed' ? state.agreement?.confirmationDeadline : undefined,
  'court-accept': state.status === 'confirmation-applied' ? state.confirmation?.courtDecisionDeadline : undefined,
  'court-decide': state.status === 'confirmation-accepted' ? state.confirmation?.decideBy : undefined,
  // A clerk's entrustment awaiting the centre's answer (accepted or declined, it has none).
  receipt: state.status === 'reported' ? state.receiptDeadline : undefined,
  // The parties' 2 years to apply for enforcement, while they may still apply: confirmed, or recorded as not performed in
  // full (none, partial) — not once they have applied, not after an agreement performed in full (nothing left to enforce:
  // applyForEnforcement refuses it), and not once the case moved on past it.
  enforcement: state.status === 'confirmed' || (state.status === 'fulfilment-recorded' && state.fulfilment !== 'full') ? state.confirmation?.enforcementBy : undefined,
})

/**
 * 重新计算期限: count each calendar-counted deadline again, as it was first counted (and extended), with the
 * calendar now loaded; record old and new, and how it is counted now. Nothing changes (neither a date nor a count's
 * calendar, version or provisional mark) → nothing is written. History is never rewritten.
 */
export const rebaseDeadlines = (command: RebaseDisputeDeadlines, state: DisputeState, policy: DisputePolicy): E.Either<DomainError, readonly DisputeEvent[]> => {
  const now = current(state)
  // Each kind with the calendar that first counted it: the mediation's working days are the mediation calendar's
  // (DisputePolicy.mediationCalendar); everything else, the receipt's working days included, is `calendar`'s.
  const calendarFor = (kind: DisputeDeadlineKind) => (unit: string) => (kind === 'mediation' && unit === 'working-days' ? mediationCalendarOf(policy) : policy.calendar)
  // One that moved, or whose count was provisional or made with another version and now stands on the same day
  // (confirmed, `previous` = `deadline`: found in review, the case kept showing it provisional for good).
  const changes: DeadlineChange[] = (Object.keys(now) as DisputeDeadlineKind[]).flatMap((kind) => {
    const change = changeOf(kind, now[kind], state.counted?.[kind], calendarFor(kind))
    return change === undefined ? [] : [change]
  })
  if (changes.length === 0) return E.right([])
  const last = changes.map((c) => c.deadline).reduce((a, b) => (isBefore(a, b) ? b : a))
  return E.right([{ type: 'DisputeDeadlinesRebased', data: { reason: command.data.reason, calendar: stampOf(policy.calendar, command.meta.at, last), changes } }])
}
