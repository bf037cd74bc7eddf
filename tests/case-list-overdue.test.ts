// The case list's overdue filter (SQLite) against the dashboard's overdue list: the same cases (tests/support/caseListOverdueChecks.ts).
import { sqliteCaseList } from '@gridcase/adapters'
import { complaints, disputes } from '@gridcase/http'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkListOverdueAsDashboard, checkSummonedCaseList, historyLog, SUMMONED_HISTORIES, SUMMONED_ID, summonedLog } from './support/caseListOverdueChecks.js'
import { departmentListsHoldAsPolicy } from './support/caseListDepartments.js'
import { afterSummonsHistories, coHandlingHistories, histories } from './support/kpiCompare.js'

describe('the case list overdue filter (SQLite)', () => {
  it('finds a complaint whose only passed deadline is a summoned department’s 报到 from its close to the 报到, as the dashboard lists it', async () => {
    const model = sqliteCaseList(':memory:', [complaints()])
    await checkSummonedCaseList(model)
    await model.close()
  })

  it('rebuilds a case list kept in the format before (/9), which kept no 报到 deadline', async () => {
    const db = new Database(':memory:')
    const open = summonedLog().slice(0, 4)
    const first = sqliteCaseList(db, [complaints()])
    await first.apply(open)
    await first.close()
    // What /9 kept of the same case: the result's deadline (11-09, closing 11-10 00:00) first to close, not the 报到's.
    db.exec(`UPDATE case_list SET next_closes = ${Date.parse('2026-11-10T00:00:00+08:00')}; UPDATE read_model_formats SET format = 'gridcase-case-list/9' WHERE name = 'case-list'`)
    const again = sqliteCaseList(db, [complaints()])
    await again.apply(open)
    const actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' } as const
    expect((await again.list({ kind: 'complaints', actor, now: Date.parse('2026-10-21T00:00:00+08:00'), overdue: true, limit: 10 })).items.map((i) => i.caseId)).toEqual([SUMMONED_ID])
    await again.close()
    db.close()
  })

  it('lists overdue the cases the dashboard of a replay lists overdue, at every instant around their running deadlines', async () => {
    const model = sqliteCaseList(':memory:', [complaints(), disputes()])
    try {
      await fc.assert(fc.asyncProperty(histories(40), async (h) => checkListOverdueAsDashboard(model, historyLog(h))), { numRuns: 25, examples: SUMMONED_HISTORIES })
    } finally {
      await model.close()
    }
  })

  it.each([
    ['summoning rounds returned (退单) or referred to mediation after the summons', afterSummonsHistories],
    ['with co-handling departments (协办), denied extensions, 补充 and notes', coHandlingHistories],
  ])('lists overdue what the dashboard lists, %s', async (_, drawn) => {
    const model = sqliteCaseList(':memory:', [complaints(), disputes()])
    try {
      await fc.assert(fc.asyncProperty(drawn(40), async (h) => checkListOverdueAsDashboard(model, historyLog(h))), { numRuns: 25 })
    } finally {
      await model.close()
    }
  })
})

describe('a department officer’s case list (SQLite) against core’s policy', () => {
  it('lists exactly the complaints its department leads, co-handles (协办) or was summoned to, with the fold’s state, as the log is folded in batches', async () => {
    const model = sqliteCaseList(':memory:', [complaints(), disputes()])
    try {
      await departmentListsHoldAsPolicy(model, 50, 25)
    } finally {
      await model.close()
    }
  }, 120_000)
})
