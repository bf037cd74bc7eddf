// The calendar kept in the log: a take-over of schedule files racing a load, and the version a load records.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { CALENDAR_STREAM, calendarLogOf, scheduleToCsv } from '@gridcase/core/calendar'
import { afterEach, describe, expect, it } from 'vitest'
import { schedule2027, schedule2027LongNewYear } from '../../../core/src/calendar/fixtures.js'
import { memoryEventStore } from '../memory/store.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { calendarFiles, liveCalendar } from './files.js'
import { calendarInLog, takeOverScheduleFiles, type CalendarInLog } from './log.js'

const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('takeOverScheduleFiles racing a load', () => {
  it('an old schedule file does not replace a schedule an operator loaded for its year while the server was starting', async () => {
    const store = memoryEventStore()
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-calendar-review-'))
    dirs.push(dir)
    const files = calendarFiles(join(dir, 'calendar'))
    // The file an earlier release kept: 2027 as first published.
    files.save(schedule2027())
    // The server starting reads the stream (no 2027 yet); meanwhile the operator runs `gridcase calendar load` with the
    // corrected 2027 notice (or another server's admin posts it): recorded between that read and the take-over's append.
    const server = calendarInLog(store, liveCalendar())
    const operator = calendarInLog(store, liveCalendar())
    let raced = false
    const racing: CalendarInLog = {
      ...server,
      refresh: async () => {
        const log = await server.refresh()
        if (!raced) {
          raced = true
          await operator.record(schedule2027LongNewYear(), { actor: admin, at: '2026-12-28T02:00:00.000Z', commandId: 'operator-load' })
        }
        return log
      },
    }
    const report = await takeOverScheduleFiles(racing, files, '2026-12-28T02:00:01.000Z')
    const log = calendarLogOf(await store.readStream(CALENDAR_STREAM))
    const inEffect = [...log.schedules].reverse().find((s) => s.year === 2027)
    // The log held a 2027 schedule when the file was recorded: the file should have been left alone (reported), not
    // recorded after the operator's load, which it now replaces on every server. On main: taken [2027], the file's in effect.
    expect({ taken: report.taken, inEffect: inEffect === undefined ? undefined : scheduleToCsv(inEffect) }).toEqual({ taken: [], inEffect: scheduleToCsv(schedule2027LongNewYear()) })
  })

  it('two servers starting at once with different files for a year: one is recorded, the other reported (not both, the later winning)', async () => {
    const store = memoryEventStore()
    const make = (schedule: Parameters<ReturnType<typeof calendarFiles>['save']>[0]) => {
      const dir = mkdtempSync(join(tmpdir(), 'gridcase-calendar-review-'))
      dirs.push(dir)
      const files = calendarFiles(join(dir, 'calendar'))
      files.save(schedule)
      return files
    }
    const [filesA, filesB] = [make(schedule2027()), make(schedule2027LongNewYear())]
    const reports = await Promise.all([
      takeOverScheduleFiles(calendarInLog(store, liveCalendar()), filesA, '2026-12-28T02:00:00.000Z'),
      takeOverScheduleFiles(calendarInLog(store, liveCalendar()), filesB, '2026-12-28T02:00:00.000Z'),
    ])
    const loads = (await store.readStream(CALENDAR_STREAM)).filter((e) => e.type === 'HolidayScheduleLoaded')
    // docs/calendar.md: a file is taken over "for a year the log has no schedule for"; one for a year the log holds
    // otherwise is reported. On main: both taken, two loads for 2027, whichever appended second in effect.
    expect({ loads: loads.length, taken: reports.map((r) => r.taken.length).reduce((a, b) => a + b, 0), ignored: reports.map((r) => r.ignored.length).reduce((a, b) => a + b, 0) }).toEqual({ loads: 1, taken: 1, ignored: 1 })
  })
})

describe('the calendar version a load records', () => {
  it('is the version every server reading the log counts with (SQLite: the schedule read back in canonical key order)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-calendar-review-'))
    dirs.push(dir)
    const store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite') })
    try {
      const live = liveCalendar()
      const { log } = await calendarInLog(store, live).record(schedule2027(), { actor: admin, at: '2026-12-28T02:00:00.000Z', commandId: 'load-1' })
      const [loaded] = await store.readStream(CALENDAR_STREAM)
      const recorded = (loaded?.data as { version: string }).version
      // What deadlines are stamped with from now on (every server, the CLI, the calendar-stale process), against what
      // the event says "deadlines counted with it name". On main: …+2027:3fc21049 recorded, …+2027:3707ed0b counted —
      // the fingerprint hashes JSON.stringify of the holidays, whose key order the store's canonical JSON changes.
      expect({ recorded, counted: live.current().version }).toEqual({ recorded: log.version, counted: log.version })
    } finally {
      await store.close()
    }
  })
})
