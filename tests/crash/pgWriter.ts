// Child process of the PostgreSQL crash test: appends batches to a PostgreSQL store from four loops at
// once (so group commit puts several appends in one transaction) and prints one `ack` line per event,
// only after its append has returned. An append the server did not answer (it was killed) is retried
// with new events once it is back: it was never acknowledged, so it may or may not be in the log.
// Usage: node --import tsx tests/crash/pgWriter.ts <connection-string> <schema> <writer-name>
import { randomUUID } from 'node:crypto'
// The store's own module, not the package root (every adapter): a cheaper start (tests/crash/writer.ts).
import { postgresEventStore } from '../../packages/adapters/src/postgres/store.js'
import type { NewEvent } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { crashEvent, STREAMS } from './events.js'

const [connectionString, schema, writer] = process.argv.slice(2)
if (connectionString === undefined || schema === undefined || writer === undefined) {
  console.error('usage: pgWriter.ts <connection-string> <schema> <writer-name>')
  process.exit(2)
}

const store = postgresEventStore({ connectionString, schema, maxConnections: 4 })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const loop = async (): Promise<never> => {
  for (;;) {
    const streamId = STREAMS[Math.floor(Math.random() * STREAMS.length)] as string
    const size = 1 + Math.floor(Math.random() * 20)
    const batchId = randomUUID()
    const events: NewEvent[] = Array.from({ length: size }, (_, index) => crashEvent({ batchId, index, size, writer }))
    try {
      // An exact expected version, so the two writers on one stream also exercise the conflict path.
      const expectedVersion = await store.streamVersion(streamId)
      const result = await store.appendToStream(streamId, events, { expectedVersion })
      if (E.isRight(result)) process.stdout.write(result.right.events.map((e) => `ack ${e.streamId} ${e.version} ${e.eventId}\n`).join(''))
    } catch {
      // The server is down or restarting.
      process.stdout.write('down\n')
      await sleep(50)
    }
  }
}
await Promise.all([loop(), loop(), loop(), loop()])
