// The fingerprint an Idempotency-Key is bound to (`metadata.requestHash`: SHA-256 of the actor, the route and the whole
// body, personal data and free text included) was written in clear into the log and into the case list's key table,
// and stayed there after the case's erasure (found in a hands-on review, 2026-12-04): whoever held the database and
// could guess the body word for word could confirm the guess, erased or not. It is now sealed in the log with the case's
// subject key (so an erasure shreds it with the rest), and the key table forgets it when the erasure reaches it.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { canonicalJson } from '@gridcase/core'
import type { RunningServer } from '@gridcase/http'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { cliInProcess as cli } from '../helpers/cliInProcess.js'
import { consultation } from '../support/erasureCases.js'
import { startDemoServer } from './helpers/demoServer.js'

const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-idempotency-erasure-'))
let server: RunningServer | undefined
beforeAll(async () => {
  server = await startDemoServer({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' })
})
afterAll(async () => {
  await server?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const post = async (path: string, body: unknown, key: string, role = 'hotline-operator') => {
  const s = server as RunningServer
  const res = await fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.demoTokens[role]}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  })
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as Record<string, unknown> }
}

/** Every value a column of the file holds, as text. */
const column = (file: string, sql: string): string[] => {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare(sql).raw().all() as unknown[][]).map((row) => String(row[0]))
  } finally {
    db.close()
  }
}

it("an idempotency key's fingerprint: sealed in the log, forgotten by the key table at the erasure; the key still binds its request until then", async () => {
  // A complaint in hand (not a consultation answered at once, which is closed): notes are added to it.
  const body: Record<string, unknown> = { ...consultation('欧阳淑芬', '13904719876'), kind: 'complaint' }
  delete body['answer']
  const created = await post('/api/v1/complaints', body, '0193a000-0000-7000-8000-00000000a001')
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const id = String(created.body['id'])
  const streamId = `complaint-${id}`
  // What the server binds the key to (command.ts's fingerprint), worked out here from the request as sent.
  const actor = { id: 'demo-hotline-operator', role: 'hotline-operator' }
  const digest = createHash('sha256')
    .update(canonicalJson({ actor: actor.id, role: actor.role, path: 'complaints', route: 'create', caseId: id, body }), 'utf8')
    .digest('hex')

  // The key binds its request: the same request is replayed, another body is refused.
  const again = await post('/api/v1/complaints', body, '0193a000-0000-7000-8000-00000000a001')
  expect([again.status, again.replayed, again.body['id']]).toEqual([201, 'true', id])
  expect((await post('/api/v1/complaints', { ...body, title: '另一件事' }, '0193a000-0000-7000-8000-00000000a001')).status).toBe(422)
  const noted = await post(`/api/v1/complaints/${id}/add-note`, { note: '已电话回访' }, '0193a000-0000-7000-8000-00000000a002', 'supervisor')
  expect(noted.status, JSON.stringify(noted.body)).toBe(200)
  expect((await post(`/api/v1/complaints/${id}/add-note`, { note: '已电话回访' }, '0193a000-0000-7000-8000-00000000a002', 'supervisor')).replayed).toBe('true')
  expect((await post(`/api/v1/complaints/${id}/add-note`, { note: '别的' }, '0193a000-0000-7000-8000-00000000a002', 'supervisor')).status).toBe(422)

  // The log holds no fingerprint in clear: each is sealed under the complainant's key.
  const logFile = join(dataDir, 'gridcase.sqlite')
  const hashes = column(logFile, `SELECT json_extract(metadata, '$.requestHash') FROM events WHERE stream_id = '${streamId}'`)
  expect(hashes.length).toBeGreaterThanOrEqual(2)
  for (const hash of hashes) expect(hash).toMatch(/^sealed:v2:complainant:[A-Za-z0-9+/]+=*$/)
  expect(column(logFile, 'SELECT metadata FROM events').join('\n')).not.toContain(digest)

  // The key table (a read model: mutable) holds the request's fingerprint while the case is kept.
  const readModels = join(dataDir, 'read-models.sqlite')
  const keyed = `SELECT request_hash FROM case_list_keys WHERE stream_id = '${streamId}' ORDER BY command_id`
  await expect.poll(() => column(readModels, keyed).length, { timeout: 10_000 }).toBe(2)
  expect(column(readModels, keyed)).toContain(digest)

  const erased = await cli('erasure', 'erase', id, '--db', logFile, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1')
  expect(erased.code, erased.stderr).toBe(0)
  // The erasure reaches the key table: nothing of the request is left to confirm a guess against.
  await expect.poll(() => column(readModels, keyed), { timeout: 10_000 }).toEqual(['erased', 'erased'])
  // The same request with the same key can no longer be shown to be the same: refused, not replayed from a guess.
  expect((await post(`/api/v1/complaints/${id}/add-note`, { note: '已电话回访' }, '0193a000-0000-7000-8000-00000000a002', 'supervisor')).status).toBe(422)
  // A new key on the erased case is written with no fingerprint (nothing left to seal it under): bound to its actor.
  const later = await post(`/api/v1/complaints/${id}/add-note`, { note: '回访完毕' }, '0193a000-0000-7000-8000-00000000a003', 'supervisor')
  expect(later.status).toBe(200)
  const last = column(logFile, `SELECT metadata FROM events WHERE stream_id = '${streamId}' ORDER BY version DESC LIMIT 1`)[0] ?? ''
  expect(JSON.parse(last)).not.toHaveProperty('requestHash')
  expect((await post(`/api/v1/complaints/${id}/add-note`, { note: '回访完毕' }, '0193a000-0000-7000-8000-00000000a003', 'supervisor')).replayed).toBe('true')
})
