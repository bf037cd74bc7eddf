import type Database from 'better-sqlite3'
import { openDatabase, type OpenOptions } from './open.js'

/**
 * Where projections record how far they have read. Synchronous on purpose: called
 * inside a better-sqlite3 transaction that also writes the read model, the
 * checkpoint and the model commit together.
 */
export interface SqliteCheckpoints {
  /** The database the table is in (where a process checkpoint's lease fence is checked: sqliteFenced). */
  readonly db: Database.Database
  /** The last global position the projection applied, or undefined if it never ran. */
  load(name: string): number | undefined
  save(name: string, position: number): void
  /** Forgets a checkpoint (before a rebuild from position 0). */
  reset(name: string): void
  /** Closes the file if these checkpoints opened it; a database passed in stays open. */
  close(): void
}

/** A `checkpoints(name, position)` table in a SQLite file (or an open database), created if missing. */
export const sqliteCheckpoints = (dbOrPath: Database.Database | string, options: OpenOptions = {}): SqliteCheckpoints => {
  const owned = typeof dbOrPath === 'string'
  const db = typeof dbOrPath === 'string' ? openDatabase(dbOrPath, options) : dbOrPath
  // Not part of the event-store migrations: the table may live in a read-model file whose user_version is not ours.
  db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) STRICT')
  const select = db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?')
  const upsert = db.prepare<[string, number]>(
    'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
  )
  const remove = db.prepare<[string]>('DELETE FROM checkpoints WHERE name = ?')
  return {
    db,
    load: (name) => select.get(name)?.position,
    save: (name, position) => {
      if (!Number.isSafeInteger(position) || position < -1) throw new RangeError(`checkpoint ${name}: bad position ${position}`)
      upsert.run(name, position)
    },
    reset: (name) => {
      remove.run(name)
    },
    close: () => {
      if (owned && db.open) db.close()
    },
  }
}
