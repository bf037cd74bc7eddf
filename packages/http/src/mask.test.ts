// peopleNamed gathers names with a loop where it spread and flatMapped: the same names in the same order, for any state.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { peopleNamed } from './mask.js'

/** peopleNamed as it was written. */
const reference = (state: Record<string, unknown>): string[] => {
  const parties = Array.isArray(state['parties']) ? (state['parties'] as unknown[]) : []
  const complainant = state['complainant']
  return [...parties, complainant].flatMap((p) =>
    typeof p === 'object' && p !== null && typeof (p as { name?: unknown }).name === 'string' ? [(p as { name: string }).name] : [],
  )
}

describe('peopleNamed', () => {
  const person = fc.oneof(fc.record({ name: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()) }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 1 }))
  const state = fc.record({ parties: fc.oneof(fc.array(person, { maxLength: 4 }), person), complainant: person, other: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] })

  it('names the parties, then the complainant, as the spread and flatMap did', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(peopleNamed(s)).toEqual(reference(s))
      }),
      { numRuns: 300 },
    )
  })
})
