// @gridcase/adapters/embedded — what a server needs whatever its store: the SQLite (embedded default) and memory stores,
// the projection runner and SQLite read models, clock and ids, the tree log, calendar, committee and jurisdiction files,
// processes, webhooks and attachments on SQLite and files. Neither the PostgreSQL client (`@gridcase/adapters/postgres`)
// nor the command-line tools and import: the server loads those only when its configuration uses them, so a start
// does not pay for modules it will not run (issue #17: startup under 2 s). The root export re-exports all of it.
export { manualClock, systemClock, type Clock } from './clock.js'
export { isUuid, newId, stableId } from './ids.js'
export { backoffDelay, jitteredBackoff, type BackoffOptions } from './backoff.js'
// The database not answering (no `pg` import: a server's answer to any route's store failure needs it whatever its store).
export { isTransient } from './postgres/transient.js'
export { LIVE_PASSES, notifier, pollingSubscription, type Notifier } from './subscription.js'
export { memoryEventStore, type MemoryStoreOptions } from './memory/store.js'
export { sqliteEventStore, type SqliteEventStore, type SqliteStoreOptions } from './sqlite/store.js'
export { SubjectKeyConflict, type SubjectKeyRow } from './sqlite/writer.js'
export { sqliteCheckpoints, type SqliteCheckpoints } from './sqlite/checkpoints.js'
export { nodeSha256Hex } from './sqlite/nodeHash.js'
export type { SqliteSynchronous } from './sqlite/open.js'
export { memoryCheckpoints, type CheckpointStore, type SavedProjection } from './projections/checkpoints.js'
export { sqliteCheckpointStore } from './projections/sqliteReadModels.js'
export { projectionRunner, type ProjectionRunner, type RunnerOptions, type RunnerProgress } from './projections/runner.js'
export type { CaseListKind, CaseListPage, CaseListQuery, CaseListReadModel, CaseListRow, CaseListSummary, DashboardLists, DashboardQuery, DashboardReadModel, DashboardReadOptions, KeptDeadline, ReadModel } from './projections/readModel.js'
export type { DashboardFigures, FiguresAnswer, FiguresQuery } from './projections/assessmentFigures.js'
export { sqliteDashboard, type SqliteDashboardOptions } from './projections/sqliteDashboard.js'
export { sqliteReadModelFile, type ReadModelFile } from './projections/sqliteFile.js'
export { sqliteReadModelsTogether, type SqliteApply } from './projections/sqliteTogether.js'
export { sqliteCaseList, type SqliteCaseListOptions } from './projections/sqliteCaseList.js'
export { eventStoreDbEventStore } from './eventstoredb/lazy.js'
export type { EventStoreDbConnection, EventStoreDbOptions } from './eventstoredb/store.js'
export { generateHeadKey, headSigner, headVerifier, keyIdOf, readHeadKey, type HeadSigner, type HeadVerifier } from './audit/signingKey.js'
export { memoryTreeHeads, sqliteTreeHeads, type MerkleChunk, type TreeHeadStore } from './audit/treeHeads.js'
export { CHUNK, nodeSha256Bytes, treeLog, type ConsistencyProof, type HeadMemory, type InclusionProof, type TreeLog, type TreeLogOptions } from './audit/treeLog.js'
export { fileHeadMemory } from './audit/headMemory.js'
export { calendarFiles, liveCalendar, parseScheduleFile, type CalendarFiles, type LiveCalendar, type RebaseDue } from './calendar/files.js'
export {
  CALENDAR_LOAD_PROCESS,
  CALENDAR_STALE_PROCESS,
  calendarInLog,
  calendarStaleProcess,
  followCalendar,
  NATIONAL,
  readCalendar,
  takeOverScheduleFiles,
  type CalendarInLog,
  type ScheduleLoad,
} from './calendar/log.js'
export { CALENDAR_REBASE_PROCESS, calendarRebaseProcess, casesInLog, rebaseCases, type CaseToRebase, type RebaseOf, type RebaseOutcome } from './calendar/rebase.js'
export { aesGcmFieldCipher, sqliteSubjectKeys, SubjectErased, type SubjectKeys } from './privacy/subjectKeys.js'
export { ERASURE_STREAM, eraseCase, erasePostgresCase, personalDocumentsToErase, sealedSqliteStore, type EraseOutcome, type EraseRequest, type PersonalDocumentsToErase } from './privacy/erasure.js'
export { DEFAULT_RETENTION, RetentionConfig, dueForErasure, parseRetention, type DueForErasure } from './privacy/retention.js'
export { ProcessInterrupted, processRunner, type ProcessCheckpoints, type ProcessContext, type ProcessDefinition, type ProcessRunner, type ProcessRunnerOptions } from './processes/runner.js'
export { PROCESS_LEASE_MS, processLeaseMsFromEnv, sqliteLeases, type LeaseStore } from './processes/lease.js'
export { defaultProcesses, mediationOutcomeProcess, referralProcess, sqliteProcessCheckpoints } from './processes/definitions.js'
export { sqliteProcessRunner, type SqliteProcessRunner } from './processes/sqliteRunner.js'
export { memoryProcessRefusals, NOTHING_TO_DO, refusalId, refusalInScope, sqliteProcessRefusals, type ProcessRefusal, type ProcessRefusals, type RefusalQuery, type RefusalReport, type RefusalStatus } from './processes/refusals.js'
export { deadlineScheduler, sqliteDeadlineSource, DEADLINE_SCHEDULER, type DeadlineScheduler, type DeadlineSchedulerOptions, type DeadlineSource, type DueDeadline } from './processes/scheduler.js'
export { DEMO_COMMITTEES_FILE, readCommitteeRegistry } from './committees/committeeFile.js'
export { sameSecret, sqliteWebhookStore, type WebhookStoreOptions, type CreateSubscription, type DeliveryQuery, type DeliveryStatus, type DueDelivery, type WebhookAttempt, type WebhookDelivery, type WebhookStore } from './webhooks/store.js'
export { decodeNewSubscription, decodeSecretRotation, IN_CLEAR, NewSubscription, personalDataWithheld, SecretRotation, sendsPersonalDataInClear, wants, type WebhookSubscription } from './webhooks/subscription.js'
export { defaultWebhookSettings, parsePersonalDataOrigins, retryDelay, webhookSettingsFromEnv, type WebhookSettings } from './webhooks/settings.js'
export { deliveryBody, type CaseFacts } from './webhooks/payload.js'
export { deliveryIdOf, webhookProcess, WEBHOOK_PROCESS } from './webhooks/enqueue.js'
export { webhookDispatcher, WEBHOOK_DISPATCHER, type WebhookDispatcher, type WebhookDispatcherOptions, type ReportedDelivery } from './webhooks/dispatcher.js'
export { newWebhookSecret } from './webhooks/secret.js'
export { DEMO_JURISDICTIONS_FILE, readJurisdictionRegistry } from './jurisdictions/registryFile.js'
export type { AttachmentCheck, AttachmentInfo, AttachmentStore, ReceivedFile } from './attachments/store.js'
export { defaultUploadLimits, mediaType, receiveUpload, type Received, type UploadLimits, type UploadRefusal } from './attachments/receive.js'
export { attachmentPath, checkAttachmentFile, fileAttachmentStore } from './attachments/fileStore.js'
export { memoryAttachmentStore } from './attachments/memoryStore.js'
export { auditErasures, describeErasureFinding, erasureFindingsOf, erasureScan, opensWith, wrongKeysInPages, wrongKeysOf, sqliteKeyRows, type ErasureAudit, type ErasureFinding, type KeyOpens, type KeyTrial, type KeyRowState } from './audit/erasureAudit.js'
export { attachmentLogOf, describeAttachmentFinding, erasureMarkOf, referencesInStore, referencesOf, verifyReferences, type AttachmentFinding, type AttachmentReference, type AttachmentVerification, type ErasureMark } from './attachments/verify.js'
export { sqliteAttachmentRefs, type AttachmentRefsReadModel, type AttachmentUse } from './projections/sqliteAttachmentRefs.js'
export type { ProcessesOptions, RunningProcesses } from './processes/assembly.js'
export { clearSecrets, generateWebhookSecretsKey, isSealedSecret, readWebhookSecretsKey, secretSealer, webhookSecretsFor, WEBHOOK_SECRETS_KEY_FILE, type SecretSealer } from './webhooks/sealedSecrets.js'
export { checkReceiverUrl, parseReceiverAllow, receiverAllowList, reservedKind, type ReceiverAllowList } from './webhooks/receivers.js'
export { createFileOnce, replaceFileDurably } from './durableFile.js'
