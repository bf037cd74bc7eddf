import { addLocalDays, weekdayOf } from './dates.js'
import { FESTIVAL_YEARS, festivalDays } from './festivals.js'
import type { HolidaySchedule } from './schedule.js'
import { SHIPPED, shippedYear, type YearExceptions } from './shipped.js'

/** Which China local dates (YYYY-MM-DD) count as working days for deadlines, and which data says so. */
export interface Calendar {
  /** The calendar's id, recorded with every deadline it computes. */
  readonly name: string
  /** The version of its data: changes whenever a schedule is loaded, so cached arithmetic is per version. */
  readonly version: string
  /** `date` is a China local date, `YYYY-MM-DD`. Pure: the same date always gives the same answer for a version. */
  isWorkday(date: string): boolean
  /** True when the date's year has no notice: only the statutory festival days are known (provisional). */
  isProvisional(date: string): boolean
}

/** Every day counts (自然日). */
export const naturalDays: Calendar = {
  name: 'natural-days',
  version: '1',
  isWorkday: () => true,
  isProvisional: () => false,
}

const isWeekday = (date: string): boolean => {
  const day = weekdayOf(date)
  return day >= 1 && day <= 5
}

// FNV-1a, 32 bits: a short fingerprint of a loaded schedule's content for the version string.
const fingerprint = (s: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

/**
 * The text a schedule's fingerprint is taken of: its notice, holidays and make-up days with their keys in one fixed
 * order (name, from, to; name, date), whatever order the object holding them has. A schedule read back from a store
 * that writes canonical JSON (keys sorted: from, name, to) is the same schedule, so it has the same version as when it
 * was loaded; the order is the one the CSV parser and the decoder have always built, so versions recorded before stay
 * what they were.
 */
const scheduleText = (s: HolidaySchedule): string =>
  JSON.stringify([
    s.source,
    s.holidays.map((h) => ({ name: h.name, from: h.from, to: h.to })),
    s.workdays.map((w) => ({ name: w.name, date: w.date })),
  ])

const exceptionsOf = (schedule: HolidaySchedule): YearExceptions => {
  const days = new Map<string, boolean>()
  for (const h of schedule.holidays) {
    for (let d = h.from; d <= h.to; d = addLocalDays(d, 1)) days.set(d, false)
  }
  for (const w of schedule.workdays) days.set(w.date, true)
  return days
}

/** Where a year's working days come from. */
export type YearSource = 'loaded' | 'shipped' | 'festival-days-only'

/** The calendar id of Chinese working days (工作日), whatever schedules are loaded. */
export const CHINESE_WORKDAYS = 'chinese-workdays'

/** Chinese working days with the operator's schedules: what a year's days come from, and the schedule itself. */
export interface ChineseCalendar extends Calendar {
  readonly loaded: readonly HolidaySchedule[]
  sourceOf(year: number): YearSource
}

/**
 * Chinese working days (工作日): Monday–Friday, minus the public holidays, plus the 调休 make-up days,
 * as the year's 国务院办公厅 notice sets them — a schedule the operator loaded, else the one shipped
 * (`chinese-days`). A year with neither counts Monday–Friday minus the statutory festival days
 * (全国年节及纪念日放假办法 art. 2) and is provisional. A later schedule for the same year replaces an earlier one.
 */
export const chineseCalendar = (loaded: readonly HolidaySchedule[] = []): ChineseCalendar => {
  const byYear = new Map<number, HolidaySchedule>()
  for (const s of loaded) byYear.set(s.year, s)
  const schedules = [...byYear.values()].sort((a, b) => a.year - b.year)
  const version = [
    `${SHIPPED.package}@${SHIPPED.version}`,
    ...schedules.map((s) => `${s.year}:${fingerprint(scheduleText(s))}`),
  ].join('+')
  const years = new Map<number, YearExceptions | undefined>()
  const exceptions = (year: number): YearExceptions | undefined => {
    if (years.has(year)) return years.get(year)
    const own = byYear.get(year)
    let found = own === undefined ? shippedYear(year) : exceptionsOf(own)
    if (found === undefined && year >= FESTIVAL_YEARS.from && year <= FESTIVAL_YEARS.to) {
      found = new Map(festivalDays(year).map((f) => [f.date, false]))
    }
    // The next year's loaded notice may arrange days at the end of this one (its 元旦 from 31 December, a make-up
    // Saturday in late December: `scheduleFromCsv`); published after this year's schedule, it has the last word on them.
    const next = byYear.get(year + 1)
    const spill = next === undefined ? [] : [...exceptionsOf(next)].filter(([d]) => d.startsWith(`${year}-`))
    if (spill.length > 0) found = new Map([...(found ?? []), ...spill])
    years.set(year, found)
    return found
  }
  const sourceOf = (year: number): YearSource =>
    byYear.has(year) ? 'loaded' : year >= SHIPPED.from && year <= SHIPPED.to ? 'shipped' : 'festival-days-only'
  return {
    name: CHINESE_WORKDAYS,
    version,
    loaded: schedules,
    sourceOf,
    isWorkday: (date) => exceptions(Number(date.slice(0, 4)))?.get(date) ?? isWeekday(date),
    isProvisional: (date) => sourceOf(Number(date.slice(0, 4))) === 'festival-days-only',
  }
}

/** Chinese working days with only the shipped schedules. */
export const chineseWorkdays: ChineseCalendar = chineseCalendar()
