import type { DashboardView } from './dashboard.js'
import { nameOf, type JurisdictionRegistry } from './jurisdictionNames.js'
import { DEFAULT_RANKING_WEIGHTS, rankByScore, type RankingWeights, type ScoreInput } from './ranking.js'
import type { UnitFigures } from './unitEvaluation.js'

/**
 * 以下评上 in the score: each department the summoning streets rated in the period (`helpRatings.rated` > 0), by unit
 * id, with its `helpRatings.satisfactionRate` (0–1). A unit nobody rated has none, so the `departmentRating` weight
 * drops out of its score (see `compositeScore`).
 */
export const departmentRatingsOf = (view: Pick<DashboardView, 'units'>): ReadonlyMap<string, number> => {
  const out = new Map<string, number>()
  for (const u of view.units) {
    const rate = u.helpRatings.satisfactionRate
    if (u.helpRatings.rated > 0 && rate !== null) out.set(u.unit.id, rate)
  }
  return out
}

/** The rates of a unit as the composite score reads them. */
export const unitScoreInput = (u: UnitFigures, ratings: ReadonlyMap<string, number>): ScoreInput => ({
  responseRate: u.responseRate,
  resolutionRate: u.resolutionRate,
  satisfactionRate: u.satisfactionRate,
  onTimeAcknowledgementRate: u.onTimeAcknowledgementRate,
  onTimeCompletionRate: u.onTimeRate,
  departmentRating: ratings.get(u.unit.id) ?? null,
})

/** The units of an evaluation in rank order, each with its jurisdiction's name, 以下评上 rating, composite score, coverage and rank. */
export const rankedUnits = (view: DashboardView, registry: JurisdictionRegistry, weights: RankingWeights = DEFAULT_RANKING_WEIGHTS) => {
  const ratings = departmentRatingsOf(view)
  return rankByScore(view.units, (u) => unitScoreInput(u, ratings), (u) => u.unit.id, weights).map((r) => ({
    ...r.item,
    unit: { ...r.item.unit, jurisdictionName: nameOf(registry, r.item.unit.jurisdiction) },
    departmentRating: ratings.get(r.item.unit.id) ?? null,
    score: r.score,
    coverage: r.coverage,
    rank: r.rank,
  }))
}
