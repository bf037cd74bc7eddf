import { forbidden } from '@gridcase/core'
import { isWithin, Jurisdiction, levelOf, parentOf, type Actor } from '@gridcase/core/access'
import {
  DashboardFilter,
  DEADLINE_KINDS,
  daysUpTo,
  monthsUpTo,
  nameOf,
  PeriodCodec,
  rankByScore,
  registryChildren,
  registryUnder,
  type DashboardView,
  type JurisdictionRegistry,
  type RankingWeights,
} from '@gridcase/core/projections'
import { Router, type Request, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { problemOf, sendProblem } from '../problem.js'
import type { DashboardFigures } from '@gridcase/adapters/embedded'
import { figuresOf as figuresCover, figuresRefused, type Dashboards } from './dashboard.js'
import type { CommitteeRegistry } from '@gridcase/core/dispute'

/** What the 考核 routes need beside the dashboards: the names of places and the ranking's weights. */
export interface AssessmentOptions {
  readonly registry: JurisdictionRegistry
  readonly weights: RankingWeights
  /** The committee file: the committees' and centres' units named and placed as configured (absent: as the events tell). */
  readonly committees?: CommitteeRegistry
}

const WholeNumber = (name: string, min: number, max: number) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number',
    (u, c) => {
      const n = typeof u === 'string' && /^\d{1,3}$/.test(u) ? Number(u) : u
      return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? t.success(n) : t.failure(u, c, `expected a whole number from ${min} to ${max}`)
    },
    t.identity,
  )

/** As of a time (DOMAIN.md "Dashboards": every figure as of a time), as the dashboard's `asOf`; default the server's now. */
const AsOf = DashboardFilter.props.asOf
const RankingQuery = t.intersection([t.type({ period: PeriodCodec }), t.partial({ jurisdiction: Jurisdiction, asOf: AsOf })], 'RankingQuery')
const TrendsQuery = t.partial({ jurisdiction: Jurisdiction, months: WholeNumber('Months', 1, 24), days: WholeNumber('Days', 1, 90), asOf: AsOf }, 'TrendsQuery')
const JurisdictionsQuery = t.partial({ under: Jurisdiction }, 'JurisdictionsQuery')

const overdueTotal = (view: DashboardFigures): number => DEADLINE_KINDS.reduce((sum, k) => sum + view.overdue.byKind[k], 0)

/** The start of every period: a view from it counts every case up to its time. */
const EVER = '1900-01-01T00:00:00+08:00'

/** Has a place anything to count in the period: a case opened, a callback made, a deadline due, a case excluded? */
const hasWorkIn = (view: DashboardFigures): boolean =>
  view.counts.complaint.total + view.counts.dispute.total !== 0 ||
  view.rates.calledBack + view.rates.notReached + view.rates.declined + view.rates.ratedByResident !== 0 ||
  view.rates.dispatched + view.rates.results + view.rates.excluded !== 0

/** A place's figures for a period: what it took in, the 三率, timeliness, exclusions, and what is overdue now. */
const placeFigures = (view: DashboardFigures) => ({
  complaints: view.counts.complaint.total,
  disputes: view.counts.dispute.total,
  calledBack: view.rates.calledBack,
  responseRate: view.rates.responseRate,
  resolutionRate: view.rates.resolutionRate,
  satisfactionRate: view.rates.satisfactionRate,
  dispatched: view.rates.dispatched,
  acknowledgedOnTime: view.rates.acknowledgedOnTime,
  onTimeAcknowledgementRate: view.rates.onTimeAcknowledgementRate,
  results: view.rates.results,
  resultsOnTime: view.rates.resultsOnTime,
  onTimeCompletionRate: view.rates.onTimeCompletionRate,
  excluded: view.rates.excluded,
  overdue: overdueTotal(view),
})

/**
 * 考核 routes beside the dashboard (all within the actor's scope; residents have none):
 * - `GET /api/v1/jurisdictions?under=` — the registry's places at or under a scope, with names and levels;
 * - `GET /api/v1/ranking?period=&jurisdiction=` — the children of a jurisdiction ranked by composite score;
 * - `GET /api/v1/trends?jurisdiction=&months=12&days=30` — the 三率 month by month, intake and missed deadlines day by day.
 */
export const assessmentRoutes = (ctx: RouteContext, dashboards: Dashboards, options: AssessmentOptions): Router => {
  const router = Router()
  const { registry, weights } = options

  /** The actor and the jurisdiction asked for, or a problem sent: residents have no figures; a place outside the scope is refused. */
  const scoped = <A extends { readonly jurisdiction?: string; readonly under?: string }>(req: Request, res: Response, codec: t.Type<A, unknown, unknown>, route?: 'ranking' | 'trends') => {
    const actor = actorOf(res)
    if (actor.role === 'resident') {
      sendProblem(res, problemOf(forbidden('residents may not read assessment figures')))
      return undefined
    }
    // Figures of the place, which a narrow role does not read (figuresReach); the jurisdictions' names are anyone's.
    const refused = route === undefined ? undefined : figuresRefused(actor, route)
    if (refused !== undefined) {
      sendProblem(res, problemOf(refused))
      return undefined
    }
    const query = decodeQuery(codec, req)
    if (E.isLeft(query)) {
      sendProblem(res, problemOf(query.left))
      return undefined
    }
    const jurisdiction = query.right.jurisdiction ?? query.right.under ?? actor.jurisdiction
    if (!isWithin(actor.jurisdiction, jurisdiction)) {
      sendProblem(res, problemOf(forbidden(`${jurisdiction} lies outside ${actor.jurisdiction}`)))
      return undefined
    }
    return { actor, query: query.right, jurisdiction }
  }

  const viewOf = async (actor: Actor, jurisdiction: string, from: string, to: string, asOf: string, depth: number): Promise<DashboardView> =>
    (await dashboards.view({ jurisdiction, from, to, asOf, depth }, actor)) as DashboardView

  router.get('/api/v1/jurisdictions', (req, res) => {
    const asked = scoped(req, res, JurisdictionsQuery)
    if (asked === undefined) return
    res.json({
      under: asked.jurisdiction,
      items: registryUnder(registry, asked.jurisdiction).map((e) => ({ code: e.code, name: e.name, level: e.level, parent: parentOf(e.code) ?? null })),
    })
  })

  router.get('/api/v1/ranking', async (req, res) => {
    const asked = scoped(req, res, RankingQuery, 'ranking')
    if (asked === undefined) return
    const { actor, jurisdiction } = asked
    const { period } = asked.query
    const asOf = asked.query.asOf ?? ctx.clock.now()
    const named = registryChildren(registry, jurisdiction).map((e) => e.code)
    // The place and its children read at once from the kept period sums, when the read model can; else a dashboard each.
    const read = await dashboards.figures?.({ jurisdiction, places: [jurisdiction, ...named], childrenWithCases: true, periods: [{ from: period.from, to: period.to }], asOf }, actor)
    const figuresAt = async (code: string): Promise<DashboardFigures> => read?.get(code)?.[0] ?? viewOf(actor, code, period.from, period.to, asOf, 0)
    // The children: those the registry lists, and any place the registry does not name that has something to count in
    // the period — a case opened, or a callback, a deadline due, an exclusion (a case opened the month before and called
    // back in this one is this month's to judge): candidates are the places one level down with any case as of now.
    let top: DashboardFigures
    let candidates: readonly string[]
    if (read === undefined) {
      top = await viewOf(actor, jurisdiction, period.from, period.to, asOf, 1)
      candidates = (await viewOf(actor, jurisdiction, EVER, asOf, asOf, 1)).counts.tree.map((n) => n.jurisdiction)
    } else {
      top = await figuresAt(jurisdiction)
      candidates = [...read.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    }
    const children = []
    for (const code of new Set([...named, ...candidates.filter((c) => parentOf(c) === jurisdiction)])) {
      const figures = await figuresAt(code)
      if (named.includes(code) || hasWorkIn(figures)) children.push({ jurisdiction: code, name: nameOf(registry, code), level: levelOf(code), ...placeFigures(figures) })
    }
    const ranked = rankByScore(children, (c) => ({ ...c, departmentRating: null }), (c) => c.jurisdiction, weights)
    res.json({
      jurisdiction,
      name: nameOf(registry, jurisdiction),
      period: period.name,
      kind: period.kind,
      from: period.from,
      to: period.to,
      asOf,
      weights,
      // The 三率's weights the rates were computed with (GRIDCASE_RATE_WEIGHTS): additive.
      rateWeights: ctx.rateWeights,
      total: { ...placeFigures(top), score: rankByScore([top], (v) => ({ ...placeFigures(v), departmentRating: null }), () => '', weights)[0]?.score ?? null },
      children: ranked.map((r) => ({ ...r.item, score: r.score, coverage: r.coverage, rank: r.rank })),
      // Whose cases the figures cover (additive; docs/HTTP.md "Figures by role").
      figuresOf: figuresCover(actor, jurisdiction),
    })
  })

  router.get('/api/v1/trends', async (req, res) => {
    const asked = scoped(req, res, TrendsQuery, 'trends')
    if (asked === undefined) return
    const { actor, jurisdiction } = asked
    // The months and days up to the one `asOf` falls in (China time).
    const asOf = asked.query.asOf ?? ctx.clock.now()
    const monthly = monthsUpTo(asOf, asked.query.months ?? 12)
    const daily = daysUpTo(asOf, asked.query.days ?? 30)
    // Every month and day read at once from the kept period sums, when the read model can; else a dashboard each.
    const read = (await dashboards.figures?.({ jurisdiction, places: [jurisdiction], periods: [...monthly, ...daily].map((p) => ({ from: p.from, to: p.to })), asOf }, actor))?.get(jurisdiction)
    const figuresOf = async (i: number, from: string, to: string): Promise<DashboardFigures> => read?.[i] ?? viewOf(actor, jurisdiction, from, to, asOf, 0)
    const months = []
    for (const [i, m] of monthly.entries()) {
      const v = await figuresOf(i, m.from, m.to)
      const figures = placeFigures(v)
      const [scored] = rankByScore([figures], (f) => ({ ...f, departmentRating: null }), () => '', weights)
      months.push({ period: m.name, from: m.from, to: m.to, ...figures, score: scored?.score ?? null })
    }
    const days = []
    for (const [i, d] of daily.entries()) {
      const v = await figuresOf(monthly.length + i, d.from, d.to)
      // 逾期: the acknowledge (签收) and result (办结) deadlines that fell due that day and were missed (met late or still open).
      const missed = v.rates.dispatched - v.rates.acknowledgedOnTime + (v.rates.results - v.rates.resultsOnTime)
      days.push({ date: d.date, complaints: v.counts.complaint.total, disputes: v.counts.dispute.total, intake: v.counts.complaint.total + v.counts.dispute.total, overdue: missed })
    }
    res.json({ jurisdiction, name: nameOf(registry, jurisdiction), asOf, weights, rateWeights: ctx.rateWeights, months, days, figuresOf: figuresCover(actor, jurisdiction) })
  })

  return router
}
