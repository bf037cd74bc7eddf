// The conformance suite on the PostgreSQL store, against the real PostgreSQL 15 the global setup started
// (tests/postgres/globalSetup.ts) or DATABASE_URL's server. A fresh schema (one log) per test, dropped
// after it; `reopen` closes the store (and its pool) and opens a new one on the same schema.
import { postgresEventStore, sealedPostgresStore } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from '../postgres/database.js'
import { eventStoreConformance } from './suite.js'

// The same suite through the sealed store the server opens by default (PERSONAL_DATA_ENCRYPTION=on): its read hook
// (keys loaded per page, the erasure count in each read's statement) and its appends change nothing the port promises.
for (const [name, openStore] of [
  ['postgres', postgresEventStore],
  ['postgres (sealed)', sealedPostgresStore],
] as const) describePostgres(name, () => {
  eventStoreConformance(name, async () => {
    const connectionString = postgresUrl()
    const schema = freshSchemaName()
    const open = (): EventStore => openStore({ connectionString, schema, maxConnections: 4 })
    let current: EventStore = open()
    return {
      store: current,
      reopen: async () => {
        await current.close()
        current = open()
        return current
      },
      teardown: async () => {
        await current.close()
        await dropSchema(connectionString, schema)
      },
    }
  })
})
