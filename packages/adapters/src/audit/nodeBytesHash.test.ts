import { sha256Bytes, toHex } from '@gridcase/core/audit'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nodeSha256Bytes } from './nodeBytesHash.js'

const bytes = (length?: number) => fc.uint8Array(length === undefined ? { maxLength: 80 } : { minLength: length, maxLength: length })
// The shapes the tree hashes (an interior node, a leaf), byte prefixes above 0x7f (not their own UTF-8), and any parts.
const parts = fc.oneof(
  fc.tuple(fc.constantFrom(Uint8Array.of(1), Uint8Array.of(0), Uint8Array.of(0xff)), bytes(32), bytes(32)),
  fc.tuple(fc.constantFrom(Uint8Array.of(0), Uint8Array.of(1), Uint8Array.of(0x80), Uint8Array.of(0xc3)), fc.string({ unit: 'binary', maxLength: 120 })),
  fc.array(fc.oneof(bytes(), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 4 }),
)

describe('nodeSha256Bytes', () => {
  it('is SHA-256 over the parts concatenated (strings as UTF-8), as the pure implementation computes it', () => {
    fc.assert(
      fc.property(parts, (p) => {
        expect(toHex(nodeSha256Bytes(p))).toBe(toHex(sha256Bytes(p)))
      }),
      { numRuns: 500 },
    )
  })

  it('gives each digest its own bytes: a digest kept is not changed by the hashes after it', () => {
    const a = nodeSha256Bytes([Uint8Array.of(1), new Uint8Array(32), new Uint8Array(32)])
    const kept = toHex(a)
    const b = nodeSha256Bytes([Uint8Array.of(1), new Uint8Array(32).fill(7), new Uint8Array(32).fill(9)])
    expect(toHex(a)).toBe(kept)
    expect(toHex(b)).not.toBe(kept)
    expect(a.buffer).not.toBe(b.buffer)
  })
})
