import type { RecordedEvent } from '@gridcase/core'
import { maskPersonalData, maskPersonalDataAndNames, reporterHidden, withoutReporterAccount, withRespondents } from '@gridcase/core/privacy'

/** What a delivery says about its case, beside the event. */
export interface CaseFacts {
  readonly caseType: string
  readonly caseId: string
  readonly jurisdiction: string
  /** A 举报 (report): its complainant's identity is confidential (DOMAIN.md), masked for every subscription. */
  readonly report: boolean
  /**
   * An anonymous complaint (core's `anonymousComplaint`): no name, phone or id number, so its account is all that ties it
   * to the person — left out of every delivery, full or masked, as a 举报's reporter's is.
   */
  readonly anonymous?: boolean
  /** The people the case names (its complainant, its parties): masked in free text too when the body is masked (none given: none known). */
  readonly names?: readonly string[]
}

/**
 * The body of a delivery, in the Standard Webhooks shape (`type`, `timestamp`, `data`). Personal data is masked with
 * core's `maskPersonalDataAndNames`, as in lists, exports and the live feed — the structured fields, and the names of
 * the case's people (`facts.names`) wherever free text repeats them — unless the subscription is allowed it; a 举报's
 * data is masked whole whatever the subscription (only the hotline and supervisors may know who reported). The
 * respondents a complaint's referral to mediation names (its state does not keep them) are masked in the free text of
 * the event that names them (`withRespondents`) and of every event after it (`caseFactsOf` takes them into
 * `facts.names`), as the event log masks them; so are, from a complaint's 并案 (merge) on, the people of the case it was
 * merged into, whom the merge's reason names (`caseFactsOf`, core's `withMergedPeople`).
 */
export const deliveryBody = (event: RecordedEvent, facts: CaseFacts, personalData: boolean): string => {
  const full = personalData && !facts.report
  const names = full ? [] : withRespondents(facts.names ?? [], event.data)
  const about = {
    caseType: facts.caseType,
    caseId: facts.caseId,
    jurisdiction: facts.jurisdiction,
    streamId: event.streamId,
    version: event.version,
    position: event.position,
    eventId: event.eventId,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    // A 举报's reporter is left out whole: its account (often a phone number) as well as its name (`reporterHidden`).
    actor: full
      ? facts.anonymous === true ? reporterHidden(event.metadata.actor, facts.jurisdiction) : event.metadata.actor
      : facts.report || facts.anonymous === true ? reporterHidden(maskPersonalData(event.metadata.actor), facts.jurisdiction) : maskPersonalData(event.metadata.actor),
    personalData: full ? 'full' : 'masked',
  }
  const body = JSON.stringify({
    type: event.type,
    timestamp: event.metadata.occurredAt,
    data: { ...about, data: full ? (facts.anonymous === true ? withoutReporterAccount(event.data) : event.data) : facts.report || facts.anonymous === true ? withoutReporterAccount(maskPersonalDataAndNames(event.data, names)) : maskPersonalDataAndNames(event.data, names) },
  })
  const bytes = Buffer.byteLength(body, 'utf8')
  if (bytes <= MAX_DELIVERY_BYTES) return body
  // Too large for a receiver (or a proxy before it) to be sure to take: the event's ids and where to read it, flagged
  // `thin`, instead of a body refused with 413 at every attempt until it is dead-lettered. Its ids, jurisdiction path
  // and times are bounded by their codecs; the actor's id, name and department are not (a token's claims, an import's
  // line): an actor that alone would carry it over the bound is cut to its role (read in full at `href`).
  const thin = (actor: unknown) => JSON.stringify({ type: event.type, timestamp: event.metadata.occurredAt, data: { ...about, actor, thin: true, bytes, href: historyHref(facts) } })
  const withActor = thin(about.actor)
  return Buffer.byteLength(withActor, 'utf8') <= MAX_DELIVERY_BYTES ? withActor : thin({ role: event.metadata.actor.role })
}

/**
 * The most a delivery's body holds, in bytes (256 KiB): receivers and the proxies before them commonly refuse bodies
 * over 256 KiB–1 MiB (a 413 at every attempt). An event's own data is bounded only by what was recorded (the server's
 * BODY_LIMIT, which an operator may raise; an import; many agreement terms), so an event whose body would be larger is
 * delivered thin (`deliveryBody`).
 */
export const MAX_DELIVERY_BYTES = 256 * 1024

/**
 * Where a thin delivery's event is read in full: its case's history (`GET /api/v1/<path>/{id}/history`, relative to the
 * API's base; the event is the one at `version`), under the case type's default path, its name plus `s`
 * (`caseCollection`: `complaints`, `disputes`), with what the reader's token may see.
 */
const historyHref = (facts: Pick<CaseFacts, 'caseType' | 'caseId'>): string => `/api/v1/${facts.caseType}s/${encodeURIComponent(facts.caseId)}/history`
