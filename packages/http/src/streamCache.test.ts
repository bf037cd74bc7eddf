import { memoryEventStore } from '@gridcase/adapters'
import type { EventStore, NewEvent, ReadStreamOptions } from '@gridcase/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cachedStates, cachedStreams } from './streamCache.js'

const event = (n: number): NewEvent => ({
  type: 'NoteAdded',
  schemaVersion: 1,
  data: { n },
  metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor: { id: 'a', role: 'admin', jurisdiction: 'hohhot' }, occurredAt: '2026-03-01T00:00:00Z' },
})

const counting = (inner: EventStore) => {
  const reads: ReadStreamOptions[] = []
  return { reads, store: { ...inner, readStream: (id: string, o: ReadStreamOptions = {}) => (reads.push(o), inner.readStream(id, o)) } }
}

const versions = (events: readonly { readonly version: number }[]) => events.map((e) => e.version)

describe('cachedStreams', () => {
  it('serves a remembered stream without asking the store, and remembers its own appends', async () => {
    const { reads, store } = counting(memoryEventStore())
    const cached = cachedStreams(store)
    await cached.appendToStream('s-1', [event(0)], { expectedVersion: 'no-stream' })
    expect(versions(await cached.readStream('s-1'))).toEqual([0])
    expect(reads).toHaveLength(1)
    await cached.appendToStream('s-1', [event(1)], { expectedVersion: 0 })
    expect(versions(await cached.readStream('s-1'))).toEqual([0, 1])
    expect(versions(await cached.readStream('s-1', { fromVersion: 1, toVersion: 1 }))).toEqual([1])
    expect(reads).toHaveLength(1)
  })

  it('an append the store refuses (another writer came first) makes it read the stream again', async () => {
    const inner = memoryEventStore()
    const cached = cachedStreams(inner)
    await cached.appendToStream('s-1', [event(0)], { expectedVersion: 'no-stream' })
    await cached.readStream('s-1')
    await inner.appendToStream('s-1', [event(1)], { expectedVersion: 0 })
    // Short, never wrong: what it remembers is a prefix of the stream.
    expect(versions(await cached.readStream('s-1'))).toEqual([0])
    const refused = await cached.appendToStream('s-1', [event(2)], { expectedVersion: 0 })
    expect(refused._tag).toBe('Left')
    expect(versions(await cached.readStream('s-1'))).toEqual([0, 1])
  })

  it('refresh says whether another writer moved a remembered stream on, and forgets it if so', async () => {
    const { reads, store } = counting(memoryEventStore())
    const cached = cachedStreams(store)
    await store.appendToStream('s-1', [event(0)], { expectedVersion: 'no-stream' })
    await cached.readStream('s-1')
    expect(await cached.refresh('s-1')).toBe(false)
    expect(await cached.refresh('never-read')).toBe(false)
    await store.appendToStream('s-1', [event(1), event(2)], { expectedVersion: 0 })
    expect(await cached.refresh('s-1')).toBe(true)
    const before = reads.length
    expect(versions(await cached.readStream('s-1'))).toEqual([0, 1, 2])
    expect(reads).toHaveLength(before + 1)
  })

  it('forgets a stream when its own append lands after another writer\'s (versions not contiguous with what it holds)', async () => {
    const inner = memoryEventStore()
    const cached = cachedStreams(inner)
    await cached.appendToStream('s-1', [event(0)], { expectedVersion: 'no-stream' })
    await cached.readStream('s-1')
    await inner.appendToStream('s-1', [event(1)], { expectedVersion: 0 })
    await cached.appendToStream('s-1', [event(2)], { expectedVersion: 'any' })
    expect(versions(await cached.readStream('s-1'))).toEqual([0, 1, 2])
  })

  it("hands out arrays of the caller's own: later appends do not change an earlier result", async () => {
    const cached = cachedStreams(memoryEventStore())
    await cached.appendToStream('s-1', [event(0)], { expectedVersion: 'no-stream' })
    const first = await cached.readStream('s-1')
    await cached.appendToStream('s-1', [event(1)], { expectedVersion: 0 })
    expect(versions(first)).toEqual([0])
    expect(versions(await cached.readStream('s-1'))).toEqual([0, 1])
  })

  it('forgets the least recently used streams beyond its size', async () => {
    const { reads, store } = counting(memoryEventStore())
    const cached = cachedStreams(store, { maxStreams: 1 })
    await store.appendToStream('a', [event(0)], { expectedVersion: 'no-stream' })
    await store.appendToStream('b', [event(0)], { expectedVersion: 'no-stream' })
    await cached.readStream('a')
    await cached.readStream('b')
    await cached.readStream('a')
    expect(reads).toHaveLength(3)
  })

  it('forgets the least recently used streams beyond maxEvents events in all, but keeps the one in use however long', async () => {
    const { reads, store } = counting(memoryEventStore())
    const cached = cachedStreams(store, { maxEvents: 5 })
    await store.appendToStream('a', [event(0), event(1), event(2)], { expectedVersion: 'no-stream' })
    await store.appendToStream('b', [event(0), event(1)], { expectedVersion: 'no-stream' })
    await store.appendToStream('long', Array.from({ length: 8 }, (_, i) => event(i)), { expectedVersion: 'no-stream' })
    await cached.readStream('a')
    await cached.readStream('b')
    await cached.readStream('a')
    expect(reads).toHaveLength(2)
    // Growing 'b' by its own append puts 6 events in the cache: 'a', the least recently used, goes.
    await cached.appendToStream('b', [event(2)], { expectedVersion: 1 })
    await cached.readStream('b')
    expect(reads).toHaveLength(2)
    await cached.readStream('a')
    expect(reads).toHaveLength(3)
    // One stream longer than the bound is still remembered while it is the one in use.
    expect(versions(await cached.readStream('long'))).toHaveLength(8)
    await cached.readStream('long')
    expect(reads).toHaveLength(4)
  })

  it('property: whatever two caches and a raw writer do to one stream, a read is a prefix of the store, and whole after a refresh', async () => {
    type Step = { readonly by: 'a' | 'b' | 'raw'; readonly op: 'read' | 'append' | 'refresh'; readonly n: number }
    const step = fc.record({ by: fc.constantFrom('a', 'b', 'raw'), op: fc.constantFrom('read', 'append', 'refresh'), n: fc.integer({ min: 1, max: 3 }) }) as fc.Arbitrary<Step>
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const inner = memoryEventStore()
        const caches = { a: cachedStreams(inner), b: cachedStreams(inner) }
        let written = 0
        for (const { by, op, n } of steps) {
          const store = by === 'raw' ? inner : caches[by]
          if (op === 'append') {
            // Decide on what this writer sees, as a command does: append after its last known version.
            const seen = await store.readStream('s')
            const result = await store.appendToStream('s', Array.from({ length: n }, (_, i) => event(written + i)), { expectedVersion: seen.at(-1)?.version ?? 'no-stream' })
            if (result._tag === 'Right') written += n
          } else if (op === 'refresh' && by !== 'raw') await caches[by].refresh('s')
          const truth = versions(await inner.readStream('s'))
          for (const cache of [caches.a, caches.b]) {
            const seen = versions(await cache.readStream('s'))
            expect(truth.slice(0, seen.length)).toEqual(seen)
          }
        }
        for (const cache of [caches.a, caches.b]) {
          await cache.refresh('s')
          expect(versions(await cache.readStream('s'))).toEqual(versions(await inner.readStream('s')))
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('cachedStates', () => {
  it('remembers the latest state per stream and forgets the least recently set beyond maxStreams', () => {
    const states = cachedStates({ maxStreams: 2 })
    states.set('complaint-a', 0, { n: 'a0' })
    states.set('complaint-b', 0, { n: 'b0' })
    states.set('complaint-a', 1, { n: 'a1' })
    states.set('complaint-c', 0, { n: 'c0' })
    expect(states.get('complaint-a')).toEqual({ version: 1, state: { n: 'a1' } })
    expect(states.get('complaint-b')).toBeUndefined()
    expect(states.get('complaint-c')).toEqual({ version: 0, state: { n: 'c0' } })
  })
})
