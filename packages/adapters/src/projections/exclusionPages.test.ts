import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { exclusionsByCaseId, exclusionWalk, type ExclusionArm } from './exclusionPages.js'

describe('exclusionsByCaseId', () => {
  // The place's exclusions from day 0 to day 100 (ms of a day: 1 here).
  const held = { first: 0, last: 100 }
  it('walks by case id a period covering more than half the time between the first and last exclusion', () => {
    expect(exclusionsByCaseId({ from: 0, to: 101 }, held)).toBe(true)
    expect(exclusionsByCaseId({ from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY }, held)).toBe(true)
    expect(exclusionsByCaseId({ from: -1000, to: 51 }, held)).toBe(true)
    expect(exclusionsByCaseId({ from: 49, to: 1000 }, held)).toBe(true)
  })
  it('reads by time a period covering half of it or less, or none of it', () => {
    expect(exclusionsByCaseId({ from: -1000, to: 50 }, held)).toBe(false)
    expect(exclusionsByCaseId({ from: 50, to: 1000 }, held)).toBe(false)
    expect(exclusionsByCaseId({ from: 30, to: 40 }, held)).toBe(false)
    expect(exclusionsByCaseId({ from: 200, to: 300 }, held)).toBe(false)
  })
  it('reads by time where the place has no exclusion; one instant, by case id when the period holds it', () => {
    expect(exclusionsByCaseId({ from: 0, to: 100 }, { first: null, last: null })).toBe(false)
    expect(exclusionsByCaseId({ from: 0, to: 100 }, { first: 5, last: 5 })).toBe(true)
    expect(exclusionsByCaseId({ from: 0, to: 5 }, { first: 5, last: 5 })).toBe(false)
  })
})

// China time is UTC+8: a China midnight is 16:00Z of the day before.
const at = (iso: string): number => Date.parse(iso)
const chinaDay = (ymd: string): number => Date.parse(`${ymd}T00:00:00+08:00`) / 86_400_000 + 8 / 24
const chinaMonth = (year: number, month: number): number => year * 12 + month - 1

/** Case ids in code-unit order (as the page's ORDER BY case_id, COLLATE "C" in PostgreSQL). */
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const CHINA_MS = 8 * 3_600_000
const dayOfMs = (ms: number): number => Math.floor((ms + CHINA_MS) / 86_400_000)
const monthOfMs = (ms: number): number => {
  const d = new Date(ms + CHINA_MS)
  return d.getUTCFullYear() * 12 + d.getUTCMonth()
}
/** Whether the exclusion at `ms` is in the bucket an arm walks (its China month or day, or its part of a day). */
const inArm = (arm: ExclusionArm, ms: number): boolean =>
  arm.by === 'month' ? monthOfMs(ms) === arm.month : arm.by === 'day' ? dayOfMs(ms) === arm.day : ms >= arm.from && ms < arm.to

describe('exclusionWalk', () => {
  // The place's exclusions from 5 January 2026 to 20 December 2026 (China time).
  const held = { first: at('2026-01-05T09:00:00+08:00'), last: at('2026-12-20T18:00:00+08:00') }
  it('walks a China month as its one month bucket', () => {
    expect(exclusionWalk({ from: at('2026-03-01T00:00:00+08:00'), to: at('2026-04-01T00:00:00+08:00') }, held)).toEqual({ by: 'buckets', arms: [{ by: 'month', month: chinaMonth(2026, 3) }] })
  })
  it('walks a quarter from mid-month as its whole months and the days of the months cut', () => {
    const walk = exclusionWalk({ from: at('2026-02-27T00:00:00+08:00'), to: at('2026-05-03T00:00:00+08:00') }, held)
    expect(walk).toEqual({
      by: 'buckets',
      arms: [
        { by: 'month', month: chinaMonth(2026, 3) },
        { by: 'month', month: chinaMonth(2026, 4) },
        { by: 'day', day: chinaDay('2026-02-27') },
        { by: 'day', day: chinaDay('2026-02-28') },
        { by: 'day', day: chinaDay('2026-05-01') },
        { by: 'day', day: chinaDay('2026-05-02') },
      ],
    })
  })
  it('reads the part of a day at an end that is not a China midnight by time', () => {
    // The year from 10:00 on 1 January: cut to the days of the exclusions (5 January to 20 December), its first and last
    // months then hold none outside the period, and are walked whole: 12 months.
    const year = exclusionWalk({ from: at('2026-01-01T10:00:00+08:00'), to: at('2027-01-01T00:00:00+08:00') }, held)
    expect(year).toEqual({ by: 'buckets', arms: Array.from({ length: 12 }, (_, i) => ({ by: 'month', month: chinaMonth(2026, i + 1) })) })
    // Cut at one end only: from 3 January 10:00 to 10 March (before the last exclusion), January whole, 1–9 March by day.
    expect(exclusionWalk({ from: at('2026-01-03T10:00:00+08:00'), to: at('2026-03-10T00:00:00+08:00') }, held)).toEqual({
      by: 'buckets',
      arms: [{ by: 'month', month: chinaMonth(2026, 1) }, { by: 'month', month: chinaMonth(2026, 2) }, ...Array.from({ length: 9 }, (_, i) => ({ by: 'day', day: chinaDay('2026-03-01') + i }))],
    })
    // From 6 January (after the first exclusion's day): its days of January.
    const from6 = exclusionWalk({ from: at('2026-01-06T00:00:00+08:00'), to: at('2026-02-01T00:00:00+08:00') }, held)
    expect(from6).toEqual({ by: 'buckets', arms: Array.from({ length: 26 }, (_, i) => ({ by: 'day', day: chinaDay('2026-01-06') + i })) })
    // From 10:00 on 7 January to 12:30 on 9 January: two parts of a day by time, the whole day between.
    expect(exclusionWalk({ from: at('2026-01-07T10:00:00+08:00'), to: at('2026-01-09T12:30:00+08:00') }, held)).toEqual({
      by: 'buckets',
      arms: [
        { by: 'time', from: at('2026-01-07T10:00:00+08:00'), to: at('2026-01-08T00:00:00+08:00') },
        { by: 'time', from: at('2026-01-09T00:00:00+08:00'), to: at('2026-01-09T12:30:00+08:00') },
        { by: 'day', day: chinaDay('2026-01-08') },
      ],
    })
    // Both ends in one day.
    expect(exclusionWalk({ from: at('2026-01-07T10:00:00+08:00'), to: at('2026-01-07T10:00:00.001+08:00') }, held)).toEqual({
      by: 'buckets',
      arms: [{ by: 'time', from: at('2026-01-07T10:00:00+08:00'), to: at('2026-01-07T10:00:00.001+08:00') }],
    })
  })
  it('reads nothing where the place has no exclusion or the period is outside them; open ends cut to them', () => {
    expect(exclusionWalk({ from: 0, to: 100 }, { first: null, last: null })).toEqual({ by: 'buckets', arms: [] })
    expect(exclusionWalk({ from: at('2025-01-01T00:00:00+08:00'), to: at('2026-01-05T00:00:00+08:00') }, held)).toEqual({ by: 'buckets', arms: [] })
    expect(exclusionWalk({ from: at('2026-12-21T00:00:00+08:00'), to: Number.POSITIVE_INFINITY }, held)).toEqual({ by: 'buckets', arms: [] })
    const open = exclusionWalk({ from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY }, held)
    expect(open).toEqual({ by: 'buckets', arms: Array.from({ length: 12 }, (_, i) => ({ by: 'month', month: chinaMonth(2026, i + 1) })) })
  })
  it('falls back to exclusionsByCaseId past MAX_EXCLUSION_ARMS buckets', () => {
    const years = { first: at('2020-01-01T09:00:00+08:00'), last: at('2029-12-31T09:00:00+08:00') }
    // Five whole years (60 months) and 10 days: too many; over half of the place's time (the key), a fifth (by time).
    expect(exclusionWalk({ from: at('2020-01-01T00:00:00+08:00'), to: at('2025-01-11T00:00:00+08:00') }, years)).toEqual({ by: 'key' })
    expect(exclusionWalk({ from: at('2020-01-01T00:00:00+08:00'), to: at('2022-03-01T00:00:00+08:00') }, years)).toEqual({ by: 'buckets', arms: expect.any(Array) })
    expect(exclusionWalk({ from: at('2020-01-10T00:00:00+08:00'), to: at('2025-06-01T00:00:00+08:00') }, years).by).toBe('key')
    expect(exclusionWalk({ from: at('2020-01-10T00:00:00+08:00'), to: at('2023-01-01T00:00:00+08:00') }, { ...years, last: at('2039-12-31T09:00:00+08:00') }).by).toBe('buckets')
    expect(exclusionWalk({ from: at('2020-01-10T00:00:00+08:00'), to: at('2026-01-01T00:00:00+08:00') }, { ...years, last: at('2049-12-31T09:00:00+08:00') })).toEqual({ by: 'time' })
  })

  // The page a merge of the buckets gives (each bucket's exclusions after the cursor in case-id order, merged, the first
  // `page`) is the page a filter of every exclusion by the period, sorted by case id, gives; the buckets do not overlap.
  const DAY = 86_400_000
  const base = at('2026-01-01T00:00:00+08:00')
  const instant = fc.oneof(
    // A China midnight, a millisecond either side, 10:00, or any minute, from December 2025 to March 2026 (and past it).
    fc.tuple(fc.integer({ min: -31, max: 100 }), fc.constantFrom(0, 1, -1, 10 * 3_600_000)).map(([d, off]) => base + d * DAY + off),
    fc.integer({ min: -31 * 24 * 60, max: 100 * 24 * 60 }).map((m) => base + m * 60_000),
  )
  const end = fc.option(instant, { nil: undefined })
  it('gives the page a filter and sort of every exclusion gives, for any period and cursor', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ caseId: fc.stringMatching(/^[a-f0-9]{1,4}$/), at: instant }), { selector: (e) => e.caseId, maxLength: 60 }),
        end,
        end,
        fc.option(fc.stringMatching(/^[a-f0-9]{0,4}$/), { nil: undefined }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        (held, fromMs, toMs, cursor, page, unknown) => {
          const from = fromMs ?? Number.NEGATIVE_INFINITY
          const to = toMs ?? Number.POSITIVE_INFINITY
          const after = cursor ?? ''
          const times = held.map((e) => e.at)
          const cut = exclusionWalk({ from, to }, { first: times.length === 0 ? null : Math.min(...times), last: times.length === 0 ? null : Math.max(...times) })
          // And as PostgreSQL's twin asks it (the period not cut: both ends finite, before its end).
          const walk = unknown && Number.isFinite(from) && Number.isFinite(to) && from < to ? exclusionWalk({ from, to }, 'unknown') : cut
          const expected = held.filter((e) => e.at >= from && e.at < to && e.caseId > after).map((e) => e.caseId).sort(byId).slice(0, page)
          if (walk.by !== 'buckets') return expect(walk.by).toBe('buckets')
          // No exclusion in two buckets.
          for (const e of held) expect(walk.arms.filter((arm) => inArm(arm, e.at)).length).toBeLessThanOrEqual(1)
          const merged = walk.arms.flatMap((arm) => held.filter((e) => inArm(arm, e.at) && e.caseId > after).map((e) => e.caseId).sort(byId).slice(0, page))
          expect(merged.sort(byId).slice(0, page)).toEqual(expected)
        },
      ),
      { numRuns: 500 },
    )
  })
  // The ends that decide how the period is cut (the place's first and last exclusion's day, the months they fall in),
  // made on purpose rather than left to chance: an end at an exclusion, its China day's start or end or its month's, a
  // millisecond either side; exclusions on China midnights and at the first and last days of months. (Drawn at random,
  // a `to` just past the last exclusion's day, or a month walked whole though its last day falls outside the period, came
  // up in about one run in five.)
  it('gives the page a filter and sort gives for periods ending at the first and last exclusion days and months of the place', () => {
    const chinaMonthStart = (ms: number, months: number): number => {
      const d = new Date(ms + 8 * 3_600_000)
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) - 8 * 3_600_000
    }
    const dayStart = (ms: number): number => Math.floor((ms + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000
    // A China month start from November 2025 to May 2026, its last day, a millisecond either side.
    const edgeInstant = fc
      .tuple(fc.integer({ min: -2, max: 4 }), fc.constantFrom(0, 1, -1, -DAY, -DAY + 10 * 3_600_000))
      .map(([m, off]) => chinaMonthStart(base, m) + off)
    const kinds = ['at', 'dayStart', 'dayEnd', 'monthStart', 'monthEnd'] as const
    const derived = fc.oneof(
      fc.constant<number | 'open'>('open'),
      instant,
      fc.tuple(fc.nat(), fc.constantFrom(...kinds), fc.constantFrom(0, 1, -1)).map(([i, kind, off]) => ({ i, kind, off })),
    )
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ caseId: fc.stringMatching(/^[a-f0-9]{1,3}$/), at: fc.oneof(edgeInstant, instant) }), { selector: (e) => e.caseId, minLength: 1, maxLength: 20 }),
        derived,
        derived,
        fc.integer({ min: 1, max: 30 }),
        (held, fromEnd, toEnd, page) => {
          const times = held.map((e) => e.at)
          const first = Math.min(...times)
          const last = Math.max(...times)
          // An end at the first or last exclusion, or at any of them.
          const endAt = (end: typeof fromEnd, open: number): number => {
            if (end === 'open') return open
            if (typeof end === 'number') return end
            const ms = end.i % 3 === 0 ? first : end.i % 3 === 1 ? last : (times[end.i % times.length] ?? first)
            const edge =
              end.kind === 'at' ? ms : end.kind === 'dayStart' ? dayStart(ms) : end.kind === 'dayEnd' ? dayStart(ms) + DAY : end.kind === 'monthStart' ? chinaMonthStart(ms, 0) : chinaMonthStart(ms, 1)
            return edge + end.off
          }
          const from = endAt(fromEnd, Number.NEGATIVE_INFINITY)
          const to = endAt(toEnd, Number.POSITIVE_INFINITY)
          const expected = held.filter((e) => e.at >= from && e.at < to).map((e) => e.caseId).sort(byId).slice(0, page)
          const walk = exclusionWalk({ from, to }, { first, last })
          if (walk.by !== 'buckets') return expect(walk.by).toBe('buckets')
          for (const e of held) expect(walk.arms.filter((arm) => inArm(arm, e.at)).length).toBeLessThanOrEqual(1)
          const merged = held.filter((e) => walk.arms.some((arm) => inArm(arm, e.at))).map((e) => e.caseId).sort(byId).slice(0, page)
          expect(merged).toEqual(expected)
        },
      ),
      { numRuns: 1000 },
    )
  })
  it('as PostgreSQL asks it (what the place holds unknown): the period as it is, no month walked whole but those it covers', () => {
    expect(exclusionWalk({ from: at('2026-03-15T00:00:00+08:00'), to: at('2026-05-01T00:00:00+08:00') }, 'unknown')).toEqual({
      by: 'buckets',
      arms: [{ by: 'month', month: chinaMonth(2026, 4) }, ...Array.from({ length: 17 }, (_, i) => ({ by: 'day', day: chinaDay('2026-03-15') + i }))],
    })
    expect(exclusionWalk({ from: at('2026-03-01T00:00:00+08:00'), to: at('2026-04-01T00:00:00+08:00') }, 'unknown')).toEqual({ by: 'buckets', arms: [{ by: 'month', month: chinaMonth(2026, 3) }] })
    expect(exclusionWalk({ from: at('2026-03-01T00:00:00+08:00'), to: Number.POSITIVE_INFINITY }, 'unknown')).toEqual({ by: 'time' })
    expect(exclusionWalk({ from: at('2020-01-01T00:00:00+08:00'), to: at('2026-01-01T00:00:00+08:00') }, 'unknown')).toEqual({ by: 'time' })
  })
  it('gives the page at the cursor past the last exclusion and of an empty month', () => {
    const oneDay = { first: at('2026-02-10T09:00:00+08:00'), last: at('2026-02-10T09:00:00+08:00') }
    expect(exclusionWalk({ from: at('2026-03-01T00:00:00+08:00'), to: at('2026-04-01T00:00:00+08:00') }, oneDay)).toEqual({ by: 'buckets', arms: [] })
    expect(exclusionWalk({ from: at('2026-02-01T00:00:00+08:00'), to: at('2026-03-01T00:00:00+08:00') }, oneDay)).toEqual({ by: 'buckets', arms: [{ by: 'month', month: chinaMonth(2026, 2) }] })
    // From the exclusion's day on: its month, whole (it holds nothing else).
    expect(exclusionWalk({ from: at('2026-02-10T00:00:00+08:00'), to: Number.POSITIVE_INFINITY }, oneDay)).toEqual({ by: 'buckets', arms: [{ by: 'month', month: chinaMonth(2026, 2) }] })
    // From 09:00:00.001 that day: by time, that part of the day.
    expect(exclusionWalk({ from: at('2026-02-10T09:00:00.001+08:00'), to: Number.POSITIVE_INFINITY }, oneDay)).toEqual({
      by: 'buckets',
      arms: [{ by: 'time', from: at('2026-02-10T09:00:00.001+08:00'), to: at('2026-02-11T00:00:00+08:00') }],
    })
  })
})
