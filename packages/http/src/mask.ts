import type { Actor } from '@gridcase/core/access'

// Auditors and supervisors check the handling, not the people: they see masked values.
const MASKED_ROLES: ReadonlySet<string> = new Set(['auditor', 'supervisor'])

/** Does this actor's role need full personal data on the case view and history? */
export const seesPersonalData = (actor: Actor): boolean => !MASKED_ROLES.has(actor.role)
