import { jsonEvent, type AllStreamResolvedEvent, type EventData, type JSONType, type ResolvedEvent } from '@eventstore/db-client'
import type { CaseType, EventMetadata, RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import { dispute } from '@gridcase/core/dispute'
import { isUuid, stableId } from '../ids.js'
import { positionToNumber } from './position.js'
import { revisionToVersion } from './revision.js'

/** The case types whose streams the store reads from $all unless told others: core's complaints and disputes. */
export const DEFAULT_CASE_TYPES: readonly Pick<CaseType, 'streamPrefix'>[] = [complaint, dispute]

/** The stream prefixes of those case types; `$` streams and events (EventStoreDB's own) never are ours. */
export const DEFAULT_STREAM_PREFIXES: readonly string[] = DEFAULT_CASE_TYPES.map((c) => c.streamPrefix)

/** Is an event of this stream and type one of ours, given the stream prefixes we own? */
export const isOurs = (streamId: string, type: string, prefixes: readonly string[]): boolean =>
  !streamId.startsWith('$') && !type.startsWith('$') && prefixes.some((prefix) => streamId.startsWith(prefix))

/** A sealed event (ours) as the client's JSON event: our envelope goes in `metadata`. */
export const toEventData = (event: Omit<RecordedEvent, 'position'>): EventData => {
  const { metadata } = event
  // EventStoreDB ids are uuids (it prints them lower-case); any other id is kept in the metadata so it reads back unchanged.
  const esdbId = isUuid(event.eventId) ? event.eventId.toLowerCase() : stableId(event.eventId)
  return jsonEvent({
    id: esdbId,
    type: event.type,
    data: event.data as JSONType,
    // The whole of our metadata, as hashed, plus what EventStoreDB and we need beside it.
    metadata: {
      ...(metadata as unknown as Record<string, JSONType>),
      schemaVersion: event.schemaVersion,
      // EventStoreDB's projections follow these two names.
      $correlationId: metadata.correlationId,
      $causationId: metadata.causationId,
      ...(esdbId === event.eventId ? {} : { eventId: event.eventId }),
    },
  })
}

type Check<A> = (value: unknown) => value is A
const isString: Check<string> = (v): v is string => typeof v === 'string'
const isVersion: Check<number> = (v): v is number => Number.isSafeInteger(v) && (v as number) >= 0
// The store keeps what was written: an actor whose role a later release renamed must still read back, so only its shape is checked.
const isActorShaped: Check<Actor> = (v): v is Actor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Record<string, unknown>).id === 'string' &&
  typeof (v as Record<string, unknown>).role === 'string' &&
  typeof (v as Record<string, unknown>).jurisdiction === 'string'

/** Keys we add beside the hashed metadata when writing (see `toEventData`). */
const BOOKKEEPING = new Set(['schemaVersion', '$correlationId', '$causationId', 'eventId'])

interface DecodedMetadata {
  readonly metadata: EventMetadata
  readonly schemaVersion: number
  readonly eventId: string | undefined
}

const decodeMetadata = (raw: unknown, where: string): DecodedMetadata => {
  if (typeof raw !== 'object' || raw === null || raw instanceof Uint8Array || Array.isArray(raw)) {
    throw new TypeError(`${where}: metadata: expected a JSON object written by gridcase`)
  }
  const m = raw as Record<string, unknown>
  const problems: string[] = []
  const need = (key: string, check: Check<unknown>, expected: string): void => {
    if (!check(m[key])) problems.push(`metadata.${key}: expected ${expected}`)
  }
  need('schemaVersion', isVersion, 'a non-negative integer')
  for (const key of ['commandId', 'correlationId', 'causationId', 'occurredAt', 'recordedAt', 'prevHash', 'hash']) {
    need(key, isString, 'a string')
  }
  need('actor', isActorShaped, 'an actor { id, role, jurisdiction }')
  if (m.eventId !== undefined) need('eventId', isString, 'a string')
  if (problems.length > 0) throw new TypeError(`${where}: ${problems.join('; ')}`)
  const metadata = Object.fromEntries(Object.entries(m).filter(([key]) => !BOOKKEEPING.has(key)))
  return {
    // Checked field by field above.
    metadata: metadata as unknown as EventMetadata,
    schemaVersion: m.schemaVersion as number,
    eventId: m.eventId as string | undefined,
  }
}

/** A client's resolved event as our recorded event; what is not our envelope is refused with the field named. */
export const fromResolvedEvent = (resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent => {
  const event = resolved.event
  if (event === undefined) throw new TypeError('a read returned a link to a deleted event')
  const where = `event ${event.streamId}@${event.revision}`
  if (!event.isJson) throw new TypeError(`${where}: expected JSON data`)
  const { metadata, schemaVersion, eventId } = decodeMetadata(event.metadata, where)
  return {
    eventId: eventId ?? event.id,
    streamId: event.streamId,
    version: revisionToVersion(event.revision),
    position: positionToNumber(event.position),
    type: event.type,
    schemaVersion,
    data: event.data,
    metadata,
  }
}
