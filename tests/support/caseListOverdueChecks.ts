// What every case list read model must hold of its `overdue=true` filter (and each row's `overdue` flag) against the
// dashboard's overdue list (DOMAIN.md "Time": every deadline a case has can become overdue, and overdue lists see all of
// them): a complaint whose only passed deadline is a summoned department's 报到 (街道吹哨、部门报到), and, on random
// histories of the sample logs' generator, the same cases at every instant around their deadlines. The SQLite suite
// (tests/case-list-overdue.test.ts) and the PostgreSQL twin (tests/postgres/read-models.test.ts) run these.
import type { RecordedEvent } from '@gridcase/core'
import type { CaseListReadModel } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { sealLog } from '@gridcase/core/audit'
import { deadlineClosesMs } from '@gridcase/core/calendar'
import { dashboardProjection, dashboardView, replay, type DashboardState } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { complaintDraft } from '../../packages/core/src/projections/fixtures.js'
import { ALL_ITEMS, deadlineInstants, span, type History } from './kpiCompare.js'
import { sampleDrafts } from './sampleLog.js'

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

/**
 * kpiCompare's `assessmentLog` of a history as today's deciders write it: a refusal (不予受理) with some of the 30 days left
 * names their end (`applyAgainBy`, since a4e47f3: by the dashboard's rule, the window closing after the refusal), which
 * the sample generator leaves out, as refusals recorded before did. On such an older refusal the list does not see the
 * window again (the dispute's state keeps no time of the refusal to tell whether any of it was left), the dashboard does
 * (its clock): not what these checks are about.
 */
export const historyLog = (h: History): RecordedEvent[] => {
  const windows = new Map<string, string>()
  const drafts = [...sampleDrafts({ cases: h.cases, seed: h.seed, spacingMinutes: h.spacingMinutes, gridWork: true, riskGrades: true, committees: true, dayDeadlines: h.dayDeadlines, assessment: true, afterSummons: h.afterSummons === true, coHandling: h.coHandling === true })].map((d) => {
    const data = d.data as { confirmationDeadline?: string; applyAgainBy?: string; changes?: readonly { kind: string; deadline: string }[] }
    if (d.type === 'MediationAgreed' && data.confirmationDeadline !== undefined) windows.set(d.streamId, data.confirmationDeadline)
    if (d.type === 'DisputeDeadlinesRebased') for (const c of data.changes ?? []) if (c.kind === 'confirmation') windows.set(d.streamId, c.deadline)
    const window = windows.get(d.streamId)
    if (d.type !== 'JudicialConfirmationRefused' || data.applyAgainBy !== undefined || window === undefined) return d
    return deadlineClosesMs(Date.parse(window)) > Date.parse(d.at) ? { ...d, data: { ...data, applyAgainBy: window } } : d
  })
  const whole = sealLog(drafts)
  return whole.slice(0, Math.ceil(whole.length * h.keep))
}

/**
 * Histories the properties always try first: one whose open complaint has a summoned department's 报到 passed and nothing
 * else (found by the property before the 报到 was among the list's deadlines); one with a refusal (不予受理) inside the 30
 * days, its window running again (`historyLog`).
 */
export const SUMMONED_HISTORIES: [History][] = [[{ cases: 6, seed: -1123982158, spacingMinutes: 240, dayDeadlines: false, keep: 0.278 }], [{ cases: 46, seed: 1, spacingMinutes: 90, dayDeadlines: false, keep: 1 }]]

/**
 * The cases `overdue=true` lists (complaints and disputes) at each instant around the log's running deadlines (a
 * millisecond before, half a second and a second after each, and where each becomes due soon) and hours after its end, at or
 * after its latest event, are those the dashboard of a
 * replay lists overdue then.
 */
export const checkListOverdueAsDashboard = async (model: CaseListReadModel, log: readonly RecordedEvent[]): Promise<void> => {
  await model.reset()
  await model.apply(log)
  const { last } = span(log)
  const reference = replay(dashboardProjection, log)
  // (Instants at or after the latest event: a list knows its cases as they are now, a dashboard before that reads history.)
  for (const now of [...deadlineInstants(log, last).filter((t) => t >= last), last + 3_600_000, last + 40 * 86_400_000]) {
    const listed = [...(await listedOverdue(model, 'complaints', now)), ...(await listedOverdue(model, 'disputes', now))].sort()
    expect({ now: new Date(now).toISOString(), cases: listed }).toEqual({ now: new Date(now).toISOString(), cases: dashboardOverdue(reference, now) })
  }
}
