// Runs the mediation-centre client against a real server on a real port, then asks the server, as an
// auditor, whether the case it walked is really there: every hop, the confirmation, and an intact chain.
import type { Actor } from '@gridcase/core/access'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main, type MediationCentreResult } from './main.js'
import { startLocalServer, type LocalServer } from './server.js'

const auditor: Actor = { id: 'aud-1', role: 'auditor', jurisdiction: 'hohhot' }

let server: LocalServer
let result: MediationCentreResult
const lines: string[] = []

const asAuditor = async (path: string): Promise<unknown> => {
  const res = await fetch(`${server.url}/api/v1/${path}`, { headers: { authorization: `Bearer ${await server.token(auditor)}` } })
  expect(res.status).toBe(200)
  return res.json()
}

beforeAll(async () => {
  server = await startLocalServer()
  result = await main({ baseUrl: server.url, token: server.token, print: (l) => lines.push(l) })
})
afterAll(async () => {
  await server?.close()
})

describe('examples/mediation-centre', () => {
  it('walks the dispute: people’s mediation fails, one hop to administrative, agreement there, confirmed, fulfilled, followed up, closed', async () => {
    expect(result.final.status).toBe('closed')
    expect(result.final.transfers.map((t) => [t.hop, t.from, t.to])).toEqual([[1, 'people', 'administrative']])
    // The agreement was reached, and judicially confirmed, on the administrative track.
    expect(result.final.agreement).toMatchObject({ track: 'administrative', form: 'written' })
    expect(result.history).toEqual([
      'DisputeReported',
      'DisputeAccepted',
      'MediatorAssigned',
      'MediationSessionHeld',
      'MediationFailed',
      'DisputeTransferred',
      'MediatorAssigned',
      'MediationSessionHeld',
      'MediationAgreed',
      'JudicialConfirmationConsented',
      'JudicialConfirmationApplied',
      'JudicialConfirmationAccepted',
      'JudicialConfirmationGranted',
      'FulfilmentRecorded',
      'FollowUpVisited',
      'DisputeClosed',
    ])
    const history = (await asAuditor(`disputes/${result.disputeId}/history`)) as { events: { type: string }[] }
    expect(history.events.map((e) => e.type)).toEqual(result.history)
    expect(history.events).toHaveLength(result.final.version + 1)
  })

  it('begins with a referral: complaint → dispute → agreement → the result back on the complaint → notified → called back', async () => {
    const { complaint } = result
    expect(complaint.history).toEqual([
      'ComplaintRegistered',
      'ComplaintAccepted',
      'ComplaintDispatched',
      'ComplaintAcknowledged',
      'ComplaintReferredToMediation',
      // Once, for the agreement: the people's-track failure before it did not conclude the dispute.
      'ComplaintMediationConcluded',
      'ComplainantNotified',
      'ComplaintCallbackRecorded',
    ])
    expect(complaint.final).toMatchObject({
      status: 'complainant-notified',
      disputeId: result.disputeId,
      mediation: { disputeId: result.disputeId, outcome: 'agreement' },
      result: { outcome: 'resolved' },
      callback: { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' },
    })
    // Both ids on both cases: the dispute names the complaint it came from.
    const dispute = (await asAuditor(`disputes/${result.disputeId}`)) as { source: string; complaintId: string }
    expect(dispute).toMatchObject({ source: 'referral', complaintId: complaint.id })
  })

  it('retries with the same Idempotency-Key write nothing twice, and a stale If-Match is refused with 412', () => {
    expect(result.retryReplayed).toBe(true)
    expect(result.history.filter((t) => t === 'MediationAgreed')).toHaveLength(1)
    expect(result.staleStatus).toBe(412)
  })

  it('leaves a log whose hash chain verifies', async () => {
    const verified = (await asAuditor('audit/verify')) as { ok: boolean; events: number }
    expect(verified.ok).toBe(true)
    // The dispute's events and the complaint's.
    expect(verified.events).toBe(result.final.version + 1 + result.complaint.history.length)
  })
})
