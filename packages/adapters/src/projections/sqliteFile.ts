import type Database from 'better-sqlite3'
import { openDatabase, type OpenOptions } from '../sqlite/open.js'

/** One SQLite connection shared by several read models (one file, one WAL), closed into its file. */
export interface ReadModelFile {
  readonly db: Database.Database
  /** Folds the WAL into the file and closes: a closed read-model file is one file, whole. */
  close(): void
}

/** Opens a read-model file: WAL, synchronous=NORMAL unless asked (a read model is rebuilt from the log; its checkpoint commits with it). */
export const sqliteReadModelFile = (path: string, options: OpenOptions = {}): ReadModelFile => {
  const db = openDatabase(path, { synchronous: 'normal', ...options })
  // The case list keeps cases opened (names, phones): a row rewritten after an erasure, or deleted, must not leave its
  // old bytes in the page's free space or on the freelist (found in review: an erased complainant's id number was
  // still in the file). Freed content is overwritten with zeros; the WAL is folded in and truncated at close.
  db.pragma('secure_delete = ON')
  return {
    db,
    close: () => {
      if (!db.open) return
      if (path !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
