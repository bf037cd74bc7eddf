import type { Actor } from '@gridcase/core/access'
import { maySeeKind, PERSONAL_DOCUMENT_KINDS } from '@gridcase/core/attachments'
import { maskPersonalData, maskPersonalDataAndNames, withoutPersonalDocuments } from '@gridcase/core/privacy'

// Auditors and supervisors check the handling, not the people: they see masked values.
const MASKED_ROLES: ReadonlySet<string> = new Set(['auditor', 'supervisor'])

/** Does this actor's role need full personal data on the case view? (History, lists and the live feed are always masked.) */
export const seesPersonalData = (actor: Actor): boolean => !MASKED_ROLES.has(actor.role)

/**
 * Who may know who made a 举报 (report): the hotline that registered it and supervisors (DOMAIN.md; 信访工作条例
 * art. 30 para. 3 — "不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位", sanctioned by
 * art. 46(五) — and the 接诉即办 practice keep a whistle-blower's identity confidential), and the complainant themself.
 */
export const seesReporter = (actor: Actor, state: Record<string, unknown>): boolean =>
  actor.role === 'hotline-operator' || actor.role === 'supervisor' || (actor.role === 'resident' && state['ownerId'] === actor.id)

/** The people a case names (a dispute's parties, a complainant): their names are masked in its free text too. */
export const peopleNamed = (state: Record<string, unknown>): string[] => {
  const names: string[] = []
  const add = (p: unknown): void => {
    if (typeof p === 'object' && p !== null && typeof (p as { name?: unknown }).name === 'string') names.push((p as { name: string }).name)
  }
  // Every command's answer asks: a loop, not a spread and a flatMap (same names, same order: parties, then complainant).
  const parties = state['parties']
  if (Array.isArray(parties)) for (const p of parties as unknown[]) add(p)
  add(state['complainant'])
  return names
}

const isReport = (state: Record<string, unknown>): boolean => state['kind'] === 'report' && 'complainant' in state

/**
 * May this actor, who reads the case, see a file of this kind on it — `GET /api/v1/attachments/{sha256}` through this
 * case, and its hash in what the actor reads of the case? Every kind but the images of personal documents: yes. Those
 * (`id-document`): only the handling roles (`maySeeKind`), and on a 举报 only those who may know who reported.
 */
export const seesKindOnCase = (actor: Actor, state: Record<string, unknown>, kind: string): boolean =>
  maySeeKind(actor, kind) && !(PERSONAL_DOCUMENT_KINDS.has(kind) && state['kind'] === 'report' && !seesReporter(actor, state))

/** May this actor see the images of personal documents on this case (`seesKindOnCase` of `id-document`)? */
export const seesPersonalDocuments = (actor: Actor, state: Record<string, unknown>): boolean => seesKindOnCase(actor, state, 'id-document')

/**
 * A case's state as this actor may see it: personal data masked unless the role needs it (`actor` undefined: a
 * list, always masked); a 举报's complainant masked for everyone but `seesReporter`, shown to those in full; the
 * hashes of files the actor may not fetch (`seesKindOnCase`) left out.
 *
 * Returns `state` itself (nothing to mask: not the caller's to change) or a new object made for this call, which the
 * caller owns and may add keys to (`caseView` does). Only its top level is the caller's: a nested value may be the
 * state's own (a 举报's complainant shown in full to a supervisor).
 */
export const personalView = (state: Record<string, unknown>, actor: Actor | undefined): Record<string, unknown> => {
  // Masked data leaves out the images of personal documents; a reader who sees the rest in full may still not see those.
  const full = actor !== undefined && seesPersonalData(actor)
  const shown = full ? (seesPersonalDocuments(actor, state) ? state : withoutPersonalDocuments(state)) : maskPersonalDataAndNames(state, peopleNamed(state))
  if (!isReport(state) || actor === undefined) return shown
  const complainant = seesReporter(actor, state) ? state['complainant'] : maskPersonalData({ complainant: state['complainant'] }).complainant
  return { ...shown, complainant }
}
