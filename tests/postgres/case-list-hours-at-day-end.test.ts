// An hours deadline at 23:59:59 China time on the PostgreSQL case list: overdue from 23:59:59.001 (tests/support/caseListHoursChecks.ts).
import { postgresCaseList, type PgReadModelHome } from '@gridcase/adapters'
import { complaints } from '@gridcase/http'
import pg from 'pg'
import { expect, it } from 'vitest'
import { checkHoursAtDayEndList, CLOSES_AS_DAY, HOURS_CASES, hoursAtDayEndLog, listedOverdueAt } from '../support/caseListHoursChecks.js'
import { describePostgres, dropSchema, freshSchemaName, pgHomeForBlock, postgresUrl } from './database.js'

describePostgres('an hours deadline at 23:59:59 China time on the case list (PostgreSQL)', () => {
  const block = pgHomeForBlock(4)

  it('the 派单, 签收 and 报到 deadlines are overdue from 23:59:59.001, not from 24:00', async () => {
    const model = postgresCaseList(block.home, [complaints()])
    try {
      await checkHoursAtDayEndList(model)
    } finally {
      await model.close()
    }
  })

  it('rebuilds a case list kept in the format before (/14), whose rows closed such a deadline at 24:00', async () => {
    const own: PgReadModelHome = { pool: block.pool, schema: freshSchemaName() }
    try {
      const log = hoursAtDayEndLog()
      const first = postgresCaseList(own, [complaints()])
      await first.apply(log)
      await first.close()
      const s = pg.escapeIdentifier(own.schema)
      await block.pool.query(`UPDATE ${s}.case_list SET next_closes = $1`, [CLOSES_AS_DAY])
      await block.pool.query(`UPDATE ${s}.read_model_formats SET format = 'gridcase-case-list/14' WHERE name = 'case-list'`)
      const again = postgresCaseList(own, [complaints()])
      await again.apply(log)
      expect(await listedOverdueAt(again, '2026-03-03T23:59:59.500+08:00')).toEqual(HOURS_CASES)
      await again.close()
    } finally {
      await dropSchema(postgresUrl(), own.schema)
    }
  })
})
