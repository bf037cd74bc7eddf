// Crypto-shredding beside PostgreSQL, end to end (个人信息保护法 art. 47; docs/erasure.md): two real servers over one
// schema seal personal fields by default (PERSONAL_DATA_ENCRYPTION defaults to on beside DATABASE_URL), each opens what
// the other wrote, and `gridcase erasure erase --database-url` run beside them is seen by both at their next read:
// every view, the live feed, the list read model (and its rebuild), an export read "erased"; the case's identity
// document is deleted from the database with it, and verify still passes, knowing the file went on purpose.
import { exportLog, runCli, sealedPostgresStore } from '@gridcase/adapters'
import type { RunningServer } from '@gridcase/http'
import { PassThrough } from 'node:stream'
import pg from 'pg'
import { beforeAll, expect, it } from 'vitest'
import { describePostgres, postgresUrl } from '../postgres/database.js'
import { demoCall } from './helpers/demoServer.js'
import { postgresServers } from './helpers/postgresServers.js'
import { until } from '../helpers/until.js'
import { ADDRESS, consultation, disputeWithParties, feedUntil, GRID, ID_NUMBER, NAME, PARTY_A, PARTY_B, partiesIn, personal, personalIn, PHONE, PHONE_A, uploadJpeg, withSealedTextChanged } from '../support/erasureCases.js'

const present = personalIn

describePostgres('erasure on the PostgreSQL store (two servers, one database)', () => {
  const servers = postgresServers('erasure-pg', 'pg-erasure-secret-pg-erasure-secret!', { GRIDCASE_HEAD_EVERY_EVENTS: '1' })
  const { schema } = servers
  const sql = async <Row extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<Row[]> => {
    const client = new pg.Client({ connectionString: postgresUrl() })
    await client.connect()
    try {
      return (await client.query<Row>(text, params)).rows
    } finally {
      await client.end()
    }
  }
  /** `gridcase erasure … --database-url` in this process, as the bin runs it. */
  const erasure = async (...argv: string[]) => {
    const stdout = new PassThrough()
    const stderr = Object.assign(new PassThrough(), { isTTY: false })
    let out = ''
    let err = ''
    stdout.on('data', (c: Buffer) => void (out += c.toString()))
    stderr.on('data', (c: Buffer) => void (err += c.toString()))
    const code = await runCli(['erasure', ...argv, '--database-url', postgresUrl(), '--schema', schema], { stdout, stderr })
    return { code, stdout: out, stderr: err }
  }
  const onA = demoCall(() => servers.a)
  const onB = demoCall(() => servers.b)
  const as = (server: RunningServer, role: string) => ({ authorization: `Bearer ${server.demoTokens[role]}` })
  const upload = uploadJpeg

  let caseId: string
  let otherId: string
  let idDocument: string
  let consent: string
  let photo: string
  beforeAll(async () => {
    idDocument = await upload(servers.a)
    consent = await upload(servers.a)
    photo = await upload(servers.a)
    const register = (name: string, phone: string, more: Record<string, unknown>) => onA('hotline-operator', 'POST', '/api/v1/complaints', consultation(name, phone, more))
    const created = await register(NAME, PHONE, { address: ADDRESS, attachments: [{ sha256: idDocument, kind: 'id-document' }, { sha256: consent, kind: 'consent' }, { sha256: photo, kind: 'photo' }] })
    expect(created.status).toBe(201)
    caseId = String(created.body['id'])
    otherId = String((await register('张先生', '13800471111', {})).body['id'])
  })

  it('seals by default: the events table holds no personal value, the key is in the schema, and the other server opens it', async () => {
    const rows = await sql<{ data: string }>(`SELECT data::text AS data FROM ${pg.escapeIdentifier(schema)}.events`)
    expect(present(rows.map((r) => r.data).join('\n'))).toEqual([])
    const keys = await sql<{ key: Buffer }>(`SELECT key FROM ${pg.escapeIdentifier(schema)}.subject_keys WHERE subject_id = $1`, [`complaint-${caseId}#complainant`])
    expect(keys[0]?.key).toHaveLength(32)
    const shown = await onB('hotline-operator', 'GET', `/api/v1/complaints/${caseId}`)
    expect(shown.body).toMatchObject({ complainant: { name: NAME, phone: PHONE, idNumber: ID_NUMBER }, address: ADDRESS })
    expect((await fetch(`${servers.b.url}/api/v1/attachments/${idDocument}`, { headers: as(servers.b, 'hotline-operator') })).status).toBe(200)
  })

  it('erased by the CLI beside the running servers: both read "erased" everywhere at once, the id document is deleted, verify passes', async () => {
    // B opened the case before (and kept the opened events): the erasure must still show at its next read.
    expect(present(JSON.stringify((await onB('hotline-operator', 'GET', `/api/v1/complaints/${caseId}/history`)).body))).toEqual(personal)
    const due = await erasure('due', '--as-of', '2099-01-01T00:00:00Z', '--json')
    expect(due.code).toBe(0)
    expect((JSON.parse(due.stdout) as { due: { streamId: string }[] }).due.map((d) => d.streamId).sort()).toEqual([`complaint-${caseId}`, `complaint-${otherId}`].sort())

    const erased = await erasure('erase', caseId, '--legal-basis', '个人信息保护法 第四十七条第一款第（一）项', '--approver', 'dpo-1', '--actor', 'admin-1', '--json')
    expect(erased.stderr).toBe('')
    expect(erased.code).toBe(0)
    expect(JSON.parse(erased.stdout)).toMatchObject({ kind: 'erased', subjects: [`complaint-${caseId}#complainant`], idDocumentsErased: [idDocument], personalDocumentsErased: [consent] })

    for (const call of [onA, onB]) {
      const shown = await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}`)
      expect(shown.body).toMatchObject({ complainant: { name: 'erased', phone: 'erased', idNumber: 'erased' }, address: 'erased' })
      expect(present(JSON.stringify((await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}?version=0`)).body))).toEqual([])
      expect(present(JSON.stringify((await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}/history`)).body))).toEqual([])
      const events = await call('admin', 'GET', '/api/v1/events?from=0&limit=100')
      expect(JSON.stringify(events.body)).toContain('ComplaintRegistered')
      expect(present(JSON.stringify(events.body))).toEqual([])
      expect((await call('hotline-operator', 'GET', `/api/v1/complaints/${otherId}`)).body).toMatchObject({ complainant: { name: '张先生', phone: '13800471111' } })
    }
    // The list read model (in the schema, shared) erases the state it kept when the erasure event reaches it.
    let listed: { id: string; complainant?: { name: string }; address?: string } | undefined
    await until(
      async () => {
        const items = (await onB('hotline-operator', 'GET', '/api/v1/complaints?limit=100')).body['items'] as { id: string; complainant?: { name: string }; address?: string }[]
        listed = items.find((c) => c.id === caseId)
        return listed?.complainant?.name === 'erased'
      },
      { state: () => JSON.stringify(listed) },
    )
    expect(listed).toMatchObject({ complainant: { name: 'erased' }, address: 'erased' })

    // The live feed of the other server, from the start of the log.
    // The feed is masked for every reader: the other case, registered after, shows as 张**.
    const feed = await feedUntil(servers.b, '张**')
    expect(feed).toContain('ComplaintRegistered')
    expect(present(feed)).toEqual([])

    // An export of the log as a sealed store reads it (ndjson), as `gridcase audit export` does beside SQLite.
    const store = sealedPostgresStore({ connectionString: postgresUrl(), schema, maxConnections: 2 })
    const out = new PassThrough()
    let exported = ''
    out.on('data', (c: Buffer) => void (exported += c.toString()))
    await exportLog(store, out, { format: 'ndjson' })
    await store.close()
    const mine = exported.split('\n').filter((line) => line.includes(caseId)).join('\n')
    expect(mine).toContain('erased')
    expect(present(mine)).toEqual([])

    // The identity document and the signed consent are gone from the database; the photo stays. For everyone, as a file
    // never uploaded.
    for (const gone of [idDocument, consent]) {
      expect(await sql(`SELECT 1 FROM ${pg.escapeIdentifier(schema)}.attachments WHERE sha256 = $1`, [gone])).toEqual([])
      for (const server of [servers.a, servers.b]) expect((await fetch(`${server.url}/api/v1/attachments/${gone}`, { headers: as(server, 'hotline-operator') })).status).toBe(404)
    }
    expect((await fetch(`${servers.b.url}/api/v1/attachments/${photo}`, { headers: as(servers.b, 'hotline-operator') })).status).toBe(200)

    // Verify: the chains still hold, and the deleted file is counted as erased with its case, not as missing.
    const verified = await onB('auditor', 'GET', '/api/v1/audit/verify')
    expect(verified.body).toMatchObject({ ok: true, attachments: { ok: true, erased: 2, findings: [] } })
    // The key row holds no key.
    const row = await sql<{ key: Buffer | null; erased_at: string | null }>(`SELECT key, erased_at FROM ${pg.escapeIdentifier(schema)}.subject_keys WHERE subject_id = $1`, [`complaint-${caseId}#complainant`])
    expect(row[0]?.key).toBeNull()
    expect(row[0]?.erased_at).toMatch(/^\d{4}-/)
    // What is due no longer lists it.
    const after = await erasure('due', '--as-of', '2099-01-01T00:00:00Z', '--json')
    expect((JSON.parse(after.stdout) as { due: { streamId: string }[] }).due.map((d) => d.streamId)).toEqual([`complaint-${otherId}`])
  })

  it('a file deleted without an erasure is still a finding', async () => {
    const lost = await upload(servers.a)
    const created = await onA('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'parking',
      title: '车位',
      description: '占用消防通道',
      jurisdiction: GRID,
      complainant: { name: '赵六', phone: '13800470000' },
      attachments: [{ sha256: lost, kind: 'id-document' }],
    })
    expect(created.status).toBe(201)
    await sql(`DELETE FROM ${pg.escapeIdentifier(schema)}.attachments WHERE sha256 = $1`, [lost])
    const verified = await onB('auditor', 'GET', '/api/v1/audit/verify')
    // The identity document's finding names its case, kind and problem, not its hash (the auditor may not fetch it).
    expect(verified.body).toMatchObject({ ok: false, attachments: { erased: 2, findings: [expect.objectContaining({ streamId: `complaint-${String(created.body['id'])}`, kind: 'id-document', problem: 'missing' })] } })
    expect(JSON.stringify(verified.body)).not.toContain(lost)
  })

  it('the read models rebuilt from position 0 by a new server read the erased case as erased', async () => {
    await servers.a.close()
    await servers.b.close()
    // Every read model's format forgotten: the next server drops them and replays the log from position 0.
    await sql(`DELETE FROM ${pg.escapeIdentifier(schema)}.read_model_formats`)
    servers.a = await servers.start()
    servers.b = await servers.start()
    let items: { id: string; complainant?: { name: string } }[] = []
    await until(
      async () => {
        items = (await onA('hotline-operator', 'GET', '/api/v1/complaints?limit=100')).body['items'] as { id: string; complainant?: { name: string } }[]
        return items.some((c) => c.id === otherId) && items.some((c) => c.id === caseId)
      },
      { state: () => JSON.stringify(items) },
    )
    expect(items.find((c) => c.id === caseId)).toMatchObject({ complainant: { name: 'erased' } })
    // Lists are masked (DOMAIN.md): the other complainant shows as 张**, rebuilt from its sealed registration.
    expect(items.find((c) => c.id === otherId)).toMatchObject({ complainant: { name: '张**' } })
    expect(present(JSON.stringify(items))).toEqual([])
  })

  it("a dispute's parties: sealed in the log, shown on the other server while the key exists, erased everywhere by the bare dispute id", async () => {
    const absent = partiesIn
    const id = await disputeWithParties(onA, onB)
    const rows = await sql<{ data: string }>(`SELECT data::text AS data FROM ${pg.escapeIdentifier(schema)}.events WHERE stream_id = $1`, [`dispute-${id}`])
    const text = rows.map((r) => r.data).join('\n')
    expect(absent(text)).toEqual([])
    expect(text).toContain('"sealed:v2:parties"')
    expect((await onA('mediator', 'GET', `/api/v1/disputes/${id}`)).body).toMatchObject({ parties: [{ name: PARTY_A, phone: PHONE_A }, { name: PARTY_B }] })

    const erased = await erasure('erase', id, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--json')
    expect(erased.code).toBe(0)
    expect(JSON.parse(erased.stdout)).toMatchObject({ streamId: `dispute-${id}`, subjects: [`dispute-${id}#parties`] })
    for (const call of [onA, onB]) {
      expect((await call('mediator', 'GET', `/api/v1/disputes/${id}`)).body).toMatchObject({ parties: [{ name: 'erased', phone: 'erased' }, { name: 'erased' }] })
      expect(absent(JSON.stringify((await call('mediator', 'GET', `/api/v1/disputes/${id}/history`)).body))).toEqual([])
    }
    // The chains hold (the one finding left is the file deleted by hand in an earlier test).
    const verified = await onB('auditor', 'GET', '/api/v1/audit/verify')
    expect(verified.body).toMatchObject({ brokenLinks: [], attachments: { findings: [{ problem: 'missing' }] } })
  })

  it('the chain covers the sealed text: a ciphertext changed in the database is a broken link, named', async () => {
    const s = pg.escapeIdentifier(schema)
    const row = (await sql<{ position: string; data: string }>(`SELECT position::text, data::text AS data FROM ${s}.events WHERE stream_id = $1 AND type = 'ComplaintRegistered'`, [`complaint-${otherId}`]))[0]
    await sql(`UPDATE ${s}.events SET data = $2::json WHERE position = $1`, [row?.position, withSealedTextChanged(row?.data ?? '{}', 'complainant')])
    const verified = await onB('auditor', 'GET', '/api/v1/audit/verify?full=true')
    expect(verified.body).toMatchObject({ ok: false })
    expect(JSON.stringify(verified.body['brokenLinks'])).toContain(`complaint-${otherId}`)
  })

  it('a kept key replaced in the schema: GET /api/v1/audit/verify tries each kept key on PostgreSQL too, and names the case (found in review: only the CLI did)', async () => {
    const s = pg.escapeIdentifier(schema)
    const created = await onA('hotline-operator', 'POST', '/api/v1/complaints', consultation('钱七', '13800472222'))
    expect(created.status).toBe(201)
    const streamId = `complaint-${String(created.body['id'])}`
    // (The ciphertext changed by the test before no longer opens with its key either: a key-wrong of that case.)
    const before = await onB('auditor', 'GET', '/api/v1/audit/verify?full=true')
    expect(JSON.stringify(before.body['erasures'])).not.toContain(streamId)
    // Another 32 bytes (no pgcrypto needed).
    expect(await sql(`UPDATE ${s}.subject_keys SET key = decode(md5(random()::text) || md5(random()::text), 'hex') WHERE subject_id = $1 RETURNING 1`, [`${streamId}#complainant`])).toHaveLength(1)
    const after = await onB('auditor', 'GET', '/api/v1/audit/verify?full=true')
    expect((after.body['erasures'] as { findings: { streamId: string }[] }).findings.filter((f) => f.streamId === streamId)).toEqual([
      expect.objectContaining({ kind: 'key-wrong', subject: `${streamId}#complainant`, streamId, position: expect.any(Number) }),
    ])
  })

  it('a key row that keeps its key and names an erasure time (its check dropped) is read as its key says: not erased, as verify counts it (found in review beside SQLite; PostgreSQL read it "erased")', async () => {
    const s = pg.escapeIdentifier(schema)
    const created = await onA('hotline-operator', 'POST', '/api/v1/complaints', consultation('孙八', '13800473333'))
    expect(created.status).toBe(201)
    const id = String(created.body['id'])
    // The schema forbids such a row; its owner (someone with write access to the database) can drop the check first.
    await sql(`ALTER TABLE ${s}.subject_keys DROP CONSTRAINT subject_keys_key_or_erased`)
    expect(await sql(`UPDATE ${s}.subject_keys SET erased_at = '2026-12-01T00:00:00Z' WHERE subject_id = $1 RETURNING 1`, [`complaint-${id}#complainant`])).toHaveLength(1)
    // Read by a store that loads the row afresh (a server's next start, an export).
    const store = sealedPostgresStore({ connectionString: postgresUrl(), schema, maxConnections: 2 })
    try {
      const [registered] = await store.readStream(`complaint-${id}`)
      expect((registered?.data as { complainant: { name: string } }).complainant.name).toBe('孙八')
    } finally {
      await store.close()
    }
    const verified = await onB('auditor', 'GET', '/api/v1/audit/verify?full=true')
    expect(JSON.stringify(verified.body['erasures'])).not.toContain(`complaint-${id}`)
  })

  it("an idempotency key's fingerprint: sealed in the schema's events, bound on both servers, forgotten by the shared key table at the erasure (as beside SQLite: tests/http/idempotency-erasure.test.ts)", async () => {
    const s = pg.escapeIdentifier(schema)
    const post = async (server: RunningServer, path: string, body: unknown, key: string) => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...as(server, 'hotline-operator'), 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) })
      return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as Record<string, unknown> }
    }
    const body = consultation('钱九', '13800474444')
    const key = '0193a000-0000-7000-8000-00000000b001'
    const created = await post(servers.a, '/api/v1/complaints', body, key)
    expect(created.status).toBe(201)
    const streamId = `complaint-${String(created.body['id'])}`
    // The other server binds the key to the same request: replayed; another body refused.
    await until(async () => (await post(servers.b, '/api/v1/complaints', body, key)).replayed === 'true')
    expect((await post(servers.b, '/api/v1/complaints', { ...body, title: '另一件事' }, key)).status).toBe(422)
    const hashes = await sql<{ hash: string }>(`SELECT metadata->>'requestHash' AS hash FROM ${s}.events WHERE stream_id = $1`, [streamId])
    expect(hashes.length).toBeGreaterThan(0)
    for (const { hash } of hashes) expect(hash).toMatch(/^sealed:v2:complainant:[A-Za-z0-9+/]+=*$/)
    const kept = async () => (await sql<{ request_hash: string }>(`SELECT request_hash FROM ${s}.case_list_keys WHERE stream_id = $1`, [streamId])).map((r) => r.request_hash)
    await until(async () => (await kept()).length === 1)
    expect((await kept())[0]).toMatch(/^[0-9a-f]{64}$/)

    const erased = await erasure('erase', streamId.slice('complaint-'.length), '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--actor', 'admin-1')
    expect(erased.code, erased.stderr).toBe(0)
    await until(async () => JSON.stringify(await kept()) === '["erased"]')
    expect((await post(servers.a, '/api/v1/complaints', body, key)).status).toBe(422)
  })
})
