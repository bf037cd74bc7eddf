import { caseIdOf, upcast, type DomainEvent, type RecordedEvent } from '@gridcase/core'
import { deadlineClosesMs } from '@gridcase/core/calendar'
import { eraseState, erasedStreamOf } from '@gridcase/core/privacy'
import type { CaseListKind } from './readModel.js'

/** A case list row as a store gives it back (its state decoded), before a batch folds into it. */
export interface StoredCase {
  readonly streamId: string
  readonly caseId: string
  readonly openedAt: number
  readonly openedTime: string
  readonly updatedTime: string
  readonly version: number
  readonly state: unknown
  /** The scope as stored (the store's own text): residents are rewritten only when it changed. */
  readonly scope: string | null
  /**
   * The row's summary columns as stored, as `summaryKey` writes them (a store that keeps none leaves it out): when a
   * batch leaves them as they were, only the row's state, version and time are written (not its indexes).
   */
  readonly summary?: string
}

/** A case folded in this batch, written once at its end however many of its events the batch held. */
export interface FoldedCase {
  readonly streamId: string
  readonly kind: CaseListKind
  readonly caseId: string
  readonly openedAt: number
  readonly openedTime: string
  updatedTime: string
  version: number
  state: unknown
  readonly storedScope: string | null
  /** `StoredCase.summary` of the row this case had before the batch (absent: a new case, or not kept). */
  readonly storedSummary?: string
}

/** The case type whose streams a stream id belongs to. */
export const kindOf = (kinds: readonly CaseListKind[], streamId: string): CaseListKind | undefined => kinds.find((k) => streamId.startsWith(k.caseType.streamPrefix))

const fromStored = (row: StoredCase, kind: CaseListKind): FoldedCase => ({
  streamId: row.streamId,
  kind,
  caseId: row.caseId,
  openedAt: row.openedAt,
  openedTime: row.openedTime,
  updatedTime: row.updatedTime,
  version: row.version,
  state: row.state,
  storedScope: row.scope,
  ...(row.summary === undefined ? {} : { storedSummary: row.summary }),
})

/**
 * Folds one event into the cases a batch has touched (the SQLite and PostgreSQL lists alike): the case's stored row is
 * asked for the first time the batch meets it. An erasure (on the `erasures` stream) erases the personal fields of the
 * stored state of the case it names, which was folded while the key existed (a rebuild reads them erased from the log).
 * Throws when the event cannot be folded; the case is then left as it was.
 */
export const foldCaseEvent = (
  event: RecordedEvent,
  touched: Map<string, FoldedCase>,
  kinds: readonly CaseListKind[],
  stored: (streamId: string) => StoredCase | undefined,
): void => {
  const erased = erasedStreamOf(event)
  if (erased !== undefined) {
    const kind = kindOf(kinds, erased)
    const known = touched.get(erased) ?? (() => {
      const row = kind === undefined ? undefined : stored(erased)
      return row === undefined || kind === undefined ? undefined : fromStored(row, kind)
    })()
    if (known !== undefined) touched.set(erased, { ...known, state: eraseState(known.state) })
    return
  }
  const kind = kindOf(kinds, event.streamId)
  const caseId = kind === undefined ? undefined : caseIdOf(kind.caseType, event.streamId)
  if (kind === undefined || caseId === undefined) return
  let folded = touched.get(event.streamId)
  if (folded === undefined) {
    // A stream's first event (version 0, 0-based) opens the case: no row can be stored for it, since every event a row
    // holds comes before this one. Not asked: in a catch-up most cases are new, and each lookup missed the table.
    const row = event.version === 0 ? undefined : stored(event.streamId)
    folded =
      row === undefined
        ? {
            streamId: event.streamId,
            kind,
            caseId,
            openedAt: event.position,
            openedTime: event.metadata.recordedAt,
            updatedTime: event.metadata.recordedAt,
            version: event.version,
            state: kind.caseType.decider.initialState,
            storedScope: null,
          }
        : fromStored(row, kind)
  }
  const lifted = upcast(kind.caseType.schema, event)
  // Evolve first: an event that cannot be folded leaves the case as it was.
  const state = kind.caseType.decider.evolve(folded.state, { type: lifted.type, data: lifted.data } as DomainEvent)
  // A deadline reminder (临期 / 超期) is time passing, not the case moving: evolve gives the case back as it was, and the
  // row keeps when the case last moved, as a complaint's own `updatedAt` does (a dispute's list entry shows this).
  if (state !== folded.state) folded.updatedTime = movedAt(event)
  folded.state = state
  folded.version = event.version
  touched.set(event.streamId, folded)
}

/**
 * When an event moved its case: when it happened (`occurredAt`), or when it was recorded if that is earlier. An event
 * imported from an existing platform (docs/import.md) happened at its step's time, not the import's (its `recordedAt`);
 * for an event of a server the two are the same.
 */
const movedAt = (event: RecordedEvent): string => {
  const occurred = Date.parse(event.metadata.occurredAt)
  const recorded = Date.parse(event.metadata.recordedAt)
  if (!Number.isFinite(recorded)) return event.metadata.recordedAt
  return new Date(Number.isFinite(occurred) && occurred < recorded ? occurred : recorded).toISOString()
}

/**
 * When the first of the ISO deadlines closes, in epoch ms (the case is overdue from then); undefined when none parses.
 * A day deadline (23:59:59+08:00) closes at 24:00 China time, any other 1 ms after it (core's `deadlineClosesMs`): the
 * first to close is not always the earliest written (an hour deadline half a second after a day's end closes first).
 * `inHours`: those counted in hours (the summary's `countedInHours`), 1 ms after at 23:59:59 China time too — found in
 * review: the list read a 24 h 签收 from a dispatch at 23:59:59 as a day's end and listed it overdue a second late.
 */
export const firstClosing = (deadlines: readonly string[], inHours: readonly string[] = []): number | undefined => {
  let min: number | undefined
  for (const d of deadlines) {
    const ms = Date.parse(d)
    if (Number.isNaN(ms)) continue
    const closes = deadlineClosesMs(ms, inHours.includes(d))
    if (min === undefined || closes < min) min = closes
  }
  return min
}
