import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { runningDeadlines } from './facts.js'
import { disputeDraft as d } from './fixtures.js'
import { replay } from './projection.js'
import { fold } from '../kernel/decider.js'
import { disputeDecider } from '../dispute/index.js'
import type { DisputeEvent } from '../dispute/events.js'

// 诉前委派 by a court clerk: the 30 days of 委派调解 run only from the centre's receipt (法释〔2016〕14号 art. 27), so
// until the centre accepts or declines it the case runs its receipt clock (DisputeReported.receiptDeadline, kind
// `receipt`, not 信访's 受理 `accept`): on the overdue and due-soon lists and among the running deadlines the scheduler reminds from
// (dashboard_deadlines). A hand-written log; its deadlines worked out by hand in entrusted.test.ts (entrusted Wed
// 04-01: 3 working days 04-02, 04-03, then past 清明 04-04..06, Tue 04-07 → 04-07 24:00 China time).
const A = 'hohhot/saihan/wulan'
const at = (day: string, time: string) => `2026-${day}T${time}:00+08:00`
const id = (n: number) => `00000000-0000-4000-8000-00000000010${n}`
const parties = [{ side: 'applicant' as const, name: '某物业公司' }, { side: 'respondent' as const, name: '赵敏' }]
const clerk = { id: 'cc-1', role: 'court-clerk' as const, jurisdiction: 'hohhot/saihan' }
const entrusted = (n: number) =>
  d(id(n), 'DisputeReported', at('04-01', '10:00'), {
    id: id(n), source: 'court-entrusted', category: 'property', jurisdiction: `${A}/c1/g1`, summary: 's', parties,
    court: '赛罕区人民法院', courtCaseNumber: `(2026)蒙0105民诉前调${n}号`, reportedOn: '2026-04-01', receiptDeadline: '2026-04-07T23:59:59+08:00',
  }, clerk)

const log = sealLog([
  // d1: never answered.
  entrusted(1),
  // d2: accepted the day after its receipt deadline, Wed 04-08 09:00: 30 days from then → Fri 05-08.
  entrusted(2),
  d(id(2), 'DisputeAccepted', at('04-08', '09:00'), { mediationDeadline: '2026-05-08T23:59:59+08:00' }),
  // d3: declined on 04-03.
  entrusted(3),
  d(id(3), 'DisputeDeclined', at('04-03', '09:00'), { reason: '不属于受理范围' }),
])
const state = replay(dashboardProjection, log)
const view = (day: string, time: string) => dashboardView(state, { asOf: at(day, time) }).overdue
const ofCase = (items: readonly { caseId: string; deadlineKind: string; deadline: string }[], n: number) =>
  items.filter((i) => i.caseId === id(n)).map((i) => [i.deadlineKind, i.deadline])

describe('a clerk’s entrustment the centre has not signed for: its receipt clock', () => {
  it('is not overdue the day before its last day (04-06) nor at the last minute of it (04-07 23:59), and is overdue from 04-08 00:00', () => {
    expect(ofCase(view('04-06', '12:00').items, 1)).toEqual([])
    const last = view('04-07', '23:59')
    expect(ofCase(last.items, 1)).toEqual([])
    // Set 04-01 10:00, due 04-07 23:59:59: 20% of its time left is due soon (临期) — the last minute is.
    expect(ofCase(last.dueSoon.items, 1)).toEqual([['receipt', '2026-04-07T15:59:59.000Z']])
    const after = view('04-08', '00:00')
    expect(ofCase(after.items, 1)).toEqual([['receipt', '2026-04-07T15:59:59.000Z']])
    // d1, and d2 (accepted only at 09:00); not d3, declined on 04-03.
    expect(after.byKind.receipt).toBe(2)
    expect(after.byKind.accept).toBe(0)
  })

  it('stops when the centre accepts (the 30 days run instead) or declines it', () => {
    const later = view('04-08', '12:00')
    expect(ofCase(later.items, 2)).toEqual([])
    expect(ofCase(later.items, 3)).toEqual([])
    expect(ofCase(later.items, 1)).toEqual([['receipt', '2026-04-07T15:59:59.000Z']])
  })

  it('is among the running deadlines the dashboard keeps for the scheduler (dashboard_deadlines) until answered', () => {
    const kinds = (n: number) => runningDeadlines(state.cases.get(`dispute-${id(n)}`) ?? (undefined as never)).map((r) => r.kind)
    expect(kinds(1)).toEqual(['receipt'])
    expect(kinds(2)).toEqual(['mediation'])
    expect(kinds(3)).toEqual([])
  })
})

describe('a clerk’s log written before receipt clocks were stamped (no `calendar` on DisputeReported)', () => {
  // The log above is such a log. Stamped as the decider now writes it (entrusted Wed 04-01 10:00, 3 working days →
  // Tue 04-07), the same log must show the same lists: the stamp is only what a rebase counts again, and a log without
  // it replays as it did before (the tests above give its dates).
  const stamp = { id: 'chinese-workdays', version: 'chinese-days@1.5.7', from: at('04-01', '10:00'), days: 3, unit: 'working-days' as const }
  const drafts = (stamped: boolean) => [
    ...[1, 2, 3].map((n) => {
      const e = entrusted(n)
      return stamped ? { ...e, data: { ...(e.data as object), calendar: stamp } } : e
    }),
    d(id(2), 'DisputeAccepted', at('04-08', '09:00'), { mediationDeadline: '2026-05-08T23:59:59+08:00' }),
    d(id(3), 'DisputeDeclined', at('04-03', '09:00'), { reason: '不属于受理范围' }),
  ]
  const stampedState = replay(dashboardProjection, sealLog(drafts(true)))
  const caseFile = (stamped: boolean, n: number) =>
    fold(disputeDecider(), drafts(stamped).filter((e) => e.streamId === `dispute-${id(n)}`).map((e) => ({ type: e.type, data: e.data }) as DisputeEvent))

  it('gives the dashboard the same overdue and due-soon lists and running deadlines as the stamped log', () => {
    for (const [day, time] of [['04-06', '12:00'], ['04-07', '23:59'], ['04-08', '00:00'], ['04-08', '12:00']] as const) {
      expect(view(day, time)).toEqual(dashboardView(stampedState, { asOf: at(day, time) }).overdue)
    }
    for (const n of [1, 2, 3]) {
      const rows = (s: typeof state) => runningDeadlines(s.cases.get(`dispute-${id(n)}`) ?? (undefined as never))
      expect(rows(state)).toEqual(rows(stampedState))
    }
  })

  it('gives the case file (HTTP case view, stored case list) no `counted`; answered, it is the stamped log’s exactly', () => {
    // d1, awaiting receipt: its receipt deadline as written, nothing for a rebase to count.
    expect(caseFile(false, 1)).toMatchObject({ status: 'reported', receiptDeadline: '2026-04-07T23:59:59+08:00' })
    expect('counted' in caseFile(false, 1)).toBe(false)
    const { counted, ...rest } = caseFile(true, 1)
    expect(counted).toEqual({ receipt: [stamp] })
    expect(caseFile(false, 1)).toEqual(rest)
    // d2 accepted, d3 declined: the receipt clock and its stamp are gone either way.
    expect(caseFile(false, 2)).toEqual(caseFile(true, 2))
    expect(caseFile(false, 3)).toEqual(caseFile(true, 3))
  })
})

describe('a clerk’s entrustment accepted with `receivedOn`: the 临期 window of its 30 days starts at the receipt', () => {
  // Entrusted Mon 03-02 10:00, received (签字接收) that day, the acceptance recorded Mon 03-30 10:00 with receivedOn
  // 03-02: day 1 is 03-03, day 30 Wed 04-01 → 04-01 24:00 China time. The period runs from 03-02 00:00 China time
  // (the calendar's `from`): 30 days and 23:59:59 long, so 20% of it is about 6.2 days, and at the acceptance only
  // 2 days 14 hours are left: due soon (临期) from the start. Counted from the acceptance instead (2 days 14 hours
  // long), it would be due soon only its last 12.4 hours, from 04-01 11:36.
  const received = sealLog([
    d(id(4), 'DisputeReported', at('03-02', '10:00'), {
      id: id(4), source: 'court-entrusted', category: 'property', jurisdiction: `${A}/c1/g1`, summary: 's', parties,
      court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民诉前调4号', reportedOn: '2026-03-02', receiptDeadline: '2026-03-05T23:59:59+08:00',
    }, clerk),
    d(id(4), 'DisputeAccepted', at('03-30', '10:00'), {
      mediationDeadline: '2026-04-01T23:59:59+08:00', receivedOn: '2026-03-02',
      calendar: { id: 'chinese-workdays', version: 'chinese-days@1.5.7', from: '2026-03-02T00:00:00+08:00', days: 30, unit: 'statutory-days' },
    }),
  ])
  const s = replay(dashboardProjection, received)
  it('is due soon right after the acceptance, not overdue, and the receipt clock has stopped', () => {
    const o = dashboardView(s, { asOf: at('03-30', '12:00') }).overdue
    expect(ofCase(o.dueSoon.items, 4)).toEqual([['mediation', '2026-04-01T15:59:59.000Z']])
    expect(ofCase(o.items, 4)).toEqual([])
  })
  it('the running deadline the scheduler reminds from is set at 03-02 00:00 China time', () => {
    const rows = runningDeadlines(s.cases.get(`dispute-${id(4)}`) ?? (undefined as never))
    expect(rows.map((r) => [r.kind, r.from])).toEqual([['mediation', Date.parse('2026-03-01T16:00:00Z')]])
  })
})

describe('a receipt clock counted again (DisputeDeadlinesRebased, kind receipt): the lists follow the new date', () => {
  // Hand-written log; dates worked out in dispute/rebase.test.ts. d5: entrusted Wed 2026-12-30 10:00 with no 2027 notice:
  // 12-31, 1-04, 1-05 → Tue 2027-01-05. Re-based Thu 12-31 12:00 when a schedule making Mon 1-04 a day off is loaded:
  // 12-31, 1-05, 1-06 → Wed 1-06. d6: entrusted the same, accepted Thu 12-31 10:00 (its receipt clock stopped then).
  const day = (date: string, time: string) => `${date}T${time}:00+08:00`
  const entrustedOn = (n: number) =>
    d(id(n), 'DisputeReported', day('2026-12-30', '10:00'), {
      id: id(n), source: 'court-entrusted', category: 'property', jurisdiction: `${A}/c1/g1`, summary: 's', parties,
      court: '赛罕区人民法院', courtCaseNumber: `(2026)蒙0105民诉前调${n}号`, reportedOn: '2026-12-30', receiptDeadline: '2027-01-05T23:59:59+08:00',
      calendar: { id: 'chinese-workdays', version: 'chinese-days@1.5.7', provisional: true, from: day('2026-12-30', '10:00'), days: 3, unit: 'working-days' },
    }, clerk)
  const rebased = (n: number, changes: { kind: string; previous: string; deadline: string }[]) =>
    d(id(n), 'DisputeDeadlinesRebased', day('2026-12-31', '12:00'), { reason: '2027年放假安排已发布', calendar: { id: 'chinese-workdays', version: 'v2' }, changes }, { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' })
  const moved = { kind: 'receipt', previous: '2027-01-05T23:59:59+08:00', deadline: '2027-01-06T23:59:59+08:00' }
  const s = replay(dashboardProjection, sealLog([
    entrustedOn(5),
    rebased(5, [moved]),
    entrustedOn(6),
    d(id(6), 'DisputeAccepted', day('2026-12-31', '10:00'), { mediationDeadline: '2027-02-01T23:59:59+08:00' }),
    // Not something the decider writes for an accepted case (it has no receipt deadline left): a stopped clock stays stopped.
    rebased(6, [moved]),
  ]))
  const o = (date: string, time: string) => dashboardView(s, { asOf: day(date, time) }).overdue

  it('is not overdue on 1-06 (the old date has passed), and is overdue from 1-07 00:00 with the new date', () => {
    expect(ofCase(o('2027-01-06', '12:00').items, 5)).toEqual([])
    expect(ofCase(o('2027-01-07', '00:00').items, 5)).toEqual([['receipt', '2027-01-06T15:59:59.000Z']])
    expect(o('2027-01-07', '00:00').byKind.receipt).toBe(1)
  })

  it('is due soon (临期) by the new date: its 20% window still counted from when the deadline was set (12-30), to 1-06', () => {
    // A re-base counts the same time again, so the window keeps its start: set 12-30 10:00, due 1-06 23:59:59 (182 hours
    // less a second; 20% = 36.4 hours): due soon from 1-05 11:36 — not at 11:00, and at 12:00. (Counted from the rebase,
    // 12-31 12:00, the window would be 6.5 days and 1-05 12:00 not yet due soon.)
    expect(ofCase(o('2027-01-04', '17:00').dueSoon.items, 5)).toEqual([])
    expect(ofCase(o('2027-01-05', '11:00').dueSoon.items, 5)).toEqual([])
    expect(ofCase(o('2027-01-05', '12:00').dueSoon.items, 5)).toEqual([['receipt', '2027-01-06T15:59:59.000Z']])
  })

  it('leaves a receipt clock the acceptance stopped where it was', () => {
    expect(ofCase(o('2027-01-07', '00:00').items, 6)).toEqual([])
    const kinds = runningDeadlines(s.cases.get(`dispute-${id(6)}`) ?? (undefined as never)).map((r) => [r.kind, r.deadline])
    expect(kinds).toEqual([['mediation', Date.parse('2027-02-01T15:59:59Z')]])
    expect(runningDeadlines(s.cases.get(`dispute-${id(5)}`) ?? (undefined as never)).map((r) => [r.kind, r.deadline])).toEqual([['receipt', Date.parse('2027-01-06T15:59:59Z')]])
  })
})
