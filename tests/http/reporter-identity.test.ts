// Who made a 举报 (report) is confidential: only the hotline that registered it and supervisors may know, and the
// reporter itself (DOMAIN.md; 信访工作条例 art. 30 para. 3, sanctioned by art. 46(五)). Found in a hands-on review
// (2026-12-04): a report a resident filed from the mini-program showed everyone else its account — the complainant's
// `residentId`, the case's `ownerId`, and its id and grid as the actor of each step it took — in the case view, the
// list, the history and the live feed, while the name and phone beside them were masked. An account id is often a
// phone number.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningServer } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'

const ACCOUNT = 'demo-resident'
const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-reporter-'))
let server: RunningServer | undefined
const call = demoCall(() => server as RunningServer)
let id = ''
beforeAll(async () => {
  server = await startDemoServer({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' })
  const created = await call('resident', 'POST', '/api/v1/complaints', {
    channel: 'mini-program',
    kind: 'report',
    category: 'housing',
    title: '邻居违建',
    description: '楼顶加盖',
    jurisdiction: GRID,
    complainant: { name: '钱举报', phone: '13700001111' },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  id = String(created.body['id'])
  // A step the reporter takes itself: it is the actor.
  const supplemented = await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, { text: '补充：加盖已三层' })
  expect(supplemented.status, JSON.stringify(supplemented.body)).toBe(200)
})
afterAll(async () => {
  await server?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

it('no one who may not know who reported sees its account, in the case view, the list, the history or the event log', async () => {
  const reads: [string, string][] = [
    ['community-worker', `/api/v1/complaints/${id}`],
    ['community-worker', `/api/v1/complaints/${id}/history`],
    ['street-officer', '/api/v1/complaints?limit=100'],
    ['auditor', `/api/v1/complaints/${id}/history`],
    ['admin', `/api/v1/complaints/${id}`],
    ['auditor', '/api/v1/events?limit=100'],
  ]
  for (const [role, path] of reads) {
    const read = await call(role, 'GET', path)
    expect(read.status, `${role} ${path}`).toBe(200)
    const text = JSON.stringify(read.body)
    expect(text, `${role} ${path}`).toContain('钱**')
    expect(text, `${role} ${path}`).not.toContain(ACCOUNT)
  }
})

it('the hotline, a supervisor and the reporter itself still see who it is', async () => {
  for (const role of ['hotline-operator', 'supervisor', 'resident']) {
    const read = await call(role, 'GET', `/api/v1/complaints/${id}`)
    expect(read.status, role).toBe(200)
    expect(read.body, role).toMatchObject({ complainant: { name: '钱举报' } })
    expect(JSON.stringify(read.body), role).toContain(ACCOUNT)
  }
})

it('nor of an anonymous 举报 (no complainant) a resident filed: its account is its owner, left out as well', async () => {
  const created = await call('resident', 'POST', '/api/v1/complaints', { channel: 'mini-program', kind: 'report', category: 'housing', title: '楼顶违建', description: '匿名举报', jurisdiction: GRID })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const anonymous = String(created.body['id'])
  for (const [role, path] of [['community-worker', `/api/v1/complaints/${anonymous}`], ['community-worker', `/api/v1/complaints/${anonymous}/history`], ['street-officer', '/api/v1/complaints?limit=100'], ['auditor', '/api/v1/events?limit=100']] as const) {
    const read = await call(role, 'GET', path)
    expect(read.status, `${role} ${path}`).toBe(200)
    expect(JSON.stringify(read.body), `${role} ${path}`).not.toContain(ACCOUNT)
  }
  expect(JSON.stringify((await call('hotline-operator', 'GET', `/api/v1/complaints/${anonymous}`)).body)).toContain(ACCOUNT)
})

