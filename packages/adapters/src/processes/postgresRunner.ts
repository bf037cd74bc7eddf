import { loadCheckpoint, type PgReadModelHome } from '../postgres/readModelTables.js'
import { postgresWebhookStore } from '../webhooks/postgresStore.js'
import { assembleProcesses, type ProcessesOptions, type RunningProcesses } from './assembly.js'
import { postgresProcessRefusals } from './postgresRefusals.js'
import { postgresDeadlineSource, postgresLeases, postgresProcessCheckpoints } from './postgresLease.js'

/**
 * A process runner whose checkpoints and leases are rows in the PostgreSQL store's schema, so every server over
 * one database competes for one lease per name; with the deadline scheduler reading the PostgreSQL dashboard's deadlines,
 * and outbound webhooks on the outbox in the same schema (`postgresWebhookStore`): the feeder is a process here and the
 * dispatcher holds the `webhook-delivery` lease row, so one of each is active across every server.
 */
export const postgresProcessRunner = (options: { readonly home: PgReadModelHome } & ProcessesOptions): RunningProcesses =>
  assembleProcesses(options, {
    leases: postgresLeases(options.home),
    checkpoints: () => postgresProcessCheckpoints(options.home),
    refusals: () => postgresProcessRefusals(options.home),
    deadlines: () => postgresDeadlineSource(options.home),
    outbox: (outboxOptions) => postgresWebhookStore(options.home, outboxOptions),
    // The case list's checkpoint in the same schema (the servers' read models): how far the log reaches.
    logEnd: async () => {
      const position = await loadCheckpoint(options.home.pool, options.home.schema, 'case-list')
      return position === -1 ? undefined : position
    },
    // The pool is the store's: closed with it.
    close: () => undefined,
  })
