import type { ExpectedVersion, StreamVersion } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import { appendOk, conflictOf, newEvent, newStreamId, numbered, ofStreams, range } from '../fixtures.js'
import type { SuiteContext } from '../suite.js'

/** Every expected-version variant, matching and not; conflicts as values that write nothing; racing writers. */
export const concurrencyFeatures = ({ store, test, options }: SuiteContext): void => {
  /** A stream at `version` (or missing), ready for one more append. */
  const streamAt = async (version: StreamVersion): Promise<string> => {
    const id = newStreamId()
    if (version !== 'no-stream') await appendOk(store(), id, numbered(version + 1), 'no-stream')
    return id
  }

  const accepted: [string, StreamVersion, ExpectedVersion][] = [
    ['no-stream on a missing stream', 'no-stream', 'no-stream'],
    ['any on a missing stream', 'no-stream', 'any'],
    ['any on an existing stream', 2, 'any'],
    ['stream-exists on an existing stream', 0, 'stream-exists'],
    ['the exact version of the last event', 0, 0],
    ['the exact version of a longer stream', 3, 3],
  ]
  for (const [what, at, expected] of accepted) {
    test(`accepts ${what}`, async () => {
      const id = await streamAt(at)
      const first = at === 'no-stream' ? 0 : at + 1
      const result = await appendOk(store(), id, numbered(2, first), expected)
      expect(result.nextExpectedVersion).toBe(first + 1)
      expect((await store().readStream(id)).map((e) => e.version)).toEqual(range(first + 2))
    })
  }

  const refused: [string, StreamVersion, ExpectedVersion][] = [
    ['no-stream on an existing stream', 1, 'no-stream'],
    ['stream-exists on a missing stream', 'no-stream', 'stream-exists'],
    ['a version on a missing stream', 'no-stream', 0],
    ['a version behind the stream', 3, 1],
    ['a version ahead of the stream', 1, 5],
    ['-1 on a missing stream (versions start at 0)', 'no-stream', -1],
  ]
  for (const [what, at, expected] of refused) {
    test(`refuses ${what} with a concurrency-conflict carrying expected and actual, writing nothing`, async () => {
      const id = await streamAt(at)
      const before = await store().readStream(id)
      const result = await store().appendToStream(id, numbered(3, 100), { expectedVersion: expected })
      expect(conflictOf(result)).toMatchObject({ code: 'concurrency-conflict', streamId: id, expected, actual: at })
      expect(await store().readStream(id)).toEqual(before)
      expect(await store().streamVersion(id)).toBe(at)
      const from = before[0]?.position ?? 0
      expect(ofStreams(await store().readAll({ fromPosition: from }), [id])).toHaveLength(before.length)
    })
  }

  test('a multi-event append gets consecutive versions and is read back whole', async () => {
    const id = newStreamId()
    await appendOk(store(), id, numbered(1), 'no-stream')
    const result = await appendOk(store(), id, numbered(4, 1), 0)
    expect(result.events.map((e) => e.version)).toEqual([1, 2, 3, 4])
    const positions = result.events.map((e) => e.position)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(new Set(positions).size).toBe(4)
  })

  test('a conflicting multi-event append writes none of its events', async () => {
    const id = newStreamId()
    await appendOk(store(), id, numbered(2), 'no-stream')
    const result = await store().appendToStream(id, numbered(5, 2), { expectedVersion: 0 })
    expect(conflictOf(result)).toMatchObject({ expected: 0, actual: 1 })
    expect((await store().readStream(id)).map((e) => e.data)).toEqual([
      { tag: 'n', n: 0 },
      { tag: 'n', n: 1 },
    ])
  })

  test('parallel writers with the same expected version: exactly one wins per version', async () => {
    const id = newStreamId()
    const writers = options.parallelWriters
    const rounds = 3
    let expected: ExpectedVersion = 'no-stream'
    const winners: number[] = []
    for (const round of range(rounds)) {
      const results = await Promise.all(
        range(writers).map((writer) =>
          store().appendToStream(id, [newEvent('Written', { round, writer }), newEvent('Written', { round, writer, second: true })], {
            expectedVersion: expected,
          }),
        ),
      )
      const won = results.flatMap((r, writer) => (E.isRight(r) ? [writer] : []))
      expect(won).toHaveLength(1)
      for (const r of results) {
        if (E.isLeft(r)) expect(r.left).toMatchObject({ code: 'concurrency-conflict', expected, actual: round * 2 + 1 })
      }
      winners.push(won[0] ?? -1)
      expected = round * 2 + 1
    }
    const read = await store().readStream(id)
    expect(read.map((e) => e.version)).toEqual(range(rounds * 2))
    // Each version pair came whole from the round's one winner.
    expect(read.map((e) => e.data)).toEqual(
      winners.flatMap((writer, round) => [
        { round, writer },
        { round, writer, second: true },
      ]),
    )
  })

  test('parallel writers expecting no-stream: exactly one creates the stream', async () => {
    const id = newStreamId()
    const results = await Promise.all(
      range(options.parallelWriters).map((writer) =>
        store().appendToStream(id, [newEvent('Created', { writer })], { expectedVersion: 'no-stream' }),
      ),
    )
    expect(results.filter(E.isRight)).toHaveLength(1)
    expect(results.filter(E.isLeft).map((r) => r.left)).toEqual(
      range(options.parallelWriters - 1).map(() => expect.objectContaining({ expected: 'no-stream', actual: 0 })),
    )
    expect(await store().readStream(id)).toHaveLength(1)
  })

  test('parallel writers expecting any: every event is written once, with versions 0..n-1', async () => {
    const id = newStreamId()
    const writers = options.parallelWriters
    const results = await Promise.all(
      range(writers).map((writer) => store().appendToStream(id, numbered(2, writer * 2), { expectedVersion: 'any' })),
    )
    expect(results.every(E.isRight)).toBe(true)
    const read = await store().readStream(id)
    expect(read.map((e) => e.version)).toEqual(range(writers * 2))
    const written = read.map((e) => (e.data as { n: number }).n)
    expect([...written].sort((a, b) => a - b)).toEqual(range(writers * 2))
    // A batch's two events stay together.
    for (const i of range(writers)) expect((written[2 * i] ?? 0) + 1).toBe(written[2 * i + 1])
  })
}
