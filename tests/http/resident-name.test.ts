// A resident's name from its token (the `name` claim), found in review (2026-12-04) kept in clear in every event's
// `metadata.actor` — which is never sealed — so it outlived the case's erasure in the history, the live feed and the
// webhooks of every reader. The log keeps no resident's name now, and the sealed store drops the one an older build kept.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sealedSqliteStore } from '@gridcase/adapters'
import type { RunningServer } from '@gridcase/http'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'

const TOKEN_NAME = '王女士'
const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-resident-name-'))
let server: RunningServer | undefined
const call = demoCall(() => server as RunningServer)
const grid = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
/** A resident's registration from the mini-program: the complainant it names is not the token's name. */
const registration = { channel: 'mini-program', kind: 'complaint', category: 'heating', title: '暖气不热', description: '家里只有 15 度', jurisdiction: grid, complainant: { name: '慕容复', phone: '13800471234' } }

beforeAll(async () => {
  // A complaint an older build wrote: its resident actor with the token's name in the metadata.
  const store = sealedSqliteStore({ path: join(dataDir, 'gridcase.sqlite') })
  try {
    const written = await store.appendToStream('complaint-01a24200-0000-7000-8000-000000000001', [{
      type: 'ComplaintRegistered',
      schemaVersion: 1,
      data: registration,
      metadata: { commandId: 'old-1', correlationId: 'old-1', causationId: 'old-1', actor: { id: 'demo-resident', role: 'resident', jurisdiction: grid, name: TOKEN_NAME }, occurredAt: '2026-11-02T09:00:00+08:00' },
    }], { expectedVersion: 'no-stream' })
    if (E.isLeft(written)) throw new Error(JSON.stringify(written.left))
  } finally {
    await store.close()
  }
  server = await startDemoServer({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' })
})
afterAll(async () => {
  await server?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

it("a resident's command keeps no name of it in the log, and no view shows the name an older build kept", async () => {
  const created = await call('resident', 'POST', '/api/v1/complaints', registration)
  expect(created.status).toBe(201)
  const file = new Database(join(dataDir, 'gridcase.sqlite'), { readonly: true })
  const metadata = (file.prepare('SELECT metadata FROM events WHERE stream_id = ?').all(`complaint-${String(created.body['id'])}`) as { metadata: string }[]).map((r) => r.metadata)
  file.close()
  expect(metadata.length).toBeGreaterThan(0)
  expect(metadata.join('\n')).not.toContain(TOKEN_NAME)
  expect(metadata.join('\n')).toContain('"role":"resident"')

  for (const id of [String(created.body['id']), '01a24200-0000-7000-8000-000000000001']) {
    const history = await call('hotline-operator', 'GET', `/api/v1/complaints/${id}/history`)
    expect(history.status).toBe(200)
    expect(JSON.stringify(history.body)).toContain('demo-resident')
    expect(JSON.stringify(history.body)).not.toContain(TOKEN_NAME)
  }
  const feed = await call('auditor', 'GET', '/api/v1/events?limit=100')
  expect(JSON.stringify(feed.body)).toContain('demo-resident')
  expect(JSON.stringify(feed.body)).not.toMatch(/王女士|王\*\*/)
})
