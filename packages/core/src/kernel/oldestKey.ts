/**
 * The oldest key of a map (the first in insertion order), for a map kept bounded by dropping its oldest entry: each key
 * this gives must be deleted from the map before the next call. Undefined when the map is empty.
 *
 * Why not `map.keys().next().value`: V8 leaves a deleted entry in its table until the table is rebuilt, and a new
 * iterator starts at the table's first slot, so it walked past every entry dropped since the last rebuild: a cache of
 * 10,000 entries that dropped one per insertion paid about 6 µs a drop, one of 100,000 about 41 µs (a registration's
 * subject key, a new stream's head, a command's remembered stream, an opened event). This keeps one iterator: it moves on
 * from the key it gave last, which the caller deleted, so each call steps over only what was deleted since the last one.
 * A Map's iterator stays valid whatever is added or deleted (an entry added after it is visited in turn; a key deleted
 * and set again is at the end), so the key it gives is always the map's oldest.
 */
export const oldestKey = <K>(map: Map<K, unknown>): (() => K | undefined) => {
  let keys = map.keys()
  return () => {
    let next = keys.next()
    // An iterator that reached the end stays there (the entries added since are a new one's).
    if (next.done === true) {
      keys = map.keys()
      next = keys.next()
    }
    return next.done === true ? undefined : next.value
  }
}
