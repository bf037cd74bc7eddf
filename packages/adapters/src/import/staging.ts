import * as E from 'fp-ts/lib/Either.js'
import { concurrencyConflict, matchesExpectedVersion, type EventStore, type NewEvent, type RecordedEvent, type StreamVersion } from '@gridcase/core'

/**
 * A store that reads through to `base` and keeps what is appended to one stream to itself, until `staged()` is
 * taken and written in one append. Import runs a line's commands through the one pipeline against it, so a line
 * is decided command by command exactly as a client's would be, and written all at once or not at all.
 */
export interface StagingStore extends EventStore {
  /** The events the pipeline appended, in order, as they will be written. */
  staged(): readonly NewEvent[]
  /** The stream's version in `base` when staging began: what the one real append expects. */
  readonly baseVersion: StreamVersion
}

const versionOf = (events: readonly RecordedEvent[]): StreamVersion => events.at(-1)?.version ?? 'no-stream'

/** Stages appends to `streamId` over `base`, whose events in that stream are `existing` (read once by the caller). */
export const stagingStore = (base: EventStore, streamId: string, existing: readonly RecordedEvent[]): StagingStore => {
  const recorded: RecordedEvent[] = [...existing]
  const pending: NewEvent[] = []
  const baseVersion = versionOf(existing)
  const unsupported = (what: string) => () => {
    throw new Error(`import staging: ${what} is not used by the command pipeline`)
  }
  return {
    baseVersion,
    staged: () => pending,
    readStream: async (id, options = {}) => {
      if (id !== streamId) return base.readStream(id, options)
      const from = options.fromVersion ?? 0
      const to = options.toVersion ?? Number.POSITIVE_INFINITY
      return recorded.filter((e) => e.version >= from && e.version <= to)
    },
    streamVersion: async (id) => (id === streamId ? versionOf(recorded) : base.streamVersion(id)),
    appendToStream: async (id, events, { expectedVersion }) => {
      if (id !== streamId) throw new Error(`import staging: a command of this case appended to another stream (${id})`)
      const current = versionOf(recorded)
      if (!matchesExpectedVersion(current, expectedVersion)) return E.left(concurrencyConflict(id, expectedVersion, current))
      const first = current === 'no-stream' ? 0 : current + 1
      // Stand-in envelopes, for folding only: the real store gives positions, times and hashes when the line is written.
      const added = events.map((event, i): RecordedEvent => ({
        eventId: event.eventId ?? `staged-${first + i}`,
        streamId: id,
        version: first + i,
        position: -1,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: { ...event.metadata, recordedAt: event.metadata.occurredAt, prevHash: '', hash: '' },
      }))
      recorded.push(...added)
      pending.push(...events)
      const last = first + events.length - 1
      return E.right({ nextExpectedVersion: last, lastPosition: -1, events: added })
    },
    readAll: unsupported('readAll'),
    subscribe: unsupported('subscribe'),
    close: async () => undefined,
  }
}
