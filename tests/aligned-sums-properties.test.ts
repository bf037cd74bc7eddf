// The kept sums of the callbacks and ratings with a competitor per China month and day (month2, day1), and of those of
// alignment 2 by their months (dashboard_months_apart), through the SQLite
// dashboard read model against a rebuild and a replay (tests/support/alignedSumsChecks.ts; the PostgreSQL twin is in
// tests/postgres/read-models.test.ts).
import { sqliteDashboard } from '@gridcase/adapters'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { alignedSumsCases, checkAlignedSums } from './support/alignedSumsChecks.js'

const KEPT = `SELECT grain, place, bucket, key, n, round(sum, 6) AS sum FROM dashboard_periods WHERE grain IN ('day1', 'month2')
  ORDER BY grain, place, bucket, key`
const KEPT_APART = `SELECT place, month, key, since_month, until_month, n, round(sum, 6) AS sum FROM dashboard_months_apart
  ORDER BY place, month, key, since_month, until_month`

describe('the kept sums of callbacks and ratings with a competitor (month2, day1) against a replay', () => {
  it('a fold in batches keeps what a rebuild keeps, and single months and days, a quarter and mixed plans give the replay’s 三率', async () => {
    await fc.assert(
      fc.asyncProperty(alignedSumsCases, async (c) => {
        const folded = sqliteDashboard(':memory:')
        const rebuilt = sqliteDashboard(':memory:')
        try {
          await checkAlignedSums(folded, rebuilt, (m) => {
            const { db } = m === folded ? folded : rebuilt
            return [...db.prepare(KEPT).all(), ...db.prepare(KEPT_APART).all()]
          }, c)
        } finally {
          await folded.close()
          await rebuilt.close()
        }
      }),
      { numRuns: 150 },
    )
  }, 300_000)
})
