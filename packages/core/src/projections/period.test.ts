import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { daysUpTo, monthsUpTo, PeriodCodec, periodOf } from './period.js'

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
  it('refuses a period ending after 9999, whose `to` (10000-01-01) is no ISO timestamp; takes the last that ends by then', () => {
    for (const name of ['9999', '9999-Q4', '9999-12']) expect(periodOf(name), name).toBeUndefined()
    expect(periodOf('9999-11')).toMatchObject({ to: '9999-12-01T00:00:00+08:00' })
    expect(periodOf('9998')).toMatchObject({ to: '9999-01-01T00:00:00+08:00' })
  })
})

describe('trend windows', () => {
  it('12 months up to the China month of an instant, oldest first', () => {
    // 2026-11-30T17:00Z is 2026-12-01 01:00 in China: the last month is 2026-12, the first 2026-01.
    const months = monthsUpTo('2026-11-30T17:00:00.000Z', 12)
    expect(months.map((m) => m.name)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'])
    // Across a year: 3 months up to 2027-01-15 are 2026-11, 2026-12, 2027-01.
    expect(monthsUpTo('2027-01-15T00:00:00+08:00', 3).map((m) => m.name)).toEqual(['2026-11', '2026-12', '2027-01'])
  })
  it('days up to the China day of an instant, each from 00:00 to the next 00:00 China time', () => {
    // 2026-02-28T16:30Z is 2026-03-01 00:30 in China; 2026 is no leap year, so the day before is 02-28.
    expect(daysUpTo('2026-02-28T16:30:00.000Z', 2)).toEqual([
      { date: '2026-02-28', from: '2026-02-28T00:00:00+08:00', to: '2026-03-01T00:00:00+08:00' },
      { date: '2026-03-01', from: '2026-03-01T00:00:00+08:00', to: '2026-03-02T00:00:00+08:00' },
    ])
  })
})
