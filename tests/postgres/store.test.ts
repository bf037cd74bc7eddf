// What the PostgreSQL store does beyond the conformance suite: two writers (two pools) on one database,
// subscriptions woken across pools by NOTIFY, polling when no notification comes, a LISTEN connection
// that comes back, JSON kept byte for byte, and positions that stay dense through refused appends.
import { randomUUID } from 'node:crypto'
import { postgresEventStore, type PostgresEventStore } from '@gridcase/adapters'
import { handle, verifyStream, type RecordedEvent } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { counter, increment, newEvent, subscription } from '../store-conformance/fixtures.js'
import { describePostgres, dropSchema, expectEndedClientHeard, freshSchemaName, postgresUrl } from './database.js'
import { until } from '../helpers/until.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describePostgres('PostgreSQL store', () => {
  let schema: string
  const opened: PostgresEventStore[] = []
  const open = (options: { pollMs?: number } = {}): PostgresEventStore => {
    const store = postgresEventStore({ connectionString: postgresUrl(), schema, maxConnections: 4, ...options })
    opened.push(store)
    return store
  }
  beforeEach(() => {
    schema = freshSchemaName()
  })
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close()
    await dropSchema(postgresUrl(), schema)
  })

  // Found stopping PostgreSQL (pg_ctl stop -m fast) under a server, about one run in three: "terminating connection due
  // to administrator command" emitted as 'error' on a client the pool had handed out and that was between queries, with
  // no listener — an uncaught exception, which ends a server's process. Every client of the store's pool is heard now:
  // the failure reaches whoever uses the client through its next query, and the pool drops the broken client.
  it('a connection the server ends while a client of the pool is out between queries does not end the process', async () => {
    const store = open()
    await store.ready
    await expectEndedClientHeard(store.pool)
  })

  it('two writers with their own pools on one database lose no command of 50 in parallel per case, across both', async () => {
    const [a, b] = [open(), open()]
    const cases = Array.from({ length: 2 }, () => `counter-${randomUUID()}`)
    const outcomes = await Promise.all(
      cases.flatMap((streamId) =>
        Array.from({ length: 50 }, (_, i) => handle(i % 2 === 0 ? a : b, counter, streamId, increment(1), { maxRetries: 200 })),
      ),
    )
    expect(outcomes.filter(E.isLeft)).toEqual([])
    for (const streamId of cases) {
      const events = await b.readStream(streamId)
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: 50 }, (_, i) => i))
      expect(verifyStream(streamId, events)).toMatchObject({ ok: true, events: 50 })
    }
    const all = await a.readAll()
    expect(all.map((e) => e.position)).toEqual(Array.from({ length: 100 }, (_, i) => i))
  }, 60_000)

  it('a subscriber reading while two pools append sees every position once, in order, none skipped by a late commit', async () => {
    const [a, b, reader] = [open(), open(), open({ pollMs: 5 })]
    await Promise.all([a.ready, b.ready, reader.ready])
    const streams = Array.from({ length: 6 }, () => `conformance-${randomUUID()}`)
    const live = subscription(reader, 0)
    const seen = live.take(300, streams)
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const store = i % 2 === 0 ? a : b
        for (let k = 0; k < 5; k += 1) await store.appendToStream(streams[(i + k) % streams.length] as string, [newEvent('N', { i, k })], { expectedVersion: 'any' })
      }),
    )
    try {
      expect((await seen).map((e) => e.position)).toEqual(Array.from({ length: 300 }, (_, i) => i))
    } finally {
      await live.stop()
    }
  }, 60_000)

  it('twenty caught-up subscribers woken by one commit read it with one query, not twenty', async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl(), max: 4 })
    let pageReads = 0
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>
    ;(pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('WHERE position >=')) pageReads += 1
      return query(...args)
    }
    const reader = postgresEventStore({ pool, schema, pollMs: 60_000 })
    const writer = open()
    const streamId = `conformance-${randomUUID()}`
    try {
      await Promise.all([reader.ready, writer.ready])
      const live = Array.from({ length: 20 }, () => subscription(reader, 0))
      const next = live.map((l) => l.take(1, [streamId]))
      await sleep(500)
      const before = pageReads
      await writer.appendToStream(streamId, [newEvent('Noted', { n: 1 })], { expectedVersion: 'no-stream' })
      expect((await Promise.all(next)).map((events) => events.length)).toEqual(live.map(() => 1))
      expect(pageReads - before).toBeLessThanOrEqual(2)
      await Promise.all(live.map((l) => l.stop()))
    } finally {
      await reader.close()
      await pool.end()
    }
  })

  it("a subscriber on one pool is woken by NOTIFY at another pool's commit (polling is set to a minute)", async () => {
    const [writer, reader] = [open(), open({ pollMs: 60_000 })]
    const streamId = `conformance-${randomUUID()}`
    await writer.ready
    const live = subscription(reader, 0)
    try {
      // The subscription catches up (nothing) and waits before the commit is made.
      const next = live.take(1, [streamId])
      await sleep(300)
      await writer.appendToStream(streamId, [newEvent('Noted', { n: 1 })], { expectedVersion: 'no-stream' })
      expect((await next).map((e) => e.data)).toEqual([{ n: 1 }])
    } finally {
      await live.stop()
    }
  })

  it('a subscriber whose LISTEN connection was killed reconnects and still gets the next commit (polling is set to a minute)', async () => {
    const [writer, reader] = [open(), open({ pollMs: 60_000 })]
    const streamId = `conformance-${randomUUID()}`
    await writer.ready
    const live = subscription(reader, 0)
    const admin = new pg.Client({ connectionString: postgresUrl() })
    await admin.connect()
    try {
      await writer.appendToStream(streamId, [newEvent('Noted', { n: 1 })], { expectedVersion: 'no-stream' })
      expect(await live.take(1, [streamId])).toHaveLength(1)
      // The listener's LISTEN may not be in pg_stat_activity yet (the event can arrive by the wake-up at its connect): wait
      // until exactly one such backend is there, then terminate it.
      const listen = `LISTEN ${pg.escapeIdentifier(`gridcase_events:${schema}`)}`
      const listeners = async () => (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = $1`, [listen])).rows.map((r) => r.pid)
      let before: number[] = []
      await until(async () => (before = await listeners()).length === 1, { state: () => `LISTEN backends: ${before.join(', ')}` })
      expect(before).toHaveLength(1)
      const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid = $2`, [listen, before[0]])
      expect(killed.rowCount).toBe(1)
      // The subscriber waits; its listener reconnects (a second later), LISTENing on a new backend; only then comes the commit.
      const next = live.take(1, [streamId])
      let after: number[] = []
      await until(async () => (after = await listeners()).length === 1 && after[0] !== before[0], { state: () => `LISTEN backends: ${after.join(', ')}` })
      await writer.appendToStream(streamId, [newEvent('Noted', { n: 2 })], { expectedVersion: 0 })
      expect((await next).map((e) => e.data)).toEqual([{ n: 2 }])
    } finally {
      await admin.end()
      await live.stop()
    }
  })

  it('a commit that sent no notification is found by polling', async () => {
    const [writer, reader] = [open(), open({ pollMs: 50 })]
    const streamId = `conformance-${randomUUID()}`
    const first = await writer.appendToStream(streamId, [newEvent('Noted', { n: 1 })], { expectedVersion: 'no-stream' })
    const live = subscription(reader, 0)
    try {
      expect(await live.take(1, [streamId])).toHaveLength(1)
      // A copy of the row under the next position and version, written by plain SQL: no NOTIFY.
      const admin = new pg.Client({ connectionString: postgresUrl() })
      await admin.connect()
      await admin.query(
        `INSERT INTO ${pg.escapeIdentifier(schema)}.events SELECT position + 1, stream_id, version + 1, event_id || '-copy', type, schema_version, data, metadata, recorded_at, prev_hash, hash FROM ${pg.escapeIdentifier(schema)}.events WHERE position = $1`,
        [E.isRight(first) ? first.right.lastPosition : -1],
      )
      await admin.end()
      expect((await live.take(1, [streamId])).map((e) => e.version)).toEqual([1])
    } finally {
      await live.stop()
    }
  })

  it('keeps event data byte for byte: NUL and surrogate pairs in strings, JSON null beside absent data, and the chain verifies', async () => {
    const store = open()
    const streamId = `conformance-${randomUUID()}`
    const odd = { nul: 'a\u0000b', pair: '诉求 \ud83d\ude00', big: 1e21, small: 5e-324, negativeZero: 0, nested: [null, { '': '' }] }
    const events = [newEvent('Odd', odd), newEvent('Null', null), { ...newEvent('Absent', undefined), data: undefined }]
    expect(E.isRight(await store.appendToStream(streamId, events, { expectedVersion: 'no-stream' }))).toBe(true)
    const read = await open().readStream(streamId)
    expect(read.map((e) => e.data)).toEqual([odd, null, undefined])
    expect('data' in (read[2] as RecordedEvent) && (read[2] as RecordedEvent).data === undefined).toBe(true)
    expect(verifyStream(streamId, read)).toMatchObject({ ok: true, events: 3 })
  })

  it('keeps positions dense when appends of one group are refused or cannot be stored, and stores the rest of the group', async () => {
    const store = open()
    const [s1, s2, s3] = [`conformance-${randomUUID()}`, `conformance-${randomUUID()}`, `conformance-${randomUUID()}`]
    // Submitted in one loop turn: one transaction.
    const [ok1, conflict, unstorable, ok2] = await Promise.allSettled([
      store.appendToStream(s1, [newEvent('A', { n: 1 }), newEvent('A', { n: 2 })], { expectedVersion: 'no-stream' }),
      store.appendToStream(s2, [newEvent('B', { n: 1 })], { expectedVersion: 3 }),
      store.appendToStream(s3, [newEvent('C', { n: 10n })], { expectedVersion: 'any' }),
      store.appendToStream(s1, [newEvent('A', { n: 3 })], { expectedVersion: 1 }),
    ])
    expect(ok1.status === 'fulfilled' && E.isRight(ok1.value)).toBe(true)
    expect(conflict.status === 'fulfilled' && E.isLeft(conflict.value) && conflict.value.left.code).toBe('concurrency-conflict')
    expect(unstorable.status).toBe('rejected')
    expect(ok2.status === 'fulfilled' && E.isRight(ok2.value) && ok2.value.right.lastPosition).toBe(2)
    await store.appendToStream(s2, [newEvent('B', { n: 2 })], { expectedVersion: 'no-stream' })
    expect((await store.readAll()).map((e) => [e.position, e.streamId, e.version])).toEqual([
      [0, s1, 0],
      [1, s1, 1],
      [2, s1, 2],
      [3, s2, 0],
    ])
  })
})
