import { deadlineClosesMs } from '@gridcase/core/calendar'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CLOSES_WITHIN_MS, lateRange } from './overdueRows.js'

describe('lateRange: one lower and one upper bound on the deadline, the same late rounds as the two of each it replaced', () => {
  // The rows a read of late rounds counts, as the statement had it before lateRange (sqliteDashboard's lateIn and figures):
  // deadline < asOf AND closes <= asOf AND deadline >= from AND deadline < to [AND deadline > watermark - CLOSES_WITHIN_MS
  // AND closes > watermark], against the one it has now: deadline in lateRange's [from, to) AND closes <= asOf [AND closes
  // > watermark]. They agree only because a deadline closes within CLOSES_WITHIN_MS of it (core's deadlineClosesMs: a day
  // deadline, 23:59:59 China time, at 24:00, a second after; any other a millisecond after): a deadline exactly
  // CLOSES_WITHIN_MS before the watermark, which the new lower bound admits, closes at or before the watermark.
  const before = (d: number, range: { from: number; to: number }, asOf: number, watermark: number | undefined): boolean => {
    const closes = deadlineClosesMs(d)
    return d < asOf && closes <= asOf && d >= range.from && d < range.to && (watermark === undefined || (d > watermark - CLOSES_WITHIN_MS && closes > watermark))
  }
  const now = (d: number, range: { from: number; to: number }, asOf: number, watermark: number | undefined): boolean => {
    const closes = deadlineClosesMs(d)
    const walk = lateRange(range, asOf, watermark)
    return d >= walk.from && d < walk.to && closes <= asOf && (watermark === undefined || closes > watermark)
  }
  // China midnights of March 2026 and instants around them: a day deadline (23:59:59.000 China time) and the watermark a
  // second after it, at its 24:00, a millisecond off; hour deadlines a millisecond either side.
  const MIDNIGHT = Date.parse('2026-03-01T00:00:00+08:00')
  const around = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1001, -1000, -999, -2, -1, 0, 1, 2, 999, 1000, 1001)).map(([day, off]) => MIDNIGHT + day * 86_400_000 + off)
  const instant = fc.oneof(around, fc.integer({ min: MIDNIGHT - 86_400_000, max: MIDNIGHT + 4 * 86_400_000 }))
  const bound = (open: number) => fc.oneof(instant, fc.constant(open))
  it('admits a deadline exactly when the two bounds of each did, at a day deadline’s 24:00, for a fresh model (no watermark) and an asOf before the watermark', () => {
    fc.assert(
      fc.property(instant, bound(Number.NEGATIVE_INFINITY), bound(Number.POSITIVE_INFINITY), bound(Number.POSITIVE_INFINITY), fc.option(bound(Number.NEGATIVE_INFINITY), { nil: undefined }), (d, from, to, asOf, watermark) => {
        const range = { from, to }
        expect({ d, range, asOf, watermark, counted: now(d, range, asOf, watermark) }).toEqual({ d, range, asOf, watermark, counted: before(d, range, asOf, watermark) })
      }),
      { numRuns: 20_000 },
    )
  })
  it('a day deadline a second before the watermark: admitted by the new lower bound, left out by its closing at the watermark', () => {
    const deadline = Date.parse('2026-03-02T23:59:59+08:00')
    const watermark = Date.parse('2026-03-03T00:00:00+08:00')
    const range = { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY }
    expect(lateRange(range, watermark + 5000, watermark)).toEqual({ from: deadline, to: watermark + 5000 })
    expect(before(deadline, range, watermark + 5000, watermark)).toBe(false)
    expect(now(deadline, range, watermark + 5000, watermark)).toBe(false)
    // An hour deadline at the watermark closes a millisecond after it: counted; one a millisecond before, at it: not.
    expect([before(watermark, range, watermark + 5000, watermark), now(watermark, range, watermark + 5000, watermark)]).toEqual([true, true])
    expect([before(watermark - 1, range, watermark + 5000, watermark), now(watermark - 1, range, watermark + 5000, watermark)]).toEqual([false, false])
  })
})
