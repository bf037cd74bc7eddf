// Every webhook outbox, for suites that state the same cases against each: SQLite (the read-model file, in memory here)
// and PostgreSQL (beside the log: the throwaway server of tests/postgres/globalSetup.ts, one schema per suite emptied
// for each store, dropped after the suite). Without a PostgreSQL server the PostgreSQL suite skips, naming why, as every PostgreSQL
// suite does (and CI, which has one, fails instead: see the global setup).
import { postgresWebhookStore, sqliteWebhookStore, type WebhookStore } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, inject } from 'vitest'
import { dropSchema, freshSchemaName, postgresUrl } from '../postgres/database.js'

export interface Outbox {
  readonly name: string
  /** A new, empty outbox. */
  readonly fresh: () => Promise<WebhookStore>
  /** Runs of a fast-check property. */
  readonly runs: number
  /** Drops what it made. */
  readonly close: () => Promise<void>
}

const sqliteOutbox: Outbox = { name: 'SQLite', fresh: async () => sqliteWebhookStore(new Database(':memory:')), runs: 60, close: async () => undefined }

/**
 * A PostgreSQL outbox factory on one pool and one schema, dropped (and the pool ended) after the suite. The first store
 * creates the schema's tables; each later one starts from them emptied. A schema per store cost a property's 60 runs
 * 5.3 s of DDL at load average 11 (2026-12-03), a fifth of the test.
 */
const postgresOutbox = (): Outbox => {
  let pool: pg.Pool | undefined
  const schema = freshSchemaName()
  let made = false
  return {
    close: async () => {
      await pool?.end()
      if (made) await dropSchema(postgresUrl(), schema)
    },
    name: 'PostgreSQL',
    fresh: async () => {
      pool ??= new pg.Pool({ connectionString: postgresUrl(), max: 4 })
      const s = pg.escapeIdentifier(schema)
      if (made) await pool.query(['webhook_attempts', 'webhook_deliveries', 'webhook_subscriptions', 'webhook_enqueued'].map((table) => `DELETE FROM ${s}.${table}`).join(';'))
      const store = postgresWebhookStore({ pool, schema })
      // Its tables are there once it answers.
      await store.nextDue()
      made = true
      return store
    },
    runs: 60,
  }
}

/** `describe(name (outbox), body)` once per outbox (describe.each); the PostgreSQL one skipped, with the reason, without a server. */
export const describeEachOutbox = (name: string, body: (outbox: Outbox) => void): void => {
  const skip = inject('postgresSkip')
  describe.each(skip === '' ? [sqliteOutbox, postgresOutbox()] : [sqliteOutbox])(`${name} ($name)`, (outbox) => {
    afterAll(outbox.close)
    body(outbox)
  })
  if (skip !== '') describe.skip(`${name} (PostgreSQL) (${skip})`, () => undefined)
}
