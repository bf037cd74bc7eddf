// Hand-written event drafts for projection tests and the sample log (tests/support); not built into the package.
import type { Actor } from '../kernel/actor.js'
import type { ComplaintEventType, EventData } from '../complaint/events.js'
import type { DisputeEventOf, DisputeEventType } from '../dispute/events.js'
import type { EventDraft } from '../audit/sealedLog.js'

const clerk: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

/** A complaint event for a hand-written log: `complaintId` and `at` are filled in. */
export const complaintDraft = <K extends ComplaintEventType>(
  caseId: string,
  type: K,
  at: string,
  data: Omit<EventData<K>, 'complaintId' | 'at'>,
  actor: Actor = clerk,
): EventDraft => ({ streamId: `complaint-${caseId}`, type, at, actor, data: { complaintId: caseId, at, ...data } })

/** A dispute event for a hand-written log. */
export const disputeDraft = <K extends DisputeEventType>(
  caseId: string,
  type: K,
  at: string,
  data: DisputeEventOf<K>['data'],
  actor: Actor = clerk,
): EventDraft => ({ streamId: `dispute-${caseId}`, type, at, actor, data })
