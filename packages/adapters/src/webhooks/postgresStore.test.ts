// The PostgreSQL outbox under several servers at once: two stores on two pools over one schema (two machines), each
// feeding every event as its own feeder would, while subscriptions are created on both. What SQLite gets from its
// single writer PostgreSQL must get from the outbox's advisory lock (postgresStore.ts says why).
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from '../../../../tests/postgres/database.js'
import { postgresWebhookStore } from './postgresStore.js'
import { generateWebhookSecretsKey, isSealedSecret, secretSealer } from './sealedSecrets.js'
import { newWebhookSecret } from './secret.js'
import type { WebhookStore } from './store.js'

describePostgres('the PostgreSQL webhook outbox shared by two servers', () => {
  const schema = freshSchemaName()
  const pools: pg.Pool[] = []
  let a: WebhookStore
  let b: WebhookStore
  beforeAll(() => {
    for (let i = 0; i < 2; i += 1) pools.push(new pg.Pool({ connectionString: postgresUrl(), max: 6 }))
    const [pa, pb] = pools
    if (pa === undefined || pb === undefined) throw new Error('no pools')
    a = postgresWebhookStore({ pool: pa, schema })
    b = postgresWebhookStore({ pool: pb, schema })
  })
  afterAll(async () => {
    for (const pool of pools) await pool.end()
    await dropSchema(postgresUrl(), schema)
  })

  it('queues each event once per subscription, every event after a subscription’s start and none before, one due per case, however feeders and creates interleave', async () => {
    const events = 60
    // What each server's feeder does with an event (react): pass it over while nothing is subscribed, else queue it.
    const feed = async (store: WebhookStore, position: number) => {
      if (await store.passOverIfNone(position)) return
      const stream = `case-${position % 4}`
      await store.enqueue(
        { position, streamId: stream, eventId: `e${position}`, eventType: 'ComplaintNoteAdded', caseType: 'complaint', caseId: stream, jurisdiction: 'hohhot/x', nowMs: position, deliveryId: (s) => `${s}:${position}` },
        () => true,
      )
    }
    const feeder = async (store: WebhookStore) => {
      for (let position = 0; position < events; position += 1) await feed(store, position)
    }
    // Subscriptions created on both servers while the feeders run, each by a caller that saw an old end of the log (-1).
    const creator = async (store: WebhookStore, prefix: string) => {
      for (let i = 0; i < 4; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 3 + i * 7))
        await store.create({ id: `${prefix}${i}`, url: 'http://127.0.0.1:1/', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: 'whsec_AAAA', createdAt: '2026-03-02T00:00:00Z', createdBy: 'admin', logPosition: -1 })
      }
    }
    await Promise.all([feeder(a), feeder(b), creator(a, 'a'), creator(b, 'b')])
    const subscriptions = await a.list()
    expect(subscriptions).toHaveLength(8)
    for (const s of subscriptions) {
      const queued = (await b.deliveries({ subscriptionIds: [s.id], limit: 1000 })).map((d) => d.position).sort((x, y) => x - y)
      // Exactly the events after its start, each once: none owed and never queued, none twice.
      const owed = Array.from({ length: events }, (_, p) => p).filter((p) => p > s.fromPosition)
      expect({ id: s.id, queued }).toEqual({ id: s.id, queued: owed })
    }
    // Per (subscription, case) only the earliest pending delivery is due; the rest are held behind it.
    const due = await a.due(Number.MAX_SAFE_INTEGER - 1, 1000)
    const heads = new Set(due.map((d) => `${d.subscriptionId}/${d.streamId}`))
    expect(heads.size).toBe(due.length)
    for (const d of due) {
      const ofCase = (await a.deliveries({ subscriptionIds: [d.subscriptionId], limit: 1000 })).filter((x) => x.streamId === d.streamId)
      expect(Math.min(...ofCase.map((x) => x.position))).toBe(d.position)
    }
  })
})

describePostgres('the PostgreSQL webhook outbox keeps secrets sealed', () => {
  const schema = freshSchemaName()
  let pool: pg.Pool
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl(), max: 2 })
  })
  afterAll(async () => {
    await pool.end()
    await dropSchema(postgresUrl(), schema)
  })

  it('stores the sealed text (a reader of the schema holds no secret), and gives the secret back to the route and to the dispatcher', async () => {
    const sealer = secretSealer(Buffer.from(generateWebhookSecretsKey(), 'base64'))
    const store = postgresWebhookStore({ pool, schema }, { secrets: sealer })
    const secret = newWebhookSecret()
    await store.create({ id: 's1', url: 'https://hooks.example.org/x', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret, createdAt: '2026-03-02T00:00:00Z', createdBy: 'admin-1', logPosition: -1 })
    const raw = (await pool.query<{ secret: string }>(`SELECT secret FROM ${pg.escapeIdentifier(schema)}.webhook_subscriptions WHERE id = 's1'`)).rows[0]?.secret ?? ''
    expect(isSealedSecret(raw)).toBe(true)
    expect(raw).not.toContain(secret.slice(6))
    expect(await store.secret('s1')).toBe(secret)
    await store.enqueue({ position: 0, streamId: 'complaint-x', eventId: 'e0', eventType: 'ComplaintRegistered', caseType: 'complaint', caseId: 'x', jurisdiction: 'hohhot/a', nowMs: 0, deliveryId: (s) => `${s}:0` }, () => true)
    expect((await store.due(1, 10)).map((d) => d.secret)).toEqual([secret])
    await expect(postgresWebhookStore({ pool, schema }, { secrets: secretSealer(Buffer.from(generateWebhookSecretsKey(), 'base64')) }).secret('s1')).rejects.toThrow(/does not open/)
  })

  it('seals the secrets kept in clear before a key was configured, once a server opens the outbox with one', async () => {
    const cleared = freshSchemaName()
    try {
      const before = postgresWebhookStore({ pool, schema: cleared })
      const secret = newWebhookSecret()
      await before.create({ id: 'c1', url: 'https://hooks.example.org/c', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret, createdAt: '2026-03-02T00:00:00Z', createdBy: 'admin-1', logPosition: -1 })
      const raw = async () => (await pool.query<{ secret: string }>(`SELECT secret FROM ${pg.escapeIdentifier(cleared)}.webhook_subscriptions WHERE id = 'c1'`)).rows[0]?.secret ?? ''
      expect(await raw()).toBe(secret)
      const after = postgresWebhookStore({ pool, schema: cleared }, { secrets: secretSealer(Buffer.from(generateWebhookSecretsKey(), 'base64')) })
      expect(await after.secret('c1')).toBe(secret)
      expect(isSealedSecret(await raw())).toBe(true)
      expect(await raw()).not.toContain(secret.slice(6))
      // Another clear one, then a server with another key: it seals nothing and its outbox says why.
      const more = newWebhookSecret()
      await postgresWebhookStore({ pool, schema: cleared }).create({ id: 'c2', url: 'https://hooks.example.org/c2', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: more, createdAt: '2026-03-02T00:00:00Z', createdBy: 'admin-1', logPosition: -1 })
      const wrong = postgresWebhookStore({ pool, schema: cleared }, { secrets: secretSealer(Buffer.from(generateWebhookSecretsKey(), 'base64')) })
      await expect(wrong.secret('c2')).rejects.toThrow(/^GRIDCASE_WEBHOOK_SECRETS_KEY\(_FILE\) does not open the webhook signing secrets already sealed/)
      expect((await pool.query<{ secret: string }>(`SELECT secret FROM ${pg.escapeIdentifier(cleared)}.webhook_subscriptions WHERE id = 'c2'`)).rows[0]?.secret).toBe(more)
    } finally {
      await dropSchema(postgresUrl(), cleared)
    }
  })
})

describePostgres('the PostgreSQL webhook outbox in a schema made by an earlier build', () => {
  const schema = freshSchemaName()
  let pool: pg.Pool
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl(), max: 4 })
  })
  afterAll(async () => {
    await pool.end()
    await dropSchema(postgresUrl(), schema)
  })

  it('gets the columns a disabled subscription and a rotated secret need, its subscriptions kept; servers opening it at once add them once', async () => {
    const s = pg.escapeIdentifier(schema)
    // The table as it shipped before 410 Gone disabled a subscription, with a subscription in it.
    await pool.query(`CREATE SCHEMA ${s}`)
    await pool.query(`CREATE TABLE ${s}.webhook_subscriptions (
      id text PRIMARY KEY, url text NOT NULL, event_types text NOT NULL, jurisdiction text NOT NULL,
      personal_data integer NOT NULL, description text, secret text, status text NOT NULL,
      created_at bigint NOT NULL, created_by text NOT NULL, from_position bigint NOT NULL,
      deleted_at bigint, deleted_by text)`)
    await pool.query(`INSERT INTO ${s}.webhook_subscriptions VALUES ('old', 'http://127.0.0.1:1/hooks', '["*"]', 'hohhot', 0, NULL, 'whsec_AAAA', 'active', 0, 'admin-1', -1, NULL, NULL)`)
    const [store, other] = [postgresWebhookStore({ pool, schema }), postgresWebhookStore({ pool, schema })]
    expect(await Promise.all([store.get('old'), other.get('old')])).toMatchObject([{ status: 'active' }, { status: 'active' }])
    await store.enqueue({ position: 1, streamId: 'a', eventId: 'e1', eventType: 'ComplaintNoteAdded', caseType: 'complaint', caseId: 'a', jurisdiction: 'hohhot/x', nowMs: 0, deliveryId: (id) => `${id}:1` }, () => true)
    await store.record('old:1', { outcome: 'failed', atMs: 1_000, durationMs: 1, statusCode: 410, error: 'HTTP 410' }, undefined, { reason: 'gone' })
    expect(await other.list()).toMatchObject([{ id: 'old', status: 'disabled', disabledAt: '1970-01-01T00:00:01.000Z', disabledReason: 'gone' }])
    expect(await other.enable('old', 2_000)).toMatchObject({ status: 'active' })
    expect(await store.secret('old')).toBe('whsec_AAAA')
    // Its secret can be rotated (the columns a rotation keeps the old one in).
    expect(await other.rotate('old', 'whsec_BBBB', 3_000, 4_000)).toMatchObject({ previousSecretUntil: '1970-01-01T00:00:04.000Z' })
    expect((await store.due(3_999, 10)).map((d) => [d.secret, d.previousSecret])).toEqual([['whsec_BBBB', 'whsec_AAAA']])
  })
})
