export { caseAsOf, type AsOf, type CaseAsOf } from './asOf.js'
export { historyView, type HistoryEntry, type HistoryOptions } from './history.js'
export { logVerifier, verifyLog, type LogVerification, type LogVerifier } from './verify.js'
export { clockLines, clockScan, CLOCK_STEPS_SHOWN, DEFAULT_CLOCK_TOLERANCE_SECONDS, type ClockReport, type ClockScan, type ClockStep } from './clock.js'
export { sealLog, type EventDraft } from './sealedLog.js'
export {
  consistencyRanges,
  fromHex,
  inclusionRanges,
  leafHash,
  merkleFrontier,
  nodeHash,
  rangeHashes,
  rootOf,
  sha256Bytes,
  splitPoint,
  toHex,
  verifyConsistency,
  verifyInclusion,
  type BytesHash,
  type Digest,
  type LeafRange,
  type MerkleFrontier,
} from './merkle.js'
export { eventLeafHash, logLeaf, SignedTreeHeadCodec, treeHeadMessage, type SignedTreeHead, type TreeHead } from './treeHead.js'
export { auditLog, describeFinding, logAuditor, type AuditFinding, type HeadSource, type LogAudit, type LogAuditOptions, type LogAuditor, type TrustedHead } from './logAudit.js'
