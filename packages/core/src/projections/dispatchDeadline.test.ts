import { describe, expect, it } from 'vitest'
import { chineseCalendar, chineseWorkdays } from '../calendar/calendar.js'
import { schedule2027LongNewYear } from '../calendar/fixtures.js'
import type { ComplaintCommand } from '../complaint/commands.js'
import type { ComplaintConfig } from '../complaint/config.js'
import { actors, command, registration, run, units } from '../complaint/fixtures.js'
import { dashboardView } from './dashboard.js'
import { dashboardOfRuns } from './fixtures.js'
import { unassignedOverdue } from './unitEvaluation.js'

// 派单时限 on the overdue list (DOMAIN.md "Time": every deadline a case has — dispatch among them — can become overdue,
// and overdue lists and unit evaluation see all of them). The log is the decider's own events; each instant is counted
// by hand in its comment. The dispatch deadline is the dispatcher's (the hotline's), no handling unit's.
const id = (n: number) => `00000000-0000-4000-8000-0000000061${String(n).padStart(2, '0')}`
const admin = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' } as const
const T = (s: string) => `2026-03-02T${s}+08:00`

const accepted = (n: number, acceptAt = T('10:00:00'), category = 'heating'): ComplaintCommand[] => [
  command('RegisterComplaint', actors.operator, T('09:00:00'), registration({ id: id(n), category })),
  command('AcceptComplaint', actors.operator, acceptAt, {}),
]
const dispatch = (at: string) => command('DispatchComplaint', actors.operator, at, { unit: units.grid })

// A referral to mediation carries no `at` (the agreed shape): each history is timed in order, an event without `at` at
// the time of the one before it (the referral below is recorded at 9-17 10:00, stopping the clock then — well before it).
const stateOf = dashboardOfRuns
const overdueAt = (state: ReturnType<typeof stateOf>, asOf: string) => dashboardView(state, { asOf }).overdue
const listed = (items: readonly { caseId: string; deadlineKind: string; deadline: string; unitId?: string }[]) =>
  items.filter((i) => i.deadlineKind === 'dispatch').map((i) => [i.caseId, i.deadline, i.unitId ?? null])

describe('12345 (standard-normal): accepted Mon 3-02 10:00, dispatch by 12:00 (2 hours)', () => {
  // 1: never dispatched. 2: dispatched at 11:00, on time. 3: dispatched at 12:00:00.000, the deadline's instant (on time).
  // 4: dispatched 11:00, returned (退单) 15:00 — a new dispatch deadline, 17:00 — and never dispatched again.
  const state = stateOf([
    run(accepted(1)),
    run([...accepted(2), dispatch(T('11:00:00'))]),
    run([...accepted(3), dispatch(T('12:00:00.000'))]),
    run([...accepted(4), dispatch(T('11:00:00')), command('ReturnComplaint', actors.gridWorker, T('15:00:00'), { reason: '不属于本网格' })]),
  ])

  it('not overdue at 12:00:00.000; overdue (kind dispatch, no unit: the dispatcher’s) from 12:00:00.001', () => {
    expect(overdueAt(state, T('12:00:00.000')).byKind.dispatch).toBe(0)
    const o = overdueAt(state, T('12:00:00.001'))
    expect(o.byKind.dispatch).toBe(1)
    expect(listed(o.items)).toEqual([[id(1), '2026-03-02T04:00:00.000Z', null]])
  })

  it('a case dispatched on time (at 11:00, or at the deadline’s instant) is never overdue for it', () => {
    const o = overdueAt(state, '2026-04-30T10:00:00+08:00')
    expect(listed(o.items).map(([caseId]) => caseId)).toEqual([id(1), id(4)])
  })

  it('临期: the last 20% of 2 hours (24 minutes) — due soon from 11:36, not at 11:35:59.999 (1 and 3, not yet dispatched)', () => {
    expect(listed(overdueAt(state, T('11:35:59.999')).dueSoon.items)).toEqual([])
    const soon = overdueAt(state, T('11:36:00')).dueSoon
    expect(listed(soon.items)).toEqual([
      [id(1), '2026-03-02T04:00:00.000Z', null],
      [id(3), '2026-03-02T04:00:00.000Z', null],
    ])
    expect(soon.byKind.dispatch).toBe(2)
  })

  it('after the 退单 at 15:00 the dispatcher has until 17:00: overdue from 17:00:00.001', () => {
    expect(listed(overdueAt(state, T('17:00:00.000')).items)).toEqual([[id(1), '2026-03-02T04:00:00.000Z', null]])
    expect(listed(overdueAt(state, T('17:00:00.001')).items)).toEqual([
      [id(1), '2026-03-02T04:00:00.000Z', null],
      [id(4), '2026-03-02T09:00:00.000Z', null],
    ])
  })

  it('the unit evaluation charges no handling unit with it: it is among the overdue no unit answers for', () => {
    const view = dashboardView(state, { asOf: T('18:00:00') })
    expect(view.units.every((u) => u.overdue.dispatch === 0)).toBe(true)
    expect(unassignedOverdue(view).dispatch).toBe(2)
  })
})

describe('信访 (petition): 15 statutory days from registration (信访工作条例 art. 22)', () => {
  // Registered Wed 9-16 10:00, accepted 9-17: day 15 is 10-01 (国庆 10-01..10-07) → Thu 10-08, to 24:00.
  const petition = (n: number, config: ComplaintConfig = {}, more: ComplaintCommand[] = []) =>
    run(
      [
        command('RegisterComplaint', actors.operator, '2026-09-16T10:00:00+08:00', registration({ id: id(n), category: 'law-related' })),
        command('AcceptComplaint', actors.operator, '2026-09-17T10:00:00+08:00', {}),
        ...more,
      ],
      config,
    )

  it('overdue from 10-09 00:00, not in the last millisecond of 10-08', () => {
    const state = stateOf([petition(1)])
    expect(overdueAt(state, '2026-10-08T23:59:59.999+08:00').byKind.dispatch).toBe(0)
    expect(listed(overdueAt(state, '2026-10-09T00:00:00+08:00').items)).toEqual([[id(1), '2026-10-08T15:59:59.000Z', null]])
  })

  it('a referral to mediation from `accepted` stops it; a failed referral resumes it on the same deadline', () => {
    const refer = command('ReferToMediation', actors.operator, '2026-09-20T10:00:00+08:00', { disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '邻里纠纷' })
    const referred = petition(2, {}, [refer])
    const disputeId = referred.events.at(-1)?.type === 'ComplaintReferredToMediation' ? (referred.events.at(-1)?.data as { disputeId: string }).disputeId : ''
    const failed = run([command('RecordReferralFailure', admin, '2026-10-12T10:00:00+08:00', { disputeId, code: 'already-exists', reason: '纠纷已存在' })], {}, referred)
    const state = stateOf([failed])
    expect(overdueAt(state, '2026-10-10T10:00:00+08:00').byKind.dispatch).toBe(0)
    expect(listed(overdueAt(state, '2026-10-12T10:00:00+08:00').items)).toEqual([[id(2), '2026-10-08T15:59:59.000Z', null]])
  })
})

describe('the re-base moves the dispatch clock on the overdue list', () => {
  // 信访 registered and accepted Sun 2026-12-20 with no 2027 notice: day 15 is Mon 2027-01-04 (provisional). Rebased on
  // 12-28 with a schedule keeping 1-01..1-04 off: Tue 1-05.
  const history = run(
    [
      command('RegisterComplaint', actors.operator, '2026-12-20T09:00:00+08:00', registration({ id: id(9), category: 'law-related' })),
      command('AcceptComplaint', actors.operator, '2026-12-20T09:30:00+08:00', {}),
    ],
    { calendar: chineseWorkdays },
  )
  const rebased = run([command('RebaseDeadlines', admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' })], { calendar: chineseCalendar([schedule2027LongNewYear()]) }, history)

  it('referred to mediation meanwhile: the re-base moves the stopped deadline, and the failed referral resumes it there', () => {
    const loaded = { calendar: chineseCalendar([schedule2027LongNewYear()]) }
    const referred = run(
      [command('ReferToMediation', actors.operator, '2026-12-21T10:00:00+08:00', { disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '邻里纠纷' })],
      { calendar: chineseWorkdays },
      history,
    )
    const moved = run([command('RebaseDeadlines', admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' })], loaded, referred)
    const change = moved.events.at(-1)
    expect(change?.type === 'ComplaintDeadlinesRebased' && change.data.changes.filter((c) => c.kind === 'dispatch').map(({ counted: _counted, ...c }) => c)).toEqual([
      { kind: 'dispatch', previous: '2027-01-04T23:59:59+08:00', deadline: '2027-01-05T23:59:59+08:00' },
    ])
    const disputeId = moved.state.status === 'none' ? '' : (moved.state.disputeId ?? '')
    const failed = run([command('RecordReferralFailure', admin, '2026-12-30T10:00:00+08:00', { disputeId, code: 'already-exists', reason: '纠纷已存在' })], loaded, moved)
    expect(failed.state.status !== 'none' && [failed.state.status, failed.state.dispatchBy]).toEqual(['accepted', '2027-01-05T23:59:59+08:00'])
    const state = stateOf([failed])
    expect(overdueAt(state, '2027-01-05T23:59:59.999+08:00').byKind.dispatch).toBe(0)
    expect(listed(overdueAt(state, '2027-01-06T00:00:00+08:00').items)).toEqual([[id(9), '2027-01-05T15:59:59.000Z', null]])
  })

  it('without the re-base overdue from 1-05 00:00; with it only from 1-06 00:00', () => {
    expect(rebased.events.at(-1)?.type).toBe('ComplaintDeadlinesRebased')
    expect(overdueAt(stateOf([history]), '2027-01-05T00:00:00+08:00').byKind.dispatch).toBe(1)
    const state = stateOf([rebased])
    expect(overdueAt(state, '2027-01-05T23:59:59.999+08:00').byKind.dispatch).toBe(0)
    expect(listed(overdueAt(state, '2027-01-06T00:00:00+08:00').items)).toEqual([[id(9), '2027-01-05T15:59:59.000Z', null]])
  })
})
