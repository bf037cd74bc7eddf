import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

/**
 * How hard a commit waits for the disk.
 * - `full` (default): the WAL is fsync'd at every commit. An acknowledged append
 *   survives a killed process, an OS crash and a power cut.
 * - `normal`: the WAL is written (to the OS) at every commit and fsync'd only at
 *   checkpoints. An acknowledged append survives a killed process (SIGKILL) but the
 *   last commits before a power cut or kernel panic may be lost (never corrupted).
 */
export type SqliteSynchronous = 'full' | 'normal'

export interface OpenOptions {
  readonly synchronous?: SqliteSynchronous
  /** How long a writer waits for another connection's write lock before failing. */
  readonly busyTimeoutMs?: number
}

/** Opens (creating its folder) a SQLite file in WAL mode with a deliberate `synchronous` level. */
export const openDatabase = (path: string, options: OpenOptions = {}): Database.Database => {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 })
  try {
    // WAL: readers never block the writer and a commit is one sequential append to the log.
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${(options.synchronous ?? 'full').toUpperCase()}`)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
