import { execute, forbidden, validationError } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { addLocalDays, festivalDays, FESTIVAL_YEARS, scheduleFromJson, weekdayOf, type ChineseCalendar, type HolidaySchedule } from '@gridcase/core/calendar'
import type { CalendarFiles, LiveCalendar } from '@gridcase/adapters/embedded'
import { Router } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import { actorOf, type RouteContext } from '../context.js'
import { problemOf, sendProblem } from '../problem.js'

/** The calendar a server decides with, and where a loaded schedule is kept (absent: kept in memory only). */
export interface CalendarOptions {
  readonly live: LiveCalendar
  readonly files?: CalendarFiles
}

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

/**
 * Counts the deadlines of every open case again with the calendar now loaded (`rebase-deadlines`, as the
 * admin who loaded it): each case records old and new deadlines and the reason; a case whose deadlines
 * do not move writes nothing.
 */
export const rebaseOpenCases = async (ctx: RouteContext, actor: Actor, reason: string): Promise<{ readonly cases: number; readonly rebased: number; readonly failed: number }> => {
  let cases = 0
  let rebased = 0
  let failed = 0
  // Every case the log holds now, from the case list read model.
  await ctx.fresh()
  for (const indexed of await ctx.cases.allCases()) {
    const caseType = ctx.collections.find((c) => c.path === indexed.kind)?.caseType
    if (caseType === undefined || caseType.commands['rebase-deadlines'] === undefined) continue
    cases += 1
    const meta = { commandId: ctx.ids.newId(), actor, at: ctx.clock.now() }
    // Queued with the case's other commands, as a route's command is.
    const outcome = await execute(ctx.store, caseType, indexed.caseId, 'rebase-deadlines', { reason }, meta, {
      queue: ctx.queue,
      backoff: ctx.backoff,
      ...(ctx.memory === undefined ? {} : { memory: ctx.memory }),
    })
    // A closed case refuses (invalid-transition): it has no deadline left to move.
    if (E.isRight(outcome)) rebased += outcome.right.events.length > 0 ? 1 : 0
    else if (outcome.left.code !== 'invalid-transition') {
      failed += 1
      ctx.logger.warn({ caseId: indexed.caseId, error: outcome.left }, 'rebase-deadlines refused')
    }
  }
  return { cases, rebased, failed }
}

/** `GET /api/v1/calendar/{year}` (anyone signed in) and `POST /api/v1/calendar` (admin: load a schedule). */
export const calendarRoutes = (ctx: RouteContext, options: CalendarOptions): Router => {
  const router = Router()
  router.get('/api/v1/calendar/:year', (req, res) => {
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
    const decoded = scheduleFromJson(req.body)
    if (E.isLeft(decoded)) return sendProblem(res, problemOf(decoded.left))
    const schedule: HolidaySchedule = decoded.right
    // Kept first: a schedule acknowledged is never lost to a restart.
    options.files?.save(schedule)
    const calendar = options.live.load(schedule)
    ctx.logger.info({ year: schedule.year, version: calendar.version, by: actor.id }, 'holiday schedule loaded')
    const rebase = await rebaseOpenCases(ctx, actor, `holiday schedule for ${schedule.year} loaded (${schedule.source}); calendar ${calendar.version}`)
    res.status(201).json({ ...yearView(calendar, schedule.year), rebase })
  })
  return router
}
