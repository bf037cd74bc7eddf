// The SQLite dashboard keeps what it wrote last for the cases touched most recently (their summary text and the facts,
// deadlines and risk row it wrote), for the next pass: a catch-up's next fold meets the cases open across the boundary
// first, and each was read back and decoded again (SELECT + JSON.parse + its facts worked out again per case per pass).
// Used only while no other connection wrote the file and once the pass that wrote it committed (`keptRows`).
import { sqliteCaseList, sqliteDashboard, sqliteReadModelsTogether } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { caseKinds, sampleCaseLog } from './support/caseListRows.js'
import { readModelTables } from './support/readModelTables.js'

// (better-sqlite3's verbose hook is given the statement with its parameters written in.)
const SUMMARY_READ = /^SELECT summary FROM dashboard_cases WHERE stream_id = '/

describe('the SQLite dashboard between passes', () => {
  it('reads back none of the summaries it wrote in the pass before, and never one of a stream’s first event', async () => {
    const log = await sampleCaseLog(6, 2)
    const reads: string[] = []
    const db = new Database(':memory:', { verbose: (sql) => void (SUMMARY_READ.test(String(sql)) && reads.push(String(sql))) })
    const dashboard = sqliteDashboard(db)
    const first = log.slice(0, 12)
    await dashboard.apply(first)
    // Each case of the first page begins in it (its first event there is version 0): nothing stored to read.
    const firstOfEach = new Map<string, number>()
    for (const e of first) if (!firstOfEach.has(e.streamId)) firstOfEach.set(e.streamId, e.version)
    expect(firstOfEach.size).toBeGreaterThan(1)
    expect([...firstOfEach.values()].every((v) => v === 0)).toBe(true)
    expect(reads).toEqual([])
    // Later events of the same cases.
    const again = log.slice(12).filter((e) => first.some((f) => f.streamId === e.streamId))
    expect(again.length).toBeGreaterThan(3)
    reads.length = 0
    await dashboard.apply(again)
    expect(reads).toEqual([])
    db.close()
  })

  it('pages applied by one dashboard (cases kept between passes), with a page rolled back and pages written by another connection, keep the tables a fresh dashboard per page keeps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-kept-dashboard-'))
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 12 }),
          fc.integer(),
          fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
          fc.array(fc.constantFrom('mine', 'other', 'fail'), { minLength: 1, maxLength: 6 }),
          async (cases, seed, sizes, whos) => {
            const log = await sampleCaseLog(cases, seed)
            const pages: RecordedEvent[][] = []
            for (let from = 0, i = 0; from < log.length; i += 1) {
              const end = from + (sizes[i % sizes.length] ?? 1)
              pages.push(log.slice(from, end))
              from = end
            }
            // Fresh per page: every summary is read back from the table.
            const fresh = new Database(':memory:')
            for (const page of pages) await sqliteDashboard(fresh).apply(page)
            const path = join(dir, `rm-${seed}-${cases}-${sizes.join('.')}-${whos.join('.')}.sqlite`)
            const mine = new Database(path)
            mine.pragma('journal_mode = WAL')
            const other = new Database(path)
            const dashboard = sqliteDashboard(mine)
            // Fed with the case list after it, as the server feeds them: a page the list refuses rolls the dashboard's
            // rows back after the dashboard wrote them (what it kept of that page must not be used).
            const fed = sqliteReadModelsTogether([dashboard, sqliteCaseList(mine, caseKinds())])
            const otherDashboard = sqliteDashboard(other)
            for (const [i, page] of pages.entries()) {
              const who = whos[i % whos.length]
              if (who === 'other') {
                await otherDashboard.apply(page)
                continue
              }
              if (who === 'fail') {
                mine.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON case_list BEGIN SELECT RAISE(ABORT, 'disk full'); END;
                           CREATE TRIGGER fail_update BEFORE UPDATE ON case_list BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
                await fed.apply(page).catch(() => undefined)
                mine.exec('DROP TRIGGER fail_insert; DROP TRIGGER fail_update')
              }
              await fed.apply(page)
            }
            const dashboardOnly = (tables: Record<string, string[]>) => Object.fromEntries(Object.entries(tables).filter(([name]) => name.startsWith('dashboard')))
            expect(dashboardOnly(readModelTables(mine))).toEqual(dashboardOnly(readModelTables(fresh)))
            mine.close()
            other.close()
            fresh.close()
          },
        ),
        { numRuns: 25 },
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
