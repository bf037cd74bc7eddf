import { postgresAttachmentRefs, postgresCaseList, postgresDashboard, type PgReadModelHome } from '@gridcase/adapters/postgres'
import type { EventStore } from '@gridcase/core'
import type { Logger } from 'pino'
import type { CaseCollection } from './collection.js'
import { buildReadModels, foldError, type AppReadModels } from './readModels.js'

// Apart from readModels.ts so that a server without DATABASE_URL never loads the PostgreSQL client (server.ts imports
// this file only when it is set).

/**
 * Read models in the PostgreSQL store's own schema, beside its log: shared by every server over the database, so a
 * start resumes from the committed checkpoints (no replay) and memory does not grow with the cases. Each server runs
 * the runner; a batch locks its model's checkpoint row, so whichever server applies an event first applies it once.
 */
export const postgresReadModels = (home: PgReadModelHome, store: EventStore, collections: readonly CaseCollection[], logger?: Logger): AppReadModels =>
  buildReadModels(store, postgresCaseList(home, collections, { onFoldError: foldError(logger) }), postgresDashboard(home), postgresAttachmentRefs(home), logger, () => undefined)
