import { validationError, type DomainError } from '@gridcase/core'
import {
  chineseCalendar,
  scheduleFromCsv,
  scheduleFromJson,
  scheduleToCsv,
  type Calendar,
  type ChineseCalendar,
  type HolidaySchedule,
} from '@gridcase/core/calendar'
import * as E from 'fp-ts/lib/Either.js'
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** Reads a schedule file: `.json` as JSON, anything else as the CSV format; errors name the line or field. */
export const parseScheduleFile = (name: string, text: string): E.Either<DomainError, HolidaySchedule> => {
  if (!name.toLowerCase().endsWith('.json')) return scheduleFromCsv(text)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return E.left(validationError([{ path: name, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }]))
  }
  return scheduleFromJson(json)
}

/** Where loaded schedules are kept: one `<year>.csv` per year under `dir`, so a restart keeps them. */
export interface CalendarFiles {
  readonly dir: string
  /** Every schedule kept, oldest year first; a file that no longer reads is reported, not loaded. */
  load(): { readonly schedules: readonly HolidaySchedule[]; readonly refused: readonly { readonly file: string; readonly error: DomainError }[] }
  /** Keeps a schedule, replacing the year's previous one: written to a temporary file, synced, then renamed. */
  save(schedule: HolidaySchedule): void
}

/** The schedule files under `dir` (created on the first save). */
export const calendarFiles = (dir: string): CalendarFiles => ({
  dir,
  load: () => {
    if (!existsSync(dir)) return { schedules: [], refused: [] }
    const schedules: HolidaySchedule[] = []
    const refused: { file: string; error: DomainError }[] = []
    for (const file of readdirSync(dir).filter((f) => /^\d{4}\.csv$/.test(f)).sort()) {
      const parsed = scheduleFromCsv(readFileSync(join(dir, file), 'utf8'))
      if (E.isLeft(parsed)) refused.push({ file, error: parsed.left })
      else schedules.push(parsed.right)
    }
    return { schedules, refused }
  },
  save: (schedule) => {
    mkdirSync(dir, { recursive: true })
    const target = join(dir, `${schedule.year}.csv`)
    const temporary = `${target}.tmp`
    const fd = openSync(temporary, 'w')
    try {
      writeSync(fd, scheduleToCsv(schedule))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, target)
    // The rename itself is durable only once the directory is synced.
    const dirFd = openSync(dir, 'r')
    try {
      fsyncSync(dirFd)
    } finally {
      closeSync(dirFd)
    }
  },
})

/**
 * The calendar a running server decides with: deciders hold `calendar`, which answers from the schedules
 * loaded so far; `load` swaps in a new version (its working-day cache is per version).
 */
export interface LiveCalendar {
  readonly calendar: Calendar
  current(): ChineseCalendar
  load(schedule: HolidaySchedule): ChineseCalendar
}

/** A live calendar starting from the given schedules. */
export const liveCalendar = (schedules: readonly HolidaySchedule[] = []): LiveCalendar => {
  let current = chineseCalendar(schedules)
  const calendar: Calendar = {
    get name() {
      return current.name
    },
    get version() {
      return current.version
    },
    isWorkday: (date) => current.isWorkday(date),
    isProvisional: (date) => current.isProvisional(date),
  }
  return {
    calendar,
    current: () => current,
    load: (schedule) => {
      current = chineseCalendar([...current.loaded, schedule])
      return current
    },
  }
}
