import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { deciderSpec } from '../kernel/deciderSpec.js'
import { processActor } from '../processes/mediationOutcome.js'
import { actors, CASE_ID, command, DISPUTE_ID, GRID, historyUntil, registration, run, type CommandOf } from './fixtures.js'
import { complaintDecider } from './index.js'
import { referralCheck } from './referral.js'
import type { ComplaintCommand } from './commands.js'
import type { ComplaintEvent } from './events.js'

// 诉调对接, the ids (DOMAIN.md "Dispute"; HTTP.md: never reveal whether a case exists to whoever may not see it):
// registering a case whose id exists is one fixed answer; a referral's dispute id is derived when none is given; a
// referral the process could not carry out comes back on the complaint, which is then where it was before.
const decider = complaintDecider()
const { given } = deciderSpec(decider)
const bot = processActor('complaint-referral', GRID)
const T = '2026-03-03T09:00:00+08:00'
const referData = { disputeCategory: 'property', respondents: [{ name: '某物业公司' }], summary: '物业费争议' } as const
const refer = (data: Partial<CommandOf['ReferToMediation']['data']> = {}, at = T) =>
  command('ReferToMediation', actors.gridWorker, at, { ...referData, ...data } as CommandOf['ReferToMediation']['data'])
const failure = (data: Record<string, unknown>, actor = bot, at = '2026-03-03T09:05:00+08:00') =>
  ({ type: 'RecordReferralFailure', data, meta: { commandId: `failed@${at}`, actor, at } }) as unknown as ComplaintCommand
const acknowledged = () => historyUntil('acknowledged')
const disputeIdOf = (events: readonly ComplaintEvent[]): string | undefined => {
  const e = events.find((x) => x.type === 'ComplaintReferredToMediation')
  return e?.type === 'ComplaintReferredToMediation' ? e.data.disputeId : undefined
}

describe('registering a case whose id exists (RegisterComplaint)', () => {
  it.each([
    ['the operator who may act on it', actors.operator],
    ['an officer of another street, who may not see it', actors.outsider],
    ['a resident who is not its complainant', actors.otherResident],
    ['an auditor, who may not register', actors.auditor],
  ])('given a registered case, when %s registers the same id, then one fixed already-exists that names no state', (_who, actor) => {
    const e = given(historyUntil('registered').events).when(command('RegisterComplaint', actor, T, registration())).then('already-exists')
    expect(e).toEqual({ code: 'already-exists', message: 'a case with this id already exists' })
  })

  it('given a case further on, the answer is the same (nothing of its state)', () => {
    const e = given(acknowledged().events).when(command('RegisterComplaint', actors.outsider, T, registration())).then('already-exists')
    expect(e).toEqual({ code: 'already-exists', message: 'a case with this id already exists' })
  })
})

describe('refer to mediation: the dispute id', () => {
  it('given no disputeId, when referred, then the id is derived from the complaint and the referral: a version-8 uuid, the same on every decision', () => {
    const once = given(acknowledged().events).when(refer()).then((events) => expect(events.map((e) => e.type)).toEqual(['ComplaintReferredToMediation']))
    const again = given(acknowledged().events).when(refer({}, '2026-03-04T10:00:00+08:00')).then(() => undefined)
    const id = disputeIdOf(once)
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(disputeIdOf(again)).toBe(id)
    expect(id).not.toBe(CASE_ID)
  })

  it('given a disputeId in capitals, when referred, then the event names it in small letters (the id the routes use)', () => {
    const events = given(acknowledged().events).when(refer({ disputeId: DISPUTE_ID.toUpperCase() })).then(() => undefined)
    expect(disputeIdOf(events)).toBe(DISPUTE_ID)
  })
})

describe('a referral that failed (RecordReferralFailure → ComplaintReferralFailed)', () => {
  const referred = () => run([refer({ disputeId: DISPUTE_ID })], {}, acknowledged())
  const reason = { disputeId: DISPUTE_ID, code: 'already-exists', reason: 'a case with this id already exists' }

  it('given referred, when the referral process records the failure, then ComplaintReferralFailed, naming where the case goes back to', () => {
    given(referred().events).when(failure(reason)).then([
      { type: 'ComplaintReferralFailed', data: { complaintId: CASE_ID, at: '2026-03-03T09:05:00+08:00', ...reason, backTo: 'acknowledged' } },
    ])
  })

  it('puts the case back where it was, pointing at no dispute; it may be handled, or referred again under a new derived id', () => {
    const r = referred()
    const decided = decider.decide(failure(reason), r.state)
    if (E.isLeft(decided)) throw new Error(decided.left.message)
    const back = decided.right.reduce(decider.evolve, r.state)
    expect(back).toMatchObject({ status: 'acknowledged', lead: { id: 'grid-017' } })
    expect('disputeId' in back ? back.disputeId : undefined).toBeUndefined()
    // Handled on as before: the lead submits a result…
    expect(E.isRight(decider.decide(command('SubmitResult', actors.gridWorker, '2026-03-04T09:00:00+08:00', { result: '已协调', outcome: 'resolved' }), back))).toBe(true)
    // …or referred again: a derived id, not the one that failed, and not the first referral's derived one.
    const first = disputeIdOf(given(acknowledged().events).when(refer()).then(() => undefined))
    const history = [...r.events, ...decided.right]
    const second = disputeIdOf(given(history).when(refer({}, '2026-03-04T09:00:00+08:00')).then(() => undefined))
    expect(second).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8/)
    expect([DISPUTE_ID, first]).not.toContain(second)
  })

  it('given a case referred from registration, when the failure is recorded, then it is back at registered', () => {
    const fromRegistered = run([refer({ disputeId: DISPUTE_ID })], {}, historyUntil('registered'))
    const decided = decider.decide(failure(reason), fromRegistered.state)
    if (E.isLeft(decided)) throw new Error(decided.left.message)
    expect(decided.right.reduce(decider.evolve, fromRegistered.state)).toMatchObject({ status: 'registered' })
  })

  it('refuses a failure on a case not referred, one naming another dispute, and anyone but an admin (a process)', () => {
    given(acknowledged().events).when(failure(reason)).then('invalid-transition')
    const other = given(referred().events).when(failure({ ...reason, disputeId: '5d2c1a0e-8b7f-4c3d-a1e2-3f4b5c6d7e8f' })).then('validation')
    expect(other.code === 'validation' ? other.errors.map((x) => x.path) : []).toEqual(['disputeId'])
    given(referred().events).when(failure(reason, actors.gridWorker)).then('forbidden')
    given(referred().events).when(failure(reason, actors.operator)).then('forbidden')
  })
})

describe('refer to mediation naming its dispute id: the check before the decision (referralCheck)', () => {
  // A 举报 is never referred (decide): a disputeId that exists must not answer already-exists first, telling the
  // caller something about another case for a referral the complaint would refuse anyway.
  it('given a 举报 and a disputeId that names a case, then no answer of its own: the decider refuses the referral', async () => {
    const report = run([command('RegisterComplaint', actors.operator, T, registration({ kind: 'report' }))]).state
    const complaint = historyUntil('registered').state
    const ask = (state: unknown) =>
      referralCheck({
        caseId: CASE_ID,
        data: { ...referData, disputeId: DISPUTE_ID },
        actor: actors.operator,
        meta: { commandId: 'c', actor: actors.operator, at: T },
        read: async () => ({ state, version: 0 }),
        readOther: async () => { throw new Error('not asked') },
        exists: async () => true,
      })
    expect(await ask(complaint)).toMatchObject({ code: 'already-exists' })
    expect(await ask(report)).toBeUndefined()
    given(run([command('RegisterComplaint', actors.operator, T, registration({ kind: 'report' }))]).events).when(refer({ disputeId: DISPUTE_ID })).then('invalid-transition')
  })
})

describe('refer to mediation naming its dispute id, by an area unit that does not act for the lead (referralCheck)', () => {
  it('gives no answer of its own (no already-exists): the decider forbids the referral', async () => {
    const streetLed = historyUntil('acknowledged', { id: 'wulan-street', name: '乌兰街道', level: 'street', jurisdiction: 'hohhot/saihan/wulan' }, actors.streetOfficer)
    const ask = (actor: typeof actors.gridWorker | typeof actors.streetOfficer) =>
      referralCheck({
        caseId: CASE_ID,
        data: { ...referData, disputeId: DISPUTE_ID },
        actor,
        meta: { commandId: 'c', actor, at: T },
        read: async () => ({ state: streetLed.state, version: 4 }),
        readOther: async () => { throw new Error('not asked') },
        exists: async () => true,
      })
    expect(await ask(actors.streetOfficer)).toMatchObject({ code: 'already-exists' })
    expect(await ask(actors.gridWorker)).toBeUndefined()
    given(streetLed.events).when(refer({ disputeId: DISPUTE_ID })).then('forbidden')
  })
})
