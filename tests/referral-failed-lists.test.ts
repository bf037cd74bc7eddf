// A failed referral on the case list and the dashboard alike (fixtures.ts `failedReferralDrafts`, worked out by hand
// there and in clocks.test.ts): the list's overdue flag (`next_closes`, from the case's state) and the fold's overdue
// list (its clocks) say the same of each case, as of each time, for the log as it stood then; the SQLite dashboard
// gives the fold's figures; and models kept in the formats before (dashboard totals /14, case list /6) are rebuilt.
import { sqliteCaseList, sqliteDashboard } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { sealLog } from '@gridcase/core/audit'
import { complaints } from '@gridcase/http'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { dashboardProjection, dashboardView } from '../packages/core/src/projections/dashboard.js'
import { failedReferralDrafts, failedReferralId as fid } from '../packages/core/src/projections/fixtures.js'
import { replay } from '../packages/core/src/projections/projection.js'

const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const at = (day: string, time: string) => `2026-${day}T${time}:00+08:00`

describe('a failed referral: the case list and the dashboard agree on what is overdue', () => {
  // [case, the log up to, as of, overdue]
  const cases: [number, string, string, boolean][] = [
    // Back to `registered`: its 受理 deadline (03-17 24:00) runs on.
    [2, at('03-16', '12:00'), at('03-16', '12:00'), false],
    [2, at('03-18', '12:00'), at('03-18', '12:00'), true],
    // The handling deadline the referral counted from itself (05-06) went with the failure: accepted 03-19 and not yet
    // dispatched, nothing is overdue on 05-07.
    [1, at('03-19', '12:00'), at('05-07', '12:00'), false],
    // Back to `accepted` under 信访: its handling deadline (03-06 24:00, from acceptance) runs on, then the round's.
    [3, at('03-06', '12:00'), at('03-06', '12:00'), false],
    [3, at('03-07', '12:00'), at('03-07', '12:00'), true],
    [3, at('03-09', '12:00'), at('03-09', '12:00'), true],
    [4, at('03-07', '12:00'), at('03-07', '12:00'), true],
    [4, at('03-10', '12:00'), at('03-10', '12:00'), false],
  ]
  it.each(cases)('f%i, its log to %s, as of %s: overdue %s', async (n, upTo, asOf, overdue) => {
    const drafts = failedReferralDrafts().filter((d) => d.streamId === `complaint-${fid(n)}` && Date.parse(d.at) <= Date.parse(upTo))
    const log = sealLog(drafts)
    const view = dashboardView(replay(dashboardProjection, log), { jurisdiction: 'hohhot', from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00', asOf })
    expect(view.overdue.items.some((i) => i.caseId === fid(n))).toBe(overdue)
    const list = sqliteCaseList(':memory:', [complaints()])
    try {
      await list.apply(log)
      const items = (await list.list({ kind: 'complaints', actor: operator, now: Date.parse(asOf), limit: 10 })).items
      expect(items.map((i) => [i.caseId, i.overdue])).toEqual([[fid(n), overdue]])
    } finally {
      await list.close()
    }
  })
})

const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }
const logOf = (n: number, upTo: string) => sealLog(failedReferralDrafts().filter((d) => d.streamId === `complaint-${fid(n)}` && Date.parse(d.at) <= Date.parse(upTo)))
const foldView = (n: number, asOf: string) => dashboardView(replay(dashboardProjection, logOf(n, asOf)), { jurisdiction: 'hohhot', ...MARCH, asOf })

describe('a failed referral on the SQLite dashboard', () => {
  const instants: [number, string][] = [
    [2, at('03-06', '12:00')], [2, at('03-17', '12:00')], [2, at('03-18', '12:00')], [1, at('03-19', '12:00')], [5, at('03-18', '12:00')],
    [3, at('03-05', '12:00')], [3, at('03-07', '12:00')], [3, at('03-09', '12:00')], [4, at('03-07', '12:00')], [4, at('03-10', '12:00')],
  ]
  it.each(instants)('f%i as of %s: the fold’s overdue, due-soon and rates', async (n, asOf) => {
    const model = sqliteDashboard(':memory:')
    try {
      await model.apply(logOf(n, asOf))
      const want = foldView(n, asOf)
      const got = await model.view({ jurisdiction: 'hohhot', ...MARCH, asOf })
      expect({ overdue: got?.overdue, rates: got?.rates }).toEqual({ overdue: want.overdue, rates: want.rates })
    } finally {
      await model.close()
    }
  })

  it('rebuilds a dashboard kept in the format before (/14), which had no accept deadline after the failure', async () => {
    const db = new Database(':memory:')
    const asOf = at('03-18', '12:00')
    const log = logOf(2, asOf)
    const first = sqliteDashboard(db)
    await first.apply(log)
    await first.close()
    db.exec(`DELETE FROM dashboard_deadlines WHERE kind = 'accept'; UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/14' WHERE name = 'dashboard-totals'`)
    const again = sqliteDashboard(db)
    await again.apply(log)
    expect((await again.view({ jurisdiction: 'hohhot', ...MARCH, asOf }))?.overdue.byKind.accept).toBe(1)
    await again.close()
    db.close()
  })

  it('rebuilds a case list kept in the format before (/6), which listed no deadline for an accepted case back from a failed referral', async () => {
    const db = new Database(':memory:')
    const asOf = at('03-07', '12:00')
    const log = logOf(3, asOf)
    const first = sqliteCaseList(db, [complaints()])
    await first.apply(log)
    await first.close()
    db.exec(`UPDATE case_list SET next_closes = NULL; UPDATE read_model_formats SET format = 'gridcase-case-list/6' WHERE name = 'case-list'`)
    const again = sqliteCaseList(db, [complaints()])
    await again.apply(log)
    expect((await again.list({ kind: 'complaints', actor: operator, now: Date.parse(asOf), limit: 10 })).items.map((i) => [i.caseId, i.overdue])).toEqual([[fid(3), true]])
    await again.close()
    db.close()
  })
})
