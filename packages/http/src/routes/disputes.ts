import { DISPUTE_CATEGORIES, DISPUTE_STATUSES, disputeCase, type DisputePolicy, type DisputeState } from '@gridcase/core/dispute'
import { caseCollection, type CaseCollection, type CaseSummary } from '../collection.js'

// `reported` too: a court-entrusted case the centre recorded has its mediation deadline from then (法释〔2016〕14号
// art. 27), as core's overdue list and the scheduler count it; other reported cases have none yet.
const MEDIATING: ReadonlySet<string> = new Set(['reported', 'accepted', 'mediator-assigned', 'session-held', 'transferred'])

/** A dispute's list row: its state, category, where it lies, and the mediation or court deadline still running. */
export const disputeSummary = (state: DisputeState): CaseSummary | undefined => {
  if (state.status === 'none') return undefined
  const running: string[] = []
  if (MEDIATING.has(state.status) && state.mediationDeadline !== undefined) running.push(state.mediationDeadline)
  // A clerk's entrustment the centre has not yet signed for: its receipt deadline.
  if (state.status === 'reported' && state.receiptDeadline !== undefined) running.push(state.receiptDeadline)
  if (state.status === 'confirmation-applied' && state.confirmation !== undefined) running.push(state.confirmation.courtDecisionDeadline)
  if (state.status === 'confirmation-accepted' && state.confirmation?.decideBy !== undefined) running.push(state.confirmation.decideBy)
  if (state.status === 'agreement-reached' && state.agreement?.confirmationDeadline !== undefined) running.push(state.agreement.confirmationDeadline)
  // Refused (不予受理) with some of the 30 days left: the window runs again to their end, as on the dashboard.
  if (state.status === 'confirmation-refused' && state.confirmation?.applyAgainBy !== undefined) running.push(state.confirmation.applyAgainBy)
  return {
    state: state.status,
    ...(state.category === undefined ? {} : { category: state.category }),
    jurisdiction: state.jurisdiction,
    openDeadlines: running,
  }
}

/** 矛盾纠纷 and 三调联动 mediation at `/api/v1/disputes`. */
export const disputes = (policy: Partial<DisputePolicy> = {}): CaseCollection =>
  caseCollection(disputeCase(policy), {
    path: 'disputes',
    summarize: disputeSummary,
    states: DISPUTE_STATUSES.filter((s) => s !== 'none'),
    categories: DISPUTE_CATEGORIES,
  })
