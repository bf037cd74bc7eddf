import { existsSync, readFileSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import type { Writable } from 'node:stream'
import type { EventStore, RecordedEvent, StreamVersion } from '@gridcase/core'
import { decode, verifyStream } from '@gridcase/core'
import { caseAsOf, clockLines, clockScan, describeFinding, historyView, SignedTreeHeadCodec, type AsOf, type HistoryEntry, type SignedTreeHead } from '@gridcase/core/audit'
import { maskPersonalDataAndNames, reporterHidden, withoutReporterAccount } from '@gridcase/core/privacy'
import { maskedCaseHistoryRead } from '../privacy/caseNames.js'
import { describeErasureFinding, erasureScan, opensWith, sqliteKeyRows, wrongKeysInPages, type ErasureAudit, type KeyRowState } from '../audit/erasureAudit.js'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { auditPostgresLog, auditSqliteLog, postgresStoredHeads, wellFormedHead } from '../audit/auditTree.js'
import { exportLog } from '../audit/export.js'
import { headVerifier, type HeadVerifier } from '../audit/signingKey.js'
import { sqliteTreeHeads } from '../audit/treeHeads.js'
import { verifyStore, verifyStoreStream } from '../audit/verify.js'
import { nodeSha256Hex } from '../sqlite/nodeHash.js'
import { checkAttachmentFile } from '../attachments/fileStore.js'
import { attachmentLogOf, describeAttachmentFinding, verifyReferences, type AttachmentVerification } from '../attachments/verify.js'
import { openReadOnlyFile, sqliteHasTable } from '../sqlite/open.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { parseCli, USAGE, type CliCommand } from './args.js'
import { cannotWriteOut, openOut, type AtomicFile } from './atomicFile.js'
import { sealedStore } from '@gridcase/core/privacy'
import { aesGcmFieldCipher, sqliteSubjectKeys } from '../privacy/subjectKeys.js'
import { statementTimeoutFor } from './statementTimeout.js'
import type { PostgresEventStore } from '../postgres/store.js'
import type { AttachmentCheck } from '../attachments/store.js'
import { progressBar, type ProgressOutput } from './progress.js'

// The other commands (calendar, import, erasure), PostgreSQL's drivers and rebuild's read models are imported where they
// are used: an audit of a SQLite file, or --help, loads neither pg nor the projections (tests/cli-lazy-loading.test.ts).

export const EXIT = { ok: 0, brokenChain: 1, usage: 2, failure: 3 } as const

export interface CliIo {
  readonly stdout: Writable
  readonly stderr: Writable & ProgressOutput
  /** Opens the event store for `--db` (the test seam; default: the SQLite store, which must exist). */
  readonly openStore?: (path: string) => EventStore
  /** How many events the log holds, for the progress bar; undefined when unknown. */
  readonly logSize?: (path: string) => number | undefined
}

class UsageError extends Error {}

const sqliteLogSize = (path: string): number | undefined => {
  const { db } = openReadOnlyFile(path)
  try {
    return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n
  } finally {
    db.close()
  }
}

/** `path`, which must be a file: a usage error naming it, and what it is, otherwise. */
const fileAt = (path: string, what: string, missing: string): string => {
  if (!existsSync(path)) throw new UsageError(missing)
  if (statSync(path).isDirectory()) throw new UsageError(`${path} is a folder, not ${what}`)
  return path
}
const logFileAt = (path: string): string => fileAt(path, 'an event store (give the log\'s file with --db)', `no event store at ${path} (give its path with --db)`)

const openSqlite = (path: string): EventStore => {
  // Auditing a file that is not there must not create an empty one and then call it verified; nor is a folder a log
  // (found in review: "disk I/O error", exit 3).
  logFileAt(path)
  // A SQLite file that holds no log (a read-model file; an empty file is an empty database) is named as such (was
  // "no such table: events", exit 3, from the first read).
  const { db } = openReadOnlyFile(path)
  try {
    if (!sqliteHasTable(db, 'events')) throw new UsageError(`${path} holds no event log (no events table: a read-model file, or another SQLite database; give the log's file with --db)`)
  } finally {
    db.close()
  }
  // Read-only: an auditor works on a copy (often 0444); an audit tool never writes the log.
  return sqliteEventStore({ path, readonly: true })
}

/** A receipt file: one signed tree head as JSON, decoded (outside input). */
const readReceipt = (file: string): SignedTreeHead => {
  fileAt(file, 'a receipt', `no receipt at ${file}`)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    throw new UsageError(`${file} is not JSON`)
  }
  const decoded = decode(SignedTreeHeadCodec, json)
  if (E.isLeft(decoded)) throw new UsageError(`${file} is not a receipt: ${decoded.left.code === 'validation' ? decoded.left.errors.map((e) => `${e.path}: ${e.message}`).join('; ') : decoded.left.message}`)
  return decoded.right
}

const readPublicKeys = (files: readonly string[]): HeadVerifier => {
  for (const file of files) fileAt(file, 'a public key', `no public key at ${file}`)
  // Each file on its own: a file that is not an Ed25519 public key (PEM) is named.
  for (const file of files) {
    try {
      headVerifier([readFileSync(file, 'utf8')])
    } catch (error) {
      throw new UsageError(`--public-key ${file}: not an Ed25519 public key in PEM (${error instanceof Error ? error.message : String(error)})`)
    }
  }
  return headVerifier(files.map((file) => readFileSync(file, 'utf8')))
}

/** The signed heads a log file keeps, read-only (none in a file written before heads existed). */
const storedHeads = (path: string): SignedTreeHead[] => {
  logFileAt(path)
  const { db } = openReadOnlyFile(path)
  try {
    if (!sqliteHasTable(db, 'tree_heads')) return []
    return sqliteTreeHeads({ db }).heads()
  } finally {
    db.close()
  }
}

/** Where the log is read: a SQLite file (`--db`), or a PostgreSQL store opened read-only (`--database-url`), as written. */
type Source = { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly unsealed: PostgresEventStore; readonly where: string }

const whereOf = (command: CliCommand, source: Source): string => (source.kind === 'postgres' ? source.where : command.db)

/** A file the log names, re-hashed where PostgreSQL keeps it (`<schema>.attachments`), read only. */
const checkPostgresAttachment = async (store: PostgresEventStore, sha256: string): Promise<AttachmentCheck> => {
  const { tablesOf } = await import('../postgres/schema.js')
  const table = `${tablesOf(store.schema).schema}.attachments`
  const exists = (await store.pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [table])).rows[0]?.found
  if (exists == null) return { status: 'missing' }
  const row = (await store.pool.query<{ actual: string }>(`SELECT encode(sha256(content), 'hex') AS actual FROM ${table} WHERE sha256 = $1`, [sha256])).rows[0]
  return row === undefined ? { status: 'missing' } : row.actual === sha256 ? { status: 'ok' } : { status: 'altered', actual: row.actual }
}

const print = async (out: Writable, text: string): Promise<void> => {
  if (!out.write(text)) await once(out, 'drain')
}

const describeEntry = (h: HistoryEntry): string =>
  [
    `v${h.version}`,
    h.at,
    `${h.actor.id} (${h.actor.role}, ${h.actor.jurisdiction})`,
    h.type,
    `command=${h.commandId}`,
    h.correlationId === h.commandId ? '' : `correlation=${h.correlationId}`,
    h.reason === undefined ? '' : `reason: ${h.reason}`,
  ]
    .filter((s) => s !== '')
    .join('  ')

/** The case types, for history alone (the other commands do not fold cases). */
const caseTypes = async () => {
  const [{ complaint }, { dispute }] = await Promise.all([import('@gridcase/core/complaint'), import('@gridcase/core/dispute')])
  return { complaint, dispute }
}

/** The stream of a case id given bare (`0b6f…`) or as a stream id (`complaint-0b6f…`). */
const findCase = async (store: EventStore, caseId: string): Promise<{ streamId: string; events: readonly RecordedEvent[] } | undefined> => {
  const { complaint, dispute } = await caseTypes()
  for (const streamId of [caseId, ...[complaint, dispute].map((c) => `${c.streamPrefix}${caseId}`)]) {
    const events = await store.readStream(streamId)
    if (events.length > 0) return { streamId, events }
  }
  return undefined
}

/** The case as it stood at a moment, folded by its own case type. */
const stateAt = async (streamId: string, events: readonly RecordedEvent[], moment: AsOf): Promise<{ version: StreamVersion; state: unknown } | undefined> => {
  const { complaint, dispute } = await caseTypes()
  if (streamId.startsWith(complaint.streamPrefix)) return caseAsOf(complaint, events, moment)
  if (streamId.startsWith(dispute.streamPrefix)) return caseAsOf(dispute, events, moment)
  return undefined
}

/** Every file the log's events name, re-hashed where the server keeps them (read only). */
const verifyAttachments = async (store: EventStore, command: Extract<CliCommand, { command: 'verify' }>, source: Source): Promise<AttachmentVerification> => {
  const dir = attachmentFolder(command, source)
  const { references, erasures } = await attachmentLogOf(store)
  const check = dir === undefined && source.kind === 'postgres' ? (sha256: string) => checkPostgresAttachment(source.unsealed, sha256) : (sha256: string) => checkAttachmentFile(dir ?? '', sha256)
  return verifyReferences(command.stream === undefined ? references : references.filter((r) => r.streamId === command.stream), check, erasures)
}

/** The folder verify re-hashes attached files in: --attachments, else attachments/ beside --db (none: PostgreSQL's table). */
const attachmentFolder = (command: Extract<CliCommand, { command: 'verify' }>, source: Source): string | undefined =>
  command.attachments ?? (source.kind === 'postgres' ? undefined : join(dirname(command.db), 'attachments'))

/**
 * The attachments' lines; with a file missing, where verify looked and how to point it elsewhere (found by a newcomer: a
 * copy of the log audited away from the server's data/ named each file missing and said neither).
 */
const attachmentLines = (result: AttachmentVerification, folder: string | undefined, given: boolean): string => {
  if (result.ok) {
    return `ok: ${result.files} attached files named by ${result.references} references, every one intact${result.erased === 0 ? '' : ` but ${result.erased} reference(s) to personal documents deleted with their case's personal data (erasure recorded)`}\n`
  }
  const missing = result.findings.some((f) => f.problem === 'missing')
  // A folder --attachments named is said as such (found in review: it was said to be attachments/ beside --db, and the
  // auditor who had given --attachments was told to give it).
  const where =
    !missing || folder === undefined
      ? ''
      : given
      ? existsSync(folder)
        ? `  the files were looked for in ${folder} (given by --attachments; the server keeps them in DATA_DIR/attachments)\n`
        : `  no folder ${folder} (given by --attachments): name the folder the server's DATA_DIR/attachments was copied to\n`
      : existsSync(folder)
      ? `  the files were looked for in ${folder} (--attachments <dir> names another folder: the server's DATA_DIR/attachments)\n`
      : `  no folder ${folder}: the files are looked for in attachments/ beside --db, as the server keeps them; copy the server's DATA_DIR/attachments there with the log, or give --attachments <dir>\n`
  return `ATTACHMENTS: ${result.findings.length} of ${result.references} references name a missing or altered file\n${result.findings.map((f) => `  ${describeAttachmentFinding(f)}\n`).join('')}${where}`
}

/**
 * `--out`'s file (written beside it, renamed when whole), opened before the log is read (found in review: the whole
 * export ran, then its rename failed, EISDIR); a path it cannot be is a usage error naming it (`openOut`, as evaluation's).
 */
const outFile = async (out: string, options: { readonly replace?: boolean } = {}): Promise<AtomicFile> => {
  const opened = await openOut(out, options)
  if ('problem' in opened) throw new UsageError(opened.problem)
  return opened.file
}

/** Verify, receipts and a sealed export read the log as written (sealed text: no key needed, the hashes cover it). */
const readsAsWritten = (command: CliCommand): boolean =>
  command.command === 'verify' || command.command === 'receipt' || (command.command === 'export' && command.sealed === true)

/**
 * What `verify` reads on the pass that re-computes the chains (with a receipt or not), each event handed to it
 * (`onEvent`): the key table is held to the log (`erasureScan`) and the recorded times read along it (`clockScan`).
 */
const ridingScans = (command: Extract<CliCommand, { command: 'verify' }>) => {
  const scan = erasureScan()
  const clock = clockScan(command['clock-tolerance'])
  return {
    onEvent: (event: RecordedEvent): void => {
      scan.push(event)
      clock.push(event)
    },
    erasures: async (source: Source): Promise<ErasureAudit> => {
      const rows = await keyRowsOf(command, source)
      if (rows === undefined) return scan.result(rows)
      if (source.kind === 'postgres') {
        // The schema's keys of the subjects to try, fetched (read-only) a page of subjects at a time — the keys held stay
        // a page's, whatever the log's size — and tried as beside SQLite.
        const { postgresSubjectKeys } = await import('../privacy/postgresSubjectKeys.js')
        const keys = postgresSubjectKeys({ pool: source.unsealed.pool, schema: source.unsealed.schema, ready: source.unsealed.ready })
        return scan.result(rows, await wrongKeysInPages(scan.samples(), { load: keys.load, opens: opensWith(aesGcmFieldCipher(keys).open) }))
      }
      // Each kept key tried on a value sealed for its subject, with the file's key table read-only.
      const keys = sqliteSubjectKeys(command.db, { readonly: true })
      try {
        return scan.result(rows, opensWith(aesGcmFieldCipher(keys).open))
      } finally {
        keys.close()
      }
    },
    clock: () => clock.result(),
  }
}

/** The key table the erasure audit holds to the log: the PostgreSQL schema's, or the SQLite file's (none for an in-process store). */
const keyRowsOf = async (command: Extract<CliCommand, { command: 'verify' }>, source: Source): Promise<ReadonlyMap<string, KeyRowState> | undefined> =>
  source.kind === 'postgres' ? (await import('../audit/postgresKeyRows.js')).postgresKeyRows(source.unsealed.pool, source.unsealed.schema) : existsSync(command.db) ? sqliteKeyRows(command.db) : undefined

/** The erasure audit's lines: nothing for a log without sealed data. */
const erasureLines = (audit: ErasureAudit): string =>
  audit.ok
    ? audit.subjects === 0 ? '' : `ok: ${audit.subjects} data subjects with personal data, each key kept or destroyed by an erasure on the log (${audit.erased} erased)\n`
    : `ERASURES: ${audit.findings.length} data subject(s) read as erased with no erasure on the log, or whose key does not open their data\n${audit.findings.map((f) => `  ${describeErasureFinding(f)}\n`).join('')}`

/**
 * One case's events placed under a receipt (inclusion, for an auditor who holds no copy of the log and asks no server
 * for a proof): the whole log was checked against the receipt and every stored head the keys verify, each leaf
 * re-derived from its event, so when it extends them an event at a position below a head's size is a leaf of the tree
 * that head signs. `signedSize` is the largest head so checked (0 when the log did not extend them: nothing is placed).
 */
interface PlacedStream {
  readonly streamId: string
  readonly events: number
  /** The case's own chain intact. */
  readonly ok: boolean
  readonly positions: readonly number[]
  /** How many of its events are in the tree the receipt signs. */
  readonly inReceipt: number
  /** How many are in the tree of the largest signed head checked (the receipt's included). */
  readonly underSignedHead: number
}

const placeStream = (streamId: string, events: readonly RecordedEvent[], receiptSize: number, signedSize: number): PlacedStream => {
  const positions = events.map((e) => e.position)
  const placed = (size: number) => (signedSize === 0 ? 0 : positions.filter((p) => p < size).length)
  return { streamId, events: events.length, ok: verifyStream(streamId, events, nodeSha256Hex).ok, positions, inReceipt: placed(receiptSize), underSignedHead: placed(Math.max(receiptSize, signedSize)) }
}

const describePlaced = (placed: PlacedStream, receiptSize: number, signedSize: number, logOk: boolean): string => {
  const head = `${placed.streamId}: ${placed.events} events (positions ${placed.positions.join(', ')})`
  if (!placed.ok) return `BROKEN: ${head}: its chain does not verify (verify --stream ${placed.streamId} without --receipt names the link)`
  if (!logOk) return `NOT PLACED: ${head}, chain intact, but the log does not extend the receipt (above): none is shown to be in a signed tree`
  if (placed.inReceipt === placed.events) return `ok: ${head}, chain intact, every one in the tree the receipt of ${receiptSize} events signs`
  const parts = [
    `${placed.inReceipt} in the tree the receipt of ${receiptSize} events signs`,
    ...(placed.underSignedHead > placed.inReceipt ? [`${placed.underSignedHead - placed.inReceipt} in the tree the stored head of ${signedSize} events signs`] : []),
    ...(placed.events > placed.underSignedHead ? [`${placed.events - placed.underSignedHead} after every signed head checked (not yet signed)`] : []),
  ]
  return `ok: ${head}, chain intact; ${parts.join(', ')}`
}

const execute = async (command: CliCommand, store: EventStore, io: CliIo, total: () => number | undefined, source: Source = { kind: 'sqlite' }): Promise<number> => {
  switch (command.command) {
    case 'verify': {
      if (command.receipt !== undefined) {
        const receipt = readReceipt(command.receipt)
        if (command['public-key'].length === 0) throw new UsageError('--receipt needs --public-key <file> (the key the heads are signed with)')
        const verifier = readPublicKeys(command['public-key'])
        // A receipt no key given can check anchors nothing: refused before the log is read, never reported as extended.
        const checked = verifier.check(receipt)
        if (checked === 'unknown-key') {
          throw new UsageError(`${command.receipt} is signed with the key ${receipt.keyId}, which none of --public-key ${command['public-key'].join(', ')} is: give the public key it was signed with (an old key too, after a rotation)`)
        }
        // A receipt is the auditor's own file: one whose signature does not verify was edited (or damaged) after it was
        // kept, and anchors nothing; it says nothing of the log (found in review: reported as the log ALTERED, exit 1).
        if (checked === 'bad-signature') {
          throw new UsageError(`${command.receipt}: its signature does not verify with the key ${receipt.keyId}: the receipt was changed after it was kept (or damaged); use a receipt as \`gridcase audit receipt\` wrote it`)
        }
        // A case named with --stream is read before the log's long pass: a mistyped id is refused at once.
        const caseEvents = command.stream === undefined ? undefined : await store.readStream(command.stream)
        if (command.stream !== undefined && caseEvents?.length === 0) throw new UsageError(`no stream ${command.stream} in the store (verify --stream takes a stream id: complaint-…, dispute-…)`)
        const bar = progressBar(io.stderr, 'verify', total())
        const riding = ridingScans(command)
        const auditOptions = { receipts: [receipt], verifier, onProgress: (n: number) => bar.update(n), onEvent: riding.onEvent }
        const result = source.kind === 'postgres' ? await auditPostgresLog(source.unsealed, auditOptions) : auditSqliteLog(command.db, auditOptions)
        bar.finish()
        const erasures = await riding.erasures(source)
        // Every attached file the log names, as without a receipt (found in review: --attachments was taken and ignored here).
        const attachments = await verifyAttachments(store, command, source)
        const lines = [
          result.ok
            ? `ok: ${result.events} events; every chain intact; the log extends the receipt of ${receipt.treeSize} events and ${result.headsChecked - 1} stored heads`
            : `ALTERED: ${result.findings.length + result.rejectedHeads.filter((r) => r.reason !== 'unknown-key').length} finding(s) in ${result.events} events (checked against ${result.headsChecked} signed heads)`,
          ...result.findings.map((f) => `  ${describeFinding(f)}`),
          ...result.rejectedHeads.map((r) =>
            r.reason === 'malformed'
              ? `  the stored head ${r.treeSize === undefined ? 'with no tree size' : `of ${r.treeSize} events`} is no signed head (a value missing or of the wrong kind: written into the database by hand)`
              : r.reason === 'bad-signature'
              ? `  ${r.source === 'receipt' ? 'the receipt' : `the stored head of ${r.treeSize} events`} has a signature that does not verify${r.source === 'stored' ? ' (forged in the database)' : ''}`
              : `  ${r.source === 'receipt' ? 'the receipt' : `the stored head of ${r.treeSize} events`} was signed with a key not given (--public-key): not checked`,
          ),
        ]
        const placed = command.stream === undefined || caseEvents === undefined ? undefined : placeStream(command.stream, caseEvents, receipt.treeSize, result.ok ? result.largestHead ?? 0 : 0)
        const ok = result.ok && erasures.ok && attachments.ok && placed?.ok !== false
        const times = riding.clock()
        const placedLines = placed === undefined ? [] : [describePlaced(placed, receipt.treeSize, result.largestHead ?? 0, result.ok)]
        await print(io.stdout, command.json ? `${JSON.stringify({ ...result, ok, erasures, attachments, clock: times, ...(placed === undefined ? {} : { stream: placed }) })}\n` : `${[...lines, ...placedLines, ...clockLines(times)].join('\n')}\n${erasureLines(erasures)}${attachmentLines(attachments, attachmentFolder(command, source), command.attachments !== undefined)}`)
        return ok ? EXIT.ok : EXIT.brokenChain
      }
      if (command.stream !== undefined) {
        const result = await verifyStoreStream(store, command.stream)
        // A mistyped stream id is not a stream whose chain is intact.
        if (result.events === 0) throw new UsageError(`no stream ${command.stream} in the store (verify --stream takes a stream id: complaint-…, dispute-…)`)
        const attachments = await verifyAttachments(store, command, source)
        await print(io.stdout, command.json ? `${JSON.stringify({ ...result, ok: result.ok && attachments.ok, attachments })}\n` : (result.ok
          ? `ok: ${result.streamId}, ${result.events} events, chain intact\n`
          : `BROKEN: ${result.streamId} at version ${result.brokenLink.version} (position ${result.brokenLink.position}, event ${result.brokenLink.eventId}): ${result.brokenLink.reason}\n`) + attachmentLines(attachments, attachmentFolder(command, source), command.attachments !== undefined))
        return result.ok && attachments.ok ? EXIT.ok : EXIT.brokenChain
      }
      const bar = progressBar(io.stderr, 'verify', total())
      const riding = ridingScans(command)
      const result = await verifyStore(store, { onProgress: (p) => bar.update(p.checked), onEvent: riding.onEvent })
      bar.finish()
      const attachments = await verifyAttachments(store, command, source)
      const erasures = await riding.erasures(source)
      const times = riding.clock()
      const first = result.firstBrokenLink
      const ok = result.ok && attachments.ok && erasures.ok
      await print(io.stdout, command.json ? `${JSON.stringify({ ...result, ok, attachments, erasures, clock: times })}\n` : (first === undefined
        ? `ok: ${result.events} events in ${result.streams} streams, every chain intact\n`
        : `BROKEN: ${result.brokenLinks.length} of ${result.streams} streams; first broken link: ${first.streamId} at version ${first.version} (position ${first.position}, event ${first.eventId}): ${first.reason}\n`) + clockLines(times).map((line) => `${line}\n`).join('') + attachmentLines(attachments, attachmentFolder(command, source), command.attachments !== undefined) + erasureLines(erasures))
      return ok ? EXIT.ok : EXIT.brokenChain
    }
    case 'receipt': {
      const heads = source.kind === 'postgres' ? await postgresStoredHeads(source.unsealed) : storedHeads(command.db)
      const head = command.size === undefined ? heads.at(-1) : heads.find((h) => h.treeSize === command.size)
      if (head === undefined) throw new UsageError(command.size === undefined ? `no signed heads in ${whereOf(command, source)} (the server signs them when it has a key)` : `no signed head of ${command.size} events in ${whereOf(command, source)}`)
      // A row of the database, read as input: one that is no signed head is not saved as a receipt (found in review: a
      // NULL signature crashed the key check, and without a key was saved as "signed null").
      if (wellFormedHead(head) === undefined) {
        throw new Error(`the stored head ${typeof head.treeSize === 'number' ? `of ${head.treeSize} events` : 'with no tree size'} in ${whereOf(command, source)} is no signed head (a value missing or of the wrong kind: written into the database by hand): gridcase audit verify reports it; give --size for another head`)
      }
      const checked = command['public-key'].length > 0 ? readPublicKeys(command['public-key']).check(head) : 'ok'
      // Say which key signed the head and what to give: after a rotation the newest head is the new key's (found by an
      // auditor giving the old key only: "does not verify with the given public key" named neither).
      if (checked === 'unknown-key') {
        throw new UsageError(`the head of ${head.treeSize} events is signed with the key ${head.keyId}, which none of --public-key ${command['public-key'].join(', ')} is: give the public key it was signed with (the new key, after a rotation), or --size <n> for a head signed with one given`)
      }
      if (checked === 'bad-signature') {
        throw new UsageError(`the head of ${head.treeSize} events has a signature that does not verify with the key ${head.keyId} given (forged in the database?): gridcase audit verify reports it; give --size <n> for another head`)
      }
      const exists = `${command.out} exists already: a receipt is never overwritten`
      if (existsSync(command.out)) throw new UsageError(exists)
      // Whole or not at all, as every --out, and never over a file there (`replace: false`).
      const file = await outFile(command.out, { replace: false })
      try {
        file.stream.write(`${JSON.stringify(head, null, 2)}\n`)
        await file.commit()
      } catch (error) {
        await file.abort()
        throw new UsageError((error as NodeJS.ErrnoException).code === 'EEXIST' ? exists : cannotWriteOut(command.out, error))
      }
      await print(io.stdout, command.json ? `${JSON.stringify(head)}\n` : `saved the head of ${head.treeSize} events (signed ${head.timestamp}, key ${head.keyId.slice(0, 16)}…) to ${command.out}\n`)
      return EXIT.ok
    }
    case 'history': {
      const found = await findCase(store, command.caseId)
      if (found === undefined) throw new UsageError(`no case ${command.caseId} in the store`)
      // The names of the case's people (from the event that opened it, the respondents its referral names, and the people
      // of the case a merged complaint was merged into, as HTTP's history takes them), masked in free text too.
      const read = command.mask ? await maskedCaseHistoryRead(store, found.events) : undefined
      const names = read?.names ?? []
      // A 举报's reporter is left out whole once masked (its account, its steps), as the event log and the export leave it.
      const report = read?.report
      const history = historyView(found.events, { mask: command.mask, includeData: command.json, names }).map((h) =>
        report === undefined ? h : { ...h, actor: reporterHidden(h.actor, report.jurisdiction), ...(h.data === undefined ? {} : { data: withoutReporterAccount(h.data) }) },
      )
      const moment = command.version !== undefined ? { version: command.version } : command['as-of'] !== undefined ? { time: command['as-of'] } : undefined
      const asOf = moment === undefined ? undefined : await stateAt(found.streamId, found.events, moment)
      // --mask covers the state printed too: it holds the complainant and the parties as the events do.
      const state = (s: unknown): unknown => (command.mask ? (report === undefined ? maskPersonalDataAndNames(s, names) : withoutReporterAccount(maskPersonalDataAndNames(s, names))) : s)
      // Before its first event the case "did not exist yet" (DOMAIN.md History) — said as HTTP says it: { "exists": false }.
      const then = asOf === undefined ? undefined : asOf.version === 'no-stream' ? { exists: false } : { version: asOf.version, state: state(asOf.state) }
      if (command.json) {
        await print(io.stdout, `${JSON.stringify({ streamId: found.streamId, history, ...(then === undefined ? {} : { asOf: then }) })}\n`)
      } else {
        await print(io.stdout, `${found.streamId}\n${history.map((h) => `${describeEntry(h)}\n`).join('')}`)
        if (asOf !== undefined) {
          await print(io.stdout, asOf.version === 'no-stream'
            ? `as of ${JSON.stringify(moment)}: did not exist yet\n`
            : `as of ${JSON.stringify(moment)}: version ${asOf.version}\n${JSON.stringify(state(asOf.state), null, 2)}\n`)
        }
      }
      return EXIT.ok
    }
    case 'export': {
      // --out is written beside itself and renamed when whole: a killed or failed export leaves the previous file as it was.
      const file = command.out === undefined ? undefined : await outFile(command.out)
      try {
        const bar = progressBar(io.stderr, 'export', total())
        await exportLog(store, file?.stream ?? io.stdout, { format: command.format, mask: command.mask, ...(command.from === undefined ? {} : { fromPosition: command.from }), onProgress: (p) => bar.update(p.exported) })
        bar.finish()
        await file?.commit()
      } catch (error) {
        await file?.abort()
        throw error
      }
      return EXIT.ok
    }
    case 'rebuild': {
      const [{ projectionRunner }, { sqliteCaseList }, { sqliteDashboard }] = await Promise.all([import('../projections/runner.js'), import('../projections/sqliteCaseList.js'), import('../projections/sqliteDashboard.js')])
      const file = command['read-model'] ?? join(dirname(command.db), 'read-models.sqlite')
      let dashboard: ReturnType<typeof sqliteDashboard>
      try {
        dashboard = sqliteDashboard(file)
      } catch (error) {
        // Beside an auditor's copy on a read-only medium the default place cannot be written: say how to give another
        // (found by an auditor: the bare "cannot open … not writable" named no way on).
        if (command['read-model'] !== undefined) throw error
        throw new Error(`${error instanceof Error ? error.message : String(error)}; rebuild writes the read models beside --db unless told: give --read-model <path> in a folder it may write (the log itself is only read)`)
      }
      // The case list folds each case with its case type, which the server knows: cleared here, it is rebuilt at the server's next start.
      const cases = sqliteCaseList(file, [])
      try {
        await cases.reset()
        const runner = projectionRunner({ store, readModels: [dashboard] })
        const bar = progressBar(io.stderr, 'rebuild', total())
        const position = await runner.rebuild((p) => bar.update(p.applied + (p.folded ?? 0)))
        bar.finish()
        await print(io.stdout, `rebuilt ${dashboard.name} up to position ${position} (the case list is rebuilt at the server's next start)\n`)
      } finally {
        await dashboard.close()
        await cases.close()
      }
      return EXIT.ok
    }
  }
}

/** Runs `gridcase …` and returns its exit code: 0 ok, 1 broken chain, 2 usage or input error, 3 failure. */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  if (argv[0] === 'calendar') {
    let text = ''
    let errors = ''
    const { runCalendarCli } = await import('./calendar.js')
    const code = await runCalendarCli(argv.slice(1), (s) => void (text += s), (s) => void (errors += s))
    if (text !== '') await print(io.stdout, text)
    if (errors !== '') await print(io.stderr, errors)
    return code
  }
  if (argv[0] === 'import') return (await import('./import.js')).runImportCli(argv.slice(1), { stdout: io.stdout, stderr: io.stderr, env: process.env })
  if (argv[0] === 'erasure') {
    const { runErasureCli } = await import('./erasure.js')
    return runErasureCli(argv.slice(1), (s) => void io.stdout.write(s), (s) => void io.stderr.write(s), {
      now: () => new Date().toISOString(),
      // An empty USER is none.
      user: process.env.USER || 'admin',
    })
  }
  const parsed = parseCli(argv)
  if (E.isLeft(parsed)) {
    await print(io.stderr, `gridcase: ${parsed.left}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  if (parsed.right.help) {
    await print(io.stdout, `${USAGE}\n`)
    return EXIT.ok
  }
  const command = parsed.right.command
  const url = command.command === 'rebuild' ? undefined : command['database-url']
  if (url !== undefined && command.command !== 'rebuild') return runOnPostgres(command, url, command.schema ?? 'gridcase', io)
  let store: EventStore | undefined
  let keys: { close: () => void } | undefined
  try {
    store = (io.openStore ?? openSqlite)(command.db)
    const size = io.logSize ?? (io.openStore === undefined ? sqliteLogSize : () => undefined)
    // Verify and receipts read the log as written (sealed text: no key needed); history, export and rebuild read
    // personal fields opened with the file's subject keys, "erased" where a key was destroyed.
    if (readsAsWritten(command) || io.openStore !== undefined) return await execute(command, store, io, () => size(command.db))
    const subjectKeys = sqliteSubjectKeys(command.db, { readonly: true })
    keys = subjectKeys
    return await execute(command, sealedStore(store, aesGcmFieldCipher(subjectKeys)), io, () => size(command.db))
  } catch (error) {
    const usage = error instanceof UsageError
    const message = error instanceof Error ? error.message : String(error)
    // SQLite says what is wrong ("file is not a database", "database disk image is malformed"), not of which file.
    const named = error instanceof Database.SqliteError && !message.includes(command.db) ? `${command.db}: ${message}` : message
    await print(io.stderr, `gridcase: ${named}\n`)
    return usage ? EXIT.usage : EXIT.failure
  } finally {
    await store?.close()
    keys?.close()
  }
}

/**
 * The audit commands on a PostgreSQL store: a read-only session (every transaction read-only, the schema checked and
 * never created or migrated); verify and receipts read the log as written, history and export open personal fields
 * with the schema's subject keys, as the server does ("erased" where a key was destroyed).
 */
const runOnPostgres = async (command: CliCommand, url: string, schema: string, io: CliIo): Promise<number> => {
  // A batch over the whole log: no statement bound unless DATABASE_STATEMENT_TIMEOUT_MS sets one (a page takes what it takes).
  const bound = statementTimeoutFor('batch')
  if ('problem' in bound) {
    await print(io.stderr, `gridcase: ${bound.problem}\n`)
    return EXIT.usage
  }
  const { sealedPostgresStore } = await import('../privacy/postgresSealed.js')
  const { isSchemaProblem } = await import('../postgres/schema.js')
  const pgStore = sealedPostgresStore({ connectionString: url, schema, readOnly: true, maxConnections: 2, statementTimeoutMs: bound.ms })
  try {
    try {
      await pgStore.unsealed.ready
    } catch (error) {
      // The schema or a table is missing: nothing was created; say what (exit 2, the command line's). The database failing
      // under the check — not reachable, a login or a permission refused, its connection ended — is exit 3, said as such,
      // as the other commands say it (it was exit 2, as if the command line were wrong).
      const message = error instanceof Error ? error.message : String(error)
      if (isSchemaProblem(error)) {
        await print(io.stderr, `gridcase: ${message}\n`)
        return EXIT.usage
      }
      await print(io.stderr, `gridcase: the PostgreSQL database could not be used: ${message}\n`)
      return EXIT.failure
    }
    const source: Source = { kind: 'postgres', unsealed: pgStore.unsealed, where: `schema ${schema}` }
    const store: EventStore = readsAsWritten(command) ? pgStore.unsealed : pgStore
    return await execute(command, store, io, () => undefined, source)
  } catch (error) {
    await print(io.stderr, `gridcase: ${error instanceof Error ? error.message : String(error)}\n`)
    return error instanceof UsageError ? EXIT.usage : EXIT.failure
  } finally {
    await pgStore.close()
  }
}
