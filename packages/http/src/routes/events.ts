import { forbidden, load, oldestKey, validationError, type RecordedEvent } from '@gridcase/core'
import { canRead, type Actor, type CaseScope } from '@gridcase/core/access'
import { historyView, type HistoryEntry } from '@gridcase/core/audit'
import { hasPersonalFields, mergedIntoStream, namesPeopleBeyondState, openerOf, peopleInHistory, peopleNamed, preparerOf, unsealedOf, withMergedPeople } from '@gridcase/core/privacy'
import { Router, type Request, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery, isPlainObject } from '../edge.js'
import { isWithheld, reporterHiddenIn, withRespondents } from '../mask.js'
import { liveTail } from '../liveTail.js'
import { defaultLiveLimits, type LiveLimits } from '../config.js'
import { problem, problemOf, sendProblem } from '../problem.js'
import { EventsQuery } from '../query.js'
import { PRIVATE_NO_STORE } from '../etag.js'

/** How long a client that was too slow is asked to wait before it reconnects (SSE `retry:`, milliseconds). */
const SLOW_RETRY_MS = 30_000
/**
 * Frames kept written out (a few MB): clients catching up from the same place (reconnecting after a restart,
 * say) move through the log together, so each event is written out once for all of them.
 */
const FRAME_CACHE = 4096
/** Events per store read while a live client catches up. */
const CATCH_UP_PAGE = 100
/** Work between two turns of the event loop while a client catches up. */
const SLICE_MS = 4
/** How long events wait for the read models to know their cases' scopes; then each case is folded from the log itself (`fromLog`). */
const READ_WAIT_MS = 2000
/** Case scopes remembered between two moves of the read models, at most. */
const SCOPE_CACHE = 50_000
/** How long a dropped client still has to read what was queued, and the hint. */
const SLOW_GRACE_MS = 30_000
/** Seconds a refused client is asked to wait (Retry-After) when the feed is full. */
const FULL_RETRY_AFTER_S = 10

/** Resolves true once `res` drained, false if it stayed full for `ms` or closed first. */
const drained = (res: Response, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer)
      res.off('drain', onDrain)
      res.off('close', onClose)
      resolve(ok)
    }
    const onDrain = () => done(true)
    const onClose = () => done(false)
    const timer = setTimeout(() => done(false), ms)
    res.on('drain', onDrain)
    res.on('close', onClose)
  })

/**
 * Whether the request's credentials still name its actor (its bearer token verified again: not expired). A live feed
 * asks before each batch it sends and ends once they do not (the reader's rights are its token's, and a token ends).
 */
export type StillAuthorized = (req: Request) => Promise<boolean>

/**
 * The global log (paged), or live as Server-Sent Events; only events of cases in the actor's scope.
 * Live clients are capped (in total and per actor: 503 with Retry-After beyond), each reads the log
 * only as fast as its socket drains (nothing piles up in memory for a client that does not read), and
 * one whose socket stays full for `limits.slowClientMs` is dropped with a `retry:` hint; a quiet feed
 * sends heartbeat comments.
 */
export const eventRoutes = (ctx: RouteContext, limits: LiveLimits = defaultLiveLimits, stillAuthorized?: StillAuthorized): Router => {
  const router = Router()
  let liveClients = 0
  const perActor = new Map<string, number>()

  /** What the feed knows of each case these events belong to: its read scope (null: none known) and the people it names. */
  interface CaseRead {
    readonly scope: CaseScope | null
    readonly names: readonly string[]
    /** A 举报: who reported is left out of every entry (the feed is masked for every reader), as `jurisdiction`'s `reporter`. */
    readonly report?: { readonly jurisdiction: string }
    /** 并案: the people of the case its merge step merged it into are in `names` (read once, when the step was first met). */
    readonly merged?: true
  }
  // Looked up since the read models last moved: every live client reads the same events, each case is asked once per
  // batch, not once per client and event (the scope and the state in one look-up each, for the cases not yet known).
  let cache: { at: number; readonly cases: Map<string, CaseRead> } = { at: -1, cases: new Map() }
  /**
   * The people a masked reading of any of a case's events masks, from its whole history: those it names
   * (`peopleInHistory`) and, for a complaint merged into another (并案), the people of the case it was merged into, as
   * that case's history names them now (core's `withMergedPeople`, as the case's history takes them) — for every event
   * of the duplicate, not its merge step only (found in review: a note before the merge naming the primary's
   * complainant was masked on a page with the merge step, in clear on a page or a live batch without it).
   */
  const historyNames = async (state: unknown, events: readonly RecordedEvent[]): Promise<readonly string[]> =>
    withMergedPeople(ctx.store, peopleInHistory(state, events), events)
  /** A case merged into another (a complaint's `status: merged`): its history names the primary's people too. */
  const mergedState = (state: unknown): boolean => isPlainObject(state) && state['status'] === 'merged'
  /**
   * The cases' scopes and states as the read models hold them; and, for a complaint referred to mediation — which names
   * its respondents in its events only, not in its state — the names its history gives, so the events after the
   * referral (a note that repeats a name) are masked as the referral is.
   */
  const fromModels = async (ids: readonly string[]) => {
    const [scopes, states] = await Promise.all([ctx.cases.scopes(ids), ctx.cases.states(ids)])
    const histories = new Map(
      await Promise.all(
        ids
          .filter((id) => namesPeopleBeyondState(states.get(id)) || mergedState(states.get(id)))
          .map(async (id) => [id, await historyNames(states.get(id), await ctx.store.readStream(id))] as const),
      ),
    )
    return { scopes, states, histories }
  }
  /**
   * The same folded from the log itself, for read models still behind the batch (past `READ_WAIT_MS`): each case's
   * scope, state and history's names as of now (found in review: behind the log, a case the models did not know yet
   * was left out of the feed for good, and a note after a referral they had not folded went out in clear, its frame
   * kept for every other client). A stream of no case type has none.
   */
  const fromLog = async (ids: readonly string[]) => {
    const scopes = new Map<string, CaseScope>()
    const states = new Map<string, unknown>()
    const histories = new Map<string, readonly string[]>()
    await Promise.all(
      ids.map(async (id) => {
        const caseType = ctx.collections.find((c) => id.startsWith(c.caseType.streamPrefix))?.caseType
        if (caseType === undefined) return
        const found = await load(ctx.store, caseType.decider, id, { schema: caseType.schema })
        if (found.version === 'no-stream') return
        const scope = caseType.scope(found.state)
        if (scope !== undefined) scopes.set(id, scope)
        states.set(id, found.state)
        histories.set(id, await historyNames(found.state, found.events))
      }),
    )
    return { scopes, states, histories }
  }
  const casesOf = async (events: readonly RecordedEvent[]): Promise<ReadonlyMap<string, CaseRead>> => {
    const last = events.at(-1)
    // The read models up to the batch and to this server's own writes: a case's people as its history names them now
    // (found in review: a page read just after a merge was masked with the duplicate's people as they were before it —
    // the primary's complainant in clear in a note — while the models had not folded the merge yet).
    const caughtUp = last === undefined || (await ctx.runner.waitFor(Math.max(last.position, ctx.written()), READ_WAIT_MS))
    if (cache.at !== ctx.runner.position() || cache.cases.size > SCOPE_CACHE) cache = { at: ctx.runner.position(), cases: new Map() }
    const known = cache.cases
    const missing = [...new Set(events.map((e) => e.streamId))].filter((id) => !known.has(id))
    if (missing.length > 0) {
      const { scopes, states, histories } = caughtUp ? await fromModels(missing) : await fromLog(missing)
      for (const id of missing) {
        const state = states.get(id)
        const record = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {}
        known.set(id, {
          scope: scopes.get(id) ?? null,
          names: histories.get(id) ?? peopleNamed(state),
          ...(isWithheld(record) ? { report: { jurisdiction: typeof record['jurisdiction'] === 'string' ? record['jurisdiction'] : '' } } : {}),
          // Its history's names took in the primary's people already (`historyNames`).
          ...(histories.has(id) && mergedState(state) ? { merged: true as const } : {}),
        })
      }
    }
    // Read models that lag (past `READ_WAIT_MS`) may not know of a referral yet: the respondents an event of this batch
    // names mask the case's other events too.
    for (const event of events) {
      const read = known.get(event.streamId)
      if (read === undefined) continue
      const names = withRespondents(read.names, event.data)
      if (names !== read.names) known.set(event.streamId, { ...read, names })
    }
    // 并案: a merge step's reason names the primary's complainant and address (与李四（新华社区5号楼3单元201）…), masked as the
    // case's own people are (core's `withMergedPeople`, as the case's history, webhooks and the audit CLI take them):
    // one read of the primary for each merge step of the batch (more only for a primary merged in turn), kept with the
    // case's names for the next batches while the read models stand still.
    const merges = events.filter((e) => known.get(e.streamId)?.merged !== true && mergedIntoStream(e) !== undefined)
    await Promise.all(
      merges.map(async (event) => {
        const names = await withMergedPeople(ctx.store, known.get(event.streamId)?.names ?? [], [event])
        const read = known.get(event.streamId)
        if (read !== undefined) known.set(event.streamId, { ...read, names: [...new Set([...read.names, ...names])], merged: true })
      }),
    )
    return known
  }
  const inScope = (actor: Actor, event: RecordedEvent, cases: ReadonlyMap<string, CaseRead>): boolean => {
    const scope = cases.get(event.streamId)?.scope
    return scope !== undefined && scope !== null && canRead(actor, scope)
  }
  // DOMAIN.md: personal data is masked in the live feed, whoever reads it (full values only on the case); the names of
  // the case's people in free text too (an agreement's terms, minutes, notes), as the case's history masks them.
  const entryOf = (event: RecordedEvent, cases: ReadonlyMap<string, CaseRead>) => {
    // The case's people, the respondents of its referrals among them (`casesOf` took in those of this event's batch).
    const read = cases.get(event.streamId)
    const entry = historyView([event], { mask: true, names: read?.names ?? [] })[0] as HistoryEntry
    const report = read?.report
    return {
      streamId: event.streamId,
      ...(report === undefined ? entry : reporterHiddenIn(entry, report.jurisdiction)),
    }
  }
  /**
   * What an entry's masking is worked from (`entryOf`): the case's people, and the jurisdiction of a case whose reporter
   * is withheld. Worked out once for each case as the feed knows it (a `CaseRead` stands until the read models move),
   * not once for each frame and client.
   */
  const maskedBy = new WeakMap<CaseRead, string>()
  const maskedByOf = (read: CaseRead | undefined): string => {
    if (read === undefined) return '[[],null]'
    let known = maskedBy.get(read)
    if (known === undefined) {
      known = JSON.stringify([read.names, read.report?.jurisdiction ?? null])
      maskedBy.set(read, known)
    }
    return known
  }
  const openSealed = openerOf(ctx.store)
  // Beside PostgreSQL the keys are loaded before a kept page is opened (opening is synchronous): none for SQLite.
  const prepareSealed = preparerOf(ctx.store)
  const fromTail = async (cursor: number): Promise<readonly RecordedEvent[] | undefined> => {
    const kept = tail.since(cursor)
    if (kept === undefined) return undefined
    await prepareSealed(kept)
    return kept.map(openSealed)
  }
  // The tail keeps events as written (sealed) and each is opened as it is sent: an erasure takes effect in the feed at once.
  const tail = liveTail(unsealedOf(ctx.store), () => ctx.runner.position() + 1, ctx.logger)
  // Every live client sends the same few newest events, masked for all: each is written out once, not once per client.
  // A frame is kept with what its masking was worked from — the case's people and whether who raised it is withheld
  // (`maskedBy`) — and sent again only while they are still the case's: a case gains people after its events were
  // written (a referral names a respondent an earlier note named, a merge or the primary's referral the duplicate's),
  // and a frame kept from before would show them in clear to every later reader (found in review: the note's frame,
  // kept from a reader before the referral, sent the respondent's name to the readers after it).
  const frames = new Map<string, { readonly maskedBy: string; readonly frame: string }>()
  const oldestFrame = oldestKey(frames)
  const frameText = (event: RecordedEvent, cases: ReadonlyMap<string, CaseRead>): string =>
    `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(entryOf(event, cases))}\n\n`
  const frameOf = (event: RecordedEvent, cases: ReadonlyMap<string, CaseRead>): string => {
    // Not kept for events with personal fields: a kept frame would outlive the erasure of its subject.
    if (hasPersonalFields(event.type)) return frameText(event, cases)
    const key = String(event.position)
    const maskedBy = maskedByOf(cases.get(event.streamId))
    const kept = frames.get(key)
    if (kept !== undefined && kept.maskedBy === maskedBy) return kept.frame
    const frame = frameText(event, cases)
    if (kept === undefined && frames.size >= FRAME_CACHE) frames.delete(oldestFrame.next() as string)
    frames.set(key, { maskedBy, frame })
    return frame
  }

  const live = (req: Request, res: Response, actor: Actor, from: number): void => {
    // The server is shutting down: no new stream (the client comes back after its Retry-After, to this server restarted or another).
    if (ctx.closing?.aborted === true) {
      res.setHeader('Retry-After', String(FULL_RETRY_AFTER_S))
      return sendProblem(res, problem(503, 'unavailable', `The server is shutting down; try again in ${FULL_RETRY_AFTER_S} s`))
    }
    const mine = perActor.get(actor.id) ?? 0
    if (liveClients >= limits.maxClients || mine >= limits.maxPerActor) {
      res.setHeader('Retry-After', String(FULL_RETRY_AFTER_S))
      const whose = liveClients >= limits.maxClients ? 'The live feed is full' : `You already have ${mine} live feeds open`
      return sendProblem(res, problem(503, 'unavailable', `${whose}; try again in ${FULL_RETRY_AFTER_S} s`))
    }
    liveClients += 1
    perActor.set(actor.id, mine + 1)
    const controller = new AbortController()
    res.status(200)
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8')
    res.setHeader('Cache-Control', 'no-cache, no-transform')
    res.setHeader('X-Accel-Buffering', 'no')
    res.flushHeaders()
    res.write('retry: 2000\n\n')
    // A heartbeat only where the socket has room: a full socket needs no proof of life.
    const heartbeat = setInterval(() => {
      if (!res.writableNeedDrain) res.write(': heartbeat\n\n')
    }, limits.heartbeatMs)
    let stopped = false
    // A shutdown ends the stream at once rather than hold the drain of the requests under way (the client reconnects).
    const onClosing = (): void => controller.abort()
    ctx.closing?.addEventListener('abort', onClosing)
    const stop = () => {
      if (stopped) return
      stopped = true
      ctx.closing?.removeEventListener('abort', onClosing)
      tail.leave()
      clearInterval(heartbeat)
      controller.abort()
      liveClients -= 1
      const left = (perActor.get(actor.id) ?? 1) - 1
      if (left <= 0) perActor.delete(actor.id)
      else perActor.set(actor.id, left)
    }
    // The response closes when the client goes away (the request's own 'close' fires once its body is read).
    res.on('close', stop)
    /** Writes one chunk; waits while the socket is full (the log is not read meanwhile); false if the client is gone or too slow. */
    const send = async (chunk: string): Promise<boolean> => (res.write(chunk) ? true : drained(res, limits.slowClientMs))
    tail.join()
    void (async () => {
      let slow = false
      let expired = false
      let cursor = from
      try {
        // Backpressure: the next events are fetched only once the previous ones were taken by the socket.
        while (!controller.signal.aborted && !res.destroyed) {
          const batch = (await fromTail(cursor)) ?? (await ctx.store.readAll({ fromPosition: cursor, limit: CATCH_UP_PAGE }))
          if (batch.length === 0) {
            await tail.next(controller.signal, cursor)
            continue
          }
          // The reader's token checked again before anything more is sent (a verified token is remembered until its
          // end: a look-up, mostly). Found in review: a feed opened with a token that then expired sent on for as
          // long as the connection lasted.
          if (stillAuthorized !== undefined && !(await stillAuthorized(req))) {
            expired = true
            break
          }
          const cases = await casesOf(batch)
          let sliceStarted = performance.now()
          for (const event of batch) {
            // Catching up is CPU work: let other requests in every few milliseconds.
            if (performance.now() - sliceStarted > SLICE_MS) {
              await yieldToLoop()
              sliceStarted = performance.now()
            }
            if (controller.signal.aborted || res.destroyed) break
            cursor = event.position + 1
            if (!inScope(actor, event, cases)) continue
            if (!(await send(frameOf(event, cases)))) {
              slow = !res.destroyed
              break
            }
          }
          if (slow) break
          await yieldToLoop()
        }
      } catch (error) {
        ctx.logger.error({ err: error }, 'live event stream failed')
      } finally {
        stop()
        if (slow) {
          // Too slow: a last hint (read after what is already queued) to come back later, from its Last-Event-ID.
          ctx.logger.warn({ actor: actor.id }, 'live client too slow, dropped')
          res.end(`retry: ${SLOW_RETRY_MS}\n: too slow; reconnect with Last-Event-ID\n\n`)
          // Held at most this long more: what is left is only what was already queued for the socket.
          setTimeout(() => res.destroy(), SLOW_GRACE_MS).unref()
        } else if (expired) {
          ctx.logger.info({ actor: actor.id }, 'live client’s token expired, stream ended')
          res.end(': token expired; reconnect with a new token and Last-Event-ID\n\n')
        } else res.end()
      }
    })()
  }

  router.get('/api/v1/events', async (req, res) => {
    const actor = actorOf(res)
    if (actor.role === 'resident') return sendProblem(res, problemOf(forbidden('residents may not read the event log')))
    const query = decodeQuery(EventsQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    if ((req.headers.accept ?? '').includes('text/event-stream')) {
      // The id of the last event the client had (a position we sent as `id:`): decimal digits only, not `0x10` or `1e3`.
      const lastEventId = req.get('last-event-id')
      if (lastEventId !== undefined && lastEventId !== '' && !/^\d{1,15}$/.test(lastEventId)) {
        return sendProblem(res, problemOf(validationError([{ path: 'headers.Last-Event-ID', message: 'expected the id of an event (a decimal position)' }])))
      }
      const from = lastEventId !== undefined && lastEventId !== '' ? Number(lastEventId) + 1 : (query.right.from ?? ctx.runner.position() + 1)
      return live(req, res, actor, from)
    }
    const from = query.right.from ?? 0
    const limit = query.right.limit ?? 100
    // Up to the end of the log as it is now, as the case list and the other reads (bounded): the writes of every other
    // server on the store and of the CLI too, not this server's alone — a case's people as its whole history names them
    // now (found in review: a merge committed through another server was not yet the duplicate's here, and a page of its
    // earlier note showed the primary's complainant in clear).
    await ctx.fresh()
    const page = await ctx.store.readAll({ fromPosition: from, limit })
    const last = page.at(-1)
    const cases = await casesOf(page)
    res.setHeader('Cache-Control', PRIVATE_NO_STORE)
    res.json({
      events: page.filter((e) => inScope(actor, e, cases)).map((e) => entryOf(e, cases)),
      next: last === undefined ? from : last.position + 1,
      more: page.length === limit,
    })
  })

  return router
}
