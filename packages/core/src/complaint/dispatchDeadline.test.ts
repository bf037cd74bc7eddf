import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { chineseCalendar, chineseWorkdays } from '../calendar/calendar.js'
import { schedule2027LongNewYear } from '../calendar/fixtures.js'
import type { ComplaintCommand } from './commands.js'
import type { ComplaintConfig } from './config.js'
import { normalPolicy, parseDispatchWithin, petitionPolicy, standardPoliciesWith, urgentPolicy } from './deadlines.js'
import type { ComplaintEvent } from './events.js'
import { actors, command, registration, run, units } from './fixtures.js'
import { complaintDecider } from './index.js'

// 派单时限 (DOMAIN.md "Time": every deadline a case has, dispatch among them, can become overdue). The dispatcher's
// deadline runs from when the case can be dispatched and is met by the dispatch (派单).
const admin = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' } as const

const accepted = (registerAt: string, acceptAt: string, options: { category?: string; urgency?: 'normal' | 'urgent'; config?: ComplaintConfig } = {}) =>
  run(
    [
      command('RegisterComplaint', actors.operator, registerAt, registration({ category: options.category ?? 'heating', urgency: options.urgency ?? 'normal' })),
      command('AcceptComplaint', actors.operator, acceptAt, {}),
    ],
    options.config,
  )
const acceptance = (history: ReturnType<typeof run>) => {
  const e = history.events.find((x) => x.type === 'ComplaintAccepted')
  if (e?.type !== 'ComplaintAccepted') throw new Error('no acceptance')
  return e.data
}
const decided = (history: ReturnType<typeof run>, cmd: ComplaintCommand, config: ComplaintConfig = {}): readonly ComplaintEvent[] => {
  const r = complaintDecider(config).decide(cmd, history.state)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('the dispatch deadline (派单时限) of the 12345 policies: hours from acceptance, the product’s default', () => {
  it('the policies name it: 2 hours normal, 30 minutes urgent, an hours span (no calendar counts it)', () => {
    expect(normalPolicy.dispatchWithin).toEqual({ unit: 'hours', amount: 2 })
    expect(urgentPolicy.dispatchWithin).toEqual({ unit: 'hours', amount: 0.5 })
  })

  it('accepted Mon 3-02 10:00 (normal): dispatch by 12:00, stamped with the calendar and its version', () => {
    const data = acceptance(accepted('2026-03-02T09:00:00+08:00', '2026-03-02T10:00:00+08:00'))
    expect(data.dispatchBy).toBe('2026-03-02T12:00:00+08:00')
    expect(data.dispatchCalendar).toEqual({ id: chineseWorkdays.name, version: chineseWorkdays.version })
    // Accepted late on a Friday evening: the hours run through the night (hours are not working hours).
    expect(acceptance(accepted('2026-03-06T23:00:00+08:00', '2026-03-06T23:00:00+08:00')).dispatchBy).toBe('2026-03-07T01:00:00+08:00')
  })

  // Hours are not counted by the calendar (no holiday moves them), so no notice can change such a deadline: it is never
  // provisional, though the year it falls in has no notice (2027 here: none is shipped), and a re-base never counts it
  // again (found in review: it was stamped provisional for good).
  it('an hours deadline in a year with no notice is not provisional: accepted Mon 2027-01-04 10:00, dispatch by 12:00', () => {
    const data = acceptance(accepted('2027-01-04T09:00:00+08:00', '2027-01-04T10:00:00+08:00'))
    expect(data.dispatchBy).toBe('2027-01-04T12:00:00+08:00')
    expect(data.dispatchCalendar).toEqual({ id: chineseWorkdays.name, version: chineseWorkdays.version })
    // The same acceptance's working-day result period (信访: 60 statutory days, here the 12345 policy's) stays provisional.
    const petition = acceptance(accepted('2027-01-04T09:00:00+08:00', '2027-01-04T10:00:00+08:00', { config: { defaultPolicies: { normal: petitionPolicy, urgent: petitionPolicy } } }))
    expect(petition.calendar?.provisional).toBe(true)
  })

  it('urgent: accepted 10:00, dispatch by 10:30', () => {
    expect(acceptance(accepted('2026-03-02T09:59:00+08:00', '2026-03-02T10:00:00+08:00', { urgency: 'urgent' })).dispatchBy).toBe('2026-03-02T10:30:00+08:00')
  })

  it('a consultation answered at registration is never accepted: no dispatch deadline', () => {
    const history = run([command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ kind: 'consultation', answer: '供暖期为11月1日至次年3月31日。' }))])
    expect(history.events.map((e) => e.type)).toEqual(['ComplaintRegistered', 'ComplaintClosed'])
    expect(history.events.some((e) => 'dispatchBy' in e.data)).toBe(false)
  })

  it('a policy may set it per category × urgency, and a policy without one sets none', () => {
    const own = { ...normalPolicy, name: 'heating-fast', dispatchWithin: { unit: 'hours' as const, amount: 1 } }
    const { dispatchWithin: _none, ...without } = normalPolicy
    const config: ComplaintConfig = { policies: { heating: { normal: own }, parking: { normal: { ...without, name: 'no-dispatch' } } } }
    expect(acceptance(accepted('2026-03-02T09:00:00+08:00', '2026-03-02T10:00:00+08:00', { config })).dispatchBy).toBe('2026-03-02T11:00:00+08:00')
    const none = acceptance(accepted('2026-03-02T09:00:00+08:00', '2026-03-02T10:00:00+08:00', { category: 'parking', config }))
    expect([none.dispatchBy, none.dispatchCalendar]).toEqual([undefined, undefined])
  })

  it('a 退单 sets a new dispatch deadline from the return (the dispatcher must dispatch again); the dispatch clears nothing it should not', () => {
    const history = run(
      [
        command('DispatchComplaint', actors.operator, '2026-03-02T10:30:00+08:00', { unit: units.grid }),
        command('ReturnComplaint', actors.gridWorker, '2026-03-02T15:00:00+08:00', { reason: '不属于本网格' }),
      ],
      {},
      accepted('2026-03-02T09:00:00+08:00', '2026-03-02T10:00:00+08:00'),
    )
    const returned = history.events.at(-1)
    expect(returned?.type === 'ComplaintReturned' && [returned.data.dispatchBy, returned.data.dispatchCalendar?.id]).toEqual(['2026-03-02T17:00:00+08:00', chineseWorkdays.name])
    expect(history.state.status !== 'none' && history.state.dispatchBy).toBe('2026-03-02T17:00:00+08:00')
  })
})

describe('信访工作条例 (2022) art. 22: the 信访部门 registers and, within 15 days of receipt, forwards (转送) or assigns (交办) it', () => {
  // Counted from registration (收到), a statutory period (民法典 arts. 200–203): the day of registration is not counted,
  // the period ends at 24:00 China time of day 15, a day 15 on a holiday or weekend moves to the next working day.
  // 2026: 国庆 10-01..10-07 off (the notice: 中秋 and 国庆 together), Sun 9-20 and Sat 10-10 make-up working days.
  const petition = (registerAt: string) => acceptance(accepted(registerAt, registerAt, { category: 'law-related' })).dispatchBy

  it('the policy names it: 15 statutory days, from registration', () => {
    expect(petitionPolicy.dispatchWithin).toEqual({ unit: 'statutory-days', amount: 15 })
    expect(petitionPolicy.dispatchFrom).toBe('registration')
  })

  it('registered Tue 9-15 (the last second of it): day 15 is Wed 9-30, a working day', () => {
    // 9-16 (1) … 9-30 (15).
    expect(petition('2026-09-15T23:59:59+08:00')).toBe('2026-09-30T23:59:59+08:00')
  })

  it('registered Wed 9-16 (its first second): day 15 is 10-01, 国庆 → the next working day, Thu 10-08', () => {
    expect(petition('2026-09-16T00:00:00+08:00')).toBe('2026-10-08T23:59:59+08:00')
  })

  it('registered Thu 9-17: day 15 is 10-02, in 国庆 → Thu 10-08; registered Fri 9-25: day 15 is 10-10, a make-up Saturday (working)', () => {
    expect(petition('2026-09-17T10:00:00+08:00')).toBe('2026-10-08T23:59:59+08:00')
    // 9-26 (1) … 9-30 (5), 10-01 … 10-10 (15): Sat 10-10 is a 调休 working day, so it stays.
    expect(petition('2026-09-25T10:00:00+08:00')).toBe('2026-10-10T23:59:59+08:00')
  })

  it('registered Fri 3-06: day 15 is Sat 3-21 → Mon 3-23', () => {
    expect(petition('2026-03-06T10:00:00+08:00')).toBe('2026-03-23T23:59:59+08:00')
  })

  it('accepted days after registration: still counted from registration, stamped from it', () => {
    const data = acceptance(accepted('2026-03-06T10:00:00+08:00', '2026-03-10T09:00:00+08:00', { category: 'law-related' }))
    expect(data.dispatchBy).toBe('2026-03-23T23:59:59+08:00')
    expect(data.dispatchCalendar).toMatchObject({ id: chineseWorkdays.name, version: chineseWorkdays.version, from: '2026-03-06T10:00:00+08:00', days: 15, unit: 'statutory-days' })
  })

  it('after a 退单, 15 days again from the return: returned Fri 3-20 → day 15 Sat 4-04 (清明 4-04..4-06) → Tue 4-07', () => {
    const history = run(
      [
        command('DispatchComplaint', actors.operator, '2026-03-10T10:00:00+08:00', { unit: units.grid }),
        command('ReturnComplaint', actors.gridWorker, '2026-03-20T15:00:00+08:00', { reason: '不属于本网格' }),
      ],
      {},
      accepted('2026-03-06T10:00:00+08:00', '2026-03-10T09:00:00+08:00', { category: 'law-related' }),
    )
    const returned = history.events.at(-1)
    expect(returned?.type === 'ComplaintReturned' && returned.data.dispatchBy).toBe('2026-04-07T23:59:59+08:00')
  })
})

describe('re-base (重新计算期限) moves the dispatch deadline too', () => {
  // 信访 registered and accepted Sun 2026-12-20, with no 2027 notice loaded: day 15 is Mon 2027-01-04 (provisional:
  // 元旦 1-01 and the weekend 1-02, 1-03 off). A schedule keeping 1-01..1-04 off moves it to Tue 1-05.
  const history = () => accepted('2026-12-20T09:00:00+08:00', '2026-12-20T09:30:00+08:00', { category: 'law-related', config: { calendar: chineseWorkdays } })

  it('as counted before the schedule: Mon 1-04, provisional', () => {
    const data = acceptance(history())
    expect([data.dispatchBy, data.dispatchCalendar?.provisional]).toEqual(['2027-01-04T23:59:59+08:00', true])
  })

  it('the rebase records old and new dispatch deadline; the state moves; the acceptance keeps the old', () => {
    const loaded = { calendar: chineseCalendar([schedule2027LongNewYear()]) }
    const h = history()
    const events = decided(h, command('RebaseDeadlines', admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }), loaded)
    const rebased = events[0]
    expect(rebased?.type === 'ComplaintDeadlinesRebased' && rebased.data.changes.filter((c) => c.kind === 'dispatch')).toEqual([
      {
        kind: 'dispatch',
        previous: '2027-01-04T23:59:59+08:00',
        deadline: '2027-01-05T23:59:59+08:00',
        counted: [{ id: 'chinese-workdays', version: expect.stringMatching(/\+2027:/) as unknown as string, from: '2026-12-20T09:00:00+08:00', days: 15, unit: 'statutory-days' }],
      },
    ])
    const after = events.reduce((s, e) => complaintDecider(loaded).evolve(s, e), h.state)
    expect(after.status !== 'none' && after.dispatchBy).toBe('2027-01-05T23:59:59+08:00')
    expect(acceptance(h).dispatchBy).toBe('2027-01-04T23:59:59+08:00')
  })

  it('once dispatched, the rebase leaves the met dispatch deadline alone', () => {
    const loaded = { calendar: chineseCalendar([schedule2027LongNewYear()]) }
    const h = run([command('DispatchComplaint', actors.operator, '2026-12-21T09:00:00+08:00', { unit: units.grid })], { calendar: chineseWorkdays }, history())
    const events = decided(h, command('RebaseDeadlines', admin, '2026-12-28T10:00:00+08:00', { reason: 'x' }), loaded)
    expect(events.flatMap((e) => (e.type === 'ComplaintDeadlinesRebased' ? e.data.changes.map((c) => c.kind) : []))).not.toContain('dispatch')
  })
})

describe('GRIDCASE_DISPATCH_WITHIN: the 12345 policies’ dispatch deadline, configured', () => {
  it('reads normal=<n>h|<n>m, urgent=… (either or both), in hours', () => {
    expect(parseDispatchWithin('normal=4h,urgent=45m')).toEqual({ spans: { normal: { unit: 'hours', amount: 4 }, urgent: { unit: 'hours', amount: 0.75 } } })
    expect(parseDispatchWithin(' urgent = 1h ')).toEqual({ spans: { urgent: { unit: 'hours', amount: 1 } } })
  })

  it('refuses anything else, saying what it expects', () => {
    for (const raw of ['', '4h', 'normal=4', 'normal=0h', 'normal=73h', 'normal=4h,normal=5h', 'petition=4h', 'normal=4d', 'normal=-1h', 'normal=1.5h']) {
      const parsed = parseDispatchWithin(raw)
      expect('error' in parsed && parsed.error, raw).toContain('normal=<n>h')
    }
  })

  it('the standard policies with it: accepted 10:00, normal by 14:00; the 信访 policy keeps its statute', () => {
    const config: ComplaintConfig = { defaultPolicies: standardPoliciesWith({ normal: { unit: 'hours', amount: 4 } }) }
    expect(acceptance(accepted('2026-03-02T09:00:00+08:00', '2026-03-02T10:00:00+08:00', { config })).dispatchBy).toBe('2026-03-02T14:00:00+08:00')
    expect(acceptance(accepted('2026-03-02T09:00:00+08:00', '2026-03-02T10:00:00+08:00', { config, urgency: 'urgent' })).dispatchBy).toBe('2026-03-02T10:30:00+08:00')
    expect(acceptance(accepted('2026-03-06T10:00:00+08:00', '2026-03-06T10:00:00+08:00', { config, category: 'law-related' })).dispatchBy).toBe('2026-03-23T23:59:59+08:00')
  })
})
