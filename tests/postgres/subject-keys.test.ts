// Crypto-shredding beside PostgreSQL (docs/erasure.md): the subject keys live in the store's schema, shared by every
// server; a key is committed before any event sealed with it; an erasure (its event and the keys' destruction in one
// transaction) is seen by the next read of every other server; a destroyed key is never made again.
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto'
import { dueForErasure, erasePostgresCase, ERASURE_STREAM, postgresEventStore, sealedPostgresStore, type PostgresEventStore, type SealedPostgresStore } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import pg from 'pg'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

const meta = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'op', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-01-01T00:00:00Z' }
const NAME = '欧阳淑芬'
const PHONE = '13904719876'
const registered = (name = NAME) => ({ type: 'ComplaintRegistered', schemaVersion: 1, data: { category: 'noise', jurisdiction: 'hohhot', complainant: { name, phone: PHONE } }, metadata: meta })
const closed = { type: 'ComplaintClosed', schemaVersion: 1, data: { closedAs: 'answered' }, metadata: meta }
const request = { legalBasis: '个人信息保护法 第四十七条', approver: 'dpo-1', actorId: 'admin-1', at: '2026-06-01T00:00:00Z' }
const nameOf = (events: readonly RecordedEvent[]) => (events[0]?.data as { complainant: { name: string } }).complainant.name

describePostgres('subject keys in PostgreSQL (crypto-shredding across servers)', () => {
  let schema: string
  const opened: { close(): Promise<void> }[] = []
  const server = (): SealedPostgresStore => {
    const store = sealedPostgresStore({ connectionString: postgresUrl(), schema, maxConnections: 3 })
    opened.push(store)
    return store
  }
  const raw = (): PostgresEventStore => {
    const store = postgresEventStore({ connectionString: postgresUrl(), schema, maxConnections: 2 })
    opened.push(store)
    return store
  }
  const sql = async <Row extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<Row[]> => {
    const client = new pg.Client({ connectionString: postgresUrl() })
    await client.connect()
    try {
      return (await client.query<Row>(text, params)).rows
    } finally {
      await client.end()
    }
  }
  beforeEach(() => {
    schema = freshSchemaName()
  })
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close()
    await dropSchema(postgresUrl(), schema)
  })

  // The background face (the read models', the tree's, the processes' reads, on the pool without the bound) is the sealed
  // store over the inner store's: it reads the name opened, the log keeps it sealed, and an append through it seals too.
  it('the background face opens what it reads and seals what it appends, as the store does', async () => {
    const a = server()
    const streamId = `complaints-${randomUUID()}`
    expect((await a.appendToStream(streamId, [registered()], { expectedVersion: 'no-stream' }))._tag).toBe('Right')
    expect(nameOf(await a.background.readStream(streamId))).toBe(NAME)
    expect(nameOf(await a.background.readAll())).toBe(NAME)
    const other = `complaints-${randomUUID()}`
    expect((await a.background.appendToStream(other, [registered('张三丰')], { expectedVersion: 'no-stream' }))._tag).toBe('Right')
    expect(nameOf(await a.readStream(other))).toBe('张三丰')
    for (const id of [streamId, other]) expect(nameOf(await a.unsealed.readStream(id))).not.toMatch(/欧阳|张三/)
    expect(nameOf(await a.background.readStream(other))).toBe('张三丰')
  })

  it("an idempotency fingerprint sealed under a key another server has since destroyed is left out under the append lock; the note is written (found in review: it was committed under the destroyed key)", async () => {
    const [a, cli] = [server(), server()]
    const streamId = `complaint-${randomUUID()}`
    expect((await a.appendToStream(streamId, [registered()], { expectedVersion: 'no-stream' }))._tag).toBe('Right')
    expect(await erasePostgresCase(cli.unsealed, cli.keys, { ...request, streamId })).toMatchObject({ kind: 'erased' })
    // a has read nothing since: it seals the fingerprint under the key it keeps.
    const noted = await a.appendToStream(streamId, [{ ...closed, metadata: { ...meta, requestHash: 'b'.repeat(64) } }], { expectedVersion: 'any' })
    expect(noted._tag).toBe('Right')
    const rows = await sql<{ metadata: Record<string, unknown> }>(`SELECT metadata FROM ${pg.escapeIdentifier(schema)}.events WHERE stream_id = $1 ORDER BY version`, [streamId])
    expect(rows.map((r) => 'requestHash' in r.metadata)).toEqual([false, false])
    expect(noted._tag === 'Right' && noted.right.events[0]?.metadata).not.toHaveProperty('requestHash')
  })

  it("a fingerprint sealed under a subject another server had looked up without a key (a case written in clear) is opened there: the key is looked up again (found in review: it read \"erased\")", async () => {
    const [a, b] = [server(), server()]
    const streamId = `complaint-${randomUUID()}`
    expect((await raw().appendToStream(streamId, [registered()], { expectedVersion: 'no-stream' }))._tag).toBe('Right')
    // b reads the case: its complainant has no key yet (its data is in clear).
    expect(nameOf(await b.readStream(streamId))).toBe(NAME)
    const digest = 'c'.repeat(64)
    expect((await a.appendToStream(streamId, [{ ...closed, metadata: { ...meta, requestHash: digest } }], { expectedVersion: 'any' }))._tag).toBe('Right')
    expect((await b.readStream(streamId)).map((e) => e.metadata.requestHash)).toEqual([undefined, digest])
    expect((await b.readAll({})).map((e) => e.metadata.requestHash)).toEqual([undefined, digest])
  })

  it('an append sealed under a key another server has since destroyed is refused under the append lock, nothing written (found in review: committed under the kept key, unreadable)', async () => {
    const [a, cli] = [server(), server()]
    const streamId = `complaint-${randomUUID()}`
    expect((await a.appendToStream(streamId, [registered()], { expectedVersion: 'no-stream' }))._tag).toBe('Right')
    // Server a keeps the key; the erasure is made through another (the CLI), and a has read nothing since.
    expect(await erasePostgresCase(cli.unsealed, cli.keys, { ...request, streamId })).toMatchObject({ kind: 'erased' })
    await expect(a.appendToStream(streamId, [registered('再次登记')], { expectedVersion: 'any' })).rejects.toMatchObject({ name: 'SubjectErased' })
    expect(await cli.unsealed.readStream(streamId)).toHaveLength(1)
    // And again, for as long as it is erased.
    await expect(a.appendToStream(streamId, [registered('再次登记')], { expectedVersion: 'any' })).rejects.toMatchObject({ name: 'SubjectErased' })
    // A note (nothing sealed) goes on.
    expect((await a.appendToStream(streamId, [{ ...closed }], { expectedVersion: 'any' }))._tag).toBe('Right')
  })

  it('seals on one server and opens on another; the table holds only the sealed text, and the key row exists', async () => {
    const [a, b] = [server(), server()]
    const streamId = `complaint-${randomUUID()}`
    expect((await a.appendToStream(streamId, [registered()], { expectedVersion: 'no-stream' }))._tag).toBe('Right')
    expect(nameOf(await b.readStream(streamId))).toBe(NAME)
    expect(nameOf(await b.readAll({ fromPosition: 0 }))).toBe(NAME)
    const rows = await sql<{ data: string }>(`SELECT data::text AS data FROM ${pg.escapeIdentifier(schema)}.events`)
    const text = rows.map((r) => r.data).join('\n')
    expect(text).not.toContain(NAME)
    expect(text).not.toContain(PHONE)
    expect(text).toContain('"sealed:v2:complainant"')
    const keys = await sql<{ key: Buffer }>(`SELECT key FROM ${pg.escapeIdentifier(schema)}.subject_keys WHERE subject_id = $1`, [`${streamId}#complainant`])
    expect(keys[0]?.key).toHaveLength(32)
  })

  it('a schema written before the sealed format v2 (store schema 3) is migrated to 4 at start: its v1 events still open and erase with the v2 ones; one from a newer build is refused', async () => {
    const streamId = `complaint-${randomUUID()}`
    const subject = `${streamId}#complainant`
    await server().appendToStream(streamId, [registered()], { expectedVersion: 'no-stream' })
    // An event as a build before schema 4 sealed it: the subject's id in every marker and in `$sealed` (AES-256-GCM
    // under the subject's key, iv ‖ ciphertext ‖ tag in base64, the subject's id as associated data).
    const [row] = await sql<{ key: Buffer }>(`SELECT key FROM ${pg.escapeIdentifier(schema)}.subject_keys WHERE subject_id = $1`, [subject])
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', row?.key ?? Buffer.alloc(32), iv)
    cipher.setAAD(Buffer.from(subject, 'utf8'))
    const body = Buffer.concat([cipher.update(JSON.stringify({ 'complainant.name': '张先生', 'complainant.phone': PHONE }), 'utf8'), cipher.final()])
    const sealedText = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')
    const v1 = { ...registered(), data: { category: 'noise', jurisdiction: 'hohhot', complainant: { name: `sealed:v1:${subject}`, phone: `sealed:v1:${subject}` }, $sealed: { [subject]: sealedText } } }
    expect((await raw().appendToStream(streamId, [v1], { expectedVersion: 0 }))._tag).toBe('Right')
    for (const store of opened.splice(0)) await store.close()
    await sql(`UPDATE ${pg.escapeIdentifier(schema)}.store_schema SET version = 3`)

    const b = server()
    const events = await b.readStream(streamId)
    expect((await sql<{ version: number }>(`SELECT version FROM ${pg.escapeIdentifier(schema)}.store_schema`))[0]?.version).toBe(4)
    expect(events.map((e) => (e.data as { complainant: { name: string } }).complainant.name)).toEqual([NAME, '张先生'])
    const texts = (await sql<{ data: string }>(`SELECT data::text AS data FROM ${pg.escapeIdentifier(schema)}.events WHERE stream_id = $1 ORDER BY version`, [streamId])).map((r) => r.data)
    expect(texts[0]).toContain('"sealed:v2:complainant"')
    expect(texts[1]).toContain(`"sealed:v1:${subject}"`)
    expect(await erasePostgresCase(b.unsealed, b.keys, { ...request, streamId })).toMatchObject({ kind: 'erased', subjects: [subject] })
    expect((await b.readStream(streamId)).map((e) => (e.data as { complainant: { name: string } }).complainant.name)).toEqual(['erased', 'erased'])

    for (const store of opened.splice(0)) await store.close()
    await sql(`UPDATE ${pg.escapeIdentifier(schema)}.store_schema SET version = 5`)
    await expect(server().readStream(streamId)).rejects.toThrow(/event-store schema 5; this build knows up to 4/)
  })

  it('no event is written under a key the database lacks: the key is committed before the append, even when the append is refused', async () => {
    const a = server()
    const streamId = `complaint-${randomUUID()}`
    await a.appendToStream(streamId, [registered()], { expectedVersion: 'no-stream' })
    // A refused append (stale expected version) still finds its key stored; a stored key with no event is harmless.
    const other = `complaint-${randomUUID()}`
    const refused = await a.appendToStream(other, [registered()], { expectedVersion: 3 })
    expect(refused._tag).toBe('Left')
    const subjects = (await sql<{ subject_id: string }>(`SELECT subject_id FROM ${pg.escapeIdentifier(schema)}.subject_keys ORDER BY subject_id`)).map((r) => r.subject_id)
    expect(subjects).toContain(`${streamId}#complainant`)
    // Every sealed subject in the log has its key row (checked from the table, not the server's memory).
    // (A `$sealed` key is a role of the event's own stream: its subject is `<stream_id>#<role>`.)
    const sealed = await sql<{ s: string }>(`SELECT DISTINCT stream_id || '#' || json_object_keys(data->'$sealed') AS s FROM ${pg.escapeIdentifier(schema)}.events WHERE data->'$sealed' IS NOT NULL`)
    expect(sealed.map((r) => r.s)).toContain(`${streamId}#complainant`)
    for (const { s } of sealed) expect(subjects).toContain(s)
  })

  it('an erasure on one server (event and key destruction in one transaction) reads "erased" at the next read of another, its subscription too; the key is never made again', async () => {
    const [a, b] = [server(), server()]
    const streamId = `complaint-${randomUUID()}`
    const keep = `complaint-${randomUUID()}`
    await a.appendToStream(streamId, [registered(), closed], { expectedVersion: 'no-stream' })
    await a.appendToStream(keep, [registered('张先生')], { expectedVersion: 'no-stream' })
    // B reads (and keeps the opened event) before the erasure.
    expect(nameOf(await b.readStream(streamId))).toBe(NAME)
    const before = await dueForErasure(b.unsealed, b.keys, { complaint: 0 }, '2030-01-01T00:00:00Z')
    expect(before.map((d) => d.streamId)).toEqual([streamId])

    // The erasure, as the CLI runs it: its own connection, the raw store and a key store of its own.
    const cli = sealedPostgresStore({ connectionString: postgresUrl(), schema, maxConnections: 2 })
    opened.push(cli)
    const outcome = await erasePostgresCase(cli.unsealed, cli.keys, { ...request, streamId })
    expect(outcome).toMatchObject({ kind: 'erased', subjects: [`${streamId}#complainant`] })

    // B, with no restart and nothing told: the next read shows it erased (the kept opening is dropped), A's too.
    expect(nameOf(await b.readStream(streamId))).toBe('erased')
    expect(nameOf(await a.readStream(streamId))).toBe('erased')
    expect(nameOf(await b.readStream(keep))).toBe('张先生')
    const all = await b.readAll({ fromPosition: 0 })
    expect(JSON.stringify(all)).not.toContain(NAME)
    // A subscription from the start reads it erased, and the erasure event after it.
    const seen: RecordedEvent[] = []
    const controller = new AbortController()
    for await (const event of b.subscribe({ fromPosition: 0, signal: controller.signal })) {
      seen.push(event)
      if (event.streamId === ERASURE_STREAM) controller.abort()
    }
    expect(JSON.stringify(seen)).not.toContain(NAME)
    expect(seen.at(-1)?.data).toMatchObject({ streamId, legalBasis: request.legalBasis })

    // The key is gone from the table (not merely flagged), with when and at which erasure count.
    const row = (await sql<{ key: Buffer | null; erased_at: string | null; erased_seq: string | null }>(
      `SELECT key, erased_at, erased_seq::text FROM ${pg.escapeIdentifier(schema)}.subject_keys WHERE subject_id = $1`,
      [`${streamId}#complainant`],
    ))[0]
    expect(row).toEqual({ key: null, erased_at: request.at, erased_seq: '1' })
    // Nothing more is sealed under the erased subject, on either server: no new key is made for it.
    await expect(a.appendToStream(streamId, [registered('王五')], { expectedVersion: 'any' })).rejects.toThrow(/erased/)
    await expect(b.appendToStream(streamId, [registered('王五')], { expectedVersion: 'any' })).rejects.toThrow(/erased/)
    expect((await sql<{ key: Buffer | null }>(`SELECT key FROM ${pg.escapeIdentifier(schema)}.subject_keys WHERE subject_id = $1`, [`${streamId}#complainant`]))[0]?.key).toBeNull()
    // What is due no longer lists it.
    expect((await dueForErasure(b.unsealed, b.keys, { complaint: 0 }, '2030-01-01T00:00:00Z')).map((d) => d.streamId)).toEqual([])
    // Erasing again is harmless (recorded again, nothing left to destroy). A case written in clear is erased too: its
    // subject gets an erased row (never a key), every opened view reads "erased", and the outcome says the log keeps it
    // in clear. A case with no personal data, or none, is refused.
    expect(await erasePostgresCase(cli.unsealed, cli.keys, { ...request, streamId })).toMatchObject({ kind: 'erased' })
    const clear = `complaint-${randomUUID()}`
    await raw().appendToStream(clear, [registered()], { expectedVersion: 'no-stream' })
    expect(nameOf(await b.readStream(clear))).toBe(NAME)
    expect(await erasePostgresCase(cli.unsealed, cli.keys, { ...request, streamId: clear })).toMatchObject({ kind: 'erased', subjects: [`${clear}#complainant`], inClear: [`${clear}#complainant`] })
    expect(nameOf(await b.readStream(clear))).toBe('erased')
    const nobody = `complaint-${randomUUID()}`
    await raw().appendToStream(nobody, [{ ...closed }], { expectedVersion: 'no-stream' })
    expect(await erasePostgresCase(cli.unsealed, cli.keys, { ...request, streamId: nobody })).toEqual({ kind: 'nothing-sealed' })
    expect(await erasePostgresCase(cli.unsealed, cli.keys, { ...request, streamId: 'complaint-missing' })).toEqual({ kind: 'no-case' })
    expect((await b.readStream(ERASURE_STREAM)).length).toBe(3)
  })

  it('free text written in clear before it was sealed (a supplement, nothing sealed in it) reads "erased" once its case is, read on its own by a server that never loaded the key (found in session 25\'s note)', async () => {
    const [a, cli] = [server(), server()]
    const streamId = `complaint-${randomUUID()}`
    expect((await a.appendToStream(streamId, [registered()], { expectedVersion: 'no-stream' }))._tag).toBe('Right')
    // As a build before 2026-12-04 wrote a supplement: its text in clear, no sealed value in the event.
    const supplement = { type: 'ComplaintSupplemented', schemaVersion: 1, data: { text: `本人${NAME}补充：路灯已坏三天` }, metadata: meta }
    expect((await raw().appendToStream(streamId, [supplement], { expectedVersion: 0 }))._tag).toBe('Right')
    const textOf = async (store: SealedPostgresStore) => ((await store.readStream(streamId, { fromVersion: 1 }))[0]?.data as { text: string }).text
    expect(await textOf(server())).toBe(`本人${NAME}补充：路灯已坏三天`)
    expect(await erasePostgresCase(cli.unsealed, cli.keys, { ...request, streamId })).toMatchObject({ kind: 'erased' })
    // A server started after the erasure, reading the supplement alone: the page holds no sealed value, yet its
    // subject's erasure is loaded with it.
    expect(await textOf(server())).toBe('erased')
    expect(await textOf(a)).toBe('erased')
  })

  it('two servers creating the same subjects\' keys at once end with one key each, the same on both (the stored one wins)', async () => {
    const [a, b] = [server(), server()]
    await Promise.all([a.ready, b.ready])
    const subjects = Array.from({ length: 20 }, (_, i) => `complaint-${i}-${randomUUID()}#complainant`)
    await Promise.all(subjects.flatMap((subject) => [a.keys.ensure([subject]), b.keys.ensure([subject])]))
    for (const subject of subjects) {
      const key = a.keys.keyOf(subject, false)
      expect(key).toHaveLength(32)
      expect(b.keys.keyOf(subject, false)?.equals(key ?? Buffer.alloc(0))).toBe(true)
    }
    expect((await sql<{ n: string }>(`SELECT count(*)::text AS n FROM ${pg.escapeIdentifier(schema)}.subject_keys`))[0]?.n).toBe('20')
  })

  it('a sealing that throws partway (a referral whose respondents were erased) leaves nothing that makes a later event unreadable: its complainant key is committed before sealing, an empty append carries none', async () => {
    const [a, b] = [server(), server()]
    const streamId = `complaint-${randomUUID()}`
    await a.ready
    await sql(`INSERT INTO ${pg.escapeIdentifier(schema)}.subject_keys (subject_id, key, erased_at, erased_seq) VALUES ($1, NULL, $2, 1)`, [`${streamId}#respondents`, request.at])
    const referral = { type: 'ComplaintReferredToMediation', schemaVersion: 1, data: { applicant: { name: NAME, phone: PHONE }, respondents: [{ name: '赵五' }] }, metadata: meta }
    await expect(a.appendToStream(streamId, [referral], { expectedVersion: 'any' })).rejects.toThrow(/was erased: nothing more is written/)
    expect((await a.appendToStream(`complaint-${randomUUID()}`, [], { expectedVersion: 'any' }))._tag).toBe('Right')
    expect((await a.appendToStream(streamId, [registered()], { expectedVersion: 'any' }))._tag).toBe('Right')
    expect(nameOf(await a.readStream(streamId))).toBe(NAME)
    expect(nameOf(await b.readStream(streamId))).toBe(NAME)
  })

  it('a raw store (PERSONAL_DATA_ENCRYPTION=off) over the same schema reads the sealed markers, never the plaintext', async () => {
    const a = server()
    const streamId = `complaint-${randomUUID()}`
    await a.appendToStream(streamId, [registered()], { expectedVersion: 'no-stream' })
    expect(nameOf(await raw().readStream(streamId))).toBe('sealed:v2:complainant')
  })
})
