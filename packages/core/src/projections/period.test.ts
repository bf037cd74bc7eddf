import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { PeriodCodec, periodOf } from './period.js'

describe('assessment periods (考核周期), China time', () => {
  it.each([
    // name, from, to (the first instant after it) — worked out by hand.
    ['2026-03', '2026-03-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00'],
    ['2026-12', '2026-12-01T00:00:00+08:00', '2027-01-01T00:00:00+08:00'],
    ['2026-Q1', '2026-01-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00'],
    ['2026-Q4', '2026-10-01T00:00:00+08:00', '2027-01-01T00:00:00+08:00'],
    ['2026', '2026-01-01T00:00:00+08:00', '2027-01-01T00:00:00+08:00'],
  ])('%s runs from %s to %s', (name, from, to) => {
    expect(periodOf(name)).toMatchObject({ name, from, to })
  })
  it('refuses what is not a period', () => {
    for (const name of ['2026-13', '2026-00', '2026-Q5', '26', '2026-3', '2026-03-01']) expect(E.isLeft(PeriodCodec.decode(name))).toBe(true)
  })
})
