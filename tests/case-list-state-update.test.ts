// The SQLite case list writes a case's row whole (an upsert naming every summary column, so SQLite rewrites the row's
// index entries) only when its summary columns or scope change; otherwise only its state, version and time (most events,
// such as a note, change neither). The reference is the whole-row upsert: a list built from one page, where every case is
// new, writes every row whole; pages applied one after another take the narrow update wherever a case was stored before.
import { memoryEventStore, sqliteCaseList, type CaseListKind } from '@gridcase/adapters'
import { execute, type CaseType, type RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { sealLog } from '@gridcase/core/audit'
import { chineseCalendar, chineseWorkdays } from '@gridcase/core/calendar'
import { committeeRegistryOf } from '@gridcase/core/dispute'
import * as E from 'fp-ts/lib/Either.js'
import { complaints, disputes } from '@gridcase/http'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'
import { caseKinds, caseListRows, sampleCaseLog } from './support/caseListRows.js'
import { schedule2027 } from '../packages/core/src/calendar/fixtures.js'

const logOf = sampleCaseLog
const kinds = caseKinds
const rows = caseListRows
// (better-sqlite3's verbose gives the statement with its values in, cut short: its start names it.)
const STATE_UPDATE = /^UPDATE case_list SET updated_time = /

describe('the SQLite case list, page after page', () => {
  it('keeps the rows the whole-row upsert keeps (one page: every case new, written whole), while writing most rows by state alone', async () => {
    let narrow = 0
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.integer(), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }), fc.boolean(), async (cases, seed, sizes, freshPerPage) => {
        const log = await logOf(cases, seed)
        const reference = new Database(':memory:')
        await sqliteCaseList(reference, kinds()).apply(log)
        const paged = new Database(':memory:', { verbose: (sql) => void (STATE_UPDATE.test(String(sql)) && (narrow += 1)) })
        // One list across the pages (rows kept between passes), or a fresh one per page (rows read back from the table).
        const kept = sqliteCaseList(paged, kinds())
        for (let from = 0, i = 0; from < log.length; i += 1) {
          const end = from + (sizes[i % sizes.length] ?? 1)
          await (freshPerPage ? sqliteCaseList(paged, kinds()) : kept).apply(log.slice(from, end))
          from = end
        }
        expect(rows(paged)).toEqual(rows(reference))
        reference.close()
        paged.close()
      }),
      { numRuns: 30 },
    )
    // The narrow update was taken (the property held over it, not around it).
    expect(narrow).toBeGreaterThan(0)
  })
})

// A change of deadline or scope alone (no change of status): the sample log above never makes one, so these examples
// store a case in a first page and make the change in a second, where the list must write the row whole (the narrow
// update would leave the old deadline or scope in its columns). Each is checked against the whole-row reference, with
// the list kept across the pages and fresh per page, and through `list` (what a reader sees). A case's category and
// jurisdiction are set when it is opened and no later event changes them (core's complaint and dispute `evolve`), so no
// example can change them alone.
const GRID = 'hohhot/saihan/wulan-street/xx-community/grid-017'
const DISTRICT = 'hohhot/saihan'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
const housingOfficer: Actor = { id: 'do-housing', role: 'department-officer', jurisdiction: DISTRICT, department: 'housing' }
const environmentOfficer: Actor = { id: 'do-env', role: 'department-officer', jurisdiction: DISTRICT, department: 'environment' }
const centreOfficer: Actor = { id: 'co-1', role: 'centre-officer', jurisdiction: DISTRICT }
const medicalMediator: Actor = { id: 'md-1', role: 'mediator', jurisdiction: DISTRICT, track: 'people', committee: 'saihan-medical' }
const departmentUnit = (department: string) => ({ id: `saihan-${department}`, name: `区${department}`, level: 'district', jurisdiction: DISTRICT, department })
const madeCommittees = committeeRegistryOf({
  format: 'gridcase-committees/1',
  centres: [{ id: 'saihan-centre', name: '赛罕区矛盾纠纷调处化解中心', jurisdiction: DISTRICT }],
  committees: [{ id: 'saihan-medical', name: '赛罕区医疗纠纷人民调解委员会', kind: 'medical', jurisdiction: DISTRICT, centre: 'saihan-centre', mediators: [{ id: 'md-1', name: '高志远' }] }],
})
if (!('registry' in madeCommittees)) throw new Error('the committee file of this test is wrong')
const committees = madeCommittees.registry

/** Runs commands through core's pipeline on one store; the log, and where the second page starts (the last command's events). */
const commands = () => {
  const store = memoryEventStore()
  let n = 0
  return {
    store,
    run: async (caseType: CaseType, caseId: string, command: string, data: unknown, actor: Actor, at: string): Promise<void> => {
      n += 1
      const outcome = await execute(store, caseType, caseId, command, data, { commandId: `cmd-${n}`, actor, at })
      if (E.isLeft(outcome)) throw new Error(`${command}: ${JSON.stringify(outcome.left)}`)
    },
  }
}

/** The list after `first` then `second` as two pages (kept rows, or a fresh list per page), checked against one page of both. */
const pagedTwice = async (first: readonly RecordedEvent[], second: readonly RecordedEvent[], caseKinds: () => CaseListKind[]) => {
  const reference = new Database(':memory:')
  await sqliteCaseList(reference, caseKinds()).apply([...first, ...second])
  const lists = []
  for (const freshPerPage of [false, true]) {
    const db = new Database(':memory:')
    const kept = sqliteCaseList(db, caseKinds())
    await kept.apply(first)
    await (freshPerPage ? sqliteCaseList(db, caseKinds()) : kept).apply(second)
    expect(rows(db), freshPerPage ? 'a fresh list per page' : 'one list across the pages').toEqual(rows(reference))
    lists.push(sqliteCaseList(db, caseKinds()))
  }
  reference.close()
  return lists
}

// When the case's first running deadline closes (a day deadline at 24:00 China time): the overdue filter's column.
const nextCloses = (list: { readonly db: Database.Database }, streamId: string): unknown =>
  list.db.prepare('SELECT next_closes FROM case_list WHERE stream_id = ?').pluck().get(streamId)
const scopeOf = (list: { readonly db: Database.Database }, streamId: string): unknown =>
  JSON.parse(String(list.db.prepare('SELECT scope FROM case_list WHERE stream_id = ?').pluck().get(streamId)))

describe('the SQLite case list, a deadline or scope changed alone in a later page', () => {
  it('rewrites next_closes when a complaint\'s deadlines are rebased (ComplaintDeadlinesRebased), and the overdue filter follows it', async () => {
    const id = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'
    const { store, run } = commands()
    // Dispatched Sun 2026-12-20 with no 2027 notice loaded: result by 2026-12-20 + 15 working days = Mon 2027-01-11
    // (12-21..12-25: 5, 12-28..12-31: 9, Fri 1-01 元旦 off, 1-04..1-08: 14, Mon 1-11: 15; core's rebase.test.ts).
    const before = complaints({ calendar: chineseWorkdays }).caseType
    await run(before, id, 'create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: '暖气不热', description: '室温低于18度', jurisdiction: GRID, complainant: { name: '王芳', phone: '13800138000' } }, operator, '2026-12-20T09:00:00+08:00')
    await run(before, id, 'accept', {}, operator, '2026-12-20T09:30:00+08:00')
    await run(before, id, 'dispatch', { unit: departmentUnit('housing') }, operator, '2026-12-20T10:00:00+08:00')
    // Acknowledged (签收): the result deadline is the one still running.
    await run(before, id, 'acknowledge', {}, housingOfficer, '2026-12-20T11:00:00+08:00')
    const first = await store.readAll({})
    // With the 2027 schedule loaded, Sat 1-09 is a make-up working day: the 15th working day is Sat 2027-01-09.
    await run(complaints({ calendar: chineseCalendar([schedule2027()]) }).caseType, id, 'rebase-deadlines', { reason: '2027年放假安排已发布' }, admin, '2026-12-28T10:00:00+08:00')
    const second = (await store.readAll({})).slice(first.length)
    expect(second.map((e) => e.type)).toEqual(['ComplaintDeadlinesRebased'])
    const streamId = `complaint-${id}`
    // Sun 2027-01-10 noon: after the rebased deadline, before the old one.
    const now = Date.parse('2027-01-10T12:00:00+08:00')
    for (const list of await pagedTwice(first, second, () => [complaints(), disputes()])) {
      // The rebased deadline, 2027-01-09T23:59:59+08:00, closes at 24:00.
      expect(nextCloses(list, streamId)).toBe(Date.parse('2027-01-10T00:00:00+08:00'))
      const overdue = await list.list({ kind: 'complaints', actor: admin, now, limit: 10, overdue: true })
      expect(overdue.items.map((i) => [i.streamId, i.overdue])).toEqual([[streamId, true]])
      expect((await list.list({ kind: 'complaints', actor: admin, now, limit: 10, overdue: false })).items).toEqual([])
      await list.close()
    }
  })

  it('rewrites the scope when a co-handler is added (ComplaintCoHandlerAdded): the co-handling department lists the case', async () => {
    const id = '1c7f4f54-8d2e-4e6b-8b62-3f2f9f1dae22'
    const { store, run } = commands()
    const caseType = complaints().caseType
    await run(caseType, id, 'create', { channel: 'hotline-12345', kind: 'complaint', category: 'property', urgency: 'normal', title: '小区绿地被占', description: '绿地被改作停车场', jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' } }, operator, '2026-03-02T09:00:00+08:00')
    await run(caseType, id, 'accept', {}, operator, '2026-03-02T09:30:00+08:00')
    await run(caseType, id, 'dispatch', { unit: departmentUnit('housing') }, operator, '2026-03-02T10:00:00+08:00')
    await run(caseType, id, 'acknowledge', {}, housingOfficer, '2026-03-02T11:00:00+08:00')
    const first = await store.readAll({})
    await run(caseType, id, 'add-co-handler', { unit: departmentUnit('environment'), task: '核查绿地占用' }, housingOfficer, '2026-03-03T09:00:00+08:00')
    const second = (await store.readAll({})).slice(first.length)
    expect(second.map((e) => e.type)).toEqual(['ComplaintCoHandlerAdded'])
    const streamId = `complaint-${id}`
    const now = Date.parse('2026-03-03T10:00:00+08:00')
    for (const list of await pagedTwice(first, second, () => [complaints(), disputes()])) {
      expect(scopeOf(list, streamId)).toMatchObject({ departments: expect.arrayContaining(['housing', 'environment']) })
      expect((await list.list({ kind: 'complaints', actor: environmentOfficer, now, limit: 10 })).items.map((i) => i.streamId)).toEqual([streamId])
      await list.close()
    }
  })

  it('rewrites the scope when a dispute is routed to a committee (DisputeRouted): the committee\'s mediator lists it', async () => {
    const id = '2d8a5a65-9e3f-4f7c-9c73-4a3aa02ebf33'
    const { store, run } = commands()
    const caseType = disputes({ committees }).caseType
    const parties = [
      { side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang' },
      { side: 'respondent', name: '某医院' },
    ]
    await run(caseType, id, 'create', { source: 'party-application', category: 'medical', jurisdiction: GRID, parties, summary: '诊疗纠纷' }, { id: 'r-wang', role: 'resident', jurisdiction: GRID, name: '王芳' }, '2026-03-02T09:00:00+08:00')
    await run(caseType, id, 'accept', {}, centreOfficer, '2026-03-02T10:00:00+08:00')
    const first = await store.readAll({})
    await run(caseType, id, 'route', { committee: 'saihan-medical', reason: '医疗纠纷' }, centreOfficer, '2026-03-02T11:00:00+08:00')
    const second = (await store.readAll({})).slice(first.length)
    expect(second.map((e) => e.type)).toEqual(['DisputeRouted'])
    const streamId = `dispute-${id}`
    const now = Date.parse('2026-03-02T12:00:00+08:00')
    for (const list of await pagedTwice(first, second, () => [complaints(), disputes({ committees })])) {
      expect(scopeOf(list, streamId)).toMatchObject({ committee: 'saihan-medical' })
      expect((await list.list({ kind: 'disputes', actor: medicalMediator, now, limit: 10 })).items.map((i) => i.streamId)).toEqual([streamId])
      await list.close()
    }
  })
})
