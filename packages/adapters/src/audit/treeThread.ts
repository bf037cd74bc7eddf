// The tree log's worker thread: follows the committed SQLite log on a read-only connection of its own and does
// the per-event work of the Merkle tree (leaf and interior hashes, chunk roots), so the writer's thread does not.
// As a Certificate Transparency log merges entries after accepting them: the main side signs heads over the
// (size, root) pairs this thread reports, each the root over exactly the first `size` committed events.
import { leafHash, logLeaf, merkleFrontier, type Digest } from '@gridcase/core/audit'
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { nodeSha256Bytes } from './nodeBytesHash.js'
import type { FromTree, ToTree, TreeThreadData } from './treeProtocol.js'
import type { MerkleChunk } from './treeHeads.js'

const port = parentPort
if (port === null) throw new Error('treeThread.ts runs as a worker thread only')
const options = workerData as TreeThreadData
const CHUNK = 256
const PAGE = 1000
const sha = nodeSha256Bytes

// Read-only: the thread never commits, so it never makes the store's writer drop its page cache.
const db = new Database(options.path, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
const select = db.prepare<[number, number]>('SELECT position, stream_id, version, hash FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true)
const last = db.prepare<[]>('SELECT MAX(position) FROM events').pluck(true)

let chunkRoot: Digest | undefined
const frontier = merkleFrontier(sha, (size, digest) => {
  if (size === CHUNK) chunkRoot = digest
})
for (const chunk of options.chunks) frontier.pushSubtree(CHUNK, chunk.hash)
let lastPosition = options.chunks.at(-1)?.lastPosition ?? -1
let partialCount = 0
let partialFirst = -1

let stopping = false
let scheduled = false
let timer: ReturnType<typeof setTimeout> | undefined

const send = (message: FromTree): void => port.postMessage(message)

const step = (): void => {
  scheduled = false
  if (timer !== undefined) clearTimeout(timer)
  timer = undefined
  if (stopping) return
  // Taken before the page: what the log held then, at least; the page then reads what is committed.
  const logPosition = (last.get() as number | null) ?? -1
  const rows = select.all(lastPosition, PAGE) as [number, string, number, string][]
  const chunks: MerkleChunk[] = []
  for (const [position, streamId, version, chainHash] of rows) {
    frontier.push(leafHash(logLeaf({ position, streamId, version }, chainHash), sha))
    if (partialCount === 0) partialFirst = position
    partialCount += 1
    lastPosition = position
    if (partialCount === CHUNK) {
      if (chunkRoot === undefined) throw new Error('the frontier did not report the root of a full chunk')
      chunks.push({ firstPosition: partialFirst, lastPosition: position, hash: chunkRoot })
      chunkRoot = undefined
      partialCount = 0
    }
  }
  const caughtUp = rows.length < PAGE
  send({ type: 'tree', size: frontier.size(), root: frontier.root(), lastPosition, chunks, logPosition: Math.max(logPosition, lastPosition), caughtUp })
  if (!caughtUp) schedule()
  // Commits by other processes wake nobody here: look again after pollMs.
  else timer = setTimeout(schedule, options.pollMs)
}

const schedule = (): void => {
  if (scheduled || stopping) return
  scheduled = true
  setImmediate(step)
}

port.on('message', (message: ToTree) => {
  if (message.type === 'wake') schedule()
  else {
    stopping = true
    if (timer !== undefined) clearTimeout(timer)
    db.close()
    send({ type: 'stopped' })
    port.close()
  }
})
schedule()
