import { forbidden, streamIdOf, validationError, type EventStore } from '@gridcase/core'
import { canRead, isWithin, Jurisdiction, parentOf, type Actor } from '@gridcase/core/access'
import {
  DashboardFilter,
  DEADLINE_KINDS,
  dashboardProjection,
  dashboardView,
  DEFAULT_RANKING_WEIGHTS,
  emptyJurisdictionRegistry,
  EXCLUSIONS_PAGE,
  nameOf,
  PeriodCodec,
  rankedUnits,
  unassignedOverdue,
  unitEvaluationCsv,
  withConfiguredUnits,
  type CountsByKind,
  type DashboardView,
  type RateWeights,
  type UnitInfo,
} from '@gridcase/core/projections'
import { emptyCommitteeRegistry } from '@gridcase/core/dispute'
import * as t from 'io-ts'
import type { DashboardFigures, DashboardLists, DashboardReadModel, DashboardReadOptions, FiguresAnswer, FiguresQuery, ProjectionRunner } from '@gridcase/adapters/embedded'
import { Router } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { namedDashboard } from '../names.js'
import { problemOf, sendProblem } from '../problem.js'
import type { AssessmentOptions } from './assessment.js'

/** Serves dashboards (一屏统览) for a filter already limited to the actor's scope. */
export interface Dashboards {
  /** `lists`: how long the lists are to be read (longer for a reader they are then cut for); absent: the page, 100. */
  view(filter: DashboardFilter, actor: Actor, lists?: DashboardLists): Promise<unknown>
  /**
   * 考核 figures of several places and periods in one read (rankings, trends), for places already within the actor's
   * scope; absent or undefined: the caller composes them from `view`, one dashboard per place and period.
   */
  figures?(query: FiguresQuery, actor: Actor): Promise<FiguresAnswer | undefined>
  /** Stops whatever feeds the read model, when the app owns it. */
  close?(): Promise<void>
}

/** `dashboardView`'s options from a read's: the lists' length and the 三率's weights, each when given. */
const viewOptions = (options: DashboardReadOptions | undefined): { readonly items?: number; readonly weights?: RateWeights } => ({
  ...(options?.items === undefined ? {} : { items: options.items }),
  ...(options?.weights === undefined ? {} : { weights: options.weights }),
})

/**
 * Dashboards from a projection runner that runs `dashboardProjection` (the app's read models do); reads wait for this app's
 * own writes. The 三率 are weighted with the app's `rateWeights`.
 */
export const projectionDashboards =
  (runner: ProjectionRunner) =>
  (ctx: RouteContext): Dashboards => ({
    view: async (filter, _actor, lists) => {
      await ctx.settled()
      return dashboardView(runner.state(dashboardProjection), filter, viewOptions({ ...lists, weights: ctx.rateWeights }))
    },
  })

const PAGE = 1000

/**
 * The dashboard from the log itself, for an `asOf` before the latest event: a replay of every event into a
 * fresh dashboard, dropped after the answer. The separate, slower path (O(events) per request). `options.weights`: the
 * 三率's weights (default core's `DEFAULT_RATE_WEIGHTS`).
 */
export const replayedDashboard = async (store: EventStore, filter: DashboardFilter, options?: DashboardReadOptions) =>
  dashboardView(await replayedState(store), filter, viewOptions(options))

/** Every event of the log into a fresh dashboard state (`replayedDashboard`'s replay). */
const replayedState = async (store: EventStore) => {
  let state = dashboardProjection.init()
  for (let from = 0; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: PAGE })
    for (const event of page) state = dashboardProjection.apply(state, event)
    const last = page.at(-1)
    if (last === undefined || page.length < PAGE) break
    from = last.position + 1
  }
  return state
}

/**
 * 考核 figures (rankings, trends) as of a time before the latest event a read model holds, which it does not answer: one
 * replay of the log, then each place's figures for each period from it, as a dashboard of that place and period gives
 * them — not a replay per place and period (a trend's 12 months and 30 days: 42).
 */
export const replayedFigures = async (store: EventStore, query: FiguresQuery): Promise<FiguresAnswer> => {
  const state = await replayedState(store)
  const options = viewOptions({ ...(query.weights === undefined ? {} : { weights: query.weights }) })
  const places = [...query.places]
  if (query.childrenWithCases === true) {
    // The places one level down that have held a case by then (as the kept counts tree names them).
    for (const node of dashboardView(state, { jurisdiction: query.jurisdiction, asOf: query.asOf, depth: 1 }, options).counts.tree) {
      if (parentOf(node.jurisdiction) === query.jurisdiction) places.push(node.jurisdiction)
    }
  }
  const answer = new Map<string, DashboardFigures[]>()
  for (const place of new Set(places)) {
    answer.set(
      place,
      query.periods.map((p) => {
        const view = dashboardView(state, { jurisdiction: place, from: p.from, to: p.to, asOf: query.asOf, depth: 0 }, options)
        return { counts: { complaint: view.counts.complaint, dispute: view.counts.dispute }, rates: view.rates, overdue: { byKind: view.overdue.byKind } }
      }),
    )
  }
  return answer
}

/**
 * Dashboards from the maintained totals (the app's read models); an `asOf` before the latest event is replayed. Both,
 * and the figures of rankings and trends, weight the 三率 with the app's `rateWeights`.
 */
export const readModelDashboards =
  (model: DashboardReadModel) =>
  (ctx: RouteContext): Dashboards => ({
    view: async (filter, _actor, lists) => {
      await ctx.settled()
      const options: DashboardReadOptions = { ...lists, weights: ctx.rateWeights }
      return (await model.view(filter, options)) ?? replayedDashboard(ctx.store, filter, options)
    },
    figures: async (query) => {
      await ctx.settled()
      if (model.figures === undefined) return undefined
      const asked = { ...query, weights: ctx.rateWeights }
      // An `asOf` before the latest event (`?asOf=` of the ranking and trends): the log replayed once for all of them.
      return (await model.figures(asked)) ?? replayedFigures(ctx.store, asked)
    },
  })

const isDashboardView = (u: unknown): u is DashboardView =>
  typeof u === 'object' && u !== null && typeof (u as { counts?: { tree?: unknown } }).counts?.tree === 'object' && typeof (u as { overdue?: { dueSoon?: unknown } }).overdue?.dueSoon === 'object'

/** The items a list shows: the page of the dashboard's body. */
const PAGE_ITEMS = 100
/**
 * How many items of each list are read for a reader who may open only some of the cases under its place, before they are
 * cut to those it may open: ten pages. Bounded, so a list can stop short of 100 while more readable cases follow further
 * down (then `truncated`, or `exclusionsPage.next`, says so).
 */
const READ_ITEMS = 1000

/**
 * Does this actor read by more than place — a department officer (its department's cases), a mediator (assigned or
 * routed to its committee), a court clerk (cases before the court), a mediation centre officer (disputes)? Then a case
 * under its place is not yet one it may open: `canRead` of a bare case in its own jurisdiction says no.
 */
const readsByMoreThanPlace = (actor: Actor): boolean => !canRead(actor, { jurisdiction: actor.jurisdiction })

/**
 * The dashboard's lists cut to the cases this actor may open (DOMAIN.md: any other case does not exist for it), each
 * judged by the case list's read scope as the case route judges it (`canRead`; a case whose scope is not known: not
 * listed). Read `READ_ITEMS` long, shown `PAGE_ITEMS` long: `truncated` when more readable items, or items not read,
 * follow; the exclusions' cursor after the last item read. The counts are left as they are: figures over the place.
 */
const readableLists = async (ctx: RouteContext, view: DashboardView, actor: Actor): Promise<DashboardView> => {
  const types = new Map(ctx.collections.map((c) => [c.caseType.name, c.caseType]))
  const streamOf = (caseType: string, caseId: string): string | undefined => {
    const type = types.get(caseType)
    return type === undefined ? undefined : streamIdOf(type, caseId)
  }
  const named = [
    ...[...view.overdue.items, ...view.overdue.dueSoon.items].map((i) => streamOf(i.caseType, i.caseId)),
    ...view.risk.items.map((i) => streamOf('dispute', i.caseId)),
    ...view.exclusions.map((i) => streamOf('complaint', i.caseId)),
  ].filter((id): id is string => id !== undefined)
  const scopes = named.length === 0 ? new Map() : await ctx.cases.scopes(named)
  const readable = (caseType: string, caseId: string): boolean => {
    const id = streamOf(caseType, caseId)
    const scope = id === undefined ? undefined : scopes.get(id)
    return scope !== undefined && canRead(actor, scope)
  }
  const cut = <T>(items: readonly T[], truncated: boolean, ok: (item: T) => boolean) => {
    const shown = items.filter(ok)
    return { items: shown.slice(0, PAGE_ITEMS), truncated: truncated || shown.length > PAGE_ITEMS, more: shown.length > PAGE_ITEMS }
  }
  const late = cut(view.overdue.items, view.overdue.truncated, (i) => readable(i.caseType, i.caseId))
  const soon = cut(view.overdue.dueSoon.items, view.overdue.dueSoon.truncated, (i) => readable(i.caseType, i.caseId))
  const risk = cut(view.risk.items, view.risk.truncated, (i) => readable('dispute', i.caseId))
  const excluded = cut(view.exclusions, view.exclusionsPage.truncated, (i) => readable('complaint', i.caseId))
  // The next page of exclusions starts after the last one shown when readable ones were left over, else after the last read.
  const next = excluded.truncated ? ((excluded.more ? excluded.items.at(-1) : view.exclusions.at(-1))?.caseId ?? null) : null
  return {
    ...view,
    overdue: { ...view.overdue, items: late.items, truncated: late.truncated, dueSoon: { ...view.overdue.dueSoon, items: soon.items, truncated: soon.truncated } },
    risk: { ...view.risk, items: risk.items, truncated: risk.truncated },
    exclusions: excluded.items,
    exclusionsPage: { limit: EXCLUSIONS_PAGE, truncated: excluded.truncated, next },
  }
}

/**
 * Whose cases the figures this actor reads cover (docs/HTTP.md "Figures by role"; DOMAIN.md "Jurisdiction and actors":
 * any case a narrow role may not read does not exist for it, in a count as in a list):
 * - `place`: every case under the place asked for — the roles that read every case of their place, and a mediation
 *   centre's officer, whose work is every dispute of its place (its lists are cut to the disputes);
 * - `department`: a department officer — the evaluation of its own department's offices (its 三率, timeliness, 报到,
 *   returns: the units' rows the read models keep), no other figure: the dashboard's, the ranking's and the trends'
 *   figures are kept by place, not by department, and narrowing them would mean reading every case of the place;
 * - `none`: a mediator (its own assigned cases) and a court clerk (its court's) — no read model keeps figures per
 *   mediator or per court, and the place's are not theirs. Their working lists are the case lists (`?overdue=true`).
 */
export type FiguresReach = 'place' | 'department' | 'none'
export const figuresReach = (actor: Actor): FiguresReach => {
  // A department officer whose token names no department handles no case (canRead): no office's figures are its.
  if (actor.role === 'department-officer') return actor.department === undefined ? 'none' : 'department'
  return actor.role === 'mediator' || actor.role === 'court-clerk' ? 'none' : 'place'
}

/** What the figures of an answer cover (the field `figuresOf`): the place asked for, and the department, when narrowed to one. */
export const figuresOf = (actor: Actor, jurisdiction: string) => ({ jurisdiction, department: figuresReach(actor) === 'department' ? (actor.department ?? null) : null })

/**
 * The refusal of a figure route this actor reads none of (`figuresReach`), before the place asked for is looked at: the
 * same answer for any place. `undefined`: it may read the route's figures (`department` those of `evaluation` alone).
 */
export const figuresRefused = (actor: Actor, route: 'dashboard' | 'evaluation' | 'ranking' | 'trends') => {
  const reach = figuresReach(actor)
  if (reach === 'place' || (reach === 'department' && route === 'evaluation')) return undefined
  const lists = "its cases' deadlines: the case list's ?overdue=true"
  if (reach === 'department') return forbidden(`a department officer reads the evaluation of its own department, not the ${route} of a place (${lists})`)
  return forbidden(`a ${actor.role}${actor.role === 'department-officer' ? ' of no department' : ''} reads no ${route} figures (${lists})`)
}

/**
 * Is this unit one of the actor's department's offices — one whose cases it reads (`canRead`, as the case routes ask it, of
 * a case naming that office alone)? A unit of no department is not.
 */
const ownOffice = (actor: Actor, unit: UnitInfo): boolean =>
  unit.department !== undefined && canRead(actor, { jurisdiction: unit.jurisdiction, offices: [{ department: unit.department, jurisdiction: unit.jurisdiction }] })

/** No overdue deadline of any kind: the unassigned ones of a department's evaluation (none is its office's). */
const noneOverdue = (): CountsByKind => Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as CountsByKind

/** The dashboard for this actor: read longer and cut to what it may open when it reads by more than place. */
const dashboardFor = async (ctx: RouteContext, dashboards: Dashboards, filter: DashboardFilter, actor: Actor): Promise<unknown> => {
  if (!readsByMoreThanPlace(actor)) return dashboards.view(filter, actor)
  const view = await dashboards.view(filter, actor, { items: READ_ITEMS })
  return isDashboardView(view) ? readableLists(ctx, view, actor) : view
}

const EvaluationQuery = t.intersection(
  [t.type({ period: PeriodCodec }), t.partial({ jurisdiction: Jurisdiction, exclusionsAfter: DashboardFilter.props.exclusionsAfter, asOf: DashboardFilter.props.asOf })],
  'EvaluationQuery',
)

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
    const refused = figuresRefused(actor, 'dashboard')
    if (refused !== undefined) return sendProblem(res, problemOf(refused))
    const query = decodeQuery(DashboardFilter, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const { from, to } = query.right
    // A period that ends before it starts holds nothing: a dashboard of zeros would hide the mistake.
    if (from !== undefined && to !== undefined && Date.parse(to) < Date.parse(from)) {
      return sendProblem(res, problemOf(validationError([{ path: 'query.to', message: `is before from (${from})` }])))
    }
    const jurisdiction = query.right.jurisdiction ?? actor.jurisdiction
    if (!isWithin(actor.jurisdiction, jurisdiction)) {
      return sendProblem(res, problemOf(forbidden(`${jurisdiction} lies outside ${actor.jurisdiction}`)))
    }
    // Overdue is a question about now: without asOf, the server's clock answers it, not the latest event's time
    // (a quiet district would otherwise show nothing overdue however late its cases are).
    const asOf = query.right.asOf ?? ctx.clock.now()
    // Names beside codes (辖区名册): a replaced `dashboards` may answer something else; only a dashboard is named.
    const view = await dashboardFor(ctx, dashboards, { ...query.right, jurisdiction, asOf }, actor)
    res.json(isDashboardView(view) ? { ...namedDashboard(configured(view), registry), figuresOf: figuresOf(actor, jurisdiction) } : view)
  })

  // 考核 — the unit evaluation of a period (month, quarter, year), as JSON or, with Accept: text/csv, as a CSV file.
  router.get('/api/v1/evaluation', async (req, res) => {
    const actor = actorOf(res)
    if (actor.role === 'resident') return sendProblem(res, problemOf(forbidden('residents may not read evaluations')))
    const refused = figuresRefused(actor, 'evaluation')
    if (refused !== undefined) return sendProblem(res, problemOf(refused))
    const query = decodeQuery(EvaluationQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const { period } = query.right
    const jurisdiction = query.right.jurisdiction ?? actor.jurisdiction
    if (!isWithin(actor.jurisdiction, jurisdiction)) {
      return sendProblem(res, problemOf(forbidden(`${jurisdiction} lies outside ${actor.jurisdiction}`)))
    }
    const { exclusionsAfter } = query.right
    // As of a time (DOMAIN.md "Dashboards"), as `gridcase evaluation --as-of`; default the server's now.
    const asOf = query.right.asOf ?? ctx.clock.now()
    const view = (await dashboardFor(ctx, dashboards, { jurisdiction, from: period.from, to: period.to, asOf, depth: 0, ...(exclusionsAfter === undefined ? {} : { exclusionsAfter }) }, actor)) as DashboardView
    // A department officer's: its own department's offices alone, ranked among themselves (figuresReach).
    const department = figuresReach(actor) === 'department'
    const all = configured(view)
    const shown = department ? { ...all, units: all.units.filter((u) => ownOffice(actor, u.unit)) } : all
    // Each unit with its composite score and rank among the units (best first), and its jurisdiction's name.
    const units = rankedUnits(shown, registry, weights)
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
      // The 三率's weights the units' resolution and satisfaction rates were computed with (GRIDCASE_RATE_WEIGHTS): additive.
      rateWeights: ctx.rateWeights,
      units,
      // Overdue deadlines no unit answers for yet, by kind (a dispute not routed, the court's, the parties'): additive.
      // None of them a department's: its evaluation has none.
      unassigned: { overdue: department ? noneOverdue() : unassignedOverdue(view) },
      // Whose cases the figures cover (additive): the place, and the department when narrowed to its offices.
      figuresOf: figuresOf(actor, jurisdiction),
      exclusions: view.exclusions,
      exclusionsPage: view.exclusionsPage,
    })
  })
  return router
}
