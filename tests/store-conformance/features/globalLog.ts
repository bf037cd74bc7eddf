import { expect } from 'vitest'
import { appendOk, essence, newStreamId, numbered, ofStreams, readAllPaged } from '../fixtures.js'
import type { SuiteContext } from '../suite.js'

/** readAll: the global log in commit order, paged by an inclusive fromPosition and a limit. */
export const globalLogFeatures = ({ store, test }: SuiteContext): void => {
  /** Three streams written in an interleaved order; returns the appended events in commit order. */
  const interleaved = async () => {
    const ids = [newStreamId(), newStreamId(), newStreamId()] as const
    const plan: [number, number][] = [
      [0, 2],
      [1, 1],
      [0, 1],
      [2, 3],
      [1, 2],
      [0, 1],
    ]
    const written = []
    const counts = [0, 0, 0]
    for (const [s, n] of plan) {
      const id = ids[s] ?? ids[0]
      const result = await appendOk(store(), id, numbered(n, counts[s], id))
      counts[s] = (counts[s] ?? 0) + n
      written.push(...result.events)
    }
    return { ids, written }
  }

  test('positions grow strictly in commit order across streams', async () => {
    const { written } = await interleaved()
    const positions = written.map((e) => e.position)
    for (let i = 1; i < positions.length; i += 1) expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? Number.POSITIVE_INFINITY)
  })

  test('readAll returns the appended events in commit order', async () => {
    const { ids, written } = await interleaved()
    const all = ofStreams(await store().readAll({ fromPosition: written[0]?.position ?? 0 }), ids)
    expect(all.map(essence)).toEqual(written.map(essence))
    expect(all).toEqual(written)
  })

  test('readAll fromPosition is inclusive', async () => {
    const { ids, written } = await interleaved()
    const at = written[4]
    const from = ofStreams(await store().readAll({ fromPosition: at?.position ?? -1 }), ids)
    expect(from.map(essence)).toEqual(written.slice(4).map(essence))
  })

  test('readAll limit caps a page, and paging by last position + 1 gives the whole log once', async () => {
    const { ids, written } = await interleaved()
    const start = written[0]?.position ?? 0
    const page = await store().readAll({ fromPosition: start, limit: 3 })
    // Ten of this test's events lie at or after `start`, so a full page is due.
    expect(page).toHaveLength(3)
    expect(page[0]?.position).toBe(start)
    for (const limit of [1, 2, 5, 1000]) {
      const paged = ofStreams(await readAllPaged(store(), start, limit), ids)
      expect(paged.map(essence)).toEqual(written.map(essence))
    }
  })

  test('readAll past the end holds none of the written events', async () => {
    const { ids, written } = await interleaved()
    const last = written.at(-1)?.position ?? 0
    const after = await store().readAll({ fromPosition: last + 1 })
    expect(ofStreams(after, ids)).toEqual([])
    expect(after.every((e) => e.position > last)).toBe(true)
  })

  test('readAll agrees with readStream on every event', async () => {
    const { ids, written } = await interleaved()
    const all = ofStreams(await store().readAll({ fromPosition: written[0]?.position ?? 0 }), ids)
    for (const id of ids) expect(all.filter((e) => e.streamId === id)).toEqual(await store().readStream(id))
  })
}
