import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_WEIGHTS, RateWeightsCodec } from '@gridcase/core/projections'
import * as E from 'fp-ts/lib/Either.js'
import { readConfig } from './config.js'
import { storeName } from './server.js'

describe('readConfig', () => {
  it('defaults to :8080, ./data, SQLite and info logs', () => {
    expect(readConfig({})).toMatchObject({ _tag: 'Right', right: { port: 8080, dataDir: './data', logLevel: 'info', production: false } })
  })

  it('commits on the event loop with fsync at every commit unless told otherwise', () => {
    expect(readConfig({})).toMatchObject({ right: { sqliteWriter: 'main', sqliteSynchronous: 'full' } })
    expect(readConfig({ SQLITE_WRITER: 'thread', SQLITE_SYNCHRONOUS: 'normal' })).toMatchObject({ right: { sqliteWriter: 'thread', sqliteSynchronous: 'normal' } })
    expect(readConfig({ SQLITE_WRITER: 'elsewhere' })._tag).toBe('Left')
  })

  it('names each bad variable', () => {
    const result = readConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', GRIDCASE_JWT_SECRET: 'short' })
    expect(result._tag).toBe('Left')
    const paths = result._tag === 'Left' && result.left.code === 'validation' ? result.left.errors.map((e) => e.path).sort() : []
    expect(paths).toEqual(['GRIDCASE_JWT_SECRET', 'LOG_LEVEL', 'PORT'])
  })

  it('takes BODY_LIMIT as a size (100kb by default), naming one that is none or is not above 0 (before: a TypeError at start, or a server answering every command 413)', () => {
    expect(readConfig({})).toMatchObject({ right: { bodyLimit: '100kb' } })
    for (const good of ['1mb', '512kb', '2048', '10 kb']) expect(readConfig({ BODY_LIMIT: good }), good).toMatchObject({ right: { bodyLimit: good } })
    for (const bad of ['lots', '0', '-1', '0kb', '1.5.5mb']) {
      const result = readConfig({ BODY_LIMIT: bad })
      expect(result._tag === 'Left' && result.left.code === 'validation' ? result.left.errors.map((e) => e.path) : [], bad).toEqual(['BODY_LIMIT'])
    }
  })

  it('takes GRIDCASE_JWT_ISSUER and GRIDCASE_JWT_AUDIENCE as given, naming a blank or padded one (before: taken, and every token refused with a 401)', () => {
    expect(readConfig({ GRIDCASE_JWT_ISSUER: 'hohhot-12345', GRIDCASE_JWT_AUDIENCE: 'gridcase' })).toMatchObject({ right: { jwtIssuer: 'hohhot-12345', jwtAudience: 'gridcase' } })
    for (const bad of [' ', 'hohhot-12345 ', ' gridcase']) {
      const result = readConfig({ GRIDCASE_JWT_ISSUER: bad, GRIDCASE_JWT_AUDIENCE: bad })
      expect(result._tag === 'Left' && result.left.code === 'validation' ? result.left.errors.map((e) => e.path) : [], bad).toEqual(['GRIDCASE_JWT_ISSUER', 'GRIDCASE_JWT_AUDIENCE'])
    }
  })

  it('reads the jurisdiction registry file and the ranking weights; a bad weight is named', () => {
    expect(readConfig({ GRIDCASE_JURISDICTIONS: '/etc/gridcase/places.json', GRIDCASE_RANKING_WEIGHTS: 'responseRate=20' })).toMatchObject({
      right: { jurisdictionsFile: '/etc/gridcase/places.json', rankingWeights: { responseRate: 20, resolutionRate: 30, satisfactionRate: 30, departmentRating: 10 } },
    })
    const bad = readConfig({ GRIDCASE_RANKING_WEIGHTS: 'speed=1' })
    expect(bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors.map((e) => e.path) : []).toEqual(['GRIDCASE_RANKING_WEIGHTS'])
  })

  it('reads the 三率’s weights (GRIDCASE_RATE_WEIGHTS): each 0–1, a key not named keeps its default', () => {
    expect(readConfig({})).not.toHaveProperty('right.rateWeights')
    expect(readConfig({ GRIDCASE_RATE_WEIGHTS: '' })).not.toHaveProperty('right.rateWeights')
    const cases: [string, { partlySolved: number; basicallySatisfied: number }][] = [
      ['partlySolved=0.5,basicallySatisfied=1', { partlySolved: 0.5, basicallySatisfied: 1 }],
      [' basicallySatisfied = 0.8 , partlySolved=0 ', { partlySolved: 0, basicallySatisfied: 0.8 }],
      ['partlySolved=0.5', { partlySolved: 0.5, basicallySatisfied: 1 }],
      ['basicallySatisfied=0', { partlySolved: 0, basicallySatisfied: 0 }],
      ['partlySolved=1,basicallySatisfied=0.25,', { partlySolved: 1, basicallySatisfied: 0.25 }],
      ['partlySolved=1.0', { partlySolved: 1, basicallySatisfied: 1 }],
    ]
    for (const [value, rateWeights] of cases) expect(readConfig({ GRIDCASE_RATE_WEIGHTS: value }), value).toMatchObject({ right: { rateWeights } })
    // The codec itself, as the server and `gridcase evaluation` read it.
    expect(RateWeightsCodec.decode('partlySolved=0.5')).toEqual(E.right({ ...DEFAULT_RATE_WEIGHTS, partlySolved: 0.5 }))
    expect(RateWeightsCodec.encode({ partlySolved: 0.5, basicallySatisfied: 1 })).toBe('partlySolved=0.5,basicallySatisfied=1')
  })

  it('refuses bad 三率 weights, naming the variable and the key', () => {
    const refused: [string, string][] = [
      ['partlySolved=1.5', 'partlySolved must be a number from 0 to 1'],
      ['basicallySatisfied=-0.1', 'basicallySatisfied must be a number from 0 to 1'],
      ['partlySolved=half', 'partlySolved must be a number from 0 to 1'],
      ['partlySolved=', 'partlySolved must be a number from 0 to 1'],
      ['partlySolved=NaN', 'partlySolved must be a number from 0 to 1'],
      ['partlySolved=Infinity', 'partlySolved must be a number from 0 to 1'],
      ['partlySolved=1e-1', 'partlySolved must be a number from 0 to 1'],
      ['partlySolved=0x1', 'partlySolved must be a number from 0 to 1'],
      ['solved=0.5', 'unknown key solved'],
      ['partlysolved=0.5', 'unknown key partlysolved'],
      ['partlySolved=0.5,speed=1', 'unknown key speed'],
      ['=0.5', 'unknown key (none)'],
      ['partlySolved', '"partlySolved": expected key=weight'],
      ['garbage!', '"garbage!": expected key=weight'],
      ['partlySolved=0.5,partlySolved=1', 'partlySolved is named twice'],
    ]
    for (const [value, message] of refused) {
      const bad = readConfig({ GRIDCASE_RATE_WEIGHTS: value })
      const errors = bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors : []
      expect(errors.map((e) => e.path), value).toEqual(['GRIDCASE_RATE_WEIGHTS'])
      expect(errors[0]?.message, value).toContain(message)
      // What the server prints before it exits (bin/server.ts): the variable, the pair refused and why.
      expect(bad._tag === 'Left' ? bad.left.message : '', value).toMatch(/GRIDCASE_RATE_WEIGHTS: ".*": /)
      expect(bad._tag === 'Left' ? bad.left.message : '', value).toContain(message)
    }
  })

  it('takes the 12345 dispatch deadline (GRIDCASE_DISPATCH_WITHIN), naming a bad value', () => {
    expect(readConfig({})).not.toHaveProperty('right.dispatchWithin')
    expect(readConfig({ GRIDCASE_DISPATCH_WITHIN: 'normal=4h,urgent=45m' })).toMatchObject({ right: { dispatchWithin: { normal: { unit: 'hours', amount: 4 }, urgent: { unit: 'hours', amount: 0.75 } } } })
    for (const value of ['4h', 'normal=0h', 'normal=4d', 'urgent=100h', 'normal=2h,normal=3h']) {
      const bad = readConfig({ GRIDCASE_DISPATCH_WITHIN: value })
      const errors = bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors : []
      expect(errors.map((e) => e.path), value).toEqual(['GRIDCASE_DISPATCH_WITHIN'])
      expect(errors[0]?.message).toContain('normal=<n>h')
    }
  })

  it('takes the receipt clock of a court clerk’s entrustment (GRIDCASE_ENTRUSTMENT_RECEIPT), naming a bad value', () => {
    expect(readConfig({})).not.toHaveProperty('right.entrustmentReceipt')
    expect(readConfig({ GRIDCASE_ENTRUSTMENT_RECEIPT: '3wd' })).toMatchObject({ right: { entrustmentReceipt: { days: 3, unit: 'working-days' } } })
    expect(readConfig({ GRIDCASE_ENTRUSTMENT_RECEIPT: '5d' })).toMatchObject({ right: { entrustmentReceipt: { days: 5, unit: 'statutory-days' } } })
    for (const value of ['3', '0wd', '61d', '3 weeks', 'wd', '-1d']) {
      const bad = readConfig({ GRIDCASE_ENTRUSTMENT_RECEIPT: value })
      const errors = bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors : []
      expect(errors.map((e) => e.path), value).toEqual(['GRIDCASE_ENTRUSTMENT_RECEIPT'])
      expect(errors[0]?.message).toContain('<n>wd')
    }
  })

  it('takes the categories a grid may resolve on the spot (现场办结) and the 报到 window, naming a bad one', () => {
    expect(readConfig({})).not.toHaveProperty('right.onTheSpotCategories')
    expect(readConfig({ GRIDCASE_ON_THE_SPOT_CATEGORIES: 'sanitation, heating', GRIDCASE_ARRIVAL_WORKING_DAYS: '3' })).toMatchObject({ right: { onTheSpotCategories: ['sanitation', 'heating'], arrivalWorkingDays: 3 } })
    expect(readConfig({ GRIDCASE_ON_THE_SPOT_CATEGORIES: 'none' })).toMatchObject({ right: { onTheSpotCategories: [] } })
    const bad = readConfig({ GRIDCASE_ON_THE_SPOT_CATEGORIES: 'sanitation,weather', GRIDCASE_ARRIVAL_WORKING_DAYS: '0' })
    const errors = bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors : []
    expect(errors.map((e) => e.path).sort()).toEqual(['GRIDCASE_ARRIVAL_WORKING_DAYS', 'GRIDCASE_ON_THE_SPOT_CATEGORIES'])
    expect(errors.find((e) => e.path === 'GRIDCASE_ON_THE_SPOT_CATEGORIES')?.message).toContain('not weather')
  })

  it('requires a JWT secret in production', () => {
    expect(readConfig({ NODE_ENV: 'production', GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: '/etc/gridcase/webhook-secrets.key' })._tag).toBe('Left')
    expect(readConfig({ NODE_ENV: 'production', GRIDCASE_JWT_SECRET: 'x'.repeat(32), GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: '/etc/gridcase/webhook-secrets.key' })).toMatchObject({ right: { production: true } })
  })

  it('requires the webhook secrets key in production: signing secrets are never kept in clear there (least privilege)', () => {
    // Before, production without a key started with a warning and kept every subscription's signing secret in clear in
    // the database, where a backup, a replica or a reader of the schema could sign deliveries with it.
    const production = { NODE_ENV: 'production', GRIDCASE_JWT_SECRET: 'x'.repeat(32) }
    const refused = readConfig(production)
    expect(refused).toMatchObject({ _tag: 'Left', left: { code: 'validation', errors: [{ path: 'GRIDCASE_WEBHOOK_SECRETS_KEY_FILE' }] } })
    expect(refused._tag === 'Left' ? refused.left.message : '').toContain(
      'GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: is required in production (or GRIDCASE_WEBHOOK_SECRETS_KEY)',
    )
    const key = Buffer.alloc(32, 7).toString('base64')
    expect(readConfig({ ...production, GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: '/etc/gridcase/webhook-secrets.key' })).toMatchObject({ right: { webhookSecretsKeyFile: '/etc/gridcase/webhook-secrets.key' } })
    expect(readConfig({ ...production, GRIDCASE_WEBHOOK_SECRETS_KEY: key })).toMatchObject({ right: { webhookSecretsKey: key } })
    // Development needs none: a key is generated beside the data (SQLite), or the log warns (PostgreSQL).
    expect(readConfig({})._tag).toBe('Right')
  })

  it('signs tree heads every 1000 events or 60 s by default, with the key from a file or the environment', () => {
    expect(readConfig({})).toMatchObject({ right: { headEveryEvents: 1000, headEverySeconds: 60 } })
    expect(readConfig({ GRIDCASE_HEAD_KEY_FILE: '/etc/gridcase/head.pem', GRIDCASE_HEAD_EVERY_EVENTS: '50', GRIDCASE_HEAD_EVERY_SECONDS: '5' })).toMatchObject({
      right: { headKeyFile: '/etc/gridcase/head.pem', headEveryEvents: 50, headEverySeconds: 5 },
    })
    const bad = readConfig({ GRIDCASE_HEAD_EVERY_EVENTS: '0', GRIDCASE_HEAD_EVERY_SECONDS: 'soon' })
    const paths = bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors.map((e) => e.path).sort() : []
    expect(paths).toEqual(['GRIDCASE_HEAD_EVERY_EVENTS', 'GRIDCASE_HEAD_EVERY_SECONDS'])
  })

  it("refuses GRIDCASE_HEAD_EVERY_SECONDS past Node's longest timer (2147483 s, about 24.8 days): a longer one fired every millisecond", () => {
    // setInterval takes at most 2^31 − 1 ms; more is set to 1 ms (TimeoutOverflowWarning): a head signed each millisecond.
    expect(readConfig({ GRIDCASE_HEAD_EVERY_SECONDS: '2147483' })).toMatchObject({ right: { headEverySeconds: 2_147_483 } })
    const bad = readConfig({ GRIDCASE_HEAD_EVERY_SECONDS: '2147484' })
    expect(bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors.map((e) => [e.path, e.message]) : []).toEqual([
      ['GRIDCASE_HEAD_EVERY_SECONDS', expect.stringContaining('2147483')],
    ])
  })

  it('takes the processes\' lease length from GRIDCASE_PROCESS_LEASE_MS (1000 to 600000 ms; unset: the runners\' 15000), and names it when refused', () => {
    const unset = readConfig({})
    expect(unset._tag === 'Right' ? unset.right.processLeaseMs : 'refused').toBeUndefined()
    expect(readConfig({ GRIDCASE_PROCESS_LEASE_MS: '2000' })).toMatchObject({ right: { processLeaseMs: 2000 } })
    expect(readConfig({ GRIDCASE_PROCESS_LEASE_MS: '1000' })).toMatchObject({ right: { processLeaseMs: 1000 } })
    expect(readConfig({ GRIDCASE_PROCESS_LEASE_MS: '600000' })).toMatchObject({ right: { processLeaseMs: 600_000 } })
    for (const raw of ['999', '600001', '2s', '-5', '1e4']) {
      const bad = readConfig({ GRIDCASE_PROCESS_LEASE_MS: raw })
      const errors = bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors : []
      expect(errors.map((e) => e.path), raw).toEqual(['GRIDCASE_PROCESS_LEASE_MS'])
      expect(errors[0]?.message, raw).toContain('from 1000 to 600000')
    }
  })

  it('selects EventStoreDB when ESDB_CONNECTION_STRING is set', () => {
    expect(readConfig({ ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' })).toMatchObject({ right: { esdbConnectionString: 'esdb://localhost:2113?tls=false' } })
    expect(readConfig({ ESDB_CONNECTION_STRING: 'esdb+discover://cluster.example:2113' })).toMatchObject({ right: { esdbConnectionString: 'esdb+discover://cluster.example:2113' } })
    // Named at start (before: the client's `Unexpected "l" at position 0, expected esdb:// or esdb+discover://`, naming no variable).
    const bad = readConfig({ ESDB_CONNECTION_STRING: 'localhost:2113' })
    expect(bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors.map((e) => e.path) : []).toEqual(['ESDB_CONNECTION_STRING'])
  })
  it('takes DATABASE_URL (PostgreSQL) and its schema, refuses a malformed one, and refuses two event stores at once', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://gridcase@db:5432/gridcase' })).toMatchObject({ right: { databaseUrl: 'postgres://gridcase@db:5432/gridcase', databaseSchema: 'gridcase' } })
    expect(readConfig({ DATABASE_URL: 'postgresql://db/x', DATABASE_SCHEMA: 'district_7' })).toMatchObject({ right: { databaseSchema: 'district_7' } })
    expect(readConfig({ DATABASE_URL: 'mysql://db/x' })).toMatchObject({ left: { errors: [{ path: 'DATABASE_URL' }] } })
    expect(readConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_SCHEMA: 'Robert"; DROP' })).toMatchObject({ left: { errors: [{ path: 'DATABASE_SCHEMA' }] } })
    expect(readConfig({ DATABASE_URL: 'postgres://db/x', ESDB_CONNECTION_STRING: 'esdb://localhost:2113' })._tag).toBe('Left')
  })
  it('bounds a PostgreSQL statement: DATABASE_STATEMENT_TIMEOUT_MS, 30 s by default, 0 for none; a bad one named', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://db/x' })).toMatchObject({ right: { databaseStatementTimeoutMs: 30_000 } })
    expect(readConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_STATEMENT_TIMEOUT_MS: '5000' })).toMatchObject({ right: { databaseStatementTimeoutMs: 5000 } })
    expect(readConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_STATEMENT_TIMEOUT_MS: '0' })).toMatchObject({ right: { databaseStatementTimeoutMs: 0 } })
    for (const bad of ['-1', '2.5', '30s', '86400001'])
      expect(readConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_STATEMENT_TIMEOUT_MS: bad }), bad).toMatchObject({ left: { errors: [{ path: 'DATABASE_STATEMENT_TIMEOUT_MS' }] } })
  })
  it('seals by default on SQLite and PostgreSQL; refuses PERSONAL_DATA_ENCRYPTION=on beside EventStoreDB (no key store there): never written in clear unsaid', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://db/x', PERSONAL_DATA_ENCRYPTION: 'on' })).toMatchObject({ right: { personalDataEncryption: 'on' } })
    expect(readConfig({ DATABASE_URL: 'postgres://db/x' })).toMatchObject({ right: { personalDataEncryption: 'on' } })
    expect(readConfig({})).toMatchObject({ right: { personalDataEncryption: 'on' } })
    expect(readConfig({ ESDB_CONNECTION_STRING: 'esdb://localhost:2113', PERSONAL_DATA_ENCRYPTION: 'on' })).toMatchObject({ left: { errors: [{ path: 'PERSONAL_DATA_ENCRYPTION' }] } })
    expect(readConfig({ ESDB_CONNECTION_STRING: 'esdb://localhost:2113' })).toMatchObject({ right: { personalDataEncryption: 'off' } })
    expect(readConfig({ DATABASE_URL: 'postgres://db/x', PERSONAL_DATA_ENCRYPTION: 'off' })).toMatchObject({ right: { personalDataEncryption: 'off' } })
  })

  it('takes an identity provider only whole: issuer, audience and JWKS URI together', () => {
    const partial = readConfig({ GRIDCASE_OIDC_ISSUER: 'https://idp.example' })
    const paths = partial._tag === 'Left' && partial.left.code === 'validation' ? partial.left.errors.map((e) => e.path).sort() : []
    expect(paths).toEqual(['GRIDCASE_OIDC_AUDIENCE', 'GRIDCASE_OIDC_JWKS_URI'])
    expect(readConfig({ GRIDCASE_OIDC_ISSUER: 'https://idp.example', GRIDCASE_OIDC_AUDIENCE: 'gridcase', GRIDCASE_OIDC_JWKS_URI: 'https://idp.example/jwks', GRIDCASE_OIDC_CLAIMS: '{"role":"gov_role"}' })).toMatchObject({
      right: { oidc: { issuer: 'https://idp.example', audience: 'gridcase', jwksUri: 'https://idp.example/jwks', claims: { role: 'gov_role' } } },
    })
    expect(readConfig({ GRIDCASE_OIDC_CLAIMS: '{"rank":"x"}' })._tag).toBe('Left')
    expect(readConfig({ NODE_ENV: 'production', GRIDCASE_OIDC_ISSUER: 'https://idp.example', GRIDCASE_OIDC_AUDIENCE: 'a', GRIDCASE_OIDC_JWKS_URI: 'https://idp.example/jwks', GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: '/k' })._tag).toBe('Right')
  })

  it('reads the token lifetime, HTTP timeouts and live-feed limits', () => {
    expect(readConfig({})).toMatchObject({ right: { jwtMaxLifetimeSeconds: 43_200, http: { headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 1024 }, live: { maxClients: 256, maxPerActor: 8 } } })
    expect(readConfig({ GRIDCASE_JWT_MAX_LIFETIME: '15m', LIVE_MAX_CLIENTS: '10' })).toMatchObject({ right: { jwtMaxLifetimeSeconds: 900, live: { maxClients: 10 } } })
    expect(readConfig({ GRIDCASE_JWT_MAX_LIFETIME: '100y' })._tag).toBe('Left')
    expect(readConfig({ HTTP_MAX_CONNECTIONS: '0' })._tag).toBe('Left')
  })
  it('reads the webhook delivery settings (GRIDCASE_WEBHOOK_*), naming a bad one', () => {
    expect(readConfig({})).toMatchObject({ right: { webhooks: { maxAttempts: 24, backoffBaseMs: 10_000, backoffCapMs: 21_600_000, timeoutMs: 15_000, concurrency: 16, pollMs: 1_000 } } })
    expect(readConfig({ GRIDCASE_WEBHOOK_MAX_ATTEMPTS: '3', GRIDCASE_WEBHOOK_BACKOFF_BASE_MS: '500', GRIDCASE_WEBHOOK_TIMEOUT_MS: '2000' })).toMatchObject({
      right: { webhooks: { maxAttempts: 3, backoffBaseMs: 500, timeoutMs: 2000 } },
    })
    expect(readConfig({ GRIDCASE_WEBHOOK_MAX_ATTEMPTS: '0', GRIDCASE_WEBHOOK_CONCURRENCY: 'lots' })).toMatchObject({
      left: { errors: [{ path: 'GRIDCASE_WEBHOOK_MAX_ATTEMPTS' }, { path: 'GRIDCASE_WEBHOOK_CONCURRENCY' }] },
    })
    expect(readConfig({ GRIDCASE_WEBHOOK_BACKOFF_BASE_MS: '60000', GRIDCASE_WEBHOOK_BACKOFF_CAP_MS: '1000' })).toMatchObject({ left: { errors: [{ path: 'GRIDCASE_WEBHOOK_BACKOFF_BASE_MS' }] } })
    // The receivers allowed on reserved addresses: none by default; a bad entry named.
    expect(readConfig({})).toMatchObject({ right: { webhooks: { allow: [] } } })
    expect(readConfig({ GRIDCASE_WEBHOOK_ALLOW: '127.0.0.1, 10.0.0.0/8 receiver.internal' })).toMatchObject({ right: { webhooks: { allow: ['127.0.0.1', '10.0.0.0/8', 'receiver.internal'] } } })
    expect(readConfig({ GRIDCASE_WEBHOOK_ALLOW: '10.0.0.0/40' })).toMatchObject({ left: { errors: [{ path: 'GRIDCASE_WEBHOOK_ALLOW' }] } })
  })
  it('reads the origins personal data may be sent to (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS): none unless named; https:// or a loopback http://, origins only, each bad entry named', () => {
    const origins = (raw: string) => readConfig({ GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: raw })
    expect(readConfig({})).toMatchObject({ right: { webhooks: { personalDataOrigins: [] } } })
    expect(origins('')).toMatchObject({ right: { webhooks: { personalDataOrigins: [] } } })
    // Spaces around the commas, a default port written out (the origin as a browser writes it), a repeat: taken as one.
    expect(origins(' https://hooks.example.org , https://erp.example.org:8443,http://localhost:9000,http://127.0.0.1:8080, https://hooks.example.org')).toMatchObject({
      right: { webhooks: { personalDataOrigins: ['https://hooks.example.org', 'https://erp.example.org:8443', 'http://localhost:9000', 'http://127.0.0.1:8080'] } },
    })
    expect(origins('http://[::1]:9000')).toMatchObject({ right: { webhooks: { personalDataOrigins: ['http://[::1]:9000'] } } })
    for (const bad of ['http://hooks.example.org', 'http://10.0.0.5', 'https://hooks.example.org/path', 'https://hooks.example.org/', 'hooks.example.org', 'ftp://hooks.example.org', 'https://user@hooks.example.org', '*']) {
      const refused = origins(`https://ok.example.org,${bad}`)
      expect(refused, bad).toMatchObject({ _tag: 'Left', left: { code: 'validation', errors: [{ path: 'GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS', message: expect.stringContaining(bad) }] } })
    }
    // Plain http:// off this machine: said why.
    expect(origins('http://hooks.example.org')).toMatchObject({ left: { errors: [{ message: expect.stringMatching(/https:\/\/ origin, or over http:\/\/ to a loopback host/) }] } })
  })
  it('names the PostgreSQL store in the startup line without its connection string (it may hold a password)', () => {
    const config = readConfig({ DATABASE_URL: 'postgres://gridcase:s3cret@db:5432/gridcase', DATABASE_SCHEMA: 'district_7' })
    if (config._tag === 'Left') throw new Error(config.left.message)
    expect(storeName(config.right)).toBe('PostgreSQL (schema district_7)')
  })
})
