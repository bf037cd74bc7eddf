import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decode } from '../kernel/codec.js'
import { ancestors, isJurisdictionPath, isWithin, Jurisdiction, LEVELS, levelOf, parentOf, segments } from './jurisdiction.js'

/** Paths over a few look-alike segments, so prefixes like `a/b` vs `a/bc` come up often. */
const jurisdictionPath = fc
  .array(fc.constantFrom('a', 'b', 'bc', 'b-c', 'grid-1', 'grid-17'), { minLength: 1, maxLength: LEVELS.length })
  .map((parts) => parts.join('/'))

const full = 'hohhot/saihan/wulanchabu-east-road/xx-community/grid-017'

describe('isJurisdictionPath', () => {
  it('accepts one to five lower-case segments', () => {
    expect(['hohhot', 'hohhot/saihan', full, 'a/b-1/3c'].every(isJurisdictionPath)).toBe(true)
  })

  it('rejects empty segments, capitals, spaces, leading dashes, other scripts and a sixth level', () => {
    const bad = ['', '/', 'a/', '/a', 'a//b', 'Hohhot', 'a b', '-a', 'a/-b', '呼和浩特', 'a_b', `${full}/room-1`]
    expect(bad.filter(isJurisdictionPath)).toEqual([])
  })

  it('answers as the split-and-test it replaced, for any text over the characters paths are made of', () => {
    const SEGMENT = /^[a-z0-9][a-z0-9-]*$/
    const reference = (value: string): boolean => {
      const parts = value.split('/')
      return parts.length >= 1 && parts.length <= LEVELS.length && parts.every((s) => SEGMENT.test(s))
    }
    const text = fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-', '/', 'A', ' ', '_', '\n', '诉'), maxLength: 24 })
    fc.assert(
      fc.property(fc.oneof(text, jurisdictionPath, jurisdictionPath.map((p) => `${p}/`), jurisdictionPath.map((p) => `${p}\n`)), (value) => {
        expect(isJurisdictionPath(value)).toBe(reference(value))
      }),
      { numRuns: 3_000 },
    )
  })

  it('decodes through the codec with a message naming what it expected', () => {
    expect(E.isRight(decode(Jurisdiction, full))).toBe(true)
    const bad = decode(Jurisdiction, 'Hohhot/Saihan')
    expect(E.isLeft(bad) && bad.left).toMatchObject({
      code: 'validation',
      errors: [{ path: '(root)', message: 'expected a jurisdiction path city/district/street/community/grid of lower-case segments' }],
    })
  })
})

describe('levels and ancestors', () => {
  it('names the level by the number of segments', () => {
    expect(ancestors(full).map(levelOf)).toEqual(['city', 'district', 'street', 'community', 'grid'])
  })

  it('lists every prefix, top first, ending with the path itself', () => {
    expect(ancestors('hohhot/saihan/street-1')).toEqual(['hohhot', 'hohhot/saihan', 'hohhot/saihan/street-1'])
    expect(ancestors('hohhot')).toEqual(['hohhot'])
  })

  it('gives the parent, none at the top', () => {
    expect(parentOf('hohhot/saihan/street-1')).toBe('hohhot/saihan')
    expect(parentOf('hohhot')).toBeUndefined()
  })

  it('a path has as many ancestors as segments, each one level deeper than its parent', () => {
    fc.assert(
      fc.property(jurisdictionPath, (path) => {
        const chain = ancestors(path)
        expect(chain).toHaveLength(segments(path).length)
        chain.forEach((ancestor, i) => {
          expect(levelOf(ancestor)).toBe(LEVELS[i])
          expect(parentOf(ancestor)).toBe(i === 0 ? undefined : chain[i - 1])
        })
      }),
    )
  })
})

describe('isWithin', () => {
  it('a place is within itself and within each of its ancestors', () => {
    expect(isWithin(full, full)).toBe(true)
    expect(ancestors(full).every((scope) => isWithin(scope, full))).toBe(true)
  })

  it('is by whole segments: a/b does not contain a/bc, nor a/b-c', () => {
    expect(isWithin('a/b', 'a/bc')).toBe(false)
    expect(isWithin('a/b', 'a/b-c')).toBe(false)
    expect(isWithin('a/b', 'a/bc/d')).toBe(false)
    expect(isWithin('a/bc', 'a/b')).toBe(false)
    expect(isWithin('a/b', 'a/b/c')).toBe(true)
  })

  it('a lower scope does not contain a higher one, nor a sibling', () => {
    expect(isWithin('hohhot/saihan', 'hohhot')).toBe(false)
    expect(isWithin('hohhot/saihan', 'hohhot/xincheng')).toBe(false)
    expect(isWithin('hohhot', 'baotou/saihan')).toBe(false)
  })

  it('a path is within a scope exactly when the scope is one of its ancestors', () => {
    fc.assert(fc.property(jurisdictionPath, jurisdictionPath, (scope, path) => isWithin(scope, path) === ancestors(path).includes(scope)))
  })

  it('a scope contains every extension by whole segments, and none that only lengthens its last segment', () => {
    const segment = fc.constantFrom('a', 'b', 'c-1', '2')
    fc.assert(
      fc.property(jurisdictionPath, fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom('x', '-x', '0'), (scope, more, suffix) => {
        expect(isWithin(scope, [scope, ...more].join('/'))).toBe(true)
        expect(isWithin(scope, `${scope}${suffix}`)).toBe(false)
        expect(isWithin(scope, [`${scope}${suffix}`, ...more].join('/'))).toBe(false)
      }),
    )
  })

  it('two paths within each other are the same', () => {
    fc.assert(fc.property(jurisdictionPath, jurisdictionPath, (a, b) => !(isWithin(a, b) && isWithin(b, a)) || a === b))
  })
})
