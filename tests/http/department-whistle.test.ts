// 街道吹哨、部门报到 over HTTP from the departments' side (DOMAIN.md "Grid work", "Jurisdiction and actors", "Time";
// docs/kpis.md "部门报到", "Whose overdue deadline is it"): a street whistles three district departments on a case across
// 元旦 2027; one reports on time, one late, one never; the street whistles a fourth later; a summoned department may not
// send the case back (退单); the case is closed with a department still owing its 报到. Another case is whistled on a
// Friday, across the weekend; a 举报 is whistled; a case is reopened (重办) after a department never came; the district's
// 城管 bureau is summoned, and dispatched to, where the street's 城管 squad is another office it may not read. The 临期 and
// 超期 reminders and the 督办 a department gets name the departments that owe the 报到. Each date and figure is worked out
// by hand below, on the memory server and on the server as `npm start` runs it (SQLite read models).
//
// The calendar: chinese-days 1.5.7 lists 2026 and no later year, and no 2027 schedule is loaded, so 2027 counts its
// statutory festival days alone, provisional (docs/calendar.md): 元旦 is Fri 2027-01-01 only. 报到 within 2 working days
// (the default), the day of the summons not counted, ending 24:00 China time (written 23:59:59+08:00).
import { manualClock } from '@gridcase/adapters'
import { complaints, readConfig, signToken, startGridcaseServer } from '@gridcase/http'
import type { Actor } from '@gridcase/core/access'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, SECRET, STREET, postAs, sendAs, startServer, type TestServer } from './helpers/server.js'

/** What this file uses of a server: its requests and its clock. */
type Server = Pick<TestServer, 'url' | 'call' | 'close'> & { readonly clock: { set(iso: string): void } }

/** The server as `npm start` runs it, on SQLite read models in a fresh folder, with a manual clock and no processes. */
const sqliteServer = async (): Promise<Server> => {
  const clock = manualClock('2026-12-01T00:00:00.000Z')
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-department-whistle-'))
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, GRIDCASE_JWT_SECRET: SECRET, GRIDCASE_PROCESSES: 'off', SQLITE_SYNCHRONOUS: 'normal' })
  if (config._tag === 'Left') throw new Error(config.left.message)
  const running = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }), clock })
  return {
    url: running.url,
    clock,
    call: async (actor, method, path, body) =>
      fetch(`${running.url}${path}`, {
        method,
        headers: { ...(actor === undefined ? {} : { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    close: async () => {
      await running.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

let s: Server

const DISTRICT = 'hohhot/saihan'
const officer = (department: string): Actor => ({ id: `${department}-1`, role: 'department-officer', jurisdiction: DISTRICT, department })
const unit = (department: string) => ({ id: `saihan-${department}`, level: 'district', jurisdiction: DISTRICT, department })
const housing = unit('housing')
const environment = unit('environment')
const urban = unit('urban-management')
const market = unit('market-regulation')
const streetUnit = { id: 'wulanchabu-street', level: 'street', jurisdiction: STREET }
const { operator, street } = actors
const admin: Actor = { id: 'adm-1', role: 'admin', jurisdiction: 'hohhot' }
const MISSING = '/api/v1/complaints/00000000-0000-4000-8000-000000000000'

type Body = Record<string, unknown>
const at = (iso: string): void => s.clock.set(new Date(iso).toISOString())
const get = async (actor: Actor, path: string): Promise<{ status: number; body: Body }> => {
  const res = await s.call(actor, 'GET', path)
  return { status: res.status, body: (await res.json()) as Body }
}
const cmd = (actor: Actor, id: string, command: string, body: unknown = {}) => postAs(s as TestServer, actor, `/api/v1/complaints/${id}/${command}`, body)
const trySend = (actor: Actor, id: string, command: string, body: unknown = {}) => sendAs(s as TestServer, actor, `/api/v1/complaints/${id}/${command}`, body)
const reportBys = (view: Body) => (view['summoned'] as Body[]).map((x) => [(x['unit'] as Body)['id'], x['reportBy']])
/** The street's dashboard's overdue (or due-soon) items of a case, as `kind unit`. */
const listed = async (id: string, which: 'overdue' | 'dueSoon'): Promise<string[]> => {
  const overdue = (await get(street, '/api/v1/dashboard')).body['overdue'] as Body & { items: Body[]; dueSoon: { items: Body[] } }
  return (which === 'overdue' ? overdue.items : overdue.dueSoon.items).filter((i) => i['caseId'] === id).map((i) => `${String(i['deadlineKind'])} ${String(i['unitId'])}`)
}
/**
 * A department's own working list of overdue cases: `GET /api/v1/complaints?overdue=true` (the dashboard's figures are the
 * place's, which a department officer does not read: 403, docs/HTTP.md "Figures by role").
 */
const onOverdueList = async (id: string, reader: Actor): Promise<boolean> => {
  expect((await get(reader, '/api/v1/dashboard')).status).toBe(403)
  return ((await get(reader, '/api/v1/complaints?overdue=true&limit=100')).body['items'] as Body[]).some((x) => x['id'] === id)
}
/** The department rows of the evaluation (`GET /api/v1/evaluation`) or of the street's dashboard (`units`). */
const departmentRows = async (path: string, key: 'units'): Promise<Record<string, { arrivals: Body; overdue: Record<string, number> }>> => {
  const body = (await get(street, path)).body
  const rows = (body[key] as (Body & { unit: { id: string }; arrivals: Body; overdue: Record<string, number> })[]).filter((u) => u.unit.id.startsWith('saihan-'))
  return Object.fromEntries(rows.map((r) => [r.unit.id, { arrivals: r.arrivals, overdue: r.overdue }]))
}

/** A complaint with a complainant, accepted, dispatched to the street and signed for by it at `when` (China time). */
const streetCase = async (when: string): Promise<string> => {
  at(when)
  const opened = await postAs(s as TestServer, operator, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '供热管道漏水', description: '楼道供热管道漏水三天',
    jurisdiction: `${COMMUNITY_A}/grid-001`, address: '呼和浩特市赛罕区新华小区3号楼', complainant: { name: '王五', phone: '13900000000' },
  })
  const id = String(opened['id'])
  await cmd(operator, id, 'accept')
  await cmd(operator, id, 'dispatch', { unit: streetUnit })
  await cmd(street, id, 'acknowledge')
  return id
}

describe.each([
  ['the memory server (the app)', async (): Promise<Server> => startServer({ caseTypes: [complaints()] })],
  ['the server as npm start runs it (SQLite read models)', sqliteServer],
])('on %s', (_name, start) => {
  beforeAll(async () => {
    s = await start()
  })
  afterAll(async () => {
    await s.close()
  })

  describe('whistled on a Friday: 报到 across the weekend', () => {
    // Summoned Fri 2026-12-25 16:00: day 1 = Mon 12-28 (Sat, Sun are not working days), day 2 = Tue 12-29 → due
    // 2026-12-29 24:00 (23:59:59+08:00), a 2026 deadline — provisional all the same while no 2027 notice is loaded: it
    // counts through 12-26..12-29, days that notice may arrange (a make-up Saturday 12-26; its 元旦 reaches back to 12-25).
    let id = ''
    beforeAll(async () => {
      id = await streetCase('2026-12-25T15:00:00+08:00')
      at('2026-12-25T16:00:00+08:00')
      const view = await cmd(street, id, 'summon-departments', { departments: [housing, environment], reason: '供热管网涉及住建、环保' })
      expect(reportBys(view)).toEqual([['saihan-housing', '2026-12-29T23:59:59+08:00'], ['saihan-environment', '2026-12-29T23:59:59+08:00']])
      const counted = (view['summoned'] as Body[])[0]?.['counted']
      expect(counted).toMatchObject({ days: 2, unit: 'working-days' })
      expect(counted).toMatchObject({ provisional: true })
    })

    it('the day (Tue 12-29 23:59:59) is on time, the day after (Wed 12-30 00:00) late', async () => {
      at('2026-12-29T23:59:59+08:00')
      const onTime = await cmd(officer('housing'), id, 'report-arrival', { unitId: 'saihan-housing' })
      expect((onTime['summoned'] as Body[])[0]).toMatchObject({ arrivedAt: '2026-12-29T15:59:59.000Z' })
      at('2026-12-30T00:00:00+08:00')
      await cmd(officer('environment'), id, 'report-arrival', { unitId: 'saihan-environment' })
      const history = (await get(street, `/api/v1/complaints/${id}/history`)).body['events'] as { type: string; data: Body }[]
      expect(history.filter((e) => e.type === 'ComplaintDepartmentArrived').map((e) => [(e.data['unit'] as Body)['id'], e.data['onTime']])).toEqual([
        ['saihan-housing', true],
        ['saihan-environment', false],
      ])
    })
  })

  describe('a 举报 (report) whistled: who reported stays the hotline’s to know', () => {
    it('given a report a street whistled housing on, then housing reads the case and its history with the reporter masked, and the street too', async () => {
      at('2026-12-21T09:00:00+08:00')
      const opened = await postAs(s as TestServer, operator, '/api/v1/complaints', {
        channel: 'hotline-12345', kind: 'report', category: 'property', title: '违建举报', description: '小区楼顶违建加盖',
        jurisdiction: `${COMMUNITY_A}/grid-001`, complainant: { name: '赵六', phone: '13700000000' },
      })
      const id = String(opened['id'])
      await cmd(operator, id, 'accept')
      await cmd(operator, id, 'dispatch', { unit: streetUnit })
      await cmd(street, id, 'acknowledge')
      await cmd(street, id, 'summon-departments', { departments: [housing], reason: '违建涉及住建' })
      for (const reader of [officer('housing'), street]) {
        const view = await get(reader, `/api/v1/complaints/${id}`)
        expect(view.status).toBe(200)
        expect(JSON.stringify(view.body)).not.toContain('赵六')
        expect(JSON.stringify(view.body)).not.toContain('13700000000')
        const history = await get(reader, `/api/v1/complaints/${id}/history`)
        expect(JSON.stringify(history.body)).not.toContain('赵六')
        expect(JSON.stringify(history.body)).not.toContain('13700000000')
      }
      // The hotline that registered it sees who reported.
      expect((await get(operator, `/api/v1/complaints/${id}`)).body['complainant']).toMatchObject({ name: '赵六', phone: '13700000000' })
      // Housing comes the same day (on time: due Wed 12-23).
      await cmd(officer('housing'), id, 'report-arrival', { unitId: 'saihan-housing' })
    })
  })

  describe('three departments whistled across 元旦 2027: on time, late, never; a fourth whistled later; closed with one owing', () => {
    let id = ''
    beforeAll(async () => {
      id = await streetCase('2026-12-30T09:00:00+08:00')
    })

    it('the 报到 deadline: summoned Wed 12-30 10:00 → day 1 Thu 12-31, Fri 01-01 元旦, Sat 01-02, Sun 01-03, day 2 Mon 01-04 → 2027-01-04 24:00, provisional', async () => {
      at('2026-12-30T10:00:00+08:00')
      const view = await cmd(street, id, 'summon-departments', { departments: [housing, environment, urban], reason: '供热管网涉及住建、环保、城管' })
      expect(reportBys(view)).toEqual([
        ['saihan-housing', '2027-01-04T23:59:59+08:00'],
        ['saihan-environment', '2027-01-04T23:59:59+08:00'],
        ['saihan-urban-management', '2027-01-04T23:59:59+08:00'],
      ])
      expect((view['summoned'] as Body[]).map((x) => (x['counted'] as Body)['provisional'])).toEqual([true, true, true])
    })

    it('a summoned department reads the case, the complainant in full (a handling role on the case) and masked in its list; one not summoned gets 404 with the missing case’s body', async () => {
      const own = await get(officer('housing'), `/api/v1/complaints/${id}`)
      expect(own.status).toBe(200)
      expect(own.body['complainant']).toMatchObject({ name: '王五', phone: '13900000000' })
      const row = ((await get(officer('housing'), '/api/v1/complaints')).body['items'] as Body[]).find((x) => x['id'] === id)
      expect(row?.['complainant']).toEqual({ name: '王*', phone: '139****0000' })
      const outsider = officer('market-regulation')
      expect(await get(outsider, `/api/v1/complaints/${id}`)).toEqual(await get(outsider, MISSING))
      expect(await get(outsider, `/api/v1/complaints/${id}/history`)).toEqual(await get(outsider, `${MISSING}/history`))
      expect(((await get(outsider, '/api/v1/complaints')).body['items'] as Body[]).map((x) => x['id'])).not.toContain(id)
    })

    it('what a department may do: not summoned → 404 as a missing case; summoned, another’s 报到, the street’s 吹哨 or rating, the lead’s result → 403', async () => {
      const outsider = officer('market-regulation')
      expect(await trySend(outsider, id, 'report-arrival', { unitId: 'saihan-market-regulation' })).toEqual(await sendAs(s as TestServer, outsider, `${MISSING}/report-arrival`, { unitId: 'saihan-market-regulation' }))
      const housingOfficer = officer('housing')
      expect((await trySend(housingOfficer, id, 'report-arrival', { unitId: 'saihan-environment' })).status).toBe(403)
      expect((await trySend(housingOfficer, id, 'summon-departments', { departments: [market], reason: '再叫一个' })).status).toBe(403)
      expect((await trySend(housingOfficer, id, 'rate-department-help', { unitId: 'saihan-housing', rating: 'satisfied', comment: '好' })).status).toBe(403)
      expect((await trySend(housingOfficer, id, 'submit-result', { result: '已修', outcome: 'resolved' })).status).toBe(403)
    })

    it('临期: 20% of the time from the summons (12-30 02:00Z) to the deadline (01-04 15:59:59Z), 482,399 s, is 96,479.8 s: due soon from 01-03 21:11:59.2 China time', async () => {
      at('2027-01-03T21:11:59+08:00')
      expect(await listed(id, 'dueSoon')).toEqual([])
      at('2027-01-03T21:12:00+08:00')
      expect(await listed(id, 'dueSoon')).toEqual(['arrival saihan-housing', 'arrival saihan-environment', 'arrival saihan-urban-management'])
    })

    it('housing on time (Mon 01-04 23:59:59), environment late (Tue 01-05 00:00), urban management never: only urban management is overdue, and the 超期 reminder names it alone', async () => {
      at('2027-01-04T23:59:59+08:00')
      await cmd(officer('housing'), id, 'report-arrival', { unitId: 'saihan-housing' })
      at('2027-01-05T00:00:00+08:00')
      await cmd(officer('environment'), id, 'report-arrival', { unitId: 'saihan-environment' })
      at('2027-01-05T09:00:00+08:00')
      expect(await listed(id, 'overdue')).toEqual(['arrival saihan-urban-management'])
      // The department's own overdue list has it too; one not summoned lists nothing of the case.
      expect(await onOverdueList(id, officer('urban-management'))).toBe(true)
      expect(await onOverdueList(id, officer('market-regulation'))).toBe(false)
      // The scheduler (an admin of the case's place) records the 超期 of the deadline the three shared.
      await cmd(admin, id, 'record-deadline-reminder', { kind: 'arrival', deadline: '2027-01-04T15:59:59.000Z', reminder: 'overdue' })
      const events = (await get(officer('housing'), `/api/v1/complaints/${id}/history`)).body['events'] as { type: string; data: Body }[]
      expect(events.filter((e) => e.type === 'ComplaintDeadlineReminder').map((e) => e.data)).toEqual([
        expect.objectContaining({ kind: 'arrival', reminder: 'overdue', units: ['saihan-urban-management'] }),
      ])
      // 督办 (the scheduler's comes a day on; recorded here as it would send it): urban management is urged, not the street.
      const urged = await cmd(admin, id, 'urge', { note: '自动督办 automatic urging: the arrival deadline 2027-01-04T15:59:59.000Z passed', kind: 'arrival', deadline: '2027-01-04T15:59:59.000Z' })
      expect(urged['urgings']).toBe(1)
      const urging = ((await get(officer('urban-management'), `/api/v1/complaints/${id}/history`)).body['events'] as { type: string; data: Body }[]).find((e) => e.type === 'ComplaintUrged')
      expect(urging?.data).toMatchObject({ units: ['saihan-urban-management'], unit: { id: 'wulanchabu-street' } })
    })

    it('the live feed (GET /api/v1/events): housing gets the case’s events, personal data masked, the 超期 naming urban management; market regulation, not summoned, gets none', async () => {
      const feed = async (department: string) => {
        const body = (await get(officer(department), '/api/v1/events?from=0&limit=100')).body
        return (body['events'] as { streamId: string; type: string; data: Body }[]).filter((e) => e.streamId === `complaint-${id}`)
      }
      const housingFeed = await feed('housing')
      expect(housingFeed.find((e) => e.type === 'ComplaintRegistered')?.data['complainant']).toEqual({ name: '王*', phone: '139****0000' })
      expect(housingFeed.filter((e) => e.type === 'ComplaintDeadlineReminder').map((e) => e.data['units'])).toEqual([['saihan-urban-management']])
      expect(await feed('market-regulation')).toEqual([])
    })

    it('whistled again: the same department is 400 at departments[0].id; market regulation summoned Tue 01-05 10:00 → day 1 Wed 01-06, day 2 Thu 01-07', async () => {
      at('2027-01-05T10:00:00+08:00')
      const again = await trySend(street, id, 'summon-departments', { departments: [housing], reason: '再次吹哨' })
      expect(again.status).toBe(400)
      expect(again.body['errors']).toEqual([{ path: 'departments[0].id', message: 'saihan-housing is already the lead or summoned' }])
      const view = await cmd(street, id, 'summon-departments', { departments: [market], reason: '涉及市场监管' })
      expect(reportBys(view)).toEqual([
        ['saihan-housing', '2027-01-04T23:59:59+08:00'],
        ['saihan-environment', '2027-01-04T23:59:59+08:00'],
        ['saihan-urban-management', '2027-01-04T23:59:59+08:00'],
        ['saihan-market-regulation', '2027-01-07T23:59:59+08:00'],
      ])
      expect((await get(officer('market-regulation'), `/api/v1/complaints/${id}`)).status).toBe(200)
    })

    it('a summoned department that came may not send the case back (退单): 403, nothing written — the case is the street’s', async () => {
      const before = (await get(street, `/api/v1/complaints/${id}`)).body['version']
      const r = await trySend(officer('housing'), id, 'return', { reason: '不属于住建职责' })
      expect(r.status).toBe(403)
      expect(r.body['detail']).toContain('only the lead unit wulanchabu-street may')
      expect((await get(street, `/api/v1/complaints/${id}`)).body['version']).toBe(before)
    })

    it('the 考核 of Jan 2027 as of Wed 01-06 09:00, the case open: housing 1 of 1, environment 0 of 1, urban management 0 of 1 and overdue, market regulation not yet due', async () => {
      at('2027-01-06T09:00:00+08:00')
      const expected = {
        'saihan-housing': { arrivals: { due: 1, onTime: 1, onTimeRate: 1 }, overdue: expect.objectContaining({ arrival: 0 }) },
        'saihan-environment': { arrivals: { due: 1, onTime: 0, onTimeRate: 0 }, overdue: expect.objectContaining({ arrival: 0 }) },
        'saihan-urban-management': { arrivals: { due: 1, onTime: 0, onTimeRate: 0 }, overdue: expect.objectContaining({ arrival: 1 }) },
      }
      expect(await departmentRows('/api/v1/evaluation?period=2027-01', 'units')).toEqual(expected)
      // The street's dashboard, no period given: every period — December's 报到 too: the Friday case's (housing on time,
      // environment late there as here) and the 举报's (housing on time).
      expect(await departmentRows('/api/v1/dashboard', 'units')).toEqual({
        ...expected,
        'saihan-housing': { arrivals: { due: 3, onTime: 3, onTimeRate: 1 }, overdue: expect.objectContaining({ arrival: 0 }) },
        'saihan-environment': { arrivals: { due: 2, onTime: 0, onTimeRate: 0 }, overdue: expect.objectContaining({ arrival: 0 }) },
      })
    })

    it('closed Wed 01-06 before market regulation’s deadline: urban management stays late (its deadline passed before the close), market regulation is not counted, nothing is overdue', async () => {
      at('2027-01-06T10:00:00+08:00')
      await cmd(street, id, 'submit-result', { result: '管网已修复', outcome: 'resolved' })
      await cmd(operator, id, 'notify-complainant', { method: 'phone' })
      await cmd(operator, id, 'close', { reason: '已办结, 群众未评价' })
      at('2027-01-08T10:00:00+08:00')
      expect(await listed(id, 'overdue')).toEqual([])
      const rows = await departmentRows('/api/v1/evaluation?period=2027-01', 'units')
      expect(rows).toEqual({
        'saihan-housing': { arrivals: { due: 1, onTime: 1, onTimeRate: 1 }, overdue: expect.objectContaining({ arrival: 0 }) },
        'saihan-environment': { arrivals: { due: 1, onTime: 0, onTimeRate: 0 }, overdue: expect.objectContaining({ arrival: 0 }) },
        'saihan-urban-management': { arrivals: { due: 1, onTime: 0, onTimeRate: 0 }, overdue: expect.objectContaining({ arrival: 0 }) },
      })
    })

    it('以下评上 on the closed case (Fri 01-08, every 报到 deadline gone by): the ratings are in the departments’ 考核 rows, satisfaction rate = (satisfied + basically satisfied × 1) / rated', async () => {
      await cmd(street, id, 'rate-department-help', { unitId: 'saihan-housing', rating: 'satisfied', comment: '按时到场' })
      await cmd(street, id, 'rate-department-help', { unitId: 'saihan-environment', rating: 'basically-satisfied', comment: '晚到半天' })
      await cmd(street, id, 'rate-department-help', { unitId: 'saihan-urban-management', rating: 'unsatisfied', comment: '未报到' })
      // Housing rates nobody (403); a rating twice is 409.
      expect((await trySend(officer('housing'), id, 'rate-department-help', { unitId: 'saihan-environment', rating: 'satisfied', comment: '好' })).status).toBe(403)
      expect((await trySend(street, id, 'rate-department-help', { unitId: 'saihan-housing', rating: 'unsatisfied', comment: '改评' })).status).toBe(409)
      const units = (await get(street, '/api/v1/evaluation?period=2027-01')).body['units'] as (Body & { unit: { id: string } })[]
      const help = Object.fromEntries(units.filter((u) => u.unit.id.startsWith('saihan-')).map((u) => [u.unit.id, u['helpRatings']]))
      expect(help).toEqual({
        'saihan-housing': { rated: 1, satisfied: 1, basicallySatisfied: 0, unsatisfied: 0, satisfactionRate: 1 },
        'saihan-environment': { rated: 1, satisfied: 0, basicallySatisfied: 1, unsatisfied: 0, satisfactionRate: 1 },
        'saihan-urban-management': { rated: 1, satisfied: 0, basicallySatisfied: 0, unsatisfied: 1, satisfactionRate: 0 },
      })
    })

    it('after the close, each summoned department — the one that never came and the one whistled last included — still reads the case: summoned by 吹哨 (DOMAIN.md), unlike after a 退单 or 重办; it acts no more', async () => {
      for (const department of ['housing', 'environment', 'urban-management', 'market-regulation']) {
        const r = await get(officer(department), `/api/v1/complaints/${id}`)
        expect(r.status, department).toBe(200)
        expect(r.body['status']).toBe('closed')
      }
      expect((await trySend(officer('urban-management'), id, 'report-arrival', { unitId: 'saihan-urban-management' })).status).toBe(409)
      // Still a stranger to it: a department never summoned.
      expect((await get(officer('transport'), `/api/v1/complaints/${id}`)).status).toBe(404)
    })
  })

  describe('重办 after a department never came: its summons ends with the round; whistled again in the new round', () => {
    // Summoned Mon 2027-01-11 10:00 → day 1 Tue 01-12, day 2 Wed 01-13 → due 2027-01-13 24:00. Environment never comes;
    // the result is in 01-12, the callback unsatisfied 01-14, and the hotline reopens (重办) Thu 01-14 10:00 to the street —
    // after the deadline: environment's 报到 counts, late. Whistled again Fri 01-15 10:00 → day 1 Mon 01-18, day 2 Tue 01-19.
    let id = ''
    beforeAll(async () => {
      id = await streetCase('2027-01-11T09:00:00+08:00')
      at('2027-01-11T10:00:00+08:00')
      expect(reportBys(await cmd(street, id, 'summon-departments', { departments: [environment], reason: '油烟扰民涉及环保' }))).toEqual([['saihan-environment', '2027-01-13T23:59:59+08:00']])
      at('2027-01-12T10:00:00+08:00')
      await cmd(street, id, 'submit-result', { result: '已协调商户', outcome: 'resolved' })
      await cmd(operator, id, 'notify-complainant', { method: 'phone' })
      at('2027-01-14T09:00:00+08:00')
      await cmd(operator, id, 'record-callback', { reached: true, contacted: true, solved: 'not-solved', satisfaction: 'unsatisfied' })
      at('2027-01-14T10:00:00+08:00')
      await cmd(operator, id, 'reopen', { reason: '群众不满意, 油烟仍在' })
    })

    it('the reopened round has no summons: environment reads the case no more (404 as a missing case) and may not come (404)', async () => {
      const env = officer('environment')
      expect(await get(env, `/api/v1/complaints/${id}`)).toEqual(await get(env, MISSING))
      expect(await trySend(env, id, 'report-arrival', { unitId: 'saihan-environment' })).toEqual(await sendAs(s as TestServer, env, `${MISSING}/report-arrival`, { unitId: 'saihan-environment' }))
      expect(await listed(id, 'overdue')).not.toContain('arrival saihan-environment')
    })

    it('whistled again in the new round, environment comes Mon 01-18 on time; January: environment 1 of 3 (元旦 late, round 1 late, round 2 on time)', async () => {
      await cmd(street, id, 'acknowledge')
      at('2027-01-15T10:00:00+08:00')
      expect(reportBys(await cmd(street, id, 'summon-departments', { departments: [environment], reason: '再次吹哨' }))).toEqual([['saihan-environment', '2027-01-19T23:59:59+08:00']])
      at('2027-01-18T09:00:00+08:00')
      await cmd(officer('environment'), id, 'report-arrival', { unitId: 'saihan-environment' })
      at('2027-01-20T09:00:00+08:00')
      const rows = await departmentRows('/api/v1/evaluation?period=2027-01', 'units')
      expect(rows['saihan-environment']?.arrivals).toEqual({ due: 3, onTime: 1, onTimeRate: 1 / 3 })
    })
  })
  describe('an office of the department is its own: the street’s 城管 squad does not read what the district’s 城管 bureau was called to', () => {
    // DOMAIN.md "Jurisdiction and actors": a department officer reads only a case its department handles — here, a case
    // that names its own office (the unit summoned or dispatched, at the officer's place or under it: a bureau reads what
    // its squads below it were called to, as it acts for them). Found in review: a street-level 城管 officer read, the
    // complainant in full, a case only the district's 城管 bureau was summoned to (each act on it 403).
    const squadOfficer: Actor = { id: 'urban-management-street-1', role: 'department-officer', jurisdiction: STREET, department: 'urban-management' }
    const squad = { id: 'wulanchabu-urban-management', level: 'street', jurisdiction: STREET, department: 'urban-management' }
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(256)])
    const photo = createHash('sha256').update(png).digest('hex')
    const fetchFile = async (actor: Actor, hash: string): Promise<{ status: number; body: string }> => {
      const res = await s.call(actor, 'GET', `/api/v1/attachments/${hash}`)
      return { status: res.status, body: res.status === 200 ? '(the file)' : await res.text() }
    }
    const NO_FILE = createHash('sha256').update('never uploaded').digest('hex')
    /** The streams of every event the actor's event log (`GET /api/v1/events`) gives, page by page. */
    const streams = async (actor: Actor): Promise<string[]> => {
      const out: string[] = []
      for (let from = 0; ; ) {
        const page = (await get(actor, `/api/v1/events?from=${from}&limit=100`)).body as { events: { streamId: string }[]; next: number; more: boolean }
        out.push(...page.events.map((e) => e.streamId))
        if (!page.more) return out
        from = page.next
      }
    }
    let id = ''
    beforeAll(async () => {
      // Summoned Mon 2027-02-01 10:00 → day 1 Tue 02-02, day 2 Wed 02-03 → due 2027-02-03 24:00.
      id = await streetCase('2027-02-01T09:00:00+08:00')
      const uploaded = await fetch(`${s.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, operator)}`, 'content-type': 'image/png' }, body: png })
      expect(uploaded.status).toBe(201)
      await cmd(operator, id, 'supplement', { text: '补充照片', attachments: [{ sha256: photo, kind: 'photo' }] })
      at('2027-02-01T10:00:00+08:00')
      expect(reportBys(await cmd(street, id, 'summon-departments', { departments: [urban], reason: '占道经营涉及城管' }))).toEqual([['saihan-urban-management', '2027-02-03T23:59:59+08:00']])
    })

    it('the district bureau summoned: its officer reads the case (the complainant in full) and the photo; the street’s 城管 officer gets, on every route, what a missing case gives', async () => {
      const bureau = officer('urban-management')
      const own = await get(bureau, `/api/v1/complaints/${id}`)
      expect(own.status).toBe(200)
      expect(own.body['complainant']).toMatchObject({ name: '王五', phone: '13900000000' })
      expect((await fetchFile(bureau, photo)).status).toBe(200)
      expect(await streams(bureau)).toContain(`complaint-${id}`)

      expect(await get(squadOfficer, `/api/v1/complaints/${id}`)).toEqual(await get(squadOfficer, MISSING))
      expect(await get(squadOfficer, `/api/v1/complaints/${id}/history`)).toEqual(await get(squadOfficer, `${MISSING}/history`))
      expect(await trySend(squadOfficer, id, 'report-arrival', { unitId: 'saihan-urban-management' })).toEqual(await sendAs(s as TestServer, squadOfficer, `${MISSING}/report-arrival`, { unitId: 'saihan-urban-management' }))
      expect(((await get(squadOfficer, '/api/v1/complaints')).body['items'] as Body[]).map((x) => x['id'])).not.toContain(id)
      expect(await streams(squadOfficer)).not.toContain(`complaint-${id}`)
      expect(await fetchFile(squadOfficer, photo)).toEqual(await fetchFile(squadOfficer, NO_FILE))
    })

    it('the bureau never came: overdue from Thu 02-04 00:00 on the street’s dashboard and the bureau’s overdue list, on the squad officer’s not', async () => {
      at('2027-02-04T09:00:00+08:00')
      expect(await listed(id, 'overdue')).toEqual(['arrival saihan-urban-management'])
      expect(await onOverdueList(id, officer('urban-management'))).toBe(true)
      expect(await onOverdueList(id, squadOfficer)).toBe(false)
    })

    it('dispatched to the district bureau (its lead): the squad officer is a stranger to it, the bureau’s officer reads it', async () => {
      const opened = await postAs(s as TestServer, operator, '/api/v1/complaints', {
        channel: 'hotline-12345', kind: 'complaint', category: 'environment', title: '占道经营', description: '路口夜市占道',
        jurisdiction: `${COMMUNITY_A}/grid-001`, complainant: { name: '孙七', phone: '13600000000' },
      })
      const lead = String(opened['id'])
      await cmd(operator, lead, 'accept')
      await cmd(operator, lead, 'dispatch', { unit: urban })
      expect((await get(officer('urban-management'), `/api/v1/complaints/${lead}`)).body['complainant']).toMatchObject({ name: '孙七' })
      expect(await get(squadOfficer, `/api/v1/complaints/${lead}`)).toEqual(await get(squadOfficer, MISSING))
      expect(await trySend(squadOfficer, lead, 'acknowledge')).toEqual(await sendAs(s as TestServer, squadOfficer, `${MISSING}/acknowledge`))
      expect(((await get(squadOfficer, '/api/v1/complaints')).body['items'] as Body[]).map((x) => x['id'])).not.toContain(lead)
    })

    it('the street’s own 城管 squad summoned too: now its officer reads the case and reports its own 报到 — not the bureau’s (403) — and the bureau still reads it', async () => {
      at('2027-02-04T10:00:00+08:00')
      await cmd(street, id, 'summon-departments', { departments: [squad], reason: '街道城管中队协助' })
      const now = await get(squadOfficer, `/api/v1/complaints/${id}`)
      expect(now.status).toBe(200)
      expect(now.body['complainant']).toMatchObject({ name: '王五', phone: '13900000000' })
      expect((await trySend(squadOfficer, id, 'report-arrival', { unitId: 'saihan-urban-management' })).status).toBe(403)
      await cmd(squadOfficer, id, 'report-arrival', { unitId: squad.id })
      expect((await get(officer('urban-management'), `/api/v1/complaints/${id}`)).status).toBe(200)
    })
  })
})
