import type Database from 'better-sqlite3'

/**
 * Creates a read model's tables, first dropping them when the file holds another format of them (then the
 * model is empty and its checkpoint gone, so the runner rebuilds it from position 0, never misreads it).
 */
export const ensureFormat = (db: Database.Database, model: string, format: string, tables: readonly string[], schema: string, dropCheckpoint: () => void): void => {
  db.exec('CREATE TABLE IF NOT EXISTS read_model_formats (name TEXT PRIMARY KEY, format TEXT NOT NULL) STRICT')
  const known = db.prepare<[string], { format: string }>('SELECT format FROM read_model_formats WHERE name = ?').get(model)?.format
  db.transaction(() => {
    if (known !== format) {
      for (const table of tables) db.exec(`DROP TABLE IF EXISTS ${table}`)
      dropCheckpoint()
      db.prepare('INSERT INTO read_model_formats (name, format) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET format = excluded.format').run(model, format)
    }
    db.exec(schema)
  }).immediate()
}
