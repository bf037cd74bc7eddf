// What the conformance suite does not reach: $all shared with others, positions that are not
// records, the client's older Append path, and ending live subscriptions. Against the stand-in
// (tests/esdb-standin), not a real EventStoreDB: see the top of tests/esdb-standin/server.ts.
import { verifyStream, type EventStore, type NewEvent, type RecordedEvent } from '@gridcase/core'
import { CALENDAR_STREAM } from '@gridcase/core/calendar'
import * as E from 'fp-ts/lib/Either.js'
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { startStandin, type Standin } from '../../../../tests/esdb-standin/server.js'
import { eventStoreDbEventStore } from './store.js'

const actor = { id: 'u-1', role: 'grid-worker', jurisdiction: 'hohhot/saihan' } as const
const event = (n: number, eventId?: string): NewEvent => ({
  type: 'Noted',
  schemaVersion: 1,
  data: { n },
  metadata: { commandId: randomUUID(), correlationId: 'c', causationId: 'c', actor, occurredAt: '2026-03-01T09:30:00+08:00' },
  ...(eventId === undefined ? {} : { eventId }),
})

const appended = async (store: EventStore, streamId: string, events: readonly NewEvent[]): Promise<RecordedEvent[]> => {
  const result = await store.appendToStream(streamId, events, { expectedVersion: 'any' })
  if (E.isLeft(result)) throw new Error(result.left.message)
  return [...result.right.events]
}

describe.each([true, false])('eventStoreDbEventStore on the stand-in (batch append %s)', (batchAppend) => {
  let standin: Standin
  let store: EventStore
  const open = async () => {
    standin = await startStandin({ batchAppend })
    store = eventStoreDbEventStore({ connectionString: standin.connectionString })
  }
  afterEach(async () => {
    await store.close()
    await standin.stop()
  })

  it('asks the case types which streams are ours: a case type of our own is read, the default ones then are not', async () => {
    standin = await startStandin({ batchAppend })
    store = eventStoreDbEventStore({ connectionString: standin.connectionString, caseTypes: [{ streamPrefix: 'ticket-' }] })
    const ticket = await appended(store, `ticket-${randomUUID()}`, [event(0)])
    await appended(store, `complaint-${randomUUID()}`, [event(1)])
    expect((await store.readAll()).map((e) => e.eventId)).toEqual(ticket.map((e) => e.eventId))
  })

  it('reads and follows the log’s calendar stream with the cases (holiday schedules are events of the log, hash-chained and in the tree like a case’s)', async () => {
    await open()
    const written = await appended(store, `complaint-${randomUUID()}`, [event(0)])
    written.push(...(await appended(store, CALENDAR_STREAM, [event(1)])))
    written.push(...(await appended(store, `dispute-${randomUUID()}`, [event(2)])))
    expect((await store.readAll()).map((e) => [e.streamId.split('-')[0], e.eventId])).toEqual(written.map((e) => [e.streamId.split('-')[0], e.eventId]))
    const controller = new AbortController()
    const seen: string[] = []
    for await (const e of store.subscribe({ fromPosition: 0, signal: controller.signal })) {
      seen.push(e.eventId)
      if (seen.length === 3) controller.abort()
    }
    expect(seen).toEqual(written.map((e) => e.eventId))
  })

  it('parallel appends to one stream from one client are queued: each lands once, on consecutive versions, none refused', async () => {
    await open()
    const id = `complaint-${randomUUID()}`
    const results = await Promise.all(Array.from({ length: 12 }, (_, n) => store.appendToStream(id, [event(n)], { expectedVersion: 'any' })))
    expect(results.every(E.isRight)).toBe(true)
    const read = await store.readStream(id)
    expect(read.map((e) => e.version)).toEqual(Array.from({ length: 12 }, (_, v) => v))
    expect(verifyStream(id, read).ok).toBe(true)
  })

  it('reads again after a lost connection: a read sent while the node is down is answered once it is back on its port', async () => {
    standin = await startStandin({ batchAppend })
    const port = standin.port
    const waits: number[] = []
    // The wait before a retry is where the node comes back: ordered, not timed.
    const wait = async (retry: number) => {
      waits.push(retry)
      if (retry === 1) standin = await startStandin({ batchAppend, port })
    }
    store = eventStoreDbEventStore({ connectionString: standin.connectionString, readRetry: { wait } })
    const id = `complaint-${randomUUID()}`
    await appended(store, id, [event(0)])
    await standin.stop()
    // The restarted node is a new, empty one: the stream is not there, and reading it is not an error.
    expect(await store.readStream(id)).toEqual([])
    expect(waits).toEqual([1])
    const written = await appended(store, id, [event(1)])
    expect(await store.readAll()).toEqual(written)
  })

  it('gives up after its retries: a read of a node that stays down fails with the connection error', async () => {
    await open()
    const waits: number[] = []
    await store.close()
    store = eventStoreDbEventStore({ connectionString: standin.connectionString, readRetry: { retries: 2, wait: async (retry) => void waits.push(retry) } })
    await standin.stop()
    await expect(store.readStream(`complaint-${randomUUID()}`)).rejects.toMatchObject({ type: 'unavailable' })
    expect(waits).toEqual([1, 2])
  })

  it('reads and follows only our streams when $all also holds server and other applications’ events', async () => {
    await open()
    const a = `complaint-${randomUUID()}`
    const b = `dispute-${randomUUID()}`
    const written = await appended(store, a, [event(0)])
    standin.noise()
    written.push(...(await appended(store, b, [event(1)])))
    standin.noise()
    const all = await store.readAll()
    expect(all.map((e) => e.eventId)).toEqual(written.map((e) => e.eventId))
    expect(standin.log.size()).toBeGreaterThan(all.length)

    const controller = new AbortController()
    const seen: RecordedEvent[] = []
    for await (const e of store.subscribe({ fromPosition: 0, signal: controller.signal })) {
      seen.push(e)
      if (seen.length === 2) {
        standin.noise()
        written.push(...(await appended(store, a, [event(2)])))
      }
      if (seen.length === 3) controller.abort()
    }
    expect(seen.map((e) => e.eventId)).toEqual(written.map((e) => e.eventId))
  })

  it('reads $all from a position inside a record as from the next record', async () => {
    await open()
    const id = `complaint-${randomUUID()}`
    const written = await appended(store, id, [event(0), event(1), event(2)])
    const second = written[1]?.position ?? 0
    // Neither a record nor a record + 1: the store has to look for the next record itself.
    const inside = second - 3
    expect(inside).toBeGreaterThan(written[0]?.position ?? Number.POSITIVE_INFINITY)
    expect((await store.readAll({ fromPosition: inside })).map((e) => e.eventId)).toEqual(written.slice(1).map((e) => e.eventId))
    const controller = new AbortController()
    const iterator = store.subscribe({ fromPosition: inside, signal: controller.signal })[Symbol.asyncIterator]()
    expect((await iterator.next()).value?.eventId).toBe(written[1]?.eventId)
    controller.abort()
    await iterator.return?.()
  })

  it('keeps one hash chain when writers expecting any race, and maps a stale version to a conflict', async () => {
    await open()
    const id = `dispute-${randomUUID()}`
    await Promise.all(Array.from({ length: 6 }, (_, i) => appended(store, id, [event(i)])))
    const stream = await store.readStream(id)
    expect(stream.map((e) => e.version)).toEqual([0, 1, 2, 3, 4, 5])
    expect(verifyStream(id, stream).ok).toBe(true)
    const stale = await store.appendToStream(id, [event(9)], { expectedVersion: 2 })
    expect(stale).toMatchObject({ _tag: 'Left', left: { code: 'concurrency-conflict', expected: 2, actual: 5 } })
  })

  it('keeps an event id that is not a uuid, and an upper-case uuid, exactly as given', async () => {
    await open()
    const id = `complaint-${randomUUID()}`
    const upper = randomUUID().toUpperCase()
    await appended(store, id, [event(0, 'cmd-42/0'), event(1, upper)])
    expect((await store.readStream(id)).map((e) => e.eventId)).toEqual(['cmd-42/0', upper])
  })

  it('ends a live subscription when the store closes', async () => {
    await open()
    const iterator = store.subscribe({ fromPosition: 0 })[Symbol.asyncIterator]()
    const pending = iterator.next()
    await store.close()
    expect((await pending).done).toBe(true)
  })
})
