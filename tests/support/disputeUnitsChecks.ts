// What every dashboard read model must show of the disputes in disputeUnitsDrafts (packages/core/src/projections/
// fixtures.ts): the unit evaluation counts each dispute deadline against the unit that answers for it — mediation the
// committee the case is routed to, a clerk's entrustment's receipt the centre — and the same as core's dashboard over
// a replay of the log.
import type { DashboardReadModel } from '@gridcase/adapters'
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay, type DashboardView } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { disputeUnitsDrafts, disputeUnitsId as id } from '../../packages/core/src/projections/fixtures.js'

/** 06-12 12:00 China time: every deadline of the log has passed, d3 routed again (see fixtures.ts). */
export const DISPUTE_UNITS_AS_OF = '2026-06-12T12:00:00+08:00'

/** Each unit's overdue deadlines by kind (the kinds it has), by unit id. */
export const overdueByUnit = (view: DashboardView): Record<string, Record<string, number>> =>
  Object.fromEntries(view.units.map((u) => [u.unit.id, Object.fromEntries(Object.entries(u.overdue).filter(([, n]) => n > 0))]))

/** The log's view as a replay gives it. */
export const disputeUnitsReference = (): DashboardView => dashboardView(replay(dashboardProjection, sealLog(disputeUnitsDrafts())), { jurisdiction: 'hohhot', asOf: DISPUTE_UNITS_AS_OF })

export const checkDisputeUnitsDashboard = async (model: DashboardReadModel): Promise<void> => {
  const log = sealLog(disputeUnitsDrafts())
  await model.reset()
  await model.apply(log)
  const got = await model.view({ jurisdiction: 'hohhot', asOf: DISPUTE_UNITS_AS_OF })
  if (got === undefined) throw new Error('no view')
  // By hand (fixtures.ts): d1's mediation (due 05-06) is c1's committee's; d2's receipt (due 04-07) the centre's; d3's
  // second period (due 06-09) the administrative committee it was routed to (06-11) after its transfer; d4's 司法确认
  // window (due 05-11) nobody's.
  expect(overdueByUnit(got)).toEqual({ 'committee:c1-people': { mediation: 1 }, 'centre:saihan-centre': { receipt: 1 }, 'committee:wulan-admin': { mediation: 1 } })
  expect(got.overdue.byKind).toMatchObject({ mediation: 2, receipt: 1, confirmation: 1 })
  expect(got.overdue.items.map((i) => [i.caseId, i.deadlineKind, i.unitId]).sort()).toEqual([
    [id(1), 'mediation', 'committee:c1-people'],
    [id(2), 'receipt', 'centre:saihan-centre'],
    [id(3), 'mediation', 'committee:wulan-admin'],
    [id(4), 'confirmation', undefined],
  ])
  const reference = disputeUnitsReference()
  expect({ units: got.units, overdue: got.overdue }).toEqual({ units: reference.units, overdue: reference.overdue })
}
