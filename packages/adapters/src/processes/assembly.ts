import type { CaseType, EventStore } from '@gridcase/core'
import { calendarStaleProcess, type CalendarInLog } from '../calendar/log.js'
import { calendarRebaseProcess } from '../calendar/rebase.js'
import { jitteredBackoff } from '../backoff.js'
import type { Clock } from '../clock.js'
import type { WebhookDispatcher } from '../webhooks/dispatcher.js'
import { webhookParts, type WebhookRunnerOptions } from '../webhooks/parts.js'
import type { WebhookStore, WebhookStoreOptions } from '../webhooks/store.js'
import { defaultProcesses } from './definitions.js'
import type { LeaseStore } from './lease.js'
import { processRunner, type ProcessCheckpoints, type ProcessDefinition, type ProcessRunner, type ProcessRunnerOptions } from './runner.js'
import type { ProcessRefusals } from './refusals.js'
import { deadlineScheduler, type DeadlineScheduler, type DeadlineSource } from './scheduler.js'

/** The process runner with what runs beside it: the deadline scheduler and the webhook outbox, when asked for. */
export interface RunningProcesses {
  readonly runner: ProcessRunner
  /** The refused and failed process commands, kept beside the checkpoints (GET /api/v1/admin/processes/refusals). */
  readonly refusals: ProcessRefusals
  /** The deadline scheduler, when asked for (the storage must hold the dashboard read model's deadlines). */
  readonly scheduler?: DeadlineScheduler
  /** The webhook outbox and its dispatcher, when asked for. */
  readonly webhooks?: { readonly outbox: WebhookStore; readonly dispatcher: WebhookDispatcher }
  /** Starts the runner, the scheduler and the dispatcher. */
  start(): void
  /** Stops them (their leases given up) and closes what the storage owns. */
  close(): Promise<void>
}

/** What a server asks of its processes, whatever keeps their state. */
export type ProcessesOptions = {
  readonly store: EventStore
  readonly caseTypes: readonly CaseType[]
  readonly holder: string
  readonly clock: Clock
  readonly processes?: readonly ProcessDefinition[]
  readonly leaseMs?: number
  /** Run the deadline scheduler too, reading the running deadlines the dashboard read model keeps beside the checkpoints. */
  readonly scheduler?: { readonly urgeAfterMs?: number; readonly everyMs?: number }
  /**
   * Outbound webhooks: the `webhooks` process queues deliveries in the outbox beside the checkpoints (webhook_* tables),
   * and the dispatcher sends them. `random` (in [0, 1)) is the backoff's jitter; tests pass a fixed one and a manual clock.
   */
  readonly webhooks?: WebhookRunnerOptions
  /**
   * The calendar the case types count with, as the log holds it: adds the `calendar-stale` process, which re-bases a
   * case whose deadline was counted with a calendar a load had already replaced (calendarStaleProcess).
   */
  readonly calendar?: CalendarInLog
  /**
   * With `calendar`: the `calendar-rebase` process, which re-bases every open case once after a load (one runner across
   * the servers): where it finds the cases (default: the log itself, `casesInLog`; a server passes its case list) and
   * what it tells of each pass.
   */
  readonly calendarRebase?: Pick<Parameters<typeof calendarRebaseProcess>[0], 'cases' | 'onRebasing' | 'onRebased' | 'onRefused'>
} & Pick<ProcessRunnerOptions, 'onActive' | 'onError' | 'onRefused' | 'coalesceMs' | 'coalesceMaxMs' | 'coalesceEvents'>

/**
 * Where the processes' state is kept: the one thing the SQLite and the PostgreSQL runners differ in. The parts asked
 * for only (the checkpoints, the deadlines, the outbox) are made on use: their tables are not created otherwise.
 */
export interface ProcessStorage {
  readonly leases: LeaseStore
  readonly checkpoints: () => ProcessCheckpoints
  /** Beside the checkpoints: the refused and failed process commands (`process_refusals`). */
  readonly refusals: () => ProcessRefusals
  readonly deadlines: () => DeadlineSource
  /** The outbox, its signing secrets kept as the webhook options say (sealed under a key outside the database, or in clear). */
  readonly outbox: (options: WebhookStoreOptions) => WebhookStore
  /** How far the log reaches: the case list's checkpoint beside them (the servers' read models). */
  readonly logEnd: () => Promise<number | undefined> | number | undefined
  /** Closes what the runner owns (a SQLite file); a pool is the store's, closed with it. */
  readonly close: () => void
}

/** Assembles the runner, the scheduler and the webhook outbox on one storage (sqliteProcessRunner, postgresProcessRunner). */
export const assembleProcesses = (options: ProcessesOptions, storage: ProcessStorage): RunningProcesses => {
  const { leases } = storage
  const refusals = storage.refusals()
  const webhooks =
    options.webhooks === undefined
      ? undefined
      : webhookParts({
          store: options.store,
          outbox: storage.outbox(options.webhooks.secrets === undefined ? {} : { secrets: options.webhooks.secrets }),
          caseTypes: options.caseTypes,
          clock: options.clock,
          leases,
          holder: options.holder,
          ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
          logEnd: storage.logEnd,
          webhooks: options.webhooks,
          ...(options.onError === undefined ? {} : { onError: options.onError }),
        })
  const runner = processRunner({
    ...options,
    processes: [
      ...(options.processes ?? defaultProcesses),
      ...(options.calendar === undefined
        ? []
        : [
            calendarStaleProcess({ inLog: options.calendar, caseTypes: options.caseTypes, logEnd: storage.logEnd }),
            calendarRebaseProcess({ inLog: options.calendar, caseTypes: options.caseTypes, clock: options.clock, logEnd: storage.logEnd, execute: { backoff: jitteredBackoff() }, ...options.calendarRebase }),
          ]),
      ...(webhooks === undefined ? [] : [webhooks.process]),
    ],
    checkpoints: storage.checkpoints(),
    refusals,
    leases,
  })
  const scheduler =
    options.scheduler === undefined
      ? undefined
      : deadlineScheduler({
          store: options.store,
          caseTypes: options.caseTypes,
          deadlines: storage.deadlines(),
          clock: options.clock,
          leases,
          holder: options.holder,
          ...options.scheduler,
          onError: (error) => options.onError?.('deadline-scheduler', error),
          onRefused: (key, error) => options.onError?.('deadline-scheduler', new Error(`${key} refused: ${error.code}: ${error.message}`)),
        })
  return {
    runner,
    refusals,
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
      storage.close()
    },
  }
}
