import { decode, validationError, type DomainError } from '@gridcase/core'
import bytes from 'bytes'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { ATTACHMENT_TYPES } from '@gridcase/core/attachments'
import { processLeaseMsFromEnv, webhookSettingsFromEnv, type WebhookSettings } from '@gridcase/adapters/embedded'
import { RankingWeightsCodec, RateWeightsCodec, type RankingWeights, type RateWeights } from '@gridcase/core/projections'
import { parseArrivalWorkingDays, parseDispatchWithin, parseOnTheSpotCategories, type DispatchSpans } from '@gridcase/core/complaint'
import { parseEntrustmentReceipt } from '@gridcase/core/dispute'
import type { Counted } from '@gridcase/core/calendar'
import { ClaimsMapping } from './claims.js'

const Port = new t.Type<number, string, unknown>(
  'Port',
  (u): u is number => typeof u === 'number',
  (u, c) => (typeof u === 'string' && /^\d{1,5}$/.test(u) && Number(u) <= 65535 ? t.success(Number(u)) : t.failure(u, c, 'expected a port 0–65535')),
  String,
)
const Secret = new t.Type<string, string, unknown>(
  'Secret',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && u.length >= 32 ? t.success(u) : t.failure(u, c, 'expected a secret of at least 32 characters')),
  t.identity,
)
/**
 * A token claim the server requires (`iss`, `aud`): text with no space around it. A blank or padded value (a copy-paste
 * slip) would refuse every token with a 401 and nothing in the log to say why: it stops the start, named.
 */
const ClaimText = new t.Type<string, string, unknown>(
  'ClaimText',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && u !== '' && u.trim() === u ? t.success(u) : t.failure(u, c, 'expected the text tokens carry in the claim, without spaces around it')),
  t.identity,
)
const DatabaseUrl = new t.Type<string, string, unknown>(
  'DatabaseUrl',
  (u): u is string => typeof u === 'string',
  (u, c) =>
    typeof u === 'string' && /^postgres(ql)?:\/\/[^\s]+$/.test(u) ? t.success(u) : t.failure(u, c, 'expected a postgres:// or postgresql:// connection string'),
  t.identity,
)
const EsdbConnectionString = new t.Type<string, string, unknown>(
  'EsdbConnectionString',
  (u): u is string => typeof u === 'string',
  (u, c) =>
    typeof u === 'string' && /^esdb(\+discover)?:\/\/[^\s]+$/.test(u) ? t.success(u) : t.failure(u, c, 'expected an esdb:// or esdb+discover:// connection string'),
  t.identity,
)
const SchemaName = new t.Type<string, string, unknown>(
  'SchemaName',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && /^[a-z_][a-z0-9_]{0,62}$/.test(u) ? t.success(u) : t.failure(u, c, 'expected a schema name: lower-case letters, digits and _, at most 63')),
  t.identity,
)
const PositiveInt = (name: string, max: number) =>
  new t.Type<number, string, unknown>(
    name,
    (u): u is number => typeof u === 'number',
    (u, c) =>
      typeof u === 'string' && /^\d{1,9}$/.test(u) && Number(u) >= 1 && Number(u) <= max ? t.success(Number(u)) : t.failure(u, c, `expected a whole number from 1 to ${max}`),
    String,
  )
const Millis = PositiveInt('Milliseconds', 86_400_000)
const Count = PositiveInt('Count', 1_000_000)
/** DATABASE_STATEMENT_TIMEOUT_MS: a whole number of ms up to a day, or 0 for no bound. */
const StatementTimeout = new t.Type<number, string, unknown>(
  'StatementTimeoutMs',
  (u): u is number => typeof u === 'number',
  (u, c) =>
    typeof u === 'string' && /^\d{1,9}$/.test(u) && Number(u) <= 86_400_000 ? t.success(Number(u)) : t.failure(u, c, 'expected a whole number of milliseconds from 0 (no bound) to 86400000'),
  String,
)
const HeadCount = PositiveInt('HeadCount', 1_000_000_000)
/**
 * GRIDCASE_HEAD_EVERY_SECONDS: at most Node's longest timer, 2^31 − 1 ms (2,147,483 s, about 24.8 days). A longer
 * interval is set to 1 ms by setInterval (TimeoutOverflowWarning): a head signed every millisecond, not every month.
 */
const HeadSeconds = PositiveInt('HeadSeconds', Math.floor((2 ** 31 - 1) / 1000))
/** GRIDCASE_PROCESS_LEASE_MS, read as `gridcase processes` reads it (the adapters' processLeaseMsFromEnv). */
const LeaseMillis = new t.Type<number, string, unknown>(
  'LeaseMilliseconds',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected a whole number of milliseconds')
    const lease = processLeaseMsFromEnv(u)
    return 'ms' in lease ? t.success(lease.ms) : t.failure(u, c, lease.error.replace(/^GRIDCASE_PROCESS_LEASE_MS /, ''))
  },
  String,
)
/** A lifetime in seconds, or with a unit: `900`, `15m`, `12h`, `7d`. */
const Lifetime = new t.Type<number, string, unknown>(
  'Lifetime',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    const match = typeof u === 'string' ? /^(\d{1,7})([smhd]?)$/.exec(u) : null
    const seconds = match === null ? 0 : Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86_400 } as const)[match[2] as '' | 's' | 'm' | 'h' | 'd']
    return seconds >= 60 && seconds <= 30 * 86_400 ? t.success(seconds) : t.failure(u, c, 'expected a lifetime from 60 seconds to 30 days, e.g. 900, 15m, 12h, 7d')
  },
  String,
)
const HttpsUrl = new t.Type<string, string, unknown>(
  'Url',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    try {
      const url = typeof u === 'string' ? new URL(u) : undefined
      return url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:') ? t.success(url.toString()) : t.failure(u, c, 'expected an http(s) URL')
    } catch {
      return t.failure(u, c, 'expected an http(s) URL')
    }
  },
  t.identity,
)
/** `GRIDCASE_OIDC_CLAIMS`: which claim of the IdP's token holds each actor field, as JSON. */
const ClaimsJson = new t.Type<ClaimsMapping, string, unknown>(
  'ClaimsMapping',
  (u): u is ClaimsMapping => typeof u === 'object' && u !== null,
  (u, c) => {
    try {
      const parsed: unknown = typeof u === 'string' ? JSON.parse(u) : undefined
      const decoded = ClaimsMapping.decode(parsed)
      return decoded._tag === 'Right' && Object.keys(parsed as object).every((k) => k in ClaimsMapping.props)
        ? t.success(decoded.right)
        : t.failure(u, c, `expected JSON naming claims for ${Object.keys(ClaimsMapping.props).join(', ')}, e.g. {"role":"gridcase_role"}`)
    } catch {
      return t.failure(u, c, 'expected JSON such as {"role":"gridcase_role","jurisdiction":"gov_area"}')
    }
  },
  (m) => JSON.stringify(m),
)
/** BODY_LIMIT: the largest JSON body, a size as express reads it (`100kb`, `1mb`, `2048`); kept as written. */
const BodyLimit = new t.Type<string, string, unknown>(
  'BodyLimit',
  (u): u is string => typeof u === 'string',
  (u, c) =>
    // bytes.parse reads the leading digits of anything (`1.5.5mb` is 1 byte) and express refuses what it cannot read only at start.
    typeof u === 'string' && /^\d+(?:\.\d+)?\s*(?:b|kb|mb|gb)?$/i.test(u) && (bytes.parse(u) ?? 0) >= 1
      ? t.success(u)
      : t.failure(u, c, 'expected a size of at least 1 byte, e.g. 100kb, 1mb or 2048'),
  t.identity,
)
/** ATTACHMENTS_TYPES: a comma-separated list drawn from the types the server recognises by their bytes. */
const AttachmentTypes = new t.Type<readonly string[], string, unknown>(
  'AttachmentTypes',
  (u): u is readonly string[] => Array.isArray(u),
  (u, c) => {
    const types = typeof u === 'string' ? u.split(',').map((x) => x.trim().toLowerCase()).filter((x) => x !== '') : []
    return types.length > 0 && types.every((x) => (ATTACHMENT_TYPES as readonly string[]).includes(x))
      ? t.success(types)
      : t.failure(u, c, `expected a comma-separated list of ${ATTACHMENT_TYPES.join(', ')}`)
  },
  (types) => types.join(','),
)
/** `GRIDCASE_ON_THE_SPOT_CATEGORIES`: category ids a grid may resolve on the spot (现场办结), comma-separated; `none` for none. */
const CategoryList = new t.Type<readonly string[], string, unknown>(
  'CategoryList',
  (u): u is readonly string[] => Array.isArray(u),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected category ids separated by commas')
    const parsed = parseOnTheSpotCategories(u)
    return 'error' in parsed ? t.failure(u, c, parsed.error) : t.success(parsed.categories)
  },
  (ids) => ids.join(','),
)
/** `GRIDCASE_ARRIVAL_WORKING_DAYS`: the working days a summoned department has to report (报到), as core parses it (import too). */
const ArrivalWorkingDays = new t.Type<number, string, unknown>(
  'ArrivalWorkingDays',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    const parsed = parseArrivalWorkingDays(typeof u === 'string' ? u : '')
    return 'error' in parsed ? t.failure(u, c, parsed.error) : t.success(parsed.within.amount)
  },
  String,
)
/** GRIDCASE_WEBHOOK_SECRETS_KEY: 32 bytes in base64 (`openssl rand -base64 32`). */
const WebhookSecretsKey = new t.Type<string, string, unknown>(
  'WebhookSecretsKey',
  (u): u is string => typeof u === 'string',
  (u, c) =>
    typeof u === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(u.trim()) && Buffer.from(u.trim(), 'base64').length === 32
      ? t.success(u.trim())
      : t.failure(u, c, 'expected 32 bytes in base64 (e.g. `openssl rand -base64 32`)'),
  t.identity,
)
/** `GRIDCASE_ENTRUSTMENT_RECEIPT`: the centre's time to sign for a court clerk's entrustment, `<n>wd` or `<n>d`. */
const EntrustmentReceipt = new t.Type<Counted, string, unknown>(
  'EntrustmentReceipt',
  (u): u is Counted => typeof u === 'object' && u !== null,
  (u, c) => {
    const parsed = parseEntrustmentReceipt(typeof u === 'string' ? u : '')
    return 'counted' in parsed ? t.success(parsed.counted) : t.failure(u, c, parsed.error)
  },
  (x) => `${x.days}${x.unit === 'working-days' ? 'wd' : 'd'}`,
)
/** `GRIDCASE_DISPATCH_WITHIN`: the 12345 policies' dispatch deadline (派单时限), `normal=<n>h,urgent=<n>m` (core's parseDispatchWithin). */
const DispatchWithin = new t.Type<DispatchSpans, string, unknown>(
  'DispatchWithin',
  (u): u is DispatchSpans => typeof u === 'object' && u !== null,
  (u, c) => {
    const parsed = parseDispatchWithin(typeof u === 'string' ? u : '')
    return 'spans' in parsed ? t.success(parsed.spans) : t.failure(u, c, parsed.error)
  },
  (x) => Object.entries(x).map(([k, s]) => `${k}=${Math.round(s.amount * 60)}m`).join(','),
)
const Level = t.keyof({ fatal: null, error: null, warn: null, info: null, debug: null, trace: null, silent: null }, 'LogLevel')
const Synchronous = t.keyof({ full: null, normal: null }, 'SqliteSynchronous')
const Writer = t.keyof({ thread: null, main: null }, 'SqliteWriter')

/**
 * A PostgreSQL statement's bound by default: a request a partition or a lock would hold answers 503 after it. As long as
 * a request may take to arrive (HTTP_REQUEST_TIMEOUT_MS): no statement of a request is near it; a read model's catch-up
 * batch on a very large log may need it raised (or 0) for the rebuild.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000

/** The server's environment, documented in packages/http/README.md. */
const Env = t.partial({
  PORT: Port,
  HOST: t.string,
  DATA_DIR: t.string,
  GRIDCASE_JWT_SECRET: Secret,
  GRIDCASE_JWT_ISSUER: ClaimText,
  GRIDCASE_JWT_AUDIENCE: ClaimText,
  ESDB_CONNECTION_STRING: EsdbConnectionString,
  DATABASE_URL: DatabaseUrl,
  DATABASE_SCHEMA: SchemaName,
  DATABASE_STATEMENT_TIMEOUT_MS: StatementTimeout,
  LOG_LEVEL: Level,
  BODY_LIMIT: BodyLimit,
  SQLITE_SYNCHRONOUS: Synchronous,
  SQLITE_WRITER: Writer,
  PERSONAL_DATA_ENCRYPTION: t.keyof({ on: null, off: null }),
  NODE_ENV: t.string,
  GRIDCASE_HEAD_KEY_FILE: t.string,
  GRIDCASE_HEAD_KEY: t.string,
  GRIDCASE_HEAD_MEMORY_FILE: t.string,
  GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: t.string,
  GRIDCASE_WEBHOOK_SECRETS_KEY: WebhookSecretsKey,
  GRIDCASE_HEAD_EVERY_EVENTS: HeadCount,
  GRIDCASE_HEAD_EVERY_SECONDS: HeadSeconds,
  GRIDCASE_PROCESSES: t.keyof({ on: null, off: null }, 'Processes'),
  GRIDCASE_PROCESS_LEASE_MS: LeaseMillis,
  GRIDCASE_URGE_AFTER_HOURS: PositiveInt('UrgeAfterHours', 24 * 365),
  GRIDCASE_CALENDAR_REFRESH_MS: PositiveInt('CalendarRefreshMs', 600_000),
  GRIDCASE_ON_THE_SPOT_CATEGORIES: CategoryList,
  GRIDCASE_ARRIVAL_WORKING_DAYS: ArrivalWorkingDays,
  GRIDCASE_ENTRUSTMENT_RECEIPT: EntrustmentReceipt,
  GRIDCASE_DISPATCH_WITHIN: DispatchWithin,
  GRIDCASE_JWT_MAX_LIFETIME: Lifetime,
  GRIDCASE_OIDC_ISSUER: t.string,
  GRIDCASE_OIDC_AUDIENCE: t.string,
  GRIDCASE_OIDC_JWKS_URI: HttpsUrl,
  GRIDCASE_OIDC_CLAIMS: ClaimsJson,
  METRICS_TOKEN: Secret,
  METRICS_PORT: Port,
  HTTP_HEADERS_TIMEOUT_MS: Millis,
  HTTP_REQUEST_TIMEOUT_MS: Millis,
  HTTP_KEEP_ALIVE_TIMEOUT_MS: Millis,
  HTTP_SHUTDOWN_GRACE_MS: Millis,
  HTTP_MAX_CONNECTIONS: Count,
  LIVE_MAX_CLIENTS: Count,
  LIVE_MAX_PER_ACTOR: Count,
  LIVE_SLOW_CLIENT_MS: Millis,
  LIVE_HEARTBEAT_MS: Millis,
  ATTACHMENTS_MAX_BYTES: PositiveInt('AttachmentMaxBytes', 1024 * 1024 * 1024),
  ATTACHMENTS_TYPES: AttachmentTypes,
  GRIDCASE_COMMITTEES: t.string,
  GRIDCASE_JURISDICTIONS: t.string,
  GRIDCASE_RANKING_WEIGHTS: RankingWeightsCodec,
  GRIDCASE_RATE_WEIGHTS: RateWeightsCodec,
})

export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  /** Absent in development: the server then keeps a generated dev secret under DATA_DIR. */
  readonly jwtSecret?: string
  readonly jwtIssuer?: string
  readonly jwtAudience?: string
  readonly esdbConnectionString?: string
  /** PostgreSQL (DATABASE_URL): the event store for several servers over one database. */
  readonly databaseUrl?: string
  /** The schema holding the PostgreSQL store's tables (DATABASE_SCHEMA, default 'gridcase'). */
  readonly databaseSchema: string
  /**
   * The longest a PostgreSQL statement may take, ms (DATABASE_STATEMENT_TIMEOUT_MS, default 30000; 0: no bound): past it
   * the request answers 503 `unavailable` with Retry-After, as for a database that is down (the store's `statementTimeoutMs`).
   */
  readonly databaseStatementTimeoutMs: number
  readonly logLevel: t.TypeOf<typeof Level>
  readonly bodyLimit: string
  readonly sqliteSynchronous: t.TypeOf<typeof Synchronous>
  /** Where SQLite commits run: 'main' (default: the event loop waits for each group's fsync) or 'thread' (see `SqliteStoreOptions.writer`). */
  readonly sqliteWriter: t.TypeOf<typeof Writer>
  /**
   * PERSONAL_DATA_ENCRYPTION ('on' | 'off', default 'on'): 'on' seals personal fields (complainants, dispute parties)
   * with a key per data subject (subject_keys table in the SQLite file), so they can be erased (`gridcase erasure
   * erase`, 个人信息保护法 art. 47). 'off' writes them in clear: such a log cannot be erased by key. On SQLite (the
   * keys in the SQLite file) and PostgreSQL (the keys in the store's schema); refused beside EventStoreDB, which has
   * no key store yet, and off there by default (see docs/erasure.md).
   */
  readonly personalDataEncryption: 'on' | 'off'
  /**
   * The Ed25519 key tree heads are signed with: a PEM file, or the PEM itself. Never in the database. Absent in
   * development: a key is generated beside the data (DATA_DIR/head-signing-key.pem); absent in production: no heads.
   */
  readonly headKeyFile?: string
  readonly headKeyPem?: string
  /**
   * Where the signer keeps the largest head it signed, outside the database (a JSON file): at start the log must still
   * hash to it at that size, else nothing is signed (a log rewritten in the database is not signed again: no fork).
   * Default: beside the key file (`<GRIDCASE_HEAD_KEY_FILE>.last-head.json`) where its folder may be written, else
   * DATA_DIR/head-last-signed.json (`headMemoryPath` in server.ts).
   */
  readonly headMemoryFile?: string
  /**
   * The key webhook signing secrets are sealed with at rest (AES-256-GCM): a file holding it, or the key itself (32 bytes
   * in base64). Never in the database. Absent in development: generated beside the data (DATA_DIR/webhook-secrets.key)
   * beside SQLite, else secrets are kept in clear with a warning; required in production (the start is refused without).
   */
  readonly webhookSecretsKeyFile?: string
  readonly webhookSecretsKey?: string
  /** Sign a head every this many events (default 1000) … */
  readonly headEveryEvents: number
  /** … or every this many seconds when events arrived (default 60). */
  readonly headEverySeconds: number
  /** Production refuses to start without a sign-in (a secret or an IdP) and refuses `--demo`. */
  readonly production: boolean
  /** Longest token lifetime accepted (`exp` − `iat`, or `exp` − now), in seconds (default 12 h). */
  readonly jwtMaxLifetimeSeconds: number
  /** Sign-in through an OpenID Connect identity provider's JWKS, beside (or instead of) the HS256 secret. */
  readonly oidc?: { readonly issuer: string; readonly audience: string; readonly jwksUri: string; readonly claims: ClaimsMapping }
  /** `/metrics` needs `Authorization: Bearer <metricsToken>`; with `metricsPort` it is served only there. Neither: not served. */
  readonly metricsToken?: string
  readonly metricsPort?: number
  readonly http: {
    readonly headersTimeoutMs: number
    readonly requestTimeoutMs: number
    readonly keepAliveTimeoutMs: number
    readonly maxConnections: number
    /** On SIGTERM, how long the requests under way may take to finish before their connections are cut (default 10 s). */
    readonly shutdownGraceMs?: number
  }
  readonly live: LiveLimits
  /**
   * `on` (default): the server runs the processes (referral both ways) itself; `off` when they run as their own
   * process (`gridcase processes`). Either way one runner per process name is active at a time (a lease).
   */
  readonly processes?: 'on' | 'off'
  /**
   * How long a process's lease lasts unless renewed (GRIDCASE_PROCESS_LEASE_MS, default 15000): after a crash the
   * processes resume, here or in another runner, this long after the crashed runner last renewed it.
   */
  readonly processLeaseMs?: number
  /** 督办: a complaint still past a deadline this many hours after it is urged automatically (default 24). */
  readonly urgeAfterHours?: number
  /**
   * How often the server reads the log's `calendar` stream for a schedule another server or the CLI loaded
   * (GRIDCASE_CALENDAR_REFRESH_MS, default 1000).
   */
  readonly calendarRefreshMs?: number
  /**
   * Uploads (`POST /api/v1/attachments`): the largest file in bytes (ATTACHMENTS_MAX_BYTES, default 10485760 = 10 MiB)
   * and the accepted types (ATTACHMENTS_TYPES, default image/jpeg,image/png,image/webp,application/pdf).
   */
  readonly uploads: { readonly maxBytes: number; readonly types: readonly string[] }
  /** GRIDCASE_COMMITTEES: the committee file (调解委员会 and 矛调中心, JSON); absent: the demo district's, shipped with the adapters. */
  readonly committeesFile?: string
  /** Outbound webhook deliveries: attempts before the dead-letter list, backoff, timeout, concurrency (GRIDCASE_WEBHOOK_*). */
  readonly webhooks?: WebhookSettings
  /** GRIDCASE_JURISDICTIONS: the jurisdiction registry file (辖区名册, JSON); absent: the demo district's, shipped with the adapters. */
  readonly jurisdictionsFile?: string
  /** GRIDCASE_RANKING_WEIGHTS: the composite score's weights (`responseRate=10,resolutionRate=30,…`); absent: the defaults. */
  readonly rankingWeights?: RankingWeights
  /**
   * GRIDCASE_RATE_WEIGHTS: the 三率's weights (`partlySolved=0.5,basicallySatisfied=1`, each 0–1): what a partly solved
   * answer counts towards the 解决率 and a basically satisfied one towards the 满意率; absent: the defaults (0 and 1).
   */
  readonly rateWeights?: RateWeights
  /** 现场办结: the categories a grid may resolve on the spot (default: core's `seedOnTheSpotCategories`). */
  readonly onTheSpotCategories?: readonly string[]
  /** 报到: working days a department summoned by 吹哨 has to report (default 2). */
  readonly arrivalWorkingDays?: number
  /** 诉前委派: the centre's time to sign for a clerk's entrustment (GRIDCASE_ENTRUSTMENT_RECEIPT; default DisputePolicy's 3 working days). */
  readonly entrustmentReceipt?: Counted
  /** 派单时限 of the standard (12345) policies, by urgency (GRIDCASE_DISPATCH_WITHIN; default core's 2 h normal, 30 min urgent). */
  readonly dispatchWithin?: DispatchSpans
}

/** The live event feed's limits (see routes/events.ts). */
export interface LiveLimits {
  /** Live clients at once in total, and per actor (`sub`); beyond: 503 with Retry-After. */
  readonly maxClients: number
  readonly maxPerActor: number
  /** A client whose socket stays full this long is dropped (it reconnects with Last-Event-ID). */
  readonly slowClientMs: number
  /** A comment line this often, so a quiet feed does not look dead to proxies and clients. */
  readonly heartbeatMs: number
}

export const defaultLiveLimits: LiveLimits = { maxClients: 256, maxPerActor: 8, slowClientMs: 10_000, heartbeatMs: 15_000 }

/** Reads the configuration from environment variables; every bad value is named. */
export const readConfig = (env: Readonly<Record<string, string | undefined>>): E.Either<DomainError, ServerConfig> => {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && v !== '' && k in Env.props))
  return E.chain((e: t.TypeOf<typeof Env>): E.Either<DomainError, ServerConfig> => {
    const production = e.NODE_ENV === 'production'
    const oidcFields = [e.GRIDCASE_OIDC_ISSUER, e.GRIDCASE_OIDC_AUDIENCE, e.GRIDCASE_OIDC_JWKS_URI]
    if (oidcFields.some((f) => f !== undefined) && oidcFields.some((f) => f === undefined)) {
      const missing = (['GRIDCASE_OIDC_ISSUER', 'GRIDCASE_OIDC_AUDIENCE', 'GRIDCASE_OIDC_JWKS_URI'] as const).filter((k) => e[k] === undefined)
      return E.left(validationError(missing.map((path) => ({ path, message: 'is required with the other GRIDCASE_OIDC_ variables' }))))
    }
    const oidc =
      e.GRIDCASE_OIDC_ISSUER !== undefined && e.GRIDCASE_OIDC_AUDIENCE !== undefined && e.GRIDCASE_OIDC_JWKS_URI !== undefined
        ? { issuer: e.GRIDCASE_OIDC_ISSUER, audience: e.GRIDCASE_OIDC_AUDIENCE, jwksUri: e.GRIDCASE_OIDC_JWKS_URI, claims: e.GRIDCASE_OIDC_CLAIMS ?? {} }
        : undefined
    if (production && e.GRIDCASE_JWT_SECRET === undefined && oidc === undefined) {
      return E.left(validationError([{ path: 'GRIDCASE_JWT_SECRET', message: 'is required in production (or the GRIDCASE_OIDC_ variables)' }]))
    }
    // Least privilege: without the key a subscription's signing secret would be kept in clear in the database, where a
    // backup, a replica or a reader of the schema could sign deliveries with it. Development generates one beside the
    // data; production is given one (several servers over PostgreSQL must share it), never a warning and clear text.
    if (production && e.GRIDCASE_WEBHOOK_SECRETS_KEY_FILE === undefined && e.GRIDCASE_WEBHOOK_SECRETS_KEY === undefined) {
      const message =
        'is required in production (or GRIDCASE_WEBHOOK_SECRETS_KEY): the key webhook signing secrets are sealed with at rest, without which they would be kept in clear in the database (make one with `openssl rand -base64 32`; one kept beside the data is DATA_DIR/webhook-secrets.key)'
      return E.left(validationError([{ path: 'GRIDCASE_WEBHOOK_SECRETS_KEY_FILE', message }]))
    }
    if (e.DATABASE_URL !== undefined && e.ESDB_CONNECTION_STRING !== undefined) {
      const message = 'name one event store: DATABASE_URL (PostgreSQL) or ESDB_CONNECTION_STRING (EventStoreDB), not both'
      return E.left({ code: 'validation', message, errors: [{ path: 'DATABASE_URL', message }, { path: 'ESDB_CONNECTION_STRING', message }] })
    }
    // Sealing is built on the SQLite and PostgreSQL stores: beside EventStoreDB the fields would be written in clear
    // while the operator believes them sealed (and erasable), so the combination is refused, not ignored.
    if (e.PERSONAL_DATA_ENCRYPTION === 'on' && e.ESDB_CONNECTION_STRING !== undefined) {
      const message = 'is only supported with the SQLite and PostgreSQL stores for now (unset ESDB_CONNECTION_STRING, or PERSONAL_DATA_ENCRYPTION)'
      return E.left(validationError([{ path: 'PERSONAL_DATA_ENCRYPTION', message }]))
    }
    // GRIDCASE_WEBHOOK_*: read by the adapters' one reader, which `gridcase processes` uses too.
    const webhookSettings = webhookSettingsFromEnv(env)
    if (E.isLeft(webhookSettings)) return webhookSettings
    const webhooks: WebhookSettings = webhookSettings.right
    return E.right({
      port: e.PORT ?? 8080,
      host: e.HOST ?? '0.0.0.0',
      dataDir: e.DATA_DIR ?? './data',
      ...(e.GRIDCASE_JWT_SECRET === undefined ? {} : { jwtSecret: e.GRIDCASE_JWT_SECRET }),
      ...(e.GRIDCASE_JWT_ISSUER === undefined ? {} : { jwtIssuer: e.GRIDCASE_JWT_ISSUER }),
      ...(e.GRIDCASE_JWT_AUDIENCE === undefined ? {} : { jwtAudience: e.GRIDCASE_JWT_AUDIENCE }),
      ...(e.ESDB_CONNECTION_STRING === undefined ? {} : { esdbConnectionString: e.ESDB_CONNECTION_STRING }),
      ...(e.DATABASE_URL === undefined ? {} : { databaseUrl: e.DATABASE_URL }),
      databaseSchema: e.DATABASE_SCHEMA ?? 'gridcase',
      databaseStatementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      logLevel: e.LOG_LEVEL ?? 'info',
      bodyLimit: e.BODY_LIMIT ?? '100kb',
      sqliteSynchronous: e.SQLITE_SYNCHRONOUS ?? 'full',
      // On the event loop: at the paced rates of issue #18 (250–1,000 add-notes/s) it takes ~18% less CPU per request and
      // has the lower p99; a writer thread hands every commit to another thread and back, which costs more than the
      // fsync wait it hides until the server is near saturation (packages/http/README.md, SQLITE_WRITER).
      sqliteWriter: e.SQLITE_WRITER ?? 'main',
      // Beside EventStoreDB nothing is sealed yet (and `on` is refused above): the default says so.
      personalDataEncryption: e.PERSONAL_DATA_ENCRYPTION ?? (e.ESDB_CONNECTION_STRING === undefined ? 'on' : 'off'),
      ...(e.GRIDCASE_HEAD_KEY_FILE === undefined ? {} : { headKeyFile: e.GRIDCASE_HEAD_KEY_FILE }),
      ...(e.GRIDCASE_HEAD_KEY === undefined ? {} : { headKeyPem: e.GRIDCASE_HEAD_KEY }),
      ...(e.GRIDCASE_HEAD_MEMORY_FILE === undefined ? {} : { headMemoryFile: e.GRIDCASE_HEAD_MEMORY_FILE }),
      ...(e.GRIDCASE_WEBHOOK_SECRETS_KEY_FILE === undefined ? {} : { webhookSecretsKeyFile: e.GRIDCASE_WEBHOOK_SECRETS_KEY_FILE }),
      ...(e.GRIDCASE_WEBHOOK_SECRETS_KEY === undefined ? {} : { webhookSecretsKey: e.GRIDCASE_WEBHOOK_SECRETS_KEY }),
      headEveryEvents: e.GRIDCASE_HEAD_EVERY_EVENTS ?? 1000,
      headEverySeconds: e.GRIDCASE_HEAD_EVERY_SECONDS ?? 60,
      processes: e.GRIDCASE_PROCESSES ?? 'on',
      ...(e.GRIDCASE_PROCESS_LEASE_MS === undefined ? {} : { processLeaseMs: e.GRIDCASE_PROCESS_LEASE_MS }),
      urgeAfterHours: e.GRIDCASE_URGE_AFTER_HOURS ?? 24,
      ...(e.GRIDCASE_CALENDAR_REFRESH_MS === undefined ? {} : { calendarRefreshMs: e.GRIDCASE_CALENDAR_REFRESH_MS }),
      ...(e.GRIDCASE_COMMITTEES === undefined ? {} : { committeesFile: e.GRIDCASE_COMMITTEES }),
      webhooks,
      ...(e.GRIDCASE_JURISDICTIONS === undefined ? {} : { jurisdictionsFile: e.GRIDCASE_JURISDICTIONS }),
      ...(e.GRIDCASE_RANKING_WEIGHTS === undefined ? {} : { rankingWeights: e.GRIDCASE_RANKING_WEIGHTS }),
      ...(e.GRIDCASE_RATE_WEIGHTS === undefined ? {} : { rateWeights: e.GRIDCASE_RATE_WEIGHTS }),
      ...(e.GRIDCASE_ON_THE_SPOT_CATEGORIES === undefined ? {} : { onTheSpotCategories: e.GRIDCASE_ON_THE_SPOT_CATEGORIES }),
      ...(e.GRIDCASE_ARRIVAL_WORKING_DAYS === undefined ? {} : { arrivalWorkingDays: e.GRIDCASE_ARRIVAL_WORKING_DAYS }),
      ...(e.GRIDCASE_ENTRUSTMENT_RECEIPT === undefined ? {} : { entrustmentReceipt: e.GRIDCASE_ENTRUSTMENT_RECEIPT }),
      ...(e.GRIDCASE_DISPATCH_WITHIN === undefined ? {} : { dispatchWithin: e.GRIDCASE_DISPATCH_WITHIN }),
      production,
      jwtMaxLifetimeSeconds: e.GRIDCASE_JWT_MAX_LIFETIME ?? 12 * 3600,
      ...(oidc === undefined ? {} : { oidc }),
      ...(e.METRICS_TOKEN === undefined ? {} : { metricsToken: e.METRICS_TOKEN }),
      ...(e.METRICS_PORT === undefined ? {} : { metricsPort: e.METRICS_PORT }),
      http: {
        headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS ?? 10_000,
        requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS ?? 30_000,
        keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? 5_000,
        maxConnections: e.HTTP_MAX_CONNECTIONS ?? 1024,
        ...(e.HTTP_SHUTDOWN_GRACE_MS === undefined ? {} : { shutdownGraceMs: e.HTTP_SHUTDOWN_GRACE_MS }),
      },
      uploads: { maxBytes: e.ATTACHMENTS_MAX_BYTES ?? 10 * 1024 * 1024, types: e.ATTACHMENTS_TYPES ?? ATTACHMENT_TYPES },
      live: {
        maxClients: e.LIVE_MAX_CLIENTS ?? defaultLiveLimits.maxClients,
        maxPerActor: e.LIVE_MAX_PER_ACTOR ?? defaultLiveLimits.maxPerActor,
        slowClientMs: e.LIVE_SLOW_CLIENT_MS ?? defaultLiveLimits.slowClientMs,
        heartbeatMs: e.LIVE_HEARTBEAT_MS ?? defaultLiveLimits.heartbeatMs,
      },
    })
  })(decode(Env, present))
}
