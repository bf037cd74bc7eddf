import type { EventStore, RecordedEvent } from '@gridcase/core'
import { attachmentRefsOf } from '@gridcase/core/attachments'
import { erasedStreamOf } from '@gridcase/core/privacy'
import type { AttachmentCheck } from './store.js'

/** One reference an event makes to a file: where in the log and in the event. */
export interface AttachmentReference {
  readonly sha256: string
  readonly kind: string
  readonly streamId: string
  readonly version: number
  readonly position: number
  readonly eventId: string
  readonly eventType: string
  /** The field in the event's data (`attachments[0].sha256`). */
  readonly path: string
}

/** A referenced file that is not as the event says: gone, or its bytes no longer hash to the reference. */
export interface AttachmentFinding extends AttachmentReference {
  readonly problem: 'missing' | 'altered'
  /** The hash the stored bytes have now (altered). */
  readonly actual?: string
}

export interface AttachmentVerification {
  readonly ok: boolean
  /** References checked, and distinct files among them. */
  readonly references: number
  readonly files: number
  /** References to files deleted on purpose with their case's personal data (not findings: the log records it). */
  readonly erased: number
  readonly findings: readonly AttachmentFinding[]
}

/**
 * What a `PersonalDataErased` event says of files: the case it erased, and the personal-document files deleted with it
 * (`idDocumentsErased`, `personalDocumentsErased`). A file is gone on purpose for a case that was erased when an erasure
 * names it: content-addressed, it was deleted with the last erased case that named it (privacy/erasure.ts), so an
 * earlier erased case's reference to it is covered too; a case never erased that names a missing file is still a finding.
 */
export interface ErasureMark {
  readonly streamId: string
  readonly files: readonly string[]
}

/** The erasure an event records, if it records one. */
export const erasureMarkOf = (event: RecordedEvent): ErasureMark | undefined => {
  const streamId = erasedStreamOf(event)
  if (streamId === undefined) return undefined
  // Both lists: the identity documents (every erasure that deleted one), the other personal documents (since 2026-12-07;
  // an older log has none, and reads as it did).
  const data = event.data as { idDocumentsErased?: unknown; personalDocumentsErased?: unknown }
  const files = [data.idDocumentsErased, data.personalDocumentsErased].flatMap((listed) => (Array.isArray(listed) ? listed.filter((f): f is string => typeof f === 'string') : []))
  return { streamId, files }
}

/** The files an event refers to, with its place in the log. */
export const referencesOf = (event: RecordedEvent): AttachmentReference[] =>
  attachmentRefsOf(event.data).map((ref) => ({
    sha256: ref.sha256,
    kind: ref.kind,
    streamId: event.streamId,
    version: event.version,
    position: event.position,
    eventId: event.eventId,
    eventType: event.type,
    path: ref.path,
  }))

/**
 * Checks every referenced file once (re-hashing its bytes) and names each reference to a missing or altered one; a file
 * missing because an erasure deleted it with its case (`erasures`) is counted apart, not a finding.
 */
export const verifyReferences = async (
  references: readonly AttachmentReference[],
  check: (sha256: string) => Promise<AttachmentCheck>,
  erasures: readonly ErasureMark[] = [],
): Promise<AttachmentVerification> => {
  const erasedStreams = new Set(erasures.map((e) => e.streamId))
  const erasedFiles = new Set(erasures.flatMap((e) => e.files))
  const checked = new Map<string, AttachmentCheck>()
  for (const ref of references) if (!checked.has(ref.sha256)) checked.set(ref.sha256, await check(ref.sha256))
  const findings: AttachmentFinding[] = []
  let erased = 0
  for (const ref of references) {
    const result = checked.get(ref.sha256)
    if (result === undefined || result.status === 'ok') continue
    if (result.status === 'missing' && erasedStreams.has(ref.streamId) && erasedFiles.has(ref.sha256)) {
      erased += 1
      continue
    }
    findings.push(result.status === 'altered' ? { ...ref, problem: 'altered', actual: result.actual } : { ...ref, problem: 'missing' })
  }
  return { ok: findings.length === 0, references: references.length, files: checked.size, erased, findings }
}

/** Every reference in a log, read page by page. */
export const referencesInStore = async (store: EventStore, pageSize = 1000): Promise<AttachmentReference[]> => (await attachmentLogOf(store, pageSize)).references

/** Every reference in a log and every erasure it records (for `verifyReferences`), read page by page. */
export const attachmentLogOf = async (store: EventStore, pageSize = 1000): Promise<{ references: AttachmentReference[]; erasures: ErasureMark[] }> => {
  const references: AttachmentReference[] = []
  const erasures: ErasureMark[] = []
  let from = 0
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: pageSize })
    for (const event of page) {
      references.push(...referencesOf(event))
      const mark = erasureMarkOf(event)
      if (mark !== undefined) erasures.push(mark)
    }
    const last = page.at(-1)
    if (last === undefined || page.length < pageSize) break
    from = last.position + 1
  }
  return { references, erasures }
}

/** How a finding reads: the case, the event and the file. */
export const describeAttachmentFinding = (f: AttachmentFinding): string =>
  `${f.streamId} v${f.version} (position ${f.position}, event ${f.eventId}, ${f.eventType}) ${f.path}: attachment ${f.sha256} ${
    f.problem === 'missing' ? 'is missing' : `was altered (its bytes now hash to ${f.actual ?? '?'})`
  }`
