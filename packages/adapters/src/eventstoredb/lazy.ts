import type { EventStore, RecordedEvent } from '@gridcase/core'
import type { EventStoreDbConnection, EventStoreDbOptions } from './store.js'

/**
 * The EventStoreDB store, its client loaded on first use: `@eventstore/db-client` (gRPC) takes longer to import than
 * the rest of the server together, and a server on SQLite or PostgreSQL never needs it. Same behaviour as `./store.js`;
 * a connection string the client refuses is reported by the first call instead of by this one.
 */
export const eventStoreDbEventStore = (options: EventStoreDbConnection & EventStoreDbOptions): EventStore => {
  let opened: Promise<EventStore> | undefined
  const store = (): Promise<EventStore> => (opened ??= import('./store.js').then((m) => m.eventStoreDbEventStore(options)))
  return {
    readStream: async (streamId, range) => (await store()).readStream(streamId, range),
    appendToStream: async (streamId, events, expected) => (await store()).appendToStream(streamId, events, expected),
    readAll: async (range) => (await store()).readAll(range),
    subscribe: (subscribeOptions) =>
      (async function* (): AsyncGenerator<RecordedEvent> {
        yield* (await store()).subscribe(subscribeOptions)
      })(),
    streamVersion: async (streamId) => (await store()).streamVersion(streamId),
    close: async () => {
      if (opened !== undefined) await (await opened).close()
    },
  }
}
