// A retry with the same Idempotency-Key answers as the first time (docs/HTTP.md: "a repeat returns the first outcome,
// writes nothing") also to an actor whose command left it a case it may not read: a people's mediator recording a court's
// entrustment or a party's application (it reads the case only once assigned to it), a department's 退单 (the case is
// 404 to it after). Found in review (session 47): the first answer was 201 (or 200) masked, its retry 404 "No such
// dispute" — a client that lost the first answer and sent again with a new key opened the court's entrustment twice.
// Another actor who may not read the case still learns nothing from the key: its answer is a missing case's.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GRID } from './helpers/namedPeople.js'
import { actors, postAs, startServer, STREET, type TestServer } from './helpers/server.js'

const DISTRICT = 'hohhot/saihan'
const mediator = { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: STREET } satisfies Actor
const housingUnit = { id: 'saihan-housing', level: 'district', jurisdiction: DISTRICT, department: 'housing' }
const housing = { id: 'do-housing', role: 'department-officer', jurisdiction: DISTRICT, department: 'housing' } satisfies Actor

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
})
afterAll(async () => {
  await s.close()
})

const count = async () => (await s.store.readAll()).length
/** An answer as a client reads it: status, ETag, whether it is a replay, and its body. */
const answer = async (res: Response) => ({ status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as Record<string, unknown> })

describe('a retry with the same Idempotency-Key by an actor that may not read the case its command left', () => {
  it.each([
    ['court-entrusted (诉前委派)', { source: 'court-entrusted', category: 'property', jurisdiction: GRID, court: '赛罕区人民法院', summary: '物业费纠纷', parties: [{ side: 'applicant', name: '某物业公司' }, { side: 'respondent', name: '赵敏', phone: '13700002222' }] }],
    ['party-application', { source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '邻里噪音纠纷', parties: [{ side: 'applicant', name: '王芳' }, { side: 'respondent', name: '李强' }] }],
  ])("a people's mediator's create, %s: 201 masked, and 201 with the same answer again, nothing written", async (_what, body) => {
    const key = { 'idempotency-key': crypto.randomUUID() }
    const firstRes = await s.call(mediator, 'POST', '/api/v1/disputes', body, key)
    const first = await answer(firstRes)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.etag).toBe('W/"0-m"')
    const written = await count()
    const againRes = await s.call(mediator, 'POST', '/api/v1/disputes', body, key)
    expect(await answer(againRes)).toEqual(first)
    expect(againRes.headers.get('idempotent-replayed')).toBe('true')
    expect(againRes.headers.get('location')).toBe(firstRes.headers.get('location'))
    expect(await count()).toBe(written)
    // It still may not read the case it recorded (not assigned to it).
    expect((await s.call(mediator, 'GET', String(firstRes.headers.get('location')))).status).toBe(404)
  })

  it("a department's 退单: 200 masked, and 200 with the same answer again; another officer sending the key learns what it would of a missing case", async () => {
    const { id } = (await postAs(s, actors.operator, '/api/v1/complaints', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '供热管道漏水', jurisdiction: GRID, description: '王五反映楼道供热管道漏水', complainant: { name: '王五', phone: '13900000000' } })) as { id: string }
    await postAs(s, actors.operator, `/api/v1/complaints/${id}/accept`)
    await postAs(s, actors.operator, `/api/v1/complaints/${id}/dispatch`, { unit: housingUnit })
    const key = { 'idempotency-key': crypto.randomUUID() }
    const first = await answer(await s.call(housing, 'POST', `/api/v1/complaints/${id}/return`, { reason: '非本部门职责' }, key))
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.etag).toMatch(/-m"$/)
    expect(JSON.stringify(first.body)).not.toContain('王五')
    const written = await count()
    const againRes = await s.call(housing, 'POST', `/api/v1/complaints/${id}/return`, { reason: '非本部门职责' }, key)
    expect(await answer(againRes)).toEqual(first)
    expect(againRes.headers.get('idempotent-replayed')).toBe('true')
    // Another officer of the department (it never led the case): the answer a missing case gets with that key.
    const other = { ...housing, id: 'do-housing-2' } satisfies Actor
    const onCase = await answer(await s.call(other, 'POST', `/api/v1/complaints/${id}/return`, { reason: '非本部门职责' }, key))
    const onMissing = await answer(await s.call(other, 'POST', `/api/v1/complaints/${crypto.randomUUID()}/return`, { reason: '非本部门职责' }, key))
    expect(onCase).toEqual(onMissing)
    expect(await count()).toBe(written)
  })
})
