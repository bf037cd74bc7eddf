// The main side of the tree log's worker thread (treeThread.ts): starts it, wakes it at every commit of the
// store's file in this process, restarts it if it dies, stops it cleanly, and says how far behind it is.
import type { Worker } from 'node:worker_threads'
import type { RecordedEvent } from '@gridcase/core'
import { wakeupsFor } from '../sqlite/wakeups.js'
import { startModuleWorker } from '../workerEntry.js'
import type { Notifier } from '../subscription.js'
import { leafRunsOf, type LeafRun } from './leafRuns.js'
import type { MerkleChunk } from './treeHeads.js'
import type { FromTree, ToTree, TreeThreadData, TreeThreadSigning } from './treeProtocol.js'

export type TreeUpdate = Extract<FromTree, { type: 'tree' }>
export type TreeStopped = Extract<FromTree, { type: 'stopped' }>

/** How far the tree is behind the committed log (the health of the follower). */
export interface TreeLag {
  /** Events committed (as of the thread's last read) that the tree has not taken in. */
  readonly events: number
  /** How long the oldest commit the thread was told about has waited for it, in ms (0: nothing waiting). */
  readonly ms: number
  /** How many times the thread died and was started again. */
  readonly restarts: number
}

export interface TreeWorker {
  /** Starts the thread; resolves once it has taken in everything committed when it started. */
  readonly start: () => Promise<void>
  readonly stop: () => Promise<void>
  readonly lag: () => TreeLag
  /** The running thread (tests kill it to see the tree resume). */
  readonly thread: () => Worker | undefined
  /** How many wakes were sent to the thread (one per step at most, not one per commit). */
  readonly wakes: () => number
  /** How many leaves the running thread took from this process's commits as sent (not read back from the file). */
  readonly leavesFromCommits: () => number
  /** While someone waits for the tree (start, `waitFor`), the thread keeps the process alive; otherwise it does not. */
  readonly keepAlive: (waiting: boolean) => void
  /** With `signing`: asks the thread to sign a head over anything new (the timer's head), stamped `now`. */
  readonly sign: (now: string) => void
  /** With `signing`: tells the thread a head of this size was saved here (the next is due `everyEvents` after it). */
  readonly signed: (size: number) => void
}

/** Events committed here and not yet sent to the thread, at most (beyond, the thread reads them from the file). */
const MAX_RUN_EVENTS = 1 << 16

/** The thread runs treeThread (compiled, or from the sources through tsx: see startModuleWorker), as the writer thread does. */
const startThread = (data: TreeThreadData): Worker => startModuleWorker(import.meta.url, 'treeThread', data)

export const treeWorker = (options: {
  readonly path: string
  /** The chunks known now: a (re)started thread resumes after the last. */
  readonly chunks: () => readonly MerkleChunk[]
  readonly pollMs?: number
  readonly onUpdate: (update: TreeUpdate) => void
  /** The thread's last word at a stop (with `signing`: the head it signed or saved then, what failed). */
  readonly onStopped?: (stopped: TreeStopped) => void
  /**
   * The thread signs the heads due (and, given a file, saves them: see TreeThreadSigning), as of when it is (re)started;
   * `now` is the main side's clock, sent with every wake so that a head is stamped with it.
   */
  readonly signing?: () => TreeThreadSigning
  readonly now?: () => string
  readonly onError?: (error: unknown) => void
  /**
   * The least time between two wakes of the thread (default 0: the next wake goes as soon as the last is answered). Above
   * 0, commits closer together are taken in one step; a signed head every N events then waits up to this long.
   */
  readonly wakeEveryMs?: number
  /** Wait before starting a dead thread again (default 200 ms): a thread that dies at once does not spin. */
  readonly restartMs?: number
}): TreeWorker => {
  // What this process committed since the last wake: sent with it, so the thread need not read those rows back.
  let runs: LeafRun[] = []
  let runEvents = 0
  const take = (events: readonly RecordedEvent[]): void => {
    // A thread far behind (or gone) reads from the file: what is held here is bounded.
    if (runEvents + events.length > MAX_RUN_EVENTS) {
      runs = []
      runEvents = 0
    }
    for (const run of leafRunsOf(events)) runs.push(run)
    runEvents += events.length
  }
  // The file's wake-up and the commit listener are taken in `start` and let go in `stop` (or when start fails): a worker
  // built and never started, or whose start failed, holds nothing (else up to MAX_RUN_EVENTS events and the file's entry
  // for the life of the process).
  let registration: (() => void) | undefined
  const letGo = (): void => {
    const release = registration
    registration = undefined
    release?.()
  }
  const abort = new AbortController()
  let worker: Worker | undefined
  let stopping = false
  let restarts = 0
  let logPosition = -1
  let treePosition = -1
  let waitingSince: number | undefined
  let restartTimer: ReturnType<typeof setTimeout> | undefined
  let caughtUp: (() => void) | undefined
  let wakes: Promise<void> | undefined
  let waiting = false
  let wakesSent = 0
  let fromCommits = 0
  const wakeEveryMs = options.wakeEveryMs ?? 0

  const post = (message: ToTree): void => worker?.postMessage(message)
  // At a stop: resolved by the thread's last word ('stopped', with what it signed then) or by its exit without one.
  let said: (() => void) | undefined

  const launch = (): void => {
    const signing = options.signing?.()
    const thread = startThread({ path: options.path, chunks: options.chunks(), pollMs: options.pollMs ?? 250, ...(signing === undefined ? {} : { signing }) })
    worker = thread
    // Idle, the thread does not keep the process alive (the store's handles decide that); awaited, it does.
    if (!waiting) thread.unref()
    thread.on('message', (message: FromTree) => {
      if (message.type === 'stopped') {
        options.onStopped?.(message)
        said?.()
      }
      if (message.type !== 'tree') return
      logPosition = Math.max(logPosition, message.logPosition)
      treePosition = message.lastPosition
      fromCommits = message.fromCommits
      if (message.caughtUp) waitingSince = undefined
      answer()
      options.onUpdate(message)
      if (message.caughtUp && caughtUp !== undefined) {
        const resolve = caughtUp
        caughtUp = undefined
        resolve()
      }
    })
    thread.on('error', (error) => options.onError?.(error))
    thread.on('exit', () => {
      said?.()
      if (worker === thread) worker = undefined
      answer()
      if (stopping) return
      // Died (an error, or killed): started again from the chunks known, after a pause; the lag shows meanwhile.
      restarts += 1
      options.onError?.(new Error(`the tree log's thread stopped; starting it again (${restarts})`))
      restartTimer = setTimeout(() => {
        restartTimer = undefined
        if (!stopping) launch()
      }, options.restartMs ?? 200)
      if (!waiting) restartTimer.unref()
    })
  }

  // The thread's next report (or its end, or a stop): until then a wake is in flight.
  let answered: (() => void) | undefined
  const answer = (): void => {
    const resolve = answered
    answered = undefined
    resolve?.()
  }
  const untilAnswered = (): Promise<void> =>
    worker === undefined || abort.signal.aborted ? Promise.resolve() : new Promise<void>((resolve) => (answered = resolve))
  const pause = (ms: number): Promise<void> =>
    ms <= 0 || abort.signal.aborted
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer)
            abort.signal.removeEventListener('abort', done)
            resolve()
          }
          const timer = setTimeout(done, ms)
          abort.signal.addEventListener('abort', done, { once: true })
        })

  // Commits of the file in this process wake the thread, one wake in flight at a time (and at most one per wakeEveryMs):
  // a step takes or reads everything committed by then, so commits close together need one wake, not one each (a message to a
  // thread costs the main thread tens of µs, more than a small commit's share of the step).
  const forward = async (wake: Notifier): Promise<void> => {
    let seen = wake.generation()
    while (!abort.signal.aborted) {
      await wake.wait(abort.signal, undefined, seen)
      if (abort.signal.aborted) return
      // Taken before the wake: a commit from here on is read by this step or wakes the thread again.
      seen = wake.generation()
      waitingSince ??= Date.now()
      const sentAt = performance.now()
      const reply = untilAnswered()
      const now = options.now === undefined ? {} : { now: options.now() }
      post(runs.length === 0 ? { type: 'wake', ...now } : { type: 'wake', runs, ...now })
      runs = []
      runEvents = 0
      wakesSent += 1
      await reply
      await pause(sentAt + wakeEveryMs - performance.now())
    }
  }

  return {
    start: async () => {
      if (registration !== undefined || stopping) throw new Error("the tree log's thread is started once")
      const { wake, release, onCommitted } = wakeupsFor(options.path)
      const forget = onCommitted(take)
      registration = () => {
        forget()
        release()
      }
      const ready = new Promise<void>((resolve) => (caughtUp = resolve))
      waiting = true
      try {
        launch()
      } catch (error) {
        // Nothing started: nothing held.
        caughtUp = undefined
        waiting = false
        letGo()
        throw error
      }
      wakes = forward(wake)
      await ready
      waiting = false
      worker?.unref()
    },
    stop: async () => {
      stopping = true
      abort.abort()
      answer()
      if (restartTimer !== undefined) clearTimeout(restartTimer)
      await wakes
      const thread = worker
      if (thread !== undefined) {
        const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()))
        const lastWord = new Promise<void>((resolve) => (said = resolve))
        // Held until it has closed its connection and exited: stop is awaited like any other wait.
        thread.ref()
        post(options.now === undefined ? { type: 'stop' } : { type: 'stop', now: options.now() })
        await Promise.all([exited, lastWord])
      }
      worker = undefined
      letGo()
    },
    lag: () => ({ events: Math.max(0, logPosition - treePosition), ms: waitingSince === undefined ? 0 : Date.now() - waitingSince, restarts }),
    thread: () => worker,
    wakes: () => wakesSent,
    leavesFromCommits: () => fromCommits,
    sign: (now) => post({ type: 'sign', now }),
    signed: (size) => post({ type: 'signed', size }),
    keepAlive: (wait) => {
      waiting = wait
      if (wait) worker?.ref()
      else worker?.unref()
    },
  }
}
