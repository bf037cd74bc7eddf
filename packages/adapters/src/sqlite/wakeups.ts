import { resolve } from 'node:path'
import type { RecordedEvent } from '@gridcase/core'
import { notifier, type Notifier } from '../subscription.js'

/** Told the events of each commit this process made to the file, right after its COMMIT returned. */
export type CommitListener = (events: readonly RecordedEvent[]) => void

interface Entry {
  readonly wake: Notifier
  readonly listeners: Set<CommitListener>
  users: number
  /** Groups sent to a writer thread of this process and not answered yet (its transaction may hold the file's write lock). */
  inFlight: number
  /** Writes of this thread waiting for the writer threads to be idle (see `whenWriterIdle`). */
  idle: (() => void)[]
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
  /**
   * Runs `write` (a short write of this thread to the file through another connection: the tree's chunks and heads) once
   * no group of a writer thread of this process is in flight: at once without one, else right after the group in flight
   * is answered and before the next is sent. This thread would otherwise wait, blocked, for the writer thread's
   * transaction and fsync to release the write lock: the event loop stalled for a commit (tens of ms under load), once
   * per signed head. Other processes' writers are not known here: against them the connection's busy timeout applies.
   */
  readonly whenWriterIdle: (write: () => void) => void
  /** A writer thread of this process is sending a group (`writerSent`) / was answered for one (`writerAnswered`). */
  readonly writerSent: () => void
  readonly writerAnswered: () => void
  /** Whether a group of a writer thread of this process is in flight now (tests). */
  readonly writerBusy: () => boolean
} => {
  // Resolved once, at registration: a `process.chdir` before `release` must not make it drop another file's entry.
  const key = path === ':memory:' ? undefined : resolve(path)
  const entry: Entry = (key === undefined ? undefined : byFile.get(key)) ?? { wake: notifier(), listeners: new Set(), users: 0, inFlight: 0, idle: [] }
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
    whenWriterIdle: (write) => {
      if (entry.inFlight === 0) write()
      else entry.idle.push(write)
    },
    writerSent: () => {
      entry.inFlight += 1
    },
    writerAnswered: () => {
      entry.inFlight = Math.max(0, entry.inFlight - 1)
      // Run at every answer, even with another store's group still in flight (two writer threads on one file): never
      // later than that, so a busy file does not hold the writes back for ever.
      const due = entry.idle
      entry.idle = []
      for (const write of due) {
        // A write's failure is its own affair (it reports it itself), never the append's that was just answered.
        try {
          write()
        } catch {
          // ignored, as above
        }
      }
    },
    writerBusy: () => entry.inFlight > 0,
  }
}
