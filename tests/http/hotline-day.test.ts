// A street office's 12345 month over HTTP, January 2027 (behaviour pinned, worked out by hand): the hotline registers and
// dispatches (派单), units sign for (签收) and finish (办结), ask for more time (延期), return a misrouted case (退单),
// co-handle (协办), summon a department (吹哨报到); the callback staff record the answers (回访), an unsatisfied one is
// reopened (重办), a duplicate merged. Each deadline below is counted by hand, and the month's 三率 and timeliness from
// docs/kpis.md's formulas, on the memory server (the app) and on the server as `npm start` runs it (SQLite read models).
//
// The calendar: chinese-days 1.5.7 (pinned) lists no year after 2026, and no 2027 schedule is loaded here, so 2027 counts
// its statutory festival days alone (全国年节及纪念日放假办法 2024 art. 2), provisional (docs/calendar.md "2027"): 元旦 Fri
// 01-01; 春节 除夕 Fri 02-05 to 初三 Mon 02-08; 清明 Mon 04-05; no 调休 make-up day. Every result deadline reaching 2027
// says `provisional: true`. 12345 policy (DOMAIN.md): 签收 24 h (urgent 2 h) in clock hours from dispatch; 办结 15 (urgent
// 3) working days from dispatch, the day of dispatch not counted, ending 24:00 China time (written 23:59:59+08:00).
import { manualClock } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { complaints, readConfig, signToken, startGridcaseServer } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, COMMUNITY_B, SECRET, STREET, startServer } from './helpers/server.js'

interface Server {
  readonly at: (iso: string) => void
  readonly call: (actor: Actor, method: string, path: string, body?: unknown) => Promise<Response>
  readonly close: () => Promise<void>
}

const memoryServer = async (): Promise<Server> => {
  const s = await startServer({ caseTypes: [complaints()] })
  return { at: (iso) => s.clock.set(new Date(iso).toISOString()), call: s.call, close: s.close }
}

/** The server as `npm start` runs it, on SQLite in a fresh folder, with a manual clock (no processes: nothing but the day's commands is written). */
const sqliteServer = async (): Promise<Server> => {
  const clock = manualClock('2026-12-01T00:00:00.000Z')
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-hotline-day-'))
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, GRIDCASE_JWT_SECRET: SECRET, GRIDCASE_PROCESSES: 'off', SQLITE_SYNCHRONOUS: 'normal' })
  if (config._tag === 'Left') throw new Error(config.left.message)
  const running = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }), clock })
  return {
    at: (iso) => clock.set(new Date(iso).toISOString()),
    call: async (actor, method, path, body) =>
      fetch(`${running.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    close: async () => {
      await running.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const cA = { id: 'community-a', name: '东区社区', level: 'community', jurisdiction: COMMUNITY_A }
const cB = { id: 'community-b', name: '西区社区', level: 'community', jurisdiction: COMMUNITY_B }
const streetUnit = { id: 'street-office', name: '街道办', level: 'street', jurisdiction: STREET }
const dept = { id: 'urban-mgmt', name: '城管科', level: 'street', jurisdiction: STREET, department: 'urban-management' }
const deptOfficer: Actor = { id: 'do-1', role: 'department-officer', jurisdiction: STREET, department: 'urban-management' }
const { operator, street, workerA, workerB } = actors

type View = Record<string, unknown>

const day = async (s: Server) => {
  const send = async (actor: Actor, id: string, command: string, body: unknown = {}): Promise<View> => {
    const res = await s.call(actor, 'POST', `/api/v1/complaints/${id}/${command}`, body)
    const view = (await res.json()) as View
    expect(res.status, `${command}: ${JSON.stringify(view)}`).toBe(200)
    return view
  }
  const open = async (jurisdiction: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await s.call(operator, 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '3号楼暖气不热', jurisdiction,
      complainant: { name: '李四', phone: '13912345678' }, ...extra,
    })
    const view = (await res.json()) as View
    expect(res.status, JSON.stringify(view)).toBe(201)
    return String(view['id'])
  }
  const called = (answers: Record<string, unknown>) => ({ reached: true, ...answers })

  // C1 — Thu 2026-12-31 10:00 to community A. 签收 by Fri 01-01 10:00 (24 h, a holiday: clock hours). 办结: 01-01 元旦 off,
  // 01-04..08 (5), 11..15 (10), 18..22 (15) → Fri 01-22. Signed 12-31 15:00. Extension of 5 working days approved 01-20:
  // from 01-22, 25..29 → Fri 01-29. Finished 01-27 (on time), called back 01-28: contacted, solved, satisfied.
  s.at('2026-12-31T09:00:00+08:00')
  const c1 = await open(COMMUNITY_A)
  await send(operator, c1, 'accept')
  s.at('2026-12-31T10:00:00+08:00')
  const d1 = await send(operator, c1, 'dispatch', { unit: cA })
  expect(d1).toMatchObject({ acknowledgeBy: '2027-01-01T10:00:00+08:00', resultBy: '2027-01-22T23:59:59+08:00' })
  expect(d1['counted']).toMatchObject({ result: [{ provisional: true, days: 15, unit: 'working-days' }] })
  s.at('2026-12-31T15:00:00+08:00')
  await send(workerA, c1, 'acknowledge')

  // C2 — Mon 01-04 09:30 misrouted to the street's 城管科 (办结 by Mon 01-25: 05..08 (4), 11..15 (9), 18..22 (14), 25),
  // returned (退单) 11:00 before its 签收 deadline: the dispatcher's 派单 deadline runs again, 2 h from the return (13:00).
  // Redispatched Tue 01-05 09:00 to community A: a new window, 06..08 (3), 11..15 (8), 18..22 (13), 25, 26 → Tue 01-26.
  s.at('2027-01-04T09:00:00+08:00')
  const c2 = await open(COMMUNITY_A)
  await send(operator, c2, 'accept')
  s.at('2027-01-04T09:30:00+08:00')
  expect(await send(street, c2, 'dispatch', { unit: dept })).toMatchObject({ acknowledgeBy: '2027-01-05T09:30:00+08:00', resultBy: '2027-01-25T23:59:59+08:00' })
  s.at('2027-01-04T11:00:00+08:00')
  expect(await send(deptOfficer, c2, 'return', { reason: '不属于城管职责' })).toMatchObject({ status: 'returned', dispatchBy: '2027-01-04T13:00:00+08:00', returns: 1 })
  s.at('2027-01-05T09:00:00+08:00')
  expect(await send(street, c2, 'dispatch', { unit: cA })).toMatchObject({ acknowledgeBy: '2027-01-06T09:00:00+08:00', resultBy: '2027-01-26T23:59:59+08:00' })
  s.at('2027-01-05T10:00:00+08:00')
  await send(workerA, c2, 'acknowledge')
  // C5 — a duplicate of C1, merged: it counts nothing.
  s.at('2027-01-05T11:00:00+08:00')
  const c5 = await open(COMMUNITY_A)
  await send(street, c5, 'merge', { primaryId: c1, reason: '同一诉求' })

  // C4 — Wed 01-06 09:00 to community B (办结 07, 08 (2), 11..15 (7), 18..22 (12), 25..27 → Wed 01-27), finished 01-07,
  // called back 01-08 not solved, unsatisfied; reopened (重办) Fri 01-08 14:00 to the same unit: a new round, 签收 by Sat
  // 01-09 14:00, 办结 11..15 (5), 18..22 (10), 25..29 → Fri 01-29. Finished 01-13, called back 01-14: solved, satisfied.
  s.at('2027-01-06T09:00:00+08:00')
  const c4 = await open(COMMUNITY_B, { category: 'property' })
  await send(operator, c4, 'accept')
  expect(await send(operator, c4, 'dispatch', { unit: cB })).toMatchObject({ resultBy: '2027-01-27T23:59:59+08:00' })
  s.at('2027-01-06T10:00:00+08:00')
  await send(workerB, c4, 'acknowledge')
  s.at('2027-01-07T10:00:00+08:00')
  await send(workerB, c4, 'submit-result', { result: '已协调物业', outcome: 'resolved' })
  await send(operator, c4, 'notify-complainant', { method: 'phone' })
  s.at('2027-01-08T11:00:00+08:00')
  await send(operator, c4, 'record-callback', called({ contacted: true, solved: 'not-solved', satisfaction: 'unsatisfied' }))
  s.at('2027-01-08T14:00:00+08:00')
  expect(await send(operator, c4, 'reopen', { reason: '群众不满意' })).toMatchObject({
    status: 'dispatched', round: 2, reopenings: 1, acknowledgeBy: '2027-01-09T14:00:00+08:00', resultBy: '2027-01-29T23:59:59+08:00',
  })
  s.at('2027-01-08T15:00:00+08:00')
  await send(workerB, c4, 'acknowledge')
  s.at('2027-01-13T15:00:00+08:00')
  await send(workerB, c4, 'submit-result', { result: '物业已维修', outcome: 'resolved' })
  await send(operator, c4, 'notify-complainant', { method: 'phone' })
  s.at('2027-01-14T10:00:00+08:00')
  await send(operator, c4, 'record-callback', called({ contacted: true, solved: 'solved', satisfaction: 'satisfied' }))

  // C3 — urgent, Fri 01-08 17:00 to community A: 派单 by 17:30, 签收 by 19:00 (2 h), 办结 11, 12, 13 → Wed 01-13.
  // Signed 20:00 (late), finished Thu 01-14 09:00 (late); called back 01-15: contacted, solved, satisfied.
  s.at('2027-01-08T17:00:00+08:00')
  const c3 = await open(COMMUNITY_A, { urgency: 'urgent' })
  expect(await send(operator, c3, 'accept')).toMatchObject({ dispatchBy: '2027-01-08T17:30:00+08:00' })
  expect(await send(operator, c3, 'dispatch', { unit: cA })).toMatchObject({ acknowledgeBy: '2027-01-08T19:00:00+08:00', resultBy: '2027-01-13T23:59:59+08:00' })
  s.at('2027-01-08T20:00:00+08:00')
  await send(workerA, c3, 'acknowledge')
  s.at('2027-01-14T09:00:00+08:00')
  expect(await send(workerA, c3, 'submit-result', { result: '已修复', outcome: 'resolved' })).toMatchObject({ result: { onTime: false } })
  await send(operator, c3, 'notify-complainant', { method: 'phone' })
  s.at('2027-01-15T09:00:00+08:00')
  await send(operator, c3, 'record-callback', called({ contacted: true, solved: 'solved', satisfaction: 'satisfied' }))

  // C6 — a message-board post, Mon 01-11 09:00 to community A (办结 12..15 (4), 18..22 (9), 25..29 (14), Mon 02-01), the
  // street's 城管科 co-handling (协办); called back 01-13: not contacted, partly solved, basically satisfied.
  s.at('2027-01-11T09:00:00+08:00')
  const c6 = await open(COMMUNITY_A, { channel: 'message-board', category: 'environment' })
  await send(operator, c6, 'accept')
  expect(await send(operator, c6, 'dispatch', { unit: cA })).toMatchObject({ resultBy: '2027-02-01T23:59:59+08:00' })
  s.at('2027-01-11T10:00:00+08:00')
  await send(workerA, c6, 'acknowledge')
  await send(workerA, c6, 'add-co-handler', { unit: dept, task: '清运垃圾' })
  s.at('2027-01-12T10:00:00+08:00')
  await send(deptOfficer, c6, 'report-co-handling', { unitId: dept.id, report: '已清运' })
  s.at('2027-01-12T16:00:00+08:00')
  await send(workerA, c6, 'submit-result', { result: '垃圾已清运', outcome: 'resolved' })
  await send(operator, c6, 'notify-complainant', { method: 'phone' })
  s.at('2027-01-13T09:00:00+08:00')
  await send(operator, c6, 'record-callback', called({ contacted: false, solved: 'partly', satisfaction: 'basically-satisfied' }))

  // C7 — Thu 01-14 16:00 to the street office (办结 15 (1), 18..22 (6), 25..29 (11), 02-01..04 → Thu 02-04); the street
  // summons (吹哨) the 城管科 Fri 01-15 09:00: 报到 within 2 working days, 18, 19 → Tue 01-19; it reports 01-19 10:00.
  s.at('2027-01-14T16:00:00+08:00')
  const c7 = await open(COMMUNITY_A, { category: 'parking' })
  await send(operator, c7, 'accept')
  expect(await send(operator, c7, 'dispatch', { unit: streetUnit })).toMatchObject({ resultBy: '2027-02-04T23:59:59+08:00' })
  s.at('2027-01-14T17:00:00+08:00')
  await send(street, c7, 'acknowledge')
  s.at('2027-01-15T09:00:00+08:00')
  expect(await send(street, c7, 'summon-departments', { departments: [dept], reason: '占道停车需城管执法' })).toMatchObject({ summoned: [{ reportBy: '2027-01-19T23:59:59+08:00' }] })
  s.at('2027-01-19T10:00:00+08:00')
  await send(deptOfficer, c7, 'report-arrival', { unitId: dept.id })

  // C8 — Fri 01-15 10:00 to community B: 办结 18..22 (5), 25..29 (10), 02-01..04 (14), 02-05..08 春节, Tue 02-09 (15).
  // Finished 01-18; the callback 01-19 does not reach the complainant (counted apart).
  s.at('2027-01-15T10:00:00+08:00')
  const c8 = await open(COMMUNITY_B)
  await send(operator, c8, 'accept')
  expect(await send(operator, c8, 'dispatch', { unit: cB })).toMatchObject({ resultBy: '2027-02-09T23:59:59+08:00' })
  s.at('2027-01-15T11:00:00+08:00')
  await send(workerB, c8, 'acknowledge')
  s.at('2027-01-18T11:00:00+08:00')
  await send(workerB, c8, 'submit-result', { result: '已处理', outcome: 'resolved' })
  await send(operator, c8, 'notify-complainant', { method: 'phone' })
  s.at('2027-01-19T11:00:00+08:00')
  await send(operator, c8, 'record-callback', { reached: false })

  // C9 — a consultation answered at registration (closed).
  s.at('2027-01-18T09:00:00+08:00')
  await open(COMMUNITY_A, { kind: 'consultation', answer: '供暖期至3月31日' })

  // C1's extension and result; C2's result (on time), called back 01-22: contacted, solved, basically satisfied.
  s.at('2027-01-20T10:00:00+08:00')
  await send(workerA, c1, 'request-extension', { days: 5, reason: '需更换管道' })
  s.at('2027-01-20T11:00:00+08:00')
  expect(await send(operator, c1, 'approve-extension', {})).toMatchObject({ extended: true, resultBy: '2027-01-29T23:59:59+08:00' })
  s.at('2027-01-21T10:00:00+08:00')
  await send(workerA, c2, 'submit-result', { result: '供热恢复', outcome: 'resolved' })
  await send(operator, c2, 'notify-complainant', { method: 'phone' })
  s.at('2027-01-22T10:00:00+08:00')
  await send(operator, c2, 'record-callback', called({ contacted: true, solved: 'solved', satisfaction: 'basically-satisfied' }))

  // C10 — Mon 01-25 09:00 to community A, never signed for: 签收 by Tue 01-26 09:00, overdue from 09:00:00.001; 办结 26..29
  // (4), 02-01..04 (8), 02-05..08 春节, 09..12 (12), 15..17 → Wed 02-17.
  s.at('2027-01-25T09:00:00+08:00')
  const c10 = await open(COMMUNITY_A)
  await send(operator, c10, 'accept')
  expect(await send(operator, c10, 'dispatch', { unit: cA })).toMatchObject({ acknowledgeBy: '2027-01-26T09:00:00+08:00', resultBy: '2027-02-17T23:59:59+08:00' })

  s.at('2027-01-27T10:00:00+08:00')
  await send(workerA, c1, 'submit-result', { result: '更换管道', outcome: 'resolved' })
  await send(operator, c1, 'notify-complainant', { method: 'phone' })
  s.at('2027-01-28T11:00:00+08:00')
  await send(operator, c1, 'record-callback', called({ contacted: true, solved: 'solved', satisfaction: 'satisfied' }))
  return { c5, c7, c10 }
}

describe.each([
  ['the app on a memory store', memoryServer],
  ['the server as npm start runs it (SQLite read models)', sqliteServer],
])('a 12345 month of a street office, %s', (_name, start) => {
  it('every deadline as counted by hand; January’s 三率 and timeliness by docs/kpis.md, for the street and per unit', async () => {
    const s = await start()
    try {
      const { c5, c7, c10 } = await day(s)
      s.at('2027-02-01T12:00:00+08:00')
      const dashboard = (await (await s.call(street, 'GET', '/api/v1/dashboard?from=2027-01-01T00:00:00%2B08:00&to=2027-02-01T00:00:00%2B08:00')).json()) as {
        rates: Record<string, unknown>
        overdue: { byKind: Record<string, number>; items: { caseId: string; deadlineKind: string; hoursOverdue: number }[]; dueSoon: { items: { caseId: string; deadlineKind: string; deadline: string }[] } }
        units: { unit: { id: string }; [k: string]: unknown }[]
      }
      // Callbacks made in January that got answers (one per case, its latest: C4 counts by its 01-14 call): C1, C2, C3, C4,
      // C6 → 5; C8 not reached, apart. 响应率 contacted 4 (all but C6) / 5; 解决率 solved 4 + partly (C6) × 0 / 5;
      // 满意率 (satisfied C1, C3, C4 + basically C2, C6 × 1) / 5 = 1.
      // 签收 due in January (9 rounds; C2's round at the 城管科, returned within its window, counts nothing; C5 merged):
      // C1 (01-01), C2, C3, C4 ×2, C6, C7, C8, C10 → on time all but C3 (signed 20:00 for 19:00) and C10 (never) = 7.
      // 办结 due in January: C1 (01-29, ext.), C2 (01-26), C3 (01-13), C4 ×2 (01-27, 01-29) → 5, on time all but C3 = 4.
      expect(dashboard.rates).toMatchObject({
        calledBack: 5, contacted: 4, responseRate: 0.8, resolved: 4, partlySolved: 1, resolutionRate: 0.8, notReached: 1,
        satisfied: 3, basicallySatisfied: 2, satisfactionRate: 1, dispatched: 9, acknowledgedOnTime: 7, onTimeAcknowledgementRate: 7 / 9,
        results: 5, resultsOnTime: 4, onTimeCompletionRate: 0.8,
      })
      // As of Mon 02-01 12:00: C10's 签收 overdue since 01-26 09:00 (147 h); C7's 办结 (02-04 24:00, set 01-14 16:00: 512 h,
      // 20% = 102.4 h) has 84 h left: 临期. C5, merged, is on neither list.
      expect(dashboard.overdue.byKind).toMatchObject({ acknowledge: 1, result: 0, arrival: 0, dispatch: 0 })
      // The lists write their instants in UTC (docs/kpis.md): 09:00 and 23:59:59 China time.
      expect(dashboard.overdue.items).toMatchObject([{ caseId: c10, deadlineKind: 'acknowledge', deadline: '2027-01-26T01:00:00.000Z', hoursOverdue: 147 }])
      expect(dashboard.overdue.dueSoon.items.map((i) => [i.caseId, i.deadlineKind, i.deadline])).toEqual([[c7, 'result', '2027-02-04T15:59:59.000Z']])
      expect(JSON.stringify(dashboard.overdue)).not.toContain(c5)

      const evaluation = (await (await s.call(street, 'GET', '/api/v1/evaluation?period=2027-01')).json()) as { units: { unit: { id: string }; [k: string]: unknown }[] }
      const unit = (id: string) => evaluation.units.find((u) => u.unit.id === id)
      // Community A: 签收 C1, C2, C3, C6, C10 → 3 on time of 5; 办结 C1, C2, C3 → 2 of 3; callbacks C1, C2, C3, C6: contacted
      // 3, solved 3, satisfied 2 + basically 2. Score (DOMAIN weights, 以下评上 absent: 90 points):
      // (10 × 0.75 + 30 × 0.75 + 30 × 1 + 5 × 0.6 + 15 × 2/3) / 90 × 100 = 73 / 90 × 100.
      expect(unit('community-a')).toMatchObject({
        dispatched: 5, acknowledgedOnTime: 3, results: 3, resultsOnTime: 2, calledBack: 4, contacted: 3, resolved: 3, responseRate: 0.75,
        resolutionRate: 0.75, satisfactionRate: 1, returns: 0, reopenings: 0, overdue: { acknowledge: 1 },
      })
      expect(unit('community-a')?.['score']).toBeCloseTo((73 / 90) * 100, 9)
      // Community B: C4's two rounds and C8, every 签收 on time; 办结 C4 ×2 on time (C8's falls in February); one call
      // answered (C4's latest), one not reached (C8); the 重办 is community B's, whose result was sent back.
      expect(unit('community-b')).toMatchObject({ dispatched: 3, acknowledgedOnTime: 3, results: 2, resultsOnTime: 2, calledBack: 1, notReached: 1, satisfactionRate: 1, reopenings: 1, returns: 0 })
      // The 城管科: its 退单 on its record, its returned round in no denominator; its 报到 due and on time.
      expect(unit('urban-mgmt')).toMatchObject({ dispatched: 0, results: 0, returns: 1, arrivals: { due: 1, onTime: 1, onTimeRate: 1 } })
      expect(unit('street-office')).toMatchObject({ dispatched: 1, acknowledgedOnTime: 1, results: 0 })
    } finally {
      await s.close()
    }
  })
})
