import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { processActor, processCommandId } from '../processes/mediationOutcome.js'
import { mediationOutcomeCommands } from '../processes/mediationOutcome.js'
import { dashboardProjection, dashboardView } from '../projections/dashboard.js'
import { complaintDraft as c } from '../projections/fixtures.js'
import { replay } from '../projections/projection.js'
import { actors, CASE_ID, command, DISPUTE_ID, GRID, historyUntil, registration, run, units } from './fixtures.js'
import { complaintDecider } from './index.js'
import { isOpen } from './state.js'

// 诉调对接 on the complaint side: a complaint referred to mediation waits on it (DOMAIN.md "Dispute": "a dispute
// referred from a complaint carries both ids, and its conclusion is recorded back on the complaint").
const decider = complaintDecider()
const refer = command('ReferToMediation', actors.gridWorker, '2026-03-03T09:00:00+08:00', {
  disputeId: DISPUTE_ID,
  disputeCategory: 'property',
  respondents: [{ name: '某物业公司' }],
  summary: '物业费争议',
})
const referred = () => run([refer], {}, historyUntil('acknowledged'))
const bot = processActor('mediation-outcome', GRID)
const conclude = (data: unknown, actor = bot, at = '2026-03-20T10:00:00+08:00') =>
  ({ type: 'RecordMediationOutcome', data, meta: { commandId: `conclude@${at}`, actor, at } }) as Parameters<typeof decider.decide>[0]

describe('a complaint referred to mediation (转调解)', () => {
  it('stays open, waiting on the dispute (not final)', () => {
    const s = referred().state
    expect(s).toMatchObject({ status: 'referred-to-mediation', disputeId: DISPUTE_ID })
    expect(isOpen(s)).toBe(true)
    // Still supervised: a supervisor may urge it.
    expect(E.isRight(decider.decide(command('UrgeComplaint', actors.supervisor, '2026-03-04T09:00:00+08:00', { note: '请跟进调解' }), s))).toBe(true)
  })

  it('takes the conclusion back as its result (the lead’s), then the hotline notifies as usual', () => {
    const r = referred()
    const decided = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome: 'agreement', summary: '达成调解协议' }), r.state)
    if (E.isLeft(decided)) throw new Error(decided.left.message)
    expect(decided.right.map((e) => e.type)).toEqual(['ComplaintMediationConcluded'])
    const s = decided.right.reduce(decider.evolve, r.state)
    // result deadline 15 working days after 03-02 dispatch: 03-23 18:00; concluded 03-20, on time.
    expect(s).toMatchObject({ status: 'result-submitted', mediation: { disputeId: DISPUTE_ID, outcome: 'agreement' }, result: { unit: units.grid, outcome: 'resolved', text: '达成调解协议' } })
    const notified = decider.decide(command('NotifyComplainant', actors.operator, '2026-03-20T11:00:00+08:00', { method: 'phone' }), s)
    expect(E.isRight(notified)).toBe(true)
    // A mediation's result is not the handling unit's to report.
    expect(E.isLeft(decider.decide(command('NotifyComplainant', actors.gridWorker, '2026-03-20T11:00:00+08:00', { method: 'phone' }), s))).toBe(true)
  })

  it('ends an extension request still pending: the mediation’s conclusion is the round’s result, as a submitted result is', () => {
    // The grid asks for 5 more working days on 03-02's round (result by 03-23 24:00), then refers the case to mediation
    // before a supervisor answers; the dispute concludes on 03-20. The case now has its result: nothing is left for the
    // request to extend, and no approver can answer it (approval and denial are for a round in hand).
    const ask = command('RequestExtension', actors.gridWorker, '2026-03-03T08:00:00+08:00', { days: 5, reason: '需等待物业公司答复' })
    const r = run([ask, refer], {}, historyUntil('acknowledged'))
    expect(r.state).toMatchObject({ status: 'referred-to-mediation', pendingExtension: { days: 5 } })
    const decided = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome: 'agreement' }), r.state)
    if (E.isLeft(decided)) throw new Error(decided.left.message)
    const s = decided.right.reduce(decider.evolve, r.state)
    expect(s).toMatchObject({ status: 'result-submitted', extended: false })
    expect(s.status !== 'none' && s.pendingExtension).toBeUndefined()
    expect(E.isLeft(decider.decide(command('ApproveExtension', actors.supervisor, '2026-03-20T11:00:00+08:00', {}), s))).toBe(true)
  })

  it('maps failure and litigation to results that say so', () => {
    const outcomeOf = (outcome: string) => {
      const decided = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome }), referred().state)
      if (E.isLeft(decided)) throw new Error(decided.left.message)
      return decided.right.reduce(decider.evolve, referred().state)
    }
    expect(outcomeOf('failed')).toMatchObject({ result: { outcome: 'unresolvable' } })
    expect(outcomeOf('litigation')).toMatchObject({ result: { outcome: 'explained' } })
  })

  it('refuses another dispute’s conclusion, a conclusion on a complaint not referred, and anyone but an admin', () => {
    const other = decider.decide(conclude({ disputeId: '5d2c1a0e-8b7f-4c3d-a1e2-3f4b5c6d7e8f', outcome: 'agreement' }), referred().state)
    expect(E.isLeft(other) && other.left.code === 'validation' ? other.left.errors.map((e) => e.path) : []).toEqual(['disputeId'])
    const notReferred = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome: 'agreement' }), historyUntil('acknowledged').state)
    expect(E.isLeft(notReferred) && notReferred.left.code).toBe('invalid-transition')
    const byMediator = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome: 'agreement' }, actors.mediator), referred().state)
    expect(E.isLeft(byMediator) && byMediator.left.code).toBe('forbidden')
  })

  it('stays on the overdue list while the mediation runs past the result deadline', () => {
    // Dispatched 03-02 with the result due 03-10 18:00, referred 03-04; as of 03-12 12:00 it is 42 h past it.
    const id = '00000000-0000-4000-8000-000000000001'
    const G = { id: 'a-grid', name: 'a-grid office', level: 'grid' as const, jurisdiction: 'hohhot/saihan/wulan/c1/g1' }
    const log = sealLog([
      c(id, 'ComplaintRegistered', '2026-03-02T09:00:00+08:00', {
        channel: 'hotline-12345', kind: 'complaint', category: 'property', urgency: 'normal', title: 't', description: 'd',
        jurisdiction: G.jurisdiction, complainant: { name: '李四', phone: '13912345678' }, policy: 'standard-normal',
      }),
      c(id, 'ComplaintDispatched', '2026-03-02T10:00:00+08:00', {
        unit: G, round: 1, redispatch: false, policy: 'standard-normal', acknowledgeBy: '2026-03-03T10:00:00+08:00', resultBy: '2026-03-10T18:00:00+08:00',
        category: 'property', kind: 'complaint', urgency: 'normal', jurisdiction: G.jurisdiction,
      } as never),
      c(id, 'ComplaintAcknowledged', '2026-03-02T11:00:00+08:00', { unit: G, after: 'dispatch', onTime: true } as never),
      { streamId: `complaint-${id}`, type: 'ComplaintReferredToMediation', at: '2026-03-04T09:00:00+08:00', actor: actors.gridWorker, data: {
        complaintId: id, disputeId: DISPUTE_ID, disputeCategory: 'property', jurisdiction: G.jurisdiction, applicant: { name: '李四' }, respondents: [{ name: '某物业公司' }], summary: 's',
      } },
    ])
    const view = dashboardView(replay(dashboardProjection, log), { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00', asOf: '2026-03-12T12:00:00+08:00', jurisdiction: 'hohhot/saihan', depth: 1 })
    expect(view.overdue.items.map((i) => [i.caseId, i.deadlineKind, i.hoursOverdue])).toEqual([[id, 'result', 42]])
  })
})

describe('the mediation-outcome process', () => {
  const agreed = (data: unknown): RecordedEvent => ({
    eventId: 'e-agreed', streamId: `dispute-${DISPUTE_ID}`, version: 5, position: 40, type: 'MediationAgreed', schemaVersion: 1, data,
    metadata: { commandId: 'c', correlationId: 'corr', causationId: 'c', actor: actors.mediator, occurredAt: '2026-03-20T10:00:00+08:00', recordedAt: 'x', prevHash: 'p', hash: 'h' },
  })
  it('issues record-mediation-outcome on the linked complaint, its id derived from the event, as an admin of its jurisdiction', () => {
    const out = mediationOutcomeCommands(agreed({ complaintId: 'cid', track: 'people' }), GRID)
    expect(out).toEqual(E.right([{
      caseType: 'complaint-', caseId: 'cid', command: 'record-mediation-outcome',
      data: { disputeId: DISPUTE_ID, outcome: 'agreement', summary: 'mediation concluded: agreement' },
      meta: { commandId: processCommandId('mediation-outcome', 'e-agreed'), actor: bot, at: '2026-03-20T10:00:00+08:00', correlationId: 'corr', causationId: 'e-agreed' },
    }]))
  })
  it('gives nothing for a dispute that did not come from a complaint', () => {
    expect(mediationOutcomeCommands(agreed({ track: 'people' }), GRID)).toEqual(E.right([]))
  })
})

// 回访 after a mediation (北京市接诉即办工作条例: the hotline calls back; DOMAIN.md "Dispute": "its conclusion is
// recorded back on the complaint (the complainant is told)"): the conclusion is the result; the hotline notifies
// and calls back as after any result — whether or not the complaint had been dispatched before it was referred.
describe('callback after a mediation result (调解结果回访)', () => {
  const answers = { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' } as const
  const concluded = (before: ReturnType<typeof run>) => {
    const d = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome: 'agreement', summary: '达成调解协议' }), before.state)
    if (E.isLeft(d)) throw new Error(d.left.message)
    return { events: [...before.events, ...d.right], state: d.right.reduce(decider.evolve, before.state) }
  }
  const notify = (at: string) => command('NotifyComplainant', actors.operator, at, { method: 'phone' })
  const callback = (at: string) => command('RecordCallback', actors.operator, at, answers)
  // 访调对接: a 涉法涉诉 complaint under the 信访 (petition) policy, accepted and referred before any dispatch.
  const petitionReferred = () =>
    run(
      [
        command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ category: 'law-related' })),
        command('AcceptComplaint', actors.operator, '2026-03-02T09:10:00+08:00', {}),
        command('ReferToMediation', actors.operator, '2026-03-02T09:30:00+08:00', { disputeId: DISPUTE_ID, disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '邻里纠纷' }),
      ],
    )

  it('given a complaint referred before dispatch and concluded, when the hotline notifies and then calls back, then both are recorded (no unit is credited)', () => {
    const c = concluded(petitionReferred())
    expect(c.state).toMatchObject({ status: 'result-submitted', mediation: { outcome: 'agreement' } })
    const notified = run([notify('2026-03-20T11:00:00+08:00')], {}, c)
    const called = run([callback('2026-03-21T09:00:00+08:00')], {}, notified)
    const last = called.events.at(-1)
    // The handling deadline it kept (信访, 60 days from the 03-02 acceptance): day 60 is Fri 05-01, 劳动节 (05-01 to
    // 05-05 off in 2026), so it ends on Wed 05-06 at 24:00.
    expect(last).toEqual({ type: 'ComplaintCallbackRecorded', data: { complaintId: CASE_ID, at: '2026-03-21T09:00:00+08:00', ...answers, resultBy: '2026-05-06T23:59:59+08:00', round: 0 } })
    expect(called.state).toMatchObject({ status: 'complainant-notified', callback: { reached: true, satisfaction: 'satisfied' } })
  })

  it('given a complaint referred before dispatch and concluded but not yet notified, when the hotline calls back, then it is refused (notify first)', () => {
    const c = concluded(petitionReferred())
    const refused = decider.decide(callback('2026-03-21T09:00:00+08:00'), c.state)
    expect(E.isLeft(refused) && refused.left.code).toBe('invalid-transition')
  })

  it('given a dispatched complaint referred and concluded before its result deadline, when notified, then the callback opens at once (not only once the deadline runs)', () => {
    // Result due 15 working days after the 03-02 dispatch: 2026-03-23 23:59:59; the callback is on 03-21, before it.
    const c = concluded(referred())
    const called = run([notify('2026-03-20T11:00:00+08:00'), callback('2026-03-21T09:00:00+08:00')], {}, c)
    expect(called.events.at(-1)).toMatchObject({ type: 'ComplaintCallbackRecorded', data: { unit: units.grid, resultBy: '2026-03-23T23:59:59+08:00', round: 1 } })
  })

  it('given a complaint referred before dispatch, concluded and notified, when the complainant rates it, then the 一事一评 is kept without a unit, and the case closes', () => {
    const notified = run([notify('2026-03-20T11:00:00+08:00')], {}, concluded(petitionReferred()))
    const rated = run([command('EvaluateComplaint', actors.resident, '2026-03-21T09:00:00+08:00', { rating: 'satisfied' })], {}, notified)
    expect(rated.events.at(-1)).toEqual({ type: 'ComplaintEvaluated', data: { complaintId: CASE_ID, at: '2026-03-21T09:00:00+08:00', rating: 'satisfied', round: 0 } })
    const closed = run([command('CloseComplaint', actors.operator, '2026-03-22T09:00:00+08:00', {})], {}, rated)
    expect(closed.state).toMatchObject({ status: 'closed', closedAs: 'evaluated' })
  })
})

describe('the mediation-outcome process waits for the end of 三调联动', () => {
  const event = (type: string, data: unknown, eventId: string): RecordedEvent => ({
    eventId, streamId: `dispute-${DISPUTE_ID}`, version: 5, position: 40, type, schemaVersion: 1, data,
    metadata: { commandId: 'c', correlationId: 'corr', causationId: 'c', actor: actors.mediator, occurredAt: '2026-03-20T10:00:00+08:00', recordedAt: 'x', prevHash: 'p', hash: 'h' },
  })
  it('given a referred dispute that failed on the people track, when MediationFailed is seen, then nothing is recorded on the complaint (it may still be transferred)', () => {
    expect(mediationOutcomeCommands(event('MediationFailed', { complaintId: CASE_ID, track: 'people', reason: '分歧较大' }, 'e-failed'), GRID)).toEqual(E.right([]))
  })
  it('when it then agrees on the administrative track, the agreement is recorded: the complaint, still referred, takes it', () => {
    const out = mediationOutcomeCommands(event('MediationAgreed', { complaintId: CASE_ID, track: 'administrative' }, 'e-agreed-2'), GRID)
    if (E.isLeft(out)) throw new Error(out.left.message)
    const [cmd] = out.right
    const decided = decider.decide({ type: 'RecordMediationOutcome', data: cmd?.data, meta: cmd?.meta } as Parameters<typeof decider.decide>[0], referred().state)
    expect(E.isRight(decided) && decided.right.map((e) => [e.type, e.type === 'ComplaintMediationConcluded' ? e.data.outcome : undefined])).toEqual([['ComplaintMediationConcluded', 'agreement']])
  })
  it('when a failed case is referred to litigation instead, that is the conclusion (litigation)', () => {
    const out = mediationOutcomeCommands(event('ReferredToLitigation', { complaintId: CASE_ID, reason: '当事人坚持起诉' }, 'e-lit'), GRID)
    expect(E.isRight(out) && out.right.map((c) => (c.data as { outcome: string }).outcome)).toEqual(['litigation'])
  })
  it("masks, in the reason carried back, the people the dispute names whom the complaint does not (a session's attendee), and numbers", () => {
    const out = mediationOutcomeCommands(event('ReferredToLitigation', { complaintId: CASE_ID, reason: '赵小刚代赵六坚持起诉，电话13611112222' }, 'e-lit-2'), GRID, ['赵小刚'])
    expect(E.isRight(out) && out.right.map((c) => (c.data as { summary: string }).summary)).toEqual(['mediation concluded: litigation (赵**代赵六坚持起诉，电话136****2222)'])
  })
})

// 访调对接 before any dispatch: a 信访-policy (涉法涉诉) complaint referred to mediation at acceptance keeps its handling
// deadline. 信访工作条例 (2022) art. 34: handled within 60 days of acceptance (DOMAIN.md "Sources"); DOMAIN.md "Time": a statutory period
// (民法典 arts. 200–203) — the day of acceptance is not counted, it ends at 24:00 China time of its last day, and a
// last day on a statutory holiday moves to the first working day after it. No unit was dispatched: the deadline is
// the accepting hotline's, counted against no handling unit.
describe('a 信访 complaint referred to mediation before dispatch keeps its handling deadline (信访工作条例 art. 34: 60 days from acceptance)', () => {
  const petition = (acceptAt: string, referAt: string, from: 'registered' | 'accepted' = 'accepted') =>
    run([
      command('RegisterComplaint', actors.operator, '2026-07-31T09:00:00+08:00', registration({ category: 'law-related' })),
      ...(from === 'accepted' ? [command('AcceptComplaint', actors.operator, acceptAt, {})] : []),
      command('ReferToMediation', actors.operator, referAt, { disputeId: DISPUTE_ID, disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '邻里纠纷' }),
    ])

  it('given acceptance on Mon 2026-08-03, when referred the same day, then the result deadline is Thu 10-08 23:59:59 (day 60 is 10-02, 国庆: moved past the holiday)', () => {
    // By hand: Aug 3 is not counted; Aug 4–31 = 28 days, Sep 1–30 = 30 (58), Oct 1 = 59, Oct 2 = 60 — inside the
    // 2026 国庆 holiday (Oct 1–7), so the period ends on the first working day after it, Thu Oct 8, at 24:00.
    const r = petition('2026-08-03T10:00:00+08:00', '2026-08-03T11:00:00+08:00')
    expect(r.events.at(-1)).toMatchObject({
      type: 'ComplaintReferredToMediation',
      data: { policy: 'petition', resultBy: '2026-10-08T23:59:59+08:00', calendar: { from: '2026-08-03T10:00:00+08:00', days: 60, unit: 'statutory-days' } },
    })
    expect(r.state).toMatchObject({ status: 'referred-to-mediation', resultBy: '2026-10-08T23:59:59+08:00' })
    expect(r.state).not.toHaveProperty('lead')
  })

  it('the day before: accepted Fri 07-31, day 60 is Tue 09-29, a working day — it ends then', () => {
    // By hand: Aug 1–31 = 31 days, Sep 1–29 = 29 (60): Tue Sep 29, a working day.
    expect(petition('2026-07-31T10:00:00+08:00', '2026-08-01T09:00:00+08:00').state).toMatchObject({ resultBy: '2026-09-29T23:59:59+08:00' })
  })

  it('the day after: accepted Tue 08-04, day 60 is Sat 10-03 (国庆) — it also ends Thu 10-08', () => {
    expect(petition('2026-08-04T10:00:00+08:00', '2026-08-04T11:00:00+08:00').state).toMatchObject({ resultBy: '2026-10-08T23:59:59+08:00' })
  })

  it('counts from acceptance, not from the referral a few days later', () => {
    expect(petition('2026-08-03T10:00:00+08:00', '2026-08-06T09:00:00+08:00').state).toMatchObject({ resultBy: '2026-10-08T23:59:59+08:00' })
  })

  it('referred straight from registration, the referral is the decision to take it up (受理): counted from the referral', () => {
    // Referred Mon 08-03 at registration's end: the same count as accepted that day.
    const r = petition('', '2026-08-03T11:00:00+08:00', 'registered')
    expect(r.state).toMatchObject({ status: 'referred-to-mediation', resultBy: '2026-10-08T23:59:59+08:00' })
  })

  it('a 12345 (standard) complaint referred before dispatch gets no handling deadline: its result is counted from a dispatch that never came', () => {
    const r = run([
      command('RegisterComplaint', actors.operator, '2026-08-03T09:00:00+08:00', registration()),
      command('AcceptComplaint', actors.operator, '2026-08-03T10:00:00+08:00', {}),
      command('ReferToMediation', actors.operator, '2026-08-03T11:00:00+08:00', { disputeId: DISPUTE_ID, disputeCategory: 'property', respondents: [{ name: '某物业公司' }], summary: 's' }),
    ])
    expect(r.state).not.toHaveProperty('resultBy')
    expect(r.events.at(-1)?.data).not.toHaveProperty('resultBy')
  })

  it('a complaint referred after dispatch keeps the round’s deadline (no second one on the referral)', () => {
    expect(referred().events.at(-1)?.data).not.toHaveProperty('resultBy')
  })

  it('the dashboard lists it overdue from 10-09 00:00, by no unit, until the dispute concludes; due soon in the last 20% of its 66 days', () => {
    const id = CASE_ID
    const r = petition('2026-08-03T10:00:00+08:00', '2026-08-03T11:00:00+08:00')
    const concluded = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome: 'agreement' }, bot, '2026-10-12T10:00:00+08:00'), r.state)
    if (E.isLeft(concluded)) throw new Error(concluded.left.message)
    const recorded = (events: readonly { type: string; data: unknown }[], times: readonly string[]) =>
      events.map((e, i) => ({ streamId: `complaint-${id}`, type: e.type, at: times[i] ?? '', actor: actors.operator, data: e.data }))
    const times = ['2026-07-31T09:00:00+08:00', '2026-08-03T10:00:00+08:00', '2026-08-03T11:00:00+08:00', '2026-10-12T10:00:00+08:00']
    const log = sealLog(recorded([...r.events, ...concluded.right], times))
    const state = replay(dashboardProjection, log.slice(0, 3))
    const scope = (asOf: string) => ({ from: '2026-07-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', asOf, jurisdiction: 'hohhot', depth: 1 })
    // 10-08 23:59:59: the deadline itself, not yet past (within the last 20% of the time given): due soon.
    const dayOf = dashboardView(state, scope('2026-10-08T23:59:59+08:00'))
    expect(dayOf.overdue.items).toEqual([])
    expect(dayOf.overdue.dueSoon.items.map((i) => [i.caseId, i.deadlineKind, i.unitId])).toEqual([[id, 'result', undefined]])
    // 10-09 00:00:00: overdue by a second; counted in the place's 按期办结率 as due and late, against no unit.
    const dayAfter = dashboardView(state, scope('2026-10-09T00:00:00+08:00'))
    expect(dayAfter.overdue.items.map((i) => [i.caseId, i.deadlineKind, i.deadline, i.unitId])).toEqual([[id, 'result', '2026-10-08T15:59:59.000Z', undefined]])
    expect(dayAfter.overdue.byKind.accept).toBe(0)
    expect(dayAfter.rates).toMatchObject({ results: 1, resultsOnTime: 0 })
    expect(dayAfter.units).toEqual([])
    // Concluded on 10-12: off the overdue list, and a result that came 4 days late.
    const after = dashboardView(replay(dashboardProjection, log), scope('2026-10-13T00:00:00+08:00'))
    expect(after.overdue.items).toEqual([])
    expect(after.rates).toMatchObject({ results: 1, resultsOnTime: 0 })
  })
})

// 重办 of a complaint referred to mediation before any dispatch (DOMAIN.md "Complaint": `unsatisfied` or `not-solved`
// may lead to `reopened(重办)` back to dispatched). Once the mediation's result is back, the complainant notified and
// the callback (or their own rating) unsatisfied, the hotline may reopen it — to a unit it names: there is no earlier
// unit to send it back to. No unit's result was sent back, so the reopening counts against none.
describe('重办 of a complaint referred to mediation before dispatch', () => {
  const referredEarly = () =>
    run([
      command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ category: 'law-related' })),
      command('AcceptComplaint', actors.operator, '2026-03-02T09:10:00+08:00', {}),
      command('ReferToMediation', actors.operator, '2026-03-02T09:30:00+08:00', { disputeId: DISPUTE_ID, disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '邻里纠纷' }),
    ])
  const concludedAndCalled = (satisfaction: 'unsatisfied' | 'satisfied', solved: 'not-solved' | 'solved') => {
    const before = referredEarly()
    const d = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome: 'agreement' }), before.state)
    if (E.isLeft(d)) throw new Error(d.left.message)
    const concluded = { events: [...before.events, ...d.right], state: d.right.reduce(decider.evolve, before.state) }
    return run(
      [
        command('NotifyComplainant', actors.operator, '2026-03-20T11:00:00+08:00', { method: 'phone' }),
        command('RecordCallback', actors.operator, '2026-03-21T09:00:00+08:00', { reached: true, contacted: true, solved, satisfaction }),
      ],
      {},
      concluded,
    )
  }
  const reopen = (data: { reason: string; unit?: typeof units.grid }) => command('ReopenComplaint', actors.operator, '2026-03-22T09:00:00+08:00', data as never)

  it('given the callback unsatisfied, when the hotline reopens it naming no unit, then it is refused at `unit` (there is no earlier unit)', () => {
    const refused = decider.decide(reopen({ reason: '当事人对调解结果不满意' }), concludedAndCalled('unsatisfied', 'not-solved').state)
    expect(E.isLeft(refused) && refused.left.code === 'validation' ? refused.left.errors.map((e) => e.path) : refused).toEqual(['unit'])
  })

  it('given the callback unsatisfied, when the hotline reopens it to a unit, then it is dispatched to that unit with a new full window (no previous unit)', () => {
    const r = run([reopen({ reason: '当事人对调解结果不满意', unit: units.grid })], {}, concludedAndCalled('unsatisfied', 'not-solved'))
    // The petition policy's window from the reopening (Sun 03-22): Mar 23–31 = 9 days, Apr = 30 (39), May 1–21 = 21
    // (60): Thu 05-21, a working day, at 24:00. Acknowledge within 24 h: 03-23 09:00.
    const last = r.events.at(-1)
    expect(last).toMatchObject({ type: 'ComplaintReopened', data: { unit: units.grid, round: 1, policy: 'petition', resultBy: '2026-05-21T23:59:59+08:00' } })
    expect(last?.data).not.toHaveProperty('previousUnit')
    expect(r.state).toMatchObject({ status: 'dispatched', lead: units.grid, firstLead: units.grid, round: 1, reopenings: 1, resultBy: '2026-05-21T23:59:59+08:00' })
  })

  it('referred again after the 重办, to a second dispute that concluded too: the first dispute’s later outcome is still taken, naming its dispute', () => {
    const SECOND = '5d2c1a0e-8b7f-4c3d-a1e2-3f4b5c6d7e8f'
    const again = run(
      [
        reopen({ reason: '当事人对调解结果不满意', unit: units.grid }),
        command('ReferToMediation', actors.gridWorker, '2026-03-23T09:00:00+08:00', { disputeId: SECOND, disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '邻里纠纷，再次调解' }),
        conclude({ disputeId: SECOND, outcome: 'failed' }, bot, '2026-04-01T10:00:00+08:00') as never,
      ],
      {},
      concludedAndCalled('unsatisfied', 'not-solved'),
    )
    expect(again.state).toMatchObject({ status: 'result-submitted', mediation: { disputeId: SECOND, outcome: 'failed' } })
    const d = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome: 'confirmation-rejected' }, bot, '2026-04-10T10:00:00+08:00'), again.state)
    expect(E.isRight(d) && d.right.map((e) => [e.type, (e.data as { disputeId?: string }).disputeId])).toEqual([['ComplaintMediationUpdated', DISPUTE_ID]])
    const s = E.isRight(d) ? d.right.reduce(decider.evolve, again.state) : again.state
    expect(s).toMatchObject({ status: 'result-submitted', mediation: { disputeId: SECOND, outcome: 'failed', latest: { disputeId: DISPUTE_ID, outcome: 'confirmation-rejected' } } })
    // A dispute it was never referred to: still 400 at disputeId.
    const stranger = decider.decide(conclude({ disputeId: '00000000-0000-4000-8000-00000000abcd', outcome: 'litigation' }, bot, '2026-04-10T10:00:00+08:00'), again.state)
    expect(E.isLeft(stranger) && stranger.left.code).toBe('validation')
  })

  it('given the callback satisfied, when the hotline reopens it, then it is refused (only an unsatisfied or unsolved case is redone)', () => {
    const refused = decider.decide(reopen({ reason: 'x', unit: units.grid }), concludedAndCalled('satisfied', 'solved').state)
    expect(E.isLeft(refused) && refused.left.code).toBe('invalid-transition')
  })

  it('given the mediation still running, when the hotline reopens it, then it is refused (the result is not back)', () => {
    const refused = decider.decide(reopen({ reason: 'x', unit: units.grid }), referredEarly().state)
    expect(E.isLeft(refused) && refused.left.code).toBe('invalid-transition')
  })

  it('the dashboard counts the reopening against no unit, and the new round for the unit it went to', () => {
    const r = run([reopen({ reason: '当事人对调解结果不满意', unit: units.grid })], {}, concludedAndCalled('unsatisfied', 'not-solved'))
    const times = ['2026-03-02T09:00:00+08:00', '2026-03-02T09:10:00+08:00', '2026-03-02T09:30:00+08:00', '2026-03-20T10:00:00+08:00', '2026-03-20T11:00:00+08:00', '2026-03-21T09:00:00+08:00', '2026-03-22T09:00:00+08:00']
    const log = sealLog(r.events.map((e, i) => ({ streamId: `complaint-${CASE_ID}`, type: e.type, at: times[i] ?? '', actor: actors.operator, data: e.data })))
    // As of 03-24 12:00 the grid's acknowledgement (due 03-23 09:00) is late: the grid is on the list, with no 重办 of its own.
    const view = dashboardView(replay(dashboardProjection, log), { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00', asOf: '2026-03-24T12:00:00+08:00', jurisdiction: 'hohhot', depth: 1 })
    expect(view.units.map((u) => [u.unit.id, u.reopenings, u.dispatched, u.overdue.acknowledge])).toEqual([['grid-017', 0, 1, 1]])
    expect(view.overdue.items.map((i) => [i.deadlineKind, i.unitId])).toEqual([['acknowledge', 'grid-017']])
  })
})

// The dispute goes on after the conclusion the complaint took (DOMAIN.md "Dispute": a rejected agreement may go back to
// mediation or to litigation): the court rejects the agreement (驳回), the case agrees anew or goes to court. Each later
// outcome is recorded on the complaint as an event of its own, in whatever state the complaint is in — closed too — and
// moves it nowhere: the complaint's handling ended with the result it took (its notice, callback and rating are of that
// round, and a 重办 is the complainant's to ask for on the callback, not the court's); the hotline tells the complainant
// what came after (the event is on the complaint's history and feed, and the case shows the latest).
describe('a referred dispute’s later outcome, after its conclusion was recorded on the complaint', () => {
  const at = (d: string) => `2026-${d}T10:00:00+08:00`
  const concluded = run([conclude({ disputeId: DISPUTE_ID, outcome: 'agreement', summary: '达成调解协议' }) as never], {}, referred())
  const closed = run(
    [
      command('NotifyComplainant', actors.operator, at('03-20'), { method: 'phone' }),
      command('EvaluateComplaint', actors.resident, at('03-21'), { rating: 'satisfied' }),
      command('CloseComplaint', actors.operator, at('03-22'), {}),
    ],
    {},
    concluded,
  )
  const later = (state: typeof closed.state, outcome: string, when: string, summary?: string) =>
    decider.decide(conclude({ disputeId: DISPUTE_ID, outcome, ...(summary === undefined ? {} : { summary }) }, bot, at(when)), state)

  it('the court rejects the agreement after the complaint was closed: recorded, the complaint stays closed', () => {
    const d = later(closed.state, 'confirmation-rejected', '04-10', 'mediation concluded: confirmation-rejected (协议内容违反法律规定)')
    expect(d).toEqual(E.right([{ type: 'ComplaintMediationUpdated', data: { complaintId: CASE_ID, at: at('04-10'), disputeId: DISPUTE_ID, outcome: 'confirmation-rejected', summary: 'mediation concluded: confirmation-rejected (协议内容违反法律规定)' } }]))
    const s = E.isRight(d) ? d.right.reduce(decider.evolve, closed.state) : closed.state
    expect(s).toMatchObject({ status: 'closed', closedAs: 'evaluated', mediation: { disputeId: DISPUTE_ID, outcome: 'agreement', latest: { disputeId: DISPUTE_ID, outcome: 'confirmation-rejected', at: at('04-10') } } })
    // The result the complaint took stays its result (the figures count that round).
    expect(s.status !== 'none' && s.result?.outcome).toBe('resolved')
  })
  it('then a new agreement, or litigation: each recorded in turn, the case reading the latest', () => {
    const rejected = run([conclude({ disputeId: DISPUTE_ID, outcome: 'confirmation-rejected' }, bot, at('04-10')) as never], {}, closed)
    const sued = run([conclude({ disputeId: DISPUTE_ID, outcome: 'litigation' }, bot, at('04-20')) as never], {}, rejected)
    expect(sued.events.slice(-2).map((e) => [e.type, (e.data as { outcome?: string }).outcome])).toEqual([['ComplaintMediationUpdated', 'confirmation-rejected'], ['ComplaintMediationUpdated', 'litigation']])
    expect(sued.state).toMatchObject({ status: 'closed', mediation: { outcome: 'agreement', latest: { outcome: 'litigation' } } })
    expect(E.isRight(later(rejected.state, 'agreement', '04-20'))).toBe(true)
  })
  it('while the complaint is still open (result in, not yet notified): recorded, nothing reopened, the notice still due', () => {
    const d = later(concluded.state, 'confirmation-rejected', '03-25')
    if (E.isLeft(d)) throw new Error(d.left.message)
    const s = d.right.reduce(decider.evolve, concluded.state)
    expect(s.status).toBe('result-submitted')
    expect(E.isRight(decider.decide(command('NotifyComplainant', actors.operator, at('03-26'), { method: 'phone' }), s))).toBe(true)
  })
  it('a rejection is no first conclusion: on a complaint still referred, 400 at outcome', () => {
    const d = later(referred().state, 'confirmation-rejected', '03-20')
    expect(E.isLeft(d) && d.left.code === 'validation' ? d.left.errors.map((e) => e.path) : []).toEqual(['outcome'])
  })
  it('another dispute’s outcome is still refused (400 at disputeId), and by anyone but an admin (forbidden)', () => {
    const other = decider.decide(conclude({ disputeId: '5d2c1a0e-8b7f-4c3d-a1e2-3f4b5c6d7e8f', outcome: 'litigation' }, bot, at('04-10')), closed.state)
    expect(E.isLeft(other) && other.left.code === 'validation' ? other.left.errors.map((e) => e.path) : []).toEqual(['disputeId'])
    const byMediator = decider.decide(conclude({ disputeId: DISPUTE_ID, outcome: 'litigation' }, actors.mediator, at('04-10')), closed.state)
    expect(E.isLeft(byMediator) && byMediator.left.code).toBe('forbidden')
  })
})

describe('the mediation-outcome process carries the dispute’s later outcomes', () => {
  const event = (type: string, data: unknown, eventId: string): RecordedEvent => ({
    eventId, streamId: `dispute-${DISPUTE_ID}`, version: 9, position: 60, type, schemaVersion: 1, data,
    metadata: { commandId: 'c', correlationId: 'corr', causationId: 'c', actor: actors.mediator, occurredAt: '2026-04-10T10:00:00+08:00', recordedAt: 'x', prevHash: 'p', hash: 'h' },
  })
  it('the court’s rejection (JudicialConfirmationRejected, which names no complaint): sent to the complaint the dispute came from, with its reason', () => {
    const rejected = event('JudicialConfirmationRejected', { court: '赛罕区人民法院', reason: '协议内容违反法律规定', caseNumber: '(2026)蒙0105民特1号' }, 'e-rejected')
    expect(mediationOutcomeCommands(rejected, GRID, [], CASE_ID)).toEqual(E.right([{
      caseType: 'complaint-', caseId: CASE_ID, command: 'record-mediation-outcome',
      data: { disputeId: DISPUTE_ID, outcome: 'confirmation-rejected', summary: 'mediation concluded: confirmation-rejected (协议内容违反法律规定)' },
      meta: { commandId: processCommandId('mediation-outcome', 'e-rejected'), actor: bot, at: '2026-04-10T10:00:00+08:00', correlationId: 'corr', causationId: 'e-rejected' },
    }]))
    // Of a dispute that came from no complaint: nothing.
    expect(mediationOutcomeCommands(rejected, GRID, [])).toEqual(E.right([]))
  })
})
