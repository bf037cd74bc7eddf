import type { EventStore, NewEvent, RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { attachmentRefsOf, IDENTITY_DOCUMENT_KINDS, PERSONAL_DOCUMENT_KINDS } from '@gridcase/core/attachments'
import { erasedStreamOf, PERSONAL_DATA_ERASED, sealedStore, subjectsInClear, subjectsToOpen, type Unreadable } from '@gridcase/core/privacy'
import type { AttachmentStore } from '../attachments/store.js'
import { newId } from '../ids.js'
import type { PostgresEventStore } from '../postgres/store.js'
import type { PostgresSubjectKeys } from './postgresSubjectKeys.js'
import { sqliteEventStore, type SqliteStoreOptions } from '../sqlite/store.js'
import { aesGcmFieldCipher, sqliteSubjectKeys, type SubjectKeys } from './subjectKeys.js'

/** The stream erasures are recorded on (one event per erased case: who asked, on what legal basis, who approved). */
export const ERASURE_STREAM = 'erasures'

/**
 * The SQLite store with personal fields sealed per data subject (keys in the same file's `subject_keys`
 * table). What the application reads is opened (or "erased"); the log underneath holds the sealed text.
 */
export const sealedSqliteStore = (
  options: SqliteStoreOptions & {
    /** Told of each sealed value its key does not open, which then reads "unreadable" (core's `Unreadable`); without it, the read stops. */
    readonly unreadable?: Unreadable
  },
): EventStore & { readonly path: string; readonly unsealed: EventStore } => {
  const inner = sqliteEventStore(options)
  let keys: ReturnType<typeof sqliteSubjectKeys>
  try {
    // ':memory:' is a database per connection: there the key store's own one keeps the keys, each stored when made.
    keys = sqliteSubjectKeys(options.path, { readonly: options.readonly === true, keysWithEvents: options.path !== ':memory:', othersCommitted: inner.othersCommitted })
  } catch (error) {
    void inner.close()
    throw error
  }
  // The keys an append was just sealed under (core's sealedStore seals, then calls this at once), if not stored yet,
  // go into the append's own transaction: one commit for a new case's key and its events.
  // Whether the append being sealed reached `storingKeys` (its sealing did not throw): see `sealedAppend`.
  let reached = false
  const storingKeys: typeof inner = { ...inner, appendToStream: (streamId, events, appendOptions) => {
    reached = true
    const rows = keys.takeCarried()
    if (rows.length === 0) return inner.appendToStream(streamId, events, appendOptions)
    return inner.appendWithKeys(streamId, events, appendOptions, rows).then(
      (outcome) => {
        keys.settle(rows, outcome._tag === 'Right' ? 'stored' : 'kept')
        return outcome
      },
      (error: unknown) => {
        keys.settle(rows, 'failed')
        throw error
      },
    )
  } }
  // Its page feed is opened as `subscribe` is (sealedStore); the log as written is `unsealed`'s.
  const sealed = sealedStore(storingKeys, aesGcmFieldCipher(keys), options.unreadable === undefined ? {} : { unreadable: options.unreadable })
  // Core's sealedStore seals every event before it calls `storingKeys`, synchronously (before its promise is returned).
  // A sealing that throws partway (a later subject of an event was erased) never gets there: the keys it marked used are
  // released at once, so no other append carries them (an append with no events would report them stored, nothing
  // else would be sealed under them); they stay unstored, and the next append sealed under one carries it.
  const sealedAppend: typeof sealed.appendToStream = (streamId, events, appendOptions) => {
    reached = false
    const outcome = sealed.appendToStream(streamId, events, appendOptions)
    if (!reached) keys.release()
    return outcome
  }
  return {
    ...sealed,
    // An append that expects no stream seals its subjects' new keys without asking the key table (`freshStream`; the
    // sealing runs before `sealed.appendToStream` returns its promise). Should the table hold a key for one after all (left
    // by an older build or by a refused append with several subjects, or erased), the commit refuses it and it is sealed
    // again, asking the table: as it was before.
    // Any append's commit holds the keys it was sealed under to the table (`takeCarried`): one destroyed meanwhile by
    // another process (an erasure), or stored by one first, refuses it, and it is sealed once more, asking the table
    // (an erased subject's sealing then throws `SubjectErased`: nothing is written).
    appendToStream: async (streamId, events, appendOptions) => {
      let first: ReturnType<typeof sealed.appendToStream>
      const fresh = appendOptions?.expectedVersion === 'no-stream' && options.path !== ':memory:'
      if (fresh) keys.freshStream(streamId)
      try {
        first = sealedAppend(streamId, events, appendOptions)
      } finally {
        if (fresh) keys.freshStream(undefined)
      }
      try {
        return await first
      } catch (error) {
        if (!(error instanceof Error && error.name === 'SubjectKeyConflict')) throw error
        return sealedAppend(streamId, events, appendOptions)
      }
    },
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
  | {
      readonly kind: 'erased'
      readonly subjects: readonly string[]
      readonly position: number
      /** The case's identity-document files (`kind: id-document`) deleted with it (see `personalDocumentsToErase`). */
      readonly idDocumentsErased: readonly string[]
      /** Its other personal documents (a signed agreement, a consent, an application, a signature) deleted with it. */
      readonly personalDocumentsErased: readonly string[]
      /**
       * The subjects whose personal values the case's events hold in clear (free text written before 2026-12-04, or a
       * case written with sealing off): every view of a store that seals reads them "erased" from now on, but the log
       * keeps them as written (its chain covers them). Empty for a case written with everything sealed.
       */
      readonly inClear: readonly string[]
    }
  | { readonly kind: 'no-case' }
  /** The case holds no personal data at all, sealed or in clear (the name is from when only sealed data counted). */
  | { readonly kind: 'nothing-sealed' }

/** The personal-document files an erasure deletes: the identity documents, and the other personal documents. */
export interface PersonalDocumentsToErase {
  /** Named by the case as an identity document (`IDENTITY_DOCUMENT_KINDS`) at least once: the event's `idDocumentsErased`. */
  readonly idDocuments: readonly string[]
  /** Named by it only as another personal document (an agreement, a consent, an application): `personalDocumentsErased`. */
  readonly personalDocuments: readonly string[]
}

/**
 * The personal-document files (`PERSONAL_DOCUMENT_KINDS`: an identity document 身份证件, a signed mediation agreement, a
 * party's consent, its application, a signature) of a case that its erasure deletes: personal data in themselves
 * (个人信息保护法 art. 28 and art. 47), so they go with the case's keys. A file is content-addressed: one another case
 * names too (the same scan attached twice, under any kind) is kept while any such case is not erased; it goes with the
 * last of them. Reads the whole log once (the erasure CLI's cost, not a request's).
 */
export const personalDocumentsToErase = async (store: EventStore, streamId: string, events: readonly RecordedEvent[]): Promise<PersonalDocumentsToErase> => {
  const mine = new Set<string>()
  const identity = new Set<string>()
  for (const event of events) {
    for (const ref of attachmentRefsOf(event.data)) {
      if (!PERSONAL_DOCUMENT_KINDS.has(ref.kind)) continue
      mine.add(ref.sha256)
      if (IDENTITY_DOCUMENT_KINDS.has(ref.kind)) identity.add(ref.sha256)
    }
  }
  if (mine.size === 0) return { idDocuments: [], personalDocuments: [] }
  const namedElsewhere = new Map<string, Set<string>>()
  const erased = new Set<string>()
  for (let from = 0; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: PAGE })
    for (const event of page) {
      const erasedStream = erasedStreamOf(event)
      if (erasedStream !== undefined) erased.add(erasedStream)
      if (event.streamId === streamId || event.streamId === ERASURE_STREAM) continue
      for (const ref of attachmentRefsOf(event.data)) {
        if (mine.has(ref.sha256)) namedElsewhere.set(ref.sha256, (namedElsewhere.get(ref.sha256) ?? new Set()).add(event.streamId))
      }
    }
    const last = page.at(-1)
    if (last === undefined || page.length < PAGE) break
    from = last.position + 1
  }
  const going = [...mine].filter((sha256) => ![...(namedElsewhere.get(sha256) ?? [])].some((other) => !erased.has(other)))
  return { idDocuments: going.filter((sha256) => identity.has(sha256)), personalDocuments: going.filter((sha256) => !identity.has(sha256)) }
}

const PAGE = 5_000

/** What erasing a case writes: the erasure event, and which keys and files go. */
const planErasure = async (
  store: EventStore,
  request: EraseRequest,
  attachments: AttachmentStore | undefined,
): Promise<{ readonly kind: 'plan'; readonly subjects: readonly string[]; readonly inClear: readonly string[]; readonly documents: PersonalDocumentsToErase; readonly event: NewEvent } | Exclude<EraseOutcome, { kind: 'erased' }>> => {
  const events: readonly RecordedEvent[] = await store.readStream(request.streamId)
  if (events.length === 0) return { kind: 'no-case' }
  // Every subject the case's events hold personal data of: sealed, or in clear (written before its field was sealed:
  // found in review, a complaint with no complainant and its text in clear could not be erased at all, and its text
  // stayed in every view). A subject never given a key gets an erased row, which the views ask about.
  const subjects = subjectsToOpen(events)
  if (subjects.length === 0) return { kind: 'nothing-sealed' }
  const inClear = subjectsInClear(events)
  // Without the attachment store the files are not touched, and so not recorded as erased either.
  const documents = attachments === undefined ? { idDocuments: [], personalDocuments: [] } : await personalDocumentsToErase(store, request.streamId, events)
  const { idDocuments, personalDocuments } = documents
  const commandId = newId()
  const registered = events[0]?.data as { jurisdiction?: unknown } | undefined
  const jurisdiction = typeof registered?.jurisdiction === 'string' ? registered.jurisdiction : events[0]?.metadata.actor.jurisdiction ?? ''
  const actor: Actor = { id: request.actorId, role: 'admin', jurisdiction }
  return {
    kind: 'plan',
    subjects,
    inClear,
    documents,
    event: {
      type: PERSONAL_DATA_ERASED,
      schemaVersion: 1,
      // `idDocumentsErased` and `personalDocumentsErased` (hashes): files deleted on purpose, which verify then does not
      // report missing. Named so that no reference finder takes them for files the event attaches. The identity
      // documents keep the field they always had (logs and readers of it before the other personal documents were
      // deleted too); the others are listed beside them, each field only when it lists one.
      data: {
        streamId: request.streamId,
        subjects,
        legalBasis: request.legalBasis,
        approver: request.approver,
        ...(idDocuments.length === 0 ? {} : { idDocumentsErased: idDocuments }),
        ...(personalDocuments.length === 0 ? {} : { personalDocumentsErased: personalDocuments }),
      },
      metadata: { commandId, correlationId: commandId, causationId: commandId, actor, occurredAt: request.at },
    },
  }
}

type ErasurePlan = Extract<Awaited<ReturnType<typeof planErasure>>, { kind: 'plan' }>

/** What an erasure that was recorded at `position` reports: the plan it carried out. */
const erasedOutcome = (plan: ErasurePlan, position: number): EraseOutcome => ({
  kind: 'erased',
  subjects: plan.subjects,
  position,
  idDocumentsErased: plan.documents.idDocuments,
  personalDocumentsErased: plan.documents.personalDocuments,
  inClear: plan.inClear,
})

/** Every file an erasure deletes. */
const filesOf = (plan: ErasurePlan): readonly string[] => [...plan.documents.idDocuments, ...plan.documents.personalDocuments]

/**
 * Erases the personal data of a case: records the erasure (an event on the `erasures` stream, hash-chained and
 * in the Merkle tree like every other), then destroys the case's subject keys and deletes its personal-document files
 * (with `attachments`). Recorded first: a crash between the two leaves the record and the keys (or files), and running
 * it again finishes it (destroying and deleting are idempotent).
 * `store` is the raw (unsealed) store: the erasure record holds no personal data.
 */
export const eraseCase = async (store: EventStore, keys: SubjectKeys, request: EraseRequest, attachments?: AttachmentStore): Promise<EraseOutcome> => {
  const plan = await planErasure(store, request, attachments)
  if (plan.kind !== 'plan') return plan
  const appended = await store.appendToStream(ERASURE_STREAM, [plan.event], { expectedVersion: 'any' })
  if (appended._tag === 'Left') throw new Error(`the erasure could not be recorded: ${appended.left.message}`)
  for (const subject of plan.subjects) keys.destroy(subject, request.at)
  for (const sha256 of filesOf(plan)) await attachments?.remove(sha256)
  return erasedOutcome(plan, appended.right.lastPosition)
}

/**
 * `eraseCase` beside PostgreSQL: the erasure event and the keys' destruction commit in one transaction (every server
 * sees both or neither: one that reads the record finds the keys gone), then the personal-document files are deleted
 * (running it again finishes that). A VACUUM of the key table follows, so the destroyed keys' old row versions are
 * reclaimed (docs/erasure.md says what that does and does not guarantee).
 */
export const erasePostgresCase = async (store: PostgresEventStore, keys: PostgresSubjectKeys, request: EraseRequest, attachments?: AttachmentStore): Promise<EraseOutcome> => {
  const plan = await planErasure(store, request, attachments)
  if (plan.kind !== 'plan') return plan
  const appended = await store.appendWith(ERASURE_STREAM, [plan.event], { expectedVersion: 'any' }, (client) => keys.destroyIn(client, plan.subjects, request.at))
  if (appended._tag === 'Left') throw new Error(`the erasure could not be recorded: ${appended.left.message}`)
  for (const sha256 of filesOf(plan)) await attachments?.remove(sha256)
  // The identifier quoted as pg.escapeIdentifier does, without importing pg here: this file is on every server's start
  // (sealedSqliteStore), which loads the PostgreSQL client only with DATABASE_URL.
  await store.pool.query(`VACUUM "${store.schema.replaceAll('"', '""')}".subject_keys`).catch(() => undefined)
  return erasedOutcome(plan, appended.right.lastPosition)
}
