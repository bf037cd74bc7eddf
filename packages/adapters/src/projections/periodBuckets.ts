// Per-period sums of the dashboard's facts (按日 / 按月): a fact counts in the China day and the China month its time
// falls in (UTC+8, no daylight saving), so a period whose ends are China midnights is a few whole months and the
// whole days at either side, each read from its kept row, never from the facts one by one.

const DAY_MS = 86_400_000
const CHINA_MS = 8 * 3_600_000

/** A bucket's grain: a China day (numbered as days since 1970-01-01) or a China month (year × 12 + month − 1). */
export type Grain = 'day' | 'month'

/** The China day an instant falls in. */
export const dayOf = (ms: number): number => Math.floor((ms + CHINA_MS) / DAY_MS)

/** The China month a China day falls in. */
export const monthOfDay = (day: number): number => {
  const date = new Date(day * DAY_MS)
  return date.getUTCFullYear() * 12 + date.getUTCMonth()
}

/** The first China day of a month. */
export const monthStartDay = (month: number): number => {
  // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
  const date = new Date(0)
  date.setUTCFullYear(Math.floor(month / 12), ((month % 12) + 12) % 12, 1)
  return date.getTime() / DAY_MS
}

/** Buckets `[from, to)` of one grain. */
// Month starts far enough out to hold every fact `Date` can name (it names ±273 790 years).
const EARLIEST_DAY = monthStartDay(-200_000 * 12)
const LATEST_DAY = monthStartDay(200_000 * 12)

export interface Span {
  readonly grain: Grain
  readonly from: number
  readonly to: number
}


/**
 * The whole months and days that make up `[fromMs, toMs)` (an open end: every fact on that side), or undefined when
 * an end is not a China midnight (the caller then sums the facts themselves). Months first, then the days before and
 * after them; no bucket twice.
 */
export const periodSpans = (fromMs: number | undefined, toMs: number | undefined): readonly Span[] | undefined => {
  const aligned = (ms: number): boolean => Number.isFinite(ms) && (ms + CHINA_MS) % DAY_MS === 0
  if ((fromMs !== undefined && !aligned(fromMs)) || (toMs !== undefined && !aligned(toMs))) return undefined
  const fromDay = fromMs === undefined ? EARLIEST_DAY : dayOf(fromMs)
  const toDay = toMs === undefined ? LATEST_DAY : dayOf(toMs)
  if (toDay <= fromDay) return []
  const firstMonth = monthStartDay(monthOfDay(fromDay)) === fromDay ? monthOfDay(fromDay) : monthOfDay(fromDay) + 1
  // Months before the one `toDay` falls in end at or before it.
  const endMonth = monthOfDay(toDay)
  if (firstMonth >= endMonth) return [{ grain: 'day', from: fromDay, to: toDay }]
  const spans: Span[] = [{ grain: 'month', from: firstMonth, to: endMonth }]
  if (fromDay < monthStartDay(firstMonth)) spans.push({ grain: 'day', from: fromDay, to: monthStartDay(firstMonth) })
  if (monthStartDay(endMonth) < toDay) spans.push({ grain: 'day', from: monthStartDay(endMonth), to: toDay })
  return spans
}

type Bounded = { readonly at: number; readonly since?: number | undefined; readonly until?: number | undefined }

/** Whether a fact's competitors fall in other buckets than it (an earlier one before its own, a later one after it). */
const apart = (f: Bounded, bucket: (ms: number) => number): boolean => {
  const own = bucket(f.at)
  return (f.since === undefined || bucket(f.since) < own) && (f.until === undefined || bucket(f.until) > own)
}

/**
 * Which periods of whole buckets a fact with a competitor (the 三率's callbacks and ratings: core's `factCountsIn`) can
 * count in: 2, periods of whole China months too (its competitors fall in other months than it); 1, periods of whole
 * China days only (on other days, one in its month); 0, neither. A period of whole months or days holds the fact's
 * whole month or day, so a competitor there is in the period too. Most facts are 0 or 1 (a rating and a callback a
 * day apart), so the unit evaluation's, ranking's and trends' reads take few of them one by one (partial indexes),
 * not every callback twice called or rated.
 */
export const alignment = (f: Bounded): 0 | 1 | 2 => (apart(f, (ms) => monthOfDay(dayOf(ms))) ? 2 : apart(f, dayOf) ? 1 : 0)

/**
 * For a plan's periods, the times in which facts of each alignment must be read (all those of alignment 2 are, in the
 * plan's whole time): `days`, those of 1, in the time the periods that are not whole months cover (from the first such
 * period's start to the last one's end); `any`, those of 0, in the time the periods that are not whole days cover.
 * Undefined: none.
 */
export const alignedReads = (
  periods: readonly { readonly from: number; readonly to: number }[],
): { readonly days: { readonly from: number; readonly to: number } | undefined; readonly any: { readonly from: number; readonly to: number } | undefined } => {
  const days = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY }
  const any = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY }
  for (const p of periods) {
    const spans = periodSpans(p.from, p.to)
    if (spans !== undefined && spans.every((span) => span.grain === 'month')) continue
    // Those of 1 can count in any period that is not whole months; those of 0 only in one that is not whole days.
    days.from = Math.min(days.from, p.from)
    days.to = Math.max(days.to, p.to)
    if (spans !== undefined) continue
    any.from = Math.min(any.from, p.from)
    any.to = Math.max(any.to, p.to)
  }
  return { days: days.from < days.to ? days : undefined, any: any.from < any.to ? any : undefined }
}
