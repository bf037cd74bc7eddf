import { describe, expect, it } from 'vitest'
import { actors, command, registration, run, units } from '../complaint/fixtures.js'
import { dashboardView } from './dashboard.js'
import { dashboardOfRuns } from './fixtures.js'

// 信访: the handling period is 60 days from acceptance (信访工作条例 art. 34), whoever has the case — the accepting office
// before the dispatch, the unit after it, the office again after a 退单 — so its 临期 window (DOMAIN.md "Dashboards":
// due soon with at most 20% of the time left) is the 60 days', from the acceptance, not from the dispatch that handed it on.
//
// By hand: registered and accepted Mon 2026-03-02 (09:00, 10:00). Day 60 after 03-02 (not counted: 民法典 art. 201) is
// 05-01 (29 days to 03-31, 30 of April: 59 on 04-30), 劳动节 (2026 notice: 05-01..05-05 off) → Wed 05-06, to 24:00
// (written 23:59:59). Its time, 03-02 10:00 → 05-06 23:59:59, is 65 d 13:59:59 = 5 666 399 s; the last fifth,
// 1 133 279.8 s = 13 d 2 h 47 min 59.8 s, starts 04-23 21:11:59.2. The case is dispatched late (派单 was due 03-17), on
// Sat 04-25 10:00, returned (退单) Mon 04-27 10:00 and dispatched again Tue 04-28 10:00: at each step the deadline and its
// window stay what they are. (From the dispatch, 04-25 10:00 → 05-06 23:59:59 is 11 d 13:59:59, its last fifth from
// 05-04 16:23:59.2: dispatching the case took it off the due-soon list for nine days.)
const id = '00000000-0000-4000-8000-000000007101'
const T = (day: string, time = '10:00:00') => `2026-${day}T${time}+08:00`
const DEADLINE = '2026-05-06T15:59:59.000Z'

const history = run([
  command('RegisterComplaint', actors.operator, T('03-02', '09:00:00'), registration({ id, category: 'law-related' })),
  command('AcceptComplaint', actors.operator, T('03-02'), {}),
  command('DispatchComplaint', actors.operator, T('04-25'), { unit: units.grid }),
  command('ReturnComplaint', actors.gridWorker, T('04-27'), { reason: '不属于本网格' }),
  command('DispatchComplaint', actors.operator, T('04-28'), { unit: units.community }),
])
const state = dashboardOfRuns([history])
const soon = (asOf: string) => dashboardView(state, { asOf }).overdue.dueSoon.items.filter((i) => i.deadlineKind === 'result').map((i) => [i.deadline, i.unitId ?? null])

describe('信访: the 60 days are due soon by their own time, whoever has the case', () => {
  it('the decider counts day 60 as Wed 05-06 24:00, at acceptance and at each dispatch', () => {
    const resultBys = history.events.filter((e) => e.type === 'ComplaintAccepted' || e.type === 'ComplaintDispatched').map((e) => (e.data as { resultBy?: string }).resultBy)
    expect(resultBys).toEqual(['2026-05-06T23:59:59+08:00', '2026-05-06T23:59:59+08:00', '2026-05-06T23:59:59+08:00'])
  })
  it('with the accepting office: due soon from 04-23 21:11:59.2, not at 21:11:59.1', () => {
    expect(soon(T('04-23', '21:11:59.100'))).toEqual([])
    expect(soon(T('04-23', '21:11:59.200'))).toEqual([[DEADLINE, null]])
  })
  it('dispatched 04-25 10:00: still due soon, now the unit’s', () => {
    expect(soon(T('04-25', '09:59:59'))).toEqual([[DEADLINE, null]])
    expect(soon(T('04-25', '11:00:00'))).toEqual([[DEADLINE, units.grid.id]])
  })
  it('returned 04-27 10:00: due soon, the office’s again; dispatched again 04-28 10:00: the new unit’s', () => {
    expect(soon(T('04-27', '11:00:00'))).toEqual([[DEADLINE, null]])
    expect(soon(T('04-28', '11:00:00'))).toEqual([[DEADLINE, units.community.id]])
  })
})

// An approved extension (信访工作条例 art. 34: at most 30 days) is a fresh grant of time: its window starts at the
// approval, and a 退单 and a redispatch keep that window as they keep the deadline. Same case, dispatched on time
// (Tue 03-10 10:00); 30 days asked 04-20, approved Tue 04-21 10:00: counted on from day 60's end, Wed 05-06, day 30 is
// Fri 06-05, a working day → 06-05 24:00. 04-21 10:00 → 06-05 23:59:59 is 45 d 13:59:59 = 3 938 399 s; the last fifth,
// 787 679.8 s = 9 d 2 h 47 min 59.8 s, starts 05-27 21:11:59.2. Returned Wed 05-20, dispatched again Thu 05-21 10:00.
// (From the redispatch, 05-21 10:00 → 06-05 23:59:59, its last fifth would start only 06-02 21:11:59.2.)
describe('信访: an extension’s window outlives a 退单 and the redispatch', () => {
  const extendedId = '00000000-0000-4000-8000-000000007102'
  const extended = run([
    command('RegisterComplaint', actors.operator, T('03-02', '09:00:00'), registration({ id: extendedId, category: 'law-related' })),
    command('AcceptComplaint', actors.operator, T('03-02'), {}),
    command('DispatchComplaint', actors.operator, T('03-10'), { unit: units.grid }),
    command('AcknowledgeComplaint', actors.gridWorker, T('03-10', '11:00:00'), {}),
    command('RequestExtension', actors.gridWorker, T('04-20'), { days: 30, reason: '需司法鉴定' }),
    command('ApproveExtension', actors.supervisor, T('04-21'), {}),
    command('ReturnComplaint', actors.gridWorker, T('05-20'), { reason: '不属于本网格' }),
    command('DispatchComplaint', actors.operator, T('05-21'), { unit: units.community }),
  ])
  const s = dashboardOfRuns([extended])
  const soonOf = (asOf: string) => dashboardView(s, { asOf }).overdue.dueSoon.items.filter((i) => i.deadlineKind === 'result').map((i) => [i.deadline, i.unitId ?? null])
  const END = '2026-06-05T15:59:59.000Z'
  it('the redispatch carries the extended deadline, Fri 06-05 24:00', () => {
    expect((extended.events.at(-1)?.data as { resultBy?: string }).resultBy).toBe('2026-06-05T23:59:59+08:00')
  })
  it('due soon from 05-27 21:11:59.2 with the community, not at 21:11:59.1', () => {
    expect(soonOf(T('05-27', '21:11:59.100'))).toEqual([])
    expect(soonOf(T('05-27', '21:11:59.200'))).toEqual([[END, units.community.id]])
  })
})
