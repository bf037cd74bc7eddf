import { describe, expect, it } from 'vitest'
import { withKeys } from './copy.js'

describe('withKeys', () => {
  it('gives the keys, order, values and prototype of the spread', () => {
    const s: { a: number; b?: number | undefined; c: string; d?: number } = { a: 1, b: undefined, c: 'x' }
    const copy = withKeys(s, { d: 4, a: 2 }, { b: undefined })
    expect(Object.entries(copy)).toEqual(Object.entries({ ...s, d: 4, a: 2, b: undefined }))
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
  })

  it('types the patch as the object literal did: a required key may not be given undefined, nor a key the state has not', () => {
    const s: { id: string; note?: string } = { id: 'x' }
    // @ts-expect-error `id` is required: `{ ...s, id: undefined }` did not compile, and neither does this.
    const cleared = withKeys(s, { id: undefined })
    // @ts-expect-error `other` is no key of the state.
    const widened = withKeys(s, { other: 1 })
    expect([withKeys(s, { note: undefined }), cleared, widened].map((x) => Object.keys(x))).toEqual([['id', 'note'], ['id'], ['id', 'other']])
  })

  it('copies a state read back from JSON with an own __proto__ key as the spread does: the key kept, the prototype not set from it', () => {
    const s = JSON.parse('{"a":1,"__proto__":{"polluted":true}}') as { a: number; b?: number }
    const copy = withKeys(s, { b: 2 })
    const spread = { ...s, b: 2 }
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.hasOwn(copy, '__proto__')).toBe(true)
    expect(JSON.stringify(copy)).toBe(JSON.stringify(spread))
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined()
  })
})
