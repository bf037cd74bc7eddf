// The SQLite dashboard keeps what it wrote last for the cases touched most recently (their summary text and the facts,
// deadlines and risk row it wrote), for the next pass: a catch-up's next fold meets the cases open across the boundary
// first, and each was read back and decoded again (SELECT + JSON.parse + its facts worked out again per case per pass).
// Used only while no other connection wrote the file and once the pass that wrote it committed (`keptRows`).
import { sqliteCaseList, sqliteDashboard } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { caseKinds, sampleCaseLog } from './support/caseListRows.js'
import { readModelTables } from './support/readModelTables.js'
import { keptAcrossPasses, lostPassNotTrusted, type KeptModel } from './support/keptAcrossPasses.js'

/** The dashboard's own tables of a file. */
const dashboardTables = (db: Database.Database) => Object.fromEntries(Object.entries(readModelTables(db)).filter(([name]) => name.startsWith('dashboard')))
/** The dashboard as the kept-rows properties take it: fed before the case list, as the server feeds them. */
const keptDashboard: KeptModel = {
  model: (db) => sqliteDashboard(db),
  partner: (db) => sqliteCaseList(db, caseKinds()),
  failing: 'case_list',
  own: 'dashboard_cases',
  tables: dashboardTables,
}
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

  it('keeps nothing from the pass before of a case the pass wrote and did not keep (a pass of MAX_KEPT_CASES cases and the erasures stream)', async () => {
    // Found by review: the erasures' stream has no summary, so a pass of 4,096 other cases and it kept fewer than 4,096;
    // the pass before's rows were not all pushed out, among them case X's, which this pass wrote again early on (not
    // among those kept). The next pass took X's summary as the pass before had left it: X's dispatch was lost.
    const log = await sampleCaseLog(4200, 1)
    const byStream = new Map<string, RecordedEvent[]>()
    for (const e of log) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e])
    const streams = [...byStream.values()]
    const x = streams.find((events) => events.length >= 6)
    if (x === undefined) throw new Error('the sample log has no case of six events')
    const others = streams.filter((events) => events !== x).slice(0, 4096).map((events) => events[0] as RecordedEvent)
    expect(others).toHaveLength(4096)
    const erasure: RecordedEvent = { ...(others[0] as RecordedEvent), streamId: 'erasures', version: 0, type: 'PersonalDataErased', data: { streamId: 'complaint-none' } }
    let position = 0
    const pages = [x.slice(0, 2), [x[2] as RecordedEvent, ...others, erasure], x.slice(3, 6)].map((page) => page.map((e) => ({ ...e, position: position++ })))
    const kept = new Database(':memory:')
    const dashboard = sqliteDashboard(kept)
    const fresh = new Database(':memory:')
    for (const page of pages) {
      await dashboard.apply(page)
      await sqliteDashboard(fresh).apply(page)
    }
    expect(dashboardTables(kept)).toEqual(dashboardTables(fresh))
    kept.close()
    fresh.close()
  }, 120_000)

  it('pages applied by one dashboard (cases kept between passes), with a page rolled back and pages written by another connection, keep the tables a fresh dashboard per page keeps', () =>
    keptAcrossPasses(keptDashboard))

  it('after its own write was refused and another connection wrote that page, reads back the cases it kept before', () => lostPassNotTrusted(keptDashboard))
})
