import type { DashboardView } from './dashboard.js'
import { nameOf, type JurisdictionRegistry } from './jurisdictionNames.js'
import { DEFAULT_RANKING_WEIGHTS, rankByScore, type RankingWeights, type ScoreInput } from './ranking.js'
import type { UnitFigures } from './unitEvaluation.js'

/**
 * 以下评上 — the hook for department ratings. The grid-work branch adds the summoning streets' ratings of departments
 * to the evaluation data; once the dashboard view carries them as `departmentRatings: [{ unitId, rating }]` (rating a
 * share 0–1), they enter the composite score with the `departmentRating` weight. Until then there are none, and that
 * weight drops out of every score (see `compositeScore`). Read defensively: a view without them simply has none.
 */
export const departmentRatingsOf = (view: DashboardView): ReadonlyMap<string, number> => {
  const raw = (view as { readonly departmentRatings?: unknown }).departmentRatings
  const out = new Map<string, number>()
  if (!Array.isArray(raw)) return out
  for (const r of raw as unknown[]) {
    const { unitId, rating } = (typeof r === 'object' && r !== null ? r : {}) as { unitId?: unknown; rating?: unknown }
    if (typeof unitId === 'string' && typeof rating === 'number' && rating >= 0 && rating <= 1) out.set(unitId, rating)
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
