import { createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { userInfo } from 'node:os'
import { basename, dirname, join } from 'node:path'
import type { CaseType, EventStore } from '@gridcase/core'
import { complaintCase, parseArrivalWorkingDays, parseDispatchWithin, parseOnTheSpotCategories, standardPoliciesWith } from '@gridcase/core/complaint'
import { disputeCase, parseEntrustmentReceipt } from '@gridcase/core/dispute'
import * as E from 'fp-ts/lib/Either.js'
import { fileAttachmentStore } from '../attachments/fileStore.js'
import { DEMO_COMMITTEES_FILE, readCommitteeRegistry } from '../committees/committeeFile.js'
import { readJurisdictionRegistry } from '../jurisdictions/registryFile.js'
import { registryUnder } from '@gridcase/core/projections'
import type { AttachmentStore } from '../attachments/store.js'
import { calendarFiles, liveCalendar } from '../calendar/files.js'
import { calendarInLog } from '../calendar/log.js'
import { systemClock, type Clock } from '../clock.js'
import { importLines, type ImportOptions } from '../import/importer.js'
import { fileLines } from '../import/lines.js'
import { sealedSqliteStore } from '../privacy/erasure.js'
import { lineProgress, type ProgressOutput } from './progress.js'
import { commandArgs } from './commandArgs.js'
import { notEventLog } from './dbPath.js'

export const IMPORT_USAGE = `usage: gridcase import <file.ndjson> [--db <path>] [--create] [--attachments <dir>] [--json] [--synchronous normal|full] [--seal-personal-data on|off]

Imports the cases of an existing platform: one case with its history per line (docs/import.md). Each line's
steps go through the command pipeline as their original actors at their original times; a line is written
whole (one append) or not at all. Running it again imports nothing twice: case and command ids are derived
from the source id and each step's content. Progress on stderr; the report (every bad line: line number,
field path, reason) on stdout. Every imported event's correlation id names the import: the file, its
SHA-256, the line and the user who ran it (USER).

options:
  --db <path>                    the SQLite event store (default ./data/gridcase.sqlite); created when missing, but
                                 only in a directory that exists, and kept only if a line was imported
  --create                       make the store's directory when it does not exist (else a usage error: a
                                 mistyped path would make a store no server reads)
  --attachments <dir>            where the server keeps uploaded files (default attachments/ beside --db): a
                                 step may name only a file held there, else its line fails naming the field
  --json                         the report as NDJSON: one {line, path, reason} per fault, then the summary
  --synchronous normal|full      SQLite durability of each line's commit (default normal: a killed import loses
                                 nothing; a power cut may lose the last lines written, which running the
                                 import again writes, as it is idempotent; full syncs every line to disk)
  --seal-personal-data on|off    seal personal fields as the server does (default: PERSONAL_DATA_ENCRYPTION,
                                 else on, the server's default)
  -h, --help                     this text

exit codes: 0 every line imported (or already there), 1 some lines failed (the others are imported),
            2 usage error, 3 failure`

export interface ImportIo {
  readonly stdout: { write(s: string): unknown }
  readonly stderr: ProgressOutput
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly clock?: Clock
}

/**
 * Counts the lines of a file without holding it (what the progress bar is out of), and hashes it (SHA-256: named in the
 * imported events, so an auditor can match the very file kept).
 */
const countLines = async (file: string): Promise<{ lines: number; sha256: string }> => {
  let lines = 0
  let last = 0x0a
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines += 1
    if (chunk.length > 0) last = chunk[chunk.length - 1] as number
  }
  return { lines: last === 0x0a ? lines : lines + 1, sha256: hash.digest('hex') }
}

/**
 * The file's first character that is not white space (nor a byte-order mark), or undefined for a file of none: an
 * NDJSON line opens with `{`, a JSON array of cases with `[`.
 */
const firstCharacter = async (file: string): Promise<string | undefined> => {
  for await (const chunk of createReadStream(file, { encoding: 'utf8' }) as AsyncIterable<string>) {
    const found = /[^\s\uFEFF]/u.exec(chunk)
    if (found !== null) return found[0]
  }
  return undefined
}

/** Who runs the import, as the system knows them: USER (or USERNAME on Windows), else the account's name. */
const userOf = (env: Readonly<Record<string, string | undefined>> | undefined): string => {
  const named = env?.['USER'] ?? env?.['USERNAME']
  if (named !== undefined && named !== '') return named
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

/** `gridcase import FILE`: exit 0 all imported, 1 some lines failed, 2 usage, 3 failure. */
export const runImportCli = async (argv: readonly string[], io: ImportIo): Promise<number> => {
  const parsed = commandArgs(
    argv,
    { db: { type: 'string' }, create: { type: 'boolean' }, attachments: { type: 'string' }, json: { type: 'boolean' }, 'seal-personal-data': { type: 'string' }, synchronous: { type: 'string' } },
    { prefix: 'gridcase import', usage: IMPORT_USAGE },
    (s) => io.stdout.write(s),
    (s) => io.stderr.write(s),
  )
  if (typeof parsed === 'number') return parsed
  const { values, positionals } = parsed
  const [file, ...extra] = positionals
  const usage = (message: string) => {
    io.stderr.write(`gridcase import: ${message}\n\n${IMPORT_USAGE}\n`)
    return 2
  }
  if (file === undefined) return usage('missing the file to import')
  if (extra.length > 0) return usage(`unexpected argument '${extra[0] ?? ''}'`)
  if (!existsSync(file) || !statSync(file).isFile()) return usage(`no file at ${file}`)
  // A platform's "export as JSON" writes an array of cases: no line of it is a case, so the whole file is refused once.
  if ((await firstCharacter(file)) === '[') return usage(`${file} is a JSON array, not NDJSON: one case per line, each a JSON object (jq -c '.[]' cases.json > cases.ndjson)`)
  // As the server seals (its PERSONAL_DATA_ENCRYPTION, default on): the log is written one way whoever writes it.
  // An empty variable is unset, as the server reads it; a bad value is named where it came from.
  const fromEnv = values['seal-personal-data'] === undefined
  const sealEnv = io.env?.PERSONAL_DATA_ENCRYPTION
  const seal = values['seal-personal-data'] ?? (sealEnv === undefined || sealEnv === '' ? 'on' : sealEnv)
  if (seal !== 'on' && seal !== 'off') return usage(`${fromEnv ? 'PERSONAL_DATA_ENCRYPTION' : '--seal-personal-data'}: expected on or off, got '${seal}'`)
  // As the servers read them: an empty variable is unset; a bad value is named as the variable, nothing imported.
  const envSetting = <R extends object>(name: string, parse: (raw: string) => R | { readonly error: string }): R | { readonly error: string } | undefined => {
    const raw = io.env?.[name]
    return raw === undefined || raw === '' ? undefined : parse(raw)
  }
  // A court clerk's entrustment's receipt clock, the 12345 dispatch deadline, the categories a grid resolves on the spot
  // (现场办结) and the days a summoned department has to report (报到): counted as the server counts them.
  const receipt = envSetting('GRIDCASE_ENTRUSTMENT_RECEIPT', parseEntrustmentReceipt)
  if (receipt !== undefined && 'error' in receipt) return usage(`GRIDCASE_ENTRUSTMENT_RECEIPT: ${receipt.error}`)
  const dispatch = envSetting('GRIDCASE_DISPATCH_WITHIN', parseDispatchWithin)
  if (dispatch !== undefined && 'error' in dispatch) return usage(`GRIDCASE_DISPATCH_WITHIN: ${dispatch.error}`)
  const spot = envSetting('GRIDCASE_ON_THE_SPOT_CATEGORIES', parseOnTheSpotCategories)
  if (spot !== undefined && 'error' in spot) return usage(`GRIDCASE_ON_THE_SPOT_CATEGORIES: ${spot.error}`)
  const arrival = envSetting('GRIDCASE_ARRIVAL_WORKING_DAYS', parseArrivalWorkingDays)
  if (arrival !== undefined && 'error' in arrival) return usage(`GRIDCASE_ARRIVAL_WORKING_DAYS: ${arrival.error}`)
  // The mediation committees, as the server reads them (GRIDCASE_COMMITTEES, else the demo district's): a route (分流)
  // names one, a routed dispute's mediators are its own, and a mediator's seat comes from the file.
  const committeesFile = io.env?.['GRIDCASE_COMMITTEES'] === undefined || io.env['GRIDCASE_COMMITTEES'] === '' ? DEMO_COMMITTEES_FILE : io.env['GRIDCASE_COMMITTEES']
  const committeesRead = readCommitteeRegistry(committeesFile)
  if (E.isLeft(committeesRead)) {
    const left = committeesRead.left
    return usage(`GRIDCASE_COMMITTEES: ${left.code === 'validation' ? left.errors.map((e) => `${e.path} ${e.message}`).join('; ') : left.message}`)
  }
  const committees = committeesRead.right
  // The places that exist, when the deployment names its registry (GRIDCASE_JURISDICTIONS, as the server reads it): a
  // line of a place it does not name, nor any place under, is a typo. Unset: not checked (the demo district's registry,
  // the server's default for names, is no deployment's list of places).
  const placesFile = io.env?.['GRIDCASE_JURISDICTIONS']
  let places: ImportOptions['places']
  if (placesFile !== undefined && placesFile !== '') {
    const registry = readJurisdictionRegistry(placesFile)
    if (E.isLeft(registry)) {
      const left = registry.left
      return usage(`GRIDCASE_JURISDICTIONS: ${left.code === 'validation' ? left.errors.map((e) => `${e.path} ${e.message}`).join('; ') : left.message}`)
    }
    const known = registry.right
    places = { has: (code) => registryUnder(known, code).length > 0, where: `GRIDCASE_JURISDICTIONS: ${placesFile}` }
  }
  const synchronous = values.synchronous ?? 'normal'
  if (synchronous !== 'normal' && synchronous !== 'full') return usage(`--synchronous: expected normal or full, got '${synchronous}'`)
  const db = values.db ?? './data/gridcase.sqlite'
  if (values.attachments !== undefined && !existsSync(values.attachments)) return usage(`--attachments: no directory at ${values.attachments}`)
  const filesDir = values.attachments ?? join(dirname(db), 'attachments')
  const directory = dirname(db)
  if (!existsSync(directory)) {
    if (values.create !== true) return usage(`no directory ${directory} for the store ${db} (give --create to make it)`)
    mkdirSync(directory, { recursive: true })
  }
  // A store this run makes is removed again if nothing was imported into it (every line failed): no empty store left behind.
  const made = !existsSync(db)
  // Nor the log's tables made in another SQLite file that is there (the servers' read-model file).
  const notLog = notEventLog(db)
  if (notLog !== undefined) return usage(notLog)
  let imported = 0
  const clock = io.clock ?? systemClock
  // The holiday schedules the servers count with: the log's (`calendar` stream, read once the store is open, below),
  // and a schedule file of an earlier release (DATA_DIR/calendar) for a year the log has none of, as a server's start
  // takes it over. Deadlines count as the servers count them.
  const legacy = calendarFiles(join(dirname(db), 'calendar')).load().schedules
  const live = liveCalendar(legacy)
  const { calendar } = live
  let store: (EventStore & { readonly unsealed: EventStore }) | undefined
  let files: AttachmentStore | undefined
  try {
    store = sealedSqliteStore({ path: db, synchronous })
    // A later schedule for a year replaces an earlier one: the log's win over the files'.
    live.replace([...legacy, ...(await calendarInLog(store, liveCalendar()).refresh()).schedules])
    // No directory where the server keeps files: it holds none (a mistyped --attachments is a usage error, above).
    files = existsSync(filesDir) ? fileAttachmentStore(filesDir) : undefined
    const options: ImportOptions = {
      // Cases are read opened (what the deciders need); written sealed only when the server seals.
      read: store,
      store: seal === 'on' ? store : store.unsealed,
      // The case types as the server builds them (a case type's commands and events are its own; the importer takes any).
      caseTypes: { complaint: complaintCase({
          calendar,
          ...(dispatch === undefined ? {} : { defaultPolicies: standardPoliciesWith(dispatch.spans) }),
          ...(spot === undefined ? {} : { onTheSpotCategories: spot.categories }),
          ...(arrival === undefined ? {} : { arrivalWithin: arrival.within }),
        }) as unknown as CaseType, dispute: disputeCase({ calendar, committees, ...(receipt === undefined ? {} : { entrustmentReceipt: receipt.counted }) }) as unknown as CaseType },
      committees,
      ...(places === undefined ? {} : { places }),
      now: () => clock.now(),
      ...(files === undefined ? {} : { attachments: files }),
    }
    const { lines: total, sha256 } = await countLines(file)
    // Named in every imported event's correlation id: the file (its name and hash), and who ran the import.
    const origin = { file: basename(file), sha256, by: userOf(io.env) }
    const progress = lineProgress(io.stderr, 'import', total)
    let failed = 0
    const summary = await importLines(fileLines(file), { ...options, origin }, (outcome) => {
      if (outcome.status === 'failed') {
        failed += 1
        for (const e of outcome.errors) io.stdout.write(values.json === true ? `${JSON.stringify(e)}\n` : `line ${e.line}: ${e.path}: ${e.reason}\n`)
      }
      if (outcome.status === 'imported') imported += 1
      progress.detail(`${imported.toLocaleString('en')} imported, ${failed.toLocaleString('en')} failed`)
      progress.update(outcome.line)
    })
    progress.finish()
    const { errors: _errors, ...counts } = summary
    io.stdout.write(
      values.json === true
        ? `${JSON.stringify({ summary: counts })}\n`
        : `${summary.lines} lines: ${summary.imported} cases imported (${summary.events} events), ${summary.alreadyImported} already imported, ${summary.failed} failed\n`,
    )
    return summary.failed > 0 ? 1 : 0
  } catch (error) {
    io.stderr.write(`gridcase import: ${error instanceof Error ? error.message : String(error)}\n`)
    return 3
  } finally {
    await files?.close()
    await store?.close()
    // Only what this run made: a store it could not make (its folder a file, say) left nothing, and a clean-up that
    // throws would turn the answer above into a stack trace.
    if (made && imported === 0) for (const file of [db, `${db}-wal`, `${db}-shm`, `${db}-journal`]) if (existsSync(file)) rmSync(file, { force: true })
  }
}
