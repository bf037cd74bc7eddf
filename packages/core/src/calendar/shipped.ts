import chineseDays from 'chinese-days'
import { addLocalDays } from './dates.js'

/**
 * The schedules shipped with the library: the years `chinese-days` lists (pinned exactly in package.json,
 * so two installs compute the same deadlines). Its data version goes into every calendar version.
 */
export const SHIPPED = { package: 'chinese-days', version: '1.5.7', from: 2004, to: 2026 } as const

/** A year's listed days: `false` = a day off (法定节假日), `true` = a make-up working day (调休上班). */
export type YearExceptions = ReadonlyMap<string, boolean>

const WEEKDAY_NAMES: ReadonlySet<string> = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'])
const memo = new Map<number, YearExceptions>()

/**
 * The shipped days off and make-up days of a year, or undefined outside the shipped years.
 * `chinese-days` reads weekdays with the host's local-time getters (wrong west of UTC), but its lists are
 * keyed consistently, so we take only the listed days from it and compute the weekday ourselves.
 */
export const shippedYear = (year: number): YearExceptions | undefined => {
  if (year < SHIPPED.from || year > SHIPPED.to) return undefined
  const known = memo.get(year)
  if (known !== undefined) return known
  const days = new Map<string, boolean>()
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addLocalDays(d, 1)) {
    const detail = chineseDays.getDayDetail(d)
    if (WEEKDAY_NAMES.has(detail.name)) continue
    days.set(d, detail.work)
  }
  memo.set(year, days)
  return days
}
