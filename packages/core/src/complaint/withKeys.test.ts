import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { evolveBefore } from '../../../../tests/support/complaintFoldBefore.js'
import type { ComplaintEvent } from './events.js'
import { actors, command, DISPUTE_ID, GRID, historyUntil, OTHER_CASE_ID, registration, run, type Run } from './fixtures.js'
import { complaintDecider } from './index.js'
import { initialState, type ComplaintState } from './state.js'
import { processActor } from '../processes/mediationOutcome.js'

// One fixed case per step of the fold that copies with `withKeys` (the properties in properties.test.ts reach some
// of them rarely): each event of the history folded by the fold and by the fold before withKeys
// (tests/support/complaintFoldBefore.ts), from the start and from the case read back as JSON before the last event,
// must give the same keys in the same order, the same values (undefined written out) and the same prototype.
const decider = complaintDecider()
const exactly = (s: ComplaintState): string => JSON.stringify(s, (_key, value: unknown) => (value === undefined ? '<undefined>' : value))
const bot = processActor('mediation-outcome', GRID)
const conclude = (before: Run, outcome: 'agreement' | 'failed' | 'confirmation-rejected', at = '2026-03-20T10:00:00+08:00'): Run => {
  const c = { type: 'RecordMediationOutcome', data: { disputeId: DISPUTE_ID, outcome, summary: '调解结束' }, meta: { commandId: `conclude@${at}`, actor: bot, at } } as Parameters<typeof decider.decide>[0]
  const d = decider.decide(c, before.state)
  if (E.isLeft(d)) throw new Error(d.left.message)
  return { events: [...before.events, ...d.right], state: d.right.reduce(decider.evolve, before.state) }
}
const refer = (at: string) => command('ReferToMediation', actors.operator, at, { disputeId: DISPUTE_ID, disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '邻里纠纷' })
// 访调对接: a 涉法涉诉 complaint under the 信访 policy, referred before any dispatch: the referral brings a deadline.
const petitionReferred = () =>
  run([
    command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ category: 'law-related' })),
    command('AcceptComplaint', actors.operator, '2026-03-02T09:10:00+08:00', {}),
    refer('2026-03-02T09:30:00+08:00'),
  ])
// … referred straight from `registered`, the referral refused for good: back to registered, its resultBy dropped.
const petitionFailed = (): Run => {
  const before = run([
    command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ category: 'law-related' })),
    refer('2026-03-02T09:30:00+08:00'),
  ])
  const at = '2026-03-02T09:40:00+08:00'
  const c = { type: 'RecordReferralFailure', data: { disputeId: DISPUTE_ID, code: 'already-exists', reason: '案件编号已存在' }, meta: { commandId: `failed@${at}`, actor: processActor('complaint-referral', GRID), at } } as Parameters<typeof decider.decide>[0]
  const d = decider.decide(c, before.state)
  if (E.isLeft(d)) throw new Error(d.left.message)
  return { events: [...before.events, ...d.right], state: d.right.reduce(decider.evolve, before.state) }
}
const dispatchedReferred = () => run([refer('2026-03-03T09:00:00+08:00')], {}, historyUntil('acknowledged'))

const cases: readonly (readonly [string, ComplaintEvent['type'], () => Run])[] = [
  ['accepted', 'ComplaintAccepted', () => historyUntil('accepted')],
  ['rejected', 'ComplaintRejected', () => run([command('RejectComplaint', actors.operator, '2026-03-02T09:10:00+08:00', { reason: '不属于本市管辖' })], {}, historyUntil('registered'))],
  ['dispatched', 'ComplaintDispatched', () => historyUntil('dispatched')],
  ['resolved on the spot', 'ComplaintResolvedOnTheSpot', () => run([command('RegisterComplaint', actors.gridWorker, '2026-03-02T09:00:00+08:00', registration({ channel: 'grid-visit', category: 'sanitation', onTheSpot: { result: '已现场处理', photos: ['a3f5c2d18e9b4f6a7c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b'] } } as never))])],
  ['merged', 'ComplaintMerged', () => run([command('MergeComplaint', actors.operator, '2026-03-02T09:05:00+08:00', { primaryId: OTHER_CASE_ID, reason: '同一诉求' })], {}, historyUntil('registered'))],
  ['exclusion applied', 'ComplaintExclusionApplied', () => run([command('ApplyForExclusion', actors.gridWorker, '2026-03-06T09:00:00+08:00', { ground: 'unreasonable-demand', reason: '诉求超出政策范围' })], {}, historyUntil('notified'))],
  ['referred after dispatch (no deadline on the referral)', 'ComplaintReferredToMediation', dispatchedReferred],
  ['referred before dispatch under the 信访 policy (the referral brings resultBy, policy, counted)', 'ComplaintReferredToMediation', petitionReferred],
  ['a 信访 referral from registered failed (its resultBy goes)', 'ComplaintReferralFailed', petitionFailed],
  ['a referral after dispatch failed', 'ComplaintReferralFailed', () => {
    const before = dispatchedReferred()
    const at = '2026-03-03T09:10:00+08:00'
    const c = { type: 'RecordReferralFailure', data: { disputeId: DISPUTE_ID, code: 'already-exists', reason: '案件编号已存在' }, meta: { commandId: `failed@${at}`, actor: processActor('complaint-referral', GRID), at } } as Parameters<typeof decider.decide>[0]
    const d = decider.decide(c, before.state)
    if (E.isLeft(d)) throw new Error(d.left.message)
    return { events: [...before.events, ...d.right], state: d.right.reduce(decider.evolve, before.state) }
  }],
  ['mediation concluded with a lead', 'ComplaintMediationConcluded', () => conclude(dispatchedReferred(), 'agreement')],
  ['mediation concluded without a lead', 'ComplaintMediationConcluded', () => conclude(petitionReferred(), 'failed')],
  ['the court rejected the agreement after (a later outcome, the case not moved)', 'ComplaintMediationUpdated', () => conclude(conclude(dispatchedReferred(), 'agreement'), 'confirmation-rejected', '2026-04-10T10:00:00+08:00')],
  ['closed', 'ComplaintClosed', () => run([command('EvaluateComplaint', actors.resident, '2026-03-06T09:00:00+08:00', { rating: 'satisfied' }), command('CloseComplaint', actors.operator, '2026-03-07T09:00:00+08:00', {})], {}, historyUntil('notified'))],
]

describe('the complaint fold gives the case the fold before withKeys gave, step by step', () => {
  it.each(cases)('%s', (_name, type, history) => {
    const { events } = history()
    expect(events.map((e) => e.type)).toContain(type)
    const last = events.map((e) => e.type).lastIndexOf(type)
    let state: ComplaintState = initialState
    let before: ComplaintState = initialState
    events.slice(0, last + 1).forEach((event, i) => {
      if (i === last) {
        // Also from the case read back as JSON (the case list folds on from its stored row).
        const stored = JSON.parse(JSON.stringify(state)) as ComplaintState
        expect(exactly(decider.evolve(stored, event))).toBe(exactly(evolveBefore(JSON.parse(JSON.stringify(before)) as ComplaintState, event)))
      }
      state = decider.evolve(state, event)
      before = evolveBefore(before, event)
      expect(exactly(state), event.type).toBe(exactly(before))
      expect(JSON.stringify(state), event.type).toBe(JSON.stringify(before))
      expect(Object.getPrototypeOf(state)).toBe(Object.getPrototypeOf(before))
    })
    // The step's own keys: what it added is there (the example reaches the branch it is named for).
    expect(state.status).not.toBe('none')
  })

  it('the 信访 referral before dispatch adds its deadline keys, and the conclusion without a lead adds no result', () => {
    const r = petitionReferred().state
    expect(r).toHaveProperty('resultBy')
    expect(r).toHaveProperty('policy', 'petition')
    expect(r).not.toHaveProperty('lead')
    const f = petitionFailed().state
    expect(f).toMatchObject({ status: 'registered' })
    expect(f.status !== 'none' && f.resultBy).toBeUndefined()
    const c = conclude(petitionReferred(), 'failed').state
    expect(c).not.toHaveProperty('result')
    expect(conclude(dispatchedReferred(), 'agreement').state).toHaveProperty('result')
  })
})
