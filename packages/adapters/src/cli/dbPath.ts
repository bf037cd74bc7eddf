import { existsSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'

/** What a CLI says of a `--db` naming a folder (not the log's file); undefined for anything else. One wording for every command. */
export const folderNotStore = (db: string): string | undefined =>
  existsSync(db) && statSync(db).isDirectory() ? `${db} is a folder, not an event store (give the log's file with --db)` : undefined

/**
 * What a CLI that writes the log says of a `--db` naming a SQLite file with no `events` table (the servers'
 * read-model file, another database), only read; undefined for a log, or a file it cannot read (said by the
 * store as before). Opened for writing, the store would create its tables in it (found: `erasure erase` and
 * `processes` made the log's tables in a read-model file). The wording is `gridcase audit`'s.
 */
export const notEventLog = (db: string): string | undefined => {
  if (!existsSync(db) || statSync(db).isDirectory()) return undefined
  let file: Database.Database | undefined
  try {
    // Only read, on a connection that may write: a read-only one leaves the `-shm` and `-wal` it makes for a WAL file
    // behind it, which the last connection that may write removes as it closes (a server's own stay with the server).
    file = new Database(db, { fileMustExist: true })
    const found = file.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'events'").get()?.n === 1
    return found ? undefined : `${db} holds no event log (no events table: a read-model file, or another SQLite database; give the log's file with --db)`
  } catch {
    return undefined
  } finally {
    file?.close()
  }
}
