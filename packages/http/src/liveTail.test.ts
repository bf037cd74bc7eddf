// The live tail's wake-up is not lost: events that came between a client's look at the window and its wait are
// taken at once (the race that left a live client waiting for an event that never came).
import { memoryEventStore } from '@gridcase/adapters'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { liveTail } from './liveTail.js'

const actor = { id: 'u1', role: 'admin' as const, jurisdiction: 'hohhot' }
const noted = (n: number) => ({ type: 'Noted', schemaVersion: 1, data: { n }, metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor, occurredAt: '2026-03-01T00:00:00Z' } })

describe('the live tail', () => {
  it('answers a wait at once when the window already holds an event at or after the cursor, and waits when it does not', async () => {
    const store = memoryEventStore()
    const tail = liveTail(store, () => 0, pino({ level: 'silent' }))
    const stop = new AbortController()
    tail.join()
    try {
      for (const n of [0, 1]) await store.appendToStream('s-1', [noted(n)], { expectedVersion: 'any' })
      await expect.poll(() => tail.since(0)?.length).toBe(2)
      // The client looked at the window before event 1 came, and waits from cursor 1: event 1 is there already.
      const outcome = await Promise.race([tail.next(stop.signal, 1).then(() => 'woken'), new Promise((resolve) => setTimeout(resolve, 2000, 'still waiting'))])
      expect(outcome).toBe('woken')
      // Nothing at or after 2 yet: it waits for the next event.
      let woken = false
      const waiting = tail.next(stop.signal, 2).then(() => (woken = true))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(woken).toBe(false)
      await store.appendToStream('s-1', [noted(2)], { expectedVersion: 'any' })
      await waiting
      expect(woken).toBe(true)
    } finally {
      stop.abort()
      tail.leave()
    }
  })
})
