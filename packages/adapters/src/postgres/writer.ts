import {
  concurrencyConflict,
  genesisHash,
  matchesExpectedVersion,
  sealEvents,
  type HashFn,
  type NewEvent,
  type RecordedEvent,
  type StreamVersion,
} from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { sealedRequestOf, subjectsOfStream, withoutRequestHash } from '@gridcase/core/privacy'
import type { Settled } from '../groupCommit.js'
import { SubjectErased } from '../privacy/subjectErased.js'
import type { Append, AppendOutcome } from '../sqlite/writer.js'
import { lockKeys } from './locks.js'
import { columnParams, emptyColumns, INSERT_COLUMNS, pushColumns, toColumnValues, UNNEST } from './rows.js'
import type { tablesOf } from './schema.js'

/** The event without its fingerprint where the subject it is sealed under is erased (see the writer's check). */
const withoutErasedRequest = (streamId: string, erased: ReadonlySet<string>) => (event: NewEvent): NewEvent => {
  const subject = sealedRequestOf({ streamId, metadata: event.metadata })?.subject
  return subject === undefined || !erased.has(subject) ? event : withoutRequestHash(event)
}

export interface PgWriterOptions {
  readonly schema: string
  readonly tables: ReturnType<typeof tablesOf>
  readonly hash: HashFn
  readonly now: () => string
  readonly newEventId: () => string
}

/**
 * Commits a group of appends in one transaction (one WAL flush), each with its own outcome.
 *
 * Why positions are gap-free in commit order: the transaction first takes the log's transaction-scoped
 * advisory lock (`pg_advisory_xact_lock`), then reads max(position) and writes max+1, max+2, … The lock
 * is released only after the commit is visible to other sessions, so the next appender's max() sees
 * this one's rows, and no reader can ever see position n+1 before position n: a reader may simply read
 * `position >= checkpoint` and never miss a late commit. A rolled-back append leaves no hole (no sequence).
 *
 * The other way, Marten's and emmett's, lets appends run in parallel and makes readers wait instead:
 * emmett stamps rows with `pg_current_xact_id()` and reads only rows of transactions older than
 * `pg_snapshot_xmin(pg_current_snapshot())`, ordered by (transaction id, position); Marten reads a
 * sequence up to a "high water mark" and waits out (and finally skips) gaps. We chose the lock because
 * (1) the port's position is one number that readers resume from, and the Merkle tree over the log
 * (RFC 9162 leaf indices) wants dense positions in commit order, which the lock gives and the barrier
 * does not; (2) under the barrier any long transaction anywhere on the cluster (a report, a pg_dump)
 * stalls every subscription; (3) the cost, one appending transaction at a time per log, is paid once
 * per group: group commit puts every append that arrived while the previous commit ran into the next
 * transaction, so throughput grows with load. `bench/stores.bench.ts` measures it.
 */
export const pgWriter = (options: PgWriterOptions) => {
  const { tables: t } = options
  // Four round trips per group: BEGIN with the lock; the log's end with the streams' heads (a statement after
  // the lock's, so its snapshot sees every commit made before the lock was granted); the insert with its
  // notification; COMMIT.
  const beginSql = `BEGIN; SELECT pg_advisory_xact_lock(${lockKeys.append}, hashtext(${pg.escapeLiteral(options.schema)}))`
  // With them, the subjects the group's events are sealed for whose key is destroyed (an erasure commits under the same
  // lock, so none can land between this and the commit): their appends are refused, nothing written. A server keeps
  // the keys it sealed under and learns of another server's erasure at its next read of the log (found in review: an
  // append sealed in that gap committed under the destroyed key, acknowledged and unreadable).
  const headsSql = `SELECT (SELECT coalesce(max(position), -1)::text FROM ${t.events}) AS last,
      (SELECT array_agg(subject_id) FROM ${t.schema}.subject_keys WHERE subject_id = ANY($2::text[]) AND key IS NULL) AS erased,
      s.id AS stream_id, e.version, e.hash
      FROM unnest($1::text[]) AS s(id)
      LEFT JOIN LATERAL (SELECT version, hash FROM ${t.events} WHERE stream_id = s.id ORDER BY version DESC LIMIT 1) AS e ON true`
  // Delivered at commit, to every server LISTENing on this log.
  const insertSql = `WITH inserted AS (INSERT INTO ${t.events} (${INSERT_COLUMNS}) SELECT * FROM ${UNNEST} RETURNING 1)
      SELECT pg_notify($12, $13)`

  // `beforeCommit`: more work in the same transaction, after the group's events are written (an erasure destroys its
  // subjects' keys in the transaction that records it: no server sees the record without the keys gone, or the reverse).
  return async (
    client: pg.PoolClient,
    group: readonly Append[],
    beforeCommit?: (client: pg.PoolClient, settled: readonly Settled<AppendOutcome>[]) => Promise<void>,
  ): Promise<Settled<AppendOutcome>[]> => {
    await client.query(beginSql)
    const streamIds = [...new Set(group.map((a) => a.streamId))]
    const sealedFor = group.map((a) => subjectsOfStream(a.events.map((event) => ({ streamId: a.streamId, data: event.data }))))
    // The subjects the appends' idempotency fingerprints are sealed under (core's `sealedRequestOf`), asked with them.
    const requestsFor = group.map((a) => [...new Set(a.events.flatMap((event) => sealedRequestOf({ streamId: a.streamId, metadata: event.metadata })?.subject ?? []))])
    const found = await client.query<{ last: string; erased: string[] | null; stream_id: string; version: number | null; hash: string | null }>(headsSql, [streamIds, [...sealedFor.flat(), ...requestsFor.flat()]])
    let next = Number(found.rows[0]?.last ?? -1) + 1
    const erased = new Set(found.rows[0]?.erased ?? [])
    const heads = new Map<string, { version: number; hash: string }>()
    for (const row of found.rows) {
      if (row.version !== null && row.hash !== null) heads.set(row.stream_id, { version: row.version, hash: row.hash })
    }
    const columns = emptyColumns()
    const recordedAt = options.now()
    // Under the lock no other writer can move a stream, so each append is checked and sealed here;
    // appends of one group to one stream see each other through `heads`.
    const settled = group.map((append, i): Settled<AppendOutcome> => {
      try {
        const lost = sealedFor[i]?.find((subject) => erased.has(subject))
        if (lost !== undefined) return { error: new SubjectErased(lost) }
        // A fingerprint sealed under a key destroyed meanwhile (this server had not read the erasure yet) is left out, as
        // sealing leaves it out once the key is gone: nothing is written under a destroyed key, and a command with nothing
        // personal in it (a note) is not refused for it (found in review: it was committed, and read "erased").
        const events = requestsFor[i]?.some((subject) => erased.has(subject)) === true ? append.events.map(withoutErasedRequest(append.streamId, erased)) : append.events
        const top = heads.get(append.streamId)
        const current: StreamVersion = top?.version ?? 'no-stream'
        if (!matchesExpectedVersion(current, append.expectedVersion)) {
          return { ok: E.left(concurrencyConflict(append.streamId, append.expectedVersion, current)) }
        }
        if (append.events.length === 0) {
          return { ok: E.right({ nextExpectedVersion: top?.version ?? -1, lastPosition: next - 1, events: [] }) }
        }
        const sealed = sealEvents({
          streamId: append.streamId,
          nextVersion: top === undefined ? 0 : top.version + 1,
          prevHash: top?.hash ?? genesisHash(append.streamId, options.hash),
          recordedAt: append.recordedAt ?? recordedAt,
          events,
          newEventId: options.newEventId,
          hash: options.hash,
        })
        const recorded = sealed.map((event, i): RecordedEvent => ({ ...event, position: next + i }))
        // Serialised before anything is kept: data JSON cannot hold fails this append, not the group.
        const values = recorded.map(toColumnValues)
        for (const v of values) pushColumns(columns, v)
        next += recorded.length
        const lastEvent = recorded[recorded.length - 1] as RecordedEvent
        heads.set(append.streamId, { version: lastEvent.version, hash: lastEvent.metadata.hash })
        return { ok: E.right({ nextExpectedVersion: lastEvent.version, lastPosition: lastEvent.position, events: recorded }) }
      } catch (error) {
        return { error }
      }
    })
    if (columns.position.length > 0) await client.query(insertSql, [...columnParams(columns), t.channel, String(next - 1)])
    if (beforeCommit !== undefined) await beforeCommit(client, settled)
    await client.query('COMMIT')
    return settled
  }
}
