import type { EventStore } from '@gridcase/core'
import { folderNotStore, notEventLog } from './dbPath.js'
import { addLocalDays, festivalDays, FESTIVAL_YEARS, weekdayOf, type ChineseCalendar } from '@gridcase/core/calendar'
import { processActor } from '@gridcase/core/processes'
import * as E from 'fp-ts/lib/Either.js'
import { isUtf8 } from 'node:buffer'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { calendarFiles, liveCalendar, parseScheduleFile } from '../calendar/files.js'
import { CALENDAR_LOAD_PROCESS, calendarInLog, NATIONAL } from '../calendar/log.js'
import { systemClock } from '../clock.js'
import { newId } from '../ids.js'
import { memoryEventStore } from '../memory/store.js'
import { poolBound, statementTimeoutFor } from './statementTimeout.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { commandArgs } from './commandArgs.js'
import { postgresUrlProblem } from './args.js'

export const CALENDAR_USAGE = `usage: gridcase calendar <command> [options]

commands:
  load <file>               check a holiday schedule (CSV, or .json) and record it in the event log (the
                            'calendar' stream); errors name the line
  show <year>               the year's days off and make-up working days, and where they come from

options:
  --data <dir>              the server's data directory (default ./data): its log is <dir>/gridcase.sqlite
  --db <path>               the SQLite event store itself (instead of --data)
  --database-url <url>      PostgreSQL: the servers' log in that database (instead of --data or --db)
  --schema <name>           PostgreSQL: the store's schema (default gridcase)
  --create                  make the data directory and its store when they do not exist (else load refuses: a
                            mistyped path would keep a schedule no server reads)

A schedule recorded here is every server's over the same log: each reads the stream every second
(GRIDCASE_CALENDAR_REFRESH_MS) and counts with it from then on; the re-base of every open case it calls for is run
once, by the calendar-rebase process of the runner holding its lease (a server, or gridcase processes; with none
running, the first to start), until its completion is recorded in the log.
POST /api/v1/calendar does the same over HTTP. Schedule files of earlier releases (<dir>/calendar/<year>.csv) are
taken over into the log by the server at its start, for a year the log has no schedule for.

environment: DATABASE_STATEMENT_TIMEOUT_MS (with --database-url): the longest a statement may take, ms (default 30000,
  as the servers' requests; 0: no bound); past it the command stops, exit 3

exit codes: 0 ok, 2 usage or input error, 3 failure (the database could not be used, the log could not be read)`

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

type Out = (text: string) => void

/** The log the command works on: SQLite (`--data`, `--db`) or PostgreSQL (`--database-url`); else the exit code: 2 refused, 3 the database could not be used. */
const openLog = async (
  values: { readonly data?: string | undefined; readonly db?: string | undefined; readonly 'database-url'?: string | undefined; readonly schema?: string | undefined; readonly create?: boolean | undefined },
  options: { readonly write: boolean },
  err: Out,
): Promise<{ readonly store: EventStore; readonly close: () => Promise<void> } | 2 | 3> => {
  const url = values['database-url']
  if (url !== undefined && (values.db !== undefined || values.data !== undefined)) {
    err('gridcase: give --data, --db (SQLite) or --database-url (PostgreSQL), one of them\n')
    return 2
  }
  const urlProblem = url === undefined ? undefined : postgresUrlProblem(url)
  if (urlProblem !== undefined) {
    err(`gridcase: ${urlProblem}\n`)
    return 2
  }
  if (values.db !== undefined && values.data !== undefined) {
    err('gridcase: give --data or --db, not both\n')
    return 2
  }
  if (url !== undefined) {
    // PostgreSQL's driver and store, imported for --database-url only: a calendar beside SQLite loads no pg (tests/cli-lazy-loading.test.ts).
    const [{ heardPool }, { checkSchema, hasTable, isSchemaProblem }, { postgresEventStore }] = await Promise.all([
      import('../postgres/pool.js'),
      import('../postgres/schema.js'),
      import('../postgres/store.js'),
    ])
    const schema = values.schema ?? 'gridcase'
    // Each statement bounded as a server's request is (DATABASE_STATEMENT_TIMEOUT_MS, 30 s by default): a lock another
    // session holds is exit 3, said, not a wait without end.
    const bound = statementTimeoutFor('quick')
    if ('problem' in bound) {
      err(`gridcase: ${bound.problem}\n`)
      return 2
    }
    // Checked unless --create is to make a log that is not there: --create does not migrate one that is (servers of
    // an older build may still run on it).
    const pool = heardPool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000, application_name: 'gridcase-calendar', ...poolBound(bound.ms) })
    // A server that does not answer is said as such: --create makes a schema, not a database server.
    try {
      await pool.query('select 1')
    } catch (error) {
      await pool.end()
      err(`gridcase: the PostgreSQL database could not be used: ${error instanceof Error ? error.message : String(error)}\n`)
      // The database failed (a server down, a password refused), not the command line: exit 3, as \`gridcase processes\`.
      return 3
    }
    try {
      if (values.create !== true || (await hasTable(pool, schema, 'store_schema'))) await checkSchema(pool, schema, options.write ? 'write' : 'read')
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      // The database failing under the check (its connection ended, say) is not a schema to create: exit 3, said as such.
      if (!isSchemaProblem(error)) {
        err(`gridcase: the PostgreSQL database could not be used: ${message}\n`)
        return 3
      }
      err(`gridcase: ${message}${values.create === true ? '' : ' (give --create to make it)'}\n`)
      return 2
    } finally {
      await pool.end()
    }
    const store = postgresEventStore({ connectionString: url, schema, maxConnections: 2, statementTimeoutMs: bound.ms, ...(options.write ? {} : { readOnly: true }) })
    try {
      await store.ready
    } catch (error) {
      await store.close()
      err(`gridcase: the PostgreSQL database could not be used: ${error instanceof Error ? error.message : String(error)}\n`)
      // The database failed (a server down, a password refused), not the command line: exit 3, as \`gridcase processes\`.
      return 3
    }
    return { store, close: () => store.close() }
  }
  const db = values.db ?? join(values.data ?? './data', 'gridcase.sqlite')
  if (!existsSync(db)) {
    // Nothing recorded yet: `show` reads the shipped calendar; `load` makes the store only when asked to.
    if (!options.write) return { store: memoryEventStore(), close: async () => undefined }
    if (values.create !== true) {
      err(`gridcase: no event store at ${db} (give --create to make it)\n`)
      return 2
    }
    mkdirSync(dirname(db), { recursive: true })
  }
  const folder = folderNotStore(db) ?? notEventLog(db)
  if (folder !== undefined) {
    err(`gridcase: ${folder}\n`)
    return 2
  }
  // A file that is no SQLite database is said, named, not thrown.
  try {
    const store = sqliteEventStore({ path: db, ...(options.write ? {} : { readonly: true }) })
    return { store, close: () => store.close() }
  } catch (error) {
    err(`gridcase: cannot open the event store ${db}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
}

/** Runs `gridcase calendar …`; resolves with the exit code (0 ok, 2 usage or a refused file, 3 the log failed). */
export const runCalendarCli = async (argv: readonly string[], out: Out, err: Out, env: { readonly now: () => string; readonly user: string } = { now: () => systemClock.now(), user: process.env['USER'] ?? 'admin' }): Promise<number> => {
  const parsed = commandArgs(
    argv,
    { data: { type: 'string' }, db: { type: 'string' }, 'database-url': { type: 'string' }, schema: { type: 'string' }, create: { type: 'boolean' } },
    { prefix: 'gridcase', usage: CALENDAR_USAGE },
    out,
    err,
  )
  if (typeof parsed === 'number') return parsed
  const { values, positionals } = parsed
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
    if (statSync(arg).isDirectory()) {
      err(`gridcase: ${arg} is a folder, not a schedule file\n`)
      return 2
    }
    // Not decoded with U+FFFD in place of what is not UTF-8: the source's text is recorded in the log for good.
    const bytes = readFileSync(arg)
    if (!isUtf8(bytes)) {
      err(`gridcase: ${arg}: is not valid UTF-8 (save the schedule as UTF-8)\n`)
      return 2
    }
    const schedule = parseScheduleFile(basename(arg), bytes.toString('utf8'))
    if (E.isLeft(schedule)) {
      const errors = schedule.left.code === 'validation' ? schedule.left.errors : []
      err(`gridcase: ${arg}: ${schedule.left.message}\n${errors.map((e) => `  ${e.path}: ${e.message}\n`).join('')}`)
      return 2
    }
    const log = await openLog(values, { write: true }, err)
    if (typeof log === 'number') return log
    try {
      const inLog = calendarInLog(log.store, liveCalendar())
      const { year, source } = schedule.right
      const commandId = newId()
      const { event, log: after } = await inLog.record(schedule.right, {
        actor: processActor(CALENDAR_LOAD_PROCESS, NATIONAL),
        at: env.now(),
        commandId,
        reason: `holiday schedule for ${year} loaded (${source}) by ${env.user} with gridcase calendar load`,
      })
      out(
        `loaded ${year} from ${arg} (${source}): ${schedule.right.holidays.length} holidays, ${schedule.right.workdays.length} make-up days\n` +
          `recorded in the log at position ${event.position}; calendar version ${after.version}\n` +
          'every server over this log counts with it within a second; the open cases are re-based once, by the calendar-rebase process of whichever server (or gridcase processes) holds its lease — with none running, by the first to start\n',
      )
      return 0
    } catch (error) {
      err(`gridcase: the schedule was not recorded: ${error instanceof Error ? error.message : String(error)}\n`)
      return 3
    } finally {
      await log.close()
    }
  }
  // The years GET /api/v1/calendar/{year} shows.
  if (command === 'show' && arg !== undefined && (!/^\d{4}$/.test(arg) || Number(arg) < 1900 || Number(arg) > 2100)) {
    err(`gridcase: calendar show: expected a year from 1900 to 2100, got '${arg}'\n`)
    return 2
  }
  if (command === 'show' && arg !== undefined) {
    const log = await openLog(values, { write: false }, err)
    if (typeof log === 'number') return log
    try {
      const live = liveCalendar()
      await calendarInLog(log.store, live).refresh()
      // Schedule files of earlier releases that a server has not taken over yet: said, not counted.
      const dir = join(values.db === undefined ? (values.data ?? './data') : dirname(values.db), 'calendar')
      const files = values['database-url'] === undefined ? calendarFiles(dir).load() : { schedules: [], refused: [] }
      for (const r of files.refused) err(`gridcase: ${r.file} not used: ${r.error.message}\n`)
      for (const s of files.schedules) {
        if (!live.current().loaded.some((l) => l.year === s.year)) err(`gridcase: ${dir}/${s.year}.csv is not in the log yet: a server takes it over at its next start\n`)
      }
      out(describeYear(live.current(), Number(arg)))
      return 0
    } catch (error) {
      err(`gridcase: the log could not be read: ${error instanceof Error ? error.message : String(error)}\n`)
      return 3
    } finally {
      await log.close()
    }
  }
  // What was typed is named: an unknown command, or a known one without its argument.
  const what =
    command === undefined
      ? 'missing command'
      : command !== 'load' && command !== 'show'
        ? `unknown calendar command '${command}'`
        : `calendar ${command} needs ${command === 'load' ? 'a schedule file' : 'a year'}`
  err(`gridcase: ${what}: expected 'calendar load <file>' or 'calendar show <year>'\n\n${CALENDAR_USAGE}\n`)
  return 2
}
