import type { RecordedEvent } from '@gridcase/core'
import { ERASED, erasedStreamOf } from '@gridcase/core/privacy'
import type { CaseScope } from '@gridcase/core/access'
import type Database from 'better-sqlite3'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { openDatabase, type OpenOptions } from '../sqlite/open.js'
import { foldedWrites } from './foldedWrites.js'
import { keptRows, lastKeys } from './keptRows.js'
import { ensureFormat } from './sqliteFormat.js'
import { inKeyOrder } from './pageSums.js'
import { firstClosing, foldCaseEvent, type FoldedCase, type StoredCase } from './caseListFold.js'
import type { CaseListKind, CaseListPage, CaseListQuery, CaseListReadModel, CaseListRow } from './readModel.js'
import type { SqliteApply } from './sqliteTogether.js'
import { statementCache } from './statementCache.js'

export interface SqliteCaseListOptions extends OpenOptions {
  /** Checkpoint name (default `case-list`). */
  readonly name?: string
  /** Told about an event that could not be folded; the case keeps its previous row, the checkpoint moves on. */
  readonly onFoldError?: (error: unknown, event: RecordedEvent) => void
}

// Not part of the event-store migrations: the tables may live in a read-model file of their own.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS case_list (
  stream_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  case_id TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  opened_time TEXT NOT NULL,
  updated_time TEXT NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  listed INTEGER NOT NULL,
  status TEXT,
  category TEXT,
  jurisdiction TEXT,
  next_closes INTEGER,
  scope TEXT,
  scope_jurisdiction TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS case_list_newest ON case_list (kind, opened_at);
CREATE INDEX IF NOT EXISTS case_list_place ON case_list (kind, scope_jurisdiction, opened_at);
CREATE TABLE IF NOT EXISTS case_list_residents (
  stream_id TEXT NOT NULL,
  resident_id TEXT NOT NULL,
  PRIMARY KEY (stream_id, resident_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS case_list_resident ON case_list_residents (resident_id, stream_id);
CREATE TABLE IF NOT EXISTS case_list_keys (command_id TEXT PRIMARY KEY, stream_id TEXT NOT NULL, request_hash TEXT NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS case_list_keys_stream ON case_list_keys (stream_id);
`

interface StoredRow {
  readonly stream_id: string
  readonly kind: string
  readonly case_id: string
  readonly opened_at: number
  readonly opened_time: string
  readonly updated_time: string
  readonly version: number
  readonly state: string
  readonly scope: string | null
  readonly listed: number
  readonly status: string | null
  readonly category: string | null
  readonly jurisdiction: string | null
  readonly next_closes: number | null
  readonly scope_jurisdiction: string | null
}

/**
 * The summary columns of a row as one text (JSON of numbers, texts and nulls: equal texts, equal columns), kept with
 * the row so that a batch that leaves them as they were writes the row's state alone (`StoredCase.summary`).
 */
const summaryKey = (listed: number, status: string | null, category: string | null, jurisdiction: string | null, nextCloses: number | null, scopeJurisdiction: string | null): string =>
  JSON.stringify([listed, status, category, jurisdiction, nextCloses, scopeJurisdiction])

/** Rows a case list keeps decoded between passes (the cases written most recently). */
const MAX_KEPT_ROWS = 4096

/** `path` itself or a place below it, as a range on the index: every `path/…` sorts between `path/` and `path0`. */
const underPlace = (column: string): string => `(${column} = ? OR (${column} >= ? AND ${column} < ?))`
const placeParams = (path: string): string[] => [path, `${path}/`, `${path}0`]

/**
 * 案件列表 in SQLite: one row per case (its folded state as JSON, its summary and read scope in columns),
 * plus the residents each case belongs to. The embedded default; `:memory:` for tests and examples.
 */
export const sqliteCaseList = (
  dbOrPath: Database.Database | string,
  kinds: readonly CaseListKind[],
  options: SqliteCaseListOptions = {},
): CaseListReadModel & SqliteApply => {
  const owned = typeof dbOrPath === 'string'
  // synchronous=NORMAL unless asked otherwise: a read model is rebuilt from the log, and in WAL mode a commit lost
  // to a power cut takes its checkpoint with it (the two are one transaction), so the events are applied again.
  const db = typeof dbOrPath === 'string' ? openDatabase(dbOrPath, { synchronous: 'normal', ...options }) : dbOrPath
  const name = options.name ?? 'case-list'
  const checkpoints = sqliteCheckpoints(db)
  // Bump when the tables or what they hold change: an older list is dropped and rebuilt, not misread (/3: scopes name
  // a dispute's mediators and whether it is before the court, which reads and the live feed filter on; /4: a complaint
  // referred to mediation keeps its running deadlines, so the overdue filter sees it; /5: a
  // court-entrusted dispute still `reported` has its mediation deadline, or a clerk's its receipt deadline, there too;
  // /6: the row keeps when its first running deadline closes, a day deadline at 24:00 China time: `next_closes`; /7: a failed
  // referral's clocks; /8: an erasure forgets its case's idempotency fingerprints, which a list built before kept; /9: a
  // complaint waiting for the dispatcher has its dispatch deadline, 派单时限, among its running deadlines; /10: a summoned
  // department's 报到 deadline too, until it reports, as the dashboard's overdue list has it; /12: a dispute's scope names
  // the courts it is before, which a clerk naming its court is held to; /13: `updated_time` is when the case last moved —
  // not a deadline reminder's recording, an imported event's step's time — where it was the latest event's recording;
  // /14: a complaint's scope names its departments' offices, which a department officer is held to; /15: `next_closes`
  // of an hours deadline at 23:59:59 China time, its stamp's `hours`, is its instant's next millisecond, not 24:00;
  // /16: the folded states gained members — a dispute's `enforcementApplied`, a complaint's `mediation.earlier` and
  // `.latest` — which a list kept before lacks and would fold the next events onto).
  ensureFormat(db, name, 'gridcase-case-list/16', ['case_list', 'case_list_residents', 'case_list_keys'], SCHEMA, () => checkpoints.reset(name))

  const selectRow = db.prepare<[string], StoredRow>(
    'SELECT stream_id, kind, case_id, opened_at, opened_time, updated_time, version, state, scope, listed, status, category, jurisdiction, next_closes, scope_jurisdiction FROM case_list WHERE stream_id = ?',
  )
  const upsert = db.prepare(
    `INSERT INTO case_list (stream_id, kind, case_id, opened_at, opened_time, updated_time, version, state, listed, status, category, jurisdiction, next_closes, scope, scope_jurisdiction)
     VALUES (@streamId, @kind, @caseId, @openedAt, @openedTime, @updatedTime, @version, @state, @listed, @status, @category, @jurisdiction, @nextCloses, @scope, @scopeJurisdiction)
     ON CONFLICT (stream_id) DO UPDATE SET updated_time = excluded.updated_time, version = excluded.version, state = excluded.state,
       listed = excluded.listed, status = excluded.status, category = excluded.category, jurisdiction = excluded.jurisdiction,
       next_closes = excluded.next_closes, scope = excluded.scope, scope_jurisdiction = excluded.scope_jurisdiction`,
  )
  // The same row as the upsert writes when the summary columns and the scope are as stored: their indexes are not touched
  // (an upsert's SET names them, so SQLite rewrites their index entries even when the values are the same).
  const updateState = db.prepare<[string, number, string, string]>('UPDATE case_list SET updated_time = ?, version = ?, state = ? WHERE stream_id = ?')
  const dropResidents = db.prepare<[string]>('DELETE FROM case_list_residents WHERE stream_id = ?')
  const addResident = db.prepare<[string, string]>('INSERT OR IGNORE INTO case_list_residents (stream_id, resident_id) VALUES (?, ?)')
  const selectScope = db.prepare<[string], { scope: string | null }>('SELECT scope FROM case_list WHERE stream_id = ?')
  const selectState = db.prepare<[string], { state: string }>('SELECT state FROM case_list WHERE stream_id = ?')
  const addKey = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO case_list_keys (command_id, stream_id, request_hash) VALUES (?, ?, ?)')
  // An erased case's keys are kept (a key used stays used), their fingerprints not: the request's SHA-256, which confirms a
  // guess of its whole body, personal data included (the log keeps it sealed under the case's key: core's `sealRequest`).
  const forgetKeys = db.prepare<[string, string]>('UPDATE case_list_keys SET request_hash = ? WHERE stream_id = ?')
  const selectKey = db.prepare<[string], { stream_id: string; request_hash: string }>('SELECT stream_id, request_hash FROM case_list_keys WHERE command_id = ?')
  const selectAll = db.prepare<[], { kind: string; case_id: string }>('SELECT kind, case_id FROM case_list ORDER BY opened_at')

  // The rows this connection wrote last, as written (the state not yet encoded): see `keptRows`.
  const kept = keptRows<StoredCase>(db, MAX_KEPT_ROWS)

  const stored = (streamId: string): StoredCase | undefined => {
    const known = kept.get(streamId)
    if (known !== undefined) return known
    const row = selectRow.get(streamId)
    return row === undefined
      ? undefined
      : {
          streamId: row.stream_id,
          caseId: row.case_id,
          openedAt: row.opened_at,
          openedTime: row.opened_time,
          updatedTime: row.updated_time,
          version: row.version,
          state: JSON.parse(row.state) as unknown,
          scope: row.scope,
          summary: summaryKey(row.listed, row.status, row.category, row.jurisdiction, row.next_closes, row.scope_jurisdiction),
        }
  }

  const write = (f: FoldedCase, written: Map<string, StoredCase> | undefined): void => {
    const summary = f.kind.summarize(f.state)
    const scope = f.kind.caseType.scope(f.state)
    const scopeText = scope === undefined ? null : JSON.stringify(scope)
    const listed = summary === undefined ? 0 : 1
    const status = summary?.state ?? null
    const category = summary?.category ?? null
    const jurisdiction = summary?.jurisdiction ?? null
    const nextCloses = summary === undefined ? null : (firstClosing(summary.openDeadlines, summary.countedInHours) ?? null)
    const scopeJurisdiction = scope?.jurisdiction ?? null
    const key = summaryKey(listed, status, category, jurisdiction, nextCloses, scopeJurisdiction)
    const stateText = JSON.stringify(f.state ?? null)
    // (A row that is not there after all, which nothing here should leave, is written whole: the update changed nothing.)
    if (!(f.storedSummary === key && f.storedScope === scopeText && updateState.run(f.updatedTime, f.version, stateText, f.streamId).changes === 1)) {
      upsert.run({
        streamId: f.streamId,
        kind: f.kind.path,
        caseId: f.caseId,
        openedAt: f.openedAt,
        openedTime: f.openedTime,
        updatedTime: f.updatedTime,
        version: f.version,
        state: stateText,
        listed,
        status,
        category,
        jurisdiction,
        nextCloses,
        scope: scopeText,
        scopeJurisdiction,
      })
    }
    // Kept until the case's next event (long enough to be promoted): texts equal to the stored ones are kept as those.
    written?.set(f.streamId, { streamId: f.streamId, caseId: f.caseId, openedAt: f.openedAt, openedTime: f.openedTime, updatedTime: f.updatedTime, version: f.version, state: f.state ?? null, scope: scopeText === f.storedScope ? f.storedScope : scopeText, summary: key === f.storedSummary ? f.storedSummary : key })
    if (scopeText === f.storedScope) return
    dropResidents.run(f.streamId)
    if (scope === undefined) return
    for (const resident of new Set([...(scope.ownerId === undefined ? [] : [scope.ownerId]), ...(scope.residents ?? [])])) {
      addResident.run(f.streamId, resident)
    }
  }

  /** Events folded in memory and not yet written: one page, or several pages of a catch-up (`fold`, `flush`). */
  interface Folded {
    /** The checkpoint the fold started from: written only if it is still the stored one. */
    readonly at: number
    last: number
    readonly touched: Map<string, FoldedCase>
    /** Idempotency-Keys first used in the events folded: command id, stream, request hash. */
    readonly keys: [string, string, string][]
    /** The cases erased in the events folded: their keys' fingerprints are forgotten after the keys are written. */
    readonly erased: string[]
  }
  const begin = (): Folded => {
    const at = checkpoints.load(name) ?? -1
    kept.settle(at)
    return { at, last: at, touched: new Map(), keys: [], erased: [] }
  }
  const foldInto = (folded: Folded, events: readonly RecordedEvent[]): void => {
    for (const event of events) {
      if (event.position <= folded.last) continue
      folded.last = event.position
      // The first use of an Idempotency-Key (a command id that came with a request hash) and what it was for.
      const { commandId, requestHash } = event.metadata
      if (requestHash !== undefined) folded.keys.push([commandId, event.streamId, requestHash])
      const erased = erasedStreamOf(event)
      if (erased !== undefined) folded.erased.push(erased)
      try {
        foldCaseEvent(event, folded.touched, kinds, stored)
      } catch (error) {
        options.onFoldError?.(error, event)
      }
      // The case moves to the end of `touched`, which is kept in the order of each case's latest event (see `writeFolded`).
      const touched = folded.touched.get(event.streamId)
      if (touched !== undefined) {
        folded.touched.delete(event.streamId)
        folded.touched.set(event.streamId, touched)
      }
    }
  }
  const writeFolded = ({ at, last, touched, keys, erased }: Folded): number => {
    for (const [commandId, streamId, requestHash] of keys) addKey.run(commandId, streamId, requestHash)
    for (const streamId of erased) forgetKeys.run(ERASED, streamId)
    // Only MAX_KEPT_ROWS rows can be kept (the older are dropped first): a catch-up's fold writes tens of thousands of rows,
    // whose states are not held once it is written. Those kept are the cases whose latest event came last: the cases
    // still open when a catch-up's fold ends, which the next fold meets first (at 20k cases and folds of 50,000 events,
    // about 3,800 cases straddle each boundary).
    const keep = lastKeys(touched.keys(), MAX_KEPT_ROWS)
    const candidates = new Set(keep)
    // In stream order, the table's key: each B-tree page is visited once.
    const written = new Map<string, StoredCase>()
    for (const streamId of inKeyOrder(touched.keys())) {
      const folded = touched.get(streamId)
      if (folded !== undefined) write(folded, candidates.has(streamId) ? written : undefined)
    }
    if (last > at) checkpoints.save(name, last)
    // Kept in the order of their latest events (the latest last, dropped last).
    const rows = new Map<string, StoredCase>()
    for (const streamId of keep) {
      const row = written.get(streamId)
      if (row !== undefined) rows.set(streamId, row)
    }
    kept.wrote(rows, [...touched.keys()], last)
    return last
  }
  // One transaction: the rows this batch changed and the checkpoint, read and moved inside it.
  const applyRows = (events: readonly RecordedEvent[]): number => {
    const folded = begin()
    foldInto(folded, events)
    return writeFolded(folded)
  }
  const applyAll = db.transaction(applyRows)
  // A catch-up's pages folded before one write (`ReadModel.fold`): outside a transaction, as a read; written only if no one
  // moved the checkpoint meanwhile (else dropped, and the runner reads again from the checkpoint).
  const folds = foldedWrites(db, () => checkpoints.load(name) ?? -1, begin, foldInto, writeFolded, () => kept.forget())
  const resetAll = db.transaction(() => {
    folds.drop()
    kept.forget()
    db.exec('DELETE FROM case_list; DELETE FROM case_list_residents; DELETE FROM case_list_keys')
    checkpoints.reset(name)
  })

  const prepared = statementCache(db)

  const list = (q: CaseListQuery): CaseListPage => {
    const where = ['kind = ?', 'listed = 1']
    const params: unknown[] = [q.kind]
    if (q.actor.role === 'resident') {
      where.push('scope IS NOT NULL', 'stream_id IN (SELECT stream_id FROM case_list_residents WHERE resident_id = ?)')
      params.push(q.actor.id)
    } else {
      where.push(underPlace('scope_jurisdiction'))
      params.push(...placeParams(q.actor.jurisdiction))
      // core's `canRead`, in SQL: a department officer lists only cases its department handles, a mediator only
      // cases assigned to them or routed to their committee (a department or mediator the scope does not name: nothing).
      if (q.actor.role === 'department-officer') {
        // Through an office of its department at its place or under it (`CaseScope.offices`: a department is told apart
        // by its office, not its name alone); a scope naming no offices, by its departments.
        where.push(
          `(CASE WHEN json_type(scope, '$.offices') IS NULL THEN EXISTS (SELECT 1 FROM json_each(scope, '$.departments') WHERE value = ?)` +
            ` ELSE EXISTS (SELECT 1 FROM json_each(scope, '$.offices') WHERE json_extract(value, '$.department') = ? AND ${underPlace(`json_extract(value, '$.jurisdiction')`)}) END)`,
        )
        params.push(q.actor.department ?? null, q.actor.department ?? null, ...placeParams(q.actor.jurisdiction))
      } else if (q.actor.role === 'court-clerk') {
        where.push(`json_extract(scope, '$.court') = 1`)
        // A clerk whose token names its court: that court's cases only (core's `canRead`).
        if (q.actor.court !== undefined) {
          where.push(`EXISTS (SELECT 1 FROM json_each(scope, '$.courts') WHERE value = ?)`)
          params.push(q.actor.court.trim())
        }
      } else if (q.actor.role === 'mediator') {
        // Assigned to them, or routed (分流) to the committee they sit on.
        where.push(`(EXISTS (SELECT 1 FROM json_each(scope, '$.mediators') WHERE value = ?) OR json_extract(scope, '$.committee') = ?)`)
        params.push(q.actor.id, q.actor.committee ?? null)
      } else if (q.actor.role === 'centre-officer') {
        // A mediation centre lists mediation cases only (a case type with mediators), not complaints.
        where.push(`json_type(scope, '$.mediators') IS NOT NULL`)
      }
    }
    if (q.before !== undefined) {
      where.push('opened_at < ?')
      params.push(q.before)
    }
    if (q.state !== undefined) {
      where.push('status = ?')
      params.push(q.state)
    }
    if (q.category !== undefined) {
      where.push('category = ?')
      params.push(q.category)
    }
    if (q.jurisdiction !== undefined) {
      where.push(underPlace('jurisdiction'))
      params.push(...placeParams(q.jurisdiction))
    }
    // Overdue once its first running deadline has closed (a day deadline at 24:00 China time).
    if (q.overdue === true) {
      where.push('next_closes <= ?')
      params.push(q.now)
    } else if (q.overdue === false) {
      where.push('(next_closes IS NULL OR next_closes > ?)')
      params.push(q.now)
    }
    params.push(q.limit + 1)
    const sql = `SELECT stream_id, case_id, state, version, opened_at, opened_time, updated_time, next_closes FROM case_list
      WHERE ${where.join(' AND ')} ORDER BY opened_at DESC LIMIT ?`
    const rows = prepared(sql).all(...params) as {
      stream_id: string
      case_id: string
      state: string
      version: number
      opened_at: number
      opened_time: string
      updated_time: string
      next_closes: number | null
    }[]
    const items: CaseListRow[] = rows.slice(0, q.limit).map((r) => ({
      caseId: r.case_id,
      streamId: r.stream_id,
      state: JSON.parse(r.state) as unknown,
      version: r.version,
      openedAt: r.opened_at,
      openedTime: r.opened_time,
      updatedTime: r.updated_time,
      overdue: r.next_closes !== null && r.next_closes <= q.now,
    }))
    return { items, more: rows.length > q.limit }
  }

  return {
    name,
    checkpoint: async () => checkpoints.load(name) ?? -1,
    apply: async (events) => applyAll.immediate(events),
    ...folds,
    db,
    applyWithin: (events) => {
      if (!db.inTransaction) throw new Error('applyWithin runs inside a transaction the caller holds on the same connection')
      return applyRows(events)
    },
    reset: async () => {
      resetAll.immediate()
    },
    list: async (query) => list(query),
    scopes: async (streamIds) => {
      const found = new Map<string, CaseScope>()
      for (const streamId of new Set(streamIds)) {
        const scope = selectScope.get(streamId)?.scope
        if (scope !== undefined && scope !== null) found.set(streamId, JSON.parse(scope) as CaseScope)
      }
      return found
    },
    states: async (streamIds) => {
      const found = new Map<string, unknown>()
      for (const streamId of new Set(streamIds)) {
        const row = selectState.get(streamId)
        if (row !== undefined) found.set(streamId, JSON.parse(row.state) as unknown)
      }
      return found
    },
    allCases: async () => selectAll.all().map((r) => ({ kind: r.kind, caseId: r.case_id })),
    keyed: async (commandId) => {
      const row = selectKey.get(commandId)
      return row === undefined ? undefined : { streamId: row.stream_id, requestHash: row.request_hash }
    },
    close: async () => {
      if (!owned || !db.open) return
      // Fold the WAL into the file: a closed read model is one file, whole.
      if (typeof dbOrPath === 'string' && dbOrPath !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
