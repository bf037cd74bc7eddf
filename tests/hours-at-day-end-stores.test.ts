// An hours deadline at 23:59:59 China time (DOMAIN.md "Complaint": 签收 2 h / 24 h, the 12345 派单 2 h) is an instant, as
// its event's stamp says: past from 23:59:59.001, not from 24:00 — in the SQLite dashboard (its `closes`) and in the
// deadline scheduler's reminders as in core's dashboard (packages/core/src/projections/hoursAtDayEnd.test.ts). Worked
// by hand: 1, accepted Tue 3-03 21:59:59 (normal): 派单 by 3-03 23:59:59.000; 2, dispatched Mon 3-02 23:59:59: 签收 by
// 3-03 23:59:59.000. Neither is met.
import { sqliteDashboard, sqliteDeadlineSource } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { hoursAtDayEndHistories, logOfHistories } from '../packages/core/src/projections/fixtures.js'
import { nextReminderAt } from '../packages/adapters/src/processes/scheduler.js'

const id = (n: number) => `00000000-0000-4000-8000-0000000053${String(n).padStart(2, '0')}`
const histories = hoursAtDayEndHistories(id)
const log = logOfHistories(histories)
const DUE = Date.parse('2026-03-03T23:59:59+08:00')

describe('an hours deadline at 23:59:59 China time in the SQLite dashboard and the scheduler', () => {
  const open: { close(): unknown }[] = []
  afterEach(() => {
    for (const x of open.splice(0)) x.close()
  })

  it('the dashboard lists both overdue from 23:59:59.001, due soon at 23:59:59.000', async () => {
    const model = sqliteDashboard(':memory:')
    open.push({ close: () => void model.close() })
    await model.apply(log)
    const at = async (asOf: string) => (await model.view({ from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00', asOf }, { items: 100 }))?.overdue
    const first = await at('2026-03-03T23:59:59.000+08:00')
    expect([first?.byKind.dispatch, first?.byKind.acknowledge, first?.dueSoon.byKind.dispatch, first?.dueSoon.byKind.acknowledge]).toEqual([0, 0, 1, 1])
    const later = await at('2026-03-03T23:59:59.500+08:00')
    expect([later?.byKind.dispatch, later?.byKind.acknowledge]).toEqual([1, 1])
  })

  it('the scheduler reminds of them as overdue at 23:59:59.001, reading when they close from the dashboard', async () => {
    const file = new Database(':memory:')
    const model = sqliteDashboard(file)
    open.push({ close: () => void model.close() })
    await model.apply(log)
    const rows = await sqliteDeadlineSource(file).due(Number.MAX_SAFE_INTEGER, 100)
    const ours = rows.filter((r) => r.deadline === DUE)
    expect(ours.map((r) => [r.kind, r.closes]).sort()).toEqual([
      ['acknowledge', DUE + 1],
      ['dispatch', DUE + 1],
    ])
    // Past its 临期 point, the next reminder is the 超期 one, at its close.
    for (const r of ours) expect(nextReminderAt(r, DUE - 1, 0.2, undefined)).toBe(DUE + 1)
  })
})
