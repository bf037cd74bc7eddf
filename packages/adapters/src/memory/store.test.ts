import { genesisHash, handle, invalidTransition, load, sha256Hex, streamMemory, streamQueue, verifyStream, type Command, type Decider, type DomainEvent, type HandleOptions, type HashFn, type NewEvent } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { nodeSha256Hex } from '../sqlite/nodeHash.js'
import { memoryEventStore } from './store.js'

const event = (n: number): NewEvent => ({
  type: 'Numbered',
  schemaVersion: 1,
  data: { n },
  metadata: {
    commandId: `c${n}`,
    correlationId: `c${n}`,
    causationId: `c${n}`,
    actor: { id: 'u1', role: 'admin', jurisdiction: 'hohhot' },
    occurredAt: '2026-03-01T09:30:00+08:00',
  },
})

// What only the memory store has: injected clock, ids and hash, and its size. The port itself is
// covered by tests/store-conformance.
describe('memoryEventStore options', () => {
  it('stamps recordedAt from the injected clock', async () => {
    const clock = manualClock('2026-03-01T01:30:00.000Z')
    const store = memoryEventStore({ clock })
    await store.appendToStream('s', [event(0)], { expectedVersion: 'no-stream' })
    clock.advance(60_000)
    await store.appendToStream('s', [event(1)], { expectedVersion: 0 })
    expect((await store.readStream('s')).map((e) => e.metadata.recordedAt)).toEqual(['2026-03-01T01:30:00.000Z', '2026-03-01T01:31:00.000Z'])
  })

  it('names events with the injected id source', async () => {
    let n = 0
    const store = memoryEventStore({ newEventId: () => `id-${(n += 1)}` })
    await store.appendToStream('s', [event(0), event(1)], { expectedVersion: 'any' })
    expect((await store.readAll()).map((e) => e.eventId)).toEqual(['id-1', 'id-2'])
  })

  it('chains with the injected hash, which verification must then use', async () => {
    const calls: string[] = []
    const hash: HashFn = (input) => {
      calls.push(input)
      return sha256Hex(`salt:${input}`)
    }
    const store = memoryEventStore({ hash })
    await store.appendToStream('s', [event(0), event(1)], { expectedVersion: 'any' })
    const events = await store.readStream('s')
    expect(calls.length).toBeGreaterThan(0)
    expect(events[0]?.metadata.prevHash).toBe(genesisHash('s', hash))
    expect(verifyStream('s', events, hash).ok).toBe(true)
    expect(verifyStream('s', events).ok).toBe(false)
  })

  it('counts the events it holds, and a conflict adds none', async () => {
    const store = memoryEventStore()
    await store.appendToStream('a', [event(0), event(1)], { expectedVersion: 'no-stream' })
    const conflict = await store.appendToStream('a', [event(2)], { expectedVersion: 'no-stream' })
    await store.appendToStream('b', [event(0)], { expectedVersion: 'no-stream' })
    expect(E.isLeft(conflict)).toBe(true)
    expect(store.size()).toBe(3)
  })

  it('reads a position before the first (negative) from the start, not from the end of the log', async () => {
    const store = memoryEventStore()
    await store.appendToStream('a', [event(0), event(1), event(2)], { expectedVersion: 'no-stream' })
    expect((await store.readAll({ fromPosition: -1 })).map((e) => e.position)).toEqual([0, 1, 2])
    expect((await store.readAll({ fromPosition: -2, limit: 2 })).map((e) => e.position)).toEqual([0, 1])
    expect((await store.readAll({ fromPosition: 1, limit: -1 })).map((e) => e.position)).toEqual([])
  })

  it('gives positions 0, 1, 2… across streams in commit order', async () => {
    const store = memoryEventStore()
    await store.appendToStream('a', [event(0)], { expectedVersion: 'any' })
    await store.appendToStream('b', [event(0), event(1)], { expectedVersion: 'any' })
    expect((await store.readAll()).map((e) => [e.streamId, e.position])).toEqual([
      ['a', 0],
      ['b', 1],
      ['b', 2],
    ])
  })
})

describe('memoryEventStore reads and appends', () => {
  it('property: any appends (right or stale expected versions) leave each stream, whole or in any range, as the log in order holds it, chained', async () => {
    const step = fc.record({ stream: fc.constantFrom('a', 'b', 'c'), count: fc.integer({ min: 0, max: 3 }), stale: fc.boolean() })
    const range = fc.record({ fromVersion: fc.option(fc.integer({ min: -2, max: 8 }), { nil: undefined }), toVersion: fc.option(fc.integer({ min: -2, max: 8 }), { nil: undefined }) })
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 20 }), fc.array(range, { maxLength: 4 }), async (steps, ranges) => {
        const store = memoryEventStore({ clock: manualClock('2026-03-01T01:30:00.000Z') })
        let n = 0
        for (const { stream, count, stale } of steps) {
          const current = await store.streamVersion(stream)
          // A stale expectation: a version the stream does not have (or `no-stream` for one that exists).
          const expectedVersion = stale ? (current === 'no-stream' ? 5 : 'no-stream') : current
          const outcome = await store.appendToStream(stream, Array.from({ length: count }, () => event((n += 1))), { expectedVersion })
          expect(E.isRight(outcome)).toBe(!stale || (count === 0 && current === 'no-stream' && expectedVersion === 'no-stream'))
        }
        const log = await store.readAll()
        for (const stream of ['a', 'b', 'c']) {
          const held = log.filter((e) => e.streamId === stream)
          // The walk the reads replaced: the log filtered by stream, then by version.
          expect(await store.readStream(stream)).toEqual(held)
          expect(await store.readStream(stream, {})).toEqual(held)
          for (const r of ranges) {
            const from = r.fromVersion ?? 0
            const to = r.toVersion ?? Number.MAX_SAFE_INTEGER
            expect(await store.readStream(stream, r)).toEqual(held.filter((e) => e.version >= from && e.version <= to))
          }
          expect(held.map((e) => e.version)).toEqual(held.map((_, i) => i))
          expect(await store.streamVersion(stream)).toBe(held.at(-1)?.version ?? 'no-stream')
          expect(verifyStream(stream, held, nodeSha256Hex).ok).toBe(true)
        }
        // A copy each time: what a caller does with a read leaves the stream as it was.
        const read = (await store.readStream('a')) as unknown[]
        read.length = 0
        expect(await store.readStream('a')).toEqual(log.filter((e) => e.streamId === 'a'))
      }),
      { numRuns: 200 },
    )
  })
})

describe('memoryEventStore under handle (it answers at once)', () => {
  type Add = Command<'Add', { readonly by: number }> | Command<'Close', Record<string, never>>
  type Added = DomainEvent<'Added', { readonly by: number }> | DomainEvent<'Closed', Record<string, never>>
  const decider: Decider<Add, Added, { readonly total: number; readonly closed: boolean }> = {
    initialState: { total: 0, closed: false },
    decide: (command, state) =>
      state.closed ? E.left(invalidTransition('closed', command.type)) : E.right(command.type === 'Close' ? [{ type: 'Closed', data: {} }] : [{ type: 'Added', data: { by: command.data.by } }]),
    evolve: (state, event) => (event.type === 'Added' ? { ...state, total: state.total + event.data.by } : { ...state, closed: true }),
  }
  const meta = (commandId: string) => ({ commandId, actor: { id: 'u1', role: 'admin' as const, jurisdiction: 'hohhot' }, at: '2026-03-01T09:30:00+08:00' })
  const add = (by: number, commandId: string): Add => ({ type: 'Add', data: { by }, meta: meta(commandId) })
  const close = (commandId: string): Add => ({ type: 'Close', data: {}, meta: meta(commandId) })

  it('Promise.all of commands on one stream: each applied once, versions contiguous, the chain verified, outcomes and state those of the same commands one after another', async () => {
    const commands = [add(1, 'c1'), add(2, 'c2'), add(3, 'c3'), add(3, 'c3'), add(4, 'c4'), close('c5'), add(5, 'c6'), add(2, 'c2')]
    const summary = (result: E.Either<{ readonly code: string }, { readonly state: unknown; readonly version: unknown; readonly replayed: boolean }>) =>
      E.isLeft(result) ? result.left.code : [result.right.state, result.right.version, result.right.replayed]
    const variants: readonly (() => HandleOptions)[] = [() => ({}), () => ({ memory: streamMemory() }), () => ({ queue: streamQueue() }), () => ({ memory: streamMemory(), queue: streamQueue() })]
    for (const options of variants) {
      const together = memoryEventStore()
      const given = options()
      const outcomes = await Promise.all(commands.map((command) => handle(together, decider, 'counter-1', command, given)))
      const oneByOne = memoryEventStore()
      const sequentialOptions = options()
      const sequential = []
      for (const command of commands) sequential.push(await handle(oneByOne, decider, 'counter-1', command, sequentialOptions))
      expect(outcomes.map(summary)).toEqual(sequential.map(summary))
      const events = await together.readStream('counter-1')
      expect(events.map((e) => [e.version, e.metadata.commandId])).toEqual([
        [0, 'c1'],
        [1, 'c2'],
        [2, 'c3'],
        [3, 'c4'],
        [4, 'c5'],
      ])
      expect(verifyStream('counter-1', events, nodeSha256Hex).ok).toBe(true)
      const loaded = await load(together, decider, 'counter-1')
      expect([loaded.state, loaded.version]).toEqual([{ total: 10, closed: true }, 4])
      expect(loaded.state).toEqual((await load(oneByOne, decider, 'counter-1')).state)
    }
  })
})
