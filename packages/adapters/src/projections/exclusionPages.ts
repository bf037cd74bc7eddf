/**
 * How a page of a place's 考评申诉 exclusions in a period is read (the SQLite dashboard; PostgreSQL's planner makes the
 * same choice itself, EXPLAIN ANALYZE at 20k cases: the key with the period as a filter for a year, by time for a
 * month). The page is in case-id
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
 */
export const exclusionsByCaseId = (period: { readonly from: number; readonly to: number }, held: { readonly first: number | null | undefined; readonly last: number | null | undefined }): boolean => {
  const { first, last } = held
  if (first === null || first === undefined || last === null || last === undefined) return false
  if (last <= first) return period.from <= first && first < period.to
  const covered = Math.min(period.to, last) - Math.max(period.from, first)
  return covered * 2 > last - first
}
