/**
 * The oldest key of a map (the first in insertion order), for a map kept bounded by dropping its oldest entry.
 *
 * Why not `map.keys().next().value`: V8 leaves a deleted entry in its table until the table is rebuilt, and a new
 * iterator starts at the table's first slot, so it walked past every entry dropped since the last rebuild: a cache of
 * 10,000 entries that dropped one per insertion paid about 6 µs a drop, one of 100,000 about 41 µs (a registration's
 * subject key, a new stream's head, a command's remembered stream, an opened event). This keeps one iterator: it moves on
 * from the key it gave last, which the caller deleted, so each call steps over only what was deleted since the one
 * before. A Map's iterator stays valid whatever is added or deleted (an entry added after it is visited in turn; a key
 * deleted and set again is at the end), so the key it gives is always the map's oldest.
 *
 * But an iterator holds on to the table it was made over until it moves again: after `map.clear()`, or a rebuild of
 * the table, what was in it stays reachable through the iterator. So the map is cleared through `clear` here (which lets
 * go of the iterator too), and `reset` lets go of it after deleting a value that must not stay in memory (a destroyed
 * key). The iterator is made at the first `next`, not before.
 */
export interface OldestKey<K> {
  /** The oldest key, undefined when the map is empty: delete it from the map before the next call. */
  readonly next: () => K | undefined
  /** Clears the map and lets go of the iterator (which would keep every cleared entry reachable). */
  readonly clear: () => void
  /** Lets go of the iterator (the next call makes a new one): after deleting a value that must not stay reachable. */
  readonly reset: () => void
}

export const oldestKey = <K>(map: Map<K, unknown>): OldestKey<K> => {
  let keys: IterableIterator<K> | undefined
  return {
    next: () => {
      let next = keys?.next()
      // None yet, or one that reached the end: it stays there (the entries added since are a new one's).
      if (next === undefined || next.done === true) {
        keys = map.keys()
        next = keys.next()
      }
      return next.done === true ? undefined : next.value
    },
    clear: () => {
      keys = undefined
      map.clear()
    },
    reset: () => {
      keys = undefined
    },
  }
}
