// A door written in Chinese numerals in free text (三号楼二单元二〇一室, 五号楼一单元一〇一) is masked wherever the
// record's address is (DOMAIN.md "Jurisdiction and actors": addresses masked in lists, for auditors and supervisors, and
// another person's for a resident party), whichever way the record writes it. Found in review (2026-12-07): a mediator's
// minutes 李四住新华小区五号楼一单元一〇一室 read in full in the supervisor's view, the other party's and the list.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { actors, COMMUNITY_A, sendAs, startServer, STREET, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const A: Actor = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
const officer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
const mediator: Actor = { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' }
const MINUTES = '李四住新华小区五号楼一单元一〇一室，称楼上3号楼2单元201（王五家）漏水；三天前二楼的邻居也来看过'
let s: TestServer
let id = ''

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  const ok = async (actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
    const res = await sendAs(s, actor, path, body)
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300)
    return res.body
  }
  id = (await ok(officer, '/api/v1/disputes', {
    source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '王五家漏水',
    parties: [
      { side: 'applicant', name: '王五', address: '呼和浩特市赛罕区新华小区三号楼二单元二〇一室', residentId: A.id },
      { side: 'respondent', name: '李四', address: '呼和浩特市赛罕区新华小区5号楼1单元101' },
    ],
  }))['id'] as string
  await ok(officer, `/api/v1/disputes/${id}/accept`)
  await ok(officer, `/api/v1/disputes/${id}/assign-mediator`, { track: 'people', mediator: { id: mediator.id, jurisdiction: STREET } })
  await ok(mediator, `/api/v1/disputes/${id}/record-session`, { minutes: MINUTES })
})
afterAll(async () => {
  await s.close()
})

const minutesOf = async (actor: Actor): Promise<string[]> => {
  const history = await s.call(actor, 'GET', `/api/v1/disputes/${id}/history`)
  expect(history.status).toBe(200)
  const events = ((await history.json()) as { events: { type: string; data?: { minutes?: string } }[] }).events
  return events.filter((e) => e.type === 'MediationSessionHeld').map((e) => e.data?.minutes ?? '')
}

it('masks the respondent’s door written in Chinese numerals, and the applicant’s written in digits, for masked readers', async () => {
  for (const reader of [actors.supervisor, actors.auditor]) {
    const [minutes] = await minutesOf(reader)
    expect(minutes, reader.role).toBe('李*住新************室，称楼上3********（王*家）漏水；三天前二楼的邻居也来看过')
  }
})

it('a resident party keeps its own door and reads the other party’s masked', async () => {
  const [minutes] = await minutesOf(A)
  expect(minutes).toBe('李*住新************室，称楼上3号楼2单元201（王五家）漏水；三天前二楼的邻居也来看过')
})

it('the handling roles read the minutes as written', async () => {
  expect(await minutesOf(mediator)).toEqual([MINUTES])
})
