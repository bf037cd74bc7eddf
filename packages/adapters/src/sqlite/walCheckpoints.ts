import type Database from 'better-sqlite3'
import type { Worker } from 'node:worker_threads'
import { startModuleWorker } from '../workerEntry.js'
import type { FromCheckpointThread, WalCheckpointThreadData } from './walIndex.js'

/** SQLite's own automatic checkpoint threshold (frames in the WAL), which the writer keeps. */
export const WRITER_CHECKPOINT_PAGES = 1000

/** Frames waiting in the WAL that make the checkpoint thread copy them: a quarter of the writer's threshold. */
export const CHECKPOINT_PAGES = 250

export interface WalCheckpointOptions {
  /** Frames waiting that make the thread checkpoint (default CHECKPOINT_PAGES). */
  readonly pages?: number
  /** How often the thread looks (default 25 ms: at 1,000 commits/s about a hundred frames come between two looks). */
  readonly pollMs?: number
  /** Wait before starting a thread that died again (default 1 s). */
  readonly restartMs?: number
  readonly onError?: (error: unknown) => void
}

export interface WalCheckpoints {
  /** Checkpoints the thread ran, and the frames they copied, so far. */
  readonly done: () => { readonly checkpoints: number; readonly frames: number; readonly restarts: number }
  /** The running thread (tests end it to see it started again). */
  readonly thread: () => Worker | undefined
  /** Ends the thread (the connection's owner checkpoints at its close as before). */
  stop(): Promise<void>
}

/**
 * A SQLite file's WAL checkpoints done ahead on a thread of their own (检查点), so the thread that commits finds little
 * to do. SQLite checkpoints automatically inside the commit that takes the WAL past 1,000 pages: that commit copies the
 * pages into the database file and fsyncs it, on the writer's thread, while every request behind it waits (the server's
 * slowest commits: issue #18, docs/scale.md). Here a worker thread, on a connection of its own, runs a PASSIVE
 * checkpoint (it neither waits for nor blocks the writer and the readers) whenever `pages` frames wait, and syncs the
 * file after it. The writer keeps its own threshold: its checkpoint, when the WAL reaches it, copies and syncs only what
 * came since the thread's last, and then the writer's next commit starts the WAL again from its beginning (which only a
 * checkpoint that reached the WAL's end allows; under steady commits the thread's seldom does). Should the thread be
 * gone, the writer checkpoints as SQLite always did. A checkpoint moves nothing durable: every commit is in the WAL
 * (fsync'd at the commit with synchronous=FULL) before it is copied, so a thread killed mid-copy loses nothing.
 */
export const walCheckpointsOnThread = (db: Database.Database, options: WalCheckpointOptions = {}): WalCheckpoints => {
  const data: WalCheckpointThreadData = { path: db.name, pages: options.pages ?? CHECKPOINT_PAGES, pollMs: options.pollMs ?? 25 }
  let checkpoints = 0
  let frames = 0
  let restarts = 0
  let stopping = false
  let worker: Worker | undefined
  let restartTimer: ReturnType<typeof setTimeout> | undefined
  const launch = (): void => {
    const thread = startModuleWorker(import.meta.url, 'walCheckpointThread', data)
    worker = thread
    // The thread never keeps the process alive: the file's owner decides that.
    thread.unref()
    thread.on('message', (message: FromCheckpointThread) => {
      checkpoints += 1
      frames += message.copied
    })
    thread.on('error', (error) => options.onError?.(error))
    thread.on('exit', () => {
      if (worker === thread) worker = undefined
      if (stopping) return
      restarts += 1
      restartTimer = setTimeout(launch, options.restartMs ?? 1000)
      restartTimer.unref()
    })
  }
  launch()
  return {
    done: () => ({ checkpoints, frames, restarts }),
    thread: () => worker,
    stop: async () => {
      stopping = true
      if (restartTimer !== undefined) clearTimeout(restartTimer)
      const thread = worker
      if (thread === undefined) return
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()))
      // Awaited, its exit keeps the process alive: unref'd, a program whose last work is this stop would end with the
      // promise pending (exit code 13).
      thread.ref()
      thread.postMessage({ type: 'stop' })
      await exited
    },
  }
}
