// Every webhook outbox, for suites that state the same cases against each: SQLite (the read-model file, in memory here)
// and PostgreSQL (beside the log: the throwaway server of tests/postgres/globalSetup.ts, a fresh schema per store,
// dropped after the suite). Without a PostgreSQL server the PostgreSQL suite skips, naming why, as every PostgreSQL
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

/** A PostgreSQL outbox factory on one pool; every schema it made is dropped (and the pool ended) after the suite. */
const postgresOutbox = (): Outbox => {
  let pool: pg.Pool | undefined
  const schemas: string[] = []
  return {
    close: async () => {
      await pool?.end()
      for (const schema of schemas) await dropSchema(postgresUrl(), schema)
    },
    name: 'PostgreSQL',
    fresh: async () => {
      pool ??= new pg.Pool({ connectionString: postgresUrl(), max: 4 })
      const schema = freshSchemaName()
      schemas.push(schema)
      return postgresWebhookStore({ pool, schema })
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
