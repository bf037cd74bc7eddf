import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { actor, appendOk, newEvent, newStreamId, numbered, occurredAt, ofStreams, range } from '../fixtures.js'
import type { SuiteContext } from '../suite.js'

/** Appending and reading one stream: order, 0-based versions, ranges, what the envelope keeps. */
export const appendFeatures = ({ store, test }: SuiteContext): void => {
  test('a missing stream reads as empty and has no version', async () => {
    const id = newStreamId()
    expect(await store().readStream(id)).toEqual([])
    expect(await store().streamVersion(id)).toBe('no-stream')
  })

  test('events read back in append order with versions from 0', async () => {
    const id = newStreamId()
    await appendOk(store(), id, numbered(2, 0), 'no-stream')
    await appendOk(store(), id, numbered(3, 2), 1)
    const read = await store().readStream(id)
    expect(read.map((e) => e.version)).toEqual([0, 1, 2, 3, 4])
    expect(read.map((e) => e.data)).toEqual(range(5).map((n) => ({ tag: 'n', n })))
    expect(read.every((e) => e.streamId === id && e.type === 'Numbered')).toBe(true)
    expect(await store().streamVersion(id)).toBe(4)
  })

  test('the append result names the new version, the last position and the recorded events', async () => {
    const id = newStreamId()
    await appendOk(store(), id, numbered(1))
    const result = await appendOk(store(), id, numbered(3, 1), 0)
    expect(result.nextExpectedVersion).toBe(3)
    expect(result.events.map((e) => e.version)).toEqual([1, 2, 3])
    expect(result.lastPosition).toBe(result.events.at(-1)?.position)
    expect(await store().readStream(id, { fromVersion: 1 })).toEqual(result.events)
  })

  test('readStream honours fromVersion and toVersion, both inclusive', async () => {
    const id = newStreamId()
    await appendOk(store(), id, numbered(10), 'no-stream')
    const versions = async (options: { fromVersion?: number; toVersion?: number }) =>
      (await store().readStream(id, options)).map((e) => e.version)
    expect(await versions({ fromVersion: 3 })).toEqual([3, 4, 5, 6, 7, 8, 9])
    expect(await versions({ toVersion: 5 })).toEqual([0, 1, 2, 3, 4, 5])
    expect(await versions({ fromVersion: 2, toVersion: 6 })).toEqual([2, 3, 4, 5, 6])
    expect(await versions({ fromVersion: 4, toVersion: 4 })).toEqual([4])
    expect(await versions({ fromVersion: 0, toVersion: 0 })).toEqual([0])
    expect(await versions({ fromVersion: 10 })).toEqual([])
    expect(await versions({ fromVersion: 7, toVersion: 3 })).toEqual([])
  })

  test('streams are independent: each has its own versions', async () => {
    const a = newStreamId()
    const b = newStreamId()
    await appendOk(store(), a, numbered(2, 0, 'a'), 'no-stream')
    await appendOk(store(), b, numbered(1, 0, 'b'), 'no-stream')
    await appendOk(store(), a, numbered(1, 2, 'a'), 1)
    expect((await store().readStream(a)).map((e) => [e.version, e.data])).toEqual([
      [0, { tag: 'a', n: 0 }],
      [1, { tag: 'a', n: 1 }],
      [2, { tag: 'a', n: 2 }],
    ])
    expect((await store().readStream(b)).map((e) => [e.version, e.data])).toEqual([[0, { tag: 'b', n: 0 }]])
  })

  test('the envelope keeps type, schema version, data and command metadata, and adds id, time and hashes', async () => {
    const id = newStreamId()
    const commandId = randomUUID()
    const eventId = randomUUID()
    const data = { title: '小区供暖不热', parties: [{ name: '张三', phone: '13800138000' }], count: 3, ratio: 0.5, none: null, ok: true }
    await appendOk(store(), id, [{ ...newEvent('ComplaintRegistered', data, commandId), schemaVersion: 2, eventId }])
    const [event] = await store().readStream(id)
    expect(event).toMatchObject({ eventId, streamId: id, version: 0, type: 'ComplaintRegistered', schemaVersion: 2, data })
    expect(event?.metadata).toMatchObject({ commandId, correlationId: commandId, causationId: commandId, actor, occurredAt })
    expect(Number.isNaN(Date.parse(event?.metadata.recordedAt ?? ''))).toBe(false)
    expect(event?.metadata.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(event?.metadata.prevHash).toMatch(/^[0-9a-f]{64}$/)
  })

  test('the store gives every event a distinct id when none is fixed', async () => {
    const id = newStreamId()
    const result = await appendOk(store(), id, numbered(5))
    expect(new Set(result.events.map((e) => e.eventId)).size).toBe(5)
    expect(result.events.every((e) => e.eventId.length > 0)).toBe(true)
  })

  test('an append that fails part-way writes nothing', async () => {
    const id = newStreamId()
    await appendOk(store(), id, numbered(1))
    // A BigInt cannot be serialised: the store must reject the whole batch, not keep its first events.
    const batch = [...numbered(2, 1), newEvent('Numbered', { n: BigInt(3) }), ...numbered(1, 4)]
    await expect((async () => store().appendToStream(id, batch, { expectedVersion: 0 }))()).rejects.toBeDefined()
    expect((await store().readStream(id)).map((e) => e.version)).toEqual([0])
    expect(await store().streamVersion(id)).toBe(0)
    const first = await store().readStream(id)
    expect(ofStreams(await store().readAll({ fromPosition: first[0]?.position ?? 0 }), [id])).toHaveLength(1)
    // The stream stays usable at the version it had.
    const next = await appendOk(store(), id, numbered(1, 1), 0)
    expect(next.nextExpectedVersion).toBe(1)
  })
}
