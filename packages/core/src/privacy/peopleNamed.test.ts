// peopleNamed gathers names with a loop where it spread and flatMapped: the same names in the same order, for any state.
// (Moved from the http package: the audit exports and webhook deliveries ask it too, of a case's opening event.)
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ERASED } from './sealed.js'
import { peopleNamed } from './mask.js'

/** peopleNamed as it was first written. */
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

  it('reads the event that opened a case as it reads its state, and names no one for an erased name or no object', () => {
    expect(peopleNamed({ id: 'd-1', parties: [{ side: 'applicant', name: '王芳' }, { side: 'respondent', name: '李强' }], summary: '楼上漏水' })).toEqual(['王芳', '李强'])
    expect(peopleNamed({ complaintId: 'c-1', complainant: { name: '李四', phone: '13912345678' } })).toEqual(['李四'])
    expect(peopleNamed({ complainant: { name: ERASED, phone: ERASED } })).toEqual([])
    expect(peopleNamed(undefined)).toEqual([])
    expect(peopleNamed('王芳')).toEqual([])
  })
})
