import type { CaseType, EventStore } from '@gridcase/core'
import type { Clock } from '../clock.js'
import { loadCheckpoint, type PgReadModelHome } from '../postgres/readModelTables.js'
import { webhookParts, type WebhookRunnerOptions } from '../webhooks/parts.js'
import { postgresWebhookStore } from '../webhooks/postgresStore.js'
import { defaultProcesses } from './definitions.js'
import { postgresDeadlineSource, postgresLeases, postgresProcessCheckpoints } from './postgresLease.js'
import { processRunner, type ProcessDefinition, type ProcessRunnerOptions } from './runner.js'
import { deadlineScheduler } from './scheduler.js'
import type { SqliteProcessRunner } from './sqliteRunner.js'

/**
 * A process runner whose checkpoints and leases are rows in the PostgreSQL store's schema, so every server over
 * one database competes for one lease per name; with the deadline scheduler reading the PostgreSQL dashboard's deadlines,
 * and outbound webhooks on the outbox in the same schema (`postgresWebhookStore`): the feeder is a process here and the
 * dispatcher holds the `webhook-delivery` lease row, so one of each is active across every server.
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
  /** Outbound webhooks: the `webhooks` process queues deliveries in the schema's webhook_* tables, the dispatcher sends them. */
  readonly webhooks?: WebhookRunnerOptions
} & Pick<ProcessRunnerOptions, 'onActive' | 'onError' | 'onRefused'>): SqliteProcessRunner => {
  const leases = postgresLeases(options.home)
  const webhooks =
    options.webhooks === undefined
      ? undefined
      : webhookParts({
          store: options.store,
          outbox: postgresWebhookStore(options.home, options.webhooks.secrets === undefined ? {} : { secrets: options.webhooks.secrets }),
          caseTypes: options.caseTypes,
          clock: options.clock,
          leases,
          holder: options.holder,
          // The case list's checkpoint in the same schema (the servers' read models): how far the log reaches.
          logEnd: async () => {
            const position = await loadCheckpoint(options.home.pool, options.home.schema, 'case-list')
            return position === -1 ? undefined : position
          },
          webhooks: options.webhooks,
          ...(options.onError === undefined ? {} : { onError: options.onError }),
        })
  const runner = processRunner({
    ...options,
    processes: [...(options.processes ?? defaultProcesses), ...(webhooks === undefined ? [] : [webhooks.process])],
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
    ...(webhooks === undefined ? {} : { webhooks }),
    start: () => {
      runner.start()
      scheduler?.start()
      webhooks?.dispatcher.start()
    },
    // The pool is the store's: closed with it.
    close: async () => {
      await webhooks?.dispatcher.stop()
      await scheduler?.stop()
      await runner.stop()
    },
  }
}
