// What every case list read model must hold of its `overdue=true` filter (and each row's `overdue` flag) against the
// dashboard's overdue list (DOMAIN.md "Time": every deadline a case has can become overdue, and overdue lists see all of
// them): a complaint whose only passed deadline is a summoned department's 报到 (街道吹哨、部门报到). The SQLite suite
// (tests/case-list-overdue.test.ts) and the PostgreSQL twin (tests/postgres/read-models.test.ts) run these.
import type { RecordedEvent } from '@gridcase/core'
import type { CaseListReadModel } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay, type DashboardState } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { complaintDraft } from '../../packages/core/src/projections/fixtures.js'
import { ALL_ITEMS } from './kpiCompare.js'

export const SUMMONED_ID = '00000000-0000-4000-8000-0000000005a1'
const PLACE = 'hohhot/saihan/wulan/c1/g1'
const C1 = { id: 'wulan-c1', name: 'c1 社区', level: 'community' as const, jurisdiction: 'hohhot/saihan/wulan/c1' }
const ENVIRONMENT = { id: 'saihan-environment', name: '生态环境局', level: 'district' as const, jurisdiction: 'hohhot/saihan', department: 'environment' }
const admin: Actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' }

/**
 * A complaint dispatched Mon 2026-10-12 10:00 China time to c1 (签收 by 10-13 10:00, result by 11-09 24:00), signed for
 * at 11:00, which c1 escalates by summoning (吹哨) the environment bureau on 10-16 with its 报到 by 10-20 24:00 (the
 * deadline the event carries: 23:59:59+08:00, closing at 10-21 00:00). The bureau reports (报到) on 10-22 10:00. Its
 * only deadline that passes is the 报到: overdue from 10-21 00:00 to the 报到, by the environment bureau.
 */
export const summonedLog = (): RecordedEvent[] =>
  sealLog([
    complaintDraft(SUMMONED_ID, 'ComplaintRegistered', '2026-10-12T09:00:00+08:00', {
      channel: 'hotline-12345', kind: 'complaint', category: 'environment', urgency: 'normal', title: 't', description: 'd', jurisdiction: PLACE,
      complainant: { name: '李四', phone: '13912345678' }, policy: 'standard-normal',
    }),
    complaintDraft(SUMMONED_ID, 'ComplaintDispatched', '2026-10-12T10:00:00+08:00', {
      unit: C1, round: 1, redispatch: false, policy: 'standard-normal', acknowledgeBy: '2026-10-13T10:00:00+08:00', resultBy: '2026-11-09T23:59:59+08:00',
      category: 'environment', kind: 'complaint', urgency: 'normal', jurisdiction: PLACE,
    }),
    complaintDraft(SUMMONED_ID, 'ComplaintAcknowledged', '2026-10-12T11:00:00+08:00', { unit: C1, after: 'dispatch', onTime: true }),
    complaintDraft(SUMMONED_ID, 'ComplaintDepartmentsSummoned', '2026-10-16T09:00:00+08:00', { by: C1, departments: [ENVIRONMENT], reason: '需环保部门', reportBy: '2026-10-20T23:59:59+08:00' }),
    complaintDraft(SUMMONED_ID, 'ComplaintDepartmentArrived', '2026-10-22T10:00:00+08:00', { unit: ENVIRONMENT }),
  ])

const listedOverdue = async (model: CaseListReadModel, kind: string, now: number): Promise<string[]> => {
  const ids: string[] = []
  let before: number | undefined
  for (;;) {
    const page = await model.list({ kind, actor: admin, now, overdue: true, limit: 200, ...(before === undefined ? {} : { before }) })
    for (const i of page.items) {
      expect(i.overdue).toBe(true)
      ids.push(`${kind}:${i.caseId}`)
    }
    const last = page.items.at(-1)
    if (!page.more || last === undefined) return ids.sort()
    before = last.openedAt
  }
}

/** The cases on the overdue list of the dashboard of `state` (a replay) as of `now`, as `kind:caseId`. */
const dashboardOverdue = (state: DashboardState, now: number): string[] => {
  const view = dashboardView(state, { asOf: new Date(now).toISOString() }, { items: ALL_ITEMS })
  return [...new Set(view.overdue.items.map((i) => `${i.caseType}s:${i.caseId}`))].sort()
}

export const checkSummonedCaseList = async (model: CaseListReadModel): Promise<void> => {
  const log = summonedLog()
  const open = log.slice(0, 4)
  await model.reset()
  await model.apply(open)
  const at = (iso: string) => Date.parse(iso)
  const ours = [`complaints:${SUMMONED_ID}`]
  const summoned = replay(dashboardProjection, open)
  // The day before the 报到's last day, its last instant, and the day after (10-21 00:00: past).
  for (const [iso, listed] of [['2026-10-19T12:00:00+08:00', []], ['2026-10-20T23:59:59.999+08:00', []], ['2026-10-21T00:00:00+08:00', ours], ['2026-10-22T09:59:59+08:00', ours]] as const) {
    expect(dashboardOverdue(summoned, at(iso))).toEqual(listed)
    expect(await listedOverdue(model, 'complaints', at(iso))).toEqual(listed)
  }
  // The dashboard lists it by kind 报到 (arrival) alone.
  const view = dashboardView(summoned, { asOf: '2026-10-21T00:00:00+08:00' })
  expect(view.overdue.items.map((i) => [i.caseId, i.deadlineKind, i.unitId])).toEqual([[SUMMONED_ID, 'arrival', ENVIRONMENT.id]])
  // The bureau reported (10-22 10:00): off both lists.
  await model.apply(log)
  expect(dashboardOverdue(replay(dashboardProjection, log), at('2026-10-22T10:00:00+08:00'))).toEqual([])
  expect(await listedOverdue(model, 'complaints', at('2026-10-22T10:00:00+08:00'))).toEqual([])
}
