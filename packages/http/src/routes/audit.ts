import { canSee, forbidden, sha256Hex } from '@gridcase/core'
import { logVerifier } from '@gridcase/core/audit'
import { Router } from 'express'
import { actorOf, type RouteContext } from '../context.js'
import { problemOf, sendProblem } from '../problem.js'

const AUDIT_ROLES: ReadonlySet<string> = new Set(['auditor', 'admin', 'supervisor'])
const PAGE = 1000

/** `GET /api/v1/audit/verify`: re-computes the hash chain of every case in the actor's scope, reading the whole log. */
export const auditRoutes = (ctx: RouteContext): Router => {
  const router = Router()
  router.get('/api/v1/audit/verify', async (_req, res) => {
    const actor = actorOf(res)
    if (!AUDIT_ROLES.has(actor.role)) return sendProblem(res, problemOf(forbidden(`${actor.role} may not verify the record`)))
    const verifier = logVerifier(ctx.hash ?? sha256Hex)
    for (let from = 0; ; ) {
      const page = await ctx.store.readAll({ fromPosition: from, limit: PAGE })
      const last = page.at(-1)
      if (last === undefined) break
      await ctx.index.waitFor(last.position)
      for (const event of page) {
        const indexed = ctx.index.byStream(event.streamId)
        if (indexed !== undefined && canSee(indexed.collection.caseType, indexed.state, actor)) verifier.push(event)
      }
      if (page.length < PAGE) break
      from = last.position + 1
    }
    res.json({ ...verifier.result(), jurisdiction: actor.jurisdiction, checkedAt: ctx.clock.now() })
  })
  return router
}
