// The SQLite store's writer thread: its own connection, the same writer code as the main thread's.
// A commit's fsync blocks this thread, not the event loop that serves requests; the store acknowledges
// an append only when this thread's reply (sent after COMMIT returned) arrives.
import { parentPort, workerData } from 'node:worker_threads'
import { newId } from '../ids.js'
import { nodeSha256Hex } from './nodeHash.js'
import { openDatabase } from './open.js'
import { toWire, wireSettled, type FromWriter, type ToWriter, type WriterThreadData } from './writerProtocol.js'
import { sqliteWriter, type Append } from './writer.js'

const port = parentPort
if (port === null) throw new Error('writerThread.ts runs as a worker thread only')
const options = workerData as WriterThreadData
const db = openDatabase(options.path, {
  ...(options.synchronous === undefined ? {} : { synchronous: options.synchronous }),
  ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
})
const commit = sqliteWriter(db, {
  hash: nodeSha256Hex,
  now: () => new Date().toISOString(),
  // The main thread draws an id for every event without one and sends it with the append (`Append.eventIds`): a fallback only.
  newEventId: newId,
})

let queue: { readonly id: number; readonly group: readonly Append[] }[] = []
let closing = false

const send = (message: FromWriter): void => port.postMessage(message)

// Every batch waiting goes into one transaction (one fsync). The store sends one group at a time and the next only once
// this one is answered, so a message is committed as it arrives: not after another turn of this thread's event loop
// (a setImmediate cost a second poll of the loop and its timers per commit).
const drain = (): void => {
  const batches = queue
  queue = []
  if (batches.length > 0) {
    try {
      const settled = commit(batches.flatMap((b) => b.group))
      let at = 0
      for (const b of batches) {
        send({ type: 'committed', id: b.id, settled: settled.slice(at, at + b.group.length).map(wireSettled) })
        at += b.group.length
      }
    } catch (error) {
      for (const b of batches) send({ type: 'failed', id: b.id, error: toWire(error) })
    }
  }
  if (closing) {
    db.close()
    send({ type: 'closed' })
    port.close()
  }
}

port.on('message', (message: ToWriter) => {
  if (message.type === 'commit') queue.push({ id: message.id, group: message.group })
  else closing = true
  drain()
})
