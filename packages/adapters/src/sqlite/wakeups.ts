import { resolve } from 'node:path'
import { notifier, type Notifier } from '../subscription.js'

// One notifier per file per process, so a commit through one connection wakes
// subscribers reading through another at once; other processes are seen by polling.
const byFile = new Map<string, { readonly wake: Notifier; users: number }>()

/** The shared wake-up for a file; call `release` when the connection closes. */
export const wakeupsFor = (path: string): { readonly wake: Notifier; readonly release: () => void } => {
  if (path === ':memory:') return { wake: notifier(), release: () => {} }
  const key = resolve(path)
  const entry = byFile.get(key) ?? { wake: notifier(), users: 0 }
  entry.users += 1
  byFile.set(key, entry)
  let released = false
  return {
    wake: entry.wake,
    release: () => {
      if (released) return
      released = true
      entry.users -= 1
      if (entry.users === 0) byFile.delete(key)
    },
  }
}
