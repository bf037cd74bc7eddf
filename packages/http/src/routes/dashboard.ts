import { forbidden, type EventStore } from '@gridcase/core'
import { isWithin, Jurisdiction, type Actor } from '@gridcase/core/access'
import { DashboardFilter, dashboardProjection, dashboardView, DEFAULT_RANKING_WEIGHTS, emptyJurisdictionRegistry, nameOf, PeriodCodec, rankedUnits, unassignedOverdue, unitEvaluationCsv, withConfiguredUnits, type DashboardView } from '@gridcase/core/projections'
import { emptyCommitteeRegistry } from '@gridcase/core/dispute'
import * as t from 'io-ts'
import type { DashboardReadModel, FiguresAnswer, FiguresQuery, ProjectionRunner } from '@gridcase/adapters/embedded'
import { Router } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { namedDashboard } from '../names.js'
import { problemOf, sendProblem } from '../problem.js'
import type { AssessmentOptions } from './assessment.js'

/** Serves dashboards (一屏统览) for a filter already limited to the actor's scope. */
export interface Dashboards {
  view(filter: DashboardFilter, actor: Actor): Promise<unknown>
  /**
   * 考核 figures of several places and periods in one read (rankings, trends), for places already within the actor's
   * scope; absent or undefined: the caller composes them from `view`, one dashboard per place and period.
   */
  figures?(query: FiguresQuery, actor: Actor): Promise<FiguresAnswer | undefined>
  /** Stops whatever feeds the read model, when the app owns it. */
  close?(): Promise<void>
}

/** Dashboards from a projection runner that runs `dashboardProjection` (the app's read models do); reads wait for this app's own writes. */
export const projectionDashboards =
  (runner: ProjectionRunner) =>
  (ctx: RouteContext): Dashboards => ({
    view: async (filter) => {
      await ctx.settled()
      return dashboardView(runner.state(dashboardProjection), filter)
    },
  })

const PAGE = 1000

/**
 * The dashboard from the log itself, for an `asOf` before the latest event: a replay of every event into a
 * fresh dashboard, dropped after the answer. The separate, slower path (O(events) per request).
 */
export const replayedDashboard = async (store: EventStore, filter: DashboardFilter) => {
  let state = dashboardProjection.init()
  for (let from = 0; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: PAGE })
    for (const event of page) state = dashboardProjection.apply(state, event)
    const last = page.at(-1)
    if (last === undefined || page.length < PAGE) break
    from = last.position + 1
  }
  return dashboardView(state, filter)
}

/** Dashboards from the maintained totals (the app's read models); an `asOf` before the latest event is replayed. */
export const readModelDashboards =
  (model: DashboardReadModel) =>
  (ctx: RouteContext): Dashboards => ({
    view: async (filter) => {
      await ctx.settled()
      return (await model.view(filter)) ?? replayedDashboard(ctx.store, filter)
    },
    figures: async (query) => {
      await ctx.settled()
      return model.figures?.(query)
    },
  })

const isDashboardView = (u: unknown): u is DashboardView =>
  typeof u === 'object' && u !== null && typeof (u as { counts?: { tree?: unknown } }).counts?.tree === 'object' && typeof (u as { overdue?: { dueSoon?: unknown } }).overdue?.dueSoon === 'object'

const EvaluationQuery = t.intersection([t.type({ period: PeriodCodec }), t.partial({ jurisdiction: Jurisdiction, exclusionsAfter: DashboardFilter.props.exclusionsAfter })], 'EvaluationQuery')

/** `GET /api/v1/dashboard?jurisdiction=&from=&to=&asOf=&depth=` — within the actor's scope only; `asOf` defaults to the app clock's now. */
export const dashboardRoutes = (
  ctx: RouteContext,
  dashboards: Dashboards,
  options: AssessmentOptions = { registry: emptyJurisdictionRegistry, weights: DEFAULT_RANKING_WEIGHTS },
): Router => {
  const router = Router()
  const { registry, weights } = options
  // The committees' and centres' units (dispute deadlines) named and placed as the committee file has them.
  const committees = options.committees ?? emptyCommitteeRegistry
  const configured = (view: DashboardView): DashboardView => ({ ...view, units: withConfiguredUnits(view.units, committees) })
  router.get('/api/v1/dashboard', async (req, res) => {
    const actor = actorOf(res)
    if (actor.role === 'resident') return sendProblem(res, problemOf(forbidden('residents may not read dashboards')))
    const query = decodeQuery(DashboardFilter, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const jurisdiction = query.right.jurisdiction ?? actor.jurisdiction
    if (!isWithin(actor.jurisdiction, jurisdiction)) {
      return sendProblem(res, problemOf(forbidden(`${jurisdiction} lies outside ${actor.jurisdiction}`)))
    }
    // Overdue is a question about now: without asOf, the server's clock answers it, not the latest event's time
    // (a quiet district would otherwise show nothing overdue however late its cases are).
    const asOf = query.right.asOf ?? ctx.clock.now()
    // Names beside codes (辖区名册): a replaced `dashboards` may answer something else; only a dashboard is named.
    const view = await dashboards.view({ ...query.right, jurisdiction, asOf }, actor)
    res.json(isDashboardView(view) ? namedDashboard(configured(view), registry) : view)
  })

  // 考核 — the unit evaluation of a period (month, quarter, year), as JSON or, with Accept: text/csv, as a CSV file.
  router.get('/api/v1/evaluation', async (req, res) => {
    const actor = actorOf(res)
    if (actor.role === 'resident') return sendProblem(res, problemOf(forbidden('residents may not read evaluations')))
    const query = decodeQuery(EvaluationQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const { period } = query.right
    const jurisdiction = query.right.jurisdiction ?? actor.jurisdiction
    if (!isWithin(actor.jurisdiction, jurisdiction)) {
      return sendProblem(res, problemOf(forbidden(`${jurisdiction} lies outside ${actor.jurisdiction}`)))
    }
    const { exclusionsAfter } = query.right
    const view = (await dashboards.view({ jurisdiction, from: period.from, to: period.to, asOf: ctx.clock.now(), depth: 0, ...(exclusionsAfter === undefined ? {} : { exclusionsAfter }) }, actor)) as DashboardView
    // Each unit with its composite score and rank among the units (best first), and its jurisdiction's name.
    const units = rankedUnits(configured(view), registry, weights)
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8')
      res.setHeader('Content-Disposition', `attachment; filename="evaluation-${period.name}.csv"`)
      return res.send(unitEvaluationCsv(units, view.asOf ?? undefined))
    }
    res.json({
      jurisdiction,
      name: nameOf(registry, jurisdiction),
      period: period.name,
      kind: period.kind,
      from: period.from,
      to: period.to,
      asOf: view.asOf,
      weights,
      units,
      // Overdue deadlines no unit answers for yet, by kind (a dispute not routed, the court's, the parties'): additive.
      unassigned: { overdue: unassignedOverdue(view) },
      exclusions: view.exclusions,
      exclusionsPage: view.exclusionsPage,
    })
  })
  return router
}
