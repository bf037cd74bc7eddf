import { ensurePgTables, type PgReadModelHome } from '../postgres/readModelTables.js'
import { tablesOf } from '../postgres/schema.js'
import { LeaseFenced } from './lease.js'
import { leaseTable, pgFence } from './postgresLease.js'
import { bodyOf, entryOf, refusalsOn, type ProcessRefusal, type ProcessRefusals } from './refusals.js'

// Within a scope: the jurisdiction itself or below it, compared by prefix without LIKE (a `_` in a path is no wildcard).
const SCOPE_SQL = (p: (n: number) => string, n: number) =>
  `(${p(n)}::text IS NULL OR (jurisdiction IS NULL AND strpos(${p(n)}, '/') = 0) OR jurisdiction = ${p(n)} OR substr(jurisdiction, 1, length(${p(n)}) + 1) = ${p(n)} || '/')`

/** In the PostgreSQL store's schema (`process_refusals`, beside `checkpoints`): shared by every server over it. */
export const postgresProcessRefusals = (home: PgReadModelHome): ProcessRefusals => {
  const s = tablesOf(home.schema).schema
  const ready = ensurePgTables(
    home,
    `CREATE TABLE IF NOT EXISTS ${s}.process_refusals (
      seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, process text NOT NULL, position bigint NOT NULL,
      kind text NOT NULL, status text NOT NULL, jurisdiction text, body jsonb NOT NULL);
    ${leaseTable(s)}`,
  )
  ready.catch(() => undefined)
  const p = (n: number) => `$${n}`
  const rowOf = (row: { seq: string; body: unknown }): ProcessRefusal => entryOf({ seq: row.seq, body: JSON.stringify(row.body) })
  return refusalsOn({
    load: async (id) => {
      await ready
      const row = (await home.pool.query<{ seq: string; body: unknown }>(`SELECT seq, body FROM ${s}.process_refusals WHERE id = $1`, [id])).rows[0]
      return row === undefined ? undefined : rowOf(row)
    },
    write: async (entry, fence) => {
      await ready
      const values = [entry.id, entry.process, entry.event.position, entry.kind, entry.status, entry.jurisdiction, bodyOf(entry)]
      // Under a fence, the statement applies only while the lease row is the writer's (pgFence: locked, so a take-over
      // waits for this write, or this write sees the take-over); no row written then: refused.
      const written =
        entry.seq === undefined
          ? // Two runners' reports of one refusal (a lease changing hands): the second counts as an attempt of the first.
            await home.pool.query(
              `INSERT INTO ${s}.process_refusals (id, process, position, kind, status, jurisdiction, body)
               SELECT $1, $2, $3, $4, $5, $6, $7::jsonb WHERE ${pgFence(s, fence, 8)}
               ON CONFLICT (id) DO UPDATE SET status = excluded.status, kind = excluded.kind, body = excluded.body`,
              [...values, ...(fence === undefined ? [] : [fence.lease, fence.holder])],
            )
          : await home.pool.query(`UPDATE ${s}.process_refusals SET status = $2, kind = $3, body = $4::jsonb WHERE id = $1 AND ${pgFence(s, fence, 5)}`, [
              entry.id, entry.status, entry.kind, bodyOf(entry), ...(fence === undefined ? [] : [fence.lease, fence.holder]),
            ])
      if (fence !== undefined && written.rowCount === 0) throw new LeaseFenced(fence)
    },
    page: async ({ scope, status, after, limit }) => {
      await ready
      const rows = await home.pool.query<{ seq: string; body: unknown }>(
        `SELECT seq, body FROM ${s}.process_refusals WHERE seq > $2 AND ($3::text IS NULL OR status = $3) AND ${SCOPE_SQL(p, 1)} ORDER BY seq LIMIT $4`,
        [scope ?? null, after ?? 0, status ?? null, limit],
      )
      return rows.rows.map(rowOf)
    },
    openFailures: async (process, position) => {
      await ready
      const rows = await home.pool.query<{ seq: string; body: unknown }>(
        `SELECT seq, body FROM ${s}.process_refusals WHERE process = $1 AND position <= $2 AND kind = 'failed' AND status = 'open'`,
        [process, position],
      )
      return rows.rows.map(rowOf)
    },
    open: async () => {
      await ready
      return Number((await home.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.process_refusals WHERE status = 'open'`)).rows[0]?.n ?? 0)
    },
  })
}
