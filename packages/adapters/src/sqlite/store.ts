import type { AbortSignalLike, EventStore, HashFn, NewEvent, RecordedEvent, StreamVersion } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { systemClock, type Clock } from '../clock.js'
import { newId } from '../ids.js'
import { pollingPages, pollingSubscription, type PagedFeed } from '../subscription.js'
import { groupCommit, type Settled } from '../groupCommit.js'
import { nodeSha256Hex } from './nodeHash.js'
import { openDatabase, openReadOnly, type SqliteSynchronous } from './open.js'
import { EVENT_COLUMNS, fromRawRow, fromRow, type EventRawRow, type EventRow } from './rows.js'
import { migrate, SCHEMA_VERSION } from './schema.js'
import { threadWriter } from './threadWriter.js'
import type { NamedAppend } from './writerProtocol.js'
import { wakeupsFor } from './wakeups.js'
import { sqliteWriter, wroteAny, type Append, type AppendOutcome, type SubjectKeyRow } from './writer.js'

export interface SqliteStoreOptions {
  /** The database file (its folder is created), or ':memory:'. */
  readonly path: string
  readonly clock?: Clock
  readonly newEventId?: () => string
  /** Chain hash; defaults to Node's SHA-256 (same digests as core's pure `sha256Hex`). */
  readonly hash?: HashFn
  /** See `SqliteSynchronous`: 'full' (default) survives power loss, 'normal' survives a killed process. */
  readonly synchronous?: SqliteSynchronous
  /** How long an append waits for another connection's write lock before rejecting (default 5000). */
  readonly busyTimeoutMs?: number
  /** How often a live subscription looks for commits made by other processes (default 250). */
  readonly pollMs?: number
  /** Events per read while a subscription catches up (default 500). */
  readonly pageSize?: number
  /**
   * Where commits run. 'main' (default): on the caller's thread, which waits for each commit's fsync.
   * 'thread': on a writer thread with its own connection, so the event loop keeps serving while the disk
   * syncs; an append still resolves only after its COMMIT returned. The thread hashes with SHA-256
   * (`hash` must be left out) and ignores ':memory:' (a thread cannot share it): that stays on 'main'.
   */
  readonly writer?: 'main' | 'thread'
  /**
   * Open an existing file read-only (audit tools, a 0444 copy): the file must exist, nothing is migrated or
   * written, and every append is refused.
   */
  readonly readonly?: boolean
}

/** How many of its own latest commits' events a store keeps for its subscribers, at least (up to twice as many). */
const RECENT_EVENTS = 2048

/** 事件存储 — the embedded durable event store: one SQLite file in WAL mode, safe for several processes. */
/** What the SQLite store adds to `EventStore`. */
export interface SqliteEventStore extends EventStore, PagedFeed {
  readonly path: string
  /** Groups of appends sent to the writer thread so far (0 without one). */
  readonly writerGroups: () => number
  /**
   * An append that also stores data-subject keys in its own transaction (the sealed store's: a new subject's key
   * commits with the first events sealed under it; see `Append.keys`). Refused, with nothing written, when a
   * subject's stored key is another one (`SubjectKeyConflict`).
   */
  readonly appendWithKeys: (streamId: string, events: readonly NewEvent[], options: { readonly expectedVersion: Append['expectedVersion'] }, keys: readonly SubjectKeyRow[]) => Promise<AppendOutcome>
  /**
   * A number that changes whenever a connection other than this store's commits to the file (SQLite's `data_version`
   * on the store's connection): another process (the erasure CLI), or this process's key or tree connections. With the
   * writer on the caller's thread the store's own commits leave it still; with a writer thread they move it too.
   */
  readonly othersCommitted: () => number
}

export const sqliteEventStore = (options: SqliteStoreOptions): SqliteEventStore => {
  const clock = options.clock ?? systemClock
  const hash = options.hash ?? nodeSha256Hex
  const newEventId = options.newEventId ?? newId
  const readonly = options.readonly === true
  const db = readonly
    ? openReadOnly(options.path, SCHEMA_VERSION)
    : openDatabase(options.path, {
        ...(options.synchronous ? { synchronous: options.synchronous } : {}),
        ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
      })
  try {
    if (!readonly) migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  const { wake, release, committed: announce, writerSent, writerAnswered } = wakeupsFor(options.path)
  const subscriptions = new Set<AbortController>()

  const head = db.prepare<[string], { version: number }>('SELECT version FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1')
  const selectStream = db.prepare<[string, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version`,
  )
  // Raw rows (arrays): a replay reads the whole log through here (`fromRawRow`).
  const selectAll = db
    .prepare<[number, number], EventRawRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`)
    .raw(true)

  const versionOf = (streamId: string): StreamVersion => head.get(streamId)?.version ?? 'no-stream'
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()

  const onThread = !readonly && options.writer === 'thread' && options.path !== ':memory:'
  if (onThread && options.hash !== undefined) {
    db.close()
    release()
    throw new Error("a SQLite store with writer 'thread' hashes with SHA-256 on that thread; leave `hash` out")
  }

  // The events this store committed last, contiguous in position: subscribers woken by its own commits
  // read them from here rather than read back and re-parse what was just written. A commit by any other
  // connection or process leaves a gap in positions, and the buffer starts again after it.
  let recent: RecordedEvent[] = []
  const remember = (settled: readonly Settled<AppendOutcome>[]): void => {
    for (const s of settled) {
      if (!('ok' in s) || E.isLeft(s.ok)) continue
      const events = s.ok.right.events
      const first = events[0]
      if (first === undefined) continue
      if (first.position !== (recent.at(-1)?.position ?? Number.NaN) + 1) recent = []
      for (const event of events) recent.push(event)
    }
    // Trimmed in steps of RECENT_EVENTS, not at every commit: a 2048-slot copy per commit was pure GC churn.
    if (recent.length >= 2 * RECENT_EVENTS) recent = recent.slice(-RECENT_EVENTS)
  }
  const committed = (settled: readonly Settled<AppendOutcome>[]): void => {
    if (!wroteAny(settled)) return
    remember(settled)
    // The tree log's thread takes these leaves from here rather than read them back (the same rows: COMMIT returned).
    for (const s of settled) if ('ok' in s && E.isRight(s.ok) && s.ok.right.events.length > 0) announce(s.ok.right.events)
    wake.notify()
  }

  // Concurrent appends share one transaction and one fsync; each still gets its own outcome.
  const inline = onThread || readonly ? undefined : groupCommit<Append, AppendOutcome>((() => {
    const commit = sqliteWriter(db, { hash, now: () => clock.now(), newEventId })
    return (group) => {
      const settled = commit(group)
      committed(settled)
      return settled
    }
  })())

  const thread = onThread
    ? threadWriter({
        path: options.path,
        ...(options.synchronous === undefined ? {} : { synchronous: options.synchronous }),
        ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
      })
    : undefined
  // Appends for the thread gather, as group commit does, and go as one message: for one loop turn, and for as long
  // as the last group is being committed (one group in flight). The thread could not start on them sooner (it commits
  // in order, one transaction and fsync at a time), and each message to and from a thread costs this one tens of µs:
  // under load, one message per fsync rather than one per request.
  let outbox: { readonly named: NamedAppend; readonly resolve: (o: AppendOutcome) => void; readonly reject: (e: unknown) => void }[] = []
  let flight: Promise<void> | undefined
  let groupsSent = 0
  const send = (): void => {
    if (thread === undefined || flight !== undefined || outbox.length === 0) return
    const group = outbox
    outbox = []
    groupsSent += 1
    writerSent()
    flight = thread
      .commit(group.map((entry) => entry.named))
      .then(
        (settled: readonly Settled<AppendOutcome>[]) => {
          committed(settled)
          group.forEach((entry, i) => {
            const outcome = settled[i]
            if (outcome === undefined) entry.reject(new Error('the writer thread returned fewer outcomes than appends'))
            else if ('ok' in outcome) entry.resolve(outcome.ok)
            else entry.reject(outcome.error)
          })
        },
        (error: unknown) => {
          for (const entry of group) entry.reject(error)
        },
      )
      .then(() => {
        flight = undefined
        // The writer thread is idle until the next group goes: writes waiting for it (the tree's heads) run now.
        writerAnswered()
        send()
      })
  }
  const toThread = (streamId: string, events: readonly NewEvent[], expectedVersion: Append['expectedVersion'], keys?: readonly SubjectKeyRow[]): Promise<AppendOutcome> =>
    new Promise((resolve, reject) => {
      // Every event named here (this store's id source), not on the thread; the events themselves are not copied for it.
      const eventIds = events.map((event) => event.eventId ?? newEventId())
      const append: Append = { streamId, events, expectedVersion, recordedAt: clock.now(), ...(keys === undefined ? {} : { keys }) }
      outbox.push({ named: { append, eventIds }, resolve, reject })
      // With a group in flight, this one goes when it is answered.
      if (outbox.length === 1 && flight === undefined) setImmediate(send)
    })

  const readAll = (fromPosition: number, limit: number): readonly RecordedEvent[] => selectAll.all(fromPosition, limit).map(fromRawRow)
  // A subscription woken by close() must not read the closed connection.
  const readPage = async (fromPosition: number, limit: number): Promise<readonly RecordedEvent[]> => {
    if (!db.open) return []
    const first = recent[0]?.position ?? Number.POSITIVE_INFINITY
    if (fromPosition < first || fromPosition > first + recent.length - 1) return readAll(fromPosition, limit)
    return recent.slice(fromPosition - first, fromPosition - first + limit)
  }

  // Closing the store ends its subscriptions too, so none reads a closed connection.
  const closable = <T>(feed: (signal: AbortSignalLike) => AsyncGenerator<T>, signal: AbortSignalLike | undefined): AsyncGenerator<T> => {
    const stop = new AbortController()
    const onAbort = () => stop.abort()
    if (signal?.aborted) stop.abort()
    else signal?.addEventListener('abort', onAbort, { once: true })
    subscriptions.add(stop)
    return (async function* () {
      try {
        yield* feed(stop.signal)
      } finally {
        subscriptions.delete(stop)
        signal?.removeEventListener('abort', onAbort)
      }
    })()
  }
  const feedOptions = (fromPosition: number | undefined, signal: AbortSignalLike) => ({
    fromPosition: fromPosition ?? 0,
    signal,
    pollMs: options.pollMs ?? 250,
    pageSize: options.pageSize ?? 500,
  })
  const subscribe = (subscribeOptions: { fromPosition?: number; signal?: AbortSignalLike } = {}) =>
    closable((signal) => pollingSubscription(readPage, wake, feedOptions(subscribeOptions.fromPosition, signal)), subscribeOptions.signal)
  const subscribePages = (subscribeOptions: { fromPosition?: number; signal?: AbortSignalLike } = {}) =>
    closable((signal) => pollingPages(readPage, wake, feedOptions(subscribeOptions.fromPosition, signal)), subscribeOptions.signal)

  return {
    path: options.path,
    writerGroups: () => groupsSent,
    othersCommitted: () => dataVersion.get() as number,
    readStream: async (streamId, range = {}) =>
      selectStream.all(streamId, range.fromVersion ?? 0, range.toVersion ?? Number.MAX_SAFE_INTEGER).map(fromRow),
    appendToStream: (streamId, events, { expectedVersion }) =>
      readonly
        ? Promise.reject(new Error(`${options.path} was opened read-only: nothing can be appended`))
        : inline === undefined ? toThread(streamId, events, expectedVersion) : inline.submit({ streamId, events, expectedVersion }),
    appendWithKeys: (streamId, events, { expectedVersion }, keys) =>
      readonly
        ? Promise.reject(new Error(`${options.path} was opened read-only: nothing can be appended`))
        : inline === undefined ? toThread(streamId, events, expectedVersion, keys) : inline.submit({ streamId, events, expectedVersion, keys }),
    readAll: async ({ fromPosition, limit } = {}) => readAll(fromPosition ?? 0, limit ?? -1),
    subscribe,
    subscribePages,
    streamVersion: async (streamId) => versionOf(streamId),
    close: async () => {
      if (db.open) inline?.flush()
      // Every append already asked for is committed (or refused) before the thread closes.
      send()
      while (flight !== undefined) await flight
      await thread?.close()
      for (const stop of subscriptions) stop.abort()
      subscriptions.clear()
      release()
      if (db.open) db.close()
    },
  }
}
