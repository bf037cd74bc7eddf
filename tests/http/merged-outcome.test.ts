// 并案: a complaint merged into a neighbour's earlier one on the same matter (DOMAIN.md "Complaint": duplicates can be
// `merged` into a primary case). Its complainant is told the outcome of the case it was merged into, as 12345 practice
// does: the resident reading its own merged case sees the primary's progress and result (`mergedCase`), masked of the
// primary's people (least privilege, personal data); the primary itself stays the 404 of a missing case to it.
// Found by the resident persona: A's case read `merged` with a `mergedInto` that was 404 to A, and nothing more.
import type { Actor } from '@gridcase/core/access'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, startServer, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const wang: Actor = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
const li: Actor = { id: 'r-li', role: 'resident', jurisdiction: GRID }
const zhao: Actor = { id: 'r-zhao', role: 'resident', jurisdiction: GRID }
const grid: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID }
const op = actors.operator
const unit = { id: GRID, name: '1号网格', level: 'grid', jurisdiction: GRID }
// B's personal data, as B gave it and as the handling unit repeats it in its result: none of it is A's to read.
const B_DATA = /李四|13900002222|5号楼3单元201|r-li/
let s: TestServer

const file = async (owner: Actor, complainant: Record<string, unknown>, description: string, address?: string): Promise<string> =>
  (await postAs(s, owner, '/api/v1/complaints', {
    channel: 'mini-program', kind: 'complaint', category: 'parking', title: '占道停车', description, jurisdiction: GRID, complainant,
    ...(address === undefined ? {} : { address }),
  }))['id'] as string
const get = async (actor: Actor, path: string, headers: Record<string, string> = {}) => s.call(actor, 'GET', path, undefined, headers)
const view = async (actor: Actor, id: string): Promise<Record<string, unknown>> => {
  const res = await get(actor, `/api/v1/complaints/${id}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

let primary: string
let duplicate: string

/** The case view's schema as /openapi.json gives it, compiled. */
const caseViewSchema = async () => {
  const spec = (await (await s.call(undefined, 'GET', '/openapi.json')).json()) as {
    paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }>
    components: object
  }
  const schema = spec.paths['/api/v1/complaints/{id}']!.get.responses['200']!.content['application/json']!.schema
  return new Ajv2020({ strict: false }).compile({ ...schema, components: spec.components })
}

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  s.clock.set('2026-04-07T01:00:00.000Z')
  // B (李四) first, from the app, about the car parked at its door; then A (王五), about the same car.
  primary = await file(li, { name: '李四', phone: '13900002222' }, '李四家门口长期停车', '新华社区5号楼3单元201')
  duplicate = await file(wang, { name: '王五', phone: '13812345678' }, '5号楼门口有车长期占道')
  await postAs(s, op, `/api/v1/complaints/${primary}/accept`)
  await postAs(s, op, `/api/v1/complaints/${primary}/dispatch`, { unit })
  await postAs(s, op, `/api/v1/complaints/${duplicate}/accept`)
  s.clock.set('2026-04-07T02:00:00.000Z')
  await postAs(s, op, `/api/v1/complaints/${duplicate}/merge`, { primaryId: primary, reason: '同一诉求，并案办理' })
})
afterAll(async () => {
  await s.close()
})

describe('a resident whose complaint was merged (并案) follows the case it was merged into', () => {
  it('reads the primary’s progress while it is handled, then its result and when it was closed, masked of B', async () => {
    const before = await get(wang, `/api/v1/complaints/${duplicate}`)
    const early = (await before.json()) as Record<string, unknown>
    expect(early).toMatchObject({ status: 'merged', mergedInto: primary })
    expect(early['mergedCase']).toEqual({ status: 'dispatched', updatedAt: '2026-04-07T01:00:00.000Z' })
    const etag = before.headers.get('ETag')
    expect(etag).toBeTruthy()
    // Unchanged primary: the conditional GET still answers 304.
    expect((await get(wang, `/api/v1/complaints/${duplicate}`, { 'If-None-Match': etag! })).status).toBe(304)

    s.clock.set('2026-04-08T03:00:00.000Z')
    await postAs(s, grid, `/api/v1/complaints/${primary}/acknowledge`)
    s.clock.set('2026-04-09T06:30:00.000Z')
    await postAs(s, grid, `/api/v1/complaints/${primary}/submit-result`, {
      result: '已联系李四（13900002222），车辆已从5号楼3单元201门口移走', outcome: 'resolved',
    })
    // A's own case has not moved, the primary has: A's copy read before is not current (200, not 304).
    const after = await get(wang, `/api/v1/complaints/${duplicate}`, { 'If-None-Match': etag! })
    expect(after.status).toBe(200)
    expect(((await after.json()) as Record<string, unknown>)['version']).toBe(early['version'])

    s.clock.set('2026-04-09T08:00:00.000Z')
    await postAs(s, grid, `/api/v1/complaints/${primary}/notify-complainant`, { method: 'app' })
    s.clock.set('2026-04-09T12:00:00.000Z')
    await postAs(s, li, `/api/v1/complaints/${primary}/evaluate`, { rating: 'satisfied', comment: '李四很满意' })
    s.clock.set('2026-04-10T01:00:00.000Z')
    await postAs(s, op, `/api/v1/complaints/${primary}/close`, {})

    // By hand: 李四 → 李*, 13900002222 → 139****2222 (the core's masking of a phone in free text), the address's tail
    // 5号楼3单元201 (9 characters) masked as a name is: its first kept, 8 stars.
    const mine = await view(wang, duplicate)
    expect(mine).toMatchObject({ status: 'merged', mergedInto: primary, complainant: { name: '王五', phone: '13812345678' } })
    expect(mine['mergedCase']).toEqual({
      status: 'closed',
      result: { text: '已联系李*（139****2222），车辆已从5********门口移走', outcome: 'resolved', submittedAt: '2026-04-09T06:30:00.000Z' },
      notifiedAt: '2026-04-09T08:00:00.000Z',
      closedAt: '2026-04-10T01:00:00.000Z',
      updatedAt: '2026-04-10T01:00:00.000Z',
    })
    expect(JSON.stringify(mine)).not.toMatch(B_DATA)

    // As /openapi.json says of the case view (and so of each list item).
    const validate = await caseViewSchema()
    expect(validate(mine), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...mine, mergedCase: { ...(mine['mergedCase'] as object), status: 'finished' } })).toBe(false)
  })

  it('its list entry says the same; its history names nothing of B', async () => {
    const list = (await (await get(wang, '/api/v1/complaints')).json()) as { items: Record<string, unknown>[] }
    const entry = list.items.find((c) => c['id'] === duplicate)
    expect(entry?.['mergedCase']).toMatchObject({ status: 'closed', result: { outcome: 'resolved' } })
    expect(entry?.['mergedCase']).toEqual((await view(wang, duplicate))['mergedCase'])
    expect(list.items.some((c) => c['id'] === primary)).toBe(false)
    expect(JSON.stringify(list)).not.toMatch(B_DATA)
    const history = await get(wang, `/api/v1/complaints/${duplicate}/history`)
    expect(history.status).toBe(200)
    expect(JSON.stringify(await history.json())).not.toMatch(B_DATA)
  })

  it('the primary stays 404 to A, and A’s case 404 to another resident — the body of a missing case', async () => {
    const missing = await get(wang, `/api/v1/complaints/${crypto.randomUUID()}`)
    expect(missing.status).toBe(404)
    const body = await missing.json()
    for (const [actor, id] of [[wang, primary], [zhao, duplicate]] as const) {
      const res = await get(actor, `/api/v1/complaints/${id}`)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual(body)
    }
  })

  it('B, the handling staff and the auditor read as before: no mergedCase on any view of A’s case', async () => {
    for (const actor of [op, grid, actors.auditor] as Actor[]) {
      const res = await get(actor, `/api/v1/complaints/${duplicate}`)
      expect(res.status).toBe(200)
      expect(await res.json()).not.toHaveProperty('mergedCase')
    }
    expect(await view(li, primary)).not.toHaveProperty('mergedCase')
  })

  it('a primary referred to mediation: A is told its conclusion, and what came of it later (mediation.latest)', async () => {
    const admin: Actor = { id: 'admin-city', role: 'admin', jurisdiction: 'hohhot' }
    const first = await file(li, { name: '李四', phone: '13900002222' }, '物业费争议')
    const second = await file(wang, { name: '王五', phone: '13812345678' }, '同一物业费争议')
    await postAs(s, op, `/api/v1/complaints/${first}/accept`)
    await postAs(s, op, `/api/v1/complaints/${first}/dispatch`, { unit })
    await postAs(s, grid, `/api/v1/complaints/${first}/acknowledge`)
    const disputeId = '7f0c2a1e-3b4d-4e5f-8a6b-9c0d1e2f3a4b'
    await postAs(s, grid, `/api/v1/complaints/${first}/refer-to-mediation`, { disputeId, disputeCategory: 'property', respondents: [{ name: '某物业公司' }], summary: '物业费争议' })
    await postAs(s, op, `/api/v1/complaints/${second}/accept`)
    await postAs(s, op, `/api/v1/complaints/${second}/merge`, { primaryId: first, reason: '同一诉求' })
    s.clock.set('2026-04-20T02:00:00.000Z')
    await postAs(s, admin, `/api/v1/complaints/${first}/record-mediation-outcome`, { disputeId, outcome: 'agreement', summary: '达成调解协议' })
    expect((await view(wang, second))['mergedCase']).toMatchObject({ status: 'result-submitted', mediation: { outcome: 'agreement', concludedAt: '2026-04-20T02:00:00.000Z' } })
    // The court rejects the agreement (司法确认 驳回): the primary keeps the conclusion it took and reads the latest.
    s.clock.set('2026-05-06T02:00:00.000Z')
    await postAs(s, admin, `/api/v1/complaints/${first}/record-mediation-outcome`, { disputeId, outcome: 'confirmation-rejected' })
    const mine = await view(wang, second)
    expect(mine['mergedCase']).toMatchObject({ mediation: { outcome: 'agreement', latest: { outcome: 'confirmation-rejected', at: '2026-05-06T02:00:00.000Z' } } })
    expect(JSON.stringify(mine)).not.toMatch(/李四|13900002222|r-li/)
    const validate = await caseViewSchema()
    expect(validate(mine), JSON.stringify(validate.errors)).toBe(true)
  })

  it('a primary merged in turn: A follows the case its matter is in now', async () => {
    const first = await file(zhao, { name: '赵六', phone: '13700007777' }, '路口占道')
    const second = await file(wang, { name: '王五', phone: '13812345678' }, '路口占道停车')
    const third = await file(li, { name: '李四', phone: '13900002222' }, '李四反映路口占道')
    for (const id of [second, third]) await postAs(s, op, `/api/v1/complaints/${id}/accept`)
    await postAs(s, op, `/api/v1/complaints/${second}/merge`, { primaryId: third, reason: '同一诉求' })
    await postAs(s, op, `/api/v1/complaints/${third}/merge`, { primaryId: first, reason: '同一诉求' })
    await postAs(s, op, `/api/v1/complaints/${first}/reject`, { reason: '不属于受理范围' })
    const mine = await view(wang, second)
    expect(mine).toMatchObject({ mergedInto: third, mergedCase: { status: 'rejected' } })
    expect(JSON.stringify(mine)).not.toMatch(/李四|赵六|13900002222|13700007777|r-li|r-zhao/)
  })
})
