// What every case list read model must keep as a row's `updatedTime` (a dispute's list entry's `updatedAt`, whose view
// keeps none of its own): when the case last moved, as a complaint's `updatedAt` is — not when the log last recorded any
// event of it. A deadline reminder (临期预警 / 超期, the scheduler's, time passing) leaves it as it was, and a case imported
// with its original times (docs/import.md: `occurredAt` the step's, `recordedAt` the import's) last moved then. The
// SQLite suite (tests/case-list-updated.test.ts) and the PostgreSQL twin (tests/postgres/case-list-updated.test.ts) run it.
import type { RecordedEvent } from '@gridcase/core'
import type { CaseListReadModel } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { sealLog } from '@gridcase/core/audit'
import { expect } from 'vitest'
import { disputeDraft } from '../../packages/core/src/projections/fixtures.js'

export const REMINDED_ID = '00000000-0000-4000-8000-0000000007d1'
export const IMPORTED_ID = '00000000-0000-4000-8000-0000000007d2'
const PLACE = 'hohhot/saihan/wulan/c1/g1'
const parties = [{ side: 'applicant' as const, name: '王某' }, { side: 'respondent' as const, name: '李某' }]
const admin: Actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' }
const scheduler: Actor = { id: 'process:deadline-scheduler', role: 'admin', jurisdiction: PLACE }
// People's mediation accepted Wed 2026-04-01: 30 days end Fri 05-01, in 劳动节 (05-01–05-05), so Wed 05-06 24:00.
const DEADLINE = '2026-05-06T23:59:59+08:00'

const reminded = [
  disputeDraft(REMINDED_ID, 'DisputeReported', '2026-04-01T09:00:00+08:00', { id: REMINDED_ID, source: 'party-application', category: 'neighbour', jurisdiction: PLACE, summary: 's', parties }),
  disputeDraft(REMINDED_ID, 'DisputeAccepted', '2026-04-01T10:00:00+08:00', { mediationDeadline: DEADLINE }),
  disputeDraft(REMINDED_ID, 'DisputeDeadlineReminder', '2026-04-30T09:00:00+08:00', { kind: 'mediation', deadline: DEADLINE, reminder: 'due-soon' }, scheduler),
  disputeDraft(REMINDED_ID, 'DisputeDeadlineReminder', '2026-05-07T09:00:00+08:00', { kind: 'mediation', deadline: DEADLINE, reminder: 'overdue' }, scheduler),
]
const IMPORTED_AT = '2026-05-07T02:00:00.000Z'
const imported = [
  disputeDraft(IMPORTED_ID, 'DisputeReported', '2026-03-02T09:00:00+08:00', { id: IMPORTED_ID, source: 'party-application', category: 'neighbour', jurisdiction: PLACE, summary: 's', parties }),
  disputeDraft(IMPORTED_ID, 'DisputeAccepted', '2026-03-03T10:00:00+08:00', { mediationDeadline: '2026-04-02T23:59:59+08:00' }),
]
const assigned = disputeDraft(REMINDED_ID, 'MediatorAssigned', '2026-05-08T09:00:00+08:00', { track: 'people', mediator: { id: 'm-1', jurisdiction: PLACE } })

/**
 * Two disputes, then the first moves again.
 * - `REMINDED_ID`: reported Wed 2026-04-01 09:00 China time and accepted at 10:00 (mediation by 05-06 24:00); the
 *   scheduler records its 临期 reminder Thu 04-30 09:00 and its 超期 one Thu 05-07 09:00. Its last move is the acceptance,
 *   2026-04-01T02:00:00.000Z, however many reminders come after — until a mediator is assigned Fri 05-08 09:00 (the last
 *   event of the log): 2026-05-08T01:00:00.000Z.
 * - `IMPORTED_ID`: the old ledger's, reported 2026-03-02 09:00 and accepted 03-03 10:00, imported Thu 05-07 10:00: each
 *   event happened (`occurredAt`) at its step's time and was recorded at the import's. Its last move is 03-03 10:00,
 *   2026-03-03T02:00:00.000Z, not the import.
 */
export const updatedLog = (): RecordedEvent[] =>
  sealLog([...reminded, ...imported, assigned]).map((e) => (e.streamId.endsWith(IMPORTED_ID) ? { ...e, metadata: { ...e.metadata, recordedAt: IMPORTED_AT } } : e))

const updatedOf = async (model: CaseListReadModel, caseId: string): Promise<string | undefined> => {
  const page = await model.list({ kind: 'disputes', actor: admin, now: Date.parse('2026-05-09T00:00:00Z'), limit: 50 })
  return page.items.find((i) => i.caseId === caseId)?.updatedTime
}

/** `model` (reset here) keeps each dispute's last move, the log folded in one batch or event by event. */
export const checkDisputeUpdated = async (model: CaseListReadModel): Promise<void> => {
  const log = updatedLog()
  const before = log.slice(0, -1)
  for (const batches of [[before], before.map((e) => [e])]) {
    await model.reset()
    for (const batch of batches) await model.apply(batch)
    // Before: when the 超期 reminder was recorded (05-07 09:00 China time) and the import (05-07 10:00).
    expect(await updatedOf(model, REMINDED_ID)).toBe('2026-04-01T02:00:00.000Z')
    expect(await updatedOf(model, IMPORTED_ID)).toBe('2026-03-03T02:00:00.000Z')
  }
  await model.apply(log.slice(-1))
  expect(await updatedOf(model, REMINDED_ID)).toBe('2026-05-08T01:00:00.000Z')
  expect(await updatedOf(model, IMPORTED_ID)).toBe('2026-03-03T02:00:00.000Z')
}
