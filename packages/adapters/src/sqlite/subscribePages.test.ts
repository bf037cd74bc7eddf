import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NewEvent, RecordedEvent } from '@gridcase/core'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sealedSqliteStore } from '../privacy/erasure.js'
import { hasPagedFeed } from '../subscription.js'
import { sqliteEventStore } from './store.js'

const actor = { id: 'u-1', role: 'grid-worker' as const, jurisdiction: 'hohhot/saihan' }
const event = (n: number): NewEvent => ({
  type: 'Noted',
  schemaVersion: 1,
  data: { n },
  metadata: { commandId: `c-${n}`, correlationId: 'corr', causationId: 'cause', actor, occurredAt: '2025-03-01T08:00:00.000Z' },
})

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-pages-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Takes `count` events from a feed of pages or of events, then stops it. */
const take = async <T>(feed: AsyncIterable<T>, count: number, size: (item: T) => number, stop: AbortController): Promise<T[]> => {
  const out: T[] = []
  let seen = 0
  for await (const item of feed) {
    out.push(item)
    seen += size(item)
    if (seen >= count) break
  }
  stop.abort()
  return out
}

describe('the SQLite store a page at a time (subscribePages)', () => {
  it('gives exactly what subscribe gives, in the same order, pages never empty, for any appends written before and while it follows', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }), fc.nat({ max: 12 }), fc.integer({ min: 1, max: 30 }), async (batches, before, pageSize) => {
        run += 1
        const store = sqliteEventStore({ path: join(dir, `log-${run}.sqlite`), pageSize })
        try {
          let n = 0
          const append = async (size: number) => {
            await store.appendToStream(`s-${n % 3}`, Array.from({ length: size }, () => event((n += 1))), { expectedVersion: 'any' })
          }
          const early = batches.slice(0, Math.min(before, batches.length))
          const late = batches.slice(early.length)
          for (const size of early) await append(size)
          const total = batches.reduce((a, b) => a + b, 0)
          const stopPages = new AbortController()
          const stopEvents = new AbortController()
          const pages = take(store.subscribePages({ signal: stopPages.signal }), total, (page) => page.length, stopPages)
          const events = take(store.subscribe({ signal: stopEvents.signal }), total, () => 1, stopEvents)
          for (const size of late) await append(size)
          const [paged, single] = await Promise.all([pages, events])
          expect(paged.every((page) => page.length > 0)).toBe(true)
          const flat: RecordedEvent[] = paged.flat()
          expect(flat.map((e) => e.position)).toEqual(single.map((e) => e.position))
          expect(flat.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i))
          expect(flat).toEqual(single)
        } finally {
          await store.close()
        }
      }),
      { numRuns: 15 },
    )
  })

  it("a sealed store's page feed gives the opened events, exactly what its subscribe gives (never the sealed text)", async () => {
    const store = sealedSqliteStore({ path: join(dir, 'sealed.sqlite') })
    try {
      const registered: NewEvent = { ...event(0), type: 'ComplaintRegistered', data: { complainant: { name: '李明', phone: '13800471001' }, title: '暖气不热' } }
      await store.appendToStream('complaint-1', [registered, event(1)], { expectedVersion: 'any' })
      // The log as written holds the sealed text, not the name.
      const [written] = await store.unsealed.readAll({ limit: 1 })
      expect(JSON.stringify(written?.data)).not.toContain('李明')
      if (!hasPagedFeed(store)) throw new Error('the sealed store offers no page feed')
      const stopPages = new AbortController()
      const stopEvents = new AbortController()
      const paged = (await take(store.subscribePages({ signal: stopPages.signal }), 2, (page) => page.length, stopPages)).flat()
      const single = await take(store.subscribe({ signal: stopEvents.signal }), 2, () => 1, stopEvents)
      expect(paged).toEqual(single)
      expect(paged[0]?.data).toEqual(registered.data)
    } finally {
      await store.close()
    }
  })
})
