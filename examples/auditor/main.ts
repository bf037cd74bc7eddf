// An auditor's program (纪检监察, 督查, the 12345 supervision office): given a copy of the event log,
// check that nobody altered it, read one case's history — who did what, when, and why — rebuild the
// case as it stood at a version and at a moment, and export the log as NDJSON that anyone can
// verify again without gridcase's database.
//
// Run by hand (after `npm run build`):
//   npx tsx examples/auditor/main.ts path/to/gridcase.sqlite complaint-<uuid> [./audit-export.ndjson]
//   npx tsx examples/auditor/main.ts
//     (no arguments: first writes a sample log with examples/integrator, then audits its case)
import { exportLog, readNdjson, sqliteEventStore, verifyStore } from '@gridcase/adapters'
import {
  caseAsOf,
  caseIdOf,
  complaint,
  dispute,
  historyView,
  verifyLog,
  type AsOf,
  type HistoryEntry,
  type LogVerification,
  type RecordedEvent,
} from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { finished } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'

export interface AuditorOptions {
  /** The SQLite event log to audit (a copy is best, 0444 is fine: the log is opened read-only). */
  readonly dbPath: string
  /** The case to look into, by stream id: `complaint-<uuid>` or `dispute-<uuid>`. */
  readonly streamId: string
  /** Rebuild the case as of these moments (default: its first version, and the time of its middle event). */
  readonly asOf?: readonly AsOf[]
  /** Where to write the NDJSON export of the whole log. */
  readonly exportPath: string
  readonly print?: (line: string) => void
}

export interface AuditorResult {
  /** The hash chains of every stream in the log, checked in the store. */
  readonly verification: LogVerification
  readonly history: readonly HistoryEntry[]
  /** The case's status at each requested moment, in order. */
  readonly asOf: readonly { readonly asOf: AsOf; readonly version: number | 'no-stream'; readonly status: string }[]
  readonly exported: number
  /** The export read back and verified on its own, as a third party would. */
  readonly exportVerification: LogVerification
}

/** The case as it stood at a moment; the stream id's prefix says which case type folds it. */
const rebuild = (streamId: string, events: readonly RecordedEvent[], moment: AsOf) =>
  caseIdOf(complaint, streamId) !== undefined ? caseAsOf(complaint, events, moment) : caseAsOf(dispute, events, moment)

/** Verifies the log, shows one case's history and earlier states, and exports the log as NDJSON. */
export const main = async (options: AuditorOptions): Promise<AuditorResult> => {
  const print = options.print ?? console.log
  if (caseIdOf(complaint, options.streamId) === undefined && caseIdOf(dispute, options.streamId) === undefined) {
    throw new Error(`${options.streamId} is not a complaint-… or dispute-… stream`)
  }
  // Read-only: the auditor's copy may be mode 0444, and an audit never writes (nor migrates) the log.
  const store = sqliteEventStore({ path: options.dbPath, readonly: true })
  try {
    // 1. Was anything altered? Every stream is a hash chain; the first broken link is named.
    const verification = await verifyStore(store)
    print(`log: ${verification.events} events in ${verification.streams} streams — ${verification.ok ? 'hash chains intact' : 'ALTERED'}`)
    const broken = verification.firstBrokenLink
    if (broken !== undefined) print(`  first broken link: ${broken.streamId} v${broken.version} (position ${broken.position}): ${broken.reason}`)

    // 2. The case's history. Personal data is masked: an audit needs who acted, not the complainant's phone.
    const events = await store.readStream(options.streamId)
    if (events.length === 0) throw new Error(`no case ${options.streamId} in ${options.dbPath}`)
    const history = historyView(events, { mask: true })
    print(`\nhistory of ${options.streamId}:`)
    for (const h of history) {
      print(`  v${h.version} ${h.at} ${h.type.padEnd(24)} ${h.actor.role} ${h.actor.id}${h.reason === undefined ? '' : ` — ${h.reason}`}`)
    }

    // 3. The case as it stood: at a version, or at a moment (events that had happened by then).
    const middle = events[Math.floor(events.length / 2)]?.metadata.occurredAt ?? ''
    const moments = options.asOf ?? [{ version: 0 }, { time: middle }]
    const asOf = moments.map((moment) => {
      const then = rebuild(options.streamId, events, moment)
      const status = then.state.status
      print(`as of ${'version' in moment ? `version ${moment.version}` : moment.time}: ${status} (version ${then.version})`)
      return { asOf: moment, version: then.version, status }
    })

    // 4. Export the whole log; anyone can re-compute the chains from the file alone.
    const out = createWriteStream(options.exportPath)
    const exported = await exportLog(store, out, { format: 'ndjson' })
    out.end()
    await finished(out)
    const readBack = readNdjson(await readFile(options.exportPath, 'utf8'))
    if (E.isLeft(readBack)) throw new Error(`the export does not read back: ${readBack.left.message}`)
    const exportVerification = verifyLog(readBack.right)
    print(`\nexported ${exported} events to ${options.exportPath}; re-verified from the file: ${exportVerification.ok ? 'intact' : 'ALTERED'}`)
    return { verification, history, asOf, exported, exportVerification }
  } finally {
    await store.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dbPath, streamId, exportPath = './audit-export.ndjson'] = process.argv.slice(2)
  if (dbPath !== undefined && streamId !== undefined) {
    const result = await main({ dbPath, streamId, exportPath })
    process.exitCode = result.verification.ok && result.exportVerification.ok ? 0 : 1
  } else {
    const { main: integrate } = await import('../integrator/main.js')
    const sample = './data/auditor-sample.sqlite'
    const { caseId } = await integrate({ dbPath: sample, print: () => {} })
    await main({ dbPath: sample, streamId: `complaint-${caseId}`, exportPath })
  }
}
