import * as t from 'io-ts'
import type { Calendar } from './calendar.js'
import { localDate } from './dates.js'

/** Which calendar, at which data version, computed a deadline; `provisional` when a year it spans had no notice. */
export const CalendarStamp = t.exact(
  t.intersection([t.type({ id: t.string, version: t.string }), t.partial({ provisional: t.literal(true) })]),
  'CalendarStamp',
)
export type CalendarStamp = t.TypeOf<typeof CalendarStamp>

/** The stamp for a deadline counted from `from` to `deadline` (instants) with `calendar`. */
export const stampOf = (calendar: Calendar, from: string, deadline: string): CalendarStamp => {
  const first = Number(localDate(from).slice(0, 4))
  const last = Number(localDate(deadline).slice(0, 4))
  let provisional = false
  // One date per year decides: a year is provisional as a whole.
  for (let year = first; year <= last && !provisional; year += 1) provisional = calendar.isProvisional(`${year}-07-01`)
  return provisional ? { id: calendar.name, version: calendar.version, provisional: true } : { id: calendar.name, version: calendar.version }
}

/** One stamp for an event that sets several deadlines with one calendar: provisional if any of them is. */
export const mergeStamps = (a: CalendarStamp, b: CalendarStamp): CalendarStamp =>
  a.provisional === true || b.provisional === true ? { ...a, provisional: true } : a

