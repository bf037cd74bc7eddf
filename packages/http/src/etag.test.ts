import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseETagVersion, toETag } from './etag.js'

describe('ETags', () => {
  it('a version written as an ETag parses back to itself', () => {
    fc.assert(fc.property(fc.nat(), (version) => parseETagVersion(toETag(version)) === version))
  })

  it("a view's ETag (version and view class) parses back to its version", () => {
    fc.assert(fc.property(fc.nat(), fc.constantFrom('m', 'r', 'mr', 'o.0123456789abcdef'), (version, view) => parseETagVersion(toETag(version, view)) === version))
    expect([toETag(3, ''), toETag(3, 'm')]).toEqual(['W/"3"', 'W/"3-m"'])
  })

  it('names the erasures made so far after the view (none: unchanged), and parses back to its version (If-Match takes it)', () => {
    expect([toETag(3, '', 0), toETag(3, '', 2), toETag(3, 'm', 2), toETag(3, 'o.0123456789abcdef', 123456)]).toEqual(['W/"3"', 'W/"3-e2"', 'W/"3-m.e2"', 'W/"3-o.0123456789abcdef.e123456"'])
    fc.assert(fc.property(fc.nat(), fc.constantFrom('', 'm', 'r', 'mr', 'o.0123456789abcdef'), fc.nat({ max: 2 ** 40 }), (version, view, erasures) => parseETagVersion(toETag(version, view, erasures)) === version))
  })

  it('formats a weak ETag', () => {
    expect(toETag(3)).toBe('W/"3"')
  })

  it('accepts weak, strong and bare forms, with surrounding spaces', () => {
    expect(['W/"12"', '"12"', '12', '  W/"12" '].map(parseETagVersion)).toEqual([12, 12, 12, 12])
  })

  it('rejects what is not a version', () => {
    expect(['', 'W/""', 'W/"a"', '-1', '1.5', '*', 'W/"1", W/"2"', 'W/"1-"', 'W/"1-M"', 'W/"m-1"'].map(parseETagVersion)).toEqual(Array(10).fill(undefined))
  })
})
