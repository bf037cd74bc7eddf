import { randomUUID } from 'node:crypto'
import {
  validationError,
  type AppendResult,
  type Command,
  type ConcurrencyConflict,
  type Decider,
  type DomainEvent,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import * as E from 'fp-ts/lib/Either.js'

export const actor: Actor = { id: 'u-conformance', role: 'admin', jurisdiction: 'hohhot/saihan' }
export const occurredAt = '2026-03-01T09:30:00+08:00'

/**
 * A fresh stream id per test (and per property run), so stores shared between tests stay independent.
 * Every id starts with `conformance-`: a store that reads its global log by stream prefix is told that one.
 */
export const newStreamId = (kind?: string): string => (kind === undefined ? `conformance-${randomUUID()}` : `conformance-${kind}-${randomUUID()}`)

/** An event on its way in, with the metadata a command would give it. */
export const newEvent = (type: string, data: unknown, commandId: string = randomUUID()): NewEvent => ({
  type,
  schemaVersion: 1,
  data,
  metadata: { commandId, correlationId: commandId, causationId: commandId, actor, occurredAt },
})

/** `count` events whose data says where they were meant to go: `{ n }` from `from`. */
export const numbered = (count: number, from = 0, tag = 'n'): NewEvent[] =>
  Array.from({ length: count }, (_, i) => newEvent('Numbered', { tag, n: from + i }))

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

/** Appends and fails the test on a conflict: for setting up a given. */
export const appendOk = async (
  store: EventStore,
  streamId: string,
  events: readonly NewEvent[],
  expectedVersion: ExpectedVersion = 'any',
): Promise<AppendResult> => {
  const result = await store.appendToStream(streamId, events, { expectedVersion })
  if (E.isLeft(result)) throw new Error(`unexpected conflict: ${result.left.message}`)
  return result.right
}

/** The conflict an append returned, or a failure if it succeeded. */
export const conflictOf = (result: E.Either<ConcurrencyConflict, AppendResult>): ConcurrencyConflict => {
  if (E.isRight(result)) throw new Error(`expected a concurrency conflict, got version ${result.right.nextExpectedVersion}`)
  return result.left
}

/** Reads the whole global log from a position, page by page. */
export const readAllPaged = async (store: EventStore, fromPosition: number, limit: number): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = []
  let from = fromPosition
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit })
    if (page.length > limit) throw new Error(`readAll returned ${page.length} events for a limit of ${limit}`)
    out.push(...page)
    const last = page.at(-1)
    if (last === undefined || page.length < limit) return out
    from = last.position + 1
  }
}

/** Only the events of the given streams: other tests may share the store. */
export const ofStreams = (events: readonly RecordedEvent[], streamIds: Iterable<string>): RecordedEvent[] => {
  const ids = new Set(streamIds)
  return events.filter((e) => ids.has(e.streamId))
}

/** What a caller wrote, without what the store added: for comparing reads with appends. */
export const essence = (e: RecordedEvent) => ({
  eventId: e.eventId,
  streamId: e.streamId,
  version: e.version,
  position: e.position,
  type: e.type,
  data: e.data,
})

/** A live subscription a test can pull from and must stop. */
export const subscription = (store: EventStore, fromPosition: number) => {
  const controller = new AbortController()
  const iterator = store.subscribe({ fromPosition, signal: controller.signal })[Symbol.asyncIterator]()
  return {
    /** The next `count` events of the given streams (others are skipped). */
    take: async (count: number, streamIds: Iterable<string>): Promise<RecordedEvent[]> => {
      const ids = new Set(streamIds)
      const out: RecordedEvent[] = []
      while (out.length < count) {
        const next = await iterator.next()
        if (next.done === true) throw new Error(`subscription ended after ${out.length} of ${count} events`)
        if (ids.has(next.value.streamId)) out.push(next.value)
      }
      return out
    },
    stop: async (): Promise<void> => {
      controller.abort()
      await iterator.return?.()
    },
  }
}

// A tiny counter decider: enough to drive the command handler through a real store.
export type Increment = Command<'Increment', { readonly by: number }>
export type Incremented = DomainEvent<'Incremented', { readonly by: number }>
export interface Counter {
  readonly total: number
}

export const counter: Decider<Increment, Incremented, Counter> = {
  initialState: { total: 0 },
  decide: (command) =>
    command.data.by > 0
      ? E.right([{ type: 'Incremented', data: { by: command.data.by } }])
      : E.left(validationError([{ path: 'by', message: 'expected a positive number' }])),
  evolve: (state, event) => ({ total: state.total + event.data.by }),
}

export const increment = (by: number, commandId: string = randomUUID()): Increment => ({
  type: 'Increment',
  data: { by },
  meta: { commandId, actor, at: occurredAt },
})

/**
 * The store as seen by a writer that keeps losing races: before each of the first
 * `times` appends, a rival slips one `Incremented { by: 100 }` into the same stream.
 */
export const withRival = (store: EventStore, times: number): EventStore & { readonly attempts: () => number } => {
  let rivals = times
  let attempts = 0
  return {
    attempts: () => attempts,
    readStream: (streamId, options) => store.readStream(streamId, options),
    appendToStream: async (streamId, events, options) => {
      attempts += 1
      if (rivals > 0) {
        rivals -= 1
        await appendOk(store, streamId, [newEvent('Incremented', { by: 100 })])
      }
      return store.appendToStream(streamId, events, options)
    },
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    streamVersion: (streamId) => store.streamVersion(streamId),
    close: () => store.close(),
  }
}
