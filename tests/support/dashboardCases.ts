// What the dashboard read models' suites, SQLite's (tests/dashboard-read-model.test.ts) and PostgreSQL's
// (tests/postgres/read-models.test.ts), check them against alike: sample logs, a log cut into batches, filters at or
// after the latest event, the periods of whole China days and months, and a log with open high-risk disputes.
import type { RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, daysUpTo, monthsUpTo, periodOf, replay, type DashboardFilter } from '@gridcase/core/projections'
import fc from 'fast-check'
import { sampleDrafts } from './sampleLog.js'

/** A sealed sample log of `cases` cases 90 minutes apart from 2026-01-05 08:00 China time, with grid work, risk grades and committees. */
export const dashboardLog = (cases: number, seed: number, dayDeadlines = false): RecordedEvent[] =>
  sealLog(sampleDrafts({ cases, seed, spacingMinutes: 90, gridWork: true, riskGrades: true, committees: true, dayDeadlines }))

const PLACES = ['hohhot', 'hohhot/saihan', 'hohhot/xincheng/wulan', 'hohhot/saihan/zhaojun/c2', 'hohhot/saihan/dongfeng/c1/g03']
/** The sample logs' first instant (ms). */
export const START = Date.parse('2026-01-05T08:00:00+08:00')
const iso = (offsetHours: number) => new Date(START + offsetHours * 3_600_000).toISOString()

/**
 * A filter at or after the latest event (`lastAt`, ms): a place, maybe a period, maybe an asOf hours after the end or
 * half a second or a second after a running deadline (`closing`, closingInstants: a day deadline closes at 24:00, an
 * hour deadline at its instant).
 */
export const dashboardFilters = (lastAt: number, closing: readonly string[] = []): fc.Arbitrary<DashboardFilter> =>
  fc.record(
    {
      jurisdiction: fc.constantFrom(...PLACES),
      from: fc.integer({ min: -24, max: 400 }).map(iso),
      to: fc.integer({ min: 0, max: 1500 }).map(iso),
      asOf: fc.oneof(
        fc.integer({ min: 0, max: 2000 }).map((h) => new Date(lastAt + h * 3_600_000).toISOString()),
        ...(closing.length === 0 ? [] : [fc.constantFrom(...closing)]),
      ),
      depth: fc.integer({ min: 0, max: 4 }),
    },
    { requiredKeys: [] },
  )

/** `log` cut at the fractions `cuts` (0 to 1, any order, repeats merged) into consecutive batches covering it. */
export const batches = (log: readonly RecordedEvent[], cuts: readonly number[]): RecordedEvent[][] => {
  const at = [...new Set(cuts.map((c) => Math.floor(c * log.length)))].sort((a, b) => a - b)
  const out: RecordedEvent[][] = []
  let from = 0
  for (const k of [...at, log.length]) {
    out.push(log.slice(from, k))
    from = k
  }
  return out
}

/** 120 cases a day apart from 5 January 2026: intake over four months, results and closures after. */
export const periodsLog = (): RecordedEvent[] => sealLog(sampleDrafts({ cases: 120, seed: 11, spacingMinutes: 24 * 60, gridWork: true, riskGrades: true }))

/**
 * Filters of whole China days and months (and a quarter, a year, days around months, open ends) over three places at
 * three depths, an hour after the log's end, each with what a replay of the whole log answers.
 */
export const wholePeriods = (log: readonly RecordedEvent[]): { readonly filter: DashboardFilter; readonly view: ReturnType<typeof dashboardView> }[] => {
  const reference = replay(dashboardProjection, log)
  const asOf = new Date(Date.parse(reference.lastAt ?? '') + 3_600_000).toISOString()
  const periods: { readonly from?: string; readonly to?: string }[] = [
    ...monthsUpTo('2026-06-15T00:00:00+08:00', 7),
    ...daysUpTo('2026-02-10T12:00:00+08:00', 12),
    ...[periodOf('2026-Q1'), periodOf('2026')].flatMap((p) => (p === undefined ? [] : [p])),
    // Days before a month, whole months, days after it; and an open start.
    { from: '2026-01-20T00:00:00+08:00', to: '2026-04-03T00:00:00+08:00' },
    { to: '2026-03-01T00:00:00+08:00' },
    { from: '2026-02-01T00:00:00+08:00' },
  ]
  return periods.flatMap((period) =>
    ['hohhot', 'hohhot/saihan', 'hohhot/saihan/zhaojun/c2'].flatMap((jurisdiction) =>
      [0, 1, 3].map((depth) => {
        const filter: DashboardFilter = { jurisdiction, depth, asOf, ...(period.from === undefined ? {} : { from: period.from }), ...(period.to === undefined ? {} : { to: period.to }) }
        return { filter, view: dashboardView(reference, filter) }
      }),
    ),
  )
}

/**
 * A sample log of 40 cases cut at 60% (by the end of a whole one nearly every dispute is closed): that of the first
 * seed whose cut log holds an open high-risk dispute, or undefined when none of 30 does.
 */
export const openHighRiskLog = (): RecordedEvent[] | undefined => {
  const cut = (seed: number) => {
    const whole = dashboardLog(40, seed)
    return whole.slice(0, Math.floor(whole.length * 0.6))
  }
  const seed = Array.from({ length: 30 }, (_, i) => i + 1).find((n) => dashboardView(replay(dashboardProjection, cut(n)), {}).risk.highOpen > 0)
  return seed === undefined ? undefined : cut(seed)
}
