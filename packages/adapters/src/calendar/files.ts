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
import { Actor } from '@gridcase/core/access'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { replaceFileDurably, syncPath } from '../durableFile.js'

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

/**
 * A re-base of every open case that is due: recorded (`rebase-due.json` beside the schedules) before the schedule it
 * follows is kept, and cleared once every open case has been counted again; a server that starts with one finishes it.
 */
export interface RebaseDue {
  /** This load's own id: with the case id and the calendar version, it derives each case's command id. */
  readonly id: string
  /** The calendar version the load made (the re-base counts with the calendar in effect when it runs). */
  readonly version: string
  /** Recorded on each case as the re-base's reason. */
  readonly reason: string
  /** Who loaded it (`POST /api/v1/calendar`); absent (`gridcase calendar load`): an admin of each case's jurisdiction, named `process:calendar-rebase`. */
  readonly actor?: Actor
  readonly at: string
}

const REBASE_DUE_FILE = 'rebase-due.json'
const REBASE_DUE_FORMAT = 'gridcase-rebase-due/1'

/** Where loaded schedules are kept: one `<year>.csv` per year under `dir`, so a restart keeps them. */
export interface CalendarFiles {
  readonly dir: string
  /** Every schedule kept, oldest year first; a file that no longer reads is reported, not loaded. */
  load(): { readonly schedules: readonly HolidaySchedule[]; readonly refused: readonly { readonly file: string; readonly error: DomainError }[] }
  /** Keeps a schedule, replacing the year's previous one: written to a temporary file, synced, then renamed. */
  save(schedule: HolidaySchedule): void
  /** Records that a re-base is due (replacing any earlier one: the next re-base covers both), synced before it returns. */
  markRebaseDue(due: RebaseDue): void
  /** The re-base due, if any. A marker that does not read is still one: due, under its file's own reason. */
  rebaseDue(): RebaseDue | undefined
  /** Clears the marker once the re-base `id` is done, unless a later load has replaced it meanwhile. */
  clearRebaseDue(id: string): void
}

/** Writes `text` to `dir/name` durably: a temporary file, synced, renamed into place, and the directory synced. */
const writeDurably = (dir: string, name: string, text: string): void => {
  mkdirSync(dir, { recursive: true })
  replaceFileDurably(join(dir, name), text, 0o644)
}

const readRebaseDue = (file: string): RebaseDue | undefined => {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const json = JSON.parse(text) as Partial<Record<keyof RebaseDue | 'format', unknown>>
    if (json.format === REBASE_DUE_FORMAT && typeof json.id === 'string' && typeof json.version === 'string' && typeof json.reason === 'string' && typeof json.at === 'string') {
      const actor = Actor.is(json.actor) ? json.actor : undefined
      return { id: json.id, version: json.version, reason: json.reason, at: json.at, ...(actor === undefined ? {} : { actor }) }
    }
  } catch {
    // Written whole (renamed into place), so only a hand-edited file gets here: still due.
  }
  return { id: `unreadable:${text.length}`, version: '', reason: `a holiday schedule was loaded (${file} did not read)`, at: '' }
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
  save: (schedule) => writeDurably(dir, `${schedule.year}.csv`, scheduleToCsv(schedule)),
  markRebaseDue: (due) => writeDurably(dir, REBASE_DUE_FILE, `${JSON.stringify({ format: REBASE_DUE_FORMAT, ...due })}\n`),
  rebaseDue: () => readRebaseDue(join(dir, REBASE_DUE_FILE)),
  clearRebaseDue: (id) => {
    const file = join(dir, REBASE_DUE_FILE)
    if (readRebaseDue(file)?.id !== id) return
    rmSync(file, { force: true })
    syncPath(dir)
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
  /** Counts with exactly these schedules from now on (the log's, as `calendarInLog` reads them). */
  replace(schedules: readonly HolidaySchedule[]): ChineseCalendar
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
    replace: (schedules) => {
      // Unchanged schedules keep the calendar (and its working-day cache).
      const next = chineseCalendar(schedules)
      if (next.version !== current.version) current = next
      return current
    },
  }
}
