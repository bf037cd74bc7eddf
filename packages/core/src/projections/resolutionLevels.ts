import { LEVELS, type Level } from '../access/jurisdiction.js'
import { happened, inPeriod, inPlace, ratio, type Scope } from './filter.js'
import { excludedAsOf } from './rateFacts.js'
import type { DashboardState } from './summaries.js'

/**
 * 解决层级 — where accepted results were produced. A case's accepted result is its latest
 * result not sent back by 重办 (by the scope's time); its level is the level of the unit
 * that submitted it. `streetOrBelowShare` is the KPI "resolved at street and community level"
 * (grids are part of their community). A case resolved on the spot (现场办结) is a result accepted at grid level;
 * `onTheSpot` counts those and their share of every accepted result (小事不出网格). A case excluded after a 考评申诉
 * (approved by the scope's time) counts in none of them: it leaves every denominator (DOMAIN.md "Dashboards").
 */
export interface ResolutionLevels {
  readonly total: number
  readonly byLevel: Record<Level, { readonly count: number; readonly share: number | null }>
  readonly streetOrBelowShare: number | null
  readonly onTheSpot: { readonly count: number; readonly share: number | null }
}

export const resolutionLevels = (state: DashboardState, scope: Scope): ResolutionLevels => {
  const count: Record<Level, number> = { city: 0, district: 0, street: 0, community: 0, grid: 0 }
  let onTheSpot = 0
  for (const summary of state.cases.values()) {
    if (summary.caseType !== 'complaint' || !inPlace(scope, summary.jurisdiction)) continue
    if (excludedAsOf(summary, scope.asOf) !== undefined) continue
    if (summary.onTheSpot !== undefined) {
      if (happened(scope, summary.onTheSpot.at) && inPeriod(scope, summary.onTheSpot.at)) {
        count.grid += 1
        onTheSpot += 1
      }
      continue
    }
    let accepted: { at: number; level: Level } | undefined
    for (const round of summary.rounds) {
      if (!happened(scope, round.resultAt) || round.resultLevel === undefined) continue
      accepted = happened(scope, round.reopenedAt) ? undefined : { at: round.resultAt, level: round.resultLevel }
    }
    if (accepted !== undefined && inPeriod(scope, accepted.at)) count[accepted.level] += 1
  }
  const total = LEVELS.reduce((sum, level) => sum + count[level], 0)
  const byLevel = Object.fromEntries(LEVELS.map((level) => [level, { count: count[level], share: ratio(count[level], total) }])) as ResolutionLevels['byLevel']
  return { total, byLevel, streetOrBelowShare: ratio(count.street + count.community + count.grid, total), onTheSpot: { count: onTheSpot, share: ratio(onTheSpot, total) } }
}
