import {
  concurrencyConflict,
  genesisHash,
  matchesExpectedVersion,
  sealEvents,
  type AbortSignalLike,
  type AppendResult,
  type ConcurrencyConflict,
  type EventStore,
  type ExpectedVersion,
  type HashFn,
  type NewEvent,
  type RecordedEvent,
  type StreamVersion,
} from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { systemClock, type Clock } from '../clock.js'
import { newId } from '../ids.js'
import { pollingSubscription } from '../subscription.js'
import { nodeSha256Hex } from './nodeHash.js'
import { openDatabase, type SqliteSynchronous } from './open.js'
import { groupCommit, type Settled } from './groupCommit.js'
import { EVENT_COLUMNS, fromRow, toParams, type EventParams, type EventRow } from './rows.js'
import { migrate } from './schema.js'
import { wakeupsFor } from './wakeups.js'

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
}

type AppendOutcome = E.Either<ConcurrencyConflict, AppendResult>

/** 事件存储 — the embedded durable event store: one SQLite file in WAL mode, safe for several processes. */
export const sqliteEventStore = (options: SqliteStoreOptions): EventStore & { readonly path: string } => {
  const clock = options.clock ?? systemClock
  const hash = options.hash ?? nodeSha256Hex
  const newEventId = options.newEventId ?? newId
  const db = openDatabase(options.path, {
    ...(options.synchronous ? { synchronous: options.synchronous } : {}),
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
  })
  try {
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  const { wake, release } = wakeupsFor(options.path)
  const subscriptions = new Set<AbortController>()

  const head = db.prepare<[string], { version: number; hash: string }>(
    'SELECT version, hash FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1',
  )
  const lastPosition = db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events')
  const insert = db.prepare<EventParams>(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const selectStream = db.prepare<[string, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version`,
  )
  const selectAll = db.prepare<[number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`,
  )

  const versionOf = (streamId: string): StreamVersion => head.get(streamId)?.version ?? 'no-stream'

  // Called inside `commitGroup`, so it runs as a savepoint of a BEGIN IMMEDIATE
  // transaction: the write lock is taken before the head is read, so no other
  // connection or process can move the stream (or the log) in between, and positions
  // follow commit order; a failure undoes this append only. The unique
  // (stream_id, version) index still refuses a duplicate version from any writer that skips this path.
  const appendOne = db.transaction(
    (streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): AppendOutcome => {
      const top = head.get(streamId)
      const current: StreamVersion = top?.version ?? 'no-stream'
      if (!matchesExpectedVersion(current, expectedVersion)) {
        return E.left(concurrencyConflict(streamId, expectedVersion, current))
      }
      const firstPosition = (lastPosition.get()?.position ?? -1) + 1
      if (events.length === 0) {
        return E.right({ nextExpectedVersion: top?.version ?? -1, lastPosition: firstPosition - 1, events: [] })
      }
      const sealed = sealEvents({
        streamId,
        nextVersion: top === undefined ? 0 : top.version + 1,
        prevHash: top?.hash ?? genesisHash(streamId, hash),
        recordedAt: clock.now(),
        events,
        newEventId,
        hash,
      })
      const recorded = sealed.map((event, i): RecordedEvent => ({ ...event, position: firstPosition + i }))
      for (const event of recorded) insert.run(...toParams(event))
      const last = recorded[recorded.length - 1] as RecordedEvent
      return E.right({ nextExpectedVersion: last.version, lastPosition: last.position, events: recorded })
    },
  )

  type Append = { readonly streamId: string; readonly events: readonly NewEvent[]; readonly expectedVersion: ExpectedVersion }
  const commitGroup = db.transaction((group: readonly Append[]): Settled<AppendOutcome>[] =>
    group.map((a) => {
      try {
        return { ok: appendOne(a.streamId, a.events, a.expectedVersion) }
      } catch (error) {
        return { error }
      }
    }),
  )
  // Concurrent appends share one transaction and one fsync; each still gets its own outcome.
  const appends = groupCommit<Append, AppendOutcome>((group) => {
    const settled = commitGroup.immediate(group)
    if (settled.some((s) => 'ok' in s && E.isRight(s.ok) && s.ok.right.events.length > 0)) wake.notify()
    return settled
  })

  const readAll = (fromPosition: number, limit: number): readonly RecordedEvent[] => selectAll.all(fromPosition, limit).map(fromRow)
  // A subscription woken by close() must not read the closed connection.
  const readPage = async (fromPosition: number, limit: number) => (db.open ? readAll(fromPosition, limit) : [])

  const subscribe = (subscribeOptions: { fromPosition?: number; signal?: AbortSignalLike } = {}) => {
    // Closing the store ends its subscriptions too, so none reads a closed connection.
    const stop = new AbortController()
    const onAbort = () => stop.abort()
    if (subscribeOptions.signal?.aborted) stop.abort()
    else subscribeOptions.signal?.addEventListener('abort', onAbort, { once: true })
    subscriptions.add(stop)
    return (async function* () {
      try {
        yield* pollingSubscription(readPage, wake, {
          fromPosition: subscribeOptions.fromPosition ?? 0,
          signal: stop.signal,
          pollMs: options.pollMs ?? 250,
          pageSize: options.pageSize ?? 500,
        })
      } finally {
        subscriptions.delete(stop)
        subscribeOptions.signal?.removeEventListener('abort', onAbort)
      }
    })()
  }

  return {
    path: options.path,
    readStream: async (streamId, range = {}) =>
      selectStream.all(streamId, range.fromVersion ?? 0, range.toVersion ?? Number.MAX_SAFE_INTEGER).map(fromRow),
    appendToStream: (streamId, events, { expectedVersion }) => appends.submit({ streamId, events, expectedVersion }),
    readAll: async ({ fromPosition, limit } = {}) => readAll(fromPosition ?? 0, limit ?? -1),
    subscribe,
    streamVersion: async (streamId) => versionOf(streamId),
    close: async () => {
      if (db.open) appends.flush()
      for (const stop of subscriptions) stop.abort()
      subscriptions.clear()
      release()
      if (db.open) db.close()
    },
  }
}
