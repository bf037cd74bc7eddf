import { nameOf, type JurisdictionRegistry } from '@gridcase/core/projections'
import { canSee, CREATE, hidden, load, notFound, streamIdOf, validationError, type DomainError, type ExpectedVersion } from '@gridcase/core'
import { caseAsOf, historyView } from '@gridcase/core/audit'
import { withMergedPeople } from '@gridcase/core/privacy'
import { Router, type Request, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import type { KeptDeadline } from '@gridcase/adapters/embedded'
import type { CaseCollection } from '../collection.js'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery, isPlainObject, isUuidText } from '../edge.js'
import { isReport, mergedNamesClass, namesOnCase, onCaseOf, ownData, peopleInHistory, personalDocumentsSeen, personalView, reporterKnown, reporterMaskedEntries, reporterNames, reportersOf, reportersHidden, reportersMergedInto, residentsView, staffWorkHidden, readerViewOf, seesPersonalData, viewClass, withoutStaffAssessment } from '../mask.js'
import { problem, problemOf, sendProblem } from '../problem.js'
import { CaseQuery, Cursor, ListQuery, NoQuery } from '../query.js'
import { erasuresOf, PRIVATE_NO_STORE, toETag } from '../etag.js'
import { sendAnswer } from '../answer.js'
import { caseView } from './caseView.js'
import { anyDueSoon, runningDeadlinesView, standingsClass } from '../runningDeadlines.js'
import { commandAnswer } from './command.js'
import { mergedCaseFor } from '../mergedCase.js'

export { caseView }

const API = '/api/v1'

/** The name of the case's jurisdiction beside its code (辖区名册), when the case has one. */
const jurisdictionNameOf = (registry: JurisdictionRegistry, state: unknown): { jurisdictionName?: string | null } => {
  const code = isPlainObject(state) ? state['jurisdiction'] : undefined
  return typeof code === 'string' ? { jurisdictionName: nameOf(registry, code) } : {}
}

/** The answer for a case as of a time before it existed (HTTP.md additions: 200 `{ "exists": false }`). */
const notYet = (caseId: string, caseType: string, asOf: string) => ({ exists: false as const, id: caseId, caseType, asOf })

const sendError = (res: Response, error: DomainError, expectedVersion?: ExpectedVersion): void =>
  sendProblem(res, problemOf(error, { ifMatch: expectedVersion !== undefined }))

/** Where a case type's routes are mounted: `/api/v1/<path>` (each type's own router, so a request walks only its own routes). */
export const caseRoutesPath = (collection: CaseCollection): string => `${API}/${collection.path}`

/** The routes of one case type, to mount at `caseRoutesPath(collection)`: create, one route per command, the case, its history, the list. */
export const caseRoutes = (ctx: RouteContext, collection: CaseCollection): Router => {
  const router = Router()
  const { caseType } = collection

  // A command takes no query: one sent is refused (400 at query.<name>) before the command is judged, not ignored.
  // The fast command path leaves any request with a query to these routes, so the two answer alike.
  router.post('/', async (req, res) => {
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendError(res, query.left)
    sendAnswer(res, await commandAnswer(ctx, collection, { headers: req.headers, body: req.body }, actorOf(res), undefined, CREATE))
  })

  for (const name of Object.keys(caseType.commands)) {
    router.post(`/:id/${name}`, async (req, res) => {
      const query = decodeQuery(NoQuery, req)
      if (E.isLeft(query)) return sendError(res, query.left)
      const id = String(req.params['id'])
      if (!isUuidText(id)) return sendError(res, hidden(caseType))
      sendAnswer(res, await commandAnswer(ctx, collection, { headers: req.headers, body: req.body }, actorOf(res), id.toLowerCase(), name))
    })
  }

  const loadVisible = async (req: Request, res: Response) => {
    const id = String(req.params['id']).toLowerCase()
    if (!isUuidText(id)) return undefined
    const current = await load(ctx.store, caseType.decider, streamIdOf(caseType, id), { schema: caseType.schema })
    if (current.version === 'no-stream' || !canSee(caseType, current.state, actorOf(res))) return undefined
    return { id, ...current }
  }

  router.get('/:id', async (req, res) => {
    const query = decodeQuery(CaseQuery, req)
    if (E.isLeft(query)) return sendError(res, query.left)
    const { version, asOf } = query.right
    if (version !== undefined && asOf !== undefined) {
      return sendProblem(res, problem(400, 'validation', 'Give either version or asOf, not both', {
        errors: [{ path: 'query.asOf', message: 'cannot be combined with version' }],
      }))
    }
    // The erasures before the read: one landing while the case is read is named by the next answer (taken after, it
    // would name a view that may still hold what it erased, and that stale view would then be current for good).
    const erasures = erasuresOf(ctx.store)
    const found = await loadVisible(req, res)
    if (found === undefined) return sendError(res, hidden(caseType))
    const shown =
      version !== undefined
        ? caseAsOf(caseType, found.events, { version })
        : asOf !== undefined
          ? caseAsOf(caseType, found.events, { time: asOf })
          : { state: found.state, version: found.version }
    // DOMAIN.md "History": as of a time before the case existed, it "did not exist yet" — an answer, not an error.
    if (asOf !== undefined && shown.version === 'no-stream') {
      res.json(notYet(found.id, caseType.name, asOf))
      return
    }
    if (shown.version === 'no-stream' || (version !== undefined && shown.version !== version)) {
      return sendError(res, notFound(`The ${caseType.name} has no such version`))
    }
    // The case as it is now (not as of a version or a time): its running deadlines and where each stands now (临期 / 超期).
    const deadlines = version === undefined && asOf === undefined ? runningDeadlinesView(caseType.name, found.events, ctx.clock.now()) : undefined
    // Each view its own ETag (a supervisor's masked view is not the operator's full one; a deadline since become 临期 or
    // 超期 is another view of the same version), kept by no shared cache.
    // 并案: a resident's own merged complaint tells the outcome of the case it was merged into, as it is now (read from
    // the primary: its progress is another view of the same version of this case, named in the ETag).
    const merged = version === undefined && asOf === undefined ? await mergedCaseFor(ctx.store, caseType, found.state, actorOf(res)) : undefined
    // Who handles the case is decided on the case as it is now (a mediator reassigned away reads its past masked too).
    // 并案: the reporters of the 举报s it was merged into, masked for a reader who reads it in full (`reportersMergedInto`).
    const onCase = { ...onCaseOf(caseType, found.state, found.events[0]), mergedReporters: await reportersMergedInto(ctx.store, streamIdOf(caseType, found.id), found.state, found.events) }
    const names = await namesOnCase(ctx.store, streamIdOf(caseType, found.id), found.state, found.events)
    // A merged duplicate's view masks people of the case it was merged into: they change while its version stands (the
    // primary's referral names a respondent), so its ETag names them, as its history's does (`mergedNamesClass`).
    const full = seesPersonalData(actorOf(res), onCase)
    const mergedNames = mergedNamesClass(!full || onCase.mergedReporters.length > 0, found.events, full ? onCase.mergedReporters : names)
    const classes = [viewClass(isPlainObject(shown.state) ? shown.state : {}, actorOf(res), onCase), standingsClass(deadlines), merged?.etagClass ?? '', mergedNames].filter((c) => c !== '')
    const etag = toETag(shown.version, classes.join('.'), erasures)
    res.setHeader('ETag', etag)
    res.setHeader('Cache-Control', PRIVATE_NO_STORE)
    if (version === undefined && asOf === undefined && req.headers['if-none-match'] === etag) {
      res.status(304).end()
      return
    }
    const view = caseView(collection, found.id, shown.state, shown.version, actorOf(res), names, onCase)
    if (deadlines !== undefined) view['runningDeadlines'] = deadlines
    if (merged !== undefined) view['mergedCase'] = merged.view
    res.json(view)
  })

  router.get('/:id/history', async (req, res) => {
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendError(res, query.left)
    const erasures = erasuresOf(ctx.store)
    const found = await loadVisible(req, res)
    if (found === undefined) return sendError(res, hidden(caseType))
    // The case's own history: full personal data for the handling roles, as on the case; masked for the others.
    // A 举报's history names its complainant: for anyone who may not know who reported, the reporter is masked in every
    // entry and the rest read as on the case (a handling role's in full); a supervisor knows the reporter by name.
    // A resident's: its own data in full, everyone else's masked, as on the case. The hashes of files the actor may
    // not fetch are left out, as on the case.
    const state = isPlainObject(found.state) ? found.state : {}
    const actor = actorOf(res)
    const onCase = onCaseOf(caseType, found.state, found.events[0])
    // One rule for one reader (found in review, 2026-12-07: a 举报's history was masked whole for whoever the case showed
    // in full but for who reported, and a supervisor read the reporter's name on the case and masked in the history):
    // the history masks what the case view masks. A handling role that may not know who made a 举报 reads it in full
    // but for who reported (`knowsReporter` false); a supervisor reads it masked but for the reporter's name (`reporterKnown`).
    const view = readerViewOf(actor, state, onCase)
    const mask = view.people !== 'clear'
    const reporterMasked = !mask && isReport(state) && !view.knowsReporter
    const own = view.people === 'own' ? ownData(state, actor) : mask && isReport(state) && view.knowsReporter ? reporterKnown(state) : undefined
    // A merged duplicate's history names the primary's people too (the merge's reason): masked as its own are (core's
    // `withMergedPeople`, as the event log, webhooks and the audit CLI take them); read in full, the reporters of the
    // 举报s it was merged into, for whoever may not know who reported (`reportersOf`).
    const names = mask
      ? await withMergedPeople(ctx.store, peopleInHistory(state, found.events), found.events)
      : view.knowsReporter
        ? []
        : await withMergedPeople(ctx.store, reporterMasked ? reporterNames(state) : [], found.events, reportersOf)
    // Its ETag names those people when some are another case's (`mergedNamesClass`): they change while its version stands.
    const classes = [viewClass(state, actor, onCase), mergedNamesClass(mask || reporterMasked || names.length > 0, found.events, names)].filter((c) => c !== '')
    res.setHeader('ETag', toETag(Number(found.version), classes.join('.'), erasures))
    res.setHeader('Cache-Control', PRIVATE_NO_STORE)
    res.json({
      id: found.id,
      caseType: caseType.name,
      version: found.version,
      events: ((entries) => (view.people === 'own' ? residentsView(actor, state, entries) : entries))(
        staffWorkHidden(actor, reportersHidden(state, actor, onCase, ((entries) => (reporterMasked || (!mask && names.length > 0) ? reporterMaskedEntries(entries, names, reporterMasked) : entries))(historyView(found.events, { mask, names, ...(own === undefined ? {} : { own }), personalDocuments: personalDocumentsSeen(actor, state, onCase) })))),
      ),
    })
  })

  router.get('/', async (req, res) => {
    const query = decodeQuery(ListQuery, req)
    if (E.isLeft(query)) return sendError(res, query.left)
    const { state, category, jurisdiction, overdue, cursor, limit = 20 } = query.right
    // A state or category the case type never has (a typo) is 400 naming the field, not an empty list read as "none".
    const outside = [
      ...(state !== undefined && collection.states !== undefined && !collection.states.includes(state)
        ? [{ path: 'query.state', message: `expected one of ${collection.states.join(', ')}` }]
        : []),
      ...(category !== undefined && collection.categories !== undefined && !collection.categories.includes(category)
        ? [{ path: 'query.category', message: `expected one of ${collection.categories.join(', ')}` }]
        : []),
    ]
    if (outside.length > 0) return sendError(res, validationError(outside))
    // Up to the end of the log as it is now: this server's writes and those of every other server on the store.
    await ctx.fresh()
    // Newest first, keyset-paged on the opening position; the actor's scope is part of the query, not a filter after it.
    const now = Date.parse(ctx.clock.now())
    const page = await ctx.cases.list({
      kind: collection.path,
      actor: actorOf(res),
      now,
      limit,
      ...(state === undefined ? {} : { state }),
      ...(category === undefined ? {} : { category }),
      ...(jurisdiction === undefined ? {} : { jurisdiction }),
      ...(overdue === undefined ? {} : { overdue }),
      ...(cursor === undefined ? {} : { before: cursor }),
    })
    const last = page.items.at(-1)
    res.setHeader('Cache-Control', PRIVATE_NO_STORE)
    // A referred complaint's list entry masks its history's names too: one read of its stream (`namesOnCase`).
    const names = await Promise.all(page.items.map((c) => namesOnCase(ctx.store, streamIdOf(caseType, c.caseId), c.state)))
    // A resident's list (its own cases) leaves out the risk assessment of its disputes, as its case view does.
    const party = actorOf(res).role === 'resident'
    // 临期: the running deadlines the dashboard keeps of the page's cases (one read), by the rule of the case view's.
    const running: ReadonlyMap<string, readonly KeptDeadline[]> = page.items.length === 0 ? new Map() : await ctx.dashboard.running(page.items.map((c) => c.streamId))
    // 并案: a resident's merged complaint lists the outcome of the case it was merged into, as its view does (one read of
    // each primary on the page; staff read the primary itself).
    const mergedCases = await Promise.all(page.items.map((c) => mergedCaseFor(ctx.store, caseType, c.state, actorOf(res))))
    res.json({
      items: page.items.map((c, i) => {
        const masked = caseView(collection, c.caseId, c.state, c.version, undefined, names[i])
        const view = party ? residentsView(actorOf(res), isPlainObject(c.state) ? c.state : {}, withoutStaffAssessment(masked)) : masked
        return {
          ...view,
          ...jurisdictionNameOf(ctx.jurisdictions, c.state),
          overdue: c.overdue,
          dueSoon: anyDueSoon(running.get(c.streamId) ?? [], now),
          openedAt: c.openedTime,
          ...(mergedCases[i] === undefined ? {} : { mergedCase: mergedCases[i]!.view }),
          // A case type whose view keeps an `updatedAt` (a complaint) lists its own, as its view shows it: a deadline
          // reminder is time passing, not the case moving, and an imported case last moved at its original time, not the
          // import's. One whose view keeps none (a dispute) lists the read model's: when the latest event that changed it
          // happened, by the same rule (caseListFold's movedAt).
          ...('updatedAt' in view ? {} : { updatedAt: c.updatedTime }),
        }
      }),
      next: page.more && last !== undefined ? Cursor.encode(last.openedAt) : null,
    })
  })

  return router
}
