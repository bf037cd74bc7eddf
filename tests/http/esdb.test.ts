// ESDB_CONNECTION_STRING selects the EventStoreDB store: the real server on the in-process stand-in
// (tests/esdb-standin — the real @eventstore/db-client over gRPC, not a real EventStoreDB).
import type { RunningServer } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStandin, type Standin } from '../esdb-standin/server.js'
import { demoCall, startDemoServer } from './helpers/demoServer.js'

let standin: Standin
let server: RunningServer
let dir: string

beforeAll(async () => {
  standin = await startStandin()
  dir = mkdtempSync(join(tmpdir(), 'gridcase-http-esdb-'))
  server = await startDemoServer({ DATA_DIR: dir, ESDB_CONNECTION_STRING: standin.connectionString })
})
afterAll(async () => {
  await server?.close()
  await standin?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const call = demoCall(() => server)

describe('the server on EventStoreDB (stand-in)', () => {
  it('registers and accepts a complaint, lists it, counts it, and verifies its chain', async () => {
    const created = await call('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'help',
      category: 'elderly-care',
      title: '独居老人需要助餐',
      description: '社区食堂送餐',
      jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017',
      complainant: { name: '刘阿姨', phone: '13800471888' },
    })
    expect(created.status).toBe(201)
    const id = String(created.body['id'])
    const accepted = await fetch(`${server.url}/api/v1/complaints/${id}/accept`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.demoTokens['hotline-operator']}`, 'if-match': 'W/"0"' },
    })
    expect(accepted.status).toBe(200)
    expect(accepted.headers.get('etag')).toBe('W/"1"')
    const stale = await fetch(`${server.url}/api/v1/complaints/${id}/accept`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.demoTokens['hotline-operator']}`, 'if-match': 'W/"0"' },
    })
    expect(stale.status).toBe(412)
    const list = await call('community-worker', 'GET', '/api/v1/complaints?state=accepted')
    expect((list.body['items'] as { id: string }[]).map((i) => i.id)).toEqual([id])
    const dashboard = await call('street-officer', 'GET', '/api/v1/dashboard')
    expect(dashboard.body).toMatchObject({ counts: { complaint: { total: 1, byState: { accepted: 1 } } } })
    expect((await call('auditor', 'GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true, events: 2, streams: 1 })
  })
})
