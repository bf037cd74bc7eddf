// The SQLite dashboard keeps what it wrote last for the cases touched most recently (their summary text and the facts,
// deadlines and risk row it wrote), for the next pass: a catch-up's next fold meets the cases open across the boundary
// first, and each was read back and decoded again (SELECT + JSON.parse + its facts worked out again per case per pass).
// Used only while no other connection wrote the file and once the pass that wrote it committed (`keptRows`).
import { sqliteCaseList, sqliteDashboard } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { caseKinds, sampleCaseLog } from './support/caseListRows.js'
import { readModelTables } from './support/readModelTables.js'
import { keptAcrossPasses } from './support/keptAcrossPasses.js'

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

  it('pages applied by one dashboard (cases kept between passes), with a page rolled back and pages written by another connection, keep the tables a fresh dashboard per page keeps', () =>
    keptAcrossPasses({
      model: (db) => sqliteDashboard(db),
      partner: (db) => sqliteCaseList(db, caseKinds()),
      failing: 'case_list',
      tables: (db) => Object.fromEntries(Object.entries(readModelTables(db)).filter(([name]) => name.startsWith('dashboard'))),
    }))
})
