// A least-privilege hunt on the real server (SQLite files in a temp dir, a real port, its processes and webhook
// dispatcher as `npm start` runs them): what a reader may not see of a case must not reach it by another route. Each
// test is one finding: a masked output that carried a person's name or number in full, or an out-of-scope case that
// answered otherwise than a missing one.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../helpers/until.js'

const SECRET = 'least-privilege-probe-secret-least-privilege'
const STREET = 'hohhot/saihan/wulanchabu-east-road'
const GRID = `${STREET}/community-a/grid-001`
const who = {
  admin: { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' },
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  supervisor: { id: 'sup-1', role: 'supervisor', jurisdiction: STREET },
  auditor: { id: 'aud-1', role: 'auditor', jurisdiction: 'hohhot' },
  mediator: { id: 'pm-a', role: 'mediator', jurisdiction: STREET, track: 'people' },
  /** Residents who are the parties of a dispute: each reads its own data in full and the other's masked. */
  wang: { id: 'r-wang', role: 'resident', jurisdiction: GRID },
  li: { id: 'r-li', role: 'resident', jurisdiction: GRID },
} satisfies Record<string, Actor>
const gridUnit = { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID }
/** The respondent a complaint's referral names: in full only on the case, for the roles that handle it. */
const RESPONDENT = { name: '赵六', phone: '13611112222' }

let dataDir: string
let server: RunningServer
let receiver: Server
/** Every delivery's body, by the path of the subscription's URL (`/masked`, `/full`). */
const delivered: { path: string; body: { type: string; data: { caseId: string; personalData: string; data: Record<string, unknown> } } }[] = []

const call = async (actor: Actor, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, text: await res.text() }
}
const ok = async (actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const r = await call(actor, 'POST', path, body)
  expect(r.status, `${path}: ${r.text}`).toBeLessThan(300)
  return JSON.parse(r.text) as Record<string, unknown>
}
/** The whole event log as `actor` pages through it. */
const eventLog = async (actor: Actor): Promise<{ streamId: string; type: string; data?: Record<string, unknown> }[]> => {
  const events: { streamId: string; type: string; data?: Record<string, unknown> }[] = []
  for (let from = 0, more = true; more; ) {
    const r = await call(actor, 'GET', `/api/v1/events?from=${from}&limit=100`)
    expect(r.status).toBe(200)
    const page = JSON.parse(r.text) as { events: typeof events; next: number; more: boolean }
    events.push(...page.events)
    ;({ next: from, more } = page)
  }
  return events
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let text = ''
    req.on('data', (chunk: Buffer) => (text += chunk.toString()))
    req.on('end', () => {
      delivered.push({ path: req.url ?? '', body: JSON.parse(text) as (typeof delivered)[number]['body'] })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const port = (receiver.address() as { port: number }).port
  dataDir = mkdtempSync(join(tmpdir(), 'gridcase-least-privilege-'))
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, SQLITE_SYNCHRONOUS: 'normal', GRIDCASE_WEBHOOK_ALLOW: '127.0.0.1', GRIDCASE_WEBHOOK_POLL_MS: '20' })
  if (config._tag === 'Left') throw new Error(config.left.message)
  server = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }) })
  await ok(who.admin, '/api/v1/webhooks', { url: `http://127.0.0.1:${port}/masked`, eventTypes: ['*'] })
}, 60_000)
afterAll(async () => {
  await server?.close()
  receiver?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** A complaint handled by grid 001 and referred to mediation, naming `RESPONDENT` in the referral's summary. */
const referred = async (): Promise<string> => {
  const id = (await ok(who.hotline, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'property', title: '楼上漏水', description: '楼上漏水，协商不成', jurisdiction: GRID,
    complainant: { name: '王芳', phone: '13800138000' },
  })).id as string
  await ok(who.hotline, `/api/v1/complaints/${id}/accept`)
  await ok(who.hotline, `/api/v1/complaints/${id}/dispatch`, { unit: gridUnit })
  await ok(who.grid, `/api/v1/complaints/${id}/acknowledge`)
  await ok(who.grid, `/api/v1/complaints/${id}/refer-to-mediation`, { disputeCategory: 'neighbour', respondents: [RESPONDENT], summary: '王芳与赵六因漏水纠纷，转人民调解' })
  return id
}

describe('least privilege: masked outputs beyond the case view', () => {
  it("a masked webhook delivery of a complaint's referral masks the respondent it names in its free text, as the event log does", async () => {
    const id = await referred()
    await until(() => delivered.some((d) => d.body.type === 'ComplaintReferredToMediation' && d.body.data.caseId === id), { everyMs: 50 })
    const delivery = delivered.find((d) => d.body.type === 'ComplaintReferredToMediation' && d.body.data.caseId === id)
    expect(delivery?.body.data.personalData).toBe('masked')
    const data = delivery?.body.data.data as { respondents: unknown; summary: string }
    expect(data.respondents).toEqual([{ name: '赵*', phone: '136****2222' }])
    // The event log (masked for every reader) shows the same event's summary with the respondent masked.
    const logged = (await eventLog(who.auditor)).find((e) => e.streamId === `complaint-${id}` && e.type === 'ComplaintReferredToMediation')
    expect(logged?.data?.['summary']).toBe('王*与赵*因漏水纠纷，转人民调解')
    expect(data.summary).toBe('王*与赵*因漏水纠纷，转人民调解')
  })
})

describe('least privilege: what a refusal tells', () => {
  it("a party's application refused for want of the other party's consent names that party masked, as its view of the case does", async () => {
    const id = (await ok(who.wang, '/api/v1/disputes', {
      source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '楼上漏水',
      parties: [{ side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang' }, { side: 'respondent', name: '李强', phone: '13900139000', residentId: 'r-li' }],
    })).id as string
    const d = (command: string) => `/api/v1/disputes/${id}/${command}`
    await ok(who.street, d('accept'))
    await ok(who.street, d('assign-mediator'), { track: 'people', mediator: { id: 'pm-a', jurisdiction: STREET } })
    await ok(who.mediator, d('record-session'), { minutes: '双方陈述' })
    await ok(who.mediator, d('record-agreement'), { form: 'oral', terms: ['赔偿维修费2000元'], reachedOn: localDate(new Date().toISOString()) })
    // 王芳 reads the other party as 李*: the refusal of its application names 李强 no more fully than that.
    const view = (await call(who.wang, 'GET', `/api/v1/disputes/${id}`)).text
    expect(view).toContain('"name":"李*"')
    expect(view).not.toContain('李强')
    const refused = await call(who.wang, 'POST', d('apply-confirmation'), { court: '赛罕区人民法院' })
    expect(refused.status).toBe(409)
    expect(JSON.parse(refused.text).detail).toBe('ApplyForConfirmation is not allowed in state agreement-reached: the parties apply together; no consent yet from 李*')
    // The mediator, who reads the case in full, is told the name in full.
    const staff = await call(who.mediator, 'POST', d('apply-confirmation'), { court: '赛罕区人民法院', party: '王芳' })
    expect(JSON.parse(staff.text).detail).toContain('no consent yet from 李强')
  })
})

describe("least privilege: a 举报's reporter", () => {
  it('is not made a party of a mediation: a 举报 is not referred (the dispute would name who reported in full to its mediators and officers)', async () => {
    const id = (await ok(who.hotline, '/api/v1/complaints', {
      channel: 'hotline-12345', kind: 'report', category: 'property', title: '违建举报', description: '邻居私搭乱建', jurisdiction: GRID,
      complainant: { name: '钱举报', phone: '13700001111', residentId: 'r-qian' },
    })).id as string
    await ok(who.hotline, `/api/v1/complaints/${id}/accept`)
    await ok(who.hotline, `/api/v1/complaints/${id}/dispatch`, { unit: gridUnit })
    await ok(who.grid, `/api/v1/complaints/${id}/acknowledge`)
    // The grid handling it reads who reported masked; a referral would copy the reporter into a dispute as its applicant.
    const referral = await call(who.grid, 'POST', `/api/v1/complaints/${id}/refer-to-mediation`, { disputeCategory: 'neighbour', respondents: [RESPONDENT], summary: '违建引发邻里纠纷' })
    expect(referral.status, referral.text).toBe(409)
    expect(JSON.parse(referral.text)).toMatchObject({ type: 'urn:gridcase:problem:invalid-transition', state: 'acknowledged' })
    // Nothing written: the case is where it was, and no dispute (nor any list, nor the event log) names who reported.
    const view = JSON.parse((await call(who.hotline, 'GET', `/api/v1/complaints/${id}`)).text) as { status: string; version: number; disputeId?: string }
    expect([view.status, view.version, view.disputeId]).toEqual(['acknowledged', 3, undefined])
    const disputes = (await call(who.street, 'GET', '/api/v1/disputes?limit=100')).text
    expect(disputes).not.toContain('钱')
    expect(JSON.stringify(await eventLog(who.street))).not.toMatch(/钱举报|13700001111/)
  })
})

describe('least privilege: a mediation session attended by someone who is not a party', () => {
  it("masks the attendee's name in the minutes and every later free text, as its attendees field does, for every masked reader", async () => {
    const id = (await ok(who.wang, '/api/v1/disputes', {
      source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '楼上漏水',
      parties: [{ side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang' }, { side: 'respondent', name: '李强', phone: '13900139000' }],
    })).id as string
    const d = (command: string) => `/api/v1/disputes/${id}/${command}`
    await ok(who.street, d('accept'))
    await ok(who.street, d('assign-mediator'), { track: 'people', mediator: { id: 'pm-a', jurisdiction: STREET } })
    // 李强's son speaks for him: named in the session's attendees (masked there for every masked reader) and its minutes.
    await ok(who.mediator, d('record-session'), { minutes: '李强之子李小龙代为陈述', attendees: ['王芳', '李强', '李小龙'] })
    await ok(who.mediator, d('record-session'), { minutes: '李小龙再次到场' })
    await ok(who.mediator, d('record-agreement'), { form: 'oral', terms: ['李小龙代李强赔偿维修费2000元'], reachedOn: localDate(new Date().toISOString()) })
    const masked = [
      JSON.stringify((await eventLog(who.auditor)).filter((e) => e.streamId === `dispute-${id}`)),
      (await call(who.auditor, 'GET', `/api/v1/disputes/${id}/history`)).text,
      (await call(who.supervisor, 'GET', `/api/v1/disputes/${id}`)).text,
      (await call(who.street, 'GET', '/api/v1/disputes?limit=100')).text,
      // The other party reads it masked too.
      (await call(who.wang, 'GET', `/api/v1/disputes/${id}/history`)).text,
      (await call(who.wang, 'GET', `/api/v1/disputes/${id}`)).text,
    ]
    for (const text of masked) expect(text).not.toContain('李小龙')
    expect(masked[0]).toContain('李*之子李**代为陈述')
    expect(masked[2]).toContain('李**代李*赔偿维修费2000元')
    // The handling roles read it in full on the case.
    expect((await call(who.street, 'GET', `/api/v1/disputes/${id}/history`)).text).toContain('李强之子李小龙代为陈述')
  })
})

describe("least privilege: a referred dispute's conclusion taken back onto the complaint", () => {
  it('names a session attendee who is not a party no more fully on the complaint than the dispute does: masked for every reader of the complaint', async () => {
    const id = await referred()
    const disputeId = (JSON.parse((await call(who.grid, 'GET', `/api/v1/complaints/${id}`)).text) as { disputeId: string }).disputeId
    await until(async () => (await call(who.street, 'GET', `/api/v1/disputes/${disputeId}`)).status === 200, { everyMs: 50 })
    const d = (command: string) => `/api/v1/disputes/${disputeId}/${command}`
    await ok(who.street, d('accept'))
    await ok(who.street, d('assign-mediator'), { track: 'people', mediator: { id: 'pm-a', jurisdiction: STREET } })
    // 赵六's son speaks for him: an attendee, not a party of the dispute, and never named on the complaint.
    await ok(who.mediator, d('record-session'), { minutes: '赵六之子赵小刚代为陈述', attendees: ['王芳', '赵六', '赵小刚'] })
    await ok(who.mediator, d('record-failure'), { reason: '分歧较大' })
    await ok(who.street, d('refer-to-litigation'), { reason: '赵小刚代赵六坚持起诉' })
    await until(async () => (JSON.parse((await call(who.grid, 'GET', `/api/v1/complaints/${id}`)).text) as { status: string }).status !== 'referred-to-mediation', { everyMs: 50 })
    const complaint = [
      JSON.stringify((await eventLog(who.auditor)).filter((e) => e.streamId === `complaint-${id}`)),
      (await call(who.auditor, 'GET', `/api/v1/complaints/${id}/history`)).text,
      (await call(who.supervisor, 'GET', `/api/v1/complaints/${id}`)).text,
      (await call(who.street, 'GET', '/api/v1/complaints?limit=100')).text,
      // The handling grid reads the complaint in full: its complainant and respondent, not the dispute's other people.
      (await call(who.grid, 'GET', `/api/v1/complaints/${id}/history`)).text,
      (await call(who.grid, 'GET', `/api/v1/complaints/${id}`)).text,
    ]
    for (const text of complaint) expect(text).not.toContain('赵小刚')
    expect(complaint[4]).toContain('mediation concluded: litigation (赵**代赵六坚持起诉)')
    expect(complaint[0]).toContain('mediation concluded: litigation (赵**代赵*坚持起诉)')
    // The dispute's handlers still read the reason in full on the dispute.
    expect((await call(who.street, 'GET', `/api/v1/disputes/${disputeId}/history`)).text).toContain('赵小刚代赵六坚持起诉')
  })
})

describe("least privilege: a party's address written without its city or district", () => {
  it('is masked in the minutes for every masked reader — the event log, the history, the masked webhook delivery — and the party itself reads its own in full', async () => {
    const id = (await ok(who.wang, '/api/v1/disputes', {
      source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '楼道堆物',
      parties: [
        { side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang', address: '呼和浩特市赛罕区新华小区3号楼2单元101' },
        { side: 'respondent', name: '李强', phone: '13900139000', residentId: 'r-li', address: '呼和浩特市赛罕区新华小区3号楼2单元201' },
      ],
    })).id as string
    const d = (command: string) => `/api/v1/disputes/${id}/${command}`
    await ok(who.street, d('accept'))
    await ok(who.street, d('assign-mediator'), { track: 'people', mediator: { id: 'pm-a', jurisdiction: STREET } })
    // The mediator writes where each lives as people say it: the estate, the building, the flat — no city, no district.
    await ok(who.mediator, d('record-session'), { minutes: '李强住新华小区3号楼2单元201，王芳住新华小区3号楼2单元101，同意清理楼道' })
    const minutesOf = (text: string): string => {
      const found = /"minutes":"([^"]*)"/.exec(text)
      expect(found, text).not.toBeNull()
      return (found as RegExpExecArray)[1] as string
    }
    const log = (await eventLog(who.auditor)).filter((e) => e.streamId === `dispute-${id}` && e.type === 'MediationSessionHeld')
    await until(async () => delivered.some((x) => x.body.data.caseId === id && x.body.type === 'MediationSessionHeld'))
    const masked = [
      JSON.stringify(log),
      (await call(who.auditor, 'GET', `/api/v1/disputes/${id}/history`)).text,
      (await call(who.supervisor, 'GET', `/api/v1/disputes/${id}/history`)).text,
      JSON.stringify(delivered.find((x) => x.body.data.caseId === id && x.body.type === 'MediationSessionHeld')?.body),
    ]
    for (const text of masked) expect(minutesOf(text)).toBe('李*住新************，王*住新************，同意清理楼道')
    // Each party: its own address in full, the other's masked.
    expect(minutesOf((await call(who.wang, 'GET', `/api/v1/disputes/${id}/history`)).text)).toBe('李*住新************，王芳住新华小区3号楼2单元101，同意清理楼道')
    expect(minutesOf((await call(who.li, 'GET', `/api/v1/disputes/${id}/history`)).text)).toBe('李强住新华小区3号楼2单元201，王*住新************，同意清理楼道')
    // The handling roles read it as written.
    expect(minutesOf((await call(who.street, 'GET', `/api/v1/disputes/${id}/history`)).text)).toBe('李强住新华小区3号楼2单元201，王芳住新华小区3号楼2单元101，同意清理楼道')
  })
})
