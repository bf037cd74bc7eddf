import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { caseFacts } from './facts.js'
import { concludedMs, meanDaysOf } from './mediation.js'
import type { CaseRow, Conclusion } from './summaries.js'
import { sealLog } from '../audit/sealedLog.js'
import { dashboardProjection } from './dashboard.js'
import { callbacksInPeriodsDrafts, disputePeriodsDrafts, everyKindDrafts, mediationOutcomesDrafts, mediationOutcomesId, rateWeightsDrafts } from './fixtures.js'
import { replay } from './projection.js'

// The days a mediation took, as the fold computes them: (conclusion − acceptance) / 86,400,000 of two whole-millisecond
// times. A read model sums them per key, a page at a time or event by event: the sum must not depend on the order.
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const conclusion = (ms: number): Conclusion => ({ at: 1_000_000 + ms, track: 'people', agreed: true, days: ms / DAY_MS })

describe('the time to conclude is summed in whole milliseconds, the same in any order', () => {
  it('1 h, 1 h and 4 h: as fractions of days the two orders differ in the last bit; in milliseconds both are 6 h, the mean 2 h = 1/12 day', () => {
    const [a, b, c] = [HOUR_MS, HOUR_MS, 4 * HOUR_MS].map(conclusion) as [Conclusion, Conclusion, Conclusion]
    // Why: 1/24 + 1/24 + 4/24 added left to right is 0.25, right to left 0.24999999999999997.
    expect(a.days + b.days + c.days).not.toBe(a.days + (b.days + c.days))
    // The figures' way: 3,600,000 + 3,600,000 + 14,400,000 = 21,600,000 ms in either order.
    expect(concludedMs(a) + concludedMs(b) + concludedMs(c)).toBe(21_600_000)
    expect(concludedMs(a) + (concludedMs(b) + concludedMs(c))).toBe(21_600_000)
    // 21,600,000 / 86,400,000 = 0.25 day over 3 conclusions = 1/12 day.
    expect(meanDaysOf(21_600_000, 3)).toBe(1 / 12)
    expect(meanDaysOf(0, 0)).toBeNull()
  })

  it('a dispute’s facts carry the whole milliseconds its conclusions took (what the read models sum)', () => {
    // fixtures.ts "Mediation outcomes": o1 accepted 03-02 09:00, failed on the people's track 03-05 and agreed 03-12,
    // each at 09:00 China time: 3 and 10 days, 259,200,000 and 864,000,000 ms; its overall outcome is the failure until
    // its transfer (03-06), then the agreement: an outcome fact for each, with the same milliseconds.
    const state = replay(dashboardProjection, sealLog(mediationOutcomesDrafts()))
    const o1 = [...state.cases.values()].find((row) => row.caseId === mediationOutcomesId(1))
    const facts = caseFacts(o1 as CaseRow)
    const valueOf = (prefix: string) => facts.filter((f) => f.key.startsWith(prefix)).map((f) => f.value)
    expect(valueOf('concluded')).toEqual([259_200_000, 864_000_000])
    expect(valueOf('outcome\u001f')).toEqual([259_200_000, 864_000_000])
  })

  it('any whole-millisecond durations, in any order: the sum of concludedMs is their exact sum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 * DAY_MS }), { minLength: 1, maxLength: 40 }), fc.integer(), (durations, seed) => {
        const exact = durations.reduce((s, d) => s + d, 0)
        const shuffled = [...durations].sort((x, y) => ((x ^ seed) % 7) - ((y ^ seed) % 7) || x - y)
        expect(durations.reduce((s, d) => s + concludedMs(conclusion(d)), 0)).toBe(exact)
        expect(shuffled.reduce((s, d) => s + concludedMs(conclusion(d)), 0)).toBe(exact)
      }),
    )
  })

  // The SQLite and PostgreSQL dashboards read a span of most of a month's days as the month's kept sums less its other
  // days' (adapters' countSpans): exact only while every sum is of whole numbers. A fact valued in fractions (days as a
  // fraction, a weight) would make those reads drift from a replay by the last bit.
  it('every fact of every case in the fixtures is valued in whole numbers (counts 0, durations in whole milliseconds)', () => {
    for (const drafts of [everyKindDrafts, mediationOutcomesDrafts, disputePeriodsDrafts, callbacksInPeriodsDrafts, rateWeightsDrafts]) {
      const state = replay(dashboardProjection, sealLog(drafts()))
      const values = [...state.cases.values()].flatMap((row) => caseFacts(row).map((f) => f.value))
      expect(values.length).toBeGreaterThan(0)
      expect(values.filter((v) => !Number.isSafeInteger(v))).toEqual([])
    }
    // Some are durations, not all 0: the check reads real values.
    expect(caseFacts([...replay(dashboardProjection, sealLog(mediationOutcomesDrafts())).cases.values()][0] as CaseRow).some((f) => f.value > 0)).toBe(true)
  })
})
