import { randomBytes } from 'node:crypto'
import { oldestKey, type RecordedEvent } from '@gridcase/core'
import { PERSONAL_DATA_ERASED, sealedRequestOf, subjectsOfStream, subjectsToOpen } from '@gridcase/core/privacy'
import pg from 'pg'
import type { SubjectKeys } from './subjectKeys.js'

/**
 * 数据主体密钥 (PostgreSQL) — the subject keys in the store's schema (`subject_keys`, `subject_key_erasures`: the
 * store's migration 3), shared by every server over the database. The cipher port (`FieldCipher`) is synchronous, so
 * keys are fetched before it runs, never made up in memory:
 * - before an append, `ensure` creates the keys the events will be sealed with (an INSERT that commits on its own,
 *   before the append's transaction starts): no event is ever written under a key the database does not hold;
 * - before a page of events is opened, `prepare` compares the erasure count read in the page's own statement with the
 *   count this server last saw; when it moved, or a key is not kept, one query loads the keys the page names with every
 *   subject erased since: an erasure made on any server (in the transaction that records it) is seen by every read
 *   that begins after it commits, on every server.
 * What is kept in memory is a copy of what the database holds (bounded, the least recently used dropped first); a key
 * is never written anywhere but the database.
 */
export interface PostgresSubjectKeys extends SubjectKeys {
  /**
   * Makes the keys of the subjects these events hold sealed ready to open them, and takes in the erasures made on any
   * server: given the erasure count read with the events (one snapshot), no query at all when it has not moved and every
   * key is kept; else one query. Without it, one query always.
   */
  readonly prepare: (events: readonly RecordedEvent[], read?: { readonly erasures: number; readonly background?: boolean }) => Promise<void>
  /**
   * Loads only the keys of these events' subjects that are not kept (no query when all are): for events read earlier
   * through `prepare` and kept raw (the live tail), whose erasures the store's reads keep up with.
   */
  readonly prepareKept: (events: readonly RecordedEvent[]) => Promise<void>
  /** Loads these subjects' keys (and the erasures since the last look), for `erasedAt` and `keyOf` to answer. */
  readonly load: (subjects: readonly string[]) => Promise<void>
  /** Creates the keys of these subjects where none exists (never for an erased one), committed before it resolves. */
  readonly ensure: (subjects: readonly string[]) => Promise<void>
  /** Destroys these subjects' keys and bumps the erasure count, on `client`, inside the caller's transaction. */
  readonly destroyIn: (client: pg.ClientBase, subjects: readonly string[], at: string) => Promise<void>
}

interface Entry {
  readonly key?: Buffer
  readonly erasedAt?: string
}

interface KeyRow {
  readonly n: string
  readonly subject_id: string | null
  readonly key: Buffer | null
  readonly erased_at: string | null
}

/** Keys kept in memory at most (a few MB); more are read again when needed. */
const KEPT = 100_000

/** The subject keys in `schema` (the store's; its migration made the tables), over the store's pool. */
export const postgresSubjectKeys = (options: {
  readonly pool: pg.Pool
  /**
   * Where the keys of a page the store's `background` face read are loaded (`prepare` told `background`): the store's
   * pool without the statement bound. Default `pool`.
   */
  readonly backgroundPool?: pg.Pool
  readonly schema: string
  readonly ready?: Promise<void>
}): PostgresSubjectKeys => {
  const s = pg.escapeIdentifier(options.schema)
  const keysTable = `${s}.subject_keys`
  const countTable = `${s}.subject_key_erasures`
  const { pool } = options
  const kept = new Map<string, Entry>()
  const oldest = oldestKey(kept)
  // The erasure count this server last saw; before the first look, none: nothing kept can be stale yet.
  let seen: number | undefined
  const touch = (subject: string, entry: Entry): void => {
    kept.delete(subject)
    // An erased subject's key is not held on to by the iterator either (it keeps a table the map outgrew until it moves).
    if (entry.erasedAt !== undefined) oldest.reset()
    kept.set(subject, entry)
  }
  // Trimmed before a load, never after: what a page just loaded stays until that page is opened.
  const trim = (): void => {
    while (kept.size > KEPT) kept.delete(oldest.next() as string)
  }
  // A subject is erased when its key is gone, whatever else the row says (as verify counts it, and as beside SQLite: found
  // in review, a row keeping its key and naming an erasure time read "erased" in every view while verify said ok).
  const entryOf = (row: { key: Buffer | null; erased_at: string | null }): Entry => (row.key !== null ? { key: row.key } : { erasedAt: row.erased_at ?? '' })

  // One query: the count, the rows asked for and every row erased since the count last seen.
  const loadSql = `SELECT c.n::text AS n, k.subject_id, k.key, k.erased_at
      FROM ${countTable} c LEFT JOIN (
        SELECT subject_id, key, erased_at FROM ${keysTable} WHERE subject_id = ANY($1::text[])
        UNION ALL SELECT subject_id, key, erased_at FROM ${keysTable} WHERE erased_seq > $2) k ON true
      WHERE c.id = 1`
  const load = async (subjects: readonly string[], on: pg.Pool = pool): Promise<void> => {
    trim()
    await options.ready
    const rows = (await on.query<KeyRow>(loadSql, [subjects, seen ?? Number.MAX_SAFE_INTEGER])).rows
    for (const subject of subjects) touch(subject, {})
    for (const row of rows) if (row.subject_id !== null) touch(row.subject_id, entryOf(row))
    const n = Number(rows[0]?.n ?? 0)
    if (seen === undefined || n > seen) seen = n
  }

  const ensureSql = `WITH made AS (
        INSERT INTO ${keysTable} (subject_id, key) SELECT * FROM unnest($1::text[], $2::bytea[]) ON CONFLICT (subject_id) DO NOTHING
        RETURNING subject_id, key, erased_at)
      SELECT subject_id, key, erased_at FROM made
      UNION ALL SELECT subject_id, key, erased_at FROM ${keysTable} WHERE subject_id = ANY($1::text[]) AND subject_id NOT IN (SELECT subject_id FROM made)`
  const ensure = async (subjects: readonly string[]): Promise<void> => {
    const missing = [...new Set(subjects)].filter((subject) => {
      const entry = kept.get(subject)
      return entry === undefined || (entry.key === undefined && entry.erasedAt === undefined)
    })
    if (missing.length === 0) return
    trim()
    await options.ready
    const rows = (await pool.query<{ subject_id: string; key: Buffer | null; erased_at: string | null }>(ensureSql, [missing, missing.map(() => randomBytes(32))])).rows
    for (const row of rows) touch(row.subject_id, entryOf(row))
    // A key another server created while this statement ran is not in its snapshot: read it in a new one.
    const late = missing.filter((subject) => !rows.some((row) => row.subject_id === subject))
    if (late.length > 0) await load(late)
  }

  // Which subjects opening these events must look up: those not kept, and those kept as having no key (neither key nor
  // erasure) that a sealed value of the events names — a key made since the look, by another server: a fingerprint is
  // sealed under the complainant of a case written in clear, which had none (found in review: the other server read it
  // "erased", and refused a retry of the same request). A subject kept as keyless for its text in clear is not asked again.
  const unknownFor = (events: readonly RecordedEvent[]): ((subject: string) => boolean) => {
    let named: Set<string> | undefined
    return (subject) => {
      const entry = kept.get(subject)
      if (entry === undefined) return true
      if (entry.key !== undefined || entry.erasedAt !== undefined) return false
      named ??= new Set([...subjectsOfStream(events), ...events.flatMap((event) => sealedRequestOf(event)?.subject ?? [])])
      return named.has(subject)
    }
  }

  const keyOf = (subjectId: string): Buffer | undefined => {
    const entry = kept.get(subjectId)
    if (entry === undefined) throw new Error(`the key of ${subjectId} was not loaded before use (a bug: prepare or ensure first)`)
    return entry.key
  }

  return {
    // The subjects of the events' sealed values, and of personal text they hold in clear (written before it was
    // sealed: it reads "erased" once its subject is, which `erasedAt` answers from what is loaded here).
    prepare: async (events, read) => {
      const subjects = subjectsToOpen(events)
      if (read === undefined) {
        if (subjects.length === 0 && !events.some((e) => e.type === PERSONAL_DATA_ERASED)) return
        await load(subjects)
        return
      }
      // The count read with the events: unchanged since the last look means every key kept is as the snapshot has it.
      const moved = seen === undefined || read.erasures !== seen
      const missing = subjects.filter(unknownFor(events))
      if (moved || missing.length > 0) await load(moved ? subjects : missing, read.background === true ? (options.backgroundPool ?? pool) : pool)
    },
    prepareKept: async (events) => {
      const missing = subjectsToOpen(events).filter(unknownFor(events))
      if (missing.length > 0) await load(missing)
    },
    load,
    ensure,
    destroyIn: async (client, subjects, at) => {
      const bumped = await client.query<{ n: string }>(`UPDATE ${countTable} SET n = n + 1 WHERE id = 1 RETURNING n::text AS n`)
      const n = bumped.rows[0]?.n ?? '0'
      // A subject never given a key gets an erased row too: none is ever created for it afterwards.
      await client.query(
        `INSERT INTO ${keysTable} (subject_id, key, erased_at, erased_seq) SELECT unnest($1::text[]), NULL, $2, $3::bigint
         ON CONFLICT (subject_id) DO UPDATE SET key = NULL, erased_at = EXCLUDED.erased_at, erased_seq = EXCLUDED.erased_seq WHERE ${keysTable}.key IS NOT NULL`,
        [subjects, at, n],
      )
    },
    // Sealing (create) and opening read the kept copy that `ensure` or `prepare` loaded just before.
    keyOf: (subjectId) => keyOf(subjectId),
    destroy: () => {
      throw new Error('PostgreSQL subject keys are destroyed in the erasure event’s transaction: use erasePostgresCase')
    },
    erasedAt: (subjectId) => kept.get(subjectId)?.erasedAt,
    erasures: () => seen ?? 0,
    close: () => undefined,
  }
}
