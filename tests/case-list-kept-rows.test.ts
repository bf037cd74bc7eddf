// The SQLite case list keeps the rows it wrote last, decoded, for the next pass: at 1000 add-notes/s most cases of a pass
// were in the pass before, and each was read back and its state parsed from JSON again (SELECT + JSON.parse per case per
// pass). What is kept is used only while no other connection wrote the file and once the pass that wrote it committed.
import { sqliteCaseList, sqliteDashboard, type CaseListKind } from '@gridcase/adapters'
import { emptySchema, type CaseType, type RecordedEvent } from '@gridcase/core'
import type { CaseScope } from '@gridcase/core/access'
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

/** A case that is what its last event says (its scope and summary state), so that both can go A → B → A. */
interface Shaped {
  readonly status: string
  readonly scope: CaseScope
}
const shapedType = {
  name: 'shaped',
  streamPrefix: 'shaped-',
  decider: {
    initialState: undefined,
    decide: () => {
      throw new Error('not decided here')
    },
    evolve: (_state: unknown, event: { readonly data: unknown }) => event.data,
  },
  schema: emptySchema,
  create: { type: 'open', data: undefined },
  commands: {},
  scope: (state: unknown) => (state as Shaped | undefined)?.scope,
} as unknown as CaseType
const shapedKind: CaseListKind = {
  path: 'shaped',
  caseType: shapedType,
  summarize: (state) => {
    const s = state as Shaped | undefined
    return s === undefined ? undefined : { state: s.status, jurisdiction: s.scope.jurisdiction, openDeadlines: [] }
  },
}
const shapedEvent = (caseId: number, version: number, data: Shaped): RecordedEvent => ({
  eventId: `e-${caseId}-${version}`,
  streamId: `shaped-${caseId}`,
  version,
  position: version * 2 + caseId,
  type: 'shaped',
  schemaVersion: 1,
  data,
  metadata: {
    commandId: `c-${caseId}-${version}`,
    correlationId: `c-${caseId}-${version}`,
    causationId: `c-${caseId}-${version}`,
    actor: { id: 'admin-1', role: 'admin', jurisdiction: 'cn' },
    occurredAt: `2026-01-0${version + 1}T00:00:00.000Z`,
    recordedAt: `2026-01-0${version + 1}T00:00:00.000Z`,
    prevHash: '',
    hash: '',
  },
} as unknown as RecordedEvent)

describe('the SQLite case list between passes', () => {
  // A kept row must hold what the pass wrote, not what was stored before it: a case whose scope or summary goes A → B → A
  // over three passes is compared, on its third, with what the second wrote. Kept as the first's (A), the third would find
  // nothing changed: the residents would stay B's (a resident dropped from the scope still reading the case: case 0, its
  // scope moved and back) or the summary columns would (case 1, its scope the same throughout, so that only the summary
  // decides whether the row is written whole). Fails when the kept row keeps the stored scope (`f.storedScope ??
  // scopeText`) or the stored summary (`f.storedSummary ?? key`).
  it('cases whose scope or summary go A → B → A over three passes keep the rows a fresh list per page keeps', async () => {
    const a: Shaped = { status: 'open', scope: { jurisdiction: 'cn/a', ownerId: 'resident-1', residents: ['resident-2'] } }
    const b: Shaped = { status: 'moved', scope: { jurisdiction: 'cn/b', ownerId: 'resident-1' } }
    const c: Shaped = { status: 'moved', scope: a.scope }
    const pages = [
      [shapedEvent(0, 0, a), shapedEvent(1, 0, a)],
      [shapedEvent(0, 1, b), shapedEvent(1, 1, c)],
      [shapedEvent(0, 2, a), shapedEvent(1, 2, a)],
    ]
    const one = new Database(':memory:')
    const list = sqliteCaseList(one, [shapedKind])
    const fresh = new Database(':memory:')
    for (const page of pages) {
      await list.apply(page)
      await sqliteCaseList(fresh, [shapedKind]).apply(page)
      expect(rows(one)).toEqual(rows(fresh))
    }
    expect(rows(one).residents).toEqual(
      ['shaped-0', 'shaped-1'].flatMap((stream_id) => ['resident-1', 'resident-2'].map((resident_id) => ({ stream_id, resident_id }))),
    )
    expect(rows(one).cases).toMatchObject([
      { stream_id: 'shaped-0', status: 'open', jurisdiction: 'cn/a', version: 2 },
      { stream_id: 'shaped-1', status: 'open', jurisdiction: 'cn/a', version: 2 },
    ])
    one.close()
    fresh.close()
  })

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
