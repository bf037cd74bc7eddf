import {
  eventStoreDbEventStore,
  generateHeadKey,
  memoryCheckpoints,
  newId,
  projectionRunner,
  readHeadKey,
  sqliteCheckpointStore,
  sqliteEventStore,
  sqliteTreeHeads,
  stableId,
  systemClock,
  treeLog,
  type HeadSigner,
} from '@gridcase/adapters'
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

/**
 * The tree-head signing key: the configured one, or in development a key generated once beside the data
 * (not in the database). Production without a key signs nothing.
 */
const headKey = (config: ServerConfig, logger: Logger): HeadSigner | undefined => {
  const configured = readHeadKey({ ...(config.headKeyFile === undefined ? {} : { file: config.headKeyFile }), ...(config.headKeyPem === undefined ? {} : { pem: config.headKeyPem }) })
  if (configured !== undefined || config.production) {
    if (configured === undefined) logger.warn('no GRIDCASE_HEAD_KEY_FILE or GRIDCASE_HEAD_KEY: the log is not signed')
    return configured
  }
  const file = join(config.dataDir, 'head-signing-key.pem')
  if (!existsSync(file)) writeFileSync(file, generateHeadKey().privateKeyPem, { mode: 0o600 })
  return readHeadKey({ file })
}

/** Opens the store the configuration names: EventStoreDB when ESDB_CONNECTION_STRING is set, else SQLite under DATA_DIR. */
export const openStore = (config: ServerConfig, caseTypes: readonly Pick<CaseType, 'streamPrefix'>[] = [complaints(), disputes()].map((c) => c.caseType)): EventStore =>
  config.esdbConnectionString !== undefined
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
  const collections = [complaints(), disputes()]
  const store = openStore(config, collections.map((c) => c.caseType))
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
  const checkpoints = config.esdbConnectionString === undefined ? sqliteCheckpointStore(join(config.dataDir, 'read-models.sqlite')) : memoryCheckpoints()
  const runner = projectionRunner({
    store,
    projections: [dashboardProjection],
    checkpoints,
    onError: (error) => logger.error({ err: error }, 'dashboard projection stopped'),
  })
  await runner.start()
  // The log's Merkle tree and signed heads: in the SQLite file itself, or (EventStoreDB) a SQLite file beside.
  const signer = headKey(config, logger)
  const heads = signer === undefined ? undefined : sqliteTreeHeads({ path: join(config.dataDir, config.esdbConnectionString === undefined ? 'gridcase.sqlite' : 'tree-heads.sqlite') })
  const tree = signer === undefined || heads === undefined
    ? undefined
    : treeLog({
        store,
        heads,
        signer,
        clock: systemClock,
        everyEvents: config.headEveryEvents,
        everyMs: config.headEverySeconds * 1000,
        onError: (error) => logger.error({ err: error }, 'tree log: a head or chunk was not saved, or following the log stopped'),
      })
  await tree?.start()
  const app = createApp({
    store,
    caseTypes: collections,
    auth: jwtAuth(jwt),
    logger,
    bodyLimit: config.bodyLimit,
    defaultMetrics: true,
    dashboards: projectionDashboards(runner),
    // The dashboard page at / (mounted by the page's owner; see packages/http/src/page/).
    page: pageRouter(),
    ...(tree === undefined || heads === undefined || signer === undefined ? {} : { tree: { log: tree, heads, publicKeyPem: signer.publicKeyPem, keyId: signer.keyId } }),
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
      await tree?.stop()
      heads?.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      // The runner saved its last state on stop; closing checkpoints the read models' WAL into their file.
      await checkpoints.close()
      await store.close()
    },
  }
}
