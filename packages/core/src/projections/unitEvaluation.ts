import type { Scope } from './filter.js'
import { overdue, type CountsByKind } from './overdue.js'
import { DEFAULT_RATE_WEIGHTS, noRateCounts, type RateCounts, type RateKey, type RateWeights } from './rateFacts.js'
import { ratesOf, scopeRateFacts } from './rates.js'
import { DEADLINE_KINDS, type DashboardState, type DeadlineKind, type UnitInfo } from './summaries.js'

/**
 * 考核 — one handling unit's record in the period, over complaints under the scope, with the dashboard's
 * formulas (see `Rates`): acknowledgements and results due in the period and on time (a round left open
 * past its deadline is late), the 三率 from the callbacks on its handling, the 退单 it made and the 重办 of
 * its results. A round it returned counts only the deadlines that had passed when it returned it (`returnedRoundFacts`).
 */
export interface UnitFigures {
  readonly unit: UnitInfo
  /** Dispatches to it whose acknowledge deadline fell in the period. */
  readonly dispatched: number
  readonly acknowledgedOnTime: number
  readonly onTimeAcknowledgementRate: number | null
  /** Its handling rounds whose result deadline fell in the period. */
  readonly results: number
  readonly resultsOnTime: number
  readonly onTimeRate: number | null
  readonly calledBack: number
  readonly contacted: number
  readonly responseRate: number | null
  readonly resolved: number
  readonly resolutionRate: number | null
  readonly notReached: number
  readonly declined: number
  /** Satisfaction's denominator: callbacks answered, plus resident ratings where no callback reached. */
  readonly evaluated: number
  /** Satisfied or basically satisfied. */
  readonly satisfied: number
  readonly satisfactionRate: number | null
  readonly returns: number
  readonly reopenings: number
  /** Its cases excluded from assessment (考评申诉 approved in the period). */
  readonly exclusions: number
  /** Its deadlines overdue as of the scope's time, by kind (超期, whatever the period). */
  readonly overdue: CountsByKind
  /** 现场办结 — cases a grid resolved on the spot in the period (小事不出网格); 0 for any other unit. */
  readonly resolvedOnTheSpot: number
  /** 报到 — as a department summoned by 吹哨: arrivals whose deadline fell in the period, and on time. */
  readonly arrivals: Arrivals
  /** 以下评上 — how the streets that summoned it (吹哨) rated its help in the period; all 0 for a unit never rated. */
  readonly helpRatings: HelpRatings
}

/**
 * 部门报到 — a summoned department's 报到 deadlines that fell in the period (`due`; one still not met is due and late),
 * those met on time, and `onTimeRate` = onTime / due (null when none).
 */
export interface Arrivals {
  readonly due: number
  readonly onTime: number
  readonly onTimeRate: number | null
}

/**
 * 以下评上 — the summoning street's ratings of a department's help: counts by rating, and `satisfactionRate` =
 * (satisfied + basically satisfied × the 满意率's weight, default 1) / rated (null when none).
 */
export interface HelpRatings {
  readonly rated: number
  readonly satisfied: number
  readonly basicallySatisfied: number
  readonly unsatisfied: number
  readonly satisfactionRate: number | null
}

/** 以下评上 from counted facts, weighted as the 满意率 is. */
export const helpRatingsOf = (n: RateCounts, weights: RateWeights = DEFAULT_RATE_WEIGHTS): HelpRatings => ({
  rated: n.helpRated,
  satisfied: n.helpSatisfied,
  basicallySatisfied: n.helpBasicallySatisfied,
  unsatisfied: n.helpUnsatisfied,
  satisfactionRate: n.helpRated === 0 ? null : (n.helpSatisfied + n.helpBasicallySatisfied * weights.basicallySatisfied) / n.helpRated,
})

const noneOverdue = (): Record<DeadlineKind, number> => Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as Record<DeadlineKind, number>

/** One unit's figures from its counted facts. */
export const unitFiguresOf = (unit: UnitInfo, n: RateCounts, late: CountsByKind | undefined, weights: RateWeights = DEFAULT_RATE_WEIGHTS): UnitFigures => {
  const r = ratesOf(n, weights)
  return {
    unit,
    dispatched: r.dispatched,
    acknowledgedOnTime: r.acknowledgedOnTime,
    onTimeAcknowledgementRate: r.onTimeAcknowledgementRate,
    results: r.results,
    resultsOnTime: r.resultsOnTime,
    onTimeRate: r.onTimeCompletionRate,
    calledBack: r.calledBack,
    contacted: r.contacted,
    responseRate: r.responseRate,
    resolved: r.resolved,
    resolutionRate: r.resolutionRate,
    notReached: r.notReached,
    declined: r.declined,
    evaluated: r.evaluated,
    satisfied: r.satisfied + r.basicallySatisfied,
    satisfactionRate: r.satisfactionRate,
    returns: n.returns,
    reopenings: n.reopenings,
    exclusions: n.excluded,
    overdue: late ?? noneOverdue(),
    resolvedOnTheSpot: n.resolvedOnTheSpot,
    arrivals: { due: n.arrivalDue, onTime: n.arrivalOnTime, onTimeRate: n.arrivalDue === 0 ? null : n.arrivalOnTime / n.arrivalDue },
    helpRatings: helpRatingsOf(n, weights),
  }
}

/** Every unit with something to count, in id order. */
export const unitEvaluation = (state: DashboardState, scope: Scope, weights: RateWeights = DEFAULT_RATE_WEIGHTS): UnitFigures[] => {
  const tallies = new Map<string, Record<RateKey, number>>()
  const of = (unitId: string): Record<RateKey, number> => {
    let t = tallies.get(unitId)
    if (t === undefined) {
      t = noRateCounts()
      tallies.set(unitId, t)
    }
    return t
  }
  for (const f of scopeRateFacts(state, scope)) if (f.unitId !== undefined) of(f.unitId)[f.key] += 1
  const late = new Map<string, Record<DeadlineKind, number>>()
  for (const item of overdue(state, scope, Number.POSITIVE_INFINITY).items) {
    if (item.unitId === undefined) continue
    of(item.unitId)
    const counts = late.get(item.unitId) ?? noneOverdue()
    counts[item.deadlineKind] += 1
    late.set(item.unitId, counts)
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, t]) => unitFiguresOf(state.units.get(id) ?? { id, level: 'city', jurisdiction: '' }, t, late.get(id), weights))
}

/**
 * The overdue deadlines in a scope that no unit answers for yet, by kind (DOMAIN.md "Time": unit evaluation sees every
 * deadline): a dispute never routed, or transferred and not routed again (mediation); a clerk's entrustment not routed
 * yet (receipt); the court's (court-accept, court-decide) and the parties' 司法确认 window (confirmation), nobody's;
 * 受理 under 信访 (the accepting office's); 派单 (dispatch: the dispatcher's — the hotline or 信访部门, which gridcase does
 * not evaluate as a handling unit). The scope's overdue counts less those its units' rows count.
 */
export const unassignedOverdue = (view: { readonly overdue: { readonly byKind: CountsByKind }; readonly units: readonly Pick<UnitFigures, 'overdue'>[] }): CountsByKind => {
  const out: Record<DeadlineKind, number> = { ...view.overdue.byKind }
  for (const u of view.units) for (const k of DEADLINE_KINDS) out[k] -= u.overdue[k]
  return out
}
