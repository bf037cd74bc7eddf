import { randomUUID } from 'node:crypto'
import { handle } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import { counter, increment, newStreamId, range, withRival } from '../fixtures.js'
import type { SuiteContext } from '../suite.js'

const right = <L, R>(result: E.Either<L, R>): R => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`)
  return result.right
}

/** `handle` (read → fold → decide → append) against the real store: retries, conflicts, idempotency. */
export const handlerFeatures = ({ store, test, options }: SuiteContext): void => {
  test('without an expected version a lost race is retried on the fresh state', async () => {
    const id = newStreamId('counter')
    const racing = withRival(store(), 2)
    const result = right(await handle(racing, counter, id, increment(1), { maxRetries: 3 }))
    expect(racing.attempts()).toBe(3)
    expect(result).toMatchObject({ state: { total: 201 }, version: 2, replayed: false })
    expect((await store().readStream(id)).map((e) => e.data)).toEqual([{ by: 100 }, { by: 100 }, { by: 1 }])
  })

  test('retries are bounded: after maxRetries the conflict is returned and nothing of the command is written', async () => {
    const id = newStreamId('counter')
    const command = increment(1)
    const racing = withRival(store(), 4)
    const result = await handle(racing, counter, id, command, { maxRetries: 3 })
    expect(E.isLeft(result) && result.left.code).toBe('concurrency-conflict')
    expect(racing.attempts()).toBe(4)
    const read = await store().readStream(id)
    expect(read.map((e) => e.data)).toEqual(range(4).map(() => ({ by: 100 })))
    expect(read.some((e) => e.metadata.commandId === command.meta.commandId)).toBe(false)
  })

  test('with an expected version a lost race is returned, never retried', async () => {
    const id = newStreamId('counter')
    right(await handle(store(), counter, id, increment(1), { expectedVersion: 'no-stream' }))
    const racing = withRival(store(), 1)
    const result = await handle(racing, counter, id, increment(5), { expectedVersion: 0 })
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'concurrency-conflict', streamId: id, expected: 0, actual: 1 })
    expect(racing.attempts()).toBe(1)
    expect((await store().readStream(id)).map((e) => e.data)).toEqual([{ by: 1 }, { by: 100 }])
  })

  test('a stale expected version is refused before anything is appended', async () => {
    const id = newStreamId('counter')
    right(await handle(store(), counter, id, increment(1)))
    right(await handle(store(), counter, id, increment(1)))
    const watched = withRival(store(), 0)
    const result = await handle(watched, counter, id, increment(1), { expectedVersion: 0 })
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'concurrency-conflict', expected: 0, actual: 1 })
    expect(watched.attempts()).toBe(0)
    expect(await store().streamVersion(id)).toBe(1)
  })

  test('the same command id twice is applied once; the repeat returns the first outcome', async () => {
    const id = newStreamId('counter')
    const commandId = randomUUID()
    const first = right(await handle(store(), counter, id, increment(3, commandId)))
    right(await handle(store(), counter, id, increment(4)))
    const again = right(await handle(store(), counter, id, increment(3, commandId)))
    expect(first.replayed).toBe(false)
    expect(again).toMatchObject({ replayed: true, version: 0, state: { total: 3 } })
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId))
    expect((await store().readStream(id)).map((e) => e.data)).toEqual([{ by: 3 }, { by: 4 }])
  })

  test('parallel commands without expected versions all land, each once', async () => {
    const id = newStreamId('counter')
    const writers = options.parallelWriters
    const results = await Promise.all(
      range(writers).map((i) => handle(store(), counter, id, increment(i + 1), { maxRetries: writers })),
    )
    expect(results.every(E.isRight)).toBe(true)
    const read = await store().readStream(id)
    expect(read.map((e) => e.version)).toEqual(range(writers))
    const total = range(writers).reduce((sum, i) => sum + i + 1, 0)
    expect(read.reduce((sum, e) => sum + (e.data as { by: number }).by, 0)).toBe(total)
  })

  test('the same command sent by parallel writers is written once; the others replay it', async () => {
    const id = newStreamId('counter')
    const commandId = randomUUID()
    const writers = options.parallelWriters
    const results = (await Promise.all(range(writers).map(() => handle(store(), counter, id, increment(2, commandId), { maxRetries: writers })))).map(right)
    expect(results.filter((r) => !r.replayed)).toHaveLength(1)
    const eventIds = new Set(results.flatMap((r) => r.events.map((e) => e.eventId)))
    expect(eventIds.size).toBe(1)
    expect((await store().readStream(id)).map((e) => e.data)).toEqual([{ by: 2 }])
  })

  test('a refused command writes nothing', async () => {
    const id = newStreamId('counter')
    const result = await handle(store(), counter, id, increment(0))
    expect(E.isLeft(result) && result.left.code).toBe('validation')
    expect(await store().streamVersion(id)).toBe('no-stream')
  })
}
