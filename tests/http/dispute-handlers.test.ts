// Who handles a dispute, and so reads its parties in full (DOMAIN.md "Jurisdiction and actors": personal data full only
// on the case, for the handling roles; a mediator acts only on cases assigned to them — 个人信息保护法 art. 6, no more
// personal data than the task needs). Found in review: every role that may act on a dispute read the parties' names,
// phones, id numbers and addresses in full — the 12345 operators of the whole city on a dispute another registered, and
// the members of the committee a dispute is routed to who are not assigned to it.
//
// Decided: the handlers of a dispute are the mediator assigned to it; the centre's, street's, community's and grid's staff
// in scope (they route, assign, screen and follow up); the court clerk of a case before its court; and, of the hotline,
// the operator who registered it (its first event's actor: it took the call). Everyone else who may read the case reads
// it masked — the case view, its history and a command's answer alike; who may not read it at all still gets 404.
import { createHash, randomBytes } from 'node:crypto'
import type { Actor } from '@gridcase/core/access'
import { committeeRegistryOf, type CommitteeRegistry } from '@gridcase/core/dispute'
import { disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMUNITY_A, startServer, STREET, type TestServer } from './helpers/server.js'

const DISTRICT = 'hohhot/saihan'
const GRID = `${COMMUNITY_A}/grid-001`

const made = committeeRegistryOf({
  format: 'gridcase-committees/1',
  centres: [{ id: 'saihan-centre', name: '赛罕区矛盾纠纷调处化解中心', jurisdiction: DISTRICT }],
  committees: [
    {
      id: 'saihan-medical',
      name: '赛罕区医疗纠纷人民调解委员会',
      kind: 'medical',
      jurisdiction: DISTRICT,
      centre: 'saihan-centre',
      mediators: [{ id: 'md-1', name: '高志远' }, { id: 'md-2', name: '刘建国' }],
    },
  ],
})
if (!('registry' in made)) throw new Error('the committee file of this test is wrong')
const committees: CommitteeRegistry = made.registry

const who = {
  registeringOperator: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  otherOperator: { id: 'op-2', role: 'hotline-operator', jurisdiction: 'hohhot' },
  assigned: { id: 'md-1', role: 'mediator', jurisdiction: DISTRICT, track: 'people' },
  committeeMember: { id: 'md-2', role: 'mediator', jurisdiction: DISTRICT, track: 'people' },
  stranger: { id: 'pm-9', role: 'mediator', jurisdiction: DISTRICT, track: 'people' },
  centre: { id: 'co-1', role: 'centre-officer', jurisdiction: DISTRICT },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  community: { id: 'cw-a', role: 'community-worker', jurisdiction: COMMUNITY_A },
  grid: { id: 'gw-a', role: 'grid-worker', jurisdiction: GRID },
  clerk: { id: 'clerk-1', role: 'court-clerk', jurisdiction: DISTRICT },
  supervisor: { id: 'sup-1', role: 'supervisor', jurisdiction: STREET },
  auditor: { id: 'aud-1', role: 'auditor', jurisdiction: 'hohhot' },
} satisfies Record<string, Actor>

const parties = [
  { side: 'applicant', name: '王芳', phone: '13800138000', idNumber: '11010519491231002X', address: '乌兰察布东路12号院3号楼' },
  { side: 'respondent', name: '李强', phone: '13900139000' },
]
const PERSONAL = ['王芳', '李强', '13800138000', '13900139000', '11010519491231002X', '乌兰察布东路12号院3号楼']
const shown = (text: string): string[] => PERSONAL.filter((value) => text.includes(value))

// The applicant's ID card (kind id-document), scanned by the operator who took the call.
const ID_CARD_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(256)])
const ID_CARD = createHash('sha256').update(ID_CARD_PNG).digest('hex')

let s: TestServer
const ids = { routed: '', byGrid: '', entrusted: '' }
beforeAll(async () => {
  s = await startServer({ caseTypes: [disputes({ committees })], committees })
  const upload = await fetch(`${s.url}/api/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await s.token(who.registeringOperator)}`, 'content-type': 'image/png' },
    body: ID_CARD_PNG,
  })
  expect(upload.status).toBe(201)
  const ok = async (actor: Actor, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await s.call(actor, 'POST', path, body)
    const answer = (await res.json()) as Record<string, unknown>
    expect(res.status, JSON.stringify(answer)).toBeLessThan(300)
    return answer
  }
  // The 12345 operator takes the call and registers it; the centre routes it to its medical committee and assigns md-1.
  ids.routed = (await ok(who.registeringOperator, '/api/v1/disputes', { source: 'party-application', category: 'medical', jurisdiction: GRID, parties, summary: '术后感染赔偿纠纷', attachments: [{ sha256: ID_CARD, kind: 'id-document' }] }))['id'] as string
  await ok(who.centre, `/api/v1/disputes/${ids.routed}/accept`, {})
  await ok(who.centre, `/api/v1/disputes/${ids.routed}/route`, { committee: 'saihan-medical', reason: '医疗纠纷' })
  await ok(who.centre, `/api/v1/disputes/${ids.routed}/assign-mediator`, { track: 'people', mediator: { id: 'md-1', jurisdiction: DISTRICT } })
  // Found on patrol by the grid: no operator registered it.
  ids.byGrid = (await ok(who.grid, '/api/v1/disputes', { source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水' }))['id'] as string
  // 诉前委派 by the court's clerk: the case is before its court.
  ids.entrusted = (await ok(who.clerk, '/api/v1/disputes', {
    source: 'court-entrusted', category: 'neighbour', jurisdiction: GRID, parties, summary: '相邻关系纠纷', court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民诉前调1号',
  }))['id'] as string
})
afterAll(async () => {
  await s.close()
})

/** What the reader reads of the case and of its history: 'full', 'masked', or the status when not 200. */
const reads = async (actor: Actor, id: string): Promise<readonly [string, string]> => {
  const read = async (path: string): Promise<string> => {
    const res = await s.call(actor, 'GET', path)
    if (res.status !== 200) return String(res.status)
    const found = shown(await res.text())
    return found.length === PERSONAL.length ? 'full' : found.length === 0 ? 'masked' : `partly: ${found.join(', ')}`
  }
  return [await read(`/api/v1/disputes/${id}`), await read(`/api/v1/disputes/${id}/history`)]
}

describe('a dispute registered by the hotline, routed to a committee and assigned to one of its mediators', () => {
  it.each([
    ['the assigned mediator', 'full', who.assigned],
    ['a member of the routed committee not assigned to it', 'masked', who.committeeMember],
    ['the hotline operator who registered it', 'full', who.registeringOperator],
    ['another hotline operator', 'masked', who.otherOperator],
    ['the centre officer who routed and assigned it', 'full', who.centre],
    ['the street officer in scope', 'full', who.street],
    ['the community worker in scope', 'full', who.community],
    ['the grid worker in scope', 'full', who.grid],
    ['a supervisor', 'masked', who.supervisor],
    ['an auditor', 'masked', who.auditor],
    ['a mediator neither assigned nor on the committee', '404', who.stranger],
    ['a court clerk (not before the court)', '404', who.clerk],
  ] as const)('%s reads it %s', async (_who, expected, actor) => {
    expect(await reads(actor, ids.routed)).toEqual([expected, expected])
  })

  it("the applicant's ID card (id-document): fetched through the case by its handlers only, its hash on their view only", async () => {
    const fetched = async (actor: Actor) => (await s.call(actor, 'GET', `/api/v1/attachments/${ID_CARD}`)).status
    const onView = async (actor: Actor) => (await (await s.call(actor, 'GET', `/api/v1/disputes/${ids.routed}`)).text()).includes(ID_CARD)
    expect([await fetched(who.assigned), await fetched(who.centre), await onView(who.assigned)]).toEqual([200, 200, true])
    expect([await fetched(who.committeeMember), await fetched(who.otherOperator), await onView(who.committeeMember), await onView(who.otherOperator)]).toEqual([404, 404, false, false])
  })

  it("a command's answer is the reader's view: another operator's grade-risk answers masked, the registering one's in full", async () => {
    const other = await s.call(who.otherOperator, 'POST', `/api/v1/disputes/${ids.routed}/grade-risk`, { grade: 'medium', reason: '双方情绪激动' })
    expect(other.status).toBe(200)
    expect(shown(await other.text())).toEqual([])
    const own = await s.call(who.registeringOperator, 'POST', `/api/v1/disputes/${ids.routed}/grade-risk`, { grade: 'low', reason: '已平复' })
    expect(own.status).toBe(200)
    expect(shown(await own.text())).toEqual(PERSONAL)
  })
})

describe('a dispute no operator registered, and one the court entrusted', () => {
  it('the hotline reads one found on patrol masked; the grid that found it in full', async () => {
    expect(await reads(who.registeringOperator, ids.byGrid)).toEqual(['masked', 'masked'])
    expect(await reads(who.grid, ids.byGrid)).toEqual(['full', 'full'])
  })
  it("the court's clerk reads the case before its court in full; the hotline masked", async () => {
    expect(await reads(who.clerk, ids.entrusted)).toEqual(['full', 'full'])
    expect(await reads(who.otherOperator, ids.entrusted)).toEqual(['masked', 'masked'])
  })
})
