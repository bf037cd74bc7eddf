import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type ReadPosition,
} from '@eventstore/db-client'
import {
  concurrencyConflict,
  genesisHash,
  matchesExpectedVersion,
  sealEvents,
  streamQueue,
  type CaseType,
  type EventStore,
  type HashFn,
  type RecordedEvent,
} from '@gridcase/core'
import { CALENDAR_STREAM } from '@gridcase/core/calendar'
import * as E from 'fp-ts/lib/Either.js'
import { jitteredBackoff } from '../backoff.js'
import { systemClock, type Clock } from '../clock.js'
import { newId } from '../ids.js'
import { DEFAULT_CASE_TYPES, fromResolvedEvent, isOurs, toEventData } from './envelope.js'
import { isConnectionFailure, isConnectionLost, isStreamNotFound, toConcurrencyConflict } from './errors.js'
import { numberToPosition, positionToNumber } from './position.js'

/** Where the store connects: a connection string (the store owns the client) or a client the caller owns. */
export type EventStoreDbConnection = { readonly connectionString: string } | { readonly client: EventStoreDBClient }

export interface EventStoreDbOptions {
  readonly clock?: Clock
  readonly newEventId?: () => string
  readonly hash?: HashFn
  /** The case types whose streams are ours (read from $all, subscribed to): each tells its stream prefix. Default: complaints and disputes. */
  readonly caseTypes?: readonly Pick<CaseType, 'streamPrefix'>[]
  /** Further stream prefixes that are ours, for streams no case type names (tests, other writers of this library). */
  readonly streamPrefixes?: readonly string[]
  /** Events per page when reading $all (default 500). */
  readonly pageSize?: number
  /**
   * Reads retried when the connection is lost (gRPC UNAVAILABLE): the client drops the failed channel and connects
   * again on its next call, so a node restarting or a reset connection costs a read a short wait, not a failure.
   * Default: 4 retries, each after a random wait under 100 ms, 200, 400, 800. Appends are never retried here.
   */
  readonly readRetry?: { readonly retries?: number; readonly wait?: (retry: number) => Promise<void> }
}

/** A raw $all entry with its commit position as a number: ours or not, it moves the cursor. */
interface RawEntry {
  readonly position: number
  readonly resolved: AllStreamResolvedEvent
}

const rawPositionOf = (resolved: AllStreamResolvedEvent): number =>
  positionToNumber(resolved.event?.position ?? (resolved.commitPosition === undefined ? undefined : { commit: resolved.commitPosition, prepare: resolved.commitPosition }))

/**
 * Reads a client read to its end before anything else happens: leaving a read early leaves its gRPC
 * stream un-ended, and 6.2.1's `dispose()` then waits for it for ever.
 */
const drain = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = []
  for await (const item of read) out.push(item)
  return out
}

/**
 * An event store on EventStoreDB (@eventstore/db-client 6.2.1): one stream per case,
 * the $all commit position as the global position, catch-up subscriptions on $all.
 */
export const eventStoreDbEventStore = (options: EventStoreDbConnection & EventStoreDbOptions): EventStore => {
  const ownsClient = 'connectionString' in options
  // throwOnAppendFailure stays at its default (true): 6.2.1's batch-append path reports a wrong revision otherwise.
  const client = 'connectionString' in options ? EventStoreDBClient.connectionString(options.connectionString) : options.client
  const clock = options.clock ?? systemClock
  // The case types' streams, and the log's own `calendar` stream (loaded holiday schedules: read, followed, chained and in
  // the tree like a case's), whatever the case types.
  const prefixes = [...new Set([...(options.caseTypes ?? DEFAULT_CASE_TYPES).map((c) => c.streamPrefix), CALENDAR_STREAM, ...(options.streamPrefixes ?? [])])]
  const pageSize = options.pageSize ?? 500
  // Appends to one stream from this client, one after another: each seals after the head it read, and no
  // other append of ours can move that head meanwhile. A race with another process is returned, never retried
  // here (retries are `handle`'s).
  const appends = streamQueue()
  const live = new Set<AbortController>()
  const readRetries = options.readRetry?.retries ?? 4
  const readWait = options.readRetry?.wait ?? jitteredBackoff({ baseMs: 100, maxMs: 1000 })

  /** A whole read (every item of it), again after a lost connection: reads are idempotent. */
  const read = async <T>(start: () => AsyncIterable<T>): Promise<T[]> => {
    for (let retry = 1; ; retry += 1) {
      try {
        return await drain(start())
      } catch (error) {
        if (retry > readRetries || !isConnectionLost(error)) throw error
        await readWait(retry)
      }
    }
  }

  const readStreamRange = async (
    streamId: string,
    fromRevision: bigint | typeof END,
    maxCount: number,
    direction: typeof FORWARDS | typeof BACKWARDS,
  ): Promise<RecordedEvent[]> => {
    try {
      return (await read(() => client.readStream(streamId, { fromRevision, maxCount, direction }))).map(fromResolvedEvent)
    } catch (error) {
      if (isStreamNotFound(error)) return []
      throw error
    }
  }

  const lastEventOf = async (streamId: string): Promise<RecordedEvent | undefined> =>
    (await readStreamRange(streamId, END, 1, BACKWARDS))[0]

  const rawPage = async (from: ReadPosition, maxCount: number): Promise<RawEntry[]> => {
    const page = await read(() => client.readAll({ fromPosition: from, maxCount, direction: FORWARDS }))
    return page.map((resolved) => ({ position: rawPositionOf(resolved), resolved }))
  }

  // EventStoreDB reads $all only from the start of a log record; `checkpoint + 1` (how the port resumes) is not one.
  // So: try the checkpoint (p - 1), then p itself, and only then scan from the start.
  const firstPage = async (from: number, maxCount: number): Promise<RawEntry[]> => {
    if (from <= 0) return rawPage(START, maxCount)
    for (const candidate of [from - 1, from]) {
      try {
        return await rawPage(numberToPosition(candidate), maxCount)
      } catch (error) {
        if (isConnectionFailure(error)) throw error
      }
    }
    return rawPage(START, maxCount)
  }

  /** Every $all entry at or after `from`, page by page. */
  async function* rawFrom(from: number, firstCount = pageSize): AsyncGenerator<RawEntry> {
    let page = await firstPage(from, firstCount)
    let count = firstCount
    let seen = -1
    for (;;) {
      for (const entry of page) {
        if (entry.position < from || entry.position <= seen) continue
        seen = entry.position
        yield entry
      }
      const last = page.at(-1)
      if (last === undefined || page.length < count) return
      // The next page starts at the last entry (reads are inclusive), which is skipped above.
      count = pageSize
      page = await rawPage(numberToPosition(last.position), count)
    }
  }

  const ours = (entry: RawEntry): boolean =>
    entry.resolved.event !== undefined && isOurs(entry.resolved.event.streamId, entry.resolved.event.type, prefixes)

  const lastRawPosition = async (): Promise<number | undefined> => {
    const [last] = await read(() => client.readAll({ fromPosition: END, maxCount: 1, direction: BACKWARDS }))
    return last === undefined ? undefined : rawPositionOf(last)
  }

  async function* subscription(from: number, stop: AbortController): AsyncGenerator<RecordedEvent> {
    let lastYielded = from - 1
    let start: ReadPosition = START
    if (from > 0) {
      // Subscriptions start after a position, reads at one: catch up by reading, then go live after the last entry read.
      const anchor = await lastRawPosition()
      let lastRaw = anchor
      for await (const entry of rawFrom(from)) {
        if (stop.signal.aborted) return
        lastRaw = entry.position
        if (!ours(entry)) continue
        lastYielded = entry.position
        yield fromResolvedEvent(entry.resolved)
      }
      if (lastRaw !== undefined) start = numberToPosition(lastRaw)
    }
    if (stop.signal.aborted) return
    const stream = client.subscribeToAll({ fromPosition: start, filter: streamNameFilter({ prefixes: [...prefixes] }) })
    const onAbort = () => {
      void stream.unsubscribe().finally(() => stream.destroy())
    }
    stop.signal.addEventListener('abort', onAbort, { once: true })
    try {
      for await (const resolved of stream as AsyncIterable<AllStreamResolvedEvent>) {
        if (stop.signal.aborted) return
        const event = resolved.event
        if (event === undefined || !isOurs(event.streamId, event.type, prefixes)) continue
        const position = rawPositionOf(resolved)
        if (position <= lastYielded) continue
        lastYielded = position
        yield fromResolvedEvent(resolved)
      }
    } catch (error) {
      // Stopping destroys the stream under the loop: that is the end, not a failure.
      if (!stop.signal.aborted) throw error
    } finally {
      stop.signal.removeEventListener('abort', onAbort)
      if (!stop.signal.aborted) onAbort()
    }
  }

  return {
    readStream: async (streamId, range = {}) => {
      const from = Math.max(0, range.fromVersion ?? 0)
      const to = Math.min(range.toVersion ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
      if (to < from) return []
      return readStreamRange(streamId, BigInt(from), Math.min(to - from + 1, Number.MAX_SAFE_INTEGER), FORWARDS)
    },

    appendToStream: (streamId, events, { expectedVersion }) =>
      appends.run(streamId, async () => {
        // The chain needs the last hash, so every append is concrete: read the head, seal after it, append expecting it.
        const last = await lastEventOf(streamId)
        const current = last?.version ?? 'no-stream'
        if (!matchesExpectedVersion(current, expectedVersion)) {
          return E.left(concurrencyConflict(streamId, expectedVersion, current))
        }
        if (events.length === 0) {
          return E.right({ nextExpectedVersion: last?.version ?? -1, lastPosition: last?.position ?? -1, events: [] })
        }
        const nextVersion = last === undefined ? 0 : last.version + 1
        const sealed = sealEvents({
          streamId,
          nextVersion,
          prevHash: last?.metadata.hash ?? genesisHash(streamId, options.hash),
          recordedAt: clock.now(),
          events,
          newEventId: options.newEventId ?? newId,
          ...(options.hash ? { hash: options.hash } : {}),
        })
        try {
          await client.appendToStream(streamId, sealed.map(toEventData), {
            expectedRevision: last === undefined ? NO_STREAM : BigInt(last.version),
          })
        } catch (error) {
          const conflict = toConcurrencyConflict(error, streamId, expectedVersion)
          if (conflict === undefined) throw error
          return E.left(conflict)
        }
        // The append answers with one position; each event's own comes from reading them back.
        const recorded = await readStreamRange(streamId, BigInt(nextVersion), sealed.length, FORWARDS)
        const tail = recorded.at(-1)
        if (recorded.length !== sealed.length || tail === undefined) {
          throw new Error(`${streamId}: appended ${sealed.length} events but read back ${recorded.length}`)
        }
        return E.right({ nextExpectedVersion: tail.version, lastPosition: tail.position, events: recorded })
      }),

    readAll: async ({ fromPosition = 0, limit = Number.MAX_SAFE_INTEGER } = {}) => {
      const out: RecordedEvent[] = []
      if (limit <= 0) return out
      for await (const entry of rawFrom(fromPosition, Math.min(pageSize, limit + 1))) {
        if (!ours(entry)) continue
        out.push(fromResolvedEvent(entry.resolved))
        if (out.length >= limit) break
      }
      return out
    },

    subscribe: ({ fromPosition = 0, signal } = {}) => ({
      [Symbol.asyncIterator]: () => {
        const stop = new AbortController()
        const onAbort = () => stop.abort()
        if (signal?.aborted) stop.abort()
        signal?.addEventListener('abort', onAbort, { once: true })
        live.add(stop)
        const inner = subscription(fromPosition, stop)
        const finish = () => {
          live.delete(stop)
          signal?.removeEventListener('abort', onAbort)
        }
        return {
          next: async () => {
            const result = await inner.next()
            if (result.done === true) finish()
            return result
          },
          return: async (value?: unknown) => {
            finish()
            stop.abort()
            return inner.return(value as undefined)
          },
        }
      },
    }),

    streamVersion: async (streamId) => (await lastEventOf(streamId))?.version ?? 'no-stream',

    close: async () => {
      for (const stop of live) stop.abort()
      live.clear()
      if (ownsClient) await client.dispose()
    },
  }
}
