// What rankings and trends read at once (`DashboardReadModel.figures`) against what a dashboard of each place and period
// gives (the per-read composition the routes did before) and against a replay of the whole log (core's dashboardView):
// the same counts, 三率 and overdue, for every place asked, every child found and every period.
import type { DashboardFigures, DashboardReadModel, FiguresQuery } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { dashboardProjection, dashboardView, daysUpTo, monthsUpTo, periodOf, replay, type DashboardView } from '@gridcase/core/projections'
import { expect } from 'vitest'

export const DISTRICT = 'hohhot/saihan'

const pick = (v: DashboardView): DashboardFigures => ({ counts: { complaint: v.counts.complaint, dispute: v.counts.dispute }, rates: v.rates, overdue: { byKind: v.overdue.byKind } })

const period = (name: string) => {
  const p = periodOf(name)
  if (p === undefined) throw new Error(`no period ${name}`)
  return { from: p.from, to: p.to }
}

/** The queries a ranking and a trends route ask, at `asOf` (at or after the latest event). */
export const figuresQueries = (asOf: string): readonly FiguresQuery[] => [
  // Rankings: the district and its streets (one named, one with no case), for months, a quarter and a year.
  ...['2026-01', '2026-02', '2026-03', '2026-Q1', '2026'].map((name) => ({
    jurisdiction: DISTRICT,
    places: [DISTRICT, `${DISTRICT}/zhaojun`, `${DISTRICT}/no-such-street`],
    childrenWithCases: true,
    periods: [period(name)],
    asOf,
  })),
  // Most of a year: a ranking's 2 January to 31 December (the year's kept rows less 1 January's: countSpans).
  { jurisdiction: DISTRICT, places: [DISTRICT, `${DISTRICT}/zhaojun`], childrenWithCases: true, periods: [{ from: '2026-01-02T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' }], asOf },
  // Trends: a place over its 12 months and 30 days up to asOf, and a street over 3 months and 90 days.
  { jurisdiction: DISTRICT, places: [DISTRICT], periods: [...monthsUpTo(asOf, 12), ...daysUpTo(asOf, 30)].map((p) => ({ from: p.from, to: p.to })), asOf },
  { jurisdiction: `${DISTRICT}/zhaojun`, places: [`${DISTRICT}/zhaojun`], periods: [...monthsUpTo(asOf, 3), ...daysUpTo(asOf, 90)].map((p) => ({ from: p.from, to: p.to })), asOf },
]

/** Checks the model's figures for each query against its own dashboards and against a replay of `log`. */
export const checkFigures = async (model: DashboardReadModel, log: readonly RecordedEvent[], asOf: string): Promise<number> => {
  const reference = replay(dashboardProjection, log)
  let checked = 0
  for (const query of figuresQueries(asOf)) {
    const answer = await model.figures?.(query)
    if (answer === undefined) throw new Error('no figures')
    // The children found are the places one level down with a count in the period (what the counts tree names).
    let children = 0
    for (const [i, p] of query.periods.entries()) {
      const top = await model.view({ jurisdiction: query.jurisdiction, from: p.from, to: p.to, asOf, depth: 1 })
      const withCases = (top?.counts.tree ?? []).map((n) => n.jurisdiction).filter((c) => c.split('/').length === query.jurisdiction.split('/').length + 1)
      const found = [...answer.entries()].filter(([, f]) => (f[i]?.counts.complaint.total ?? 0) + (f[i]?.counts.dispute.total ?? 0) !== 0).map(([c]) => c)
      if (query.childrenWithCases === true) expect(found.filter((c) => c !== query.jurisdiction).sort()).toEqual(expect.arrayContaining(withCases))
      children += withCases.length
    }
    if (query.childrenWithCases === true && query.periods.some((p) => p.from < '2026-02-15')) expect(children).toBeGreaterThan(0)
    for (const place of query.places) expect(answer.has(place)).toBe(true)
    for (const [place, figures] of answer) {
      expect(figures.length).toBe(query.periods.length)
      for (const [i, p] of query.periods.entries()) {
        const filter = { jurisdiction: place, from: p.from, to: p.to, asOf, depth: 0 }
        const view = await model.view(filter)
        if (view === undefined) throw new Error('no view')
        expect({ place, ...p, figures: figures[i] }).toEqual({ place, ...p, figures: pick(view) })
        expect({ place, ...p, figures: figures[i] }).toEqual({ place, ...p, figures: pick(dashboardView(reference, filter)) })
        checked += 1
      }
    }
  }
  return checked
}

/**
 * A year's figures (a ranking's 2026, and 2 January to 31 December 2026 beside it) read the year's kept rows, less the
 * days left out (countSpans), not its months' one by one: with every kept month row (grain 'month') dropped behind the
 * model's back (`dropMonths`), they stay a replay's at every place, where the first quarter's (read by its months) do not.
 */
export const checkYearFigures = async (model: DashboardReadModel, log: readonly RecordedEvent[], dropMonths: () => Promise<void>): Promise<void> => {
  const reference = replay(dashboardProjection, log)
  const asOf = new Date(Date.parse(reference.lastAt ?? '') + 3_600_000).toISOString()
  const years = [period('2026'), { from: '2026-01-02T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' }]
  const query = (periods: readonly { from: string; to: string }[]): FiguresQuery => ({ jurisdiction: 'hohhot', places: ['hohhot'], childrenWithCases: true, periods, asOf })
  const replayed = async (periods: readonly { from: string; to: string }[]): Promise<Map<string, DashboardFigures[]>> => {
    const answer = await model.figures?.(query(periods))
    if (answer === undefined) throw new Error('no figures')
    return new Map([...answer].map(([place]) => [place, periods.map((p) => pick(dashboardView(reference, { jurisdiction: place, from: p.from, to: p.to, asOf, depth: 0 })))]))
  }
  const wanted = await replayed(years)
  // Not vacuous: the year holds cases, at more than one place.
  expect(wanted.size).toBeGreaterThan(2)
  expect(wanted.get('hohhot')?.[0]?.counts.complaint.total).toBeGreaterThan(50)
  const quarter = [period('2026-Q1')]
  const quarterWanted = await replayed(quarter)
  expect(await model.figures?.(query(years))).toEqual(wanted)
  expect(await model.figures?.(query(quarter))).toEqual(quarterWanted)
  await dropMonths()
  expect(await model.figures?.(query(years))).toEqual(wanted)
  expect(await model.figures?.(query(quarter))).not.toEqual(quarterWanted)
}
