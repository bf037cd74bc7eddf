// An auditor's program (纪检监察, 督查, the 12345 supervision office): given a copy of the event log,
// check that nobody altered it, read one case's history — who did what, when, and why — rebuild the
// case as it stood at a version and at a moment, and export the log as NDJSON that anyone can
// verify again without gridcase's database.
//
// Run by hand (after `npm run build`):
//   npx tsx examples/auditor/main.ts path/to/gridcase.sqlite <case id> [export.ndjson]
//     a copy of a running server's log: sqlite3 data/gridcase.sqlite ".backup copy.sqlite" (a cp of the file alone
//     leaves out the commits still in gridcase.sqlite-wal: the newest cases) — sqlite3 is Debian's sqlite3 package
//     (apt-get install sqlite3); without it, in the server's folder:
//     node -e "require('better-sqlite3')('data/gridcase.sqlite', { readonly: true }).backup('copy.sqlite')";
//     the case id bare (as the API and the CLI take it) or as its stream id (complaint-<uuid>);
//     the export goes to the path given, else to $TMPDIR/gridcase-examples/audit-export.ndjson
//   npx tsx examples/auditor/main.ts
//     (no arguments: first writes a sample log with examples/integrator under $TMPDIR/gridcase-examples,
//     then audits its case)
import { exportLog, readNdjson, sqliteEventStore, verifyStore } from '@gridcase/adapters'
import { caseIdOf, type RecordedEvent } from '@gridcase/core'
import { caseAsOf, historyView, verifyLog, type AsOf, type HistoryEntry, type LogVerification } from '@gridcase/core/audit'
import { complaint } from '@gridcase/core/complaint'
import { dispute } from '@gridcase/core/dispute'
import * as E from 'fp-ts/lib/Either.js'
import { createWriteStream, existsSync, mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'

export interface AuditorOptions {
  /** The SQLite event log to audit (a copy is best, 0444 is fine: the log is opened read-only). */
  readonly dbPath: string
  /** The case to look into: its id (`0b6f…`, as the API and the CLI take it) or its stream id (`complaint-0b6f…`). */
  readonly caseId: string
  /** Rebuild the case as of these moments (default: its first version, and the time of its middle event). */
  readonly asOf?: readonly AsOf[]
  /** Where to write the NDJSON export of the whole log. */
  readonly exportPath: string
  readonly print?: (line: string) => void
}

export interface AuditorResult {
  /** The case's stream (`complaint-…` or `dispute-…`). */
  readonly streamId: string
  /** The hash chains of every stream in the log, checked in the store. */
  readonly verification: LogVerification
  readonly history: readonly HistoryEntry[]
  /** The case's status at each requested moment, in order. */
  readonly asOf: readonly { readonly asOf: AsOf; readonly version: number | 'no-stream'; readonly status: string }[]
  readonly exported: number
  /** The export read back and verified on its own, as a third party would. */
  readonly exportVerification: LogVerification
}

/** A mistake in what the auditor was asked (no such file, no such case): said in one line, never as a stack trace. */
export class AuditInputError extends Error {}

/** The case as it stood at a moment; the stream id's prefix says which case type folds it. */
const rebuild = (streamId: string, events: readonly RecordedEvent[], moment: AsOf) =>
  caseIdOf(complaint, streamId) !== undefined ? caseAsOf(complaint, events, moment) : caseAsOf(dispute, events, moment)

/** The stream ids a case id may name: itself when it is a stream id, else the complaint's and the dispute's. */
const candidateStreams = (caseId: string): readonly string[] =>
  caseIdOf(complaint, caseId) !== undefined || caseIdOf(dispute, caseId) !== undefined
    ? [caseId]
    : [`${complaint.streamPrefix}${caseId}`, `${dispute.streamPrefix}${caseId}`]

/** Verifies the log, shows one case's history and earlier states, and exports the log as NDJSON. */
export const main = async (options: AuditorOptions): Promise<AuditorResult> => {
  const print = options.print ?? console.log
  // Opening a path that is not there would create an empty log and then call it intact.
  if (!existsSync(options.dbPath)) throw new AuditInputError(`no event log at ${options.dbPath}: give the path of an existing gridcase.sqlite`)
  // Read-only: the auditor's copy may be mode 0444, and an audit never writes (nor migrates) the log. A file that is
  // not a log (or cannot be read here) is said in one line, naming it.
  let store: ReturnType<typeof sqliteEventStore>
  try {
    store = sqliteEventStore({ path: options.dbPath, readonly: true })
  } catch (error) {
    throw new AuditInputError(`cannot read the event log ${options.dbPath}: ${error instanceof Error ? error.message : String(error)}`)
  }
  try {
    // 1. Was anything altered? Every stream is a hash chain; the first broken link is named.
    const verification = await verifyStore(store)
    print(`log: ${verification.events} events in ${verification.streams} streams — ${verification.ok ? 'hash chains intact' : 'ALTERED'}`)
    const broken = verification.firstBrokenLink
    if (broken !== undefined) print(`  first broken link: ${broken.streamId} v${broken.version} (position ${broken.position}): ${broken.reason}`)

    // 2. The case's history. Personal data is masked: an audit needs who acted, not the complainant's phone.
    let streamId = ''
    let events: readonly RecordedEvent[] = []
    for (const candidate of candidateStreams(options.caseId)) {
      events = await store.readStream(candidate)
      streamId = candidate
      if (events.length > 0) break
    }
    if (events.length === 0) throw new AuditInputError(`no case ${options.caseId} in ${options.dbPath}`)
    const history = historyView(events, { mask: true })
    print(`\nhistory of ${streamId}:`)
    for (const h of history) {
      print(`  v${h.version} ${h.at} ${h.type.padEnd(24)} ${h.actor.role} ${h.actor.id}${h.reason === undefined ? '' : ` — ${h.reason}`}`)
    }

    // 3. The case as it stood: at a version, or at a moment (events that had happened by then).
    const middle = events[Math.floor(events.length / 2)]?.metadata.occurredAt ?? ''
    const moments = options.asOf ?? [{ version: 0 }, { time: middle }]
    const asOf = moments.map((moment) => {
      const then = rebuild(streamId, events, moment)
      const status = then.state.status
      const when = 'version' in moment ? `version ${moment.version}` : moment.time
      // Before its first event the case did not exist yet (DOMAIN.md History), as the API and the CLI say.
      print(then.version === 'no-stream' ? `as of ${when}: did not exist yet` : `as of ${when}: ${status} (version ${then.version})`)
      return { asOf: moment, version: then.version, status }
    })

    // 4. Export the whole log; anyone can re-compute the chains from the file alone.
    const out = createWriteStream(options.exportPath)
    const failed = new Promise<never>((_, reject) => out.once('error', reject))
    let exported: number
    try {
      exported = await Promise.race([exportLog(store, out, { format: 'ndjson' }), failed])
      out.end()
      await Promise.race([finished(out), failed])
    } catch (error) {
      out.destroy()
      throw new AuditInputError(`cannot write the export to ${options.exportPath}: ${error instanceof Error ? error.message : String(error)}`)
    }
    const readBack = readNdjson(await readFile(options.exportPath, 'utf8'))
    if (E.isLeft(readBack)) throw new Error(`the export does not read back: ${readBack.left.message}`)
    const exportVerification = verifyLog(readBack.right)
    print(`\nexported ${exported} events to ${options.exportPath}; re-verified from the file: ${exportVerification.ok ? 'intact' : 'ALTERED'}`)
    return { streamId, verification, history, asOf, exported, exportVerification }
  } finally {
    await store.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // The example's own directory: never the server's ./data, never the directory it is run from.
  const own = join(tmpdir(), 'gridcase-examples')
  mkdirSync(own, { recursive: true })
  const [dbPath, caseId, exportPath = join(own, 'audit-export.ndjson')] = process.argv.slice(2)
  try {
    // A log given without a case is a mistake, not a request for the sample (which would audit another log, and say ok).
    if (dbPath !== undefined && caseId === undefined) throw new AuditInputError(`give the case to look into after the log: main.ts ${dbPath} <case id> [export.ndjson]`)
    if (dbPath !== undefined && caseId !== undefined) {
      const result = await main({ dbPath, caseId, exportPath })
      process.exitCode = result.verification.ok && result.exportVerification.ok ? 0 : 1
    } else {
      const { main: integrate } = await import('../integrator/main.js')
      const sample = join(own, 'auditor-sample.sqlite')
      const { caseId: sampleCase } = await integrate({ dbPath: sample, print: () => {} })
      await main({ dbPath: sample, caseId: sampleCase, exportPath })
    }
  } catch (error) {
    // Said in one line, never as a stack trace: 2 for what the auditor asked, 3 for anything else.
    console.error(`auditor: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = error instanceof AuditInputError ? 2 : 3
  }
}
