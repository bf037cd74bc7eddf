import { forbidden, type RecordedEvent } from '@gridcase/core'
import { canRead, type Actor } from '@gridcase/core/access'
import { historyView } from '@gridcase/core/audit'
import { Router, type Request, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { seesPersonalData } from '../mask.js'
import { problemOf, sendProblem } from '../problem.js'
import { EventsQuery } from '../query.js'

const HEARTBEAT_MS = 15_000

/** The global log (paged), or live as Server-Sent Events; only events of cases in the actor's scope. */
export const eventRoutes = (ctx: RouteContext): Router => {
  const router = Router()

  const inScope = (actor: Actor, event: RecordedEvent): boolean => {
    const indexed = ctx.index.byStream(event.streamId)
    const scope = indexed?.collection.caseType.scope(indexed.state)
    return scope !== undefined && canRead(actor, scope)
  }
  const entryOf = (actor: Actor, event: RecordedEvent) => ({ streamId: event.streamId, ...historyView([event], { mask: !seesPersonalData(actor) })[0] })

  const live = (req: Request, res: Response, actor: Actor, from: number): void => {
    const controller = new AbortController()
    res.status(200)
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8')
    res.setHeader('Cache-Control', 'no-cache, no-transform')
    res.setHeader('X-Accel-Buffering', 'no')
    res.flushHeaders()
    res.write('retry: 2000\n\n')
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS)
    const stop = () => {
      clearInterval(heartbeat)
      controller.abort()
    }
    // The response closes when the client goes away (the request's own 'close' fires once its body is read).
    res.on('close', stop)
    void (async () => {
      try {
        for await (const event of ctx.store.subscribe({ fromPosition: from, signal: controller.signal })) {
          await ctx.index.waitFor(event.position)
          if (controller.signal.aborted) break
          if (!inScope(actor, event)) continue
          res.write(`id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(entryOf(actor, event))}\n\n`)
        }
      } catch (error) {
        ctx.logger.error({ err: error }, 'live event stream failed')
      } finally {
        stop()
        res.end()
      }
    })()
  }

  router.get('/api/v1/events', async (req, res) => {
    const actor = actorOf(res)
    if (actor.role === 'resident') return sendProblem(res, problemOf(forbidden('residents may not read the event log')))
    const query = decodeQuery(EventsQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const lastEventId = Number(req.headers['last-event-id'])
    if ((req.headers.accept ?? '').includes('text/event-stream')) {
      const from = Number.isSafeInteger(lastEventId) && lastEventId >= 0 ? lastEventId + 1 : (query.right.from ?? ctx.index.position() + 1)
      return live(req, res, actor, from)
    }
    const from = query.right.from ?? 0
    const limit = query.right.limit ?? 100
    const page = await ctx.store.readAll({ fromPosition: from, limit })
    const last = page.at(-1)
    if (last !== undefined) await ctx.index.waitFor(last.position)
    res.json({
      events: page.filter((e) => inScope(actor, e)).map((e) => entryOf(actor, e)),
      next: last === undefined ? from : last.position + 1,
      more: page.length === limit,
    })
  })

  return router
}
