// What a unit and a place are ranked and judged by over HTTP — the unit evaluation (考核), the ranking of a place's
// children by composite score, and the trends month by month and day by day — against the KPI oracle
// (tests/support/kpiOracle.ts: figures recomputed from the events, the composite score and ranks written out plainly).
// On a real server over sample logs with the assessment's harder cases, cut so that cases are still open.
import { manualClock, memoryEventStore } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { registryOf } from '@gridcase/core/projections'
import { complaints, createApp, disputes, inMemoryReadModels, jwtAuth, listen, signToken, type AppReadModels } from '@gridcase/http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assessmentLog } from '../support/kpiCompare.js'
import { oracleFigures, oracleRanks, oracleScore, type OracleRates } from '../support/kpiOracle.js'

const SECRET = 'test-secret-test-secret-test-secret!'
const DAY = 86_400_000
const supervisor: Actor = { id: 'sup-city', role: 'supervisor', jurisdiction: 'hohhot' }

const made = registryOf({
  format: 'gridcase-jurisdictions/1',
  jurisdictions: [
    { code: 'hohhot', name: '呼和浩特市', level: 'city' },
    { code: 'hohhot/saihan', name: '赛罕区', level: 'district' },
    { code: 'hohhot/saihan/zhaojun', name: '昭君路街道', level: 'street' },
    { code: 'hohhot/saihan/quiet', name: '静街道', level: 'street' },
  ],
})
if (!('registry' in made)) throw new Error('bad registry')
const NAMED_CHILDREN: Record<string, readonly string[]> = { hohhot: ['hohhot/saihan'], 'hohhot/saihan': ['hohhot/saihan/zhaojun', 'hohhot/saihan/quiet'] }

/** A place's rates as the composite score reads them (no 以下评上 for a place). */
const placeScore = (r: OracleRates) =>
  oracleScore({
    responseRate: r.responseRate,
    resolutionRate: r.resolutionRate,
    satisfactionRate: r.satisfactionRate,
    onTimeAcknowledgementRate: r.onTimeAcknowledgementRate,
    onTimeCompletionRate: r.onTimeCompletionRate,
  })

const MONTHS: Record<string, { from: string; to: string }> = {
  '2026-01': { from: '2026-01-01T00:00:00+08:00', to: '2026-02-01T00:00:00+08:00' },
  '2026-02': { from: '2026-02-01T00:00:00+08:00', to: '2026-03-01T00:00:00+08:00' },
  '2026-Q1': { from: '2026-01-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' },
}

describe.each([
  { cases: 160, seed: 5, spacingMinutes: 720, dayDeadlines: false, keep: 0.7 },
  { cases: 140, seed: 23, spacingMinutes: 600, dayDeadlines: true, keep: 0.8 },
  // 退单 or 导入调解 after 吹哨 (the sample log's afterSummons): the departments' 报到 and 以下评上 among the figures.
  { cases: 160, seed: 5, spacingMinutes: 720, dayDeadlines: true, keep: 0.75, afterSummons: true },
  // Co-handling departments (协办), denied extensions, 补充 and notes (the sample log's coHandling): only the lead counts.
  { cases: 160, seed: 11, spacingMinutes: 720, dayDeadlines: true, keep: 0.75, afterSummons: true, coHandling: true },
])('the 考核 routes against the oracle (%o)', (history) => {
  const store = memoryEventStore()
  const collections = [complaints(), disputes()]
  let models: AppReadModels
  let server: Server
  let url = ''
  let token = ''
  let log: RecordedEvent[] = []
  let now = ''

  beforeAll(async () => {
    const drafts = assessmentLog(history)
    for (const [i, e] of drafts.entries()) {
      await store.appendToStream(e.streamId, [{ type: e.type, schemaVersion: 1, data: e.data, metadata: { commandId: `c-${i}`, correlationId: `c-${i}`, causationId: `c-${i}`, actor: e.metadata.actor, occurredAt: e.metadata.occurredAt } }], { expectedVersion: 'any' })
    }
    log = [...(await store.readAll({ fromPosition: 0, limit: 1_000_000 }))]
    now = new Date(Date.parse(drafts.at(-1)?.metadata.occurredAt ?? '') + 3 * DAY).toISOString()
    models = inMemoryReadModels(store, collections)
    await models.runner.catchUp()
    const app = createApp({ store, caseTypes: collections, auth: jwtAuth({ secret: SECRET }), clock: manualClock(now), readModels: models, jurisdictions: made.registry })
    server = await listen(app, 0, '127.0.0.1')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    token = await signToken({ secret: SECRET }, supervisor)
  }, 120_000)
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await models.close()
  })

  const get = async (path: string): Promise<any> => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status, path).toBe(200)
    return res.json()
  }

  it.each(Object.keys(MONTHS))('GET /api/v1/evaluation?period=%s: every unit, its score, coverage and rank are the oracle\'s', async (period) => {
    const body = await get(`/api/v1/evaluation?period=${period}`)
    const oracle = oracleFigures(log, { ...MONTHS[period], asOf: now })
    const scored = oracle.units.map((u) => ({
      u,
      ...oracleScore({
        responseRate: u.responseRate,
        resolutionRate: u.resolutionRate,
        satisfactionRate: u.satisfactionRate,
        onTimeAcknowledgementRate: u.onTimeAcknowledgementRate,
        onTimeCompletionRate: u.onTimeRate,
        departmentRating: u.helpRatings.rated > 0 ? u.helpRatings.satisfactionRate : null,
      }),
    }))
    const ranked = oracleRanks(scored, (s) => s.score, (s) => s.u.id)
    expect(oracle.units.length).toBeGreaterThan(3)
    expect(
      body.units.map((u: any) => ({ id: u.unit.id, score: u.score, coverage: u.coverage, rank: u.rank, calledBack: u.calledBack, results: u.results, overdue: u.overdue })),
    ).toEqual(ranked.map(({ item, rank }) => ({ id: item.u.id, score: item.score, coverage: item.coverage, rank, calledBack: item.u.calledBack, results: item.u.results, overdue: item.u.overdue })))
    // Overdue deadlines no unit answers for: the place's less the units'.
    const unassigned = { ...oracle.overdue.byKind }
    for (const u of oracle.units) for (const [k, n] of Object.entries(u.overdue)) unassigned[k] = (unassigned[k] ?? 0) - n
    expect(body.unassigned.overdue).toEqual(unassigned)
    expect(body.exclusions).toEqual(oracle.exclusions.slice(0, 100))
  })

  it.each([
    ['2026-01', 'hohhot/saihan'],
    ['2026-02', 'hohhot/saihan'],
    ['2026-Q1', 'hohhot'],
    ['2026-02', undefined],
  ] as const)('GET /api/v1/ranking?period=%s&jurisdiction=%s: the children, their figures, scores and ranks are the oracle\'s', async (period, place) => {
    const body = await get(`/api/v1/ranking?period=${period}${place === undefined ? '' : `&jurisdiction=${place}`}`)
    const top = place ?? 'hohhot'
    const depth = top.split('/').length
    // The children: the registry's, and every other place one level down with something to count in the period (a case
    // opened, a callback, a deadline due, an exclusion), among those with any case at all.
    const anyCase = oracleFigures(log, { jurisdiction: top, from: '1900-01-01T00:00:00+08:00', to: now, asOf: now, depth: 1 }).counts.tree.map((n) => n.jurisdiction).filter((p) => p.split('/').length === depth + 1)
    const busy = anyCase.filter((code) => {
      const f = oracleFigures(log, { jurisdiction: code, ...MONTHS[period], asOf: now })
      const r = f.rates
      return f.counts.complaint.total + f.counts.dispute.total + r.calledBack + r.notReached + r.declined + r.ratedByResident + r.dispatched + r.results + r.excluded !== 0
    })
    const children = [...new Set([...(NAMED_CHILDREN[top] ?? []), ...busy])]
    const rows = children.map((code) => {
      const f = oracleFigures(log, { jurisdiction: code, ...MONTHS[period], asOf: now })
      return { code, complaints: f.counts.complaint.total, rates: f.rates, overdue: Object.values(f.overdue.byKind).reduce((a, b) => a + b, 0), ...placeScore(f.rates) }
    })
    const ranked = oracleRanks(rows, (r) => r.score, (r) => r.code)
    expect(children.length).toBeGreaterThan(1)
    expect(
      body.children.map((c: any) => ({
        code: c.jurisdiction, complaints: c.complaints, responseRate: c.responseRate, resolutionRate: c.resolutionRate, satisfactionRate: c.satisfactionRate,
        onTimeAcknowledgementRate: c.onTimeAcknowledgementRate, onTimeCompletionRate: c.onTimeCompletionRate, overdue: c.overdue, score: c.score, coverage: c.coverage, rank: c.rank,
      })),
    ).toEqual(
      ranked.map(({ item, rank }) => ({
        code: item.code, complaints: item.complaints, responseRate: item.rates.responseRate, resolutionRate: item.rates.resolutionRate, satisfactionRate: item.rates.satisfactionRate,
        onTimeAcknowledgementRate: item.rates.onTimeAcknowledgementRate, onTimeCompletionRate: item.rates.onTimeCompletionRate, overdue: item.overdue, score: item.score, coverage: item.coverage, rank,
      })),
    )
    const total = oracleFigures(log, { jurisdiction: top, ...MONTHS[period], asOf: now })
    expect(body.total.score).toEqual(placeScore(total.rates).score)
  })

  it.each(['hohhot', 'hohhot/saihan'])('GET /api/v1/trends?jurisdiction=%s: each month\'s figures and score, each day\'s intake and missed deadlines are the oracle\'s', async (place) => {
    const body = await get(`/api/v1/trends?jurisdiction=${place}&months=4&days=40`)
    for (const m of body.months) {
      const f = oracleFigures(log, { jurisdiction: place, from: m.from, to: m.to, asOf: now })
      expect({ period: m.period, complaints: m.complaints, calledBack: m.calledBack, responseRate: m.responseRate, resolutionRate: m.resolutionRate, satisfactionRate: m.satisfactionRate, results: m.results, onTimeCompletionRate: m.onTimeCompletionRate, score: m.score }).toEqual({
        period: m.period, complaints: f.counts.complaint.total, calledBack: f.rates.calledBack, responseRate: f.rates.responseRate, resolutionRate: f.rates.resolutionRate,
        satisfactionRate: f.rates.satisfactionRate, results: f.rates.results, onTimeCompletionRate: f.rates.onTimeCompletionRate, score: placeScore(f.rates).score,
      })
    }
    expect(body.months.some((m: any) => m.calledBack > 0)).toBe(true)
    for (const d of body.days) {
      const from = `${d.date}T00:00:00+08:00`
      const to = new Date(Date.parse(from) + DAY).toISOString()
      const f = oracleFigures(log, { jurisdiction: place, from, to, asOf: now })
      // 逾期 that day: the 签收 and 办结 deadlines that fell due that day and were missed (met late, or still open).
      const missed = f.rates.dispatched - f.rates.acknowledgedOnTime + f.rates.results - f.rates.resultsOnTime
      expect({ date: d.date, intake: d.intake, overdue: d.overdue }).toEqual({ date: d.date, intake: f.counts.complaint.total + f.counts.dispute.total, overdue: missed })
    }
  })
})
