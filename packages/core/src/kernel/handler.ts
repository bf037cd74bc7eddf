import * as E from 'fp-ts/lib/Either.js'
import { recordedActor } from './actor.js'
import { fold, type Decider } from './decider.js'
import type { NewEvent, RecordedEvent } from './envelope.js'
import { concurrencyConflict, type DomainError } from './errors.js'
import { matchesExpectedVersion, type ExpectedVersion, type StreamVersion } from './expectedVersion.js'
import type { Command, DomainEvent } from './meta.js'
import { oldestKey } from './oldestKey.js'
import { immediateOf, type AppendResult, type EventStore, type ImmediateStore } from './store.js'
import { currentVersion, emptySchema, upcast, type EventSchema } from './upcast.js'

export interface HandleOptions {
  /** The version the caller saw (HTTP If-Match). When given, a mismatch is returned, never retried. */
  readonly expectedVersion?: ExpectedVersion
  /** Retries of a conflict when no version was given (default 10); with a version there are none. */
  readonly maxRetries?: number
  /**
   * Waits before retry number `retry` (1, 2, …). Core has no clock or timers, so the wait is the adapter's
   * (see `jitteredBackoff` in @gridcase/adapters: exponential with full jitter); without one, a retry follows at once.
   */
  readonly backoff?: (retry: number) => Promise<void>
  /** Commands on one stream from this process, one after another (see `streamQueue`), so they never race each other. */
  readonly queue?: StreamQueue
  /**
   * The case type's event schema (`complaint.schema`; `execute` passes it itself): each event is written at its type's
   * current schema version and older ones are upcast as they are read. Without it every event is written at version 1
   * and read as written.
   */
  readonly schema?: EventSchema
  /** What earlier commands left of each stream (see `StreamMemory`): a command on a remembered stream reads nothing. */
  readonly memory?: StreamMemory
}

/** What `handle` keeps of a stream between commands: all a command needs to be decided, none of the events. */
export interface RememberedStream {
  /** The stream's version that `state` is the fold of. */
  readonly version: number
  readonly state: unknown
  /** The id of every command in the stream up to `version`, for idempotency; `handle` adds the ids it writes. */
  readonly commandIds: Set<string>
}

/**
 * Where `handle` remembers streams between commands (one memory per decider: a state means something only to
 * the decider that folded it). With one, a command on a remembered stream is decided on the remembered state and
 * appended at the remembered version without reading the store. That is safe because recorded events never
 * change: a memory can only be short, when another process (or handler) appended since, and then the store
 * refuses the append, which names the version decided on. Anything but a clean append (a refused append, a
 * refusal by the decider, a decision with no events, an expected version that does not match, a command id
 * seen before) is decided again on the stream read from the store, so an answer is never made of a stale memory.
 * `streamMemory` is one, bounded.
 */
export interface StreamMemory {
  get(streamId: string): RememberedStream | undefined
  /**
   * The stream held, without looking for an erasure first (nor counting as a use): for a command remembering its
   * outcome, which compares versions only. Optional: a memory without it is asked with `get`.
   */
  peek?(streamId: string): RememberedStream | undefined
  /**
   * Remembers a stream. With `since` (an `epoch` taken before its state was read or folded), only if the memory was not
   * cleared since: a state folded before an erasure that a `get` has since seen holds the erased data.
   */
  set(streamId: string, remembered: RememberedStream, since?: number): void
  forget(streamId: string): void
  /**
   * How many times the memory was cleared so far (every stream forgotten: an erasure seen, see `streamMemory`'s
   * `generation`). Optional: a memory without it is never cleared so, and `set` keeps what it is given.
   */
  epoch?(): number
}

/**
 * A `StreamMemory` in a Map, the least recently used stream forgotten beyond `maxStreams` (default 10,000). With
 * `generation` (a sealed store's erasure count), every stream is forgotten when it moves: a state folded from events
 * opened before an erasure holds the erased data, and a command's answer is made of the state it decided on.
 */
export const streamMemory = (options: { readonly maxStreams?: number; readonly generation?: () => number } = {}): StreamMemory & { readonly size: () => number } => {
  const maxStreams = Math.max(1, options.maxStreams ?? 10_000)
  const { generation } = options
  let seen = generation?.()
  let cleared = 0
  // Insertion order is recency: a stream used is taken out and put back last. The last one is known, so a stream
  // used again at once (a command reads, then remembers, the stream it just got) is neither taken out nor put back.
  const streams = new Map<string, RememberedStream>()
  const oldest = oldestKey(streams)
  let newest: string | undefined
  return {
    get: (streamId) => {
      if (generation !== undefined) {
        const now = generation()
        if (now !== seen) {
          seen = now
          streams.clear()
          newest = undefined
          cleared += 1
        }
      }
      const remembered = streams.get(streamId)
      if (remembered !== undefined && streamId !== newest) {
        streams.delete(streamId)
        streams.set(streamId, remembered)
        newest = streamId
      }
      return remembered
    },
    set: (streamId, remembered, since) => {
      if (since !== undefined && since !== cleared) return
      // A Map's set of a key it holds keeps the key's place: the newest stays last.
      if (streamId !== newest) streams.delete(streamId)
      streams.set(streamId, remembered)
      newest = streamId
      if (streams.size > maxStreams) streams.delete(oldest.next() as string)
    },
    peek: (streamId) => streams.get(streamId),
    forget: (streamId) => {
      streams.delete(streamId)
      if (streamId === newest) newest = undefined
    },
    epoch: () => cleared,
    size: () => streams.size,
  }
}

/** Runs work per stream one after another: what keeps this process's commands on one stream from racing. */
export interface StreamQueue {
  /** Runs `work` once every earlier work on `streamId` has settled; its outcome is `work`'s. */
  run<T>(streamId: string, work: () => Promise<T>): Promise<T>
}

/** A `StreamQueue` of promise chains, one per stream, dropped when the stream has nothing waiting. */
export const streamQueue = (): StreamQueue & { readonly size: () => number } => {
  const tails = new Map<string, Promise<void>>()
  return {
    run: <T>(streamId: string, work: () => Promise<T>): Promise<T> => {
      const before = tails.get(streamId)
      const result = before === undefined ? work() : before.then(work)
      // The next work waits for this one to settle, whatever its outcome.
      const tail = result.then(
        () => undefined,
        () => undefined,
      )
      tails.set(streamId, tail)
      void tail.then(() => {
        if (tails.get(streamId) === tail) tails.delete(streamId)
      })
      return result
    },
    size: () => tails.size,
  }
}

export interface HandleResult<Event extends DomainEvent, State> {
  readonly streamId: string
  /** The events this command produced (or, for a repeat, produced the first time). */
  readonly events: readonly RecordedEvent<Event['type'], Event['data']>[]
  readonly state: State
  /** The stream's version after the command. */
  readonly version: StreamVersion
  /** True when the command id was already in the stream and nothing was written. */
  readonly replayed: boolean
}

const versionOf = (events: readonly RecordedEvent[]): StreamVersion => events.at(-1)?.version ?? 'no-stream'

/** Reads a stream with upcasting applied; the state and version as of its last (or `toVersion`) event. */
export const load = async <Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<never, Event, State>,
  streamId: string,
  options: { readonly toVersion?: number; readonly schema?: EventSchema } = {},
): Promise<{ readonly state: State; readonly version: StreamVersion; readonly events: readonly RecordedEvent<Event['type'], Event['data']>[] }> => {
  const schema = options.schema ?? emptySchema
  const read = await store.readStream(streamId, options.toVersion === undefined ? {} : { toVersion: options.toVersion })
  // Without upcasters every event is read as written: no second array per read.
  const events = (schema.upcasters.length === 0 ? read : read.map((e) => upcast(schema, e))) as unknown as readonly RecordedEvent<Event['type'], Event['data']>[]
  return { state: fold(decider, events as unknown as readonly Event[]), version: versionOf(events), events }
}

/**
 * Keeps `remembered` unless the memory already holds a later version of the stream (a faster concurrent command), or was
 * cleared since `since` (the memory's epoch when the command began, taken after its `get` looked for an erasure).
 * It does not look for an erasure itself (`peek`): a state kept here was folded before any erasure the memory has not
 * seen yet, so it is kept under the generation seen before it, and the next `get` sees the generation move and forgets
 * it with every other stream; one the memory has seen meanwhile (another command's `get`) moved the epoch past `since`.
 * (Looking here too cost a read of the key table after every commit: found profiling add-note at 1,000/s.)
 */
const remember = (memory: StreamMemory | undefined, streamId: string, remembered: RememberedStream, since: number | undefined): void => {
  if (memory === undefined) return
  const held = memory.peek === undefined ? memory.get(streamId) : memory.peek(streamId)
  if (held === undefined || held.version <= remembered.version) memory.set(streamId, remembered, since)
}

type WritableMetadata = { -readonly [K in keyof NewEvent['metadata']]: NewEvent['metadata'][K] }

/**
 * The events a command decided, as the store takes them. The metadata is built key by key, `requestHash` set only
 * when there is one: a spread of a conditional object inside the literal went through V8's generic copy every event.
 */
const toNewEvents = (command: Command, schema: EventSchema, decided: readonly DomainEvent[]): NewEvent[] => {
  const { meta } = command
  const out: NewEvent[] = []
  const actor = recordedActor(meta.actor)
  for (const event of decided) {
    const metadata: WritableMetadata = {
      commandId: meta.commandId,
      correlationId: meta.correlationId ?? meta.commandId,
      causationId: meta.causationId ?? meta.commandId,
      actor,
      occurredAt: meta.at,
    }
    if (meta.requestHash !== undefined) metadata.requestHash = meta.requestHash
    out.push({ type: event.type, schemaVersion: currentVersion(schema, event.type), data: event.data, metadata })
  }
  return out
}

/**
 * Read → fold → decide → append: the one place a conflict is retried. Without an expected version a conflict
 * is retried up to `maxRetries` times after the injected `backoff` (decide runs again on the fresh state); with
 * one it is returned. A command whose id is already in the stream is not applied twice: the earlier outcome is
 * returned, also when a copy of it won the race. With `memory`, a remembered stream is neither read nor folded
 * (see `StreamMemory`); with `queue`, commands on one stream from this process run one after another.
 */
export const handle = <C extends Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<C, Event, State>,
  streamId: string,
  command: C,
  options: HandleOptions = {},
): Promise<E.Either<DomainError, HandleResult<Event, State>>> =>
  options.queue === undefined
    ? handleNow(store, decider, streamId, command, options)
    : options.queue.run(streamId, () => handleNow(store, decider, streamId, command, options))

const handleNow = async <C extends Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<C, Event, State>,
  streamId: string,
  command: C,
  options: HandleOptions,
): Promise<E.Either<DomainError, HandleResult<Event, State>>> => {
  const schema = options.schema ?? emptySchema
  const { memory } = options
  const { commandId } = command.meta
  const immediate = immediateOf(store)

  const remembered = memory?.get(streamId)
  // Taken before any state is read or folded (and after the `get` that looked for an erasure): found in review, an
  // erasure landing while the append was in flight left the state decided on (opened before it) in the memory, and
  // every later command on the case answered with the erased data.
  const since = memory?.epoch?.()
  if (remembered !== undefined && !remembered.commandIds.has(commandId)) {
    const deciding = decideOnMemory(store, immediate, decider, streamId, command, schema, options.expectedVersion, remembered)
    // Branched on the store, not on `instanceof Promise`: a store's thenable (or another realm's promise) is awaited.
    const fast = immediate === undefined ? await deciding : (deciding as Awaited<typeof deciding>)
    if (fast !== undefined) {
      remember(memory, streamId, { version: fast.version, state: fast.state, commandIds: remembered.commandIds.add(commandId) }, since)
      return E.right(fast)
    }
    // Short, or the answer would be an error: decide on the store.
    memory?.forget(streamId)
  }

  const explicit = options.expectedVersion !== undefined
  // With an expected version, one more read after a lost race, only to find a copy of this command that won it.
  const attempts = explicit ? 2 : (options.maxRetries ?? 10) + 1
  let lastConflict: DomainError | undefined
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (attempt > 0 && !explicit) await options.backoff?.(attempt)
    // `load`, inline: one async step less on every command that reads its stream; none for a store that answers at once.
    const read = immediate === undefined ? await store.readStream(streamId) : immediate.readStream(streamId)
    const events = (schema.upcasters.length === 0 ? read : read.map((e) => upcast(schema, e))) as unknown as readonly RecordedEvent<Event['type'], Event['data']>[]
    const state = fold(decider as Decider<never, Event, State>, events as unknown as readonly Event[])
    const version = versionOf(events)
    // The ids are kept only with a memory; most commands are new, so the replay's lists are made only for a replay.
    const commandIds = memory === undefined ? undefined : new Set(events.map((e) => e.metadata.commandId))
    if (commandIds !== undefined && version !== 'no-stream') remember(memory, streamId, { version, state, commandIds }, since)
    if (events.some((e) => e.metadata.commandId === commandId)) {
      const earlier = events.filter((e) => e.metadata.commandId === commandId)
      const lastVersion = (earlier[earlier.length - 1] as RecordedEvent).version
      const before = events.filter((e) => e.version <= lastVersion) as unknown as readonly Event[]
      return E.right({ streamId, events: earlier, state: fold(decider, before), version: lastVersion, replayed: true })
    }
    if (lastConflict !== undefined && explicit) return E.left(lastConflict)
    if (options.expectedVersion !== undefined && !matchesExpectedVersion(version, options.expectedVersion)) {
      return E.left(concurrencyConflict(streamId, options.expectedVersion, version))
    }
    const decision = decider.decide(command, state)
    if (E.isLeft(decision)) return decision
    if (decision.right.length === 0) return E.right({ streamId, events: [], state, version, replayed: false })
    const appending = appendDecision(store, immediate, decider, streamId, command, schema, decision.right, state, options.expectedVersion ?? version)
    const appended = immediate === undefined ? await appending : (appending as Appended<Event, State>)
    if (E.isLeft(appended)) {
      lastConflict = appended.left
      continue
    }
    if (commandIds !== undefined) remember(memory, streamId, { version: appended.right.version, state: appended.right.state, commandIds: commandIds.add(commandId) }, since)
    return appended
  }
  return E.left(lastConflict ?? concurrencyConflict(streamId, 'any', 'no-stream'))
}

type Appended<Event extends DomainEvent, State> = E.Either<DomainError, HandleResult<Event, State> & { readonly version: number }>

/**
 * The command decided on a remembered stream and appended at its version; undefined when that is not a clean
 * success (the caller then decides on the store): the expected version does not match, the decider refuses or
 * decides nothing, or the store refuses the append because the stream moved on. No promise when the store
 * answers at once.
 */
const decideOnMemory = <C extends Command, Event extends DomainEvent, State>(
  store: EventStore,
  immediate: ImmediateStore | undefined,
  decider: Decider<C, Event, State>,
  streamId: string,
  command: C,
  schema: EventSchema,
  expectedVersion: ExpectedVersion | undefined,
  remembered: RememberedStream,
): (HandleResult<Event, State> & { readonly version: number }) | undefined | Promise<(HandleResult<Event, State> & { readonly version: number }) | undefined> => {
  if (expectedVersion !== undefined && !matchesExpectedVersion(remembered.version, expectedVersion)) return undefined
  const state = remembered.state as State
  const decision = decider.decide(command, state)
  if (E.isLeft(decision) || decision.right.length === 0) return undefined
  const appending = appendDecision(store, immediate, decider, streamId, command, schema, decision.right, state, remembered.version)
  return immediate === undefined ? (appending as Promise<Appended<Event, State>>).then(cleanSuccess) : cleanSuccess(appending as Appended<Event, State>)
}

const cleanSuccess = <Event extends DomainEvent, State>(appended: Appended<Event, State>): (HandleResult<Event, State> & { readonly version: number }) | undefined =>
  E.isRight(appended) ? appended.right : undefined

/**
 * Appends the events `command` decided on `state` at `expectedVersion`: the outcome as `handle` returns it, or
 * the store's refusal; at once (no promise) when the store answers at once.
 */
const appendDecision = <C extends Command, Event extends DomainEvent, State>(
  store: EventStore,
  immediate: ImmediateStore | undefined,
  decider: Decider<C, Event, State>,
  streamId: string,
  command: C,
  schema: EventSchema,
  decided: readonly Event[],
  state: State,
  expectedVersion: ExpectedVersion,
): Appended<Event, State> | Promise<Appended<Event, State>> => {
  const events = toNewEvents(command, schema, decided)
  // Promise.resolve: what the store gave may be a thenable, whose `then` need not return anything (a promise of
  // this realm is returned as it is).
  if (immediate === undefined) return Promise.resolve(store.appendToStream(streamId, events, { expectedVersion })).then((appended) => appendedOutcome(appended, streamId, decider, decided, state))
  return appendedOutcome(immediate.appendToStream(streamId, events, { expectedVersion }), streamId, decider, decided, state)
}

/** What an append of the events decided on `state` comes to: the store's refusal, or the command's outcome. */
const appendedOutcome = <C extends Command, Event extends DomainEvent, State>(
  appended: E.Either<DomainError, AppendResult>,
  streamId: string,
  decider: Decider<C, Event, State>,
  decided: readonly Event[],
  state: State,
): Appended<Event, State> =>
  E.isLeft(appended)
    ? appended
    : E.right({
        streamId,
        events: appended.right.events as unknown as HandleResult<Event, State>['events'],
        state: fold(decider, decided, state),
        version: appended.right.nextExpectedVersion,
        replayed: false,
      })
