import type { Calendar } from './calendar.js'

// All helpers work in China time: UTC+08:00 all year (no daylight saving since 1991).
const OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const HOUR_MS = 60 * 60 * 1000
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

const epochOf = (iso: string): number => {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO timestamp: ${iso}`)
  return ms
}

/** Formats an instant as China local time with its offset, e.g. `2026-03-01T09:30:00+08:00`. */
export const toChinaIso = (epochMs: number): string => {
  const local = new Date(epochMs + OFFSET_MS)
  const ms = local.getUTCMilliseconds()
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${ms === 0 ? '' : `.${pad(ms, 3)}`}+08:00`
  )
}

const dayNumber = (date: string): number => {
  const m = LOCAL_DATE.exec(date)
  if (m === null) throw new RangeError(`not a local date YYYY-MM-DD: ${date}`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS
}

const fromDayNumber = (day: number): string => {
  const d = new Date(day * DAY_MS)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** The China local date (YYYY-MM-DD) of an instant. */
export const localDate = (iso: string): string => fromDayNumber(Math.floor((epochOf(iso) + OFFSET_MS) / DAY_MS))

/** A local date moved by n calendar days. */
export const addLocalDays = (date: string, n: number): string => fromDayNumber(dayNumber(date) + n)

/** 0 = Sunday … 6 = Saturday, for a local date; independent of the host's time zone. */
export const weekdayOf = (date: string): number => (((dayNumber(date) + 4) % 7) + 7) % 7

/** The last second of a China local date: `YYYY-MM-DDT23:59:59+08:00`. */
export const endOfLocalDay = (date: string): string => `${date}T23:59:59+08:00`

/** The instant h hours later (h may be fractional or negative). */
export const addHours = (iso: string, h: number): string => toChinaIso(epochOf(iso) + Math.round(h * HOUR_MS))

/**
 * Deadline n natural days (自然日) after an instant: the end of the n-th day after the start
 * day — the start day itself does not count (开始的当日不计入). n = 0 is the end of the start day.
 */
export const addNaturalDays = (iso: string, n: number): string => endOfLocalDay(addLocalDays(localDate(iso), n))

// Longest run of non-working days we accept before deciding a calendar is broken.
const MAX_DAYS_OFF = 366

/**
 * Deadline n working days (工作日) after an instant, as 12345 hotlines count it: the start
 * day does not count, even when it is a working day; the deadline is the end (23:59:59) of the
 * n-th working day after it. n = 0 is the end of the start day.
 */
export const addWorkingDays = (iso: string, n: number, calendar: Calendar): string => {
  let day = localDate(iso)
  for (let counted = 0; counted < n; ) {
    let off = 0
    do {
      day = addLocalDays(day, 1)
      off += 1
      if (off > MAX_DAYS_OFF) throw new RangeError(`calendar ${calendar.name} has no working day after ${day}`)
    } while (!calendar.isWorkday(day))
    counted += 1
  }
  return endOfLocalDay(day)
}

/** Whole China calendar days from `from`'s local date to `to`'s (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(localDate(to)) - dayNumber(localDate(from))

/** Working days of `calendar` strictly after `from`'s local date, up to and including `to`'s. */
export const workingDaysBetween = (from: string, to: string, calendar: Calendar): number => {
  let count = 0
  const end = localDate(to)
  for (let day = addLocalDays(localDate(from), 1); day <= end; day = addLocalDays(day, 1)) if (calendar.isWorkday(day)) count += 1
  return count
}

/** Is instant `a` strictly before instant `b`? (Compares instants, not strings: offsets may differ.) */
export const isBefore = (a: string, b: string): boolean => epochOf(a) < epochOf(b)
