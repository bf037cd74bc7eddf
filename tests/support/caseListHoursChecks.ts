// What every case list read model must hold of an hours deadline at 23:59:59 China time (DOMAIN.md "Complaint": 签收
// 2 h / 24 h, the 12345 派单 2 h, a deployment's 报到 window in hours): an instant, met up to and including itself, as its
// event's stamp says (`hours: true`, `acknowledgeCalendar`) — the `overdue=true` filter and each row's `overdue` flag
// see it from 23:59:59.001, not from 24:00 as a day deadline (民法典 art. 203 para. 2), as the dashboards do
// (tests/hours-at-day-end-stores.test.ts). The SQLite suite (tests/case-list-hours-at-day-end.test.ts) and the PostgreSQL
// twin (tests/postgres/case-list-hours-at-day-end.test.ts) run it. The log is the decider's own events, worked by hand:
//   1: registered Tue 3-03 21:00, accepted 21:59:59 (normal): 派单 within 2 h → 3-03 23:59:59.000; never dispatched.
//   2: dispatched Mon 3-02 23:59:59 (normal, to the grid): 签收 within 24 h → 3-03 23:59:59.000; never signed for.
//   3: dispatched Mon 3-02 10:00 to the street, signed for 11:00, which summons the housing bureau at 23:59:59 under a
//      报到 window of 24 h → 3-03 23:59:59.000; the bureau never reports.
// Each has its result deadline (days) far later; nothing else runs.
import type { CaseListReadModel } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import type { RecordedEvent } from '@gridcase/core'
import { expect } from 'vitest'
import { actors, command, historyUntil, run, units } from '../../packages/core/src/complaint/fixtures.js'
import { hoursAtDayEndHistories, logOfHistories } from '../../packages/core/src/projections/fixtures.js'

const id = (n: number) => `00000000-0000-4000-8000-0000000054${String(n).padStart(2, '0')}`
const ARRIVAL_IN_HOURS = { arrivalWithin: { unit: 'hours', amount: 24 } } as const
const histories = [
  ...hoursAtDayEndHistories(id),
  run(
    [command('SummonDepartments', actors.streetOfficer, '2026-03-02T23:59:59+08:00', { departments: [units.housing], reason: '供热管网涉及住建' })],
    ARRIVAL_IN_HOURS,
    historyUntil('acknowledged', units.street, actors.streetOfficer, ARRIVAL_IN_HOURS),
  ),
]
const DUE = '2026-03-03T23:59:59+08:00'
const ids = histories.map((h) => (h.events[0]?.data as { complaintId: string }).complaintId)
export const hoursAtDayEndLog = (): RecordedEvent[] => logOfHistories(histories)

const admin: Actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' }

export const checkHoursAtDayEndList = async (model: CaseListReadModel): Promise<void> => {
  // The deciders wrote the three deadlines at 23:59:59.000, counted in hours (the 派单's, the 签收's, the 报到's).
  const last = histories.map((h) => h.events.at(-1)?.data as { dispatchBy?: string; acknowledgeBy?: string; reportBy?: string })
  expect([last[0]?.dispatchBy, last[1]?.acknowledgeBy, last[2]?.reportBy]).toEqual([DUE, DUE, DUE])
  await model.reset()
  await model.apply(hoursAtDayEndLog())
  const all = [...ids].sort()
  const listed = async (iso: string, overdue?: boolean) =>
    (await model.list({ kind: 'complaints', actor: admin, now: Date.parse(iso), limit: 10, ...(overdue === undefined ? {} : { overdue }) })).items
  for (const [iso, overdue] of [
    ['2026-03-03T23:59:58+08:00', []],
    ['2026-03-03T23:59:59.000+08:00', []],
    ['2026-03-03T23:59:59.001+08:00', all],
    ['2026-03-03T23:59:59.500+08:00', all],
    ['2026-03-03T23:59:59.999+08:00', all],
  ] as const) {
    expect((await listed(iso, true)).map((i) => i.caseId).sort(), iso).toEqual(overdue)
    expect((await listed(iso, false)).map((i) => i.caseId).sort(), iso).toEqual(all.filter((c) => !overdue.includes(c as never)))
    expect((await listed(iso)).filter((i) => i.overdue).map((i) => i.caseId).sort(), iso).toEqual(overdue)
  }
}

/** The cases on the list's `overdue=true` at `iso` (the kept-format tests read it after a rebuild). */
export const listedOverdueAt = async (model: CaseListReadModel, iso: string): Promise<string[]> =>
  (await model.list({ kind: 'complaints', actor: admin, now: Date.parse(iso), overdue: true, limit: 10 })).items.map((i) => i.caseId).sort()

/** Every case of the log (all three overdue at 23:59:59.500), sorted. */
export const HOURS_CASES: readonly string[] = [...ids].sort()

/** What /14 kept as each row's `next_closes`: the deadline read as a day's end, closing at 24:00. */
export const CLOSES_AS_DAY = Date.parse('2026-03-04T00:00:00+08:00')
