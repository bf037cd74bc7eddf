import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../access/actor.js'
import { fold } from '../kernel/decider.js'
import type { DomainError, DomainErrorCode } from '../kernel/errors.js'
import type { ComplaintCommand } from './commands.js'
import type { ComplaintEvent } from './events.js'
import {
  actors,
  CASE_ID,
  command,
  DISPUTE_ID,
  GRID,
  historyUntil,
  meta,
  OTHER_CASE_ID,
  registration,
  run,
  units,
  type Run,
} from './fixtures.js'
import { complaintDecider } from './index.js'
import type { ComplaintCase, ComplaintState } from './state.js'

// Deadlines name the calendar that counted them: the shipped schedules (2026 is in them).
const SHIPPED_CALENDAR = { id: 'chinese-workdays', version: 'chinese-days@1.5.7' }

const decider = complaintDecider()
const given = (history: Run | readonly ComplaintEvent[]): ComplaintState =>
  fold(decider, 'events' in history ? history.events : history)
const when = (state: ComplaintState, cmd: ComplaintCommand) => decider.decide(cmd, state)
const raw = (type: string, actor: Actor, at: string, data: unknown): ComplaintCommand =>
  ({ type, data, meta: meta(actor, at) }) as unknown as ComplaintCommand

const thenEvents = (result: E.Either<DomainError, readonly ComplaintEvent[]>): readonly ComplaintEvent[] => {
  if (E.isLeft(result)) throw new Error(`expected events, got ${result.left.code}: ${result.left.message}`)
  return result.right
}
const thenError = (result: E.Either<DomainError, readonly ComplaintEvent[]>, code: DomainErrorCode): DomainError => {
  if (E.isRight(result)) throw new Error(`expected ${code}, got events ${result.right.map((e) => e.type).join(', ')}`)
  expect(result.left.code, result.left.message).toBe(code)
  return result.left
}
const thenPaths = (result: E.Either<DomainError, readonly ComplaintEvent[]>): readonly string[] => {
  const error = thenError(result, 'validation')
  return error.code === 'validation' ? error.errors.map((e) => e.path) : []
}
const caseOf = (state: ComplaintState): ComplaintCase => {
  if (state.status === 'none') throw new Error('no case')
  return state
}
const after = (state: ComplaintState, events: readonly ComplaintEvent[]) => fold(decider, events, state)

const T = (local: string) => `2026-03-${local}+08:00`
const cmd = command

describe('register (登记)', () => {
  it('an operator registers for a resident: the case is the resident’s, under the standard policy', () => {
    const events = thenEvents(when({ status: 'none' }, cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration())))
    expect(events).toEqual([
      {
        type: 'ComplaintRegistered',
        data: expect.objectContaining({ complaintId: CASE_ID, at: T('02T09:00:00'), urgency: 'normal', ownerId: 'resident-1', policy: 'standard-normal', jurisdiction: GRID }),
      },
    ])
    expect(events[0]?.data).not.toHaveProperty('acceptBy')
  })

  it('a resident registers their own case, whoever the data names', () => {
    const data = registration({ complainant: { name: '王五', phone: '0471-6612345', residentId: 'someone-else' }, urgency: undefined })
    const [registered] = thenEvents(when({ status: 'none' }, cmd('RegisterComplaint', actors.otherResident, T('02T09:00:00'), data)))
    expect(registered?.data).toMatchObject({ ownerId: 'resident-2', urgency: 'normal', complainant: { residentId: 'resident-2', phone: '0471-6612345' } })
  })

  it('a grid worker registers what they found on a visit (no owner)', () => {
    const data = registration({ channel: 'grid-visit', complainant: { name: '王五', phone: '13800138000' } })
    const [registered] = thenEvents(when({ status: 'none' }, cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), data)))
    expect(registered?.data).not.toHaveProperty('ownerId')
  })

  it('an operator answers a consultation and closes it at once', () => {
    const data = registration({ kind: 'consultation', answer: '供暖期为10月15日至次年4月15日。' })
    const events = thenEvents(when({ status: 'none' }, cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), data)))
    expect(events.map((e) => e.type)).toEqual(['ComplaintRegistered', 'ComplaintClosed'])
    expect(events[1]?.data).toMatchObject({ closedAs: 'answered', answer: '供暖期为10月15日至次年4月15日。' })
    expect(after({ status: 'none' }, events).status).toBe('closed')
  })

  it('a petition-policy category (涉法涉诉) gets an accept-or-not deadline 15 days out', () => {
    const [registered] = thenEvents(
      when({ status: 'none' }, cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration({ category: 'law-related' }))),
    )
    expect(registered?.data).toMatchObject({ policy: 'petition', acceptBy: '2026-03-17T23:59:59+08:00' })
  })

  it('refuses: only a consultation is answered at registration (validation)', () => {
    expect(thenPaths(when({ status: 'none' }, cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration({ answer: 'x' }))))).toEqual(['answer'])
  })

  it('refuses: only the hotline answers a consultation at registration (forbidden)', () => {
    const data = registration({ kind: 'consultation', answer: 'x' })
    thenError(when({ status: 'none' }, cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), data)), 'forbidden')
  })

  it('refuses bad data with the field named', () => {
    const bad = { ...registration(), category: 'weather', complainant: { name: '李四', phone: '12345', idNumber: '150102199001011235' } }
    expect(thenPaths(when({ status: 'none' }, raw('RegisterComplaint', actors.operator, T('02T09:00:00'), bad))).slice().sort()).toEqual([
      'category',
      'complainant.idNumber',
      'complainant.phone',
    ])
    expect(thenPaths(when({ status: 'none' }, raw('RegisterComplaint', actors.operator, T('02T09:00:00'), { ...registration(), id: 'not-a-uuid' })))).toEqual(['id'])
  })

  it('accepts a valid id number', () => {
    const data = registration({ complainant: { name: '李四', phone: '13912345678', idNumber: '11010519491231002X' } })
    thenEvents(when({ status: 'none' }, cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), data)))
  })

  it.each([
    ['an auditor', actors.auditor],
    ['a department officer', actors.housingOfficer],
    ['a mediator', actors.mediator],
    ['an officer of another street', actors.outsider],
  ])('refuses %s (forbidden)', (_who, actor) => {
    thenError(when({ status: 'none' }, cmd('RegisterComplaint', actor, T('02T09:00:00'), registration())), 'forbidden')
  })

  it('refuses to register the same case twice (invalid-transition)', () => {
    thenError(when(given(historyUntil('registered')), cmd('RegisterComplaint', actors.operator, T('02T09:30:00'), registration())), 'invalid-transition')
  })
})

describe('commands on a case that does not exist', () => {
  it('are not-found', () => {
    thenError(when({ status: 'none' }, cmd('AcceptComplaint', actors.operator, T('02T09:10:00'), {})), 'not-found')
  })

  it('an unknown command type is a validation error', () => {
    thenError(when(given(historyUntil('registered')), raw('PaintComplaint', actors.operator, T('02T09:10:00'), {})), 'validation')
  })
})

describe('accept (受理) / reject (不予受理)', () => {
  const registered = () => given(historyUntil('registered'))

  it('a dispatcher accepts a registered case', () => {
    expect(thenEvents(when(registered(), cmd('AcceptComplaint', actors.streetOfficer, T('02T09:10:00'), { note: '属实' })))).toEqual([
      { type: 'ComplaintAccepted', data: { complaintId: CASE_ID, at: T('02T09:10:00'), note: '属实' } },
    ])
  })

  it('a dispatcher rejects with a reason', () => {
    const events = thenEvents(when(registered(), cmd('RejectComplaint', actors.operator, T('02T09:10:00'), { reason: '不属于本市管辖' })))
    expect(events).toEqual([{ type: 'ComplaintRejected', data: { complaintId: CASE_ID, at: T('02T09:10:00'), reason: '不属于本市管辖' } }])
    expect(after(registered(), events).status).toBe('rejected')
  })

  it('refuses a rejection without a reason (validation)', () => {
    expect(thenPaths(when(registered(), raw('RejectComplaint', actors.operator, T('02T09:10:00'), { reason: '  ' })))).toEqual(['reason'])
  })

  it('refuses a grid worker or a resident (forbidden)', () => {
    thenError(when(registered(), cmd('AcceptComplaint', actors.gridWorker, T('02T09:10:00'), {})), 'forbidden')
    thenError(when(registered(), cmd('RejectComplaint', actors.resident, T('02T09:10:00'), { reason: 'x' })), 'forbidden')
  })

  it('refuses to accept or reject twice (invalid-transition)', () => {
    const accepted = given(historyUntil('accepted'))
    thenError(when(accepted, cmd('AcceptComplaint', actors.operator, T('02T09:20:00'), {})), 'invalid-transition')
    thenError(when(accepted, cmd('RejectComplaint', actors.operator, T('02T09:20:00'), { reason: 'x' })), 'invalid-transition')
  })
})

describe('dispatch (派单)', () => {
  const accepted = () => given(historyUntil('accepted'))

  it('sends the case to a lead unit with the deadlines on the event', () => {
    const events = thenEvents(when(accepted(), cmd('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: units.housing })))
    expect(events).toEqual([
      {
        type: 'ComplaintDispatched',
        data: {
          complaintId: CASE_ID,
          at: T('02T10:00:00'),
          unit: units.housing,
          round: 1,
          redispatch: false,
          policy: 'standard-normal',
          acknowledgeBy: T('03T10:00:00'),
          resultBy: T('23T23:59:59'),
          category: 'heating',
          kind: 'complaint',
          urgency: 'normal',
          jurisdiction: GRID,
          calendar: { ...SHIPPED_CALENDAR, from: T('02T10:00:00'), days: 15, unit: 'working-days' },
        },
      },
    ])
    const state = caseOf(after(accepted(), events))
    expect(state).toMatchObject({ status: 'dispatched', lead: units.housing, firstLead: units.housing })
  })

  it('refuses a unit whose area does not cover the case, or whose level does not match its area (validation)', () => {
    expect(thenPaths(when(accepted(), cmd('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: units.otherStreet })))).toEqual(['unit.jurisdiction'])
    const wrongLevel = { ...units.street, level: 'district' }
    expect(thenPaths(when(accepted(), raw('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: wrongLevel })))).toEqual(['unit.level'])
  })

  it('refuses before acceptance (invalid-transition)', () => {
    thenError(when(given(historyUntil('registered')), cmd('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: units.grid })), 'invalid-transition')
  })

  it('refuses a handler (forbidden)', () => {
    thenError(when(accepted(), cmd('DispatchComplaint', actors.gridWorker, T('02T10:00:00'), { unit: units.grid })), 'forbidden')
  })
})

describe('acknowledge (签收)', () => {
  const dispatchedToHousing = () => given(historyUntil('dispatched', units.housing, actors.housingOfficer))

  it('the lead unit acknowledges, on time', () => {
    expect(thenEvents(when(dispatchedToHousing(), cmd('AcknowledgeComplaint', actors.housingOfficer, T('02T11:00:00'), {})))).toEqual([
      {
        type: 'ComplaintAcknowledged',
        data: { complaintId: CASE_ID, at: T('02T11:00:00'), unit: units.housing, after: 'dispatch', acknowledgeBy: T('03T10:00:00'), onTime: true },
      },
    ])
  })

  it('a late acknowledgement is recorded as late', () => {
    const [event] = thenEvents(when(dispatchedToHousing(), cmd('AcknowledgeComplaint', actors.housingOfficer, T('03T10:00:01'), {})))
    expect(event?.data).toMatchObject({ onTime: false })
  })

  it('refuses another department, or an area worker, for a department-led case (forbidden)', () => {
    thenError(when(dispatchedToHousing(), cmd('AcknowledgeComplaint', actors.environmentOfficer, T('02T11:00:00'), {})), 'forbidden')
    thenError(when(dispatchedToHousing(), cmd('AcknowledgeComplaint', actors.streetOfficer, T('02T11:00:00'), {})), 'forbidden')
  })

  it('refuses a grid worker of the grid for a community-led case (forbidden): only the unit or its superiors act for it', () => {
    const state = given(historyUntil('dispatched', units.community, actors.communityWorker))
    thenError(when(state, cmd('AcknowledgeComplaint', actors.gridWorker, T('02T11:00:00'), {})), 'forbidden')
    thenEvents(when(state, cmd('AcknowledgeComplaint', actors.streetOfficer, T('02T11:00:00'), {})))
  })

  it('refuses twice (invalid-transition)', () => {
    thenError(when(given(historyUntil('acknowledged')), cmd('AcknowledgeComplaint', actors.gridWorker, T('02T12:00:00'), {})), 'invalid-transition')
  })
})

describe('escalate (上报)', () => {
  const acknowledged = () => given(historyUntil('acknowledged'))
  const toCommunity = { to: units.community, reason: '需社区协调物业' }

  it('the grid escalates to the community, which takes the lead and acknowledges', () => {
    const events = thenEvents(when(acknowledged(), cmd('EscalateComplaint', actors.gridWorker, T('02T12:00:00'), toCommunity)))
    expect(events).toEqual([
      { type: 'ComplaintEscalated', data: { complaintId: CASE_ID, at: T('02T12:00:00'), from: units.grid, to: units.community, reason: '需社区协调物业' } },
    ])
    const escalated = after(acknowledged(), events)
    expect(caseOf(escalated)).toMatchObject({ status: 'escalated', lead: units.community, firstLead: units.grid })
    thenError(when(escalated, cmd('AcknowledgeComplaint', actors.gridWorker, T('02T13:00:00'), {})), 'forbidden')
    const [ack] = thenEvents(when(escalated, cmd('AcknowledgeComplaint', actors.communityWorker, T('02T13:00:00'), {})))
    expect(ack?.data).toEqual({ complaintId: CASE_ID, at: T('02T13:00:00'), unit: units.community, after: 'escalation' })
  })

  it('refuses to skip a level (validation)', () => {
    expect(thenPaths(when(acknowledged(), cmd('EscalateComplaint', actors.gridWorker, T('02T12:00:00'), { to: units.street, reason: 'x' })))).toEqual([
      'to.level',
    ])
  })

  it('refuses above the city (invalid-transition)', () => {
    const state = given(historyUntil('dispatched', units.city, actors.cityOfficer))
    const acked = after(state, thenEvents(when(state, cmd('AcknowledgeComplaint', actors.cityOfficer, T('02T11:00:00'), {}))))
    thenError(when(acked, cmd('EscalateComplaint', actors.cityOfficer, T('02T12:00:00'), { to: units.city, reason: 'x' })), 'invalid-transition')
  })

  // The counterexample fast-check found (seed -24275255): the escalated-to unit became the lead
  // while still listed as a co-handler, so the case waited for the lead's own co-handling report.
  it('refuses to escalate to a unit that co-handles the case (validation), and the case stays as it was', () => {
    const state = given(historyUntil('acknowledged', units.environment, actors.environmentOfficer))
    const withCity = after(state, thenEvents(when(state, cmd('AddCoHandler', actors.environmentOfficer, T('02T12:00:00'), { unit: units.city }))))
    const result = when(withCity, cmd('EscalateComplaint', actors.environmentOfficer, T('02T12:00:00'), { to: units.city, reason: '原因' }))
    expect(thenPaths(result)).toEqual(['to.id'])
    expect(caseOf(withCity)).toMatchObject({ status: 'acknowledged', lead: units.environment, coHandlers: [{ unit: units.city }] })
  })

  it('refuses to escalate up the levels to a district department that co-handles the case, not to another district unit', () => {
    const climb = (state: ComplaintState, by: Actor, to: (typeof units)[keyof typeof units], ackBy: Actor, hour: string) => {
      const escalated = after(state, thenEvents(when(state, cmd('EscalateComplaint', by, T(`02T${hour}:00:00`), { to, reason: '需上级协调' }))))
      return after(escalated, thenEvents(when(escalated, cmd('AcknowledgeComplaint', ackBy, T(`02T${hour}:30:00`), {}))))
    }
    const state = given(historyUntil('acknowledged'))
    const withHousing = after(state, thenEvents(when(state, cmd('AddCoHandler', actors.gridWorker, T('02T11:30:00'), { unit: units.housing }))))
    const atStreet = climb(climb(withHousing, actors.gridWorker, units.community, actors.communityWorker, '12'), actors.communityWorker, units.street, actors.streetOfficer, '13')
    expect(thenPaths(when(atStreet, cmd('EscalateComplaint', actors.streetOfficer, T('02T14:00:00'), { to: units.housing, reason: '需区住建局牵头' })))).toEqual(['to.id'])
    const [escalated] = thenEvents(when(atStreet, cmd('EscalateComplaint', actors.streetOfficer, T('02T14:00:00'), { to: units.district, reason: '需区级协调' })))
    expect(caseOf(after(atStreet, escalated === undefined ? [] : [escalated]))).toMatchObject({ lead: units.district, coHandlers: [{ unit: units.housing }] })
  })

  it('refuses to escalate to a summoned department (validation)', () => {
    const state = given(historyUntil('acknowledged', units.street, actors.streetOfficer))
    const summoned = after(state, thenEvents(when(state, cmd('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), { departments: [units.housing], reason: '吹哨' }))))
    expect(thenPaths(when(summoned, cmd('EscalateComplaint', actors.streetOfficer, T('02T13:00:00'), { to: units.housing, reason: 'x' })))).toEqual(['to.id'])
  })

  it('refuses before acknowledgement (invalid-transition) and a resident (forbidden)', () => {
    thenError(when(given(historyUntil('dispatched')), cmd('EscalateComplaint', actors.gridWorker, T('02T12:00:00'), toCommunity)), 'invalid-transition')
    thenError(when(acknowledged(), cmd('EscalateComplaint', actors.resident, T('02T12:00:00'), toCommunity)), 'forbidden')
  })
})

describe('summon departments (吹哨) and report arrival (报到)', () => {
  const streetLed = () => given(historyUntil('acknowledged', units.street, actors.streetOfficer))
  const summon = { departments: [units.housing, units.environment], reason: '供热管网涉及多部门' }
  const summoned = () => {
    const state = streetLed()
    return after(state, thenEvents(when(state, cmd('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), summon))))
  }

  it('the street summons departments', () => {
    expect(thenEvents(when(streetLed(), cmd('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), summon)))).toEqual([
      {
        type: 'ComplaintDepartmentsSummoned',
        data: { complaintId: CASE_ID, at: T('02T12:00:00'), by: units.street, departments: [units.housing, units.environment], reason: '供热管网涉及多部门' },
      },
    ])
    expect(caseOf(summoned()).status).toBe('departments-summoned')
  })

  it('refuses no departments, a unit without a department, or one summoned twice (validation)', () => {
    expect(thenPaths(when(streetLed(), raw('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), { departments: [], reason: 'x' })))).toEqual([
      'departments',
    ])
    expect(thenPaths(when(streetLed(), raw('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), { departments: [units.district], reason: 'x' })))).toEqual([
      'departments[0].department',
    ])
    expect(thenPaths(when(summoned(), cmd('SummonDepartments', actors.streetOfficer, T('02T13:00:00'), { departments: [units.housing], reason: 'x' })))).toEqual([
      'departments[0].id',
    ])
  })

  it('refuses a department that is not the lead (forbidden)', () => {
    thenError(when(summoned(), cmd('SummonDepartments', actors.housingOfficer, T('02T13:00:00'), { departments: [units.environment], reason: 'x' })), 'forbidden')
  })

  it('a summoned department reports arrival, once', () => {
    const events = thenEvents(when(summoned(), cmd('ReportArrival', actors.housingOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })))
    expect(events).toEqual([{ type: 'ComplaintDepartmentArrived', data: { complaintId: CASE_ID, at: T('02T14:00:00'), unit: units.housing } }])
    const arrived = after(summoned(), events)
    expect(caseOf(arrived).summoned.find((s) => s.unit.id === 'saihan-housing')?.arrivedAt).toBe(T('02T14:00:00'))
    thenError(when(arrived, cmd('ReportArrival', actors.housingOfficer, T('02T15:00:00'), { unitId: 'saihan-housing' })), 'invalid-transition')
  })

  it('refuses an unknown unit (validation), another department or a street officer (forbidden), and before a summons (invalid-transition)', () => {
    expect(thenPaths(when(summoned(), cmd('ReportArrival', actors.housingOfficer, T('02T14:00:00'), { unitId: 'nobody' })))).toEqual(['unitId'])
    thenError(when(summoned(), cmd('ReportArrival', actors.environmentOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })), 'forbidden')
    thenError(when(summoned(), cmd('ReportArrival', actors.streetOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })), 'forbidden')
    const withHousing = given(historyUntil('acknowledged', units.housing, actors.housingOfficer))
    thenError(when(withHousing, cmd('ReportArrival', actors.housingOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })), 'invalid-transition')
  })

  it('a summoned department may still report after the case was escalated', () => {
    const state = summoned()
    const escalated = after(state, thenEvents(when(state, cmd('EscalateComplaint', actors.streetOfficer, T('02T13:00:00'), { to: units.district, reason: '需区级协调' }))))
    expect(caseOf(escalated).status).toBe('escalated')
    thenEvents(when(escalated, cmd('ReportArrival', actors.environmentOfficer, T('02T14:00:00'), { unitId: 'saihan-env' })))
  })

  it('a summoned department officer may act on the case; before the summons they may not', () => {
    thenError(when(streetLed(), cmd('ReportArrival', actors.housingOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })), 'forbidden')
  })
})

describe('co-handling (协办)', () => {
  const housingLed = () => given(historyUntil('acknowledged', units.housing, actors.housingOfficer))
  const withCoHandler = () => {
    const state = housingLed()
    return after(state, thenEvents(when(state, cmd('AddCoHandler', actors.housingOfficer, T('02T12:00:00'), { unit: units.environment, task: '查噪音' }))))
  }

  it('the lead adds a co-handling unit, which reports its part', () => {
    expect(caseOf(withCoHandler()).coHandlers).toEqual([{ unit: units.environment, task: '查噪音' }])
    const events = thenEvents(when(withCoHandler(), cmd('ReportCoHandling', actors.environmentOfficer, T('03T12:00:00'), { unitId: 'saihan-env', report: '已检测' })))
    expect(events).toEqual([{ type: 'ComplaintCoHandlingReported', data: { complaintId: CASE_ID, at: T('03T12:00:00'), unit: units.environment, report: '已检测' } }])
    const reported = after(withCoHandler(), events)
    thenError(when(reported, cmd('ReportCoHandling', actors.environmentOfficer, T('03T13:00:00'), { unitId: 'saihan-env', report: 'again' })), 'invalid-transition')
  })

  it('the lead cannot submit its result before every co-handler has reported (invalid-transition)', () => {
    const submit = cmd('SubmitResult', actors.housingOfficer, T('03T12:00:00'), { result: '已处理', outcome: 'resolved' })
    thenError(when(withCoHandler(), submit), 'invalid-transition')
    const reported = after(withCoHandler(), thenEvents(when(withCoHandler(), cmd('ReportCoHandling', actors.environmentOfficer, T('03T11:00:00'), { unitId: 'saihan-env', report: 'ok' }))))
    thenEvents(when(reported, submit))
  })

  it('refuses the lead itself or a duplicate (validation), a non-lead (forbidden), before acknowledgement (invalid-transition)', () => {
    expect(thenPaths(when(housingLed(), cmd('AddCoHandler', actors.housingOfficer, T('02T12:00:00'), { unit: units.housing })))).toEqual(['unit.id'])
    expect(thenPaths(when(withCoHandler(), cmd('AddCoHandler', actors.housingOfficer, T('02T13:00:00'), { unit: units.environment })))).toEqual(['unit.id'])
    thenError(when(withCoHandler(), cmd('AddCoHandler', actors.environmentOfficer, T('02T13:00:00'), { unit: units.street })), 'forbidden')
    thenError(
      when(given(historyUntil('dispatched', units.housing, actors.housingOfficer)), cmd('AddCoHandler', actors.housingOfficer, T('02T12:00:00'), { unit: units.environment })),
      'invalid-transition',
    )
  })

  it('refuses a report from a unit that is not co-handling (validation) or for another unit (forbidden)', () => {
    expect(thenPaths(when(withCoHandler(), cmd('ReportCoHandling', actors.environmentOfficer, T('03T12:00:00'), { unitId: 'saihan-housing', report: 'x' })))).toEqual([
      'unitId',
    ])
    thenError(when(withCoHandler(), cmd('ReportCoHandling', actors.housingOfficer, T('03T12:00:00'), { unitId: 'saihan-env', report: 'x' })), 'forbidden')
  })
})

describe('extension (延期)', () => {
  const acknowledged = () => given(historyUntil('acknowledged'))
  const request = (days = 5, at = T('10T10:00:00')) => cmd('RequestExtension', actors.gridWorker, at, { days, reason: '需等待配件' })
  const requested = () => after(acknowledged(), thenEvents(when(acknowledged(), request())))

  it('the lead requests, a supervisor approves, the result deadline moves once', () => {
    expect(thenEvents(when(acknowledged(), request()))).toEqual([
      {
        type: 'ComplaintExtensionRequested',
        data: { complaintId: CASE_ID, at: T('10T10:00:00'), unit: units.grid, days: 5, dayUnit: 'working-days', reason: '需等待配件', resultBy: T('23T23:59:59') },
      },
    ])
    const approved = thenEvents(when(requested(), cmd('ApproveExtension', actors.supervisor, T('10T15:00:00'), { reason: '同意' })))
    expect(approved).toEqual([
      {
        type: 'ComplaintExtensionApproved',
        data: { complaintId: CASE_ID, at: T('10T15:00:00'), days: 5, dayUnit: 'working-days', previousResultBy: T('23T23:59:59'), resultBy: T('30T23:59:59'), reason: '同意', calendar: { ...SHIPPED_CALENDAR, days: 5, unit: 'working-days' } },
      },
    ])
    const extended = after(requested(), approved)
    expect(caseOf(extended)).toMatchObject({ resultBy: T('30T23:59:59'), extended: true })
    thenError(when(extended, request(3, T('11T10:00:00'))), 'invalid-transition')
  })

  it('an approver may grant fewer days, not more', () => {
    const [approved] = thenEvents(when(requested(), cmd('ApproveExtension', actors.operator, T('10T15:00:00'), { days: 2 })))
    expect(approved?.data).toMatchObject({ days: 2, resultBy: T('25T23:59:59') })
    expect(thenPaths(when(requested(), cmd('ApproveExtension', actors.supervisor, T('10T15:00:00'), { days: 6 })))).toEqual(['days'])
  })

  it('a denied request may be made again', () => {
    const denied = thenEvents(when(requested(), cmd('DenyExtension', actors.supervisor, T('10T15:00:00'), { reason: '理由不充分' })))
    expect(denied).toEqual([{ type: 'ComplaintExtensionDenied', data: { complaintId: CASE_ID, at: T('10T15:00:00'), reason: '理由不充分' } }])
    thenEvents(when(after(requested(), denied), request(5, T('11T10:00:00'))))
  })

  it('refuses a second pending request, approval without a request (invalid-transition)', () => {
    thenError(when(requested(), request(3, T('10T11:00:00'))), 'invalid-transition')
    thenError(when(acknowledged(), cmd('ApproveExtension', actors.supervisor, T('10T15:00:00'), {})), 'invalid-transition')
    thenError(when(acknowledged(), cmd('DenyExtension', actors.supervisor, T('10T15:00:00'), { reason: 'x' })), 'invalid-transition')
  })

  it('refuses more days than the policy allows, or zero days (validation)', () => {
    expect(thenPaths(when(acknowledged(), request(16)))).toEqual(['days'])
    expect(thenPaths(when(acknowledged(), raw('RequestExtension', actors.gridWorker, T('10T10:00:00'), { days: 0, reason: 'x' })))).toEqual(['days'])
  })

  it('refuses a request after the result deadline (deadline-passed)', () => {
    const error = thenError(when(acknowledged(), request(5, T('24T00:00:00'))), 'deadline-passed')
    expect(error).toMatchObject({ deadline: T('23T23:59:59') })
  })

  it('refuses a handler approving, or a supervisor requesting (forbidden)', () => {
    thenError(when(requested(), cmd('ApproveExtension', actors.gridWorker, T('10T15:00:00'), {})), 'forbidden')
    thenError(when(acknowledged(), cmd('RequestExtension', actors.supervisor, T('10T10:00:00'), { days: 2, reason: 'x' })), 'forbidden')
  })
})

describe('submit result (办结)', () => {
  const acknowledged = () => given(historyUntil('acknowledged'))
  const submit = (at: string, actor: Actor = actors.gridWorker) => cmd('SubmitResult', actor, at, { result: '已解决', outcome: 'resolved' })

  it('the lead submits on time (end of the deadline day counts)', () => {
    expect(thenEvents(when(acknowledged(), submit(T('23T23:59:59'))))).toEqual([
      {
        type: 'ComplaintResultSubmitted',
        data: { complaintId: CASE_ID, at: T('23T23:59:59'), unit: units.grid, result: '已解决', outcome: 'resolved', resultBy: T('23T23:59:59'), onTime: true, round: 1 },
      },
    ])
  })

  it('a result the next day is late', () => {
    const [event] = thenEvents(when(acknowledged(), submit(T('24T00:00:00'))))
    expect(event?.data).toMatchObject({ onTime: false })
  })

  it('refuses a bad outcome (validation), a non-lead (forbidden), before acknowledgement (invalid-transition)', () => {
    expect(thenPaths(when(acknowledged(), raw('SubmitResult', actors.gridWorker, T('05T10:00:00'), { result: 'x', outcome: 'done' })))).toEqual(['outcome'])
    thenError(when(acknowledged(), submit(T('05T10:00:00'), actors.housingOfficer)), 'forbidden')
    thenError(when(given(historyUntil('dispatched')), submit(T('05T10:00:00'))), 'invalid-transition')
  })
})

describe('return (退单)', () => {
  it('the lead sends a mis-dispatched case back; the dispatcher dispatches it again', () => {
    const dispatched = given(historyUntil('dispatched'))
    const events = thenEvents(when(dispatched, cmd('ReturnComplaint', actors.gridWorker, T('02T10:30:00'), { reason: '不属于本网格' })))
    expect(events).toEqual([{ type: 'ComplaintReturned', data: { complaintId: CASE_ID, at: T('02T10:30:00'), unit: units.grid, reason: '不属于本网格' } }])
    const returned = caseOf(after(dispatched, events))
    expect(returned).toMatchObject({ status: 'returned', returns: 1, lead: undefined })
    const [redispatched] = thenEvents(when(returned, cmd('DispatchComplaint', actors.operator, T('02T11:00:00'), { unit: units.community })))
    expect(redispatched?.data).toMatchObject({ unit: units.community, round: 1, redispatch: true, acknowledgeBy: T('03T11:00:00') })
  })

  it('refuses after the result (invalid-transition), another unit (forbidden), no reason (validation)', () => {
    thenError(when(given(historyUntil('resultSubmitted')), cmd('ReturnComplaint', actors.gridWorker, T('05T17:00:00'), { reason: 'x' })), 'invalid-transition')
    thenError(when(given(historyUntil('dispatched')), cmd('ReturnComplaint', actors.housingOfficer, T('02T10:30:00'), { reason: 'x' })), 'forbidden')
    expect(thenPaths(when(given(historyUntil('dispatched')), raw('ReturnComplaint', actors.gridWorker, T('02T10:30:00'), {})))).toEqual(['reason'])
  })
})

describe('notify the complainant (结果反馈)', () => {
  const submitted = () => given(historyUntil('resultSubmitted'))

  it('the hotline or the lead unit tells the complainant the result', () => {
    expect(thenEvents(when(submitted(), cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method: 'phone' })))).toEqual([
      { type: 'ComplainantNotified', data: { complaintId: CASE_ID, at: T('05T17:00:00'), method: 'phone' } },
    ])
    thenEvents(when(submitted(), cmd('NotifyComplainant', actors.gridWorker, T('05T17:00:00'), { method: 'in-person' })))
  })

  it('refuses another unit (forbidden), before a result (invalid-transition), an unknown method (validation)', () => {
    thenError(when(submitted(), cmd('NotifyComplainant', actors.housingOfficer, T('05T17:00:00'), { method: 'sms' })), 'forbidden')
    thenError(when(given(historyUntil('acknowledged')), cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method: 'sms' })), 'invalid-transition')
    expect(thenPaths(when(submitted(), raw('NotifyComplainant', actors.operator, T('05T17:00:00'), { method: 'pigeon' })))).toEqual(['method'])
  })
})

describe('evaluate (一事一评)', () => {
  const notified = () => given(historyUntil('notified'))

  it('the resident rates the result; the event names the unit and its level (resolution level)', () => {
    expect(thenEvents(when(notified(), cmd('EvaluateComplaint', actors.resident, T('06T09:00:00'), { rating: 'basically-satisfied', comment: '还行' })))).toEqual([
      {
        type: 'ComplaintEvaluated',
        data: { complaintId: CASE_ID, at: T('06T09:00:00'), rating: 'basically-satisfied', unit: units.grid, level: 'grid', round: 1, comment: '还行' },
      },
    ])
  })

  it('refuses another resident (forbidden), an unknown rating (validation), before feedback (invalid-transition)', () => {
    thenError(when(notified(), cmd('EvaluateComplaint', actors.otherResident, T('06T09:00:00'), { rating: 'satisfied' })), 'forbidden')
    expect(thenPaths(when(notified(), raw('EvaluateComplaint', actors.operator, T('06T09:00:00'), { rating: 'great' })))).toEqual(['rating'])
    thenError(when(given(historyUntil('resultSubmitted')), cmd('EvaluateComplaint', actors.resident, T('06T09:00:00'), { rating: 'satisfied' })), 'invalid-transition')
  })
})

describe('reopen (重办) and close (结案)', () => {
  const evaluated = (rating: 'satisfied' | 'unsatisfied') => {
    const state = given(historyUntil('notified'))
    return after(state, thenEvents(when(state, cmd('EvaluateComplaint', actors.resident, T('06T09:00:00'), { rating }))))
  }

  it('an unsatisfied case is reopened: back to dispatched, a new round, fresh deadlines on the event', () => {
    const events = thenEvents(when(evaluated('unsatisfied'), cmd('ReopenComplaint', actors.operator, T('06T10:00:00'), { reason: '暖气仍不热', unit: units.community })))
    expect(events).toEqual([
      {
        type: 'ComplaintReopened',
        data: {
          complaintId: CASE_ID,
          at: T('06T10:00:00'),
          reason: '暖气仍不热',
          previousUnit: units.grid,
          unit: units.community,
          round: 2,
          policy: 'standard-normal',
          acknowledgeBy: T('07T10:00:00'),
          resultBy: T('27T23:59:59'),
          calendar: { ...SHIPPED_CALENDAR, from: T('06T10:00:00'), days: 15, unit: 'working-days' },
        },
      },
    ])
    const reopened = caseOf(after(evaluated('unsatisfied'), events))
    expect(reopened).toMatchObject({ status: 'dispatched', round: 2, reopenings: 1, lead: units.community, firstLead: units.grid })
    expect(reopened.result).toBeUndefined()
    expect(reopened.evaluation).toBeUndefined()
  })

  it('refuses to reopen a satisfied case (invalid-transition) or by a handler (forbidden)', () => {
    thenError(when(evaluated('satisfied'), cmd('ReopenComplaint', actors.operator, T('06T10:00:00'), { reason: 'x' })), 'invalid-transition')
    thenError(when(evaluated('unsatisfied'), cmd('ReopenComplaint', actors.gridWorker, T('06T10:00:00'), { reason: 'x' })), 'forbidden')
  })

  it('closes an evaluated case', () => {
    expect(thenEvents(when(evaluated('satisfied'), cmd('CloseComplaint', actors.operator, T('06T10:00:00'), {})))).toEqual([
      { type: 'ComplaintClosed', data: { complaintId: CASE_ID, at: T('06T10:00:00'), closedAs: 'evaluated', rating: 'satisfied' } },
    ])
  })

  it('closing an unsatisfied case, or one never evaluated, needs a reason (validation)', () => {
    expect(thenPaths(when(evaluated('unsatisfied'), cmd('CloseComplaint', actors.supervisor, T('06T10:00:00'), {})))).toEqual(['reason'])
    thenEvents(when(evaluated('unsatisfied'), cmd('CloseComplaint', actors.supervisor, T('06T10:00:00'), { reason: '诉求不合理，已解释' })))
    const notified = given(historyUntil('notified'))
    expect(thenPaths(when(notified, cmd('CloseComplaint', actors.operator, T('09T10:00:00'), {})))).toEqual(['reason'])
    const [closed] = thenEvents(when(notified, cmd('CloseComplaint', actors.operator, T('09T10:00:00'), { reason: '三次回访未接通' })))
    expect(closed?.data).toMatchObject({ closedAs: 'no-evaluation' })
  })

  it('refuses to close an open case (invalid-transition) or by a handler (forbidden); nothing happens to a closed case', () => {
    thenError(when(given(historyUntil('acknowledged')), cmd('CloseComplaint', actors.operator, T('06T10:00:00'), { reason: 'x' })), 'invalid-transition')
    thenError(when(evaluated('satisfied'), cmd('CloseComplaint', actors.gridWorker, T('06T10:00:00'), {})), 'forbidden')
    const closed = after(evaluated('satisfied'), thenEvents(when(evaluated('satisfied'), cmd('CloseComplaint', actors.operator, T('06T10:00:00'), {}))))
    thenError(when(closed, cmd('CloseComplaint', actors.operator, T('06T11:00:00'), {})), 'invalid-transition')
    thenError(when(closed, cmd('UrgeComplaint', actors.supervisor, T('06T11:00:00'), { note: 'x' })), 'invalid-transition')
    thenError(when(closed, cmd('AddNote', actors.supervisor, T('06T11:00:00'), { note: 'x' })), 'invalid-transition')
  })
})

describe('merge duplicates', () => {
  it('a duplicate is merged into its primary case', () => {
    const events = thenEvents(when(given(historyUntil('registered')), cmd('MergeComplaint', actors.operator, T('02T09:05:00'), { primaryId: OTHER_CASE_ID, reason: '同一诉求' })))
    expect(events).toEqual([{ type: 'ComplaintMerged', data: { complaintId: CASE_ID, at: T('02T09:05:00'), primaryId: OTHER_CASE_ID, reason: '同一诉求' } }])
    expect(caseOf(after(given(historyUntil('registered')), events))).toMatchObject({ status: 'merged', mergedInto: OTHER_CASE_ID })
  })

  it('refuses itself or a non-uuid (validation), once in hand (invalid-transition), a supervisor (forbidden)', () => {
    expect(thenPaths(when(given(historyUntil('registered')), cmd('MergeComplaint', actors.operator, T('02T09:05:00'), { primaryId: CASE_ID })))).toEqual(['primaryId'])
    expect(thenPaths(when(given(historyUntil('registered')), cmd('MergeComplaint', actors.operator, T('02T09:05:00'), { primaryId: '42' })))).toEqual(['primaryId'])
    thenError(when(given(historyUntil('acknowledged')), cmd('MergeComplaint', actors.operator, T('02T12:00:00'), { primaryId: OTHER_CASE_ID })), 'invalid-transition')
    thenError(when(given(historyUntil('registered')), cmd('MergeComplaint', actors.supervisor, T('02T09:05:00'), { primaryId: OTHER_CASE_ID })), 'forbidden')
  })
})

describe('supervision: urge (督办) and notes', () => {
  it.each(['registered', 'accepted', 'dispatched', 'acknowledged', 'resultSubmitted', 'notified'] as const)('a supervisor urges and adds notes while %s', (stage) => {
    const state = given(historyUntil(stage))
    const [urged] = thenEvents(when(state, cmd('UrgeComplaint', actors.supervisor, T('09T09:00:00'), { note: '请加快办理' })))
    expect(urged).toMatchObject({ type: 'ComplaintUrged', data: { note: '请加快办理', state: caseOf(state).status } })
    const [noted] = thenEvents(when(state, cmd('AddNote', actors.supervisor, T('09T09:00:00'), { note: '已电话督促' })))
    expect(noted).toEqual({ type: 'ComplaintNoteAdded', data: { complaintId: CASE_ID, at: T('09T09:00:00'), note: '已电话督促' } })
  })

  it('urging names the lead unit and its deadline', () => {
    const [urged] = thenEvents(when(given(historyUntil('acknowledged')), cmd('UrgeComplaint', actors.supervisor, T('09T09:00:00'), { note: '请加快' })))
    expect(urged?.data).toMatchObject({ unit: units.grid, resultBy: T('23T23:59:59') })
  })

  it('refuses others (forbidden) and an empty note (validation)', () => {
    thenError(when(given(historyUntil('acknowledged')), cmd('UrgeComplaint', actors.operator, T('09T09:00:00'), { note: 'x' })), 'forbidden')
    thenError(when(given(historyUntil('acknowledged')), cmd('AddNote', actors.gridWorker, T('09T09:00:00'), { note: 'x' })), 'forbidden')
    expect(thenPaths(when(given(historyUntil('acknowledged')), raw('AddNote', actors.supervisor, T('09T09:00:00'), { note: '' })))).toEqual(['note'])
  })
})

describe('callback (回访) when the result deadline has passed', () => {
  it('the hotline records a callback after the deadline', () => {
    const events = thenEvents(when(given(historyUntil('acknowledged')), cmd('RecordCallback', actors.operator, T('24T09:00:00'), { reached: true, note: '仍在处理' })))
    expect(events).toEqual([
      {
        type: 'ComplaintCallbackRecorded',
        data: { complaintId: CASE_ID, at: T('24T09:00:00'), reached: true, note: '仍在处理', resultBy: T('23T23:59:59'), unit: units.grid },
      },
    ])
  })

  it('refuses before the deadline or after the result (invalid-transition), and anyone but the hotline (forbidden)', () => {
    thenError(when(given(historyUntil('acknowledged')), cmd('RecordCallback', actors.operator, T('23T23:59:59'), { reached: true, note: 'x' })), 'invalid-transition')
    thenError(when(given(historyUntil('resultSubmitted')), cmd('RecordCallback', actors.operator, T('24T09:00:00'), { reached: true, note: 'x' })), 'invalid-transition')
    thenError(when(given(historyUntil('acknowledged')), cmd('RecordCallback', actors.supervisor, T('24T09:00:00'), { reached: true, note: 'x' })), 'forbidden')
  })
})

describe('refer to mediation (转调解)', () => {
  const referral = { disputeId: DISPUTE_ID, disputeCategory: 'neighbour' as const, respondents: [{ name: '赵六', phone: '13700001111' }], summary: '楼上漏水纠纷' }

  it('turns the complaint into a dispute with the agreed event shape', () => {
    const state = given(historyUntil('acknowledged'))
    const events = thenEvents(when(state, cmd('ReferToMediation', actors.gridWorker, T('03T09:00:00'), { ...referral, reason: '属邻里纠纷' })))
    expect(events).toEqual([
      {
        type: 'ComplaintReferredToMediation',
        data: {
          complaintId: CASE_ID,
          disputeId: DISPUTE_ID,
          disputeCategory: 'neighbour',
          jurisdiction: GRID,
          applicant: { name: '李四', phone: '13912345678', residentId: 'resident-1' },
          respondents: [{ name: '赵六', phone: '13700001111' }],
          summary: '楼上漏水纠纷',
          reason: '属邻里纠纷',
        },
      },
    ])
    expect(caseOf(after(state, events))).toMatchObject({ status: 'referred-to-mediation', disputeId: DISPUTE_ID })
  })

  it('refuses no respondent, a bad phone or a bad dispute id (validation)', () => {
    const state = given(historyUntil('accepted'))
    const bad = { ...referral, disputeId: 'x', respondents: [{ name: '赵六', phone: '1' }] }
    expect(thenPaths(when(state, raw('ReferToMediation', actors.operator, T('03T09:00:00'), bad))).slice().sort()).toEqual(['disputeId', 'respondents[0].phone'])
    expect(thenPaths(when(state, raw('ReferToMediation', actors.operator, T('03T09:00:00'), { ...referral, respondents: [] })))).toEqual(['respondents'])
  })

  it('a complainant without a resident account is referred without one', () => {
    const state = given(run([cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), registration({ channel: 'grid-visit', complainant: { name: '王五', phone: '13800138000' } }))]))
    const [referred] = thenEvents(when(state, cmd('ReferToMediation', actors.gridWorker, T('02T10:00:00'), referral)))
    expect(referred?.data).toMatchObject({ applicant: { name: '王五', phone: '13800138000' } })
    expect(referred?.type === 'ComplaintReferredToMediation' && referred.data.applicant).not.toHaveProperty('residentId')
  })

  it('refuses a category the dispute does not have, naming the ones it does (validation)', () => {
    const result = when(given(historyUntil('accepted')), raw('ReferToMediation', actors.operator, T('03T09:00:00'), { ...referral, disputeCategory: '邻里' }))
    const error = thenError(result, 'validation')
    expect(error.code === 'validation' && error.errors).toEqual([
      { path: 'disputeCategory', message: "expected one of 'neighbour', 'family', 'property', 'medical', 'campus', 'labour', 'land', 'consumer', 'other'" },
    ])
  })

  it('refuses a respondent named as the complainant or as another respondent: the dispute names parties by name (validation)', () => {
    const state = given(historyUntil('accepted'))
    const asComplainant = { ...referral, respondents: [{ name: ' 李四 ' }] }
    expect(thenPaths(when(state, cmd('ReferToMediation', actors.operator, T('03T09:00:00'), asComplainant)))).toEqual(['respondents[0].name'])
    const twice = { ...referral, respondents: [{ name: '赵六' }, { name: '钱七' }, { name: '赵六' }] }
    expect(thenPaths(when(state, cmd('ReferToMediation', actors.operator, T('03T09:00:00'), twice)))).toEqual(['respondents[2].name'])
  })

  it('refuses a summary longer than the dispute takes (validation)', () => {
    expect(thenPaths(when(given(historyUntil('accepted')), cmd('ReferToMediation', actors.operator, T('03T09:00:00'), { ...referral, summary: '漏'.repeat(4001) })))).toEqual(['summary'])
  })

  it('refuses after the result (invalid-transition) and a department officer (forbidden)', () => {
    thenError(when(given(historyUntil('resultSubmitted')), cmd('ReferToMediation', actors.operator, T('06T09:00:00'), referral)), 'invalid-transition')
    thenError(when(given(historyUntil('acknowledged', units.housing, actors.housingOfficer)), cmd('ReferToMediation', actors.housingOfficer, T('03T09:00:00'), referral)), 'forbidden')
  })
})

describe('who may act at all', () => {
  const state = () => given(historyUntil('acknowledged'))

  it('an auditor may do nothing', () => {
    thenError(when(state(), cmd('AddNote', actors.auditor, T('03T09:00:00'), { note: 'x' })), 'forbidden')
    thenError(when(state(), cmd('SubmitResult', actors.auditor, T('03T09:00:00'), { result: 'x', outcome: 'resolved' })), 'forbidden')
  })

  it('an admin may act within its scope, for any unit', () => {
    thenEvents(when(state(), cmd('SubmitResult', actors.admin, T('03T09:00:00'), { result: 'x', outcome: 'resolved' })))
    const outsideAdmin = { ...actors.admin, jurisdiction: 'baotou' }
    thenError(when(state(), cmd('SubmitResult', outsideAdmin, T('03T09:00:00'), { result: 'x', outcome: 'resolved' })), 'forbidden')
  })

  it('an officer of another street may not act on the case', () => {
    thenError(when(given(historyUntil('registered')), cmd('AcceptComplaint', actors.outsider, T('02T09:10:00'), {})), 'forbidden')
  })

  it('a department officer may not act on a case no department holds', () => {
    thenError(when(given(historyUntil('resultSubmitted')), cmd('NotifyComplainant', actors.housingOfficer, T('05T17:00:00'), { method: 'sms' })), 'forbidden')
  })
})

describe('undeclared fields inside a command never reach an event', () => {
  const extra = { nickname: '小李', internalNote: 'x' }
  it('given no case, when registered with extra fields on the complainant, then the event’s complainant holds only declared ones', () => {
    const data = { ...registration(), complainant: { ...registration().complainant, ...extra } }
    const [registered] = thenEvents(when({ status: 'none' }, raw('RegisterComplaint', actors.operator, T('02T09:00:00'), data)))
    expect(registered?.type === 'ComplaintRegistered' && registered.data.complainant).toEqual({ name: '李四', phone: '13912345678', residentId: 'resident-1' })
  })
  it('given an accepted case, when dispatched to a unit with extra fields, then the event’s unit holds only declared ones', () => {
    const [dispatched] = thenEvents(when(given(historyUntil('accepted')), raw('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: { ...units.housing, ...extra } })))
    expect(dispatched?.type === 'ComplaintDispatched' && dispatched.data.unit).toEqual(units.housing)
  })
  it('given a street-led case, when departments are summoned with extra fields, then each stored department holds only declared ones', () => {
    const state = given(historyUntil('acknowledged', units.street, actors.streetOfficer))
    const [summoned] = thenEvents(when(state, raw('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), { departments: [{ ...units.housing, ...extra }], reason: '供热' })))
    expect(summoned?.type === 'ComplaintDepartmentsSummoned' && summoned.data.departments).toEqual([units.housing])
  })
  it('given an acknowledged case, when referred to mediation with extra fields on a respondent, then the stored respondent holds only declared ones', () => {
    const referral = { disputeId: DISPUTE_ID, disputeCategory: 'neighbour', respondents: [{ name: '赵六', phone: '13700001111', ...extra }], summary: '楼上漏水纠纷' }
    const [referred] = thenEvents(when(given(historyUntil('acknowledged')), raw('ReferToMediation', actors.gridWorker, T('03T09:00:00'), referral)))
    expect(referred?.type === 'ComplaintReferredToMediation' && referred.data.respondents).toEqual([{ name: '赵六', phone: '13700001111' }])
  })
})
