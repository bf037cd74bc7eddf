// 考核 on a real server: names beside codes, the ranking of a street's communities by composite score (figures
// worked out by hand), the monthly and daily trends, and the registry's places within the caller's scope.
import { registryOf } from '@gridcase/core/projections'
import { complaints } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, COMMUNITY_B, startServer, STREET, type TestServer } from './helpers/server.js'
import { assessmentCalls, communityB, gridA, HOUR } from './helpers/assessmentCalls.js'

const made = registryOf({
  format: 'gridcase-jurisdictions/1',
  jurisdictions: [
    { code: 'hohhot/saihan', name: '赛罕区', level: 'district' },
    { code: STREET, name: '乌兰察布东路街道', level: 'street' },
    { code: COMMUNITY_A, name: '新华社区', level: 'community' },
    { code: COMMUNITY_B, name: '富兴社区', level: 'community' },
    { code: `${COMMUNITY_A}/grid-001`, name: '新华社区第1网格', level: 'grid' },
  ],
})
if (!('registry' in made)) throw new Error('bad registry')

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints()], jurisdictions: made.registry })
})
afterAll(async () => {
  await s.close()
})

const { open, step, get } = assessmentCalls(() => s)

interface Child { jurisdiction: string; name: string | null; rank: number | null; score: number | null; coverage: number; [k: string]: unknown }

describe('考核: ranking, trends and names', () => {
  beforeAll(async () => {
    // Community A (its grid): handled on time; callback contacted, solved, satisfied.
    const a = await open(gridA.jurisdiction, '暖气不热')
    await step(actors.operator, a, 'accept', {})
    await step(actors.operator, a, 'dispatch', { unit: gridA })
    await step(actors.gridA, a, 'acknowledge', {})
    await step(actors.gridA, a, 'submit-result', { result: '已排气', outcome: 'resolved' })
    await step(actors.operator, a, 'notify-complainant', { method: 'phone' })
    await step(actors.operator, a, 'record-callback', { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' })
    // Community B: handled on time, but the complainant says not solved, unsatisfied.
    const b = await open(COMMUNITY_B, '楼道灯不亮')
    await step(actors.operator, b, 'accept', {})
    await step(actors.operator, b, 'dispatch', { unit: communityB })
    await step(actors.workerB, b, 'acknowledge', {})
    await step(actors.workerB, b, 'submit-result', { result: '已报修', outcome: 'resolved' })
    await step(actors.operator, b, 'notify-complainant', { method: 'phone' })
    await step(actors.operator, b, 'record-callback', { reached: true, contacted: true, solved: 'not-solved', satisfaction: 'unsatisfied' })
  })

  it('ranks a street’s communities by composite score, named, with the weights used', async () => {
    const body = await get<{ name: string; weights: Record<string, number>; children: Child[] }>('/api/v1/ranking?period=2026-03')
    expect(body.name).toBe('乌兰察布东路街道')
    expect(body.weights).toEqual({ responseRate: 10, resolutionRate: 30, satisfactionRate: 30, onTimeAcknowledgementRate: 5, onTimeCompletionRate: 15, departmentRating: 10 })
    // A: every rate 1 → 100. B: 响应 1, 解决 0, 满意 0, 签收 1, 办结 1 → (10 + 0 + 0 + 5 + 15) / 90 × 100 = 33.33…
    expect(body.children.map((c) => [c.jurisdiction, c.name, c.rank])).toEqual([
      [COMMUNITY_A, '新华社区', 1],
      [COMMUNITY_B, '富兴社区', 2],
    ])
    expect(body.children[0]).toMatchObject({ score: 100, coverage: 0.9, complaints: 1, calledBack: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 })
    expect(body.children[1]?.score).toBeCloseTo(3000 / 90, 10)
    expect(body.children[1]).toMatchObject({ responseRate: 1, resolutionRate: 0, satisfactionRate: 0, onTimeAcknowledgementRate: 1, onTimeCompletionRate: 1 })
    // A community's children are its grids: drill down one level.
    const down = await get<{ name: string; children: Child[] }>(`/api/v1/ranking?period=2026-03&jurisdiction=${COMMUNITY_A}`)
    expect(down.name).toBe('新华社区')
    expect(down.children.map((c) => [c.jurisdiction, c.name, c.rank, c.score])).toEqual([[`${COMMUNITY_A}/grid-001`, '新华社区第1网格', 1, 100]])
    // Another month has nothing: unscored, unranked.
    const april = await get<{ children: Child[] }>('/api/v1/ranking?period=2026-04')
    expect(april.children.map((c) => [c.rank, c.score])).toEqual([[null, null], [null, null]])
  })

  it('gives the 三率 month by month and intake and missed deadlines day by day', async () => {
    const body = await get<{ months: { period: string; complaints: number; responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null }[]; days: { date: string; intake: number; overdue: number }[] }>(
      '/api/v1/trends?months=3&days=2',
    )
    // March: 2 callbacks, both contacted; 1 solved of 2; 1 satisfied of 2.
    expect(body.months.map((m) => [m.period, m.complaints, m.responseRate, m.resolutionRate, m.satisfactionRate])).toEqual([
      ['2026-01', 0, null, null, null],
      ['2026-02', 0, null, null, null],
      ['2026-03', 2, 1, 0.5, 0.5],
    ])
    // The clock started 2026-03-02 09:00 China time and moved 3¼ hours: both complaints came in on 03-02.
    expect(body.days).toEqual([
      { date: '2026-03-01', complaints: 0, disputes: 0, intake: 0, overdue: 0 },
      { date: '2026-03-02', complaints: 2, disputes: 0, intake: 2, overdue: 0 },
    ])
  })

  it('counts a missed deadline on the day it fell due, and names places beside codes in the dashboard and lists', async () => {
    const c = await open(COMMUNITY_B, '垃圾未清运')
    await step(actors.operator, c, 'accept', {})
    await step(actors.operator, c, 'dispatch', { unit: communityB })
    s.clock.advance(3 * 24 * HOUR)
    const dash = await get<{ jurisdictionName: string; counts: { tree: { jurisdiction: string; name: string | null }[] }; overdue: { items: { caseId: string; deadline: string; jurisdictionName: string | null }[] } }>(
      '/api/v1/dashboard?depth=1',
    )
    expect(dash.jurisdictionName).toBe('乌兰察布东路街道')
    expect(dash.counts.tree.map((n) => [n.jurisdiction, n.name])).toEqual([
      [STREET, '乌兰察布东路街道'],
      [COMMUNITY_A, '新华社区'],
      [COMMUNITY_B, '富兴社区'],
    ])
    const late = dash.overdue.items.find((i) => i.caseId === c)
    expect(late?.jurisdictionName).toBe('富兴社区')
    const lateDay = new Date(Date.parse(late?.deadline ?? '') + 8 * HOUR).toISOString().slice(0, 10)
    const trends = await get<{ days: { date: string; overdue: number }[] }>('/api/v1/trends?days=5')
    expect(trends.days.filter((d) => d.overdue > 0)).toEqual([{ date: lateDay, overdue: 1 }].map((d) => expect.objectContaining(d)))
    const list = await get<{ items: { id: string; jurisdictionName: string | null }[] }>('/api/v1/complaints')
    expect(list.items.find((i) => i.id === c)?.jurisdictionName).toBe('富兴社区')
  })

  it('ranks a child the registry does not name for a month in which it has work but opened no case (a callback on a case of the month before)', async () => {
    const COMMUNITY_C = `${STREET}/community-c`
    const unitC = { id: 'community-c', name: '第三社区居委会', level: 'community', jurisdiction: COMMUNITY_C }
    const workerC = { id: 'cw-c', role: 'community-worker', jurisdiction: COMMUNITY_C } as const
    // Opened, handled and notified at the end of March; called back on 1 April (China time): April's callback.
    s.clock.set('2026-03-31T01:00:00.000Z')
    const c = await open(COMMUNITY_C, '路灯不亮')
    await step(actors.operator, c, 'accept', {})
    await step(actors.operator, c, 'dispatch', { unit: unitC })
    await step(workerC, c, 'acknowledge', {})
    await step(workerC, c, 'submit-result', { result: '已更换灯泡', outcome: 'resolved' })
    await step(actors.operator, c, 'notify-complainant', { method: 'phone' })
    s.clock.set('2026-04-01T02:00:00.000Z')
    await step(actors.operator, c, 'record-callback', { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' })
    const april = await get<{ children: Child[] }>('/api/v1/ranking?period=2026-04')
    const third = april.children.find((child) => child.jurisdiction === COMMUNITY_C)
    // Its April: one callback, contacted, solved, satisfied (nothing opened in April): ranked on it.
    expect(third).toMatchObject({ name: null, complaints: 0, calledBack: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 })
    // The registry's communities are listed whatever they did; a place with nothing in the period is not.
    expect(april.children.map((child) => child.jurisdiction).sort()).toEqual([COMMUNITY_A, COMMUNITY_B, COMMUNITY_C])
    expect((await get<{ children: Child[] }>('/api/v1/ranking?period=2026-05')).children.map((child) => child.jurisdiction).sort()).toEqual([COMMUNITY_A, COMMUNITY_B])
  })

  it('lists the registry’s places within the caller’s scope only', async () => {
    const body = await get<{ under: string; items: { code: string; name: string; level: string; parent: string | null }[] }>('/api/v1/jurisdictions')
    expect(body.under).toBe(STREET)
    expect(body.items.map((i) => i.code)).toEqual([STREET, COMMUNITY_A, `${COMMUNITY_A}/grid-001`, COMMUNITY_B])
    expect(body.items[0]).toEqual({ code: STREET, name: '乌兰察布东路街道', level: 'street', parent: 'hohhot/saihan' })
    expect((await s.call(actors.street, 'GET', '/api/v1/jurisdictions?under=hohhot/saihan')).status).toBe(403)
    expect((await s.call(actors.street, 'GET', '/api/v1/ranking?period=2026-03&jurisdiction=hohhot')).status).toBe(403)
    expect((await s.call(actors.residentA, 'GET', '/api/v1/trends')).status).toBe(403)
    const bad = await s.call(actors.street, 'GET', '/api/v1/trends?months=99')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('query.months')
  })
})
