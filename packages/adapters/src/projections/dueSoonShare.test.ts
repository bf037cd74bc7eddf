// 临期 (due soon) is "within a configurable share of the time left, default 20%" (DOMAIN.md "Dashboards"): a dashboard
// asked with `dueSoon` (the query string's `?dueSoon=0.1`, DashboardFilter) lists the deadlines in that share, and
// names it. The SQLite dashboard answers the same body as core's `dashboardView` over a replay (the reference).
import { sealLog, type EventDraft } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay } from '@gridcase/core/projections'
import { afterAll, describe, expect, it } from 'vitest'
import { sqliteDashboard } from './sqliteDashboard.js'

const clerk = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' } as const
const at = (day: string, time: string) => `2026-03-${day}T${time}:00+08:00`
const ID = '00000000-0000-4000-8000-000000000002'
const A = 'hohhot/saihan/wulan'
const U = { id: 'u-community', name: 'u', level: 'community', jurisdiction: `${A}/c1` } as const
const draft = (type: string, when: string, data: Record<string, unknown>): EventDraft => ({ streamId: `complaint-${ID}`, type, at: when, actor: clerk, data: { complaintId: ID, at: when, ...data } })

// One complaint: dispatched 03-02 10:00, acknowledged at once, result due 03-23 18:00 (512 h after it was set), never done.
const log = sealLog([
  draft('ComplaintRegistered', at('02', '09:00'), {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: 't', description: 'd', jurisdiction: `${A}/c1/g1`,
    complainant: { name: '李四', phone: '13912345678' }, policy: 'standard-normal',
  }),
  draft('ComplaintAccepted', at('02', '09:10'), {}),
  draft('ComplaintDispatched', at('02', '10:00'), {
    unit: U, round: 1, redispatch: false, policy: 'standard-normal', acknowledgeBy: at('03', '10:00'), resultBy: at('23', '18:00'),
    category: 'heating', kind: 'complaint', urgency: 'normal', jurisdiction: A,
  }),
  draft('ComplaintAcknowledged', at('02', '11:00'), { unit: U, after: 'dispatch', onTime: true }),
])

describe('due soon (临期) with the share asked for, from the SQLite dashboard', () => {
  const model = sqliteDashboard(':memory:')
  afterAll(() => model.close())
  const reference = replay(dashboardProjection, log)

  it('lists the result due 03-23 18:00 in its last 10%, 20% or 50% of 512 h, and names the share', async () => {
    await model.apply(log)
    const soon = async (asOf: string, dueSoon?: number) => {
      const filter = dueSoon === undefined ? { asOf } : { asOf, dueSoon }
      const view = await model.view(filter)
      // The same body as a replay gives.
      expect(view).toEqual(dashboardView(reference, filter))
      return { share: view?.overdue.dueSoon.share, kinds: view?.overdue.dueSoon.items.map((i) => i.deadlineKind) }
    }
    // As of 03-19 11:40, 102.33 h are left of 512 h (19.99%): due soon by default (20% = 102.4 h, from 03-19 11:36) …
    expect(await soon(at('19', '11:40'))).toEqual({ share: 0.2, kinds: ['result'] })
    // … not with 10% (51.2 h: from 03-21 14:48) …
    expect(await soon(at('19', '11:40'), 0.1)).toEqual({ share: 0.1, kinds: [] })
    expect(await soon(at('21', '14:50'), 0.1)).toEqual({ share: 0.1, kinds: ['result'] })
    // … and as of 03-14 00:00 (234 h left, 45.7%) only with 50% (256 h: from 03-13 02:00).
    expect(await soon(at('14', '00:00'))).toEqual({ share: 0.2, kinds: [] })
    expect(await soon(at('14', '00:00'), 0.5)).toEqual({ share: 0.5, kinds: ['result'] })
  })
})
