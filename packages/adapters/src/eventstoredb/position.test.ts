import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { numberToPosition, positionToNumber } from './position.js'

describe('$all position ↔ global position', () => {
  it('a global position read back from its $all position is the same number', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        const position = numberToPosition(n)
        expect(position.commit).toBe(position.prepare)
        expect(positionToNumber(position)).toBe(n)
      }),
    )
  })

  it('refuses commit positions past 2^53 - 1 rather than rounding them', () => {
    const beyond = BigInt(Number.MAX_SAFE_INTEGER) + 1n
    expect(() => positionToNumber({ commit: beyond, prepare: beyond })).toThrow(/2\^53/)
  })

  it('refuses an event without a position, and numbers that are not positions', () => {
    expect(() => positionToNumber(undefined)).toThrow(TypeError)
    expect(() => numberToPosition(-1)).toThrow(RangeError)
    expect(() => numberToPosition(1.5)).toThrow(RangeError)
  })
})
