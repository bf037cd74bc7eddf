import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../kernel/actor.js'
import { fold } from '../kernel/decider.js'
import { chineseWorkdays } from '../calendar/calendar.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { DomainError } from '../kernel/errors.js'
import { commandData, type ComplaintCommand } from './commands.js'
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
type History = readonly ComplaintEvent[]
const eventsOf = (history: Run | History): History => ('events' in history ? history.events : history)
/** Given past events, when a command, then events or a refusal code (through core's deciderSpec). */
const spec = deciderSpec(decider)
const given = (history: Run | History) => spec.given(eventsOf(history))
/** For a decision whose events the test inspects itself: any events, no refusal. */
const anyEvents = (): void => undefined
const raw = (type: string, actor: Actor, at: string, data: unknown): ComplaintCommand =>
  ({ type, data, meta: meta(actor, at) }) as unknown as ComplaintCommand

const pathsOf = (error: DomainError): readonly string[] => (error.code === 'validation' ? error.errors.map((e) => e.path) : [])
const stateOf = (history: History): ComplaintState => fold(decider, history)
const caseOf = (history: History): ComplaintCase => {
  const state = stateOf(history)
  if (state.status === 'none') throw new Error('no case')
  return state
}
const after = (history: History, events: History): History => [...history, ...events]

const T = (local: string) => `2026-03-${local}+08:00`
const STREET_PATH = 'hohhot/saihan/wulan'
const cmd = command

describe('register (登记)', () => {
  it('an operator registers for a resident: the case is the resident’s, under the standard policy', () => {
    const events = given([]).when(cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration())).then(anyEvents)
    expect(events).toEqual([
      {
        type: 'ComplaintRegistered',
        data: expect.objectContaining({ complaintId: CASE_ID, at: T('02T09:00:00'), urgency: 'normal', ownerId: 'resident-1', policy: 'standard-normal', jurisdiction: GRID }),
      },
    ])
    expect(events[0]?.data).not.toHaveProperty('acceptBy')
  })

  it('a resident registers their own case, whoever the data names', () => {
    const data = registration({ channel: 'mini-program', complainant: { name: '王五', phone: '0471-6612345', residentId: 'someone-else' }, urgency: undefined })
    const [registered] = given([]).when(cmd('RegisterComplaint', actors.otherResident, T('02T09:00:00'), data)).then(anyEvents)
    expect(registered?.data).toMatchObject({ ownerId: 'resident-2', urgency: 'normal', complainant: { residentId: 'resident-2', phone: '0471-6612345' } })
  })

  it('a resident files from its own account: the app, the message board or a 民情联络卡, never as a 12345 call, a walk-in or a grid visit (validation at channel)', () => {
    for (const channel of ['mini-program', 'message-board', 'contact-card'] as const) {
      const [registered] = given([]).when(cmd('RegisterComplaint', actors.otherResident, T('02T09:00:00'), registration({ channel }))).then(anyEvents)
      expect(registered?.data).toMatchObject({ channel, ownerId: 'resident-2' })
    }
    for (const channel of ['hotline-12345', 'walk-in', 'grid-visit'] as const) {
      const error = given([]).when(cmd('RegisterComplaint', actors.otherResident, T('02T09:00:00'), registration({ channel }))).then('validation')
      expect(error).toMatchObject({ errors: [{ path: 'channel', message: expect.stringContaining(`${channel} is taken down by staff`) }] })
    }
    // The staff who take them down still register on those channels (channels.test.ts: which staff, which channel).
    const [byCommunity] = given([]).when(cmd('RegisterComplaint', actors.communityWorker, T('02T09:00:00'), registration({ channel: 'walk-in' }))).then(anyEvents)
    expect(byCommunity?.data).toMatchObject({ channel: 'walk-in' })
  })

  it('a grid worker registers what they found on a visit (no owner)', () => {
    const data = registration({ channel: 'grid-visit', complainant: { name: '王五', phone: '13800138000' } })
    const [registered] = given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), data)).then(anyEvents)
    expect(registered?.data).not.toHaveProperty('ownerId')
  })

  it('an operator answers a consultation and closes it at once', () => {
    const data = registration({ kind: 'consultation', answer: '供暖期为10月15日至次年4月15日。' })
    const events = given([]).when(cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), data)).then(anyEvents)
    expect(events.map((e) => e.type)).toEqual(['ComplaintRegistered', 'ComplaintClosed'])
    expect(events[1]?.data).toMatchObject({ closedAs: 'answered', answer: '供暖期为10月15日至次年4月15日。' })
    expect(stateOf(after([], events)).status).toBe('closed')
  })

  it('a petition-policy category (涉法涉诉) gets an accept-or-not deadline 15 days out', () => {
    const [registered] = given([]).when(cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration({ category: 'law-related' }))).then(anyEvents)
    expect(registered?.data).toMatchObject({ policy: 'petition', acceptBy: '2026-03-17T23:59:59+08:00' })
  })

  // Answered at registration, the case is closed in the same breath (like one resolved on the spot): it never waits to be
  // accepted, so it carries no 受理时限 — before, a 涉法涉诉 consultation answered at once kept 'acceptBy' 15 days out on
  // its registration, a deadline of a step that could never come (found in review).
  it('an answered consultation under a policy with an accept deadline (涉法涉诉) carries none', () => {
    const [registered, closed] = given([]).when(cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration({ kind: 'consultation', category: 'law-related', answer: '可向区法院立案庭咨询。' }))).then(anyEvents)
    expect(registered?.data).toMatchObject({ policy: 'petition' })
    expect(registered?.data).not.toHaveProperty('acceptBy')
    expect(registered?.data).not.toHaveProperty('calendar')
    expect(closed?.data).toMatchObject({ closedAs: 'answered' })
  })

  it('refuses: only a consultation is answered at registration (validation)', () => {
    expect(pathsOf(given([]).when(cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration({ answer: 'x' }))).then('validation'))).toEqual(['answer'])
  })

  it('refuses: only the hotline answers a consultation at registration (forbidden)', () => {
    const data = registration({ kind: 'consultation', answer: 'x' })
    given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), data)).then('forbidden')
  })

  // An answer closes a consultation someone asked (DOMAIN.md: answered and closed at registration by the operator). A case
  // resolved on the spot is closed by its result, and a patrol finding has no one who asked: an admin (whom the role lists
  // do not bind) giving both had its answer dropped without a word (found in review), or answered a question nobody asked.
  it('refuses an answer beside onTheSpot or on a patrol finding, even from an admin (validation at answer)', () => {
    const spot = registration({ kind: 'consultation', channel: 'grid-visit', category: 'sanitation', answer: '垃圾清运时间为每日7时', onTheSpot: { result: '已清运', photos: ['a3f5c2d18e9b4f6a7c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b'] } })
    expect(pathsOf(given([]).when(cmd('RegisterComplaint', actors.admin, T('02T09:00:00'), spot)).then('validation'))).toEqual(['answer'])
    const { complainant: _none, ...patrol } = registration({ kind: 'consultation', channel: 'grid-visit', source: 'patrol', photos: ['a3f5c2d18e9b4f6a7c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b'], location: { longitude: 111.7, latitude: 40.8 }, answer: '已解答' })
    expect(pathsOf(given([]).when(cmd('RegisterComplaint', actors.admin, T('02T09:00:00'), patrol)).then('validation'))).toEqual(['answer'])
  })

  // Malformed data (a bad phone, id number or case id) is refused where it is decoded, once: decode.test.ts.
  it('refuses a category the deployment does not have: configuration, not shape (validation)', () => {
    const error = given([]).when(cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration({ category: 'weather' }))).then('validation')
    expect(pathsOf(error)).toEqual(['category'])
  })

  it('accepts a valid id number', () => {
    const data = registration({ complainant: { name: '李四', phone: '13912345678', idNumber: '11010519491231002X' } })
    given([]).when(cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), data)).then(anyEvents)
  })

  it.each([
    ['an auditor', actors.auditor],
    ['a department officer', actors.housingOfficer],
    ['a mediator', actors.mediator],
    ['an officer of another street', actors.outsider],
  ])('refuses %s (forbidden)', (_who, actor) => {
    given([]).when(cmd('RegisterComplaint', actor, T('02T09:00:00'), registration())).then('forbidden')
  })

  it('refuses to register the same case twice (already-exists)', () => {
    given(historyUntil('registered')).when(cmd('RegisterComplaint', actors.operator, T('02T09:30:00'), registration())).then('already-exists')
  })
})

describe('commands on a case that does not exist', () => {
  it('are not-found', () => {
    given([]).when(cmd('AcceptComplaint', actors.operator, T('02T09:10:00'), {})).then('not-found')
  })

  it('an unknown command type is a validation error', () => {
    given(historyUntil('registered')).when(raw('PaintComplaint', actors.operator, T('02T09:10:00'), {})).then('validation')
  })
})

describe('accept (受理) / reject (不予受理)', () => {
  const registered = () => eventsOf(historyUntil('registered'))

  it('a dispatcher accepts a registered case; the dispatch deadline (派单时限, 2 hours normal) starts: 09:10 → 11:10', () => {
    given(registered()).when(cmd('AcceptComplaint', actors.streetOfficer, T('02T09:10:00'), { note: '属实' })).then([
      {
        type: 'ComplaintAccepted',
        data: { complaintId: CASE_ID, at: T('02T09:10:00'), note: '属实', dispatchBy: T('02T11:10:00'), dispatchCalendar: { id: chineseWorkdays.name, version: chineseWorkdays.version } },
      },
    ])
  })

  it('a dispatcher rejects with a reason', () => {
    const events = given(registered()).when(cmd('RejectComplaint', actors.operator, T('02T09:10:00'), { reason: '不属于本市管辖' })).then(anyEvents)
    expect(events).toEqual([{ type: 'ComplaintRejected', data: { complaintId: CASE_ID, at: T('02T09:10:00'), reason: '不属于本市管辖' } }])
    expect(stateOf(after(registered(), events)).status).toBe('rejected')
  })

  it('refuses a grid worker or a resident (forbidden)', () => {
    given(registered()).when(cmd('AcceptComplaint', actors.gridWorker, T('02T09:10:00'), {})).then('forbidden')
    given(registered()).when(cmd('RejectComplaint', actors.resident, T('02T09:10:00'), { reason: 'x' })).then('forbidden')
  })

  it('refuses to accept or reject twice (invalid-transition)', () => {
    const accepted = eventsOf(historyUntil('accepted'))
    given(accepted).when(cmd('AcceptComplaint', actors.operator, T('02T09:20:00'), {})).then('invalid-transition')
    given(accepted).when(cmd('RejectComplaint', actors.operator, T('02T09:20:00'), { reason: 'x' })).then('invalid-transition')
  })
})

describe('dispatch (派单)', () => {
  const accepted = () => eventsOf(historyUntil('accepted'))

  it('sends the case to a lead unit with the deadlines on the event', () => {
    const events = given(accepted()).when(cmd('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: units.housing })).then(anyEvents)
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

  it('refuses a unit whose area does not cover the case (validation; a level that does not match its area: decode.test.ts)', () => {
    expect(pathsOf(given(accepted()).when(cmd('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: units.otherStreet })).then('validation'))).toEqual(['unit.jurisdiction'])
  })

  it('refuses before acceptance (invalid-transition)', () => {
    given(historyUntil('registered')).when(cmd('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: units.grid })).then('invalid-transition')
  })

  it('refuses a handler (forbidden)', () => {
    given(accepted()).when(cmd('DispatchComplaint', actors.gridWorker, T('02T10:00:00'), { unit: units.grid })).then('forbidden')
  })
})

describe('acknowledge (签收)', () => {
  const dispatchedToHousing = () => eventsOf(historyUntil('dispatched', units.housing, actors.housingOfficer))

  it('the lead unit acknowledges, on time', () => {
    given(dispatchedToHousing()).when(cmd('AcknowledgeComplaint', actors.housingOfficer, T('02T11:00:00'), {})).then([
      {
        type: 'ComplaintAcknowledged',
        data: { complaintId: CASE_ID, at: T('02T11:00:00'), unit: units.housing, after: 'dispatch', acknowledgeBy: T('03T10:00:00'), onTime: true },
      },
    ])
  })

  it('a late acknowledgement is recorded as late', () => {
    const [event] = given(dispatchedToHousing()).when(cmd('AcknowledgeComplaint', actors.housingOfficer, T('03T10:00:01'), {})).then(anyEvents)
    expect(event?.data).toMatchObject({ onTime: false })
  })

  it('refuses another department, or an area worker, for a department-led case (forbidden)', () => {
    given(dispatchedToHousing()).when(cmd('AcknowledgeComplaint', actors.environmentOfficer, T('02T11:00:00'), {})).then('forbidden')
    given(dispatchedToHousing()).when(cmd('AcknowledgeComplaint', actors.streetOfficer, T('02T11:00:00'), {})).then('forbidden')
  })

  it('refuses a grid worker of the grid for a community-led case (forbidden): only the unit or its superiors act for it', () => {
    const past = eventsOf(historyUntil('dispatched', units.community, actors.communityWorker))
    given(past).when(cmd('AcknowledgeComplaint', actors.gridWorker, T('02T11:00:00'), {})).then('forbidden')
    given(past).when(cmd('AcknowledgeComplaint', actors.streetOfficer, T('02T11:00:00'), {})).then(anyEvents)
  })

  it('refuses twice (invalid-transition)', () => {
    given(historyUntil('acknowledged')).when(cmd('AcknowledgeComplaint', actors.gridWorker, T('02T12:00:00'), {})).then('invalid-transition')
  })
})

describe('escalate (上报)', () => {
  const acknowledged = () => eventsOf(historyUntil('acknowledged'))
  const toCommunity = { to: units.community, reason: '需社区协调物业' }

  it('the grid escalates to the community, which takes the lead and acknowledges', () => {
    const events = given(acknowledged()).when(cmd('EscalateComplaint', actors.gridWorker, T('02T12:00:00'), toCommunity)).then(anyEvents)
    expect(events).toEqual([
      { type: 'ComplaintEscalated', data: { complaintId: CASE_ID, at: T('02T12:00:00'), from: units.grid, to: units.community, reason: '需社区协调物业' } },
    ])
    const escalated = after(acknowledged(), events)
    expect(caseOf(escalated)).toMatchObject({ status: 'escalated', lead: units.community, firstLead: units.grid })
    given(escalated).when(cmd('AcknowledgeComplaint', actors.gridWorker, T('02T13:00:00'), {})).then('forbidden')
    const [ack] = given(escalated).when(cmd('AcknowledgeComplaint', actors.communityWorker, T('02T13:00:00'), {})).then(anyEvents)
    expect(ack?.data).toEqual({ complaintId: CASE_ID, at: T('02T13:00:00'), unit: units.community, after: 'escalation' })
  })

  it('refuses to skip a level (validation)', () => {
    expect(pathsOf(given(acknowledged()).when(cmd('EscalateComplaint', actors.gridWorker, T('02T12:00:00'), { to: units.street, reason: 'x' })).then('validation'))).toEqual([
      'to.level',
    ])
  })

  it('refuses above the city (invalid-transition)', () => {
    const past = eventsOf(historyUntil('dispatched', units.city, actors.cityOfficer))
    const acked = after(past, given(past).when(cmd('AcknowledgeComplaint', actors.cityOfficer, T('02T11:00:00'), {})).then(anyEvents))
    given(acked).when(cmd('EscalateComplaint', actors.cityOfficer, T('02T12:00:00'), { to: units.city, reason: 'x' })).then('invalid-transition')
  })

  // The counterexample fast-check found (seed -24275255): the escalated-to unit became the lead
  // while still listed as a co-handler, so the case waited for the lead's own co-handling report.
  it('refuses to escalate to a unit that co-handles the case (validation), and the case stays as it was', () => {
    const past = eventsOf(historyUntil('acknowledged', units.environment, actors.environmentOfficer))
    const withCity = after(past, given(past).when(cmd('AddCoHandler', actors.environmentOfficer, T('02T12:00:00'), { unit: units.city })).then(anyEvents))
    const result = given(withCity).when(cmd('EscalateComplaint', actors.environmentOfficer, T('02T12:00:00'), { to: units.city, reason: '原因' }))
    expect(pathsOf(result.then('validation'))).toEqual(['to.id'])
    expect(caseOf(withCity)).toMatchObject({ status: 'acknowledged', lead: units.environment, coHandlers: [{ unit: units.city }] })
  })

  it('refuses to escalate up the levels to a district department that co-handles the case, not to another district unit', () => {
    const climb = (past: History, by: Actor, to: (typeof units)[keyof typeof units], ackBy: Actor, hour: string) => {
      const escalated = after(past, given(past).when(cmd('EscalateComplaint', by, T(`02T${hour}:00:00`), { to, reason: '需上级协调' })).then(anyEvents))
      return after(escalated, given(escalated).when(cmd('AcknowledgeComplaint', ackBy, T(`02T${hour}:30:00`), {})).then(anyEvents))
    }
    const past = eventsOf(historyUntil('acknowledged'))
    const withHousing = after(past, given(past).when(cmd('AddCoHandler', actors.gridWorker, T('02T11:30:00'), { unit: units.housing })).then(anyEvents))
    const atStreet = climb(climb(withHousing, actors.gridWorker, units.community, actors.communityWorker, '12'), actors.communityWorker, units.street, actors.streetOfficer, '13')
    expect(pathsOf(given(atStreet).when(cmd('EscalateComplaint', actors.streetOfficer, T('02T14:00:00'), { to: units.housing, reason: '需区住建局牵头' })).then('validation'))).toEqual(['to.id'])
    const [escalated] = given(atStreet).when(cmd('EscalateComplaint', actors.streetOfficer, T('02T14:00:00'), { to: units.district, reason: '需区级协调' })).then(anyEvents)
    expect(caseOf(after(atStreet, escalated === undefined ? [] : [escalated]))).toMatchObject({ lead: units.district, coHandlers: [{ unit: units.housing }] })
  })

  it('refuses to escalate to a summoned department (validation)', () => {
    const past = eventsOf(historyUntil('acknowledged', units.street, actors.streetOfficer))
    const summoned = after(past, given(past).when(cmd('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), { departments: [units.housing], reason: '吹哨' })).then(anyEvents))
    expect(pathsOf(given(summoned).when(cmd('EscalateComplaint', actors.streetOfficer, T('02T13:00:00'), { to: units.housing, reason: 'x' })).then('validation'))).toEqual(['to.id'])
  })

  it('refuses before acknowledgement (invalid-transition) and a resident (forbidden)', () => {
    given(historyUntil('dispatched')).when(cmd('EscalateComplaint', actors.gridWorker, T('02T12:00:00'), toCommunity)).then('invalid-transition')
    given(acknowledged()).when(cmd('EscalateComplaint', actors.resident, T('02T12:00:00'), toCommunity)).then('forbidden')
  })
})

describe('summon departments (吹哨) and report arrival (报到)', () => {
  const streetLed = () => eventsOf(historyUntil('acknowledged', units.street, actors.streetOfficer))
  const summon = { departments: [units.housing, units.environment], reason: '供热管网涉及多部门' }
  const summoned = () => {
    const past = streetLed()
    return after(past, given(past).when(cmd('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), summon)).then(anyEvents))
  }

  it('the street summons departments', () => {
    given(streetLed()).when(cmd('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), summon)).then([
      {
        type: 'ComplaintDepartmentsSummoned',
        data: {
          complaintId: CASE_ID,
          at: T('02T12:00:00'),
          by: units.street,
          departments: [units.housing, units.environment],
          reason: '供热管网涉及多部门',
          // 报到 within 2 working days: Mon 3-02 → Tue 3-03 (1), Wed 3-04 (2).
          reportBy: T('04T23:59:59'),
          calendar: { ...SHIPPED_CALENDAR, from: T('02T12:00:00'), days: 2, unit: 'working-days' },
        },
      },
    ])
    expect(caseOf(summoned()).status).toBe('departments-summoned')
  })

  it('refuses one summoned twice (validation; no departments or a unit without a department: decode.test.ts)', () => {
    expect(pathsOf(given(summoned()).when(cmd('SummonDepartments', actors.streetOfficer, T('02T13:00:00'), { departments: [units.housing], reason: 'x' })).then('validation'))).toEqual([
      'departments[0].id',
    ])
  })

  it('refuses a department that is not the lead (forbidden)', () => {
    given(summoned()).when(cmd('SummonDepartments', actors.housingOfficer, T('02T13:00:00'), { departments: [units.environment], reason: 'x' })).then('forbidden')
  })

  it('a summoned department reports arrival, once', () => {
    const events = given(summoned()).when(cmd('ReportArrival', actors.housingOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })).then(anyEvents)
    expect(events).toEqual([{ type: 'ComplaintDepartmentArrived', data: { complaintId: CASE_ID, at: T('02T14:00:00'), unit: units.housing, reportBy: T('04T23:59:59'), onTime: true } }])
    const arrived = after(summoned(), events)
    expect(caseOf(arrived).summoned.find((s) => s.unit.id === 'saihan-housing')?.arrivedAt).toBe(T('02T14:00:00'))
    given(arrived).when(cmd('ReportArrival', actors.housingOfficer, T('02T15:00:00'), { unitId: 'saihan-housing' })).then('invalid-transition')
  })

  it('refuses an unknown unit (validation), another department or a street officer (forbidden), and before a summons (invalid-transition)', () => {
    expect(pathsOf(given(summoned()).when(cmd('ReportArrival', actors.housingOfficer, T('02T14:00:00'), { unitId: 'nobody' })).then('validation'))).toEqual(['unitId'])
    given(summoned()).when(cmd('ReportArrival', actors.environmentOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })).then('forbidden')
    given(summoned()).when(cmd('ReportArrival', actors.streetOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })).then('forbidden')
    const withHousing = eventsOf(historyUntil('acknowledged', units.housing, actors.housingOfficer))
    given(withHousing).when(cmd('ReportArrival', actors.housingOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })).then('invalid-transition')
  })

  it('a summoned department may still report after the case was escalated', () => {
    const past = summoned()
    const escalated = after(past, given(past).when(cmd('EscalateComplaint', actors.streetOfficer, T('02T13:00:00'), { to: units.district, reason: '需区级协调' })).then(anyEvents))
    expect(caseOf(escalated).status).toBe('escalated')
    given(escalated).when(cmd('ReportArrival', actors.environmentOfficer, T('02T14:00:00'), { unitId: 'saihan-env' })).then(anyEvents)
  })

  it('a summoned department officer may act on the case; before the summons they may not', () => {
    given(streetLed()).when(cmd('ReportArrival', actors.housingOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })).then('forbidden')
  })

  // 退单 after 吹哨: the street finds, with the departments it summoned, that the case is not its duty (mis-dispatched) and
  // sends it back, as it could once it had signed for it (and as the unit above that signed for an escalation of a summoning
  // round may). The round ends with its summons: a department that has not come owes no 报到 any more.
  it('the street returns the case after the summons (退单), before or after a department came; the summons end with the round', () => {
    const past = summoned()
    const events = given(past).when(cmd('ReturnComplaint', actors.streetOfficer, T('03T10:00:00'), { reason: '经部门会商, 非本街道职责' })).then(anyEvents)
    expect(events).toEqual([
      { type: 'ComplaintReturned', data: expect.objectContaining({ complaintId: CASE_ID, at: T('03T10:00:00'), unit: units.street, reason: '经部门会商, 非本街道职责', dispatchBy: T('03T12:00:00') }) },
    ])
    const returned = after(past, events)
    expect(caseOf(returned)).toMatchObject({ status: 'returned', returns: 1, lead: undefined, summoned: [] })
    // No department is summoned any more: the case is no longer with it (it cannot report for duty, 报到, on it), and the
    // street that returned it has no department to rate.
    given(returned).when(cmd('ReportArrival', actors.housingOfficer, T('03T11:00:00'), { unitId: 'saihan-housing' })).then('forbidden')
    given(returned).when(cmd('RateDepartmentHelp', actors.streetOfficer, T('05T11:00:00'), { unitId: 'saihan-housing', rating: 'unsatisfied', comment: '未报到' })).then('validation')
    // After a department came.
    const arrived = after(past, given(past).when(cmd('ReportArrival', actors.housingOfficer, T('02T14:00:00'), { unitId: 'saihan-housing' })).then(anyEvents))
    given(arrived).when(cmd('ReturnComplaint', actors.streetOfficer, T('03T10:00:00'), { reason: '非本街道职责' })).then(anyEvents)
    // Not a summoned department: the lead returns it.
    given(arrived).when(cmd('ReturnComplaint', actors.housingOfficer, T('03T10:00:00'), { reason: 'x' })).then('forbidden')
  })

  // 导入调解 after 吹哨: the summons stands while the dispute runs (a failed referral puts the case back in
  // `departments-summoned`), and so does its 报到 deadline — a referred case stays on the overdue list with its round's
  // deadlines (DOMAIN.md "Dashboards"; docs/kpis.md). A department that comes meanwhile reports it, and its part.
  it('a summoned department reports its arrival (报到) and its part while the case is referred to mediation', () => {
    const past = summoned()
    const refer = cmd('ReferToMediation', actors.operator, T('03T09:00:00'), { disputeId: DISPUTE_ID, disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '邻里纠纷' })
    const referred = after(past, given(past).when(refer).then(anyEvents))
    expect(caseOf(referred).status).toBe('referred-to-mediation')
    // Wed 3-04 15:00, before its 报到 deadline (3-04 24:00): on time.
    const events = given(referred).when(cmd('ReportArrival', actors.housingOfficer, T('04T15:00:00'), { unitId: 'saihan-housing' })).then(anyEvents)
    expect(events).toEqual([{ type: 'ComplaintDepartmentArrived', data: { complaintId: CASE_ID, at: T('04T15:00:00'), unit: units.housing, reportBy: T('04T23:59:59'), onTime: true } }])
    const arrived = after(referred, events)
    expect(caseOf(arrived)).toMatchObject({ status: 'referred-to-mediation', summoned: [expect.objectContaining({ arrivedAt: T('04T15:00:00') }), expect.objectContaining({ unit: units.environment })] })
    given(arrived).when(cmd('ReportDepartmentPart', actors.housingOfficer, T('04T16:00:00'), { unitId: 'saihan-housing', report: '参加调解, 说明维修责任' })).then(anyEvents)
    // Thu 3-05 09:00, the next day: late.
    const [late] = given(referred).when(cmd('ReportArrival', actors.environmentOfficer, T('05T09:00:00'), { unitId: 'saihan-env' })).then(anyEvents)
    expect(late?.data).toMatchObject({ reportBy: T('04T23:59:59'), onTime: false })
  })
})

describe('co-handling (协办)', () => {
  const housingLed = () => eventsOf(historyUntil('acknowledged', units.housing, actors.housingOfficer))
  const withCoHandler = () => {
    const past = housingLed()
    return after(past, given(past).when(cmd('AddCoHandler', actors.housingOfficer, T('02T12:00:00'), { unit: units.environment, task: '查噪音' })).then(anyEvents))
  }

  it('the lead adds a co-handling unit, which reports its part', () => {
    expect(caseOf(withCoHandler()).coHandlers).toEqual([{ unit: units.environment, task: '查噪音' }])
    const events = given(withCoHandler()).when(cmd('ReportCoHandling', actors.environmentOfficer, T('03T12:00:00'), { unitId: 'saihan-env', report: '已检测' })).then(anyEvents)
    expect(events).toEqual([{ type: 'ComplaintCoHandlingReported', data: { complaintId: CASE_ID, at: T('03T12:00:00'), unit: units.environment, report: '已检测' } }])
    const reported = after(withCoHandler(), events)
    given(reported).when(cmd('ReportCoHandling', actors.environmentOfficer, T('03T13:00:00'), { unitId: 'saihan-env', report: 'again' })).then('invalid-transition')
  })

  it('the lead cannot submit its result before every co-handler has reported (invalid-transition)', () => {
    const submit = cmd('SubmitResult', actors.housingOfficer, T('03T12:00:00'), { result: '已处理', outcome: 'resolved' })
    given(withCoHandler()).when(submit).then('invalid-transition')
    const reported = after(withCoHandler(), given(withCoHandler()).when(cmd('ReportCoHandling', actors.environmentOfficer, T('03T11:00:00'), { unitId: 'saihan-env', report: 'ok' })).then(anyEvents))
    given(reported).when(submit).then(anyEvents)
  })

  it('refuses the lead itself or a duplicate (validation), a non-lead (forbidden), before acknowledgement (invalid-transition)', () => {
    expect(pathsOf(given(housingLed()).when(cmd('AddCoHandler', actors.housingOfficer, T('02T12:00:00'), { unit: units.housing })).then('validation'))).toEqual(['unit.id'])
    expect(pathsOf(given(withCoHandler()).when(cmd('AddCoHandler', actors.housingOfficer, T('02T13:00:00'), { unit: units.environment })).then('validation'))).toEqual(['unit.id'])
    given(withCoHandler()).when(cmd('AddCoHandler', actors.environmentOfficer, T('02T13:00:00'), { unit: units.street })).then('forbidden')
    given(historyUntil('dispatched', units.housing, actors.housingOfficer)).when(cmd('AddCoHandler', actors.housingOfficer, T('02T12:00:00'), { unit: units.environment })).then('invalid-transition')
  })

  it('refuses a report from a unit that is not co-handling (validation) or for another unit (forbidden)', () => {
    expect(pathsOf(given(withCoHandler()).when(cmd('ReportCoHandling', actors.environmentOfficer, T('03T12:00:00'), { unitId: 'saihan-housing', report: 'x' })).then('validation'))).toEqual([
      'unitId',
    ])
    given(withCoHandler()).when(cmd('ReportCoHandling', actors.housingOfficer, T('03T12:00:00'), { unitId: 'saihan-env', report: 'x' })).then('forbidden')
  })
})

describe('extension (延期)', () => {
  const acknowledged = () => eventsOf(historyUntil('acknowledged'))
  const request = (days = 5, at = T('10T10:00:00')) => cmd('RequestExtension', actors.gridWorker, at, { days, reason: '需等待配件' })
  const requested = () => after(acknowledged(), given(acknowledged()).when(request()).then(anyEvents))

  it('the lead requests, a supervisor approves, the result deadline moves once', () => {
    given(acknowledged()).when(request()).then([
      {
        type: 'ComplaintExtensionRequested',
        data: { complaintId: CASE_ID, at: T('10T10:00:00'), unit: units.grid, days: 5, dayUnit: 'working-days', reason: '需等待配件', resultBy: T('23T23:59:59') },
      },
    ])
    const approved = given(requested()).when(cmd('ApproveExtension', actors.supervisor, T('10T15:00:00'), { reason: '同意' })).then(anyEvents)
    expect(approved).toEqual([
      {
        type: 'ComplaintExtensionApproved',
        data: { complaintId: CASE_ID, at: T('10T15:00:00'), days: 5, dayUnit: 'working-days', previousResultBy: T('23T23:59:59'), resultBy: T('30T23:59:59'), reason: '同意', calendar: { ...SHIPPED_CALENDAR, days: 5, unit: 'working-days' } },
      },
    ])
    const extended = after(requested(), approved)
    expect(caseOf(extended)).toMatchObject({ resultBy: T('30T23:59:59'), extended: true })
    given(extended).when(request(3, T('11T10:00:00'))).then('invalid-transition')
  })

  it('an approver may grant fewer days, not more', () => {
    const [approved] = given(requested()).when(cmd('ApproveExtension', actors.operator, T('10T15:00:00'), { days: 2 })).then(anyEvents)
    expect(approved?.data).toMatchObject({ days: 2, resultBy: T('25T23:59:59') })
    expect(pathsOf(given(requested()).when(cmd('ApproveExtension', actors.supervisor, T('10T15:00:00'), { days: 6 })).then('validation'))).toEqual(['days'])
  })

  it('a denied request may be made again', () => {
    const denied = given(requested()).when(cmd('DenyExtension', actors.supervisor, T('10T15:00:00'), { reason: '理由不充分' })).then(anyEvents)
    expect(denied).toEqual([{ type: 'ComplaintExtensionDenied', data: { complaintId: CASE_ID, at: T('10T15:00:00'), reason: '理由不充分' } }])
    given(after(requested(), denied)).when(request(5, T('11T10:00:00'))).then(anyEvents)
  })

  it('refuses a second pending request, approval without a request (invalid-transition)', () => {
    given(requested()).when(request(3, T('10T11:00:00'))).then('invalid-transition')
    given(acknowledged()).when(cmd('ApproveExtension', actors.supervisor, T('10T15:00:00'), {})).then('invalid-transition')
    given(acknowledged()).when(cmd('DenyExtension', actors.supervisor, T('10T15:00:00'), { reason: 'x' })).then('invalid-transition')
  })

  it('refuses more days than the policy allows (validation; zero days: decode.test.ts)', () => {
    expect(pathsOf(given(acknowledged()).when(request(16)).then('validation'))).toEqual(['days'])
  })

  it('refuses a request after the result deadline (deadline-passed)', () => {
    const error = given(acknowledged()).when(request(5, T('24T00:00:00'))).then('deadline-passed')
    expect(error).toMatchObject({ deadline: T('23T23:59:59') })
  })

  it('refuses a handler approving, or a supervisor requesting (forbidden)', () => {
    given(requested()).when(cmd('ApproveExtension', actors.gridWorker, T('10T15:00:00'), {})).then('forbidden')
    given(acknowledged()).when(cmd('RequestExtension', actors.supervisor, T('10T10:00:00'), { days: 2, reason: 'x' })).then('forbidden')
  })
})

describe('submit result (办结)', () => {
  const acknowledged = () => eventsOf(historyUntil('acknowledged'))
  const submit = (at: string, actor: Actor = actors.gridWorker) => cmd('SubmitResult', actor, at, { result: '已解决', outcome: 'resolved' })

  it('the lead submits on time (end of the deadline day counts)', () => {
    given(acknowledged()).when(submit(T('23T23:59:59'))).then([
      {
        type: 'ComplaintResultSubmitted',
        data: { complaintId: CASE_ID, at: T('23T23:59:59'), unit: units.grid, result: '已解决', outcome: 'resolved', resultBy: T('23T23:59:59'), onTime: true, round: 1 },
      },
    ])
  })

  it('a result the next day is late', () => {
    const [event] = given(acknowledged()).when(submit(T('24T00:00:00'))).then(anyEvents)
    expect(event?.data).toMatchObject({ onTime: false })
  })

  it('refuses a non-lead (forbidden), before acknowledgement (invalid-transition); a bad outcome: decode.test.ts', () => {
    given(acknowledged()).when(submit(T('05T10:00:00'), actors.housingOfficer)).then('forbidden')
    given(historyUntil('dispatched')).when(submit(T('05T10:00:00'))).then('invalid-transition')
  })
})

describe('return (退单)', () => {
  it('the lead sends a mis-dispatched case back; the dispatcher dispatches it again', () => {
    const dispatched = eventsOf(historyUntil('dispatched'))
    const events = given(dispatched).when(cmd('ReturnComplaint', actors.gridWorker, T('02T10:30:00'), { reason: '不属于本网格' })).then(anyEvents)
    // Back with the dispatcher: a new dispatch deadline, 2 hours from the return (10:30 → 12:30).
    const calendar = { id: chineseWorkdays.name, version: chineseWorkdays.version }
    expect(events).toEqual([{ type: 'ComplaintReturned', data: { complaintId: CASE_ID, at: T('02T10:30:00'), unit: units.grid, reason: '不属于本网格', dispatchBy: T('02T12:30:00'), dispatchCalendar: calendar } }])
    const returned = after(dispatched, events)
    expect(caseOf(returned)).toMatchObject({ status: 'returned', returns: 1, lead: undefined, dispatchBy: T('02T12:30:00') })
    const [redispatched] = given(returned).when(cmd('DispatchComplaint', actors.operator, T('02T11:00:00'), { unit: units.community })).then(anyEvents)
    expect(redispatched?.data).toMatchObject({ unit: units.community, round: 1, redispatch: true, acknowledgeBy: T('03T11:00:00') })
  })

  it('refuses after the result (invalid-transition), another unit (forbidden); no reason: decode.test.ts', () => {
    given(historyUntil('resultSubmitted')).when(cmd('ReturnComplaint', actors.gridWorker, T('05T17:00:00'), { reason: 'x' })).then('invalid-transition')
    given(historyUntil('dispatched')).when(cmd('ReturnComplaint', actors.housingOfficer, T('02T10:30:00'), { reason: 'x' })).then('forbidden')
  })
})

describe('notify the complainant (结果反馈)', () => {
  const submitted = () => eventsOf(historyUntil('resultSubmitted'))

  it('the hotline or the lead unit tells the complainant the result', () => {
    given(submitted()).when(cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method: 'phone' })).then([
      { type: 'ComplainantNotified', data: { complaintId: CASE_ID, at: T('05T17:00:00'), method: 'phone' } },
    ])
    given(submitted()).when(cmd('NotifyComplainant', actors.gridWorker, T('05T17:00:00'), { method: 'in-person' })).then(anyEvents)
  })

  // DOMAIN.md: a 举报's complainant is known only to the hotline that registered it and to supervisors — the handling
  // unit sees it masked, so it cannot be the one to tell the reporter the result: the hotline does (as for a mediation's).
  it('on a 举报 (report), only the hotline tells the complainant; the lead unit, or a superior for it, is forbidden', () => {
    const report = eventsOf(run([
      cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration({ kind: 'report' })),
      cmd('AcceptComplaint', actors.operator, T('02T09:10:00'), {}),
      cmd('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: units.grid }),
      cmd('AcknowledgeComplaint', actors.gridWorker, T('02T11:00:00'), {}),
      cmd('SubmitResult', actors.gridWorker, T('05T16:00:00'), { result: '已查处', outcome: 'resolved' }),
    ]))
    given(report).when(cmd('NotifyComplainant', actors.gridWorker, T('05T17:00:00'), { method: 'in-person' })).then('forbidden')
    given(report).when(cmd('NotifyComplainant', actors.streetOfficer, T('05T17:00:00'), { method: 'phone' })).then('forbidden')
    // An admin reads who reported masked too (only the hotline and supervisors see it): it does not tell the reporter either.
    given(report).when(cmd('NotifyComplainant', actors.admin, T('05T17:00:00'), { method: 'phone' })).then('forbidden')
    given(report).when(cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method: 'phone' })).then(anyEvents)
  })

  // The same rule for the other acts that reach the reporter: the 回访 call and the 一事一评 taken on the phone. An admin
  // (whom the role lists do not bind) reads who reported masked: it records neither (found in review: it recorded both).
  it('on a 举报 (report), an admin records no callback and no rating for the reporter; the hotline does', () => {
    const notified = eventsOf(run([
      cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration({ kind: 'report' })),
      cmd('AcceptComplaint', actors.operator, T('02T09:10:00'), {}),
      cmd('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: units.grid }),
      cmd('AcknowledgeComplaint', actors.gridWorker, T('02T11:00:00'), {}),
      cmd('SubmitResult', actors.gridWorker, T('05T16:00:00'), { result: '已查处', outcome: 'resolved' }),
      cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method: 'phone' }),
    ]))
    const answers = { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' } as const
    given(notified).when(cmd('RecordCallback', actors.admin, T('06T09:00:00'), answers)).then('forbidden')
    given(notified).when(cmd('EvaluateComplaint', actors.admin, T('06T09:00:00'), { rating: 'satisfied' })).then('forbidden')
    given(notified).when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), answers)).then(anyEvents)
    given(notified).when(cmd('EvaluateComplaint', actors.operator, T('06T09:00:00'), { rating: 'satisfied' })).then(anyEvents)
    // What the reporter adds (补充诉求) is taken by the hotline too, not by an admin.
    given(notified).when(cmd('SupplementComplaint', actors.admin, T('06T09:00:00'), { text: '补充：违建仍在施工' })).then('forbidden')
    given(notified).when(cmd('SupplementComplaint', actors.operator, T('06T09:00:00'), { text: '补充：违建仍在施工' })).then(anyEvents)
    // Not a 举报: the admin is not held back.
    given(eventsOf(historyUntil('notified'))).when(cmd('RecordCallback', actors.admin, T('06T09:00:00'), answers)).then(anyEvents)
  })

  it('refuses another unit (forbidden), before a result (invalid-transition); an unknown method: decode.test.ts', () => {
    given(submitted()).when(cmd('NotifyComplainant', actors.housingOfficer, T('05T17:00:00'), { method: 'sms' })).then('forbidden')
    given(historyUntil('acknowledged')).when(cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method: 'sms' })).then('invalid-transition')
  })
})

describe('evaluate (一事一评)', () => {
  const notified = () => eventsOf(historyUntil('notified'))

  it('the resident rates the result; the event names the unit and its level (resolution level)', () => {
    given(notified()).when(cmd('EvaluateComplaint', actors.resident, T('06T09:00:00'), { rating: 'basically-satisfied', comment: '还行' })).then([
      {
        type: 'ComplaintEvaluated',
        data: { complaintId: CASE_ID, at: T('06T09:00:00'), rating: 'basically-satisfied', unit: units.grid, level: 'grid', round: 1, comment: '还行' },
      },
    ])
  })

  it('refuses another resident (forbidden), before feedback (invalid-transition); an unknown rating: decode.test.ts', () => {
    given(notified()).when(cmd('EvaluateComplaint', actors.otherResident, T('06T09:00:00'), { rating: 'satisfied' })).then('forbidden')
    given(historyUntil('resultSubmitted')).when(cmd('EvaluateComplaint', actors.resident, T('06T09:00:00'), { rating: 'satisfied' })).then('invalid-transition')
  })
})

describe('reopen (重办) and close (结案)', () => {
  const evaluated = (rating: 'satisfied' | 'unsatisfied') => {
    const past = eventsOf(historyUntil('notified'))
    return after(past, given(past).when(cmd('EvaluateComplaint', actors.resident, T('06T09:00:00'), { rating })).then(anyEvents))
  }

  it('an unsatisfied case is reopened: back to dispatched, a new round, fresh deadlines on the event', () => {
    const events = given(evaluated('unsatisfied')).when(cmd('ReopenComplaint', actors.operator, T('06T10:00:00'), { reason: '暖气仍不热', unit: units.community })).then(anyEvents)
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
    given(evaluated('satisfied')).when(cmd('ReopenComplaint', actors.operator, T('06T10:00:00'), { reason: 'x' })).then('invalid-transition')
    given(evaluated('unsatisfied')).when(cmd('ReopenComplaint', actors.gridWorker, T('06T10:00:00'), { reason: 'x' })).then('forbidden')
  })

  it('closes an evaluated case', () => {
    given(evaluated('satisfied')).when(cmd('CloseComplaint', actors.operator, T('06T10:00:00'), {})).then([
      { type: 'ComplaintClosed', data: { complaintId: CASE_ID, at: T('06T10:00:00'), closedAs: 'evaluated', rating: 'satisfied' } },
    ])
  })

  it('closing an unsatisfied case, or one never evaluated, needs a reason (validation)', () => {
    expect(pathsOf(given(evaluated('unsatisfied')).when(cmd('CloseComplaint', actors.supervisor, T('06T10:00:00'), {})).then('validation'))).toEqual(['reason'])
    given(evaluated('unsatisfied')).when(cmd('CloseComplaint', actors.supervisor, T('06T10:00:00'), { reason: '诉求不合理，已解释' })).then(anyEvents)
    const notified = eventsOf(historyUntil('notified'))
    expect(pathsOf(given(notified).when(cmd('CloseComplaint', actors.operator, T('09T10:00:00'), {})).then('validation'))).toEqual(['reason'])
    const [closed] = given(notified).when(cmd('CloseComplaint', actors.operator, T('09T10:00:00'), { reason: '三次回访未接通' })).then(anyEvents)
    expect(closed?.data).toMatchObject({ closedAs: 'no-evaluation' })
  })

  it('refuses to close an open case (invalid-transition) or by a handler (forbidden); nothing happens to a closed case', () => {
    given(historyUntil('acknowledged')).when(cmd('CloseComplaint', actors.operator, T('06T10:00:00'), { reason: 'x' })).then('invalid-transition')
    given(evaluated('satisfied')).when(cmd('CloseComplaint', actors.gridWorker, T('06T10:00:00'), {})).then('forbidden')
    const closed = after(evaluated('satisfied'), given(evaluated('satisfied')).when(cmd('CloseComplaint', actors.operator, T('06T10:00:00'), {})).then(anyEvents))
    given(closed).when(cmd('CloseComplaint', actors.operator, T('06T11:00:00'), {})).then('invalid-transition')
    given(closed).when(cmd('UrgeComplaint', actors.supervisor, T('06T11:00:00'), { note: 'x' })).then('invalid-transition')
    given(closed).when(cmd('AddNote', actors.supervisor, T('06T11:00:00'), { note: 'x' })).then('invalid-transition')
  })
})

describe('merge duplicates', () => {
  it('a duplicate is merged into its primary case', () => {
    const events = given(historyUntil('registered')).when(cmd('MergeComplaint', actors.operator, T('02T09:05:00'), { primaryId: OTHER_CASE_ID, reason: '同一诉求' })).then(anyEvents)
    expect(events).toEqual([{ type: 'ComplaintMerged', data: { complaintId: CASE_ID, at: T('02T09:05:00'), primaryId: OTHER_CASE_ID, reason: '同一诉求' } }])
    expect(caseOf(after(eventsOf(historyUntil('registered')), events))).toMatchObject({ status: 'merged', mergedInto: OTHER_CASE_ID })
  })

  it('refuses itself (validation), once in hand (invalid-transition), a supervisor (forbidden); a non-uuid: decode.test.ts', () => {
    expect(pathsOf(given(historyUntil('registered')).when(cmd('MergeComplaint', actors.operator, T('02T09:05:00'), { primaryId: CASE_ID })).then('validation'))).toEqual(['primaryId'])
    given(historyUntil('acknowledged')).when(cmd('MergeComplaint', actors.operator, T('02T12:00:00'), { primaryId: OTHER_CASE_ID })).then('invalid-transition')
    given(historyUntil('registered')).when(cmd('MergeComplaint', actors.supervisor, T('02T09:05:00'), { primaryId: OTHER_CASE_ID })).then('forbidden')
  })
})

describe('supervision: urge (督办) and notes', () => {
  it.each(['registered', 'accepted', 'dispatched', 'acknowledged', 'resultSubmitted', 'notified'] as const)('a supervisor urges and adds notes while %s', (stage) => {
    const past = eventsOf(historyUntil(stage))
    const [urged] = given(past).when(cmd('UrgeComplaint', actors.supervisor, T('09T09:00:00'), { note: '请加快办理' })).then(anyEvents)
    expect(urged).toMatchObject({ type: 'ComplaintUrged', data: { note: '请加快办理', state: caseOf(past).status } })
    const [noted] = given(past).when(cmd('AddNote', actors.supervisor, T('09T09:00:00'), { note: '已电话督促' })).then(anyEvents)
    expect(noted).toEqual({ type: 'ComplaintNoteAdded', data: { complaintId: CASE_ID, at: T('09T09:00:00'), note: '已电话督促' } })
  })

  it('urging names the lead unit and its deadline', () => {
    const [urged] = given(historyUntil('acknowledged')).when(cmd('UrgeComplaint', actors.supervisor, T('09T09:00:00'), { note: '请加快' })).then(anyEvents)
    expect(urged?.data).toMatchObject({ unit: units.grid, resultBy: T('23T23:59:59') })
  })

  it('refuses others (forbidden); an empty note: decode.test.ts', () => {
    given(historyUntil('acknowledged')).when(cmd('UrgeComplaint', actors.operator, T('09T09:00:00'), { note: 'x' })).then('forbidden')
    given(historyUntil('acknowledged')).when(cmd('AddNote', actors.gridWorker, T('09T09:00:00'), { note: 'x' })).then('forbidden')
  })
})

describe('callback (回访): after the notice, at the latest once the result deadline has passed', () => {
  const answers = { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' } as const
  // The happy path notifies on 5 March; the result deadline (15 working days from 2 March) is 23 March 23:59:59.
  it('given a notified case, the hotline records the three answers, for the unit whose result it was', () => {
    given(historyUntil('notified'))
      .when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), { ...answers, note: '已解决' }))
      .then([
        {
          type: 'ComplaintCallbackRecorded',
          data: { complaintId: CASE_ID, at: T('06T09:00:00'), reached: true, note: '已解决', resultBy: T('23T23:59:59'), unit: units.grid, contacted: true, solved: 'solved', satisfaction: 'satisfied', round: 1 },
        },
      ])
  })

  it('given an acknowledged case past its result deadline, the hotline calls back (reached, or not reached without answers)', () => {
    const events = given(historyUntil('acknowledged')).when(cmd('RecordCallback', actors.operator, T('24T09:00:00'), { reached: false, note: '无人接听' })).then(anyEvents)
    expect(events).toEqual([{ type: 'ComplaintCallbackRecorded', data: { complaintId: CASE_ID, at: T('24T09:00:00'), reached: false, note: '无人接听', resultBy: T('23T23:59:59'), unit: units.grid, round: 1 } }])
    given(historyUntil('acknowledged')).when(cmd('RecordCallback', actors.operator, T('24T09:00:00'), { reached: true, contacted: false, solved: 'not-solved', satisfaction: 'unsatisfied' })).then(anyEvents)
  })

  it('a reached complainant may decline; the event says so and carries no answers', () => {
    const events = given(historyUntil('notified')).when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), { reached: true, declined: true })).then(anyEvents)
    expect(events[0]?.data).toMatchObject({ reached: true, declined: true })
    expect(events[0]?.data).not.toHaveProperty('satisfaction')
  })

  it('refuses before the notice while the deadline runs (the day of the deadline included), after a result not yet notified before the deadline, and anyone but the hotline', () => {
    given(historyUntil('acknowledged')).when(cmd('RecordCallback', actors.operator, T('23T23:59:59'), answers)).then('invalid-transition')
    given(historyUntil('resultSubmitted')).when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), answers)).then('invalid-transition')
    given(historyUntil('resultSubmitted')).when(cmd('RecordCallback', actors.operator, T('24T09:00:00'), answers)).then(anyEvents)
    given(historyUntil('notified')).when(cmd('RecordCallback', actors.supervisor, T('06T09:00:00'), answers)).then('forbidden')
  })

  it('refuses answers that do not fit: a reached complainant must give all three, an unreached or declining one none', () => {
    const when = (data: unknown) => given(historyUntil('notified')).when(raw('RecordCallback', actors.operator, T('06T09:00:00'), data))
    expect(pathsOf(when({ reached: true, contacted: true, solved: 'solved' }).then('validation'))).toEqual(['satisfaction'])
    expect(pathsOf(when({ reached: true, solved: 'solved', satisfaction: 'satisfied' }).then('validation'))).toEqual(['contacted'])
    expect(pathsOf(when({ reached: false, satisfaction: 'satisfied' }).then('validation'))).toEqual(['satisfaction'])
    expect(pathsOf(when({ reached: false, declined: true }).then('validation'))).toEqual(['declined'])
    expect(pathsOf(when({ reached: true, declined: true, contacted: true }).then('validation'))).toEqual(['contacted'])
    // An answer outside the list is refused at the edge, by the command's codec.
    expect(E.isLeft(commandData.RecordCallback.decode({ reached: true, contacted: true, solved: 'mostly', satisfaction: 'satisfied' }))).toBe(true)
  })

  it('a callback answering unsatisfied or not solved lets the hotline reopen (重办); satisfied and solved does not', () => {
    const notified = eventsOf(historyUntil('notified'))
    for (const [solved, satisfaction, outcome] of [
      ['solved', 'unsatisfied', 'reopened'],
      ['not-solved', 'basically-satisfied', 'reopened'],
      ['partly', 'satisfied', 'invalid-transition'],
    ] as const) {
      const called = after(notified, given(notified).when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), { reached: true, contacted: true, solved, satisfaction })).then(anyEvents))
      const reopen = given(called).when(cmd('ReopenComplaint', actors.operator, T('06T10:00:00'), { reason: '回访不满意' }))
      if (outcome === 'reopened') {
        const events = reopen.then(anyEvents)
        expect(events.map((e) => e.type)).toEqual(['ComplaintReopened'])
        expect(caseOf(after(called, events))).toMatchObject({ status: 'dispatched', round: 2 })
        expect(caseOf(after(called, events)).callback).toBeUndefined()
      } else reopen.then('invalid-transition')
    }
  })

  it('the resident’s own 一事一评 stays beside the callback: both are in the history and the state', () => {
    const notified = eventsOf(historyUntil('notified'))
    const called = after(notified, given(notified).when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), answers)).then(anyEvents))
    const evaluated = after(called, given(called).when(cmd('EvaluateComplaint', actors.resident, T('06T10:00:00'), { rating: 'basically-satisfied' })).then(anyEvents))
    expect(evaluated.map((e) => e.type).slice(-2)).toEqual(['ComplaintCallbackRecorded', 'ComplaintEvaluated'])
    expect(caseOf(evaluated)).toMatchObject({ status: 'evaluated', callback: { satisfaction: 'satisfied' }, evaluation: { rating: 'basically-satisfied' } })
    // A callback after the resident's rating is allowed too.
    given(evaluated).when(cmd('RecordCallback', actors.operator, T('07T09:00:00'), answers)).then(anyEvents)
  })
})

describe('refer to mediation (转调解)', () => {
  const referral = { disputeId: DISPUTE_ID, disputeCategory: 'neighbour' as const, respondents: [{ name: '赵六', phone: '13700001111' }], summary: '楼上漏水纠纷' }

  it('turns the complaint into a dispute with the agreed event shape', () => {
    const past = eventsOf(historyUntil('acknowledged'))
    const events = given(past).when(cmd('ReferToMediation', actors.gridWorker, T('03T09:00:00'), { ...referral, reason: '属邻里纠纷' })).then(anyEvents)
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
    expect(caseOf(after(past, events))).toMatchObject({ status: 'referred-to-mediation', disputeId: DISPUTE_ID })
  })

  // No respondent, a bad phone, a bad dispute id, a category or summary the dispute does not take: decode.test.ts.
  it('a complainant without a resident account is referred without one', () => {
    const past = eventsOf(run([cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), registration({ channel: 'grid-visit', complainant: { name: '王五', phone: '13800138000' } }))]))
    const [referred] = given(past).when(cmd('ReferToMediation', actors.gridWorker, T('02T10:00:00'), referral)).then(anyEvents)
    expect(referred?.data).toMatchObject({ applicant: { name: '王五', phone: '13800138000' } })
    expect(referred?.type === 'ComplaintReferredToMediation' && referred.data.applicant).not.toHaveProperty('residentId')
  })

  it('refuses a respondent named as the complainant or as another respondent: the dispute names parties by name (validation)', () => {
    const past = eventsOf(historyUntil('accepted'))
    const asComplainant = { ...referral, respondents: [{ name: ' 李四 ' }] }
    expect(pathsOf(given(past).when(cmd('ReferToMediation', actors.operator, T('03T09:00:00'), asComplainant)).then('validation'))).toEqual(['respondents[0].name'])
    const twice = { ...referral, respondents: [{ name: '赵六' }, { name: '钱七' }, { name: '赵六' }] }
    expect(pathsOf(given(past).when(cmd('ReferToMediation', actors.operator, T('03T09:00:00'), twice)).then('validation'))).toEqual(['respondents[2].name'])
  })

  it("refuses a 举报 (invalid-transition): the dispute would name who reported, whom only the hotline and supervisors may know", () => {
    const past = eventsOf(run([cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), registration({ kind: 'report' })), cmd('AcceptComplaint', actors.operator, T('02T10:00:00'), {})]))
    const e = given(past).when(cmd('ReferToMediation', actors.operator, T('03T09:00:00'), referral)).then('invalid-transition')
    expect(e.message).toContain("a 举报's reporter is kept confidential")
  })

  // 首接负责制 (DOMAIN.md "Complaint": the first unit dispatched is the lead, "without passing the case on"): once a unit
  // leads the case, another area unit may not take it off the lead to mediation; the lead (or a superior acting for it,
  // as for its other steps) and the hotline that dispatched it may. Before any dispatch, any area role in scope may.
  it('once dispatched, refuses an area worker who does not act for the lead (forbidden); the lead, its superior and the hotline refer', () => {
    const housingLed = eventsOf(historyUntil('acknowledged', units.housing, actors.housingOfficer))
    given(housingLed).when(cmd('ReferToMediation', actors.gridWorker, T('03T09:00:00'), referral)).then('forbidden')
    given(housingLed).when(cmd('ReferToMediation', actors.streetOfficer, T('03T09:00:00'), referral)).then('forbidden')
    given(housingLed).when(cmd('ReferToMediation', actors.operator, T('03T09:00:00'), referral)).then(anyEvents)
    const streetLed = eventsOf(historyUntil('acknowledged', units.street, actors.streetOfficer))
    given(streetLed).when(cmd('ReferToMediation', actors.communityWorker, T('03T09:00:00'), referral)).then('forbidden')
    given(streetLed).when(cmd('ReferToMediation', actors.gridWorker, T('03T09:00:00'), referral)).then('forbidden')
    given(streetLed).when(cmd('ReferToMediation', actors.streetOfficer, T('03T09:00:00'), referral)).then(anyEvents)
    const gridLed = eventsOf(historyUntil('dispatched'))
    given(gridLed).when(cmd('ReferToMediation', actors.streetOfficer, T('03T09:00:00'), referral)).then(anyEvents)
    given(eventsOf(historyUntil('accepted'))).when(cmd('ReferToMediation', actors.communityWorker, T('03T09:00:00'), referral)).then(anyEvents)
  })

  it('refuses after the result (invalid-transition) and a department officer (forbidden)', () => {
    given(historyUntil('resultSubmitted')).when(cmd('ReferToMediation', actors.operator, T('06T09:00:00'), referral)).then('invalid-transition')
    given(historyUntil('acknowledged', units.housing, actors.housingOfficer)).when(cmd('ReferToMediation', actors.housingOfficer, T('03T09:00:00'), referral)).then('forbidden')
  })
})

describe('who may act at all', () => {
  const past = () => eventsOf(historyUntil('acknowledged'))

  it('an auditor may do nothing', () => {
    given(past()).when(cmd('AddNote', actors.auditor, T('03T09:00:00'), { note: 'x' })).then('forbidden')
    given(past()).when(cmd('SubmitResult', actors.auditor, T('03T09:00:00'), { result: 'x', outcome: 'resolved' })).then('forbidden')
  })

  it('an admin may act within its scope, for any unit', () => {
    given(past()).when(cmd('SubmitResult', actors.admin, T('03T09:00:00'), { result: 'x', outcome: 'resolved' })).then(anyEvents)
    const outsideAdmin = { ...actors.admin, jurisdiction: 'baotou' }
    given(past()).when(cmd('SubmitResult', outsideAdmin, T('03T09:00:00'), { result: 'x', outcome: 'resolved' })).then('forbidden')
  })

  it('an officer of another street may not act on the case', () => {
    given(historyUntil('registered')).when(cmd('AcceptComplaint', actors.outsider, T('02T09:10:00'), {})).then('forbidden')
  })

  it('a department officer may not act on a case no department holds', () => {
    given(historyUntil('resultSubmitted')).when(cmd('NotifyComplainant', actors.housingOfficer, T('05T17:00:00'), { method: 'sms' })).then('forbidden')
  })
})

describe('undeclared fields inside a command never reach an event', () => {
  const extra = { nickname: '小李', internalNote: 'x' }
  it('given no case, when registered with extra fields on the complainant, then the event’s complainant holds only declared ones', () => {
    const data = { ...registration(), complainant: { ...registration().complainant, ...extra } }
    const [registered] = given([]).when(raw('RegisterComplaint', actors.operator, T('02T09:00:00'), data)).then(anyEvents)
    expect(registered?.type === 'ComplaintRegistered' && registered.data.complainant).toEqual({ name: '李四', phone: '13912345678', residentId: 'resident-1' })
  })
  it('given an accepted case, when dispatched to a unit with extra fields, then the event’s unit holds only declared ones', () => {
    const [dispatched] = given(historyUntil('accepted')).when(raw('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: { ...units.housing, ...extra } })).then(anyEvents)
    expect(dispatched?.type === 'ComplaintDispatched' && dispatched.data.unit).toEqual(units.housing)
  })
  it('given a street-led case, when departments are summoned with extra fields, then each stored department holds only declared ones', () => {
    const past = eventsOf(historyUntil('acknowledged', units.street, actors.streetOfficer))
    const [summoned] = given(past).when(raw('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), { departments: [{ ...units.housing, ...extra }], reason: '供热' })).then(anyEvents)
    expect(summoned?.type === 'ComplaintDepartmentsSummoned' && summoned.data.departments).toEqual([units.housing])
  })
  it('given an acknowledged case, when referred to mediation with extra fields on a respondent, then the stored respondent holds only declared ones', () => {
    const referral = { disputeId: DISPUTE_ID, disputeCategory: 'neighbour', respondents: [{ name: '赵六', phone: '13700001111', ...extra }], summary: '楼上漏水纠纷' }
    const [referred] = given(historyUntil('acknowledged')).when(raw('ReferToMediation', actors.gridWorker, T('03T09:00:00'), referral)).then(anyEvents)
    expect(referred?.type === 'ComplaintReferredToMediation' && referred.data.respondents).toEqual([{ name: '赵六', phone: '13700001111' }])
  })
})

describe('the acting unit (a superior acting for the lead through actsFor)', () => {
  it('a street officer acknowledging and finishing a grid’s case is named as the acting unit; the grid itself is not', () => {
    const dispatched = eventsOf(historyUntil('dispatched'))
    const street = { id: STREET_PATH, level: 'street', jurisdiction: STREET_PATH }
    const acked = given(dispatched).when(cmd('AcknowledgeComplaint', actors.streetOfficer, T('02T11:00:00'), {})).then(anyEvents)
    expect(acked[0]?.data).toMatchObject({ unit: units.grid, actingUnit: street })
    const done = after(dispatched, acked)
    const result = given(done).when(cmd('SubmitResult', actors.streetOfficer, T('05T16:00:00'), { result: '街道代办', outcome: 'resolved' })).then(anyEvents)
    expect(result[0]?.data).toMatchObject({ unit: units.grid, actingUnit: street })
    // The grid worker acting for its own grid: no acting unit.
    const own = given(dispatched).when(cmd('AcknowledgeComplaint', actors.gridWorker, T('02T11:00:00'), {})).then(anyEvents)
    expect(own[0]?.data).not.toHaveProperty('actingUnit')
  })
})

describe('考评申诉 (apply to exclude a case from assessment)', () => {
  const apply = (actor: Actor, at = T('06T09:00:00')) => cmd('ApplyForExclusion', actor, at, { ground: 'unreasonable-demand', reason: '诉求超出政策范围' })
  it('given a handled case, its unit applies with a ground and a reason; a supervisor approves or rejects with a reason', () => {
    const notified = eventsOf(historyUntil('notified'))
    const applied = given(notified)
      .when(apply(actors.gridWorker))
      .then([{ type: 'ComplaintExclusionApplied', data: { complaintId: CASE_ID, at: T('06T09:00:00'), unit: units.grid, ground: 'unreasonable-demand', reason: '诉求超出政策范围' } }])
    const pending = after(notified, applied)
    given(pending)
      .when(cmd('DecideExclusion', actors.supervisor, T('07T09:00:00'), { approved: true, reason: '属实' }))
      .then([{ type: 'ComplaintExclusionDecided', data: { complaintId: CASE_ID, at: T('07T09:00:00'), unit: units.grid, ground: 'unreasonable-demand', approved: true, reason: '属实' } }])
    const rejected = after(pending, given(pending).when(cmd('DecideExclusion', actors.supervisor, T('07T09:00:00'), { approved: false, reason: '不属实' })).then(anyEvents))
    expect(caseOf(rejected).exclusion).toEqual({ status: 'rejected', ground: 'unreasonable-demand', unit: units.grid })
    // After a rejection the unit may apply again.
    given(rejected).when(apply(actors.gridWorker, T('08T09:00:00'))).then(anyEvents)
  })

  it('refuses: another unit (forbidden), a second application while one is pending, a decision with none pending, a bad ground, and before dispatch', () => {
    const notified = eventsOf(historyUntil('notified'))
    given(notified).when(apply(actors.outsider)).then('forbidden')
    given(notified).when(apply(actors.supervisor)).then('forbidden')
    given(notified).when(cmd('DecideExclusion', actors.supervisor, T('07T09:00:00'), { approved: true, reason: 'x' })).then('invalid-transition')
    const pending = after(notified, given(notified).when(apply(actors.gridWorker)).then(anyEvents))
    given(pending).when(apply(actors.gridWorker, T('06T10:00:00'))).then('invalid-transition')
    given(pending).when(cmd('DecideExclusion', actors.gridWorker, T('07T09:00:00'), { approved: true, reason: 'x' })).then('forbidden')
    // A ground outside the list is refused at the edge, by the command's codec.
    expect(E.isLeft(commandData.ApplyForExclusion.decode({ ground: 'too-hard', reason: 'x' }))).toBe(true)
    given(eventsOf(historyUntil('accepted'))).when(apply(actors.gridWorker)).then('invalid-transition')
  })

  // 并案 (DOMAIN.md "Denominator rules": a merged duplicate counts once, its primary): a duplicate counts nothing in the
  // evaluation (projections `rateFacts`), so an exclusion of it changes nothing — approved, it was neither counted nor
  // listed (`listedExclusionAsOf`). Found in review: apply-exclusion was taken on it all the same, and a supervisor asked to
  // decide a 考评申诉 that could not move a figure. Carried to the primary it would take the one case that does count
  // for the demand out of the 三率, on grounds given about another case: refused, naming the primary to apply on.
  const merged = () => after(eventsOf(historyUntil('dispatched')), [
    { type: 'ComplaintMerged', data: { complaintId: CASE_ID, at: T('03T09:00:00'), primaryId: OTHER_CASE_ID, reason: '同一诉求' } } as ComplaintEvent,
  ])
  it('given a merged duplicate, when its unit applies, then invalid-transition naming the primary; another unit is forbidden first', () => {
    const refused = given(merged()).when(apply(actors.gridWorker)).then('invalid-transition')
    expect(refused.message).toContain(OTHER_CASE_ID)
    expect(refused.message).toContain('merged')
    given(merged()).when(apply(actors.outsider)).then('forbidden')
  })
  // The reverse: merged while an application is pending, the application could no longer change anything and would be
  // left to a supervisor to decide for nothing: the merge waits for the decision (decide-exclusion). Excluded already
  // (approved), the merge is taken: the case counts nothing either way, excluded until the merge (docs/kpis.md).
  it('given a pending application, when the case is merged, then invalid-transition naming decide-exclusion; approved or rejected, it is merged', () => {
    const dispatched = eventsOf(historyUntil('dispatched'))
    const merge = cmd('MergeComplaint', actors.operator, T('04T09:00:00'), { primaryId: OTHER_CASE_ID, reason: '同一诉求' })
    const pending = after(dispatched, given(dispatched).when(apply(actors.gridWorker, T('03T09:00:00'))).then(anyEvents))
    expect(given(pending).when(merge).then('invalid-transition').message).toContain('decide-exclusion')
    for (const approved of [true, false]) {
      const decided = after(pending, given(pending).when(cmd('DecideExclusion', actors.supervisor, T('03T12:00:00'), { approved, reason: '核实' })).then(anyEvents))
      expect(given(decided).when(merge).then(anyEvents).map((e) => e.type)).toEqual(['ComplaintMerged'])
    }
  })
})
