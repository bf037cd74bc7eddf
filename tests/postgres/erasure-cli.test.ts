// `gridcase erasure … --database-url`: `due` only reads, so it runs in a read-only session (every transaction
// read-only, the schema checked, never created or migrated); `erase` writes, but never creates a schema either. A
// mistyped --schema is an error naming it (exit 2), and nothing is left behind.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock, sealedPostgresStore } from '@gridcase/adapters'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { gridcase, snapshot, sql } from './cli.js'
import { HYPOTHETICAL_2027 } from '../../packages/core/src/calendar/fixtures.js'
import { sampleDrafts } from '../support/sampleLog.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

const schemaExists = async (url: string, schema: string): Promise<boolean> =>
  (await sql<{ found: boolean }>(url, 'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found', [schema]))[0]?.found === true

describePostgres('gridcase erasure --database-url never creates a schema', () => {
  const schema = freshSchemaName()
  const missing = `${schema}_none`
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-pg-erasure-'))
  let url = ''
  let streamId = ''

  beforeAll(async () => {
    url = postgresUrl()
    const clock = manualClock('2026-03-02T01:00:00Z')
    const store = sealedPostgresStore({ connectionString: url, schema, clock, maxConnections: 4 })
    await store.ready
    for (const draft of sampleDrafts({ cases: 4, seed: 7 })) {
      const metadata = { commandId: `${draft.streamId}-${draft.at}`, correlationId: 'corr', causationId: 'corr', actor: draft.actor, occurredAt: draft.at }
      const result = await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
      if (E.isLeft(result)) throw new Error(result.left.message)
    }
    // A complaint with a complainant: one whose personal data is sealed, so an erasure has something to erase.
    for (const event of await store.readAll()) {
      const data = event.data as { complainant?: { phone?: string } } | undefined
      if (event.streamId.startsWith('complaint-') && typeof data?.complainant?.phone === 'string') {
        streamId = event.streamId
        break
      }
    }
    await store.close()
  }, 60_000)
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await dropSchema(postgresUrl(), schema)
    await dropSchema(postgresUrl(), missing)
  })

  it('due refuses a missing schema with exit 2, naming it, and creates nothing', async () => {
    const result = await gridcase('erasure', 'due', '--database-url', url, '--schema', missing)
    expect(result.stderr).toContain(`no schema ${missing}`)
    expect(result.code).toBe(2)
    expect(await schemaExists(url, missing)).toBe(false)
  })

  it('erase refuses a missing schema with exit 2, naming it, and creates nothing', async () => {
    const result = await gridcase('erasure', 'erase', streamId, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--database-url', url, '--schema', missing)
    expect(result.stderr).toContain(`no schema ${missing}`)
    expect(result.code).toBe(2)
    expect(await schemaExists(url, missing)).toBe(false)
  })

  it('due lists in a read-only session, leaving every table as it was', async () => {
    const before = await snapshot(url, schema)
    const result = await gridcase('erasure', 'due', '--database-url', url, '--schema', schema, '--as-of', '2040-01-01T00:00:00Z', '--json')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ asOf: '2040-01-01T00:00:00Z', due: expect.any(Array) })
    expect(await snapshot(url, schema)).toBe(before)
  })

  it('on a schema a version behind (3: its servers not upgraded yet), due lists and erase is refused, naming the versions, writing nothing', async () => {
    const table = `${pg.escapeIdentifier(schema)}.store_schema`
    await sql(url, `UPDATE ${table} SET version = 3`)
    try {
      const before = await snapshot(url, schema)
      const due = await gridcase('erasure', 'due', '--database-url', url, '--schema', schema, '--as-of', '2040-01-01T00:00:00Z', '--json')
      expect(due.stderr).toBe('')
      expect(due.code).toBe(0)
      const erase = await gridcase('erasure', 'erase', streamId, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--database-url', url, '--schema', schema)
      expect(erase.code).toBe(2)
      expect(erase.stderr).toContain(`schema ${schema} has event-store schema 3; this build writes 4 (start a server of this build on it first)`)
      // A calendar load is refused the same way, --create or not: --create makes a schema that is missing, it does not
      // migrate one that servers of an older build still run on.
      const notice = join(dir, '2027.csv')
      writeFileSync(notice, HYPOTHETICAL_2027)
      for (const create of [[], ['--create']]) {
        const load = await gridcase('calendar', 'load', notice, '--database-url', url, '--schema', schema, ...create)
        expect(load.code).toBe(2)
        expect(load.stderr).toContain(`schema ${schema} has event-store schema 3; this build writes 4 (start a server of this build on it first)`)
      }
      // Not migrated, nothing erased or loaded.
      expect(await snapshot(url, schema)).toBe(before)
    } finally {
      await sql(url, `UPDATE ${table} SET version = 4`)
    }
  })

  it('erase still erases in an existing schema', async () => {
    expect(streamId).toMatch(/^complaint-/)
    const result = await gridcase('erasure', 'erase', streamId, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--database-url', url, '--schema', schema, '--json')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ streamId, kind: 'erased' })
    // The lawful erasure verifies; one faked in the key table (another subject's key set to NULL) does not.
    expect((await gridcase('audit', 'verify', '--database-url', url, '--schema', schema)).code).toBe(0)
    const other = (await sql<{ subject_id: string }>(url, `SELECT subject_id FROM ${pg.escapeIdentifier(schema)}.subject_keys WHERE key IS NOT NULL LIMIT 1`))[0]?.subject_id
    expect(other).toBeDefined()
    await sql(url, `UPDATE ${pg.escapeIdentifier(schema)}.subject_keys SET key = NULL, erased_at = now() WHERE subject_id = $1`, [other])
    const faked = await gridcase('audit', 'verify', '--database-url', url, '--schema', schema)
    expect(faked.code).toBe(1)
    expect(faked.stdout).toContain(`${other ?? '?'} (case`)
    expect(faked.stdout).toContain('its key was destroyed, and no erasure on the log names it')
    // A kept key replaced by another is key-wrong, tried as beside SQLite (found in review: it passed).
    const kept = (await sql<{ subject_id: string }>(url, `SELECT subject_id FROM ${pg.escapeIdentifier(schema)}.subject_keys WHERE key IS NOT NULL LIMIT 1`))[0]?.subject_id
    expect(kept).toBeDefined()
    await sql(url, `UPDATE ${pg.escapeIdentifier(schema)}.subject_keys SET key = decode(md5(random()::text) || md5(random()::text), 'hex') WHERE subject_id = $1`, [kept])
    const replaced = await gridcase('audit', 'verify', '--database-url', url, '--schema', schema, '--json')
    expect(replaced.code).toBe(1)
    expect(JSON.parse(replaced.stdout)).toMatchObject({ erasures: { findings: expect.arrayContaining([expect.objectContaining({ kind: 'key-wrong', subject: kept })]) } })
  })

  it('verify tries the keys a page of subjects at a time: a replaced key in the first page and one past it are both key-wrong (1,050 subjects)', async () => {
    const store = sealedPostgresStore({ connectionString: url, schema, clock: manualClock('2026-03-02T01:00:00Z'), maxConnections: 4 })
    const actor = { id: 'op-1', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }
    const subjects: string[] = []
    try {
      for (let n = 0; n < 1050; n += 1) {
        const id = `complaint-paged-${n}`
        const result = await store.appendToStream(id, [{ type: 'ComplaintRegistered', schemaVersion: 1, data: { channel: 'hotline-12345', kind: 'help', category: 'lighting', title: `路灯 ${n}`, description: '不亮', jurisdiction: 'hohhot/saihan/street-1', complainant: { name: `居民${n}`, phone: '13904719876' } }, metadata: { commandId: id, correlationId: id, causationId: id, actor, occurredAt: '2026-03-02T09:00:00+08:00' } }], { expectedVersion: 'no-stream' })
        if (E.isLeft(result)) throw new Error(result.left.message)
        subjects.push(`${id}#complainant`)
      }
    } finally {
      await store.close()
    }
    const replaced = [subjects[0], subjects[1049]] as string[]
    for (const subject of replaced) await sql(url, `UPDATE ${pg.escapeIdentifier(schema)}.subject_keys SET key = decode(md5(random()::text) || md5(random()::text), 'hex') WHERE subject_id = $1`, [subject])
    const verified = await gridcase('audit', 'verify', '--database-url', url, '--schema', schema, '--json')
    expect(verified.code).toBe(1)
    const wrong = (JSON.parse(verified.stdout) as { erasures: { findings: { kind: string; subject: string }[] } }).erasures.findings.filter((f) => f.kind === 'key-wrong' && f.subject.startsWith('complaint-paged-'))
    expect(wrong.map((f) => f.subject).sort()).toEqual([...replaced].sort())
  }, 120_000)
})
