import { ensurePgTables, loadCheckpoint, type PgReadModelHome } from '../postgres/readModelTables.js'
import { tablesOf } from '../postgres/schema.js'
import { LeaseFenced, type LeaseFence, type LeaseStore } from './lease.js'
import type { ProcessCheckpoints } from './runner.js'
import { dueDeadlineOf, type DeadlineSource } from './scheduler.js'

export const leaseTable = (s: string): string => `CREATE TABLE IF NOT EXISTS ${s}.process_leases (name text PRIMARY KEY, holder text NOT NULL, expires_at bigint NOT NULL)`

/**
 * Leases in a `process_leases` row per name in the store's schema (租约), the same rule as the SQLite lease: one
 * statement takes or renews the row only while it is ours or has ended, so two servers racing for it cannot both
 * win (the row lock of INSERT … ON CONFLICT DO UPDATE … WHERE serialises them).
 *
 * Why a row with an expiry and not an advisory lock: a session-level advisory lock belongs to one connection, which a
 * pool hands out and takes back (and a PgBouncer in transaction mode shares between clients), and a holder whose
 * connection silently died would not know it had lost the lock; a transaction-level one would hold a transaction
 * open for as long as the process runs. A row with an expiry survives connection churn, is visible (who runs what,
 * until when) and lets the runner notice a lost lease at its next renewal. What a stale holder could do between
 * losing the lease and noticing is harmless: every process command carries an id derived from its triggering event,
 * so a command issued twice is applied once, and what it writes beside the checkpoints (refusals, failures, the
 * checkpoint) is fenced by the row (`pgFence`): written only while the row is still its own.
 */
export const postgresLeases = (home: PgReadModelHome): LeaseStore => {
  const s = tablesOf(home.schema).schema
  const ready = ensurePgTables(home, leaseTable(s))
  ready.catch(() => undefined)
  return {
    acquire: async (name, holder, nowMs, ttlMs) => {
      if (!Number.isSafeInteger(nowMs) || !Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`lease ${name}: bad time ${nowMs} + ${ttlMs}`)
      await ready
      const result = await home.pool.query(
        `INSERT INTO ${s}.process_leases (name, holder, expires_at) VALUES ($1, $2, $3::bigint + $4::bigint)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE process_leases.holder = excluded.holder OR process_leases.expires_at <= $3::bigint`,
        [name, holder, nowMs, ttlMs],
      )
      return result.rowCount === 1
    },
    release: async (name, holder) => {
      await ready
      await home.pool.query(`DELETE FROM ${s}.process_leases WHERE name = $1 AND holder = $2`, [name, holder])
    },
    holder: async (name) => {
      await ready
      const row = (await home.pool.query<{ holder: string; expires_at: string }>(`SELECT holder, expires_at FROM ${s}.process_leases WHERE name = $1`, [name])).rows[0]
      return row === undefined ? undefined : { holder: row.holder, expiresAt: Number(row.expires_at) }
    },
  }
}

/**
 * The condition a write under `fence` (LeaseFence) adds to its statement, its two parameters from `$n` (the lease's
 * name, its holder): the lease row is still the writer's, share-locked, so that a take-over (an update of the row)
 * waits for the write to commit, and a write after a take-over sees it and applies nothing. `TRUE` without a fence.
 * A lease the schema keeps no row of (an embedder's own LeaseStore) is not checked, as in SQLite (sqliteFenced).
 */
export const pgFence = (schema: string, fence: LeaseFence | undefined, n: number): string =>
  fence === undefined
    ? 'TRUE'
    : `(EXISTS (SELECT 1 FROM ${schema}.process_leases WHERE name = $${n} AND holder = $${n + 1} FOR SHARE) OR NOT EXISTS (SELECT 1 FROM ${schema}.process_leases WHERE name = $${n}))`

/** Process checkpoints in the store schema's `checkpoints` table (beside the read models' own). */
export const postgresProcessCheckpoints = (home: PgReadModelHome): ProcessCheckpoints => {
  const s = tablesOf(home.schema).schema
  // The lease table too: a save under a fence reads it.
  const ready = ensurePgTables(home, `CREATE TABLE IF NOT EXISTS ${s}.checkpoints (name text PRIMARY KEY, position bigint NOT NULL); ${leaseTable(s)}`)
  ready.catch(() => undefined)
  return {
    load: async (name) => {
      await ready
      const position = await loadCheckpoint(home.pool, home.schema, name)
      return position === -1 ? undefined : position
    },
    save: async (name, position, fence) => {
      if (!Number.isSafeInteger(position) || position < -1) throw new RangeError(`checkpoint ${name}: bad position ${position}`)
      await ready
      const saved = await home.pool.query(
        `INSERT INTO ${s}.checkpoints (name, position) SELECT $1, $2 WHERE ${pgFence(s, fence, 3)} ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
        [name, position, ...(fence === undefined ? [] : [fence.lease, fence.holder])],
      )
      if (fence !== undefined && saved.rowCount === 0) throw new LeaseFenced(fence)
    },
  }
}

/** The running deadlines from the PostgreSQL dashboard read model's table (`postgresDashboard`, kept by the projection runner). */
export const postgresDeadlineSource = (home: PgReadModelHome): DeadlineSource => {
  const s = tablesOf(home.schema).schema
  return {
    // Only the rows whose time has come (`remind_at`, its partial index): not every past deadline (see DeadlineSource).
    due: async (now, limit) =>
      (
        await home.pool.query<Parameters<typeof dueDeadlineOf>[0]>(
          `SELECT stream_id, seq, case_type, case_id, jurisdiction, kind, deadline, set_at, closes FROM ${s}.dashboard_deadlines
           WHERE remind_at <= $1 ORDER BY remind_at, deadline, case_id COLLATE "C", seq LIMIT $2`,
          [now, limit],
        )
      ).rows.map(dueDeadlineOf),
    settle: async (d, next) => {
      await home.pool.query(
        `UPDATE ${s}.dashboard_deadlines SET remind_at = $6
         WHERE stream_id = $1 AND seq = $2 AND kind = $3 AND deadline = $4 AND set_at = $5`,
        [d.streamId, d.seq, d.kind, d.deadline, d.setAt, next ?? null],
      )
    },
  }
}
