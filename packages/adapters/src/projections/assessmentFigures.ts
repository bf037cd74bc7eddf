import {
  dashboardFromTotals,
  DEADLINE_KINDS,
  DUE_SOON_SHARE,
  OPEN_LATE_KEY,
  type Counts,
  type CountsByKind,
  type DeadlineKind,
  type FactTotal,
  type LateCount,
  type PlaceTotals,
  type Rates,
  type RateWeights,
} from '@gridcase/core/projections'
import { ALIGNED_GRAIN, countSpans, countsInMonths, dayOf, periodSpans, singleBucket, wholeMonths, type KeptGrain, type SignedSpan, type Span } from './periodBuckets.js'

/**
 * 考核 figures of several places over several periods in one read (rankings: a place's children over a period;
 * trends: a place over its months and days): what the ranking and trends routes take from a dashboard, and only that.
 */
export interface FiguresQuery {
  /** The place every other lies under (the route's scope). */
  readonly jurisdiction: string
  /** The places to give figures for, each at or under `jurisdiction`. */
  readonly places: readonly string[]
  /** Also every place one level below `jurisdiction` that the kept counts tree names (a place that has held cases). */
  readonly childrenWithCases?: boolean
  /** Periods of China midnights `[from, to)` (ISO instants). */
  readonly periods: readonly { readonly from: string; readonly to: string }[]
  /** The time overdue and late rounds are counted at (at or after the latest event). */
  readonly asOf: string
  /** The 三率's weights (`GRIDCASE_RATE_WEIGHTS`; default core's `DEFAULT_RATE_WEIGHTS`), as a dashboard read with them. */
  readonly weights?: RateWeights
}

/** A place's figures for a period, as a dashboard of that place and period gives them (`dashboardFromTotals`). */
export interface DashboardFigures {
  readonly counts: Pick<Counts, 'complaint' | 'dispute'>
  readonly rates: Rates
  /** 超期 now under the place, by kind (whatever the period), as the dashboard's `overdue.byKind`. */
  readonly overdue: { readonly byKind: CountsByKind }
}

/** Per place asked (and child found), its figures for each period in the order asked. */
export type FiguresAnswer = ReadonlyMap<string, readonly DashboardFigures[]>

/**
 * The kinds of fact key the figures are made of: the counts (`count␟…`, complaints and disputes taken in) and the rate
 * facts (`rate␟…`, the 三率 and timeliness). A read takes these keys' sums only (not the units', levels', mediation's).
 */
export const FIGURE_KEYS = ['count', 'rate'] as const

/**
 * The kept buckets a read takes: each period's spans, the kept rows its sums are read from (`sums`: its whole years, a
 * year less the months and days it leaves out, a month less its other days: `countSpans`), and per grain the one bucket
 * range covering them all — with, for the periods that are one bucket, the sums of that bucket's facts with a competitor
 * (`day1`, `month2`); and the months and days of the periods' late rounds (`lateRanges`: kept per month and day only).
 */
export interface FiguresPlan {
  readonly spans: readonly (readonly Span[])[]
  readonly sums: readonly (readonly SignedSpan[])[]
  readonly ranges: readonly { readonly grain: KeptGrain; readonly from: number; readonly to: number }[]
  readonly lateRanges: readonly { readonly grain: KeptGrain; readonly from: number; readonly to: number }[]
  /** The deadlines the periods hold: `[from, to)` in ms. */
  readonly from: number
  readonly to: number
  /**
   * The China months `[from, to)` of the periods of several whole months (a quarter, a year: `wholeMonths`, not one
   * bucket), whose facts with a competitor are the kept sums of those of alignment 2 by months (`FiguresRows.apart`).
   */
  readonly apart?: { readonly from: number; readonly to: number }
}

/** The plan, or undefined when a period's ends are not China midnights (the caller reads dashboards one by one). */
export const figuresPlan = (periods: FiguresQuery['periods']): FiguresPlan | undefined => {
  const spans: (readonly Span[])[] = []
  let from = Number.POSITIVE_INFINITY
  let to = Number.NEGATIVE_INFINITY
  for (const p of periods) {
    const f = Date.parse(p.from)
    const t = Date.parse(p.to)
    const s = periodSpans(f, t)
    if (s === undefined) return undefined
    spans.push(s)
    from = Math.min(from, f)
    to = Math.max(to, t)
  }
  const rangeOf = (grain: KeptGrain, of: readonly { readonly from: number; readonly to: number }[]): FiguresPlan['ranges'] =>
    of.length === 0 ? [] : [{ grain, from: Math.min(...of.map((s) => s.from)), to: Math.max(...of.map((s) => s.to)) }]
  const single = spans.flatMap((s) => singleBucket(s) ?? [])
  // A year's evaluation or ranking reads its year's row per key and place, not its twelve months'.
  const sums = spans.map((s) => countSpans(s))
  const ranges = [
    ...(['year', 'month', 'day'] as const).flatMap((grain) => rangeOf(grain, sums.flat().filter((s) => s.grain === grain))),
    ...(['month', 'day'] as const).flatMap((grain) => rangeOf(ALIGNED_GRAIN[grain], single.filter((s) => s.grain === grain))),
  ]
  const lateRanges = (['month', 'day'] as const).flatMap((grain) => rangeOf(grain, spans.flat().filter((s) => s.grain === grain)))
  const months = spans.flatMap((s) => (singleBucket(s) === undefined ? (wholeMonths(s) ?? []) : []))
  return { spans, sums, ranges, lateRanges, from, to, ...(months.length === 0 ? {} : { apart: { from: Math.min(...months.map((m) => m.from)), to: Math.max(...months.map((m) => m.to)) } }) }
}

/** What the read models answer for a plan (the same rows from SQLite and PostgreSQL). */
export interface FiguresRows {
  /** Every place figures are given for: those asked and the children found. */
  readonly places: readonly string[]
  /** The kept period sums of those places in the plan's ranges. */
  readonly periods: readonly { readonly place: string; readonly grain: KeptGrain; readonly bucket: number; readonly key: string; readonly n: number; readonly sum: number }[]
  /** Kept overdue counts at those places (deadlines due before the watermark), per kind. */
  readonly overdueKept: readonly { readonly place: string; readonly kind: DeadlineKind; readonly n: number }[]
  /** Running deadlines under the scope fallen due between the watermark and asOf, per own place and kind. */
  readonly overdueRecent: readonly { readonly jurisdiction: string; readonly kind: DeadlineKind; readonly n: number }[]
  /**
   * Late rounds closed by the watermark (rated running deadlines closed by the latest event's time) at those places, per
   * China month or day of their deadlines (`grain`, `bucket` as the period sums') and kind, in the plan's ranges.
   */
  readonly lateKept: readonly { readonly place: string; readonly grain: KeptGrain; readonly bucket: number; readonly kind: DeadlineKind; readonly n: number }[]
  /**
   * Late rounds closed after the watermark (rated running deadlines past due at asOf, not by the latest event's time) under
   * the scope in the plan's time, per own place, China day and kind.
   */
  readonly late: readonly { readonly jurisdiction: string; readonly day: number; readonly kind: DeadlineKind; readonly n: number }[]
  /**
   * The rate facts with a competitor (the 三率's callbacks and ratings: core's `factCountsIn`) under the scope made in the
   * time of the plan's periods that are not one bucket, one by one (`alignedReads`): each such period counts those its own
   * bounds admit. A period that is one bucket takes them from its kept sums (`day1`, `month2`), never from these.
   */
  readonly bounded: readonly BoundedRow[]
  /**
   * The kept sums of the rate facts of alignment 2 by (place, month, key, the competitors' months) of those places made
   * in the plan's `apart` months (none without them): each period of several whole months takes the rows `countsInMonths`
   * admits, and no fact one by one.
   */
  readonly apart: readonly ApartRow[]
}

/** A kept sum of the facts of alignment 2 of a place, key and months (`since` / `until`: NO_SINCE_MONTH / NO_UNTIL_MONTH for none). */
export interface ApartRow {
  readonly place: string
  readonly month: number
  readonly key: string
  readonly since: number
  readonly until: number
  readonly n: number
  readonly sum: number
}

/** A fact with a competitor as a read model keeps it (`since` / `until`: null for none). */
export interface BoundedRow {
  readonly jurisdiction: string
  readonly key: string
  readonly at: number
  readonly value: number
  readonly since: number | null
  readonly until: number | null
}

/** A period's totals from its kept sums and those of its facts with a competitor (`boundedTotals`), added per key and place. */
export const withBounded = (sums: PlaceTotals, bounded: PlaceTotals): PlaceTotals => {
  const merge = (a: readonly FactTotal[], b: readonly FactTotal[]): FactTotal[] => {
    const out = new Map<string, FactTotal>()
    for (const r of [...a, ...b]) {
      const id = `${r.jurisdiction}\u001e${r.key}`
      const known = out.get(id)
      out.set(id, known === undefined ? r : { key: r.key, jurisdiction: r.jurisdiction, n: known.n + r.n, sum: known.sum + r.sum })
    }
    return [...out.values()].filter((r) => r.n !== 0)
  }
  return { scope: merge(sums.scope, bounded.scope), tree: merge(sums.tree, bounded.tree) }
}

const within = (place: string, jurisdiction: string): boolean => place === '' || jurisdiction === place || jurisdiction.startsWith(`${place}/`)

const noOverdue = (byKind: CountsByKind) => ({
  acknowledge: byKind.acknowledge,
  result: byKind.result,
  mediation: byKind.mediation,
  byKind,
  items: [],
  truncated: false,
  dueSoon: { share: DUE_SOON_SHARE, byKind: Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as CountsByKind, items: [], truncated: false },
})

/**
 * Each place's figures for each period from the rows, through the dashboard's own arithmetic (`dashboardFromTotals`:
 * the counts and the 三率 are not computed a second way here). The sums of a period are its spans' kept buckets, as a
 * dashboard of that period reads them; its late rounds are the rated deadlines due in it.
 */
export const figuresOf = (query: FiguresQuery, plan: FiguresPlan, rows: FiguresRows, lastAt: string | undefined): FiguresAnswer => {
  const buckets = new Map<string, FactTotal[]>()
  for (const r of rows.periods) {
    const id = `${r.place}\u001e${r.grain}\u001e${r.bucket}`
    const list = buckets.get(id) ?? []
    list.push({ key: r.key, jurisdiction: r.place, n: r.n, sum: r.sum })
    buckets.set(id, list)
  }
  const answer = new Map<string, DashboardFigures[]>()
  for (const place of rows.places) {
    const byKind = Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as Record<DeadlineKind, number>
    for (const r of rows.overdueKept) if (r.place === place) byKind[r.kind] += r.n
    for (const r of rows.overdueRecent) if (within(place, r.jurisdiction)) byKind[r.kind] += r.n
    const overdue = noOverdue(byKind)
    const lateHere = rows.late.filter((r) => within(place, r.jurisdiction))
    const lateKeptHere = rows.lateKept.filter((r) => r.place === place)
    const boundedHere = rows.bounded.filter((r) => within(place, r.jurisdiction))
    const apartHere = rows.apart.filter((r) => r.place === place)
    answer.set(
      place,
      query.periods.map((period, i) => {
        const scope = new Map<string, FactTotal>()
        // A period that is one bucket: the callbacks and ratings that count in it (those of its alignment made in it) are
        // that bucket's sums of them, and none is taken one by one (the rows may hold them for another period).
        const single = singleBucket(plan.spans[i])
        // Its kept rows added or taken off (`countSpans`: exact, every kept n and sum being a whole number), as a dashboard
        // of the period reads them.
        const spans: readonly { readonly grain: KeptGrain; readonly from: number; readonly to: number; readonly sign: 1 | -1 }[] =
          single === undefined ? (plan.sums[i] ?? []) : [{ ...single, sign: 1 }, { ...single, grain: ALIGNED_GRAIN[single.grain], sign: 1 }]
        for (const span of spans) {
          for (let bucket = span.from; bucket < span.to; bucket += 1) {
            for (const r of buckets.get(`${place}\u001e${span.grain}\u001e${bucket}`) ?? []) {
              const known = scope.get(r.key)
              scope.set(r.key, { key: r.key, jurisdiction: place, n: (known?.n ?? 0) + span.sign * r.n, sum: (known?.sum ?? 0) + span.sign * r.sum })
            }
          }
        }
        // Several whole months: those that count in it are the sums of those of alignment 2 its months admit (see
        // `countsInMonths`), and none is taken one by one (the rows may hold them for another period).
        const months = single === undefined ? wholeMonths(plan.spans[i]) : undefined
        for (const r of months === undefined ? [] : apartHere) {
          if (months === undefined || !countsInMonths(r, months.from, months.to)) continue
          const known = scope.get(r.key)
          scope.set(r.key, { key: r.key, jurisdiction: place, n: (known?.n ?? 0) + r.n, sum: (known?.sum ?? 0) + r.sum })
        }
        // The callbacks and ratings that count in any other period (a case's once: the latest made in it).
        const from = Date.parse(period.from)
        const to = Date.parse(period.to)
        for (const r of single === undefined && months === undefined ? boundedHere : []) {
          // As core's `factCountsIn`, without a fact object per row and period (trends ask dozens of periods).
          if (r.at < from || r.at >= to || (r.since !== null && r.since >= from) || (r.until !== null && r.until < to)) continue
          const known = scope.get(r.key)
          scope.set(r.key, { key: r.key, jurisdiction: place, n: (known?.n ?? 0) + 1, sum: (known?.sum ?? 0) + r.value })
        }
        const fromDay = dayOf(Date.parse(period.from))
        const toDay = dayOf(Date.parse(period.to))
        // The late rounds of the period: the kept counts of its months and days, and those closed since the watermark.
        const inSpans = (r: FiguresRows['lateKept'][number]): boolean => (plan.spans[i] ?? []).some((span) => span.grain === r.grain && r.bucket >= span.from && r.bucket < span.to)
        const openLate: LateCount[] = [...lateKeptHere.filter(inSpans), ...lateHere.filter((r) => r.day >= fromDay && r.day < toDay)].map((r) => ({
          key: OPEN_LATE_KEY[r.kind as keyof typeof OPEN_LATE_KEY],
          n: r.n,
        }))
        const view = dashboardFromTotals({
          filter: { jurisdiction: place, from: period.from, to: period.to, asOf: query.asOf, depth: 0 },
          position: -1,
          lastAt,
          // A key whose facts all left the period (n back to 0) is not there, as in a dashboard of the period.
          totals: { scope: [...scope.values()].filter((r) => r.n !== 0), tree: [] },
          units: new Map(),
          overdue,
          overdueByUnit: new Map(),
          openLate,
          exclusions: [],
          ...(query.weights === undefined ? {} : { weights: query.weights }),
        })
        return { counts: { complaint: view.counts.complaint, dispute: view.counts.dispute }, rates: view.rates, overdue: { byKind: view.overdue.byKind } }
      }),
    )
  }
  return answer
}
