// A case list row's `updatedTime` is when the case last moved (tests/support/caseListUpdatedChecks.ts), SQLite.
import { sqliteCaseList } from '@gridcase/adapters'
import { complaints, disputes } from '@gridcase/http'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { checkDisputeUpdated, REMINDED_ID, updatedLog } from './support/caseListUpdatedChecks.js'

describe('the case list’s updatedTime (SQLite)', () => {
  it('is a dispute’s last move: not a 临期 or 超期 reminder’s recording, not an import’s', async () => {
    const model = sqliteCaseList(':memory:', [complaints(), disputes()])
    await checkDisputeUpdated(model)
    await model.close()
  })

  it('rebuilds a case list kept in the format before (/12), whose rows kept the time of the latest event recorded', async () => {
    const db = new Database(':memory:')
    const log = updatedLog().slice(0, 4)
    const first = sqliteCaseList(db, [disputes()])
    await first.apply(log)
    await first.close()
    // What /12 kept of the reminded dispute: when its 超期 reminder was recorded.
    db.exec(`UPDATE case_list SET updated_time = '2026-05-07T01:00:00.000Z'; UPDATE read_model_formats SET format = 'gridcase-case-list/12' WHERE name = 'case-list'`)
    const again = sqliteCaseList(db, [disputes()])
    await again.apply(log)
    const actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' } as const
    const page = await again.list({ kind: 'disputes', actor, now: Date.parse('2026-05-09T00:00:00Z'), limit: 10 })
    expect(page.items.map((i) => [i.caseId, i.updatedTime])).toEqual([[REMINDED_ID, '2026-04-01T02:00:00.000Z']])
    await again.close()
    db.close()
  })
})
