import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fold } from '../../packages/core/src/kernel/decider.js'
import { actors, at, CASE_NUMBER, command } from '../../packages/core/src/dispute/fixtures.js'
import { disputeDecider } from '../../packages/core/src/dispute/index.js'
import { disputeSummary } from '../../packages/http/src/routes/disputes.js'

// The case list's row names the deadlines still running (its overdue filter and `next_closes` read them), as the
// dashboard's overdue list does. After the court refuses the application (不予受理) the 司法确认 window runs again to
// the end of day 30 (the dashboard since 6fc4028): the list must see it too — and not when the refusal came after day 30
// (1e8374b: none of it left). Agreement effective Tue 3-10 (oral): day 30 = Thu 4-09, the window 04-09 23:59:59.
describe('a dispute’s list row: the 司法确认 window after a refusal', () => {
  const decider = disputeDecider()
  const WINDOW = '2026-04-09T23:59:59+08:00'
  const refusedOn = (when: string) => {
    const r = decider.decide(command('RecordCourtAcceptance', actors.courtClerk, when, { decision: 'refused', caseNumber: CASE_NUMBER, reason: '不属于本院管辖' }), fold(decider, at.applied))
    if (E.isLeft(r)) throw new Error(r.left.message)
    return fold(decider, [...at.applied, ...r.right])
  }
  it('applied: the court’s 3 days run, not the window', () => {
    expect(disputeSummary(fold(decider, at.applied))?.openDeadlines).not.toContain(WINDOW)
  })
  it('refused on 3-17: the window to 04-09 23:59:59 runs again', () => {
    expect(disputeSummary(refusedOn('2026-03-17T10:00:00+08:00'))?.openDeadlines).toEqual([WINDOW])
  })
  it('refused on day 30, its last second (04-09 23:59:59.500): still runs to 24:00', () => {
    expect(disputeSummary(refusedOn('2026-04-09T23:59:59.500+08:00'))?.openDeadlines).toEqual([WINDOW])
  })
  it('refused on day 31 (04-10 00:00): none of it left — nothing runs', () => {
    expect(disputeSummary(refusedOn('2026-04-10T00:00:00+08:00'))?.openDeadlines).toEqual([])
  })
})
