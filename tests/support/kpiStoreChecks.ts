// The dashboard read models (SQLite's, PostgreSQL's) against the KPI oracle (tests/support/kpiOracle.ts), alike for
// both: a random history of the assessment's harder cases applied in random batches, then dashboards at or after its
// latest event (what a read model answers) and the figures of whole China months and days that rankings and trends read.
import type { DashboardReadModel } from '@gridcase/adapters'
import { monthsUpTo, daysUpTo, type RateWeights } from '@gridcase/core/projections'
import fc from 'fast-check'
import { expect } from 'vitest'
import { batches } from './dashboardCases.js'
import { ALL_ITEMS, assessmentLog, filterOf, filterRecipes, histories, oracleShape, span, viewShape, type FilterRecipe, type History } from './kpiCompare.js'
import { oracleFigures } from './kpiOracle.js'

export const storeCases = fc.record({
  history: histories(40),
  cuts: fc.array(fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000), { maxLength: 4 }),
  recipes: fc.array(filterRecipes, { minLength: 1, maxLength: 3 }),
  weights: fc.record({ partlySolved: fc.constantFrom(0, 0.5), basicallySatisfied: fc.constantFrom(1, 0.5) }),
  dueSoon: fc.constantFrom(undefined, 0.1, 0.5),
})

/** `storeCases` whose summoning rounds may be returned (退单) or referred to mediation after the summons (sampleLog's `afterSummons`). */
export const afterSummonsStoreCases = storeCases.map((c) => ({ ...c, history: { ...c.history, afterSummons: true } }))

/** `storeCases` with co-handling departments (协办), denied extensions, 补充 and notes (sampleLog's `coHandling`). */
export const coHandlingStoreCases = fc.tuple(storeCases, fc.boolean()).map(([c, afterSummons]) => ({ ...c, history: { ...c.history, coHandling: true, afterSummons } }))

/** `storeCases` whose logs re-base deadlines when a holiday notice loads (sampleLog's `rebases`), with or without the harder rounds. */
export const rebaseStoreCases = fc.tuple(storeCases, fc.boolean(), fc.boolean()).map(([c, afterSummons, coHandling]) => ({ ...c, history: { ...c.history, rebases: true, afterSummons, coHandling } }))

const PLACES_OF_FIGURES = ['hohhot', 'hohhot/saihan', 'hohhot/xincheng/wulan']

/** One history through a fresh read model: its dashboards and period figures are the oracle's. */
export const checkStoreAgainstOracle = async (
  model: DashboardReadModel,
  c: { readonly history: History; readonly cuts: readonly number[]; readonly recipes: readonly FilterRecipe[]; readonly weights: RateWeights; readonly dueSoon: number | undefined },
): Promise<void> => {
  const log = assessmentLog(c.history)
  for (const batch of batches(log, c.cuts)) await model.apply(batch)
  for (const recipe of c.recipes) {
    const filter = { ...filterOf(log, recipe, true), ...(c.dueSoon === undefined ? {} : { dueSoon: c.dueSoon }) }
    const view = await model.view(filter, { items: ALL_ITEMS, weights: c.weights })
    if (view === undefined) throw new Error('a read model answers a dashboard at or after its latest event')
    const oracle = oracleFigures(log, filter, { weights: c.weights, ...(c.dueSoon === undefined ? {} : { dueSoonShare: c.dueSoon }) })
    expect({ filter, ...viewShape(view) }).toEqual({ filter, ...oracleShape(oracle) })
  }
  // Rankings and trends: whole China months and days, several places at once, as of hours after the latest event.
  const { last } = span(log)
  const asOf = new Date(last + 5 * 3_600_000).toISOString()
  const periods = [...monthsUpTo(asOf, 4), ...daysUpTo(asOf, 5)].map((p) => ({ from: p.from, to: p.to }))
  const answer = await model.figures?.({ jurisdiction: 'hohhot', places: PLACES_OF_FIGURES, periods, asOf, weights: c.weights })
  if (answer === undefined) throw new Error('the read model gives the figures of whole China months and days')
  for (const place of PLACES_OF_FIGURES) {
    for (const [i, period] of periods.entries()) {
      const got = answer.get(place)?.[i]
      const oracle = oracleFigures(log, { jurisdiction: place, ...period, asOf }, { weights: c.weights })
      const { weights: _w, ...rates } = got?.rates ?? { weights: undefined }
      expect({ place, period, complaints: got?.counts.complaint.total, disputes: got?.counts.dispute.total, rates, overdue: got?.overdue.byKind }).toEqual({
        place,
        period,
        complaints: oracle.counts.complaint.total,
        disputes: oracle.counts.dispute.total,
        rates: oracle.rates,
        overdue: oracle.overdue.byKind,
      })
    }
  }
}
