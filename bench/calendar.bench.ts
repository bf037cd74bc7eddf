// Working-day deadlines/s: gridcase's calendar (per-year day tables, results cached per calendar version)
// beside the baseline it replaced — the same count asking `chinese-days` about every day (getDayDetail),
// which the performance issue measured at 15% of a complaint's decide.
import { addLocalDays, addWorkingDays, chineseWorkdays, endOfLocalDay, localDate, weekdayOf } from '@gridcase/core/calendar'
import chineseDays from 'chinese-days'

const N = Number(process.env.BENCH_DEADLINES ?? 50_000)
const WEEKDAY_NAMES = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'])

// The old calendar: chinese-days for every day, weekday computed by us.
const oldIsWorkday = (date: string): boolean => {
  const detail = chineseDays.getDayDetail(date)
  if (!WEEKDAY_NAMES.has(detail.name)) return detail.work
  const day = weekdayOf(date)
  return day >= 1 && day <= 5
}
const oldAddWorkingDays = (iso: string, n: number): string => {
  let day = localDate(iso)
  for (let counted = 0; counted < n; ) {
    do day = addLocalDays(day, 1)
    while (!oldIsWorkday(day))
    counted += 1
  }
  return endOfLocalDay(day)
}

// Dispatch times spread over 2026 (one every ~10 minutes), 15 working days each: a year of 12345 traffic.
const starts = Array.from({ length: N }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 631_000).toISOString())

const perSecond = (f: (iso: string) => string): number => {
  const started = process.hrtime.bigint()
  let sink = 0
  for (const iso of starts) sink += f(iso).length
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (sink === 0) throw new Error('nothing computed')
  return N / seconds
}

export const run = async (): Promise<void> => {
  // Same answers first: the bench compares equal work.
  for (const iso of starts.slice(0, 2_000)) {
    if (addWorkingDays(iso, 15, chineseWorkdays) !== oldAddWorkingDays(iso, 15)) throw new Error(`different deadline from ${iso}`)
  }
  const baseline = perSecond((iso) => oldAddWorkingDays(iso, 15))
  const ours = perSecond((iso) => addWorkingDays(iso, 15, chineseWorkdays))
  console.log(`15-working-day deadlines/s: chinese-days per day (baseline) ${baseline.toFixed(0)}; gridcase calendar ${ours.toFixed(0)}; ratio ${(ours / baseline).toFixed(1)}×`)
}
