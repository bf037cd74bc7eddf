import { oldestKey } from '@gridcase/core'
import type Database from 'better-sqlite3'

/**
 * The rows a SQLite read model wrote last, as written (decoded), so that the next pass over a case need not read its row
 * and decode it again: at 1000 add-notes/s most of a pass's cases were in the pass before, and in a catch-up the cases
 * still open when a fold ends are the ones the next fold meets first. Kept only while no other connection has written
 * the file (PRAGMA data_version changes when one did) and only once the pass that wrote them is known to have committed:
 * the next pass finds the checkpoint that pass moved (a pass rolled back, or another model on the same connection that
 * moved the checkpoint since, leaves another one, and everything kept is dropped).
 */
export interface KeptRows<Row> {
  /** At the start of a pass, inside its transaction or before its fold, with the checkpoint stored now. */
  settle(at: number): void
  get(id: string): Row | undefined
  /**
   * What a pass kept of what it wrote (the most recently touched last), the id of every row it wrote, and the checkpoint it
   * moved to: kept if the next `settle` finds it, and then nothing the pass wrote is found as it was before.
   */
  wrote(rows: ReadonlyMap<string, Row>, touched: readonly string[], checkpoint: number): void
  /** Drops everything kept (a reset, a fold that found the checkpoint moved). */
  forget(): void
}

/** `KeptRows` of at most `max` rows: the most recently written are kept, the older dropped first. */
export const keptRows = <Row>(db: Database.Database, max: number): KeptRows<Row> => {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
  const kept = new Map<string, Row>()
  const oldest = oldestKey(kept)
  let keptVersion: number | undefined
  let pending: { readonly rows: ReadonlyMap<string, Row>; readonly touched: readonly string[]; readonly checkpoint: number } | undefined
  return {
    settle: (at) => {
      const version = dataVersion.get()
      if (version !== keptVersion || (pending !== undefined && pending.checkpoint !== at)) oldest.clear()
      else if (pending !== undefined) {
        // Every row the pass wrote is newer than what was kept of it, kept again or not: a row it wrote and did not keep
        // must not be found as the pass before left it.
        for (const id of pending.touched) kept.delete(id)
        for (const [id, row] of pending.rows) {
          kept.delete(id)
          kept.set(id, row)
        }
        while (kept.size > max) kept.delete(oldest.next() as string)
      }
      pending = undefined
      keptVersion = version
    },
    get: (id) => kept.get(id),
    wrote: (rows, touched, checkpoint) => {
      pending = { rows, touched, checkpoint }
    },
    forget: () => {
      oldest.clear()
      pending = undefined
      keptVersion = undefined
    },
  }
}

/** The last `max` of `keys` (a pass's cases in the order of their latest events: those worth keeping). */
export const lastKeys = (keys: Iterable<string>, max: number): string[] => {
  const all = [...keys]
  return all.length <= max ? all : all.slice(all.length - max)
}
