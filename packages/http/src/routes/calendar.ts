import { forbidden, validationError, type CaseType, type RecordedEvent } from '@gridcase/core'
import { Actor as ActorCodec, type Actor } from '@gridcase/core/access'
import { addLocalDays, festivalDays, FESTIVAL_YEARS, scheduleFromJson, scheduleToCsv, weekdayOf, type ChineseCalendar, type HolidaySchedule } from '@gridcase/core/calendar'
import {
  CALENDAR_REBASE_PROCESS,
  calendarInLog,
  ProcessInterrupted,
  rebaseCases,
  type CalendarFiles,
  type CalendarInLog,
  type LiveCalendar,
  type RebaseDue,
  type RebaseOutcome,
} from '@gridcase/adapters/embedded'
import type { RebaseDueInLog } from '@gridcase/core/calendar'
import { Router } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery, idempotencyKey } from '../edge.js'
import { problem, problemOf, sendProblem } from '../problem.js'
import { sendAnswer } from '../answer.js'
import { calendarUnreadAnswer } from './command.js'
import { NoQuery } from '../query.js'

/**
 * The calendar a server decides with, kept in the log's `calendar` stream (`inLog`; absent: the stream of the app's
 * store, followed into `live`), and the schedule files of earlier releases (`files`: a re-base they left due).
 */
export interface CalendarOptions {
  readonly live: LiveCalendar
  readonly files?: CalendarFiles
  readonly inLog?: CalendarInLog
  /** How often the server looks for a schedule another server or the CLI recorded (default 1 s, `CALENDAR_REFRESH_MS`). */
  readonly refreshMs?: number
  /**
   * The re-base of open cases after a load is the `calendar-rebase` process's (`calendarRebaseProcess`, in a process
   * runner over the same log: the server's own, or `gridcase processes`), run once across the servers: the app starts
   * no re-base itself, and `POST /api/v1/calendar` answers with the counts the log's completion records. Default false:
   * the app re-bases itself (a library app with no process runner; every app over one log then runs its own pass).
   */
  readonly rebaseInProcess?: boolean
  /**
   * With `rebaseInProcess`: how long `POST /api/v1/calendar` waits for the log to record the re-base done (default 30 s,
   * `REBASE_WAIT_MS`). Past it the load answers 202, the schedule loaded and in effect and its re-base still due: no
   * process runner over the log (`GRIDCASE_PROCESSES=off` and no `gridcase processes`), or one that takes longer.
   */
  readonly rebaseWaitMs?: number
  /**
   * Without `inLog` (the app reads the log's calendar itself, in the background): how long a command waits for that
   * first read (default 10 s, `CALENDAR_FIRST_READ_WAIT_MS`); past it — the store does not answer — 503 `calendar-unread`.
   */
  readonly firstReadWaitMs?: number
}

/** How long a command waits for the app's first read of the log's calendar by default. */
export const CALENDAR_FIRST_READ_WAIT_MS = 10_000

/** How long a load's answer waits for the calendar-rebase process by default. */
export const REBASE_WAIT_MS = 30_000

/** How often a server reads the `calendar` stream's version by default. */
export const CALENDAR_REFRESH_MS = 1000

/** A year as `GET /api/v1/calendar/{year}` shows it. */
export const yearView = (calendar: ChineseCalendar, year: number) => {
  const source = calendar.sourceOf(year)
  const schedule = calendar.loaded.find((s) => s.year === year)
  const daysOff: string[] = []
  const makeUpWorkdays: string[] = []
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addLocalDays(d, 1)) {
    const weekday = weekdayOf(d)
    const weekend = weekday === 0 || weekday === 6
    const work = calendar.isWorkday(d)
    if (!weekend && !work) daysOff.push(d)
    if (weekend && work) makeUpWorkdays.push(d)
  }
  return {
    year,
    calendar: { id: calendar.name, version: calendar.version },
    source,
    provisional: source === 'festival-days-only',
    ...(schedule === undefined ? {} : { notice: schedule.source, holidays: schedule.holidays }),
    festivalDays: year >= FESTIVAL_YEARS.from && year <= FESTIVAL_YEARS.to ? festivalDays(year) : [],
    daysOff,
    makeUpWorkdays,
  }
}

export type { RebaseOutcome }
export { CALENDAR_REBASE_PROCESS }

/** How often a `POST /api/v1/calendar` waiting for the re-base the calendar-rebase process runs reads the stream's version. */
const COMPLETION_POLL_MS = 50

/**
 * The re-base of every open case after a schedule is loaded, as a resumable job. A load is recorded in the log
 * (`HolidayScheduleLoaded`) and its re-base is due until the log records it done (`CalendarRebaseCompleted`, once
 * every case was counted again and none is left refused for a reason trying again may overcome).
 *
 * With `rebaseInProcess` (the server: `startGridcaseServer`) the re-base is the `calendar-rebase` process's, run once
 * across every server over the log on the process runner's lease (the adapters' `calendarRebaseProcess`): the app runs
 * none itself, and `completion` waits for what the log records. Without it (a library app with no process runner)
 * `runForLoad` counts the deadlines of every case again with the calendar now in effect (`rebase-deadlines`), and the
 * app finishes a due one when it starts or reads a load another server or the CLI recorded (`resume`). Either way a
 * marker file an earlier release left (`rebase-due.json`) is finished by the app at start, and removed. Each case's
 * command id is derived from the load, the calendar version and the case: a case an interrupted run already re-based
 * is a replay of that command and writes nothing, and two runs at once write each case's re-base once.
 */
export interface CalendarRebase {
  /** Re-bases every open case for `due` once any run under way has ended; clears the marker when every case was counted. */
  run(due: RebaseDue): Promise<RebaseOutcome>
  /** Re-bases every open case for a load recorded in the log, and records its completion there. */
  runForLoad(due: RebaseDueInLog): Promise<RebaseOutcome>
  /**
   * The counts of the re-base the log records as covering the load at `position` (its own completion, or a later
   * load's), once it is recorded: the calendar-rebase process's, wherever it runs; undefined when none is recorded
   * within `waitMs` (default: no bound). Rejects with the server stopping.
   */
  completion(position: number, waitMs?: number): Promise<RebaseOutcome | undefined>
  /** The re-base left due (a marker file of an earlier release, then — without the process — the log's latest load not completed), if any. */
  resume(): Promise<RebaseOutcome | undefined>
  /** Stops between two cases and waits for the case under way; the marker stays, so the next start finishes the re-base. */
  stop(): Promise<void>
}

class RebaseStopped extends Error {}

/** The re-base job of one server (`createApp` makes it when the calendar is served, and resumes it at start). */
export const calendarRebase = (ctx: RouteContext, options: { readonly live?: LiveCalendar; readonly files?: CalendarFiles; readonly inLog?: CalendarInLog; readonly rebaseInProcess?: boolean }): CalendarRebase => {
  let chain: Promise<unknown> = Promise.resolve()
  const stopping = new AbortController()

  // The loads of the log whose re-base a pass runs, by the load's id: their completion is recorded in the log.
  const fromLog = new Map<string, RebaseDueInLog>()
  // Every case is re-based as the process, an admin of the case's own jurisdiction, whoever loaded the schedule: a
  // schedule is the country's, so its re-base reaches every open case, and it does not depend on the loader's account
  // (its scope, or whether it still exists when a crashed re-base is resumed). The load's event names who loaded it.
  const rebaseDueOf = (due: RebaseDueInLog): RebaseDue => {
    fromLog.set(due.load, due)
    return { id: due.load, version: due.version, reason: due.reason, at: due.at }
  }

  const pass = async (due: RebaseDue): Promise<RebaseOutcome> => {
    // Every case the log holds now, from the case list read model: caught up however long that takes (a case missed
    // here would keep its old deadlines once the marker is cleared), not only within a request's read bound.
    await ctx.fresh()
    await ctx.runner.refresh()
    const cases = (await ctx.cases.allCases()).flatMap((indexed) => {
      const caseType = ctx.collections.find((c) => c.path === indexed.kind)?.caseType
      return caseType === undefined ? [] : [{ caseType: caseType as unknown as CaseType, caseId: indexed.caseId }]
    })
    let outcome
    try {
      outcome = await rebaseCases({
        store: ctx.store,
        cases,
        due: { id: due.id, reason: due.reason, ...(due.actor === undefined ? {} : { actor: due.actor }) },
        version: options.live?.current().version ?? '',
        at: () => ctx.clock.now(),
        // Queued with the case's other commands, as a route's command is.
        execute: { queue: ctx.queue, backoff: ctx.backoff, ...(ctx.memory === undefined ? {} : { memory: ctx.memory }) },
        signal: stopping.signal,
        onRefused: (caseId, error) => ctx.logger.warn({ caseId, error }, 'rebase-deadlines refused'),
      })
    } catch (error) {
      if (error instanceof ProcessInterrupted) throw new RebaseStopped('the server is stopping: the re-base resumes at its next start')
      throw error
    }
    const { unsettled, ...counts } = outcome
    if (unsettled === 0) {
      const inLog = fromLog.get(due.id)
      if (inLog !== undefined) await options.inLog?.complete(inLog, counts, ctx.clock.now())
      else options.files?.clearRebaseDue(due.id)
    } else ctx.logger.error({ load: due.id, unsettled }, 'the re-base after a holiday schedule was loaded did not finish: it is tried again at the next start')
    return counts
  }

  // The loads whose pass is queued or running here: a resume for one of them (this server's own follower reading the
  // load its POST recorded, while that POST's pass runs) would only queue a second pass that replays every case.
  const underWay = new Map<string, number>()
  const run = (due: RebaseDue): Promise<RebaseOutcome> => {
    underWay.set(due.id, (underWay.get(due.id) ?? 0) + 1)
    const next = chain.then(() => pass(due)).finally(() => {
      const left = (underWay.get(due.id) ?? 1) - 1
      if (left === 0) underWay.delete(due.id)
      else underWay.set(due.id, left)
    })
    chain = next.catch(() => undefined)
    return next
  }

  const resumeOne = async (due: RebaseDue): Promise<RebaseOutcome | undefined> => {
    ctx.logger.info({ load: due.id, version: due.version, reason: due.reason }, 'a re-base of open cases is due: resuming it')
    try {
      const outcome = await run(due)
      ctx.logger.info({ load: due.id, ...outcome }, 'open cases re-based')
      return outcome
    } catch (error) {
      if (!(error instanceof RebaseStopped)) throw error
      ctx.logger.info({ load: due.id }, error.message)
      return undefined
    }
  }

  const completion = async (position: number, waitMs = Number.POSITIVE_INFINITY): Promise<RebaseOutcome | undefined> => {
    const inLog = options.inLog
    if (inLog === undefined) throw new Error('no calendar stream to wait on')
    const until = performance.now() + waitMs
    for (;;) {
      if (stopping.signal.aborted) throw new RebaseStopped('the server is stopping: the re-base is finished by the calendar-rebase process, here or on another server')
      const covering = (await inLog.refresh()).completionCovering(position)
      if (covering !== undefined) return { cases: covering.cases, rebased: covering.rebased, failed: covering.failed }
      if (performance.now() >= until) return undefined
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, COMPLETION_POLL_MS)
        function done() {
          clearTimeout(timer)
          stopping.signal.removeEventListener('abort', done)
          resolve()
        }
        stopping.signal.addEventListener('abort', done, { once: true })
      })
    }
  }

  return {
    run,
    runForLoad: (due) => run(rebaseDueOf(due)),
    completion,
    resume: async () => {
      // A marker an earlier release left beside its schedule files: finished first (it needs no log event).
      const marker = options.files?.rebaseDue()
      const fromMarker = marker === undefined ? undefined : await resumeOne(marker)
      // The log's due load is the calendar-rebase process's, where the processes run.
      if (options.rebaseInProcess === true) return fromMarker
      const log = await options.inLog?.refresh()
      const due = log?.due
      if (due === undefined) return fromMarker
      if (underWay.has(due.load)) return undefined
      return resumeOne(rebaseDueOf(due))
    },
    stop: async () => {
      stopping.abort()
      await chain
    },
  }
}

/** The re-base a load recorded in the log calls for, from its event (the log's due one, or one a later load superseded). */
const dueOf = (event: RecordedEvent): RebaseDueInLog => {
  const data = event.data as { readonly version?: unknown; readonly reason?: unknown }
  // The metadata as it reads, not trusted (an imported event's): an actor that does not decode is left out.
  const actor = ActorCodec.decode(event.metadata.actor)
  return {
    load: event.eventId,
    version: typeof data.version === 'string' ? data.version : '',
    reason: typeof data.reason === 'string' ? data.reason : 'holiday schedule loaded',
    ...(E.isRight(actor) ? { actor: actor.right } : {}),
    at: event.metadata.occurredAt,
    position: event.position,
  }
}

/** `rebase-deadlines` on every open case now, as `actor`, once (no marker, nothing resumed). */
export const rebaseOpenCases = async (ctx: RouteContext, actor: Actor, reason: string): Promise<RebaseOutcome> =>
  calendarRebase(ctx, {}).run({ id: ctx.ids.newId(), version: '', reason, actor, at: ctx.clock.now() })

/** `GET /api/v1/calendar/{year}` (anyone signed in) and `POST /api/v1/calendar` (admin: load a schedule). */
export const calendarRoutes = (ctx: RouteContext, options: CalendarOptions, rebase: CalendarRebase = calendarRebase(ctx, options)): Router => {
  const router = Router()
  router.get('/api/v1/calendar/:year', async (req, res) => {
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const raw = req.params['year'] ?? ''
    const year = Number(raw)
    if (!/^\d{4}$/.test(raw) || year < 1900 || year > 2100) {
      return sendProblem(res, problemOf(validationError([{ path: 'year', message: 'expected a year from 1900 to 2100' }])))
    }
    const unread = ctx.calendarUnread?.()
    if (unread !== undefined && !(await unread)) return sendAnswer(res, calendarUnreadAnswer())
    res.json(yearView(options.live.current(), year))
  })
  router.post('/api/v1/calendar', async (req, res) => {
    const actor = actorOf(res)
    if (actor.role !== 'admin') return sendProblem(res, problemOf(forbidden(`${actor.role} may not load a holiday schedule`)))
    // A schedule moves the deadlines of every case on every server: an admin of the top of the tree (a city) loads it,
    // not one whose scope is a part of it (least privilege; the CLI, on the machine, is the operator's way).
    if (actor.jurisdiction.includes('/')) {
      return sendProblem(res, problemOf(forbidden(`a holiday schedule applies to every case; an admin of ${actor.jurisdiction} may not load one (an admin of the city may, or the operator with gridcase calendar load)`)))
    }
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const decoded = scheduleFromJson(req.body)
    if (E.isLeft(decoded)) return sendProblem(res, problemOf(decoded.left))
    const schedule: HolidaySchedule = decoded.right
    const inLog = options.inLog ?? calendarInLog(ctx.store, options.live)
    // Recorded in the log first: a schedule acknowledged is every server's (each reads the stream), and a load in the
    // log has its re-base done or due until its completion is recorded there (a server killed during it finishes it).
    const key = idempotencyKey(req)
    if (E.isLeft(key)) return sendProblem(res, problemOf(key.left))
    const { event } = await inLog.record(schedule, { actor, at: ctx.clock.now(), commandId: key.right ?? ctx.ids.newId() })
    // The key is bound to who sent it and what (as on every other route): the same key with another admin or another
    // schedule answers with nothing recorded for it, not with the earlier load as if this one were.
    const earlier = (event.data as { readonly schedule?: HolidaySchedule }).schedule
    if (key.right !== undefined && ((event.metadata.actor as Partial<Actor> | undefined)?.id !== actor.id || earlier === undefined || scheduleToCsv(earlier) !== scheduleToCsv(schedule))) {
      return sendProblem(res, problem(422, 'idempotency-key-reused', 'This Idempotency-Key was already used for another request (another admin or schedule); use a new key for a new request'))
    }
    const calendar = options.live.current()
    ctx.logger.info({ year: schedule.year, version: calendar.version, by: actor.id, position: event.position }, 'holiday schedule loaded')
    let outcome: RebaseOutcome | undefined
    try {
      // The calendar-rebase process re-bases once across the servers (here or elsewhere): the answer waits for the
      // completion it records, for `rebaseWaitMs` at most. A library app with no process runner re-bases here.
      outcome = options.rebaseInProcess === true ? await rebase.completion(event.position, options.rebaseWaitMs ?? REBASE_WAIT_MS) : await rebase.runForLoad(dueOf(event))
    } catch (error) {
      if (!(error instanceof RebaseStopped)) throw error
      // Loaded and kept; the re-base was cut short by a stop and is finished at the next start.
      return sendProblem(res, problem(503, 'stopping', `The schedule is loaded and kept; ${error.message}`))
    }
    if (outcome === undefined) {
      // Loaded, kept and in effect; its re-base is the calendar-rebase process's still. A retry with the same
      // Idempotency-Key records nothing again and answers 201 with the counts once the log records them.
      ctx.logger.warn({ position: event.position, waitedMs: options.rebaseWaitMs ?? REBASE_WAIT_MS }, 'holiday schedule loaded; its re-base is not recorded done yet (is a process runner running over the log?)')
      res.status(202).json({ ...yearView(options.live.current(), schedule.year), rebase: { pending: true, load: event.position } })
      return
    }
    res.status(201).json({ ...yearView(options.live.current(), schedule.year), rebase: outcome })
  })
  return router
}
