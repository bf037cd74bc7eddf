// A case list row's `updatedTime` is when the case last moved (tests/support/caseListUpdatedChecks.ts), PostgreSQL; and a
// list kept in the format before is rebuilt.
import { postgresCaseList, type PgReadModelHome } from '@gridcase/adapters'
import { complaints, disputes } from '@gridcase/http'
import pg from 'pg'
import { expect, it } from 'vitest'
import { checkDisputeUpdated, REMINDED_ID, updatedLog } from '../support/caseListUpdatedChecks.js'
import { describePostgres, dropSchema, freshSchemaName, pgHomeForBlock, postgresUrl } from './database.js'

describePostgres('the PostgreSQL case list’s updatedTime', () => {
  const block = pgHomeForBlock(4)

  it('is a dispute’s last move: not a 临期 or 超期 reminder’s recording, not an import’s', async () => {
    const model = postgresCaseList(block.home, [complaints(), disputes()])
    await checkDisputeUpdated(model)
    await model.close()
  })

  it('rebuilds a case list kept in the format before (/12), whose rows kept the time of the latest event recorded', async () => {
    const own: PgReadModelHome = { pool: block.pool, schema: freshSchemaName() }
    try {
      const log = updatedLog().slice(0, 4)
      const first = postgresCaseList(own, [disputes()])
      await first.apply(log)
      await first.close()
      const s = pg.escapeIdentifier(own.schema)
      await block.pool.query(`UPDATE ${s}.case_list SET updated_time = '2026-05-07T01:00:00.000Z'`)
      await block.pool.query(`UPDATE ${s}.read_model_formats SET format = 'gridcase-case-list/12' WHERE name = 'case-list'`)
      const again = postgresCaseList(own, [disputes()])
      await again.apply(log)
      const actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' } as const
      const page = await again.list({ kind: 'disputes', actor, now: Date.parse('2026-05-09T00:00:00Z'), limit: 10 })
      expect(page.items.map((i) => [i.caseId, i.updatedTime])).toEqual([[REMINDED_ID, '2026-04-01T02:00:00.000Z']])
      await again.close()
    } finally {
      await dropSchema(postgresUrl(), own.schema)
    }
  })
})
