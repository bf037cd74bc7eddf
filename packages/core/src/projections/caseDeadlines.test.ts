import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import { caseDeadlinesAt } from './caseDeadlines.js'
import { complaintDraft } from './fixtures.js'
import { standingOf } from './overdue.js'

const ms = (iso: string) => Date.parse(iso)
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString())

// DOMAIN.md "Dashboards": 临期 within a share of the time left (default 20%); "Time": a day's period ends at 24:00 China time.
describe('standingOf: 临期 and 超期 of one running deadline, by hand', () => {
  // An hour deadline: 签收 within 24 h of a dispatch Mon 2026-03-02 09:00 China time → Tue 03-03 09:00. 20% of 24 h is
  // 4 h 48 min: due soon from 04:12; overdue 1 ms after 09:00 (an hour deadline is met at its instant).
  const ack = { from: ms('2026-03-02T09:00:00+08:00'), deadline: ms('2026-03-03T09:00:00+08:00') }
  it.each([
    ['Mon 03-02 09:00, dispatched', '2026-03-02T09:00:00+08:00', 'running', undefined],
    ['Tue 03-03 04:11:59.999', '2026-03-03T04:11:59.999+08:00', 'running', undefined],
    ['Tue 03-03 04:12, 4 h 48 min left', '2026-03-03T04:12:00+08:00', 'due-soon', '2026-03-02T20:12:00.000Z'],
    ['Tue 03-03 09:00, the instant', '2026-03-03T09:00:00+08:00', 'due-soon', '2026-03-02T20:12:00.000Z'],
    ['Tue 03-03 09:00:00.001', '2026-03-03T09:00:00.001+08:00', 'overdue', '2026-03-03T01:00:00.001Z'],
  ])('an hour deadline, %s: %s', (_, at, standing, since) => {
    const s = standingOf(ack, ms(at))
    expect([s.standing, iso(s.since)]).toEqual([standing, since])
  })

  // A day deadline: 办结 by Fri 2026-03-20 (23:59:59+08:00), set Mon 03-02 09:00. Its time: 18 days 14:59:59 (1,609,199 s);
  // 20% of it is 321,839.8 s = 3 days 17:23:59.8, so due soon from Tue 03-17 06:35:59.200; overdue from Sat 03-21 00:00
  // (24:00 of its day), not 03-20 23:59:59.001.
  const result = { from: ms('2026-03-02T09:00:00+08:00'), deadline: ms('2026-03-20T23:59:59+08:00') }
  it.each([
    ['Tue 03-17 06:35:59.199', '2026-03-17T06:35:59.199+08:00', 'running', undefined],
    ['Tue 03-17 06:35:59.200', '2026-03-17T06:35:59.200+08:00', 'due-soon', '2026-03-16T22:35:59.200Z'],
    ['the day before, Thu 03-19 12:00', '2026-03-19T12:00:00+08:00', 'due-soon', '2026-03-16T22:35:59.200Z'],
    ['the day, Fri 03-20 23:59:59.999', '2026-03-20T23:59:59.999+08:00', 'due-soon', '2026-03-16T22:35:59.200Z'],
    ['the day after, Sat 03-21 00:00', '2026-03-21T00:00:00+08:00', 'overdue', '2026-03-20T16:00:00.000Z'],
  ])('a day deadline, %s: %s', (_, at, standing, since) => {
    const s = standingOf(result, ms(at))
    expect([s.standing, iso(s.since)]).toEqual([standing, since])
  })

  it('a share asked for: 50% of 24 h left from 21:00', () => {
    expect(standingOf(ack, ms('2026-03-02T20:59:59.999+08:00'), 0.5).standing).toBe('running')
    expect(iso(standingOf(ack, ms('2026-03-02T21:00:00+08:00'), 0.5).since)).toBe('2026-03-02T13:00:00.000Z')
  })
})

describe('caseDeadlinesAt: a case’s running deadlines from its events, as the overdue list sees them', () => {
  const id = '00000000-0000-4000-8000-00000000c0de'
  const PLACE = 'hohhot/saihan/wulan/c1/g1'
  const C1 = { id: 'wulan-c1', name: 'c1 社区', level: 'community' as const, jurisdiction: 'hohhot/saihan/wulan/c1' }
  const log = sealLog([
    complaintDraft(id, 'ComplaintRegistered', '2026-03-02T08:30:00+08:00', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: 't', description: 'd', jurisdiction: PLACE,
      complainant: { name: '李四', phone: '13912345678' }, policy: 'standard-normal',
    }),
    complaintDraft(id, 'ComplaintDispatched', '2026-03-02T09:00:00+08:00', {
      unit: C1, round: 1, redispatch: false, policy: 'standard-normal', acknowledgeBy: '2026-03-03T09:00:00+08:00', resultBy: '2026-03-20T23:59:59+08:00',
      category: 'heating', kind: 'complaint', urgency: 'normal', jurisdiction: PLACE,
    }),
  ])
  const at = (when: string) => caseDeadlinesAt(log, ms(when)).map((d) => [d.kind, iso(d.deadline), iso(d.from), d.standing, iso(d.since)])

  it('Tue 03-03 05:00: 签收 due soon (since 04:12), 办结 running', () => {
    expect(at('2026-03-03T05:00:00+08:00')).toEqual([
      ['acknowledge', '2026-03-03T01:00:00.000Z', '2026-03-02T01:00:00.000Z', 'due-soon', '2026-03-02T20:12:00.000Z'],
      ['result', '2026-03-20T15:59:59.000Z', '2026-03-02T01:00:00.000Z', 'running', undefined],
    ])
  })
  it('Sat 03-21 00:00: both overdue, each since it closed', () => {
    expect(at('2026-03-21T00:00:00+08:00').map((d) => [d[0], d[3], d[4]])).toEqual([
      ['acknowledge', 'overdue', '2026-03-03T01:00:00.001Z'],
      ['result', 'overdue', '2026-03-20T16:00:00.000Z'],
    ])
  })
  it('signed for (签收) Tue 03-03 08:00: the 签收 deadline no longer runs', () => {
    const acknowledged = sealLog([
      ...log.map((e) => ({ streamId: e.streamId, type: e.type, at: e.metadata.occurredAt, actor: e.metadata.actor, data: e.data })),
      complaintDraft(id, 'ComplaintAcknowledged', '2026-03-03T08:00:00+08:00', { unit: C1, after: 'dispatch', onTime: true }),
    ])
    expect(caseDeadlinesAt(acknowledged, ms('2026-03-03T08:30:00+08:00')).map((d) => d.kind)).toEqual(['result'])
  })
  it('no events: none', () => {
    expect(caseDeadlinesAt([], ms('2026-03-03T08:30:00+08:00'))).toEqual([])
  })
})
