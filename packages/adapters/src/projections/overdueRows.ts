import { DEADLINE_KINDS, DUE_SOON_SHARE, type CountsByKind, type DeadlineKind, type Overdue, type OverdueItem } from '@gridcase/core/projections'
import { dayOf, monthOfDay, type Grain, type Span } from './periodBuckets.js'

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

/** A kept count of late rounds (`dashboard_late`): at a place, in a China month or day of their deadlines, of a kind and unit ('' for none). */
export interface LateMove {
  readonly grain: Grain
  readonly place: string
  readonly bucket: number
  readonly kind: string
  readonly unit: string
  n: number
}

/**
 * The late rounds' kept counts a batch moves (SQLite and PostgreSQL alike): each rated running deadline that joins or
 * leaves the overdue counts (closed by the watermark) joins or leaves, at the same place, the count of its deadline's
 * China month and that of its China day. A period of China midnights takes its whole months' and days' counts.
 */
export const lateCounts = (): {
  move(place: string, deadline: number, kind: string, unitId: string | null, sign: 1 | -1): void
  /** The counts moved by other than 0. */
  moved(): LateMove[]
  clear(): void
} => {
  const deltas = new Map<string, LateMove>()
  const add = (grain: Grain, place: string, bucket: number, kind: string, unit: string, sign: 1 | -1): void => {
    const id = `${grain}\u001e${place}\u001e${bucket}\u001e${kind}\u001e${unit}`
    const d = deltas.get(id) ?? { grain, place, bucket, kind, unit, n: 0 }
    d.n += sign
    deltas.set(id, d)
  }
  return {
    move: (place, deadline, kind, unitId, sign) => {
      const day = dayOf(deadline)
      add('day', place, day, kind, unitId ?? '', sign)
      add('month', place, monthOfDay(day), kind, unitId ?? '', sign)
    },
    moved: () => [...deltas.values()].filter((d) => d.n !== 0),
    clear: () => deltas.clear(),
  }
}

/**
 * How a period's late rounds are read (`periodParts`): the kept counts of its whole months and days (`spans`: their rounds
 * closed by the watermark), its rounds in `middle` (the time those spans cover) closed after the watermark one by one
 * (in (watermark, asOf]), and every round of the parts of a day at either end (`edges`) one by one. A period of China
 * midnights has no edges. Before, a period with edges (a year from 10:00 on 1 January) read all its rounds one by one:
 * 2.8 ms of that read at 100k cases. Undefined for a period that is no time (NaN ends): read one by one as a whole.
 */
export const lateParts = (
  parts: { readonly spans: readonly Span[]; readonly middle: { readonly from: number | undefined; readonly to: number | undefined }; readonly edges: readonly { readonly from: number; readonly to: number }[] } | undefined,
): { readonly spans: readonly Span[]; readonly middle: { readonly from: number; readonly to: number }; readonly edges: readonly { readonly from: number; readonly to: number }[] } | undefined =>
  parts === undefined
    ? undefined
    : { spans: parts.spans, middle: { from: parts.middle.from ?? Number.NEGATIVE_INFINITY, to: parts.middle.to ?? Number.POSITIVE_INFINITY }, edges: parts.edges }

/**
 * The deadlines a read of late rounds one by one walks (the SQLite dashboard and figures; PostgreSQL's statements keep
 * both bounds of each, its index scan taking the tightest at run time): those in `range` that fell before
 * `asOf`, and, for the rounds closed since the watermark (`watermark` given), none falling more than a second before it
 * (a deadline closes within CLOSES_WITHIN_MS of it, so one exactly a second before closes at the watermark at the latest:
 * the read still asks that it closed after the watermark; overdueRows.test.ts). One lower
 * and one upper bound, worked out here: given both the period's start and the watermark's bound (and both the period's
 * end and asOf), SQLite walked the index from the first it was given, the period's start — a year's evaluation read the
 * year's 9,056 late rounds at 100k cases (0.8 ms) to count the one closed since the watermark.
 */
export const lateRange = (
  range: { readonly from: number; readonly to: number },
  asOf: number,
  watermark?: number,
): { readonly from: number; readonly to: number } => ({
  from: watermark === undefined ? range.from : Math.max(range.from, watermark - CLOSES_WITHIN_MS),
  to: Math.min(range.to, asOf),
})
