import pg from 'pg'
import { checkout } from './checkout.js'
import { createSchema, lockKeys } from './locks.js'

/** A schema name as SQL (quoted), and the names of what the store keeps in it. */
export const tablesOf = (schema: string) => {
  const s = pg.escapeIdentifier(schema)
  return {
    schema: s,
    events: `${s}.events`,
    storeSchema: `${s}.store_schema`,
    /** LISTEN/NOTIFY channel of this log (a channel is per database, so it carries the schema's name). */
    channel: `gridcase_events:${schema}`,
  }
}

/**
 * The store's tables, one migration per step. Append new steps; never edit a shipped one (databases
 * in the field were built from it).
 */
const migrations = (t: ReturnType<typeof tablesOf>): readonly string[] => [
  // 0 → 1: the log. `position` is dense and follows commit order: appends take the log's transaction-scoped
  // advisory lock before they read max(position) (writer.ts says why). The unique (stream_id, version)
  // index serves readStream and is the last-line concurrency guard. `data` and `metadata` are `json`, not
  // `jsonb`: `json` keeps the text as written, and the hash chain was computed over what was written;
  // `data` is NULL only for an event that has no data. `recorded_at` is text: the exact string hashed.
  `CREATE TABLE ${t.events} (
     position       bigint  PRIMARY KEY,
     stream_id      text    NOT NULL,
     version        integer NOT NULL,
     event_id       text    NOT NULL,
     type           text    NOT NULL,
     schema_version integer NOT NULL,
     data           json,
     metadata       json    NOT NULL,
     recorded_at    text    NOT NULL,
     prev_hash      text    NOT NULL,
     hash           text    NOT NULL,
     CONSTRAINT events_stream_version UNIQUE (stream_id, version)
   )`,
  // 1 → 2: the log's Merkle tree (RFC 9162) and its signed heads, as in the SQLite store (audit/treeLog.ts): the root
  // of every complete run of 256 leaves, and every signed head. Derived from the log and checked against it, never
  // trusted; here so that every server over the database serves the same heads and none re-derives the tree at start.
  `CREATE TABLE ${t.schema}.merkle_chunks (
     chunk          integer PRIMARY KEY,
     first_position bigint  NOT NULL,
     last_position  bigint  NOT NULL,
     hash           bytea   NOT NULL
   );
   CREATE TABLE ${t.schema}.tree_heads (
     tree_size      bigint  PRIMARY KEY,
     root_hash      text    NOT NULL,
     timestamp      text    NOT NULL,
     key_id         text    NOT NULL,
     signature      text    NOT NULL
   )`,
  // 2 → 3: the data subjects' keys (crypto-shredding, docs/erasure.md), beside the log and not part of it: the log
  // verifies without them. A key row is never deleted: erasing sets `key` to NULL with when and the erasure count it
  // was made at (`erased_seq`), so the key is never recreated and every server can ask "what was erased since n?".
  // `subject_key_erasures.n` is bumped in the erasure's transaction: a server compares it with the count it last saw.
  `CREATE TABLE ${t.schema}.subject_keys (
     subject_id     text    PRIMARY KEY,
     key            bytea,
     erased_at      text,
     erased_seq     bigint,
     CONSTRAINT subject_keys_key_or_erased CHECK ((key IS NULL) = (erased_at IS NOT NULL))
   );
   CREATE INDEX subject_keys_erased_seq ON ${t.schema}.subject_keys (erased_seq) WHERE erased_seq IS NOT NULL;
   CREATE TABLE ${t.schema}.subject_key_erasures (
     id             integer PRIMARY KEY CHECK (id = 1),
     n              bigint  NOT NULL
   );
   INSERT INTO ${t.schema}.subject_key_erasures (id, n) VALUES (1, 0)`,
  // 3 → 4: no table changes. Sealed personal fields are written as `sealed:v2:<role>` from here on (core's privacy/
  // sealed.ts, SEALED_V2_PREFIX); a build from before would read such a marker as the value itself (and copy it into
  // the events it writes), so the version is raised with the format: an older build refuses the schema at start (stop
  // every server of an older build before the first of this one starts: one already running does not look again).
  // Events written before stay as they are (v1 markers, still read).
  `SELECT 1`,
]

/** Brings the schema up to this build's version under the migration lock; refuses one written by a newer build. */
export const migrate = async (pool: pg.Pool, schema: string): Promise<void> => {
  const t = tablesOf(schema)
  const steps = migrations(t)
  const { client, release } = await checkout(pool)
  try {
    await client.query('BEGIN')
    // Two servers starting at once on a fresh database must not both create the tables.
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockKeys.migrate, schema])
    await createSchema(client, t.schema)
    await client.query(`CREATE TABLE IF NOT EXISTS ${t.storeSchema} (version integer NOT NULL)`)
    const row = await client.query<{ version: number }>(`SELECT version FROM ${t.storeSchema}`)
    const current = row.rows[0]?.version ?? 0
    if (current > steps.length) throw new Error(`schema ${schema} has event-store schema ${current}; this build knows up to ${steps.length}`)
    for (let version = current; version < steps.length; version += 1) await client.query(steps[version] ?? '')
    if (row.rows.length === 0) await client.query(`INSERT INTO ${t.storeSchema} (version) VALUES ($1)`, [steps.length])
    else if (current !== steps.length) await client.query(`UPDATE ${t.storeSchema} SET version = $1`, [steps.length])
    await client.query('COMMIT')
    release()
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    release(true)
    throw error
  }
}

/**
 * The oldest event-store schema a read-only session of this build reads: every table is there from 3 on, and 4 only
 * changed how sealed fields are written (v1 markers are still read). An auditor's newer CLI can so verify a log whose
 * servers have not been upgraded yet.
 */
const READABLE_FROM = 3

/** Whether `schema` has the table `table` (false for a schema that does not exist either). */
export const hasTable = async (pool: pg.Pool, schema: string, table: string): Promise<boolean> =>
  (await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`])).rows[0]?.found != null

/**
 * Checks the schema is there and its version, creating and migrating nothing. A missing schema or table is an error
 * naming it, never an empty log called verified. For reading (the audit CLI, a read-only store) any version from
 * `READABLE_FROM` to this build's is taken; for a CLI about to write (`erasure erase`, `calendar` loads: checked before
 * their store opens, since opening a writable store migrates the schema), only this build's: it must not migrate the
 * schema, or write, under an older server still running (one that reads v2 markers as names), so it is told to start a
 * server of this build first.
 */
export const checkSchema = async (pool: pg.Pool, schema: string, use: 'read' | 'write' = 'read'): Promise<void> => {
  const t = tablesOf(schema)
  const steps = migrations(t).length
  const present = await pool.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found', [schema])
  if (present.rows[0]?.found !== true) throw schemaProblem(`no schema ${schema} in the database (give the log's schema with --schema)`)
  for (const table of ['store_schema', 'events', 'merkle_chunks', 'tree_heads', 'subject_keys', 'subject_key_erasures']) {
    if (!(await hasTable(pool, schema, table))) throw schemaProblem(`schema ${schema} has no table ${table}: not a gridcase event store (or one never started)`)
  }
  const version = (await pool.query<{ version: number }>(`SELECT version FROM ${t.storeSchema}`)).rows[0]?.version ?? 0
  if (version > steps) throw schemaProblem(`schema ${schema} has event-store schema ${version}; this build knows up to ${steps} (use a build as new as the servers')`)
  if (use === 'write' ? version !== steps : version < READABLE_FROM) {
    const reads = use === 'write' ? `${steps}` : `${READABLE_FROM} to ${steps}`
    throw schemaProblem(`schema ${schema} has event-store schema ${version}; this build ${use === 'write' ? 'writes' : 'reads'} ${reads} (start a server of this build on it first)`)
  }
}

const SCHEMA_PROBLEM = 'gridcase-schema'

/** A schema `checkSchema` refuses (missing, not a store, another version): the command line's to correct, not the database failing. */
const schemaProblem = (message: string): Error => Object.assign(new Error(message), { code: SCHEMA_PROBLEM })

/**
 * Whether `checkSchema` refused the schema (exit 2: give another --schema, start a server of this build), rather than
 * the database failing under it — not reachable, a login refused, the connection ended (exit 3).
 */
export const isSchemaProblem = (error: unknown): boolean => error instanceof Error && (error as { readonly code?: unknown }).code === SCHEMA_PROBLEM
