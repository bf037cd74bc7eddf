import { dayOf, monthOfDay, monthStartDay } from './periodBuckets.js'

const DAY_MS = 86_400_000
const CHINA_MS = 8 * 3_600_000

/**
 * How a page of a place's 考评申诉 exclusions in a period too long for `exclusionWalk` is read (the SQLite dashboard;
 * PostgreSQL's planner makes the same choice itself, EXPLAIN ANALYZE at 20k cases: the key with the period as a filter
 * for a year, by time for a month). The page is in case-id
 * order (its cursor is the last case id shown: docs/HTTP.md), and a period bounds the exclusions' time, so there are two
 * walks: the place's exclusions in the period by time, all of them read and sorted for the page (as many as the period
 * holds: a year's at 100k cases, 2,373 rows for a page of 101, 1.2 ms), or the place's exclusions by case id, keeping
 * those in the period, which stops after the page but passes over those outside it. The first is the cheaper for a
 * short period (a day, a month of a long history), the second for one that holds most of the place's exclusions.
 *
 * Chosen by the share of the time between the place's first and last exclusion the period covers (two index lookups,
 * not a count): over a half, the case-id walk, which passes over fewer rows than the period holds when the exclusions
 * are spread evenly in time (the rows passed over are those outside the period, fewer than half of them). Either walk
 * answers the same page: the choice decides its cost only. Undefined `first` (no exclusion at the place): by time.
 * (Since /28 the dashboard asks this only of a period too long for `exclusionWalk`'s buckets.)
 */
export const exclusionsByCaseId = (period: { readonly from: number; readonly to: number }, held: { readonly first: number | null | undefined; readonly last: number | null | undefined }): boolean => {
  const { first, last } = held
  if (first === null || first === undefined || last === null || last === undefined) return false
  if (last <= first) return period.from <= first && first < period.to
  const covered = Math.min(period.to, last) - Math.max(period.from, first)
  return covered * 2 > last - first
}

/**
 * One index range of a bucketed page walk: the place's exclusions of a China month (`dashboard_exclusions_by_month`,
 * place, month, case_id) or of a China day (`_by_day`), each in case-id order from the cursor; or those in a part of a
 * day at an end of the period that is not a China midnight, `[from, to)`, by time (`_by_time`), read whole and sorted.
 */
export type ExclusionArm =
  | { readonly by: 'month'; readonly month: number }
  | { readonly by: 'day'; readonly day: number }
  | { readonly by: 'time'; readonly from: number; readonly to: number }

/** How a period's page of exclusions is walked: by `exclusionsByCaseId`'s choice, or the period's buckets merged. */
export type ExclusionWalk = { readonly by: 'key' } | { readonly by: 'time' } | { readonly by: 'buckets'; readonly arms: readonly ExclusionArm[] }

/**
 * The most buckets a page merges (a quarter from mid-month: 3 months and up to 60 days; a year from 10:00 on 1 January, not cut:
 * its part of that day, 30 days, 11 months). A longer period (more than about five years of a place's exclusions) falls
 * back to `exclusionsByCaseId`'s choice.
 */
export const MAX_EXCLUSION_ARMS = 64

const chinaMidnight = (ms: number): boolean => (ms + CHINA_MS) % DAY_MS === 0
const dayStartMs = (day: number): number => day * DAY_MS - CHINA_MS

/**
 * How a page of a place's exclusions in `[from, to)` (an open end: ±Infinity) is read. The period, cut to the China days
 * from the place's first to its last exclusion, is split into its whole China months, the other whole China days, and
 * the parts of a day at either end that are not China midnights (a month cut by the place's first or last exclusion's
 * day only, walked whole); each is one index range in case-id order from the
 * cursor (a part of a day: by time, sorted), merged by case id and stopped after the page (an ORDER BY over their
 * UNION ALL: SQLite merges them, each walk read only as far as the page takes from it). A month, the most common read
 * (its evaluation), is one walk of the month's index range that stops after the page whatever the month holds; any
 * period reads at most the page, one more row per bucket and its parts of a day at the ends. Before, a month read every
 * exclusion it held by time and sorted them (358 at 100k cases for a page of 101, growing with the month's cases).
 * Buckets in a fixed order (parts of a day, months, days), not in time: the merge orders the rows, and the statement's
 * text then depends on their counts only. No bucket (nothing at the place, or the period before or after all of it):
 * nothing to read. More than MAX_EXCLUSION_ARMS: `exclusionsByCaseId`'s walk. PostgreSQL's twin asks it with `held`
 * 'unknown' (no lookup before its one round trip): the period not cut, its ends finite; its planner merges the ranges
 * (a Merge Append under the Limit), and walks a period too long or open by its own choice.
 */
export const exclusionWalk = (
  period: { readonly from: number; readonly to: number },
  held: { readonly first: number | null | undefined; readonly last: number | null | undefined } | 'unknown',
): ExclusionWalk => {
  // Unknown (PostgreSQL's): the period as it is, its ends finite (else the fallback's by time), no month walked whole
  // but those it covers.
  if (held === 'unknown' && !(Number.isFinite(period.from) && Number.isFinite(period.to))) return { by: 'time' }
  const { first, last } = held === 'unknown' ? { first: period.from, last: period.to } : held
  if (first === null || first === undefined || last === null || last === undefined) return { by: 'buckets', arms: [] }
  let lo = held === 'unknown' ? period.from : Math.max(period.from, dayStartMs(dayOf(first)))
  let hi = held === 'unknown' ? period.to : Math.min(period.to, dayStartMs(dayOf(last) + 1))
  const parts: ExclusionArm[] = []
  if (lo < hi && !chinaMidnight(lo)) {
    const end = Math.min(hi, dayStartMs(dayOf(lo) + 1))
    parts.push({ by: 'time', from: lo, to: end })
    lo = end
  }
  if (lo < hi && !chinaMidnight(hi)) {
    const start = Math.max(lo, dayStartMs(dayOf(hi)))
    parts.push({ by: 'time', from: start, to: hi })
    hi = start
  }
  const months: ExclusionArm[] = []
  const days: ExclusionArm[] = []
  const startDay = dayOf(lo)
  const endDay = lo < hi ? dayOf(hi) : startDay
  // An end cut to the place's first or last exclusion's day: the month it falls in holds none beyond it, so is walked
  // whole (the year of a place whose exclusions run from 15 January to 9 September: 9 months, not 7 and 26 days).
  const fromHeld = held !== 'unknown' && period.from <= dayStartMs(dayOf(first))
  const toHeld = held !== 'unknown' && period.to >= dayStartMs(dayOf(last) + 1)
  for (let day = startDay; day < endDay && parts.length + months.length + days.length <= MAX_EXCLUSION_ARMS; ) {
    const month = monthOfDay(day)
    const next = monthStartDay(month + 1)
    if ((monthStartDay(month) === day || (fromHeld && day === startDay)) && (next <= endDay || toHeld)) {
      months.push({ by: 'month', month })
      day = next
    } else {
      days.push({ by: 'day', day })
      day += 1
    }
  }
  const arms = [...parts, ...months, ...days]
  if (arms.length > MAX_EXCLUSION_ARMS) return held !== 'unknown' && exclusionsByCaseId(period, held) ? { by: 'key' } : { by: 'time' }
  return { by: 'buckets', arms }
}
