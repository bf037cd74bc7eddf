// The verify worker: a thread of its own that reads the SQLite log with its own connection and re-computes the
// hash chains, so hashing (and the garbage it makes) never takes the event loop from requests.
import { aesGcmFieldCipher, nodeSha256Hex, opensWith, sqliteEventStore, sqliteSubjectKeys, wrongKeysOf } from '@gridcase/adapters/embedded'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parentPort, Worker, workerData } from 'node:worker_threads'
import { verificationPass, type VerifiedLog, type VerifyRunner } from './routes/audit.js'

const PAGE = 500
/** A failed run's times: nothing read. */
const NO_CLOCK: VerifiedLog['clock'] = { toleranceSeconds: 0, backwards: 0, steps: [], unreadable: 0 }

interface Reply {
  readonly eventsByStream: [string, number][]
  readonly brokenLinks: VerifiedLog['brokenLinks']
  readonly references: VerifiedLog['references']
  readonly erasures: VerifiedLog['erasures']
  readonly sealedSubjects: VerifiedLog['sealedSubjects']
  readonly clearSubjects: VerifiedLog['clearSubjects']
  readonly wrongKeys: VerifiedLog['wrongKeys']
  readonly erasedSubjects: VerifiedLog['erasedSubjects']
  readonly clock: VerifiedLog['clock']
  readonly from: number
  readonly error?: string
}

if (parentPort !== null && (workerData as { verifyPath?: unknown } | null)?.verifyPath !== undefined) {
  const port = parentPort
  const path = String((workerData as { verifyPath: string }).verifyPath)
  const tried = (samples: ReturnType<ReturnType<typeof verificationPass>['samples']>): VerifiedLog['wrongKeys'] => {
    const keys = sqliteSubjectKeys(path, { readonly: true })
    try {
      return [...wrongKeysOf(samples, opensWith(aesGcmFieldCipher(keys).open))]
    } finally {
      keys.close()
    }
  }
  // Reads only: the worker's connection never writes (the server's store owns every append).
  const store = sqliteEventStore({ path, writer: 'main' })
  port.on('message', () => {
    void (async () => {
      try {
        // A pass of its own for each run, from position 0: nothing stays in the worker between runs.
        const verified = verificationPass(nodeSha256Hex)
        for (;;) {
          const page = await store.readAll({ fromPosition: verified.from(), limit: PAGE })
          for (const event of page) verified.push(event)
          if (page.length < PAGE) break
        }
        // Each kept key tried here on a value sealed for its subject, the file's key table read-only: only the keys that
        // do not open go back (found in review: every subject's sample went back, to be tried on the event loop).
        const samples = verified.samples()
        const log = verified.result(samples.length === 0 ? [] : tried(samples))
        port.postMessage({ eventsByStream: [...log.eventsByStream], brokenLinks: log.brokenLinks, references: log.references, erasures: log.erasures, sealedSubjects: log.sealedSubjects, clearSubjects: log.clearSubjects, wrongKeys: log.wrongKeys, erasedSubjects: log.erasedSubjects, clock: log.clock, from: log.from } satisfies Reply)
      } catch (error) {
        port.postMessage({ eventsByStream: [], brokenLinks: [], references: [], erasures: [], sealedSubjects: [], clearSubjects: [], wrongKeys: [], erasedSubjects: [], clock: NO_CLOCK, from: 0, error: error instanceof Error ? error.message : String(error) } satisfies Reply)
      }
    })()
  })
}

/** This file, built: a worker can only run JavaScript (under the tests' TypeScript sources it is absent). */
const builtWorker = (): URL | undefined => {
  const url = new URL(import.meta.url)
  return url.pathname.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : undefined
}

/**
 * A `VerifyRunner` on a worker thread over the SQLite file at `path`, or undefined where there is no built
 * worker to run (the caller then verifies on the event loop). The thread lives for the runs under way and ends
 * when none is left: its heap (a run holds every case's chain head and count while it reads) goes back to the
 * system rather than staying in the server's RSS. Starting one costs a fraction of a second; a run reads the
 * whole log.
 */
export const verifyWorker = (path: string): { readonly runner: VerifyRunner; readonly threads: () => number; close(): Promise<void> } | undefined => {
  const url = builtWorker()
  if (url === undefined) return undefined
  let worker: Worker | undefined
  let ended: Promise<unknown> = Promise.resolve()
  const replies: ((reply: Reply) => void)[] = []
  const start = (): Worker => {
    const started = new Worker(url, { workerData: { verifyPath: path } })
    started.unref()
    started.on('message', (reply: Reply) => {
      replies.shift()?.(reply)
      if (replies.length === 0 && worker === started) {
        worker = undefined
        ended = started.terminate()
      }
    })
    started.on('error', (error) => {
      for (const resolve of replies.splice(0)) resolve({ eventsByStream: [], brokenLinks: [], references: [], erasures: [], sealedSubjects: [], clearSubjects: [], wrongKeys: [], erasedSubjects: [], clock: NO_CLOCK, from: 0, error: error.message })
      worker = undefined
    })
    return started
  }
  return {
    runner: Object.assign((full: boolean) =>
      new Promise<VerifiedLog>((resolve, reject) => {
        worker ??= start()
        replies.push((reply) =>
          reply.error === undefined
            ? resolve({ eventsByStream: new Map(reply.eventsByStream), brokenLinks: reply.brokenLinks, references: reply.references, erasures: reply.erasures, sealedSubjects: reply.sealedSubjects, clearSubjects: reply.clearSubjects, wrongKeys: reply.wrongKeys, erasedSubjects: reply.erasedSubjects, clock: reply.clock, from: reply.from })
            : reject(new Error(reply.error)),
        )
        worker.postMessage({ full })
      }), { retained: () => 0 }),
    /** Worker threads alive (one while runs are under way, none between them). */
    threads: () => (worker === undefined ? 0 : 1),
    close: async () => {
      await worker?.terminate()
      worker = undefined
      await ended
    },
  }
}
