import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../kernel/actor.js'
import { chineseWorkdays } from '../calendar/calendar.js'
import { fold } from '../kernel/decider.js'
import type { DomainError } from '../kernel/errors.js'
import type { DisputeEvent } from './events.js'
import { ApplyForConfirmationData, RecordAgreementData } from './commands.js'
import { actors, at, CASE_NUMBER, command, history, type CommandOf } from './fixtures.js'
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
          attachments: [{ sha256: 'a'.repeat(64), kind: 'agreement' }],
      })
    const afterSigning = (parties: [string, string], mediator: string): DisputeEvent[] => {
      const r = natural.decide(signed(parties, mediator), fold(natural, at.session))
      if (E.isLeft(r)) throw new Error(r.left.message)
      return [...at.session, ...r.right, history.consented('李强')]
    }

    it.each([
      ['the mediator signed last, on 10 March', ['2026-03-08', '2026-03-09'] as [string, string], '2026-03-10', '2026-04-09', '2026-04-10'],
      // 3-12 + 30 days = Sat 4-11 → Mon 4-13 (民事诉讼法 art. 85); Tue 4-14 is too late.
      ['a party signed last, on 12 March', ['2026-03-08', '2026-03-12'] as [string, string], '2026-03-10', '2026-04-13', '2026-04-14'],
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
    it('an extension of 10 days moves the deadline from 1 April to Monday 13 April (day 10, 4-11, is a Saturday)', () => {
      const r = natural.decide(extend('2026-03-20T10:00:00+08:00'), fold(natural, accepted(natural)))
      const [e] = E.isRight(r) ? r.right : []
      expect(e?.type === 'MediationExtended' && [e.data.previousDeadline, e.data.deadline]).toEqual(['2026-04-01T23:59:59+08:00', '2026-04-13T23:59:59+08:00'])
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

// 民事诉讼法 art. 85: a period whose last day is a holiday (weekends included) ends on the next working day.
describe('the 30-day window when day 30 is a holiday or a Sunday (民事诉讼法 art. 85)', () => {
  const agreedOn = (effectiveOn: string) => {
    const r = natural.decide(
      command('RecordAgreement', actors.peopleMediator, `${effectiveOn}T18:00:00+08:00`, { form: 'oral', terms: ['赔偿'], reachedOn: effectiveOn }),
      fold(natural, at.session),
    )
    if (E.isLeft(r)) throw new Error(r.left.message)
    return [...at.session, ...r.right, history.consented('李强')]
  }
  it.each([
    // Effective Tue 2026-09-01: day 30 = Thu 10-01, 国庆 (10-01..10-07 off in the 2026 notice) → Thu 10-08.
    ['国庆 2026', '2026-09-01', '2026-10-08', '2026-10-09'],
    // Effective Fri 2026-10-16: day 30 = Sun 11-15 → Mon 11-16.
    ['a Sunday', '2026-10-16', '2026-11-16', '2026-11-17'],
    // Effective Mon 2026-06-01: day 30 = Wed 7-01, an ordinary weekday: no extension.
    ['an ordinary weekday', '2026-06-01', '2026-07-01', '2026-07-02'],
    // 调休 (the 2026 notice): Sun 9-20 is a make-up working day for 国庆, so not a 法定休假日 — a last day on it stands.
    // Effective Fri 2026-08-21: 8-22..8-31 (10) + 9-01..9-20 (20) → day 30 = Sun 9-20.
    ['a 调休 make-up Sunday (a working day: it stands)', '2026-08-21', '2026-09-20', '2026-09-21'],
    // Effective Thu 2026-08-20: day 30 = Sat 9-19, a rest day → the first working day after it, Sun 9-20 (调休), not Mon 9-21.
    ['a Saturday followed by a 调休 make-up Sunday', '2026-08-20', '2026-09-20', '2026-09-21'],
    // Effective Thu 2025-12-04: 12-05..12-31 (27) + 1-01..1-03 (3) → day 30 = Sat 2026-01-03, in 元旦 (1-01..1-03 off) →
    // Sun 1-04, a 调休 make-up working day (the 2026 notice): the window ends on that Sunday.
    ['元旦, the day after it a 调休 make-up Sunday', '2025-12-04', '2026-01-04', '2026-01-05'],
  ])('day 30 on %s: the window ends on %s (accepted to its last second), refused the next day', (_what, effectiveOn, last, after) => {
    const past = agreedOn(effectiveOn)
    expect(fold(natural, past).agreement?.confirmationDeadline).toBe(`${last}T23:59:59+08:00`)
    expect(outcome(natural, past, apply(`${last}T23:59:59+08:00`))).toBe('JudicialConfirmationApplied')
    expect(outcome(natural, past, apply(`${after}T00:00:00+08:00`))).toBe('deadline-passed')
  })
})

// 不予受理 is not the end of the window: refused (e.g. 民事诉讼法解释 art. 355 (二), 不属于收到申请的人民法院管辖), the parties may
// apply together to the competent court (民事诉讼法 art. 205, 2023 numbering) while their 30 days last — nothing in the
// statutes bars it. A new application is a new joint act: the consent given to the refused one does not carry over.
// Recorded after the party filed elsewhere (at the court itself, a 诉调对接 window): the 30 days (人民调解法 art. 33,
// 民事诉讼法 art. 205) bound the party's application — the day the court received it (`filedOn`) — not the day staff
// record it; and the court's 3 days to accept (法释〔2011〕5号 art. 4) run from that filing too. Agreement effective Tue
// 3-10 (oral): day 30 = Thu 4-09. The mediator records from the application the party signed (applicationHash).
describe('an application recorded after it was filed: the 30 days and the court\'s 3 days run from filedOn', () => {
  const SIGNED = 'a'.repeat(64)
  const recorded = (when: string, filedOn?: string, who: Actor = actors.peopleMediator) =>
    command('ApplyForConfirmation', who, when, {
      court: '赛罕区人民法院',
      ...(who.role === 'resident' ? {} : { party: '王芳', applicationHash: SIGNED }),
      ...(filedOn === undefined ? {} : { filedOn }),
    })
  const applied = (c: CommandOf['ApplyForConfirmation']) => {
    const r = natural.decide(c, fold(natural, at.consented))
    const [e] = E.isRight(r) ? r.right : []
    if (e?.type !== 'JudicialConfirmationApplied') throw new Error(E.isLeft(r) ? r.left.message : 'not applied')
    return e.data
  }
  it.each([
    ['filed day 30 (Thu 4-09), recorded day 31', '2026-04-10T09:00:00+08:00', '2026-04-09', 'JudicialConfirmationApplied'],
    ['filed day 30, recorded a week later', '2026-04-16T09:00:00+08:00', '2026-04-09', 'JudicialConfirmationApplied'],
    ['filed day 31 (Fri 4-10), recorded that day', '2026-04-10T09:00:00+08:00', '2026-04-10', 'deadline-passed'],
    ['filed day 31, recorded day 32', '2026-04-11T09:00:00+08:00', '2026-04-10', 'deadline-passed'],
    ['not said, recorded day 31: judged on the day recorded, as before', '2026-04-10T09:00:00+08:00', undefined, 'deadline-passed'],
  ])('%s → %s', (_what, when, filedOn, expected) => {
    expect(outcome(natural, at.consented, recorded(when, filedOn))).toBe(expected)
  })
  it('a resident may say when it filed too: filed day 30, recorded day 31 → applied, its own party', () => {
    expect(applied(recorded('2026-04-10T09:00:00+08:00', '2026-04-09', actors.wang))).toMatchObject({ applicant: '王芳', filedOn: '2026-04-09' })
  })
  it("the court's 3 days from the filing: filed Thu 4-09 → Sun 4-12 → Mon 4-13, not from the recording (Fri 4-10 → Mon 4-13 … 4-16 → Sun 4-19 → Mon 4-20)", () => {
    const data = applied(recorded('2026-04-16T09:00:00+08:00', '2026-04-09'))
    expect([data.filedOn, data.confirmationDeadline, data.courtDecisionDeadline, data.calendar?.from, data.calendar?.days]).toEqual([
      '2026-04-09', '2026-04-09T23:59:59+08:00', '2026-04-13T23:59:59+08:00', '2026-04-09T12:00:00+08:00', 3,
    ])
  })
  it("across 清明 2026 (4-04..4-06 off): filed Wed 4-01 → Sat 4-04 → Tue 4-07, even recorded on Wed 4-08 (the court's day already past)", () => {
    expect(applied(recorded('2026-04-08T10:00:00+08:00', '2026-04-01')).courtDecisionDeadline).toBe('2026-04-07T23:59:59+08:00')
  })
  it('filed the day it is recorded: the same deadlines as before (Sun 3-15 → Wed 3-18)', () => {
    expect(applied(recorded('2026-03-15T10:00:00+08:00', '2026-03-15')).courtDecisionDeadline).toBe('2026-03-18T23:59:59+08:00')
  })
  it.each([
    ['after the day it is recorded', '2026-03-16'],
    ['before the agreement took effect (Tue 3-10)', '2026-03-09'],
  ])('filedOn %s → 400 at filedOn, nothing written', (_what, filedOn) => {
    expect(refusal(natural, at.consented, recorded('2026-03-15T10:00:00+08:00', filedOn))).toMatchObject({ code: 'validation', errors: [{ path: 'filedOn' }] })
  })
  it('filed on the day the agreement took effect (3-10) is taken', () => {
    expect(applied(recorded('2026-03-15T10:00:00+08:00', '2026-03-10')).courtDecisionDeadline).toBe('2026-03-13T23:59:59+08:00')
  })
  it('a filedOn that is not a date is refused by the command\'s decoding (400 at filedOn)', () => {
    const decoded = ApplyForConfirmationData.decode({ court: '赛罕区人民法院', filedOn: '2026-02-30' })
    expect(E.isLeft(decoded)).toBe(true)
  })
})

// The other party's consent, recorded after the joint filing: judged on the day the party signed it (`signedOn`), as the
// application on the day it was filed — else a joint application filed on day 30 and recorded on day 31 could never be
// completed (the consent recorded on day 31 would be late, and the application refused for want of it). Agreement
// effective Tue 3-10 (oral): day 30 = Thu 4-09.
describe("the other party's consent recorded after it was signed: judged on signedOn", () => {
  const SIGNED = 'c'.repeat(64)
  const consentFor = (when: string, signedOn?: string) =>
    command('ConsentToConfirmation', actors.peopleMediator, when, { party: '李强', documentHash: SIGNED, ...(signedOn === undefined ? {} : { signedOn }) })
  it.each([
    ['signed day 30 (Thu 4-09), recorded day 31', '2026-04-10T09:00:00+08:00', '2026-04-09', 'JudicialConfirmationConsented'],
    ['signed day 31 (Fri 4-10), recorded that day', '2026-04-10T09:00:00+08:00', '2026-04-10', 'deadline-passed'],
    ['not said, recorded day 31', '2026-04-10T09:00:00+08:00', undefined, 'deadline-passed'],
  ])('%s → %s', (_what, when, signedOn, expected) => {
    expect(outcome(natural, at.agreed, consentFor(when, signedOn))).toBe(expected)
  })
  it.each([
    ['after the day it is recorded', '2026-04-11'],
    ['before the agreement took effect (Tue 3-10)', '2026-03-09'],
  ])('signedOn %s → 400 at signedOn', (_what, signedOn) => {
    expect(refusal(natural, at.agreed, consentFor('2026-04-10T09:00:00+08:00', signedOn))).toMatchObject({ code: 'validation', errors: [{ path: 'signedOn' }] })
  })
  it('the joint filing of day 30, both recorded on day 31: consent signedOn 4-09, then the application filedOn 4-09 → applied, the court by Mon 4-13', () => {
    const r = natural.decide(consentFor('2026-04-10T09:00:00+08:00', '2026-04-09'), fold(natural, at.agreed))
    if (E.isLeft(r)) throw new Error(r.left.message)
    expect(r.right[0]?.data).toMatchObject({ party: '李强', signedOn: '2026-04-09' })
    const apply = command('ApplyForConfirmation', actors.peopleMediator, '2026-04-10T09:30:00+08:00', { court: '赛罕区人民法院', party: '王芳', applicationHash: 'a'.repeat(64), filedOn: '2026-04-09' })
    const a = natural.decide(apply, fold(natural, [...at.agreed, ...r.right]))
    expect(E.isRight(a) && a.right[0]?.type === 'JudicialConfirmationApplied' && a.right[0].data.courtDecisionDeadline).toBe('2026-04-13T23:59:59+08:00')
  })
})

// What the case shows of the dates the parties acted on (found in review: only the history had them): the day the court
// received the application (`confirmation.filedOn`) and the day each party signed its consent (`consentsSignedOn`,
// beside `consents`, for the consents recorded with one). A new agreement or a refusal ends the consents, and their days.
describe('the case shows filedOn and the consents\' signedOn', () => {
  const consentOn = (signedOn?: string) =>
    command('ConsentToConfirmation', actors.peopleMediator, '2026-04-10T09:00:00+08:00', { party: '李强', documentHash: 'c'.repeat(64), ...(signedOn === undefined ? {} : { signedOn }) })
  const applyOn = (filedOn?: string) =>
    command('ApplyForConfirmation', actors.peopleMediator, '2026-04-10T09:30:00+08:00', { court: '赛罕区人民法院', party: '王芳', applicationHash: 'a'.repeat(64), ...(filedOn === undefined ? {} : { filedOn }) })
  const run = (past: readonly DisputeEvent[], ...cs: CommandOf[keyof CommandOf][]): DisputeEvent[] =>
    cs.reduce<DisputeEvent[]>((h, c) => {
      const r = natural.decide(c, fold(natural, h))
      if (E.isLeft(r)) throw new Error(r.left.message)
      return [...h, ...r.right]
    }, [...past])
  it('consent signedOn 4-09, application filedOn 4-09, both recorded 4-10: the case shows both', () => {
    const state = fold(natural, run(at.agreed, consentOn('2026-04-09'), applyOn('2026-04-09')))
    expect(state.consentsSignedOn).toEqual([{ party: '李强', signedOn: '2026-04-09' }])
    expect(state.confirmation).toMatchObject({ applicant: '王芳', filedOn: '2026-04-09' })
  })
  it('neither said (recorded the day they were made): neither key, as before', () => {
    const h = run(at.agreed, command('ConsentToConfirmation', actors.li, '2026-03-20T09:00:00+08:00', {}), command('ApplyForConfirmation', actors.wang, '2026-03-20T10:00:00+08:00', { court: '赛罕区人民法院' }))
    const state = fold(natural, h)
    expect(state).not.toHaveProperty('consentsSignedOn')
    expect(state.confirmation).not.toHaveProperty('filedOn')
  })
  it('a refusal ends the consents and their days', () => {
    const h = run(at.agreed, consentOn('2026-04-09'), applyOn('2026-04-09'), command('RecordCourtAcceptance', actors.courtClerk, '2026-04-10T15:00:00+08:00', { decision: 'refused', caseNumber: CASE_NUMBER, reason: '不属于本院管辖' }))
    const state = fold(natural, h)
    expect(state.consents).toEqual([])
    expect(state).not.toHaveProperty('consentsSignedOn')
  })
})

// Agreement effective Tue 3-10 (oral): day 30 = Thu 4-09; the court refused on 3-17.
describe('after the court refused the application (不予受理), the parties may apply again within the 30 days', () => {
  const refused = [...at.applied, { type: 'JudicialConfirmationRefused', data: { court: '赛罕区人民法院', caseNumber: CASE_NUMBER, reason: '不属于本院管辖' } } as DisputeEvent]
  const reconsented = (when: string) => {
    const r = natural.decide(consent(when), fold(natural, refused))
    if (E.isLeft(r)) throw new Error(r.left.message)
    return [...refused, ...r.right]
  }
  const elsewhere = (when: string) => command('ApplyForConfirmation', actors.wang, when, { court: '呼和浩特市中级人民法院' })
  it.each([
    ['day 30, last second', '2026-04-09T23:59:59+08:00', 'JudicialConfirmationApplied'],
    ['day 31, first second', '2026-04-10T00:00:00+08:00', 'deadline-passed'],
  ])('a new joint application on %s → %s', (_what, when, expected) => {
    expect(outcome(natural, reconsented('2026-03-20T10:00:00+08:00'), elsewhere(when))).toBe(expected)
  })
  it('the other party consents again first: without it the new application is refused (the parties apply together)', () => {
    expect(outcome(natural, refused, elsewhere('2026-03-20T10:00:00+08:00'))).toBe('invalid-transition')
    expect(fold(natural, refused).consents).toEqual([])
  })
  it("the new application carries the new court and the court's own 3 days: applied Fri 3-20 → Mon 3-23 (3-23, day 3, a Monday)", () => {
    const r = natural.decide(elsewhere('2026-03-20T10:00:00+08:00'), fold(natural, reconsented('2026-03-20T09:00:00+08:00')))
    const [e] = E.isRight(r) ? r.right : []
    expect(e?.type === 'JudicialConfirmationApplied' && [e.data.court, e.data.courtDecisionDeadline]).toEqual(['呼和浩特市中级人民法院', '2026-03-23T23:59:59+08:00'])
  })
})

// The new application after a refusal is a new filing (民事诉讼法 art. 205: the parties apply again, to the competent
// court): one said to be filed (`filedOn`) before the day the court refused is the filing the court refused, not a new
// one — 400 at filedOn, as a filedOn before the agreement took effect. The refusal's day itself is taken (refused in the
// morning, filed with the competent court that afternoon). Likewise the other party's new consent (`signedOn`): one signed
// before the refusal was given to the refused application, and does not carry over (state.ts). Agreement effective Tue
// 3-10 (oral), day 30 = Thu 4-09; applied Sun 3-15, the court refuses Tue 3-17 10:00; recorded Fri 3-20.
describe('after a refusal, the new application and consent are dated not before the refusal', () => {
  const SIGNED = 'a'.repeat(64)
  const refusedOn17 = (() => {
    const r = natural.decide(command('RecordCourtAcceptance', actors.courtClerk, '2026-03-17T10:00:00+08:00', { decision: 'refused', caseNumber: CASE_NUMBER, reason: '不属于本院管辖' }), fold(natural, at.applied))
    if (E.isLeft(r)) throw new Error(r.left.message)
    return [...at.applied, ...r.right]
  })()
  const consentOn = (signedOn: string) => command('ConsentToConfirmation', actors.peopleMediator, '2026-03-20T09:00:00+08:00', { party: '李强', documentHash: 'c'.repeat(64), signedOn })
  const reconsented = (() => {
    const r = natural.decide(consentOn('2026-03-17'), fold(natural, refusedOn17))
    if (E.isLeft(r)) throw new Error(r.left.message)
    return [...refusedOn17, ...r.right]
  })()
  const filed = (filedOn: string) =>
    command('ApplyForConfirmation', actors.peopleMediator, '2026-03-20T10:00:00+08:00', { court: '呼和浩特市中级人民法院', party: '王芳', applicationHash: SIGNED, filedOn })
  it('the refusal carries its day (refusedOn, China date), and the case keeps it', () => {
    expect(refusedOn17[refusedOn17.length - 1]?.data).toMatchObject({ refusedOn: '2026-03-17' })
    expect(fold(natural, refusedOn17).confirmation).toMatchObject({ acceptance: 'refused', refusedOn: '2026-03-17' })
  })
  it.each([
    ['the refusal\'s day (Tue 3-17)', '2026-03-17', 'JudicialConfirmationApplied'],
    ['the day after (Wed 3-18)', '2026-03-18', 'JudicialConfirmationApplied'],
    ['the day before (Mon 3-16)', '2026-03-16', 'validation'],
    ['the first application\'s day (Sun 3-15)', '2026-03-15', 'validation'],
  ])('filedOn %s → %s', (_what, filedOn, expected) => {
    expect(outcome(natural, reconsented, filed(filedOn))).toBe(expected)
  })
  it('the refusal names filedOn and the refusal\'s day', () => {
    const error = refusal(natural, reconsented, filed('2026-03-16'))
    expect(error).toMatchObject({ code: 'validation', errors: [{ path: 'filedOn', message: expect.stringContaining('2026-03-17') }] })
  })
  it.each([
    ['the refusal\'s day', '2026-03-17', 'JudicialConfirmationConsented'],
    ['the day before', '2026-03-16', 'validation'],
  ])('the new consent signedOn %s → %s', (_what, signedOn, expected) => {
    expect(outcome(natural, refusedOn17, consentOn(signedOn))).toBe(expected)
  })
  it('a refusal recorded before it carried its day (no refusedOn): the filing is judged as before (not before the agreement took effect)', () => {
    const legacy = [...at.applied, { type: 'JudicialConfirmationRefused', data: { court: '赛罕区人民法院', caseNumber: CASE_NUMBER, reason: '不属于本院管辖' } } as DisputeEvent, ...reconsented.slice(refusedOn17.length)]
    expect(outcome(natural, legacy, filed('2026-03-16'))).toBe('JudicialConfirmationApplied')
  })
})

// 人民调解法 art. 33 and 民事诉讼法 art. 205 (2023 numbering) bound the application by the 30 days alone: a fulfilment
// recorded before it (the parties went on, then one stopped paying) does not close the window — that is when the parties
// most need the confirmation that makes the agreement enforceable (art. 206). Agreement effective Tue 3-10 (oral):
// day 30 = Thu 4-09.
describe('a fulfilment recorded before any application does not close the 30-day window', () => {
  const partly = [...at.consented, { type: 'FulfilmentRecorded', data: { fulfilment: 'partial', note: '已付1000元' } } as DisputeEvent]
  it.each([
    ['day 30, last second', '2026-04-09T23:59:59+08:00', 'JudicialConfirmationApplied'],
    ['day 31, first second', '2026-04-10T00:00:00+08:00', 'deadline-passed'],
  ])('an application after a partial fulfilment, on %s → %s', (_what, when, expected) => {
    expect(outcome(natural, partly, apply(when))).toBe(expected)
  })
  it('the other party may still consent then', () => {
    const noConsent = [...at.agreed, { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
    expect(outcome(natural, noConsent, consent('2026-03-20T10:00:00+08:00'))).toBe('JudicialConfirmationConsented')
  })
  it('but an agreement the court already confirmed is not applied for again', () => {
    const confirmedThenPaid = [...at.confirmed, { type: 'FulfilmentRecorded', data: { fulfilment: 'partial' } } as DisputeEvent]
    expect(outcome(natural, confirmedThenPaid, apply('2026-03-25T10:00:00+08:00'))).toBe('invalid-transition')
  })
})

describe("the court's 3 days to accept and 15 days (+10) to decide, at their edges", () => {
  const clerk = actors.courtClerk
  const applied = (when: string) => {
    const r = natural.decide(apply(when), fold(natural, at.consented))
    if (E.isLeft(r)) throw new Error(r.left.message)
    return [...at.consented, ...r.right]
  }
  const accept = (when: string) => command('RecordCourtAcceptance', clerk, when, { decision: 'accepted', caseNumber: CASE_NUMBER })
  const dataOf = (past: readonly DisputeEvent[], c: CommandOf[keyof CommandOf]) => {
    const r = natural.decide(c, fold(natural, past))
    if (E.isLeft(r)) throw new Error(r.left.message)
    return r.right[0]?.data
  }

  it('3 days: applied Mon 3-16 → by Thu 3-19; recorded on 3-19 is on time, on 3-20 late (still recorded)', () => {
    // 3-16 + 3 = Thu 3-19, a working day.
    const past = applied('2026-03-16T10:00:00+08:00')
    expect(fold(natural, past).confirmation?.courtDecisionDeadline).toBe('2026-03-19T23:59:59+08:00')
    expect(dataOf(past, accept('2026-03-19T23:59:59+08:00'))).toMatchObject({ onTime: true })
    // The last day runs to 24:00 (民法典 art. 203): its last second is on time to the millisecond.
    expect(dataOf(past, accept('2026-03-19T23:59:59.999+08:00'))).toMatchObject({ onTime: true })
    expect(dataOf(past, accept('2026-03-20T00:00:00+08:00'))).toMatchObject({ onTime: false })
  })

  it('3 days ending on a Saturday move to Monday: applied Wed 3-25 → Sat 3-28 → Mon 3-30', () => {
    expect(fold(natural, applied('2026-03-25T10:00:00+08:00')).confirmation?.courtDecisionDeadline).toBe('2026-03-30T23:59:59+08:00')
  })

  it('3 days across 清明 2026 (4-04..4-06 off): applied Wed 4-01 → Sat 4-04 → Tue 4-07', () => {
    expect(fold(natural, applied('2026-04-01T10:00:00+08:00')).confirmation?.courtDecisionDeadline).toBe('2026-04-07T23:59:59+08:00')
  })

  it('15 days: accepted Tue 3-17 → decide by Wed 4-01; a ruling on 4-01 is on time, on 4-02 late', () => {
    // 3-17 + 15 = Wed 4-01, a working day.
    const past = applied('2026-03-16T10:00:00+08:00')
    const accepted = [...past, { type: 'JudicialConfirmationAccepted', data: dataOf(past, accept('2026-03-17T10:00:00+08:00')) } as DisputeEvent]
    expect(fold(natural, accepted).confirmation?.decideBy).toBe('2026-04-01T23:59:59+08:00')
    const rule = (when: string) => command('RecordConfirmation', clerk, when, { outcome: 'confirmed', caseNumber: CASE_NUMBER })
    expect(dataOf(accepted, rule('2026-04-01T23:59:59+08:00'))).toMatchObject({ onTime: true })
    expect(dataOf(accepted, rule('2026-04-01T23:59:59.500+08:00'))).toMatchObject({ onTime: true })
    expect(dataOf(accepted, rule('2026-04-02T00:00:00+08:00'))).toMatchObject({ onTime: false })
  })

  it('15 days ending on 劳动节 move past it: accepted Thu 4-16 → Fri 5-01 (off 5-01..5-05) → Wed 5-06; +10 → Sat 5-16 → Mon 5-18', () => {
    const past = applied('2026-04-08T10:00:00+08:00') // accepted late, on 4-16: the 15 days run from acceptance
    const accepted = [...past, { type: 'JudicialConfirmationAccepted', data: dataOf(past, accept('2026-04-16T10:00:00+08:00')) } as DisputeEvent]
    expect(fold(natural, accepted).confirmation?.decideBy).toBe('2026-05-06T23:59:59+08:00')
    // The extension counts from the deadline it extends: 5-06 + 10 = Sat 5-16 → Mon 5-18.
    expect(dataOf(accepted, command('ExtendCourtReview', clerk, '2026-05-06T23:59:59+08:00', { reason: '案情复杂' }))).toMatchObject({ decideBy: '2026-05-18T23:59:59+08:00' })
    expect(dataOf(accepted, command('ExtendCourtReview', clerk, '2026-05-06T23:59:59.500+08:00', { reason: '案情复杂' }))).toMatchObject({ decideBy: '2026-05-18T23:59:59+08:00' })
    expect(outcome(natural, accepted, command('ExtendCourtReview', clerk, '2026-05-07T00:00:00+08:00', { reason: '案情复杂' }))).toBe('deadline-passed')
  })
})

// 法释〔2011〕5号 art. 4 ¶2 (不予受理: 确认身份关系、收养关系、婚姻关系), as the 民事诉讼法解释 (2022) art. 355 now has it: no
// confirmation of an agreement that settles whether a marriage, a parentage (亲子关系), an adoption or another personal
// status is valid, void or dissolved; that concerns another special procedure, 公示催告 or bankruptcy; or that confirms
// title to property (物权) or to intellectual property (知识产权确权).
describe('matters no court will confirm (民事诉讼法解释 art. 355; 法释〔2011〕5号 art. 4)', () => {
  it.each(['parentage', 'property-title', 'ip-title', 'special-procedure'] as const)('the agreement codec takes concerns: %s (a ground of art. 355)', (concerns) => {
    const decoded = RecordAgreementData.decode({ form: 'oral', terms: ['房屋归李强所有'], reachedOn: '2026-03-10', concerns })
    expect(E.isRight(decoded) && decoded.right.concerns).toBe(concerns)
  })
  it.each(['marriage', 'adoption', 'personal-status', 'parentage', 'property-title', 'ip-title', 'special-procedure'] as const)('an agreement on %s has no confirmation window and cannot be applied for', (concerns) => {
    const r = natural.decide(
      command('RecordAgreement', actors.peopleMediator, '2026-03-10T18:00:00+08:00', { form: 'oral', terms: ['协议内容：确认权属或身份关系'], reachedOn: '2026-03-10', concerns }),
      fold(natural, at.session),
    )
    if (E.isLeft(r)) throw new Error(r.left.message)
    const past = [...at.session, ...r.right, history.consented('李强')]
    expect(fold(natural, past).agreement?.confirmationDeadline).toBeUndefined()
    const refused = refusal(natural, past, apply('2026-03-12T10:00:00+08:00'))
    expect(refused?.code).toBe('invalid-transition')
    expect(refused?.message).toContain(concerns)
    expect(outcome(natural, past, consent('2026-03-12T10:00:00+08:00'))).toBe('invalid-transition')
  })
})
