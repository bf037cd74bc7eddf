// Store parity against the KPI oracle (tests/support/kpiOracle.ts): the same random histories through the SQLite read
// model give every figure the oracle gives (the in-memory projection: tests/kpi-oracle.test.ts; PostgreSQL:
// tests/postgres/kpi-oracle.test.ts), dashboards and the period figures rankings and trends read.
import { sqliteDashboard } from '@gridcase/adapters'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { afterSummonsStoreCases, checkStoreAgainstOracle, storeCases } from './support/kpiStoreChecks.js'

describe('the SQLite dashboard read model against the oracle', () => {
  it('gives every figure the oracle gives, at or after its latest event, however the log was batched', async () => {
    await fc.assert(
      fc.asyncProperty(storeCases, async (c) => {
        const model = sqliteDashboard(':memory:')
        try {
          await checkStoreAgainstOracle(model, c)
        } finally {
          await model.close()
        }
      }),
      { numRuns: 60 },
    )
  }, 300_000)

  it('gives every figure the oracle gives with summoning rounds returned (退单) or referred to mediation after the summons', async () => {
    await fc.assert(
      fc.asyncProperty(afterSummonsStoreCases, async (c) => {
        const model = sqliteDashboard(':memory:')
        try {
          await checkStoreAgainstOracle(model, c)
        } finally {
          await model.close()
        }
      }),
      { numRuns: 60 },
    )
  }, 300_000)
})
