// The edges of DOMAIN.md "Dashboards" worked by hand in packages/core/src/projections/kpiEdges.test.ts (fixture
// `kpiEdgesHistories`: a callback at 00:30 China time on 1 April, March in UTC; a 重办 rated again or called back again; 退单 and redispatch
// across the month's start; an exclusion approved after March; a merged duplicate whose primary is another unit's, and
// merged duplicates excluded before or after the merge),
// through a dashboard read model: for each period and time, the same body as core's dashboard over a replay, as the
// oracle (tests/support/kpiOracle.ts), and the hand figures where kpiEdges.test.ts gives them; and the 考核 figures a
// ranking and trends read at once (`figures`) equal to the model's own dashboards. The log is applied as it stood at
// each time (a read model answers at or after its latest event); kept whole, it does not answer as of 03-05 noon.
import type { DashboardReadModel } from '@gridcase/adapters'
import { dashboardProjection, dashboardView, monthsUpTo, replay, type DashboardView } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { kpiEdgesHistories, KPI_EDGES_PLACE, logOfHistories } from '../../packages/core/src/projections/fixtures.js'
import { ALL_ITEMS, oracleShape, viewShape } from './kpiCompare.js'
import { oracleFigures } from './kpiOracle.js'

const C = (local: string): string => `2026-${local}+08:00`
const MARCH = { from: C('03-01T00:00:00'), to: C('04-01T00:00:00') }
const APRIL = { from: C('04-01T00:00:00'), to: C('05-01T00:00:00') }
const PERIODS: readonly { readonly from?: string; readonly to?: string }[] = [
  MARCH,
  APRIL,
  { from: C('03-01T00:00:00'), to: C('03-10T00:00:00') },
  { from: C('03-31T12:00:00'), to: C('04-01T12:00:00') },
  // The UTC month: e1's callback (03-31T16:30Z) and e8's 签收 deadline fall in it, not in the China month.
  { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
  { from: C('01-01T00:00:00'), to: C('04-01T00:00:00') },
  { from: C('04-01T00:00:00'), to: C('07-01T00:00:00') },
  { from: C('01-01T00:00:00'), to: '2027-01-01T00:00:00+08:00' },
  {},
]
// 03-05 and 03-06 noon: e10 excluded, then merged (and e11 merged, then excluded): listed and counted, then neither.
const AS_OF = [C('03-05T12:00:00'), C('03-06T12:00:00'), C('03-31T12:00:00'), C('04-01T12:00:00'), C('04-02T09:00:00'), C('04-20T12:00:00')]

/** What kpiEdges.test.ts works out by hand for March and April, as of 04-20 (the rates' counts). */
const HAND: readonly { readonly period: { from: string; to: string }; readonly rates: Partial<DashboardView['rates']> }[] = [
  { period: MARCH, rates: { dispatched: 7, acknowledgedOnTime: 6, results: 5, resultsOnTime: 4, calledBack: 1, ratedByResident: 2, evaluated: 3, satisfied: 3, excluded: 0 } },
  { period: APRIL, rates: { dispatched: 3, acknowledgedOnTime: 3, results: 2, resultsOnTime: 2, calledBack: 2, contacted: 2, resolved: 2, ratedByResident: 0, evaluated: 2, satisfied: 2, excluded: 1 } },
]

export const checkKpiEdges = async (model: DashboardReadModel): Promise<void> => {
  const whole = logOfHistories(kpiEdgesHistories())
  for (const asOf of AS_OF) {
    const log = whole.filter((e) => Date.parse(e.metadata.occurredAt) <= Date.parse(asOf))
    await model.reset()
    await model.apply(log)
    const state = replay(dashboardProjection, log)
    for (const period of PERIODS) {
      const filter = { jurisdiction: KPI_EDGES_PLACE, ...period, asOf }
      const got = await model.view(filter, { items: ALL_ITEMS })
      if (got === undefined) throw new Error('no view')
      expect({ filter, ...viewShape(got) }).toEqual({ filter, ...viewShape(dashboardView(state, filter, { items: ALL_ITEMS })) })
      expect({ filter, ...viewShape(got) }).toEqual({ filter, ...oracleShape(oracleFigures(log, filter)) })
      const hand = HAND.find((h) => asOf === C('04-20T12:00:00') && h.period.from === period.from && h.period.to === period.to)
      if (hand !== undefined) expect(got.rates).toMatchObject(hand.rates)
    }
    // A ranking's and the trends' read: the months (China) up to asOf and the period of the UTC month's ends.
    const periods = monthsUpTo(asOf, 3).map((p) => ({ from: p.from, to: p.to }))
    const answer = await model.figures?.({ jurisdiction: KPI_EDGES_PLACE, places: [KPI_EDGES_PLACE], periods, asOf })
    if (answer === undefined) throw new Error('no figures')
    for (const [i, p] of periods.entries()) {
      const view = await model.view({ jurisdiction: KPI_EDGES_PLACE, ...p, asOf, depth: 0 })
      expect({ ...p, rates: answer.get(KPI_EDGES_PLACE)?.[i]?.rates }).toEqual({ ...p, rates: view?.rates })
    }
  }
  // The whole log kept, read as of 03-05 noon (e10's exclusion approved, its merge not yet): the kept facts are those after
  // the latest event (no exclusion for e10, merged by then: caseFacts), so the model must not answer — the service
  // replays the log (readModelDashboards), which lists e10 as kpiEdges.test.ts has it. A model answering here would
  // leave e10 out of the list its count still holds.
  await model.reset()
  await model.apply(whole)
  const between = C('03-05T12:00:00')
  expect(await model.view({ jurisdiction: KPI_EDGES_PLACE, ...MARCH, asOf: between }, { items: ALL_ITEMS })).toBeUndefined()
  expect(await model.figures?.({ jurisdiction: KPI_EDGES_PLACE, places: [KPI_EDGES_PLACE], periods: [MARCH], asOf: between })).toBeUndefined()
}
