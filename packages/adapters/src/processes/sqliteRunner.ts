import type { CaseType, EventStore } from '@gridcase/core'
import type { Clock } from '../clock.js'
import { sqliteReadModelFile } from '../projections/sqliteFile.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { defaultProcesses, sqliteProcessCheckpoints } from './definitions.js'
import { sqliteLeases } from './lease.js'
import { processRunner, type ProcessDefinition, type ProcessRunner, type ProcessRunnerOptions } from './runner.js'
import { deadlineScheduler, sqliteDeadlineSource, type DeadlineScheduler } from './scheduler.js'

/** A process runner whose checkpoints and leases are in a SQLite file (the server's read-model file), and that closes it. */
export interface SqliteProcessRunner {
  readonly runner: ProcessRunner
  /** The deadline scheduler, when asked for (the file must hold the dashboard read model's deadlines). */
  readonly scheduler?: DeadlineScheduler
  /** Starts the runner and the scheduler. */
  start(): void
  /** Stops the runner (its leases given up) and closes the file. */
  close(): Promise<void>
}

export const sqliteProcessRunner = (options: {
  /** The SQLite file the checkpoints and leases are kept in: every runner sharing a log must name the same one. */
  readonly path: string
  readonly store: EventStore
  readonly caseTypes: readonly CaseType[]
  readonly holder: string
  readonly clock: Clock
  readonly processes?: readonly ProcessDefinition[]
  readonly leaseMs?: number
  /** Run the deadline scheduler too, reading the running deadlines the dashboard read model keeps in the same file. */
  readonly scheduler?: { readonly urgeAfterMs?: number; readonly everyMs?: number }
} & Pick<ProcessRunnerOptions, 'onActive' | 'onError' | 'onRefused'>): SqliteProcessRunner => {
  const file = sqliteReadModelFile(options.path)
  const runner = processRunner({
    ...options,
    processes: options.processes ?? defaultProcesses,
    checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)),
    leases: sqliteLeases(file.db),
  })
  const scheduler =
    options.scheduler === undefined
      ? undefined
      : deadlineScheduler({
          store: options.store,
          caseTypes: options.caseTypes,
          deadlines: sqliteDeadlineSource(file.db),
          clock: options.clock,
          leases: sqliteLeases(file.db),
          holder: options.holder,
          ...options.scheduler,
          onError: (error) => options.onError?.('deadline-scheduler', error),
          onRefused: (key, error) => options.onError?.('deadline-scheduler', new Error(`${key} refused: ${error.code}: ${error.message}`)),
        })
  return {
    runner,
    ...(scheduler === undefined ? {} : { scheduler }),
    start: () => {
      runner.start()
      scheduler?.start()
    },
    close: async () => {
      await scheduler?.stop()
      await runner.stop()
      file.close()
    },
  }
}
