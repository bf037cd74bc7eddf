import * as E from 'fp-ts/lib/Either.js'
import type { CaseType, EventStore, RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import {
  CALENDAR_REBASE_COMPLETED,
  CALENDAR_STREAM,
  calendarLogOf,
  chineseCalendar,
  HOLIDAY_SCHEDULE_LOADED,
  scheduleToCsv,
  staleStamps,
  stampsOf,
  type CalendarLog,
  type HolidaySchedule,
  type RebaseDueInLog,
} from '@gridcase/core/calendar'
import { derivedId, processActor, type ProcessCommand } from '@gridcase/core/processes'
import type { CalendarFiles, LiveCalendar } from './files.js'
import type { ProcessDefinition } from '../processes/runner.js'

/** Who loads a schedule that no admin loaded over HTTP: the CLI, or a schedule file taken over at a server's start. */
export const CALENDAR_LOAD_PROCESS = 'calendar-load'
/** The process that re-bases a case whose deadline was counted with a calendar the log had already replaced. */
export const CALENDAR_STALE_PROCESS = 'calendar-stale'
/** The jurisdiction a calendar load is recorded under when no admin made it: the schedule is the whole country's. */
export const NATIONAL = 'cn'

/** A load as the CLI or a server records it. */
export interface ScheduleLoad {
  readonly actor: Actor
  readonly at: string
  /** Recorded on the event and on every case it re-bases (absent: said from the schedule and the version). */
  readonly reason?: string
  /** The command id (the Idempotency-Key of a POST, or a fresh id). */
  readonly commandId: string
}

/**
 * The calendar a server counts with, read from the log's `calendar` stream and kept in step with it: `refresh` looks
 * at the stream's version (one small read) and, when something was loaded since, reads the stream and swaps the live
 * calendar the deciders hold. Every server over the same log counts with the same schedules, whichever loaded them.
 */
export interface CalendarInLog {
  /** The stream as last read (after `refresh`). */
  current(): CalendarLog
  /** Reads the stream again if it grew, and makes the live calendar what it says. */
  refresh(): Promise<CalendarLog>
  /** Records a schedule (appended to the stream), then counts with it. Resolves with its event and the log after it. */
  record(schedule: HolidaySchedule, load: ScheduleLoad): Promise<{ readonly event: RecordedEvent; readonly log: CalendarLog }>
  /**
   * `record`, only while the log holds no schedule for the year: checked against the stream each attempt reads, and the
   * append expects that stream's version, so a load recorded meanwhile (by another server, the CLI) is never replaced.
   * Resolves with the schedule in effect for the year instead when there is one (or with its own event when this
   * command was recorded already).
   */
  recordIfYearUnheld(schedule: HolidaySchedule, load: ScheduleLoad): Promise<{ readonly event: RecordedEvent; readonly log: CalendarLog } | { readonly held: HolidaySchedule; readonly log: CalendarLog }>
  /** Records that every open case was counted again after `due` (once: a second server finishing the same finds it done). */
  complete(due: RebaseDueInLog, outcome: { readonly cases: number; readonly rebased: number; readonly failed: number }, at: string): Promise<void>
}

const reasonOf = (schedule: HolidaySchedule, version: string): string => `holiday schedule for ${schedule.year} loaded (${schedule.source}); calendar ${version}`

/**
 * The `calendar` stream of `store`, followed into `live` (which starts from the shipped schedules until `refresh`).
 * `follow`: the same log read without a request's bound (PostgreSQL's `background` face), for `refresh` (at a server's
 * start, then every few seconds): a read of it cancelled at the bound stopped a server's start (default `store`).
 */
export const calendarInLog = (store: EventStore, live: LiveCalendar, follow: Pick<EventStore, 'streamVersion' | 'readStream'> = store): CalendarInLog => {
  let log = calendarLogOf([])
  const refresh = async (): Promise<CalendarLog> => {
    const version = await follow.streamVersion(CALENDAR_STREAM)
    const known = version === 'no-stream' ? -1 : version
    if (known === log.streamVersion) return log
    const read = calendarLogOf(await follow.readStream(CALENDAR_STREAM))
    // Another refresh may have read a longer stream meanwhile: the longer one stays.
    if (read.streamVersion > log.streamVersion) {
      log = read
      live.replace(log.schedules)
    }
    return log
  }
  const recordWith = async (
    schedule: HolidaySchedule,
    load: ScheduleLoad,
    yearUnheld: boolean,
  ): Promise<{ readonly event: RecordedEvent; readonly log: CalendarLog } | { readonly held: HolidaySchedule; readonly log: CalendarLog }> => {
    const eventId = derivedId(`gridcase:calendar-load:${load.commandId}`)
    // The stream's version expected, and taken again after another load won the race: the stream is a few events a
    // year, read whole. A load recorded already under this command id (a retried request, a file two servers take
    // over at once) is answered with its event, not written twice.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const events = await store.readStream(CALENDAR_STREAM)
      const earlier = events.find((e) => e.eventId === eventId)
      if (earlier !== undefined) return { event: earlier, log: await refresh() }
      const current = calendarLogOf(events)
      const held = yearUnheld ? [...current.schedules].reverse().find((s) => s.year === schedule.year) : undefined
      if (held !== undefined) return { held, log: await refresh() }
      const version = chineseCalendar([...current.schedules, schedule]).version
      const appended = await store.appendToStream(
        CALENDAR_STREAM,
        [
          {
            type: HOLIDAY_SCHEDULE_LOADED,
            schemaVersion: 1,
            eventId,
            data: { schedule, version, reason: load.reason ?? reasonOf(schedule, version) },
            metadata: { commandId: load.commandId, correlationId: load.commandId, causationId: load.commandId, actor: load.actor, occurredAt: load.at },
          },
        ],
        { expectedVersion: current.streamVersion < 0 ? 'no-stream' : current.streamVersion },
      )
      if (E.isRight(appended)) return { event: appended.right.events[0] as RecordedEvent, log: await refresh() }
    }
    throw new Error('the holiday schedule could not be recorded: the calendar stream kept changing under it')
  }
  return {
    current: () => log,
    refresh,
    record: async (schedule, load) => {
      const recorded = await recordWith(schedule, load, false)
      if (!('event' in recorded)) throw new Error('unreachable: a load recorded unconditionally found its year held')
      return recorded
    },
    recordIfYearUnheld: (schedule, load) => recordWith(schedule, load, true),
    complete: async (due, outcome, at) => {
      const current = calendarLogOf(await store.readStream(CALENDAR_STREAM))
      // Already recorded (by another server that finished the same re-base), or a later load is due now: its own
      // completion will say so, and this one is no longer the latest.
      if (current.due?.load !== due.load) return
      const commandId = derivedId(`gridcase:calendar-rebase-completed:${due.load}`)
      const appended = await store.appendToStream(
        CALENDAR_STREAM,
        [
          {
            type: CALENDAR_REBASE_COMPLETED,
            schemaVersion: 1,
            eventId: commandId,
            data: { load: due.load, version: due.version, ...outcome },
            // The loader's jurisdiction when its actor reads (decoded with the log, RebaseDueInLog); else — a log of
            // an older build, an imported event — the country's: a schedule is national, and the completion is recorded.
            metadata: { commandId, correlationId: due.load, causationId: due.load, actor: processActor('calendar-rebase', due.actor?.jurisdiction ?? NATIONAL), occurredAt: at },
          },
        ],
        { expectedVersion: current.streamVersion },
      )
      // Lost the race to another server's completion, or to a new load (due again): either way nothing to add.
      if (E.isLeft(appended)) return
      await refresh()
    },
  }
}

/**
 * Schedule files kept beside a server before the log held them (`DATA_DIR/calendar/<year>.csv`, written by earlier
 * releases and by `gridcase calendar load --data` of those): each year the log has no schedule for is recorded in the
 * log, once, as a load by `process:calendar-load`. A file for a year the log already holds is left alone and reported
 * when it differs (the log's is in effect on every server; load the file with `gridcase calendar load` to replace it).
 */
export const takeOverScheduleFiles = async (
  inLog: CalendarInLog,
  files: CalendarFiles,
  at: string,
): Promise<{ readonly taken: readonly number[]; readonly ignored: readonly { readonly year: number; readonly file: string }[]; readonly refused: ReturnType<CalendarFiles['load']>['refused'] }> => {
  const { schedules, refused } = files.load()
  const taken: number[] = []
  const ignored: { year: number; file: string }[] = []
  for (const schedule of schedules) {
    const log = await inLog.refresh()
    const inEffect = [...log.schedules].reverse().find((s) => s.year === schedule.year)
    if (inEffect !== undefined) {
      if (scheduleToCsv(inEffect) !== scheduleToCsv(schedule)) ignored.push({ year: schedule.year, file: `${files.dir}/${schedule.year}.csv` })
      continue
    }
    // The same command id from every server that takes the same file over: the log records it once per content.
    const commandId = derivedId(`gridcase:calendar-file:${scheduleToCsv(schedule)}`)
    const version = chineseCalendar([...log.schedules, schedule]).version
    // Recorded only while the year is still unheld: a load for it recorded since the check above (an operator's CLI
    // load, another server's POST or its own take-over of a different file) stays in effect, and this file is reported.
    const recorded = await inLog.recordIfYearUnheld(schedule, {
      actor: processActor(CALENDAR_LOAD_PROCESS, NATIONAL),
      at,
      commandId,
      reason: `holiday schedule for ${schedule.year} taken over from ${files.dir}/${schedule.year}.csv (${schedule.source}); calendar ${version}`,
    })
    if ('held' in recorded) {
      if (scheduleToCsv(recorded.held) !== scheduleToCsv(schedule)) ignored.push({ year: schedule.year, file: `${files.dir}/${schedule.year}.csv` })
      continue
    }
    taken.push(schedule.year)
  }
  return { taken, ignored, refused }
}

/**
 * What a server does with the calendar at start: the schedule files of earlier releases taken over (when it has a
 * directory of them), then the stream read, so the live calendar is the log's before the first command.
 */
export const readCalendar = async (
  inLog: CalendarInLog,
  files: CalendarFiles | undefined,
  at: string,
): Promise<Awaited<ReturnType<typeof takeOverScheduleFiles>> & { readonly log: CalendarLog }> => {
  const takenOver = files === undefined ? { taken: [], ignored: [], refused: [] } : await takeOverScheduleFiles(inLog, files, at)
  return { ...takenOver, log: await inLog.refresh() }
}

/**
 * Keeps a server's calendar in step with the log: `refresh` every `intervalMs`, and `onChange` with the log when a
 * load was recorded since (by another server, or the CLI). A timer only for freshness: what it would miss in a
 * restart is read at the start, and a deadline counted meanwhile with the calendar before is re-based by the
 * `calendar-stale` process, which reads the log.
 */
export const followCalendar = (inLog: CalendarInLog, options: { readonly intervalMs: number; readonly onChange: (log: CalendarLog) => void; readonly onError: (error: unknown) => void }): { stop(): void } => {
  let running = false
  // What this follower last told of: a refresh made elsewhere (a load here, the calendar-stale process) moves the
  // stream read without telling, so the change is compared with this, not with what the stream was before the tick.
  let seen = inLog.current().streamVersion
  const timer = setInterval(() => {
    if (running) return
    running = true
    inLog
      .refresh()
      .then((log) => {
        if (log.streamVersion === seen) return
        seen = log.streamVersion
        options.onChange(log)
      }, options.onError)
      .finally(() => {
        running = false
      })
  }, options.intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}

/**
 * 日历核对: a deadline counted with the calendar before a load the deciding server had not yet heard of (a server
 * that refreshes every second decides for up to a second with the old schedules, or longer if it could not read
 * the log) is counted again: for any case event whose working-day stamp names another calendar version than the one
 * the log had in effect at the event's position, `rebase-deadlines` on the case, as an admin of its jurisdiction,
 * with a command id derived from the event (handled again, it writes nothing twice). The re-base counts with the
 * calendar the log holds (refreshed first). Starts, the first time, at the end of the log: the events before were
 * counted with what their servers had, and the re-base of every open case after each load covers them.
 */
export const calendarStaleProcess = (options: {
  readonly inLog: CalendarInLog
  readonly caseTypes: readonly CaseType[]
  /** How far the log is known to reach (the read models' checkpoint): where the process starts the first time. */
  readonly logEnd?: () => Promise<number | undefined> | number | undefined
}): ProcessDefinition => ({
  name: CALENDAR_STALE_PROCESS,
  handles: 'all',
  startAfter: async (checkpoint) => (checkpoint >= 0 ? checkpoint : Math.max(checkpoint, (await options.logEnd?.()) ?? checkpoint)),
  react: async (event, { store }) => {
    if (stampsOf(event.data).length === 0) return E.right([])
    const caseType = options.caseTypes.find((c) => event.streamId.startsWith(c.streamPrefix))
    if (caseType === undefined || caseType.commands['rebase-deadlines'] === undefined) return E.right([])
    const log = await options.inLog.refresh()
    const stale = staleStamps(event, log)
    if (stale.length === 0) return E.right([])
    const [opened] = await store.readStream(event.streamId, { toVersion: 0 })
    const data = opened?.data
    const jurisdiction = typeof data === 'object' && data !== null && 'jurisdiction' in data && typeof data.jurisdiction === 'string' ? data.jurisdiction : undefined
    if (jurisdiction === undefined) return E.right([])
    const command: ProcessCommand = {
      caseType: caseType.streamPrefix,
      caseId: event.streamId.slice(caseType.streamPrefix.length),
      command: 'rebase-deadlines',
      data: { reason: `counted with calendar ${stale[0] ?? ''} after calendar ${log.versionAt(event.position)} was loaded (position ${log.loadBefore(event.position) ?? '?'})` },
      meta: {
        commandId: derivedId(`gridcase:process:${CALENDAR_STALE_PROCESS}:${event.eventId}`),
        actor: processActor(CALENDAR_STALE_PROCESS, jurisdiction),
        at: event.metadata.occurredAt,
        correlationId: event.metadata.correlationId,
        causationId: event.eventId,
      },
    }
    return E.right([command])
  },
})
