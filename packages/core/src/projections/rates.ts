import { inPlace, ratio, type Scope } from './filter.js'
import { countsIn, DEFAULT_RATE_WEIGHTS, listedExclusionAsOf, noRateCounts, openLateFacts, rateFacts, type RateCounts, type RateFact, type RateWeights } from './rateFacts.js'
import type { DashboardState } from './summaries.js'

/**
 * 三率 of complaints in the period (DOMAIN.md "Dashboards"), from the callbacks (回访) made in it — the
 * complainant's answers, not the unit's own report:
 * - response rate 响应率 = contacted by the handling unit / called back;
 * - resolution rate 解决率 = (solved + partly solved × weight, default 0) / called back;
 * - satisfaction rate 满意率 = (satisfied + basically satisfied × weight, default 1) / rated, where rated = called back
 *   plus cases no callback reached whose resident rated them (一事一评, `ratedByResident`).
 * Callbacks that did not reach the complainant or that were declined are counted apart and leave the denominators.
 * Timeliness, internal:
 * - on-time acknowledgement = acknowledged (签收) on time / dispatches whose acknowledge deadline fell in the period (`dispatched`);
 * - on-time completion 按期办结率 = results on time / handling rounds whose result deadline fell in the period (`results`),
 *   a round still open past its deadline counting as late.
 * A case counts once in a period's 三率, by its latest callback made in the period that got answers (else its latest
 * unanswered one, apart, and the resident's latest rating made in it): see `rateFacts`. A rate with nothing to count is null.
 */
export interface Rates {
  readonly weights: RateWeights
  readonly calledBack: number
  readonly contacted: number
  readonly responseRate: number | null
  /** Answered "solved". */
  readonly resolved: number
  readonly partlySolved: number
  readonly notSolved: number
  readonly resolutionRate: number | null
  readonly notReached: number
  readonly declined: number
  /** The satisfaction's denominator: called back, plus rated by the resident where no callback reached. */
  readonly evaluated: number
  readonly ratedByResident: number
  readonly satisfied: number
  readonly basicallySatisfied: number
  readonly unsatisfied: number
  readonly satisfactionRate: number | null
  /** Dispatches whose acknowledge deadline fell in the period. */
  readonly dispatched: number
  readonly acknowledgedOnTime: number
  readonly onTimeAcknowledgementRate: number | null
  /** Handling rounds whose result deadline fell in the period (open past it: late). */
  readonly results: number
  readonly resultsOnTime: number
  readonly onTimeCompletionRate: number | null
  /** Cases excluded after a 考评申诉 approved in the period (out of every denominator; listed in `exclusions`). */
  readonly excluded: number
}

/** A case excluded from assessment (考评申诉 approved): listed, never counted. */
export interface Exclusion {
  readonly caseId: string
  readonly ground: string
  readonly unitId: string
}

/** How many exclusions a dashboard lists at a time (by case id; `exclusionsPage.next` asks for the ones after). */
export const EXCLUSIONS_PAGE = 100

/**
 * The page of `exclusions` a dashboard shows: at most `limit`, by case id, after the filter's `exclusionsAfter`;
 * `truncated` when there are more, and `next` the cursor that lists them (the last case id shown). All of them are
 * counted in `rates.excluded`: a page keeps a read from growing with the cases.
 */
export interface ExclusionsPage {
  readonly limit: number
  readonly truncated: boolean
  readonly next: string | null
}

/** The page of exclusions from those after the cursor, in case-id order, fetched with one more than the page. */
export const exclusionsPageOf = (sortedAfterCursor: readonly Exclusion[], limit: number = EXCLUSIONS_PAGE): { readonly items: Exclusion[]; readonly page: ExclusionsPage } => {
  const items = sortedAfterCursor.slice(0, limit)
  const truncated = sortedAfterCursor.length > limit
  return { items, page: { limit, truncated, next: truncated ? (items.at(-1)?.caseId ?? null) : null } }
}

/** The rates from counted facts. */
export const ratesOf = (n: RateCounts, weights: RateWeights = DEFAULT_RATE_WEIGHTS): Rates => {
  const evaluated = n.calledBack + n.ratedByResident
  return {
    weights,
    calledBack: n.calledBack,
    contacted: n.contacted,
    responseRate: ratio(n.contacted, n.calledBack),
    resolved: n.solved,
    partlySolved: n.partlySolved,
    notSolved: n.notSolved,
    resolutionRate: ratio(n.solved + n.partlySolved * weights.partlySolved, n.calledBack),
    notReached: n.notReached,
    declined: n.declined,
    evaluated,
    ratedByResident: n.ratedByResident,
    satisfied: n.satisfied,
    basicallySatisfied: n.basicallySatisfied,
    unsatisfied: n.unsatisfied,
    satisfactionRate: ratio(n.satisfied + n.basicallySatisfied * weights.basicallySatisfied, evaluated),
    dispatched: n.ackDue,
    acknowledgedOnTime: n.ackOnTime,
    onTimeAcknowledgementRate: ratio(n.ackOnTime, n.ackDue),
    results: n.resultDue,
    resultsOnTime: n.resultOnTime,
    onTimeCompletionRate: ratio(n.resultOnTime, n.resultDue),
    excluded: n.excluded,
  }
}

/** Is a fact's time in the period? Deadlines may lie after the "as of" time: only what happened by then made them facts. */
export const inWindow = (scope: Scope, at: number): boolean => at >= scope.from && at < scope.to

/** Every rate fact of the complaints under the scope, as of its time, in its period. */
export const scopeRateFacts = (state: DashboardState, scope: Scope): RateFact[] => {
  const out: RateFact[] = []
  for (const summary of state.cases.values()) {
    if (summary.caseType !== 'complaint' || !inPlace(scope, summary.jurisdiction)) continue
    // The 三率's callbacks and ratings: a case's once per period, by what was made in it (`countsIn`).
    for (const f of rateFacts(summary, scope.asOf)) if (countsIn(f, scope.from, scope.to)) out.push(f)
    for (const f of openLateFacts(summary, scope.asOf)) if (inWindow(scope, f.at)) out.push(f)
  }
  return out
}

/**
 * The complaints under the scope excluded from assessment by an approval in its period, by case id, after `after` (a case
 * id); not a merged duplicate (`listedExclusionAsOf`: it counts nothing, so it is not counted as excluded either).
 */
export const exclusions = (state: DashboardState, scope: Scope, after = ''): Exclusion[] => {
  const out: Exclusion[] = []
  for (const summary of state.cases.values()) {
    if (summary.caseType !== 'complaint' || !inPlace(scope, summary.jurisdiction) || summary.caseId <= after) continue
    const excluded = listedExclusionAsOf(summary, scope.asOf)
    if (excluded !== undefined && inWindow(scope, excluded.at)) out.push({ caseId: summary.caseId, ground: excluded.ground, unitId: excluded.unitId })
  }
  return out.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
}

/** 三率 and timeliness for complaints under the scope. */
export const rates = (state: DashboardState, scope: Scope, weights: RateWeights = DEFAULT_RATE_WEIGHTS): Rates => {
  const n = noRateCounts()
  for (const f of scopeRateFacts(state, scope)) n[f.key] += 1
  return ratesOf(n, weights)
}
