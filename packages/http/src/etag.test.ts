import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseETagVersion, toETag } from './etag.js'

describe('ETags', () => {
  it('a version written as an ETag parses back to itself', () => {
    fc.assert(fc.property(fc.nat(), (version) => parseETagVersion(toETag(version)) === version))
  })

  it('formats a weak ETag', () => {
    expect(toETag(3)).toBe('W/"3"')
  })

  it('accepts weak, strong and bare forms, with surrounding spaces', () => {
    expect(['W/"12"', '"12"', '12', '  W/"12" '].map(parseETagVersion)).toEqual([12, 12, 12, 12])
  })

  it('rejects what is not a version', () => {
    expect(['', 'W/""', 'W/"a"', '-1', '1.5', '*', 'W/"1", W/"2"'].map(parseETagVersion)).toEqual(Array(7).fill(undefined))
  })
})
