import { rollUpPlaces } from '@gridcase/core/projections'
import { dayOf, monthOfDay, type Grain } from './periodBuckets.js'

/** What a page moved at one kept row. */
interface Cell {
  n: number
  sum: number
}

/** What a page moved at one (place, key): its total and its China days' and months' sums. */
interface KeySums extends Cell {
  readonly days: Map<number, Cell>
  readonly months: Map<number, Cell>
}

/** Receives one kept row a page moved: the totals (`total`, bucket 0) or a China day's or month's sums. */
export type MovedRow = (grain: Grain | 'total', place: string, bucket: number, key: string, n: number, sum: number) => void

/**
 * The dashboard's kept sums (totals, per China day and month) as a page of events moved them, summed in memory so that
 * each kept row is written once per page however many cases and facts moved it (the SQLite and PostgreSQL dashboards
 * alike). Keyed by nested maps of the strings the facts already hold, never by a composed string: catch-up moves
 * hundreds of thousands of rows, and building and hashing a key per move cost more than the database's upsert.
 */
export interface PageSums {
  /** A fact of a case at `jurisdiction` came (1) or went (−1). */
  move(jurisdiction: string, key: string, at: number, value: number, sign: 1 | -1): void
  /**
   * Every row moved, rolled up to each place above the cases' own (the country '' included): a (place, key, day) whose
   * moves net to nothing is left out before the roll-up; a rolled row may still net to nothing (the caller decides).
   */
  forEachRow(visit: MovedRow): void
}

const addTo = (into: Map<number, Cell>, bucket: number, n: number, sum: number): void => {
  const cell = into.get(bucket)
  if (cell === undefined) into.set(bucket, { n, sum })
  else {
    cell.n += n
    cell.sum += sum
  }
}

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
      const atPlace = new Map<string, Map<string, KeySums>>()
      for (const [jurisdiction, byKey] of leaves) {
        const places = rollUpPlaces(jurisdiction).map((place) => {
          let sums = atPlace.get(place)
          if (sums === undefined) atPlace.set(place, (sums = new Map()))
          return sums
        })
        for (const [key, byDay] of byKey) {
          for (const [day, cell] of byDay) {
            if (cell.n === 0 && cell.sum === 0) continue
            let month = monthOf.get(day)
            if (month === undefined) monthOf.set(day, (month = monthOfDay(day)))
            for (const sums of places) {
              let s = sums.get(key)
              if (s === undefined) sums.set(key, (s = { n: 0, sum: 0, days: new Map(), months: new Map() }))
              s.n += cell.n
              s.sum += cell.sum
              addTo(s.days, day, cell.n, cell.sum)
              addTo(s.months, month, cell.n, cell.sum)
            }
          }
        }
      }
      for (const [place, sums] of atPlace) {
        for (const [key, s] of sums) {
          visit('total', place, 0, key, s.n, s.sum)
          for (const [day, c] of s.days) visit('day', place, day, key, c.n, c.sum)
          for (const [month, c] of s.months) visit('month', place, month, key, c.n, c.sum)
        }
      }
    },
  }
}
