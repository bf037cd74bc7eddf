// Random histories of a few complaints whose callbacks and ratings (facts with a competitor) fall around the China month
// starts of December 2026 to March 2027 (a millisecond either side, at the UTC midnight, the day before and after) or at
// any minute of those months, each complaint registered at any minute or at a month's start (its count in the counts
// tree), folded in random batches; random periods for the view — runs of whole months (dashboard_months_apart), one
// month, one day, spans of days (a month less its other days in the counts tree: countSpans), months with days at either
// side, ends at any minute (edges) or at an act's instant or a millisecond off it (apartParts), a whole year, two, the year from 10:00 to 10:00
// or to midnight, a year from its UTC midnight, open at either end — and random plans of periods of China midnights mixing them for
// the 考核 figures. A read model must keep a rebuild's sums, and give the replay's view and figures: a fact counted once,
// in every period it counts in, across the year's end (SQLite: tests/aligned-plans-properties.test.ts; PostgreSQL:
// tests/postgres/read-models.test.ts). tests/support/alignedSumsChecks.ts asks fixed periods of February to April 2026.
import type { DashboardReadModel } from '@gridcase/adapters'
import { dashboardProjection, dashboardView, replay, type DashboardFilter } from '@gridcase/core/projections'
import fc from 'fast-check'
import { expect } from 'vitest'
import { COMMUNITY, GRID } from '../../packages/core/src/complaint/fixtures.js'
import { acts, actsLog, type KeptAligned } from './alignedSumsChecks.js'
import { batches } from './dashboardCases.js'

const DAY = 86_400_000
const HOUR = 3_600_000
const cst = (date: string, time = '00:00:00') => Date.parse(`${date}T${time}+08:00`)
const iso = (ms: number) => new Date(ms).toISOString()

// China month starts from November 2026 to May 2027 (across the year's end).
const MONTH_STARTS = ['2026-11-01', '2026-12-01', '2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01', '2027-05-01'].map((d) => cst(d))
const FIRST_ACT = cst('2026-11-06')
const LAST_ACT = cst('2027-04-01')
/** How long a complaint takes from its registration to its result told (actsLog): its acts come after. */
const HANDLED = 3 * DAY + 8 * HOUR

// An act's instant: at a month start from December to March, a millisecond either side, at that date's UTC midnight and
// the one before, a day either side — or at any minute of the history's months.
const actAt = fc.oneof(
  fc
    .tuple(fc.constantFrom(...MONTH_STARTS.slice(1, 5)), fc.constantFrom(-DAY, -16 * HOUR, -1, 0, 1, 8 * HOUR - 1, 8 * HOUR, 12 * HOUR, DAY))
    .map(([m, offset]) => m + offset),
  fc.integer({ min: FIRST_ACT / 60_000, max: LAST_ACT / 60_000 }).map((minute) => minute * 60_000),
)
// A complaint registered at any minute from 1 November to 20 March or a millisecond either side of a China month start
// (its count in the counts tree: days and months of the tree's rows), its acts after it is handled.
const registeredAt = fc.oneof(
  fc.integer({ min: cst('2026-11-01') / 60_000, max: cst('2027-03-20') / 60_000 }).map((minute) => minute * 60_000),
  fc.tuple(fc.constantFrom(...MONTH_STARTS.slice(1, 5)), fc.constantFrom(-1, 0, 1)).map(([m, offset]) => m + offset),
)
const caseActs = fc
  .record({ registered: registeredAt, acts: fc.array(fc.record({ at: actAt, act: acts }), { maxLength: 7 }) })
  .map(({ registered, acts: list }) => ({ registered, acts: list.filter((a) => a.at > registered + HANDLED) }))

// A China midnight: a month's start (often) or any day's from November to April.
const FIRST_DAY = cst('2026-11-01')
const LAST_DAY = cst('2027-05-01')
const dayStart = fc.integer({ min: 0, max: (LAST_DAY - FIRST_DAY) / DAY }).map((d) => FIRST_DAY + d * DAY)
const midnight = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...MONTH_STARTS) }, { weight: 2, arbitrary: dayStart })

/** A period of China midnights: a run of whole months, one month, one day, a span of days, months with days besides, most of a year, a year, two. */
const midnightPeriod = fc.oneof(
  fc.tuple(midnight, midnight).filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? { from: a, to: b } : { from: b, to: a })),
  fc.integer({ min: 0, max: MONTH_STARTS.length - 2 }).map((i) => ({ from: MONTH_STARTS[i] ?? 0, to: MONTH_STARTS[i + 1] ?? 0 })),
  dayStart.map((d) => ({ from: d, to: d + DAY })),
  // Most of a year or more, the history in its last months (the year's kept rows less the months and days left out:
  // countSpans): 2 January 2026 to 1 January 2027, March 2026 to February 2027, 15 February 2026 to 10 April 2027.
  fc.constantFrom({ from: cst('2026-01-02'), to: cst('2027-01-01') }, { from: cst('2026-03-01'), to: cst('2027-03-01') }, { from: cst('2026-02-15'), to: cst('2027-04-10') }),
  // A whole China year (the history's end of 2026, its start of 2027), two years, the year 2027 less its last day, and
  // 2027 from 2 January to 1 March 2028 (a leap February after it): year rows, whole months (dashboard_months_apart).
  fc.constantFrom(
    { from: cst('2026-01-01'), to: cst('2027-01-01') },
    { from: cst('2027-01-01'), to: cst('2028-01-01') },
    { from: cst('2026-01-01'), to: cst('2028-01-01') },
    { from: cst('2027-01-01'), to: cst('2027-12-31') },
    { from: cst('2027-01-02'), to: cst('2028-03-01') },
  ),
)
// Periods whose ends are not China midnights around a year: the year from 10:00 on 1 January to 10:00 (2026, 2027) or to
// midnight, from 1 January 00:00 UTC (08:00 in China) to the next, and the year 2027 to 10:00 on 1 January 2028.
const yearAt = (year: number, time: string) => cst(`${year}-01-01`, time)
const unevenYear = fc.constantFrom(
  { from: yearAt(2026, '10:00:00'), to: yearAt(2027, '10:00:00') },
  { from: yearAt(2027, '10:00:00'), to: yearAt(2028, '10:00:00') },
  { from: yearAt(2026, '10:00:00'), to: yearAt(2027, '00:00:00') },
  { from: yearAt(2027, '10:00:00'), to: yearAt(2028, '00:00:00') },
  { from: Date.parse('2027-01-01T00:00:00Z'), to: Date.parse('2028-01-01T00:00:00Z') },
  { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') },
  { from: yearAt(2027, '00:00:00'), to: yearAt(2028, '10:00:00') },
  { from: yearAt(2026, '10:00:00'), to: yearAt(2028, '10:00:00') },
)
// Any minute (or a millisecond off one) of the months, for the ends of a view's period: edges read fact by fact.
const anyInstant = fc
  .tuple(fc.integer({ min: FIRST_DAY / 60_000, max: LAST_DAY / 60_000 }), fc.constantFrom(-1, 0, 0, 1))
  .map(([minute, ms]) => minute * 60_000 + ms)
// An end at an act's instant that is not a China midnight, or a millisecond either side of it (a competitor at a period's
// end, just before or after it, in the month of the end: those the months cannot decide, read one by one: apartParts).
const nearAct = fc
  .tuple(fc.constantFrom(...MONTH_STARTS.slice(1, 5)), fc.constantFrom(-16 * HOUR, 8 * HOUR - 1, 8 * HOUR, 12 * HOUR), fc.constantFrom(-1, 0, 1))
  .map(([m, offset, ms]) => m + offset + ms)
const viewPeriod = fc
  .record({
    ends: fc.oneof(
      { weight: 3, arbitrary: midnightPeriod },
      { weight: 2, arbitrary: fc.tuple(fc.oneof(midnight, anyInstant), fc.oneof(midnight, anyInstant)).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })) },
      { weight: 2, arbitrary: fc.tuple(fc.oneof(nearAct, anyInstant), fc.oneof(nearAct, midnight)).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })) },
      { weight: 1, arbitrary: unevenYear },
    ),
    open: fc.constantFrom('none' as const, 'none' as const, 'from' as const, 'to' as const),
    jurisdiction: fc.constantFrom('hohhot', COMMUNITY, GRID),
    depth: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ ends, open, jurisdiction, depth }) => ({
    ...(open === 'from' ? {} : { from: iso(ends.from) }),
    ...(open === 'to' ? {} : { to: iso(ends.to) }),
    jurisdiction,
    depth,
  }))

const AS_OF = iso(cst('2027-05-10', '12:00:00'))
const PLACES = ['hohhot', COMMUNITY, GRID]
/** A history, its cuts into batches, the views asked and a plan of figures. */
export const alignedPlansCases = fc.record({
  cases: fc.array(caseActs, { minLength: 1, maxLength: 5 }),
  cuts: fc.array(fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000), { maxLength: 6 }),
  views: fc.array(viewPeriod, { minLength: 1, maxLength: 5 }),
  plan: fc.array(midnightPeriod, { minLength: 1, maxLength: 6 }),
})

export type AlignedPlansCase = typeof alignedPlansCases extends fc.Arbitrary<infer T> ? T : never

/**
 * One history folded in its batches into `folded` and at once into `rebuilt` (fresh models): the same kept sums (`kept`),
 * the replay's whole view of each period asked, and the replay's counts and 三率 for each period of the plan at each place.
 * True when the models kept sums of facts of alignment 2 by their months (`apart`: the property is about them).
 */
export const checkAlignedPlans = async (
  folded: DashboardReadModel,
  rebuilt: DashboardReadModel,
  kept: KeptAligned,
  apart: (model: DashboardReadModel) => Promise<boolean> | boolean,
  c: AlignedPlansCase,
): Promise<boolean> => {
  const log = actsLog(
    c.cases.map((k) => k.acts),
    c.cases.map((k) => k.registered),
  )
  for (const batch of batches(log, c.cuts)) await folded.apply(batch)
  await rebuilt.apply(log)
  expect(await kept(folded)).toEqual(await kept(rebuilt))
  const reference = replay(dashboardProjection, log)
  for (const period of c.views) {
    const filter: DashboardFilter = { ...period, asOf: AS_OF }
    expect({ filter, view: await folded.view(filter) }).toEqual({ filter, view: dashboardView(reference, filter) })
  }
  const periods = c.plan.map((p) => ({ from: iso(p.from), to: iso(p.to) }))
  const answer = await folded.figures?.({ jurisdiction: 'hohhot', places: PLACES, periods, asOf: AS_OF })
  expect(answer).toBeDefined()
  for (const place of PLACES) {
    for (const [i, period] of periods.entries()) {
      const expected = dashboardView(reference, { ...period, asOf: AS_OF, jurisdiction: place })
      const got = answer?.get(place)?.[i]
      expect({ place, period, counts: got?.counts, rates: got?.rates }).toEqual({
        place,
        period,
        counts: { complaint: expected.counts.complaint, dispute: expected.counts.dispute },
        rates: expected.rates,
      })
    }
  }
  return apart(folded)
}
