// Store parity against the KPI oracle (tests/support/kpiOracle.ts): the same random histories through the PostgreSQL
// read model give every figure the oracle gives — as the in-memory projection (tests/kpi-oracle.test.ts) and the
// SQLite read model (tests/kpi-oracle-stores.test.ts) do.
import { postgresDashboard, type PgReadModelHome } from '@gridcase/adapters'
import fc from 'fast-check'
import pg from 'pg'
import { afterAll, beforeAll, it } from 'vitest'
import { afterSummonsStoreCases, checkStoreAgainstOracle, coHandlingStoreCases, rebaseStoreCases, storeCases } from '../support/kpiStoreChecks.js'
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

  /** Every figure a fresh PostgreSQL model (a schema of its own) of each case's log gives equals the oracle's. */
  const matchesOracle = (cases: typeof storeCases, numRuns: number): Promise<void> =>
    fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const home: PgReadModelHome = { pool, schema: freshSchemaName() }
        schemas.push(home.schema)
        const model = postgresDashboard(home)
        try {
          await checkStoreAgainstOracle(model, c)
        } finally {
          await model.close()
        }
      }),
      { numRuns },
    )

  it('gives every figure the oracle gives, at or after its latest event, however the log was batched', () => matchesOracle(storeCases, 25), 600_000)

  it('gives every figure the oracle gives with summoning rounds returned (退单) or referred to mediation after the summons', () => matchesOracle(afterSummonsStoreCases, 15), 600_000)

  it('gives every figure the oracle gives with co-handling departments (协办), denied extensions, 补充 and notes', () => matchesOracle(coHandlingStoreCases, 15), 600_000)

  it('gives every figure the oracle gives with deadlines re-based when a holiday notice loads', () => matchesOracle(rebaseStoreCases, 15), 600_000)
})
