import type { AppendResult } from '@gridcase/core'
import * as fc from 'fast-check'
import { expect } from 'vitest'
import { appendOk, essence, newStreamId, numbered, ofStreams, range, readAllPaged } from '../fixtures.js'
import type { SuiteContext } from '../suite.js'

/** A plan of appends: which of a few streams, and how many events each. */
const plan = fc.array(fc.record({ stream: fc.nat({ max: 3 }), size: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 12 })
const runs = { numRuns: 30 }

/** Properties over any sequence or interleaving of appends. */
export const propertyFeatures = ({ store, test }: SuiteContext): void => {
  test(
    'any interleaving of appends to several streams gives per-stream versions 0..n-1 and a strictly increasing global log',
    async () => {
      await fc.assert(
        fc.asyncProperty(plan, async (appends) => {
          const ids = range(4).map(() => newStreamId('prop'))
          const results = await Promise.all(
            appends.map(({ stream, size }, i) => appendOk(store(), ids[stream] ?? '', numbered(size, 0, `append-${i}`))),
          )
          for (const [s, id] of ids.entries()) {
            const expected = appends.filter((a) => a.stream === s).reduce((sum, a) => sum + a.size, 0)
            expect((await store().readStream(id)).map((e) => e.version)).toEqual(range(expected))
          }
          const first = Math.min(...results.map((r) => r.events[0]?.position ?? Number.POSITIVE_INFINITY))
          const log = ofStreams(await store().readAll({ fromPosition: first }), ids)
          expect(log).toHaveLength(appends.reduce((sum, a) => sum + a.size, 0))
          for (let i = 1; i < log.length; i += 1) expect(log[i]?.position).toBeGreaterThan(log[i - 1]?.position ?? Number.POSITIVE_INFINITY)
          // Each append's events sit together in the log, in their order: appends are atomic.
          for (const result of results) {
            const at = log.findIndex((e) => e.eventId === result.events[0]?.eventId)
            expect(log.slice(at, at + result.events.length).map(essence)).toEqual(result.events.map(essence))
          }
        }),
        runs,
      )
    },
    120_000,
  )

  test(
    'readAll equals the concatenation of appends in commit order',
    async () => {
      await fc.assert(
        fc.asyncProperty(plan, fc.integer({ min: 1, max: 7 }), async (appends, pageSize) => {
          const ids = range(4).map(() => newStreamId('prop'))
          const versions = [-1, -1, -1, -1]
          const results: AppendResult[] = []
          const sent: unknown[] = []
          for (const [i, { stream, size }] of appends.entries()) {
            const current = versions[stream] ?? -1
            const events = numbered(size, current + 1, `append-${i}`)
            const result = await appendOk(store(), ids[stream] ?? '', events, current < 0 ? 'no-stream' : current)
            versions[stream] = result.nextExpectedVersion
            results.push(result)
            sent.push(...events.map((e) => e.data))
          }
          // Sequential appends commit in call order, so positions must say so too.
          const inCommitOrder = [...results].sort((x, y) => x.lastPosition - y.lastPosition)
          expect(inCommitOrder).toEqual(results)
          const log = ofStreams(await readAllPaged(store(), results[0]?.events[0]?.position ?? 0, pageSize), ids)
          expect(log.map(essence)).toEqual(results.flatMap((r) => r.events).map(essence))
          expect(log.map((e) => e.data)).toEqual(sent)
        }),
        runs,
      )
    },
    120_000,
  )

  test(
    'readStream from..to is the slice of the whole stream',
    async () => {
      const id = newStreamId('prop')
      await appendOk(store(), id, numbered(20), 'no-stream')
      const whole = await store().readStream(id)
      await fc.assert(
        fc.asyncProperty(fc.option(fc.integer({ min: 0, max: 25 })), fc.option(fc.integer({ min: 0, max: 25 })), async (from, to) => {
          const read = await store().readStream(id, { ...(from === null ? {} : { fromVersion: from }), ...(to === null ? {} : { toVersion: to }) })
          expect(read).toEqual(whole.filter((e) => e.version >= (from ?? 0) && e.version <= (to ?? Number.POSITIVE_INFINITY)))
        }),
        runs,
      )
    },
    120_000,
  )
}
