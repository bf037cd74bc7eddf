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
 * events are not copied to carry their ids: the ids of unnamed events travel beside them (`toWriter`, `Append.eventIds`).
 */
export interface NamedAppend {
  readonly append: Append
  readonly eventIds: readonly string[]
}

export type ToWriter =
  | {
      readonly type: 'commit'
      readonly id: number
      /** Each append with the ids of its events that have none, in order (`Append.eventIds`, see `toWriter`). */
      readonly group: readonly Append[]
    }
  | { readonly type: 'close' }

/**
 * What the writer thread answers for an append it sealed: where its events went and their chain hashes — the first
 * event's position and version, the events' record time, the chain hash before the first event (the stream's last, or
 * its genesis hash), then each event's hash in order. The events themselves stay where they were made: the main thread
 * has them (`recordedFrom`), so they are not cloned back. A flat list: no property names to clone and intern; the events'
 * hashes as one string (each `hashLength` long, in order), which a message copies at once, not string by string.
 */
export type WireSealed = readonly [position: number, version: number, recordedAt: string, prevHash: string, hashes: string, hashLength: number]

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

/**
 * An append as it goes to the writer thread: with the ids of its events that have none, in order (`Append.eventIds`;
 * sealing takes them as it would draw new ones). The events are not copied to carry their ids, here or on the thread.
 */
export const toWriter = (named: NamedAppend): Append => {
  const { append, eventIds } = named
  const unnamed: string[] = []
  for (let i = 0; i < append.events.length; i += 1) {
    // null too, as sealing's `??` (core kernel/hash.ts) reads it: an id the type does not allow, from plain JS.
    if ((append.events[i] as NewEvent).eventId == null) unnamed.push(eventIds[i] as string)
  }
  return unnamed.length === 0 ? append : { ...append, eventIds: unnamed }
}

/** On the writer thread: an append's outcome as it goes back — the chain fields of what it sealed, or the outcome as is. */
export const wireSettled = (settled: Settled<AppendOutcome>): WireSettled => {
  if (!('ok' in settled)) return { error: toWire(settled.error) }
  const outcome = settled.ok
  if (E.isLeft(outcome) || outcome.right.events.length === 0) return settled
  const events = outcome.right.events
  const first = events[0] as RecordedEvent
  const hashLength = first.metadata.hash.length
  const hashes: string[] = []
  for (const event of events) {
    // Never with the thread's SHA-256 (hex, all alike): hashes of unequal lengths go back as the outcome itself.
    if (event.metadata.hash.length !== hashLength) return settled
    hashes.push(event.metadata.hash)
  }
  return [first.position, first.version, first.metadata.recordedAt, first.metadata.prevHash, hashes.join(''), hashLength]
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
  const [position, version, recordedAt, prevHash, hashes, hashLength] = sealed
  const recorded: RecordedEvent[] = []
  let prev = prevHash
  for (let i = 0; i < append.events.length; i += 1) {
    const event = append.events[i] as NewEvent
    const given = event.metadata
    // As core's withSealFields: Object.assign takes V8's cached transitions; an own `__proto__` key is spread instead.
    const metadata = (Object.hasOwn(given, '__proto__') ? { ...given } : Object.assign({}, given)) as SealedMetadata
    metadata.recordedAt = recordedAt
    // The chain: the hash before the first, then each event's own, the one before it.
    metadata.prevHash = prev
    prev = hashes.slice(i * hashLength, (i + 1) * hashLength)
    metadata.hash = prev
    const { type, schemaVersion, data } = event
    recorded.push({ eventId: eventIds[i] as string, streamId, version: version + i, position: position + i, type, schemaVersion, data, metadata })
  }
  return recorded
}

const isSealed = (wire: WireSettled): wire is WireSealed => Array.isArray(wire)

/** On the main thread: an append's outcome from what the writer thread answered for it. */
export const settledFrom = (named: NamedAppend, wire: WireSettled): Settled<AppendOutcome> => {
  if (!isSealed(wire)) return 'error' in wire ? { error: fromWire(wire.error) } : wire
  if (wire[4].length !== wire[5] * named.append.events.length) return { error: new Error('the writer thread answered with another number of events than it was sent') }
  const events = recordedFrom(named, wire)
  const last = events[events.length - 1] as RecordedEvent
  return { ok: E.right({ nextExpectedVersion: last.version, lastPosition: last.position, events }) }
}
