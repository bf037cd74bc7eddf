import { oldestKey } from '@gridcase/core'
import type Database from 'better-sqlite3'

/**
 * The most statements a read model keeps prepared. A read's SQL text can follow its query: a dashboard's page of
 * exclusions merges one index range per China month and day of the period (`exclusionWalk`: thousands of texts over the
 * periods a client may ask), a list's filters are written into its WHERE. A few dozen texts serve a street office's
 * reads; past the bound the oldest is dropped (prepared again if asked again), so no client's choice of periods grows
 * the process.
 */
export const MAX_STATEMENTS = 256

/** Statements prepared on `db` by their SQL text, each once, at most `max` kept (the oldest dropped first). */
export const statementCache = (db: Database.Database, max = MAX_STATEMENTS): ((sql: string) => Database.Statement) => {
  const statements = new Map<string, Database.Statement>()
  const oldest = oldestKey(statements)
  return (sql) => {
    const kept = statements.get(sql)
    if (kept !== undefined) return kept
    const statement = db.prepare(sql)
    if (statements.size >= max) statements.delete(oldest.next() as string)
    statements.set(sql, statement)
    return statement
  }
}
