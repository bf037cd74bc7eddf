// The WAL checkpoint thread (see walCheckpoints.ts): on a connection of its own, copies the WAL's frames into the
// database file (a PASSIVE checkpoint: it never waits for, nor blocks, the writer or the readers) once enough of them
// are waiting, so the commit that crosses SQLite's autocheckpoint threshold does not do it, fsyncs included, on the
// writer's thread.
import Database from 'better-sqlite3'
import { closeSync, openSync, readSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { framesWaiting, WAL_INDEX_HEADER_BYTES, type FromCheckpointThread, type WalCheckpointThreadData } from './walIndex.js'

const port = parentPort
if (port === null) throw new Error('walCheckpointThread.ts runs as a worker thread only')
const { path, pages, pollMs } = workerData as WalCheckpointThreadData

const db = new Database(path, { fileMustExist: true })
// A checkpoint that finds a lock taken skips what it cannot copy (PASSIVE): nothing here ever sleeps in the busy handler.
db.pragma('busy_timeout = 0')
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
const header = Buffer.alloc(WAL_INDEX_HEADER_BYTES)
let shm: number | undefined

/** Frames in the WAL not yet copied into the database, as the WAL index (`-shm`) says; undefined while it has none. */
const waiting = (): number | undefined => {
  try {
    shm ??= openSync(`${path}-shm`, 'r')
    return readSync(shm, header, 0, WAL_INDEX_HEADER_BYTES, 0) === WAL_INDEX_HEADER_BYTES ? framesWaiting(header) : undefined
  } catch {
    return undefined
  }
}

const step = (): void => {
  const frames = waiting()
  if (frames === undefined || frames < pages) return
  const [row] = checkpoint.all() as { busy: number; log: number; checkpointed: number }[]
  const message: FromCheckpointThread = { type: 'checkpointed', waiting: frames, busy: row?.busy ?? 0, log: row?.log ?? 0, checkpointed: row?.checkpointed ?? 0 }
  port.postMessage(message)
}

const timer = setInterval(() => {
  try {
    step()
  } catch (error) {
    // Said to the main side, which starts the thread again after a pause; the writer's own (higher) threshold bounds the
    // WAL meanwhile.
    clearInterval(timer)
    throw error
  }
}, pollMs)

port.on('message', (message: { readonly type: 'stop' }) => {
  if (message.type !== 'stop') return
  clearInterval(timer)
  if (shm !== undefined) closeSync(shm)
  db.close()
  port.close()
})
