import fc from 'fast-check'
import { validate, version } from 'uuid'
import { describe, expect, it } from 'vitest'
import { isUuid, newId, uuidV7Of } from './ids.js'

/** The Unix milliseconds in a uuid v7's first 48 bits. */
const msOf = (id: string): number => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)

describe('newId', () => {
  it('gives version-7 uuids in lower case, each different, carrying the time they were made', () => {
    const before = Date.now()
    const ids = Array.from({ length: 1_000 }, () => newId())
    const after = Date.now()
    for (const id of ids) {
      expect(isUuid(id)).toBe(true)
      expect(version(id)).toBe(7)
      expect(id).toBe(id.toLowerCase())
      expect(msOf(id)).toBeGreaterThanOrEqual(before)
      expect(msOf(id)).toBeLessThanOrEqual(after)
    }
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('orders ids made in later milliseconds after earlier ones (text order: what an index keyed by them sees)', async () => {
    const first = newId()
    await new Promise((resolve) => setTimeout(resolve, 3))
    const second = newId()
    expect(first < second).toBe(true)
  })
})

describe('uuidV7Of', () => {
  it('writes the time big-endian in the first 48 bits, then the random bytes with the version and variant set', () => {
    // 2026-12-04T06:40:00.123Z = 1,796,366,400,123 ms = 0x01a2_3fc7_fa7b; random bytes 00 11 22 … 99:
    // byte 6 = 0x70 | (0x00 & 0x0f) = 70, byte 7 = 11, byte 8 = 0x80 | (0x22 & 0x3f) = a2, then 33 44 55 66 77 88 99.
    const ms = Date.UTC(2026, 11, 4, 6, 40, 0, 123)
    expect(ms).toBe(0x01a23fc7fa7b)
    const random = Uint8Array.from([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99])
    expect(uuidV7Of(ms, random)).toBe('01a23fc7-fa7b-7011-a233-445566778899')
    // All ones: the version and variant bits still win.
    expect(uuidV7Of(2 ** 48 - 1, new Uint8Array(10).fill(0xff))).toBe('ffffffff-ffff-7fff-bfff-ffffffffffff')
    expect(uuidV7Of(0, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000')
  })

  it('property: any time and bytes give a valid v7 whose first 48 bits are the time, and text order follows time order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.nat(10), (a, b, bytes, at) => {
        const [x, y] = [uuidV7Of(a, bytes, at), uuidV7Of(b, bytes, 10 - at)]
        expect(validate(x)).toBe(true)
        expect(version(x)).toBe(7)
        expect(msOf(x)).toBe(a)
        if (a < b) expect(x < y).toBe(true)
      }),
      { numRuns: 2_000 },
    )
  })

  it('refuses a time or an offset out of range (a RangeError naming it)', () => {
    const bytes = new Uint8Array(12)
    for (const ms of [-1, 1.5, 2 ** 48, Number.NaN]) expect(() => uuidV7Of(ms, bytes)).toThrow(`uuidV7Of: ${ms} `)
    for (const offset of [-1, 3, 12, 0.5]) expect(() => uuidV7Of(0, bytes, offset)).toThrow(`offset ${offset} `)
    expect(uuidV7Of(0, bytes, 2)).toBe('00000000-0000-7000-8000-000000000000')
  })
})
