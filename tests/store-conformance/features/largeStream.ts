import { verifyStream, type RecordedEvent } from '@gridcase/core'
import { expect } from 'vitest'
import { appendOk, newStreamId, numbered, ofStreams, range, readAllPaged } from '../fixtures.js'
import type { SuiteContext } from '../suite.js'

/** A stream of thousands of events is written, read, ranged, paged and verified intact. */
export const largeStreamFeatures = ({ store, test, options }: SuiteContext): void => {
  test(
    'a large stream reads back intact, in order, and verifies',
    async () => {
      const id = newStreamId('large')
      const total = options.largeStream
      const batch = 500
      let expected: number | 'no-stream' = 'no-stream'
      for (let from = 0; from < total; from += batch) {
        const result = await appendOk(store(), id, numbered(Math.min(batch, total - from), from), expected)
        expected = result.nextExpectedVersion
      }
      expect(expected).toBe(total - 1)

      const read = await store().readStream(id)
      expect(read).toHaveLength(total)
      const n = (e: RecordedEvent) => (e.data as { n: number }).n
      expect(read.every((e, i) => e.version === i && n(e) === i)).toBe(true)
      expect(verifyStream(id, read)).toMatchObject({ ok: true, events: total })

      const middle = Math.floor(total / 2)
      const slice = await store().readStream(id, { fromVersion: middle, toVersion: middle + 99 })
      expect(slice.map(n)).toEqual(range(Math.min(100, total - middle)).map((i) => middle + i))

      const paged = ofStreams(await readAllPaged(store(), read[0]?.position ?? 0, 1_000), [id])
      expect(paged.map((e) => e.eventId)).toEqual(read.map((e) => e.eventId))
    },
    120_000,
  )
}
