import { noRisk, type RiskFigures } from './risk.js'
import { TRACKS } from '../kernel/actor.js'
import { ancestors, levelOf, segments, LEVELS, type Level } from '../access/jurisdiction.js'
import type { Counts, CountsNode, Tally } from './counts.js'
import type { DashboardView } from './dashboard.js'
import type { DashboardFilter } from './filter.js'
import { concludedMs, meanDaysOf, outcomeSpans, type Mediation, type TrackFigures } from './mediation.js'
import { runningNow, type CountsByKind, type Overdue, type Running } from './overdue.js'
import { countsIn, listedExclusionAsOf, noRateCounts, RATE_KEYS, rateFacts, type RateFact, type RateWeights } from './rateFacts.js'
import { exclusionsPageOf, ratesOf, type Exclusion } from './rates.js'
import type { ResolutionLevels } from './resolutionLevels.js'
import { COMPLAINT_STATES, DEADLINE_KINDS, DISPUTE_STATES, type CaseRow, type UnitInfo } from './summaries.js'
import { unitFiguresOf, type UnitFigures } from './unitEvaluation.js'

/**
 * The dashboard as maintained totals (what a database read model keeps instead of every case in memory).
 *
 * A case contributes facts: each a key naming what it counts, the time it happened and, for means, a
 * value to sum. The dashboard "as of" a time no earlier than the latest event is a function of the
 * facts' totals per key and place (for a period, of the facts that happened in it) plus the deadlines
 * still running: so a read model keeps, per case, its facts and deadlines, and per (key, place) the
 * totals, and moves them by the difference when a case changes. An "as of" earlier than the latest
 * event needs the history itself (see `dashboardView` over a replay). A fact with a competitor (`since` / `until`: the
 * 三率's callbacks and ratings, a case's once per period; a dispute's overall outcome, until the dispute is mediating or
 * concluded again) counts in a period only when the competitor does not lie in it (`factCountsIn`): a read model keeps
 * those facts out of its totals and ordinary sums; it sums them apart per China month or day they always count in (by
 * their competitors' distance, `aligned`), for a period of exactly one month or day, and reads them one by one for any
 * other period.
 */
export interface DashboardFact {
  readonly key: string
  /** Epoch ms the fact happened. */
  readonly at: number
  /** What means add up (the whole milliseconds a mediation took to conclude, `concludedMs`: exact in any order); 0 otherwise. */
  readonly value: number
  /**
   * A competitor's time (the 三率's callbacks and ratings, a case's once per period: `rateFacts`; what takes a dispute's
   * overall outcome's place: `outcomeSpans`): the fact does not count
   * in a period containing `since` or `until` (`factCountsIn`), nor in all time. Most facts have neither: they count in
   * every period containing `at`, and a read model keeps them in its totals and period sums; one with either is summed
   * apart for the single month or day it always counts in, and otherwise read from the case's facts.
   */
  readonly since?: number
  readonly until?: number
}

/** Whether a fact counts in the period `[from, to)` (±Infinity for an open end; all time is both): see `countsIn`. */
export const factCountsIn = (f: DashboardFact, from: number, to: number): boolean => countsIn(f, from, to)

/** Whether a fact has a competitor (`since` or `until`): counted from the facts in a period, never in totals or sums. */
export const boundedFact = (f: DashboardFact): boolean => f.since !== undefined || f.until !== undefined

/** A total of facts for one key at one place (a case's own jurisdiction, not rolled up). */
export interface FactTotal {
  readonly key: string
  readonly jurisdiction: string
  readonly n: number
  readonly sum: number
}

/** A deadline still running on a case now: set at `from`, overdue once `deadline` has passed (epoch ms). */
export type RunningDeadline = Running

// A separator no name uses (ASCII unit separator).
const SEP = '\u001f'
const key = (...parts: readonly (string | number)[]): string => parts.join(SEP)

const lastCode = (timeline: readonly number[] | undefined): number | undefined =>
  timeline === undefined || timeline.length < 2 ? undefined : timeline[timeline.length - 1]

/** The case's state now (the last entry of its timeline). */
const stateNow = (summary: CaseRow): string | undefined => {
  const code = lastCode(summary.states)
  if (code === undefined) return undefined
  return summary.caseType === 'complaint' ? COMPLAINT_STATES[code] : DISPUTE_STATES[code]
}

/** Every fact a case contributes to the figures of a dashboard as of any time after its latest event. */
export const caseFacts = (summary: CaseRow): DashboardFact[] => {
  const facts: DashboardFact[] = []
  const add = (k: string, at: number | undefined, value = 0, bounds?: Pick<RateFact, 'since' | 'until'>): void => {
    if (at === undefined) return
    if (bounds?.since === undefined && bounds?.until === undefined) facts.push({ key: k, at, value })
    else facts.push({ key: k, at, value, ...(bounds.since === undefined ? {} : { since: bounds.since }), ...(bounds.until === undefined ? {} : { until: bounds.until }) })
  }
  const name = stateNow(summary)
  if (summary.caseType === 'complaint') {
    if (name !== undefined) add(key('count', 'complaint', name, summary.category), summary.registeredAt)
    // The resolution level of its accepted result; none once excluded after a 考评申诉 (out of every denominator, as
    // `resolutionLevels` has it; the approval is never undone, so what holds after the latest event holds from then on).
    if (summary.excluded === undefined) {
      let accepted: { at: number; level: Level } | undefined
      for (const round of summary.rounds) {
        if (round.resultAt !== undefined && round.resultLevel !== undefined) accepted = round.reopenedAt !== undefined ? undefined : { at: round.resultAt, level: round.resultLevel }
      }
      if (accepted !== undefined) add(key('level', accepted.level), accepted.at)
      // 现场办结: the grid's result, accepted as it was given (the case closed with it).
      if (summary.onTheSpot !== undefined) add(key('level', 'grid'), summary.onTheSpot.at)
    }
    // The 三率 and timeliness, for the place and for the unit each fact is counted for; rounds still open
    // past a deadline are counted on read from the running deadlines (`openLate`).
    for (const f of rateFacts(summary, Number.POSITIVE_INFINITY)) {
      add(key('rate', f.key), f.at, 0, f)
      if (f.unitId !== undefined) add(key('unit', f.unitId, f.key), f.at, 0, f)
    }
    // Listed by case (the key names it): a read model keeps these apart from its totals (`exclusionOfFact`), so a
    // dashboard reads a page of them, not every one. None for a merged duplicate (it counts nothing, listed or not). As
    // of after the latest event, as every fact here: one excluded and then merged is listed as of a time before the
    // merge by a replay only (a read model answers no `asOf` before its latest event; the service replays the log).
    const listed = listedExclusionAsOf(summary, Number.POSITIVE_INFINITY)
    if (listed !== undefined) add(key('exclusion', listed.ground, listed.unitId, summary.caseId), listed.at)
    return facts
  }
  if (name !== undefined) add(key('count', 'dispute', name, summary.category), summary.reportedAt)
  add(key('mediation', 'reported'), summary.reportedAt)
  add(key('mediation', 'accepted'), summary.acceptedAt)
  add(key('mediation', 'declined'), summary.declinedAt)
  add(key('mediation', 'referredToLitigation'), summary.litigationAt)
  const firstEntry = new Map<number, number>()
  const tracks = summary.tracks ?? []
  for (let i = 0; i < tracks.length; i += 2) {
    const at = tracks[i] ?? Number.POSITIVE_INFINITY
    const track = tracks[i + 1] ?? -1
    if (at < (firstEntry.get(track) ?? Number.POSITIVE_INFINITY)) firstEntry.set(track, at)
  }
  for (const [code, at] of firstEntry) {
    const track = TRACKS[code]
    if (track !== undefined) add(key('entered', track), at)
  }
  for (const c of summary.conclusions ?? []) add(key('concluded', c.track, c.agreed ? 'agreed' : 'failed'), c.at, concludedMs(c))
  // Overall, a dispute counts in a period by its outcome as of the period's end, in the period of the conclusion that made
  // it (`outcomeSpans`): each span a conclusion is the outcome is an `outcome` fact at the conclusion, `until` the span
  // ends (mediating again, or concluded again), so it counts in a period holding the conclusion and ending in the span.
  // A span that starts later (the outcome back after a mediation that concluded nothing) also has an `outcomeGap` fact,
  // `until` that start, which is taken off (`dashboardFromTotals`): the pair counts only the periods ending in the span.
  for (const { conclusion, spans } of outcomeSpans(summary)) {
    const kind = conclusion.agreed ? 'agreed' : 'failed'
    const ms = concludedMs(conclusion)
    for (const span of spans) {
      add(key('outcome', kind), conclusion.at, ms, span.until === undefined ? undefined : { until: span.until })
      if (span.from > conclusion.at) add(key('outcomeGap', kind), conclusion.at, ms, { until: span.from })
    }
  }
  for (const hop of summary.transfers ?? []) add(key('transfer', hop.from, hop.to), hop.at)
  for (const c of summary.confirmations ?? []) add(key('confirmation', c.what), c.at)
  return facts
}

/** The exclusion a fact names (考评申诉 approved: `exclusion␟ground␟unit␟caseId`), or undefined for any other fact. */
export const exclusionOfFact = (f: DashboardFact): (Exclusion & { readonly at: number }) | undefined => {
  if (!f.key.startsWith(`exclusion${SEP}`)) return undefined
  const [, ground = '', unitId = '', caseId = ''] = f.key.split(SEP)
  return { caseId, ground, unitId, at: f.at }
}

/** The deadlines running on a case now (after its latest event), in the overdue list's order: what the overdue figures look at. */
export const runningDeadlines = (summary: CaseRow): readonly RunningDeadline[] => runningNow(summary)

const tally = (): Tally => ({ total: 0, byState: {}, byCategory: {}, byStateAndCategory: {} })
const addTo = (t: Tally, state: string, category: string, n: number): void => {
  t.total += n
  t.byState[state] = (t.byState[state] ?? 0) + n
  t.byCategory[category] = (t.byCategory[category] ?? 0) + n
  const row = (t.byStateAndCategory[state] ??= {})
  row[category] = (row[category] ?? 0) + n
}
const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole)
const inPlace = (scope: string, jurisdiction: string): boolean => scope === '' || jurisdiction === scope || jurisdiction.startsWith(`${scope}/`)

/** Fact totals for one dashboard: at the filter's place itself, and per place of its counts tree. */
export interface PlaceTotals {
  /** Totals of every key over the cases under the filter's place (rolled up to it). */
  readonly scope: readonly FactTotal[]
  /** `count` totals rolled up to each place of the tree (`jurisdiction` names the tree node). */
  readonly tree: readonly FactTotal[]
}

/** The levels of the counts tree below a place: those deeper than `max(root, 1)` and at most `depth` below it. */
export const treeDepths = (scope: string, depth: number): { readonly min: number; readonly max: number } => {
  const rootDepth = scope === '' ? 0 : segments(scope).length
  return { min: Math.max(rootDepth, 1), max: rootDepth + depth }
}

/** Every place a case's facts roll up into: the whole ('') and each prefix of its jurisdiction. */
export const rollUpPlaces = (jurisdiction: string): readonly string[] => ['', ...ancestors(jurisdiction)]

/** Rolls totals kept at each case's own place up to a filter's place and its tree (for totals of a period). */
export const rollUp = (leaves: readonly FactTotal[], scope: string, depth: number): PlaceTotals => {
  const { min, max } = treeDepths(scope, depth)
  const atScope = new Map<string, FactTotal>()
  const atNodes = new Map<string, FactTotal>()
  const add = (into: Map<string, FactTotal>, id: string, row: FactTotal, jurisdiction: string): void => {
    const known = into.get(id)
    into.set(id, { key: row.key, jurisdiction, n: (known?.n ?? 0) + row.n, sum: (known?.sum ?? 0) + row.sum })
  }
  for (const row of leaves) {
    if (!inPlace(scope, row.jurisdiction)) continue
    add(atScope, row.key, row, scope)
    if (!row.key.startsWith(`count${SEP}`)) continue
    for (const place of ancestors(row.jurisdiction)) {
      const d = segments(place).length
      if (d >= min && d <= max) add(atNodes, `${place}${SEP}${row.key}`, row, place)
    }
  }
  return { scope: [...atScope.values()], tree: [...atNodes.values()] }
}

/** Open rounds past a deadline: one fact, or `n` of them for one key and unit (a count a read model keeps). */
export type LateCount = Pick<RateFact, 'key' | 'unitId'> & { readonly n?: number }

/** What `dashboardFromTotals` needs besides the totals. */
export interface DashboardTotalsInput {
  /** The filter as asked, `asOf` included (at or after the latest event). */
  readonly filter: DashboardFilter
  readonly position: number
  readonly lastAt: string | undefined
  /** Fact totals of the cases under the filter's place, in the filter's period. */
  readonly totals: PlaceTotals
  readonly units: ReadonlyMap<string, UnitInfo>
  readonly overdue: Overdue
  /** Overdue deadlines of each handling unit under the place, by kind (whatever the period). */
  readonly overdueByUnit: ReadonlyMap<string, CountsByKind>
  /**
   * Acknowledgements and results still due past their deadline (running deadlines of kind acknowledge and
   * result, deadline before the query's time and in its period), as `ackDue` / `resultDue` facts: late.
   */
  readonly openLate: readonly LateCount[]
  readonly weights?: RateWeights
  /** 风险等级 of the open disputes under the place (none given: no graded dispute). */
  readonly risk?: RiskFigures
  /**
   * The exclusions (考评申诉 approved) under the place in the period, after the filter's `exclusionsAfter`, by case
   * id: at most one more than a page (a read model keeps them apart from the totals, so a read takes a page, not all).
   */
  readonly exclusions: readonly Exclusion[]
  /** The page of exclusions (default `EXCLUSIONS_PAGE`): the lists' length the read was made for. */
  readonly items?: number
}

/** The dashboard from fact totals: the same body `dashboardView` gives for an `asOf` at or after the latest event. */
export const dashboardFromTotals = (input: DashboardTotalsInput): DashboardView => {
  const { filter } = input
  const depth = filter.depth ?? 2
  const excluded = exclusionsPageOf(input.exclusions, input.items)
  const totals = { complaint: tally(), dispute: tally() }
  const nodes = new Map<string, CountsNode>()
  const figure = new Map<string, { n: number; sum: number }>()
  const units = new Map<string, Record<string, number>>()
  for (const row of input.totals.scope) {
    if (row.n === 0) continue
    const [kind, a = '', b = '', c = ''] = row.key.split(SEP)
    if (kind === 'count') addTo(totals[a === 'complaint' ? 'complaint' : 'dispute'], b, c, row.n)
    else if (kind === 'unit') {
      const figures = units.get(a) ?? {}
      figures[b] = (figures[b] ?? 0) + row.n
      units.set(a, figures)
    } else {
      const known = figure.get(row.key) ?? { n: 0, sum: 0 }
      known.n += row.n
      known.sum += row.sum
      figure.set(row.key, known)
    }
  }
  for (const row of input.totals.tree) {
    if (row.n === 0) continue
    const [, a = '', b = '', c = ''] = row.key.split(SEP)
    let node = nodes.get(row.jurisdiction)
    if (node === undefined) {
      node = { jurisdiction: row.jurisdiction, level: levelOf(row.jurisdiction), complaint: tally(), dispute: tally() }
      nodes.set(row.jurisdiction, node)
    }
    addTo(node[a === 'complaint' ? 'complaint' : 'dispute'], b, c, row.n)
  }
  const n = (...parts: string[]): number => figure.get(key(...parts))?.n ?? 0
  const sum = (...parts: string[]): number => figure.get(key(...parts))?.sum ?? 0

  const tree = [...nodes.values()].sort((x, y) => (x.jurisdiction < y.jurisdiction ? -1 : x.jurisdiction > y.jurisdiction ? 1 : 0))
  const counts: Counts = { complaint: totals.complaint, dispute: totals.dispute, tree }

  const rateCounts = noRateCounts()
  for (const k of RATE_KEYS) rateCounts[k] = n('rate', k)
  for (const f of input.openLate) {
    const late = f.n ?? 1
    rateCounts[f.key] += late
    if (f.unitId === undefined) continue
    const figures = units.get(f.unitId) ?? {}
    figures[f.key] = (figures[f.key] ?? 0) + late
    units.set(f.unitId, figures)
  }
  const rates = ratesOf(rateCounts, input.weights)

  const levelCount = Object.fromEntries(LEVELS.map((level) => [level, n('level', level)])) as Record<Level, number>
  const levelTotal = LEVELS.reduce((s, level) => s + levelCount[level], 0)
  const resolutionLevels: ResolutionLevels = {
    total: levelTotal,
    byLevel: Object.fromEntries(LEVELS.map((level) => [level, { count: levelCount[level], share: ratio(levelCount[level], levelTotal) }])) as ResolutionLevels['byLevel'],
    streetOrBelowShare: ratio(levelCount.street + levelCount.community + levelCount.grid, levelTotal),
    onTheSpot: { count: rateCounts.resolvedOnTheSpot, share: ratio(rateCounts.resolvedOnTheSpot, levelTotal) },
  }

  const trackFigures = (entered: number, agreements: number, failures: number, ms: number): TrackFigures => {
    const concluded = agreements + failures
    return { entered, agreements, failures, concluded, successRate: ratio(agreements, concluded), meanDaysToConclude: meanDaysOf(ms, concluded) }
  }
  const byTrack = Object.fromEntries(
    TRACKS.map((t) => [
      t,
      trackFigures(n('entered', t), n('concluded', t, 'agreed'), n('concluded', t, 'failed'), sum('concluded', t, 'agreed') + sum('concluded', t, 'failed')),
    ]),
  ) as Mediation['byTrack']
  // Each `outcomeGap` fact counts against the `outcome` fact of its span (see `caseFacts`).
  const all = trackFigures(
    0,
    n('outcome', 'agreed') - n('outcomeGap', 'agreed'),
    n('outcome', 'failed') - n('outcomeGap', 'failed'),
    sum('outcome', 'agreed') + sum('outcome', 'failed') - sum('outcomeGap', 'agreed') - sum('outcomeGap', 'failed'),
  )
  const mediation: Mediation = {
    reported: n('mediation', 'reported'),
    accepted: n('mediation', 'accepted'),
    declined: n('mediation', 'declined'),
    referredToLitigation: n('mediation', 'referredToLitigation'),
    agreements: all.agreements,
    failures: all.failures,
    concluded: all.concluded,
    successRate: all.successRate,
    meanDaysToConclude: all.meanDaysToConclude,
    byTrack,
    transfers: TRACKS.flatMap((from) => TRACKS.map((to) => ({ from, to, count: n('transfer', from, to) }))).filter((t) => t.count > 0),
    confirmations: { applied: n('confirmation', 'applied'), accepted: n('confirmation', 'accepted'), granted: n('confirmation', 'granted'), rejected: n('confirmation', 'rejected') },
  }

  // A unit with an overdue deadline is listed even when nothing else of it falls in the period.
  for (const id of input.overdueByUnit.keys()) if (!units.has(id)) units.set(id, {})
  const unitFigures: UnitFigures[] = [...units.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([id, f]) => {
      const counts = noRateCounts()
      for (const k of RATE_KEYS) counts[k] = f[k] ?? 0
      return unitFiguresOf(input.units.get(id) ?? { id, level: 'city', jurisdiction: '' }, counts, input.overdueByUnit.get(id), input.weights)
    })

  return {
    filter: { jurisdiction: filter.jurisdiction ?? null, from: filter.from ?? null, to: filter.to ?? null, asOf: filter.asOf ?? null, depth },
    asOf: filter.asOf ?? input.lastAt ?? null,
    position: input.position,
    counts,
    overdue: input.overdue,
    rates,
    resolutionLevels,
    mediation,
    units: unitFigures,
    exclusions: excluded.items,
    exclusionsPage: excluded.page,
    risk: input.risk ?? noRisk,
  }
}
