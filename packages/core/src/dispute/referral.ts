import { complaintSchema } from '../complaint/events.js'
import { complaintScope } from '../complaint/policy.js'
import { evolve, initialState, type ComplaintState } from '../complaint/state.js'
import type { CommandCheck } from '../kernel/caseType.js'
import { referralCommandId } from '../processes/derivedId.js'
import { canSee, hidden } from '../pipeline/visibility.js'

// The complaint as the check reads it: its fold and its scope, no decisions (those are the complaint's own).
const complaintReader = { streamPrefix: 'complaint-', decider: { initialState, evolve, decide: () => { throw new Error('read only') } }, schema: complaintSchema }

/**
 * A dispute referred from a complaint (source `referral`) names a complaint that exists and that the actor may read:
 * any other is answered as a missing complaint (`not-found`, the same for one that does not exist and one the actor may
 * not see). Not asked of the referral process's own command (its id derived from the referral event that causes it):
 * that dispute is the one the complaint's own event names.
 */
export const referredComplaintCheck: CommandCheck = async ({ data, actor, meta, readOther }) => {
  if (meta.causationId !== undefined && meta.commandId === referralCommandId(meta.causationId)) return undefined
  const { source, complaintId } = typeof data === 'object' && data !== null ? (data as { source?: unknown; complaintId?: unknown }) : {}
  // A referral without complaintId is the decider's to name (validation).
  if (source !== 'referral' || typeof complaintId !== 'string') return undefined
  const complaint = await readOther<ComplaintState>(complaintReader, complaintId.toLowerCase())
  return complaint.version !== 'no-stream' && canSee({ scope: complaintScope }, complaint.state, actor) ? undefined : hidden({ name: 'complaint' })
}
