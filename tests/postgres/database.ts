// What a PostgreSQL suite needs: the server's connection string (from the global setup or DATABASE_URL),
// a `describe` that skips with the reason when there is no server, and a fresh schema per store so
// suites sharing one server stay independent.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { PgReadModelHome } from '@gridcase/adapters'
import { afterAll, beforeAll, describe, expect, inject } from 'vitest'
import { until } from '../helpers/until.js'

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

/**
 * A pool of `max` connections and a fresh schema for the read models of the describe block it is called in (its
 * `beforeAll`), the pool ended and the schema dropped after it. Read `pool` and `home` in tests, not at the call.
 */
export const pgHomeForBlock = (max: number): { readonly pool: pg.Pool; readonly home: PgReadModelHome } => {
  let pool: pg.Pool | undefined
  let home: PgReadModelHome | undefined
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl(), max })
    home = { pool, schema: freshSchemaName() }
  })
  afterAll(async () => {
    await pool?.end()
    if (home !== undefined) await dropSchema(postgresUrl(), home.schema)
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('pgHomeForBlock: read in a test, after the block\'s beforeAll')
    return value
  }
  return {
    get pool() {
      return ready(pool)
    },
    get home() {
      return ready(home)
    },
  }
}

/**
 * Rows read so far from each table of a schema (returned by sequential scans, fetched by index scans), once no session
 * named `appName` is open: a session hands its counters over when it ends. Statistics are read as a snapshot per
 * transaction, so each look clears it first.
 */
export const rowsReadOf = async (admin: pg.Client | pg.Pool, schema: string, appName: string): Promise<ReadonlyMap<string, number>> => {
  let open = ''
  await until(
    async () => {
      await admin.query('SELECT pg_stat_clear_snapshot()')
      open = (await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [appName])).rows[0]?.n ?? ''
      return open === '0'
    },
    { state: () => `${open} sessions named ${appName} still open` },
  )
  await admin.query('SELECT pg_stat_clear_snapshot()')
  const rows = await admin.query<{ relname: string; n: string }>(
    `SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS n FROM pg_stat_user_tables WHERE schemaname = $1`,
    [schema],
  )
  return new Map(rows.rows.map((r) => [r.relname, Number(r.n)]))
}

/**
 * Ends, from another session, the connection of a client `pool` has handed out and that is between queries, and expects
 * it heard (`hearClients`): no uncaught 'error' event (which ends a server's process), the failure given to the client's
 * next query, and the pool answering again once the broken client is dropped.
 */
export const expectEndedClientHeard = async (pool: pg.Pool): Promise<void> => {
  const uncaught: unknown[] = []
  const hear = (error: unknown) => uncaught.push(error)
  process.on('uncaughtException', hear)
  const admin = new pg.Client({ connectionString: postgresUrl() })
  await admin.connect()
  try {
    const client = await pool.connect()
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
    await admin.query('SELECT pg_terminate_backend($1)', [pid])
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(uncaught).toEqual([])
    await expect(client.query('SELECT 1')).rejects.toThrow()
    client.release(true)
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  } finally {
    process.off('uncaughtException', hear)
    await admin.end()
  }
}
