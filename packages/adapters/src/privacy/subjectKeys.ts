import { createCipheriv, createDecipheriv } from 'node:crypto'
import { oldestKey } from '@gridcase/core'
import { SealedValueDoesNotOpen, type FieldCipher } from '@gridcase/core/privacy'
import Database from 'better-sqlite3'
import type { SubjectKeyRow } from '../sqlite/writer.js'
import { randomPool } from '../randomPool.js'
import { openReadOnlyFile, sqliteHasTable } from '../sqlite/open.js'
import { SubjectErased } from './subjectErased.js'

export { SubjectErased }

/**
 * 数据主体密钥 — one AES-256 key per data subject, beside the log (a `subject_keys` table in the same SQLite
 * file, created on first use, not part of the log's migrations: the log stays verifiable without it).
 * Erasing a subject deletes its key row and overwrites the freed pages (secure_delete), so the key does not
 * linger in the file; WAL frames are checkpointed away right after. Beside PostgreSQL the keys are rows of the
 * store's schema instead (`postgresSubjectKeys`, fetched before the synchronous cipher runs); see docs/erasure.md.
 */
export interface SubjectKeys {
  /** The subject's key, created when `create` and none exists; undefined when absent (never created, or erased). */
  readonly keyOf: (subjectId: string, create: boolean) => Buffer | undefined
  /** Destroys the subject's key; true when there was one. */
  readonly destroy: (subjectId: string, at: string) => boolean
  /** Whether the subject was erased (its key destroyed), and when. */
  readonly erasedAt: (subjectId: string) => string | undefined
  /** How many keys were destroyed so far, by any process on this file (what was opened before may be kept while it holds). */
  readonly erasures: () => number
  /**
   * Loads these subjects' keys (or their absence) at once, for the reads (`keyOf(…, false)`) of the page being opened;
   * the function it returns drops them. Optional: a key store without it is asked once per read.
   */
  readonly preload?: (subjects: readonly string[]) => () => void
  readonly close: () => void
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS subject_keys (
  subject_id TEXT PRIMARY KEY,
  key        BLOB,
  erased_at  TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS subject_key_erasures (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
) STRICT;
INSERT OR IGNORE INTO subject_key_erasures (id, n) VALUES (1, 0)`

/**
 * What the sealed SQLite store adds to a key store whose new keys are written with the events (`keysWithEvents`):
 * every key made here is "unstored" until an append that carried it commits. Each append carries every key it was
 * sealed under (`takeCarried`, called right after sealing it), and the writer stores the unstored ones in the
 * append's own transaction and holds the stored ones to the table: so no event ever commits without its key, nor under
 * a key destroyed meanwhile, whichever of several appends in flight under the same new key commits first, and a
 * registration's new key costs no commit (no fsync) of its own.
 */
export interface KeysWithEvents {
  /**
   * The keys sealed under since the last call (the append just sealed carries them): the unstored ones, for its commit
   * to store, and the stored ones too, for its commit to hold to the table. A stored key this process kept (a case's
   * events are sealed under one key) may have been destroyed since by another process (`gridcase erasure erase`): the
   * commit then finds the row's key NULL and refuses (`SubjectKeyConflict`), the sealed store seals once more, asking the
   * table, and the sealing throws `SubjectErased` — nothing is committed under a destroyed key (found in review: a
   * session's minutes recorded after an erasure were answered 200 and sealed under the key the server had kept, unreadable).
   */
  readonly takeCarried: () => SubjectKeyRow[]
  /**
   * Forgets which keys were sealed under since the last `takeCarried`, keeping them unstored: for a sealing that threw
   * partway (an event whose later subject was erased), whose append never took them. Its keys are then carried by no
   * unrelated append; the next sealing under one of them marks it again, and its append carries it.
   */
  readonly release: () => void
  /**
   * What became of an append that carried `rows`: 'stored' (committed: the keys are in the table; an append with no
   * events stores what it carries too), 'kept' (refused before writing, e.g. a version conflict: still unstored here,
   * none of them in the table through this append) or 'failed' (an error: forgotten, so that what is sealed next starts
   * from the table again, e.g. from the key another process stored first). An append refused as 'failed' for a key
   * conflict on one subject may have inserted the keys of the subjects it stored before it (harmless rows without
   * events: what is sealed next finds them in the table and uses them).
   */
  readonly settle: (rows: readonly SubjectKeyRow[], outcome: 'stored' | 'kept' | 'failed') => void
  /**
   * The stream whose first events are sealed until the next call (`undefined`: none): an append that expects no stream.
   * A subject of that stream with no key here yet gets a new key without the key table being asked: the table has
   * none for it, unless left there by an older build whose append then failed, by an append of this build with several
   * subjects refused for a conflict on a later one after it stored the earlier ones' keys, or erased. Either way the append's
   * commit finds the stored row and refuses (`SubjectKeyConflict`), and the sealed store seals it again, asking the
   * table. An append so sealed that is refused before writing (the stream exists after all) forgets its new keys.
   * While it is in flight such a key serves only that stream's sealing: a read, or an append that does not expect a new
   * stream, asks the table first (and uses the stored key, if any).
   */
  readonly freshStream: (streamId: string | undefined) => void
}

/** How a SQLite key store is opened (`sqliteSubjectKeys`). */
export interface SqliteKeyStoreOptions {
  readonly readonly?: boolean
  /**
   * New keys are not stored by this connection but carried by the appends sealed under them and stored in their
   * transactions (`KeysWithEvents`). Only for the sealed store, which passes them on: a key never stored is data lost.
   */
  readonly keysWithEvents?: boolean
  /**
   * A probe that moves whenever a connection other than the log's writer commits to the file (the SQLite store's
   * `othersCommitted`): the erasure count is read again only when it moved (or after an erasure through this store).
   * Without it the count is read at every call: after each of the writer's commits that read starts on a page cache
   * the commit made stale (found profiling add-note at 1,000/s: three such reads a request, 6% of the main thread).
   */
  readonly othersCommitted?: () => number
}

/** The key store in the SQLite file at `path` (its own connection). `readonly`: an audit copy; nothing is created. */
export const sqliteSubjectKeys = (
  path: string,
  options: SqliteKeyStoreOptions = {},
): SubjectKeys & KeysWithEvents => {
  const readonly = options.readonly === true
  // Read-only: where the file is, or a private copy where SQLite cannot read it in place (a read-only folder).
  const db = readonly ? openReadOnlyFile(path).db : new Database(path)
  try {
    return keysIn(db, path, readonly, options)
  } catch (error) {
    // A table that is not the key table (a column missing: edited, or another program's): refused, and its connection
    // closed with it (found in review: it was left open).
    db.close()
    throw error
  }
}

const keysIn = (db: Database.Database, path: string, readonly: boolean, options: SqliteKeyStoreOptions): SubjectKeys & KeysWithEvents => {
  db.pragma('busy_timeout = 5000')
  if (!readonly) {
    db.pragma('secure_delete = ON')
    db.exec(SCHEMA)
  }
  const hasTable = sqliteHasTable(db, 'subject_keys')
  if (!hasTable) {
    // A log written without encryption (or an audit copy of one): no keys, nothing to open.
    return { keyOf: () => undefined, destroy: () => false, erasedAt: () => undefined, erasures: () => 0, takeCarried: () => [], release: () => {}, settle: () => {}, freshStream: () => {}, close: () => db.close() }
  }
  const select = db.prepare<[string], { key: Buffer | null; erased_at: string | null }>('SELECT key, erased_at FROM subject_keys WHERE subject_id = ?')
  const selectMany = db.prepare<[string], { subject_id: string; key: Buffer | null; erased_at: string | null }>(
    'SELECT subject_id, key, erased_at FROM subject_keys WHERE subject_id IN (SELECT value FROM json_each(?))',
  )
  // The rows of the page being opened (`preload`): a subject loaded with no row maps to undefined. Only reads use them.
  let page: Map<string, { key: Buffer | null; erased_at: string | null } | undefined> | undefined
  const rowOf = (subjectId: string, create: boolean) => (!create && page !== undefined && page.has(subjectId) ? page.get(subjectId) : select.get(subjectId))
  const insert = readonly ? undefined : db.prepare<[string, Buffer]>('INSERT OR IGNORE INTO subject_keys (subject_id, key) VALUES (?, ?)')
  const erase = readonly ? undefined : db.prepare<[{ subject: string; at: string }]>('INSERT INTO subject_keys (subject_id, key, erased_at) VALUES (@subject, NULL, @at) ON CONFLICT (subject_id) DO UPDATE SET key = NULL, erased_at = @at WHERE key IS NOT NULL')
  // The erasure count is bumped in the same transaction as the key's deletion: a reader that kept opened values (see
  // `erasures` in core's FieldCipher) drops them at its next read after an erasure by any process (the CLI).
  // An audit copy written before the count existed has none: it reads 0 (nothing is erased in a read-only copy).
  const hasCount = sqliteHasTable(db, 'subject_key_erasures')
  const count = hasCount ? db.prepare<[], { n: number }>('SELECT n FROM subject_key_erasures WHERE id = 1') : undefined
  const bump = readonly ? undefined : db.prepare('UPDATE subject_key_erasures SET n = n + 1 WHERE id = 1')
  const destroyKey = db.transaction((subjectId: string, at: string) => {
    erase?.run({ subject: subjectId, at })
    bump?.run()
  })
  // The count as last read, and the probe's value read just before it (undefined: read it again). The count only moves
  // in a commit, by this connection (`destroy`, which forgets it) or by another one (which moves the probe); the probe is
  // read first, so a commit between the two reads moves it past the value kept, and the next call reads again.
  // And it is looked at once per synchronous stretch (until the next microtask): a command's route and its handler's memory
  // both ask before it reads the case, one right after the other. Two looks in one stretch would be as current as the first
  // (another process's commit between them lands at no moment this process could tell apart); an erasure through this
  // store forgets what was seen, at once.
  const { othersCommitted } = options
  let countProbe: number | undefined
  let countKept = 0
  let lookedAt = false
  const lookAgain = (): void => {
    lookedAt = false
  }
  const erasureCount = (): number => {
    if (count === undefined) return 0
    if (othersCommitted === undefined) return count.get()?.n ?? 0
    if (lookedAt) return countKept
    const probe = othersCommitted()
    if (probe !== countProbe) {
      countKept = count.get()?.n ?? 0
      countProbe = probe
    }
    lookedAt = true
    queueMicrotask(lookAgain)
    return countKept
  }
  // Keys are looked up on every open, not cached: an erasure by another process (the CLI) takes effect at once.
  // Sealing keeps the keys it used (bounded): a case's events are sealed under one key. Should another process erase
  // the subject meanwhile, an append this one still seals under the kept key carries it (`takeCarried`), its commit
  // finds it destroyed and refuses it, and it is sealed again asking the table: refused as erased, nothing written.
  const sealing = new Map<string, Buffer>()
  const oldestSealing = oldestKey(sealing)
  const keepSealing = (subjectId: string, key: Buffer): void => {
    if (sealing.size >= SEALING_CACHE) sealing.delete(oldestSealing.next() as string)
    sealing.set(subjectId, key)
  }
  // Keys made here and not yet known to be stored (see KeysWithEvents), and which of them were sealed under since the
  // last `takeCarried`.
  const unstored = new Map<string, Buffer>()
  const used = new Set<string>()
  // Stored keys sealed under since the last `takeCarried`, from this process's memory or the table: held to the table
  // at the commit (see KeysWithEvents).
  const storedUsed = new Map<string, Buffer>()
  const sealedUnder = (subjectId: string, key: Buffer): Buffer => {
    if (options.keysWithEvents === true) storedUsed.set(subjectId, key)
    return key
  }
  // The stream being sealed for an append that expects none (`freshStream`), and the unstored keys made for one without
  // asking the table (forgotten, not kept, when such an append is refused before writing: the stream existed).
  let fresh: string | undefined
  const unlooked = new Set<string>()
  const ofFresh = (subjectId: string): boolean =>
    fresh !== undefined && subjectId.length > fresh.length && subjectId.charCodeAt(fresh.length) === 35 /* # */ && subjectId.startsWith(fresh)
  return {
    keyOf: (subjectId, create) => {
      const waiting = unstored.get(subjectId)
      if (waiting !== undefined && !unlooked.has(subjectId)) {
        if (create) used.add(subjectId)
        return waiting
      }
      if (waiting !== undefined) {
        // Made for a new stream's append without asking the table (`freshStream`), still in flight. The same fresh
        // stream's sealing shares it; anything else asks the table first: an append that does not expect a new stream,
        // or a read, would otherwise seal under (or open with) a key that the table's row for the subject contradicts.
        if (create && ofFresh(subjectId)) {
          used.add(subjectId)
          return waiting
        }
        const row = rowOf(subjectId, create)
        if (row === undefined) {
          // The table has none: it is an ordinary unstored key now.
          if (!create) return undefined
          unlooked.delete(subjectId)
          used.add(subjectId)
          return waiting
        }
        const stored = row.key ?? undefined
        if (create && stored !== undefined) keepSealing(subjectId, sealedUnder(subjectId, stored))
        return stored
      }
      if (create) {
        const cached = sealing.get(subjectId)
        if (cached !== undefined) return sealedUnder(subjectId, cached)
      }
      if (create && options.keysWithEvents === true && insert !== undefined && ofFresh(subjectId)) {
        // A new stream's subject: no lookup (a miss, most of a new case's sealing); see `freshStream`.
        const key = newKey()
        unstored.set(subjectId, key)
        used.add(subjectId)
        unlooked.add(subjectId)
        return key
      }
      const row = rowOf(subjectId, create)
      let key = row === undefined ? undefined : (row.key ?? undefined)
      if (row === undefined && create && insert !== undefined) {
        key = newKey()
        if (options.keysWithEvents === true) {
          unstored.set(subjectId, key)
          used.add(subjectId)
          return key
        }
        insert.run(subjectId, key)
        key = select.get(subjectId)?.key ?? undefined
      }
      if (create && key !== undefined) keepSealing(subjectId, sealedUnder(subjectId, key))
      return key
    },
    destroy: (subjectId, at) => {
      if (erase === undefined) throw new Error(`${path} was opened read-only: no key can be destroyed`)
      sealing.delete(subjectId)
      // Nor held on to by the cache's iterator (which keeps a table the map outgrew, this key in it, until it moves).
      oldestSealing.reset()
      // An append in flight that carries the key is refused at its commit: the stored row no longer holds it.
      const unstoredKey = unstored.delete(subjectId)
      used.delete(subjectId)
      storedUsed.delete(subjectId)
      unlooked.delete(subjectId)
      const had = unstoredKey || select.get(subjectId)?.key != null
      destroyKey(subjectId, at)
      countProbe = undefined
      lookedAt = false
      db.pragma('wal_checkpoint(TRUNCATE)')
      return had
    },
    // From the page being opened where it was loaded (`preload`: opening asks it for personal text in clear), else the table.
    // Erased is a row whose key is gone, as the erasure audit counts it (its time, '' where the row has none): a row that
    // keeps its key and names a time is not (found in review: such a row, added by hand for a case in clear, read
    // "erased" in every view while verify said ok).
    erasedAt: (subjectId) => {
      const row = rowOf(subjectId, false)
      return row === undefined || row.key !== null ? undefined : (row.erased_at ?? '')
    },
    erasures: erasureCount,
    preload: (subjects) => {
      const rows = new Map<string, { key: Buffer | null; erased_at: string | null } | undefined>(subjects.map((subject) => [subject, undefined]))
      for (const row of selectMany.all(JSON.stringify(subjects))) rows.set(row.subject_id, row)
      page = rows
      return () => {
        if (page === rows) page = undefined
      }
    },
    takeCarried: () => {
      if (used.size === 0 && storedUsed.size === 0) return []
      const rows: SubjectKeyRow[] = []
      for (const subjectId of used) {
        const key = unstored.get(subjectId)
        if (key !== undefined) rows.push({ subjectId, key })
      }
      for (const [subjectId, key] of storedUsed) if (!used.has(subjectId)) rows.push({ subjectId, key })
      used.clear()
      storedUsed.clear()
      return rows
    },
    release: () => {
      used.clear()
      storedUsed.clear()
    },
    settle: (rows, outcome) => {
      for (const { subjectId, key } of rows) {
        // Another append may have settled it first, or it was erased meanwhile: only our own entry is touched.
        const mine = unstored.get(subjectId)
        // A stored key held to the table: refused for an error (destroyed by another process, or another key there),
        // it is not sealed under again from memory; the next sealing asks the table.
        if (mine === undefined && outcome === 'failed' && sealing.get(subjectId) === key) sealing.delete(subjectId)
        if (mine === undefined || mine !== key) continue
        // Refused before writing: a key looked up (and missed) is still ours; one made without asking is forgotten.
        if (outcome === 'kept' && !unlooked.has(subjectId)) continue
        unstored.delete(subjectId)
        unlooked.delete(subjectId)
        if (outcome !== 'stored') sealing.delete(subjectId)
        else keepSealing(subjectId, mine)
      }
    },
    freshStream: (streamId) => {
      fresh = streamId
    },
    close: () => db.close(),
  }
}

const SEALING_CACHE = 10_000
/** New subject keys drawn 256 at a time from the system's generator (one call, not one per registration). */
const KEY_POOL = 256
const keyPool = randomPool(32 * KEY_POOL)
// A copy: the key is erased on its own, and nothing else of the pool should live as long as it.
const newKey = (): Buffer => Buffer.from(keyPool.take(32))
const IV_BYTES = 12
/** Random IVs drawn 4096 at a time: one call to the system's generator per 4096 seals, not one each. */
const IV_POOL = 4096
const ivPool = randomPool(IV_BYTES * IV_POOL)
const TAG_BYTES = 16

/**
 * Where a seal puts its value together before writing it as base64: the IV (copied from the pool, and handed to the
 * cipher as `SEAL_IV`, a view kept on the first 12 bytes), then the ciphertext and the tag. One buffer for every seal:
 * a seal runs synchronously from start to end, and the cipher copies its IV when it is made. Each seal used to make a
 * view of the pool for its IV and a fourth buffer for `Buffer.concat`, the base64 then written from it: about 2 µs of
 * the 7 µs a seal took with its key lookup (issue #19; docs/scale.md, "The cipher call's wrapping, and what else sealing
 * adds"). A value too long for it (more than 16 KB, which no personal field of the domain comes near) is put together
 * as before.
 */
const SEAL_BYTES = 16 * 1024
const sealScratch = Buffer.allocUnsafe(SEAL_BYTES)
const SEAL_IV = sealScratch.subarray(0, IV_BYTES)

/**
 * The associated data of the subjects sealed under lately (a subject's id as UTF-8), kept by id: an append of a case's
 * events takes turns between its subjects (the complainant, the parties, the attendees), each turn made the buffer
 * again. Ids are no secret; bounded, and cleared whole when full.
 */
const AAD_KEPT = 256

/**
 * AES-256-GCM (node's crypto) over the subject keys: a fresh 96-bit IV per value, the subject id as
 * associated data (a sealed value moved to another subject does not open). Text: base64(iv ‖ ciphertext ‖ tag).
 * The key is passed to the cipher as the raw bytes the key store holds: a KeyObject made of it for a run of seals under
 * one key (as before 2026-12-06) cost as much as it saved (createSecretKey, and a native object more for each GC), and
 * the cipher keeps no key bytes of its own (nothing of an erased subject's key outlives the key store's copy).
 */
export const aesGcmFieldCipher = (keys: SubjectKeys): FieldCipher => {
  const aads = new Map<string, Buffer>()
  const aadOf = (subjectId: string): Buffer => {
    let aad = aads.get(subjectId)
    if (aad === undefined) {
      if (aads.size >= AAD_KEPT) aads.clear()
      aad = Buffer.from(subjectId, 'utf8')
      aads.set(subjectId, aad)
    }
    return aad
  }
  return {
  ...(keys.preload === undefined ? {} : { prepare: keys.preload }),
  // Asked only for personal text an event holds in clear (written before it was sealed): "erased" once its subject is.
  erased: (subjectId) => keys.erasedAt(subjectId) !== undefined,
  erasures: () => keys.erasures(),
  seal: (subjectId, plaintext) => {
    const key = keys.keyOf(subjectId, true)
    if (key === undefined) throw new SubjectErased(subjectId)
    const from = ivPool.draw(IV_BYTES)
    ivPool.buffer().copy(sealScratch, 0, from, from + IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, SEAL_IV)
    cipher.setAAD(aadOf(subjectId))
    const body = cipher.update(plaintext, 'utf8')
    const last = cipher.final()
    const tag = cipher.getAuthTag()
    const length = IV_BYTES + body.length + last.length + TAG_BYTES
    if (length > SEAL_BYTES) return Buffer.concat([sealScratch.subarray(0, IV_BYTES), body, last, tag]).toString('base64')
    sealScratch.set(body, IV_BYTES)
    sealScratch.set(last, IV_BYTES + body.length)
    sealScratch.set(tag, length - TAG_BYTES)
    return sealScratch.toString('base64', 0, length)
  },
  open: (subjectId, sealed) => {
    const key = keys.keyOf(subjectId, false)
    if (key === undefined) return undefined
    const bytes = Buffer.from(sealed, 'base64')
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealedValueDoesNotOpen(`a sealed field of ${subjectId} is too short to be AES-GCM`)
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES))
      decipher.setAAD(Buffer.from(subjectId, 'utf8'))
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch (error) {
      // The key held does not open the text (not authentic under it, or bytes that are no AES-256 key): the key's or the
      // text's doing. The key's lookup above fails on its own terms.
      throw new SealedValueDoesNotOpen(error instanceof Error ? error.message : String(error), { cause: error })
    }
  },
  }
}
