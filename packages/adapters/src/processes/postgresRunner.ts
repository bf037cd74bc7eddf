import type { CaseType, EventStore } from '@gridcase/core'
import type { Clock } from '../clock.js'
import type { PgReadModelHome } from '../postgres/readModelTables.js'
import { defaultProcesses } from './definitions.js'
import { postgresDeadlineSource, postgresLeases, postgresProcessCheckpoints } from './postgresLease.js'
import { processRunner, type ProcessDefinition, type ProcessRunnerOptions } from './runner.js'
import { deadlineScheduler } from './scheduler.js'
import type { SqliteProcessRunner } from './sqliteRunner.js'

/**
 * A process runner whose checkpoints and leases are rows in the PostgreSQL store's schema, so every server over
 * one database competes for one lease per name; with the deadline scheduler reading the PostgreSQL dashboard's deadlines.
 */
export const postgresProcessRunner = (options: {
  readonly home: PgReadModelHome
  readonly store: EventStore
  readonly caseTypes: readonly CaseType[]
  readonly holder: string
  readonly clock: Clock
  readonly processes?: readonly ProcessDefinition[]
  readonly leaseMs?: number
  readonly scheduler?: { readonly urgeAfterMs?: number; readonly everyMs?: number }
} & Pick<ProcessRunnerOptions, 'onActive' | 'onError' | 'onRefused'>): SqliteProcessRunner => {
  const leases = postgresLeases(options.home)
  const runner = processRunner({
    ...options,
    processes: options.processes ?? defaultProcesses,
    checkpoints: postgresProcessCheckpoints(options.home),
    leases,
  })
  const scheduler =
    options.scheduler === undefined
      ? undefined
      : deadlineScheduler({
          store: options.store,
          caseTypes: options.caseTypes,
          deadlines: postgresDeadlineSource(options.home),
          clock: options.clock,
          leases,
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
    // The pool is the store's: closed with it.
    close: async () => {
      await scheduler?.stop()
      await runner.stop()
    },
  }
}
