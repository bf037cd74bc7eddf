import { NO_STREAM } from '@eventstore/db-client'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { revisionToVersion, toStreamVersion } from './revision.js'

describe('current revision → stream version', () => {
  it('reads no_stream and a negative revision as no-stream, and a revision as its number', () => {
    expect(toStreamVersion(NO_STREAM)).toBe('no-stream')
    expect(toStreamVersion(undefined)).toBe('no-stream')
    expect(toStreamVersion(-1n)).toBe('no-stream')
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(toStreamVersion(BigInt(n))).toBe(n)
      }),
    )
  })

  it('refuses a revision a number cannot hold exactly', () => {
    expect(() => revisionToVersion(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError)
  })
})
