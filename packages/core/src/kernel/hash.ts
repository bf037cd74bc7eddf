import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { canonicalJson, canonicalJsonWithout, omittedInJson, plainAgain, writtenPlain } from './canonicalJson.js'
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

// Values that come again at the same place of the sealed text: a stream's id on each of its appends (the memory store
// passes the id its events already hold: the same string) and the time a store records (the same text through its
// millisecond: the system clock formats it once). Each is scanned once while it stays the same.
const plainStreamId = plainAgain()
const plainRecordedAt = plainAgain()

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
  // What every store seals: string ids and type written as they are, integer versions, data and metadata. One
  // template, so the text is a few long pieces (the hash flattens it, piece by piece), not member after member.
  if (
    dataText !== undefined &&
    metadataText !== undefined &&
    typeof eventId === 'string' &&
    typeof streamId === 'string' &&
    typeof type === 'string' &&
    Number.isFinite(schemaVersion) &&
    Number.isFinite(version) &&
    writtenPlain(eventId) &&
    plainStreamId(streamId) &&
    writtenPlain(type)
  ) {
    return `{"data":${dataText},"eventId":"${eventId}","metadata":${metadataText},"schemaVersion":${schemaVersion as number},"streamId":"${streamId}","type":"${type}","version":${version as number}}`
  }
  // Anything else member by member, no closure per call.
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

/** The metadata `handle` writes, key by key in its order: without and with a request hash. */
const HANDLE_KEYS = ['commandId', 'correlationId', 'causationId', 'actor', 'occurredAt']
const HANDLE_KEYS_WITH_REQUEST = [...HANDLE_KEYS, 'requestHash']

const isKeyList = (keys: readonly string[], expected: readonly string[]): boolean => {
  if (keys.length !== expected.length) return false
  for (let i = 0; i < keys.length; i += 1) if (keys[i] !== expected[i]) return false
  return true
}

/**
 * Which of `handle`'s key lists the metadata's own keys are: none, without or with a request hash. Worked out once
 * per event and passed along, never kept in a module variable: user code runs while an event is sealed (its data's
 * toJSON, a getter) and may seal other events meanwhile.
 */
type MetadataShape = 'other' | 'handle' | 'handle-with-request'
const shapeOf = (metadata: NewEvent['metadata']): MetadataShape => {
  const keys = Object.keys(metadata)
  return isKeyList(keys, HANDLE_KEYS) ? 'handle' : isKeyList(keys, HANDLE_KEYS_WITH_REQUEST) ? 'handle-with-request' : 'other'
}

/**
 * `{ ...metadata, recordedAt, prevHash, hash: '' }`, the same keys in the same order. V8 (Node 20) gives a spread
 * copy a map of its own, so every key added after the spread is a slow transition: ~2.5 µs per event, a tenth of
 * an in-memory command. `Object.assign` onto `{}` takes the cached transitions. It would set the prototype for an
 * own `__proto__` key where the spread defines the key, so such (odd) metadata is still spread.
 * The metadata `handle` writes (its own keys exactly those, in that order) is copied by an object literal: one
 * object with every field in it (Object.assign's copy is two, the fields past the fourth in a second one), ~30
 * bytes less per event kept, and a third of the time. It leaves out an enumerable Symbol key of the metadata,
 * which the spread and Object.assign both copy (Object.keys, which picks the path, does not list it): the hash is
 * the same either way, as canonical JSON writes no Symbol key, and no store that writes JSON keeps one.
 */
const withSealFields = (metadata: NewEvent['metadata'], shape: MetadataShape, recordedAt: string, prevHash: string): SealedMetadata => {
  if (shape === 'handle') {
    const { commandId, correlationId, causationId, actor, occurredAt } = metadata
    return { commandId, correlationId, causationId, actor, occurredAt, recordedAt, prevHash, hash: '' }
  }
  if (shape === 'handle-with-request') {
    const { commandId, correlationId, causationId, actor, occurredAt, requestHash } = metadata
    return { commandId, correlationId, causationId, actor, occurredAt, requestHash, recordedAt, prevHash, hash: '' } as SealedMetadata
  }
  const out = (Object.hasOwn(metadata, '__proto__') ? { ...metadata } : Object.assign({}, metadata)) as SealedMetadata
  out.recordedAt = recordedAt
  out.prevHash = prevHash
  out.hash = ''
  return out
}

/**
 * The canonical text of sealed metadata without its hash. Metadata of `handle`'s keys, its ids and times plain
 * strings, is written in one template, its members in their sorted order (actor, causationId, commandId,
 * correlationId, occurredAt, prevHash, recordedAt, requestHash): no walk of its keys. Anything else as any object.
 * `handleShaped`: `withSealFields` made `m` from metadata of `handle`'s keys (its `shape` not 'other').
 */
const sealedMetadataText = (m: SealedMetadata, handleShaped: boolean): string => {
  const { actor, causationId, commandId, correlationId, occurredAt, prevHash, recordedAt, requestHash } = m
  if (
    handleShaped &&
    typeof actor === 'object' &&
    actor !== null &&
    typeof causationId === 'string' &&
    typeof commandId === 'string' &&
    typeof correlationId === 'string' &&
    typeof occurredAt === 'string' &&
    typeof prevHash === 'string' &&
    typeof recordedAt === 'string' &&
    (requestHash === undefined || (typeof requestHash === 'string' && writtenPlain(requestHash))) &&
    writtenPlain(causationId) &&
    writtenPlain(commandId) &&
    writtenPlain(correlationId) &&
    writtenPlain(occurredAt) &&
    writtenPlain(prevHash) &&
    plainRecordedAt(recordedAt)
  ) {
    // The metadata is a new object: its actor cannot hold it, so the actor is written as a value of its own.
    const head = `{"actor":${canonicalJson(actor)},"causationId":"${causationId}","commandId":"${commandId}","correlationId":"${correlationId}","occurredAt":"${occurredAt}","prevHash":"${prevHash}","recordedAt":"${recordedAt}"`
    return requestHash === undefined ? `${head}}` : `${head},"requestHash":"${requestHash}"}`
  }
  return canonicalJsonWithout(m, 'hash')
}

/**
 * Seals with or without positions: the one loop behind `sealEvents`, `sealEventsWithText` and
 * `sealRecordedEvents`. With `withText`, each event goes there beside the canonical text of its data (and none in
 * the array returned).
 */
const sealAll = (input: SealInput, firstPosition: number | undefined, withText: SealedEvent[] | undefined): (Omit<RecordedEvent, 'position'> | RecordedEvent)[] => {
  const hash = input.hash ?? sha256Hex
  const { streamId } = input
  let prev = input.prevHash
  const sealed: (Omit<RecordedEvent, 'position'> | RecordedEvent)[] = []
  for (let i = 0; i < input.events.length; i += 1) {
    const event = input.events[i] as NewEvent
    const eventId = event.eventId ?? input.newEventId()
    const version = input.nextVersion + i
    const { type, schemaVersion, data } = event
    // The final metadata, its hash filled in once known: the hashed text leaves the `hash` key out.
    const shape = shapeOf(event.metadata)
    const metadata = withSealFields(event.metadata, shape, input.recordedAt, prev)
    const dataJson = dataTextOf(data)
    prev = hash(prev + envelopeText(eventId, streamId, version, type, schemaVersion, dataJson, sealedMetadataText(metadata, shape !== 'other')))
    metadata.hash = prev
    // The position beside the version, where a store's read puts it: one envelope per event, made once.
    const recorded =
      firstPosition === undefined
        ? { eventId, streamId, version, type, schemaVersion, data, metadata }
        : { eventId, streamId, version, position: firstPosition + i, type, schemaVersion, data, metadata }
    if (withText === undefined) sealed.push(recorded)
    else withText.push({ event: recorded as RecordedEvent, dataJson })
  }
  return sealed
}

/**
 * `sealEvents` for a store that knows the global positions as it seals (`firstPosition` for the first event,
 * then one more each): recorded events, each with the canonical JSON of its data, computed once for the hash and
 * written as is by the store. The hash is `eventHash`'s, over the same text.
 */
export const sealEventsWithText = (input: SealInput & { readonly firstPosition: number }): SealedEvent[] => {
  const sealed: SealedEvent[] = []
  sealAll(input, input.firstPosition, sealed)
  return sealed
}

/**
 * `sealEventsWithText` for a store that keeps the events themselves, not their text (in memory): the recorded
 * events alone, the same ones.
 */
export const sealRecordedEvents = (input: SealInput & { readonly firstPosition: number }): RecordedEvent[] =>
  sealAll(input, input.firstPosition, undefined) as RecordedEvent[]

/** Gives new events their ids, versions and chained hashes: what every store calls inside its write. */
export const sealEvents = (input: SealInput): Omit<RecordedEvent, 'position'>[] => sealAll(input, undefined, undefined)
