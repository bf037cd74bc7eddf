// The figures units are ranked and judged by, against an independent oracle (tests/support/kpiOracle.ts: each figure
// recomputed plainly from the events, sharing no code with the projections), over random histories of the sample logs'
// generator with the assessment's harder cases (merges, referrals to mediation, exclusions while open, callbacks after
// the deadline, missed-then-answered callbacks, residents' ratings, the court's steps, 信访 intake, entrustments).
// Here: the in-memory projection (core's dashboardView over a replay), for any place, period and time — before the
// latest event too. The stores and the HTTP routes: tests/kpi-oracle-stores.test.ts.
import { dashboardProjection, dashboardView, replay, type RateWeights } from '@gridcase/core/projections'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { afterSummonsHistories, ALL_ITEMS, coHandlingHistories, assessmentLog, filterOf, filterRecipes, histories, oracleShape, rebaseHistories, viewShape } from './support/kpiCompare.js'
import { oracleFigures } from './support/kpiOracle.js'

const weightsArb: fc.Arbitrary<RateWeights> = fc.record({ partlySolved: fc.constantFrom(0, 0.5, 1), basicallySatisfied: fc.constantFrom(1, 0.8, 0) })
const shares = fc.constantFrom(0.2, 0.1, 0.5)

/** Every figure the in-memory projection gives equals the oracle's, for histories drawn from `logs`. */
const matchesOracle = (logs: ReturnType<typeof histories>): void =>
  fc.assert(
    fc.property(logs, fc.array(filterRecipes, { minLength: 1, maxLength: 4 }), weightsArb, shares, (history, recipes, weights, dueSoonShare) => {
      const log = assessmentLog(history)
      const state = replay(dashboardProjection, log)
      for (const filter of recipes.map((r) => filterOf(log, r, false))) {
        const view = dashboardView(state, filter, { items: ALL_ITEMS, weights, dueSoonShare })
        expect({ filter, ...viewShape(view) }).toEqual({ filter, ...oracleShape(oracleFigures(log, filter, { weights, dueSoonShare })) })
      }
    }),
    { numRuns: 150 },
  )

describe('the dashboard (in-memory projection) against the oracle', () => {
  it('gives every figure the oracle gives, for any place, period and time (before the latest event too)', () => matchesOracle(histories()))
})

describe('the dashboard (in-memory projection) against the oracle, summoning rounds returned or referred after the summons', () => {
  it('gives every figure the oracle gives, for any place, period and time (before the latest event too)', () => matchesOracle(afterSummonsHistories()))
})

describe('the dashboard (in-memory projection) against the oracle, with co-handling departments (协办), denied extensions, 补充 and notes', () => {
  it('gives every figure the oracle gives, for any place, period and time (before the latest event too)', () => matchesOracle(coHandlingHistories()))
})

describe('the dashboard (in-memory projection) against the oracle, with deadlines re-based when a holiday notice loads', () => {
  // Its logs are the harder ones (summoning rounds and co-handling drawn too): 30 s is short on a loaded machine.
  it('gives every figure the oracle gives, for any place, period and time (before the latest event too)', () => matchesOracle(rebaseHistories()), 120_000)
})
