import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import { actors, command, registration, run, units, type Run } from '../complaint/fixtures.js'
import type { ComplaintCommand } from '../complaint/commands.js'
import type { ComplaintEvent } from '../complaint/events.js'
import type { HandlingUnit } from '../complaint/unit.js'
import type { Actor } from '../kernel/actor.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { complaintDraft } from './fixtures.js'
import { replay } from './projection.js'

// DOMAIN.md "Time" and 民法典 art. 203 para. 2 (期间的最后一日的截止时间为二十四时): a day deadline, stored as the last second of
// its day (`2026-03-23T23:59:59+08:00`), runs to 24:00 China time; the server stamps milliseconds. The log is the
// decider's own events. Every case is dispatched Mon 3-02 10:00 (heating, normal): 15 working days, 3-03..3-06 (4),
// 3-09..13 (9), 3-16..20 (14), Mon 3-23 (15) — result due 2026-03-23T23:59:59+08:00.
const id = (n: number) => `00000000-0000-4000-8000-0000000051${String(n).padStart(2, '0')}`
const LAST = (ms: string) => `2026-03-23T23:59:59.${ms}+08:00`
const MIDNIGHT = '2026-03-24T00:00:00.000+08:00'
const MIDNIGHT_OF_ARRIVAL = '2026-03-05T00:00:00.000+08:00'

const dispatched = (n: number, unit: HandlingUnit = units.grid, handler: Actor = actors.gridWorker): ComplaintCommand[] => [
  command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ id: id(n) })),
  command('AcceptComplaint', actors.operator, '2026-03-02T09:10:00+08:00', {}),
  command('DispatchComplaint', actors.operator, '2026-03-02T10:00:00+08:00', { unit }),
  command('AcknowledgeComplaint', handler, '2026-03-02T11:00:00+08:00', {}),
]
const submit = (at: string, handler: Actor = actors.gridWorker) => command('SubmitResult', handler, at, { result: '已处理', outcome: 'resolved' })

// 1–4: results at 23:59:59.000, .500, .999 and at 24:00 (the next day's 00:00:00.000); 5: never done.
// 6: led by the street, which summons housing and environment at 3-02 12:00: 报到 within 2 working days, by Wed 3-04
// (3-03, 3-04) 23:59:59; housing reports at 3-04 23:59:59.999 (on time), environment at 3-05 00:00 (late).
const histories: Run[] = [
  run([...dispatched(1), submit(LAST('000'))]),
  run([...dispatched(2), submit(LAST('500'))]),
  run([...dispatched(3), submit(LAST('999'))]),
  run([...dispatched(4), submit(MIDNIGHT)]),
  run(dispatched(5)),
  run([
    ...dispatched(6, units.street, actors.streetOfficer),
    command('SummonDepartments', actors.streetOfficer, '2026-03-02T12:00:00+08:00', { departments: [units.housing, units.environment], reason: '多部门' }),
    command('ReportArrival', actors.housingOfficer, '2026-03-04T23:59:59.999+08:00', { unitId: units.housing.id }),
    command('ReportArrival', actors.environmentOfficer, '2026-03-05T00:00:00.000+08:00', { unitId: units.environment.id }),
    submit('2026-03-10T10:00:00+08:00', actors.streetOfficer),
  ]),
]
// Every event of these histories carries its time (only a referral to mediation does not, and none is here).
const atOf = (e: ComplaintEvent): string => (e.data as { readonly at: string }).at
const log = sealLog(
  histories
    .flatMap((h) => h.events)
    .sort((a, b) => Date.parse(atOf(a)) - Date.parse(atOf(b)))
    .map((e) => complaintDraft(e.data.complaintId, e.type, atOf(e), e.data)),
)
const state = replay(dashboardProjection, log)
const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }
const view = (asOf: string) => dashboardView(state, { ...MARCH, asOf })

describe('a complaint day deadline ends at 24:00 China time', () => {
  it('the overdue list: not overdue in the last second of the due day (due soon), overdue from 24:00', () => {
    // Open then: at .000 cases 2, 3, 4, 5 (1 submitted at that instant); at .500 3, 4, 5; at .999 4, 5; at 24:00 only 5.
    const dueSoon = { '000': 4, '500': 3, '999': 2 }
    for (const [ms, open] of Object.entries(dueSoon)) {
      const o = view(LAST(ms)).overdue
      expect(o.byKind.result, ms).toBe(0)
      expect(o.dueSoon.byKind.result, ms).toBe(open)
    }
    const o = view(MIDNIGHT).overdue
    expect(o.byKind.result).toBe(1)
    expect(o.items.map((i) => [i.caseId, i.deadlineKind, i.deadline])).toEqual([[id(5), 'result', '2026-03-23T15:59:59.000Z']])
  })

  it('the rates: results in the last second are on time, at 24:00 late; a round open at 23:59:59.999 is not yet late', () => {
    // Cases 1–6 have their result deadline on 3-23: 1–3 on time; 4 late; 5 still open past it, late; 6 on time (3-10).
    expect(view('2026-03-25T12:00:00+08:00').rates).toMatchObject({ results: 6, resultsOnTime: 4 })
    // At 23:59:59.999 the results of 1–3 and 6 are in, and 4 and 5 are still running, not late.
    expect(view(LAST('999')).rates).toMatchObject({ results: 4, resultsOnTime: 4 })
  })

  it('unit evaluation: a 报到 in the last millisecond of its day is on time, at 24:00 late; the grid results likewise', () => {
    const units_ = view('2026-03-25T12:00:00+08:00').units
    const of = (unitId: string) => units_.find((u) => u.unit.id === unitId)
    expect(of(units.housing.id)?.arrivals).toMatchObject({ due: 1, onTime: 1 })
    expect(of(units.environment.id)?.arrivals).toMatchObject({ due: 1, onTime: 0 })
    expect(of(units.grid.id)).toMatchObject({ results: 5, resultsOnTime: 3 })
  })
})

describe('a 报到 whose round ended (重办) in the last second of its day', () => {
  // Led by the street, which summons housing at 3-02 12:00 (报到 by Wed 3-04 23:59:59, running to 24:00); housing never
  // reports; the street's result (3-03), unsatisfied, and the case is reopened (重办), ending the round and its 报到: 7 at
  // 3-04 23:59:59.500, before the 报到 closed (neither due nor late), 8 at 3-05 00:00 (due and late).
  const returned = (n: number, at: string): Run =>
    run([
      ...dispatched(n, units.street, actors.streetOfficer),
      command('SummonDepartments', actors.streetOfficer, '2026-03-02T12:00:00+08:00', { departments: [units.housing], reason: '多部门' }),
      submit('2026-03-03T10:00:00+08:00', actors.streetOfficer),
      command('NotifyComplainant', actors.operator, '2026-03-03T11:00:00+08:00', { method: 'phone' }),
      command('EvaluateComplaint', actors.resident, '2026-03-04T09:00:00+08:00', { rating: 'unsatisfied' }),
      command('ReopenComplaint', actors.operator, at, { reason: '仍不热' }),
    ])
  const housingAt = (history: Run, asOf: string) => {
    const events = sealLog(history.events.map((e) => complaintDraft(e.data.complaintId, e.type, atOf(e), e.data)))
    return dashboardView(replay(dashboardProjection, events), { ...MARCH, asOf }).units.find((u) => u.unit.id === units.housing.id)?.arrivals
  }

  it('is not due when the round ended before 24:00, and due and late when it ended at 24:00', () => {
    expect(housingAt(returned(7, '2026-03-04T23:59:59.500+08:00'), '2026-03-10T12:00:00+08:00') ?? { due: 0, onTime: 0 }).toMatchObject({ due: 0, onTime: 0 })
    expect(housingAt(returned(8, MIDNIGHT_OF_ARRIVAL), '2026-03-10T12:00:00+08:00')).toMatchObject({ due: 1, onTime: 0 })
  })
})
