import type { Actor } from '../kernel/actor.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { genesisHash, sealEvents, type HashFn } from '../kernel/hash.js'

/** One event to put in a log built without a store: what happened, to which stream, by whom, when. */
export interface EventDraft {
  readonly streamId: string
  readonly type: string
  readonly data: unknown
  readonly actor: Actor
  /** occurredAt, also used as recordedAt. */
  readonly at: string
  readonly schemaVersion?: number
  readonly commandId?: string
  readonly correlationId?: string
}

/**
 * Seals drafts into a hash-chained global log, exactly as a store would record them: for fixtures,
 * examples and benchmarks. Ids are derived from stream and version unless `newEventId` is given.
 */
export const sealLog = (
  drafts: Iterable<EventDraft>,
  options: { readonly hash?: HashFn; readonly newEventId?: (streamId: string, version: number) => string } = {},
): RecordedEvent[] => {
  const heads = new Map<string, { version: number; hash: string }>()
  const log: RecordedEvent[] = []
  for (const draft of drafts) {
    const head = heads.get(draft.streamId)
    const nextVersion = head === undefined ? 0 : head.version + 1
    const commandId = draft.commandId ?? `cmd-${draft.streamId}-${nextVersion}`
    const [sealed] = sealEvents({
      streamId: draft.streamId,
      nextVersion,
      prevHash: head?.hash ?? genesisHash(draft.streamId, options.hash),
      recordedAt: draft.at,
      events: [
        {
          type: draft.type,
          schemaVersion: draft.schemaVersion ?? 1,
          data: draft.data,
          metadata: { commandId, correlationId: draft.correlationId ?? commandId, causationId: commandId, actor: draft.actor, occurredAt: draft.at },
        },
      ],
      newEventId: () => options.newEventId?.(draft.streamId, nextVersion) ?? `${draft.streamId}@${nextVersion}`,
      ...(options.hash === undefined ? {} : { hash: options.hash }),
    })
    if (sealed === undefined) continue
    const recorded: RecordedEvent = { ...sealed, position: log.length }
    log.push(recorded)
    heads.set(draft.streamId, { version: nextVersion, hash: recorded.metadata.hash })
  }
  return log
}
