import {
  concurrencyConflict,
  genesisHash,
  matchesExpectedVersion,
  sealEvents,
  type EventStore,
  type HashFn,
  type RecordedEvent,
  type StreamVersion,
} from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { systemClock, type Clock } from '../clock.js'
import { newId } from '../ids.js'
import { notifier, pollingSubscription } from '../subscription.js'

export interface MemoryStoreOptions {
  readonly clock?: Clock
  readonly newEventId?: () => string
  readonly hash?: HashFn
}

/** An event store in memory: for tests, examples and projections rebuilt on the fly. */
export const memoryEventStore = (options: MemoryStoreOptions = {}): EventStore & { readonly size: () => number } => {
  const clock = options.clock ?? systemClock
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
    readStream: async (streamId, range = {}) =>
      (streams.get(streamId) ?? []).filter(
        (e) => e.version >= (range.fromVersion ?? 0) && e.version <= (range.toVersion ?? Number.MAX_SAFE_INTEGER),
      ),
    appendToStream: async (streamId, events, { expectedVersion }) => {
      const current = versionOf(streamId)
      if (!matchesExpectedVersion(current, expectedVersion)) {
        return E.left(concurrencyConflict(streamId, expectedVersion, current))
      }
      const stream = streams.get(streamId) ?? []
      const sealed = sealEvents({
        streamId,
        nextVersion: current === 'no-stream' ? 0 : current + 1,
        prevHash: stream.at(-1)?.metadata.hash ?? genesisHash(streamId, options.hash),
        recordedAt: clock.now(),
        events,
        newEventId: options.newEventId ?? newId,
        ...(options.hash ? { hash: options.hash } : {}),
      })
      const recorded = sealed.map((e, i) => ({ ...e, position: log.length + i }))
      if (recorded.length === 0) {
        return E.right({ nextExpectedVersion: current === 'no-stream' ? -1 : current, lastPosition: log.length - 1, events: [] })
      }
      log.push(...recorded)
      streams.set(streamId, [...stream, ...recorded])
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
