import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { execute, type CaseType, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { CALENDAR_STREAM, chineseCalendar } from '@gridcase/core/calendar'
import { complaintCase } from '@gridcase/core/complaint'
import { closeRunnerFiles, openRunnerFiles } from '../../../../tests/support/runnerFiles.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { schedule2027, schedule2027LongNewYear } from '../../../core/src/calendar/fixtures.js'
import { manualClock } from '../clock.js'
import { memoryEventStore } from '../memory/store.js'
import type { ReadModelFile } from '../projections/sqliteFile.js'
import { sqliteProcessCheckpoints } from '../processes/definitions.js'
import { sqliteLeases } from '../processes/lease.js'
import { processRunner, type ProcessRunner } from '../processes/runner.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { calendarFiles, liveCalendar } from './files.js'
import { CALENDAR_STALE_PROCESS, calendarInLog, calendarStaleProcess, followCalendar, takeOverScheduleFiles } from './log.js'

const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const COMMUNITY = 'hohhot/saihan/wulanchabu-east-road/xinhua-community'
const load = (commandId: string) => ({ actor: admin, at: '2026-12-28T02:00:00.000Z', commandId })

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gridcase-calendar-log-'))
  dirs.push(d)
  return d
}

describe('calendarInLog: the schedules of the calendar stream', () => {
  it('a load is every reader’s: recorded once per command id, counted with by another reader at its refresh', async () => {
    const store = memoryEventStore()
    const here = liveCalendar()
    const there = liveCalendar()
    const loader = calendarInLog(store, here)
    const other = calendarInLog(store, there)
    const first = await loader.record(schedule2027(), load('load-1'))
    // The loader counts with it at once; the other reader at its refresh.
    expect(here.current().isWorkday('2027-01-09')).toBe(true)
    expect(there.current().isWorkday('2027-01-09')).toBe(false)
    await other.refresh()
    expect(there.current().version).toBe(chineseCalendar([schedule2027()]).version)
    // The same command again (a retried request) is answered with its event; nothing is written twice.
    const again = await loader.record(schedule2027(), load('load-1'))
    expect(again.event.eventId).toBe(first.event.eventId)
    expect(await store.readStream(CALENDAR_STREAM)).toHaveLength(1)
    // A later schedule for the year replaces it, on both.
    await other.record(schedule2027LongNewYear(), load('load-2'))
    await loader.refresh()
    expect(here.current().isWorkday('2027-01-04')).toBe(false)
    expect(loader.current().due?.load).toBe((await store.readStream(CALENDAR_STREAM))[1]?.eventId)
  })

  it('records a re-base’s completion once, and not for a load another has superseded', async () => {
    const store = memoryEventStore()
    const a = calendarInLog(store, liveCalendar())
    const b = calendarInLog(store, liveCalendar())
    const { log } = await a.record(schedule2027(), load('load-1'))
    const due = log.due
    if (due === undefined) throw new Error('a load is due until its re-base completes')
    await Promise.all([a.complete(due, { cases: 2, rebased: 1, failed: 0 }, '2026-12-28T02:01:00.000Z'), b.complete(due, { cases: 2, rebased: 1, failed: 0 }, '2026-12-28T02:01:00.000Z')])
    expect((await store.readStream(CALENDAR_STREAM)).map((e) => e.type)).toEqual(['HolidayScheduleLoaded', 'CalendarRebaseCompleted'])
    expect((await a.refresh()).due).toBeUndefined()
    // A load superseded before its re-base finished: that re-base's completion is not the later one's.
    const { log: second } = await a.record(schedule2027LongNewYear(), load('load-2'))
    const secondDue = second.due
    await b.record(schedule2027(), load('load-3'))
    if (secondDue === undefined) throw new Error('due')
    await a.complete(secondDue, { cases: 2, rebased: 0, failed: 0 }, '2026-12-28T02:02:00.000Z')
    expect((await a.refresh()).due?.load).not.toBe(secondDue.load)
    expect((await store.readStream(CALENDAR_STREAM)).filter((e) => e.type === 'CalendarRebaseCompleted')).toHaveLength(1)
  })

  it('records a re-base’s completion for a load whose metadata names no actor that reads (an older build, an imported event)', async () => {
    // A load as a log written elsewhere may hold it: the actor missing, or not one (no jurisdiction).
    for (const actor of [undefined, null, 'admin', { id: 'legacy', role: 'admin' }, { id: 'x', role: 'admin', jurisdiction: 'Not A Path' }]) {
      const store = memoryEventStore()
      const appended = await store.appendToStream(
        CALENDAR_STREAM,
        [
          {
            type: 'HolidayScheduleLoaded',
            schemaVersion: 1,
            eventId: 'imported-load',
            data: { schedule: schedule2027(), version: chineseCalendar([schedule2027()]).version, reason: '2027年放假安排（导入）' },
            metadata: { commandId: 'imported-load', correlationId: 'imported-load', causationId: 'imported-load', actor, occurredAt: '2026-12-28T02:00:00.000Z' } as never,
          },
        ],
        { expectedVersion: 'no-stream' },
      )
      expect(E.isRight(appended)).toBe(true)
      const inLog = calendarInLog(store, liveCalendar())
      const due = (await inLog.refresh()).due
      expect(due?.load).toBe('imported-load')
      if (due === undefined) throw new Error('due')
      // On main: a missing actor threw (TypeError reading its jurisdiction) and the re-base stayed due for ever; one
      // without a jurisdiction wrote a completion whose actor has none.
      await inLog.complete(due, { cases: 0, rebased: 0, failed: 0 }, '2026-12-28T02:01:00.000Z')
      const stream = await store.readStream(CALENDAR_STREAM)
      expect(stream.map((e) => e.type), JSON.stringify(actor)).toEqual(['HolidayScheduleLoaded', 'CalendarRebaseCompleted'])
      expect(stream[1]?.metadata.actor, JSON.stringify(actor)).toEqual({ id: 'process:calendar-rebase', role: 'admin', jurisdiction: 'cn', name: 'calendar-rebase' })
      expect((await inLog.refresh()).due).toBeUndefined()
    }
  })

  it('takes schedule files of earlier releases over once, for years the log has none of; reports one the log holds otherwise', async () => {
    const store = memoryEventStore()
    const dir = join(temp(), 'calendar')
    const files = calendarFiles(dir)
    files.save(schedule2027())
    // Two servers with the same file start at once: one load in the log.
    const [a, b] = [calendarInLog(store, liveCalendar()), calendarInLog(store, liveCalendar())]
    const taken = await Promise.all([takeOverScheduleFiles(a, files, '2026-12-28T02:00:00.000Z'), takeOverScheduleFiles(b, files, '2026-12-28T02:00:00.000Z')])
    expect(taken.map((t) => t.taken.length).reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(1)
    const stream = await store.readStream(CALENDAR_STREAM)
    expect(stream.map((e) => [e.type, e.metadata.actor.id])).toEqual([['HolidayScheduleLoaded', 'process:calendar-load']])
    // A server whose file says otherwise for 2027: the log's stays in effect, the file is reported.
    const otherDir = join(temp(), 'calendar')
    calendarFiles(otherDir).save(schedule2027LongNewYear())
    const c = calendarInLog(store, liveCalendar())
    const report = await takeOverScheduleFiles(c, calendarFiles(otherDir), '2026-12-29T02:00:00.000Z')
    expect(report.ignored).toEqual([{ year: 2027, file: `${otherDir}/2027.csv` }])
    expect(await store.readStream(CALENDAR_STREAM)).toHaveLength(1)
    expect(c.current().version).toBe(chineseCalendar([schedule2027()]).version)
  })

  it('followCalendar tells of a load recorded elsewhere, also when another refresh read it first', async () => {
    const store = memoryEventStore()
    const inLog = calendarInLog(store, liveCalendar())
    const seen: number[] = []
    const followed = followCalendar(inLog, { intervalMs: 5, onChange: (log) => seen.push(log.streamVersion), onError: () => undefined })
    try {
      await calendarInLog(store, liveCalendar()).record(schedule2027(), load('load-1'))
      // Read by someone else first (the calendar-stale process shares the reader): still told.
      await inLog.refresh()
      for (let i = 0; i < 200 && seen.length === 0; i += 1) await new Promise((r) => setTimeout(r, 5))
      expect(seen).toEqual([0])
    } finally {
      followed.stop()
    }
  })
})

describe('the calendar-stale process: a deadline counted before the server heard of a load', () => {
  let dir: string
  let store: EventStore & { close(): Promise<void> }
  let file: ReadModelFile
  const runners: ProcessRunner[] = []
  beforeEach(() => {
    ;({ dir, store, file } = openRunnerFiles('gridcase-calendar-log-'))
  })
  afterEach(() => closeRunnerFiles({ dir, store, file }, runners))

  it('re-bases it with the calendar the log holds, once; a deadline counted with the current calendar is left alone', async () => {
    // This server has read the stream before the load (nothing in it) and not since.
    const live = liveCalendar()
    const inLog = calendarInLog(store, live)
    await inLog.refresh()
    const caseType = complaintCase({ calendar: live.calendar }) as unknown as CaseType
    // Another server loads the 2027 schedule (make-up Saturday 2027-01-09).
    await calendarInLog(store, liveCalendar()).record(schedule2027(), load('load-1'))
    const openCase = async (id: string, at: string) => {
      const steps: [string, unknown][] = [
        ['create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY }],
        ['accept', {}],
        ['dispatch', { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } }],
      ]
      for (const [n, [route, data]] of steps.entries()) {
        const r = await execute(store, caseType, id, route, data, { commandId: `${id}/${n}`, actor: operator, at })
        if (E.isLeft(r)) throw new Error(r.left.message)
      }
    }
    const resultBy = async (id: string) => {
      const events = await store.readStream(`complaint-${id}`)
      const last = events.filter((e) => e.type === 'ComplaintDispatched' || e.type === 'ComplaintDeadlinesRebased').at(-1)
      const data = last?.data as { resultBy?: string; changes?: { kind: string; deadline: string }[] }
      return data.changes?.find((c) => c.kind === 'result')?.deadline ?? data.resultBy
    }
    // Dispatched Sunday 2026-12-20 with the schedules before the load: 15 working days end on the provisional Mon 2027-01-11.
    const stale = '0b6f3f43-7c1e-4d5a-9a51-000000000001'
    await openCase(stale, '2026-12-20T02:00:00.000Z')
    expect(await resultBy(stale)).toBe('2027-01-11T23:59:59+08:00')

    const runner = processRunner({
      store, caseTypes: [caseType], processes: [calendarStaleProcess({ inLog, caseTypes: [caseType] })], clock: manualClock('2026-12-28T02:00:00.000Z'), holder: 'test', leaseMs: 60_000,
      checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)), leases: sqliteLeases(file.db),
    })
    runners.push(runner)
    runner.start()
    const end = (await store.readAll({ fromPosition: 0 })).at(-1)?.position ?? 0
    await runner.waitFor(CALENDAR_STALE_PROCESS, end)
    // 12-21..12-31: 9 working days, 1-04..1-08: 14, the make-up Saturday 1-09: 15. Worked by hand.
    expect(await resultBy(stale)).toBe('2027-01-09T23:59:59+08:00')
    const rebased = (await store.readStream(`complaint-${stale}`)).filter((e) => e.type === 'ComplaintDeadlinesRebased')
    expect(rebased.map((e) => e.metadata.actor.id)).toEqual(['process:calendar-stale'])
    // The process read the stream: this server now counts with the load, and what it counts is not re-based.
    expect(live.current().isWorkday('2027-01-09')).toBe(true)
    const current = '0b6f3f43-7c1e-4d5a-9a51-000000000002'
    await openCase(current, '2026-12-20T02:00:00.000Z')
    expect(await resultBy(current)).toBe('2027-01-09T23:59:59+08:00')
    await runner.waitFor(CALENDAR_STALE_PROCESS, (await store.readAll({ fromPosition: 0 })).at(-1)?.position ?? 0)
    expect((await store.readStream(`complaint-${current}`)).filter((e) => e.type === 'ComplaintDeadlinesRebased')).toEqual([])
    expect((await store.readStream(`complaint-${stale}`)).filter((e) => e.type === 'ComplaintDeadlinesRebased')).toHaveLength(1)
  })
})
