import { decode, forbidden, notFound, sha256Hex, validationError } from '@gridcase/core'
import { canRead, type Actor } from '@gridcase/core/access'
import { logVerifier } from '@gridcase/core/audit'
import { Router, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { actorOf, type RouteContext } from '../context.js'
import { problemOf, sendProblem } from '../problem.js'
import { IntFromString, Limit } from '../query.js'

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
        const scope = indexed?.collection.caseType.scope(indexed.state)
        if (scope !== undefined && canRead(actor, scope)) verifier.push(event)
      }
      if (page.length < PAGE) break
      from = last.position + 1
    }
    res.json({ ...verifier.result(), jurisdiction: actor.jurisdiction, checkedAt: ctx.clock.now() })
  })

  const HeadsQuery = t.exact(t.partial({ from: IntFromString, limit: Limit }))
  const InclusionQuery = t.exact(t.type({ position: IntFromString, head: IntFromString }))
  const ConsistencyQuery = t.exact(t.type({ from: IntFromString, to: IntFromString }))

  /** The audit roles, and a server that keeps a tree; otherwise the answer is sent and undefined returned. */
  const auditor = (res: Response): Actor | undefined => {
    const actor = actorOf(res)
    if (!AUDIT_ROLES.has(actor.role)) {
      sendProblem(res, problemOf(forbidden(`${actor.role} may not read the log's signed heads`)))
      return undefined
    }
    if (ctx.tree === undefined) {
      sendProblem(res, problemOf(notFound('this server keeps no signed tree heads (no signing key configured)')))
      return undefined
    }
    return actor
  }

  /** `GET /api/v1/audit/heads`: signed tree heads in tree-size order (receipts for auditors), and the key that signs them. */
  router.get('/api/v1/audit/heads', (req, res) => {
    if (auditor(res) === undefined || ctx.tree === undefined) return
    const query = decode(HeadsQuery, req.query)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const limit = query.right.limit ?? 100
    const heads = ctx.tree.heads.heads({ fromSize: query.right.from ?? 0, limit: limit + 1 })
    const page = heads.slice(0, limit)
    const next = heads[limit]
    res.json({ heads: page, ...(next === undefined ? {} : { next: next.treeSize }), ...(ctx.tree.publicKeyPem === undefined ? {} : { publicKey: ctx.tree.publicKeyPem, keyId: ctx.tree.keyId }) })
  })

  /**
   * `GET /api/v1/audit/proof?position=&head=`: the inclusion proof of the event at a position in the tree a
   * signed head signs; `?from=&to=`: the consistency proof between two signed heads (RFC 9162 §2.1.3, §2.1.4).
   */
  router.get('/api/v1/audit/proof', async (req, res) => {
    const actor = auditor(res)
    if (actor === undefined || ctx.tree === undefined) return
    const tree = ctx.tree
    const signedHead = (size: number, field: string) => {
      const head = tree.heads.head(size)
      if (head === undefined) sendProblem(res, problemOf(notFound(`no signed head of tree size ${size} (${field})`)))
      return head
    }
    if ('position' in req.query || 'head' in req.query) {
      const query = decode(InclusionQuery, req.query)
      if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
      const head = signedHead(query.right.head, 'head')
      if (head === undefined) return
      const [event] = await ctx.store.readAll({ fromPosition: query.right.position, limit: 1 })
      // An event outside the actor's scope is as absent as a missing one.
      const missing = () => sendProblem(res, problemOf(notFound(`no event at position ${query.right.position} in the tree of ${head.treeSize}`)))
      if (event === undefined || event.position !== query.right.position) return missing()
      await ctx.index.waitFor(event.position)
      const indexed = ctx.index.byStream(event.streamId)
      const scope = indexed?.collection.caseType.scope(indexed.state)
      if (scope === undefined || !canRead(actor, scope)) return missing()
      const proof = await tree.log.inclusionProof(event.position, head.treeSize)
      if (proof === undefined) return missing()
      return res.json({ ...proof, streamId: event.streamId, version: event.version, hash: event.metadata.hash, head })
    }
    const query = decode(ConsistencyQuery, req.query)
    if (E.isLeft(query)) {
      return sendProblem(res, problemOf(validationError(query.left.code === 'validation' ? query.left.errors : [], 'give position and head (inclusion) or from and to (consistency)')))
    }
    if (query.right.from > query.right.to) {
      return sendProblem(res, problemOf(validationError([{ path: 'from', message: `expected at most ${query.right.to}` }], 'from must not be after to')))
    }
    const from = signedHead(query.right.from, 'from')
    if (from === undefined) return
    const to = signedHead(query.right.to, 'to')
    if (to === undefined) return
    const proof = await tree.log.consistencyProof(from.treeSize, to.treeSize)
    if (proof === undefined) return sendProblem(res, problemOf(notFound(`the tree does not reach ${to.treeSize} yet`)))
    return res.json({ ...proof, from, to })
  })
  return router
}
