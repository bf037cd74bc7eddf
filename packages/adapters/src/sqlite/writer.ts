import {
  concurrencyConflict,
  genesisHash,
  matchesExpectedVersion,
  oldestKey,
  sealEventsWithText,
  type AppendResult,
  type ConcurrencyConflict,
  type ExpectedVersion,
  type HashFn,
  type NewEvent,
  type RecordedEvent,
  type StreamVersion,
} from '@gridcase/core'
import type Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import type { Settled } from '../groupCommit.js'
import { EVENT_COLUMNS, type EventParams } from './rows.js'

export type AppendOutcome = E.Either<ConcurrencyConflict, AppendResult>

/** One append as the writer receives it; `recordedAt` when the caller timed it already (the writer thread has no clock of its own). */
export interface Append {
  readonly streamId: string
  readonly events: readonly NewEvent[]
  readonly expectedVersion: ExpectedVersion
  readonly recordedAt?: string
  /**
   * Data-subject keys (crypto-shredding, see privacy/subjectKeys.ts) that events of this append are sealed under and
   * that may not be stored yet (and those that are: the sealed store carries every key it sealed under): written into
   * `subject_keys` in the append's own transaction where missing, so a key and the events sealed under it commit
   * together (one commit, never a key without its events nor events without their key). A subject whose stored key
   * differs (another process stored one first, or it was erased) refuses the append.
   */
  readonly keys?: readonly SubjectKeyRow[]
  /**
   * The ids of this append's events that have none (`eventId` undefined or null), in order: sealing takes them in
   * place of the writer's `newEventId`. The writer thread's appends carry them (drawn on the main thread, which hands
   * back the recorded events), so the thread need not copy each unnamed event to put its id on.
   */
  readonly eventIds?: readonly string[]
}

/** A data subject's key, as an append carries it to the writer. */
export interface SubjectKeyRow {
  readonly subjectId: string
  readonly key: Uint8Array
}

/** An append refused because a subject's stored key is not the one its events were sealed under. */
export class SubjectKeyConflict extends Error {
  override readonly name = 'SubjectKeyConflict'
}

export interface WriterOptions {
  readonly hash: HashFn
  readonly now: () => string
  readonly newEventId: () => string
}

/** A stream's last event as the writer needs it: its version and chain hash. */
interface Head {
  readonly version: number
  readonly hash: string
}

/** Stream heads the writer keeps between commits (beyond this, the least recently written are read again). */
const MAX_HEADS = 10_000

/** Thrown out of a fast-path group when an insert failed: the group is rolled back and written again, append by append. */
class InsertFailed extends Error {}

/**
 * The write side of the SQLite store: commits a group of appends in one BEGIN IMMEDIATE transaction (one
 * fsync), each append with its own outcome. Used on the main thread or inside the writer thread
 * (writerThread.ts), with the same code.
 *
 * Heads and the next position are kept in memory between commits, under the write lock: a commit first asks
 * SQLite's `data_version`, which changes exactly when another connection (another process, the key or tree
 * tables' own connections) committed to the file, and then forgets everything it kept. So the memory is only
 * ever used when this connection was the last to write, and a head is read from the table at most once per
 * stream after that. What a commit learnt is kept only once COMMIT returned; any failure forgets everything.
 *
 * Appends of a group share the transaction without a savepoint each: an append is checked and sealed before it
 * writes anything, so a refusal or a sealing error leaves nothing to undo. Only a failing INSERT (a trigger, a
 * constraint, the disk) would leave part of an append behind: then the whole group is rolled back and written
 * again with a savepoint per append, so the failing append undoes only itself, as before.
 */
export const sqliteWriter = (db: Database.Database, options: WriterOptions): ((group: readonly Append[]) => Settled<AppendOutcome>[]) => {
  const head = db.prepare<[string], Head>('SELECT version, hash FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1')
  const lastPosition = db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events')
  const insert = db.prepare<EventParams>(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
  // Prepared at the first append that carries keys: the table is the key store's (made when it opens), not the log's.
  let keyStatements: { readonly insert: Database.Statement<[string, Uint8Array]>; readonly select: Database.Statement<[string], Buffer | null> } | undefined
  /** Stores the append's keys; the first subject whose stored key differs from the one carried, if any. */
  const storeKeys = (rows: readonly SubjectKeyRow[]): string | undefined => {
    keyStatements ??= {
      insert: db.prepare<[string, Uint8Array]>('INSERT INTO subject_keys (subject_id, key) VALUES (?, ?) ON CONFLICT (subject_id) DO NOTHING'),
      select: db.prepare<[string], Buffer | null>('SELECT key FROM subject_keys WHERE subject_id = ?').pluck(),
    }
    for (const { subjectId, key } of rows) {
      if (keyStatements.insert.run(subjectId, key).changes === 1) continue
      // Stored already: by an earlier append of ours (the same key), or by another process or an erasure (not ours).
      const stored = keyStatements.select.get(subjectId)
      if (stored === undefined || stored === null || !Buffer.from(key.buffer, key.byteOffset, key.byteLength).equals(stored)) return subjectId
    }
    return undefined
  }

  // What this connection knows, valid while `knownVersion` is the file's data_version.
  let knownVersion: number | undefined
  const heads = new Map<string, Head>()
  const oldestHead = oldestKey(heads)
  let nextPosition: number | undefined
  const forget = (): void => {
    knownVersion = undefined
    oldestHead.clear()
    nextPosition = undefined
  }

  /** What a committed group learnt: the heads it moved and the next position. */
  interface Learnt {
    readonly moved: ReadonlyMap<string, Head>
    readonly position: number
  }

  /** Writes one group; `careful`: a savepoint per append (the slow path, after an insert failed). */
  const writeGroup = (group: readonly Append[], careful: boolean): { readonly settled: Settled<AppendOutcome>[]; readonly learnt: Learnt } => {
    const version = dataVersion.get()
    if (version !== knownVersion) {
      oldestHead.clear()
      nextPosition = undefined
      knownVersion = version
    }
    // Heads this group moved: kept only once the group committed.
    const moved = new Map<string, Head>()
    let position = nextPosition ?? (lastPosition.get()?.position ?? -1) + 1
    const headOf = (streamId: string): Head | undefined => moved.get(streamId) ?? heads.get(streamId) ?? head.get(streamId)
    // One record time for the group's appends that bring none: they are committed together, at one moment.
    let groupTime: string | undefined
    const recordedAtOf = (append: Append): string => append.recordedAt ?? (groupTime ??= options.now())

    // Changes `moved` and `position` only once every row of the append is in.
    const appendOne = (append: Append): AppendOutcome => {
      const { streamId, events, expectedVersion } = append
      const top = headOf(streamId)
      const current: StreamVersion = top?.version ?? 'no-stream'
      if (!matchesExpectedVersion(current, expectedVersion)) {
        return E.left(concurrencyConflict(streamId, expectedVersion, current))
      }
      // Before any event is written: a refusal here leaves at most key rows of ours, which are harmless without events.
      // Stored for an append with no events too: its success tells the key store the keys it carried are in the table.
      const lostKey = append.keys === undefined || append.keys.length === 0 ? undefined : storeKeys(append.keys)
      if (lostKey !== undefined) {
        throw new SubjectKeyConflict(`the data subject ${lostKey} has another key stored (by another process, or it was erased) than the one this append was sealed under: the append is refused, try again`)
      }
      if (events.length === 0) {
        return E.right({ nextExpectedVersion: top?.version ?? -1, lastPosition: position - 1, events: [] })
      }
      const sealed = sealEventsWithText({
        streamId,
        nextVersion: top === undefined ? 0 : top.version + 1,
        prevHash: top?.hash ?? genesisHash(streamId, options.hash),
        recordedAt: recordedAtOf(append),
        events,
        newEventId: append.eventIds === undefined ? options.newEventId : idsFrom(append),
        hash: options.hash,
        firstPosition: position,
      })
      const recorded: RecordedEvent[] = []
      try {
        for (let i = 0; i < sealed.length; i += 1) {
          const { event, dataJson } = sealed[i] as (typeof sealed)[number]
          const { metadata } = event
          // The data as hashed (canonical JSON of the same value); the metadata as given (the chain fields have their own columns).
          insert.run(event.position, streamId, event.version, event.eventId, event.type, event.schemaVersion, dataJson ?? null, JSON.stringify((events[i] as NewEvent).metadata), metadata.recordedAt, metadata.prevHash, metadata.hash)
          recorded.push(event)
        }
      } catch (error) {
        if (careful) throw error
        throw new InsertFailed('an insert failed', { cause: error })
      }
      position += sealed.length
      const last = recorded[recorded.length - 1] as RecordedEvent
      moved.set(streamId, { version: last.version, hash: last.metadata.hash })
      return E.right({ nextExpectedVersion: last.version, lastPosition: last.position, events: recorded })
    }

    const settled = group.map((append): Settled<AppendOutcome> => {
      try {
        return { ok: careful ? savepoint(() => appendOne(append)) : appendOne(append) }
      } catch (error) {
        if (error instanceof InsertFailed) throw error
        return { error }
      }
    })
    return { settled, learnt: { moved, position } }
  }

  const savepoint = db.transaction((work: () => AppendOutcome) => work())
  const fast = db.transaction((group: readonly Append[]) => writeGroup(group, false))
  const careful = db.transaction((group: readonly Append[]) => writeGroup(group, true))

  return (group) => {
    // Inside an open transaction, better-sqlite3 runs `fast` as a savepoint: released, not committed, yet answered (and
    // announced to the tree's thread) as committed. Should a ROLLBACK ever fail and leave the connection in one, refuse.
    if (db.inTransaction) throw new Error('the SQLite writer’s connection is inside a transaction it did not open; refusing the group (nothing was written)')
    let written: ReturnType<typeof writeGroup>
    try {
      written = fast.immediate(group)
    } catch (error) {
      forget()
      if (!(error instanceof InsertFailed)) throw error
      try {
        return careful.immediate(group).settled
      } finally {
        // The careful path keeps nothing: the next group reads what it needs.
        forget()
      }
    }
    // Committed: what the group learnt holds until another connection writes.
    for (const [streamId, moved] of written.learnt.moved) {
      heads.delete(streamId)
      heads.set(streamId, moved)
    }
    while (heads.size > MAX_HEADS) heads.delete(oldestHead.next() as string)
    nextPosition = written.learnt.position
    return written.settled
  }
}

/**
 * The ids an append carries, one per call, in order: made afresh for each sealing of the append (the careful path seals
 * a group again), so every sealing names the same events alike. Sealing calls it once per event without an id.
 */
export const idsFrom = (append: Append): (() => string) => {
  const ids = append.eventIds ?? []
  let next = 0
  return () => {
    const id = ids[next]
    if (id === undefined) throw new Error(`the append to ${append.streamId} carries ${ids.length} event ids, fewer than its events without one`)
    next += 1
    return id
  }
}

/** Did any append of the group write an event (so subscribers should look)? */
export const wroteAny = (settled: readonly Settled<AppendOutcome>[]): boolean =>
  settled.some((s) => 'ok' in s && E.isRight(s.ok) && s.ok.right.events.length > 0)
