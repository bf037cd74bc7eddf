import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { evolveBefore } from '../../../../tests/support/disputeFoldBefore.js'
import type { DisputeEvent } from './events.js'
import { actors, at, committees, command, COMPLAINT_ID, DISPUTE_ID, GRID, history as h, parties, STREET } from './fixtures.js'
import { disputeDecider } from './index.js'
import type { DisputeState } from './state.js'

// One fixed case per step of the fold that copies with `withKeys` (the properties in properties.test.ts reach some
// of them rarely or not at all): each event of the history folded by the fold and by the fold before withKeys
// (tests/support/disputeFoldBefore.ts), from the start and from the case file read back as JSON before the last
// event, must give the same keys in the same order, the same values (undefined written out) and the same prototype.
const decider = disputeDecider({ committees })
const exactly = (s: DisputeState): string => JSON.stringify(s, (_key, value: unknown) => (value === undefined ? '<undefined>' : value))
const SPOT = '2026-03-10T15:00:00+08:00'
const reported = (data: object, who = actors.gridWorker): DisputeEvent[] => {
  const d = decider.decide(command('ReportDispute', who, SPOT, { id: DISPUTE_ID, source: 'party-application', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水', ...data } as never), decider.initialState)
  if (E.isLeft(d)) throw new Error(d.left.message)
  return [...d.right]
}
const files = [{ sha256: 'a'.repeat(64), kind: 'photo' as const, caption: '漏水' }, { sha256: 'b'.repeat(64), kind: 'document' as const }]
const spot = {
  form: 'written' as const,
  terms: ['李强赔偿王芳维修费2000元'],
  signatures: parties.map((p) => ({ party: p.name, signedOn: '2026-03-10' })),
  mediatorSignedOn: '2026-03-10',
  attachments: [{ sha256: 'c'.repeat(64) }],
}
const agreedWithScan = { ...h.agreed(), data: { ...h.agreed().data, attachments: [{ sha256: 'd'.repeat(64), kind: 'agreement' }] } } as DisputeEvent

const cases: readonly (readonly [string, DisputeEvent['type'], DisputeEvent[]])[] = [
  ['reported', 'DisputeReported', h.reported],
  ['reported from a complaint, with attachments (attach)', 'DisputeReported', reported({ source: 'referral', complaintId: COMPLAINT_ID, attachments: files })],
  ['reported on the spot (onTheSpot: true), with attachments', 'DisputeReported', reported({ onTheSpot: spot, attachments: files }, actors.communityMediator)],
  ['on the spot: routed, assigned, agreed with its scan', 'MediationAgreed', reported({ onTheSpot: spot }, actors.communityMediator)],
  ['risk graded', 'DisputeRiskGraded', [...at.reported, { type: 'DisputeRiskGraded', data: { grade: 'high', reason: '可能激化' } } as DisputeEvent]],
  ['escalated', 'DisputeEscalated', [...at.reported, { type: 'DisputeEscalated', data: { to: STREET, grade: 'high', reason: '可能激化' } } as DisputeEvent]],
  ['routed', 'DisputeRouted', [...at.accepted, { type: 'DisputeRouted', data: { committeeId: 'xx-community-committee', committeeName: 'xx社区人民调解委员会', kind: 'people', track: 'people' } } as DisputeEvent]],
  ['mediator assigned', 'MediatorAssigned', at.assigned],
  ['agreed', 'MediationAgreed', at.agreed],
  ['agreed with the agreement scan attached (attach)', 'MediationAgreed', [...at.session, agreedWithScan]],
  ['failed', 'MediationFailed', at.failed],
  ['transferred', 'DisputeTransferred', at.transferred],
  ['confirmation applied', 'JudicialConfirmationApplied', at.applied],
  ['fulfilment recorded', 'FulfilmentRecorded', [...at.agreed, h.fulfilled]],
  ['closed', 'DisputeClosed', [...at.litigation, { type: 'DisputeClosed', data: { outcome: 'litigation' } } as DisputeEvent]],
  ['a party filed its documents (attach)', 'PartyDocumentsSubmitted', [...at.session, { type: 'PartyDocumentsSubmitted', data: { party: '王芳', attachments: files } } as DisputeEvent]],
  ['reported to court', 'ReportedToCourt', [...at.failed, { type: 'ReportedToCourt', data: { court: '赛罕区人民法院', outcome: 'failed', onTime: true } } as DisputeEvent]],
]

describe('the dispute fold gives the case file the fold before withKeys gave, step by step', () => {
  it.each(cases)('%s', (_name, type, events) => {
    expect(events.map((e) => e.type)).toContain(type)
    const last = events.map((e) => e.type).lastIndexOf(type)
    let state: DisputeState = decider.initialState
    let before: DisputeState = decider.initialState
    events.slice(0, last + 1).forEach((event, i) => {
      if (i === last && i > 0) {
        // Also from the case file read back as JSON (the case list folds on from its stored row).
        expect(exactly(decider.evolve(JSON.parse(JSON.stringify(state)) as DisputeState, event))).toBe(exactly(evolveBefore(JSON.parse(JSON.stringify(before)) as DisputeState, event)))
      }
      state = decider.evolve(state, event)
      before = evolveBefore(before, event)
      expect(exactly(state), event.type).toBe(exactly(before))
      expect(JSON.stringify(state), event.type).toBe(JSON.stringify(before))
      expect(Object.getPrototypeOf(state)).toBe(Object.getPrototypeOf(before))
    })
  })

  it('the examples reach the branches they are named for: attachments and onTheSpot on the report, the scan on the agreement', () => {
    const fold = (events: readonly DisputeEvent[]) => events.reduce(decider.evolve, decider.initialState)
    expect(fold(reported({ attachments: files })).attachments).toHaveLength(2)
    expect(fold(reported({ onTheSpot: spot }, actors.communityMediator))).toMatchObject({ onTheSpot: true, status: 'agreement-reached' })
    expect(fold([...at.session, agreedWithScan]).attachments).toHaveLength(1)
  })
})
