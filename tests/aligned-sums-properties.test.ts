// The kept sums of the callbacks and ratings with a competitor per China month and day (month2, day1), and of those of
// alignment 2 by their months (dashboard_months_apart), through the SQLite
// dashboard read model against a rebuild and a replay (tests/support/alignedSumsChecks.ts; the PostgreSQL twin is in
// tests/postgres/read-models.test.ts).
import { sqliteDashboard } from '@gridcase/adapters'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { alignedSumsCases, checkAlignedSums, keptAlignedSqlite } from './support/alignedSumsChecks.js'

describe('the kept sums of callbacks and ratings with a competitor (month2, day1) against a replay', () => {
  it('a fold in batches keeps what a rebuild keeps, and single months and days, a quarter and mixed plans give the replay’s 三率', async () => {
    await fc.assert(
      fc.asyncProperty(alignedSumsCases, async (c) => {
        const folded = sqliteDashboard(':memory:')
        const rebuilt = sqliteDashboard(':memory:')
        try {
          await checkAlignedSums(folded, rebuilt, (m) => keptAlignedSqlite((m === folded ? folded : rebuilt).db), c)
        } finally {
          await folded.close()
          await rebuilt.close()
        }
      }),
      { numRuns: 150 },
    )
  }, 300_000)
})
