import { nodeSha256Hex } from '@gridcase/adapters'
import { forbidden, type BrokenLink, type EventStore, type HashFn, type RecordedEvent } from '@gridcase/core'
import { canRead, type Actor } from '@gridcase/core/access'
import { logVerifier } from '@gridcase/core/audit'
import { Router } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { BooleanFromString } from '../query.js'
import { problemOf, sendProblem } from '../problem.js'

/** How long a verify waits for the read models to know the scopes of the cases it saw. */
const READ_WAIT_MS = 2000
const AUDIT_ROLES: ReadonlySet<string> = new Set(['auditor', 'admin', 'supervisor'])
/** Events read from the store at a time. */
const CHUNK = 100
/** Work between two turns of the event loop: other requests wait no longer than this (a hash costs ~0.1 ms). */
const SLICE_MS = 4

type VerifyResult = { ok: boolean; events: number; streams: number; brokenLinks: BrokenLink[]; firstBrokenLink?: BrokenLink; verifiedTo: number }

/** What a run verified, for every case: events per stream, the first broken link of each broken stream, where it stopped. */
export interface VerifiedLog {
  readonly eventsByStream: ReadonlyMap<string, number>
  readonly brokenLinks: readonly BrokenLink[]
  /** The next position to verify. */
  readonly from: number
}

/** Verifies on from where it stopped (`full`: from position 0); one call at a time. */
export type VerifyRunner = (full: boolean) => Promise<VerifiedLog>

/** A log verifier that remembers what it verified: the chains' state, events per stream, where it stopped. */
export const incrementalVerifier = (hash: HashFn = nodeSha256Hex) => {
  let verifier = logVerifier(hash)
  let eventsByStream = new Map<string, number>()
  let from = 0
  return {
    from: () => from,
    reset: () => {
      verifier = logVerifier(hash)
      eventsByStream = new Map()
      from = 0
    },
    push: (event: RecordedEvent) => {
      verifier.push(event)
      eventsByStream.set(event.streamId, (eventsByStream.get(event.streamId) ?? 0) + 1)
      from = event.position + 1
    },
    snapshot: (): VerifiedLog => ({ eventsByStream: new Map(eventsByStream), brokenLinks: verifier.result().brokenLinks, from }),
  }
}

/**
 * Verification on the event loop, in slices of a few milliseconds between which other requests are served
 * (for stores a worker thread cannot open itself; the server uses `verifyWorker` for SQLite).
 */
export const onEventLoop = (store: EventStore, hash?: HashFn): VerifyRunner => {
  const verified = incrementalVerifier(hash)
  return async (full) => {
    if (full) verified.reset()
    for (;;) {
      const page = await store.readAll({ fromPosition: verified.from(), limit: CHUNK })
      let sliceStarted = performance.now()
      for (const event of page) {
        verified.push(event)
        if (performance.now() - sliceStarted > SLICE_MS) {
          await yieldToLoop()
          sliceStarted = performance.now()
        }
      }
      if (page.length < CHUNK) return verified.snapshot()
      await yieldToLoop()
    }
  }
}

/** What the server has verified so far, for every case: it only ever reads on from where it stopped. */
export interface LogVerification {
  /** Verifies the events appended since the last call (one run at a time: callers meanwhile share it); `full` starts again from position 0. */
  catchUp(full?: boolean): Promise<(actor: Actor) => Promise<VerifyResult>>
}

/**
 * The hash chains of the whole log, verified incrementally: a verify request costs the events appended since
 * the previous one, and concurrent requests share one run. Results are cut to the actor's scope here.
 */
export const logVerification = (ctx: RouteContext, runner: VerifyRunner): LogVerification => {
  let running: Promise<VerifiedLog> | undefined

  const resultFor = async (log: VerifiedLog, actor: Actor): Promise<VerifyResult> => {
    // Each case's read scope from the case list read model.
    const scopes = await ctx.cases.scopes([...log.eventsByStream.keys()])
    const visible = (streamId: string): boolean => {
      const scope = scopes.get(streamId)
      return scope !== undefined && canRead(actor, scope)
    }
    let events = 0
    let streams = 0
    for (const [streamId, count] of log.eventsByStream) {
      if (!visible(streamId)) continue
      events += count
      streams += 1
    }
    const brokenLinks = log.brokenLinks.filter((link) => visible(link.streamId))
    const first = brokenLinks.reduce<BrokenLink | undefined>((a, b) => (a === undefined || b.position < a.position ? b : a), undefined)
    return { ok: brokenLinks.length === 0, events, streams, brokenLinks, ...(first === undefined ? {} : { firstBrokenLink: first }), verifiedTo: log.from - 1 }
  }

  const start = (full: boolean): Promise<VerifiedLog> =>
    runner(full).finally(() => {
      running = undefined
    })

  return {
    catchUp: async (full = false) => {
      if (full) {
        while (running !== undefined) await running.catch(() => undefined)
        running = start(true)
      } else running ??= start(false)
      // Each caller reads the snapshot of the run it waited for, whatever runs after.
      const log = await running
      // Scope comes from the case list read model: it must know every case the run saw (bounded wait).
      await ctx.runner.waitFor(log.from - 1, READ_WAIT_MS)
      return (actor) => resultFor(log, actor)
    },
  }
}

const VerifyQuery = t.exact(t.partial({ full: BooleanFromString }))

/**
 * `GET /api/v1/audit/verify`: the hash chain of every case in the actor's scope, verified up to the end
 * of the log; what was verified before is remembered, `?full=true` re-reads the log from position 0
 * (to catch an event altered after it was verified).
 */
export const auditRoutes = (ctx: RouteContext, runner: VerifyRunner = onEventLoop(ctx.store, ctx.hash)): Router => {
  const router = Router()
  const verification = logVerification(ctx, runner)
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
