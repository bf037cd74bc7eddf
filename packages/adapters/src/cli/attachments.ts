import { existsSync, statSync } from 'node:fs'
import { folderNotStore, notEventLog } from './dbPath.js'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { EventStore } from '@gridcase/core'
import { collectAttachmentGarbage, collectStrayFiles, DEFAULT_GRACE_DAYS } from '../attachments/gc.js'
import { fileAttachmentStore } from '../attachments/fileStore.js'
import type { AttachmentStore } from '../attachments/store.js'
import { referencesInStore } from '../attachments/verify.js'
import { poolBound, statementTimeoutFor } from './statementTimeout.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { commandArgs } from './commandArgs.js'
import { postgresUrlProblem } from './args.js'

export const ATTACHMENTS_USAGE = `usage: gridcase attachments gc [--db <path>] [--dir <path>] [--grace-days <n>] [--dry-run] [--json]
       gridcase attachments gc --database-url <postgres://…> [--schema <name>] [--grace-days <n>] [--dry-run] [--json]

Removes uploaded files (POST /api/v1/attachments) that no event names, once uploaded more than --grace-days ago
(default ${DEFAULT_GRACE_DAYS}): an upload waits that long for the command that attaches it. A file an event names is never
removed. Which files are named is read from the log itself (opened read-only). Run it as a daily job (cron, a
systemd timer); it keeps no state, so a missed run is caught up by the next.

options:
  --db <path>            the SQLite event store (default ./data/gridcase.sqlite)
  --dir <path>           the attachments directory (default attachments/ beside --db, as the server keeps it); must
                         be the one a server made (with its index.sqlite): never made here
  --database-url <url>   PostgreSQL: the log and the attachments in that database (--schema, default gridcase)
  --grace-days <n>       keep unnamed uploads this many days (default ${DEFAULT_GRACE_DAYS})
  --dry-run              say what would be removed; remove nothing
  --json                 machine-readable output
  -h, --help             this text

environment: DATABASE_STATEMENT_TIMEOUT_MS (with --database-url): the longest a statement may take, ms; unset or 0, no
  bound (a batch over the log and every file); past it the command stops, exit 3

exit codes: 0 ok, 2 usage or input error, 3 failure`

export interface AttachmentsIo {
  readonly stdout: { write(s: string): unknown }
  readonly stderr: { write(s: string): unknown }
  /** Now, in ms since the epoch (the test seam; default the system clock). */
  readonly now?: () => number
}

/** `gridcase attachments gc`. */
/** Why `dir` is not the attachments directory a server keeps (`attachments/` beside its log, with its index.sqlite), or undefined. */
const attachmentsDirProblem = (dir: string): string | undefined => {
  if (!existsSync(dir)) return `no attachments directory at ${dir} (a server over this store keeps its uploads in attachments/ beside its log, and makes it at start: give that directory's path)`
  if (!statSync(dir).isDirectory()) return `${dir} is a file, not an attachments directory`
  if (!existsSync(join(dir, 'index.sqlite'))) return `${dir} holds no attachments (no index.sqlite: another folder; give the server's attachments directory)`
  return undefined
}

export const runAttachmentsCli = async (argv: readonly string[], io: AttachmentsIo): Promise<number> => {
  const parsed = commandArgs(
    argv,
    {
      db: { type: 'string' },
      dir: { type: 'string' },
      'database-url': { type: 'string' },
      schema: { type: 'string' },
      'grace-days': { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    { prefix: 'gridcase attachments', usage: ATTACHMENTS_USAGE },
    (s) => io.stdout.write(s),
    (s) => io.stderr.write(s),
  )
  if (typeof parsed === 'number') return parsed
  const { values, positionals } = parsed
  const usage = (message: string): number => {
    io.stderr.write(`gridcase attachments: ${message}\n\n${ATTACHMENTS_USAGE}\n`)
    return 2
  }
  if (positionals[0] !== 'gc' || positionals.length > 1) return usage(positionals[0] === undefined ? 'missing command: gc' : `unknown command '${positionals.join(' ')}': expected gc`)
  const graceText = values['grace-days'] ?? String(DEFAULT_GRACE_DAYS)
  if (!/^\d{1,4}$/.test(graceText)) return usage('--grace-days: expected a whole number of days (0 or more)')
  const graceMs = Number(graceText) * 86_400_000
  const db = values.db ?? './data/gridcase.sqlite'
  const url = values['database-url']
  const urlProblem = url === undefined ? undefined : postgresUrlProblem(url)
  if (urlProblem !== undefined) return usage(urlProblem)
  // A batch over the whole log and every file: no statement bound unless DATABASE_STATEMENT_TIMEOUT_MS sets one.
  const bound = statementTimeoutFor('batch')
  if (url !== undefined && 'problem' in bound) return usage(bound.problem)
  if (url === undefined && !existsSync(db)) return usage(`no event store at ${db} (give its path with --db)`)
  // A folder, or a SQLite file with no log (the servers' read-model file): said as every command says it, before the
  // attachments directory beside it is looked for (before: "--dir: no attachments directory", or "no such table: events").
  const folder = url === undefined ? (folderNotStore(db) ?? notEventLog(db)) : undefined
  if (folder !== undefined) return usage(folder)
  const dir = values.dir ?? join(dirname(db), 'attachments')
  // The directory a server keeps (it makes it, with its index.sqlite, at start): looked at, never made here — a
  // mistyped --dir was made, with an empty index, and the run said nothing was there to remove (exit 0).
  const dirProblem = url === undefined ? attachmentsDirProblem(dir) : undefined
  if (dirProblem !== undefined) return usage(`--dir: ${dirProblem}`)
  let log: EventStore | undefined
  let files: AttachmentStore | undefined
  try {
    if (url === undefined) {
      log = sqliteEventStore({ path: db, readonly: true })
      files = fileAttachmentStore(dir)
    } else {
      // PostgreSQL's driver and stores, imported for --database-url only: a gc beside SQLite loads no pg (tests/cli-lazy-loading.test.ts).
      const [{ postgresEventStore }, { postgresAttachmentStore }, { heardPool }, { checkSchema, isSchemaProblem }] = await Promise.all([
        import('../postgres/store.js'),
        import('../attachments/postgresStore.js'),
        import('../postgres/pool.js'),
        import('../postgres/schema.js'),
      ])
      // The servers' store, checked first on a read-only connection of its own: the stores below create (migrate) their
      // schema, so a mistyped --schema became a new, empty store, and the gc said nothing was there (exit 0).
      const schema = values.schema ?? 'gridcase'
      const check = heardPool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000, application_name: 'gridcase-attachments', options: '-c default_transaction_read_only=on', ...poolBound('ms' in bound ? bound.ms : undefined) })
      try {
        await checkSchema(check, schema, 'read')
      } catch (error) {
        if (!isSchemaProblem(error)) throw error
        return usage(error instanceof Error ? error.message : String(error))
      } finally {
        await check.end()
      }
      const pg = postgresEventStore({ connectionString: url, statementTimeoutMs: 'ms' in bound ? bound.ms : undefined, schema })
      log = pg
      // The gc takes no upload: the system's temporary folder, which is there, stands for the uploads folder a server
      // keeps (made by the store when missing: was ./data/uploads wherever the command ran).
      files = postgresAttachmentStore({ pool: pg.pool, schema: pg.schema, tempDir: tmpdir() })
    }
    const named = new Set((await referencesInStore(log)).map((r) => r.sha256))
    const now = (io.now ?? Date.now)()
    const options = { referenced: (sha256: string) => named.has(sha256), now, graceMs, dryRun: values['dry-run'] === true }
    const removed = await collectAttachmentGarbage(files, options)
    const recorded = new Set((await files.list()).map((f) => f.sha256))
    const stray = url === undefined ? await collectStrayFiles(dir, (sha256) => recorded.has(sha256) || named.has(sha256), options) : []
    const verb = values['dry-run'] === true ? 'would remove' : 'removed'
    io.stdout.write(
      values.json === true
        ? `${JSON.stringify({ dryRun: values['dry-run'] === true, removed: removed.map((f) => ({ sha256: f.sha256, size: f.size, uploadedAt: f.uploadedAt })), stray })}\n`
        : `${verb} ${removed.length} unnamed upload(s) older than ${graceText} days, ${stray.length} stray file(s); ${named.size} named file(s) kept\n${removed.map((f) => `  ${f.sha256} (${f.size} bytes, uploaded ${f.uploadedAt})\n`).join('')}`,
    )
    return 0
  } catch (error) {
    io.stderr.write(`gridcase attachments: ${error instanceof Error ? error.message : String(error)}\n`)
    return 3
  } finally {
    await files?.close()
    await log?.close()
  }
}
