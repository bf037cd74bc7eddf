// The server bin killed (SIGKILL) right after it committed commands whose answers the client may never have had: the
// same Idempotency-Key sent again to the restarted server is answered with the first outcome (the same case, the same
// version), writes nothing, and a stale If-Match is still refused — from what is on disk, nothing kept in memory.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { signToken } from '@gridcase/http'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnServer, type ServerProcess } from '../helpers/serverProcess.js'
import { awaiting } from '../helpers/until.js'

const SECRET = 'idempotency-crash-secret-idempotency-crash'
const GRID = 'hohhot/saihan/wulanchabu-east-road/community-a/grid-001'
const hotline: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

describe('Idempotency-Key across a crash', () => {
  const servers: ServerProcess[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const s of servers.splice(0)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('a create and a transition sent again after a SIGKILL are answered with their first outcome, nothing written twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-idem-crash-'))
    dirs.push(dataDir)
    const env = { DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, LOG_LEVEL: 'warn', GRIDCASE_PROCESSES: 'off' }
    const token = await signToken({ secret: SECRET }, hotline)
    const call = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
    const register = { channel: 'hotline-12345', kind: 'help', category: 'heating', title: '暖气不热', description: '暖气一周不热', jurisdiction: GRID }
    const createKey = randomUUID()
    const acceptKey = randomUUID()

    const first = spawnServer([], env)
    servers.push(first)
    const url = await awaiting('the server to listen', first.listening)
    const created = await call(url, '/api/v1/complaints', register, { 'idempotency-key': createKey })
    expect(created.status).toBe(201)
    const id = ((await created.json()) as { id: string }).id
    const accepted = await call(url, `/api/v1/complaints/${id}/accept`, {}, { 'idempotency-key': acceptKey, 'if-match': created.headers.get('etag') ?? '' })
    expect(accepted.status).toBe(200)
    const etag = accepted.headers.get('etag')
    // Killed at once: as if the answers had been lost with it.
    first.child.kill('SIGKILL')
    await awaiting('the killed server to exit', first.exited)

    const second = spawnServer([], env)
    servers.push(second)
    const url2 = await awaiting('the restarted server to listen', second.listening)
    const createdAgain = await call(url2, '/api/v1/complaints', register, { 'idempotency-key': createKey })
    expect(createdAgain.status).toBe(201)
    expect(createdAgain.headers.get('idempotent-replayed')).toBe('true')
    expect(((await createdAgain.json()) as { id: string }).id).toBe(id)
    const acceptedAgain = await call(url2, `/api/v1/complaints/${id}/accept`, {}, { 'idempotency-key': acceptKey, 'if-match': created.headers.get('etag') ?? '' })
    expect(acceptedAgain.status).toBe(200)
    expect(acceptedAgain.headers.get('idempotent-replayed')).toBe('true')
    expect(acceptedAgain.headers.get('etag')).toBe(etag)
    // A new command with the stale version is refused; the history holds each event once.
    const stale = await call(url2, `/api/v1/complaints/${id}/add-note`, { note: '回访前' }, { 'if-match': created.headers.get('etag') ?? '' })
    expect(stale.status).toBe(412)
    const history = (await (await fetch(`${url2}/api/v1/complaints/${id}/history`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>
    const entries = Object.values(history).find(Array.isArray) as { type: string }[] | undefined
    expect(entries?.map((e) => e.type), JSON.stringify(history).slice(0, 300)).toEqual(['ComplaintRegistered', 'ComplaintAccepted'])
    await second.stop()
  }, 120_000)
})
