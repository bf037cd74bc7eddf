import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { memoryEventStore } from '../memory/store.js'
import { webhookProcess } from './enqueue.js'
import { sqliteWebhookStore } from './store.js'

describe('the webhook feeder', () => {
  it('does not walk the log while nothing is subscribed: it starts where the read models are; with a subscription, at its checkpoint', async () => {
    const outbox = sqliteWebhookStore(new Database(':memory:'))
    const feeder = webhookProcess({ store: memoryEventStore(), outbox, caseTypes: [], clock: manualClock('2026-03-02T00:00:00Z'), logEnd: () => 41 })
    expect(await feeder.startAfter?.(-1)).toBe(41)
    expect(await feeder.startAfter?.(50)).toBe(50)
    await outbox.create({ id: 's', url: 'http://127.0.0.1:1/', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: 'whsec_AAAA', createdAt: '2026-03-02T00:00:00Z', createdBy: 'a', logPosition: 41 })
    expect(await feeder.startAfter?.(-1)).toBe(-1)
  })
})
