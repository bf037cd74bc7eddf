import { leafHash, merkleFrontier, sha256Bytes, toHex, type Digest } from '@gridcase/core/audit'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytesOf, flatFrontier } from './flatFrontier.js'

describe('flatFrontier', () => {
  it('gives the root and the chunk roots core’s merkleFrontier (the reference) gives, after any leaves pushed (as text or as bytes) after any chunks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(2, 4, 8),
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 5 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 70 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (chunk, chunkRoots, leaves, readsAt) => {
          const expectedChunks: string[] = []
          const reference = merkleFrontier(sha256Bytes, (size, digest) => {
            if (size === chunk) expectedChunks.push(toHex(digest))
          })
          const chunks: string[] = []
          const flat = flatFrontier(chunk, (digest: Digest) => chunks.push(toHex(digest)))
          for (const root of chunkRoots) {
            reference.pushSubtree(chunk, root)
            flat.pushSubtree(chunk, root)
          }
          expectedChunks.length = 0
          expect(toHex(flat.root())).toBe(toHex(reference.root()))
          const reads = new Set(readsAt.map((n) => n % (leaves.length + 1)))
          leaves.forEach((leaf, i) => {
            // Every other leaf given as its bytes (the thread's path for hex hashes), the rest as text.
            const input = `\u0000${leaf}`
            const digest = i % 2 === 0 ? flat.pushLeafInput(input) : flat.pushLeafBytes(Buffer.from(input, 'utf8'))
            const expected = leafHash(leaf, sha256Bytes)
            expect(toHex(bytesOf(digest))).toBe(toHex(expected))
            reference.push(expected)
            if (reads.has(i)) expect(toHex(flat.root())).toBe(toHex(reference.root()))
          })
          expect(flat.size()).toBe(reference.size())
          expect(toHex(flat.root())).toBe(toHex(reference.root()))
          expect(chunks).toEqual(expectedChunks)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('has the empty tree’s root H() when nothing was pushed, and refuses a subtree that does not fit', () => {
    const flat = flatFrontier(256, () => {})
    expect(toHex(flat.root())).toBe(toHex(sha256Bytes([])))
    flat.pushLeafInput('\u0000x')
    expect(() => flat.pushSubtree(256, new Uint8Array(32))).toThrow(RangeError)
  })
})
