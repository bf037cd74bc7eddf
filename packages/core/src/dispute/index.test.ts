import { describe, expect, it } from 'vitest'
import { fold } from '../kernel/decider.js'
import { at, DISPUTE_ID, GRID } from './fixtures.js'
import { DISPUTE_COMMANDS, disputeCase, dispute, ReportDisputeData } from './index.js'

describe('the dispute case type', () => {
  it('serves every route HTTP.md names for disputes, each with its command type', () => {
    const routes = ['accept', 'decline', 'assign-mediator', 'record-session', 'record-agreement', 'record-failure', 'transfer', 'refer-to-litigation', 'apply-confirmation', 'record-confirmation', 'record-fulfilment', 'record-follow-up', 'close', 'submit-documents']
    expect(routes.filter((r) => dispute.commands[r] === undefined)).toEqual([])
    expect(Object.keys(dispute.commands).filter((r) => !routes.includes(r)).sort()).toEqual(['apply-enforcement', 'consent-confirmation', 'extend-court-review', 'extend-mediation', 'grade-risk', 'reassign', 'rebase-deadlines', 'record-court-acceptance', 'record-deadline-reminder', 'route'])
    expect([dispute.commands['transfer']?.type, dispute.commands['apply-confirmation']?.type]).toEqual(['TransferDispute', 'ApplyForConfirmation'])
  })

  it('opens cases with ReportDispute on streams dispute-<id>', () => {
    expect([dispute.name, dispute.streamPrefix, dispute.create.type]).toEqual(['dispute', 'dispute-', 'ReportDispute'])
  })

  it('tells the permission check where a case lies, whose it is and on which track', () => {
    const d = dispute.decider
    expect(dispute.scope(d.initialState)).toBeUndefined()
    expect(dispute.scope(fold(d, at.reported))).toEqual({ jurisdiction: GRID, residents: ['r-wang', 'r-li'], mediators: [] })
    // A transfer leaves the case with no mediator until one of the new track is assigned.
    expect(dispute.scope(fold(d, at.transferred))).toEqual({ jurisdiction: GRID, residents: ['r-wang', 'r-li'], track: 'administrative', mediators: [] })
    expect(fold(d, at.reported).id).toBe(DISPUTE_ID)
  })

  it('takes a policy: the mediation deadline counted as configured', () => {
    const tight = disputeCase({ mediationDays: 10 })
    const accepted = tight.decider.decide(
      { type: 'AcceptDispute', data: {}, meta: { commandId: 'c', actor: { id: 'cw', role: 'community-worker', jurisdiction: GRID }, at: '2026-03-02T09:00:00+08:00' } },
      fold(tight.decider, at.reported),
    )
    expect(accepted).toMatchObject({ right: [{ type: 'DisputeAccepted', data: { mediationDeadline: '2026-03-12T23:59:59+08:00' } }] })
  })
})

describe('the dispute command specs', () => {
  it('hold each command’s own codec, so adapters can describe its fields (OpenAPI)', () => {
    for (const [route, c] of Object.entries(DISPUTE_COMMANDS)) expect(dispute.commands[route]?.data, route).toBe(c.data)
    expect(dispute.create.data).toBe(ReportDisputeData)
  })
})
