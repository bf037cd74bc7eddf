import type { RecordedEvent } from '@gridcase/core'
import { fromRow as fromStoredRow } from '../sqlite/rows.js'

/** One row of the events table as the store selects it (json columns as text: see `EVENT_COLUMNS`). */
export interface PgEventRow {
  readonly position: string
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

/**
 * The selected columns. The json columns come back as text and are parsed here: pg would parse them
 * itself, but would then return JSON `null` data and an absent (SQL NULL) one alike, and the hash of an
 * event without data never saw a `data` key.
 */
export const EVENT_COLUMNS =
  'position, stream_id, version, event_id, type, schema_version, data::text AS data, metadata::text AS metadata, recorded_at, prev_hash, hash'

/** The columns of the insert, in the order of `EventColumns`' arrays. */
export const INSERT_COLUMNS = 'position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash'

/** Column-wise arrays for one `INSERT … SELECT * FROM unnest(…)` of many events. */
export interface EventColumns {
  position: string[]
  streamId: string[]
  version: number[]
  eventId: string[]
  type: string[]
  schemaVersion: number[]
  data: (string | null)[]
  metadata: string[]
  recordedAt: string[]
  prevHash: string[]
  hash: string[]
}

export const emptyColumns = (): EventColumns => ({
  position: [], streamId: [], version: [], eventId: [], type: [], schemaVersion: [], data: [], metadata: [], recordedAt: [], prevHash: [], hash: [],
})

/** The unnest call matching `INSERT_COLUMNS`, its parameters numbered from 1. */
export const UNNEST =
  'unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::integer[], $7::json[], $8::json[], $9::text[], $10::text[], $11::text[])'

export const columnParams = (c: EventColumns): unknown[] => [
  c.position, c.streamId, c.version, c.eventId, c.type, c.schemaVersion, c.data, c.metadata, c.recordedAt, c.prevHash, c.hash,
]

/** An event as column values; serialises first, so a value JSON cannot hold fails this event alone. */
export const toColumnValues = (event: RecordedEvent) => {
  const { recordedAt, prevHash, hash, ...rest } = event.metadata
  return {
    position: String(event.position),
    streamId: event.streamId,
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    // undefined data stays absent (NULL), so the hash, which never saw a `data` key, still verifies.
    data: event.data === undefined ? null : JSON.stringify(event.data),
    metadata: JSON.stringify(rest),
    recordedAt,
    prevHash,
    hash,
  }
}

export const pushColumns = (c: EventColumns, v: ReturnType<typeof toColumnValues>): void => {
  c.position.push(v.position)
  c.streamId.push(v.streamId)
  c.version.push(v.version)
  c.eventId.push(v.eventId)
  c.type.push(v.type)
  c.schemaVersion.push(v.schemaVersion)
  c.data.push(v.data)
  c.metadata.push(v.metadata)
  c.recordedAt.push(v.recordedAt)
  c.prevHash.push(v.prevHash)
  c.hash.push(v.hash)
}

/** A row back into an envelope: the SQLite store's row, but for the position, which `pg` returns as text (bigint). */
export const fromRow = (row: PgEventRow): RecordedEvent => fromStoredRow({ ...row, position: Number(row.position) })
