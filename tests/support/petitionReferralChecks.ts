// What every read model must show of a 信访 complaint referred to mediation before dispatch (see petitionReferral.ts):
// on the overdue list from 10-09 00:00 China time, by kind `result` and no unit, until its dispute concludes (10-12);
// due soon on the last day; counted due and late in the place's 按期办结率, against no unit — the same as core's
// dashboard over a replay. The case list's `overdue=true` filter finds it on the same days.
import type { CaseListReadModel, DashboardReadModel } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { dashboardProjection, dashboardView, replay } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { PETITION_DEADLINE, PETITION_ID, petitionReferralLog } from './petitionReferral.js'
import { petitionUnassignedLog, RETURNED_DISPATCH_DEADLINE, RETURNED_ID, UNASSIGNED_DEADLINE, UNDISPATCHED_DISPATCH_DEADLINE, UNDISPATCHED_ID } from './petitionUnassigned.js'

const DAY_OF = '2026-10-08T23:59:59+08:00'
const DAY_AFTER = '2026-10-09T00:00:00+08:00'
const CONCLUDED = '2026-10-13T00:00:00+08:00'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

/** The model's dashboard of the whole city as of a time (an error when it has none). */
const viewOf = (model: DashboardReadModel) => async (asOf: string) => {
  const got = await model.view({ jurisdiction: 'hohhot', asOf })
  if (got === undefined) throw new Error(`no view as of ${asOf}`)
  return got
}

export const checkPetitionReferralDashboard = async (model: DashboardReadModel): Promise<void> => {
  const log = petitionReferralLog()
  const open = log.slice(0, 3)
  await model.reset()
  await model.apply(open)
  const view = viewOf(model)
  const reference = (events: typeof log, asOf: string) => dashboardView(replay(dashboardProjection, events), { jurisdiction: 'hohhot', asOf })
  // 23:59:59 on the last day: the deadline itself, not yet past (0 hours over): due soon.
  const dayOf = await view(DAY_OF)
  expect(dayOf.overdue.items).toEqual([])
  expect(dayOf.overdue.dueSoon.items).toEqual([
    { caseType: 'complaint', caseId: PETITION_ID, jurisdiction: expect.any(String), category: 'law-related', deadlineKind: 'result', deadline: PETITION_DEADLINE, hoursOverdue: 0 },
  ])
  const dayAfter = await view(DAY_AFTER)
  expect(dayAfter.overdue.items.map((i) => [i.caseId, i.deadlineKind, i.deadline, i.unitId])).toEqual([[PETITION_ID, 'result', PETITION_DEADLINE, undefined]])
  expect(dayAfter.overdue.byKind).toMatchObject({ result: 1, accept: 0, acknowledge: 0 })
  expect(dayAfter.rates).toMatchObject({ results: 1, resultsOnTime: 0 })
  expect(dayAfter.units).toEqual([])
  expect({ overdue: dayAfter.overdue, rates: dayAfter.rates }).toEqual({ overdue: reference(open, DAY_AFTER).overdue, rates: reference(open, DAY_AFTER).rates })
  // The dispute concluded on 10-12: off the list; a result 4 days late.
  await model.apply(log)
  const after = await view(CONCLUDED)
  expect(after.overdue.items).toEqual([])
  expect(after.overdue.byKind.result).toBe(0)
  expect(after.rates).toMatchObject({ results: 1, resultsOnTime: 0 })
  expect({ overdue: after.overdue, rates: after.rates }).toEqual({ overdue: reference(log, CONCLUDED).overdue, rates: reference(log, CONCLUDED).rates })
}

export const checkPetitionReferralCaseList = async (model: CaseListReadModel): Promise<void> => {
  const log = petitionReferralLog()
  await model.reset()
  await model.apply(log.slice(0, 3))
  const overdueAt = async (iso: string) =>
    (await model.list({ kind: 'complaints', actor: operator, now: Date.parse(iso), overdue: true, limit: 10 })).items.map((i) => [i.caseId, i.overdue])
  expect(await overdueAt(DAY_OF)).toEqual([])
  expect(await overdueAt(DAY_AFTER)).toEqual([[PETITION_ID, true]])
  await model.apply(log)
  expect(await overdueAt(CONCLUDED)).toEqual([])
}

// The same period while no unit has the case, unreferred (petitionUnassigned.ts): a 信访 complaint accepted and not yet
// dispatched, and one returned (退单) by its unit and not dispatched again. Overdue from 10-09 00:00 China time by kind
// `result` and no unit, as core's dashboard over a replay has them; the case list's `overdue=true` finds both then.
// Each has its dispatch deadline (派单, 信访工作条例 art. 22: 15 days, statutory) overdue long before, by no unit (the
// dispatcher's): the undispatched one's from registration, the returned one's from the return (petitionUnassigned.ts).
export const checkPetitionUnassignedDashboard = async (model: DashboardReadModel): Promise<void> => {
  const log = petitionUnassignedLog()
  await model.reset()
  await model.apply(log)
  const view = viewOf(model)
  const reference = (asOf: string) => dashboardView(replay(dashboardProjection, log), { jurisdiction: 'hohhot', asOf })
  const dayOf = await view(DAY_OF)
  expect(dayOf.overdue.items.filter((i) => i.deadlineKind !== 'dispatch')).toEqual([])
  expect(dayOf.overdue.items.map((i) => [i.caseId, i.deadlineKind, i.deadline, i.unitId])).toEqual([
    [UNDISPATCHED_ID, 'dispatch', UNDISPATCHED_DISPATCH_DEADLINE, undefined],
    [RETURNED_ID, 'dispatch', RETURNED_DISPATCH_DEADLINE, undefined],
  ])
  expect(dayOf.overdue.dueSoon.items.map((i) => [i.caseId, i.deadlineKind, i.deadline]).sort()).toEqual([
    [UNDISPATCHED_ID, 'result', UNASSIGNED_DEADLINE],
    [RETURNED_ID, 'result', UNASSIGNED_DEADLINE],
  ].sort())
  const dayAfter = await view(DAY_AFTER)
  expect(dayAfter.overdue.items.filter((i) => i.deadlineKind === 'result').map((i) => [i.caseId, i.deadlineKind, i.deadline, i.unitId]).sort()).toEqual([
    [UNDISPATCHED_ID, 'result', UNASSIGNED_DEADLINE, undefined],
    [RETURNED_ID, 'result', UNASSIGNED_DEADLINE, undefined],
  ].sort())
  expect(dayAfter.overdue.byKind).toMatchObject({ result: 2, accept: 0, acknowledge: 0, dispatch: 2 })
  // Neither dispatch deadline is a unit's: the units' rows count none.
  expect(dayAfter.units.map((u) => u.overdue.dispatch)).toEqual(dayAfter.units.map(() => 0))
  expect(dayAfter.units.map((u) => [u.unit.id, u.overdue.result])).toEqual(reference(DAY_AFTER).units.map((u) => [u.unit.id, u.overdue.result]))
  for (const asOf of [DAY_OF, DAY_AFTER]) {
    const got = await view(asOf)
    expect({ overdue: got.overdue, rates: got.rates }).toEqual({ overdue: reference(asOf).overdue, rates: reference(asOf).rates })
  }
}

export const checkPetitionUnassignedCaseList = async (model: CaseListReadModel): Promise<void> => {
  await model.reset()
  await model.apply(petitionUnassignedLog())
  const overdueAt = async (iso: string) =>
    (await model.list({ kind: 'complaints', actor: operator, now: Date.parse(iso), overdue: true, limit: 10 })).items.map((i) => i.caseId).sort()
  // The undispatched one's dispatch deadline closes at 8-18 00:00; the returned one was in its unit's hands then.
  expect(await overdueAt('2026-08-17T23:59:59.999+08:00')).toEqual([])
  expect(await overdueAt('2026-08-18T00:00:00+08:00')).toEqual([UNDISPATCHED_ID])
  expect(await overdueAt('2026-09-17T23:59:59.999+08:00')).toEqual([UNDISPATCHED_ID])
  expect(await overdueAt('2026-09-18T00:00:00+08:00')).toEqual([UNDISPATCHED_ID, RETURNED_ID].sort())
  expect(await overdueAt(DAY_AFTER)).toEqual([UNDISPATCHED_ID, RETURNED_ID].sort())
}
