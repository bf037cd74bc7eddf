import { caseIdOf, upcast, type DomainEvent, type EventStore, type RecordedEvent } from '@gridcase/core'
import type { Logger } from 'pino'
import type { CaseCollection, CaseSummary } from './collection.js'

/** One case as the index knows it: its folded state and where it sits in the log. */
export interface IndexedCase {
  readonly collection: CaseCollection
  readonly caseId: string
  readonly streamId: string
  readonly state: unknown
  readonly summary: CaseSummary | undefined
  readonly version: number
  /** Global position of the event that opened the case: the list order. */
  readonly openedAt: number
  readonly openedTime: string
  readonly updatedTime: string
}

/** A read model of every case, fed by `store.subscribe`: lists, scope look-ups for the log, the fallback dashboard. */
export interface CaseIndex {
  byStream(streamId: string): IndexedCase | undefined
  /** Cases of one collection, oldest first. */
  cases(path: string): readonly IndexedCase[]
  all(): readonly IndexedCase[]
  /** The last global position folded in (-1 before the first). */
  position(): number
  /** Resolves once every event up to `position` is folded in. */
  waitFor(position: number): Promise<void>
  /** Where a command id that came with a request hash (an HTTP Idempotency-Key) was first used, and for what. */
  keyed(commandId: string): { readonly streamId: string; readonly requestHash: string } | undefined
  close(): void
}

/** Builds the index and keeps it live until `close()`. */
export const caseIndex = (store: EventStore, collections: readonly CaseCollection[], logger?: Logger): CaseIndex => {
  const byStream = new Map<string, IndexedCase>()
  const byPath = new Map<string, IndexedCase[]>(collections.map((c) => [c.path, []]))
  const slots = new Map<string, number>()
  const keys = new Map<string, { readonly streamId: string; readonly requestHash: string }>()
  let position = -1
  let waiters: { position: number; resolve: () => void }[] = []
  const controller = new AbortController()

  const apply = (event: RecordedEvent): void => {
    const { commandId, requestHash } = event.metadata
    if (requestHash !== undefined && !keys.has(commandId)) keys.set(commandId, { streamId: event.streamId, requestHash })
    const collection = collections.find((c) => event.streamId.startsWith(c.caseType.streamPrefix))
    const caseId = collection === undefined ? undefined : caseIdOf(collection.caseType, event.streamId)
    if (collection === undefined || caseId === undefined) return
    const { decider, schema } = collection.caseType
    const before = byStream.get(event.streamId)
    const lifted = upcast(schema, event)
    const state = decider.evolve(before?.state ?? decider.initialState, { type: lifted.type, data: lifted.data } as DomainEvent)
    const entry: IndexedCase = {
      collection,
      caseId,
      streamId: event.streamId,
      state,
      summary: collection.summarize(state),
      version: event.version,
      openedAt: before?.openedAt ?? event.position,
      openedTime: before?.openedTime ?? event.metadata.recordedAt,
      updatedTime: event.metadata.recordedAt,
    }
    byStream.set(event.streamId, entry)
    const list = byPath.get(collection.path)
    if (list === undefined) return
    const slot = slots.get(event.streamId)
    if (slot === undefined) slots.set(event.streamId, list.push(entry) - 1)
    else list[slot] = entry
  }

  const advance = (to: number): void => {
    position = to
    const ready = waiters.filter((w) => w.position <= position)
    waiters = waiters.filter((w) => w.position > position)
    for (const w of ready) w.resolve()
  }

  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        for await (const event of store.subscribe({ fromPosition: position + 1, signal: controller.signal })) {
          try {
            apply(event)
          } catch (error) {
            logger?.error({ err: error, streamId: event.streamId, position: event.position }, 'case index could not fold an event')
          }
          advance(event.position)
        }
      } catch (error) {
        if (controller.signal.aborted) return
        logger?.error({ err: error }, 'case index subscription failed; resubscribing')
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    }
  }
  void run()

  return {
    byStream: (streamId) => byStream.get(streamId),
    cases: (path) => byPath.get(path) ?? [],
    all: () => [...byStream.values()],
    position: () => position,
    keyed: (commandId) => keys.get(commandId),
    waitFor: (target) =>
      target <= position || controller.signal.aborted
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.push({ position: target, resolve })
          }),
    close: () => {
      controller.abort()
      for (const w of waiters) w.resolve()
      waiters = []
    },
  }
}
