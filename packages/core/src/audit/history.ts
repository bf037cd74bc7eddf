import type { Actor } from '../kernel/actor.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { maskPersonalData, maskPersonalDataAndNames, maskPersonalDataExceptOwn, withoutPersonalDocuments, type OwnData } from '../privacy/mask.js'

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
  /** The reason a person gave, when the event carries one (with `mask`, the names of the case's people in it masked). */
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
  /** With `mask`: the reader's own data (a resident reading its own case), kept in full — `maskPersonalDataExceptOwn`. */
  readonly own?: OwnData
  /**
   * Which kinds of personal documents (`{ sha256, kind }` of a `PERSONAL_DOCUMENT_KINDS` kind) the reader sees: the
   * others' references are left out of unmasked data and of a reader's own (a resident sees its case's agreement, not
   * the other party's identity card; `withoutPersonalDocuments`). Not given: every one is shown. Masked data leaves
   * them all out anyway.
   */
  readonly personalDocuments?: (kind: string) => boolean
}

const reasonOf = (data: unknown): string | undefined => {
  if (typeof data !== 'object' || data === null) return undefined
  const reason = (data as { reason?: unknown }).reason
  return typeof reason === 'string' ? reason : undefined
}

const maskReason = (reason: string | undefined, names: readonly string[]): string | undefined =>
  reason === undefined ? undefined : maskPersonalDataAndNames(reason, names)

/** A case's full history (履历) in version order, for auditors. */
export const historyView = (events: readonly RecordedEvent[], options: HistoryOptions = {}): HistoryEntry[] =>
  events.map((event) => {
    // Masked, the reason is read from the masked data: a reason is free text and may name the people too. Without the
    // data (and no reader's own to keep), only the reason is masked. Masked data leaves out the references to
    // personal documents; a reader's own view, or one in full, those the reader does not see (`personalDocuments`).
    const names = options.names ?? []
    const sees = options.personalDocuments
    const documents = (v: unknown): unknown => (sees === undefined ? v : withoutPersonalDocuments(v, sees))
    const shown =
      options.mask !== true
        ? options.includeData === false
          ? event.data
          : documents(event.data)
        : options.own !== undefined
          ? documents(maskPersonalDataExceptOwn(event.data, names, options.own, event.type))
          : options.includeData === false
            ? undefined
            : maskPersonalDataAndNames(event.data, names)
    const reason = options.mask === true && shown === undefined ? maskReason(reasonOf(event.data), names) : reasonOf(shown)
    const data = options.includeData === false ? undefined : shown
    return {
      version: event.version,
      position: event.position,
      eventId: event.eventId,
      type: event.type,
      at: event.metadata.occurredAt,
      recordedAt: event.metadata.recordedAt,
      // A resident's name in the actor is personal data too (the reader's own is its own to see, and one it knows by name
      // to know: a supervisor, a 举报's reporter — `OwnData.knownAccount`).
      actor:
        options.mask === true && !(options.own !== undefined && event.metadata.actor.role === 'resident' && (event.metadata.actor.id === options.own.residentId || event.metadata.actor.id === options.own.knownAccount))
          ? maskPersonalData(event.metadata.actor)
          : event.metadata.actor,
      commandId: event.metadata.commandId,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      ...(reason === undefined ? {} : { reason }),
      ...(data === undefined ? {} : { data }),
      prevHash: event.metadata.prevHash,
      hash: event.metadata.hash,
    }
  })
