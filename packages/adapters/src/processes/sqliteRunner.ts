import { sqliteReadModelFile, type ReadModelFile } from '../projections/sqliteFile.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { sqliteWebhookStore } from '../webhooks/store.js'
import { assembleProcesses, type ProcessesOptions, type RunningProcesses } from './assembly.js'
import { sqliteProcessCheckpoints } from './definitions.js'
import { sqliteLeases } from './lease.js'
import { sqliteProcessRefusals } from './refusals.js'
import { sqliteDeadlineSource } from './scheduler.js'

/** A process runner whose checkpoints and leases are in a SQLite file (the server's read-model file), and that closes it. */
export type SqliteProcessRunner = RunningProcesses

export const sqliteProcessRunner = (
  options: (
    | {
        /** The SQLite file the checkpoints and leases are kept in: every runner sharing a log must name the same one. */
        readonly path: string
      }
    | {
        /**
         * That file already open in this process (the server's read models' connection), shared and left open at close.
         * One connection per file per process: two connections writing one file in turns each find the other's commits
         * at every transaction and drop their whole page cache, reading every page they touch again.
         */
        readonly file: ReadModelFile
      }
  ) &
    ProcessesOptions,
): SqliteProcessRunner => {
  const shared = 'file' in options
  const file = shared ? options.file : sqliteReadModelFile(options.path)
  const close = (): void => {
    if (!shared) file.close()
  }
  // A file whose tables the processes cannot read (another build's) fails here: the file this opened is closed with it.
  try {
    return assembled(options, file, close)
  } catch (error) {
    close()
    throw error
  }
}

const assembled = (options: ProcessesOptions, file: ReadModelFile, close: () => void): SqliteProcessRunner =>
  assembleProcesses(options, {
    leases: sqliteLeases(file.db),
    checkpoints: () => sqliteProcessCheckpoints(sqliteCheckpoints(file.db)),
    refusals: () => sqliteProcessRefusals(file.db),
    // The dashboard read model's running deadlines, in the same file.
    deadlines: () => sqliteDeadlineSource(file.db),
    outbox: (outboxOptions) => sqliteWebhookStore(file.db, outboxOptions),
    // The case list's checkpoint in the same file (the server's read models, beside SQLite): how far the log reaches.
    logEnd: () => sqliteCheckpoints(file.db).load('case-list'),
    close,
  })
