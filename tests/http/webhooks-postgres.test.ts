// Outbound webhooks beside PostgreSQL: two real servers (what `npm start` runs) over one PostgreSQL schema — the
// throwaway server of the global setup or DATABASE_URL's — as two servers behind a reverse proxy would run. The
// outbox (subscriptions, deliveries, attempts) is in that database, so a subscription created on one server is the
// other's too, and an event written on either is delivered once, in order per case, validly signed, to the example
// receiver on a real port (which verifies every Standard Webhooks signature with the same library).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '../../examples/webhook-receiver/main.js'
import { runProcessesCli } from '../../packages/adapters/src/cli/processes.js'
import { generateWebhookSecretsKey } from '@gridcase/adapters'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from '../postgres/database.js'
import { until } from '../helpers/until.js'

const SECRET = 'webhooks-pg-test-secret-webhooks-pg-test'
const GRID = 'hohhot/saihan/wulanchabu-east-road/community-a/grid-001'
const who = {
  admin: { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' },
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
} satisfies Record<string, Actor>
const gridUnit = { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID }

const call = async (server: RunningServer, actor: Actor, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const answer = { status: res.status, body: (await res.json()) as Record<string, unknown> }
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300)
  return answer.body
}
const register = async (server: RunningServer) =>
  String(
    (
      await call(server, who.hotline, 'POST', '/api/v1/complaints', {
        channel: 'hotline-12345',
        kind: 'complaint',
        category: 'heating',
        title: '暖气不热',
        description: '暖气一周不热',
        jurisdiction: GRID,
        complainant: { name: '王芳', phone: '13800138000' },
      })
    )['id'],
  )

/** Servers over one fresh schema, torn down (with the schema) after the suite. */
const SECRETS_KEY = generateWebhookSecretsKey()
const deployment = (env: Record<string, string> = {}) => {
  const schema = freshSchemaName()
  const dirs: string[] = []
  const servers: RunningServer[] = []
  const boot = async (): Promise<RunningServer> => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-webhooks-pg-'))
    dirs.push(dir)
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      DATABASE_URL: postgresUrl(),
      DATABASE_SCHEMA: schema,
      GRIDCASE_JWT_SECRET: SECRET,
      GRIDCASE_WEBHOOK_POLL_MS: '20',
      GRIDCASE_WEBHOOK_ALLOW: '127.0.0.1',
      // One key for every server over the schema (and `gridcase processes`): the secrets are sealed at rest.
      GRIDCASE_WEBHOOK_SECRETS_KEY: SECRETS_KEY,
      ...env,
    })
    if (config._tag === 'Left') throw new Error(config.left.message)
    const server = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }), random: () => 0.5 })
    servers.push(server)
    return server
  }
  afterAll(async () => {
    for (const s of servers) await s.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    await dropSchema(postgresUrl(), schema)
  })
  return { schema, servers, boot }
}

describePostgres('outbound webhooks with two servers over one PostgreSQL', () => {
  const { servers, boot } = deployment()
  let receiver: Receiver
  let secret: string | undefined
  /** The webhook-id of every verified request, repeats included, in the order they came. */
  const requests: string[] = []
  beforeAll(async () => {
    receiver = await startReceiver({ secret: () => secret, status: (id) => (requests.push(id), 204) })
    await boot()
    await boot()
  })
  afterAll(async () => receiver?.close())

  it('a subscription created on one server gets every event written on either, each once (by webhook-id), in order per case, validly signed', async () => {
    const [a, b] = servers
    if (a === undefined || b === undefined) throw new Error('servers not started')
    const created = await call(a, who.admin, 'POST', '/api/v1/webhooks', { url: receiver.url, eventTypes: ['*'] })
    secret = String(created['secret'])
    const id = String(created['id'])
    // The other server has it too (one outbox, in the database).
    expect(await call(b, who.admin, 'GET', `/api/v1/webhooks/${id}`)).toMatchObject({ id, url: receiver.url, status: 'active' })

    // Cases registered on both servers, each moved on by the other one and back (a case's events written on both).
    const cases: string[] = []
    for (let i = 0; i < 3; i += 1) {
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a]
      const caseId = await register(first)
      cases.push(caseId)
      await call(second, who.hotline, 'POST', `/api/v1/complaints/${caseId}/accept`)
      await call(first, who.hotline, 'POST', `/api/v1/complaints/${caseId}/dispatch`, { unit: gridUnit })
    }
    const expected = (await a.store.readAll({ fromPosition: 0 })).filter((e) => e.streamId.startsWith('complaint-'))
    expect(expected).toHaveLength(9)
    await until(() => receiver.received.length >= expected.length, { everyMs: 100 })

    expect(receiver.rejected).toEqual([])
    // Every event exactly once: the events of the log, no other, and no webhook-id sent twice.
    expect(receiver.received.map((r) => r.delivery.data.eventId).sort()).toEqual(expected.map((e) => e.eventId).sort())
    expect(requests).toHaveLength(expected.length)
    expect(new Set(requests).size).toBe(expected.length)
    // In order per case: each case's versions arrive 0, 1, 2.
    for (const caseId of cases) expect(receiver.received.filter((r) => r.delivery.data.caseId === caseId).map((r) => r.delivery.data.version)).toEqual([0, 1, 2])
    // Both servers' delivery logs say the same: 9 delivered. The outcome is recorded after the receiver answered, so the
    // last one may still be in flight when the receiver has it: read until it is recorded (a generous bound).
    for (const server of [a, b]) {
      const statuses = async () => ((await call(server, who.admin, 'GET', `/api/v1/webhooks/${id}/deliveries`))['items'] as Record<string, unknown>[]).map((d) => d['status'])
      let seen = await statuses()
      await until(async () => !(seen = await statuses()).includes('pending'), { everyMs: 100, state: () => JSON.stringify(seen) })
      expect(seen).toEqual(Array.from({ length: 9 }, () => 'delivered'))
    }
  })
})

describePostgres('outbound webhooks beside PostgreSQL with the processes run apart (GRIDCASE_PROCESSES=off)', () => {
  const { schema, boot } = deployment({ GRIDCASE_PROCESSES: 'off' })

  it('the servers keep the subscription and queue nothing; `gridcase processes --database-url` feeds and delivers from the same tables', async () => {
    const server = await boot()
    let secret: string | undefined
    const receiver = await startReceiver({ secret: () => secret })
    try {
      const created = await call(server, who.admin, 'POST', '/api/v1/webhooks', { url: receiver.url, eventTypes: ['ComplaintRegistered'] })
      secret = String(created['secret'])
      const id = String(created['id'])
      const caseId = await register(server)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(receiver.received).toEqual([])
      expect((await call(server, who.admin, 'GET', `/api/v1/webhooks/${id}/deliveries`))['items']).toEqual([])
      let stop = () => {}
      const stopped = new Promise<void>((resolve) => {
        stop = resolve
      })
      let out = ''
      // `gridcase processes` reads its settings from the environment, as the servers do: the same allow list and key.
      const saved = { allow: process.env.GRIDCASE_WEBHOOK_ALLOW, key: process.env.GRIDCASE_WEBHOOK_SECRETS_KEY }
      process.env.GRIDCASE_WEBHOOK_ALLOW = '127.0.0.1'
      process.env.GRIDCASE_WEBHOOK_SECRETS_KEY = SECRETS_KEY
      const exit = runProcessesCli(['--database-url', postgresUrl(), '--schema', schema], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) }, stopped })
      try {
        await until(() => receiver.received.length >= 1, { everyMs: 100, state: () => out })
      } finally {
        stop()
        for (const [name, value] of [['GRIDCASE_WEBHOOK_ALLOW', saved.allow], ['GRIDCASE_WEBHOOK_SECRETS_KEY', saved.key]] as const) {
          if (value === undefined) delete process.env[name]
          else process.env[name] = value
        }
      }
      expect(await exit, out).toBe(0)
      expect(receiver.rejected).toEqual([])
      expect(receiver.received.map((r) => [r.delivery.type, r.delivery.data.caseId])).toEqual([['ComplaintRegistered', caseId]])
      expect(out).toContain('active webhooks')
      // The server reads the delivery log the processes wrote (one outbox, in the schema).
      expect(((await call(server, who.admin, 'GET', `/api/v1/webhooks/${id}/deliveries`))['items'] as Record<string, unknown>[]).map((d) => d['status'])).toEqual(['delivered'])
    } finally {
      await receiver.close()
    }
  })
})
