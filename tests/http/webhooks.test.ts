// Outbound webhooks on the real server (SQLite files in a temp dir, a real port, the processes it runs by default) to
// the example receiver on another real port, which verifies every Standard Webhooks signature with the same library.
// Time is simulated: the server's clock port is a manual clock (started at the real now, so the receiver's 5-minute
// timestamp window holds) and the backoff's jitter is fixed; the test moves the clock to make retries due.
import Database from 'better-sqlite3'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterEach, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '../../examples/webhook-receiver/main.js'
import { until } from '../helpers/until.js'

const SECRET = 'webhooks-test-secret-webhooks-test-secret'
const STREET = 'hohhot/saihan/wulanchabu-east-road'
const GRID = `${STREET}/community-a/grid-001`
const OTHER_GRID = 'hohhot/saihan/dongying-road/community-b/grid-002'
const who = {
  admin: { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' },
  otherAdmin: { id: 'admin-2', role: 'admin', jurisdiction: 'hohhot/xincheng' },
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  auditor: { id: 'au-1', role: 'auditor', jurisdiction: 'hohhot' },
  supervisor: { id: 'su-1', role: 'supervisor', jurisdiction: 'hohhot' },
} satisfies Record<string, Actor>
const gridUnit = { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID }
const complainant = { name: '王芳', phone: '13800138000' }
// Backoff: 1 s, then 2 s (the cap); the jitter fixed at 0.5 waits ¾ of that: 750 ms, 1500 ms, 1500 ms.
const ENV = {
  GRIDCASE_WEBHOOK_MAX_ATTEMPTS: '4',
  GRIDCASE_WEBHOOK_BACKOFF_BASE_MS: '1000',
  GRIDCASE_WEBHOOK_BACKOFF_CAP_MS: '2000',
  GRIDCASE_WEBHOOK_TIMEOUT_MS: '5000',
  GRIDCASE_WEBHOOK_POLL_MS: '20',
  // The receivers listen on this machine: loopback, allowed here (by default a receiver there is refused).
  GRIDCASE_WEBHOOK_ALLOW: '127.0.0.1',
  METRICS_TOKEN: 'webhooks-test-metrics-token-webhooks-test',
}

interface World {
  readonly dataDir: string
  readonly clock: ReturnType<typeof manualClock>
  server: RunningServer
}
const worlds: World[] = []
const receivers: Receiver[] = []
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close()
  for (const w of worlds.splice(0)) {
    await w.server.close()
    rmSync(w.dataDir, { recursive: true, force: true })
  }
})

const boot = async (dataDir: string, clock: ReturnType<typeof manualClock>, env: Record<string, string> = {}): Promise<RunningServer> => {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, SQLITE_SYNCHRONOUS: 'normal', ...ENV, ...env })
  if (config._tag === 'Left') throw new Error(config.left.message)
  return startGridcaseServer(config.right, { logger: pino({ level: 'silent' }), clock, random: () => 0.5 })
}
/** A server of its own; `env` adds to ENV (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: `personalDataTo`). */
const world = async (env: Record<string, string> = {}): Promise<World> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-webhooks-'))
  const clock = manualClock(new Date().toISOString())
  const w = { dataDir, clock, server: await boot(dataDir, clock, env) }
  worlds.push(w)
  return w
}
/** The environment that lets personal data go to these receivers' origins (none may have it by default). */
const personalDataTo = (...to: readonly Receiver[]): Record<string, string> => ({ GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: to.map((r) => new URL(r.url).origin).join(',') })
const receiver = async (options: Parameters<typeof startReceiver>[0]): Promise<Receiver> => {
  const r = await startReceiver(options)
  receivers.push(r)
  return r
}

const call = async (w: World, actor: Actor | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(`${w.server.url}${path}`, {
    method,
    headers: {
      ...(actor === undefined ? {} : { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const ok = async (w: World, actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const r = await call(w, actor, 'POST', path, body)
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
  return r.body
}
/** A subscription, its id and secret. */
const subscribe = async (w: World, body: Record<string, unknown>): Promise<{ id: string; secret: string }> => {
  const created = await ok(w, who.admin, '/api/v1/webhooks', body)
  expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
  return { id: created.id as string, secret: created.secret as string }
}
const register = async (w: World, jurisdiction = GRID, extra: Record<string, unknown> = {}): Promise<string> =>
  (await ok(w, who.hotline, '/api/v1/complaints', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '暖气一周不热', jurisdiction, complainant, ...extra })).id as string

/**
 * Waits until `done`, asking every 100 ms. With `backoffOf` (a subscription), simulated time moves on as the server
 * needs it, however slowly the server goes: when every pending delivery of that subscription waits on its backoff,
 * the clock goes to the earliest one's next attempt. (It moved by fixed steps for the first 90 asks before, so a
 * server slow enough to fail its last attempts after them waited on a clock that no longer moved.) The waits are
 * seconds: the clock stays within the receiver's 5-minute window.
 */
const drive = (w: World, done: () => boolean | Promise<boolean>, backoffOf?: string): Promise<void> =>
  until(
    async () => {
      if (await done()) return true
      if (backoffOf === undefined) return false
      const pending = (await deliveries(w, backoffOf)).filter((d) => d.status === 'pending' && d.nextAttemptAt !== undefined)
      const waits = pending.map((d) => Date.parse(String(d.nextAttemptAt)) - Date.parse(w.clock.now()))
      if (waits.length > 0 && waits.every((ms) => ms > 0)) w.clock.advance(Math.min(...waits))
      return false
    },
    { everyMs: 100 },
  )
/** The log's events of case streams, as the auditor's page shows them. */
const caseEvents = async (w: World) =>
  (await w.server.store.readAll({ fromPosition: 0 })).filter((e) => e.streamId.startsWith('complaint-') || e.streamId.startsWith('dispute-'))
const deliveries = async (w: World, id: string, query = '') => (await call(w, who.admin, 'GET', `/api/v1/webhooks/${id}/deliveries${query}`)).body.items as Record<string, unknown>[]

describe('outbound webhooks', () => {
  it('delivers every event, in order per case, validly signed, to a receiver that fails its first 3 deliveries', async () => {
    const w = await world()
    const requests: string[] = []
    let secret: string | undefined
    const r = await receiver({ secret: () => secret, status: (id, n) => (requests.push(id), n <= 3 ? 500 : 204) })
    const sub = await subscribe(w, { url: r.url, eventTypes: ['*'] })
    secret = sub.secret
    // Kept sealed at rest (the development key beside the data, never in the file): the file holds no secret.
    const file = new Database(join(w.dataDir, 'read-models.sqlite'), { readonly: true })
    const stored = (file.prepare('SELECT secret FROM webhook_subscriptions WHERE id = ?').get(sub.id) as { secret: string }).secret
    file.close()
    expect([stored.startsWith('gridcase-sealed-1:'), stored.includes(sub.secret.slice(6))]).toEqual([true, false])
    const a = await register(w)
    const b = await register(w)
    await ok(w, who.hotline, `/api/v1/complaints/${a}/accept`)
    await ok(w, who.hotline, `/api/v1/complaints/${b}/accept`)
    await ok(w, who.hotline, `/api/v1/complaints/${a}/dispatch`, { unit: gridUnit })
    const expected = await caseEvents(w)
    expect(expected).toHaveLength(5)
    await drive(w, () => r.received.length >= 5, sub.id)

    // Every event once, with the log's ids and versions; every request the receiver verified (none rejected).
    expect(r.rejected).toEqual([])
    expect(r.received.map((x) => x.delivery.data.eventId).sort()).toEqual(expected.map((e) => e.eventId).sort())
    expect(new Set(r.received.map((x) => x.id)).size).toBe(5)
    // In order per case: the versions of each case arrive 0, 1, 2…, and no request for a later event of a case came
    // before the earlier one was delivered (the receiver saw every attempt).
    const versionOf = new Map(r.received.map((x) => [x.id, x.delivery.data] as const))
    for (const caseId of [a, b]) {
      const delivered = r.received.filter((x) => x.delivery.data.caseId === caseId).map((x) => x.delivery.data.version)
      expect(delivered).toEqual(delivered.map((_, i) => i))
      const attempted = requests.map((id) => versionOf.get(id)).filter((d) => d?.caseId === caseId).map((d) => d?.version ?? -1)
      expect(attempted).toEqual([...attempted].sort((x, y) => x - y))
    }
    expect(requests).toHaveLength(8)

    // The delivery log says the same: 3 failed attempts (HTTP 500), then every delivery delivered (204).
    const log = await deliveries(w, sub.id)
    expect(log.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered'])
    const attempts = log.flatMap((d) => d.log as Record<string, unknown>[])
    expect(attempts.filter((x) => x.outcome === 'failed').map((x) => x.statusCode)).toEqual([500, 500, 500])
    expect(attempts.filter((x) => x.outcome === 'delivered')).toHaveLength(5)
    // The webhook-id is the delivery's id, the same on every attempt.
    expect(new Set(requests)).toEqual(new Set(log.map((d) => d.id)))
  })

  it('/openapi.json describes what a receiver is sent (OpenAPI 3.1 webhooks): its headers, and a body every delivery fits', async () => {
    // A receiver's developer found the delivery in packages/http/README.md only: /openapi.json described the routes
    // that manage subscriptions, not what a subscription's url receives (no `webhooks`, no schema of the body).
    const w = await world()
    let secret: string | undefined
    const r = await receiver({ secret: () => secret })
    const sub = await subscribe(w, { url: r.url, eventTypes: ['*'] })
    secret = sub.secret
    const c = await register(w)
    await ok(w, who.hotline, `/api/v1/complaints/${c}/accept`)
    await drive(w, () => r.received.length >= 2, sub.id)
    const spec = (await (await fetch(`${w.server.url}/openapi.json`)).json()) as Record<string, unknown>
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
    ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
    ajv.addFormat('uri', /^https?:\/\/\S+$/)
    ajv.addSchema(spec, 'openapi.json')
    const post = (spec.webhooks as Record<string, { post: { parameters: { name: string; in: string; required: boolean }[] } }> | undefined)?.caseEvent?.post
    expect(post?.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['webhook-id', 'header', true],
      ['webhook-timestamp', 'header', true],
      ['webhook-signature', 'header', true],
    ])
    const fits = ajv.compile({ $ref: 'openapi.json#/webhooks/caseEvent/post/requestBody/content/application~1json/schema' })
    for (const { delivery } of r.received) expect([delivery.type, fits(delivery), ajv.errorsText(fits.errors)]).toEqual([delivery.type, true, 'No errors'])
    // The schema says something: a body with a field it does not name, or without its case, does not fit.
    const [first] = r.received
    expect(fits({ ...first?.delivery, extra: 1 })).toBe(false)
    expect(fits({ ...first?.delivery, data: { ...first?.delivery.data, caseId: undefined } })).toBe(false)
    // A thin delivery's shape too (the body over 256 KiB: no data.data, with thin, bytes and href).
    const { data: _data, ...about } = first?.delivery.data ?? {}
    expect(fits({ ...first?.delivery, data: { ...about, thin: true, bytes: 300_000, href: `/api/v1/complaints/${c}/history` } })).toBe(true)
    // The headers' patterns take what the sender sends: a signature during a rotation's overlap is two.
    const headers = Object.fromEntries((post?.parameters ?? []).map((p) => [p.name, p]))
    const pattern = (name: string) => new RegExp(((headers[name] as unknown as { schema: { pattern: string } }).schema).pattern)
    expect([pattern('webhook-timestamp').test('1796608230'), pattern('webhook-signature').test('v1,/42juOrARzWlfNnF6seC3gWQjnQX99UjG7AyGWqDGgA= v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=')]).toEqual([true, true])
  })

  it('does not hold other cases behind a case whose deliveries keep failing', async () => {
    const w = await world()
    let secret: string | undefined
    let stuck = ''
    const r = await receiver({ secret: () => secret, status: (_id, _n, d) => (d.data.caseId === stuck ? 500 : 204) })
    const sub = await subscribe(w, { url: r.url, eventTypes: ['*'] })
    secret = sub.secret
    stuck = await register(w)
    await ok(w, who.hotline, `/api/v1/complaints/${stuck}/accept`)
    const fine = await register(w)
    await ok(w, who.hotline, `/api/v1/complaints/${fine}/accept`)
    // The clock stands still: the stuck case's first event waits on its backoff, the other case goes on.
    await drive(w, () => r.received.length === 2)
    expect(r.received.map((x) => [x.delivery.data.caseId, x.delivery.data.version])).toEqual([[fine, 0], [fine, 1]])
    const log = await deliveries(w, sub.id)
    expect(log.filter((d) => d.caseId === stuck).map((d) => [d.eventType, d.status, d.attempts])).toEqual([
      ['ComplaintAccepted', 'pending', 0],
      ['ComplaintRegistered', 'pending', 1],
    ])
  })

  it('dead-letters a delivery after the last attempt to a failing receiver, and delivers it on a manual retry once it is fixed', async () => {
    const w = await world()
    let failing = true
    let secret: string | undefined
    const r = await receiver({ secret: () => secret, status: () => (failing ? 503 : 204) })
    const sub = await subscribe(w, { url: r.url, eventTypes: ['ComplaintRegistered', 'ComplaintAccepted'] })
    secret = sub.secret
    const c = await register(w)
    await ok(w, who.hotline, `/api/v1/complaints/${c}/accept`)
    const dead = async () => (await call(w, who.admin, 'GET', '/api/v1/webhooks/dead-letters')).body.items as Record<string, unknown>[]
    // Registered fails 4 times and is dead-lettered; then Accepted, no longer held behind it, does the same.
    await drive(w, async () => (await dead()).length === 2, sub.id)
    const letters = await dead()
    expect(letters.map((d) => d.eventType)).toEqual(['ComplaintAccepted', 'ComplaintRegistered'])
    for (const d of letters) {
      expect(d).toMatchObject({ status: 'dead', attempts: 4, failures: 4, lastStatusCode: 503 })
      expect((d.log as Record<string, unknown>[]).map((x) => x.statusCode)).toEqual([503, 503, 503, 503])
    }
    expect(r.received).toEqual([])
    // …and /metrics says so.
    const metrics = await (await fetch(`${w.server.url}/metrics`, { headers: { authorization: `Bearer ${ENV.METRICS_TOKEN}` } })).text()
    expect(metrics).toContain('gridcase_webhook_deliveries{status="dead"} 2')
    expect(metrics).toContain('gridcase_webhook_deliveries{status="pending"} 0')

    // Fixed: one retried by hand (202), then the rest of the subscription's dead letters at once.
    failing = false
    const registered = letters.find((d) => d.eventType === 'ComplaintRegistered')
    const one = await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/deliveries/${String(registered?.id)}/retry`)
    expect(one.status).toBe(202)
    expect(one.body).toMatchObject({ status: 'pending', failures: 0, attempts: 4 })
    await drive(w, () => r.received.length === 1)
    const all = await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/dead-letters/retry`)
    expect(all).toEqual({ status: 202, body: { retried: 1 } })
    await drive(w, () => r.received.length === 2)
    expect(r.received.map((x) => x.delivery.type)).toEqual(['ComplaintRegistered', 'ComplaintAccepted'])
    expect(await dead()).toEqual([])
    // A delivered one is no dead letter: retrying it is refused.
    const again = await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/deliveries/${String(registered?.id)}/retry`)
    expect(again.status).toBe(409)
    const log = await call(w, who.admin, 'GET', `/api/v1/webhooks/${sub.id}/deliveries/${String(registered?.id)}`)
    expect(log.body).toMatchObject({ status: 'delivered', attempts: 5 })
    // Every field of the delivery and its attempts is one /openapi.json describes, and the required ones are there.
    const schemas = ((await (await fetch(`${w.server.url}/openapi.json`)).json()) as { components: { schemas: Record<string, { required: string[]; properties: object }> } }).components.schemas
    const fits = (schema: string, value: Record<string, unknown>) => {
      const { required, properties } = schemas[schema] ?? { required: [], properties: {} }
      expect(Object.keys(value).filter((k) => !(k in properties)), schema).toEqual([])
      expect(required.filter((k) => !(k in value)), schema).toEqual([])
    }
    fits('WebhookDelivery', log.body)
    for (const attempt of log.body.log as Record<string, unknown>[]) fits('WebhookAttempt', attempt)
    for (const d of letters) fits('WebhookDelivery', d)
    expect((log.body.log as Record<string, unknown>[]).map((x) => x.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'delivered'])
  })

  it('disables a subscription whose receiver answers 410 Gone (Standard Webhooks): not retried, its pending deliveries dead letters, nothing queued while disabled; an admin enables it again', async () => {
    const w = await world()
    // 503 until both events are queued for it, then 410 Gone, then (enabled again) 204.
    let answer = 503
    let secret: string | undefined
    let witnessSecret: string | undefined
    const r = await receiver({ secret: () => secret, status: () => answer })
    // Another subscription, answering: what it has received the feeder has matched for both.
    const witness = await receiver({ secret: () => witnessSecret })
    const sub = await subscribe(w, { url: r.url, eventTypes: ['*'] })
    secret = sub.secret
    witnessSecret = (await subscribe(w, { url: witness.url, eventTypes: ['*'] })).secret
    const c = await register(w)
    await ok(w, who.hotline, `/api/v1/complaints/${c}/accept`)
    const got = async () => (await call(w, who.admin, 'GET', `/api/v1/webhooks/${sub.id}`)).body
    await drive(w, async () => witness.received.length === 2 && (await deliveries(w, sub.id)).length === 2)
    answer = 410
    await drive(w, async () => (await got()).status === 'disabled', sub.id)
    const disabled = await got()
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: expect.stringMatching(/^the receiver answered 410 Gone to delivery /) as unknown })
    expect(Date.parse(String(disabled.disabledAt))).toBeGreaterThan(0)
    expect((await call(w, who.admin, 'GET', '/api/v1/webhooks')).body.items).toContainEqual(disabled)
    // What an operator alerts on (the receiver's owner is to be told by other means: Standard Webhooks).
    const metrics = async () => (await fetch(`${w.server.url}/metrics`, { headers: { authorization: `Bearer ${ENV.METRICS_TOKEN}` } })).text()
    expect(await metrics()).toContain('gridcase_webhook_subscriptions{status="disabled"} 1')
    expect(await metrics()).toContain('gridcase_webhook_subscriptions{status="active"} 1')
    // The delivery answered 410 once, not retried for days; the case's next event, held behind it, never sent.
    const log = await deliveries(w, sub.id)
    expect(log.map((d) => [d.eventType, d.status, d.attempts, d.lastStatusCode])).toEqual([
      ['ComplaintAccepted', 'dead', 0, undefined],
      ['ComplaintRegistered', 'dead', 2, 410],
    ])
    const tries = r.requests()
    expect(log[0]?.lastError).toBe(`not sent: the subscription was disabled (${String(disabled.disabledReason)})`)
    // Far past any backoff here (at most 2 s), within the receivers' 5-minute timestamp window.
    w.clock.advance(60_000)
    // Nothing new is queued for it while disabled (the witness gets the event: it was matched).
    await ok(w, who.hotline, `/api/v1/complaints/${c}/dispatch`, { unit: gridUnit })
    await drive(w, () => witness.received.length === 3)
    expect(await deliveries(w, sub.id)).toHaveLength(2)
    expect(r.requests()).toBe(tries)
    // Its dead letters are not retried while it is disabled: 400, saying to enable it first.
    const refused = await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/dead-letters/retry`)
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('enable it first')
    // Enabling is an admin's, within its jurisdiction; only a disabled subscription is enabled (another is 409).
    expect((await call(w, who.hotline, 'POST', `/api/v1/webhooks/${sub.id}/enable`)).status).toBe(403)
    expect((await call(w, who.otherAdmin, 'POST', `/api/v1/webhooks/${sub.id}/enable`)).status).toBe(404)
    expect((await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/enable?x=1`)).status).toBe(400)
    answer = 204
    const enabled = await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/enable`)
    expect(enabled).toMatchObject({ status: 200, body: { id: sub.id, status: 'active' } })
    expect(enabled.body.disabledReason).toBeUndefined()
    expect((await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/enable`)).status).toBe(409)
    expect(await metrics()).toContain('gridcase_webhook_subscriptions{status="disabled"} 0')
    // What the disabling held back is sent again with the enable, in order, under the same webhook-ids (nothing left for
    // the dead-letter retry); new events are queued again.
    await drive(w, () => r.received.length === 2)
    expect(await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/dead-letters/retry`)).toEqual({ status: 202, body: { retried: 0 } })
    expect(r.received.map((x) => x.delivery.type)).toEqual(['ComplaintRegistered', 'ComplaintAccepted'])
    expect(new Set(r.received.map((x) => x.id))).toEqual(new Set(log.map((d) => d.id)))
    // What was recorded while it was disabled (the dispatch: case c's version 2) is never sent. The receiver sees the gap
    // in the case's versions (0, 1, then 3 at its next event) and reads what it missed from the event log, from after the
    // last position it was delivered, with a read-only token of its own (packages/http/README.md, "What a receiver missed").
    const last = Math.max(...r.received.map((x) => x.delivery.data.position))
    const page = await call(w, who.auditor, 'GET', `/api/v1/events?from=${last + 1}&limit=100`)
    const missed = (page.body.events as { streamId: string; version: number; type: string }[]).filter((e) => e.streamId === `complaint-${c}`)
    expect(missed.map((e) => [e.version, e.type])).toEqual([[2, 'ComplaintDispatched']])
    await register(w)
    await drive(w, () => r.received.length === 3)
    // The OpenAPI document has the route, and the disabled subscription's fields.
    const spec = (await (await fetch(`${w.server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>
      components: { schemas: Record<string, { required: string[]; properties: Record<string, { enum?: string[] }> }> }
    }
    expect(Object.keys(spec.paths['/api/v1/webhooks/{id}/enable'] ?? {})).toEqual(['post'])
    const schema = spec.components.schemas['WebhookSubscription']
    expect(Object.keys(disabled).filter((k) => !(k in (schema?.properties ?? {})))).toEqual([])
    expect(schema?.properties['status']?.enum).toEqual(['active', 'disabled', 'deleted'])
  })

  it('masks personal data unless the subscription may have it, and a 举报 for every subscription', async () => {
    let maskedSecret: string | undefined
    let fullSecret: string | undefined
    const masked = await receiver({ secret: () => maskedSecret })
    const full = await receiver({ secret: () => fullSecret })
    const w = await world(personalDataTo(full))
    maskedSecret = (await subscribe(w, { url: masked.url, eventTypes: ['ComplaintRegistered'] })).secret
    fullSecret = (await subscribe(w, { url: full.url, eventTypes: ['ComplaintRegistered'], personalData: true })).secret
    const complaint = await register(w)
    const report = await register(w, GRID, { kind: 'report', complainant: { name: '李明', phone: '13912345678' } })
    await drive(w, () => masked.received.length === 2 && full.received.length === 2)
    const raw = (r: Receiver) => JSON.stringify(r.received.map((x) => x.delivery))
    const of = (r: Receiver, id: string) => r.received.find((x) => x.delivery.data.caseId === id)?.delivery.data
    // Never a name or a phone to the subscription without personal data.
    for (const secretText of ['王芳', '13800138000', '李明', '13912345678']) expect(raw(masked)).not.toContain(secretText)
    expect(of(masked, complaint)).toMatchObject({ personalData: 'masked', data: { complainant: { name: '王*', phone: '138****8000' } } })
    // In full to the one allowed it…
    expect(of(full, complaint)).toMatchObject({ personalData: 'full', data: { complainant: complainant } })
    // …but not who made a 举报 (only the hotline and supervisors may know).
    expect(of(full, report)).toMatchObject({ personalData: 'masked', data: { complainant: { name: '李*', phone: '139****5678' } } })
    expect(raw(full)).not.toContain('李明')
  })

  it('masks the names of the case’s people in free text too (a note, a description), as the event log does', async () => {
    let maskedSecret: string | undefined
    let fullSecret: string | undefined
    const masked = await receiver({ secret: () => maskedSecret })
    const full = await receiver({ secret: () => fullSecret })
    const w = await world(personalDataTo(full))
    const eventTypes = ['ComplaintRegistered', 'ComplaintNoteAdded']
    maskedSecret = (await subscribe(w, { url: masked.url, eventTypes })).secret
    fullSecret = (await subscribe(w, { url: full.url, eventTypes, personalData: true })).secret
    const complaint = await register(w, GRID, { description: '王芳反映暖气一周不热' })
    const report = await register(w, GRID, { kind: 'report', description: '李明举报楼道堆物', complainant: { name: '李明', phone: '13912345678' } })
    // Notes come after the event that names the people: a delivery of one event still knows its case's names.
    await ok(w, who.supervisor, `/api/v1/complaints/${complaint}/add-note`, { note: '请尽快电话联系王芳' })
    await ok(w, who.supervisor, `/api/v1/complaints/${report}/add-note`, { note: '李明要求保密' })
    await drive(w, () => masked.received.length === 4 && full.received.length === 4)
    const raw = (r: Receiver) => JSON.stringify(r.received.map((x) => x.delivery))
    const notes = (r: Receiver, id: string) => r.received.filter((x) => x.delivery.data.caseId === id).map((x) => x.delivery.data.data)
    for (const name of ['王芳', '李明']) expect(raw(masked)).not.toContain(name)
    expect(notes(masked, complaint)).toContainEqual(expect.objectContaining({ note: '请尽快电话联系王*' }))
    expect(raw(masked)).toContain('王*反映暖气一周不热')
    // In full to the subscription allowed it…
    expect(notes(full, complaint)).toContainEqual(expect.objectContaining({ note: '请尽快电话联系王芳' }))
    expect(raw(full)).toContain('王芳反映暖气一周不热')
    // …but who made a 举报 is masked for every subscription, in free text too.
    expect(raw(full)).not.toContain('李明')
    expect(notes(full, report)).toContainEqual(expect.objectContaining({ note: '李*要求保密' }))
  })

  it('sends personal data only to an origin the operator lists (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS): another is refused at create (400 at personalData, naming the setting); one kept from before its origin left the list is delivered masked, and says why', async () => {
    let listedSecret: string | undefined
    let unlistedSecret: string | undefined
    const listed = await receiver({ secret: () => listedSecret })
    const unlisted = await receiver({ secret: () => unlistedSecret })
    const w = await world(personalDataTo(listed, unlisted))
    const errorsOf = (r: { status: number; body: Record<string, unknown> }) => [r.status, (r.body.errors as { path: string; message: string }[] | undefined)?.map((e) => [e.path, e.message])]
    // Unset: no personal data to anyone, an https:// URL included (found in review: any URL an admin gave was sent names and phones).
    const none = await world()
    const refused = await call(none, who.admin, 'POST', '/api/v1/webhooks', { url: 'https://hooks.example.org/in', eventTypes: ['*'], personalData: true })
    expect(errorsOf(refused)).toEqual([400, [['personalData', expect.stringMatching(/^personal data may not be sent to url https:\/\/hooks\.example\.org: it is not among the origins the operator allows \(GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS, which names none\)/)]]])
    // Without personal data the same URL is taken; nothing was written by the refusal.
    expect((await call(none, who.admin, 'POST', '/api/v1/webhooks', { url: 'https://hooks.example.org/in', eventTypes: ['*'] })).status).toBe(201)
    expect(((await call(none, who.admin, 'GET', '/api/v1/webhooks')).body.items as unknown[]).length).toBe(1)
    // Listed: another port of the same host is another origin, refused, naming what is listed.
    const otherPort = await call(w, who.admin, 'POST', '/api/v1/webhooks', { url: `http://127.0.0.1:1/hooks`, eventTypes: ['*'], personalData: true })
    expect(errorsOf(otherPort)).toEqual([400, [['personalData', expect.stringContaining(`(GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: ${new URL(listed.url).origin}, ${new URL(unlisted.url).origin})`)]]])
    listedSecret = (await subscribe(w, { url: listed.url, eventTypes: ['ComplaintRegistered'], personalData: true })).secret
    const kept = await subscribe(w, { url: unlisted.url, eventTypes: ['ComplaintRegistered'], personalData: true })
    unlistedSecret = kept.secret
    expect((await call(w, who.admin, 'GET', `/api/v1/webhooks/${kept.id}`)).body).not.toHaveProperty('personalDataWithheld')
    // The operator takes the second origin off the list and restarts: the subscription stays, its deliveries are masked.
    await w.server.close()
    w.server = await boot(w.dataDir, w.clock, personalDataTo(listed))
    const complaint = await register(w)
    await drive(w, () => listed.received.length === 1 && unlisted.received.length === 1)
    const of = (r: Receiver) => r.received.find((x) => x.delivery.data.caseId === complaint)?.delivery.data
    expect(of(listed)).toMatchObject({ personalData: 'full', data: { complainant } })
    expect(of(unlisted)).toMatchObject({ personalData: 'masked', data: { complainant: { name: '王*', phone: '138****8000' } } })
    for (const secretText of ['王芳', '13800138000']) expect(JSON.stringify(unlisted.received.map((x) => x.delivery))).not.toContain(secretText)
    // An admin sees why, on the subscription and in the list; the listed one says nothing.
    const why = `${new URL(unlisted.url).origin} is not among the origins personal data may be sent to (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: ${new URL(listed.url).origin}): its deliveries are masked`
    expect((await call(w, who.admin, 'GET', `/api/v1/webhooks/${kept.id}`)).body).toMatchObject({ personalData: true, status: 'active', personalDataWithheld: expect.stringContaining(why) })
    const items = (await call(w, who.admin, 'GET', '/api/v1/webhooks')).body.items as Record<string, unknown>[]
    expect(items.map((x) => [x.url, x.personalDataWithheld === undefined])).toEqual(expect.arrayContaining([[listed.url, true], [unlisted.url, false]]))
    // And an operator, in /metrics.
    const metrics = await (await fetch(`${w.server.url}/metrics`, { headers: { authorization: `Bearer ${ENV.METRICS_TOKEN}` } })).text()
    expect(metrics).toContain('gridcase_webhook_subscriptions_personal_data_withheld 1')
    // The view's schema names it (additive).
    const spec = (await (await fetch(`${w.server.url}/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } }
    expect(Object.keys(spec.components.schemas['WebhookSubscription']?.properties ?? {})).toContain('personalDataWithheld')
  })

  it('sends only the event types and the jurisdiction prefix a subscription asks for', async () => {
    const w = await world()
    let allSecret: string | undefined
    let filteredSecret: string | undefined
    const everything = await receiver({ secret: () => allSecret })
    const filtered = await receiver({ secret: () => filteredSecret })
    allSecret = (await subscribe(w, { url: everything.url, eventTypes: ['*'] })).secret
    const sub = await subscribe(w, { url: filtered.url, eventTypes: ['ComplaintAccepted'], jurisdiction: STREET })
    filteredSecret = sub.secret
    const inside = await register(w, GRID)
    const outside = await register(w, OTHER_GRID)
    await ok(w, who.hotline, `/api/v1/complaints/${inside}/accept`)
    await ok(w, who.hotline, `/api/v1/complaints/${outside}/accept`)
    await drive(w, () => everything.received.length === 4)
    // Both subscriptions' deliveries are queued together, event by event: by now the filtered one has all of its own.
    expect((await deliveries(w, sub.id)).map((d) => [d.eventType, d.caseId])).toEqual([['ComplaintAccepted', inside]])
    await drive(w, () => filtered.received.length === 1)
    expect(filtered.received.map((x) => [x.delivery.type, x.delivery.data.caseId, x.delivery.data.jurisdiction])).toEqual([['ComplaintAccepted', inside, GRID]])
  })

  it('resumes a delivery waiting on its backoff after a restart', async () => {
    const w = await world()
    let secret: string | undefined
    const requests: string[] = []
    const r = await receiver({ secret: () => secret, status: (id, n) => (requests.push(id), n === 1 ? 500 : 204) })
    const sub = await subscribe(w, { url: r.url, eventTypes: ['ComplaintRegistered'] })
    secret = sub.secret
    await register(w)
    // The first attempt fails; the next is due 750 ms later (simulated): the clock stands still, so it waits.
    await drive(w, async () => ((await deliveries(w, sub.id))[0]?.attempts ?? 0) === 1)
    const waiting = (await deliveries(w, sub.id))[0]
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 })
    expect(Date.parse(String(waiting?.nextAttemptAt)) - Date.parse(w.clock.now())).toBe(750)
    // Restart: nothing in memory survives; the outbox in the data directory does.
    await w.server.close()
    w.server = await boot(w.dataDir, w.clock)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(r.received).toEqual([])
    w.clock.advance(750)
    await drive(w, () => r.received.length === 1)
    expect(requests).toEqual([waiting?.id, waiting?.id])
    expect(await deliveries(w, sub.id)).toMatchObject([{ id: waiting?.id, status: 'delivered', attempts: 2 }])
  })

  it('rotates a subscription’s secret without downtime: the new one shown once, a receiver still on the old one verifies every delivery during the window, across a restart; a bad secret is 400 naming it', async () => {
    const w = await world()
    let secret: string | undefined
    const r = await receiver({ secret: () => secret })
    const sub = await subscribe(w, { url: r.url, eventTypes: ['ComplaintRegistered'] })
    // The receiver keeps the old secret throughout (its owner has not moved yet).
    secret = sub.secret
    const rotated = await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/rotate-secret`)
    expect(rotated.status).toBe(200)
    expect(rotated.body).toMatchObject({ id: sub.id, status: 'active', previousSecretUntil: new Date(Date.parse(w.clock.now()) + 24 * 3_600_000).toISOString() })
    expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    expect(rotated.body.secret).not.toBe(sub.secret)
    // Shown once: the subscription's GET and list never carry either secret.
    expect(JSON.stringify((await call(w, who.admin, 'GET', `/api/v1/webhooks/${sub.id}`)).body)).not.toContain('whsec_')
    await register(w)
    await drive(w, () => r.received.length === 1)
    // Restart within the window (the clock stays near the real now: the example receiver checks the timestamp against
    // its own clock; the window's end is the adapters' dispatcher test): both secrets still sign.
    await w.server.close()
    w.server = await boot(w.dataDir, w.clock)
    await register(w)
    await drive(w, () => r.received.length === 2)
    expect(r.rejected).toEqual([])
    // A secret given in the body (the receiver's owner made it): whsec_ and base64 of 24 to 64 bytes, else 400 at secret.
    const given = `whsec_${Buffer.alloc(24, 7).toString('base64')}`
    const first = await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, { secret: given })
    expect(first).toMatchObject({ status: 200, body: { secret: given } })
    // The same call again (its answer lost, say) changes nothing: the secret it replaced still signs beside it.
    w.clock.advance(1_000)
    expect(await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, { secret: given })).toEqual(first)
    for (const bad of [`whsec_${Buffer.alloc(23, 7).toString('base64')}`, `whsec_${Buffer.alloc(65, 7).toString('base64')}`, Buffer.alloc(32, 7).toString('base64'), 'whsec_not base64!', 42]) {
      const refused = await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, { secret: bad })
      expect([refused.status, (refused.body.errors as { path: string }[]).map((e) => e.path)]).toEqual([400, ['secret']])
    }
    expect((await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, { secret: given, extra: 1 })).body.errors).toMatchObject([{ path: 'extra' }])
    // No such subscription: 404 as for every webhook route; a deleted one has no secret to rotate (409).
    const missing = await call(w, who.admin, 'GET', '/api/v1/webhooks/00000000-0000-4000-8000-000000000000')
    expect(await call(w, who.admin, 'POST', '/api/v1/webhooks/00000000-0000-4000-8000-000000000000/rotate-secret', {})).toEqual({ status: 404, body: missing.body })
    await call(w, who.admin, 'DELETE', `/api/v1/webhooks/${sub.id}`)
    expect((await call(w, who.admin, 'POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {})).status).toBe(409)
  })

  it('refuses to start with a bad GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS, naming it', () => {
    const config = readConfig({ PORT: '0', DATA_DIR: '/nonexistent', GRIDCASE_JWT_SECRET: SECRET, ...ENV, GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS: '0' })
    expect(config).toMatchObject({ left: { errors: [{ path: 'GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS' }] } })
  })

  it('keeps subscriptions and deliveries for the processes run elsewhere (GRIDCASE_PROCESSES=off), which deliver them', async () => {
    const w = await world()
    await w.server.close()
    w.server = await boot(w.dataDir, w.clock, { GRIDCASE_PROCESSES: 'off' })
    let secret: string | undefined
    const r = await receiver({ secret: () => secret })
    const sub = await subscribe(w, { url: r.url, eventTypes: ['ComplaintRegistered'] })
    secret = sub.secret
    const c = await register(w)
    await new Promise((resolve) => setTimeout(resolve, 300))
    // Nothing here delivers (nor even queues): the processes are not run by this server.
    expect(r.received).toEqual([])
    expect(await deliveries(w, sub.id)).toEqual([])
    // The processes started (here: a server with them on, over the same files) find the subscription and deliver.
    await w.server.close()
    w.server = await boot(w.dataDir, w.clock)
    await drive(w, () => r.received.length === 1)
    expect(r.received[0]?.delivery.data.caseId).toBe(c)
  })

  it('answers that carry a signing secret (create, its replay, rotate-secret) are never stored by a cache on the way: Cache-Control private, no-store', async () => {
    const w = await world()
    const token = `Bearer ${await signToken({ secret: SECRET }, who.admin)}`
    const post = (path: string, body: unknown, key?: string) =>
      fetch(`${w.server.url}${path}`, {
        method: 'POST',
        headers: { authorization: token, 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
        body: JSON.stringify(body),
      })
    const key = crypto.randomUUID()
    const body = { url: 'https://receiver.example.org/hooks', eventTypes: ['ComplaintRegistered'] }
    const created = await post('/api/v1/webhooks', body, key)
    const replayed = await post('/api/v1/webhooks', body, key)
    const { id } = (await created.json()) as { id: string }
    const rotated = await post(`/api/v1/webhooks/${id}/rotate-secret`, {})
    const answers = [created, replayed, rotated]
    expect(answers.map((r) => r.status)).toEqual([201, 201, 200])
    for (const r of answers) expect(r.headers.get('cache-control')).toBe('private, no-store')
    for (const r of [replayed, rotated]) expect(((await r.json()) as { secret: string }).secret).toMatch(/^whsec_/)
  })

  it('answers a create retried with its Idempotency-Key with the first subscription (and secret), writing nothing; another body is 422', async () => {
    const w = await world({ GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: 'https://receiver.example.org' })
    const body = { url: 'https://receiver.example.org/hooks', eventTypes: ['ComplaintRegistered'] }
    const key = crypto.randomUUID()
    const post = async (b: unknown, k: string = key) => {
      const res = await fetch(`${w.server.url}/api/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, who.admin)}`, 'content-type': 'application/json', 'idempotency-key': k },
        body: JSON.stringify(b),
      })
      return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as Record<string, unknown> }
    }
    const [first, again] = await Promise.all([post(body), post(body)])
    expect([first.status, again.status]).toEqual([201, 201])
    expect(again.body).toEqual(first.body)
    expect([first.replayed, again.replayed].sort()).toEqual([null, 'true'])
    expect((await post(body)).body).toEqual(first.body)
    expect((await post({ ...body, personalData: true })).status).toBe(422)
    expect((await post(body, 'not-a-uuid')).status).toBe(400)
    expect(((await call(w, who.admin, 'GET', '/api/v1/webhooks')).body.items as unknown[]).length).toBe(1)
    // Once its secret is rotated, the create's answer can no longer be repeated: a replay would show the new secret a
    // second time (the rotation showed it once), and one the create never made. 422, nothing shown — also after the
    // overlap window, when no previous secret is kept any more.
    const rotated = await call(w, who.admin, 'POST', `/api/v1/webhooks/${String(first.body.id)}/rotate-secret`)
    expect(rotated.status).toBe(200)
    w.clock.advance(25 * 3_600_000)
    const replay = await post(body)
    expect([replay.status, replay.body.type, JSON.stringify(replay.body).includes('whsec_')]).toEqual([422, 'urn:gridcase:problem:idempotency-key-reused', false])
  })

  it('refuses a receiver on a loopback, private or link-local address unless GRIDCASE_WEBHOOK_ALLOW allows it (400 naming url)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-webhooks-'))
    const clock = manualClock(new Date().toISOString())
    const w: World = { dataDir, clock, server: await boot(dataDir, clock, { GRIDCASE_WEBHOOK_ALLOW: '' }) }
    worlds.push(w)
    for (const url of ['http://127.0.0.1:9/hooks', 'http://localhost:9/hooks', 'http://[::1]:9/hooks', 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/hooks', 'http://192.168.0.10/hooks',
      // 169.254.169.254 written as IPv6: through NAT64's prefix, 6to4, IPv4-compatible (each was 201 before).
      'http://[64:ff9b::a9fe:a9fe]/latest/meta-data/', 'http://[2002:a9fe:a9fe::1]/', 'http://[::a9fe:a9fe]/']) {
      const r = await call(w, who.admin, 'POST', '/api/v1/webhooks', { url, eventTypes: ['*'] })
      expect([url, r.status, r.body.type, (r.body.errors as { path: string; message: string }[]).map((e) => [e.path, /refused unless GRIDCASE_WEBHOOK_ALLOW allows it$/.test(e.message)])]).toEqual([
        url, 400, 'urn:gridcase:problem:validation', [['url', true]],
      ])
    }
    expect((await call(w, who.admin, 'GET', '/api/v1/webhooks')).body).toEqual({ items: [] })
    // The same receiver on this machine, allowed by the operator (as in every other test here): created.
    const allowed = await world()
    expect((await call(allowed, who.admin, 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['*'] })).status).toBe(201)
  })

  it('refuses personal data to a plain http:// URL off this machine (400 at url; 个人信息保护法 art. 51); one an older build kept sends nothing, is disabled and counted in /metrics, and is not enabled again', async () => {
    let secret: string | undefined
    const r = await receiver({ secret: () => secret })
    const w = await world(personalDataTo(r))
    const refused = await call(w, who.admin, 'POST', '/api/v1/webhooks', { url: 'http://receiver.example.org/hooks', eventTypes: ['*'], personalData: true })
    expect([refused.status, (refused.body.errors as { path: string; message: string }[]).map((e) => [e.path, /个人信息保护法 art\. 51/.test(e.message)])]).toEqual([400, [['url', true]]])
    // A sidecar on this machine (loopback), https://, or no personal data: taken.
    const sidecar = await subscribe(w, { url: r.url, eventTypes: ['ComplaintRegistered'], personalData: true })
    secret = sidecar.secret
    expect((await call(w, who.admin, 'POST', '/api/v1/webhooks', { url: 'http://receiver.example.org/hooks', eventTypes: ['*'] })).status).toBe(201)
    const metrics = async () => (await fetch(`${w.server.url}/metrics`, { headers: { authorization: `Bearer ${ENV.METRICS_TOKEN}` } })).text()
    expect(await metrics()).toContain('gridcase_webhook_subscriptions_in_clear 0')
    // As an older build kept one: personal data to http:// off this machine (written in the file as it would have).
    const old = await subscribe(w, { url: r.url, eventTypes: ['ComplaintRegistered'], personalData: true })
    const file = new Database(join(w.dataDir, 'read-models.sqlite'))
    file.prepare('UPDATE webhook_subscriptions SET url = ? WHERE id = ?').run('http://receiver.example.org/hooks', old.id)
    file.close()
    expect(await metrics()).toContain('gridcase_webhook_subscriptions_in_clear 1')
    await register(w)
    await drive(w, async () => (await call(w, who.admin, 'GET', `/api/v1/webhooks/${old.id}`)).body.status === 'disabled' && r.received.length === 1)
    // Nothing went in clear: the sidecar got its delivery, the old subscription's is a dead letter saying why.
    expect(r.received.map((x) => x.delivery.data.personalData)).toEqual(['full'])
    const listed = ((await call(w, who.admin, 'GET', '/api/v1/webhooks')).body.items as Record<string, unknown>[]).find((x) => x.id === old.id)
    expect(listed).toMatchObject({ status: 'disabled', disabledReason: expect.stringMatching(/^personal data would be sent in clear to http:\/\/receiver\.example\.org\/hooks \(个人信息保护法 art\. 51\)/) })
    expect(await deliveries(w, old.id)).toMatchObject([{ status: 'dead', attempts: 1, lastError: expect.stringMatching(/^refused: personal data would be sent in clear/) }])
    expect(await metrics()).toContain('gridcase_webhook_subscriptions{status="disabled"} 1')
    // Enabling it would only disable it again at the next delivery: refused, naming url, until it is replaced.
    const enable = await call(w, who.admin, 'POST', `/api/v1/webhooks/${old.id}/enable`)
    expect([enable.status, (enable.body.errors as { path: string }[]).map((e) => e.path)]).toEqual([400, ['url']])
    expect((await call(w, who.admin, 'GET', `/api/v1/webhooks/${old.id}`)).body.status).toBe('disabled')
  })

  it('does not start in production without the key signing secrets are sealed with (named), before opening anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-webhooks-'))
    try {
      const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, ...ENV })
      if (config._tag === 'Left') throw new Error(config.left.message)
      await expect(startGridcaseServer({ ...config.right, production: true }, { logger: pino({ level: 'silent' }) })).rejects.toThrow(
        /^GRIDCASE_WEBHOOK_SECRETS_KEY_FILE \(or GRIDCASE_WEBHOOK_SECRETS_KEY\) is required in production/,
      )
      expect(readdirSync(dataDir)).toEqual([])
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('refuses a bad subscription body with 400 naming each field', async () => {
    const w = await world()
    const url = 'https://receiver.example.org/hooks'
    const bad = async (body: unknown) => {
      const r = await call(w, who.admin, 'POST', '/api/v1/webhooks', body)
      expect(r.status).toBe(400)
      expect(r.body.type).toBe('urn:gridcase:problem:validation')
      return (r.body.errors as { path: string }[]).map((e) => e.path)
    }
    expect(await bad({})).toEqual(['url', 'eventTypes'])
    expect(await bad({ url: 'ftp://receiver.example.org/x', eventTypes: ['*'] })).toEqual(['url'])
    expect(await bad({ url: 'https://user:pw@receiver.example.org/x', eventTypes: ['*'] })).toEqual(['url'])
    expect(await bad({ url, eventTypes: [] })).toEqual(['eventTypes'])
    expect(await bad({ url, eventTypes: ['ComplaintRegistered', 'ComplaintRegisterd'] })).toEqual(['eventTypes[1]'])
    expect(await bad({ url, eventTypes: ['*'], jurisdiction: 'Not A Path!' })).toEqual(['jurisdiction'])
    expect(await bad({ url, eventTypes: ['*'], personalData: 'yes' })).toEqual(['personalData'])
    expect(await bad({ url, eventTypes: ['*'], secret: 'mine' })).toEqual(['secret'])
    expect(await bad([])).toEqual(['(root)'])
    expect(await bad({ url, eventTypes: ['*'], description: 'a\ud800b' })).toEqual(['description'])
    expect(await bad({ url, eventTypes: [[[[['*']]]]] })).toEqual(['(root)'])
    expect((await call(w, who.admin, 'GET', '/api/v1/webhooks')).body).toEqual({ items: [] })
  })

  it('is for admins only (403 for other roles), and a subscription outside an admin’s jurisdiction does not exist for it (404)', async () => {
    const w = await world()
    const body = { url: 'https://receiver.example.org/hooks', eventTypes: ['*'], jurisdiction: STREET }
    const sub = await subscribe(w, body)
    const paths: [string, string, unknown?][] = [
      ['POST', '/api/v1/webhooks', body],
      ['GET', '/api/v1/webhooks'],
      ['GET', '/api/v1/webhooks/dead-letters'],
      ['GET', `/api/v1/webhooks/${sub.id}`],
      ['DELETE', `/api/v1/webhooks/${sub.id}`],
      ['GET', `/api/v1/webhooks/${sub.id}/deliveries`],
      ['POST', `/api/v1/webhooks/${sub.id}/dead-letters/retry`],
      ['POST', `/api/v1/webhooks/${sub.id}/enable`],
      ['POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {}],
    ]
    for (const actor of [who.hotline, who.auditor, who.supervisor]) {
      for (const [method, path, b] of paths) expect((await call(w, actor, method, path, b)).status, `${actor.role} ${method} ${path}`).toBe(403)
    }
    for (const [method, path, b] of paths) expect((await call(w, undefined, method, path, b)).status).toBe(401)
    // Another district's admin: the subscription is not there for it, with the body of a missing one.
    const missing = await call(w, who.admin, 'GET', '/api/v1/webhooks/00000000-0000-4000-8000-000000000000')
    for (const path of [`/api/v1/webhooks/${sub.id}`, `/api/v1/webhooks/${sub.id}/deliveries`]) {
      const r = await call(w, who.otherAdmin, 'GET', path)
      expect(r).toEqual({ status: 404, body: missing.body })
    }
    expect((await call(w, who.otherAdmin, 'DELETE', `/api/v1/webhooks/${sub.id}`)).status).toBe(404)
    expect(await call(w, who.otherAdmin, 'POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {})).toEqual({ status: 404, body: missing.body })
    expect((await call(w, who.otherAdmin, 'GET', '/api/v1/webhooks')).body).toEqual({ items: [] })
    // …and it may not subscribe beyond its own jurisdiction.
    expect((await call(w, who.otherAdmin, 'POST', '/api/v1/webhooks', body)).status).toBe(403)
    // The admin who sees it lists it (without its secret) and deletes it: kept, deleted, its secret forgotten.
    const listed = (await call(w, who.admin, 'GET', '/api/v1/webhooks')).body.items as Record<string, unknown>[]
    expect(listed).toMatchObject([{ id: sub.id, jurisdiction: STREET, personalData: false, status: 'active', createdBy: 'admin-1' }])
    expect(JSON.stringify(listed)).not.toContain('whsec_')
    expect(await call(w, who.admin, 'DELETE', `/api/v1/webhooks/${sub.id}`)).toMatchObject({ status: 200, body: { status: 'deleted', deletedBy: 'admin-1' } })
    // The routes are in the OpenAPI document, whose schemas name every field the bodies have, and the required ones.
    const spec = (await (await fetch(`${w.server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>
      components: { schemas: Record<string, { required: string[]; properties: Record<string, unknown> }> }
    }
    expect(Object.keys(spec.paths['/api/v1/webhooks'] ?? {}).sort()).toEqual(['get', 'post'])
    expect(Object.keys(spec.paths['/api/v1/webhooks/{id}'] ?? {}).sort()).toEqual(['delete', 'get'])
    expect(Object.keys(spec.paths['/api/v1/webhooks/{id}/rotate-secret'] ?? {})).toEqual(['post'])
    const fits = (schema: string, body: Record<string, unknown>) => {
      const { required, properties } = spec.components.schemas[schema] ?? { required: [], properties: {} }
      expect(Object.keys(body).filter((k) => !(k in properties)), schema).toEqual([])
      expect(required.filter((k) => !(k in body)), schema).toEqual([])
    }
    const created = (await call(w, who.admin, 'POST', '/api/v1/webhooks', { ...body, description: 'schema check' })).body
    fits('CreatedWebhookSubscription', created)
    fits('WebhookSubscription', (await call(w, who.admin, 'GET', `/api/v1/webhooks/${String(created.id)}`)).body)
    fits('CreatedWebhookSubscription', (await call(w, who.admin, 'POST', `/api/v1/webhooks/${String(created.id)}/rotate-secret`)).body)
    fits('WebhookSubscription', (await call(w, who.admin, 'GET', `/api/v1/webhooks/${String(created.id)}`)).body)
    fits('WebhookSubscription', (await call(w, who.admin, 'DELETE', `/api/v1/webhooks/${String(created.id)}`)).body)
  })
})
