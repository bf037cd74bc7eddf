import * as t from 'io-ts'
import { addLocalDays, localDate } from '../calendar/dates.js'

/** An assessment period (考核周期): a month `2026-03`, a quarter `2026-Q1` or a year `2026`, in China time (UTC+8). */
export interface Period {
  readonly name: string
  readonly kind: 'month' | 'quarter' | 'year'
  /** Its first instant, ISO with +08:00. */
  readonly from: string
  /** The first instant after it. */
  readonly to: string
}

const start = (year: number, month: number): string => {
  // month is 1-based and may be 13 (January of the next year).
  const y = month > 12 ? year + 1 : year
  const m = month > 12 ? month - 12 : month
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01T00:00:00+08:00`
}

/** The period a name stands for, or undefined for a name that is none or one ending after 9999 (its `to` unwritable). */
export const periodOf = (name: string): Period | undefined => {
  const period = namedPeriod(name)
  return period === undefined || !/^\d{4}-/.test(period.to) ? undefined : period
}

const namedPeriod = (name: string): Period | undefined => {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(name)
  if (month !== null) {
    const [y, m] = [Number(month[1]), Number(month[2])]
    return { name, kind: 'month', from: start(y, m), to: start(y, m + 1) }
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(name)
  if (quarter !== null) {
    const [y, q] = [Number(quarter[1]), Number(quarter[2])]
    return { name, kind: 'quarter', from: start(y, 3 * q - 2), to: start(y, 3 * q + 1) }
  }
  const year = /^(\d{4})$/.exec(name)
  if (year !== null) {
    const y = Number(year[1])
    return { name, kind: 'year', from: start(y, 1), to: start(y + 1, 1) }
  }
  return undefined
}

/** Decodes a period name from a query string. */
export const PeriodCodec = new t.Type<Period, string, unknown>(
  'Period',
  (u): u is Period => typeof u === 'object' && u !== null && typeof (u as { name?: unknown }).name === 'string',
  (u, c) => {
    const period = typeof u === 'string' ? periodOf(u) : undefined
    return period === undefined ? t.failure(u, c, 'expected a month (2026-03), a quarter (2026-Q1) or a year (2026), ending by 9999') : t.success(period)
  },
  (p) => p.name,
)

const monthName = (year: number, month: number): string => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`

/**
 * The `n` months up to and including the one an instant falls in (China time), oldest first: the months of a
 * 12-month trend (逐月趋势). `2026-11-30T17:00:00Z` is already 1 December in China, so it ends with 2026-12.
 */
export const monthsUpTo = (iso: string, n: number): Period[] => {
  const [y, m] = localDate(iso).split('-').map(Number) as [number, number]
  const out: Period[] = []
  for (let i = n - 1; i >= 0; i -= 1) {
    const index = y * 12 + (m - 1) - i
    const period = periodOf(monthName(Math.floor(index / 12), (index % 12) + 1))
    if (period !== undefined) out.push(period)
  }
  return out
}

/** A China calendar day as a period `[from, to)`. */
export interface Day {
  readonly date: string
  readonly from: string
  readonly to: string
}

/** The `n` China days up to and including the one an instant falls in, oldest first (a daily trend). */
export const daysUpTo = (iso: string, n: number): Day[] => {
  const today = localDate(iso)
  const out: Day[] = []
  for (let i = n - 1; i >= 0; i -= 1) {
    const date = addLocalDays(today, -i)
    out.push({ date, from: `${date}T00:00:00+08:00`, to: `${addLocalDays(date, 1)}T00:00:00+08:00` })
  }
  return out
}
