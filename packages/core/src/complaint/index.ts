import { commandSpec, type CaseType } from '../kernel/caseType.js'
import type { Decider } from '../kernel/decider.js'
import { commandData, registerComplaintData, routes, type ComplaintCommand } from './commands.js'
import { resolveConfig, type ComplaintConfig } from './config.js'
import { decideComplaint } from './decide.js'
import { mergeCheck } from './merge.js'
import { referralCheck } from './referral.js'
import { complaintSchema, type ComplaintEvent } from './events.js'
import { complaintScope } from './policy.js'
import { evolve, initialState, type ComplaintState } from './state.js'

export type ComplaintCaseType = CaseType<ComplaintCommand, ComplaintEvent, ComplaintState>

/** The complaint decider (诉求) for a configuration. */
export const complaintDecider = (config: ComplaintConfig = {}): Decider<ComplaintCommand, ComplaintEvent, ComplaintState> => ({
  initialState,
  decide: decideComplaint(resolveConfig(config)),
  evolve,
})

/** The complaint case type (诉求): stream `complaint-<id>`, created by `RegisterComplaint`, commands by route name. */
export const complaintCase = (config: ComplaintConfig = {}): ComplaintCaseType => {
  const resolved = resolveConfig(config)
  return {
    name: 'complaint',
    streamPrefix: 'complaint-',
    decider: { initialState, decide: decideComplaint(resolved), evolve },
    schema: complaintSchema,
    create: commandSpec('RegisterComplaint', registerComplaintData(resolved.categories)),
    commands: Object.fromEntries(Object.entries(routes).map(([route, type]) => [route, commandSpec(type, commandData[type])])),
    scope: complaintScope,
    checks: { merge: mergeCheck({ scope: complaintScope }), 'refer-to-mediation': referralCheck },
  }
}

/** The complaint case type with the seed categories, default deadlines and Chinese working days. */
export const complaint: ComplaintCaseType = complaintCase()

export {
  CHANNELS as COMPLAINT_CHANNELS,
  commandData as complaintCommandData,
  KINDS as COMPLAINT_KINDS,
  NOTIFY_METHODS,
  OUTCOMES as RESULT_OUTCOMES,
  RATINGS,
  registerComplaintData,
  routes as complaintRoutes,
  type Channel as ComplaintChannel,
  type CommandData as ComplaintCommandData,
  type ComplaintCommand,
  type ComplaintCommandType,
  type Kind as ComplaintKind,
  type NotifyMethod,
  type Outcome as ResultOutcome,
  type Rating,
  type RegisterComplaint,
} from './commands.js'
export { Complainant } from './complainant.js'
export {
  parseArrivalWorkingDays,
  parseOnTheSpotCategories,
  resolveConfig as resolveComplaintConfig,
  seedCategories,
  seedOnTheSpotCategories,
  seedPolicies,
  URGENCIES,
  type Category as ComplaintCategory,
  type ComplaintConfig,
  type Urgency,
} from './config.js'
export {
  deadlineAfter,
  normalPolicy,
  parseDispatchWithin,
  petitionPolicy,
  STANDARD_DISPATCH_WITHIN,
  standardPoliciesWith,
  urgentPolicy,
  type DaySpan,
  type DeadlinePolicy,
  type DispatchSpans,
  type Span,
} from './deadlines.js'
export {
  COMPLAINT_EVENT_TYPES,
  complaintSchema,
  eventData as complaintEventData,
  isComplaintEvent,
  type ComplaintEvent,
  type ComplaintEventOf,
  type ComplaintEventType,
  type EventData as ComplaintEventData,
} from './events.js'
export { actsFor, complaintPermissions, complaintScope, departmentsOf, officesOf } from './policy.js'
export {
  evolve as evolveComplaint,
  FINAL_STATUSES as COMPLAINT_FINAL_STATUSES,
  initialState as complaintInitialState,
  STATUSES as COMPLAINT_STATUSES,
  type CoHandling,
  type ComplaintCase,
  type ComplaintState,
  type ComplaintStatus,
  type Summons,
} from './state.js'
export { DepartmentUnit, HandlingUnit } from './unit.js'
