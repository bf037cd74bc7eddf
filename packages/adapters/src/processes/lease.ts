import type Database from 'better-sqlite3'
import { sqliteHasTable } from '../sqlite/open.js'

/**
 * Who may run a process now (租约): one row per process name with its holder and when the lease ends. A holder
 * renews well before the end; another takes it over only once it has ended, so at most one runner per name is
 * active. Times are the caller's clock (the clock port), in ms since the epoch. A PostgreSQL store keeps the same
 * row in its own table (`INSERT … ON CONFLICT … WHERE`), behind this interface.
 */
export interface LeaseStore {
  /** Takes or renews the lease for `ttlMs` from `nowMs`: true when `holder` now holds it. */
  acquire(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>
  /** Gives it up (only if `holder` holds it), so another runner need not wait for the end. */
  release(name: string, holder: string): Promise<void>
  /** Who holds it and until when, if anyone ever did. */
  holder(name: string): Promise<{ readonly holder: string; readonly expiresAt: number } | undefined>
}

/**
 * Whose write it is (fencing): a write made under a lease — a process runner's refusal or failure kept, its failures
 * settled, its checkpoint saved — is applied only while `holder` still holds the lease `lease`, checked in the same
 * transaction as the write (the lease row's holder, under a lock in PostgreSQL). A holder that stalled (a long GC, a
 * slow disk) past the end of its lease while another runner took it over would otherwise write after the take-over: a
 * failure nobody resolves any more (the next holder learnt of the open ones when it took the lease), a checkpoint moved
 * under the new holder's feet. Its holder only, not its end: a lease that ended with nobody taking it over has no other
 * writer, and its holder's next renewal takes it back.
 */
export interface LeaseFence {
  readonly lease: string
  readonly holder: string
}

/** A write refused because its writer no longer holds the lease it was made under: the writer stops; the next holder redoes it. */
export class LeaseFenced extends Error {
  override readonly name = 'LeaseFenced'
  constructor(fence: LeaseFence) {
    super(`lease ${fence.lease} is no longer held by ${fence.holder}: its write was refused`)
  }
}

/**
 * Runs a SQLite write under a fence (LeaseFence): in one transaction with the check that the lease row is still the
 * writer's (SQLite serialises writers, so no take-over comes between), throwing LeaseFenced when it is not. No fence:
 * the write alone. Checked against the lease row kept in the same file (`sqliteLeases` over it: the server's read-model
 * file). Where this file keeps no row of that lease — no `process_leases` table, or none of that name — the leases are
 * kept elsewhere (an embedder's own LeaseStore, `sqliteLeases` over another file) and the fence cannot be checked here:
 * the write is made unchecked, as before fencing (found in review: checking an empty table of its own made, every fenced
 * write was refused, and the runner met the same event for ever with nothing reported).
 */
export const sqliteFenced = (db: Database.Database): (<T>(fence: LeaseFence | undefined, write: () => T) => T) => {
  let holderOf: Database.Statement<[string], string> | undefined
  /** The lease's holder as this file keeps it; undefined when it keeps no row of it. */
  const holderHere = (lease: string): string | undefined => {
    if (holderOf === undefined) {
      if (!sqliteHasTable(db, 'process_leases')) return undefined
      holderOf = db.prepare<[string], string>('SELECT holder FROM process_leases WHERE name = ?').pluck(true)
    }
    return holderOf.get(lease)
  }
  return (fence, write) => {
    if (fence === undefined) return write()
    // IMMEDIATE: the write lock is taken before the check, so a take-over by another connection to the file (`gridcase
    // processes` beside the server) cannot come between the check and the write (a deferred transaction would fail at its
    // first write with SQLITE_BUSY instead of saying LeaseFenced). Inside a transaction already open, a savepoint.
    return db.transaction(() => {
      const holder = holderHere(fence.lease)
      if (holder !== undefined && holder !== fence.holder) throw new LeaseFenced(fence)
      return write()
    }).immediate()
  }
}

/** Leases in a `process_leases` table of a SQLite file (the server's read-model file, beside the checkpoints). */
export const sqliteLeases = (db: Database.Database): LeaseStore => {
  db.exec('CREATE TABLE IF NOT EXISTS process_leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT')
  // One statement, so two runners racing for the row cannot both win: the update applies only while the row is
  // ours or has ended (SQLite serialises writers).
  const take = db.prepare<[{ name: string; holder: string; now: number; ttl: number }]>(
    `INSERT INTO process_leases (name, holder, expires_at) VALUES (@name, @holder, @now + @ttl)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE process_leases.holder = excluded.holder OR process_leases.expires_at <= @now`,
  )
  const select = db.prepare<[string], { holder: string; expires_at: number }>('SELECT holder, expires_at FROM process_leases WHERE name = ?')
  const remove = db.prepare<[string, string]>('DELETE FROM process_leases WHERE name = ? AND holder = ?')
  return {
    acquire: async (name, holder, nowMs, ttlMs) => {
      if (!Number.isSafeInteger(nowMs) || !Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`lease ${name}: bad time ${nowMs} + ${ttlMs}`)
      return take.run({ name, holder, now: nowMs, ttl: ttlMs }).changes === 1
    },
    release: async (name, holder) => {
      remove.run(name, holder)
    },
    holder: async (name) => {
      const row = select.get(name)
      return row === undefined ? undefined : { holder: row.holder, expiresAt: row.expires_at }
    },
  }
}

/**
 * How long a lease lasts unless renewed (GRIDCASE_PROCESS_LEASE_MS; the server and `gridcase processes` alike): after a
 * crash, the next runner takes a process over this long after the crashed one last renewed it. Shorter means a faster
 * take-over; longer, that a runner stalled for a while (a long GC, a slow disk) keeps it. Renewed well before the end.
 */
export const PROCESS_LEASE_MS = { default: 15_000, min: 1_000, max: 600_000 } as const

/** GRIDCASE_PROCESS_LEASE_MS read: its default when unset, the number, or the reason it is refused (naming the variable). */
export const processLeaseMsFromEnv = (raw: string | undefined): { readonly ms: number } | { readonly error: string } => {
  if (raw === undefined || raw === '') return { ms: PROCESS_LEASE_MS.default }
  const ms = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN
  return ms >= PROCESS_LEASE_MS.min && ms <= PROCESS_LEASE_MS.max
    ? { ms }
    : { error: `GRIDCASE_PROCESS_LEASE_MS expected a whole number of milliseconds from ${PROCESS_LEASE_MS.min} to ${PROCESS_LEASE_MS.max}` }
}
