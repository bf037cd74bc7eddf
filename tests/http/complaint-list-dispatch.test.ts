import { describe, expect, it } from 'vitest'
import { actors, command, registration, run, units } from '../../packages/core/src/complaint/fixtures.js'
import { complaintSummary } from '../../packages/http/src/routes/complaints.js'

// The case list's row names the deadlines still running (the list's overdue filter and `next_closes` read them): the
// dispatch deadline (派单时限) while the case waits for the dispatcher — accepted, or back after a 退单 — and not once dispatched.
describe('a complaint’s list row: the dispatch deadline while it runs', () => {
  const accepted = [
    command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration()),
    command('AcceptComplaint', actors.operator, '2026-03-02T10:00:00+08:00', {}),
  ]

  it('accepted 10:00 (normal): dispatch by 12:00 is open', () => {
    expect(complaintSummary(run(accepted).state)?.openDeadlines).toEqual(['2026-03-02T12:00:00+08:00'])
  })

  it('dispatched: not any more (the round’s 签收 and 办结 are)', () => {
    const open = complaintSummary(run([...accepted, command('DispatchComplaint', actors.operator, '2026-03-02T11:00:00+08:00', { unit: units.grid })]).state)?.openDeadlines
    expect(open).not.toContain('2026-03-02T12:00:00+08:00')
    expect(open).toHaveLength(2)
  })

  it('returned (退单) at 15:00: the new one, 17:00', () => {
    const h = run([
      ...accepted,
      command('DispatchComplaint', actors.operator, '2026-03-02T11:00:00+08:00', { unit: units.grid }),
      command('ReturnComplaint', actors.gridWorker, '2026-03-02T15:00:00+08:00', { reason: '不属于本网格' }),
    ])
    expect(complaintSummary(h.state)?.openDeadlines).toEqual(['2026-03-02T17:00:00+08:00'])
  })
})
