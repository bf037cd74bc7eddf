import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { chineseCalendar } from '../calendar/calendar.js'
import { festivalDays } from '../calendar/festivals.js'
import { scheduleFromCsv } from '../calendar/schedule.js'
import { fold } from '../kernel/decider.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { DomainError } from '../kernel/errors.js'
import { sealLog } from '../audit/sealedLog.js'
import { dashboardProjection, dashboardView } from '../projections/dashboard.js'
import { disputeDraft as d } from '../projections/fixtures.js'
import { replay } from '../projections/projection.js'
import type { DisputeEvent } from './events.js'
import { actors, at, CASE_NUMBER, command, history } from './fixtures.js'
import { disputeDecider } from './index.js'

// 申请执行的期间 (the time to apply for enforcement): 民事诉讼法 (2023) art. 250 — two years, counted from the last day of
// the performance period the legal document sets (分期履行: the last instalment's), or from the day the document takes
// effect when it sets none; the period counted per 民法典 arts. 200–203 (by year: the start day not counted, the
// corresponding day two years on, the month's last day without one, past a holiday to the next working day, to 24:00).
// 民事诉讼法解释 (2022) art. 481: a late application is still accepted by the court, and the respondent may object — so the
// system records it, marked `afterLimitation`, and refuses nothing.
//
// Weekdays by hand: 2026-01-01 is a Thursday, 2028-01-01 a Saturday (2028 a leap year). No notice is shipped for 2028:
// its days off are the weekends and the statutory festival days only (provisional).

const decider = disputeDecider()
const { given } = deciderSpec(decider)
const anyEvents = (): void => undefined
const fieldsOf = (e: DomainError) => (e.code === 'validation' ? e.errors.map((f) => f.path) : [])
const SHIPPED = { id: 'chinese-workdays', version: 'chinese-days@1.5.7' }
const COURT = '赛罕区人民法院'
const decided = (past: readonly DisputeEvent[], c: Parameters<typeof decider.decide>[0], d = decider): readonly DisputeEvent[] => {
  const r = d.decide(c, fold(d, past))
  if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`)
  return r.right
}

describe('the performance deadline (履行期限) of an agreement', () => {
  // Oral agreement reached and recorded Thu 3-12.
  const T = '2026-03-12T18:00:00+08:00'
  const agree = (over: object) =>
    command('RecordAgreement', actors.peopleMediator, T, { form: 'oral', terms: ['李强分三期赔偿王芳3000元，最后一期于2026年6月30日前付清'], reachedOn: '2026-03-12', ...over })

  it('is recorded on the agreement when given (the last instalment’s date), and the case file shows it', () => {
    const [agreed] = given(at.session).when(agree({ performBy: '2026-06-30' })).then(anyEvents)
    expect(agreed?.type === 'MediationAgreed' && agreed.data.performBy).toBe('2026-06-30')
    expect(fold(decider, [...at.session, agreed as DisputeEvent]).agreement?.performBy).toBe('2026-06-30')
  })
  it('is optional: an agreement without one has none', () => {
    const [agreed] = given(at.session).when(agree({})).then(anyEvents)
    expect(agreed?.type === 'MediationAgreed' && 'performBy' in agreed.data).toBe(false)
  })
  it.each([
    ['the day before it took effect (3-11)', '2026-03-11', 'validation'],
    ['the day it took effect (3-12: performed at once)', '2026-03-12', 'MediationAgreed'],
    ['the day after (3-13)', '2026-03-13', 'MediationAgreed'],
    ['30 years on (2056-03-12)', '2056-03-12', 'MediationAgreed'],
    ['more than 30 years on (2056-03-13): a typing slip', '2056-03-13', 'validation'],
  ])('a deadline on %s (%s) → %s', (_what, performBy, expected) => {
    const r = decider.decide(agree({ performBy }), fold(decider, at.session))
    expect(E.isLeft(r) ? r.left.code : r.right.map((e) => e.type).join()).toBe(expected)
    if (E.isLeft(r)) expect(fieldsOf(r.left)).toEqual(['performBy'])
  })
})

describe('the enforcement window, stamped on the confirmation (JudicialConfirmationGranted.enforcementBy)', () => {
  const agreedWith = (performBy?: string): DisputeEvent[] => {
    const agreed = history.agreed()
    const withDate = performBy === undefined || agreed.type !== 'MediationAgreed' ? agreed : { ...agreed, data: { ...agreed.data, performBy } }
    return [...at.session, withDate, history.consented('李强'), history.applied, history.courtAccepted]
  }
  // Confirmed Fri 3-27 (within the court's review deadline, Tue 3-31).
  const CONFIRMED = '2026-03-27T10:00:00+08:00'
  const confirm = command('RecordConfirmation', actors.courtClerk, CONFIRMED, { outcome: 'confirmed', caseNumber: CASE_NUMBER })

  it('without a performance deadline: two years from the confirmation — Mon 2028-03-27, stamped provisional (no 2028 notice)', () => {
    given(agreedWith()).when(confirm).then([
      {
        type: 'JudicialConfirmationGranted',
        data: {
          court: COURT,
          caseNumber: CASE_NUMBER,
          deadline: '2026-03-31T23:59:59+08:00',
          onTime: true,
          enforcementBy: '2028-03-27T23:59:59+08:00',
          calendar: { ...SHIPPED, provisional: true, from: CONFIRMED, days: 2, unit: 'statutory-years' },
        },
      },
    ])
  })
  it('the case file shows it on the confirmation', () => {
    const past = agreedWith()
    expect(fold(decider, [...past, ...decided(past, confirm)]).confirmation?.enforcementBy).toBe('2028-03-27T23:59:59+08:00')
  })
  it('with a performance deadline after the confirmation (10-01): from it — Sun 2028-10-01, 国庆 10-02 and 10-03 → Wed 10-04', () => {
    const [granted] = decided(agreedWith('2026-10-01'), confirm)
    expect(granted?.type === 'JudicialConfirmationGranted' && [granted.data.enforcementBy, granted.data.calendar?.from]).toEqual([
      '2028-10-04T23:59:59+08:00',
      '2026-10-01T12:00:00+08:00',
    ])
  })
  it('with a performance deadline already past at the confirmation (3-15): from the confirmation, Mon 2028-03-27 — nothing to enforce before the ruling', () => {
    const [granted] = decided(agreedWith('2026-03-15'), confirm)
    expect(granted?.type === 'JudicialConfirmationGranted' && granted.data.enforcementBy).toBe('2028-03-27T23:59:59+08:00')
  })
  it('a performance deadline on the day of the confirmation counts from that day too', () => {
    const [granted] = decided(agreedWith('2026-03-27'), confirm)
    expect(granted?.type === 'JudicialConfirmationGranted' && granted.data.enforcementBy).toBe('2028-03-27T23:59:59+08:00')
  })
  it('a rejection (驳回) has none', () => {
    const [rejected] = decided(agreedWith(), command('RecordConfirmation', actors.courtClerk, CONFIRMED, { outcome: 'rejected', caseNumber: CASE_NUMBER, reason: '违反法律规定' }))
    expect(rejected !== undefined && 'enforcementBy' in rejected.data).toBe(false)
  })
  it('a confirmation recorded before the window was named (no enforcementBy) stays valid and shows none', () => {
    expect(fold(decider, at.confirmed).status).toBe('confirmed')
    expect(fold(decider, at.confirmed).confirmation?.enforcementBy).toBeUndefined()
  })
})

describe('an application for enforcement after the window: recorded, marked afterLimitation (not refused)', () => {
  // Confirmed Fri 2026-03-27 without a performance deadline: the window ends Mon 2028-03-27 at 24:00 China time.
  const past = (() => {
    const confirmedAt = [...at.courtAccepted]
    confirmedAt.push(...decided(confirmedAt, command('RecordConfirmation', actors.courtClerk, '2026-03-27T10:00:00+08:00', { outcome: 'confirmed', caseNumber: CASE_NUMBER })))
    return [...confirmedAt, { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
  })()
  const apply = (when: string) => command('ApplyForEnforcement', actors.wang, when, { court: COURT })

  it.each([
    ['the day before (Sun 3-26)', '2028-03-26T10:00:00+08:00', false],
    ['the last day, its first second (Mon 3-27 00:00)', '2028-03-27T00:00:00+08:00', false],
    ['the last day, its last moment (23:59:59.999)', '2028-03-27T23:59:59.999+08:00', false],
    ['the day after, 00:00 (Tue 3-28)', '2028-03-28T00:00:00+08:00', true],
    ['three years on', '2029-04-02T10:00:00+08:00', true],
  ])('applied on %s (%s) → afterLimitation %s', (_what, when, late) => {
    given(past).when(apply(when)).then([
      { type: 'EnforcementApplied', data: { court: COURT, applicant: '王芳', filedOn: when.slice(0, 10), caseNumber: CASE_NUMBER, enforcementBy: '2028-03-27T23:59:59+08:00', afterLimitation: late } },
    ])
    expect(fold(decider, [...past, ...decided(past, apply(when))]).status).toBe('enforcement-applied')
  })
  it('a partial fulfilment is marked the same way', () => {
    const partly = [...past.slice(0, -1), { type: 'FulfilmentRecorded', data: { fulfilment: 'partial', note: '已付1000元' } } as DisputeEvent]
    const [applied] = decided(partly, apply('2028-03-28T09:00:00+08:00'))
    expect(applied?.type === 'EnforcementApplied' && applied.data.afterLimitation).toBe(true)
  })
  it('a confirmation recorded before the window was named: the application is not marked either way', () => {
    const old = [...at.confirmed, { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
    given(old).when(apply('2029-04-02T10:00:00+08:00')).then([{ type: 'EnforcementApplied', data: { court: COURT, applicant: '王芳', filedOn: '2029-04-02', caseNumber: CASE_NUMBER } }])
  })
})

describe('rebase-deadlines: the enforcement window counted again when the year’s notice is loaded (kind enforcement)', () => {
  // Test data, not a notice: a 2028 schedule of the statutory festival days, plus Mon 3-27 off (a day off beside the
  // weekend) — the window's last day then moves to Tue 3-28.
  // (中秋 falls on 国庆's 10-03 in 2028: one day off, listed once.)
  const festivals = [...new Map(festivalDays(2028).map((f) => [f.date, `holiday,${f.name},${f.date},${f.date}`])).values()]
  const schedule = scheduleFromCsv(['year,2028', 'source,test fixture (not a real notice)', ...festivals, 'holiday,测试,2028-03-27,2028-03-27', ''].join('\n'))
  if (E.isLeft(schedule)) throw new Error(schedule.left.message)
  const loaded = disputeDecider({ calendar: chineseCalendar([schedule.right]) })
  const confirmed = (() => {
    const past = [...at.courtAccepted]
    past.push(...decided(past, command('RecordConfirmation', actors.courtClerk, '2026-03-27T10:00:00+08:00', { outcome: 'confirmed', caseNumber: CASE_NUMBER })))
    return past
  })()
  const rebase = (past: readonly DisputeEvent[]) => decided(past, command('RebaseDeadlines', actors.admin, '2027-11-20T10:00:00+08:00', { reason: '2028年放假安排已发布' }), loaded)

  it('moves it, with old and new, and the case file follows', () => {
    const rebased = rebase(confirmed)
    expect(rebased).toMatchObject([{ type: 'DisputeDeadlinesRebased', data: { changes: [{ kind: 'enforcement', previous: '2028-03-27T23:59:59+08:00', deadline: '2028-03-28T23:59:59+08:00' }] } }])
    expect(fold(loaded, [...confirmed, ...rebased]).confirmation?.enforcementBy).toBe('2028-03-28T23:59:59+08:00')
  })
  it('not once enforcement was applied for: the window has done its work', () => {
    const applied = [...confirmed, { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
    applied.push(...decided(applied, command('ApplyForEnforcement', actors.wang, '2027-06-01T10:00:00+08:00', { court: COURT })))
    expect(rebase(applied)).toEqual([])
  })
  // 人民调解法 art. 33 ¶2: enforcement is for an agreement refused or performed in part; one performed in full has nothing
  // left to enforce (applyForEnforcement refuses it), so its window is no longer the parties' to use: nothing to count.
  it.each([
    ['performed in part', 'partial', [{ kind: 'enforcement', previous: '2028-03-27T23:59:59+08:00', deadline: '2028-03-28T23:59:59+08:00' }]],
    ['not performed', 'none', [{ kind: 'enforcement', previous: '2028-03-27T23:59:59+08:00', deadline: '2028-03-28T23:59:59+08:00' }]],
    ['performed in full: nothing left to enforce, no event written', 'full', undefined],
  ] as const)('fulfilment recorded as %s', (_what, fulfilment, changes) => {
    const recorded = [...confirmed, { type: 'FulfilmentRecorded', data: { fulfilment } } as DisputeEvent]
    const rebased = rebase(recorded)
    // (Each change's count, `counted`, is still provisional: the two years run through 2027, which has no notice here.)
    expect(rebased.map((e) => (e.type === 'DisputeDeadlinesRebased' ? e.data.changes.map(({ counted, ...c }) => (counted?.[0]?.provisional === true ? c : { ...c, counted })) : e.type))).toEqual(
      changes === undefined ? [] : [changes],
    )
  })
})

// DOMAIN.md makes every deadline a case has overdue-able, for the office's lists and evaluation; this one is not the
// office's: it is the parties' time to go to court (the centre reminds them at its 回访). Its passing puts nothing on the
// overdue list.
describe('the enforcement window is the parties’, not the office’s: never on the overdue list', () => {
  const ID = '00000000-0000-4000-8000-00000000000e'
  const A = 'hohhot/saihan/wulan'
  const log = sealLog([
    d(ID, 'DisputeReported', '2026-03-01T10:00:00+08:00', { id: ID, source: 'screening', category: 'neighbour', jurisdiction: `${A}/c1/g1`, parties: [], summary: '漏水' }),
    d(ID, 'DisputeAccepted', '2026-03-01T11:00:00+08:00', { mediationDeadline: '2026-03-31T23:59:59+08:00' }),
    d(ID, 'MediatorAssigned', '2026-03-02T10:00:00+08:00', { track: 'people', mediator: { id: 'm1', jurisdiction: A } }),
    d(ID, 'MediationSessionHeld', '2026-03-05T10:00:00+08:00', { session: 1, track: 'people', mediatorId: 'm1', minutes: '第1次调解' }),
    d(ID, 'MediationAgreed', '2026-03-05T11:00:00+08:00', { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['赔偿'], effectiveOn: '2026-03-05', performBy: '2026-03-20', confirmationDeadline: '2026-04-07T23:59:59+08:00' }),
    d(ID, 'JudicialConfirmationApplied', '2026-03-06T10:00:00+08:00', { applicant: '王芳', consentedBy: ['李强'], court: '赛罕区法院', confirmationDeadline: '2026-04-07T23:59:59+08:00', courtDecisionDeadline: '2026-03-09T23:59:59+08:00' }),
    d(ID, 'JudicialConfirmationAccepted', '2026-03-09T10:00:00+08:00', { court: '赛罕区法院', caseNumber: CASE_NUMBER, decideBy: '2026-03-24T23:59:59+08:00' }),
    d(ID, 'JudicialConfirmationGranted', '2026-03-20T10:00:00+08:00', { court: '赛罕区法院', caseNumber: CASE_NUMBER, enforcementBy: '2028-03-20T23:59:59+08:00' }),
    d(ID, 'FulfilmentRecorded', '2026-04-01T10:00:00+08:00', { fulfilment: 'none' }),
  ])
  const state = replay(dashboardProjection, log)
  it('a year after the window closed, the dispute is on no overdue list', () => {
    const view = dashboardView(state, { from: '2026-01-01T00:00:00+08:00', to: '2029-12-31T00:00:00+08:00', asOf: '2029-03-21T10:00:00+08:00', jurisdiction: A, depth: 1 })
    expect(view.overdue.items.filter((i) => i.caseId === ID)).toEqual([])
  })
})

// 赔偿分期: fulfilment recorded again (none, enforcement applied, then performed in full). The dashboard counts the case
// once, in the state of its latest event, as of any time: no figure counts fulfilment values themselves.
describe('fulfilment recorded again: the dashboard counts the case once, by its latest state', () => {
  const ID = 'd-instalments'
  const A = 'hohhot/saihan/wulan'
  const log = sealLog([
    d(ID, 'DisputeReported', '2026-03-01T10:00:00+08:00', { id: ID, source: 'screening', category: 'neighbour', jurisdiction: `${A}/c1/g1`, parties: [], summary: '漏水' }),
    d(ID, 'DisputeAccepted', '2026-03-01T11:00:00+08:00', { mediationDeadline: '2026-03-31T23:59:59+08:00' }),
    d(ID, 'MediatorAssigned', '2026-03-02T10:00:00+08:00', { track: 'people', mediator: { id: 'm1', jurisdiction: A } }),
    d(ID, 'MediationSessionHeld', '2026-03-05T10:00:00+08:00', { session: 1, track: 'people', mediatorId: 'm1', minutes: '第1次调解' }),
    d(ID, 'MediationAgreed', '2026-03-05T11:00:00+08:00', { track: 'people', mediatorId: 'm1', form: 'oral', terms: ['分期赔偿'], effectiveOn: '2026-03-05', confirmationDeadline: '2026-04-07T23:59:59+08:00' }),
    d(ID, 'FulfilmentRecorded', '2026-03-20T10:00:00+08:00', { fulfilment: 'partial', note: '第一期已付' }),
    d(ID, 'FulfilmentRecorded', '2026-04-20T10:00:00+08:00', { fulfilment: 'partial', note: '第二期已付' }),
    d(ID, 'FulfilmentRecorded', '2026-05-20T10:00:00+08:00', { fulfilment: 'full', note: '已全部付清' }),
  ])
  const state = replay(dashboardProjection, log)
  const byState = (asOf: string) =>
    dashboardView(state, { from: '2026-01-01T00:00:00+08:00', to: '2026-12-31T00:00:00+08:00', asOf, jurisdiction: A, depth: 1 }).counts.dispute
  it.each([
    ['after the first instalment (4-01)', '2026-04-01T10:00:00+08:00'],
    ['after the last (6-01)', '2026-06-01T10:00:00+08:00'],
  ])('%s: one case, fulfilment-recorded', (_when, asOf) => {
    const counted = byState(asOf)
    expect([counted.total, counted.byState]).toEqual([1, { 'fulfilment-recorded': 1 }])
  })
})

// 司法调解 (the judicial track): the agreement is the court's own 调解书 — it needs no 司法确认 (CONFIRMABLE_TRACKS) because
// it is already a legal document the court enforces (民事诉讼法 art. 247, 2023 numbering, 236 in the 2017 text: "调解书和其他
// 应当由人民法院执行的法律文书，当事人必须履行。一方拒绝履行的，对方当事人可以向人民法院申请执行"). Found in review:
// a judicial-track agreement recorded as not performed could not be enforced (409 "only a judicially confirmed agreement
// can be enforced"), and — since it is "not confirmed" — could be referred to litigation, a new suit on what the court
// already settled (一事不再理).
describe('an agreement of judicial mediation (调解书) not performed: enforced, not sued on', () => {
  const judicial: DisputeEvent[] = [
    ...history.reported,
    history.accepted,
    history.assigned('judicial'),
    history.session(1, 'judicial'),
    history.agreed('judicial'),
    { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent,
  ]
  const T = '2026-03-20T10:00:00+08:00'
  it('given fulfilment none, a party’s application for enforcement is recorded', () => {
    const events = decided(judicial, command('ApplyForEnforcement', actors.streetOfficer, T, { court: COURT, party: '王芳', filedOn: '2026-03-20', attachments: [{ sha256: 'c'.repeat(64), kind: 'application' }] }))
    expect(events.map((e) => e.type)).toEqual(['EnforcementApplied'])
  })
  it('given fulfilment none, referring it to litigation is refused, naming apply-enforcement', () => {
    const refused = given(judicial).when(command('ReferToLitigation', actors.streetOfficer, T, { reason: '拒不履行' })).then('invalid-transition')
    expect(refused.message).toContain('apply-enforcement')
  })
  it('given fulfilment in full, enforcement is still refused, and so is a suit (the court\'s own 调解书, not a people\'s agreement: 人民调解法 art. 32 is not its way)', () => {
    const full = [...judicial.slice(0, -1), { type: 'FulfilmentRecorded', data: { fulfilment: 'full' } } as DisputeEvent]
    given(full).when(command('ApplyForEnforcement', actors.streetOfficer, T, { court: COURT })).then('invalid-transition')
    expect(given(full).when(command('ReferToLitigation', actors.streetOfficer, T, { reason: '主张调解书内容有误' })).then('invalid-transition').message).toContain('调解书')
  })
})

// 申请强制执行 is the party's application to the court (人民调解法 art. 33 ¶2; 民事诉讼法 art. 206, 2023 numbering: "对方当事人
// 可以向人民法院申请强制执行"). Found in review: a street officer or a mediator recorded it with a court's name alone — nothing
// said which party applied, when it was filed, or showed that it applied at all. Staff now record it as they record a
// party's application for 司法确认 (法释〔2011〕5号 art. 3) and a written agreement (its scan): for a party of the case
// (`party`), on the day the court received it (`filedOn`), with the scan of what the party filed (`attachments`, kind
// `application`: its 强制执行申请书 stamped received). A resident applies for itself (its own party, today unless it says).
// The 2 years (民事诉讼法 art. 250) are the party's filing's, not the day it was recorded: a filing on the window's last day
// recorded two days later is not late.
describe('申请强制执行 recorded by staff: which party, filed when, and the scan of its application', () => {
  // Confirmed Fri 2026-03-27 without a performance deadline: the window ends Mon 2028-03-27 at 24:00 China time.
  const past = (() => {
    const confirmedAt = [...at.courtAccepted]
    confirmedAt.push(...decided(confirmedAt, command('RecordConfirmation', actors.courtClerk, '2026-03-27T10:00:00+08:00', { outcome: 'confirmed', caseNumber: CASE_NUMBER })))
    return [...confirmedAt, { type: 'FulfilmentRecorded', data: { fulfilment: 'none' } } as DisputeEvent]
  })()
  const SCAN = { sha256: 'c'.repeat(64), kind: 'application' as const, caption: '强制执行申请书（法院收件章）' }
  const T = '2026-06-01T10:00:00+08:00'
  const staffApply = (data: object, who = actors.streetOfficer, when = T) => command('ApplyForEnforcement', who, when, { court: COURT, ...data } as never)
  const fieldsRefused = (past: readonly DisputeEvent[], c: Parameters<typeof decider.decide>[0]) => {
    const r = decider.decide(c, fold(decider, past))
    return E.isLeft(r) ? [r.left.code, fieldsOf(r.left)] : ['accepted', r.right.map((e) => e.type)]
  }

  it('a street officer naming the court alone: 400 naming party, filedOn and attachments, nothing written', () => {
    expect(fieldsRefused(past, staffApply({}))).toEqual(['validation', ['party', 'filedOn', 'attachments']])
  })
  it.each([
    ['a mediator', actors.peopleMediator],
    ['a street officer', actors.streetOfficer],
    ['a centre officer', actors.centreOfficer],
  ])('%s without the scan of the application: 400 at attachments', (_who, who) => {
    expect(fieldsRefused(past, staffApply({ party: '王芳', filedOn: '2026-06-01' }, who))).toEqual(['validation', ['attachments']])
  })
  it('a scan of another kind (the agreement, a document) is not the application: 400 at attachments', () => {
    const others = [{ sha256: 'a'.repeat(64), kind: 'agreement' }, { sha256: 'b'.repeat(64), kind: 'document' }]
    expect(fieldsRefused(past, staffApply({ party: '王芳', filedOn: '2026-06-01', attachments: others }))).toEqual(['validation', ['attachments']])
  })
  it('a party who is not one of the case: 400 at party', () => {
    expect(fieldsRefused(past, staffApply({ party: '赵六', filedOn: '2026-06-01', attachments: [SCAN] }))).toEqual(['validation', ['party']])
  })
  it.each([
    ['after the day it is recorded (6-02)', '2026-06-02'],
    ['before the agreement took effect (3-09; effective 3-10)', '2026-03-09'],
  ])('filed %s: 400 at filedOn', (_what, filedOn) => {
    expect(fieldsRefused(past, staffApply({ party: '王芳', filedOn, attachments: [SCAN] }))).toEqual(['validation', ['filedOn']])
  })
  it('with all of it: EnforcementApplied names the applicant, the filing day, who recorded it and the scan', () => {
    given(past).when(staffApply({ party: '王芳', filedOn: '2026-05-29', attachments: [SCAN], note: '王芳已向法院递交申请' })).then([
      {
        type: 'EnforcementApplied',
        data: {
          court: COURT,
          applicant: '王芳',
          filedOn: '2026-05-29',
          note: '王芳已向法院递交申请',
          recordedBy: actors.streetOfficer.id,
          attachments: [SCAN],
          caseNumber: CASE_NUMBER,
          enforcementBy: '2028-03-27T23:59:59+08:00',
          afterLimitation: false,
        },
      },
    ])
  })
  it('the respondent may be the applicant too (the agreement may bind either party)', () => {
    expect(fieldsRefused(past, staffApply({ party: '李强', filedOn: '2026-06-01', attachments: [SCAN] }))).toEqual(['accepted', ['EnforcementApplied']])
  })
  it.each([
    ['filed on the last day (Mon 2028-03-27), recorded Wed 3-29', '2028-03-27', false],
    ['filed the day after (Tue 3-28), recorded Wed 3-29', '2028-03-28', true],
  ])('the 2 years are the filing’s: %s → afterLimitation %s', (_what, filedOn, late) => {
    const [applied] = decided(past, staffApply({ party: '王芳', filedOn, attachments: [SCAN] }, actors.streetOfficer, '2028-03-29T10:00:00+08:00'))
    expect(applied?.type === 'EnforcementApplied' && [applied.data.filedOn, applied.data.afterLimitation]).toEqual([filedOn, late])
  })
  it('a resident applies for itself: its own party, filed today, no scan needed', () => {
    given(past).when(command('ApplyForEnforcement', actors.wang, T, { court: COURT })).then([
      { type: 'EnforcementApplied', data: { court: COURT, applicant: '王芳', filedOn: '2026-06-01', caseNumber: CASE_NUMBER, enforcementBy: '2028-03-27T23:59:59+08:00', afterLimitation: false } },
    ])
  })
  it('a resident who attaches the scan of what it filed, and says when: both kept on the event (nothing it gave dropped)', () => {
    const [applied] = decided(past, command('ApplyForEnforcement', actors.wang, T, { court: COURT, filedOn: '2026-05-29', attachments: [SCAN] }))
    expect(applied?.type === 'EnforcementApplied' && [applied.data.filedOn, applied.data.attachments, applied.data.recordedBy]).toEqual(['2026-05-29', [SCAN], undefined])
  })
  it('a resident naming the other party: forbidden (it speaks only for itself)', () => {
    given(past).when(command('ApplyForEnforcement', actors.wang, T, { court: COURT, party: '李强' } as never)).then('forbidden')
  })
  it('the state is checked first: a fulfilment in full refuses the application whatever the data (invalid-transition)', () => {
    given([...past.slice(0, -1), history.fulfilled]).when(staffApply({})).then('invalid-transition')
  })
})

// DOMAIN.md "Dispute": after confirmation, fulfilment; `none` may lead to enforcement-applied; then 回访 → closed. A visit
// that finds the confirmed agreement not performed is not the end of it: 人民调解法 art. 33 ¶2 ("一方当事人拒绝履行或者
// 未全部履行的，对方当事人可以向人民法院申请强制执行") sets no moment after which the party may no longer apply, only the
// 2 years of 民事诉讼法 art. 250 (2023 numbering), which the case records as `afterLimitation` (above); and the respondent
// may still pay. So after the visit a performance is recorded, or an application for enforcement, and the case goes back
// to be visited again before it is closed.
describe('after a follow-up visit (回访) that found the confirmed agreement not performed', () => {
  // Confirmed Fri 2026-03-27 without a performance deadline: the window ends Mon 2028-03-27 at 24:00 China time.
  const confirmedAt = [...at.courtAccepted]
  confirmedAt.push(...decided(confirmedAt, command('RecordConfirmation', actors.courtClerk, '2026-03-27T10:00:00+08:00', { outcome: 'confirmed', caseNumber: CASE_NUMBER })))
  const visit = { type: 'FollowUpVisited', data: { note: '回访：李强未履行', satisfied: false } } as DisputeEvent
  const performed = (fulfilment: string) => ({ type: 'FulfilmentRecorded', data: { fulfilment } }) as DisputeEvent
  const visited = (fulfilment: string) => [...confirmedAt, performed(fulfilment), visit]
  const apply = (when: string) => command('ApplyForEnforcement', actors.wang, when, { court: COURT })
  const fulfil = (fulfilment: string) => command('RecordFulfilment', actors.peopleMediator, '2026-06-01T10:00:00+08:00', { fulfilment } as never)
  const answer = (past: readonly DisputeEvent[], c: Parameters<typeof decider.decide>[0]) => {
    const r = decider.decide(c, fold(decider, past))
    return E.isLeft(r) ? r.left.code : r.right.map((e) => e.type).join()
  }

  it.each([
    ['the last day of the 2 years, its last moment (Mon 2028-03-27 23:59:59.999)', '2028-03-27T23:59:59.999+08:00', false],
    ['the day after, 00:00 (Tue 2028-03-28)', '2028-03-28T00:00:00+08:00', true],
  ])('a party applies for enforcement on %s → recorded, afterLimitation %s', (_what, when, late) => {
    given(visited('none')).when(apply(when)).then([
      { type: 'EnforcementApplied', data: { court: COURT, applicant: '王芳', filedOn: when.slice(0, 10), caseNumber: CASE_NUMBER, enforcementBy: '2028-03-27T23:59:59+08:00', afterLimitation: late } },
    ])
    const after = [...visited('none'), ...decided(visited('none'), apply(when))]
    expect(fold(decider, after).status).toBe('enforcement-applied')
    // Then visited again, and only then closed.
    expect(answer(after, command('CloseDispute', actors.peopleMediator, when, {}))).toBe('invalid-transition')
  })
  it('found performed in part: an application is recorded as well (未全部履行)', () => {
    expect(answer(visited('partial'), apply('2026-06-01T10:00:00+08:00'))).toBe('EnforcementApplied')
  })
  it('a later performance is recorded (partial, then full), never going back (none again: 400 at fulfilment)', () => {
    expect(answer(visited('none'), fulfil('partial'))).toBe('FulfilmentRecorded')
    expect(answer(visited('none'), fulfil('full'))).toBe('FulfilmentRecorded')
    expect(answer(visited('none'), fulfil('none'))).toBe('validation')
    expect(answer(visited('partial'), fulfil('partial'))).toBe('FulfilmentRecorded')
    expect(fold(decider, [...visited('none'), ...decided(visited('none'), fulfil('partial'))]).status).toBe('fulfilment-recorded')
  })
  it('visited after an application for enforcement: only a performance in full, and no second application', () => {
    const enforced = [...confirmedAt, performed('none'), ...decided([...confirmedAt, performed('none')], apply('2026-06-01T10:00:00+08:00')), visit]
    expect(answer(enforced, fulfil('partial'))).toBe('validation')
    expect(answer(enforced, fulfil('full'))).toBe('FulfilmentRecorded')
    expect(answer(enforced, apply('2026-07-01T10:00:00+08:00'))).toBe('invalid-transition')
  })
  it('found performed in full: nothing more but the close (fulfilment and enforcement refused)', () => {
    expect(answer(visited('full'), fulfil('full'))).toBe('invalid-transition')
    expect(answer(visited('full'), apply('2026-06-01T10:00:00+08:00'))).toBe('invalid-transition')
    expect(answer(visited('full'), command('CloseDispute', actors.peopleMediator, '2026-06-01T10:00:00+08:00', {}))).toBe('DisputeClosed')
  })
  it('an agreement never confirmed, visited unperformed: no enforcement (nothing enforceable), a later performance yes', () => {
    const unconfirmed = [...at.agreed, performed('none'), visit]
    expect(answer(unconfirmed, apply('2026-06-01T10:00:00+08:00'))).toBe('invalid-transition')
    expect(answer(unconfirmed, fulfil('full'))).toBe('FulfilmentRecorded')
  })
})
