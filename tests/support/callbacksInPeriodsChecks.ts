// A period's 三率 are made of the callbacks made in it, and stay as they were when later callbacks are made (DOMAIN.md
// "Dashboards"): checked on a dashboard read model (SQLite, PostgreSQL) with core's `callbacksInPeriodsDrafts` (five
// complaints of grid-017, worked out by hand there and in packages/core/src/projections/rates.test.ts). The model is fed
// March's history first (every callback of February and March made, none of April's), read, then the rest: March's
// figures — the dashboard's, the unit's and the 考核 figures rankings and trends take — must not move.
import type { DashboardReadModel } from '@gridcase/adapters'
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay, type Rates } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { periodsLog } from './dashboardCases.js'
import { CALLBACKS_MARCH_DONE, CALLBACKS_PLACE, CALLBACKS_UNIT, callbacksInPeriodsDrafts } from '../../packages/core/src/projections/fixtures.js'

const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }
const APRIL = { from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' }
const FEBRUARY = { from: '2026-02-01T00:00:00+08:00', to: MARCH.from }
const Q1 = { from: '2026-01-01T00:00:00+08:00', to: MARCH.to }
const MARCH_APRIL = { from: MARCH.from, to: APRIL.to }
/** Runs of whole months (their facts with a competitor from the kept sums by months: see `countsInMonths`). */
const FEBRUARY_MARCH = { from: FEBRUARY.from, to: MARCH.to }
const APRIL_MAY = { from: APRIL.from, to: '2026-06-01T00:00:00+08:00' }
const YEAR = { from: Q1.from, to: '2027-01-01T00:00:00+08:00' }
/** The quarter and 1 April: whole months and a day (its facts with a competitor read one by one). */
const Q1_TO_APRIL_2 = { from: Q1.from, to: '2026-04-02T00:00:00+08:00' }
/** A period whose ends are not China midnights (read from the facts one by one, not the kept sums): 03-05 to 04-02 12:00. */
const UNEVEN = { from: '2026-03-05T12:00:00+08:00', to: '2026-04-02T12:00:00+08:00' }
/** Both ends in March, not China midnights (its days' callbacks of alignment 1 read by their competitor in March). */
const EARLY_MARCH = { from: '2026-03-01T10:00:00+08:00', to: '2026-03-20T08:00:00+08:00' }
const AS_OF = '2026-04-30T12:00:00+08:00'
const day = (date: string) => ({ from: `${date}T00:00:00+08:00`, to: new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString() })
/** Single China days, and days within March that are not one (6 to 10 March, read from the facts one by one). */
const MARCH_6 = day('2026-03-06')
const MARCH_10 = day('2026-03-10')
const APRIL_2 = day('2026-04-02')
const MARCH_6_TO_10 = { from: MARCH_6.from, to: MARCH_10.to }

const none = { calledBack: 0, contacted: 0, resolved: 0, partlySolved: 0, notSolved: 0, notReached: 0, declined: 0, ratedByResident: 0, evaluated: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 }
// Worked by hand (see the fixture): March p1 03-10 (c, not solved, unsatisfied), p2 03-20 (c, solved, satisfied), p3 03-06
// (c, not solved, unsatisfied), p4 03-06 (c, solved, basically), p5 03-20 (c, solved, satisfied).
const MARCH_FIGURES = { ...none, calledBack: 5, contacted: 5, resolved: 3, notSolved: 2, evaluated: 5, satisfied: 2, basicallySatisfied: 1, unsatisfied: 2, responseRate: 1, resolutionRate: 0.6, satisfactionRate: 0.6 }
// April: p1 04-02 (c, solved, satisfied); p3 not reached 04-02 (apart); p4 the resident's rating 04-03 (unsatisfied).
const APRIL_FIGURES = { ...none, calledBack: 1, contacted: 1, resolved: 1, notReached: 1, ratedByResident: 1, evaluated: 2, satisfied: 1, unsatisfied: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 0.5 }
// February: p5 02-20 (c, not solved, unsatisfied). Q1: as March (p5 counts its 03-20 callback only).
const FEBRUARY_FIGURES = { ...none, calledBack: 1, contacted: 1, notSolved: 1, evaluated: 1, unsatisfied: 1, responseRate: 1, resolutionRate: 0, satisfactionRate: 0 }
// March–April and all time: p1 04-02 (solved, satisfied), p2 03-20 (solved, satisfied), p3 03-06 (not solved,
// unsatisfied; its April miss does not count), p4 03-06 (solved, basically; its April rating does not count), p5 03-20.
const LATEST_FIGURES = { ...none, calledBack: 5, contacted: 5, resolved: 4, notSolved: 1, evaluated: 5, satisfied: 3, basicallySatisfied: 1, unsatisfied: 1, responseRate: 1, resolutionRate: 0.8, satisfactionRate: 0.8 }

// Runs of whole months [F, T), by the months of the facts of alignment 2 and of their competitors (countsInMonths):
// - the quarter, and February–March (T April): p1's 03-10 callback, no earlier competitor, its later one (04-02) in T:
//   counts; p5's 02-20, its later one (03-20) in T − 1: does not (p5's 03-20 counts) — MARCH_FIGURES both;
// - March–April (F March, T May): p1's 03-10, its later one in T − 1, does not; p3's 04-02 miss and p4's 04-03 rating,
//   their earlier competitor (03-06) in F, do not — LATEST_FIGURES;
// - April–May (F April): p3's miss and p4's rating, their earlier competitor in F − 1 (March), count — APRIL_FIGURES;
// - the year 2026: every competitor inside — LATEST_FIGURES, as all time.
// The callbacks and ratings with a competitor among these, by the periods of whole buckets they can count in (alignment,
// packages/adapters/src/projections/periodBuckets.ts): p1's 03-10 callback (until 04-02), p5's 02-20 (until 03-20), p3's
// 04-02 miss (since 03-06) and p4's 04-03 rating (since 03-06) have theirs in other months (2: kept in their month's and
// day's sums); p2's 03-06 callback (until 03-20) in its own month (1: its day's sums only).
// 6 March: p2 (not contacted, partly, basically: its 03-20 call is not in the day), p3 (c, not solved, unsatisfied), p4
// (c, solved, basically).
const MARCH_6_FIGURES = {
  ...none, calledBack: 3, contacted: 2, resolved: 1, partlySolved: 1, notSolved: 1, evaluated: 3, basicallySatisfied: 2, unsatisfied: 1,
  responseRate: 2 / 3, resolutionRate: 1 / 3, satisfactionRate: 2 / 3,
}
// 10 March: p1 (c, not solved, unsatisfied; its 04-02 call is not in the day).
const MARCH_10_FIGURES = { ...none, calledBack: 1, contacted: 1, notSolved: 1, evaluated: 1, unsatisfied: 1, responseRate: 1, resolutionRate: 0, satisfactionRate: 0 }
// 2 April: p1 (c, solved, satisfied), p3's miss (not reached: its 03-06 call is not in the day).
const APRIL_2_FIGURES = { ...none, calledBack: 1, contacted: 1, resolved: 1, notReached: 1, evaluated: 1, satisfied: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 }
// 6 to 10 March: the 6th's three and p1's 10th (p2's 03-20 call is after the period).
const MARCH_6_TO_10_FIGURES = {
  ...none, calledBack: 4, contacted: 3, resolved: 1, partlySolved: 1, notSolved: 2, evaluated: 4, basicallySatisfied: 2, unsatisfied: 2,
  responseRate: 0.75, resolutionRate: 0.25, satisfactionRate: 0.5,
}

const threeRates = (rates: Rates | undefined) =>
  rates === undefined
    ? undefined
    : {
        calledBack: rates.calledBack, contacted: rates.contacted, resolved: rates.resolved, partlySolved: rates.partlySolved, notSolved: rates.notSolved,
        notReached: rates.notReached, declined: rates.declined, ratedByResident: rates.ratedByResident, evaluated: rates.evaluated,
        satisfied: rates.satisfied, basicallySatisfied: rates.basicallySatisfied, unsatisfied: rates.unsatisfied,
        responseRate: rates.responseRate, resolutionRate: rates.resolutionRate, satisfactionRate: rates.satisfactionRate,
      }

/** March's figures as the model gives them: the place's dashboard, the unit's row, and the 考核 figures of the month. */
const marchOf = async (model: DashboardReadModel, asOf: string) => {
  const view = await model.view({ ...MARCH, asOf, jurisdiction: CALLBACKS_PLACE, depth: 0 })
  const figures = await model.figures?.({ jurisdiction: CALLBACKS_PLACE, places: [CALLBACKS_PLACE], periods: [MARCH], asOf })
  return { rates: view?.rates, unit: view?.units.find((u) => u.unit.id === CALLBACKS_UNIT), figures: figures?.get(CALLBACKS_PLACE)?.[0]?.rates }
}

/** Feeds the model March's history, then the rest, and checks every period's 三率 against the hand-worked figures and a replay. */
export const checkCallbacksInPeriods = async (model: DashboardReadModel): Promise<void> => {
  const log = sealLog(callbacksInPeriodsDrafts())
  const cut = log.findIndex((e) => Date.parse(e.metadata.occurredAt) > Date.parse(CALLBACKS_MARCH_DONE))
  expect(cut).toBeGreaterThan(0)
  await model.apply(log.slice(0, cut))
  const before = await marchOf(model, CALLBACKS_MARCH_DONE)
  expect(threeRates(before.rates)).toEqual(MARCH_FIGURES)
  await model.apply(log.slice(cut))
  const after = await marchOf(model, AS_OF)
  // March as published on 31 March is March on 30 April: the dashboard's, the unit's and the ranking's figures alike.
  expect(after.rates).toEqual(before.rates)
  expect(after.unit).toEqual(before.unit)
  expect(after.unit).toMatchObject({ calledBack: 5, contacted: 5, resolved: 3, evaluated: 5, satisfied: 3, satisfactionRate: 0.6 })
  if (model.figures !== undefined) {
    expect(threeRates(after.figures)).toEqual(MARCH_FIGURES)
    expect(after.figures).toEqual(before.figures)
  }
  const reference = replay(dashboardProjection, log)
  const periods: [object, object][] = [
    [MARCH, MARCH_FIGURES], [APRIL, APRIL_FIGURES], [FEBRUARY, FEBRUARY_FIGURES], [Q1, MARCH_FIGURES], [MARCH_APRIL, LATEST_FIGURES], [{}, LATEST_FIGURES],
    [FEBRUARY_MARCH, MARCH_FIGURES], [APRIL_MAY, APRIL_FIGURES], [YEAR, LATEST_FIGURES], [{ from: APRIL.from }, APRIL_FIGURES], [{ to: APRIL.from }, MARCH_FIGURES],
    [MARCH_6, MARCH_6_FIGURES], [MARCH_10, MARCH_10_FIGURES], [APRIL_2, APRIL_2_FIGURES], [MARCH_6_TO_10, MARCH_6_TO_10_FIGURES],
  ]
  for (const [period, expected] of periods) {
    for (const jurisdiction of [CALLBACKS_PLACE, 'hohhot']) {
      const filter = { ...period, asOf: AS_OF, jurisdiction, depth: 1 }
      const view = await model.view(filter)
      expect(threeRates(view?.rates)).toEqual(expected)
      expect(view).toEqual(dashboardView(reference, filter))
    }
  }
  // A period of uneven ends (read from the facts themselves): the same as a replay's.
  const uneven = { ...UNEVEN, asOf: AS_OF }
  expect(await model.view(uneven)).toEqual(dashboardView(reference, uneven))
  // Both ends in March, not China midnights (1 March 10:00 to 20 March 08:00, days 2–19): the callbacks of alignment 1
  // (a competitor in their own month) made in those days are read by that competitor's time in March, the shorter range
  // (sameMonthReads) — p2's 03-06 callback by its later one (03-20 09:00, after the end: it counts), with p1's 03-10
  // and p3's and p4's 03-06 — 4 called back (3 with that read left out).
  for (const [period, calledBack] of [[EARLY_MARCH, 4]] as const) {
    for (const jurisdiction of [CALLBACKS_PLACE, 'hohhot']) {
      const filter = { ...period, asOf: AS_OF, jurisdiction, depth: 1 }
      const view = await model.view(filter)
      expect(view?.rates.calledBack).toBe(calledBack)
      expect(view).toEqual(dashboardView(reference, filter))
    }
  }
  // The 考核 figures of several periods in one read (trends: month by month; a quarter; a ranking's period).
  if (model.figures !== undefined) {
    const asked = [FEBRUARY, MARCH, APRIL, Q1, MARCH_APRIL, FEBRUARY_MARCH, APRIL_MAY, YEAR]
    const figures = (await model.figures({ jurisdiction: 'hohhot', places: ['hohhot', CALLBACKS_PLACE], periods: asked, asOf: AS_OF }))
    for (const place of ['hohhot', CALLBACKS_PLACE]) {
      expect(figures?.get(place)?.map((f) => threeRates(f.rates))).toEqual([
        FEBRUARY_FIGURES, MARCH_FIGURES, APRIL_FIGURES, MARCH_FIGURES, LATEST_FIGURES, MARCH_FIGURES, APRIL_FIGURES, LATEST_FIGURES,
      ])
    }
    // Single months and days (their callbacks and ratings with a competitor from the kept sums) beside periods that read
    // those facts one by one (the quarter, 6–10 March): each such fact counted once in each period it counts in — p1's
    // 03-10 callback is in the quarter's facts, March's and 10 March's sums; p2's 03-06 in the days' facts and 6 March's
    // sums — not twice in a month or day, nor left out of one.
    const mixed = [Q1, MARCH, MARCH_6, MARCH_10, MARCH_6_TO_10, FEBRUARY, APRIL_2, APRIL]
    const both = await model.figures({ jurisdiction: 'hohhot', places: ['hohhot', CALLBACKS_PLACE], periods: mixed, asOf: AS_OF })
    for (const place of ['hohhot', CALLBACKS_PLACE]) {
      expect(both?.get(place)?.map((f) => threeRates(f.rates))).toEqual([
        MARCH_FIGURES, MARCH_FIGURES, MARCH_6_FIGURES, MARCH_10_FIGURES, MARCH_6_TO_10_FIGURES, FEBRUARY_FIGURES, APRIL_2_FIGURES, APRIL_FIGURES,
      ])
    }
    // The trends' shape: months and single days only (none read one by one).
    const trends = [FEBRUARY, MARCH, APRIL, MARCH_6, MARCH_10, APRIL_2]
    const alone = await model.figures({ jurisdiction: 'hohhot', places: ['hohhot'], periods: trends, asOf: AS_OF })
    expect(alone?.get('hohhot')?.map((f) => threeRates(f.rates))).toEqual([FEBRUARY_FIGURES, MARCH_FIGURES, APRIL_FIGURES, MARCH_6_FIGURES, MARCH_10_FIGURES, APRIL_2_FIGURES])
  }
}

// 6 to 10 March without p2's 03-06 callback: the 6th's p3 and p4, and p1's 10th.
const MARCH_6_TO_10_WITHOUT_P2 = { ...none, calledBack: 3, contacted: 3, resolved: 1, notSolved: 2, evaluated: 3, basicallySatisfied: 1, unsatisfied: 2, responseRate: 1, resolutionRate: 1 / 3, satisfactionRate: 1 / 3 }
// The quarter without p1's 03-10 callback: March's p2–p5.
const Q1_WITHOUT_P1 = { ...none, calledBack: 4, contacted: 4, resolved: 3, notSolved: 1, evaluated: 4, satisfied: 2, basicallySatisfied: 1, unsatisfied: 1, responseRate: 1, resolutionRate: 0.75, satisfactionRate: 0.75 }

/**
 * A period of several whole days reads, one by one, only the facts with a competitor that can count in it: those whose
 * competitors fall on other days (alignment 1 or 2) — a fact with its competitor on its own day has it in such a period;
 * a period of several whole months reads none (those of 2 from their kept sums by months). Checked by marking facts as
 * having theirs nearer than they do (`mark(from, to)`: every fact of alignment `from` made `to`, by SQL on the model): a
 * read that still took them (every fact with a competitor, as before: an evaluation of a year at 100k cases read every
 * callback and rating of the year) gives the figures unchanged.
 */
export const checkReadsByAlignment = async (model: DashboardReadModel, mark: (from: number, to: number) => Promise<void>): Promise<void> => {
  await model.apply(sealLog(callbacksInPeriodsDrafts()))
  const rates = async (period: { readonly from: string; readonly to: string }) => threeRates((await model.view({ ...period, asOf: AS_OF, jurisdiction: CALLBACKS_PLACE, depth: 0 }))?.rates)
  expect(await rates(MARCH_6_TO_10)).toEqual(MARCH_6_TO_10_FIGURES)
  expect(await rates(Q1)).toEqual(MARCH_FIGURES)
  // p2's 03-06 callback (its 03-20 call in the same month: alignment 1) as if its competitor were on the 6th: days leave it.
  await mark(1, 0)
  expect(await rates(MARCH_6_TO_10)).toEqual(MARCH_6_TO_10_WITHOUT_P2)
  expect(await rates(Q1)).toEqual(MARCH_FIGURES)
  // p1's 03-10 callback (its 04-02 call in April: alignment 2) as if its competitor were in March: the days still read
  // it; a period of whole months reads none of alignment 2 one by one (their kept sums by months: an evaluation of a
  // year at 100k cases read 5,199 of them), so the quarter and two months keep it as made, the view's and the figures'
  // alike — where the quarter with 1 April, which reads them, leaves it.
  await mark(2, 1)
  expect(await rates(MARCH_6_TO_10)).toEqual(MARCH_6_TO_10_WITHOUT_P2)
  expect(await rates(Q1)).toEqual(MARCH_FIGURES)
  expect(await rates(MARCH_APRIL)).toEqual(LATEST_FIGURES)
  expect(await rates(YEAR)).toEqual(LATEST_FIGURES)
  expect(await rates(Q1_TO_APRIL_2)).toEqual(Q1_WITHOUT_P1)
  if (model.figures !== undefined) {
    const figures = await model.figures({ jurisdiction: CALLBACKS_PLACE, places: [CALLBACKS_PLACE], periods: [Q1, MARCH_APRIL, YEAR], asOf: AS_OF })
    expect(figures?.get(CALLBACKS_PLACE)?.map((f) => threeRates(f.rates))).toEqual([MARCH_FIGURES, LATEST_FIGURES, LATEST_FIGURES])
  }
}

/** March 2026 as the kept sums number months (year × 12 + month − 1). */
export const MARCH_BUCKET = 2026 * 12 + 2

/**
 * A period whose ends are not China midnights reads its whole months and days from their kept sums, and only the parts
 * of a day at either end fact by fact (`periodParts`): checked by dropping March's kept month sums (`dropMarchSums`, SQL
 * on the model) — the period from 28 February 12:00 to 1 April 12:00 then loses March's, where a read of every fact of
 * the period (as before: 1.5 s for a year from 10:00 on 1 January at 100k cases) would not see the change.
 */
export const checkUnevenPeriodFromSums = async (model: DashboardReadModel, dropMarchSums: () => Promise<void>): Promise<void> => {
  const log = sealLog(callbacksInPeriodsDrafts())
  await model.apply(log)
  const filter = { from: '2026-02-28T12:00:00+08:00', to: '2026-04-01T12:00:00+08:00', asOf: AS_OF, jurisdiction: 'hohhot', depth: 1 }
  const before = await model.view(filter)
  expect(before).toEqual(dashboardView(replay(dashboardProjection, log), filter))
  expect(threeRates(before?.rates)).toEqual(MARCH_FIGURES)
  await dropMarchSums()
  expect(await model.view(filter)).not.toEqual(before)
}

/** Periods whose ends are not months' starts, their facts of alignment 2 all decided by their competitors' months. */
// The quarter from 10:00 on 1 January (to 1 April 00:00): p1's 03-10 callback (its later competitor 04-02, in the month
// the period ends before, April) counts; p3's and p4's 03-06 callbacks (04-02, 04-03) too; p5's 02-20 (03-20) does not —
// the quarter's figures, March's. Kept: January (less 1 January's facts) to March, `since < January`, `until >= April`.
const Q1_FROM_10 = { from: '2026-01-01T10:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }
// April from 10:00 on the 1st to 10:00 on 1 July: p1's 04-02 callback, p3's 04-02 miss and p4's 04-03 rating, each with
// its earlier competitor in March (before the month of the start, April), count — April's figures. Kept: April (less 1
// April's) to June, `since < April`, `until >= August` (none has a later one).
const APRIL_FROM_10 = { from: '2026-04-01T10:00:00+08:00', to: '2026-07-01T10:00:00+08:00' }
// The year from 10:00 on 1 January to 10:00 on 1 January 2027: every competitor inside — all time's figures.
const YEAR_FROM_10 = { from: '2026-01-01T10:00:00+08:00', to: '2027-01-01T10:00:00+08:00' }

/**
 * A period whose ends are not months' starts takes the facts of alignment 2 made in its whole months from their kept sums
 * by months (`apartParts`), reading one by one only those a competitor in the month of either end leaves undecided:
 * checked by deleting every fact of alignment 2 from the facts one by one (`dropApartFacts`, SQL on the model) — the
 * periods above, whose such facts the months all decide, keep their figures, where a read of every fact of alignment 2
 * made in the period (as before: 2.26 ms of the year from 10:00 at 100k cases) loses them.
 */
export const checkUnevenMonthsFromSums = async (model: DashboardReadModel, dropApartFacts: () => Promise<void>): Promise<void> => {
  const log = sealLog(callbacksInPeriodsDrafts())
  await model.apply(log)
  const reference = replay(dashboardProjection, log)
  const asked: [{ readonly from: string; readonly to: string }, object][] = [[Q1_FROM_10, MARCH_FIGURES], [APRIL_FROM_10, APRIL_FIGURES], [YEAR_FROM_10, LATEST_FIGURES]]
  const filters = asked.map(([period]) => ({ ...period, asOf: AS_OF, jurisdiction: 'hohhot', depth: 1 }))
  const before = await Promise.all(filters.map((filter) => model.view(filter)))
  for (const [i, [, figures]] of asked.entries()) {
    expect(before[i]).toEqual(dashboardView(reference, filters[i] ?? {}))
    expect(threeRates(before[i]?.rates)).toEqual(figures)
  }
  await dropApartFacts()
  for (const [i, filter] of filters.entries()) expect({ filter, view: await model.view(filter) }).toEqual({ filter, view: before[i] })
}

/**
 * The facts of alignment 1 whose earlier competitor is in their own month, before the period's start (sameMonthReads'
 * read by that competitor's time): in the 120-case sample log (`periodsLog`), a resident's rating of 11 March 17:39 under
 * hohhot/saihan/dongfeng/c2/g03 whose callback (its earlier competitor) was made 10 March 21:30. The period from 10 March
 * 22:00 to 31 March 10:00 (days 11–30 March, its competitors' range in March 1–10 March 22:00 and 31 March from 10:00 the
 * shorter) counts it, as a replay does; a read leaving it out gives the grid's and every place above it one rating less.
 */
export const checkSameMonthEarlier = async (model: DashboardReadModel): Promise<void> => {
  const log = periodsLog()
  for (let i = 0; i < log.length; i += 97) await model.apply(log.slice(i, i + 97))
  const reference = replay(dashboardProjection, log)
  const asOf = new Date(Date.parse(reference.lastAt ?? '') + 3_600_000).toISOString()
  const period = { from: '2026-03-10T22:00:00+08:00', to: '2026-03-31T10:00:00+08:00' }
  // The premise: the grid's rating counts in the period (its earlier competitor, 10 March 21:30, before the start).
  const grid = { ...period, asOf, jurisdiction: 'hohhot/saihan/dongfeng/c2/g03', depth: 0 }
  expect(dashboardView(reference, grid).rates.ratedByResident).toBeGreaterThan(0)
  for (const filter of [grid, ...[0, 1, 4].map((depth) => ({ ...period, asOf, jurisdiction: 'hohhot', depth }))]) {
    expect({ filter, view: await model.view(filter) }).toEqual({ filter, view: dashboardView(reference, filter) })
  }
}
