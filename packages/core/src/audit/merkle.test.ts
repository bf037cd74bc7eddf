import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  consistencyRanges,
  fromHex,
  inclusionRanges,
  leafHash,
  merkleFrontier,
  rangeHashes,
  rootOf,
  toHex,
  verifyConsistency,
  verifyInclusion,
  type Digest,
} from './merkle.js'

// The test vectors of Certificate Transparency (RFC 6962 / RFC 9162 §2.1 hashing), as published with
// transparency-dev/merkle (proof/verify_test.go) and google/certificate-transparency before it:
// eight leaves, the root of each prefix, and known inclusion and consistency proofs (1-based leaf numbers there).
const hex = (h: string): Digest => fromHex(h) ?? new Uint8Array()
const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex)
const roots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const inclusionVectors: { index: number; size: number; path: string[] }[] = [
  { index: 0, size: 8, path: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, path: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, path: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
]
const consistencyVectors: { first: number; second: number; path: string[] }[] = [
  { first: 1, second: 8, path: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { first: 6, second: 8, path: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { first: 2, second: 5, path: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  { first: 6, second: 7, path: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
]
const leafHashes = leaves.map((l) => leafHash(l))
const subtree = rangeHashes(leafHashes)

describe('the Merkle tree of RFC 9162 §2.1, against the Certificate Transparency test vectors', () => {
  it('gives the published root for every prefix of the eight leaves, by recursion and by frontier', () => {
    const frontier = merkleFrontier()
    leafHashes.forEach((leaf, i) => {
      frontier.push(leaf)
      expect(toHex(rootOf(leafHashes.slice(0, i + 1)))).toBe(roots[i])
      expect(toHex(frontier.root())).toBe(roots[i])
    })
    // The empty tree is the hash of nothing.
    expect(toHex(rootOf([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('generates the published inclusion proofs, and they verify', () => {
    for (const v of inclusionVectors) {
      const path = inclusionRanges(v.index, v.size).map(subtree)
      expect(path.map(toHex)).toEqual(v.path)
      expect(verifyInclusion({ index: v.index, size: v.size, leafHash: leafHashes[v.index] as Digest, path, root: hex(roots[v.size - 1] ?? '') })).toBe(true)
    }
  })

  it('generates the published consistency proofs, and they verify', () => {
    for (const v of consistencyVectors) {
      const path = consistencyRanges(v.first, v.second).map(subtree)
      expect(path.map(toHex)).toEqual(v.path)
      expect(verifyConsistency({ first: v.first, second: v.second, firstRoot: hex(roots[v.first - 1] ?? ''), secondRoot: hex(roots[v.second - 1] ?? ''), path })).toBe(true)
    }
  })

  it('refuses a published proof with any one change (index, size, leaf, root, a flipped bit, one hash more or less)', () => {
    const v = inclusionVectors[1] ?? { index: 0, size: 1, path: [] }
    const path = v.path.map(hex)
    const root = hex(roots[v.size - 1] ?? '')
    const leaf = leafHashes[v.index] as Digest
    const ok = (p: Partial<Parameters<typeof verifyInclusion>[0]>) => verifyInclusion({ index: v.index, size: v.size, leafHash: leaf, path, root, ...p })
    expect(ok({})).toBe(true)
    for (const index of [v.index - 1, v.index + 1, v.index ^ 2]) expect(ok({ index })).toBe(false)
    for (const size of [v.size * 2, v.size / 2]) expect(ok({ size })).toBe(false)
    expect(ok({ leafHash: leafHashes[0] as Digest })).toBe(false)
    expect(ok({ root: hex(roots[0] ?? '') })).toBe(false)
    expect(ok({ path: path.slice(0, -1) })).toBe(false)
    expect(ok({ path: [...path, root] })).toBe(false)
    path.forEach((_, i) => {
      const flipped = path.map((p, j) => (j === i ? p.map((b, k) => (k === 0 ? b ^ 8 : b)) : p))
      expect(ok({ path: flipped })).toBe(false)
    })
    const c = consistencyVectors[1] ?? { first: 1, second: 1, path: [] }
    const cPath = c.path.map(hex)
    const cOk = (p: Partial<Parameters<typeof verifyConsistency>[0]>) =>
      verifyConsistency({ first: c.first, second: c.second, firstRoot: hex(roots[c.first - 1] ?? ''), secondRoot: hex(roots[c.second - 1] ?? ''), path: cPath, ...p })
    expect(cOk({})).toBe(true)
    expect(cOk({ first: c.first - 1 })).toBe(false)
    expect(cOk({ first: c.first + 1 })).toBe(false)
    expect(cOk({ path: [] })).toBe(false)
    expect(cOk({ path: cPath.slice(0, -1) })).toBe(false)
    expect(cOk({ firstRoot: hex(roots[c.second - 1] ?? ''), secondRoot: hex(roots[c.first - 1] ?? '') })).toBe(false)
  })

  it('every inclusion and consistency proof of a random tree verifies against the roots the frontier gives', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 70 }), fc.nat(), fc.nat(), (data, a, b) => {
        const hashes = data.map((d) => leafHash(d))
        const roots: Digest[] = []
        const frontier = merkleFrontier()
        for (const h of hashes) {
          frontier.push(h)
          roots.push(frontier.root())
        }
        const size = hashes.length
        const index = a % size
        const first = 1 + (b % size)
        const path = inclusionRanges(index, size).map(rangeHashes(hashes))
        const consistency = consistencyRanges(first, size).map(rangeHashes(hashes))
        return (
          verifyInclusion({ index, size, leafHash: hashes[index] as Digest, path, root: roots[size - 1] as Digest }) &&
          verifyConsistency({ first, second: size, firstRoot: roots[first - 1] as Digest, secondRoot: roots[size - 1] as Digest, path: consistency })
        )
      }),
    )
  })

  it('the frontier tells each perfect subtree it completes, with the MTH of exactly those leaves', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 4 }), { minLength: 1, maxLength: 70 }), (data) => {
        const hashes = data.map((d) => leafHash(d))
        const told: { size: number; end: number; digest: string }[] = []
        let pushed = 0
        const frontier = merkleFrontier(undefined, (size, digest) => told.push({ size, end: pushed, digest: toHex(digest) }))
        for (const h of hashes) {
          pushed += 1
          frontier.push(h)
        }
        // Every aligned perfect subtree of size ≥ 2 inside the tree, once each, when its last leaf came.
        const expected: { size: number; end: number; digest: string }[] = []
        for (let end = 1; end <= hashes.length; end += 1) {
          for (let size = 2; end % size === 0; size *= 2) expected.push({ size, end, digest: toHex(rootOf(hashes.slice(end - size, end))) })
        }
        expect(told).toEqual(expected)
      }),
    )
  })
})
