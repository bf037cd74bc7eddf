import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { complaintScope, departmentsOf, officesOf } from './policy.js'
import type { ComplaintCase } from './state.js'
import type { HandlingUnit } from './unit.js'

// As first written: every unit in order (lead, co-handlers, summoned), the departments named, each once.
const reference = (c: Pick<ComplaintCase, 'lead' | 'coHandlers' | 'summoned'>): readonly string[] => {
  const units = [c.lead, ...c.coHandlers.map((x) => x.unit), ...c.summoned.map((x) => x.unit)]
  return [...new Set(units.flatMap((u) => (u?.department === undefined ? [] : [u.department])))]
}

const unit: fc.Arbitrary<HandlingUnit> = fc.record(
  { id: fc.constantFrom('u1', 'u2', 'u3'), level: fc.constant('street' as const), jurisdiction: fc.constant('hohhot/saihan/wulan'), department: fc.constantFrom('housing', 'heating', 'roads') },
  { requiredKeys: ['id', 'level', 'jurisdiction'] },
)

/** A unit at the district or at a street of it: two offices of one department are told apart by their place. */
const placedUnit: fc.Arbitrary<HandlingUnit> = fc
  .tuple(unit, fc.constantFrom(['district', 'hohhot/saihan'] as const, ['street', 'hohhot/saihan/wulan'] as const))
  .map(([u, [level, jurisdiction]]) => ({ ...u, level, jurisdiction }))

// Every unit in order (lead, co-handlers, summoned) that names a department, as department and place, each once.
const referenceOffices = (c: Pick<ComplaintCase, 'lead' | 'coHandlers' | 'summoned'>): readonly { department: string; jurisdiction: string }[] => {
  const units = [c.lead, ...c.coHandlers.map((x) => x.unit), ...c.summoned.map((x) => x.unit)]
  const keys = [...new Set(units.flatMap((u) => (u?.department === undefined ? [] : [JSON.stringify([u.department, u.jurisdiction])])))]
  return keys.map((k) => {
    const [department, jurisdiction] = JSON.parse(k) as [string, string]
    return { department, jurisdiction }
  })
}

describe('officesOf', () => {
  it('lists the offices (department and place) of the lead, the co-handlers and the summoned, each once, in the order met', () => {
    fc.assert(
      fc.property(fc.option(placedUnit, { nil: undefined }), fc.array(placedUnit, { maxLength: 4 }), fc.array(placedUnit, { maxLength: 4 }), (lead, co, summoned) => {
        const c = { lead, coHandlers: co.map((u) => ({ unit: u })), summoned: summoned.map((u) => ({ unit: u })) } as unknown as ComplaintCase
        expect(officesOf(c)).toEqual(referenceOffices(c))
      }),
      { numRuns: 500 },
    )
  })
})

describe('departmentsOf', () => {
  it('lists the departments of the lead, the co-handlers and the summoned, each once, in the order met', () => {
    fc.assert(
      fc.property(fc.option(unit, { nil: undefined }), fc.array(unit, { maxLength: 4 }), fc.array(unit, { maxLength: 4 }), (lead, co, summoned) => {
        const c = { lead, coHandlers: co.map((u) => ({ unit: u })), summoned: summoned.map((u) => ({ unit: u })) } as unknown as ComplaintCase
        expect(departmentsOf(c)).toEqual(reference(c))
      }),
      { numRuns: 500 },
    )
  })
})

describe('complaintScope', () => {
  it('is the scope it was as a spread: the jurisdiction, the owner when there is one, the departments, their offices, in that order', () => {
    fc.assert(
      fc.property(fc.option(fc.constantFrom('r-1', 'r-2'), { nil: undefined }), fc.option(placedUnit, { nil: undefined }), fc.array(placedUnit, { maxLength: 3 }), (ownerId, lead, co) => {
        const c = { status: 'dispatched', jurisdiction: 'hohhot/saihan', ...(ownerId === undefined ? {} : { ownerId }), lead, coHandlers: co.map((u) => ({ unit: u })), summoned: [] } as unknown as ComplaintCase
        const before = { jurisdiction: c.jurisdiction, ...(c.ownerId === undefined ? {} : { ownerId: c.ownerId }), departments: departmentsOf(c), offices: referenceOffices(c) }
        const scope = complaintScope(c)
        expect(scope).toEqual(before)
        expect(Object.keys(scope ?? {})).toEqual(Object.keys(before))
      }),
      { numRuns: 300 },
    )
    expect(complaintScope({ status: 'none' })).toBeUndefined()
  })
})
