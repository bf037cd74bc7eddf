import type { CaseType, EventStore } from '@gridcase/core'
import { performance } from 'node:perf_hooks'
import { Webhook } from 'standardwebhooks'
import type { Clock } from '../clock.js'
import type { LeaseStore } from '../processes/lease.js'
import { caseFactsOf } from './caseFacts.js'
import { deliveryBody } from './payload.js'
import { defaultWebhookSettings, retryDelay, type WebhookSettings } from './settings.js'
import type { DueDelivery, WebhookStore } from './store.js'

export const WEBHOOK_DISPATCHER = 'webhook-delivery'

/** The most of a receiver's answer read (then the rest is dropped): enough to keep the connection, never a flood. */
const MAX_ANSWER_BYTES = 64 * 1024

export interface WebhookDispatcherOptions {
  /** The event store (opened: sealed personal fields read as the server reads them). */
  readonly store: EventStore
  readonly outbox: WebhookStore
  readonly caseTypes: readonly Pick<CaseType, 'name' | 'streamPrefix'>[]
  /** The clock port: when attempts are due, the `webhook-timestamp` (tests: a manual clock, simulated time). */
  readonly clock: Clock
  /** In [0, 1): the backoff's jitter (default Math.random). */
  readonly random?: () => number
  readonly leases: LeaseStore
  readonly holder: string
  readonly settings?: Partial<WebhookSettings>
  readonly onError?: (error: unknown) => void
}

export interface WebhookDispatcher {
  /** Sends every delivery due now (at most `concurrency`, each the oldest pending one of its case); how many it tried (0 without the lease). */
  tick(): Promise<number>
  /** Look now (new deliveries queued, a dead letter retried) rather than at the next poll. */
  wake(): void
  start(): void
  stop(): Promise<void>
}

interface Answer {
  readonly statusCode?: number
  readonly error?: string
}

/** POSTs a body and reads (a bounded part of) the answer; never throws: a failure is an answer without a status. */
const post = async (url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Answer> => {
  try {
    // No redirects: a receiver that moved says so by failing, and a signed body is never sent somewhere else.
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
    let read = 0
    const reader = res.body?.getReader()
    if (reader !== undefined) {
      for (;;) {
        const chunk = await reader.read()
        if (chunk.done) break
        read += chunk.value.byteLength
        if (read > MAX_ANSWER_BYTES) {
          await reader.cancel()
          break
        }
      }
    }
    return res.status >= 200 && res.status < 300 ? { statusCode: res.status } : { statusCode: res.status, error: `HTTP ${res.status}` }
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return { error: error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${error.message}${cause}`) : String(error) }
  }
}

/**
 * 推送 — delivers the webhook outbox: each due delivery signed per Standard Webhooks (`webhook-id` stable per
 * subscription and event, `webhook-timestamp`, `webhook-signature` = v1 HMAC-SHA256 of `id.timestamp.body`, with the
 * `standardwebhooks` library) and POSTed; at least once (an attempt whose outcome was not recorded is made again),
 * ordered per case (a case's next event waits until the one before is delivered or dead-lettered; other cases go on),
 * failures retried with exponential backoff and jitter, dead-lettered after `maxAttempts`. Everything lives in the
 * outbox; the loop's timers only say when to look. One dispatcher is active at a time (the `webhook-delivery` lease).
 */
export const webhookDispatcher = (options: WebhookDispatcherOptions): WebhookDispatcher => {
  const settings: WebhookSettings = { ...defaultWebhookSettings, ...options.settings }
  const { outbox, clock, leases, holder } = options
  const random = options.random ?? Math.random
  const leaseMs = Math.max(15_000, settings.timeoutMs * 3)
  const facts = caseFactsOf(options.store, options.caseTypes)
  const signers = new Map<string, Webhook>()
  const signer = (secret: string): Webhook => {
    let s = signers.get(secret)
    if (s === undefined) {
      if (signers.size > 1000) signers.clear()
      s = new Webhook(secret)
      signers.set(secret, s)
    }
    return s
  }
  const now = (): number => Date.parse(clock.now())

  const deliver = async (d: DueDelivery): Promise<void> => {
    const atMs = now()
    const started = performance.now()
    const [event] = await options.store.readAll({ fromPosition: d.position, limit: 1 })
    const of = event === undefined || event.position !== d.position ? undefined : await facts(event)
    let answer: Answer
    if (event === undefined || event.position !== d.position || of === undefined) {
      answer = { error: `event at position ${d.position} not found in the log` }
    } else {
      const body = deliveryBody(event, of, d.personalData)
      const timestamp = new Date(atMs)
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'gridcase-webhooks/1',
        'webhook-id': d.id,
        'webhook-timestamp': String(Math.floor(atMs / 1000)),
        'webhook-signature': signer(d.secret).sign(d.id, timestamp, body),
      }
      answer = await post(d.url, headers, body, settings.timeoutMs)
    }
    const delivered = answer.statusCode !== undefined && answer.error === undefined
    const failures = d.failures + 1
    const retryAt = delivered || failures >= settings.maxAttempts ? undefined : now() + retryDelay(failures, settings, random)
    await outbox.record(d.id, { outcome: delivered ? 'delivered' : 'failed', atMs, durationMs: performance.now() - started, ...answer }, retryAt)
  }

  let running: Promise<number> = Promise.resolve(0)
  const once = async (): Promise<number> => {
    if (!(await leases.acquire(WEBHOOK_DISPATCHER, holder, now(), leaseMs))) return 0
    const due = await outbox.due(now(), settings.concurrency)
    // Each is the head of a different (subscription, case): sending them together keeps every case in order.
    await Promise.all(due.map(deliver))
    return due.length
  }
  const tick = (): Promise<number> => {
    const next = running.then(once, once)
    running = next.catch(() => 0)
    return next
  }

  let stopped = true
  let loop: Promise<void> | undefined
  let wakeUp: (() => void) | undefined
  let woken = false
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (woken || stopped) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wakeUp = undefined
        resolve()
      }
      wakeUp = done
    })

  const run = async (): Promise<void> => {
    let failures = 0
    while (!stopped) {
      woken = false
      let tried = 0
      try {
        tried = await tick()
        failures = 0
      } catch (error) {
        failures += 1
        options.onError?.(error)
      }
      if (stopped) break
      if (tried > 0 && failures === 0) continue
      let wait = settings.pollMs
      try {
        const next = await outbox.nextDue()
        if (next !== undefined) wait = Math.min(settings.pollMs, Math.max(10, next - now()))
      } catch (error) {
        options.onError?.(error)
      }
      await sleep(failures > 0 ? Math.min(settings.pollMs * 2 ** Math.min(failures, 6), 60_000) : wait)
    }
  }

  return {
    tick,
    wake: () => {
      woken = true
      wakeUp?.()
    },
    start: () => {
      if (!stopped) return
      stopped = false
      loop = run()
    },
    stop: async () => {
      stopped = true
      wakeUp?.()
      await loop
      loop = undefined
      await running.catch(() => 0)
      await leases.release(WEBHOOK_DISPATCHER, holder).catch(() => undefined)
    },
  }
}
