import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../access/actor.js'
import type { Decider } from './decider.js'
import type { NewEvent, RecordedEvent } from './envelope.js'
import { concurrencyConflict, invalidTransition, validationError } from './errors.js'
import { matchesExpectedVersion } from './expectedVersion.js'
import { handle, load, type HandleOptions, type StateCache } from './handler.js'
import { genesisHash, sealEvents, verifyStream } from './hash.js'
import type { Command, DomainEvent } from './meta.js'
import type { EventStore } from './store.js'

// A counter that can be closed: enough to exercise every path of the handler.
type CounterCommand = Command<'Add', { readonly by: number }> | Command<'Close', Record<string, never>>
type CounterEvent = DomainEvent<'Added', { readonly by: number }> | DomainEvent<'Closed', Record<string, never>>
interface Counter {
  readonly total: number
  readonly closed: boolean
}

/** Counts its decide calls, so a test can tell a retry from a replay. */
const counterDecider = () => {
  let decisions = 0
  const decider: Decider<CounterCommand, CounterEvent, Counter> = {
    initialState: { total: 0, closed: false },
    decide: (command, state) => {
      decisions += 1
      if (state.closed) return E.left(invalidTransition('closed', command.type))
      if (command.type === 'Close') return E.right([{ type: 'Closed', data: {} }])
      if (command.data.by < 0) return E.left(validationError([{ path: 'by', message: 'expected a non-negative number' }]))
      // Adding nothing is a decision with no events: nothing to record.
      return E.right(command.data.by === 0 ? [] : [{ type: 'Added', data: { by: command.data.by } }])
    },
    evolve: (state, event) => (event.type === 'Added' ? { ...state, total: state.total + event.data.by } : { ...state, closed: true }),
  }
  return { decider, decisions: () => decisions }
}

const actor: Actor = { id: 'u1', role: 'street-officer', jurisdiction: 'hohhot/saihan/street-1' }
const at = '2026-03-01T09:30:00+08:00'
const add = (by: number, commandId: string, extra: Partial<Command['meta']> = {}): CounterCommand => ({
  type: 'Add',
  data: { by },
  meta: { commandId, actor, at, ...extra },
})

/**
 * A minimal store for the handler's unit tests (the real ones are checked by the
 * conformance suite). `rival(n)` makes the next n appends lose a race first.
 */
const testStore = () => {
  const log: RecordedEvent[] = []
  let rivals = 0
  let appends = 0
  let ids = 0
  const write = (streamId: string, events: readonly NewEvent[]): RecordedEvent[] => {
    const stream = log.filter((e) => e.streamId === streamId)
    const sealed = sealEvents({
      streamId,
      nextVersion: stream.length,
      prevHash: stream.at(-1)?.metadata.hash ?? genesisHash(streamId),
      recordedAt: '2026-03-01T01:30:00.000Z',
      events,
      newEventId: () => `e${(ids += 1)}`,
    }).map((e, i) => ({ ...e, position: log.length + i }))
    log.push(...sealed)
    return sealed
  }
  const version = (streamId: string) => log.filter((e) => e.streamId === streamId).at(-1)?.version ?? 'no-stream'
  const rivalEvent: NewEvent = {
    type: 'Added',
    schemaVersion: 1,
    data: { by: 100 },
    metadata: { commandId: 'rival', correlationId: 'rival', causationId: 'rival', actor, occurredAt: at },
  }
  const store: EventStore = {
    readStream: async (streamId, { fromVersion = 0, toVersion = Number.MAX_SAFE_INTEGER } = {}) =>
      log.filter((e) => e.streamId === streamId && e.version >= fromVersion && e.version <= toVersion),
    appendToStream: async (streamId, events, { expectedVersion }) => {
      appends += 1
      if (rivals > 0) {
        rivals -= 1
        write(streamId, [rivalEvent])
      }
      const current = version(streamId)
      if (!matchesExpectedVersion(current, expectedVersion)) return E.left(concurrencyConflict(streamId, expectedVersion, current))
      const recorded = write(streamId, events)
      const last = recorded.at(-1)
      return E.right({ nextExpectedVersion: last?.version ?? -1, lastPosition: last?.position ?? -1, events: recorded })
    },
    readAll: async ({ fromPosition = 0, limit = Number.MAX_SAFE_INTEGER } = {}) => log.slice(fromPosition, fromPosition + limit),
    subscribe: async function* () {},
    streamVersion: async (streamId) => version(streamId),
    close: async () => {},
  }
  return { store, log, rival: (n: number) => (rivals = n), appends: () => appends }
}

const right = <L, R>(result: E.Either<L, R>): R => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`)
  return result.right
}

describe('handle', () => {
  it('given no stream, when a command decides events, then they are appended from version 0', async () => {
    const { store, log } = testStore()
    const { decider } = counterDecider()
    const result = right(await handle(store, decider, 'counter-1', add(2, 'c1')))
    expect(result).toMatchObject({ streamId: 'counter-1', state: { total: 2 }, version: 0, replayed: false })
    expect(log.map((e) => [e.version, e.type, e.data])).toEqual([[0, 'Added', { by: 2 }]])
    expect(verifyStream('counter-1', log).ok).toBe(true)
  })

  it('records the command on each event: id, actor, time, and correlation defaulting to the command id', async () => {
    const { store, log } = testStore()
    const { decider } = counterDecider()
    await handle(store, decider, 'counter-1', add(1, 'c1'))
    await handle(store, decider, 'counter-1', add(1, 'c2', { correlationId: 'corr', causationId: 'cause' }))
    expect(log.map((e) => e.metadata)).toMatchObject([
      { commandId: 'c1', correlationId: 'c1', causationId: 'c1', actor, occurredAt: at },
      { commandId: 'c2', correlationId: 'corr', causationId: 'cause', actor, occurredAt: at },
    ])
  })

  it('writes events at the schema version the schema names, 1 when it names none', async () => {
    const { store, log } = testStore()
    const { decider } = counterDecider()
    await handle(store, decider, 'counter-1', add(1, 'c1'), { schema: { versions: { Added: 4 }, upcasters: [] } })
    await handle(store, decider, 'counter-2', add(1, 'c2'))
    expect(log.map((e) => e.schemaVersion)).toEqual([4, 1])
  })

  it('without an expected version, retries a lost race by deciding again on the fresh state', async () => {
    const { store, log, rival, appends } = testStore()
    const counter = counterDecider()
    rival(2)
    const result = right(await handle(store, counter.decider, 'counter-1', add(1, 'c1')))
    expect(result).toMatchObject({ state: { total: 201 }, version: 2 })
    expect(appends()).toBe(3)
    expect(counter.decisions()).toBe(3)
    expect(log.map((e) => e.metadata.commandId)).toEqual(['rival', 'rival', 'c1'])
  })

  it('retries at most maxRetries times (10 by default), then returns the conflict having written nothing of its own', async () => {
    for (const [maxRetries, attempts] of [
      [undefined, 11],
      [0, 1],
      [3, 4],
    ] as const) {
      const { store, log, rival, appends } = testStore()
      rival(attempts)
      const result = await handle(store, counterDecider().decider, 'counter-1', add(1, 'c1'), maxRetries === undefined ? {} : { maxRetries })
      expect(E.isLeft(result) && result.left).toMatchObject({ code: 'concurrency-conflict', streamId: 'counter-1' })
      expect(appends()).toBe(attempts)
      expect(log.every((e) => e.metadata.commandId === 'rival')).toBe(true)
    }
  })

  it('succeeds on the last allowed retry', async () => {
    const { store, rival } = testStore()
    rival(10)
    expect(right(await handle(store, counterDecider().decider, 'counter-1', add(1, 'c1'))).version).toBe(10)
  })

  it('with an expected version that is stale, returns the conflict with expected and actual, without deciding', async () => {
    const { store, appends } = testStore()
    const counter = counterDecider()
    await handle(store, counter.decider, 'counter-1', add(1, 'c1'))
    await handle(store, counter.decider, 'counter-1', add(1, 'c2'))
    const before = counter.decisions()
    const result = await handle(store, counter.decider, 'counter-1', add(1, 'c3'), { expectedVersion: 0 })
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'concurrency-conflict', expected: 0, actual: 1 })
    expect(counter.decisions()).toBe(before)
    expect(appends()).toBe(2)
  })

  it('with an expected version, a race lost at append is returned, never retried', async () => {
    const { store, log, rival, appends } = testStore()
    const { decider } = counterDecider()
    await handle(store, decider, 'counter-1', add(1, 'c1'))
    rival(1)
    const result = await handle(store, decider, 'counter-1', add(1, 'c2'), { expectedVersion: 0 })
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'concurrency-conflict', expected: 0, actual: 1 })
    expect(appends()).toBe(2)
    expect(log.map((e) => e.metadata.commandId)).toEqual(['c1', 'rival'])
  })

  it('honours each kind of expected version', async () => {
    const { store } = testStore()
    const { decider } = counterDecider()
    const code = async (commandId: string, options: HandleOptions) => {
      const result = await handle(store, decider, 'counter-1', add(1, commandId), options)
      return E.isLeft(result) ? result.left.code : 'ok'
    }
    expect(await code('a', { expectedVersion: 'stream-exists' })).toBe('concurrency-conflict')
    expect(await code('b', { expectedVersion: 'no-stream' })).toBe('ok')
    expect(await code('c', { expectedVersion: 'no-stream' })).toBe('concurrency-conflict')
    expect(await code('d', { expectedVersion: 'stream-exists' })).toBe('ok')
    expect(await code('e', { expectedVersion: 'any' })).toBe('ok')
    expect(await code('f', { expectedVersion: 2 })).toBe('ok')
    expect(await code('g', { expectedVersion: 2 })).toBe('concurrency-conflict')
  })

  it('given a command id already in the stream, returns the first outcome with replayed: true and writes nothing', async () => {
    const { store, log, appends } = testStore()
    const counter = counterDecider()
    const first = right(await handle(store, counter.decider, 'counter-1', add(3, 'c1')))
    await handle(store, counter.decider, 'counter-1', add(4, 'c2'))
    const decisions = counter.decisions()
    const again = right(await handle(store, counter.decider, 'counter-1', add(3, 'c1')))
    expect(again).toEqual({ ...first, replayed: true })
    expect(counter.decisions()).toBe(decisions)
    expect(appends()).toBe(2)
    expect(log).toHaveLength(2)
  })

  it('replays even when the repeat carries a now-stale expected version', async () => {
    const { store } = testStore()
    const { decider } = counterDecider()
    await handle(store, decider, 'counter-1', add(3, 'c1'), { expectedVersion: 'no-stream' })
    await handle(store, decider, 'counter-1', add(4, 'c2'))
    const again = right(await handle(store, decider, 'counter-1', add(3, 'c1'), { expectedVersion: 'no-stream' }))
    expect(again).toMatchObject({ replayed: true, version: 0, state: { total: 3 } })
  })

  it('a repeat whose first run lost races still finds its events', async () => {
    const { store, rival } = testStore()
    const { decider } = counterDecider()
    rival(2)
    const first = right(await handle(store, decider, 'counter-1', add(1, 'c1')))
    const again = right(await handle(store, decider, 'counter-1', add(1, 'c1')))
    expect(again).toEqual({ ...first, replayed: true })
  })

  it('when decide refuses, returns its error and writes nothing', async () => {
    const { store, log, appends } = testStore()
    const { decider } = counterDecider()
    const refused = await handle(store, decider, 'counter-1', add(-1, 'c1'))
    expect(E.isLeft(refused) && refused.left.code).toBe('validation')
    await handle(store, decider, 'counter-1', { type: 'Close', data: {}, meta: { commandId: 'c2', actor, at } })
    const closed = await handle(store, decider, 'counter-1', add(1, 'c3'))
    expect(E.isLeft(closed) && closed.left).toMatchObject({ code: 'invalid-transition', state: 'closed', command: 'Add' })
    expect(appends()).toBe(1)
    expect(log.map((e) => e.type)).toEqual(['Closed'])
  })

  it('a decision with no events appends nothing and reports the unchanged state and version', async () => {
    const { store, appends } = testStore()
    const { decider } = counterDecider()
    expect(right(await handle(store, decider, 'counter-1', add(0, 'c0')))).toEqual({
      streamId: 'counter-1',
      events: [],
      state: { total: 0, closed: false },
      version: 'no-stream',
      replayed: false,
    })
    await handle(store, decider, 'counter-1', add(5, 'c1'))
    expect(right(await handle(store, decider, 'counter-1', add(0, 'c2')))).toMatchObject({ events: [], state: { total: 5 }, version: 0 })
    expect(appends()).toBe(1)
  })
})

describe('load', () => {
  it('folds the stream, or its head up to toVersion', async () => {
    const { store } = testStore()
    const { decider } = counterDecider()
    for (const [i, by] of [1, 2, 3].entries()) await handle(store, decider, 'counter-1', add(by, `c${i}`))
    expect(await load(store, decider, 'counter-1')).toMatchObject({ state: { total: 6 }, version: 2 })
    expect(await load(store, decider, 'counter-1', { toVersion: 1 })).toMatchObject({ state: { total: 3 }, version: 1 })
    expect(await load(store, decider, 'counter-2')).toEqual({ state: decider.initialState, version: 'no-stream', events: [] })
  })
})

describe('handle with a state cache', () => {
  const mapStates = (): StateCache => {
    const states = new Map<string, { version: number; state: unknown }>()
    return { get: (streamId) => states.get(streamId), set: (streamId, version, state) => void states.set(streamId, { version, state }) }
  }
  /** The counter decider, counting its evolve calls. */
  const countingEvolve = () => {
    const counter = counterDecider()
    let evolves = 0
    const decider: Decider<CounterCommand, CounterEvent, Counter> = {
      ...counter.decider,
      evolve: (state, event) => {
        evolves += 1
        return counter.decider.evolve(state, event)
      },
    }
    return { decider, evolves: () => evolves }
  }

  it('folds only the events after the remembered state: each command evolves once, not once per past event', async () => {
    const { store } = testStore()
    const { decider, evolves } = countingEvolve()
    const states = mapStates()
    for (let i = 1; i <= 5; i += 1) right(await handle(store, decider, 'counter-1', add(i, `c${i}`), { states }))
    expect(evolves()).toBe(5)
    expect(states.get('counter-1')).toEqual({ version: 4, state: { total: 15, closed: false } })
  })

  it('folds events written elsewhere since the remembered state, and ignores a remembered state the stream does not have', async () => {
    const { store, rival } = testStore()
    const { decider } = countingEvolve()
    const states = mapStates()
    right(await handle(store, decider, 'counter-1', add(1, 'c1'), { states }))
    // Another writer appends before our next command; then a bogus entry for a stream with no such version.
    rival(1)
    const raced = right(await handle(store, decider, 'counter-1', add(2, 'c2'), { states }))
    const full = await load(store, decider, 'counter-1')
    expect(raced).toMatchObject({ state: full.state, version: full.version })
    states.set('counter-1', 99, { total: -1, closed: true })
    const after = right(await handle(store, decider, 'counter-1', add(3, 'c3'), { states }))
    expect(after.state).toEqual({ total: (full.state as Counter).total + 3, closed: false })
  })
})
