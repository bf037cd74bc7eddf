import { forbidden } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { maskPersonalDataAndNames, peopleNamed } from '@gridcase/core/privacy'
import type { ProcessRefusal, ProcessRefusals } from '@gridcase/adapters/embedded'
import { Router, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { problemOf, sendProblem } from '../problem.js'
import { Cursor, Limit } from '../query.js'

/** The refused and failed process commands the processes keep beside their checkpoints (`ProcessRefusals`). */
export interface ProcessRefusalOptions {
  readonly refusals: ProcessRefusals
}

const STATUSES = { open: null, dismissed: null, resolved: null }
export const RefusalsQuery = t.partial({ status: t.keyof(STATUSES, 'RefusalStatus'), cursor: Cursor, limit: Limit })

/**
 * A refusal as an admin reads it: masked as every admin read is (core `readsPeopleMasked`) — the command's data may
 * name the case's people (a referral's parties and their phones), and so may the error's message (a validation that
 * quotes a field) and a dismissal's reason: every person the command names is masked in all three.
 */
export const refusalView = (entry: ProcessRefusal): ProcessRefusal => {
  const names = entry.command === undefined ? [] : peopleNamed(entry.command.data)
  const { seq: _seq, ...rest } = entry
  return {
    ...rest,
    ...(entry.command === undefined ? {} : { command: { ...entry.command, data: maskPersonalDataAndNames(entry.command.data, names) } }),
    message: maskPersonalDataAndNames(entry.message, names),
    ...(entry.dismissed === undefined ? {} : { dismissed: { ...entry.dismissed, reason: maskPersonalDataAndNames(entry.dismissed.reason, names) } }),
  } as ProcessRefusal
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
  const admin = (res: Response): Actor | undefined => {
    const actor = actorOf(res)
    if (actor.role === 'admin') return actor
    sendProblem(res, problemOf(forbidden(`${actor.role} may not read what the processes could not do: that is an admin's`)))
    return undefined
  }

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
    res.json({ items: items.map(refusalView), next: items.length === limit && last !== undefined ? Cursor.encode(last.seq) : null })
  })

  return router
}
