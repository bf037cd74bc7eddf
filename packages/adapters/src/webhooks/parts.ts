import type { CaseType, EventStore } from '@gridcase/core'
import type { Clock } from '../clock.js'
import type { LeaseStore } from '../processes/lease.js'
import type { ProcessDefinition } from '../processes/runner.js'
import { webhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from './dispatcher.js'
import { webhookProcess } from './enqueue.js'
import type { SecretSealer } from './sealedSecrets.js'
import type { WebhookSettings } from './settings.js'
import type { WebhookStore } from './store.js'

/** What a process runner is asked for outbound webhooks: settings, the backoff's jitter (tests fix it), who hears of dead letters. */
export interface WebhookRunnerOptions {
  readonly settings?: Partial<WebhookSettings>
  /** In [0, 1): the backoff's jitter; tests pass a fixed one and a manual clock. */
  readonly random?: () => number
  readonly onDeadLetter?: WebhookDispatcherOptions['onDeadLetter']
  /** A receiver answered 410 Gone and its subscription was disabled. */
  readonly onDisabled?: WebhookDispatcherOptions['onDisabled']
  /** Signing secrets sealed at rest under a key outside the database (GRIDCASE_WEBHOOK_SECRETS_KEY(_FILE)); default in clear. */
  readonly secrets?: SecretSealer
}

/**
 * The outbox's feeder (a process for the runner) and its dispatcher, on whatever outbox and leases a runner keeps:
 * the SQLite read-model file, or the PostgreSQL store's schema (shared by every server over it).
 */
export const webhookParts = (options: {
  readonly store: EventStore
  readonly outbox: WebhookStore
  readonly caseTypes: readonly CaseType[]
  readonly clock: Clock
  readonly leases: LeaseStore
  readonly holder: string
  /** The processes' lease length (the dispatcher's lease is at least this). */
  readonly leaseMs?: number
  /** How far the server's read models reach (see webhookProcess). */
  readonly logEnd: () => Promise<number | undefined> | number | undefined
  readonly webhooks: WebhookRunnerOptions
  readonly onError?: (name: string, error: unknown) => void
}): { readonly outbox: WebhookStore; readonly dispatcher: WebhookDispatcher; readonly process: ProcessDefinition } => {
  const { webhooks } = options
  const dispatcher = webhookDispatcher({
    store: options.store,
    outbox: options.outbox,
    caseTypes: options.caseTypes,
    clock: options.clock,
    leases: options.leases,
    holder: options.holder,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(webhooks.settings === undefined ? {} : { settings: webhooks.settings }),
    ...(webhooks.random === undefined ? {} : { random: webhooks.random }),
    ...(webhooks.onDeadLetter === undefined ? {} : { onDeadLetter: webhooks.onDeadLetter }),
    ...(webhooks.onDisabled === undefined ? {} : { onDisabled: webhooks.onDisabled }),
    onError: (error) => options.onError?.('webhook-delivery', error),
  })
  const process = webhookProcess({
    store: options.store,
    outbox: options.outbox,
    caseTypes: options.caseTypes,
    clock: options.clock,
    wake: dispatcher.wake,
    logEnd: options.logEnd,
  })
  return { outbox: options.outbox, dispatcher, process }
}
