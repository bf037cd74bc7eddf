// A statement that does not end — a lock another session holds, a backend that stops answering (a network partition
// mid-query) — held a request with no bound: the server answered nothing, ever (README "A deployment"). With
// DATABASE_STATEMENT_TIMEOUT_MS the request answers 503 `unavailable` with Retry-After, as for a database that is down,
// writes nothing, and the server serves as before once the database answers again.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningServer } from '@gridcase/http'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from '../postgres/database.js'
import { startSignedServer } from './helpers/demoServer.js'

const SECRET = 'pg-timeout-secret-pg-timeout-secret!'

describePostgres('DATABASE_STATEMENT_TIMEOUT_MS: a statement that does not end answers 503', () => {
  const schema = freshSchemaName()
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-pg-timeout-'))
  let server: RunningServer | undefined
  beforeAll(async () => {
    server = await startSignedServer({ DATA_DIR: dir, DATABASE_URL: postgresUrl(), DATABASE_SCHEMA: schema, GRIDCASE_JWT_SECRET: SECRET, DATABASE_STATEMENT_TIMEOUT_MS: '500' })
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
    await dropSchema(postgresUrl(), schema)
  })

  const call = async (role: string, method: string, path: string, body?: unknown) => {
    if (server === undefined) throw new Error('the server is started in beforeAll')
    const started = Date.now()
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.demoTokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // Without a bound the request never answers: the test says so in 8 s rather than hang.
      signal: AbortSignal.timeout(8_000),
    })
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown>, ms: Date.now() - started }
  }
  const register = () =>
    call('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度',
      jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017', complainant: { name: '王女士', phone: '13800471234' },
    })

  it('a lock another session holds on the log: the read and the command answer 503 unavailable, Retry-After: 1; nothing written', async () => {
    const created = await register()
    expect(created.status).toBe(201)
    const path = `/api/v1/complaints/${String(created.body['id'])}`
    const locker = new pg.Client({ connectionString: postgresUrl() })
    await locker.connect()
    try {
      await locker.query('BEGIN')
      await locker.query(`LOCK TABLE ${pg.escapeIdentifier(schema)}.events IN ACCESS EXCLUSIVE MODE`)
      const [read, command] = await Promise.all([call('street-officer', 'GET', path), call('hotline-operator', 'POST', `${path}/accept`, {})])
      for (const answer of [read, command]) {
        expect([answer.status, answer.retryAfter, answer.body['type']]).toEqual([503, '1', 'urn:gridcase:problem:unavailable'])
        // Cancelled by the server after its 500 ms (and whatever queued before it), not after the client's grace.
        expect(answer.ms).toBeLessThan(5_000)
      }
    } finally {
      await locker.query('ROLLBACK')
      await locker.end()
    }
    // The database answers again: the same server serves, and the refused command wrote nothing.
    const after = await call('street-officer', 'GET', path)
    expect([after.status, after.body['version'], after.body['status']]).toEqual([200, 0, 'registered'])
  })

  // The bound is the requests': a read model built while its lock is held past the bound (another server changing its
  // format, or a rebuild's batch that takes longer) waits. Built on the store's pool, the case list's format change was
  // cancelled and the list was refused for good (until a restart).
  it('a server started while its read models wait 1.5 s past a 300 ms bound lists once they are built', async () => {
    const other = freshSchemaName()
    const otherDir = mkdtempSync(join(tmpdir(), 'gridcase-pg-timeout-'))
    const holder = new pg.Client({ connectionString: postgresUrl() })
    await holder.connect()
    // lockKeys.readModels (packages/adapters/src/postgres/locks.ts), on the new server's schema.
    await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [0x67726966, other])
    const released = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => holder.query('SELECT pg_advisory_unlock_all()'))
    let second: RunningServer | undefined
    try {
      second = await startSignedServer({ DATA_DIR: otherDir, DATABASE_URL: postgresUrl(), DATABASE_SCHEMA: other, GRIDCASE_JWT_SECRET: SECRET, DATABASE_STATEMENT_TIMEOUT_MS: '300' })
      await released
      const res = await fetch(`${second.url}/api/v1/complaints`, { headers: { authorization: `Bearer ${second.demoTokens['hotline-operator']}` }, signal: AbortSignal.timeout(8_000) })
      expect([res.status, ((await res.json()) as { items?: unknown[] }).items]).toEqual([200, []])
    } finally {
      await released.catch(() => undefined)
      await holder.end()
      await second?.close()
      rmSync(otherDir, { recursive: true, force: true })
      await dropSchema(postgresUrl(), other)
    }
  }, 60_000)

  // The bound is the requests': what follows the log in the background (the read models' catch-up and live feed, the
  // tree, the processes, the calendar the server keeps) reads it on the background pool. Read on the store's pool, a
  // server started while another session held the log (a VACUUM FULL, a LOCK TABLE) past the bound did not start (57014
  // on its first read of the log); a page read longer than the bound was cancelled and read again, for ever, and the read
  // models stood still.
  it('a server started while another session holds the log 1.5 s past a 300 ms bound starts once it is free, and lists', async () => {
    const other = freshSchemaName()
    const otherDir = mkdtempSync(join(tmpdir(), 'gridcase-pg-timeout-'))
    // The schema made and a case registered first (a log to read), by a server that then stops.
    const first = await startSignedServer({ DATA_DIR: otherDir, DATABASE_URL: postgresUrl(), DATABASE_SCHEMA: other, GRIDCASE_JWT_SECRET: SECRET })
    const registered = await fetch(`${first.url}/api/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.demoTokens['hotline-operator']}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度',
        jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017', complainant: { name: '王女士', phone: '13800471234' },
      }),
    })
    expect(registered.status).toBe(201)
    await first.close()
    const locker = new pg.Client({ connectionString: postgresUrl() })
    await locker.connect()
    await locker.query('BEGIN')
    await locker.query(`LOCK TABLE ${pg.escapeIdentifier(other)}.events IN ACCESS EXCLUSIVE MODE`)
    const released = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => locker.query('COMMIT'))
    let second: RunningServer | undefined
    try {
      second = await startSignedServer({ DATA_DIR: otherDir, DATABASE_URL: postgresUrl(), DATABASE_SCHEMA: other, GRIDCASE_JWT_SECRET: SECRET, DATABASE_STATEMENT_TIMEOUT_MS: '300' })
      await released
      const res = await fetch(`${second.url}/api/v1/complaints`, { headers: { authorization: `Bearer ${second.demoTokens['hotline-operator']}` }, signal: AbortSignal.timeout(8_000) })
      expect([res.status, ((await res.json()) as { items?: unknown[] }).items?.length]).toEqual([200, 1])
    } finally {
      await released.catch(() => undefined)
      await locker.end()
      await second?.close()
      rmSync(otherDir, { recursive: true, force: true })
      await dropSchema(postgresUrl(), other)
    }
  }, 60_000)
})
