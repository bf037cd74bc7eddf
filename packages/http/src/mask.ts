import type { EventStore } from '@gridcase/core'
import { readerView, type Actor, type CaseScope, type ReaderView } from '@gridcase/core/access'
import { maySeeKind, PERSONAL_DOCUMENT_KINDS } from '@gridcase/core/attachments'
import type { PeopleOf } from '@gridcase/core/privacy'
import { addressesOf, maskNamesInText, othersLeftOut, maskPersonalData, maskPersonalDataAndNames, maskPersonalDataExceptOwn, mergedIntoStream, namesPeopleBeyondState, peopleInHistory, peopleNamed, personalNumbersOf, reporterHidden, reporterWithheld, withMergedPeople, withoutPersonalDocuments, withoutReporterAccount, withRespondents, type OwnData } from '@gridcase/core/privacy'
import { createHash } from 'node:crypto'

export { peopleInHistory, withRespondents }

/**
 * The people a masked view of a case masks in free text: its state's (`peopleNamed`), and, for a case whose history
 * names people its state does not keep, its whole history's (`peopleInHistory`), from `events` or, none given, from the
 * store (one read of the stream, for such a case only): a complaint referred to mediation (`namesPeopleBeyondState`),
 * whose result may be the dispute's conclusion naming a respondent; a complaint merged into another (并案, `isMerged`),
 * with the people of the case it was merged into (core's `withMergedPeople`), as its history masks them — its own text
 * may name them (赵六反映的违建与钱举报所报为同一处: found by tests/http/reader-view.test.ts, the description of a complaint
 * merged into a 举报 named its reporter in clear on the case view and the list row to every reader, masked in its history
 * and the event log).
 */
export const namesOnCase = async (
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  state: unknown,
  events?: readonly { readonly streamId: string; readonly type: string; readonly data: unknown }[],
): Promise<string[]> => {
  if (!namesPeopleBeyondState(state) && !isMerged(state)) return peopleNamed(state)
  const history = events ?? (await store.readStream(streamId))
  const names = peopleInHistory(state, history)
  return isMerged(state) ? [...(await withMergedPeople(store, names, history))] : names
}

/** Does a masked view of this case mask more people than its state names (`namesOnCase` reads its history then)? */
export const namesPeopleBeyondCase = (state: unknown): boolean => namesPeopleBeyondState(state) || isMerged(state)

/** A complaint merged into another (并案: `status: merged`): its history names the people of that case too. */
const isMerged = (state: unknown): boolean => typeof state === 'object' && state !== null && (state as { status?: unknown }).status === 'merged'

/**
 * The reporters of the 举报s a case was merged into (core's `withMergedPeople` with `reportersOf`): what a reader who reads
 * the case in full but may not know who reported reads masked in its free text (`OnCase.mergedReporters`), as its
 * history masks them (`reporterMaskedEntries`). None, and no read, for a case not merged.
 */
export const reportersMergedInto = async (
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  state: unknown,
  events?: readonly { readonly streamId: string; readonly type: string; readonly data: unknown }[],
): Promise<readonly string[]> => (isMerged(state) ? withMergedPeople(store, [], events ?? (await store.readStream(streamId)), reportersOf) : [])

/**
 * The case a reader reads, for who handles it (core's `handlesCase`): where it lies and whose it is (the case type's
 * `scope` of the case as it is now), and the id of the actor who registered it (its first event's), when known.
 */
export interface OnCase {
  readonly scope?: CaseScope | undefined
  readonly registeredBy?: string | undefined
  /**
   * The reporters of the 举报s the case was merged into (`reportersMergedInto`): masked in its free text for whoever reads
   * it in full but may not know who reported. None when not given.
   */
  readonly mergedReporters?: readonly string[] | undefined
}

/**
 * Which view of a case's people this reader gets (core's `readerView`, the one decision: clear, masked, its own; and
 * whether it may know who raised a case that withholds it): for the case as `onCase` has it, its owner from `state`.
 * Every route that shows a case's people asks it here. `actor` undefined: a list, the event log (masked for everyone).
 * `onCase` is not optional: each caller gives the case it reads (`onCaseOf`), so that no reader's view rests on a
 * default (core's `readerView` fails closed: no scope given, masked).
 */
export const readerViewOf = (actor: Actor | undefined, state: Record<string, unknown>, onCase: OnCase): ReaderView =>
  readerView(actor, { scope: onCase?.scope, registeredBy: onCase?.registeredBy, ownerId: state['ownerId'] })

/**
 * Does this actor read every person's full personal data on the case view and its history (`readerView`: `clear`)?
 * Lists and the live feed are always masked; a resident sees its own in full, the others' masked; auditors, supervisors
 * and admins read masked. On a case (`onCase`): only if it handles that case (core's `handlesCase`: on a dispute, the
 * mediator assigned to it, not the routed committee's other members; of the hotline, the operator who registered it).
 */
export const seesPersonalData = (actor: Actor, onCase: OnCase): boolean => readerViewOf(actor, {}, onCase).people === 'clear'

/**
 * Who may know who made a 举报 (report): the hotline that registered it and supervisors (DOMAIN.md; 信访工作条例
 * art. 30 para. 3 — "不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位", sanctioned by
 * art. 46(五) — and the 接诉即办 practice keep a whistle-blower's identity confidential), and the complainant themself
 * (`readerView`'s `knowsReporter`). Decided today by the role and the case's owner alone, not its scope; `onCase` is
 * given all the same, as every reader view is decided on the case it reads.
 */
export const seesReporter = (actor: Actor, state: Record<string, unknown>, onCase: OnCase): boolean => readerViewOf(actor, state, onCase).knowsReporter

/**
 * A resident's own data on a case: its account id, and the names and the phone and id numbers of the person records
 * that are its own (a party with its `residentId`, the complainant of its own complaint); whether the case is its own
 * (`ownerId`: the words its events add in the owner's name are then its own, `OwnData.ownsCase`). Undefined for any
 * other role.
 */
export const ownData = (state: Record<string, unknown>, actor: Actor): OwnData | undefined => {
  if (actor.role !== 'resident') return undefined
  const names: string[] = []
  const numbers: string[] = []
  const add = (p: unknown, owned: boolean): void => {
    if (typeof p !== 'object' || p === null) return
    const person = p as { name?: unknown; residentId?: unknown; address?: unknown }
    if (!owned && person.residentId !== actor.id) return
    if (typeof person.name === 'string') names.push(person.name)
    // Its address too: free text masks addresses as it masks names, the reader's own excepted (found in review); one
    // too short to be looked for (core's `addressesOf`) is not kept either; its tails are, as free text gives them.
    names.push(...addressesOf(person))
    numbers.push(...personalNumbersOf(person))
  }
  const parties = state['parties']
  if (Array.isArray(parties)) for (const p of parties as unknown[]) add(p, false)
  const ownsCase = state['ownerId'] === actor.id
  add(state['complainant'], ownsCase)
  // The address of its own complaint (its home, often) is its own.
  if (ownsCase) names.push(...addressesOf(state))
  return { residentId: actor.id, names, numbers, ownsCase }
}

/**
 * Which view of a case this reader gets, as the suffix of its ETag (HTTP.md "ETags and caching"): '' the full view
 * (`W/"N"`, unchanged), `m` all personal data masked, `r` full but a 举报's complainant masked (an anonymous
 * complaint's account left out), `mr` masked but a 举报's complainant (an anonymous complaint's account) shown (a supervisor), `o.<hash of the resident's id>` a resident's own view (its own data in full: one
 * view per resident). Two readers with the same suffix get the same body for the same version, so a conditional GET
 * never answers one with another's view. The class of the case view, a command's answer and the history alike: each
 * follows the reader's `readerView` (found in review: a supervisor's and an auditor's histories of a 举报, different
 * bodies, were both `m`, when the history had a class of its own).
 */
export const viewClass = (state: Record<string, unknown>, actor: Actor | undefined, onCase: OnCase): string => {
  const view = readerViewOf(actor, state, onCase)
  if (actor === undefined) return 'm'
  if (view.people === 'own') return `o.${residentTag(actor.id)}`
  const full = view.people === 'clear'
  if (!reporterWithheld(state)) return full ? '' : 'm'
  return full ? (view.knowsReporter ? '' : 'r') : view.knowsReporter ? 'mr' : 'm'
}

/**
 * The part of a masked history's ETag that names the people it masks when they are not all the case's own: a merged
 * duplicate's history masks the people of the case it was merged into (core's `withMergedPeople`: the merge step's
 * reason names them), read from that case as it is now. They change while the duplicate's version stands still (the
 * primary's referral names a respondent), so its masked history changes with them: `n` and 8 hex digits of sha-256 of
 * the names, so a copy read before is not current after (found in review: `If-None-Match` with the ETag read before
 * the referral answered 304, and the copy kept the respondent the hotline's reason named in clear). '' for a history
 * with no merge step (its people are its own, named by its version), or one read in full.
 */
export const mergedNamesClass = (masked: boolean, events: readonly { readonly streamId: string; readonly type: string; readonly data: unknown }[], names: readonly string[]): string =>
  !masked || !events.some((e) => mergedIntoStream(e) !== undefined) ? '' : `n${createHash('sha256').update(names.join('\n'), 'utf8').digest('hex').slice(0, 8)}`

/** 16 hex digits of sha-256 of a resident's id: tells residents' views apart without putting the id in a header. */
const residentTags = new Map<string, string>()
const residentTag = (id: string): string => {
  let tag = residentTags.get(id)
  if (tag === undefined) {
    tag = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16)
    if (residentTags.size >= 10_000) residentTags.clear()
    residentTags.set(id, tag)
  }
  return tag
}

export const isReport = (state: Record<string, unknown>): boolean => state['kind'] === 'report' && 'complainant' in state

/** A 举报, with a complainant or anonymous: whoever may not know who reported is not shown its account either. */
export const isReportKind = (state: Record<string, unknown>): boolean => state['kind'] === 'report'

/** A 举报 or an anonymous complaint (core's `reporterWithheld`): whoever may not know who raised it is not shown its account. */
export const isWithheld = (state: Record<string, unknown>): boolean => reporterWithheld(state)

/**
 * May this actor, who reads the case, see a file of this kind on it — `GET /api/v1/attachments/{sha256}` through this
 * case, and its hash in what the actor reads of the case? Every kind but the personal documents: yes. Those (an
 * identity document, a signed agreement, a consent, an application: `PERSONAL_DOCUMENT_KINDS`): by `maySeeKind` (the
 * handling roles, and but for an identity document the case's parties; not auditors or supervisors), on a case
 * (`onCase`) only if it handles it (core's `handlesCase`: a dispute's assigned mediator, not its committee's others; a
 * resident reads only its own case), as for the rest of the personal data, and on a 举报 only those who may know who
 * reported.
 */
export const seesKindOnCase = (actor: Actor, state: Record<string, unknown>, kind: string, onCase: OnCase): boolean => {
  if (!maySeeKind(actor, kind)) return false
  if (!PERSONAL_DOCUMENT_KINDS.has(kind)) return true
  // A personal document with the rest of the personal data (`readerView`: not to a reader that reads it masked), and on
  // a 举报 only to those who may know who reported.
  const view = readerViewOf(actor, state, onCase)
  return view.people !== 'masked' && (state['kind'] !== 'report' || view.knowsReporter)
}

/**
 * Which kinds of personal documents this actor sees on this case (`seesKindOnCase`), for `withoutPersonalDocuments`
 * and the history's `personalDocuments`: the references to the others are left out of what it reads.
 */
export const personalDocumentsSeen = (actor: Actor, state: Record<string, unknown>, onCase: OnCase): ((kind: string) => boolean) => (kind) => seesKindOnCase(actor, state, kind, onCase)

/** The case, as `OnCase` has it: its scope now, and who registered it (its first event's actor). */
export const onCaseOf = (caseType: { readonly scope: (state: never) => CaseScope | undefined }, state: unknown, first: { readonly metadata: { readonly actor: { readonly id: string } } } | undefined): OnCase => ({
  scope: typeof caseType.scope === 'function' ? (caseType.scope as (state: unknown) => CaseScope | undefined)(state) : undefined,
  registeredBy: first?.metadata.actor.id,
})

/**
 * A case's state as this actor may see it: personal data masked unless the role needs it (`actor` undefined: a
 * list, always masked), a resident's own kept in full (`ownData`); a 举报's complainant masked for everyone but
 * `seesReporter`, shown to those in full; the hashes of files the actor may not fetch (`seesKindOnCase`) left out.
 *
 * `names`: the people whose names are masked in free text — the state's (`peopleNamed`) unless the case's history names
 * more (`namesOnCase`).
 *
 * Returns `state` itself (nothing to mask: not the caller's to change) or a new object made for this call, which the
 * caller owns and may add keys to (`caseView` does). Only its top level is the caller's: a nested value may be the
 * state's own (a 举报's complainant shown in full to a supervisor).
 */
export const personalView = (state: Record<string, unknown>, actor: Actor | undefined, names: readonly string[] | undefined, onCase: OnCase): Record<string, unknown> =>
  actor?.role === 'resident' ? residentsView(actor, state, withoutStaffAssessment(personalViewOf(state, actor, names, onCase))) : personalViewOf(state, actor, names, onCase)

/** A resident's view without the staff's assessments: the mediation's risk (`withoutRiskAssessment`) and the units' (`withoutUnitEvaluation`). */
export const withoutStaffAssessment = (view: Record<string, unknown>): Record<string, unknown> => withoutUnitEvaluation(withoutRiskAssessment(view))

/**
 * The evaluation of the units that handled a complaint (考评): the lead's rating of a summoned department's help (以下评上,
 * each `summoned[].rating`) and a unit's application to leave the case out of its assessment, with the decision on it
 * (考评申诉, `exclusion`) — staff's assessment of one another and, in an application's ground, of the complainant
 * (诉求不合理): not the complainant's to read (its history leaves out what those steps say: `STAFF_ONLY`). Found in review
 * (2026-12-07): a complainant read 该市民系无理缠访 in its own history, and the ground on its case.
 */
export const withoutUnitEvaluation = (view: Record<string, unknown>): Record<string, unknown> => {
  const summoned = view['summoned']
  const rated = Array.isArray(summoned) && summoned.some((x) => typeof x === 'object' && x !== null && 'rating' in x)
  if (!('exclusion' in view) && !rated) return view
  const { exclusion: _exclusion, ...rest } = view
  if (rated) {
    rest['summoned'] = (summoned as unknown[]).map((x) => {
      if (typeof x !== 'object' || x === null || !('rating' in x)) return x
      const { rating: _rating, ...kept } = x as Record<string, unknown>
      return kept
    })
  }
  return rest
}

/**
 * What a resident reads of a case it is one of the people of, once masked: without the other people's contact and
 * identity fields and accounts (core's `othersLeftOut`: the parties know each other by name; contact goes through the
 * committee). The case view, each entry of its history, its list row and every command's answer.
 */
export const residentsView = <V>(actor: Actor, state: Record<string, unknown>, view: V): V =>
  othersLeftOut(view, actor.id, typeof state['jurisdiction'] === 'string' ? state['jurisdiction'] : '')

/**
 * The mediation's internal risk assessment (风险研判: DOMAIN.md "Dispute", intake grades risk — of violence, of a mass
 * incident — and a high risk is escalated to the street and shown on the dashboard): staff's, not the parties'. A resident
 * party reads its dispute without it — the view's `risk` and `escalatedTo` (`withoutRiskAssessment`), and what the
 * history's `DisputeRiskGraded` and `DisputeEscalated` say (`staffWorkHidden`: the steps kept, by whom and when).
 * Found by the resident persona: a respondent read 李四扬言要砍王五…已通知派出所, what the applicant had told the committee.
 */
export const withoutRiskAssessment = (view: Record<string, unknown>): Record<string, unknown> => {
  if (!('risk' in view) && !('escalatedTo' in view)) return view
  const { risk: _risk, escalatedTo: _escalatedTo, ...rest } = view
  return rest
}

/**
 * What a resident does not read in its case's history, by event type: the staff's work on the case that is not its
 * handling for the resident — the mediation's risk assessment (`DisputeRiskGraded`, `DisputeEscalated`: all they say,
 * `withoutRiskAssessment`), a supervisor's note (`ComplaintNoteAdded`: DOMAIN.md, supervision notes), the note of a 督办
 * (`ComplaintUrged`: the urging itself, its state and unit, kept) and the hotline's note on a callback (回访: the
 * resident's own answers kept). `all`: the data and the reason go; else the keys named. Found by the resident persona:
 * a complainant read 督办备注：网格员处置不力，拟约谈 and 回访备注：市民态度恶劣 in its own history.
 */
const STAFF_ONLY: ReadonlyMap<string, 'all' | readonly string[]> = new Map<string, 'all' | readonly string[]>([
  ['DisputeRiskGraded', 'all'],
  ['DisputeEscalated', 'all'],
  ['ComplaintNoteAdded', 'all'],
  ['ComplaintUrged', ['note']],
  ['ComplaintCallbackRecorded', ['note']],
  // 考评: the units' evaluation (`withoutUnitEvaluation`).
  ['ComplaintDepartmentHelpRated', 'all'],
  ['ComplaintExclusionApplied', 'all'],
  ['ComplaintExclusionDecided', 'all'],
  // 回访 after a mediation: the mediator's note of a visit to a party, as a complaint's callback note (whether it found
  // them satisfied stays).
  ['FollowUpVisited', ['note']],
])

/** A resident's history of its case without what `STAFF_ONLY` keeps to staff: each step still there, by whom and when. */
export const staffWorkHidden = <E extends { readonly type: string; readonly reason?: string; readonly data?: unknown }>(actor: Actor, entries: E[]): E[] =>
  actor.role !== 'resident' || !entries.some((e) => STAFF_ONLY.has(e.type))
    ? entries
    : entries.map((e) => {
        const hidden = STAFF_ONLY.get(e.type)
        if (hidden === undefined) return e
        if (hidden === 'all') {
          const { reason: _reason, data: _data, ...rest } = e
          return rest as E
        }
        if (typeof e.data !== 'object' || e.data === null) return e
        const data: Record<string, unknown> = { ...(e.data as Record<string, unknown>) }
        for (const key of hidden) delete data[key]
        return { ...e, data }
      })

const personalViewOf = (state: Record<string, unknown>, actor: Actor | undefined, names: readonly string[] | undefined, onCase: OnCase): Record<string, unknown> => {
  // Masked data leaves out the personal documents; a reader who sees the rest in full, or its own (a resident), may
  // still not see some of them (a party, the other party's identity card).
  const view = readerViewOf(actor, state, onCase)
  const own = actor === undefined || view.people !== 'own' ? undefined : ownData(state, actor)
  const documents = (v: Record<string, unknown>): Record<string, unknown> => (actor === undefined ? withoutPersonalDocuments(v) : withoutPersonalDocuments(v, personalDocumentsSeen(actor, state, onCase)))
  const full = view.people === 'clear'
  const kept = own !== undefined ? documents(maskPersonalDataExceptOwn(state, names ?? peopleNamed(state), own)) : full ? documents(state) : maskPersonalDataAndNames(state, names ?? peopleNamed(state))
  // 并案: the reporters of the 举报s it was merged into, for a reader who reads it in full but may not know who reported:
  // masked in its text, its own numbers kept, as its history masks them (`reporterMaskedEntries`).
  const mergedReporters = full && !view.knowsReporter ? (onCase?.mergedReporters ?? []) : []
  const shown = mergedReporters.length === 0 ? kept : maskNamesInText(kept, mergedReporters, 'kept')
  // An anonymous complaint (no name, phone or id number) is tied to its complainant by its account alone: left out for
  // whoever may not know who raised it, as a 举报's (found by the resident persona: the grid and the list read it).
  if (!isReportKind(state)) return reporterWithheld(state) && !view.knowsReporter ? withoutReporterAccount(shown) : shown
  // A list (no reader: masked for everyone) leaves out who reported too: its account (`withoutReporterAccount`); so
  // does every view of an anonymous 举报 (no complainant) for whoever may not know who filed it.
  if (actor === undefined) return withoutReporterAccount(shown)
  if (!isReport(state)) return view.knowsReporter ? shown : withoutReporterAccount(shown)
  if (view.knowsReporter) {
    if (full || own !== undefined) return shown
    // A supervisor: who reported, by name, and every other personal value masked (`reporterKnown`), as its history.
    return documents(maskPersonalDataExceptOwn(state, names ?? peopleNamed(state), reporterKnown(state)))
  }
  // Who reported is often named in the free text too (a description 李四举报…): masked there as well, for whoever may
  // not know it, as the event log and the history mask it (a masked view has it masked already).
  return withoutReporterAccount(full ? withReporterMasked(shown, reporterNames(state)) : shown)
}

/**
 * The entries of a history read in full: each entry's data and reason as `withReporterMasked` reads the case (`whole`: a
 * 举报 read by a handling role that may not know who made it), or with the names (`reportersOf`: the reporters of the
 * 举报s a complaint was merged into) masked in their text alone (core's `maskNamesInText`, numbers kept), the
 * complaint's own people and numbers read as on its view. Every entry, not only the merge step: a note before it names the 举报's reporter as well
 * (found in review, 2026-12-07: 与钱某所报为同一事项, written on the duplicate before the merge, read in full by a street
 * officer).
 */
export const reporterMaskedEntries = <E extends { readonly type: string; readonly reason?: string; readonly data?: unknown }>(entries: E[], names: readonly string[], whole: boolean): E[] =>
  entries.map((e) => {
    // The merge step is about the 举报 (its reason, the hotline's: 与钱某（137…）所报为同一违建): its numbers masked as well,
    // as they were.
    const numbers = whole || e.type === 'ComplaintMerged' ? 'masked' : 'kept'
    return {
      ...e,
      ...(e.data === undefined ? {} : { data: whole ? withReporterMasked(e.data, names) : maskNamesInText(e.data, names, numbers) }),
      ...(e.reason === undefined ? {} : { reason: maskNamesInText(e.reason, names, numbers) }),
    }
  })

/**
 * Who made a case, if it is a 举报 (`reporterNames`), from its opening event's data: the people of the 举报s a case was
 * merged into (core's `withMergedPeople`) that a reader who reads the duplicate in full may not know. The hotline's
 * reason for merging often names the primary's complainant (与钱某所报为同一违建): found in review (2026-12-07), a street
 * officer read the reporter of the 举报 a duplicate was merged into in the duplicate's history.
 */
export const reportersOf: PeopleOf = (opening) => (typeof opening === 'object' && opening !== null && isReport(opening as Record<string, unknown>) ? reporterNames(opening as Record<string, unknown>) : [])

/** The names of who made a 举报 (its complainant's), as free text may repeat them. */
export const reporterNames = (state: Record<string, unknown>): string[] => peopleNamed({ complainant: state['complainant'] })

/**
 * What a supervisor knows of who made a 举报 (DOMAIN.md "Jurisdiction and actors": the reporter's identity is visible to
 * the hotline that registered it and to supervisors; personal data is masked for supervisors). Decided (2026-12-07): the
 * reporter's name — on the complainant record and wherever free text repeats it — and its account, as the case's owner
 * and the actor of the steps it took; its phone, id number and address masked, as every other person's. Oversight needs
 * to know who reported (that the handling unit is not the one reported, that the reporter is not retaliated against);
 * calling them back is the hotline's. As core's `OwnData` with no account of its own, the reporter's account known
 * (`knownAccount`: the actor of its steps read by the name it gave, as its record is — found in review, 2026-12-07, 王**
 * beside 钱举报): the case view and each entry of the history (`maskPersonalDataExceptOwn`) alike.
 */
export const reporterKnown = (state: Record<string, unknown>): OwnData => {
  const account = state['ownerId']
  return { names: reporterName(state), ...(typeof account === 'string' ? { knownAccount: account } : {}) }
}

/**
 * The name of who made a 举报 (its complainant's), alone: what a supervisor knows of it (`reporterKnown`). Not
 * `reporterNames`, whose `peopleNamed` gives a person's address and its tails after its name (for masking): as the
 * reader's own, each would be kept in free text (found in review, 2026-12-07; a complainant records no address today).
 */
const reporterName = (state: Record<string, unknown>): string[] => {
  const complainant = state['complainant']
  const name = typeof complainant === 'object' && complainant !== null ? (complainant as { name?: unknown }).name : undefined
  return typeof name === 'string' ? peopleNamed({ complainant: { name } }) : []
}

/**
 * A value of a 举报 — its state, an event's data or reason — as a handling role that may not know who reported reads it
 * in full (the case view and each entry of the history alike): its `complainant` masked, and the reporter's names
 * (`names`) and every phone and id number masked in its free text (core's `maskNamesInText`). The account is the
 * caller's to leave out (`withoutReporterAccount`, `reportersHidden`).
 */
export const withReporterMasked = <T>(value: T, names: readonly string[]): T => {
  const text = maskNamesInText(value, names)
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('complainant' in value)) return text
  return { ...text, complainant: maskPersonalData({ complainant: (value as { complainant: unknown }).complainant }).complainant }
}

/**
 * A 举报's history as a reader who may not know who reported sees it: each step the reporter took by `reporter`, and its
 * account left out of the data (core's `reporterHidden`, `withoutReporterAccount`). Any other case's, or a reader's who
 * may know, as it is.
 */
export const reportersHidden = <E extends HistoryLine>(state: Record<string, unknown>, actor: Actor, onCase: OnCase, entries: E[]): E[] => {
  if (!reporterWithheld(state) || seesReporter(actor, state, onCase)) return entries
  const jurisdiction = typeof state['jurisdiction'] === 'string' ? state['jurisdiction'] : ''
  return entries.map((entry) => reporterHiddenIn(entry, jurisdiction))
}

type HistoryLine = { readonly actor: { readonly role: string }; readonly data?: unknown }

/** One history entry of a 举报 as whoever may not know who reported sees it (the history's, the event log's). */
export const reporterHiddenIn = <E extends HistoryLine>(entry: E, caseJurisdiction: string): E => ({
  ...entry,
  actor: reporterHidden(entry.actor, caseJurisdiction),
  ...(entry.data === undefined ? {} : { data: withoutReporterAccount(entry.data) }),
})
