// The writer thread's protocol carries less than the appends and their recorded events: ids beside the events on the
// way there (taken by sealing, the events not copied to carry them), chain fields on the way back (the hashes in one string). What reaches the writer and what the store hands back must be exactly what
// the old protocol delivered (the whole append, named by a spread on the main thread, cloned there; the recorded
// events cloned back): the same values, the same keys in the same order.
import { genesisHash, sealEventsWithText, type NewEvent } from '@gridcase/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Settled } from '../groupCommit.js'
import { nodeSha256Hex } from './nodeHash.js'
import { idsFrom, type Append, type AppendOutcome } from './writer.js'
import { settledFrom, toWriter, wireSettled, type NamedAppend } from './writerProtocol.js'

/** Every key path of a value in order, with each leaf's type: equal lists mean the same shape, key order included. */
const shapeOf = (value: unknown, path = '$'): string[] => {
  if (Array.isArray(value)) return [`${path}:array`, ...value.flatMap((v, i) => shapeOf(v, `${path}[${i}]`))]
  if (typeof value === 'object' && value !== null) return [`${path}:object`, ...Object.keys(value).flatMap((k) => shapeOf((value as Record<string, unknown>)[k], `${path}.${k}`))]
  return [`${path}:${typeof value}`]
}
const same = (actual: unknown, expected: unknown): void => {
  expect(actual).toStrictEqual(expected)
  expect(shapeOf(actual)).toEqual(shapeOf(expected))
}

const key = fc.oneof(fc.constantFrom('hash', 'prevHash', 'recordedAt', 'eventId', 'note', 'actor', 'a', 'b'), fc.string({ maxLength: 6 }))
const record = fc.dictionary(key, fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)), { maxKeys: 5 })
const newEvent: fc.Arbitrary<NewEvent> = fc
  .record({
    type: fc.constantFrom('Noted', 'Opened'),
    schemaVersion: fc.integer({ min: 1, max: 3 }),
    data: fc.oneof(fc.jsonValue({ maxDepth: 3 }), record, fc.constant(undefined)),
    metadata: record,
    eventId: fc.option(fc.uuid(), { nil: undefined }),
    // An `eventId` key present but undefined, as a caller may build it.
    keyed: fc.boolean(),
  })
  .map(({ type, schemaVersion, data, metadata, eventId, keyed }) => ({
    type,
    schemaVersion,
    data,
    metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'u', role: 'grid-worker', jurisdiction: 'x' }, occurredAt: 't', ...metadata } as NewEvent['metadata'],
    ...(eventId !== undefined || keyed ? { eventId } : {}),
  }))
  // Plain objects, as a decoded command's events are (fast-check makes some without a prototype).
  .map((event) => structuredClone(event))
const append = fc.record({
  streamId: fc.constantFrom('complaint-a', 'complaint-b'),
  events: fc.array(newEvent, { minLength: 1, maxLength: 4 }),
  nextVersion: fc.integer({ min: 0, max: 50 }),
  position: fc.integer({ min: 0, max: 10_000 }),
})

const noteEvent: NewEvent = { type: 'Noted', schemaVersion: 1, data: {}, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'u', role: 'grid-worker', jurisdiction: 'x' }, occurredAt: 't' } }

describe('the writer thread protocol', () => {
  /** What the writer seals for an append as the thread receives it: `sealEventsWithText` with the append's ids, as writer.ts calls it. */
  const sealOnThread = (a: Append, nextVersion: number, position: number, newEventId: () => string = idsFrom(a)) =>
    sealEventsWithText({
      streamId: a.streamId,
      nextVersion,
      prevHash: genesisHash(a.streamId, nodeSha256Hex),
      recordedAt: a.recordedAt as string,
      events: a.events,
      newEventId,
      hash: nodeSha256Hex,
      firstPosition: position,
    })

  it('seals the events the thread receives with their ids beside them as it sealed them named by a spread: the same envelopes and text', () => {
    fc.assert(
      fc.property(fc.array(append, { minLength: 1, maxLength: 4 }), (specs) => {
        let n = 0
        const group: NamedAppend[] = specs.map(({ streamId, events }) => ({
          append: { streamId, events, expectedVersion: 'any', recordedAt: 'r' },
          eventIds: events.map((e) => (e.eventId == null ? `id-${(n += 1)}` : e.eventId)),
        }))
        // The old protocol: each unnamed event spread with its new id (on the main thread, later on the thread), cloned.
        const old: Append[] = structuredClone(
          group.map(({ append: a, eventIds }) => ({ ...a, events: a.events.map((e, i) => (e.eventId == null ? { ...e, eventId: eventIds[i] } : e)) })),
        )
        const sent = structuredClone(group.map(toWriter))
        specs.forEach(({ nextVersion, position }, i) => {
          const before = sealOnThread(old[i] as Append, nextVersion, position, () => 'never')
          same(sealOnThread(sent[i] as Append, nextVersion, position), before)
          // Sealed again (the careful path after a failed insert): named alike.
          same(sealOnThread(sent[i] as Append, nextVersion, position), before)
        })
      }),
    )
  })

  it('refuses to seal an append carrying fewer ids than its unnamed events, rather than name one twice', () => {
    const a: Append = { streamId: 's', events: [{ type: 'A', schemaVersion: 1, data: {}, metadata: {} as NewEvent['metadata'] }], expectedVersion: 'any', eventIds: [] }
    expect(() => idsFrom(a)()).toThrow(/carries 0 event ids/)
  })

  it('hands back the recorded events the old protocol cloned back: the same envelopes, key for key and in order', () => {
    fc.assert(
      fc.property(append, ({ streamId, events, nextVersion, position }) => {
        let n = 0
        const eventIds = events.map((e) => (e.eventId == null ? `id-${(n += 1)}` : e.eventId))
        const named: NamedAppend = { append: { streamId, events, expectedVersion: 'any', recordedAt: '2026-12-01T08:00:00.000Z' }, eventIds }
        // On the thread: the append as it arrives (cloned, its ids beside its events), sealed as the writer seals it.
        const recorded = sealOnThread(structuredClone(toWriter(named)), nextVersion, position).map((s) => s.event)
        const last = recorded[recorded.length - 1]
        if (last === undefined) throw new Error('nothing sealed')
        const settled: Settled<AppendOutcome> = { ok: E.right({ nextExpectedVersion: last.version, lastPosition: last.position, events: recorded }) }
        same(settledFrom(named, structuredClone(wireSettled(settled))), structuredClone(settled))
      }),
    )
  })

  it('sends the hashes back as one string, and hashes of unequal lengths (never SHA-256 hex) as the outcome itself', () => {
    const named: NamedAppend = { append: { streamId: 's', events: [noteEvent, noteEvent], expectedVersion: 'any', recordedAt: 'r' }, eventIds: ['e1', 'e2'] }
    const sealedWith = (hashes: readonly string[]): Settled<AppendOutcome> => {
      const events = hashes.map((hash, i) => ({ eventId: `e${i + 1}`, streamId: 's', version: i, position: 7 + i, type: 'Noted', schemaVersion: 1, data: {}, metadata: { ...noteEvent.metadata, recordedAt: 'r', prevHash: i === 0 ? 'g' : (hashes[i - 1] as string), hash } }))
      return { ok: E.right({ nextExpectedVersion: 1, lastPosition: 8, events }) }
    }
    const even = sealedWith(['aa', 'bb'])
    expect(wireSettled(even)).toEqual([7, 0, 'r', 'g', 'aabb', 2])
    const uneven = sealedWith(['aa', 'bbb'])
    expect(wireSettled(uneven)).toBe(uneven)
    same(settledFrom(named, structuredClone(wireSettled(uneven))), structuredClone(uneven))
  })

  it('passes refusals, empty appends and errors through as they were', () => {
    const named: NamedAppend = { append: { streamId: 's', events: [], expectedVersion: 'no-stream' }, eventIds: [] }
    const conflict: Settled<AppendOutcome> = {
      ok: E.left({ code: 'concurrency-conflict', message: 'm', streamId: 's', expected: 'no-stream', actual: 3 } as never),
    }
    const empty: Settled<AppendOutcome> = { ok: E.right({ nextExpectedVersion: 3, lastPosition: 9, events: [] }) }
    same(settledFrom(named, structuredClone(wireSettled(conflict))), conflict)
    same(settledFrom(named, structuredClone(wireSettled(empty))), empty)
    const failed = settledFrom(named, structuredClone(wireSettled({ error: Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }) })))
    expect('error' in failed && failed.error).toMatchObject({ message: 'disk I/O error', code: 'SQLITE_IOERR' })
  })
})
