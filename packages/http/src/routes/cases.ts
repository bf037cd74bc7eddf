import { nameOf, type JurisdictionRegistry } from '@gridcase/core/projections'
import { canonicalJson, canSee, CREATE, execute, hidden, load, notFound, streamIdOf, unencodableText, type DomainError, type EventMetadata, type ExpectedVersion } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { caseAsOf, historyView } from '@gridcase/core/audit'
import { createHash } from 'node:crypto'
import { Router, type Request, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import type { CaseCollection } from '../collection.js'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery, idempotencyKey, ifMatch, isPlainObject, isUuidText } from '../edge.js'
import { peopleNamed, personalView, seesPersonalData, seesReporter } from '../mask.js'
import { problem, problemOf, sendProblem } from '../problem.js'
import { CaseQuery, Cursor, ListQuery } from '../query.js'
import { toETag } from '../etag.js'

const API = '/api/v1'

const withoutId = (body: Record<string, unknown>): Record<string, unknown> => {
  const { id: _ignored, ...rest } = body
  return rest
}

/** The case as the actor may see it: the state, plus id, case type and version; personal data masked unless the role needs it. */
export const caseView = (collection: CaseCollection, caseId: string, state: unknown, version: number, actor: Actor | undefined) => {
  const body = isPlainObject(state) ? state : { state }
  const shown = personalView(body, actor)
  return { ...shown, id: caseId, caseType: collection.caseType.name, version }
}

/** The name of the case's jurisdiction beside its code (辖区名册), when the case has one. */
const jurisdictionNameOf = (registry: JurisdictionRegistry, state: unknown): { jurisdictionName?: string | null } => {
  const code = isPlainObject(state) ? state['jurisdiction'] : undefined
  return typeof code === 'string' ? { jurisdictionName: nameOf(registry, code) } : {}
}

/** The answer for a case as of a time before it existed (HTTP.md additions: 200 `{ "exists": false }`). */
const notYet = (caseId: string, caseType: string, asOf: string) => ({ exists: false as const, id: caseId, caseType, asOf })

const sendError = (res: Response, error: DomainError, expectedVersion?: ExpectedVersion): void =>
  sendProblem(res, problemOf(error, { ifMatch: expectedVersion !== undefined }))

/** sha-256 of the actor, the route (collection, command, case) and the body, canonically written. */
const fingerprint = (actor: Actor, path: string, route: string, caseId: string, body: unknown): string =>
  createHash('sha256').update(canonicalJson({ actor: actor.id, role: actor.role, path, route, caseId, body: body ?? null }), 'utf8').digest('hex')

/** Was the recorded command the same request? Events written before keys were bound carry no hash: then the actor must match. */
const sameRequest = (metadata: EventMetadata | undefined, actor: Actor, requestHash: string | undefined): boolean =>
  metadata === undefined || (metadata.requestHash === undefined ? metadata.actor.id === actor.id : metadata.requestHash === requestHash)

const sendKeyReused = (res: Response): void =>
  sendProblem(res, problem(422, 'idempotency-key-reused', 'This Idempotency-Key was already used for another request (another actor, route or body); use a new key for a new request'))

const correlationOf = (req: Request): { correlationId?: string } => {
  const value = req.headers['x-correlation-id']
  return typeof value === 'string' && value.length > 0 && value.length <= 100 ? { correlationId: value } : {}
}

/** Where a case type's routes are mounted: `/api/v1/<path>` (each type's own router, so a request walks only its own routes). */
export const caseRoutesPath = (collection: CaseCollection): string => `${API}/${collection.path}`

/** The routes of one case type, to mount at `caseRoutesPath(collection)`: create, one route per command, the case, its history, the list. */
export const caseRoutes = (ctx: RouteContext, collection: CaseCollection): Router => {
  const router = Router()
  const { caseType } = collection
  const base = caseRoutesPath(collection)

  /**
   * A command through core's pipeline (`execute`: decode, authorise, decide, append, fold); this route keeps only
   * what is HTTP: the headers it reads (Idempotency-Key, If-Match, X-Correlation-Id), the status and headers it answers.
   */
  const run = async (req: Request, res: Response, caseId: string, route: string): Promise<void> => {
    const actor = actorOf(res)
    const key = idempotencyKey(req)
    if (E.isLeft(key)) return sendError(res, key.left)
    const creating = route === CREATE
    const expected = creating ? E.right<DomainError, ExpectedVersion | undefined>('no-stream') : ifMatch(req)
    if (E.isLeft(expected)) return sendError(res, expected.left)
    const body: unknown = req.body ?? {}
    // POST on the collection: the server names the new case, so a body's own `id` is not the client's to set.
    const data = creating && isPlainObject(body) ? withoutId(body) : body
    // The key is bound to who sent it, where, and what (IETF Idempotency-Key draft): the same key with anything else is refused.
    // (Text canonical JSON cannot hold is refused by execute, before anything is written: no key to bind then.)
    const requestHash = key.right === undefined || unencodableText(data) !== undefined ? undefined : fingerprint(actor, collection.path, route, caseId, data)
    if (key.right !== undefined && requestHash !== undefined) {
      await ctx.settled()
      const used = await ctx.cases.keyed(key.right)
      if (used !== undefined && (used.streamId !== streamIdOf(caseType, caseId) || used.requestHash !== requestHash)) return sendKeyReused(res)
    }
    const meta = {
      commandId: key.right ?? ctx.ids.newId(),
      actor,
      at: ctx.clock.now(),
      ...correlationOf(req),
      ...(requestHash === undefined ? {} : { requestHash }),
    }
    const outcome = await execute(ctx.store, caseType, caseId, route, data, meta, {
      queue: ctx.queue,
      backoff: ctx.backoff,
      attachments: ctx.attachments,
      ...(ctx.memory === undefined ? {} : { memory: ctx.memory }),
      ...(expected.right === undefined ? {} : { expectedVersion: expected.right }),
    })
    if (E.isLeft(outcome)) return sendError(res, outcome.left, creating ? undefined : expected.right)
    const result = outcome.right
    // A replay: the first request with this key must have been this very request.
    if (result.replayed && key.right !== undefined && !sameRequest(result.events[0]?.metadata, actor, requestHash)) return sendKeyReused(res)
    const last = result.events.at(-1)
    if (!result.replayed && last !== undefined) {
      ctx.wrote(last.position)
      ctx.metrics.eventsAppended.inc({ case_type: caseType.name }, result.events.length)
    }
    // execute answers not-found for a case with no stream, so the version is a number here.
    const version = Number(result.version)
    res.setHeader('ETag', toETag(version))
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true')
    if (creating) res.status(201).location(`${base}/${caseId}`)
    res.json(caseView(collection, caseId, result.state, version, actor))
  }

  router.post('/', async (req, res) => {
    const actor = actorOf(res)
    const key = idempotencyKey(req)
    if (E.isLeft(key)) return sendError(res, key.left)
    // A retried POST with the same key (by the same actor) names the same case, so it is not opened twice.
    const caseId = key.right === undefined ? ctx.ids.newId() : ctx.ids.stableId(`${collection.path}/${actor.id}/${key.right}`)
    await run(req, res, caseId, CREATE)
  })

  for (const name of Object.keys(caseType.commands)) {
    router.post(`/:id/${name}`, async (req, res) => {
      const id = String(req.params['id'])
      if (!isUuidText(id)) return sendError(res, hidden(caseType))
      await run(req, res, id.toLowerCase(), name)
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
    const etag = toETag(shown.version)
    res.setHeader('ETag', etag)
    if (version === undefined && asOf === undefined && req.headers['if-none-match'] === etag) {
      res.status(304).end()
      return
    }
    res.json(caseView(collection, found.id, shown.state, shown.version, actorOf(res)))
  })

  router.get('/:id/history', async (req, res) => {
    const found = await loadVisible(req, res)
    if (found === undefined) return sendError(res, hidden(caseType))
    // The case's own history: full personal data for the handling roles, as on the case; masked for the others.
    // A 举报's history names its complainant: masked whole for anyone who may not know who reported.
    const state = isPlainObject(found.state) ? found.state : {}
    const mask = !seesPersonalData(actorOf(res)) || (state['kind'] === 'report' && !seesReporter(actorOf(res), state))
    res.setHeader('ETag', toETag(Number(found.version)))
    res.json({
      id: found.id,
      caseType: caseType.name,
      version: found.version,
      events: historyView(found.events, { mask, names: peopleNamed(state) }),
    })
  })

  router.get('/', async (req, res) => {
    const query = decodeQuery(ListQuery, req)
    if (E.isLeft(query)) return sendError(res, query.left)
    const { state, category, jurisdiction, overdue, cursor, limit = 20 } = query.right
    // Up to the end of the log as it is now: this server's writes and those of every other server on the store.
    await ctx.fresh()
    // Newest first, keyset-paged on the opening position; the actor's scope is part of the query, not a filter after it.
    const page = await ctx.cases.list({
      kind: collection.path,
      actor: actorOf(res),
      now: Date.parse(ctx.clock.now()),
      limit,
      ...(state === undefined ? {} : { state }),
      ...(category === undefined ? {} : { category }),
      ...(jurisdiction === undefined ? {} : { jurisdiction }),
      ...(overdue === undefined ? {} : { overdue }),
      ...(cursor === undefined ? {} : { before: cursor }),
    })
    const last = page.items.at(-1)
    res.json({
      items: page.items.map((c) => ({
        ...caseView(collection, c.caseId, c.state, c.version, undefined),
        ...jurisdictionNameOf(ctx.jurisdictions, c.state),
        overdue: c.overdue,
        openedAt: c.openedTime,
        updatedAt: c.updatedTime,
      })),
      next: page.more && last !== undefined ? Cursor.encode(last.openedAt) : null,
    })
  })

  return router
}
