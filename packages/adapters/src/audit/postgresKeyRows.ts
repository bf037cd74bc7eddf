import type pg from 'pg'
import { tablesOf } from '../postgres/schema.js'
import type { KeyRowState } from './erasureAudit.js'

/** The key table in a PostgreSQL store's schema, read only (for `auditErasures`; apart from it: it loads the PostgreSQL client). */
export const postgresKeyRows = async (pool: pg.Pool, schema: string): Promise<Map<string, KeyRowState>> => {
  const rows = await pool.query<{ subject_id: string; destroyed: boolean }>(`SELECT subject_id, key IS NULL AS destroyed FROM ${tablesOf(schema).schema}.subject_keys`)
  return new Map(rows.rows.map((r) => [r.subject_id, r.destroyed ? 'destroyed' : 'kept']))
}
