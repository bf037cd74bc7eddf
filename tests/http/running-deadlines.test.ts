// A handler opening a case sees, as of the server's now, each running deadline and whether it is 临期 (due soon) or 超期
// (overdue), and since when (`runningDeadlines`); the case list says `dueSoon` beside `overdue`. The rule is the
// dashboard's and the reminders' (core's standingOf: 超期 once the deadline closed, a day deadline at 24:00 China time of
// its day; 临期 once at most 20% of its time is left). Both were missing: the view said nothing of where its deadlines
// stood, the list only `overdue`.
import { disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
let path = ''
beforeAll(async () => {
  s = await startServer({ caseTypes: [disputes()] })
  // Reported and accepted Wed 2026-04-01 09:00 China time: people's mediation, 30 days (人民调解工作若干规定 art. 33;
  // 民法典 art. 201: the day of acceptance not counted) end Fri 05-01, in 劳动节 (05-01–05-05 under the 2026 notice: a
  // period whose last day is a holiday ends on the first working day after, 民法典 art. 203): Wed 05-06, 24:00.
  s.clock.set('2026-04-01T01:00:00.000Z')
  const { id } = await postAs(s, actors.workerA, '/api/v1/disputes', {
    source: 'party-application', category: 'neighbour', jurisdiction: `${COMMUNITY_A}/grid-001`, summary: '楼上漏水',
    parties: [{ side: 'applicant', name: '孙伟', phone: '13900471001' }, { side: 'respondent', name: '钱进', phone: '13900471002' }],
  })
  path = `/api/v1/disputes/${String(id)}`
  expect((await postAs(s, actors.workerA, `${path}/accept`))['mediationDeadline']).toBe('2026-05-06T23:59:59+08:00')
})
afterAll(async () => {
  await s.close()
})

const read = async (at: string, headers: Record<string, string> = {}) => {
  s.clock.set(new Date(at).toISOString())
  const res = await s.call(actors.street, 'GET', path, undefined, headers)
  return { status: res.status, etag: res.headers.get('etag'), body: res.status === 200 ? ((await res.json()) as Record<string, unknown>) : {} }
}
const listed = async () => {
  const res = await s.call(actors.street, 'GET', '/api/v1/disputes?limit=1')
  const [entry] = ((await res.json()) as { items: Record<string, unknown>[] }).items
  return { overdue: entry?.['overdue'], dueSoon: entry?.['dueSoon'] }
}
const mediation = (standing: string, since?: string) => ({
  asOf: expect.any(String),
  dueSoonShare: 0.2,
  items: [{ kind: 'mediation', deadline: '2026-05-06T15:59:59.000Z', from: '2026-04-01T01:00:00.000Z', standing, ...(since === undefined ? {} : { since }) }],
})

// Its time runs from 04-01 09:00 to 05-06 23:59:59: 35 days 14:59:59 (3,077,999 s); 20% of it is 615,599.8 s = 7 days
// 02:59:59.8, so 临期 from Wed 04-29 20:59:59.200 China time (12:59:59.200Z); 超期 from Thu 05-07 00:00 (16:00Z on 05-06).
describe('GET a case: its running deadlines, 临期 and 超期 as of now; the list’s dueSoon', () => {
  it('Wed 04-29 20:59:59.199: running, neither flag', async () => {
    const { body } = await read('2026-04-29T20:59:59.199+08:00')
    expect(body['runningDeadlines']).toEqual(mediation('running'))
    expect((body['runningDeadlines'] as { asOf: string }).asOf).toBe('2026-04-29T12:59:59.199Z')
    expect(await listed()).toEqual({ overdue: false, dueSoon: false })
  })
  it('Wed 04-29 20:59:59.200: 临期 since then; a copy read before is not current (another ETag)', async () => {
    const before = await read('2026-04-29T20:00:00+08:00')
    const { status, etag, body } = await read('2026-04-29T20:59:59.200+08:00', { 'if-none-match': String(before.etag) })
    expect(status).toBe(200)
    expect(etag).not.toBe(before.etag)
    expect(body['runningDeadlines']).toEqual(mediation('due-soon', '2026-04-29T12:59:59.200Z'))
    expect(await listed()).toEqual({ overdue: false, dueSoon: true })
    // The same view read again is current.
    expect((await read('2026-04-29T21:00:00+08:00', { 'if-none-match': String(etag) })).status).toBe(304)
  })
  it('Fri 05-01, day 30 but 劳动节: 临期, not 超期', async () => {
    expect((await read('2026-05-01T12:00:00+08:00')).body['runningDeadlines']).toEqual(mediation('due-soon', '2026-04-29T12:59:59.200Z'))
    expect(await listed()).toEqual({ overdue: false, dueSoon: true })
  })
  it('Tue 05-05, the day before: 临期', async () => {
    expect((await read('2026-05-05T12:00:00+08:00')).body['runningDeadlines']).toEqual(mediation('due-soon', '2026-04-29T12:59:59.200Z'))
  })
  it('Wed 05-06 23:59:59.999, the day: 临期 still (a day runs to 24:00)', async () => {
    expect((await read('2026-05-06T23:59:59.999+08:00')).body['runningDeadlines']).toEqual(mediation('due-soon', '2026-04-29T12:59:59.200Z'))
    expect(await listed()).toEqual({ overdue: false, dueSoon: true })
  })
  it('Thu 05-07 00:00, the day after: 超期 since 24:00 of 05-06', async () => {
    expect((await read('2026-05-07T00:00:00+08:00')).body['runningDeadlines']).toEqual(mediation('overdue', '2026-05-06T16:00:00.000Z'))
    expect(await listed()).toEqual({ overdue: true, dueSoon: false })
  })
  it('as of a time or a version: the case as it was, without the flags of now', async () => {
    s.clock.set('2026-05-07T01:00:00.000Z')
    const asOf = (await (await s.call(actors.street, 'GET', `${path}?asOf=2026-04-30T00:00:00Z`)).json()) as Record<string, unknown>
    const version = (await (await s.call(actors.street, 'GET', `${path}?version=1`)).json()) as Record<string, unknown>
    expect([asOf['status'], 'runningDeadlines' in asOf, version['status'], 'runningDeadlines' in version]).toEqual(['accepted', false, 'accepted', false])
  })
  it('a mediator assigned: the same deadline runs on; a failure ends it (none running)', async () => {
    s.clock.set('2026-05-07T02:00:00.000Z')
    await postAs(s, actors.street, `${path}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' } })
    expect((await read('2026-05-07T10:00:00+08:00')).body['runningDeadlines']).toEqual(mediation('overdue', '2026-05-06T16:00:00.000Z'))
    const mediator = { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' } as const
    await postAs(s, mediator, `${path}/record-failure`, { reason: '双方分歧过大' })
    expect(((await read('2026-05-07T11:00:00+08:00')).body['runningDeadlines'] as { items: unknown[] }).items).toEqual([])
    expect(await listed()).toEqual({ overdue: false, dueSoon: false })
  })
})
