import type Database from 'better-sqlite3'
import { openDatabase, type OpenOptions } from '../sqlite/open.js'
import { walCheckpointsOnThread, type WalCheckpoints } from '../sqlite/walCheckpoints.js'

/** One SQLite connection shared by several read models (one file, one WAL), closed into its file. */
export interface ReadModelFile {
  readonly db: Database.Database
  /** With `checkpoints: 'thread'`: what the checkpoint thread did so far; undefined otherwise. */
  readonly walCheckpoints?: () => ReturnType<WalCheckpoints['done']> | undefined
  /** Folds the WAL into the file and closes: a closed read-model file is one file, whole. */
  close(): void
}

/** Opens a read-model file: WAL, synchronous=NORMAL unless asked (a read model is rebuilt from the log; its checkpoint commits with it). */
export const sqliteReadModelFile = (
  path: string,
  options: OpenOptions & {
    /** Who copies the WAL into the file: SQLite inside the commit that crosses its threshold ('commit', default) or a thread of its own (see walCheckpointsOnThread). */
    readonly checkpoints?: 'commit' | 'thread'
  } = {},
): ReadModelFile => {
  const { checkpoints, ...open } = options
  const db = openDatabase(path, { synchronous: 'normal', ...open })
  // The case list keeps cases opened (names, phones): a row rewritten after an erasure, or deleted, must not leave its
  // old bytes in the page's free space or on the freelist (found in review: an erased complainant's id number was
  // still in the file). Freed content is overwritten with zeros; the WAL is folded in and truncated at close.
  db.pragma('secure_delete = ON')
  const checkpointer = checkpoints === 'thread' && path !== ':memory:' ? walCheckpointsOnThread(db) : undefined
  return {
    db,
    walCheckpoints: () => checkpointer?.done(),
    close: () => {
      if (!db.open) return
      // The thread is told to stop; a checkpoint of its still running is waited for by this one (the busy timeout).
      void checkpointer?.stop()
      if (path !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
