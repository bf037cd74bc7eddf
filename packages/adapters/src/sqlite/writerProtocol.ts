import type { NewEvent, RecordedEvent } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import type { Settled } from '../groupCommit.js'
import type { SqliteSynchronous } from './open.js'
import type { Append, AppendOutcome } from './writer.js'

/** What the writer thread is started with. */
export interface WriterThreadData {
  readonly path: string
  readonly synchronous?: SqliteSynchronous
  readonly busyTimeoutMs?: number
}

/** An error as it crosses threads: structured clone keeps an Error's message but drops fields such as SQLite's `code`. */
export interface WireError {
  readonly name: string
  readonly message: string
  readonly code?: string
}

/**
 * An append as the main thread hands it to the writer thread: the append with its events as the caller gave them, and
 * the id of each of those events, in order — the caller's own, or one the main thread drew for an event without. The
 * events are not copied to carry their ids: the ids of unnamed events travel beside them (`ToWriter`'s `eventIds`).
 */
export interface NamedAppend {
  readonly append: Append
  readonly eventIds: readonly string[]
}

export type ToWriter =
  | {
      readonly type: 'commit'
      readonly id: number
      readonly group: readonly Append[]
      /** The ids of the group's events that have none, in the group's order (`nameEvents` puts them on). */
      readonly eventIds: readonly string[]
    }
  | { readonly type: 'close' }

/**
 * What the writer thread answers for an append it sealed: where its events went and their chain hashes — the first
 * event's position and version, the events' record time, the chain hash before the first event (the stream's last, or
 * its genesis hash), then each event's hash in order. The events themselves stay where they were made: the main thread
 * has them (`recordedFrom`), so they are not cloned back. A flat list: no property names to clone and intern.
 */
export type WireSealed = readonly [position: number, version: number, recordedAt: string, prevHash: string, ...hashes: string[]]

export type WireSettled =
  | WireSealed
  /** Refused (a concurrency conflict), or nothing to write: the outcome as the writer gave it. */
  | { readonly ok: AppendOutcome }
  | { readonly error: WireError }

export type FromWriter =
  | { readonly type: 'committed'; readonly id: number; readonly settled: readonly WireSettled[] }
  | { readonly type: 'failed'; readonly id: number; readonly error: WireError }
  | { readonly type: 'closed' }

export const toWire = (error: unknown): WireError => {
  const e = error instanceof Error ? error : new Error(String(error))
  const code = (e as Error & { code?: unknown }).code
  return { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) }
}

export const fromWire = (wire: WireError): Error => {
  const error = new Error(wire.message) as Error & { code?: string }
  error.name = wire.name
  if (wire.code !== undefined) error.code = wire.code
  return error
}

/** The ids `ToWriter` carries for a group: those the main thread drew for events without one, in order. */
export const unnamedIds = (group: readonly NamedAppend[]): string[] => {
  const ids: string[] = []
  for (const { append, eventIds } of group) {
    for (let i = 0; i < append.events.length; i += 1) {
      if ((append.events[i] as NewEvent).eventId == null) ids.push(eventIds[i] as string)
    }
  }
  return ids
}

/**
 * On the writer thread: puts the ids the main thread drew on the events that have none, as `{ ...event, eventId }`
 * would (an `eventId` key present but undefined keeps its place). Each such event is copied, by place, never named in
 * place: a structured clone keeps one object the caller gave twice (in one append, or in two appends of a group) as one
 * object, and naming it in place would give both places the first id and shift every later one.
 */
export const nameEvents = (group: readonly Append[], eventIds: readonly string[]): readonly Append[] => {
  let next = 0
  return group.map((append) => {
    let named: NewEvent[] | undefined
    for (let i = 0; i < append.events.length; i += 1) {
      const event = append.events[i] as NewEvent
      // null too, as sealing's `??` (core kernel/hash.ts) reads it: an id the type does not allow, from plain JS.
      if (event.eventId != null) continue
      named ??= [...append.events]
      named[i] = { ...event, eventId: eventIds[next++] as string }
    }
    return named === undefined ? append : { ...append, events: named }
  })
}

/** On the writer thread: an append's outcome as it goes back — the chain fields of what it sealed, or the outcome as is. */
export const wireSettled = (settled: Settled<AppendOutcome>): WireSettled => {
  if (!('ok' in settled)) return { error: toWire(settled.error) }
  const outcome = settled.ok
  if (E.isLeft(outcome) || outcome.right.events.length === 0) return settled
  const events = outcome.right.events
  const first = events[0] as RecordedEvent
  const wire: [number, number, string, string, ...string[]] = [first.position, first.version, first.metadata.recordedAt, first.metadata.prevHash]
  for (const event of events) wire.push(event.metadata.hash)
  return wire
}

type SealedMetadata = { -readonly [K in keyof RecordedEvent['metadata']]: RecordedEvent['metadata'][K] }

/**
 * The recorded events of an append the writer thread sealed, made on the main thread from the events it sent and the
 * chain fields that came back: the envelopes `sealEventsWithText` made on the thread (core's kernel/hash.ts, `sealAll`),
 * key for key and in the same order, holding the caller's data and metadata values — as a store committing on the
 * main thread hands them back. writerProtocol.test.ts checks this against `sealEventsWithText` itself.
 */
export const recordedFrom = (named: NamedAppend, sealed: WireSealed): RecordedEvent[] => {
  const { append, eventIds } = named
  const { streamId } = append
  const [position, version, recordedAt] = sealed
  const recorded: RecordedEvent[] = []
  for (let i = 0; i < append.events.length; i += 1) {
    const event = append.events[i] as NewEvent
    const given = event.metadata
    // As core's withSealFields: Object.assign takes V8's cached transitions; an own `__proto__` key is spread instead.
    const metadata = (Object.hasOwn(given, '__proto__') ? { ...given } : Object.assign({}, given)) as SealedMetadata
    metadata.recordedAt = recordedAt
    // The chain before event i is at 3 + i: the hash before the first, then each event's own.
    metadata.prevHash = sealed[3 + i] as string
    metadata.hash = sealed[4 + i] as string
    const { type, schemaVersion, data } = event
    recorded.push({ eventId: eventIds[i] as string, streamId, version: version + i, position: position + i, type, schemaVersion, data, metadata })
  }
  return recorded
}

const isSealed = (wire: WireSettled): wire is WireSealed => Array.isArray(wire)

/** On the main thread: an append's outcome from what the writer thread answered for it. */
export const settledFrom = (named: NamedAppend, wire: WireSettled): Settled<AppendOutcome> => {
  if (!isSealed(wire)) return 'error' in wire ? { error: fromWire(wire.error) } : wire
  if (wire.length !== 4 + named.append.events.length) return { error: new Error('the writer thread answered with another number of events than it was sent') }
  const events = recordedFrom(named, wire)
  const last = events[events.length - 1] as RecordedEvent
  return { ok: E.right({ nextExpectedVersion: last.version, lastPosition: last.position, events }) }
}
