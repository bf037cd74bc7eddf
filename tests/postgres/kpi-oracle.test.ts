// Store parity against the KPI oracle (tests/support/kpiOracle.ts): the same random histories through the PostgreSQL
// read model give every figure the oracle gives — as the in-memory projection (tests/kpi-oracle.test.ts) and the
// SQLite read model (tests/kpi-oracle-stores.test.ts) do.
import { postgresDashboard, type PgReadModelHome } from '@gridcase/adapters'
import fc from 'fast-check'
import pg from 'pg'
import { afterAll, beforeAll, it } from 'vitest'
import { afterSummonsStoreCases, checkStoreAgainstOracle, storeCases } from '../support/kpiStoreChecks.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

describePostgres('the PostgreSQL dashboard read model against the oracle', () => {
  let pool: pg.Pool
  const schemas: string[] = []
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl(), max: 4 })
  })
  afterAll(async () => {
    await pool.end()
    for (const schema of schemas) await dropSchema(postgresUrl(), schema)
  })

  it('gives every figure the oracle gives, at or after its latest event, however the log was batched', async () => {
    await fc.assert(
      fc.asyncProperty(storeCases, async (c) => {
        const home: PgReadModelHome = { pool, schema: freshSchemaName() }
        schemas.push(home.schema)
        const model = postgresDashboard(home)
        try {
          await checkStoreAgainstOracle(model, c)
        } finally {
          await model.close()
        }
      }),
      { numRuns: 25 },
    )
  }, 600_000)

  it('gives every figure the oracle gives with summoning rounds returned (退单) or referred to mediation after the summons', async () => {
    await fc.assert(
      fc.asyncProperty(afterSummonsStoreCases, async (c) => {
        const home: PgReadModelHome = { pool, schema: freshSchemaName() }
        schemas.push(home.schema)
        const model = postgresDashboard(home)
        try {
          await checkStoreAgainstOracle(model, c)
        } finally {
          await model.close()
        }
      }),
      { numRuns: 15 },
    )
  }, 600_000)
})
