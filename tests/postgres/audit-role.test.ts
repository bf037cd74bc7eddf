// The auditor's PostgreSQL role, made exactly as README.md says (its ```sql block, run as written with the role's and
// the schema's names put in), audits the log over weeks: a receipt, more cases, verify against it, history unmasked and
// masked, export, what is due for erasure, and after the office erases a case, verify still passing and the subject's
// data gone from what the role can read. And the role can read nothing else of the schema: the README once granted
// `SELECT ON ALL TABLES`, which gave an auditor the servers' case list (personal data opened) and the webhook outbox
// (receivers' signing secrets) — tables no audit reads.
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateHeadKey, headSigner, manualClock, postgresAttachmentStore, postgresEventStore, postgresTreeHeads, sealedPostgresStore, treeLog } from '@gridcase/adapters'
import { eventHash } from '@gridcase/core'
import type { EventDraft } from '@gridcase/core/audit'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { gridcase, sql } from './cli.js'
import { sampleDrafts } from '../support/sampleLog.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

/** The README's statement for the auditor's role, with the role's and the schema's names put in. */
const readmeGrant = (role: string, schema: string): string => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const block = /```sql\n(CREATE ROLE auditor LOGIN;[\s\S]*?)```/.exec(readme)?.[1]
  if (block === undefined) throw new Error('README.md has no ```sql block making the auditor role (CREATE ROLE auditor LOGIN; …)')
  return block.replaceAll(/\bauditor\b/g, pg.escapeIdentifier(role)).replaceAll(/\bgridcase\b/g, pg.escapeIdentifier(schema))
}

describePostgres('the auditor role README.md makes, over weeks', () => {
  const schema = freshSchemaName()
  const role = `${schema}_auditor`
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-pg-auditor-'))
  const key = generateHeadKey()
  const publicKey = join(dir, 'head.pub.pem')
  const photo = Buffer.from('a photo of the blocked fire lane')
  const photoHash = createHash('sha256').update(photo).digest('hex')
  const clock = manualClock('2026-03-02T01:00:00Z')
  let url = ''
  let auditor = ''
  let complaint = ''
  let phone = ''
  const asAuditor = () => ['--database-url', auditor, '--schema', schema]

  /** Writes drafts as the office's servers would, the tree signing a head every 10 events and at the end. */
  const officeWrites = async (drafts: Iterable<EventDraft>, extra: (store: ReturnType<typeof sealedPostgresStore>) => Promise<void> = async () => undefined, signingKey = key.privateKeyPem) => {
    const store = sealedPostgresStore({ connectionString: url, schema, clock, maxConnections: 4 })
    await store.ready
    const heads = await postgresTreeHeads({ pool: store.pool, schema: store.schema })
    const tree = treeLog({ store, heads, signer: headSigner(signingKey), clock, everyEvents: 10 })
    await tree.start()
    let last = -1
    for (const draft of drafts) {
      const metadata = { commandId: `${draft.streamId}-${draft.at}-${draft.type}`, correlationId: 'corr', causationId: 'corr', actor: draft.actor, occurredAt: draft.at }
      const result = await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
      if (E.isLeft(result)) throw new Error(result.left.message)
      last = result.right.lastPosition
    }
    await extra(store)
    last = (await store.readAll()).at(-1)?.position ?? last
    await tree.waitFor(last)
    tree.signNow()
    await tree.stop()
    await heads.flush()
    heads.close()
    await store.close()
  }

  beforeAll(async () => {
    url = postgresUrl()
    writeFileSync(publicKey, key.publicKeyPem)
    // Week 1: the office's first cases, one of them with a photo kept in <schema>.attachments.
    await officeWrites(sampleDrafts({ cases: 6, seed: 21 }), async (store) => {
      const files = postgresAttachmentStore({ pool: store.pool, schema, tempDir: join(dir, 'uploads') })
      await files.has(photoHash)
      await store.pool.query(`INSERT INTO ${pg.escapeIdentifier(schema)}.attachments (sha256, size, content_type, uploaded_at, content) VALUES ($1, $2, 'image/jpeg', '2026-03-02T01:00:00Z', $3)`, [photoHash, photo.length, photo])
      const metadata = { commandId: 'photo-note', correlationId: 'photo-note', causationId: 'photo-note', actor: { id: 'grid-1', role: 'grid-worker' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-03-02T01:00:00Z' }
      const noted = await store.appendToStream('complaint-photo', [{ type: 'ComplaintNoteAdded', schemaVersion: 1, data: { note: '消防通道被占', attachments: [{ sha256: photoHash, kind: 'photo' }] }, metadata }], { expectedVersion: 'any' })
      if (E.isLeft(noted)) throw new Error(noted.left.message)
    })
    // What the servers keep beside the log and an audit never reads (stand-ins with the servers' table names).
    const s = pg.escapeIdentifier(schema)
    await sql(url, `CREATE TABLE ${s}.case_list (stream_id text, state json)`)
    await sql(url, `CREATE TABLE ${s}.webhook_subscriptions (id text, secret text)`)
    await sql(url, `CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN`)
    // The README's statement begins with CREATE ROLE: the role is made here already (so that a failed run drops it), so
    // run the rest of it.
    const grant = readmeGrant(role, schema)
    await sql(url, grant.replace(/^CREATE ROLE [^;]*;/, ''))
    const asRole = new URL(url)
    asRole.username = role
    asRole.password = ''
    auditor = asRole.toString()
  }, 90_000)
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await dropSchema(postgresUrl(), schema)
    await sql(postgresUrl(), `DROP OWNED BY ${pg.escapeIdentifier(role)}`).catch(() => undefined)
    await sql(postgresUrl(), `DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`)
  })

  it('may read the six tables an audit reads, and nothing else of the schema', async () => {
    const rows = await sql<{ relname: string; readable: boolean }>(
      url,
      `SELECT c.relname, has_table_privilege($1, c.oid, 'SELECT') AS readable FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $2 AND c.relkind = 'r' ORDER BY 1`,
      [role, schema],
    )
    expect(rows.filter((r) => r.readable).map((r) => r.relname)).toEqual(['attachments', 'events', 'store_schema', 'subject_key_erasures', 'subject_keys', 'tree_heads'])
    expect(rows.map((r) => r.relname)).toEqual(expect.arrayContaining(['case_list', 'webhook_subscriptions', 'merkle_chunks', 'attachment_uploads']))
  })

  it('audits the log over weeks: a receipt, more cases, verify against it, history and export, what is due, an erasure', async () => {
    const receipt = join(dir, 'week-1.json')
    const saved = await gridcase('audit', 'receipt', ...asAuditor(), '--out', receipt, '--public-key', publicKey)
    expect(saved.stderr).toBe('')
    expect(saved.code).toBe(0)
    const week1 = JSON.parse(readFileSync(receipt, 'utf8')) as { treeSize: number }

    // Week 2: more cases.
    clock.advance(7 * 24 * 3600 * 1000)
    await officeWrites([...sampleDrafts({ cases: 6, seed: 22 })].map((d) => ({ ...d, streamId: `${d.streamId}-w2` })))
    const verified = await gridcase('audit', 'verify', ...asAuditor(), '--receipt', receipt, '--public-key', publicKey)
    expect(verified.stderr).toBe('')
    expect(verified.code).toBe(0)
    expect(verified.stdout).toContain(`the log extends the receipt of ${week1.treeSize} events`)
    expect(verified.stdout).toContain('ok: 1 attached files named by 1 references, every one intact')

    // A complaint and its complainant's phone, from the auditor's own export (opened with the subject keys).
    const lines = (await gridcase('audit', 'export', ...asAuditor(), '--format', 'ndjson')).stdout.split('\n').filter((l) => l !== '')
    const registered = lines.map((l) => JSON.parse(l) as { streamId: string; data?: { complainant?: { phone?: string } } }).find((e) => typeof e.data?.complainant?.phone === 'string')
    complaint = registered?.streamId ?? ''
    phone = registered?.data?.complainant?.phone ?? ''
    expect(phone).toMatch(/^1\d{10}$/)

    // One case's events in the signed tree (inclusion), with the database role only: the whole log is checked against
    // the receipt, then the case's events are placed under it (before: --receipt and --stream were refused together,
    // and an auditor without the HTTP API had no way to say a case is in the log the office signed).
    const positions = (JSON.parse((await gridcase('audit', 'history', complaint, ...asAuditor(), '--json')).stdout) as { history: { position: number }[] }).history.map((h) => h.position)
    expect(Math.max(...positions)).toBeLessThan(week1.treeSize)
    const included = await gridcase('audit', 'verify', '--stream', complaint, ...asAuditor(), '--receipt', receipt, '--public-key', publicKey)
    expect(included.stderr).toBe('')
    expect(included.code).toBe(0)
    expect(included.stdout).toContain(`the log extends the receipt of ${week1.treeSize} events`)
    expect(included.stdout).toContain(`ok: ${complaint}: ${positions.length} events (positions ${positions.join(', ')}), chain intact, every one in the tree the receipt of ${week1.treeSize} events signs`)
    const late = [...lines.map((l) => JSON.parse(l) as { streamId: string; position: number })].filter((e) => e.streamId.endsWith('-w2'))
    const lateCase = late[0]?.streamId ?? ''
    const latePositions = late.filter((e) => e.streamId === lateCase).map((e) => e.position)
    const placed = await gridcase('audit', 'verify', '--stream', lateCase, ...asAuditor(), '--receipt', receipt, '--public-key', publicKey, '--json')
    expect(placed.code).toBe(0)
    const placedJson = JSON.parse(placed.stdout) as { ok: boolean; stream: unknown; largestHead: number }
    expect(placedJson.ok).toBe(true)
    expect(placedJson.stream).toEqual({ streamId: lateCase, events: latePositions.length, ok: true, positions: latePositions, inReceipt: 0, underSignedHead: latePositions.filter((p) => p < placedJson.largestHead).length })
    expect(latePositions.filter((p) => p < placedJson.largestHead).length).toBe(latePositions.length)
    expect((await gridcase('audit', 'verify', '--stream', 'complaint-none', ...asAuditor(), '--receipt', receipt, '--public-key', publicKey)).stderr).toContain('no stream complaint-none in the store')
    const plain = await gridcase('audit', 'history', complaint, ...asAuditor(), '--json')
    expect(plain.code).toBe(0)
    expect(plain.stdout).toContain(phone)
    const masked = await gridcase('audit', 'history', complaint, ...asAuditor(), '--mask', '--version', '0')
    expect(masked.code).toBe(0)
    expect(masked.stdout).not.toContain(phone)
    const exported = await gridcase('audit', 'export', ...asAuditor(), '--format', 'csv', '--mask')
    expect(exported.code).toBe(0)
    expect(exported.stdout).not.toContain(phone)

    const retention = join(dir, 'retention.json')
    writeFileSync(retention, JSON.stringify({ complaint: 1, dispute: 1 }))
    const due = await gridcase('erasure', 'due', ...asAuditor(), '--retention', retention, '--as-of', '2030-01-01T00:00:00Z', '--json')
    expect(due.stderr).toBe('')
    expect(due.code).toBe(0)
    const dueCases = (JSON.parse(due.stdout) as { due: { streamId: string }[] }).due.map((d) => d.streamId)
    expect(dueCases.length).toBeGreaterThan(0)

    // The office erases a due case with a complainant (its own, writing role); the auditor checks what is left.
    const erased = dueCases.find((id) => id.startsWith('complaint-')) ?? ''
    const erasedPhone = (JSON.parse((await gridcase('audit', 'history', erased, ...asAuditor(), '--json')).stdout) as { history: { data?: { complainant?: { phone?: string } } }[] }).history[0]?.data?.complainant?.phone ?? ''
    expect(erasedPhone).toMatch(/^1\d{10}$/)
    const erasing = await gridcase('erasure', 'erase', erased, '--database-url', url, '--schema', schema, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1')
    expect(erasing.code).toBe(0)
    const after = await gridcase('audit', 'verify', ...asAuditor(), '--receipt', receipt, '--public-key', publicKey)
    expect(after.code).toBe(0)
    expect(after.stdout).toContain('(1 erased)')
    for (const view of [
      await gridcase('audit', 'history', erased, ...asAuditor(), '--json', '--version', '0'),
      await gridcase('audit', 'export', ...asAuditor(), '--format', 'ndjson'),
      await gridcase('audit', 'export', ...asAuditor(), '--format', 'csv'),
    ]) {
      expect(view.code).toBe(0)
      expect(view.stdout).not.toContain(erasedPhone)
    }
    expect((await gridcase('audit', 'history', erased, ...asAuditor(), '--json', '--version', '0')).stdout).toContain('"complainant":{"name":"erased","phone":"erased"}')
    const dueAfter = await gridcase('erasure', 'due', ...asAuditor(), '--retention', retention, '--as-of', '2030-01-01T00:00:00Z', '--json')
    expect((JSON.parse(dueAfter.stdout) as { due: { streamId: string }[] }).due.map((d) => d.streamId)).not.toContain(erased)
  }, 120_000)
  it("an insider with write access is caught against the auditor's receipt: the newest event of a stream deleted (its gap hidden or not), an event rewritten and rehashed; a rotated head key leaves old receipts verifying", async () => {
    const s = pg.escapeIdentifier(schema)
    // A head over the whole log first (the erasure's event came after the last one), so the receipt covers every event.
    await officeWrites([])
    const receipt = join(dir, 'before-insider.json')
    expect((await gridcase('audit', 'receipt', ...asAuditor(), '--out', receipt, '--public-key', publicKey)).code).toBe(0)
    const size = (JSON.parse(readFileSync(receipt, 'utf8')) as { treeSize: number }).treeSize
    expect(await sql(url, `SELECT count(*)::int AS n FROM ${s}.events`)).toEqual([{ n: size }])
    const check = () => gridcase('audit', 'verify', ...asAuditor(), '--receipt', receipt, '--public-key', publicKey)
    await sql(url, `CREATE TABLE ${s}.events_kept AS SELECT * FROM ${s}.events`)
    await sql(url, `CREATE TABLE ${s}.heads_kept AS SELECT * FROM ${s}.tree_heads`)
    const restore = async () => {
      await sql(url, `BEGIN; DELETE FROM ${s}.events; INSERT INTO ${s}.events SELECT * FROM ${s}.events_kept; DELETE FROM ${s}.tree_heads; INSERT INTO ${s}.tree_heads SELECT * FROM ${s}.heads_kept; COMMIT`)
      expect((await check()).code).toBe(0)
    }
    // The newest event of a stream that is not the newest of the log.
    const [newest] = await sql<{ position: string }>(
      url,
      `SELECT max(position)::text AS position FROM ${s}.events GROUP BY stream_id HAVING max(position) < $1 - 5 ORDER BY 1 LIMIT 1`,
      [size],
    )
    const at = Number(newest?.position)
    await sql(url, `DELETE FROM ${s}.events WHERE position = $1`, [at])
    const deleted = await check()
    expect(deleted.code).toBe(1)
    expect(deleted.stdout).toContain(`positions skip from ${at - 1} to ${at + 1}: the event at position ${at} is missing`)
    await restore()

    // The same, the positions after it moved down to hide the gap and every stored head deleted: the receipt alone.
    await sql(url, `BEGIN; DELETE FROM ${s}.events WHERE position = ${at}; UPDATE ${s}.events SET position = position + 1000000 WHERE position > ${at}; UPDATE ${s}.events SET position = position - 1000001 WHERE position > 1000000; DELETE FROM ${s}.tree_heads; COMMIT`)
    const hidden = await check()
    expect(hidden.code).toBe(1)
    expect(hidden.stdout).toContain(`the log holds ${size - 1} events but a receipt covers ${size}: 1 removed, from position ${size - 1} on or, if the positions after them were renumbered, anywhere before`)
    await restore()

    // An event rewritten and every later hash of its stream recomputed: the chains verify, the receipt does not.
    const store = postgresEventStore({ connectionString: url, schema, maxConnections: 1 })
    const [target] = await sql<{ stream_id: string; version: number }>(url, `SELECT stream_id, version FROM ${s}.events WHERE version = 1 AND position < $1 ORDER BY position LIMIT 1`, [size])
    const events = (await store.readStream(target?.stream_id ?? '')).filter((e) => e.version >= (target?.version ?? 0))
    await store.close()
    let prev = events[0]?.metadata.prevHash ?? ''
    for (const event of events) {
      const data = event.version === target?.version ? { ...(event.data as object), note: '一切正常' } : event.data
      const hash = eventHash({ ...event, data, metadata: { ...event.metadata, prevHash: prev } })
      await sql(url, `UPDATE ${s}.events SET data = $1::json, prev_hash = $2, hash = $3 WHERE position = $4`, [JSON.stringify(data), prev, hash, event.position])
      prev = hash
    }
    expect((await gridcase('audit', 'verify', ...asAuditor())).code).toBe(0)
    const rehashed = await check()
    expect(rehashed.code).toBe(1)
    expect(rehashed.stdout).toMatch(/the log differs from the (?:receipt|signed head) of \d+ events/)
    await restore()

    // The head key rotated as docs/tamper-evidence.md says: later heads carry the new key; the receipts kept before still
    // verify with the old public key, alone or beside the new one, and a head under a key not given is never called checked.
    const rotated = generateHeadKey()
    const newPublicKey = join(dir, 'new.pub.pem')
    writeFileSync(newPublicKey, rotated.publicKeyPem)
    await officeWrites([...sampleDrafts({ cases: 2, seed: 23 })].map((d) => ({ ...d, streamId: `${d.streamId}-w3` })), undefined, rotated.privateKeyPem)
    const both = await gridcase('audit', 'verify', ...asAuditor(), '--receipt', receipt, '--public-key', publicKey, '--public-key', newPublicKey)
    expect(both.code).toBe(0)
    expect(both.stdout).not.toContain('not checked')
    const oldOnly = await check()
    expect(oldOnly.code).toBe(0)
    expect(oldOnly.stdout).toContain('was signed with a key not given (--public-key): not checked')
    const newOnly = await gridcase('audit', 'verify', ...asAuditor(), '--receipt', receipt, '--public-key', newPublicKey)
    expect(newOnly.code).toBe(2)
    expect(newOnly.stderr).toContain('give the public key it was signed with (an old key too, after a rotation)')
  }, 120_000)
  it('a head forged in the database is never saved as a receipt: receipt needs the public key (found: without it, the forged head was saved, and verify later called the receipt changed after it was kept)', async () => {
    const s = pg.escapeIdentifier(schema)
    // Just above every head (5 above the newest), under the key the auditor holds (the week-1 receipt's: a later head may
    // be a rotated key's). The newest is ordered by the bigint column, not by its text: `SELECT tree_size::text … ORDER
    // BY tree_size` orders by the output column, the text, so '97' came before '126' and the head went in at 97 + 5,
    // below the newest (the rotated key's 126), which receipt then took and refused for its key — the head had to be put
    // 1,000 above to be the newest. receipt itself orders by the bigint (postgresStoredHeads).
    const [newest] = await sql<{ size: string; root_hash: string }>(url, `SELECT tree_size::text AS size, root_hash FROM ${s}.tree_heads ORDER BY tree_size DESC LIMIT 1`)
    const first = { key_id: (JSON.parse(readFileSync(join(dir, 'week-1.json'), 'utf8')) as { keyId: string }).keyId }
    const forged = Number(newest?.size) + 5
    await sql(url, `INSERT INTO ${s}.tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES ($1, $2, '2026-12-07T05:30:00.000Z', $3, 'Zm9yZ2Vk')`, [forged, newest?.root_hash, first.key_id])
    expect(await sql(url, `SELECT max(tree_size)::int AS largest FROM ${s}.tree_heads`)).toEqual([{ largest: forged }])
    try {
      const out = join(dir, 'forged.json')
      const unchecked = await gridcase('audit', 'receipt', ...asAuditor(), '--out', out)
      expect(unchecked.code).toBe(2)
      expect(unchecked.stderr).toContain('receipt needs --public-key <file>')
      expect(existsSync(out)).toBe(false)
      const checked = await gridcase('audit', 'receipt', ...asAuditor(), '--out', out, '--public-key', publicKey)
      expect(checked.code).toBe(2)
      expect(checked.stderr, checked.stderr).toContain(`the head of ${forged} events has a signature that does not verify`)
      expect(existsSync(out)).toBe(false)
    } finally {
      await sql(url, `DELETE FROM ${s}.tree_heads WHERE signature = 'Zm9yZ2Vk'`)
    }
  })
})
