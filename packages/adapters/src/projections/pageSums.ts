import { rollUpPlaces } from '@gridcase/core/projections'
import { ALIGNED_GRAIN, dayOf, monthOfDay, monthsApart, yearOfMonth, type KeptGrain, type MonthsApart } from './periodBuckets.js'

/** What a page moved at one kept row. */
interface Cell {
  n: number
  sum: number
}

/** What a page moved of one key at one place: its total, and its sums per China day, month and year. */
interface KeySums {
  total: Cell | undefined
  readonly days: Map<number, Cell>
  readonly months: Map<number, Cell>
  readonly years: Map<number, Cell>
}

/** Receives one kept row a page moved: the totals (`total`, bucket 0) or a China day's, month's or year's sums. */
export type MovedRow = (grain: KeptGrain | 'total', place: string, bucket: number, key: string, n: number, sum: number) => void

/**
 * The dashboard's kept sums (totals, per China day, month and year) as a page of events moved them, summed in memory so that
 * each kept row is written once per page however many cases and facts moved it (the SQLite and PostgreSQL dashboards
 * alike). Keyed by nested maps of the strings the facts already hold, never by a composed string: catch-up moves
 * hundreds of thousands of rows, and building and hashing a key per move cost more than the database's upsert.
 * Rows are given in the order of the tables' primary keys: upserts in key order touch each B-tree page once, in the
 * order the page cache holds them (the 145k period rows of 5k cases upserted into an empty table: 3× less CPU than in
 * hash order; in the replay, about a quarter less CPU for the page's sums, whose table is no longer empty).
 */
export interface PageSums {
  /** A fact of a case at `jurisdiction` came (1) or went (−1). */
  move(jurisdiction: string, key: string, at: number, value: number, sign: 1 | -1): void
  /**
   * Every row moved, rolled up to each place above the cases' own (the country '' included): a (place, key, day) whose
   * moves net to nothing is left out before the roll-up; a rolled row may still net to nothing (the caller decides).
   * The totals by place then key, then the periods by grain ('day', 'month', 'year'), place, bucket and key.
   */
  forEachRow(visit: MovedRow): void
}

const addTo = <K>(into: Map<K, Cell>, at: K, n: number, sum: number): void => {
  const cell = into.get(at)
  if (cell === undefined) into.set(at, { n, sum })
  else {
    cell.n += n
    cell.sum += sum
  }
}

/**
 * Keys sorted as a table's primary key orders them, near enough: a page's writes in this order visit each B-tree page
 * once (UTF-16 order, which differs from SQLite's UTF-8 byte order only past U+E000: a locality hint, not a contract).
 */
export const inKeyOrder = <K extends string | number>(keys: Iterable<K>): K[] => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** An empty `PageSums` for one page. */
export const pageSums = (): PageSums => {
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
      const yearOf = new Map<number, number>()
      // Per place, per key: what the page moved. A key's sums at each place are looked up once for all its days (not a
      // map per bucket per place and a lookup per cell per place: half the lookups); each row receives the same additions
      // in the same order as with one map per bucket (pageSums.test keeps that walk as the reference).
      const atPlace = new Map<string, Map<string, KeySums>>()
      for (const [jurisdiction, byKey] of leaves) {
        const places = rollUpPlaces(jurisdiction).map((place) => {
          let sums = atPlace.get(place)
          if (sums === undefined) atPlace.set(place, (sums = new Map()))
          return sums
        })
        for (const [key, byDay] of byKey) {
          let keySums: KeySums[] | undefined
          for (const [day, cell] of byDay) {
            if (cell.n === 0 && cell.sum === 0) continue
            let month = monthOf.get(day)
            if (month === undefined) monthOf.set(day, (month = monthOfDay(day)))
            let year = yearOf.get(month)
            if (year === undefined) yearOf.set(month, (year = yearOfMonth(month)))
            keySums ??= places.map((sums) => {
              let at = sums.get(key)
              if (at === undefined) sums.set(key, (at = { total: undefined, days: new Map(), months: new Map(), years: new Map() }))
              return at
            })
            for (const at of keySums) {
              if (at.total === undefined) at.total = { n: cell.n, sum: cell.sum }
              else {
                at.total.n += cell.n
                at.total.sum += cell.sum
              }
              addTo(at.days, day, cell.n, cell.sum)
              addTo(at.months, month, cell.n, cell.sum)
              addTo(at.years, year, cell.n, cell.sum)
            }
          }
        }
      }
      const places = inKeyOrder(atPlace.keys())
      for (const place of places) {
        const byKey = atPlace.get(place)
        if (byKey === undefined) continue
        for (const key of inKeyOrder(byKey.keys())) {
          const total = byKey.get(key)?.total
          if (total !== undefined) visit('total', place, 0, key, total.n, total.sum)
        }
      }
      for (const grain of ['day', 'month', 'year'] as const) {
        for (const place of places) {
          const byKey = atPlace.get(place)
          if (byKey === undefined) continue
          // By bucket, then key: each (bucket, key) as one number, bucket × keys + the key's rank, sorted as numbers.
          const keys = inKeyOrder(byKey.keys())
          const cells: Map<number, Cell>[] = keys.map((key) => {
            const at = byKey.get(key)
            return (grain === 'day' ? at?.days : grain === 'month' ? at?.months : at?.years) ?? new Map()
          })
          const width = keys.length
          let count = 0
          for (const byBucket of cells) count += byBucket.size
          const order = new Float64Array(count)
          let i = 0
          cells.forEach((byBucket, rank) => {
            for (const bucket of byBucket.keys()) order[i++] = bucket * width + rank
          })
          order.sort()
          for (const code of order) {
            // (A day before 1970 is a negative bucket: the remainder is taken as non-negative.)
            const rank = ((code % width) + width) % width
            const bucket = (code - rank) / width
            const cell = cells[rank]?.get(bucket)
            const key = keys[rank]
            if (cell !== undefined && key !== undefined) visit(grain, place, bucket, key, cell.n, cell.sum)
          }
        }
      }
    },
  }
}

/** Receives one row of the sums of the facts of alignment 2 by their months (`monthsApart`) a page moved. */
export type MovedApartRow = (place: string, months: MonthsApart, key: string, n: number, sum: number) => void

/** The kept sums of the facts with a competitor a page moved (`alignedSums`). */
export interface AlignedSums {
  /** A fact with a competitor of this alignment (periodBuckets' `alignment`) came (1) or went (−1). */
  move(
    jurisdiction: string,
    key: string,
    fact: { readonly at: number; readonly since?: number | undefined; readonly until?: number | undefined },
    value: number,
    sign: 1 | -1,
    aligned: 0 | 1 | 2,
  ): void
  /** Every row moved, as `PageSums` gives them: the days' (`day1`), then the months' (`month2`); no totals. */
  forEachRow(visit: MovedRow): void
  /**
   * The sums of those of alignment 2 by (place, their month, key, their earlier competitor's month, their later one's):
   * every row moved, rolled up to each place above the cases' own as `PageSums`' are, in that key order (a row whose
   * moves net to nothing at the case's own place is left out before the roll-up; a rolled row may still net to nothing).
   */
  forEachApartRow(visit: MovedApartRow): void
}

/** What a page moved of the facts of alignment 2 by their months, at one place: month → key → since → until → moved. */
type ApartSums = Map<number, Map<string, Map<number, Map<number, Cell>>>>

const addApart = (into: ApartSums, m: MonthsApart, key: string, n: number, sum: number): void => {
  let byKey = into.get(m.month)
  if (byKey === undefined) into.set(m.month, (byKey = new Map()))
  let bySince = byKey.get(key)
  if (bySince === undefined) byKey.set(key, (bySince = new Map()))
  let byUntil = bySince.get(m.since)
  if (byUntil === undefined) bySince.set(m.since, (byUntil = new Map()))
  addTo(byUntil, m.until, n, sum)
}

/** Each cell of a place's sums by months, in key order (month, key, since, until). */
const eachApart = (sums: ApartSums, visit: (m: MonthsApart, key: string, cell: Cell) => void): void => {
  const numeric = (a: number, b: number) => a - b
  for (const month of [...sums.keys()].sort(numeric)) {
    const byKey = sums.get(month)
    for (const key of inKeyOrder(byKey?.keys() ?? [])) {
      const bySince = byKey?.get(key)
      for (const since of [...(bySince?.keys() ?? [])].sort(numeric)) {
        const byUntil = bySince?.get(since)
        for (const until of [...(byUntil?.keys() ?? [])].sort(numeric)) {
          const cell = byUntil?.get(until)
          if (cell !== undefined) visit({ month, since, until }, key, cell)
        }
      }
    }
  }
}

/**
 * The sums of a page's facts with a competitor (the 三率's callbacks and ratings) that always count in their own bucket:
 * those of alignment 1 or 2 in their China day's (`day1`), those of 2 in their month's too (`month2`); those of 0 in
 * none. Never in the totals: such a fact counts in no period without ends. The facts themselves are kept as well, for
 * the periods of several buckets.
 */
export const alignedSums = (): AlignedSums => {
  const days = pageSums()
  const months = pageSums()
  // At each case's own place: those of alignment 2 by their months (few: a twelfth of the callbacks and ratings).
  const apart = new Map<string, ApartSums>()
  return {
    move: (jurisdiction, key, fact, value, sign, aligned) => {
      if (aligned >= 1) days.move(jurisdiction, key, fact.at, value, sign)
      if (aligned !== 2) return
      months.move(jurisdiction, key, fact.at, value, sign)
      let sums = apart.get(jurisdiction)
      if (sums === undefined) apart.set(jurisdiction, (sums = new Map()))
      addApart(sums, monthsApart(fact), key, sign, sign * value)
    },
    forEachApartRow: (visit) => {
      const atPlace = new Map<string, ApartSums>()
      for (const [jurisdiction, sums] of apart) {
        const places = rollUpPlaces(jurisdiction).map((place) => {
          let into = atPlace.get(place)
          if (into === undefined) atPlace.set(place, (into = new Map()))
          return into
        })
        eachApart(sums, (m, key, cell) => {
          if (cell.n === 0 && cell.sum === 0) return
          for (const into of places) addApart(into, m, key, cell.n, cell.sum)
        })
      }
      for (const place of inKeyOrder(atPlace.keys())) {
        const sums = atPlace.get(place)
        if (sums !== undefined) eachApart(sums, (m, key, cell) => visit(place, m, key, cell.n, cell.sum))
      }
    },
    forEachRow: (visit) => {
      days.forEachRow((grain, place, bucket, key, n, sum) => {
        if (grain === 'day') visit(ALIGNED_GRAIN.day, place, bucket, key, n, sum)
      })
      months.forEachRow((grain, place, bucket, key, n, sum) => {
        if (grain === 'month') visit(ALIGNED_GRAIN.month, place, bucket, key, n, sum)
      })
    },
  }
}
