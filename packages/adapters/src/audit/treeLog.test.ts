import { eventLeafHash, fromHex, rootOf, toHex, verifyConsistency, verifyInclusion, type SignedTreeHead } from '@gridcase/core/audit'
import type { EventStore, RecordedEvent } from '@gridcase/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { memoryEventStore } from '../memory/store.js'
import { generateHeadKey, headSigner, headVerifier } from './signingKey.js'
import { memoryTreeHeads } from './treeHeads.js'
import { CHUNK, nodeSha256Bytes, treeLog } from './treeLog.js'

const actor = { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' } as const
const key = generateHeadKey()
const hex = (h: string) => fromHex(h) ?? new Uint8Array()

const fill = async (store: ReturnType<typeof memoryEventStore>, from: number, to: number) => {
  for (let i = from; i < to; i += 1) {
    await store.appendToStream(`s-${i % 5}`, [{ type: 'Noted', schemaVersion: 1, data: { i }, metadata: { commandId: `c${i}`, correlationId: `c${i}`, causationId: `c${i}`, actor, occurredAt: '2026-03-02T01:00:00Z' } }], { expectedVersion: 'any' })
  }
}

describe('treeLog options', () => {
  it("refuses an everyMs that Node's timer cannot keep (over 2^31 − 1 ms it fires every millisecond) or under 1", () => {
    const signer = headSigner(key.privateKeyPem)
    const open = (everyMs: number) => () => treeLog({ store: memoryEventStore(), heads: memoryTreeHeads(), signer, clock: manualClock('2026-03-02T01:00:00Z'), everyMs })
    expect(open(2 ** 31)).toThrow(/everyMs/)
    expect(open(0)).toThrow(/everyMs/)
    expect(open(2.5)).toThrow(/everyMs/)
  })
})

describe('treeLog', () => {
  it('reports a head it could not sign through onError, not by throwing (a head signed later has no caller to throw to), and signs again once it can', async () => {
    const store = memoryEventStore()
    const heads = memoryTreeHeads()
    const errors: unknown[] = []
    let broken = true
    const real = headSigner(key.privateKeyPem)
    const signer = { ...real, sign: (head: Parameters<typeof real.sign>[0]) => (broken ? (() => { throw new Error('the key is unavailable') })() : real.sign(head)) }
    const tree = treeLog({ store, heads, signer, clock: manualClock('2026-03-02T01:00:00Z'), everyEvents: 1000, onError: (e) => errors.push(e) })
    await tree.start()
    await fill(store, 0, 10)
    await tree.waitFor(9)
    expect(tree.signNow()).toBeUndefined()
    expect(errors.map((e) => (e as Error).message)).toEqual(['the key is unavailable'])
    expect(heads.heads()).toEqual([])
    broken = false
    expect(tree.signNow()?.treeSize).toBe(10)
    await tree.stop()
  })

  it('keeps the RFC 9162 root of the whole log across chunks and a restart, and its proofs verify', async () => {
    const store = memoryEventStore()
    const heads = memoryTreeHeads()
    const clock = manualClock('2026-03-02T01:00:00Z')
    const signer = headSigner(key.privateKeyPem)
    const first = treeLog({ store, heads, signer, clock, everyEvents: 250 })
    await first.start()
    await fill(store, 0, 600)
    await first.waitFor(599)
    await first.stop()
    expect(heads.chunks()).toHaveLength(2)
    // The stop signed a head over everything, though none was due (600 is not a multiple of 250): the log as left is anchored.
    expect(heads.heads().map((h) => h.treeSize)).toEqual([250, 500, 600])
    // A restart resumes from the stored chunks and the events after them, and signs what was not signed yet.
    await fill(store, 600, 700)
    const second = treeLog({ store, heads, signer, clock, everyEvents: 250 })
    await second.start()
    const all = await store.readAll()
    const expected = rootOf(all.map((e) => eventLeafHash(e, nodeSha256Bytes)), nodeSha256Bytes)
    const signed = heads.heads()
    expect(signed.map((h) => h.treeSize)).toEqual([250, 500, 600, 700])
    expect(signed.at(-1)?.rootHash).toBe(toHex(expected))
    expect(signed.every((h) => headVerifier([key.publicKeyPem]).check(h) === 'ok')).toBe(true)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...signed), fc.constantFrom(...signed), fc.nat({ max: 699 }), async (a: SignedTreeHead, b: SignedTreeHead, position) => {
        const [small, large] = a.treeSize <= b.treeSize ? [a, b] : [b, a]
        const consistency = await second.consistencyProof(small.treeSize, large.treeSize)
        expect(verifyConsistency({ first: small.treeSize, second: large.treeSize, firstRoot: hex(small.rootHash), secondRoot: hex(large.rootHash), path: (consistency?.path ?? []).map(hex) })).toBe(true)
        const inclusion = await second.inclusionProof(position, large.treeSize)
        if (position >= large.treeSize) expect(inclusion).toBeUndefined()
        else expect(inclusion === undefined ? false : verifyInclusion({ index: inclusion.leafIndex, size: large.treeSize, leafHash: hex(inclusion.leafHash), path: inclusion.path.map(hex), root: hex(large.rootHash) })).toBe(true)
      }),
      { numRuns: 60 },
    )
    await second.stop()
    expect(CHUNK).toBe(256)
  })

  it('a head the database would not take is signed again at the next event, not lost', async () => {
    const store = memoryEventStore()
    const inner = memoryTreeHeads()
    let refuse = 1
    const errors: unknown[] = []
    const heads = { ...inner, saveHead: (head: SignedTreeHead) => (refuse-- > 0 ? (() => { throw new Error('SQLITE_BUSY') })() : inner.saveHead(head)) }
    const tree = treeLog({ store, heads, signer: headSigner(key.privateKeyPem), clock: manualClock('2026-03-02T01:00:00Z'), everyEvents: 2, onError: (e) => errors.push(e) })
    await tree.start()
    await fill(store, 0, 3)
    await tree.waitFor(2)
    await tree.stop()
    expect(errors).toHaveLength(1)
    expect(inner.heads().map((h) => h.treeSize)).toEqual([3])
  })

  it('proves events of a store whose positions have gaps (as EventStoreDB commit positions do)', async () => {
    const inner = memoryEventStore()
    // Position q of the inner store is 2q + 5 here.
    const inward = (from: number | undefined) => (from === undefined ? 0 : Math.max(0, Math.ceil((from - 5) / 2)))
    const out = (e: RecordedEvent): RecordedEvent => ({ ...e, position: 2 * e.position + 5 })
    const store: EventStore = {
      ...inner,
      readAll: async (o = {}) => (await inner.readAll({ ...o, fromPosition: inward(o.fromPosition) })).map(out),
      subscribe: (o = {}) =>
        (async function* () {
          for await (const e of inner.subscribe({ ...o, fromPosition: inward(o.fromPosition) })) yield out(e)
        })(),
    }
    const heads = memoryTreeHeads()
    const tree = treeLog({ store, heads, signer: headSigner(key.privateKeyPem), clock: manualClock('2026-03-02T01:00:00Z'), everyEvents: 300 })
    await tree.start()
    await fill(inner, 0, 300)
    await tree.waitFor(2 * 299 + 5)
    const [head] = heads.heads()
    expect(head?.treeSize).toBe(300)
    for (const index of [0, 17, 255, 256, 299]) {
      const proof = await tree.inclusionProof(2 * index + 5, 300)
      expect(proof?.leafIndex).toBe(index)
      expect(proof && verifyInclusion({ index, size: 300, leafHash: hex(proof.leafHash), path: proof.path.map(hex), root: hex(head?.rootHash ?? '') })).toBe(true)
    }
    expect(await tree.inclusionProof(6, 300)).toBeUndefined()
    await tree.stop()
  })
})
