import { createWriteStream, existsSync } from 'node:fs'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import type { Writable } from 'node:stream'
import type { EventStore, RecordedEvent, StreamVersion } from '@gridcase/core'
import { caseAsOf, historyView, type AsOf, type HistoryEntry } from '@gridcase/core/audit'
import { complaint } from '@gridcase/core/complaint'
import { dispute } from '@gridcase/core/dispute'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { exportLog } from '../audit/export.js'
import { verifyStore, verifyStoreStream } from '../audit/verify.js'
import { projectionRunner } from '../projections/runner.js'
import { sqliteCaseList } from '../projections/sqliteCaseList.js'
import { sqliteDashboard } from '../projections/sqliteDashboard.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { parseCli, USAGE, type CliCommand } from './args.js'
import { runCalendarCli } from './calendar.js'
import { progressBar, type ProgressOutput } from './progress.js'

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
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n
  } finally {
    db.close()
  }
}

const openSqlite = (path: string): EventStore => {
  // Auditing a file that is not there must not create an empty one and then call it verified.
  if (!existsSync(path)) throw new UsageError(`no event store at ${path} (give its path with --db)`)
  return sqliteEventStore({ path })
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

const caseTypes = [complaint, dispute] as const

/** The stream of a case id given bare (`0b6f…`) or as a stream id (`complaint-0b6f…`). */
const findCase = async (store: EventStore, caseId: string): Promise<{ streamId: string; events: readonly RecordedEvent[] } | undefined> => {
  for (const streamId of [caseId, ...caseTypes.map((c) => `${c.streamPrefix}${caseId}`)]) {
    const events = await store.readStream(streamId)
    if (events.length > 0) return { streamId, events }
  }
  return undefined
}

/** The case as it stood at a moment, folded by its own case type. */
const stateAt = (streamId: string, events: readonly RecordedEvent[], moment: AsOf): { version: StreamVersion; state: unknown } | undefined => {
  if (streamId.startsWith(complaint.streamPrefix)) return caseAsOf(complaint, events, moment)
  if (streamId.startsWith(dispute.streamPrefix)) return caseAsOf(dispute, events, moment)
  return undefined
}

const execute = async (command: CliCommand, store: EventStore, io: CliIo, total: () => number | undefined): Promise<number> => {
  switch (command.command) {
    case 'verify': {
      if (command.stream !== undefined) {
        const result = await verifyStoreStream(store, command.stream)
        await print(io.stdout, command.json ? `${JSON.stringify(result)}\n` : result.ok
          ? `ok: ${result.streamId}, ${result.events} events, chain intact\n`
          : `BROKEN: ${result.streamId} at version ${result.brokenLink.version} (position ${result.brokenLink.position}, event ${result.brokenLink.eventId}): ${result.brokenLink.reason}\n`)
        return result.ok ? EXIT.ok : EXIT.brokenChain
      }
      const bar = progressBar(io.stderr, 'verify', total())
      const result = await verifyStore(store, { onProgress: (p) => bar.update(p.checked) })
      bar.finish()
      const first = result.firstBrokenLink
      await print(io.stdout, command.json ? `${JSON.stringify(result)}\n` : first === undefined
        ? `ok: ${result.events} events in ${result.streams} streams, every chain intact\n`
        : `BROKEN: ${result.brokenLinks.length} of ${result.streams} streams; first broken link: ${first.streamId} at version ${first.version} (position ${first.position}, event ${first.eventId}): ${first.reason}\n`)
      return result.ok ? EXIT.ok : EXIT.brokenChain
    }
    case 'history': {
      const found = await findCase(store, command.caseId)
      if (found === undefined) throw new UsageError(`no case ${command.caseId} in the store`)
      const history = historyView(found.events, { mask: command.mask, includeData: command.json })
      const moment = command.version !== undefined ? { version: command.version } : command['as-of'] !== undefined ? { time: command['as-of'] } : undefined
      const asOf = moment === undefined ? undefined : stateAt(found.streamId, found.events, moment)
      // Before its first event the case "did not exist yet" (DOMAIN.md History) — said as HTTP says it: { "exists": false }.
      const then = asOf === undefined ? undefined : asOf.version === 'no-stream' ? { exists: false } : { version: asOf.version, state: asOf.state }
      if (command.json) {
        await print(io.stdout, `${JSON.stringify({ streamId: found.streamId, history, ...(then === undefined ? {} : { asOf: then }) })}\n`)
      } else {
        await print(io.stdout, `${found.streamId}\n${history.map((h) => `${describeEntry(h)}\n`).join('')}`)
        if (asOf !== undefined) {
          await print(io.stdout, asOf.version === 'no-stream'
            ? `as of ${JSON.stringify(moment)}: did not exist yet\n`
            : `as of ${JSON.stringify(moment)}: version ${asOf.version}\n${JSON.stringify(asOf.state, null, 2)}\n`)
        }
      }
      return EXIT.ok
    }
    case 'export': {
      const out = command.out === undefined ? io.stdout : createWriteStream(command.out)
      const bar = progressBar(io.stderr, 'export', total())
      await exportLog(store, out, { format: command.format, ...(command.from === undefined ? {} : { fromPosition: command.from }), onProgress: (p) => bar.update(p.exported) })
      bar.finish()
      if (out !== io.stdout) {
        out.end()
        await once(out, 'finish')
      }
      return EXIT.ok
    }
    case 'rebuild': {
      const file = command['read-model'] ?? join(dirname(command.db), 'read-models.sqlite')
      const dashboard = sqliteDashboard(file)
      // The case list folds each case with its case type, which the server knows: cleared here, it is rebuilt at the server's next start.
      const cases = sqliteCaseList(file, [])
      try {
        await cases.reset()
        const runner = projectionRunner({ store, readModels: [dashboard] })
        const bar = progressBar(io.stderr, 'rebuild', total())
        const position = await runner.rebuild((p) => bar.update(p.applied))
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
    const code = runCalendarCli(argv.slice(1), (s) => void (text += s), (s) => void (errors += s))
    if (text !== '') await print(io.stdout, text)
    if (errors !== '') await print(io.stderr, errors)
    return code
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
  let store: EventStore | undefined
  try {
    store = (io.openStore ?? openSqlite)(command.db)
    const size = io.logSize ?? (io.openStore === undefined ? sqliteLogSize : () => undefined)
    return await execute(command, store, io, () => size(command.db))
  } catch (error) {
    const usage = error instanceof UsageError
    await print(io.stderr, `gridcase: ${error instanceof Error ? error.message : String(error)}\n`)
    return usage ? EXIT.usage : EXIT.failure
  } finally {
    await store?.close()
  }
}
