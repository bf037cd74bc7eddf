// Per-period sums of the dashboard's facts (按日 / 按月 / 按年): a fact counts in the China day, month and year its time
// falls in (UTC+8, no daylight saving), so a period whose ends are China midnights is a few whole years, months and the
// whole days at either side, each read from its kept row, never from the facts one by one.

const DAY_MS = 86_400_000
const CHINA_MS = 8 * 3_600_000

/** A bucket's grain: a China day (numbered as days since 1970-01-01) or a China month (year × 12 + month − 1). */
export type Grain = 'day' | 'month'

/**
 * The grains of the kept sums (`dashboard_periods.grain`): a day's, a month's and a year's facts without a competitor
 * (`day`, `month`, `year`: the China year, numbered as itself, `yearOfMonth`), and the facts with one that always count in their own bucket (see `alignment`): `day1`, those of alignment
 * 1 or 2 on their China day; `month2`, those of alignment 2 in their China month. A period that is one bucket
 * (`singleBucket`) adds the latter to the former and reads no such fact one by one.
 */
export type KeptGrain = Grain | 'year' | 'day1' | 'month2'

/** The grain of the sums of the facts with a competitor that count in a single bucket of a grain. */
export const ALIGNED_GRAIN = { day: 'day1', month: 'month2' } as const satisfies Record<Grain, KeptGrain>

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

/**
 * The one bucket a period is, when its spans are a single China month or day: then a fact with a competitor counts in it
 * exactly when it is of that bucket's alignment (2 for a month, 1 or 2 for a day) and made in it — what that bucket's
 * kept sums of such facts hold (`ALIGNED_GRAIN`). Undefined for any other period (several months or days, an open or
 * cut end): those read such facts one by one.
 */
export const singleBucket = (spans: readonly Span[] | undefined): Span | undefined => {
  const [only, ...more] = spans ?? []
  return only !== undefined && more.length === 0 && only.to - only.from === 1 ? only : undefined
}

/** The China month an instant falls in. */
const monthOfMs = (ms: number): number => monthOfDay(dayOf(ms))

type Bounded = { readonly at: number; readonly since?: number | undefined; readonly until?: number | undefined }

/** Whether a fact's competitors fall in other buckets than it (an earlier one before its own, a later one after it). */
const apart = (f: Bounded, bucket: (ms: number) => number): boolean => {
  const own = bucket(f.at)
  return (f.since === undefined || bucket(f.since) < own) && (f.until === undefined || bucket(f.until) > own)
}

/**
 * Which periods of whole buckets a fact with a competitor (the 三率's callbacks and ratings, a dispute's overall outcome:
 * core's `factCountsIn`) can
 * count in: 2, periods of whole China months too (its competitors fall in other months than it); 1, periods of whole
 * China days only (on other days, one in its month); 0, neither. A period of whole months or days holds the fact's
 * whole month or day, so a competitor there is in the period too. Most facts are 0 or 1 (a rating and a callback a
 * day apart), so the unit evaluation's, ranking's and trends' reads take few of them one by one (partial indexes),
 * not every callback twice called or rated.
 */
export const alignment = (f: Bounded): 0 | 1 | 2 => (apart(f, monthOfMs) ? 2 : apart(f, dayOf) ? 1 : 0)

/** A China month number for a fact of alignment 2 without an earlier competitor: below every month a period starts at. */
export const NO_SINCE_MONTH = -(2 ** 31)
/** A China month number for a fact of alignment 2 without a later competitor: at or above every month a period ends at. */
export const NO_UNTIL_MONTH = 2 ** 31 - 1

/** A fact of alignment 2 by China months: its own (`month`), its earlier competitor's (`since`) and its later one's (`until`). */
export interface MonthsApart {
  readonly month: number
  readonly since: number
  readonly until: number
}


/** The China months of a fact and of its competitors (`NO_SINCE_MONTH` / `NO_UNTIL_MONTH` for none). */
export const monthsApart = (f: Bounded): MonthsApart => ({
  month: monthOfMs(f.at),
  since: f.since === undefined ? NO_SINCE_MONTH : monthOfMs(f.since),
  until: f.until === undefined ? NO_UNTIL_MONTH : monthOfMs(f.until),
})

/**
 * Whether a fact of alignment 2 kept by its months (`monthsApart`) counts in the whole China months `[from, to)` (month
 * numbers; from/to of an open end: `NO_SINCE_MONTH + 1` / `NO_UNTIL_MONTH`, so only a fact without that competitor counts).
 * A period of whole months runs from the China midnight starting month `from` to the one starting month `to`, so with
 * `start(m)` that midnight, and a time t in China month m(t) (start(m(t)) ≤ t < start(m(t) + 1)):
 * - made in it, start(from) ≤ at < start(to) ⇔ from ≤ m(at) < to;
 * - its earlier competitor before it, since < start(from) ⇔ m(since) < from (m(since) ≥ from puts since at or after
 *   start(from); m(since) ≤ from − 1 puts it before start(from − 1 + 1));
 * - its later competitor at or after its end, until ≥ start(to) ⇔ m(until) ≥ to (likewise).
 * So core's `factCountsIn` for such a period reads only months: a competitor in the month before `from` counts the fact,
 * one in `from` does not; one in `to − 1` does not, one in `to` does; none counts it. (Of alignment 0 or 1, a fact made
 * in the period has its competitor in its own month, inside it: it never counts there, and is kept in no such sum.)
 */
export const countsInMonths = (f: MonthsApart, from: number, to: number): boolean =>
  from <= f.month && f.month < to && f.since < from && f.until >= to

/**
 * The whole China months a period is, when its spans are months only (no days, as `periodSpans` or `periodParts` give
 * them: no edges either): its facts with a competitor that count in it are the kept sums of those of alignment 2 by their
 * months that `countsInMonths` admits (a quarter's, a year's evaluation), none read one by one. Undefined otherwise.
 */
export const wholeMonths = (spans: readonly Span[] | undefined): (Span & { readonly grain: 'month' }) | undefined => {
  const [only, ...more] = spans ?? []
  return only !== undefined && more.length === 0 && only.grain === 'month' ? { ...only, grain: 'month' } : undefined
}

/** The first instant of a China month (its first China midnight), in ms. */
const monthStartMs = (month: number): number => monthStartDay(month) * DAY_MS - CHINA_MS

/**
 * A range `[from, to)` of a fact's competitor's time (`since` or `until`) a one-by-one read of `apartParts` takes; with
 * `orNone`, a fact without that competitor too. An empty range with `orNone` takes only those without it.
 */
export interface CompetitorRange {
  readonly from: number
  readonly to: number
  readonly orNone: boolean
}

/**
 * One read of facts of alignment 2 one by one (`apartParts`): those made in `at` whose competitors fall in `since` and
 * `until`, added to the period's counts (`sign` 1) or taken off them (−1); `by`, the column whose range the read walks
 * (the partial index on alignment 2 of `at`, `since_at` or `until_at`).
 */
export interface ApartRead {
  readonly sign: 1 | -1
  readonly by: 'at' | 'since' | 'until'
  readonly at: { readonly from: number; readonly to: number }
  readonly since: CompetitorRange
  readonly until: CompetitorRange
}

/** What `apartParts` reads: the kept rows by months (`kept`: months `[from, to)`, `since < sinceBelow`, `until >= untilFrom`) and the facts one by one. */
export interface ApartPlan {
  readonly kept: { readonly from: number; readonly to: number; readonly sinceBelow: number; readonly untilFrom: number } | undefined
  readonly reads: readonly ApartRead[]
}

/**
 * How the facts of alignment 2 made in a period's whole days and months (`middle`, as `periodParts` gives it for the
 * period `[from, to)`: an open end undefined) that count in the period (core's `factCountsIn`: made in it, its earlier
 * competitor before `from`, its later one at or after `to`) are read: from their kept sums by months
 * (`dashboard_months_apart`) where the months decide, one by one where they do not. With start(m) the first instant of
 * China month m and m(x) the month an instant x falls in (start(m(x)) ≤ x < start(m(x) + 1)):
 * - the earlier competitor: m(since) < m(from) puts it before start(m(from)) ≤ from: it counts; m(since) > m(from) puts
 *   it at or after start(m(from) + 1) > from: it does not; m(since) = m(from) decides nothing, unless from is that
 *   month's start (then since ≥ from: it does not). So the kept rows take `since_month < m(from)` (`sinceBelow`), and
 *   those with since in [start(m(from)), from) are read one by one (`by: 'since'`; none when from is a month's start).
 *   An open start admits only a fact without one: `sinceBelow` NO_SINCE_MONTH + 1, nothing one by one.
 * - the later competitor: with u the first month starting at or after `to` (m(to) when to is its month's start, else
 *   m(to) + 1), m(until) ≥ u puts it at or after start(u) ≥ to: it counts; m(until) < m(to) puts it before
 *   start(m(to)) ≤ to: it does not; m(until) = m(to) < u decides nothing. So the kept rows take `until_month >= u`
 *   (`untilFrom`), and those with until in [to, start(u)) are read one by one (`by: 'until'`; none when to is a month's
 *   start), their earlier competitor as the kept rows take it (before start(m(from)), or none): no fact is read by both.
 *   An open end admits only a fact without one: `untilFrom` NO_UNTIL_MONTH, nothing one by one.
 * A fact made in the kept months inside the middle that counts is then counted exactly once: by the kept rows (both
 * competitors decided by their months), or by since (its earlier competitor in its start's month before it), or by
 * until (the earlier one decided, the later one in its end's month at or after it); one that does not, never.
 * Made where: the whole months of the middle are kept rows. A month the middle holds only some days of (the year from
 * 10:00 on 1 January: 2–31 January) is either read one by one in those days with factCountsIn's own bounds (`by: 'at'`,
 * sign 1) or, when its other days are fewer (1 January), taken whole from the kept rows less what they hold of its other
 * days (`by: 'at'`, sign −1: the facts made there that the kept rows admit, by the same bounds in ms) — exact, every kept
 * n and sum being a whole number (as `countSpans`). The reads by competitor take only facts made in the kept months
 * inside the middle, so none is counted twice; the parts of a day at either end (`edges`) lie outside the middle and are
 * read on their own. For a period of whole months (ends at months' starts or open) this is `countsInMonths`: the kept
 * rows alone. Before, a period whose ends are not China midnights read every fact of alignment 2 made in its middle one
 * by one (the year from 10:00: 2.26 ms at 100k cases, growing with them).
 */
export const apartParts = (from: number | undefined, to: number | undefined, middle: TimeRange): ApartPlan => {
  const [lo, hi] = [middle.from, middle.to]
  if (lo !== undefined && hi !== undefined && hi <= lo) return { kept: undefined, reads: [] }
  const reads: ApartRead[] = []
  const days = (a: number, b: number): number => (b - a) / DAY_MS
  // The bounds of the competitors the kept rows take, in months and in ms (an open end: only a fact without one).
  const sinceBelow = from === undefined ? NO_SINCE_MONTH + 1 : monthOfMs(from)
  const sinceKeptMs = from === undefined ? Number.NEGATIVE_INFINITY : monthStartMs(sinceBelow)
  const toMonth = to === undefined ? NO_UNTIL_MONTH : monthOfMs(to)
  const untilFrom = to === undefined ? NO_UNTIL_MONTH : monthStartMs(toMonth) === to ? toMonth : toMonth + 1
  const untilKeptMs = to === undefined ? Number.POSITIVE_INFINITY : monthStartMs(untilFrom)
  // factCountsIn's own bounds, and the kept rows' (a fact without the competitor meets both).
  const sinceExact: CompetitorRange = { from: Number.NEGATIVE_INFINITY, to: from ?? Number.NEGATIVE_INFINITY, orNone: true }
  const untilExact: CompetitorRange = { from: to ?? Number.POSITIVE_INFINITY, to: Number.POSITIVE_INFINITY, orNone: true }
  const sinceKept: CompetitorRange = { from: Number.NEGATIVE_INFINITY, to: sinceKeptMs, orNone: true }
  const untilKept: CompetitorRange = { from: untilKeptMs, to: Number.POSITIVE_INFINITY, orNone: true }
  const direct = (a: number, b: number): void => void reads.push({ sign: 1, by: 'at', at: { from: a, to: b }, since: sinceExact, until: untilExact })
  const takeOff = (a: number, b: number): void => {
    if (a < b) reads.push({ sign: -1, by: 'at', at: { from: a, to: b }, since: sinceKept, until: untilKept })
  }
  // The kept months [first, last) (NO_SINCE_MONTH / NO_UNTIL_MONTH for an open end: no fact's month is either).
  let [first, last] = [NO_SINCE_MONTH, NO_UNTIL_MONTH]
  const loMonth = lo === undefined ? undefined : monthOfMs(lo)
  const hiMonth = hi === undefined ? undefined : monthOfMs(hi - 1)
  if (lo !== undefined && hi !== undefined && loMonth !== undefined && loMonth === hiMonth && (lo > monthStartMs(loMonth) || hi < monthStartMs(loMonth + 1))) {
    // Days inside one month: the month less its other days when those are fewer, else those days.
    const [start, end] = [monthStartMs(loMonth), monthStartMs(loMonth + 1)]
    if (days(start, lo) + days(hi, end) < days(lo, hi)) {
      ;[first, last] = [loMonth, loMonth + 1]
      takeOff(start, lo)
      takeOff(hi, end)
    } else {
      direct(lo, hi)
      ;[first, last] = [loMonth, loMonth]
    }
  } else {
    // The month the middle starts in and the one it ends in, each whole, or the month less its other days, or its days.
    if (lo !== undefined && loMonth !== undefined) {
      const [start, end] = [monthStartMs(loMonth), monthStartMs(loMonth + 1)]
      if (lo === start) first = loMonth
      else if (days(start, lo) < days(lo, end)) {
        first = loMonth
        takeOff(start, lo)
      } else {
        first = loMonth + 1
        direct(lo, end)
      }
    }
    if (hi !== undefined && hiMonth !== undefined) {
      const [start, end] = [monthStartMs(hiMonth), monthStartMs(hiMonth + 1)]
      if (hi === end) last = hiMonth + 1
      else if (days(hi, end) < days(start, hi)) {
        last = hiMonth + 1
        takeOff(hi, end)
      } else {
        last = hiMonth
        direct(start, hi)
      }
    }
  }
  if (first >= last) return { kept: undefined, reads }
  // Made in the kept months inside the middle, a competitor in the month of an end that the months leave undecided.
  const at = {
    from: Math.max(first === NO_SINCE_MONTH ? Number.NEGATIVE_INFINITY : monthStartMs(first), lo ?? Number.NEGATIVE_INFINITY),
    to: Math.min(last === NO_UNTIL_MONTH ? Number.POSITIVE_INFINITY : monthStartMs(last), hi ?? Number.POSITIVE_INFINITY),
  }
  if (from !== undefined && sinceKeptMs < from) reads.push({ sign: 1, by: 'since', at, since: { from: sinceKeptMs, to: from, orNone: false }, until: untilExact })
  if (to !== undefined && to < untilKeptMs) reads.push({ sign: 1, by: 'until', at, since: sinceKept, until: { from: to, to: untilKeptMs, orNone: false } })
  return { kept: { from: first, to: last, sinceBelow, untilFrom }, reads }
}

/**
 * How the facts of alignment 1 made in a span of whole days (`days`, in ms: the days of a period that are not whole
 * months, `periodSpans`) that count in the period `[from, to)` (an open end undefined; core's `factCountsIn`: its earlier
 * competitor before `from`, its later one at or after `to`) are read one by one: each month M the days fall in, either by
 * the time they were made (`by: 'at'`, those days), or by their competitors' times in M, whichever range is the shorter.
 * A fact of alignment 1 has a competitor in its own month (else it would be 2: `alignment`), so one made in M that counts
 * has either its earlier competitor in M before `from` (since in [start(M), from): only when `from` falls in M) or, the
 * earlier one before M or none, its later one in M at or after `to` (until in [to, start(M + 1)): only when `to` falls in
 * M); an earlier one in a later month, or a later one in an earlier month, never lets it count. The two reads take no fact
 * twice (the second asks since before start(M)). The year from 10:00 on 1 January read every fact of alignment 1 made in
 * 2–31 January (0.65–0.84 ms at 100k cases, growing with them) for those whose earlier competitor fell on 1 January
 * before 10:00: now it reads those ten hours of competitors.
 */
export const sameMonthReads = (days: { readonly from: number; readonly to: number }, from: number | undefined, to: number | undefined): readonly ApartRead[] => {
  const [f, t] = [from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY]
  const reads: ApartRead[] = []
  for (let a = days.from; a < days.to; ) {
    const month = monthOfMs(a)
    const [start, end] = [monthStartMs(month), monthStartMs(month + 1)]
    const b = Math.min(days.to, end)
    const exact = { since: { from: Number.NEGATIVE_INFINITY, to: f, orNone: true }, until: { from: t, to: Number.POSITIVE_INFINITY, orNone: true } }
    const since = { from: start, to: Math.min(f, end) }
    const until = { from: Math.max(t, start), to: end }
    const length = (r: { from: number; to: number }): number => Math.max(0, r.to - r.from)
    if (length(since) + length(until) < b - a) {
      if (length(since) > 0) reads.push({ sign: 1, by: 'since', at: { from: a, to: b }, since: { ...since, orNone: false }, until: exact.until })
      if (length(until) > 0) reads.push({ sign: 1, by: 'until', at: { from: a, to: b }, since: { from: Number.NEGATIVE_INFINITY, to: Math.min(f, start), orNone: true }, until: { ...until, orNone: false } })
    } else reads.push({ sign: 1, by: 'at', at: { from: a, to: b }, ...exact })
    a = b
  }
  return reads
}

/**
 * For a plan's periods, the times in which facts with a competitor must be read one by one, by alignment (a period that
 * is one bucket, `singleBucket`, or whole months, `wholeMonths`, takes every one that counts in it from its kept sums and
 * reads none): `months`, those of 2, in the time of the periods that are neither (from the first such period's start to
 * the last one's end);
 * `days`, those of 1, in that of the periods that are neither whole months nor one day; `any`, those of 0, in that of
 * the periods that are not whole days. Undefined: none.
 */
export const alignedReads = (
  periods: readonly { readonly from: number; readonly to: number }[],
): {
  readonly months: { readonly from: number; readonly to: number } | undefined
  readonly days: { readonly from: number; readonly to: number } | undefined
  readonly any: { readonly from: number; readonly to: number } | undefined
} => {
  const months = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY }
  const days = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY }
  const any = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY }
  const widen = (range: { from: number; to: number }, p: { readonly from: number; readonly to: number }): void => {
    range.from = Math.min(range.from, p.from)
    range.to = Math.max(range.to, p.to)
  }
  for (const p of periods) {
    const spans = periodSpans(p.from, p.to)
    // One bucket, or whole months: every fact with a competitor that counts there is in kept sums.
    if (singleBucket(spans) !== undefined || wholeMonths(spans) !== undefined) continue
    // Those of 2 can count in any other period of several buckets; those of 1 in any that is not whole months; those
    // of 0 only in one that is not whole days.
    widen(months, p)
    widen(days, p)
    if (spans !== undefined) continue
    widen(any, p)
  }
  const range = (r: { from: number; to: number }) => (r.from < r.to ? r : undefined)
  return { months: range(months), days: range(days), any: range(any) }
}

/** A range of time `[from, to)` in ms (an open end undefined: every fact on that side). */
export interface TimeRange {
  readonly from: number | undefined
  readonly to: number | undefined
}

/**
 * A period cut at the China midnights inside it: its whole months and days (`spans`, as `periodSpans` gives them for
 * `middle`, the part between the first and the last of those midnights) and the parts of a day at either end (`edges`,
 * read fact by fact). A period whose ends are China midnights has no edges; one inside a single day is one edge and no
 * spans. Undefined for an end that is no time (NaN). Before, a period whose end was not a China midnight (a year from
 * 10:00 on 1 January) read every fact of the period one by one: 1.5 s for a year at 100k cases.
 */
export const periodParts = (
  fromMs: number | undefined,
  toMs: number | undefined,
): { readonly spans: readonly Span[]; readonly middle: TimeRange; readonly edges: readonly { readonly from: number; readonly to: number }[] } | undefined => {
  if ((fromMs !== undefined && Number.isNaN(fromMs)) || (toMs !== undefined && Number.isNaN(toMs))) return undefined
  const midnight = (day: number): number => day * DAY_MS - CHINA_MS
  const atMidnight = (ms: number): boolean => !Number.isFinite(ms) || (ms + CHINA_MS) % DAY_MS === 0
  // The first China midnight at or after the start, the last at or before the end (an infinite end is its own).
  const innerFrom = fromMs === undefined || atMidnight(fromMs) ? fromMs : midnight(dayOf(fromMs) + 1)
  const innerTo = toMs === undefined || atMidnight(toMs) ? toMs : midnight(dayOf(toMs))
  if (innerFrom !== undefined && innerTo !== undefined && innerTo <= innerFrom) {
    // No whole day inside: the period is its own edge (none when it is empty).
    return { spans: [], middle: { from: innerFrom, to: innerFrom }, edges: fromMs !== undefined && toMs !== undefined && fromMs < toMs ? [{ from: fromMs, to: toMs }] : [] }
  }
  const spans = periodSpans(innerFrom, innerTo) ?? []
  const edges: { from: number; to: number }[] = []
  if (fromMs !== undefined && innerFrom !== undefined && fromMs < innerFrom) edges.push({ from: fromMs, to: innerFrom })
  if (toMs !== undefined && innerTo !== undefined && innerTo < toMs) edges.push({ from: innerTo, to: toMs })
  return { spans, middle: { from: innerFrom, to: innerTo }, edges }
}

/** The time a span of days covers, in ms (`[from, to)`): its first China midnight to the one after its last day. */
export const daysRange = (span: Span & { readonly grain: 'day' }): { readonly from: number; readonly to: number } => ({
  from: span.from * DAY_MS - CHINA_MS,
  to: span.to * DAY_MS - CHINA_MS,
})

/** A range of kept rows of one grain (a China day, month or year: `year`, numbered as the year itself), added to a period's counts (1) or taken off them (−1). */
export interface SignedSpan {
  readonly grain: Grain | 'year'
  readonly from: number
  readonly to: number
  readonly sign: 1 | -1
}

/** The China year a China month falls in (month numbers are year × 12 + month − 1). */
export const yearOfMonth = (month: number): number => Math.floor(month / 12)

/** The first China day of a year. */
const yearStartDay = (year: number): number => monthStartDay(year * 12)

/** Kept rows a list of spans reads per key and place (a range of n buckets reads n rows). */
const bucketsOf = (spans: readonly SignedSpan[]): number => spans.reduce((n, s) => n + s.to - s.from, 0)

/**
 * The days `[from, to)` (within one China year) as months and days, each with `sign`: its whole months, and of each month
 * its other days fall in, either those days or, when that reads fewer buckets, the whole month less its days outside
 * them (with the sign turned).
 */
const monthsAndDays = (from: number, to: number, sign: 1 | -1): SignedSpan[] => {
  if (to <= from) return []
  const out: SignedSpan[] = []
  const firstMonth = monthStartDay(monthOfDay(from)) === from ? monthOfDay(from) : monthOfDay(from) + 1
  const endMonth = monthOfDay(to)
  const dayParts: [number, number][] = []
  if (firstMonth >= endMonth) dayParts.push([from, to])
  else {
    out.push({ grain: 'month', from: firstMonth, to: endMonth, sign })
    if (from < monthStartDay(firstMonth)) dayParts.push([from, monthStartDay(firstMonth)])
    if (monthStartDay(endMonth) < to) dayParts.push([monthStartDay(endMonth), to])
  }
  for (const [partFrom, partTo] of dayParts) {
    // Month by month: a part of days lies in at most two months, each side of a whole month in one.
    for (let day = partFrom; day < partTo; ) {
      const month = monthOfDay(day)
      const [start, end] = [monthStartDay(month), monthStartDay(month + 1)]
      const upTo = Math.min(partTo, end)
      // The month's row and its days outside the part (before it, after it), against the days inside.
      if (1 + (day - start) + (end - upTo) < upTo - day) {
        out.push({ grain: 'month', from: month, to: month + 1, sign })
        if (start < day) out.push({ grain: 'day', from: start, to: day, sign: -sign as 1 | -1 })
        if (upTo < end) out.push({ grain: 'day', from: upTo, to: end, sign: -sign as 1 | -1 })
      } else out.push({ grain: 'day', from: day, to: upTo, sign })
      day = upTo
    }
  }
  return out
}

/**
 * The kept rows a period's counts are read from (its spans, `periodSpans`): its whole China years as year rows; of each
 * year it holds part of, either that part's months and days or, when that reads fewer buckets, the year's row less its
 * months and days outside the part; and of each month its days fall in, either those days or, when fewer, the month's
 * row less its days outside them (a year's row is the sum of its months', a month's of its days'). Exact only for whole
 * numbers under 2^53, as every kept n and sum is (counts, and milliseconds: core's `concludedMs`; a core test holds every
 * fact's value to a whole number): a sum of whole numbers less another is the sum of the rest, whatever the order.
 * Years and months of one sign are merged into ranges. The year from 10:00 on 1 January reads the year less 1 January
 * (2 rows per key and place); before, January to December less 1 January (13), and before that every day of 2–31
 * January too.
 */
export const countSpans = (spans: readonly Span[]): readonly SignedSpan[] => {
  // The days the spans cover, as ranges (a period's spans are one: its months, and its days either side).
  const ranges = spans
    .map((s): [number, number] => (s.grain === 'day' ? [s.from, s.to] : [monthStartDay(s.from), monthStartDay(s.to)]))
    .filter(([from, to]) => from < to)
    .sort((a, b) => a[0] - b[0])
  const joined: [number, number][] = []
  for (const [from, to] of ranges) {
    const last = joined.at(-1)
    if (last !== undefined && last[1] >= from) last[1] = Math.max(last[1], to)
    else joined.push([from, to])
  }
  const out: SignedSpan[] = []
  // Part of a year: its months and days, or the year less the rest of it, whichever reads fewer rows (the former on a tie).
  const partOfYear = (year: number, from: number, to: number): void => {
    const [start, end] = [yearStartDay(year), yearStartDay(year + 1)]
    const inside = monthsAndDays(from, to, 1)
    const outside: SignedSpan[] = [{ grain: 'year', from: year, to: year + 1, sign: 1 }, ...monthsAndDays(start, from, -1), ...monthsAndDays(to, end, -1)]
    out.push(...(bucketsOf(outside) < bucketsOf(inside) ? outside : inside))
  }
  for (const [from, to] of joined) {
    const [firstYear, lastYear] = [yearOfMonth(monthOfDay(from)), yearOfMonth(monthOfDay(to))]
    // Whole years from the first that starts at or after `from` to the one `to` falls in.
    const wholeFrom = yearStartDay(firstYear) === from ? firstYear : firstYear + 1
    if (wholeFrom > lastYear) {
      partOfYear(firstYear, from, to)
      continue
    }
    if (from < yearStartDay(wholeFrom)) partOfYear(firstYear, from, yearStartDay(wholeFrom))
    if (wholeFrom < lastYear) out.push({ grain: 'year', from: wholeFrom, to: lastYear, sign: 1 })
    if (yearStartDay(lastYear) < to) partOfYear(lastYear, yearStartDay(lastYear), to)
  }
  // Years, then months, each added before taken off and merged into ranges; then the days as they came.
  const merged: SignedSpan[] = []
  for (const grain of ['year', 'month'] as const) {
    for (const sign of [1, -1] as const) {
      for (const s of out.filter((x) => x.grain === grain && x.sign === sign).sort((a, b) => a.from - b.from)) {
        const last = merged.at(-1)
        if (last !== undefined && last.grain === grain && last.sign === sign && last.to === s.from) merged[merged.length - 1] = { ...last, to: s.to }
        else merged.push(s)
      }
    }
  }
  return [...merged, ...out.filter((s) => s.grain === 'day')]
}
