import { createWriteStream, existsSync, linkSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs'
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
export const atomicFile = async (target: string, options: { readonly replace?: boolean } = {}): Promise<AtomicFile> => {
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
        // Never over a file there (`replace: false`): linked in place, which fails (EEXIST) where one is, then let go of.
        if (options.replace === false) {
          linkSync(temporary, target)
          rmSync(temporary, { force: true })
        } else renameSync(temporary, target)
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

/**
 * The file a CLI command writes for `--out` (audit export and receipt, evaluation), opened before anything is read or
 * computed and written whole or not at all (`atomicFile`), or what is wrong with the path — one wording for every command,
 * an input error (exit 2): a folder, or a place it cannot write (its folder missing, not writable; the temporary beside
 * it could not be made, so nothing is left behind).
 */
export const openOut = async (out: string, options: { readonly replace?: boolean } = {}): Promise<{ readonly file: AtomicFile } | { readonly problem: string }> => {
  if (existsSync(out) && statSync(out).isDirectory()) return { problem: `--out ${out} is a folder: give the path of the file to write` }
  try {
    return { file: await atomicFile(out, options) }
  } catch (error) {
    return { problem: cannotWriteOut(out, error) }
  }
}

/** What a CLI says of an `--out` it could not write (its folder missing, not writable, the disk full), naming it. */
export const cannotWriteOut = (out: string, error: unknown): string =>
  `--out ${out}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))})`
