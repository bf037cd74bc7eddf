// An hours deadline at 23:59:59 China time on the SQLite case list: overdue from 23:59:59.001 (tests/support/caseListHoursChecks.ts).
import { sqliteCaseList } from '@gridcase/adapters'
import { complaints } from '@gridcase/http'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { checkHoursAtDayEndList, CLOSES_AS_DAY, HOURS_CASES, hoursAtDayEndLog, listedOverdueAt } from './support/caseListHoursChecks.js'

describe('an hours deadline at 23:59:59 China time on the case list (SQLite)', () => {
  it('the 派单, 签收 and 报到 deadlines are overdue from 23:59:59.001, not from 24:00', async () => {
    const model = sqliteCaseList(':memory:', [complaints()])
    try {
      await checkHoursAtDayEndList(model)
    } finally {
      await model.close()
    }
  })

  it('rebuilds a case list kept in the format before (/14), whose rows closed such a deadline at 24:00', async () => {
    const db = new Database(':memory:')
    const log = hoursAtDayEndLog()
    const first = sqliteCaseList(db, [complaints()])
    await first.apply(log)
    await first.close()
    db.exec(`UPDATE case_list SET next_closes = ${CLOSES_AS_DAY}; UPDATE read_model_formats SET format = 'gridcase-case-list/14' WHERE name = 'case-list'`)
    const again = sqliteCaseList(db, [complaints()])
    await again.apply(log)
    expect(await listedOverdueAt(again, '2026-03-03T23:59:59.500+08:00')).toEqual(HOURS_CASES)
    await again.close()
    db.close()
  })
})
