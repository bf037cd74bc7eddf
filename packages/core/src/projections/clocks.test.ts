import { describe, expect, it } from 'vitest'
import { sealLog, type EventDraft } from '../audit/sealedLog.js'
import { dashboardProjection, dashboardView, type DashboardView } from './dashboard.js'
import { arrivalRoundDrafts, clocksId as id, failedReferralDrafts, failedReferralId as fid, rebasedWindowDrafts, unacknowledgedDrafts } from './fixtures.js'
import { replay } from './projection.js'

// When a clock stops and where its 临期 window starts (DOMAIN.md "Time", "Dashboards"). Each log (fixtures.ts) is
// replayed as it stood at the time asked (its events up to then), the dashboard read for March 2026 (China time) as of
// then; every expected figure is worked out by hand from the times in fixtures.ts.
const viewAt = (drafts: readonly EventDraft[], asOf: string, period = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }): DashboardView =>
  dashboardView(replay(dashboardProjection, sealLog(drafts.filter((d) => Date.parse(d.at) <= Date.parse(asOf)))), { jurisdiction: 'hohhot', ...period, asOf })
const at = (day: string, time: string, year = 2026) => `${year}-${day}T${time}:00+08:00`
const unitOf = (view: DashboardView, unitId: string) => view.units.find((u) => u.unit.id === unitId)
const listed = (items: DashboardView['overdue']['items']) => items.map((i) => [i.caseId, i.deadlineKind, i.unitId])

describe('a summoned department’s 报到 ends with its round (退单, 重办): no longer overdue, its lateness still counted', () => {
  // [case, as of, department, 报到 due in March, on time, its overdue.arrival, the overdue list's 报到 items]
  const cases: [number, string, string, number, number, number, unknown[]][] = [
    // 1: due 03-04 23:59, round 1 ends by 重办 03-06 10:00. On 03-05 the round still runs: overdue, and due and late.
    [1, at('03-05', '12:00'), 'saihan-housing', 1, 0, 1, [[id(1), 'arrival', 'saihan-housing']]],
    // … after the 重办 housing can no longer report: off the list, still due and late (its deadline passed in its round).
    [1, at('03-10', '12:00'), 'saihan-housing', 1, 0, 0, []],
    // 2: due 03-07 23:59, its round ended 03-06 10:00, before it: neither due nor on time, then or later.
    [2, at('03-06', '12:00'), 'saihan-environment', 0, 0, 0, []],
    [2, at('03-10', '12:00'), 'saihan-environment', 0, 0, 0, []],
  ]
  it.each(cases)('case %i as of %s: %s', (n, asOf, unitId, due, onTime, overdueArrival, items) => {
    const view = viewAt(arrivalRoundDrafts().filter((d) => d.streamId === `complaint-${id(n)}`), asOf)
    const unit = unitOf(view, unitId)
    expect({ due: unit?.arrivals.due ?? 0, onTime: unit?.arrivals.onTime ?? 0, overdue: unit?.overdue.arrival ?? 0 }).toEqual({ due, onTime, overdue: overdueArrival })
    expect(listed(view.overdue.items).filter(([, kind]) => kind === 'arrival')).toEqual(items)
    expect(view.overdue.byKind.arrival).toBe(items.length)
  })
})

describe('a 签收 never given: due and late whatever became of the case; listed overdue until the round ends', () => {
  // [as of, c1's dispatches due in March, 签收 on time, rate, results due, on time, the overdue list]
  const cases: [string, number, number, number | null, number, number, unknown[]][] = [
    // Referred 03-04 09:00, the 签收 (due 03-03 10:00) missed: a referred case stays on the list until its dispute concludes.
    [at('03-06', '12:00'), 1, 0, 0, 0, 0, [[id(3), 'acknowledge', 'wulan-c1']]],
    // Concluded 03-10 10:00: the round's result (on time against 03-23 18:00); the 签收 can never come: off the list, still late.
    [at('03-10', '12:00'), 1, 0, 0, 1, 1, []],
    // Closed 03-11 09:00: the same figures (closing never scores better).
    [at('03-11', '12:00'), 1, 0, 0, 1, 1, []],
  ]
  it.each(cases)('as of %s', (asOf, dispatched, ackOnTime, rate, results, resultsOnTime, items) => {
    const view = viewAt(unacknowledgedDrafts(), asOf)
    const c1 = unitOf(view, 'wulan-c1')
    expect({ dispatched: c1?.dispatched, ackOnTime: c1?.acknowledgedOnTime, rate: c1?.onTimeAcknowledgementRate, results: c1?.results, resultsOnTime: c1?.resultsOnTime }).toEqual({
      dispatched, ackOnTime, rate, results, resultsOnTime,
    })
    expect({ dispatched: view.rates.dispatched, acknowledgedOnTime: view.rates.acknowledgedOnTime }).toEqual({ dispatched, acknowledgedOnTime: ackOnTime })
    expect(listed(view.overdue.items)).toEqual(items)
    expect(c1?.overdue.acknowledge).toBe(items.length)
  })
})

describe('a re-based deadline keeps its 临期 window from when it was set; an extension starts a fresh one', () => {
  // Each 办结 deadline in force is 2027-01-09 24:00. Case 4's and 5's windows run from dispatch (2026-12-20 10:00):
  // 20 d 14 h; case 6's from its extension (01-04 10:00): 5 d 14 h. Due soon: at most 20% of the window left.
  // [as of, the result deadlines due soon]
  const cases: [string, unknown[]][] = [
    // 4 d 12 h left: 21.9% of 20 d 14 h (4, 5); 80.6% of 5 d 14 h (6).
    [at('01-05', '12:00', 2027), []],
    // 3 d 12 h left: 17.0% (4, 5); 62.7% (6). Re-based on 01-05, case 4's window is still its dispatch's.
    [at('01-06', '12:00', 2027), [id(4), id(5)]],
    // 2 d 12 h left: 12.1% (4, 5); 44.8% (6).
    [at('01-07', '12:00', 2027), [id(4), id(5)]],
    // 12 h left: 2.4% (4, 5); 9.0% (6).
    [at('01-09', '12:00', 2027), [id(4), id(5), id(6)]],
  ]
  it.each(cases)('as of %s', (asOf, due) => {
    const view = viewAt(rebasedWindowDrafts(), asOf, { from: '2027-01-01T00:00:00+08:00', to: '2027-02-01T00:00:00+08:00' })
    const soon = view.overdue.dueSoon.items.filter((i) => i.deadlineKind === 'result')
    expect(soon.map((i) => i.caseId)).toEqual(due)
    for (const i of view.overdue.dueSoon.items) expect(i.deadline).toBe('2027-01-09T15:59:59.000Z')
    expect(view.overdue.items).toEqual([])
  })
  // The disputes' mediation deadlines, accepted 2026-12-20 10:00 (the same 20 d 14 h): 7 re-based on 01-05 as 4 was.
  const disputes: [string, unknown[]][] = [
    [at('01-05', '12:00', 2027), []],
    [at('01-06', '12:00', 2027), [id(7), id(8)]],
  ]
  it.each(disputes)('a dispute’s mediation deadline, as of %s', (asOf, due) => {
    const view = viewAt(rebasedWindowDrafts(), asOf, { from: '2027-01-01T00:00:00+08:00', to: '2027-02-01T00:00:00+08:00' })
    expect(view.overdue.dueSoon.items.filter((i) => i.deadlineKind === 'mediation').map((i) => i.caseId)).toEqual(due)
  })
})

describe('the saved dashboard', () => {
  it('is rebuilt from a snapshot of the format before (/6), whose 报到 clocks did not end with their round', () => {
    const state = replay(dashboardProjection, sealLog(arrivalRoundDrafts()))
    const saved = dashboardProjection.encode?.(state) as { format: string; cases: [string, { clocks?: object[] }][] }
    expect(dashboardProjection.decode?.(saved)).toBeDefined()
    // What /6 kept: the 报到 clocks still open after the 重办.
    const clocks = (row: { clocks?: object[] }) => row.clocks?.map((c) => ({ ...c, doneAt: undefined, ended: undefined }))
    const before = { ...saved, format: 'gridcase-dashboard/6', cases: saved.cases.map(([k, row]) => [k, { ...row, clocks: clocks(row) }]) }
    expect(dashboardProjection.decode?.(before)).toBeUndefined()
  })
  it('is rebuilt from a snapshot of the format before (/8), whose failed referrals had stopped their accept clocks', () => {
    const saved = JSON.parse(JSON.stringify(dashboardProjection.encode?.(replay(dashboardProjection, sealLog(failedReferralDrafts()))))) as { format: string }
    expect(dashboardProjection.decode?.(saved)).toBeDefined()
    expect(dashboardProjection.decode?.({ ...saved, format: 'gridcase-dashboard/8' })).toBeUndefined()
  })
})

describe('a failed referral: the case is back on the clocks it was referred from, as if the referral had not stopped them', () => {
  // f1, f2 (fixtures.ts): 受理 by 03-17 24:00, its window 03-02 09:00 → 03-18 00:00 = 375 h (临期: at most 75 h left);
  // referred 03-05 09:00 from `registered`, the referral failed 03-09 09:00. f3, f4: 办结 by 03-06 24:00, counted from
  // acceptance (01-05 09:00): a window of 1,455 h (临期: at most 291 h left); referred from `accepted` 02-10 09:00, failed
  // 02-12 09:00. [case, as of, the overdue list, the due-soon list, March's results due, on time]
  const cases: [number, string, unknown[], unknown[], number, number][] = [
    // While referred, nothing is left to accept (the referral takes the case up) and its own 办结 (05-06) is far off.
    [2, at('03-06', '12:00'), [], [], 0, 0],
    // Back to `registered`: awaiting acceptance again, on the deadline counted from registration (36 h left, 12 h).
    [2, at('03-16', '12:00'), [], [[fid(2), 'accept', undefined]], 0, 0],
    [2, at('03-17', '12:00'), [], [[fid(2), 'accept', undefined]], 0, 0],
    // The day after: overdue (the days spent waiting on the referral are not excused).
    [2, at('03-18', '12:00'), [[fid(2), 'accept', undefined]], [], 0, 0],
    // Never accepted: still overdue on its acceptance; the referral's 办结 (05-06, counted from the referral that did not
    // take the case up) ended with the referral.
    [2, at('05-07', '12:00', 2026), [[fid(2), 'accept', undefined]], [], 0, 0],
    [1, at('03-18', '12:00'), [[fid(1), 'accept', undefined]], [], 0, 0],
    // Accepted late 03-19 10:00: the clock is met (late), off the list.
    [1, at('03-19', '12:00'), [], [], 0, 0],
    // Back to `accepted`: the handling deadline counted from acceptance runs on, no unit's, as while referred.
    [3, at('02-13', '12:00'), [], [], 0, 0],
    [3, at('03-05', '12:00'), [], [[fid(3), 'result', undefined]], 0, 0],
    [3, at('03-06', '12:00'), [], [[fid(3), 'result', undefined]], 0, 0],
    [3, at('03-07', '12:00'), [[fid(3), 'result', undefined]], [], 1, 0],
    // Dispatched 03-09 10:00: the round has the same deadline, the unit's now: counted once.
    [3, at('03-09', '12:00'), [[fid(3), 'result', 'wulan-street']], [], 1, 0],
    // Referred again 02-20: the first referral's clock ended with its failure (not met); the second's runs on, late.
    [4, at('03-07', '12:00'), [[fid(4), 'result', undefined]], [], 1, 0],
    [4, at('03-10', '12:00'), [], [], 1, 0],
    // Re-based while referred to 03-18 24:00: resumed on it (12 h left of 399 h from registration: due soon), then overdue.
    [5, at('03-18', '12:00'), [], [[fid(5), 'accept', undefined]], 0, 0],
    [5, at('03-19', '12:00'), [[fid(5), 'accept', undefined]], [], 0, 0],
  ]
  it.each(cases)('f%i as of %s', (n, asOf, overdue, dueSoon, results, resultsOnTime) => {
    const view = viewAt(failedReferralDrafts().filter((d) => d.streamId === `complaint-${fid(n)}`), asOf)
    expect(listed(view.overdue.items)).toEqual(overdue)
    expect(listed(view.overdue.dueSoon.items)).toEqual(dueSoon)
    expect(view.overdue.byKind.accept + view.overdue.byKind.result).toBe(overdue.length)
    expect({ results: view.rates.results, resultsOnTime: view.rates.resultsOnTime }).toEqual({ results, resultsOnTime })
  })
})
