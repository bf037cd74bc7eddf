import {
  LIVE_PASSES,
  projectionRunner,
  sqliteAttachmentRefs,
  sqliteCaseList,
  sqliteDashboard,
  sqliteReadModelFile,
  sqliteReadModelsTogether,
  type AttachmentRefsReadModel,
  type CaseListReadModel,
  type DashboardReadModel,
  type ProjectionRunner,
  type ReadModel,
  type ReadModelFile,
} from '@gridcase/adapters/embedded'
import type { EventStore } from '@gridcase/core'
import type { Logger } from 'pino'
import type { CaseCollection } from './collection.js'

/**
 * The app's read models and the one runner that keeps them (读模型): the case list and the dashboard totals,
 * both in a database. Every list, dashboard, scope look-up and "wait until my write is visible" goes through them.
 */
export interface AppReadModels {
  readonly runner: ProjectionRunner
  readonly cases: CaseListReadModel
  readonly dashboard: DashboardReadModel
  /** Which cases name which attached files (who may fetch a file); absent: files are served to their uploaders only. */
  readonly attachments?: AttachmentRefsReadModel
  /** Stops the runner and closes what these read models opened. */
  close(): Promise<void>
}

/** The read models' and processes' live passes: the adapters' `LIVE_PASSES` (its comment says what they cost in latency). */
export const READ_MODEL_PASSES = LIVE_PASSES

export const buildReadModels = (
  store: EventStore,
  cases: CaseListReadModel,
  dashboard: DashboardReadModel,
  attachments: AttachmentRefsReadModel,
  logger: Logger | undefined,
  closeFile: () => void,
  /** What the runner feeds, when not the three one by one (SQLite: the three together, one transaction a pass). */
  fed: readonly ReadModel[] = [cases, dashboard, attachments],
): AppReadModels => {
  const runner = projectionRunner({
    store,
    readModels: fed,
    ...READ_MODEL_PASSES,
    onError: (error) => logger?.error({ err: error }, 'the read models failed (following the log, or saving their checkpoints); following is tried again from the checkpoints after a backoff, and a save at the next events'),
  })
  return {
    runner,
    cases,
    dashboard,
    attachments,
    close: async () => {
      await runner.stop()
      await cases.close()
      await dashboard.close()
      await attachments.close()
      closeFile()
    },
  }
}

export const foldError = (logger: Logger | undefined) => (error: unknown, event: { readonly streamId: string; readonly position: number }) =>
  logger?.error({ err: error, streamId: event.streamId, position: event.position }, 'the case list could not fold an event')

/**
 * Read models in a SQLite file (the server's `read-models.sqlite` beside the event store): a restart resumes, it does not
 * replay. Given the path, they open the file; given it open (a connection the server shares with its processes), they
 * close it when they close.
 */
export const sqliteReadModels = (pathOrFile: string | ReadModelFile, store: EventStore, collections: readonly CaseCollection[], logger?: Logger): AppReadModels => {
  // One connection for all of them: one WAL, folded into the file when they close.
  const file = typeof pathOrFile === 'string' ? sqliteReadModelFile(pathOrFile) : pathOrFile
  return sqliteBuilt(file, store, collections, logger)
}

/** Read models in an in-memory SQLite database, rebuilt from the log at every start: the default for tests and examples. */
export const inMemoryReadModels = (store: EventStore, collections: readonly CaseCollection[], logger?: Logger): AppReadModels => {
  const file = sqliteReadModelFile(':memory:')
  return sqliteBuilt(file, store, collections, logger)
}

/** The three read models in one SQLite connection, fed together: one transaction per pass (see sqliteReadModelsTogether). */
const sqliteBuilt = (file: ReadModelFile, store: EventStore, collections: readonly CaseCollection[], logger: Logger | undefined): AppReadModels => {
  const cases = sqliteCaseList(file.db, collections, { onFoldError: foldError(logger) })
  const dashboard = sqliteDashboard(file.db)
  const attachments = sqliteAttachmentRefs(file.db)
  return buildReadModels(store, cases, dashboard, attachments, logger, file.close, [sqliteReadModelsTogether([cases, dashboard, attachments])])
}
