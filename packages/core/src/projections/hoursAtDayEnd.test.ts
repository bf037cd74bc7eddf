import { describe, expect, it } from 'vitest'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { hoursAtDayEndHistories, logOfHistories } from './fixtures.js'
import { replay } from './projection.js'

// DOMAIN.md "Complaint" and "Time": a deadline counted in hours (签收 2 h urgent / 24 h normal, the 12345 派单 2 h) is an
// instant, past once it has gone by — only a day deadline runs to 24:00 China time (民法典 art. 203 para. 2). One that
// falls at 23:59:59.000 China time exactly is still an instant there: its event's stamp says it was counted in hours
// (found in review: the dashboards took it for a day deadline by its clock time, and listed it overdue a second late).
// The log is the decider's own events, worked by hand:
//   1: registered Tue 3-03 21:00, accepted 21:59:59 (normal): 派单 within 2 h → 3-03 23:59:59.000; never dispatched.
//   2: dispatched Mon 3-02 23:59:59 (normal, to the grid): 签收 within 24 h → 3-03 23:59:59.000; never signed for.
const id = (n: number) => `00000000-0000-4000-8000-0000000052${String(n).padStart(2, '0')}`
const histories = hoursAtDayEndHistories(id)
const log = logOfHistories(histories)
const state = replay(dashboardProjection, log)
const view = (asOf: string) => dashboardView(state, { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00', asOf })

describe('an hours deadline at 23:59:59 China time on the dashboard', () => {
  it('the deciders wrote them at 23:59:59.000, counted in hours', () => {
    const data = histories.map((h) => h.events.at(-1)?.data as { dispatchBy?: string; acknowledgeBy?: string })
    expect([data[0]?.dispatchBy, data[1]?.acknowledgeBy]).toEqual(['2026-03-03T23:59:59+08:00', '2026-03-03T23:59:59+08:00'])
  })

  it('at 23:59:59.000 both are due soon, not overdue; from 23:59:59.001 both are overdue', () => {
    const at = view('2026-03-03T23:59:59.000+08:00').overdue
    expect([at.byKind.dispatch, at.byKind.acknowledge, at.dueSoon.byKind.dispatch, at.dueSoon.byKind.acknowledge]).toEqual([0, 0, 1, 1])
    for (const ms of ['001', '500', '999']) {
      const o = view(`2026-03-03T23:59:59.${ms}+08:00`).overdue
      expect([o.byKind.dispatch, o.byKind.acknowledge], ms).toEqual([1, 1])
      expect(o.items.map((i) => [i.caseId, i.deadlineKind, Math.round(i.hoursOverdue * 3_600_000)]).sort(), ms).toEqual([
        [id(1), 'dispatch', Number(ms)],
        [id(2), 'acknowledge', Number(ms)],
      ])
    }
  })

  it('the 签收 not given is late (counted in the rate) from 23:59:59.001, not from 24:00', () => {
    expect(view('2026-03-03T23:59:59.000+08:00').rates).toMatchObject({ dispatched: 0, acknowledgedOnTime: 0 })
    expect(view('2026-03-03T23:59:59.500+08:00').rates).toMatchObject({ dispatched: 1, acknowledgedOnTime: 0, onTimeAcknowledgementRate: 0 })
  })
})
