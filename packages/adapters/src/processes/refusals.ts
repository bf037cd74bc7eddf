import type Database from 'better-sqlite3'
import type { DomainError } from '@gridcase/core'
import { isWithin } from '@gridcase/core/access'
import { derivedId, type ProcessCommand } from '@gridcase/core/processes'
import { sqliteFenced, type LeaseFence } from './lease.js'

/**
 * Refusals a process meets in the ordinary course, which say "nothing to do any more" and are only logged, never kept
 * in the list: the case moved on before the process came to it (`invalid-transition`: closed before the reminder ran,
 * the conclusion already recorded), or its subject's personal data was erased (`personal-data-erased`: nothing may be
 * decided on it again). Every other refusal (validation, forbidden, not-found, already-exists, deadline-passed,
 * unknown-attachment, personal-data-unreadable) and every failure is kept: someone has to look at it.
 */
export const NOTHING_TO_DO: ReadonlySet<DomainError['code']> = new Set(['invalid-transition', 'personal-data-erased'])

/** The event a process was handling. */
export interface RefusedEvent {
  readonly streamId: string
  readonly position: number
  readonly eventId: string
  readonly type: string
}

/** What the runner reports: a command refused for good (`refused`), or handling the event failed (`failed`: retried). */
export interface RefusalReport {
  readonly process: string
  readonly event: RefusedEvent
  /** Absent: the event itself could not be read (no command came of it), or the failure was not a command's. */
  readonly command?: ProcessCommand
  readonly kind: 'refused' | 'failed'
  readonly code: string
  readonly message: string
  /** ISO time (the runner's clock). */
  readonly at: string
  /**
   * The jurisdiction of the case the command addressed, as the runner read it (the case's scope). Absent: no such case
   * (a command that would open it) or none to read — the command's actor's then, null without a command.
   */
  readonly jurisdiction?: string
}

export type RefusalStatus = 'open' | 'dismissed' | 'resolved'

/** 流程拒绝记录 — one refused or failed process command, kept until an admin retries or dismisses it. */
export interface ProcessRefusal {
  /** Derived from the process, the event and the command: the same refusal reported again counts an attempt. */
  readonly id: string
  /** Its place in the list (paging), in the order first recorded. */
  readonly seq: number
  readonly process: string
  readonly event: RefusedEvent
  readonly command?: ProcessCommand
  /**
   * The jurisdiction of the case the command addressed, which scopes who reads it (`refusalInScope`): the case's where
   * the runner could read it, else the command's actor's (a command opening a case); null without a command.
   */
  readonly jurisdiction: string | null
  readonly kind: 'refused' | 'failed'
  readonly code: string
  readonly message: string
  readonly firstAt: string
  readonly lastAt: string
  /** How many times it was refused or failed (the runner's retries of a failure, an admin's retries of a refusal). */
  readonly attempts: number
  readonly status: RefusalStatus
  readonly dismissed?: { readonly by: string; readonly reason: string; readonly at: string }
  /** `handled`: the runner handled the failed event after all; `retried`: an admin's retry was accepted. */
  readonly resolved?: { readonly how: 'handled' | 'retried'; readonly at: string; readonly by?: string }
}

export interface RefusalQuery {
  /** The reader's jurisdiction: only refusals within it (an unknown one only at the top of the tree); absent, all. */
  readonly scope?: string
  readonly status?: RefusalStatus
  /** After this `seq` (the previous page's last). */
  readonly after?: number
  readonly limit: number
}

/** Where the refused and failed process commands are kept, beside the runner's checkpoints. */
export interface ProcessRefusals {
  /**
   * Keeps a report (a refusal in NOTHING_TO_DO is not kept): a new entry, or one more attempt of the same one (open again).
   * Under `fence` (the runner's lease): only while the runner holds it, else LeaseFenced (lease.ts) and nothing kept.
   */
  record(report: RefusalReport, fence?: LeaseFence): Promise<void>
  /** The open failures of `process` at or before `position` were handled after all: resolved (`handled`); under `fence` as `record`. */
  settle(process: string, position: number, at: string, fence?: LeaseFence): Promise<void>
  /**
   * The position of the earliest open failure of `process` (undefined: none): what a runner taking its lease learns
   * from whoever followed before it (itself before a restart, another server), to settle it once handled.
   */
  earliestOpenFailure(process: string): Promise<number | undefined>
  list(query: RefusalQuery): Promise<readonly ProcessRefusal[]>
  get(id: string): Promise<ProcessRefusal | undefined>
  /** Writes a changed entry (a dismissal, a retry's outcome) back, by its id. */
  put(entry: ProcessRefusal): Promise<void>
  /** How many are open (what an operator alerts on: `gridcase_process_refusals_open`). */
  open(): Promise<number>
}

/** The id of a report: one per process, event and command (or the event alone). */
export const refusalId = (report: Pick<RefusalReport, 'process' | 'event' | 'command'>): string =>
  derivedId(`gridcase:process-refusal:${report.process}:${report.event.eventId}:${report.command?.meta.commandId ?? ''}`)

const jurisdictionOf = (command: ProcessCommand | undefined): string | null => {
  const j = (command?.meta.actor as { readonly jurisdiction?: unknown } | undefined)?.jurisdiction
  return typeof j === 'string' && j !== '' ? j : null
}

/** The entry a report makes, or the next attempt of `existing`. */
export const recorded = (report: RefusalReport, existing: ProcessRefusal | undefined, seq: number): ProcessRefusal => {
  const { process, event, command, kind, code, message, at } = report
  return {
    id: refusalId(report),
    seq: existing?.seq ?? seq,
    process,
    event,
    ...(command === undefined ? {} : { command }),
    jurisdiction: report.jurisdiction ?? jurisdictionOf(command),
    kind,
    code,
    message,
    firstAt: existing?.firstAt ?? at,
    lastAt: at,
    attempts: (existing?.attempts ?? 0) + 1,
    // Dismissed stays dismissed (who and why kept), reported again or not; a resolved one failing again is open again.
    ...(existing?.status === 'dismissed' && existing.dismissed !== undefined ? { status: 'dismissed', dismissed: existing.dismissed } : { status: 'open' }),
  }
}

/** Row-level storage the three kinds share: the entry is kept as JSON, with what is filtered on in columns. */
export interface Rows {
  load(id: string): Promise<ProcessRefusal | undefined>
  /**
   * Inserts (taking the next seq) or replaces by id (keeping its seq). Under `fence`: in one transaction with the check
   * that the lease is still its holder's, throwing LeaseFenced when it is not (the memory store, one process, has none).
   */
  write(entry: Omit<ProcessRefusal, 'seq'> & { readonly seq?: number }, fence?: LeaseFence): Promise<void>
  page(query: RefusalQuery): Promise<readonly ProcessRefusal[]>
  openFailures(process: string, position: number): Promise<readonly ProcessRefusal[]>
  open(): Promise<number>
}

export const refusalsOn = (rows: Rows): ProcessRefusals => ({
  record: async (report, fence) => {
    if (report.kind === 'refused' && NOTHING_TO_DO.has(report.code as DomainError['code'])) return
    const existing = await rows.load(refusalId(report))
    const { seq: _seq, ...entry } = recorded(report, existing, 0)
    await rows.write(existing === undefined ? entry : { ...entry, seq: existing.seq }, fence)
  },
  settle: async (process, position, at, fence) => {
    for (const failure of await rows.openFailures(process, position)) await rows.write({ ...failure, status: 'resolved', resolved: { how: 'handled', at } }, fence)
  },
  earliestOpenFailure: async (process) => {
    const open = await rows.openFailures(process, Number.MAX_SAFE_INTEGER)
    return open.length === 0 ? undefined : Math.min(...open.map((f) => f.event.position))
  },
  list: (query) => rows.page(query),
  get: (id) => rows.load(id),
  put: (entry) => rows.write(entry),
  open: () => rows.open(),
})

/**
 * Whether a reader of jurisdiction `scope` reads a refusal of `jurisdiction` (the one scope rule of the stores and the
 * HTTP routes): within it (core `isWithin`); an unknown one (null) only at the top of the tree; no scope, every one.
 */
export const refusalInScope = (scope: string | undefined, jurisdiction: string | null): boolean =>
  scope === undefined || (jurisdiction === null ? !scope.includes('/') : isWithin(scope, jurisdiction))

/** In memory (tests, a server without a file): lost at exit. */
export const memoryProcessRefusals = (): ProcessRefusals => {
  const byId = new Map<string, ProcessRefusal>()
  let next = 0
  return refusalsOn({
    load: async (id) => byId.get(id),
    write: async (entry) => {
      const seq = entry.seq ?? (next += 1)
      byId.set(entry.id, { ...entry, seq } as ProcessRefusal)
    },
    page: async ({ scope, status, after, limit }) =>
      [...byId.values()]
        .filter((r) => refusalInScope(scope, r.jurisdiction) && (status === undefined || r.status === status) && r.seq > (after ?? 0))
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit),
    openFailures: async (process, position) => [...byId.values()].filter((r) => r.process === process && r.kind === 'failed' && r.status === 'open' && r.event.position <= position),
    open: async () => [...byId.values()].filter((r) => r.status === 'open').length,
  })
}

export interface Row {
  readonly seq: number | string
  readonly body: string
}
export const entryOf = (row: Row): ProcessRefusal => ({ ...(JSON.parse(row.body) as Omit<ProcessRefusal, 'seq'>), seq: Number(row.seq) })
export const bodyOf = (entry: Omit<ProcessRefusal, 'seq'> & { readonly seq?: number }): string => {
  const { seq: _seq, ...rest } = entry
  return JSON.stringify(rest)
}

/** In the SQLite file the runner keeps its checkpoints in (`process_refusals`, beside `checkpoints`). */
export const sqliteProcessRefusals = (db: Database.Database): ProcessRefusals => {
  db.exec(`CREATE TABLE IF NOT EXISTS process_refusals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, process TEXT NOT NULL, position INTEGER NOT NULL,
    kind TEXT NOT NULL, status TEXT NOT NULL, jurisdiction TEXT, body TEXT NOT NULL) STRICT`)
  const load = db.prepare<[string], Row>('SELECT seq, body FROM process_refusals WHERE id = ?')
  const insert = db.prepare('INSERT INTO process_refusals (id, process, position, kind, status, jurisdiction, body) VALUES (@id, @process, @position, @kind, @status, @jurisdiction, @body)')
  const update = db.prepare('UPDATE process_refusals SET status = @status, kind = @kind, body = @body WHERE id = @id')
  const page = db.prepare<{ scope: string | null; status: string | null; after: number; limit: number }, Row>(
    `SELECT seq, body FROM process_refusals WHERE seq > @after AND (@status IS NULL OR status = @status)
     AND (@scope IS NULL OR (jurisdiction IS NULL AND instr(@scope, '/') = 0) OR jurisdiction = @scope OR substr(jurisdiction, 1, length(@scope) + 1) = @scope || '/')
     ORDER BY seq LIMIT @limit`,
  )
  const open = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM process_refusals WHERE status = 'open'")
  const failures = db.prepare<[string, number], Row>("SELECT seq, body FROM process_refusals WHERE process = ? AND position <= ? AND kind = 'failed' AND status = 'open'")
  const fenced = sqliteFenced(db)
  return refusalsOn({
    load: async (id) => {
      const row = load.get(id)
      return row === undefined ? undefined : entryOf(row)
    },
    write: async (entry, fence) => {
      const row = { id: entry.id, process: entry.process, position: entry.event.position, kind: entry.kind, status: entry.status, jurisdiction: entry.jurisdiction, body: bodyOf(entry) }
      fenced(fence, () => (entry.seq === undefined ? insert.run(row) : update.run(row)))
    },
    page: async ({ scope, status, after, limit }) => page.all({ scope: scope ?? null, status: status ?? null, after: after ?? 0, limit }).map(entryOf),
    openFailures: async (process, position) => failures.all(process, position).map(entryOf),
    open: async () => open.get()?.n ?? 0,
  })
}
