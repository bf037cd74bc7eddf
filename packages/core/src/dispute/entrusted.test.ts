import { describe, expect, it } from 'vitest'
import type { Actor } from '../kernel/actor.js'
import { canRead } from '../access/permissions.js'
import { fold } from '../kernel/decider.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { DomainError } from '../kernel/errors.js'
import type { DisputeEvent } from './events.js'
import { actors, command, type CommandOf, DISPUTE_ID, GRID, history, parties } from './fixtures.js'
import { disputeDecider, disputeScope as scopeOf } from './index.js'
import { AcceptDisputeData, ReportDisputeData } from './commands.js'
import { decode } from '../kernel/codec.js'
import * as E from 'fp-ts/lib/Either.js'

// 诉前委派 (court-entrusted mediation before filing), DOMAIN.md "Dispute": a source `court-entrusted`; the court acts
// through its clerk (scoped to the court's district) with its case number (案号). The mediation deadline is
// 法释〔2016〕14号 (最高人民法院关于人民法院特邀调解的规定), the article on the periods (cited as art. 27; its number and
// wording not verified: policy.ts ENTRUSTED_IN_FILED_CASE_DAYS): 30 days, longer when both parties agree, counted from
// the mediation side's receipt of the court's materials: the centre's acceptance of a clerk's entrustment, or the
// centre's own record of one it received. Counted as a statutory period (民法典 art. 201/203, 民事诉讼法 art. 85:
// the day itself not counted; a last day on a holiday moves to the next working day).
const decider = disputeDecider()
const { given } = deciderSpec(decider)
const anyEvents = (): void => undefined
const fieldsOf = (e: DomainError) => (e.code === 'validation' ? e.errors.map((f) => f.path) : [])
const COURT = '赛罕区人民法院'
const CASE = '(2026)蒙0105民诉前调88号'
const SHIPPED = { id: 'chinese-workdays', version: 'chinese-days@1.5.7' }

const entrust = (when: string, over: Partial<CommandOf['ReportDispute']['data']> = {}, who: Actor = actors.courtClerk) =>
  command('ReportDispute', who, when, { id: DISPUTE_ID, source: 'court-entrusted', category: 'property', jurisdiction: GRID, parties, summary: '物业费纠纷，法院诉前委派', court: COURT, courtCaseNumber: CASE, ...over })
const accept = (when: string) => command('AcceptDispute', actors.streetOfficer, when, {})
const eventsOf = (when: string, over: Partial<CommandOf['ReportDispute']['data']> = {}) => {
  const [e] = given([]).when(entrust(when, over)).then(anyEvents) as unknown as DisputeEvent[]
  if (e === undefined) throw new Error('no event')
  return e
}

describe('a court entrusts a dispute to mediation (诉前委派)', () => {
  it('given no case, when the court clerk entrusts one with its case number, then DisputeReported with the court and 案号, no mediation deadline yet (not received), and a receipt deadline', () => {
    // The receipt clock (DisputePolicy.entrustmentReceipt, default 3 working days — practice, not statute): entrusted
    // Mon 03-02, working days 03-03, 03-04, 03-05 → Thu 03-05 24:00 China time. Stamped with how it was counted, so a
    // rebase can count it again (rebase.test.ts).
    given([]).when(entrust('2026-03-02T10:00:00+08:00')).then([
      {
        type: 'DisputeReported',
        data: {
          id: DISPUTE_ID, source: 'court-entrusted', category: 'property', jurisdiction: GRID, parties, summary: '物业费纠纷，法院诉前委派',
          court: COURT, courtCaseNumber: CASE, reportedOn: '2026-03-02', receiptDeadline: '2026-03-05T23:59:59+08:00',
          calendar: { ...SHIPPED, from: '2026-03-02T10:00:00+08:00', days: 3, unit: 'working-days' },
        },
      },
    ])
  })

  it.each([
    // 3 working days, the day of entrustment not counted. 清明 2026: Sat 04-04 to Mon 04-06 off.
    // Tue 03-31: 04-01, 04-02, 04-03 → Fri 04-03, the day before the holiday.
    ['the day before 清明', '2026-03-31T10:00:00+08:00', '2026-04-03T23:59:59+08:00'],
    // Wed 04-01: 04-02, 04-03, then (04-04..06 off) Tue 04-07, the day after it.
    ['across 清明, ending the day after it', '2026-04-01T10:00:00+08:00', '2026-04-07T23:59:59+08:00'],
    // Thu 04-02: 04-03, 04-07, 04-08 → Wed 04-08.
    ['across 清明, ending two days after it', '2026-04-02T10:00:00+08:00', '2026-04-08T23:59:59+08:00'],
    // Sat 04-04, on the holiday: 04-07, 04-08, 04-09 → Thu 04-09.
    ['on 清明', '2026-04-04T10:00:00+08:00', '2026-04-09T23:59:59+08:00'],
    // Thu 04-30 (China time; 04-29 23:00 UTC is 04-30 07:00): 劳动节 05-01..05-05 off: 05-06, 05-07, 05-08 → Fri 05-08.
    ['across 劳动节', '2026-04-29T23:00:00Z', '2026-05-08T23:59:59+08:00'],
    // The last second of Wed 04-29 China time: 04-30, then 05-06, 05-07 → Thu 05-07.
    ['the last second of the day before', '2026-04-29T15:59:59Z', '2026-05-07T23:59:59+08:00'],
  ])('the receipt deadline of a clerk’s entrustment made %s', (_what, when, deadline) => {
    const e = eventsOf(when)
    expect(e.type === 'DisputeReported' && e.data.receiptDeadline).toBe(deadline)
  })

  it('the receipt clock is the policy’s: 5 statutory days, a last day on 清明 moving to the next working day', () => {
    // Entrusted Mon 03-30: day 5 is Sat 04-04, in 清明 → Tue 04-07.
    const tuned = deciderSpec(disputeDecider({ entrustmentReceipt: { days: 5, unit: 'statutory-days' } }))
    const [e] = tuned.given([]).when(entrust('2026-03-30T10:00:00+08:00')).then(anyEvents) as unknown as DisputeEvent[]
    expect(e?.type === 'DisputeReported' && e.data.receiptDeadline).toBe('2026-04-07T23:59:59+08:00')
  })

  it('when the centre accepts a clerk’s entrustment, the 30 days run from that acceptance (its receipt), not from the entrustment', () => {
    // Entrusted Mon 03-02, accepted Mon 03-09: day 1 is 03-10; day 30 is Wed 04-08, a working day. From the entrustment
    // it would have been 04-01.
    given([eventsOf('2026-03-02T10:00:00+08:00')]).when(accept('2026-03-09T10:00:00+08:00')).then([
      {
        type: 'DisputeAccepted',
        data: { mediationDeadline: '2026-04-08T23:59:59+08:00', calendar: { ...SHIPPED, from: '2026-03-09T10:00:00+08:00', days: 30, unit: 'statutory-days' } },
      },
    ])
  })

  it.each([
    // The day of receipt is not counted. Accepted Mon 03-02 at 23:59:59 China time (entrusted Fri 02-27, so the old
    // rule would give day 30 = Sun 03-29 → Mon 03-30): day 1 is 03-03, day 30 Wed 04-01.
    ['the last second of 03-02 (China time)', '2026-03-02T15:59:59Z', '2026-04-01T23:59:59+08:00'],
    // One second later it is 03-03 in China: day 30 is Thu 04-02, a working day.
    ['the first second of 03-03 (China time)', '2026-03-02T16:00:00Z', '2026-04-02T23:59:59+08:00'],
    // Accepted Wed 03-04: day 30 is Fri 04-03, the working day before 清明 (04-04 to 04-06 off): it ends then.
    ['a last day the day before the holiday', '2026-03-04T10:00:00+08:00', '2026-04-03T23:59:59+08:00'],
    // Accepted Thu 03-05: day 30 is Sat 04-04, the first day of 清明: the period ends on the first working day, Tue 04-07.
    ['a last day on the first day of 清明', '2026-03-05T10:00:00+08:00', '2026-04-07T23:59:59+08:00'],
    // Accepted Sat 03-07: day 30 is Mon 04-06, the last day of 清明: also Tue 04-07.
    ['a last day on the last day of 清明', '2026-03-07T10:00:00+08:00', '2026-04-07T23:59:59+08:00'],
    // Accepted Sun 03-08: day 30 is Tue 04-07, the day after the holiday, a working day: it ends then.
    ['a last day the day after the holiday', '2026-03-08T10:00:00+08:00', '2026-04-07T23:59:59+08:00'],
    // Accepted Mon 03-09: day 30 is Wed 04-08.
    ['a last day two days after the holiday', '2026-03-09T10:00:00+08:00', '2026-04-08T23:59:59+08:00'],
  ])('the deadline of a clerk’s entrustment accepted on %s', (_what, when, deadline) => {
    const [e] = given([eventsOf('2026-02-27T10:00:00+08:00')]).when(accept(when)).then(anyEvents) as unknown as DisputeEvent[]
    expect(e?.type === 'DisputeAccepted' && e.data.mediationDeadline).toBe(deadline)
  })

  it.each([
    ['a street officer', actors.streetOfficer],
    ['a judicial mediator', actors.judicialMediator],
    // The court entrusts mostly to 特邀调解组织 — people's mediation committees among them (法释〔2016〕14号, the roster of
    // 特邀调解组织; 人民调解法 art. 18) — whose mediators register what it sent them: not the judicial track's alone.
    ["a people's mediator", actors.peopleMediator],
    ['an administrative mediator', actors.adminMediator],
  ])('when %s records a court’s entrustment the centre received, the 30 days run from that record, and acceptance keeps them', (_who, who) => {
    // Recorded Thu 03-05 (received then): day 30 is Sat 04-04, in 清明 → Tue 04-07. Accepted Mon 03-09, still 04-07.
    const [reported] = given([]).when(entrust('2026-03-05T10:00:00+08:00', { courtCaseNumber: undefined }, who)).then(anyEvents) as unknown as DisputeEvent[]
    expect(reported?.type === 'DisputeReported' && reported.data.mediationDeadline).toBe('2026-04-07T23:59:59+08:00')
    // Received already: no receipt clock.
    expect(reported?.data).not.toHaveProperty('receiptDeadline')
    if (reported === undefined) throw new Error('no event')
    const [accepted] = given([reported]).when(accept('2026-03-09T10:00:00+08:00')).then(anyEvents) as unknown as DisputeEvent[]
    expect(accepted?.type === 'DisputeAccepted' && accepted.data.mediationDeadline).toBe('2026-04-07T23:59:59+08:00')
  })

  it.each([
    // Entrusted 03-02, accepted Thu 03-05 → 04-07 (day 30 on 清明). Mediation concluded …
    ['the day before the last day (04-06, inside 清明)', '2026-04-06T10:00:00+08:00', true],
    ['on the last day (04-07)', '2026-04-07T23:00:00+08:00', true],
    ['the day after (04-08)', '2026-04-08T09:00:00+08:00', false],
  ])('a clerk’s entrustment accepted 03-05 and agreed %s is reported to the court on time: %s', (_w, when, onTime) => {
    const reported = eventsOf('2026-03-02T10:00:00+08:00')
    const accepted = given([reported]).when(accept('2026-03-05T10:00:00+08:00')).then(anyEvents) as unknown as DisputeEvent[]
    const agree = command('RecordAgreement', actors.peopleMediator, when, { form: 'oral', terms: ['业主补缴物业费1200元'], reachedOn: when.slice(0, 10) })
    const events = given([reported, ...accepted, history.assigned(), history.session(1)]).when(agree).then(anyEvents) as unknown as DisputeEvent[]
    expect(events[1]).toMatchObject({ type: 'ReportedToCourt', data: { outcome: 'agreement', mediationDeadline: '2026-04-07T23:59:59+08:00', onTime } })
  })

  it.each([
    // Entrusted Mon 03-02 10:00 → receipt deadline Thu 03-05 (03-03, 03-04, 03-05). Declined before the centre signed
    // for it (no mediation deadline yet): the report carries the receipt deadline and is on time if declined by it.
    ['before the receipt deadline (Wed 03-04)', '2026-03-04T10:00:00+08:00', true],
    ['on it (Thu 03-05, 23:00)', '2026-03-05T23:00:00+08:00', true],
    ['after it (Fri 03-06, 09:00)', '2026-03-06T09:00:00+08:00', false],
  ])('a clerk’s entrustment declined %s, not yet received, is reported with its receipt deadline, on time: %s', (_w, when, onTime) => {
    const decline = command('DeclineDispute', actors.streetOfficer, when, { reason: '不属于调解范围' })
    const events = given([eventsOf('2026-03-02T10:00:00+08:00')]).when(decline).then(anyEvents) as unknown as DisputeEvent[]
    expect(events[1]).toEqual({
      type: 'ReportedToCourt',
      data: { court: COURT, courtCaseNumber: CASE, outcome: 'declined', reason: '不属于调解范围', receiptDeadline: '2026-03-05T23:59:59+08:00', onTime },
    })
  })

  it.each([
    // Entrusted Mon 03-02, accepted Mon 03-09; the 30 days run from `receivedOn` (签字接收, art. 27), that day not counted.
    // Received Mon 03-02, the entrustment's own day (the earliest allowed): day 30 is Wed 04-01.
    ['on the day of the entrustment', '2026-03-02', '2026-04-01T23:59:59+08:00'],
    // Received Wed 03-04: day 30 is Fri 04-03, the working day before 清明.
    ['the day before: day 30 before 清明', '2026-03-04', '2026-04-03T23:59:59+08:00'],
    // Received Thu 03-05: day 30 is Sat 04-04, 清明 (04-04..06) → Tue 04-07.
    ['the day: day 30 on 清明', '2026-03-05', '2026-04-07T23:59:59+08:00'],
    // Received Sun 03-08: day 30 is Tue 04-07, the day after 清明.
    ['the day after: day 30 after 清明', '2026-03-08', '2026-04-07T23:59:59+08:00'],
    // Received on the day of acceptance (the latest allowed): as without it, Wed 04-08.
    ['on the day of acceptance', '2026-03-09', '2026-04-08T23:59:59+08:00'],
  ])('a clerk’s entrustment signed for %s: the 30 days count from receivedOn', (_what, receivedOn, deadline) => {
    const reported = eventsOf('2026-03-02T10:00:00+08:00')
    const [e] = given([reported]).when(command('AcceptDispute', actors.streetOfficer, '2026-03-09T10:00:00+08:00', { receivedOn })).then(anyEvents) as unknown as DisputeEvent[]
    expect(e).toMatchObject({ type: 'DisputeAccepted', data: { mediationDeadline: deadline, receivedOn } })
  })

  it('receivedOn across 劳动节: received Thu 04-02, day 30 is Sat 05-02 (05-01..05-05 off) → Wed 05-06', () => {
    const reported = eventsOf('2026-04-01T10:00:00+08:00')
    const [e] = given([reported]).when(command('AcceptDispute', actors.streetOfficer, '2026-04-07T10:00:00+08:00', { receivedOn: '2026-04-02' })).then(anyEvents) as unknown as DisputeEvent[]
    expect(e?.type === 'DisputeAccepted' && e.data.mediationDeadline).toBe('2026-05-06T23:59:59+08:00')
  })

  it.each(['2026-3-5', '2026-02-30', '2026-03-05T00:00:00+08:00', ''])('the command’s codec refuses a receivedOn that is not a date (%s), naming it', (receivedOn) => {
    // Decoded as the pipeline decodes a command's data (a well-formed date passes), so the format is what is refused,
    // not a comparison with the entrustment's or the acceptance's date.
    expect(E.isRight(decode(AcceptDisputeData, { receivedOn: '2026-03-05' }))).toBe(true)
    const refused = decode(AcceptDisputeData, { receivedOn })
    expect(E.isLeft(refused) ? fieldsOf(refused.left) : []).toEqual(['receivedOn'])
  })

  it('refuses a receivedOn before the entrustment, after the acceptance (China time), or on a case it is not for — each naming receivedOn', () => {
    const reported = eventsOf('2026-03-02T10:00:00+08:00')
    const acceptWith = (receivedOn: string, at = '2026-03-09T10:00:00+08:00') => command('AcceptDispute', actors.streetOfficer, at, { receivedOn })
    expect(fieldsOf(given([reported]).when(acceptWith('2026-03-01')).then('validation'))).toEqual(['receivedOn'])
    expect(fieldsOf(given([reported]).when(acceptWith('2026-03-10')).then('validation'))).toEqual(['receivedOn'])
    // 03-08 23:59:59 China time is still 03-08: 03-09 is after the acceptance.
    expect(fieldsOf(given([reported]).when(acceptWith('2026-03-09', '2026-03-08T15:59:59Z')).then('validation'))).toEqual(['receivedOn'])
    given([reported]).when(acceptWith('2026-03-08', '2026-03-08T15:59:59Z')).then(anyEvents)
    // A case the centre recorded was received when recorded; a dispute no court entrusted has nothing to receive.
    const [recorded] = given([]).when(entrust('2026-03-02T10:00:00+08:00', { courtCaseNumber: undefined }, actors.streetOfficer)).then(anyEvents) as unknown as DisputeEvent[]
    if (recorded === undefined) throw new Error('no event')
    expect(fieldsOf(given([recorded]).when(acceptWith('2026-03-05')).then('validation'))).toEqual(['receivedOn'])
    const [applied] = given([]).when(entrust('2026-03-02T10:00:00+08:00', { source: 'party-application', court: undefined, courtCaseNumber: undefined }, actors.streetOfficer)).then(anyEvents) as unknown as DisputeEvent[]
    if (applied === undefined) throw new Error('no event')
    expect(fieldsOf(given([applied]).when(acceptWith('2026-03-05')).then('validation'))).toEqual(['receivedOn'])
  })

  it('a clerk’s entrustment written before the receipt rule (its deadline counted from the entrustment) keeps that deadline when accepted', () => {
    // Hand-built legacy event: entrusted Mon 03-02 by the clerk, 30 days from then → Wed 04-01. Accepted Mon 03-09
    // (counted from then it would be 04-08): the deadline the system told people stands, 04-01.
    const legacy = {
      type: 'DisputeReported',
      data: {
        id: DISPUTE_ID, source: 'court-entrusted', category: 'property', jurisdiction: GRID, parties, summary: '物业费纠纷，法院诉前委派',
        court: COURT, courtCaseNumber: CASE, reportedOn: '2026-03-02', mediationDeadline: '2026-04-01T23:59:59+08:00',
        calendar: { ...SHIPPED, from: '2026-03-02T10:00:00+08:00', days: 30, unit: 'statutory-days' },
      },
    } as DisputeEvent
    given([legacy]).when(accept('2026-03-09T10:00:00+08:00')).then([
      { type: 'DisputeAccepted', data: { mediationDeadline: '2026-04-01T23:59:59+08:00', calendar: { ...SHIPPED, from: '2026-03-02T10:00:00+08:00', days: 30, unit: 'statutory-days' } } },
    ])
  })

  it('refuses a clerk without the case number (validation names courtCaseNumber), another source from a clerk (forbidden), and another district’s clerk (forbidden)', () => {
    expect(fieldsOf(given([]).when(entrust('2026-03-02T10:00:00+08:00', { courtCaseNumber: undefined })).then('validation'))).toEqual(['courtCaseNumber'])
    given([]).when(entrust('2026-03-02T10:00:00+08:00', { source: 'party-application', court: undefined, courtCaseNumber: undefined })).then('forbidden')
    given([]).when(entrust('2026-03-02T10:00:00+08:00', {}, actors.otherCourtClerk)).then('forbidden')
  })

  it('refuses a court or case number on a dispute that no court entrusted', () => {
    expect(fieldsOf(given([]).when(entrust('2026-03-02T10:00:00+08:00', { source: 'screening', courtCaseNumber: undefined }, actors.gridWorker)).then('validation'))).toEqual(['court'])
  })

})

describe('the conclusion reported back to the court', () => {
  const reported = () => eventsOf('2026-03-02T10:00:00+08:00')
  const mediating = () => [
    reported(),
    { type: 'DisputeAccepted', data: { mediationDeadline: '2026-04-01T23:59:59+08:00' } } as DisputeEvent,
    history.assigned(),
    history.session(1),
  ]
  const agree = (when: string) => command('RecordAgreement', actors.peopleMediator, when, { form: 'oral', terms: ['业主补缴物业费1200元'], reachedOn: when.slice(0, 10) })

  it.each([
    ['on the last day (04-01)', '2026-04-01T20:00:00+08:00', true],
    ['the day after (04-02)', '2026-04-02T09:00:00+08:00', false],
  ])('given a case in mediation, when an agreement is recorded %s, then MediationAgreed and ReportedToCourt (agreement, its terms, on time: %s)', (_w, when, onTime) => {
    const events = given(mediating()).when(agree(when)).then(anyEvents) as unknown as DisputeEvent[]
    expect(events.map((e) => e.type)).toEqual(['MediationAgreed', 'ReportedToCourt'])
    expect(events[1]).toEqual({
      type: 'ReportedToCourt',
      data: { court: COURT, courtCaseNumber: CASE, outcome: 'agreement', terms: ['业主补缴物业费1200元'], mediationDeadline: '2026-04-01T23:59:59+08:00', onTime },
    })
  })

  it('a failure, a refusal to take it up and a referral to litigation are reported too, with the reason', () => {
    const failed = given(mediating()).when(command('RecordFailure', actors.peopleMediator, '2026-03-20T10:00:00+08:00', { reason: '双方分歧较大' })).then(anyEvents) as unknown as DisputeEvent[]
    expect(failed[1]).toMatchObject({ type: 'ReportedToCourt', data: { outcome: 'failed', reason: '双方分歧较大', onTime: true } })
    const declined = given([reported()]).when(command('DeclineDispute', actors.streetOfficer, '2026-03-03T10:00:00+08:00', { reason: '不属于调解范围' })).then(anyEvents) as unknown as DisputeEvent[]
    expect(declined[1]).toMatchObject({ type: 'ReportedToCourt', data: { outcome: 'declined', reason: '不属于调解范围' } })
    const sued = given(mediating()).when(command('ReferToLitigation', actors.peopleMediator, '2026-03-20T10:00:00+08:00', { reason: '当事人要求起诉' })).then(anyEvents) as unknown as DisputeEvent[]
    expect(sued[1]).toMatchObject({ type: 'ReportedToCourt', data: { outcome: 'litigation', courtCaseNumber: CASE } })
  })

  // Found in review: a suit over the agreement's performance (人民调解法 art. 32) after the 回访 or the close is a new
  // matter, not the entrusted mediation's conclusion — that was the agreement, reported on time already; the court was
  // told "litigation, late" of a mediation that had succeeded. So is one over its content after it was performed in full.
  it.each(['none', 'full'] as const)('a suit after an agreement (performance recorded %s, visited, closed) reports nothing more to the court', (fulfilment) => {
    const step = (events: DisputeEvent[], cmd: Parameters<ReturnType<typeof given>['when']>[0]): DisputeEvent[] => [
      ...events,
      ...(given(events).when(cmd).then(anyEvents) as unknown as DisputeEvent[]),
    ]
    const agreed = step(mediating(), agree('2026-03-20T10:00:00+08:00'))
    expect(agreed.filter((e) => e.type === 'ReportedToCourt')).toHaveLength(1)
    const notPerformed = step(agreed, command('RecordFulfilment', actors.peopleMediator, '2026-04-10T10:00:00+08:00', { fulfilment }))
    const visited = step(notPerformed, command('RecordFollowUp', actors.peopleMediator, '2026-04-12T10:00:00+08:00', { note: '回访：仍未付款', satisfied: false }))
    const closed = step(visited, command('CloseDispute', actors.streetOfficer, '2026-04-13T10:00:00+08:00', {}))
    for (const past of [notPerformed, visited, closed]) {
      const sued = given(past).when(command('ReferToLitigation', actors.peopleMediator, '2026-06-01T10:00:00+08:00', { reason: '物业公司起诉' })).then(anyEvents) as unknown as DisputeEvent[]
      expect(sued.map((e) => e.type)).toEqual(['ReferredToLitigation'])
    }
  })

  it('a dispute no court entrusted reports nothing to a court', () => {
    const events = given([...history.reported, history.accepted, history.assigned(), history.session(1)]).when(agree('2026-03-20T10:00:00+08:00')).then(anyEvents) as unknown as DisputeEvent[]
    expect(events.map((e) => e.type)).toEqual(['MediationAgreed'])
  })
})

describe('who sees a court-entrusted case', () => {
  const entrusted = fold(decider, [eventsOf('2026-03-02T10:00:00+08:00')])
  const screened = fold(decider, history.reported)
  it('the entrusting district’s court clerk reads it; not a case no court has; another district’s clerk reads neither', () => {
    const scope = (s: typeof entrusted) => {
      const sc = scopeOf(s)
      if (sc === undefined) throw new Error('no scope')
      return sc
    }
    expect([canRead(actors.courtClerk, scope(entrusted)), canRead(actors.courtClerk, scope(screened)), canRead(actors.otherCourtClerk, scope(entrusted))]).toEqual([true, false, false])
    // The centre's own people still read it as any case in their area.
    expect(canRead(actors.streetOfficer, scope(entrusted))).toBe(true)
  })

  // Recorded by a people's mediator, the case is on no track until the centre assigns it (as a case of any other source):
  // the assignment puts it on one, and from then on a mediator acts only on its own track and its own case.
  const recorded = entrust('2026-03-05T10:00:00+08:00', { courtCaseNumber: undefined }, actors.peopleMediator)
  const recordedBy = (): DisputeEvent => {
    const [e] = given([]).when(recorded).then(anyEvents) as unknown as DisputeEvent[]
    if (e === undefined) throw new Error('no event')
    return e
  }
  const session = (who: Actor) => command('RecordSession', who, '2026-03-10T10:00:00+08:00', { minutes: '双方陈述' })
  const accepted = { type: 'DisputeAccepted', data: { mediationDeadline: '2026-04-07T23:59:59+08:00' } } as DisputeEvent

  it('a people’s mediator who records a court’s entrustment neither reads it nor acts on it until assigned; no track on it yet', () => {
    const byMediator = recordedBy()
    const state = fold(decider, [byMediator])
    expect(state.track).toBeUndefined()
    const sc = scopeOf(state)
    expect(sc !== undefined && canRead(actors.peopleMediator, sc)).toBe(false)
    given([byMediator, accepted]).when(session(actors.peopleMediator)).then('forbidden')
  })

  it('assigned on the judicial track, the people’s mediator who recorded it may not act on it; the judicial one may', () => {
    const byMediator = recordedBy()
    given([byMediator, accepted, history.assigned('judicial')]).when(session(actors.peopleMediator)).then('forbidden')
    given([byMediator, accepted, history.assigned('judicial')]).when(session(actors.judicialMediator)).then(anyEvents)
  })

  it('assigned to them on the people’s track, they mediate it, and the agreement is reported back to the court', () => {
    const byMediator = recordedBy()
    given([byMediator, accepted, history.assigned('people')]).when(session(actors.judicialMediator)).then('forbidden')
    const agree = command('RecordAgreement', actors.peopleMediator, '2026-03-20T10:00:00+08:00', { form: 'oral', terms: ['业主补缴物业费1200元'], reachedOn: '2026-03-20' })
    const events = given([byMediator, accepted, history.assigned('people'), history.session(1)]).when(agree).then(anyEvents) as unknown as DisputeEvent[]
    expect(events.map((e) => e.type)).toEqual(['MediationAgreed', 'ReportedToCourt'])
    expect(events[0]).toMatchObject({ data: { track: 'people' } })
    expect(events[1]).toMatchObject({ data: { court: COURT, outcome: 'agreement', onTime: true } })
  })
})

describe('司法确认 of an agreement reached in a court-entrusted mediation', () => {
  it('given a people’s-track agreement on an entrusted case, the parties apply together and the court’s clerk accepts it under its 案号', () => {
    const agreedOn = '2026-03-20'
    const past: DisputeEvent[] = [
      eventsOf('2026-03-02T10:00:00+08:00'),
      { type: 'DisputeAccepted', data: { mediationDeadline: '2026-04-01T23:59:59+08:00' } } as DisputeEvent,
      history.assigned(),
      history.session(1),
      history.agreed('people', agreedOn),
      history.consented('李强'),
    ]
    const applied = given(past).when(command('ApplyForConfirmation', actors.wang, '2026-03-21T10:00:00+08:00', { court: COURT })).then(anyEvents) as unknown as DisputeEvent[]
    expect(applied.map((e) => e.type)).toEqual(['JudicialConfirmationApplied'])
    const [accepted] = given([...past, ...applied])
      .when(command('RecordCourtAcceptance', actors.courtClerk, '2026-03-23T10:00:00+08:00', { decision: 'accepted', caseNumber: '(2026)蒙0105民特123号' }))
      .then(anyEvents) as unknown as DisputeEvent[]
    expect(accepted?.type).toBe('JudicialConfirmationAccepted')
  })

  // 民事诉讼法 art. 205 (1) (2023 numbering): "人民法院邀请调解组织开展先行调解的，向作出邀请的人民法院提出" — an agreement of a
  // mediation the court entrusted is applied for to that court (法释〔2011〕5号 art. 2 ¶2: "由委派的人民法院管辖"), not to
  // another, whose clerk could only refuse it (不予受理) and whose decisions the entrusting court's clerk may not record.
  it('the application names the entrusting court: another court is 400 at court, naming it; the same court with stray spaces is taken', () => {
    const past: DisputeEvent[] = [
      eventsOf('2026-03-02T10:00:00+08:00'),
      { type: 'DisputeAccepted', data: { mediationDeadline: '2026-04-01T23:59:59+08:00' } } as DisputeEvent,
      history.assigned(),
      history.session(1),
      history.agreed('people', '2026-03-20'),
      history.consented('李强'),
    ]
    const apply = (court: string) => command('ApplyForConfirmation', actors.wang, '2026-03-21T10:00:00+08:00', { court })
    const elsewhere = given(past).when(apply('新城区人民法院')).then('validation')
    expect([fieldsOf(elsewhere), elsewhere.message.includes(COURT)]).toEqual([['court'], true])
    expect((given(past).when(apply(` ${COURT} `)).then(anyEvents) as unknown as DisputeEvent[]).map((e) => e.type)).toEqual(['JudicialConfirmationApplied'])
    // The court is the party's input, checked before the window (an input error before the time): late (the window of
    // the agreement of 03-20 ends 04-19 as the fixture writes it; 04-21 is after it) and to the wrong court, the party
    // is told the court, not deadline-passed; to the right court, late, deadline-passed.
    const late = (court: string) => command('ApplyForConfirmation', actors.wang, '2026-04-21T10:00:00+08:00', { court })
    const lateElsewhere = given(past).when(late('新城区人民法院')).then('validation')
    expect(fieldsOf(lateElsewhere)).toEqual(['court'])
    given(past).when(late(COURT)).then('deadline-passed')
  })

  // 诉前委派 is mediation before the court files a case (立案前): whoever mediates it — the court's own 特邀调解员 on the
  // judicial track included — reaches a mediation agreement, not the court's 调解书 (民事诉讼法 art. 100: a 调解书 is made by
  // the court in a case before it). It becomes enforceable only by 司法确认, applied for to the entrusting court:
  // 法释〔2011〕5号 art. 2 ¶2 ("人民法院在立案前委派人民调解委员会调解并达成调解协议，当事人申请司法确认的，由委派的人民法院
  // 管辖"); 民事诉讼法 art. 205 (1) (2023 numbering: "人民法院邀请调解组织开展先行调解的，向作出邀请的人民法院提出"), within the
  // 30 days of 人民调解法 art. 33. Before: a judicial-track agreement on an entrusted case had no window, could not be applied
  // for, and a party could apply for its enforcement at once, as if the court had made it a 调解书.
  describe('given a judicial-track agreement on an entrusted case (oral, reached Tue 03-10)', () => {
    const clerkEntrusted = eventsOf('2026-03-02T10:00:00+08:00')
    const mediating: DisputeEvent[] = [
      clerkEntrusted,
      { type: 'DisputeAccepted', data: { mediationDeadline: '2026-04-02T23:59:59+08:00' } } as DisputeEvent,
      history.assigned('judicial'),
      history.session(1, 'judicial'),
    ]
    const agree = command('RecordAgreement', actors.judicialMediator, '2026-03-10T18:00:00+08:00', { form: 'oral', terms: ['业主补缴物业费1200元'], reachedOn: '2026-03-10' })
    const agreed = (): DisputeEvent[] => [...mediating, ...(given(mediating).when(agree).then(anyEvents) as unknown as DisputeEvent[])]

    it('it has the 30-day window: day 30 after 03-10 is Thu 04-09, a working day', () => {
      // 03-10 not counted: 21 days to 03-31, 9 more to 04-09.
      expect(fold(decider, agreed()).agreement?.confirmationDeadline).toBe('2026-04-09T23:59:59+08:00')
    })

    it('the parties apply together, to the entrusting court, on day 30 (04-09); on 04-10 it is deadline-passed', () => {
      const consented = [...agreed(), history.consented('李强')]
      const apply = (when: string) => command('ApplyForConfirmation', actors.wang, when, { court: COURT })
      expect((given(consented).when(apply('2026-04-09T23:00:00+08:00')).then(anyEvents) as unknown as DisputeEvent[]).map((e) => e.type)).toEqual(['JudicialConfirmationApplied'])
      given(consented).when(apply('2026-04-10T00:00:00+08:00')).then('deadline-passed')
    })

    it('not performed (none), unconfirmed: no enforcement (not a 调解书), but a suit on it (人民调解法 art. 32)', () => {
      const unperformed = [...agreed(), { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
      given(unperformed).when(command('ApplyForEnforcement', actors.wang, '2026-03-20T10:00:00+08:00', { court: COURT })).then('invalid-transition')
      const sued = given(unperformed).when(command('ReferToLitigation', actors.judicialMediator, '2026-03-20T10:00:00+08:00', { reason: '李强拒不履行' })).then(anyEvents) as unknown as DisputeEvent[]
      // Not reported to the court again: the mediation's conclusion was the agreement, reported when reached.
      expect(sued.map((e) => e.type)).toEqual(['ReferredToLitigation'])
    })
  })

  // 委托调解 (`stage: 'filed'`): the court entrusts mediation in a case it has filed (立案后, under that case's 案号, a 民初
  // number). Its judicial-track agreement is the court's own — it ends in the court's 调解书 (民事诉讼法 art. 100; 法释〔2016〕
  // 14号 art. 28: 委托调解达成调解协议的，人民法院依法审查后制作调解书), enforceable as it stands (民事诉讼法 art. 247); 司法确认
  // is for mediation before filing only (法释〔2011〕5号 art. 2 ¶2 "立案前委派"; 民事诉讼法 art. 205 (1) "先行调解").
  describe('given a judicial-track agreement in a case the court has filed (委托调解, stage filed, reached Tue 03-10)', () => {
    const mediating: DisputeEvent[] = [
      eventsOf('2026-03-02T10:00:00+08:00', { stage: 'filed', courtCaseNumber: '(2026)蒙0105民初45号' }),
      { type: 'DisputeAccepted', data: { mediationDeadline: '2026-04-02T23:59:59+08:00' } } as DisputeEvent,
      history.assigned('judicial'),
      history.session(1, 'judicial'),
    ]
    const agree = command('RecordAgreement', actors.judicialMediator, '2026-03-10T18:00:00+08:00', { form: 'oral', terms: ['业主补缴物业费1200元'], reachedOn: '2026-03-10' })
    const agreed = (): DisputeEvent[] => [...mediating, ...(given(mediating).when(agree).then(anyEvents) as unknown as DisputeEvent[])]

    it('the report keeps the stage, and the agreement has no 司法确认 window', () => {
      const state = fold(decider, agreed())
      expect([state.stage, state.agreement?.track, state.agreement?.confirmationDeadline]).toEqual(['filed', 'judicial', undefined])
    })

    it('no application for 司法确认 (invalid-transition); not performed, the party applies for enforcement at once, and no suit on it', () => {
      given([...agreed(), history.consented('李强')]).when(command('ApplyForConfirmation', actors.wang, '2026-03-11T10:00:00+08:00', { court: COURT })).then('invalid-transition')
      const unperformed = [...agreed(), { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
      const enforced = given(unperformed).when(command('ApplyForEnforcement', actors.wang, '2026-03-20T10:00:00+08:00', { court: COURT })).then(anyEvents) as unknown as DisputeEvent[]
      expect(enforced.map((e) => e.type)).toContain('EnforcementApplied')
      given(unperformed).when(command('ReferToLitigation', actors.judicialMediator, '2026-03-20T10:00:00+08:00', { reason: '李强拒不履行' })).then('invalid-transition')
    })
  })
})

describe('the stage of a court-entrusted dispute: before filing (诉前委派) or in a filed case (委托调解)', () => {
  const at = '2026-03-02T10:00:00+08:00'
  it('absent, it is before filing (as before): the event carries none', () => {
    const e = eventsOf(at)
    expect(e.type === 'DisputeReported' && 'stage' in e.data).toBe(false)
  })

  it.each([
    // 案号 (最高人民法院关于人民法院案件案号的若干规定): 民诉前调 is a 诉前调解 case's type, 民初 / 民终 / 民再 a filed case's.
    ['a filed case with a 诉前调 number', { stage: 'filed', courtCaseNumber: '(2026)蒙0105民诉前调88号' }, 'stage'],
    ['a filed case’s number (民初) with no stage', { courtCaseNumber: '（2026）蒙0105民初45号' }, 'stage'],
    ['a second-instance number (民终) said to be before filing', { stage: 'pre-filing', courtCaseNumber: '(2026)蒙01民终7号' }, 'stage'],
    ['a filed case without its number (recorded by the centre)', { stage: 'filed', courtCaseNumber: undefined }, 'courtCaseNumber'],
  ] as const)('%s: 400 naming the field, nothing written', (_what, over, field) => {
    const who = over.courtCaseNumber === undefined ? actors.streetOfficer : actors.courtClerk
    const refused = given([]).when(entrust(at, over, who)).then('validation')
    expect(fieldsOf(refused)).toEqual([field])
  })

  it('only on a court-entrusted dispute: stage on another source is 400 at stage', () => {
    const report = command('ReportDispute', actors.streetOfficer, at, { id: DISPUTE_ID, source: 'party-application', category: 'property', jurisdiction: GRID, parties, summary: '物业费纠纷', stage: 'pre-filing' })
    expect(fieldsOf(given([]).when(report).then('validation'))).toEqual(['stage'])
  })

  it('a filed case’s number with stage filed is taken, and kept on the event', () => {
    const e = eventsOf(at, { stage: 'filed', courtCaseNumber: '（2026）蒙0105民初45号' })
    expect(e.type === 'DisputeReported' && [e.data.stage, e.data.courtCaseNumber]).toEqual(['filed', '（2026）蒙0105民初45号'])
  })
})

// 委托调解 (`stage: 'filed'`): the period of a mediation the court entrusts in a case it has filed is 15 days, not the 30
// of 委派调解 — 法释〔2016〕14号 (最高人民法院关于人民法院特邀调解的规定), the article on the periods (cited as art. 27; see
// policy.ts ENTRUSTED_IN_FILED_CASE_DAYS for what could and could not be checked of its text): 15 days, longer when both
// parties agree, counted as 委派调解's from the centre's receipt (its acceptance of a clerk's entrustment, `receivedOn`,
// or its own record of one it received). A statutory period (民法典 art. 201/203, 民事诉讼法 art. 85): the day of receipt not counted,
// ending 24:00 China time, a last day on a holiday or weekend moving to the next working day.
// 2026 (国务院办公厅 notice, shipped calendar): 中秋 Fri 09-25 to Sun 09-27 off; 国庆 Thu 10-01 to Wed 10-07 off, Sat 10-10
// a make-up working day.
describe('the mediation period of a dispute the court entrusts in a filed case (委托调解): 15 days', () => {
  const FILED_CASE = '（2026）蒙0105民初45号'
  const entrustFiled = (when: string) => eventsOf(when, { stage: 'filed', courtCaseNumber: FILED_CASE })
  const acceptedOn = (when: string, receivedOn?: string): DisputeEvent => {
    const [e] = given([entrustFiled('2026-09-01T10:00:00+08:00')])
      .when(command('AcceptDispute', actors.streetOfficer, when, receivedOn === undefined ? {} : { receivedOn }))
      .then(anyEvents) as unknown as DisputeEvent[]
    if (e === undefined) throw new Error('no event')
    return e
  }

  it('a clerk’s entrustment in a filed case: no mediation deadline yet, the receipt clock as before filing', () => {
    const e = entrustFiled('2026-09-01T10:00:00+08:00')
    expect(e.type === 'DisputeReported' && [e.data.mediationDeadline, e.data.receiptDeadline]).toEqual([undefined, '2026-09-04T23:59:59+08:00'])
  })

  it('accepted, the 15 days run from that acceptance (its receipt), stamped as 15 statutory days', () => {
    // Accepted Tue 09-15: day 1 is 09-16, day 15 Wed 09-30, a working day (the day before 国庆).
    expect(acceptedOn('2026-09-15T10:00:00+08:00')).toEqual({
      type: 'DisputeAccepted',
      data: { mediationDeadline: '2026-09-30T23:59:59+08:00', calendar: { ...SHIPPED, from: '2026-09-15T10:00:00+08:00', days: 15, unit: 'statutory-days' } },
    })
  })

  it.each([
    // Accepted Mon 09-14: day 15 is Tue 09-29.
    ['two days before 国庆: day 15 is Tue 09-29', '2026-09-14T10:00:00+08:00', '2026-09-29T23:59:59+08:00'],
    // The last second of Tue 09-15 China time: still 09-15, day 15 is Wed 09-30, the day before the holiday.
    ['the last second of 09-15 (China time): day 15 is Wed 09-30, the day before 国庆', '2026-09-15T15:59:59Z', '2026-09-30T23:59:59+08:00'],
    // One second later it is Wed 09-16: day 15 is Thu 10-01, the first day of 国庆 (10-01..10-07 off) → Thu 10-08.
    ['the first second of 09-16: day 15 is 10-01, on 国庆 → the first working day after it, Thu 10-08', '2026-09-15T16:00:00Z', '2026-10-08T23:59:59+08:00'],
    // Accepted Tue 09-22: day 15 is Wed 10-07, the last day of 国庆 → Thu 10-08.
    ['09-22: day 15 is 10-07, the last day of 国庆 → Thu 10-08', '2026-09-22T10:00:00+08:00', '2026-10-08T23:59:59+08:00'],
    // Accepted Wed 09-23: day 15 is Thu 10-08, the day after the holiday, a working day.
    ['09-23: day 15 is Thu 10-08, the day after 国庆', '2026-09-23T10:00:00+08:00', '2026-10-08T23:59:59+08:00'],
    // Accepted Thu 09-24, the day before 中秋 (counted across both holidays): day 15 is Fri 10-09.
    ['09-24, across 中秋 and 国庆: day 15 is Fri 10-09', '2026-09-24T10:00:00+08:00', '2026-10-09T23:59:59+08:00'],
    // Accepted Thu 09-10: day 15 is Fri 09-25, 中秋 (09-25..09-27 off) → Mon 09-28.
    ['09-10: day 15 is Fri 09-25, on 中秋 → Mon 09-28', '2026-09-10T10:00:00+08:00', '2026-09-28T23:59:59+08:00'],
  ])('accepted %s', (_what, when, deadline) => {
    const e = acceptedOn(when)
    expect(e.type === 'DisputeAccepted' && e.data.mediationDeadline).toBe(deadline)
  })

  it('signed for earlier (receivedOn Wed 09-16, accepted Mon 09-21): the 15 days count from the receipt → 10-01 on 国庆 → Thu 10-08', () => {
    const e = acceptedOn('2026-09-21T10:00:00+08:00', '2026-09-16')
    expect(e).toMatchObject({ type: 'DisputeAccepted', data: { mediationDeadline: '2026-10-08T23:59:59+08:00', receivedOn: '2026-09-16' } })
  })

  it('recorded by the centre, which has the court’s materials in hand: 15 days from that record, kept at acceptance', () => {
    // Recorded Wed 09-16 by a street officer, under the filed case's number: day 15 Thu 10-01 (国庆) → Thu 10-08.
    const [reported] = given([]).when(entrust('2026-09-16T10:00:00+08:00', { stage: 'filed', courtCaseNumber: FILED_CASE }, actors.streetOfficer)).then(anyEvents) as unknown as DisputeEvent[]
    expect(reported).toMatchObject({ type: 'DisputeReported', data: { mediationDeadline: '2026-10-08T23:59:59+08:00', calendar: { days: 15, unit: 'statutory-days' } } })
    if (reported === undefined) throw new Error('no event')
    const [accepted] = given([reported]).when(accept('2026-09-18T10:00:00+08:00')).then(anyEvents) as unknown as DisputeEvent[]
    expect(accepted?.type === 'DisputeAccepted' && accepted.data.mediationDeadline).toBe('2026-10-08T23:59:59+08:00')
  })

  it('before filing, as before: 30 days from the same acceptance (Tue 09-15 → day 30 Thu 10-15)', () => {
    const [e] = given([eventsOf('2026-09-01T10:00:00+08:00')]).when(accept('2026-09-15T10:00:00+08:00')).then(anyEvents) as unknown as DisputeEvent[]
    expect(e?.type === 'DisputeAccepted' && e.data.mediationDeadline).toBe('2026-10-15T23:59:59+08:00')
  })

  it('transferred to another track, the case starts its 15 days again (Mon 09-21 → day 15 Tue 10-06, in 国庆 → Thu 10-08)', () => {
    const mediating = [entrustFiled('2026-09-01T10:00:00+08:00'), acceptedOn('2026-09-15T10:00:00+08:00'), history.assigned('people'), history.session(1, 'people')]
    const [e] = given(mediating).when(command('TransferDispute', actors.streetOfficer, '2026-09-21T10:00:00+08:00', { to: 'administrative', reason: '涉及行政职权' })).then(anyEvents) as unknown as DisputeEvent[]
    expect(e).toMatchObject({ type: 'DisputeTransferred', data: { mediationDeadline: '2026-10-08T23:59:59+08:00', calendar: { days: 15, unit: 'statutory-days' } } })
  })

  it('a filed case accepted before this rule keeps the 30 days its event carries: the view, a rebase and an extension count from them', () => {
    // Hand-built legacy event: accepted Wed 09-16, counted as 30 days then → Fri 10-16 (day 30), stamped 30 statutory days.
    const legacy = [
      entrustFiled('2026-09-01T10:00:00+08:00'),
      { type: 'DisputeAccepted', data: { mediationDeadline: '2026-10-16T23:59:59+08:00', calendar: { ...SHIPPED, from: '2026-09-16T10:00:00+08:00', days: 30, unit: 'statutory-days' } } } as DisputeEvent,
    ]
    expect(fold(decider, legacy).mediationDeadline).toBe('2026-10-16T23:59:59+08:00')
    // Counted again as its stamp says (30 days), nothing moves: nothing written.
    given(legacy).when(command('RebaseDeadlines', actors.admin, '2026-09-20T10:00:00+08:00', { reason: '日历更新' })).then([])
    // Extended by 5 from 10-16: Wed 10-21.
    const [e] = given(legacy).when(command('ExtendMediation', actors.streetOfficer, '2026-10-10T10:00:00+08:00', { days: 5, reason: '双方同意', agreedBy: ['王芳', '李强'] })).then(anyEvents) as unknown as DisputeEvent[]
    expect(e).toMatchObject({ type: 'MediationExtended', data: { previousDeadline: '2026-10-16T23:59:59+08:00', deadline: '2026-10-21T23:59:59+08:00' } })
  })

  describe('the parties agree to extend it (不受此限): ExtendMediation, as for any mediation', () => {
    // Accepted Tue 09-15 → Wed 09-30 24:00.
    const mediating = (): DisputeEvent[] => [entrustFiled('2026-09-01T10:00:00+08:00'), acceptedOn('2026-09-15T10:00:00+08:00'), history.assigned('people'), history.session(1, 'people')]
    const extend = (when: string) => command('ExtendMediation', actors.peopleMediator, when, { days: 10, reason: '双方同意延长调解期限', agreedBy: ['王芳', '李强'] })

    it.each([
      ['the day before the last day (Tue 09-29)', '2026-09-29T10:00:00+08:00'],
      ['on the last day (Wed 09-30, its last second)', '2026-09-30T23:59:59+08:00'],
    ])('taken %s: 10 more days from 09-30 → day 10 is Sat 10-10, a make-up working day: it ends then', (_what, when) => {
      const [e] = given(mediating()).when(extend(when)).then(anyEvents) as unknown as DisputeEvent[]
      expect(e).toMatchObject({
        type: 'MediationExtended',
        data: { previousDeadline: '2026-09-30T23:59:59+08:00', deadline: '2026-10-10T23:59:59+08:00', days: 10, calendar: { days: 10, unit: 'statutory-days' } },
      })
    })

    it('the day after the last day (Thu 10-01, 00:00 China time): deadline-passed', () => {
      given(mediating()).when(extend('2026-09-30T16:00:00Z')).then('deadline-passed')
    })
  })
})

// 委托调解 under 简易程序 (`procedure: 'simplified'`): 7 days, not 15. Not verified against the official text of
// 法释〔2016〕14号 (policy.ts ENTRUSTED_IN_FILED_CASE_DAYS): two secondary sources — a court's own 诉讼服务 guide and a Q&A
// restating the regulation — give 委托调解 15 days under 普通程序 and 7 under 简易程序. Counted as the 15 are (a statutory
// period from the centre's receipt: the day of receipt not counted, a last day on a holiday or weekend moving to the next
// working day). 2026 (shipped calendar): Sun 09-20 a make-up working day; 国庆 Thu 10-01 to Wed 10-07 off; Sat 10-10 a
// make-up working day. Absent: 普通程序, 15 days, as before.
describe('委托调解 under 简易程序 (procedure simplified): 7 days', () => {
  const FILED_CASE = '（2026）蒙0105民初45号'
  const entrustFiled = (when: string, procedure?: 'ordinary' | 'simplified') =>
    eventsOf(when, { stage: 'filed', courtCaseNumber: FILED_CASE, ...(procedure === undefined ? {} : { procedure }) })
  const acceptedOn = (when: string, procedure: 'ordinary' | 'simplified' | 'absent' = 'simplified'): DisputeEvent => {
    const [e] = given([entrustFiled('2026-09-01T10:00:00+08:00', procedure === 'absent' ? undefined : procedure)]).when(accept(when)).then(anyEvents) as unknown as DisputeEvent[]
    if (e === undefined) throw new Error('no event')
    return e
  }

  it('the procedure is kept on the event (absent when not given)', () => {
    const simplified = entrustFiled('2026-09-01T10:00:00+08:00', 'simplified')
    const none = entrustFiled('2026-09-01T10:00:00+08:00')
    expect([simplified.type === 'DisputeReported' && simplified.data.procedure, none.type === 'DisputeReported' && 'procedure' in none.data]).toEqual(['simplified', false])
  })

  it('accepted Tue 09-15: day 7 is Tue 09-22, stamped as 7 statutory days', () => {
    expect(acceptedOn('2026-09-15T10:00:00+08:00')).toEqual({
      type: 'DisputeAccepted',
      data: { mediationDeadline: '2026-09-22T23:59:59+08:00', calendar: { ...SHIPPED, from: '2026-09-15T10:00:00+08:00', days: 7, unit: 'statutory-days' } },
    })
  })

  it.each([
    // Absent or ordinary: 15 days, as before (09-15 → Wed 09-30).
    ['absent (普通程序): 15 days, Wed 09-30', '2026-09-15T10:00:00+08:00', 'absent', '2026-09-30T23:59:59+08:00'],
    ['ordinary: 15 days, Wed 09-30', '2026-09-15T10:00:00+08:00', 'ordinary', '2026-09-30T23:59:59+08:00'],
    // The last second of Tue 09-15 China time: day 7 is Tue 09-22; one second later (Wed 09-16) day 7 is Wed 09-23.
    ['the last second of 09-15 (China time): Tue 09-22', '2026-09-15T15:59:59Z', 'simplified', '2026-09-22T23:59:59+08:00'],
    ['the first second of 09-16: Wed 09-23', '2026-09-15T16:00:00Z', 'simplified', '2026-09-23T23:59:59+08:00'],
    // Accepted Sun 09-13: day 7 is Sun 09-20, a make-up working day (调休): it ends then.
    ['Sun 09-13: day 7 is Sun 09-20, a make-up working day', '2026-09-13T10:00:00+08:00', 'simplified', '2026-09-20T23:59:59+08:00'],
    // Accepted Wed 09-23: day 7 is Wed 09-30, the day before 国庆, a working day.
    ['Wed 09-23: day 7 is Wed 09-30, the day before 国庆', '2026-09-23T10:00:00+08:00', 'simplified', '2026-09-30T23:59:59+08:00'],
    // Accepted Thu 09-24: day 7 is Thu 10-01, the first day of 国庆 → Thu 10-08.
    ['Thu 09-24: day 7 is 10-01, the first day of 国庆 → Thu 10-08', '2026-09-24T10:00:00+08:00', 'simplified', '2026-10-08T23:59:59+08:00'],
    // Accepted Sun 09-27 (the day before): day 7 is Sun 10-04, in 国庆 → Thu 10-08.
    ['Sun 09-27: day 7 is 10-04, in 国庆 → Thu 10-08', '2026-09-27T10:00:00+08:00', 'simplified', '2026-10-08T23:59:59+08:00'],
    // Accepted Mon 09-28: day 7 is Mon 10-05, in 国庆 (10-01..10-07 off) → Thu 10-08.
    ['Mon 09-28: day 7 is 10-05, in 国庆 → Thu 10-08', '2026-09-28T10:00:00+08:00', 'simplified', '2026-10-08T23:59:59+08:00'],
    // Accepted Tue 09-29 (the day after): day 7 is Tue 10-06, in 国庆 → Thu 10-08.
    ['Tue 09-29: day 7 is 10-06, in 国庆 → Thu 10-08', '2026-09-29T10:00:00+08:00', 'simplified', '2026-10-08T23:59:59+08:00'],
    // Accepted Thu 10-01: day 7 is Thu 10-08, the first working day after 国庆.
    ['Thu 10-01: day 7 is Thu 10-08, the day after 国庆', '2026-10-01T10:00:00+08:00', 'simplified', '2026-10-08T23:59:59+08:00'],
    // Accepted Sat 10-03: day 7 is Sat 10-10, a make-up working day: it ends then.
    ['Sat 10-03: day 7 is Sat 10-10, a make-up working day', '2026-10-03T10:00:00+08:00', 'simplified', '2026-10-10T23:59:59+08:00'],
  ] as const)('accepted %s', (_what, when, procedure, deadline) => {
    const e = acceptedOn(when, procedure)
    expect(e.type === 'DisputeAccepted' && e.data.mediationDeadline).toBe(deadline)
  })

  it('recorded by the centre: 7 days from that record (Mon 09-28 → 10-05, in 国庆 → Thu 10-08), kept at acceptance', () => {
    const [reported] = given([]).when(entrust('2026-09-28T10:00:00+08:00', { stage: 'filed', courtCaseNumber: FILED_CASE, procedure: 'simplified' }, actors.streetOfficer)).then(anyEvents) as unknown as DisputeEvent[]
    expect(reported).toMatchObject({ type: 'DisputeReported', data: { procedure: 'simplified', mediationDeadline: '2026-10-08T23:59:59+08:00', calendar: { days: 7, unit: 'statutory-days' } } })
  })

  it('transferred to another track, the case starts its 7 days again (Mon 09-21 → day 7 Mon 09-28)', () => {
    const mediating = [entrustFiled('2026-09-01T10:00:00+08:00', 'simplified'), acceptedOn('2026-09-15T10:00:00+08:00'), history.assigned('people'), history.session(1, 'people')]
    const [e] = given(mediating).when(command('TransferDispute', actors.streetOfficer, '2026-09-21T10:00:00+08:00', { to: 'administrative', reason: '涉及行政职权' })).then(anyEvents) as unknown as DisputeEvent[]
    expect(e).toMatchObject({ type: 'DisputeTransferred', data: { mediationDeadline: '2026-09-28T23:59:59+08:00', calendar: { days: 7, unit: 'statutory-days' } } })
  })

  it('counted again by a rebase as 7 (its stamp): with the same calendar nothing moves, nothing is written', () => {
    const mediating = [entrustFiled('2026-09-01T10:00:00+08:00', 'simplified'), acceptedOn('2026-09-15T10:00:00+08:00')]
    expect(fold(decider, mediating).mediationDeadline).toBe('2026-09-22T23:59:59+08:00')
    given(mediating).when(command('RebaseDeadlines', actors.admin, '2026-09-16T10:00:00+08:00', { reason: '日历更新' })).then([])
  })

  describe('the parties agree to extend it: in statutory days from its last day (Tue 09-22)', () => {
    const mediating = (): DisputeEvent[] => [entrustFiled('2026-09-01T10:00:00+08:00', 'simplified'), acceptedOn('2026-09-15T10:00:00+08:00'), history.assigned('people'), history.session(1, 'people')]
    const extend = (when: string) => command('ExtendMediation', actors.peopleMediator, when, { days: 5, reason: '双方同意延长调解期限', agreedBy: ['王芳', '李强'] })
    it.each([
      ['the day before the last day (Mon 09-21)', '2026-09-21T10:00:00+08:00'],
      ['on the last day (Tue 09-22, its last second)', '2026-09-22T23:59:59+08:00'],
    ])('taken %s: 5 more days → Sun 09-27, in 中秋 → Mon 09-28', (_what, when) => {
      const [e] = given(mediating()).when(extend(when)).then(anyEvents) as unknown as DisputeEvent[]
      expect(e).toMatchObject({ type: 'MediationExtended', data: { previousDeadline: '2026-09-22T23:59:59+08:00', deadline: '2026-09-28T23:59:59+08:00', calendar: { days: 5, unit: 'statutory-days' } } })
    })
    it('the day after the last day (Wed 09-23, 00:00 China time): deadline-passed', () => {
      given(mediating()).when(extend('2026-09-22T16:00:00Z')).then('deadline-passed')
    })
  })

  it.each([
    ['before filing (stage absent)', { procedure: 'simplified' }],
    ['before filing (stage pre-filing)', { stage: 'pre-filing', procedure: 'ordinary' }],
  ] as const)('only in a filed case: %s is 400 at procedure, nothing written', (_what, over) => {
    expect(fieldsOf(given([]).when(entrust('2026-09-01T10:00:00+08:00', over)).then('validation'))).toEqual(['procedure'])
  })

  it.each(['summary', 'Simplified', ''])('the command’s codec refuses a procedure that is not ordinary or simplified (%s), naming it', (procedure) => {
    const data = { id: DISPUTE_ID, source: 'court-entrusted', category: 'property', jurisdiction: GRID, parties, summary: '物业费纠纷', court: COURT, courtCaseNumber: '（2026）蒙0105民初45号', stage: 'filed' }
    expect(E.isRight(decode(ReportDisputeData, { ...data, procedure: 'simplified' }))).toBe(true)
    const refused = decode(ReportDisputeData, { ...data, procedure })
    expect(E.isLeft(refused) ? fieldsOf(refused.left) : []).toEqual(['procedure'])
  })

  it('on another source: 400 at procedure', () => {
    const report = command('ReportDispute', actors.streetOfficer, '2026-09-01T10:00:00+08:00', { id: DISPUTE_ID, source: 'party-application', category: 'property', jurisdiction: GRID, parties, summary: '物业费纠纷', procedure: 'simplified' })
    expect(fieldsOf(given([]).when(report).then('validation'))).toEqual(['procedure'])
  })
})
