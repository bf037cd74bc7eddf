import { projectionRunner, sqliteCaseList, sqliteCheckpointStore, type CaseListReadModel, type CheckpointStore, type ProjectionRunner } from '@gridcase/adapters'
import { dashboardProjection, type EventStore } from '@gridcase/core'
import type { Logger } from 'pino'
import type { CaseCollection } from './collection.js'

/**
 * The app's read models and the one runner that keeps them (读模型): the case list in a database, and
 * the dashboard projection. Every list, scope look-up and "wait until my write is visible" goes through them.
 */
export interface AppReadModels {
  readonly runner: ProjectionRunner
  readonly cases: CaseListReadModel
  /** Stops the runner and closes what these read models opened. */
  close(): Promise<void>
}

const build = (
  store: EventStore,
  cases: CaseListReadModel,
  checkpoints: CheckpointStore | undefined,
  logger: Logger | undefined,
): AppReadModels => {
  const runner = projectionRunner({
    store,
    readModels: [cases],
    projections: [dashboardProjection],
    ...(checkpoints === undefined ? {} : { checkpoints }),
    onError: (error) => logger?.error({ err: error }, 'the projection runner stopped'),
  })
  return {
    runner,
    cases,
    close: async () => {
      await runner.stop()
      await cases.close()
      await checkpoints?.close()
    },
  }
}

const foldError = (logger: Logger | undefined) => (error: unknown, event: { readonly streamId: string; readonly position: number }) =>
  logger?.error({ err: error, streamId: event.streamId, position: event.position }, 'the case list could not fold an event')

/** Read models in a SQLite file (the server's `read-models.sqlite` beside the event store): a restart resumes, it does not replay. */
export const sqliteReadModels = (path: string, store: EventStore, collections: readonly CaseCollection[], logger?: Logger): AppReadModels =>
  build(store, sqliteCaseList(path, collections, { onFoldError: foldError(logger) }), sqliteCheckpointStore(path), logger)

/** Read models in an in-memory SQLite database, rebuilt from the log at every start: the default for tests and examples. */
export const inMemoryReadModels = (store: EventStore, collections: readonly CaseCollection[], logger?: Logger): AppReadModels =>
  build(store, sqliteCaseList(':memory:', collections, { onFoldError: foldError(logger) }), undefined, logger)
