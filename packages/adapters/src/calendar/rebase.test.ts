import * as E from 'fp-ts/lib/Either.js'
import { execute, type CaseType, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { CALENDAR_STREAM } from '@gridcase/core/calendar'
import { complaintCase } from '@gridcase/core/complaint'
import { closeRunnerFiles, openRunnerFiles } from '../../../../tests/support/runnerFiles.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { schedule2027 } from '../../../core/src/calendar/fixtures.js'
import { manualClock } from '../clock.js'
import type { ReadModelFile } from '../projections/sqliteFile.js'
import { sqliteProcessCheckpoints } from '../processes/definitions.js'
import { sqliteLeases } from '../processes/lease.js'
import { processRunner, type ProcessRunner } from '../processes/runner.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { liveCalendar } from './files.js'
import { calendarInLog } from './log.js'
import { CALENDAR_REBASE_PROCESS, calendarRebaseProcess, casesInLog } from './rebase.js'

const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
const COMMUNITY = 'hohhot/saihan/wulanchabu-east-road/xinhua-community'
const CASES = 12
const id = (i: number) => `0b6f3f43-7c1e-4d5a-9a51-${String(i).padStart(12, '0')}`

describe('the calendar-rebase process: every open case re-based once after a load, under the runner’s lease', () => {
  let dir: string
  let store: EventStore & { close(): Promise<void> }
  let file: ReadModelFile
  const runners: ProcessRunner[] = []
  beforeEach(() => {
    ;({ dir, store, file } = openRunnerFiles('gridcase-calendar-rebase-'))
  })
  afterEach(() => closeRunnerFiles({ dir, store, file }, runners))

  /** CASES complaints dispatched on Sunday 2026-12-20 with no 2027 notice (result due the provisional Mon 2027-01-11). */
  const openCases = async (caseType: CaseType): Promise<void> => {
    for (let i = 0; i < CASES; i += 1) {
      const steps: [string, unknown][] = [
        ['create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY }],
        ['accept', {}],
        ['dispatch', { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } }],
      ]
      for (const [n, [route, data]] of steps.entries()) {
        const r = await execute(store, caseType, id(i), route, data, { commandId: `${id(i)}/${n}`, actor: operator, at: '2026-12-20T02:00:00.000Z' })
        if (E.isLeft(r)) throw new Error(r.left.message)
      }
    }
  }
  const rebasedPerCase = async (): Promise<number[]> =>
    Promise.all(Array.from({ length: CASES }, async (_, i) => (await store.readStream(`complaint-${id(i)}`)).filter((e) => e.type === 'ComplaintDeadlinesRebased').length))
  const runner = (holder: string, over: EventStore, caseType: CaseType, live = liveCalendar()): ProcessRunner => {
    const r = processRunner({
      store: over,
      caseTypes: [caseType],
      processes: [calendarRebaseProcess({ inLog: calendarInLog(over, live), caseTypes: [caseType], clock: manualClock('2026-12-28T02:00:00.000Z') })],
      clock: manualClock('2026-12-28T02:00:00.000Z'),
      holder,
      leaseMs: 60_000,
      checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)),
      leases: sqliteLeases(file.db),
    })
    runners.push(r)
    return r
  }

  it('a runner stopped half-way: the lease’s next holder finishes the re-base — each case once, one completion', async () => {
    const live = liveCalendar()
    const caseType = complaintCase({ calendar: live.calendar }) as unknown as CaseType
    await openCases(caseType)
    const { event } = await calendarInLog(store, liveCalendar()).record(schedule2027(), { actor: admin, at: '2026-12-28T02:00:00.000Z', commandId: 'load-1' })
    // The first runner is stopped once it has re-based 4 cases (a server shut down, or its lease lost, mid-pass).
    let written = 0
    let first: ProcessRunner | undefined
    let stopped: Promise<void> | undefined
    const stopping: EventStore = {
      ...store,
      appendToStream: async (streamId, events, options) => {
        const appended = await store.appendToStream(streamId, events, options)
        if (events.some((e) => e.type === 'ComplaintDeadlinesRebased')) {
          written += 1
          if (written === 4) stopped = first?.stop()
        }
        return appended
      },
    }
    first = runner('first', stopping, caseType, live)
    first.start()
    await new Promise<void>((resolve) => {
      const look = (): void => void (stopped === undefined ? setTimeout(look, 5) : stopped.then(() => resolve()))
      look()
    })
    const atStop = await rebasedPerCase()
    expect(atStop.reduce((a, b) => a + b, 0)).toBeLessThan(CASES)
    expect((await store.readStream(CALENDAR_STREAM)).map((e) => e.type)).toEqual(['HolidayScheduleLoaded'])

    const second = runner('second', store, caseType, live)
    second.start()
    await second.waitFor(CALENDAR_REBASE_PROCESS, event.position)
    expect(await rebasedPerCase()).toEqual(Array.from({ length: CASES }, () => 1))
    const completions = (await store.readStream(CALENDAR_STREAM)).filter((e) => e.type === 'CalendarRebaseCompleted')
    expect(completions.map((e) => [e.metadata.actor.id, (e.data as { cases: number }).cases])).toEqual([['process:calendar-rebase', CASES]])
    // The completion counts every case this load moved, the first runner's too (each case's events carry the load's
    // command id), not only those the second pass wrote: what a POST answers does not depend on a stop half-way.
    expect((completions[0]?.data as { rebased: number; failed: number })).toMatchObject({ rebased: CASES, failed: 0 })
    const last = (await store.readStream(`complaint-${id(0)}`)).at(-1)
    expect((last?.data as { changes: { kind: string; deadline: string }[] }).changes.find((c) => c.kind === 'result')?.deadline).toBe('2027-01-09T23:59:59+08:00')
  })

  it('a pass that fails on a case is tried again by the running runner (not left due until a restart)', async () => {
    const live = liveCalendar()
    const caseType = complaintCase({ calendar: live.calendar }) as unknown as CaseType
    await openCases(caseType)
    const { event } = await calendarInLog(store, liveCalendar()).record(schedule2027(), { actor: admin, at: '2026-12-28T02:00:00.000Z', commandId: 'load-1' })
    // The store fails the first re-base append of the fifth case (a busy disk, a dropped connection).
    let failed = false
    const flaky: EventStore = {
      ...store,
      appendToStream: async (streamId, events, options) => {
        if (!failed && streamId === `complaint-${id(4)}` && events.some((e) => e.type === 'ComplaintDeadlinesRebased')) {
          failed = true
          throw new Error('SQLITE_BUSY: database is locked')
        }
        return store.appendToStream(streamId, events, options)
      },
    }
    const errors: unknown[] = []
    const r = processRunner({
      store: flaky,
      caseTypes: [caseType],
      processes: [calendarRebaseProcess({ inLog: calendarInLog(flaky, live), caseTypes: [caseType], clock: manualClock('2026-12-28T02:00:00.000Z') })],
      clock: manualClock('2026-12-28T02:00:00.000Z'),
      holder: 'only',
      leaseMs: 60_000,
      checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)),
      leases: sqliteLeases(file.db),
      onError: (_name, error) => errors.push(error),
    })
    runners.push(r)
    r.start()
    await r.waitFor(CALENDAR_REBASE_PROCESS, event.position)
    expect(failed).toBe(true)
    expect(errors.map((e) => (e instanceof Error ? e.message : String(e)))).toEqual(['SQLITE_BUSY: database is locked'])
    expect(await rebasedPerCase()).toEqual(Array.from({ length: CASES }, () => 1))
    expect((await store.readStream(CALENDAR_STREAM)).map((e) => e.type)).toEqual(['HolidayScheduleLoaded', 'CalendarRebaseCompleted'])
  })

  it('casesInLog: the cases whose streams were opened by a position, in the order opened', async () => {
    const caseType = complaintCase({ calendar: liveCalendar().calendar }) as unknown as CaseType
    await openCases(caseType)
    const third = (await store.readStream(`complaint-${id(2)}`))[0]?.position ?? -1
    expect((await casesInLog(store, [caseType])(third)).map((c) => c.caseId)).toEqual([id(0), id(1), id(2)])
  })
})
