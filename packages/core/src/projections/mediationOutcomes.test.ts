import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { DISPUTE_PERIODS_PLACE, disputePeriodsDrafts, mediationOutcomesDrafts, MEDIATION_OUTCOMES_PLACE } from './fixtures.js'
import { replay } from './projection.js'

// The log of fixtures.ts ("Mediation outcomes"): seven disputes, each accepted 03-02 09:00 China time. Every figure
// below is counted by hand from that log, the arithmetic in the comments.
const state = replay(dashboardProjection, sealLog(mediationOutcomesDrafts()))
const at = (day: string, time = '00:00') => `2026-${day}T${time}:00+08:00`
const MARCH = { from: at('03-01'), to: at('04-01') }
const APRIL = { from: at('04-01'), to: at('05-01') }
const END = at('04-30')
const mediationOf = (filter: { from?: string; to?: string; asOf: string }) => dashboardView(state, { jurisdiction: MEDIATION_OUTCOMES_PLACE, ...filter }).mediation

describe('mediation success rate overall: one outcome per dispute, as of the period\'s end (DOMAIN.md "Dashboards")', () => {
  const overall = (filter: { from?: string; to?: string; asOf: string }) => {
    const m = mediationOf(filter)
    return { agreements: m.agreements, failures: m.failures, concluded: m.concluded, successRate: m.successRate, meanDaysToConclude: m.meanDaysToConclude }
  }
  interface Expected { readonly agreements: number; readonly failures: number; readonly concluded: number; readonly successRate: number; readonly meanDaysToConclude: number }
  const cases: readonly { readonly name: string; readonly filter: { from?: string; to?: string; asOf: string }; readonly expected: Expected }[] = [
    {
      // Outcomes as of March's end, made in March (the same as of 04-30): o1 agreed 03-12 (10 days; its people's failure
      // 03-05 is not a second outcome), o2 failed 03-09 (7), o5 failed 03-31 (29; its agreement 03-04 was rejected by the
      // court and mediation went on), o6 agreed 03-10 (8), o7 agreed 03-03 (1). o3 is mediating on the judicial track:
      // not concluded. o4 failed 03-25 and was transferred 03-27, mediating at March's end; its agreement of 04-08 is
      // April's. → 3 agreements / 5 concluded = 0.6;
      // mean days (10 + 7 + 29 + 8 + 1) / 5 = 55 / 5 = 11.
      name: 'March, as of 04-30',
      filter: { ...MARCH, asOf: END },
      expected: { agreements: 3, failures: 2, concluded: 5, successRate: 3 / 5, meanDaysToConclude: 11 },
    },
    {
      // April: o4 agreed 04-08 (37 days: 03-02 → 04-08), after failing in March (counted once, here). → 1 / 1.
      name: 'April, as of 04-30',
      filter: { ...APRIL, asOf: END },
      expected: { agreements: 1, failures: 0, concluded: 1, successRate: 1, meanDaysToConclude: 37 },
    },
    {
      // As of 03-26 12:00: o4 failed 03-25 and is not transferred yet (03-27): a failure (23 days). o5 agreed 03-04 but
      // is mediating again on the administrative track (since 03-17): not concluded. o1 agreed (10), o2 failed (7),
      // o6 agreed (8), o7 agreed (1; the court's refusal does not undo the agreement), o3 mediating. → agreements
      // o1, o6, o7 = 3; failures o2, o4 = 2; 3 / 5; mean (10 + 7 + 23 + 8 + 1) / 5 = 49 / 5 = 9.8.
      name: 'March, as of 03-26 12:00 (o4 failed, not yet transferred)',
      filter: { ...MARCH, asOf: at('03-26', '12:00') },
      expected: { agreements: 3, failures: 2, concluded: 5, successRate: 3 / 5, meanDaysToConclude: 49 / 5 },
    },
    {
      // As of 03-05 12:00: o1 failed 03-05 09:00 (3 days), still on the people's track; o5 agreed 03-04 (2), o7 agreed
      // 03-03 (1). → 2 / 3; mean (3 + 2 + 1) / 3 = 2.
      name: 'March, as of 03-05 12:00 (o1 failed, not yet transferred)',
      filter: { ...MARCH, asOf: at('03-05', '12:00') },
      expected: { agreements: 2, failures: 1, concluded: 3, successRate: 2 / 3, meanDaysToConclude: 2 },
    },
    {
      // As of 03-12 12:00: o1 transferred 03-06 and agreed 03-12 09:00 (10 days) — the reproduction: failed on the
      // people's track, agreed on the administrative one: one dispute, one success. o2 failed 03-09 (7), o5 agreed
      // (2), o6 agreed 03-10 (8), o7 agreed (1). → 4 / 5; mean (10 + 7 + 2 + 8 + 1) / 5 = 28 / 5 = 5.6.
      name: 'no period, as of 03-12 12:00',
      filter: { asOf: at('03-12', '12:00') },
      expected: { agreements: 4, failures: 1, concluded: 5, successRate: 4 / 5, meanDaysToConclude: 28 / 5 },
    },
    {
      // Whole log, as of 04-30: March's five and April's one. → 4 / 6; mean (55 + 37) / 6 = 92 / 6.
      name: 'no period, as of 04-30',
      filter: { asOf: END },
      expected: { agreements: 4, failures: 2, concluded: 6, successRate: 4 / 6, meanDaysToConclude: 92 / 6 },
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const got = overall(c.filter)
      expect({ ...got, successRate: null, meanDaysToConclude: null }).toEqual({ ...c.expected, successRate: null, meanDaysToConclude: null })
      expect(got.successRate).toBeCloseTo(c.expected.successRate, 12)
      expect(got.meanDaysToConclude).toBeCloseTo(c.expected.meanDaysToConclude, 12)
    })
  }

  it('keeps each track to its own attempts (every conclusion counted on the track that concluded it)', () => {
    const m = mediationOf({ ...MARCH, asOf: END })
    // People's, March: agreements o5 (2 days), o6 (8), o7 (1); failures o1 (3), o2 (7), o3 (18), o4 (23).
    // → 3 / 7; mean (2 + 8 + 1 + 3 + 7 + 18 + 23) / 7 = 62 / 7.
    expect(m.byTrack.people).toMatchObject({ agreements: 3, failures: 4, concluded: 7 })
    expect(m.byTrack.people.successRate).toBeCloseTo(3 / 7, 12)
    expect(m.byTrack.people.meanDaysToConclude).toBeCloseTo(62 / 7, 12)
    // Administrative, March: o1 agreed (10), o5 failed (29). → 1 / 2; mean 39 / 2 = 19.5.
    expect(m.byTrack.administrative).toMatchObject({ agreements: 1, failures: 1, concluded: 2, successRate: 0.5, meanDaysToConclude: 19.5 })
    expect(m.byTrack.judicial).toMatchObject({ concluded: 0, successRate: null })
  })
})

describe('overall, by period: each dispute\'s outcome as of the period\'s end, in the period of the conclusion that made it', () => {
  // The log of fixtures.ts ("A dispute's overall outcome by period"): six disputes accepted 03-02 09:00 China time;
  // q1–q4 fail on the people's track 03-10 (8 days). Each figure by hand; "until" below is when a conclusion stops being
  // the dispute's outcome (mediating again, or concluded again).
  const periods = replay(dashboardProjection, sealLog(disputePeriodsDrafts()))
  const LATE = at('12-31')
  const overallOf = (filter: { from?: string; to?: string; asOf: string }) => {
    const m = dashboardView(periods, { jurisdiction: DISPUTE_PERIODS_PLACE, ...filter }).mediation
    return { agreements: m.agreements, failures: m.failures, meanDaysToConclude: m.meanDaysToConclude }
  }
  const month = (m: string, next: string) => ({ from: at(`${m}-01`), to: at(`${next}-01`) })
  const table: readonly { readonly name: string; readonly filter: { from?: string; to?: string }; readonly agreements: number; readonly failures: number; readonly meanDays: number | null }[] = [
    // q1 failed (until its transfer 04-03: as of March's end it had failed) 8; q2 failed and was transferred 03-20 (as
    // of March's end it was mediating again): nothing; q3 failed 03-10 and agreed 03-20: one agreement (18), not a
    // failure too; q4 failed (until 04-03) 8. → 1 agreement, 2 failures; (8 + 18 + 8) / 3 = 34 / 3.
    { name: 'March', filter: month('03', '04'), agreements: 1, failures: 2, meanDays: 34 / 3 },
    // q2 agreed 04-15 (44), q5 agreed 04-20 (49); q1 and q4 were mediating at April's end and concluded nothing in it.
    // → 2 / 2; (44 + 49) / 2 = 46.5.
    { name: 'April', filter: month('04', '05'), agreements: 2, failures: 0, meanDays: 46.5 },
    // q1 agreed 05-12 (71). q4 was referred to litigation 05-06 without a conclusion: nothing concluded in May.
    { name: 'May', filter: month('05', '06'), agreements: 1, failures: 0, meanDays: 71 },
    // q6 failed 06-10 (100).
    { name: 'June', filter: month('06', '07'), agreements: 0, failures: 1, meanDays: 100 },
    // Q1 is March's (nothing in January or February).
    { name: 'Q1', filter: { from: at('01-01', '00:00'), to: at('04-01', '00:00') }, agreements: 1, failures: 2, meanDays: 34 / 3 },
    // As of 07-01: q1 agreed 05-12 (71), q2 agreed 04-15 (44), q5 agreed 04-20 (49), q6 failed 06-10 (100); q4's outcome
    // is its failure of 03-10 (litigation after, no conclusion), made in March: not Q2's. → 3 agreements, 1 failure;
    // (71 + 44 + 49 + 100) / 4 = 66.
    { name: 'Q2', filter: { from: at('04-01', '00:00'), to: at('07-01', '00:00') }, agreements: 3, failures: 1, meanDays: 66 },
    // As of the year's end each dispute's final outcome, its conclusion in the year: q1, q2, q3, q5 agreed (71, 44, 18,
    // 49), q4 failed (8: the administrative mediation ended in litigation with no conclusion, so its failure stands),
    // q6 failed (100). → 4 / 6; (71 + 44 + 18 + 8 + 49 + 100) / 6 = 290 / 6.
    { name: 'the year', filter: { from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' }, agreements: 4, failures: 2, meanDays: 290 / 6 },
    { name: 'all time', filter: {}, agreements: 4, failures: 2, meanDays: 290 / 6 },
    // March and April: as of 05-01 q1 and q4 are mediating (nothing); q2 (44), q3 (18), q5 (49) agreed. → 3 / 3; 111 / 3.
    { name: 'March–April', filter: month('03', '05'), agreements: 3, failures: 0, meanDays: 37 },
    // March to May: as of 06-01 q1 agreed (71), q4's outcome is its failure again (8: referred to litigation 05-06), made
    // in the period; q2 (44), q3 (18), q5 (49). → 4 agreements, 1 failure; 190 / 5 = 38.
    { name: 'March–May', filter: month('03', '06'), agreements: 4, failures: 1, meanDays: 38 },
    // Whole days, 03-01 to 03-20 00:00: q1, q2 (transferred 03-20 09:00, after the period), q4 failed (8 each); q3 was
    // mediating again at the end (transferred 03-12). → 0 / 3.
    { name: '03-01 to 03-20', filter: { from: at('03-01', '00:00'), to: at('03-20', '00:00') }, agreements: 0, failures: 3, meanDays: 8 },
    // Whole months and days, 03-01 to 05-10: as of 05-10 q1 is mediating; q4 failed (8, litigation 05-06); q2 (44), q3
    // (18), q5 (49) agreed. → 3 agreements, 1 failure; (44 + 18 + 49 + 8) / 4 = 119 / 4.
    { name: '03-01 to 05-10', filter: { from: at('03-01', '00:00'), to: at('05-10', '00:00') }, agreements: 3, failures: 1, meanDays: 119 / 4 },
    // Parts of days, 03-05 12:00 to 04-10 12:00: q1 and q4 mediating at the end, q2's failure made way for a transfer in
    // the period and its agreement is after it; q3 agreed 03-20 (18). → 1 / 1.
    { name: '03-05 12:00 to 04-10 12:00', filter: { from: at('03-05', '12:00'), to: at('04-10', '12:00') }, agreements: 1, failures: 0, meanDays: 18 },
  ]
  for (const row of table) {
    it(`${row.name}: ${row.agreements} agreed, ${row.failures} failed`, () => {
      const got = overallOf({ ...row.filter, asOf: LATE })
      expect({ agreements: got.agreements, failures: got.failures }).toEqual({ agreements: row.agreements, failures: row.failures })
      if (row.meanDays === null) expect(got.meanDaysToConclude).toBeNull()
      else expect(got.meanDaysToConclude).toBeCloseTo(row.meanDays, 12)
    })
  }

  it('a month, once over, keeps the figure it had at its end (as of its end = as of the end of the log)', () => {
    for (const [m, next] of [['03', '04'], ['04', '05'], ['05', '06'], ['06', '07']] as const) {
      const period = month(m, next)
      expect(overallOf({ ...period, asOf: period.to })).toEqual(overallOf({ ...period, asOf: LATE }))
    }
  })

  it('as of a time, answers with what was known then', () => {
    // As of 03-15: q1, q2, q4 had failed (8 each; q2's transfer is 03-20); q3 was mediating again (transferred 03-12).
    expect(overallOf({ ...month('03', '04'), asOf: at('03-15') })).toEqual({ agreements: 0, failures: 3, meanDaysToConclude: 8 })
    // As of 05-07, the year so far: q2, q3, q5 agreed (44, 18, 49); q4 failed (8: litigation 05-06); q1 mediating.
    expect(overallOf({ from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00', asOf: at('05-07') })).toEqual({ agreements: 3, failures: 1, meanDaysToConclude: 119 / 4 })
  })

  it('keeps each track to its own attempts, each in its own period', () => {
    const march = dashboardView(periods, { jurisdiction: DISPUTE_PERIODS_PLACE, ...month('03', '04'), asOf: LATE }).mediation
    // People's, March: q1–q4 failed (8 each). Administrative, March: q3 agreed (18).
    expect(march.byTrack.people).toMatchObject({ agreements: 0, failures: 4, concluded: 4, meanDaysToConclude: 8 })
    expect(march.byTrack.administrative).toMatchObject({ agreements: 1, failures: 0, concluded: 1, meanDaysToConclude: 18 })
    const q2 = dashboardView(periods, { jurisdiction: DISPUTE_PERIODS_PLACE, from: at('04-01', '00:00'), to: at('07-01', '00:00'), asOf: LATE }).mediation
    // People's, Q2: q5 agreed (49), q6 failed (100). Administrative, Q2: q2 (44), q1 (71) agreed.
    expect(q2.byTrack.people).toMatchObject({ agreements: 1, failures: 1, concluded: 2, meanDaysToConclude: 74.5 })
    expect(q2.byTrack.administrative).toMatchObject({ agreements: 2, failures: 0, concluded: 2, meanDaysToConclude: 57.5 })
  })
})

describe('司法确认: applied / accepted by the court / granted / rejected, each in the period it happened', () => {
  const cases: readonly { readonly name: string; readonly filter: { from?: string; to?: string; asOf: string }; readonly expected: { applied: number; accepted: number; granted: number; rejected: number } }[] = [
    // March: applied o5 (03-05), o7 (03-20), o6 (03-28) = 3; accepted o5 (03-06) = 1 (o7 refused 03-22: not accepted;
    // o6 accepted 04-01: April); granted none; rejected o5 (03-16) = 1.
    { name: 'March', filter: { ...MARCH, asOf: END }, expected: { applied: 3, accepted: 1, granted: 0, rejected: 1 } },
    // April: accepted o6 (04-01 09:00) = 1, granted o6 (04-10) = 1; nothing applied or rejected.
    { name: 'April', filter: { ...APRIL, asOf: END }, expected: { applied: 0, accepted: 1, granted: 1, rejected: 0 } },
    // April as of 04-05: o6 accepted 04-01, its ruling (04-10) not yet made.
    { name: 'April, as of 04-05', filter: { ...APRIL, asOf: at('04-05') }, expected: { applied: 0, accepted: 1, granted: 0, rejected: 0 } },
    // No period: 3 applied, 2 accepted (o5, o6), 1 granted (o6), 1 rejected (o5).
    { name: 'no period', filter: { asOf: END }, expected: { applied: 3, accepted: 2, granted: 1, rejected: 1 } },
  ]
  for (const c of cases) it(c.name, () => expect(mediationOf(c.filter).confirmations).toEqual(c.expected))
})

describe('the saved dashboard (snapshot)', () => {
  it('is not read back from the format before (/7), whose rows kept no court acceptances: it is rebuilt', () => {
    const saved = JSON.parse(JSON.stringify(dashboardProjection.encode?.(state))) as { format: string }
    expect(dashboardProjection.decode?.(saved)).toBeDefined()
    expect(dashboardProjection.decode?.({ ...saved, format: 'gridcase-dashboard/7' })).toBeUndefined()
  })
})
