import { complaintInitialState, evolveComplaint, type ComplaintEvent, type ComplaintState } from '@gridcase/core/complaint'
import { describe, expect, it } from 'vitest'
import { complaintSummary } from '../../packages/http/src/routes/complaints.js'
import { summonedLog } from '../support/caseListOverdueChecks.js'

// The case list's row names a summoned department's 报到 deadline while it runs (DOMAIN.md "Time": overdue lists see every
// deadline), as core's dashboard has its `arrival` clock (overdue.ts): until the department reports, whatever the case's
// state short of final; a 退单 ends the round and its summons. The log: tests/support/caseListOverdueChecks.ts.
const REPORT_BY = '2026-10-20T23:59:59+08:00'
const RESULT_BY = '2026-11-09T23:59:59+08:00'
const log = summonedLog()
const fold = (events: readonly { type: string; data: unknown }[]): ComplaintState =>
  events.reduce<ComplaintState>((s, e) => evolveComplaint(s, { type: e.type, data: e.data } as ComplaintEvent), complaintInitialState)
const summoned = log.slice(0, 4)
const unit = { id: 'wulan-c1', name: 'c1 社区', level: 'community' as const, jurisdiction: 'hohhot/saihan/wulan/c1' }
const at = (iso: string) => ({ complaintId: (log[0]?.data as { complaintId: string }).complaintId, at: iso })

describe('a complaint’s list row: a summoned department’s 报到 deadline while it runs', () => {
  it('summoned: the 报到 beside the result deadline', () => {
    expect(complaintSummary(fold(summoned))?.openDeadlines).toEqual([RESULT_BY, REPORT_BY])
  })

  it('the department reported (报到): only the result deadline', () => {
    expect(complaintSummary(fold(log))?.openDeadlines).toEqual([RESULT_BY])
  })

  it('a result submitted before the 报到: the 报到 still runs (the dashboard lists it), the result deadline not', () => {
    const result = { type: 'ComplaintResultSubmitted', data: { ...at('2026-10-19T10:00:00+08:00'), unit, result: '已处理', outcome: 'resolved', onTime: true } }
    expect(complaintSummary(fold([...summoned, result]))?.openDeadlines).toEqual([REPORT_BY])
  })

  it('returned (退单): the round and its summons end, no 报到', () => {
    const returned = { type: 'ComplaintReturned', data: { ...at('2026-10-19T10:00:00+08:00'), unit, reason: '不属于本社区' } }
    expect(complaintSummary(fold([...summoned, returned]))?.openDeadlines).not.toContain(REPORT_BY)
  })

  it('closed: none', () => {
    const closed = { type: 'ComplaintClosed', data: { ...at('2026-10-19T10:00:00+08:00'), closedAs: 'verified' } }
    expect(complaintSummary(fold([...summoned, closed]))?.openDeadlines).toEqual([])
  })
})
