// What every dashboard read model must show of the clock logs in packages/core/src/projections/fixtures.ts (when a
// clock stops, where its 临期 window starts): the figures worked out by hand there (clocks.test.ts has them all), and
// the same units, overdue and due-soon lists and rates as core's dashboard over a replay of the log as it stood then.
import type { DashboardReadModel } from '@gridcase/adapters'
import type { EventDraft } from '@gridcase/core/audit'
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay, type DashboardFilter, type DashboardView } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { arrivalRoundDrafts, closedArrivalDrafts, closedArrivalId, clocksId as id, rebasedWindowDrafts, unacknowledgedDrafts } from '../../packages/core/src/projections/fixtures.js'

const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }
const JANUARY = { from: '2027-01-01T00:00:00+08:00', to: '2027-02-01T00:00:00+08:00' }

/** Each log as of a time after its last event by then, with what that view shows by hand. */
const checks: { drafts: () => EventDraft[]; filter: DashboardFilter; hand: (view: DashboardView) => void }[] = [
  {
    // Housing's 报到 (due 03-04 23:59) ended with its round by 重办 on 03-06: off the list, still due and late;
    // environment's (due 03-07 23:59) ended before its deadline: not counted.
    drafts: arrivalRoundDrafts,
    filter: { jurisdiction: 'hohhot', ...MARCH, asOf: '2026-03-10T12:00:00+08:00' },
    hand: (view) => {
      expect(view.overdue.byKind.arrival).toBe(0)
      const housing = view.units.find((u) => u.unit.id === 'saihan-housing')
      expect({ due: housing?.arrivals.due, onTime: housing?.arrivals.onTime, overdue: housing?.overdue.arrival }).toEqual({ due: 1, onTime: 0, overdue: 0 })
      expect(view.units.find((u) => u.unit.id === 'saihan-environment')).toBeUndefined()
    },
  },
  {
    // The missed 签收 of a referred case, its dispute concluded 03-10 10:00: off the list, still due and late …
    drafts: unacknowledgedDrafts,
    filter: { jurisdiction: 'hohhot', ...MARCH, asOf: '2026-03-10T12:00:00+08:00' },
    hand: (view) => {
      expect(view.overdue.items).toEqual([])
      expect({ dispatched: view.rates.dispatched, onTime: view.rates.acknowledgedOnTime }).toEqual({ dispatched: 1, onTime: 0 })
    },
  },
  {
    // … and so after the case closed (03-11 09:00).
    drafts: unacknowledgedDrafts,
    filter: { jurisdiction: 'hohhot', ...MARCH, asOf: '2026-03-11T12:00:00+08:00' },
    hand: (view) => {
      const c1 = view.units.find((u) => u.unit.id === 'wulan-c1')
      expect({ dispatched: c1?.dispatched, onTime: c1?.acknowledgedOnTime, rate: c1?.onTimeAcknowledgementRate }).toEqual({ dispatched: 1, onTime: 0, rate: 0 })
    },
  },
  {
    // 3 d 12 h left of 20 d 14 h (17%): the re-based deadline (4) is due soon as the one set at dispatch (5) is; the
    // extended one (6) has a fresh window (5 d 14 h: 63% left); the disputes' mediation deadlines as 4 and 5 (7, 8).
    drafts: rebasedWindowDrafts,
    filter: { jurisdiction: 'hohhot', ...JANUARY, asOf: '2027-01-06T12:00:00+08:00' },
    hand: (view) => expect(view.overdue.dueSoon.items.map((i) => [i.caseId, i.deadlineKind])).toEqual([[id(4), 'result'], [id(5), 'result'], [id(7), 'mediation'], [id(8), 'mediation']]),
  },
  // A 报到 re-based on a closed complaint (1) and on the same one left open (2): Mon 01-04 → Tue 01-05 24:00. On Tue 01-05
  // noon neither is overdue (the open one was by the old day); from Wed 01-06 the open one is, due and late in January;
  // the closed one, closed 12-31 before either day, never is, nor counted late.
  ...(['2027-01-05T12:00:00+08:00', '2027-01-06T12:00:00+08:00'] as const).map((asOf) => ({
    drafts: closedArrivalDrafts,
    filter: { jurisdiction: 'hohhot', ...JANUARY, asOf },
    hand: (view: DashboardView) => {
      const late = asOf.startsWith('2027-01-06')
      expect(view.overdue.items.filter((i) => i.deadlineKind === 'arrival').map((i) => [i.caseId, i.unitId])).toEqual(late ? [[closedArrivalId(2), 'saihan-housing']] : [])
      const housing = view.units.find((u) => u.unit.id === 'saihan-housing')
      expect({ due: housing?.arrivals.due ?? 0, onTime: housing?.arrivals.onTime ?? 0, overdue: housing?.overdue.arrival ?? 0 }).toEqual(late ? { due: 1, onTime: 0, overdue: 1 } : { due: 0, onTime: 0, overdue: 0 })
    },
  })),
]

export const checkClocksDashboard = async (model: DashboardReadModel): Promise<void> => {
  for (const { drafts, filter, hand } of checks) {
    const asOf = Date.parse(filter.asOf ?? '')
    const log = sealLog(drafts().filter((d) => Date.parse(d.at) <= asOf))
    await model.reset()
    await model.apply(log)
    const got = await model.view(filter)
    if (got === undefined) throw new Error('no view')
    hand(got)
    const reference = dashboardView(replay(dashboardProjection, log), filter)
    expect({ units: got.units, overdue: got.overdue, rates: got.rates }).toEqual({ units: reference.units, overdue: reference.overdue, rates: reference.rates })
  }
}
