import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo, Socket } from 'node:net'
import { execute, type CaseType, type EventStore } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { manualClock } from '../clock.js'
import { memoryEventStore } from '../memory/store.js'
import { Stalled } from '../processes/bounded.js'
import { sqliteLeases } from '../processes/lease.js'
import { webhookDispatcher, type WebhookDispatcherOptions } from './dispatcher.js'
import { isSealedSecret, secretSealer } from './sealedSecrets.js'
import { newWebhookSecret } from './secret.js'
import { sqliteWebhookStore, type WebhookStore } from './store.js'

type ManualClock = ReturnType<typeof manualClock>
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const operator = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' } as const

const servers: Server[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

/** A receiver on a real port: `answer` false accepts the request and never answers. */
const receiver = async (answer: boolean) => {
  const hits: string[] = []
  const server = createServer((req, res) => {
    hits.push(String(req.headers['webhook-id']))
    req.resume()
    if (answer) res.writeHead(204).end()
  })
  server.on('connection', (socket) => sockets.push(socket))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { hits, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` }
}

/** One complaint, and a delivery of its first event to each of `urls` (subscriptions s0, s1, …). */
const outboxWith = async (clock: ManualClock, urls: readonly string[]) => {
  const store = memoryEventStore({ clock })
  const id = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'
  const registered = await execute(store, complaint, id, 'create', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '一周不热', jurisdiction: 'hohhot/saihan',
  }, { commandId: 'c1', actor: operator, at: clock.now() })
  if (E.isLeft(registered)) throw new Error(registered.left.message)
  const db = new Database(':memory:')
  const outbox = sqliteWebhookStore(db)
  for (const [i, url] of urls.entries()) {
    await outbox.create({ id: `s${i}`, url, eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: SECRET, createdAt: clock.now(), createdBy: 'admin-1', logPosition: -1 })
  }
  const [event] = await store.readAll({ fromPosition: 0 })
  if (event === undefined) throw new Error('no event')
  await outbox.enqueue({ position: event.position, streamId: event.streamId, eventId: event.eventId, eventType: event.type, caseType: 'complaint', caseId: id, jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${event.position}` }, () => true)
  return { store, outbox, db, deliveryId: (s: string) => `${s}:${event.position}` }
}

const dispatcherOf = (store: EventStore, outbox: WebhookStore, db: Database.Database, clock: ManualClock, extra: Partial<WebhookDispatcherOptions>) =>
  webhookDispatcher({ store, outbox, caseTypes: [complaint as unknown as CaseType], clock, leases: sqliteLeases(db), holder: 'a', random: () => 0, ...extra })

describe('a webhook delivery is bounded in time (a receiver that accepts and never answers)', () => {
  it('times the hung delivery out as a failed attempt ("timed out after N ms"), retried with backoff, then dead-lettered; the other subscription is delivered', async () => {
    const hung = await receiver(false)
    const ok = await receiver(true)
    const clock = manualClock('2026-03-02T01:00:00Z')
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [hung.url, ok.url])
    const dead: string[] = []
    const dispatcher = dispatcherOf(store, outbox, db, clock, {
      settings: { allow: ['127.0.0.1'], timeoutMs: 300, maxAttempts: 2, backoffBaseMs: 60_000, backoffCapMs: 60_000 },
      onDeadLetter: (d, error) => dead.push(`${d.id}: ${error}`),
    })
    expect(await dispatcher.tick()).toBe(2)
    expect(ok.hits).toEqual([deliveryId('s1')])
    expect((await outbox.attempts(deliveryId('s1'))).map((a) => a.statusCode)).toEqual([204])
    expect((await outbox.attempts(deliveryId('s0'))).map((a) => [a.outcome, a.error])).toEqual([['failed', 'timed out after 300 ms']])
    // Not again before the backoff (random 0: half of 60 s) …
    expect(await dispatcher.tick()).toBe(0)
    clock.advance(30_000)
    // … then retried, fails again, and is the dead letter after maxAttempts (2).
    expect(await dispatcher.tick()).toBe(1)
    expect(hung.hits).toEqual([deliveryId('s0'), deliveryId('s0')])
    expect((await outbox.attempts(deliveryId('s0'))).map((a) => [a.outcome, a.error])).toEqual([
      ['failed', 'timed out after 300 ms'],
      ['failed', 'timed out after 300 ms'],
    ])
    expect(dead).toEqual([`${deliveryId('s0')}: timed out after 300 ms`])
    await dispatcher.stop()
    db.close()
  })
})

describe('a pass of the webhook dispatcher is bounded (a store call that never answers)', () => {
  it('reports the stalled pass through onError as Stalled, and the next pass runs and delivers', async () => {
    const ok = await receiver(true)
    const clock = manualClock('2026-03-02T01:00:00Z')
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [ok.url])
    // The outbox's first `due` hangs for ever (a query on a lost connection); later ones answer.
    let dueCalls = 0
    const hanging: WebhookStore = {
      ...outbox,
      due: (nowMs, limit) => (++dueCalls === 1 ? new Promise(() => undefined) : outbox.due(nowMs, limit)),
    }
    const errors: unknown[] = []
    const dispatcher = dispatcherOf(store, hanging, db, clock, { stallMs: 200, settings: { allow: ['127.0.0.1'], timeoutMs: 300, pollMs: 20 }, onError: (e) => errors.push(e) })
    dispatcher.start()
    // Until the stalled ask is given up and a later one delivers (however long that takes here).
    while (ok.hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 25))
    await dispatcher.stop()
    expect(errors[0]).toBeInstanceOf(Stalled)
    expect(String((errors[0] as Error).message)).toBe('webhook-delivery: asking for due deliveries: no answer within 200 ms')
    expect(ok.hits).toEqual([deliveryId('s0')])
    expect((await outbox.attempts(deliveryId('s0'))).map((a) => a.outcome)).toEqual(['delivered'])
    db.close()
  })
})

/** A receiver on a real port that answers every delivery with `status` and `headers` (0: never answers); `onHit` as each arrives. */
const answering = async (status: number, headers: Record<string, string>, onHit?: () => void) => {
  const hits: string[] = []
  const server = createServer((req, res) => {
    hits.push(String(req.headers['webhook-id']))
    onHit?.()
    req.resume()
    // 0: accepts and never answers (a receiver that hangs).
    if (status !== 0) res.writeHead(status, headers).end()
  })
  server.on('connection', (socket) => sockets.push(socket))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { hits, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` }
}

describe('a receiver that asks to be left alone for a while (Retry-After; Standard Webhooks, "Delivery success and failure")', () => {
  const settings = { allow: ['127.0.0.1'], timeoutMs: 2000, maxAttempts: 5, backoffBaseMs: 10_000, backoffCapMs: 3_600_000 }

  it.each([
    ['503 with Retry-After in seconds', 503, (_now: number) => '120', 120_000],
    ['429 with Retry-After as an HTTP date', 429, (now: number) => new Date(now + 300_000).toUTCString(), 300_000],
  ])('%s: the next attempt is not before the time it names (the backoff alone would retry after 5 s)', async (_name, status, header, waitMs) => {
    const clock = manualClock('2026-03-02T01:00:00Z')
    const now = Date.parse(clock.now())
    const busy = await answering(status, { 'retry-after': header(now) })
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [busy.url])
    const dispatcher = dispatcherOf(store, outbox, db, clock, { settings })
    expect(await dispatcher.tick()).toBe(1)
    const delivery = await outbox.delivery(deliveryId('s0'))
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: status })
    expect(Date.parse(delivery?.nextAttemptAt ?? '')).toBe(now + waitMs)
    // Not tried again where the backoff alone would have (random 0: half of 10 s) …
    clock.advance(5_000)
    expect(await dispatcher.tick()).toBe(0)
    // … but once the receiver's time has come.
    clock.advance(waitMs - 5_000)
    expect(await dispatcher.tick()).toBe(1)
    expect(busy.hits).toEqual([deliveryId('s0'), deliveryId('s0')])
    await dispatcher.stop()
    db.close()
  })

  it('a Retry-After longer than the backoff cap waits the cap; one that is no number or date, or in the past, leaves the backoff as it is', async () => {
    const clock = manualClock('2026-03-02T01:00:00Z')
    const now = Date.parse(clock.now())
    for (const [header, expected] of [
      ['999999999', now + 3_600_000],
      ['soon', now + 5_000],
      [new Date(now - 60_000).toUTCString(), now + 5_000],
      ['-5', now + 5_000],
    ] as const) {
      const busy = await answering(503, { 'retry-after': header })
      const { store, outbox, db, deliveryId } = await outboxWith(clock, [busy.url])
      const dispatcher = dispatcherOf(store, outbox, db, clock, { settings })
      expect(await dispatcher.tick()).toBe(1)
      expect(Date.parse((await outbox.delivery(deliveryId('s0')))?.nextAttemptAt ?? ''), header).toBe(expected)
      await dispatcher.stop()
      db.close()
    }
  })
})

describe('a receiver that says it is overloaded is throttled as a whole (Standard Webhooks: 429 "throttle additional requests", 502 and 504 "throttle the requests")', () => {
  // Found by a receiver's developer: a receiver that answered one delivery 429 with Retry-After: 60 was sent every other
  // case's delivery at once all the same (six complaints registered: six requests within 3 s, each answered 429).
  const settings = { allow: ['127.0.0.1'], timeoutMs: 2000, maxAttempts: 5, backoffBaseMs: 10_000, backoffCapMs: 3_600_000 }

  /** Another complaint and its delivery to subscription s0, queued now. */
  const another = async (store: EventStore, outbox: WebhookStore, clock: ManualClock) => {
    const id = '5d0c8f52-6a9b-4c1e-8f3a-7b2d9e4c1a60'
    const registered = await execute(store, complaint, id, 'create', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '楼道灯不亮', description: '三天了', jurisdiction: 'hohhot/saihan',
    }, { commandId: 'c2', actor: operator, at: clock.now() })
    if (E.isLeft(registered)) throw new Error(registered.left.message)
    const event = (await store.readAll({ fromPosition: 0 })).find((e) => e.streamId.endsWith(id))
    if (event === undefined) throw new Error('no event')
    await outbox.enqueue({ position: event.position, streamId: event.streamId, eventId: event.eventId, eventType: event.type, caseType: 'complaint', caseId: id, jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${event.position}` }, () => true)
    return `s0:${event.position}`
  }

  it.each([
    ['429 with Retry-After: 120', 429, { 'retry-after': '120' }, 120_000],
    ['503 with Retry-After: 120', 503, { 'retry-after': '120' }, 120_000],
    // Without Retry-After: the first step of the backoff (random 0: half of 10 s), not the delivery's own later steps.
    ['502 without Retry-After', 502, {}, 5_000],
    ['504 without Retry-After', 504, {}, 5_000],
  ])('%s: another case’s delivery to it waits as long; another subscription is not held up', async (_name, status, headers, pauseMs) => {
    const clock = manualClock('2026-03-02T01:00:00Z')
    let answer = status
    const hits: string[] = []
    const server = createServer((req, res) => {
      hits.push(String(req.headers['webhook-id']))
      req.resume()
      res.writeHead(answer, answer === status ? headers : {}).end()
    })
    server.on('connection', (socket) => sockets.push(socket))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const busyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
    const healthy = await answering(204, {})
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [busyUrl, healthy.url])
    const dispatcher = dispatcherOf(store, outbox, db, clock, { settings })
    expect(await dispatcher.tick()).toBe(2)
    expect(hits).toEqual([deliveryId('s0')])
    // Another case's event, queued after the receiver said it was overloaded: not sent while it asked to be left alone.
    const second = await another(store, outbox, clock)
    clock.advance(pauseMs - 1)
    await dispatcher.tick()
    expect(hits).toEqual([deliveryId('s0')])
    // The other subscription gets the same case's event meanwhile.
    expect(healthy.hits).toEqual([deliveryId('s1'), `s1:${second.slice(3)}`])
    // Its time come, the receiver (recovered) gets both.
    answer = 204
    clock.advance(1)
    await dispatcher.tick()
    expect([...hits].sort()).toEqual([deliveryId('s0'), deliveryId('s0'), second].sort())
    await dispatcher.stop()
    db.close()
  })

  it('a 500 (a fault in the receiver, not its load) holds up only its own delivery', async () => {
    const clock = manualClock('2026-03-02T01:00:00Z')
    const failing = await answering(500, { 'retry-after': '120' })
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [failing.url])
    const dispatcher = dispatcherOf(store, outbox, db, clock, { settings })
    expect(await dispatcher.tick()).toBe(1)
    const second = await another(store, outbox, clock)
    expect(await dispatcher.tick()).toBe(1)
    expect(failing.hits).toEqual([deliveryId('s0'), second])
    await dispatcher.stop()
    db.close()
  })
})

describe('a receiver that answers 410 Gone (Standard Webhooks, "Delivery success and failure": the sender disables the endpoint)', () => {
  it('is tried once, not retried for days: the subscription is disabled, its pending deliveries dead-lettered with the reason, and nothing new is queued for it', async () => {
    const gone = await answering(410, {})
    const clock = manualClock('2026-03-02T01:00:00Z')
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [gone.url])
    const [event] = await store.readAll({ fromPosition: 0 })
    // A later event of the same case, held behind the first (never sent once the subscription is disabled).
    const later = (position: number) =>
      outbox.enqueue({ position, streamId: event?.streamId ?? '', eventId: `e${position}`, eventType: 'ComplaintAccepted', caseType: 'complaint', caseId: 'c', jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${position}` }, () => true)
    expect(await later(1)).toBe(1)
    const dead: string[] = []
    const disabled: string[] = []
    // What the callbacks are given (for a log line): the delivery and its URL, never its signing secrets — a callback
    // that logs the whole object would write them into the log (found in review: it was given the due delivery as signed).
    const given: object[] = []
    const dispatcher = dispatcherOf(store, outbox, db, clock, {
      settings: { allow: ['127.0.0.1'] },
      onDeadLetter: (d, error) => {
        given.push(d)
        dead.push(`${d.id}: ${error}`)
      },
      onDisabled: (d, reason) => {
        given.push(d)
        disabled.push(`${d.subscriptionId}: ${reason}`)
      },
    })
    expect(await dispatcher.tick()).toBe(1)
    expect(given).toHaveLength(2)
    for (const d of given) {
      expect(d).toMatchObject({ subscriptionId: 's0', url: gone.url })
      expect(Object.keys(d)).not.toContain('secret')
      expect(Object.keys(d)).not.toContain('previousSecret')
      expect(JSON.stringify(d)).not.toMatch(/whsec_/)
    }
    const reason = `the receiver answered 410 Gone to delivery ${deliveryId('s0')}`
    expect(await outbox.get('s0')).toMatchObject({ status: 'disabled', disabledAt: clock.now(), disabledReason: reason })
    expect(await outbox.delivery(deliveryId('s0'))).toMatchObject({ status: 'dead', attempts: 1, lastStatusCode: 410, lastError: 'HTTP 410' })
    expect(await outbox.delivery('s0:1')).toMatchObject({ status: 'dead', attempts: 0, lastError: `not sent: the subscription was disabled (${reason})` })
    expect(dead).toEqual([`${deliveryId('s0')}: HTTP 410`])
    expect(disabled).toEqual([`s0: ${reason}`])
    // Days later nothing more was sent, and an event recorded meanwhile was not queued.
    expect(await later(2)).toBe(0)
    clock.advance(4 * 86_400_000)
    expect(await dispatcher.tick()).toBe(0)
    expect(gone.hits).toEqual([deliveryId('s0')])
    await dispatcher.stop()
    db.close()
  })
})

describe('a receiver that fails every delivery for GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS (Standard Webhooks: disable an endpoint that keeps failing)', () => {
  it('is disabled at the first dead letter once it has failed for the whole span, not at one before', async () => {
    const down = await answering(503, {})
    const clock = manualClock('2026-03-02T01:00:00Z')
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [down.url])
    const another = (position: number) =>
      outbox.enqueue({ position, streamId: `other-${position}`, eventId: `e${position}`, eventType: 'ComplaintNoteAdded', caseType: 'complaint', caseId: `other-${position}`, jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${position}` }, () => true)
    const disabled: string[] = []
    const dispatcher = dispatcherOf(store, outbox, db, clock, {
      settings: { allow: ['127.0.0.1'], maxAttempts: 2, backoffBaseMs: 60_000, backoffCapMs: 60_000, disableAfterDays: 1 },
      onDisabled: (d, reason) => disabled.push(`${d.subscriptionId}: ${reason}`),
    })
    // Failed at 01:00:00 and, retried 30 s later (random 0: half of 60 s), dead-lettered: failing for 30 s, still active.
    expect(await dispatcher.tick()).toBe(1)
    clock.advance(30_000)
    expect(await dispatcher.tick()).toBe(1)
    expect(await outbox.delivery(deliveryId('s0'))).toMatchObject({ status: 'dead', attempts: 2 })
    expect(await outbox.get('s0')).toMatchObject({ status: 'active' })
    expect(disabled).toEqual([])
    // A day later another event fails twice: failing since 01:00:00 the day before, over a day — disabled at its dead
    // letter, and a third event then pending is a dead letter saying why.
    clock.advance(86_400_000 - 30_000)
    expect(await another(5)).toBe(1)
    expect(await dispatcher.tick()).toBe(1)
    expect(await another(6)).toBe(1)
    clock.advance(30_000)
    expect(await dispatcher.tick()).toBe(2)
    const reason = 'every delivery failed for 1 day or more, until s0:5 was dead-lettered'
    expect(await outbox.get('s0')).toMatchObject({ status: 'disabled', disabledAt: clock.now(), disabledReason: reason })
    expect(disabled).toEqual([`s0: ${reason}`])
    expect(down.hits.filter((h) => h === 's0:6').length).toBeLessThanOrEqual(1)
    expect(await outbox.delivery('s0:6')).toMatchObject({ status: 'dead', lastError: `not sent: the subscription was disabled (${reason})` })
    await dispatcher.stop()
    db.close()
  })
})

describe('a receiver that is down for a long time holds up no other subscription', () => {
  it('with a backlog of hung deliveries larger than the places in flight, a healthy subscription’s delivery is sent in the first round, not after the backlog', async () => {
    const hung = await receiver(false)
    const db = new Database(':memory:')
    // What the dispatcher had recorded when the healthy receiver was reached: no hung attempt had timed out yet.
    const attemptsRecorded = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM webhook_attempts').get()?.n ?? -1
    const seen: number[] = []
    const ok = await answering(204, {}, () => seen.push(attemptsRecorded()))
    const clock = manualClock('2026-03-02T01:00:00Z')
    const store = memoryEventStore({ clock })
    const outbox = sqliteWebhookStore(db)
    for (const [id, url] of [['down', hung.url], ['up', ok.url]] as const) {
      await outbox.create({ id, url, eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: SECRET, createdAt: clock.now(), createdBy: 'admin-1', logPosition: -1 })
    }
    const ids: string[] = []
    for (let i = 0; i < 13; i += 1) {
      const id = `0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d${String(i).padStart(2, '0')}`
      const registered = await execute(store, complaint, id, 'create', {
        channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '一周不热', jurisdiction: 'hohhot/saihan',
      }, { commandId: `c${i}`, actor: operator, at: clock.now() })
      if (E.isLeft(registered)) throw new Error(registered.left.message)
      ids.push(id)
    }
    const events = await store.readAll({ fromPosition: 0 })
    const enqueue = (i: number, subscription: string) => {
      const event = events[i]
      if (event === undefined) throw new Error(`no event ${i}`)
      return outbox.enqueue(
        { position: event.position, streamId: event.streamId, eventId: event.eventId, eventType: event.type, caseType: 'complaint', caseId: ids[i] ?? '', jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${event.position}` },
        (s) => s.id === subscription,
      )
    }
    // Twelve cases' first events wait for the receiver that is down (queued first: the oldest due) …
    for (let i = 0; i < 12; i += 1) await enqueue(i, 'down')
    // … then, a moment later, one for the receiver that answers.
    clock.advance(1000)
    await enqueue(12, 'up')
    const dispatcher = dispatcherOf(store, outbox, db, clock, { settings: { allow: ['127.0.0.1'], timeoutMs: 400, concurrency: 4 } })
    await dispatcher.tick()
    expect(ok.hits).toEqual([`up:${events[12]?.position ?? -1}`])
    // Reached in the first round, while the hung ones of that round still waited on their timeout (none recorded yet);
    // before, it waited behind three rounds of them (12 attempts recorded).
    expect(seen).toEqual([0])
    // Every hung one was tried in that pass, in rounds using every place the healthy one did not need: 3 + 4 + 4 + 1.
    expect(new Set(hung.hits).size).toBe(12)
    await dispatcher.stop()
    db.close()
  })

  it('alone with work, one subscription still takes every place in flight', async () => {
    const db = new Database(':memory:')
    const seen: number[] = []
    const hung = await answering(0, {}, () => seen.push(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM webhook_attempts').get()?.n ?? -1))
    const clock = manualClock('2026-03-02T01:00:00Z')
    const store = memoryEventStore({ clock })
    const outbox = sqliteWebhookStore(db)
    await outbox.create({ id: 'down', url: hung.url, eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: SECRET, createdAt: clock.now(), createdBy: 'admin-1', logPosition: -1 })
    for (let i = 0; i < 6; i += 1) {
      const id = `0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9e${String(i).padStart(2, '0')}`
      const registered = await execute(store, complaint, id, 'create', {
        channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '一周不热', jurisdiction: 'hohhot/saihan',
      }, { commandId: `d${i}`, actor: operator, at: clock.now() })
      if (E.isLeft(registered)) throw new Error(registered.left.message)
    }
    for (const event of await store.readAll({ fromPosition: 0 })) {
      await outbox.enqueue({ position: event.position, streamId: event.streamId, eventId: event.eventId, eventType: event.type, caseType: 'complaint', caseId: event.streamId, jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${event.position}` }, () => true)
    }
    const dispatcher = dispatcherOf(store, outbox, db, clock, { settings: { allow: ['127.0.0.1'], timeoutMs: 400, concurrency: 4 } })
    await dispatcher.tick()
    expect(new Set(hung.hits).size).toBe(6)
    // The first round four at once (not two, its share when another has work): each reached before any attempt timed out.
    expect(seen.slice(0, 4)).toEqual([0, 0, 0, 0])
    await dispatcher.stop()
    db.close()
  })
})

describe('the default retry schedule spans days (Standard Webhooks, "Deliverability and reliability")', () => {
  // In simulated time: a receiver that refuses every delivery, each attempt made when it is next due, at the defaults
  // (only the allow list set). Before, 8 attempts, 10 s doubling to a cap of 1 h: dead after 10–21 minutes, so a receiver
  // down over a lunch break lost its cases' order and needed every delivery retried by hand.
  const deadAfter = async (random: number): Promise<{ hours: number; attempts: number }> => {
    const down = await answering(503, {})
    const clock = manualClock('2026-03-02T01:00:00Z')
    const start = Date.parse(clock.now())
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [down.url])
    const dispatcher = dispatcherOf(store, outbox, db, clock, { random: () => random, settings: { allow: ['127.0.0.1'] } })
    for (;;) {
      await dispatcher.tick()
      const delivery = await outbox.delivery(deliveryId('s0'))
      if (delivery?.status !== 'pending') {
        await dispatcher.stop()
        db.close()
        return { hours: (Date.parse(clock.now()) - start) / 3_600_000, attempts: down.hits.length }
      }
      clock.advance(Date.parse(delivery.nextAttemptAt ?? '') - Date.parse(clock.now()))
    }
  }

  it('a receiver down for a day and a half still gets the delivery at the shortest jitter; dead-lettered within four days at the longest', async () => {
    const shortest = await deadAfter(0)
    expect(shortest.hours).toBeGreaterThan(36)
    const longest = await deadAfter(0.999999)
    expect(longest.hours).toBeLessThan(4 * 24)
    expect(longest.attempts).toBe(shortest.attempts)
  })
})

/** A receiver on a real port that keeps every request's headers and body, and answers `status()` (204 unless told). */
const recording = async (status: () => number = () => 204) => {
  const got: { headers: Record<string, string>; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      got.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body })
      res.writeHead(status()).end()
    })
  })
  server.on('connection', (socket) => sockets.push(socket))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { got, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` }
}

describe('webhook-timestamp is the attempt’s time (Standard Webhooks, "Webhook metadata"): a receiver refuses one more than 5 minutes off its clock', () => {
  it('a retry an hour after the event is stamped with the hour of the retry, signed over it, under the same webhook-id; the body’s timestamp stays the event’s', async () => {
    const clock = manualClock('2026-03-02T01:00:00Z')
    const eventAt = Date.parse(clock.now())
    let fail = true
    const { got, url } = await recording(() => (fail ? 500 : 204))
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [url])
    const dispatcher = dispatcherOf(store, outbox, db, clock, { settings: { allow: ['127.0.0.1'], timeoutMs: 2000 } })
    expect(await dispatcher.tick()).toBe(1)
    fail = false
    clock.advance(3_600_000)
    expect(await dispatcher.tick()).toBe(1)
    expect(got.map((g) => [g.headers['webhook-id'], Number(g.headers['webhook-timestamp'])])).toEqual([
      [deliveryId('s0'), eventAt / 1000],
      [deliveryId('s0'), eventAt / 1000 + 3600],
    ])
    const retry = got[1]
    if (retry === undefined) throw new Error('no retry')
    expect((JSON.parse(retry.body) as { timestamp: string }).timestamp).toBe(new Date(eventAt).toISOString())
    // What a receiver checks at the retry's time verifies; the same request replayed 6 minutes later does not.
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(eventAt + 3_600_000)
      expect(() => new Webhook(SECRET).verify(retry.body, retry.headers)).not.toThrow()
      vi.setSystemTime(eventAt + 3_600_000 + 6 * 60_000)
      expect(() => new Webhook(SECRET).verify(retry.body, retry.headers)).toThrow('Message timestamp too old')
    } finally {
      vi.useRealTimers()
    }
    await dispatcher.stop()
    db.close()
  })
})

describe('a signing secret rotated (Standard Webhooks: several space-delimited signatures, for zero-downtime rotation)', () => {
  it('signs with the new and the old secret during the overlap window and with the new one only after it, a restart in the middle keeping both; a receiver with only the old secret passes during the window and fails after', async () => {
    const r = await recording()
    const clock = manualClock('2026-03-02T01:00:00Z')
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-rotate-'))
    const file = join(dir, 'outbox.sqlite')
    const sealer = secretSealer(randomBytes(32))
    const eventStore = memoryEventStore({ clock })
    const caseId = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d12'
    let db = new Database(file)
    let outbox = sqliteWebhookStore(db, { secrets: sealer })
    const OLD = newWebhookSecret()
    const NEW = newWebhookSecret()
    await outbox.create({ id: 's0', url: r.url, eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: OLD, createdAt: clock.now(), createdBy: 'admin-1', logPosition: -1 })
    const note = async (n: number) => {
      const done = n === 0
        ? await execute(eventStore, complaint, caseId, 'create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '一周不热', jurisdiction: 'hohhot/saihan' }, { commandId: `c${n}`, actor: operator, at: clock.now() })
        : await execute(eventStore, complaint, caseId, 'add-note', { note: `第${n}次` }, { commandId: `c${n}`, actor: { id: 'su-1', role: 'supervisor', jurisdiction: 'hohhot' }, at: clock.now() })
      if (E.isLeft(done)) throw new Error(done.left.message)
      const events = await eventStore.readAll({ fromPosition: 0 })
      const event = events[events.length - 1]
      if (event === undefined) throw new Error('no event')
      await outbox.enqueue({ position: event.position, streamId: event.streamId, eventId: event.eventId, eventType: event.type, caseType: 'complaint', caseId, jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${event.position}` }, () => true)
    }
    const deliverOne = async () => {
      const dispatcher = dispatcherOf(eventStore, outbox, db, clock, { settings: { allow: ['127.0.0.1'] } })
      expect(await dispatcher.tick()).toBe(1)
      await dispatcher.stop()
      const last = r.got[r.got.length - 1]
      if (last === undefined) throw new Error('nothing received')
      return last
    }
    /**
     * Does a receiver holding only `secret` accept this request (the standardwebhooks library's verify, its clock at the
     * request's timestamp: time here is simulated, and the library checks the timestamp against its own now)?
     */
    const verifies = (secret: string, got: { headers: Record<string, string>; body: string }): boolean => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(Number(got.headers['webhook-timestamp']) * 1000)
      try {
        new Webhook(secret).verify(got.body, got.headers)
        return true
      } catch {
        return false
      } finally {
        vi.useRealTimers()
      }
    }

    // Before any rotation: one signature, the old secret's.
    await note(0)
    const before = await deliverOne()
    expect(before.headers['webhook-signature']?.split(' ')).toHaveLength(1)
    expect([verifies(OLD, before), verifies(NEW, before)]).toEqual([true, false])

    // Rotated now, with a 24 h window: both signatures, either secret verifies.
    const rotatedAt = Date.parse(clock.now())
    expect(await outbox.rotate('s0', NEW, rotatedAt, rotatedAt + 24 * 3_600_000)).toMatchObject({ id: 's0', status: 'active', previousSecretUntil: '2026-03-03T01:00:00.000Z' })
    expect(await outbox.secret('s0')).toBe(NEW)
    // The old secret kept sealed as the current one is: the file holds neither.
    const raw = db.prepare("SELECT secret, previous_secret FROM webhook_subscriptions WHERE id = 's0'").get() as { secret: string; previous_secret: string }
    expect([isSealedSecret(raw.secret), isSealedSecret(raw.previous_secret), raw.previous_secret.includes(OLD.slice(6))]).toEqual([true, true, false])
    await note(1)
    const during = await deliverOne()
    expect(during.headers['webhook-signature']?.split(' ')).toHaveLength(2)
    expect([verifies(OLD, during), verifies(NEW, during)]).toEqual([true, true])

    // A restart in the middle of the window (the process gone, the file opened again): still both.
    db.close()
    clock.advance(12 * 3_600_000)
    db = new Database(file)
    outbox = sqliteWebhookStore(db, { secrets: sealer })
    await note(2)
    const afterRestart = await deliverOne()
    expect(afterRestart.headers['webhook-signature']?.split(' ')).toHaveLength(2)
    expect([verifies(OLD, afterRestart), verifies(NEW, afterRestart)]).toEqual([true, true])

    // The last instant of the window still both (it ends at rotatedAt + 24 h) …
    clock.advance(12 * 3_600_000 - 1)
    await note(3)
    const lastInstant = await deliverOne()
    expect(lastInstant.headers['webhook-signature']?.split(' ')).toHaveLength(2)
    // … and from its end only the new one: a receiver still on the old secret fails.
    clock.advance(1)
    await note(4)
    const after = await deliverOne()
    expect(after.headers['webhook-signature']?.split(' ')).toHaveLength(1)
    expect([verifies(OLD, after), verifies(NEW, after)]).toEqual([false, true])
    // The dispatcher's pass dropped the old secret from the file (not only left it unused).
    expect(db.prepare("SELECT previous_secret FROM webhook_subscriptions WHERE id = 's0'").get()).toEqual({ previous_secret: null })
    expect(await outbox.get('s0')).not.toHaveProperty('previousSecretUntil')
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
})

describe('a subscription stored by an older build that would send personal data over plain http:// (个人信息保护法 art. 51)', () => {
  it('sends nothing: the subscription is disabled with the reason (its url named), its pending deliveries kept as dead letters, nothing queued after; another subscription is delivered', async () => {
    const ok = await receiver(true)
    const clock = manualClock('2026-03-02T01:00:00Z')
    const { store, outbox, db, deliveryId } = await outboxWith(clock, [ok.url])
    // As an older build kept it: personal data, to a plain http:// URL off this machine (now refused at create).
    await outbox.create({ id: 'clear', url: 'http://receiver.example.org/hooks', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: true, secret: SECRET, createdAt: clock.now(), createdBy: 'admin-1', logPosition: -1 })
    const other = await execute(store, complaint, '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d13', 'create', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '一周不热', jurisdiction: 'hohhot/saihan', complainant: { name: '王芳', phone: '13800138000' },
    }, { commandId: 'c2', actor: operator, at: clock.now() })
    if (E.isLeft(other)) throw new Error(other.left.message)
    const event = (await store.readAll({ fromPosition: 0 }))[1]
    if (event === undefined) throw new Error('no event')
    await outbox.enqueue({ position: event.position, streamId: event.streamId, eventId: event.eventId, eventType: event.type, caseType: 'complaint', caseId: 'x', jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${event.position}` }, (s) => s.id === 'clear')
    const clearDelivery = `clear:${event.position}`
    const disabled: string[] = []
    const dispatcher = dispatcherOf(store, outbox, db, clock, { settings: { allow: ['127.0.0.1'], timeoutMs: 2000 }, onDisabled: (d, reason) => disabled.push(`${d.subscriptionId}: ${reason}`) })
    expect(await dispatcher.tick()).toBe(2)
    await dispatcher.stop()
    expect(ok.hits).toEqual([deliveryId('s0')])
    const reason = 'personal data would be sent in clear to http://receiver.example.org/hooks (个人信息保护法 art. 51): not sent; subscribe an https:// URL (or a loopback sidecar) instead'
    expect(await outbox.get('clear')).toMatchObject({ status: 'disabled', disabledReason: reason })
    expect(disabled).toEqual([`clear: ${reason}`])
    expect(await outbox.delivery(clearDelivery)).toMatchObject({ status: 'dead', lastError: `refused: ${reason}` })
    expect((await outbox.attempts(clearDelivery)).map((a) => [a.outcome, a.statusCode, a.error])).toEqual([['failed', undefined, `refused: ${reason}`]])
    db.close()
  })
})

describe('a signing secret that signs nothing any more leaves the dispatcher’s memory (a heap dump or core file holds no revoked secret)', () => {
  it('the old secret once its overlap window ended and a deleted subscription’s, once neither a pass nor the one before it signed with them; a secret still signing is kept from one pass to the next; a stopped dispatcher holds none', async () => {
    const r = await recording()
    const clock = manualClock('2026-03-02T01:00:00Z')
    const eventStore = memoryEventStore({ clock })
    const caseId = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d13'
    const db = new Database(':memory:')
    const outbox = sqliteWebhookStore(db, { secrets: secretSealer(randomBytes(32)) })
    const [OLD, NEW, OTHER] = [newWebhookSecret(), newWebhookSecret(), newWebhookSecret()]
    for (const [id, secret] of [['s0', OLD], ['s1', OTHER]] as const) {
      await outbox.create({ id, url: r.url, eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret, createdAt: clock.now(), createdBy: 'admin-1', logPosition: -1 })
    }
    /** A new event of the case, queued for the subscriptions named. */
    let n = 0
    const note = async (...to: readonly string[]) => {
      const done = n === 0
        ? await execute(eventStore, complaint, caseId, 'create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '一周不热', jurisdiction: 'hohhot/saihan' }, { commandId: `c${n}`, actor: operator, at: clock.now() })
        : await execute(eventStore, complaint, caseId, 'add-note', { note: `第${n}次` }, { commandId: `c${n}`, actor: { id: 'su-1', role: 'supervisor', jurisdiction: 'hohhot' }, at: clock.now() })
      n += 1
      if (E.isLeft(done)) throw new Error(done.left.message)
      const events = await eventStore.readAll({ fromPosition: 0 })
      const event = events[events.length - 1]
      if (event === undefined) throw new Error('no event')
      await outbox.enqueue({ position: event.position, streamId: event.streamId, eventId: event.eventId, eventType: event.type, caseType: 'complaint', caseId, jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${event.position}` }, (s) => to.includes(s.id))
    }
    // One dispatcher for the whole story, as a server keeps it for its life.
    const dispatcher = dispatcherOf(eventStore, outbox, db, clock, { settings: { allow: ['127.0.0.1'] } })
    const held = () => ({ OLD: dispatcher.holdsSecret(OLD), NEW: dispatcher.holdsSecret(NEW), OTHER: dispatcher.holdsSecret(OTHER), count: dispatcher.heldSecrets() })

    // s0 rotated with an hour's overlap: its delivery is signed with both, s1's with its own.
    const rotatedAt = Date.parse(clock.now())
    await outbox.rotate('s0', NEW, rotatedAt, rotatedAt + 3_600_000)
    await note('s0', 's1')
    expect(await dispatcher.tick()).toBe(2)
    expect(r.got.map((g) => g.headers['webhook-signature']?.split(' ').length).sort()).toEqual([1, 2])
    // Kept for the next pass (a signer is not built again for every delivery of a secret that did not change).
    expect(held()).toEqual({ OLD: true, NEW: true, OTHER: true, count: 3 })

    // The overlap ends. The next pass signs s0's delivery with the new secret alone (and s1's); the old one is kept only
    // while the pass before, which signed with it, is the last one.
    clock.advance(3_600_000)
    await note('s0', 's1')
    expect(await dispatcher.tick()).toBe(2)
    expect(r.got.slice(-2).map((g) => g.headers['webhook-signature']?.split(' ').length)).toEqual([1, 1])
    expect(held()).toEqual({ OLD: true, NEW: true, OTHER: true, count: 3 })

    // s1 deleted; the pass after (s0's delivery alone): the old secret is gone, used by neither this pass nor the one before.
    await outbox.remove('s1', 'admin-1', Date.parse(clock.now()))
    await note('s0')
    expect(await dispatcher.tick()).toBe(1)
    expect(held()).toEqual({ OLD: false, NEW: true, OTHER: true, count: 2 })
    // The next pass (nothing to send: the loop's poll right after a pass that sent something): the deleted subscription's is gone.
    expect(await dispatcher.tick()).toBe(0)
    expect(held()).toEqual({ OLD: false, NEW: true, OTHER: false, count: 1 })
    // An idle dispatcher holds none after two polls; a stopped one none at all.
    expect(await dispatcher.tick()).toBe(0)
    expect(held()).toEqual({ OLD: false, NEW: false, OTHER: false, count: 0 })
    await note('s0')
    expect(await dispatcher.tick()).toBe(1)
    expect(held()).toEqual({ OLD: false, NEW: true, OTHER: false, count: 1 })
    await dispatcher.stop()
    expect(held()).toEqual({ OLD: false, NEW: false, OTHER: false, count: 0 })
    db.close()
  })
})
