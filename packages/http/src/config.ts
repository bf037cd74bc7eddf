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
const DatabaseUrl = new t.Type<string, string, unknown>(
  'DatabaseUrl',
  (u): u is string => typeof u === 'string',
  (u, c) =>
    typeof u === 'string' && /^postgres(ql)?:\/\/[^\s]+$/.test(u) ? t.success(u) : t.failure(u, c, 'expected a postgres:// or postgresql:// connection string'),
  t.identity,
)
const SchemaName = new t.Type<string, string, unknown>(
  'SchemaName',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && /^[a-z_][a-z0-9_]{0,62}$/.test(u) ? t.success(u) : t.failure(u, c, 'expected a schema name: lower-case letters, digits and _, at most 63')),
  t.identity,
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
  DATABASE_URL: DatabaseUrl,
  DATABASE_SCHEMA: SchemaName,
  LOG_LEVEL: Level,
  BODY_LIMIT: t.string,
  SQLITE_SYNCHRONOUS: Synchronous,
  SQLITE_WRITER: Writer,
  NODE_ENV: t.string,
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
  readonly logLevel: t.TypeOf<typeof Level>
  readonly bodyLimit: string
  readonly sqliteSynchronous: t.TypeOf<typeof Synchronous>
  /** Where SQLite commits run: 'main' (default: the event loop waits for each group's fsync) or 'thread' (see `SqliteStoreOptions.writer`). */
  readonly sqliteWriter: t.TypeOf<typeof Writer>
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
    if (e.DATABASE_URL !== undefined && e.ESDB_CONNECTION_STRING !== undefined) {
      const message = 'name one event store: DATABASE_URL (PostgreSQL) or ESDB_CONNECTION_STRING (EventStoreDB), not both'
      return E.left({ code: 'validation', message, errors: [{ path: 'DATABASE_URL', message }, { path: 'ESDB_CONNECTION_STRING', message }] })
    }
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
      logLevel: e.LOG_LEVEL ?? 'info',
      bodyLimit: e.BODY_LIMIT ?? '100kb',
      sqliteSynchronous: e.SQLITE_SYNCHRONOUS ?? 'full',
      sqliteWriter: e.SQLITE_WRITER ?? 'thread',
      production,
    })
  })(decode(Env, present))
}
