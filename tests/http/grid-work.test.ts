// Grid work over HTTP on a real server and port (DOMAIN.md "Grid work"): a grid worker's patrol finding with no
// complainant, a case resolved on the spot (现场办结) in one request, the rest sent up; 吹哨 only by the street, 报到
// on time or overdue, a department's part and the street's rating (以下评上) in the department's evaluation. Scope: the
// grid sees its grid; a department sees only what it is summoned to; personal data and addresses masked in lists.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { complaints } from '@gridcase/http'
import type { Actor } from '@gridcase/core/access'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'
import { actors, COMMUNITY_A, STREET, startServer, type TestServer } from './helpers/server.js'

// Photos are uploaded (POST /api/v1/attachments) before a command names them by SHA-256: a hash no upload has is refused.
const jpeg = (label: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(label, 'utf8')])
const PHOTOS = [jpeg('rubbish by building 3, before'), jpeg('rubbish by building 3, after')]
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
const uploadPhotos = async (url: string, token: string, photos: readonly Buffer[] = PHOTOS): Promise<void> => {
  for (const body of photos) {
    const res = await fetch(`${url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' }, body })
    expect(res.status).toBe(201)
  }
}

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints()] })
  await uploadPhotos(s.url, await s.token({ id: 'gw-1', role: 'grid-worker', jurisdiction: `${COMMUNITY_A}/grid-001` }))
})
afterAll(async () => {
  await s.close()
})

const GRID = `${COMMUNITY_A}/grid-001`
/** The demo grid worker's grid (packages/http/src/demo.ts). */
const DEMO_GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
const OTHER_GRID = `${COMMUNITY_A}/grid-002`
const HOUR = 3_600_000
const PHOTO = sha256(PHOTOS[0] ?? Buffer.alloc(0))
const AFTER_PHOTO = sha256(PHOTOS[1] ?? Buffer.alloc(0))
const gridWorker: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID }
const otherGridWorker: Actor = { id: 'gw-2', role: 'grid-worker', jurisdiction: OTHER_GRID }
const housingOfficer: Actor = { id: 'ho-1', role: 'department-officer', jurisdiction: 'hohhot/saihan', department: 'housing' }
const envOfficer: Actor = { id: 'eo-1', role: 'department-officer', jurisdiction: 'hohhot/saihan', department: 'environment' }
const street = { id: 'wulanchabu-street', level: 'street', jurisdiction: STREET }
const housing = { id: 'saihan-housing', level: 'district', jurisdiction: 'hohhot/saihan', department: 'housing' }
const environment = { id: 'saihan-env', level: 'district', jurisdiction: 'hohhot/saihan', department: 'environment' }

const patrol = (extra: Record<string, unknown> = {}) => ({
  channel: 'grid-visit',
  kind: 'help',
  category: 'sanitation',
  title: '垃圾堆放',
  description: '3号楼北侧垃圾堆放三天未清运',
  jurisdiction: GRID,
  address: '呼和浩特市赛罕区新华小区3号楼北侧',
  source: 'patrol',
  photos: [PHOTO],
  location: { longitude: 111.7, latitude: 40.8 },
  ...extra,
})

type Body = Record<string, unknown>
const send = async (actor: Actor, method: string, path: string, body?: unknown): Promise<{ status: number; body: Body }> => {
  const res = await s.call(actor, method, path, body)
  return { status: res.status, body: (await res.json()) as Body }
}
const step = async (actor: Actor, id: string, command: string, body: unknown = {}): Promise<Body> => {
  s.clock.advance(HOUR)
  const res = await send(actor, 'POST', `/api/v1/complaints/${id}/${command}`, body)
  expect(res.status, `${command}: ${JSON.stringify(res.body)}`).toBe(200)
  return res.body
}

describe('a grid worker’s patrol finding (巡查发现)', () => {
  it('given a grid worker, when they report what they found with no complainant, then it is registered (201), not refused with "complainant: is required"', async () => {
    const res = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ category: 'heating' }))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body).toMatchObject({ status: 'registered', source: 'patrol', photos: [PHOTO], location: { longitude: 111.7, latitude: 40.8 }, complainant: {} })
  })

  it('given a patrol finding naming a complainant, then 400 at complainant', async () => {
    const res = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ complainant: { name: '王五' } }))
    expect(res.status).toBe(400)
    expect(res.body['errors']).toEqual([expect.objectContaining({ path: 'complainant' })])
  })

  it('given a photo reference that is not a sha-256, then 400 naming photos[0]', async () => {
    const res = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ photos: ['not-a-hash'] }))
    expect(res.status).toBe(400)
    expect(res.body['errors']).toEqual([expect.objectContaining({ path: 'photos[0]' })])
  })

  // DOMAIN.md "Grid work": a patrol finding comes "with location and photos" — the point on the map too.
  it('given no location of the finding, then 400 at location (named beside a missing photo), and nothing written', async () => {
    const before = s.store.size?.()
    const noLocation = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ location: undefined }))
    expect(noLocation.status).toBe(400)
    expect(noLocation.body['errors']).toEqual([{ path: 'location', message: expect.stringContaining('巡查发现') }])
    const neither = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ location: undefined, photos: [] }))
    expect(neither.status).toBe(400)
    expect((neither.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(['location', 'photos'])
    expect(s.store.size?.()).toBe(before)
  })

  it('given a hotline operator, when they send a patrol finding, then 403', async () => {
    expect((await send(actors.operator, 'POST', '/api/v1/complaints', patrol())).status).toBe(403)
  })
})

describe('on-the-spot resolution (现场办结)', () => {
  it('given a grid worker, when they register a sanitation problem resolved on the spot, then one request registers, resolves and closes it at grid level', async () => {
    const res = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ onTheSpot: { result: '已联系保洁清运', photos: [AFTER_PHOTO] } }))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body).toMatchObject({ status: 'closed', closedAs: 'resolved-on-the-spot', result: { onTheSpot: true, photos: [AFTER_PHOTO], unit: { level: 'grid', jurisdiction: GRID } } })
    const history = await send(actors.auditor, 'GET', `/api/v1/complaints/${String(res.body['id'])}/history`)
    expect((history.body['events'] as { type: string }[]).map((e) => e.type)).toEqual(['ComplaintRegistered', 'ComplaintResolvedOnTheSpot', 'ComplaintClosed'])
  })

  // DOMAIN.md "Grid work": a patrol finding comes "with location and photos"; 现场办结 "with the result and photos".
  it('given no photo of the finding or of the result, then 400 naming each missing field, and nothing written', async () => {
    const before = s.store.size?.()
    const noPhoto = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ photos: undefined }))
    expect(noPhoto.status).toBe(400)
    expect(noPhoto.body['errors']).toEqual([{ path: 'photos', message: expect.stringContaining('巡查发现') }])
    const noResultPhoto = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ photos: [], onTheSpot: { result: '已清运' } }))
    expect(noResultPhoto.status).toBe(400)
    expect((noResultPhoto.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(['photos', 'onTheSpot.photos'])
    expect(s.store.size?.()).toBe(before)
  })

  it('given a category configuration does not allow on the spot (heating), then 400 at category and nothing written', async () => {
    const before = s.store.size?.()
    const res = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ category: 'heating', onTheSpot: { result: '已处理' } }))
    expect(res.status).toBe(400)
    expect(res.body['errors']).toEqual([{ path: 'category', message: expect.stringContaining('only sanitation, parking, neighbourhood') }])
    expect(s.store.size?.()).toBe(before)
  })

  it('given a community worker, when they resolve on the spot, then 403', async () => {
    expect((await send(actors.workerA, 'POST', '/api/v1/complaints', patrol({ source: undefined, onTheSpot: { result: '已处理' } }))).status).toBe(403)
  })

  it('given a case resolved on the spot in grid 1, then the grid worker of grid 2 and a department get 404, the street sees it with the address masked in the list', async () => {
    const created = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ onTheSpot: { result: '已清运', photos: [AFTER_PHOTO] } }))
    const id = String(created.body['id'])
    expect(created.body['address']).toBe('呼和浩特市赛罕区新华小区3号楼北侧')
    const missing = await send(otherGridWorker, 'GET', '/api/v1/complaints/00000000-0000-4000-8000-000000000000')
    const hidden = await send(otherGridWorker, 'GET', `/api/v1/complaints/${id}`)
    expect(hidden.status).toBe(404)
    expect(hidden.body).toEqual(missing.body)
    expect((await send(housingOfficer, 'GET', `/api/v1/complaints/${id}`)).status).toBe(404)
    const list = await send(actors.street, 'GET', '/api/v1/complaints?state=closed')
    const row = (list.body['items'] as Body[]).find((r) => r['id'] === id)
    expect(row).toBeDefined()
    expect(row?.['address']).toBe('呼和浩特市赛***********')
  })
})

describe('sent up the chain: 吹哨 by the street, 报到, the part, 以下评上', () => {
  it('given a patrol finding sent up to the street, when the street summons housing and environment, then each reports or goes overdue, and the street’s ratings are in their evaluation', async () => {
    const opened = await send(gridWorker, 'POST', '/api/v1/complaints', patrol({ category: 'heating', title: '供热管道漏水' }))
    expect(opened.status).toBe(201)
    const id = String(opened.body['id'])
    await step(actors.workerA, id, 'accept')
    // The grid and community may not whistle: the case is the community's first.
    await step(actors.workerA, id, 'dispatch', { unit: { id: 'community-a', level: 'community', jurisdiction: COMMUNITY_A } })
    await step(actors.workerA, id, 'acknowledge')
    const fromCommunity = await send(actors.workerA, 'POST', `/api/v1/complaints/${id}/summon-departments`, { departments: [housing], reason: '供热管网' })
    expect(fromCommunity.status).toBe(403)
    const fromGrid = await send(gridWorker, 'POST', `/api/v1/complaints/${id}/summon-departments`, { departments: [housing], reason: '供热管网' })
    expect(fromGrid.status).toBe(403)
    // A street officer acting for the community is told to escalate first (409).
    const notYet = await send(actors.street, 'POST', `/api/v1/complaints/${id}/summon-departments`, { departments: [housing], reason: '供热管网' })
    expect(notYet.status).toBe(409)
    await step(actors.workerA, id, 'escalate', { to: street, reason: '需街道协调住建、环保' })
    await step(actors.street, id, 'acknowledge')
    // Before the summons the housing bureau does not see the case.
    expect((await send(housingOfficer, 'GET', `/api/v1/complaints/${id}`)).status).toBe(404)
    const summoned = await step(actors.street, id, 'summon-departments', { departments: [housing, environment], reason: '供热管网涉及住建、环保' })
    const summons = summoned['summoned'] as { unit: { id: string }; reportBy: string }[]
    // Summoned Mon 2026-03-02 at 15:00 China time (the test clock starts 09:00, six requests an hour apart):
    // day 1 = Tue 3-03, day 2 = Wed 3-04 → due 2026-03-04 23:59:59+08:00.
    expect(summons.map((x) => x.reportBy)).toEqual(['2026-03-04T23:59:59+08:00', '2026-03-04T23:59:59+08:00'])
    // Now housing sees it; it reports arrival, then its part with a photo.
    expect((await send(housingOfficer, 'GET', `/api/v1/complaints/${id}`)).status).toBe(200)
    await step(housingOfficer, id, 'report-arrival', { unitId: 'saihan-housing' })
    // A command names only a file its actor may have: the officer uploads the photo it took (the same bytes, the same hash).
    await uploadPhotos(s.url, await s.token(housingOfficer))
    const part = await step(housingOfficer, id, 'report-department-part', { unitId: 'saihan-housing', report: '已更换阀门', photos: [AFTER_PHOTO] })
    expect((part['summoned'] as Body[])[0]).toMatchObject({ part: { report: '已更换阀门', photos: [AFTER_PHOTO] } })
    // Housing cannot report for environment (403); environment never comes.
    expect((await send(housingOfficer, 'POST', `/api/v1/complaints/${id}/report-arrival`, { unitId: 'saihan-env' })).status).toBe(403)
    // Thu 3-05 10:00: environment's 报到 is overdue, listed with its kind.
    s.clock.set('2026-03-05T02:00:00.000Z')
    const dashboard = await send(actors.street, 'GET', '/api/v1/dashboard')
    const overdue = (dashboard.body['overdue'] as { items: { caseId: string; deadlineKind: string; unitId?: string }[] }).items.filter((i) => i.caseId === id)
    expect(overdue).toEqual([expect.objectContaining({ deadlineKind: 'arrival', unitId: 'saihan-env' })])
    // Only the street rates: housing may not rate itself (403), a grid worker may not (403 — or 404 outside scope).
    expect((await send(housingOfficer, 'POST', `/api/v1/complaints/${id}/rate-department-help`, { unitId: 'saihan-housing', rating: 'satisfied', comment: '好' })).status).toBe(403)
    await step(actors.street, id, 'rate-department-help', { unitId: 'saihan-housing', rating: 'satisfied', comment: '当天到场，问题解决' })
    await step(actors.street, id, 'rate-department-help', { unitId: 'saihan-env', rating: 'unsatisfied', comment: '未按时报到' })
    // Environment's officer, summoned, reads the case.
    expect((await send(envOfficer, 'GET', `/api/v1/complaints/${id}`)).status).toBe(200)

    const evaluation = await send(actors.street, 'GET', '/api/v1/evaluation?period=2026-03')
    expect(evaluation.status).toBe(200)
    const units = evaluation.body['units'] as { unit: { id: string }; helpRatings: Body; arrivals: Body; overdue: Record<string, number> }[]
    expect(units.find((u) => u.unit.id === 'saihan-housing')?.helpRatings).toEqual({ rated: 1, satisfied: 1, basicallySatisfied: 0, unsatisfied: 0, satisfactionRate: 1 })
    expect(units.find((u) => u.unit.id === 'saihan-env')?.helpRatings).toEqual({ rated: 1, satisfied: 0, basicallySatisfied: 0, unsatisfied: 1, satisfactionRate: 0 })
    expect(units.find((u) => u.unit.id === 'saihan-env')?.overdue['arrival']).toBe(1)
    // 部门报到: housing came on time (1 of 1); environment never came and its deadline has passed (0 of 1).
    expect(units.find((u) => u.unit.id === 'saihan-housing')).toMatchObject({ arrivals: { due: 1, onTime: 1, onTimeRate: 1 } })
    expect(units.find((u) => u.unit.id === 'saihan-env')).toMatchObject({ arrivals: { due: 1, onTime: 0, onTimeRate: 0 } })
    // The grid's on-the-spot results (earlier tests) count for the grid, by its path.
    expect(units.find((u) => u.unit.id === GRID)).toMatchObject({ resolvedOnTheSpot: 2 })
    const csv = await s.call(actors.street, 'GET', '/api/v1/evaluation?period=2026-03', undefined, { Accept: 'text/csv' })
    expect((await csv.text()).split('\r\n')[0]).toContain('以下评上 help rated')
  })
})

describe('退单 or 导入调解 after 吹哨', () => {
  // A complaint someone raised (a referral names its complainant as the applicant), led by the street, which signs for it
  // and summons housing.
  /** A case opened by `by` (`body`), accepted, dispatched to the street, signed for and housing summoned: its id. */
  const summoning = async (by: Actor, body: Record<string, unknown>): Promise<string> => {
    const opened = await send(by, 'POST', '/api/v1/complaints', body)
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    const id = String(opened.body['id'])
    await step(actors.operator, id, 'accept')
    await step(actors.operator, id, 'dispatch', { unit: street })
    await step(actors.street, id, 'acknowledge')
    await step(actors.street, id, 'summon-departments', { departments: [housing], reason: '供热管网涉及住建' })
    return id
  }
  const summonedCase = async (): Promise<string> => {
    const id = await summoning(actors.operator, {
      ...patrol({ category: 'heating', title: '供热管道漏水' }), channel: 'hotline-12345', source: undefined, photos: undefined, location: undefined, complainant: { name: '王五', phone: '13900000000' },
    })
    expect((await send(housingOfficer, 'GET', `/api/v1/complaints/${id}`)).status).toBe(200)
    return id
  }

  it('given a street that summoned housing, when it returns the case (退单) before housing came, then 200, housing no longer sees the case (404, as a missing one) and owes no 报到', async () => {
    const id = await summonedCase()
    const returned = await step(actors.street, id, 'return', { reason: '经部门会商, 非本街道职责' })
    expect(returned).toMatchObject({ status: 'returned', summoned: [] })
    const missing = await send(housingOfficer, 'GET', '/api/v1/complaints/00000000-0000-4000-8000-000000000000')
    const hidden = await send(housingOfficer, 'GET', `/api/v1/complaints/${id}`)
    expect(hidden.status).toBe(404)
    expect(hidden.body).toEqual(missing.body)
    // A week on, long past the 报到 deadline: the case is overdue on the dispatcher's deadline only, not on housing's 报到.
    s.clock.advance(7 * 24 * HOUR)
    const dashboard = await send(actors.street, 'GET', '/api/v1/dashboard')
    const overdue = (dashboard.body['overdue'] as { items: { caseId: string; deadlineKind: string }[] }).items.filter((i) => i.caseId === id)
    expect(overdue.map((i) => i.deadlineKind)).not.toContain('arrival')
  })

  it('given a street that summoned housing on a patrol finding with a photo, when it returns the case (退单), then housing reads neither its history, nor its photo, nor finds it in its list: 404 with the bodies of missing ones', async () => {
    // A photo of this case alone: PHOTO is named by other cases of this server that housing may read (another test's
    // summons), and a file is fetched through any case naming it that its reader may read.
    const leak = jpeg('heating pipe leaking, this case only')
    await uploadPhotos(s.url, await s.token(gridWorker), [leak])
    const id = await summoning(gridWorker, patrol({ category: 'heating', title: '供热管道漏水', photos: [sha256(leak)] }))
    const photo = async (): Promise<Response> => fetch(`${s.url}/api/v1/attachments/${sha256(leak)}`, { headers: { authorization: `Bearer ${await s.token(housingOfficer)}` } })
    const listed = async (): Promise<boolean> => ((await send(housingOfficer, 'GET', '/api/v1/complaints?limit=100')).body['items'] as Body[]).some((r) => r['id'] === id)
    // Summoned: housing reads the case's history and photo, and lists it.
    expect((await send(housingOfficer, 'GET', `/api/v1/complaints/${id}/history`)).status).toBe(200)
    expect((await photo()).status).toBe(200)
    expect(await listed()).toBe(true)
    await step(actors.street, id, 'return', { reason: '经部门会商, 非本街道职责' })
    const missingHistory = await send(housingOfficer, 'GET', '/api/v1/complaints/00000000-0000-4000-8000-000000000000/history')
    const history = await send(housingOfficer, 'GET', `/api/v1/complaints/${id}/history`)
    expect(history.status).toBe(404)
    expect(history.body).toEqual(missingHistory.body)
    const missingFile = await fetch(`${s.url}/api/v1/attachments/${'0'.repeat(64)}`, { headers: { authorization: `Bearer ${await s.token(housingOfficer)}` } })
    const file = await photo()
    expect(file.status).toBe(404)
    expect(await file.json()).toEqual(await missingFile.json())
    expect(await listed()).toBe(false)
    // Nor acts on it: a command is 404 as on a missing case.
    const missingCommand = await send(housingOfficer, 'POST', '/api/v1/complaints/00000000-0000-4000-8000-000000000000/report-arrival', { unitId: 'saihan-housing' })
    const command = await send(housingOfficer, 'POST', `/api/v1/complaints/${id}/report-arrival`, { unitId: 'saihan-housing' })
    expect(command.status).toBe(404)
    expect(command.body).toEqual(missingCommand.body)
  })

  it('given a street that summoned housing, when the hotline refers the case to mediation (导入调解), then housing still reports its arrival (报到) and its part while the dispute runs', async () => {
    const id = await summonedCase()
    await step(actors.operator, id, 'refer-to-mediation', { disputeCategory: 'neighbour', respondents: [{ name: '某物业公司' }], summary: '供热纠纷转人民调解' })
    const arrived = await step(housingOfficer, id, 'report-arrival', { unitId: 'saihan-housing' })
    expect(arrived).toMatchObject({ status: 'referred-to-mediation', summoned: [expect.objectContaining({ unit: expect.objectContaining({ id: 'saihan-housing' }), arrivedAt: expect.any(String) })] })
    await step(housingOfficer, id, 'report-department-part', { unitId: 'saihan-housing', report: '参加调解, 说明管网责任' })
  })
})

describe('/openapi.json', () => {
  it('documents the new commands and fields', async () => {
    const res = await fetch(`${s.url}/openapi.json`)
    const doc = JSON.stringify(await res.json())
    for (const route of ['/api/v1/complaints/{id}/report-department-part', '/api/v1/complaints/{id}/rate-department-help']) expect(doc).toContain(route)
    for (const field of ['"onTheSpot"', '"photos"', '"source"', '"location"', '"helpRatings"', '"arrivals"', '"resolvedOnTheSpot"']) expect(doc).toContain(field)
  })
})

describe('the server’s configuration (GRIDCASE_ON_THE_SPOT_CATEGORIES, GRIDCASE_ARRIVAL_WORKING_DAYS)', () => {
  it('given heating allowed on the spot and a 5-working-day 报到, then heating is resolved on the spot and sanitation is refused', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-grid-config-'))
    const server = await startDemoServer({ DATA_DIR: dataDir, GRIDCASE_ON_THE_SPOT_CATEGORIES: 'heating', GRIDCASE_ARRIVAL_WORKING_DAYS: '5' })
    try {
      const call = demoCall(() => server)
      await uploadPhotos(server.url, server.demoTokens['grid-worker'] ?? '')
      const body = (category: string) => ({ ...patrol({ category, onTheSpot: { result: '已处理', photos: [AFTER_PHOTO] } }), jurisdiction: DEMO_GRID })
      expect((await call('grid-worker', 'POST', '/api/v1/complaints', body('heating'))).status).toBe(201)
      const refused = await call('grid-worker', 'POST', '/api/v1/complaints', body('sanitation'))
      expect(refused.status).toBe(400)
      expect(JSON.stringify(refused.body['errors'])).toContain('only heating')
    } finally {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
