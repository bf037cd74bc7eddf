import type { RecordedEvent } from '../kernel/envelope.js'
import { dashboardProjection } from './dashboard.js'
import { DUE_SOON_SHARE, runningAt, standingOf, type Standing } from './overdue.js'
import { replay } from './projection.js'
import type { DeadlineKind } from './summaries.js'

/** A deadline running on a case at a time, where it stands (临期 / 超期), all instants in epoch ms. */
export type CaseDeadline = Standing & {
  readonly kind: DeadlineKind
  readonly deadline: number
  /** When its time started running (the start of its 临期 window): its setting, an extension's, a re-base's first count. */
  readonly from: number
}

/**
 * The deadlines running on one case at `at`, from its events (its own stream, oldest first), as the dashboard's overdue
 * and due-soon lists see them (the same fold, `runningAt`, and the same rule, `standingOf`): what a handler opening the
 * case is told.
 */
export const caseDeadlinesAt = (events: readonly RecordedEvent[], at: number, share: number = DUE_SOON_SHARE): CaseDeadline[] => {
  const first = events[0]
  if (first === undefined) return []
  const row = replay(dashboardProjection, events).cases.get(first.streamId)
  return row === undefined ? [] : runningAt(row, at).map((r) => ({ kind: r.kind, deadline: r.deadline, from: r.from, ...standingOf(r, at, share) }))
}
