import * as t from 'io-ts'

/**
 * 综合得分 — the composite score a unit or a jurisdiction is ranked by (考核排名), from its rates in a period.
 *
 * score = 100 × Σ wₖ·rₖ / Σ wₖ, both sums over the components k whose rate rₖ is known (not null) and whose weight
 * is above 0. A component with nothing to count (no callback in the period, no deadline due) is left out of both
 * sums rather than scored 0 or 1: a street with no callbacks is judged on its timeliness alone, and `coverage`
 * (the share of the total weight that was scored) says how much of the formula stood behind the score. With no
 * component known the score is null and the unit is ranked last, unranked.
 *
 * The weights are configuration (`GRIDCASE_RANKING_WEIGHTS`). The defaults are a local choice, not a regulation:
 * the seeds (and DOMAIN.md) name the 三率 as what 12345 offices rank by but give no weights; the defaults put the
 * complainant's judgement first (解决率 and 满意率 30 each, 响应率 10), timeliness second (按期办结率 15, 按时签收率
 * 5) and leave 10 to the 以下评上 rating of departments, which only departments have (so it drops out for places).
 */
export interface RankingWeights {
  readonly responseRate: number
  readonly resolutionRate: number
  readonly satisfactionRate: number
  readonly onTimeAcknowledgementRate: number
  readonly onTimeCompletionRate: number
  /** 以下评上: the summoning streets' rating of a department's help (a share 0–1), when there is one. */
  readonly departmentRating: number
}

export const RANKING_COMPONENTS = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeAcknowledgementRate', 'onTimeCompletionRate', 'departmentRating'] as const
export type RankingComponent = (typeof RANKING_COMPONENTS)[number]

export const DEFAULT_RANKING_WEIGHTS: RankingWeights = {
  responseRate: 10,
  resolutionRate: 30,
  satisfactionRate: 30,
  onTimeAcknowledgementRate: 5,
  onTimeCompletionRate: 15,
  departmentRating: 10,
}

/** The rates a score is made of: each a share 0–1, or null when nothing was counted. */
export type ScoreInput = { readonly [K in RankingComponent]?: number | null }

export interface Score {
  /** 0–100, or null when no weighted component was known. */
  readonly score: number | null
  /** The share of the total weight behind the score (0–1). */
  readonly coverage: number
}

/** The composite score of one set of rates. */
export const compositeScore = (rates: ScoreInput, weights: RankingWeights = DEFAULT_RANKING_WEIGHTS): Score => {
  let total = 0
  let known = 0
  let sum = 0
  for (const k of RANKING_COMPONENTS) {
    const w = weights[k]
    if (!(w > 0)) continue
    total += w
    const r = rates[k]
    if (r === null || r === undefined || !Number.isFinite(r)) continue
    known += w
    sum += w * r
  }
  return { score: known === 0 ? null : (100 * sum) / known, coverage: total === 0 ? 0 : known / total }
}

export interface Ranked<T> {
  readonly item: T
  readonly score: number | null
  readonly coverage: number
  /** 1 = best; equal scores share a rank (1, 2, 2, 4); null for an unscored item. */
  readonly rank: number | null
}

/**
 * How far apart two scores may be and still be the same score: a billionth of a point (scores run 0–100). A score is a
 * rational number computed in floating point, and its sum rounds in the last bits by the order of its terms: with 解决率
 * and 满意率 weighing 30 each, a unit with 解决率 1 and 满意率 ½ and one with 解决率 ½ and 满意率 1 (the other rates equal)
 * score the same by hand, 2050/27, and 75.92592592592594 and 75.92592592592592 as computed — ranked 1 and 2 before this.
 */
export const SAME_SCORE = 1e-9

/**
 * Ranks items by composite score, best first; equal scores (within `SAME_SCORE`) share the rank (standard competition
 * ranking: 1, 2, 2, 4) and keep the order of `key` (each shows its score as computed); unscored items come last,
 * without a rank.
 */
export const rankByScore = <T>(items: readonly T[], ratesOf: (item: T) => ScoreInput, key: (item: T) => string, weights: RankingWeights = DEFAULT_RANKING_WEIGHTS): Ranked<T>[] => {
  const byKey = (a: { readonly item: T }, b: { readonly item: T }): number => {
    const ka = key(a.item)
    const kb = key(b.item)
    return ka < kb ? -1 : ka > kb ? 1 : 0
  }
  const scored = items.map((item) => ({ item, ...compositeScore(ratesOf(item), weights) }))
  scored.sort((a, b) => {
    if (a.score !== b.score) {
      if (a.score === null) return 1
      if (b.score === null) return -1
      return b.score - a.score
    }
    return byKey(a, b)
  })
  const out: Ranked<T>[] = []
  for (let start = 0; start < scored.length; ) {
    const first = scored[start]
    if (first === undefined) break
    // The group of equal scores: those within SAME_SCORE of its highest (the unscored: one group, unranked).
    let end = start + 1
    while (end < scored.length) {
      const next = scored[end]?.score
      if (first.score === null ? next !== null : next === null || next === undefined || first.score - next > SAME_SCORE) break
      end += 1
    }
    for (const s of scored.slice(start, end).sort(byKey)) out.push({ ...s, rank: first.score === null ? null : start + 1 })
    start = end
  }
  return out
}

/**
 * `GRIDCASE_RANKING_WEIGHTS`: `component=weight` pairs separated by commas, e.g.
 * `responseRate=10,resolutionRate=30,satisfactionRate=30,onTimeAcknowledgementRate=5,onTimeCompletionRate=15,departmentRating=10`.
 * A component not named keeps its default; weights are non-negative numbers and at least one is above 0.
 */
export const RankingWeightsCodec = new t.Type<RankingWeights, string, unknown>(
  'RankingWeights',
  (u): u is RankingWeights => typeof u === 'object' && u !== null && RANKING_COMPONENTS.every((k) => typeof (u as Record<string, unknown>)[k] === 'number'),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected component=weight pairs separated by commas')
    const weights: Record<RankingComponent, number> = { ...DEFAULT_RANKING_WEIGHTS }
    for (const pair of u.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      const m = /^([A-Za-z]+)\s*=\s*(\d{1,6}(?:\.\d{1,6})?)$/.exec(pair)
      const name = m?.[1]
      if (m === null || name === undefined || !(RANKING_COMPONENTS as readonly string[]).includes(name)) {
        return t.failure(u, c, `"${pair}": expected component=weight with a component among ${RANKING_COMPONENTS.join(', ')} and a weight ≥ 0`)
      }
      weights[name as RankingComponent] = Number(m[2])
    }
    return RANKING_COMPONENTS.some((k) => weights[k] > 0) ? t.success(weights) : t.failure(u, c, 'at least one weight must be above 0')
  },
  (w) => RANKING_COMPONENTS.map((k) => `${k}=${w[k]}`).join(','),
)
