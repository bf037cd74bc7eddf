import { randomUUID } from 'node:crypto'
import type { EventStore, RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { PERSONAL_DATA_ERASED, sealedStore, subjectsOfStream } from '@gridcase/core/privacy'
import { sqliteEventStore, type SqliteStoreOptions } from '../sqlite/store.js'
import { aesGcmFieldCipher, sqliteSubjectKeys, type SubjectKeys } from './subjectKeys.js'

/** The stream erasures are recorded on (one event per erased case: who asked, on what legal basis, who approved). */
export const ERASURE_STREAM = 'erasures'

/**
 * The SQLite store with personal fields sealed per data subject (keys in the same file's `subject_keys`
 * table). What the application reads is opened (or "erased"); the log underneath holds the sealed text.
 */
export const sealedSqliteStore = (options: SqliteStoreOptions): EventStore & { readonly path: string; readonly unsealed: EventStore } => {
  const inner = sqliteEventStore(options)
  let keys: SubjectKeys
  try {
    keys = sqliteSubjectKeys(options.path, { readonly: options.readonly === true })
  } catch (error) {
    void inner.close()
    throw error
  }
  // The inner store's page feed gives the log as written (sealed text): only through `unsealed`, never beside the
  // opened `subscribe` as if it were the same feed.
  const { subscribePages: _asWritten, ...sealed } = sealedStore(inner, aesGcmFieldCipher(keys))
  return {
    ...sealed,
    close: async () => {
      await inner.close()
      keys.close()
    },
  }
}

export interface EraseRequest {
  /** The case's stream id (`complaint-…`). */
  readonly streamId: string
  /** 法律依据 — e.g. "个人信息保护法 第四十七条第一款第（一）项: 处理目的已实现". */
  readonly legalBasis: string
  /** Who approved the erasure (an id the organisation knows). */
  readonly approver: string
  /** Who runs it (an admin, recorded with the case's jurisdiction). */
  readonly actorId: string
  readonly at: string
}

export type EraseOutcome =
  | { readonly kind: 'erased'; readonly subjects: readonly string[]; readonly position: number }
  | { readonly kind: 'no-case' }
  | { readonly kind: 'nothing-sealed' }

/**
 * Erases the personal data of a case: records the erasure (an event on the `erasures` stream, hash-chained and
 * in the Merkle tree like every other), then destroys the case's subject keys. Recorded first: a crash between
 * the two leaves the record and the keys, and running it again finishes it (destroying is idempotent).
 * `store` is the raw (unsealed) store: the erasure record holds no personal data.
 */
export const eraseCase = async (store: EventStore, keys: SubjectKeys, request: EraseRequest): Promise<EraseOutcome> => {
  const events: readonly RecordedEvent[] = await store.readStream(request.streamId)
  if (events.length === 0) return { kind: 'no-case' }
  const subjects = subjectsOfStream(events)
  if (subjects.length === 0) return { kind: 'nothing-sealed' }
  const commandId = randomUUID()
  const registered = events[0]?.data as { jurisdiction?: unknown } | undefined
  const jurisdiction = typeof registered?.jurisdiction === 'string' ? registered.jurisdiction : events[0]?.metadata.actor.jurisdiction ?? ''
  const actor: Actor = { id: request.actorId, role: 'admin', jurisdiction }
  const appended = await store.appendToStream(
    ERASURE_STREAM,
    [
      {
        type: PERSONAL_DATA_ERASED,
        schemaVersion: 1,
        data: { streamId: request.streamId, subjects, legalBasis: request.legalBasis, approver: request.approver },
        metadata: { commandId, correlationId: commandId, causationId: commandId, actor, occurredAt: request.at },
      },
    ],
    { expectedVersion: 'any' },
  )
  if (appended._tag === 'Left') throw new Error(`the erasure could not be recorded: ${appended.left.message}`)
  for (const subject of subjects) keys.destroy(subject, request.at)
  return { kind: 'erased', subjects, position: appended.right.lastPosition }
}
