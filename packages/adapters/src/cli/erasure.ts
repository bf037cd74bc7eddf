import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { decode, IsoTimestamp, type EventStore } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { fileAttachmentStore } from '../attachments/fileStore.js'
import { eraseCase, erasePostgresCase, type EraseOutcome, type EraseRequest } from '../privacy/erasure.js'
import { poolBound, statementTimeoutFor } from './statementTimeout.js'
import { DEFAULT_RETENTION, dueForErasure, parseRetention, type RetentionConfig } from '../privacy/retention.js'
import { sqliteSubjectKeys } from '../privacy/subjectKeys.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { commandArgs } from './commandArgs.js'
import { notEventLog } from './dbPath.js'
import { postgresUrlProblem } from './args.js'

export const ERASURE_USAGE = `usage: gridcase erasure <command> [options]

commands:
  due                       list the closed complaints and disputes whose personal data is due for erasure (retention ended)
      --retention <file>    JSON: {"complaint": <days>, "dispute": <days>, "categories": {"<category>": <days>}}
                            (default: 1095 days; a dispute without its own period takes the complaint's; a category
                            key applies to both types, complaint:<category> or dispute:<category> to one; a case ends
                            when closed, or a complaint rejected or merged)
      --as-of <ISO time>    due as of that moment (default: now)
  erase <caseId>            erase the case's personal data: records the erasure (on the 'erasures' stream), then
                            destroys the data subjects' keys and deletes the case's personal-document files
                            (kinds id-document, agreement, consent, application, signature); every view then
                            reads "erased" and verify still passes
                            (a complaint's or a dispute's id, bare or as its stream id complaint-… / dispute-…)
      --legal-basis <text>  required: the legal basis (e.g. 个人信息保护法 第四十七条 …)
      --approver <id>       required: who approved it
      --actor <id>          the admin running it (default: the user running the command)

options:
  --db <path>               SQLite event store (default ./data/gridcase.sqlite); must exist
  --attachments <dir>       SQLite: the attachments directory (default: attachments/ beside --db)
  --database-url <url>      PostgreSQL: the log, its keys and its attachments in that database (instead of --db)
  --schema <name>           PostgreSQL: the store's schema (default gridcase); must exist, never created
                            (due reads it in a read-only session)
  --json                    machine-readable output
  -h, --help                this text

environment: DATABASE_STATEMENT_TIMEOUT_MS (with --database-url): the longest a statement may take, ms (default 30000,
  as the servers' requests; 0: no bound); past it the command stops, exit 3

exit codes: 0 ok, 2 usage or input error, 3 failure`

type Out = (text: string) => void

/** PostgreSQL's driver and stores, imported for --database-url only: an erasure beside SQLite loads no pg. */
const postgresParts = async () => {
  const [{ postgresAttachmentStore }, { heardPool }, { checkSchema, isSchemaProblem }, { sealedPostgresStore }] = await Promise.all([
    import('../attachments/postgresStore.js'),
    import('../postgres/pool.js'),
    import('../postgres/schema.js'),
    import('../privacy/postgresSealed.js'),
  ])
  return { postgresAttachmentStore, heardPool, checkSchema, isSchemaProblem, sealedPostgresStore }
}

/**
 * Whether `schema` holds a gridcase event store of this build, on a short read-only connection of its own: the error
 * naming what is missing, else undefined. `erase` writes, so its store is not read-only, and a store opened for writing
 * creates (migrates) its schema: checked first, a mistyped --schema is refused instead of becoming a new, empty log.
 */
const schemaProblem = async (url: string, schema: string, bound: number | undefined): Promise<unknown> => {
  const { heardPool, checkSchema } = await postgresParts()
  const pool = heardPool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000, application_name: 'gridcase-erasure', options: '-c default_transaction_read_only=on', ...poolBound(bound) })
  try {
    await checkSchema(pool, schema, 'write')
    return undefined
  } catch (error) {
    return error
  } finally {
    await pool.end()
  }
}

/**
 * A PostgreSQL store or schema check that failed: a schema refused is the command line's (exit 2, the message as is); the
 * database failing under it — not reachable, a login refused, the connection ended — exit 3, said as such.
 */
const failed = async (error: unknown, err: Out): Promise<2 | 3> => {
  const { isSchemaProblem } = await postgresParts()
  const message = error instanceof Error ? error.message : String(error)
  if (isSchemaProblem(error)) {
    err(`gridcase erasure: ${message}\n`)
    return 2
  }
  err(`gridcase erasure: the PostgreSQL database could not be used: ${message}\n`)
  return 3
}

/** The SQLite log `db` and its key store, or why they could not be opened (the file named: not a database, read-only, …). */
const openSqlite = (db: string, readonly: boolean): { readonly store: ReturnType<typeof sqliteEventStore>; readonly keys: ReturnType<typeof sqliteSubjectKeys> } | string => {
  let store: ReturnType<typeof sqliteEventStore> | undefined
  try {
    store = sqliteEventStore({ path: db, readonly })
    return { store, keys: sqliteSubjectKeys(db, { readonly }) }
  } catch (error) {
    void store?.close()
    return `cannot open the event store ${db}: ${error instanceof Error ? error.message : String(error)}`
  }
}

/** `gridcase erasure …`: the exit code; writes to `out` and `err`. `now` and `user` are the caller's clock and login. */
export const runErasureCli = async (argv: readonly string[], out: Out, err: Out, env: { readonly now: () => string; readonly user: string }): Promise<number> => {
  const parsed = commandArgs(
    argv,
    {
      db: { type: 'string' },
      attachments: { type: 'string' },
      'database-url': { type: 'string' },
      schema: { type: 'string' },
      json: { type: 'boolean' },
      retention: { type: 'string' },
      'as-of': { type: 'string' },
      'legal-basis': { type: 'string' },
      approver: { type: 'string' },
      actor: { type: 'string' },
    },
    { prefix: 'gridcase erasure', usage: ERASURE_USAGE },
    out,
    err,
  )
  if (typeof parsed === 'number') return parsed
  const { values, positionals } = parsed
  const usage = (message: string): number => {
    err(`gridcase erasure: ${message}\n`)
    return 2
  }
  const [command, caseId, ...extra] = positionals
  if (command !== 'due' && command !== 'erase') return usage(command === undefined ? 'missing command: due or erase' : `unknown command '${command}': expected due or erase`)
  if (extra.length > 0) return usage(`unexpected argument '${extra[0] ?? ''}'`)
  const db = values.db ?? './data/gridcase.sqlite'
  const url = values['database-url']
  if (url !== undefined && values.db !== undefined) return usage('give --db (SQLite) or --database-url (PostgreSQL), not both')
  const urlProblem = url === undefined ? undefined : postgresUrlProblem(url)
  if (urlProblem !== undefined) return usage(urlProblem)
  // Beside PostgreSQL each statement is bounded as a server's request is (DATABASE_STATEMENT_TIMEOUT_MS, 30 s by default):
  // a lock another session holds is exit 3, said, not a wait without end.
  const bound = statementTimeoutFor('quick')
  if (url !== undefined && 'problem' in bound) return usage(bound.problem)
  const statementTimeoutMs = 'ms' in bound ? bound.ms : undefined
  // Never a new, empty file for a mistyped path.
  if (url === undefined && !existsSync(db)) return usage(`no event store at ${db} (give its path with --db)`)
  // Nor the log's tables made in another SQLite file (the servers' read-model file).
  const notLog = url === undefined ? notEventLog(db) : undefined
  if (notLog !== undefined) return usage(notLog)
  const json = values.json === true

  if (command === 'due') {
    if (caseId !== undefined) return usage(`unexpected argument '${caseId}'`)
    let retention: RetentionConfig = DEFAULT_RETENTION
    if (values.retention !== undefined) {
      if (!existsSync(values.retention)) return usage(`--retention: no file at ${values.retention}`)
      let raw: unknown
      try {
        raw = JSON.parse(readFileSync(values.retention, 'utf8'))
      } catch {
        return usage(`--retention: ${values.retention} is not JSON`)
      }
      const decoded = parseRetention(raw)
      if (E.isLeft(decoded)) return usage(`--retention: ${decoded.left}`)
      retention = decoded.right
    }
    const asOf = values['as-of'] ?? env.now()
    if (E.isLeft(decode(IsoTimestamp, asOf))) return usage(`--as-of: expected an ISO time (e.g. 2026-03-01T00:00:00Z), got '${asOf}'`)
    // Read-only: listing never writes the log or the key table. Beside PostgreSQL a read-only session, the schema
    // checked and never created or migrated (as the audit CLI's): a missing schema is an error naming it.
    const pgStore = url === undefined ? undefined : (await postgresParts()).sealedPostgresStore({ connectionString: url, readOnly: true, maxConnections: 2, statementTimeoutMs, ...(values.schema === undefined ? {} : { schema: values.schema }) })
    if (pgStore !== undefined) {
      try {
        await pgStore.unsealed.ready
      } catch (error) {
        await pgStore.close()
        return failed(error, err)
      }
    }
    let store: EventStore
    let keys: ReturnType<typeof sqliteSubjectKeys> | NonNullable<typeof pgStore>['keys']
    if (pgStore !== undefined) {
      store = pgStore.unsealed
      keys = pgStore.keys
    } else {
      const opened = openSqlite(db, true)
      if (typeof opened === 'string') {
        err(`gridcase erasure: ${opened}\n`)
        return 3
      }
      ;({ store, keys } = opened)
    }
    try {
      const due = await dueForErasure(store, keys, retention, asOf, (unmatched) =>
        err(`gridcase erasure: warning: --retention names ${unmatched.length === 1 ? 'a category' : 'categories'} no case in the log is filed under: ${unmatched.join(', ')} (a typo? a bare name applies to both case types, complaint:<category> or dispute:<category> to one)\n`),
      )
      if (json) out(`${JSON.stringify({ asOf, due })}\n`)
      else if (due.length === 0) out(`nothing due for erasure as of ${asOf}\n`)
      else out(`${due.length} case(s) due for erasure as of ${asOf}:\n${due.map((d) => `  ${d.streamId}  ${d.category}  closed ${d.closedAt}  kept ${d.retentionDays} days  due ${d.dueAt}\n`).join('')}`)
      return 0
    } catch (error) {
      err(`gridcase erasure: ${error instanceof Error ? error.message : String(error)}\n`)
      return 3
    } finally {
      await (pgStore ?? store).close()
      keys.close()
    }
  }

  if (caseId === undefined) return usage('erase needs a case id: gridcase erasure erase <caseId> --legal-basis … --approver …')
  if (values.attachments !== undefined && !existsSync(values.attachments)) return usage(`--attachments: no directory at ${values.attachments}`)
  const legalBasis = values['legal-basis']?.trim() ?? ''
  const approver = values.approver?.trim() ?? ''
  if (legalBasis === '') return usage('--legal-basis is required: the legal basis of the erasure')
  if (approver === '') return usage('--approver is required: who approved the erasure')
  const actorId = (values.actor ?? env.user).trim()
  if (actorId === '') return usage('--actor: expected the id of the admin running it, got an empty one')
  // The case's personal-document files go with it: from the attachments directory beside the SQLite file, or the schema.
  let erase: (request: EraseRequest) => Promise<EraseOutcome>
  let store: EventStore
  let closeAll: () => Promise<void>
  if (url === undefined) {
    const opened = openSqlite(db, false)
    if (typeof opened === 'string') {
      err(`gridcase erasure: ${opened}\n`)
      return 3
    }
    const { store: sqlite, keys } = opened
    const dir = values.attachments ?? join(dirname(db), 'attachments')
    // No directory where the server keeps files: it never kept any (a mistyped --attachments is an error, below).
    const attachments = existsSync(dir) ? fileAttachmentStore(dir) : undefined
    store = sqlite
    erase = (request) => eraseCase(sqlite, keys, request, attachments)
    closeAll = async () => {
      await attachments?.close()
      await sqlite.close()
      keys.close()
    }
  } else {
    const problem = await schemaProblem(url, values.schema ?? 'gridcase', statementTimeoutMs)
    if (problem !== undefined) return failed(problem, err)
    const { sealedPostgresStore, postgresAttachmentStore } = await postgresParts()
    const pgStore = sealedPostgresStore({ connectionString: url, statementTimeoutMs, ...(values.schema === undefined ? {} : { schema: values.schema }) })
    // An erasure takes no upload: the system's temporary folder, which is there, stands for the uploads folder a server
    // keeps (made by the store when missing: was ./data/uploads wherever the command ran).
    const attachments = postgresAttachmentStore({ pool: pgStore.pool, schema: pgStore.schema, tempDir: tmpdir() })
    store = pgStore.unsealed
    erase = (request) => erasePostgresCase(pgStore.unsealed, pgStore.keys, request, attachments)
    closeAll = async () => {
      await attachments.close()
      await pgStore.close()
    }
  }
  try {
    // A stream id as given (`complaint-…`, `dispute-…`), else the bare id of the complaint or dispute that exists.
    const candidates = /^(complaint|dispute)-/.test(caseId) ? [caseId] : [`complaint-${caseId}`, `dispute-${caseId}`]
    let streamId = candidates[0] ?? caseId
    for (const candidate of candidates) {
      if ((await store.readStream(candidate, { toVersion: 0 })).length > 0) {
        streamId = candidate
        break
      }
    }
    const outcome = await erase({ streamId, legalBasis, approver, actorId, at: env.now() })
    if (outcome.kind === 'no-case') return usage(`no case ${caseId} in the store`)
    if (outcome.kind === 'nothing-sealed') return usage(`case ${caseId} holds no personal data to erase`)
    const documents =
      (outcome.idDocumentsErased.length === 0 ? '' : `; ${outcome.idDocumentsErased.length} identity-document file(s) deleted`) +
      (outcome.personalDocumentsErased.length === 0 ? '' : `; ${outcome.personalDocumentsErased.length} other personal-document file(s) deleted`)
    out(json ? `${JSON.stringify({ streamId, ...outcome })}\n` : `erased ${outcome.subjects.join(', ')} (recorded at position ${outcome.position})${documents}\n`)
    if (outcome.inClear.length > 0) {
      err(
        `gridcase erasure: note: the log holds personal data of ${outcome.inClear.join(', ')} in clear (written before it was sealed, or with sealing off): ` +
          'every view of a server that seals personal data reads it "erased" from now on, but the log keeps it as written, and a server with ' +
          'PERSONAL_DATA_ENCRYPTION=off shows it (docs/erasure.md)\n',
      )
    }
    return 0
  } catch (error) {
    err(`gridcase erasure: ${error instanceof Error ? error.message : String(error)}\n`)
    return 3
  } finally {
    await closeAll()
  }
}
