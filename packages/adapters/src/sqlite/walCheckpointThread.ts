// The WAL checkpoint thread (see walCheckpoints.ts): on a connection of its own, copies the WAL's frames into the
// database file (a PASSIVE checkpoint: it never waits for, nor blocks, the writer or the readers) and syncs the file,
// once enough frames wait, so the commit that crosses SQLite's autocheckpoint threshold finds little left to copy and
// to sync on the writer's thread.
import Database from 'better-sqlite3'
import { closeSync, fdatasyncSync, openSync, readSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { walFrames, WAL_INDEX_HEADER_BYTES, type FromCheckpointThread, type WalCheckpointThreadData } from './walIndex.js'

const port = parentPort
if (port === null) throw new Error('walCheckpointThread.ts runs as a worker thread only')
const { path, pages, pollMs } = workerData as WalCheckpointThreadData

const db = new Database(path, { fileMustExist: true })
// A checkpoint that finds a lock taken skips what it cannot copy (PASSIVE): nothing here ever sleeps in the busy handler.
db.pragma('busy_timeout = 0')
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
const header = Buffer.alloc(WAL_INDEX_HEADER_BYTES)
let shm: number | undefined
// The database file itself, to sync what a checkpoint copied: SQLite syncs it only when the checkpoint reached the WAL's
// end, which under steady commits it seldom does (a commit lands meanwhile). The copied pages would then wait, dirty, for
// the writer's next own checkpoint to sync them all, on its thread: the stall this thread is here to take away.
const file = openSync(path, 'r')

/** The WAL's frames as the WAL index (`-shm`) says; undefined while it has none. */
const frames = (): ReturnType<typeof walFrames> | undefined => {
  try {
    shm ??= openSync(`${path}-shm`, 'r')
    return readSync(shm, header, 0, WAL_INDEX_HEADER_BYTES, 0) === WAL_INDEX_HEADER_BYTES ? walFrames(header) : undefined
  } catch {
    return undefined
  }
}

const step = (): void => {
  const before = frames()
  if (before === undefined || before.last - before.copied < pages) return
  const [row] = checkpoint.all() as { busy: number; log: number; checkpointed: number }[]
  const checkpointed = row?.checkpointed ?? 0
  // Below what was copied before: the writer started the WAL again meanwhile, and all it counts is this checkpoint's.
  const copied = checkpointed >= before.copied ? checkpointed - before.copied : checkpointed
  if (copied > 0) fdatasyncSync(file)
  const message: FromCheckpointThread = { type: 'checkpointed', waiting: before.last - before.copied, copied, busy: row?.busy ?? 0 }
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
  closeSync(file)
  db.close()
  port.close()
})
