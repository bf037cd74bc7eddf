import * as t from 'io-ts'
import type { Calendar } from './calendar.js'
import { addStatutoryDays, addStatutoryYears, addWorkingDays, localDate } from './dates.js'

/**
 * How a deadline that depends on the calendar is counted: working days, or a statutory period (期间) of days or of years
 * (民法典 arts. 200–203; the 2 years to apply for enforcement).
 */
export const COUNTINGS = ['working-days', 'statutory-days', 'statutory-years'] as const
export type Counting = (typeof COUNTINGS)[number]

/**
 * Which calendar, at which data version, computed a deadline; `provisional` when a year it spans had no
 * notice. `from`, `days` and `unit` say how it was counted, so it can be counted again when a schedule is
 * loaded (`from` is absent on an extension: it counts on from the deadline it extends). `days` is the count in
 * `unit`: years for `statutory-years`.
 */
export const CalendarStamp = t.exact(
  t.intersection([
    t.type({ id: t.string, version: t.string }),
    t.partial({ provisional: t.literal(true), from: t.string, days: t.number, unit: t.keyof({ 'working-days': null, 'statutory-days': null, 'statutory-years': null }) }),
  ]),
  'CalendarStamp',
)
export type CalendarStamp = t.TypeOf<typeof CalendarStamp>

/** A span counted with the calendar (`days`: in `unit`, so years for `statutory-years`). */
export interface Counted {
  readonly days: number
  readonly unit: Counting
}

/** The deadline `days` after `from`, counted as `unit` says with `calendar`. */
export const countDays = (from: string, { days, unit }: Counted, calendar: Calendar): string =>
  unit === 'working-days' ? addWorkingDays(from, days, calendar) : unit === 'statutory-years' ? addStatutoryYears(from, days, calendar) : addStatutoryDays(from, days, calendar)

/**
 * The stamp for a deadline counted from `from` to `deadline` (instants) with `calendar`; with `counted`,
 * how it was counted (`chained`: an extension, counted on from the deadline it extends).
 */
export const stampOf = (calendar: Calendar, from: string, deadline: string, counted?: Counted, chained = false): CalendarStamp => {
  const first = Number(localDate(from).slice(0, 4))
  const last = Number(localDate(deadline).slice(0, 4))
  let provisional = false
  // One date per year decides: a year is provisional as a whole.
  for (let year = first; year <= last && !provisional; year += 1) provisional = calendar.isProvisional(`${year}-07-01`)
  return {
    id: calendar.name,
    version: calendar.version,
    ...(provisional ? { provisional: true as const } : {}),
    ...(counted === undefined ? {} : { ...(chained ? {} : { from }), days: counted.days, unit: counted.unit }),
  }
}

/** A counting rule if the span is one the calendar decides (hours and natural days are not). */
export const countedOf = (span: { readonly unit: string; readonly amount: number }): Counted | undefined =>
  span.unit === 'working-days' || span.unit === 'statutory-days' ? { days: span.amount, unit: span.unit } : undefined

/**
 * A deadline counted again with `calendarFor(unit)`: the first stamp's count from its `from`, then each
 * extension's from the deadline before it. Undefined when the stamps do not say how (older events).
 */
export const recount = (stamps: readonly CalendarStamp[], calendarFor: (unit: Counting) => Calendar): string | undefined => {
  const [first, ...extensions] = stamps
  if (first?.from === undefined || first.days === undefined || first.unit === undefined) return undefined
  let deadline = countDays(first.from, { days: first.days, unit: first.unit }, calendarFor(first.unit))
  for (const e of extensions) {
    if (e.days === undefined || e.unit === undefined) return undefined
    deadline = countDays(deadline, { days: e.days, unit: e.unit }, calendarFor(e.unit))
  }
  return deadline
}

/** Appends a stamp to a chain (the first one starts it). */
export const chain = (stamps: readonly CalendarStamp[] | undefined, stamp: CalendarStamp | undefined, start: boolean): readonly CalendarStamp[] | undefined =>
  stamp === undefined ? (start ? undefined : stamps) : start ? [stamp] : stamps === undefined ? undefined : [...stamps, stamp]

/**
 * One deadline moved by a rebase (重新计算期限): which, from when, to when; `units` names whose deadline it is when
 * a case holds several of a kind (a complaint's 报到 `arrival`, one per summoned department).
 */
export const DeadlineChange = t.exact(
  t.intersection([t.type({ kind: t.string, previous: t.string, deadline: t.string }), t.partial({ units: t.array(t.string) })]),
  'DeadlineChange',
)
export type DeadlineChange = t.TypeOf<typeof DeadlineChange>
