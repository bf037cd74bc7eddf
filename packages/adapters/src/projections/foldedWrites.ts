import type { RecordedEvent } from '@gridcase/core'
import type Database from 'better-sqlite3'
import type { SqliteApply } from './sqliteTogether.js'

/** What a SQLite read model offers for a catch-up's folds (`ReadModel.fold`, `flush`, `drop`; `SqliteApply`). */
export type FoldedWrites = Pick<SqliteApply, 'fold' | 'flush' | 'flushWithin' | 'folding' | 'drop'>

/**
 * The fold a SQLite read model keeps open through a catch-up: `begin` opens one at the stored checkpoint (a read, outside
 * any transaction), `foldInto` takes a page into it, and a flush (inside a transaction) has `write` write it if the stored
 * checkpoint is still the one it began at (`at`), else writes nothing, tells `stale` (what the fold read of rows a model
 * kept may be old: nothing kept is to be trusted) and gives the stored checkpoint, from which the runner reads again. A
 * fold that throws, a flush and a drop all leave no fold open: folded case state is not kept past them.
 *
 * The check compares the checkpoint's number only: another process that reset the model and applied events up to the same
 * checkpoint while this fold was open would pass it (a generation bumped by each reset, stored beside the checkpoint,
 * would close that; a reset is a rebuild by an operator, not something two servers do to each other in service).
 */
export const foldedWrites = <F extends { readonly at: number }>(
  db: Database.Database,
  stored: () => number,
  begin: () => F,
  foldInto: (folded: F, events: readonly RecordedEvent[]) => void,
  write: (folded: F) => number,
  stale: () => void = () => undefined,
): FoldedWrites => {
  let open: F | undefined
  const flushChecked = (folded: F): number => {
    const at = stored()
    if (at === folded.at) return write(folded)
    stale()
    return at
  }
  const flushAll = db.transaction(flushChecked)
  /** The open fold, handed over: it is no longer open whatever its write does. */
  const take = (): F | undefined => {
    const folded = open
    open = undefined
    return folded
  }
  return {
    fold: (events) => {
      const folded = (open ??= begin())
      try {
        foldInto(folded, events)
      } catch (error) {
        // A page folded in part cannot be written: dropped, and read again from the checkpoint.
        open = undefined
        throw error
      }
    },
    flush: async () => {
      const folded = take()
      return folded === undefined ? stored() : flushAll.immediate(folded)
    },
    flushWithin: () => {
      if (!db.inTransaction) throw new Error('flushWithin runs inside a transaction the caller holds on the same connection')
      const folded = take()
      return folded === undefined ? stored() : flushChecked(folded)
    },
    folding: () => open !== undefined,
    drop: () => {
      open = undefined
    },
  }
}
