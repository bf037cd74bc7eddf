import { addLocalDays, festivalDays, FESTIVAL_YEARS, weekdayOf, type ChineseCalendar } from '@gridcase/core/calendar'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import { calendarFiles, liveCalendar, parseScheduleFile } from '../calendar/files.js'
import { systemClock } from '../clock.js'
import { newId } from '../ids.js'

export const CALENDAR_USAGE = `usage: gridcase calendar <command> [options]

commands:
  load <file>               check a holiday schedule (CSV, or .json) and keep it for the server; errors name the line
  show <year>               the year's days off and make-up working days, and where they come from

options:
  --data <dir>              the server's data directory (default ./data); schedules are kept in <dir>/calendar/
  --create                  make the data directory when it does not exist (else load refuses it: a mistyped
                            path would keep a schedule no server reads)

A schedule loaded here also records that the deadlines of open cases are to be re-based
(<dir>/calendar/rebase-due.json): a server picks both up when it next starts, and re-bases every open case before
it clears the marker. POST /api/v1/calendar loads one into a running server and re-bases at once.`

/** What `show` prints for a year: the days that differ from Monday–Friday, and where the year's data comes from. */
export const describeYear = (calendar: ChineseCalendar, year: number): string => {
  const source = calendar.sourceOf(year)
  const schedule = calendar.loaded.find((s) => s.year === year)
  const lines = [
    `${year}: ${source === 'loaded' ? `loaded schedule — ${schedule?.source ?? ''}` : source === 'shipped' ? 'shipped schedule (chinese-days)' : 'no notice: statutory festival days only (provisional)'}`,
    `calendar ${calendar.name} version ${calendar.version}`,
  ]
  if (year >= FESTIVAL_YEARS.from && year <= FESTIVAL_YEARS.to) {
    lines.push(`festival days: ${festivalDays(year).map((f) => `${f.date} ${f.name}`).join(', ')}`)
  }
  const off: string[] = []
  const makeUp: string[] = []
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addLocalDays(d, 1)) {
    const weekday = weekdayOf(d)
    const weekend = weekday === 0 || weekday === 6
    const work = calendar.isWorkday(d)
    if (!weekend && !work) off.push(d)
    if (weekend && work) makeUp.push(d)
  }
  lines.push(`weekdays off: ${off.join(', ') || '(none)'}`, `make-up working days: ${makeUp.join(', ') || '(none)'}`)
  return `${lines.join('\n')}\n`
}

/** Runs `gridcase calendar …`; returns the exit code (0 ok, 2 usage or a refused file). */
export const runCalendarCli = (argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number => {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { data: { type: 'string' }, create: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  } catch (error) {
    err(`gridcase: ${error instanceof Error ? error.message : String(error)}\n\n${CALENDAR_USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help === true) {
    out(`${CALENDAR_USAGE}\n`)
    return 0
  }
  const data = values.data ?? './data'
  const files = calendarFiles(join(data, 'calendar'))
  const [command, arg, ...extra] = positionals
  if (extra.length > 0) {
    err(`gridcase: unexpected argument '${extra[0] ?? ''}'\n`)
    return 2
  }
  if (command === 'load' && arg !== undefined) {
    if (!existsSync(arg)) {
      err(`gridcase: no file ${arg}\n`)
      return 2
    }
    const schedule = parseScheduleFile(basename(arg), readFileSync(arg, 'utf8'))
    if (E.isLeft(schedule)) {
      const errors = schedule.left.code === 'validation' ? schedule.left.errors : []
      err(`gridcase: ${arg}: ${schedule.left.message}\n${errors.map((e) => `  ${e.path}: ${e.message}\n`).join('')}`)
      return 2
    }
    if (!existsSync(data)) {
      if (values.create !== true) {
        err(`gridcase: no data directory ${data} (give --create to make it)\n`)
        return 2
      }
      mkdirSync(data, { recursive: true })
    }
    const calendar = liveCalendar(files.load().schedules).load(schedule.right)
    // Recorded before the schedule is kept: a schedule in effect always has its re-base done or due.
    files.markRebaseDue({
      id: newId(),
      version: calendar.version,
      reason: `holiday schedule for ${schedule.right.year} loaded (${schedule.right.source}) with gridcase calendar load; calendar ${calendar.version}`,
      at: systemClock.now(),
    })
    files.save(schedule.right)
    out(`loaded ${schedule.right.year} from ${arg} (${schedule.right.source}): ${schedule.right.holidays.length} holidays, ${schedule.right.workdays.length} make-up days\ncalendar version ${calendar.version}\nopen cases are re-based when the server next starts\n`)
    return 0
  }
  if (command === 'show' && arg !== undefined && /^\d{4}$/.test(arg)) {
    const { schedules, refused } = files.load()
    for (const r of refused) err(`gridcase: ${r.file} not used: ${r.error.message}\n`)
    out(describeYear(liveCalendar(schedules).current(), Number(arg)))
    return 0
  }
  err(`gridcase: expected 'calendar load <file>' or 'calendar show <year>'\n\n${CALENDAR_USAGE}\n`)
  return 2
}
