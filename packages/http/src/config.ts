import { decode, type DomainError } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'

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
const PositiveCount = new t.Type<number, string, unknown>(
  'PositiveCount',
  (u): u is number => typeof u === 'number',
  (u, c) => (typeof u === 'string' && /^\d{1,9}$/.test(u) && Number(u) >= 1 ? t.success(Number(u)) : t.failure(u, c, 'expected a whole number of 1 or more')),
  String,
)
const Level = t.keyof({ fatal: null, error: null, warn: null, info: null, debug: null, trace: null, silent: null }, 'LogLevel')
const Synchronous = t.keyof({ full: null, normal: null }, 'SqliteSynchronous')
const Writer = t.keyof({ thread: null, main: null }, 'SqliteWriter')

/** The server's environment, documented in packages/http/README.md. */
const Env = t.partial({
  PORT: Port,
  HOST: t.string,
  DATA_DIR: t.string,
  GRIDCASE_JWT_SECRET: Secret,
  GRIDCASE_JWT_ISSUER: t.string,
  GRIDCASE_JWT_AUDIENCE: t.string,
  ESDB_CONNECTION_STRING: t.string,
  LOG_LEVEL: Level,
  BODY_LIMIT: t.string,
  SQLITE_SYNCHRONOUS: Synchronous,
  SQLITE_WRITER: Writer,
  NODE_ENV: t.string,
  GRIDCASE_HEAD_KEY_FILE: t.string,
  GRIDCASE_HEAD_KEY: t.string,
  GRIDCASE_HEAD_EVERY_EVENTS: PositiveCount,
  GRIDCASE_HEAD_EVERY_SECONDS: PositiveCount,
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
  readonly logLevel: t.TypeOf<typeof Level>
  readonly bodyLimit: string
  readonly sqliteSynchronous: t.TypeOf<typeof Synchronous>
  /** Where SQLite commits run: 'main' (default: the event loop waits for each group's fsync) or 'thread' (see `SqliteStoreOptions.writer`). */
  readonly sqliteWriter: t.TypeOf<typeof Writer>
  /**
   * The Ed25519 key tree heads are signed with: a PEM file, or the PEM itself. Never in the database. Absent in
   * development: a key is generated beside the data (DATA_DIR/head-signing-key.pem); absent in production: no heads.
   */
  readonly headKeyFile?: string
  readonly headKeyPem?: string
  /** Sign a head every this many events (default 1000) … */
  readonly headEveryEvents: number
  /** … or every this many seconds when events arrived (default 60). */
  readonly headEverySeconds: number
  /** Production refuses to start without GRIDCASE_JWT_SECRET and never prints demo tokens. */
  readonly production: boolean
}

/** Reads the configuration from environment variables; every bad value is named. */
export const readConfig = (env: Readonly<Record<string, string | undefined>>): E.Either<DomainError, ServerConfig> => {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && v !== '' && k in Env.props))
  return E.chain((e: t.TypeOf<typeof Env>): E.Either<DomainError, ServerConfig> => {
    const production = e.NODE_ENV === 'production'
    if (production && e.GRIDCASE_JWT_SECRET === undefined) {
      return E.left({ code: 'validation', message: 'GRIDCASE_JWT_SECRET is required when NODE_ENV=production', errors: [{ path: 'GRIDCASE_JWT_SECRET', message: 'is required in production' }] })
    }
    return E.right({
      port: e.PORT ?? 8080,
      host: e.HOST ?? '0.0.0.0',
      dataDir: e.DATA_DIR ?? './data',
      ...(e.GRIDCASE_JWT_SECRET === undefined ? {} : { jwtSecret: e.GRIDCASE_JWT_SECRET }),
      ...(e.GRIDCASE_JWT_ISSUER === undefined ? {} : { jwtIssuer: e.GRIDCASE_JWT_ISSUER }),
      ...(e.GRIDCASE_JWT_AUDIENCE === undefined ? {} : { jwtAudience: e.GRIDCASE_JWT_AUDIENCE }),
      ...(e.ESDB_CONNECTION_STRING === undefined ? {} : { esdbConnectionString: e.ESDB_CONNECTION_STRING }),
      logLevel: e.LOG_LEVEL ?? 'info',
      bodyLimit: e.BODY_LIMIT ?? '100kb',
      sqliteSynchronous: e.SQLITE_SYNCHRONOUS ?? 'full',
      sqliteWriter: e.SQLITE_WRITER ?? 'thread',
      ...(e.GRIDCASE_HEAD_KEY_FILE === undefined ? {} : { headKeyFile: e.GRIDCASE_HEAD_KEY_FILE }),
      ...(e.GRIDCASE_HEAD_KEY === undefined ? {} : { headKeyPem: e.GRIDCASE_HEAD_KEY }),
      headEveryEvents: e.GRIDCASE_HEAD_EVERY_EVENTS ?? 1000,
      headEverySeconds: e.GRIDCASE_HEAD_EVERY_SECONDS ?? 60,
      production,
    })
  })(decode(Env, present))
}
