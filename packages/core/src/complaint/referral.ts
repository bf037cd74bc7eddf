import * as E from 'fp-ts/lib/Either.js'
import type { CommandCheck } from '../kernel/caseType.js'
import { alreadyExists } from '../kernel/errors.js'
import { canSee } from '../pipeline/visibility.js'
import { ReferredFrom } from './events.js'
import { authorizeCommand, complaintScope, refersFor } from './policy.js'
import type { ComplaintState } from './state.js'

/** The streams a case id may be taken in: a dispute's id must be new to both case types. */
const CASE_STREAMS = ['dispute-', 'complaint-'] as const

/**
 * 转调解 naming its dispute (`disputeId`): the id must name no case yet, or the referral process would be refused
 * (the dispute exists) after the referral was acknowledged. Refused up front with the one `already-exists`, the same
 * whether or not the caller may see the case that holds the id. Asked only of a referral the complaint would take
 * (seen, allowed, in a state that may be referred): anything else gets the decider's own answer, so this tells
 * nothing to whoever may not act on the complaint. Without `disputeId` the server derives one (decide).
 */
export const referralCheck: CommandCheck = async ({ caseId, data, actor, read, exists }) => {
  const disputeId = typeof data === 'object' && data !== null ? (data as { disputeId?: unknown }).disputeId : undefined
  if (typeof disputeId !== 'string') return undefined
  const complaint = await read(caseId)
  const state = complaint.state as ComplaintState
  if (complaint.version === 'no-stream' || state.status === 'none' || !canSee({ scope: complaintScope }, state, actor)) return undefined
  const scope = complaintScope(state)
  // Nor of a 举报, which is never referred (decide: the dispute would name the reporter to the reported), nor by an area
  // unit that does not act for the case's lead (decide: 首接负责制).
  if (scope === undefined || E.isLeft(authorizeCommand(actor, 'ReferToMediation', scope)) || !ReferredFrom.is(state.status) || state.kind === 'report') return undefined
  if (!refersFor(actor, state.lead)) return undefined
  const id = disputeId.toLowerCase()
  for (const prefix of CASE_STREAMS) if (await exists(prefix, id)) return alreadyExists()
  return undefined
}
