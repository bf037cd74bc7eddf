// A party to a dispute reads the other party by name only (masked, as every other person on its case), not by how to
// reach or identify them: no account id (`residentId`, the case's `ownerId`, a consent's `recordedBy`, the actor of the
// other party's steps), no phone, id number or address, not even masked. Least privilege (DOMAIN.md "Jurisdiction and
// actors"; 个人信息保护法 art. 6: the minimum necessary for the purpose): in mediation the parties know each other's
// names; contact goes through the committee, which has the full record. An account id is often a phone number, and
// lets the other party be told apart in every other record it appears in; a masked phone keeps 7 of 11 digits, a
// masked id number its region and last 4, a masked address its district. Found in review (2026-12-07): the respondent
// read the applicant's `residentId` and `ownerId`, its masked phone, id number and address, and, in the history, the
// applicant's account as the actor of its report and of its consent.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { COMMUNITY_A, sendAs, startServer, STREET, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const A: Actor = { id: 'r-wang-13812345678', role: 'resident', jurisdiction: `${COMMUNITY_A}/grid-009` }
const B: Actor = { id: 'r-li-13900002222', role: 'resident', jurisdiction: GRID }
const officer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
const mediator: Actor = { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' }
const WANG = { side: 'applicant', name: '王五', phone: '13812345678', idNumber: '11010519491231002X', address: '呼和浩特市赛罕区新华小区3号楼2单元201', residentId: A.id }
const LI = { side: 'respondent', name: '李四', phone: '13900002222', idNumber: '110105198001011238', address: '呼和浩特市赛罕区新华小区5号楼1单元101', residentId: B.id }
let s: TestServer
let id = ''
const answers = new Map<Actor, unknown[]>([[A, []], [B, []]])

const ok = async (actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const res = await sendAs(s, actor, path, body)
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300)
  answers.get(actor)?.push(res.body)
  return res.body
}

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  id = (await ok(A, '/api/v1/disputes', { source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '王五与李四因漏水纠纷', parties: [WANG, LI] }))['id'] as string
  await ok(officer, `/api/v1/disputes/${id}/accept`)
  await ok(officer, `/api/v1/disputes/${id}/assign-mediator`, { track: 'people', mediator: { id: mediator.id, jurisdiction: STREET } })
  await ok(mediator, `/api/v1/disputes/${id}/record-session`, { minutes: '双方到场陈述', attendees: ['王五', '李四'] })
  await ok(mediator, `/api/v1/disputes/${id}/record-agreement`, { form: 'oral', terms: ['李四赔偿王五500元'], reachedOn: '2026-03-02' })
  await ok(A, `/api/v1/disputes/${id}/consent-confirmation`)
  await ok(B, `/api/v1/disputes/${id}/consent-confirmation`)
})
afterAll(async () => {
  await s.close()
})

const read = async (actor: Actor, path: string): Promise<Record<string, unknown>> => {
  const res = await s.call(actor, 'GET', path)
  expect(res.status, path).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

type Party = Record<string, unknown>
const partiesIn = (value: unknown): Party[] => {
  const found: Party[] = []
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>
      if (Array.isArray(o['parties'])) found.push(...(o['parties'] as Party[]))
      Object.values(o).forEach(walk)
    }
  }
  walk(value)
  return found
}

for (const [reader, me, other, otherActor] of [[B, LI, WANG, A], [A, WANG, LI, B]] as const) {
  it(`${reader.id} reads the other party by its masked name only: case, history, list, its own command's answers`, async () => {
    const bodies = {
      view: await read(reader, `/api/v1/disputes/${id}`),
      history: await read(reader, `/api/v1/disputes/${id}/history`),
      list: await read(reader, '/api/v1/disputes'),
      answers: answers.get(reader),
    }
    for (const [where, body] of Object.entries(bodies)) {
      const text = JSON.stringify(body)
      // Its account anywhere (an id, an owner, who recorded a consent, an actor), and its home grid (an actor's).
      expect(text, `${where}: account`).not.toContain(otherActor.id)
      expect(text, `${where}: home grid`).not.toContain(otherActor.jurisdiction === GRID ? '\u0000' : otherActor.jurisdiction)
      const parties = partiesIn(body)
      expect(parties.length, where).toBeGreaterThan(0)
      for (const p of parties.filter((p) => p['side'] === other.side)) {
        expect(Object.keys(p).sort(), `${where}: ${JSON.stringify(p)}`).toEqual(['name', 'side'])
        expect(p['name']).toBe(`${other.name[0]}*`)
      }
    }
    // Its own record in full on the case and in its history (the list masks every case, its own data too).
    const own = partiesIn(bodies.view).find((p) => p['side'] === me.side)
    expect(own).toEqual(me)
    expect(partiesIn(bodies.history).find((p) => p['side'] === me.side)).toEqual(me)
    expect(JSON.stringify(bodies.list)).toContain(reader.id)
  })
}

it('the history still says which steps a party took: the other party as a resident, in the case’s jurisdiction', async () => {
  const history = (await read(B, `/api/v1/disputes/${id}/history`)) as { events: { type: string; actor: Record<string, unknown>; data?: Record<string, unknown> }[] }
  const reported = history.events.find((e) => e.type === 'DisputeReported')
  expect(reported?.actor).toEqual({ id: 'other-resident', role: 'resident', jurisdiction: GRID })
  const consents = history.events.filter((e) => e.type === 'JudicialConfirmationConsented')
  expect(consents.map((e) => e.data?.['party'])).toEqual(['王*', '李四'])
  expect(consents[1]?.actor).toEqual(B)
  expect(consents[1]?.data?.['recordedBy']).toBe(B.id)
  expect(consents[0]?.data).not.toHaveProperty('recordedBy')
})

it('the mediator and the street keep both parties in full', async () => {
  for (const staff of [mediator, officer]) {
    const view = await read(staff, `/api/v1/disputes/${id}`)
    expect(view['parties'], staff.role).toEqual([WANG, LI])
    expect(view['ownerId']).toBe(A.id)
    expect(JSON.stringify(await read(staff, `/api/v1/disputes/${id}/history`))).toContain(A.id)
  }
})
