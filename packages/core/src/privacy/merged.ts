import type { EventStore } from '../kernel/store.js'
import { peopleInHistory } from './mask.js'

/** How many merges are followed (a primary merged in turn): more is a broken chain, taken as it stands. */
const MAX_HOPS = 8

/** An event as the merge's readers have it: of which stream, of which type, with which data. */
interface Step {
  readonly streamId: string
  readonly type: string
  readonly data: unknown
}

/**
 * 并案: the stream of the case a `ComplaintMerged` merged its case into — `primaryId`, of the duplicate's case type: its
 * stream is the duplicate's own with the duplicate's id (`complaintId`, which ends it) swapped for the primary's,
 * lower-cased as a case's stream is named. Undefined for any other event.
 */
export const mergedIntoStream = (event: Step): string | undefined => {
  if (event.type !== 'ComplaintMerged' || typeof event.data !== 'object' || event.data === null) return undefined
  const { complaintId, primaryId } = event.data as { complaintId?: unknown; primaryId?: unknown }
  if (typeof complaintId !== 'string' || typeof primaryId !== 'string' || complaintId === '') return undefined
  if (!event.streamId.toLowerCase().endsWith(complaintId.toLowerCase())) return undefined
  return `${event.streamId.slice(0, event.streamId.length - complaintId.length)}${primaryId.toLowerCase()}`
}

/**
 * Which people of a case are named, from its opening event's data and its events: all of them (`peopleInHistory`), or
 * some (who made a 举报, for a reader who reads the rest in full).
 */
export type PeopleOf = (opening: unknown, events: readonly { readonly data: unknown }[]) => readonly string[]

/**
 * 并案: the people of the case a merge step merged its case into, and of the case that one was merged into in turn —
 * what every masked reading of the step masks in its free text besides the duplicate's own people. The hotline's reason
 * for merging often names the primary's complainant and where it lives (与李四（新华社区5号楼3单元201）反映的同一问题), whom
 * a masked reader reads masked on the primary (DOMAIN.md: personal data is masked in lists, exports, the live feed, and
 * for auditors and supervisors) and the duplicate's complainant may not know at all (the primary is 404 to it).
 *
 * The people as the primary's whole history names them (`peopleInHistory` from its opening event: its complainant and
 * address, the respondents a referral of it names), read from its stream — one read for each case followed (one, unless
 * the primary was merged in turn). None, and no read, for any other event than a merge. The one function the case's
 * history, the event log and the live feed, webhook deliveries and the audit CLI's `--mask` take the names from.
 */
export const peopleMergedInto = async (store: Pick<EventStore, 'readStream'>, event: Step, of: PeopleOf = peopleInHistory): Promise<string[]> => {
  const names: string[] = []
  const seen = new Set<string>([event.streamId.toLowerCase()])
  let into = mergedIntoStream(event)
  while (into !== undefined && seen.size <= MAX_HOPS && !seen.has(into)) {
    seen.add(into)
    const events = await store.readStream(into)
    const opening = events[0]
    if (opening === undefined) break
    for (const name of of(opening.data, events)) if (!names.includes(name)) names.push(name)
    into = undefined
    for (const e of events) into = mergedIntoStream(e) ?? into
  }
  return names
}

/**
 * `names` and the people of every merge among `events` (`peopleMergedInto`): what a masked reading of a case's history,
 * or of these of its events, masks in free text (`of`: which of their people; all, unless told). `names` itself (no
 * read) when none of them is a merge.
 */
export const withMergedPeople = async (
  store: Pick<EventStore, 'readStream'>,
  names: readonly string[],
  events: readonly Step[],
  of: PeopleOf = peopleInHistory,
): Promise<readonly string[]> => {
  let more: string[] | undefined
  for (const event of events) {
    if (mergedIntoStream(event) === undefined) continue
    for (const name of await peopleMergedInto(store, event, of)) {
      if (names.includes(name) || more?.includes(name) === true) continue
      more = [...(more ?? names), name]
    }
  }
  return more ?? names
}
