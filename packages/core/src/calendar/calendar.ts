import chineseDays from 'chinese-days'
import { weekdayOf } from './dates.js'

/** Which China local dates (YYYY-MM-DD) count as working days for deadlines. */
export interface Calendar {
  readonly name: string
  /** `date` is a China local date, `YYYY-MM-DD`. Pure: the same date always gives the same answer. */
  isWorkday(date: string): boolean
}

/** Every day counts (自然日). */
export const naturalDays: Calendar = {
  name: 'natural-days',
  isWorkday: () => true,
}

const WEEKDAY_NAMES: ReadonlySet<string> = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'])

/**
 * Chinese working days (工作日): Monday–Friday, minus the State Council's public holidays,
 * plus the 调休 make-up Saturdays/Sundays, as listed by the `chinese-days` package
 * (it covers 2004 to the latest published year; later years fall back to Monday–Friday).
 *
 * `chinese-days` reads weekdays with the host's local-time getters, which is wrong on a
 * host west of UTC; its holiday and make-up lists are keyed consistently, so we take only
 * the listed days from it and compute the weekday ourselves.
 */
export const chineseWorkdays: Calendar = {
  name: 'chinese-workdays',
  isWorkday: (date) => {
    const detail = chineseDays.getDayDetail(date)
    if (!WEEKDAY_NAMES.has(detail.name)) return detail.work
    const weekday = weekdayOf(date)
    return weekday >= 1 && weekday <= 5
  },
}
