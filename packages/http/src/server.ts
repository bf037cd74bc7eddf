import { calendarFiles, eventStoreDbEventStore, liveCalendar, memoryCheckpoints, newId, postgresEventStore, projectionRunner, sqliteCheckpointStore, sqliteEventStore, stableId, systemClock } from '@gridcase/adapters'
import type { CaseType, EventStore } from '@gridcase/core'
import { dashboardProjection } from '@gridcase/core/projections'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { pino, type Logger } from 'pino'
import { createApp, type GridcaseApp } from './app.js'
import { projectionDashboards } from './routes/dashboard.js'
import { jwtAuth, signToken } from './auth.js'
import { listen } from './httpServer.js'
import type { ServerConfig } from './config.js'
import { demoActors } from './demo.js'
import { pageRouter } from './page/index.js'
import { complaints } from './routes/complaints.js'
import { disputes } from './routes/disputes.js'
import { seedDemo, seedSummary } from './seed.js'

export interface RunningServer {
  readonly url: string
  readonly app: GridcaseApp
  readonly store: EventStore
  /** Demo bearer tokens by role (development only; empty in production). */
  readonly demoTokens: Readonly<Record<string, string>>
  close(): Promise<void>
}

/** In development without GRIDCASE_JWT_SECRET, a random secret kept under DATA_DIR so demo tokens survive restarts. */
const devSecret = (dataDir: string): string => {
  const file = join(dataDir, 'dev-jwt-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, EventStoreDB when ESDB_CONNECTION_STRING is, else SQLite under DATA_DIR. */
export const openStore = (config: ServerConfig, caseTypes: readonly Pick<CaseType, 'streamPrefix'>[] = [complaints(), disputes()].map((c) => c.caseType)): EventStore =>
  config.databaseUrl !== undefined
    ? postgresEventStore({ connectionString: config.databaseUrl, schema: config.databaseSchema })
    : config.esdbConnectionString !== undefined
    ? eventStoreDbEventStore({ connectionString: config.esdbConnectionString, caseTypes })
    : sqliteEventStore({ path: join(config.dataDir, 'gridcase.sqlite'), synchronous: config.sqliteSynchronous, writer: config.sqliteWriter })

/** Where the server keeps its log, in words. */
export const storeName = (config: ServerConfig): string =>
  config.esdbConnectionString === undefined ? `SQLite in ${config.dataDir}` : 'EventStoreDB'

/** Starts the gridcase server: store, app, listen; optionally seeds the demo district. */
export const startGridcaseServer = async (
  config: ServerConfig,
  options: {
    readonly seed?: boolean
    readonly logger?: Logger
    /** Called with the URL once the server listens, before it serves any request (the bin prints its banner here). */
    readonly onListening?: (url: string) => void
  } = {},
): Promise<RunningServer> => {
  const logger = options.logger ?? pino({ level: config.logLevel })
  mkdirSync(config.dataDir, { recursive: true })
  // Holiday schedules loaded by an operator (CLI or POST /api/v1/calendar) are kept under DATA_DIR/calendar.
  const files = calendarFiles(join(config.dataDir, 'calendar'))
  const kept = files.load()
  for (const r of kept.refused) logger.error({ file: r.file, error: r.error }, 'holiday schedule file not used')
  const live = liveCalendar(kept.schedules)
  logger.info({ calendar: live.calendar.version }, 'holiday calendar')
  const collections = [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })]
  const store = openStore(config, collections.map((c) => c.caseType))
  // PostgreSQL: an unreachable or refusing database stops the start here, named, not at the first request.
  if ('ready' in store && store.ready instanceof Promise) {
    try {
      await store.ready
    } catch (error) {
      await store.close().catch(() => undefined)
      throw new Error(`the PostgreSQL database at DATABASE_URL could not be opened: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  const secret = config.jwtSecret ?? devSecret(config.dataDir)
  const jwt = {
    secret,
    ...(config.jwtIssuer === undefined ? {} : { issuer: config.jwtIssuer }),
    ...(config.jwtAudience === undefined ? {} : { audience: config.jwtAudience }),
  }
  if (options.seed === true) {
    const seeded = await seedDemo({ store, collections, clock: systemClock, ids: { newId, stableId }, logger })
    logger.info(seeded, seedSummary(seeded))
  }
  // The dashboard read model and its checkpoint live beside the SQLite store, so a restart resumes, not replays.
  // Beside PostgreSQL and EventStoreDB it is rebuilt at start for now (read models in PostgreSQL: issue #17's read-model part).
  const checkpoints = config.esdbConnectionString === undefined && config.databaseUrl === undefined ? sqliteCheckpointStore(join(config.dataDir, 'read-models.sqlite')) : memoryCheckpoints()
  const runner = projectionRunner({
    store,
    projections: [dashboardProjection],
    checkpoints,
    onError: (error) => logger.error({ err: error }, 'dashboard projection stopped'),
  })
  await runner.start()
  const app = createApp({
    store,
    caseTypes: collections,
    auth: jwtAuth(jwt),
    logger,
    bodyLimit: config.bodyLimit,
    defaultMetrics: true,
    dashboards: projectionDashboards(runner),
    calendar: { live, files },
    // The dashboard page at / (mounted by the page's owner; see packages/http/src/page/).
    page: pageRouter(),
  })
  const demoTokens: Record<string, string> = {}
  if (!config.production) {
    for (const actor of demoActors) demoTokens[actor.role] = await signToken({ ...jwt, expiresIn: '30d' }, actor)
  }
  const server: Server = await listen(app, config.port, config.host)
  const { port } = server.address() as AddressInfo
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`
  // Said before the first request can be served: nothing is awaited between listening and here, and
  // requests arrive as I/O callbacks, which run only after this continuation.
  logger.info({ url, store: storeName(config) }, 'listening')
  options.onListening?.(url)
  return {
    url,
    app,
    store,
    demoTokens,
    close: async () => {
      await app.gridcase.close()
      await runner.stop()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      // The runner saved its last state on stop; closing checkpoints the read models' WAL into their file.
      await checkpoints.close()
      await store.close()
    },
  }
}
