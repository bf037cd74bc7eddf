// The 三率's weights are configurable (DOMAIN.md "Dashboards": 解决率 = (solved + partly solved × a weight, default 0) /
// called back; 满意率 = (satisfied + basically satisfied × a weight, default 1) / evaluated; GRIDCASE_RATE_WEIGHTS). The
// SQLite dashboard read with weights answers the same body as core's `dashboardView` over a replay with them (the
// reference), its units' figures and the 考核 figures (rankings, trends) included; read without, the defaults.
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay, type RateWeights } from '@gridcase/core/projections'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RATE_WEIGHTS_AS_OF, RATE_WEIGHTS_PLACE, RATE_WEIGHTS_UNIT, rateWeightsDrafts } from '../../../core/src/projections/fixtures.js'
import { sqliteDashboard } from './sqliteDashboard.js'

// The log: four complaints of grid-017 (core's projections/fixtures.ts, `rateWeightsDrafts`), by hand:
//   1 called back: solved, satisfied; 2 called back: partly solved, basically satisfied; 3 called back: not solved,
//   unsatisfied; 4 not reached (out of the 解决率), rated basically satisfied by the resident (in the 满意率).
//   解决率 = (1 solved + 1 partly × 0.5) / 3 called back = 0.5        (defaults: 1/3)
//   满意率 = (1 satisfied + 2 basically × 0.5) / 4 evaluated = 0.5    (defaults: (1 + 2) / 4 = 0.75)
const log = sealLog(rateWeightsDrafts())
const weights: RateWeights = { partlySolved: 0.5, basicallySatisfied: 0.5 }
const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }

describe('the 三率 weighted as configured, from the SQLite dashboard', () => {
  const model = sqliteDashboard(':memory:')
  const reference = replay(dashboardProjection, log)
  beforeAll(async () => {
    await model.apply(log)
  })
  afterAll(() => model.close())

  it('gives the replay’s body with the weights: 解决率 (1 + 0.5) / 3 = 0.5, 满意率 (1 + 2 × 0.5) / 4 = 0.5, and names them', async () => {
    for (const filter of [{ asOf: RATE_WEIGHTS_AS_OF }, { ...MARCH, asOf: RATE_WEIGHTS_AS_OF, jurisdiction: RATE_WEIGHTS_PLACE, depth: 0 }]) {
      const view = await model.view(filter, { weights })
      expect(view).toEqual(dashboardView(reference, filter, { weights }))
      expect(view?.rates).toMatchObject({
        weights,
        calledBack: 3, resolved: 1, partlySolved: 1, notSolved: 1, notReached: 1, resolutionRate: 0.5,
        evaluated: 4, ratedByResident: 1, satisfied: 1, basicallySatisfied: 2, unsatisfied: 1, satisfactionRate: 0.5,
      })
      // The unit's evaluation and its 以下评上 are weighted the same way.
      expect(view?.units.find((u) => u.unit.id === RATE_WEIGHTS_UNIT)).toMatchObject({ calledBack: 3, resolutionRate: 0.5, evaluated: 4, satisfactionRate: 0.5 })
    }
  })

  it('keeps the defaults when read without weights: 解决率 1/3, 满意率 3/4', async () => {
    const filter = { asOf: RATE_WEIGHTS_AS_OF }
    const view = await model.view(filter)
    expect(view).toEqual(dashboardView(reference, filter))
    expect(view?.rates).toMatchObject({ weights: { partlySolved: 0, basicallySatisfied: 1 }, resolutionRate: 1 / 3, satisfactionRate: 0.75 })
  })

  it('weights the 考核 figures (rankings, trends) as a dashboard of the place and period read with them', async () => {
    const query = { jurisdiction: RATE_WEIGHTS_PLACE, places: [RATE_WEIGHTS_PLACE], periods: [MARCH], asOf: RATE_WEIGHTS_AS_OF }
    const [weighted] = (await model.figures?.({ ...query, weights }))?.get(RATE_WEIGHTS_PLACE) ?? []
    const dashboard = dashboardView(reference, { ...MARCH, asOf: RATE_WEIGHTS_AS_OF, jurisdiction: RATE_WEIGHTS_PLACE, depth: 0 }, { weights })
    expect(weighted?.rates).toEqual(dashboard.rates)
    expect(weighted?.rates).toMatchObject({ weights, resolutionRate: 0.5, satisfactionRate: 0.5 })
    const [plain] = (await model.figures?.(query))?.get(RATE_WEIGHTS_PLACE) ?? []
    expect(plain?.rates).toMatchObject({ resolutionRate: 1 / 3, satisfactionRate: 0.75 })
  })
})
