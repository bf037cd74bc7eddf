import type { RecordedEvent } from '@gridcase/core'
import type Database from 'better-sqlite3'
import type { ReadModel } from './readModel.js'

/**
 * What a read model kept through a SQLite connection offers beside `apply`: the same work inside a transaction the
 * caller holds on `db`, without a savepoint of its own (a savepoint journals the first change of every page it touches:
 * four times the page writes of the pass itself, measured). When it throws, what it wrote is left in the transaction,
 * and the caller rolls the transaction back.
 */
export interface SqliteApply {
  readonly db: Database.Database
  /** `apply`, synchronous, inside the caller's transaction on `db`; the new checkpoint. */
  readonly applyWithin: (events: readonly RecordedEvent[]) => number
  /** `ReadModel.fold`: a catch-up's page folded in memory, nothing written. */
  readonly fold: (events: readonly RecordedEvent[]) => void
  readonly flush: () => Promise<number>
  /** `flush`, synchronous, inside the caller's transaction on `db`; the new checkpoint. The fold is dropped even if it throws. */
  readonly flushWithin: () => number
  /** Whether a fold is open (something folded and not yet flushed or dropped). */
  readonly folding: () => boolean
  /** `ReadModel.drop`: forgets the open fold. */
  readonly drop: () => void
}

/**
 * Read models sharing one SQLite connection (the server's read-model file), fed as one: a page is applied to each in
 * turn inside one transaction, so a pass costs one BEGIN IMMEDIATE and one commit (its locks, its WAL frames, the page
 * of the checkpoints every model moves) rather than one per model. Each model still reads and moves its own checkpoint
 * in that transaction and skips what it already holds, as alone.
 *
 * When a model throws, the whole transaction is rolled back and the models before it apply the page again, each in a
 * transaction of its own; then the error is thrown. So the outcome is the one of each model committing on its own and the
 * runner stopping at the failing one: the models before it hold the page, it and those after it do not.
 */
export const sqliteReadModelsTogether = (models: readonly (ReadModel & SqliteApply)[]): ReadModel => {
  const first = models[0]
  if (first === undefined) throw new Error('sqliteReadModelsTogether: no read models')
  const { db } = first
  if (models.some((m) => m.db !== db)) throw new Error('sqliteReadModelsTogether: the read models must share one connection')
  // Which model was applying when the transaction failed (models.length: none, the failure was BEGIN or COMMIT).
  let applying = models.length
  const applyAll = db.transaction((events: readonly RecordedEvent[]): number => {
    let at = Number.MAX_SAFE_INTEGER
    for (const [i, m] of models.entries()) {
      applying = i
      at = Math.min(at, m.applyWithin(events))
    }
    applying = models.length
    return at
  })
  const flushAll = db.transaction((): number => {
    let at = Number.MAX_SAFE_INTEGER
    for (const m of models) at = Math.min(at, m.flushWithin())
    return at
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
      applying = models.length
      try {
        return applyAll.immediate(events)
      } catch (error) {
        const failed = applying
        applying = models.length
        for (const m of models.slice(0, failed)) await m.apply(events)
        throw error
      }
    },
    // A catch-up's pages folded by each model, then written by all in one transaction. When one throws, nothing is written,
    // every model's fold is dropped (none keeps folded case state in memory), and the runner reads again from the checkpoints.
    fold: (events) => {
      try {
        for (const m of models) m.fold(events)
      } catch (error) {
        for (const m of models) m.drop()
        throw error
      }
    },
    // Nothing folded (a refresh that found nothing new): no transaction, so no wait on another writer's lock.
    flush: async () => {
      if (!models.some((m) => m.folding())) return checkpoint()
      try {
        return flushAll.immediate()
      } finally {
        for (const m of models) m.drop()
      }
    },
    drop: () => {
      for (const m of models) m.drop()
    },
    reset: async () => {
      for (const m of models) await m.reset()
    },
    close: async () => {
      for (const m of models) await m.close()
    },
  }
}
