import { existsSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { folderNotStore, notEventLog } from './dbPath.js'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import type { CaseType, EventStore } from '@gridcase/core'
import { complaintCase } from '@gridcase/core/complaint'
import { disputeCase, parseEntrustmentReceipt } from '@gridcase/core/dispute'
import type { Counted } from '@gridcase/core/calendar'
import { liveCalendar } from '../calendar/files.js'
import { calendarInLog, followCalendar } from '../calendar/log.js'
import { systemClock } from '../clock.js'
import { newId } from '../ids.js'
import { sqliteProcessRunner, type SqliteProcessRunner } from '../processes/sqliteRunner.js'
import { sealedSqliteStore } from '../privacy/erasure.js'
import { sqliteHasTable } from '../sqlite/open.js'
import type { ProcessesOptions } from '../processes/assembly.js'
import { processLeaseMsFromEnv } from '../processes/lease.js'
import { LIVE_PASSES } from '../subscription.js'
import { webhookSecretsFor, type SecretSealer } from '../webhooks/sealedSecrets.js'
import { webhookSettingsFromEnv, type WebhookSettings } from '../webhooks/settings.js'

/**
 * How often the processes read the log's `calendar` stream for a schedule loaded since: as the servers,
 * GRIDCASE_CALENDAR_REFRESH_MS (default 1000), a whole number of milliseconds from 1 to 600000 (the servers' bounds); anything else is refused, named.
 */
export const calendarFollowMs = (raw: string | undefined): number | string => {
  if (raw === undefined || raw === '') return 1000
  const ms = Number(raw)
  return /^\d+$/.test(raw) && ms >= 1 && ms <= 600_000 ? ms : `GRIDCASE_CALENDAR_REFRESH_MS: expected a whole number of milliseconds from 1 to 600000; got '${raw}'`
}

/** The servers' GRIDCASE_ENTRUSTMENT_RECEIPT (the dispute policy's receipt clock), or undefined with the reason written. */
const disputePolicyFromEnv = (io: ProcessesIo): { readonly entrustmentReceipt?: Counted } | undefined => {
  const raw = process.env['GRIDCASE_ENTRUSTMENT_RECEIPT']
  if (raw === undefined || raw === '') return {}
  const parsed = parseEntrustmentReceipt(raw)
  if ('counted' in parsed) return { entrustmentReceipt: parsed.counted }
  io.stderr.write(`gridcase processes: GRIDCASE_ENTRUSTMENT_RECEIPT: ${parsed.error}\n`)
  return undefined
}

/** The servers' lease length (GRIDCASE_PROCESS_LEASE_MS), or undefined with the reason written. */
const leaseFromEnv = (io: ProcessesIo): { readonly ms: number } | undefined => {
  const lease = processLeaseMsFromEnv(process.env['GRIDCASE_PROCESS_LEASE_MS'])
  if ('ms' in lease) return lease
  io.stderr.write(`gridcase processes: ${lease.error}\n`)
  return undefined
}

/**
 * The servers' webhook delivery settings (GRIDCASE_WEBHOOK_*) and their key for signing secrets (configured, or the
 * development key beside the data — never made here), or undefined with the reason written: the processes deliver as
 * the servers would.
 */
const webhooksFromEnv = (io: ProcessesIo, dataDir: string): { readonly settings: WebhookSettings; readonly secrets: SecretSealer } | undefined => {
  const settings = webhookSettingsFromEnv(process.env)
  if (settings._tag === 'Left') {
    const faults = settings.left.code === 'validation' ? settings.left.errors.map((e) => `${e.path} ${e.message}`).join('; ') : settings.left.message
    io.stderr.write(`gridcase processes: ${faults}\n`)
    return undefined
  }
  // As the servers (readConfig): production is given the key, never kept in clear — and a runner without the key the
  // servers sealed their secrets under would hold the webhook-delivery lease and fail every pass on the first of them.
  const given = (name: string) => (process.env[name] ?? '') !== ''
  if (process.env.NODE_ENV === 'production' && !given('GRIDCASE_WEBHOOK_SECRETS_KEY_FILE') && !given('GRIDCASE_WEBHOOK_SECRETS_KEY')) {
    io.stderr.write('gridcase processes: GRIDCASE_WEBHOOK_SECRETS_KEY_FILE (or GRIDCASE_WEBHOOK_SECRETS_KEY) is required in production: the servers\' key webhook signing secrets are sealed with\n')
    return undefined
  }
  try {
    return { settings: settings.right, secrets: webhookSecretsFor(process.env, dataDir, { generate: false }).secrets }
  } catch (error) {
    io.stderr.write(`gridcase processes: ${error instanceof Error ? error.message : String(error)}\n`)
    return undefined
  }
}

/** What the runner takes from the servers' environment, as they do. */
interface RunnerSettings {
  readonly webhooks: { readonly settings: WebhookSettings; readonly secrets: SecretSealer }
  readonly leaseMs: number
  readonly disputePolicy: { readonly entrustmentReceipt?: Counted }
}
/** The runner's settings from the environment, or undefined once a refused one is written (the exit is then 2). */
const settingsFromEnv = (io: ProcessesIo, dataDir: string): RunnerSettings | undefined => {
  const webhooks = webhooksFromEnv(io, dataDir)
  if (webhooks === undefined) return undefined
  const lease = leaseFromEnv(io)
  if (lease === undefined) return undefined
  const disputePolicy = disputePolicyFromEnv(io)
  if (disputePolicy === undefined) return undefined
  return { webhooks, leaseMs: lease.ms, disputePolicy }
}

/**
 * What the runner is given over either store: the servers' case types counting with the log's `calendar` stream (read
 * now, then followed: stop `followed` at the end), the settings, the servers' pauses between passes, and what it says.
 */
const runnerOptions = async (store: EventStore, settings: RunnerSettings, followMs: number, io: ProcessesIo): Promise<{ readonly options: ProcessesOptions; readonly holder: string; readonly followed: { stop(): void } }> => {
  const live = liveCalendar()
  const { calendar } = live
  const inLog = calendarInLog(store, live)
  await inLog.refresh()
  const followed = followCalendar(inLog, { intervalMs: followMs, onChange: () => undefined, onError: (error) => io.stderr.write(`the calendar stream could not be read: ${error instanceof Error ? error.message : String(error)}\n`) })
  const caseTypes = [complaintCase({ calendar }), disputeCase({ calendar, ...settings.disputePolicy })] as unknown as readonly CaseType[]
  const holder = `gridcase processes ${hostname()} pid ${process.pid} ${newId()}`
  const options: ProcessesOptions = {
    store,
    caseTypes,
    calendar: inLog,
    holder,
    clock: systemClock,
    scheduler: {},
    webhooks: settings.webhooks,
    // The servers' pauses between passes (LIVE_PASSES): 20 ms apart, up to 100 ms at a low rate.
    ...LIVE_PASSES,
    leaseMs: settings.leaseMs,
    onActive: (name, active) => io.stdout.write(`${active ? 'active' : 'inactive'} ${name}\n`),
    onError: (name, error) => io.stderr.write(`process ${name} stopped following the log (it tries again): ${error instanceof Error ? error.message : String(error)}\n`),
    onRefused: (name, event, command, error) => io.stderr.write(`process ${name}: event ${event.eventId}: ${command === undefined ? 'the event' : `${command.command} on ${command.caseId}`} refused: ${error.code}: ${error.message}\n`),
  }
  return { options, holder, followed }
}

/**
 * Why `path` is not a read-model file a server keeps (its `dashboard_deadlines`, which the deadline scheduler reads),
 * or undefined: only read, never made, so a mistyped path makes no file, and the log or another SQLite file given in its
 * place is not written into (found: a new file with checkpoints, leases and an outbox but no read models, then "no
 * such table: dashboard_deadlines", exit 3).
 */
const readModelProblem = (path: string): string | undefined => {
  if (!existsSync(path)) return `no read-model file at ${path} (the processes work from the read models a server over this store keeps, in read-models.sqlite beside its log: start one first, or give that file's path)`
  if (statSync(path).isDirectory()) return `${path} is a folder, not a read-model file (give the server's read-models.sqlite)`
  let db: Database.Database | undefined
  try {
    // Only read, on a connection that may write: a read-only one leaves the `-shm` and `-wal` it makes for a WAL file behind.
    db = new Database(path, { fileMustExist: true })
    if (!sqliteHasTable(db, 'dashboard_deadlines')) return `${path} holds no read models (no dashboard_deadlines table: ${sqliteHasTable(db, 'events') ? 'the event store' : 'another SQLite file'}; give the server's read-models.sqlite)`
    return undefined
  } catch (error) {
    return `${path} cannot be read as a read-model file: ${error instanceof Error ? error.message : String(error)}`
  } finally {
    db?.close()
  }
}

export const PROCESSES_USAGE = `usage: gridcase processes [--db <path>] [--read-model <path>]
       gridcase processes --database-url <postgres://…> [--schema <name>] [--data <dir>]

Runs the processes (referral both ways: a complaint referred to mediation opens its dispute; the dispute's
conclusion is recorded back on the complaint; the deadline scheduler: due-soon and overdue reminders, automatic
urging 24 h after a deadline; outbound webhooks: the outbox fed and delivered, GRIDCASE_WEBHOOK_* as the servers;
the calendar: every open case re-based once after a holiday schedule is loaded, and a deadline counted with a
replaced calendar counted again) beside servers started with GRIDCASE_PROCESSES=off, until
SIGTERM or SIGINT. One runner per process name is active at a time: a lease row in the read-model file, taken
over by another runner once the holder stops renewing it (GRIDCASE_PROCESS_LEASE_MS, as the servers; default 15000).

options:
  --db <path>           the SQLite event store the servers write (default ./data/gridcase.sqlite)
  --read-model <path>   the servers' read-model file, which also keeps checkpoints and leases (default read-models.sqlite
                        beside --db, as the server keeps it); must exist and hold the read models: never made here
  --database-url <url>  the PostgreSQL database the servers write instead (or DATABASE_URL): checkpoints, leases and
                        the webhook outbox are rows in its schema, one active runner per name across every server and runner over it
  --schema <name>       the PostgreSQL schema (default DATABASE_SCHEMA or gridcase)
  --data <dir>          with --database-url: the servers' DATA_DIR, where the development key for webhook secrets is kept when none is configured (default ./data); holiday schedules are read from the log
  -h, --help            this text

environment: PERSONAL_DATA_ENCRYPTION (on | off, default on) as the servers have it: beside PostgreSQL, 'on' reads
  sealed personal fields opened and seals what the processes write, with the keys in the schema. DATABASE_STATEMENT_TIMEOUT_MS
  is not read: the processes are the servers' background work, which they do not bound either`

export interface ProcessesIo {
  readonly stdout: { write(s: string): unknown }
  readonly stderr: { write(s: string): unknown }
  /** Resolves when the runner should stop (default: SIGTERM or SIGINT). */
  readonly stopped?: Promise<void>
}

const signalled = (): Promise<void> =>
  new Promise((resolve) => {
    process.once('SIGTERM', () => resolve())
    process.once('SIGINT', () => resolve())
  })

/** `gridcase processes`: the processes as their own OS process, until stopped. Exit 0 stopped, 2 usage, 3 failure. */
export const runProcessesCli = async (argv: readonly string[], io: ProcessesIo): Promise<number> => {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        db: { type: 'string' },
        'read-model': { type: 'string' },
        'database-url': { type: 'string' },
        schema: { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    io.stderr.write(`gridcase processes: ${error instanceof Error ? error.message : String(error)}\n\n${PROCESSES_USAGE}\n`)
    return 2
  }
  if (values.help === true) {
    io.stdout.write(`${PROCESSES_USAGE}\n`)
    return 0
  }
  const followMs = calendarFollowMs(process.env['GRIDCASE_CALENDAR_REFRESH_MS'])
  if (typeof followMs === 'string') {
    io.stderr.write(`gridcase processes: ${followMs}\n`)
    return 2
  }
  // As the servers read it (unset or empty: on); anything else is refused, not read as on.
  const encryption = process.env.PERSONAL_DATA_ENCRYPTION ?? ''
  if (!['', 'on', 'off'].includes(encryption)) {
    io.stderr.write(`gridcase processes: PERSONAL_DATA_ENCRYPTION: expected on or off; got '${encryption}'\n`)
    return 2
  }
  const databaseUrl = values['database-url'] ?? (values.db === undefined ? process.env.DATABASE_URL : undefined)
  if (databaseUrl !== undefined && databaseUrl !== '') {
    // A bad value is named where it came from: the flag, or the servers' variable.
    const from = {
      url: values['database-url'] === undefined ? 'DATABASE_URL' : '--database-url',
      schema: values.schema === undefined ? 'DATABASE_SCHEMA' : '--schema',
    }
    return runBesidePostgres(databaseUrl, values.schema ?? process.env.DATABASE_SCHEMA ?? 'gridcase', values.data ?? './data', followMs, io, from)
  }
  const db = values.db ?? './data/gridcase.sqlite'
  // Never a new, empty log: the processes follow the one the servers write.
  if (!existsSync(db)) {
    io.stderr.write(`gridcase processes: no event store at ${db} (give its path with --db)\n`)
    return 2
  }
  const folder = folderNotStore(db) ?? notEventLog(db)
  if (folder !== undefined) {
    io.stderr.write(`gridcase processes: ${folder}\n`)
    return 2
  }
  // The webhook delivery settings and the key for signing secrets are the servers' (packages/http/README.md).
  const settings = settingsFromEnv(io, dirname(db))
  if (settings === undefined) return 2
  // The read models a server keeps: never a new file for a mistyped --read-model, nor tables written into another file.
  const readModel = values['read-model'] ?? join(dirname(db), 'read-models.sqlite')
  const problem = readModelProblem(readModel)
  if (problem !== undefined) {
    io.stderr.write(`gridcase processes: --read-model: ${problem}\n`)
    return 2
  }
  const stopped = io.stopped ?? signalled()
  // Sealed personal fields (PERSONAL_DATA_ENCRYPTION=on) are read opened, as the server reads them: a referral copies
  // the complainant, not a sealed marker. With nothing sealed in the file this reads exactly as the plain store; the
  // processes append no event type with personal fields, so nothing is sealed here.
  const store = sealedSqliteStore({ path: db })
  let running: SqliteProcessRunner | undefined
  let followed: { stop(): void } | undefined
  // Whatever fails from here, the store, the calendar's following and the runner are closed (before, a runner that
  // could not be made left the store open).
  try {
    const given = await runnerOptions(store, settings, followMs, io)
    followed = given.followed
    running = sqliteProcessRunner({ path: readModel, ...given.options })
    running.start()
    io.stdout.write(`processes running as ${given.holder}\n`)
    await stopped
    return 0
  } catch (error) {
    io.stderr.write(`gridcase processes: ${error instanceof Error ? error.message : String(error)}\n`)
    return 3
  } finally {
    followed?.stop()
    await running?.close()
    await store.close()
  }
}

/** Beside PostgreSQL: the store, checkpoints and leases in the servers' database; runs until stopped. */
const runBesidePostgres = async (
  connectionString: string,
  schema: string,
  dataDir: string,
  followMs: number,
  io: ProcessesIo,
  from: { readonly url: string; readonly schema: string },
): Promise<number> => {
  if (!/^postgres(ql)?:\/\/\S+$/.test(connectionString)) {
    io.stderr.write(`gridcase processes: ${from.url}: expected a postgres:// or postgresql:// connection string\n`)
    return 2
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    io.stderr.write(`gridcase processes: ${from.schema}: expected lower-case letters, digits and _, at most 63\n`)
    return 2
  }
  // The webhook delivery settings and the key are the servers'; the outbox is the servers' too, in the schema.
  const settings = settingsFromEnv(io, dataDir)
  if (settings === undefined) return 2
  const stopped = io.stopped ?? signalled()
  // As the servers seal (their PERSONAL_DATA_ENCRYPTION, default on): a referral reads the complainant opened and the
  // dispute it opens is sealed, the keys in the schema beside the servers'.
  const sealing = process.env.PERSONAL_DATA_ENCRYPTION !== 'off'
  // PostgreSQL's driver, stores and runner, imported here only: a runner beside SQLite loads no pg (tests/cli-lazy-loading.test.ts).
  const [{ postgresProcessRunner }, { postgresEventStore }, { sealedPostgresStore }] = await Promise.all([
    import('../processes/postgresRunner.js'),
    import('../postgres/store.js'),
    import('../privacy/postgresSealed.js'),
  ])
  const store = (sealing ? sealedPostgresStore : postgresEventStore)({ connectionString, schema, maxConnections: 4 })
  let running: SqliteProcessRunner | undefined
  let followed: { stop(): void } | undefined
  try {
    await store.ready
    const given = await runnerOptions(store, settings, followMs, io)
    followed = given.followed
    const { holder } = given
    running = postgresProcessRunner({ home: { pool: store.pool, schema }, ...given.options })
    running.start()
    io.stdout.write(`processes running as ${holder}\n`)
    await stopped
    return 0
  } catch (error) {
    // Never the connection string: it may carry a password.
    io.stderr.write(`gridcase processes: the PostgreSQL database could not be used: ${error instanceof Error ? error.message : String(error)}\n`)
    return 3
  } finally {
    followed?.stop()
    await running?.close()
    await store.close()
  }
}
