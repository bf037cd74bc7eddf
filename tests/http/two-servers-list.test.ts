// Two real servers on one DATA_DIR (one SQLite event store, one read-model file): A in this process,
// B in a child process running the server bin (`npm start`), as two nodes of one deployment would.
// A list read on one just after a write acknowledged by the other must show the write: the list route
// brings the read models up to the end of the log before it answers (bounded; packages/http/README.md).
import type { RunningServer } from '@gridcase/http'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { entryArgs } from '../helpers/serverProcess.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'

let dir: string
let a: RunningServer
let child: ChildProcess
let bUrl: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-two-'))
  const env = { DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'normal' }
  a = await startDemoServer(env)
  // B shares A's dev secret (kept under DATA_DIR), so A's demo tokens are good on B too.
  child = spawn(process.execPath, [...entryArgs('packages/http/src/bin/server.ts'), '--demo'], {
    // Without the caller's DATABASE_URL: B is A's twin on the SQLite file, not a server on some PostgreSQL (undefined is not passed on).
    env: { ...process.env, ...env, DATABASE_URL: undefined, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  bUrl = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const found = /listening on (http:\/\/\S+)/.exec(out)
      if (found?.[1] !== undefined) resolve(found[1])
    })
    child.on('exit', (code) => reject(new Error(`server B exited (${code}) before listening: ${out}`)))
  })
}, 30_000)
afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
  await a.close()
  rmSync(dir, { recursive: true, force: true })
})

const onA = demoCall(() => a)
const onB = demoCall(() => ({ ...a, url: bUrl }))
const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'

describe('two servers on one SQLite file', () => {
  it('a case opened through A is in the list read through B at once, 50 times out of 50', async () => {
    const missing: string[] = []
    for (let i = 0; i < 50; i += 1) {
      const created = await onA('hotline-operator', 'POST', '/api/v1/complaints', {
        channel: 'hotline-12345',
        kind: 'help',
        category: 'environment',
        title: `噪音 ${i}`,
        description: '夜间施工',
        jurisdiction: GRID,
        complainant: { name: '张先生', phone: '13900471234' },
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const listed = await onB('street-officer', 'GET', '/api/v1/complaints?limit=1')
      expect(listed.status).toBe(200)
      const first = (listed.body['items'] as { id: string }[])[0]
      if (first?.id !== created.body['id']) missing.push(String(created.body['id']))
    }
    expect(missing).toEqual([])
  })

  it('a command through B on a case A opened is in A’s list with its new state', async () => {
    const created = await onA('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'help',
      category: 'parking',
      title: '车位被占',
      description: '占用消防通道',
      jurisdiction: GRID,
      complainant: { name: '张先生', phone: '13900471234' },
    })
    const id = String(created.body['id'])
    expect((await onB('hotline-operator', 'POST', `/api/v1/complaints/${id}/accept`, {})).status).toBe(200)
    const listed = await onA('street-officer', 'GET', '/api/v1/complaints?state=accepted&limit=100')
    expect((listed.body['items'] as { id: string; status: string }[]).find((c) => c.id === id)).toMatchObject({ status: 'accepted' })
  })
})
