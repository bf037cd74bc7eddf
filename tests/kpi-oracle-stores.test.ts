// Store parity against the KPI oracle (tests/support/kpiOracle.ts): the same random histories through the SQLite read
// model give every figure the oracle gives (the in-memory projection: tests/kpi-oracle.test.ts; PostgreSQL:
// tests/postgres/kpi-oracle.test.ts), dashboards and the period figures rankings and trends read.
import { sqliteDashboard } from '@gridcase/adapters'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { afterSummonsStoreCases, checkStoreAgainstOracle, coHandlingStoreCases, rebaseStoreCases, storeCases } from './support/kpiStoreChecks.js'

/** Every figure a fresh SQLite model of each case's log gives equals the oracle's. */
const matchesOracle = (cases: typeof storeCases, numRuns: number): Promise<void> =>
  fc.assert(
    fc.asyncProperty(cases, async (c) => {
      const model = sqliteDashboard(':memory:')
      try {
        await checkStoreAgainstOracle(model, c)
      } finally {
        await model.close()
      }
    }),
    { numRuns },
  )

describe('the SQLite dashboard read model against the oracle', () => {
  it('gives every figure the oracle gives, at or after its latest event, however the log was batched', () => matchesOracle(storeCases, 60), 300_000)

  it('gives every figure the oracle gives with summoning rounds returned (退单) or referred to mediation after the summons', () => matchesOracle(afterSummonsStoreCases, 60), 300_000)

  it('gives every figure the oracle gives with co-handling departments (协办), denied extensions, 补充 and notes', () => matchesOracle(coHandlingStoreCases, 60), 300_000)

  it('gives every figure the oracle gives with deadlines re-based when a holiday notice loads', () => matchesOracle(rebaseStoreCases, 60), 300_000)
})
