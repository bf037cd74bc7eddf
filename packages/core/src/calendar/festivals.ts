import chineseDays from 'chinese-days'
import { addLocalDays } from './dates.js'

/** The years whose statutory festival days we can compute (清明 by the 21st-century formula; the rules in force since 2008). */
export const FESTIVAL_YEARS = { from: 2008, to: 2099 } as const

/** One statutory festival day (全体公民放假的节日) and the festival it belongs to. */
export interface FestivalDay {
  readonly date: string
  readonly name: FestivalName
}

export const FESTIVAL_NAMES = ['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆'] as const
export type FestivalName = (typeof FESTIVAL_NAMES)[number]

const pad = (n: number): string => String(n).padStart(2, '0')

/**
 * 清明 — the day of the solar term 清明 (sun at ecliptic longitude 15°), by the 寿星 general formula
 * for 2000–2099: day of April = ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋, Y = year mod 100. Tested against every
 * published schedule from 2008.
 */
export const qingmingOf = (year: number): string => {
  const y = year % 100
  return `${year}-04-${pad(Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4))}`
}

// The first day in [from, from + span) whose lunar month and day are given (not a leap month).
// `getLunarDate` counts whole days from a fixed UTC instant, so unlike the package's other helpers it
// does not depend on the host's time zone (tested in calendar.test.ts).
const lunarDay = (from: string, span: number, month: number, day: number): string => {
  for (let i = 0; i < span; i += 1) {
    const date = addLocalDays(from, i)
    const lunar = chineseDays.getLunarDate(date)
    if (!lunar.isLeap && lunar.lunarMon === month && lunar.lunarDay === day) return date
  }
  throw new RangeError(`no lunar ${month}/${day} within ${span} days of ${from}`)
}

/** 正月初一 of a Gregorian year: always between 21 January and 20 February. */
export const springFestivalOf = (year: number): string => lunarDay(`${year}-01-21`, 31, 1, 1)

const memo = new Map<number, readonly FestivalDay[]>()

/**
 * The statutory festival days of a year, by 全国年节及纪念日放假办法 art. 2 in the version in force:
 * 2007 (国务院令第513号, from 2008): 春节 = 除夕, 初一, 初二; 2013 (国务院令第644号, from 2014): 春节 =
 * 初一 to 初三; 2024 (国务院令第795号, from 2025): 春节 = 除夕 and 初一 to 初三, 劳动节 = 1–2 May.
 * Always: 元旦 1 Jan, 清明 (solar term), 端午 (五月初五), 中秋 (八月十五), 国庆 1–3 Oct.
 * The 调休 rearrangements around them are not statutory: they come only from each year's notice.
 */
export const festivalDays = (year: number): readonly FestivalDay[] => {
  if (!Number.isInteger(year) || year < FESTIVAL_YEARS.from || year > FESTIVAL_YEARS.to) {
    throw new RangeError(`festival days are computed for ${FESTIVAL_YEARS.from}–${FESTIVAL_YEARS.to}, not ${year}`)
  }
  const known = memo.get(year)
  if (known !== undefined) return known
  const newYear = springFestivalOf(year)
  const springDays = year >= 2025 ? [-1, 0, 1, 2] : year >= 2014 ? [0, 1, 2] : [-1, 0, 1]
  const days: FestivalDay[] = [
    { date: `${year}-01-01`, name: '元旦' },
    ...springDays.map((d) => ({ date: addLocalDays(newYear, d), name: '春节' as const })),
    { date: qingmingOf(year), name: '清明' },
    ...(year >= 2025 ? ['01', '02'] : ['01']).map((d) => ({ date: `${year}-05-${d}`, name: '劳动节' as const })),
    // 端午 falls from 27 May (2039, 2085: a 闰五月 follows) to 25 June, 中秋 from 8 September to 8 October: the windows
    // hold the whole of May–June and September–October (a window from 28 May missed 2039's and 2085's, and threw).
    { date: lunarDay(`${year}-05-01`, 61, 5, 5), name: '端午' },
    { date: lunarDay(`${year}-09-01`, 61, 8, 15), name: '中秋' },
    ...['01', '02', '03'].map((d) => ({ date: `${year}-10-${d}`, name: '国庆' as const })),
  ]
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  memo.set(year, days)
  return days
}
