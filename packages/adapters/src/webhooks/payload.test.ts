import type { RecordedEvent } from '@gridcase/core'
import { describe, expect, it } from 'vitest'
import { deliveryBody, MAX_DELIVERY_BYTES } from './payload.js'

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

describe('a delivery of an anonymous complaint (匿名: no name, phone or id number)', () => {
  it("leaves out its account, the one thing that ties it to the person, whatever the subscription; the rest as for any complaint", () => {
    const anonymous: RecordedEvent = { ...registered, data: { kind: 'complaint', title: '夜间施工', jurisdiction: grid, address: '新华小区北门', complainant: { residentId: 'acct-0471' }, ownerId: 'acct-0471' }, metadata: { ...registered.metadata, actor: { id: 'acct-0471', role: 'resident', jurisdiction: grid } } }
    const facts = { caseType: 'complaint', caseId: '1', jurisdiction: grid, report: false, anonymous: true, names: [] }
    for (const personalData of [true, false]) {
      const body = JSON.parse(deliveryBody(anonymous, facts, personalData)) as { data: { actor: unknown; personalData: string; data: Record<string, unknown> } }
      expect(JSON.stringify(body), String(personalData)).not.toContain('acct-0471')
      expect(body.data.actor).toEqual({ id: 'reporter', role: 'resident', jurisdiction: grid })
      expect(body.data.personalData).toBe(personalData ? 'full' : 'masked')
      expect(body.data.data['complainant']).toEqual({})
    }
    // A subscription with personal data reads the address in full, as for any complaint (not a 举报's masked body).
    expect(JSON.parse(deliveryBody(anonymous, facts, true))).toMatchObject({ data: { data: { address: '新华小区北门' } } })
  })
})

describe('a delivery is never larger than MAX_DELIVERY_BYTES (256 KiB: receivers and proxies commonly cap bodies at 256 KiB–1 MiB)', () => {
  const facts = { caseType: 'complaint', caseId: '1', jurisdiction: grid, report: false, names: ['王芳'] }
  const noted = (note: string): RecordedEvent => ({ ...registered, eventId: 'e-9', version: 3, position: 42, type: 'ComplaintNoteAdded', data: { note } })
  const bytes = (body: string) => Buffer.byteLength(body, 'utf8')

  it('sends an event too large for it thin: ids, type, position and where to fetch it, flagged, without its data', () => {
    // A note of 300 KB (an import, or a server with a larger BODY_LIMIT, can record one).
    const note = `王芳说：${'暖气不热。'.repeat(20_000)}`
    for (const personalData of [true, false]) {
      const body = deliveryBody(noted(note), facts, personalData)
      expect(bytes(body)).toBeLessThanOrEqual(MAX_DELIVERY_BYTES)
      expect(body).not.toContain('暖气不热')
      expect(JSON.parse(body)).toEqual({
        type: 'ComplaintNoteAdded',
        timestamp: '2026-12-04T08:00:00Z',
        data: {
          caseType: 'complaint', caseId: '1', jurisdiction: grid, streamId: 'complaint-1', version: 3, position: 42, eventId: 'e-9',
          occurredAt: '2026-12-04T08:00:00Z', recordedAt: '2026-12-04T08:00:00Z',
          actor: personalData ? registered.metadata.actor : expect.objectContaining({ role: 'resident' }),
          personalData: personalData ? 'full' : 'masked',
          thin: true,
          bytes: expect.any(Number),
          href: '/api/v1/complaints/1/history',
        },
      })
      expect(JSON.parse(body).data.bytes).toBeGreaterThan(MAX_DELIVERY_BYTES)
    }
  })

  it('keeps even the thin body within the bound when the actor itself is too large (its fields are bounded by no codec: an import, a token), the actor cut to its role', () => {
    const huge = { ...noted('short'), metadata: { ...registered.metadata, actor: { id: 'op-1', role: 'hotline-operator', jurisdiction: grid, department: '热线'.repeat(70_000) } } } as RecordedEvent
    for (const personalData of [true, false]) {
      const body = deliveryBody(huge, facts, personalData)
      expect(bytes(body)).toBeLessThanOrEqual(MAX_DELIVERY_BYTES)
      expect(JSON.parse(body).data).toMatchObject({ thin: true, bytes: expect.any(Number), href: '/api/v1/complaints/1/history', actor: { role: 'hotline-operator' }, eventId: 'e-9', version: 3 })
      expect(JSON.parse(body).data.bytes).toBeGreaterThan(MAX_DELIVERY_BYTES)
    }
  })

  it('sends the whole event up to the bound, byte for byte, and thin from one byte over it', () => {
    const base = bytes(deliveryBody(noted(''), facts, false))
    const atBound = deliveryBody(noted('a'.repeat(MAX_DELIVERY_BYTES - base)), facts, false)
    expect(bytes(atBound)).toBe(MAX_DELIVERY_BYTES)
    expect(JSON.parse(atBound).data).toMatchObject({ data: { note: expect.any(String) } })
    expect(JSON.parse(atBound).data).not.toHaveProperty('thin')
    const over = deliveryBody(noted('a'.repeat(MAX_DELIVERY_BYTES - base + 1)), facts, false)
    expect(JSON.parse(over).data).toMatchObject({ thin: true, bytes: MAX_DELIVERY_BYTES + 1 })
    expect(JSON.parse(over).data).not.toHaveProperty('data')
  })
})
