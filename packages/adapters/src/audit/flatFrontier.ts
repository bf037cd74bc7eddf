// The right edge of the log's Merkle tree as the tree log's thread keeps it: core's `merkleFrontier` (the reference,
// flatFrontier.test.ts holds them equal), without an object or an array per node. The thread hashes two nodes per
// event; what they allocated (a digest array and a stack entry each) was a third of its time in the collector.
import { hash } from 'node:crypto'
import type { Digest } from '@gridcase/core/audit'

export interface FlatFrontier {
  readonly size: () => number
  /** Appends the leaf whose hash input is `input` (0x00 ‖ the leaf's text; hashed as UTF-8); its leaf hash, as latin1 text. */
  readonly pushLeafInput: (input: string) => string
  /** The same, the input given as its bytes (leafRuns.ts's `leafBytesWriter`); the leaf hash as latin1 text. */
  readonly pushLeafBytes: (input: Uint8Array) => string
  /** Appends a whole perfect subtree (a power of two, at a multiple of its size), as `merkleFrontier.pushSubtree`. */
  readonly pushSubtree: (size: number, digest: Digest) => void
  readonly root: () => Digest
}

const LEVELS = 53
const SLOT = 65

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
  // One slot of 65 bytes per level: 0x01 ‖ the root of the perfect subtree at that level whose bit is set in `size` (level l:
  // 2^l leaves) ‖ room for a right child. A node over a level's subtree and the one after it is then hashed from its slot
  // as it stands, once the right child (crypto.hash's latin1 text) is written beside it: no copy of the left child, and a
  // view per level made once.
  const mem = Buffer.alloc(LEVELS * SLOT)
  const slots: Buffer[] = []
  for (let l = 0; l < LEVELS; l += 1) {
    mem[l * SLOT] = 1
    slots.push(mem.subarray(l * SLOT, (l + 1) * SLOT))
  }
  let size = 0

  /** H(0x01 ‖ the subtree at `level` ‖ right), `right` a digest as latin1 text (crypto.hash's 'binary'). */
  /** Writes a digest given as latin1 text at `at` (a loop: Buffer.write's checks cost more than the 32 bytes). */
  const put = (digest: string, at: number): void => {
    for (let i = 0; i < 32; i += 1) mem[at + i] = digest.charCodeAt(i)
  }
  const node = (level: number, right: string): string => {
    put(right, level * SLOT + 33)
    return hash('sha256', slots[level] as Buffer, 'binary')
  }
  const textOf = (digest: Digest): string => String.fromCharCode(...digest)

  /** Places a perfect subtree of 2^level leaves (its root `digest`), joining it with the equal ones before it. */
  const place = (level: number, digest: string, fromLeaves: boolean): void => {
    let carry = digest
    let l = level
    // The subtrees before it, in units of its size: each odd bit from the bottom is one to join (size % 2^level is 0).
    let units = size / 2 ** level
    while (units % 2 === 1) {
      if (l >= LEVELS) break
      carry = node(l, carry)
      l += 1
      units = (units - 1) / 2
      if (fromLeaves && l === chunkLevel) onChunk(bytesOf(carry))
    }
    if (l >= LEVELS) throw new RangeError('the tree is too large')
    put(carry, l * SLOT + 1)
    size += 2 ** level
  }

  return {
    size: () => size,
    pushLeafInput: (text) => {
      const leaf = hash('sha256', text, 'binary')
      place(0, leaf, true)
      return leaf
    },
    pushLeafBytes: (bytes) => {
      const leaf = hash('sha256', bytes, 'binary')
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
        r = r === undefined ? mem.toString('latin1', l * SLOT + 1, l * SLOT + 33) : node(l, r)
      }
      return bytesOf(r as string)
    },
  }
}
