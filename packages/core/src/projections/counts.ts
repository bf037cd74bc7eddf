import { ancestors, levelOf, segments, type Level } from '../access/jurisdiction.js'
import { inPeriod, inPlace, type Scope } from './filter.js'
import { COMPLAINT_STATES, DISPUTE_STATES, timelineAt, type CaseRow, type DashboardState } from './summaries.js'

/** How many cases, by state, by category, and by both. */
export interface Tally {
  total: number
  byState: Record<string, number>
  byCategory: Record<string, number>
  /** `byStateAndCategory[state][category]`. */
  byStateAndCategory: Record<string, Record<string, number>>
}

/** One place in the jurisdiction tree with the cases under it (rolled up from every place below). */
export interface CountsNode {
  readonly jurisdiction: string
  readonly level: Level
  readonly complaint: Tally
  readonly dispute: Tally
}

export interface Counts {
  /** Everything under the filter's jurisdiction. */
  readonly complaint: Tally
  readonly dispute: Tally
  /** The tree below the filter's jurisdiction, `depth` levels deep, in path order. */
  readonly tree: readonly CountsNode[]
}

const tally = (): Tally => ({ total: 0, byState: {}, byCategory: {}, byStateAndCategory: {} })

const add = (t: Tally, state: string, category: string): void => {
  t.total += 1
  t.byState[state] = (t.byState[state] ?? 0) + 1
  t.byCategory[category] = (t.byCategory[category] ?? 0) + 1
  const row = (t.byStateAndCategory[state] ??= {})
  row[category] = (row[category] ?? 0) + 1
}

/** A case's state name as of the scope's time, or undefined if it did not exist yet. */
export const stateAsOf = (summary: CaseRow, asOf: number): string | undefined => {
  const code = timelineAt(summary.states, asOf)
  if (code === undefined) return undefined
  return summary.caseType === 'complaint' ? COMPLAINT_STATES[code] : DISPUTE_STATES[code]
}

/** 案件统计 — cases opened in the period, by type × state × category, rolled up the jurisdiction tree. */
export const counts = (state: DashboardState, scope: Scope): Counts => {
  const totals = { complaint: tally(), dispute: tally() }
  const nodes = new Map<string, CountsNode>()
  const rootDepth = scope.jurisdiction === '' ? 0 : segments(scope.jurisdiction).length
  for (const summary of state.cases.values()) {
    const opened = summary.caseType === 'complaint' ? summary.registeredAt : summary.reportedAt
    if (!inPeriod(scope, opened) || !inPlace(scope, summary.jurisdiction)) continue
    const name = stateAsOf(summary, scope.asOf)
    if (name === undefined) continue
    add(totals[summary.caseType], name, summary.category)
    for (const place of ancestors(summary.jurisdiction)) {
      const depth = segments(place).length
      if (depth < Math.max(rootDepth, 1) || depth > rootDepth + scope.depth) continue
      let node = nodes.get(place)
      if (node === undefined) {
        node = { jurisdiction: place, level: levelOf(place), complaint: tally(), dispute: tally() }
        nodes.set(place, node)
      }
      add(node[summary.caseType], name, summary.category)
    }
  }
  const tree = [...nodes.values()].sort((a, b) => (a.jurisdiction < b.jurisdiction ? -1 : a.jurisdiction > b.jurisdiction ? 1 : 0))
  return { complaint: totals.complaint, dispute: totals.dispute, tree }
}
