import * as E from 'fp-ts/lib/Either.js'
import { PathReporter } from 'io-ts/lib/PathReporter.js'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compositeScore, DEFAULT_RANKING_WEIGHTS, RANKING_COMPONENTS, rankByScore, RankingWeightsCodec, type RankingWeights, type ScoreInput } from './ranking.js'

const only = (k: keyof RankingWeights): RankingWeights => ({
  responseRate: 0,
  resolutionRate: 0,
  satisfactionRate: 0,
  onTimeAcknowledgementRate: 0,
  onTimeCompletionRate: 0,
  departmentRating: 0,
  [k]: 1,
})

describe('composite score (综合得分), default weights 响应 10 / 解决 30 / 满意 30 / 签收 5 / 办结 15 / 以下评上 10', () => {
  it.each<[string, ScoreInput, number | null, number]>([
    // Every rate 1, no department rating: 100 × 90/90 = 100; 90 of the 100 weight points scored.
    ['all rates 1, no rating', { responseRate: 1, resolutionRate: 1, satisfactionRate: 1, onTimeAcknowledgementRate: 1, onTimeCompletionRate: 1, departmentRating: null }, 100, 0.9],
    // 10×0.5 + 30×0.5 + 30×1 + 5×1 + 15×0.8 = 5 + 15 + 30 + 5 + 12 = 67 over 90 points → 74.444…
    ['mixed', { responseRate: 0.5, resolutionRate: 0.5, satisfactionRate: 1, onTimeAcknowledgementRate: 1, onTimeCompletionRate: 0.8 }, 6700 / 90, 0.9],
    // No callbacks: 5×0.6 + 15×0.2 = 3 + 3 = 6 over 20 points → 30; 20 of 100 scored.
    ['timeliness only', { responseRate: null, resolutionRate: null, satisfactionRate: null, onTimeAcknowledgementRate: 0.6, onTimeCompletionRate: 0.2 }, 30, 0.2],
    // A department rated 0.5 by the streets, every rate 1: (90 + 10×0.5) / 100 → 95, all 100 points scored.
    ['department with 以下评上', { responseRate: 1, resolutionRate: 1, satisfactionRate: 1, onTimeAcknowledgementRate: 1, onTimeCompletionRate: 1, departmentRating: 0.5 }, 95, 1],
    // Nothing counted: no score.
    ['nothing known', {}, null, 0],
  ])('%s', (_name, rates, score, coverage) => {
    const s = compositeScore(rates, DEFAULT_RANKING_WEIGHTS)
    if (score === null) expect(s.score).toBeNull()
    else expect(s.score).toBeCloseTo(score, 10)
    expect(s.coverage).toBeCloseTo(coverage, 10)
  })

  it('a zero weight leaves its component out, known or not', () => {
    // Only the response rate weighs: 0.25 → 25, whatever the others are.
    expect(compositeScore({ responseRate: 0.25, satisfactionRate: 0 }, only('responseRate'))).toEqual({ score: 25, coverage: 1 })
  })
})

describe('ranking by composite score', () => {
  it('best first; equal scores share a rank (1, 2, 2, 4); unscored last without a rank', () => {
    const items: [string, number | null][] = [
      ['s1', 0.8],
      ['s2', 0.9],
      ['s3', 0.8],
      ['s4', null],
      ['s5', 0.7],
    ]
    const ranked = rankByScore(items, ([, r]) => ({ responseRate: r }), ([k]) => k, only('responseRate'))
    expect(ranked.map((r) => [r.item[0], r.rank, r.score])).toEqual([
      ['s2', 1, 90],
      ['s1', 2, 80],
      ['s3', 2, 80],
      ['s5', 4, 70],
      ['s4', null, null],
    ])
  })
  it('scores equal by hand share a rank, however the floating-point sums round (解决率 and 满意率 weigh 30 each)', () => {
    // Two communities, 6 callbacks each, every 签收 and 办结 on time. A: 2 contacted, 6 solved, 3 satisfied; B: 2 contacted,
    // 3 solved, 6 satisfied. Both: (10 × 2/6 + 30 × 1 + 30 × 1/2 + 5 × 1 + 15 × 1) / 90 × 100 = (10/3 + 65) / 90 × 100
    // = 2050/27 = 75.925…, the same score: one rank, 1 and 1. Summed in the components' order, A's comes to
    // 75.92592592592594 and B's to 75.92592592592592, and B was ranked 2nd behind A.
    const a: ScoreInput = { responseRate: 2 / 6, resolutionRate: 6 / 6, satisfactionRate: 3 / 6, onTimeAcknowledgementRate: 1, onTimeCompletionRate: 1 }
    const b: ScoreInput = { responseRate: 2 / 6, resolutionRate: 3 / 6, satisfactionRate: 6 / 6, onTimeAcknowledgementRate: 1, onTimeCompletionRate: 1 }
    // C: 0 solved, 6 satisfied; D: 3 solved, 3 satisfied: (10/3 + 0 + 30 + 20) / 90 × 100 = (10/3 + 15 + 15 + 20) / 90 × 100 = 1600/27.
    const c: ScoreInput = { responseRate: 2 / 6, resolutionRate: 0, satisfactionRate: 1, onTimeAcknowledgementRate: 1, onTimeCompletionRate: 1 }
    const d: ScoreInput = { responseRate: 2 / 6, resolutionRate: 3 / 6, satisfactionRate: 3 / 6, onTimeAcknowledgementRate: 1, onTimeCompletionRate: 1 }
    const items: [string, ScoreInput][] = [['d', d], ['b', b], ['c', c], ['a', a]]
    const ranked = rankByScore(items, ([, r]) => r, ([k]) => k)
    expect(ranked.map((r) => [r.item[0], r.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
      ['d', 3],
    ])
    expect(ranked[0]?.score).toBeCloseTo(2050 / 27, 10)
    expect(ranked[2]?.score).toBeCloseTo(1600 / 27, 10)
  })
})

describe('GRIDCASE_RANKING_WEIGHTS', () => {
  it('names some components; the rest keep their defaults', () => {
    const decoded = RankingWeightsCodec.decode('responseRate=20, satisfactionRate=0')
    expect(decoded).toEqual(E.right({ ...DEFAULT_RANKING_WEIGHTS, responseRate: 20, satisfactionRate: 0 }))
  })
  it.each([
    ['speed=3', 'speed=3'],
    ['responseRate=-1', 'responseRate=-1'],
    ['responseRate', 'responseRate'],
  ])('refuses %s, naming the pair', (value, named) => {
    const decoded = RankingWeightsCodec.decode(value)
    expect(E.isLeft(decoded)).toBe(true)
    expect(PathReporter.report(decoded).join()).toContain(named)
  })
  it('refuses weights that are all 0', () => {
    const zero = 'responseRate=0,resolutionRate=0,satisfactionRate=0,onTimeAcknowledgementRate=0,onTimeCompletionRate=0,departmentRating=0'
    expect(PathReporter.report(RankingWeightsCodec.decode(zero)).join()).toContain('at least one weight')
  })
})

describe('composite score properties', () => {
  const rate = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null })
  const rates = fc.record({ responseRate: rate, resolutionRate: rate, satisfactionRate: rate, onTimeAcknowledgementRate: rate, onTimeCompletionRate: rate, departmentRating: rate })
  const component = fc.constantFrom(...RANKING_COMPONENTS)

  it('a unit whose rate rises never scores lower (the weights are not negative)', () => {
    fc.assert(
      fc.property(rates, component, fc.double({ min: 0, max: 1, noNaN: true }), (r, k, more) => {
        const before = r[k]
        if (before === null) return
        const after = Math.min(1, before + more)
        const a = compositeScore(r).score
        const b = compositeScore({ ...r, [k]: after }).score
        expect(b ?? 0).toBeGreaterThanOrEqual((a ?? 0) - 1e-9)
      }),
    )
  })

  it('the score lies between the lowest and the highest known weighted rate, × 100', () => {
    fc.assert(
      fc.property(rates, (r) => {
        const known = RANKING_COMPONENTS.map((k) => r[k]).filter((x): x is number => x !== null)
        const { score } = compositeScore(r)
        if (known.length === 0) return expect(score).toBeNull()
        expect(score).not.toBeNull()
        expect(score ?? 0).toBeGreaterThanOrEqual(100 * Math.min(...known) - 1e-9)
        expect(score ?? 0).toBeLessThanOrEqual(100 * Math.max(...known) + 1e-9)
      }),
    )
  })
})
