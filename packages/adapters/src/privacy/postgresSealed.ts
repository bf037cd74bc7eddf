import type { EventStore, NewEvent, RecordedEvent } from '@gridcase/core'
import { sealedStore, sealEvent, type FieldCipher, type Unreadable } from '@gridcase/core/privacy'
import { postgresEventStore, type PostgresEventStore, type PostgresStoreOptions } from '../postgres/store.js'
import { postgresSubjectKeys, type PostgresSubjectKeys } from './postgresSubjectKeys.js'
import { aesGcmFieldCipher } from './subjectKeys.js'

/** The subjects whose keys sealing these events will use (core's `sealEvent` run with a cipher that only notes them). */
export const subjectsToSeal = (streamId: string, events: readonly NewEvent[]): string[] => {
  const subjects = new Set<string>()
  const noting: FieldCipher = {
    seal: (subjectId) => {
      subjects.add(subjectId)
      return ''
    },
    open: () => undefined,
  }
  for (const event of events) sealEvent(streamId, event, noting)
  return [...subjects]
}

export type SealedPostgresStore = PostgresEventStore & {
  /** The log as written (sealed text), for verification and the tree log. */
  readonly unsealed: PostgresEventStore
  readonly openSealed: (event: RecordedEvent) => RecordedEvent
  /** Loads the keys events read from `unsealed` need before `openSealed` (see core's `preparerOf`). */
  readonly prepareOpen: (events: readonly RecordedEvent[]) => Promise<void>
  readonly keys: PostgresSubjectKeys
}

/**
 * The PostgreSQL store with personal fields sealed per data subject, the keys in the store's schema
 * (`postgresSubjectKeys`): appends first make sure the keys they will seal with are in the database, reads load the
 * keys (and the erasures made on any server) of each page before it is opened. Core's `sealedStore` does the rest,
 * as beside SQLite; its synchronous cipher port is unchanged.
 */
export const sealedPostgresStore = (
  options: PostgresStoreOptions & {
    /** Told of each sealed value its key does not open, which then reads "unreadable" (core's `Unreadable`); without it, the read stops. */
    readonly unreadable?: Unreadable
  },
): SealedPostgresStore => {
  let keys: PostgresSubjectKeys | undefined
  const inner = postgresEventStore({
    ...options,
    prepareEvents: async (events, read) => {
      await options.prepareEvents?.(events, read)
      await keys?.prepare(events, read)
    },
  })
  const made = postgresSubjectKeys({ pool: inner.pool, backgroundPool: inner.backgroundPool, schema: inner.schema, ready: inner.ready })
  keys = made
  const cipher = aesGcmFieldCipher(made)
  const sealed = sealedStore(inner, cipher, options.unreadable === undefined ? {} : { unreadable: options.unreadable })
  // Appends first commit the keys they seal with, from either face.
  const ensuring = <T extends EventStore>(face: T & { readonly sealEvent: (streamId: string, event: NewEvent) => NewEvent }): T => ({
    ...face,
    appendToStream: async (streamId: string, events: readonly NewEvent[], appendOptions: Parameters<EventStore['appendToStream']>[2]) => {
      // Committed before the append's own transaction: nothing is ever written under a key the database lacks.
      await made.ensure(subjectsToSeal(streamId, events))
      return face.appendToStream(streamId, events, appendOptions)
    },
  })
  return {
    ...ensuring(sealed),
    // The inner store's background face, sealed as this one (the same opened events and refused subjects): never the
    // inner face itself, which reads the sealed text.
    background: ensuring(sealed.over(inner.background)),
    // The inner store's, sealing too: nothing reaches the log in clear through this store, whichever append it takes.
    appendWith: async (streamId, events, appendOptions, work) => {
      await made.ensure(subjectsToSeal(streamId, events))
      return inner.appendWith(streamId, events.map((event) => sealed.sealEvent(streamId, event)), appendOptions, work)
    },
    unsealed: inner,
    keys: made,
    prepareOpen: made.prepareKept,
  }
}

/** Whether a store is a sealed PostgreSQL store (the erasure CLI and the server need its keys). */
export const isSealedPostgres = (store: EventStore): store is SealedPostgresStore => 'keys' in store && 'prepareOpen' in store && 'pool' in store
