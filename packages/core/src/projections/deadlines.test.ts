import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import type { HandlingUnit } from '../complaint/unit.js'
import * as E from 'fp-ts/lib/Either.js'
import { decode } from '../kernel/codec.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { DashboardFilter } from './filter.js'
import { complaintDraft as c, disputeDraft as d } from './fixtures.js'
import { replay } from './projection.js'

// Every kind of deadline can be overdue (DOMAIN.md "Time"), and due soon (临期) before that. A hand-written
// log; each expectation is counted by hand in its comment.
const A = 'hohhot/saihan/wulan'
const at = (day: string, time: string) => `2026-${day}T${time}:00+08:00`
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`
const U: HandlingUnit = { id: 'u-community', name: 'u', level: 'community', jurisdiction: `${A}/c1` }
const HOUSING: HandlingUnit = { id: 'housing-bureau', name: 'h', level: 'district', jurisdiction: 'hohhot/saihan', department: 'housing' }
const ENV: HandlingUnit = { id: 'env-bureau', name: 'e', level: 'district', jurisdiction: 'hohhot/saihan', department: 'environment' }
const parties = [{ side: 'applicant' as const, name: '王芳', phone: '13800138000' }, { side: 'respondent' as const, name: '李强' }]
const complainant = { name: '李四', phone: '13912345678' }

const log = sealLog([
  // c1: 信访, accept by 03-17 (15 days from 03-02), accepted 8 days late on 03-25.
  c(id(1), 'ComplaintRegistered', at('03-02', '09:00'), {
    channel: 'hotline-12345', kind: 'complaint', category: 'law-related', urgency: 'normal', title: 't', description: 'd', jurisdiction: `${A}/c1/g1`,
    complainant, policy: 'petition', acceptBy: at('03-17', '23:59'),
  }),
  c(id(1), 'ComplaintAccepted', at('03-25', '10:00'), { acceptBy: at('03-17', '23:59'), onTime: false }),
  // c2: dispatched 03-02 10:00 to U, result due 03-23 18:00, never done.
  c(id(2), 'ComplaintRegistered', at('03-02', '09:00'), {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: 't', description: 'd', jurisdiction: `${A}/c1/g1`,
    complainant, policy: 'standard-normal',
  }),
  c(id(2), 'ComplaintDispatched', at('03-02', '10:00'), {
    unit: U, round: 1, redispatch: false, policy: 'standard-normal', acknowledgeBy: at('03-03', '10:00'), resultBy: at('03-23', '18:00'),
    category: 'heating', kind: 'complaint', urgency: 'normal', jurisdiction: A,
  }),
  c(id(2), 'ComplaintAcknowledged', at('03-02', '11:00'), { unit: U, after: 'dispatch', onTime: true }),
  // 吹哨 on 03-03: two departments must report by 03-05 23:59; housing does on 03-05, environment never.
  c(id(2), 'ComplaintDepartmentsSummoned', at('03-03', '09:00'), { by: U, departments: [HOUSING, ENV], reason: '多部门', reportBy: at('03-05', '23:59') }),
  c(id(2), 'ComplaintDepartmentArrived', at('03-05', '16:00'), { unit: HOUSING }),
  // d3: agreement 03-10, window to 04-09; applied 03-12 (court accepts by 03-15); the court accepts on 03-17,
  // two days late, deciding by 04-01; it never rules.
  d(id(3), 'DisputeReported', at('03-01', '09:00'), { id: id(3), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
  d(id(3), 'MediationAgreed', at('03-10', '09:00'), { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-03-10', confirmationDeadline: at('04-09', '23:59') }),
  d(id(3), 'JudicialConfirmationApplied', at('03-12', '09:00'), {
    applicant: '王芳', consentedBy: ['李强'], court: '赛罕区法院', confirmationDeadline: at('04-09', '23:59'), courtDecisionDeadline: at('03-15', '23:59'),
  }),
  d(id(3), 'JudicialConfirmationAccepted', at('03-17', '09:00'), { court: '赛罕区法院', caseNumber: '(2026)蒙0105民特1号', decideBy: at('04-01', '23:59') }),
  // d4: agreement 03-10, window to 04-09, nobody applies.
  d(id(4), 'DisputeReported', at('03-01', '09:00'), { id: id(4), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
  d(id(4), 'MediationAgreed', at('03-10', '09:00'), { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-03-10', confirmationDeadline: at('04-09', '23:59') }),
])
const state = replay(dashboardProjection, log)
const asOf = (day: string, time: string) => dashboardView(state, { asOf: at(day, time) }).overdue
const kinds = (items: readonly { caseId: string; deadlineKind: string }[]) => items.map((i) => [i.caseId, i.deadlineKind])

describe('every deadline can be overdue, by kind', () => {
  it('信访 accept-by: overdue from 03-18 until accepted on 03-25', () => {
    // 03-16 12:00: d3's court had until 03-15 23:59 to accept (it did on 03-17). 03-20 12:00: c1 not accepted,
    // 03-17 23:59 passed 60 h 01 min ago; d3 was accepted by then.
    // (env-bureau's 报到, overdue since 03-05, is on both lists too: tested below.)
    const o = asOf('03-16', '12:00')
    expect(kinds(o.items)).toEqual([[id(2), 'arrival'], [id(3), 'court-accept']])
    const later = asOf('03-20', '12:00')
    expect(kinds(later.items)).toEqual([[id(2), 'arrival'], [id(1), 'accept']])
    expect(later.items[1]?.hoursOverdue).toBeCloseTo(60 + 1 / 60, 6)
    expect(later.byKind).toMatchObject({ accept: 1, 'court-accept': 0, result: 0 })
    expect(asOf('03-26', '12:00').byKind.accept).toBe(0)
  })

  it("the court's 15 days to decide and the 司法确认 window, at their edges", () => {
    // 04-01 23:59 is the last minute of the court's 15 days: not overdue; 04-02 00:00 it is.
    expect(asOf('04-01', '23:59').byKind['court-decide']).toBe(0)
    expect(asOf('04-02', '00:00').byKind['court-decide']).toBe(1)
    // d4's window (04-09 23:59) with no application: overdue from 04-10; d3 applied, so its window is not.
    const o = asOf('04-10', '00:00')
    expect(o.byKind).toMatchObject({ confirmation: 1, 'court-decide': 1, result: 1 })
    expect(kinds(o.items.filter((i) => i.deadlineKind === 'confirmation'))).toEqual([[id(4), 'confirmation']])
  })

  it('报到: the department that did not report by 03-05 23:59 is overdue, the one that did is not', () => {
    const o = asOf('03-06', '00:00')
    expect(o.items.filter((i) => i.deadlineKind === 'arrival').map((i) => [i.caseId, i.unitId])).toEqual([[id(2), 'env-bureau']])
    expect(asOf('03-05', '23:59').byKind.arrival).toBe(0)
  })

  it('unit evaluation shows each unit’s overdue deadlines by kind', () => {
    // c2: result due 03-23 18:00 with U, not done by 03-24.
    const units = dashboardView(state, { asOf: at('03-24', '12:00') }).units
    expect(units.find((u) => u.unit.id === 'u-community')?.overdue).toMatchObject({ result: 1, acknowledge: 0 })
    expect(units.find((u) => u.unit.id === 'env-bureau')?.overdue).toMatchObject({ arrival: 1, result: 0 })
  })
})

describe('due soon (临期): at most 20% of the time left', () => {
  it("c2's result (set 03-02 10:00, due 03-23 18:00: 512 h) is due soon in its last 102.4 h, from 03-19 11:36", () => {
    // 512 h × 0.2 = 102.4 h before 03-23 18:00 = 03-19 11:36.
    const before = asOf('03-19', '11:30').dueSoon
    expect(kinds(before.items).filter(([caseId]) => caseId === id(2))).toEqual([])
    const after = asOf('03-19', '11:40').dueSoon
    expect(kinds(after.items).filter(([caseId]) => caseId === id(2))).toEqual([[id(2), 'result']])
    expect(after.share).toBe(0.2)
    // Configurable: with 10% (51.2 h before 03-23 18:00 = 03-21 14:48) it is not due soon yet at 03-19 11:40.
    const tenth = dashboardView(state, { asOf: at('03-19', '11:40') }, { dueSoonShare: 0.1 }).overdue.dueSoon
    expect([tenth.share, kinds(tenth.items).filter(([caseId]) => caseId === id(2))]).toEqual([0.1, []])
    expect(kinds(dashboardView(state, { asOf: at('03-21', '14:50') }, { dueSoonShare: 0.1 }).overdue.dueSoon.items).filter(([caseId]) => caseId === id(2))).toEqual([[id(2), 'result']])
    // …or per request, `?dueSoon=0.1` (decoded from the query string; out of range is a validation error).
    const fromQuery = decode(DashboardFilter, { asOf: at('03-19', '11:40'), dueSoon: '0.1' })
    expect(E.isRight(fromQuery) && dashboardView(state, fromQuery.right).overdue.dueSoon.share).toBe(0.1)
    expect(E.isLeft(decode(DashboardFilter, { dueSoon: '1.5' }))).toBe(true)
    // Past the deadline it is overdue, no longer due soon.
    expect(kinds(asOf('03-23', '18:01').dueSoon.items).filter(([caseId]) => caseId === id(2))).toEqual([])
  })
})

describe('报到 after a rebase (重新计算期限): the named department’s clock moves, the others do not', () => {
  // c5: 吹哨 on Fri 01-09 10:00, housing and environment to report by Tue 01-13 23:59 (counted provisionally);
  // a schedule is loaded and the rebase on 01-10 moves housing's 报到 to Mon 01-12 23:59 (the change names it
  // alone, as the decider writes it for a department whose count moved).
  const rebased = replay(
    dashboardProjection,
    sealLog([
      c(id(5), 'ComplaintRegistered', at('01-05', '09:00'), {
        channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: 't', description: 'd', jurisdiction: `${A}/c1/g1`,
        complainant, policy: 'standard-normal',
      }),
      c(id(5), 'ComplaintDepartmentsSummoned', at('01-09', '10:00'), { by: U, departments: [HOUSING, ENV], reason: '多部门', reportBy: at('01-13', '23:59') }),
      c(id(5), 'ComplaintDeadlinesRebased', at('01-10', '12:00'), {
        reason: '放假安排已发布',
        calendar: { id: 'chinese-workdays', version: 'test' },
        changes: [{ kind: 'arrival', previous: at('01-13', '23:59'), deadline: at('01-12', '23:59'), units: ['housing-bureau'] }],
      }),
    ]),
  )
  const arrivals = (day: string, time: string) =>
    dashboardView(rebased, { asOf: at(day, time) }).overdue.items.filter((i) => i.deadlineKind === 'arrival').map((i) => i.unitId)

  it('housing is overdue from 01-13 00:00 (not at 01-12 23:59); environment only from 01-14 00:00', () => {
    expect(arrivals('01-12', '23:59')).toEqual([])
    expect(arrivals('01-13', '00:00')).toEqual(['housing-bureau'])
    expect(arrivals('01-13', '23:59')).toEqual(['housing-bureau'])
    expect(arrivals('01-14', '00:00').slice().sort()).toEqual(['env-bureau', 'housing-bureau'])
  })
})
