export { caseAsOf, type AsOf, type CaseAsOf } from './asOf.js'
export { historyView, type HistoryEntry, type HistoryOptions } from './history.js'
export { logVerifier, verifyLog, type LogVerification, type LogVerifier } from './verify.js'
export { sealLog, type EventDraft } from './sealedLog.js'
