import { rollUpPlaces } from '@gridcase/core/projections'
import { dayOf, monthOfDay, type Grain } from './periodBuckets.js'

/** What a page moved at one kept row. */
interface Cell {
  n: number
  sum: number
}

/** What a page moved at one place: per key its total, and per China day and month per key. */
interface PlaceSums {
  readonly totals: Map<string, Cell>
  readonly days: Map<number, Map<string, Cell>>
  readonly months: Map<number, Map<string, Cell>>
}

/** Receives one kept row a page moved: the totals (`total`, bucket 0) or a China day's or month's sums. */
export type MovedRow = (grain: Grain | 'total', place: string, bucket: number, key: string, n: number, sum: number) => void

/**
 * The dashboard's kept sums (totals, per China day and month) as a page of events moved them, summed in memory so that
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
   * The totals by place then key, then the periods by grain ('day' before 'month'), place, bucket and key.
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

const addInBucket = (into: Map<number, Map<string, Cell>>, bucket: number, key: string, n: number, sum: number): void => {
  let byKey = into.get(bucket)
  if (byKey === undefined) into.set(bucket, (byKey = new Map()))
  addTo(byKey, key, n, sum)
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
      const atPlace = new Map<string, PlaceSums>()
      for (const [jurisdiction, byKey] of leaves) {
        const places = rollUpPlaces(jurisdiction).map((place) => {
          let sums = atPlace.get(place)
          if (sums === undefined) atPlace.set(place, (sums = { totals: new Map(), days: new Map(), months: new Map() }))
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
            }
          }
        }
      }
      const places = inKeyOrder(atPlace.keys())
      const emit = (grain: Grain | 'total', place: string, bucket: number, cells: Map<string, Cell>): void => {
        for (const key of inKeyOrder(cells.keys())) {
          const c = cells.get(key)
          if (c !== undefined) visit(grain, place, bucket, key, c.n, c.sum)
        }
      }
      for (const place of places) {
        const sums = atPlace.get(place)
        if (sums !== undefined) emit('total', place, 0, sums.totals)
      }
      for (const grain of ['day', 'month'] as const) {
        for (const place of places) {
          const buckets = grain === 'day' ? atPlace.get(place)?.days : atPlace.get(place)?.months
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
