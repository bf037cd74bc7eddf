import type { Either } from 'fp-ts/lib/Either.js'
import type { NewEvent, RecordedEvent } from './envelope.js'
import type { ConcurrencyConflict } from './errors.js'
import type { ExpectedVersion, StreamVersion } from './expectedVersion.js'

export interface ReadStreamOptions {
  /** First version to return (inclusive). */
  readonly fromVersion?: number
  /** Last version to return (inclusive). */
  readonly toVersion?: number
}

export interface ReadAllOptions {
  /** First global position to return (inclusive); resume with `checkpoint + 1`. */
  readonly fromPosition?: number
  readonly limit?: number
}

export interface AppendResult {
  /** The stream's version after the append (its last event's version). */
  readonly nextExpectedVersion: number
  /** The global position of the last appended event. */
  readonly lastPosition: number
  readonly events: readonly RecordedEvent[]
}

/** The part of AbortSignal a subscription needs (core does not depend on DOM or Node types). */
export interface AbortSignalLike {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

export interface SubscribeOptions {
  /** First global position to deliver (inclusive). */
  readonly fromPosition?: number
  /** Ends the subscription; the iterator then returns. */
  readonly signal?: AbortSignalLike
}

/**
 * The event store port. Adapters implement it; every implementation passes the
 * conformance suite in `tests/store-conformance`.
 */
export interface EventStore {
  /** A stream's events in version order; empty when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]>
  /**
   * Appends atomically, or not at all. A version mismatch is a `concurrency-conflict`
   * value, not an exception; infrastructure failures reject.
   */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { readonly expectedVersion: ExpectedVersion },
  ): Promise<Either<ConcurrencyConflict, AppendResult>>
  /** The global log in commit order. */
  readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]>
  /** Catches up from a position, then stays live until the signal aborts. */
  subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent>
  /** The stream's current version, or 'no-stream'. */
  streamVersion(streamId: string): Promise<StreamVersion>
  /** Releases connections and file handles. */
  close(): Promise<void>
}

/**
 * What a store that holds its streams in memory can answer without a promise: the same answers as its
 * `readStream` of a whole stream and its `appendToStream`. `handle` then reads, decides and appends a command
 * with no await between (each await is a turn of the microtask queue and a promise or two per command). Both are
 * called as methods of the registered object (`this` is that object): one class's methods serve all its stores.
 */
export interface ImmediateStore {
  /**
   * The stream's events, as `readStream(streamId)` would give them. The array may be the store's own: it is
   * read at once, before anything else runs, and never kept or changed.
   */
  readStream(streamId: string): readonly RecordedEvent[]
  appendToStream(streamId: string, events: readonly NewEvent[], options: { readonly expectedVersion: ExpectedVersion }): Either<ConcurrencyConflict, AppendResult>
}

// Kept for the store object itself, not as a member of it, with the methods it had when it registered: what it
// answers at once stands for those methods only. A copy of the store that replaces a method (a spread with its own
// appendToStream, as wrappers that record or delay appends are written) is a different object and has no entry
// here; the store itself with a method replaced in place (`store.appendToStream = …`, a test's spy) no longer
// matches its entry. Either is asked through its own methods.
// A class, not an object literal: a literal's second evaluation (the second store to register) widens the field
// type V8 recorded for `immediate`, which discarded the compiled `immediateOf` and `handleNow` (see the memory store).
class Registration {
  constructor(
    readonly immediate: ImmediateStore,
    readonly read: EventStore['readStream'],
    readonly append: EventStore['appendToStream'],
  ) {}
}
const immediateStores = new WeakMap<EventStore, Registration>()

/** Registers what `store` answers at once (see `ImmediateStore`), for its methods as they are now; the same store back. */
export const answersAtOnce = <S extends EventStore>(store: S, immediate: ImmediateStore): S => {
  immediateStores.set(store, new Registration(immediate, store.readStream, store.appendToStream))
  return store
}

/**
 * What `store` answers at once, if it registered anything (`answersAtOnce`) and its `readStream` and
 * `appendToStream` are still the ones it registered with.
 */
export const immediateOf = (store: EventStore): ImmediateStore | undefined => {
  const registered = immediateStores.get(store)
  return registered !== undefined && store.readStream === registered.read && store.appendToStream === registered.append ? registered.immediate : undefined
}
