// GET /api/v1/evaluation on a real server: a month's unit evaluation as JSON and as CSV (UTF-8 with BOM), within scope.
import { registryOf } from '@gridcase/core/projections'
import { complaints } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
beforeAll(async () => {
  const made = registryOf({ format: 'gridcase-jurisdictions/1', jurisdictions: [{ code: `${COMMUNITY_A}/grid-001`, name: '东区第1网格', level: 'grid' }] })
  if (!('registry' in made)) throw new Error('bad registry')
  s = await startServer({ caseTypes: [complaints()], jurisdictions: made.registry })
})
afterAll(async () => {
  await s.close()
})

const HOUR = 3_600_000
const unit = { id: 'grid-001', name: '1号网格, 东区', level: 'grid', jurisdiction: `${COMMUNITY_A}/grid-001` }

interface Evaluation {
  readonly period: string
  readonly kind: string
  readonly from: string
  readonly to: string
  readonly units: readonly { readonly unit: { readonly id: string }; readonly [figure: string]: unknown }[]
  readonly exclusions: readonly { readonly caseId: string; readonly ground: string; readonly unitId: string }[]
  readonly exclusionsPage: { readonly limit: number; readonly truncated: boolean; readonly next: string | null }
}

const step = async (actor: (typeof actors)[keyof typeof actors], id: string, command: string, body: unknown, server: TestServer = s) => {
  server.clock.advance(HOUR)
  const res = await server.call(actor, 'POST', `/api/v1/complaints/${id}/${command}`, body)
  expect(res.status, `${command}: ${await res.clone().text()}`).toBe(200)
}

/** A complaint of the grid, opened by the hotline at the server's time and dispatched to the grid, an hour a step: its id. */
const dispatched = async (title: string, description: string, server: TestServer = s): Promise<string> => {
  const opened = await server.call(actors.operator, 'POST', '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title, description,
    jurisdiction: unit.jurisdiction, complainant: { name: '李四', phone: '13912345678' },
  })
  expect(opened.status).toBe(201)
  const { id } = (await opened.json()) as { id: string }
  await step(actors.operator, id, 'accept', {}, server)
  await step(actors.operator, id, 'dispatch', { unit }, server)
  return id
}

/** A complaint of the grid, opened by the hotline at the server's time and handled on time, an hour a step: its id. */
const handled = async (title: string, description: string, server: TestServer = s): Promise<string> => {
  const id = await dispatched(title, description, server)
  await step(actors.gridA, id, 'acknowledge', {}, server)
  await step(actors.gridA, id, 'submit-result', { result: '已协调供热公司排气。', outcome: 'resolved' }, server)
  await step(actors.operator, id, 'notify-complainant', { method: 'phone' }, server)
  return id
}

/** A March complaint of the grid, handled on time and called back with `answers`: its id. */
const handledAndCalledBack = async (title: string, description: string, answers: Record<string, unknown>): Promise<string> => {
  const id = await handled(title, description)
  await step(actors.operator, id, 'record-callback', { reached: true, ...answers })
  return id
}

describe('GET /api/v1/evaluation?jurisdiction=&period=', () => {
  it('gives each unit’s month as JSON and as CSV; an excluded case leaves the figures and is listed', async () => {
    // A complaint in March 2026, handled on time by the grid, called back: reached, contacted, solved, satisfied.
    const id = await handledAndCalledBack('暖气不热', '3号楼2单元暖气一周不热。', { contacted: true, solved: 'solved', satisfaction: 'satisfied' })

    const res = await s.call(actors.street, 'GET', '/api/v1/evaluation?period=2026-03')
    expect(res.status).toBe(200)
    const body = (await res.json()) as Evaluation
    expect(body).toMatchObject({ period: '2026-03', kind: 'month', from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00', exclusions: [] })
    // One acknowledgement due and on time, one result due and on time, one callback: contacted and solved → 1 each.
    expect(body.units.find((u) => u.unit.id === 'grid-001')).toMatchObject({
      dispatched: 1, acknowledgedOnTime: 1, onTimeAcknowledgementRate: 1, results: 1, resultsOnTime: 1, onTimeRate: 1,
      calledBack: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1, exclusions: 0,
      // Every rate 1 (no 以下评上 rating: its 10 points drop out): score 100 over 90 of the 100 weight points; rank 1.
      score: 100, coverage: 0.9, rank: 1, departmentRating: null,
      unit: { id: 'grid-001', jurisdictionName: '东区第1网格' },
    })

    const csv = await s.call(actors.street, 'GET', '/api/v1/evaluation?period=2026-Q1', undefined, { Accept: 'text/csv' })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="evaluation-2026-Q1.csv"')
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n')
    expect(lines[0]?.startsWith('单位编号 unit id,单位 unit,层级 level,')).toBe(true)
    // The unit's name holds a comma: quoted; its place's name beside the code. Figures: due 1, on time 1, rate 1 …;
    // nothing on the spot, no 报到 or 以下评上 (rates empty); score 100, rank 1; then nothing overdue, by kind (9 kinds).
    expect(lines[1]).toBe(`grid-001,"1号网格, 东区",grid,${unit.jurisdiction},东区第1网格,,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,,0,,100,1,0,0,0,0,0,0,0,0,0,0`)
    expect(lines.at(-1)).toBe('')

    // 考评申诉: the grid applies, the street's supervisor approves: the case leaves the figures and is listed.
    await step(actors.gridA, id, 'apply-exclusion', { ground: 'unreasonable-demand', reason: '诉求超出政策范围' })
    await step(actors.supervisor, id, 'decide-exclusion', { approved: true, reason: '属实' })
    const after = (await (await s.call(actors.street, 'GET', '/api/v1/evaluation?period=2026-03')).json()) as Evaluation
    expect(after.exclusions).toEqual([{ caseId: id, ground: 'unreasonable-demand', unitId: 'grid-001' }])
    // Paged by case id (issue #18): one page holds it all; after its case id, none is left.
    expect(after.exclusionsPage).toEqual({ limit: 100, truncated: false, next: null })
    const rest = (await (await s.call(actors.street, 'GET', `/api/v1/evaluation?period=2026-03&exclusionsAfter=${id}`)).json()) as Evaluation
    expect({ exclusions: rest.exclusions, page: rest.exclusionsPage }).toEqual({ exclusions: [], page: { limit: 100, truncated: false, next: null } })
    const dashboard = (await (await s.call(actors.street, 'GET', '/api/v1/dashboard')).json()) as Evaluation
    expect({ exclusions: dashboard.exclusions, page: dashboard.exclusionsPage }).toEqual({ exclusions: after.exclusions, page: after.exclusionsPage })
    expect(after.units.find((u) => u.unit.id === 'grid-001')).toMatchObject({ dispatched: 0, results: 0, calledBack: 0, responseRate: null, exclusions: 1 })
  })

  it('a month’s figures are made of the callbacks made in it: March stays as it was when the case is called back again in April', async () => {
    // A second March complaint of the grid (the first is excluded: it counts only in `exclusions`), called back in March:
    // contacted, not solved, unsatisfied; reopened (重办), handled again, and called back on 2 April: solved, satisfied.
    const id = await handledAndCalledBack('暖气仍不热', '3号楼2单元暖气仍不热。', { contacted: true, solved: 'not-solved', satisfaction: 'unsatisfied' })
    await step(actors.operator, id, 'reopen', { reason: '回访不满意' })
    await step(actors.gridA, id, 'acknowledge', {})
    await step(actors.gridA, id, 'submit-result', { result: '更换暖气阀门。', outcome: 'resolved' })
    await step(actors.operator, id, 'notify-complainant', { method: 'phone' })
    const march = async () => ((await (await s.call(actors.street, 'GET', '/api/v1/evaluation?period=2026-03')).json()) as Evaluation).units.find((u) => u.unit.id === 'grid-001')
    const before = await march()
    // March: one callback, contacted (1/1), not solved (0/1), unsatisfied (0/1); the reopening counted against the grid.
    expect(before).toMatchObject({ calledBack: 1, contacted: 1, responseRate: 1, resolved: 0, resolutionRate: 0, evaluated: 1, satisfied: 0, satisfactionRate: 0, reopenings: 1 })
    s.clock.set('2026-04-02T01:00:00.000Z')
    await step(actors.operator, id, 'record-callback', { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' })
    // March as published before is March now; April has the April callback: 1/1 each.
    expect(await march()).toEqual(before)
    const april = ((await (await s.call(actors.street, 'GET', '/api/v1/evaluation?period=2026-04')).json()) as Evaluation).units.find((u) => u.unit.id === 'grid-001')
    expect(april).toMatchObject({ calledBack: 1, contacted: 1, resolved: 1, resolutionRate: 1, evaluated: 1, satisfied: 1, satisfactionRate: 1 })
  })

  it('refuses a period that is none (400 naming the field), a place outside the caller’s scope (403) and residents (403)', async () => {
    const bad = await s.call(actors.street, 'GET', '/api/v1/evaluation?period=2026-13')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['query.period'])
    expect((await s.call(actors.street, 'GET', '/api/v1/evaluation')).status).toBe(400)
    for (const path of ['/api/v1/evaluation?period=2026-03&exclusionsAfter=..', '/api/v1/dashboard?exclusionsAfter=..']) {
      const cursor = await s.call(actors.street, 'GET', path)
      expect(cursor.status).toBe(400)
      expect(((await cursor.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['query.exclusionsAfter'])
    }
    expect((await s.call(actors.workerA, 'GET', '/api/v1/evaluation?period=2026&jurisdiction=hohhot')).status).toBe(403)
    expect((await s.call(actors.residentA, 'GET', '/api/v1/evaluation?period=2026')).status).toBe(403)
  })
})

describe('GET /api/v1/evaluation, ranking and trends: a month runs from 00:00 China time (UTC+8), not UTC', () => {
  it('a callback at 00:30 China time on 1 April (2026-03-31T16:30Z, March in UTC) is April’s, for the unit, the place and the trends', async () => {
    const own = await startServer({ caseTypes: [complaints()] })
    try {
      // Opened 03-02 09:00 China time, handled on time in March (签收 by 03-03, 办结 by 03-23); called back 04-01 00:30.
      const id = await handled('暖气不热', '3号楼2单元暖气一周不热。', own)
      own.clock.set('2026-03-31T15:30:00.000Z')
      await step(actors.operator, id, 'record-callback', { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' }, own)
      const grid = async (period: string) => ((await (await own.call(actors.street, 'GET', `/api/v1/evaluation?period=${period}`)).json()) as Evaluation).units.find((u) => u.unit.id === 'grid-001')
      // March: the 签收 and the result, on time; no callback (responseRate null). April: the callback, 1/1 each.
      expect(await grid('2026-03')).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1, results: 1, resultsOnTime: 1, calledBack: 0, responseRate: null })
      expect(await grid('2026-04')).toMatchObject({ dispatched: 0, results: 0, calledBack: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 })
      // The street's ranking of its communities, and its trends, count it in April as well.
      const ranking = async (period: string) => ((await (await own.call(actors.street, 'GET', `/api/v1/ranking?period=${period}`)).json()) as { children: { jurisdiction: string; calledBack: number; dispatched: number }[] }).children.find((c) => c.jurisdiction === COMMUNITY_A)
      expect(await ranking('2026-03')).toMatchObject({ calledBack: 0, dispatched: 1 })
      expect(await ranking('2026-04')).toMatchObject({ calledBack: 1, dispatched: 0 })
      const trends = (await (await own.call(actors.street, 'GET', `/api/v1/trends?jurisdiction=${COMMUNITY_A}&months=2&days=2`)).json()) as { months: { period: string; calledBack: number }[] }
      expect(trends.months.map((m) => [m.period, m.calledBack])).toEqual([['2026-03', 0], ['2026-04', 1]])
    } finally {
      await own.close()
    }
  })
})

// 并案 and 考评申诉 (DOMAIN.md "Denominator rules": a merged duplicate counts once, its primary). Found in review: the grid's
// apply-exclusion was taken on a complaint merged into another, though a merged duplicate counts nothing in the
// evaluation (an approval of it is neither counted nor listed): 409 now, naming the primary to apply on, nothing written.
// The reverse: a case is not merged while its application is pending (the supervisor would decide it for nothing).
describe('考评申诉 and 并案', () => {
  const send = async (actor: (typeof actors)[keyof typeof actors], id: string, command: string, body: unknown) => {
    s.clock.advance(HOUR)
    const res = await s.call(actor, 'POST', `/api/v1/complaints/${id}/${command}`, body)
    return { status: res.status, text: await res.text() }
  }
  const historyLength = async (id: string) => ((await (await s.call(actors.street, 'GET', `/api/v1/complaints/${id}/history`)).json()) as { events: unknown[] }).events.length
  const EXCLUDE = { ground: 'duplicate', reason: '与另一诉求重复' }
  it('apply-exclusion on a merged duplicate is 409 naming its primary, and writes nothing', async () => {
    const primary = await dispatched('暖气不热', '3号楼暖气不热。')
    const duplicate = await dispatched('暖气不热', '3号楼暖气还是不热。')
    await step(actors.operator, duplicate, 'merge', { primaryId: primary, reason: '同一诉求' })
    const before = await historyLength(duplicate)
    const refused = await send(actors.gridA, duplicate, 'apply-exclusion', EXCLUDE)
    expect(refused.status).toBe(409)
    expect(refused.text).toContain('invalid-transition')
    expect(refused.text).toContain(primary)
    expect(await historyLength(duplicate)).toBe(before)
  })
  it('merge while an application is pending is 409 naming decide-exclusion; once decided, the case is merged', async () => {
    const primary = await dispatched('暖气不热', '5号楼暖气不热。')
    const applied = await dispatched('暖气不热', '5号楼暖气还是不热。')
    await step(actors.gridA, applied, 'apply-exclusion', EXCLUDE)
    const pending = await send(actors.operator, applied, 'merge', { primaryId: primary, reason: '同一诉求' })
    expect([pending.status, pending.text.includes('decide-exclusion')]).toEqual([409, true])
    await step(actors.supervisor, applied, 'decide-exclusion', { approved: false, reason: '请并案处理' })
    await step(actors.operator, applied, 'merge', { primaryId: primary, reason: '同一诉求' })
  })
})
