import {
  calendarFiles,
  calendarInLog,
  readCalendar,
  DEMO_COMMITTEES_FILE,
  readCommitteeRegistry,
  DEMO_JURISDICTIONS_FILE,
  readJurisdictionRegistry,
  eventStoreDbEventStore,
  fileAttachmentStore,
  fileHeadMemory,
  generateHeadKey,
  headVerifier,
  liveCalendar,
  newId,
  readHeadKey,
  sealedSqliteStore,
  sqliteEventStore,
  sqliteKeyRows,
  sqliteSubjectKeys,
  aesGcmFieldCipher,
  opensWith,
  sqliteProcessRunner,
  sqliteReadModelFile,
  sqliteTreeHeads,
  sqliteWebhookStore,
  sqliteProcessRefusals,
  stableId,
  systemClock,
  treeLog,
  type Clock,
  type ReportedDelivery,
  type HeadSigner,
  type ReadModelFile,
  type TreeHeadStore,
  webhookSecretsFor,
  createFileOnce,
} from '@gridcase/adapters/embedded'
import type { PostgresEventStore } from '@gridcase/adapters/postgres'
import type { CaseType, EventStore, RecordedEvent } from '@gridcase/core'
import { COMPLAINT_EVENT_TYPES, standardPoliciesWith } from '@gridcase/core/complaint'
import { DISPUTE_EVENT_TYPES } from '@gridcase/core/dispute'
import type { Unreadable } from '@gridcase/core/privacy'
import * as E from 'fp-ts/lib/Either.js'
import { randomBytes } from 'node:crypto'
import { accessSync, chmodSync, closeSync, constants as fsConstants, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { hostname } from 'node:os'
import type { AddressInfo, Socket } from 'node:net'
import { dirname, join } from 'node:path'
import { pino, type Logger } from 'pino'
import { createApp, type GridcaseApp } from './app.js'
import { gatheredDestination } from './logDestination.js'
import { inMemoryReadModels, READ_MODEL_PASSES, sqliteReadModels } from './readModels.js'
import { eitherAuth, jwtAuth, oidcAuth, signToken, type Auth } from './auth.js'
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
  /** Demo bearer tokens by role (only with `demo: true`; empty otherwise). */
  readonly demoTokens: Readonly<Record<string, string>>
  /** Where `/metrics` is served when the configuration gives it a port of its own. */
  readonly metricsUrl?: string
  /** On SQLite with a signing key: how many times this server's commits woke the tree log's thread (see TREE_WAKE_EVERY_MS). */
  readonly treeWakes?: () => number
  close(): Promise<void>
}

/**
 * The least time between two wakes of the tree log's thread by this server's commits. Heads are signed every
 * headEveryEvents / headEverySeconds, so a tree up to this far behind delays nothing anyone waits for.
 */
export const TREE_WAKE_EVERY_MS = 50

/** With `--demo`: a random secret kept under DATA_DIR so demo tokens survive restarts. */
const devSecret = (dataDir: string): string => {
  const file = join(dataDir, 'dev-jwt-secret')
  // Created once, whole and on disk (`createFileOnce`): a second server starting on the same folder at the same moment
  // keeps the first one's secret rather than write its own over it, and a power cut leaves no empty file behind.
  if (!existsSync(file)) createFileOnce(file, `${randomBytes(32).toString('base64url')}\n`)
  return readFileSync(file, 'utf8').trim()
}

/**
 * The tree-head signing key: the configured one, or in development a key generated once beside the data
 * (not in the database). Production without a key signs nothing.
 */
const headKey = (config: ServerConfig, logger: Logger): HeadSigner | undefined => {
  let configured: HeadSigner | undefined
  try {
    configured = readHeadKey({ ...(config.headKeyFile === undefined ? {} : { file: config.headKeyFile }), ...(config.headKeyPem === undefined ? {} : { pem: config.headKeyPem }) })
  } catch (error) {
    const source = config.headKeyPem !== undefined ? 'GRIDCASE_HEAD_KEY' : `GRIDCASE_HEAD_KEY_FILE (${config.headKeyFile ?? ''})`
    throw new Error(`${source}: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (configured !== undefined || config.production) {
    if (configured === undefined) logger.warn('no GRIDCASE_HEAD_KEY_FILE or GRIDCASE_HEAD_KEY: the log is not signed')
    return configured
  }
  const file = join(config.dataDir, 'head-signing-key.pem')
  // Created once, whole and on disk (`createFileOnce`): heads signed under it outlive a power cut only if the key does.
  if (!existsSync(file)) createFileOnce(file, generateHeadKey().privateKeyPem)
  return readHeadKey({ file })
}

/**
 * Where the signer keeps the largest head it signed (outside the database): `GRIDCASE_HEAD_MEMORY_FILE`, else beside the
 * key file when its folder may be written (a key kept read-only elsewhere, e.g. /etc, leaves it in DATA_DIR, said once),
 * else DATA_DIR/head-last-signed.json.
 */
export const headMemoryPath = (config: ServerConfig, logger?: Logger): string => {
  if (config.headMemoryFile !== undefined) return config.headMemoryFile
  const inData = join(config.dataDir, 'head-last-signed.json')
  if (config.headKeyFile === undefined) return inData
  try {
    accessSync(dirname(config.headKeyFile), fsConstants.W_OK)
    return `${config.headKeyFile}.last-head.json`
  } catch {
    logger?.warn({ path: inData }, "the signing key's folder cannot be written: the signer's memory of its last head is kept in DATA_DIR (set GRIDCASE_HEAD_MEMORY_FILE to keep it where the database's users cannot write)")
    return inData
  }
}

/**
 * Personal data lives in these files: readable by the server's user only (SQLite gives its -wal and -shm the
 * same mode as the database). Where that cannot be done (a folder it may not write), opening the store says why.
 */
export const privateFile = (path: string, logger?: Logger): void => {
  try {
    // Created only when missing: a descriptor opened and closed on a file SQLite holds drops every POSIX lock this
    // process has on it (closing any descriptor of a file does), and an outside sqlite3 closing after that took the
    // server for gone and deleted its WAL (found in review: an acknowledged webhook subscription lost at the next crash;
    // SQLite's "How To Corrupt An SQLite Database File", 2.2). chmod takes a path, not a descriptor.
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
    chmodSync(path, 0o600)
    for (const sibling of [`${path}-wal`, `${path}-shm`]) if (existsSync(sibling)) chmodSync(sibling, 0o600)
  } catch (error) {
    logger?.warn({ err: error, path }, 'could not make the file private (0600)')
  }
}

/** The data directory, created or tightened to 0700 (when it is the server's own). */
export const privateDirectory = (path: string, logger?: Logger): void => {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 })
    chmodSync(path, 0o700)
  } catch (error) {
    logger?.warn({ err: error, path }, 'could not make the data directory private (0700)')
  }
}

/** Why `--demo` may not run with this configuration, if it may not. */
export const demoRefusal = (config: ServerConfig): string | undefined =>
  config.production
    ? '--demo is refused with NODE_ENV=production'
    : config.jwtSecret !== undefined || config.oidc !== undefined
      ? '--demo signs its own demo tokens and is refused while GRIDCASE_JWT_SECRET or GRIDCASE_OIDC_ISSUER is set'
      : undefined

/** The sign-in the configuration names: HS256 with the secret, the IdP's JWKS, or both side by side. */
const authOf = (config: ServerConfig, secret: string | undefined): Auth => {
  const rules = {
    maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
    ...(config.jwtIssuer === undefined ? {} : { issuer: config.jwtIssuer }),
    ...(config.jwtAudience === undefined ? {} : { audience: config.jwtAudience }),
  }
  const shared = secret === undefined ? undefined : jwtAuth({ secret, ...rules })
  const idp =
    config.oidc === undefined
      ? undefined
      : oidcAuth({ ...config.oidc, jwks: new URL(config.oidc.jwksUri), maxLifetimeSeconds: config.jwtMaxLifetimeSeconds })
  return eitherAuth(shared, idp)
}

/** The PostgreSQL side of the adapters, loaded only when the configuration names a database (its client is not small). */
const postgresAdapters = () => import('@gridcase/adapters/postgres')

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, EventStoreDB when ESDB_CONNECTION_STRING is, else SQLite under DATA_DIR. */
export const openStore = async (
  config: ServerConfig,
  caseTypes: readonly Pick<CaseType, 'streamPrefix'>[] = [complaints(), disputes()].map((c) => c.caseType),
  /**
   * Told of each sealed value its key does not open (a key replaced, a text changed, in the database), which then
   * reads "unreadable": the read models, views and commands go on past it (found in review: one replaced key stopped
   * the read models for good, hid its case from verify, and the server could not start again). Verify names it.
   */
  unreadable?: Unreadable,
): Promise<EventStore> =>
  config.databaseUrl !== undefined
    ? await (async () => {
        const pg = await postgresAdapters()
        const options = { connectionString: config.databaseUrl ?? '', schema: config.databaseSchema, statementTimeoutMs: config.databaseStatementTimeoutMs }
        return config.personalDataEncryption === 'on' ? pg.sealedPostgresStore({ ...options, ...(unreadable === undefined ? {} : { unreadable }) }) : pg.postgresEventStore(options)
      })()
    : config.esdbConnectionString !== undefined
    ? eventStoreDbEventStore({ connectionString: config.esdbConnectionString, caseTypes })
    : (() => {
        const options = { path: join(config.dataDir, 'gridcase.sqlite'), synchronous: config.sqliteSynchronous, writer: config.sqliteWriter }
        return config.personalDataEncryption === 'on' ? sealedSqliteStore({ ...options, ...(unreadable === undefined ? {} : { unreadable }) }) : sqliteEventStore(options)
      })()

/**
 * What the server tells its log of a sealed value that does not open: once per event and subject (a bounded memory of
 * those told), since every read of it would say it again.
 */
const unreadableLogged = (logger: Logger): Unreadable => {
  const told = new Set<string>()
  return (event, subject, error) => {
    const key = `${event.eventId} ${subject}`
    if (told.has(key)) return
    if (told.size >= 10_000) told.clear()
    told.add(key)
    logger.error(
      { streamId: event.streamId, version: event.version, position: event.position, subject, err: error },
      'a sealed value does not open with the key the key store holds: read as "unreadable" (the key replaced, or the text changed, in the database; gridcase audit verify names it: key-wrong)',
    )
  }
}

/** What a server that has just started listening can say about itself. */
export interface Listening {
  readonly url: string
  /** Demo bearer tokens by role (only with `demo: true`; empty otherwise). */
  readonly demoTokens: Readonly<Record<string, string>>
  readonly metricsUrl?: string
}

/** Where the server keeps its log, in words. */
export const storeName = (config: ServerConfig): string =>
  // Never the connection string: it may carry a password.
  config.databaseUrl !== undefined
    ? `PostgreSQL (schema ${config.databaseSchema})`
    : config.esdbConnectionString === undefined
    ? `SQLite in ${config.dataDir}`
    : 'EventStoreDB'

/** Starts the gridcase server: store, app, listen; optionally seeds the demo district. */
export const startGridcaseServer = async (
  config: ServerConfig,
  options: {
    readonly seed?: boolean
    readonly logger?: Logger
    /** `--demo`: sign with a generated secret and mint a token for every role (refused beside a configured sign-in). */
    readonly demo?: boolean
    /** Called once the server listens, before it serves any request (the bin prints its banner and demo tokens here). */
    readonly onListening?: (listening: Listening) => void
    /** The clock port for the app and the processes (default the system clock; tests: a manual clock, simulated time). */
    readonly clock?: Clock
    /** In [0, 1): the webhook backoff's jitter (default Math.random; tests: a fixed one). */
    readonly random?: () => number
  } = {},
): Promise<RunningServer> => {
  // Gathered, not one write per line (see logDestination.ts).
  const logger = options.logger ?? pino({ level: config.logLevel }, gatheredDestination())
  const demo = options.demo === true
  const refusal = demo ? demoRefusal(config) : undefined
  if (refusal !== undefined) throw new Error(refusal)
  if (!demo && config.jwtSecret === undefined && config.oidc === undefined) {
    throw new Error('no sign-in configured: set GRIDCASE_JWT_SECRET (and mint tokens with `npx gridcase token`) or GRIDCASE_OIDC_ISSUER, or try it with `npm start -- --demo`')
  }
  // As readConfig: a configuration built by hand is held to it too, before anything is opened.
  if (config.production && config.webhookSecretsKey === undefined && config.webhookSecretsKeyFile === undefined) {
    throw new Error('GRIDCASE_WEBHOOK_SECRETS_KEY_FILE (or GRIDCASE_WEBHOOK_SECRETS_KEY) is required in production: webhook signing secrets are never kept in clear there')
  }
  // 辖区名册: names for the jurisdiction codes; a bad file stops the start, named, rather than show codes unnamed.
  const registryFile = config.jurisdictionsFile ?? DEMO_JURISDICTIONS_FILE
  const registry = readJurisdictionRegistry(registryFile)
  if (E.isLeft(registry)) {
    const problems = registry.left.code === 'validation' ? registry.left.errors.map((e) => `${e.path} ${e.message}`).join('; ') : registry.left.message
    throw new Error(`the jurisdiction registry (GRIDCASE_JURISDICTIONS) could not be used: ${problems}`)
  }
  logger.info({ file: registryFile, places: registry.right.entries.size }, 'jurisdiction registry')
  privateDirectory(config.dataDir, logger)
  if (config.esdbConnectionString === undefined && config.databaseUrl === undefined) {
    privateFile(join(config.dataDir, 'gridcase.sqlite'), logger)
    privateFile(join(config.dataDir, 'read-models.sqlite'), logger)
  }
  // Holiday schedules loaded by an operator (CLI or POST /api/v1/calendar) are kept in the log's `calendar` stream,
  // read once the store is open (below); files an earlier release kept under DATA_DIR/calendar are taken over then.
  const files = calendarFiles(join(config.dataDir, 'calendar'))
  const live = liveCalendar()
  // 调解委员会 and 矛调中心: a bad committee file stops the start, named, rather than route disputes to no one.
  const committeesFile = config.committeesFile ?? DEMO_COMMITTEES_FILE
  const committeesRead = readCommitteeRegistry(committeesFile)
  if (committeesRead._tag === 'Left') {
    const problems = committeesRead.left.code === 'validation' ? committeesRead.left.errors.map((e) => `${e.path} ${e.message}`).join('; ') : committeesRead.left.message
    throw new Error(`the committee file (GRIDCASE_COMMITTEES) could not be used: ${problems}`)
  }
  const committees = committeesRead.right
  logger.info({ file: committeesFile, committees: committees.committees.size }, 'mediation committees')
  const grid = {
    ...(config.onTheSpotCategories === undefined ? {} : { onTheSpotCategories: config.onTheSpotCategories }),
    ...(config.arrivalWorkingDays === undefined ? {} : { arrivalWithin: { unit: 'working-days' as const, amount: config.arrivalWorkingDays } }),
    // 派单时限 of the standard policies (GRIDCASE_DISPATCH_WITHIN); the 信访 policy keeps its statute's 15 days.
    ...(config.dispatchWithin === undefined ? {} : { defaultPolicies: standardPoliciesWith(config.dispatchWithin) }),
  }
  const collections = [complaints({ calendar: live.calendar, ...grid }), disputes({ calendar: live.calendar, committees, ...(config.entrustmentReceipt === undefined ? {} : { entrustmentReceipt: config.entrustmentReceipt }) })]
  const postgres = config.databaseUrl === undefined ? undefined : await postgresAdapters()
  const store = await openStore(config, collections.map((c) => c.caseType), unreadableLogged(logger))
  // PostgreSQL: an unreachable or refusing database stops the start here, named, not at the first request.
  if ('ready' in store && store.ready instanceof Promise) {
    try {
      await store.ready
    } catch (error) {
      await store.close().catch(() => undefined)
      throw new Error(`the PostgreSQL database at DATABASE_URL could not be opened: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  // What follows the log in the background reads it without the requests' bound (PostgreSQL's `background` face: the
  // store's reads on its background pool): the calendar's refresh, the read models' catch-up and feed, the tree, the
  // processes. On the store's pool a read longer than DATABASE_STATEMENT_TIMEOUT_MS (a lock another session holds on the
  // log, a rebuild's page) was cancelled and read again for ever, and a server started while the log was held did not start.
  const follower = config.databaseUrl === undefined ? store : (store as PostgresEventStore).background
  const inLog = calendarInLog(store, live, follower)
  const { log: calendarLog, ...takenOver } = await readCalendar(inLog, files, systemClock.now())
  for (const r of takenOver.refused) logger.error({ file: r.file, error: r.error }, 'holiday schedule file not used')
  for (const year of takenOver.taken) logger.info({ year, dir: files.dir }, 'holiday schedule file taken over into the log')
  for (const i of takenOver.ignored) logger.warn(i, 'holiday schedule file not used: the log holds another schedule for its year (load the file with gridcase calendar load to replace it)')
  for (const u of calendarLog.unread) logger.error({ position: u.position, error: u.error }, 'a calendar event of the log did not read')
  logger.info({ calendar: live.calendar.version, schedules: calendarLog.schedules.map((s) => s.year) }, 'holiday calendar')
  const secret = demo ? devSecret(config.dataDir) : config.jwtSecret
  if (options.seed === true) {
    const seeded = await seedDemo({ store, collections, clock: systemClock, ids: { newId, stableId }, logger })
    logger.info(seeded, seedSummary(seeded))
  }
  // The read models (case list, dashboard totals) and their checkpoints live beside the store: in the read-model file
  // next to the SQLite log, in the PostgreSQL store's own schema; either way a restart resumes, it does not replay.
  // Beside EventStoreDB they are kept in an in-memory SQLite database and rebuilt at start.
  // Requests read them through the store's pool, bounded by DATABASE_STATEMENT_TIMEOUT_MS; they are built (catch-up,
  // rebuild, format change) on its background pool, as the processes and the tree run, without that bound (`pgWork`).
  const pgHome =
    config.databaseUrl === undefined
      ? undefined
      : { pool: (store as PostgresEventStore).pool, schema: (store as PostgresEventStore).schema, backgroundPool: (store as PostgresEventStore).backgroundPool ?? (store as PostgresEventStore).pool }
  const pgWork = pgHome === undefined ? undefined : { pool: pgHome.backgroundPool, schema: pgHome.schema }
  // Beside SQLite the processes' checkpoints, leases and webhook outbox are in the read-model file too, through the same
  // connection (see sqliteProcessRunner's `file`): the read models close it, after the processes stopped.
  const readModelFile = pgHome === undefined && config.esdbConnectionString === undefined ? sqliteReadModelFile(join(config.dataDir, 'read-models.sqlite')) : undefined
  const readModels =
    pgHome !== undefined
      ? (await import('./readModelsPostgres.js')).postgresReadModels(pgHome, follower, collections, logger)
      : readModelFile !== undefined
        ? sqliteReadModels(readModelFile, store, collections, logger)
        : inMemoryReadModels(store, collections, logger)
  await readModels.runner.start()
  // The log's Merkle tree and signed heads: in the SQLite file itself; in the PostgreSQL store's schema (shared by
  // every server over it); beside EventStoreDB a SQLite file under DATA_DIR.
  const signer = headKey(config, logger)
  const onSqlite = config.esdbConnectionString === undefined && config.databaseUrl === undefined
  const heads: (TreeHeadStore & { readonly flush?: () => Promise<void> }) | undefined =
    signer === undefined
      ? undefined
      : pgHome !== undefined && postgres !== undefined
        ? await postgres.postgresTreeHeads(pgWork ?? pgHome, {
            onError: (error) => logger.error({ err: error }, 'tree log: a head or chunk was not written to PostgreSQL'),
            // Only heads that verify under this server's key are taken in, served and counted as signed (a row written into
            // tree_heads by hand is reported once and replaced by this server's head of its size).
            keys: headVerifier([signer.publicKeyPem]),
            onIgnored: (message) => logger.warn(message),
          })
        : sqliteTreeHeads({ path: join(config.dataDir, onSqlite ? 'gridcase.sqlite' : 'tree-heads.sqlite') }, { keys: headVerifier([signer.publicKeyPem]), onIgnored: (message) => logger.warn(message) })
  const tree = signer === undefined || heads === undefined
    ? undefined
    : treeLog({
        store: follower,
        heads,
        signer,
        clock: systemClock,
        everyEvents: config.headEveryEvents,
        everyMs: config.headEverySeconds * 1000,
        // The largest head signed, outside the database: a log rewritten there is not signed again (no fork).
        signed: fileHeadMemory(headMemoryPath(config, logger)),
        // On SQLite the tree's per-event hashing runs on a worker thread reading the file, off the thread that appends.
        // Woken at most every TREE_WAKE_EVERY_MS: at hundreds of commits a second, one message, step and report per window
        // rather than per commit (the tree is derived from the committed log; no answer waits on it).
        ...(onSqlite ? { thread: { path: join(config.dataDir, 'gridcase.sqlite'), wakeEveryMs: TREE_WAKE_EVERY_MS } } : {}),
        onError: (error) => logger.error({ err: error }, 'tree log: a head or chunk was not saved, or following the log stopped'),
      })
  await tree?.start()
  // The processes (referral both ways), the deadline scheduler and outbound webhooks (the `webhooks` feeder and the
  // dispatcher): here by default, or in `gridcase processes` beside the servers. Their checkpoints, leases and the
  // webhook outbox are kept beside the read models: in the read-model file, or in the PostgreSQL schema (so every server
  // over the database competes for one lease per name and shares the subscriptions and deliveries); one runner per
  // name is active at a time. Beside EventStoreDB: processes.sqlite under DATA_DIR, one runner per machine.
  const clock = options.clock ?? systemClock
  const processesPath = join(config.dataDir, onSqlite ? 'read-models.sqlite' : 'processes.sqlite')
  const processOptions = {
    store: follower,
    calendar: inLog,
    caseTypes: collections.map((c) => c.caseType),
    holder: `server ${hostname()} pid ${process.pid} ${newId()}`,
    clock,
    ...(config.processLeaseMs === undefined ? {} : { leaseMs: config.processLeaseMs }),
    // Passes over new events as the read models take theirs (READ_MODEL_PASSES, the adapters' LIVE_PASSES, as `gridcase processes`
    // uses): 20 ms apart, up to 100 ms at a low rate, so a delivery or a referral may start up to 100 ms after its event.
    ...READ_MODEL_PASSES,
    onError: (name: string, error: unknown) => logger.error({ err: error, process: name }, 'a process stopped following the log; it tries again'),
    onRefused: (name: string, event: { readonly eventId: string }, command: { readonly command: string; readonly caseId: string } | undefined, error: unknown) =>
      logger.warn({ process: name, eventId: event.eventId, command: command?.command, caseId: command?.caseId, error }, 'a process command was refused'),
    onActive: (name: string, active: boolean) => logger.info({ process: name, active }, active ? 'process active here' : 'process no longer active here'),
    // The re-base of every open case after a load: once across the servers, by the runner holding its lease.
    calendarRebase: {
      // Every case the log holds, from this server's case list, caught up first (however long that takes).
      cases: async () => {
        await readModels.runner.refresh()
        return (await readModels.cases.allCases()).flatMap((indexed) => {
          const caseType = collections.find((c) => c.path === indexed.kind)?.caseType
          return caseType === undefined ? [] : [{ caseType: caseType as unknown as CaseType, caseId: indexed.caseId }]
        })
      },
      onRebasing: (load: RecordedEvent) => logger.info({ load: load.eventId, position: load.position }, 'a re-base of open cases is due: resuming it'),
      onRebased: (load: RecordedEvent, outcome: { readonly cases: number; readonly rebased: number; readonly failed: number }) => logger.info({ load: load.eventId, ...outcome }, 'open cases re-based'),
      onRefused: (caseId: string, error: unknown) => logger.warn({ caseId, error }, 'rebase-deadlines refused'),
    },
  }
  // The scheduler reads the running deadlines of the dashboard read model: beside SQLite and PostgreSQL.
  const scheduler = { urgeAfterMs: (config.urgeAfterHours ?? 24) * 3600_000 }
  // Webhook signing secrets sealed at rest under a key outside the database (as the tree-head key): configured, or in
  // development beside SQLite generated beside the data (several servers over PostgreSQL must share one key: it is
  // configured, never made per server); without one (development only: production requires it) they are kept in clear,
  // and the log says so.
  const sealing = webhookSecretsFor(
    {
      ...(config.webhookSecretsKey === undefined ? {} : { GRIDCASE_WEBHOOK_SECRETS_KEY: config.webhookSecretsKey }),
      ...(config.webhookSecretsKeyFile === undefined ? {} : { GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: config.webhookSecretsKeyFile }),
    },
    config.dataDir,
    { generate: !config.production && config.databaseUrl === undefined },
  )
  if (!sealing.secrets.sealing) logger.warn('no GRIDCASE_WEBHOOK_SECRETS_KEY_FILE or GRIDCASE_WEBHOOK_SECRETS_KEY: webhook signing secrets are kept in clear')
  const webhooks = {
    secrets: sealing.secrets,
    ...(config.webhooks === undefined ? {} : { settings: config.webhooks }),
    ...(options.random === undefined ? {} : { random: options.random }),
    onDeadLetter: (d: ReportedDelivery, error: string | undefined) =>
      logger.warn({ subscription: d.subscriptionId, delivery: d.id, eventType: d.eventType, caseId: d.caseId, attempts: d.attempts + 1, error }, 'webhook delivery dead-lettered'),
    onDisabled: (d: ReportedDelivery, reason: string) =>
      logger.warn({ subscription: d.subscriptionId, url: d.url, delivery: d.id, reason }, 'webhook subscription disabled (reason: its receiver answered 410 Gone, it failed for days, or it would send personal data over plain http) — an admin enables it again (POST /api/v1/webhooks/{id}/enable) or replaces it'),
  }
  const processes =
    config.processes === 'off'
      ? undefined
      : pgHome !== undefined && postgres !== undefined
        ? postgres.postgresProcessRunner({ ...processOptions, home: pgWork ?? pgHome, scheduler, webhooks })
        : sqliteProcessRunner({ ...processOptions, ...(onSqlite && readModelFile !== undefined ? { file: readModelFile } : { path: processesPath }), ...(onSqlite ? { scheduler } : {}), webhooks })
  processes?.start()
  const onRepaired = ({ sha256, actual }: { readonly sha256: string; readonly actual: string }): void =>
    logger.warn({ sha256, actual }, 'a stored attachment was damaged (its bytes hashed to another value): an upload of the right bytes replaced it')
  // Attached files: in PostgreSQL beside its log, else under DATA_DIR/attachments (ab/cd/<sha256>).
  const attachments =
    'pool' in store && 'schema' in store && postgres !== undefined
      ? postgres.postgresAttachmentStore({ pool: (store as PostgresEventStore).pool, schema: (store as PostgresEventStore).schema, tempDir: join(config.dataDir, 'uploads'), onRepaired })
      : fileAttachmentStore(join(config.dataDir, 'attachments'), { onRepaired })
  // The subscriptions the API manages are in the processes' outbox; with the processes elsewhere, the API opens it itself
  // (beside PostgreSQL the same tables in its schema). Signing secrets live there: a SQLite file is the server user's alone.
  if (pgHome === undefined) privateFile(processesPath, logger)
  let webhookFile: ReadModelFile | undefined
  const webhookOutbox =
    processes?.webhooks?.outbox ??
    (pgHome !== undefined && postgres !== undefined ? postgres.postgresWebhookStore(pgHome, { secrets: sealing.secrets }) : sqliteWebhookStore((readModelFile ?? (webhookFile = sqliteReadModelFile(processesPath))).db, { secrets: sealing.secrets }))
  // What the processes could not do, kept beside their checkpoints: theirs here, else opened as the outbox is.
  const processRefusals =
    processes?.refusals ??
    (pgHome !== undefined && postgres !== undefined ? postgres.postgresProcessRefusals(pgHome) : sqliteProcessRefusals((readModelFile ?? webhookFile ?? (webhookFile = sqliteReadModelFile(processesPath))).db))
  const app = createApp({
    store,
    caseTypes: collections,
    auth: authOf(config, secret),
    logger,
    live: config.live,
    ...(config.esdbConnectionString === undefined && config.databaseUrl === undefined ? { verifySqlitePath: join(config.dataDir, 'gridcase.sqlite') } : {}),
    metricsAccess: config.metricsPort !== undefined ? 'off' : config.metricsToken !== undefined ? { token: config.metricsToken } : 'off',
    bodyLimit: config.bodyLimit,
    attachments,
    // The key table /audit/verify holds to the log's erasures: in the SQLite file, or in the PostgreSQL schema.
    // Each kept key is tried on a value sealed for its subject, read-only for one verify run (`key-wrong`): the schema's
    // a page of subjects at a time; the file's by the worker thread (here only where no built worker runs: the tests).
    ...(pgHome !== undefined && postgres !== undefined
      ? {
          keyRows: () => postgres.postgresKeyRows(pgHome.pool, pgHome.schema),
          verifyKeys: async () => {
            const keys = postgres.postgresSubjectKeys({ pool: pgHome.pool, schema: pgHome.schema })
            return { load: keys.load, opens: opensWith(aesGcmFieldCipher(keys).open), close: () => undefined }
          },
        }
      : config.esdbConnectionString === undefined
        ? {
            keyRows: async () => sqliteKeyRows(join(config.dataDir, 'gridcase.sqlite')),
            verifyKeys: async () => {
              const keys = sqliteSubjectKeys(join(config.dataDir, 'gridcase.sqlite'), { readonly: true })
              return { load: async () => undefined, opens: opensWith(aesGcmFieldCipher(keys).open), close: () => keys.close() }
            },
          }
        : {}),
    uploadLimits: config.uploads,
    defaultMetrics: true,
    readModels,
    // The re-base after a load is the calendar-rebase process's (here, or in gridcase processes beside servers with
    // GRIDCASE_PROCESSES=off): once across the servers, finished by the lease's next holder after a crash.
    calendar: { live, files, inLog, rebaseInProcess: true, ...(config.calendarRefreshMs === undefined ? {} : { refreshMs: config.calendarRefreshMs }) },
    committees,
    clock,
    processRefusals: { refusals: processRefusals },
    webhooks: {
      outbox: webhookOutbox,
      eventTypes: [...COMPLAINT_EVENT_TYPES, ...DISPUTE_EVENT_TYPES],
      ...(config.webhooks === undefined ? {} : { allow: config.webhooks.allow, rotationOverlapHours: config.webhooks.rotationOverlapHours, personalDataOrigins: config.webhooks.personalDataOrigins }),
      ...(processes?.webhooks === undefined ? {} : { wake: processes.webhooks.dispatcher.wake }),
    },
    // The dashboard page at / (mounted by the page's owner; see packages/http/src/page/).
    page: pageRouter(),
    jurisdictions: registry.right,
    ...(config.rankingWeights === undefined ? {} : { rankingWeights: config.rankingWeights }),
    ...(config.rateWeights === undefined ? {} : { rateWeights: config.rateWeights }),
    ...(tree === undefined || heads === undefined || signer === undefined ? {} : { tree: { log: tree, heads, publicKeyPem: signer.publicKeyPem, keyId: signer.keyId } }),
  })
  const demoTokens: Record<string, string> = {}
  if (demo && secret !== undefined) {
    for (const actor of demoActors) demoTokens[actor.role] = await signToken(
      {
        secret,
        expiresIn: `${config.jwtMaxLifetimeSeconds}s`,
        ...(config.jwtIssuer === undefined ? {} : { issuer: config.jwtIssuer }),
        ...(config.jwtAudience === undefined ? {} : { audience: config.jwtAudience }),
      },
      actor,
    )
  }
  /** What runs beside the store, stopped once the HTTP servers have drained (`drain`); the stores, closed after it. */
  const stopRunning = async () => {
    await processes?.close()
    webhookFile?.close()
    await app.gridcase.close()
    await tree?.stop()
    await heads?.flush?.()
    heads?.close()
  }
  const closeStores = async () => {
    // The runner stops and the read models' WAL is folded into their file.
    await readModels.close()
    await attachments.close()
    await store.close()
  }
  // A port taken or a host that does not resolve names the variables it came from, and leaves nothing running.
  const named = (variables: string, port: number) => (error: unknown) => {
    throw new Error(`${variables} (${config.host}:${port}): ${error instanceof Error ? error.message : String(error)}`)
  }
  let metricsServer: Server | undefined
  let server: Server
  try {
    metricsServer = config.metricsPort === undefined ? undefined : await listenMetrics(app, config.metricsPort, config.host, config.metricsToken).catch(named('METRICS_PORT', config.metricsPort))
    server = await listen(app, config.port, config.host).catch(named('HOST and PORT', config.port))
  } catch (error) {
    await stopRunning()
    await new Promise<void>((resolve) => (metricsServer === undefined ? resolve() : metricsServer.close(() => resolve())))
    await closeStores()
    throw error
  }
  // What a shutdown tells the answers under way (nothing runs between listening and here: no request came yet).
  const answersEnd = (metricsServer === undefined ? [server] : [server, metricsServer]).map(connectionsEndWithAnswers)
  // Slow or idle clients may not hold sockets for ever; beyond the cap the kernel's backlog waits.
  server.headersTimeout = config.http.headersTimeoutMs
  server.requestTimeout = config.http.requestTimeoutMs
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs
  server.maxConnections = config.http.maxConnections
  const { port } = server.address() as AddressInfo
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host
  const url = `http://${host}:${port}`
  // Said before the first request can be served: nothing is awaited between listening and here, and
  // requests arrive as I/O callbacks, which run only after this continuation.
  const metricsUrl = metricsServer === undefined ? undefined : `http://${host}:${(metricsServer.address() as AddressInfo).port}/metrics`
  logger.info({ url, store: storeName(config) }, 'listening')
  options.onListening?.({ url, demoTokens, ...(metricsUrl === undefined ? {} : { metricsUrl }) })
  return {
    url,
    app,
    store,
    demoTokens,
    ...(metricsUrl === undefined ? {} : { metricsUrl }),
    ...(tree?.wakes === undefined ? {} : { treeWakes: tree.wakes }),
    close: async () => {
      for (const end of answersEnd) end()
      await drain(metricsServer === undefined ? [server] : [server, metricsServer], () => app.gridcase.endLiveFeeds(), config.http.shutdownGraceMs ?? SHUTDOWN_GRACE_MS)
      await stopRunning()
      await closeStores()
    },
  }
}

/** How long a shutdown waits for the requests under way (HTTP_SHUTDOWN_GRACE_MS) before it cuts their connections. */
export const SHUTDOWN_GRACE_MS = 10_000

/**
 * Lets a shutdown end each keep-alive connection with the answer under way on it: the returned function, called as the
 * drain begins, makes every answer not yet begun (on the connections open, and on any request still read from them)
 * say `Connection: close` and close its connection once sent. Without it an answer given during the drain said
 * `Connection: keep-alive`, and the drain then closed the connection as soon as it was idle: a client that sent its
 * next request on it meanwhile (a proxy's upstream pool does) got a reset and no answer (RFC 9112 §9.6: a server that
 * will close a connection says `close` in its last answer on it). Per connection, not per request: a socket set, and
 * the answer a socket serves kept in a WeakMap (nothing on the hot path but a map write).
 */
const connectionsEndWithAnswers = (server: Server): (() => void) => {
  const sockets = new Set<Socket>()
  const answering = new WeakMap<Socket, ServerResponse>()
  let ending = false
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.prependListener('request', (req, res) => {
    if (ending) res.shouldKeepAlive = false
    else answering.set(req.socket, res)
  })
  return () => {
    ending = true
    for (const socket of sockets) {
      const res = answering.get(socket)
      if (res !== undefined && !res.headersSent) res.shouldKeepAlive = false
    }
  }
}

/**
 * The first part of a shutdown (SIGTERM): the servers stop taking connections, the live event streams end, idle
 * keep-alive connections are closed as they become idle, and the requests under way finish and are answered — their
 * commands, uploads and reads still have the store, the read models and the processes — for at most `graceMs`, after
 * which what is left is cut. Only then are the processes and the stores closed. (Before, the stores were closed first
 * and every connection destroyed: a request under way got a reset, no answer, though the server had taken it.)
 */
const drain = async (servers: readonly Server[], endLiveFeeds: () => void, graceMs: number): Promise<void> => {
  const closed = Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
  endLiveFeeds()
  const idle = setInterval(() => {
    for (const s of servers) s.closeIdleConnections()
  }, 25)
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))])
  clearInterval(idle)
  clearTimeout(timer)
  for (const s of servers) s.closeAllConnections()
  await closed
}

/** `/metrics` alone on a port of its own (for a scraper on a private network), with the bearer token too when one is set. */
const listenMetrics = (app: GridcaseApp, port: number, host: string, token: string | undefined): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end()
        return
      }
      if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="metrics"' }).end()
        return
      }
      void app.gridcase.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': app.gridcase.metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      )
    })
    server.headersTimeout = 10_000
    server.requestTimeout = 10_000
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
