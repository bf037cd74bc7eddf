import * as E from 'fp-ts/lib/Either.js'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execute, load as loadCase, type CaseType, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { CALENDAR_STREAM } from '@gridcase/core/calendar'
import { complaintCase } from '@gridcase/core/complaint'
import { closeRunnerFiles, openRunnerFiles } from '../../../../tests/support/runnerFiles.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HYPOTHETICAL_2027, schedule2027, schedule2027LongNewYear } from '../../../core/src/calendar/fixtures.js'
import { runCalendarCli } from '../cli/calendar.js'
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

  // 以下评上 is taken on a closed case too, once a department's 报到 deadline has gone by: the pass counts that deadline
  // again there (the case list holds closed cases as well), and a closed case with none left refuses as before, counted
  // neither moved nor failed. Urgent complaints dispatched to the street Wed 2026-12-30 10:00 (China), the housing bureau
  // summoned at 11:00: 报到 by Mon 2027-01-04 (12-31, 1-04; provisional); the long-元旦 schedule makes Mon 1-04 a holiday
  // → Tue 1-05. The open case's result deadline (3 working days: 12-31, 1-04, 1-05) moves to Wed 1-06 (12-31, 1-05, 1-06).
  it('a closed case whose summoned department never came nor was rated has its 报到 re-based; a closed one whose department came and reported its part is passed over', async () => {
    const live = liveCalendar()
    const caseType = complaintCase({ calendar: live.calendar }) as unknown as CaseType
    const STREET = 'hohhot/saihan/wulanchabu-east-road'
    const streetOfficer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
    const housingOfficer: Actor = { id: 'ho-1', role: 'department-officer', jurisdiction: 'hohhot/saihan', department: 'housing' }
    const housing = { id: 'saihan-housing', level: 'district', jurisdiction: 'hohhot/saihan', department: 'housing' }
    const dispatched: [string, unknown, Actor, string][] = [
      ['create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'urgent', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY, complainant: { name: '王女士', phone: '13800471234' } }, operator, '2026-12-30T01:00:00.000Z'],
      ['accept', {}, operator, '2026-12-30T01:30:00.000Z'],
      ['dispatch', { unit: { id: 'wulanchabu-street', level: 'street', jurisdiction: STREET } }, operator, '2026-12-30T02:00:00.000Z'],
    ]
    const summoned: [string, unknown, Actor, string][] = [
      ...dispatched,
      ['acknowledge', {}, streetOfficer, '2026-12-30T02:30:00.000Z'],
      ['summon-departments', { departments: [housing], reason: '供热管道' }, streetOfficer, '2026-12-30T03:00:00.000Z'],
    ]
    const closing: [string, unknown, Actor, string][] = [
      ['submit-result', { result: '供热管道已修复', outcome: 'resolved' }, streetOfficer, '2026-12-31T02:00:00.000Z'],
      ['notify-complainant', { method: 'phone' }, operator, '2026-12-31T03:00:00.000Z'],
      ['close', { reason: '已办结' }, operator, '2026-12-31T06:00:00.000Z'],
    ]
    const cases: [string, [string, unknown, Actor, string][]][] = [
      [id(0), dispatched],
      [id(1), [...summoned, ...closing]],
      [id(2), [...summoned, ['report-arrival', { unitId: 'saihan-housing' }, housingOfficer, '2026-12-30T07:00:00.000Z'], ['report-department-part', { unitId: 'saihan-housing', report: '已到场检修' }, housingOfficer, '2026-12-30T08:00:00.000Z'], ...closing]],
    ]
    for (const [caseId, steps] of cases) {
      for (const [n, [route, data, actor, at]] of steps.entries()) {
        const r = await execute(store, caseType, caseId, route, data, { commandId: `${caseId}/${n}`, actor, at })
        if (E.isLeft(r)) throw new Error(`${route}: ${r.left.message}`)
      }
    }
    const { event } = await calendarInLog(store, liveCalendar()).record(schedule2027LongNewYear(), { actor: admin, at: '2027-01-02T02:00:00.000Z', commandId: 'load-1' })
    const refused: string[] = []
    const r = processRunner({
      store,
      caseTypes: [caseType],
      processes: [calendarRebaseProcess({ inLog: calendarInLog(store, live), caseTypes: [caseType], clock: manualClock('2027-01-02T02:00:00.000Z'), onRefused: (caseId) => refused.push(caseId) })],
      clock: manualClock('2027-01-02T02:00:00.000Z'),
      holder: 'only',
      leaseMs: 60_000,
      checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)),
      leases: sqliteLeases(file.db),
    })
    runners.push(r)
    r.start()
    await r.waitFor(CALENDAR_REBASE_PROCESS, event.position)
    const changesOf = async (caseId: string) =>
      (await store.readStream(`complaint-${caseId}`)).flatMap((e) => (e.type === 'ComplaintDeadlinesRebased' ? [(e.data as { changes: unknown }).changes] : []))
    const counted = (from: string, days: number) => [{ id: 'chinese-workdays', version: expect.stringMatching(/\+2027:/) as unknown as string, from, days, unit: 'working-days' }]
    expect(await changesOf(id(0))).toEqual([[{ kind: 'result', previous: '2027-01-05T23:59:59+08:00', deadline: '2027-01-06T23:59:59+08:00', counted: counted('2026-12-30T02:00:00.000Z', 3) }]])
    expect(await changesOf(id(1))).toEqual([
      [{ kind: 'arrival', previous: '2027-01-04T23:59:59+08:00', deadline: '2027-01-05T23:59:59+08:00', units: ['saihan-housing'], counted: counted('2026-12-30T03:00:00.000Z', 2) }],
    ])
    expect(await changesOf(id(2))).toEqual([])
    expect(refused).toEqual([])
    const completions = (await store.readStream(CALENDAR_STREAM)).filter((e) => e.type === 'CalendarRebaseCompleted')
    expect(completions.map((e) => e.data)).toMatchObject([{ cases: 3, rebased: 2, failed: 0 }])
  })

  // The 2027 notice loaded as an operator does (`gridcase calendar load <file>` into the server's log), then the
  // calendar-rebase pass. Two complaints with no 2027 notice: (0) dispatched Tue 2026-12-15 10:00 China — 15 working days,
  // 12-16..12-18 (3), 12-21..12-25 (8), 12-28..12-31 (12), Fri 1-01 元旦 off, 1-04 (13), 1-05 (14), Wed 1-06 (15); the
  // notice (make-up Saturday 1-09, after it) leaves it there; (1) dispatched Sun 12-20 10:00 — Mon 1-11, Sat 1-09 with the
  // notice (as above). Both provisional before; after, both name the loaded version and neither is provisional, and the
  // case that kept its day has a re-base recorded as confirmed (found in review: it had none, and stayed provisional).
  it('after `gridcase calendar load` of the 2027 notice, a case whose deadline keeps its day is recorded as confirmed, and every case’s stamp names the loaded version, not provisional', async () => {
    const live = liveCalendar()
    const caseType = complaintCase({ calendar: live.calendar }) as unknown as CaseType
    for (const [i, at] of [[0, '2026-12-15T02:00:00.000Z'], [1, '2026-12-20T02:00:00.000Z']] as const) {
      const steps: [string, unknown][] = [
        ['create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY }],
        ['accept', {}],
        ['dispatch', { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } }],
      ]
      for (const [n, [route, data]] of steps.entries()) {
        const r = await execute(store, caseType, id(i), route, data, { commandId: `${id(i)}/${n}`, actor: operator, at })
        if (E.isLeft(r)) throw new Error(r.left.message)
      }
    }
    const stampOf = async (i: number) => {
      const { state } = await loadCase(store, caseType.decider, `complaint-${id(i)}`)
      const s = state as { resultBy?: string; counted?: { result?: readonly { version: string; provisional?: true }[] } }
      return [s.resultBy, s.counted?.result?.map((c) => [c.version, c.provisional])]
    }
    expect([await stampOf(0), await stampOf(1)]).toEqual([
      ['2027-01-06T23:59:59+08:00', [['chinese-days@1.5.7', true]]],
      ['2027-01-11T23:59:59+08:00', [['chinese-days@1.5.7', true]]],
    ])
    const notice = join(dir, '2027-notice.csv')
    writeFileSync(notice, HYPOTHETICAL_2027)
    let said = ''
    const code = await runCalendarCli(['load', notice, '--data', dir], (s) => void (said += s), (s) => void (said += s), { now: () => '2026-12-28T02:00:00.000Z', user: 'li.admin' })
    expect(code, said).toBe(0)
    const version = /calendar version (\S+)/.exec(said)?.[1] ?? ''
    expect(version).toMatch(/^chinese-days@1\.5\.7\+2027:[0-9a-f]{8}$/)
    const load = (await store.readStream(CALENDAR_STREAM)).at(-1)
    const r = runner('only', store, caseType, live)
    r.start()
    await r.waitFor(CALENDAR_REBASE_PROCESS, load?.position ?? 0)
    expect([await stampOf(0), await stampOf(1)]).toEqual([
      ['2027-01-06T23:59:59+08:00', [[version, undefined]]],
      ['2027-01-09T23:59:59+08:00', [[version, undefined]]],
    ])
    const changesOf = async (i: number) =>
      (await store.readStream(`complaint-${id(i)}`)).flatMap((e) => (e.type === 'ComplaintDeadlinesRebased' ? (e.data as { changes: { kind: string; previous: string; deadline: string }[] }).changes.map((c) => [c.kind, c.previous, c.deadline]) : []))
    expect([await changesOf(0), await changesOf(1)]).toEqual([
      [['result', '2027-01-06T23:59:59+08:00', '2027-01-06T23:59:59+08:00']],
      [['result', '2027-01-11T23:59:59+08:00', '2027-01-09T23:59:59+08:00']],
    ])
    const completions = (await store.readStream(CALENDAR_STREAM)).filter((e) => e.type === 'CalendarRebaseCompleted')
    expect(completions.map((e) => e.data)).toMatchObject([{ cases: 2, rebased: 2, failed: 0 }])
  })

  it('casesInLog: the cases whose streams were opened by a position, in the order opened', async () => {
    const caseType = complaintCase({ calendar: liveCalendar().calendar }) as unknown as CaseType
    await openCases(caseType)
    const third = (await store.readStream(`complaint-${id(2)}`))[0]?.position ?? -1
    expect((await casesInLog(store, [caseType])(third)).map((c) => c.caseId)).toEqual([id(0), id(1), id(2)])
  })
})
