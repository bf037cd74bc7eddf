import { canonicalJson, canSee, CREATE, execute, streamIdOf, unencodableText, type CommandMeta, type DomainError, type EventMetadata, type ExecuteOptions, type ExpectedVersion } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import * as E from 'fp-ts/lib/Either.js'
import { jsonAnswer, problemAnswer, type Answer } from '../answer.js'
import type { CaseCollection } from '../collection.js'
import type { RouteContext } from '../context.js'
import { idempotencyKey, ifMatch, isPlainObject } from '../edge.js'
import { erasuresOf, PRIVATE_NO_STORE, toETag } from '../etag.js'
import { namesOnCase, namesPeopleBeyondCase, onCaseOf, reportersMergedInto, seesPersonalData, viewClass, type OnCase } from '../mask.js'
import { problem, problemOf } from '../problem.js'
import { caseView } from './caseView.js'

/** What a command route reads of its request: the headers, and the body as JSON decoded it (undefined: none). */
export interface CommandRequest {
  readonly headers: IncomingHttpHeaders
  readonly body: unknown
}

const withoutId = (body: Record<string, unknown>): Record<string, unknown> => {
  const { id: _ignored, ...rest } = body
  return rest
}

/** sha-256 of the actor, the route (collection, command, case) and the body, canonically written. */
const fingerprint = (actor: Actor, path: string, route: string, caseId: string, body: unknown): string =>
  createHash('sha256').update(canonicalJson({ actor: actor.id, role: actor.role, path, route, caseId, body: body ?? null }), 'utf8').digest('hex')

/** Was the recorded command the same request? Events written before keys were bound carry no hash: then the actor must match. */
const sameRequest = (metadata: EventMetadata | undefined, actor: Actor, requestHash: string | undefined): boolean =>
  metadata === undefined || (metadata.requestHash === undefined ? metadata.actor.id === actor.id : metadata.requestHash === requestHash)

const keyReused = (): Answer =>
  problemAnswer(problem(422, 'idempotency-key-reused', 'This Idempotency-Key was already used for another request (another actor, route or body); use a new key for a new request'))

/** 503: the app has not read the log's calendar yet (the store does not answer), so it decides nothing; to retry. */
export const calendarUnreadAnswer = (): Answer =>
  problemAnswer(problem(503, 'calendar-unread', "The holiday calendar in the log could not be read yet, so no deadline can be counted; retry shortly"), [['Retry-After', '1']])

const errorAnswer = (error: DomainError, expectedVersion?: ExpectedVersion): Answer => problemAnswer(problemOf(error, { ifMatch: expectedVersion !== undefined }))

const correlationOf = (headers: IncomingHttpHeaders): string | undefined => {
  const value = headers['x-correlation-id']
  return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : undefined
}

/**
 * `{ commandId, actor, at, correlationId?, requestHash? }`, the keys in that order, an absent one left out: one object
 * literal per case, not spreads of conditional objects (an object per spread, then a copy that V8 builds key by key).
 */
const commandMeta = (commandId: string, actor: Actor, at: string, correlationId: string | undefined, requestHash: string | undefined): CommandMeta =>
  correlationId === undefined
    ? requestHash === undefined
      ? { commandId, actor, at }
      : { commandId, actor, at, requestHash }
    : requestHash === undefined
      ? { commandId, actor, at, correlationId }
      : { commandId, actor, at, correlationId, requestHash }

/** execute's options from the route context, `{ queue, backoff, attachments, memory?, expectedVersion? }` as `commandMeta` builds its object. */
const executeOptions = (ctx: RouteContext, expectedVersion: ExpectedVersion | undefined): ExecuteOptions => {
  const { queue, backoff, attachmentNaming: attachments, memory } = ctx
  return memory === undefined
    ? expectedVersion === undefined
      ? { queue, backoff, attachments }
      : { queue, backoff, attachments, expectedVersion }
    : expectedVersion === undefined
      ? { queue, backoff, attachments, memory }
      : { queue, backoff, attachments, memory, expectedVersion }
}

/**
 * A command through core's pipeline (`execute`: decode, authorise, decide, append, fold), as an answer; this keeps
 * only what is HTTP: the headers it reads (Idempotency-Key, If-Match, X-Correlation-Id), the status and headers it
 * answers. `caseId` undefined with `route` CREATE: POST on the collection, which names the new case itself. Express's
 * routes and the fast command path both answer with this, so they cannot drift apart.
 */
export const commandAnswer = async (
  ctx: RouteContext,
  collection: CaseCollection,
  req: CommandRequest,
  actor: Actor,
  id: string | undefined,
  route: string,
): Promise<Answer> => {
  const { caseType } = collection
  const key = idempotencyKey(req)
  if (E.isLeft(key)) return errorAnswer(key.left)
  const creating = route === CREATE
  // A retried POST with the same key (by the same actor) names the same case, so it is not opened twice.
  const caseId = id ?? (key.right === undefined ? ctx.ids.newId() : ctx.ids.stableId(`${collection.path}/${actor.id}/${key.right}`))
  const expected = creating ? E.right<DomainError, ExpectedVersion | undefined>('no-stream') : ifMatch(req)
  if (E.isLeft(expected)) return errorAnswer(expected.left)
  const body: unknown = req.body ?? {}
  // POST on the collection: the server names the new case, so a body's own `id` is not the client's to set.
  const data = creating && isPlainObject(body) ? withoutId(body) : body
  // The key is bound to who sent it, where, and what (IETF Idempotency-Key draft): the same key with anything else is refused.
  // (Text canonical JSON cannot hold is refused by execute, before anything is written: no key to bind then.)
  const requestHash = key.right === undefined || unencodableText(data) !== undefined ? undefined : fingerprint(actor, collection.path, route, caseId, data)
  if (key.right !== undefined && requestHash !== undefined) {
    await ctx.settled()
    const used = await ctx.cases.keyed(key.right)
    if (used !== undefined && (used.streamId !== streamIdOf(caseType, caseId) || used.requestHash !== requestHash)) return keyReused()
  }
  // Decided with the log's calendar, never the one the app started with: while the app has not read it yet (createApp
  // reading it in the background), the command waits. No await once it is read.
  const calendarUnread = ctx.calendarUnread?.()
  if (calendarUnread !== undefined && !(await calendarUnread)) return calendarUnreadAnswer()
  const meta = commandMeta(key.right ?? ctx.ids.newId(), actor, ctx.clock.now(), correlationOf(req.headers), requestHash)
  // The erasures before the command reads the case (see the case view's GET): its answer's ETag names no later one.
  const erasures = erasuresOf(ctx.store)
  const outcome = await execute(ctx.store, caseType, caseId, route, data, meta, executeOptions(ctx, expected.right))
  if (E.isLeft(outcome)) return errorAnswer(outcome.left, creating ? undefined : expected.right)
  const result = outcome.right
  // A replay: the first request with this key must have been this very request.
  if (result.replayed && key.right !== undefined && !sameRequest(result.events[0]?.metadata, actor, requestHash)) return keyReused()
  const last = result.events.at(-1)
  if (!result.replayed && last !== undefined) {
    ctx.wrote(last.position)
    ctx.metrics.countAppended(caseType.name, result.events.length)
  }
  // execute answers not-found for a case with no stream, so the version is a number here.
  const version = Number(result.version)
  // The answer is the actor's view of the case: its ETag names that view (as GET's does), and no cache keeps it.
  // 并案 (the merge's own answer): the reporters of the 举报s the case was merged into, as its view reads them.
  const onCase = { ...(await onCaseFor(ctx, caseType, caseId, result.state, actor, creating ? result.events[0] : undefined)), mergedReporters: await reportersMergedInto(ctx.store, streamIdOf(caseType, caseId), result.state) }
  // A command that ends its actor's reading of the case (a department's 退单 of a case it led: 404 to it after) is answered
  // with the case as a list shows it, masked (no reader): not in full to a reader that may no longer read it. So is its
  // retry with the same Idempotency-Key, and a people's mediator's create (and its retry) of a case not yet assigned to it.
  const reader = canSee(caseType, result.state, actor) ? actor : undefined
  const headers: [string, string][] = [
    ['ETag', toETag(version, viewClass(isPlainObject(result.state) ? result.state : {}, reader, onCase), erasures)],
    ['Cache-Control', PRIVATE_NO_STORE],
  ]
  if (result.replayed) headers.push(['Idempotent-Replayed', 'true'])
  if (creating) headers.push(['Location', `/api/v1/${collection.path}/${caseId}`])
  // A masked reader's answer on a referred or merged complaint masks its history's names too (`namesOnCase`: one read of the stream).
  const names = (reader === undefined || !seesPersonalData(reader, onCase)) && namesPeopleBeyondCase(result.state) ? await namesOnCase(ctx.store, streamIdOf(caseType, caseId), result.state) : undefined
  return jsonAnswer(creating ? 201 : 200, caseView(collection, caseId, result.state, version, reader, names, onCase), headers)
}

/**
 * Who handles the case the answer shows (`OnCase`): its scope after the command, and who registered it — the first
 * event's actor, read (its first event only) when it matters: a hotline operator's answer on a mediation case (core's
 * `handlesCase`). `first`: the case's first event when the command opened it.
 */
const onCaseFor = async (
  ctx: Pick<RouteContext, 'store'>,
  caseType: CaseCollection['caseType'],
  caseId: string,
  state: unknown,
  actor: Actor,
  first: { readonly metadata: { readonly actor: { readonly id: string } } } | undefined,
): Promise<OnCase> => {
  const onCase = onCaseOf(caseType, state, first)
  if (first !== undefined || actor.role !== 'hotline-operator' || onCase.scope?.mediators === undefined) return onCase
  const [opened] = await ctx.store.readStream(streamIdOf(caseType, caseId), { toVersion: 0 })
  return onCaseOf(caseType, state, opened)
}
