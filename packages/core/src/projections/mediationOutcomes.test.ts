import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { mediationOutcomesDrafts, MEDIATION_OUTCOMES_PLACE } from './fixtures.js'
import { replay } from './projection.js'

// The log of fixtures.ts ("Mediation outcomes"): seven disputes, each accepted 03-02 09:00 China time. Every figure
// below is counted by hand from that log, the arithmetic in the comments.
const state = replay(dashboardProjection, sealLog(mediationOutcomesDrafts()))
const at = (day: string, time = '00:00') => `2026-${day}T${time}:00+08:00`
const MARCH = { from: at('03-01'), to: at('04-01') }
const APRIL = { from: at('04-01'), to: at('05-01') }
const END = at('04-30')
const mediationOf = (filter: { from?: string; to?: string; asOf: string }) => dashboardView(state, { jurisdiction: MEDIATION_OUTCOMES_PLACE, ...filter }).mediation

describe('mediation success rate overall: one outcome per dispute, its final one (DOMAIN.md "Dashboards")', () => {
  const overall = (filter: { from?: string; to?: string; asOf: string }) => {
    const m = mediationOf(filter)
    return { agreements: m.agreements, failures: m.failures, concluded: m.concluded, successRate: m.successRate, meanDaysToConclude: m.meanDaysToConclude }
  }
  interface Expected { readonly agreements: number; readonly failures: number; readonly concluded: number; readonly successRate: number; readonly meanDaysToConclude: number }
  const cases: readonly { readonly name: string; readonly filter: { from?: string; to?: string; asOf: string }; readonly expected: Expected }[] = [
    {
      // Final outcomes in March, as of 04-30: o1 agreed 03-12 (10 days; its people's failure 03-05 is not a second
      // outcome), o2 failed 03-09 (7), o5 failed 03-31 (29; its agreement 03-04 was rejected by the court and mediation
      // went on), o6 agreed 03-10 (8), o7 agreed 03-03 (1). o3 is mediating on the judicial track: not concluded. o4's
      // final outcome is its agreement of 04-08: April's, not March's. → 3 agreements / 5 concluded = 0.6;
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
