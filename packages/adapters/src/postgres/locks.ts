/**
 * The advisory lock keys the PostgreSQL store takes, as the first half of the two-key form
 * `pg_advisory_xact_lock(key, hashtext(schema))`: one lock per log (schema). Other parts that take
 * advisory locks in the same database (projection leases) must use other first keys.
 */
export const lockKeys = {
  /** Held by every append transaction until it commits: positions follow commit order. */
  append: 0x67726964, // 'grid'
  /** Held while the tables are created or migrated. */
  migrate: 0x67726965,
  /** Held while a read model's tables are created or rebuilt for a new format. */
  readModels: 0x67726966,
  /** Held by every write transaction of the webhook outbox (webhooks/postgresStore.ts says why). */
  webhooks: 0x67726967,
  /**
   * Held while a schema is created (`createSchema`): each part creates the schema it uses under its own lock, and
   * PostgreSQL's `CREATE SCHEMA IF NOT EXISTS` is not safe against a concurrent one (both see none; the second fails on
   * pg_namespace's unique index), so a store's migration and a read model's tables made at once on a fresh database raced.
   */
  schema: 0x67726968,
} as const

/** Minimal client: what `createSchema` calls. */
interface Queries {
  query(text: string, values?: unknown[]): Promise<unknown>
}

/**
 * `CREATE SCHEMA IF NOT EXISTS` under the schema-creation lock, inside the caller's transaction (the lock is held until it
 * ends). `quoted`: the schema's identifier as written in SQL (every part writes it the same way: `tablesOf`).
 */
export const createSchema = async (client: Queries, quoted: string): Promise<void> => {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockKeys.schema, quoted])
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`)
}
