import { readdirSync, statSync } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { AttachmentInfo, AttachmentStore } from './store.js'

/** Default grace period before an upload no event names may be removed (ATTACHMENTS_GRACE_DAYS). */
export const DEFAULT_GRACE_DAYS = 7

export interface GarbageOptions {
  /** Is the file named by some event? (From the log itself: `referencesInStore`.) */
  readonly referenced: (sha256: string) => boolean
  /** Now (ms since the epoch) and how long an upload is kept before it may go. */
  readonly now: number
  readonly graceMs: number
  /** Report what would go, remove nothing. */
  readonly dryRun?: boolean
}

/**
 * Removes uploads that no event names once their grace period has passed (an upload is kept that long for the
 * command that will name it). A file some event names is never removed, however old. A command that names a file
 * after it was collected is refused (`unknown-attachment`): upload it again.
 */
export const collectAttachmentGarbage = async (store: AttachmentStore, options: GarbageOptions): Promise<readonly AttachmentInfo[]> => {
  const due = (await store.list()).filter((f) => !options.referenced(f.sha256) && options.now - Date.parse(f.uploadedAt) > options.graceMs)
  if (options.dryRun !== true) for (const f of due) await store.remove(f.sha256)
  return due
}

/**
 * Files in an attachments directory that the index does not record (a crash between the rename and the record)
 * and leftover temporary uploads, older than the grace period: removed too (not with `dryRun`).
 */
export const collectStrayFiles = async (dir: string, recorded: (sha256: string) => boolean, options: Pick<GarbageOptions, 'now' | 'graceMs' | 'dryRun'>): Promise<readonly string[]> => {
  const stray: string[] = []
  const old = (path: string) => options.now - statSync(path).mtimeMs > options.graceMs
  const entries = (path: string) => {
    try {
      return readdirSync(path)
    } catch {
      return []
    }
  }
  for (const name of entries(join(dir, 'tmp'))) if (old(join(dir, 'tmp', name))) stray.push(join(dir, 'tmp', name))
  for (const a of entries(dir).filter((n) => /^[0-9a-f]{2}$/.test(n))) {
    for (const b of entries(join(dir, a)).filter((n) => /^[0-9a-f]{2}$/.test(n))) {
      for (const file of entries(join(dir, a, b))) {
        const path = join(dir, a, b, file)
        if (/^[0-9a-f]{64}$/.test(file) && !recorded(file) && old(path)) stray.push(path)
      }
    }
  }
  if (options.dryRun !== true) for (const path of stray) await unlink(path).catch(() => undefined)
  return stray
}
