// Two ways into mediation through the real server (SQLite files, a real port, the processes it runs by default):
// 访调对接 — a 信访-policy complaint referred to mediation through the referral process, both ids on both cases, the
// conclusion back, then notified and called back; and 诉前委派 — a court's clerk entrusts a dispute with its case
// number, the court reads only what it entrusted, and the conclusion is reported back to it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { addStatutoryDays, chineseWorkdays, localDate } from '@gridcase/core/calendar'
import { manualClock } from '@gridcase/adapters'
import { readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schedule2027LongNewYear } from '../../packages/core/src/calendar/fixtures.js'
import { until } from '../helpers/until.js'

const SECRET = 'court-petition-test-secret-court-petition'
const DISTRICT = 'hohhot/saihan'
const STREET = `${DISTRICT}/wulanchabu-east-road`
const GRID = `${STREET}/community-a/grid-001`
const who = {
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  mediator: { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: STREET },
  court: { id: 'cc-1', role: 'court-clerk', jurisdiction: DISTRICT },
  otherCourt: { id: 'cc-9', role: 'court-clerk', jurisdiction: 'hohhot/xincheng' },
  resident: { id: 'r-zhang', role: 'resident', jurisdiction: GRID },
} satisfies Record<string, Actor>

let server: RunningServer
let dataDir: string
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gridcase-court-petition-'))
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, SQLITE_SYNCHRONOUS: 'normal' })
  if (config._tag === 'Left') throw new Error(config.left.message)
  server = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }) })
})
afterAll(async () => {
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const call = async (actor: Actor, method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
const ok = async (actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const res = await call(actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300)
  return (await res.json()) as Record<string, unknown>
}
const get = async (actor: Actor, path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await call(actor, 'GET', path)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
/** Reads until `done` holds: the processes run behind the request that wrote the event (only the test's timeout bounds it). */
const eventually = async (read: () => Promise<{ status: number; body: Record<string, unknown> }>, done: (r: { status: number; body: Record<string, unknown> }) => boolean) => {
  let last = { status: 0, body: {} as Record<string, unknown> }
  await until(async () => done((last = await read())), { state: () => `not reached: ${last.status} ${JSON.stringify(last.body)}` })
  return last.body
}
const today = () => localDate(new Date().toISOString())
const mediate = async (disputeId: string, terms: string[]) => {
  await ok(who.street, `/api/v1/disputes/${disputeId}/accept`)
  await ok(who.street, `/api/v1/disputes/${disputeId}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
  await ok(who.mediator, `/api/v1/disputes/${disputeId}/record-session`, { minutes: '双方陈述，调解员释法' })
  return ok(who.mediator, `/api/v1/disputes/${disputeId}/record-agreement`, { form: 'oral', terms, reachedOn: today() })
}

describe('访调对接: a 信访-policy complaint connected to mediation', () => {
  it('is referred at acceptance, opens its dispute (both ids on both cases), takes the agreement back, and is notified and called back', async () => {
    // 涉法涉诉 follows the 信访 (petition) policy: accept-or-not within 15 days (信访工作条例 art. 23).
    const registered = await ok(who.hotline, '/api/v1/complaints', {
      channel: 'walk-in', kind: 'complaint', category: 'law-related', title: '邻里宅基地纠纷信访', description: '相邻宅基地边界争议，多次上访',
      jurisdiction: GRID, complainant: { name: '张伟', phone: '13600001111', residentId: 'r-zhang' },
    })
    const complaintId = registered.id as string
    expect(registered).toMatchObject({ policy: 'petition', status: 'registered' })
    expect(registered.acceptBy).toEqual(expect.any(String))
    await ok(who.hotline, `/api/v1/complaints/${complaintId}/accept`)
    const disputeId = crypto.randomUUID()
    const referred = await ok(who.hotline, `/api/v1/complaints/${complaintId}/refer-to-mediation`, {
      disputeId, disputeCategory: 'land', respondents: [{ name: '李明' }], summary: '宅基地边界争议，访调对接转人民调解', reason: '属民间纠纷，宜调解',
    })
    expect(referred).toMatchObject({ status: 'referred-to-mediation', disputeId })

    // The referral process (on the process runner) opens the dispute: source referral, the complaint's id on it.
    const opened = await eventually(() => get(who.street, `/api/v1/disputes/${disputeId}`), (r) => r.status === 200)
    expect(opened).toMatchObject({ id: disputeId, source: 'referral', complaintId, status: 'reported', category: 'land' })

    await mediate(disputeId, ['以界桩为准，李明拆除越界围墙'])
    // The mediation-outcome process records the conclusion back on the complaint.
    const concluded = await eventually(() => get(who.hotline, `/api/v1/complaints/${complaintId}`), (r) => r.body.status === 'result-submitted')
    expect(concluded).toMatchObject({ disputeId, mediation: { disputeId, outcome: 'agreement' } })

    // The hotline tells the complainant and calls back, as after any result (no unit handled it before the referral).
    expect(await ok(who.hotline, `/api/v1/complaints/${complaintId}/notify-complainant`, { method: 'phone' })).toMatchObject({ status: 'complainant-notified' })
    const called = await ok(who.hotline, `/api/v1/complaints/${complaintId}/record-callback`, { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' })
    expect(called).toMatchObject({ status: 'complainant-notified', callback: { reached: true, solved: 'solved', satisfaction: 'satisfied' } })
  })
})

describe('诉前委派: a court entrusts a dispute before filing', () => {
  const COURT = '赛罕区人民法院'
  const CASE = '(2026)蒙0105民诉前调88号'
  const entrusted = {
    source: 'court-entrusted', category: 'property', jurisdiction: GRID, court: COURT, courtCaseNumber: CASE, summary: '物业费纠纷，立案前委派调解',
    parties: [{ side: 'applicant', name: '某物业公司' }, { side: 'respondent', name: '赵敏', phone: '13700002222' }],
  }

  it('the court’s clerk entrusts it with its case number; the 30 days run from the centre’s acceptance (法释〔2016〕14号 art. 27)', async () => {
    const created = await ok(who.court, '/api/v1/disputes', entrusted)
    expect(created).toMatchObject({ source: 'court-entrusted', court: COURT, courtCaseNumber: CASE, status: 'reported' })
    // Counted from the day the centre receives the court's materials: none yet.
    expect(created.mediationDeadline).toBeUndefined()
    // The rule is tested by hand at its edges in core (entrusted.test.ts); here: the server counts it from the day of
    // acceptance (read on either side of the request, in case it crosses midnight).
    const before = today()
    const accepted = await ok(who.street, `/api/v1/disputes/${created.id as string}/accept`)
    const after = today()
    const from = (day: string) => addStatutoryDays(`${day}T12:00:00+08:00`, 30, chineseWorkdays)
    expect([from(before), from(after)]).toContain(accepted.mediationDeadline)
    // Without the case number, or as another kind of case, the clerk is refused.
    const bare = await call(who.court, 'POST', '/api/v1/disputes', { ...entrusted, courtCaseNumber: undefined })
    expect([bare.status, ((await bare.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)]).toEqual([400, ['courtCaseNumber']])
    expect((await call(who.court, 'POST', '/api/v1/disputes', { ...entrusted, source: 'party-application', court: undefined, courtCaseNumber: undefined })).status).toBe(403)
  })

  it('the court sees the cases it entrusted and no others (404, the body of a missing case); another court sees none', async () => {
    const mine = (await ok(who.court, '/api/v1/disputes', entrusted)).id as string
    const screened = (await ok(who.grid, '/api/v1/disputes', { ...entrusted, source: 'screening', court: undefined, courtCaseNumber: undefined })).id as string
    const missing = await get(who.court, `/api/v1/disputes/${crypto.randomUUID()}`)
    expect((await get(who.court, `/api/v1/disputes/${mine}`)).status).toBe(200)
    const hidden = await get(who.court, `/api/v1/disputes/${screened}`)
    const elsewhere = await get(who.otherCourt, `/api/v1/disputes/${mine}`)
    expect([hidden.status, elsewhere.status, missing.status]).toEqual([404, 404, 404])
    const strip = (b: Record<string, unknown>) => ({ ...b, detail: undefined, instance: undefined })
    expect(strip(hidden.body)).toEqual(strip(missing.body))
    expect((await get(who.court, `/api/v1/disputes/${screened}/history`)).status).toBe(404)
    // The list shows the court its entrusted cases only.
    const listed = await eventually(() => get(who.court, '/api/v1/disputes?limit=100'), (r) => ((r.body.items as { id: string }[]) ?? []).some((i) => i.id === mine))
    const ids = (listed.items as { id: string; source?: string }[]).map((i) => i.id)
    expect(ids).toContain(mine)
    expect(ids).not.toContain(screened)
  })

  it('the agreement is reported back to the court: an event on the case the court reads', async () => {
    const id = (await ok(who.court, '/api/v1/disputes', entrusted)).id as string
    await mediate(id, ['赵敏补缴物业费1200元'])
    const view = await get(who.court, `/api/v1/disputes/${id}`)
    expect(view.body).toMatchObject({ status: 'agreement-reached', reportedToCourt: [{ outcome: 'agreement', onTime: true }] })
    const history = await get(who.court, `/api/v1/disputes/${id}/history`)
    const events = (Array.isArray(history.body) ? history.body : (history.body.events as unknown[])) as { type: string; data?: Record<string, unknown> }[]
    const report = events.find((e) => e.type === 'ReportedToCourt')
    expect(report?.data).toMatchObject({ court: COURT, courtCaseNumber: CASE, outcome: 'agreement', terms: ['赵敏补缴物业费1200元'], onTime: true })
  })

  // The court entrusts mostly to people's mediation committees (特邀调解组织, 法释〔2016〕14号; 人民调解法 art. 18): their
  // mediator registers what the court sent, with the 30 days from that record; the case is the mediator's to read and act
  // on once the centre assigns it (on its track), as a case of any other source.
  it('a people’s mediator records the court’s entrustment it received; assigned to it, it mediates and the court is told', async () => {
    const number = '(2026)蒙0105民诉前调90号'
    const before = today()
    const recorded = await call(who.mediator, 'POST', '/api/v1/disputes', { ...entrusted, courtCaseNumber: number })
    const after = today()
    const body = (await recorded.json()) as Record<string, unknown>
    expect(recorded.status, JSON.stringify(body)).toBe(201)
    expect(body).toMatchObject({ source: 'court-entrusted', court: COURT, status: 'reported' })
    const from = (day: string) => addStatutoryDays(`${day}T12:00:00+08:00`, 30, chineseWorkdays)
    expect([from(before), from(after)]).toContain(body.mediationDeadline)
    expect(body.track).toBeUndefined()
    const id = body.id as string
    // Not theirs until assigned: the body of a missing case.
    const unassigned = await get(who.mediator, `/api/v1/disputes/${id}`)
    const missing = await get(who.mediator, `/api/v1/disputes/${crypto.randomUUID()}`)
    expect(unassigned.status).toBe(404)
    const strip = (b: Record<string, unknown>) => ({ ...b, detail: undefined, instance: undefined })
    expect(strip(unassigned.body)).toEqual(strip(missing.body))
    await mediate(id, ['赵敏补缴物业费800元'])
    const view = await get(who.court, `/api/v1/disputes/${id}`)
    expect(view.body).toMatchObject({ track: 'people', status: 'agreement-reached', reportedToCourt: [{ outcome: 'agreement', onTime: true }] })
  })
})

/**
 * A server of its own on a manual clock for the describe it is called in (started before its tests, closed after), and
 * requests to it as an actor: `at` gives status and body, `post` expects a 2xx.
 */
const simulatedServer = (prefix: string, startAt: string) => {
  const clock = manualClock(startAt)
  let timed: RunningServer
  let timedDir: string
  beforeAll(async () => {
    timedDir = mkdtempSync(join(tmpdir(), prefix))
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: timedDir, GRIDCASE_JWT_SECRET: SECRET, SQLITE_SYNCHRONOUS: 'normal' })
    if (config._tag === 'Left') throw new Error(config.left.message)
    timed = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }), clock })
  })
  afterAll(async () => {
    await timed.close()
    rmSync(timedDir, { recursive: true, force: true })
  })
  const at = async (actor: Actor, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${timed.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const post = async (actor: Actor, path: string, body: unknown = {}) => {
    const r = await at(actor, 'POST', path, body)
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
  return { clock, at, post }
}

// 访调对接 before dispatch, in simulated time (the server's clock port is a manual clock): the 信访 complaint keeps its
// handling deadline — 60 days from acceptance (信访工作条例 art. 34), a statutory period. Accepted Mon 2026-08-03 10:00 China
// time; by hand: Aug 4–31 = 28 days, Sep = 30 (58), Oct 1 = 59, Oct 2 = 60, inside 国庆 (Oct 1–7) → it ends on the
// first working day after, Thu 10-08 at 24:00 (23:59:59+08:00). It is on GET …/complaints?overdue=true and the
// dashboard's overdue list from 10-09 00:00 while the dispute runs, and leaves both when the dispute concludes.
describe('访调对接 before dispatch: the handling deadline over HTTP (simulated time)', () => {
  const { clock, at, post } = simulatedServer('gridcase-petition-deadline-', '2026-08-03T01:00:00Z')
  const overdueIds = async () => ((await at(who.hotline, 'GET', '/api/v1/complaints?overdue=true&limit=100')).body.items as { id: string }[]).map((i) => i.id)
  const dashboard = async () => (await at(who.hotline, 'GET', '/api/v1/dashboard?jurisdiction=hohhot')).body as { overdue: { items: Record<string, unknown>[]; dueSoon: { items: Record<string, unknown>[] } } }

  it('is overdue from the day after its deadline while the dispute is open, and leaves the overdue list when it concludes', async () => {
    const complaintId = (await post(who.hotline, '/api/v1/complaints', {
      channel: 'walk-in', kind: 'complaint', category: 'law-related', title: '宅基地边界信访', description: '相邻宅基地边界争议',
      jurisdiction: GRID, complainant: { name: '张伟', phone: '13600001111' },
    })).id as string
    clock.set('2026-08-03T02:00:00Z')
    await post(who.hotline, `/api/v1/complaints/${complaintId}/accept`)
    const disputeId = crypto.randomUUID()
    const referred = await post(who.hotline, `/api/v1/complaints/${complaintId}/refer-to-mediation`, { disputeId, disputeCategory: 'land', respondents: [{ name: '李明' }], summary: '访调对接' })
    // The case view: waiting on mediation, no unit, the handling deadline counted from acceptance.
    expect(referred).toMatchObject({ status: 'referred-to-mediation', disputeId, policy: 'petition', resultBy: '2026-10-08T23:59:59+08:00' })
    expect(referred.lead).toBeUndefined()
    await eventually(() => at(who.street, 'GET', `/api/v1/disputes/${disputeId}`), (r) => r.status === 200)

    // The last instant of the last day: not overdue yet, due soon (临期).
    clock.set('2026-10-08T23:59:59+08:00')
    expect(await overdueIds()).not.toContain(complaintId)
    expect((await dashboard()).overdue.dueSoon.items).toContainEqual(expect.objectContaining({ caseId: complaintId, deadlineKind: 'result' }))
    // The next day: overdue, by kind result, against no unit.
    clock.set('2026-10-09T00:00:00+08:00')
    expect(await overdueIds()).toContain(complaintId)
    const late = (await dashboard()).overdue.items.filter((i) => i.caseId === complaintId)
    expect(late).toEqual([expect.objectContaining({ deadlineKind: 'result', deadline: '2026-10-08T15:59:59.000Z' })])
    expect(late[0]).not.toHaveProperty('unitId')

    // The dispute concludes (agreement); the result comes back and the complaint leaves the overdue list.
    clock.set('2026-10-12T02:00:00Z')
    await post(who.street, `/api/v1/disputes/${disputeId}/accept`)
    await post(who.street, `/api/v1/disputes/${disputeId}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
    await post(who.mediator, `/api/v1/disputes/${disputeId}/record-session`, { minutes: '双方陈述，调解员释法' })
    await post(who.mediator, `/api/v1/disputes/${disputeId}/record-agreement`, { form: 'oral', terms: ['以界桩为准'], reachedOn: localDate(clock.now()) })
    await eventually(() => at(who.hotline, 'GET', `/api/v1/complaints/${complaintId}`), (r) => r.body.status === 'result-submitted')
    expect(await overdueIds()).not.toContain(complaintId)
    expect((await dashboard()).overdue.items.filter((i) => i.caseId === complaintId)).toEqual([])

    // 重办: the complainant is told, is unsatisfied on the callback; the hotline sends the case to a unit it names.
    await post(who.hotline, `/api/v1/complaints/${complaintId}/notify-complainant`, { method: 'phone' })
    await post(who.hotline, `/api/v1/complaints/${complaintId}/record-callback`, { reached: true, contacted: true, solved: 'not-solved', satisfaction: 'unsatisfied' })
    const unnamed = await at(who.hotline, 'POST', `/api/v1/complaints/${complaintId}/reopen`, { reason: '对调解结果不满意' })
    expect([unnamed.status, (unnamed.body.errors as { path: string }[]).map((e) => e.path)]).toEqual([400, ['unit']])
    const reopened = await post(who.hotline, `/api/v1/complaints/${complaintId}/reopen`, { reason: '对调解结果不满意', unit: { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID } })
    expect(reopened).toMatchObject({ status: 'dispatched', lead: { id: 'grid-001' }, round: 1, reopenings: 1 })
  })
})

// GRIDCASE_ENTRUSTMENT_RECEIPT sets the shipped server's receipt clock: 5 working days from Wed 04-01 are 04-02, 04-03,
// then past 清明 (04-04..06) 04-07, 04-08, 04-09 → Thu 04-09 24:00 (the default 3 working days give Tue 04-07).
describe('诉前委派: the receipt clock is the server’s GRIDCASE_ENTRUSTMENT_RECEIPT', () => {
  it('given 5wd, a clerk’s entrustment of Wed 04-01 has its receiptDeadline on Thu 04-09', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-entrust-receipt-'))
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, GRIDCASE_JWT_SECRET: SECRET, SQLITE_SYNCHRONOUS: 'normal', GRIDCASE_ENTRUSTMENT_RECEIPT: '5wd' })
    if (config._tag === 'Left') throw new Error(config.left.message)
    const server = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }), clock: manualClock('2026-04-01T02:00:00Z') })
    try {
      const res = await fetch(`${server.url}/api/v1/disputes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, who.court)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          id: crypto.randomUUID(), source: 'court-entrusted', category: 'property', jurisdiction: GRID, summary: '物业费纠纷，法院诉前委派',
          court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民诉前调89号', parties: [{ side: 'applicant', name: '某物业公司' }, { side: 'respondent', name: '赵敏' }],
        }),
      })
      const created = (await res.json()) as Record<string, unknown>
      expect(res.status, JSON.stringify(created)).toBe(201)
      expect(created['receiptDeadline']).toBe('2026-04-09T23:59:59+08:00')
    } finally {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

// 诉前委派 in simulated time. A clerk's entrustment has no mediation deadline until the centre receives it (法释〔2016〕14号
// art. 27); until then its receipt clock (DisputePolicy.entrustmentReceipt, default 3 working days: practice, not
// statute) keeps it on GET /api/v1/disputes?overdue=true and the dashboard's overdue list (kind `receipt`). Entrusted Wed
// 2026-04-01 10:00 China time: working days 04-02, 04-03, then past 清明 (04-04..06) Tue 04-07 → 04-07 24:00. A
// centre-recorded entrustment (a street officer) has its 30 days from its record, 04-01: day 30 is Fri 05-01, in 劳动节
// (05-01..05-05) → Wed 05-06 — on the list (still `reported`) from 05-07 00:00, as on core's overdue list.
describe('诉前委派 deadlines over HTTP (simulated time)', () => {
  const COURT = '赛罕区人民法院'
  const { clock, at, post } = simulatedServer('gridcase-entrust-deadline-', '2026-04-01T02:00:00Z')
  const overdueIds = async () => ((await at(who.street, 'GET', '/api/v1/disputes?overdue=true&limit=100')).body.items as { id: string }[]).map((i) => i.id)
  const late = async (id: string) =>
    ((await at(who.hotline, 'GET', '/api/v1/dashboard?jurisdiction=hohhot')).body as { overdue: { items: { caseId: string; deadlineKind: string }[] } }).overdue.items
      .filter((i) => i.caseId === id)
      .map((i) => i.deadlineKind)
  const body = {
    source: 'court-entrusted', category: 'property', jurisdiction: GRID, summary: '物业费纠纷，法院诉前委派', court: COURT,
    parties: [{ side: 'applicant', name: '某物业公司' }, { side: 'respondent', name: '赵敏', phone: '13700002222' }],
  }

  it('a clerk’s unreceived entrustment is overdue from the day after its receipt deadline; receivedOn dates the 30 days; a recorded one is listed overdue while reported', async () => {
    const clerks = await post(who.court, '/api/v1/disputes', { ...body, id: crypto.randomUUID(), courtCaseNumber: '(2026)蒙0105民诉前调88号' })
    expect(clerks).toMatchObject({ status: 'reported', receiptDeadline: '2026-04-07T23:59:59+08:00' })
    expect(clerks.mediationDeadline).toBeUndefined()
    const recorded = await post(who.street, '/api/v1/disputes', { ...body, id: crypto.randomUUID() })
    expect(recorded).toMatchObject({ status: 'reported', mediationDeadline: '2026-05-06T23:59:59+08:00' })
    const clerksId = clerks.id as string
    const recordedId = recorded.id as string

    // The day before the receipt deadline and its last second: not overdue. The day after: overdue, kind receipt.
    clock.set('2026-04-06T12:00:00+08:00')
    expect(await overdueIds()).not.toContain(clerksId)
    clock.set('2026-04-07T23:59:59+08:00')
    expect(await overdueIds()).not.toContain(clerksId)
    expect(await late(clerksId)).toEqual([])
    clock.set('2026-04-08T00:00:00+08:00')
    expect(await overdueIds()).toContain(clerksId)
    expect(await late(clerksId)).toEqual(['receipt'])

    // receivedOn is checked (400 naming it): not after the acceptance, a date.
    clock.set('2026-04-08T10:00:00+08:00')
    for (const receivedOn of ['2026-04-09', '2026-4-2', '2026-02-30', '2026-03-31']) {
      const bad = await at(who.street, 'POST', `/api/v1/disputes/${clerksId}/accept`, { receivedOn })
      expect([bad.status, (bad.body.errors as { path: string }[]).map((e) => e.path)]).toEqual([400, ['receivedOn']])
    }
    // Signed for Thu 04-02: day 30 is Sat 05-02, in 劳动节 → Wed 05-06. Accepted, it leaves the list (its 30 days run).
    const accepted = await post(who.street, `/api/v1/disputes/${clerksId}/accept`, { receivedOn: '2026-04-02' })
    expect(accepted).toMatchObject({ status: 'accepted', mediationDeadline: '2026-05-06T23:59:59+08:00' })
    expect(accepted.receiptDeadline).toBeUndefined()
    expect(await overdueIds()).not.toContain(clerksId)
    // The dashboard folds behind the request that wrote the event.
    await eventually(async () => ({ status: 200, body: { kinds: await late(clerksId) } }), (r) => (r.body.kinds as string[]).length === 0)

    // The centre-recorded one, still reported: its 30 days (to 05-06) count on the list as on the dashboard.
    clock.set('2026-05-06T23:59:59+08:00')
    expect(await overdueIds()).not.toContain(recordedId)
    clock.set('2026-05-07T00:00:00+08:00')
    expect(await overdueIds()).toEqual(expect.arrayContaining([recordedId, clerksId]))
    expect(await late(recordedId)).toEqual(['mediation'])
  })
})

// 委托调解 in simulated time: a court's entrustment in a case it has filed (`stage: filed`, under its 民初 number) has 15
// days, not 30 (法释〔2016〕14号, the article on the periods — see core policy.ts ENTRUSTED_IN_FILED_CASE_DAYS), from the
// centre's receipt. Entrusted Tue 2026-09-15, accepted Wed 09-16 10:00 China time: day 15 is Thu 10-01, in 国庆
// (10-01..10-07) → the first working day after it, Thu 10-08, 24:00. On the case view with how it was counted; due soon
// (临期) on the dashboard its last second; on GET /api/v1/disputes?overdue=true and the dashboard's overdue list (kind
// `mediation`) from Fri 10-09 00:00.
describe('委托调解 deadlines over HTTP (simulated time)', () => {
  const { clock, at, post } = simulatedServer('gridcase-entrust-filed-', '2026-09-15T02:00:00Z')
  const overdueIds = async () => ((await at(who.street, 'GET', '/api/v1/disputes?overdue=true&limit=100')).body.items as { id: string }[]).map((i) => i.id)
  const dashboard = async () =>
    (await at(who.hotline, 'GET', '/api/v1/dashboard?jurisdiction=hohhot')).body as { overdue: { items: { caseId: string; deadlineKind: string; deadline: string }[]; dueSoon: { items: { caseId: string; deadlineKind: string; deadline: string }[] } } }

  it('a clerk’s entrustment in a filed case: 15 days from the acceptance, on the view and the overdue lists', async () => {
    const entrusted = await post(who.court, '/api/v1/disputes', {
      id: crypto.randomUUID(), source: 'court-entrusted', stage: 'filed', court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民初45号',
      category: 'property', jurisdiction: GRID, summary: '物业费纠纷，法院委托调解',
      parties: [{ side: 'applicant', name: '某物业公司' }, { side: 'respondent', name: '赵敏', phone: '13700002222' }],
    })
    expect([entrusted.stage, entrusted.mediationDeadline]).toEqual(['filed', undefined])
    const id = entrusted.id as string
    clock.set('2026-09-16T10:00:00+08:00')
    await post(who.street, `/api/v1/disputes/${id}/accept`)
    const view = (await at(who.street, 'GET', `/api/v1/disputes/${id}`)).body
    expect(view).toMatchObject({ status: 'accepted', stage: 'filed', mediationDeadline: '2026-10-08T23:59:59+08:00', counted: { mediation: [{ days: 15, unit: 'statutory-days' }] } })

    // The dashboard gives its instants in UTC: 10-08 24:00 China time is 15:59:59 UTC.
    const mine = (items: readonly { caseId: string; deadlineKind: string; deadline: string }[]) => items.filter((i) => i.caseId === id).map((i) => [i.deadlineKind, new Date(i.deadline).toISOString()])
    clock.set('2026-10-07T12:00:00+08:00')
    expect(await overdueIds()).not.toContain(id)
    clock.set('2026-10-08T23:59:59+08:00')
    expect(await overdueIds()).not.toContain(id)
    await eventually(async () => ({ status: 200, body: { soon: mine((await dashboard()).overdue.dueSoon.items) } }), (r) => (r.body.soon as unknown[]).length > 0)
    expect(mine((await dashboard()).overdue.dueSoon.items)).toEqual([['mediation', '2026-10-08T15:59:59.000Z']])
    clock.set('2026-10-09T00:00:00+08:00')
    expect(await overdueIds()).toContain(id)
    expect(mine((await dashboard()).overdue.items)).toEqual([['mediation', '2026-10-08T15:59:59.000Z']])
  })

  // 简易程序 (`procedure: simplified`, core policy.ts SIMPLIFIED_ENTRUSTED_DAYS): 7 days. Entrusted and accepted Fri
  // 10-09 10:00 China time: day 7 is Fri 10-16, a working day. `procedure` before filing is 400 naming it, nothing written.
  it('a filed case under 简易程序: 7 days from the acceptance, the procedure on the view; refused before filing', async () => {
    clock.set('2026-10-09T10:00:00+08:00')
    const filing = (over: Record<string, unknown>) => ({
      id: crypto.randomUUID(), source: 'court-entrusted', court: '赛罕区人民法院', category: 'property', jurisdiction: GRID, summary: '物业费纠纷，法院委托调解',
      parties: [{ side: 'applicant', name: '某物业公司' }, { side: 'respondent', name: '赵敏', phone: '13700002222' }], ...over,
    })
    const refused = await at(who.court, 'POST', '/api/v1/disputes', filing({ courtCaseNumber: '(2026)蒙0105民诉前调90号', procedure: 'simplified' }))
    expect([refused.status, (refused.body.errors as { path: string }[]).map((e) => e.path)]).toEqual([400, ['procedure']])
    const entrusted = await post(who.court, '/api/v1/disputes', filing({ stage: 'filed', courtCaseNumber: '(2026)蒙0105民初46号', procedure: 'simplified' }))
    const id = entrusted.id as string
    await post(who.street, `/api/v1/disputes/${id}/accept`)
    const view = (await at(who.street, 'GET', `/api/v1/disputes/${id}`)).body
    expect(view).toMatchObject({ status: 'accepted', stage: 'filed', procedure: 'simplified', mediationDeadline: '2026-10-16T23:59:59+08:00', counted: { mediation: [{ days: 7, unit: 'statutory-days' }] } })
  })
})

// 诉前委派 across 元旦 2027, through the shipped server (its SQLite case list and dashboard). Two clerk's entrustments of
// Wed 2026-12-30 10:00 China time, counted with no 2027 notice (1-01 off, weekends off): 12-31, 1-04, 1-05 → receipt
// deadline Tue 2027-01-05. One is accepted Thu 12-31 10:00 (30 days: Sat 1-30 → Mon 2-01). At 12:00 the admin loads a
// 2027 schedule (test data) that makes Mon 1-04 a day off too: 12-31, 1-05, 1-06 → Wed 1-06 for the one still
// awaiting receipt; the accepted one has no receipt clock left, and its 30 days do not move (1-30 stays a rest day):
// counted provisionally, they are recorded as confirmed (previous = deadline), and the case view's stamp names the
// loaded version, no longer provisional.
describe('诉前委派: POST /api/v1/calendar re-bases the receipt deadline of an entrustment awaiting receipt', () => {
  const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
  const { clock, at, post } = simulatedServer('gridcase-entrust-rebase-', '2026-12-30T02:00:00Z')
  const overdueIds = async () => ((await at(who.street, 'GET', '/api/v1/disputes?overdue=true&limit=100')).body.items as { id: string }[]).map((i) => i.id)
  const late = async (id: string) =>
    ((await at(who.hotline, 'GET', '/api/v1/dashboard?jurisdiction=hohhot')).body as { overdue: { items: { caseId: string; deadlineKind: string; deadline: string }[] } }).overdue.items
      .filter((i) => i.caseId === id)
      .map((i) => [i.deadlineKind, i.deadline])
  const rebases = async (id: string) =>
    ((await at(admin, 'GET', `/api/v1/disputes/${id}/history`)).body.events as { type: string; data: unknown }[]).filter((e) => e.type === 'DisputeDeadlinesRebased').map((e) => e.data)
  const body = {
    source: 'court-entrusted', category: 'property', jurisdiction: GRID, summary: '物业费纠纷，法院诉前委派', court: '赛罕区人民法院',
    parties: [{ side: 'applicant', name: '某物业公司' }, { side: 'respondent', name: '赵敏', phone: '13700002222' }],
  }

  it('moves it from 1-05 to 1-06 on the case awaiting receipt, not on the accepted one; the lists follow', async () => {
    const waiting = await post(who.court, '/api/v1/disputes', { ...body, id: crypto.randomUUID(), courtCaseNumber: '(2026)蒙0105民诉前调90号' })
    const answered = await post(who.court, '/api/v1/disputes', { ...body, id: crypto.randomUUID(), courtCaseNumber: '(2026)蒙0105民诉前调91号' })
    expect([waiting.receiptDeadline, answered.receiptDeadline]).toEqual(['2027-01-05T23:59:59+08:00', '2027-01-05T23:59:59+08:00'])
    const waitingId = waiting.id as string
    const answeredId = answered.id as string
    clock.set('2026-12-31T10:00:00+08:00')
    expect(await post(who.street, `/api/v1/disputes/${answeredId}/accept`)).toMatchObject({ status: 'accepted', mediationDeadline: '2027-02-01T23:59:59+08:00' })

    clock.set('2026-12-31T12:00:00+08:00')
    const loaded = await post(admin, '/api/v1/calendar', schedule2027LongNewYear())
    expect(loaded.rebase).toEqual({ cases: 2, rebased: 2, failed: 0 })

    const now = (await at(who.street, 'GET', `/api/v1/disputes/${waitingId}`)).body
    expect(now).toMatchObject({ status: 'reported', receiptDeadline: '2027-01-06T23:59:59+08:00' })
    expect(await rebases(waitingId)).toEqual([
      expect.objectContaining({ changes: [expect.objectContaining({ kind: 'receipt', previous: '2027-01-05T23:59:59+08:00', deadline: '2027-01-06T23:59:59+08:00' })] }),
    ])
    const accepted = (await at(who.street, 'GET', `/api/v1/disputes/${answeredId}`)).body
    expect(accepted).toMatchObject({ status: 'accepted', mediationDeadline: '2027-02-01T23:59:59+08:00' })
    expect(accepted.receiptDeadline).toBeUndefined()
    expect(await rebases(answeredId)).toEqual([
      expect.objectContaining({ changes: [expect.objectContaining({ kind: 'mediation', previous: '2027-02-01T23:59:59+08:00', deadline: '2027-02-01T23:59:59+08:00' })] }),
    ])
    const stamp = (view: Record<string, unknown>) => (view.counted as { mediation?: { version: string; provisional?: boolean }[] } | undefined)?.mediation?.map((s) => [s.version, s.provisional])
    expect(stamp(accepted)).toEqual([[expect.stringMatching(/^chinese-days@1\.5\.7\+2027:/), undefined]])

    // Wed 1-06 at noon: the old date has passed, the new one has not — on no list (the dashboard folds behind the request).
    clock.set('2027-01-06T12:00:00+08:00')
    expect(await overdueIds()).not.toContain(waitingId)
    await eventually(async () => ({ status: 200, body: { items: await late(waitingId) } }), (r) => (r.body.items as unknown[]).length === 0)
    // Thu 1-07 00:00: overdue, by the new date.
    clock.set('2027-01-07T00:00:00+08:00')
    expect(await overdueIds()).toContain(waitingId)
    expect(await overdueIds()).not.toContain(answeredId)
    expect(await late(waitingId)).toEqual([['receipt', '2027-01-06T15:59:59.000Z']])
  }, 60_000)
})
