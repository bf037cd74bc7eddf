// A day deadline runs to 24:00 China time of its last day (DOMAIN.md "Time"; core's `deadlineClosesMs`): written as
// 23:59:59+08:00, it is not overdue at 23:59:59.500 nor at .999, and is from 24:00:00.000. A deadline counted in hours
// is an instant, overdue from 1 ms after it. What every read model must show of that, as core's dashboard over a
// replay does, whatever the batching:
// - 1 and 4: dispatched to community c1 03-02 10:00 (签收 by 03-03 10:00, signed for at 11:00), 办结 by 03-05 24:00
//   (23:59:59+08:00). On 1 a department is summoned at 03-05 23:59:59.500 (its deadlines are written again then);
//   4 has no event after 03-02.
// - 2: urgent, dispatched 03-05 21:00: 签收 by 23:00 (2 h, an instant), never signed for.
import type { CaseListReadModel, DashboardReadModel } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { sealLog, type EventDraft } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay, runningDeadlines, type CaseRow, type DashboardFilter, type DashboardView } from '@gridcase/core/projections'
import { expect } from 'vitest'
import { complaintDraft } from '../../packages/core/src/projections/fixtures.js'

export const MIDNIGHT_PLACE = 'hohhot/saihan/wulan'
export const midnightId = (n: number): string => `00000000-0000-4000-8000-00000000050${n}`
/** The 办结 deadline of 1 and 4 (a day deadline) and the 签收 deadline of 2 (2 hours). */
export const DAY_DEADLINE = '2026-03-05T23:59:59+08:00'
export const HOUR_DEADLINE = '2026-03-05T23:00:00+08:00'
/** Half a second into the last second of the day: the latest event (1's summons). */
export const LAST_HALF_SECOND = '2026-03-05T23:59:59.500+08:00'
export const MIDNIGHT = '2026-03-06T00:00:00+08:00'

const C1 = { id: 'wulan-c1', name: 'c1 社区', level: 'community' as const, jurisdiction: `${MIDNIGHT_PLACE}/c1` }
const HOUSING = { id: 'saihan-housing', name: '住建局', level: 'district' as const, jurisdiction: 'hohhot/saihan', department: 'housing' }
const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }

const opened = (n: number, at: string, urgency: 'normal' | 'urgent', acknowledgeBy: string, resultBy: string): EventDraft[] => {
  const policy = `standard-${urgency}`
  const registeredAt = new Date(Date.parse(at) - 3_600_000).toISOString()
  return [
    complaintDraft(midnightId(n), 'ComplaintRegistered', registeredAt, {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency, title: 't', description: 'd', jurisdiction: `${MIDNIGHT_PLACE}/c1/g1`,
      complainant: { name: '李四', phone: '13912345678' }, policy,
    }),
    complaintDraft(midnightId(n), 'ComplaintDispatched', at, {
      unit: C1, round: 1, redispatch: false, policy, acknowledgeBy, resultBy, category: 'heating', kind: 'complaint', urgency, jurisdiction: `${MIDNIGHT_PLACE}/c1/g1`,
    }),
  ]
}

/** The log, in time order; the last event is 1's summons at 23:59:59.500. */
export const midnightDrafts = (): EventDraft[] => [
  ...opened(1, '2026-03-02T10:00:00+08:00', 'normal', '2026-03-03T10:00:00+08:00', DAY_DEADLINE),
  ...opened(4, '2026-03-02T10:00:00+08:00', 'normal', '2026-03-03T10:00:00+08:00', DAY_DEADLINE),
  complaintDraft(midnightId(1), 'ComplaintAcknowledged', '2026-03-02T11:00:00+08:00', { unit: C1, after: 'dispatch', onTime: true }),
  complaintDraft(midnightId(4), 'ComplaintAcknowledged', '2026-03-02T11:00:00+08:00', { unit: C1, after: 'dispatch', onTime: true }),
  ...opened(2, '2026-03-05T21:00:00+08:00', 'urgent', HOUR_DEADLINE, '2026-03-10T23:59:59+08:00'),
  complaintDraft(midnightId(1), 'ComplaintDepartmentsSummoned', LAST_HALF_SECOND, { by: C1, departments: [HOUSING], reason: '多部门', reportBy: '2026-03-09T23:59:59+08:00' }),
]

const at = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString()

/** The instants looked at: around the hour deadline, and through the last second of the day deadline's day. */
const BEFORE_SUMMONS = [at(HOUR_DEADLINE, 0), at(HOUR_DEADLINE, 500), at(DAY_DEADLINE, -1), DAY_DEADLINE, at(DAY_DEADLINE, 500), at(DAY_DEADLINE, 999), MIDNIGHT]
const AFTER_SUMMONS = [LAST_HALF_SECOND, at(DAY_DEADLINE, 999), MIDNIGHT, at(MIDNIGHT, 3_600_000)]

const overdueOf = (v: DashboardView) => v.overdue.items.map((i) => [i.caseId, i.deadlineKind]).sort()
const soonOf = (v: DashboardView) => v.overdue.dueSoon.items.map((i) => [i.caseId, i.deadlineKind]).sort()

/** What the fold gives by hand at each instant (so the comparisons below are with the rule, not with anything). */
const byHand = (view: DashboardView, asOf: string): void => {
  const ms = Date.parse(asOf)
  const dayPast = ms >= Date.parse(MIDNIGHT)
  const hourPast = ms > Date.parse(HOUR_DEADLINE)
  expect({ asOf, result: view.overdue.byKind.result, acknowledge: view.overdue.byKind.acknowledge }).toEqual({ asOf, result: dayPast ? 2 : 0, acknowledge: hourPast ? 1 : 0 })
  if (!dayPast && ms >= Date.parse(DAY_DEADLINE)) expect(soonOf(view)).toEqual(expect.arrayContaining([[midnightId(1), 'result'], [midnightId(4), 'result']]))
  if (dayPast) expect(overdueOf(view)).toEqual(expect.arrayContaining([[midnightId(1), 'result'], [midnightId(4), 'result']]))
}

const filtersAt = (asOf: string): DashboardFilter[] => [
  { jurisdiction: 'hohhot', asOf },
  { jurisdiction: MIDNIGHT_PLACE, asOf, ...MARCH },
  { jurisdiction: 'hohhot', asOf, from: '2026-03-05T00:00:00+08:00', to: '2026-03-06T00:00:00+08:00' },
]

const compare = async (model: DashboardReadModel, log: readonly RecordedEvent[], instants: readonly string[]): Promise<void> => {
  const reference = replay(dashboardProjection, log)
  for (const asOf of instants) {
    byHand(dashboardView(reference, { jurisdiction: 'hohhot', asOf }), asOf)
    for (const filter of filtersAt(asOf)) {
      const want = dashboardView(reference, filter)
      const got = await model.view(filter)
      expect({ filter, overdue: got?.overdue, rates: got?.rates, units: got?.units }).toEqual({ filter, overdue: want.overdue, rates: want.rates, units: want.units })
    }
    // The 考核 figures (rankings and trends) read the same deadlines: overdue now, late rounds by day and month.
    const periods = [MARCH, { from: '2026-03-05T00:00:00+08:00', to: '2026-03-06T00:00:00+08:00' }]
    const figures = await model.figures?.({ jurisdiction: 'hohhot/saihan', places: ['hohhot/saihan', MIDNIGHT_PLACE], periods, asOf })
    if (figures === undefined) continue
    for (const place of ['hohhot/saihan', MIDNIGHT_PLACE]) {
      for (const [i, p] of periods.entries()) {
        const v = dashboardView(reference, { jurisdiction: place, ...p, asOf, depth: 0 })
        expect({ asOf, place, ...p, figures: figures.get(place)?.[i] }).toEqual({
          asOf, place, ...p, figures: { counts: { complaint: v.counts.complaint, dispute: v.counts.dispute }, rates: v.rates, overdue: { byKind: v.overdue.byKind } },
        })
      }
    }
  }
}

/** The whole log applied, each event its own batch, as a model kept before would hold it: compared as it stands. */
export const checkMidnightKept = async (model: DashboardReadModel): Promise<void> => compare(model, sealLog(midnightDrafts()), AFTER_SUMMONS)

export const checkMidnightDashboard = async (model: DashboardReadModel): Promise<void> => {
  const log = sealLog(midnightDrafts())
  const beforeSummons = log.slice(0, -1)
  // The log up to 2's dispatch, in one batch: the watermark at 21:00.
  await model.reset()
  await model.apply(beforeSummons)
  await compare(model, beforeSummons, BEFORE_SUMMONS)
  // The whole log in one batch, then each event its own: the watermark at 23:59:59.500, 1's deadlines written then, 4's
  // counted as falling due between the watermarks.
  await model.reset()
  await model.apply(log)
  await compare(model, log, AFTER_SUMMONS)
  await model.reset()
  for (const event of log) await model.apply([event])
  await compare(model, log, AFTER_SUMMONS)
}

const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

/** The list's overdue filter and flag through the last second of the day; `fresh`: reset and apply the log first. */
export const checkMidnightCaseList = async (model: CaseListReadModel, fresh = true): Promise<void> => {
  if (fresh) {
    await model.reset()
    await model.apply(sealLog(midnightDrafts()))
  }
  const listed = async (iso: string, overdue: boolean) =>
    (await model.list({ kind: 'complaints', actor: operator, now: Date.parse(iso), overdue, limit: 10 })).items.map((i) => [i.caseId, i.overdue]).sort()
  // 2's 签收 (an hour deadline) is overdue 500 ms after it; 1's and 4's 办结 not before 24:00.
  expect(await listed(at(HOUR_DEADLINE, 500), true)).toEqual([[midnightId(2), true]])
  for (const iso of [LAST_HALF_SECOND, at(DAY_DEADLINE, 999)]) {
    expect(await listed(iso, true)).toEqual([[midnightId(2), true]])
    expect(await listed(iso, false)).toEqual([[midnightId(1), false], [midnightId(4), false]])
  }
  expect(await listed(MIDNIGHT, true)).toEqual([[midnightId(1), true], [midnightId(2), true], [midnightId(4), true]])
  expect(await listed(MIDNIGHT, false)).toEqual([])
}

/**
 * Instants at which a dashboard's answer turns on how a deadline closes: for each deadline running after the latest
 * event, half a second after it (a day deadline not yet overdue, an hour deadline overdue) and a second after it (both
 * overdue). For a property's generated `asOf`.
 */
export const closingInstants = (reference: { readonly cases: ReadonlyMap<string, CaseRow> }, lastAt: number): string[] => {
  const out = new Set<number>()
  for (const row of reference.cases.values()) {
    for (const d of runningDeadlines(row)) if (d.deadline >= lastAt) for (const ms of [500, 1000]) out.add(d.deadline + ms)
  }
  return [...out].sort((a, b) => a - b).map((ms) => new Date(ms).toISOString())
}
