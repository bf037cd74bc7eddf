import type { EventStore, RecordedEvent, StateCache } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'

/**
 * The store, with each stream's events remembered after a read or an append. A read still asks
 * the store for everything after the last remembered version, so it is never stale (other
 * processes may write); it only saves re-reading and re-parsing a case's whole history on every
 * command. Recorded events are immutable, so remembering them is safe; the least recently used
 * streams are forgotten beyond `maxStreams`.
 */
export const cachedStreams = (store: EventStore, options: { readonly maxStreams?: number } = {}): EventStore => {
  const maxStreams = options.maxStreams ?? 10_000
  const streams = new Map<string, RecordedEvent[]>()

  const remember = (streamId: string, events: RecordedEvent[]): void => {
    streams.delete(streamId)
    streams.set(streamId, events)
    if (streams.size > maxStreams) streams.delete(streams.keys().next().value as string)
  }

  // The remembered arrays are this cache's own and grow in place (a copy per command was long-lived garbage
  // for the GC to promote); callers always get a copy of their own, which dies young.
  const fresh = async (streamId: string): Promise<readonly RecordedEvent[]> => {
    const known = streams.get(streamId) ?? []
    const tail = await store.readStream(streamId, known.length === 0 ? {} : { fromVersion: known.length })
    // Versions are 0-based and contiguous: anything else means the cache cannot be trusted.
    const contiguous = tail.length === 0 || tail[0]?.version === known.length
    if (contiguous) for (const event of tail) known.push(event)
    const all = contiguous ? known : [...(await store.readStream(streamId))]
    if (all.length > 0) remember(streamId, all)
    return all
  }

  return {
    ...store,
    readStream: async (streamId, range = {}) => {
      const all = await fresh(streamId)
      const from = range.fromVersion ?? 0
      const to = range.toVersion ?? Number.MAX_SAFE_INTEGER
      return from === 0 && to >= all.length - 1 ? all.slice() : all.filter((e) => e.version >= from && e.version <= to)
    },
    appendToStream: async (streamId, events, appendOptions) => {
      const result = await store.appendToStream(streamId, events, appendOptions)
      if (E.isRight(result)) {
        const known = streams.get(streamId)
        const first = result.right.events[0]
        if (known !== undefined && first !== undefined && first.version === known.length) {
          for (const event of result.right.events) known.push(event)
          remember(streamId, known)
        } else streams.delete(streamId)
      }
      return result
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
