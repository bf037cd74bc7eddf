import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { chineseCalendar } from '../calendar/calendar.js'
import { schedule2027 } from '../calendar/fixtures.js'
import { fold } from '../kernel/decider.js'
import type { DisputeEvent } from './events.js'
import { actors, at, command } from './fixtures.js'
import { disputeDecider } from './index.js'

const shipped = disputeDecider()
const loaded = disputeDecider({ calendar: chineseCalendar([schedule2027()]) })
const decided = (d: typeof shipped, past: readonly DisputeEvent[], c: Parameters<typeof shipped.decide>[0]): readonly DisputeEvent[] => {
  const r = d.decide(c, fold(d, past))
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('rebase-deadlines on a dispute', () => {
  // Accepted Thu 2026-12-10 with no 2027 notice: 12-10 + 30 days = Sat 2027-01-09 → provisionally Mon 1-11
  // (a Saturday is a rest day when nothing says otherwise). The 2027 schedule makes Sat 1-09 a make-up
  // working day, so the rebased deadline is Sat 1-09.
  const accepted = [...at.reported, ...decided(shipped, at.reported, command('AcceptDispute', actors.communityWorker, '2026-12-10T10:00:00+08:00', {}))]

  it('the mediation deadline is provisional before the notice, and counted again after it', () => {
    expect(fold(shipped, accepted).mediationDeadline).toBe('2027-01-11T23:59:59+08:00')
    const acceptedEvent = accepted.at(-1)
    expect(acceptedEvent?.type === 'DisputeAccepted' && acceptedEvent.data.calendar?.provisional).toBe(true)
    const rebased = decided(loaded, accepted, command('RebaseDeadlines', actors.admin, '2026-12-28T10:00:00+08:00', { reason: '2027年放假安排已发布' }))
    expect(rebased).toMatchObject([
      {
        type: 'DisputeDeadlinesRebased',
        data: { reason: '2027年放假安排已发布', changes: [{ kind: 'mediation', previous: '2027-01-11T23:59:59+08:00', deadline: '2027-01-09T23:59:59+08:00' }] },
      },
    ])
    expect(fold(loaded, [...accepted, ...rebased]).mediationDeadline).toBe('2027-01-09T23:59:59+08:00')
    // Nothing left to move: a second rebase writes nothing.
    expect(decided(loaded, [...accepted, ...rebased], command('RebaseDeadlines', actors.admin, '2026-12-28T11:00:00+08:00', { reason: 'again' }))).toEqual([])
  })

  it('only an admin may rebase', () => {
    const r = loaded.decide(command('RebaseDeadlines', actors.streetOfficer, '2026-12-28T10:00:00+08:00', { reason: 'x' }), fold(loaded, accepted))
    expect(E.isLeft(r) && r.left.code).toBe('forbidden')
  })
})
