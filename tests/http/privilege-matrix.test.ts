// The role × route matrix of least privilege (DOMAIN.md "Jurisdiction and actors", HTTP.md "A case the actor may not
// read is 404 for every route … with the same body as a missing case"), over the server as `npm start` runs it
// (SQLite files, a real port, its processes, the webhook dispatcher and the signed tree). Every GET route the server
// answers is walked (read from express's router: a GET route added later and not placed in `COVERED` fails here) for
// every role — resident, grid worker, community worker, street officer, department officer, hotline operator, a
// mediator of each track, court clerk, supervisor, auditor, admin — with a case inside its scope and one outside:
//   (a) the case outside answers every route that names a case (the case, as of a version or a time, its history, a
//       file only it names, the inclusion proof of its event, a webhook delivery of it) exactly as a missing one, and
//       appears in no list, feed or figure list of that actor;
//   (b) lists, dashboards, the evaluation (JSON and its CSV export), the ranking, the trends, the event log, the live
//       feed and the (masked) webhook deliveries never hold a name, phone, id number or address in full;
//   (c) auditors, supervisors and admins read the case and its history masked (an admin administers the system, it
//       does not handle cases: 个人信息保护法 art. 6, minimum necessary), and so do the answers to an admin's commands;
//   (d) a 举报's complainant is seen in full by the hotline that registered it and supervisors only;
//   (e) a department officer reads only the cases its department handles;
//   (f) figures by role (docs/HTTP.md "Figures by role"): a department officer reads the evaluation of its own offices
//       alone, a mediator and a court clerk no figures, and no figure answer (as of a time when every deadline has
//       passed, so every case is on the overdue lists) names a case its reader cannot open; each says whose cases it covers.
// tests/http/scope-matrix.test.ts walks the commands of the same rows; this one the reads.
import { createServer, type Server } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { Actor } from '@gridcase/core/access'
import { signToken } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../helpers/until.js'
import { startRealServer, type RealServer } from './helpers/realServer.js'
import { expressRoutes } from './helpers/routes.js'

const NAME = 'privilege-matrix'
const SECRET = `${NAME}-secret-`.repeat(4)
const CITY = 'hohhot'
const DISTRICT = 'hohhot/saihan'
const STREET = `${DISTRICT}/wulanchabu-east-road`
const COMMUNITY = `${STREET}/community-a`
const GRID = `${COMMUNITY}/grid-001`
/** Another street of the same district, and another city: where the cases outside each actor's scope lie. */
const OTHER_GRID = `${DISTRICT}/other-street/other-community/grid-009`
const FAR_GRID = 'baotou/kundulun/some-street/some-community/grid-001'

const who = {
  resident: { id: 'r-wang', role: 'resident', jurisdiction: GRID },
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  community: { id: 'cw-1', role: 'community-worker', jurisdiction: COMMUNITY },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  housing: { id: 'do-housing', role: 'department-officer', jurisdiction: DISTRICT, department: 'housing' },
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: CITY },
  people: { id: 'pm-a', role: 'mediator', jurisdiction: STREET, track: 'people' },
  administrative: { id: 'am-a', role: 'mediator', jurisdiction: STREET, track: 'administrative' },
  judicial: { id: 'jm-a', role: 'mediator', jurisdiction: STREET, track: 'judicial' },
  clerk: { id: 'clerk-1', role: 'court-clerk', jurisdiction: DISTRICT },
  supervisor: { id: 'sup-1', role: 'supervisor', jurisdiction: STREET },
  auditor: { id: 'aud-1', role: 'auditor', jurisdiction: STREET },
  admin: { id: 'admin-1', role: 'admin', jurisdiction: CITY },
} satisfies Record<string, Actor>
/** Those who open the cases the rows do not name: the other street's officer, another city's hotline and admin. */
const helpers = {
  otherStreet: { id: 'so-9', role: 'street-officer', jurisdiction: `${DISTRICT}/other-street` },
  farHotline: { id: 'op-bt', role: 'hotline-operator', jurisdiction: 'baotou' },
  farAdmin: { id: 'admin-bt', role: 'admin', jurisdiction: 'baotou' },
  otherMediator: { id: 'pm-z', role: 'mediator', jurisdiction: `${DISTRICT}/other-street`, track: 'people' },
} satisfies Record<string, Actor>

/** Every piece of personal data the cases hold, in full. */
const INSIDE = ['李四', '13912345678', '11010519491231002X', '乌兰察布东路12号院3号楼', '钱举报', '13700001111', '王芳', '李强', '13800138000', '13900139000', '新华小区3号楼2单元101', '150105198801011233', '周梅', '13811112222']
const OUTSIDE = ['赵敏', '13611112222', '吴刚', '13533334444', '郑爽', '13722223333']
const PERSONAL = [...INSIDE, ...OUTSIDE]
const leaked = (text: string): string[] => PERSONAL.filter((value) => text.includes(value))

let s: RealServer
let receiver: Server
/** Each delivery's body, by the path of its subscription's url: `/city` and `/far` masked, `/full` with personal data. */
const deliveries: { path: string; body: string }[] = []
const delivered = { get masked() { return deliveries.filter((d) => d.path !== '/full').map((d) => d.body) }, get full() { return deliveries.filter((d) => d.path === '/full').map((d) => d.body) } }
const ids = { cIn: '', cWater: '', cOther: '', cFar: '', report: '', reportToHousing: '', dPeople: '', dAdministrative: '', dJudicial: '', dEntrusted: '', dOther: '', dReassigned: '' }
const files = { inside: '', water: '', other: '', far: '' }
const subscriptions = { city: '', far: '' }

const bearer = async (actor: Actor): Promise<string> => `Bearer ${await signToken({ secret: SECRET }, actor)}`
const call = async (actor: Actor, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${s.server.url}${path}`, {
    method,
    headers: { authorization: await bearer(actor), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
/** An answer as a client sees it: status, body, and the headers but the date and the request's own id. */
const answer = async (actor: Actor, path: string, headers: Record<string, string> = {}) => {
  const res = await call(actor, 'GET', path, undefined, headers)
  const kept = [...res.headers].filter(([name]) => !['date', 'x-request-id'].includes(name))
  return { status: res.status, headers: Object.fromEntries(kept), body: await res.text() }
}
const text = async (actor: Actor, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> => {
  const res = await call(actor, 'GET', path, undefined, headers)
  return { status: res.status, body: await res.text() }
}
const created = async (actor: Actor, path: string, body: unknown): Promise<string> => {
  const res = await call(actor, 'POST', path, body)
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { id: string }).id
}
const ok = async (actor: Actor, path: string, body: unknown = {}): Promise<void> => {
  const res = await call(actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
}
const upload = async (actor: Actor): Promise<string> => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(256)])
  const res = await fetch(`${s.server.url}/api/v1/attachments`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: await bearer(actor) }, body: new Uint8Array(png) })
  expect(res.status).toBe(201)
  return ((await res.json()) as { sha256: string }).sha256
}

const unit = (department: string) => ({ id: `saihan-${department}`, name: `区${department}`, level: 'district', jurisdiction: DISTRICT, department })
const complaint = (over: Record<string, unknown> = {}) => ({
  channel: 'hotline-12345',
  kind: 'complaint',
  category: 'property',
  title: '楼道堆物',
  // Free text names the complainant, its phone, its id number and its address, as a call taken down often does.
  description: '李四（身份证11010519491231002X，电话13912345678）反映乌兰察布东路12号院3号楼楼道堆满杂物，影响消防通道。',
  jurisdiction: GRID,
  address: '乌兰察布东路12号院3号楼',
  complainant: { name: '李四', phone: '13912345678', idNumber: '11010519491231002X' },
  ...over,
})
const dispute = (over: Record<string, unknown> = {}) => ({
  source: 'party-application',
  category: 'neighbour',
  jurisdiction: GRID,
  summary: '王芳（13800138000）与李强（13900139000）因楼上漏水发生纠纷',
  parties: [
    { side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang', address: '新华小区3号楼2单元101' },
    { side: 'respondent', name: '李强', phone: '13900139000', idNumber: '150105198801011233', residentId: 'r-li' },
  ],
  ...over,
})

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      deliveries.push({ path: req.url ?? '', body })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const port = (receiver.address() as { port: number }).port
  // The receiver's origin the operator lets personal data go to (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: none by default).
  s = await startRealServer(NAME, { GRIDCASE_WEBHOOK_ALLOW: '127.0.0.1', GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: `http://127.0.0.1:${port}`, GRIDCASE_WEBHOOK_POLL_MS: '20', GRIDCASE_HEAD_EVERY_EVENTS: '1', GRIDCASE_HEAD_EVERY_SECONDS: '1' })
  // The city's admin and the other city's each subscribe (masked, the default) to every event of their place.
  const subscribe = async (actor: Actor, path: string, personalData = false) => {
    const res = await call(actor, 'POST', '/api/v1/webhooks', { url: `http://127.0.0.1:${port}${path}`, eventTypes: ['*'], personalData })
    expect(res.status, await res.clone().text()).toBe(201)
    return ((await res.json()) as { id: string }).id
  }
  subscriptions.city = await subscribe(who.admin, '/city')
  subscriptions.far = await subscribe(helpers.farAdmin, '/far')
  // A sidecar on the same machine that takes personal data (HTTP.md: loopback only over plain http).
  await subscribe(who.admin, '/full', true)

  files.inside = await upload(who.hotline)
  files.water = await upload(who.hotline)
  files.other = await upload(who.hotline)
  files.far = await upload(helpers.farHotline)
  const c = (id: string, command: string) => `/api/v1/complaints/${id}/${command}`
  // Inside: led by the district's housing department.
  ids.cIn = await created(who.hotline, '/api/v1/complaints', complaint({ attachments: [{ sha256: files.inside, kind: 'photo' }] }))
  await ok(who.hotline, c(ids.cIn, 'accept'))
  await ok(who.hotline, c(ids.cIn, 'dispatch'), { unit: unit('housing') })
  // The same grid, led by the water department: not the housing officer's.
  ids.cWater = await created(who.hotline, '/api/v1/complaints', complaint({ title: '水管漏水', description: '周梅反映水管漏水', complainant: { name: '周梅', phone: '13811112222' }, attachments: [{ sha256: files.water, kind: 'photo' }] }))
  await ok(who.hotline, c(ids.cWater, 'accept'))
  await ok(who.hotline, c(ids.cWater, 'dispatch'), { unit: unit('water') })
  // A 举报 the hotline registered, handled by the community.
  ids.report = await created(who.hotline, '/api/v1/complaints', complaint({ kind: 'report', title: '违建举报', description: '钱举报举报邻居私搭乱建，联系电话13700001111', complainant: { name: '钱举报', phone: '13700001111' } }))
  await ok(who.hotline, c(ids.report, 'accept'))
  await ok(who.hotline, c(ids.report, 'dispatch'), { unit: { id: 'community-a', level: 'community', jurisdiction: COMMUNITY } })
  // A 举报 led by the housing department: a handling department, not one that may know who reported.
  ids.reportToHousing = await created(who.hotline, '/api/v1/complaints', complaint({ kind: 'report', title: '违建举报', description: '钱举报举报物业私占绿地，电话13700001111', complainant: { name: '钱举报', phone: '13700001111' } }))
  await ok(who.hotline, c(ids.reportToHousing, 'accept'))
  await ok(who.hotline, c(ids.reportToHousing, 'dispatch'), { unit: unit('housing') })
  // Another street of the district, and another city.
  ids.cOther = await created(who.hotline, '/api/v1/complaints', complaint({ jurisdiction: OTHER_GRID, address: '另一街道5号', description: '赵敏反映路灯不亮', complainant: { name: '赵敏', phone: '13611112222' }, attachments: [{ sha256: files.other, kind: 'photo' }] }))
  await ok(who.hotline, c(ids.cOther, 'accept'))
  await ok(who.hotline, c(ids.cOther, 'dispatch'), { unit: unit('housing') })
  ids.cFar = await created(helpers.farHotline, '/api/v1/complaints', complaint({ jurisdiction: FAR_GRID, address: '昆都仑区某路9号', description: '吴刚反映噪音扰民', complainant: { name: '吴刚', phone: '13533334444' }, attachments: [{ sha256: files.far, kind: 'photo' }] }))

  const d = (id: string, command: string) => `/api/v1/disputes/${id}/${command}`
  const assigned = async (track: string, mediator: Actor, over: Record<string, unknown> = {}, opener: Actor = who.resident, officer: Actor = who.street) => {
    const id = await created(opener, '/api/v1/disputes', dispute(over))
    await ok(officer, d(id, 'accept'))
    await ok(officer, d(id, 'assign-mediator'), { track, mediator: { id: mediator.id, jurisdiction: mediator.jurisdiction } })
    return id
  }
  // Opened by the street for the parties: its summary is not the resident's own words (those it reads as it wrote them).
  ids.dPeople = await assigned('people', who.people, {}, who.street)
  await ok(who.people, d(ids.dPeople, 'record-session'), { minutes: '王芳与李强到场陈述', attendees: ['王芳', '李强'] })
  ids.dAdministrative = await assigned('administrative', who.administrative)
  ids.dJudicial = await assigned('judicial', who.judicial)
  ids.dOther = await assigned('people', helpers.otherMediator, {
    jurisdiction: OTHER_GRID, summary: '郑爽与邻居纠纷',
    parties: [{ side: 'applicant', name: '郑爽', phone: '13722223333' }, { side: 'respondent', name: '某某' }],
  }, helpers.otherStreet, helpers.otherStreet)
  // Assigned to the people's mediator, then reassigned by the street to another (with a reason): no longer theirs.
  ids.dReassigned = await assigned('people', who.people, {}, who.street)
  await ok(who.street, d(ids.dReassigned, 'reassign'), { mediator: { id: 'pm-c', jurisdiction: STREET }, reason: '回避' })
  // 诉前委派: entrusted by the district court, before it.
  ids.dEntrusted = await created(who.clerk, '/api/v1/disputes', dispute({ source: 'court-entrusted', court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民诉前调7号' }))
  // Every case's events delivered to both receivers of the city.
  await until(() => delivered.masked.some((b) => b.includes(ids.dEntrusted)) && delivered.full.some((b) => b.includes(ids.dEntrusted)), { everyMs: 50 })
}, 120_000)
afterAll(async () => {
  await s?.close()
  receiver?.close()
})

type Collection = 'complaints' | 'disputes'
interface Row {
  readonly role: string
  readonly actor: Actor
  readonly inside: () => readonly [Collection, string]
  readonly outside: () => readonly [Collection, string]
  /** The file only the outside case names (its photo), when it names one. */
  readonly outsideFile?: () => string
  /** Whether this actor handles the inside case: it reads its people in full there. */
  readonly handles: boolean
}
const rows: readonly Row[] = [
  { role: 'resident (a party)', actor: who.resident, inside: () => ['disputes', ids.dPeople], outside: () => ['complaints', ids.cIn], outsideFile: () => files.inside, handles: false },
  { role: 'grid-worker', actor: who.grid, inside: () => ['complaints', ids.cIn], outside: () => ['complaints', ids.cOther], outsideFile: () => files.other, handles: true },
  { role: 'community-worker', actor: who.community, inside: () => ['complaints', ids.cIn], outside: () => ['complaints', ids.cOther], outsideFile: () => files.other, handles: true },
  { role: 'street-officer', actor: who.street, inside: () => ['complaints', ids.cIn], outside: () => ['complaints', ids.cOther], outsideFile: () => files.other, handles: true },
  { role: 'department-officer (housing)', actor: who.housing, inside: () => ['complaints', ids.cIn], outside: () => ['complaints', ids.cWater], outsideFile: () => files.water, handles: true },
  { role: 'hotline-operator', actor: who.hotline, inside: () => ['complaints', ids.cIn], outside: () => ['complaints', ids.cFar], outsideFile: () => files.far, handles: true },
  { role: 'mediator (people)', actor: who.people, inside: () => ['disputes', ids.dPeople], outside: () => ['disputes', ids.dAdministrative], handles: true },
  { role: 'mediator (administrative)', actor: who.administrative, inside: () => ['disputes', ids.dAdministrative], outside: () => ['disputes', ids.dPeople], handles: true },
  { role: 'mediator (judicial)', actor: who.judicial, inside: () => ['disputes', ids.dJudicial], outside: () => ['disputes', ids.dPeople], handles: true },
  { role: 'court-clerk', actor: who.clerk, inside: () => ['disputes', ids.dEntrusted], outside: () => ['disputes', ids.dPeople], handles: true },
  { role: 'supervisor', actor: who.supervisor, inside: () => ['complaints', ids.cIn], outside: () => ['complaints', ids.cOther], outsideFile: () => files.other, handles: false },
  { role: 'auditor', actor: who.auditor, inside: () => ['complaints', ids.cIn], outside: () => ['complaints', ids.cOther], outsideFile: () => files.other, handles: false },
  { role: 'admin', actor: who.admin, inside: () => ['complaints', ids.cIn], outside: () => ['complaints', ids.cFar], outsideFile: () => files.far, handles: false },
]
const staffRows = rows.filter((r) => r.actor.role !== 'resident')
const AUDIT_ROLES = new Set(['auditor', 'supervisor', 'admin'])

/**
 * Every GET route the server answers, and where this suite walks it. A new one fails the first test until it is placed.
 */
const COVERED: Readonly<Record<string, string>> = {
  'GET /api/v1/complaints/{id}': 'case, ?version, ?asOf',
  'GET /api/v1/complaints/{id}/history': 'history',
  'GET /api/v1/complaints': 'lists',
  'GET /api/v1/disputes/{id}': 'case, ?version, ?asOf',
  'GET /api/v1/disputes/{id}/history': 'history',
  'GET /api/v1/disputes': 'lists',
  'GET /api/v1/attachments/{sha256}': 'a file only the outside case names',
  'GET /api/v1/audit/proof': "the outside case's event",
  'GET /api/v1/audit/verify': 'figures',
  'GET /api/v1/audit/heads': 'figures',
  'GET /api/v1/events': 'event log and live feed',
  'GET /api/v1/dashboard': 'figures, and a place outside',
  'GET /api/v1/evaluation': 'figures (JSON and CSV), and a place outside',
  'GET /api/v1/ranking': 'figures, and a place outside',
  'GET /api/v1/trends': 'figures, and a place outside',
  'GET /api/v1/jurisdictions': 'figures, and a place outside',
  'GET /api/v1/committees': 'figures',
  'GET /api/v1/calendar/{year}': 'figures',
  'GET /api/v1/webhooks': 'webhooks',
  'GET /api/v1/webhooks/dead-letters': 'webhooks',
  'GET /api/v1/webhooks/{id}': 'webhooks',
  'GET /api/v1/webhooks/{id}/deliveries': 'webhooks',
  'GET /api/v1/webhooks/{id}/deliveries/{deliveryId}': 'webhooks',
  'GET /api/v1/admin/processes/refusals': 'admin only; scoped and masked in tests/http/process-refusals.test.ts',
  'GET /': 'static',
  'GET /openapi.json': 'static',
  'GET /healthz': 'static',
  // Not served here: only where METRICS_TOKEN or a metrics port says so (HTTP.md), to the operator, with no case in it.
  'GET /metrics': 'off',
  'GET /assets/dashboard.css': 'static',
  'GET /assets/dashboard.js': 'static',
  'GET /assets/uplot.css': 'static',
  'GET /assets/uplot.js': 'static',
}

describe('the matrix covers every GET route', () => {
  it('places every GET route the server answers', () => {
    const routes = expressRoutes(s.server.app).filter((r) => r.startsWith('GET ')).sort()
    expect(routes.filter((r) => COVERED[r] === undefined)).toEqual([])
  })
})

describe('no token, no answer', () => {
  it('every GET route under /api/v1 is 401 without a token, as with a token signed by another key, naming nothing', async () => {
    const routes = expressRoutes(s.server.app).filter((r) => r.startsWith('GET /api/v1/'))
    const forged = `Bearer ${await signToken({ secret: 'another-key-another-key-another-key!' }, who.admin)}`
    for (const route of routes) {
      const path = route
        .slice(4)
        .replace('{sha256}', files.inside)
        .replace('{year}', '2026')
        .replace('{deliveryId}', crypto.randomUUID())
        .replace(/\/webhooks\/\{id\}/, `/webhooks/${subscriptions.city}`)
        .replace(/\{id\}/, route.includes('/disputes/') ? ids.dPeople : ids.cIn)
      const none = await fetch(`${s.server.url}${path}`)
      const bad = await fetch(`${s.server.url}${path}`, { headers: { authorization: forged } })
      const [noneBody, badBody] = [await none.text(), await bad.text()]
      expect({ route, status: none.status, leaked: leaked(noneBody) }).toEqual({ route, status: 401, leaked: [] })
      expect({ route, status: bad.status, leaked: leaked(badBody) }).toEqual({ route, status: 401, leaked: [] })
    }
  })
})

describe('(a) a case outside the scope answers every route that names it as a missing case does', () => {
  it.each(rows)('$role', async (row) => {
    const [collection, id] = row.outside()
    const missing = crypto.randomUUID()
    const now = new Date(Date.now() + 60_000).toISOString()
    const probes = [
      (x: string) => `/api/v1/${collection}/${x}`,
      (x: string) => `/api/v1/${collection}/${x}?version=0`,
      (x: string) => `/api/v1/${collection}/${x}?version=2`,
      (x: string) => `/api/v1/${collection}/${x}?asOf=${encodeURIComponent(now)}`,
      (x: string) => `/api/v1/${collection}/${x}?asOf=2020-01-01T00:00:00Z`,
      (x: string) => `/api/v1/${collection}/${x}/history`,
    ]
    for (const probe of probes) {
      const seen = await answer(row.actor, probe(id))
      const none = await answer(row.actor, probe(missing))
      expect({ probe: probe('{id}'), ...seen, body: seen.body.replaceAll(id, missing) }).toEqual({ probe: probe('{id}'), ...none })
      expect(seen.status).toBe(404)
    }
    // The inside case is there for it: the probe tells hidden from readable.
    const [inCollection, inId] = row.inside()
    expect((await answer(row.actor, `/api/v1/${inCollection}/${inId}`)).status).toBe(200)
    expect((await answer(row.actor, `/api/v1/${inCollection}/${inId}/history`)).status).toBe(200)
  })

  it.each(rows.filter((r) => r.outsideFile !== undefined))('$role: a file only the outside case names is the 404 of a file no one uploaded', async (row) => {
    const seen = await answer(row.actor, `/api/v1/attachments/${row.outsideFile!()}`)
    const none = await answer(row.actor, `/api/v1/attachments/${randomBytes(32).toString('hex')}`)
    expect(seen).toEqual(none)
    expect(seen.status).toBe(404)
  })

  it.each(rows.filter((r) => AUDIT_ROLES.has(r.actor.role)))("$role: the inclusion proof of the outside case's event answers as a position with no event", async (row) => {
    const [collection, id] = row.outside()
    const type = collection === 'complaints' ? 'complaint' : 'dispute'
    // The outside case's first event's position, read as the admin of its place reads the log.
    const reader = id === ids.cFar ? helpers.farAdmin : who.admin
    const log = (await eventLog(reader)).body.split('\n').flatMap((page) => (JSON.parse(page) as { events: { position: number; streamId: string }[] }).events)
    const position = log.find((e) => e.streamId === `${type}-${id}`)?.position
    expect(position).toBeDefined()
    const heads = async () => (JSON.parse((await text(row.actor, '/api/v1/audit/heads')).body) as { heads: { treeSize: number }[] }).heads
    await until(async () => ((await heads()).at(-1)?.treeSize ?? 0) > position!, { everyMs: 50 })
    const head = (await heads()).at(-1)!.treeSize
    const seen = await answer(row.actor, `/api/v1/audit/proof?position=${position}&head=${head}`)
    const none = await answer(row.actor, `/api/v1/audit/proof?position=${head}&head=${head}`)
    const { 'content-length': _seen, ...seenHeaders } = seen.headers
    const { 'content-length': _none, ...noneHeaders } = none.headers
    expect({ status: seen.status, headers: seenHeaders, body: seen.body.replace(`position ${position} `, `position ${head} `) }).toEqual({ status: none.status, headers: noneHeaders, body: none.body })
    expect(seen.status).toBe(404)
  })

  it.each(staffRows)('$role: the outside case is in none of its lists, figure lists, the event log or the live feed', async (row) => {
    const [collection, id] = row.outside()
    const [inCollection, inId] = row.inside()
    const list = (await text(row.actor, `/api/v1/${collection}?limit=100`)).body
    expect(list).not.toContain(id)
    expect((await text(row.actor, `/api/v1/${inCollection}?limit=100`)).body).toContain(inId)
    const log = (await eventLog(row.actor)).body
    expect(log).not.toContain(id)
    expect(log).toContain(inId)
    const live = await liveFeed(row.actor)
    expect(live).not.toContain(id)
    expect(live).toContain(inId)
    const dashboard = (await text(row.actor, '/api/v1/dashboard')).body
    expect(dashboard).not.toContain(id)
    if (AUDIT_ROLES.has(row.actor.role)) expect((await text(row.actor, '/api/v1/audit/verify')).body).not.toContain(id)
    // Asked for by the place it lies in: an empty list, as for a place with nothing.
    const place = id === ids.cFar ? FAR_GRID : id === ids.cOther ? OTHER_GRID : GRID
    const filtered = JSON.parse((await text(row.actor, `/api/v1/${collection}?limit=100&jurisdiction=${encodeURIComponent(place)}`)).body) as { items: { id: string }[] }
    expect(filtered.items.map((i) => i.id)).not.toContain(id)
  })

  it.each(staffRows)('$role: a place outside its scope answers the figures as a place never heard of does', async (row) => {
    const outsidePlace = row.actor.jurisdiction === CITY ? 'baotou/kundulun' : row.actor.jurisdiction === DISTRICT ? 'hohhot/xincheng' : `${DISTRICT}/other-street`
    const nowhere = row.actor.jurisdiction === CITY ? 'nowhere/none' : row.actor.jurisdiction === DISTRICT ? 'hohhot/nowhere' : `${DISTRICT}/nowhere`
    for (const route of ['/api/v1/dashboard?jurisdiction=', '/api/v1/evaluation?period=2026-12&jurisdiction=', '/api/v1/ranking?period=2026-12&jurisdiction=', '/api/v1/trends?jurisdiction=', '/api/v1/jurisdictions?under=']) {
      const seen = await answer(row.actor, `${route}${encodeURIComponent(outsidePlace)}`)
      const none = await answer(row.actor, `${route}${encodeURIComponent(nowhere)}`)
      const { 'content-length': _seen, ...seenHeaders } = seen.headers
      const { 'content-length': _none, ...noneHeaders } = none.headers
      expect({ route, status: seen.status, headers: seenHeaders, body: seen.body.replaceAll(outsidePlace, nowhere) }).toEqual({ route, status: none.status, headers: noneHeaders, body: none.body })
      expect(seen.status).toBe(403)
    }
  })

  it("an admin: another place's webhook subscription, its deliveries and a delivery of it are those of a missing subscription", async () => {
    const res = JSON.parse((await text(helpers.farAdmin, `/api/v1/webhooks/${subscriptions.far}/deliveries?limit=100`)).body) as { items: { id: string; caseId: string }[] }
    const farDelivery = res.items.find((i) => i.caseId === ids.cFar)?.id
    expect(farDelivery).toBeDefined()
    const missing = crypto.randomUUID()
    for (const path of [(x: string) => `/api/v1/webhooks/${x}`, (x: string) => `/api/v1/webhooks/${x}/deliveries`, (x: string) => `/api/v1/webhooks/${x}/deliveries/${farDelivery}`]) {
      const seen = await answer(who.admin, path(subscriptions.far))
      const none = await answer(who.admin, path(missing))
      expect({ ...seen, body: seen.body.replaceAll(subscriptions.far, missing) }).toEqual(none)
      expect(seen.status).toBe(404)
    }
    // A delivery of the far case, asked for under the admin's own subscription: no such delivery.
    const seen = await answer(who.admin, `/api/v1/webhooks/${subscriptions.city}/deliveries/${farDelivery}`)
    const none = await answer(who.admin, `/api/v1/webhooks/${subscriptions.city}/deliveries/${crypto.randomUUID()}`)
    expect(seen).toEqual(none)
    // Nor does the admin's own list of subscriptions, deliveries or dead letters name the far case or its subscription.
    for (const path of ['/api/v1/webhooks', '/api/v1/webhooks/dead-letters', `/api/v1/webhooks/${subscriptions.city}/deliveries?limit=100`]) {
      const body = (await text(who.admin, path)).body
      expect(body).not.toContain(ids.cFar)
      expect(body).not.toContain(subscriptions.far)
    }
  })
})

/** The whole event log as `actor` pages through it (each page's text as it came), or the refusal of its first page. */
const eventLog = async (actor: Actor): Promise<{ status: number; body: string }> => {
  const pages: string[] = []
  for (let from = 0, more = true; more; ) {
    const got = await text(actor, `/api/v1/events?from=${from}&limit=100`)
    if (got.status !== 200) return got
    pages.push(got.body)
    ;({ next: from, more } = JSON.parse(got.body) as { next: number; more: boolean })
  }
  return { status: 200, body: pages.join('\n') }
}

/** The live feed (`text/event-stream`) from the start of the log, as read until the latest event has come. */
const liveFeed = async (actor: Actor): Promise<string> => {
  const controller = new AbortController()
  const res = await call(actor, 'GET', '/api/v1/events?from=0', undefined, { accept: 'text/event-stream' })
  expect(res.status).toBe(200)
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let got = ''
  const stop = setTimeout(() => controller.abort(), 3_000)
  try {
    // Every frame up to a pause of the feed (the log is not being written now): read for three seconds at most.
    const deadline = Date.now() + 3_000
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500))])
      if (next === undefined || next.done) break
      got += decoder.decode(next.value, { stream: true })
    }
  } finally {
    clearTimeout(stop)
    await reader.cancel().catch(() => undefined)
  }
  return got
}

describe('(b) lists, figures, exports, the event log, the live feed and webhooks hold no personal data in full', () => {
  it.each(rows)('$role', async (row) => {
    const texts: Record<string, string> = {}
    const read = async (path: string, headers: Record<string, string> = {}) => {
      const got = await text(row.actor, path, headers)
      texts[`${path} ${JSON.stringify(headers)}`] = got.body
      return got
    }
    expect((await read('/api/v1/complaints?limit=100')).status).toBe(200)
    expect((await read('/api/v1/disputes?limit=100')).status).toBe(200)
    const staff = row.actor.role !== 'resident'
    const figures = ['/api/v1/dashboard', '/api/v1/evaluation?period=2026-12', '/api/v1/ranking?period=2026-12', '/api/v1/trends', '/api/v1/jurisdictions']
    // Residents read no figures; a department officer the evaluation and the names alone, mediators and clerks the names ((f)).
    const reads = (path: string): boolean => staff && (figuresOf(row.actor) === 'place' || path.startsWith('/api/v1/jurisdictions') || (figuresOf(row.actor) === 'department' && path.startsWith('/api/v1/evaluation')))
    for (const path of figures) expect({ path, status: (await read(path)).status }).toEqual({ path, status: reads(path) ? 200 : 403 })
    const log = await eventLog(row.actor)
    expect(log.status).toBe(staff ? 200 : 403)
    texts['event log'] = log.body
    expect((await read('/api/v1/evaluation?period=2026-12', { accept: 'text/csv' })).status).toBe(reads('/api/v1/evaluation') ? 200 : 403)
    await read('/api/v1/committees')
    await read('/api/v1/calendar/2026')
    await read('/')
    if (AUDIT_ROLES.has(row.actor.role)) {
      expect((await read('/api/v1/audit/verify')).status).toBe(200)
      expect((await read('/api/v1/audit/heads')).status).toBe(200)
    }
    if (row.actor.role === 'admin') {
      for (const path of ['/api/v1/webhooks', '/api/v1/webhooks/dead-letters', `/api/v1/webhooks/${subscriptions.city}`, `/api/v1/webhooks/${subscriptions.city}/deliveries?limit=100`]) {
        expect((await read(path)).status).toBe(200)
      }
    }
    if (staff) texts['live'] = await liveFeed(row.actor)
    const found = Object.entries(texts).flatMap(([path, body]) => leaked(body).map((value) => `${path}: ${value}`))
    expect(found).toEqual([])
  })

  it('the masked webhook deliveries (every event of both cities) hold no personal data in full', () => {
    expect(delivered.masked.length).toBeGreaterThan(10)
    expect(delivered.masked.flatMap(leaked)).toEqual([])
  })

  it("(d) a subscription with personal data: everything in full but a 举报's complainant, and nothing of the other city", () => {
    const full = delivered.full.join('\n')
    expect(full).toContain('13912345678')
    expect(full.match(/钱举报|13700001111/g)).toBeNull()
    expect(full).toContain(ids.report)
    expect(full).not.toContain(ids.cFar)
  })
})

describe('(c) auditors, supervisors and admins read the case and its history masked; the handling roles in full on the case', () => {
  it.each(rows)('$role', async (row) => {
    const [collection, id] = row.inside()
    const view = (await text(row.actor, `/api/v1/${collection}/${id}`)).body
    const history = (await text(row.actor, `/api/v1/${collection}/${id}/history`)).body
    const phone = collection === 'complaints' ? '13912345678' : '13800138000'
    if (row.actor.role === 'auditor' || row.actor.role === 'supervisor' || row.actor.role === 'admin') {
      expect(leaked(view)).toEqual([])
      expect(leaked(history)).toEqual([])
      // The dispute of its street too, as of a version and a time as well as now.
      for (const path of [`/api/v1/disputes/${ids.dPeople}`, `/api/v1/disputes/${ids.dPeople}/history`, `/api/v1/disputes/${ids.dPeople}?version=1`, `/api/v1/complaints/${id}?version=0`, `/api/v1/complaints/${id}?asOf=${encodeURIComponent(new Date().toISOString())}`]) {
        const got = await text(row.actor, path)
        expect(got.status).toBe(200)
        expect({ path, leaked: leaked(got.body) }).toEqual({ path, leaked: [] })
      }
    } else if (row.actor.role === 'resident') {
      // A party: its own data in full, the other party's not (the parties know each other by name only).
      expect(view).toContain('13800138000')
      for (const [name, body] of [['view', view], ['history', history]] as const) expect({ name, found: body.match(/13900139000|150105198801011233|李强（/g) }).toEqual({ name, found: null })
      // And the other party, reading the same dispute: the applicant's phone and address are not its to read.
      const li: Actor = { id: 'r-li', role: 'resident', jurisdiction: GRID }
      for (const path of [`/api/v1/disputes/${id}`, `/api/v1/disputes/${id}/history`, '/api/v1/disputes?limit=100']) {
        const got = await text(li, path)
        expect(got.status).toBe(200)
        expect({ path, found: got.body.match(/13800138000|新华小区3号楼2单元101/g) }).toEqual({ path, found: null })
      }
    } else if (row.handles) {
      expect(view).toContain(phone)
      expect(history).toContain(phone)
    }
  })
})

describe("(d) a 举报's complainant: in full to the hotline that registered it and to supervisors only", () => {
  const readers = [who.grid, who.community, who.street, who.hotline, who.supervisor, who.auditor, who.admin]
  it.each(readers.map((actor) => ({ role: actor.role, actor })))('$role', async ({ actor }) => {
    const asOf = encodeURIComponent(new Date().toISOString())
    for (const path of [`/api/v1/complaints/${ids.report}?version=0`, `/api/v1/complaints/${ids.report}?asOf=${asOf}`]) {
      const got = await text(actor, path)
      expect(got.status).toBe(200)
      if (actor.id === who.hotline.id || actor.role === 'supervisor') expect(got.body).toContain('钱举报')
      else expect({ path, found: got.body.match(/钱举报|13700001111/g) }).toEqual({ path, found: null })
      // A supervisor knows who reported by name; the phone is masked for it, as every person's (docs/HTTP.md).
      if (actor.role === 'supervisor') expect(got.body).not.toContain('13700001111')
    }
    const view = await text(actor, `/api/v1/complaints/${ids.report}`)
    const history = await text(actor, `/api/v1/complaints/${ids.report}/history`)
    expect([view.status, history.status]).toEqual([200, 200])
    const sees = actor.id === who.hotline.id || actor.role === 'supervisor'
    // Seen: on the case and in its history alike (one rule for one reader); by a supervisor, by name only.
    if (sees) for (const body of [view.body, history.body]) expect(body).toContain('钱举报')
    else for (const body of [view.body, history.body]) expect(body.match(/钱举报|13700001111/g)).toBeNull()
    if (actor.role === 'supervisor') for (const body of [view.body, history.body]) expect(body).not.toContain('13700001111')
    // Lists and the log: masked for everyone.
    expect((await text(actor, '/api/v1/complaints?limit=100')).body.match(/钱举报|13700001111/g)).toBeNull()
    expect((await eventLog(actor)).body.match(/钱举报|13700001111/g)).toBeNull()
  })
  it('the department leading a 举报 reads it in full but for who reported', async () => {
    const view = await text(who.housing, `/api/v1/complaints/${ids.reportToHousing}`)
    const history = await text(who.housing, `/api/v1/complaints/${ids.reportToHousing}/history`)
    expect([view.status, history.status]).toEqual([200, 200])
    // The case and its history alike: in full (its address), but for who reported.
    for (const body of [view.body, history.body]) expect(body).toContain('乌兰察布东路12号院3号楼')
    for (const body of [view.body, history.body]) expect(body.match(/钱举报|13700001111/g)).toBeNull()
    // The hotline that registered it: in full.
    expect((await text(who.hotline, `/api/v1/complaints/${ids.reportToHousing}`)).body).toContain('13700001111')
  })
  it.each([who.housing, who.people, who.clerk, who.resident].map((actor) => ({ role: actor.role, actor })))('$role: the 举报 is not there', async ({ actor }) => {
    expect((await text(actor, `/api/v1/complaints/${ids.report}`)).status).toBe(404)
  })
})

describe('a mediator reassigned away', () => {
  it('reads the case it held no more: every case route as for a missing case, and in no list or log', async () => {
    const id = ids.dReassigned
    const missing = crypto.randomUUID()
    for (const probe of [(x: string) => `/api/v1/disputes/${x}`, (x: string) => `/api/v1/disputes/${x}/history`, (x: string) => `/api/v1/disputes/${x}?version=2`]) {
      const seen = await answer(who.people, probe(id))
      const none = await answer(who.people, probe(missing))
      expect({ probe: probe('{id}'), ...seen, body: seen.body.replaceAll(id, missing) }).toEqual({ probe: probe('{id}'), ...none })
    }
    expect((await text(who.people, '/api/v1/disputes?limit=100')).body).not.toContain(id)
    expect((await eventLog(who.people)).body).not.toContain(id)
    // The mediator it went to reads it in full.
    expect((await text({ id: 'pm-c', role: 'mediator', jurisdiction: STREET, track: 'people' }, `/api/v1/disputes/${id}`)).body).toContain('13800138000')
  })
})

describe('(e) a department officer reads only the cases its department handles', () => {
  it('lists, reads and finds in the log only the housing cases', async () => {
    const list = JSON.parse((await text(who.housing, '/api/v1/complaints?limit=100')).body) as { items: { id: string }[] }
    // The district’s housing department leads the case inside, the other street’s and the 举报 it was given.
    expect(list.items.map((i) => i.id).sort()).toEqual([ids.cIn, ids.cOther, ids.reportToHousing].sort())
    for (const id of [ids.cWater, ids.report]) expect((await text(who.housing, `/api/v1/complaints/${id}`)).status).toBe(404)
    expect((JSON.parse((await text(who.housing, '/api/v1/disputes?limit=100')).body) as { items: unknown[] }).items).toEqual([])
    const log = (await eventLog(who.housing)).body
    for (const id of [ids.cWater, ids.report, ids.dPeople, ids.dEntrusted]) expect(log).not.toContain(id)
  })
})

/**
 * What each role reads of the figures (docs/HTTP.md "Figures by role"): `place` — every case under the place asked for;
 * `department` — the evaluation of its department's own offices only, the dashboard, ranking and trends refused (their
 * figures are the place's, kept by place and not by department); `none` — every figure route refused (a mediator's and
 * a court clerk's figures would be per mediator or per court, which no read model keeps).
 */
const figuresOf = (actor: Actor): 'place' | 'department' | 'none' =>
  actor.role === 'department-officer' ? 'department' : actor.role === 'mediator' || actor.role === 'court-clerk' ? 'none' : 'place'
/** After every deadline of the cases above: each running one is overdue then, on every list that names overdue cases. */
const LATER = encodeURIComponent('2027-06-01T00:00:00.000Z')
const FIGURE_ROUTES = {
  dashboard: `/api/v1/dashboard?asOf=${LATER}`,
  dashboardNow: '/api/v1/dashboard',
  evaluation: `/api/v1/evaluation?period=2026-12&asOf=${LATER}`,
  evaluationYear: '/api/v1/evaluation?period=2026',
  ranking: `/api/v1/ranking?period=2026-12&asOf=${LATER}`,
  trends: `/api/v1/trends?asOf=${LATER}`,
} as const

describe('(f) figures by role: a narrow role reads no figure of cases that do not exist for it, and no list names one', () => {
  it.each(staffRows)('$role', async (row) => {
    const scope = figuresOf(row.actor)
    const collectionOf = (id: string): Collection => (Object.entries(ids).find(([, v]) => v === id)?.[0].startsWith('d') === true ? 'disputes' : 'complaints')
    for (const [name, path] of Object.entries(FIGURE_ROUTES)) {
      for (const headers of (name.startsWith('evaluation') ? [{}, { accept: 'text/csv' }] : [{}]) as Record<string, string>[]) {
        const got = await text(row.actor, path, headers)
        const allowed = scope === 'place' || (scope === 'department' && name.startsWith('evaluation'))
        expect({ name, headers, status: got.status }).toEqual({ name, headers, status: allowed ? 200 : 403 })
        // Every case any of its lists names (overdue, due soon, high risk, exclusions) is one it opens on the case route.
        const named = Object.values(ids).filter((id) => got.body.includes(id))
        for (const id of named) expect({ name, id, status: (await text(row.actor, `/api/v1/${collectionOf(id)}/${id}`)).status }).toEqual({ name, id, status: 200 })
        if (got.status !== 200 || 'accept' in headers) continue
        const body = JSON.parse(got.body) as { figuresOf?: unknown }
        // The answer says whose cases its figures cover.
        expect({ name, figuresOf: body.figuresOf }).toEqual({ name, figuresOf: { jurisdiction: row.actor.jurisdiction, department: scope === 'department' ? row.actor.department : null } })
      }
    }
  })

  it("the place-wide readers' overdue lists name cases (the lists are not empty: the test above can fail)", async () => {
    const body = JSON.parse((await text(who.admin, FIGURE_ROUTES.dashboard)).body) as { overdue: { items: { caseId: string }[] } }
    expect(body.overdue.items.map((i) => i.caseId)).toEqual(expect.arrayContaining([ids.cIn, ids.cWater, ids.cOther]))
  })

  it("the housing officer's evaluation: its own office's row alone, ranked among its own; nothing unassigned is its", async () => {
    type Unit = { unit: { id: string; department?: string }; rank: number; dispatched: number }
    type Evaluation = { units: Unit[]; unassigned: { overdue: Record<string, number> } }
    const street = JSON.parse((await text(who.admin, `/api/v1/evaluation?period=2026-12&jurisdiction=${DISTRICT}&asOf=${LATER}`)).body) as Evaluation
    // The district's evaluation has the water department's row and overdue deadlines no unit answers for.
    expect(street.units.map((u) => u.unit.id)).toEqual(expect.arrayContaining(['saihan-housing', 'saihan-water']))
    const housing = JSON.parse((await text(who.housing, `/api/v1/evaluation?period=2026-12&asOf=${LATER}`)).body) as Evaluation
    expect(housing.units.map((u) => [u.unit.id, u.rank])).toEqual([['saihan-housing', 1]])
    expect(housing.units[0]).toEqual({ ...street.units.find((u) => u.unit.id === 'saihan-housing'), rank: 1 })
    expect(Object.values(housing.unassigned.overdue).every((n) => n === 0)).toBe(true)
    const csv = (await text(who.housing, `/api/v1/evaluation?period=2026-12&asOf=${LATER}`, { accept: 'text/csv' })).body
    expect(csv).toContain('saihan-housing')
    expect(csv).not.toContain('saihan-water')
  })
})
