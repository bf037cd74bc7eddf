// The example receiver on a real port: a delivery signed with the subscription's secret is handled (once, however
// often it comes); a wrong secret, a changed body, a missing signature or a stale timestamp are refused (401).
import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from './main.js'

const secret = `whsec_${randomBytes(32).toString('base64')}`
const other = `whsec_${randomBytes(32).toString('base64')}`
const body = JSON.stringify({ type: 'ComplaintRegistered', timestamp: '2026-12-01T00:00:00Z', data: { caseType: 'complaint', caseId: 'c-1', version: 0 } })

const send = async (receiver: Receiver, options: { id?: string; key?: string; payload?: string; signed?: string; at?: Date; headers?: Record<string, string> } = {}) => {
  const id = options.id ?? 'msg-1'
  const at = options.at ?? new Date()
  const headers = options.headers ?? {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(options.key ?? secret).sign(id, at, options.signed ?? body),
  }
  return (await fetch(receiver.url, { method: 'POST', headers, body: options.payload ?? body })).status
}

describe('examples/webhook-receiver', () => {
  let receiver: Receiver
  beforeAll(async () => {
    receiver = await startReceiver({ secret })
  })
  afterAll(() => receiver.close())

  it('handles a delivery signed with the secret, and a repeat of it (same webhook-id) only once', async () => {
    expect(await send(receiver)).toBe(204)
    expect(await send(receiver)).toBe(204)
    expect(receiver.received.map((r) => [r.id, r.delivery.type])).toEqual([['msg-1', 'ComplaintRegistered']])
  })

  it('refuses a wrong secret, a body changed after signing, no signature and a stale timestamp', async () => {
    const before = receiver.rejected.length
    expect(await send(receiver, { id: 'msg-2', key: other })).toBe(401)
    expect(await send(receiver, { id: 'msg-3', payload: body.replace('c-1', 'c-2') })).toBe(401)
    expect(await send(receiver, { headers: { 'content-type': 'application/json', 'webhook-id': 'msg-4' } })).toBe(401)
    expect(await send(receiver, { id: 'msg-5', at: new Date(Date.now() - 10 * 60_000) })).toBe(401)
    expect(receiver.rejected.slice(before).map((r) => r.reason)).toEqual([
      'No matching signature found',
      'No matching signature found',
      'Missing required headers',
      'Message timestamp too old',
    ])
    expect(receiver.received.map((r) => r.id)).toEqual(['msg-1'])
  })
})
