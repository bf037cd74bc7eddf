// Issue #18: rankings' and trends' figures read at once from the PostgreSQL dashboard (`figures`): the same as its own
// dashboard of each place and period and as a replay of the log (tests/support/assessmentFiguresChecks.ts), and the same
// as the SQLite model's.
import { postgresDashboard, sqliteDashboard, type PgReadModelHome } from '@gridcase/adapters'
import type { EventStore, RecordedEvent } from '@gridcase/core'
import { dashboardProjection, dashboardView, DEFAULT_RATE_WEIGHTS, replay } from '@gridcase/core/projections'
import { readModelDashboards, type RouteContext } from '@gridcase/http'
import { sealLog } from '@gridcase/core/audit'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { checkFigures, checkYearFigures, figuresQueries } from '../support/assessmentFiguresChecks.js'
import { periodsLog } from '../support/dashboardCases.js'
import { sampleDrafts } from '../support/sampleLog.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

const DAY = 86_400_000

describePostgres('rankings’ and trends’ figures from the PostgreSQL read model', () => {
  let pool: pg.Pool
  let home: PgReadModelHome
  let log: RecordedEvent[]
  let lastAt: number
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: postgresUrl(), max: 4 })
    home = { pool, schema: freshSchemaName() }
    // Cut before its end: cases still open, their deadlines falling due after the latest event.
    const whole = sealLog(sampleDrafts({ cases: 900, seed: 18, spacingMinutes: 90, gridWork: true, riskGrades: true }))
    log = whole.slice(0, Math.floor(whole.length * 0.6))
    lastAt = Date.parse(log.at(-1)?.metadata.occurredAt ?? '')
    const model = postgresDashboard(home)
    for (let i = 0; i < log.length; i += 2_000) await model.apply(log.slice(i, i + 2_000))
  }, 180_000)
  afterAll(async () => {
    await pool.end()
    await dropSchema(postgresUrl(), home.schema)
  })

  it.each([0, 3, 40])('gives each place’s figures for each period as its own dashboard, a replay and the SQLite model do (asOf %i days after)', async (days) => {
    const asOf = new Date(lastAt + days * DAY).toISOString()
    const model = postgresDashboard(home)
    expect(await checkFigures(model, log, asOf)).toBeGreaterThan(100)
    const db = new Database(':memory:')
    try {
      const sqlite = sqliteDashboard(db)
      await sqlite.apply(log)
      for (const query of figuresQueries(asOf)) {
        const [a, b] = [await model.figures?.(query), await sqlite.figures?.(query)]
        expect(a === undefined ? undefined : new Map([...a].sort(([x], [y]) => (x < y ? -1 : 1)))).toEqual(b === undefined ? undefined : new Map([...b].sort(([x], [y]) => (x < y ? -1 : 1))))
      }
    } finally {
      db.close()
    }
  }, 180_000)

  // 退单 or 导入调解 after 吹哨 (sampleLog's afterSummons): the departments' 报到 and 以下评上 figures among the rest; then with
  // co-handling departments (协办), denied extensions, 补充 and notes too (coHandling): only the lead's round counts.
  it.each([false, true])('gives each place’s figures for each period as its own dashboard, a replay and the SQLite model do, summoning rounds returned or referred after the summons (co-handling 协办, denied extensions, 补充 and notes: %s)', async (coHandling) => {
    const whole = sealLog(sampleDrafts({ cases: 400, seed: 18, spacingMinutes: 240, gridWork: true, riskGrades: true, afterSummons: true, coHandling }))
    const cut = whole.slice(0, Math.floor(whole.length * 0.6))
    const asOf = new Date(Date.parse(cut.at(-1)?.metadata.occurredAt ?? '') + 3 * DAY).toISOString()
    const own = { pool, schema: freshSchemaName() }
    try {
      const model = postgresDashboard(own)
      await model.apply(cut)
      expect(await checkFigures(model, cut, asOf)).toBeGreaterThan(100)
      const db = new Database(':memory:')
      try {
        const sqlite = sqliteDashboard(db)
        await sqlite.apply(cut)
        for (const query of figuresQueries(asOf)) {
          const [a, b] = [await model.figures?.(query), await sqlite.figures?.(query)]
          expect(a === undefined ? undefined : new Map([...a].sort(([x], [y]) => (x < y ? -1 : 1)))).toEqual(b === undefined ? undefined : new Map([...b].sort(([x], [y]) => (x < y ? -1 : 1))))
        }
      } finally {
        db.close()
      }
    } finally {
      await dropSchema(postgresUrl(), own.schema)
    }
  }, 180_000)

  it('sends one query (of the same statements) whatever the number of places and periods, not a dashboard each', async () => {
    // Every query sent on a connection taken from the pool, counted with the statements in it.
    const sent: string[] = []
    const counted = new Proxy(pool, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown
        if (prop !== 'connect') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
        return async () => {
          const client = await target.connect()
          return new Proxy(client, {
            get(c, p) {
              const v = Reflect.get(c, p, c) as unknown
              if (p !== 'query') return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(c) : v
              return (text: string, ...rest: unknown[]) => {
                sent.push(text)
                return (v as (...a: unknown[]) => unknown).apply(c, [text, ...rest])
              }
            },
          })
        }
      },
    })
    const model = postgresDashboard({ pool: counted, schema: home.schema })
    const statementsOf = async (query: Parameters<NonNullable<typeof model.figures>>[0]): Promise<number[]> => {
      sent.length = 0
      expect((await model.figures?.(query))?.size).toBeGreaterThan(0)
      return sent.map((q) => q.split(';\n').length)
    }
    const [ranking, ...rest] = figuresQueries(new Date(lastAt + 3 * DAY).toISOString())
    const trends = rest.at(-2)
    if (ranking === undefined || trends === undefined) throw new Error('no queries')
    // The model's first use checks its tables' format: not part of a read.
    await statementsOf(trends)
    const few = await statementsOf({ ...trends, periods: trends.periods.slice(0, 1) })
    const many = await statementsOf(trends)
    const wide = await statementsOf({ ...ranking, places: [...ranking.places, ...Array.from({ length: 30 }, (_, i) => `${ranking.jurisdiction}/street-${i}`)] })
    expect(many).toEqual(few)
    expect(wide).toEqual(few)
    expect(few.length).toBe(1)
  })

  it('gives a place named twice its figures once, as the SQLite model does (found in review: they were doubled)', async () => {
    const [ranking] = figuresQueries(new Date(lastAt + 3 * DAY).toISOString())
    if (ranking === undefined) throw new Error('no query')
    const model = postgresDashboard(home)
    const { childrenWithCases: _, ...listed } = ranking
    const once = await model.figures?.(listed)
    const twice = await model.figures?.({ ...listed, places: [...listed.places, ...listed.places] })
    expect([...(once?.keys() ?? [])].length).toBeGreaterThan(0)
    expect(twice).toEqual(once)
  })

  it('reads a year’s figures from its year rows (less the days it leaves out), not its months, as the SQLite model', async () => {
    const own: PgReadModelHome = { pool, schema: freshSchemaName() }
    try {
      const model = postgresDashboard(own)
      const months = periodsLog()
      for (let i = 0; i < months.length; i += 500) await model.apply(months.slice(i, i + 500))
      await checkYearFigures(model, months, async () => {
        await pool.query(`DELETE FROM ${own.schema}.dashboard_periods WHERE grain = 'month'`)
      })
    } finally {
      await dropSchema(postgresUrl(), own.schema)
    }
  }, 120_000)

  it('answers nothing for an asOf before the latest event; the routes then answer from the log, replayed once, as a replay’s dashboards', async () => {
    const past = new Date(lastAt - 20 * DAY).toISOString()
    const [query] = figuresQueries(new Date(lastAt - 1).toISOString())
    if (query === undefined) throw new Error('no query')
    const model = postgresDashboard(home)
    expect(await model.figures?.(query)).toBeUndefined()
    // `?asOf=` of the ranking and trends (tests/http/assessment-as-of.test.ts): the app's dashboards over this model read
    // the log once (counted) and give each place and period what a dashboard of the replay gives.
    let reads = 0
    const store = {
      readAll: async ({ fromPosition, limit }: { fromPosition: number; limit: number }) => {
        reads += 1
        return log.filter((e) => e.position >= fromPosition).slice(0, limit)
      },
    } as unknown as EventStore
    const dashboards = readModelDashboards(model)({ store, settled: async () => undefined, rateWeights: DEFAULT_RATE_WEIGHTS } as unknown as RouteContext)
    const reference = replay(dashboardProjection, log)
    let checked = 0
    for (const q of figuresQueries(past)) {
      reads = 0
      const answer = await dashboards.figures?.(q, { id: 'sup', role: 'supervisor', jurisdiction: 'hohhot' })
      if (answer === undefined) throw new Error('no figures')
      expect(reads).toBe(Math.ceil((log.length + 1) / 1000))
      for (const place of q.places) expect(answer.has(place)).toBe(true)
      for (const [place, figures] of answer) {
        for (const [i, p] of q.periods.entries()) {
          const v = dashboardView(reference, { jurisdiction: place, from: p.from, to: p.to, asOf: past, depth: 0 })
          expect({ place, ...p, figures: figures[i] }).toEqual({ place, ...p, figures: { counts: { complaint: v.counts.complaint, dispute: v.counts.dispute }, rates: v.rates, overdue: { byKind: v.overdue.byKind } } })
          checked += 1
        }
      }
    }
    expect(checked).toBeGreaterThan(50)
  }, 120_000)
})
