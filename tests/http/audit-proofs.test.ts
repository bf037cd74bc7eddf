// Signed tree heads and proofs over HTTP, checked the way an outside auditor would: the signature with the
// published public key, and each proof with RFC 9162's verification algorithms (core's verifyInclusion /
// verifyConsistency, themselves checked against the Certificate Transparency vectors).
import { generateHeadKey, headSigner, headVerifier, memoryEventStore, memoryTreeHeads, treeLog, type TreeLog } from '@gridcase/adapters'
import { fromHex, verifyConsistency, verifyInclusion, type SignedTreeHead } from '@gridcase/core/audit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_B, openTicket, startServer, type TestServer } from './helpers/server.js'
import { checkProofs, type GetJson } from '../../examples/auditor/proofs.js'

let s: TestServer
let tree: TreeLog
const key = generateHeadKey()
const hex = (h: string) => fromHex(h) ?? new Uint8Array()

interface InclusionBody { position: number; leafIndex: number; treeSize: number; leafHash: string; path: string[]; head: SignedTreeHead }
interface ConsistencyBody { first: number; second: number; path: string[]; from: SignedTreeHead; to: SignedTreeHead }

beforeAll(async () => {
  const store = memoryEventStore()
  const heads = memoryTreeHeads()
  const signer = headSigner(key.privateKeyPem)
  tree = treeLog({ store, heads, signer, clock: { now: () => '2026-03-02T01:00:00.000Z' }, everyEvents: 3 })
  await tree.start()
  s = await startServer({ store, tree: { log: tree, heads, publicKeyPem: signer.publicKeyPem, keyId: signer.keyId } })
  for (let i = 0; i < 7; i += 1) await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket(i === 6 ? { jurisdiction: `${COMMUNITY_B}/grid-002` } : {}))
  await tree.waitFor(6)
  tree.signNow()
})
afterAll(async () => {
  await s.close()
  await tree.stop()
})

const heads = async () => (await (await s.call(actors.auditor, 'GET', '/api/v1/audit/heads')).json()) as { heads: SignedTreeHead[]; publicKey: string; keyId: string }

describe('GET /api/v1/audit/heads', () => {
  it('lists heads signed every 3 events (and the last on demand), each verifying with the published key', async () => {
    const body = await heads()
    expect(body.heads.map((h) => h.treeSize)).toEqual([3, 6, 7])
    const verifier = headVerifier([body.publicKey])
    expect(body.heads.map((h) => verifier.check(h))).toEqual(['ok', 'ok', 'ok'])
    expect(body.keyId).toBe(verifier.keyIds[0])
  })
  it('is for audit roles only, and names a bad parameter', async () => {
    expect((await s.call(actors.operator, 'GET', '/api/v1/audit/heads')).status).toBe(403)
    const bad = await s.call(actors.auditor, 'GET', '/api/v1/audit/heads?limit=0')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('query.limit')
  })
})

describe('GET /api/v1/audit/proof', () => {
  it('proves every event is in every signed tree that covers it', async () => {
    for (const head of (await heads()).heads) {
      for (let position = 0; position < head.treeSize; position += 1) {
        const res = await s.call(actors.auditor, 'GET', `/api/v1/audit/proof?position=${position}&head=${head.treeSize}`)
        expect(res.status).toBe(200)
        const proof = (await res.json()) as InclusionBody
        expect(proof.head).toEqual(head)
        expect(verifyInclusion({ index: proof.leafIndex, size: head.treeSize, leafHash: hex(proof.leafHash), path: proof.path.map(hex), root: hex(head.rootHash) })).toBe(true)
        // The same proof does not hold for a neighbouring leaf.
        expect(verifyInclusion({ index: proof.leafIndex, size: head.treeSize, leafHash: hex(proof.path[0] ?? proof.leafHash), path: proof.path.map(hex), root: hex(head.rootHash) })).toBe(head.treeSize === 1)
      }
    }
  })
  it('proves each later signed tree extends each earlier one', async () => {
    const all = (await heads()).heads
    for (const a of all) {
      for (const b of all.filter((h) => h.treeSize >= a.treeSize)) {
        const proof = (await (await s.call(actors.auditor, 'GET', `/api/v1/audit/proof?from=${a.treeSize}&to=${b.treeSize}`)).json()) as ConsistencyBody
        expect(verifyConsistency({ first: a.treeSize, second: b.treeSize, firstRoot: hex(a.rootHash), secondRoot: hex(b.rootHash), path: proof.path.map(hex) })).toBe(true)
      }
    }
  })
  it('answers 404 for an event outside the auditor’s scope (as for a missing one) and for a head never signed; 400 names the field', async () => {
    const outside = await s.call(actors.auditorB, 'GET', '/api/v1/audit/proof?position=0&head=7')
    const missing = await s.call(actors.auditorB, 'GET', '/api/v1/audit/proof?position=99&head=7')
    expect(outside.status).toBe(404)
    expect(missing.status).toBe(404)
    expect((await s.call(actors.auditorB, 'GET', '/api/v1/audit/proof?position=6&head=7')).status).toBe(200)
    expect((await s.call(actors.auditor, 'GET', '/api/v1/audit/proof?position=0&head=5')).status).toBe(404)
    const bad = await s.call(actors.auditor, 'GET', '/api/v1/audit/proof?position=x&head=7')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('query.position')
    expect((await s.call(actors.auditor, 'GET', '/api/v1/audit/proof?from=7&to=3')).status).toBe(400)
  })
})

describe('examples/auditor/proofs.ts, the check docs/tamper-evidence.md gives an auditor without a copy of the log', () => {
  // Found by an auditor following the docs: they named the proof routes and core's verifyInclusion / verifyConsistency,
  // but neither the answers' fields nor how to hold them to a signed head and the public key.
  const get: GetJson = async (path) => {
    const res = await s.call(actors.auditor, 'GET', path)
    expect(res.status, path).toBe(200)
    return res.json()
  }
  it('checks an event’s inclusion and the consistency of two signed heads with the public key alone', async () => {
    for (const position of [0, 4, 6]) {
      const result = await checkProofs(get, [key.publicKeyPem], position, 3)
      expect(result).toMatchObject({ included: true, consistent: true, newest: { treeSize: 7 }, earlier: { treeSize: 3 } })
    }
  })
  it('fails a proof whose event is not the one the leaf was computed from, and a head signed with another key', async () => {
    const lying: GetJson = async (path) => {
      const body = (await get(path)) as Record<string, unknown>
      return path.includes('position=') ? { ...body, version: (body['version'] as number) + 1 } : body
    }
    expect((await checkProofs(lying, [key.publicKeyPem], 4)).included).toBe(false)
    await expect(checkProofs(get, [generateHeadKey().publicKeyPem], 4)).rejects.toThrow(/does not verify \(unknown-key/)
  })
})
