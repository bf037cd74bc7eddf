// What every store of refused process commands must do (memory, SQLite, PostgreSQL): one set of checks, each store's
// test opening it its own way. `reopen` opens the same storage again (a restart), or undefined where nothing survives.
import * as E from 'fp-ts/lib/Either.js'
import type { RecordedEvent } from '@gridcase/core'
import type { ProcessRefusals, RefusalReport } from '../../packages/adapters/src/processes/refusals.js'
import { LeaseFenced, type LeaseStore } from '../../packages/adapters/src/processes/lease.js'
import type { ProcessCheckpoints, ProcessDefinition, ProcessRunner } from '../../packages/adapters/src/processes/runner.js'
import { expect } from 'vitest'

const GRID = 'hohhot/saihan/wulan-street/xx-community/grid-017'
const OTHER = 'hohhot/xincheng/other-street'
const COMPLAINT_ID = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'

/**
 * A process `noter` that adds `note(event)` to the complaint `caseId` for each registration (an empty note is refused
 * for good: validation), or issues `command` with `data(event)`.
 */
export const noter = (note: (event: RecordedEvent) => string, command = 'add-note', data = (event: RecordedEvent): unknown => ({ note: note(event) }), caseId = COMPLAINT_ID, jurisdiction = GRID): ProcessDefinition => ({
  name: 'noter',
  handles: ['ComplaintRegistered'],
  react: async (event) =>
    E.right([{
      caseType: 'complaint-', caseId, command, data: data(event),
      meta: { commandId: `noter-${event.eventId}`, actor: { id: 'process:noter', role: 'admin', jurisdiction }, at: event.metadata.occurredAt },
    }]),
})

/** A refusal report of `process` for the event at `position`, its command addressing a case in `jurisdiction`. */
export const refusalReport = (position: number, more: Partial<RefusalReport> = {}, jurisdiction = GRID): RefusalReport => ({
  process: 'noter',
  event: { streamId: 'complaint-0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11', position, eventId: `e-${position}`, type: 'ComplaintRegistered' },
  command: {
    caseType: 'complaint-', caseId: '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11', command: 'add-note', data: { note: '' },
    meta: { commandId: `noter-e-${position}`, actor: { id: 'process:noter', role: 'admin', jurisdiction }, at: '2026-03-02T09:00:00+08:00' },
  },
  kind: 'refused',
  code: 'validation',
  message: 'The input is not valid: note: empty',
  at: '2026-03-02T01:00:00.000Z',
  ...more,
})

export const keepsRefusals = async (open: () => ProcessRefusals, reopen: (() => Promise<ProcessRefusals>) | undefined): Promise<void> => {
  const refusals = open()
  await refusals.record(refusalReport(3))
  // The same refusal reported again (the event handled again after a restart): one entry, two attempts.
  await refusals.record(refusalReport(3, { at: '2026-03-02T02:00:00.000Z' }))
  // Nothing to do any more: the case moved on, or its subject was erased — not kept.
  await refusals.record(refusalReport(4, { code: 'invalid-transition', message: 'add-note is not allowed in state closed' }))
  await refusals.record(refusalReport(5, { code: 'personal-data-erased', message: 'erased' }))
  // Another jurisdiction's case; and an event that could not be read (no command: its jurisdiction unknown).
  await refusals.record(refusalReport(6, {}, OTHER))
  const { command: _none, ...unreadable } = refusalReport(7, { code: 'validation', message: 'ComplaintReferredToMediationData: bad' })
  await refusals.record(unreadable)
  // A failure, retried by the runner: kept, then settled once the event is handled.
  await refusals.record(refusalReport(8, { kind: 'failed', code: 'concurrency-conflict', message: 'stream moved' }))

  const all = await refusals.list({ limit: 10 })
  expect(all.map((r) => [r.event.position, r.kind, r.code, r.attempts, r.status])).toEqual([
    [3, 'refused', 'validation', 2, 'open'],
    [6, 'refused', 'validation', 1, 'open'],
    [7, 'refused', 'validation', 1, 'open'],
    [8, 'failed', 'concurrency-conflict', 1, 'open'],
  ])
  expect(all[0]).toMatchObject({ process: 'noter', firstAt: '2026-03-02T01:00:00.000Z', lastAt: '2026-03-02T02:00:00.000Z', jurisdiction: GRID, command: { command: 'add-note', data: { note: '' } } })
  expect(all[0]?.event).toEqual(refusalReport(3).event)
  expect(all[2]?.command).toBeUndefined()
  expect(all[2]?.jurisdiction).toBeNull()
  // Paged by seq; scoped by jurisdiction (an unknown one at the top of the tree only).
  const first = await refusals.list({ limit: 2 })
  expect((await refusals.list({ limit: 2, after: first[1]?.seq ?? 0 })).map((r) => r.event.position)).toEqual([7, 8])
  expect((await refusals.list({ limit: 10, scope: 'hohhot/saihan' })).map((r) => r.event.position)).toEqual([3, 8])
  expect((await refusals.list({ limit: 10, scope: 'hohhot' })).map((r) => r.event.position)).toEqual([3, 6, 7, 8])
  expect(await refusals.list({ limit: 10, scope: 'hohhot/saihan/wulan' })).toEqual([])
  expect(await refusals.open()).toBe(4)
  // The earliest open failure of a process (what a runner taking its lease settles once handled): only failures count.
  expect([await refusals.earliestOpenFailure('noter'), await refusals.earliestOpenFailure('other')]).toEqual([8, undefined])
  // Handled up to 8: the failure is resolved; the refusals stay open.
  await refusals.settle('noter', 8, '2026-03-02T03:00:00.000Z')
  expect((await refusals.list({ limit: 10, status: 'open' })).map((r) => r.event.position)).toEqual([3, 6, 7])
  expect(await refusals.earliestOpenFailure('noter')).toBeUndefined()
  expect(await refusals.get(all[3]?.id ?? '')).toMatchObject({ status: 'resolved', resolved: { how: 'handled', at: '2026-03-02T03:00:00.000Z' } })
  // Dismissed (an admin's, with who and why): kept so, also when the same refusal is reported again (one attempt more).
  const sixth = all[1]
  if (sixth === undefined) throw new Error('no refusal at 6')
  await refusals.put({ ...sixth, status: 'dismissed', dismissed: { by: 'admin-1', reason: '已人工处理', at: '2026-03-02T04:00:00.000Z' } })
  await refusals.record(refusalReport(6, { at: '2026-03-02T05:00:00.000Z' }, OTHER))
  expect(await refusals.get(sixth.id)).toMatchObject({ seq: sixth.seq, status: 'dismissed', attempts: 2, lastAt: '2026-03-02T05:00:00.000Z', dismissed: { by: 'admin-1', reason: '已人工处理', at: '2026-03-02T04:00:00.000Z' } })
  expect((await refusals.list({ limit: 10, status: 'dismissed' })).map((r) => r.event.position)).toEqual([6])
  expect(await refusals.open()).toBe(2)
  if (reopen === undefined) return
  // After a restart: all of it as it was.
  const again = await reopen()
  expect(await again.list({ limit: 10 })).toEqual(await refusals.list({ limit: 10 }))
}

/**
 * A stale lease holder (fencing): holder A's runner stalls in the middle of the event at `at` (a long GC, a slow disk)
 * past the end of its lease, holder B takes the lease over, and A then goes on — to a refusal kept (`refused`: the
 * noter's empty note) or a failure kept (`failed`: its handling throws), and its checkpoint. None of A's writes lands
 * after B took the lease (before, each did: a failure nobody would ever resolve, a checkpoint moved under B's feet),
 * and A stops following rather than retry (the event is B's to handle, from the checkpoint). `run` starts A's runner,
 * holder `server-a`, with a lease far longer than the test; `clock` is the runner's.
 */
export const staleHolderWritesNothing = async (
  home: {
    readonly at: number
    readonly clock: { now(): string; advance(ms: number): void; set(iso: string): void }
    readonly leases: LeaseStore
    readonly refusals: ProcessRefusals
    readonly checkpoints: ProcessCheckpoints
    readonly run: (process: ProcessDefinition) => ProcessRunner
  },
  kind: 'refused' | 'failed',
): Promise<void> => {
  const { at, clock, leases, refusals, checkpoints } = home
  let resume = (): void => undefined
  const stalled = new Promise<void>((resolve) => {
    resume = resolve
  })
  let reached = (): void => undefined
  const inTheEvent = new Promise<void>((resolve) => {
    reached = resolve
  })
  let calls = 0
  const refusing = noter(() => '')
  const process: ProcessDefinition = {
    ...refusing,
    react: async (event, context) => {
      calls += 1
      reached()
      await stalled
      if (kind === 'failed') throw new Error('the directory did not answer')
      return refusing.react(event, context)
    },
  }
  const started = clock.now()
  try {
    const a = home.run(process)
    await inTheEvent
    // A's lease ends while it stalls (the longest lease there is), and B takes it.
    clock.advance(600_001)
    expect(await leases.acquire('noter', 'server-b', Date.parse(clock.now()), 600_000)).toBe(true)
    resume()
    for (let i = 0; i < 150 && a.active('noter'); i += 1) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await refusals.list({ limit: 10 })).toEqual([])
    expect(await refusals.open()).toBe(0)
    expect(await checkpoints.load('process:noter')).toBeUndefined()
    expect((await leases.holder('noter'))?.holder).toBe('server-b')
    expect(a.active('noter')).toBe(false)
    // Stopped, not retrying the event it no longer holds.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(calls).toBe(1)
    expect(a.position('noter')).toBeLessThan(at)
  } finally {
    resume()
    clock.set(started)
  }
}

/** A failure kept by a runner (`holder`) of `process` at position 7 of one complaint (the fence cases' report). */
export const failedUnder = (holder: string, process = 'noter'): RefusalReport => ({
  process, event: { streamId: 'complaint-x', position: 7, eventId: 'e-7', type: 'ComplaintRegistered' },
  kind: 'failed', code: 'internal', message: `failed under ${holder}`, at: '2026-03-02T02:00:00Z',
})

/**
 * Each write a runner fences, on its own (the runner's scenario above stops at its first one, the refusal kept), over one
 * store's leases, refusals and checkpoints (their lease rows kept together, as the servers keep them): after 'server-b'
 * took the lease from 'server-a', a's checkpoint, refusal and settle are refused (LeaseFenced) and change nothing, b's
 * apply; and a lease of which the store keeps no row (kept elsewhere) does not refuse them (found in review: a file
 * keeping no lease row refused every fenced write, and the runner met the same event for ever).
 */
export const fencesEachWrite = async (home: { readonly leases: LeaseStore; readonly refusals: ProcessRefusals; readonly checkpoints: ProcessCheckpoints }): Promise<void> => {
  const LEASE = 'process:noter'
  const a = { lease: LEASE, holder: 'server-a' }
  const b = { lease: LEASE, holder: 'server-b' }
  const failure = failedUnder
  expect(await home.leases.acquire(LEASE, 'server-a', 0, 1_000)).toBe(true)
  expect(await home.leases.acquire(LEASE, 'server-b', 2_000, 1_000)).toBe(true)
  // The checkpoint.
  await expect(home.checkpoints.save(LEASE, 5, a)).rejects.toBeInstanceOf(LeaseFenced)
  expect(await home.checkpoints.load(LEASE)).toBeUndefined()
  await home.checkpoints.save(LEASE, 5, b)
  expect(await home.checkpoints.load(LEASE)).toBe(5)
  // A failure kept, and failures settled.
  await home.refusals.record(failure('server-b'), b)
  await expect(home.refusals.record(failure('server-a'), a)).rejects.toBeInstanceOf(LeaseFenced)
  await expect(home.refusals.settle('noter', 7, '2026-03-02T02:01:00Z', a)).rejects.toBeInstanceOf(LeaseFenced)
  expect(await home.refusals.list({ limit: 10 })).toMatchObject([{ process: 'noter', status: 'open', message: 'failed under server-b' }])
  await home.refusals.settle('noter', 7, '2026-03-02T02:01:00Z', b)
  expect(await home.refusals.list({ limit: 10 })).toMatchObject([{ process: 'noter', status: 'resolved', resolved: { how: 'handled' } }])
  // A lease this store keeps no row of.
  const elsewhere = { lease: 'process:elsewhere', holder: 'server-a' }
  await home.refusals.record(failure('server-a', 'elsewhere'), elsewhere)
  expect((await home.refusals.list({ limit: 10 })).filter((r) => r.process === 'elsewhere')).toMatchObject([{ status: 'open' }])
  await home.checkpoints.save('process:elsewhere', 3, elsewhere)
  expect(await home.checkpoints.load('process:elsewhere')).toBe(3)
}
