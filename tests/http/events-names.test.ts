// DOMAIN.md "Jurisdiction and actors": personal data is masked in the live feed — the names of a case's people written
// in free text (an agreement's terms, a session's minutes, a note) too, as the case's own history masks them. Over a
// real server: the paged event log and the live feed (Server-Sent Events).
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { liveFeedToLatest } from './helpers/liveFeed.js'
import { startServer, STREET, type TestServer } from './helpers/server.js'
import { GRID, NAMES, parties, who } from './helpers/namedPeople.js'


let s: TestServer
let dispute = ''
let complaint = ''

const ok = async (actor: Actor, path: string, body: unknown, status = 200): Promise<string> => {
  const res = await s.call(actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status)
  return ((await res.json()) as { id: string }).id
}

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  dispute = await ok(who.wang, '/api/v1/disputes', { source: 'party-application', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水，邻里纠纷' }, 201)
  const d = (command: string) => `/api/v1/disputes/${dispute}/${command}`
  await ok(who.street, d('accept'), {})
  await ok(who.street, d('assign-mediator'), { track: 'people', mediator: { id: 'pm-a', jurisdiction: STREET } })
  await ok(who.mediator, d('record-session'), { minutes: '王芳与李强到场陈述' })
  await ok(who.mediator, d('record-agreement'), { form: 'oral', terms: ['李强于三日内赔偿王芳维修费2000元'], reachedOn: localDate(s.clock.now()) })
  complaint = await ok(who.operator, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '3号楼2单元暖气一周不热。',
    jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' },
  }, 201)
  await ok(who.supervisor, `/api/v1/complaints/${complaint}/add-note`, { note: '请尽快电话联系李四' })
})
afterAll(async () => {
  await s.close()
})

/** The live feed from the start of the log, read until the log's last event has come. */
const liveFeed = (actor: Actor): Promise<string> => liveFeedToLatest(s, actor)

describe('names in free text on the event log', () => {
  it('are masked on the paged log, as in the case’s history', async () => {
    const res = await s.call(who.street, 'GET', '/api/v1/events?from=0&limit=100')
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toContain('李*于三日内赔偿王*维修费2000元')
    expect(text).toContain('王*与李*到场陈述')
    expect(text).toContain('请尽快电话联系李*')
    expect(NAMES.filter((name) => text.includes(name))).toEqual([])
    // The history route masks them the same way (for a role that sees it masked).
    const history = await (await s.call(who.supervisor, 'GET', `/api/v1/disputes/${dispute}/history`)).text()
    expect(history).toContain('李*于三日内赔偿王*维修费2000元')
  })

  it('are masked on the live feed', async () => {
    const text = await liveFeed(who.street)
    expect(text).toContain('event: MediationAgreed')
    expect(text).toContain('李*于三日内赔偿王*维修费2000元')
    expect(text).toContain('王*与李*到场陈述')
    expect(text).toContain('请尽快电话联系李*')
    expect(NAMES.filter((name) => text.includes(name))).toEqual([])
    // A second reader of the same events (frames written once for all) gets them masked too.
    const again = await liveFeed({ id: 'op-2', role: 'hotline-operator', jurisdiction: 'hohhot' })
    expect(NAMES.filter((name) => again.includes(name))).toEqual([])
    expect(again).toContain('李*于三日内赔偿王*维修费2000元')
  })
})

/** A complaint of `complainant`'s, registered, dispatched, acknowledged and referred to mediation naming `respondent`: its id. */
const referred = async (complainant: { name: string; phone: string }, respondent: { name: string; phone: string }, summary: string): Promise<string> => {
  const grid = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID } satisfies Actor
  const id = await ok(who.operator, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'property', title: '物业费', description: '物业多收费', jurisdiction: GRID, complainant,
  }, 201)
  await ok(who.operator, `/api/v1/complaints/${id}/accept`, {})
  await ok(who.operator, `/api/v1/complaints/${id}/dispatch`, { unit: { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID } })
  await ok(grid, `/api/v1/complaints/${id}/acknowledge`, {})
  await ok(grid, `/api/v1/complaints/${id}/refer-to-mediation`, { disputeId: crypto.randomUUID(), disputeCategory: 'property', respondents: [respondent], summary })
  return id
}

describe('the respondents a complaint’s referral to mediation names', () => {
  it('are masked in the referral’s free text on the paged log (the complaint’s own people are not all there is)', async () => {
    await referred({ name: '周八', phone: '13700007777' }, { name: '赵六', phone: '13600006666' }, '周八与赵六物业费争议')
    const res = await s.call(who.street, 'GET', '/api/v1/events?from=0&limit=100')
    // Masked, and still the reader's own: no cache keeps it.
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const text = await res.text()
    const events = (JSON.parse(text) as { events: { data?: { respondents?: unknown; summary?: string } }[] }).events
    expect(events.filter((e) => e.data?.respondents !== undefined).map((e) => [e.data?.summary, e.data?.respondents])).toEqual([
      ['周*与赵*物业费争议', [{ name: '赵*', phone: '136****6666' }]],
    ])
    expect(text).not.toContain('赵六')
  })

  it('are masked in the complaint’s later events too, on the paged log and the live feed, for each new reader', async () => {
    const id = await referred({ name: '吴九', phone: '13700009999' }, { name: '郑十一', phone: '13600001111' }, '吴九与郑十一噪音争议')
    // The note names the respondent; the complaint's state keeps no respondents, only that it was referred.
    await ok(who.supervisor, `/api/v1/complaints/${id}/add-note`, { note: '已电话联系郑十一，同意到调委会' })
    let paged = ''
    for (let from = 0, more = true; more; ) {
      const page = (await (await s.call(who.street, 'GET', `/api/v1/events?from=${from}&limit=100`)).json()) as { events: unknown[]; next: number; more: boolean }
      paged += JSON.stringify(page.events)
      ;({ next: from, more } = page)
    }
    expect(paged).toContain('已电话联系郑**，同意到调委会')
    expect(paged).not.toContain('郑十一')
    // A reader met first after the referral (nothing of the case known yet) and one met again: both masked.
    for (const reader of [who.street, { id: 'op-3', role: 'hotline-operator', jurisdiction: 'hohhot' } satisfies Actor]) {
      const live = await liveFeed(reader)
      expect(live).toContain('已电话联系郑**，同意到调委会')
      expect(live).not.toContain('郑十一')
    }
  })
})
