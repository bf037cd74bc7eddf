// 首接负责制 and a denied extension through core's pipeline, worked by hand (the sample log's `coHandling` makes these at
// scale: tests/sample-log-options.test.ts): the co-handling department (协办) reads the case while its round lasts — lists
// it, reports its part — and no longer once a 退单 ended the round; a denied extension leaves the result deadline where
// it was, so the case is overdue from that deadline's close in the case list, on the dashboard (SQLite and a replay) and
// late in the lead's on-time completion; the co-handler is in no unit's figures.
import { memoryEventStore, sqliteCaseList, sqliteDashboard } from '@gridcase/adapters'
import { execute, type RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { dashboardProjection, dashboardView, replay, type DashboardFilter, type DashboardView } from '@gridcase/core/projections'
import { complaints, disputes } from '@gridcase/http'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const GRID = 'hohhot/saihan/wulan/c1/g01'
const STREET = 'hohhot/saihan/wulan'
const DISTRICT = 'hohhot/saihan'
const WULAN = { id: 'unit-wulan', name: '乌兰街道', level: 'street' as const, jurisdiction: STREET }
const ENVIRONMENT = { id: 'saihan-environment', name: '区生态环境局', level: 'district' as const, jurisdiction: DISTRICT, department: 'environment' }
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const supervisor: Actor = { id: 'sup-1', role: 'supervisor', jurisdiction: 'hohhot' }
const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
const streetOfficer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
const environmentOfficer: Actor = { id: 'do-env', role: 'department-officer', jurisdiction: DISTRICT, department: 'environment' }
const caseType = complaints().caseType
const DENIED = '3e9b6b76-af40-4a8d-8d84-5b4bb13fc044'
const RETURNED = '4fac7c87-b051-4b9e-9e95-6c5cc24ad155'

const pipeline = () => {
  const store = memoryEventStore()
  let n = 0
  const run = async (caseId: string, command: string, data: unknown, actor: Actor, at: string) => {
    n += 1
    return execute(store, caseType, caseId, command, data, { commandId: `cmd-${n}`, actor, at })
  }
  const ok = async (caseId: string, command: string, data: unknown, actor: Actor, at: string): Promise<readonly { type: string; data: unknown }[]> => {
    const outcome = await run(caseId, command, data, actor, at)
    if (E.isLeft(outcome)) throw new Error(`${command}: ${JSON.stringify(outcome.left)}`)
    return (outcome.right as { events: readonly { type: string; data: unknown }[] }).events
  }
  /** Registered Mon 2026-03-02 09:00, accepted, dispatched to the street at 10:00, signed for at 11:00. */
  const opened = async (caseId: string) => {
    await ok(caseId, 'create', { channel: 'hotline-12345', kind: 'complaint', category: 'environment', urgency: 'normal', title: '夜间施工噪声', description: '工地夜间施工', jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' } }, operator, '2026-03-02T09:00:00+08:00')
    await ok(caseId, 'accept', {}, operator, '2026-03-02T09:30:00+08:00')
    const dispatched = await ok(caseId, 'dispatch', { unit: WULAN }, operator, '2026-03-02T10:00:00+08:00')
    await ok(caseId, 'acknowledge', {}, streetOfficer, '2026-03-02T11:00:00+08:00')
    // 15 working days after Mon 03-02 (the day itself not counted; no holiday in March 2026): 03-03..03-06 4, 03-09..03-13 9,
    // 03-16..03-20 14, Mon 03-23 15 — a day deadline, to 24:00 China time.
    expect((dispatched[0]?.data as { resultBy: string }).resultBy).toBe('2026-03-23T23:59:59+08:00')
    // 协办: the street adds the district's environment bureau.
    await ok(caseId, 'add-co-handler', { unit: ENVIRONMENT, task: '核查夜间施工许可' }, streetOfficer, '2026-03-03T09:00:00+08:00')
  }
  return { store, run, ok, opened }
}

/** The SQLite dashboard's view (it has one once a log is applied). */
const stored = async (model: ReturnType<typeof sqliteDashboard>, filter: DashboardFilter): Promise<DashboardView> => {
  const view = await model.view(filter)
  if (view === undefined) throw new Error('no dashboard')
  return view
}

const listed = async (list: ReturnType<typeof sqliteCaseList>, actor: Actor, now: string, overdue?: boolean): Promise<string[]> =>
  (await list.list({ kind: 'complaints', actor, now: Date.parse(now), limit: 10, ...(overdue === undefined ? {} : { overdue }) })).items.map((i) => i.caseId)

describe('a co-handling department (协办) and a denied extension, by hand', () => {
  it('leaves the result deadline where it was: overdue from 03-24 00:00 on the list and the dashboard, and the result late in the lead’s figures', async () => {
    const { store, ok, opened } = pipeline()
    await opened(DENIED)
    await ok(DENIED, 'report-co-handling', { unitId: ENVIRONMENT.id, report: '施工单位无夜间施工许可, 已责令停工' }, environmentOfficer, '2026-03-05T16:00:00+08:00')
    // Fri 03-20: 10 more working days asked for (to 04-03); the request names the deadline running; denied.
    const requested = await ok(DENIED, 'request-extension', { days: 10, reason: '需协调多部门' }, streetOfficer, '2026-03-20T10:00:00+08:00')
    expect(requested.map((e) => [e.type, (e.data as { resultBy: string }).resultBy])).toEqual([['ComplaintExtensionRequested', '2026-03-23T23:59:59+08:00']])
    expect((await ok(DENIED, 'deny-extension', { reason: '理由不充分, 请按期办结' }, supervisor, '2026-03-20T15:00:00+08:00')).map((e) => e.type)).toEqual(['ComplaintExtensionDenied'])
    const open = [...(await store.readAll({}))] as RecordedEvent[]
    const list = sqliteCaseList(':memory:', [complaints(), disputes()])
    const dashboard = sqliteDashboard(':memory:')
    await list.apply(open)
    await dashboard.apply(open)
    // The last instant of Mon 03-23 China time, then 24:00 (closed), then Tue 03-24 noon.
    for (const [now, overdue] of [['2026-03-23T12:00:00+08:00', false], ['2026-03-23T23:59:59.999+08:00', false], ['2026-03-24T00:00:00+08:00', true], ['2026-03-24T12:00:00+08:00', true]] as const) {
      expect({ now, list: await listed(list, admin, now, true) }).toEqual({ now, list: overdue ? [DENIED] : [] })
      const expected = overdue ? [[DENIED, 'result', '2026-03-23T15:59:59.000Z']] : []
      for (const view of [await stored(dashboard, { asOf: now }), dashboardView(replay(dashboardProjection, open), { asOf: now })]) {
        expect({ now, items: view.overdue.items.map((i) => [i.caseId, i.deadlineKind, i.deadline]) }).toEqual({ now, items: expected })
      }
    }
    // The result on Wed 03-25: late. March's figures: the street's one result deadline fell in March, met late (0 of 1);
    // the environment bureau (协办) is no unit of the evaluation.
    const result = await ok(DENIED, 'submit-result', { result: '已责令停工并处罚款', outcome: 'resolved' }, streetOfficer, '2026-03-25T10:00:00+08:00')
    expect(result.map((e) => [e.type, (e.data as { onTime: boolean }).onTime])).toEqual([['ComplaintResultSubmitted', false]])
    const log = [...(await store.readAll({}))] as RecordedEvent[]
    await dashboard.apply(log.slice(open.length))
    const march = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00', asOf: '2026-04-01T00:00:00+08:00' }
    for (const view of [await stored(dashboard, march), dashboardView(replay(dashboardProjection, log), march)]) {
      expect(view.units.map((u) => [u.unit.id, u.results, u.resultsOnTime])).toEqual([[WULAN.id, 1, 0]])
      expect(view.rates.onTimeCompletionRate).toBe(0)
    }
    // The co-handling department lists the case (its round still the case's), with its report.
    await list.apply(log.slice(open.length))
    expect(await listed(list, environmentOfficer, '2026-03-25T12:00:00+08:00')).toEqual([DENIED])
    await list.close()
    await dashboard.close()
  })

  it('is the co-handler’s while its round lasts and no longer once the lead returns the case (退单): not listed, not found', async () => {
    const { store, run, ok, opened } = pipeline()
    await opened(RETURNED)
    const list = sqliteCaseList(':memory:', [complaints(), disputes()])
    await list.apply([...(await store.readAll({}))] as RecordedEvent[])
    expect(await listed(list, environmentOfficer, '2026-03-03T10:00:00+08:00')).toEqual([RETURNED])
    // Returned before the bureau reported: the round ends with its co-handlers.
    const before = (await store.readAll({})).length
    await ok(RETURNED, 'return', { reason: '非本街道职责' }, streetOfficer, '2026-03-04T09:00:00+08:00')
    await list.apply([...(await store.readAll({}))].slice(before) as RecordedEvent[])
    expect(await listed(list, environmentOfficer, '2026-03-04T10:00:00+08:00')).toEqual([])
    const late = await run(RETURNED, 'report-co-handling', { unitId: ENVIRONMENT.id, report: '已核查' }, environmentOfficer, '2026-03-04T10:00:00+08:00')
    expect(E.isLeft(late) ? late.left.code : 'accepted').toBe('not-found')
    await list.close()
  })
})
