import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { chineseCalendar, chineseWorkdays } from '../calendar/calendar.js'
import { schedule2027, schedule2027LongNewYear } from '../calendar/fixtures.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { CalendarStamp, Counting } from '../calendar/stamp.js'
import type { ComplaintEvent } from './events.js'
import { actors, CASE_ID, command, registration, run, units, type Run } from './fixtures.js'
import type { ComplaintCommand } from './commands.js'
import { complaintDecider } from './index.js'
import { sealLog } from '../audit/sealedLog.js'
import { dashboardProjection, dashboardView } from '../projections/dashboard.js'
import { replay } from '../projections/projection.js'
import { runningNow } from '../projections/overdue.js'

const admin = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' } as const

const VERSION_2027 = expect.stringMatching(/^chinese-days@1\.5\.7\+2027:/) as unknown as string
/**
 * The stamps a re-base with a 2027 schedule records for a count of `days` in `unit` from `from`, then its extensions
 * (`extensions`: their days): the loaded version, none provisional.
 */
const recounted2027 = (from: string, days: number, unit: Counting = 'working-days', extensions: readonly number[] = []): CalendarStamp[] => [
  { id: 'chinese-workdays', version: VERSION_2027, from, days, unit },
  ...extensions.map((d) => ({ id: 'chinese-workdays', version: VERSION_2027, days: d, unit })),
]

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
      { kind: 'result', previous: '2027-01-14T23:59:59+08:00', deadline: '2027-01-13T23:59:59+08:00', counted: recounted2027('2026-12-20T10:00:00+08:00', 15, 'working-days', [3]) },
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
    // What a rebase at `at` records for this case: the result deadline 1-11 → 1-09, the housing bureau's 报到 1-12 → 1-11.
    const resultAndArrivalRebased = (at: string): ComplaintEvent => ({
      type: 'ComplaintDeadlinesRebased',
      data: {
        complaintId: CASE_ID,
        at,
        reason: '2027年放假安排已发布',
        calendar: { id: 'chinese-workdays', version: expect.stringMatching(/^chinese-days@1\.5\.7\+2027:/) as unknown as string },
        changes: [
          { kind: 'result', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00', counted: recounted2027('2026-12-20T10:00:00+08:00', 15) },
          { kind: 'arrival', previous: '2027-01-12T23:59:59+08:00', deadline: '2027-01-11T23:59:59+08:00', units: ['saihan-housing'], counted: recounted2027('2027-01-08T10:00:00+08:00', 2) },
        ],
      },
    })
    const summonedCommands = (): ComplaintCommand[] => [
          command('RegisterComplaint', actors.operator, '2026-12-20T09:00:00+08:00', registration({ category: 'heating' })),
          command('AcceptComplaint', actors.operator, '2026-12-20T09:30:00+08:00', {}),
          command('DispatchComplaint', actors.operator, '2026-12-20T10:00:00+08:00', { unit: units.street }),
          command('AcknowledgeComplaint', actors.streetOfficer, '2026-12-21T09:00:00+08:00', {}),
          command('SummonDepartments', actors.streetOfficer, '2027-01-07T10:00:00+08:00', { departments: [units.environment], reason: '噪声扰民' }),
          command('ReportArrival', actors.environmentOfficer, '2027-01-08T09:00:00+08:00', { unitId: units.environment.id }),
          command('ReportDepartmentPart', actors.environmentOfficer, '2027-01-08T09:30:00+08:00', { unitId: units.environment.id, report: '已测噪声' }),
          command('SummonDepartments', actors.streetOfficer, '2027-01-08T10:00:00+08:00', { departments: [units.housing], reason: '供热管道' }),
        ]
    const summoned = () => run(summonedCommands(), { calendar: chineseWorkdays })
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

    it('when the admin rebases, then the housing bureau’s 报到 moves to Mon 1-11 (named), not the one that came and reported its part', () => {
      deciderSpec(loaded)
        .given(summoned().events)
        .when(rebase('2027-01-08T12:00:00+08:00'))
        .then([
          resultAndArrivalRebased('2027-01-08T12:00:00+08:00'),
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

    it('given the street’s result submitted Fri 1-08 16:00 before the housing bureau came, then its 报到 moves too (Tue 1-12 → Mon 1-11): it still decides when the bureau may be rated — and the result deadline (Mon 1-11 → Sat 1-09), the complainant not yet told', () => {
      const submitted = run(
        [command('SubmitResult', actors.streetOfficer, '2027-01-08T16:00:00+08:00', { result: '供热管道已修复', outcome: 'resolved' })],
        { calendar: chineseWorkdays },
        summoned(),
      )
      expect(submitted.state.status).toBe('result-submitted')
      deciderSpec(loaded)
        .given(submitted.events)
        .when(rebase('2027-01-08T17:00:00+08:00'))
        .then([
          resultAndArrivalRebased('2027-01-08T17:00:00+08:00'),
        ])
    })

    // Came (1-08 09:00) and no part reported: the street may rate the environment bureau once its 报到 deadline has gone
    // by, so that deadline moves too — Thu 1-07 10:00 + 2 working days: provisional Fri 1-08, Mon 1-11; with the make-up
    // Saturday 1-09, Fri 1-08, Sat 1-09 → Sat 1-09 (found in review: left at Mon 1-11, a rating waited until Tue 1-12).
    it('given the environment bureau came but reported no part, then its 报到 moves too (Mon 1-11 → Sat 1-09, its own change), and it may be rated from Sun 1-10 00:00, not on Sat 1-09', () => {
      const noPart = () => run(summonedCommands().filter((c) => c.type !== 'ReportDepartmentPart'), { calendar: chineseWorkdays })
      const events = deciderSpec(loaded).given(noPart().events).when(rebase('2027-01-08T12:00:00+08:00')).then(() => undefined)
      expect(events.flatMap((e: ComplaintEvent) => (e.type === 'ComplaintDeadlinesRebased' ? e.data.changes.filter((c) => c.kind === 'arrival') : []))).toEqual([
        { kind: 'arrival', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00', units: ['saihan-env'], counted: recounted2027('2027-01-07T10:00:00+08:00', 2) },
        { kind: 'arrival', previous: '2027-01-12T23:59:59+08:00', deadline: '2027-01-11T23:59:59+08:00', units: ['saihan-housing'], counted: recounted2027('2027-01-08T10:00:00+08:00', 2) },
      ])
      const after = events.reduce((s, e: ComplaintEvent) => loaded.evolve(s, e), noPart().state)
      const rate = (at: string) => command('RateDepartmentHelp', actors.streetOfficer, at, { unitId: 'saihan-env', rating: 'satisfied', comment: '到场' })
      // Not re-based, Sun 1-10 is refused (Mon 1-11 still running): the old calendar's day.
      expect(loaded.decide(rate('2027-01-10T09:00:00+08:00'), noPart().state)).toMatchObject({ _tag: 'Left', left: { code: 'invalid-transition' } })
      for (const at of ['2027-01-09T10:00:00+08:00', '2027-01-09T23:59:59+08:00']) {
        expect(loaded.decide(rate(at), after)).toMatchObject({ _tag: 'Left', left: { code: 'invalid-transition' } })
      }
      for (const at of ['2027-01-10T00:00:00+08:00', '2027-01-10T09:00:00+08:00']) {
        expect(loaded.decide(rate(at), after)).toMatchObject({ _tag: 'Right', right: [{ type: 'ComplaintDepartmentHelpRated' }] })
      }
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
    // The 派单 deadline the referral stopped (15 days from receipt Tue 11-10: Wed 11-25) counts no day of December 2026 or
    // of 2027, which alone the loaded notice arranges: its count stands, nothing is recorded for it.
    expect(r.right.map((e) => (e.type === 'ComplaintDeadlinesRebased' ? e.data.changes : e.type))).toEqual([
      [{ kind: 'result', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00', counted: recounted2027('2026-11-10T09:30:00+08:00', 60, 'statutory-days') }],
    ])
    const after = r.right.reduce((s, e: ComplaintEvent) => loaded.evolve(s, e), history.state)
    expect(after).toMatchObject({ status: 'referred-to-mediation', resultBy: '2027-01-09T23:59:59+08:00' })
    // The dashboard's clock moves with it: overdue from Sun 2027-01-10, not from Tue 01-12.
    const times = ['2026-11-10T09:00:00+08:00', '2026-11-10T09:30:00+08:00', '2026-11-10T10:00:00+08:00', '2026-12-28T10:00:00+08:00']
    const log = sealLog([...history.events, ...r.right].map((e, i) => ({ streamId: `complaint-${CASE_ID}`, type: e.type, at: times[i] ?? '', actor: actors.operator, data: e.data })))
    const view = dashboardView(replay(dashboardProjection, log), { asOf: '2027-01-10T00:00:00+08:00', jurisdiction: 'hohhot' })
    expect(view.overdue.items.map((i) => [i.deadlineKind, i.deadline])).toEqual([['result', '2027-01-09T15:59:59.000Z']])
  })
})

describe('rebase-deadlines counts again only the deadlines still running', () => {
  const loaded = complaintDecider({ calendar: chineseCalendar([schedule2027()]) })
  const rebasedWith = (history: { readonly state: Parameters<typeof loaded.decide>[1] }, at: string) => {
    const r = loaded.decide(command('RebaseDeadlines', admin, at, { reason: '2027年放假安排已发布' }), history.state)
    if (E.isLeft(r)) throw new Error(r.left.message)
    return r.right.map((e) => (e.type === 'ComplaintDeadlinesRebased' ? e.data.changes : e.type))
  }

  // Dispatched Sun 2026-12-20: result due Mon 2027-01-11, provisional (Sat 1-09 once the 2027 schedule is loaded, as above).
  const submittedSunday = () =>
    run(
      [
        command('AcknowledgeComplaint', actors.gridWorker, '2026-12-21T09:00:00+08:00', {}),
        command('SubmitResult', actors.gridWorker, '2027-01-10T16:00:00+08:00', { result: '已协调供热公司排气，暖气恢复。', outcome: 'resolved' }),
      ],
      { calendar: chineseWorkdays },
      dispatched(),
    )
  const called = (history: { readonly state: Parameters<typeof loaded.decide>[1] }, at: string) =>
    loaded.decide(command('RecordCallback', actors.operator, at, { reached: false, note: '无人接听' }), history.state)

  it('given the result submitted Sun 2027-01-10 and the complainant not yet told, then the result deadline still moves (Mon 1-11 → Sat 1-09): it decides when the hotline may call back (回访) untold — on Sun 1-10 by the notice, not before Tue 1-12', () => {
    const submitted = submittedSunday()
    expect(submitted.state).toMatchObject({ status: 'result-submitted', resultBy: '2027-01-11T23:59:59+08:00', result: { onTime: true } })
    expect(rebasedWith(submitted, '2027-01-10T17:00:00+08:00')).toEqual([[{ kind: 'result', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00', counted: recounted2027('2026-12-20T10:00:00+08:00', 15) }]])
    // Not rebased, the stored Mon 1-11 refuses a callback on Sun 1-10 evening; rebased, Sat 1-09 has passed and it is taken.
    expect(E.isLeft(called(submitted, '2027-01-10T18:00:00+08:00'))).toBe(true)
    const rebased = run([command('RebaseDeadlines', admin, '2027-01-10T17:00:00+08:00', { reason: '2027年放假安排已发布' })], { calendar: chineseCalendar([schedule2027()]) }, submitted)
    expect(rebased.state).toMatchObject({ resultBy: '2027-01-09T23:59:59+08:00', result: { onTime: true } })
    expect(called(rebased, '2027-01-10T18:00:00+08:00')).toMatchObject({ _tag: 'Right', right: [{ type: 'ComplaintCallbackRecorded' }] })
  })

  it('given a patrol finding (巡查发现) dispatched Sun 12-20 whose result came Sun 1-10, then the rebase writes nothing: no complainant to call back, it is verified and closed, and the deadline decides nothing more', () => {
    const { complainant: _nobody, ...found } = registration({ category: 'heating', channel: 'grid-visit', source: 'patrol', photos: ['a3f5c2d18e9b4f6a7c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b'], location: { longitude: 111.7, latitude: 40.8 } })
    const patrol = run(
      [
        command('RegisterComplaint', actors.gridWorker, '2026-12-20T09:00:00+08:00', found),
        command('AcceptComplaint', actors.operator, '2026-12-20T09:30:00+08:00', {}),
        command('DispatchComplaint', actors.operator, '2026-12-20T10:00:00+08:00', { unit: units.grid }),
        command('AcknowledgeComplaint', actors.gridWorker, '2026-12-21T09:00:00+08:00', {}),
        command('SubmitResult', actors.gridWorker, '2027-01-10T16:00:00+08:00', { result: '已协调供热公司排气，暖气恢复。', outcome: 'resolved' }),
      ],
      { calendar: chineseWorkdays },
    )
    expect(patrol.state).toMatchObject({ status: 'result-submitted', source: 'patrol', resultBy: '2027-01-11T23:59:59+08:00' })
    expect(rebasedWith(patrol, '2027-01-10T17:00:00+08:00')).toEqual([])
    expect(E.isLeft(called(patrol, '2027-01-12T10:00:00+08:00'))).toBe(true)
  })

  it('given the complainant told Mon 1-11 of the result submitted Sun 1-10, when the 2027 schedule is loaded, then the rebase writes nothing (the result is in, its onTime stays, the callback no longer waits for the deadline)', () => {
    const told = run([command('NotifyComplainant', actors.operator, '2027-01-11T09:00:00+08:00', { method: 'phone' })], { calendar: chineseWorkdays }, submittedSunday())
    expect(told.state).toMatchObject({ status: 'complainant-notified', resultBy: '2027-01-11T23:59:59+08:00' })
    expect(rebasedWith(told, '2027-01-11T10:00:00+08:00')).toEqual([])
  })

  // Result in Mon 12-28, notified, rated unsatisfied Tue 12-29: no result deadline runs until a 重办, which counts a full
  // new window from the reopening with the calendar of that moment — so skipping the rebase loses nothing.
  const unsatisfied = () =>
    run(
      [
        command('AcknowledgeComplaint', actors.gridWorker, '2026-12-21T09:00:00+08:00', {}),
        command('SubmitResult', actors.gridWorker, '2026-12-28T16:00:00+08:00', { result: '已协调供热公司排气。', outcome: 'resolved' }),
        command('NotifyComplainant', actors.operator, '2026-12-28T17:00:00+08:00', { method: 'phone' }),
        command('EvaluateComplaint', actors.resident, '2026-12-29T09:00:00+08:00', { rating: 'unsatisfied' }),
      ],
      { calendar: chineseWorkdays },
      dispatched(),
    )

  it('given the case rated unsatisfied, when the 2027 schedule is loaded, then the rebase writes nothing', () => {
    expect(unsatisfied().state).toMatchObject({ status: 'evaluated', resultBy: '2027-01-11T23:59:59+08:00' })
    expect(rebasedWith(unsatisfied(), '2026-12-30T10:00:00+08:00')).toEqual([])
  })

  it('then a 重办 Wed 12-30 counts its 15 working days with the loaded schedule: Wed 2027-01-20 (Thu 1-21 without it)', () => {
    // 12-31 (1); Fri 1-01 元旦, Sat 1-02, Sun 1-03 off; 1-04..1-08 (2–6); Sat 1-09 make-up (7); 1-11..1-15 (8–12);
    // 1-18, 1-19, 1-20 (13–15). Without the notice Sat 1-09 is a rest day: 1-11..1-15 (7–11), 1-18..1-21 (12–15).
    const reopen = command('ReopenComplaint', actors.operator, '2026-12-30T14:00:00+08:00', { reason: '仍不热' })
    const withLoaded = loaded.decide(reopen, unsatisfied().state)
    const without = complaintDecider({ calendar: chineseWorkdays }).decide(reopen, unsatisfied().state)
    const resultBy = (r: typeof withLoaded) => (E.isRight(r) && r.right[0]?.type === 'ComplaintReopened' ? r.right[0].data.resultBy : r)
    expect([resultBy(withLoaded), resultBy(without)]).toEqual(['2027-01-20T23:59:59+08:00', '2027-01-21T23:59:59+08:00'])
    // Running again, and counted with the loaded schedule already: a rebase then has nothing to move.
    const reopened = E.isRight(withLoaded) ? withLoaded.right.reduce((s, e: ComplaintEvent) => loaded.evolve(s, e), unsatisfied().state) : unsatisfied().state
    expect(reopened).toMatchObject({ status: 'dispatched', round: 2 })
    expect(rebasedWith({ state: reopened }, '2026-12-31T10:00:00+08:00')).toEqual([])
  })

  // 信访 (law-related): registered Fri 2026-12-25. 受理 and 派单 are each 15 days from receipt (信访工作条例 arts. 23, 22), a
  // statutory period: Dec 26–31 (6), Jan 1–9 (15) → Sat 2027-01-09, a rest day without the notice → Mon 1-11
  // (provisional); the 2027 schedule makes Sat 1-09 a make-up working day → Sat 1-09.
  const petition = (more: readonly Parameters<typeof run>[0][number][] = []) =>
    run([command('RegisterComplaint', actors.operator, '2026-12-25T09:00:00+08:00', registration({ category: 'law-related' })), ...more], { calendar: chineseWorkdays })

  it('given a 信访 complaint awaiting acceptance, then its 受理 deadline is counted again: Mon 1-11 → Sat 1-09', () => {
    expect(petition().state).toMatchObject({ status: 'registered', acceptBy: '2027-01-11T23:59:59+08:00' })
    expect(rebasedWith(petition(), '2026-12-28T10:00:00+08:00')).toEqual([
      [{ kind: 'accept', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00', counted: recounted2027('2026-12-25T09:00:00+08:00', 15, 'statutory-days') }],
    ])
  })

  it('given it accepted Mon 12-28, then its 受理 deadline is history: only the 派单 deadline, still running, moves (Mon 1-11 → Sat 1-09)', () => {
    // The 60 days of acceptance end Fri 2027-02-26 (Dec 29–31 (3), Jan (34), Feb 1–26 (60)), a working day either way.
    const accepted = petition([command('AcceptComplaint', actors.operator, '2026-12-28T09:30:00+08:00', {})])
    expect(accepted.state).toMatchObject({ status: 'accepted', acceptBy: '2027-01-11T23:59:59+08:00', dispatchBy: '2027-01-11T23:59:59+08:00', resultBy: '2027-02-26T23:59:59+08:00' })
    // The 60 days' Fri 2-26 stands, no longer provisional: confirmed (previous = deadline).
    expect(rebasedWith(accepted, '2026-12-28T10:00:00+08:00')).toEqual([
      [
        { kind: 'dispatch', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00', counted: recounted2027('2026-12-25T09:00:00+08:00', 15, 'statutory-days') },
        { kind: 'result', previous: '2027-02-26T23:59:59+08:00', deadline: '2027-02-26T23:59:59+08:00', counted: recounted2027('2026-12-28T09:30:00+08:00', 60, 'statutory-days') },
      ],
    ])
  })

  it('given it referred to mediation before acceptance (导入调解), then its 受理 deadline is still counted again: a failed referral puts it back, and it is accepted late on Sun 1-10', () => {
    const disputeId = '00000000-0000-4000-8000-0000000000d2'
    const referred = petition([
      command('ReferToMediation', actors.operator, '2026-12-28T10:00:00+08:00', { disputeId, disputeCategory: 'land', respondents: [{ name: '李明' }], summary: '访调对接' }),
    ])
    // The referral counts 60 days from itself (Mon 12-28): Fri 2-26, as above — it does not move.
    expect(referred.state).toMatchObject({ status: 'referred-to-mediation', referredFrom: 'registered', resultBy: '2027-02-26T23:59:59+08:00' })
    // Its Fri 2-26 is confirmed (no longer provisional).
    expect(rebasedWith(referred, '2026-12-29T10:00:00+08:00')).toEqual([
      [
        { kind: 'accept', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00', counted: recounted2027('2026-12-25T09:00:00+08:00', 15, 'statutory-days') },
        { kind: 'result', previous: '2027-02-26T23:59:59+08:00', deadline: '2027-02-26T23:59:59+08:00', counted: recounted2027('2026-12-28T10:00:00+08:00', 60, 'statutory-days') },
      ],
    ])
    const rebased = run([command('RebaseDeadlines', admin, '2026-12-29T10:00:00+08:00', { reason: '2027年放假安排已发布' })], { calendar: chineseCalendar([schedule2027()]) }, referred)
    const failed = run([command('RecordReferralFailure', actors.admin, '2027-01-08T10:00:00+08:00', { disputeId, code: 'declined', reason: '调委会不受理' })], { calendar: chineseCalendar([schedule2027()]) }, rebased)
    expect(failed.state).toMatchObject({ status: 'registered', acceptBy: '2027-01-09T23:59:59+08:00' })
    // Back to waiting for acceptance: accepted Sun 1-10 is a day late by the loaded schedule (it would be on time by 1-11).
    const accepted = run([command('AcceptComplaint', actors.operator, '2027-01-10T09:30:00+08:00', {})], { calendar: chineseCalendar([schedule2027()]) }, failed)
    expect(accepted.events.at(-1)).toMatchObject({ type: 'ComplaintAccepted', data: { acceptBy: '2027-01-09T23:59:59+08:00', onTime: false } })
  })
})

// 以下评上 on a closed case: RateDepartmentHelp is allowed in `closed` too, once the department's 报到 deadline has gone by,
// so that deadline still decides something after the close and is counted again by a new schedule (found in review).
describe('rebase of the 报到 deadline of a department that never came, on a closed complaint', () => {
  // An urgent heating complaint dispatched to the street Wed 2026-12-30 10:00, no 2027 notice loaded. At 11:00 the street
  // summons the housing and the environment bureaus: 2 working days (arrivalWithin's default) —
  //   provisional: Thu 12-31 (1); Fri 1-01 元旦, Sat 1-02, Sun 1-03 off; Mon 1-04 (2) → 报到 by 2027-01-04 23:59:59;
  //   with schedule2027LongNewYear loaded (元旦 runs Fri 1-01 to Mon 1-04): Thu 12-31 (1), Tue 1-05 (2) → 2027-01-05 23:59:59.
  // The environment bureau comes Wed 12-30 15:00; the housing bureau never does. The result deadline (urgent: 3 working
  // days) would move too were it running — 12-31, 1-04, 1-05 → Tue 1-05; loaded 12-31, 1-05, 1-06 → Wed 1-06 — but the
  // complainant is told and the case closed Thu 12-31 14:00: it decides nothing more, and stays.
  const OLD = '2027-01-04T23:59:59+08:00'
  const NEW = '2027-01-05T23:59:59+08:00'
  const loadedCalendar = { calendar: chineseCalendar([schedule2027LongNewYear()]) }
  const loaded = complaintDecider(loadedCalendar)
  const rebase = (at: string) => command('RebaseDeadlines', admin, at, { reason: '2027年放假安排已发布' })
  const rate = (unitId: string, at: string) => command('RateDepartmentHelp', actors.streetOfficer, at, { unitId, rating: 'unsatisfied', comment: '未到场' })
  const closed = () =>
    run(
      [
        command('RegisterComplaint', actors.operator, '2026-12-30T09:00:00+08:00', registration({ category: 'heating', urgency: 'urgent' })),
        command('AcceptComplaint', actors.operator, '2026-12-30T09:30:00+08:00', {}),
        command('DispatchComplaint', actors.operator, '2026-12-30T10:00:00+08:00', { unit: units.street }),
        command('AcknowledgeComplaint', actors.streetOfficer, '2026-12-30T10:30:00+08:00', {}),
        command('SummonDepartments', actors.streetOfficer, '2026-12-30T11:00:00+08:00', { departments: [units.housing, units.environment], reason: '供热管道' }),
        command('ReportArrival', actors.environmentOfficer, '2026-12-30T15:00:00+08:00', { unitId: units.environment.id }),
        command('SubmitResult', actors.streetOfficer, '2026-12-31T10:00:00+08:00', { result: '供热管道已修复', outcome: 'resolved' }),
        command('NotifyComplainant', actors.operator, '2026-12-31T11:00:00+08:00', { method: 'phone' }),
        command('EvaluateComplaint', actors.resident, '2026-12-31T12:00:00+08:00', { rating: 'satisfied' }),
        command('CloseComplaint', actors.operator, '2026-12-31T14:00:00+08:00', { reason: '已办结' }),
      ],
      { calendar: chineseWorkdays },
    )
  const then = (history: Run, commands: readonly ComplaintCommand[], calendar = loadedCalendar) => run(commands, calendar, history)

  it('given the case closed Thu 12-31 before the housing bureau came, the summons recorded 报到 by Mon 1-04 (provisional) and the result deadline is Tue 1-05', () => {
    const last = closed().events.find((e) => e.type === 'ComplaintDepartmentsSummoned')
    expect(last?.type === 'ComplaintDepartmentsSummoned' && [last.data.reportBy, last.data.calendar?.provisional]).toEqual([OLD, true])
    expect(closed().state).toMatchObject({ status: 'closed', resultBy: '2027-01-05T23:59:59+08:00' })
  })

  it('when the long-元旦 schedule is loaded Sat 1-02, then the 报到 of the housing bureau (never came) and of the environment bureau (came, no part) moves, Mon 1-04 → Tue 1-05 (named, old and new, the reason): not the result deadline; history keeps the summons as it was', () => {
    deciderSpec(loaded)
      .given(closed().events)
      .when(rebase('2027-01-02T10:00:00+08:00'))
      .then([
        {
          type: 'ComplaintDeadlinesRebased',
          data: {
            complaintId: CASE_ID,
            at: '2027-01-02T10:00:00+08:00',
            reason: '2027年放假安排已发布',
            calendar: { id: 'chinese-workdays', version: expect.stringMatching(/^chinese-days@1\.5\.7\+2027:/) as unknown as string },
            changes: [{ kind: 'arrival', previous: OLD, deadline: NEW, units: ['saihan-housing', 'saihan-env'], counted: recounted2027('2026-12-30T11:00:00+08:00', 2) }],
          },
        },
      ])
    const rebased = then(closed(), [rebase('2027-01-02T10:00:00+08:00')])
    expect(rebased.state).toMatchObject({ status: 'closed', resultBy: '2027-01-05T23:59:59+08:00' })
    expect(rebased.state.status !== 'none' && rebased.state.summoned.map((s) => [s.unit.id, s.reportBy])).toEqual([
      ['saihan-housing', NEW],
      ['saihan-env', NEW],
    ])
    const summons = rebased.events.find((e) => e.type === 'ComplaintDepartmentsSummoned')
    expect(summons?.type === 'ComplaintDepartmentsSummoned' && summons.data.reportBy).toBe(OLD)
    // Counted again with the same schedule: nothing to move, nothing written.
    deciderSpec(loaded).given(rebased.events).when(rebase('2027-01-02T11:00:00+08:00')).then([])
  })

  it('then the street may rate the housing bureau (以下评上) by the new deadline: not on Tue 1-05 (10:00, nor its last second), but from Wed 1-06 00:00', () => {
    const rebased = then(closed(), [rebase('2027-01-02T10:00:00+08:00')])
    // Not re-based, the old Mon 1-04 has gone by on Tue 1-05 10:00 and the rating is taken: the wrong day.
    expect(loaded.decide(rate('saihan-housing', '2027-01-05T10:00:00+08:00'), closed().state)).toMatchObject({ _tag: 'Right' })
    // Re-based: the day before the new deadline, the day itself, its last second — refused; the day after — rated.
    for (const at of ['2027-01-04T10:00:00+08:00', '2027-01-05T10:00:00+08:00', '2027-01-05T23:59:59+08:00']) {
      expect(loaded.decide(rate('saihan-housing', at), rebased.state)).toMatchObject({ _tag: 'Left', left: { code: 'invalid-transition' } })
    }
    for (const at of ['2027-01-06T00:00:00+08:00', '2027-01-06T09:00:00+08:00']) {
      expect(loaded.decide(rate('saihan-housing', at), rebased.state)).toMatchObject({ _tag: 'Right', right: [{ type: 'ComplaintDepartmentHelpRated' }] })
    }
  })

  // The dashboard (overdue list, running deadlines, unit evaluation) of the same history, closed and not: every figure by
  // hand from the times above. Not closed (evaluated Thu 12-31 12:00, the case still open), the housing bureau is on the
  // overdue list from the day after its deadline — Tue 1-05 00:00 by the old one, Wed 1-06 00:00 once re-based — and
  // counted due and late in January (its one 报到, none on time). Closed Thu 12-31 14:00, before either deadline: a closed
  // case is on no overdue list and runs no deadline, and a department that never came is counted late only if its
  // deadline had passed when the case closed — it had not, by either day: nothing, before the re-base or after.
  describe('the dashboard takes the re-based 报到 on a closed case as on an open one', () => {
    const january = { from: '2027-01-01T00:00:00+08:00', to: '2027-02-01T00:00:00+08:00' }
    // Every event of this history carries its time (`at`); the log records it so.
    const logOf = (events: readonly ComplaintEvent[]) =>
      sealLog(events.map((e) => ({ streamId: `complaint-${CASE_ID}`, type: e.type, at: (e.data as { readonly at: string }).at, actor: actors.operator, data: e.data })))
    const viewOf = (events: readonly ComplaintEvent[], asOf: string) => dashboardView(replay(dashboardProjection, logOf(events)), { jurisdiction: 'hohhot', ...january, asOf })
    const figures = (events: readonly ComplaintEvent[], asOf: string) => {
      const view = viewOf(events, asOf)
      const housing = view.units.find((u) => u.unit.id === 'saihan-housing')
      return {
        overdue: view.overdue.items.filter((i) => i.deadlineKind === 'arrival').map((i) => [i.unitId, i.deadline]),
        due: housing?.arrivals.due ?? 0,
        onTime: housing?.arrivals.onTime ?? 0,
        overdueArrival: housing?.overdue.arrival ?? 0,
      }
    }
    const open = () => closed().events.filter((e) => e.type !== 'ComplaintClosed')
    const withRebase = (events: readonly ComplaintEvent[]) => {
      const r = loaded.decide(rebase('2027-01-02T10:00:00+08:00'), events.reduce((s, e: ComplaintEvent) => loaded.evolve(s, e), complaintDecider().initialState))
      if (E.isLeft(r)) throw new Error(r.left.message)
      return [...events, ...r.right]
    }
    const OLD_UTC = '2027-01-04T15:59:59.000Z'
    const NEW_UTC = '2027-01-05T15:59:59.000Z'

    it.each([
      ['open, not re-based', false, false, '2027-01-04T23:59:59+08:00', { overdue: [], due: 0, onTime: 0, overdueArrival: 0 }],
      ['open, not re-based', false, false, '2027-01-05T00:00:00+08:00', { overdue: [['saihan-housing', OLD_UTC]], due: 1, onTime: 0, overdueArrival: 1 }],
      ['open, re-based', false, true, '2027-01-05T12:00:00+08:00', { overdue: [], due: 0, onTime: 0, overdueArrival: 0 }],
      ['open, re-based', false, true, '2027-01-05T23:59:59+08:00', { overdue: [], due: 0, onTime: 0, overdueArrival: 0 }],
      ['open, re-based', false, true, '2027-01-06T00:00:00+08:00', { overdue: [['saihan-housing', NEW_UTC]], due: 1, onTime: 0, overdueArrival: 1 }],
      ['closed, not re-based', true, false, '2027-01-05T12:00:00+08:00', { overdue: [], due: 0, onTime: 0, overdueArrival: 0 }],
      ['closed, re-based', true, true, '2027-01-05T12:00:00+08:00', { overdue: [], due: 0, onTime: 0, overdueArrival: 0 }],
      ['closed, re-based', true, true, '2027-01-06T12:00:00+08:00', { overdue: [], due: 0, onTime: 0, overdueArrival: 0 }],
    ] as const)('%s, as of %s', (_name, isClosed, isRebased, asOf, expected) => {
      const events = isClosed ? closed().events : open()
      expect(figures(isRebased ? withRebase(events) : events, asOf)).toEqual(expected)
    })

    it('the closed case’s re-based summary runs no deadline (what the SQLite and PostgreSQL read models keep as running deadlines)', () => {
      const state = replay(dashboardProjection, logOf(withRebase(closed().events)))
      const row = [...state.cases.values()][0]
      expect(row === undefined ? 'no row' : runningNow(row)).toEqual([])
    })
  })

  // The environment bureau came (Wed 12-30 15:00) but never reported its part: the street may rate it once its 报到
  // deadline has gone by (RateDepartmentHelp: its part, or that deadline gone) — the same day as the housing bureau's, so
  // the new schedule moves it too (found in review: left at Mon 1-04, a rating was taken Tue 1-05 10:00, a day early).
  it('then the street may rate the environment bureau — came, no part — by the new deadline too: not on Tue 1-05 (10:00, its last second), from Wed 1-06 00:00', () => {
    const rebased = then(closed(), [rebase('2027-01-02T10:00:00+08:00')])
    for (const at of ['2027-01-04T10:00:00+08:00', '2027-01-05T10:00:00+08:00', '2027-01-05T23:59:59+08:00']) {
      expect(loaded.decide(rate('saihan-env', at), rebased.state)).toMatchObject({ _tag: 'Left', left: { code: 'invalid-transition' } })
    }
    for (const at of ['2027-01-06T00:00:00+08:00', '2027-01-06T09:00:00+08:00']) {
      expect(loaded.decide(rate('saihan-env', at), rebased.state)).toMatchObject({ _tag: 'Right', right: [{ type: 'ComplaintDepartmentHelpRated' }] })
    }
  })

  it('given both bureaus already rated (their old deadline gone by, Tue 1-05 09:00), then a rebase at 10:00 moves nothing: the closed case has no deadline left, and refuses as before', () => {
    const rated = then(closed(), [rate('saihan-housing', '2027-01-05T09:00:00+08:00'), rate('saihan-env', '2027-01-05T09:00:00+08:00')], { calendar: chineseWorkdays })
    expect(loaded.decide(rebase('2027-01-05T10:00:00+08:00'), rated.state)).toMatchObject({ _tag: 'Left', left: { code: 'invalid-transition' } })
  })

  it('given a closed case whose every department came and reported its part, then a rebase is refused as on any closed case (invalid-transition): nothing to move', () => {
    const allCame = run(
      [
        command('RegisterComplaint', actors.operator, '2026-12-30T09:00:00+08:00', registration({ category: 'heating', urgency: 'urgent' })),
        command('AcceptComplaint', actors.operator, '2026-12-30T09:30:00+08:00', {}),
        command('DispatchComplaint', actors.operator, '2026-12-30T10:00:00+08:00', { unit: units.street }),
        command('AcknowledgeComplaint', actors.streetOfficer, '2026-12-30T10:30:00+08:00', {}),
        command('SummonDepartments', actors.streetOfficer, '2026-12-30T11:00:00+08:00', { departments: [units.housing], reason: '供热管道' }),
        command('ReportArrival', actors.housingOfficer, '2026-12-30T15:00:00+08:00', { unitId: units.housing.id }),
        command('ReportDepartmentPart', actors.housingOfficer, '2026-12-30T16:00:00+08:00', { unitId: units.housing.id, report: '已到场检修' }),
        command('SubmitResult', actors.streetOfficer, '2026-12-31T10:00:00+08:00', { result: '供热管道已修复', outcome: 'resolved' }),
        command('NotifyComplainant', actors.operator, '2026-12-31T11:00:00+08:00', { method: 'phone' }),
        command('EvaluateComplaint', actors.resident, '2026-12-31T12:00:00+08:00', { rating: 'satisfied' }),
        command('CloseComplaint', actors.operator, '2026-12-31T14:00:00+08:00', { reason: '已办结' }),
      ],
      { calendar: chineseWorkdays },
    )
    expect(allCame.state.status).toBe('closed')
    expect(loaded.decide(rebase('2027-01-02T10:00:00+08:00'), allCame.state)).toMatchObject({ _tag: 'Left', left: { code: 'invalid-transition' } })
  })
})

describe('rebase-deadlines: a provisional count the loaded notice confirms, and the stamps the case keeps', () => {
  const admin = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' } as const
  const loaded = complaintDecider({ calendar: chineseCalendar([schedule2027()]) })
  const version = expect.stringMatching(/^chinese-days@1\.5\.7\+2027:/) as unknown as string
  const rebase = (at: string) => command('RebaseDeadlines', admin, at, { reason: '2027年放假安排已发布' })
  // Dispatched Tue 2026-12-15 10:00, no 2027 notice loaded: 15 working days — 12-16..12-18 (3), 12-21..12-25 (8),
  // 12-28..12-31 (12), Fri 1-01 元旦 off, 1-04 (13), 1-05 (14), Wed 1-06 (15): provisional, as 2027 has no notice. The
  // street summons the environment bureau Mon 2027-01-04 10:00: 2 working days, Tue 1-05, Wed 1-06 (provisional). The
  // fixture notice's only change near them is the make-up Saturday 1-09, after both: the notice moves neither.
  const confirmedCase = () =>
    run(
      [
        command('RegisterComplaint', actors.operator, '2026-12-15T09:00:00+08:00', registration({ category: 'heating' })),
        command('AcceptComplaint', actors.operator, '2026-12-15T09:30:00+08:00', {}),
        command('DispatchComplaint', actors.operator, '2026-12-15T10:00:00+08:00', { unit: units.street }),
        command('AcknowledgeComplaint', actors.streetOfficer, '2026-12-16T09:00:00+08:00', {}),
        command('SummonDepartments', actors.streetOfficer, '2027-01-04T10:00:00+08:00', { departments: [units.environment], reason: '噪声扰民' }),
      ],
      { calendar: chineseWorkdays },
    )

  it('given the deadlines counted without a notice, the case keeps them provisional: result Wed 1-06, 报到 Wed 1-06', () => {
    const s = confirmedCase().state
    expect(s.status !== 'none' && [s.resultBy, s.counted?.result?.map((c) => c.provisional), s.summoned.map((x) => [x.reportBy, x.counted?.provisional])]).toEqual([
      '2027-01-06T23:59:59+08:00',
      [true],
      [['2027-01-06T23:59:59+08:00', true]],
    ])
  })

  it('when the notice is loaded and moves neither, the re-base records each as confirmed (previous = deadline) with its new count', () => {
    const [event, ...rest] = deciderSpec(loaded).given(confirmedCase().events).when(rebase('2027-01-04T12:00:00+08:00')).then(() => undefined)
    expect(rest).toEqual([])
    expect(event?.type === 'ComplaintDeadlinesRebased' && event.data.changes).toEqual([
      {
        kind: 'result',
        previous: '2027-01-06T23:59:59+08:00',
        deadline: '2027-01-06T23:59:59+08:00',
        counted: [{ id: 'chinese-workdays', version, from: '2026-12-15T10:00:00+08:00', days: 15, unit: 'working-days' }],
      },
      {
        kind: 'arrival',
        previous: '2027-01-06T23:59:59+08:00',
        deadline: '2027-01-06T23:59:59+08:00',
        units: ['saihan-env'],
        counted: [{ id: 'chinese-workdays', version, from: '2027-01-04T10:00:00+08:00', days: 2, unit: 'working-days' }],
      },
    ])
  })

  it('then the case names the loaded version without provisional, the dates unchanged; counting again writes nothing', () => {
    const first = confirmedCase()
    const events = deciderSpec(loaded).given(first.events).when(rebase('2027-01-04T12:00:00+08:00')).then(() => undefined)
    const after = events.reduce((s, e: ComplaintEvent) => loaded.evolve(s, e), first.state)
    if (after.status === 'none') throw new Error('no case')
    expect([after.resultBy, after.counted?.result, after.summoned.map((x) => [x.reportBy, x.counted])]).toEqual([
      '2027-01-06T23:59:59+08:00',
      [{ id: 'chinese-workdays', version, from: '2026-12-15T10:00:00+08:00', days: 15, unit: 'working-days' }],
      [['2027-01-06T23:59:59+08:00', { id: 'chinese-workdays', version, from: '2027-01-04T10:00:00+08:00', days: 2, unit: 'working-days' }]],
    ])
    deciderSpec(loaded).given([...first.events, ...events]).when(rebase('2027-01-04T13:00:00+08:00')).then([])
  })

  it('a confirmation moves no clock of the dashboard: its case row is the one without it', () => {
    const first = confirmedCase()
    const events = deciderSpec(loaded).given(first.events).when(rebase('2027-01-04T12:00:00+08:00')).then(() => undefined)
    const times = ['2026-12-15T09:00:00+08:00', '2026-12-15T09:30:00+08:00', '2026-12-15T10:00:00+08:00', '2026-12-16T09:00:00+08:00', '2027-01-04T10:00:00+08:00', '2027-01-04T12:00:00+08:00']
    const rowOf = (log: readonly ComplaintEvent[]) =>
      replay(dashboardProjection, sealLog(log.map((e, i) => ({ streamId: `complaint-${CASE_ID}`, type: e.type, at: times[i] ?? '', actor: actors.operator, data: e.data })))).cases.get(`complaint-${CASE_ID}`)
    expect(rowOf(first.events)).toBeDefined()
    expect(rowOf([...first.events, ...events])).toEqual(rowOf(first.events))
  })

  it('a deadline the notice moves: the case takes its new count too (Mon 1-11 → Sat 1-09, no longer provisional, the loaded version)', () => {
    // Dispatched Sun 2026-12-20: Mon 1-11 without the notice, Sat 1-09 (make-up working day) with it (see above).
    const first = dispatched()
    expect(first.state.status !== 'none' && first.state.counted?.result?.map((c) => [c.version, c.provisional])).toEqual([['chinese-days@1.5.7', true]])
    const events = deciderSpec(loaded).given(first.events).when(rebase('2026-12-28T10:00:00+08:00')).then(() => undefined)
    const after = events.reduce((s, e: ComplaintEvent) => loaded.evolve(s, e), first.state)
    expect(after.status !== 'none' && [after.resultBy, after.counted?.result]).toEqual([
      '2027-01-09T23:59:59+08:00',
      [{ id: 'chinese-workdays', version, from: '2026-12-20T10:00:00+08:00', days: 15, unit: 'working-days' }],
    ])
  })

  it('an event recorded before changes carried their count still folds: the dates move, the stamps stay as they were', () => {
    const first = dispatched()
    const old: ComplaintEvent = {
      type: 'ComplaintDeadlinesRebased',
      data: {
        complaintId: CASE_ID,
        at: '2026-12-28T10:00:00+08:00',
        reason: 'x',
        calendar: { id: 'chinese-workdays', version: 'chinese-days@1.5.7+2027:00000000' },
        changes: [{ kind: 'result', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00' }],
      },
    }
    const after = loaded.evolve(first.state, old)
    expect(after.status !== 'none' && [after.resultBy, after.counted]).toEqual(['2027-01-09T23:59:59+08:00', first.state.status !== 'none' && first.state.counted])
  })
})
