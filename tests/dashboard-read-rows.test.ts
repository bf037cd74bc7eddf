// Issue #18: "dashboard and evaluation reads at 100k cases … not growing with the number of cases (served from
// maintained read models)". What one SQLite dashboard read (the district, as the HTTP route asks it) and one evaluation
// read (a month, depth 0) take from the read model, counted statement by statement over two logs: the sample log, and
// the same log four times over (every case copied under new ids, at the same times, in the same places). The copies
// add no place, unit, state or category, so whatever a read keeps per (place, key) is the same in both; only what it
// keeps per case grows fourfold. A read that does not grow with the cases returns the same rows from every statement
// over both logs (a page: at most one more than it shows), and its plans scan no table whole.
// Before: every approved 考评申诉 was a totals key of its own, so the district's totals grew with the exclusions; the
// open disputes per grade were counted over every graded dispute (a scan of dashboard_risk).
import { sqliteDashboard } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { dashboardProjection, dashboardView, replay, type DashboardFilter, type DashboardView } from '@gridcase/core/projections'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copiedLog } from './support/copiedLog.js'
import { lateRoundsWalked } from './support/deadlineBounds.js'
import { observedStatements, rowsReturned } from './support/observedStatements.js'

const CASES = 1_500
const COPIES = 4
const DISTRICT = 'hohhot/saihan'
const PAGE = 101

const logOf = (copies: number): RecordedEvent[] => copiedLog({ cases: CASES, seed: 18, spacingMinutes: 60, gridWork: true, riskGrades: true }, copies)

interface Statement {
  readonly sql: string
  rows: number
  readonly args: readonly unknown[]
}

/** The database with every statement run through it recorded: its text and the rows it returned. */
const recording = (db: Database.Database, into: Statement[]): Database.Database =>
  observedStatements(db, (sql, out, _, args) => into.push({ sql, rows: rowsReturned(out), args }))

interface Read {
  readonly view: DashboardView | undefined
  /** Rows each SELECT returned, by its text (summed when it ran more than once). */
  readonly rows: ReadonlyMap<string, number>
  /** Each SELECT's plan, as EXPLAIN QUERY PLAN gives it. */
  readonly plans: ReadonlyMap<string, readonly string[]>
  /** Each statement as it ran (its text and parameters). */
  readonly ran: readonly Statement[]
}

describe('the SQLite dashboard and evaluation reads over a log four times as large', () => {
  const models = new Map<number, { db: Database.Database; log: RecordedEvent[] }>()
  beforeAll(async () => {
    for (const copies of [1, COPIES]) {
      const db = new Database(':memory:')
      const log = logOf(copies)
      const model = sqliteDashboard(db)
      for (let i = 0; i < log.length; i += 5_000) await model.apply(log.slice(i, i + 5_000))
      models.set(copies, { db, log })
    }
  }, 300_000)
  afterAll(() => {
    for (const { db } of models.values()) db.close()
  })

  const read = async (copies: number, filter: DashboardFilter): Promise<Read> => {
    const kept = models.get(copies)
    if (kept === undefined) throw new Error('no model')
    const statements: Statement[] = []
    const view = await sqliteDashboard(recording(kept.db, statements)).view(filter)
    const rows = new Map<string, number>()
    const plans = new Map<string, readonly string[]>()
    for (const s of statements) {
      if (!/^\s*SELECT/i.test(s.sql)) continue
      rows.set(s.sql, (rows.get(s.sql) ?? 0) + s.rows)
      const params = s.sql.split('?').length - 1
      plans.set(s.sql, (kept.db.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...Array.from({ length: params }, () => null)) as { detail: string }[]).map((p) => p.detail))
    }
    return { view, rows, plans, ran: statements }
  }

  const lastAt = (copies: number): number => Date.parse(models.get(copies)?.log.at(-1)?.metadata.occurredAt ?? '')
  // As the route asks: now, which lies after the latest event (a day after it here).
  const dashboard = (copies: number): DashboardFilter => ({ jurisdiction: DISTRICT, asOf: new Date(lastAt(copies) + 86_400_000).toISOString() })
  // The evaluation of the year the log lies in (2026, China time: it runs 1,500 hours from 5 January), as the route asks it.
  const evaluation = (copies: number): DashboardFilter => ({ ...dashboard(copies), from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z', depth: 0 })
  // The dashboard of that year from 10:00 on 1 January (China time): its first day's part read one by one.
  const yearFrom10 = (copies: number): DashboardFilter => ({ ...dashboard(copies), from: '2026-01-01T02:00:00.000Z', to: '2026-12-31T16:00:00.000Z' })
  // A week of it (China midnights): a short share of the exclusions' time, read by time.
  const aWeek = (copies: number): DashboardFilter => ({ ...dashboard(copies), from: '2026-01-25T16:00:00.000Z', to: '2026-02-01T16:00:00.000Z' })

  it.each([
    ['the dashboard', dashboard],
    ['the evaluation of a year', evaluation],
  ] as const)('%s returns the same rows from each statement whatever the number of cases (a page at most one more than it shows)', async (_, filterOf) => {
    const small = await read(1, filterOf(1))
    const large = await read(COPIES, filterOf(COPIES))
    // The copies are there: the large log has four times the cases (and its exclusions more than a page).
    expect(large.view?.counts.complaint.total).toBe(COPIES * (small.view?.counts.complaint.total ?? 0))
    expect(large.view?.rates.excluded).toBe(COPIES * (small.view?.rates.excluded ?? 0))
    expect(large.view?.rates.excluded).toBeGreaterThan(PAGE)
    expect([...large.rows.keys()].sort()).toEqual([...small.rows.keys()].sort())
    for (const [sql, rows] of large.rows) {
      const before = small.rows.get(sql) ?? 0
      // A page (LIMIT) fills up to one more than it shows; every other statement returns exactly what it did.
      const bound = /LIMIT \d+/.test(sql) ? Math.max(before, PAGE) : before
      expect({ sql: sql.replace(/\s+/g, ' '), rows }).toEqual({ sql: sql.replace(/\s+/g, ' '), rows: Math.min(rows, bound) })
    }
  })

  it.each([
    ['the dashboard', dashboard],
    ['the evaluation of a year', evaluation],
    ['the dashboard of the year from 10:00', yearFrom10],
  ] as const)('%s scans no table whole (only the units, which are not cases)', async (_, filterOf) => {
    const { plans } = await read(COPIES, filterOf(COPIES))
    const tables = new Set((models.get(COPIES)?.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name))
    // A SCAN of a table (not of a subquery's rows) reads every row it holds.
    const scans = [...plans.values()].flat().filter((detail) => {
      const table = /^SCAN (\w+)/.exec(detail)?.[1]
      return table !== undefined && tables.has(table) && table !== 'dashboard_units'
    })
    expect(scans).toEqual([])
  })

  // A page of exclusions (考评申诉) of a period walks its China months and days, each by case id from the cursor, merged
  // and stopped after the page (exclusionWalk); a part of a day at an end that is not a China midnight is read by time.
  // Before, a year's page read all its exclusions by time and sorted them (2,373 at 100k cases for a page of 101, 1.2 ms),
  // then walked the place's key range with the year as a filter; a month's still read all the month's by time (358).
  it.each([
    ['the evaluation of a year', evaluation, 0],
    // Cut to the days of the place's exclusions (the log begins on 5 January): no part of a day left at either end.
    ['the dashboard of the year from 10:00', yearFrom10, 0],
    ['a week of it', aWeek, 0],
  ] as const)('%s pages its exclusions by index walks in case-id order, sorting only a part of a day\'s', async (_, filterOf, parts) => {
    const { plans, view } = await read(COPIES, filterOf(COPIES))
    expect(view?.exclusions.length).toBeGreaterThan(0)
    const pages = [...plans].filter(([sql]) => /FROM dashboard_exclusions\b/.test(sql) && /ORDER BY case_id/.test(sql))
    expect(pages.map(([sql]) => sql.replace(/\s+/g, ' '))).toHaveLength(1)
    const searches = pages.flatMap(([, plan]) => plan).filter((d) => d.startsWith('SEARCH') || d.startsWith('SCAN'))
    expect(searches.filter((d) => !/^SEARCH dashboard_exclusions USING INDEX dashboard_exclusions_by_(month \(place=\? AND month=\?|day \(place=\? AND day=\?) AND case_id>\?\)$/.test(d))).toEqual(
      Array.from({ length: parts }, () => 'SEARCH dashboard_exclusions USING INDEX dashboard_exclusions_by_time (place=? AND at>? AND at<?)'),
    )
    expect(pages.flatMap(([, plan]) => plan).filter((d) => d.startsWith('USE TEMP B-TREE'))).toHaveLength(parts)
  })

  // The facts of alignment 1 (a callback and a rating on different days of one month) made in the days of a period that
  // are not whole months count only when their competitor in that month lies outside the period: the year from 10:00
  // on 1 January reads those whose earlier competitor fell on 1 January before 10:00 (sameMonthReads). Before, it read
  // every one made on 2–31 January to count them (0.65–0.84 ms at 100k cases). Walked: the rows of the index range each
  // statement ranges over (its INDEXED BY), whatever it returns.
  it('the dashboard of the year from 10:00 walks the facts of alignment 1 by a competitor before 10:00 on 1 January, not every one of 2–31 January', async () => {
    const kept = models.get(COPIES)
    if (kept === undefined) throw new Error('no model')
    const { ran } = await read(COPIES, yearFrom10(COPIES))
    const count = (where: string, from: unknown, to: unknown): number =>
      (kept.db.prepare(`SELECT count(*) AS n FROM dashboard_facts WHERE aligned = 1 AND ${where} >= ? AND ${where} < ?`).get(from, to) as { n: number }).n
    // By its index: the column it ranges over and where that range's two parameters sit (made, earlier, later competitor).
    const RANGES: Record<string, readonly [string, number]> = { dashboard_facts_in_days: ['at', 0], dashboard_facts_near_since: ['since_at', 2], dashboard_facts_near_until: ['until_at', 4] }
    const reads = ran.filter((s) => /FROM dashboard_facts\b/.test(s.sql) && /\baligned = 1\b/.test(s.sql))
    expect(reads.length).toBeGreaterThan(0)
    const walked = reads.map((s) => {
      const range = RANGES[/INDEXED BY (\w+)/.exec(s.sql)?.[1] ?? '']
      if (range === undefined) throw new Error(`a read of alignment 1 on no known index: ${s.sql}`)
      const [column, at] = range
      return count(column, s.args[at], s.args[at + 1])
    })
    // The premise: 2–31 January holds many of them (the log runs from 5 January).
    const january = count('at', Date.parse('2026-01-01T16:00:00.000Z'), Date.parse('2026-01-31T16:00:00.000Z'))
    expect(january).toBeGreaterThan(100)
    // No competitor of the log falls on 1 January: nothing to walk (before: every one of January's).
    expect(walked).toEqual(walked.map(() => 0))
  })

  // The late rounds (按期办结率) read one by one (those closed since the watermark, those in a part of a day at an end):
  // SQLite walks the deadline index from one lower bound to one upper bound. Given two of either (the period's start
  // and the watermark's bound; the period's end and asOf), it took the period's start: the evaluation of a year read
  // every late round of the year to count those closed since the watermark (9,056 at 100k cases, 0.8 ms for 1 row).
  // Whichever of its bounds SQLite may walk by, a statement walks no deadline its other bounds leave out.
  it.each([
    ['the evaluation of a year', evaluation],
    ['the dashboard of the year from 10:00', yearFrom10],
  ] as const)('%s walks only the late rounds its bounds admit', async (_, filterOf) => {
    const kept = models.get(COPIES)
    if (kept === undefined) throw new Error('no model')
    const { ran } = await read(COPIES, filterOf(COPIES))
    const lateReads = ran.filter((s) => /FROM dashboard_deadlines\b/.test(s.sql) && /\brated = 1\b/.test(s.sql))
    expect(lateReads.length).toBeGreaterThan(0)
    for (const s of lateReads) {
      const walk = lateRoundsWalked(kept.db, s.sql, s.args)
      expect(walk).toBeDefined()
      expect({ sql: s.sql.replace(/\s+/g, ' '), walked: walk?.walked }).toEqual({ sql: s.sql.replace(/\s+/g, ' '), walked: walk?.admitted })
    }
  })

  it('pages the exclusions by case id as a replay of the log does, every one of them once', async () => {
    const kept = models.get(COPIES)
    if (kept === undefined) throw new Error('no model')
    const reference = replay(dashboardProjection, kept.log)
    const model = sqliteDashboard(kept.db)
    for (const filterOf of [dashboard, evaluation, yearFrom10, aWeek]) {
      const listed: string[] = []
      let after: string | undefined
      for (let page = 0; page < 100; page += 1) {
        const filter: DashboardFilter = { ...filterOf(COPIES), ...(after === undefined ? {} : { exclusionsAfter: after }) }
        const view = await model.view(filter)
        const expected = dashboardView(reference, filter)
        expect(view?.exclusions).toEqual(expected.exclusions)
        expect(view?.exclusionsPage).toEqual(expected.exclusionsPage)
        expect(view?.exclusions.length).toBeLessThanOrEqual(100)
        listed.push(...(view?.exclusions ?? []).map((e) => e.caseId))
        after = view?.exclusionsPage.next ?? undefined
        if (after === undefined) break
      }
      expect(new Set(listed).size).toBe(listed.length)
      expect(listed.length).toBe(dashboardView(reference, filterOf(COPIES)).rates.excluded)
    }
  })

  // The page is the same whichever walk answers it (exclusionWalk chooses by cost only): none (nothing at the place or
  // in the period), a part of a day by time, or the period's months and days merged. Each edge against a replay, and
  // the walk it took: a place without exclusions, a period before them all, one exclusion's instant alone, all time
  // from the first exclusion on with a cursor past the last case id, an open start to far ahead from a cursor in the
  // middle. (The key walk and by time of a period too long to merge: tests/exclusion-pages.test.ts.)
  it('gives the same page and cursor by each walk at the edges', async () => {
    const kept = models.get(COPIES)
    if (kept === undefined) throw new Error('no model')
    const reference = replay(dashboardProjection, kept.log)
    const held = kept.db.prepare('SELECT case_id, at FROM dashboard_exclusions WHERE place = ? ORDER BY at, case_id').all(DISTRICT) as { case_id: string; at: number }[]
    expect(held.length).toBeGreaterThan(PAGE)
    const [first, middle] = [held[0], held[Math.floor(held.length / 2)]]
    if (first === undefined || middle === undefined) throw new Error('no exclusions')
    const iso = (ms: number) => new Date(ms).toISOString()
    const base = dashboard(COPIES)
    const cases: [DashboardFilter, 'none' | 'time' | 'merged'][] = [
      [{ ...base, jurisdiction: 'hohhot/nowhere', from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }, 'none'],
      [{ ...base, from: '2025-01-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' }, 'none'],
      [{ ...base, from: iso(first.at), to: iso(first.at + 1) }, 'time'],
      [{ ...base, from: iso(first.at), exclusionsAfter: '\uffff' }, 'merged'],
      [{ ...base, to: '2030-01-01T00:00:00.000Z', exclusionsAfter: middle.case_id }, 'merged'],
    ]
    for (const [filter, walk] of cases) {
      const { view, ran } = await read(COPIES, filter)
      const expected = dashboardView(reference, filter)
      expect({ filter, exclusions: view?.exclusions, page: view?.exclusionsPage }).toEqual({ filter, exclusions: expected.exclusions, page: expected.exclusionsPage })
      const page = ran.find((st) => /FROM dashboard_exclusions (NOT INDEXED|INDEXED BY)/.test(st.sql))
      expect({ filter, walk: page === undefined ? 'none' : / UNION ALL /.test(page.sql) ? 'merged' : /INDEXED BY dashboard_exclusions_by_time/.test(page.sql) ? 'time' : page.sql }).toEqual({ filter, walk })
    }
  })
})
