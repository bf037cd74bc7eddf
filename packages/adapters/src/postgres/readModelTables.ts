import type pg from 'pg'
import { inTransaction } from './transaction.js'
import { createSchema, lockKeys } from './locks.js'
import { tablesOf } from './schema.js'

/** Where a PostgreSQL read model lives: the store's pool and schema (one schema is one log and its read models). */
export interface PgReadModelHome {
  /** Where the model answers a request from (a list, a dashboard read): the store's pool, with its statement bound. */
  readonly pool: pg.Pool
  readonly schema: string
  /**
   * Where the model is built (format change, catch-up, rebuild, reset): the store's `backgroundPool`, without the bound
   * (a batch of a rebuild takes what it takes; under the bound one longer than it would be cancelled for ever). Default `pool`.
   */
  readonly backgroundPool?: pg.Pool
}

/** The pool a read model is built on (`PgReadModelHome.backgroundPool`, else its pool). */
export const buildPool = (home: PgReadModelHome): pg.Pool => home.backgroundPool ?? home.pool

/** The tables every read model shares: checkpoints and the format each model's tables were built in. */
const shared = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.checkpoints (name text PRIMARY KEY, position bigint NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.read_model_formats (name text PRIMARY KEY, format text NOT NULL);
`

/**
 * Creates a read model's tables in the store's schema, first dropping them when they hold another format (the
 * model is then empty and its checkpoint gone, so the runner rebuilds it from position 0, never misreads it).
 * Under an advisory lock: servers starting together on a fresh database do not race on CREATE TABLE.
 */
export const ensurePgFormat = async (home: PgReadModelHome, model: string, format: string, tables: readonly string[], ddl: string): Promise<void> => {
  const { schema: s } = tablesOf(home.schema)
  await inTransaction(buildPool(home), async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockKeys.readModels, home.schema])
    await createSchema(client, s)
    await client.query(shared(s))
    const known = (await client.query<{ format: string }>(`SELECT format FROM ${s}.read_model_formats WHERE name = $1`, [model])).rows[0]?.format
    if (known !== format) {
      for (const table of tables) await client.query(`DROP TABLE IF EXISTS ${s}.${table}`)
      await client.query(`DELETE FROM ${s}.checkpoints WHERE name = $1`, [model])
      await client.query(
        `INSERT INTO ${s}.read_model_formats (name, format) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET format = excluded.format`,
        [model, format],
      )
    }
    await client.query(ddl)
  })
}

/** Creates tables (`ddl`, IF NOT EXISTS) under the read models' advisory lock: two servers doing it at once do not race in the catalog. */
export const ensurePgTables = (home: PgReadModelHome, ddl: string): Promise<void> =>
  inTransaction(buildPool(home), async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockKeys.readModels, home.schema])
    await createSchema(client, tablesOf(home.schema).schema)
    await client.query(ddl)
  })

/** The committed checkpoint of `name` (-1 before any). */
export const loadCheckpoint = async (queryable: pg.Pool | pg.PoolClient, schema: string, name: string): Promise<number> => {
  const row = (await queryable.query<{ position: string }>(`SELECT position FROM ${tablesOf(schema).schema}.checkpoints WHERE name = $1`, [name])).rows[0]
  return row === undefined ? -1 : Number(row.position)
}

/**
 * Reads the checkpoint of `name` inside the caller's transaction and locks its row until the commit: a second
 * runner (another server) applying the same events waits here, then reads the moved checkpoint and skips them.
 * That is what makes the effect exactly once under READ COMMITTED.
 */
export const lockCheckpoint = async (client: pg.PoolClient, schema: string, name: string): Promise<number> => {
  const s = tablesOf(schema).schema
  await client.query(`INSERT INTO ${s}.checkpoints (name, position) VALUES ($1, -1) ON CONFLICT (name) DO NOTHING`, [name])
  const row = (await client.query<{ position: string }>(`SELECT position FROM ${s}.checkpoints WHERE name = $1 FOR UPDATE`, [name])).rows[0]
  return row === undefined ? -1 : Number(row.position)
}

export const saveCheckpoint = async (client: pg.PoolClient, schema: string, name: string, position: number): Promise<void> => {
  if (!Number.isSafeInteger(position) || position < -1) throw new RangeError(`checkpoint ${name}: bad position ${position}`)
  await client.query(`UPDATE ${tablesOf(schema).schema}.checkpoints SET position = $2 WHERE name = $1`, [name, position])
}

/** `column` is `path` itself or a place below it: a range on a "C"-collated column (every `path/…` sorts between `path/` and `path0`). */
export const underPlacePg = (column: string, path: string, params: unknown[]): string => {
  params.push(path, `${path}/`, `${path}0`)
  const n = params.length
  return `(${column} = $${n - 2} OR (${column} >= $${n - 1} AND ${column} < $${n}))`
}
