import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { chineseCalendar, chineseWorkdays } from '../calendar/calendar.js'
import { schedule2027 } from '../calendar/fixtures.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { ComplaintEvent } from './events.js'
import { actors, CASE_ID, command, registration, run, units } from './fixtures.js'
import { complaintDecider } from './index.js'
import { sealLog } from '../audit/sealedLog.js'
import { dashboardProjection, dashboardView } from '../projections/dashboard.js'
import { replay } from '../projections/projection.js'

const admin = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' } as const

// Dispatched Sun 2026-12-20 with no 2027 notice loaded (chinese-days 1.5.7 ends with 2026).
const dispatched = () =>
  run(
    [
      command('RegisterComplaint', actors.operator, '2026-12-20T09:00:00+08:00', registration({ category: 'heating' })),
      command('AcceptComplaint', actors.operator, '2026-12-20T09:30:00+08:00', {}),
      command('DispatchComplaint', actors.operator, '2026-12-20T10:00:00+08:00', { unit: units.grid }),
    ],
    { calendar: chineseWorkdays },
  )

describe('rebase-deadlines (重新计算期限) after a holiday schedule is loaded', () => {
  it('a result deadline across 元旦 2027 is provisional: 2026-12-20 + 15 working days = Mon 2027-01-11', () => {
    // 12-21..12-25 (5), 12-28..12-31 (9), Fri 1-01 元旦 off (a festival day whatever the notice says),
    // 1-04..1-08 (14), Mon 1-11 (15).
    const dispatch = dispatched().events.at(-1)
    expect(dispatch?.type === 'ComplaintDispatched' && [dispatch.data.resultBy, dispatch.data.calendar?.provisional]).toEqual(['2027-01-11T23:59:59+08:00', true])
  })

  it('after the 2027 schedule (make-up Saturday 1-09) is loaded, the admin rebases it to Sat 2027-01-09; history keeps the old one', () => {
    // As above to Fri 1-08 (14); Sat 1-09 is a make-up working day in the loaded schedule (15).
    const history = dispatched()
    const loaded = complaintDecider({ calendar: chineseCalendar([schedule2027()]) })
    const r = loaded.decide(command('RebaseDeadlines', admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }), history.state)
    if (E.isLeft(r)) throw new Error(r.left.message)
    const [rebased] = r.right
    expect(rebased?.type).toBe('ComplaintDeadlinesRebased')
    expect(rebased?.type === 'ComplaintDeadlinesRebased' && rebased.data).toMatchObject({
      reason: '2027年放假安排已发布',
      changes: [{ kind: 'result', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00' }],
      calendar: { id: 'chinese-workdays', version: expect.stringMatching(/^chinese-days@1\.5\.7\+2027:/) },
    })
    expect(rebased?.type === 'ComplaintDeadlinesRebased' && rebased.data.calendar.provisional).toBeUndefined()
    const after = r.right.reduce((s, e: ComplaintEvent) => loaded.evolve(s, e), history.state)
    expect(after.status !== 'none' && after.resultBy).toBe('2027-01-09T23:59:59+08:00')
    // The dispatch event itself is unchanged: history never changes.
    const dispatch = history.events.at(-1)
    expect(dispatch?.type === 'ComplaintDispatched' && dispatch.data.resultBy).toBe('2027-01-11T23:59:59+08:00')
    // Counting again with the same calendar changes nothing, so nothing is written.
    const again = loaded.decide(command('RebaseDeadlines', admin, '2026-12-28T11:00:00+08:00', { reason: 'again' }), after)
    expect(again).toEqual(E.right([]))
  })

  it('an extension is counted again on top of the rebased deadline', () => {
    // Extension of 3 working days approved under the old calendar: 1-11 → Tue 1-12, Wed 1-13, Thu 1-14.
    // Rebased: 1-09 → Mon 1-11, Tue 1-12, Wed 1-13.
    const history = run(
      [
        command('AcknowledgeComplaint', actors.gridWorker, '2026-12-21T09:00:00+08:00', {}),
        command('RequestExtension', actors.gridWorker, '2026-12-22T09:00:00+08:00', { days: 3, reason: '等待配件' }),
        command('ApproveExtension', actors.supervisor, '2026-12-22T10:00:00+08:00', {}),
      ],
      { calendar: chineseWorkdays },
      dispatched(),
    )
    expect(history.state.status !== 'none' && history.state.resultBy).toBe('2027-01-14T23:59:59+08:00')
    const r = complaintDecider({ calendar: chineseCalendar([schedule2027()]) }).decide(command('RebaseDeadlines', admin, '2026-12-28T10:00:00+08:00', { reason: 'x' }), history.state)
    expect(E.isRight(r) && r.right[0]?.type === 'ComplaintDeadlinesRebased' && r.right[0].data.changes).toEqual([
      { kind: 'result', previous: '2027-01-14T23:59:59+08:00', deadline: '2027-01-13T23:59:59+08:00' },
    ])
  })

  it('only an admin may rebase', () => {
    const r = complaintDecider().decide(command('RebaseDeadlines', actors.supervisor, '2026-12-28T10:00:00+08:00', { reason: 'x' }), dispatched().state)
    expect(E.isLeft(r) && r.left.code).toBe('forbidden')
  })

  describe('报到 (arrival of a summoned department, 2 working days by default) across a loaded make-up day', () => {
    // Street-led case dispatched Sun 2026-12-20, no 2027 notice: result due Mon 2027-01-11 (provisional, as above).
    // Thu 2027-01-07 10:00 the environment bureau is summoned; it reports Fri 1-08 09:00 (done: not counted again).
    // Fri 2027-01-08 10:00 the housing bureau is summoned. Provisional count (Sat 1-09, Sun 1-10 a weekend):
    //   Mon 1-11 (1), Tue 1-12 (2) → report by 2027-01-12 23:59:59.
    // With the 2027 schedule loaded (Sat 1-09 a make-up working day): Sat 1-09 (1), Sun 1-10 off, Mon 1-11 (2)
    //   → report by 2027-01-11 23:59:59. The result deadline moves as above, 1-11 → 1-09.
    const summoned = () =>
      run(
        [
          command('RegisterComplaint', actors.operator, '2026-12-20T09:00:00+08:00', registration({ category: 'heating' })),
          command('AcceptComplaint', actors.operator, '2026-12-20T09:30:00+08:00', {}),
          command('DispatchComplaint', actors.operator, '2026-12-20T10:00:00+08:00', { unit: units.street }),
          command('AcknowledgeComplaint', actors.streetOfficer, '2026-12-21T09:00:00+08:00', {}),
          command('SummonDepartments', actors.streetOfficer, '2027-01-07T10:00:00+08:00', { departments: [units.environment], reason: '噪声扰民' }),
          command('ReportArrival', actors.environmentOfficer, '2027-01-08T09:00:00+08:00', { unitId: units.environment.id }),
          command('SummonDepartments', actors.streetOfficer, '2027-01-08T10:00:00+08:00', { departments: [units.housing], reason: '供热管道' }),
        ],
        { calendar: chineseWorkdays },
      )
    const loaded = complaintDecider({ calendar: chineseCalendar([schedule2027()]) })
    const rebase = (at: string) => command('RebaseDeadlines', admin, at, { reason: '2027年放假安排已发布' })

    it('given the provisional 报到 deadlines, the summons recorded them: environment Mon 1-11, housing Tue 1-12', () => {
      const last = summoned().events.at(-1)
      expect(last?.type === 'ComplaintDepartmentsSummoned' && [last.data.reportBy, last.data.calendar?.provisional]).toEqual(['2027-01-12T23:59:59+08:00', true])
      const state = summoned().state
      expect(state.status !== 'none' && state.summoned.map((s) => [s.unit.id, s.reportBy])).toEqual([
        ['saihan-env', '2027-01-11T23:59:59+08:00'],
        ['saihan-housing', '2027-01-12T23:59:59+08:00'],
      ])
    })

    it('when the admin rebases, then the housing bureau’s 报到 moves to Mon 1-11 (named), the reported one does not', () => {
      deciderSpec(loaded)
        .given(summoned().events)
        .when(rebase('2027-01-08T12:00:00+08:00'))
        .then([
          {
            type: 'ComplaintDeadlinesRebased',
            data: {
              complaintId: CASE_ID,
              at: '2027-01-08T12:00:00+08:00',
              reason: '2027年放假安排已发布',
              calendar: { id: 'chinese-workdays', version: expect.stringMatching(/^chinese-days@1\.5\.7\+2027:/) as unknown as string },
              changes: [
                { kind: 'result', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00' },
                { kind: 'arrival', previous: '2027-01-12T23:59:59+08:00', deadline: '2027-01-11T23:59:59+08:00', units: ['saihan-housing'] },
              ],
            },
          },
        ])
    })

    it('then the case holds the new 报到 deadline, and counting again with the same calendar changes nothing', () => {
      const first = summoned()
      const events = deciderSpec(loaded).given(first.events).when(rebase('2027-01-08T12:00:00+08:00')).then(() => undefined)
      const after = events.reduce((s, e: ComplaintEvent) => loaded.evolve(s, e), first.state)
      expect(after.status !== 'none' && after.summoned.map((s) => [s.unit.id, s.reportBy])).toEqual([
        ['saihan-env', '2027-01-11T23:59:59+08:00'],
        ['saihan-housing', '2027-01-11T23:59:59+08:00'],
      ])
      deciderSpec(loaded).given([...first.events, ...events]).when(rebase('2027-01-08T13:00:00+08:00')).then([])
    })
  })
})

// 访调对接 before dispatch: the handling deadline a 信访 complaint keeps on its referral is counted again like any other.
describe('rebase of the handling deadline of a 信访 complaint referred before dispatch', () => {
  // Accepted and referred Tue 2026-11-10: day 60 is Sat 2027-01-09 (Nov 11–30 = 20, Dec = 31 (51), Jan 1–9 = 9 (60)).
  // Without the 2027 notice Saturday is a rest day: the period ends Mon 2027-01-11 (provisional). The 2027 schedule
  // makes Sat 1-09 a make-up working day (调休): the period ends on it.
  const referred = () =>
    run(
      [
        command('RegisterComplaint', actors.operator, '2026-11-10T09:00:00+08:00', registration({ category: 'law-related' })),
        command('AcceptComplaint', actors.operator, '2026-11-10T09:30:00+08:00', {}),
        command('ReferToMediation', actors.operator, '2026-11-10T10:00:00+08:00', { disputeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', disputeCategory: 'land', respondents: [{ name: '李明' }], summary: '访调对接' }),
      ],
      { calendar: chineseWorkdays },
    )

  it('is provisional on the referral (Mon 2027-01-11), and rebased to Sat 2027-01-09 once the 2027 schedule is loaded', () => {
    const history = referred()
    const referral = history.events.at(-1)
    expect(referral?.type === 'ComplaintReferredToMediation' && [referral.data.resultBy, referral.data.calendar?.provisional]).toEqual(['2027-01-11T23:59:59+08:00', true])
    const loaded = complaintDecider({ calendar: chineseCalendar([schedule2027()]) })
    const r = loaded.decide(command('RebaseDeadlines', admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }), history.state)
    if (E.isLeft(r)) throw new Error(r.left.message)
    expect(r.right.map((e) => (e.type === 'ComplaintDeadlinesRebased' ? e.data.changes : e.type))).toEqual([[{ kind: 'result', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00' }]])
    const after = r.right.reduce((s, e: ComplaintEvent) => loaded.evolve(s, e), history.state)
    expect(after).toMatchObject({ status: 'referred-to-mediation', resultBy: '2027-01-09T23:59:59+08:00' })
    // The dashboard's clock moves with it: overdue from Sun 2027-01-10, not from Tue 01-12.
    const times = ['2026-11-10T09:00:00+08:00', '2026-11-10T09:30:00+08:00', '2026-11-10T10:00:00+08:00', '2026-12-28T10:00:00+08:00']
    const log = sealLog([...history.events, ...r.right].map((e, i) => ({ streamId: `complaint-${CASE_ID}`, type: e.type, at: times[i] ?? '', actor: actors.operator, data: e.data })))
    const view = dashboardView(replay(dashboardProjection, log), { asOf: '2027-01-10T00:00:00+08:00', jurisdiction: 'hohhot' })
    expect(view.overdue.items.map((i) => [i.deadlineKind, i.deadline])).toEqual([['result', '2027-01-09T15:59:59.000Z']])
  })
})
