import {
  concurrencyConflict,
  genesisHash,
  matchesExpectedVersion,
  sealEvents,
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
import type { Settled } from './groupCommit.js'
import { EVENT_COLUMNS, toParams, type EventParams } from './rows.js'

export type AppendOutcome = E.Either<ConcurrencyConflict, AppendResult>

/** One append as the writer receives it; `recordedAt` when the caller timed it already (the writer thread has no clock of its own). */
export interface Append {
  readonly streamId: string
  readonly events: readonly NewEvent[]
  readonly expectedVersion: ExpectedVersion
  readonly recordedAt?: string
}

export interface WriterOptions {
  readonly hash: HashFn
  readonly now: () => string
  readonly newEventId: () => string
}

/**
 * The write side of the SQLite store: commits a group of appends in one BEGIN IMMEDIATE transaction
 * (one fsync), each append in its own savepoint with its own outcome. Used on the main thread or
 * inside the writer thread (writerThread.ts), with the same code.
 */
export const sqliteWriter = (db: Database.Database, options: WriterOptions): ((group: readonly Append[]) => Settled<AppendOutcome>[]) => {
  const head = db.prepare<[string], { version: number; hash: string }>(
    'SELECT version, hash FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1',
  )
  const lastPosition = db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events')
  const insert = db.prepare<EventParams>(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)

  // Called inside `commitGroup`, so it runs as a savepoint of a BEGIN IMMEDIATE
  // transaction: the write lock is taken before the head is read, so no other
  // connection or process can move the stream (or the log) in between, and positions
  // follow commit order; a failure undoes this append only. The unique
  // (stream_id, version) index still refuses a duplicate version from any writer that skips this path.
  const appendOne = db.transaction((append: Append): AppendOutcome => {
    const { streamId, events, expectedVersion } = append
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
      prevHash: top?.hash ?? genesisHash(streamId, options.hash),
      recordedAt: append.recordedAt ?? options.now(),
      events,
      newEventId: options.newEventId,
      hash: options.hash,
    })
    const recorded = sealed.map((event, i): RecordedEvent => ({ ...event, position: firstPosition + i }))
    for (const event of recorded) insert.run(...toParams(event))
    const last = recorded[recorded.length - 1] as RecordedEvent
    return E.right({ nextExpectedVersion: last.version, lastPosition: last.position, events: recorded })
  })

  const commitGroup = db.transaction((group: readonly Append[]): Settled<AppendOutcome>[] =>
    group.map((append) => {
      try {
        return { ok: appendOne(append) }
      } catch (error) {
        return { error }
      }
    }),
  )
  return (group) => commitGroup.immediate(group)
}

/** Did any append of the group write an event (so subscribers should look)? */
export const wroteAny = (settled: readonly Settled<AppendOutcome>[]): boolean =>
  settled.some((s) => 'ok' in s && E.isRight(s.ok) && s.ok.right.events.length > 0)
