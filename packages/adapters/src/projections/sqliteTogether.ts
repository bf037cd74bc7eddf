import type { RecordedEvent } from '@gridcase/core'
import type Database from 'better-sqlite3'
import type { ReadModel } from './readModel.js'

/**
 * What a read model kept through a SQLite connection offers beside `apply`: the same work inside a transaction the
 * caller holds on `db` (a savepoint of its own), so that read models sharing a connection commit a pass together.
 */
export interface SqliteApply {
  readonly db: Database.Database
  /** `apply`, synchronous, inside the caller's transaction on `db`; the new checkpoint. */
  readonly applyWithin: (events: readonly RecordedEvent[]) => number
}

/**
 * Read models sharing one SQLite connection (the server's read-model file), fed as one: a page is applied to each in
 * turn inside one transaction, so a pass costs one BEGIN IMMEDIATE and one commit (its locks, its WAL frames, the page
 * of the checkpoints every model moves) rather than one per model. Each model still reads and moves its own checkpoint
 * in that transaction and skips what it already holds, as alone. A model that throws is rolled back to its savepoint and
 * the ones after it are not applied; the ones before it are committed, and the error is thrown then (as when each
 * committed on its own and the runner stopped at the failing one).
 */
export const sqliteReadModelsTogether = (models: readonly (ReadModel & SqliteApply)[]): ReadModel => {
  const first = models[0]
  if (first === undefined) throw new Error('sqliteReadModelsTogether: no read models')
  const { db } = first
  if (models.some((m) => m.db !== db)) throw new Error('sqliteReadModelsTogether: the read models must share one connection')
  const applyAll = db.transaction((events: readonly RecordedEvent[]): { readonly at: number; readonly failure?: { readonly error: unknown } } => {
    let at = Number.MAX_SAFE_INTEGER
    for (const m of models) {
      try {
        at = Math.min(at, m.applyWithin(events))
      } catch (error) {
        return { at, failure: { error } }
      }
    }
    return { at }
  })
  const checkpoint = async (): Promise<number> => {
    let at = Number.MAX_SAFE_INTEGER
    for (const m of models) at = Math.min(at, await m.checkpoint())
    return at
  }
  return {
    name: models.map((m) => m.name).join('+'),
    checkpoint,
    apply: async (events) => {
      const { at, failure } = applyAll.immediate(events)
      if (failure !== undefined) throw failure.error
      return at
    },
    reset: async () => {
      for (const m of models) await m.reset()
    },
    close: async () => {
      for (const m of models) await m.close()
    },
  }
}
