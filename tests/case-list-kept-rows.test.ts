// The SQLite case list keeps the rows it wrote last, decoded, for the next pass: at 1000 add-notes/s most cases of a pass
// were in the pass before, and each was read back and its state parsed from JSON again (SELECT + JSON.parse per case per
// pass). What is kept is used only while no other connection wrote the file and once the pass that wrote it committed.
import { memoryEventStore, sqliteCaseList, sqliteDashboard, sqliteReadModelsTogether } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { complaints, disputes } from '@gridcase/http'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'
import { caseKinds, caseListRows, sampleCaseLog } from './support/caseListRows.js'

const logOf = sampleCaseLog
const kinds = caseKinds
const rows = caseListRows
// better-sqlite3's verbose hook is given the statement with its parameters written in (`stream_id = 'complaint-…'`): a
// pattern ending in `= ?` matched no read at all, and the test below passed whatever was read.
const ROW_READ = /^SELECT stream_id, kind, case_id, opened_at, opened_time, updated_time, version, state, scope, [a-z_, ]+ FROM case_list WHERE stream_id = '/

describe('the SQLite case list between passes', () => {
  it('reads back none of the rows it wrote in the pass before', async () => {
    const log = await logOf(6, 2)
    const reads: string[] = []
    const db = new Database(':memory:', { verbose: (sql) => void (ROW_READ.test(String(sql)) && reads.push(String(sql))) })
    const list = sqliteCaseList(db, kinds())
    const first = log.slice(0, 12)
    await list.apply(first)
    // Later events of the same cases (the others' rows were never written: they are read, and found missing).
    const again = log.slice(12).filter((e) => first.some((f) => f.streamId === e.streamId))
    expect(again.length).toBeGreaterThan(3)
    reads.length = 0
    await list.apply(again)
    expect(reads).toEqual([])
    db.close()
  })

  it('pages applied by one list (rows kept between passes), with a page rolled back and pages written by another connection, keep the table a fresh list per page keeps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-kept-'))
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 12 }),
          fc.integer(),
          fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
          fc.array(fc.constantFrom('mine', 'other', 'fail'), { minLength: 1, maxLength: 6 }),
          async (cases, seed, sizes, whos) => {
            const log = await logOf(cases, seed)
            const pages: RecordedEvent[][] = []
            for (let from = 0, i = 0; from < log.length; i += 1) {
              const end = from + (sizes[i % sizes.length] ?? 1)
              pages.push(log.slice(from, end))
              from = end
            }
            // Fresh per page: every row is read back from the table.
            const fresh = new Database(':memory:')
            for (const page of pages) await sqliteCaseList(fresh, kinds()).apply(page)
            // One list across the pages; some pages go through another connection to the same file, some fail first.
            const path = join(dir, `rm-${seed}-${cases}-${sizes.join('.')}-${whos.join('.')}.sqlite`)
            const mine = new Database(path)
            mine.pragma('journal_mode = WAL')
            const other = new Database(path)
            const list = sqliteCaseList(mine, kinds())
            // Fed with the dashboard, as the server feeds them: a page the dashboard refuses rolls the list's rows back
            // after the list wrote them (what it kept of that page must not be used).
            const fed = sqliteReadModelsTogether([list, sqliteDashboard(mine)])
            const otherList = sqliteCaseList(other, kinds())
            for (const [i, page] of pages.entries()) {
              const who = whos[i % whos.length]
              if (who === 'other') {
                await otherList.apply(page)
                continue
              }
              if (who === 'fail') {
                mine.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON dashboard_cases BEGIN SELECT RAISE(ABORT, 'disk full'); END;
                           CREATE TRIGGER fail_update BEFORE UPDATE ON dashboard_cases BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
                // (a page that gives the dashboard no case to write goes through)
                await fed.apply(page).catch(() => undefined)
                mine.exec('DROP TRIGGER fail_insert; DROP TRIGGER fail_update')
              }
              await fed.apply(page)
            }
            expect(rows(mine)).toEqual(rows(fresh))
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
