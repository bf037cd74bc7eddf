// What a process-runner test over SQLite opens for each test: a log and a read-model file in a fresh directory.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventStore } from '@gridcase/core'
import { sqliteReadModelFile, type ReadModelFile } from '../../packages/adapters/src/projections/sqliteFile.js'
import type { ProcessRunner } from '../../packages/adapters/src/processes/runner.js'
import { sqliteEventStore } from '../../packages/adapters/src/sqlite/store.js'

export interface RunnerFiles {
  readonly dir: string
  readonly store: EventStore & { close(): Promise<void> }
  readonly file: ReadModelFile
}

/** A SQLite log (`gridcase.sqlite`) and read-model file (`read-models.sqlite`) in a new directory named from `prefix`. */
export const openRunnerFiles = (prefix: string): RunnerFiles => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {
    dir,
    store: sqliteEventStore({ path: join(dir, 'gridcase.sqlite') }) as EventStore & { close(): Promise<void> },
    file: sqliteReadModelFile(join(dir, 'read-models.sqlite')),
  }
}

/** Stops the runners (emptying the list), closes the files and removes the directory. */
export const closeRunnerFiles = async (files: RunnerFiles, runners: ProcessRunner[]): Promise<void> => {
  for (const r of runners.splice(0)) await r.stop()
  files.file.close()
  await files.store.close()
  rmSync(files.dir, { recursive: true, force: true })
}
