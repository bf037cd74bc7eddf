// The right edge of the log's Merkle tree as the tree log's thread keeps it: core's `merkleFrontier` (the reference,
// flatFrontier.test.ts holds them equal), without an object or an array per node. The thread hashes two nodes per
// event; what they allocated (a digest array and a stack entry each) was a third of its time in the collector.
import { hash } from 'node:crypto'
import type { Digest } from '@gridcase/core/audit'

export interface FlatFrontier {
  readonly size: () => number
  /** Appends the leaf whose hash input is `input` (0x00 ‖ the leaf's text; hashed as UTF-8); its leaf hash, as latin1 text. */
  readonly pushLeafInput: (input: string) => string
  /** Appends a whole perfect subtree (a power of two, at a multiple of its size), as `merkleFrontier.pushSubtree`. */
  readonly pushSubtree: (size: number, digest: Digest) => void
  readonly root: () => Digest
}

const LEVELS = 53

/** A digest given as latin1 text (one char per byte, crypto.hash's 'binary'), as bytes. */
export const bytesOf = (digest: string): Digest => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i += 1) out[i] = digest.charCodeAt(i)
  return out
}

/**
 * `onChunk` is told the root of each perfect subtree of `chunkSize` leaves that leaf pushes complete (as
 * `merkleFrontier`'s `onSubtree` for that size).
 */
export const flatFrontier = (chunkSize: number, onChunk: (digest: Digest) => void): FlatFrontier => {
  const chunkLevel = Math.log2(chunkSize)
  if (!Number.isInteger(chunkLevel) || chunkLevel < 1) throw new RangeError(`a chunk of ${chunkSize} leaves is not a power of two above 1`)
  // The root of the perfect subtree at each level whose bit is set in `size` (level l: 2^l leaves), 32 bytes each.
  const levels = new Uint8Array(LEVELS * 32)
  const input = Buffer.alloc(65)
  input[0] = 1
  let size = 0

  /** H(0x01 ‖ levels[level] ‖ right), `right` a digest as latin1 text (crypto.hash's 'binary'). */
  const node = (level: number, right: string): string => {
    const at = level * 32
    for (let i = 0; i < 32; i += 1) {
      input[1 + i] = levels[at + i] as number
      input[33 + i] = right.charCodeAt(i)
    }
    return hash('sha256', input, 'binary')
  }
  const textOf = (digest: Digest): string => String.fromCharCode(...digest)

  /** Places a perfect subtree of 2^level leaves (its root `digest`), joining it with the equal ones before it. */
  const place = (level: number, digest: string, fromLeaves: boolean): void => {
    let carry = digest
    let l = level
    while (l < LEVELS && Math.floor(size / 2 ** l) % 2 === 1) {
      carry = node(l, carry)
      l += 1
      if (fromLeaves && l === chunkLevel) onChunk(bytesOf(carry))
    }
    if (l >= LEVELS) throw new RangeError('the tree is too large')
    const at = l * 32
    for (let i = 0; i < 32; i += 1) levels[at + i] = carry.charCodeAt(i)
    size += 2 ** level
  }

  return {
    size: () => size,
    pushLeafInput: (text) => {
      const leaf = hash('sha256', text, 'binary')
      place(0, leaf, true)
      return leaf
    },
    pushSubtree: (subtreeSize, digest) => {
      const level = Math.log2(subtreeSize)
      if (!Number.isInteger(level) || size % subtreeSize !== 0 || digest.length !== 32) throw new RangeError(`a subtree of ${subtreeSize} cannot follow ${size} leaves`)
      place(level, textOf(digest), false)
    },
    root: () => {
      if (size === 0) return bytesOf(hash('sha256', '', 'binary'))
      // The smallest subtree first, then each larger one joined on its left (MTH splits at the largest power of two).
      let r: string | undefined
      for (let l = 0; l < LEVELS; l += 1) {
        if (Math.floor(size / 2 ** l) % 2 === 0) continue
        r = r === undefined ? textOf(levels.subarray(l * 32, l * 32 + 32)) : node(l, r)
      }
      return bytesOf(r as string)
    },
  }
}
