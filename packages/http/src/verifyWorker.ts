// The verify worker: a thread of its own that reads the SQLite log with its own connection and re-computes the
// hash chains, so hashing (and the garbage it makes) never takes the event loop from requests.
import { nodeSha256Hex, sqliteEventStore } from '@gridcase/adapters/embedded'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parentPort, Worker, workerData } from 'node:worker_threads'
import { incrementalVerifier, type VerifiedLog, type VerifyRunner } from './routes/audit.js'

const PAGE = 500

interface Reply {
  readonly eventsByStream: [string, number][]
  readonly brokenLinks: VerifiedLog['brokenLinks']
  readonly references: VerifiedLog['references']
  readonly erasures: VerifiedLog['erasures']
  readonly from: number
  readonly error?: string
}

if (parentPort !== null && (workerData as { verifyPath?: unknown } | null)?.verifyPath !== undefined) {
  const port = parentPort
  // Reads only: the worker's connection never writes (the server's store owns every append).
  const store = sqliteEventStore({ path: String((workerData as { verifyPath: string }).verifyPath), writer: 'main' })
  const verified = incrementalVerifier(nodeSha256Hex)
  port.on('message', (message: { full: boolean }) => {
    void (async () => {
      try {
        if (message.full) verified.reset()
        for (;;) {
          const page = await store.readAll({ fromPosition: verified.from(), limit: PAGE })
          for (const event of page) verified.push(event)
          if (page.length < PAGE) break
        }
        const log = verified.snapshot()
        port.postMessage({ eventsByStream: [...log.eventsByStream], brokenLinks: log.brokenLinks, references: log.references, erasures: log.erasures, from: log.from } satisfies Reply)
      } catch (error) {
        port.postMessage({ eventsByStream: [], brokenLinks: [], references: [], erasures: [], from: 0, error: error instanceof Error ? error.message : String(error) } satisfies Reply)
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
 * A `VerifyRunner` on a worker thread over the SQLite file at `path` (started at the first verify, ended by
 * `close`), or undefined where there is no built worker to run (the caller then verifies on the event loop).
 */
export const verifyWorker = (path: string): { readonly runner: VerifyRunner; close(): Promise<void> } | undefined => {
  const url = builtWorker()
  if (url === undefined) return undefined
  let worker: Worker | undefined
  const replies: ((reply: Reply) => void)[] = []
  const start = (): Worker => {
    const started = new Worker(url, { workerData: { verifyPath: path } })
    started.unref()
    started.on('message', (reply: Reply) => replies.shift()?.(reply))
    started.on('error', (error) => {
      for (const resolve of replies.splice(0)) resolve({ eventsByStream: [], brokenLinks: [], references: [], erasures: [], from: 0, error: error.message })
      worker = undefined
    })
    return started
  }
  return {
    runner: (full) =>
      new Promise<VerifiedLog>((resolve, reject) => {
        worker ??= start()
        replies.push((reply) =>
          reply.error === undefined ? resolve({ eventsByStream: new Map(reply.eventsByStream), brokenLinks: reply.brokenLinks, references: reply.references, erasures: reply.erasures, from: reply.from }) : reject(new Error(reply.error)),
        )
        worker.postMessage({ full })
      }),
    close: async () => {
      await worker?.terminate()
      worker = undefined
    },
  }
}
