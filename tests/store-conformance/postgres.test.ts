// The conformance suite on the PostgreSQL store, against the real PostgreSQL 15 the global setup started
// (tests/postgres/globalSetup.ts) or DATABASE_URL's server. A fresh schema (one log) per test, dropped
// after it; `reopen` closes the store (and its pool) and opens a new one on the same schema.
import { postgresEventStore } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from '../postgres/database.js'
import { eventStoreConformance } from './suite.js'

describePostgres('postgres', () => {
  eventStoreConformance('postgres', async () => {
    const connectionString = postgresUrl()
    const schema = freshSchemaName()
    const open = () => postgresEventStore({ connectionString, schema, maxConnections: 4 })
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
