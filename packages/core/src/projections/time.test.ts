import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isoMs } from './time.js'

describe('isoMs', () => {
  it('agrees with Date.parse on ISO timestamps with a zone', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'))
    const stamp = fc
      .tuple(
        fc.integer({ min: 1970, max: 2100 }), two(11).map((m) => String(Number(m) + 1).padStart(2, '0')), fc.integer({ min: 1, max: 28 }).map((d) => String(d).padStart(2, '0')),
        two(23), two(59), fc.option(two(59)), fc.option(fc.stringMatching(/^\d{1,9}$/)),
        fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), two(14), fc.constantFrom('00', '30', '45')).map(([s, h, m]) => `${s}${h}:${m}`)),
      )
      .map(([y, mo, d, h, mi, sec, frac, zone]) => `${y}-${mo}-${d}T${h}:${mi}${sec === null ? '' : `:${sec}${frac === null ? '' : `.${frac}`}`}${zone}`)
    fc.assert(
      fc.property(stamp, (s) => {
        expect(isoMs(s)).toBe(Date.parse(s))
      }),
      { numRuns: 2000 },
    )
  })
  it('hands anything else to Date.parse', () => {
    expect(isoMs('2026-03-01')).toBe(Date.parse('2026-03-01'))
    expect(isoMs('2026-13-01T00:00:00Z')).toBeNaN()
    expect(isoMs('not a time')).toBeNaN()
  })
})
