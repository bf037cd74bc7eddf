import { expect, it } from 'vitest'
import { describeEachOutbox } from '../../../../tests/support/outboxes.js'
import { manualClock } from '../clock.js'
import { memoryEventStore } from '../memory/store.js'
import { deliveryIdOf, webhookProcess } from './enqueue.js'

describeEachOutbox('the webhook feeder', ({ fresh }) => {
  it('does not walk the log while nothing is subscribed: it starts where the read models are; with a subscription, at its checkpoint', async () => {
    const outbox = await fresh()
    const feeder = webhookProcess({ store: memoryEventStore(), outbox, caseTypes: [], clock: manualClock('2026-03-02T00:00:00Z'), logEnd: () => 41 })
    expect(await feeder.startAfter?.(-1)).toBe(41)
    expect(await feeder.startAfter?.(50)).toBe(50)
    await outbox.create({ id: 's', url: 'http://127.0.0.1:1/', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: 'whsec_AAAA', createdAt: '2026-03-02T00:00:00Z', createdBy: 'a', logPosition: 41 })
    expect(await feeder.startAfter?.(-1)).toBe(-1)
  })
})

describeEachOutbox('an event the feeder passed over while nothing was subscribed', ({ fresh }) => {
  it('is before every subscription created afterwards, even one whose caller saw an older end of the log: none is owed it', async () => {
    const outbox = await fresh()
    const store = memoryEventStore()
    const feeder = webhookProcess({ store, outbox, caseTypes: [{ name: 'complaint', streamPrefix: 'complaint-' }], clock: manualClock('2026-03-02T00:00:00Z'), logEnd: () => 4 })
    // The feeder is ahead of the read models: it starts past 4 and passes over 7 with nothing subscribed.
    expect(await feeder.startAfter?.(-1)).toBe(4)
    const passed = { eventId: 'e7', streamId: 'complaint-1', version: 0, position: 7, type: 'ComplaintNoteAdded', schemaVersion: 1, data: {}, metadata: {} } as unknown as Parameters<typeof feeder.react>[0]
    await feeder.react(passed, {} as Parameters<typeof feeder.react>[1])
    // A subscription created now by a server whose read models are at 5 (older than what the feeder passed over).
    const created = await outbox.create({ id: 's', url: 'http://127.0.0.1:1/', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: 'whsec_AAAA', createdAt: '2026-03-02T00:00:00Z', createdBy: 'a', logPosition: 5 })
    // It starts after 7: it never waits for an event the feeder will not come back to.
    expect(created.fromPosition).toBe(7)
  })
})

it('a delivery id (the webhook-id) is the same for one subscription and event every time, and another for another subscription: a receiver subscribed twice (replacing one) drops repeats by data.eventId', () => {
  expect(deliveryIdOf('s1', 'e1')).toBe(deliveryIdOf('s1', 'e1'))
  expect(deliveryIdOf('s1', 'e1')).not.toBe(deliveryIdOf('s2', 'e1'))
  expect(deliveryIdOf('s1', 'e1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
})
