import type { Actor } from '../kernel/actor.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { maskPersonalData, maskPersonalDataAndNames, withoutPersonalDocuments } from '../privacy/mask.js'

/** One line of a case's history: who did what, when, under which command, and why. */
export interface HistoryEntry {
  readonly version: number
  readonly position: number
  readonly eventId: string
  readonly type: string
  /** When it happened (the command's time). */
  readonly at: string
  /** When the store wrote it. */
  readonly recordedAt: string
  readonly actor: Actor
  readonly commandId: string
  readonly correlationId: string
  readonly causationId: string
  /** The reason a person gave, when the event carries one. */
  readonly reason?: string
  readonly data?: unknown
  readonly prevHash: string
  readonly hash: string
}

export interface HistoryOptions {
  /** Include each event's data (default true). */
  readonly includeData?: boolean
  /** Mask phones, id numbers, addresses and people's names in the data and a resident actor's name (default false: the record as kept). */
  readonly mask?: boolean
  /** With `mask`: the names of the people the case names (its parties), masked in free text too (an agreement's terms). */
  readonly names?: readonly string[]
  /**
   * Leave out references to images of personal documents (`{ sha256, kind: 'id-document' }`) from unmasked data, for a
   * reader who sees the rest in full but may not fetch those files (a resident). Masked data leaves them out anyway.
   */
  readonly withoutPersonalDocuments?: boolean
}

const reasonOf = (data: unknown): string | undefined => {
  if (typeof data !== 'object' || data === null) return undefined
  const reason = (data as { reason?: unknown }).reason
  return typeof reason === 'string' ? reason : undefined
}

/** A case's full history (履历) in version order, for auditors. */
export const historyView = (events: readonly RecordedEvent[], options: HistoryOptions = {}): HistoryEntry[] =>
  events.map((event) => {
    const reason = reasonOf(event.data)
    const data =
      options.includeData === false
        ? undefined
        : options.mask === true
          ? maskPersonalDataAndNames(event.data, options.names ?? [])
          : options.withoutPersonalDocuments === true
            ? withoutPersonalDocuments(event.data)
            : event.data
    return {
      version: event.version,
      position: event.position,
      eventId: event.eventId,
      type: event.type,
      at: event.metadata.occurredAt,
      recordedAt: event.metadata.recordedAt,
      // A resident's name in the actor is personal data too.
      actor: options.mask === true ? maskPersonalData(event.metadata.actor) : event.metadata.actor,
      commandId: event.metadata.commandId,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      ...(reason === undefined ? {} : { reason }),
      ...(data === undefined ? {} : { data }),
      prevHash: event.metadata.prevHash,
      hash: event.metadata.hash,
    }
  })
