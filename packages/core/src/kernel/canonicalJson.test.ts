import canonicalize from 'canonicalize'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, plainAgain, writtenPlain } from './canonicalJson.js'

// The `canonicalize` package (RFC 8785) sealed every event written before canonicalJson.ts: it is the oracle.
const oracle = (value: unknown): string | undefined => canonicalize(value)

/** Strings that reach the escaping corners: controls, quotes, backslashes, U+2028/9, astral characters. */
const awkwardString = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '诉', '😀', 'é', '/') }),
  // Longer than 24 code units: scanned by a regex rather than the loop (sealed values, notes).
  fc.string({ unit: fc.constantFrom('a', 'Z', '+', '=', '诉', '😀', '"', '\\', '\n', '\u001f'), minLength: 25, maxLength: 120 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 25, maxLength: 120 }),
)

/** Numbers across ES formatting's branches: integers, fractions, exponents both ways, -0, the extremes. */
const anyNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(-0, 1e21, 1e-7, 123456789012345680000, 5e-324, Number.MAX_VALUE, Number.MIN_SAFE_INTEGER, 0.1 + 0.2),
)

const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    anyNumber,
    awkwardString,
    fc.array(tie('value')),
    fc.dictionary(awkwardString, tie('value')),
  ),
})).value

describe('canonicalJson', () => {
  it('equals the canonicalize package for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(oracle(value))
      }),
      { numRuns: 500 },
    )
  })

  it('equals the canonicalize package for values with awkward strings, keys and numbers', () => {
    fc.assert(
      fc.property(jsonish, (value) => {
        expect(canonicalJson(value)).toBe(oracle(value))
      }),
      { numRuns: 500 },
    )
  })

  it('equals the canonicalize package where JSON.stringify drops or converts: undefined, symbols, toJSON', () => {
    const value = { b: undefined, a: [undefined, Symbol('s'), 1], c: new Date(0), d: { toJSON: () => ({ z: 1, y: 2 }) }, e: Symbol('t') }
    expect(canonicalJson(value)).toBe(oracle(value))
    expect(canonicalJson(value)).toBe('{"a":[null,null,1],"c":"1970-01-01T00:00:00.000Z","d":{"y":2,"z":1}}')
  })

  it('writes keys as the package does past the bound of its key cache, and the same keys again the same way', () => {
    const many = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}\u00e9"`, i]))
    expect(canonicalJson(many)).toBe(oracle(many))
    expect(canonicalJson(many)).toBe(oracle(many))
    const again = { 'k1\u00e9"': { 'k4999\u00e9"': true } }
    expect(canonicalJson(again)).toBe(oracle(again))
  })

  it('sorts property names by UTF-16 code units, as RFC 8785 §3.2.3 does (its own example)', () => {
    const value = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' }
    // Read the values in written order (JSON.parse would move the integer-like key '1' to the front).
    expect([...canonicalJson(value).matchAll(/:"([^"]*)"/g)].map((m) => m[1])).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ])
  })

  it('refuses what canonical JSON cannot hold, as the package does', () => {
    const circular: Record<string, unknown> = { a: 1 }
    circular['self'] = { back: circular }
    const long = 'a'.repeat(30)
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, { n: -Infinity }, 'x\ud800', { ['\udc00']: 1 }, ['\ud83d', 'ok'], `${long}\ud800`, `\udc00${long}`, `${long}\ud83d${long}`, circular]) {
      expect(() => oracle(bad)).toThrow()
      expect(() => canonicalJson(bad)).toThrow(TypeError)
    }
    expect(() => canonicalJson(undefined)).toThrow(TypeError)
    expect(() => canonicalJson(BigInt(1))).toThrow(TypeError)
    expect(() => canonicalJson(() => 1)).toThrow(TypeError)
  })

  it('writes objects of the same keys, in the same or another order, as the package does, one after another', () => {
    // A few keys in every order and subset: the writer keeps what each order of keys sorts to, and must never
    // give one order's members to another.
    const pool = ['b', 'a', 'id', '\u00e9', '1', 'a1', 'A', '\u20ac', '\ud83d\ude00', 'hash']
    const entries = fc.uniqueArray(fc.tuple(fc.constantFrom(...pool), fc.oneof(fc.constant(undefined), fc.integer(), awkwardString)), { selector: ([k]) => k, maxLength: pool.length })
    fc.assert(
      fc.property(fc.array(entries, { minLength: 1, maxLength: 8 }), (objects) => {
        for (const members of objects) {
          const value = Object.fromEntries(members)
          expect(canonicalJson(value)).toBe(oracle(value))
          expect(canonicalJson({ nested: [value, value] })).toBe(oracle({ nested: [value, value] }))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('writes as the package does past the bound of its cache of key orders, overall and for one first key', () => {
    for (let i = 0; i < 1_500; i += 1) {
      const value = { [`k${i}`]: i, a: [i], [`z${i % 7}`]: { [`y${i}`]: 'x' } }
      expect(canonicalJson(value)).toBe(oracle(value))
      const sameFirst = { first: i, [`k${i}`]: true }
      expect(canonicalJson(sameFirst)).toBe(oracle(sameFirst))
    }
  })

  it('leaves out a member whose value JSON leaves out without writing its name, as it did before it kept key orders', () => {
    // A lone surrogate in a name cannot be written; a member left out is never written, so it is no fault.
    expect(canonicalJson({ '\udc00': undefined, a: 1 })).toBe('{"a":1}')
    expect(() => canonicalJson({ '\udc00': 1, a: 1 })).toThrow(TypeError)
    expect(canonicalJson({ '\udc00': undefined, a: 1 })).toBe('{"a":1}')
  })

  it('writes the same object twice when it is shared, not circular', () => {
    const shared = { k: [1, 2] }
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":[1,2]},"b":{"k":[1,2]}}')
  })
})

describe('plainAgain', () => {
  it('property: answers as writtenPlain for every string of any sequence, repeats and near repeats included', () => {
    // Few distinct strings, so a sequence repeats them (the case it remembers), beside strings that differ from them by one character.
    const pool = fc.array(awkwardString, { minLength: 1, maxLength: 4 })
    fc.assert(
      fc.property(pool, fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 30 }), (strings, picks) => {
        const again = plainAgain()
        for (const [i, variant] of picks) {
          const base = strings[i % strings.length] as string
          // The same text as another instance, or with one more character, quote or backslash among them.
          const value = variant ? `${base}${'"\\a'[i % 3]}` : [...base].join('')
          expect(again(value)).toBe(writtenPlain(value))
        }
      }),
    )
  })
})

