import { existsSync, statSync } from 'node:fs'

/** What a CLI says of a `--db` naming a folder (not the log's file); undefined for anything else. One wording for every command. */
export const folderNotStore = (db: string): string | undefined =>
  existsSync(db) && statSync(db).isDirectory() ? `${db} is a folder, not an event store (give the log's file with --db)` : undefined
