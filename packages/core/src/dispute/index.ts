import type { Decider } from '../kernel/decider.js'
import { commandSpec, type CaseType } from '../kernel/caseType.js'
import { DISPUTE_COMMANDS, ReportDisputeData, type DisputeCommand } from './commands.js'
import { decideDispute, scopeOf } from './decide.js'
import { schema, type DisputeEvent } from './events.js'
import { defaultDisputePolicy, type DisputePolicy } from './policy.js'
import { referredComplaintCheck } from './referral.js'
import { evolve, initialState, type DisputeState } from './state.js'

export type DisputeDecider = Decider<DisputeCommand, DisputeEvent, DisputeState>
export type DisputeCaseType = CaseType<DisputeCommand, DisputeEvent, DisputeState>

/** The dispute decider for a policy (mediation days and how they are counted). */
export const disputeDecider = (policy: Partial<DisputePolicy> = {}): DisputeDecider => ({
  initialState,
  decide: decideDispute({ ...defaultDisputePolicy, ...policy }),
  evolve,
})

/** 矛盾纠纷 and 三调联动 mediation as a case type: what HTTP, projections and audit tools serve. */
export const disputeCase = (policy: Partial<DisputePolicy> = {}): DisputeCaseType => ({
  name: 'dispute',
  streamPrefix: 'dispute-',
  decider: disputeDecider(policy),
  schema,
  create: commandSpec('ReportDispute', ReportDisputeData),
  commands: Object.fromEntries(Object.entries(DISPUTE_COMMANDS).map(([route, c]) => [route, commandSpec(c.type, c.data)])),
  scope: scopeOf,
  checks: { create: referredComplaintCheck },
})

/** The dispute case type with the default policy (30 natural days of mediation). */
export const dispute: DisputeCaseType = disputeCase()

export {
  AGREEMENT_FORMS,
  AgreementForm,
  CATEGORIES as DISPUTE_CATEGORIES,
  CONFIRMATION_OUTCOMES,
  ConfirmationOutcome,
  DISPUTE_COMMANDS,
  DisputeCategory,
  DisputeSource,
  FULFILMENTS,
  Fulfilment,
  ReportDisputeData,
  SOURCES as DISPUTE_SOURCES,
  type AcceptDispute,
  type ApplyForConfirmation,
  type AssignMediator,
  type CloseDispute,
  type ConsentToConfirmation,
  type DeclineDispute,
  type DisputeCommand,
  type DisputeCommandType,
  type ExtendMediation,
  type MediatorRef,
  type RecordAgreement,
  type RecordConfirmation,
  type RecordFailure,
  type RecordFollowUp,
  type RecordFulfilment,
  type RecordSession,
  type ReferToLitigation,
  type ReportDispute,
  type Signature as AgreementSignature,
  type TransferDispute,
} from './commands.js'
export {
  CLOSE_OUTCOMES,
  DISPUTE_EVENT_TYPES,
  DisputeEvent,
  schema as disputeSchema,
  type CloseOutcome,
  type DisputeEventOf,
  type DisputeEventType,
} from './events.js'
export { Parties as DisputeParties, Party as DisputeParty, PARTY_SIDES, PartySide } from './parties.js'
export {
  confirmationDeadline,
  CONFIRMATION_WINDOW_DAYS,
  COURT_DECISION_DAYS,
  courtDecisionDeadline,
  defaultDisputePolicy,
  effectiveOn as agreementEffectiveOn,
  ENTRUSTED_IN_FILED_CASE_DAYS,
  SIMPLIFIED_ENTRUSTED_DAYS,
  ENTRUSTMENT_RECEIPT,
  isEntrustedInFiledCase,
  parseEntrustmentReceipt,
  entrustmentReceiptDeadline,
  mediationDeadline,
  PERMISSIONS as DISPUTE_PERMISSIONS,
  SOURCE_ROLES as DISPUTE_SOURCE_ROLES,
  type DisputePolicy,
} from './policy.js'
export { evolve as evolveDispute, initialState as initialDisputeState, STATUSES as DISPUTE_STATUSES } from './state.js'
export type { Agreement as MediationAgreement, ConfirmationApplication, DisputeState, DisputeStatus, TransferHop } from './state.js'
export { decideDispute, scopeOf as disputeScope } from './decide.js'
export { streetOf } from './centre.js'
export {
  COMMITTEE_KINDS,
  CommitteeFile,
  committeeRegistryOf,
  committeesFor,
  emptyCommitteeRegistry,
  type Centre,
  type Committee,
  type CommitteeKind,
  type CommitteeMediator,
  type CommitteeProblem,
  type CommitteeRegistry,
} from './committees.js'
export { RISK_GRADES, RiskGrade, type GradeRisk, type OnTheSpotData, type RouteToCommittee } from './commands.js'
export type { Risk, RoutedCommittee } from './state.js'
