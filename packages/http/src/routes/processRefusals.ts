import { decode, execute, forbidden, load, streamIdOf, invalidTransition, notFound, text, unknownFields, validationError, type DomainError } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { maskPersonalDataAndNames, peopleNamed } from '@gridcase/core/privacy'
import { refusalInScope, type ProcessRefusal, type ProcessRefusals } from '@gridcase/adapters/embedded'
import { Router, type Response } from 'express'
import { Gauge } from 'prom-client'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { actorOf, type RouteContext } from '../context.js'
import { namesOnCase } from '../mask.js'
import { decodeQuery, isUuidText } from '../edge.js'
import { problemOf, sendProblem } from '../problem.js'
import { adminOf, adminWithNoQuery } from './adminOnly.js'
import { Cursor, Limit, NoQuery } from '../query.js'

/** The refused and failed process commands the processes keep beside their checkpoints (`ProcessRefusals`). */
export interface ProcessRefusalOptions {
  readonly refusals: ProcessRefusals
}

const STATUSES = { open: null, dismissed: null, resolved: null }
export const RefusalsQuery = t.partial({ status: t.keyof(STATUSES, 'RefusalStatus'), cursor: Cursor, limit: Limit })
/** A dismissal says why (recorded with who and when): a visible text of at most 500 characters. */
export const Dismissal = t.exact(t.type({ reason: text(500, 'Reason') }))

/** The body, exact: else 400 naming each missing, bad or unknown field. */
const decodeExact = <A>(codec: t.Type<A, unknown, unknown>, body: unknown): E.Either<DomainError, A> => {
  const given = body === undefined ? {} : body
  const decoded = decode(codec, given)
  const unknown = typeof given === 'object' && given !== null ? unknownFields(codec, given as Record<string, unknown>) : []
  if (E.isRight(decoded) && unknown.length === 0) return decoded
  if (E.isLeft(decoded) && decoded.left.code !== 'validation') return decoded
  return E.left(validationError([...(E.isLeft(decoded) && decoded.left.code === 'validation' ? decoded.left.errors : []), ...unknown]))
}

/**
 * A refusal as an admin reads it: masked as every admin read is (core `readsPeopleMasked`) — the command's data may
 * name the case's people (a referral's parties and their phones), and so may the error's message (a validation that
 * quotes a field) and a dismissal's reason. Masked in all three: every person the command names and every person of
 * the case it addressed (`caseNames`: `namesOfCase`, as the case's view and the case list mask them), which its free
 * text may name where no field of the command does (a mediation outcome's summary: 张伟与李强达成协议…; found in review).
 */
export const refusalView = (entry: ProcessRefusal, caseNames: readonly string[] = []): ProcessRefusal => {
  const names = [...new Set([...(entry.command === undefined ? [] : peopleNamed(entry.command.data)), ...caseNames])]
  const { seq: _seq, ...rest } = entry
  return {
    ...rest,
    ...(entry.command === undefined ? {} : { command: { ...entry.command, data: maskPersonalDataAndNames(entry.command.data, names) } }),
    message: maskPersonalDataAndNames(entry.message, names),
    ...(entry.dismissed === undefined ? {} : { dismissed: { ...entry.dismissed, reason: maskPersonalDataAndNames(entry.dismissed.reason, names) } }),
  } as ProcessRefusal
}

/**
 * The people of the case a refusal's command addressed, as a masked view of that case masks them (`namesOnCase`: its
 * state's, and its history's for a referred or merged complaint): one read of its stream. None when there is no command,
 * its case type is not on this server, or no such case (the command would have opened it): the command's own people are
 * masked then, as before (as the live feed masks an event of a case it cannot read).
 */
export const namesOfCase = async (ctx: Pick<RouteContext, 'store' | 'collections'>, entry: ProcessRefusal): Promise<string[]> => {
  const command = entry.command
  const caseType = command === undefined ? undefined : ctx.collections.find((c) => c.caseType.streamPrefix === command.caseType)?.caseType
  if (command === undefined || caseType === undefined) return []
  const streamId = streamIdOf(caseType, command.caseId)
  // A case the store cannot read (its personal data sealed under a key not held: the very refusal, maybe) masks as none.
  const found = await load(ctx.store, caseType.decider, streamId, { schema: caseType.schema }).catch(() => undefined)
  return found === undefined || found.version === 'no-stream' ? [] : namesOnCase(ctx.store, streamId, found.state, found.events)
}

/**
 * `/api/v1/admin/processes/refusals`: what the processes could not do — each command refused for good (but those that
 * mean nothing to do any more) and each failure they retry — an admin's (the role that configures the service), within
 * its jurisdiction: a refusal on a case outside it does not exist for the admin; one whose case is unknown (an event
 * the process could not read) is read at the top of the tree (an admin whose jurisdiction is the city). Any other role: 403.
 */
export const processRefusalRoutes = (ctx: RouteContext, options: ProcessRefusalOptions): Router => {
  const router = Router()
  const { refusals } = options
  // What an operator alerts on: refusals nobody has retried or dismissed yet (and failures the runner still retries).
  new Gauge({
    name: 'gridcase_process_refusals_open',
    help: 'Process commands refused for good, events a process could not read, and failures it retries, kept and not yet resolved or dismissed (GET /api/v1/admin/processes/refusals?status=open)',
    registers: [ctx.metrics.registry],
    async collect() {
      this.set(await refusals.open())
    },
  })
  const MAY = 'read what the processes could not do'
  const admin = (res: Response): Actor | undefined => adminOf(res, MAY)

  /** The refusal at `:id` if this admin may see it (its case within the admin's jurisdiction); else 404 as a missing one. */
  const refusalAt = async (actor: Actor, id: string | undefined, res: Response): Promise<ProcessRefusal | undefined> => {
    const found = id !== undefined && isUuidText(id) ? await refusals.get(id.toLowerCase()) : undefined
    if (found === undefined || !refusalInScope(actor.jurisdiction, found.jurisdiction)) {
      sendProblem(res, problemOf(notFound('No such process refusal')))
      return undefined
    }
    return found
  }
  /** An admin's refusal by the route's id, the route taking no query; open (else 409). Else answered and undefined. */
  const openRefusal = async (req: { readonly params: { readonly id?: string }; readonly query: unknown }, res: Response, what: string): Promise<{ readonly actor: Actor; readonly found: ProcessRefusal } | undefined> => {
    const actor = adminWithNoQuery(req, res, MAY)
    if (actor === undefined) return undefined
    const found = await refusalAt(actor, req.params.id, res)
    if (found === undefined) return undefined
    if (found.status !== 'open') {
      sendProblem(res, problemOf(invalidTransition(found.status, what, 'only an open refusal can be retried or dismissed')))
      return undefined
    }
    return { actor, found }
  }

  const viewOf = async (entry: ProcessRefusal): Promise<ProcessRefusal> => refusalView(entry, await namesOfCase(ctx, entry))

  router.get('/api/v1/admin/processes/refusals', async (req, res) => {
    const actor = admin(res)
    if (actor === undefined) return
    const query = decodeQuery(RefusalsQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const limit = query.right.limit ?? 50
    const items = await refusals.list({
      scope: actor.jurisdiction,
      limit,
      ...(query.right.status === undefined ? {} : { status: query.right.status }),
      ...(query.right.cursor === undefined ? {} : { after: query.right.cursor }),
    })
    const last = items[items.length - 1]
    res.json({ items: await Promise.all(items.map(viewOf)), next: items.length === limit && last !== undefined ? Cursor.encode(last.seq) : null })
  })

  // Dismissed: nothing more is to be done about it (the command is wrong, the case was handled by hand); who and why kept.
  router.post('/api/v1/admin/processes/refusals/:id/dismiss', async (req, res) => {
    const { actor, found } = (await openRefusal(req, res, 'dismiss')) ?? {}
    if (actor === undefined || found === undefined) return
    const body = decodeExact(Dismissal, req.body)
    if (E.isLeft(body)) return sendProblem(res, problemOf(body.left))
    const dismissed: ProcessRefusal = { ...found, status: 'dismissed', dismissed: { by: actor.id, reason: body.right.reason, at: ctx.clock.now() } }
    await refusals.put(dismissed)
    ctx.logger.info({ refusal: found.id, process: found.process, by: actor.id }, 'process refusal dismissed')
    res.json(await viewOf(dismissed))
  })

  // Issued again as the process issued it (its actor, its command id derived from the event: applied once however often
  // retried), once what stood in its way is put right. Accepted: resolved (retried, by whom); refused again: still open,
  // one attempt more, with the new error. 200 with the refusal either way.
  router.post('/api/v1/admin/processes/refusals/:id/retry', async (req, res) => {
    const { actor, found } = (await openRefusal(req, res, 'retry')) ?? {}
    if (actor === undefined || found === undefined) return
    const body = decodeExact(t.exact(t.type({})), req.body)
    if (E.isLeft(body)) return sendProblem(res, problemOf(body.left))
    const command = found.command
    if (command === undefined) {
      return sendProblem(res, problemOf(invalidTransition(found.status, 'retry', 'no command to issue again: the process could not read the event (or failed before it issued one); dismiss it')))
    }
    const collection = ctx.collections.find((c) => c.caseType.streamPrefix === command.caseType)
    if (collection === undefined) return sendProblem(res, problemOf(invalidTransition(found.status, 'retry', `no case type ${command.caseType} on this server`)))
    const outcome = await execute(ctx.store, collection.caseType, command.caseId, command.command, command.data, command.meta, { backoff: ctx.backoff })
    const at = ctx.clock.now()
    const after: ProcessRefusal = E.isRight(outcome)
      ? { ...found, status: 'resolved', resolved: { how: 'retried', at, by: actor.id } }
      : { ...found, attempts: found.attempts + 1, lastAt: at, code: outcome.left.code, message: outcome.left.message }
    await refusals.put(after)
    ctx.logger.info({ refusal: found.id, process: found.process, by: actor.id, outcome: E.isRight(outcome) ? 'accepted' : outcome.left.code }, 'process refusal retried')
    res.json(await viewOf(after))
  })

  return router
}
