import type { RecordedEvent } from '../kernel/envelope.js'
import { counts, type Counts } from './counts.js'
import { type DashboardFilter, scopeOf } from './filter.js'
import { applyToDashboard } from './fold.js'
import { mediation, type Mediation } from './mediation.js'
import { overdue, type Overdue } from './overdue.js'
import type { Projection } from './projection.js'
import { exclusions, exclusionsPageOf, rates, type Exclusion, type ExclusionsPage, type Rates } from './rates.js'
import type { RateWeights } from './rateFacts.js'
import { resolutionLevels, type ResolutionLevels } from './resolutionLevels.js'
import { riskFigures, type RiskFigures } from './risk.js'
import { emptyDashboardState, type CaseRow, type DashboardState, type UnitInfo } from './summaries.js'
import { unitEvaluation, type UnitFigures } from './unitEvaluation.js'

/**
 * 一屏统览 — the body of `GET /api/v1/dashboard?jurisdiction=&from=&to=&asOf=&depth=`.
 *
 * ```jsonc
 * {
 *   "filter": { "jurisdiction": "hohhot/saihan" | null, "from": ISO | null, "to": ISO | null, "asOf": ISO | null, "depth": 2 },
 *   "asOf": ISO | null,          // the time figures are computed as of: filter.asOf, else the latest event's time
 *   "position": 1234,            // last global log position in the read model (-1: empty); use it as the ETag
 *   "counts": {                  // cases opened (registered / reported) in the period, state as of `asOf`
 *     "complaint": Tally, "dispute": Tally,
 *     "tree": [{ "jurisdiction": "hohhot/saihan/xx-street", "level": "street", "complaint": Tally, "dispute": Tally }]
 *   },                           // Tally = { total, byState: {state: n}, byCategory: {category: n}, byStateAndCategory: {state: {category: n}} }
 *   "overdue": {                 // open cases past a deadline as of `asOf`, opened at any time (the period does not apply)
 *     "acknowledge": n, "result": n, "mediation": n,
 *     "byKind": { accept, acknowledge, arrival, result, mediation, confirmation, court-accept, court-decide, receipt },  // every deadline kind
 *     "items": [{ caseType, caseId, jurisdiction, category, deadlineKind, deadline: ISO, hoursOverdue, unitId? }],  // most overdue first, ≤ 100
 *     "truncated": false,
 *     "dueSoon": { share: 0.2, byKind, items, truncated }  // 临期: open, not yet due, at most `share` of their time left
 *   },
 *   "rates": { dispatched, acknowledgedOnTime, responseRate, evaluated, resolved, resolutionRate,
 *              satisfied, basicallySatisfied, unsatisfied, satisfactionRate, results, resultsOnTime, onTimeCompletionRate },
 *   "resolutionLevels": { total, byLevel: { city|district|street|community|grid: { count, share } }, streetOrBelowShare },
 *   "mediation": { reported, accepted, declined, referredToLitigation, agreements, failures, concluded, successRate, meanDaysToConclude,
 *                  byTrack: { people|administrative|judicial: { entered, agreements, failures, concluded, successRate, meanDaysToConclude } },
 *                  transfers: [{ from, to, count }], confirmations: { applied, accepted, granted, rejected } },
 *                  // overall agreements / failures / concluded / successRate / meanDaysToConclude: per dispute, by its outcome as of the period's end (docs/kpis.md)
 *   "units": [{ unit: { id, name?, level, jurisdiction, department? }, dispatched, acknowledgedOnTime, responseRate,
 *               results, resultsOnTime, onTimeRate, evaluated, satisfied, satisfactionRate, returns, reopenings, exclusions, … }],
 *   "exclusions": [{ caseId, ground, unitId }],  // 考评申诉 approved in the period: out of every denominator; by case id, ≤ 100
 *   "exclusionsPage": { limit: 100, truncated, next },  // next: the case id to pass as exclusionsAfter for the rest (null: none)
 *   "risk": {                    // 风险等级 of open disputes as of `asOf` under the place (the period does not apply)
 *     "byGrade": { low, medium, high }, "highOpen": n,
 *     "items": [{ caseId, jurisdiction, category, since: ISO, escalatedTo }],  // open high-risk disputes, longest high first, ≤ 100
 *     "truncated": false
 *   }
 * }
 * ```
 * Rates are fractions 0–1, or null when their denominator is 0. Period figures count facts that
 * happened in `[from, to)` and by `asOf`. No personal data: the read model keeps none (names and
 * phones of complainants and parties never enter it).
 */
export interface DashboardView {
  readonly filter: {
    readonly jurisdiction: string | null
    readonly from: string | null
    readonly to: string | null
    readonly asOf: string | null
    readonly depth: number
  }
  readonly asOf: string | null
  readonly position: number
  readonly counts: Counts
  readonly overdue: Overdue
  readonly rates: Rates
  readonly resolutionLevels: ResolutionLevels
  readonly mediation: Mediation
  readonly units: readonly UnitFigures[]
  /** Complaints excluded from assessment (考评申诉 approved in the period), by case id: a page of them (all counted in `rates.excluded`). */
  readonly exclusions: readonly Exclusion[]
  /** Whether more exclusions follow, and the cursor (`exclusionsAfter`) that lists them. */
  readonly exclusionsPage: ExclusionsPage
  /** 风险等级: open disputes by grade, and the open high-risk ones (escalated to their street). */
  readonly risk: RiskFigures
}

// Bump when the saved shape or the state codes change: an older read model is then rebuilt, not misread.
// 3: rows carry deadline clocks (every kind of deadline can be overdue). 4: rows carry callbacks (回访). 5: risk grades.
// 6: dispute rows carry the committee (and centre) they are with (holders): their deadlines' units.
// 7: a 报到 clock ended with its round (`ended`), re-based deadlines marked (`rebased`, `resultByRebased`, `deadlinesRebased`).
// 8: dispute rows carry the court's acceptances of 司法确认 applications (confirmations `accepted`).
// 9: a failed referral resumes the accept clock it stopped, ends its own 办结 clock (`ended`, counting nothing) back to
//    registered, and a dispatch ends such a clock running on from acceptance (s18-referralclock).
// 10: an escalated round names the unit it was escalated to (`leadUnitId`: its result deadline's), and a returned round's
//    deadlines already passed count (facts change with the same rows): a saved model is rebuilt.
// 11: a dispatch clock (派单时限, kind `dispatch`) from acceptance and each 退单, met by the dispatch: a saved model has none.
// 12: a refusal (不予受理) runs the 司法确认 window again (the parties may apply again), ended by mediation again, a
//    transfer or litigation.
// 13: … also after a refusal in the last second of day 30 (the window runs to 24:00): a saved model may lack it.
// 14: the 司法确认 window of an agreement recorded after the day it took effect is due soon (临期) by its 30 days, from
//    that day: a saved model has it from the recording.
// 15: a 信访 round dispatched after acceptance keeps the 60 days' 临期 window (`resultFrom`), and so does a 退单's clock.
// 16: the court's 3 days to accept of an application recorded after the day it was filed (`filedOn`) are due soon by
//    their own time, from that day: a saved model has them from the recording.
// 17: the 司法确认 window of an application recorded after the day it was filed (`filedOn`) stops on that day (at noon China
//    time, as the decider judges it), not at the recording: a saved model has it running to the recording.
const FORMAT = 'gridcase-dashboard/17'

interface Saved {
  readonly format: typeof FORMAT
  readonly position: number
  readonly lastAt: string | null
  readonly cases: readonly (readonly [string, CaseRow])[]
  readonly units: readonly UnitInfo[]
}

const isSaved = (u: unknown): u is Saved =>
  typeof u === 'object' &&
  u !== null &&
  (u as { format?: unknown }).format === FORMAT &&
  typeof (u as { position?: unknown }).position === 'number' &&
  Array.isArray((u as { cases?: unknown }).cases) &&
  Array.isArray((u as { units?: unknown }).units)

/** The dashboard read model: every figure family over one map of per-case summaries. */
export const dashboardProjection: Projection<DashboardState> = {
  name: 'dashboard',
  init: emptyDashboardState,
  apply: (state: DashboardState, event: RecordedEvent) => applyToDashboard(state, event),
  encode: (state): Saved => ({ format: FORMAT, position: state.position, lastAt: state.lastAt ?? null, cases: [...state.cases], units: [...state.units.values()] }),
  decode: (saved) => {
    // Saved by this projection beside its checkpoint; an unknown format is rebuilt, not trusted.
    if (!isSaved(saved)) return undefined
    return {
      cases: new Map(saved.cases),
      units: new Map(saved.units.map((u) => [u.id, u])),
      position: saved.position,
      lastAt: saved.lastAt ?? undefined,
      lastAtMs: saved.lastAt === null ? Number.NEGATIVE_INFINITY : Date.parse(saved.lastAt),
      names: new Map(),
    }
  },
}

/** Every dashboard figure for a filter, from the read model alone (pure; the state is not changed). */
export const dashboardView = (
  state: DashboardState,
  filter: DashboardFilter = {},
  /**
   * `dueSoonShare`: the share of a deadline's time left under which it is due soon (临期; default 0.2). `items`: how many
   * items each list (overdue, due soon, high risk, exclusions) holds at most (default 100; more for a reader whose lists
   * are then cut to the cases it may read).
   */
  options: { readonly dueSoonShare?: number; readonly weights?: RateWeights; readonly items?: number } = {},
): DashboardView => {
  const scope = scopeOf(filter, state.lastAt === undefined ? Number.POSITIVE_INFINITY : state.lastAtMs)
  const excluded = exclusionsPageOf(exclusions(state, scope, filter.exclusionsAfter), options.items)
  return {
    filter: {
      jurisdiction: filter.jurisdiction ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      asOf: filter.asOf ?? null,
      depth: scope.depth,
    },
    asOf: filter.asOf ?? state.lastAt ?? null,
    position: state.position,
    counts: counts(state, scope),
    overdue: overdue(state, scope, options.items ?? 100, filter.dueSoon ?? options.dueSoonShare),
    rates: rates(state, scope, options.weights),
    resolutionLevels: resolutionLevels(state, scope),
    mediation: mediation(state, scope),
    units: unitEvaluation(state, scope, options.weights),
    exclusions: excluded.items,
    exclusionsPage: excluded.page,
    risk: riskFigures(state, scope, options.items),
  }
}
