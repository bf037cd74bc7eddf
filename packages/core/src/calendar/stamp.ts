import * as t from 'io-ts'
import type { Calendar } from './calendar.js'
import { addStatutoryDays, addStatutoryYears, addWorkingDays, endOfLocalDay, localDate, toChinaIso } from './dates.js'
import { NOTICE_REACHES_BACK_TO } from './schedule.js'

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
 * `unit`: years for `statutory-years`. `hours`: the deadline was counted in clock hours — an instant, met up to and
 * including itself, even when it falls at 23:59:59 China time (a day deadline runs to 24:00: `deadlineClosesMs`);
 * absent on a day deadline and on stamps written before it was recorded.
 */
export const CalendarStamp = t.exact(
  t.intersection([
    t.type({ id: t.string, version: t.string }),
    t.partial({
      provisional: t.literal(true),
      from: t.string,
      days: t.number,
      unit: t.keyof({ 'working-days': null, 'statutory-days': null, 'statutory-years': null }),
      hours: t.literal(true),
    }),
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
  const end = localDate(deadline)
  // A count reaching the last days of December, which the next year's notice arranges too (its 元旦 across the turn of
  // the year: NOTICE_REACHES_BACK_TO), waits on that notice as well (found in review: a 期间 ending Thu 2026-12-31 was
  // stamped firm with no 2027 notice, which may make that day off).
  const last = Number(end.slice(0, 4)) + (end.slice(5) >= NOTICE_REACHES_BACK_TO ? 1 : 0)
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
 * The stamp for a deadline of `span` (a policy's: hours, natural days, working days, statutory days): `stampOf`'s for a
 * span the calendar counts; for one it does not (hours, natural days) the calendar and its version alone, never
 * `provisional` — no holiday notice can move such a deadline, and no re-base counts it again. One counted in hours that
 * falls at 23:59:59.000 China time, where a day deadline is written, says `hours` (`hoursMark`): an instant there, not
 * a day's end.
 */
export const spanStampOf = (calendar: Calendar, from: string, deadline: string, span: { readonly unit: string; readonly amount: number }, chained = false): CalendarStamp => {
  const counted = countedOf(span)
  if (counted !== undefined) return stampOf(calendar, from, deadline, counted, chained)
  return { id: calendar.name, version: calendar.version, ...hoursMark(deadline, span) }
}

/**
 * `{ hours: true }` for a deadline of `span` counted in hours that falls at 23:59:59.000 China time — the instant a day
 * deadline is written at (`endOfLocalDay`), which runs to 24:00 (民法典 art. 203 para. 2) — and nothing otherwise. Written
 * on the deadline's stamp there, and only there, so a reader knows from how it was counted that it closes at its
 * instant: every deadline at 23:59:59.000 without the mark was counted in days (events written before the mark existed
 * excepted: `deadlineClosesMs` reads those as a day's end, as they were read then). Elsewhere the instant alone tells.
 */
export const hoursMark = (deadline: string, span: { readonly unit: string }): { readonly hours?: true } =>
  span.unit === 'hours' && endOfLocalDay(localDate(deadline)) === toChinaIso(Date.parse(deadline)) ? { hours: true } : {}

/**
 * Was the deadline a stamp (or the last of a chain: the count in force) stamps counted in hours? True or false as the
 * stamp says; undefined without a stamp — an event written before hours deadlines were marked, or none at all — where
 * `deadlineClosesMs` falls back to reading a deadline at 23:59:59 China time as a day's end.
 */
export const inHours = (stamp: CalendarStamp | readonly CalendarStamp[] | undefined): boolean | undefined => {
  const last = Array.isArray(stamp) ? (stamp as readonly CalendarStamp[]).at(-1) : (stamp as CalendarStamp | undefined)
  return last === undefined ? undefined : last.hours === true
}

/**
 * A deadline counted again with `calendarFor(unit)`: the first stamp's count from its `from`, then each
 * extension's from the deadline before it. Undefined when the stamps do not say how (older events).
 */
export const recount = (stamps: readonly CalendarStamp[], calendarFor: (unit: Counting) => Calendar): string | undefined => recounted(stamps, calendarFor)?.deadline

/**
 * A deadline counted again as `recount` counts it, with the stamps of that count: each stamp of the chain as the
 * calendar counting it now stamps it (its id and version, `provisional` for the span that stamp counts), its `from`,
 * `days` and `unit` as they were. What a re-base records, and what the case then keeps as how the deadline is counted.
 */
export const recounted = (
  stamps: readonly CalendarStamp[],
  calendarFor: (unit: Counting) => Calendar,
): { readonly deadline: string; readonly stamps: readonly CalendarStamp[]; readonly spans: readonly (readonly [number, number])[] } | undefined => {
  const [first, ...extensions] = stamps
  if (first?.from === undefined || first.days === undefined || first.unit === undefined) return undefined
  const counted = { days: first.days, unit: first.unit }
  const yearOf = (at: string) => Number(localDate(at).slice(0, 4))
  // The years whose data a span counts with: those it runs through, and the next one when it ends in December (a year's
  // notice may arrange the last days of the one before: its 元旦 from 31 December, a make-up Saturday in late December).
  const span = (from: string, to: string): readonly [number, number] => [yearOf(from), yearOf(to) + (localDate(to).slice(5, 7) === '12' ? 1 : 0)]
  let deadline = countDays(first.from, counted, calendarFor(first.unit))
  const again = [stampOf(calendarFor(first.unit), first.from, deadline, counted)]
  const spans: (readonly [number, number])[] = [span(first.from, deadline)]
  for (const e of extensions) {
    if (e.days === undefined || e.unit === undefined) return undefined
    const extended = countDays(deadline, { days: e.days, unit: e.unit }, calendarFor(e.unit))
    again.push(stampOf(calendarFor(e.unit), deadline, extended, { days: e.days, unit: e.unit }, true))
    spans.push(span(deadline, extended))
    deadline = extended
  }
  return { deadline, stamps: again, spans }
}

/**
 * A calendar version's data for one year: its base (the shipped data, `chinese-days@1.5.7`) and the fingerprint of a
 * schedule loaded for that year (`+2027:<fingerprint>`, see chineseCalendar), if any. A version in another form is
 * its own data for every year.
 */
const yearData = (version: string, year: number): string => {
  const [base, ...loaded] = version.split('+')
  return `${base ?? ''}+${loaded.find((y) => y.startsWith(`${year}:`)) ?? ''}`
}

/**
 * Is a count the one a recount makes, stamp by stamp: the same calendar, the same provisional mark, and the same data
 * for each year it counts with (`recounted`'s spans)? A count made without a year's notice (provisional) or with another schedule for a year it counts
 * through is not, even when it ends the same day; one made before a schedule for a year it does not reach was loaded is.
 */
const sameCount = (stamps: readonly CalendarStamp[], again: NonNullable<ReturnType<typeof recounted>>): boolean =>
  stamps.length === again.stamps.length &&
  stamps.every((old, i) => {
    const now = again.stamps[i]
    const [from, to] = again.spans[i] ?? [0, -1]
    if (now === undefined || old.id !== now.id || old.provisional !== now.provisional) return false
    for (let year = from; year <= to; year += 1) if (yearData(old.version, year) !== yearData(now.version, year)) return false
    return true
  })


/** Appends a stamp to a chain (the first one starts it). */
export const chain = (stamps: readonly CalendarStamp[] | undefined, stamp: CalendarStamp | undefined, start: boolean): readonly CalendarStamp[] | undefined =>
  stamp === undefined ? (start ? undefined : stamps) : start ? [stamp] : stamps === undefined ? undefined : [...stamps, stamp]

/**
 * One deadline counted again by a rebase (重新计算期限): which, from when, to when; `units` names whose deadline it is
 * when a case holds several of a kind (a complaint's 报到 `arrival`, one per summoned department). `counted`: how it is
 * counted now (the stamps of its count, first then extensions, as `recounted` makes them) — the case keeps them as its
 * stamps for that deadline. A change whose `deadline` equals `previous` is a confirmation: a count that was provisional
 * (or made with another version of the calendar) the loaded schedule leaves on the same day. Changes recorded before
 * `counted` was added have none, and always moved their deadline.
 */
export const DeadlineChange = t.exact(
  t.intersection([t.type({ kind: t.string, previous: t.string, deadline: t.string }), t.partial({ units: t.array(t.string), counted: t.array(CalendarStamp) })]),
  'DeadlineChange',
)
export type DeadlineChange = t.TypeOf<typeof DeadlineChange>

/**
 * A deadline (`previous`, counted as `stamps` say) counted again with `calendarFor(unit)`: the change a re-base records
 * when it moved, or when its count was provisional or made with another schedule for a year it counts through (see
 * `sameCount`) — a confirmation,
 * `previous` equal to `deadline` (found in review: a provisional deadline the notice left on the same day got no event,
 * and the case showed it `provisional` for good); none when the stamps do not say how it was counted (older events) or
 * the count is the one it has.
 */
export const changeOf = (
  kind: string,
  previous: string | undefined,
  stamps: readonly CalendarStamp[] | undefined,
  calendarFor: (unit: Counting) => Calendar,
): DeadlineChange | undefined => {
  const again = previous === undefined || stamps === undefined ? undefined : recounted(stamps, calendarFor)
  if (again === undefined || previous === undefined || stamps === undefined) return undefined
  return again.deadline === previous && sameCount(stamps, again) ? undefined : { kind, previous, deadline: again.deadline, counted: [...again.stamps] }
}
