import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { createReadStream, mkdirSync, statSync } from 'node:fs'
import { mkdir, open, rename, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { openDatabase } from '../sqlite/open.js'
import type { AttachmentCheck, AttachmentInfo, AttachmentStore, ReceivedFile } from './store.js'

const HEX64 = /^[0-9a-f]{64}$/

/** Where a file lives under the attachments directory: `ab/cd/<sha256>` (two levels keep each folder small). */
export const attachmentPath = (dir: string, sha256: string): string => {
  if (!HEX64.test(sha256)) throw new Error(`not a sha-256: ${sha256}`)
  return join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256)
}

/** SHA-256 of a file's bytes, streamed (hex), or undefined when there is no such file. */
export const hashFile = (path: string): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    const stream = createReadStream(path)
    stream.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(undefined) : reject(error)))
    stream.on('data', (chunk) => hash.update(chunk))
    stream.on('end', () => resolve(hash.digest('hex')))
  })

/** Re-hashes the file kept for `sha256` under `dir` (reads only: what the audit CLI uses on a copy). */
export const checkAttachmentFile = async (dir: string, sha256: string): Promise<AttachmentCheck> => {
  const actual = await hashFile(attachmentPath(dir, sha256))
  return actual === undefined ? { status: 'missing' } : actual === sha256 ? { status: 'ok' } : { status: 'altered', actual }
}

/** The file-system calls that put an upload durably in place, apart so that a test can see their order. */
export interface PlacingFs {
  /** Flushes a file's bytes (and its size) to disk: fsync. */
  readonly syncFile: (path: string) => Promise<void>
  /** Flushes a directory's entries to disk (a name created, renamed into it): fsync of the directory. */
  readonly syncDirectory: (path: string) => Promise<void>
  readonly rename: (from: string, to: string) => Promise<void>
  /** `mkdir -p`: the first directory it created, undefined when all were there. */
  readonly mkdir: (path: string) => Promise<string | undefined>
}

const fsync = async (path: string): Promise<void> => {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export const nodePlacingFs: PlacingFs = {
  syncFile: fsync,
  syncDirectory: fsync,
  rename,
  mkdir: (path) => mkdir(path, { recursive: true, mode: 0o700 }),
}

export interface FileStoreOptions {
  readonly fs?: PlacingFs
  /** Told when an upload replaced a stored file whose bytes no longer hashed to its name (a disk fault, an insider): worth a warning. */
  readonly onRepaired?: (repair: { readonly sha256: string; readonly actual: string }) => void
}

interface Row {
  sha256: string
  size: number
  content_type: string
  uploaded_at: string
  uploaders: string
}

/**
 * Attachments in a directory (DATA_DIR/attachments): each file at `ab/cd/<sha256>`, written once by renaming the
 * checked upload into place (same file system: atomic), mode 0600; what is known of each (type, size, uploaders)
 * in `index.sqlite` beside them. A file is recorded only after it is durably in place — the upload fsynced, renamed,
 * its directory (and any directory made for it) fsynced — so neither a crash nor a power cut leaves a record of a
 * file that is not there; at worst a file nobody recorded, which an upload of the same bytes records and garbage
 * collection removes otherwise. An upload of bytes held already checks the stored file (a streamed re-hash) and
 * replaces it, atomically, when it was damaged.
 */
export const fileAttachmentStore = (dir: string, options: FileStoreOptions = {}): AttachmentStore => {
  const fs = options.fs ?? nodePlacingFs
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const tempDir = join(dir, 'tmp')
  mkdirSync(tempDir, { recursive: true, mode: 0o700 })
  const db: Database.Database = openDatabase(join(dir, 'index.sqlite'), { synchronous: 'full' })
  db.exec(`
    CREATE TABLE IF NOT EXISTS attachments (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, content_type TEXT NOT NULL, uploaded_at TEXT NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS attachment_uploads (sha256 TEXT NOT NULL, uploader TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (sha256, uploader)) STRICT;`)
  const insert = db.prepare<[string, number, string, string]>('INSERT OR IGNORE INTO attachments (sha256, size, content_type, uploaded_at) VALUES (?, ?, ?, ?)')
  const upload = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO attachment_uploads (sha256, uploader, at) VALUES (?, ?, ?)')
  const QUERY = `SELECT a.sha256, a.size, a.content_type, a.uploaded_at, coalesce((SELECT json_group_array(uploader) FROM attachment_uploads u WHERE u.sha256 = a.sha256), '[]') AS uploaders FROM attachments a`
  const one = db.prepare<[string], Row>(`${QUERY} WHERE a.sha256 = ?`)
  const all = db.prepare<[], Row>(`${QUERY} ORDER BY a.uploaded_at`)
  const sizeOf = db.prepare<[string], { size: number }>('SELECT size FROM attachments WHERE sha256 = ?')
  const forget = db.transaction((sha256: string) => {
    db.prepare('DELETE FROM attachment_uploads WHERE sha256 = ?').run(sha256)
    db.prepare('DELETE FROM attachments WHERE sha256 = ?').run(sha256)
  })
  const record = db.transaction((file: ReceivedFile, uploader: { id: string; at: string }) => {
    insert.run(file.sha256, file.size, file.contentType, uploader.at)
    upload.run(file.sha256, uploader.id, uploader.at)
  })
  const toInfo = (r: Row): AttachmentInfo => ({ sha256: r.sha256, size: r.size, contentType: r.content_type, uploadedAt: r.uploaded_at, uploaders: JSON.parse(r.uploaders) as string[] })
  const info = async (sha256: string): Promise<AttachmentInfo | undefined> => {
    const row = HEX64.test(sha256) ? one.get(sha256) : undefined
    return row === undefined ? undefined : toInfo(row)
  }

  return {
    tempDir,
    adopt: async (file, uploader) => {
      const target = attachmentPath(dir, file.sha256)
      const held = await hashFile(target)
      if (held === file.sha256) {
        // The same bytes are held already (deduplicated): the new copy goes.
        await unlink(file.tempPath).catch(() => undefined)
      } else {
        const shard = dirname(target)
        const made = await fs.mkdir(shard)
        // A directory made is durable once its parent is synced: `ab` in dir, `ab/cd` in `ab`.
        if (made !== undefined) for (let d = shard; ; d = dirname(d)) {
          await fs.syncDirectory(dirname(d))
          if (d === made || dirname(d) === d) break
        }
        await fs.syncFile(file.tempPath)
        // Over a damaged file too: a rename replaces it at once, never leaving a half-written one.
        await fs.rename(file.tempPath, target)
        await fs.syncDirectory(shard)
        if (held !== undefined) options.onRepaired?.({ sha256: file.sha256, actual: held })
      }
      record.immediate(file, uploader)
      const kept = await info(file.sha256)
      if (kept === undefined) throw new Error(`attachment ${file.sha256} was not recorded`)
      return kept
    },
    info,
    has: async (sha256) => HEX64.test(sha256) && one.get(sha256) !== undefined,
    read: async (sha256) => {
      if (!HEX64.test(sha256)) return undefined
      const path = attachmentPath(dir, sha256)
      const size = statSync(path, { throwIfNoEntry: false })?.size
      // Not re-hashed (docs/attachments.md: ~60% more CPU per read, and damage found only once the bytes are sent;
      // `audit verify` re-hashes), but a file cut short or grown is not served under its recorded size and hash: not held.
      const recorded = sizeOf.get(sha256)
      if (size === undefined || (recorded !== undefined && recorded.size !== size)) return undefined
      return createReadStream(path)
    },
    check: (sha256) => checkAttachmentFile(dir, sha256),
    list: async () => all.all().map(toInfo),
    remove: async (sha256) => {
      forget.immediate(sha256)
      await unlink(attachmentPath(dir, sha256)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error
      })
    },
    close: async () => {
      if (db.open) db.close()
    },
  }
}
