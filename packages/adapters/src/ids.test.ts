import fc from 'fast-check'
import { v4, version } from 'uuid'
import { describe, expect, it } from 'vitest'
import { isUuid, newId, uuidV4Of } from './ids.js'

describe('newId', () => {
  it('gives random version-4 uuids in lower case, each different', () => {
    const ids = Array.from({ length: 1_000 }, () => newId())
    for (const id of ids) {
      expect(isUuid(id)).toBe(true)
      expect(version(id)).toBe(4)
      expect(id).toBe(id.toLowerCase())
    }
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('uuidV4Of', () => {
  it('writes what the uuid package writes for the same random bytes, at any offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 48 }), fc.nat(32), (bytes, at) => {
        const offset = Math.min(at, bytes.length - 16)
        expect(uuidV4Of(bytes, offset)).toBe(v4({ random: bytes.slice(offset, offset + 16) }))
      }),
      { numRuns: 2_000 },
    )
  })

  it('refuses an offset that does not leave 16 bytes (a RangeError naming the offset), and takes the last 16', () => {
    const bytes = new Uint8Array(20).fill(0xab)
    for (const offset of [-1, 5, 20, 1.5, Number.NaN]) {
      expect(() => uuidV4Of(bytes, offset)).toThrow(RangeError)
      expect(() => uuidV4Of(bytes, offset)).toThrow(`offset ${offset} `)
    }
    expect(() => uuidV4Of(new Uint8Array(15))).toThrow('offset 0 ')
    expect(uuidV4Of(bytes, 4)).toBe(v4({ random: bytes.slice(4) }))
  })

  it('writes the edge bytes (all zeros, all ones) as the uuid package does', () => {
    for (const fill of [0x00, 0xff, 0x0f, 0xf0]) {
      const bytes = new Uint8Array(16).fill(fill)
      expect(uuidV4Of(bytes)).toBe(v4({ random: bytes }))
    }
  })
})
