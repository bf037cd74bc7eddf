import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { canonicalJson } from './canonicalJson.js'
import type { EventMetadata, NewEvent, RecordedEvent } from './envelope.js'

/** A hex digest of a UTF-8 string. Injected so adapters may pass Node's crypto. */
export type HashFn = (input: string) => string

/** Pure-JS SHA-256 (@noble/hashes): the default, usable anywhere. */
export const sha256Hex: HashFn = (input) => bytesToHex(sha256(utf8ToBytes(input)))

export { canonicalJson }

/** The first link of a stream's chain: the hash of its id. */
export const genesisHash = (streamId: string, hash: HashFn = sha256Hex): string => hash(streamId)

/** What the hash covers: the envelope without its own hash and without the global position (assigned at commit). */
export type HashedEnvelope = Omit<RecordedEvent, 'position' | 'metadata'> & {
  readonly metadata: Omit<EventMetadata, 'hash'>
}

/** hash = sha256(prevHash ‖ canonicalJson(envelope without hash)). */
export const eventHash = (envelope: HashedEnvelope, hash: HashFn = sha256Hex): string => {
  // Pick the hashed fields: a RecordedEvent passed as is would otherwise hash its position and its own hash.
  const { eventId, streamId, version, type, schemaVersion, data } = envelope
  const { hash: _ownHash, ...metadata } = envelope.metadata as HashedEnvelope['metadata'] & { readonly hash?: string }
  return hash(envelope.metadata.prevHash + canonicalJson({ eventId, streamId, version, type, schemaVersion, data, metadata }))
}

/** A broken link: where the chain stops agreeing with the record. */
export interface BrokenLink {
  readonly streamId: string
  readonly version: number
  readonly position: number
  readonly eventId: string
  readonly reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'version-gap'
  readonly expected: string
  readonly actual: string
}

export type StreamVerification =
  | { readonly ok: true; readonly streamId: string; readonly events: number; readonly lastHash: string }
  | { readonly ok: false; readonly streamId: string; readonly events: number; readonly brokenLink: BrokenLink }

const strip = (event: RecordedEvent): HashedEnvelope => {
  const { hash: _hash, ...metadata } = event.metadata
  const { position: _position, metadata: _m, ...rest } = event
  return { ...rest, metadata }
}

/** Re-computes one stream's chain (events in version order, as stored) and reports the first broken link. */
export const verifyStream = (
  streamId: string,
  events: readonly RecordedEvent[],
  hash: HashFn = sha256Hex,
): StreamVerification => {
  let prev = genesisHash(streamId, hash)
  let checked = 0
  for (const event of events) {
    const link = (reason: BrokenLink['reason'], expected: string, actual: string): StreamVerification => ({
      ok: false,
      streamId,
      events: checked,
      brokenLink: { streamId, version: event.version, position: event.position, eventId: event.eventId, reason, expected, actual },
    })
    if (event.version !== checked) return link('version-gap', String(checked), String(event.version))
    if (event.metadata.prevHash !== prev) return link('prev-hash-mismatch', prev, event.metadata.prevHash)
    const recomputed = eventHash(strip(event), hash)
    if (recomputed !== event.metadata.hash) return link('hash-mismatch', recomputed, event.metadata.hash)
    prev = event.metadata.hash
    checked += 1
  }
  return { ok: true, streamId, events: checked, lastHash: prev }
}

/** What a store knows when it writes: where the stream stands and how to name and time the new events. */
export interface SealInput {
  readonly streamId: string
  /** Version the first new event gets (current version + 1, or 0 for a new stream). */
  readonly nextVersion: number
  /** Hash of the stream's last event, or `genesisHash(streamId)` for a new stream. */
  readonly prevHash: string
  readonly recordedAt: string
  readonly events: readonly NewEvent[]
  readonly newEventId: () => string
  readonly hash?: HashFn
}

/** Gives new events their ids, versions and chained hashes: what every store calls inside its write. */
export const sealEvents = (input: SealInput): Omit<RecordedEvent, 'position'>[] => {
  let prev = input.prevHash
  return input.events.map((event, i) => {
    const unsealed: HashedEnvelope = {
      eventId: event.eventId ?? input.newEventId(),
      streamId: input.streamId,
      version: input.nextVersion + i,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: { ...event.metadata, recordedAt: input.recordedAt, prevHash: prev },
    }
    prev = eventHash(unsealed, input.hash)
    return { ...unsealed, metadata: { ...unsealed.metadata, hash: prev } }
  })
}
