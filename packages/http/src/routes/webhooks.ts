import { forbidden, invalidTransition, notFound, validationError } from '@gridcase/core'
import { isWithin, type Actor } from '@gridcase/core/access'
import { checkReceiverUrl, decodeNewSubscription, decodeSecretRotation, defaultWebhookSettings, IN_CLEAR, newWebhookSecret, personalDataWithheld, receiverAllowList, sameSecret, sendsPersonalDataInClear, type DeliveryStatus, type WebhookDelivery, type WebhookStore, type WebhookSubscription } from '@gridcase/adapters/embedded'
import { Router, type Request, type Response } from 'express'
import { Gauge } from 'prom-client'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery, idempotencyKey, isUuidText } from '../edge.js'
import { PRIVATE_NO_STORE } from '../etag.js'
import { problem, problemOf, sendProblem } from '../problem.js'
import { adminOf, adminWithNoQuery } from './adminOnly.js'
import { Cursor, Limit, NoQuery } from '../query.js'

/** The webhook outbox the server keeps, and what the routes need beside it. */
export interface WebhookOptions {
  readonly outbox: WebhookStore
  /** Every event type the log may record (a subscription naming another is refused, named). */
  readonly eventTypes: readonly string[]
  /** Tell the dispatcher (when it runs in this process) that a retried delivery is due now. */
  readonly wake?: () => void
  /** Receivers allowed on loopback, private and other reserved addresses (GRIDCASE_WEBHOOK_ALLOW; default none). */
  readonly allow?: readonly string[]
  /** How long a rotated secret's predecessor still signs beside it (GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS; default 24). */
  readonly rotationOverlapHours?: number
  /** The origins a subscription with personalData: true may point at (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS; default none). */
  readonly personalDataOrigins?: readonly string[]
}

const DELIVERY_STATUSES = { pending: null, delivered: null, dead: null, cancelled: null }
export const DeliveriesQuery = t.partial({ status: t.keyof(DELIVERY_STATUSES, 'DeliveryStatus'), cursor: Cursor, limit: Limit })
export const DeadLettersQuery = t.partial({ cursor: Cursor, limit: Limit })

/**
 * `/api/v1/webhooks`: outbound webhook subscriptions, their delivery log and dead letters. An admin's (the role with
 * configuration rights: it loads holiday schedules, and may issue any command in its scope) — any other role is 403.
 * Within its jurisdiction: a subscription reaches only cases under the admin's scope, and one outside it does not exist
 * for the admin (404, as a case outside scope).
 */
export const webhookRoutes = (ctx: RouteContext, options: WebhookOptions): Router => {
  const router = Router()
  const { outbox } = options
  const known = new Set(options.eventTypes)
  const allow = receiverAllowList(options.allow)
  const personalDataOrigins = options.personalDataOrigins ?? []
  /**
   * A subscription as an admin reads it: one asking for personal data its origin may not have (the operator's list
   * changed since it was made) says so, and why, in `personalDataWithheld` (its deliveries are masked).
   */
  const shown = <S extends WebhookSubscription>(s: S): S & { readonly personalDataWithheld?: string } => {
    const withheld = s.status === 'deleted' ? undefined : personalDataWithheld(s, personalDataOrigins)
    return withheld === undefined ? s : { ...s, personalDataWithheld: withheld }
  }
  // What an operator alerts on: dead letters piling up, or a backlog that does not drain.
  new Gauge({
    name: 'gridcase_webhook_deliveries',
    help: 'Webhook deliveries in the outbox by status: pending (queued, held behind an earlier event of the case, or waiting on a retry) and dead (dead letters)',
    labelNames: ['status'] as const,
    registers: [ctx.metrics.registry],
    async collect() {
      const counts = await outbox.counts()
      this.set({ status: 'pending' }, counts.pending)
      this.set({ status: 'dead' }, counts.dead)
    },
  })

  // A subscription disabled (its receiver's 410 Gone, or days of failures) gets nothing until an admin enables it: an operator alerts on it
  // (Standard Webhooks: the endpoint's owner is to be told by other means), as the log's warning says it once.
  new Gauge({
    name: 'gridcase_webhook_subscriptions',
    help: 'Webhook subscriptions by status: active, disabled (the receiver answered 410 Gone, or every delivery failed for GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS; nothing is sent until an admin enables it) and deleted',
    labelNames: ['status'] as const,
    registers: [ctx.metrics.registry],
    async collect() {
      const statuses = (await outbox.list()).map((s) => s.status)
      for (const status of ['active', 'disabled', 'deleted'] as const) this.set({ status }, statuses.filter((s) => s === status).length)
    },
  })

  // A subscription an older build kept that would send personal data over plain http:// (个人信息保护法 art. 51): the
  // dispatcher sends it nothing and disables it at its next delivery; counted here from the start, delivery or not, until
  // it is deleted (replaced by one at an https:// URL).
  new Gauge({
    name: 'gridcase_webhook_subscriptions_in_clear',
    help: 'Webhook subscriptions not deleted that would send personal data to a plain http:// URL off this machine (kept by an older build; refused at create since): nothing is sent to them — replace each with an https:// one',
    registers: [ctx.metrics.registry],
    async collect() {
      this.set((await outbox.list()).filter((s) => s.status !== 'deleted' && sendsPersonalDataInClear(s)).length)
    },
  })

  // A subscription asking for personal data whose origin GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS does not list (made
  // before the operator dropped it, or before the setting): delivered masked; its view says why (personalDataWithheld).
  new Gauge({
    name: 'gridcase_webhook_subscriptions_personal_data_withheld',
    help: 'Webhook subscriptions not deleted with personalData: true whose URL origin GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS does not list: their deliveries are masked — list the origin, or replace each with personalData: false',
    registers: [ctx.metrics.registry],
    async collect() {
      this.set((await outbox.list()).filter((s) => s.status !== 'deleted' && personalDataWithheld(s, personalDataOrigins) !== undefined).length)
    },
  })

  const MAY = 'manage webhooks'
  const admin = (res: Response): Actor | undefined => adminOf(res, MAY)
  const visible = (actor: Actor, s: WebhookSubscription): boolean => isWithin(actor.jurisdiction, s.jurisdiction)
  const missing = (res: Response) => sendProblem(res, problemOf(notFound('No such webhook subscription')))
  /** The subscription at `:id` if this admin may see it; else the answer is sent (404) and undefined returned. */
  const subscriptionAt = async (actor: Actor, id: string | undefined, res: Response): Promise<WebhookSubscription | undefined> => {
    const found = id !== undefined && isUuidText(id) ? await outbox.get(id.toLowerCase()) : undefined
    if (found === undefined || !visible(actor, found)) {
      missing(res)
      return undefined
    }
    return found
  }
  /** An admin's subscription by the route's id, the route taking no query: else answered (403, 400, 404) and undefined. */
  const adminSubscription = async (req: Request<{ id: string }>, res: Response): Promise<{ readonly actor: Actor; readonly found: WebhookSubscription } | undefined> => {
    const actor = adminWithNoQuery(req, res, MAY)
    if (actor === undefined) return undefined
    const found = await subscriptionAt(actor, req.params['id'], res)
    return found === undefined ? undefined : { actor, found }
  }
  /** Why nothing is retried for a subscription that is not active. */
  const notSending = (status: WebhookSubscription['status'] | undefined) =>
    validationError([
      status === 'disabled'
        ? { path: 'id', message: 'the subscription is disabled (its disabledReason says why): enable it first (POST /api/v1/webhooks/{id}/enable)' }
        : { path: 'id', message: 'the subscription is deleted: nothing is delivered for it any more' },
    ])
  const withAttempts = async (d: WebhookDelivery) => ({ ...d, log: await outbox.attempts(d.id) })
  const page = async (deliveries: readonly WebhookDelivery[], limit: number) => ({
    items: await Promise.all(deliveries.map(withAttempts)),
    next: deliveries.length === limit ? Cursor.encode(deliveries[deliveries.length - 1]?.position ?? 0) : null,
  })

  router.post('/api/v1/webhooks', async (req, res) => {
    const actor = admin(res)
    if (actor === undefined) return
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const decoded = decodeNewSubscription(req.body, known)
    if (E.isLeft(decoded)) return sendProblem(res, problemOf(decoded.left))
    const body = decoded.right
    // Not to the server itself, its network or the cloud's metadata service (SSRF), unless the operator allowed it.
    const unsafe = await checkReceiverUrl(body.url, allow)
    if (unsafe !== undefined) return sendProblem(res, problemOf(validationError([unsafe])))
    // Personal data only to an origin the operator named: not wherever an admin's URL points.
    const withheld = personalDataWithheld({ url: body.url, personalData: body.personalData ?? false }, personalDataOrigins)
    if (withheld !== undefined) {
      return sendProblem(res, problemOf(validationError([{ path: 'personalData', message: `personal data may not be sent to url ${new URL(body.url).origin}: it is not among the origins the operator allows (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS${personalDataOrigins.length === 0 ? ', which names none' : `: ${personalDataOrigins.join(', ')}`}) — ask the operator to add it, or subscribe with personalData: false` }])))
    }
    const jurisdiction = body.jurisdiction ?? actor.jurisdiction
    if (!isWithin(actor.jurisdiction, jurisdiction)) {
      return sendProblem(res, problemOf(forbidden(`admin ${actor.id} may not subscribe to cases outside ${actor.jurisdiction}`)))
    }
    const key = idempotencyKey(req)
    if (E.isLeft(key)) return sendProblem(res, problemOf(key.left))
    const wanted = {
      url: body.url,
      eventTypes: [...new Set(body.eventTypes)],
      jurisdiction,
      personalData: body.personalData ?? false,
      ...(body.description === undefined ? {} : { description: body.description }),
    }
    // With an Idempotency-Key the subscription's id is derived from the admin and the key: a retried create answers
    // with the first one (its secret too: the first answer may never have arrived), and writes nothing.
    const id = key.right === undefined ? ctx.ids.newId() : ctx.ids.stableId(`webhook-subscription:${actor.id}:${key.right}`)
    const replay = async (earlier: WebhookSubscription) => {
      // Deleted, or its secret rotated since: the first answer cannot be repeated (a rotated secret is shown once, by
      // the rotation, never again by a replayed create).
      const same =
        earlier.status !== 'deleted' &&
        earlier.secretRotatedAt === undefined &&
        JSON.stringify({ url: earlier.url, eventTypes: earlier.eventTypes, jurisdiction: earlier.jurisdiction, personalData: earlier.personalData, ...(earlier.description === undefined ? {} : { description: earlier.description }) }) ===
          JSON.stringify(wanted)
      const secret = same ? await outbox.secret(earlier.id) : undefined
      if (secret === undefined) {
        return sendProblem(res, problem(422, 'idempotency-key-reused', 'This Idempotency-Key was already used for another request (another body, or a subscription since deleted or its secret rotated); use a new key for a new request'))
      }
      res.status(201).setHeader('Location', `/api/v1/webhooks/${earlier.id}`).setHeader('Idempotent-Replayed', 'true')
      res.setHeader('Cache-Control', PRIVATE_NO_STORE)
      res.json({ ...shown(earlier), secret })
    }
    const earlier = key.right === undefined ? undefined : await outbox.get(id)
    if (earlier !== undefined) return replay(earlier)
    // From the end of the log as it is now: a new subscription is not sent the past.
    await ctx.fresh()
    const secret = newWebhookSecret()
    const created = await outbox.create({
      id,
      ...wanted,
      secret,
      createdAt: ctx.clock.now(),
      createdBy: actor.id,
      logPosition: ctx.runner.position(),
    })
    // Two creates with one key at once: the second finds the first's row kept, and answers as a retry.
    if ((await outbox.secret(created.id)) !== secret) return replay(created)
    ctx.logger.info({ subscription: created.id, url: created.url, jurisdiction, personalData: created.personalData, by: actor.id }, 'webhook subscription created')
    res.status(201).setHeader('Location', `/api/v1/webhooks/${created.id}`)
    // The secret is shown this once: the receiver verifies signatures with it.
    res.setHeader('Cache-Control', PRIVATE_NO_STORE)
    res.json({ ...created, secret })
  })

  router.get('/api/v1/webhooks', async (req, res) => {
    const actor = admin(res)
    if (actor === undefined) return
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    res.json({ items: (await outbox.list()).filter((s) => visible(actor, s)).map(shown) })
  })

  router.get('/api/v1/webhooks/dead-letters', async (req, res) => {
    const actor = admin(res)
    if (actor === undefined) return
    const query = decodeQuery(DeadLettersQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const limit = query.right.limit ?? 50
    const ids = (await outbox.list()).filter((s) => visible(actor, s)).map((s) => s.id)
    const dead = await outbox.deliveries({ status: 'dead', subscriptionIds: ids, limit, ...(query.right.cursor === undefined ? {} : { before: query.right.cursor }) })
    res.json(await page(dead, limit))
  })

  router.get('/api/v1/webhooks/:id', async (req, res) => {
    const { found } = (await adminSubscription(req, res)) ?? {}
    if (found !== undefined) res.json(shown(found))
  })

  router.delete('/api/v1/webhooks/:id', async (req, res) => {
    const { actor, found } = (await adminSubscription(req, res)) ?? {}
    if (actor === undefined || found === undefined) return
    const removed = await outbox.remove(found.id, actor.id, Date.parse(ctx.clock.now()))
    ctx.logger.info({ subscription: found.id, by: actor.id }, 'webhook subscription deleted')
    res.json(removed ?? found)
  })

  // A subscription disabled by its receiver's 410 Gone, active again: events from now on are queued for it, and what its
  // disabling dead-lettered is sent again (in order, the same webhook-ids) in the same step — ahead of those new events,
  // which a separate dead-letter retry after them would not be (a case's later event delivered before its earlier ones).
  router.post('/api/v1/webhooks/:id/enable', async (req, res) => {
    const { actor, found } = (await adminSubscription(req, res)) ?? {}
    if (actor === undefined || found === undefined) return
    if (found.status !== 'disabled') {
      return sendProblem(res, problemOf(invalidTransition(found.status, 'enable', 'only a disabled subscription can be enabled')))
    }
    // Enabled, it would be disabled again at its next delivery, sending nothing: it is to be replaced, not enabled.
    if (sendsPersonalDataInClear(found)) return sendProblem(res, problemOf(validationError([{ path: 'url', message: `${IN_CLEAR}: delete it and subscribe an https:// URL` }])))
    const enabled = await outbox.enable(found.id, Date.parse(ctx.clock.now()))
    if (enabled?.status !== 'active') {
      return sendProblem(res, problemOf(invalidTransition(enabled?.status ?? 'deleted', 'enable', 'only a disabled subscription can be enabled')))
    }
    ctx.logger.info({ subscription: found.id, disabledAt: found.disabledAt, disabledReason: found.disabledReason, by: actor.id }, 'webhook subscription enabled')
    options.wake?.()
    res.json(shown(enabled))
  })

  // A new signing secret without downtime (Standard Webhooks: the signature header carries several signatures): shown
  // this once; for the overlap window every delivery is signed with it and with the one it replaces, so a receiver still
  // verifying with the old secret passes until its owner moves to the new one; after the window only the new one signs.
  router.post('/api/v1/webhooks/:id/rotate-secret', async (req, res) => {
    const { actor, found } = (await adminSubscription(req, res)) ?? {}
    if (actor === undefined || found === undefined) return
    const decoded = decodeSecretRotation(req.body)
    if (E.isLeft(decoded)) return sendProblem(res, problemOf(decoded.left))
    if (found.status === 'deleted') {
      return sendProblem(res, problemOf(invalidTransition(found.status, 'rotate-secret', 'a deleted subscription has no secret to rotate')))
    }
    // The secret given is already the current one: a retried call (its answer lost). Rotating again would make the
    // current secret its own predecessor and drop the one receivers may still verify with; answered as the first was.
    // Compared in constant time, as the store compares a rotation's secret with the current one.
    const given = decoded.right.secret
    const current = given === undefined ? undefined : await outbox.secret(found.id)
    if (given !== undefined && current !== undefined && sameSecret(current, given)) return res.setHeader('Cache-Control', PRIVATE_NO_STORE).json({ ...shown(found), secret: given })
    const secret = decoded.right.secret ?? newWebhookSecret()
    const atMs = Date.parse(ctx.clock.now())
    const until = atMs + (options.rotationOverlapHours ?? defaultWebhookSettings.rotationOverlapHours) * 3_600_000
    const rotated = await outbox.rotate(found.id, secret, atMs, until)
    // Deleted meanwhile: its secret was forgotten, nothing rotated.
    if (rotated === undefined || rotated.status === 'deleted') {
      return sendProblem(res, problemOf(invalidTransition('deleted', 'rotate-secret', 'a deleted subscription has no secret to rotate')))
    }
    ctx.logger.info({ subscription: found.id, previousSecretUntil: rotated.previousSecretUntil, given: decoded.right.secret !== undefined, by: actor.id }, 'webhook signing secret rotated')
    res.setHeader('Cache-Control', PRIVATE_NO_STORE)
    res.json({ ...shown(rotated), secret })
  })

  router.get('/api/v1/webhooks/:id/deliveries', async (req, res) => {
    const actor = admin(res)
    if (actor === undefined) return
    const query = decodeQuery(DeliveriesQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const found = await subscriptionAt(actor, req.params['id'], res)
    if (found === undefined) return
    const limit = query.right.limit ?? 50
    const status: DeliveryStatus | undefined = query.right.status
    const deliveries = await outbox.deliveries({
      subscriptionIds: [found.id],
      limit,
      ...(status === undefined ? {} : { status }),
      ...(query.right.cursor === undefined ? {} : { before: query.right.cursor }),
    })
    res.json(await page(deliveries, limit))
  })

  /** The delivery at `:deliveryId` of the subscription at `:id`, or the answer sent (404). */
  const deliveryAt = async (actor: Actor, params: Record<string, string | undefined>, res: Response): Promise<WebhookDelivery | undefined> => {
    const found = await subscriptionAt(actor, params['id'], res)
    if (found === undefined) return undefined
    const id = params['deliveryId']
    const delivery = id !== undefined && isUuidText(id) ? await outbox.delivery(id.toLowerCase()) : undefined
    if (delivery === undefined || delivery.subscriptionId !== found.id) {
      sendProblem(res, problemOf(notFound('No such delivery')))
      return undefined
    }
    return delivery
  }

  router.get('/api/v1/webhooks/:id/deliveries/:deliveryId', async (req, res) => {
    const actor = admin(res)
    if (actor === undefined) return
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const delivery = await deliveryAt(actor, req.params, res)
    if (delivery !== undefined) res.json(await withAttempts(delivery))
  })

  router.post('/api/v1/webhooks/:id/deliveries/:deliveryId/retry', async (req, res) => {
    const actor = admin(res)
    if (actor === undefined) return
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const delivery = await deliveryAt(actor, req.params, res)
    if (delivery === undefined) return
    const subscription = await outbox.get(delivery.subscriptionId)
    if (subscription?.status !== 'active') return sendProblem(res, problemOf(notSending(subscription?.status)))
    const retried = await outbox.retry(delivery.id, Date.parse(ctx.clock.now()))
    if (retried === undefined) {
      return sendProblem(res, problemOf(invalidTransition(delivery.status, 'retry', 'only a dead letter can be retried')))
    }
    ctx.logger.info({ delivery: delivery.id, by: actor.id }, 'webhook dead letter retried')
    options.wake?.()
    res.status(202).json(await withAttempts(retried))
  })

  router.post('/api/v1/webhooks/:id/dead-letters/retry', async (req, res) => {
    const { actor, found } = (await adminSubscription(req, res)) ?? {}
    if (actor === undefined || found === undefined) return
    if (found.status !== 'active') return sendProblem(res, problemOf(notSending(found.status)))
    const retried = await outbox.retryAll(found.id, Date.parse(ctx.clock.now()))
    ctx.logger.info({ subscription: found.id, retried, by: actor.id }, 'webhook dead letters retried')
    options.wake?.()
    res.status(202).json({ retried })
  })

  return router
}
