import { streetOf } from '@gridcase/core/dispute'
import type { RiskFigures } from '@gridcase/core/projections'

/** A row of a dashboard's risk table: an open dispute graded high, since when (ms). */
export interface HighRiskRow {
  readonly case_id: string
  readonly jurisdiction: string
  readonly category: string
  readonly since: number
}

/**
 * 风险等级 as the dashboard shows it, from what the SQLite and PostgreSQL risk tables answer: the open disputes per
 * grade, and the high ones (queried with one row more than `items`, so `truncated` says whether there were more).
 */
export const riskFiguresOf = (grades: readonly { readonly grade: string; readonly n: number | string }[], high: readonly HighRiskRow[], items: number): RiskFigures => {
  const count = (grade: string): number => Number(grades.find((r) => r.grade === grade)?.n ?? 0)
  return {
    byGrade: { low: count('low'), medium: count('medium'), high: count('high') },
    highOpen: count('high'),
    items: high.slice(0, items).map((r) => ({
      caseId: r.case_id,
      jurisdiction: r.jurisdiction,
      category: r.category,
      since: new Date(r.since).toISOString(),
      escalatedTo: streetOf(r.jurisdiction),
    })),
    truncated: high.length > items,
  }
}
