// 三率 and timeliness (DOMAIN.md "Dashboards") on tables of cases made by the decider itself, each figure
// worked out by hand in the comments. Times are China time, March 2026.
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sealLog, type EventDraft } from '../audit/sealedLog.js'
import type { ComplaintCommand, Outcome, Rating, SolvedAnswer } from '../complaint/commands.js'
import { actors, command as cmd, registration, units } from '../complaint/fixtures.js'
import { complaintDecider } from '../complaint/index.js'
import type { ComplaintState } from '../complaint/state.js'
import type { HandlingUnit } from '../complaint/unit.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { caseFacts, dashboardFromTotals, factCountsIn, rollUp, type FactTotal } from './facts.js'
import type { Rates } from './rates.js'
import { replay } from './projection.js'

const decider = complaintDecider()

/** Runs one case's commands through the decider; each event is dated by its command. Throws on a refusal (a broken fixture). */
const caseDrafts = (caseId: string, commands: readonly ComplaintCommand[]): EventDraft[] => {
  let state: ComplaintState = decider.initialState
  const drafts: EventDraft[] = []
  for (const c of commands) {
    const decision = decider.decide(c, state)
    if (E.isLeft(decision)) throw new Error(`fixture ${c.type} at ${c.meta.at} refused: ${decision.left.message}`)
    for (const e of decision.right) {
      state = decider.evolve(state, e)
      drafts.push({ streamId: `complaint-${caseId}`, type: e.type, data: e.data, actor: c.meta.actor, at: c.meta.at })
    }
  }
  return drafts
}

/** Several cases (each a list of commands starting with its registration) as one log in time order. */
const logOf = (cases: readonly ComplaintCommand[][]): RecordedEvent[] =>
  sealLog(cases.map((commands) => caseDrafts((commands[0]?.data as { id: string }).id, commands)).flat().map((d, i) => ({ d, i, ms: Date.parse(d.at) })).sort((a, b) => a.ms - b.ms || a.i - b.i).map(({ d }) => d))

const T = (local: string) => `2026-03-${local}+08:00`
const id = (n: number) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`
const op = actors.operator
const gw = actors.gridWorker

/**
 * Registered 02 09:00, dispatched to the grid 02 10:00: acknowledge by 03 10:00 (24 h), result by 23 23:59:59
 * (15 working days after 2 March: 3–6, 9–13, 16–20, 23 March).
 */
const dispatchedCase = (n: number, unit: HandlingUnit = units.grid): ComplaintCommand[] => [
  cmd('RegisterComplaint', op, T('02T09:00:00'), registration({ id: id(n) })),
  cmd('AcceptComplaint', op, T('02T09:10:00'), {}),
  cmd('DispatchComplaint', op, T('02T10:00:00'), { unit }),
]
const handled = (n: number, outcome: Outcome, resultAt = T('05T16:00:00'), ackAt = T('02T11:00:00')): ComplaintCommand[] => [
  ...dispatchedCase(n),
  cmd('AcknowledgeComplaint', gw, ackAt, {}),
  cmd('SubmitResult', gw, resultAt, { result: '已处理', outcome }),
  cmd('NotifyComplainant', op, new Date(Date.parse(resultAt) + 3_600_000).toISOString(), { method: 'phone' }),
]
const callback = (at: string, contacted: boolean, solved: SolvedAnswer, satisfaction: Rating) => cmd('RecordCallback', op, at, { reached: true, contacted, solved, satisfaction })
const rated = (at: string, rating: Rating) => cmd('EvaluateComplaint', actors.resident, at, { rating })

const viewOf = (log: readonly RecordedEvent[], filter = {}, options = {}) => dashboardView(replay(dashboardProjection, log), filter, options)
const MARCH = { from: T('01T00:00:00'), to: '2026-04-01T00:00:00+08:00' }

describe('解决率 and 满意率 (the issue’s four cases)', () => {
  // Resolved/satisfied, unresolvable/basically satisfied, explained/satisfied, resolved/unsatisfied, each rated by the
  // resident and called back on 6 March with answers that match: solved, not solved, partly, solved.
  const four = logOf([
    [...handled(1, 'resolved'), rated(T('05T18:00:00'), 'satisfied'), callback(T('06T09:00:00'), true, 'solved', 'satisfied')],
    [...handled(2, 'unresolvable'), rated(T('05T18:00:00'), 'basically-satisfied'), callback(T('06T09:00:00'), true, 'not-solved', 'basically-satisfied')],
    [...handled(3, 'explained'), rated(T('05T18:00:00'), 'satisfied'), callback(T('06T09:00:00'), true, 'partly', 'satisfied')],
    [...handled(4, 'resolved'), rated(T('05T18:00:00'), 'unsatisfied'), callback(T('06T09:00:00'), true, 'solved', 'unsatisfied')],
  ])

  it('no longer equal: 解决率 = solved / called back = 2/4, 满意率 = (2 satisfied + 1 basically) / 4 = 0.75', () => {
    const { rates } = viewOf(four, MARCH)
    expect(rates).toMatchObject({ calledBack: 4, resolved: 2, partlySolved: 1, notSolved: 1, resolutionRate: 0.5, satisfactionRate: 0.75 })
  })

  it('from the resident’s ratings alone there is no 解决率 (it counts callbacks only), and 满意率 uses the ratings: 3/4', () => {
    const ratingsOnly = logOf([
      [...handled(1, 'resolved'), rated(T('05T18:00:00'), 'satisfied')],
      [...handled(2, 'unresolvable'), rated(T('05T18:00:00'), 'basically-satisfied')],
      [...handled(3, 'explained'), rated(T('05T18:00:00'), 'satisfied')],
      [...handled(4, 'resolved'), rated(T('05T18:00:00'), 'unsatisfied')],
    ])
    expect(viewOf(ratingsOnly, MARCH).rates).toMatchObject({ calledBack: 0, resolutionRate: null, responseRate: null, ratedByResident: 4, evaluated: 4, satisfactionRate: 0.75 })
  })
})

describe('三率 from the callbacks made in the period (a table of seven cases)', () => {
  // case  callback (6 March)                          resident's 一事一评        counts for
  // 1     contacted, solved, satisfied               satisfied (05 18:00)        callback
  // 2     contacted, not solved, basically           —                           callback
  // 3     not contacted, partly, satisfied           —                           callback
  // 4     contacted, solved, unsatisfied             satisfied (05 18:00)        callback (it reached the complainant)
  // 5     not reached                                basically satisfied         the rating, for 满意率 only
  // 6     declined                                   —                           counted apart only
  // 7     —                                          unsatisfied                 the rating, for 满意率 only
  const seven = logOf([
    [...handled(1, 'resolved'), rated(T('05T18:00:00'), 'satisfied'), callback(T('06T09:00:00'), true, 'solved', 'satisfied')],
    [...handled(2, 'unresolvable'), callback(T('06T09:00:00'), true, 'not-solved', 'basically-satisfied')],
    [...handled(3, 'explained'), callback(T('06T09:00:00'), false, 'partly', 'satisfied')],
    [...handled(4, 'resolved'), rated(T('05T18:00:00'), 'satisfied'), callback(T('06T09:00:00'), true, 'solved', 'unsatisfied')],
    [...handled(5, 'resolved'), cmd('RecordCallback', op, T('06T09:00:00'), { reached: false, note: '无人接听' }), rated(T('06T10:00:00'), 'basically-satisfied')],
    [...handled(6, 'resolved'), cmd('RecordCallback', op, T('06T09:00:00'), { reached: true, declined: true })],
    [...handled(7, 'resolved'), rated(T('06T10:00:00'), 'unsatisfied')],
  ])

  it('with the default weights (partly 0, basically satisfied 1)', () => {
    // Called back with answers: 1–4 = 4. Contacted: 1, 2, 4 = 3 → 响应率 3/4 = 0.75.
    // Solved: 1, 4 = 2; partly 3 × 0 → 解决率 2/4 = 0.5.
    // 满意率 over 4 callbacks + 2 ratings (5, 7) = 6: satisfied 1, 3 = 2; basically 2, 5 = 2; unsatisfied 4, 7 = 2 → (2 + 2) / 6.
    expect(viewOf(seven, MARCH).rates).toMatchObject({
      calledBack: 4, contacted: 3, responseRate: 0.75,
      resolved: 2, partlySolved: 1, notSolved: 1, resolutionRate: 0.5,
      notReached: 1, declined: 1,
      evaluated: 6, ratedByResident: 2, satisfied: 2, basicallySatisfied: 2, unsatisfied: 2, satisfactionRate: 4 / 6,
    })
  })

  it('with configured weights (partly 0.5, basically satisfied 0.5)', () => {
    // 解决率 (2 + 1 × 0.5) / 4 = 0.625; 满意率 (2 + 2 × 0.5) / 6 = 0.5.
    const { rates } = viewOf(seven, MARCH, { weights: { partlySolved: 0.5, basicallySatisfied: 0.5 } })
    expect(rates).toMatchObject({ resolutionRate: 0.625, satisfactionRate: 0.5, weights: { partlySolved: 0.5, basicallySatisfied: 0.5 } })
  })

  it('counts a callback in the period it was made: none in April; before 6 March only the ratings of 5 March', () => {
    expect(viewOf(seven, { from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' }).rates).toMatchObject({ calledBack: 0, responseRate: null, evaluated: 0 })
    // As of 05 23:00 no callback was made: cases 1 and 4 count by their ratings (satisfied, satisfied): 2/2.
    expect(viewOf(seven, { ...MARCH, asOf: T('05T23:00:00') }).rates).toMatchObject({ calledBack: 0, ratedByResident: 2, satisfactionRate: 1 })
  })

  it('credits each unit with the callbacks on its own handling', () => {
    const grid = viewOf(seven, MARCH).units.find((u) => u.unit.id === 'grid-017')
    expect(grid).toMatchObject({ calledBack: 4, contacted: 3, responseRate: 0.75, resolved: 2, resolutionRate: 0.5, evaluated: 6, satisfied: 4, satisfactionRate: 4 / 6 })
  })
})

describe('on-time acknowledgement and 按期办结率 (deadlines that fell in the period)', () => {
  // 1: acknowledged 02 11:00 (by 03 10:00: on time), result 05 16:00 (by 23 23:59:59: on time).
  // 2: acknowledged 03 11:00 (late by an hour), never finished: open and overdue after 23 March.
  // 3: acknowledged on time, referred to mediation on 13 April, three weeks after its result deadline.
  const referral = { disputeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', disputeCategory: 'neighbour' as const, respondents: [{ name: '赵六' }], summary: '楼上漏水纠纷' }
  const three = logOf([
    handled(1, 'resolved'),
    [...dispatchedCase(2), cmd('AcknowledgeComplaint', gw, T('03T11:00:00'), {})],
    [...dispatchedCase(3), cmd('AcknowledgeComplaint', gw, T('02T11:00:00'), {}), cmd('ReferToMediation', gw, '2026-04-13T09:00:00+08:00', referral)],
  ])
  const asOf = '2026-04-20T12:00:00+08:00'

  it('one on time, one open past its deadline, one referred three weeks late: 1/3, not 1.0', () => {
    // Result deadlines in March: all three (23 March). On time: case 1 only → 1/3.
    // Acknowledge deadlines in March: three (03 March 10:00); on time: 1 and 3 → 2/3.
    const { rates } = viewOf(three, { ...MARCH, asOf })
    expect(rates).toMatchObject({ results: 3, resultsOnTime: 1, onTimeCompletionRate: 1 / 3, dispatched: 3, acknowledgedOnTime: 2, onTimeAcknowledgementRate: 2 / 3 })
  })

  it('a referred complaint stays in the figures until its dispute concludes: the conclusion is its result', () => {
    // Case 4 is referred on 10 March (before its deadline, 23 March) and its dispute concludes with an agreement on
    // 20 March: a result on time. Case 5, referred the same day, concludes on 30 March: late.
    const concluded = (n: number, on: string) => [
      ...dispatchedCase(n),
      cmd('AcknowledgeComplaint', gw, T('02T11:00:00'), {}),
      cmd('ReferToMediation', gw, T('10T09:00:00'), { ...referral, disputeId: `9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c${String(n).padStart(2, '0')}` }),
      cmd('RecordMediationOutcome', actors.admin, on, { disputeId: `9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c${String(n).padStart(2, '0')}`, outcome: 'agreement' }),
    ]
    const log = logOf([concluded(4, T('20T09:00:00')), concluded(5, T('30T09:00:00'))])
    // Result deadlines in March: both (23 March); on time: case 4 → 1/2. Before the conclusions (as of 15 March) nothing is due yet.
    expect(viewOf(log, { ...MARCH, asOf }).rates).toMatchObject({ results: 2, resultsOnTime: 1, onTimeCompletionRate: 0.5 })
    expect(viewOf(log, { ...MARCH, asOf: T('15T12:00:00') }).rates).toMatchObject({ results: 0 })
  })

  it('a deadline not yet passed is not due: as of 20 March only case 1 has a result, on time (1/1)', () => {
    expect(viewOf(three, { ...MARCH, asOf: T('20T12:00:00') }).rates).toMatchObject({ results: 1, resultsOnTime: 1, onTimeCompletionRate: 1 })
  })

  it('a deadline in April is April’s: nothing due in March for a case dispatched on 30 March (result by 20 April)', () => {
    const late = logOf([
      [
        cmd('RegisterComplaint', op, T('30T09:00:00'), registration({ id: id(9) })),
        cmd('AcceptComplaint', op, T('30T09:10:00'), {}),
        cmd('DispatchComplaint', op, T('30T10:00:00'), { unit: units.grid }),
        cmd('AcknowledgeComplaint', gw, T('30T11:00:00'), {}),
        cmd('SubmitResult', gw, T('31T16:00:00'), { result: '已处理', outcome: 'resolved' }),
      ],
    ])
    expect(viewOf(late, MARCH).rates).toMatchObject({ dispatched: 1, results: 0, onTimeCompletionRate: null })
    expect(viewOf(late, { from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' }).rates).toMatchObject({ results: 1, resultsOnTime: 1 })
  })

  it('leaving an overdue case open never scores a higher 按期办结率 than finishing it late', () => {
    // Unit A and unit B get the same cases; B finishes every case A leaves open, after its deadline (24–31 March).
    const street = { ...units.street }
    const other = units.otherStreet
    fc.assert(
      fc.property(
        fc.array(fc.record({ onTime: fc.boolean(), lateDay: fc.integer({ min: 24, max: 31 }) }), { minLength: 1, maxLength: 6 }),
        (cases) => {
          const run = (unit: HandlingUnit, finishLate: boolean) =>
            logOf(
              cases.map((c, i) => {
                const handler = unit === street ? actors.streetOfficer : actors.outsider
                const place = unit === street ? 'hohhot/saihan/wulan/xx-community/grid-017' : 'hohhot/saihan/other-street/c1/g1'
                const commands: ComplaintCommand[] = [
                  cmd('RegisterComplaint', op, T('02T09:00:00'), registration({ id: id(i + 1), jurisdiction: place })),
                  cmd('AcceptComplaint', op, T('02T09:10:00'), {}),
                  cmd('DispatchComplaint', op, T('02T10:00:00'), { unit }),
                  cmd('AcknowledgeComplaint', handler, T('02T11:00:00'), {}),
                ]
                if (c.onTime) commands.push(cmd('SubmitResult', handler, T('05T16:00:00'), { result: 'r', outcome: 'resolved' }))
                else if (finishLate) commands.push(cmd('SubmitResult', handler, T(`${c.lateDay}T16:00:00`), { result: 'r', outcome: 'resolved' }))
                return commands
              }),
            )
          const rate = (log: RecordedEvent[]) => viewOf(log, { ...MARCH, asOf: '2026-04-15T00:00:00+08:00' }).rates.onTimeCompletionRate ?? 0
          expect(rate(run(street, false))).toBeLessThanOrEqual(rate(run(other, true)))
        },
      ),
      { numRuns: 30 },
    )
  })
})

describe('denominator rules: merged, returned, and the acting unit', () => {
  it('a merged duplicate counts once (its primary); a 退单 counts for the unit the case went to, not the one that returned it', () => {
    // Case 1 (primary): grid, acknowledged on time, result on time. Case 2: a duplicate dispatched to the grid, merged
    // before anyone acknowledged it (its acknowledge deadline 03 10:00 passes unmet). Case 3: dispatched to the grid,
    // returned by it at 14:00, redispatched to the community at 15:00 and acknowledged on time, result on time.
    const log = logOf([
      handled(1, 'resolved'),
      [...dispatchedCase(2), cmd('MergeComplaint', op, T('02T12:00:00'), { primaryId: id(1) })],
      [
        ...dispatchedCase(3),
        cmd('ReturnComplaint', gw, T('02T14:00:00'), { reason: '非本网格' }),
        cmd('DispatchComplaint', op, T('02T15:00:00'), { unit: units.community }),
        cmd('AcknowledgeComplaint', actors.communityWorker, T('02T16:00:00'), {}),
        cmd('SubmitResult', actors.communityWorker, T('05T16:00:00'), { result: 'r', outcome: 'resolved' }),
      ],
    ])
    const view = viewOf(log, { ...MARCH, asOf: T('31T12:00:00') })
    // Acknowledge deadlines: case 1 and case 3's second dispatch = 2, both on time; results due: the same two, on time.
    expect(view.rates).toMatchObject({ dispatched: 2, acknowledgedOnTime: 2, results: 2, resultsOnTime: 2 })
    const unit = (unitId: string) => view.units.find((u) => u.unit.id === unitId)
    // The grid: case 1 only (1/1, 1/1), and the return listed; the community: case 3 (1/1, 1/1).
    expect(unit('grid-017')).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1, results: 1, resultsOnTime: 1, returns: 1 })
    expect(unit('xx-community')).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1, results: 1, resultsOnTime: 1, returns: 0 })
  })

  it('a 退单 after a deadline passed does not take that deadline off the unit that returned it: it stays due, and late', () => {
    // Both dispatched to the grid 02 10:00: acknowledge by 03 10:00, result by 23 23:59:59.
    // Case 1: never signed for; the grid returns it on 03 14:00, after its acknowledge deadline (not its result deadline);
    // redispatched to the community 03 15:00, signed for 03 16:00 (by 04 15:00: on time), result 05 16:00 (on time).
    // Case 2: signed for on time (02 11:00), left past its result deadline; the grid returns it on 25 March 09:00, after
    // both deadlines; redispatched to the community 25 10:00 (acknowledge by 26 10:00, result in April), signed for 25 11:00.
    // Case 3: returned on 02 14:00, before either deadline: counts neither for nor against the grid (as before).
    const log = logOf([
      [
        ...dispatchedCase(1),
        cmd('ReturnComplaint', gw, T('03T14:00:00'), { reason: '非本网格' }),
        cmd('DispatchComplaint', op, T('03T15:00:00'), { unit: units.community }),
        cmd('AcknowledgeComplaint', actors.communityWorker, T('03T16:00:00'), {}),
        cmd('SubmitResult', actors.communityWorker, T('05T16:00:00'), { result: 'r', outcome: 'resolved' }),
      ],
      [
        ...dispatchedCase(2),
        cmd('AcknowledgeComplaint', gw, T('02T11:00:00'), {}),
        cmd('ReturnComplaint', gw, T('25T09:00:00'), { reason: '非本网格' }),
        cmd('DispatchComplaint', op, T('25T10:00:00'), { unit: units.community }),
        cmd('AcknowledgeComplaint', actors.communityWorker, T('25T11:00:00'), {}),
      ],
      [...dispatchedCase(3), cmd('ReturnComplaint', gw, T('02T14:00:00'), { reason: '非本网格' })],
    ])
    const view = viewOf(log, { ...MARCH, asOf: T('31T12:00:00') })
    const unit = (unitId: string) => view.units.find((u) => u.unit.id === unitId)
    // The grid: acknowledge deadlines passed before its returns — case 1 (missed) and case 2 (met): 1 / 2; its result
    // deadline passed before the return of case 2 only: 0 / 1. Three returns listed.
    expect(unit('grid-017')).toMatchObject({ dispatched: 2, acknowledgedOnTime: 1, results: 1, resultsOnTime: 0, returns: 3 })
    // The community: cases 1 and 2 signed for on time (2 / 2); case 1's result on time (1 / 1; case 2's falls in April).
    expect(unit('xx-community')).toMatchObject({ dispatched: 2, acknowledgedOnTime: 2, results: 1, resultsOnTime: 1, returns: 0 })
    expect(view.rates).toMatchObject({ dispatched: 4, acknowledgedOnTime: 3, results: 2, resultsOnTime: 1 })
    // As of 03 12:00, before case 1's return, the grid's figures are the same 1 / 2 (case 1's 签收 already missed, case
    // 2's met): the return that came after does not undo the missed one.
    expect(viewOf(log, { ...MARCH, asOf: T('03T12:00:00') }).units.find((u) => u.unit.id === 'grid-017')).toMatchObject({ dispatched: 2, acknowledgedOnTime: 1 })
  })

  it('a case escalated (上报) answers to the unit it was escalated to for its result deadline, open or met late alike', () => {
    // Dispatched to the grid 02 10:00 (result by 23 23:59:59), signed for 02 11:00 on time, escalated to the community
    // 05 09:00, which signs for it 05 10:00 — and is still working on it on 25 March.
    const open = [
      ...dispatchedCase(1),
      cmd('AcknowledgeComplaint', gw, T('02T11:00:00'), {}),
      cmd('EscalateComplaint', gw, T('05T09:00:00'), { to: units.community, reason: '需社区协调' }),
      cmd('AcknowledgeComplaint', actors.communityWorker, T('05T10:00:00'), {}),
    ]
    // As of 04 (before the escalation) the grid led it: its running result deadline is the grid's (found by the oracle).
    const before = viewOf(logOf([open]), { ...MARCH, asOf: T('04T12:00:00') }, { items: 10, dueSoonShare: 1 })
    expect(before.overdue.dueSoon.items.map((i) => [i.deadlineKind, i.unitId])).toEqual([['result', 'grid-017']])
    const asOpen = viewOf(logOf([open]), { ...MARCH, asOf: T('25T12:00:00') }, { items: 10 })
    // Overdue: the community has the case, so the missed result deadline is the community's.
    expect(asOpen.overdue.items.map((i) => [i.deadlineKind, i.unitId])).toEqual([['result', 'xx-community']])
    const unitOf = (view: typeof asOpen, unitId: string) => view.units.find((u) => u.unit.id === unitId)
    // The grid: its 签收 on time (1 / 1), no result due; the community: the result due and late (0 / 1).
    expect(unitOf(asOpen, 'grid-017')).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1, results: 0 })
    expect(unitOf(asOpen, 'xx-community')).toMatchObject({ results: 1, resultsOnTime: 0, overdue: { result: 1 } })
    // The community submits its result late on 26 March: still the community's, and still late — nothing moves.
    const met = viewOf(logOf([[...open, cmd('SubmitResult', actors.communityWorker, T('26T10:00:00'), { result: 'r', outcome: 'resolved' })]]), { ...MARCH, asOf: T('31T12:00:00') })
    expect(unitOf(met, 'grid-017')).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1, results: 0 })
    expect(unitOf(met, 'xx-community')).toMatchObject({ results: 1, resultsOnTime: 0 })
  })

  it('a street officer acting for a grid (actsFor) is credited to the street office, not to the grid', () => {
    // Case 1: the grid acknowledges and finishes itself. Case 2: the street officer acknowledges and finishes for the grid.
    const log = logOf([
      handled(1, 'resolved'),
      [
        ...dispatchedCase(2),
        cmd('AcknowledgeComplaint', actors.streetOfficer, T('02T11:00:00'), {}),
        cmd('SubmitResult', actors.streetOfficer, T('05T16:00:00'), { result: '街道代办', outcome: 'resolved' }),
      ],
    ])
    const view = viewOf(log, { ...MARCH, asOf: T('31T12:00:00') })
    const unit = (unitId: string) => view.units.find((u) => u.unit.id === unitId)
    expect(unit('grid-017')).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1, results: 1, resultsOnTime: 1 })
    expect(unit('hohhot/saihan/wulan')).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1, results: 1, resultsOnTime: 1, unit: { level: 'street' } })
    // The place's figures count both cases once each.
    expect(view.rates).toMatchObject({ dispatched: 2, acknowledgedOnTime: 2, results: 2, resultsOnTime: 2 })
    // And the resolution level is the street's for case 2.
    expect(view.resolutionLevels.byLevel).toMatchObject({ grid: { count: 1 }, street: { count: 1 } })
  })
})

describe('考评申诉: an excluded case leaves the denominators and is listed', () => {
  it('the unit’s overdue case, excluded on 25 March, no longer counts late; a rejected application changes nothing', () => {
    // Case 1: on time (1/1). Case 2: open past its deadline (23 March), excluded on 25 March.
    // Case 3: open past its deadline, application rejected: still late. 按期办结率 = 1 / 2 (cases 1 and 3).
    const log = logOf([
      handled(1, 'resolved'),
      [
        ...dispatchedCase(2),
        cmd('AcknowledgeComplaint', gw, T('02T11:00:00'), {}),
        cmd('ApplyForExclusion', gw, T('24T09:00:00'), { ground: 'unreasonable-demand', reason: '诉求超出政策范围' }),
        cmd('DecideExclusion', actors.supervisor, T('25T09:00:00'), { approved: true, reason: '属实' }),
      ],
      [
        ...dispatchedCase(3),
        cmd('AcknowledgeComplaint', gw, T('02T11:00:00'), {}),
        cmd('ApplyForExclusion', gw, T('24T09:00:00'), { ground: 'mis-dispatch', reason: '错派' }),
        cmd('DecideExclusion', actors.supervisor, T('25T09:00:00'), { approved: false, reason: '不属实' }),
      ],
    ])
    const view = viewOf(log, { ...MARCH, asOf: T('31T12:00:00') })
    expect(view.rates).toMatchObject({ dispatched: 2, acknowledgedOnTime: 2, results: 2, resultsOnTime: 1, onTimeCompletionRate: 0.5, excluded: 1 })
    expect(view.exclusions).toEqual([{ caseId: id(2), ground: 'unreasonable-demand', unitId: 'grid-017' }])
    expect(view.units.find((u) => u.unit.id === 'grid-017')).toMatchObject({ results: 2, resultsOnTime: 1, exclusions: 1 })
    // Before the approval (as of 24 March noon) case 2 still counts late: 1 / 3.
    expect(viewOf(log, { ...MARCH, asOf: T('24T12:00:00') }).rates).toMatchObject({ results: 3, resultsOnTime: 1, excluded: 0 })
  })

  it('an excluded case leaves the denominators, not the unit’s record: its 重办 stays counted, as its 退单 do', () => {
    // DOMAIN.md "Dashboards": an excluded case "leaves the denominators and is listed as excluded"; the unit evaluation
    // counts "returns (退单), reopenings, exclusions" — counts of what happened on the unit's handling, not denominators.
    // Case 21: dispatched to the grid 02 10:00, signed for 02 11:00, result 05 16:00, notified; called back 10 March
    // (not solved, unsatisfied); 重办 11 March back to the grid (the grid's result sent back: one reopening of the grid);
    // signed for 11 10:00, second result 12 16:00; the grid applies 13 March (unreasonable demand), approved 14 March.
    // Case 22: dispatched to the grid 02 10:00, returned (退单) 02 14:00 — before any deadline — then dispatched to the
    // community 02 15:00; the community applies 03 March (mis-dispatch), approved 04 March.
    //
    //   March, grid-017       dispatched  results  calledBack  returns  reopenings  exclusions
    //   case 21 (excluded)        0          0         0          0         1           1
    //   case 22 (excluded)        0          0         0          1         0           0
    //   total                     0          0         0          1         1           1
    //   March, the community: case 22's exclusion, 1; nothing else.
    // Place: excluded 2, every denominator 0 (dispatched 0, results 0, calledBack 0: rates null).
    // Before this, the excluded case 21 took its 重办 off the grid's record (reopenings 0) while case 22 kept its 退单.
    const log = logOf([
      [
        ...handled(21, 'resolved'),
        callback(T('10T09:00:00'), true, 'not-solved', 'unsatisfied'),
        cmd('ReopenComplaint', op, T('11T09:00:00'), { reason: '回访不满意' }),
        cmd('AcknowledgeComplaint', gw, T('11T10:00:00'), {}),
        cmd('SubmitResult', gw, T('12T16:00:00'), { result: '再次处理', outcome: 'resolved' }),
        cmd('ApplyForExclusion', gw, T('13T09:00:00'), { ground: 'unreasonable-demand', reason: '诉求超出政策范围' }),
        cmd('DecideExclusion', actors.supervisor, T('14T09:00:00'), { approved: true, reason: '属实' }),
      ],
      [
        ...dispatchedCase(22),
        cmd('ReturnComplaint', gw, T('02T14:00:00'), { reason: '不属本网格' }),
        cmd('DispatchComplaint', op, T('02T15:00:00'), { unit: units.community }),
        cmd('ApplyForExclusion', actors.communityWorker, T('03T09:00:00'), { ground: 'mis-dispatch', reason: '错派' }),
        cmd('DecideExclusion', actors.supervisor, T('04T09:00:00'), { approved: true, reason: '属实' }),
      ],
    ])
    const view = viewOf(log, { ...MARCH, asOf: T('31T12:00:00') })
    expect(view.rates).toMatchObject({ excluded: 2, dispatched: 0, results: 0, calledBack: 0, evaluated: 0, onTimeCompletionRate: null, satisfactionRate: null })
    expect(view.units.find((u) => u.unit.id === 'grid-017')).toMatchObject({ dispatched: 0, results: 0, calledBack: 0, returns: 1, reopenings: 1, exclusions: 1 })
    expect(view.units.find((u) => u.unit.id === units.community.id)).toMatchObject({ dispatched: 0, results: 0, returns: 0, reopenings: 0, exclusions: 1 })
  })

  it('an excluded case leaves the resolution level share too: its accepted result and its 现场办结 are not counted', () => {
    // Case 1: dispatched to the grid, result 05 March (grid level), excluded on 07 March (duplicate).
    // Case 2: a patrol finding the grid resolved on the spot on 03 March (grid level, 现场办结), excluded on 07 March.
    // Case 3: dispatched to the community, result 05 March (community level), not excluded.
    const { complainant: _none, ...patrol } = registration({ id: id(2), channel: 'grid-visit', category: 'parking', source: 'patrol', photos: ['a3f5c2d18e9b4f6a7c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b'], location: { longitude: 111.7, latitude: 40.8 }, onTheSpot: { result: '已现场处理', photos: ['0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'] } })
    const log = logOf([
      [
        ...handled(1, 'resolved'),
        cmd('ApplyForExclusion', gw, T('06T09:00:00'), { ground: 'duplicate', reason: '与他案重复' }),
        cmd('DecideExclusion', actors.supervisor, T('07T09:00:00'), { approved: true, reason: '属实' }),
      ],
      [
        cmd('RegisterComplaint', gw, T('03T09:00:00'), patrol),
        cmd('ApplyForExclusion', gw, T('06T09:00:00'), { ground: 'duplicate', reason: '与他案重复' }),
        cmd('DecideExclusion', actors.supervisor, T('07T09:00:00'), { approved: true, reason: '属实' }),
      ],
      [
        ...dispatchedCase(3, units.community),
        cmd('AcknowledgeComplaint', actors.communityWorker, T('02T11:00:00'), {}),
        cmd('SubmitResult', actors.communityWorker, T('05T16:00:00'), { result: 'r', outcome: 'resolved' }),
      ],
    ])
    const state = replay(dashboardProjection, log)
    // Before the approvals (06 March noon): 3 accepted results, grid 2 (cases 1, 2), community 1; on the spot 1 → 1/3.
    const before = viewOf(log, { ...MARCH, asOf: T('06T12:00:00') }).resolutionLevels
    expect(before).toMatchObject({ total: 3, byLevel: { grid: { count: 2, share: 2 / 3 }, community: { count: 1, share: 1 / 3 } }, onTheSpot: { count: 1, share: 1 / 3 } })
    // After them: cases 1 and 2 leave the denominator (DOMAIN.md "Dashboards": an excluded case leaves the denominators):
    // 1 accepted result, community 1 → share 1; grid 0 → 0; on the spot 0 / 1 = 0; street or below 1 / 1.
    const expected = { total: 1, byLevel: { grid: { count: 0, share: 0 }, community: { count: 1, share: 1 } }, streetOrBelowShare: 1, onTheSpot: { count: 0, share: 0 } }
    const after = viewOf(log, { ...MARCH, asOf: T('31T12:00:00') })
    expect(after.resolutionLevels).toMatchObject(expected)
    expect(after.rates.excluded).toBe(2)
    // The read models' path (each case's facts, summed): the same figures.
    const from = Date.parse(MARCH.from)
    const to = Date.parse(MARCH.to)
    const leaves = new Map<string, FactTotal>()
    for (const row of state.cases.values()) {
      for (const f of caseFacts(row)) {
        if (f.at < from || f.at >= to) continue
        const k = `${row.jurisdiction}|${f.key}`
        const known = leaves.get(k)
        leaves.set(k, { key: f.key, jurisdiction: row.jurisdiction, n: (known?.n ?? 0) + 1, sum: (known?.sum ?? 0) + f.value })
      }
    }
    const fromTotals = dashboardFromTotals({
      filter: { ...MARCH, asOf: T('31T12:00:00') },
      position: state.position,
      lastAt: state.lastAt,
      totals: rollUp([...leaves.values()], '', 0),
      units: state.units,
      overdue: after.overdue,
      overdueByUnit: new Map(),
      openLate: [],
      exclusions: [],
    })
    expect(fromTotals.resolutionLevels).toEqual(after.resolutionLevels)
  })
})

describe('a period’s 三率 are made of the callbacks made in it, and stay as they were when later callbacks are made', () => {
  // DOMAIN.md "Dashboards": 三率 for complaints in a period, from the callbacks made in it. Per period and case, one
  // matter one evaluation (一事一评): its latest answered callback made in the period; else its latest unanswered one
  // (apart) and the resident's latest rating made in it (满意率 only).
  const APRIL = { from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' }
  const FEB = { from: '2026-02-01T00:00:00+08:00', to: MARCH.from }
  const Q1 = { from: '2026-01-01T00:00:00+08:00', to: MARCH.to }
  const MARCH_APRIL = { from: MARCH.from, to: APRIL.to }
  const A = (local: string) => `2026-04-${local}+08:00`
  const notReached = (at: string) => cmd('RecordCallback', op, at, { reached: false, note: '无人接听' })
  // Case 11: handled (result 05 16:00, notified 05 17:00); called back 10 March: contacted, not solved, unsatisfied;
  // 重办 11 March, the grid's second result 12 March, notified; called back again 2 April: contacted, solved, satisfied.
  const inMarch = [
    ...handled(11, 'resolved'),
    callback(T('10T09:00:00'), true, 'not-solved', 'unsatisfied'),
    cmd('ReopenComplaint', op, T('11T09:00:00'), { reason: '回访不满意' }),
    cmd('AcknowledgeComplaint', gw, T('11T10:00:00'), {}),
    cmd('SubmitResult', gw, T('12T16:00:00'), { result: '再次处理', outcome: 'resolved' }),
    cmd('NotifyComplainant', op, T('12T17:00:00'), { method: 'phone' }),
  ]
  const againInApril = [...inMarch, callback(A('02T09:00:00'), true, 'solved', 'satisfied')]
  const threeRates = (log: readonly RecordedEvent[], filter: object) => {
    const { rates, units } = viewOf(log, filter)
    const grid = units.find((u) => u.unit.id === 'grid-017')
    return { rates, grid }
  }

  it('March, reopened and called back again in April: March’s figures before and after the April callback are equal', () => {
    // March: one answered callback (10 March): contacted 1/1, solved 0/1, satisfied 0/1.
    const march = { calledBack: 1, contacted: 1, responseRate: 1, resolved: 0, notSolved: 1, resolutionRate: 0, evaluated: 1, unsatisfied: 1, satisfactionRate: 0 }
    const before = threeRates(logOf([inMarch]), MARCH)
    const after = threeRates(logOf([againInApril]), MARCH)
    expect(before.rates).toMatchObject(march)
    expect(after.rates).toEqual(before.rates)
    expect(after.grid).toEqual(before.grid)
    expect(after.grid).toMatchObject({ calledBack: 1, contacted: 1, resolved: 0, evaluated: 1, satisfied: 0, satisfactionRate: 0, reopenings: 1 })
    // April: the April callback (solved, satisfied): 1/1 each. All time: the latest answered callback only (April's).
    const april = { calledBack: 1, contacted: 1, resolved: 1, notSolved: 0, resolutionRate: 1, evaluated: 1, satisfied: 1, unsatisfied: 0, satisfactionRate: 1 }
    expect(threeRates(logOf([againInApril]), APRIL).rates).toMatchObject(april)
    expect(threeRates(logOf([againInApril]), {}).rates).toMatchObject(april)
    // As of 31 March (the April callback not made yet), all time is March's.
    expect(threeRates(logOf([againInApril]), { asOf: T('31T12:00:00') }).rates).toMatchObject(march)
  })

  // case  callbacks (and the resident's 一事一评)                                     counts in
  // 11    10 Mar answered (contacted, not solved, unsatisfied); 2 Apr (contacted,    Mar: 10 Mar; Apr: 2 Apr; Mar–Apr: 2 Apr
  //       solved, satisfied)
  // 21    6 Mar (not contacted, partly, basically); 20 Mar (contacted, solved,       Mar: 20 Mar once
  //       satisfied)
  // 22    6 Mar (contacted, not solved, unsatisfied); 2 Apr not reached              Mar: 6 Mar; Apr: not reached apart
  // 23    6 Mar (contacted, solved, basically); the resident rates 3 Apr unsatisfied Mar: 6 Mar; Apr: the rating (满意率 only)
  // 24    registered in February: 20 Feb (contacted, not solved, unsatisfied);     Feb: 20 Feb; Q1: 20 Mar only
  //       20 Mar (contacted, solved, satisfied)
  const feb = (local: string) => `2026-02-${local}+08:00`
  const table = logOf([
    againInApril,
    [...handled(21, 'resolved'), callback(T('06T09:00:00'), false, 'partly', 'basically-satisfied'), callback(T('20T09:00:00'), true, 'solved', 'satisfied')],
    [...handled(22, 'resolved'), callback(T('06T09:00:00'), true, 'not-solved', 'unsatisfied'), notReached(A('02T09:00:00'))],
    [...handled(23, 'resolved'), callback(T('06T09:00:00'), true, 'solved', 'basically-satisfied'), rated(A('03T09:00:00'), 'unsatisfied')],
    [
      cmd('RegisterComplaint', op, feb('02T09:00:00'), registration({ id: id(24) })),
      cmd('AcceptComplaint', op, feb('02T09:10:00'), {}),
      cmd('DispatchComplaint', op, feb('02T10:00:00'), { unit: units.grid }),
      cmd('AcknowledgeComplaint', gw, feb('02T11:00:00'), {}),
      cmd('SubmitResult', gw, feb('05T16:00:00'), { result: '已处理', outcome: 'resolved' }),
      cmd('NotifyComplainant', op, feb('05T17:00:00'), { method: 'phone' }),
      callback(feb('20T09:00:00'), true, 'not-solved', 'unsatisfied'),
      callback(T('20T09:00:00'), true, 'solved', 'satisfied'),
    ],
  ])
  const threeOnly = (rates: Rates) => ({
    calledBack: rates.calledBack, contacted: rates.contacted, resolved: rates.resolved, partlySolved: rates.partlySolved, notSolved: rates.notSolved,
    notReached: rates.notReached, declined: rates.declined, ratedByResident: rates.ratedByResident, evaluated: rates.evaluated,
    satisfied: rates.satisfied, basicallySatisfied: rates.basicallySatisfied, unsatisfied: rates.unsatisfied,
    responseRate: rates.responseRate, resolutionRate: rates.resolutionRate, satisfactionRate: rates.satisfactionRate,
  })
  const none = { calledBack: 0, contacted: 0, resolved: 0, partlySolved: 0, notSolved: 0, notReached: 0, declined: 0, ratedByResident: 0, evaluated: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 }
  const cases: [string, object, object][] = [
    // March: 11 (10 Mar: c, ns, u), 21 (20 Mar: c, s, sat), 22 (6 Mar: c, ns, u), 23 (6 Mar: c, s, basic), 24 (20 Mar: c, s, sat).
    // 响应率 5/5; 解决率 3/5; 满意率 (2 satisfied + 1 basically) / 5.
    ['March', MARCH, { ...none, calledBack: 5, contacted: 5, resolved: 3, notSolved: 2, evaluated: 5, satisfied: 2, basicallySatisfied: 1, unsatisfied: 2, responseRate: 1, resolutionRate: 0.6, satisfactionRate: 0.6 }],
    // April: 11 (2 Apr: c, s, sat); 22 not reached (apart); 23 the resident's rating (unsatisfied), for the 满意率 only.
    // 响应率 1/1; 解决率 1/1; 满意率 1 / (1 called back + 1 rated) = 0.5.
    ['April', APRIL, { ...none, calledBack: 1, contacted: 1, resolved: 1, notReached: 1, ratedByResident: 1, evaluated: 2, satisfied: 1, unsatisfied: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 0.5 }],
    // February: 24 (20 Feb: c, ns, u): 1/1, 0/1, 0/1.
    ['February', FEB, { ...none, calledBack: 1, contacted: 1, notSolved: 1, evaluated: 1, unsatisfied: 1, responseRate: 1, resolutionRate: 0, satisfactionRate: 0 }],
    // Q1 (January–March): as March — 24 counts its 20 March callback only, not 20 February's too.
    ['Q1', Q1, { ...none, calledBack: 5, contacted: 5, resolved: 3, notSolved: 2, evaluated: 5, satisfied: 2, basicallySatisfied: 1, unsatisfied: 2, responseRate: 1, resolutionRate: 0.6, satisfactionRate: 0.6 }],
    // March–April: 11 (2 Apr: c, s, sat), 21 (20 Mar: s, sat), 22 (6 Mar: ns, u; the April miss does not count: an answered
    // callback was made in the period), 23 (6 Mar: s, basic; the April rating does not count), 24 (20 Mar: s, sat).
    // 解决率 4/5; 满意率 (3 + 1) / 5.
    ['March–April', MARCH_APRIL, { ...none, calledBack: 5, contacted: 5, resolved: 4, notSolved: 1, evaluated: 5, satisfied: 3, basicallySatisfied: 1, unsatisfied: 1, responseRate: 1, resolutionRate: 0.8, satisfactionRate: 0.8 }],
    // All time: the same as March–April (each case's latest answered callback).
    ['all time', {}, { ...none, calledBack: 5, contacted: 5, resolved: 4, notSolved: 1, evaluated: 5, satisfied: 3, basicallySatisfied: 1, unsatisfied: 1, responseRate: 1, resolutionRate: 0.8, satisfactionRate: 0.8 }],
  ]
  it.each(cases)('%s', (_name, filter, expected) => {
    const view = viewOf(table, filter)
    expect(threeOnly(view.rates)).toEqual(expected)
    // Every case is the grid's: its unit figures are the place's.
    const grid = view.units.find((u) => u.unit.id === 'grid-017')
    const e = expected as Rates
    expect(grid).toMatchObject({ calledBack: e.calledBack, contacted: e.contacted, resolved: e.resolved, notReached: e.notReached, evaluated: e.evaluated, satisfied: e.satisfied + e.basicallySatisfied })
    // The read models' path (each case's facts, those that count in the period summed): the same 三率.
    const state = replay(dashboardProjection, table)
    const from = 'from' in filter ? Date.parse(filter.from as string) : Number.NEGATIVE_INFINITY
    const to = 'to' in filter ? Date.parse(filter.to as string) : Number.POSITIVE_INFINITY
    const leaves = new Map<string, FactTotal>()
    for (const row of state.cases.values()) {
      for (const f of caseFacts(row)) {
        if (!factCountsIn(f, from, to)) continue
        const k = `${row.jurisdiction}|${f.key}`
        const known = leaves.get(k)
        leaves.set(k, { key: f.key, jurisdiction: row.jurisdiction, n: (known?.n ?? 0) + 1, sum: (known?.sum ?? 0) + f.value })
      }
    }
    const fromTotals = dashboardFromTotals({
      filter, position: state.position, lastAt: state.lastAt, totals: rollUp([...leaves.values()], '', 0), units: state.units,
      overdue: view.overdue, overdueByUnit: new Map(), openLate: [], exclusions: [],
    })
    expect(threeOnly(fromTotals.rates)).toEqual(expected)
  })
})

describe('readings where DOMAIN.md leaves a choice (docs/kpis.md "Readings"): each pinned on a hand-worked history', () => {
  const A = (local: string) => `2026-04-${local}+08:00`
  const APRIL = { from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' }
  const grid = (view: ReturnType<typeof viewOf>) => view.units.find((u) => u.unit.id === 'grid-017')

  it('a callback the complainant declined reached no answers: the resident’s own rating counts for the 满意率', () => {
    // DOMAIN.md: "where no callback reached the complainant, the 满意率 uses that rating" — a declined call reached the
    // person but got no answers; the code takes "reached" as "got answers".
    //   case  callback (10 March)   rating (10 12:00)     响应率/解决率     满意率
    //   31    declined              satisfied             — (apart)         the rating: 1/1
    //   32    not reached           unsatisfied           — (apart)         the rating: 0/1
    // March: calledBack 0 (响应率, 解决率 null), declined 1, notReached 1, evaluated 2, 满意率 1/2.
    const log = logOf([
      [...handled(31, 'resolved'), cmd('RecordCallback', op, T('10T09:00:00'), { reached: true, declined: true }), rated(T('10T12:00:00'), 'satisfied')],
      [...handled(32, 'resolved'), cmd('RecordCallback', op, T('10T09:00:00'), { reached: false, note: '无人接听' }), rated(T('10T12:00:00'), 'unsatisfied')],
    ])
    expect(viewOf(log, MARCH).rates).toMatchObject({ calledBack: 0, responseRate: null, resolutionRate: null, declined: 1, notReached: 1, ratedByResident: 2, evaluated: 2, satisfied: 1, unsatisfied: 1, satisfactionRate: 0.5 })
  })

  it('a unit’s `dispatched` is its dispatches whose acknowledge deadline fell in the period, not those made in it', () => {
    // Case 33: registered 31 March 19:00, dispatched to the grid 31 March 20:00 (签收 by 01 April 20:00, 24 h), signed for
    // 01 April 09:00 (on time). March: dispatched 0; April: dispatched 1, on time 1.
    const log = logOf([
      [
        cmd('RegisterComplaint', op, T('31T19:00:00'), registration({ id: id(33) })),
        cmd('AcceptComplaint', op, T('31T19:10:00'), {}),
        cmd('DispatchComplaint', op, T('31T20:00:00'), { unit: units.grid }),
        cmd('AcknowledgeComplaint', gw, A('01T09:00:00'), {}),
      ],
    ])
    expect(grid(viewOf(log, { ...MARCH, asOf: A('02T12:00:00') }))).toBeUndefined()
    expect(grid(viewOf(log, { ...APRIL, asOf: A('02T12:00:00') }))).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1 })
  })

  it('an extension approved after the deadline passed (asked before it) moves the deadline: the round is no longer late', () => {
    // Case 34: dispatched to the grid 02 10:00 (result by 23 23:59:59), signed for 02 11:00; an extension of 5 working
    // days asked on 20 March, approved on 25 March 09:00 — after the deadline closed (24 00:00) — moving it to
    // 30 23:59:59 (24, 25, 26, 27, 30 March); the result on 27 March.
    //   as of        March: results due   on time
    //   24 12:00          1 (open late)      0
    //   25 12:00          0 (due 30th)       0
    //   31 12:00          1                  1
    const log = logOf([
      [
        ...dispatchedCase(34),
        cmd('AcknowledgeComplaint', gw, T('02T11:00:00'), {}),
        cmd('RequestExtension', gw, T('20T10:00:00'), { days: 5, reason: '需等待配件' }),
        cmd('ApproveExtension', actors.supervisor, T('25T09:00:00'), { reason: '同意' }),
        cmd('SubmitResult', gw, T('27T16:00:00'), { result: '已处理', outcome: 'resolved' }),
      ],
    ])
    expect(viewOf(log, { ...MARCH, asOf: T('24T12:00:00') }).rates).toMatchObject({ results: 1, resultsOnTime: 0 })
    expect(viewOf(log, { ...MARCH, asOf: T('25T12:00:00') }).rates).toMatchObject({ results: 0, resultsOnTime: 0 })
    expect(viewOf(log, { ...MARCH, asOf: T('31T12:00:00') }).rates).toMatchObject({ results: 1, resultsOnTime: 1 })
  })

  it('a duplicate merged after its 签收 deadline passed unsigned takes that late 签收 with it, and a merged case its 退单 (counted once: its primary)', () => {
    // Case 35 (primary): handled by the grid, signed for on time. Case 36: dispatched to the grid 02 10:00, never signed
    // for (签收 by 03 10:00), merged into 35 on 05 March.
    //   as of       grid, March: dispatched   on time
    //   04 12:00                   2              1      (36 late)
    //   31 12:00                   1              1      (36 merged: counts nothing)
    // Case 39: dispatched to the grid 02 10:00, returned by it (退单) 02 14:00, merged into 35 on 05 March: its return
    // goes with it ("counts once" read as every count of the duplicate, not only the denominators).
    //   as of       grid, March: returns
    //   04 12:00                   1
    //   31 12:00                   0
    const log = logOf([
      handled(35, 'resolved'),
      [...dispatchedCase(36), cmd('MergeComplaint', op, T('05T09:00:00'), { primaryId: id(35) })],
      [...dispatchedCase(39), cmd('ReturnComplaint', gw, T('02T14:00:00'), { reason: '非本网格' }), cmd('MergeComplaint', op, T('05T09:00:00'), { primaryId: id(35) })],
    ])
    expect(grid(viewOf(log, { ...MARCH, asOf: T('04T12:00:00') }))).toMatchObject({ dispatched: 2, acknowledgedOnTime: 1, returns: 1 })
    expect(grid(viewOf(log, { ...MARCH, asOf: T('31T12:00:00') }))).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1, returns: 0 })
  })

  it('an exclusion approved in April takes the case out of March’s figures too, and is listed in April', () => {
    // Case 38: dispatched to the grid 02 10:00, signed for 02 11:00, left open past its result deadline (23 March); the
    // grid applies on 01 April, approved 02 April.
    //   as of          March: results due   on time   excluded      April: excluded, listed
    //   31 March             1 (late)          0          0                 —
    //   02 April 12:00       0                 0          0                 1, case 38
    const log = logOf([
      [
        ...dispatchedCase(38),
        cmd('AcknowledgeComplaint', gw, T('02T11:00:00'), {}),
        cmd('ApplyForExclusion', gw, A('01T09:00:00'), { ground: 'unreasonable-demand', reason: '诉求超出政策范围' }),
        cmd('DecideExclusion', actors.supervisor, A('02T09:00:00'), { approved: true, reason: '属实' }),
      ],
    ])
    expect(viewOf(log, { ...MARCH, asOf: T('31T12:00:00') }).rates).toMatchObject({ results: 1, resultsOnTime: 0, excluded: 0 })
    expect(viewOf(log, { ...MARCH, asOf: A('02T12:00:00') }).rates).toMatchObject({ results: 0, resultsOnTime: 0, excluded: 0 })
    const april = viewOf(log, { ...APRIL, asOf: A('02T12:00:00') })
    expect(april.rates).toMatchObject({ excluded: 1 })
    expect(april.exclusions).toEqual([{ caseId: id(38), ground: 'unreasonable-demand', unitId: 'grid-017' }])
  })

  it('the resolution level counts the accepted result in the period of the result, "accepted" as of the time asked', () => {
    // Case 37: the grid's result 05 March, called back 10 March (unsatisfied), reopened (重办) 02 April.
    //   as of        March's resolution levels
    //   31 March     grid 1 of 1
    //   15 April     0 (sent back by 重办 by then: no accepted result); April 0 (no second result yet)
    const log = logOf([[...handled(37, 'resolved'), callback(T('10T09:00:00'), true, 'not-solved', 'unsatisfied'), cmd('ReopenComplaint', op, A('02T09:00:00'), { reason: '回访不满意' })]])
    expect(viewOf(log, { ...MARCH, asOf: T('31T12:00:00') }).resolutionLevels).toMatchObject({ total: 1, byLevel: { grid: { count: 1, share: 1 } } })
    expect(viewOf(log, { ...MARCH, asOf: A('15T12:00:00') }).resolutionLevels).toMatchObject({ total: 0 })
    expect(viewOf(log, { ...APRIL, asOf: A('15T12:00:00') }).resolutionLevels).toMatchObject({ total: 0 })
  })
})
