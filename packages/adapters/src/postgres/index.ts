// @gridcase/adapters/postgres — the PostgreSQL event store and everything kept beside it (read models, checkpoints and
// leases, the tree log's heads, the webhook outbox, attachments). A server imports it only when DATABASE_URL is set: the
// `pg` client is not loaded otherwise. The root export re-exports it.
export { postgresCaseList, type PostgresCaseListOptions } from '../projections/postgresCaseList.js'
export { postgresDashboard, type PostgresDashboardOptions } from '../projections/postgresDashboard.js'
export type { PgReadModelHome } from './readModelTables.js'
export { postgresTreeHeads, type PostgresTreeHeads } from '../audit/postgresTreeHeads.js'
export { postgresKeyRows } from '../audit/postgresKeyRows.js'
export { postgresEventStore, type PostgresEventStore, type PostgresStoreOptions } from './store.js'
export { inTransaction } from './transaction.js'
export { lockKeys as postgresLockKeys } from './locks.js'
export { postgresProcessRunner } from '../processes/postgresRunner.js'
export { postgresProcessRefusals } from '../processes/postgresRefusals.js'
export { postgresDeadlineSource, postgresLeases, postgresProcessCheckpoints } from '../processes/postgresLease.js'
export { postgresWebhookStore, type PgWebhookHome } from '../webhooks/postgresStore.js'
export { postgresAttachmentStore } from '../attachments/postgresStore.js'
export { postgresAttachmentRefs } from '../projections/postgresAttachmentRefs.js'
export { postgresSubjectKeys, type PostgresSubjectKeys } from '../privacy/postgresSubjectKeys.js'
export { isSealedPostgres, sealedPostgresStore, subjectsToSeal, type SealedPostgresStore } from '../privacy/postgresSealed.js'
