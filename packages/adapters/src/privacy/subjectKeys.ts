import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { FieldCipher } from '@gridcase/core/privacy'
import Database from 'better-sqlite3'

/**
 * 数据主体密钥 — one AES-256 key per data subject, beside the log (a `subject_keys` table in the same SQLite
 * file, created on first use, not part of the log's migrations: the log stays verifiable without it).
 * Erasing a subject deletes its key row and overwrites the freed pages (secure_delete), so the key does not
 * linger in the file; WAL frames are checkpointed away right after. PostgreSQL will need the same table in its
 * schema (with the delete in the same transaction as the erasure event) and an async port; see docs/erasure.md.
 */
export interface SubjectKeys {
  /** The subject's key, created when `create` and none exists; undefined when absent (never created, or erased). */
  readonly keyOf: (subjectId: string, create: boolean) => Buffer | undefined
  /** Destroys the subject's key; true when there was one. */
  readonly destroy: (subjectId: string, at: string) => boolean
  /** Whether the subject was erased (its key destroyed), and when. */
  readonly erasedAt: (subjectId: string) => string | undefined
  readonly close: () => void
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS subject_keys (
  subject_id TEXT PRIMARY KEY,
  key        BLOB,
  erased_at  TEXT
) STRICT`

/** The key store in the SQLite file at `path` (its own connection). `readonly`: an audit copy; nothing is created. */
export const sqliteSubjectKeys = (path: string, options: { readonly readonly?: boolean } = {}): SubjectKeys => {
  const readonly = options.readonly === true
  const db = new Database(path, { readonly, fileMustExist: readonly })
  db.pragma('busy_timeout = 5000')
  if (!readonly) {
    db.pragma('secure_delete = ON')
    db.exec(SCHEMA)
  }
  const hasTable = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'subject_keys'").get()?.n === 1
  if (!hasTable) {
    // A log written without encryption (or an audit copy of one): no keys, nothing to open.
    return { keyOf: () => undefined, destroy: () => false, erasedAt: () => undefined, close: () => db.close() }
  }
  const select = db.prepare<[string], { key: Buffer | null; erased_at: string | null }>('SELECT key, erased_at FROM subject_keys WHERE subject_id = ?')
  const insert = readonly ? undefined : db.prepare<[string, Buffer]>('INSERT OR IGNORE INTO subject_keys (subject_id, key) VALUES (?, ?)')
  const erase = readonly ? undefined : db.prepare<[{ subject: string; at: string }]>('INSERT INTO subject_keys (subject_id, key, erased_at) VALUES (@subject, NULL, @at) ON CONFLICT (subject_id) DO UPDATE SET key = NULL, erased_at = @at WHERE key IS NOT NULL')
  // Keys are looked up on every read, not cached: an erasure by another process (the CLI) takes effect at once.
  return {
    keyOf: (subjectId, create) => {
      const row = select.get(subjectId)
      if (row !== undefined) return row.key ?? undefined
      if (!create || insert === undefined) return undefined
      insert.run(subjectId, randomBytes(32))
      return select.get(subjectId)?.key ?? undefined
    },
    destroy: (subjectId, at) => {
      if (erase === undefined) throw new Error(`${path} was opened read-only: no key can be destroyed`)
      const had = select.get(subjectId)?.key != null
      erase.run({ subject: subjectId, at })
      db.pragma('wal_checkpoint(TRUNCATE)')
      return had
    },
    erasedAt: (subjectId) => select.get(subjectId)?.erased_at ?? undefined,
    close: () => db.close(),
  }
}

const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * AES-256-GCM (node's crypto) over the subject keys: a fresh 96-bit IV per value, the subject id as
 * associated data (a sealed value moved to another subject does not open). Text: base64(iv ‖ ciphertext ‖ tag).
 */
export const aesGcmFieldCipher = (keys: SubjectKeys): FieldCipher => ({
  seal: (subjectId, plaintext) => {
    const key = keys.keyOf(subjectId, true)
    if (key === undefined) throw new Error(`the data subject ${subjectId} was erased: nothing more is written under its key`)
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(Buffer.from(subjectId, 'utf8'))
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')
  },
  open: (subjectId, sealed) => {
    const key = keys.keyOf(subjectId, false)
    if (key === undefined) return undefined
    const bytes = Buffer.from(sealed, 'base64')
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error(`a sealed field of ${subjectId} is too short to be AES-GCM`)
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(subjectId, 'utf8'))
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8')
  },
})
