import type { EventStore, RecordedEvent, StateCache } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'

/** The store commands go through, remembering streams; see `cachedStreams`. */
export interface CachedStreams extends EventStore {
  /**
   * Asks the store whether a remembered stream moved on without this cache (another process wrote
   * to it) and, if so, forgets it: the next read gets it whole. True when it had moved on.
   */
  refresh(streamId: string): Promise<boolean>
}

/**
 * The store, with each stream's events remembered after a read or an append, so a command neither
 * queries the store nor re-parses a case's history before deciding. Recorded events never change,
 * so what is remembered is never wrong, only possibly short: another process may have appended
 * since. That is caught where it matters: every append names the version the command decided on,
 * so the store refuses an append decided on a short stream (a concurrency conflict), the cache
 * forgets that stream, and the command is decided again on what the store holds. Whoever answers
 * an error decided on remembered events (a refused transition, a stale If-Match) calls `refresh`
 * first and decides again if the stream had moved on. The least recently used streams are
 * forgotten beyond `maxStreams` streams (default 10,000) or `maxEvents` events in all (default 250,000, a few
 * hundred MB; the stream used last stays, however long). Size them above the working set: a cache smaller than
 * the streams in use misses on every command and reads each whole stream again.
 */
export const cachedStreams = (store: EventStore, options: { readonly maxStreams?: number; readonly maxEvents?: number } = {}): CachedStreams => {
  const maxStreams = options.maxStreams ?? 10_000
  const maxEvents = options.maxEvents ?? 250_000
  // Insertion order is recency: a stream used is taken out and put back last.
  const streams = new Map<string, { readonly events: RecordedEvent[]; readonly counted: number }>()
  let held = 0

  const forget = (streamId: string): void => {
    const entry = streams.get(streamId)
    if (entry === undefined) return
    held -= entry.counted
    streams.delete(streamId)
  }
  const remember = (streamId: string, events: RecordedEvent[]): void => {
    forget(streamId)
    streams.set(streamId, { events, counted: events.length })
    held += events.length
    while ((streams.size > maxStreams || held > maxEvents) && streams.size > 1) forget(streams.keys().next().value as string)
  }

  // The remembered arrays are this cache's own and grow in place (a copy per command was long-lived garbage
  // for the GC to promote); callers always get a copy of their own, which dies young.
  const known = async (streamId: string): Promise<readonly RecordedEvent[]> => {
    const remembered = streams.get(streamId)?.events
    if (remembered !== undefined) {
      remember(streamId, remembered)
      return remembered
    }
    const read = [...(await store.readStream(streamId))]
    // A read racing an append of this cache's own: keep whichever knows more.
    const raced = streams.get(streamId)?.events
    if (raced !== undefined && raced.length >= read.length) return raced
    if (read.length > 0) remember(streamId, read)
    return read
  }

  return {
    ...store,
    readStream: async (streamId, range = {}) => {
      const all = await known(streamId)
      const from = range.fromVersion ?? 0
      const to = range.toVersion ?? Number.MAX_SAFE_INTEGER
      return from === 0 && to >= all.length - 1 ? all.slice() : all.filter((e) => e.version >= from && e.version <= to)
    },
    appendToStream: async (streamId, events, appendOptions) => {
      const result = await store.appendToStream(streamId, events, appendOptions)
      const remembered = streams.get(streamId)?.events
      const first = E.isRight(result) ? result.right.events[0] : undefined
      if (E.isLeft(result)) {
        // Refused: whatever this cache holds of the stream may be short.
        forget(streamId)
      } else if (remembered !== undefined && first !== undefined) {
        // Versions are 0-based and contiguous: anything but the next one means another writer came between.
        if (first.version === remembered.length) {
          for (const event of result.right.events) remembered.push(event)
          remember(streamId, remembered)
        } else forget(streamId)
      }
      return result
    },
    refresh: async (streamId) => {
      const remembered = streams.get(streamId)?.events
      if (remembered === undefined) return false
      const version = await store.streamVersion(streamId)
      if (version === (remembered.at(-1)?.version ?? 'no-stream')) return false
      forget(streamId)
      return true
    },
  }
}

/** Folded case states between commands (core's `StateCache`), the least recently used forgotten beyond `maxStreams`. */
export const cachedStates = (options: { readonly maxStreams?: number } = {}): StateCache => {
  const maxStreams = options.maxStreams ?? 10_000
  const states = new Map<string, { readonly version: number; readonly state: unknown }>()
  return {
    get: (streamId) => states.get(streamId),
    set: (streamId, version, state) => {
      states.delete(streamId)
      states.set(streamId, { version, state })
      if (states.size > maxStreams) states.delete(states.keys().next().value as string)
    },
  }
}
