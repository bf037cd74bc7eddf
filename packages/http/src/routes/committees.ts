import { committeesFor, type CommitteeRegistry } from '@gridcase/core/dispute'
import { isWithin } from '@gridcase/core/access'
import { Router } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import { actorOf } from '../context.js'
import { decodeQuery } from '../edge.js'
import { problemOf, sendProblem } from '../problem.js'
import { NoQuery } from '../query.js'

/**
 * `GET /api/v1/committees`: the mediation centres and committees (矛调中心, 调解委员会) where the actor works — those
 * whose place lies in the actor's scope or contains it — so an officer can route (分流) a dispute and a committee
 * assign one of its mediators. Residents see the committees but not who sits on them (account ids are not theirs to know).
 */
export const committeeRoutes = (registry: CommitteeRegistry): Router => {
  const router = Router()
  router.get('/api/v1/committees', (req, res) => {
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const actor = actorOf(res)
    const seesMediators = actor.role !== 'resident'
    const committees = committeesFor(registry, actor.jurisdiction).map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      jurisdiction: c.jurisdiction,
      track: c.track,
      ...(c.centre === undefined ? {} : { centre: c.centre }),
      ...(seesMediators ? { mediators: c.mediators.map((m) => ({ id: m.id, name: m.name })) } : {}),
    }))
    const centres = [...registry.centres.values()]
      .filter((c) => isWithin(actor.jurisdiction, c.jurisdiction) || isWithin(c.jurisdiction, actor.jurisdiction))
      .map((c) => ({ id: c.id, name: c.name, jurisdiction: c.jurisdiction }))
    res.json({ centres, committees })
  })
  return router
}
