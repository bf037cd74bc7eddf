import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chineseWorkdays } from './calendar.js'
import { addHours, addStatutoryDays, addWorkingDays, withinDeadline } from './dates.js'
import { stampOf } from './stamp.js'

// An oracle for the period counting (民法典 arts. 200–203, 民事诉讼法 art. 85) and the working-day addition of the
// complaint policy, written plainly and apart from the code under test: its own days off, copied by hand from the
// 国务院办公厅 notices (2025: 国办发明电〔2024〕12号; 2026: published 2025-11-04), and for 2027 and 2028, which have no
// notice shipped, the statutory festival days of 全国年节及纪念日放假办法 (2024) art. 2 worked out by hand (see
// festivals.test.ts for the lunar dates). Its own China-date arithmetic: a China date is the UTC date of the instant
// moved 8 hours on; a date is moved by days with Date.UTC. Nothing here calls the calendar module's helpers.

const range = (from: string, to: string): string[] => {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

const OFF = new Set<string>([
  // 2025 notice: 元旦 1-01; 春节 1-28..2-04; 清明 4-04..4-06; 劳动节 5-01..5-05; 端午 5-31..6-02; 国庆·中秋 10-01..10-08.
  '2025-01-01',
  ...range('2025-01-28', '2025-02-04'),
  ...range('2025-04-04', '2025-04-06'),
  ...range('2025-05-01', '2025-05-05'),
  ...range('2025-05-31', '2025-06-02'),
  ...range('2025-10-01', '2025-10-08'),
  // 2026 notice: 元旦 1-01..1-03; 春节 2-15..2-23; 清明 4-04..4-06; 劳动节 5-01..5-05; 端午 6-19..6-21; 中秋 9-25..9-27;
  // 国庆 10-01..10-07.
  ...range('2026-01-01', '2026-01-03'),
  ...range('2026-02-15', '2026-02-23'),
  ...range('2026-04-04', '2026-04-06'),
  ...range('2026-05-01', '2026-05-05'),
  ...range('2026-06-19', '2026-06-21'),
  ...range('2026-09-25', '2026-09-27'),
  ...range('2026-10-01', '2026-10-07'),
  // 2027, festival days only: 元旦 1-01; 春节 除夕 2-05 (正月初一 is Sat 2-06), 初一..初三 2-06..2-08; 清明 4-05;
  // 劳动节 5-01/02; 端午 (五月初五) 6-09; 中秋 (八月十五) 9-15; 国庆 10-01..10-03.
  '2027-01-01',
  ...range('2027-02-05', '2027-02-08'),
  '2027-04-05',
  '2027-05-01',
  '2027-05-02',
  '2027-06-09',
  '2027-09-15',
  ...range('2027-10-01', '2027-10-03'),
  // 2028, festival days only: 元旦 1-01; 春节 除夕 1-25, 初一..初三 1-26..1-28; 清明 4-04; 劳动节 5-01/02; 端午 5-28;
  // 中秋 10-03 (the same day as 国庆's third); 国庆 10-01..10-03.
  '2028-01-01',
  ...range('2028-01-25', '2028-01-28'),
  '2028-04-04',
  '2028-05-01',
  '2028-05-02',
  '2028-05-28',
  ...range('2028-10-01', '2028-10-03'),
  // 2029 to March (a period from late December 2028 may run into it): 元旦 1-01; 春节 除夕 2-12 (正月初一 is Tue 2-13),
  // 初一..初三 2-13..2-15.
  '2029-01-01',
  ...range('2029-02-12', '2029-02-15'),
])

// 调休 make-up working days (a Saturday or Sunday worked), from the same notices. None for 2027–2028: no notice.
const MAKE_UP = new Set<string>([
  '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
  '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
])

const chinaDate = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)
const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
const isWorkday = (date: string): boolean => {
  if (date < '2025-01-01' || date > '2029-03-31') throw new Error(`the oracle does not know ${date}`)
  if (MAKE_UP.has(date)) return true
  if (OFF.has(date)) return false
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
  return weekday !== 0 && weekday !== 6
}

/** 期间: the start day not counted; day n is the last; a last day off moves to the next working day; ends 24:00 China. */
const oraclePeriod = (ms: number, n: number): string => {
  let day = chinaDate(ms)
  for (let i = 0; i < n; i += 1) day = nextDay(day)
  while (!isWorkday(day)) day = nextDay(day)
  return day
}

/** n working days after the start day (which does not count, working or not). */
const oracleWorkingDays = (ms: number, n: number): string => {
  let day = chinaDate(ms)
  let counted = 0
  while (counted < n) {
    day = nextDay(day)
    if (isWorkday(day)) counted += 1
  }
  return day
}

const HOUR = 3_600_000
const FIRST = Date.parse('2025-01-01T00:00:00+08:00')
const LAST = Date.parse('2028-12-31T23:59:59.999+08:00')
// Any instant 2025-01-01 to 2028-12-31 China time, with extra weight on the minutes around China midnight (16:00 UTC),
// where the UTC date and the China date differ.
const anyInstant = fc.integer({ min: FIRST, max: LAST })
const nearChinaMidnight = fc
  .tuple(fc.integer({ min: 0, max: Math.floor((LAST - FIRST) / 86_400_000) - 1 }), fc.integer({ min: -2 * 60_000, max: 2 * 60_000 }))
  .map(([day, offset]) => FIRST + day * 86_400_000 + 86_400_000 + offset)
const instant = fc.oneof(anyInstant, nearChinaMidnight)
// Written in UTC or in China time, as commands may carry them.
const written = (ms: number, utc: boolean): string => (utc ? new Date(ms).toISOString() : `${new Date(ms + 8 * HOUR).toISOString().slice(0, 23)}+08:00`)

describe('period counting and working days against a plainly written oracle (2025–2028)', () => {
  it('addStatutoryDays (期间) ends at 24:00 China time of the day the oracle counts', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 }), fc.boolean(), (ms, n, utc) => {
        expect(addStatutoryDays(written(ms, utc), n, chineseWorkdays)).toBe(`${oraclePeriod(ms, n)}T23:59:59+08:00`)
      }),
      { numRuns: 3000 },
    )
  })

  it('addWorkingDays ends at 24:00 China time of the n-th working day the oracle counts', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), fc.boolean(), (ms, n, utc) => {
        expect(addWorkingDays(written(ms, utc), n, chineseWorkdays)).toBe(`${oracleWorkingDays(ms, n)}T23:59:59+08:00`)
      }),
      { numRuns: 3000 },
    )
  })

  it('a day deadline is met at any instant of its China day and missed from the next China midnight', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 }), instant, (ms, n, at) => {
        const deadline = addStatutoryDays(new Date(ms).toISOString(), n, chineseWorkdays)
        expect(withinDeadline(deadline, new Date(at).toISOString())).toBe(chinaDate(at) <= oraclePeriod(ms, n))
      }),
      { numRuns: 2000 },
    )
  })

  it('an hour deadline is the instant h hours on, whatever the day (midnight, a holiday, a year end), met up to itself', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(2, 24), fc.integer({ min: -5_000, max: 5_000 }), (ms, h, delta) => {
        const due = addHours(new Date(ms).toISOString(), h)
        expect(Date.parse(due)).toBe(ms + h * HOUR)
        expect(withinDeadline(due, new Date(ms + h * HOUR + delta).toISOString())).toBe(delta <= 0)
      }),
      { numRuns: 3000 },
    )
  })

  // And one reaching 2026-12-25..31, days the 2027 notice may arrange (its 元旦 across the turn of the year).
  it('a deadline counted through 2027 or 2028 (no notice) is stamped provisional; one within 2025 – 2026-12-24 is not', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 }), (ms, n) => {
        const from = new Date(ms).toISOString()
        const deadline = addStatutoryDays(from, n, chineseWorkdays)
        const provisional = oraclePeriod(ms, n) >= '2026-12-25'
        expect(stampOf(chineseWorkdays, from, deadline, { days: n, unit: 'statutory-days' }).provisional === true).toBe(provisional)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('the calendar, day by day, against the notices and the festival days (2025–2028)', () => {
  it('every date 2025-01-01..2028-12-31 is a working day exactly when the oracle says so', () => {
    const wrong = range('2025-01-01', '2028-12-31').filter((d) => chineseWorkdays.isWorkday(d) !== isWorkday(d))
    expect(wrong).toEqual([])
  })

  it('2025 and 2026 come from the shipped notices, 2027 and 2028 from the festival days alone (provisional)', () => {
    expect([2025, 2026, 2027, 2028].map((y) => [chineseWorkdays.sourceOf(y), chineseWorkdays.isProvisional(`${y}-03-01`)])).toEqual([
      ['shipped', false],
      ['shipped', false],
      ['festival-days-only', true],
      ['festival-days-only', true],
    ])
  })
})
