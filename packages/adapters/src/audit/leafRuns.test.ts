import { logLeaf } from '@gridcase/core/audit'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leafInputAt, leafRunsOf, runText } from './leafRuns.js'

// Committed events as a store reports them: positions and versions mostly consecutive, streams and hashes of any text.
const events = fc
  .array(
    fc.record({
      positionStep: fc.constantFrom(1, 1, 1, 2),
      stream: fc.constantFrom('complaint-1', 'complaint-2', 'a"b\\c', 'é\u0001'),
      versionStep: fc.constantFrom(1, 1, 1, 0, 3),
      hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 70 })),
    }),
    { maxLength: 40 },
  )
  .map((steps) => {
    let position = -1
    let version = -1
    return steps.map((s) => {
      position += s.positionStep
      version += s.versionStep
      return { position, streamId: s.stream, version, metadata: { hash: s.hash } }
    })
  })

describe('leafRunsOf and leafInputAt', () => {
  it('give, event by event and in order, 0x00 ‖ core’s logLeaf (the reference) of each committed event', () => {
    fc.assert(
      fc.property(events, (committed) => {
        const inputs = leafRunsOf(committed).flatMap((run) => {
          const text = runText(run)
          return Array.from({ length: run.count }, (_, i) => leafInputAt(text, i))
        })
        expect(inputs).toEqual(committed.map((e) => `\u0000${logLeaf(e, e.metadata.hash)}`))
      }),
      { numRuns: 500 },
    )
  })

  it('makes one run of one append’s events (consecutive positions and versions in one stream)', () => {
    const hash = 'ab'.repeat(32)
    const append = Array.from({ length: 1000 }, (_, i) => ({ position: 5000 + i, streamId: 'complaint-7', version: 20 + i, metadata: { hash } }))
    expect(leafRunsOf(append).map((r) => [r.position, r.version, r.count])).toEqual([[5000, 20, 1000]])
  })
})
