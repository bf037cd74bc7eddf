// An anonymous complaint (匿名: no name, phone or id number) a resident files from the app is not traced back to it by
// those who may not know who raised it (DOMAIN.md "Complaint": a complaint may be anonymous; 北京市接诉即办工作条例: the
// complainant's personal information protected). Found by the resident persona (2026-12-07): the grid, the community,
// the street, auditors, the case list and the event log read the anonymous case's `complainant.residentId`, its
// `ownerId` and the resident as the actor of its register step — the same account that, on the resident's named
// complaints, stands beside its name and phone. The readers who may know who filed a 举报 (the hotline, supervisors, the
// resident itself) keep it; everyone else reads the case as a 举报's reporter is read: no account, steps by `reporter`.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, startServer, STREET, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const ACCOUNT = 'r-wang-anon'
const resident: Actor = { id: ACCOUNT, role: 'resident', jurisdiction: GRID }
const grid: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID }
const admin: Actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' }
let s: TestServer
let anonymous = ''
let named = ''

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  // The same resident's named complaint: there its account stands beside its name, for the handling roles.
  named = (await postAs(s, resident, '/api/v1/complaints', {
    channel: 'mini-program', kind: 'complaint', category: 'parking', title: '占道停车', description: '门口停车', jurisdiction: GRID,
    complainant: { name: '王五', phone: '13812345678' },
  }))['id'] as string
  anonymous = (await postAs(s, resident, '/api/v1/complaints', {
    channel: 'mini-program', kind: 'complaint', category: 'environment', title: '夜间施工扰民', description: '工地夜里施工', jurisdiction: GRID,
    address: '新华小区北门工地',
  }))['id'] as string
  await postAs(s, resident, `/api/v1/complaints/${anonymous}/supplement`, { text: '凌晨两点仍在施工' })
  await postAs(s, actors.operator, `/api/v1/complaints/${anonymous}/accept`)
})
afterAll(async () => {
  await s.close()
})

const read = async (actor: Actor, path: string): Promise<string> => {
  const res = await s.call(actor, 'GET', path)
  const text = await res.text()
  expect(res.status, `${actor.role} ${path}: ${text}`).toBe(200)
  return text
}

it('no one who may not know who filed it reads its account: case view, history, list, event log', async () => {
  const reads: [Actor, string][] = [
    [grid, `/api/v1/complaints/${anonymous}`],
    [grid, `/api/v1/complaints/${anonymous}/history`],
    [actors.workerA, `/api/v1/complaints/${anonymous}`],
    [actors.street, `/api/v1/complaints/${anonymous}/history`],
    [actors.street, `/api/v1/complaints?state=accepted`],
    [actors.auditor, `/api/v1/complaints/${anonymous}`],
    [actors.auditor, `/api/v1/complaints/${anonymous}/history`],
    [admin, `/api/v1/complaints/${anonymous}`],
  ]
  for (const [actor, path] of reads) expect(await read(actor, path), `${actor.role} ${path}`).not.toContain(ACCOUNT)
  // The steps the resident took read as the reporter's, in the case's place (not its own grid).
  const history = JSON.parse(await read(grid, `/api/v1/complaints/${anonymous}/history`)) as { events: { type: string; actor: Actor }[] }
  expect(history.events.filter((e) => e.type !== 'ComplaintAccepted').map((e) => e.actor)).toEqual([
    { id: 'reporter', role: 'resident', jurisdiction: GRID },
    { id: 'reporter', role: 'resident', jurisdiction: GRID },
  ])
  // The event log holds both complaints: the named one keeps its account, the anonymous one does not.
  const log = JSON.parse(await read(actors.auditor, '/api/v1/events?limit=100')) as { events: { streamId: string; actor: Actor; data: Record<string, unknown> }[] }
  const of = (id: string) => JSON.stringify(log.events.filter((e) => e.streamId.endsWith(id)))
  expect(of(named)).toContain(ACCOUNT)
  expect(of(anonymous)).not.toContain(ACCOUNT)
  expect(of(anonymous)).toContain('"reporter"')
})

it('the handling roles still read the rest in full: an anonymous complaint is not a 举报', async () => {
  const view = JSON.parse(await read(grid, `/api/v1/complaints/${anonymous}`)) as Record<string, unknown>
  expect(view['address']).toBe('新华小区北门工地')
  expect(view['complainant']).toEqual({})
  expect(view).not.toHaveProperty('ownerId')
})

it('the resident itself, the hotline and supervisors still know whose it is', async () => {
  for (const actor of [resident, actors.operator, actors.supervisor]) {
    const view = JSON.parse(await read(actor, `/api/v1/complaints/${anonymous}`)) as Record<string, unknown>
    expect(view['ownerId'], actor.role).toBe(ACCOUNT)
    expect(await read(actor, `/api/v1/complaints/${anonymous}/history`), actor.role).toContain(ACCOUNT)
  }
  // The resident still finds it among its own cases and acts on it.
  expect(await read(resident, '/api/v1/complaints')).toContain(anonymous)
})

it('views that differ are told apart by their ETags (a shared cache never answers the grid with the hotline’s body)', async () => {
  const etag = async (actor: Actor) => (await s.call(actor, 'GET', `/api/v1/complaints/${anonymous}`)).headers.get('etag')
  expect(await etag(grid)).not.toBe(await etag(actors.operator))
  expect(await etag(actors.auditor)).not.toBe(await etag(actors.supervisor))
})
