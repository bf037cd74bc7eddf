import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import type { HandlingUnit } from '../complaint/unit.js'
import * as E from 'fp-ts/lib/Either.js'
import { decode } from '../kernel/codec.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { DashboardFilter } from './filter.js'
import { complaintDraft as c, disputeDraft as d, EVERY_KIND_DUE, everyKindDrafts, everyKindId } from './fixtures.js'
import { deadlineAfter, normalPolicy, petitionPolicy } from '../complaint/deadlines.js'
import { replay } from './projection.js'
import { caseDeadlinesAt } from './caseDeadlines.js'
import { chineseWorkdays } from '../calendar/calendar.js'
import { confirmationDeadline, courtDecisionDeadline, courtReviewDeadline, defaultDisputePolicy, entrustmentReceiptDeadline, extendedDeadline, extendedReviewDeadline, mediationDeadline } from '../dispute/policy.js'

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

// 信访工作条例 (2022) art. 34: a 信访 case is handled within 60 days *of acceptance*, whether or not a unit has it yet. DOMAIN.md
// "Time": every deadline a case has can become overdue, and the overdue list sees it. The acceptance records the
// deadline (and a 退单 keeps it running): until a unit has the case it is overdue by kind `result` with no unit (the
// accepting office's, as for a case referred before dispatch), then the round's, the unit's. By hand: accepted Mon
// 2026-08-03 10:00 → 8-04..8-31 (28), 9-01..9-30 (58), 10-01 (59), 10-02 (60), in 国庆 (10-01..10-07 off) → Thu 10-08,
// to 24:00 China time.
describe('信访: the handling deadline before any dispatch, and after a 退单, is on the overdue list', () => {
  const P = `${A}/c1/g1`
  const DUE = '2026-10-08T23:59:59+08:00'
  const stamp = { id: 'chinese-workdays', version: 'chinese-days@1.5.7', from: at('08-03', '10:00'), days: 60, unit: 'statutory-days' as const }
  const pid = (n: number) => `00000000-0000-4000-8000-00000000047${n}`
  // p1: accepted, never dispatched. p2: accepted, dispatched only on 10-12 10:00 (its round keeps 10-08). p3: dispatched
  // 8-04, signed for, returned (退单) 9-02, not dispatched again.
  const accepted = (n: number) => [
    c(pid(n), 'ComplaintRegistered', at('08-03', '09:00'), {
      channel: 'hotline-12345', kind: 'complaint', category: 'law-related', urgency: 'normal', title: 't', description: 'd', jurisdiction: P,
      complainant, policy: 'petition', acceptBy: '2026-08-18T23:59:59+08:00',
    }),
    c(pid(n), 'ComplaintAccepted', at('08-03', '10:00'), { acceptBy: '2026-08-18T23:59:59+08:00', onTime: true, policy: 'petition', resultBy: DUE, calendar: stamp }),
  ]
  const dispatched = (n: number, day: string, acknowledgeBy: string) =>
    c(pid(n), 'ComplaintDispatched', at(day, '10:00'), {
      unit: U, round: 1, redispatch: false, policy: 'petition', acknowledgeBy, resultBy: DUE, category: 'law-related', kind: 'complaint', urgency: 'normal', jurisdiction: P,
      calendar: stamp,
    })
  const petitions = replay(
    dashboardProjection,
    sealLog([
      ...accepted(1),
      ...accepted(2),
      ...accepted(3),
      dispatched(3, '08-04', at('08-05', '10:00')),
      c(pid(3), 'ComplaintAcknowledged', at('08-04', '11:00'), { unit: U, after: 'dispatch', onTime: true }),
      c(pid(3), 'ComplaintReturned', at('09-02', '10:00'), { unit: U, reason: '非本网格事项', resultBy: DUE }),
      dispatched(2, '10-12', at('10-13', '10:00')),
    ]),
  )
  const view = (iso: string) => dashboardView(petitions, { asOf: iso })
  const rows = (items: readonly { caseId: string; deadlineKind: string; deadline: string; unitId?: string }[]) =>
    items.map((i) => [i.caseId, i.deadlineKind, i.deadline, i.unitId]).sort()
  const DUE_Z = '2026-10-08T15:59:59.000Z'

  it('overdue from 10-09 00:00, not in the last millisecond of 10-08; by no unit while no unit has the case', () => {
    const lastMs = view('2026-10-08T23:59:59.999+08:00').overdue
    expect(lastMs.items).toEqual([])
    expect(rows(lastMs.dueSoon.items)).toEqual([1, 2, 3].map((n) => [pid(n), 'result', DUE_Z, undefined]))
    const next = view('2026-10-09T00:00:00+08:00').overdue
    expect(rows(next.items)).toEqual([1, 2, 3].map((n) => [pid(n), 'result', DUE_Z, undefined]))
    expect(next.byKind).toMatchObject({ result: 3, accept: 0, acknowledge: 0 })
    expect(next.items[0]?.hoursOverdue).toBeCloseTo(1 / 3600, 9)
  })

  it('dispatched late (p2, 10-12 10:00): overdue as the unit’s from then, counted once', () => {
    const later = dashboardView(petitions, { asOf: '2026-10-13T00:00:00+08:00' })
    expect(rows(later.overdue.items)).toEqual([
      [pid(1), 'result', DUE_Z, undefined],
      [pid(2), 'result', DUE_Z, 'u-community'],
      [pid(3), 'result', DUE_Z, undefined],
    ])
    expect(later.overdue.byKind.result).toBe(3)
    expect(later.units.find((u) => u.unit.id === 'u-community')?.overdue).toMatchObject({ result: 1, acknowledge: 0 })
  })

  it('临期 from the acceptance: the last 20% of 8-03 10:00 → 10-08 23:59:59 (5,752,799 s) begin 09-25 16:23:59.2', () => {
    // 66 days + 13:59:59 = 5,752,799 s; 20% = 1,150,559.8 s = 13 d 07:35:59.8 before the deadline.
    const soon = (iso: string) => view(iso).overdue.dueSoon.items.filter((i) => i.caseId === pid(1)).map((i) => i.deadlineKind)
    expect(soon('2026-09-25T16:23:00+08:00')).toEqual([])
    expect(soon('2026-09-25T16:24:00+08:00')).toEqual(['result'])
  })
})

// The extended deadlines of a dispute are overdue like the ones they extend (DOMAIN.md "Time": every deadline a case has —
// mediation with its extension by agreement, the court's 15 days with their +10 — can become overdue). Counted by hand as
// statutory periods (民法典 arts. 200–203; 2026 notice: 国庆 10-01..10-07 off, Sat 10-10 a make-up working day), and
// checked against the deciders' own functions:
// - d5: accepted Tue 9-01 10:00 → 30 days: 9-02..9-30 (29), 10-01 (30), in 国庆 → Thu 10-08. Extended on 10-08 by 10 days
//   with the parties' agreement: 10-09..10-18 → Sun 10-18 → Mon 10-19.
// - d6: agreed 9-10 (oral): the 30 days to apply end 10-10, a make-up Saturday — a working day, so 10-10 itself. Applied
//   Mon 9-14 (the court accepts by Thu 9-17); accepted Wed 9-16 → 15 days: 9-17..9-30 (14), 10-01 (15) → Thu 10-08;
//   extended on 10-08 by 10 days → Mon 10-19.
describe('extended dispute deadlines (mediation by agreement, the court’s +10 days) are overdue when they pass', () => {
  const did = (n: number) => `00000000-0000-4000-8000-00000000048${n}`
  const DUE = (day: string) => `2026-${day}T23:59:59+08:00`
  const mediator = { id: 'm1', jurisdiction: A }
  const log = sealLog([
    d(did(5), 'DisputeReported', at('08-31', '09:00'), { id: did(5), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
    d(did(5), 'DisputeAccepted', at('09-01', '10:00'), { mediationDeadline: DUE('10-08') }),
    d(did(5), 'MediatorAssigned', at('09-01', '11:00'), { track: 'people', mediator }),
    d(did(5), 'MediationExtended', at('10-08', '10:00'), { previousDeadline: DUE('10-08'), deadline: DUE('10-19'), days: 10, reason: '双方同意延长', agreedBy: ['王芳', '李强'] }),
    d(did(6), 'DisputeReported', at('09-01', '09:00'), { id: did(6), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
    d(did(6), 'MediationAgreed', at('09-10', '09:00'), { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-09-10', confirmationDeadline: DUE('10-10') }),
    d(did(6), 'JudicialConfirmationApplied', at('09-14', '09:00'), { applicant: '王芳', consentedBy: ['李强'], court: '赛罕区法院', confirmationDeadline: DUE('10-10'), courtDecisionDeadline: DUE('09-17') }),
    d(did(6), 'JudicialConfirmationAccepted', at('09-16', '09:00'), { court: '赛罕区法院', caseNumber: '(2026)蒙0105民特9号', decideBy: DUE('10-08') }),
    d(did(6), 'JudicialConfirmationReviewExtended', at('10-08', '15:00'), { previousDeadline: DUE('10-08'), decideBy: DUE('10-19'), days: 10, reason: '案情复杂' }),
  ])
  const extended = replay(dashboardProjection, log)
  const overdueAt = (iso: string) => dashboardView(extended, { asOf: iso }).overdue.items.map((i) => [i.caseId, i.deadlineKind]).sort()

  it('the hand-counted dates are the deciders’ own', () => {
    expect(mediationDeadline('2026-09-01T10:00:00+08:00', defaultDisputePolicy)).toBe(DUE('10-08'))
    expect(extendedDeadline(DUE('10-08'), 10, defaultDisputePolicy)).toBe(DUE('10-19'))
    expect(confirmationDeadline('2026-09-10', chineseWorkdays)).toBe(DUE('10-10'))
    expect(courtDecisionDeadline('2026-09-14T09:00:00+08:00', chineseWorkdays)).toBe(DUE('09-17'))
    expect(courtReviewDeadline('2026-09-16T09:00:00+08:00', chineseWorkdays)).toBe(DUE('10-08'))
    expect(extendedReviewDeadline(DUE('10-08'), chineseWorkdays)).toBe(DUE('10-19'))
  })

  it('not overdue the day after the first deadline (extended), nor in the last millisecond of 10-19; overdue from 10-20 00:00', () => {
    expect(overdueAt('2026-10-09T00:00:00+08:00')).toEqual([])
    expect(overdueAt('2026-10-19T23:59:59.999+08:00')).toEqual([])
    expect(overdueAt('2026-10-20T00:00:00+08:00')).toEqual([[did(5), 'mediation'], [did(6), 'court-decide']])
  })
})

// Every kind at once (fixtures.ts `everyKindDrafts`, each date counted by hand there): all fall due on 2026-10-20 and
// none is met, so each is overdue from its close — the 签收 (an hour deadline) from 13:00:00.001, the day deadlines
// from 10-21 00:00 — and none before; the unit evaluation shows the units' own.
describe('every kind of deadline reaches the overdue list and the unit evaluation', () => {
  const every = replay(dashboardProjection, sealLog(everyKindDrafts()))
  const at1020 = (time: string) => `2026-10-20T${time}+08:00`
  const overdueAt = (iso: string) => dashboardView(every, { asOf: iso }).overdue
  const pairs = (iso: string) => overdueAt(iso).items.map((i) => [i.caseId, i.deadlineKind, i.unitId]).sort()

  it('the hand-counted dates are the deciders’ own', () => {
    expect(entrustmentReceiptDeadline('2026-10-15T09:00:00+08:00', defaultDisputePolicy)).toBe(EVERY_KIND_DUE)
    expect(confirmationDeadline('2026-09-20', chineseWorkdays)).toBe(EVERY_KIND_DUE)
    expect(courtDecisionDeadline('2026-10-17T09:00:00+08:00', chineseWorkdays)).toBe(EVERY_KIND_DUE)
    expect(extendedReviewDeadline(courtReviewDeadline('2026-09-25T09:00:00+08:00', chineseWorkdays), chineseWorkdays)).toBe(EVERY_KIND_DUE)
    expect(extendedDeadline(mediationDeadline('2026-09-10T09:00:00+08:00', defaultDisputePolicy), 10, defaultDisputePolicy)).toBe(EVERY_KIND_DUE)
    expect(deadlineAfter('2026-10-05T09:00:00+08:00', petitionPolicy.acceptWithin ?? petitionPolicy.resultWithin, chineseWorkdays)).toBe(EVERY_KIND_DUE)
    expect(deadlineAfter('2026-10-05T09:00:00+08:00', petitionPolicy.dispatchWithin ?? petitionPolicy.resultWithin, chineseWorkdays)).toBe(EVERY_KIND_DUE)
    expect(deadlineAfter('2026-08-21T10:00:00+08:00', petitionPolicy.resultWithin, chineseWorkdays)).toBe(EVERY_KIND_DUE)
    const result = deadlineAfter('2026-09-18T10:00:00+08:00', normalPolicy.resultWithin, chineseWorkdays)
    expect(result).toBe('2026-10-15T23:59:59+08:00')
    expect(deadlineAfter(result, { unit: 'working-days', amount: 3 }, chineseWorkdays)).toBe(EVERY_KIND_DUE)
    expect(deadlineAfter('2026-10-16T09:00:00+08:00', { unit: 'working-days', amount: 2 }, chineseWorkdays)).toBe(EVERY_KIND_DUE)
  })

  it('none before its close; the 签收 from 13:00:00.001; the day deadlines from 24:00', () => {
    expect(pairs(at1020('12:00:00'))).toEqual([])
    expect(pairs(at1020('13:00:00'))).toEqual([])
    expect(pairs(at1020('13:00:00.001'))).toEqual([[everyKindId(2), 'acknowledge', 'wulan-c1']])
    expect(pairs(at1020('23:59:59.999'))).toEqual([[everyKindId(2), 'acknowledge', 'wulan-c1']])
    const all = overdueAt('2026-10-21T00:00:00+08:00')
    expect(all.byKind).toEqual({ accept: 1, acknowledge: 1, arrival: 1, result: 2, mediation: 1, confirmation: 1, 'court-accept': 1, 'court-decide': 1, receipt: 1, dispatch: 1 })
    expect(pairs('2026-10-21T00:00:00+08:00')).toEqual(
      [
        [everyKindId(0), 'dispatch', undefined],
        [everyKindId(1), 'accept', undefined],
        [everyKindId(2), 'acknowledge', 'wulan-c1'],
        [everyKindId(3), 'arrival', 'saihan-environment'],
        [everyKindId(3), 'result', 'wulan-c1'],
        [everyKindId(4), 'result', undefined],
        [everyKindId(5), 'mediation', undefined],
        [everyKindId(6), 'confirmation', undefined],
        [everyKindId(7), 'court-accept', undefined],
        [everyKindId(8), 'court-decide', undefined],
        [everyKindId(9), 'receipt', undefined],
      ].sort(),
    )
  })

  it('the unit evaluation shows the units’ own overdue deadlines', () => {
    const units = dashboardView(every, { asOf: '2026-10-21T00:00:00+08:00' }).units
    expect(units.find((u) => u.unit.id === 'wulan-c1')?.overdue).toMatchObject({ acknowledge: 1, result: 1 })
    expect(units.find((u) => u.unit.id === 'saihan-environment')?.overdue).toMatchObject({ arrival: 1 })
  })
})

// 不予受理 ends one application, not the 30 days: the parties may apply together again, to the competent court, while
// they last (民事诉讼法 art. 205, 2023 numbering) — so the window is a deadline the case has again, and the overdue list
// sees it (DOMAIN.md "Time": every deadline a case has). It ends as it did: with an application or a fulfilment
// recorded; and where the case leaves the court for mediation again or for litigation, where no application is taken.
// Agreement Tue 3-10 (oral): day 30 = Thu 4-09, the window's last minute 04-09 23:59; applied 03-12, refused 03-14.
describe('after a refusal (不予受理) the 司法确认 window is on the overdue list again, until it is answered', () => {
  const WINDOW = at('04-09', '23:59')
  const refusedCase = (n: number, after: readonly ReturnType<typeof d>[]) => [
    d(id(n), 'DisputeReported', at('03-01', '09:00'), { id: id(n), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
    d(id(n), 'MediationAgreed', at('03-10', '09:00'), { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-03-10', confirmationDeadline: WINDOW }),
    d(id(n), 'JudicialConfirmationApplied', at('03-12', '09:00'), { applicant: '王芳', consentedBy: ['李强'], court: '赛罕区法院', confirmationDeadline: WINDOW, courtDecisionDeadline: at('03-15', '23:59') }),
    d(id(n), 'JudicialConfirmationRefused', at('03-14', '09:00'), { court: '赛罕区法院', caseNumber: `(2026)蒙0105民特${n}号`, reason: '不属于本院管辖' }),
    ...after,
  ]
  const refusedLog = sealLog([
    // 1: nobody applies again.
    ...refusedCase(1, []),
    // 2: applied again on 03-20, to the competent court.
    ...refusedCase(2, [d(id(2), 'JudicialConfirmationApplied', at('03-20', '09:00'), { applicant: '王芳', consentedBy: ['李强'], court: '呼和浩特市中级人民法院', confirmationDeadline: WINDOW, courtDecisionDeadline: at('03-23', '23:59') })]),
    // 3: back to mediation on 03-16; 4: referred to litigation on 03-16.
    ...refusedCase(3, [d(id(3), 'MediatorAssigned', at('03-16', '09:00'), { track: 'people', mediator: { id: 'm2', jurisdiction: A }, mediationDeadline: at('04-15', '23:59') })]),
    ...refusedCase(4, [d(id(4), 'ReferredToLitigation', at('03-16', '09:00'), { reason: '引导诉讼' })]),
    // 5: applied on day 29 (04-08), refused on day 31 (04-10): none of the window is left, and it was used in time.
    d(id(5), 'DisputeReported', at('03-01', '09:00'), { id: id(5), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
    d(id(5), 'MediationAgreed', at('03-10', '09:00'), { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-03-10', confirmationDeadline: WINDOW }),
    d(id(5), 'JudicialConfirmationApplied', at('04-08', '09:00'), { applicant: '王芳', consentedBy: ['李强'], court: '赛罕区法院', confirmationDeadline: WINDOW, courtDecisionDeadline: at('04-13', '23:59') }),
    d(id(5), 'JudicialConfirmationRefused', at('04-10', '09:00'), { court: '赛罕区法院', caseNumber: '(2026)蒙0105民特5号', reason: '不属于本院管辖' }),
  ])
  const refused = replay(dashboardProjection, refusedLog)
  const windowsAsOf = (day: string, time: string) =>
    kinds(dashboardView(refused, { asOf: at(day, time) }).overdue.items.filter((i) => i.deadlineKind === 'confirmation'))
  it('04-09 23:59, the last minute of the 30 days: not overdue; 04-10 00:00: the case nobody applied for again is', () => {
    expect(windowsAsOf('04-09', '23:59')).toEqual([])
    expect(windowsAsOf('04-10', '00:00')).toEqual([[id(1), 'confirmation']])
    expect(windowsAsOf('04-11', '00:00')).toEqual([[id(1), 'confirmation']])
  })
  it('due soon (临期) again from the refusal: 03-14 09:00 to 04-09 23:59 is 638 h 59 min, its last fifth (127 h 47.8 min) from 04-04 16:11.2', () => {
    const soon = (day: string, time: string) =>
      // (5's first window, from 03-10, unanswered until 04-08, is due soon from 04-03 20:11.2: not this case's point.)
      kinds(dashboardView(refused, { asOf: at(day, time) }).overdue.dueSoon.items.filter((i) => i.deadlineKind === 'confirmation' && i.caseId !== id(5)))
    expect(soon('04-04', '16:11')).toEqual([])
    expect(soon('04-04', '16:12')).toEqual([[id(1), 'confirmation']])
  })
  // The window as the dispute writes it: day 30's end, 04-09 23:59:59 — it runs to 24:00 (民法典 art. 203 ¶2), and an
  // application is taken all day 04-09 (policy's isPast: by China date). Refused at 04-09 23:59:59.500: half a second of
  // the 30 days is left, so the parties could still apply; nobody does, and from 04-10 00:00 the window is missed.
  it('a refusal in the last second of day 30 (04-09 23:59:59.500) leaves the window open to 24:00: overdue from 04-10 00:00', () => {
    const end = '2026-04-09T23:59:59+08:00'
    const log = sealLog([
      d(id(6), 'DisputeReported', at('03-01', '09:00'), { id: id(6), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
      d(id(6), 'MediationAgreed', at('03-10', '09:00'), { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-03-10', confirmationDeadline: end }),
      d(id(6), 'JudicialConfirmationApplied', at('04-08', '09:00'), { applicant: '王芳', consentedBy: ['李强'], court: '赛罕区法院', confirmationDeadline: end, courtDecisionDeadline: at('04-13', '23:59') }),
      d(id(6), 'JudicialConfirmationRefused', '2026-04-09T23:59:59.500+08:00', { court: '赛罕区法院', caseNumber: '(2026)蒙0105民特6号', reason: '不属于本院管辖' }),
    ])
    const view = (asOf: string) => kinds(dashboardView(replay(dashboardProjection, log), { asOf }).overdue.items.filter((i) => i.deadlineKind === 'confirmation'))
    expect(view('2026-04-09T23:59:59.999+08:00')).toEqual([])
    expect(view('2026-04-10T00:00:00+08:00')).toEqual([[id(6), 'confirmation']])
  })
})

// The 司法确认 window runs from the day the agreement took effect (人民调解法 art. 33; 民法典 art. 201: that day not
// counted), and a written agreement takes effect when the last of the parties and the mediator signed — which may be
// well before it is recorded (DOMAIN.md: entered as a date, never later than it is recorded). Its 临期 window is the
// window's own time, as a clerk's entrustment accepted weeks after the receipt has its 30 days' from the receipt
// (entrustment.test.ts): counted from the recording, most of a window recorded late was never "time left" at all.
// Written agreement signed last on Mon 2026-11-02, recorded Tue 11-24 10:00. Day 30 after 11-02 is Wed 12-02 (November
// has 30 days), a working day: the window ends 12-02 24:00 (written 23:59:59). Its time: 11-02 00:00 China time (the
// effective day, as the entrustment's receivedOn) to 12-02 23:59:59 = 30 d 23:59:59 = 2 678 399 s; the last fifth,
// 535 679.8 s = 6 d 4 h 47 min 59.8 s, starts 11-26 19:11:59.2. (From the recording, 11-24 10:00, the span would be
// 8 d 13:59:59 and the last fifth 41.2 h, from 12-01 06:48: a party told "due soon" with 1.7 days of 30 left.)
describe('a written agreement recorded after it took effect: the 司法确认 window is due soon by its own 30 days', () => {
  const end = '2026-12-02T23:59:59+08:00'
  const recorded = sealLog([
    d(id(7), 'DisputeReported', at('10-20', '09:00'), { id: id(7), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
    d(id(7), 'MediationAgreed', at('11-24', '10:00'), {
      track: 'people', mediatorId: 'm1', form: 'written', terms: ['赔偿'], effectiveOn: '2026-11-02', mediatorSignedOn: '2026-11-02', confirmationDeadline: end,
    }),
  ])
  const view = replay(dashboardProjection, recorded)
  const soon = (asOf: string) => kinds(dashboardView(view, { asOf }).overdue.dueSoon.items.filter((i) => i.deadlineKind === 'confirmation'))
  it('the window the decider writes: day 30 is Wed 12-02', () => {
    expect(confirmationDeadline('2026-11-02', chineseWorkdays)).toBe(end)
  })
  it('due soon from 11-26 19:11:59.2 (not at 19:11:59.1), overdue from 12-03 00:00', () => {
    expect(soon('2026-11-24T10:00:00+08:00')).toEqual([])
    expect(soon('2026-11-26T19:11:59.100+08:00')).toEqual([])
    expect(soon('2026-11-26T19:11:59.200+08:00')).toEqual([[id(7), 'confirmation']])
    expect(soon('2026-12-02T23:59:59.999+08:00')).toEqual([[id(7), 'confirmation']])
    expect(kinds(dashboardView(view, { asOf: '2026-12-03T00:00:00+08:00' }).overdue.items)).toEqual([[id(7), 'confirmation']])
  })
})

// The court's 3 days to accept (法释〔2011〕5号 art. 4; 民事诉讼法 art. 85: the day of filing not counted, the last day to
// 24:00 China time) run from the day the court received the application (`filedOn`), which may be days before staff
// record it (4ccc5847) — so its 临期 window is the 3 days' own time, from filedOn's 00:00 China time, as the 司法确认
// window's from the effective day (above), not the part of it left at the recording. Recorded the day it was filed, the
// window starts at the recording as before.
// Oral agreement reached and recorded Mon 2026-11-02 (30 days to Wed 12-02). Application filed Mon 11-23, recorded
// Wed 11-25 10:00. Day 3 after 11-23 is Thu 11-26, a working day: the court must accept by 11-26 24:00 (written
// 23:59:59). Its time: 11-23 00:00 to 11-26 23:59:59 = 3 d 23:59:59 = 345 599 s; the last fifth, 69 119.8 s =
// 19 h 11 min 59.8 s, starts 11-26 04:47:59.2. (From the recording, 11-25 10:00: 37 h 59 min 59 s, the last fifth
// 27 359.8 s = 7 h 35 min 59.8 s, from 11-26 16:23:59.2 — "due soon" with 8 of the court's 96 hours left.)
describe('an application recorded after it was filed: the court’s 3 days to accept are due soon by their own time', () => {
  const courtBy = '2026-11-26T23:59:59+08:00'
  const log = (filedOn: string | undefined, recorded: string) =>
    sealLog([
      d(id(8), 'DisputeReported', at('10-20', '09:00'), { id: id(8), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
      d(id(8), 'MediationAgreed', at('11-02', '10:00'), { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-11-02', reachedOn: '2026-11-02', confirmationDeadline: '2026-12-02T23:59:59+08:00' }),
      d(id(8), 'JudicialConfirmationApplied', recorded, {
        applicant: '王芳', consentedBy: ['李强'], court: '赛罕区法院', confirmationDeadline: '2026-12-02T23:59:59+08:00', courtDecisionDeadline: courtBy, ...(filedOn === undefined ? {} : { filedOn }),
      }),
    ])
  const soonOf = (view: Parameters<typeof dashboardView>[0]) => (asOf: string) =>
    kinds(dashboardView(view, { asOf }).overdue.dueSoon.items.filter((i) => i.deadlineKind === 'court-accept'))
  it('the deadline the decider writes: day 3 after 11-23 is Thu 11-26', () => {
    expect(courtDecisionDeadline('2026-11-23T00:00:00+08:00', chineseWorkdays)).toBe(courtBy)
  })
  it('filed 11-23, recorded 11-25 10:00: due soon from 11-26 04:47:59.2 (not at 04:47:59.1), overdue from 11-27 00:00', () => {
    const soon = soonOf(replay(dashboardProjection, log('2026-11-23', at('11-25', '10:00'))))
    expect(soon('2026-11-25T10:00:00+08:00')).toEqual([])
    expect(soon('2026-11-26T04:47:59.100+08:00')).toEqual([])
    expect(soon('2026-11-26T04:47:59.200+08:00')).toEqual([[id(8), 'court-accept']])
    expect(soon('2026-11-26T23:59:59.999+08:00')).toEqual([[id(8), 'court-accept']])
    const view = replay(dashboardProjection, log('2026-11-23', at('11-25', '10:00')))
    expect(kinds(dashboardView(view, { asOf: '2026-11-27T00:00:00+08:00' }).overdue.items.filter((i) => i.deadlineKind === 'court-accept'))).toEqual([[id(8), 'court-accept']])
  })
  it('filed and recorded the same day (or filedOn not given): the window starts at the recording, as before', () => {
    // Recorded 11-23 10:00: 3 d 13:59:59 = 309 599 s; the last fifth 61 919.8 s = 17 h 11 min 59.8 s, from 11-26 06:47:59.2.
    for (const filedOn of ['2026-11-23', undefined]) {
      const soon = soonOf(replay(dashboardProjection, log(filedOn, at('11-23', '10:00'))))
      expect(soon('2026-11-26T06:47:59.100+08:00')).toEqual([])
      expect(soon('2026-11-26T06:47:59.200+08:00')).toEqual([[id(8), 'court-accept']])
    }
  })
})

// The 司法确认 window bounds the parties' application (人民调解法 art. 33; 民事诉讼法 art. 205, 2023 numbering: "自调解协议生效之日起
// 三十日内…提出"), not the day staff record it: an application filed in time (`filedOn`) and recorded later met the window
// on the day it was filed — at noon China time, the instant the decider judges it by (decide.ts, `actedAt`) — so the
// overdue and due-soon lists, the case view and the figures stop the window there, not at the recording. Before, an
// application filed on the last day and recorded the next was 超期 in between, in every as-of read of those hours.
// Oral agreement reached and recorded Sat 2026-09-05. Day 30 after 09-05 (that day not counted, 民法典 art. 201) is Mon
// 10-05, in the National Day holiday (10-01 to 10-07, 国办发明电〔2025〕N号): the window ends on the first working day after
// it (民法典 art. 203), Thu 10-08, at 24:00 (written 23:59:59). The application is filed on that last day, Thu 10-08, and
// recorded Fri 10-09 10:00 (the court's 3 days from 10-08 end Sun 10-11, a rest day: Mon 10-12). Its time from the
// recording 09-05 10:00 to 10-08 23:59:59 is 33 d 13:59:59; the last fifth, 6 d 17 h 35 min 59.8 s, starts 10-02
// 06:24:00.2 — due soon on the filing day's morning, overdue from 10-09 00:00 had nobody filed.
describe('an application recorded after it was filed: the 司法确认 window stops on the day it was filed', () => {
  const end = '2026-10-08T23:59:59+08:00'
  const log = (applied: boolean) =>
    sealLog([
      d(id(9), 'DisputeReported', at('08-20', '09:00'), { id: id(9), source: 'party-application', category: 'neighbour', jurisdiction: `${A}/c1/g1`, summary: 's', parties }),
      d(id(9), 'MediationAgreed', at('09-05', '10:00'), { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-09-05', reachedOn: '2026-09-05', confirmationDeadline: end }),
      ...(applied
        ? [
            d(id(9), 'JudicialConfirmationApplied', at('10-09', '10:00'), {
              applicant: '王芳', consentedBy: ['李强'], court: '赛罕区法院', confirmationDeadline: end, courtDecisionDeadline: '2026-10-12T23:59:59+08:00', filedOn: '2026-10-08',
            }),
          ]
        : []),
    ])
  const window = (applied: boolean) => {
    const view = replay(dashboardProjection, log(applied))
    return (asOf: string) => {
      const { overdue } = dashboardView(view, { asOf })
      const of = (items: readonly { caseId: string; deadlineKind: string }[]) => kinds(items.filter((i) => i.deadlineKind === 'confirmation'))
      return { soon: of(overdue.dueSoon.items), overdue: of(overdue.items), overdueCount: overdue.byKind.confirmation }
    }
  }
  it('the deadlines the decider writes: day 30 (10-05) is a holiday, so the window ends Thu 10-08; the court’s 3 days end Mon 10-12', () => {
    expect(confirmationDeadline('2026-09-05', chineseWorkdays)).toBe(end)
    expect(courtDecisionDeadline('2026-10-08T12:00:00+08:00', chineseWorkdays)).toBe('2026-10-12T23:59:59+08:00')
  })
  it('nobody applies: not overdue on day 30, a holiday (10-06 00:00); due soon to 10-08 23:59:59.999, overdue from 10-09 00:00', () => {
    const read = window(false)
    expect(read('2026-10-06T00:00:00+08:00')).toEqual({ soon: [[id(9), 'confirmation']], overdue: [], overdueCount: 0 })
    expect(read('2026-10-08T23:59:59.999+08:00')).toEqual({ soon: [[id(9), 'confirmation']], overdue: [], overdueCount: 0 })
    expect(read('2026-10-09T00:00:00+08:00')).toEqual({ soon: [], overdue: [[id(9), 'confirmation']], overdueCount: 1 })
  })
  it('filed Thu 10-08, recorded Fri 10-09 10:00: due soon until the filing (10-08 12:00), then neither due soon nor overdue', () => {
    const read = window(true)
    const none = { soon: [], overdue: [], overdueCount: 0 }
    expect(read('2026-10-08T11:59:59.999+08:00')).toEqual({ soon: [[id(9), 'confirmation']], overdue: [], overdueCount: 0 })
    expect(read('2026-10-08T12:00:00+08:00')).toEqual(none)
    expect(read('2026-10-08T23:59:59.999+08:00')).toEqual(none)
    // Between the window's end and the recording: the application had been filed in time.
    expect(read('2026-10-09T00:00:00+08:00')).toEqual(none)
    expect(read('2026-10-09T09:59:59.999+08:00')).toEqual(none)
    expect(read('2026-10-09T10:00:00+08:00')).toEqual(none)
  })
  it('the case view between filing and recording: the window no longer runs (caseDeadlinesAt)', () => {
    const events = log(true)
    expect(caseDeadlinesAt(events, Date.parse('2026-10-09T09:00:00+08:00')).filter((x) => x.kind === 'confirmation')).toEqual([])
    expect(caseDeadlinesAt(events, Date.parse('2026-10-08T11:00:00+08:00')).filter((x) => x.kind === 'confirmation').map((x) => x.standing)).toEqual(['due-soon'])
  })
})
