// POST /api/v1/calendar: who may load a schedule, as whom open cases are re-based, and its Idempotency-Key.
import { calendarInLog, liveCalendar, manualClock, memoryEventStore } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { CALENDAR_STREAM, calendarLogOf } from '@gridcase/core/calendar'
import { complaints, disputes } from '@gridcase/http'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { schedule2027, schedule2027LongNewYear } from '../../packages/core/src/calendar/fixtures.js'
import { startServer, STREET, type TestServer } from './helpers/server.js'

const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const COMMUNITY = `${STREET}/xinhua-community`

const servers: TestServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

const serverWithCalendar = async (): Promise<TestServer> => {
  const live = liveCalendar()
  const s = await startServer({ caseTypes: [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })], calendar: { live } })
  servers.push(s)
  return s
}

/** A complaint dispatched on Sunday 2026-12-20 with no 2027 notice: result due on the provisional Mon 2027-01-11. */
const dispatchedCase = async (s: TestServer): Promise<string> => {
  s.clock.set('2026-12-20T02:00:00.000Z')
  const created = await s.call(operator, 'POST', '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY,
  })
  expect(created.status).toBe(201)
  const id = String(((await created.json()) as { id: string }).id)
  expect((await s.call(operator, 'POST', `/api/v1/complaints/${id}/accept`)).status).toBe(200)
  expect((await s.call(operator, 'POST', `/api/v1/complaints/${id}/dispatch`, { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } })).status).toBe(200)
  return id
}

const resultBy = async (s: TestServer, id: string): Promise<string> =>
  ((await (await s.call(operator, 'GET', `/api/v1/complaints/${id}`)).json()) as { resultBy: string }).resultBy

describe('POST /api/v1/calendar: who loads, and as whom the open cases are re-based', () => {
  it('an admin of one district may not load the national schedule (403, nothing recorded): it moves every case on every server', async () => {
    const s = await serverWithCalendar()
    const id = await dispatchedCase(s)
    const districtAdmin: Actor = { id: 'ad-xc', role: 'admin', jurisdiction: 'hohhot/xincheng' }
    s.clock.set('2026-12-28T02:00:00.000Z')
    const res = await s.call(districtAdmin, 'POST', '/api/v1/calendar', schedule2027())
    // Before: 201, the re-base ran as that admin, the saihan case was refused (forbidden, counted "for good"), the load
    // was recorded as re-based and the case kept the replaced calendar's 2027-01-11 for good.
    expect({ status: res.status, detail: ((await res.json()) as { detail?: string }).detail }).toEqual({
      status: 403,
      detail: 'a holiday schedule applies to every case; an admin of hohhot/xincheng may not load one (an admin of the city may, or the operator with gridcase calendar load)',
    })
    expect(await s.store.readStream(CALENDAR_STREAM)).toEqual([])
    expect(await resultBy(s, id)).toBe('2027-01-11T23:59:59+08:00')
  })

  it('a city admin’s load re-bases every open case as process:calendar-rebase of the case’s own jurisdiction, once, and the load names the admin', async () => {
    const live = liveCalendar()
    // The server follows its own log every 20 ms: its follower reads the load its POST recorded while that POST's
    // re-base runs; it must not queue a second pass (each case's command again, answered as a replay).
    const lines: { msg: string; load?: string }[] = []
    // Each case's append waits 50 ms, so the pass outlasts the follower's ticks, as a pass over many cases does.
    const memory = memoryEventStore({ clock: manualClock('2026-12-20T02:00:00.000Z') })
    let slow = false
    const store: EventStore = {
      ...memory,
      appendToStream: async (streamId, events, options) => {
        if (slow && streamId.startsWith('complaint-')) await new Promise((resolve) => setTimeout(resolve, 50))
        return memory.appendToStream(streamId, events, options)
      },
    }
    const s = await startServer({
      store,
      caseTypes: [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })],
      calendar: { live, refreshMs: 20 },
      logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) }),
    })
    servers.push(s)
    const ids = [await dispatchedCase(s), await dispatchedCase(s)]
    const cityAdmin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
    s.clock.set('2026-12-28T02:00:00.000Z')
    slow = true
    const res = await s.call(cityAdmin, 'POST', '/api/v1/calendar', schedule2027())
    expect(res.status).toBe(201)
    expect(((await res.json()) as { rebase: unknown }).rebase).toEqual({ cases: 2, rebased: 2, failed: 0 })
    for (const id of ids) expect(await resultBy(s, id)).toBe('2027-01-09T23:59:59+08:00')
    const rebasedBy = async (id: string) =>
      (await s.store.readStream(`complaint-${id}`)).filter((e) => e.type === 'ComplaintDeadlinesRebased').map((e) => [e.metadata.actor.id, e.metadata.actor.role, e.metadata.actor.jurisdiction])
    for (const id of ids) expect(await rebasedBy(id)).toEqual([['process:calendar-rebase', 'admin', COMMUNITY]])
    const stream = await s.store.readStream(CALENDAR_STREAM)
    expect(stream.map((e) => [e.type, e.metadata.actor.id])).toEqual([
      ['HolidayScheduleLoaded', 'ad-1'],
      ['CalendarRebaseCompleted', 'process:calendar-rebase'],
    ])
    // Long enough for the follower to have read the load many times over (20 ms ticks): no second pass was started.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(lines.filter((l) => l.msg === 'a re-base of open cases is due: resuming it')).toEqual([])
  })
})

describe('POST /api/v1/calendar with an Idempotency-Key', () => {
  it('the same key with another body is refused (422 idempotency-key-reused), not answered 201 for a schedule never recorded', async () => {
    const s = await serverWithCalendar()
    const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
    const key = '6d1f7a2e-0c3b-4e0a-8f57-2b2b9c0f0a01'
    const first = await s.call(admin, 'POST', '/api/v1/calendar', schedule2027(), { 'idempotency-key': key })
    expect(first.status).toBe(201)
    // A second, different schedule (元旦 to Mon 1-04) sent with the same key by mistake.
    const second = await s.call(admin, 'POST', '/api/v1/calendar', schedule2027LongNewYear(), { 'idempotency-key': key })
    const stream = await s.store.readStream(CALENDAR_STREAM)
    const recordedLongNewYear = calendarLogOf(stream).schedules.some((x) => x.holidays.some((h) => h.to === '2027-01-04'))
    // On main: 201, and the log holds only the first schedule (2027-01-04 is still a working day).
    expect({ status: second.status, recordedLongNewYear }).toEqual({ status: 422, recordedLongNewYear: false })
  })

  it('the same key from another admin is not answered with the first admin’s load', async () => {
    const s = await serverWithCalendar()
    const a: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
    const b: Actor = { id: 'ad-2', role: 'admin', jurisdiction: 'hohhot' }
    const key = '6d1f7a2e-0c3b-4e0a-8f57-2b2b9c0f0a02'
    expect((await s.call(a, 'POST', '/api/v1/calendar', schedule2027(), { 'idempotency-key': key })).status).toBe(201)
    const other = await s.call(b, 'POST', '/api/v1/calendar', schedule2027LongNewYear(), { 'idempotency-key': key })
    const stream = await s.store.readStream(CALENDAR_STREAM)
    const loadsBy = stream.filter((e) => e.type === 'HolidayScheduleLoaded').map((e) => e.metadata.actor.id)
    // On main: 201 for b, and the log holds a's load only.
    expect(other.status === 201 && loadsBy.join() === 'ad-1', JSON.stringify({ status: other.status, loadsBy })).toBe(false)
  })

  it('a key that is not a uuid is 400 at Idempotency-Key, as on every other route', async () => {
    const s = await serverWithCalendar()
    const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
    const res = await s.call(admin, 'POST', '/api/v1/calendar', schedule2027(), { 'idempotency-key': 'not a uuid' })
    expect(res.status).toBe(400)
  })
})

describe('createApp with a calendar and no inLog (a library user, not startGridcaseServer)', () => {
  it('decides no command before it has read the log’s calendar: a deadline counted at once is counted with the log’s schedules', async () => {
    const clock = manualClock('2026-12-20T02:00:00.000Z')
    const memory = memoryEventStore({ clock })
    // Another server (or the CLI) loaded the 2027 notice into this log before the app was made, and re-based what was open.
    const earlier = calendarInLog(memory, liveCalendar())
    const { log } = await earlier.record(schedule2027(), { actor: { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }, at: '2026-12-19T02:00:00.000Z', commandId: 'earlier-load' })
    if (log.due === undefined) throw new Error('a load is due until its re-base is recorded')
    await earlier.complete(log.due, { cases: 0, rebased: 0, failed: 0 }, '2026-12-19T02:00:01.000Z')
    // The calendar stream answers only when the test lets it (a slow first read: a remote database, a busy file).
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const store: EventStore = {
      ...memory,
      readStream: async (streamId, options) => {
        if (streamId === CALENDAR_STREAM) await gate
        return memory.readStream(streamId, options)
      },
      streamVersion: async (streamId) => {
        if (streamId === CALENDAR_STREAM) await gate
        return memory.streamVersion(streamId)
      },
    }
    const live = liveCalendar()
    const s = await startServer({ store, caseTypes: [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })], calendar: { live } })
    servers.push(s)
    s.clock.set('2026-12-20T02:00:00.000Z')
    // The commands go in while the calendar is still being read; the read is let through once the dispatch has been
    // answered or has waited a while (on main it is answered at once, counted with the shipped schedules only).
    const dispatched = dispatchedCase(s)
    await Promise.race([dispatched, new Promise((resolve) => setTimeout(resolve, 300))])
    release()
    const id = await dispatched
    // 12-21..12-31: 9 working days, 1-04..1-08: 14, the log's make-up Saturday 1-09: 15. On main: 2027-01-11.
    expect(await resultBy(s, id)).toBe('2027-01-09T23:59:59+08:00')
  })
})

describe('POST /api/v1/calendar when no process runner re-bases (the server with GRIDCASE_PROCESSES=off, no gridcase processes)', () => {
  it('answers 202 after rebaseWaitMs, the schedule in effect and its re-base pending; a retry with the same key answers 201 once the log records it', async () => {
    const clock = manualClock('2026-12-20T02:00:00.000Z')
    const store = memoryEventStore({ clock })
    const live = liveCalendar()
    const inLog = calendarInLog(store, live)
    const s = await startServer({ store, caseTypes: [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })], calendar: { live, inLog, rebaseInProcess: true, rebaseWaitMs: 150 } })
    servers.push(s)
    const cityAdmin: Actor = { id: 'ad-city', role: 'admin', jurisdiction: 'hohhot' }
    const key = '7d1f3c2a-1b2c-4d5e-8f90-0123456789ab'
    const first = await s.call(cityAdmin, 'POST', '/api/v1/calendar', schedule2027(), { 'idempotency-key': key })
    // Before: no answer at all until the HTTP server's request timeout (the wait for the completion had no bound).
    const body = (await first.json()) as { calendar: { version: string }; rebase: unknown; daysOff: string[] }
    expect(first.status).toBe(202)
    expect(body.rebase).toEqual({ pending: true, load: 0 })
    expect(body.daysOff).toContain('2027-01-01')
    expect(live.current().version).toBe(body.calendar.version)
    // The calendar-rebase process (here: as a runner would) records the completion; the retry answers with its counts.
    const log = await inLog.refresh()
    expect(log.due?.load).toBeDefined()
    await inLog.complete(log.due!, { cases: 0, rebased: 0, failed: 0 }, clock.now())
    const again = await s.call(cityAdmin, 'POST', '/api/v1/calendar', schedule2027(), { 'idempotency-key': key })
    expect(again.status).toBe(201)
    expect(((await again.json()) as { rebase: unknown }).rebase).toEqual({ cases: 0, rebased: 0, failed: 0 })
    expect((await store.readStream('calendar')).filter((e) => e.type === 'HolidayScheduleLoaded')).toHaveLength(1)
  })
})

describe('createApp with a calendar and no inLog, when the calendar stream cannot be read (the store down at start)', () => {
  /** A store whose `calendar` stream does not answer (every read of it fails); the other streams do. */
  const calendarDown = () => {
    const clock = manualClock('2026-12-20T02:00:00.000Z')
    const memory = memoryEventStore({ clock })
    let failures = 0
    const down = (): never => {
      failures += 1
      throw new Error('connection refused')
    }
    const store: EventStore = {
      ...memory,
      readStream: async (streamId, options) => (streamId === CALENDAR_STREAM ? down() : memory.readStream(streamId, options)),
      streamVersion: async (streamId) => (streamId === CALENDAR_STREAM ? down() : memory.streamVersion(streamId)),
    }
    return { store, memory, failures: () => failures }
  }
  const opening = { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY }
  const silent = pino({ level: 'silent' })

  it('a command waits for the calendar at most firstReadWaitMs, then answers 503 calendar-unread with nothing written', { timeout: 10_000 }, async () => {
    const { store, memory } = calendarDown()
    const live = liveCalendar()
    const s = await startServer({ store, logger: silent, caseTypes: [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })], calendar: { live, refreshMs: 20, firstReadWaitMs: 100 } })
    servers.push(s)
    // Before: no answer at all while the stream stays unreadable (the command waited for it with no bound).
    const res = await s.call(operator, 'POST', '/api/v1/complaints', opening)
    expect(res.status).toBe(503)
    expect(((await res.json()) as { type: string }).type).toBe('urn:gridcase:problem:calendar-unread')
    expect(res.headers.get('retry-after')).not.toBeNull()
    expect(await memory.readAll()).toEqual([])
  })

  it('a command waiting for the calendar when the app closes is not decided with the calendar the app was made with', { timeout: 10_000 }, async () => {
    const { store, memory, failures } = calendarDown()
    const live = liveCalendar()
    const s = await startServer({ store, logger: silent, caseTypes: [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })], calendar: { live, refreshMs: 20 } })
    servers.push(s)
    const pending = s.call(operator, 'POST', '/api/v1/complaints', opening)
    while (failures() < 3) await new Promise((resolve) => setTimeout(resolve, 5))
    await s.app.gridcase.close()
    // Before: the read gave up at close and the command went on, counted with the shipped schedules (201).
    const res = await pending
    expect(res.status).toBe(503)
    expect(await memory.readAll()).toEqual([])
  })
})
