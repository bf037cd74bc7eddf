import type { CaseType, EventStore } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { stableId } from '../ids.js'
import type { Clock } from '../clock.js'
import type { ProcessDefinition } from '../processes/runner.js'
import { caseFactsOf } from './caseFacts.js'
import type { WebhookStore } from './store.js'
import { wants } from './subscription.js'

export const WEBHOOK_PROCESS = 'webhooks'

/** The delivery id (and `webhook-id`) of an event for a subscription: the same every time it is computed. */
export const deliveryIdOf = (subscriptionId: string, eventId: string): string => stableId(`webhook:${subscriptionId}:${eventId}`)

/**
 * The webhook outbox's feeder (发件箱): a process on the process runner that matches every event of a case against the
 * active subscriptions (type, jurisdiction prefix) and queues one delivery per match. Checkpointed and leased like
 * every process; a repeat (a crash before the checkpoint) queues nothing twice (one row per subscription and event).
 */
export const webhookProcess = (options: {
  readonly store: EventStore
  readonly outbox: WebhookStore
  readonly caseTypes: readonly Pick<CaseType, 'name' | 'streamPrefix'>[]
  readonly clock: Clock
  /** New deliveries were queued: the dispatcher may look now rather than at its next poll. */
  readonly wake?: () => void
  /**
   * How far the log is known to reach (the read models' checkpoint): while nothing is subscribed the feeder starts
   * there rather than walk the log (a subscription created later starts after the read models' position anyway).
   */
  readonly logEnd?: () => Promise<number | undefined> | number | undefined
}): ProcessDefinition => {
  const facts = caseFactsOf(options.store, options.caseTypes)
  return {
    name: WEBHOOK_PROCESS,
    handles: 'all',
    startAfter: async (checkpoint) => {
      const end = Math.max(checkpoint, (await options.logEnd?.()) ?? checkpoint)
      return (await options.outbox.passOverIfNone(end)) ? end : checkpoint
    },
    // Without subscriptions (most deployments) a page of events costs one small write, whatever its length.
    passOver: (position) => options.outbox.passOverIfNone(position),
    react: async (event) => {
      // A subscription may have gone since the page was looked at. What is passed over is recorded in the same
      // transaction as the check, so a subscription created meanwhile starts after it (see create): it is never owed
      // an event the feeder has gone past.
      if (await options.outbox.passOverIfNone(event.position)) return E.right([])
      const of = await facts(event)
      if (of === undefined) return E.right([])
      const queued = await options.outbox.enqueue(
        {
          position: event.position,
          streamId: event.streamId,
          eventId: event.eventId,
          eventType: event.type,
          caseType: of.caseType,
          caseId: of.caseId,
          jurisdiction: of.jurisdiction,
          nowMs: Date.parse(options.clock.now()),
          deliveryId: (subscriptionId) => deliveryIdOf(subscriptionId, event.eventId),
        },
        (subscription) => wants(subscription, event.type, of.jurisdiction),
      )
      if (queued > 0) options.wake?.()
      return E.right([])
    },
  }
}
