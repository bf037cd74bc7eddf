import { logLeaf } from '@gridcase/core/audit'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leafBytesWriter, leafInputAt, leafRunsOf, runText } from './leafRuns.js'

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

  it('leafBytesWriter writes, leaf by leaf, the UTF-8 bytes of leafInputAt’s text, across runs and digit counts that change; and leaves to the text path exactly the runs whose hashes are not [0-9A-Za-z]', () => {
    // Positions and versions that start near a change of digit count (9→10, 2^31 and beyond, towards 2^53), so the
    // stream's bytes move within one run and between runs; hashes of any length and text.
    const starts = fc.constantFrom(0, 7, 95, 998, 2 ** 31 - 3, 9_999_999_997, Number.MAX_SAFE_INTEGER - 80)
    const run = fc.record({
      position: starts,
      version: starts,
      stream: fc.oneof(fc.constantFrom('complaint-1', 'a"b\\c', 'é\u0001', '路灯'), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 })),
      count: fc.integer({ min: 1, max: 14 }),
      // Any text, non-ASCII and lone surrogates included: characters above U+00FF whose low byte is a hex digit
      // ('\u0161' reads as 'a' to Node's hex decoder) must not pass for hex.
      hash: fc.oneof(
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.stringMatching(/^[0-9A-Za-z]{0,70}$/),
        fc.string({ maxLength: 70 }),
        fc.string({ unit: 'binary', maxLength: 70 }),
        fc.constantFrom(`\u0161${'a'.repeat(63)}`, 'Ѧа', 'İı', 'a\ud861'),
      ),
    })
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 6 }), (specs) => {
        const writer = leafBytesWriter()
        for (const spec of specs) {
          const committed = Array.from({ length: spec.count }, (_, i) => ({ position: spec.position + i, streamId: spec.stream, version: spec.version + i, metadata: { hash: spec.hash } }))
          const [leafRun] = leafRunsOf(committed)
          if (leafRun === undefined || leafRun.count !== spec.count) throw new Error('one run expected')
          const bytes = writer.open(leafRun)
          expect(bytes === undefined).toBe(!/^[0-9A-Za-z]*$/.test(spec.hash))
          if (bytes === undefined) continue
          const text = runText(leafRun)
          for (let i = 0; i < leafRun.count; i += 1) {
            const expected = Buffer.from(`\u0000${logLeaf(committed[i] as (typeof committed)[number], spec.hash)}`, 'utf8')
            expect(Buffer.from(leafInputAt(text, i), 'utf8')).toEqual(expected)
            expect(Buffer.from(writer.leafAt(bytes, i))).toEqual(expected)
          }
        }
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
