import type { EventStore, RecordedEvent } from '@gridcase/core'
import { maskPersonalData, maskPersonalDataAndNames, peopleInHistory, reporterHidden, reporterWithheld, withMergedPeople, withoutReporterAccount } from '@gridcase/core/privacy'

/** Cases whose names are remembered at most; beyond, the memory starts again. */
const REMEMBERED = 20_000

/**
 * What a masked reading takes from a case's whole history: the names of its people (`caseHistoryNamesOf`), and, for a
 * 举报 (report), the case's jurisdiction — whoever reads it masked may not know who reported (DOMAIN.md: the hotline and
 * supervisors only), so its reporter's account and steps are left out (`maskedForAudit`).
 */
export interface CaseHistoryRead {
  readonly names: readonly string[]
  readonly report?: { readonly jurisdiction: string }
}

/**
 * The jurisdiction of a 举报 or an anonymous complaint (core's `reporterWithheld`), read from the event that opened it;
 * undefined for any other case.
 */
const reportOf = (opening: unknown): CaseHistoryRead['report'] => {
  if (typeof opening !== 'object' || opening === null || !reporterWithheld(opening)) return undefined
  const { jurisdiction } = opening as { jurisdiction?: unknown }
  return { jurisdiction: typeof jurisdiction === 'string' ? jurisdiction : '' }
}

/** `CaseHistoryRead` of a case's events, in version order (the first the one that opened it). */
export const caseHistoryRead = (events: readonly { readonly data: unknown }[]): CaseHistoryRead => {
  const names = peopleInHistory(events[0]?.data, events)
  const report = reportOf(events[0]?.data)
  return report === undefined ? { names } : { names, report }
}

/**
 * `caseHistoryRead` with, for a complaint merged into another (并案), the people of the case it was merged into among its
 * names: the merge's reason names the primary's complainant and address (与李四（新华社区5号楼3单元201）…), masked as the
 * case's own people are (core's `withMergedPeople`, as the HTTP history, the event log and webhooks take them; found in
 * review: `history --mask` and `export --mask` printed them in full). One read of the primary, only for a merged case.
 */
export const maskedCaseHistoryRead = async (store: Pick<EventStore, 'readStream'>, events: readonly RecordedEvent[]): Promise<CaseHistoryRead> => {
  const read = caseHistoryRead(events)
  const names = await withMergedPeople(store, read.names, events)
  return names === read.names ? read : { ...read, names }
}

/**
 * One event as a masked audit output shows it (`gridcase audit export --mask`): its data and a resident actor masked,
 * the case's people's names in free text too; on a 举报, the reporter left out whole — its account (`residentId`,
 * `ownerId`) from the data, a step it took by `reporter` in the case's jurisdiction — as the event log and the webhooks
 * show it (found in review: the CLI's masked export and history showed the reporter's account and its grid).
 */
export const maskedForAudit = (event: RecordedEvent, read: CaseHistoryRead): RecordedEvent => {
  const data = maskPersonalDataAndNames(event.data, read.names)
  const actor = maskPersonalData(event.metadata.actor)
  return read.report === undefined
    ? { ...event, data, metadata: { ...event.metadata, actor } }
    : { ...event, data: withoutReporterAccount(data), metadata: { ...event.metadata, actor: reporterHidden(actor, read.report.jurisdiction) } }
}

/**
 * What a masked export met one event at a time in log order (not case by case) needs of each event's case
 * (`CaseHistoryRead`): its people — its opening event's (`peopleNamed`) and the respondents a referral names (core's
 * `peopleInHistory`, as the HTTP history and `audit history --mask` take them), the people of the case a merged complaint
 * was merged into (`maskedCaseHistoryRead`) — and whether it is a 举报. A case's
 * stream is read once, when the case is first met, so a name masks the events before the one that names it too, and an
 * export that starts after a referral (`--from`) still knows its respondents. At most `remembered` cases are kept.
 */
export const caseHistoryReadOf = (store: Pick<EventStore, 'readStream'>, remembered = REMEMBERED) => {
  const known = new Map<string, CaseHistoryRead>()
  return async (event: Pick<RecordedEvent, 'streamId'>): Promise<CaseHistoryRead> => {
    const hit = known.get(event.streamId)
    if (hit !== undefined) return hit
    const read = await maskedCaseHistoryRead(store, await store.readStream(event.streamId))
    if (known.size >= remembered) known.clear()
    known.set(event.streamId, read)
    return read
  }
}

/** The names of the people an event's case names anywhere in its history (`caseHistoryReadOf`'s `names`). */
export const caseHistoryNamesOf = (store: Pick<EventStore, 'readStream'>, remembered = REMEMBERED) => {
  const readOf = caseHistoryReadOf(store, remembered)
  return async (event: Pick<RecordedEvent, 'streamId'>): Promise<readonly string[]> => (await readOf(event)).names
}
