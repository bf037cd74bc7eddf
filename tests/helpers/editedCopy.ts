import Database from 'better-sqlite3'

/**
 * A copy of the SQLite file `db` at `copy` (SQLite's online backup: one state of the file, though a server is writing
 * it), edited by `edit` on a connection of its own, closed after: what a test that tampers with a log starts from.
 */
export const editedCopy = async <T>(db: string, copy: string, edit: (file: Database.Database) => T): Promise<T> => {
  const source = new Database(db)
  try {
    await source.backup(copy)
  } finally {
    source.close()
  }
  const file = new Database(copy)
  try {
    return edit(file)
  } finally {
    file.close()
  }
}
