import { memoryEventStore } from '@gridcase/adapters'
import type { EventStore, NewEvent, ReadStreamOptions } from '@gridcase/core'
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

describe('cachedStreams', () => {
  it('sees what another writer appended to the store behind it', async () => {
    const inner = memoryEventStore()
    const cached = cachedStreams(inner)
    await inner.appendToStream('s-1', [event(0)], { expectedVersion: 'no-stream' })
    expect((await cached.readStream('s-1')).map((e) => e.version)).toEqual([0])
    await inner.appendToStream('s-1', [event(1), event(2)], { expectedVersion: 0 })
    expect((await cached.readStream('s-1')).map((e) => e.version)).toEqual([0, 1, 2])
    expect((await cached.readStream('s-1', { fromVersion: 1, toVersion: 1 })).map((e) => e.version)).toEqual([1])
  })

  it('asks the store only for the tail after the first read, and remembers its own appends', async () => {
    const { reads, store } = counting(memoryEventStore())
    const cached = cachedStreams(store)
    await cached.appendToStream('s-1', [event(0)], { expectedVersion: 'no-stream' })
    await cached.readStream('s-1')
    await cached.appendToStream('s-1', [event(1)], { expectedVersion: 0 })
    const all = await cached.readStream('s-1')
    expect(all.map((e) => e.version)).toEqual([0, 1])
    expect(reads.at(-1)).toEqual({ fromVersion: 2 })
  })

  it('hands out arrays of the caller\'s own: later appends and reads do not change an earlier result', async () => {
    const inner = memoryEventStore()
    const cached = cachedStreams(inner)
    await cached.appendToStream('s-1', [event(0)], { expectedVersion: 'no-stream' })
    const first = await cached.readStream('s-1')
    await cached.appendToStream('s-1', [event(1)], { expectedVersion: 0 })
    await inner.appendToStream('s-1', [event(2)], { expectedVersion: 1 })
    const second = await cached.readStream('s-1')
    expect(first.map((e) => e.version)).toEqual([0])
    expect(second.map((e) => e.version)).toEqual([0, 1, 2])
    expect((await cached.readStream('s-1')).map((e) => e.version)).toEqual([0, 1, 2])
  })

  it('reads concurrent with each other and with an append neither lose nor repeat events', async () => {
    const inner = memoryEventStore()
    const cached = cachedStreams(inner)
    await cached.appendToStream('s-1', [event(0)], { expectedVersion: 'no-stream' })
    await cached.readStream('s-1')
    await inner.appendToStream('s-1', [event(1)], { expectedVersion: 0 })
    const [a, b] = await Promise.all([cached.readStream('s-1'), cached.readStream('s-1'), cached.appendToStream('s-1', [event(2)], { expectedVersion: 1 })])
    // Each read sees the stream as of some moment: at least up to version 1, contiguous from 0, nothing twice.
    for (const read of [a, b]) {
      expect(read.length).toBeGreaterThanOrEqual(2)
      expect(read.map((e) => e.version)).toEqual(read.map((_, i) => i))
    }
    expect((await cached.readStream('s-1')).map((e) => e.version)).toEqual([0, 1, 2])
  })

  it('forgets the least recently used streams beyond its size', async () => {
    const { reads, store } = counting(memoryEventStore())
    const cached = cachedStreams(store, { maxStreams: 1 })
    await store.appendToStream('a', [event(0)], { expectedVersion: 'no-stream' })
    await store.appendToStream('b', [event(0)], { expectedVersion: 'no-stream' })
    await cached.readStream('a')
    await cached.readStream('b')
    await cached.readStream('a')
    expect(reads.at(-1)).toEqual({})
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
