import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { DATE_SCHEMA, decode, refinedString, text, wholeNumber } from '../kernel/codec.js'
import { validationError, type DomainError, type FieldError } from '../kernel/errors.js'
import { addLocalDays, weekdayOf } from './dates.js'
import { FESTIVAL_YEARS, festivalDays } from './festivals.js'

/**
 * One year's 放假安排 as the 国务院办公厅 notice sets it: the days off (holidays, each a range) and the
 * 调休 make-up working days, with the notice it comes from.
 */
export interface HolidaySchedule {
  readonly year: number
  /** The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕N号). */
  readonly source: string
  readonly holidays: readonly { readonly name: string; readonly from: string; readonly to: string }[]
  readonly workdays: readonly { readonly name: string; readonly date: string }[]
}

const isDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && addLocalDays(`${m[1]}-${m[2]}-01`, d - 1).slice(5, 7) === m[2] && y > 0
}
const ScheduleDate = refinedString('Date', isDate, 'a date YYYY-MM-DD', DATE_SCHEMA)
const ScheduleYear = wholeNumber('ScheduleYear', FESTIVAL_YEARS.from, FESTIVAL_YEARS.to, `a year from ${FESTIVAL_YEARS.from} to ${FESTIVAL_YEARS.to}`)

/** A schedule as JSON (the HTTP body of `POST /api/v1/calendar`, or a `.json` file). */
export const HolidayScheduleData = t.exact(
  t.type({
    year: ScheduleYear,
    source: text(500, 'Source'),
    holidays: t.array(t.exact(t.type({ name: text(50, 'HolidayName'), from: ScheduleDate, to: ScheduleDate }), 'Holiday')),
    workdays: t.array(t.exact(t.type({ name: text(50, 'HolidayName'), date: ScheduleDate }), 'MakeUpWorkday')),
  }),
  'HolidayScheduleData',
)

// Where each entry came from, so an error names the line of a CSV file or the field of a JSON body.
interface Located {
  readonly schedule: HolidaySchedule
  readonly holidayAt: (i: number) => string
  readonly workdayAt: (i: number) => string
}

/**
 * The first day (month-day) of the December before its year that a notice may arrange: its 元旦 across the turn of the
 * year (see `check`). A count reaching that day or later is not final until the next year's notice is loaded (`stampOf`).
 */
export const NOTICE_REACHES_BACK_TO = '12-25'

/** Checks what a well-formed schedule may still get wrong; every problem, each naming its line or field. */
const check = ({ schedule, holidayAt, workdayAt }: Located): readonly FieldError[] => {
  const errors: FieldError[] = []
  const { year } = schedule
  // A notice arranges its year's 元旦 across the turn of the year: its days off or make-up days may fall in the last
  // days of the December before (2023's 元旦 ran from 2022-12-31; 2012's notice made Saturday 2011-12-31 a working day;
  // 2008's began its 元旦 arrangement on 2007-12-29). They count in that year (`chineseCalendar`).
  const earliest = `${year - 1}-${NOTICE_REACHES_BACK_TO}`
  const inYear = (d: string): boolean => d.startsWith(`${year}-`) || (d >= earliest && d.startsWith(`${year - 1}-`))
  const where = `${year}, the schedule's year, or from ${earliest}`
  const off = new Map<string, number>()
  schedule.holidays.forEach((h, i) => {
    const at = holidayAt(i)
    if (!inYear(h.from) || !inYear(h.to)) return void errors.push({ path: at, message: `expected dates in ${where} (${h.from}..${h.to})` })
    if (h.to < h.from) return void errors.push({ path: at, message: `expected the last day ${h.to} not before the first ${h.from}` })
    if (h.to > addLocalDays(h.from, 30)) return void errors.push({ path: at, message: `expected a holiday of at most 31 days (${h.from}..${h.to})` })
    for (let d = h.from; d <= h.to; d = addLocalDays(d, 1)) {
      const other = off.get(d)
      if (other !== undefined) return void errors.push({ path: at, message: `overlaps ${holidayAt(other)} on ${d}` })
      off.set(d, i)
    }
  })
  const seen = new Map<string, number>()
  schedule.workdays.forEach((w, i) => {
    const at = workdayAt(i)
    if (!inYear(w.date)) return void errors.push({ path: at, message: `expected a date in ${where} (${w.date})` })
    const holiday = off.get(w.date)
    if (holiday !== undefined) return void errors.push({ path: at, message: `make-up day ${w.date} is a day off in ${holidayAt(holiday)}` })
    const day = weekdayOf(w.date)
    if (day !== 0 && day !== 6) return void errors.push({ path: at, message: `expected a Saturday or Sunday: ${w.date} is a working day anyway` })
    const twice = seen.get(w.date)
    if (twice !== undefined) return void errors.push({ path: at, message: `make-up day ${w.date} is listed twice (also ${workdayAt(twice)})` })
    seen.set(w.date, i)
  })
  if (errors.length === 0) {
    // The notice arranges days around the statutory festivals; it never makes one of them a working day.
    const missing = festivalDays(year).filter((f) => !off.has(f.date))
    if (missing.length > 0) {
      errors.push({ path: 'holidays', message: `missing statutory festival days: ${missing.map((f) => `${f.date} (${f.name})`).join(', ')}` })
    }
  }
  return errors
}

const checked = (located: Located): E.Either<DomainError, HolidaySchedule> => {
  const errors = check(located)
  return errors.length === 0 ? E.right(located.schedule) : E.left(validationError(errors, `The holiday schedule for ${located.schedule.year} is not valid; nothing was loaded`))
}

/** A schedule from JSON (already parsed): decoded, then checked; errors name the field. */
export const scheduleFromJson = (u: unknown): E.Either<DomainError, HolidaySchedule> =>
  E.chain((schedule: HolidaySchedule) =>
    checked({ schedule, holidayAt: (i) => `holidays[${i}]`, workdayAt: (i) => `workdays[${i}]` }),
  )(decode(HolidayScheduleData, u))

/**
 * A schedule from its CSV file, one record a line (`#` starts a comment):
 * `year,2027` · `source,<the notice>` · `holiday,<name>,<first day>,<last day>` · `workday,<name>,<date>`.
 * Errors name the line (`line 7`).
 */
export const scheduleFromCsv = (csv: string): E.Either<DomainError, HolidaySchedule> => {
  const errors: FieldError[] = []
  let year: number | undefined
  let source: string | undefined
  let sawYear = false
  const holidays: { name: string; from: string; to: string }[] = []
  const holidayLines: number[] = []
  const workdays: { name: string; date: string }[] = []
  const workdayLines: number[] = []
  csv.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').trim()
    const at = `line ${i + 1}`
    if (line === '' || line.startsWith('#')) return
    const cells = line.split(',').map((c) => c.trim())
    const bad = (message: string) => void errors.push({ path: at, message })
    const dates = (ds: string[]): boolean => {
      const wrong = ds.find((d) => !isDate(d))
      if (wrong !== undefined) bad(`expected a date YYYY-MM-DD, got '${wrong}'`)
      return wrong === undefined
    }
    switch (cells[0]) {
      case 'year': {
        sawYear = true
        const y = Number(cells[1])
        if (cells.length !== 2 || !ScheduleYear.is(y)) return bad(`expected 'year,<year from ${FESTIVAL_YEARS.from} to ${FESTIVAL_YEARS.to}>'`)
        if (year !== undefined) return bad('the year is given twice')
        year = y
        return
      }
      case 'source':
        if (cells.length < 2 || cells.slice(1).join(',').trim() === '') return bad("expected 'source,<the notice>'")
        source = raw.slice(raw.indexOf(',') + 1).trim()
        return
      case 'holiday': {
        const [, name, from, to] = cells
        if (cells.length !== 4 || name === undefined || name === '' || from === undefined || to === undefined) return bad("expected 'holiday,<name>,<first day>,<last day>'")
        if (!dates([from, to])) return
        holidays.push({ name, from, to })
        holidayLines.push(i + 1)
        return
      }
      case 'workday': {
        const [, name, date] = cells
        if (cells.length !== 3 || name === undefined || name === '' || date === undefined) return bad("expected 'workday,<name>,<date>'")
        if (!dates([date])) return
        workdays.push({ name, date })
        workdayLines.push(i + 1)
        return
      }
      default:
        return bad(`expected a record 'year', 'source', 'holiday' or 'workday', got '${cells[0] ?? ''}'`)
    }
  })
  if (!sawYear) errors.push({ path: 'year', message: "is required: a line 'year,<year>'" })
  if (source === undefined) errors.push({ path: 'source', message: "is required: a line 'source,<the notice>'" })
  if (errors.length > 0 || year === undefined || source === undefined) return E.left(validationError(errors, 'The holiday schedule file is not valid; nothing was loaded'))
  return checked({
    schedule: { year, source, holidays, workdays },
    holidayAt: (i) => `line ${holidayLines[i] ?? '?'}`,
    workdayAt: (i) => `line ${workdayLines[i] ?? '?'}`,
  })
}

/** The schedule written as its CSV file (what `scheduleFromCsv` reads back). */
export const scheduleToCsv = (s: HolidaySchedule): string =>
  [
    `year,${s.year}`,
    `source,${s.source}`,
    ...s.holidays.map((h) => `holiday,${h.name},${h.from},${h.to}`),
    ...s.workdays.map((w) => `workday,${w.name},${w.date}`),
    '',
  ].join('\n')
