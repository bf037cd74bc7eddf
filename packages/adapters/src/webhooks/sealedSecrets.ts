import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createFileOnce } from '../durableFile.js'

/**
 * Webhook signing secrets at rest (加密存储): sealed with AES-256-GCM under a key kept outside the database (a file
 * or the environment, as the tree-head signing key is), bound to their subscription's id (the additional data), so a
 * copy of the database — a backup, a replica, a reader of the schema — holds no secret it could sign deliveries with.
 */
export interface SecretSealer {
  /** The text to store for `secret` of subscription `id`. */
  seal(id: string, secret: string): string
  /** The secret from what was stored; one stored in clear (before a key was configured) is read as it is. */
  open(id: string, stored: string): string
  /** Whether new secrets are sealed (false: kept in clear, no key configured). */
  readonly sealing: boolean
}

const PREFIX = 'gridcase-sealed-1:'
const IV_BYTES = 12
const TAG_BYTES = 16

/** The key's size: AES-256. */
export const WEBHOOK_SECRETS_KEY_BYTES = 32

/** A new key, as its file or GRIDCASE_WEBHOOK_SECRETS_KEY holds it: 32 random bytes in base64. */
export const generateWebhookSecretsKey = (): string => randomBytes(WEBHOOK_SECRETS_KEY_BYTES).toString('base64')

/**
 * Overwrites bytes that held a secret in clear, once read: a small Buffer (Buffer.from, Buffer.concat) is cut from a
 * pool slab Node shares, kept while any other Buffer cut from it lives, its bytes there until overwritten — a secret
 * would outlive its use there, in any heap dump or core file. (The string made from them lives until collected.)
 */
export const wipe = (...buffers: readonly Uint8Array[]): void => {
  for (const b of buffers) b.fill(0)
}

/** Is this stored value sealed (not a secret kept in clear)? */
export const isSealedSecret = (stored: string): boolean => stored.startsWith(PREFIX)

const refuseSealed = (id: string): never => {
  throw new Error(`the signing secret of webhook subscription ${id} is sealed and no GRIDCASE_WEBHOOK_SECRETS_KEY(_FILE) is configured to open it`)
}

/** Without a key: secrets are kept (and read) in clear; a sealed one cannot be opened. */
export const clearSecrets: SecretSealer = {
  sealing: false,
  seal: (_id, secret) => secret,
  open: (id, stored) => (isSealedSecret(stored) ? refuseSealed(id) : stored),
}

/** Seals and opens with `key` (32 bytes). */
export const secretSealer = (key: Uint8Array): SecretSealer => {
  if (key.length !== WEBHOOK_SECRETS_KEY_BYTES) throw new Error(`a webhook secrets key is ${WEBHOOK_SECRETS_KEY_BYTES} bytes, not ${key.length}`)
  const k = Buffer.from(key)
  return {
    sealing: true,
    seal: (id, secret) => {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', k, iv)
      cipher.setAAD(Buffer.from(id, 'utf8'))
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
      return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`
    },
    open: (id, stored) => {
      if (!isSealedSecret(stored)) return stored
      const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64')
      const decipher = createDecipheriv('aes-256-gcm', k, bytes.subarray(0, IV_BYTES))
      decipher.setAAD(Buffer.from(id, 'utf8'))
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      const parts: Buffer[] = []
      try {
        parts.push(decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)))
        parts.push(decipher.final())
      } catch {
        wipe(...parts)
        throw new Error(`the signing secret of webhook subscription ${id} does not open with the configured key (another key, or altered)`)
      }
      const clear = Buffer.concat(parts)
      try {
        return clear.toString('utf8')
      } finally {
        wipe(clear, ...parts)
      }
    },
  }
}

/**
 * What sealing the secrets kept in clear comes to — those stored before a key was configured, sealed once a key is:
 * configuring the key is what takes them out of the database, not only the secrets made after it. Given the stored
 * secrets of the subscriptions not deleted (active or disabled), each clear one with the text to store instead; nothing without a key. A key that does
 * not open the secrets already sealed (one is tried) is refused, naming the variable: sealed under it, the secrets
 * would be split between two keys, and no one key could open them all.
 */
export const sealingsOfClear = (
  rows: readonly { readonly id: string; readonly secret: string }[],
  secrets: SecretSealer,
): readonly { readonly id: string; readonly clear: string; readonly sealed: string }[] => {
  if (!secrets.sealing) return []
  const clear = rows.filter((row) => !isSealedSecret(row.secret))
  if (clear.length === 0) return []
  const sealedOne = rows.find((row) => isSealedSecret(row.secret))
  if (sealedOne !== undefined) {
    try {
      secrets.open(sealedOne.id, sealedOne.secret)
    } catch {
      throw new Error(
        `GRIDCASE_WEBHOOK_SECRETS_KEY(_FILE) does not open the webhook signing secrets already sealed (subscription ${sealedOne.id}): it is another key than theirs; the secrets kept in clear were left as they are`,
      )
    }
  }
  return clear.map((row) => ({ id: row.id, clear: row.secret, sealed: secrets.seal(row.id, row.secret) }))
}

const keyOf = (text: string, where: string): Uint8Array => {
  const trimmed = text.trim()
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0)
  if (bytes.length !== WEBHOOK_SECRETS_KEY_BYTES) throw new Error(`${where}: expected ${WEBHOOK_SECRETS_KEY_BYTES} bytes in base64 (e.g. \`openssl rand -base64 32\`)`)
  return bytes
}

/**
 * The sealer for the configured key: GRIDCASE_WEBHOOK_SECRETS_KEY (base64) or the file GRIDCASE_WEBHOOK_SECRETS_KEY_FILE
 * names (base64 in it); undefined when neither is given. A bad key throws, naming the variable.
 */
export const readWebhookSecretsKey = (source: { readonly file?: string; readonly base64?: string }): SecretSealer | undefined => {
  if (source.base64 !== undefined) return secretSealer(keyOf(source.base64, 'GRIDCASE_WEBHOOK_SECRETS_KEY'))
  if (source.file !== undefined) {
    if (!existsSync(source.file)) throw new Error(`GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: no key at ${source.file}`)
    return secretSealer(keyOf(readFileSync(source.file, 'utf8'), `GRIDCASE_WEBHOOK_SECRETS_KEY_FILE (${source.file})`))
  }
  return undefined
}

/** The key file a development server generates beside its data, and `gridcase processes` finds there. */
export const WEBHOOK_SECRETS_KEY_FILE = 'webhook-secrets.key'

/**
 * The sealer a server or `gridcase processes` uses: the configured key (GRIDCASE_WEBHOOK_SECRETS_KEY, or the file
 * GRIDCASE_WEBHOOK_SECRETS_KEY_FILE names), else the key file beside the data (DATA_DIR/webhook-secrets.key), else —
 * when `generate` (a development server) — a new key written there (0600), else none: secrets kept in clear. As the
 * tree-head signing key: never in the database. A bad key throws, naming the variable.
 */
export const webhookSecretsFor = (
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
  options: { readonly generate: boolean },
): { readonly secrets: SecretSealer; readonly source: string } => {
  const base64 = env['GRIDCASE_WEBHOOK_SECRETS_KEY']
  const file = env['GRIDCASE_WEBHOOK_SECRETS_KEY_FILE']
  const configured = readWebhookSecretsKey({ ...(base64 === undefined || base64 === '' ? {} : { base64 }), ...(file === undefined || file === '' ? {} : { file }) })
  if (configured !== undefined) return { secrets: configured, source: base64 !== undefined && base64 !== '' ? 'GRIDCASE_WEBHOOK_SECRETS_KEY' : 'GRIDCASE_WEBHOOK_SECRETS_KEY_FILE' }
  const beside = join(dataDir, WEBHOOK_SECRETS_KEY_FILE)
  if (!existsSync(beside)) {
    if (!options.generate) return { secrets: clearSecrets, source: 'none' }
    // Whole and on disk before any secret is sealed under it (a power cut must not leave it empty while the secrets
    // sealed under it survive); another process that wrote it first keeps its key: that one is the key.
    createFileOnce(beside, `${generateWebhookSecretsKey()}\n`)
  }
  return { secrets: secretSealer(keyOf(readFileSync(beside, 'utf8'), beside)), source: beside }
}
