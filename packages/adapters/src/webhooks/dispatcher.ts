import type { CaseType, EventStore } from '@gridcase/core'
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Webhook } from 'standardwebhooks'
import type { Clock } from '../clock.js'
import { within } from '../processes/bounded.js'
import type { LeaseStore } from '../processes/lease.js'
import { caseFactsOf } from './caseFacts.js'
import { deliveryBody } from './payload.js'
import { guardedLookup, receiverAllowList, refusalOf, type ReceiverAllowList } from './receivers.js'
import { defaultWebhookSettings, retryDelay, webhookLeaseMs, type WebhookSettings } from './settings.js'
import { signerCache } from './signers.js'
import type { DueDelivery, WebhookStore } from './store.js'
import { personalDataWithheld, sendsPersonalDataInClear } from './subscription.js'

export const WEBHOOK_DISPATCHER = 'webhook-delivery'

/** The most signers (secrets) held at once, whatever a pass signs with: the oldest pass's are dropped first. */
const MAX_SIGNERS = 1000

/**
 * Answers by which a receiver says it is under load, not that one delivery failed (Standard Webhooks, "Delivery success
 * and failure": 429 "it's recommended to throttle additional requests", 502 and 504 "the server is under load […]
 * throttle the requests"; 503 Service Unavailable, the status that carries Retry-After): its subscription's other
 * deliveries wait too.
 */
const OVERLOADED: ReadonlySet<number> = new Set([429, 502, 503, 504])

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
  /**
   * The processes' lease length (GRIDCASE_PROCESS_LEASE_MS, default 15 s): the `webhook-delivery` lease lasts this long,
   * but never less than three delivery timeouts (an attempt in flight is never taken over by another dispatcher).
   */
  readonly leaseMs?: number
  /**
   * A step of a pass that has not answered in this long has stalled (default: the lease time): a lease,
   * outbox or log call that hangs on a lost connection. The pass fails (`onError`, a `Stalled`) and the next one runs,
   * instead of every later pass waiting behind it. A delivery is bounded by `settings.timeoutMs` plus this.
   */
  readonly stallMs?: number
  readonly onError?: (error: unknown) => void
  /** A delivery failed its last attempt and is now a dead letter (for the log: an admin retries it through the API). */
  readonly onDeadLetter?: (delivery: ReportedDelivery, lastError: string | undefined) => void
  /** The receiver answered 410 Gone: the delivery's subscription is now disabled (for the log: an admin enables it again). */
  readonly onDisabled?: (delivery: ReportedDelivery, reason: string) => void
}

/**
 * A delivery as the dispatcher's callbacks are given it: what was sent where, never the secrets it was signed with (a
 * callback that logs the whole object would write them into the log; found in review: it was given the due delivery).
 */
export type ReportedDelivery = Omit<DueDelivery, 'secret' | 'previousSecret'>

const reported = (d: DueDelivery): ReportedDelivery => {
  const { secret: _secret, previousSecret: _previous, ...rest } = d
  return rest
}

export interface WebhookDispatcher {
  /** Sends every delivery due now (`concurrency` at a time, each the oldest pending one of its case); how many it tried (0 without the lease). */
  tick(): Promise<number>
  /** Look now (new deliveries queued, a dead letter retried) rather than at the next poll. */
  wake(): void
  start(): void
  stop(): Promise<void>
  /** Whether it holds `secret` in memory now (a signer of it, kept for the passes that sign with it). */
  holdsSecret(secret: string): boolean
  /** How many signing secrets it holds in memory now. */
  heldSecrets(): number
}

interface Answer {
  readonly statusCode?: number
  readonly error?: string
  /** A failed answer's `Retry-After` (RFC 9110 §10.2.3), as it came. */
  readonly retryAfter?: string
}

/**
 * How long a receiver asked the sender to wait (`Retry-After`: delay-seconds or an HTTP-date, RFC 9110 §10.2.3), in ms
 * from `nowMs`; undefined when it said nothing usable (absent, neither form, a time already past).
 */
export const retryAfterMs = (header: string | undefined, nowMs: number): number | undefined => {
  const value = header?.trim() ?? ''
  if (/^\d{1,12}$/.test(value)) return Number(value) * 1000
  if (!/[a-z]/i.test(value)) return undefined
  const at = Date.parse(value)
  return Number.isFinite(at) && at > nowMs ? at - nowMs : undefined
}

/** Keep-alive connections to the receivers, at most `concurrency` to each. */
const agentsFor = (concurrency: number) => ({
  'http:': new HttpAgent({ keepAlive: true, maxSockets: concurrency }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: concurrency }),
})

/**
 * POSTs a body and reads (a bounded part of) the answer; never rejects: a failure is an answer without a status.
 * Redirects are not followed: a receiver that moved says so by failing, and a signed body never goes elsewhere.
 */
const post = (agents: ReturnType<typeof agentsFor>, receivers: { readonly allow: ReceiverAllowList; readonly lookup: LookupFunction }, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Answer> =>
  new Promise((resolve) => {
    const target = new URL(url)
    // Not to a reserved address the operator did not allow (GRIDCASE_WEBHOOK_ALLOW): an IP in the URL is checked here,
    // a name where it is resolved, at connection time (it may resolve elsewhere now than when it was subscribed).
    const literal = target.hostname.replace(/^\[(.*)\]$/, '$1')
    const refused = isIP(literal) === 0 ? undefined : refusalOf(receivers.allow, literal, literal)
    if (refused !== undefined) return resolve({ error: refused })
    let settled = false
    const done = (answer: Answer) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(answer)
    }
    const secure = target.protocol === 'https:'
    const req = (secure ? httpsRequest : httpRequest)(
      target,
      { method: 'POST', agent: agents[secure ? 'https:' : 'http:'], lookup: receivers.lookup, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const status = res.statusCode ?? 0
        const retryAfter = res.headers['retry-after']
        const answer: Answer =
          status >= 200 && status < 300 ? { statusCode: status } : { statusCode: status, error: `HTTP ${status}`, ...(retryAfter === undefined ? {} : { retryAfter }) }
        let read = 0
        res.on('data', (chunk: Buffer) => {
          read += chunk.length
          if (read > MAX_ANSWER_BYTES) res.destroy()
        })
        res.on('end', () => done(answer))
        res.on('close', () => done(answer))
        res.on('error', () => done(answer))
      },
    )
    // Aborted (the socket destroyed) when the whole exchange, the answer's body too, takes longer: a receiver that
    // accepts and never answers fails the attempt, retried after the backoff like any failure.
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)
    req.on('error', (error) => done({ error: error.message }))
    req.end(body)
  })

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
  const leaseMs = webhookLeaseMs(options.leaseMs, settings.timeoutMs)
  const stallMs = options.stallMs ?? leaseMs
  const step = <T>(what: string, work: () => Promise<T>, ms = stallMs): Promise<T> => within(work(), ms, `${WEBHOOK_DISPATCHER}: ${what}`)
  const facts = caseFactsOf(options.store, options.caseTypes)
  // A secret's signer lives while the secret signs (a pass or the next uses it): a rotated secret's predecessor after
  // its window, a deleted subscription's secret, leave the process's memory within two passes, not at its end.
  const signers = signerCache((secret) => new Webhook(secret), MAX_SIGNERS)
  const signer = signers.of
  const now = (): number => Date.parse(clock.now())
  const agents = agentsFor(settings.concurrency)
  const allow = receiverAllowList(settings.allow)
  const receivers = { allow, lookup: guardedLookup(allow) }
  // Subscriptions whose receiver said it is overloaded, and until when none of their deliveries is sent (in memory: a
  // restart or another dispatcher taking the lease forgets it, and sends at most one more request before hearing it again).
  const throttled = new Map<string, number>()
  const throttledNow = (): string[] => {
    const at = now()
    for (const [subscription, until] of throttled) if (until <= at) throttled.delete(subscription)
    return [...throttled.keys()]
  }

  const deliver = async (d: DueDelivery): Promise<void> => {
    const atMs = now()
    const started = performance.now()
    // A subscription an older build kept (refused at create since): personal data to a plain http:// URL off this
    // machine would cross the network in clear (个人信息保护法 art. 51). Nothing is sent; it is disabled as a 410 Gone
    // disables one — its pending deliveries dead letters, kept, nothing queued, an admin told — until it is replaced.
    if (sendsPersonalDataInClear(d)) {
      const reason = `personal data would be sent in clear to ${d.url} (个人信息保护法 art. 51): not sent; subscribe an https:// URL (or a loopback sidecar) instead`
      await step(`recording an attempt of ${d.id}`, () => outbox.record(d.id, { outcome: 'failed', atMs, durationMs: performance.now() - started, error: `refused: ${reason}` }, undefined, { reason }))
      options.onDeadLetter?.(reported(d), `refused: ${reason}`)
      options.onDisabled?.(reported(d), reason)
      return
    }
    const [event] = await step(`reading event ${d.position}`, () => options.store.readAll({ fromPosition: d.position, limit: 1 }))
    const of = event === undefined || event.position !== d.position ? undefined : await step(`reading the case of event ${d.position}`, () => facts(event))
    let answer: Answer
    if (event === undefined || event.position !== d.position || of === undefined) {
      answer = { error: `event at position ${d.position} not found in the log` }
    } else {
      // Personal data only to an origin the operator lists (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS): a subscription kept
      // from before its origin left the list (or the list was set) is sent the masked body, and its view says why.
      const body = deliveryBody(event, of, d.personalData && personalDataWithheld(d, settings.personalDataOrigins) === undefined)
      const timestamp = new Date(atMs)
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'gridcase-webhooks/1',
        'webhook-id': d.id,
        'webhook-timestamp': String(Math.floor(atMs / 1000)),
        // During a rotation's overlap window two signatures, space-delimited (Standard Webhooks, "Signature scheme": the
        // header may carry several, for zero-downtime rotation; a receiver accepts if any matches): the new secret's
        // and the old one's, so a receiver still verifying with the old secret passes until its owner moves.
        'webhook-signature': [d.secret, ...(d.previousSecret === undefined ? [] : [d.previousSecret])].map((secret) => signer(secret).sign(d.id, timestamp, body)).join(' '),
      }
      answer = await post(agents, receivers, d.url, headers, body, settings.timeoutMs)
    }
    const { retryAfter, ...attempt } = answer
    const delivered = attempt.statusCode !== undefined && attempt.error === undefined
    const failures = d.failures + 1
    const recordedAt = now()
    // A receiver that says when to come back (`Retry-After` on a 429 or 503: Standard Webhooks, "Delivery success and
    // failure") is not tried before then — but never later than the backoff's cap, whatever it asks.
    const backoff = retryDelay(failures, settings, random)
    const asked = retryAfterMs(retryAfter, recordedAt)
    const wait = asked === undefined ? backoff : Math.max(backoff, Math.min(asked, settings.backoffCapMs))
    // 410 Gone: the receiver says the endpoint is no more, and the sender "should disable the webhook endpoint, and stop
    // sending it messages" (Standard Webhooks, "Delivery success and failure"): not retried for days like any failure.
    // Its subscription is disabled and its other pending deliveries dead-lettered with it (store.record), until an admin
    // enables it again (POST /api/v1/webhooks/{id}/enable).
    const gone = attempt.statusCode === 410 ? { reason: `the receiver answered 410 Gone to delivery ${d.id}` } : undefined
    const retryAt = delivered || gone !== undefined || failures >= settings.maxAttempts ? undefined : recordedAt + wait
    // Overloaded (429, 502, 503, 504): the subscription's other deliveries — other cases' too — are not sent before the
    // time it asked for (at most the cap), or, without Retry-After, the backoff's first step: its load, not this
    // delivery, is what failed, and sending the rest of its backlog meanwhile only adds to it. Never longer than this
    // delivery's own wait (it is tried again first), and not after its last attempt (a dead letter: nothing of it is
    // coming back to learn the receiver's load from, and an admin's retry is not held up).
    if (retryAt !== undefined && attempt.statusCode !== undefined && OVERLOADED.has(attempt.statusCode)) {
      const pause = asked === undefined ? (failures === 1 ? backoff : retryDelay(1, settings, random)) : Math.min(asked, settings.backoffCapMs)
      const until = recordedAt + Math.min(pause, wait)
      throttled.set(d.subscriptionId, Math.max(throttled.get(d.subscriptionId) ?? 0, until))
    }
    // A dead letter of a subscription that may have failed for settings.disableAfterDays: disabled too if it has (the
    // store looks, in the same transaction as the attempt).
    const failingTooLong =
      delivered || gone !== undefined || retryAt !== undefined
        ? undefined
        : { reason: `every delivery failed for ${settings.disableAfterDays} ${settings.disableAfterDays === 1 ? 'day' : 'days'} or more, until ${d.id} was dead-lettered`, ifFailingSince: atMs - settings.disableAfterDays * 86_400_000 }
    const disable = gone ?? failingTooLong
    await step(`recording an attempt of ${d.id}`, () => outbox.record(d.id, { outcome: delivered ? 'delivered' : 'failed', atMs, durationMs: performance.now() - started, ...attempt }, retryAt, disable))
    if (!delivered && retryAt === undefined) options.onDeadLetter?.(reported(d), answer.error)
    if (gone !== undefined) options.onDisabled?.(reported(d), gone.reason)
    else if (failingTooLong !== undefined && options.onDisabled !== undefined) {
      const now = await outbox.get(d.subscriptionId)
      if (now?.status === 'disabled' && now.disabledReason === failingTooLong.reason) options.onDisabled(reported(d), failingTooLong.reason)
    }
  }

  let running: Promise<number> = Promise.resolve(0)
  // Set by stop(): a tick draining a backlog takes no new work, so the server closes promptly.
  let closing = false
  let prunedAt: number | undefined
  const HOUR = 3_600_000
  /**
   * Keeps up to `concurrency` deliveries in flight until none is due: each is the head of its (subscription, case),
   * and one in flight stays pending, so the next event of its case is not due before it is settled.
   */
  const once = async (): Promise<number> => {
    // Whatever this pass and the one before do not sign with is dropped (with or without the lease: one that lost it
    // keeps no secret either).
    signers.turn()
    let renewedAt = now()
    if (!(await step('taking its lease', () => leases.acquire(WEBHOOK_DISPATCHER, holder, renewedAt, leaseMs)))) return 0
    // The delivery log keeps `logDays` of settled deliveries: looked at once an hour (by the clock port).
    if (prunedAt === undefined || renewedAt - prunedAt >= HOUR) {
      prunedAt = renewedAt
      await step('pruning the delivery log', () => outbox.prune(renewedAt - settings.logDays * 24 * HOUR))
      // A rotated secret's predecessor whose window ended leaves the database (it signs nothing after its end anyway:
      // `due` gives it only within the window, so this is cleanup, not what stops it signing).
      await step('dropping old secrets', () => outbox.forgetPreviousSecrets(renewedAt))
    }
    const inFlight = new Map<string, Promise<void>>()
    // Whose each delivery in flight is (its subscription), for the fair share below.
    const flying = new Map<string, string>()
    let broken: unknown
    let tried = 0
    for (;;) {
      // A long drain renews its lease as it goes; lost, it takes nothing new (what is in flight settles).
      if (now() - renewedAt >= leaseMs / 3) {
        renewedAt = now()
        if (!(await step('renewing its lease', () => leases.acquire(WEBHOOK_DISPATCHER, holder, renewedAt, leaseMs)))) break
      }
      // Asked again once half the places are free (or none is taken): not at every settled delivery.
      const room = settings.concurrency - inFlight.size
      const ask = inFlight.size === 0 || room >= Math.max(1, settings.concurrency / 2)
      const due = !ask ? [] : await fairlyDue(room, inFlight)
      for (const d of due) {
        tried += 1
        // Bounded as a whole too (the request has its own timeout): a stalled delivery fails the pass, not waits for ever.
        const sent = step(`delivering ${d.id}`, () => deliver(d), settings.timeoutMs + stallMs).catch((error: unknown) => {
          // The outbox or the log failed us (not the receiver), or stalled: said, and no new work until the next tick.
          broken = error
        })
        flying.set(d.id, d.subscriptionId)
        inFlight.set(
          d.id,
          sent.finally(() => {
            inFlight.delete(d.id)
            flying.delete(d.id)
          }),
        )
      }
      if (inFlight.size === 0) break
      await Promise.race(inFlight.values())
      if (broken !== undefined || closing) break
    }
    await Promise.all(inFlight.values())
    if (broken !== undefined) throw broken
    return tried

    /**
     * Up to `room` due deliveries not in flight, shared fairly among the subscriptions: none takes more than half the
     * places while another has a delivery due (a receiver that is down for a long time, with a backlog that comes due
     * again and again, and that answers only by timing out, would otherwise hold every place, and every other receiver's
     * delivery would wait behind its whole backlog). Places no other subscription wants go to whoever has work.
     */
    async function fairlyDue(room: number, busy: ReadonlyMap<string, Promise<void>>): Promise<DueDelivery[]> {
      const share = Math.max(1, Math.floor(settings.concurrency / 2))
      const taken = new Map<string, number>()
      for (const subscription of flying.values()) taken.set(subscription, (taken.get(subscription) ?? 0) + 1)
      const picked: DueDelivery[] = []
      const chosen = new Set<string>()
      const full = (): string[] => [...taken].filter(([, n]) => n >= share).map(([subscription]) => subscription)
      // A receiver that said it is overloaded gets nothing until its time (its places go to the others).
      const resting = throttledNow()
      const take = (d: DueDelivery): void => {
        picked.push(d)
        chosen.add(d.id)
        taken.set(d.subscriptionId, (taken.get(d.subscriptionId) ?? 0) + 1)
      }
      // Whether a subscription was held to its share (else the first answer held everything due, and none is left over).
      let held = false
      // Within the share: asked again while a subscription filled its share from an answer and room is left.
      for (let asked = 0; picked.length < room && asked < 4; asked += 1) {
        const except = full()
        if (except.length > 0) held = true
        const rows = await step('asking for due deliveries', () => outbox.due(now(), room - picked.length + busy.size, [...except, ...resting]))
        let filled = false
        for (const d of rows) {
          if (picked.length >= room) break
          if (busy.has(d.id) || chosen.has(d.id)) continue
          if ((taken.get(d.subscriptionId) ?? 0) >= share) {
            filled = true
            held = true
            continue
          }
          take(d)
        }
        if (!filled) break
      }
      // What is left of the room: to whoever has work, its share or not.
      if (held && picked.length < room) {
        const rows = await step('asking for due deliveries', () => outbox.due(now(), room - picked.length + busy.size + picked.length, resting))
        for (const d of rows) {
          if (picked.length >= room) break
          if (!busy.has(d.id) && !chosen.has(d.id)) take(d)
        }
      }
      return picked
    }
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
        const next = await step('asking when the next delivery is due', () => outbox.nextDue())
        // A delivery due now that the pass did not take is a throttled receiver's: look again at the poll, or when the
        // first throttle ends if sooner — not every 10 ms.
        const resting = [...throttled.values()].filter((until) => until > now())
        if (next !== undefined) wait = Math.min(settings.pollMs, next > now() || resting.length === 0 ? Math.max(10, next - now()) : Math.max(10, Math.min(...resting) - now()))
      } catch (error) {
        options.onError?.(error)
      }
      await sleep(failures > 0 ? Math.min(settings.pollMs * 2 ** Math.min(failures, 6), 60_000) : wait)
    }
  }

  return {
    tick,
    holdsSecret: (secret) => signers.has(secret),
    heldSecrets: () => signers.size,
    wake: () => {
      woken = true
      wakeUp?.()
    },
    start: () => {
      if (!stopped) return
      stopped = false
      closing = false
      loop = run()
    },
    stop: async () => {
      stopped = true
      closing = true
      wakeUp?.()
      await loop
      loop = undefined
      await running.catch(() => 0)
      agents['http:'].destroy()
      agents['https:'].destroy()
      signers.clear()
      await step('giving its lease up', () => leases.release(WEBHOOK_DISPATCHER, holder)).catch(() => undefined)
    },
  }
}
