import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client'
import type { ExpectedVersion } from '@gridcase/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromExpectedRevision, revisionToVersion, toExpectedRevision, toStreamVersion } from './revision.js'

const expectedVersion: fc.Arbitrary<ExpectedVersion> = fc.oneof(
  fc.constantFrom<ExpectedVersion>('any', 'no-stream', 'stream-exists'),
  fc.nat({ max: Number.MAX_SAFE_INTEGER }),
)

describe('expected version ↔ expected revision', () => {
  it('maps the named expectations to the client constants and a version to the same revision', () => {
    expect(toExpectedRevision('any')).toBe(ANY)
    expect(toExpectedRevision('no-stream')).toBe(NO_STREAM)
    expect(toExpectedRevision('stream-exists')).toBe(STREAM_EXISTS)
    expect(toExpectedRevision(41)).toBe(41n)
  })

  it('translating there and back gives the expected version we started from', () => {
    fc.assert(
      fc.property(expectedVersion, (v) => {
        expect(fromExpectedRevision(toExpectedRevision(v))).toBe(v)
      }),
    )
  })
})

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
