import { nodeSha256Hex } from '@gridcase/adapters'
import { forbidden, type BrokenLink } from '@gridcase/core'
import { canRead, type Actor, type CaseScope } from '@gridcase/core/access'
import { logVerifier, type LogVerifier } from '@gridcase/core/audit'
import { Router } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { BooleanFromString } from '../query.js'
import { problemOf, sendProblem } from '../problem.js'

const AUDIT_ROLES: ReadonlySet<string> = new Set(['auditor', 'admin', 'supervisor'])
/** Events read from the store at a time. */
const CHUNK = 100
/** Work between two turns of the event loop: other requests wait no longer than this (a hash costs ~0.1 ms). */
const SLICE_MS = 4
/** How long a verified page waits for the read models to know its cases' scopes. */
const READ_WAIT_MS = 2000
/** Cases whose scope is looked up between two turns of the event loop. */
const SCOPE_SLICE = 200

type VerifyResult = { ok: boolean; events: number; streams: number; brokenLinks: BrokenLink[]; firstBrokenLink?: BrokenLink; verifiedTo: number }

/** What one run verified: the chains' state, events per stream, and where it stopped. */
interface Verified {
  readonly verifier: LogVerifier
  readonly eventsByStream: Map<string, number>
  from: number
}

/** What the server has verified so far, for every case: it only ever reads on from where it stopped. */
export interface LogVerification {
  /** Verifies the events appended since the last call (one run at a time: callers meanwhile share it); `full` starts again from position 0. */
  catchUp(full?: boolean): Promise<(actor: Actor) => Promise<VerifyResult>>
}

/**
 * The hash chains of the whole log, verified incrementally and in chunks that yield to the event loop:
 * a verify request costs the events appended since the previous one, never blocks other requests for
 * long, and concurrent requests share one run. (A full re-verification from position 0 is
 * `gridcase audit verify`.)
 */
export const logVerification = (ctx: RouteContext): LogVerification => {
  const fresh = (): Verified => ({ verifier: logVerifier(ctx.hash ?? nodeSha256Hex), eventsByStream: new Map(), from: 0 })
  let current = fresh()
  let running: Promise<void> | undefined

  const run = async (state: Verified): Promise<void> => {
    for (;;) {
      const page = await ctx.store.readAll({ fromPosition: state.from, limit: CHUNK })
      const last = page.at(-1)
      if (last === undefined) return
      let sliceStarted = performance.now()
      for (const event of page) {
        state.verifier.push(event)
        state.eventsByStream.set(event.streamId, (state.eventsByStream.get(event.streamId) ?? 0) + 1)
        state.from = event.position + 1
        if (performance.now() - sliceStarted > SLICE_MS) {
          await yieldToLoop()
          sliceStarted = performance.now()
        }
      }
      await ctx.runner.waitFor(last.position, READ_WAIT_MS)
      if (page.length < CHUNK) return
      await yieldToLoop()
    }
  }

  const resultFor = async (state: Verified, actor: Actor): Promise<VerifyResult> => {
    // Each case's read scope from the case list read model, a slice at a time: other requests get in between.
    const ids = [...state.eventsByStream.keys()]
    const scopes = new Map<string, CaseScope>()
    for (let i = 0; i < ids.length; i += SCOPE_SLICE) {
      for (const [id, scope] of await ctx.cases.scopes(ids.slice(i, i + SCOPE_SLICE))) scopes.set(id, scope)
      if (i + SCOPE_SLICE < ids.length) await yieldToLoop()
    }
    const visible = (streamId: string): boolean => {
      const scope = scopes.get(streamId)
      return scope !== undefined && canRead(actor, scope)
    }
    let events = 0
    let streams = 0
    for (const [streamId, count] of state.eventsByStream) {
      if (!visible(streamId)) continue
      events += count
      streams += 1
    }
    const brokenLinks = state.verifier.result().brokenLinks.filter((link) => visible(link.streamId))
    const first = brokenLinks.reduce<BrokenLink | undefined>((a, b) => (a === undefined || b.position < a.position ? b : a), undefined)
    return { ok: brokenLinks.length === 0, events, streams, brokenLinks, ...(first === undefined ? {} : { firstBrokenLink: first }), verifiedTo: state.from - 1 }
  }

  const start = (state: Verified): Promise<void> =>
    run(state).finally(() => {
      running = undefined
    })

  return {
    catchUp: async (full = false) => {
      if (full) {
        while (running !== undefined) await running
        current = fresh()
      }
      // A full run's state is its own: a later full run replaces `current` but never changes what this caller reads.
      const state = current
      running ??= start(state)
      await running
      return (actor) => resultFor(state, actor)
    },
  }
}

const VerifyQuery = t.exact(t.partial({ full: BooleanFromString }))

/**
 * `GET /api/v1/audit/verify`: the hash chain of every case in the actor's scope, verified up to the end
 * of the log; what was verified before is remembered, `?full=true` re-reads the log from position 0
 * (to catch an event altered after it was verified).
 */
export const auditRoutes = (ctx: RouteContext): Router => {
  const router = Router()
  const verification = logVerification(ctx)
  router.get('/api/v1/audit/verify', async (req, res) => {
    const actor = actorOf(res)
    if (!AUDIT_ROLES.has(actor.role)) return sendProblem(res, problemOf(forbidden(`${actor.role} may not verify the record`)))
    const query = decodeQuery(VerifyQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const resultFor = await verification.catchUp(query.right.full === true)
    res.json({ ...(await resultFor(actor)), jurisdiction: actor.jurisdiction, checkedAt: ctx.clock.now() })
  })
  return router
}
