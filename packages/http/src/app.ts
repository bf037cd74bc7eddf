import { unsealedOf } from '@gridcase/core/privacy'
import { timingSafeEqual } from 'node:crypto'
import { isUtf8 } from 'node:buffer'
import * as E from 'fp-ts/lib/Either.js'
import { calendarInLog, defaultUploadLimits, type CalendarFiles, type CalendarInLog, followCalendar, jitteredBackoff, readCalendar, memoryAttachmentStore, newId, stableId, systemClock, type AttachmentStore, type KeyTrial, type UploadLimits } from '@gridcase/adapters/embedded'
import { streamMemory, streamQueue, type EventStore, type HashFn } from '@gridcase/core'
import bytes from 'bytes'
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Router } from 'express'
import type { HelmetOptions } from 'helmet'
import { pino, type Logger } from 'pino'
import { bearerToken, type Auth } from './auth.js'
import type { Actor } from '@gridcase/core/access'
import type { CaseCollection } from './collection.js'
import type { AppClock, AppIds, AuditTree, RouteContext } from './context.js'
import { httpMetrics, routeLabel, treeLagMetrics, type HttpMetrics } from './metrics.js'
import { openApiDocument } from './openapi.js'
import { DATABASE_RETRY_AFTER_S, databaseUnavailable, erasedProblem, isJsonScalar, notAnObject, problem, problemOf, sendProblem } from './problem.js'
import { erasureCounter } from './etag.js'
import { decodeQuery } from './edge.js'
import { NoQuery } from './query.js'
import { fixedSecurityHeaders, securityHeaders } from './securityHeaders.js'
import { problemAnswer, sendAnswer, type Answer } from './answer.js'
import { logRequest, requestIdOf } from './requestLog.js'
import { fastCommands, type FastCommands } from './fastCommands.js'
import { auditRoutes, onEventLoop } from './routes/audit.js'
import { verifyWorker } from './verifyWorker.js'
import { caseRoutes, caseRoutesPath } from './routes/cases.js'
import { dashboardRoutes, readModelDashboards, type Dashboards } from './routes/dashboard.js'
import { assessmentRoutes } from './routes/assessment.js'
import { DEFAULT_RANKING_WEIGHTS, DEFAULT_RATE_WEIGHTS, emptyJurisdictionRegistry, type JurisdictionRegistry, type RankingWeights, type RateWeights } from '@gridcase/core/projections'
import { inMemoryReadModels, type AppReadModels } from './readModels.js'
import { eventRoutes } from './routes/events.js'
import { CALENDAR_FIRST_READ_WAIT_MS, CALENDAR_REFRESH_MS, calendarRebase, calendarRoutes, type CalendarOptions } from './routes/calendar.js'
import { attachmentAccess } from './attachmentAccess.js'
import { attachmentRoutes } from './routes/attachments.js'
import { committeeRoutes } from './routes/committees.js'
import { emptyCommitteeRegistry, type CommitteeRegistry } from '@gridcase/core/dispute'
import { webhookRoutes, type WebhookOptions } from './routes/webhooks.js'
import { processRefusalRoutes, type ProcessRefusalOptions } from './routes/processRefusals.js'
import { defaultLiveLimits, type LiveLimits } from './config.js'

export interface AppOptions {
  readonly store: EventStore
  /** The case types to serve, each at `/api/v1/<path>` (see `caseCollection`, `complaints`, `disputes`). */
  readonly caseTypes: readonly CaseCollection[]
  readonly auth: Auth
  readonly clock?: AppClock
  readonly ids?: AppIds
  readonly logger?: Logger
  /**
   * The read models and their runner (e.g. `sqliteReadModels(file, …)`); the caller starts and closes them.
   * By default the app runs its own in an in-memory SQLite database, rebuilt from the log at start.
   */
  readonly readModels?: AppReadModels
  /** How long a read waits for the read models to reach a write (default 2000 ms); then it serves what there is. */
  readonly readWaitMs?: number
  /** Dashboards; by default `readModelDashboards` over the read models' dashboard totals. */
  readonly dashboards?: (ctx: RouteContext) => Dashboards
  /** The dashboard page at `/`, when there is one. */
  readonly page?: Router
  /** 辖区名册: display names of jurisdiction codes, beside each code in dashboards, evaluations, rankings, lists and exports (default: none). */
  readonly jurisdictions?: JurisdictionRegistry
  /** The composite score's weights for rankings and unit evaluation (default `DEFAULT_RANKING_WEIGHTS`). */
  readonly rankingWeights?: RankingWeights
  /**
   * The 三率's weights (GRIDCASE_RATE_WEIGHTS: what a partly solved answer counts towards the 解决率, a basically satisfied
   * one towards the 满意率) for the dashboard, the unit evaluation, rankings and trends (default `DEFAULT_RATE_WEIGHTS`).
   */
  readonly rateWeights?: RateWeights
  /** Largest accepted JSON body (default `100kb`). */
  readonly bodyLimit?: string
  readonly helmet?: HelmetOptions
  /** The hash the store chains with (default SHA-256); `/audit/verify` re-computes with it. */
  readonly hash?: HashFn
  /** Remember each case's state, version and command ids between commands (default true), so a command reads nothing; reads for people always go to the store. */
  readonly cacheStreams?: boolean
  /** The log's Merkle tree and signed heads (`treeLog` started by the owner), for `/api/v1/audit/heads` and `/proof`. */
  readonly tree?: AuditTree
  /** Collect Node's default process metrics too (the server bin turns this on). */
  readonly defaultMetrics?: boolean
  /**
   * The holiday calendar the case types decide with (the same live calendar passed to `complaints()` and
   * `disputes()`) and where loaded schedules are kept: mounts `GET /api/v1/calendar/{year}` and `POST /api/v1/calendar`.
   */
  readonly calendar?: CalendarOptions
  /** Outbound webhooks (the outbox the processes deliver): mounts `/api/v1/webhooks` (admin). */
  readonly webhooks?: WebhookOptions
  /** What the processes could not do, kept beside their checkpoints: mounts `/api/v1/admin/processes/refusals` (admin). */
  readonly processRefusals?: ProcessRefusalOptions
  /** Who may read `/metrics` here: anyone, a bearer of `token`, or nobody (default: served elsewhere or not at all). */
  readonly metricsAccess?: 'open' | 'off' | { readonly token: string }
  /** Caps and timings of the live event feed (defaults: `defaultLiveLimits`). */
  readonly live?: Partial<LiveLimits>
  /** The store's SQLite file: `/audit/verify` then re-computes hashes on a worker thread reading it (else on the event loop, in slices). */
  readonly verifySqlitePath?: string
  /** Where attached files are kept (`fileAttachmentStore(DATA_DIR/attachments)`, `postgresAttachmentStore`); default: in memory, closed with the app. */
  readonly attachments?: AttachmentStore
  /** The data subjects' key table, read afresh at each `/audit/verify` (`sqliteKeyRows`, `postgresKeyRows`); absent: not checked. */
  readonly keyRows?: RouteContext['keyRows']
  /**
   * The key table opened read-only for one `/audit/verify` run, whose kept keys are tried on a value sealed for their
   * subjects (`key-wrong`) where the run reads the log on the event loop (beside PostgreSQL; the SQLite worker opens the
   * file's itself). Absent: not tried there.
   */
  readonly verifyKeys?: () => Promise<KeyTrial>
  /** Upload limits (default 10 MiB; JPEG, PNG, WebP, PDF). */
  readonly uploadLimits?: UploadLimits
  /**
   * The mediation committees (the same registry passed to `disputes()`): a mediator's committee comes from it, never
   * from a token, and `GET /api/v1/committees` lists them. Absent: no committees (no mediator sits on one).
   */
  readonly committees?: CommitteeRegistry
  /**
   * Serve plain JSON commands (`POST /api/v1/<collection>[/<id>/<command>]`) on node:http beside express, with the same
   * answers (default true; `httpServer`/`listen` use it). false: every request through express.
   */
  readonly fastCommands?: boolean
}

/** The express app plus what its owner must close. */
export type GridcaseApp = Express & {
  readonly gridcase: {
    readonly readModels: AppReadModels
    readonly metrics: HttpMetrics
    /** The hot command routes without express, for `httpServer` to try before the app (absent when turned off, or when helmet's headers depend on the request). */
    readonly fastCommands?: FastCommands
    /**
     * The first step of a shutdown: every live event stream (`/api/v1/events` as SSE) ends now and a new one is refused
     * (503), so that the server's drain waits only for the requests under way. `close` does it too.
     */
    endLiveFeeds(): void
    close(): Promise<void>
  }
}

const defaultIds: AppIds = { newId, stableId }

const JSON_TYPES = ['application/json', 'application/*+json']

/** Builds the gridcase HTTP API (HTTP.md) as an express app; the caller listens. */
export const createApp = (options: AppOptions): GridcaseApp => {
  const logger = options.logger ?? pino({ level: 'silent' })
  const metrics = httpMetrics({ defaultMetrics: options.defaultMetrics ?? false })
  const lag = options.tree?.log.lag
  if (lag !== undefined) treeLagMetrics(metrics.registry, lag)
  const owned = options.readModels === undefined
  const readModels = options.readModels ?? inMemoryReadModels(options.store, options.caseTypes, logger)
  const { runner } = readModels
  const started = owned ? runner.start() : Promise.resolve()
  started.catch((error: unknown) => logger.error({ err: error }, 'the read models could not start'))
  const ownAttachments = options.attachments === undefined
  const attachments = options.attachments ?? memoryAttachmentStore()
  const readWaitMs = options.readWaitMs ?? 2000
  let written = -1
  const late = (what: string) => (reached: boolean) => {
    if (!reached) logger.warn({ position: runner.position(), written }, `read models behind after ${readWaitMs} ms (${what}); serving what they hold`)
  }
  // Who may fetch a file, and so name it in a command (one rule: docs/attachments.md); it reads cases through `ctx`.
  const access = attachmentAccess(() => ctx, attachments, readModels.attachments)
  // Set below when the app reads the log's calendar itself (no `inLog`): what commands wait for until it is read
  // (true), or the app closes first (false).
  let calendarUnread: Promise<boolean> | undefined
  const calendarWaitMs = options.calendar?.firstReadWaitMs ?? CALENDAR_FIRST_READ_WAIT_MS
  const shuttingDown = new AbortController()
  const endLiveFeeds = (): void => shuttingDown.abort()
  const ctx: RouteContext = {
    closing: shuttingDown.signal,
    calendarUnread: () => {
      const reading = calendarUnread
      if (reading === undefined) return undefined
      // Bounded: a store that does not answer at start is a 503 to retry, not a request held open for ever.
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), calendarWaitMs)
        void reading.then((read) => {
          clearTimeout(timer)
          resolve(read)
        })
      })
    },
    store: options.store,
    // Forgotten whole when the store's erasure count moves (a sealed store): no answer is made of a state folded before.
    ...(options.cacheStreams === false ? {} : { memory: streamMemory(erasureCountOf(options.store)) }),
    queue: streamQueue(),
    backoff: jitteredBackoff(),
    collections: options.caseTypes,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? defaultIds,
    logger,
    cases: readModels.cases,
    dashboard: readModels.dashboard,
    runner,
    metrics,
    jurisdictions: options.jurisdictions ?? emptyJurisdictionRegistry,
    rateWeights: options.rateWeights ?? DEFAULT_RATE_WEIGHTS,
    ...(options.hash === undefined ? {} : { hash: options.hash }),
    ...(options.tree === undefined ? {} : { tree: options.tree }),
    ...(options.keyRows === undefined ? {} : { keyRows: options.keyRows }),
    attachments,
    attachmentNaming: access.naming,
    wrote: (position) => {
      written = Math.max(written, position)
    },
    written: () => written,
    settled: () => runner.waitFor(written, readWaitMs).then(late('own writes')),
    // A read model that cannot catch up now (the file busy past its timeout) leaves the read to answer from what it holds.
    fresh: () =>
      started
        .then(() => runner.refresh(readWaitMs))
        .then(late('end of the log'), (error: unknown) => logger.error({ err: error }, 'read models could not catch up; serving what they hold')),
  }

  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.set('query parser', 'simple')
  const security = options.fastCommands === false ? undefined : fixedSecurityHeaders(options.helmet)
  const bodyLimit = options.bodyLimit ?? '100kb'
  const committees = options.committees ?? emptyCommitteeRegistry
  const fast =
    security === undefined
      ? undefined
      : fastCommands({
          ctx,
          collections: options.caseTypes,
          actorFrom: actorFrom(options.auth, committees),
          unauthorized,
          security,
          bodyLimit: bytes.parse(bodyLimit) ?? 0,
          logger,
          metrics,
        })
  app.use(securityHeaders(options.helmet))
  app.use(metrics.middleware)
  app.use(requestLog(logger))

  // /healthz and /metrics alone do not decode their query: load balancers and Prometheus poll them and may add
  // parameters of their own (Prometheus's `name[]`). Every other route refuses one it does not take.
  app.get('/healthz', async (_req, res) => {
    try {
      await options.store.streamVersion('healthz-probe')
      // Health and nothing else: no counts or positions for whoever can reach the port.
      res.json({ status: 'ok' })
    } catch (error) {
      logger.error({ err: error }, 'health check failed')
      res.status(503).json({ status: 'unavailable' })
    }
  })
  const metricsAccess = options.metricsAccess ?? 'off'
  if (metricsAccess !== 'off') {
    app.get('/metrics', async (req, res) => {
      if (metricsAccess !== 'open' && !sameSecret(bearerToken(req.headers.authorization) ?? '', metricsAccess.token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"')
        return sendProblem(res, problem(401, 'unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>'))
      }
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics())
    })
  }
  // Built on the first request for it, not at start (a few hundred schemas a start need not wait for), then kept.
  let spec: ReturnType<typeof openApiDocument> | undefined
  app.get('/openapi.json', (req, res) => {
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    spec ??= openApiDocument(options.caseTypes, {
      pagePaths: options.page === undefined ? [] : getPaths(options.page),
      metrics: typeof metricsAccess === 'string' ? metricsAccess : 'token',
      calendar: options.calendar !== undefined,
      ...(options.webhooks === undefined ? {} : { webhookEventTypes: options.webhooks.eventTypes }),
      processRefusals: options.processRefusals !== undefined,
    })
    res.json(spec)
  })

  // Uploads are raw bytes or multipart, not JSON: their router reads the body itself, streaming.
  app.use(
    '/api/v1/attachments',
    authenticate(options.auth, committees),
    attachmentRoutes(ctx, { store: attachments, access, limits: options.uploadLimits ?? defaultUploadLimits }),
  )
  const api = express.Router()
  api.use(requireJson, express.json({ limit: bodyLimit, type: JSON_TYPES, verify: utf8Only }))
  api.use(authenticate(options.auth, committees))
  app.use('/api/v1', api)
  for (const collection of options.caseTypes) app.use(caseRoutesPath(collection), caseRoutes(ctx, collection))
  const dashboards = (options.dashboards ?? readModelDashboards(readModels.dashboard))(ctx)
  const assessment = { registry: options.jurisdictions ?? emptyJurisdictionRegistry, weights: options.rankingWeights ?? DEFAULT_RANKING_WEIGHTS, committees }
  app.use(dashboardRoutes(ctx, dashboards, assessment))
  app.use(assessmentRoutes(ctx, dashboards, assessment))
  const verifyActor = actorFrom(options.auth, committees)
  app.use(eventRoutes(ctx, { ...defaultLiveLimits, ...options.live }, async (req) => E.isRight(await verifyActor(req.headers.authorization))))
  const verifier = options.verifySqlitePath === undefined ? undefined : verifyWorker(options.verifySqlitePath)
  app.use(auditRoutes(ctx, verifier?.runner ?? onEventLoop(unsealedOf(ctx.store), ctx.hash, options.verifyKeys)))
  // The schedules are the log's (`calendar` stream): read now, then followed, so a load recorded by another server or
  // the CLI is counted with here within `refreshMs`. The re-base a load calls for is the calendar-rebase process's with
  // `rebaseInProcess` (the server: one runner across the servers); without it (a library app) this app runs it — a load
  // it posts, one it reads that another server or the CLI recorded, one left due (each case's command id is derived from
  // the load: whichever app gets to a case first writes, the others find it done) — and a marker file of an earlier
  // release is finished here either way, in the background.
  const calendarOptions = options.calendar === undefined ? undefined : { ...options.calendar, inLog: options.calendar.inLog ?? calendarInLog(ctx.store, options.calendar.live) }
  const rebase = calendarOptions === undefined ? undefined : calendarRebase(ctx, calendarOptions)
  let closing = false
  // Given the calendar in the log, the owner has read it (and taken schedule files over) before; else it is read here,
  // tried again every `refreshMs` while the store does not answer, and commands wait for it (`ctx.calendarUnread`): a
  // deadline is never counted with the calendar the app was made with when the log holds another.
  // A command waits `firstReadWaitMs` at most (then 503 `calendar-unread`, to retry); one that arrives or waits when the
  // app closes before the calendar was read is refused the same way, never decided with the calendar it was made with.
  // Resolves true once read, false when the app closed first.
  const readInBackground = async (inLog: CalendarInLog, files: CalendarFiles | undefined): Promise<boolean> => {
    for (let attempt = 1; !closing; attempt += 1) {
      try {
        await readCalendar(inLog, files, ctx.clock.now())
        return true
      } catch (error) {
        logger.error({ err: error, attempt }, 'the calendar stream could not be read: commands wait until it is')
        await new Promise((resolve) => setTimeout(resolve, options.calendar?.refreshMs ?? CALENDAR_REFRESH_MS))
      }
    }
    return false
  }
  const calendarRead =
    calendarOptions === undefined || options.calendar?.inLog !== undefined ? Promise.resolve(true) : readInBackground(calendarOptions.inLog, calendarOptions.files)
  if (calendarOptions !== undefined && options.calendar?.inLog === undefined) {
    calendarUnread = calendarRead
    // Once read, no wait at all; never read (the app closed first), every later command is refused.
    void calendarRead.then((read) => {
      if (read) calendarUnread = undefined
    })
  }
  const resumeRebase = (): void => {
    calendarRead
      .then((read) => (read ? rebase?.resume() : undefined))
      .catch((error: unknown) => logger.error({ err: error }, 'the re-base of open cases due after a holiday schedule was loaded stopped; it resumes at the next start'))
  }
  const followed =
    calendarOptions === undefined
      ? undefined
      : followCalendar(calendarOptions.inLog, {
          intervalMs: options.calendar?.refreshMs ?? CALENDAR_REFRESH_MS,
          onChange: (log) => {
            logger.info({ calendar: log.version, due: log.due?.load }, 'holiday calendar changed in the log')
            if (log.due !== undefined && calendarOptions.rebaseInProcess !== true) resumeRebase()
          },
          onError: (error) => logger.warn({ err: error }, 'the calendar stream could not be read: counting with the calendar read last'),
        })
  if (calendarOptions !== undefined && rebase !== undefined) {
    app.use(calendarRoutes(ctx, calendarOptions, rebase))
    resumeRebase()
  }
  app.use(committeeRoutes(committees))
  if (options.webhooks !== undefined) app.use(webhookRoutes(ctx, options.webhooks))
  if (options.processRefusals !== undefined) app.use(processRefusalRoutes(ctx, options.processRefusals))
  // After the API: an API request never walks the page's routes.
  if (options.page !== undefined) app.use(options.page)

  app.use((req, res) => {
    sendProblem(res, problem(404, 'route-not-found', `No route ${req.method} ${req.path}`))
  })
  app.use(errorHandler(logger))

  const close = async () => {
    closing = true
    endLiveFeeds()
    followed?.stop()
    await rebase?.stop()
    await verifier?.close()
    if (ownAttachments) await attachments.close()
    await dashboards.close?.()
    if (owned) {
      await started.catch(() => {})
      await readModels.close()
    }
  }
  return Object.assign(app, { gridcase: { readModels, metrics, ...(fast === undefined ? {} : { fastCommands: fast }), endLiveFeeds, close } })
}

/** The GET routes a router serves (the page and its assets), for the OpenAPI document. */
const getPaths = (router: Router): string[] =>
  (router as unknown as { stack: { route?: { path?: unknown; methods?: Record<string, boolean> } }[] }).stack.flatMap((layer) =>
    typeof layer.route?.path === 'string' && layer.route.methods?.['get'] === true ? [layer.route.path] : [],
  )

/** Refuses a UTF-8 body with a byte sequence that is not UTF-8: decoding would record U+FFFD in its place for good. */
const utf8Only = (_req: unknown, _res: unknown, body: Buffer, encoding: string): void => {
  if (encoding === 'utf-8' && !isUtf8(body)) throw Object.assign(new Error('The body is not valid UTF-8'), { type: 'entity.not.utf8' })
}

/** 415 for a body that is not JSON; a request without a body is fine (commands without data). */
const requireJson: RequestHandler = (req, res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0'
  if (hasBody && req.is(JSON_TYPES) === false) {
    return sendProblem(res, problem(415, 'unsupported-media-type', 'Send the body as application/json'))
  }
  next()
}

/** The actor a request's `Authorization` names (a valid bearer token, the committee from the server's file), or why not. */
export const actorFrom =
  (auth: Auth, committees: CommitteeRegistry) =>
  async (authorization: string | undefined): Promise<E.Either<string, Actor>> => {
    const token = bearerToken(authorization)
    if (token === undefined) return E.left('Send Authorization: Bearer <token>')
    const actor = await auth.verify(token)
    return E.isLeft(actor) ? actor : E.right(withCommittee(actor.right, committees))
  }

/** The 401 a request without a valid token gets, express's path and the fast one alike. */
export const unauthorized = (detail: string): Answer => problemAnswer(problem(401, 'unauthorized', detail), [['WWW-Authenticate', 'Bearer realm="gridcase"']])

/** 401 unless a valid bearer token names an actor; the actor goes on `res.locals.actor`. */
const authenticate = (auth: Auth, committees: CommitteeRegistry): RequestHandler => {
  const actorOf = actorFrom(auth, committees)
  return async (req, res, next) => {
    const actor = await actorOf(req.headers.authorization)
    if (E.isLeft(actor)) return sendAnswer(res, unauthorized(actor.left))
    res.locals['actor'] = actor.right
    next()
  }
}

/** The request's full path (`/api/v1/complaints`), not the part a mounted router sees (`/`); never the query (it may hold a token). */
const fullPath = (req: Request): string => {
  const url = req.originalUrl
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

const requestLog = (logger: Logger): RequestHandler => (req, res, next) => {
  const started = process.hrtime.bigint()
  const id = requestIdOf(req.headers)
  res.setHeader('X-Request-Id', id)
  res.on('finish', () => {
    logRequest(logger, id, req.method, routeLabel(req), fullPath(req), res.statusCode, started, res.locals['actor'] as Actor | undefined)
  })
  next()
}

interface BodyParserError {
  readonly type?: string
  readonly status?: number
  readonly expose?: boolean
  /** The body as read, on a parse error. */
  readonly body?: unknown
}

/** Body-parser errors become 400/413/415; anything else is logged and answered without internals. */
const errorHandler = (logger: Logger): ErrorRequestHandler => (error: unknown, req, res, _next) => {
  const e = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError
  if (res.headersSent) {
    logger.error({ err: error, path: fullPath(req) }, 'error after the response started')
    res.end()
    return
  }
  if (e.type === 'entity.not.utf8') {
    return sendProblem(res, problem(400, 'validation', 'The body is not valid UTF-8', { errors: [{ path: '(root)', message: 'is not valid UTF-8' }] }))
  }
  if (e.type === 'entity.parse.failed') {
    if (isJsonScalar(e.body)) return sendProblem(res, notAnObject())
    return sendProblem(res, problem(400, 'validation', 'The body is not valid JSON', { errors: [{ path: '(root)', message: 'is not valid JSON' }] }))
  }
  // A malformed percent-encoding in the path (`/complaints/%E0%A4%A`): the router could not decode a parameter.
  if (error instanceof URIError || (e.status === 400 && e.expose !== true && /decode/i.test(String((error as { message?: unknown }).message)))) {
    return sendProblem(res, problem(400, 'validation', 'The URL is not valid percent-encoded UTF-8', { errors: [{ path: 'path', message: 'is not valid percent-encoded UTF-8' }] }))
  }
  if (e.type === 'entity.too.large') return sendProblem(res, problem(413, 'too-large', 'The body is too large'))
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
    return sendProblem(res, problem(415, 'unsupported-media-type', 'Send UTF-8 JSON without an unsupported content encoding'))
  }
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return sendProblem(res, problem(e.status, 'bad-request', 'The request could not be read'))
  }
  const erased = erasedProblem(error)
  if (erased !== undefined) return sendProblem(res, erased)
  const unavailable = databaseUnavailable(error)
  if (unavailable !== undefined) {
    logger.warn({ err: error, method: req.method, path: fullPath(req) }, 'the database did not answer: 503')
    res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_S))
    return sendProblem(res, unavailable)
  }
  logger.error({ err: error, method: req.method, path: fullPath(req) }, 'unhandled error')
  sendProblem(res, problem(500, 'internal', 'Something went wrong on our side; it has been logged'))
}

/** A sealed store's erasure count, as `streamMemory`'s generation; nothing for a store that seals nothing. */
const erasureCountOf = (store: EventStore): { readonly generation?: () => number } => {
  const count = erasureCounter(store)
  return count === undefined ? {} : { generation: count }
}

/** Compares a presented secret with the expected one in time that does not depend on where they differ. */
const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The actor with the committee (调解委员会) the committee file seats them on: a mediator's committee decides which
 * routed disputes they read, so it comes from the server's file, never from a claim (a claim naming one is dropped).
 */
const withCommittee = (actor: Actor, committees: CommitteeRegistry): Actor => {
  const { committee: _claimed, ...rest } = actor
  const seated = actor.role === 'mediator' ? committees.committeeOfMediator.get(actor.id) : undefined
  return seated === undefined ? rest : { ...rest, committee: seated }
}
