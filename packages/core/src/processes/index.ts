export { derivedId } from './derivedId.js'
export {
  COMPLAINT_REFERRED_TO_MEDIATION,
  complaintReferral,
  ComplaintReferredToMediationData,
  referralCommand,
  referralCommandId,
  REFERRAL_FAILURE_PROCESS,
  referralFailureCommands,
  referralProcessCommands,
  runReferral,
  type Process,
} from './referral.js'
export {
  MEDIATION_CONCLUSIONS,
  MEDIATION_OUTCOME_PROCESS,
  mediationOutcomeCommands,
  processActor,
  processCommandId,
  type ProcessCommand,
} from './mediationOutcome.js'
