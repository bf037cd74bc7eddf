import type { EventStore, RecordedEvent } from '@gridcase/core'
import { attachmentRefsOf } from '@gridcase/core/attachments'
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
  readonly findings: readonly AttachmentFinding[]
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

/** Checks every referenced file once (re-hashing its bytes) and names each reference to a missing or altered one. */
export const verifyReferences = async (references: readonly AttachmentReference[], check: (sha256: string) => Promise<AttachmentCheck>): Promise<AttachmentVerification> => {
  const checked = new Map<string, AttachmentCheck>()
  for (const ref of references) if (!checked.has(ref.sha256)) checked.set(ref.sha256, await check(ref.sha256))
  const findings: AttachmentFinding[] = []
  for (const ref of references) {
    const result = checked.get(ref.sha256)
    if (result === undefined || result.status === 'ok') continue
    findings.push(result.status === 'altered' ? { ...ref, problem: 'altered', actual: result.actual } : { ...ref, problem: 'missing' })
  }
  return { ok: findings.length === 0, references: references.length, files: checked.size, findings }
}

/** Every reference in a log, read page by page. */
export const referencesInStore = async (store: EventStore, pageSize = 1000): Promise<AttachmentReference[]> => {
  const references: AttachmentReference[] = []
  let from = 0
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: pageSize })
    for (const event of page) references.push(...referencesOf(event))
    const last = page.at(-1)
    if (last === undefined || page.length < pageSize) break
    from = last.position + 1
  }
  return references
}

/** How a finding reads: the case, the event and the file. */
export const describeAttachmentFinding = (f: AttachmentFinding): string =>
  `${f.streamId} v${f.version} (position ${f.position}, event ${f.eventId}, ${f.eventType}) ${f.path}: attachment ${f.sha256} ${
    f.problem === 'missing' ? 'is missing' : `was altered (its bytes now hash to ${f.actual ?? '?'})`
  }`
