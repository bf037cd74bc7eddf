import { describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../kernel/envelope.js'
import { chineseCalendar } from './calendar.js'
import { addWorkingDays } from './dates.js'
import { schedule2027, schedule2027LongNewYear } from './fixtures.js'
import { CALENDAR_REBASE_COMPLETED, CALENDAR_STREAM, calendarLogOf, HOLIDAY_SCHEDULE_LOADED, staleStamps, stampsOf } from './log.js'
import type { HolidaySchedule } from './schedule.js'

const admin = { id: 'admin-1', role: 'admin' as const, jurisdiction: 'hohhot' }
let version = -1
const recorded = (eventId: string, position: number, type: string, data: unknown): RecordedEvent => {
  version += 1
  return {
    eventId,
    streamId: CALENDAR_STREAM,
    version,
    position,
    type,
    schemaVersion: 1,
    data,
    metadata: { commandId: eventId, correlationId: eventId, causationId: eventId, actor: admin, occurredAt: '2026-12-02T10:00:00.000Z', recordedAt: '2026-12-02T10:00:00.000Z', prevHash: '', hash: '' },
  }
}
const loaded = (eventId: string, position: number, schedule: HolidaySchedule) =>
  recorded(eventId, position, HOLIDAY_SCHEDULE_LOADED, { schedule, version: 'as the loader counted it', reason: `loaded ${schedule.year}` })
const completed = (eventId: string, position: number, load: string) =>
  recorded(eventId, position, CALENDAR_REBASE_COMPLETED, { load, version: 'v', cases: 3, rebased: 1, failed: 0 })

describe('calendarLogOf: the schedules the log holds', () => {
  const base = chineseCalendar().version
  const first = chineseCalendar([schedule2027()]).version
  const second = chineseCalendar([schedule2027LongNewYear()]).version

  it('completionCovering: a load’s own completion, or a later load’s that superseded it; none while none is recorded', () => {
    const l1 = loaded('l1', 10, schedule2027())
    const l2 = loaded('l2', 20, schedule2027LongNewYear())
    expect(calendarLogOf([l1, l2]).completionCovering(10)).toBeUndefined()
    const log = calendarLogOf([l1, l2, completed('c2', 30, 'l2')])
    expect(log.completionCovering(10)).toEqual({ load: 'l2', version: 'v', cases: 3, rebased: 1, failed: 0, position: 30 })
    expect(log.completionCovering(20)?.load).toBe('l2')
    // A completion of an earlier load does not cover a later one.
    expect(calendarLogOf([l1, completed('c1', 15, 'l1'), l2]).completionCovering(20)).toBeUndefined()
    expect(calendarLogOf([l1, completed('c1', 15, 'l1'), l2]).completionCovering(10)?.load).toBe('l1')
  })

  it('a load whose metadata actor does not read: due all the same, with no actor', () => {
    const odd = { ...loaded('l1', 10, schedule2027()), metadata: { ...loaded('x', 0, schedule2027()).metadata, actor: { id: 'legacy' } as never } }
    const due = calendarLogOf([odd]).due
    expect(due?.load).toBe('l1')
    expect(due !== undefined && 'actor' in due).toBe(false)
    expect(calendarLogOf([loaded('l2', 10, schedule2027())]).due?.actor).toEqual(admin)
  })

  it('an empty stream: the shipped calendar, nothing due', () => {
    const log = calendarLogOf([])
    expect(log.schedules).toEqual([])
    expect(log.version).toBe(base)
    expect(log.streamVersion).toBe(-1)
    expect(log.versionAt(1_000)).toBe(base)
    expect(log.due).toBeUndefined()
  })

  it('counts the version each load made, in effect at the positions after it (not at its own)', () => {
    version = -1
    const log = calendarLogOf([loaded('l1', 10, schedule2027()), loaded('l2', 20, schedule2027LongNewYear())])
    // A later schedule for the same year replaces the earlier one.
    expect(log.version).toBe(second)
    expect(log.streamVersion).toBe(1)
    expect(log.versionAt(10)).toBe(base)
    expect(log.versionAt(11)).toBe(first)
    expect(log.versionAt(20)).toBe(first)
    expect(log.versionAt(21)).toBe(second)
    expect(log.loadBefore(10)).toBeUndefined()
    expect(log.loadBefore(15)).toBe(10)
    expect(log.loadBefore(99)).toBe(20)
    // The counted version, not the one the event says: the release that reads decides what the schedules make.
    expect(first).not.toBe('as the loader counted it')
    // The schedules in effect count: 3 working days from Thu 2026-12-31, the day itself not counted. With 元旦 off to
    // Sun 1-03 they are Mon 1-04, Tue 1-05, Wed 1-06; with the later schedule's Mon 1-04 off too, Tue 1-05, Wed 1-06 and
    // Thu 1-07. Worked by hand.
    expect(addWorkingDays('2026-12-31T02:00:00.000Z', 3, chineseCalendar([schedule2027()])).slice(0, 10)).toBe('2027-01-06')
    expect(addWorkingDays('2026-12-31T02:00:00.000Z', 3, chineseCalendar(log.schedules)).slice(0, 10)).toBe('2027-01-07')
  })

  it('a load is due until its re-base is recorded as completed; a later load is due again', () => {
    version = -1
    const l1 = loaded('l1', 10, schedule2027())
    expect(calendarLogOf([l1]).due).toMatchObject({ load: 'l1', position: 10, version: first, reason: 'loaded 2027', actor: admin })
    expect(calendarLogOf([l1, completed('c1', 12, 'l1')]).due).toBeUndefined()
    // A completion of another load does not clear this one.
    version = -1
    expect(calendarLogOf([loaded('l1', 10, schedule2027()), loaded('l2', 20, schedule2027LongNewYear()), completed('c1', 22, 'l1')]).due?.load).toBe('l2')
  })

  it('names an event that does not read, and goes on', () => {
    version = -1
    const log = calendarLogOf([recorded('bad', 5, HOLIDAY_SCHEDULE_LOADED, { schedule: { year: 'x' }, version: '', reason: 'r' }), loaded('l1', 10, schedule2027())])
    expect(log.unread.map((u) => u.position)).toEqual([5])
    expect(log.version).toBe(first)
  })
})

describe('staleStamps: a deadline counted with the calendar before a load it had not heard of', () => {
  version = -1
  const log = calendarLogOf([loaded('l1', 10, schedule2027())])
  const base = chineseCalendar().version
  const first = chineseCalendar([schedule2027()]).version
  const stamp = (v: string) => ({ id: 'chinese-workdays', version: v, from: '2026-12-30T02:00:00.000Z', days: 3, unit: 'working-days' })

  it('the calendar in effect at its position is current; the one before the load is stale after it', () => {
    expect(staleStamps({ position: 9, data: { calendar: stamp(base) } }, log)).toEqual([])
    expect(staleStamps({ position: 10, data: { calendar: stamp(base) } }, log)).toEqual([])
    expect(staleStamps({ position: 11, data: { calendar: stamp(base) } }, log)).toEqual([base])
    expect(staleStamps({ position: 11, data: { calendar: stamp(first) } }, log)).toEqual([])
  })

  it('finds a stamp one level down (an extension carried on), and ignores natural days and events with none', () => {
    expect(stampsOf({ note: 'x', extension: { days: 3, calendar: stamp(base) } })).toEqual([stamp(base)].map(({ id, version: v }) => ({ id, version: v })))
    expect(staleStamps({ position: 11, data: { extension: { calendar: stamp(base) } } }, log)).toEqual([base])
    expect(staleStamps({ position: 11, data: { calendar: { id: 'natural-days', version: '1' } } }, log)).toEqual([])
    expect(staleStamps({ position: 11, data: { note: '已电话回访' } }, log)).toEqual([])
    expect(staleStamps({ position: 11, data: ['calendar'] }, log)).toEqual([])
  })
})
