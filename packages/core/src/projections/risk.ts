import { RISK_GRADES, type RiskGrade } from '../dispute/commands.js'
import { streetOf } from '../dispute/centre.js'
import { inPlace, type Scope } from './filter.js'
import { DISPUTE_STATES, type DashboardState, type DisputeRow } from './summaries.js'

/** One open high-risk dispute on the dashboard: where, what, since when, and the street it was escalated to. No personal data. */
export interface HighRiskItem {
  readonly caseId: string
  readonly jurisdiction: string
  readonly category: string
  /** When it was graded high (the first of an unbroken run of high grades). */
  readonly since: string
  readonly escalatedTo: string
}

/**
 * 风险等级 on the dashboard: open disputes (not closed) by their grade now, and the high-risk ones listed, longest
 * high first (≤ 100, `truncated` beyond) — as of the dashboard's time, under its place; the period does not apply
 * (an open risk is open whenever it was graded).
 */
export interface RiskFigures {
  readonly byGrade: Readonly<Record<RiskGrade, number>>
  readonly highOpen: number
  readonly items: readonly HighRiskItem[]
  readonly truncated: boolean
}

const CLOSED = DISPUTE_STATES.indexOf('closed')
const ITEMS = 100

/**
 * A dispute's grade as of `asOf` and since when it has been so (epoch ms), or undefined when it was never graded or is
 * closed by then. The one rule the in-memory view and the SQLite read model share.
 */
export const currentRisk = (row: DisputeRow, asOf = Number.POSITIVE_INFINITY): { readonly grade: RiskGrade; readonly since: number } | undefined => {
  for (let i = 0; i < row.states.length; i += 2) {
    if (row.states[i + 1] === CLOSED && (row.states[i] ?? Number.POSITIVE_INFINITY) <= asOf) return undefined
  }
  const risks = row.risks ?? []
  let found: { grade: RiskGrade; since: number } | undefined
  for (let i = 0; i < risks.length; i += 2) {
    const at = risks[i] ?? Number.POSITIVE_INFINITY
    const grade = RISK_GRADES[risks[i + 1] ?? -1]
    if (at > asOf || grade === undefined) continue
    found = found?.grade === grade ? found : { grade, since: at }
  }
  return found
}

/** The risk figures of the dashboard state for a scope (pure; what the SQLite read model answers from its table). */
export const riskFigures = (state: DashboardState, scope: Scope, items: number = ITEMS): RiskFigures => {
  const byGrade: Record<RiskGrade, number> = { low: 0, medium: 0, high: 0 }
  const high: (HighRiskItem & { readonly sinceMs: number })[] = []
  for (const row of state.cases.values()) {
    if (row.caseType !== 'dispute' || !inPlace(scope, row.jurisdiction)) continue
    const risk = currentRisk(row, scope.asOf)
    if (risk === undefined) continue
    byGrade[risk.grade] += 1
    if (risk.grade === 'high') {
      high.push({ caseId: row.caseId, jurisdiction: row.jurisdiction, category: row.category, since: new Date(risk.since).toISOString(), escalatedTo: streetOf(row.jurisdiction), sinceMs: risk.since })
    }
  }
  high.sort((a, b) => a.sinceMs - b.sinceMs || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
  return {
    byGrade,
    highOpen: byGrade.high,
    items: high.slice(0, items).map(({ sinceMs: _, ...item }) => item),
    truncated: high.length > items,
  }
}

export const noRisk: RiskFigures = { byGrade: { low: 0, medium: 0, high: 0 }, highOpen: 0, items: [], truncated: false }
