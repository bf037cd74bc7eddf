import type { CaseType, EventStore } from '@gridcase/core'
import type { Clock } from '../clock.js'
import { sqliteReadModelFile } from '../projections/sqliteFile.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { defaultProcesses, sqliteProcessCheckpoints } from './definitions.js'
import { sqliteLeases } from './lease.js'
import { processRunner, type ProcessDefinition, type ProcessRunner, type ProcessRunnerOptions } from './runner.js'
import { deadlineScheduler, sqliteDeadlineSource, type DeadlineScheduler } from './scheduler.js'
import type { WebhookDispatcher } from '../webhooks/dispatcher.js'
import { webhookParts, type WebhookRunnerOptions } from '../webhooks/parts.js'
import { sqliteWebhookStore, type WebhookStore } from '../webhooks/store.js'

/** A process runner whose checkpoints and leases are in a SQLite file (the server's read-model file), and that closes it. */
export interface SqliteProcessRunner {
  readonly runner: ProcessRunner
  /** The deadline scheduler, when asked for (the file must hold the dashboard read model's deadlines). */
  readonly scheduler?: DeadlineScheduler
  /** The webhook outbox and its dispatcher, when asked for. */
  readonly webhooks?: { readonly outbox: WebhookStore; readonly dispatcher: WebhookDispatcher }
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
  /**
   * Outbound webhooks: the `webhooks` process queues deliveries in the same file (webhook_* tables), and the dispatcher
   * sends them. `random` (in [0, 1)) is the backoff's jitter; tests pass a fixed one and a manual clock.
   */
  readonly webhooks?: WebhookRunnerOptions
} & Pick<ProcessRunnerOptions, 'onActive' | 'onError' | 'onRefused'>): SqliteProcessRunner => {
  const file = sqliteReadModelFile(options.path)
  const webhooks =
    options.webhooks === undefined
      ? undefined
      : webhookParts({
          store: options.store,
          outbox: sqliteWebhookStore(file.db, options.webhooks.secrets === undefined ? {} : { secrets: options.webhooks.secrets }),
          caseTypes: options.caseTypes,
          clock: options.clock,
          leases: sqliteLeases(file.db),
          holder: options.holder,
          // The case list's checkpoint in the same file (the server's read models, beside SQLite): how far the log reaches.
          logEnd: () => sqliteCheckpoints(file.db).load('case-list'),
          webhooks: options.webhooks,
          ...(options.onError === undefined ? {} : { onError: options.onError }),
        })
  const runner = processRunner({
    ...options,
    processes: [
      ...(options.processes ?? defaultProcesses),
      ...(webhooks === undefined
        ? []
        : [webhooks.process]),
    ],
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
    ...(webhooks === undefined ? {} : { webhooks }),
    start: () => {
      runner.start()
      scheduler?.start()
      webhooks?.dispatcher.start()
    },
    close: async () => {
      await webhooks?.dispatcher.stop()
      await scheduler?.stop()
      await runner.stop()
      file.close()
    },
  }
}
