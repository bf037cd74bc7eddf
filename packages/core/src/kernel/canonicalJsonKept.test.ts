// In a file of its own: the caches start empty here (the other canonical JSON tests fill them to their bounds).
import canonicalize from 'canonicalize'
import { describe, expect, it } from 'vitest'
import { canonicalJson, canonicalJsonKept } from './canonicalJson.js'

describe('canonicalJson’s caches', () => {
  it('keep no key order or member prefix for a one-member object (a sealed event’s $sealed as written before schema 3, keyed by one subject per case), written as the package writes it', () => {
    const before = canonicalJsonKept()
    for (let i = 0; i < 300; i += 1) {
      const value = { n: i, $sealed: { [`complaint-${i}#complainant`]: `sealed-${i}` }, parties: [{ [`dispute-${i}#parties`]: i }] }
      expect(canonicalJson(value)).toBe(canonicalize(value))
    }
    // The outer objects' one order of three members is kept once, with its three prefixes; the 600 one-member ones add nothing.
    expect(canonicalJsonKept()).toEqual({ shapes: before.shapes + 1, prefixes: before.prefixes + 3 })
  })
})
