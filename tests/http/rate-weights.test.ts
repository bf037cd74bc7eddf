// The 三率's weights as an operator sets them (GRIDCASE_RATE_WEIGHTS, DOMAIN.md "Dashboards": partly solved × a weight,
// default 0; basically satisfied × a weight, default 1), over the real server (readConfig, SQLite files, a real port):
// the dashboard, the unit evaluation, the ranking and the trends compute the 解决率 and 满意率 with them and name them.
import type { Actor } from '@gridcase/core/access'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRealServer, type RealServer } from './helpers/realServer.js'

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const COMMUNITY = `${STREET}/community-a`
const GRID = `${COMMUNITY}/grid-001`
const UNIT = { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID }
const who = {
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
} satisfies Record<string, Actor>
const WEIGHTS = { partlySolved: 0.5, basicallySatisfied: 0.5 }

let real: RealServer
/** This month, China time (the server's clock is the system's: the cases are made now). */
let month = ''
/** A time after the third complaint's callback and before the fourth complaint: a dashboard as of then is replayed. */
let beforeFourth = ''

const call = (actor: Actor, method: string, path: string, body?: unknown): Promise<Response> => real.call(actor, method, path, body)
const ok = (actor: Actor, path: string, body: unknown = {}): Promise<string> => real.ok(actor, path, body)
const get = async <T>(path: string): Promise<T> => {
  const res = await call(who.street, 'GET', path)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
  return (await res.json()) as T
}

/** A complaint of the grid handled and the complainant told of the result; then `last` (a callback, a rating). */
const handled = async (title: string, ...last: readonly [string, unknown][]): Promise<void> => {
  const id = (JSON.parse(await ok(who.hotline, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title, description: `${title}，请处理。`,
    jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' },
  })) as { id: string }).id
  const c = (command: string) => `/api/v1/complaints/${id}/${command}`
  await ok(who.hotline, c('accept'))
  await ok(who.hotline, c('dispatch'), { unit: UNIT })
  await ok(who.grid, c('acknowledge'))
  await ok(who.grid, c('submit-result'), { result: '已处理', outcome: 'resolved' })
  await ok(who.hotline, c('notify-complainant'), { method: 'phone' })
  for (const [command, body] of last) await ok(who.hotline, c(command), body)
}
const answered = (solved: string, satisfaction: string): [string, unknown] => ['record-callback', { reached: true, contacted: true, solved, satisfaction }]

beforeAll(async () => {
  real = await startRealServer('rate-weights', { GRIDCASE_RATE_WEIGHTS: 'partlySolved=0.5, basicallySatisfied=0.5' })
  // Four complaints of grid-001, by hand:
  //   1 called back: solved, satisfied; 2 called back: partly solved, basically satisfied; 3 called back: not solved,
  //   unsatisfied; 4 not reached (out of the 解决率), then rated basically satisfied (一事一评: in the 满意率).
  //   解决率 = (1 solved + 1 partly × 0.5) / 3 called back = 0.5        (defaults: 1/3)
  //   满意率 = (1 satisfied + 2 basically × 0.5) / 4 evaluated = 0.5    (defaults: 3/4)
  await handled('暖气不热', answered('solved', 'satisfied'))
  await handled('楼道灯不亮', answered('partly', 'basically-satisfied'))
  await handled('垃圾未清运', answered('not-solved', 'unsatisfied'))
  await new Promise((resolve) => setTimeout(resolve, 5))
  beforeFourth = new Date().toISOString()
  await new Promise((resolve) => setTimeout(resolve, 5))
  await handled('噪音扰民', ['record-callback', { reached: false, note: '无人接听' }], ['evaluate', { rating: 'basically-satisfied' }])
  month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7)
})
afterAll(async () => {
  await real?.close()
})

interface Rates { weights: unknown; calledBack: number; evaluated: number; resolutionRate: number | null; satisfactionRate: number | null }
interface Unit { unit: { id: string }; resolutionRate: number | null; satisfactionRate: number | null }

describe('GRIDCASE_RATE_WEIGHTS over the real server', () => {
  it('weights the dashboard’s 三率 and names the weights (rates.weights), its units’ figures too', async () => {
    for (const path of ['/api/v1/dashboard', `/api/v1/dashboard?jurisdiction=${COMMUNITY}&depth=0`]) {
      const body = await get<{ rates: Rates; units: Unit[] }>(path)
      expect(body.rates, path).toMatchObject({ weights: WEIGHTS, calledBack: 3, evaluated: 4, resolutionRate: 0.5, satisfactionRate: 0.5 })
      expect(body.units.find((u) => u.unit.id === UNIT.id), path).toMatchObject({ resolutionRate: 0.5, satisfactionRate: 0.5 })
    }
  })

  it('weights the unit evaluation (考核) of the month, its score with them, and names them', async () => {
    const body = await get<{ rateWeights: unknown; units: (Unit & { score: number | null })[] }>(`/api/v1/evaluation?period=${month}`)
    expect(body.rateWeights).toEqual(WEIGHTS)
    const unit = body.units.find((u) => u.unit.id === UNIT.id)
    expect(unit).toMatchObject({ resolutionRate: 0.5, satisfactionRate: 0.5 })
    // Every rate of the grid but the two weighted ones is 1 (响应 3/3, 签收 and 办结 on time): the default weights
    // (10, 30, 30, 5, 15) score (10 + 30 × 0.5 + 30 × 0.5 + 5 + 15) / 90 × 100 = 60 / 90 × 100.
    expect(unit?.score).toBeCloseTo(6000 / 90, 10)
  })

  it('weights the ranking’s and the trends’ rates, and names the weights', async () => {
    const ranking = await get<{ rateWeights: unknown; total: { resolutionRate: number | null; satisfactionRate: number | null }; children: { jurisdiction: string; resolutionRate: number | null; satisfactionRate: number | null }[] }>(
      `/api/v1/ranking?period=${month}`,
    )
    expect(ranking.rateWeights).toEqual(WEIGHTS)
    expect(ranking.total).toMatchObject({ resolutionRate: 0.5, satisfactionRate: 0.5 })
    expect(ranking.children.find((c) => c.jurisdiction === COMMUNITY)).toMatchObject({ resolutionRate: 0.5, satisfactionRate: 0.5 })
    const trends = await get<{ rateWeights: unknown; months: { period: string; resolutionRate: number | null; satisfactionRate: number | null }[] }>('/api/v1/trends?months=1&days=1')
    expect(trends.rateWeights).toEqual(WEIGHTS)
    expect(trends.months).toEqual([expect.objectContaining({ period: month, resolutionRate: 0.5, satisfactionRate: 0.5 })])
  })

  it('weights a dashboard as of an earlier time too (replayed from the log)', async () => {
    // Before the fourth complaint: 3 called back. 解决率 (1 + 0.5) / 3 = 0.5; 满意率 (1 + 1 × 0.5) / 3 = 0.5 (defaults: 1/3, 2/3).
    const body = await get<{ rates: Rates }>(`/api/v1/dashboard?asOf=${encodeURIComponent(beforeFourth)}`)
    expect(body.rates).toMatchObject({ weights: WEIGHTS, calledBack: 3, evaluated: 3, resolutionRate: 0.5, satisfactionRate: 0.5 })
  })
})
