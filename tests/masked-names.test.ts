// DOMAIN.md "Jurisdiction and actors": personal data is masked in lists, dashboards, exports and the live feed — the
// names of a case's people written in free text (an agreement's terms, a session's minutes, a note, a reason) too, on
// every masked output, not only the event log (tests/http/events-names.test.ts): the audit CLI's `export --mask` and
// `history --mask` (with the state it prints), and the `reason` every masked history line carries.
import { PassThrough } from 'node:stream'
import type { EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { exportLog, runCli } from '@gridcase/adapters'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, STREET, type TestServer } from './http/helpers/server.js'
import { GRID, NAMES, parties, who } from './http/helpers/namedPeople.js'

/** What the free text reads once masked. */
const MASKED_TEXT = ['李*于三日内赔偿王*维修费2000元', '王*与李*到场陈述', '请尽快电话联系李*', '王*要求更换调解员', '李*已在另一工单反映']

let s: TestServer
let dispute = ''
let complaint = ''
let referred = ''
const gridWorker: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID }
/** The referred complaint's people: its complainant, and the respondent only its referral names. */
const REFERRAL_NAMES = ['张三丰', '钱七七']
/** The log's first event after both cases were opened: an export from there never sees the events naming their people. */
let afterOpenings = 0

const ok = async (actor: Actor, path: string, body: unknown, status = 200): Promise<string> => {
  const res = await s.call(actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status)
  return ((await res.json()) as { id: string }).id
}

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  dispute = await ok(who.wang, '/api/v1/disputes', { source: 'party-application', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水，邻里纠纷' }, 201)
  complaint = await ok(who.operator, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '3号楼2单元暖气一周不热。',
    jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' },
  }, 201)
  const again = await ok(who.operator, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '同一问题再次来电。',
    jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' },
  }, 201)
  afterOpenings = ((await s.store.readAll()).at(-1)?.position ?? 0) + 1
  const d = (command: string) => `/api/v1/disputes/${dispute}/${command}`
  await ok(who.street, d('accept'), {})
  await ok(who.street, d('assign-mediator'), { track: 'people', mediator: { id: 'pm-b', jurisdiction: STREET } })
  await ok(who.street, d('reassign'), { mediator: { id: 'pm-a', jurisdiction: STREET }, reason: '王芳要求更换调解员' })
  await ok(who.mediator, d('record-session'), { minutes: '王芳与李强到场陈述' })
  await ok(who.mediator, d('record-agreement'), { form: 'oral', terms: ['李强于三日内赔偿王芳维修费2000元'], reachedOn: localDate(s.clock.now()) })
  await ok(who.supervisor, `/api/v1/complaints/${complaint}/add-note`, { note: '请尽快电话联系李四' })
  await ok(who.operator, `/api/v1/complaints/${again}/reject`, { reason: '李四已在另一工单反映' })
  // A complaint referred to mediation: its referral names a respondent only that event names (not the complaint's state).
  referred = await ok(who.operator, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '邻居钱七七私接供热管道。',
    jurisdiction: GRID, complainant: { name: '张三丰', phone: '13912340000' },
  }, 201)
  const c = (command: string) => `/api/v1/complaints/${referred}/${command}`
  await ok(who.operator, c('accept'), {})
  await ok(who.operator, c('dispatch'), { unit: { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID } })
  await ok(gridWorker, c('acknowledge'), {})
  await ok(gridWorker, c('refer-to-mediation'), { disputeId: crypto.randomUUID(), disputeCategory: 'neighbour', respondents: [{ name: '钱七七' }], summary: '张三丰与钱七七供暖纠纷' })
  await ok(who.supervisor, c('add-note'), { note: '请联系钱七七本人' })
})
afterAll(async () => {
  await s.close()
})

/** The text an export of the log writes. */
const exported = async (store: EventStore, options: Parameters<typeof exportLog>[2]): Promise<string> => {
  const out = new PassThrough()
  let text = ''
  out.on('data', (c: Buffer) => (text += c.toString()))
  await exportLog(store, out, options)
  return text
}

/** Runs the CLI in this process against the server's store, capturing its output. */
const cli = async (...argv: string[]): Promise<{ code: number; out: string }> => {
  const stdout = new PassThrough()
  const stderr = Object.assign(new PassThrough(), { isTTY: false })
  let out = ''
  stdout.on('data', (c: Buffer) => (out += c.toString()))
  stderr.resume()
  const code = await runCli(argv, { stdout, stderr, openStore: () => ({ ...s.store, close: async () => {} }), logSize: () => undefined })
  return { code, out }
}

const leaked = (text: string): string[] => NAMES.filter((name) => text.includes(name))

describe('names in free text on the audit exports', () => {
  it('export --mask (CSV and NDJSON) masks them wherever they are written, from the start of the log or not', async () => {
    for (const format of ['csv', 'ndjson'] as const) {
      const text = await exported(s.store, { format, mask: true })
      for (const masked of MASKED_TEXT) expect(text, format).toContain(masked)
      expect(leaked(text), format).toEqual([])
      // From a position after the cases were opened, and one event a page: the names are still known.
      const later = await exported(s.store, { format, mask: true, fromPosition: afterOpenings, pageSize: 1 })
      expect(later, format).toContain('李*于三日内赔偿王*维修费2000元')
      expect(leaked(later), format).toEqual([])
    }
  })

  it('an export without --mask keeps them, as recorded', async () => {
    const text = await exported(s.store, { format: 'ndjson' })
    expect(text).toContain('李强于三日内赔偿王芳维修费2000元')
    expect(leaked(text)).toEqual(NAMES)
  })
})

describe("a referral's respondents (named by that event alone) on every masked output", () => {
  it('history --mask, export --mask and the HTTP history mask them in the referral\'s free text (found in review: the CLI did not)', async () => {
    const history = await cli('audit', 'history', referred, '--json', '--mask')
    expect(history.code).toBe(0)
    expect(history.out).toContain('张**与钱**供暖纠纷')
    expect(REFERRAL_NAMES.filter((name) => history.out.includes(name))).toEqual([])
    // The registration names the respondent before the referral does: masked in it too (found in review: only the
    // events from the referral on were); and an export starting after the referral still knows the respondent.
    const referral = (await s.store.readAll()).find((e) => e.type === 'ComplaintReferredToMediation')
    for (const format of ['csv', 'ndjson'] as const) {
      const text = await exported(s.store, { format, mask: true })
      expect(text).toContain('张**与钱**供暖纠纷')
      expect(text).toContain('邻居钱**私接供热管道')
      expect(REFERRAL_NAMES.filter((name) => text.includes(name))).toEqual([])
      const after = await exported(s.store, { format, mask: true, fromPosition: (referral?.position ?? 0) + 1 })
      expect(after).toContain('请联系钱**本人')
      expect(REFERRAL_NAMES.filter((name) => after.includes(name))).toEqual([])
    }
    const http = await (await s.call(who.supervisor, 'GET', `/api/v1/complaints/${referred}/history`)).text()
    expect(REFERRAL_NAMES.filter((name) => http.includes(name))).toEqual([])
  })
})

describe('names in free text on the audit history', () => {
  it('history --mask masks them in each line, its reason and the state printed as of a version', async () => {
    const text = await cli('audit', 'history', dispute, '--mask', '--version', '4')
    expect(text.code).toBe(0)
    expect(text.out).toContain('reason: 王*要求更换调解员')
    expect(leaked(text.out)).toEqual([])
    const json = await cli('audit', 'history', dispute, '--json', '--mask', '--version', '5')
    expect(json.code).toBe(0)
    expect(json.out).toContain('李*于三日内赔偿王*维修费2000元')
    expect(json.out).toContain('王*与李*到场陈述')
    expect(leaked(json.out)).toEqual([])
    const noted = await cli('audit', 'history', complaint, '--json', '--mask', '--version', '1')
    expect(noted.out).toContain('请尽快电话联系李*')
    expect(leaked(noted.out)).toEqual([])
  })

  it('history without --mask keeps them', async () => {
    const json = await cli('audit', 'history', dispute, '--json', '--version', '5')
    expect(json.out).toContain('李强于三日内赔偿王芳维修费2000元')
    expect(json.out).toContain('王芳要求更换调解员')
  })

  it('the reason on the event log and a masked case history is masked too', async () => {
    const log = await (await s.call(who.street, 'GET', '/api/v1/events?from=0&limit=100')).text()
    expect(log).toContain('"reason":"王*要求更换调解员"')
    expect(log).toContain('"reason":"李*已在另一工单反映"')
    expect(leaked(log)).toEqual([])
    const history = await (await s.call(who.supervisor, 'GET', `/api/v1/disputes/${dispute}/history`)).text()
    expect(history).toContain('"reason":"王*要求更换调解员"')
    expect(leaked(history)).toEqual([])
    // The handling roles read the case's own history in full.
    const full = await (await s.call(who.street, 'GET', `/api/v1/disputes/${dispute}/history`)).text()
    expect(full).toContain('"reason":"王芳要求更换调解员"')
  })
})

describe('the name of who made a 举报 (report), in free text', () => {
  it('is masked on the case for the handling roles that may not know who reported, as its complainant field is', async () => {
    const report = await ok(who.operator, '/api/v1/complaints', {
      channel: 'hotline-12345', kind: 'report', category: 'heating', title: '楼道堆物', description: '李四举报楼道堆物',
      jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' },
    }, 201)
    const street = (await (await s.call(who.street, 'GET', `/api/v1/complaints/${report}`)).json()) as Record<string, unknown>
    expect(street).toMatchObject({ description: '李*举报楼道堆物', complainant: { name: '李*' } })
    // The hotline that registered it and supervisors know who reported, in full.
    const hotline = (await (await s.call(who.operator, 'GET', `/api/v1/complaints/${report}`)).json()) as Record<string, unknown>
    expect(hotline).toMatchObject({ description: '李四举报楼道堆物', complainant: { name: '李四' } })
  })
})

describe("who made a 举报 (report), on the audit CLI's masked outputs", () => {
  it('history --mask and export --mask leave out the reporter\'s account and step as the event log and webhooks do', async () => {
    // A resident reports through the app, under an account shaped like a phone number (an identity provider's subject).
    const reporter: Actor = { id: 'acct-qian-0471', role: 'resident', jurisdiction: GRID }
    const report = await ok(reporter, '/api/v1/complaints', {
      channel: 'mini-program', kind: 'report', category: 'heating', title: '私接管道', description: '邻居私接供热管道',
      jurisdiction: GRID, complainant: { name: '钱举报', phone: '13700001111' },
    }, 201)
    await ok(reporter, `/api/v1/complaints/${report}/supplement`, { text: '补充：管道在地下室' })
    const history = await cli('audit', 'history', report, '--json', '--mask', '--version', '1')
    expect(history.code).toBe(0)
    const stream = (await s.store.readAll()).filter((e) => e.streamId === `complaint-${report}`)
    const exportedLines = (await exported(s.store, { format: 'ndjson', mask: true })).split('\n').filter((l) => l.includes(`complaint-${report}`))
    const csv = (await exported(s.store, { format: 'csv', mask: true })).split('\n').filter((l) => l.includes(`complaint-${report}`))
    for (const text of [history.out, exportedLines.join('\n'), csv.join('\n')]) {
      expect(text).not.toContain('acct-qian-0471')
      expect(text).not.toContain('钱举报')
    }
    // Its steps read as `reporter`'s, in the case's jurisdiction (CSV: the actor_id, actor_role and actor_jurisdiction columns).
    const stepOfReporter = { id: 'reporter', role: 'resident', jurisdiction: GRID }
    const json = JSON.parse(history.out) as { history: { type: string; actor: unknown }[]; asOf: { state: Record<string, unknown> } }
    expect(json.history.map((h) => [h.type, h.actor])).toEqual([['ComplaintRegistered', stepOfReporter], ['ComplaintSupplemented', stepOfReporter]])
    expect(json.asOf.state).not.toHaveProperty('ownerId')
    expect(exportedLines.map((l) => (JSON.parse(l) as { metadata: { actor: unknown } }).metadata.actor)).toEqual([stepOfReporter, stepOfReporter])
    expect(csv.every((l) => l.includes(`,reporter,resident,${GRID},`))).toBe(true)
    expect(exportedLines.length).toBe(stream.length)
  })
})
