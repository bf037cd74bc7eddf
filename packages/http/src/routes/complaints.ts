import { COMPLAINT_FINAL_STATUSES, COMPLAINT_STATUSES, complaintCase, type ComplaintConfig, type ComplaintState } from '@gridcase/core/complaint'
import { inHours, type CalendarStamp } from '@gridcase/core/calendar'
import { caseCollection, type CaseCollection, type CaseSummary } from '../collection.js'

const RUNNING_RESULT: ReadonlySet<string> = new Set(['dispatched', 'acknowledged', 'escalated', 'departments-summoned'])

/**
 * A complaint's list row: its state, category, where it lies, and the deadlines still running — those the dashboard's
 * overdue list sees (core's `runningDeadlines`, every kind; DOMAIN.md "Time"), read here from the case's state: held to
 * that list on random histories by tests/support/caseListOverdueChecks.ts.
 */
export const complaintSummary = (state: ComplaintState): CaseSummary | undefined => {
  if (state.status === 'none') return undefined
  const running: string[] = []
  // Those counted in hours as their stamps say (`hours`: an instant at 23:59:59 China time, not a day's end — the stamp
  // in force, the last of a chain: an extension counts days), as the dashboard's clocks keep them.
  const hours: string[] = []
  const counted = state.counted
  const run = (deadline: string, stamp: CalendarStamp | readonly CalendarStamp[] | undefined): void => {
    running.push(deadline)
    if (inHours(stamp) === true) hours.push(deadline)
  }
  if (state.status === 'registered' && state.acceptBy !== undefined) run(state.acceptBy, counted?.accept)
  if (state.status === 'dispatched' && state.acknowledgedAt === undefined && state.acknowledgeBy !== undefined) run(state.acknowledgeBy, counted?.acknowledge)
  if (RUNNING_RESULT.has(state.status) && state.result === undefined && state.resultBy !== undefined) run(state.resultBy, counted?.result)
  // Back from a failed referral made before dispatch under 信访 (`accepted`, `returned`, no unit): the handling deadline
  // counted from acceptance runs on until a dispatch, as on the dashboard.
  if ((state.status === 'accepted' || state.status === 'returned') && state.lead === undefined && state.resultBy !== undefined) run(state.resultBy, counted?.result)
  // 派单时限: the dispatcher's, while the case waits for a dispatch (accepted, or back after a 退单), as on the dashboard.
  if ((state.status === 'accepted' || state.status === 'returned') && state.dispatchBy !== undefined) run(state.dispatchBy, counted?.dispatch)
  // Referred to mediation (诉调对接, 访调对接): the case waits on its dispute and stays on the overdue list (DOMAIN.md
  // "Dashboards") — the round's deadlines, or, referred before dispatch under 信访, the handling deadline from acceptance.
  if (state.status === 'referred-to-mediation') {
    if (state.lead !== undefined && state.acknowledgedAt === undefined && state.acknowledgeBy !== undefined) run(state.acknowledgeBy, counted?.acknowledge)
    if (state.resultBy !== undefined) run(state.resultBy, counted?.result)
  }
  // 报到 (街道吹哨、部门报到): each summoned department's, until it reports, as on the dashboard (an `arrival` clock) — whatever
  // the case's state short of final: a result, a referral or a 上报 does not answer a department's 报到; a 退单 or 重办
  // ends the round and its summons (the decider's new round has none).
  if (!COMPLAINT_FINAL_STATUSES.includes(state.status)) for (const x of state.summoned) if (x.arrivedAt === undefined && x.reportBy !== undefined) run(x.reportBy, x.counted)
  return { state: state.status, category: state.category, jurisdiction: state.jurisdiction, openDeadlines: running, ...(hours.length === 0 ? {} : { countedInHours: hours }) }
}

/** 诉求 at `/api/v1/complaints`. */
export const complaints = (config: ComplaintConfig = {}): CaseCollection => {
  // Merge's check of its primary is the case type's, run by core's pipeline.
  // `?state=` takes the lifecycle's states; `?category=` any name: the configured list may have dropped a category
  // that older cases still carry, and they are still to be found by it.
  return caseCollection(complaintCase(config), { path: 'complaints', summarize: complaintSummary, states: COMPLAINT_STATUSES })
}
