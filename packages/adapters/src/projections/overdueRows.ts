import { DEADLINE_KINDS, DUE_SOON_SHARE, type CountsByKind, type DeadlineKind, type Overdue, type OverdueItem } from '@gridcase/core/projections'

const HOUR_MS = 3_600_000

/**
 * A deadline closes (is past due from) at most this long after the instant it falls (core's `deadlineClosesMs`: a day
 * deadline, written 23:59:59+08:00, at 24:00 China time; any other 1 ms after it). A read asking which deadlines closed
 * in a span asks for those falling in the span moved back by this, so that it stays a range on the deadline's index.
 */
export const CLOSES_WITHIN_MS = 1000

/** A running deadline as the SQLite and PostgreSQL dashboards' deadline tables answer it (their `columns`). */
export interface DeadlineRow {
  readonly kind: DeadlineKind
  readonly deadline: number
  readonly case_type: 'complaint' | 'dispute'
  readonly case_id: string
  readonly jurisdiction: string
  readonly category: string
  readonly unit_id: string | null
}

/** Deadlines past due, counted per kind and unit (no unit: '' kept, null read). */
export interface LateCountRow {
  readonly kind: DeadlineKind
  readonly unit_id: string | null
  readonly n: number
}

/** One item of the overdue or due-soon list, as of `asOf` (ms). */
export const overdueItemOf = (r: DeadlineRow, asOf: number): OverdueItem => ({
  caseType: r.case_type,
  caseId: r.case_id,
  jurisdiction: r.jurisdiction,
  category: r.category,
  deadlineKind: r.kind,
  deadline: new Date(r.deadline).toISOString(),
  hoursOverdue: (asOf - r.deadline) / HOUR_MS,
  ...(r.unit_id === null ? {} : { unitId: r.unit_id }),
})

/**
 * 超期 and 临期 as the dashboard shows them, from what the SQLite and PostgreSQL deadline tables answer: the late counts
 * per kind and per unit, and the late and due-soon lists (each queried with one row more than `items`, so `truncated`
 * says whether there were more). `share` is the share of their time left the due-soon rows were queried with (the
 * filter's `dueSoon`, default DUE_SOON_SHARE), named in the body as core's `overdue` names it.
 */
export const overdueFiguresOf = (
  counted: readonly LateCountRow[],
  late: readonly DeadlineRow[],
  soon: { readonly byKind: CountsByKind; readonly rows: readonly DeadlineRow[] },
  asOf: number,
  items: number,
  share: number = DUE_SOON_SHARE,
): { readonly overdue: Overdue; readonly overdueByUnit: Map<string, Record<DeadlineKind, number>> } => {
  const lateByKind = Object.fromEntries(DEADLINE_KINDS.map((k) => [k, counted.filter((r) => r.kind === k).reduce((sum, r) => sum + r.n, 0)])) as CountsByKind
  const overdueByUnit = new Map<string, Record<DeadlineKind, number>>()
  for (const r of counted) {
    if (r.unit_id === null || r.n === 0) continue
    const counts = overdueByUnit.get(r.unit_id) ?? (Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as Record<DeadlineKind, number>)
    counts[r.kind] += r.n
    overdueByUnit.set(r.unit_id, counts)
  }
  const item = (r: DeadlineRow): OverdueItem => overdueItemOf(r, asOf)
  return {
    overdue: {
      acknowledge: lateByKind.acknowledge,
      result: lateByKind.result,
      mediation: lateByKind.mediation,
      byKind: lateByKind,
      items: late.slice(0, items).map(item),
      truncated: late.length > items,
      dueSoon: { share, byKind: soon.byKind, items: soon.rows.slice(0, items).map(item), truncated: soon.rows.length > items },
    },
    overdueByUnit,
  }
}
