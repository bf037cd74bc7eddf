import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { readFile, unlink } from 'node:fs/promises'
import { Readable } from 'node:stream'
import pg from 'pg'
import { createSchema } from '../postgres/locks.js'
import type { AttachmentInfo, AttachmentStore } from './store.js'

const HEX64 = /^[0-9a-f]{64}$/
/** Bytes read per query when a file is streamed out (a 10 MB file is never one buffer in the client). */
const CHUNK = 1024 * 1024

interface Row {
  sha256: string
  size: string
  content_type: string
  uploaded_at: string
  uploaders: string[] | null
}

/**
 * Attachments in PostgreSQL, beside the log (DATABASE_URL): one `bytea` row per file, in the store's schema.
 * Why `bytea` and not large objects: a row is written in the same transaction as what is known of it, is
 * dumped, restored and replicated (logical replication too) with the rest of the schema, and is deleted by
 * deleting it; large objects live outside the schema (pg_largeobject), are not replicated logically, leak
 * unless unlinked, and need a transaction around every read. Files here are at most a few MB (the upload limit),
 * well under bytea's 1 GB; TOAST keeps them out of line, and reads stream them in 1 MB slices (`substring`).
 */
export const postgresAttachmentStore = (options: {
  readonly pool: pg.Pool
  readonly schema?: string
  readonly tempDir: string
  /** Told when an upload replaced a stored file whose bytes no longer hashed to its name: worth a warning. */
  readonly onRepaired?: (repair: { readonly sha256: string; readonly actual: string }) => void
}): AttachmentStore => {
  const { pool, tempDir } = options
  const s = pg.escapeIdentifier(options.schema ?? 'gridcase')
  const files = `${s}.attachments`
  const uploads = `${s}.attachment_uploads`
  mkdirSync(tempDir, { recursive: true, mode: 0o700 })
  const ready = (async () => {
    const client = await pool.connect()
    try {
      // Servers starting together on a fresh database must not both create the tables (IF NOT EXISTS races).
      await client.query('BEGIN')
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gridcase-attachments:${options.schema ?? 'gridcase'}`])
      await createSchema(client, s)
      await client.query(`CREATE TABLE IF NOT EXISTS ${files} (
        sha256 text PRIMARY KEY, size bigint NOT NULL, content_type text NOT NULL, uploaded_at text NOT NULL, content bytea NOT NULL)`)
      await client.query(`CREATE TABLE IF NOT EXISTS ${uploads} (
        sha256 text NOT NULL REFERENCES ${files} (sha256) ON DELETE CASCADE, uploader text NOT NULL, at text NOT NULL, PRIMARY KEY (sha256, uploader))`)
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  })()
  ready.catch(() => undefined)
  const SELECT = `SELECT f.sha256, f.size, f.content_type, f.uploaded_at, (SELECT array_agg(u.uploader ORDER BY u.at) FROM ${uploads} u WHERE u.sha256 = f.sha256) AS uploaders FROM ${files} f`
  const toInfo = (r: Row): AttachmentInfo => ({ sha256: r.sha256, size: Number(r.size), contentType: r.content_type, uploadedAt: r.uploaded_at, uploaders: r.uploaders ?? [] })
  const info = async (sha256: string): Promise<AttachmentInfo | undefined> => {
    if (!HEX64.test(sha256)) return undefined
    await ready
    const row = (await pool.query<Row>(`${SELECT} WHERE f.sha256 = $1`, [sha256])).rows[0]
    return row === undefined ? undefined : toInfo(row)
  }
  const size = async (sha256: string): Promise<number | undefined> => {
    const row = (await pool.query<{ n: string }>(`SELECT octet_length(content) AS n FROM ${files} WHERE sha256 = $1`, [sha256])).rows[0]
    return row === undefined ? undefined : Number(row.n)
  }
  const slices = async function* (sha256: string, total: number): AsyncGenerator<Buffer> {
    for (let from = 0; from < total; from += CHUNK) {
      const row = (await pool.query<{ part: Buffer }>(`SELECT substring(content FROM $2 FOR $3) AS part FROM ${files} WHERE sha256 = $1`, [sha256, from + 1, CHUNK])).rows[0]
      if (row === undefined) return
      yield row.part
    }
  }

  return {
    tempDir,
    adopt: async (file, uploader) => {
      await ready
      const content = await readFile(file.tempPath)
      await unlink(file.tempPath).catch(() => undefined)
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        // Held already: kept when its bytes still hash to its name (the database hashes them), replaced when not.
        const repaired = await client.query<{ actual: string }>(
          `WITH held AS (SELECT encode(sha256(content), 'hex') AS actual FROM ${files} WHERE sha256 = $1)
           INSERT INTO ${files} AS f (sha256, size, content_type, uploaded_at, content) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (sha256) DO UPDATE SET content = EXCLUDED.content, size = EXCLUDED.size WHERE encode(sha256(f.content), 'hex') <> EXCLUDED.sha256
           RETURNING (SELECT actual FROM held) AS actual`,
          [file.sha256, file.size, file.contentType, uploader.at, content],
        )
        const actual = repaired.rows[0]?.actual
        await client.query(`INSERT INTO ${uploads} (sha256, uploader, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [file.sha256, uploader.id, uploader.at])
        await client.query('COMMIT')
        if (actual !== undefined && actual !== null) options.onRepaired?.({ sha256: file.sha256, actual })
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
      const kept = await info(file.sha256)
      if (kept === undefined) throw new Error(`attachment ${file.sha256} was not recorded`)
      return kept
    },
    info,
    has: async (sha256) => (await info(sha256)) !== undefined,
    read: async (sha256) => {
      if (!HEX64.test(sha256)) return undefined
      await ready
      const total = await size(sha256)
      return total === undefined ? undefined : Readable.from(slices(sha256, total))
    },
    check: async (sha256) => {
      if (!HEX64.test(sha256)) return { status: 'missing' }
      await ready
      const total = await size(sha256)
      if (total === undefined) return { status: 'missing' }
      const hash = createHash('sha256')
      for await (const part of slices(sha256, total)) hash.update(part)
      const actual = hash.digest('hex')
      return actual === sha256 ? { status: 'ok' } : { status: 'altered', actual }
    },
    list: async () => {
      await ready
      return (await pool.query<Row>(`${SELECT} ORDER BY f.uploaded_at`)).rows.map(toInfo)
    },
    remove: async (sha256) => {
      await ready
      await pool.query(`DELETE FROM ${files} WHERE sha256 = $1`, [sha256])
    },
    close: async () => {
      await ready.catch(() => undefined)
    },
  }
}
