// What every dashboard read model must show of the disputes in mediationOutcomesDrafts (packages/core/src/projections/
// fixtures.ts, "Mediation outcomes"): the overall mediation figures one outcome per dispute, as of the period's end, in
// the period of the conclusion that made it; each track's own attempts; 司法确认 applied / accepted / granted / rejected — by hand, and the same as
// core's dashboard over a replay of the log.
import type { DashboardReadModel } from '@gridcase/adapters'
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay, type DashboardFilter, type Mediation } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { DISPUTE_PERIODS_PLACE, disputePeriodsDrafts, mediationOutcomesDrafts, MEDIATION_OUTCOMES_PLACE } from '../../packages/core/src/projections/fixtures.js'

const at = (day: string, time = '00:00') => `2026-${day}T${time}:00+08:00`
/** After the log's latest event (o6 granted 04-10): what a read model answers. */
export const MEDIATION_OUTCOMES_AS_OF = at('04-30')

/** Whole China months (a read model's kept sums), no period, and a period of parts of days (its facts). */
export const MEDIATION_OUTCOMES_FILTERS: readonly DashboardFilter[] = [
  { from: at('03-01'), to: at('04-01') },
  { from: at('04-01'), to: at('05-01') },
  {},
  { from: at('03-05', '12:00'), to: at('03-31', '12:00') },
].map((f) => ({ ...f, jurisdiction: MEDIATION_OUTCOMES_PLACE, asOf: MEDIATION_OUTCOMES_AS_OF }))

const overall = (m: Mediation) => [m.agreements, m.failures, m.concluded, m.confirmations.applied, m.confirmations.accepted, m.confirmations.granted, m.confirmations.rejected]

export const checkMediationOutcomesDashboard = async (model: DashboardReadModel): Promise<void> => {
  const log = sealLog(mediationOutcomesDrafts())
  const reference = replay(dashboardProjection, log)
  const views = []
  for (const filter of MEDIATION_OUTCOMES_FILTERS) {
    const got = await model.view(filter)
    if (got === undefined) throw new Error('no view')
    expect(got.mediation).toEqual(dashboardView(reference, filter).mediation)
    views.push(got.mediation)
  }
  const [march, april, all, part] = views as [Mediation, Mediation, Mediation, Mediation]
  // By hand (packages/core/src/projections/mediationOutcomes.test.ts has the working): [agreements, failures, concluded,
  // applied, accepted, granted, rejected].
  // March: outcomes as of its end, made in it: o1 agreed, o6 agreed, o7 agreed, o2 failed, o5 failed; 司法确认 applied
  // o5, o7, o6, accepted o5, rejected o5. April: o4 agreed; o6 accepted and granted. Whole log: both.
  expect(overall(march)).toEqual([3, 2, 5, 3, 1, 0, 1])
  expect(march.successRate).toBeCloseTo(3 / 5, 12)
  expect(overall(april)).toEqual([1, 0, 1, 0, 1, 1, 0])
  expect(overall(all)).toEqual([4, 2, 6, 3, 2, 1, 1])
  // 03-05 12:00 to 03-31 12:00: outcomes o1 agreed (03-12), o6 agreed (03-10), o2 failed (03-09), o5 failed (03-31
  // 09:00) — not o7 (03-03) — → 2 / 4; applied o7 (03-20), o6 (03-28) — not o5 (03-05 09:00); accepted o5 (03-06);
  // rejected o5 (03-16).
  expect(overall(part)).toEqual([2, 2, 4, 2, 1, 0, 1])
}

/** Applies the log to a fresh model and checks it. */
export const checkMediationOutcomesFresh = async (model: DashboardReadModel): Promise<void> => {
  await model.reset()
  await model.apply(sealLog(mediationOutcomesDrafts()))
  await checkMediationOutcomesDashboard(model)
}

// fixtures.ts "A dispute's overall outcome by period": each period counts a dispute's outcome as of the period's end, in
// the period of the conclusion that made it (packages/core/src/projections/mediationOutcomes.test.ts has the working).
// The periods are whole China months (a read model's kept sums and its facts of alignment 2), whole days (alignment ≥ 1),
// parts of days (every fact with a competitor) and none (all time), so each of a read model's ways is taken.
const day = (d: string, time = '00:00') => `2026-${d}T${time}:00+08:00`
/** [filter, agreements, failures] by hand. */
export const DISPUTE_PERIODS_TABLE: readonly (readonly [DashboardFilter, number, number])[] = (
  [
    [{ from: day('03-01'), to: day('04-01') }, 1, 2],
    [{ from: day('04-01'), to: day('05-01') }, 2, 0],
    [{ from: day('05-01'), to: day('06-01') }, 1, 0],
    [{ from: day('06-01'), to: day('07-01') }, 0, 1],
    [{ from: day('01-01'), to: day('04-01') }, 1, 2],
    [{ from: day('04-01'), to: day('07-01') }, 3, 1],
    [{ from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' }, 4, 2],
    [{}, 4, 2],
    [{ from: day('03-01'), to: day('05-01') }, 3, 0],
    [{ from: day('03-01'), to: day('06-01') }, 4, 1],
    [{ from: day('03-01'), to: day('03-20') }, 0, 3],
    [{ from: day('03-01'), to: day('05-10') }, 3, 1],
    [{ from: day('03-05', '12:00'), to: day('04-10', '12:00') }, 1, 0],
    // Single China days (a read model's kept day sums, day1): on 03-10 q1–q4 failed and had failed at the day's end (q3
    // transferred 03-12, q2 03-20, q1 and q4 04-03; q4's failure back from its referral 05-06 is an `outcomeGap` taken
    // off in the same sums) → 0 / 4; on 03-20 q3 agreed (q2's transfer that day ends no conclusion of the day) → 1 / 0.
    [{ from: day('03-10'), to: day('03-11') }, 0, 4],
    [{ from: day('03-20'), to: day('03-21') }, 1, 0],
  ] as const
).map(([f, agreements, failures]) => [{ ...f, jurisdiction: DISPUTE_PERIODS_PLACE, asOf: day('12-31') }, agreements, failures] as const)

/** The read model's overall figures per period: as by hand, and every mediation figure as core's replay gives them. */
export const checkDisputePeriodsDashboard = async (model: DashboardReadModel): Promise<void> => {
  const reference = replay(dashboardProjection, sealLog(disputePeriodsDrafts()))
  for (const [filter, agreements, failures] of DISPUTE_PERIODS_TABLE) {
    const got = await model.view(filter)
    if (got === undefined) throw new Error('no view')
    expect({ filter, agreements: got.mediation.agreements, failures: got.mediation.failures }).toEqual({ filter, agreements, failures })
    expect(got.mediation).toEqual(dashboardView(reference, filter).mediation)
  }
}

/** Applies the log to a fresh model, all at once or one event at a time, and checks it. */
export const checkDisputePeriodsFresh = async (model: DashboardReadModel, oneByOne = false): Promise<void> => {
  await model.reset()
  const log = sealLog(disputePeriodsDrafts())
  if (oneByOne) for (const event of log) await model.apply([event])
  else await model.apply(log)
  await checkDisputePeriodsDashboard(model)
}
