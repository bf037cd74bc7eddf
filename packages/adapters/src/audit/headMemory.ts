import { existsSync, readFileSync } from 'node:fs'
import type { SignedTreeHead } from '@gridcase/core/audit'
import { replaceFileDurably } from '../durableFile.js'
import type { HeadMemory } from './treeLog.js'

/**
 * The largest head a server signed, in a small JSON file outside the database (beside the signing key by default):
 * what `treeLog` holds the log to at its next start, so that a log rewritten in the database is not signed again
 * under the same key (a fork). Written whole and renamed into place; a file that does not read is an error naming it,
 * never taken as empty (that would let a fork through).
 */
export const fileHeadMemory = (path: string): HeadMemory => {
  const memory: HeadMemory = {
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
    write: (head: SignedTreeHead) => {
      // Never back to a smaller head: servers given one memory file (docs/tamper-evidence.md, to cover the heads the
      // others signed) each write what they sign, and one behind another would replace the other's larger head with its
      // own, and a log rewritten between the two could be signed again at a restart (a fork). A file that does not
      // read throws here as at the start: not written over.
      const kept = memory.read()
      if (kept !== undefined && kept.treeSize >= head.treeSize) return
      // Whole and on disk (`replaceFileDurably`: synced, renamed into place, its folder synced): a power cut leaves the
      // old memory or the new, never a torn file, and after it the new one.
      replaceFileDurably(path, `${JSON.stringify({ treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, keyId: head.keyId })}\n`)
    },
  }
  return memory
}
