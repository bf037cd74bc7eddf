// The holiday calendar over HTTP: GET a year, POST a schedule (admin), open cases re-based, schedules kept.
import { calendarFiles, liveCalendar, manualClock, memoryEventStore } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schedule2027 } from '../../packages/core/src/calendar/fixtures.js'
import { CALENDAR_STREAM, calendarLogOf, chineseCalendar } from '@gridcase/core/calendar'
import { until } from '../helpers/until.js'
import { startServer, STREET, type TestServer } from './helpers/server.js'

const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const COMMUNITY = `${STREET}/xinhua-community`

let s: TestServer
let dir: string
let id: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-calendar-http-'))
  const files = calendarFiles(join(dir, 'calendar'))
  const live = liveCalendar(files.load().schedules)
  s = await startServer({ caseTypes: [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })], calendar: { live, files } })
  // Sunday 2026-12-20, 10:00 China time: dispatched with no 2027 notice loaded.
  s.clock.set('2026-12-20T02:00:00.000Z')
  const created = await s.call(operator, 'POST', '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY,
    complainant: { name: '王女士', phone: '13800471234' },
  })
  expect(created.status).toBe(201)
  id = String(((await created.json()) as { id: string }).id)
  expect((await s.call(operator, 'POST', `/api/v1/complaints/${id}/accept`)).status).toBe(200)
  const dispatched = await s.call(operator, 'POST', `/api/v1/complaints/${id}/dispatch`, { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } })
  expect(dispatched.status).toBe(200)
})
afterAll(async () => {
  await s.close()
  rmSync(dir, { recursive: true, force: true })
})

const resultBy = async (): Promise<string> => ((await (await s.call(operator, 'GET', `/api/v1/complaints/${id}`)).json()) as { resultBy: string }).resultBy

describe('GET /api/v1/calendar/{year}', () => {
  it('2027 with no notice: provisional, festival days off (元旦, 春节 除夕 2-05 to 初三 2-08)', async () => {
    const res = await s.call(operator, 'GET', '/api/v1/calendar/2027')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { source: string; provisional: boolean; daysOff: string[]; makeUpWorkdays: string[] }
    expect([body.source, body.provisional, body.makeUpWorkdays]).toEqual(['festival-days-only', true, []])
    expect(body.daysOff).toEqual(expect.arrayContaining(['2027-01-01', '2027-02-05', '2027-02-08', '2027-10-01']))
  })
  it('a year that is not one is 400 naming year; without a token 401', async () => {
    expect((await s.call(operator, 'GET', '/api/v1/calendar/27')).status).toBe(400)
    expect((await s.call(undefined, 'GET', '/api/v1/calendar/2027')).status).toBe(401)
  })
})

describe('POST /api/v1/calendar', () => {
  it('before: 2026-12-20 + 15 working days is the provisional 2027-01-11', async () => {
    expect(await resultBy()).toBe('2027-01-11T23:59:59+08:00')
  })
  it('is for an admin only', async () => {
    expect((await s.call(operator, 'POST', '/api/v1/calendar', schedule2027())).status).toBe(403)
  })
  it('a bad schedule is 400 naming the field, and nothing is kept', async () => {
    const bad = { ...schedule2027(), workdays: [{ name: '春节', date: '2027-02-07' }] }
    const res = await s.call(admin, 'POST', '/api/v1/calendar', bad)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([{ path: 'workdays[0]', message: 'make-up day 2027-02-07 is a day off in holidays[1]' }])
    expect(existsSync(join(dir, 'calendar', '2027.csv'))).toBe(false)
  })
  it('loads the schedule, keeps it, and re-bases open cases: the deadline moves to the make-up Saturday 2027-01-09', async () => {
    s.clock.set('2026-12-28T02:00:00.000Z')
    const res = await s.call(admin, 'POST', '/api/v1/calendar', schedule2027())
    expect(res.status).toBe(201)
    const body = (await res.json()) as { source: string; provisional: boolean; makeUpWorkdays: string[]; rebase: { cases: number; rebased: number; failed: number } }
    expect([body.source, body.provisional, body.rebase]).toEqual(['loaded', false, { cases: 1, rebased: 1, failed: 0 }])
    expect(body.makeUpWorkdays).toContain('2027-01-09')
    // Kept in the log (the `calendar` stream), as the admin's load, with the completion of its re-base.
    const stream = await s.store.readStream(CALENDAR_STREAM)
    expect(stream.map((e) => [e.type, e.metadata.actor.id])).toEqual([
      ['HolidayScheduleLoaded', admin.id],
      ['CalendarRebaseCompleted', 'process:calendar-rebase'],
    ])
    expect(stream[1]?.data).toMatchObject({ load: stream[0]?.eventId, cases: 1, rebased: 1, failed: 0 })
    // 12-21..12-31 (9), 1-04..1-08 (14), Sat 1-09 make-up (15).
    expect(await resultBy()).toBe('2027-01-09T23:59:59+08:00')
    const history = (await (await s.call(admin, 'GET', `/api/v1/complaints/${id}/history`)).json()) as { events: { type: string; data?: unknown }[] }
    const types = history.events.map((e) => e.type)
    expect(types.slice(-1)).toEqual(['ComplaintDeadlinesRebased'])
    // The dispatch is still in history as it was.
    expect(types).toContain('ComplaintDispatched')
    // A restart reads the same schedule back from the log, and finds no re-base left due.
    const restarted = calendarLogOf(await s.store.readStream(CALENDAR_STREAM))
    expect(chineseCalendar(restarted.schedules).isWorkday('2027-01-09')).toBe(true)
    expect(restarted.due).toBeUndefined()
    // Nothing beside the server: no file a second server over the same log would not have.
    expect(existsSync(join(dir, 'calendar', '2027.csv'))).toBe(false)
  })
  it('the same schedule again moves nothing', async () => {
    const res = await s.call(admin, 'POST', '/api/v1/calendar', schedule2027())
    expect(((await res.json()) as { rebase: unknown }).rebase).toEqual({ cases: 1, rebased: 0, failed: 0 })
  })
  it('is in /openapi.json with its schemas', async () => {
    const spec = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> }
    expect(Object.keys(spec.paths['/api/v1/calendar/{year}'] ?? {})).toEqual(['get'])
    expect(JSON.stringify(spec.paths['/api/v1/calendar']?.['post']?.requestBody)).toContain('workdays')
  })
})

describe('a re-base left due (the server stopped or killed after the schedule was kept)', () => {
  it('is finished by the next server to start, once per case, as the admin who loaded it; then cleared', async () => {
    const data = mkdtempSync(join(tmpdir(), 'gridcase-calendar-due-'))
    const store = memoryEventStore({ clock: manualClock('2026-12-20T02:00:00.000Z') })
    const live = liveCalendar()
    const before = await startServer({ store, caseTypes: [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })] })
    before.clock.set('2026-12-20T02:00:00.000Z')
    const created = await before.call(operator, 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY,
      complainant: { name: '王女士', phone: '13800471234' },
    })
    const caseId = String(((await created.json()) as { id: string }).id)
    await before.call(operator, 'POST', `/api/v1/complaints/${caseId}/accept`)
    await before.call(operator, 'POST', `/api/v1/complaints/${caseId}/dispatch`, { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } })
    await before.close()
    // What POST /api/v1/calendar keeps before it re-bases any case.
    const files = calendarFiles(join(data, 'calendar'))
    files.markRebaseDue({ id: 'the-load', version: liveCalendar([schedule2027()]).calendar.version, reason: '2027年放假安排已发布', actor: admin, at: '2026-12-28T02:00:00.000Z' })
    files.save(schedule2027())
    const kept = liveCalendar(files.load().schedules)
    const after = await startServer({ store, caseTypes: [complaints({ calendar: kept.calendar }), disputes({ calendar: kept.calendar })], calendar: { live: kept, files } })
    try {
      const view = async () => (await (await after.call(operator, 'GET', `/api/v1/complaints/${caseId}`)).json()) as { resultBy: string }
      await until(async () => (await view()).resultBy === '2027-01-09T23:59:59+08:00' && files.rebaseDue() === undefined)
      const history = (await (await after.call(admin, 'GET', `/api/v1/complaints/${caseId}/history`)).json()) as { events: { type: string; actor: { id: string } }[] }
      expect(history.events.filter((e) => e.type === 'ComplaintDeadlinesRebased').map((e) => e.actor.id)).toEqual([admin.id])
    } finally {
      await after.close()
      rmSync(data, { recursive: true, force: true })
    }
  })
})

describe('two servers over one log', () => {
  it('a schedule loaded through one is counted with by the other within its refresh, and its open cases re-based once', async () => {
    const store = memoryEventStore({ clock: manualClock('2026-12-20T02:00:00.000Z') })
    const serverOver = async () => {
      const live = liveCalendar()
      const server = await startServer({ store, caseTypes: [complaints({ calendar: live.calendar }), disputes({ calendar: live.calendar })], calendar: { live, refreshMs: 20 } })
      server.clock.set('2026-12-20T02:00:00.000Z')
      return server
    }
    const a = await serverOver()
    const b = await serverOver()
    try {
      const open = async (server: TestServer): Promise<string> => {
        const created = await server.call(operator, 'POST', '/api/v1/complaints', {
          channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY,
        })
        const caseId = String(((await created.json()) as { id: string }).id)
        await server.call(operator, 'POST', `/api/v1/complaints/${caseId}/accept`)
        expect((await server.call(operator, 'POST', `/api/v1/complaints/${caseId}/dispatch`, { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } })).status).toBe(200)
        return caseId
      }
      const resultOf = async (server: TestServer, caseId: string) => ((await (await server.call(operator, 'GET', `/api/v1/complaints/${caseId}`)).json()) as { resultBy: string }).resultBy
      // Dispatched on Sunday 2026-12-20 through B with no 2027 notice: 15 working days end on the provisional Mon 2027-01-11.
      const before = await open(b)
      expect(await resultOf(b, before)).toBe('2027-01-11T23:59:59+08:00')
      expect((await a.call(admin, 'POST', '/api/v1/calendar', schedule2027())).status).toBe(201)
      // B reads the stream: its year view, and a case it dispatches now, count with the make-up Saturday 2027-01-09
      // (12-21..12-31: 9 working days, 1-04..1-08: 14, Sat 1-09: 15).
      await until(async () => ((await (await b.call(operator, 'GET', '/api/v1/calendar/2027')).json()) as { source: string }).source === 'loaded')
      const after = await open(b)
      expect(await resultOf(b, after)).toBe('2027-01-09T23:59:59+08:00')
      // The case B dispatched before was re-based once (by A's load), whichever server got to it.
      expect(await resultOf(b, before)).toBe('2027-01-09T23:59:59+08:00')
      await until(async () => calendarLogOf(await store.readStream(CALENDAR_STREAM)).due === undefined)
      const rebased = (await store.readStream(`complaint-${before}`)).filter((e) => e.type === 'ComplaintDeadlinesRebased')
      expect(rebased).toHaveLength(1)
    } finally {
      await a.close()
      await b.close()
    }
  })
})
