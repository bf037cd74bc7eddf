import {
  answersAtOnce,
  concurrencyConflict,
  genesisHash,
  matchesExpectedVersion,
  sealRecordedEvents,
  type AppendResult,
  type ConcurrencyConflict,
  type EventStore,
  type ExpectedVersion,
  type HashFn,
  type NewEvent,
  type RecordedEvent,
  type StreamVersion,
} from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { systemClock, type Clock } from '../clock.js'
import { newId } from '../ids.js'
import { nodeSha256Hex } from '../sqlite/nodeHash.js'
import { notifier, pollingSubscription } from '../subscription.js'

export interface MemoryStoreOptions {
  readonly clock?: Clock
  readonly newEventId?: () => string
  /** Chain hash; defaults to Node's SHA-256 (the same digests as core's pure `sha256Hex`). */
  readonly hash?: HashFn
}

/** An event store in memory: for tests, examples and projections rebuilt on the fly. */
export const memoryEventStore = (options: MemoryStoreOptions = {}): EventStore & { readonly size: () => number } => {
  const clock = options.clock ?? systemClock
  const hash = options.hash ?? nodeSha256Hex
  const newEventId = options.newEventId ?? newId
  const log: RecordedEvent[] = []
  const streams = new Map<string, RecordedEvent[]>()
  const wake = notifier()
  const versionOf = (streamId: string): StreamVersion => streams.get(streamId)?.at(-1)?.version ?? 'no-stream'

  // `slice` counts a negative start from the end of the log: a position before the first is read from 0.
  const readAllSync = (fromPosition = 0, limit = Number.MAX_SAFE_INTEGER) => {
    const from = Math.max(0, fromPosition)
    return log.slice(from, from + Math.max(0, limit))
  }

  // Appends at once: the store's `appendToStream`, and what `handle` calls without a promise (`answersAtOnce`).
  const append = (streamId: string, events: readonly NewEvent[], { expectedVersion }: { readonly expectedVersion: ExpectedVersion }): E.Either<ConcurrencyConflict, AppendResult> => {
    // One lookup: the stream's last event gives both its version and the hash the next one chains to.
    const stream = streams.get(streamId)
    const head = stream === undefined ? undefined : stream[stream.length - 1]
    const current: StreamVersion = head?.version ?? 'no-stream'
    if (!matchesExpectedVersion(current, expectedVersion)) {
      return E.left(concurrencyConflict(streamId, expectedVersion, current))
    }
    if (events.length === 0) {
      return E.right({ nextExpectedVersion: current === 'no-stream' ? -1 : current, lastPosition: log.length - 1, events: [] })
    }
    const recorded = sealRecordedEvents({
      // The id the stream's events already hold (equal to `streamId`): each event keeps that one string, not
      // the copy every command makes of it (~100 bytes an event, kept as long as the store).
      streamId: head?.streamId ?? streamId,
      nextVersion: current === 'no-stream' ? 0 : current + 1,
      prevHash: head?.metadata.hash ?? genesisHash(streamId, hash),
      recordedAt: clock.now(),
      events,
      newEventId,
      hash,
      firstPosition: log.length,
    })
    const kept = stream ?? []
    for (const event of recorded) {
      log.push(event)
      kept.push(event)
    }
    if (stream === undefined) streams.set(streamId, kept)
    wake.notify()
    const last = recorded[recorded.length - 1] as RecordedEvent
    return E.right({ nextExpectedVersion: last.version, lastPosition: last.position, events: recorded })
  }

  const store: EventStore & { readonly size: () => number } = {
    size: () => log.length,
    // A copy: the stream's array grows in place. Versions are the indexes (0-based, contiguous).
    readStream: async (streamId, range) => {
      const stream = streams.get(streamId)
      if (stream === undefined) return []
      // A whole stream (what every command reads): one copy, no range worked out.
      if (range === undefined || (range.fromVersion === undefined && range.toVersion === undefined)) return stream.slice()
      const from = Math.max(0, range.fromVersion ?? 0)
      const to = Math.min(stream.length - 1, range.toVersion ?? Number.MAX_SAFE_INTEGER)
      return to < from ? [] : stream.slice(from, to + 1)
    },
    appendToStream: async (streamId, events, options) => append(streamId, events, options),
    readAll: async ({ fromPosition, limit } = {}) => readAllSync(fromPosition, limit),
    subscribe: (subscribeOptions = {}) =>
      pollingSubscription(async (from, limit) => readAllSync(from, limit), wake, subscribeOptions),
    streamVersion: async (streamId) => versionOf(streamId),
    close: async () => {
      wake.notify()
    },
  }
  // A whole stream at once: the stream's own array (handle reads it before anything else runs, and keeps none of it).
  return answersAtOnce(store, { readStream: (streamId) => streams.get(streamId) ?? NO_EVENTS, appendToStream: append })
}

const NO_EVENTS: readonly RecordedEvent[] = Object.freeze([])
