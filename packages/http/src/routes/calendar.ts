import { execute, forbidden, load, streamIdOf, validationError, type Decider, type DomainEvent, type RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { addLocalDays, chineseCalendar, festivalDays, FESTIVAL_YEARS, scheduleFromJson, scheduleToCsv, weekdayOf, type ChineseCalendar, type HolidaySchedule } from '@gridcase/core/calendar'
import { derivedId, processActor } from '@gridcase/core/processes'
import { calendarInLog, type CalendarFiles, type CalendarInLog, type LiveCalendar, type RebaseDue } from '@gridcase/adapters/embedded'
import type { RebaseDueInLog } from '@gridcase/core/calendar'
import { Router } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import type { CaseCollection } from '../collection.js'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery, idempotencyKey } from '../edge.js'
import { problem, problemOf, sendProblem } from '../problem.js'
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
}

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

/** What a re-base did: the cases it counted again, those whose deadlines moved (written now), those refused. */
export interface RebaseOutcome {
  readonly cases: number
  readonly rebased: number
  readonly failed: number
}

/** The process every re-base after a load acts as (an admin of each case's own jurisdiction), whoever loaded the schedule. */
export const CALENDAR_REBASE_PROCESS = 'calendar-rebase'

/**
 * The re-base of every open case after a schedule is loaded, as a resumable job. A load is recorded in the log
 * (`HolidayScheduleLoaded`) and its re-base is due until the log records it done (`CalendarRebaseCompleted`, once
 * every case was counted again and none is left refused for a reason trying again may overcome); `run` counts the
 * deadlines of every case again with the calendar now in effect (`rebase-deadlines`), and a server that starts, or
 * reads a load another server or the CLI recorded, finishes a due one (`resume`). A marker file an earlier release
 * left (`rebase-due.json`) is finished the same way and removed. Each case's command id is derived from the load, the
 * calendar version and the case: a case an interrupted run already re-based is a replay of that command and writes
 * nothing; one whose deadlines already match writes nothing either (the decider). Two servers re-basing at once
 * therefore write each case's re-base once: the second's append loses the race on the stream's version, and its retry
 * finds the first's command.
 */
export interface CalendarRebase {
  /** Re-bases every open case for `due` once any run under way has ended; clears the marker when every case was counted. */
  run(due: RebaseDue): Promise<RebaseOutcome>
  /** Re-bases every open case for a load recorded in the log, and records its completion there. */
  runForLoad(due: RebaseDueInLog): Promise<RebaseOutcome>
  /** The re-base left due (a marker file of an earlier release, then the log's latest load not completed), if any. */
  resume(): Promise<RebaseOutcome | undefined>
  /** Stops between two cases and waits for the case under way; the marker stays, so the next start finishes the re-base. */
  stop(): Promise<void>
}

class RebaseStopped extends Error {}

// Refusals for good: the case is closed (invalid-transition), or refused by its own rules; trying again changes nothing.
const FOR_GOOD: ReadonlySet<string> = new Set(['validation', 'forbidden', 'not-found', 'invalid-transition', 'deadline-passed'])

/** The re-base job of one server (`createApp` makes it when the calendar is served, and resumes it at start). */
export const calendarRebase = (ctx: RouteContext, options: { readonly live?: LiveCalendar; readonly files?: CalendarFiles; readonly inLog?: CalendarInLog }): CalendarRebase => {
  let chain: Promise<unknown> = Promise.resolve()
  let stopped = false

  // The loads of the log whose re-base a pass runs, by the load's id: their completion is recorded in the log. A load
  // from the CLI or a schedule file taken over is re-based as the process, an admin of each case's jurisdiction.
  const fromLog = new Map<string, RebaseDueInLog>()
  // Every case is re-based as the process, an admin of the case's own jurisdiction, whoever loaded the schedule: a
  // schedule is the country's, so its re-base reaches every open case, and it does not depend on the loader's account
  // (its scope, or whether it still exists when a crashed re-base is resumed). The load's event names who loaded it.
  const rebaseDueOf = (due: RebaseDueInLog): RebaseDue => {
    fromLog.set(due.load, due)
    return { id: due.load, version: due.version, reason: due.reason, at: due.at }
  }

  // The actor of a re-base no admin asked for over HTTP: the process, an admin of the case's jurisdiction.
  const actorFor = async (due: RebaseDue, caseType: CaseCollection['caseType'], caseId: string): Promise<Actor | undefined> => {
    if (due.actor !== undefined) return due.actor
    const { state } = await load(ctx.store, caseType.decider as Decider<never, DomainEvent, unknown>, streamIdOf(caseType, caseId), { schema: caseType.schema })
    const scope = caseType.scope(state)
    return scope === undefined ? undefined : processActor(CALENDAR_REBASE_PROCESS, scope.jurisdiction)
  }

  const pass = async (due: RebaseDue): Promise<RebaseOutcome> => {
    let cases = 0
    let rebased = 0
    let failed = 0
    // Refusals that trying again may overcome (a conflict the retries did not resolve): the marker stays.
    let unsettled = 0
    // Every case the log holds now, from the case list read model: caught up however long that takes (a case missed
    // here would keep its old deadlines once the marker is cleared), not only within a request's read bound.
    await ctx.fresh()
    await ctx.runner.refresh()
    for (const indexed of await ctx.cases.allCases()) {
      if (stopped) throw new RebaseStopped('the server is stopping: the re-base resumes at its next start')
      const caseType = ctx.collections.find((c) => c.path === indexed.kind)?.caseType
      if (caseType === undefined || caseType.commands['rebase-deadlines'] === undefined) continue
      cases += 1
      const actor = await actorFor(due, caseType, indexed.caseId)
      if (actor === undefined) continue
      const version = options.live?.current().version ?? ''
      const commandId = derivedId(`gridcase:calendar-rebase:${due.id}:${version}:${caseType.streamPrefix}:${indexed.caseId}`)
      const meta = { commandId, actor, at: ctx.clock.now() }
      // Queued with the case's other commands, as a route's command is.
      const outcome = await execute(ctx.store, caseType, indexed.caseId, 'rebase-deadlines', { reason: due.reason }, meta, {
        queue: ctx.queue,
        backoff: ctx.backoff,
        ...(ctx.memory === undefined ? {} : { memory: ctx.memory }),
      })
      // A replay (this load's command already in the case's history: a run cut short) is not counted again.
      if (E.isRight(outcome)) rebased += outcome.right.events.length > 0 && !outcome.right.replayed ? 1 : 0
      // A closed case refuses (invalid-transition): it has no deadline left to move.
      else if (outcome.left.code !== 'invalid-transition') {
        failed += 1
        if (!FOR_GOOD.has(outcome.left.code)) unsettled += 1
        ctx.logger.warn({ caseId: indexed.caseId, error: outcome.left }, 'rebase-deadlines refused')
      }
    }
    if (unsettled === 0) {
      const inLog = fromLog.get(due.id)
      if (inLog !== undefined) await options.inLog?.complete(inLog, { cases, rebased, failed }, ctx.clock.now())
      else options.files?.clearRebaseDue(due.id)
    } else ctx.logger.error({ load: due.id, unsettled }, 'the re-base after a holiday schedule was loaded did not finish: it is tried again at the next start')
    return { cases, rebased, failed }
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

  return {
    run,
    runForLoad: (due) => run(rebaseDueOf(due)),
    resume: async () => {
      // A marker an earlier release left beside its schedule files: finished first (it needs no log event).
      const marker = options.files?.rebaseDue()
      const fromMarker = marker === undefined ? undefined : await resumeOne(marker)
      const log = await options.inLog?.refresh()
      const due = log?.due
      if (due === undefined) return fromMarker
      if (underWay.has(due.load)) return undefined
      return resumeOne(rebaseDueOf(due))
    },
    stop: async () => {
      stopped = true
      await chain
    },
  }
}

/** The re-base a load recorded in the log calls for, from its event (the log's due one, or one a later load superseded). */
const dueOf = (event: RecordedEvent): RebaseDueInLog => {
  const data = event.data as { readonly version?: unknown; readonly reason?: unknown }
  return {
    load: event.eventId,
    version: typeof data.version === 'string' ? data.version : '',
    reason: typeof data.reason === 'string' ? data.reason : 'holiday schedule loaded',
    actor: event.metadata.actor,
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
  router.get('/api/v1/calendar/:year', (req, res) => {
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const raw = req.params['year'] ?? ''
    const year = Number(raw)
    if (!/^\d{4}$/.test(raw) || year < 1900 || year > 2100) {
      return sendProblem(res, problemOf(validationError([{ path: 'year', message: 'expected a year from 1900 to 2100' }])))
    }
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
    if (key.right !== undefined && (event.metadata.actor.id !== actor.id || earlier === undefined || scheduleToCsv(earlier) !== scheduleToCsv(schedule))) {
      return sendProblem(res, problem(422, 'idempotency-key-reused', 'This Idempotency-Key was already used for another request (another admin or schedule); use a new key for a new request'))
    }
    const calendar = options.live.current()
    ctx.logger.info({ year: schedule.year, version: calendar.version, by: actor.id, position: event.position }, 'holiday schedule loaded')
    let outcome: RebaseOutcome
    try {
      outcome = await rebase.runForLoad(dueOf(event))
    } catch (error) {
      if (!(error instanceof RebaseStopped)) throw error
      // Loaded and kept; the re-base was cut short by a stop and is finished at the next start.
      return sendProblem(res, problem(503, 'stopping', `The schedule is loaded and kept; ${error.message}`))
    }
    res.status(201).json({ ...yearView(options.live.current(), schedule.year), rebase: outcome })
  })
  return router
}
