// Review s19 of "the holiday calendar kept in the event log": failing tests for defects found in POST /api/v1/calendar.
import { liveCalendar } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { CALENDAR_STREAM, calendarLogOf } from '@gridcase/core/calendar'
import { complaints, disputes } from '@gridcase/http'
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

describe('POST /api/v1/calendar by an admin of one district', () => {
  it('does not record the re-base complete while an open case of another district keeps the replaced calendar’s deadline', async () => {
    const s = await serverWithCalendar()
    const id = await dispatchedCase(s)
    expect(await resultBy(s, id)).toBe('2027-01-11T23:59:59+08:00')
    // An admin of another district of the same city: may it load the national schedule at all? It may (201) …
    const districtAdmin: Actor = { id: 'ad-xc', role: 'admin', jurisdiction: 'hohhot/xincheng' }
    s.clock.set('2026-12-28T02:00:00.000Z')
    const res = await s.call(districtAdmin, 'POST', '/api/v1/calendar', schedule2027())
    const body = (await res.json()) as { rebase?: { cases: number; rebased: number; failed: number } }
    // … and every server counts with the new schedule from now on; the re-base runs as that admin, so the case in
    // saihan is refused (forbidden, counted "for good") and the load is recorded as completed anyway.
    const log = calendarLogOf(await s.store.readStream(CALENDAR_STREAM))
    const moved = (await resultBy(s, id)) === '2027-01-09T23:59:59+08:00'
    // Either the load is refused for an admin who cannot re-base every open case, or every open case is re-based, or
    // at least the re-base stays due. On main: 201, { cases: 1, rebased: 0, failed: 1 }, completion recorded, case not moved.
    const seen = { status: res.status, rebase: body.rebase, completed: log.due === undefined && log.schedules.length > 0, moved }
    expect(seen.completed && !seen.moved, JSON.stringify(seen)).toBe(false)
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
