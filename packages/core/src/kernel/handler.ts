import * as E from 'fp-ts/lib/Either.js'
import { fold, type Decider } from './decider.js'
import type { NewEvent, RecordedEvent } from './envelope.js'
import { concurrencyConflict, type DomainError } from './errors.js'
import { matchesExpectedVersion, type ExpectedVersion, type StreamVersion } from './expectedVersion.js'
import type { Command, DomainEvent } from './meta.js'
import type { EventStore } from './store.js'
import { currentVersion, emptySchema, upcast, type EventSchema } from './upcast.js'

export interface HandleOptions {
  /** The version the caller saw (HTTP If-Match). When given, a mismatch is returned, never retried. */
  readonly expectedVersion?: ExpectedVersion
  /** Retries of a conflict when no version was given. */
  readonly maxRetries?: number
  readonly schema?: EventSchema
  /** Folded states kept between commands: a command then folds only the events after the remembered one. */
  readonly states?: StateCache
}

/**
 * Where a caller keeps folded states between commands (an LRU map, say): one cache per decider, as a
 * state means something only to the decider that folded it. Recorded events never change, so a state
 * at version v stays the fold of events 0..v.
 */
export interface StateCache {
  get(streamId: string): { readonly version: number; readonly state: unknown } | undefined
  set(streamId: string, version: number, state: unknown): void
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
  const events = read.map((e) => upcast(schema, e)) as unknown as readonly RecordedEvent<Event['type'], Event['data']>[]
  return { state: fold(decider, events as unknown as readonly Event[]), version: versionOf(events), events }
}

/** As `load`, but starting from a remembered state when `states` has one for the stream, and remembering the result. */
const loadFolding = async <Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<never, Event, State>,
  streamId: string,
  schema: EventSchema,
  states: StateCache | undefined,
): Promise<{ readonly state: State; readonly version: StreamVersion; readonly events: readonly RecordedEvent<Event['type'], Event['data']>[] }> => {
  if (states === undefined) return load(store, decider, streamId, { schema })
  const events = (await store.readStream(streamId)).map((e) => upcast(schema, e)) as unknown as readonly RecordedEvent<Event['type'], Event['data']>[]
  const known = states.get(streamId)
  // Versions are 0-based and contiguous: the remembered state is usable if its event is where it should be.
  const usable = known !== undefined && events[known.version]?.version === known.version
  let state = usable ? (known.state as State) : decider.initialState
  for (let i = usable ? known.version + 1 : 0; i < events.length; i += 1) state = decider.evolve(state, events[i] as unknown as Event)
  const version = versionOf(events)
  if (version !== 'no-stream') states.set(streamId, version, state)
  return { state, version, events }
}

const toNewEvent = (command: Command, schema: EventSchema) => (event: DomainEvent): NewEvent => ({
  type: event.type,
  schemaVersion: currentVersion(schema, event.type),
  data: event.data,
  metadata: {
    commandId: command.meta.commandId,
    correlationId: command.meta.correlationId ?? command.meta.commandId,
    causationId: command.meta.causationId ?? command.meta.commandId,
    actor: command.meta.actor,
    occurredAt: command.meta.at,
  },
})

/**
 * Read → fold → decide → append. Without an expected version a conflict is retried
 * (decide runs again on the fresh state); with one it is returned. A command whose id
 * is already in the stream is not applied twice: the earlier outcome is returned.
 */
export const handle = async <C extends Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<C, Event, State>,
  streamId: string,
  command: C,
  options: HandleOptions = {},
): Promise<E.Either<DomainError, HandleResult<Event, State>>> => {
  const schema = options.schema ?? emptySchema
  const attempts = options.expectedVersion === undefined ? (options.maxRetries ?? 10) + 1 : 1
  let lastConflict: DomainError | undefined
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const { state, version, events } = await loadFolding(store, decider, streamId, schema, options.states)
    const earlier = events.filter((e) => e.metadata.commandId === command.meta.commandId)
    const lastEarlier = earlier.at(-1)
    if (lastEarlier !== undefined) {
      const before = events.filter((e) => e.version <= lastEarlier.version) as unknown as readonly Event[]
      return E.right({ streamId, events: earlier, state: fold(decider, before), version: lastEarlier.version, replayed: true })
    }
    if (options.expectedVersion !== undefined && !matchesExpectedVersion(version, options.expectedVersion)) {
      return E.left(concurrencyConflict(streamId, options.expectedVersion, version))
    }
    const decision = decider.decide(command, state)
    if (E.isLeft(decision)) return decision
    if (decision.right.length === 0) return E.right({ streamId, events: [], state, version, replayed: false })
    const appended = await store.appendToStream(streamId, decision.right.map(toNewEvent(command, schema)), {
      expectedVersion: options.expectedVersion ?? version,
    })
    if (E.isLeft(appended)) {
      lastConflict = appended.left
      continue
    }
    const next = fold(decider, decision.right, state)
    options.states?.set(streamId, appended.right.nextExpectedVersion, next)
    return E.right({
      streamId,
      events: appended.right.events as unknown as HandleResult<Event, State>['events'],
      state: next,
      version: appended.right.nextExpectedVersion,
      replayed: false,
    })
  }
  return E.left(lastConflict ?? concurrencyConflict(streamId, 'any', 'no-stream'))
}
