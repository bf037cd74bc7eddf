import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'

/**
 * The Merkle tree of RFC 9162 §2.1 (Certificate Transparency 2.0) over a list of leaves:
 * leaf hash = H(0x00 ‖ leaf), interior node = H(0x01 ‖ left ‖ right), the tree hash MTH splitting
 * each range at the largest power of two smaller than its size. Proofs follow §2.1.3 and §2.1.4.
 * Everything here works on digests; the hash is injected (adapters pass Node's SHA-256).
 */
export type Digest = Uint8Array

/**
 * A hash over the concatenation of its parts, strings taken as UTF-8 (SHA-256 for every tree this project
 * signs). Parts, not one buffer, so a node hash never copies its children into a new array.
 */
export type BytesHash = (parts: readonly (Uint8Array | string)[]) => Digest

/** Pure-JS SHA-256 (@noble/hashes): the default. */
export const sha256Bytes: BytesHash = (parts) => {
  const h = sha256.create()
  for (const part of parts) h.update(typeof part === 'string' ? utf8ToBytes(part) : part)
  return h.digest()
}

const LEAF = Uint8Array.of(0)
const NODE = Uint8Array.of(1)

/** H(0x00 ‖ leaf): the domain prefix keeps a leaf from ever passing for an interior node. */
export const leafHash = (leaf: Uint8Array | string, hash: BytesHash = sha256Bytes): Digest => hash([LEAF, leaf])

/** H(0x01 ‖ left ‖ right). */
export const nodeHash = (left: Digest, right: Digest, hash: BytesHash = sha256Bytes): Digest => hash([NODE, left, right])

/** The largest power of two strictly smaller than n (n > 1): where MTH splits a range. */
export const splitPoint = (n: number): number => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/**
 * MTH over nodes that are already hashed: leaf hashes for a tree, or the roots of consecutive perfect
 * subtrees of equal size (e.g. the hashes of aligned 256-leaf chunks, which split at the same places).
 * The empty tree's hash is H() (§2.1.1).
 */
export const rootOf = (nodes: readonly Digest[], hash: BytesHash = sha256Bytes): Digest => {
  if (nodes.length === 0) return hash([])
  const range = (start: number, end: number): Digest => {
    if (end - start === 1) return nodes[start] as Digest
    const k = splitPoint(end - start)
    return nodeHash(range(start, start + k), range(start + k, end), hash)
  }
  return range(0, nodes.length)
}

/** A range of leaves [start, end) whose MTH a proof carries. */
export interface LeafRange {
  readonly start: number
  readonly end: number
}

/**
 * Which subtree hashes make the inclusion proof of leaf `index` in the tree of `size` leaves
 * (PATH, §2.1.3.1), in proof order (nearest the leaf first). The caller looks the hashes up.
 */
export const inclusionRanges = (index: number, size: number): LeafRange[] => {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size}`)
  const path = (m: number, start: number, end: number): LeafRange[] => {
    if (end - start <= 1) return []
    const k = splitPoint(end - start)
    return m < k
      ? [...path(m, start, start + k), { start: start + k, end }]
      : [...path(m - k, start + k, end), { start, end: start + k }]
  }
  return path(index, 0, size)
}

/**
 * Which subtree hashes make the consistency proof from the tree of `first` leaves to the tree of
 * `second` (PROOF / SUBPROOF, §2.1.4.1), in proof order. Empty when first is 0 or equals second.
 */
export const consistencyRanges = (first: number, second: number): LeafRange[] => {
  if (!(first >= 0 && first <= second)) throw new RangeError(`no consistency proof from ${first} to ${second}`)
  if (first === 0 || first === second) return []
  const subproof = (m: number, start: number, end: number, whole: boolean): LeafRange[] => {
    if (m === end - start) return whole ? [] : [{ start, end }]
    const k = splitPoint(end - start)
    return m <= k
      ? [...subproof(m, start, start + k, whole), { start: start + k, end }]
      : [...subproof(m - k, start + k, end, false), { start, end: start + k }]
  }
  return subproof(first, 0, second, true)
}

/** The MTH of any leaf range, from the list of leaf hashes: for trees held in memory and for tests. */
export const rangeHashes = (leafHashes: readonly Digest[], hash: BytesHash = sha256Bytes) => (range: LeafRange): Digest =>
  rootOf(leafHashes.slice(range.start, range.end), hash)

const equal = (a: Digest, b: Digest): boolean => a.length === b.length && a.every((byte, i) => byte === b[i])

/** Verifies an inclusion proof (§2.1.3.2): is the leaf with this hash at `index` of the tree whose root is given? */
export const verifyInclusion = (
  proof: { readonly index: number; readonly size: number; readonly leafHash: Digest; readonly path: readonly Digest[]; readonly root: Digest },
  hash: BytesHash = sha256Bytes,
): boolean => {
  if (!(proof.index >= 0 && proof.index < proof.size)) return false
  let fn = proof.index
  let sn = proof.size - 1
  let r = proof.leafHash
  for (const p of proof.path) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r, hash)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = nodeHash(r, p, hash)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && equal(r, proof.root)
}

const isPowerOfTwo = (n: number): boolean => n > 0 && 2 ** Math.round(Math.log2(n)) === n

/** Verifies a consistency proof (§2.1.4.2): does the tree of `second` leaves extend the tree of `first`? */
export const verifyConsistency = (
  proof: { readonly first: number; readonly second: number; readonly firstRoot: Digest; readonly secondRoot: Digest; readonly path: readonly Digest[] },
  hash: BytesHash = sha256Bytes,
): boolean => {
  const { first, second } = proof
  if (!(first >= 0 && first <= second)) return false
  if (first === second) return proof.path.length === 0 && equal(proof.firstRoot, proof.secondRoot)
  if (first === 0) return proof.path.length === 0
  if (proof.path.length === 0) return false
  const path = isPowerOfTwo(first) ? [proof.firstRoot, ...proof.path] : [...proof.path]
  let fn = first - 1
  let sn = second - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  let fr = path[0] as Digest
  let sr = fr
  for (const c of path.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr, hash)
      sr = nodeHash(c, sr, hash)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      sr = nodeHash(sr, c, hash)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && equal(fr, proof.firstRoot) && equal(sr, proof.secondRoot)
}

/**
 * The right edge of a growing tree (a compact range): the roots of its perfect subtrees, largest first.
 * Appending a leaf and reading the root are O(log n), so a head can be taken after any event.
 */
export interface MerkleFrontier {
  readonly size: () => number
  readonly push: (leafHash: Digest) => void
  /**
   * Appends a whole perfect subtree (size a power of two, e.g. a stored 256-leaf chunk) at once; the tree's
   * size must be a multiple of it, as when chunks are pushed in order before any loose leaf.
   */
  readonly pushSubtree: (size: number, hash: Digest) => void
  readonly root: () => Digest
}

/**
 * A frontier starting empty, or from the perfect-subtree roots of a tree already built (largest first).
 * `onSubtree` is told each perfect subtree that pushes complete (size ≥ 2, with its MTH): e.g. a 256-leaf chunk's
 * root, which the frontier has just computed anyway, so a caller storing chunk roots need not hash them again.
 */
export const merkleFrontier = (hash: BytesHash = sha256Bytes, onSubtree?: (size: number, digest: Digest) => void): MerkleFrontier => {
  const stack: { size: number; hash: Digest }[] = []
  let size = 0
  const pushSubtree = (subtreeSize: number, subtree: Digest): void => {
    if (!isPowerOfTwo(subtreeSize) || size % subtreeSize !== 0) throw new RangeError(`a subtree of ${subtreeSize} cannot follow ${size} leaves`)
    let top = { size: subtreeSize, hash: subtree }
    for (let below = stack.at(-1); below !== undefined && below.size === top.size; below = stack.at(-1)) {
      stack.pop()
      top = { size: below.size * 2, hash: nodeHash(below.hash, top.hash, hash) }
      onSubtree?.(top.size, top.hash)
    }
    stack.push(top)
    size += subtreeSize
  }
  return {
    size: () => size,
    push: (leaf) => pushSubtree(1, leaf),
    pushSubtree,
    // MTH of a size that is not a power of two is the largest perfect subtree joined with the MTH of the rest.
    root: () => {
      const last = stack.at(-1)
      if (last === undefined) return hash([])
      let r = last.hash
      for (let i = stack.length - 2; i >= 0; i -= 1) r = nodeHash((stack[i] as { hash: Digest }).hash, r, hash)
      return r
    },
  }
}

/** Lower-case hex of a digest (how digests travel in JSON). */
export const toHex = (digest: Digest): string => Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')

/** A digest from hex; undefined when the text is not whole bytes of hex. */
export const fromHex = (hex: string): Digest | undefined => {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return undefined
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i += 1) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}
