// An auditor who holds no copy of the log checks, over HTTP, that an event is in a signed tree (inclusion, RFC 9162
// §2.1.3) and that a later signed tree extends an earlier one (consistency, §2.1.4) — with the public key alone:
// each head's signature with headVerifier, each proof with core's verifyInclusion / verifyConsistency, and the leaf
// re-derived from the event's position, stream, version and chain hash (logLeaf), not taken from the server.
//
// Run by hand against a running server (docs/tamper-evidence.md, "What an auditor does"):
//   B=http://localhost:8080 AUD="authorization: Bearer $TOKEN_AUDITOR" \
//     npx tsx examples/auditor/proofs.ts head.pub.pem[,old.pub.pem…] <position> [<earlier head size>]
//   (every public key the heads were signed with, comma-separated: after a key rotation the old one too)
//   (the position of an event: `position` in GET /api/v1/events or a case's history; the earlier head: one of
//   GET /api/v1/audit/heads, default the oldest; both proofs are checked against the newest head)
import { headVerifier } from '@gridcase/adapters'
import { fromHex, leafHash, logLeaf, toHex, verifyConsistency, verifyInclusion, type SignedTreeHead } from '@gridcase/core/audit'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** GET a path of the server as JSON (the auditor's token in the request); any status but 200 is an error. */
export type GetJson = (path: string) => Promise<unknown>

export interface ProofCheck {
  readonly newest: SignedTreeHead
  /** The event is in the tree the newest head signs, its leaf computed here. */
  readonly included: boolean
  /** The newest head's tree extends the earlier head's (undefined: only one head). */
  readonly consistent: boolean | undefined
  readonly earlier: SignedTreeHead | undefined
}

const hex = (h: string): Uint8Array => {
  const bytes = fromHex(h)
  if (bytes === undefined) throw new Error(`not a hex digest: ${h}`)
  return bytes
}

export const checkProofs = async (get: GetJson, publicKeysPem: readonly string[], position: number, earlierSize?: number): Promise<ProofCheck> => {
  const verifier = headVerifier(publicKeysPem)
  const signed = (head: SignedTreeHead): SignedTreeHead => {
    const result = verifier.check(head)
    if (result !== 'ok') throw new Error(`the head of ${head.treeSize} events does not verify (${result}, key ${head.keyId})`)
    return head
  }
  // Every page of heads (100 a page, in tree-size order; `next` is the size the next page starts at).
  const heads: SignedTreeHead[] = []
  for (let from: number | undefined = 0; from !== undefined;) {
    const page = (await get(`/api/v1/audit/heads?from=${from}`)) as { heads: SignedTreeHead[]; next?: number }
    heads.push(...page.heads)
    from = page.next
  }
  const newest = heads.at(-1)
  if (newest === undefined) throw new Error('no signed head yet')
  signed(newest)
  // Inclusion: { position, leafIndex, treeSize, leafHash, path, streamId, version, hash, head }.
  const inclusion = (await get(`/api/v1/audit/proof?position=${position}&head=${newest.treeSize}`)) as {
    leafIndex: number; treeSize: number; leafHash: string; path: string[]; streamId: string; version: number; hash: string; head: SignedTreeHead
  }
  const leaf = leafHash(logLeaf({ position, streamId: inclusion.streamId, version: inclusion.version }, inclusion.hash))
  const included = toHex(leaf) === inclusion.leafHash
    && verifyInclusion({ index: inclusion.leafIndex, size: newest.treeSize, leafHash: leaf, path: inclusion.path.map(hex), root: hex(newest.rootHash) })
  const earlier = earlierSize === undefined ? heads.find((h) => h.treeSize < newest.treeSize) : heads.find((h) => h.treeSize === earlierSize)
  if (earlier === undefined) return { newest, included, consistent: undefined, earlier }
  signed(earlier)
  // Consistency: { first, second, path, from, to } — from and to are the two signed heads.
  const consistency = (await get(`/api/v1/audit/proof?from=${earlier.treeSize}&to=${newest.treeSize}`)) as { path: string[] }
  const consistent = verifyConsistency({ first: earlier.treeSize, second: newest.treeSize, firstRoot: hex(earlier.rootHash), secondRoot: hex(newest.rootHash), path: consistency.path.map(hex) })
  return { newest, included, consistent, earlier }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [keyFile, at, earlier] = process.argv.slice(2)
  const base = process.env['B'] ?? 'http://localhost:8080'
  const auth = (process.env['AUD'] ?? '').replace(/^authorization:\s*/i, '')
  if (keyFile === undefined || at === undefined || !/^\d+$/.test(at) || (earlier !== undefined && !/^\d+$/.test(earlier)) || auth === '') {
    console.error('usage: B=<server> AUD="authorization: Bearer <auditor token>" npx tsx examples/auditor/proofs.ts <public key .pem>[,<old key .pem>…] <position> [<earlier head size>]')
    process.exit(2)
  }
  const get: GetJson = async (path) => {
    const res = await fetch(base + path, { headers: { authorization: auth } })
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  const result = await checkProofs(get, keyFile.split(',').map((file) => readFileSync(file, 'utf8')), Number(at), earlier === undefined ? undefined : Number(earlier))
  console.log(`inclusion of position ${at} in the signed head of ${result.newest.treeSize} events: ${result.included ? 'ok' : 'FAILED'}`)
  if (result.earlier !== undefined) console.log(`consistency of the signed head of ${result.earlier.treeSize} events with ${result.newest.treeSize}: ${result.consistent === true ? 'ok' : 'FAILED'}`)
  process.exit(result.included && result.consistent !== false ? 0 : 1)
}
