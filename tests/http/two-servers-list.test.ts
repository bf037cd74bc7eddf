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

describe('two servers on one SQLite file: the paged log', () => {
  // GET /api/v1/events (paged) waited for the read models up to its page and this server's own writes, not the end of
  // the log as the other reads do (`ctx.fresh()`): a merge (并案) committed through A, after a note on the duplicate naming
  // the primary's complainant, was not yet the duplicate's on B's read models, and a page read through B just after
  // showed the note with that name in clear — while the history, and a page read through A, masked it.
  const file = async (name: string, phone: string): Promise<string> => {
    const created = await onA('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345', kind: 'complaint', category: 'environment', title: '夜间噪音', description: '楼上夜间装修', jurisdiction: GRID, complainant: { name, phone },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    return String(created.body['id'])
  }
  it('a merge committed through A masks the duplicate’s earlier note on a page of it read through B at once, 10 times out of 10', async () => {
    const inClear: number[] = []
    for (let i = 0; i < 10; i += 1) {
      const primary = await file('钱七', '13900003333')
      const duplicate = await file('孙八', '13812340000')
      const note = await onA('supervisor', 'POST', `/api/v1/complaints/${duplicate}/add-note`, { note: `疑与钱七所诉同一问题 ${i}` })
      expect(note.status, JSON.stringify(note.body)).toBe(200)
      // Where the note is in the log: B's page of it alone (a page without the merge step).
      const history = await onA('auditor', 'GET', `/api/v1/complaints/${duplicate}/history`)
      const position = (history.body['events'] as { type: string; position: number }[]).find((e) => e.type === 'ComplaintNoteAdded')?.position
      expect(position).toBeTypeOf('number')
      // B has folded the note (a page of it read through B: the note, as written, before the merge).
      expect(JSON.stringify((await onB('street-officer', 'GET', `/api/v1/events?from=${position}&limit=1`)).body)).toContain(`疑与钱七所诉同一问题 ${i}`)
      const merged = await onA('hotline-operator', 'POST', `/api/v1/complaints/${duplicate}/merge`, { primaryId: primary, reason: '同一问题，并案办理' })
      expect(merged.status, JSON.stringify(merged.body)).toBe(200)
      const page = JSON.stringify((await onB('street-officer', 'GET', `/api/v1/events?from=${position}&limit=1`)).body)
      expect(page).toContain('所诉同一问题')
      if (page.includes('疑与钱七')) inClear.push(i)
    }
    expect(inClear).toEqual([])
  })
})
