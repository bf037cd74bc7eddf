import type { EventMetadata, RecordedEvent } from '@gridcase/core'

/** One row of the `events` table, as better-sqlite3 returns it. */
export interface EventRow {
  readonly position: number
  readonly stream_id: string
  readonly version: number
  readonly event_id: string
  readonly type: string
  readonly schema_version: number
  readonly data: string | null
  readonly metadata: string
  readonly recorded_at: string
  readonly prev_hash: string
  readonly hash: string
}

/** The columns in insert order (the positional parameters of the insert statement). */
export type EventParams = [
  position: number,
  streamId: string,
  version: number,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: string | null,
  metadata: string,
  recordedAt: string,
  prevHash: string,
  hash: string,
]

export const EVENT_COLUMNS =
  'position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash'

/** The chain fields get their own columns (auditors can query them); the rest of the metadata is JSON text. */
export const toParams = (event: RecordedEvent): EventParams => {
  const { recordedAt, prevHash, hash, ...rest } = event.metadata
  return [
    event.position,
    event.streamId,
    event.version,
    event.eventId,
    event.type,
    event.schemaVersion,
    // undefined data stays absent (NULL), so the hash, which never saw a `data` key, still verifies.
    event.data === undefined ? null : JSON.stringify(event.data),
    JSON.stringify(rest),
    recordedAt,
    prevHash,
    hash,
  ]
}

const parseObject = (text: string, position: number): Record<string, unknown> => {
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`event at position ${position} has metadata that is not a JSON object`)
  }
  return value as Record<string, unknown>
}

/**
 * A row back into an envelope. The file is outside input, but its content is
 * checked by the hash chain (`verifyStream`), so only the shape needed to build
 * the envelope is checked here.
 */
export const fromRow = (row: EventRow): RecordedEvent => {
  // The parsed metadata is this row's own object: the chain fields go onto it, no copy (replay reads every row).
  const metadata = parseObject(row.metadata, row.position)
  metadata['recordedAt'] = row.recorded_at
  metadata['prevHash'] = row.prev_hash
  metadata['hash'] = row.hash
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    version: row.version,
    position: row.position,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data === null ? undefined : (JSON.parse(row.data) as unknown),
    metadata: metadata as unknown as EventMetadata,
  }
}

/**
 * One row of the `events` table as a raw statement returns it: the values of `EVENT_COLUMNS`, in that order — the
 * same tuple the insert takes.
 */
export type EventRawRow = EventParams

/**
 * `fromRow` of a raw row (a statement's `.raw()`: an array per row, not an object with a property per column). A replay
 * reads every row of the log, and better-sqlite3 builds an array of eleven values faster than an object of eleven named
 * properties; the envelope is the same (rows.test.ts holds it to `fromRow`).
 */
export const fromRawRow = (row: EventRawRow): RecordedEvent => {
  const metadata = parseObject(row[7], row[0])
  metadata['recordedAt'] = row[8]
  metadata['prevHash'] = row[9]
  metadata['hash'] = row[10]
  const data = row[6]
  return {
    eventId: row[3],
    streamId: row[1],
    version: row[2],
    position: row[0],
    type: row[4],
    schemaVersion: row[5],
    data: data === null ? undefined : (JSON.parse(data) as unknown),
    metadata: metadata as unknown as EventMetadata,
  }
}
