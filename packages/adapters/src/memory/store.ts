import {
  concurrencyConflict,
  genesisHash,
  matchesExpectedVersion,
  sealEventsWithText,
  type EventStore,
  type HashFn,
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

  return {
    size: () => log.length,
    // A copy: the stream's array grows in place. Versions are the indexes (0-based, contiguous).
    readStream: async (streamId, range = {}) => {
      const stream = streams.get(streamId)
      if (stream === undefined) return []
      const from = Math.max(0, range.fromVersion ?? 0)
      const to = Math.min(stream.length - 1, range.toVersion ?? Number.MAX_SAFE_INTEGER)
      return to < from ? [] : stream.slice(from, to + 1)
    },
    appendToStream: async (streamId, events, { expectedVersion }) => {
      const current = versionOf(streamId)
      if (!matchesExpectedVersion(current, expectedVersion)) {
        return E.left(concurrencyConflict(streamId, expectedVersion, current))
      }
      if (events.length === 0) {
        return E.right({ nextExpectedVersion: current === 'no-stream' ? -1 : current, lastPosition: log.length - 1, events: [] })
      }
      const stream = streams.get(streamId)
      const sealed = sealEventsWithText({
        streamId,
        nextVersion: current === 'no-stream' ? 0 : current + 1,
        prevHash: stream?.at(-1)?.metadata.hash ?? genesisHash(streamId, hash),
        recordedAt: clock.now(),
        events,
        newEventId,
        hash,
        firstPosition: log.length,
      })
      const recorded: RecordedEvent[] = sealed.map(({ event }) => event)
      for (const event of recorded) log.push(event)
      if (stream === undefined) streams.set(streamId, recorded.slice())
      else for (const event of recorded) stream.push(event)
      wake.notify()
      const last = recorded[recorded.length - 1] as RecordedEvent
      return E.right({ nextExpectedVersion: last.version, lastPosition: last.position, events: recorded })
    },
    readAll: async ({ fromPosition, limit } = {}) => readAllSync(fromPosition, limit),
    subscribe: (subscribeOptions = {}) =>
      pollingSubscription(async (from, limit) => readAllSync(from, limit), wake, subscribeOptions),
    streamVersion: async (streamId) => versionOf(streamId),
    close: async () => {
      wake.notify()
    },
  }
}
