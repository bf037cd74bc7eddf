import type { RecordedEvent } from '@gridcase/core'
import { describe, expect, it } from 'vitest'
import { deliveryBody } from './payload.js'

const grid = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
const registered: RecordedEvent = {
  eventId: 'e-1',
  streamId: 'complaint-1',
  version: 0,
  position: 7,
  type: 'ComplaintRegistered',
  schemaVersion: 1,
  data: { kind: 'report', title: '违建', jurisdiction: grid, complainant: { name: '钱举报', phone: '13700001111', residentId: '13700001111' }, ownerId: '13700001111' },
  metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: '13700001111', role: 'resident', jurisdiction: grid }, occurredAt: '2026-12-04T08:00:00Z', recordedAt: '2026-12-04T08:00:00Z', prevHash: 'p', hash: 'h' },
}

describe('a delivery of a 举报 (report)', () => {
  it("leaves out who reported, its account too (often a phone number: found in a hands-on review), whatever the subscription; another case's keeps the account", () => {
    for (const personalData of [true, false]) {
      const body = deliveryBody(registered, { caseType: 'complaint', caseId: '1', jurisdiction: grid, report: true, names: ['钱举报'] }, personalData)
      expect(body).not.toContain('13700001111')
      expect(body).not.toContain('钱举报')
      expect(JSON.parse(body)).toMatchObject({ data: { actor: { id: 'reporter', role: 'resident', jurisdiction: grid }, personalData: 'masked' } })
    }
    const complaint = deliveryBody({ ...registered, data: { ...(registered.data as object), kind: 'complaint' } }, { caseType: 'complaint', caseId: '1', jurisdiction: grid, report: false, names: ['钱举报'] }, false)
    expect(JSON.parse(complaint)).toMatchObject({ data: { actor: { id: '13700001111', role: 'resident' }, data: { complainant: { residentId: expect.any(String) }, ownerId: expect.any(String) } } })
    // The one account reads the same in all three fields, in clear, masked delivery or not: an account id, not a phone in
    // free text (found in review: the data's two read 137****1111 beside the actor's 13700001111).
    expect(JSON.parse(complaint)).toMatchObject({ data: { data: { complainant: { residentId: '13700001111', phone: '137****1111' }, ownerId: '13700001111' } } })
  })
})
