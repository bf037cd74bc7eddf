import type { CaseType, EventStore, RecordedEvent } from '@gridcase/core'
import { peopleNamed } from '@gridcase/core/privacy'
import { openingEventOf } from '../privacy/caseNames.js'
import type { CaseFacts } from './payload.js'

/** Cases remembered at most (their jurisdiction never changes once opened); beyond, the memory starts again. */
const REMEMBERED = 20_000

/**
 * What a delivery needs to know of an event's case: its type and id (from the stream id), its jurisdiction, whether
 * it is a 举报 and the names of its people (core's `peopleNamed`, masked in free text) — all from the event that opened
 * it (a case's jurisdiction, complainant and parties are set when it is opened), read once per case remembered. Undefined for an
 * event of no case type (the erasure log, say): nothing to deliver.
 */
export const caseFactsOf = (store: EventStore, caseTypes: readonly Pick<CaseType, 'name' | 'streamPrefix'>[]) => {
  const byPrefix = [...caseTypes].sort((a, b) => b.streamPrefix.length - a.streamPrefix.length)
  const known = new Map<string, CaseFacts | null>()
  return async (event: Pick<RecordedEvent, 'streamId' | 'version' | 'data'>): Promise<CaseFacts | undefined> => {
    const hit = known.get(event.streamId)
    if (hit !== undefined) return hit ?? undefined
    const caseType = byPrefix.find((c) => event.streamId.startsWith(c.streamPrefix))
    if (caseType === undefined) return undefined
    const opened = await openingEventOf(store, event)
    const data = (opened?.data ?? {}) as { jurisdiction?: unknown; kind?: unknown }
    const facts =
      typeof data.jurisdiction === 'string'
        ? {
            caseType: caseType.name,
            caseId: event.streamId.slice(caseType.streamPrefix.length),
            jurisdiction: data.jurisdiction,
            report: data.kind === 'report',
            names: peopleNamed(data),
          }
        : null
    if (known.size >= REMEMBERED) known.clear()
    known.set(event.streamId, facts)
    return facts ?? undefined
  }
}
