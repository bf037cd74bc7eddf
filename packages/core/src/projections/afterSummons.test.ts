import { describe, expect, it } from 'vitest'
import type { ComplaintCommand } from '../complaint/commands.js'
import { actors, command, DISPUTE_ID, registration, run, units, type Run } from '../complaint/fixtures.js'
import { dashboardView } from './dashboard.js'
import { dashboardOfRuns } from './fixtures.js'

// 退单 and 导入调解 after 吹哨 (DOMAIN.md "Complaint": departments summoned must report within a deadline; "Dashboards": a
// case returned counts for the unit it is finally with, a referred one stays in the figures and on the overdue list until
// its dispute concludes). The log is the decider's own events; each figure is counted by hand in its comment.
//
// Each case: registered Mon 3-02 09:00, dispatched to the street 10:00, signed for 11:00, the street summons housing at
// 12:00 — 报到 within 2 working days: Tue 3-03 (1), Wed 3-04 (2), by 3-04 23:59:59, overdue from Thu 3-05 00:00.
const id = (n: number) => `00000000-0000-4000-8000-0000000062${String(n).padStart(2, '0')}`
const T = (day: string, time: string) => `2026-03-${day}T${time}+08:00`

const summoned = (n: number): ComplaintCommand[] => [
  command('RegisterComplaint', actors.operator, T('02', '09:00:00'), registration({ id: id(n) })),
  command('AcceptComplaint', actors.operator, T('02', '09:10:00'), {}),
  command('DispatchComplaint', actors.operator, T('02', '10:00:00'), { unit: units.street }),
  command('AcknowledgeComplaint', actors.streetOfficer, T('02', '11:00:00'), {}),
  command('SummonDepartments', actors.streetOfficer, T('02', '12:00:00'), { departments: [units.housing], reason: '供热管网涉及住建' }),
]
const returned = (day: string, time: string) => command('ReturnComplaint', actors.streetOfficer, T(day, time), { reason: '经部门会商, 非本街道职责' })
const referred = (day: string, time: string) =>
  command('ReferToMediation', actors.operator, T(day, time), { disputeId: DISPUTE_ID, disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '邻里纠纷' })
const arrives = (day: string, time: string) => command('ReportArrival', actors.housingOfficer, T(day, time), { unitId: units.housing.id })

const histories: readonly Run[] = [
  // 1: returned Tue 3-03 10:00, before the 报到 deadline; housing never came — it owes nothing (uncounted).
  run([...summoned(1), returned('03', '10:00:00')]),
  // 2: returned Thu 3-05 10:00, after the deadline closed (3-05 00:00); housing never came — overdue 00:00–10:00, then
  // off the list, and late for good (1 due, 0 on time).
  run([...summoned(2), returned('05', '10:00:00')]),
  // 3: housing came Tue 3-03 09:00 (on time), reported its part and was rated satisfied; then returned 3-03 15:00.
  run([
    ...summoned(3),
    arrives('03', '09:00:00'),
    command('ReportDepartmentPart', actors.housingOfficer, T('03', '10:00:00'), { unitId: units.housing.id, report: '已到场勘查' }),
    command('RateDepartmentHelp', actors.streetOfficer, T('03', '11:00:00'), { unitId: units.housing.id, rating: 'satisfied', comment: '配合及时' }),
    returned('03', '15:00:00'),
  ]),
  // 4: referred to mediation Tue 3-03 09:00; housing came Wed 3-04 15:00 while the dispute runs (on time).
  run([...summoned(4), referred('03', '09:00:00'), arrives('04', '15:00:00')]),
  // 5: referred Tue 3-03 09:00; housing came Thu 3-05 09:00, late — overdue 00:00–09:00.
  run([...summoned(5), referred('03', '09:00:00'), arrives('05', '09:00:00')]),
  // 6: referred Tue 3-03 09:00; housing never came — overdue from 3-05 00:00 while the dispute runs, late.
  run([...summoned(6), referred('03', '09:00:00')]),
]

// A referral carries no `at`: each event without one is timed as the one before it (dashboardOfRuns).
const state = dashboardOfRuns(histories)
const arrivalsOverdue = (asOf: string) =>
  dashboardView(state, { asOf }).overdue.items.filter((i) => i.deadlineKind === 'arrival').map((i) => [i.caseId, i.unitId ?? null])
const march = { from: T('01', '00:00:00'), to: '2026-04-01T00:00:00+08:00', asOf: T('10', '12:00:00') }
const unitOf = (unitId: string) => dashboardView(state, march).units.find((u) => u.unit.id === unitId)

describe('吹哨 followed by 退单 or 导入调解: the summoned department’s 报到', () => {
  it('is overdue from Thu 3-05 00:00 for the cases it has not come to and whose round still runs (returned or referred alike)', () => {
    // 3-04 23:59:59.999: none yet.
    expect(arrivalsOverdue(T('04', '23:59:59.999'))).toEqual([])
    // 3-05 00:00: 2 (returned only at 10:00), 5 (comes at 09:00), 6 — not 1 (returned before), 3 (came), 4 (came).
    expect(arrivalsOverdue(T('05', '00:00:00')).sort()).toEqual([[id(2), 'saihan-housing'], [id(5), 'saihan-housing'], [id(6), 'saihan-housing']])
    // 3-05 09:30: 5 came at 09:00.
    expect(arrivalsOverdue(T('05', '09:30:00')).sort()).toEqual([[id(2), 'saihan-housing'], [id(6), 'saihan-housing']])
    // 3-05 10:00: 2 returned — its round ended with its summons.
    expect(arrivalsOverdue(T('05', '10:00:00'))).toEqual([[id(6), 'saihan-housing']])
    // 3-10 12:00: 6 still referred, housing still owes its 报到.
    expect(arrivalsOverdue(T('10', '12:00:00'))).toEqual([[id(6), 'saihan-housing']])
  })

  it('counts against housing in March: due 2, 3, 4, 5, 6 (not 1, returned before its deadline), on time 3 and 4', () => {
    // 3: came on time; 4: came on time while referred; 2: passed before the return; 5: came late; 6: open past it.
    expect(unitOf('saihan-housing')?.arrivals).toEqual({ due: 5, onTime: 2, onTimeRate: 0.4 })
    // Its help was rated once (3, before the return).
    expect(unitOf('saihan-housing')?.helpRatings).toEqual({ rated: 1, satisfied: 1, basicallySatisfied: 0, unsatisfied: 0, satisfactionRate: 1 })
  })

  it('leaves the street its returns (1, 2, 3): it was not summoned', () => {
    expect(unitOf('wulan-street')?.returns).toBe(3)
    expect(unitOf('wulan-street')?.arrivals).toEqual({ due: 0, onTime: 0, onTimeRate: null })
  })
})
