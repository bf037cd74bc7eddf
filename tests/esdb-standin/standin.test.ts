// The stand-in itself, driven by the real @eventstore/db-client over a real port: what the
// adapter relies on must behave here as EventStoreDB documents it (see server.ts for what is not modelled).
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Position,
} from '@eventstore/db-client'
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startStandin, type Standin } from './server.js'

const events = (n: number, tag: string) => Array.from({ length: n }, (_, i) => jsonEvent({ type: 'Tested', data: { tag, i } }))

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

describe.each([true, false])('the EventStoreDB stand-in (batch append %s)', (batchAppend) => {
  let standin: Standin
  let client: EventStoreDBClient

  beforeEach(async () => {
    standin = await startStandin({ batchAppend })
    client = EventStoreDBClient.connectionString(standin.connectionString)
  })
  afterEach(async () => {
    await client.dispose()
    await standin.stop()
  })

  it('appends and reads a stream forwards and backwards, with revisions and positions', async () => {
    const stream = `test-${randomUUID()}`
    const result = await client.appendToStream(stream, events(3, 'a'), { expectedRevision: NO_STREAM })
    expect(result.nextExpectedRevision).toBe(2n)
    const forwards = await collect(client.readStream(stream, { fromRevision: START, direction: FORWARDS }))
    expect(forwards.map((e) => e.event?.revision)).toEqual([0n, 1n, 2n])
    expect(forwards.map((e) => (e.event?.data as { i: number }).i)).toEqual([0, 1, 2])
    const positions = forwards.map((e) => e.event?.position?.commit ?? -1n)
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions)
    expect(result.position?.commit).toBe(positions[2])
    const last = await collect(client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }))
    expect(last.map((e) => e.event?.revision)).toEqual([2n])
  })

  it("puts the server's own events into $all between the application's appends, at positions that are not dense", async () => {
    const stream = `test-${randomUUID()}`
    for (let i = 0; i < 3; i += 1) await client.appendToStream(stream, events(2, `b${i}`))
    const all = await collect(client.readAll({ fromPosition: START, direction: FORWARDS }))
    const ours = all.flatMap((e, index) => (e.event?.streamId === stream ? [index] : []))
    expect(ours).toHaveLength(6)
    // Between the first append's events and the next append's, the server wrote link and statistics events.
    const between = all.slice((ours[1] ?? 0) + 1, ours[2]).map((e) => e.event?.streamId ?? '')
    expect(between.length).toBeGreaterThan(0)
    expect(between.every((id) => id.startsWith('$'))).toBe(true)
    expect(all.some((e) => e.event?.type === '$statsCollected' && e.event.streamId.startsWith('$stats-'))).toBe(true)
    expect(all.some((e) => e.event?.type === '$>' && e.event.streamId === '$ce-test')).toBe(true)
    // Positions grow by each record's size: never 0, 1, 2, …
    const positions = all.map((e) => e.event?.position?.commit ?? -1n)
    expect(positions.slice(1).every((p, i) => p > (positions[i] ?? 0n) + 1n)).toBe(true)
  })

  it('reports a missing stream as not found', async () => {
    await expect(collect(client.readStream(`test-${randomUUID()}`))).rejects.toMatchObject({ type: 'stream-not-found' })
  })

  it('refuses a stale expected revision with the actual one', async () => {
    const stream = `test-${randomUUID()}`
    await client.appendToStream(stream, events(2, 'a'))
    await expect(client.appendToStream(stream, events(1, 'b'), { expectedRevision: 0n })).rejects.toMatchObject({
      type: 'wrong-expected-version',
      actualVersion: 1n,
    })
  })

  it('treats the same ids after the same expected revision as an idempotent retry', async () => {
    const stream = `test-${randomUUID()}`
    const batch = events(2, 'a')
    await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM })
    await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM })
    expect(await collect(client.readStream(stream))).toHaveLength(2)
  })

  it('reads $all from a record, refuses a position inside one, and reads backwards from the end', async () => {
    const stream = `test-${randomUUID()}`
    await client.appendToStream(stream, events(3, 'a'))
    const all = await collect(client.readAll({ fromPosition: START }))
    const ours = all.filter((e) => e.event?.streamId === stream)
    const second = ours[1]?.event?.position as Position
    const fromSecond = await collect(client.readAll({ fromPosition: second, maxCount: 2 }))
    expect(fromSecond.map((e) => e.event?.revision)).toEqual([1n, 2n])
    const inside = { commit: second.commit + 1n, prepare: second.prepare + 1n }
    await expect(collect(client.readAll({ fromPosition: inside }))).rejects.toBeDefined()
    const tail = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }))
    // The end of $all is the server's link event for our last one, not ours.
    expect(tail[0]?.event?.id).toBe(all.at(-1)?.event?.id)
    expect(tail[0]?.event?.streamId).toBe('$ce-test')
    expect(all.some((e) => e.event?.streamId.startsWith('$'))).toBe(true)
  })

  it('subscribes to $all after a position with a prefix filter: catch-up, then live, with checkpoints', async () => {
    const prefix = `sub${randomUUID().slice(0, 8)}-`
    await client.appendToStream(`${prefix}1`, events(2, 'before'))
    const positions: Position[] = []
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({ prefixes: [prefix], checkpointInterval: 1, checkpointReached: (_s, p) => void positions.push(p) }),
    })
    const seen: AllStreamResolvedEvent[] = []
    for await (const resolved of subscription) {
      seen.push(resolved)
      if (seen.length === 2) {
        standin.noise()
        await client.appendToStream(`${prefix}2`, events(1, 'live'))
      }
      if (seen.length === 3) break
    }
    await subscription.unsubscribe()
    expect(seen.map((e) => (e.event?.data as { tag: string }).tag)).toEqual(['before', 'before', 'live'])
    const after = seen[0]?.event?.position as Position
    const resumed = client.subscribeToAll({ fromPosition: after, filter: streamNameFilter({ prefixes: [prefix] }) })
    const next: AllStreamResolvedEvent[] = []
    for await (const resolved of resumed) {
      next.push(resolved)
      if (next.length === 2) break
    }
    await resumed.unsubscribe()
    expect(next.map((e) => e.event?.id)).toEqual(seen.slice(1).map((e) => e.event?.id))
    // 32 records considered per checkpoint by default: only counted, never timed.
    expect(positions.every((p) => p.commit >= 0n)).toBe(true)
  })

  it('deletes softly (reads say not found) and tombstones (appends refused)', async () => {
    const soft = `test-${randomUUID()}`
    const hard = `test-${randomUUID()}`
    await client.appendToStream(soft, events(1, 'a'))
    await client.appendToStream(hard, events(1, 'a'))
    await client.deleteStream(soft)
    await client.tombstoneStream(hard)
    await expect(collect(client.readStream(soft))).rejects.toMatchObject({ type: 'stream-not-found' })
    await expect(client.appendToStream(hard, events(1, 'b'))).rejects.toMatchObject({ type: 'stream-deleted' })
  })
})
