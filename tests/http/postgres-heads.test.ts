// Signed tree heads beside PostgreSQL: kept in the store's schema (`tree_heads`, `merkle_chunks`), so every server
// over the database serves the heads any of them signed, and a server that starts later resumes the tree from the
// stored chunks. The signing key is a file every server is given; it never enters the database.
import { generateHeadKey, headVerifier } from '@gridcase/adapters'
import type { SignedTreeHead } from '@gridcase/core/audit'
import type { RunningServer } from '@gridcase/http'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from '../postgres/database.js'
import { demoCall, startSignedServer } from './helpers/demoServer.js'
import { until } from '../helpers/until.js'

describePostgres('tree heads beside PostgreSQL (two servers)', () => {
  const schema = freshSchemaName()
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-pg-heads-'))
  const keyFile = join(dir, 'head.pem')
  const key = generateHeadKey()
  writeFileSync(keyFile, key.privateKeyPem)
  const servers: RunningServer[] = []
  const start = async (name: string) => {
    const server = await startSignedServer({
      DATA_DIR: join(dir, name),
      DATABASE_URL: postgresUrl(),
      DATABASE_SCHEMA: schema,
      GRIDCASE_JWT_SECRET: 'pg-heads-secret-pg-heads-secret-pg!!',
      GRIDCASE_HEAD_KEY_FILE: keyFile,
      GRIDCASE_HEAD_EVERY_EVENTS: '100',
      GRIDCASE_HEAD_EVERY_SECONDS: '3600',
    })
    servers.push(server)
    return server
  }
  afterAll(async () => {
    for (const s of servers) await s.close()
    rmSync(dir, { recursive: true, force: true })
    await dropSchema(postgresUrl(), schema)
  })

  it('heads signed by A are served by B, their proofs check on B, and a server started later resumes from the stored chunks', async () => {
    const a = await start('a')
    const b = await start('b')
    const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'op', role: 'admin' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-03-02T01:00:00Z' }
    // 300 events straight into the log (more than one chunk of 256 leaves).
    for (let i = 0; i < 30; i += 1) {
      await a.store.appendToStream(`note-${i}`, Array.from({ length: 10 }, (_, k) => ({ type: 'Noted', schemaVersion: 1, data: { k }, metadata })), { expectedVersion: 'any' })
    }
    const headsOn = async (server: RunningServer) =>
      ((await demoCall(() => server)('auditor', 'GET', '/api/v1/audit/heads')).body as unknown as { heads: SignedTreeHead[] }).heads.map((h) => h.treeSize)
    await until(async () => (await headsOn(b)).includes(300), { everyMs: 100 })
    const onB = await headsOn(b)
    expect(onB).toContain(300)
    expect(onB).toEqual(await headsOn(a))
    const proof = await demoCall(() => b)('auditor', 'GET', '/api/v1/audit/proof?from=100&to=300')
    expect(proof.status).toBe(200)

    const db = new pg.Client({ connectionString: postgresUrl() })
    await db.connect()
    try {
      const chunks = await db.query(`SELECT chunk FROM ${pg.escapeIdentifier(schema)}.merkle_chunks ORDER BY chunk`)
      expect(chunks.rows.map((r: { chunk: number }) => r.chunk)).toEqual([0])
      const stored = await db.query<{ tree_size: string; signature: string }>(`SELECT tree_size, root_hash, timestamp, key_id, signature FROM ${pg.escapeIdentifier(schema)}.tree_heads ORDER BY tree_size`)
      const heads = stored.rows.map((r) => ({ ...r, treeSize: Number(r.tree_size) }))
      expect(heads.map((h) => h.treeSize)).toEqual(onB)
      // Nothing of the private key is in the database.
      const secret = readFileSync(keyFile, 'utf8').split('\n').filter((l) => !l.startsWith('-----')).join('')
      expect(JSON.stringify(stored.rows)).not.toContain(secret)
    } finally {
      await db.end()
    }
    const c = await start('c')
    const onC = await headsOn(c)
    expect(onC).toEqual(onB)
    const body = (await demoCall(() => c)('auditor', 'GET', '/api/v1/audit/heads')).body as unknown as { heads: SignedTreeHead[] }
    expect(body.heads.every((h) => headVerifier([key.publicKeyPem]).check(h) === 'ok')).toBe(true)
    expect((await demoCall(() => c)('auditor', 'GET', '/api/v1/audit/proof?from=100&to=300')).status).toBe(200)
  }, 60_000)

  it('a stored chunk edited in the schema (derived data, the events untouched) is derived again from the events at the next start, written back, and signing goes on (found in review: the write-back was untested beside PostgreSQL, and ON CONFLICT DO NOTHING kept the edited row)', async () => {
    for (const server of servers.splice(0)) await server.close()
    const s = pg.escapeIdentifier(schema)
    const db = new pg.Client({ connectionString: postgresUrl() })
    await db.connect()
    try {
      const kept = (await db.query<{ hash: Buffer }>(`SELECT hash FROM ${s}.merkle_chunks WHERE chunk = 0`)).rows[0]?.hash
      expect(kept).toHaveLength(32)
      expect((await db.query(`UPDATE ${s}.merkle_chunks SET hash = decode(repeat('00', 32), 'hex') WHERE chunk = 0`)).rowCount).toBe(1)
      const d = await start('d')
      const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'op', role: 'admin' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-03-02T01:00:00Z' }
      for (let i = 0; i < 10; i += 1) {
        await d.store.appendToStream(`more-${i}`, Array.from({ length: 10 }, (_, k) => ({ type: 'Noted', schemaVersion: 1, data: { k }, metadata })), { expectedVersion: 'any' })
      }
      const headsOnD = async () => ((await demoCall(() => d)('auditor', 'GET', '/api/v1/audit/heads')).body as unknown as { heads: SignedTreeHead[] }).heads.map((h) => h.treeSize)
      await until(async () => (await headsOnD()).includes(400), { everyMs: 100 })
      const mended = (await db.query<{ hash: Buffer }>(`SELECT hash FROM ${s}.merkle_chunks WHERE chunk = 0`)).rows[0]?.hash
      expect(mended?.equals(kept as Buffer)).toBe(true)
      expect((await demoCall(() => d)('auditor', 'GET', '/api/v1/audit/proof?from=300&to=400')).status).toBe(200)
    } finally {
      await db.end()
    }
  }, 60_000)
})
