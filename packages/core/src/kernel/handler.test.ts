import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it, vi } from 'vitest'
import type { Actor } from './actor.js'
import type { Decider } from './decider.js'
import type { NewEvent, RecordedEvent } from './envelope.js'
import { concurrencyConflict, invalidTransition, validationError } from './errors.js'
import { matchesExpectedVersion } from './expectedVersion.js'
import { handle, load, streamMemory, streamQueue, type HandleOptions } from './handler.js'
import { genesisHash, sealEvents, verifyStream } from './hash.js'
import type { Command, DomainEvent } from './meta.js'
import { answersAtOnce, type EventStore, type ImmediateStore } from './store.js'

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
const testStore = (options: { readonly immediate?: boolean } = {}) => {
  const log: RecordedEvent[] = []
  let rivals = 0
  let appends = 0
  let reads = 0
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
  const read = (streamId: string, fromVersion = 0, toVersion = Number.MAX_SAFE_INTEGER): RecordedEvent[] => {
    reads += 1
    return log.filter((e) => e.streamId === streamId && e.version >= fromVersion && e.version <= toVersion)
  }
  const append: ImmediateStore['appendToStream'] = (streamId, events, { expectedVersion }) => {
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
  }
  const store: EventStore = {
    readStream: async (streamId, { fromVersion, toVersion } = {}) => read(streamId, fromVersion, toVersion),
    appendToStream: async (streamId, events, appendOptions) => append(streamId, events, appendOptions),
    readAll: async ({ fromPosition = 0, limit = Number.MAX_SAFE_INTEGER } = {}) => log.slice(fromPosition, fromPosition + limit),
    subscribe: async function* () {},
    streamVersion: async (streamId) => version(streamId),
    close: async () => {},
  }
  // The same store answering at once too: `handle` must give the same answers either way.
  if (options.immediate === true) answersAtOnce(store, { readStream: (streamId) => read(streamId), appendToStream: append })
  return { store, log, rival: (n: number) => (rivals = n), appends: () => appends, reads: () => reads }
}

const right = <L, R>(result: E.Either<L, R>): R => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`)
  return result.right
}

/** What two handlers' answers are compared by: the error code, or the state, version, replay flag and each event's version, type and command. */
const outcome = (result: E.Either<{ readonly code: string }, { readonly state: unknown; readonly version: unknown; readonly replayed: boolean; readonly events: readonly RecordedEvent[] }>) =>
  E.isLeft(result)
    ? { error: result.left.code }
    : { state: result.right.state, version: result.right.version, replayed: result.right.replayed, events: result.right.events.map((e) => [e.version, e.type, e.metadata.commandId]) }

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

  it("records a resident without the name its token gave (personal data: metadata is never sealed, and it outlived the case's erasure in every view, found in review); staff keep theirs", async () => {
    const { store, log } = testStore()
    const { decider } = counterDecider()
    const resident: Actor = { id: 'r-1', role: 'resident', jurisdiction: 'hohhot/saihan/street-1', name: '王女士' }
    const mediator: Actor = { id: 'm-1', role: 'mediator', jurisdiction: 'hohhot/saihan/street-1', track: 'people', name: '李调解' }
    await handle(store, decider, 'counter-1', add(1, 'c1', { actor: resident }))
    await handle(store, decider, 'counter-1', add(1, 'c2', { actor: mediator }))
    expect(log.map((e) => e.metadata.actor)).toEqual([{ id: 'r-1', role: 'resident', jurisdiction: 'hohhot/saihan/street-1' }, mediator])
  })

  it('property: the store is given each decided event with the metadata of the old spread, key for key and in order', async () => {
    // The walk handle replaced (one literal per event, `requestHash` spread in from a conditional object).
    const asSpread = (command: CounterCommand, event: CounterEvent): NewEvent => ({
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        commandId: command.meta.commandId,
        correlationId: command.meta.correlationId ?? command.meta.commandId,
        causationId: command.meta.causationId ?? command.meta.commandId,
        actor: command.meta.actor,
        occurredAt: command.meta.at,
        ...(command.meta.requestHash === undefined ? {} : { requestHash: command.meta.requestHash }),
      },
    })
    const optional = fc.option(fc.string(), { nil: undefined })
    await fc.assert(
      fc.asyncProperty(fc.string(), optional, optional, optional, fc.integer({ min: 1, max: 9 }), async (commandId, correlationId, causationId, requestHash, by) => {
        const given: NewEvent[][] = []
        const { store } = testStore()
        const recording: EventStore = { ...store, appendToStream: (streamId, events, options) => (given.push([...events]), store.appendToStream(streamId, events, options)) }
        const extra = Object.fromEntries(Object.entries({ correlationId, causationId, requestHash }).filter(([, v]) => v !== undefined))
        const command = add(by, commandId, extra)
        await handle(recording, counterDecider().decider, 'counter-1', command)
        const expected = [asSpread(command, { type: 'Added', data: { by } })]
        expect(given).toEqual([expected])
        expect(given[0]?.map((e) => Object.keys(e.metadata))).toEqual(expected.map((e) => Object.keys(e.metadata)))
      }),
    )
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

describe('handle: the one retry policy', () => {
  it('waits through the injected backoff before each retry, numbered 1, 2, …, and never before the first attempt', async () => {
    const { store, rival } = testStore()
    const waits: number[] = []
    rival(3)
    right(await handle(store, counterDecider().decider, 'counter-1', add(1, 'c1'), { backoff: async (retry) => void waits.push(retry) }))
    expect(waits).toEqual([1, 2, 3])
  })

  it('with an expected version it never waits and never decides twice', async () => {
    const { store, rival } = testStore()
    const counter = counterDecider()
    const waits: number[] = []
    await handle(store, counter.decider, 'counter-1', add(1, 'c1'))
    rival(1)
    const result = await handle(store, counter.decider, 'counter-1', add(1, 'c2'), { expectedVersion: 0, backoff: async (retry) => void waits.push(retry) })
    expect(E.isLeft(result) && result.left.code).toBe('concurrency-conflict')
    expect(waits).toEqual([])
    expect(counter.decisions()).toBe(2)
  })

  it('with an expected version, a race lost to a copy of the same command (one command id) is that command\'s replay, not a conflict', async () => {
    const { store, log } = testStore()
    const { decider } = counterDecider()
    // Both read the missing stream before either appends; the second append is refused.
    const [a, b] = await Promise.all([0, 1].map(() => handle(store, decider, 'counter-1', add(2, 'same'), { expectedVersion: 'no-stream' })))
    const results = [a, b].map((r) => (r === undefined ? undefined : right(r)))
    expect(results.map((r) => r?.replayed).sort()).toEqual([false, true])
    expect(results.map((r) => r?.version)).toEqual([0, 0])
    expect(log).toHaveLength(1)
  })
})

describe('handle with a stream queue', () => {
  it('commands on one stream from one process run one after another: 20 in parallel, no retry needed, none refused', async () => {
    const { store, log, appends } = testStore()
    const counter = counterDecider()
    const queue = streamQueue()
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => handle(store, counter.decider, 'counter-1', add(1, `c${i}`), { queue, maxRetries: 0 })))
    expect(results.every(E.isRight)).toBe(true)
    expect(appends()).toBe(20)
    expect(log.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, v) => v))
    expect(queue.size()).toBe(0)
  })

  it('without the queue the same 20 race: some are refused (what the queue prevents)', async () => {
    const { store } = testStore()
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => handle(store, counterDecider().decider, 'counter-1', add(1, `c${i}`), { maxRetries: 0 })))
    expect(results.filter(E.isLeft).length).toBeGreaterThan(0)
  })

  it('streams do not wait for each other, and a failed work does not stop the next', async () => {
    const queue = streamQueue()
    const order: string[] = []
    let release: () => void = () => undefined
    const held = queue.run('a', () => new Promise<void>((resolve) => (release = resolve)).then(() => void order.push('a1')))
    const failed = queue.run('a', async () => {
      throw new Error('boom')
    })
    const after = queue.run('a', async () => void order.push('a3'))
    await queue.run('b', async () => void order.push('b1'))
    expect(order).toEqual(['b1'])
    release()
    await held
    await expect(failed).rejects.toThrow('boom')
    await after
    expect(order).toEqual(['b1', 'a1', 'a3'])
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

describe('handle with a stream memory', () => {
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
    return { decider, evolves: () => evolves, decisions: counter.decisions }
  }
  const close = (commandId: string): CounterCommand => ({ type: 'Close', data: {}, meta: { commandId, actor, at } })

  it('decides on a remembered stream without reading it: one read for the first command, each later one evolves once', async () => {
    const { store, reads } = testStore()
    const { decider, evolves } = countingEvolve()
    const memory = streamMemory()
    for (let i = 1; i <= 5; i += 1) right(await handle(store, decider, 'counter-1', add(i, `c${i}`), { memory }))
    expect(reads()).toBe(1)
    expect(evolves()).toBe(5)
    expect(memory.get('counter-1')).toEqual({ version: 4, state: { total: 15, closed: false }, commandIds: new Set(['c1', 'c2', 'c3', 'c4', 'c5']) })
  })

  it('a stream another writer moved on: the append at the remembered version is refused and the command decided on the store', async () => {
    const { store, log, rival } = testStore()
    const memory = streamMemory()
    const { decider } = counterDecider()
    right(await handle(store, decider, 'counter-1', add(1, 'c1'), { memory }))
    rival(1)
    const raced = right(await handle(store, decider, 'counter-1', add(2, 'c2'), { memory }))
    expect(raced).toMatchObject({ state: { total: 103 }, version: 2 })
    expect(log.map((e) => e.metadata.commandId)).toEqual(['c1', 'rival', 'c2'])
    expect(memory.get('counter-1')).toMatchObject({ version: 2, state: { total: 103 } })
  })

  it('a command another process already applied is replayed, not applied again, though this memory never saw it', async () => {
    const { store, log } = testStore()
    const memory = streamMemory()
    const { decider } = counterDecider()
    right(await handle(store, decider, 'counter-1', add(1, 'c1'), { memory }))
    const elsewhere = right(await handle(store, decider, 'counter-1', add(5, 'c2')))
    const again = right(await handle(store, decider, 'counter-1', add(5, 'c2'), { memory }))
    expect(again).toEqual({ ...elsewhere, replayed: true })
    expect(log).toHaveLength(2)
    // And a repeat of what this memory saw is checked against the store too.
    expect(right(await handle(store, decider, 'counter-1', add(1, 'c1'), { memory }))).toMatchObject({ replayed: true, version: 0 })
  })

  it('a refusal decided on the memory is decided again on the store before it is returned', async () => {
    const { store, log, reads } = testStore()
    const memory = streamMemory()
    const { decider } = counterDecider()
    right(await handle(store, decider, 'counter-1', add(1, 'c1'), { memory }))
    // A memory that is wrong (no process could make it: recorded events never change) shows the check plainly.
    memory.set('counter-1', { version: 0, state: { total: 1, closed: true }, commandIds: new Set(['c1']) })
    const before = reads()
    expect(right(await handle(store, decider, 'counter-1', add(2, 'c2'), { memory }))).toMatchObject({ state: { total: 3, closed: false }, version: 1 })
    expect(reads()).toBe(before + 1)
    // A true refusal still comes back as one.
    right(await handle(store, decider, 'counter-1', close('c3'), { memory }))
    const refused = await handle(store, decider, 'counter-1', add(1, 'c4'), { memory })
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'invalid-transition', state: 'closed' })
    expect(log.map((e) => e.metadata.commandId)).toEqual(['c1', 'c2', 'c3'])
  })

  it('an expected version the memory does not have is checked against the store: a short memory is no conflict', async () => {
    const { store, rival } = testStore()
    const memory = streamMemory()
    const { decider } = counterDecider()
    right(await handle(store, decider, 'counter-1', add(1, 'c1'), { memory }))
    rival(1)
    right(await handle(store, decider, 'counter-1', add(1, 'c2')))
    // The store is at 2; the memory at 0.
    expect(right(await handle(store, decider, 'counter-1', add(1, 'c3'), { memory, expectedVersion: 2 }))).toMatchObject({ version: 3 })
    const stale = await handle(store, decider, 'counter-1', add(1, 'c4'), { memory, expectedVersion: 2 })
    expect(E.isLeft(stale) && stale.left).toMatchObject({ code: 'concurrency-conflict', expected: 2, actual: 3 })
  })

  it('a state folded before an erasure is not remembered after it: an erasure (the generation moving) while the append is in flight leaves the stream to be read again', async () => {
    // The generation is a sealed store's erasure count. The state a command decided on was folded from events opened
    // while the subject's key existed; an erasure by another process landing during the append must not leave that
    // state in the memory (the next command would answer with the erased data): the next command reads the store.
    for (const path of ['read', 'remembered'] as const) {
      const { store, reads } = testStore()
      let erasures = 0
      const memory = streamMemory({ generation: () => erasures })
      const { decider } = counterDecider()
      if (path === 'remembered') right(await handle(store, decider, 'counter-1', add(1, 'c0'), { memory }))
      const append = store.appendToStream
      const erasing: EventStore = {
        ...store,
        appendToStream: async (streamId, events, options) => {
          const outcome = await append(streamId, events, options)
          erasures += 1
          return outcome
        },
      }
      right(await handle(erasing, decider, 'counter-1', add(1, 'c1'), { memory }))
      expect(memory.get('counter-1')).toBeUndefined()
      const before = reads()
      right(await handle(store, decider, 'counter-1', add(1, 'c2'), { memory }))
      expect(reads()).toBe(before + 1)
      // Without an erasure in between, it is remembered as before.
      right(await handle(store, decider, 'counter-1', add(1, 'c3'), { memory }))
      expect(reads()).toBe(before + 1)
      expect(memory.get('counter-1')).toMatchObject({ state: { total: path === 'remembered' ? 4 : 3 } })
    }
  })

  it('a command looks at the generation once, before it decides: remembering its outcome does not look again (the next get does), and an erasure meanwhile still empties the memory', async () => {
    // The generation is a key store's erasure count: each look reads the key table (a page the commit just made stale).
    const { store } = testStore()
    let erasures = 0
    let looks = 0
    const memory = streamMemory({ generation: () => ((looks += 1), erasures) })
    const { decider } = counterDecider()
    right(await handle(store, decider, 'counter-1', add(1, 'c0'), { memory }))
    const before = looks
    right(await handle(store, decider, 'counter-1', add(1, 'c1'), { memory }))
    expect(looks).toBe(before + 1)
    // An erasure after the command decided: the outcome is kept, but under the generation seen before it, so the next
    // get sees the generation move and forgets every stream.
    const append = store.appendToStream
    const erasing: EventStore = { ...store, appendToStream: async (streamId, events, options) => ((erasures += 1), append(streamId, events, options)) }
    right(await handle(erasing, decider, 'counter-1', add(1, 'c2'), { memory }))
    expect(memory.get('counter-1')).toBeUndefined()
  })

  it('streamMemory forgets the least recently used stream beyond maxStreams', () => {
    const memory = streamMemory({ maxStreams: 2 })
    const at = (version: number) => ({ version, state: null, commandIds: new Set<string>() })
    memory.set('a', at(0))
    memory.set('b', at(0))
    memory.get('a')
    memory.set('c', at(0))
    expect([memory.get('a')?.version, memory.get('b'), memory.get('c')?.version]).toEqual([0, undefined, 0])
    memory.forget('a')
    expect(memory.size()).toBe(1)
  })

  it('property: streamMemory remembers and forgets as the plain take-out-and-put-back LRU it sped up', () => {
    // The reference: every get and set takes the stream out and puts it back last; beyond the bound the first goes.
    const reference = (maxStreams: number) => {
      const streams = new Map<string, number>()
      return {
        get: (k: string) => {
          const v = streams.get(k)
          if (v !== undefined) {
            streams.delete(k)
            streams.set(k, v)
          }
          return v
        },
        set: (k: string, v: number) => {
          streams.delete(k)
          streams.set(k, v)
          if (streams.size > maxStreams) streams.delete(streams.keys().next().value as string)
        },
        forget: (k: string) => void streams.delete(k),
        keys: () => [...streams.keys()],
      }
    }
    const op = fc.record({ kind: fc.constantFrom('get', 'set', 'forget'), stream: fc.constantFrom('a', 'b', 'c', 'd'), version: fc.integer({ min: 0, max: 9 }) })
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(op, { maxLength: 40 }), (maxStreams, ops) => {
        const memory = streamMemory({ maxStreams })
        const plain = reference(maxStreams)
        for (const { kind, stream, version } of ops) {
          if (kind === 'get') expect(memory.get(stream)?.version).toBe(plain.get(stream))
          else if (kind === 'set') {
            memory.set(stream, { version, state: null, commandIds: new Set() })
            plain.set(stream, version)
          } else {
            memory.forget(stream)
            plain.forget(stream)
          }
          expect(memory.size()).toBe(plain.keys().length)
        }
        // The same streams, remembered in the same order of recency: each is still there, at its version.
        for (const k of plain.keys()) expect(memory.get(k)?.version).toBe(plain.get(k))
      }),
      { numRuns: 1_000 },
    )
  })

  it('property: handlers with their own memories on one store answer every command as a handler without memory would', async () => {
    type Step = { readonly handler: 0 | 1 | 2; readonly stream: 0 | 1; readonly command: 'add' | 'close' | 'bad'; readonly by: number; readonly id: number; readonly expected: number | 'none' }
    const step = fc.record({
      handler: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
      stream: fc.constantFrom<0 | 1>(0, 1),
      command: fc.constantFrom<'add' | 'close' | 'bad'>('add', 'add', 'add', 'close', 'bad'),
      by: fc.integer({ min: 0, max: 3 }),
      // Few ids, so commands repeat (idempotency) often.
      id: fc.integer({ min: 0, max: 12 }),
      expected: fc.oneof(fc.constant<'none'>('none'), fc.integer({ min: -1, max: 4 })),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps: Step[]) => {
        const remembering = testStore()
        const plain = testStore()
        // Handlers 0 and 1 stand for two processes, each with its memory; handler 2 remembers nothing.
        const memories = [streamMemory(), streamMemory({ maxStreams: 1 }), undefined]
        const { decider } = counterDecider()
        for (const s of steps) {
          const commandId = `c${s.id}`
          const command: CounterCommand = s.command === 'close' ? close(commandId) : add(s.command === 'bad' ? -1 : s.by, commandId)
          const expected = s.expected === 'none' ? {} : { expectedVersion: s.expected === -1 ? ('no-stream' as const) : s.expected }
          const memory = memories[s.handler]
          const got = await handle(remembering.store, decider, `counter-${s.stream}`, command, { ...expected, ...(memory === undefined ? {} : { memory }) })
          const want = await handle(plain.store, decider, `counter-${s.stream}`, command, expected)
          expect(outcome(got)).toEqual(outcome(want))
        }
        expect(remembering.log.map((e) => [e.streamId, e.version, e.metadata.commandId])).toEqual(plain.log.map((e) => [e.streamId, e.version, e.metadata.commandId]))
      }),
      { numRuns: 300 },
    )
  })
  it('property: a store that answers at once gets from handle what it gets through promises, with or without memories, expected versions or lost races', async () => {
    type Step = { readonly stream: 0 | 1; readonly command: 'add' | 'close' | 'bad'; readonly by: number; readonly id: number; readonly expected: number | 'none'; readonly rivals: number; readonly remembered: boolean }
    const step = fc.record({
      stream: fc.constantFrom<0 | 1>(0, 1),
      command: fc.constantFrom<'add' | 'close' | 'bad'>('add', 'add', 'add', 'close', 'bad'),
      by: fc.integer({ min: 0, max: 3 }),
      id: fc.integer({ min: 0, max: 12 }),
      expected: fc.oneof(fc.constant<'none'>('none'), fc.integer({ min: -1, max: 4 })),
      rivals: fc.integer({ min: 0, max: 2 }),
      remembered: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps: Step[]) => {
        const atOnce = testStore({ immediate: true })
        const promised = testStore()
        const memories = [streamMemory(), streamMemory()]
        const { decider } = counterDecider()
        for (const s of steps) {
          const commandId = `c${s.id}`
          const command: CounterCommand = s.command === 'close' ? close(commandId) : add(s.command === 'bad' ? -1 : s.by, commandId)
          const options: HandleOptions = { ...(s.expected === 'none' ? {} : { expectedVersion: s.expected === -1 ? ('no-stream' as const) : s.expected }), maxRetries: 1 }
          atOnce.rival(s.rivals)
          promised.rival(s.rivals)
          const got = await handle(atOnce.store, decider, `counter-${s.stream}`, command, s.remembered ? { ...options, memory: memories[0] } : options)
          const want = await handle(promised.store, decider, `counter-${s.stream}`, command, s.remembered ? { ...options, memory: memories[1] } : options)
          expect(outcome(got)).toEqual(outcome(want))
        }
        expect(atOnce.log).toEqual(promised.log)
        expect(atOnce.appends()).toBe(promised.appends())
      }),
      { numRuns: 300 },
    )
  })

  it('Promise.all of commands on one stream of a store that answers at once: each applied once, versions contiguous, the chain verified, outcomes and state those of the same commands one after another', async () => {
    // A repeated id, a refusal, a decision with nothing to write and adds after the close among them.
    const commands = [add(1, 'c1'), add(2, 'c2'), add(3, 'c3'), add(3, 'c3'), add(-1, 'c4'), add(0, 'c5'), add(4, 'c6'), close('c7'), add(5, 'c8'), add(2, 'c2')]
    const summary = (result: E.Either<{ readonly code: string }, { readonly state: unknown; readonly version: unknown; readonly replayed: boolean }>) =>
      E.isLeft(result) ? result.left.code : [result.right.state, result.right.version, result.right.replayed]
    const variants: readonly (() => HandleOptions)[] = [() => ({}), () => ({ memory: streamMemory() }), () => ({ queue: streamQueue() }), () => ({ memory: streamMemory(), queue: streamQueue() })]
    for (const options of variants) {
      const together = testStore({ immediate: true })
      const counter = counterDecider()
      const given = options()
      const outcomes = await Promise.all(commands.map((command) => handle(together.store, counter.decider, 'counter-1', command, given)))
      // The same commands one after another, in the order given, on a store of its own.
      const oneByOne = testStore({ immediate: true })
      const sequential = []
      const sequentialOptions = options()
      for (const command of commands) sequential.push(await handle(oneByOne.store, counter.decider, 'counter-1', command, sequentialOptions))
      expect(outcomes.map(summary)).toEqual(sequential.map(summary))
      const ids = together.log.map((e) => e.metadata.commandId)
      expect(ids).toEqual(['c1', 'c2', 'c3', 'c6', 'c7'])
      expect(together.log.map((e) => e.version)).toEqual([0, 1, 2, 3, 4])
      expect(verifyStream('counter-1', together.log).ok).toBe(true)
      const loaded = await load(together.store, counter.decider, 'counter-1')
      expect([loaded.state, loaded.version]).toEqual([{ total: 10, closed: true }, 4])
      expect(loaded.state).toEqual((await load(oneByOne.store, counter.decider, 'counter-1')).state)
    }
  })

  it('a store whose methods give thenables that are not promises is awaited as await would: read, append, a conflict retried, with and without a memory', async () => {
    // A thenable whose `then` returns nothing, as the least a thenable may be (another realm's promise is one too).
    const thenable = <T>(promise: Promise<T>): Promise<T> => ({ then: (ok: (value: T) => void, fail: (error: unknown) => void) => void promise.then(ok, fail) }) as unknown as Promise<T>
    const { store: inner, log, rival } = testStore()
    const store: EventStore = {
      ...inner,
      readStream: (streamId, options) => thenable(inner.readStream(streamId, options)),
      appendToStream: (streamId, events, options) => thenable(inner.appendToStream(streamId, events, options)),
    }
    const counter = counterDecider()
    const memory = streamMemory()
    expect(right(await handle(store, counter.decider, 'counter-1', add(2, 'c1'))).version).toBe(0)
    rival(1)
    expect(right(await handle(store, counter.decider, 'counter-1', add(3, 'c2'))).state).toEqual({ total: 105, closed: false })
    expect(right(await handle(store, counter.decider, 'counter-1', add(4, 'c3'), { memory })).version).toBe(3)
    // Decided on the remembered stream: appended without a read.
    const decided = right(await handle(store, counter.decider, 'counter-1', add(5, 'c4'), { memory }))
    expect([decided.version, decided.state]).toEqual([4, { total: 114, closed: false }])
    expect(log.map((e) => e.metadata.commandId)).toEqual(['c1', 'rival', 'c2', 'c3', 'c4'])
    expect(verifyStream('counter-1', log).ok).toBe(true)
  })

  it('a store that answers at once is asked at once while its methods are the ones it registered with; a method replaced in place, or a copy with its own, is called', async () => {
    const { store, log } = testStore({ immediate: true })
    const counter = counterDecider()
    // Unchanged, the store is asked at once: what it registered is called, not its async methods.
    let atOnce = 0
    const counted = testStore()
    answersAtOnce(counted.store, {
      readStream: () => ((atOnce += 1), []),
      appendToStream: (streamId, events, options) => ((atOnce += 1), E.left(concurrencyConflict(streamId, options.expectedVersion, 'no-stream'))),
    })
    expect(E.isLeft(await handle(counted.store, counter.decider, 'counter-1', add(1, 'c0'), { maxRetries: 0 }))).toBe(true)
    expect([atOnce, counted.reads(), counted.appends()]).toEqual([2, 0, 0])
    // A method replaced on the store itself is called: a spy that refuses the append is not bypassed.
    const spy = vi.spyOn(store, 'appendToStream').mockRejectedValue(new Error('disk full'))
    await expect(handle(store, counter.decider, 'counter-1', add(2, 'c1'))).rejects.toThrow('disk full')
    expect(spy).toHaveBeenCalledTimes(1)
    expect(log).toEqual([])
    spy.mockRestore()
    // Restored, the store is asked at once again (the event is written), and a plain assignment is called too.
    expect(right(await handle(store, counter.decider, 'counter-1', add(2, 'c1'))).version).toBe(0)
    store.readStream = () => Promise.reject(new Error('readStream called'))
    await expect(handle(store, counter.decider, 'counter-1', add(2, 'c9'))).rejects.toThrow('readStream called')
    // A wrapper (a new object, as wrappers that record or delay appends are written) is asked through its own methods.
    const given: (readonly NewEvent[])[] = []
    const { store: inner } = testStore({ immediate: true })
    const recording: EventStore = { ...inner, appendToStream: (streamId, events, options) => (given.push(events), inner.appendToStream(streamId, events, options)) }
    expect(right(await handle(recording, counter.decider, 'counter-1', add(3, 'c2'))).version).toBe(0)
    expect(given.map((events) => events.map((e) => e.type))).toEqual([['Added']])
    expect(log.map((e) => e.metadata.commandId)).toEqual(['c1'])
  })
})
