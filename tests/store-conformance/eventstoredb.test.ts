// The conformance suite on the EventStoreDB adapter, twice:
//
// (a) ALWAYS, against the in-process stand-in (tests/esdb-standin): a grpc-js server speaking the
//     client's own generated service definitions, driven by the real @eventstore/db-client 6.2.1 over
//     a real port. It is NOT EventStoreDB: what it does not model is listed at the top of
//     tests/esdb-standin/server.ts (auth, clustering, persistent subscriptions, projections,
//     commit vs prepare positions, durability, …). A fresh stand-in per test; `reopen` closes the
//     store (and its client) and opens a new one on the same stand-in: the client restarts, the server does not.
//
// (b) ONLY WHEN ESDB_CONNECTION_STRING is set (e.g. esdb://localhost:2113?tls=false), against that
//     real server. Every test writes streams with fresh random ids under the `conformance-`, `counter-`,
//     `large-` and `prop-` prefixes and leaves them there; `reopen` opens a new client on the same server.
import { eventStoreDbEventStore } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import { describe, it } from 'vitest'
import { startStandin } from '../esdb-standin/server.js'
import { eventStoreConformance } from './suite.js'

// The suite's stream ids: the adapter reads $all only for prefixes it is told are ours.
const streamPrefixes = ['conformance-', 'counter-', 'large-', 'prop-']

const harnessOn = (connectionString: string, stop: () => Promise<void>) => {
  let current: EventStore = eventStoreDbEventStore({ connectionString, streamPrefixes })
  return {
    store: current,
    reopen: async () => {
      await current.close()
      current = eventStoreDbEventStore({ connectionString, streamPrefixes })
      return current
    },
    teardown: async () => {
      await current.close()
      await stop()
    },
  }
}

eventStoreConformance('eventstoredb (in-process stand-in, not a real server)', async () => {
  const standin = await startStandin()
  // $all holds other writers' and the server's own events too: the adapter must skip them.
  standin.noise()
  return harnessOn(standin.connectionString, standin.stop)
})

const real = process.env.ESDB_CONNECTION_STRING
if (real !== undefined && real !== '') {
  eventStoreConformance('eventstoredb (real server from ESDB_CONNECTION_STRING)', async () =>
    harnessOn(real, async () => undefined),
  )
} else {
  describe('EventStore conformance: eventstoredb (real server)', () => {
    it.skip('skipped: set ESDB_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false) to run the suite against a real EventStoreDB', () => {})
  })
}
