import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { nestedDeeperThan, unknownFields } from './shape.js'

const Party = t.intersection([t.type({ name: t.string }), t.partial({ phone: t.string })])
const Report = t.intersection([t.type({ summary: t.string, parties: t.array(Party) }), t.partial({ court: t.string })])
const Custom = new t.Type<unknown>('Custom', (u): u is unknown => true, (u) => t.success(u), t.identity)

describe('unknownFields', () => {
  it('names undeclared fields at any depth it can see, through intersections and arrays', () => {
    const value = { summary: 's', parties: [{ name: 'a' }, { name: 'b', phone: '1', age: 3 }], courtt: 'x' }
    expect(unknownFields(Report, value)).toEqual([
      { path: 'parties[1].age', message: 'is not a known field' },
      { path: 'courtt', message: 'is not a known field' },
    ])
  })

  it('accepts declared fields, optional ones included', () => {
    expect(unknownFields(Report, { summary: 's', parties: [{ name: 'a', phone: '1' }], court: 'c' })).toEqual([])
  })

  it('looks through a refinement, of a list or of an object, and names the field inside', () => {
    const Parties = t.refinement(t.array(Party), (ps) => ps.length > 0, 'Parties')
    const Unit = t.refinement(t.exact(t.type({ id: t.string })), (u) => u.id !== '', 'Unit')
    expect(unknownFields(t.type({ parties: Parties, unit: Unit }), { parties: [{ name: 'a' }, { name: 'b', nickname: 'x' }], unit: { id: 'u', level: 1 } })).toEqual([
      { path: 'parties[1].nickname', message: 'is not a known field' },
      { path: 'unit.level', message: 'is not a known field' },
    ])
  })

  it('does not look inside a custom codec', () => {
    expect(unknownFields(t.type({ x: Custom }), { x: { anything: 1 } })).toEqual([])
  })
})

describe('nestedDeeperThan', () => {
  it('measures objects and arrays, and survives any depth', () => {
    expect(nestedDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false)
    expect(nestedDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true)
    expect(nestedDeeperThan(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 32)).toBe(true)
    expect(nestedDeeperThan('text', 0)).toBe(false)
  })
})
