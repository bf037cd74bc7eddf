/**
 * The advisory lock keys the PostgreSQL store takes, as the first half of the two-key form
 * `pg_advisory_xact_lock(key, hashtext(schema))`: one lock per log (schema). Other parts that take
 * advisory locks in the same database (projection leases) must use other first keys.
 */
export const lockKeys = {
  /** Held by every append transaction until it commits: positions follow commit order. */
  append: 0x67726964, // 'grid'
  /** Held while the tables are created or migrated. */
  migrate: 0x67726965,
  /** Held while a read model's tables are created or rebuilt for a new format. */
  readModels: 0x67726966,
  /** Held by every write transaction of the webhook outbox (webhooks/postgresStore.ts says why). */
  webhooks: 0x67726967,
} as const
