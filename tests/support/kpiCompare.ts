// What tests/kpi-oracle*.test.ts compare: a dashboard body (from a replay, a read model or HTTP) put in the oracle's
// shape (tests/support/kpiOracle.ts), and random histories and filters over the sample logs' generator.
import type { RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import type { DashboardFilter, DashboardView } from '@gridcase/core/projections'
import fc from 'fast-check'
import { casesAsOf, runningDeadlines, type OracleFigures, type OverdueLine } from './kpiOracle.js'
import { sampleDrafts } from './sampleLog.js'

/** A sample log with the assessment's harder cases (merges, referrals, exclusions while open, …), cut at `keep`. */
export const assessmentLog = (h: History): RecordedEvent[] => {
  const whole = sealLog(sampleDrafts({ cases: h.cases, seed: h.seed, spacingMinutes: h.spacingMinutes, gridWork: true, riskGrades: true, committees: true, dayDeadlines: h.dayDeadlines, assessment: true, afterSummons: h.afterSummons === true, coHandling: h.coHandling === true, rebases: h.rebases === true }))
  return whole.slice(0, Math.ceil(whole.length * h.keep))
}

export interface History {
  readonly cases: number
  readonly seed: number
  readonly spacingMinutes: number
  readonly dayDeadlines: boolean
  /** The share of the log kept (a log as it stood then: cases still open). */
  readonly keep: number
  /** Summoning rounds returned (退单) or referred to mediation after the summons (sampleLog's `afterSummons`); absent: off. */
  readonly afterSummons?: boolean
  /** Co-handling departments (协办), denied extensions, 补充 and notes (sampleLog's `coHandling`); absent: off. */
  readonly coHandling?: boolean
  /** Deadlines re-based when a holiday notice loads (sampleLog's `rebases`); absent: off. */
  readonly rebases?: boolean
}

/**
 * `histories` with re-bases (sampleLog's `rebases`: result, 报到 and mediation deadlines moved a day either way, or
 * confirmed, every 15 days), with or without the summoning rounds' and co-handling's harder cases.
 */
export const rebaseHistories = (maxCases = 60): fc.Arbitrary<History> =>
  fc.tuple(histories(maxCases), fc.boolean(), fc.boolean()).map(([h, afterSummons, coHandling]) => ({ ...h, rebases: true, afterSummons, coHandling }))

/** `histories` with summoning rounds returned or referred after the summons (sampleLog's `afterSummons`). */
export const afterSummonsHistories = (maxCases = 60): fc.Arbitrary<History> => histories(maxCases).map((h) => ({ ...h, afterSummons: true }))

/**
 * `histories` with co-handling departments (协办) whose rounds end with the result, an escalation, a 退单 (then maybe a merge)
 * or a referral, denied extensions, 补充 and notes (sampleLog's `coHandling`), summoning rounds returned or referred after
 * the summons or not.
 */
export const coHandlingHistories = (maxCases = 60): fc.Arbitrary<History> =>
  fc.tuple(histories(maxCases), fc.boolean()).map(([h, afterSummons]) => ({ ...h, coHandling: true, afterSummons }))

export const histories = (maxCases = 60): fc.Arbitrary<History> =>
  fc.record({
    cases: fc.integer({ min: 0, max: maxCases }),
    seed: fc.integer(),
    spacingMinutes: fc.constantFrom(90, 240, 720),
    dayDeadlines: fc.boolean(),
    // Fractions as whole thousandths: fast-check's doubles crowd at 0 and the ends.
    keep: fc.oneof(fc.constant(1), fc.integer({ min: 200, max: 1000 }).map((n) => n / 1000)),
  })

const PLACES = ['hohhot', 'hohhot/saihan', 'hohhot/xincheng', 'hohhot/saihan/wulan', 'hohhot/xincheng/zhaojun/c2', 'hohhot/saihan/dongfeng/c1/g03']
const START = Date.parse('2026-01-05T08:00:00+08:00')
const iso = (t: number) => new Date(t).toISOString()

/** The log's first and latest instants. */
export const span = (log: readonly RecordedEvent[]): { readonly first: number; readonly last: number } => {
  const times = log.map((e) => Date.parse(e.metadata.occurredAt))
  return { first: times.length === 0 ? START : Math.min(...times), last: times.length === 0 ? START : Math.max(...times) }
}

/**
 * The instants just around the log's running deadlines as of its end (each half a second and a second after, and a
 * millisecond before; and around where each becomes due soon, 临期, for the shares asked) — where overdue, 临期 and the
 * late counts change — taken from the oracle's own reading of the log.
 */
export const deadlineInstants = (log: readonly RecordedEvent[], after: number): number[] => {
  const out = new Set<number>()
  for (const c of casesAsOf(log, Number.POSITIVE_INFINITY).values()) {
    for (const d of runningDeadlines(c)) {
      if (d.deadline < after) continue
      for (const k of [-1, 500, 1000]) out.add(d.deadline + k)
      // Where it becomes due soon (临期) for each share the tests ask for.
      for (const share of [0.1, 0.2, 0.5]) for (const k of [-1, 0, 1]) out.add(Math.floor(d.deadline - share * (d.deadline - d.since)) + k)
    }
  }
  return [...out].sort((a, b) => a - b)
}

/** Every instant a log names: its events' times and the deadlines its events set — where a period may begin or end exactly. */
export const instantsOf = (log: readonly RecordedEvent[]): number[] => {
  const out = new Set<number>()
  for (const e of log) {
    out.add(Date.parse(e.metadata.occurredAt))
    for (const [k, v] of Object.entries(e.data as Record<string, unknown>)) if (typeof v === 'string' && /(By|Deadline|deadline)$/.test(k)) out.add(Date.parse(v))
  }
  return [...out].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b)
}

/** How a filter is picked, as numbers (so a counterexample names the history and these, not the whole log). */
export interface FilterRecipe {
  readonly place?: number
  /** A fraction of the log's span, or (an integer ≥ 10) the index of an instant the log names (an event's, a deadline). */
  readonly from?: number
  readonly to?: number
  /** A fraction of the log's span, or (an integer ≥ 10) the index of an instant around a running deadline. */
  readonly asOf?: number
  readonly depth?: number
}

/** A fraction of the log's span from -0.1 to 1.3, in whole thousandths (fast-check's doubles crowd at 0 and the ends). */
const fraction = fc.integer({ min: -100, max: 1300 }).map((n) => n / 1000)

/** A period's end: a fraction of the log's span, or (an integer ≥ 10) the index of an instant the log names exactly. */
const end = fc.oneof(fraction, fc.integer({ min: 10, max: 100_000 }))

export const filterRecipes: fc.Arbitrary<FilterRecipe> = fc.record(
  {
    place: fc.nat({ max: PLACES.length - 1 }),
    from: end,
    to: end,
    asOf: fc.oneof(fraction, fc.integer({ min: 10, max: 100_000 })),
    depth: fc.integer({ min: 0, max: 4 }),
  },
  { requiredKeys: [] },
)

/**
 * The filter a recipe picks over a log: a place (or none), maybe a period, maybe a time to look at. `atOrAfterLatest`:
 * a time at or after the latest event (what a read model answers), hours after it or around a deadline still running.
 */
export const filterOf = (log: readonly RecordedEvent[], r: FilterRecipe, atOrAfterLatest: boolean): DashboardFilter => {
  const { first, last } = span(log)
  const length = Math.max(last - first, 3_600_000)
  const named = instantsOf(log)
  const at = (f: number) => (f >= 10 && named.length > 0 ? iso(named[Math.floor(f) % named.length] ?? first) : iso(first + Math.round(f * length)))
  let asOf: string | undefined
  if (r.asOf !== undefined) {
    const closing = atOrAfterLatest ? deadlineInstants(log, last).filter((t) => t >= last) : deadlineInstants(log, Number.NEGATIVE_INFINITY)
    if (r.asOf >= 10 && closing.length > 0) asOf = iso(closing[Math.floor(r.asOf) % closing.length] ?? last)
    else if (atOrAfterLatest) asOf = iso(last + Math.round(Math.abs(r.asOf) * 1000) * 3_600_000)
    else asOf = at(r.asOf < 10 ? r.asOf : 1.1)
  }
  return {
    ...(r.place === undefined ? {} : { jurisdiction: PLACES[r.place] ?? 'hohhot' }),
    ...(r.from === undefined ? {} : { from: at(r.from) }),
    ...(r.to === undefined ? {} : { to: at(r.to) }),
    ...(asOf === undefined ? {} : { asOf }),
    ...(r.depth === undefined ? {} : { depth: r.depth }),
  }
}

const byLine = (a: OverdueLine, b: OverdueLine) => b.hoursOverdue - a.hoursOverdue || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0) || (a.deadlineKind < b.deadlineKind ? -1 : 1)
const lines = (items: readonly OverdueLine[]): OverdueLine[] =>
  items
    .map((i) => ({ caseType: i.caseType, caseId: i.caseId, deadlineKind: i.deadlineKind, deadline: i.deadline, hoursOverdue: i.hoursOverdue, ...(i.unitId === undefined ? {} : { unitId: i.unitId }) }))
    .sort(byLine)

/** The oracle's figures in the order a comparison wants (its lists sorted). */
export const oracleShape = (o: OracleFigures) => ({
  counts: o.counts,
  rates: o.rates,
  exclusions: o.exclusions,
  resolutionLevels: o.resolutionLevels,
  mediation: o.mediation,
  overdue: { byKind: o.overdue.byKind, items: lines(o.overdue.items) },
  dueSoon: { byKind: o.dueSoon.byKind, items: lines(o.dueSoon.items) },
  units: o.units,
})

/** A dashboard body (read with lists long enough to hold every item) in the oracle's shape. */
export const viewShape = (v: DashboardView) => {
  const { weights: _weights, ...rates } = v.rates
  return {
    counts: { complaint: v.counts.complaint, dispute: v.counts.dispute, tree: v.counts.tree.map((n) => ({ jurisdiction: n.jurisdiction, level: n.level, complaint: n.complaint, dispute: n.dispute })) },
    rates,
    exclusions: v.exclusions,
    resolutionLevels: v.resolutionLevels,
    mediation: v.mediation,
    overdue: { byKind: v.overdue.byKind, items: lines(v.overdue.items) },
    dueSoon: { byKind: v.overdue.dueSoon.byKind, items: lines(v.overdue.dueSoon.items) },
    units: v.units.map(({ unit, ...figures }) => ({ id: unit.id, ...figures })),
  }
}

/** Lists that long hold every item of the sample logs these tests make. */
export const ALL_ITEMS = 100_000
