// `gridcase audit … --database-url`: the auditor's tools on a PostgreSQL deployment's log, as on a SQLite file —
// verify (chains and attachments), receipt, verify --receipt, history and export (--mask) — in a read-only session
// that never creates or migrates the schema: a missing schema is an error naming it, and nothing is left behind.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateHeadKey, headSigner, manualClock, postgresEventStore, postgresTreeHeads, sealedPostgresStore, treeLog } from '@gridcase/adapters'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { gridcase, snapshot, sql } from './cli.js'
import { sampleDrafts } from '../support/sampleLog.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

describePostgres('gridcase audit --database-url (PostgreSQL, read-only)', () => {
  const schema = freshSchemaName()
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-pg-audit-'))
  const key = generateHeadKey()
  const publicKey = join(dir, 'head.pub.pem')
  let url = ''
  let phone = ''
  let streamId = ''
  const pgArgs = () => ['--database-url', url, '--schema', schema]

  beforeAll(async () => {
    url = postgresUrl()
    writeFileSync(publicKey, key.publicKeyPem)
    const clock = manualClock('2026-03-02T01:00:00Z')
    const store = sealedPostgresStore({ connectionString: url, schema, clock, maxConnections: 4 })
    await store.ready
    const heads = await postgresTreeHeads({ pool: store.pool, schema: store.schema })
    const tree = treeLog({ store, heads, signer: headSigner(key.privateKeyPem), clock, everyEvents: 10 })
    await tree.start()
    let last = -1
    for (const draft of sampleDrafts({ cases: 8, seed: 11 })) {
      const metadata = { commandId: `${draft.streamId}-${draft.at}`, correlationId: 'corr', causationId: 'corr', actor: draft.actor, occurredAt: draft.at }
      const result = await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
      if (E.isRight(result)) last = result.right.lastPosition
    }
    await tree.waitFor(last)
    tree.signNow()
    await tree.stop()
    await heads.flush()
    heads.close()
    // A complaint and its complainant's phone, read as the server reads it (opened with the subject's key).
    for (const event of await store.readAll()) {
      const data = event.data as { complainant?: { phone?: string } } | undefined
      if (event.streamId.startsWith('complaint-') && typeof data?.complainant?.phone === 'string') {
        streamId = event.streamId
        phone = data.complainant.phone
        break
      }
    }
    await store.close()
  }, 60_000)
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await dropSchema(postgresUrl(), schema)
    await dropSchema(postgresUrl(), `${schema}_none`)
  })

  it('verifies an untouched log, saves a receipt and verifies against it, leaving every table as it was', async () => {
    const before = await snapshot(url, schema)
    const verified = await gridcase('audit', 'verify', ...pgArgs())
    expect(verified.stderr).toBe('')
    expect(verified.code).toBe(0)
    expect(verified.stdout).toMatch(/^ok: \d+ events in \d+ streams, every chain intact/)
    const receipt = join(dir, 'receipt.json')
    const saved = await gridcase('audit', 'receipt', ...pgArgs(), '--out', receipt, '--public-key', publicKey)
    expect(saved.code).toBe(0)
    expect((JSON.parse(readFileSync(receipt, 'utf8')) as { treeSize: number }).treeSize).toBeGreaterThan(0)
    const checked = await gridcase('audit', 'verify', ...pgArgs(), '--receipt', receipt, '--public-key', publicKey)
    expect(checked.code).toBe(0)
    expect(checked.stdout).toMatch(/^ok: \d+ events; every chain intact; the log extends the receipt/)
    expect((await gridcase('audit', 'export', ...pgArgs(), '--format', 'ndjson')).code).toBe(0)
    expect((await gridcase('audit', 'history', streamId, ...pgArgs())).code).toBe(0)
    expect(await snapshot(url, schema)).toBe(before)
  })

  it('history and export open personal fields with the keys, and --mask masks them', async () => {
    expect(phone).toMatch(/^1\d{10}$/)
    const plain = await gridcase('audit', 'history', streamId, ...pgArgs(), '--json')
    expect(plain.code).toBe(0)
    expect(plain.stdout).toContain(phone)
    const masked = await gridcase('audit', 'history', streamId, ...pgArgs(), '--json', '--mask', '--version', '0')
    expect(masked.code).toBe(0)
    expect(masked.stdout).not.toContain(phone)
    expect(masked.stdout).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`)
    const exported = await gridcase('audit', 'export', ...pgArgs(), '--format', 'csv', '--mask')
    expect(exported.code).toBe(0)
    expect(exported.stdout).not.toContain(phone)
  })

  it('refuses a missing schema, naming it, and creates nothing', async () => {
    const missing = `${schema}_none`
    for (const command of [['verify'], ['history', 'x'], ['export', '--format', 'csv'], ['receipt', '--out', join(dir, 'never.json'), '--public-key', publicKey]]) {
      const result = await gridcase('audit', ...command, '--database-url', url, '--schema', missing)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`no schema ${missing}`)
    }
    expect(await sql(url, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [missing])).toEqual([])
    // A schema without the log's tables (someone else's): named, and still nothing created in it.
    await sql(url, `CREATE SCHEMA ${pg.escapeIdentifier(missing)}`)
    const empty = await gridcase('audit', 'verify', '--database-url', url, '--schema', missing)
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain(`schema ${missing} has no table store_schema`)
    expect(await snapshot(url, missing)).toBe('')
  })

  it('verifies a log whose servers run the build before (event-store schema 3) without migrating it; an older or a newer schema is refused, naming the versions', async () => {
    const table = `${pg.escapeIdentifier(schema)}.store_schema`
    await sql(url, `UPDATE ${table} SET version = 3`)
    try {
      const verified = await gridcase('audit', 'verify', ...pgArgs())
      expect(verified.stderr).toBe('')
      expect(verified.code).toBe(0)
      expect(await sql(url, `SELECT version FROM ${table}`)).toEqual([{ version: 3 }])
      await sql(url, `UPDATE ${table} SET version = 2`)
      const older = await gridcase('audit', 'verify', ...pgArgs())
      expect(older.code).toBe(2)
      expect(older.stderr).toContain(`schema ${schema} has event-store schema 2; this build reads 3 to 4`)
      await sql(url, `UPDATE ${table} SET version = 5`)
      const newer = await gridcase('audit', 'verify', ...pgArgs())
      expect(newer.code).toBe(2)
      expect(newer.stderr).toContain(`schema ${schema} has event-store schema 5; this build knows up to 4`)
    } finally {
      await sql(url, `UPDATE ${table} SET version = 4`)
    }
  })

  it('reads in a read-only session: writes fail there, and a role that may only SELECT audits the log', async () => {
    const store = postgresEventStore({ connectionString: url, schema, readOnly: true, maxConnections: 1 })
    try {
      await store.ready
      await expect(store.pool.query(`CREATE TABLE ${pg.escapeIdentifier(schema)}.intruder (x int)`)).rejects.toThrow(/read-only transaction/)
      await expect(store.appendToStream('complaint-x', [{ type: 'x', schemaVersion: 1, data: {}, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'hotline-operator', jurisdiction: 'hohhot' }, occurredAt: '2026-03-02T01:00:00Z' } }], { expectedVersion: 'any' })).rejects.toThrow(/read-only transaction/)
    } finally {
      await store.close()
    }
    const role = `${schema}_auditor`
    await sql(url, `CREATE ROLE ${role} LOGIN`)
    try {
      await sql(url, `GRANT USAGE ON SCHEMA ${pg.escapeIdentifier(schema)} TO ${role}`)
      await sql(url, `GRANT SELECT ON ALL TABLES IN SCHEMA ${pg.escapeIdentifier(schema)} TO ${role}`)
      const asAuditor = new URL(url)
      asAuditor.username = role
      asAuditor.password = ''
      const verified = await gridcase('audit', 'verify', '--database-url', asAuditor.toString(), '--schema', schema)
      expect(verified.stderr).toBe('')
      expect(verified.code).toBe(0)
    } finally {
      await sql(url, `DROP OWNED BY ${role}`)
      await sql(url, `DROP ROLE ${role}`)
    }
  })

  it('a data byte changed as superuser is reported with its place, by the chains and against a receipt kept before', async () => {
    const receipt = join(dir, 'receipt-before.json')
    expect((await gridcase('audit', 'receipt', ...pgArgs(), '--out', receipt, '--public-key', publicKey)).code).toBe(0)
    const s = pg.escapeIdentifier(schema)
    const [row] = await sql<{ position: string; stream_id: string; version: number; event_id: string }>(
      url,
      `SELECT position::text, stream_id, version, event_id FROM ${s}.events WHERE data::text LIKE '%"category"%' ORDER BY position LIMIT 1 OFFSET 2`,
    )
    if (row === undefined) throw new Error('no event with a category to alter')
    // One byte of the data: the first letter of the category's value, in the stored JSON text.
    await sql(url, `UPDATE ${s}.events SET data = regexp_replace(data::text, '"category": ?"(.)', '"category":"Z')::json WHERE position = $1`, [row.position])
    const broken = await gridcase('audit', 'verify', ...pgArgs())
    expect(broken.code).toBe(1)
    expect(broken.stdout).toContain(`first broken link: ${row.stream_id} at version ${row.version} (position ${row.position}, event ${row.event_id})`)
    const checked = await gridcase('audit', 'verify', ...pgArgs(), '--receipt', receipt, '--public-key', publicKey)
    expect(checked.code).toBe(1)
    expect(checked.stdout).toMatch(/^ALTERED/)
    // The Merkle check names the range of positions the first changed event is in (the chains, its exact place).
    const range = /the log differs from the (?:receipt|signed head) of \d+ events: the first changed event is at a position from (\d+) to (\d+)/.exec(checked.stdout)
    expect(range).not.toBeNull()
    expect(Number(row.position)).toBeGreaterThanOrEqual(Number(range?.[1]))
    expect(Number(row.position)).toBeLessThanOrEqual(Number(range?.[2]))
    expect(checked.stdout).toContain(`broken chain: ${row.stream_id} at version ${row.version} (position ${row.position}`)
  })
})

// Found restarting PostgreSQL under two servers (README, "A deployment"): a head signed while the database did not
// answer was written behind once, failed, and was dropped — the signing server served it from memory, the database
// (every other server, an auditor's `gridcase audit`) never had it, and the log's tail stayed unsigned there until the
// next event, however long the log was quiet. A chunk so dropped left a gap in merkle_chunks. Now what failed is
// written again, in order, once the database answers.
describePostgres('postgresTreeHeads while the database does not answer', () => {
  it('writes a head and a chunk saved meanwhile once it answers again, not dropped', async () => {
    const schema = freshSchemaName()
    const store = postgresEventStore({ connectionString: postgresUrl(), schema, maxConnections: 2 })
    await store.ready
    let down = false
    const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))
    // The store's pool, refusing every query while `down` (as pg's pool does while the server is stopped).
    const pool = { query: (...args: Parameters<typeof store.pool.query>) => (down ? refused() : store.pool.query(...args)) } as unknown as typeof store.pool
    const errors: unknown[] = []
    const heads = await postgresTreeHeads({ pool, schema }, { refreshMs: 50, onError: (error) => errors.push(error) })
    try {
      down = true
      const chunk = { firstPosition: 0, lastPosition: 1023, hash: new Uint8Array(32).fill(7) }
      const head = { treeSize: 1024, rootHash: 'ab'.repeat(32), timestamp: '2026-12-07T01:55:04.776Z', keyId: 'cd'.repeat(32), signature: 'c2ln' }
      heads.saveChunk(0, chunk)
      heads.saveHead(head)
      await heads.flush()
      expect(errors.length).toBeGreaterThan(0)
      down = false
      const written = async () => ({
        heads: (await store.pool.query(`SELECT tree_size, root_hash FROM "${schema}".tree_heads`)).rows,
        chunks: (await store.pool.query(`SELECT chunk, last_position FROM "${schema}".merkle_chunks`)).rows,
      })
      let seen = await written()
      for (let i = 0; i < 100 && (seen.heads.length === 0 || seen.chunks.length === 0); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        seen = await written()
      }
      expect(seen).toEqual({ heads: [{ tree_size: '1024', root_hash: head.rootHash }], chunks: [{ chunk: 0, last_position: '1023' }] })
    } finally {
      heads.close()
      await store.close()
      await dropSchema(postgresUrl(), schema)
    }
  })
})
