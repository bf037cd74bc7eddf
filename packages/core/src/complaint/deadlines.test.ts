import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { naturalDays } from '../calendar/calendar.js'
import type { ComplaintCommand } from './commands.js'
import type { ComplaintConfig } from './config.js'
import { deadlineAfter, normalPolicy, petitionPolicy } from './deadlines.js'
import type { ComplaintEvent } from './events.js'
import { actors, command, registration, run, units } from './fixtures.js'
import { complaintDecider } from './index.js'

/** Registers and accepts at `acceptAt`, dispatches at `dispatchAt`; returns the dispatch event's data. */
const dispatchAt = (dispatch: string, options: { urgency?: 'normal' | 'urgent'; category?: string; accept?: string; config?: ComplaintConfig } = {}) => {
  const accept = options.accept ?? dispatch
  const history = run(
    [
      command('RegisterComplaint', actors.operator, accept, registration({ urgency: options.urgency ?? 'normal', category: options.category ?? 'heating' })),
      command('AcceptComplaint', actors.operator, accept, {}),
      command('DispatchComplaint', actors.operator, dispatch, { unit: units.grid }),
    ],
    options.config,
  )
  const last = history.events.at(-1)
  if (last?.type !== 'ComplaintDispatched') throw new Error('no dispatch')
  return { history, dispatched: last.data }
}

const decideOn = (history: ReturnType<typeof dispatchAt>['history'], cmd: ComplaintCommand, config: ComplaintConfig = {}) =>
  complaintDecider(config).decide(cmd, history.state)
const eventsOf = (result: ReturnType<typeof decideOn>): readonly ComplaintEvent[] => (E.isRight(result) ? result.right : [])

describe('deadlines set at dispatch', () => {
  it('normal: acknowledge within 24 hours, result within 15 working days', () => {
    const { dispatched } = dispatchAt('2026-03-02T10:00:00+08:00')
    expect(dispatched).toMatchObject({ acknowledgeBy: '2026-03-03T10:00:00+08:00', resultBy: '2026-03-23T23:59:59+08:00', policy: 'standard-normal' })
  })

  it('urgent: acknowledge within 2 hours, result within 3 working days — across Spring Festival 2026 and its 调休 Saturday', () => {
    // Thu 2-12 → Fri 2-13 (1), Sat 2-14 make-up (2), 2-15..2-23 off, Tue 2-24 (3).
    const { dispatched } = dispatchAt('2026-02-12T10:00:00+08:00', { urgency: 'urgent' })
    expect(dispatched).toMatchObject({ acknowledgeBy: '2026-02-12T12:00:00+08:00', resultBy: '2026-02-24T23:59:59+08:00', policy: 'standard-urgent' })
  })

  it('normal across National Day 2025 (10-01..10-08 off, 9-28 and 10-11 make-up days)', () => {
    // From Thu 9-25: 9-26, Sun 9-28, 9-29, 9-30 (4); 10-09, 10-10, Sat 10-11 (7); 10-13..17 (12); 10-20..22 (15).
    const { dispatched } = dispatchAt('2025-09-25T16:00:00+08:00')
    expect(dispatched.resultBy).toBe('2025-10-22T23:59:59+08:00')
  })

  it('a dispatch late in the evening, UTC-written, counts from the China date', () => {
    // 2026-03-01T17:00Z is Monday 3-02 01:00 in China: the same deadlines as a Monday-morning dispatch.
    const { dispatched } = dispatchAt('2026-03-01T17:00:00Z')
    expect(dispatched).toMatchObject({ acknowledgeBy: '2026-03-03T01:00:00+08:00', resultBy: '2026-03-23T23:59:59+08:00' })
  })

  // An event at 2026-12-31T17:30Z is Friday 1 January 2027, 01:30 in China: 元旦, and a year with no notice shipped.
  it('a dispatch at 2026-12-31T17:30Z is on 元旦 2027 in China: hours run through the holiday, days count from 1-01', () => {
    // Normal: 24 h → 2027-01-01T17:30Z = Sat 1-02 01:30 China (the hours run through the holiday and the weekend).
    // 15 working days from Fri 1-01 (not counted, and off): 1-04..1-08 (5), 1-11..1-15 (10), 1-18..1-22 (15) →
    // Fri 2027-01-22, provisional (2027 has no notice: 元旦 and the weekends are all that is off in January).
    const normal = dispatchAt('2026-12-31T17:30:00Z')
    expect(normal.dispatched).toMatchObject({ acknowledgeBy: '2027-01-02T01:30:00+08:00', resultBy: '2027-01-22T23:59:59+08:00', calendar: { provisional: true, from: '2026-12-31T17:30:00Z' } })
    // Urgent: 2 h → 03:30 China on 1-01; 3 working days from 1-01: Mon 1-04, 1-05, Wed 1-06.
    const urgent = dispatchAt('2026-12-31T17:30:00Z', { urgency: 'urgent' })
    expect(urgent.dispatched).toMatchObject({ acknowledgeBy: '2027-01-01T03:30:00+08:00', resultBy: '2027-01-06T23:59:59+08:00' })
    // Two hours earlier, 2026-12-31T15:30Z, is Thursday 12-31 23:30 in China, the day before: 2 h end at 01:30 on 1-01
    // (across China midnight), 24 h at 23:30 on 1-01; from 12-31 (not counted) the working days are the same, 1-01 to
    // 1-03 being off: 3 → Wed 1-06, 15 → Fri 1-22.
    const before = dispatchAt('2026-12-31T15:30:00Z', { urgency: 'urgent' })
    expect(before.dispatched).toMatchObject({ acknowledgeBy: '2027-01-01T01:30:00+08:00', resultBy: '2027-01-06T23:59:59+08:00' })
    expect(dispatchAt('2026-12-31T15:30:00Z').dispatched).toMatchObject({ acknowledgeBy: '2027-01-01T23:30:00+08:00', resultBy: '2027-01-22T23:59:59+08:00' })
    // 签收 is an instant: on time at it exactly, late a millisecond after — at 01:30 on 元旦 and at 17:30Z on 1-01.
    const ack = (history: typeof urgent.history, at: string) => {
      const e = eventsOf(decideOn(history, command('AcknowledgeComplaint', actors.gridWorker, at, {})))[0]
      return e?.type === 'ComplaintAcknowledged' ? e.data.onTime : undefined
    }
    expect([ack(urgent.history, '2026-12-31T19:30:00Z'), ack(urgent.history, '2026-12-31T19:30:00.001Z')]).toEqual([true, false])
    expect([ack(normal.history, '2027-01-02T01:30:00+08:00'), ack(normal.history, '2027-01-02T01:30:00.001+08:00')]).toEqual([true, false])
  })

  it('with the natural-day calendar, 15 days are 15 calendar days', () => {
    const { dispatched } = dispatchAt('2026-02-12T10:00:00+08:00', { config: { calendar: naturalDays } })
    expect(dispatched.resultBy).toBe('2026-02-27T23:59:59+08:00')
  })

  it('a category can have its own policy per urgency', () => {
    const fast = { ...normalPolicy, name: 'heating-season', resultWithin: { unit: 'working-days', amount: 5 } } as const
    const { dispatched } = dispatchAt('2026-03-02T10:00:00+08:00', { config: { policies: { heating: { normal: fast } } } })
    expect(dispatched).toMatchObject({ policy: 'heating-season', resultBy: '2026-03-09T23:59:59+08:00' })
  })
})

describe('the petition policy (信访)', () => {
  it('the result is due 60 days after acceptance, not after dispatch; day 60 on 劳动节 moves to the next working day', () => {
    // 信访工作条例 art. 34, counted per 民法典 art. 203: 3-02 + 60 days = Fri 5-01, 劳动节 (5-01..5-05 off
    // in the 2026 notice) → Wed 5-06.
    const { dispatched } = dispatchAt('2026-03-10T10:00:00+08:00', { category: 'law-related', accept: '2026-03-02T09:00:00+08:00' })
    expect(dispatched).toMatchObject({ policy: 'petition', resultBy: '2026-05-06T23:59:59+08:00', acknowledgeBy: '2026-03-11T10:00:00+08:00' })
  })

  it('the 15 days to accept end on the next working day when day 15 is a Sunday', () => {
    // 信访工作条例 art. 23: 15 days from receipt. Registered Sat 2026-03-07: day 15 = Sun 3-22 → Mon 3-23. Accepting on Mon 3-23 is on time, Tue 3-24 late.
    const register = command('RegisterComplaint', actors.operator, '2026-03-07T09:00:00+08:00', registration({ category: 'law-related' }))
    const registered = run([register])
    expect(registered.events[0]?.data).toMatchObject({ acceptBy: '2026-03-23T23:59:59+08:00', calendar: { id: 'chinese-workdays', version: 'chinese-days@1.5.7', from: '2026-03-07T09:00:00+08:00', days: 15, unit: 'statutory-days' } })
    const onDay = (at: string) => {
      const result = complaintDecider().decide(command('AcceptComplaint', actors.operator, at, {}), registered.state)
      return E.isRight(result) ? result.right[0]?.data : undefined
    }
    expect(onDay('2026-03-23T23:59:59+08:00')).toMatchObject({ onTime: true })
    expect(onDay('2026-03-24T00:00:00+08:00')).toMatchObject({ onTime: false })
  })

  it('acceptance within 15 days is on time; on day 16 it is late', () => {
    const register = command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ category: 'law-related' }))
    const registered = run([register])
    const onDay = (at: string) => {
      const result = complaintDecider().decide(command('AcceptComplaint', actors.operator, at, {}), registered.state)
      return E.isRight(result) ? result.right[0]?.data : undefined
    }
    expect(onDay('2026-03-17T23:59:59+08:00')).toMatchObject({ acceptBy: '2026-03-17T23:59:59+08:00', onTime: true })
    expect(onDay('2026-03-18T00:00:00+08:00')).toMatchObject({ onTime: false })
  })

  it('one extension of at most 30 days, a statutory period', () => {
    const { history, dispatched } = dispatchAt('2026-03-10T10:00:00+08:00', { category: 'law-related', accept: '2026-03-02T09:00:00+08:00' })
    const acked = run([command('AcknowledgeComplaint', actors.gridWorker, '2026-03-10T11:00:00+08:00', {})], {}, history)
    const request = (days: number, at = '2026-04-20T10:00:00+08:00') => command('RequestExtension', actors.gridWorker, at, { days, reason: '需司法鉴定' })
    const tooLong = decideOn(acked, request(31))
    expect(E.isLeft(tooLong) && tooLong.left).toMatchObject({ code: 'validation', errors: [{ path: 'days', message: 'expected at most 30 statutory-days' }] })
    const extended = run([request(30), command('ApproveExtension', actors.supervisor, '2026-04-21T10:00:00+08:00', {})], {}, acked)
    // 5-06 + 30 days = Fri 6-05, a working day.
    expect(extended.events.at(-1)?.data).toMatchObject({ previousResultBy: dispatched.resultBy, resultBy: '2026-06-05T23:59:59+08:00', dayUnit: 'statutory-days' })
    const again = decideOn(extended, request(1, '2026-04-22T10:00:00+08:00'))
    expect(E.isLeft(again) && again.left.code).toBe('invalid-transition')
  })
})

describe('extensions in working days', () => {
  it('an extension across Qingming 2026 (4-04..4-06 off) skips the holiday', () => {
    // Dispatched Thu 3-12: 15 working days end Thu 4-02. +3 working days: Fri 4-03, Tue 4-07, Wed 4-08.
    const { history, dispatched } = dispatchAt('2026-03-12T10:00:00+08:00')
    expect(dispatched.resultBy).toBe('2026-04-02T23:59:59+08:00')
    const extended = run(
      [
        command('AcknowledgeComplaint', actors.gridWorker, '2026-03-12T11:00:00+08:00', {}),
        command('RequestExtension', actors.gridWorker, '2026-04-01T10:00:00+08:00', { days: 3, reason: '等待配件' }),
        command('ApproveExtension', actors.supervisor, '2026-04-01T15:00:00+08:00', {}),
      ],
      {},
      history,
    )
    expect(extended.events.at(-1)?.data).toMatchObject({ resultBy: '2026-04-08T23:59:59+08:00' })
    expect(extended.state).toMatchObject({ resultBy: '2026-04-08T23:59:59+08:00', extended: true })
  })

  it('a request on the deadline day itself is still in time', () => {
    const { history } = dispatchAt('2026-03-12T10:00:00+08:00')
    const acked = run([command('AcknowledgeComplaint', actors.gridWorker, '2026-03-12T11:00:00+08:00', {})], {}, history)
    const onTheDay = decideOn(acked, command('RequestExtension', actors.gridWorker, '2026-04-02T23:59:59+08:00', { days: 1, reason: 'x' }))
    expect(eventsOf(onTheDay).map((e) => e.type)).toEqual(['ComplaintExtensionRequested'])
  })
})

describe('deadlineAfter', () => {
  it('hours, working days and natural days', () => {
    expect(deadlineAfter('2026-02-13T23:30:00+08:00', { unit: 'hours', amount: 2 }, naturalDays)).toBe('2026-02-14T01:30:00+08:00')
    expect(deadlineAfter('2026-02-13T10:00:00+08:00', petitionPolicy.resultWithin, naturalDays)).toBe('2026-04-14T23:59:59+08:00')
  })
})

/** The data of the latest dispatch in a history. */
const lastDispatch = (history: { readonly events: readonly ComplaintEvent[] }) => [...history.events].reverse().find((e) => e.type === 'ComplaintDispatched')

/** The decision's events, or the refusal's code and message. */
const outcomeOf = (result: ReturnType<typeof decideOn>) => (E.isRight(result) ? result.right.map((e) => e.type) : { code: result.left.code, message: result.left.message })

// DOMAIN.md "Complaint": deadlines are set at dispatch and an approved extension moves the result deadline once. Under the
// 12345 working-day policy each dispatch (a redispatch after 退单, a 重办) sets a new result window, which its unit may
// have extended once. Under 信访 the handling period counts from acceptance (信访工作条例 2022 art. 34: 60 days from
// acceptance, extended once by at most 30 days): a redispatch does not start a new period, so it keeps the approved
// extension, and the period is not extended a second time.
describe('one extension per round of handling', () => {
  const request = (actor: (typeof actors)[keyof typeof actors], at: string, days: number) => command('RequestExtension', actor, at, { days, reason: '需司法鉴定' })

  /** 信访 (law-related): accepted Mon 3-02, dispatched 3-10 to the grid, extended by `days` on 4-21, returned 4-22, redispatched 4-23 to the community. */
  const petitionRedispatched = (days: number) => {
    const { history } = dispatchAt('2026-03-10T10:00:00+08:00', { category: 'law-related', accept: '2026-03-02T09:00:00+08:00' })
    return run(
      [
        command('AcknowledgeComplaint', actors.gridWorker, '2026-03-10T11:00:00+08:00', {}),
        request(actors.gridWorker, '2026-04-20T10:00:00+08:00', days),
        command('ApproveExtension', actors.supervisor, '2026-04-21T10:00:00+08:00', {}),
        command('ReturnComplaint', actors.gridWorker, '2026-04-22T10:00:00+08:00', { reason: '非本网格事项' }),
        command('DispatchComplaint', actors.operator, '2026-04-23T10:00:00+08:00', { unit: units.community }),
        command('AcknowledgeComplaint', actors.communityWorker, '2026-04-23T11:00:00+08:00', {}),
      ],
      {},
      history,
    )
  }

  it('信访: a redispatch keeps the approved extension of the period (3-02 + 60 days = 5-06, + 30 = 6-05)', () => {
    // 3-02 + 60 days = Fri 5-01, a holiday (5-01..5-05 off): the period ends Wed 5-06; + 30 days = Fri 6-05, a working day.
    const redispatched = petitionRedispatched(30)
    const dispatched = lastDispatch(redispatched)
    expect(dispatched?.data).toMatchObject({ redispatch: true, resultBy: '2026-06-05T23:59:59+08:00', extension: { days: 30, dayUnit: 'statutory-days', previousResultBy: '2026-05-06T23:59:59+08:00' } })
    expect(redispatched.state).toMatchObject({ resultBy: '2026-06-05T23:59:59+08:00', extended: true })
  })

  it('信访: the carried extension counts as the statute counts (5-06 + 10 days = Sat 5-16, so Mon 5-18)', () => {
    const redispatched = petitionRedispatched(10)
    expect(redispatched.state).toMatchObject({ resultBy: '2026-05-18T23:59:59+08:00' })
  })

  it('信访: a rebase counts the kept extension again on top of the period', () => {
    // Counted again with every day a working day: 3-02 + 60 days = Fri 5-01 (no longer a holiday), + 30 days = Sun 5-31.
    // Without the extension's count on the redispatch the rebase would give 5-01 and lose it.
    const redispatched = petitionRedispatched(30)
    const rebased = decideOn(redispatched, command('RebaseDeadlines', actors.admin, '2026-04-24T10:00:00+08:00', { reason: '换用日历' }), { calendar: naturalDays })
    expect(eventsOf(rebased)[0]?.data).toMatchObject({ changes: [{ kind: 'result', previous: '2026-06-05T23:59:59+08:00', deadline: '2026-05-31T23:59:59+08:00' }] })
  })

  it('信访: the new unit may not extend the same period a second time', () => {
    const redispatched = petitionRedispatched(30)
    expect(outcomeOf(decideOn(redispatched, request(actors.communityWorker, '2026-05-20T10:00:00+08:00', 1)))).toEqual({
      code: 'invalid-transition',
      message: expect.stringContaining('already been extended once') as unknown as string,
    })
  })

  it('信访: a redispatch after no extension keeps the period from acceptance, and its unit may extend it once', () => {
    const { history } = dispatchAt('2026-03-10T10:00:00+08:00', { category: 'law-related', accept: '2026-03-02T09:00:00+08:00' })
    const redispatched = run(
      [
        command('ReturnComplaint', actors.gridWorker, '2026-04-22T10:00:00+08:00', { reason: '非本网格事项' }),
        command('DispatchComplaint', actors.operator, '2026-04-23T10:00:00+08:00', { unit: units.community }),
        command('AcknowledgeComplaint', actors.communityWorker, '2026-04-23T11:00:00+08:00', {}),
      ],
      {},
      history,
    )
    expect(redispatched.state).toMatchObject({ resultBy: '2026-05-06T23:59:59+08:00', extended: false })
    expect(redispatched.events.at(-2)?.data).not.toHaveProperty('extension')
    expect(outcomeOf(decideOn(redispatched, request(actors.communityWorker, '2026-05-06T10:00:00+08:00', 30)))).toEqual(['ComplaintExtensionRequested'])
  })

  /** Standard (heating, normal): dispatched Thu 3-12 (due 4-02), extended 3 working days to 4-08, returned 4-03, redispatched Tue 4-07. */
  const standardRedispatched = () => {
    const { history } = dispatchAt('2026-03-12T10:00:00+08:00')
    return run(
      [
        command('AcknowledgeComplaint', actors.gridWorker, '2026-03-12T11:00:00+08:00', {}),
        request(actors.gridWorker, '2026-04-01T10:00:00+08:00', 3),
        command('ApproveExtension', actors.supervisor, '2026-04-01T15:00:00+08:00', {}),
        command('ReturnComplaint', actors.gridWorker, '2026-04-03T10:00:00+08:00', { reason: '非本网格事项' }),
        command('DispatchComplaint', actors.operator, '2026-04-07T10:00:00+08:00', { unit: units.community }),
        command('AcknowledgeComplaint', actors.communityWorker, '2026-04-07T11:00:00+08:00', {}),
      ],
      {},
      history,
    )
  }

  it('standard: a redispatch sets a new window (Tue 4-07 + 15 working days = 4-28) that its unit may extend once', () => {
    // From Tue 4-07: 4-08..4-10 (3), 4-13..17 (8), 4-20..24 (13), 4-27, 4-28 (15).
    const redispatched = standardRedispatched()
    expect(redispatched.state).toMatchObject({ resultBy: '2026-04-28T23:59:59+08:00' })
    expect(lastDispatch(redispatched)?.data).not.toHaveProperty('extension')
    const extended = run(
      [request(actors.communityWorker, '2026-04-27T10:00:00+08:00', 2), command('ApproveExtension', actors.supervisor, '2026-04-27T15:00:00+08:00', {})],
      {},
      redispatched,
    )
    // 4-28 + 2 working days: Wed 4-29, Thu 4-30.
    expect(extended.state).toMatchObject({ resultBy: '2026-04-30T23:59:59+08:00', extended: true })
    expect(outcomeOf(decideOn(extended, request(actors.communityWorker, '2026-04-28T10:00:00+08:00', 1)))).toMatchObject({ code: 'invalid-transition' })
  })

  it('standard: a 重办 round may be extended once more', () => {
    const { history } = dispatchAt('2026-03-12T10:00:00+08:00')
    const reopened = run(
      [
        command('AcknowledgeComplaint', actors.gridWorker, '2026-03-12T11:00:00+08:00', {}),
        request(actors.gridWorker, '2026-04-01T10:00:00+08:00', 3),
        command('ApproveExtension', actors.supervisor, '2026-04-01T15:00:00+08:00', {}),
        command('SubmitResult', actors.gridWorker, '2026-04-07T16:00:00+08:00', { result: '已处理', outcome: 'resolved' }),
        command('NotifyComplainant', actors.operator, '2026-04-07T17:00:00+08:00', { method: 'phone' }),
        command('EvaluateComplaint', actors.resident, '2026-04-08T09:00:00+08:00', { rating: 'unsatisfied' }),
        command('ReopenComplaint', actors.operator, '2026-04-08T10:00:00+08:00', { reason: '仍不热' }),
        command('AcknowledgeComplaint', actors.gridWorker, '2026-04-08T11:00:00+08:00', {}),
      ],
      {},
      history,
    )
    // Reopened Wed 4-08: 4-09, 4-10 (2), 4-13..17 (7), 4-20..24 (12), 4-27..29 (15).
    expect(reopened.state).toMatchObject({ round: 2, resultBy: '2026-04-29T23:59:59+08:00' })
    expect(outcomeOf(decideOn(reopened, request(actors.gridWorker, '2026-04-20T10:00:00+08:00', 3)))).toEqual(['ComplaintExtensionRequested'])
  })

  /** The community's answer 5-20, the complainant told and unsatisfied, 重办 Thu 5-21 10:00. */
  const reopenedOn521 = () => [
    command('SubmitResult', actors.communityWorker, '2026-05-20T16:00:00+08:00', { result: '已答复', outcome: 'explained' }),
    command('NotifyComplainant', actors.operator, '2026-05-20T17:00:00+08:00', { method: 'phone' }),
    command('EvaluateComplaint', actors.resident, '2026-05-21T09:00:00+08:00', { rating: 'unsatisfied' }),
    command('ReopenComplaint', actors.operator, '2026-05-21T10:00:00+08:00', { reason: '不服答复' }),
  ]

  it('信访: a 重办 round is a new period from the reopening, extendable once', () => {
    const redispatched = petitionRedispatched(30)
    const reopened = run(
      [
        ...reopenedOn521(),
        command('AcknowledgeComplaint', actors.communityWorker, '2026-05-21T11:00:00+08:00', {}),
      ],
      {},
      redispatched,
    )
    // Reopened Thu 5-21: + 60 days = Mon 7-20, a working day.
    expect(reopened.state).toMatchObject({ round: 2, resultBy: '2026-07-20T23:59:59+08:00' })
    expect(outcomeOf(decideOn(reopened, request(actors.communityWorker, '2026-06-01T10:00:00+08:00', 30)))).toEqual(['ComplaintExtensionRequested'])
  })

  it('信访: a 重办 round returned and dispatched again keeps its period from the reopening, not the first acceptance', () => {
    const redispatched = petitionRedispatched(30)
    const again = run(
      [
        ...reopenedOn521(),
        command('ReturnComplaint', actors.communityWorker, '2026-05-25T10:00:00+08:00', { reason: '非本社区事项' }),
        command('DispatchComplaint', actors.operator, '2026-05-26T10:00:00+08:00', { unit: units.grid }),
      ],
      {},
      redispatched,
    )
    // Reopened Thu 5-21: + 60 days = Mon 7-20 (a working day), the round's period; the return names it and the redispatch
    // keeps it. Counted from the first acceptance (Mon 3-02 + 60 days = Fri 5-01, a holiday: Wed 5-06; its extension was
    // round 1's) it would be past before the redispatch.
    expect(lastDispatch(again)?.data).toMatchObject({ redispatch: true, round: 2, resultBy: '2026-07-20T23:59:59+08:00' })
    expect(again.state).toMatchObject({ status: 'dispatched', round: 2, resultBy: '2026-07-20T23:59:59+08:00' })
  })

  it('信访: a case referred to mediation from 退单 keeps the running period — a 重办 round’s, an approved extension — and a failed referral’s redispatch too', () => {
    const disputeId = '00000000-0000-4000-8000-0000000000d1'
    const referral = { disputeId, disputeCategory: 'neighbour' as const, respondents: [{ name: '赵六' }], summary: '邻里纠纷' }
    const failed = command('RecordReferralFailure', actors.admin, '2026-05-27T10:00:00+08:00', { disputeId, code: 'declined', reason: '调委会不受理' })
    // Round 2: reopened Thu 5-21, + 60 days = Mon 7-20; returned 5-25; referred 5-26; the referral fails 5-27; dispatched 5-28.
    const reopenedReturned = [
      ...reopenedOn521(),
      command('ReturnComplaint', actors.communityWorker, '2026-05-25T10:00:00+08:00', { reason: '非本社区事项' }),
    ]
    const referred = run([...reopenedReturned, command('ReferToMediation', actors.operator, '2026-05-26T10:00:00+08:00', referral)], {}, petitionRedispatched(30))
    // Counted from the first acceptance (Mon 3-02 + 60 days = Fri 5-01, a holiday: Wed 5-06) it would be past already.
    expect(referred.state).toMatchObject({ status: 'referred-to-mediation', resultBy: '2026-07-20T23:59:59+08:00' })
    const redispatched = run([failed, command('DispatchComplaint', actors.operator, '2026-05-28T10:00:00+08:00', { unit: units.grid })], {}, referred)
    expect(lastDispatch(redispatched)?.data).toMatchObject({ round: 2, resultBy: '2026-07-20T23:59:59+08:00' })

    // Round 1: the period 3-02 + 60 = 5-06, extended by 30 days on 4-21 to Fri 6-05; returned 4-22; referred 4-23: 6-05, not 5-06.
    const { history } = dispatchAt('2026-03-10T10:00:00+08:00', { category: 'law-related', accept: '2026-03-02T09:00:00+08:00' })
    const extendedReferred = run(
      [
        command('AcknowledgeComplaint', actors.gridWorker, '2026-03-10T11:00:00+08:00', {}),
        request(actors.gridWorker, '2026-04-20T10:00:00+08:00', 30),
        command('ApproveExtension', actors.supervisor, '2026-04-21T10:00:00+08:00', {}),
        command('ReturnComplaint', actors.gridWorker, '2026-04-22T10:00:00+08:00', { reason: '非本网格事项' }),
        command('ReferToMediation', actors.operator, '2026-04-23T10:00:00+08:00', referral),
      ],
      {},
      history,
    )
    expect(extendedReferred.state).toMatchObject({ status: 'referred-to-mediation', resultBy: '2026-06-05T23:59:59+08:00' })
  })
})

// DOMAIN.md "Time" and 民法典 art. 203 para. 2 (期间的最后一日的截止时间为二十四时): a day deadline, written as the last
// second of its day (`…T23:59:59+08:00`), runs to 24:00 China time. The server stamps milliseconds, so the last second
// is on time to its end, and the next day's 00:00:00.000 is late.
describe('a day deadline ends at 24:00 China time', () => {
  // Dispatched Mon 3-02 10:00: 15 working days, 3-03..3-06 (4), 3-09..13 (9), 3-16..20 (14), Mon 3-23 (15).
  const acknowledged = () => {
    const { history, dispatched } = dispatchAt('2026-03-02T10:00:00+08:00')
    expect(dispatched.resultBy).toBe('2026-03-23T23:59:59+08:00')
    return run([command('AcknowledgeComplaint', actors.gridWorker, '2026-03-02T11:00:00+08:00', {})], {}, history)
  }
  const LAST_SECOND = ['2026-03-23T23:59:59.000+08:00', '2026-03-23T23:59:59.500+08:00', '2026-03-23T23:59:59.999+08:00']
  const MIDNIGHT = '2026-03-24T00:00:00.000+08:00'

  const submittedOnTime = (at: string) => {
    const result = decideOn(acknowledged(), command('SubmitResult', actors.gridWorker, at, { result: '已处理', outcome: 'resolved' }))
    const submitted = eventsOf(result)[0]
    return submitted?.type === 'ComplaintResultSubmitted' ? submitted.data.onTime : undefined
  }

  it('a result in the last second of the due day is on time; at the next day 00:00 it is late', () => {
    expect(LAST_SECOND.map(submittedOnTime)).toEqual([true, true, true])
    expect(submittedOnTime(MIDNIGHT)).toBe(false)
    // The day before and the next day, plainly.
    expect(submittedOnTime('2026-03-22T12:00:00+08:00')).toBe(true)
    expect(submittedOnTime('2026-03-24T09:00:00+08:00')).toBe(false)
  })

  it('an extension may be asked for to the end of the due day, not at 24:00', () => {
    const ask = (at: string) => outcomeOf(decideOn(acknowledged(), command('RequestExtension', actors.gridWorker, at, { days: 2, reason: '等待配件' })))
    for (const at of LAST_SECOND) expect(ask(at)).toEqual(['ComplaintExtensionRequested'])
    expect(ask(MIDNIGHT)).toMatchObject({ code: 'deadline-passed' })
  })

  it('the callback before notice waits for the deadline to pass: not in its last second, from 24:00', () => {
    const call = (at: string) => outcomeOf(decideOn(acknowledged(), command('RecordCallback', actors.operator, at, { reached: false, note: '无人接听' })))
    expect(call('2026-03-23T23:59:59.500+08:00')).toMatchObject({ code: 'invalid-transition' })
    expect(call(MIDNIGHT)).toEqual(['ComplaintCallbackRecorded'])
  })

  it('信访 acceptance within 15 days: on time through the last millisecond of day 15', () => {
    // Registered Mon 3-02: + 15 days = Tue 3-17, a working day.
    const registered = run([command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ category: 'law-related' }))])
    const accept = (at: string) => {
      const events = eventsOf(complaintDecider().decide(command('AcceptComplaint', actors.operator, at, {}), registered.state))
      return events[0]?.type === 'ComplaintAccepted' ? events[0].data.onTime : undefined
    }
    expect(accept('2026-03-17T23:59:59.999+08:00')).toBe(true)
    expect(accept('2026-03-18T00:00:00.000+08:00')).toBe(false)
  })
})

// 信访工作条例 (2022) art. 34: handled within 60 days *of acceptance* — a statutory period (DOMAIN.md "Time": the start
// day not counted, to 24:00 China time of day 60, a last day on a holiday or weekend moved to the next working day). The
// period runs from acceptance whether or not a unit has the case yet (accepted, not yet dispatched; returned by its unit,
// 退单, not yet dispatched again), and DOMAIN.md "Time" has every deadline a case has able to become overdue: so the
// acceptance sets it, and a return keeps it running, each naming the calendar that counted it. Counted by hand with the
// 2026 notice (国庆 10-01..10-07 off, Sun 9-20 and Sat 10-10 make-up days) and, for 2027 (no notice shipped), the
// statutory festival days alone (春节: 除夕 2-05, 正月初一..初三 2-06..2-08; new moon 2027-02-06 15:56 UTC = 23:56 China).
describe('信访: the 60-day handling period runs from acceptance, before any dispatch too', () => {
  const CHINA_2026 = { id: 'chinese-workdays', version: 'chinese-days@1.5.7' }
  const acceptedAt = (at: string, category = 'law-related') => {
    const history = run([
      command('RegisterComplaint', actors.operator, at, registration({ category })),
      command('AcceptComplaint', actors.operator, at, {}),
    ])
    const accepted = history.events.at(-1)
    if (accepted?.type !== 'ComplaintAccepted') throw new Error('not accepted')
    return { history, accepted: accepted.data }
  }
  const due = (day: string) => `${day}T23:59:59+08:00`

  it('acceptance sets the deadline and its calendar: the days before, on and after 国庆 2026', () => {
    // Sat 8-01 + 60 days: 8-02..8-31 (30), 9-01..9-30 (60) → Wed 9-30, a working day.
    expect(acceptedAt('2026-08-01T10:00:00+08:00').accepted).toMatchObject({ resultBy: due('2026-09-30'), policy: 'petition' })
    // Mon 8-03 + 60 days = Fri 10-02, in 国庆 (10-01..10-07 off) → Thu 10-08.
    const { history, accepted } = acceptedAt('2026-08-03T10:00:00+08:00')
    expect(accepted).toMatchObject({
      resultBy: due('2026-10-08'),
      policy: 'petition',
      calendar: { ...CHINA_2026, from: '2026-08-03T10:00:00+08:00', days: 60, unit: 'statutory-days' },
    })
    expect(accepted.calendar).not.toHaveProperty('provisional')
    expect(history.state).toMatchObject({ status: 'accepted', resultBy: due('2026-10-08') })
    // Sun 8-09 + 60 days = Thu 10-08 itself; Mon 8-10 + 60 = Fri 10-09.
    expect(acceptedAt('2026-08-09T10:00:00+08:00').accepted.resultBy).toBe(due('2026-10-08'))
    expect(acceptedAt('2026-08-10T10:00:00+08:00').accepted.resultBy).toBe(due('2026-10-09'))
  })

  it('counts from the China date of the acceptance: 23:50 and 00:10 China time, written in UTC', () => {
    // 2026-08-01T15:50Z is Sat 8-01 23:50 in China: as 8-01 → 9-30. 2026-08-01T16:10Z is Sun 8-02 00:10: 8-02 + 60 =
    // Thu 10-01, 国庆 → 10-08.
    expect(acceptedAt('2026-08-01T15:50:00Z').accepted.resultBy).toBe(due('2026-09-30'))
    expect(acceptedAt('2026-08-01T16:10:00Z').accepted.resultBy).toBe(due('2026-10-08'))
  })

  it('into 2027 with no notice: day 60 on 正月初一 ends on Tue 2-09, marked provisional', () => {
    // Tue 2026-12-08 + 60: 12-09..12-31 (23), 1-01..1-31 (54), 2-06 (60) = Sat 正月初一; Sun 2-07; Mon 2-08 初三 → Tue 2-09.
    // Mon 2026-12-07 + 60 = Fri 2-05, 除夕 → Tue 2-09 too; Sun 12-06 + 60 = Thu 2-04, a working day.
    const { accepted } = acceptedAt('2026-12-08T10:00:00+08:00')
    expect(accepted).toMatchObject({ resultBy: due('2027-02-09'), calendar: { ...CHINA_2026, provisional: true, days: 60, unit: 'statutory-days' } })
    expect(acceptedAt('2026-12-07T10:00:00+08:00').accepted.resultBy).toBe(due('2027-02-09'))
    expect(acceptedAt('2026-12-06T10:00:00+08:00').accepted.resultBy).toBe(due('2027-02-04'))
  })

  it('a 12345 (standard) acceptance sets no handling deadline: its window counts from the dispatch', () => {
    const { history, accepted } = acceptedAt('2026-08-03T10:00:00+08:00', 'heating')
    expect(accepted).not.toHaveProperty('resultBy')
    expect(accepted).not.toHaveProperty('calendar')
    expect(history.state).not.toHaveProperty('resultBy')
  })

  it('the dispatch keeps the deadline the acceptance set', () => {
    const { history } = acceptedAt('2026-08-03T10:00:00+08:00')
    const dispatched = run([command('DispatchComplaint', actors.operator, '2026-08-04T10:00:00+08:00', { unit: units.grid })], {}, history)
    expect(lastDispatch(dispatched)?.data).toMatchObject({ resultBy: due('2026-10-08') })
  })

  it('a rebase before any dispatch counts it again', () => {
    // With every day a working day: Mon 8-03 + 60 = Fri 10-02.
    const { history } = acceptedAt('2026-08-03T10:00:00+08:00')
    const rebased = decideOn(history, command('RebaseDeadlines', actors.admin, '2026-08-05T10:00:00+08:00', { reason: '换用日历' }), { calendar: naturalDays })
    // The 派单 deadline (15 days from receipt: Tue 8-18 both ways) stands, counted now with the other calendar: confirmed.
    expect(eventsOf(rebased)[0]?.data).toMatchObject({
      changes: [
        { kind: 'dispatch', previous: due('2026-08-18'), deadline: due('2026-08-18'), counted: [{ id: 'natural-days' }] },
        { kind: 'result', previous: due('2026-10-08'), deadline: due('2026-10-02'), counted: [{ id: 'natural-days', from: '2026-08-03T10:00:00+08:00', days: 60 }] },
      ],
    })
  })

  it('退单: the period (extension included) runs on while no unit has the case, and the redispatch keeps it', () => {
    const { history } = acceptedAt('2026-08-03T10:00:00+08:00')
    const returned = run(
      [
        command('DispatchComplaint', actors.operator, '2026-08-04T10:00:00+08:00', { unit: units.grid }),
        command('AcknowledgeComplaint', actors.gridWorker, '2026-08-04T11:00:00+08:00', {}),
        // 10-08 + 10 days = Sun 10-18 → Mon 10-19.
        command('RequestExtension', actors.gridWorker, '2026-09-01T10:00:00+08:00', { days: 10, reason: '需司法鉴定' }),
        command('ApproveExtension', actors.supervisor, '2026-09-01T15:00:00+08:00', {}),
        command('ReturnComplaint', actors.gridWorker, '2026-09-02T10:00:00+08:00', { reason: '非本网格事项' }),
      ],
      {},
      history,
    )
    expect(returned.events.at(-1)).toMatchObject({ type: 'ComplaintReturned', data: { resultBy: due('2026-10-19') } })
    expect(returned.state).toMatchObject({ status: 'returned', resultBy: due('2026-10-19') })
    // Counted again with every day a working day: 8-03 + 60 = Fri 10-02, + 10 = Mon 10-12.
    const rebased = decideOn(returned, command('RebaseDeadlines', actors.admin, '2026-09-03T10:00:00+08:00', { reason: '换用日历' }), { calendar: naturalDays })
    // The 退单's 派单 deadline (15 days from Wed 9-02: Thu 9-17 both ways) is confirmed with the other calendar.
    expect(eventsOf(rebased)[0]?.data).toMatchObject({
      changes: [
        { kind: 'dispatch', previous: due('2026-09-17'), deadline: due('2026-09-17'), counted: [{ id: 'natural-days' }] },
        { kind: 'result', previous: due('2026-10-19'), deadline: due('2026-10-12'), counted: [{ id: 'natural-days', days: 60 }, { id: 'natural-days', days: 10 }] },
      ],
    })
    const redispatched = run([command('DispatchComplaint', actors.operator, '2026-10-20T10:00:00+08:00', { unit: units.community })], {}, returned)
    expect(lastDispatch(redispatched)?.data).toMatchObject({ redispatch: true, resultBy: due('2026-10-19') })
  })

  it('退单 under a 12345 policy ends the round: nothing runs until the next dispatch', () => {
    const { history } = acceptedAt('2026-08-03T10:00:00+08:00', 'heating')
    const returned = run(
      [
        command('DispatchComplaint', actors.operator, '2026-08-04T10:00:00+08:00', { unit: units.grid }),
        command('ReturnComplaint', actors.gridWorker, '2026-08-05T10:00:00+08:00', { reason: '非本网格事项' }),
      ],
      {},
      history,
    )
    expect(returned.events.at(-1)?.data).not.toHaveProperty('resultBy')
    expect(returned.state).toMatchObject({ status: 'returned', resultBy: undefined })
  })
})

// DOMAIN.md "Complaint": 签收 within 2 h urgent / 24 h normal — a deadline counted in hours is an instant, met up to and
// including itself; only a day deadline runs to 24:00 China time (民法典 art. 203 para. 2). An hours deadline can land on
// 23:59:59 China time exactly; it is still an instant there, not the end of a day (found in review: it was told from a
// day's end by its clock time, and took a second more — 23:59:59.001 to 23:59:59.999 were on time).
describe('an hours deadline landing at 23:59:59 China time is an instant', () => {
  const ackOnTime = (history: ReturnType<typeof dispatchAt>['history'], at: string) => {
    const e = eventsOf(decideOn(history, command('AcknowledgeComplaint', actors.gridWorker, at, {})))[0]
    return e?.type === 'ComplaintAcknowledged' ? e.data.onTime : undefined
  }

  it('normal, dispatched Mon 3-02 23:59:59: 24 h → Tue 3-03 23:59:59.000; 签收 then on time, 1 ms after late', () => {
    const { history, dispatched } = dispatchAt('2026-03-02T23:59:59+08:00')
    expect(dispatched.acknowledgeBy).toBe('2026-03-03T23:59:59+08:00')
    // The event says how it was counted, there where it decides when it closes (and only there: 10:00 needs no mark).
    expect(dispatched.acknowledgeCalendar).toEqual({ id: 'chinese-workdays', version: 'chinese-days@1.5.7', hours: true })
    expect(dispatchAt('2026-03-02T10:00:00+08:00').dispatched.acknowledgeCalendar).toBeUndefined()
    expect(['2026-03-03T23:59:59.000+08:00', '2026-03-03T23:59:59.001+08:00', '2026-03-03T23:59:59.999+08:00'].map((at) => ackOnTime(history, at))).toEqual([true, false, false])
  })

  it('urgent, dispatched Mon 3-02 21:59:59: 2 h → 23:59:59.000 the same day; at 23:59:59.500 late', () => {
    const { history, dispatched } = dispatchAt('2026-03-02T21:59:59+08:00', { urgency: 'urgent' })
    expect(dispatched.acknowledgeBy).toBe('2026-03-02T23:59:59+08:00')
    expect([ackOnTime(history, '2026-03-02T23:59:59+08:00'), ackOnTime(history, '2026-03-02T23:59:59.500+08:00')]).toEqual([true, false])
  })

  it('a result counted in hours (a deployment’s 48 h policy): dispatched Mon 3-02 23:59:59 → Wed 3-04 23:59:59.000', () => {
    const hours48 = { ...normalPolicy, name: 'heating-48h', resultWithin: { unit: 'hours', amount: 48 } } as const
    const config: ComplaintConfig = { policies: { heating: { normal: hours48 } } }
    const { history, dispatched } = dispatchAt('2026-03-02T23:59:59+08:00', { config })
    expect(dispatched.resultBy).toBe('2026-03-04T23:59:59+08:00')
    const acked = run([command('AcknowledgeComplaint', actors.gridWorker, '2026-03-03T09:00:00+08:00', {})], config, history)
    const submitted = (at: string) => {
      const e = eventsOf(decideOn(acked, command('SubmitResult', actors.gridWorker, at, { result: '已处理', outcome: 'resolved' }), config))[0]
      return e?.type === 'ComplaintResultSubmitted' ? e.data.onTime : undefined
    }
    expect([submitted('2026-03-04T23:59:59.000+08:00'), submitted('2026-03-04T23:59:59.500+08:00')]).toEqual([true, false])
  })
})

// 回访 at the latest when the result deadline passes (DOMAIN.md "Complaint": "after the result is notified (and, at the
// latest, when the result deadline passes)"; 北京市接诉即办工作条例: the hotline calls back when the deadline expires). The
// result deadline runs in more states than those a unit holds the case in: under 信访 from acceptance while no unit has
// it (`accepted`, `returned` by its unit), and while the case is referred to mediation (it stays on the overdue list until
// its dispute concludes, DOMAIN.md "Dashboards"). Once that deadline has passed, the hotline calls back there too: a
// missed deadline is not hidden from the complainant's own word because no unit holds the case.
describe('the callback once the result deadline passed, in every state it runs in', () => {
  const call = (at: string) => command('RecordCallback', actors.operator, at, { reached: false, note: '无人接听' })
  const answered = (at: string) => command('RecordCallback', actors.operator, at, { reached: true, contacted: false, solved: 'not-solved', satisfaction: 'unsatisfied' })
  const outcome = (history: { state: Parameters<ReturnType<typeof complaintDecider>['decide']>[1] }, cmd: ComplaintCommand) => {
    const decided = complaintDecider().decide(cmd, history.state)
    return E.isRight(decided) ? decided.right.map((e) => e.type) : decided.left.code
  }
  const referral = { disputeCategory: 'neighbour' as const, respondents: [{ name: '赵六' }], summary: '邻里纠纷' }
  // 信访 (a 涉法涉诉 complaint), accepted Mon 2026-03-02 09:10: 60 days, 3-03 counted first — 3-31 is day 29, 4-30 day 59,
  // Fri 5-01 day 60; 劳动节 2026 is 5-01..5-05 off (the notice; 5-09 a make-up Saturday), so the period ends on the first
  // working day after, Wed 5-06, at 24:00 China time. Counting the days alone (day 60, 5-01) would open the callback
  // five days early, in the holiday.
  const petitionAccepted = () =>
    run([
      command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ category: 'law-related' })),
      command('AcceptComplaint', actors.operator, '2026-03-02T09:10:00+08:00', {}),
    ])
  const BEFORE = ['2026-05-01T09:00:00+08:00', '2026-05-06T23:59:58+08:00']
  const AT = ['2026-05-06T23:59:59+08:00', '2026-05-06T23:59:59.999+08:00']
  const AFTER = ['2026-05-07T00:00:00.000+08:00', '2026-05-07T09:00:00+08:00']

  const edges = (history: ReturnType<typeof run>) => {
    expect(history.state).toMatchObject({ resultBy: '2026-05-06T23:59:59+08:00' })
    for (const at of [...BEFORE, ...AT]) expect(outcome(history, call(at)), at).toBe('invalid-transition')
    for (const at of AFTER) expect(outcome(history, call(at)), at).toEqual(['ComplaintCallbackRecorded'])
  }

  it('信访, accepted and not yet dispatched: refused the second before the deadline and at it, taken from 24:00 (after 劳动节)', () => {
    const accepted = petitionAccepted()
    expect(accepted.state).toMatchObject({ status: 'accepted' })
    edges(accepted)
    // The answers are the complainant's, kept as for any callback; no unit had the case, so none is credited.
    const decided = complaintDecider().decide(answered(AFTER[0] as string), accepted.state)
    if (E.isLeft(decided)) throw new Error(decided.left.message)
    expect(decided.right[0]?.data).toMatchObject({ reached: true, solved: 'not-solved', resultBy: '2026-05-06T23:59:59+08:00', round: 0 })
    expect(decided.right[0]?.data).not.toHaveProperty('unit')
  })

  it('信访, returned by its unit (退单) and not yet dispatched again: the period from acceptance runs on, and so does the callback', () => {
    const returned = run(
      [
        command('DispatchComplaint', actors.operator, '2026-03-03T10:00:00+08:00', { unit: units.grid }),
        command('ReturnComplaint', actors.gridWorker, '2026-03-04T10:00:00+08:00', { reason: '非本网格事项' }),
      ],
      {},
      petitionAccepted(),
    )
    expect(returned.state).toMatchObject({ status: 'returned' })
    edges(returned)
  })

  it('信访, referred to mediation before any dispatch (访调对接): the dispute has not concluded when the period ends', () => {
    const referred = run([command('ReferToMediation', actors.operator, '2026-03-02T09:30:00+08:00', referral)], {}, petitionAccepted())
    expect(referred.state).toMatchObject({ status: 'referred-to-mediation' })
    edges(referred)
  })

  it('12345, referred to mediation after 签收: the round’s deadline (3 working days across 春节 2026) passes while the dispute runs', () => {
    // Urgent, dispatched Thu 2026-02-12: Fri 2-13 (1), Sat 2-14 a make-up workday (2), 2-15..2-23 off, Tue 2-24 (3).
    const history = run([
      command('RegisterComplaint', actors.operator, '2026-02-12T09:00:00+08:00', registration({ urgency: 'urgent' })),
      command('AcceptComplaint', actors.operator, '2026-02-12T09:10:00+08:00', {}),
      command('DispatchComplaint', actors.operator, '2026-02-12T10:00:00+08:00', { unit: units.grid }),
      command('AcknowledgeComplaint', actors.gridWorker, '2026-02-12T11:00:00+08:00', {}),
      command('ReferToMediation', actors.gridWorker, '2026-02-13T09:00:00+08:00', referral),
    ])
    expect(history.state).toMatchObject({ status: 'referred-to-mediation', resultBy: '2026-02-24T23:59:59+08:00' })
    for (const at of ['2026-02-16T09:00:00+08:00', '2026-02-24T23:59:58+08:00', '2026-02-24T23:59:59+08:00', '2026-02-24T23:59:59.999+08:00']) {
      expect(outcome(history, call(at)), at).toBe('invalid-transition')
    }
    expect(outcome(history, call('2026-02-25T00:00:00.000+08:00'))).toEqual(['ComplaintCallbackRecorded'])
  })

  it('no result deadline runs yet: registered, or accepted under 12345 (counted from the dispatch to come) — refused whenever', () => {
    const registered = run([command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration())])
    const accepted = run([command('AcceptComplaint', actors.operator, '2026-03-02T09:10:00+08:00', {})], {}, registered)
    for (const h of [registered, accepted]) expect(outcome(h, call('2026-12-31T09:00:00+08:00'))).toBe('invalid-transition')
  })
})
