// What a PostgreSQL suite needs: the server's connection string (from the global setup or DATABASE_URL),
// a `describe` that skips with the reason when there is no server, and a fresh schema per store so
// suites sharing one server stay independent.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { describe, inject } from 'vitest'

/** The connection string, or '' when the PostgreSQL suites skip. */
export const postgresUrl = (): string => inject('postgresUrl')

/** `describe` for a PostgreSQL suite: skips, naming why, when no server is available. */
export const describePostgres = (name: string, body: () => void): void => {
  const skip = inject('postgresSkip')
  if (skip === '') describe(name, body)
  else describe.skip(`${name} (${skip})`, body)
}

/** A schema name no other test uses. */
export const freshSchemaName = (): string => `t_${randomUUID().replaceAll('-', '').slice(0, 20)}`

/** Drops a schema a test made (and whatever it holds). */
export const dropSchema = async (url: string, schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
  } finally {
    await client.end()
  }
}
