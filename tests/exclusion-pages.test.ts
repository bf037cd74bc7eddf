// Issue #18: a page of a period's 考评申诉 exclusions (101 rows in case-id order, its cursor the last case id shown:
// docs/HTTP.md) read a number of rows bounded by the page, not by the exclusions the period holds. Before, a month (the
// evaluation of a month, the most common read) read every exclusion of the month at the place by time and sorted them
// by case id: 358 rows at 100k cases for a page of 101, growing with the cases a month holds. Now each China month and
// day of the period is an index range in case-id order from the cursor (dashboard_exclusions_by_month, _by_day), merged
// by case id and stopped after the page; a part of a day at an end that is not a China midnight is read by time.
import { sqliteDashboard } from '@gridcase/adapters'
import { MAX_STATEMENTS } from '../packages/adapters/src/projections/statementCache.js'
import { dashboardProjection, dashboardView, replay, type DashboardFilter } from '@gridcase/core/projections'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvedExclusion, copiedLog } from './support/copiedLog.js'
import { observedStatements, rowsReturned } from './support/observedStatements.js'

const PLACE = 'hohhot/saihan'
const PAGE = 100
const DAY = 86_400_000
const chinaMs = (iso: string): number => Date.parse(`${iso}+08:00`)
const iso = (ms: number): string => new Date(ms).toISOString()

interface Held {
  readonly caseId: string
  readonly at: number
}

interface Ran {
  readonly sql: string
  readonly args: readonly unknown[]
  readonly rows: number
}

/**
 * The rows a page statement walks: each index range it merges (by the index its arm names: a month's or a day's in
 * case-id order from the cursor, read as far as the page takes from it and one more; a part of a day by time, all of
 * it) counted on the table with the parameters it ran with and the last case id it returned.
 */
const walkedRows = (db: Database.Database, statement: Ran, last: string | undefined): number => {
  let at = 0
  return statement.sql.split(' UNION ALL ').reduce((sum, arm) => {
    const index = /INDEXED BY (\w+)/.exec(arm)?.[1]
    const params = arm.split('?').length - 1
    const args = statement.args.slice(at, at + params)
    at += params
    if (index === 'dashboard_exclusions_by_time') {
      const [place, from, to] = args
      return sum + (db.prepare('SELECT count(*) AS n FROM dashboard_exclusions WHERE place = ? AND at >= ? AND at < ?').get(place, from, to) as { n: number }).n
    }
    const column = index === 'dashboard_exclusions_by_month' ? 'month' : index === 'dashboard_exclusions_by_day' ? 'day' : undefined
    if (column === undefined) throw new Error(`an exclusions page on no known index: ${arm}`)
    const [place, bucket, after] = args
    const count = (where: string, ...more: unknown[]): number =>
      (db.prepare(`SELECT count(*) AS n FROM dashboard_exclusions WHERE place = ? AND ${column} = ? AND case_id > ? ${where}`).get(place, bucket, after, ...more) as { n: number }).n
    const taken = last === undefined ? 0 : count('AND case_id <= ?', last)
    return sum + taken + Math.min(1, count('') - taken)
  }, 0)
}

describe('a page of a period\'s exclusions in SQLite', () => {
  const db = new Database(':memory:')
  // 5,000 exclusions in March 2026 (China time), at any minute of it, 40 on 28 February and 1 April each, 3 on 15 May at
  // midnight, 10:00 and 23:59:59.999, none in April after the 1st: the month's page is a sliver of what it holds.
  const held: Held[] = []
  beforeAll(() => {
    sqliteDashboard(db)
    // Written as the dashboard writes them (its month and day: China time), on the table as the build keeps it (a build
    // before /28 keeps neither column: the test then fails on the walk, not on its log).
    const columns = new Set((db.prepare('SELECT name FROM pragma_table_info(?)').all('dashboard_exclusions') as { name: string }[]).map((c) => c.name))
    const bucketed = columns.has('month') && columns.has('day')
    const put = bucketed
      ? db.prepare('INSERT INTO dashboard_exclusions (place, case_id, at, month, day, ground, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      : db.prepare('INSERT INTO dashboard_exclusions (place, case_id, at, ground, unit_id) VALUES (?, ?, ?, ?, ?)')
    const chinaDay = (ms: number): number => Math.floor((ms + 8 * 3_600_000) / DAY)
    const chinaMonth = (ms: number): number => {
      const d = new Date(ms + 8 * 3_600_000)
      return d.getUTCFullYear() * 12 + d.getUTCMonth()
    }
    const add = (at: number): void => {
      // Case ids not in time order (a hash of the count), so a walk by case id meets the month's days in any order.
      const caseId = `c-${((held.length * 7_919) % 100_003).toString(36).padStart(4, '0')}-${held.length}`
      held.push({ caseId, at })
      if (bucketed) put.run(PLACE, caseId, at, chinaMonth(at), chinaDay(at), 'ground', 'unit')
      else put.run(PLACE, caseId, at, 'ground', 'unit')
    }
    const march = chinaMs('2026-03-01T00:00:00')
    for (let i = 0; i < 5_000; i += 1) add(march + Math.floor((i * 31 * DAY) / 5_000))
    for (let i = 0; i < 40; i += 1) add(chinaMs('2026-02-28T00:00:00') + i * 36 * 60_000)
    for (let i = 0; i < 40; i += 1) add(chinaMs('2026-04-01T00:00:00') + i * 36 * 60_000)
    for (const t of ['00:00:00', '10:00:00', '23:59:59.999']) add(chinaMs(`2026-05-15T${t}`))
    // And one in 2019 and one in 2032: a period reaching either has too many months to merge (exclusionWalk's fallback).
    add(chinaMs('2019-06-01T12:00:00'))
    add(chinaMs('2032-01-01T12:00:00'))
  })
  afterAll(() => db.close())

  const read = async (filter: DashboardFilter) => {
    const ran: Ran[] = []
    const view = await sqliteDashboard(observedStatements(db, (sql, out, _, args) => ran.push({ sql, args, rows: rowsReturned(out) }))).view(filter)
    const pages = ran.filter((s) => /FROM dashboard_exclusions\b/.test(s.sql) && /ORDER BY case_id/.test(s.sql))
    return { view, pages }
  }
  const expected = (from: number, to: number, after: string): string[] =>
    held
      .filter((e) => e.at >= from && e.at < to && e.caseId > after)
      .map((e) => e.caseId)
      .sort()

  it('reads a month\'s page from the month\'s index range in case-id order, at most a page and one more of the 5,000 it holds', async () => {
    const from = chinaMs('2026-03-01T00:00:00')
    const to = chinaMs('2026-04-01T00:00:00')
    for (const after of [undefined, expected(from, to, '')[2_500]]) {
      const { view, pages } = await read({ jurisdiction: PLACE, from: iso(from), to: iso(to), ...(after === undefined ? {} : { exclusionsAfter: after }) })
      const all = expected(from, to, after ?? '')
      expect(all.length).toBeGreaterThan(2 * PAGE)
      expect(view?.exclusions.map((e) => e.caseId)).toEqual(all.slice(0, PAGE))
      expect(view?.exclusionsPage.next).toBe(all[PAGE - 1])
      expect(pages).toHaveLength(1)
      const [page] = pages
      if (page === undefined) throw new Error('no page')
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${page.sql}`).all(...page.args) as { detail: string }[]).map((p) => p.detail)
      expect(plan).toEqual(['SEARCH dashboard_exclusions USING INDEX dashboard_exclusions_by_month (place=? AND month=? AND case_id>?)'])
      expect(walkedRows(db, page, view?.exclusions.at(-1)?.caseId)).toBeLessThanOrEqual(PAGE + 1)
    }
  })

  it('reads any period\'s page merged from its months and days, at most a page, a row more per bucket and its parts of a day', async () => {
    const cases: [string, string][] = [
      // A quarter from mid-month, at China midnights.
      ['2026-02-28T00:00:00', '2026-05-16T00:00:00'],
      // March from 10:00 on the 1st; 2 March to 31 March 10:00.
      ['2026-03-01T10:00:00', '2026-04-01T00:00:00'],
      ['2026-03-02T00:00:00', '2026-03-31T10:00:00'],
      // The year from 10:00 on 1 January.
      ['2026-01-01T10:00:00', '2027-01-01T00:00:00'],
    ]
    for (const [fromIso, toIso] of cases) {
      const [from, to] = [chinaMs(fromIso), chinaMs(toIso)]
      const { view, pages } = await read({ jurisdiction: PLACE, from: iso(from), to: iso(to) })
      expect({ fromIso, page: view?.exclusions.map((e) => e.caseId) }).toEqual({ fromIso, page: expected(from, to, '').slice(0, PAGE) })
      const [page] = pages
      if (page === undefined) throw new Error('no page')
      const arms = page.sql.split(' UNION ALL ').length
      // The parts of a day at the ends (at most two days of this log: 40 rows and a March day's 162).
      const ends = [from, to].filter((ms) => (ms + 8 * 3_600_000) % DAY !== 0).map((ms) => held.filter((e) => Math.floor((e.at + 8 * 3_600_000) / DAY) === Math.floor((ms + 8 * 3_600_000) / DAY)).length)
      expect({ fromIso, walked: walkedRows(db, page, view?.exclusions.at(-1)?.caseId) <= PAGE + 1 + arms + ends.reduce((a, b) => a + b, 0) }).toEqual({ fromIso, walked: true })
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${page.sql}`).all(...page.args) as { detail: string }[]).map((p) => p.detail)
      // Each month and day walked in case-id order (no sort but a part of a day's).
      expect(plan.filter((d) => d.startsWith('USE TEMP B-TREE')).length).toBe(plan.filter((d) => d.includes('dashboard_exclusions_by_time')).length)
    }
  })

  it('gives the page and cursor a filter and sort of every exclusion gives, for any period and cursor', async () => {
    const base = chinaMs('2026-03-01T00:00:00')
    const instant = fc.oneof(
      fc.tuple(fc.integer({ min: -40, max: 90 }), fc.constantFrom(0, 1, -1, 10 * 3_600_000)).map(([d, off]) => base + d * DAY + off),
      fc.integer({ min: -40 * 24 * 60, max: 90 * 24 * 60 }).map((m) => base + m * 60_000),
      // Far enough to take in 2019's or 2032's (the key walk, or by time).
      fc.constantFrom(chinaMs('2019-01-01T00:00:00'), chinaMs('2033-01-01T00:00:00'), chinaMs('2026-01-01T10:00:00')),
    )
    const walks = new Set<string>()
    const cursors = fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: 0, max: 5_084 }).map((i) => held[i]?.caseId),
      fc.constant([...held].map((e) => e.caseId).sort().at(-1)),
      fc.stringMatching(/^c-[0-9a-z]{0,4}$/),
    )
    await fc.assert(
      fc.asyncProperty(fc.option(instant, { nil: undefined }), fc.option(instant, { nil: undefined }), cursors, async (from, to, after) => {
        const filter: DashboardFilter = {
          jurisdiction: PLACE,
          ...(from === undefined ? {} : { from: iso(from) }),
          ...(to === undefined ? {} : { to: iso(to) }),
          ...(after === undefined ? {} : { exclusionsAfter: after }),
        }
        const { view, pages } = await read(filter)
        for (const page of pages) walks.add(/NOT INDEXED/.test(page.sql) ? 'key' : / UNION ALL /.test(page.sql) ? 'merged' : (/INDEXED BY (\w+)/.exec(page.sql)?.[1] ?? 'no period'))
        const all = expected(from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY, after ?? '')
        expect(view?.exclusions.map((e) => e.caseId)).toEqual(all.slice(0, PAGE))
        expect(view?.exclusionsPage.next ?? null).toBe(all.length > PAGE ? all[PAGE - 1] : null)
      }),
      { numRuns: 200 },
    )
    // Each walk was asked: the key and by time (a period too long to merge), a merge (a month or a day alone: above).
    expect([...walks]).toEqual(expect.arrayContaining(['dashboard_exclusions_by_time', 'key', 'merged']))
  }, 120_000)
})

// /28 keeps each exclusion's China month and day; a model kept in /27 has neither column and is rebuilt, its pages then
// those of a replay of the log (kept as it stood, the schema's new indexes could not be made on it).
describe('a dashboard kept in /27', () => {
  it('is rebuilt, and pages its exclusions as a replay does', async () => {
    const log = copiedLog({ cases: 300, seed: 18, spacingMinutes: 60, gridWork: true, riskGrades: true }, 1)
    const db = new Database(':memory:')
    const first = sqliteDashboard(db)
    await first.apply(log)
    await first.close()
    db.exec(`DROP INDEX dashboard_exclusions_by_month; DROP INDEX dashboard_exclusions_by_day;
      ALTER TABLE dashboard_exclusions DROP COLUMN month; ALTER TABLE dashboard_exclusions DROP COLUMN day;
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/27' WHERE name = 'dashboard-totals'`)
    const again = sqliteDashboard(db)
    await again.apply(log)
    const reference = replay(dashboardProjection, log)
    const filter: DashboardFilter = { jurisdiction: PLACE, from: '2025-12-31T16:00:00.000Z', to: '2026-01-31T16:00:00.000Z' }
    const view = await again.view(filter)
    expect(view?.exclusions.length).toBeGreaterThan(0)
    expect(view?.exclusions).toEqual(dashboardView(reference, filter).exclusions)
    await again.close()
    db.close()
  }, 120_000)
})

// Each exclusion the fold writes keeps the China month and day of its time (the buckets a period's page walks), not its
// UTC ones: one approved between 16:00 and 24:00 UTC is in the next China day (and on the last day of a month, in the
// next month). Each China day and month holding an exclusion of the log pages as a replay does.
describe('the exclusions a dashboard folds from the log', () => {
  it('are kept in their China month and day: each China day and month holding one pages as a replay does', async () => {
    // The cases with an approved 考评申诉 only (each whole): the exclusions' rows are the whole log's, and each period's view
    // of a replay of the other cases took most of the test's time.
    const log = copiedLog({ cases: 1_500, seed: 18, spacingMinutes: 60, assessment: true }, 1, approvedExclusion)
    const db = new Database(':memory:')
    const model = sqliteDashboard(db)
    await model.apply(log)
    const reference = replay(dashboardProjection, log)
    const times = log
      .filter((e) => e.type === 'ComplaintExclusionDecided' && (e.data as { approved?: boolean }).approved === true)
      .map((e) => Date.parse((e.data as { at: string }).at))
    const china = 8 * 3_600_000
    const dayStart = (ms: number): number => Math.floor((ms + china) / DAY) * DAY - china
    const monthStart = (ms: number, months: number): number => {
      const d = new Date(ms + china)
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) - china
    }
    expect(times.length).toBeGreaterThan(0)
    // Some in a China day that is not their UTC day (the ones a UTC bucket would put a day early).
    expect(times.filter((t) => Math.floor((t + china) / DAY) !== Math.floor(t / DAY)).length).toBeGreaterThan(0)
    const periods = new Map<string, { from: number; to: number }>()
    for (const t of times) {
      for (const [from, to] of [[dayStart(t), dayStart(t) + DAY], [monthStart(t, 0), monthStart(t, 1)]] as const) periods.set(`${from}`, { from, to })
    }
    let listed = 0
    for (const { from, to } of periods.values()) {
      const filter: DashboardFilter = { from: iso(from), to: iso(to) }
      const view = await model.view(filter)
      listed += view?.exclusions.length ?? 0
      expect({ from: iso(from), exclusions: view?.exclusions }).toEqual({ from: iso(from), exclusions: dashboardView(reference, filter).exclusions })
    }
    expect(listed).toBeGreaterThan(0)
    await model.close()
    db.close()
  }, 120_000)
})

describe('the statements a dashboard keeps prepared', () => {
  it('stay bounded whatever periods are asked: past MAX_STATEMENTS texts the oldest is prepared again when asked again', async () => {
    // A page's text follows the period (one range per China month and day): 11 × 27 periods of m whole months and d days
    // from 1 June 2026 give 297 texts of the page alone. Exclusions in 2019 and 2032 keep every period uncut.
    const db = new Database(':memory:')
    const prepared = new Map<string, number>()
    const counted = new Proxy(db, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown
        if (prop !== 'prepare') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
        return (sql: string) => {
          prepared.set(sql, (prepared.get(sql) ?? 0) + 1)
          return target.prepare(sql)
        }
      },
    })
    const model = sqliteDashboard(counted)
    const put = db.prepare('INSERT INTO dashboard_exclusions (place, case_id, at, month, day, ground, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
    for (const [caseId, at] of [['c-2019', chinaMs('2019-06-01T12:00:00')], ['c-2032', chinaMs('2032-01-01T12:00:00')]] as const) {
      const d = new Date(at + 8 * 3_600_000)
      put.run(PLACE, caseId, at, d.getUTCFullYear() * 12 + d.getUTCMonth(), Math.floor((at + 8 * 3_600_000) / DAY), 'ground', 'unit')
    }
    const june = (months: number, days: number): number => {
      const start = new Date(Date.UTC(2026, 5 + months, 1))
      return start.getTime() - 8 * 3_600_000 + days * DAY
    }
    const pageText = (months: number, days: number): Promise<string | undefined> => {
      const before = new Set(prepared.keys())
      return model.view({ jurisdiction: PLACE, from: iso(june(0, 0)), to: iso(june(months, days)) }).then(() => [...prepared.keys()].find((sql) => !before.has(sql) && sql.includes('UNION ALL')))
    }
    const first = await pageText(1, 1)
    expect(first).toBeDefined()
    for (let months = 0; months <= 10; months += 1) for (let days = 1; days <= 27; days += 1) await pageText(months, days)
    expect([...prepared.keys()].filter((sql) => /FROM dashboard_exclusions\b.*UNION ALL/s.test(sql)).length).toBeGreaterThan(MAX_STATEMENTS)
    expect(prepared.get(first ?? '')).toBe(1)
    await model.view({ jurisdiction: PLACE, from: iso(june(0, 0)), to: iso(june(1, 1)) })
    expect(prepared.get(first ?? '')).toBe(2)
    await model.close()
    db.close()
  }, 120_000)
})
