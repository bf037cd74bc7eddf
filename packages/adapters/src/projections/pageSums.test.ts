// pageSums rolls a page's moves up to every place and gives each kept row once, in key order. Its walk looks a key's sums
// up once per place for all its days; the walk it replaced (one map per bucket per place, every cell looked up at every
// place) is kept here as the reference: the same rows, in the same order, with sums added in the same order (bit for bit).
import fc from 'fast-check'
import { rollUpPlaces } from '@gridcase/core/projections'
import { describe, expect, it } from 'vitest'
import { dayOf, monthOfDay, NO_SINCE_MONTH, NO_UNTIL_MONTH, yearOfMonth, type KeptGrain } from './periodBuckets.js'
import { alignedSums, inKeyOrder, pageSums, type MovedRow, type PageSums } from './pageSums.js'

interface Cell {
  n: number
  sum: number
}
interface PlaceSums {
  readonly totals: Map<string, Cell>
  readonly days: Map<number, Map<string, Cell>>
  readonly months: Map<number, Map<string, Cell>>
  readonly years: Map<number, Map<string, Cell>>
}
const addTo = <K>(into: Map<K, Cell>, at: K, n: number, sum: number): void => {
  const cell = into.get(at)
  if (cell === undefined) into.set(at, { n, sum })
  else {
    cell.n += n
    cell.sum += sum
  }
}
const addInBucket = (into: Map<number, Map<string, Cell>>, bucket: number, key: string, n: number, sum: number): void => {
  let byKey = into.get(bucket)
  if (byKey === undefined) into.set(bucket, (byKey = new Map()))
  addTo(byKey, key, n, sum)
}

/** The walk as it was before: per place a map per bucket, each cell added at every place it rolls up into. */
const pageSumsByBucket = (): PageSums => {
  // At each case's own place: key → China day → moved.
  const leaves = new Map<string, Map<string, Map<number, Cell>>>()
  return {
    move: (jurisdiction, key, at, value, sign) => {
      let byKey = leaves.get(jurisdiction)
      if (byKey === undefined) leaves.set(jurisdiction, (byKey = new Map()))
      let byDay = byKey.get(key)
      if (byDay === undefined) byKey.set(key, (byDay = new Map()))
      addTo(byDay, dayOf(at), sign, sign * value)
    },
    forEachRow: (visit) => {
      const monthOf = new Map<number, number>()
      const atPlace = new Map<string, PlaceSums>()
      for (const [jurisdiction, byKey] of leaves) {
        const places = rollUpPlaces(jurisdiction).map((place) => {
          let sums = atPlace.get(place)
          if (sums === undefined) atPlace.set(place, (sums = { totals: new Map(), days: new Map(), months: new Map(), years: new Map() }))
          return sums
        })
        for (const [key, byDay] of byKey) {
          for (const [day, cell] of byDay) {
            if (cell.n === 0 && cell.sum === 0) continue
            let month = monthOf.get(day)
            if (month === undefined) monthOf.set(day, (month = monthOfDay(day)))
            for (const sums of places) {
              addTo(sums.totals, key, cell.n, cell.sum)
              addInBucket(sums.days, day, key, cell.n, cell.sum)
              addInBucket(sums.months, month, key, cell.n, cell.sum)
              addInBucket(sums.years, yearOfMonth(month), key, cell.n, cell.sum)
            }
          }
        }
      }
      const places = inKeyOrder(atPlace.keys())
      const emit = (grain: KeptGrain | 'total', place: string, bucket: number, cells: Map<string, Cell>): void => {
        for (const key of inKeyOrder(cells.keys())) {
          const c = cells.get(key)
          if (c !== undefined) visit(grain, place, bucket, key, c.n, c.sum)
        }
      }
      for (const place of places) {
        const sums = atPlace.get(place)
        if (sums !== undefined) emit('total', place, 0, sums.totals)
      }
      for (const grain of ['day', 'month', 'year'] as const) {
        for (const place of places) {
          const buckets = atPlace.get(place)?.[`${grain}s`]
          if (buckets === undefined) continue
          for (const bucket of inKeyOrder(buckets.keys())) {
            const cells = buckets.get(bucket)
            if (cells !== undefined) emit(grain, place, bucket, cells)
          }
        }
      }
    },
  }
}

type Row = [KeptGrain | 'total', string, number, string, number, number]
const rowsOf = (sums: Pick<PageSums, 'forEachRow'>): Row[] => {
  const rows: Row[] = []
  const visit: MovedRow = (grain, place, bucket, key, n, sum) => rows.push([grain, place, bucket, key, n, sum])
  sums.forEachRow(visit)
  return rows
}

const DAY = 86_400_000
const place = fc.constantFrom('hohhot/saihan/wulan/c1/g01', 'hohhot/saihan/wulan/c1/g02', 'hohhot/saihan/wulan/c2/g01', 'hohhot/saihan/dongfeng', 'hohhot/xincheng', 'baotou', '')
const move = fc.record({
  jurisdiction: place,
  key: fc.constantFrom('count\u001fcomplaint\u001fopen', 'rate\u001fdispatched', 'hours\u001facknowledge', 'rate\u001fexcluded', 'b'),
  // Around 1970 (negative days) and around 2026, across month ends.
  at: fc.oneof(fc.integer({ min: -40 * DAY, max: 40 * DAY }), fc.integer({ min: 1_767_000_000_000, max: 1_767_000_000_000 + 90 * DAY })),
  value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.constantFrom(0, -0, 1, 0.1, 0.2)),
  sign: fc.constantFrom(1 as const, -1 as const),
})

describe('page sums', () => {
  it('give the rows the walk by bucket gave, in the same order, each sum bit for bit', () => {
    fc.assert(
      fc.property(fc.array(move, { maxLength: 300 }), (moves) => {
        const now = pageSums()
        const before = pageSumsByBucket()
        for (const m of moves) {
          now.move(m.jurisdiction, m.key, m.at, m.value, m.sign)
          before.move(m.jurisdiction, m.key, m.at, m.value, m.sign)
        }
        const expected = rowsOf(before)
        const actual = rowsOf(now)
        expect(actual.length).toBe(expected.length)
        actual.forEach((row, i) => {
          const want = expected[i]
          expect(row.slice(0, 4)).toEqual(want?.slice(0, 4))
          // Object.is: the same bits (a sum of -0 stays -0), not merely equal numbers.
          expect(Object.is(row[4], want?.[4]) && Object.is(row[5], want?.[5])).toBe(true)
        })
      }),
      { numRuns: 300 },
    )
  })

  it('roll a move up to every place above its own, the country included, in key order: days, months, years (worked by hand)', () => {
    const sums = pageSums()
    // 2026-01-01T08:00+08:00 is China day 20 454 (periodBuckets.test), month 2026 × 12, year 2026; the second fact a day later.
    const jan1 = Date.parse('2026-01-01T08:00:00+08:00')
    sums.move('a/b', 'k', jan1, 2, 1)
    sums.move('a/b', 'k', jan1 + DAY, 3, 1)
    sums.move('a/c', 'k', jan1, 5, -1)
    expect(rowsOf(sums)).toEqual([
      ['total', '', 0, 'k', 1, 0],
      ['total', 'a', 0, 'k', 1, 0],
      ['total', 'a/b', 0, 'k', 2, 5],
      ['total', 'a/c', 0, 'k', -1, -5],
      ['day', '', 20_454, 'k', 0, -3],
      ['day', '', 20_455, 'k', 1, 3],
      ['day', 'a', 20_454, 'k', 0, -3],
      ['day', 'a', 20_455, 'k', 1, 3],
      ['day', 'a/b', 20_454, 'k', 1, 2],
      ['day', 'a/b', 20_455, 'k', 1, 3],
      ['day', 'a/c', 20_454, 'k', -1, -5],
      ['month', '', 24_312, 'k', 1, 0],
      ['month', 'a', 24_312, 'k', 1, 0],
      ['month', 'a/b', 24_312, 'k', 2, 5],
      ['month', 'a/c', 24_312, 'k', -1, -5],
      ['year', '', 2026, 'k', 1, 0],
      ['year', 'a', 2026, 'k', 1, 0],
      ['year', 'a/b', 2026, 'k', 2, 5],
      ['year', 'a/c', 2026, 'k', -1, -5],
    ])
  })

  it('keep a fact with a competitor in its own day’s sums (alignment 1 or 2) and month’s (2), never in the totals (worked by hand)', () => {
    const sums = alignedSums()
    // China day 20 454 (1 January 2026), month 24 312; 1 February 2026 is day 20 485, month 24 313.
    const jan1 = Date.parse('2026-01-01T08:00:00+08:00')
    const feb1 = Date.parse('2026-02-01T08:00:00+08:00')
    sums.move('a', 'k', { at: jan1 }, 1, 1, 2)
    sums.move('a', 'k', { at: jan1 + DAY }, 1, 1, 1)
    sums.move('a', 'k', { at: jan1 + DAY }, 1, 1, 0)
    sums.move('a', 'k', { at: feb1 }, 1, 1, 2)
    sums.move('a', 'k', { at: feb1 }, 1, -1, 2)
    expect(rowsOf(sums)).toEqual([
      ['day1', '', 20_454, 'k', 1, 1],
      ['day1', '', 20_455, 'k', 1, 1],
      ['day1', 'a', 20_454, 'k', 1, 1],
      ['day1', 'a', 20_455, 'k', 1, 1],
      ['month2', '', 24_312, 'k', 1, 1],
      ['month2', 'a', 24_312, 'k', 1, 1],
    ])
  })

  it('keep a fact of alignment 2 by its month and its competitors’ months, rolled up, moved out with its old months and in with its new (worked by hand)', () => {
    const sums = alignedSums()
    // China months: January 2026 is 24 312, February 24 313, March 24 314; none: NO_SINCE_MONTH / NO_UNTIL_MONTH.
    const jan20 = Date.parse('2026-01-20T09:00:00+08:00')
    const feb10 = Date.parse('2026-02-10T09:00:00+08:00')
    // 1 March 00:00 China time is still February in UTC: the China month counts (March).
    const mar1 = Date.parse('2026-03-01T00:00:00+08:00')
    // A callback on 10 February without competitor, then one made on 1 March: it leaves with no later competitor and
    // comes back with March's. A rating on 10 February after a January callback. Of alignment 1: none here.
    sums.move('a/b', 'k', { at: feb10 }, 1, 1, 2)
    sums.move('a/b', 'k', { at: feb10 }, 1, -1, 2)
    sums.move('a/b', 'k', { at: feb10, until: mar1 }, 1, 1, 2)
    sums.move('a/b', 'j', { at: feb10, since: jan20 }, 0.5, 1, 2)
    sums.move('a/c', 'k', { at: feb10, since: jan20, until: mar1 }, 2, 1, 2)
    sums.move('a/c', 'k', { at: feb10 + DAY }, 1, 1, 1)
    const rows: unknown[] = []
    sums.forEachApartRow((place, m, key, n, sum) => rows.push([place, m.month, key, m.since, m.until, n, sum]))
    const [none, never] = [NO_SINCE_MONTH, NO_UNTIL_MONTH]
    expect(rows).toEqual([
      ['', 24_313, 'j', 24_312, never, 1, 0.5],
      ['', 24_313, 'k', none, 24_314, 1, 1],
      ['', 24_313, 'k', 24_312, 24_314, 1, 2],
      ['a', 24_313, 'j', 24_312, never, 1, 0.5],
      ['a', 24_313, 'k', none, 24_314, 1, 1],
      ['a', 24_313, 'k', 24_312, 24_314, 1, 2],
      ['a/b', 24_313, 'j', 24_312, never, 1, 0.5],
      ['a/b', 24_313, 'k', none, 24_314, 1, 1],
      ['a/c', 24_313, 'k', 24_312, 24_314, 1, 2],
    ])
  })
})
