// A period's 三率 are made of the callbacks made in it, through the SQLite dashboard read model (tests/support/
// callbacksInPeriodsChecks.ts; the PostgreSQL twin is in tests/postgres/read-models.test.ts).
import { sqliteDashboard } from '@gridcase/adapters'
import { sealLog } from '@gridcase/core/audit'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { callbacksInPeriodsDrafts } from '../packages/core/src/projections/fixtures.js'
import { checkCallbacksInPeriods, checkReadsByAlignment, checkSameMonthEarlier, checkUnevenMonthsFromSums, checkUnevenPeriodFromSums, MARCH_BUCKET } from './support/callbacksInPeriodsChecks.js'
import { observedStatements } from './support/observedStatements.js'

describe('the SQLite dashboard: a period’s 三率 from the callbacks made in it', () => {
  it('keeps March’s figures (dashboard, unit, 考核 figures) when April’s callbacks are made, and gives each period its own', async () => {
    const model = sqliteDashboard(':memory:')
    try {
      await checkCallbacksInPeriods(model)
    } finally {
      await model.close()
    }
  })

  it('counts a rating whose earlier competitor is in its own month before the start, read by that competitor’s time (sameMonthReads)', async () => {
    const model = sqliteDashboard(':memory:')
    try {
      await checkSameMonthEarlier(model)
    } finally {
      await model.close()
    }
  })

  it('reads a period whose ends are not China midnights from the sums of its whole months and days, and the parts of a day at either end fact by fact', async () => {
    const db = new Database(':memory:')
    const model = sqliteDashboard(db)
    try {
      await checkUnevenPeriodFromSums(model, async () => {
        db.prepare("DELETE FROM dashboard_periods WHERE grain = 'month' AND bucket = ?").run(MARCH_BUCKET)
      })
    } finally {
      await model.close()
      db.close()
    }
  })

  it('reads, for a period whose ends are not months’ starts (the year from 10:00), the facts of alignment 2 of its whole months from their kept sums by months', async () => {
    const db = new Database(':memory:')
    const model = sqliteDashboard(db)
    try {
      await checkUnevenMonthsFromSums(model, async () => {
        db.prepare('DELETE FROM dashboard_facts WHERE aligned = 2').run()
      })
    } finally {
      await model.close()
      db.close()
    }
  })

  it('reads no fact one by one for a quarter or a year (view and 考核 figures): those with a competitor from their kept sums by months', async () => {
    const db = new Database(':memory:')
    const ran: string[] = []
    const model = sqliteDashboard(observedStatements(db, (sql) => ran.push(sql)))
    try {
      await model.apply(sealLog(callbacksInPeriodsDrafts()))
      const asOf = '2026-04-30T12:00:00+08:00'
      const [q1, year] = [
        { from: '2026-01-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' },
        { from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' },
      ]
      ran.length = 0
      for (const period of [q1, year]) await model.view({ ...period, asOf, jurisdiction: 'hohhot', depth: 1 })
      await model.figures?.({ jurisdiction: 'hohhot', places: ['hohhot'], periods: [q1, year], asOf })
      expect(ran.filter((sql) => /dashboard_months_apart/.test(sql)).length).toBe(3)
      expect(ran.filter((sql) => /FROM dashboard_facts/.test(sql))).toEqual([])
      // (A quarter with 1 April still reads them: that day's facts of alignment 1 and 2.)
      await model.view({ from: q1.from, to: '2026-04-02T00:00:00+08:00', asOf, jurisdiction: 'hohhot', depth: 1 })
      expect(ran.filter((sql) => /FROM dashboard_facts/.test(sql)).length).toBeGreaterThan(0)
    } finally {
      await model.close()
      db.close()
    }
  })

  it('reads, for a period of several whole days or months, only the facts with a competitor that can count in it', async () => {
    const db = new Database(':memory:')
    const model = sqliteDashboard(db)
    try {
      await checkReadsByAlignment(model, async (from, to) => {
        db.prepare('UPDATE dashboard_facts SET aligned = ? WHERE aligned = ?').run(to, from)
      })
    } finally {
      await model.close()
      db.close()
    }
  })
})

/**
 * A dashboard written by this build, then made what an earlier build kept (`asKept`, SQL on the file), opened again: it
 * is dropped and rebuilt (the runner then applies the log from its checkpoint), and the periods' 三率 are right.
 */
const rebuiltFrom = async (asKept: string): Promise<void> => {
  const db = new Database(':memory:')
  const log = sealLog(callbacksInPeriodsDrafts())
  const first = sqliteDashboard(db)
  await first.apply(log)
  await first.close()
  db.exec(asKept)
  const again = sqliteDashboard(db)
  expect(await again.checkpoint()).toBe(-1)
  try {
    await checkCallbacksInPeriods(again)
  } finally {
    await again.close()
    db.close()
  }
}

describe('the SQLite dashboard kept in the format before (/18)', () => {
  it('is rebuilt: /18 kept every callback and rating in its sums, without its competitors’ times', async () => {
    // What /18 kept: the facts without `since_at` / `until_at` (nor their indexes), each counted in the period sums.
    await rebuiltFrom(`DROP INDEX dashboard_facts_bounded; DROP INDEX dashboard_facts_apart_since; DROP INDEX dashboard_facts_apart_until; DROP INDEX dashboard_facts_near_since; DROP INDEX dashboard_facts_near_until; ALTER TABLE dashboard_facts DROP COLUMN since_at; ALTER TABLE dashboard_facts DROP COLUMN until_at;
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/18' WHERE name = 'dashboard-totals'`)
  })
})

describe('the SQLite dashboard kept by the build before the days’ alignment (/21 with in_months)', () => {
  it('is rebuilt: that build kept `in_months` (1: can count in whole months), not `aligned` (2 months, 1 days only)', async () => {
    // What b41f4ec kept under the same format name: the column in_months, its index on in_months = 1, no days' index
    // (before /22, the schema's index on `aligned` failed on it: no such column).
    await rebuiltFrom(`DROP INDEX dashboard_facts_in_days; DROP INDEX dashboard_facts_in_months;
      ALTER TABLE dashboard_facts RENAME COLUMN aligned TO in_months;
      UPDATE dashboard_facts SET in_months = CASE WHEN in_months = 2 THEN 1 ELSE 0 END;
      CREATE INDEX dashboard_facts_in_months ON dashboard_facts (at) WHERE in_months = 1;
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/21' WHERE name = 'dashboard-totals'`)
  })
})

describe('the SQLite dashboard kept in the format before the sums of one bucket (/22)', () => {
  it('is rebuilt: /22 kept no sums of the facts with a competitor per day and month, so a month read from it would leave them out', async () => {
    // What /22 kept: the same tables, without the rows of grains day1 and month2.
    await rebuiltFrom(`DELETE FROM dashboard_periods WHERE grain IN ('day1', 'month2');
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/22' WHERE name = 'dashboard-totals'`)
  })
})

describe('the SQLite dashboard kept in the format before the sums by years (/26)', () => {
  it('is rebuilt: /26 kept no sums per China year, so a year read from it would leave its facts out', async () => {
    // What /26 kept: the same tables, without the rows of grain year.
    await rebuiltFrom(`DELETE FROM dashboard_periods WHERE grain = 'year';
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/26' WHERE name = 'dashboard-totals'`)
  })
})

describe('the SQLite dashboard kept in the format before the sums by months (/24)', () => {
  it('is rebuilt: /24 kept no sums of the facts of alignment 2 by their months, so a quarter read from it would leave them out', async () => {
    // What /24 kept: the same tables, without dashboard_months_apart's rows.
    await rebuiltFrom(`DELETE FROM dashboard_months_apart;
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/24' WHERE name = 'dashboard-totals'`)
  })
})
