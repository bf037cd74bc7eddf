// The edges of DOMAIN.md "Dashboards" a second reading asked about, each worked by hand on the log `kpiEdgesHistories`
// (fixtures.ts, where every deadline is written out): a callback in the period for a case dispatched before it, a case
// reopened (重办) to another unit and rated again, or called back again, a 退单 and redispatch across a month's end, a month's end at 00:00 China time (not
// UTC), an exclusion approved after the period, a merged duplicate whose primary is with another unit. The SQLite and
// PostgreSQL read models give the same (tests/support/kpiEdgesChecks.ts).
import { describe, expect, it } from 'vitest'
import { dashboardProjection, dashboardView, type DashboardView } from './dashboard.js'
import { kpiEdgesHistories, kpiEdgesId, KPI_EDGES_PLACE, logOfHistories } from './fixtures.js'
import { replay } from './projection.js'

const log = logOfHistories(kpiEdgesHistories())
const C = (local: string): string => `2026-${local}+08:00`
const MARCH = { from: C('03-01T00:00:00'), to: C('04-01T00:00:00') }
const APRIL = { from: C('04-01T00:00:00'), to: C('05-01T00:00:00') }
const FINAL = C('04-20T12:00:00')

const view = (period: { from: string; to: string }, asOf = FINAL): DashboardView =>
  dashboardView(replay(dashboardProjection, log), { jurisdiction: KPI_EDGES_PLACE, ...period, asOf })
const unit = (v: DashboardView, id: string) => {
  const u = v.units.find((x) => x.unit.id === id)
  return u === undefined ? undefined : { dispatched: u.dispatched, ackOnTime: u.acknowledgedOnTime, results: u.results, resultsOnTime: u.resultsOnTime, calledBack: u.calledBack, evaluated: u.evaluated, satisfied: u.satisfied, returns: u.returns, reopenings: u.reopenings, exclusions: u.exclusions }
}
const rates = (v: DashboardView) => {
  const r = v.rates
  return { dispatched: r.dispatched, ackOnTime: r.acknowledgedOnTime, results: r.results, resultsOnTime: r.resultsOnTime, calledBack: r.calledBack, contacted: r.contacted, resolved: r.resolved, ratedByResident: r.ratedByResident, evaluated: r.evaluated, satisfied: r.satisfied, unsatisfied: r.unsatisfied, excluded: r.excluded }
}

describe('the edges of "Dashboards", worked by hand (fixture kpiEdgesHistories)', () => {
  it('March as finally known (as of 04-20): the China month, not the UTC one', () => {
    const march = view(MARCH)
    // 签收 due in March: e1 (03-21, on time), e2's and e9's first rounds (03-03, on time), e4 (03-31 10:00, never signed,
    // returned after it: late), the grid's; e2's and e9's second rounds (03-10 09:00, on time) and e6 (03-03, on time)
    // the community's. Not: e8's 04-01 00:30 China time (03-31T16:30Z: March in UTC), e3's 04-01 20:00, e5 (excluded on
    // 04-02), e7 (merged into e6 on 03-04, its missed 签收 with it).
    // 办结 due in March: e2's and e9's rounds (03-23 grid, 03-30 community: on time), e6 (03-23, still open: late). e1's
    // is 04-13.
    // 三率: e1's callback, at 04-01 00:30 China time, is April's. e9 counts once, by its latest callback made in March
    // (03-16: contacted, solved, satisfied, the community's); its first (03-06, unsatisfied) is not the grid's in March,
    // whose result it judged — the 重办 is. e1 and e2 were not called back in March: the residents' latest ratings made in
    // it count, for the 满意率 only: e1's (03-31 23:30, satisfied, the grid's) and e2's second (03-13, satisfied, the
    // community's), which took the place of its first (03-06, unsatisfied, the grid's).
    expect(rates(march)).toEqual({ dispatched: 7, ackOnTime: 6, results: 5, resultsOnTime: 4, calledBack: 1, contacted: 1, resolved: 1, ratedByResident: 2, evaluated: 3, satisfied: 3, unsatisfied: 0, excluded: 0 })
    expect(march.rates.satisfactionRate).toBe(1)
    expect(march.rates.responseRate).toBe(1)
    expect(unit(march, 'grid-017')).toEqual({ dispatched: 4, ackOnTime: 3, results: 2, resultsOnTime: 2, calledBack: 0, evaluated: 1, satisfied: 1, returns: 0, reopenings: 2, exclusions: 0 })
    expect(unit(march, 'xx-community')).toEqual({ dispatched: 3, ackOnTime: 3, results: 3, resultsOnTime: 2, calledBack: 1, evaluated: 2, satisfied: 2, returns: 0, reopenings: 0, exclusions: 0 })
    expect(march.exclusions).toEqual([])
  })

  it('March as it stood on 03-31 12:00, and on 04-01 12:00 (the month over, before the exclusion was approved)', () => {
    // 03-31 12:00: e4's 签收 (03-31 10:00) open past it: late; e5's 签收 and 办结 (03-23) open past them: late; e1 not
    // yet rated; e2's second rating counts.
    const noon31 = view(MARCH, C('03-31T12:00:00'))
    expect(rates(noon31)).toEqual({ dispatched: 8, ackOnTime: 6, results: 6, resultsOnTime: 4, calledBack: 1, contacted: 1, resolved: 1, ratedByResident: 1, evaluated: 2, satisfied: 2, unsatisfied: 0, excluded: 0 })
    expect(unit(noon31, 'grid-017')).toMatchObject({ dispatched: 5, ackOnTime: 3, results: 3, resultsOnTime: 2, evaluated: 0 })
    // 04-01 12:00: e1 rated 03-31 23:30 and called back 04-01 00:30 — the callback, made after March, leaves March's
    // rating in place; e5 still in (approved 04-02): as on 03-31, with e1's rating.
    const noon01 = view(MARCH, C('04-01T12:00:00'))
    expect(rates(noon01)).toEqual({ dispatched: 8, ackOnTime: 6, results: 6, resultsOnTime: 4, calledBack: 1, contacted: 1, resolved: 1, ratedByResident: 2, evaluated: 3, satisfied: 3, unsatisfied: 0, excluded: 0 })
    // The approval of 04-02 takes e5 out of March too, and lists it in April (docs/kpis.md "Readings").
    expect(rates(view(MARCH, C('04-02T09:00:00')))).toMatchObject({ dispatched: 7, results: 5, excluded: 0 })
  })

  it('April (as of 04-20): the callbacks made in it, the 退单 and redispatches across the month’s start, the exclusion', () => {
    const april = view(APRIL)
    // 签收 due: e8 (04-01 00:30, on time; the grid's), e3 and e4 with the community (04-02, on time). e3's grid round
    // (returned 04-01 09:00, before its 签收 and 办结 deadlines) counts nothing; e4's grid round was March's.
    // 办结 due: e1 (04-13) and e8 (04-22, result given 04-02): on time, the grid's. e3 and e4 (04-23) not yet passed.
    // Callbacks: e1 (04-01 00:30, the grid's), e2 (04-02, the community's: its result), both answered.
    expect(rates(april)).toEqual({ dispatched: 3, ackOnTime: 3, results: 2, resultsOnTime: 2, calledBack: 2, contacted: 2, resolved: 2, ratedByResident: 0, evaluated: 2, satisfied: 2, unsatisfied: 0, excluded: 1 })
    expect(unit(april, 'grid-017')).toEqual({ dispatched: 1, ackOnTime: 1, results: 2, resultsOnTime: 2, calledBack: 1, evaluated: 1, satisfied: 1, returns: 2, reopenings: 0, exclusions: 1 })
    expect(unit(april, 'xx-community')).toEqual({ dispatched: 2, ackOnTime: 2, results: 0, resultsOnTime: 0, calledBack: 1, evaluated: 1, satisfied: 1, returns: 0, reopenings: 0, exclusions: 0 })
    expect(april.exclusions).toEqual([{ caseId: kpiEdgesId(5), ground: 'unreasonable-demand', unitId: 'grid-017' }])
  })

  it('periods that are not a month: 1–10 March (e2’s first rating, e9’s first callback), the day around the month’s end, the quarters and the year', () => {
    // 1–10 March: e2's first rating and e9's first callback (03-06, unsatisfied: the grid's) count — their successors are
    // after the period. 签收 due: e2's, e9's and e6's first rounds (03-03, on time); the second rounds' are 03-10 09:00.
    const early = view({ from: C('03-01T00:00:00'), to: C('03-10T00:00:00') })
    expect(rates(early)).toEqual({ dispatched: 3, ackOnTime: 3, results: 0, resultsOnTime: 0, calledBack: 1, contacted: 1, resolved: 0, ratedByResident: 1, evaluated: 2, satisfied: 0, unsatisfied: 2, excluded: 0 })
    expect(early.rates.satisfactionRate).toBe(0)
    expect(unit(early, 'grid-017')).toMatchObject({ calledBack: 1, evaluated: 2, satisfied: 0, reopenings: 2 })
    // 03-31 12:00 to 04-01 12:00: e1's rating and its callback both made in it: the callback counts, the rating not.
    const around = view({ from: C('03-31T12:00:00'), to: C('04-01T12:00:00') })
    expect(rates(around)).toEqual({ dispatched: 1, ackOnTime: 1, results: 0, resultsOnTime: 0, calledBack: 1, contacted: 1, resolved: 1, ratedByResident: 0, evaluated: 1, satisfied: 1, unsatisfied: 0, excluded: 0 })
    expect(unit(around, 'grid-017')).toMatchObject({ returns: 2, calledBack: 1 })
    // The quarters are their months (nothing else happened); the year holds both callbacks, which took the ratings' place.
    expect(rates(view({ from: C('01-01T00:00:00'), to: C('04-01T00:00:00') }))).toEqual(rates(view(MARCH)))
    expect(rates(view({ from: C('04-01T00:00:00'), to: C('07-01T00:00:00') }))).toEqual(rates(view(APRIL)))
    expect(rates(view({ from: C('01-01T00:00:00'), to: '2027-01-01T00:00:00+08:00' }))).toEqual({ dispatched: 10, ackOnTime: 9, results: 7, resultsOnTime: 6, calledBack: 3, contacted: 3, resolved: 3, ratedByResident: 0, evaluated: 3, satisfied: 3, unsatisfied: 0, excluded: 1 })
  })

  it('the resolution level: each case’s accepted result at the level of the unit that gave it, in the month it was given', () => {
    // March: e1 (grid, 03-25), e2's and e9's second results (community, 03-12; their first were sent back by 重办). April:
    // e8 (grid).
    expect(view(MARCH).resolutionLevels).toMatchObject({ total: 3, byLevel: { grid: { count: 1 }, community: { count: 2 } } })
    expect(view(APRIL).resolutionLevels).toMatchObject({ total: 1, byLevel: { grid: { count: 1 } } })
  })

  it('a merged duplicate excluded before or after the merge is neither counted nor listed as excluded: it counts nothing', () => {
    // e10: excluded 03-05, merged 03-06; e11: merged 03-04, excluded 03-06. As of 03-05 12:00 e10 is an exclusion of
    // March, counted and listed (the grid's); from its merge on, like e11 all along, nothing of either counts — nor
    // is either listed, which would make a list longer than its count (docs/kpis.md "Denominator rules").
    const before = view(MARCH, C('03-05T12:00:00'))
    expect({ excluded: before.rates.excluded, grid: unit(before, 'grid-017')?.exclusions, listed: before.exclusions }).toEqual({
      excluded: 1, grid: 1, listed: [{ caseId: kpiEdgesId(10), ground: 'duplicate', unitId: 'grid-017' }],
    })
    for (const asOf of [C('03-06T12:00:00'), FINAL]) {
      const march = view(MARCH, asOf)
      expect({ asOf, excluded: march.rates.excluded, grid: unit(march, 'grid-017')?.exclusions, listed: march.exclusions }).toEqual({ asOf, excluded: 0, grid: 0, listed: [] })
    }
  })
})
