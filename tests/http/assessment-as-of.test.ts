// DOMAIN.md "Dashboards": every figure filterable by jurisdiction prefix and period, "and as of a time". The 考核 routes
// (the unit evaluation, the ranking, the trends) answered only as of the server's now, though `gridcase evaluation
// --as-of` and the dashboard's `asOf` answer as of any time: a ranking published on a day could not be read again as it
// stood then once an exclusion (考评申诉, which acts on every period from its approval on) had moved it. On the app's
// own SQLite read model (an `asOf` before the latest event is answered from the log), figures worked out by hand.
import { complaints } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, COMMUNITY_B, startServer, type TestServer } from './helpers/server.js'
import { assessmentCalls, communityB, gridA, HOUR } from './helpers/assessmentCalls.js'

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints()] })
})
afterAll(async () => {
  await s.close()
})

const { open, step, get } = assessmentCalls(() => s)

interface Child { jurisdiction: string; rank: number | null; score: number | null; calledBack: number; excluded: number }
interface Unit { unit: { id: string }; calledBack: number; satisfactionRate: number | null; exclusions: number; rank: number | null }
interface Month { period: string; calledBack: number; responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null; excluded: number }

describe('考核 as of a time: evaluation, ranking and trends', () => {
  /** When the March ranking was published: both callbacks made, no exclusion yet. */
  let published = ''
  beforeAll(async () => {
    // Clock: 2026-03-02 09:00 China time. Community A (its grid): on time; called back contacted, solved, satisfied.
    const a = await open(gridA.jurisdiction, '暖气不热')
    await step(actors.operator, a, 'accept', {})
    await step(actors.operator, a, 'dispatch', { unit: gridA })
    await step(actors.gridA, a, 'acknowledge', {})
    await step(actors.gridA, a, 'submit-result', { result: '已排气', outcome: 'resolved' })
    await step(actors.operator, a, 'notify-complainant', { method: 'phone' })
    await step(actors.operator, a, 'record-callback', { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' })
    // Community B: on time; called back contacted, not solved, unsatisfied.
    const b = await open(COMMUNITY_B, '楼道灯不亮')
    await step(actors.operator, b, 'accept', {})
    await step(actors.operator, b, 'dispatch', { unit: communityB })
    await step(actors.workerB, b, 'acknowledge', {})
    await step(actors.workerB, b, 'submit-result', { result: '已报修', outcome: 'resolved' })
    await step(actors.operator, b, 'notify-complainant', { method: 'phone' })
    await step(actors.operator, b, 'record-callback', { reached: true, contacted: true, solved: 'not-solved', satisfaction: 'unsatisfied' })
    s.clock.advance(HOUR)
    published = s.clock.now()
    // On 5 April B's 考评申诉 is approved: from then on, B's case is out of March's denominators too.
    s.clock.set('2026-04-05T02:00:00.000Z')
    await step(actors.workerB, b, 'apply-exclusion', { ground: 'unreasonable-demand', reason: '诉求超出政策范围' })
    await step(actors.supervisor, b, 'decide-exclusion', { approved: true, reason: '属实' })
  })

  it('GET /api/v1/ranking?asOf=: the March ranking as published, and as it stands now', async () => {
    // As published: A every rate 1 → 100; B 响应 1, 解决 0, 满意 0, 签收 1, 办结 1 → (10 + 5 + 15) / 90 × 100 = 33.3.
    const then = await get<{ asOf: string; children: Child[] }>(`/api/v1/ranking?period=2026-03&asOf=${encodeURIComponent(published)}`)
    expect(then.asOf).toBe(published)
    expect(then.children.map((c) => [c.jurisdiction, c.rank, c.calledBack, c.excluded])).toEqual([
      [COMMUNITY_A, 1, 1, 0],
      [COMMUNITY_B, 2, 1, 0],
    ])
    expect(then.children[1]?.score).toBeCloseTo(3000 / 90, 10)
    // Now: B's case excluded — nothing of B's left to score in March, so it is unranked.
    const now = await get<{ children: Child[] }>('/api/v1/ranking?period=2026-03')
    expect(now.children.map((c) => [c.jurisdiction, c.rank, c.calledBack, c.excluded])).toEqual([
      [COMMUNITY_A, 1, 1, 0],
      [COMMUNITY_B, null, 0, 0],
    ])
  })

  it('GET /api/v1/evaluation?asOf=: the units as they stood then, as the dashboard as of then has them; the CSV names the time', async () => {
    const then = await get<{ asOf: string; units: Unit[] }>(`/api/v1/evaluation?period=2026-03&asOf=${encodeURIComponent(published)}`)
    expect(then.asOf).toBe(published)
    expect(then.units.map((u) => [u.unit.id, u.calledBack, u.satisfactionRate, u.exclusions, u.rank])).toEqual([
      ['grid-001', 1, 1, 0, 1],
      ['community-b', 1, 0, 0, 2],
    ])
    const dashboard = await get<{ units: Unit[] }>(`/api/v1/dashboard?from=2026-03-01T00:00:00%2B08:00&to=2026-04-01T00:00:00%2B08:00&asOf=${encodeURIComponent(published)}`)
    // The dashboard lists its units by id, the evaluation by rank.
    const figures = (units: readonly Unit[]) => units.map((u) => [u.unit.id, u.calledBack, u.satisfactionRate, u.exclusions]).sort((x, y) => String(x[0]).localeCompare(String(y[0])))
    expect(figures(dashboard.units)).toEqual(figures(then.units))
    // Now: B's case is out of March's denominators (its exclusion is listed in April, the month of the approval).
    const now = await get<{ units: Unit[] }>('/api/v1/evaluation?period=2026-03')
    expect(now.units.map((u) => [u.unit.id, u.calledBack])).toEqual([['grid-001', 1]])
    const csv = await s.call(actors.street, 'GET', `/api/v1/evaluation?period=2026-03&asOf=${encodeURIComponent(published)}`, undefined, { accept: 'text/csv' })
    expect(csv.status).toBe(200)
    expect(await csv.text()).toContain(`as of ${published}`)
  })

  it('GET /api/v1/trends?asOf=: the months and days up to that time, with the figures of then', async () => {
    // March as published: 2 callbacks, both contacted; 1 solved of 2; 1 satisfied of 2.
    const then = await get<{ asOf: string; months: Month[]; days: { date: string; complaints: number }[] }>(`/api/v1/trends?months=2&days=2&asOf=${encodeURIComponent(published)}`)
    expect(then.asOf).toBe(published)
    expect(then.months.map((m) => [m.period, m.calledBack, m.responseRate, m.resolutionRate, m.satisfactionRate])).toEqual([
      ['2026-02', 0, null, null, null],
      ['2026-03', 2, 1, 0.5, 0.5],
    ])
    // Days up to the day of `asOf` (2 March, China time): both complaints came in that day.
    expect(then.days.map((d) => [d.date, d.complaints])).toEqual([
      ['2026-03-01', 0],
      ['2026-03-02', 2],
    ])
    // Now (5 April): March has A's callback only.
    const now = await get<{ months: Month[] }>('/api/v1/trends?months=2&days=1')
    expect(now.months.map((m) => [m.period, m.calledBack, m.satisfactionRate])).toEqual([
      ['2026-03', 1, 1],
      ['2026-04', 0, null],
    ])
  })

  it.each(['/api/v1/ranking?period=2026-03&', '/api/v1/evaluation?period=2026-03&', '/api/v1/trends?'])('%sasOf=yesterday is a 400 naming query.asOf', async (path) => {
    const res = await s.call(actors.street, 'GET', `${path}asOf=yesterday`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('query.asOf')
  })
})
