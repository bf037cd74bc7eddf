import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { type EventStore, type RecordedEvent } from '@gridcase/core'
import { caseHistoryReadOf, maskedForAudit } from '../privacy/caseNames.js'
import { csvRow } from './csv.js'

export type ExportFormat = 'ndjson' | 'csv'

/** CSV columns: the envelope, readable actor fields and the reason, then JSON for data and the whole actor. */
export const CSV_COLUMNS = [
  'position',
  'stream_id',
  'version',
  'event_id',
  'type',
  'schema_version',
  'occurred_at',
  'recorded_at',
  'actor_id',
  'actor_role',
  'actor_jurisdiction',
  'command_id',
  'correlation_id',
  'causation_id',
  'reason',
  'data',
  'actor',
  'prev_hash',
  'hash',
] as const

const reasonOf = (data: unknown): string => {
  const reason = typeof data === 'object' && data !== null ? (data as { reason?: unknown }).reason : undefined
  return typeof reason === 'string' ? reason : ''
}

/** One event as CSV fields, in `CSV_COLUMNS` order. Absent data is an empty field. */
export const csvFields = (event: RecordedEvent): string[] => {
  const m = event.metadata
  return [
    String(event.position),
    event.streamId,
    String(event.version),
    event.eventId,
    event.type,
    String(event.schemaVersion),
    m.occurredAt,
    m.recordedAt,
    m.actor.id,
    m.actor.role,
    m.actor.jurisdiction,
    m.commandId,
    m.correlationId,
    m.causationId,
    reasonOf(event.data),
    event.data === undefined ? '' : JSON.stringify(event.data),
    JSON.stringify(m.actor),
    m.prevHash,
    m.hash,
  ]
}

/** One event as an NDJSON line: the envelope exactly as recorded. */
export const ndjsonLine = (event: RecordedEvent): string => `${JSON.stringify(event)}\n`

export interface ExportOptions {
  readonly format: ExportFormat
  readonly fromPosition?: number
  /** Events per read (default 1000): memory stays bounded by one page whatever the log's size. */
  readonly pageSize?: number
  /** Start a CSV with a UTF-8 byte-order mark so spreadsheet programs read Chinese text (default true). */
  readonly bom?: boolean
  /**
   * Mask personal data in each event's data, and the names of its case's people wherever its free text repeats them
   * (for reading only: the hashes of a masked export no longer verify).
   */
  readonly mask?: boolean
  readonly onProgress?: (progress: { readonly position: number; readonly exported: number }) => void
}

/** Streams the global log to `out` page by page, waiting when `out` is full; returns the number of events written. */
export const exportLog = async (store: EventStore, out: Writable, options: ExportOptions): Promise<number> => {
  const pageSize = options.pageSize ?? 1000
  const write = async (chunk: string): Promise<void> => {
    if (!out.write(chunk)) await once(out, 'drain')
  }
  if (options.format === 'csv') await write(`${options.bom === false ? '' : '\ufeff'}${csvRow(CSV_COLUMNS)}`)
  let from = options.fromPosition ?? 0
  let exported = 0
  // The names of each case's people as its whole history names them (its opening event's, a referral's respondents):
  // the case's stream read once, when the case is first met, so every event of it is masked alike — the ones before a
  // referral, and those of an export starting after it (found in review: only the events from the referral on were).
  const readOf = caseHistoryReadOf(store)
  const masked = async (page: readonly RecordedEvent[]): Promise<RecordedEvent[]> => {
    const shown: RecordedEvent[] = []
    // A resident acting is named in the metadata: masked too; a 举报's reporter left out whole.
    for (const e of page) shown.push(maskedForAudit(e, await readOf(e)))
    return shown
  }
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: pageSize })
    if (page.length === 0) break
    const shown = options.mask === true ? await masked(page) : page
    await write(shown.map((e) => (options.format === 'csv' ? csvRow(csvFields(e)) : ndjsonLine(e))).join(''))
    exported += page.length
    from = (page.at(-1)?.position ?? from) + 1
    options.onProgress?.({ position: from - 1, exported })
    if (page.length < pageSize) break
  }
  return exported
}
