import { describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../kernel/envelope.js'
import { clockLines, clockScan, CLOCK_STEPS_SHOWN } from './clock.js'

const at = (position: number, recordedAt: string, streamId = `complaint-${position}`): RecordedEvent => ({
  eventId: `e${position}`,
  streamId,
  version: 0,
  position,
  type: 'Noted',
  schemaVersion: 1,
  data: {},
  metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'admin', jurisdiction: 'x' }, occurredAt: recordedAt, recordedAt, prevHash: 'p', hash: 'h' },
})
const scan = (times: readonly string[], tolerance?: number) => {
  const s = clockScan(tolerance)
  times.forEach((t, i) => s.push(at(i, t)))
  return s.result()
}

describe('clockScan: steps back in recorded time along the log', () => {
  it('finds none on a log whose clock only moves forward, or moves back within the tolerance', () => {
    expect(scan(['2026-12-04T10:00:00.000Z', '2026-12-04T10:00:01.000Z', '2026-12-04T10:00:01.000Z', '2026-12-04T10:05:00.000Z'])).toEqual({ toleranceSeconds: 60, backwards: 0, steps: [], unreadable: 0 })
    // 60 s back exactly is within the default tolerance; 60.001 s is not.
    expect(scan(['2026-12-04T10:01:00.000Z', '2026-12-04T10:00:00.000Z']).backwards).toBe(0)
    expect(scan(['2026-12-04T10:01:00.001Z', '2026-12-04T10:00:00.000Z']).backwards).toBe(1)
  })

  it('names an event appended with a past time, and the event just before it in the log', () => {
    const report = scan(['2026-12-04T10:00:00.000Z', '2026-12-04T10:29:00.000Z', '2026-12-04T10:30:00.000Z', '2026-12-04T09:00:00.000Z', '2026-12-04T10:31:00.000Z'])
    expect(report.backwards).toBe(1)
    expect(report.steps).toEqual([
      { streamId: 'complaint-3', version: 0, position: 3, eventId: 'e3', recordedAt: '2026-12-04T09:00:00.000Z', previousStreamId: 'complaint-2', previousPosition: 2, previousRecordedAt: '2026-12-04T10:30:00.000Z', backSeconds: 5400 },
    ])
    expect(clockLines(report)).toEqual([
      'WARNING: the recorded time steps back by more than 60 s at 1 place(s) in the log (a backdated append, or a clock set wrong: the event before the step set ahead, or the one after it set back):',
      '  complaint-3 version 0 (position 3, event e3) recorded 2026-12-04T09:00:00.000Z, 5400 s before complaint-2 at position 2 (2026-12-04T10:30:00.000Z)',
    ])
    // A wider tolerance (several servers' clocks further apart) takes it.
    expect(scan(['2026-12-04T10:30:00.000Z', '2026-12-04T09:00:00.000Z'], 5400).backwards).toBe(0)
    expect(scan(['2026-12-04T10:30:00.000Z', '2026-12-04T09:00:00.000Z'], 5399).backwards).toBe(1)
  })

  it('one event stamped ahead is one step (the event after it), not one for every correct event after it (found in review)', () => {
    const report = scan(['2026-12-04T10:00:00.000Z', '2026-12-04T12:00:00.000Z', '2026-12-04T10:01:00.000Z', '2026-12-04T10:02:00.000Z', '2026-12-04T10:03:00.000Z'])
    expect(report.backwards).toBe(1)
    expect(report.steps[0]).toMatchObject({ position: 2, previousPosition: 1, previousRecordedAt: '2026-12-04T12:00:00.000Z' })
  })

  it('counts every step and lists the first few; a time that is no time is reported apart', () => {
    const times = Array.from({ length: CLOCK_STEPS_SHOWN + 5 }, (_, i) => [`2026-12-04T12:${String(i).padStart(2, '0')}:00.000Z`, `2026-12-04T11:${String(i).padStart(2, '0')}:00.000Z`]).flat()
    const report = scan([...times, 'yesterday'])
    expect(report.backwards).toBe(CLOCK_STEPS_SHOWN + 5)
    expect(report.steps).toHaveLength(CLOCK_STEPS_SHOWN)
    expect(report).toMatchObject({ unreadable: 1, firstUnreadable: { position: times.length, recordedAt: 'yesterday' } })
    expect(clockLines(report).at(-2)).toBe(`  … and 5 more (--json lists the first ${CLOCK_STEPS_SHOWN})`)
    expect(clockLines(report).at(-1)).toContain('1 event(s) whose recorded time is no time')
    expect(clockLines(scan([]))).toEqual([])
  })
})
