// The deadline scheduler's cases (临期预警, 超期, 督办) stated once for the dashboard's running deadlines in SQLite
// (packages/adapters/src/processes/scheduler.test.ts) and in PostgreSQL (tests/postgres/processes.test.ts), in simulated
// time: complaints dispatched Monday 2026-03-02 10:00 China time (02:00Z) must be acknowledged within 24 h (the standard
// normal policy), so by 03-03 02:00Z; due soon once 20% of the 24 h is left (from 03-02 21:12Z); urged 2 h after.
import { deadlineScheduler, manualClock, type DeadlineScheduler, type DeadlineSource, type LeaseStore, type ProjectionRunner } from '@gridcase/adapters'
import { execute, type CaseType, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import { dispute } from '@gridcase/core/dispute'
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'

export const GRID = 'hohhot/saihan/wulan-street/xx-community/grid-017'
export const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
export const caseTypes = [complaint, dispute] as unknown as readonly CaseType[]
export const HOUR = 3600_000

type Clock = ReturnType<typeof manualClock>

/** The reminders and urgings recorded on a complaint, in order: `due-soon acknowledge`, `overdue acknowledge`, `urged` … */
export const remindersOn = async (store: EventStore, caseId: string): Promise<string[]> =>
  (await store.readStream(`complaint-${caseId}`)).flatMap((e) =>
    e.type === 'ComplaintDeadlineReminder' ? [`${(e.data as { reminder: string }).reminder} ${(e.data as { kind: string }).kind}`] : e.type === 'ComplaintUrged' ? ['urged'] : [],
  )

/** A complaint registered, accepted and dispatched to grid 017 at the clock's now, by the hotline; command ids `${prefix}-1` to `-3`. */
export const dispatchedComplaint = async (store: EventStore, clock: Clock, id: string, prefix: string): Promise<void> => {
  const step = async (route: string, data: unknown, k: number) => {
    const r = await execute(store, complaint, id, route, data, { commandId: `${prefix}-${k}`, actor: operator, at: clock.now() })
    if (E.isLeft(r)) throw new Error(r.left.message)
  }
  await step('create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '暖气一周不热', jurisdiction: GRID }, 1)
  await step('accept', {}, 2)
  await step('dispatch', { unit: { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: GRID } }, 3)
}

/** Where a scheduler reads and leases, the log it writes to, the dashboard that keeps its deadlines, and the clock. */
export interface SchedulerHome {
  readonly store: EventStore
  readonly clock: Clock
  readonly deadlines: DeadlineSource
  readonly leases: LeaseStore
  readonly dashboard: () => ProjectionRunner
}

/** A scheduler as a start makes one (nothing in memory), holder `a`, urging 2 h after a deadline. */
export const schedulerOf = (home: SchedulerHome, deadlines: DeadlineSource = home.deadlines): DeadlineScheduler =>
  deadlineScheduler({ store: home.store, caseTypes, deadlines, clock: home.clock, leases: home.leases, holder: 'a', urgeAfterMs: 2 * HOUR })

/**
 * Complaint `caseId`, dispatched 03-02 02:00Z: due soon at 22:00Z (4 h of 24 left), recorded once; then, down until
 * 03-03 05:00Z (past the deadline and the urging delay), a new instance records the overdue reminder and the urging,
 * once, and not the due-soon again; a third records nothing.
 */
export const remindsOnceAcrossRestarts = async (home: SchedulerHome, caseId: string): Promise<void> => {
  const { clock } = home
  const reminders = () => remindersOn(home.store, caseId)
  const first = schedulerOf(home)
  // 03-02 20:00Z: 6 h of 24 left (25%): nothing due yet.
  clock.set('2026-03-02T20:00:00Z')
  expect(await first.tick()).toBe(0)
  // 22:00Z: 4 h left (16.7% ≤ 20%): due soon.
  clock.set('2026-03-02T22:00:00Z')
  expect(await first.tick()).toBe(1)
  expect(await first.tick()).toBe(0)
  expect(await reminders()).toEqual(['due-soon acknowledge'])
  await first.stop()
  clock.set('2026-03-03T05:00:00Z')
  await home.dashboard().catchUp()
  const second = schedulerOf(home)
  expect(await second.tick()).toBe(2)
  expect(await second.tick()).toBe(0)
  await second.stop()
  const third = schedulerOf(home)
  expect(await third.tick()).toBe(0)
  await third.stop()
  expect(await reminders()).toEqual(['due-soon acknowledge', 'overdue acknowledge', 'urged'])
}

/**
 * A pass reads only the deadlines with a reminder still to fire: `old` more complaints dispatched 03-02 02:00Z, each
 * due soon, overdue and urged at 03-03 05:00Z (with the `open` deadlines already there, 3 reminders each); then one
 * more dispatched then, and (`between`) whatever else happens before 03-04 01:00Z, when a restarted scheduler reads
 * the one new deadline alone (due soon from 03-04 00:12Z), and its next pass reads nothing.
 */
export const readsOnlyWhatIsDue = async (home: SchedulerHome, counts: { readonly old: number; readonly open: number }, between: (ids: readonly string[]) => Promise<void> = async () => undefined): Promise<void> => {
  const { clock } = home
  let read = 0
  const counted: DeadlineSource = {
    ...home.deadlines,
    due: async (...args: Parameters<DeadlineSource['due']>) => {
      const rows = await home.deadlines.due(...args)
      read += rows.length
      return rows
    },
  }
  const ids = Array.from({ length: counts.old }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
  for (const [n, id] of ids.entries()) await dispatchedComplaint(home.store, clock, id, `old-${n}`)
  await home.dashboard().catchUp()
  clock.set('2026-03-03T05:00:00Z')
  const first = schedulerOf(home, counted)
  expect(await first.tick()).toBe(3 * (counts.old + counts.open))
  await first.stop()
  await dispatchedComplaint(home.store, clock, '00000000-0000-4000-8000-999999999999', 'old-999')
  await between(ids)
  clock.set('2026-03-04T01:00:00Z')
  await home.dashboard().catchUp()
  read = 0
  const second = schedulerOf(home, counted)
  expect(await second.tick()).toBe(1)
  expect(read).toBeLessThanOrEqual(2)
  // The next pass reads nothing: the new deadline's next reminder (overdue) is not due before 03-04 05:00Z.
  read = 0
  expect(await second.tick()).toBe(0)
  expect(read).toBe(0)
  await second.stop()
}
