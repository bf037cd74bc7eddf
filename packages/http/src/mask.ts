import type { Actor } from '@gridcase/core/access'
import { maskNamesInText, maskPersonalData, maskPersonalDataAndNames, peopleNamed } from '@gridcase/core/privacy'

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

const isReport = (state: Record<string, unknown>): boolean => state['kind'] === 'report' && 'complainant' in state

/**
 * A case's state as this actor may see it: personal data masked unless the role needs it (`actor` undefined: a
 * list, always masked); a 举报's complainant masked for everyone but `seesReporter`, shown to those in full.
 *
 * Returns `state` itself (nothing to mask: not the caller's to change) or a new object made for this call, which the
 * caller owns and may add keys to (`caseView` does). Only its top level is the caller's: a nested value may be the
 * state's own (a 举报's complainant shown in full to a supervisor).
 */
export const personalView = (state: Record<string, unknown>, actor: Actor | undefined): Record<string, unknown> => {
  const shown = actor !== undefined && seesPersonalData(actor) ? state : maskPersonalDataAndNames(state, peopleNamed(state))
  if (!isReport(state) || actor === undefined) return shown
  if (seesReporter(actor, state)) return { ...shown, complainant: state['complainant'] }
  const complainant = maskPersonalData({ complainant: state['complainant'] }).complainant
  // Who reported is often named in the free text too (a description 李四举报…): masked there as well, for whoever may
  // not know it, as the event log and the history mask it (a masked view has it masked already).
  const text = shown === state ? maskNamesInText(state, peopleNamed({ complainant: state['complainant'] })) : shown
  return { ...text, complainant }
}
