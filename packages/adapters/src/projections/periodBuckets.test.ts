import { factCountsIn } from '@gridcase/core/projections'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  alignedReads,
  alignment,
  apartParts,
  sameMonthReads,
  countSpans,
  countsInMonths,
  dayOf,
  daysRange,
  monthOfDay,
  monthsApart,
  monthStartDay,
  NO_SINCE_MONTH,
  NO_UNTIL_MONTH,
  periodParts,
  periodSpans,
  singleBucket,
  wholeMonths,
  type ApartPlan,
  type ApartRead,
  type CompetitorRange,
  type Span,
} from './periodBuckets.js'

const ms = (iso: string) => Date.parse(iso)
// Day numbers worked by hand: 2026-01-01 is 56 years after 1970-01-01, of which 14 leap years (1972 … 2024), so
// 56 × 365 + 14 = 20 454 days; 2026-03-01 is 31 + 28 = 59 days later: 20 513; 2026-03-15: 20 527; 2026-06-01 is
// 31 + 30 + 31 = 92 days after 2026-03-01: 20 605; 2026-06-03: 20 607. Month numbers: 2026 × 12 + (month − 1).
const JAN1 = 20_454
const MAR = 2026 * 12 + 2

describe('period buckets (China days and months)', () => {
  it('puts an instant in the China day it falls in: 16:00Z is already the next day in China, 15:59Z is not', () => {
    expect(dayOf(ms('2025-12-31T16:00:00Z'))).toBe(JAN1)
    expect(dayOf(ms('2025-12-31T15:59:59.999Z'))).toBe(JAN1 - 1)
    expect(dayOf(ms('2026-01-01T00:00:00+08:00'))).toBe(JAN1)
    expect(monthOfDay(JAN1)).toBe(2026 * 12)
    expect(monthOfDay(JAN1 - 1)).toBe(2025 * 12 + 11)
    expect(monthStartDay(MAR)).toBe(20_513)
    // February 2024 has 29 days: 1 March 2024 is 29 days after 1 February.
    expect(monthStartDay(2024 * 12 + 2) - monthStartDay(2024 * 12 + 1)).toBe(29)
  })

  it('splits a period of China midnights into whole months and the days at either side', () => {
    // 15 March to 3 June: the days 15–31 March, the months April and May, the days 1–2 June.
    expect(periodSpans(ms('2026-03-15T00:00:00+08:00'), ms('2026-06-03T00:00:00+08:00'))).toEqual([
      { grain: 'month', from: MAR + 1, to: MAR + 3 },
      { grain: 'day', from: 20_527, to: 20_513 + 31 },
      { grain: 'day', from: 20_605, to: 20_607 },
    ])
    // A month exactly: that month alone.
    expect(periodSpans(ms('2026-03-01T00:00:00+08:00'), ms('2026-04-01T00:00:00+08:00'))).toEqual([{ grain: 'month', from: MAR, to: MAR + 1 }])
    // Within a month: days only. A day: that day.
    expect(periodSpans(ms('2026-03-15T00:00:00+08:00'), ms('2026-03-16T00:00:00+08:00'))).toEqual([{ grain: 'day', from: 20_527, to: 20_528 }])
    expect(periodSpans(ms('2026-03-16T00:00:00+08:00'), ms('2026-03-15T00:00:00+08:00'))).toEqual([])
  })

  it('leaves a period with an end that is not a China midnight to the facts', () => {
    expect(periodSpans(ms('2026-03-15T00:00:00Z'), ms('2026-04-01T00:00:00+08:00'))).toBeUndefined()
    expect(periodSpans(undefined, ms('2026-04-01T00:00:01+08:00'))).toBeUndefined()
  })

  it('cuts a period at the China midnights inside it: whole months and days in the middle, the parts of a day at either end read fact by fact', () => {
    // 15 March 10:00 to 3 June 09:30 (China): 15 March 10:00–24:00, then 16–31 March, April and May, 1–2 June as spans,
    // then 3 June 00:00–09:30.
    const from = ms('2026-03-15T10:00:00+08:00')
    const to = ms('2026-06-03T09:30:00+08:00')
    expect(periodParts(from, to)).toEqual({
      spans: [
        { grain: 'month', from: MAR + 1, to: MAR + 3 },
        { grain: 'day', from: 20_528, to: 20_513 + 31 },
        { grain: 'day', from: 20_605, to: 20_607 },
      ],
      middle: { from: ms('2026-03-16T00:00:00+08:00'), to: ms('2026-06-03T00:00:00+08:00') },
      edges: [
        { from, to: ms('2026-03-16T00:00:00+08:00') },
        { from: ms('2026-06-03T00:00:00+08:00'), to },
      ],
    })
    // Ends at China midnights: no edges, the spans as before.
    const march = periodParts(ms('2026-03-01T00:00:00+08:00'), ms('2026-04-01T00:00:00+08:00'))
    expect(march).toEqual({ spans: [{ grain: 'month', from: MAR, to: MAR + 1 }], middle: { from: ms('2026-03-01T00:00:00+08:00'), to: ms('2026-04-01T00:00:00+08:00') }, edges: [] })
    // A millisecond before a midnight to a millisecond after it: no whole day inside, the period one edge.
    const around = periodParts(ms('2026-03-15T23:59:59.999+08:00'), ms('2026-03-16T00:00:00.001+08:00'))
    expect(around).toEqual({
      spans: [],
      middle: { from: ms('2026-03-16T00:00:00+08:00'), to: ms('2026-03-16T00:00:00+08:00') },
      edges: [{ from: ms('2026-03-15T23:59:59.999+08:00'), to: ms('2026-03-16T00:00:00.001+08:00') }],
    })
    // Inside one day: the period is its own edge; empty or reversed: nothing.
    expect(periodParts(ms('2026-03-15T10:00:00+08:00'), ms('2026-03-15T12:00:00+08:00'))?.edges).toEqual([{ from: ms('2026-03-15T10:00:00+08:00'), to: ms('2026-03-15T12:00:00+08:00') }])
    expect(periodParts(ms('2026-03-15T10:00:00+08:00'), ms('2026-03-15T12:00:00+08:00'))?.spans).toEqual([])
    expect(periodParts(ms('2026-03-15T12:00:00+08:00'), ms('2026-03-15T10:00:00+08:00'))).toMatchObject({ spans: [], edges: [] })
    // An open start: every whole month and day before the last midnight, and the part of the last day.
    const open = periodParts(undefined, ms('2026-03-01T08:00:00+08:00'))
    expect(open?.spans).toEqual(periodSpans(undefined, ms('2026-03-01T00:00:00+08:00')))
    expect(open?.edges).toEqual([{ from: ms('2026-03-01T00:00:00+08:00'), to: ms('2026-03-01T08:00:00+08:00') }])
    expect(periodParts(Number.NaN, undefined)).toBeUndefined()
  })

  it('gives the time a span of days covers: 15–31 March is 15 March 00:00 to 1 April 00:00, China time', () => {
    expect(daysRange({ grain: 'day', from: 20_527, to: 20_513 + 31 })).toEqual({ from: ms('2026-03-15T00:00:00+08:00'), to: ms('2026-04-01T00:00:00+08:00') })
  })

  it('reads an open end as every fact on that side', () => {
    const spans = periodSpans(undefined, ms('2026-03-01T00:00:00+08:00')) ?? []
    expect(spans).toHaveLength(1)
    expect(spans[0]).toMatchObject({ grain: 'month', to: MAR })
    expect(spans[0]?.from).toBeLessThan(0)
  })
})

describe('which periods of whole buckets a callback or rating with a competitor can count in (alignment)', () => {
  // China months: March 2026 runs from 2026-02-28T16:00Z to 2026-03-31T16:00Z; 10 March from 03-09T16:00Z to 03-10T16:00Z.
  const t = (iso: string) => Date.parse(iso)
  const at = t('2026-03-10T02:00:00Z')
  it('2: its competitors fall in other China months than it — periods of whole months, and of whole days', () => {
    expect(alignment({ at })).toBe(2)
    // A rating in March after a February callback (since), a callback in March before an April one (until), at the edges.
    expect(alignment({ at, since: t('2026-02-28T15:59:59.999Z') })).toBe(2)
    expect(alignment({ at, until: t('2026-03-31T16:00:00Z') })).toBe(2)
  })
  it('1: one in its own month but on another China day — periods of whole days only', () => {
    expect(alignment({ at, since: t('2026-02-28T16:00:00Z') })).toBe(1)
    expect(alignment({ at, until: t('2026-03-31T15:59:59.999Z') })).toBe(1)
    expect(alignment({ at, since: t('2026-03-09T15:59:59.999Z'), until: t('2026-03-10T16:00:00Z') })).toBe(1)
  })
  it('0: one on its own China day — no period of whole days or months holds it without its competitor', () => {
    expect(alignment({ at, since: t('2026-03-09T16:00:00Z') })).toBe(0)
    expect(alignment({ at, until: t('2026-03-10T15:59:59.999Z') })).toBe(0)
  })
  it('a period that is one whole China month or day is one bucket (its facts with a competitor all in that bucket’s kept sums)', () => {
    expect(singleBucket(periodSpans(t('2026-02-28T16:00:00Z'), t('2026-03-31T16:00:00Z')))).toEqual({ grain: 'month', from: MAR, to: MAR + 1 })
    expect(singleBucket(periodSpans(t('2026-03-09T16:00:00Z'), t('2026-03-10T16:00:00Z')))).toEqual({ grain: 'day', from: 20_522, to: 20_523 })
    // Two months, two days, a month and a day, a day cut: not one bucket.
    expect(singleBucket(periodSpans(t('2026-02-28T16:00:00Z'), t('2026-04-30T16:00:00Z')))).toBeUndefined()
    expect(singleBucket(periodSpans(t('2026-03-09T16:00:00Z'), t('2026-03-11T16:00:00Z')))).toBeUndefined()
    expect(singleBucket(periodSpans(t('2026-02-28T16:00:00Z'), t('2026-04-01T16:00:00Z')))).toBeUndefined()
    expect(singleBucket(periodSpans(t('2026-03-09T16:00:00Z'), t('2026-03-10T15:00:00Z')))).toBeUndefined()
    expect(singleBucket(periodSpans(undefined, undefined))).toBeUndefined()
  })
  it('a plan reads those of 2 in the time of its periods that are not one bucket, those of 1 in that of those neither whole months nor one day, those of 0 in that of those not whole days', () => {
    const march = { from: t('2026-02-28T16:00:00Z'), to: t('2026-03-31T16:00:00Z') }
    const q1 = { from: t('2025-12-31T16:00:00Z'), to: t('2026-03-31T16:00:00Z') }
    const day = (d: number) => ({ from: t(`2026-04-${String(d).padStart(2, '0')}T16:00:00Z`), to: t(`2026-04-${String(d + 1).padStart(2, '0')}T16:00:00Z`) })
    // A month alone, single days alone (the evaluation, a ranking, the trends): none one by one.
    expect(alignedReads([march])).toEqual({ months: undefined, days: undefined, any: undefined })
    expect(alignedReads([march, day(1), day(3), day(2)])).toEqual({ months: undefined, days: undefined, any: undefined })
    // A quarter, and a year: whole months, from the sums of those of 2 by their months (none read one by one).
    const year = { from: t('2025-12-31T16:00:00Z'), to: t('2026-12-31T16:00:00Z') }
    expect(alignedReads([march, q1])).toEqual({ months: undefined, days: undefined, any: undefined })
    expect(alignedReads([q1, year, march, day(1), day(3), day(2)])).toEqual({ months: undefined, days: undefined, any: undefined })
    // Two days: those of 1 and 2 in their time (the quarter beside them reads none).
    const days = { from: day(1).from, to: day(3).to }
    expect(alignedReads([q1, days, day(2)])).toEqual({ months: days, days, any: undefined })
    // A quarter and a day after it: those of 1 and 2 in its time (its months' facts are read with the day's).
    const q1AndDay = { from: q1.from, to: t('2026-04-01T16:00:00Z') }
    expect(alignedReads([q1, q1AndDay])).toEqual({ months: q1AndDay, days: q1AndDay, any: undefined })
    // A period that ends in mid-day is not whole days: it admits those of 1 and 0 as well as those of 2.
    const cut = { from: march.from, to: march.to - 1 }
    expect(alignedReads([march, cut])).toEqual({ months: cut, days: cut, any: cut })
    const late = { from: day(3).from + 1, to: day(3).to }
    expect(alignedReads([day(1), late])).toEqual({ months: late, days: late, any: late })
  })
})

describe('a period of whole China months takes the facts of alignment 2 from their months alone (countsInMonths)', () => {
  // Month numbers: January 2026 is 24 312; the period February–April 2026 is [24 313, 24 316): F = 24 313, T = 24 316.
  const [F, T] = [2026 * 12 + 1, 2026 * 12 + 4]
  it('counts a fact made in it whose earlier competitor is before F and whose later one is at or after T (worked by hand)', () => {
    const cases: [string, number, number, number, boolean][] = [
      // [what, its month, its earlier competitor's, its later one's, counts]
      ['no competitor before, one in T', F, NO_SINCE_MONTH, T, true],
      ['one in F − 1 (January), none after', F + 1, F - 1, NO_UNTIL_MONTH, true],
      ['one in F − 1, one in T', T - 1, F - 1, T, true],
      ['one in F (February) itself: inside the period', F + 1, F, NO_UNTIL_MONTH, false],
      ['one in T − 1 (April): inside the period', F, NO_SINCE_MONTH, T - 1, false],
      ['one in T + 1', F, F - 2, T + 1, true],
      ['made in F − 1: before the period', F - 1, F - 2, T, false],
      ['made in T: after it', T, F - 1, T + 1, false],
      ['neither competitor', T - 1, NO_SINCE_MONTH, NO_UNTIL_MONTH, true],
    ]
    for (const [what, month, since, until, counts] of cases) expect({ what, counts: countsInMonths({ month, since, until }, F, T) }).toEqual({ what, counts })
    // Open ends (a view): only a fact without the competitor on that side counts.
    expect(countsInMonths({ month: F, since: NO_SINCE_MONTH, until: T }, NO_SINCE_MONTH + 1, T)).toBe(true)
    expect(countsInMonths({ month: F, since: -200_000 * 12, until: T }, NO_SINCE_MONTH + 1, T)).toBe(false)
    expect(countsInMonths({ month: F, since: F - 1, until: NO_UNTIL_MONTH }, F, NO_UNTIL_MONTH)).toBe(true)
    expect(countsInMonths({ month: F, since: F - 1, until: 200_000 * 12 }, F, NO_UNTIL_MONTH)).toBe(false)
  })
  it('puts a fact and its competitors in their China months: 1 February 00:00 China time is February, 31 January 23:59:59.999 January', () => {
    expect(monthsApart({ at: ms('2026-02-01T00:00:00+08:00'), since: ms('2026-01-31T23:59:59.999+08:00') })).toEqual({ month: F, since: F - 1, until: NO_UNTIL_MONTH })
    expect(monthsApart({ at: ms('2026-04-30T23:59:59.999+08:00'), until: ms('2026-05-01T00:00:00+08:00') })).toEqual({ month: T - 1, since: NO_SINCE_MONTH, until: T })
  })
  it('is one month span, no days: a quarter, a year; not a month with days, days alone, or no span', () => {
    expect(wholeMonths(periodSpans(ms('2026-01-01T00:00:00+08:00'), ms('2027-01-01T00:00:00+08:00')))).toEqual({ grain: 'month', from: 2026 * 12, to: 2027 * 12 })
    expect(wholeMonths(periodSpans(undefined, ms('2026-04-01T00:00:00+08:00')))?.to).toBe(MAR + 1)
    expect(wholeMonths(periodSpans(ms('2026-01-01T00:00:00+08:00'), ms('2026-04-02T00:00:00+08:00')))).toBeUndefined()
    expect(wholeMonths(periodSpans(ms('2026-03-01T00:00:00+08:00'), ms('2026-03-03T00:00:00+08:00')))).toBeUndefined()
    expect(wholeMonths([])).toBeUndefined()
  })
  // China midnights from 2025-11-01 to 2026-08-31 and instants at, a millisecond either side of, and at noon on them.
  const midnight = (day: number) => (JAN1 - 61 + day) * 86_400_000 - 8 * 3_600_000
  const instant = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.constantFrom(0, 1, -1, 12 * 3_600_000)).map(([day, off]) => midnight(day) + off)
  const monthStart = fc.integer({ min: 2025 * 12 + 10, max: 2026 * 12 + 8 }).map((m) => monthStartDay(m) * 86_400_000 - 8 * 3_600_000)
  it('as core’s factCountsIn for every fact of alignment 2 and period of whole months (open ends too)', () => {
    fc.assert(
      fc.property(instant, fc.option(instant, { nil: undefined }), fc.option(instant, { nil: undefined }), fc.option(monthStart, { nil: undefined }), fc.option(monthStart, { nil: undefined }), (at, since, until, from, to) => {
        const fact = { key: 'k', at, value: 0, ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) }
        const months = wholeMonths(periodSpans(from, to))
        if (alignment(fact) !== 2 || months === undefined) return
        const counts = countsInMonths(monthsApart(fact), from === undefined ? NO_SINCE_MONTH + 1 : months.from, to === undefined ? NO_UNTIL_MONTH : months.to)
        expect({ fact, from, to, counts }).toEqual({ fact, from, to, counts: factCountsIn(fact, from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY) })
      }),
      { numRuns: 20_000 },
    )
  })
})

describe('a fact a period of several whole months or days leaves unread never counts there (the view’s read by alignment)', () => {
  // China midnights from 2026-01-01 to 2026-06-30 (the 1st of a month among them), and instants at, just before and after
  // them and at noon: facts and competitors on period ends, a month's first instant, the last millisecond of a day.
  const midnight = (day: number) => (JAN1 + day) * 86_400_000 - 8 * 3_600_000
  const instant = fc.tuple(fc.integer({ min: 0, max: 180 }), fc.constantFrom(0, 1, -1, 12 * 3_600_000)).map(([day, off]) => midnight(day) + off)
  const end = fc.option(fc.integer({ min: 0, max: 181 }).map(midnight), { nil: undefined })
  it('a whole-months period (open ends too) holds only those of alignment 2 that count, a whole-days one those of 1 or 2', () => {
    fc.assert(
      fc.property(instant, fc.option(instant, { nil: undefined }), fc.option(instant, { nil: undefined }), end, end, (at, since, until, from, to) => {
        const fact = { key: 'k', at, value: 0, ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) }
        const spans = periodSpans(from, to)
        if (spans === undefined || singleBucket(spans) !== undefined || (from === undefined && to === undefined)) return
        // What sqliteDashboard's boundedTotals and postgresDashboard's statement 15 read: 2 for whole months, else 1 or 2.
        const least = spans.every((span) => span.grain === 'month') ? 2 : 1
        if (factCountsIn(fact, from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY)) expect({ spans, fact, aligned: alignment(fact) >= least }).toEqual({ spans, fact, aligned: true })
      }),
      { numRuns: 20_000 },
    )
  })
})

type Fact = { readonly key: string; readonly at: number; readonly value: number; readonly since?: number; readonly until?: number }

/** What one-by-one reads (`apartParts`', `sameMonthReads`') add up to for one fact (1 or −1 per read taking it). */
const byReads = (fact: Fact, reads: readonly ApartRead[]): number => {
  const inRange = (x: number | undefined, r: CompetitorRange) => (x === undefined ? r.orNone : r.from <= x && x < r.to)
  return reads.reduce((n, r) => n + (r.at.from <= fact.at && fact.at < r.at.to && inRange(fact.since, r.since) && inRange(fact.until, r.until) ? r.sign : 0), 0)
}

/** What the kept rows by months and the one-by-one reads of `apartParts` add up to for one fact (1 or −1 per read taking it). */
const byPlan = (fact: Fact, plan: ApartPlan): number => {
  if (alignment(fact) !== 2) return 0
  const m = monthsApart(fact)
  const k = plan.kept
  const kept = k !== undefined && k.from <= m.month && m.month < k.to && m.since < k.sinceBelow && m.until >= k.untilFrom ? 1 : 0
  return kept + byReads(fact, plan.reads)
}

/**
 * How many times a dashboard view of `[from, to)` counts a fact with a competitor (sqliteDashboard's periodTotals,
 * boundedTotals and factTotals; postgresDashboard's statements 2, 3 and 15): a period that is one bucket from that bucket's
 * sums; else every fact in the parts of a day at either end as factCountsIn asks, those of alignment 2 in the whole days
 * and months by `apartParts`, those of 1 in the spans of days by `sameMonthReads`.
 */
const viewCount = (fact: Fact, from: number | undefined, to: number | undefined): number => {
  const parts = periodParts(from, to)
  if (parts === undefined) throw new Error('no period')
  const within = (r: { readonly from: number | undefined; readonly to: number | undefined }) => (r.from ?? Number.NEGATIVE_INFINITY) <= fact.at && fact.at < (r.to ?? Number.POSITIVE_INFINITY)
  const counts = factCountsIn(fact, from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY) ? 1 : 0
  const single = parts.edges.length === 0 ? singleBucket(parts.spans) : undefined
  if (single !== undefined) {
    const range = single.grain === 'day' ? daysRange({ ...single, grain: 'day' }) : { from: monthStartDay(single.from) * 86_400_000 - 8 * 3_600_000, to: monthStartDay(single.to) * 86_400_000 - 8 * 3_600_000 }
    return within(range) && alignment(fact) >= (single.grain === 'day' ? 1 : 2) ? 1 : 0
  }
  return (
    parts.edges.filter(within).length * counts +
    (parts.spans.length > 0 ? byPlan(fact, apartParts(from, to, parts.middle)) : 0) +
    (alignment(fact) === 1 ? parts.spans.reduce((n, span) => n + (span.grain === 'day' ? byReads(fact, sameMonthReads(daysRange({ ...span, grain: 'day' }), from, to)) : 0), 0) : 0)
  )
}

/** A fact with a competitor made at `at` is counted by a view of `[from, to)` once when it counts there (core's `factCountsIn`), else not at all. */
const countedOnce = (at: number, since: number | undefined, until: number | undefined, from: number | undefined, to: number | undefined): void => {
  if (since === undefined && until === undefined) return
  const fact = { key: 'k', at, value: 0, ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) }
  if (periodParts(from, to) === undefined || (from === undefined && to === undefined)) return
  const counts = factCountsIn(fact, from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY) ? 1 : 0
  expect({ from, to, fact, n: viewCount(fact, from, to) }).toEqual({ from, to, fact, n: counts })
}

describe('a period whose ends are not China midnights (periodParts): each fact with a competitor that counts is counted once', () => {
  const midnight = (day: number) => (JAN1 + day) * 86_400_000 - 8 * 3_600_000
  // Facts and competitors at, a millisecond either side of, and at noon on China midnights from January to June 2026;
  // period ends there too (a competitor at an end, a millisecond before or after it), or at any minute (within a day,
  // across one whole day, a month and days with edges, open ends).
  const instant = fc.tuple(fc.integer({ min: 0, max: 180 }), fc.constantFrom(0, 1, -1, 12 * 3_600_000)).map(([day, off]) => midnight(day) + off)
  const endAt = fc.oneof(instant, fc.tuple(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 1439 })).map(([day, minute]) => midnight(day) + minute * 60_000))
  const end = fc.option(endAt, { nil: undefined })
  // Across two years' ends (December 2025 to March 2028, 29 February 2028 among them): facts, competitors and ends at a
  // year's start (China midnight, 16:00 UTC the day before), a millisecond either side, at 08:00 (the UTC midnight) and
  // 10:00 on 1 January, and at any minute: a year exactly, two years, the year from 10:00 to 10:00 or to midnight.
  const YEAR_STARTS = [2026, 2027, 2028].map((year) => Date.parse(`${year}-01-01T00:00:00+08:00`))
  const aroundYears = fc.oneof(
    fc.tuple(fc.constantFrom(...YEAR_STARTS), fc.constantFrom(0, 1, -1, 8 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000 - 1)).map(([start, off]) => start + off),
    fc.tuple(fc.integer({ min: -31, max: 800 }), fc.constantFrom(0, 1, -1, 10 * 3_600_000)).map(([day, off]) => midnight(day) + off),
    fc.integer({ min: midnight(-31) / 60_000, max: midnight(800) / 60_000 }).map((minute) => minute * 60_000),
  )
  it('across years’ ends: a year exactly, two, the year from 10:00 to 10:00 or to midnight, a year start in UTC terms — each fact that counts once, else not at all', () => {
    fc.assert(
      fc.property(aroundYears, fc.option(aroundYears, { nil: undefined }), fc.option(aroundYears, { nil: undefined }), fc.option(aroundYears, { nil: undefined, freq: 8 }), fc.option(aroundYears, { nil: undefined, freq: 8 }), (at, since, until, from, to) => {
        countedOnce(at, since, until, from, to)
      }),
      { numRuns: 30_000 },
    )
  })
  it('in an edge (every fact), in the whole days and months if of alignment 2 (kept by months, or one by one), in a span of days if of 1: once if it counts, else not at all', () => {
    fc.assert(
      fc.property(instant, fc.option(instant, { nil: undefined }), fc.option(instant, { nil: undefined }), end, end, (at, since, until, from, to) => {
        countedOnce(at, since, until, from, to)
      }),
      { numRuns: 30_000 },
    )
  })
})

describe('the facts of alignment 1 in a span of days that is not whole months are read by the shorter of their time or their competitors’ in the month (sameMonthReads)', () => {
  const cst = (local: string) => ms(`${local}+08:00`)
  const [none, all] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]
  it('the year from 10:00 on 1 January: 2–31 January by an earlier competitor on 1 January before 10:00 (ten hours), not by the thirty days made', () => {
    const [F, T] = [cst('2026-01-01T10:00:00'), cst('2027-01-01T10:00:00')]
    // periodParts: the days 2–31 January 2026 are the span of days before February's whole months.
    expect(sameMonthReads({ from: cst('2026-01-02T00:00:00'), to: cst('2026-02-01T00:00:00') }, F, T)).toEqual([
      {
        sign: 1,
        by: 'since',
        at: { from: cst('2026-01-02T00:00:00'), to: cst('2026-02-01T00:00:00') },
        since: { from: cst('2026-01-01T00:00:00'), to: F, orNone: false },
        // The later competitor as factCountsIn asks it: at or after the end, or none (none in January can be).
        until: { from: T, to: all, orNone: true },
      },
    ])
  })
  it('both ends in the month (1 January 10:00 to 31 January 14:00): an earlier competitor before 10:00 on the 1st, or else a later one from 14:00 on the 31st', () => {
    const [F, T] = [cst('2026-01-01T10:00:00'), cst('2026-01-31T14:00:00')]
    const at = { from: cst('2026-01-02T00:00:00'), to: cst('2026-01-31T00:00:00') }
    expect(sameMonthReads(at, F, T)).toEqual([
      { sign: 1, by: 'since', at, since: { from: cst('2026-01-01T00:00:00'), to: F, orNone: false }, until: { from: T, to: all, orNone: true } },
      // Not those the first read takes: an earlier competitor before January, or none.
      { sign: 1, by: 'until', at, since: { from: none, to: cst('2026-01-01T00:00:00'), orNone: true }, until: { from: T, to: cst('2026-02-01T00:00:00'), orNone: false } },
    ])
  })
  it('an open start: only a later competitor in the month from the end (no earlier one may count)', () => {
    const T = cst('2026-01-31T14:00:00')
    const at = { from: cst('2026-01-01T00:00:00'), to: cst('2026-01-31T00:00:00') }
    expect(sameMonthReads(at, undefined, T)).toEqual([
      { sign: 1, by: 'until', at, since: { from: none, to: none, orNone: true }, until: { from: T, to: cst('2026-02-01T00:00:00'), orNone: false } },
    ])
  })
  it('two days (20–21 January): by the time made, the competitors’ ranges in the month being longer (19 days before, 10 after)', () => {
    const [F, T] = [cst('2026-01-20T00:00:00'), cst('2026-01-22T00:00:00')]
    expect(sameMonthReads({ from: F, to: T }, F, T)).toEqual([{ sign: 1, by: 'at', at: { from: F, to: T }, since: { from: none, to: F, orNone: true }, until: { from: T, to: all, orNone: true } }])
  })
  it('days across a month’s end (29 January to 2 February): each month’s days on their own, by the time made', () => {
    const [F, T] = [cst('2026-01-29T00:00:00'), cst('2026-02-03T00:00:00')]
    const exact = { since: { from: none, to: F, orNone: true }, until: { from: T, to: all, orNone: true } }
    expect(sameMonthReads({ from: F, to: T }, F, T)).toEqual([
      { sign: 1, by: 'at', at: { from: F, to: cst('2026-02-01T00:00:00') }, ...exact },
      { sign: 1, by: 'at', at: { from: cst('2026-02-01T00:00:00'), to: T }, ...exact },
    ])
  })
  // Both ends in one month (sameMonthReads' two reads: an earlier competitor in the month before the start, or else a later
  // one in the month from the end), and ends in two neighbouring months: facts made in the month, their competitors at,
  // a millisecond either side of, the month's start and end and the period's ends, or at any minute around the month.
  it('both ends in one month or in neighbouring ones, competitors on both sides: each fact that counts once, else not at all', () => {
    const MONTHS = ['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'].map((d) => cst(`${d}T00:00:00`))
    const DAY = 86_400_000
    const scenario = fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 6 * 1440 }), fc.integer({ min: 0, max: 6 * 1440 }), fc.boolean(), fc.boolean(), fc.boolean())
      .map(([m, a, b, openStart, openEnd, across]) => {
        const [start, end] = [MONTHS[m]!, MONTHS[m + 1]!]
        const from = start + a * 60_000
        const to = (across ? MONTHS[m + 2] ?? end : end) - b * 60_000
        return { start, end, from: openStart ? undefined : from, to: openEnd ? undefined : to }
      })
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), fc.nat(), fc.boolean(), fc.boolean(), (p, i, j, k, hasSince, hasUntil) => {
        if (p.from === undefined && p.to === undefined) return
        const points = [p.start, p.end, p.from ?? p.start, p.to ?? p.end].flatMap((x) => [x - 1, x, x + 1])
        const pick = (n: number) => (n % 3 === 0 ? p.start - 3 * DAY + (n % ((p.end - p.start) / 60_000 + 6 * 1440)) * 60_000 : points[n % points.length]!)
        const at = p.start + (i % ((p.end - p.start) / 60_000)) * 60_000 + (i % 2)
        const [since, until] = [hasSince ? pick(j) : undefined, hasUntil ? pick(k) : undefined]
        if (since === undefined && until === undefined) return
        const fact = { key: 'k', at, value: 0, ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) }
        if (periodParts(p.from, p.to) === undefined) return
        const counts = factCountsIn(fact, p.from ?? none, p.to ?? all) ? 1 : 0
        expect({ ...p, fact, n: viewCount(fact, p.from, p.to) }).toEqual({ ...p, fact, n: counts })
      }),
      { numRuns: 30_000 },
    )
  })
})

describe('a period whose ends are not months’ starts takes the facts of alignment 2 from their kept sums by months too (apartParts)', () => {
  const cst = (local: string) => ms(`${local}+08:00`)
  const [JAN_2026, JAN_2027] = [2026 * 12, 2027 * 12]
  // The year from 10:00 on 1 January 2026 to 10:00 on 1 January 2027: its middle is 2 January 00:00 to 1 January 2027
  // 00:00 (periodParts), 2–31 January and February to December.
  const [F, T] = [cst('2026-01-01T10:00:00'), cst('2027-01-01T10:00:00')]
  const middle = { from: cst('2026-01-02T00:00:00'), to: cst('2027-01-01T00:00:00') }
  it('reads the year from 10:00 as January to December kept (less 1 January’s), one by one only a competitor in January 2026 before 10:00 or in January 2027 from 10:00', () => {
    const none = Number.NEGATIVE_INFINITY
    const all = Number.POSITIVE_INFINITY
    expect(apartParts(F, T, middle)).toEqual({
      // Made January to December 2026; the earlier competitor in December 2025 or before (or none: NO_SINCE_MONTH);
      // the later one in February 2027 or after (or none).
      kept: { from: JAN_2026, to: JAN_2027, sinceBelow: JAN_2026, untilFrom: JAN_2027 + 1 },
      reads: [
        // 1 January's facts that the kept rows hold, taken off (their competitors by the kept rows' bounds in ms).
        { sign: -1, by: 'at', at: { from: cst('2026-01-01T00:00:00'), to: middle.from }, since: { from: none, to: cst('2026-01-01T00:00:00'), orNone: true }, until: { from: cst('2027-02-01T00:00:00'), to: all, orNone: true } },
        // The earlier competitor on 1 January before 10:00 (the later one as factCountsIn asks).
        { sign: 1, by: 'since', at: middle, since: { from: cst('2026-01-01T00:00:00'), to: F, orNone: false }, until: { from: T, to: all, orNone: true } },
        // The later competitor in January 2027 from 10:00 on the 1st (the earlier one as the kept rows take it).
        { sign: 1, by: 'until', at: middle, since: { from: none, to: cst('2026-01-01T00:00:00'), orNone: true }, until: { from: T, to: cst('2027-02-01T00:00:00'), orNone: false } },
      ],
    })
  })
  it('counts each fact once if it counts, else not (worked by hand; competitors at an end, a millisecond before, in the same month before and after, open ends, the partial first day)', () => {
    const fact = (at: string, since?: string, until?: string): Fact => ({ key: 'k', at: cst(at), value: 0, ...(since === undefined ? {} : { since: cst(since) }), ...(until === undefined ? {} : { until: cst(until) }) })
    const cases: [string, Fact, number | undefined, number | undefined, number][] = [
      // [what, fact, from, to, times counted] — the year from 10:00 (F to T).
      ['earlier competitor at the start instant: not before it', fact('2026-03-10T09:00:00', '2026-01-01T10:00:00'), F, T, 0],
      ['one a millisecond before the start: counts (read by since)', fact('2026-03-10T09:00:00', '2026-01-01T09:59:59.999'), F, T, 1],
      ['one at 00:00 on 1 January, the start’s month before it: counts', fact('2026-03-10T09:00:00', '2026-01-01T00:00:00'), F, T, 1],
      ['one in December 2025 (kept): counts', fact('2026-03-10T09:00:00', '2025-12-31T23:59:59.999'), F, T, 1],
      ['one in the start’s month a millisecond after it: not', fact('2026-03-10T09:00:00', '2026-01-01T10:00:00.001'), F, T, 0],
      ['one on 20 January: not', fact('2026-03-10T09:00:00', '2026-01-20T09:00:00'), F, T, 0],
      ['later competitor at the end instant: counts (read by until)', fact('2026-03-10T09:00:00', undefined, '2027-01-01T10:00:00'), F, T, 1],
      ['one a millisecond before the end: not', fact('2026-03-10T09:00:00', undefined, '2027-01-01T09:59:59.999'), F, T, 0],
      ['one at 00:00 on 1 January 2027, the end’s month before it: not', fact('2026-03-10T09:00:00', undefined, '2027-01-01T00:00:00'), F, T, 0],
      ['one on 31 January 2027, the end’s month after it: counts', fact('2026-03-10T09:00:00', undefined, '2027-01-31T23:59:59.999'), F, T, 1],
      ['one in February 2027 (kept): counts', fact('2026-03-10T09:00:00', undefined, '2027-02-01T00:00:00'), F, T, 1],
      ['both in the ends’ months, outside: counts once (by since, not by until too)', fact('2026-03-10T09:00:00', '2026-01-01T09:00:00', '2027-01-01T11:00:00'), F, T, 1],
      ['earlier one outside by the month, later one in the end’s month outside: once (by until)', fact('2026-03-10T09:00:00', '2025-11-01T09:00:00', '2027-01-01T11:00:00'), F, T, 1],
      ['made in the days 2–31 January, its later competitor in February: not', fact('2026-01-20T09:00:00', '2025-12-20T09:00:00', '2026-02-03T09:00:00'), F, T, 0],
      ['made at 00:00 on 2 January, its earlier competitor in December: counts', fact('2026-01-02T00:00:00', '2025-12-20T09:00:00'), F, T, 1],
      ['made on the partial first day after 10:00 (an edge): counts', fact('2026-01-01T12:00:00', '2025-12-20T09:00:00'), F, T, 1],
      ['made on 1 January before 10:00 (in January’s kept row, taken off): not', fact('2026-01-01T09:00:00', '2025-12-20T09:00:00'), F, T, 0],
      ['made on the partial last day before 10:00 (an edge): counts', fact('2027-01-01T09:00:00', '2025-12-01T09:00:00'), F, T, 1],
      ['made on 31 December 2026, its later competitor at the end: counts', fact('2026-12-31T23:59:00', '2025-12-01T09:00:00', '2027-01-01T10:00:00'), F, T, 1],
      // Open ends: only a fact without the competitor on that side counts.
      ['open start, an earlier competitor: not', fact('2026-03-10T09:00:00', '2025-12-01T09:00:00'), undefined, cst('2026-04-01T10:00:00'), 0],
      ['open start, a later one at the end instant: counts', fact('2026-03-10T09:00:00', undefined, '2026-04-01T10:00:00'), undefined, cst('2026-04-01T10:00:00'), 1],
      ['open start, a later one a millisecond before the end: not', fact('2026-03-10T09:00:00', undefined, '2026-04-01T09:59:59.999'), undefined, cst('2026-04-01T10:00:00'), 0],
      ['open end, a later competitor: not', fact('2026-03-10T09:00:00', undefined, '2026-05-01T09:00:00'), F, undefined, 0],
      ['open end, an earlier one before the start in its month: counts', fact('2026-03-10T09:00:00', '2026-01-01T09:00:00'), F, undefined, 1],
    ]
    for (const [what, f, from, to, n] of cases) {
      expect(alignment(f)).toBe(2)
      expect({ what, n: viewCount(f, from, to) }).toEqual({ what, n })
    }
  })
  it('reads the days of a month one by one when they are fewer than its other days (20 January 10:00 to 10 March 10:00: 21–31 January, 1–9 March)', () => {
    const plan = apartParts(cst('2026-01-20T10:00:00'), cst('2026-03-10T10:00:00'), { from: cst('2026-01-21T00:00:00'), to: cst('2026-03-10T00:00:00') })
    expect(plan.kept).toEqual({ from: JAN_2026 + 1, to: JAN_2026 + 2, sinceBelow: JAN_2026, untilFrom: JAN_2026 + 3 })
    expect(plan.reads.map((r) => [r.sign, r.by, new Date(r.at.from).toISOString(), new Date(r.at.to).toISOString()])).toEqual([
      [1, 'at', '2026-01-20T16:00:00.000Z', '2026-01-31T16:00:00.000Z'],
      [1, 'at', '2026-02-28T16:00:00.000Z', '2026-03-09T16:00:00.000Z'],
      // February alone is kept: the competitors in the ends' months one by one, of facts made in February.
      [1, 'since', '2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z'],
      [1, 'until', '2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z'],
    ])
    // A period of whole months: the kept rows alone (countsInMonths), as before.
    expect(apartParts(cst('2026-01-01T00:00:00'), cst('2027-01-01T00:00:00'), { from: cst('2026-01-01T00:00:00'), to: cst('2027-01-01T00:00:00') })).toEqual({
      kept: { from: JAN_2026, to: JAN_2027, sinceBelow: JAN_2026, untilFrom: JAN_2027 },
      reads: [],
    })
  })
})

describe('the kept rows a period’s counts are read from (countSpans): a span of days as its days, or its month less the others', () => {
  // Day numbers worked by hand (see above): January 2026 is days 20 454 (the 1st) to 20 484 (the 31st), March 20 513 to
  // 20 543. 2028 is a leap year: 2028-01-01 is 20 454 + 365 + 365 = 21 184, 2028-02-01 21 184 + 31 = 21 215, 2028-02-29
  // 21 215 + 28 = 21 243, 2028-03-01 21 244.
  const JAN = 2026 * 12
  const MAR1 = 20_513
  const APR1 = MAR1 + 31
  const FEB_2028 = 2028 * 12 + 1
  const FEB1_2028 = 21_215
  const days = (from: number, to: number): Span => ({ grain: 'day', from, to })

  it('reads the year from 10:00 on 1 January as the year 2026 less 1 January (not January to December, nor 30 days of January)', () => {
    // periodParts of 2026-01-01 10:00 → 2027-01-01 10:00 (China): months February–December, days 2–31 January; the
    // year's row (1) and 1 January's (1), against February–December and January less 1 January (11 + 1 + 1).
    const parts = periodParts(ms('2026-01-01T10:00:00+08:00'), ms('2027-01-01T10:00:00+08:00'))
    expect(parts?.spans).toEqual([{ grain: 'month', from: JAN + 1, to: JAN + 12 }, days(JAN1 + 1, JAN1 + 31)])
    expect(countSpans(parts?.spans ?? [])).toEqual([
      { grain: 'year', from: 2026, to: 2027, sign: 1 },
      { grain: 'day', from: JAN1, to: JAN1 + 1, sign: -1 },
    ])
  })

  it('reads a whole China year as its row, two years as one range of them', () => {
    expect(countSpans(periodSpans(ms('2026-01-01T00:00:00+08:00'), ms('2027-01-01T00:00:00+08:00')) ?? [])).toEqual([{ grain: 'year', from: 2026, to: 2027, sign: 1 }])
    expect(countSpans(periodSpans(ms('2025-01-01T00:00:00+08:00'), ms('2027-01-01T00:00:00+08:00')) ?? [])).toEqual([{ grain: 'year', from: 2025, to: 2027, sign: 1 }])
    // 1 March 2025 to 1 March 2027: March–December 2025 (10 months, against the year less January–February: 1 + 2), 2026
    // whole, January–February 2027 (2 months, against 1 + 10).
    expect(countSpans(periodSpans(ms('2025-03-01T00:00:00+08:00'), ms('2027-03-01T00:00:00+08:00')) ?? [])).toEqual([
      { grain: 'year', from: 2025, to: 2027, sign: 1 },
      { grain: 'month', from: 2027 * 12, to: 2027 * 12 + 2, sign: 1 },
      { grain: 'month', from: 2025 * 12, to: 2025 * 12 + 2, sign: -1 },
    ])
  })

  it('reads 31 December to 2 January as its two days, one in each year (no year row)', () => {
    // 2025-12-31 is day 20 453, 2026-01-01 20 454.
    const spans = periodSpans(ms('2025-12-31T00:00:00+08:00'), ms('2026-01-02T00:00:00+08:00')) ?? []
    expect(spans).toEqual([days(JAN1 - 1, JAN1 + 1)])
    expect(countSpans(spans)).toEqual([
      { grain: 'day', from: JAN1 - 1, to: JAN1, sign: 1 },
      { grain: 'day', from: JAN1, to: JAN1 + 1, sign: 1 },
    ])
  })

  it('reads 11 whole months as the year less the twelfth, and with days after them as the year less the rest', () => {
    // January–November 2026: 11 month rows against the year's and December's (2).
    expect(countSpans(periodSpans(ms('2026-01-01T00:00:00+08:00'), ms('2026-12-01T00:00:00+08:00')) ?? [])).toEqual([
      { grain: 'year', from: 2026, to: 2027, sign: 1 },
      { grain: 'month', from: JAN + 11, to: JAN + 12, sign: -1 },
    ])
    // 1 January to 15 December 2026 (1–14 December: 14 days, against December less 15–31: 1 + 17): the months and days are
    // 11 + 14 = 25 rows; the year less 15–31 December is 1 + 15, December's 17 days being December less 1–14 (1 + 14):
    // the year, less December, plus 1–14 December. December 2026 starts on day 20 454 + 334 = 20 788.
    const DEC1 = JAN1 + 334
    expect(countSpans(periodSpans(ms('2026-01-01T00:00:00+08:00'), ms('2026-12-15T00:00:00+08:00')) ?? [])).toEqual([
      { grain: 'year', from: 2026, to: 2027, sign: 1 },
      { grain: 'month', from: JAN + 11, to: JAN + 12, sign: -1 },
      { grain: 'day', from: DEC1, to: DEC1 + 14, sign: 1 },
    ])
    // February–December 2026 with 2–31 January is the year from 10:00 (above); January and February alone stay months.
    expect(countSpans(periodSpans(ms('2026-01-01T00:00:00+08:00'), ms('2026-03-01T00:00:00+08:00')) ?? [])).toEqual([{ grain: 'month', from: JAN, to: JAN + 2, sign: 1 }])
  })

  it('counts 29 February 2028 in the leap year: 29 February to 31 December is the year less January and 1–28 February', () => {
    // 29 February – 31 December 2028: 29 February (1) and March–December (10), against the year (1), January and
    // February (one range, 2) and 29 February added back (1).
    const FEB29_2028 = FEB1_2028 + 28
    expect(countSpans(periodSpans(ms('2028-02-29T00:00:00+08:00'), ms('2029-01-01T00:00:00+08:00')) ?? [])).toEqual([
      { grain: 'year', from: 2028, to: 2029, sign: 1 },
      { grain: 'month', from: 2028 * 12, to: 2028 * 12 + 2, sign: -1 },
      { grain: 'day', from: FEB29_2028, to: FEB29_2028 + 1, sign: 1 },
    ])
    // 1 January – 28 February 2028: January and February less the 29th (3), the months and days (2 + 28 days, or 1 + the
    // month less the 29th): the months.
    expect(countSpans(periodSpans(ms('2028-01-01T00:00:00+08:00'), ms('2028-02-29T00:00:00+08:00')) ?? [])).toEqual([
      { grain: 'month', from: 2028 * 12, to: 2028 * 12 + 2, sign: 1 },
      { grain: 'day', from: FEB29_2028, to: FEB29_2028 + 1, sign: -1 },
    ])
  })

  it('reads an open end as every whole year on that side', () => {
    // Before 1 March 2026: the years up to 2025 (from the first `Date` can name), January and February 2026.
    const before = countSpans(periodSpans(undefined, ms('2026-03-01T00:00:00+08:00')) ?? [])
    expect(before).toEqual([
      { grain: 'year', from: -200_000, to: 2026, sign: 1 },
      { grain: 'month', from: JAN, to: JAN + 2, sign: 1 },
    ])
    // From 2 January 2026: the years from 2026 less 1 January.
    expect(countSpans(periodSpans(ms('2026-01-02T00:00:00+08:00'), undefined) ?? [])).toEqual([
      { grain: 'year', from: 2026, to: 200_000, sign: 1 },
      { grain: 'day', from: JAN1, to: JAN1 + 1, sign: -1 },
    ])
    expect(countSpans(periodSpans(undefined, undefined) ?? [])).toEqual([{ grain: 'year', from: -200_000, to: 200_000, sign: 1 }])
  })

  it('takes the month when its row and the days left out are fewer buckets than the days in: 17 of March’s 31, not 16', () => {
    // 1–16 March: 16 days in; the month and 17–31 March would be 1 + 15 = 16 buckets, not fewer: the days.
    expect(countSpans([days(MAR1, MAR1 + 16)])).toEqual([{ grain: 'day', from: MAR1, to: MAR1 + 16, sign: 1 }])
    // 1–17 March: 17 days in; the month and 18–31 March: 1 + 14 = 15 buckets.
    expect(countSpans([days(MAR1, MAR1 + 17)])).toEqual([
      { grain: 'month', from: MAR, to: MAR + 1, sign: 1 },
      { grain: 'day', from: MAR1 + 17, to: APR1, sign: -1 },
    ])
    // 16–31 March (16 days) the days; 15–31 March (17) the month less 1–14 March.
    expect(countSpans([days(MAR1 + 15, APR1)])).toEqual([{ grain: 'day', from: MAR1 + 15, to: APR1, sign: 1 }])
    expect(countSpans([days(MAR1 + 14, APR1)])).toEqual([
      { grain: 'month', from: MAR, to: MAR + 1, sign: 1 },
      { grain: 'day', from: MAR1, to: MAR1 + 14, sign: -1 },
    ])
    // 2–30 March: the month less the 1st and the 31st.
    expect(countSpans([days(MAR1 + 1, MAR1 + 30)])).toEqual([
      { grain: 'month', from: MAR, to: MAR + 1, sign: 1 },
      { grain: 'day', from: MAR1, to: MAR1 + 1, sign: -1 },
      { grain: 'day', from: MAR1 + 30, to: APR1, sign: -1 },
    ])
  })

  it('cuts a span across a month’s end at it: 3 January to 26 February is January less 1–2, February less 27–28', () => {
    expect(periodSpans(ms('2026-01-03T00:00:00+08:00'), ms('2026-02-27T00:00:00+08:00'))).toEqual([days(JAN1 + 2, JAN1 + 57)])
    expect(countSpans([days(JAN1 + 2, JAN1 + 57)])).toEqual([
      { grain: 'month', from: JAN, to: JAN + 2, sign: 1 },
      { grain: 'day', from: JAN1, to: JAN1 + 2, sign: -1 },
      { grain: 'day', from: JAN1 + 57, to: JAN1 + 59, sign: -1 },
    ])
    // 20 January to 9 February: 12 days of January, 9 of February, each fewer than half: the days.
    expect(countSpans([days(JAN1 + 19, JAN1 + 40)])).toEqual([
      { grain: 'day', from: JAN1 + 19, to: JAN1 + 31, sign: 1 },
      { grain: 'day', from: JAN1 + 31, to: JAN1 + 40, sign: 1 },
    ])
  })

  it('counts February 2028’s 29 days: 1–28 February is the month less the 29th; 1–15 the days, 1–16 the month', () => {
    expect(dayOf(ms('2028-02-29T00:00:00+08:00'))).toBe(FEB1_2028 + 28)
    expect(monthOfDay(FEB1_2028 + 28)).toBe(FEB_2028)
    expect(countSpans([days(FEB1_2028, FEB1_2028 + 28)])).toEqual([
      { grain: 'month', from: FEB_2028, to: FEB_2028 + 1, sign: 1 },
      { grain: 'day', from: FEB1_2028 + 28, to: FEB1_2028 + 29, sign: -1 },
    ])
    // 15 days in against 1 + 14; 16 against 1 + 13.
    expect(countSpans([days(FEB1_2028, FEB1_2028 + 15)])).toEqual([{ grain: 'day', from: FEB1_2028, to: FEB1_2028 + 15, sign: 1 }])
    expect(countSpans([days(FEB1_2028, FEB1_2028 + 16)])[0]).toEqual({ grain: 'month', from: FEB_2028, to: FEB_2028 + 1, sign: 1 })
  })

  it('gives every period the same counts as its days and months one by one (a month or year row being the sum of its days’)', () => {
    // Counts per China day from 2026-11-01 to 2029-03-01 (a leap February among them, three years' ends), a month's and a
    // year's the sum of their days'.
    const first = dayOf(ms('2026-11-01T00:00:00+08:00'))
    const last = dayOf(ms('2029-03-01T00:00:00+08:00'))
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: last - first, maxLength: last - first }), fc.integer({ min: first, max: last }), fc.integer({ min: first, max: last }), (perDay, a, b) => {
        const onDay = (d: number) => perDay[d - first] ?? 0
        const inDays = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => onDay(from + i)).reduce((x, y) => x + y, 0)
        const spans = periodSpans(a * 86_400_000 - 8 * 3_600_000, b * 86_400_000 - 8 * 3_600_000) ?? []
        const dayRange = (s: { readonly grain: string; readonly from: number; readonly to: number }): [number, number] =>
          s.grain === 'day' ? [s.from, s.to] : s.grain === 'month' ? [monthStartDay(s.from), monthStartDay(s.to)] : [monthStartDay(s.from * 12), monthStartDay(s.to * 12)]
        const read = countSpans(spans).reduce((n, s) => n + s.sign * inDays(...dayRange(s)), 0)
        expect({ a, b, read }).toEqual({ a, b, read: inDays(a, b) })
        // Never more buckets than the days and months one by one.
        const buckets = (list: readonly { readonly from: number; readonly to: number }[]) => list.reduce((n, s) => n + s.to - s.from, 0)
        expect(buckets(countSpans(spans))).toBeLessThanOrEqual(buckets(spans))
      }),
      { numRuns: 2_000 },
    )
  })
})
