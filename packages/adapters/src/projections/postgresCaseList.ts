import type { RecordedEvent } from '@gridcase/core'
import { ERASED, erasedStreamOf } from '@gridcase/core/privacy'
import type { CaseScope } from '@gridcase/core/access'
import type pg from 'pg'
import { buildPool, ensurePgFormat, loadCheckpoint, lockCheckpoint, saveCheckpoint, underPlacePg, type PgReadModelHome } from '../postgres/readModelTables.js'
import { tablesOf } from '../postgres/schema.js'
import { inTransaction } from '../postgres/transaction.js'
import { firstClosing, foldCaseEvent, type FoldedCase, type StoredCase } from './caseListFold.js'
import type { CaseListKind, CaseListPage, CaseListQuery, CaseListReadModel, CaseListRow } from './readModel.js'

export interface PostgresCaseListOptions {
  /** Checkpoint name (default `case-list`). */
  readonly name?: string
  /** Told about an event that could not be folded; the case keeps its previous row, the checkpoint moves on. */
  readonly onFoldError?: (error: unknown, event: RecordedEvent) => void
}

const TABLES = ['case_list', 'case_list_residents', 'case_list_keys']

// Places compare byte-wise ("C"): the range `path/` … `path0` holds exactly the places below `path` whatever the
// database's default collation. `state` is json (written once per batch, read whole); `scope` is jsonb (queried).
const schemaOf = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.case_list (
  stream_id text PRIMARY KEY,
  kind text NOT NULL,
  case_id text NOT NULL,
  opened_at bigint NOT NULL,
  opened_time text NOT NULL,
  updated_time text NOT NULL,
  version integer NOT NULL,
  state json NOT NULL,
  listed boolean NOT NULL,
  status text,
  category text,
  jurisdiction text COLLATE "C",
  next_closes double precision,
  scope jsonb,
  scope_jurisdiction text COLLATE "C"
);
CREATE INDEX IF NOT EXISTS case_list_newest ON ${s}.case_list (kind, opened_at);
CREATE INDEX IF NOT EXISTS case_list_place ON ${s}.case_list (kind, scope_jurisdiction, opened_at);
CREATE TABLE IF NOT EXISTS ${s}.case_list_residents (
  stream_id text NOT NULL,
  resident_id text NOT NULL,
  PRIMARY KEY (stream_id, resident_id)
);
CREATE INDEX IF NOT EXISTS case_list_resident ON ${s}.case_list_residents (resident_id, stream_id);
CREATE TABLE IF NOT EXISTS ${s}.case_list_keys (command_id text PRIMARY KEY, stream_id text NOT NULL, request_hash text NOT NULL);
CREATE INDEX IF NOT EXISTS case_list_keys_stream ON ${s}.case_list_keys (stream_id);
`

interface StoredRow {
  readonly stream_id: string
  readonly case_id: string
  readonly opened_at: string
  readonly opened_time: string
  readonly updated_time: string
  readonly version: number
  readonly state: unknown
  readonly scope: string | null
}

/** A scope as one canonical text (keys sorted), so "did it change" is a string comparison with what jsonb gives back. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  )

/**
 * 案件列表 in PostgreSQL, beside the PostgreSQL event store (the same contract as `sqliteCaseList`): one row per case
 * in the store's schema, the actor's scope applied in the query. Each batch is one transaction that locks the
 * checkpoint row first, so several servers' runners apply every event once.
 */
export const postgresCaseList = (home: PgReadModelHome, kinds: readonly CaseListKind[], options: PostgresCaseListOptions = {}): CaseListReadModel => {
  const name = options.name ?? 'case-list'
  const s = tablesOf(home.schema).schema
  // Bump with the SQLite list's format when what a row holds changes (/6: `next_closes`, as SQLite's /6; /8: an erasure
  // forgets its case's idempotency fingerprints, as SQLite's /8; /9: the dispatch deadline, as SQLite's /9; /10: the 报到
  // deadline of a summoned department, as SQLite's /10; /12: a dispute's scope names its courts, as SQLite's /12;
  // /13: `updated_time` is when the case last moved, as SQLite's /13;
  // /14: a complaint's scope names its departments' offices, as SQLite's /14; /15: an hours deadline at 23:59:59 closes
  // at its instant, as SQLite's /15).
  // /16: the folded states gained members (a dispute's `enforcementApplied`, a complaint's `mediation.earlier`, `.latest`), as SQLite's /16.
  const ready = ensurePgFormat(home, name, 'gridcase-case-list/16', TABLES, schemaOf(s))
  ready.catch(() => undefined)
  const toStored = (row: StoredRow): StoredCase => ({
    streamId: row.stream_id,
    caseId: row.case_id,
    openedAt: Number(row.opened_at),
    openedTime: row.opened_time,
    updatedTime: row.updated_time,
    version: row.version,
    state: row.state,
    scope: row.scope,
  })

  const applyAll = (events: readonly RecordedEvent[]): Promise<number> =>
    inTransaction(buildPool(home), async (client) => {
      const at = await lockCheckpoint(client, home.schema, name)
      const fresh = events.filter((e) => e.position > at)
      if (fresh.length === 0) return at
      // Every case this batch touches, read in one query (an erasure names its case in its data).
      const wanted = new Set<string>()
      for (const e of fresh) wanted.add(erasedStreamOf(e) ?? e.streamId)
      const stored = new Map<string, StoredRow>()
      for (const row of (
        await client.query<StoredRow>(
          `SELECT stream_id, case_id, opened_at, opened_time, updated_time, version, state, scope::text AS scope FROM ${s}.case_list WHERE stream_id = ANY($1)`,
          [[...wanted]],
        )
      ).rows) stored.set(row.stream_id, row)

      const touched = new Map<string, FoldedCase>()
      const keys: { commandId: string; streamId: string; requestHash: string }[] = []
      const seenKeys = new Set<string>()
      const erased: string[] = []
      let last = at
      for (const event of fresh) {
        last = event.position
        const erasedCase = erasedStreamOf(event)
        if (erasedCase !== undefined) erased.push(erasedCase)
        const { commandId, requestHash } = event.metadata
        if (requestHash !== undefined && !seenKeys.has(commandId)) {
          seenKeys.add(commandId)
          keys.push({ commandId, streamId: event.streamId, requestHash })
        }
        try {
          foldCaseEvent(event, touched, kinds, (streamId) => {
            const row = stored.get(streamId)
            return row === undefined ? undefined : toStored(row)
          })
        } catch (error) {
          options.onFoldError?.(error, event)
        }
      }

      if (touched.size > 0) {
        const c = {
          streamId: [] as string[], kind: [] as string[], caseId: [] as string[], openedAt: [] as number[], openedTime: [] as string[],
          updatedTime: [] as string[], version: [] as number[], state: [] as string[], listed: [] as boolean[], status: [] as (string | null)[],
          category: [] as (string | null)[], jurisdiction: [] as (string | null)[], nextCloses: [] as (number | null)[], scope: [] as (string | null)[],
          scopeJurisdiction: [] as (string | null)[],
        }
        const rescoped: string[] = []
        const residents: { streamId: string[]; residentId: string[] } = { streamId: [], residentId: [] }
        for (const f of touched.values()) {
          const summary = f.kind.summarize(f.state)
          const scope = f.kind.caseType.scope(f.state)
          const scopeText = scope === undefined ? null : canonical(scope)
          c.streamId.push(f.streamId)
          c.kind.push(f.kind.path)
          c.caseId.push(f.caseId)
          c.openedAt.push(f.openedAt)
          c.openedTime.push(f.openedTime)
          c.updatedTime.push(f.updatedTime)
          c.version.push(f.version)
          c.state.push(JSON.stringify(f.state ?? null))
          c.listed.push(summary !== undefined)
          c.status.push(summary?.state ?? null)
          c.category.push(summary?.category ?? null)
          c.jurisdiction.push(summary?.jurisdiction ?? null)
          c.nextCloses.push(summary === undefined ? null : (firstClosing(summary.openDeadlines, summary.countedInHours) ?? null))
          c.scope.push(scopeText)
          c.scopeJurisdiction.push(scope?.jurisdiction ?? null)
          const storedScope = f.storedScope === null ? null : canonical(JSON.parse(f.storedScope))
          if (scopeText === storedScope) continue
          rescoped.push(f.streamId)
          if (scope === undefined) continue
          for (const resident of new Set([...(scope.ownerId === undefined ? [] : [scope.ownerId]), ...(scope.residents ?? [])])) {
            residents.streamId.push(f.streamId)
            residents.residentId.push(resident)
          }
        }
        await client.query(
          `INSERT INTO ${s}.case_list (stream_id, kind, case_id, opened_at, opened_time, updated_time, version, state, listed, status, category, jurisdiction, next_closes, scope, scope_jurisdiction)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::int[], $8::json[], $9::boolean[], $10::text[], $11::text[], $12::text[], $13::float8[], $14::jsonb[], $15::text[])
           ON CONFLICT (stream_id) DO UPDATE SET updated_time = excluded.updated_time, version = excluded.version, state = excluded.state,
             listed = excluded.listed, status = excluded.status, category = excluded.category, jurisdiction = excluded.jurisdiction,
             next_closes = excluded.next_closes, scope = excluded.scope, scope_jurisdiction = excluded.scope_jurisdiction`,
          [c.streamId, c.kind, c.caseId, c.openedAt, c.openedTime, c.updatedTime, c.version, c.state, c.listed, c.status, c.category, c.jurisdiction, c.nextCloses, c.scope, c.scopeJurisdiction],
        )
        if (rescoped.length > 0) await client.query(`DELETE FROM ${s}.case_list_residents WHERE stream_id = ANY($1)`, [rescoped])
        if (residents.streamId.length > 0) {
          await client.query(
            `INSERT INTO ${s}.case_list_residents (stream_id, resident_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
            [residents.streamId, residents.residentId],
          )
        }
      }
      if (keys.length > 0) {
        await client.query(
          `INSERT INTO ${s}.case_list_keys (command_id, stream_id, request_hash) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
          [keys.map((k) => k.commandId), keys.map((k) => k.streamId), keys.map((k) => k.requestHash)],
        )
      }
      // An erased case's keys stay used, their fingerprints are forgotten (as SQLite's list: see there).
      if (erased.length > 0) await client.query(`UPDATE ${s}.case_list_keys SET request_hash = $1 WHERE stream_id = ANY($2)`, [ERASED, erased])
      await saveCheckpoint(client, home.schema, name, last)
      return last
    })

  const list = async (q: CaseListQuery): Promise<CaseListPage> => {
    const params: unknown[] = [q.kind]
    const where = ['kind = $1', 'listed']
    const param = (value: unknown): string => {
      params.push(value)
      return `$${params.length}`
    }
    if (q.actor.role === 'resident') {
      where.push('scope IS NOT NULL', `stream_id IN (SELECT stream_id FROM ${s}.case_list_residents WHERE resident_id = ${param(q.actor.id)})`)
    } else {
      where.push(underPlacePg('scope_jurisdiction', q.actor.jurisdiction, params))
      // core's `canRead`, in SQL (as the SQLite list): a department officer lists only cases its department handles, a
      // mediator only cases assigned to them or routed to their committee, a court clerk only cases before the court.
      if (q.actor.role === 'department-officer') {
        // Through an office of its department at its place or under it (`CaseScope.offices`); a scope naming no offices,
        // by its departments. The office's place compared "C"-collated, as the range needs.
        if (q.actor.department === undefined) where.push('false')
        else {
          const department = param(q.actor.department)
          const office = underPlacePg(`((o->>'jurisdiction') COLLATE "C")`, q.actor.jurisdiction, params)
          where.push(
            `(CASE WHEN jsonb_typeof(scope->'offices') = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(scope->'offices') AS o WHERE o->>'department' = ${department} AND ${office})` +
              ` ELSE coalesce(scope->'departments', '[]'::jsonb) ? ${department} END)`,
          )
        }
      } else if (q.actor.role === 'court-clerk') {
        where.push(`scope->'court' = 'true'::jsonb`)
        // A clerk whose token names its court: that court's cases only (core's `canRead`).
        if (q.actor.court !== undefined) where.push(`coalesce(scope->'courts', '[]'::jsonb) ? ${param(q.actor.court.trim())}`)
      }
      else if (q.actor.role === 'mediator') {
        // Assigned to them, or routed (分流) to the committee they sit on.
        const committee = q.actor.committee === undefined ? 'false' : `scope->>'committee' = ${param(q.actor.committee)}`
        where.push(`(coalesce(scope->'mediators', '[]'::jsonb) ? ${param(q.actor.id)} OR ${committee})`)
      }
      // A mediation centre lists mediation cases only (a case type with mediators), not complaints.
      else if (q.actor.role === 'centre-officer') where.push(`scope ? 'mediators'`)
    }
    if (q.before !== undefined) where.push(`opened_at < ${param(q.before)}`)
    if (q.state !== undefined) where.push(`status = ${param(q.state)}`)
    if (q.category !== undefined) where.push(`category = ${param(q.category)}`)
    if (q.jurisdiction !== undefined) where.push(underPlacePg('jurisdiction', q.jurisdiction, params))
    // Overdue once its first running deadline has closed (a day deadline at 24:00 China time), as the SQLite list.
    if (q.overdue === true) where.push(`next_closes <= ${param(q.now)}`)
    else if (q.overdue === false) where.push(`(next_closes IS NULL OR next_closes > ${param(q.now)})`)
    const rows = (
      await home.pool.query<{ stream_id: string; case_id: string; state: unknown; version: number; opened_at: string; opened_time: string; updated_time: string; next_closes: number | null }>(
        `SELECT stream_id, case_id, state, version, opened_at, opened_time, updated_time, next_closes FROM ${s}.case_list
         WHERE ${where.join(' AND ')} ORDER BY opened_at DESC LIMIT ${param(q.limit + 1)}`,
        params,
      )
    ).rows
    const items: CaseListRow[] = rows.slice(0, q.limit).map((r) => ({
      caseId: r.case_id,
      streamId: r.stream_id,
      state: r.state,
      version: r.version,
      openedAt: Number(r.opened_at),
      openedTime: r.opened_time,
      updatedTime: r.updated_time,
      overdue: r.next_closes !== null && r.next_closes <= q.now,
    }))
    return { items, more: rows.length > q.limit }
  }

  const after = async <T>(work: () => Promise<T>): Promise<T> => {
    await ready
    return work()
  }

  return {
    name,
    checkpoint: () => after(() => loadCheckpoint(home.pool, home.schema, name)),
    apply: (events) => after(() => applyAll(events)),
    reset: () =>
      after(() =>
        inTransaction(buildPool(home), async (client: pg.PoolClient) => {
          await lockCheckpoint(client, home.schema, name)
          await client.query(`TRUNCATE ${s}.case_list, ${s}.case_list_residents, ${s}.case_list_keys`)
          await client.query(`DELETE FROM ${s}.checkpoints WHERE name = $1`, [name])
        }),
      ),
    list: (query) => after(() => list(query)),
    scopes: (streamIds) =>
      after(async () => {
        const found = new Map<string, CaseScope>()
        const rows = (await home.pool.query<{ stream_id: string; scope: CaseScope | null }>(`SELECT stream_id, scope FROM ${s}.case_list WHERE stream_id = ANY($1)`, [[...new Set(streamIds)]])).rows
        for (const r of rows) if (r.scope !== null) found.set(r.stream_id, r.scope)
        return found
      }),
    states: (streamIds) =>
      after(async () => {
        const rows = (await home.pool.query<{ stream_id: string; state: unknown }>(`SELECT stream_id, state FROM ${s}.case_list WHERE stream_id = ANY($1)`, [[...new Set(streamIds)]])).rows
        return new Map(rows.map((r) => [r.stream_id, r.state]))
      }),
    allCases: () => after(async () => (await buildPool(home).query<{ kind: string; case_id: string }>(`SELECT kind, case_id FROM ${s}.case_list ORDER BY opened_at`)).rows.map((r) => ({ kind: r.kind, caseId: r.case_id }))),
    keyed: (commandId) =>
      after(async () => {
        const row = (await home.pool.query<{ stream_id: string; request_hash: string }>(`SELECT stream_id, request_hash FROM ${s}.case_list_keys WHERE command_id = $1`, [commandId])).rows[0]
        return row === undefined ? undefined : { streamId: row.stream_id, requestHash: row.request_hash }
      }),
    // The pool is the store's: closed with it.
    close: async () => {
      await ready.catch(() => undefined)
    },
  }
}
