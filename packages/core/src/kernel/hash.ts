import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { canonicalJson, canonicalJsonWithout, omittedInJson } from './canonicalJson.js'
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

/**
 * canonicalJson({ eventId, streamId, version, type, schemaVersion, data, metadata }) given the data's and the
 * metadata's canonical text: the members in RFC 8785 order (data, eventId, metadata, schemaVersion, streamId, type,
 * version), a member whose value JSON leaves out left out. Built from parts so a store can keep the data's text.
 */
const envelopeText = (
  eventId: unknown,
  streamId: unknown,
  version: unknown,
  type: unknown,
  schemaVersion: unknown,
  dataText: string | undefined,
  metadataText: string | undefined,
): string => {
  // Written member by member, no closure per call: every event sealed or verified comes through here.
  let out = ''
  out = member(out, '"data":', dataText)
  out = member(out, '"eventId":', scalarText(eventId))
  out = member(out, '"metadata":', metadataText)
  out = member(out, '"schemaVersion":', scalarText(schemaVersion))
  out = member(out, '"streamId":', scalarText(streamId))
  out = member(out, '"type":', scalarText(type))
  out = member(out, '"version":', scalarText(version))
  return out === '' ? '{}' : `{${out}}`
}

/** `out` with one more member (`prefix` is its name and colon), or as it was when JSON leaves the value out. */
const member = (out: string, prefix: string, text: string | undefined): string =>
  text === undefined ? out : out === '' ? prefix + text : `${out},${prefix}${text}`

const scalarText = (value: unknown): string | undefined => (omittedInJson(value) ? undefined : canonicalJson(value))

/** The canonical text of an event's data, or undefined when JSON leaves it out (no data). */
const dataTextOf = (data: unknown): string | undefined => (omittedInJson(data) ? undefined : canonicalJson(data))

/** The canonical text of metadata without its own hash. */
const metadataTextOf = (metadata: unknown): string | undefined =>
  omittedInJson(metadata) ? undefined : typeof metadata === 'object' && metadata !== null ? canonicalJsonWithout(metadata, 'hash') : canonicalJson(metadata)

/** hash = sha256(prevHash ‖ canonicalJson(envelope without hash)). */
export const eventHash = (envelope: HashedEnvelope, hash: HashFn = sha256Hex): string => {
  // Only the hashed fields: a RecordedEvent passed as is must not hash its position or its own hash.
  const { eventId, streamId, version, type, schemaVersion, data, metadata } = envelope
  return hash(metadata.prevHash + envelopeText(eventId, streamId, version, type, schemaVersion, dataTextOf(data), metadataTextOf(metadata)))
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
    const recomputed = eventHash(event, hash)
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

/** A sealed event and the canonical JSON of its data (undefined for no data), which a store may write as is. */
export interface SealedEvent {
  readonly event: RecordedEvent
  readonly dataJson: string | undefined
}

type SealedMetadata = { -readonly [K in keyof EventMetadata]: EventMetadata[K] }

/**
 * `{ ...metadata, recordedAt, prevHash, hash: '' }`, the same keys in the same order. V8 (Node 20) gives a spread
 * copy a map of its own, so every key added after the spread is a slow transition: ~2.5 µs per event, a tenth of
 * an in-memory command. `Object.assign` onto `{}` takes the cached transitions. It would set the prototype for an
 * own `__proto__` key where the spread defines the key, so such (odd) metadata is still spread.
 */
const withSealFields = (metadata: NewEvent['metadata'], recordedAt: string, prevHash: string): SealedMetadata => {
  const out = (Object.hasOwn(metadata, '__proto__') ? { ...metadata } : Object.assign({}, metadata)) as SealedMetadata
  out.recordedAt = recordedAt
  out.prevHash = prevHash
  out.hash = ''
  return out
}

/** Seals with or without positions: the one loop behind `sealEvents` and `sealEventsWithText`. */
const sealAll = (input: SealInput, firstPosition: number | undefined): { readonly event: Omit<RecordedEvent, 'position'> | RecordedEvent; readonly dataJson: string | undefined }[] => {
  const hash = input.hash ?? sha256Hex
  const { streamId } = input
  let prev = input.prevHash
  const sealed: { readonly event: Omit<RecordedEvent, 'position'> | RecordedEvent; readonly dataJson: string | undefined }[] = []
  for (let i = 0; i < input.events.length; i += 1) {
    const event = input.events[i] as NewEvent
    const eventId = event.eventId ?? input.newEventId()
    const version = input.nextVersion + i
    const { type, schemaVersion, data } = event
    // The final metadata, its hash filled in once known: the hashed text leaves the `hash` key out.
    const metadata = withSealFields(event.metadata, input.recordedAt, prev)
    const dataJson = dataTextOf(data)
    prev = hash(prev + envelopeText(eventId, streamId, version, type, schemaVersion, dataJson, canonicalJsonWithout(metadata, 'hash')))
    metadata.hash = prev
    // The position beside the version, where a store's read puts it: one envelope per event, made once.
    sealed.push({
      event:
        firstPosition === undefined
          ? { eventId, streamId, version, type, schemaVersion, data, metadata }
          : { eventId, streamId, version, position: firstPosition + i, type, schemaVersion, data, metadata },
      dataJson,
    })
  }
  return sealed
}

/**
 * `sealEvents` for a store that knows the global positions as it seals (`firstPosition` for the first event,
 * then one more each): recorded events, each with the canonical JSON of its data, computed once for the hash and
 * written as is by the store. The hash is `eventHash`'s, over the same text.
 */
export const sealEventsWithText = (input: SealInput & { readonly firstPosition: number }): SealedEvent[] =>
  sealAll(input, input.firstPosition) as SealedEvent[]

/** Gives new events their ids, versions and chained hashes: what every store calls inside its write. */
export const sealEvents = (input: SealInput): Omit<RecordedEvent, 'position'>[] => sealAll(input, undefined).map((s) => s.event)
