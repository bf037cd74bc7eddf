export { derivedId } from './derivedId.js'
export {
  COMPLAINT_REFERRED_TO_MEDIATION,
  complaintReferral,
  ComplaintReferredToMediationData,
  referralCommand,
  referralCommandId,
  runReferral,
  type Process,
} from './referral.js'
