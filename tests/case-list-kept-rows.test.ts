// The SQLite case list keeps the rows it wrote last, decoded, for the next pass: at 1000 add-notes/s most cases of a pass
// were in the pass before, and each was read back and its state parsed from JSON again (SELECT + JSON.parse per case per
// pass). What is kept is used only while no other connection wrote the file and once the pass that wrote it committed.
import { sqliteCaseList, sqliteDashboard } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { caseKinds, caseListRows, sampleCaseLog } from './support/caseListRows.js'
import { keptAcrossPasses, lostPassNotTrusted, type KeptModel } from './support/keptAcrossPasses.js'

const logOf = sampleCaseLog
const kinds = caseKinds
const rows = caseListRows
// better-sqlite3's verbose hook is given the statement with its parameters written in (`stream_id = 'complaint-…'`): a
// pattern ending in `= ?` matched no read at all, and the test below passed whatever was read.
const ROW_READ = /^SELECT stream_id, kind, case_id, opened_at, opened_time, updated_time, version, state, scope, [a-z_, ]+ FROM case_list WHERE stream_id = '/
/** The case list as the kept-rows properties take it: fed before the dashboard, as the server feeds them. */
const keptList: KeptModel = { model: (db) => sqliteCaseList(db, kinds()), partner: (db) => sqliteDashboard(db), failing: 'dashboard_cases', own: 'case_list', tables: rows }

describe('the SQLite case list between passes', () => {
  it('reads no stored row for a stream’s first event (version 0: there is none to read)', async () => {
    const log = await logOf(6, 2)
    const reads: string[] = []
    const db = new Database(':memory:', { verbose: (sql) => void (ROW_READ.test(String(sql)) && reads.push(String(sql))) })
    const firsts = log.filter((e) => e.version === 0)
    expect(firsts.length).toBeGreaterThan(3)
    await sqliteCaseList(db, kinds()).apply(firsts)
    expect(reads).toEqual([])
    expect(rows(db).cases).toHaveLength(firsts.length)
    db.close()
  })

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

  it('pages applied by one list (rows kept between passes), with a page rolled back and pages written by another connection, keep the table a fresh list per page keeps', () =>
    keptAcrossPasses(keptList))

  it('after its own write was refused and another connection wrote that page, reads back the rows it kept before', () => lostPassNotTrusted(keptList))
})
