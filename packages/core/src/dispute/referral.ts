import { complaintSchema } from '../complaint/events.js'
import { complaintScope } from '../complaint/policy.js'
import { evolve, initialState, type ComplaintState } from '../complaint/state.js'
import type { CommandCheck } from '../kernel/caseType.js'
import { validationError } from '../kernel/errors.js'
import { referralCommandId } from '../processes/derivedId.js'
import { canSee, hidden } from '../pipeline/visibility.js'
import { SOURCE_ROLES } from './policy.js'

// The complaint as the check reads it: its fold and its scope, no decisions (those are the complaint's own).
const complaintReader = { streamPrefix: 'complaint-', decider: { initialState, evolve, decide: () => { throw new Error('read only') } }, schema: complaintSchema }

/**
 * A dispute referred from a complaint (source `referral`) is opened by the referral process, from the complaint's own
 * `refer-to-mediation` (its id derived from the referral event that causes it): that dispute is the one the complaint's
 * event names, and the complaint waits for its conclusion. Any other command naming a complaint is refused: one that
 * does not exist or that the actor may not read as a missing complaint (`not-found`, the same for both); one it may read
 * with a validation error at `source` (DOMAIN.md "Dispute": the dispute "carries both ids, and its conclusion is recorded
 * back on the complaint" — a dispute the complaint never referred was opened, and its conclusion, which the complaint
 * refuses when it is not referred to mediation, was dropped: the complainant never told). A role that may not report a
 * referral at all gets the decider's `forbidden`.
 */
export const referredComplaintCheck: CommandCheck = async ({ data, actor, meta, readOther }) => {
  if (meta.causationId !== undefined && meta.commandId === referralCommandId(meta.causationId)) return undefined
  const { source, complaintId } = typeof data === 'object' && data !== null ? (data as { source?: unknown; complaintId?: unknown }) : {}
  // A referral without complaintId is the decider's to name (validation).
  if (source !== 'referral' || typeof complaintId !== 'string') return undefined
  const complaint = await readOther<ComplaintState>(complaintReader, complaintId.toLowerCase())
  if (complaint.version === 'no-stream' || !canSee({ scope: complaintScope }, complaint.state, actor)) return hidden({ name: 'complaint' })
  if (actor.role !== 'admin' && !SOURCE_ROLES.referral.includes(actor.role)) return undefined
  return validationError([
    {
      path: 'source',
      message: `expected another source: a dispute is referred from a complaint by the complaint's refer-to-mediation (POST /api/v1/complaints/${complaintId}/refer-to-mediation), which opens it and records its conclusion back on the complaint`,
    },
  ])
}
