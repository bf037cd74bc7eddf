// @gridcase/adapters — event stores, projection runner, clock and ids: everything, for library users and the CLI.
// Two narrower entry points keep a server's start small: `@gridcase/adapters/embedded` (no PostgreSQL client, no CLI)
// and `@gridcase/adapters/postgres`. A new export goes into the one of the three files it belongs to.
export * from './embedded.js'
export * from './postgres/index.js'
export { CSV_COLUMNS, csvField, csvFields, csvRow, exportLog, ndjsonLine, parseCsv, readCsv, readNdjson, verifyStore, verifyStoreStream } from './audit/index.js'
export type { ExportFormat, ExportOptions, VerifyOptions } from './audit/index.js'
export { runCli, EXIT, type CliIo } from './cli/run.js'
export { runAttachmentsCli, ATTACHMENTS_USAGE, type AttachmentsIo } from './cli/attachments.js'
export { auditSqliteLog, type RejectedHead, type TreeAudit, type TreeAuditOptions } from './audit/auditTree.js'
export { EVALUATION_USAGE, runEvaluationCli, type EvaluationIo } from './cli/evaluation.js'
export { importLine, importLines, importedCaseId, importedCommandId, type ImportError, type ImportOptions, type ImportSummary, type LineOutcome } from './import/importer.js'
export { ImportLine, ImportStep, decodeImportLine } from './import/line.js'
export { stagingStore, type StagingStore } from './import/staging.js'
export { collectAttachmentGarbage, collectStrayFiles, DEFAULT_GRACE_DAYS, type GarbageOptions } from './attachments/gc.js'
