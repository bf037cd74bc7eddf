import { inPeriod, happened, inPlace, ratio, type Scope } from './filter.js'
import { isPositive } from './rates.js'
import { overdue, type CountsByKind } from './overdue.js'
import { DEADLINE_KINDS, type DashboardState, type DeadlineKind, type UnitInfo } from './summaries.js'

/**
 * 考核 — one handling unit's record in the period, over complaints under the scope: dispatches
 * received and acknowledged on time, results and results on time, every evaluation of its
 * results (一事一评, satisfied or basically satisfied), 退单 it made and 重办 of its results.
 */
export interface UnitFigures {
  readonly unit: UnitInfo
  readonly dispatched: number
  readonly acknowledgedOnTime: number
  readonly responseRate: number | null
  readonly results: number
  readonly resultsOnTime: number
  readonly onTimeRate: number | null
  readonly evaluated: number
  readonly satisfied: number
  readonly satisfactionRate: number | null
  readonly returns: number
  readonly reopenings: number
  /** Its deadlines overdue as of the scope's time, by kind (超期, whatever the period). */
  readonly overdue: CountsByKind
}

interface Tally {
  dispatched: number
  acknowledgedOnTime: number
  results: number
  resultsOnTime: number
  evaluated: number
  satisfied: number
  returns: number
  reopenings: number
}

/** Every unit with something to count, in id order. */
export const unitEvaluation = (state: DashboardState, scope: Scope): UnitFigures[] => {
  const tallies = new Map<string, Tally>()
  const of = (unitId: string): Tally => {
    let t = tallies.get(unitId)
    if (t === undefined) {
      t = { dispatched: 0, acknowledgedOnTime: 0, results: 0, resultsOnTime: 0, evaluated: 0, satisfied: 0, returns: 0, reopenings: 0 }
      tallies.set(unitId, t)
    }
    return t
  }
  for (const summary of state.cases.values()) {
    if (summary.caseType !== 'complaint' || !inPlace(scope, summary.jurisdiction)) continue
    for (const round of summary.rounds) {
      if (inPeriod(scope, round.at)) {
        const t = of(round.unitId)
        t.dispatched += 1
        if (happened(scope, round.ackAt) && round.ackOnTime === true) t.acknowledgedOnTime += 1
      }
      if (inPeriod(scope, round.resultAt) && round.resultUnitId !== undefined) {
        const t = of(round.resultUnitId)
        t.results += 1
        if (round.resultOnTime === true) t.resultsOnTime += 1
      }
    }
    for (const e of summary.evaluations ?? []) {
      if (e.unitId === undefined || !inPeriod(scope, e.at)) continue
      const t = of(e.unitId)
      t.evaluated += 1
      if (isPositive(e)) t.satisfied += 1
    }
    for (const r of summary.returns ?? []) if (inPeriod(scope, r.at)) of(r.unitId).returns += 1
    for (const r of summary.reopenings ?? []) if (inPeriod(scope, r.at)) of(r.unitId).reopenings += 1
  }
  const late = new Map<string, Record<DeadlineKind, number>>()
  for (const item of overdue(state, scope, Number.POSITIVE_INFINITY).items) {
    if (item.unitId === undefined) continue
    of(item.unitId)
    const counts = late.get(item.unitId) ?? (Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as Record<DeadlineKind, number>)
    counts[item.deadlineKind] += 1
    late.set(item.unitId, counts)
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, t]) => ({
      unit: state.units.get(id) ?? { id, level: 'city', jurisdiction: '' },
      ...t,
      overdue: late.get(id) ?? (Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as Record<DeadlineKind, number>),
      responseRate: ratio(t.acknowledgedOnTime, t.dispatched),
      onTimeRate: ratio(t.resultsOnTime, t.results),
      satisfactionRate: ratio(t.satisfied, t.evaluated),
    }))
}
