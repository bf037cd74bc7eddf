// What every dashboard read model must show of the dispatch deadline (派单时限, kind `dispatch`; DOMAIN.md "Time"): the
// dispatcher's, no unit's, on the overdue and due-soon lists from acceptance and from each 退单 until the dispatch, and
// moved by a re-base — by hand below, and the same lists and unit rows as core's dashboard over a replay of the log as it
// stood then (a read model answers as of its latest event or after, so the log is applied a part at a time).
//
// 12345 (standard-normal: 2 hours from acceptance, the product's default), Mon 2026-03-02 China time:
// - 1 accepted 10:00, never dispatched: due 12:00, overdue from 12:00:00.001.
// - 2 accepted 10:00, dispatched 11:00: on time, never listed.
// - 3 accepted 10:00, dispatched 11:00, returned (退单) 15:00: due again 17:00 (临期 from 16:36, the last 24 minutes).
// 信访 (信访工作条例 2022 art. 22: forwarded or assigned within 15 days of receipt, a statutory period), Sun 2026-12-20:
// - 4 registered 09:00 and accepted 09:30 with no 2027 notice: day 15 Mon 2027-01-04 (元旦 1-01 and the weekend off,
//   provisional). Re-based 12-28 with a schedule keeping 1-01..1-04 off: Tue 1-05. Overdue from 1-05 00:00 before the
//   re-base, from 1-06 00:00 after it.
import type { DashboardReadModel } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { sealLog } from '@gridcase/core/audit'
import { chineseCalendar, chineseWorkdays } from '@gridcase/core/calendar'
import { complaintDecider, type ComplaintCommand, type ComplaintConfig, type ComplaintState } from '@gridcase/core/complaint'
import { dashboardProjection, dashboardView, replay } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { schedule2027LongNewYear } from '../../packages/core/src/calendar/fixtures.js'

const PLACE = 'hohhot/saihan/wulan/xx-community/grid-017'
const id = (n: number) => `7c1e4d5a-0b6f-4f43-9a51-00000000d00${n}`
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const gridWorker: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: PLACE }
const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
const grid = { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: PLACE }

type Step = readonly [Actor, string, string, unknown, ComplaintConfig?]
const register = (n: number, at: string, category: string, config: ComplaintConfig = {}): Step => [
  operator, at, 'RegisterComplaint',
  { id: id(n), channel: 'hotline-12345', kind: 'complaint', category, urgency: 'normal', title: '诉求', description: '诉求内容', jurisdiction: PLACE, complainant: { name: '张伟', phone: '13600001111' } },
  config,
]
const day = (time: string) => `2026-03-02T${time}+08:00`
const lives: Record<number, readonly Step[]> = {
  1: [register(1, day('09:00:00'), 'heating'), [operator, day('10:00:00'), 'AcceptComplaint', {}]],
  2: [register(2, day('09:00:00'), 'heating'), [operator, day('10:00:00'), 'AcceptComplaint', {}], [operator, day('11:00:00'), 'DispatchComplaint', { unit: grid }]],
  3: [
    register(3, day('09:00:00'), 'heating'), [operator, day('10:00:00'), 'AcceptComplaint', {}], [operator, day('11:00:00'), 'DispatchComplaint', { unit: grid }],
    [gridWorker, day('15:00:00'), 'ReturnComplaint', { reason: '非本网格事项' }],
  ],
  4: [
    register(4, '2026-12-20T09:00:00+08:00', 'law-related', { calendar: chineseWorkdays }),
    [operator, '2026-12-20T09:30:00+08:00', 'AcceptComplaint', {}, { calendar: chineseWorkdays }],
    [admin, '2026-12-28T10:00:00+08:00', 'RebaseDeadlines', { reason: '2027年放假安排已发布' }, { calendar: chineseCalendar([schedule2027LongNewYear()]) }],
  ],
}

/** The four complaints' log, decided by the decider (each step under the calendar it names), in time order. */
export const dispatchDeadlineLog = (): RecordedEvent[] => {
  const drafts = []
  for (const [n, steps] of Object.entries(lives)) {
    let state: ComplaintState = complaintDecider().initialState
    for (const [i, [actor, at, type, data, config]] of steps.entries()) {
      const decider = complaintDecider(config ?? {})
      const command = { type, data, meta: { commandId: `${id(Number(n))}-${i}`, actor, at } } as unknown as ComplaintCommand
      const decided = decider.decide(command, state)
      if (decided._tag === 'Left') throw new Error(`${type}: ${decided.left.message}`)
      for (const event of decided.right) {
        state = decider.evolve(state, event)
        drafts.push({ streamId: `complaint-${id(Number(n))}`, type: event.type, at, actor, data: event.data })
      }
    }
  }
  return sealLog(drafts.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)))
}

const dispatchItems = (items: readonly { caseId: string; deadlineKind: string; deadline: string; unitId?: string }[]) =>
  items.filter((i) => i.deadlineKind === 'dispatch').map((i) => [i.caseId, i.deadline, i.unitId ?? null])

export const checkDispatchDeadlineDashboard = async (model: DashboardReadModel): Promise<void> => {
  const log = dispatchDeadlineLog()
  const view = async (asOf: string) => {
    const got = await model.view({ jurisdiction: 'hohhot', asOf })
    if (got === undefined) throw new Error(`no view as of ${asOf}`)
    return got
  }
  const same = async (upTo: number, asOf: string) => {
    const got = await view(asOf)
    const want = dashboardView(replay(dashboardProjection, log.slice(0, upTo)), { jurisdiction: 'hohhot', asOf })
    expect({ overdue: got.overdue, units: got.units.map((u) => [u.unit.id, u.overdue]) }).toEqual({ overdue: want.overdue, units: want.units.map((u) => [u.unit.id, u.overdue]) })
    return got
  }
  // The 12345 cases: every event of 3-02 (the 信访 case is registered in December).
  const march = log.filter((e) => e.metadata.occurredAt.startsWith('2026-03')).length
  await model.reset()
  await model.apply(log.slice(0, march))
  expect(dispatchItems((await same(march, day('16:35:59.999'))).overdue.items)).toEqual([[id(1), '2026-03-02T04:00:00.000Z', null]])
  expect(dispatchItems((await same(march, day('16:35:59.999'))).overdue.dueSoon.items)).toEqual([])
  expect(dispatchItems((await same(march, day('16:36:00'))).overdue.dueSoon.items)).toEqual([[id(3), '2026-03-02T09:00:00.000Z', null]])
  expect(dispatchItems((await same(march, day('17:00:00'))).overdue.items)).toEqual([[id(1), '2026-03-02T04:00:00.000Z', null]])
  const late = await same(march, day('17:00:00.001'))
  expect(dispatchItems(late.overdue.items)).toEqual([
    [id(1), '2026-03-02T04:00:00.000Z', null],
    [id(3), '2026-03-02T09:00:00.000Z', null],
  ])
  expect(late.overdue.byKind.dispatch).toBe(2)
  expect(late.units.map((u) => u.overdue.dispatch)).toEqual(late.units.map(() => 0))
  // The 信访 case before its re-base: due Mon 1-04 (provisional), overdue from 1-05 00:00.
  const rebase = log.findIndex((e) => e.type === 'ComplaintDeadlinesRebased')
  await model.apply(log.slice(march, rebase))
  expect(dispatchItems((await same(rebase, '2027-01-04T23:59:59.999+08:00')).overdue.items).map(([c]) => c)).toEqual([id(1), id(3)])
  expect(dispatchItems((await same(rebase, '2027-01-05T00:00:00+08:00')).overdue.items)).toEqual([
    [id(1), '2026-03-02T04:00:00.000Z', null],
    [id(3), '2026-03-02T09:00:00.000Z', null],
    [id(4), '2027-01-04T15:59:59.000Z', null],
  ])
  // After it: due Tue 1-05 — not overdue in its last millisecond, overdue from 1-06 00:00.
  await model.apply(log.slice(rebase))
  expect(dispatchItems((await same(log.length, '2027-01-05T23:59:59.999+08:00')).overdue.items).map(([c]) => c)).toEqual([id(1), id(3)])
  expect(dispatchItems((await same(log.length, '2027-01-06T00:00:00+08:00')).overdue.items)).toEqual([
    [id(1), '2026-03-02T04:00:00.000Z', null],
    [id(3), '2026-03-02T09:00:00.000Z', null],
    [id(4), '2027-01-05T15:59:59.000Z', null],
  ])
}
