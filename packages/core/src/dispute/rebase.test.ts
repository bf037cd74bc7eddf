import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { chineseCalendar, chineseWorkdays } from '../calendar/calendar.js'
import { schedule2027, schedule2027LongNewYear } from '../calendar/fixtures.js'
import { fold } from '../kernel/decider.js'
import type { Actor } from '../kernel/actor.js'
import type { DisputeEvent } from './events.js'
import { actors, at, CASE_NUMBER, command, committees, DISPUTE_ID, GRID, mediators, parties } from './fixtures.js'
import { disputeDecider } from './index.js'

const shipped = disputeDecider()
const loaded = disputeDecider({ calendar: chineseCalendar([schedule2027()]) })
const decided = (d: typeof shipped, past: readonly DisputeEvent[], c: Parameters<typeof shipped.decide>[0]): readonly DisputeEvent[] => {
  const r = d.decide(c, fold(d, past))
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('rebase-deadlines on a dispute', () => {
  // Accepted Thu 2026-12-10 with no 2027 notice: 12-10 + 30 days = Sat 2027-01-09 → provisionally Mon 1-11
  // (a Saturday is a rest day when nothing says otherwise). The 2027 schedule makes Sat 1-09 a make-up
  // working day, so the rebased deadline is Sat 1-09.
  const accepted = [...at.reported, ...decided(shipped, at.reported, command('AcceptDispute', actors.communityWorker, '2026-12-10T10:00:00+08:00', {}))]

  it('the mediation deadline is provisional before the notice, and counted again after it', () => {
    expect(fold(shipped, accepted).mediationDeadline).toBe('2027-01-11T23:59:59+08:00')
    const acceptedEvent = accepted.at(-1)
    expect(acceptedEvent?.type === 'DisputeAccepted' && acceptedEvent.data.calendar?.provisional).toBe(true)
    const rebased = decided(loaded, accepted, command('RebaseDeadlines', actors.admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }))
    expect(rebased).toMatchObject([
      {
        type: 'DisputeDeadlinesRebased',
        data: { reason: '2027年放假安排已发布', changes: [{ kind: 'mediation', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00' }] },
      },
    ])
    expect(fold(loaded, [...accepted, ...rebased]).mediationDeadline).toBe('2027-01-09T23:59:59+08:00')
    // Nothing left to move: a second rebase writes nothing.
    expect(decided(loaded, [...accepted, ...rebased], command('RebaseDeadlines', actors.admin, '2026-12-28T11:00:00+08:00', { reason: 'again' }))).toEqual([])
  })

  // Accepted Mon 2026-12-14 with no 2027 notice: Dec 15–31 (17), Jan 1–13 (30) → Wed 2027-01-13, a working day with or
  // without the notice (its only change near it, the make-up Saturday 1-09, is inside the period and counts the same):
  // provisional, and the notice leaves it on its day.
  const acceptedMonday = [...at.reported, ...decided(shipped, at.reported, command('AcceptDispute', actors.communityWorker, '2026-12-14T10:00:00+08:00', {}))]
  const version = expect.stringMatching(/^chinese-days@1\.5\.7\+2027:/) as unknown as string

  it('a provisional mediation deadline the notice leaves on its day is recorded as confirmed, and the case names the loaded version', () => {
    const before = fold(shipped, acceptedMonday)
    expect([before.mediationDeadline, before.counted?.mediation?.map((s) => s.provisional)]).toEqual(['2027-01-13T23:59:59+08:00', [true]])
    const rebased = decided(loaded, acceptedMonday, command('RebaseDeadlines', actors.admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }))
    const stamps = [{ id: 'chinese-workdays', version, from: '2026-12-14T10:00:00+08:00', days: 30, unit: 'statutory-days' }]
    expect(rebased.map((e) => (e.type === 'DisputeDeadlinesRebased' ? e.data.changes : e.type))).toEqual([
      [{ kind: 'mediation', previous: '2027-01-13T23:59:59+08:00', deadline: '2027-01-13T23:59:59+08:00', counted: stamps }],
    ])
    const after = fold(loaded, [...acceptedMonday, ...rebased])
    expect([after.mediationDeadline, after.counted?.mediation]).toEqual(['2027-01-13T23:59:59+08:00', stamps])
    // Counted with the loaded version now: a second rebase writes nothing.
    expect(decided(loaded, [...acceptedMonday, ...rebased], command('RebaseDeadlines', actors.admin, '2026-12-28T11:00:00+08:00', { reason: 'again' }))).toEqual([])
  })

  it('a mediation deadline the notice moves: the case takes its new count too (Mon 1-11 → Sat 1-09, no longer provisional)', () => {
    const rebased = decided(loaded, accepted, command('RebaseDeadlines', actors.admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }))
    expect(fold(shipped, accepted).counted?.mediation?.map((s) => [s.version, s.provisional])).toEqual([['chinese-days@1.5.7', true]])
    expect(fold(loaded, [...accepted, ...rebased]).counted?.mediation).toEqual([{ id: 'chinese-workdays', version, from: '2026-12-10T10:00:00+08:00', days: 30, unit: 'statutory-days' }])
  })

  it('a re-base recorded before changes carried their count still folds: the date moves, the stamps stay', () => {
    const old: DisputeEvent = {
      type: 'DisputeDeadlinesRebased',
      data: {
        reason: 'x',
        calendar: { id: 'chinese-workdays', version: 'chinese-days@1.5.7+2027:00000000' },
        changes: [{ kind: 'mediation', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00' }],
      },
    }
    const after = fold(loaded, [...accepted, old])
    expect([after.mediationDeadline, after.counted]).toEqual(['2027-01-09T23:59:59+08:00', fold(shipped, accepted).counted])
  })

  it('only an admin may rebase', () => {
    const r = loaded.decide(command('RebaseDeadlines', actors.streetOfficer, '2026-12-28T10:00:00+08:00', { reason: 'x' }), fold(loaded, accepted))
    expect(E.isLeft(r) && r.left.code).toBe('forbidden')
  })
})

// 委托调解 (a court's entrustment in a filed case, `stage: filed`): its 15 days (policy.ts ENTRUSTED_IN_FILED_CASE_DAYS)
// are counted again as 15, not as the policy's 30. Accepted Fri 2026-12-25 with no 2027 notice: day 15 is Sat 2027-01-09
// → provisionally Mon 1-11 (1-09/10 a weekend). The 2027 schedule (schedule2027) makes Sat 1-09 a make-up working day:
// rebased to 1-09. (30 days from 12-25 would be Sun 1-24.)
describe('rebase-deadlines on a dispute the court entrusted in a filed case (委托调解)', () => {
  const entrusted = decided(shipped, [], command('ReportDispute', actors.courtClerk, '2026-12-21T10:00:00+08:00', {
    id: DISPUTE_ID, source: 'court-entrusted', category: 'property', jurisdiction: GRID, parties, summary: '物业费纠纷，法院委托调解',
    court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民初45号', stage: 'filed',
  }))
  const accepted = [...entrusted, ...decided(shipped, entrusted, command('AcceptDispute', actors.streetOfficer, '2026-12-25T10:00:00+08:00', {}))]

  it('its 15 days are counted again as 15 with the loaded schedule', () => {
    expect(fold(shipped, accepted).mediationDeadline).toBe('2027-01-11T23:59:59+08:00')
    const rebased = decided(loaded, accepted, command('RebaseDeadlines', actors.admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }))
    expect(rebased.map((e) => (e.type === 'DisputeDeadlinesRebased' ? e.data.changes.map((c) => [c.kind, c.previous, c.deadline]) : e.type))).toEqual([
      [['mediation', '2027-01-11T23:59:59+08:00', '2027-01-09T23:59:59+08:00']],
    ])
    const after = fold(loaded, [...accepted, ...rebased])
    expect([after.mediationDeadline, after.counted?.mediation?.map((c) => [c.days, c.unit])]).toEqual(['2027-01-09T23:59:59+08:00', [[15, 'statutory-days']]])
  })
})

// 诉前委派: a court clerk's entrustment opens with its receipt clock (DisputePolicy.entrustmentReceipt, 3 working days by
// default), counted with the calendar of the day — provisional across 元旦 2027 while no 2027 notice is loaded (only the
// statutory 1-01 off, weekends off, no make-up days). The schedule loaded here (schedule2027LongNewYear, test data) runs
// 元旦 on from Fri 1-01 to Mon 1-04 and makes Sat 1-09 a working day.
describe('rebase-deadlines on a clerk’s entrustment awaiting receipt (kind receipt)', () => {
  const later = (when: string, hours: number) => new Date(Date.parse(when) + hours * 3_600_000).toISOString()
  const entrust = (d: typeof shipped, when: string, who: Actor = actors.courtClerk) =>
    decided(d, [], command('ReportDispute', who, when, {
      id: DISPUTE_ID, source: 'court-entrusted', category: 'property', jurisdiction: GRID, parties, summary: '物业费纠纷，法院诉前委派',
      court: '赛罕区人民法院', ...(who.role === 'court-clerk' ? { courtCaseNumber: '(2026)蒙0105民诉前调88号' } : {}),
    }))
  const longNewYear = disputeDecider({ calendar: chineseCalendar([schedule2027LongNewYear()]) })
  const rebase = (d: typeof shipped, past: readonly DisputeEvent[], when: string) =>
    decided(d, past, command('RebaseDeadlines', actors.admin, when, { reason: '2027年放假安排已发布' }))
  const receiptOf = (past: readonly DisputeEvent[]) => fold(longNewYear, past).receiptDeadline

  it('the loaded schedule is the one described: 1-04 off, Sat 1-09 a working day', () => {
    const loaded = chineseCalendar([schedule2027LongNewYear()])
    expect([loaded.isWorkday('2027-01-04'), loaded.isWorkday('2027-01-09'), chineseWorkdays.isWorkday('2027-01-04'), chineseWorkdays.isWorkday('2027-01-09')]).toEqual([false, true, true, false])
  })

  it.each([
    // Mon 12-28: 12-29, 12-30, 12-31 → Thu 12-31, the day before 元旦: no 2027 day counted, nothing moves — but a count
    // reaching 12-25..31 is one the next year's notice may arrange (its 元旦 from 12-31): provisional until it is loaded,
    // then counted again with it, confirmed.
    // Mon 12-21: 12-22, 12-23, 12-24 → Thu 12-24, before the days a 2027 notice may arrange: firm (not provisional); the
    // re-base counts a December count again with the next year's data all the same, and confirms it.
    ['Mon 12-21', '2026-12-21T10:00:00+08:00', '2026-12-24T23:59:59+08:00', undefined],
    ['Mon 12-28', '2026-12-28T10:00:00+08:00', '2026-12-31T23:59:59+08:00', undefined],
    // Its last second (23:59:59 China time): still 12-28, still Thu 12-31.
    ['the last second of 12-28', '2026-12-28T15:59:59Z', '2026-12-31T23:59:59+08:00', undefined],
    // One second later it is Tue 12-29: 12-30, 12-31, then (1-01 off, 1-02/03 a weekend) Mon 1-04 → provisional 1-04;
    // with 1-04 off the third working day is Tue 1-05.
    ['the first second of 12-29', '2026-12-28T16:00:00Z', '2027-01-04T23:59:59+08:00', '2027-01-05T23:59:59+08:00'],
    // Wed 12-30: 12-31, 1-04, 1-05 → Tue 1-05; loaded 12-31, 1-05, 1-06 → Wed 1-06.
    ['Wed 12-30', '2026-12-30T10:00:00+08:00', '2027-01-05T23:59:59+08:00', '2027-01-06T23:59:59+08:00'],
    // Thu 12-31, the day before 元旦: 1-04, 1-05, 1-06 → Wed 1-06; loaded 1-05, 1-06, 1-07 → Thu 1-07.
    ['Thu 12-31, the day before 元旦', '2026-12-31T10:00:00+08:00', '2027-01-06T23:59:59+08:00', '2027-01-07T23:59:59+08:00'],
    // Fri 1-01, 元旦 itself (the day not counted anyway): as from 12-31, Wed 1-06 → Thu 1-07.
    ['Fri 1-01, 元旦', '2027-01-01T10:00:00+08:00', '2027-01-06T23:59:59+08:00', '2027-01-07T23:59:59+08:00'],
    // Mon 1-04, the day after 元旦 (a working day provisionally, the added day off when loaded; not counted either way):
    // 1-05, 1-06, 1-07 → Thu 1-07 both ways: nothing moves (confirmed: no longer provisional).
    ['Mon 1-04, the day after 元旦', '2027-01-04T10:00:00+08:00', '2027-01-07T23:59:59+08:00', undefined],
    // Wed 1-06: 1-07, 1-08, then (1-09/10 a weekend) Mon 1-11; loaded, Sat 1-09 is the third working day: earlier.
    ['Wed 1-06, before the make-up Saturday', '2027-01-06T10:00:00+08:00', '2027-01-11T23:59:59+08:00', '2027-01-09T23:59:59+08:00'],
  ])('entrusted %s: counted provisionally, then again when the 2027 schedule is loaded', (_what, when, provisional, rebased) => {
    const reported = entrust(shipped, when)
    const event = reported[0]
    expect(event?.type === 'DisputeReported' && event.data.receiptDeadline).toBe(provisional)
    // Provisional exactly when the count reaches into 2027, or into 2026-12-25..31, which the 2027 notice may arrange.
    expect(event?.type === 'DisputeReported' && event.data.calendar?.provisional === true).toBe(provisional >= '2026-12-25')
    const moved = rebase(longNewYear, reported, later(when, 2))
    // A deadline the notice does not move is recorded all the same, as confirmed (previous = deadline), with its new count.
    expect(moved).toMatchObject([{ type: 'DisputeDeadlinesRebased', data: { changes: [{ kind: 'receipt', previous: provisional, deadline: rebased ?? provisional }] } }])
    expect(fold(longNewYear, [...reported, ...moved]).counted?.receipt?.map((s) => s.provisional)).toEqual([undefined])
    expect(receiptOf([...reported, ...moved])).toBe(rebased ?? provisional)
    // Counted again from the same start, nothing is left to move.
    expect(rebase(longNewYear, [...reported, ...moved], later(when, 3))).toEqual([])
  })

  it('statutory days (`3d`) are counted again too: a last day on a day off moves to the next working day', () => {
    // Entrusted Thu 12-31: day 3 is Sun 1-03, a rest day → provisionally Mon 1-04; with 1-04 off, Tue 1-05.
    const policy = { entrustmentReceipt: { days: 3, unit: 'statutory-days' as const } }
    const reported = entrust(disputeDecider(policy), '2026-12-31T10:00:00+08:00')
    expect(reported[0]?.type === 'DisputeReported' && reported[0].data.receiptDeadline).toBe('2027-01-04T23:59:59+08:00')
    const moved = rebase(disputeDecider({ ...policy, calendar: chineseCalendar([schedule2027LongNewYear()]) }), reported, '2026-12-31T12:00:00+08:00')
    expect(moved).toMatchObject([{ data: { changes: [{ kind: 'receipt', previous: '2027-01-04T23:59:59+08:00', deadline: '2027-01-05T23:59:59+08:00' }] } }])
  })

  it('is counted with the calendar, not the mediation calendar, when the policy has both', () => {
    // The mediation's working days may be another calendar's (DisputePolicy.mediationCalendar); the receipt's are `calendar`'s.
    const reported = entrust(shipped, '2026-12-30T10:00:00+08:00')
    const split = disputeDecider({ calendar: chineseCalendar([schedule2027LongNewYear()]), mediationCalendar: chineseWorkdays })
    expect(rebase(split, reported, '2026-12-30T12:00:00+08:00')).toMatchObject([{ data: { changes: [{ kind: 'receipt', deadline: '2027-01-06T23:59:59+08:00' }] } }])
  })

  it('once the centre has accepted or declined the entrustment, its receipt deadline is not counted again', () => {
    // Entrusted Wed 12-30 (receipt provisionally Tue 1-05). Accepted Thu 12-31 10:00: 30 days → Sat 1-30 → Mon 2-01
    // either way (1-30 is no make-up day), so nothing moves at all: the mediation deadline is only confirmed.
    const reported = entrust(shipped, '2026-12-30T10:00:00+08:00')
    const accepted = [...reported, ...decided(shipped, reported, command('AcceptDispute', actors.streetOfficer, '2026-12-31T10:00:00+08:00', {}))]
    expect(fold(shipped, accepted).mediationDeadline).toBe('2027-02-01T23:59:59+08:00')
    expect(rebase(longNewYear, accepted, '2026-12-31T12:00:00+08:00').map((e) => (e.type === 'DisputeDeadlinesRebased' ? e.data.changes.map((c) => [c.kind, c.previous, c.deadline]) : e.type))).toEqual([
      [['mediation', '2027-02-01T23:59:59+08:00', '2027-02-01T23:59:59+08:00']],
    ])
    const declined = [...reported, ...decided(shipped, reported, command('DeclineDispute', actors.streetOfficer, '2026-12-31T10:00:00+08:00', { reason: '不属于调解范围' }))]
    expect(rebase(longNewYear, declined, '2026-12-31T12:00:00+08:00')).toEqual([])
    expect(fold(longNewYear, declined).receiptDeadline).toBeUndefined()
  })

  it('a receipt deadline written before it was stamped (no calendar on the event) keeps its date', () => {
    const [reported] = entrust(shipped, '2026-12-30T10:00:00+08:00')
    if (reported?.type !== 'DisputeReported') throw new Error('no report')
    const { calendar: _none, ...unstamped } = reported.data
    const older: DisputeEvent[] = [{ type: 'DisputeReported', data: unstamped }]
    expect(fold(longNewYear, older).counted?.receipt).toBeUndefined()
    expect(rebase(longNewYear, older, '2026-12-30T12:00:00+08:00')).toEqual([])
    expect(fold(longNewYear, older).receiptDeadline).toBe('2027-01-05T23:59:59+08:00')
  })

  it('a court-entrusted case the centre recorded runs its mediation deadline, not a receipt clock: that is what moves', () => {
    // Recorded Thu 12-10 by a street officer: 30 days → Sat 1-09 → provisionally Mon 1-11; Sat 1-09 worked → 1-09.
    const recorded = entrust(shipped, '2026-12-10T10:00:00+08:00', actors.streetOfficer)
    expect(rebase(longNewYear, recorded, '2026-12-28T10:00:00+08:00')).toMatchObject([
      { data: { changes: [{ kind: 'mediation', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00' }] } },
    ])
  })

  it('a stray receipt change on an accepted case (not something the decider writes) gives it no receipt deadline back', () => {
    // Entrusted Wed 12-30 (receipt provisionally Tue 1-05), accepted Thu 12-31 10:00: the receipt clock has stopped.
    const reported = entrust(shipped, '2026-12-30T10:00:00+08:00')
    const accepted = [...reported, ...decided(shipped, reported, command('AcceptDispute', actors.streetOfficer, '2026-12-31T10:00:00+08:00', {}))]
    const stray: DisputeEvent = {
      type: 'DisputeDeadlinesRebased',
      data: { reason: '2027年放假安排已发布', calendar: { id: 'chinese-workdays', version: 'v2' }, changes: [{ kind: 'receipt', previous: '2027-01-05T23:59:59+08:00', deadline: '2027-01-06T23:59:59+08:00' }] },
    }
    const state = fold(longNewYear, [...accepted, stray])
    expect(state.status).toBe('accepted')
    expect('receiptDeadline' in state).toBe(false)
    expect(state.mediationDeadline).toBe('2027-02-01T23:59:59+08:00')
  })

  it('accepting or declining takes the receipt clock’s stamp out of the case file with its deadline (no stopped clock shown)', () => {
    // Entrusted Wed 12-30: the case file carries the receipt deadline and how it was counted until the centre answers.
    const reported = entrust(shipped, '2026-12-30T10:00:00+08:00')
    expect(fold(shipped, reported).counted?.receipt).toMatchObject([{ from: '2026-12-30T10:00:00+08:00', days: 3, unit: 'working-days' }])
    // Accepted Thu 12-31 10:00: only the mediation's stamp is left (30 days from the acceptance).
    const accepted = fold(shipped, [...reported, ...decided(shipped, reported, command('AcceptDispute', actors.streetOfficer, '2026-12-31T10:00:00+08:00', {}))])
    expect(Object.keys(accepted.counted ?? {})).toEqual(['mediation'])
    expect('receiptDeadline' in accepted).toBe(false)
    // Declined: nothing was counted but the receipt, so the case file has no `counted` at all.
    const declined = fold(shipped, [...reported, ...decided(shipped, reported, command('DeclineDispute', actors.streetOfficer, '2026-12-31T10:00:00+08:00', { reason: '不属于调解范围' }))])
    expect('counted' in declined).toBe(false)
    expect('receiptDeadline' in declined).toBe(false)
  })

  it('counts the receipt only while the case is `reported`: a log that left `reported` without an answer keeps its date', () => {
    // The decider leaves `reported` only by AcceptDispute or DeclineDispute, and both end the receipt clock (no receipt
    // deadline left to count), so through the decider this guard is not reached; the case fold is total, though, and a
    // hand-written or imported log may assign a mediator to a clerk's entrustment no one accepted. Its receipt clock
    // is not running (the case is past receipt), so it is not counted again. Entrusted Wed 12-30: 1-05, would be 1-06.
    const reported = entrust(shipped, '2026-12-30T10:00:00+08:00')
    const assigned: DisputeEvent = { type: 'MediatorAssigned', data: { track: 'people', mediator: { id: 'm-1', jurisdiction: GRID, name: '王调解' } } }
    const odd = [...reported, assigned]
    expect(fold(longNewYear, odd)).toMatchObject({ status: 'mediator-assigned', receiptDeadline: '2027-01-05T23:59:59+08:00' })
    expect(rebase(longNewYear, odd, '2026-12-31T12:00:00+08:00')).toEqual([])
  })

  it('an entrustment routed to a committee but not yet answered is still `reported`: its receipt deadline is counted again', () => {
    // Entrusted Wed 12-30 10:00 (12-31, 1-04, 1-05 → Tue 1-05), routed 11:00; loaded, 12-31, 1-05, 1-06 → Wed 1-06.
    const routing = disputeDecider({ committees })
    const reported = entrust(routing, '2026-12-30T10:00:00+08:00')
    const routed = [...reported, ...decided(routing, reported, command('RouteToCommittee', actors.centreOfficer, '2026-12-30T11:00:00+08:00', { committee: 'saihan-property', reason: '物业纠纷分流' }))]
    expect(fold(routing, routed).status).toBe('reported')
    expect(rebase(longNewYear, routed, '2026-12-31T12:00:00+08:00')).toMatchObject([
      { data: { changes: [{ kind: 'receipt', previous: '2027-01-05T23:59:59+08:00', deadline: '2027-01-06T23:59:59+08:00' }] } },
    ])
  })

  it('a decline reported to the court is judged on time against the moved receipt deadline', () => {
    // Entrusted Wed 12-30 10:00: provisionally Tue 1-05; re-based Thu 12-31 12:00 to Wed 1-06. Declined Wed 1-06 12:00:
    // on time by the moved date, late by the old one (the log without the rebase).
    const reported = entrust(shipped, '2026-12-30T10:00:00+08:00')
    const moved = [...reported, ...rebase(longNewYear, reported, '2026-12-31T12:00:00+08:00')]
    const decline = (past: readonly DisputeEvent[]) =>
      decided(longNewYear, past, command('DeclineDispute', actors.streetOfficer, '2027-01-06T12:00:00+08:00', { reason: '不属于调解范围' })).find((e) => e.type === 'ReportedToCourt')
    expect(decline(moved)).toMatchObject({ data: { receiptDeadline: '2027-01-06T23:59:59+08:00', onTime: true } })
    expect(decline(reported)).toMatchObject({ data: { receiptDeadline: '2027-01-05T23:59:59+08:00', onTime: false } })
  })

  it.each([
    // Entrusted Tue 1-05 23:59:59 China time (15:59:59Z): day 1 is 1-06, day 3 Fri 1-08, a working day either way: nothing
    // moves (confirmed).
    ['the last second of Tue 1-05', '2027-01-05T15:59:59Z', '2027-01-08T23:59:59+08:00', undefined],
    // One second later it is Wed 1-06 in China (still 1-05 in UTC): day 3 is Sat 1-09, provisionally a rest day → Mon
    // 1-11; loaded, 1-09 is the make-up Saturday, a working day: the period ends there.
    ['the first second of Wed 1-06', '2027-01-05T16:00:00Z', '2027-01-11T23:59:59+08:00', '2027-01-09T23:59:59+08:00'],
  ])('statutory days (`3d`) counted from China midnight, entrusted %s', (_what, when, provisional, rebased) => {
    const policy = { entrustmentReceipt: { days: 3, unit: 'statutory-days' as const } }
    const reported = entrust(disputeDecider(policy), when)
    expect(reported[0]?.type === 'DisputeReported' && reported[0].data.receiptDeadline).toBe(provisional)
    const moved = rebase(disputeDecider({ ...policy, calendar: chineseCalendar([schedule2027LongNewYear()]) }), reported, later(when, 2))
    expect(moved).toMatchObject([{ data: { changes: [{ kind: 'receipt', previous: provisional, deadline: rebased ?? provisional }] } }])
  })

  it('is counted again with the days and unit its stamp recorded, not the policy in force at the rebase', () => {
    // 5 working days from Wed 12-30: 12-31, 1-04, 1-05, 1-06, 1-07 → Thu 1-07; loaded (1-04 off): 12-31, 1-05, 1-06,
    // 1-07, 1-08 → Fri 1-08 — not the 3 working days (1-06) the rebasing policy would count now.
    const five = entrust(disputeDecider({ entrustmentReceipt: { days: 5, unit: 'working-days' } }), '2026-12-30T10:00:00+08:00')
    expect(five[0]?.type === 'DisputeReported' && five[0].data.receiptDeadline).toBe('2027-01-07T23:59:59+08:00')
    expect(rebase(longNewYear, five, '2026-12-31T12:00:00+08:00')).toMatchObject([{ data: { changes: [{ kind: 'receipt', deadline: '2027-01-08T23:59:59+08:00' }] } }])
    // 3 statutory days from Thu 12-31: day 3 Sun 1-03 → provisionally Mon 1-04; loaded → Tue 1-05. Counted in the
    // rebasing policy's working days instead it would be 1-05, 1-06, 1-07 → Thu 1-07.
    const statutory = entrust(disputeDecider({ entrustmentReceipt: { days: 3, unit: 'statutory-days' } }), '2026-12-31T10:00:00+08:00')
    expect(rebase(longNewYear, statutory, '2026-12-31T12:00:00+08:00')).toMatchObject([
      { data: { changes: [{ kind: 'receipt', previous: '2027-01-04T23:59:59+08:00', deadline: '2027-01-05T23:59:59+08:00' }] } },
    ])
  })
})

describe('rebase-deadlines counts again only the deadlines still running', () => {
  // Accepted Thu 2026-12-10 (mediation deadline provisionally Mon 2027-01-11, Sat 1-09 once the 2027 schedule is loaded, as
  // above); the mediation concludes with an oral agreement reached Mon 12-21, long before its deadline: the mediation
  // deadline no longer runs. The 司法确认 window it opens, 12-21 + 30 days = Wed 2027-01-20, is a working day with or without
  // the notice, so nothing the parties can still use moves either: that window, provisional, is only confirmed.
  const accepted = [...at.reported, ...decided(shipped, at.reported, command('AcceptDispute', actors.communityWorker, '2026-12-10T10:00:00+08:00', {}))]
  const steps = [
    command('AssignMediator', actors.streetOfficer, '2026-12-11T10:00:00+08:00', { track: 'people', mediator: mediators.people }),
    command('RecordSession', actors.peopleMediator, '2026-12-18T10:00:00+08:00', { minutes: '双方陈述' }),
    command('RecordAgreement', actors.peopleMediator, '2026-12-21T18:00:00+08:00', { form: 'oral', terms: ['李强赔偿王芳维修费2000元'], reachedOn: '2026-12-21' }),
  ]
  const agreed = steps.reduce<DisputeEvent[]>((past, c) => [...past, ...decided(shipped, past, c)], accepted)

  it('given a mediation concluded by agreement before its deadline, when the 2027 schedule is loaded, then the rebase moves nothing: the mediation deadline is history, the 司法确认 window only confirmed', () => {
    expect(fold(shipped, agreed).status).toBe('agreement-reached')
    const rebased = decided(loaded, agreed, command('RebaseDeadlines', actors.admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }))
    expect(rebased.map((e) => (e.type === 'DisputeDeadlinesRebased' ? e.data.changes.map((c) => [c.kind, c.previous, c.deadline]) : e.type))).toEqual([
      [['confirmation', '2027-01-20T23:59:59+08:00', '2027-01-20T23:59:59+08:00']],
    ])
  })
  // The parties apply Wed 12-30: the court's 3 days (法释〔2011〕5号 art. 4, a statutory period) end Sat 1-02, a rest day →
  // provisionally Mon 1-04 (only 1-01 off, weekends off); with a schedule that keeps 1-04 off (元旦 1-01 to 1-04), Tue 1-05.
  const newYear = disputeDecider({ calendar: chineseCalendar([schedule2027LongNewYear()]) })
  const applied = [
    command('ConsentToConfirmation', actors.li, '2026-12-29T10:00:00+08:00', {}),
    command('ApplyForConfirmation', actors.wang, '2026-12-30T10:00:00+08:00', { court: '赛罕区人民法院' }),
  ].reduce<DisputeEvent[]>((past, c) => [...past, ...decided(shipped, past, c)], agreed)
  const rebasedWith = (past: readonly DisputeEvent[]) => decided(newYear, past, command('RebaseDeadlines', actors.admin, '2026-12-31T18:00:00+08:00', { reason: '2027年放假安排已发布' }))

  it('given the parties applied Wed 12-30, then the court’s 3 days to accept are counted again: Mon 1-04 → Tue 1-05', () => {
    expect(fold(shipped, applied).status).toBe('confirmation-applied')
    expect(rebasedWith(applied)).toMatchObject([
      { type: 'DisputeDeadlinesRebased', data: { changes: [{ kind: 'court-accept', previous: '2027-01-04T23:59:59+08:00', deadline: '2027-01-05T23:59:59+08:00' }] } },
    ])
  })
  it('given the court accepted Thu 12-31, then its 3 days are history: nothing moves (its 15 days, to Fri 1-15, only confirmed)', () => {
    const accepted = [...applied, ...decided(shipped, applied, command('RecordCourtAcceptance', actors.courtClerk, '2026-12-31T10:00:00+08:00', { decision: 'accepted', caseNumber: CASE_NUMBER }))]
    expect(fold(shipped, accepted).confirmation?.decideBy).toBe('2027-01-15T23:59:59+08:00')
    expect(rebasedWith(accepted).map((e) => (e.type === 'DisputeDeadlinesRebased' ? e.data.changes.map((c) => [c.kind, c.previous, c.deadline]) : e.type))).toEqual([
      [['court-decide', '2027-01-15T23:59:59+08:00', '2027-01-15T23:59:59+08:00']],
    ])
  })
  it('given the mediation still under way (a session held, no agreement), then its deadline is counted again: Mon 1-11 → Sat 1-09', () => {
    const mediating = agreed.slice(0, -1)
    expect(decided(loaded, mediating, command('RebaseDeadlines', actors.admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }))).toMatchObject([
      { type: 'DisputeDeadlinesRebased', data: { changes: [{ kind: 'mediation', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00' }] } },
    ])
  })
})
