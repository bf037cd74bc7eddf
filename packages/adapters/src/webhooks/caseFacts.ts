import type { CaseType, EventStore, RecordedEvent } from '@gridcase/core'
import { anonymousComplaint, peopleInHistory, withMergedPeople, withRespondents } from '@gridcase/core/privacy'
import type { CaseFacts } from './payload.js'

/** Cases remembered at most (their jurisdiction never changes once opened); beyond, the memory starts again. */
const REMEMBERED = 20_000

/** What is remembered of a case: its facts (null: not a case, nothing to deliver) as of its event `through`. */
interface Known {
  readonly facts: CaseFacts | null
  /** The version of the case's latest event the names take in. */
  readonly through: number
}

/**
 * What a delivery needs to know of an event's case: its type and id (from the stream id), its jurisdiction, whether
 * it is a 举报 (or an anonymous complaint), and the names of its people to mask in free text — all from the event that opened it (a case's
 * jurisdiction, complainant and parties are set when it is opened), and the respondents a complaint's referral to
 * mediation names, from that event on (core's `peopleInHistory`: the complaint's state never keeps them, its later
 * notes repeat them; found in review: a note after the referral went out with the respondent's name in clear); and,
 * from a complaint's 并案 (merge) on, the people of the case it was merged into, whom the merge's reason names (core's
 * `withMergedPeople`: one read of the primary, when the merge is met).
 *
 * A case met first is read up to the event (once; from its opening event); a case met again reads only the events it
 * has not seen before this one (none when events come one after another, as the feeder's do). Undefined for an event
 * of no case type (the erasure log, say): nothing to deliver.
 */
export const caseFactsOf = (store: Pick<EventStore, 'readStream'>, caseTypes: readonly Pick<CaseType, 'name' | 'streamPrefix'>[]) => {
  const byPrefix = [...caseTypes].sort((a, b) => b.streamPrefix.length - a.streamPrefix.length)
  const known = new Map<string, Known>()
  const remember = (streamId: string, entry: Known): void => {
    if (!known.has(streamId) && known.size >= REMEMBERED) known.clear()
    known.set(streamId, entry)
  }
  return async (event: Pick<RecordedEvent, 'streamId' | 'version' | 'type' | 'data'>): Promise<CaseFacts | undefined> => {
    const hit = known.get(event.streamId)
    if (hit !== undefined) {
      // An earlier event of a case whose later ones were seen: the names taken in are more, never fewer.
      if (hit.facts === null || event.version <= hit.through) return hit.facts ?? undefined
      const unseen = event.version > hit.through + 1 ? await store.readStream(event.streamId, { fromVersion: hit.through + 1, toVersion: event.version - 1 }) : []
      let names = hit.facts.names ?? []
      for (const e of unseen) names = withRespondents(names, e.data)
      names = withRespondents(names, event.data)
      names = await withMergedPeople(store, names, [...unseen, event])
      const facts = names === hit.facts.names ? hit.facts : { ...hit.facts, names }
      remember(event.streamId, { facts, through: event.version })
      return facts
    }
    const caseType = byPrefix.find((c) => event.streamId.startsWith(c.streamPrefix))
    if (caseType === undefined) return undefined
    const before = event.version === 0 ? [] : await store.readStream(event.streamId, { fromVersion: 0, toVersion: event.version - 1 })
    const history = [...before, event]
    const opening = event.version === 0 ? event.data : before[0]?.data
    const data = (opening ?? {}) as { jurisdiction?: unknown; kind?: unknown }
    const facts =
      typeof data.jurisdiction === 'string'
        ? {
            caseType: caseType.name,
            caseId: event.streamId.slice(caseType.streamPrefix.length),
            jurisdiction: data.jurisdiction,
            report: data.kind === 'report',
            ...(anonymousComplaint(data) ? { anonymous: true } : {}),
            names: await withMergedPeople(store, peopleInHistory(opening, history), history),
          }
        : null
    remember(event.streamId, { facts, through: event.version })
    return facts ?? undefined
  }
}
