// Issue #18: rankings and trends read one dashboard per child place or per period (4 and 42 reads), each with
// everything a dashboard carries. The read models' `figures` gives what those routes take, for every place and period at
// once: here the SQLite model against its own dashboards and a replay (the same figures), and counted statement by
// statement: the same few statements whatever the number of places and periods.
import { sqliteDashboard, type FiguresQuery } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { daysUpTo, monthsUpTo, periodOf } from '@gridcase/core/projections'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkFigures, checkYearFigures, DISTRICT } from './support/assessmentFiguresChecks.js'
import { periodsLog } from './support/dashboardCases.js'
import { lateRoundsWalked } from './support/deadlineBounds.js'
import { observedStatements } from './support/observedStatements.js'
import { sampleDrafts, type SampleOptions } from './support/sampleLog.js'

const DAY = 86_400_000

/** The database with every statement run through it counted (each `all`, `get` or `run` of a prepared statement). */
const counting = (db: Database.Database, into: string[]): Database.Database =>
  new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (prop !== 'prepare') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      return (sql: string) =>
        new Proxy(target.prepare(sql), {
          get(s, p) {
            const v = Reflect.get(s, p, s) as unknown
            if (typeof v !== 'function') return v
            if (p !== 'all' && p !== 'get' && p !== 'run' && p !== 'iterate') return (v as (...a: unknown[]) => unknown).bind(s)
            return (...args: unknown[]) => {
              into.push(sql)
              return (v as (...a: unknown[]) => unknown).apply(s, args)
            }
          },
        })
    },
  })

describe('rankings’ and trends’ figures from the SQLite read model', () => {
  let db: Database.Database
  let log: RecordedEvent[]
  let lastAt: number
  beforeAll(async () => {
    // Cut before its end: cases still open, their deadlines falling due after the latest event (overdue by asOf, not yet kept).
    const whole = sealLog(sampleDrafts({ cases: 900, seed: 18, spacingMinutes: 90, gridWork: true, riskGrades: true }))
    log = whole.slice(0, Math.floor(whole.length * 0.6))
    db = new Database(':memory:')
    const model = sqliteDashboard(db)
    for (let i = 0; i < log.length; i += 2_000) await model.apply(log.slice(i, i + 2_000))
    lastAt = Date.parse(log.at(-1)?.metadata.occurredAt ?? '')
    // The cut leaves deadlines due after the latest event: overdue at a later asOf, and late rounds within the periods.
    expect((db.prepare('SELECT count(*) AS n FROM dashboard_deadlines WHERE deadline >= ?').get(lastAt) as { n: number }).n).toBeGreaterThan(10)
  }, 120_000)
  afterAll(() => db.close())

  it.each([0, 3, 40])('gives each place’s figures for each period as its own dashboard and a replay do (asOf %i days after the latest event)', async (days) => {
    const checked = await checkFigures(sqliteDashboard(db), log, new Date(lastAt + days * DAY).toISOString())
    expect(checked).toBeGreaterThan(100)
  }, 120_000)

  /** A log of its own (400 cases with `options`, its first 60%) in a model of its own, checked `days` after its latest event. */
  const checkOwnLog = async (options: Partial<SampleOptions>, days: number): Promise<void> => {
    const whole = sealLog(sampleDrafts({ cases: 400, seed: 18, spacingMinutes: 240, gridWork: true, riskGrades: true, ...options }))
    const cut = whole.slice(0, Math.floor(whole.length * 0.6))
    const own = new Database(':memory:')
    try {
      const model = sqliteDashboard(own)
      await model.apply(cut)
      const at = Date.parse(cut.at(-1)?.metadata.occurredAt ?? '')
      expect(await checkFigures(model, cut, new Date(at + days * DAY).toISOString())).toBeGreaterThan(100)
    } finally {
      own.close()
    }
  }

  // 退单 or 导入调解 after 吹哨 (sampleLog's afterSummons): the departments' 报到 and 以下评上 figures among the rest.
  it.each([0, 40])('gives each place’s figures for each period as its own dashboard and a replay do, summoning rounds returned or referred after the summons (asOf %i days after)', async (days) => {
    await checkOwnLog({ afterSummons: true }, days)
  }, 120_000)

  // Co-handling departments (协办; sampleLog's coHandling), denied extensions, 补充 and notes: only the lead's round counts.
  it.each([0, 40])('gives each place’s figures for each period as its own dashboard and a replay do, with co-handling departments, denied extensions, 补充 and notes (asOf %i days after)', async (days) => {
    await checkOwnLog({ afterSummons: true, coHandling: true }, days)
  }, 120_000)

  it('reads a year’s figures from its year rows (less the days it leaves out), not its months: they stand without the month rows', async () => {
    const year = new Database(':memory:')
    try {
      const model = sqliteDashboard(year)
      const months = periodsLog()
      for (let i = 0; i < months.length; i += 500) await model.apply(months.slice(i, i + 500))
      await checkYearFigures(model, months, async () => {
        year.exec("DELETE FROM dashboard_periods WHERE grain = 'month'")
      })
    } finally {
      year.close()
    }
  })

  it('answers nothing for an asOf before the latest event, or a period not of whole China days (the route then reads dashboards)', async () => {
    const model = sqliteDashboard(db)
    const month = periodOf('2026-01')
    if (month === undefined) throw new Error('no month')
    expect(await model.figures?.({ jurisdiction: DISTRICT, places: [DISTRICT], periods: [month], asOf: new Date(lastAt - 1).toISOString() })).toBeUndefined()
    expect(await model.figures?.({ jurisdiction: DISTRICT, places: [DISTRICT], periods: [{ from: '2026-01-01T01:00:00Z', to: month.to }], asOf: new Date(lastAt).toISOString() })).toBeUndefined()
  })

  const statementsOf = async (query: FiguresQuery): Promise<string[]> => {
    const ran: string[] = []
    const answer = await sqliteDashboard(counting(db, ran)).figures?.(query)
    expect(answer?.size).toBeGreaterThan(0)
    return ran
  }

  it('runs the same few statements whatever the number of places and periods (not a dashboard each)', async () => {
    const asOf = new Date(lastAt + 3 * DAY).toISOString()
    const periods = (months: number, days: number) => [...monthsUpTo(asOf, months), ...daysUpTo(asOf, days)].map((p) => ({ from: p.from, to: p.to }))
    const oneOfEach = await statementsOf({ jurisdiction: DISTRICT, places: [DISTRICT], periods: periods(1, 1), asOf })
    const trends = await statementsOf({ jurisdiction: DISTRICT, places: [DISTRICT], periods: periods(24, 90), asOf })
    const ranking = await statementsOf({
      jurisdiction: DISTRICT,
      places: [DISTRICT, ...Array.from({ length: 30 }, (_, i) => `${DISTRICT}/street-${i}`)],
      childrenWithCases: true,
      periods: periods(1, 0),
      asOf,
    })
    // The evaluation of a quarter and a year (rankings of the district's streets): no fact read one by one — those with a
    // competitor from their kept sums by months (before: every callback and rating of alignment 2 made in the year).
    const quarter = periodOf('2026-Q1')
    const year = periodOf('2026')
    if (quarter === undefined || year === undefined) throw new Error('no period')
    const yearly = await statementsOf({ jurisdiction: DISTRICT, places: [DISTRICT], childrenWithCases: true, periods: [quarter, year].map((p) => ({ from: p.from, to: p.to })), asOf })
    expect(yearly.filter((sql) => /dashboard_facts/.test(sql))).toEqual([])
    expect(yearly.filter((sql) => /dashboard_months_apart/.test(sql)).length).toBe(1)
    // One dashboard read alone runs more statements than this whole answer of 114 periods.
    const one: string[] = []
    await sqliteDashboard(counting(db, one)).view({ jurisdiction: DISTRICT, ...periods(1, 0)[0], asOf, depth: 0 })
    expect(trends.length).toBe(oneOfEach.length)
    // (One or two of them read the 三率's callbacks and ratings that have a competitor, kept out of the sums: those that can
    // count in whole months, and with periods of days (the trends') every one in their time — partial indexes. One reads
    // the late rounds' kept counts of the months and days, one those closed since the latest event.)
    expect(trends.length).toBeLessThanOrEqual(10)
    expect(ranking.length).toBeLessThanOrEqual(10)
    expect(trends.length).toBeLessThan(one.length)
    // And none of them reads a table whole: index ranges over places, buckets and running deadlines only.
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name))
    const scans = [...new Set([...trends, ...ranking, ...yearly])].flatMap((sql) => {
      const params = sql.split('?').length - 1
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: params }, () => null)) as { detail: string }[]
      return plan.map((p) => p.detail).filter((detail) => tables.has(/^SCAN (\w+)/.exec(detail)?.[1] ?? ''))
    })
    expect(scans).toEqual([])
  })

  // The late rounds closed since the watermark, one by one: one lower and one upper bound on the deadline. Given the
  // plan's start and the watermark's bound (the plan's end and asOf), SQLite walked the index from the plan's start: a
  // year's rankings read every late round of the year to count those closed since the latest event.
  it('reads the late rounds closed since the latest event without walking the others of its periods', async () => {
    const asOf = new Date(lastAt + 3 * DAY).toISOString()
    const year = periodOf('2026')
    if (year === undefined) throw new Error('no period')
    const ran: { sql: string; args: readonly unknown[] }[] = []
    const model = sqliteDashboard(observedStatements(db, (sql, _, __, args) => ran.push({ sql, args })))
    expect((await model.figures?.({ jurisdiction: DISTRICT, places: [DISTRICT], childrenWithCases: true, periods: [{ from: year.from, to: year.to }], asOf }))?.size).toBeGreaterThan(0)
    const lateReads = ran.filter((s) => /FROM dashboard_deadlines\b/.test(s.sql) && /\brated = 1\b/.test(s.sql))
    expect(lateReads).toHaveLength(1)
    for (const s of lateReads) {
      const walk = lateRoundsWalked(db, s.sql, s.args)
      expect(walk?.walked).toBe(walk?.admitted)
    }
    // The year holds late rounds closed before the latest event (those a walk from its start would read).
    expect((db.prepare('SELECT count(*) AS n FROM dashboard_deadlines WHERE rated = 1 AND deadline >= ? AND closes <= ?').get(Date.parse(year.from), lastAt) as { n: number }).n).toBeGreaterThan(10)
  })
})
