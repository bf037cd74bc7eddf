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
  type ImmediateStore,
  type NewEvent,
  type RecordedEvent,
  type StreamVersion,
} from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { systemClock, type Clock } from '../clock.js'
import { newId } from '../ids.js'
import { nodeSha256Hex } from '../sqlite/nodeHash.js'
import { notifier, pollingSubscription, type Notifier } from '../subscription.js'

export interface MemoryStoreOptions {
  readonly clock?: Clock
  readonly newEventId?: () => string
  /** Chain hash; defaults to Node's SHA-256 (the same digests as core's pure `sha256Hex`). */
  readonly hash?: HashFn
}

/**
 * What one memory store holds, and what `handle` calls at once (`ImmediateStore`): a class, where this codebase
 * otherwise writes functions, because V8 compiles the hot path for the shapes it saw first. A store made of an
 * object literal of per-store closures (as it was) cost a second store in the process (a test suite, a tenant, a
 * rebuild beside a live store) ~40 ms of CPU at its start: the literal's second evaluation makes V8 build its
 * boilerplate and widen the field types it had recorded (the `Map`, the clock, the notifier), which throws away
 * the compiled `handleNow`, `immediateOf` and append, and each per-store closure is a new call target for them.
 * A class's instances all take one map by the same transitions and share their methods: the code compiled for
 * the first store runs the second's commands unchanged (docs/scale.md, "In-memory commands beside emmett").
 */
class MemoryLog implements ImmediateStore {
  readonly log: RecordedEvent[]
  readonly streams: Map<string, RecordedEvent[]>
  readonly wake: Notifier
  readonly clock: Clock
  readonly hash: HashFn
  readonly newEventId: () => string
  // Set in the constructor, in one order, not in field initialisers: a `[]` there gave the second store's log
  // another map than the first's (its elements kind not carried over), and the append compiled for one missed.
  constructor(clock: Clock, hash: HashFn, newEventId: () => string) {
    this.log = emptyLog()
    this.streams = new Map()
    this.wake = notifier()
    this.clock = clock
    this.hash = hash
    this.newEventId = newEventId
  }

  /** A whole stream at once: the stream's own array (handle reads it before anything else runs, and keeps none of it). */
  readStream(streamId: string): readonly RecordedEvent[] {
    return this.streams.get(streamId) ?? NO_EVENTS
  }

  appendToStream(streamId: string, events: readonly NewEvent[], options: { readonly expectedVersion: ExpectedVersion }): E.Either<ConcurrencyConflict, AppendResult> {
    return appendTo(this, streamId, events, options.expectedVersion)
  }
}

const NO_EVENTS: readonly RecordedEvent[] = Object.freeze([])

/**
 * An empty log that already holds objects as far as V8 is concerned. A `[]` starts as an array of small integers
 * and changes kind at its first event; the first store's log changed long after it was made, so V8 never learnt to
 * make the next one of the other kind, and the append compiled for the first store's log met a log of another
 * map in the second store and was thrown away. Changing kind here, at once, teaches the allocation site.
 */
const emptyLog = (): RecordedEvent[] => {
  const log: unknown[] = []
  log.push(NO_EVENTS)
  log.pop()
  return log as RecordedEvent[]
}

const versionOf = (state: MemoryLog, streamId: string): StreamVersion => state.streams.get(streamId)?.at(-1)?.version ?? 'no-stream'

// `slice` counts a negative start from the end of the log: a position before the first is read from 0.
const readAllOf = (state: MemoryLog, fromPosition = 0, limit = Number.MAX_SAFE_INTEGER): RecordedEvent[] => {
  const from = Math.max(0, fromPosition)
  return state.log.slice(from, from + Math.max(0, limit))
}

// A copy: the stream's array grows in place. Versions are the indexes (0-based, contiguous).
const readStreamOf = (state: MemoryLog, streamId: string, range: Parameters<EventStore['readStream']>[1]): RecordedEvent[] => {
  const stream = state.streams.get(streamId)
  if (stream === undefined) return []
  // A whole stream (what every command reads): one copy, no range worked out.
  if (range === undefined || (range.fromVersion === undefined && range.toVersion === undefined)) return stream.slice()
  const from = Math.max(0, range.fromVersion ?? 0)
  const to = Math.min(stream.length - 1, range.toVersion ?? Number.MAX_SAFE_INTEGER)
  return to < from ? [] : stream.slice(from, to + 1)
}

/** Appends at once: the store's `appendToStream`, and what `handle` calls without a promise (`answersAtOnce`). */
const appendTo = (
  state: MemoryLog,
  streamId: string,
  events: readonly NewEvent[],
  expectedVersion: ExpectedVersion,
): E.Either<ConcurrencyConflict, AppendResult> => {
  const { log, streams } = state
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
    prevHash: head?.metadata.hash ?? genesisHash(streamId, state.hash),
    recordedAt: state.clock.now(),
    events,
    newEventId: state.newEventId,
    hash: state.hash,
    firstPosition: log.length,
  })
  const kept = stream ?? []
  for (const event of recorded) {
    log.push(event)
    kept.push(event)
  }
  if (stream === undefined) streams.set(streamId, kept)
  state.wake.notify()
  const last = recorded[recorded.length - 1] as RecordedEvent
  return E.right({ nextExpectedVersion: last.version, lastPosition: last.position, events: recorded })
}

/** An event store in memory: for tests, examples and projections rebuilt on the fly. */
export const memoryEventStore = (options: MemoryStoreOptions = {}): EventStore & { readonly size: () => number } => {
  const state = new MemoryLog(options.clock ?? systemClock, options.hash ?? nodeSha256Hex, options.newEventId ?? newId)
  const store: EventStore & { readonly size: () => number } = {
    size: () => state.log.length,
    readStream: async (streamId, range) => readStreamOf(state, streamId, range),
    appendToStream: async (streamId, events, { expectedVersion }) => appendTo(state, streamId, events, expectedVersion),
    readAll: async ({ fromPosition, limit } = {}) => readAllOf(state, fromPosition, limit),
    subscribe: (subscribeOptions = {}) => pollingSubscription(async (from, limit) => readAllOf(state, from, limit), state.wake, subscribeOptions),
    streamVersion: async (streamId) => versionOf(state, streamId),
    close: async () => {
      state.wake.notify()
    },
  }
  return answersAtOnce(store, state)
}
