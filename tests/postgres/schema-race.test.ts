// Every part that keeps tables in the store's schema creates the schema when it is first used, each under its own
// advisory lock: the store's migration, the read models' tables, the webhook outbox, the attachments. PostgreSQL's
// `CREATE SCHEMA IF NOT EXISTS` is not safe against a concurrent one (both see none, the second fails on
// pg_namespace_nspname_index), so a server and `gridcase processes` starting together on a fresh database could fail.
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { migrate } from '../../packages/adapters/src/postgres/schema.js'
import { ensurePgTables } from '../../packages/adapters/src/postgres/readModelTables.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

describePostgres('a fresh schema created by several parts at once', () => {
  let pool: pg.Pool
  const schemas: string[] = []
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl(), max: 8 })
  })
  afterAll(async () => {
    await pool.end()
    for (const s of schemas) await dropSchema(postgresUrl(), s)
  })

  it('the store’s migration and a read model’s tables, started together, both succeed (30 fresh schemas)', async () => {
    const failures: string[] = []
    for (let round = 0; round < 30; round += 1) {
      const schema = freshSchemaName()
      schemas.push(schema)
      const home = { pool, schema }
      const outcomes = await Promise.allSettled([
        migrate(pool, schema),
        ensurePgTables(home, `CREATE TABLE IF NOT EXISTS ${pg.escapeIdentifier(schema)}.race_a (id integer PRIMARY KEY)`),
        ensurePgTables(home, `CREATE TABLE IF NOT EXISTS ${pg.escapeIdentifier(schema)}.race_b (id integer PRIMARY KEY)`),
      ])
      for (const o of outcomes) if (o.status === 'rejected') failures.push(`${schema}: ${String((o.reason as Error).message)}`)
    }
    // Before: "duplicate key value violates unique constraint "pg_namespace_nspname_index"" in some rounds.
    expect(failures).toEqual([])
  }, 120_000)
})
