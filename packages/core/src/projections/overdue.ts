import { inPlace, type Scope } from './filter.js'
import { COMPLAINT_FINAL, DISPUTE_MEDIATING, timelineAt, type ComplaintRow, type DashboardState, type DisputeRow, type HandlingRound } from './summaries.js'
import { stateAsOf } from './counts.js'

/** One deadline an open case has missed. */
export interface OverdueItem {
  readonly caseType: 'complaint' | 'dispute'
  readonly caseId: string
  readonly jurisdiction: string
  readonly category: string
  /** acknowledge = 签收 not done in time; result = 办结 not done in time; mediation = mediation past its deadline. */
  readonly deadlineKind: 'acknowledge' | 'result' | 'mediation'
  readonly deadline: string
  readonly hoursOverdue: number
  /** The handling unit (complaints). */
  readonly unitId?: string
}

export interface Overdue {
  readonly acknowledge: number
  readonly result: number
  readonly mediation: number
  /** The most overdue first, at most `limit` of them (all of them are counted above). */
  readonly items: readonly OverdueItem[]
  readonly truncated: boolean
}

const HOUR_MS = 3_600_000

/** The round a complaint was in at a time: the last dispatch by then. */
const roundAsOf = (summary: ComplaintRow, asOf: number): HandlingRound | undefined => {
  let found: HandlingRound | undefined
  for (const round of summary.rounds) if (round.at <= asOf) found = round
  return found
}

/** The result deadline in force at a time: the original, or the last extension approved by then. */
export const resultByAsOf = (round: HandlingRound, asOf: number): number => timelineAt(round.resultByChanges ?? [], asOf) ?? round.resultBy

const complaintItems = (summary: ComplaintRow, asOf: number, out: OverdueItem[]): void => {
  const name = stateAsOf(summary, asOf)
  if (name === undefined || COMPLAINT_FINAL.has(name)) return
  const round = roundAsOf(summary, asOf)
  if (round === undefined || (round.returnedAt !== undefined && round.returnedAt <= asOf)) return
  const base = { caseType: 'complaint', caseId: summary.caseId, jurisdiction: summary.jurisdiction, category: summary.category, unitId: round.unitId } as const
  if (!(round.ackAt !== undefined && round.ackAt <= asOf) && round.acknowledgeBy < asOf) {
    out.push({ ...base, deadlineKind: 'acknowledge', deadline: new Date(round.acknowledgeBy).toISOString(), hoursOverdue: (asOf - round.acknowledgeBy) / HOUR_MS })
  }
  const resultBy = resultByAsOf(round, asOf)
  if (!(round.resultAt !== undefined && round.resultAt <= asOf) && resultBy < asOf) {
    out.push({ ...base, deadlineKind: 'result', deadline: new Date(resultBy).toISOString(), hoursOverdue: (asOf - resultBy) / HOUR_MS })
  }
}

const disputeItems = (summary: DisputeRow, asOf: number, out: OverdueItem[]): void => {
  const name = stateAsOf(summary, asOf)
  if (name === undefined || !DISPUTE_MEDIATING.has(name)) return
  const deadline = timelineAt(summary.deadlines ?? [], asOf)
  if (deadline === undefined || deadline >= asOf) return
  out.push({
    caseType: 'dispute',
    caseId: summary.caseId,
    jurisdiction: summary.jurisdiction,
    category: summary.category,
    deadlineKind: 'mediation',
    deadline: new Date(deadline).toISOString(),
    hoursOverdue: (asOf - deadline) / HOUR_MS,
  })
}

/** 超期 — open cases past a deadline as of the scope's time, whenever they were opened. */
export const overdue = (state: DashboardState, scope: Scope, limit = 100): Overdue => {
  const items: OverdueItem[] = []
  for (const summary of state.cases.values()) {
    if (!inPlace(scope, summary.jurisdiction)) continue
    if (summary.caseType === 'complaint') complaintItems(summary, scope.asOf, items)
    else disputeItems(summary, scope.asOf, items)
  }
  const count = (kind: OverdueItem['deadlineKind']) => items.filter((i) => i.deadlineKind === kind).length
  items.sort((a, b) => b.hoursOverdue - a.hoursOverdue || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
  return {
    acknowledge: count('acknowledge'),
    result: count('result'),
    mediation: count('mediation'),
    items: items.slice(0, limit),
    truncated: items.length > limit,
  }
}
