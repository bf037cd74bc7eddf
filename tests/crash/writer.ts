// Child process of the crash test: appends batches to a SQLite store as fast as it can
// and prints one `ack` line per event, only after its append has returned.
// Usage: node --import tsx tests/crash/writer.ts <file> <writer-name>  (CRASH_SQLITE_WRITER=thread: commits on the writer thread)
import { randomUUID } from 'node:crypto'
// The store's own module, not the package root: the root loads every adapter (PostgreSQL, EventStoreDB's gRPC client,
// HTTP helpers …), about 5 s of a start under load against 1 s for this one, and the test starts six writers at least.
import { sqliteEventStore } from '../../packages/adapters/src/sqlite/store.js'
import type { NewEvent } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { crashEvent, STREAMS } from './events.js'

const [path, writer] = process.argv.slice(2)
if (path === undefined || writer === undefined) {
  console.error('usage: writer.ts <file> <writer-name>')
  process.exit(2)
}

const store = sqliteEventStore({ path, writer: process.env['CRASH_SQLITE_WRITER'] === 'thread' ? 'thread' : 'main' })
for (;;) {
  const streamId = STREAMS[Math.floor(Math.random() * STREAMS.length)] as string
  const size = 1 + Math.floor(Math.random() * 20)
  const batchId = randomUUID()
  const events: NewEvent[] = Array.from({ length: size }, (_, index) => crashEvent({ batchId, index, size, writer }))
  // An exact expected version, so two writers on one stream also exercise the conflict path.
  const expectedVersion = await store.streamVersion(streamId)
  const result = await store.appendToStream(streamId, events, { expectedVersion })
  if (E.isRight(result)) {
    process.stdout.write(result.right.events.map((e) => `ack ${e.streamId} ${e.version} ${e.eventId}\n`).join(''))
  }
}
