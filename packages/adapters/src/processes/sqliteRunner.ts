import type { CaseType, EventStore } from '@gridcase/core'
import type { Clock } from '../clock.js'
import { sqliteReadModelFile } from '../projections/sqliteFile.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { defaultProcesses, sqliteProcessCheckpoints } from './definitions.js'
import { sqliteLeases } from './lease.js'
import { processRunner, type ProcessDefinition, type ProcessRunner, type ProcessRunnerOptions } from './runner.js'

/** A process runner whose checkpoints and leases are in a SQLite file (the server's read-model file), and that closes it. */
export interface SqliteProcessRunner {
  readonly runner: ProcessRunner
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
} & Pick<ProcessRunnerOptions, 'onActive' | 'onError' | 'onRefused'>): SqliteProcessRunner => {
  const file = sqliteReadModelFile(options.path)
  const runner = processRunner({
    ...options,
    processes: options.processes ?? defaultProcesses,
    checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)),
    leases: sqliteLeases(file.db),
  })
  return {
    runner,
    close: async () => {
      await runner.stop()
      file.close()
    },
  }
}
