import { createWriteStream, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { basename, dirname, join } from 'node:path'
import { syncPath } from '../durableFile.js'
import { cleanupOnSignal } from '../onSignal.js'

/** A file written whole or not at all: `stream` writes a temporary file beside the target, `commit` puts it in place. */
export interface AtomicFile {
  readonly stream: WriteStream
  /** Ends the stream, syncs the file, renames it over the target and syncs the directory (the rename's durability). */
  commit(): Promise<void>
  /** Ends the stream and deletes the temporary file; the target is left as it was. */
  abort(): Promise<void>
}

/**
 * Writes `target` through a temporary file beside it (same directory, so the rename is atomic): a run killed by a
 * signal or failing halfway leaves the previous file as it was, never half of a new one (the temporary is deleted).
 */
export const atomicFile = async (target: string): Promise<AtomicFile> => {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`)
  // On a signal: delete the temporary, then die of the same signal as without the handler. Installed before the file
  // exists, so no signal finds it there unwatched.
  const release = cleanupOnSignal(() => rmSync(temporary, { force: true }))
  const stream = createWriteStream(temporary, { flags: 'wx' })
  try {
    await once(stream, 'open')
  } catch (error) {
    release()
    throw error
  }
  const finish = async (): Promise<void> => {
    if (stream.writableFinished || stream.destroyed) return
    stream.end()
    await once(stream, 'close')
  }
  return {
    stream,
    commit: async () => {
      try {
        await finish()
        syncPath(temporary, 'r+')
        renameSync(temporary, target)
        syncPath(dirname(target), 'r')
      } catch (error) {
        rmSync(temporary, { force: true })
        throw error
      } finally {
        release()
      }
    },
    abort: async () => {
      try {
        stream.destroy()
        await finish().catch(() => {})
      } finally {
        rmSync(temporary, { force: true })
        release()
      }
    },
  }
}

/** Writes `body` to `target` whole or not at all: a temporary file beside it, synced, then renamed over it. */
export const writeFileAtomically = (target: string, body: string): void => {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`)
  try {
    writeFileSync(temporary, body, { flag: 'wx' })
    syncPath(temporary, 'r+')
    renameSync(temporary, target)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
  syncPath(dirname(target), 'r')
}
