// "一个中心管化解" over a real server: risk grades and the escalation of a high risk to the street, the dashboard's
// open high-risk disputes checked against the events, the committees (GET /api/v1/committees), routing (分流) and
// who may then be assigned, and 现场调解 — report and agreement in one command — with party data masked for the
// roles that do not handle the case.
import { createHash } from 'node:crypto'
import type { Actor } from '@gridcase/core/access'
import { committeeRegistryOf, type CommitteeRegistry } from '@gridcase/core/dispute'
import { localDate } from '@gridcase/core/calendar'
import { disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMUNITY_A, COMMUNITY_B, startServer, STREET, type TestServer } from './helpers/server.js'

const DISTRICT = 'hohhot/saihan'
const GRID = `${COMMUNITY_A}/grid-001`
const OTHER_STREET = `${DISTRICT}/daxue-east-road`

const made = committeeRegistryOf({
  format: 'gridcase-committees/1',
  centres: [{ id: 'saihan-centre', name: '赛罕区社会矛盾纠纷调处化解中心', jurisdiction: DISTRICT }],
  committees: [
    { id: 'saihan-medical', name: '赛罕区医疗纠纷人民调解委员会', kind: 'medical', jurisdiction: DISTRICT, centre: 'saihan-centre', mediators: [{ id: 'md-1', name: '高志远' }] },
    { id: 'saihan-property', name: '赛罕区物业纠纷人民调解委员会', kind: 'property', jurisdiction: DISTRICT, centre: 'saihan-centre', mediators: [{ id: 'pr-1', name: '王建军' }] },
    { id: 'community-a', name: 'A社区人民调解委员会', kind: 'people', jurisdiction: COMMUNITY_A, mediators: [{ id: 'cm-a', name: '张桂兰' }] },
    { id: 'community-b', name: 'B社区人民调解委员会', kind: 'people', jurisdiction: COMMUNITY_B, mediators: [{ id: 'cm-b', name: '陈秀英' }] },
  ],
})
if (!('registry' in made)) throw new Error('the committee file of this test is wrong')
const committees: CommitteeRegistry = made.registry

const who = {
  grid: { id: 'gw-a', role: 'grid-worker', jurisdiction: GRID },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  otherStreet: { id: 'so-2', role: 'street-officer', jurisdiction: OTHER_STREET },
  centre: { id: 'co-1', role: 'centre-officer', jurisdiction: DISTRICT },
  medical: { id: 'md-1', role: 'mediator', jurisdiction: DISTRICT, track: 'people' },
  communityA: { id: 'cm-a', role: 'mediator', jurisdiction: COMMUNITY_A, track: 'people' },
  auditor: { id: 'aud-1', role: 'auditor', jurisdiction: 'hohhot' },
  supervisor: { id: 'sup-1', role: 'supervisor', jurisdiction: STREET },
  wang: { id: 'r-wang', role: 'resident', jurisdiction: GRID },
} satisfies Record<string, Actor>

const parties = [
  { side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang' },
  { side: 'respondent', name: '李强', phone: '13900139000' },
]
const PERSONAL = ['王芳', '李强', '13800138000', '13900139000']
// The scan of the signed agreement, uploaded before the command names it (a hash no upload has is refused).
const SCAN_PDF = Buffer.from('%PDF-1.4\n% 人民调解协议书（双方签字）\n%%EOF\n', 'utf8')
const SCAN = createHash('sha256').update(SCAN_PDF).digest('hex')

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [disputes({ committees })], committees })
  const upload = await fetch(`${s.url}/api/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await s.token({ id: 'uploader', role: 'mediator', jurisdiction: STREET, track: 'people' })}`, 'content-type': 'application/pdf' },
    body: SCAN_PDF,
  })
  expect(upload.status).toBe(201)
})
afterAll(async () => {
  await s.close()
})

const post = async (actor: Actor, path: string, body: unknown) => {
  const res = await s.call(actor, 'POST', path, body)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const report = async (actor: Actor, over: Record<string, unknown>): Promise<string> => {
  const res = await post(actor, '/api/v1/disputes', { source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水，邻里纠纷', ...over })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body['id'] as string
}
const eventsOf = async (): Promise<{ type: string; streamId: string; data: Record<string, unknown> }[]> =>
  (await s.store.readAll()) as unknown as { type: string; streamId: string; data: Record<string, unknown> }[]

interface Risk {
  readonly byGrade: Record<string, number>
  readonly highOpen: number
  readonly items: readonly { caseId: string; jurisdiction: string; category: string; since: string; escalatedTo: string }[]
}
const riskOn = async (actor: Actor, jurisdiction: string): Promise<Risk> => {
  const res = await s.call(actor, 'GET', `/api/v1/dashboard?jurisdiction=${encodeURIComponent(jurisdiction)}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { risk: Risk }).risk
}

describe('risk grades: a high risk goes to the street at once and onto the dashboard', () => {
  const made = { high: '', medium: '', lowered: '' }
  beforeAll(async () => {
    made.high = await report(who.grid, { risk: { grade: 'high', reason: '一方扬言报复' } })
    made.medium = await report(who.grid, { risk: { grade: 'medium', reason: '争吵激烈' } })
    made.lowered = await report(who.grid, { risk: { grade: 'high', reason: '多人聚集' } })
    const lowered = await post(who.street, `/api/v1/disputes/${made.lowered}/grade-risk`, { grade: 'low', reason: '经劝解已平息' })
    expect(lowered.status, JSON.stringify(lowered.body)).toBe(200)
  })

  it('records the escalation to the street as an event, and the street reads and handles the case', async () => {
    const escalations = (await eventsOf()).filter((e) => e.type === 'DisputeEscalated')
    expect(escalations.map((e) => [e.streamId, e.data['to']])).toEqual([
      [`dispute-${made.high}`, STREET],
      [`dispute-${made.lowered}`, STREET],
    ])
    const read = await s.call(who.street, 'GET', `/api/v1/disputes/${made.high}`)
    expect(read.status).toBe(200)
    expect(((await read.json()) as { risk: unknown; escalatedTo: string }).escalatedTo).toBe(STREET)
    expect((await post(who.street, `/api/v1/disputes/${made.high}/accept`, {})).status).toBe(200)
    // Another street does not see it at all.
    expect((await s.call(who.otherStreet, 'GET', `/api/v1/disputes/${made.high}`)).status).toBe(404)
  })

  it('flags the open high-risk disputes on the dashboard exactly as the events say, with no personal data', async () => {
    // From the events: a dispute is high now when its last DisputeRiskGraded says high and it is not closed.
    const last = new Map<string, string>()
    const closed = new Set<string>()
    for (const e of await eventsOf()) {
      if (e.type === 'DisputeRiskGraded') last.set(e.streamId, e.data['grade'] as string)
      if (e.type === 'DisputeClosed') closed.add(e.streamId)
    }
    const highFromEvents = [...last].filter(([stream, grade]) => grade === 'high' && !closed.has(stream)).map(([stream]) => stream.slice('dispute-'.length))
    expect(highFromEvents).toEqual([made.high])
    const res = await s.call(who.street, 'GET', `/api/v1/dashboard?jurisdiction=${encodeURIComponent(STREET)}`)
    const text = await res.text()
    const risk = (JSON.parse(text) as { risk: Risk }).risk
    expect(risk.highOpen).toBe(highFromEvents.length)
    expect(risk.items.map((i) => i.caseId)).toEqual(highFromEvents)
    expect(risk.items[0]).toMatchObject({ jurisdiction: GRID, category: 'neighbour', escalatedTo: STREET })
    expect(risk.byGrade).toEqual({ low: 1, medium: 1, high: 1 })
    expect(PERSONAL.filter((p) => text.includes(p))).toEqual([])
    // Another place's dashboard does not count it.
    expect((await riskOn(who.centre, OTHER_STREET)).highOpen).toBe(0)
  })

  it('refuses a grade without a reason, naming the field, and writes nothing', async () => {
    const before = (await eventsOf()).length
    const res = await post(who.street, `/api/v1/disputes/${made.medium}/grade-risk`, { grade: 'high' })
    expect(res.status).toBe(400)
    expect(res.body['errors']).toEqual([{ path: 'reason', message: 'is required: a text of at most 2000 characters with something visible in it' }])
    expect((await eventsOf()).length).toBe(before)
  })
})

describe('committees and routing (分流)', () => {
  it('lists the centre and the committees where the actor works; residents do not see who sits on them', async () => {
    const centre = (await (await s.call(who.centre, 'GET', '/api/v1/committees')).json()) as { centres: { id: string }[]; committees: { id: string; mediators?: unknown[] }[] }
    expect(centre.centres.map((c) => c.id)).toEqual(['saihan-centre'])
    expect(centre.committees.map((c) => c.id)).toEqual(['community-a', 'community-b', 'saihan-medical', 'saihan-property'])
    const resident = (await (await s.call(who.wang, 'GET', '/api/v1/committees')).json()) as { committees: { id: string; mediators?: unknown[] }[] }
    // A resident of community A: the committees whose place holds theirs (A's, and the centre's).
    expect(resident.committees.map((c) => c.id)).toEqual(['community-a', 'saihan-medical', 'saihan-property'])
    expect(resident.committees.every((c) => c.mediators === undefined)).toBe(true)
  })

  it("routes a property dispute to the property committee; then only that committee's mediator can be assigned", async () => {
    const id = await report(who.grid, { category: 'property', summary: '物业费争议' })
    expect((await post(who.centre, `/api/v1/disputes/${id}/accept`, {})).status).toBe(200)
    const wrong = await post(who.centre, `/api/v1/disputes/${id}/route`, { committee: 'saihan-medical' })
    expect(wrong.status).toBe(400)
    expect(wrong.body['errors']).toEqual([{ path: 'committee', message: 'expected a committee for property disputes: 赛罕区医疗纠纷人民调解委员会 mediates medical disputes only' }])
    expect((await post(who.centre, `/api/v1/disputes/${id}/route`, { committee: 'saihan-property', reason: '物业纠纷分流' })).status).toBe(200)
    const outside = await post(who.centre, `/api/v1/disputes/${id}/assign-mediator`, { track: 'people', mediator: { id: 'md-1', jurisdiction: DISTRICT } })
    expect(outside.status).toBe(400)
    expect((outside.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(['mediator.id'])
    const assigned = await post(who.centre, `/api/v1/disputes/${id}/assign-mediator`, { track: 'people', mediator: { id: 'pr-1', jurisdiction: DISTRICT, name: '王建军' } })
    expect(assigned.status).toBe(200)
    expect(assigned.body['committee']).toEqual({ id: 'saihan-property', name: '赛罕区物业纠纷人民调解委员会', kind: 'property', track: 'people' })
  })

  it('refuses routing by a grid worker (forbidden) and to an unknown committee (400 naming committee)', async () => {
    const id = await report(who.grid, {})
    expect((await post(who.grid, `/api/v1/disputes/${id}/route`, { committee: 'community-a' })).status).toBe(403)
    const unknown = await post(who.street, `/api/v1/disputes/${id}/route`, { committee: 'nowhere' })
    expect(unknown.status).toBe(400)
    expect((unknown.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(['committee'])
  })
})

describe('现场调解: report and agreement in one command', () => {
  const today = () => localDate(s.clock.now())
  const onTheSpot = () => ({
    form: 'written',
    terms: ['李强于本月20日前赔偿王芳维修费2000元'],
    facts: '李强家卫生间漏水致王芳家天花板受损',
    performance: '现金一次付清',
    location: '3号楼下',
    signatures: [{ party: '王芳', signedOn: today() }, { party: '李强', signedOn: today() }],
    mediatorSignedOn: today(),
    attachments: [{ sha256: SCAN }],
  })

  it("records it as a mediator of the community's committee: 201, the case agreed, routed to that committee, the mediator assigned", async () => {
    // A command names only a file its actor may have: the mediator uploads the scan it made (the same bytes, the same hash).
    const uploaded = await fetch(`${s.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${await s.token(who.communityA)}`, 'content-type': 'application/pdf' }, body: SCAN_PDF })
    expect(uploaded.status).toBe(201)
    const res = await post(who.communityA, '/api/v1/disputes', { source: 'party-application', category: 'neighbour', jurisdiction: GRID, parties, summary: '漏水赔偿', onTheSpot: onTheSpot() })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect([res.body['status'], (res.body['committee'] as { id: string }).id, (res.body['mediator'] as { id: string }).id, res.body['onTheSpot']]).toEqual([
      'agreement-reached',
      'community-a',
      'cm-a',
      true,
    ])
    const agreed = (await eventsOf()).filter((e) => e.streamId === `dispute-${res.body['id'] as string}`).map((e) => e.type)
    expect(agreed).toEqual(['DisputeReported', 'DisputeAccepted', 'DisputeRouted', 'MediatorAssigned', 'MediationSessionHeld', 'MediationAgreed'])
    // The auditor and the supervisor see the parties and their signatures masked; the mediator in full.
    for (const actor of [who.auditor, who.supervisor]) {
      const text = await (await s.call(actor, 'GET', `/api/v1/disputes/${res.body['id'] as string}`)).text()
      expect(PERSONAL.filter((p) => text.includes(p))).toEqual([])
      expect(text).toContain('王*')
      const history = await (await s.call(actor, 'GET', `/api/v1/disputes/${res.body['id'] as string}/history`)).text()
      expect(PERSONAL.filter((p) => history.includes(p))).toEqual([])
    }
    expect(await (await s.call(who.communityA, 'GET', `/api/v1/disputes/${res.body['id'] as string}`)).text()).toContain('13800138000')
  })

  it('refuses one without every signature, naming the field, and writes nothing', async () => {
    const before = (await eventsOf()).length
    const res = await post(who.communityA, '/api/v1/disputes', {
      source: 'party-application', category: 'neighbour', jurisdiction: GRID, parties, summary: '漏水赔偿',
      onTheSpot: { ...onTheSpot(), signatures: [{ party: '王芳', signedOn: today() }] },
    })
    expect(res.status).toBe(400)
    expect(res.body['errors']).toEqual([{ path: 'onTheSpot.signatures', message: "expected every party's signature; missing 李强" }])
    expect((await eventsOf()).length).toBe(before)
  })

  it('refuses a scan that is no sha-256, naming the field', async () => {
    const res = await post(who.communityA, '/api/v1/disputes', {
      source: 'party-application', category: 'neighbour', jurisdiction: GRID, parties, summary: '漏水赔偿',
      onTheSpot: { ...onTheSpot(), attachments: [{ sha256: 'not-a-hash' }] },
    })
    expect(res.status).toBe(400)
    expect((res.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(['onTheSpot.attachments[0].sha256'])
  })

  it('refuses it from a grid worker (403): a mediator signs the agreement', async () => {
    const res = await post(who.grid, '/api/v1/disputes', { source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '漏水赔偿', onTheSpot: onTheSpot() })
    expect(res.status).toBe(403)
  })
})

describe('the OpenAPI document', () => {
  it('describes the committee list, the route and grade-risk commands, the on-the-spot agreement and the risk figures', async () => {
    const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, unknown> }
    const text = JSON.stringify(doc)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/committees', '/api/v1/disputes/{id}/route', '/api/v1/disputes/{id}/grade-risk']))
    expect(text).toContain('onTheSpot')
    expect(text).toContain('highOpen')
  })
})
