import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** Syncs a file or a folder (`flags` 'r' for a folder). */
export const syncPath = (path: string, flags = 'r'): void => {
  const fd = openSync(path, flags)
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * A temporary file beside `path` holding `text`, synced: what both writes below put in place. Its name is its own (the
 * pid and random bytes: processes in containers sharing a volume may all be pid 1, and threads share one).
 */
const syncedTemporary = (path: string, text: string, mode: number): string => {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.partial`)
  const fd = openSync(temporary, 'wx', mode)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temporary, { force: true })
    throw error
  }
  closeSync(fd)
  return temporary
}

/**
 * Writes `text` to `path` whole or not at all, and durably: a temporary file beside it, synced, renamed over it, then
 * the folder synced (the rename is on disk only then). After a power cut the file holds the old text or the new one,
 * never a torn or empty one.
 */
export const replaceFileDurably = (path: string, text: string, mode = 0o600): void => {
  const temporary = syncedTemporary(path, text, mode)
  try {
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
  syncPath(dirname(path))
}

/**
 * Creates `path` holding `text` unless it exists, durably and whole: a temporary file, synced, linked into place (a
 * link never replaces a file: of two processes creating it at once, the first one's stays, and the other's is
 * dropped), then the folder synced. `false` when the file was there already. For a key generated once (a secret
 * sealed under it, or tokens signed with it, outlive a power cut only if the key does: a key file left empty by
 * one would stop the server's start for good).
 */
export const createFileOnce = (path: string, text: string, mode = 0o600): boolean => {
  const temporary = syncedTemporary(path, text, mode)
  try {
    linkSync(temporary, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    rmSync(temporary, { force: true })
  }
  syncPath(dirname(path))
  return true
}
