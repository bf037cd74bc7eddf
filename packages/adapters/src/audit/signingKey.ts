import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { treeHeadMessage, type SignedTreeHead, type TreeHead } from '@gridcase/core/audit'

/** Signs tree heads. The private key stays in this object; it never reaches the database. */
export interface HeadSigner {
  readonly keyId: string
  /** The public key as PEM (SPKI): what an auditor needs to check heads signed with this key. */
  readonly publicKeyPem: string
  readonly sign: (head: Omit<TreeHead, 'keyId'>) => SignedTreeHead
  /**
   * The private key, for the tree log's worker thread alone (handed to it in memory at its start, so it signs the heads
   * it computes off the appending thread): never written anywhere, never sent but to that thread.
   */
  readonly threadKey?: KeyObject
}

/** Checks tree heads with one or more public keys (old ones stay valid after a rotation). */
export interface HeadVerifier {
  readonly keyIds: readonly string[]
  /** 'ok', 'bad-signature', or 'unknown-key' when none of the keys is the one the head names. */
  readonly check: (head: SignedTreeHead) => 'ok' | 'bad-signature' | 'unknown-key'
}

/** The key id: hex SHA-256 of the raw 32-byte Ed25519 public key. */
export const keyIdOf = (publicKey: KeyObject): string => {
  const jwk = publicKey.export({ format: 'jwk' })
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.x === undefined) throw new Error('not an Ed25519 public key')
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex')
}

/** A signer from an Ed25519 private key in PEM (PKCS#8), e.g. as `openssl genpkey -algorithm ed25519` writes it. */
export const headSigner = (privateKeyPem: string): HeadSigner => {
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(privateKeyPem)
  } catch (error) {
    // OpenSSL's own words (`error:1E08010C:DECODER routines::unsupported`) say nothing of what was expected.
    throw new Error(`expected an Ed25519 private key in PEM (PKCS#8, as \`openssl genpkey -algorithm ed25519\` writes it): ${error instanceof Error ? error.message : String(error)}`)
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the tree-head key must be Ed25519, not ${privateKey.asymmetricKeyType ?? 'unknown'}`)
  const publicKey = createPublicKey(privateKey)
  const keyId = keyIdOf(publicKey)
  return {
    keyId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (unsigned) => signHead(privateKey, keyId, unsigned),
    threadKey: privateKey,
  }
}

/** A head signed with an Ed25519 private key whose key id is `keyId` (the signer's, and the tree thread's). */
export const signHead = (privateKey: KeyObject, keyId: string, unsigned: Omit<TreeHead, 'keyId'>): SignedTreeHead => {
  const head: TreeHead = { treeSize: unsigned.treeSize, rootHash: unsigned.rootHash, timestamp: unsigned.timestamp, keyId }
  return { ...head, signature: sign(null, treeHeadMessage(head), privateKey).toString('base64') }
}

/** A fresh Ed25519 key pair as PEM (for development, tests and `gridcase audit keygen`-style setup). */
export const generateHeadKey = (): { readonly privateKeyPem: string; readonly publicKeyPem: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

/** A verifier from public keys in PEM (SPKI). */
export const headVerifier = (publicKeyPems: readonly string[]): HeadVerifier => {
  const keys = new Map(
    publicKeyPems.map((pem) => {
      const key = createPublicKey(pem)
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a tree-head public key must be Ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`)
      return [keyIdOf(key), key] as const
    }),
  )
  return {
    keyIds: [...keys.keys()],
    check: (head) => {
      const key = keys.get(head.keyId)
      if (key === undefined) return 'unknown-key'
      return verify(null, treeHeadMessage(head), key, Buffer.from(head.signature, 'base64')) ? 'ok' : 'bad-signature'
    },
  }
}

/**
 * Where the server finds its signing key: a file (GRIDCASE_HEAD_KEY_FILE) or the PEM itself in an environment
 * variable (GRIDCASE_HEAD_KEY). Never in the database: whoever can write the database must not be able to sign.
 */
export const readHeadKey = (source: { readonly file?: string; readonly pem?: string }): HeadSigner | undefined => {
  if (source.pem !== undefined) return headSigner(source.pem)
  if (source.file !== undefined) {
    if (!existsSync(source.file)) throw new Error(`no tree-head signing key at ${source.file}`)
    return headSigner(readFileSync(source.file, 'utf8'))
  }
  return undefined
}
