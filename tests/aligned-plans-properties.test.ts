// The facts with a competitor (the 三率's callbacks and ratings) in random periods and plans across a year's end, through
// the SQLite dashboard read model against a rebuild and a replay (tests/support/alignedPlansChecks.ts; the PostgreSQL twin
// is in tests/postgres/read-models.test.ts).
import { sqliteDashboard } from '@gridcase/adapters'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { alignedPlansCases, checkAlignedPlans } from './support/alignedPlansChecks.js'
import { keptAlignedSqlite } from './support/alignedSumsChecks.js'

describe('facts with a competitor in random periods and plans across a year’s end, against a replay', () => {
  it('a fold in batches keeps a rebuild’s sums; views of random periods and the figures of random plans are the replay’s', async () => {
    // The runs that kept sums of facts of alignment 2 by their months (the property is about them: not vacuous).
    let apartRuns = 0
    await fc.assert(
      fc.asyncProperty(alignedPlansCases, async (c) => {
        const folded = sqliteDashboard(':memory:')
        const rebuilt = sqliteDashboard(':memory:')
        const of = (m: unknown) => (m === folded ? folded : rebuilt)
        try {
          const kept = (m: unknown) => keptAlignedSqlite(of(m).db)
          const apart = (m: unknown) => (of(m).db.prepare('SELECT count(*) AS n FROM dashboard_months_apart WHERE n > 0').get() as { n: number }).n > 0
          if (await checkAlignedPlans(folded, rebuilt, kept, apart, c)) apartRuns += 1
        } finally {
          await folded.close()
          await rebuilt.close()
        }
      }),
      { numRuns: 100 },
    )
    expect(apartRuns).toBeGreaterThan(20)
  }, 600_000)
})
