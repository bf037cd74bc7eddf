import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs'
import type { SignedTreeHead } from '@gridcase/core/audit'
import { replaceFileDurably } from '../durableFile.js'
import type { HeadMemory } from './treeLog.js'

/** A lock older than this was left by a signer that died holding it (a write takes milliseconds): it is taken over. */
const LOCK_STALE_MS = 30_000
/** How long a write waits for another signer's before it fails (saying so). */
const LOCK_WAIT_MS = 10_000
const pause = new Int32Array(new SharedArrayBuffer(4))

/**
 * `work` with `<path>.lock` held (made O_EXCL: one signer at a time, in this process or any other sharing the file), so
 * that reading the memory, comparing and renaming the larger head into place is one step: without it a signer that read
 * before another renamed put its smaller head back over the other's larger one.
 */
const underLock = <T>(path: string, work: () => T): T => {
  const lock = `${path}.lock`
  const since = Date.now()
  let fd: number | undefined
  while (fd === undefined) {
    try {
      fd = openSync(lock, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let age: number | undefined
      try {
        age = Date.now() - statSync(lock).mtimeMs
      } catch {
        continue // released meanwhile
      }
      if (age > LOCK_STALE_MS) {
        rmSync(lock, { force: true })
        continue
      }
      if (Date.now() - since > LOCK_WAIT_MS) throw new Error(`${lock}: another signer has held the memory's lock for over ${LOCK_WAIT_MS / 1000} s (remove it if no signer is running)`)
      Atomics.wait(pause, 0, 0, 2)
    }
  }
  try {
    return work()
  } finally {
    closeSync(fd)
    rmSync(lock, { force: true })
  }
}

/**
 * The largest head a server signed, in a small JSON file outside the database (beside the signing key by default):
 * what `treeLog` holds the log to at its next start, so that a log rewritten in the database is not signed again
 * under the same key (a fork). Written whole and renamed into place; a file that does not read is an error naming it,
 * never taken as empty (that would let a fork through).
 */
export const fileHeadMemory = (path: string): HeadMemory => {
  const memory: HeadMemory = {
    where: path,
    read: () => {
      if (!existsSync(path)) return undefined
      const text = readFileSync(path, 'utf8')
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        throw new Error(`${path}: the signer's memory of its last head is not JSON (restore it, or remove it knowingly: docs/tamper-evidence.md)`)
      }
      const head = value as { treeSize?: unknown; rootHash?: unknown }
      if (!Number.isSafeInteger(head.treeSize) || (head.treeSize as number) < 0 || typeof head.rootHash !== 'string' || !/^[0-9a-f]{64}$/.test(head.rootHash)) {
        throw new Error(`${path}: the signer's memory of its last head needs treeSize (a whole number) and rootHash (64 hex digits)`)
      }
      return { treeSize: head.treeSize as number, rootHash: head.rootHash }
    },
    write: (head: SignedTreeHead) => underLock(path, () => {
      // Never back to a smaller head: servers given one memory file (docs/tamper-evidence.md, to cover the heads the
      // others signed) each write what they sign, and one behind another would replace the other's larger head with its
      // own, and a log rewritten between the two could be signed again at a restart (a fork). A file that does not
      // read throws here as at the start: not written over.
      // Under the lock (`underLock`): no other signer sharing the file renames between this read and this rename.
      const kept = memory.read()
      if (kept !== undefined && kept.treeSize >= head.treeSize) return
      // Whole and on disk (`replaceFileDurably`: a temporary of its own — not named by the pid alone, as servers in
      // containers sharing the file's volume may all be pid 1 — synced, renamed into place, its folder synced): a power
      // cut leaves the old memory or the new, never a torn file, and after it the new one.
      replaceFileDurably(path, `${JSON.stringify({ treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, keyId: head.keyId })}\n`)
    }),
  }
  return memory
}
