import { resolve } from 'node:path'
import type { RecordedEvent } from '@gridcase/core'
import { notifier, type Notifier } from '../subscription.js'

/** Told the events of each commit this process made to the file, right after its COMMIT returned. */
export type CommitListener = (events: readonly RecordedEvent[]) => void

interface Entry {
  readonly wake: Notifier
  readonly listeners: Set<CommitListener>
  users: number
}

// One notifier per file per process, so a commit through one connection wakes
// subscribers reading through another at once; other processes are seen by polling.
const byFile = new Map<string, Entry>()

/**
 * The shared wake-up for a file; call `release` when the connection closes. `committed` tells the listeners
 * (`onCommitted`: the tree log's thread) what a store of this process just committed to the file, so that they need not
 * read it back; what other processes commit reaches nobody here, and is read from the file.
 */
export const wakeupsFor = (
  path: string,
): {
  readonly wake: Notifier
  readonly release: () => void
  readonly committed: (events: readonly RecordedEvent[]) => void
  readonly onCommitted: (listener: CommitListener) => () => void
} => {
  // Resolved once, at registration: a `process.chdir` before `release` must not make it drop another file's entry.
  const key = path === ':memory:' ? undefined : resolve(path)
  const entry: Entry = (key === undefined ? undefined : byFile.get(key)) ?? { wake: notifier(), listeners: new Set(), users: 0 }
  if (key !== undefined) {
    entry.users += 1
    byFile.set(key, entry)
  }
  let released = false
  return {
    wake: entry.wake,
    release: () => {
      if (released || key === undefined) return
      released = true
      entry.users -= 1
      if (entry.users === 0 && byFile.get(key) === entry) byFile.delete(key)
    },
    committed: (events) => {
      for (const listener of entry.listeners) {
        // What a listener does with a commit is its own affair: it never fails the append that made it (what it
        // missed, the tree's thread reads from the file).
        try {
          listener(events)
        } catch {
          // ignored, as above
        }
      }
    },
    onCommitted: (listener) => {
      entry.listeners.add(listener)
      return () => entry.listeners.delete(listener)
    },
  }
}
