// A phone or id number written out in Chinese numerals in free text (联系电话一三八一二三四五六七八, 幺三八 一二三四 五六七八,
// an id number in numerals) is masked for masked readers as the same number in digits is, character for character
// (DOMAIN.md "Jurisdiction and actors": phones and id numbers masked for auditors and supervisors, and another person's
// for a resident party). Found in review (session 45): such minutes read in full to every masked reader.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { actors, COMMUNITY_A, sendAs, startServer, STREET, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const A: Actor = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
const officer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
const mediator: Actor = { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' }
const MINUTES = '王五电话幺三八 一二三四 五六七八；李四联系电话一三九一二三四五六七八一直没人接，身份证一一〇一〇五一九四九一二三一〇〇二X；三天后再调'
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
      { side: 'applicant', name: '王五', phone: '13812345678', residentId: A.id },
      { side: 'respondent', name: '李四' },
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

it('masks phone and id numbers in Chinese numerals for masked readers, in the shape of the digits’ masks', async () => {
  for (const reader of [actors.supervisor, actors.auditor]) {
    const [minutes] = await minutesOf(reader)
    expect(minutes, reader.role).toBe('王*电话幺三八****五六七八；李*联系电话一三九****五六七八一直没人接，身份证一一〇一〇五********〇〇二X；三天后再调')
  }
})

it('a resident party keeps its own number in numerals and reads the other party’s masked', async () => {
  const [minutes] = await minutesOf(A)
  expect(minutes).toBe('王五电话幺三八 一二三四 五六七八；李*联系电话一三九****五六七八一直没人接，身份证一一〇一〇五********〇〇二X；三天后再调')
})

it('the handling roles read the minutes as written', async () => {
  expect(await minutesOf(mediator)).toEqual([MINUTES])
})
