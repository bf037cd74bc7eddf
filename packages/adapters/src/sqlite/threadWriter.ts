import type { Worker } from 'node:worker_threads'
import { startModuleWorker } from '../workerEntry.js'
import type { Settled } from '../groupCommit.js'
import { fromWire, settledFrom, toWriter, type FromWriter, type NamedAppend, type ToWriter, type WireSettled, type WriterThreadData } from './writerProtocol.js'
import type { AppendOutcome } from './writer.js'

/** The writer thread as the store sees it: send a group, get each append's outcome once it is committed. */
export interface ThreadWriter {
  commit(group: readonly NamedAppend[]): Promise<Settled<AppendOutcome>[]>
  /** Commits what was sent, closes the thread's connection and ends the thread. */
  close(): Promise<void>
}

/** The thread runs writerThread (compiled, or from the sources through tsx: see startModuleWorker). */
const startThread = (data: WriterThreadData): Worker => startModuleWorker(import.meta.url, 'writerThread', data)

/** Starts the writer thread (see writerThread.ts) and speaks its protocol. */
export const threadWriter = (data: WriterThreadData): ThreadWriter => {
  const worker = startThread(data)
  // Idle, the thread does not keep the process alive; it does while commits are in flight.
  worker.unref()
  const pending = new Map<
    number,
    { readonly group: readonly NamedAppend[]; readonly resolve: (s: Settled<AppendOutcome>[]) => void; readonly reject: (e: unknown) => void }
  >()
  let nextId = 0
  let failure: Error | undefined
  let exited = false
  let closed: Promise<void> | undefined

  const settle = (id: number, outcome: { readonly ok: readonly WireSettled[] } | { readonly error: unknown }): void => {
    const waiting = pending.get(id)
    if (waiting === undefined) return
    pending.delete(id)
    if (pending.size === 0) worker.unref()
    if ('error' in outcome) return waiting.reject(outcome.error)
    // The events come back as their chain fields only: made here from what was sent (writerProtocol.ts, `recordedFrom`).
    const { group } = waiting
    if (outcome.ok.length !== group.length) return waiting.reject(new Error('the writer thread answered for another number of appends than it was sent'))
    waiting.resolve(outcome.ok.map((wire, i) => settledFrom(group[i] as NamedAppend, wire)))
  }
  const failAll = (error: Error): void => {
    failure ??= error
    for (const id of [...pending.keys()]) settle(id, { error: failure })
  }

  worker.on('message', (message: FromWriter) => {
    if (message.type === 'committed') {
      settle(message.id, { ok: message.settled })
    } else if (message.type === 'failed') {
      settle(message.id, { error: fromWire(message.error) })
    }
  })
  worker.on('error', (error) => failAll(error))
  worker.on('exit', (code) => {
    exited = true
    // Anything still waiting was never committed by this thread: say so rather than hang.
    failAll(new Error(`the SQLite writer thread exited (code ${code}) before answering`))
  })

  const post = (message: ToWriter): void => worker.postMessage(message)

  return {
    commit: (group) =>
      new Promise((resolve, reject) => {
        if (closed !== undefined) return reject(new Error('the SQLite store is closed'))
        if (failure !== undefined) return reject(failure)
        const id = (nextId += 1)
        pending.set(id, { group, resolve, reject })
        if (pending.size === 1) worker.ref()
        post({ type: 'commit', id, group: group.map(toWriter) })
      }),
    close: () => {
      closed ??= exited
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            worker.once('exit', () => resolve())
            worker.ref()
            post({ type: 'close' })
          })
      return closed
    },
  }
}
