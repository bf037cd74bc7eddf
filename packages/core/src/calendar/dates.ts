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

// Working-day arithmetic is cached per calendar and data version: deadlines are computed on every
// command, and the same (start day, n) recurs all day long.
const MAX_CACHED = 20_000
const caches = new WeakMap<Calendar, { version: string; ends: Map<string, string> }>()
const cacheOf = (calendar: Calendar): Map<string, string> => {
  const known = caches.get(calendar)
  if (known !== undefined && known.version === calendar.version && known.ends.size < MAX_CACHED) return known.ends
  const fresh = { version: calendar.version, ends: new Map<string, string>() }
  caches.set(calendar, fresh)
  return fresh.ends
}

const nextWorkday = (day: string, calendar: Calendar): string => {
  let next = day
  let off = 0
  do {
    next = addLocalDays(next, 1)
    off += 1
    if (off > MAX_DAYS_OFF) throw new RangeError(`calendar ${calendar.name} has no working day after ${day}`)
  } while (!calendar.isWorkday(next))
  return next
}

/**
 * Deadline n working days (工作日) after an instant, as 12345 hotlines count it: the start
 * day does not count, even when it is a working day; the deadline is the end (23:59:59) of the
 * n-th working day after it. n = 0 is the end of the start day.
 */
export const addWorkingDays = (iso: string, n: number, calendar: Calendar): string => {
  const start = localDate(iso)
  const cache = cacheOf(calendar)
  const key = `${start}|${n}`
  const cached = cache.get(key)
  if (cached !== undefined) return endOfLocalDay(cached)
  let day = start
  for (let counted = 0; counted < n; counted += 1) day = nextWorkday(day, calendar)
  cache.set(key, day)
  return endOfLocalDay(day)
}

/**
 * A statutory period of n days (期间) after an instant, per 民法典 arts. 200–203 and 民事诉讼法 art. 85:
 * the day it starts is not counted (art. 201); it ends at 24:00 China time of its last day (art. 203 —
 * written as 23:59:59+08:00, the last second of that day); when the last day is a statutory holiday
 * (法定休假日, weekends included) the period ends on the first working day after it (art. 203; 民事诉讼法
 * art. 85 par. 3). A 调休 make-up Saturday is a working day, so a period may end on it.
 */
export const addStatutoryDays = (iso: string, n: number, calendar: Calendar): string => {
  const last = addLocalDays(localDate(iso), n)
  return endOfLocalDay(calendar.isWorkday(last) ? last : nextWorkday(last, calendar))
}

/**
 * A statutory period of n months (期间 by month, 民法典 arts. 200–203): the day it starts is not counted (art. 201), so its
 * last day is the corresponding day (对应日) of the n-th month after the start day's month, or that month's last day when
 * it has none — 31 March + 1 month is 30 April, 29 February + 12 months is 28 February (art. 202); moved to the first
 * working day after when it is a statutory holiday or weekend (art. 203 ¶1); ending 24:00 China time (¶2), written as
 * 23:59:59+08:00 as `addStatutoryDays` writes it.
 */
export const addStatutoryMonths = (iso: string, n: number, calendar: Calendar): string => {
  const m = LOCAL_DATE.exec(localDate(iso))
  if (m === null) throw new RangeError(`not an instant: ${iso}`)
  const months = Number(m[1]) * 12 + (Number(m[2]) - 1) + n
  const year = Math.floor(months / 12)
  const month = months - year * 12
  // Day 0 of the next month is this month's last day.
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const last = `${pad(year, 4)}-${pad(month + 1)}-${pad(Math.min(Number(m[3]), lastOfMonth))}`
  return endOfLocalDay(calendar.isWorkday(last) ? last : nextWorkday(last, calendar))
}

/** A statutory period of n years (期间 by year, 民法典 arts. 200–203): n × 12 months, counted as `addStatutoryMonths`. */
export const addStatutoryYears = (iso: string, n: number, calendar: Calendar): string => addStatutoryMonths(iso, n * 12, calendar)

/** Whole China calendar days from `from`'s local date to `to`'s (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(localDate(to)) - dayNumber(localDate(from))

/** Working days of `calendar` strictly after `from`'s local date, up to and including `to`'s. */
export const workingDaysBetween = (from: string, to: string, calendar: Calendar): number => {
  let count = 0
  const end = localDate(to)
  for (let day = addLocalDays(localDate(from), 1); day <= end; day = addLocalDays(day, 1)) if (calendar.isWorkday(day)) count += 1
  return count
}

/**
 * When a deadline closes, exclusive, in epoch ms. A day deadline is written as the last second of its day
 * (`…T23:59:59+08:00`, `endOfLocalDay`) but runs to 24:00 China time (民法典 art. 203 para. 2: 期间的最后一日的截止时间为
 * 二十四时), so it closes at the next day's 00:00 and the whole last second (23:59:59.999 too) is in time. A deadline
 * counted in hours (`hours`: true, as its calendar stamp says: `inHours`) is an instant, met up to and including itself —
 * at 23:59:59.000 China time too. Where how it was counted is not known (`hours` undefined: an event written before hours
 * deadlines were marked), a deadline at 23:59:59.000 exactly is read as a day's end, as it was then.
 */
export const deadlineClosesMs = (deadlineMs: number, hours?: boolean): number =>
  hours !== true && (((deadlineMs + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS === DAY_MS - 1000 ? deadlineMs + 1000 : deadlineMs + 1

/**
 * Is instant `at` within `deadline` (on time)? A day deadline runs to 24:00 China time of its day, one counted in hours
 * (`hours`) to its instant (`deadlineClosesMs`).
 */
export const withinDeadline = (deadline: string, at: string, hours?: boolean): boolean => epochOf(at) < deadlineClosesMs(epochOf(deadline), hours)

/** Is instant `a` strictly before instant `b`? (Compares instants, not strings: offsets may differ.) */
export const isBefore = (a: string, b: string): boolean => epochOf(a) < epochOf(b)
