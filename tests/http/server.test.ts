// The real server entry (`startGridcaseServer`, what `npm start` runs): SQLite under a temp DATA_DIR, real port.
import { localDate } from '@gridcase/core/calendar'
import type { RunningServer } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TREE_WAKE_EVERY_MS } from '../../packages/http/src/server.js'
import { demoCall, startDemoServer } from './helpers/demoServer.js'
import { documentedRoutes, expressRoutes } from './helpers/routes.js'

// The China date now: an oral agreement is entered with the day it was reached (never later than recorded).
const today = (): string => localDate(new Date().toISOString())

let dir: string
let server: RunningServer

// Processes off: the seeded district has overdue cases, and the deadline scheduler would keep writing reminders and
// urgings to them, so "the same record across a restart" would compare a log that moved on (tests/http/processes cover them).
const start = (seed: boolean) => startDemoServer({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'normal', GRIDCASE_PROCESSES: 'off' }, { seed })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-http-'))
  server = await start(true)
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const call = demoCall(() => server)

const grid = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
/** A hotline operator registers a complaint in the grid (车位被占); its id. */
const registerParkingComplaint = async (): Promise<string> => {
  const created = await call('hotline-operator', 'POST', '/api/v1/complaints', {
    channel: 'hotline-12345',
    kind: 'help',
    category: 'parking',
    title: '车位被占',
    description: '占用消防通道',
    jurisdiction: grid,
    complainant: { name: '张先生', phone: '13900471234' },
  })
  return String(created.body['id'])
}
const community = { id: 'xinhua-community', level: 'community', jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community' }

describe('the server on SQLite', () => {
  it('prints a demo token for every role (development mode) and seeds the demo district', async () => {
    expect(Object.keys(server.demoTokens).sort()).toEqual(
      ['admin', 'auditor', 'centre-officer', 'community-worker', 'court-clerk', 'department-officer', 'grid-worker', 'hotline-operator', 'mediator', 'resident', 'street-officer', 'supervisor'],
    )
    const listed = await call('street-officer', 'GET', '/api/v1/complaints?limit=100')
    expect((listed.body['items'] as unknown[]).length).toBeGreaterThan(0)
  })

  it('walks a complaint from registration to close over HTTP, one ETag at a time', async () => {
    const created = await call('resident', 'POST', '/api/v1/complaints', {
      channel: 'mini-program',
      kind: 'complaint',
      category: 'heating',
      title: '暖气不热',
      description: '家里只有 15 度',
      jurisdiction: grid,
      complainant: { name: '王女士', phone: '13800471234' },
    })
    expect(created.status).toBe(201)
    const id = String(created.body['id'])
    let etag = created.etag ?? ''
    const steps: [string, string, unknown][] = [
      ['hotline-operator', 'accept', {}],
      ['hotline-operator', 'dispatch', { unit: community }],
      ['community-worker', 'acknowledge', {}],
      ['community-worker', 'submit-result', { result: '已协调供热公司检修', outcome: 'resolved' }],
      ['hotline-operator', 'notify-complainant', { method: 'phone' }],
      ['resident', 'evaluate', { rating: 'satisfied' }],
    ]
    for (const [role, command, body] of steps) {
      const res = await call(role, 'POST', `/api/v1/complaints/${id}/${command}`, body, { 'if-match': etag, 'idempotency-key': crypto.randomUUID() })
      expect(res.status, `${command}: ${JSON.stringify(res.body)}`).toBe(200)
      etag = res.etag ?? ''
    }
    const bad = await call('hotline-operator', 'POST', `/api/v1/complaints/${id}/urge`, { reason: 42 })
    expect(bad.status).toBe(400)
    const badUnit = await call('hotline-operator', 'POST', `/api/v1/complaints/${id}/dispatch`, { unit: {} })
    expect((badUnit.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(expect.arrayContaining(['unit.id', 'unit.level']))
    const mine = await call('resident', 'GET', `/api/v1/complaints/${id}`)
    expect(mine.body).toMatchObject({ id, status: expect.stringMatching(/evaluated|closed/), complainant: { phone: '13800471234' } })
    const history = await call('auditor', 'GET', `/api/v1/complaints/${id}/history`)
    expect((history.body['events'] as unknown[]).length).toBe(steps.length + 1)
    const audit = await call('auditor', 'GET', '/api/v1/audit/verify')
    expect(audit.body).toMatchObject({ ok: true, brokenLinks: [] })
  })

  it('walks a dispute through people’s mediation to an agreement, and the mediator of another track may not act', async () => {
    const reported = await call('community-worker', 'POST', '/api/v1/disputes', {
      source: 'party-application',
      category: 'neighbour',
      jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community',
      summary: '楼上漏水致楼下受损',
      parties: [
        { side: 'applicant', name: '孙伟', phone: '13900471001' },
        { side: 'respondent', name: '钱进', phone: '13900471002' },
      ],
    })
    expect(reported.status).toBe(201)
    const id = String(reported.body['id'])
    const mediator = { id: 'demo-mediator', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' }
    const steps: [string, string, unknown, number][] = [
      // A mediator sees only the cases assigned to them: before assignment this one does not exist for them.
      ['mediator', 'accept', {}, 404],
      ['community-worker', 'accept', {}, 200],
      ['street-officer', 'assign-mediator', { track: 'people', mediator }, 200],
      ['mediator', 'record-session', { minutes: '双方陈述，初步同意赔偿' }, 200],
      ['mediator', 'record-agreement', { form: 'oral', terms: ['钱进赔偿孙伟 800 元'], reachedOn: today() }, 200],
      ['mediator', 'record-agreement', { form: 'oral', terms: ['again'], reachedOn: today() }, 409],
    ]
    for (const [role, command, body, status] of steps) {
      const res = await call(role, 'POST', `/api/v1/disputes/${id}/${command}`, body)
      expect(res.status, `${command}: ${JSON.stringify(res.body)}`).toBe(status)
    }
    const view = await call('supervisor', 'GET', `/api/v1/disputes/${id}`)
    expect(view.body).toMatchObject({ status: 'agreement-reached', track: 'people', parties: [{ name: '孙*', phone: '139****1001' }, { name: '钱*' }] })
    const listed = await call('street-officer', 'GET', '/api/v1/disputes?state=agreement-reached')
    expect((listed.body['items'] as { id: string }[]).map((i) => i.id)).toContain(id)
  })

  it("decides with the demo district's committee file: the centre routes a dispute to 新华社区人民调解委员会, whose demo mediator then lists it", async () => {
    const opened = await call('grid-worker', 'POST', '/api/v1/disputes', {
      source: 'screening', category: 'neighbour', jurisdiction: grid, summary: '邻里噪音',
      parties: [{ side: 'applicant', name: '孙伟', phone: '13800471001' }, { side: 'respondent', name: '钱进' }],
      risk: { grade: 'high', reason: '双方多次冲突' },
    })
    expect(opened.status).toBe(201)
    const id = opened.body['id'] as string
    expect((await call('centre-officer', 'POST', `/api/v1/disputes/${id}/accept`, {})).status).toBe(200)
    const routed = await call('centre-officer', 'POST', `/api/v1/disputes/${id}/route`, { committee: 'xinhua-community' })
    expect(routed.status, JSON.stringify(routed.body)).toBe(200)
    expect((routed.body['committee'] as { name: string }).name).toBe('新华社区人民调解委员会')
    const listed = await call('mediator', 'GET', '/api/v1/disputes?limit=100')
    expect((listed.body['items'] as { id: string }[]).map((i) => i.id)).toContain(id)
    const dashboard = await call('street-officer', 'GET', '/api/v1/dashboard?jurisdiction=hohhot/saihan/wulanchabu-east-road')
    expect((dashboard.body['risk'] as { items: { caseId: string }[] }).items.map((i) => i.caseId)).toContain(id)
    // The seed graded some of its disputes at intake: the district's dashboard flags more than this one.
    const district = await call('admin', 'GET', '/api/v1/dashboard?jurisdiction=hohhot/saihan')
    expect((district.body['risk'] as { highOpen: number }).highOpen).toBeGreaterThan(1)
  })

  it('documents in /openapi.json exactly the routes the server answers, the page included', async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> }
    expect(documentedRoutes(spec).sort()).toEqual(expressRoutes(server.app).sort())
    expect(Object.keys(spec.paths)).toContain('/')
  })

  it('keeps the record across a restart: same cases, same dashboard, same tokens', async () => {
    const before = await call('supervisor', 'GET', '/api/v1/dashboard')
    const listBefore = await call('street-officer', 'GET', '/api/v1/complaints?limit=100')
    const tokens = server.demoTokens
    await server.close()
    server = await start(false)
    expect(server.demoTokens['admin']).toBeDefined()
    const after = await fetch(`${server.url}/api/v1/dashboard`, { headers: { authorization: `Bearer ${tokens['supervisor']}` } })
    expect(after.status).toBe(200)
    const body = (await after.json()) as { counts: unknown }
    expect(body.counts).toEqual(before.body['counts'])
    const listAfter = await call('street-officer', 'GET', '/api/v1/complaints?limit=100')
    expect(listAfter.body['items']).toEqual(listBefore.body['items'])
  })

  it('lets exactly one of N parallel commands with the same If-Match through', async () => {
    const id = await registerParkingComplaint()
    const results = await Promise.all(
      Array.from({ length: 12 }, () => call('supervisor', 'POST', `/api/v1/complaints/${id}/add-note`, { note: '请尽快处理' }, { 'if-match': 'W/"0"' })),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 412)).toHaveLength(11)
    const history = await call('auditor', 'GET', `/api/v1/complaints/${id}/history`)
    expect((history.body['events'] as unknown[]).length).toBe(2)
  })

  it("wakes the tree log's thread once per window of commits, not once per command", async () => {
    const id = await registerParkingComplaint()
    const wakes = server.treeWakes
    if (wakes === undefined) throw new Error('the server on SQLite with a signing key has a tree log on a thread')
    const before = wakes()
    const commands = 40
    const started = performance.now()
    for (let i = 0; i < commands; i += 1) {
      const noted = await call('supervisor', 'POST', `/api/v1/complaints/${id}/add-note`, { note: `督办 ${i}` })
      expect(noted.status).toBe(200)
    }
    const elapsed = performance.now() - started
    // One command after another, each a commit: one wake per commit without the window (each step answered long before
    // the next commit), so 40; with it, at most one per TREE_WAKE_EVERY_MS of the loop's time and the one after its last
    // commit. Bounded by the time the loop took, not by a guess of it: a machine slow enough that each command takes
    // longer than a window makes the bound 40 or more (the test then cannot tell, but does not fail for the load).
    expect(wakes() - before).toBeLessThanOrEqual(Math.ceil(elapsed / TREE_WAKE_EVERY_MS) + 1)
  })
})
