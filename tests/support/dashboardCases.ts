// What the dashboard read models' suites, SQLite's (tests/dashboard-read-model.test.ts) and PostgreSQL's
// (tests/postgres/read-models.test.ts), check them against alike: sample logs, a log cut into batches, filters at or
// after the latest event, the periods of whole China days and months, and a log with open high-risk disputes.
import type { RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, daysUpTo, monthsUpTo, periodOf, replay, type DashboardFilter } from '@gridcase/core/projections'
import fc from 'fast-check'
import { expect } from 'vitest'
import { sampleDrafts } from './sampleLog.js'

/**
 * A sealed sample log of `cases` cases 90 minutes apart from 2026-01-05 08:00 China time, with grid work, risk grades and
 * committees (and, `afterSummons`, summoning rounds returned or referred to mediation after the summons; `coHandling`,
 * co-handling departments (协办), denied extensions, 补充 and notes).
 */
export const dashboardLog = (cases: number, seed: number, dayDeadlines = false, afterSummons = false, coHandling = false): RecordedEvent[] =>
  sealLog(sampleDrafts({ cases, seed, spacingMinutes: 90, gridWork: true, riskGrades: true, committees: true, dayDeadlines, afterSummons, coHandling }))

const PLACES = ['hohhot', 'hohhot/saihan', 'hohhot/xincheng/wulan', 'hohhot/saihan/zhaojun/c2', 'hohhot/saihan/dongfeng/c1/g03']
/** The sample logs' first instant (ms). */
export const START = Date.parse('2026-01-05T08:00:00+08:00')
const iso = (offsetHours: number) => new Date(START + offsetHours * 3_600_000).toISOString()
/** The China midnight `days` after 5 January 2026's (month starts among them: 1 February is 27, 1 March 55). */
const midnight = (days: number) => new Date(Date.parse('2026-01-05T00:00:00+08:00') + days * 86_400_000).toISOString()

/** Starts and ends of periods of most of a year or more around the sample logs' (2026, from 10:00, at year ends, in March 2025). */
const YEARS_FROM = ['2026-01-01T10:00:00+08:00', '2026-01-01T00:00:00+08:00', '2025-12-31T00:00:00+08:00', '2025-03-01T00:00:00+08:00', '2026-01-02T00:00:00+08:00']
const YEARS_TO = ['2027-01-01T10:00:00+08:00', '2027-01-01T00:00:00+08:00', '2026-12-15T00:00:00+08:00', '2026-12-01T00:00:00+08:00', '2028-03-01T00:00:00+08:00']

/**
 * A filter at or after the latest event (`lastAt`, ms): a place, maybe a period (its ends at hours or at China midnights), maybe an asOf hours after the end or
 * half a second or a second after a running deadline (`closing`, closingInstants: a day deadline closes at 24:00, an
 * hour deadline at its instant).
 */
export const dashboardFilters = (lastAt: number, closing: readonly string[] = []): fc.Arbitrary<DashboardFilter> =>
  fc.record(
    {
      jurisdiction: fc.constantFrom(...PLACES),
      // Or China midnights (whole days and months: their late rounds closed by the watermark from the kept counts), or
      // ends that make most of a year or more (its sums the years' less the days and months left out: countSpans).
      from: fc.oneof(fc.integer({ min: -24, max: 400 }).map(iso), fc.integer({ min: -5, max: 20 }).map(midnight), fc.constantFrom(...YEARS_FROM)),
      to: fc.oneof(fc.integer({ min: 0, max: 1500 }).map(iso), fc.integer({ min: 0, max: 70 }).map(midnight), fc.constantFrom(...YEARS_TO)),
      asOf: fc.oneof(
        fc.integer({ min: 0, max: 2000 }).map((h) => new Date(lastAt + h * 3_600_000).toISOString()),
        ...(closing.length === 0 ? [] : [fc.constantFrom(...closing)]),
      ),
      depth: fc.integer({ min: 0, max: 4 }),
    },
    { requiredKeys: [] },
  )

/** `log` cut at the fractions `cuts` (0 to 1, any order, repeats merged) into consecutive batches covering it. */
export const batches = (log: readonly RecordedEvent[], cuts: readonly number[]): RecordedEvent[][] => {
  const at = [...new Set(cuts.map((c) => Math.floor(c * log.length)))].sort((a, b) => a - b)
  const out: RecordedEvent[][] = []
  let from = 0
  for (const k of [...at, log.length]) {
    out.push(log.slice(from, k))
    from = k
  }
  return out
}

/** 120 cases a day apart from 5 January 2026: intake over four months, results and closures after. */
export const periodsLog = (): RecordedEvent[] => sealLog(sampleDrafts({ cases: 120, seed: 11, spacingMinutes: 24 * 60, gridWork: true, riskGrades: true }))

const china = (date: string) => `${date}T00:00:00+08:00`
/** `periodsLog`'s periods of whole China days and months (`wholePeriods`). */
const WHOLE_PERIODS: readonly { readonly from?: string; readonly to?: string }[] = [
  ...monthsUpTo('2026-06-15T00:00:00+08:00', 7),
  ...daysUpTo('2026-02-10T12:00:00+08:00', 12),
  ...[periodOf('2026-Q1'), periodOf('2026')].flatMap((p) => (p === undefined ? [] : [p])),
  // Days before a month, whole months, days after it; and an open start.
  { from: '2026-01-20T00:00:00+08:00', to: '2026-04-03T00:00:00+08:00' },
  { to: '2026-03-01T00:00:00+08:00' },
  { from: '2026-02-01T00:00:00+08:00' },
  // Spans of days of many lengths, the counts tree reading most of a month as the month less its other days
  // (countSpans): February less its last day, less its first; March less 15 days (16 of 31: the days) and less 14
  // (17: the month), at either end; March less its first and last days; January less 1–2 and February less 27–28
  // (across a month's end, no whole month); a fortnight each side of a month's end; a quarter with 1–5 January left
  // out and 1–10 April in.
  { from: china('2026-02-01'), to: china('2026-02-28') },
  { from: china('2026-02-02'), to: china('2026-03-01') },
  { from: china('2026-03-01'), to: china('2026-03-17') },
  { from: china('2026-03-01'), to: china('2026-03-18') },
  { from: china('2026-03-16'), to: china('2026-04-01') },
  { from: china('2026-03-15'), to: china('2026-04-01') },
  { from: china('2026-03-02'), to: china('2026-03-31') },
  { from: china('2026-01-03'), to: china('2026-02-27') },
  { from: china('2026-03-18'), to: china('2026-04-15') },
  { from: china('2026-01-06'), to: china('2026-04-11') },
  // Most of a year and more (the years' rows less the months and days left out: countSpans): 2 January to 31 December,
  // January–November, 1 January to 15 December, 31 December 2025 to 2 January, March 2025 to February 2027.
  { from: china('2026-01-02'), to: china('2026-12-31') },
  { from: china('2026-01-01'), to: china('2026-12-01') },
  { from: china('2026-01-01'), to: china('2026-12-15') },
  { from: china('2025-12-31'), to: china('2026-01-02') },
  { from: china('2025-03-01'), to: china('2027-03-01') },
]

/** 120 cases a day apart from 20 December 2027: intake across February 2028 (29 days, a leap year). */
export const leapPeriodsLog = (): RecordedEvent[] =>
  sealLog(sampleDrafts({ cases: 120, seed: 11, spacingMinutes: 24 * 60, gridWork: true, riskGrades: true, start: '2027-12-20T08:00:00+08:00' }))

/** `leapPeriodsLog`'s: February 2028, less its 29th, less its 1st, its first 15 and 16 days, across its ends, and most of its year. */
export const LEAP_PERIODS: readonly { readonly from: string; readonly to: string }[] = [
  { from: china('2028-02-01'), to: china('2028-03-01') },
  { from: china('2028-02-01'), to: china('2028-02-29') },
  { from: china('2028-02-02'), to: china('2028-03-01') },
  { from: china('2028-02-01'), to: china('2028-02-16') },
  { from: china('2028-02-01'), to: china('2028-02-17') },
  { from: china('2028-01-30'), to: china('2028-03-02') },
  { from: china('2028-02-03'), to: china('2028-03-28') },
  // The leap year less January and 1–28 February (its 29th on), and 31 December 2027 to 30 December 2028.
  { from: china('2028-02-29'), to: china('2029-01-01') },
  { from: china('2027-12-31'), to: china('2028-12-31') },
]

/**
 * A period of most of a month's days reads its counts tree as that month's kept rows less its other days' (countSpans):
 * checked on `periodsLog` by dropping the kept day rows of 7–31 January at every place, the asked one's too (`dropDays`,
 * SQL on the model: grain 'day', buckets [from, to); the scope's rows are read so as well as the tree's) — 6 January 10:00 to 1 April (January less
 * 1–6 January, then February and March) keeps its view, where a read of those days (as before) would lose their counts;
 * a period read as days (7–19 January) does lose them. Before the drop: random periods from and to any China day, at
 * midnight, at 10:00 or at any minute, give a replay's view (the facts of the parts of a day read one by one).
 */
export const checkMonthLessDays = async (
  model: { apply(events: readonly RecordedEvent[]): Promise<unknown>; view(filter: DashboardFilter): Promise<unknown> },
  dropDays: (from: number, to: number) => Promise<void>,
): Promise<void> => {
  const log = periodsLog()
  for (let i = 0; i < log.length; i += 500) await model.apply(log.slice(i, i + 500))
  const reference = replay(dashboardProjection, log)
  const asOf = new Date(Date.parse(reference.lastAt ?? '') + 3_600_000).toISOString()
  const first = Date.parse(china('2025-12-28'))
  const instant = fc
    .tuple(fc.integer({ min: 0, max: 140 }), fc.oneof(fc.constant(0), fc.constant(600), fc.integer({ min: 0, max: 1439 })))
    .map(([day, minute]) => new Date(first + day * 86_400_000 + minute * 60_000).toISOString())
  const periods = fc.record({ a: instant, b: instant, jurisdiction: fc.constantFrom(...PLACES), depth: fc.integer({ min: 0, max: 4 }) })
  for (const { a, b, jurisdiction, depth } of fc.sample(periods, { numRuns: 40, seed: 18 })) {
    const filter: DashboardFilter = { from: a < b ? a : b, to: a < b ? b : a, jurisdiction, depth, asOf }
    expect({ filter, view: await model.view(filter) }).toEqual({ filter, view: dashboardView(reference, filter) })
  }
  const fromTen: DashboardFilter = { from: '2026-01-06T10:00:00+08:00', to: china('2026-04-01'), jurisdiction: 'hohhot', depth: 3, asOf }
  const days: DashboardFilter = { from: china('2026-01-07'), to: china('2026-01-20'), jurisdiction: 'hohhot', depth: 3, asOf }
  const before = await model.view(fromTen)
  expect(before).toEqual(dashboardView(reference, fromTen))
  expect(await model.view(days)).toEqual(dashboardView(reference, days))
  // 7 January and 1 February as China days numbered from 1970-01-01: 2026-01-01 is 20 454 (periodBuckets.test.ts).
  await dropDays(20_454 + 6, 20_454 + 31)
  expect(await model.view(fromTen)).toEqual(before)
  expect(await model.view(days)).not.toEqual(dashboardView(reference, days))
}

/**
 * A period of most of a China year reads its sums, the scope's and the counts tree's, as the year's kept rows less the
 * days and months it leaves out, and a whole year as its year rows (countSpans): checked on `periodsLog` by dropping
 * every kept month row (grain 'month') at every place (`dropMonths`, SQL on the model) — the year from 10:00 on 1
 * January (the year less 1 January), 2 January to 31 December, and the year 2026 as the evaluation asks it (depth 0)
 * keep their views, where a read of the months (as before: January to December less 1 January) would lose their counts;
 * the first quarter, read by its months, does lose them.
 */
export const checkYearLessDays = async (
  model: { apply(events: readonly RecordedEvent[]): Promise<unknown>; view(filter: DashboardFilter): Promise<unknown> },
  dropMonths: () => Promise<void>,
): Promise<void> => {
  const log = periodsLog()
  for (let i = 0; i < log.length; i += 500) await model.apply(log.slice(i, i + 500))
  const reference = replay(dashboardProjection, log)
  const asOf = new Date(Date.parse(reference.lastAt ?? '') + 3_600_000).toISOString()
  const years: DashboardFilter[] = [
    { from: '2026-01-01T10:00:00+08:00', to: '2027-01-01T10:00:00+08:00', jurisdiction: 'hohhot', depth: 3, asOf },
    { from: china('2026-01-02'), to: china('2026-12-31'), jurisdiction: 'hohhot/saihan', depth: 4, asOf },
    { from: china('2026-01-01'), to: china('2027-01-01'), jurisdiction: 'hohhot', depth: 0, asOf },
  ]
  const quarter: DashboardFilter = { from: china('2026-01-01'), to: china('2026-04-01'), jurisdiction: 'hohhot', depth: 3, asOf }
  const before = await Promise.all(years.map((filter) => model.view(filter)))
  for (const [i, filter] of years.entries()) expect({ filter, view: before[i] }).toEqual({ filter, view: dashboardView(reference, filter) })
  // Not vacuous: the year holds cases.
  expect(dashboardView(reference, years[0] ?? {}).counts.complaint.total).toBeGreaterThan(50)
  expect(await model.view(quarter)).toEqual(dashboardView(reference, quarter))
  await dropMonths()
  for (const [i, filter] of years.entries()) expect({ filter, view: await model.view(filter) }).toEqual({ filter, view: before[i] })
  expect(await model.view(quarter)).not.toEqual(dashboardView(reference, quarter))
}

/**
 * Filters of whole China days and months (and a quarter, a year, days around months, open ends) over three places at
 * three depths, an hour after the log's end, each with what a replay of the whole log answers.
 */
export const wholePeriods = (
  log: readonly RecordedEvent[],
  periods: readonly { readonly from?: string; readonly to?: string }[] = WHOLE_PERIODS,
): { readonly filter: DashboardFilter; readonly view: ReturnType<typeof dashboardView> }[] => {
  const reference = replay(dashboardProjection, log)
  const asOf = new Date(Date.parse(reference.lastAt ?? '') + 3_600_000).toISOString()
  return periods.flatMap((period) =>
    ['hohhot', 'hohhot/saihan', 'hohhot/saihan/zhaojun/c2'].flatMap((jurisdiction) =>
      [0, 1, 3].map((depth) => {
        const filter: DashboardFilter = { jurisdiction, depth, asOf, ...(period.from === undefined ? {} : { from: period.from }), ...(period.to === undefined ? {} : { to: period.to }) }
        return { filter, view: dashboardView(reference, filter) }
      }),
    ),
  )
}

/**
 * A sample log of 40 cases cut at 60% (by the end of a whole one nearly every dispute is closed): that of the first
 * seed whose cut log holds an open high-risk dispute, or undefined when none of 30 does.
 */
export const openHighRiskLog = (): RecordedEvent[] | undefined => {
  const cut = (seed: number) => {
    const whole = dashboardLog(40, seed)
    return whole.slice(0, Math.floor(whole.length * 0.6))
  }
  const seed = Array.from({ length: 30 }, (_, i) => i + 1).find((n) => dashboardView(replay(dashboardProjection, cut(n)), {}).risk.highOpen > 0)
  return seed === undefined ? undefined : cut(seed)
}
