import type Database from 'better-sqlite3'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { openDatabase, type OpenOptions } from '../sqlite/open.js'
import type { CheckpointStore, SavedProjection } from './checkpoints.js'

/**
 * Checkpoints and read models in a SQLite file (the event store's own file, or another):
 * the `checkpoints` table of the SQLite store plus a `read_models(name, state)` table,
 * both written in one transaction.
 */
export const sqliteCheckpointStore = (dbOrPath: Database.Database | string, options: OpenOptions = {}): CheckpointStore => {
  const owned = typeof dbOrPath === 'string'
  const db = typeof dbOrPath === 'string' ? openDatabase(dbOrPath, options) : dbOrPath
  const checkpoints = sqliteCheckpoints(db)
  db.exec('CREATE TABLE IF NOT EXISTS read_models (name TEXT PRIMARY KEY, state TEXT NOT NULL) STRICT')
  const select = db.prepare<[string], { state: string }>('SELECT state FROM read_models WHERE name = ?')
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO read_models (name, state) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state',
  )
  const remove = db.prepare<[string]>('DELETE FROM read_models WHERE name = ?')
  const saveAll = db.transaction((entries: readonly SavedProjection[]) => {
    for (const entry of entries) {
      upsert.run(entry.name, JSON.stringify(entry.state ?? null))
      checkpoints.save(entry.name, entry.position)
    }
  })
  const resetOne = db.transaction((name: string) => {
    remove.run(name)
    checkpoints.reset(name)
  })
  return {
    load: async (name) => {
      const position = checkpoints.load(name)
      const row = select.get(name)
      if (position === undefined || row === undefined) return undefined
      return { name, position, state: JSON.parse(row.state) as unknown }
    },
    save: async (entries) => {
      saveAll.immediate(entries)
    },
    reset: async (name) => {
      resetOne.immediate(name)
    },
    close: async () => {
      if (!owned || !db.open) return
      // Fold the WAL into the database file now: a closed read model is one file, whole, even while
      // another connection (an audit tool, a backup) still has it open and SQLite would keep the log.
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
