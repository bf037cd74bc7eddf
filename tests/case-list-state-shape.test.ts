// The case list keeps each case's folded state as JSON (sqliteCaseList, postgresCaseList). When the fold's state gains a
// member, a list kept before holds states without it — and folds the next events onto them — so its format is bumped and
// it is rebuilt from the log. /16: a dispute's `enforcementApplied` (kept past a follow-up visit) and a complaint's
// `mediation.earlier` and `mediation.latest` (a referred dispute's later outcome).
import { sqliteCaseList } from '@gridcase/adapters'
import { complaints } from '@gridcase/http'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { hoursAtDayEndLog } from './support/caseListHoursChecks.js'

describe('a case list kept before the fold state gained members (SQLite)', () => {
  it('is rebuilt from the log when kept in the format before (/15): its states are the fold of today', async () => {
    const db = new Database(':memory:')
    const log = hoursAtDayEndLog()
    const first = sqliteCaseList(db, [complaints()])
    await first.apply(log)
    await first.close()
    const states = () => db.prepare('SELECT stream_id, state FROM case_list ORDER BY stream_id').all() as { stream_id: string; state: string }[]
    const folded = states()
    expect(folded.length).toBeGreaterThan(0)
    // What a build of /15 kept: a state without what the fold has since (here: none of its members at all).
    db.exec(`UPDATE case_list SET state = '{}'; UPDATE read_model_formats SET format = 'gridcase-case-list/15' WHERE name = 'case-list'`)
    const again = sqliteCaseList(db, [complaints()])
    await again.apply(log)
    expect(states()).toEqual(folded)
    await again.close()
    db.close()
  })
})
