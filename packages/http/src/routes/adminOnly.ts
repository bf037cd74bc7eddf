import * as E from 'fp-ts/lib/Either.js'
import { forbidden } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import type { Response } from 'express'
import { NoQuery } from '../query.js'
import { actorOf } from '../context.js'
import { decodeQuery } from '../edge.js'
import { problemOf, sendProblem } from '../problem.js'

/** The admin calling an admin's route; anyone else is answered 403 (`may`: what it may not do) and undefined returned. */
export const adminOf = (res: Response, may: string): Actor | undefined => {
  const actor = actorOf(res)
  if (actor.role === 'admin') return actor
  sendProblem(res, problemOf(forbidden(`${actor.role} may not ${may}: that is an admin's`)))
  return undefined
}

/** An admin calling a route that takes no query: else answered (403, or 400 naming the parameter) and undefined. */
export const adminWithNoQuery = (req: { readonly query: unknown }, res: Response, may: string): Actor | undefined => {
  const actor = adminOf(res, may)
  if (actor === undefined) return undefined
  const query = decodeQuery(NoQuery, req)
  if (E.isLeft(query)) {
    sendProblem(res, problemOf(query.left))
    return undefined
  }
  return actor
}
