import { caseIdOf, forbidden, isWithin, upcast, type Actor, type DomainEvent, type EventStore } from '@gridcase/core'
import { Router } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import type { CaseCollection, CaseSummary } from '../collection.js'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { problemOf, sendProblem } from '../problem.js'
import { DashboardQuery } from '../query.js'

/** What a dashboard is asked for: a scope, a period and a moment. */
export interface DashboardFilter {
  readonly jurisdiction: string
  readonly from?: string
  readonly to?: string
  readonly asOf: string
}

/** Serves dashboards; the default counts from the case index, a projection runner may replace it. */
export interface Dashboards {
  view(filter: DashboardFilter, actor: Actor): Promise<unknown>
}

interface Row {
  readonly collection: CaseCollection
  readonly summary: CaseSummary
  readonly openedTime: string
}

const tally = (rows: readonly Row[], filter: DashboardFilter) => {
  const at = Date.parse(filter.asOf)
  const from = filter.from === undefined ? -Infinity : Date.parse(filter.from)
  const to = filter.to === undefined ? Infinity : Date.parse(filter.to)
  const out: Record<string, { total: number; overdue: number; byState: Record<string, number>; byCategory: Record<string, number> }> = {}
  for (const row of rows) {
    const opened = Date.parse(row.openedTime)
    if (!isWithin(filter.jurisdiction, row.summary.jurisdiction) || opened < from || opened > to) continue
    const entry = (out[row.collection.path] ??= { total: 0, overdue: 0, byState: {}, byCategory: {} })
    entry.total += 1
    entry.byState[row.summary.state] = (entry.byState[row.summary.state] ?? 0) + 1
    const category = row.summary.category ?? 'uncategorised'
    entry.byCategory[category] = (entry.byCategory[category] ?? 0) + 1
    if (row.summary.openDeadlines.some((d) => Date.parse(d) < at)) entry.overdue += 1
  }
  return out
}

/** Replays the log up to a moment: the cases as they stood then. */
const rowsAsOf = async (store: EventStore, collections: readonly CaseCollection[], asOf: string): Promise<Row[]> => {
  const cutoff = Date.parse(asOf)
  const states = new Map<string, { collection: CaseCollection; state: unknown; openedTime: string }>()
  for (let from = 0; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: 1000 })
    for (const event of page) {
      if (Date.parse(event.metadata.recordedAt) > cutoff) continue
      const collection = collections.find((c) => caseIdOf(c.caseType, event.streamId) !== undefined)
      if (collection === undefined) continue
      const before = states.get(event.streamId)
      const lifted = upcast(collection.caseType.schema, event)
      const state = collection.caseType.decider.evolve(before?.state ?? collection.caseType.decider.initialState, {
        type: lifted.type,
        data: lifted.data,
      } as DomainEvent)
      states.set(event.streamId, { collection, state, openedTime: before?.openedTime ?? event.metadata.recordedAt })
    }
    const last = page.at(-1)
    if (last === undefined || page.length < 1000) break
    from = last.position + 1
  }
  return [...states.values()].flatMap((s) => {
    const summary = s.collection.summarize(s.state)
    return summary === undefined ? [] : [{ collection: s.collection, summary, openedTime: s.openedTime }]
  })
}

/** Counts by case type, state and category, and overdue cases, from the live index (or a replay for `asOf`). */
export const indexDashboards = (ctx: RouteContext): Dashboards => ({
  view: async (filter) => {
    const live = Date.parse(filter.asOf) >= Date.parse(ctx.clock.now()) - 1000
    const rows: Row[] = live
      ? ctx.index.all().flatMap((c) => (c.summary === undefined ? [] : [{ collection: c.collection, summary: c.summary, openedTime: c.openedTime }]))
      : await rowsAsOf(ctx.store, ctx.collections, filter.asOf)
    return { ...filter, cases: tally(rows, filter) }
  },
})

/** `GET /api/v1/dashboard?jurisdiction=&from=&to=&asOf=` — within the actor's scope only. */
export const dashboardRoutes = (ctx: RouteContext, dashboards: Dashboards): Router => {
  const router = Router()
  router.get('/api/v1/dashboard', async (req, res) => {
    const actor = actorOf(res)
    if (actor.role === 'resident') return sendProblem(res, problemOf(forbidden('residents may not read dashboards')))
    const query = decodeQuery(DashboardQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const jurisdiction = query.right.jurisdiction ?? actor.jurisdiction
    if (!isWithin(actor.jurisdiction, jurisdiction)) {
      return sendProblem(res, problemOf(forbidden(`${jurisdiction} lies outside ${actor.jurisdiction}`)))
    }
    await ctx.settled()
    const { from, to } = query.right
    res.json(
      await dashboards.view(
        { jurisdiction, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), asOf: query.right.asOf ?? ctx.clock.now() },
        actor,
      ),
    )
  })
  return router
}
