import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../kernel/actor.js'
import { chineseWorkdays } from '../calendar/calendar.js'
import { fold } from '../kernel/decider.js'
import type { DomainError } from '../kernel/errors.js'
import type { DisputeEvent } from './events.js'
import { actors, at, command, history, type CommandOf } from './fixtures.js'
import { disputeDecider, type DisputeDecider } from './index.js'

const natural = disputeDecider()
const outcome = (decider: DisputeDecider, past: readonly DisputeEvent[], c: CommandOf[keyof CommandOf]): string => {
  const r = decider.decide(c, fold(decider, past))
  return E.isRight(r) ? r.right.map((e) => e.type).join(',') : r.left.code
}
const refusal = (decider: DisputeDecider, past: readonly DisputeEvent[], c: CommandOf[keyof CommandOf]): DomainError | undefined => {
  const r = decider.decide(c, fold(decider, past))
  return E.isLeft(r) ? r.left : undefined
}
const apply = (when: string, who: Actor = actors.wang) => command('ApplyForConfirmation', who, when, { court: '赛罕区人民法院' })
const consent = (when: string) => command('ConsentToConfirmation', actors.li, when, {})

// An oral agreement reached on 10 March 2026 takes effect that day; day 30 after it is 9 April.
describe('the 30-day window for judicial confirmation (人民调解法 art. 33), in China local days', () => {
  it.each([
    ['day 30, last second China time', '2026-04-09T23:59:59+08:00', 'JudicialConfirmationApplied'],
    ['day 30, last second, written in UTC', '2026-04-09T15:59:59Z', 'JudicialConfirmationApplied'],
    ['day 30, last millisecond', '2026-04-09T23:59:59.999+08:00', 'JudicialConfirmationApplied'],
    ['the day the agreement took effect', '2026-03-10T22:00:00+08:00', 'JudicialConfirmationApplied'],
    ['day 31, first second China time', '2026-04-10T00:00:00+08:00', 'deadline-passed'],
    ['day 31, first second, written in UTC', '2026-04-09T16:00:00Z', 'deadline-passed'],
  ])('an application on %s (%s) → %s', (_what, when, expected) => {
    expect(outcome(natural, at.consented, apply(when))).toBe(expected)
  })

  it('a refused late application names the deadline it missed', () => {
    expect(refusal(natural, at.consented, apply('2026-04-10T08:00:00+08:00'))).toMatchObject({
      code: 'deadline-passed',
      deadline: '2026-04-09T23:59:59+08:00',
    })
  })

  it.each([
    ['day 30', '2026-04-09T23:59:59+08:00', 'JudicialConfirmationConsented'],
    ['day 31', '2026-04-10T00:00:00+08:00', 'deadline-passed'],
  ])("the other party's consent on %s → %s", (_what, when, expected) => {
    expect(outcome(natural, at.agreed, consent(when))).toBe(expected)
  })

  it('a lateness check comes before the consent check: late and without consent is deadline-passed', () => {
    expect(outcome(natural, at.agreed, apply('2026-04-10T00:00:00+08:00'))).toBe('deadline-passed')
  })

  describe('a written agreement runs from the day the last of the parties and the mediator signed, not the day it was recorded', () => {
    const signed = (parties: [string, string], mediator: string) =>
      command('RecordAgreement', actors.peopleMediator, '2026-03-14T09:00:00+08:00', {
          form: 'written',
          terms: ['赔偿2000元'],
          signatures: [
            { party: '王芳', signedOn: parties[0] },
            { party: '李强', signedOn: parties[1] },
          ],
          mediatorSignedOn: mediator,
      })
    const afterSigning = (parties: [string, string], mediator: string): DisputeEvent[] => {
      const r = natural.decide(signed(parties, mediator), fold(natural, at.session))
      if (E.isLeft(r)) throw new Error(r.left.message)
      return [...at.session, ...r.right, history.consented('李强')]
    }

    it.each([
      ['the mediator signed last, on 10 March', ['2026-03-08', '2026-03-09'] as [string, string], '2026-03-10', '2026-04-09', '2026-04-10'],
      ['a party signed last, on 12 March', ['2026-03-08', '2026-03-12'] as [string, string], '2026-03-10', '2026-04-11', '2026-04-12'],
    ])('when %s: day 30 accepted, day 31 refused', (_what, parties, mediator, day30, day31) => {
      const past = afterSigning(parties, mediator)
      expect([outcome(natural, past, apply(`${day30}T23:59:59+08:00`)), outcome(natural, past, apply(`${day31}T00:00:00+08:00`))]).toEqual([
        'JudicialConfirmationApplied',
        'deadline-passed',
      ])
    })
  })
})

describe('the 3 days in which the court decides whether to accept (法释〔2011〕5号 art. 4)', () => {
  const deadlineAfter = (when: string): string | undefined => {
    const r = natural.decide(apply(when), fold(natural, at.consented))
    const [e] = E.isRight(r) ? r.right : []
    return e?.type === 'JudicialConfirmationApplied' ? e.data.courtDecisionDeadline : undefined
  }
  it('an application late on 15 March China time must be decided by the end of 18 March', () => {
    expect(deadlineAfter('2026-03-15T23:30:00+08:00')).toBe('2026-03-18T23:59:59+08:00')
  })
  it('an application at 16:30 UTC on 15 March is 00:30 on 16 March in China: decided by the end of 19 March', () => {
    expect(deadlineAfter('2026-03-15T16:30:00Z')).toBe('2026-03-19T23:59:59+08:00')
  })
})

describe('the 30-day mediation deadline and its extension by agreement of the parties', () => {
  const extend = (when: string) => command('ExtendMediation', actors.peopleMediator, when, { days: 10, reason: '需补充证据', agreedBy: ['王芳', '李强'] })

  describe('in natural days (the default): accepted 2 March, due 1 April', () => {
    const accepted = (d: DisputeDecider) => {
      const r = d.decide(command('AcceptDispute', actors.communityWorker, '2026-03-02T09:00:00+08:00', {}), fold(d, at.reported))
      if (E.isLeft(r)) throw new Error(r.left.message)
      return [...at.reported, ...r.right, history.assigned(), history.session(1)]
    }
    it.each([
      ['day 30, last second', '2026-04-01T23:59:59+08:00', 'MediationExtended'],
      ['day 31, first second', '2026-04-02T00:00:00+08:00', 'deadline-passed'],
      ['day 31, first second in UTC', '2026-04-01T16:00:00Z', 'deadline-passed'],
    ])('an extension on %s → %s', (_what, when, expected) => {
      expect(outcome(natural, accepted(natural), extend(when))).toBe(expected)
    })
    it('an extension of 10 days moves the deadline from 1 April to 11 April', () => {
      const r = natural.decide(extend('2026-03-20T10:00:00+08:00'), fold(natural, accepted(natural)))
      const [e] = E.isRight(r) ? r.right : []
      expect(e?.type === 'MediationExtended' && [e.data.previousDeadline, e.data.deadline]).toEqual(['2026-04-01T23:59:59+08:00', '2026-04-11T23:59:59+08:00'])
    })
  })

  describe('in Chinese working days: accepted Monday 2 February 2026, across the Spring Festival', () => {
    // Hand count: 3–6 Feb (4), 9–13 (5), Sat 14 make-up (1), 15–23 holiday, 24–27 (4), Sat 28 make-up (1),
    // 2–6 Mar (5), 9–13 (5), 16–20 (5) = 30 → due Friday 20 March.
    const working = disputeDecider({ mediationCalendar: chineseWorkdays })
    const accepted = (() => {
      const r = working.decide(command('AcceptDispute', actors.communityWorker, '2026-02-02T10:00:00+08:00', {}), fold(working, at.reported))
      if (E.isLeft(r)) throw new Error(r.left.message)
      return [...at.reported, ...r.right, history.assigned(), history.session(1)]
    })()
    it('the deadline is the end of the 30th working day', () => {
      const s = fold(working, accepted)
      expect(s.mediationDeadline).toBe('2026-03-20T23:59:59+08:00')
    })
    it.each([
      ['working day 30', '2026-03-20T23:59:59+08:00', 'MediationExtended'],
      ['the day after (a Saturday)', '2026-03-21T00:00:00+08:00', 'deadline-passed'],
    ])('an extension on %s → %s', (_what, when, expected) => {
      expect(outcome(working, accepted, extend(when))).toBe(expected)
    })
    it('an extension of 10 working days from Friday 20 March lands on Friday 3 April', () => {
      // 23–27 Mar (5), 30 Mar–3 Apr (5): Qingming (4–6 Apr) comes after.
      const r = working.decide(extend('2026-03-20T10:00:00+08:00'), fold(working, accepted))
      const [e] = E.isRight(r) ? r.right : []
      expect(e?.type === 'MediationExtended' && e.data.deadline).toBe('2026-04-03T23:59:59+08:00')
    })
  })
})
