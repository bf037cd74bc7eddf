// The live feed writes each event out once for every client (a frame kept by its position: events-names.test.ts,
// "frames written once for all") — but a frame's masking depends on the case's people as they are when it is written,
// and a case gains people after its events were written: a referral to mediation names a respondent that an earlier
// note named, a merge (并案) makes the primary's people the duplicate's, a referral of the primary names one more. The
// case's history and the paged event log mask those names in the earlier events once the case names them; a frame
// kept from before did not (found in review, session 45: a reader that connected after the referral read the note with
// the respondent in clear, the frame a reader before it had been sent). And the people of the case a complaint was
// merged into masked the duplicate's merge step only: its steps before it (a supervisor's note naming the primary's
// complainant) were masked on a page with the merge step, in clear on a page without, and on the live feed whichever
// way the first client met them. DOMAIN.md "Jurisdiction and actors": personal data is masked in the live feed.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { liveFeedToLatest } from './helpers/liveFeed.js'
import { startServer, type TestServer } from './helpers/server.js'
import { GRID, who } from './helpers/namedPeople.js'

const grid = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID } satisfies Actor
const auditor = { id: 'au-1', role: 'auditor', jurisdiction: 'hohhot' } satisfies Actor
let s: TestServer

const post = async (actor: Actor, path: string, body: unknown = {}): Promise<string> => {
  const res = await s.call(actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300)
  return ((await res.json()) as { id: string }).id
}
const file = (name: string, phone: string): Promise<string> =>
  post(who.operator, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'neighbourhood', title: '夜间噪音', description: '楼上夜间装修', jurisdiction: GRID, complainant: { name, phone },
  })
/** Accepted, dispatched to the grid, acknowledged, referred to mediation naming `respondent`. */
const refer = async (id: string, respondent: { name: string; phone: string }): Promise<void> => {
  const c = (command: string) => `/api/v1/complaints/${id}/${command}`
  await post(who.operator, c('accept'))
  await post(who.operator, c('dispatch'), { unit: { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID } })
  await post(grid, c('acknowledge'))
  await post(grid, c('refer-to-mediation'), { disputeId: crypto.randomUUID(), disputeCategory: 'neighbour', respondents: [respondent], summary: '夜间装修噪音争议' })
}

/** The live feed from the start of the log as `actor` reads it, until the log's last event has come. */
const liveFeed = (actor: Actor): Promise<string> => liveFeedToLatest(s, actor)
/** The paged event log from its start, `limit` events a page, as `actor` reads it. */
const pagedLog = async (actor: Actor, limit: number): Promise<string> => {
  let text = ''
  for (let from = 0, more = true; more; ) {
    const page = (await (await s.call(actor, 'GET', `/api/v1/events?from=${from}&limit=${limit}`)).json()) as { events: unknown[]; next: number; more: boolean }
    text += JSON.stringify(page.events)
    ;({ next: from, more } = page)
  }
  return text
}
/** The frames (SSE events) of `feed` whose data holds `text`. */
const framesWith = (feed: string, text: string): string[] => feed.split('\n\n').filter((frame) => frame.includes(text))

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
})
afterAll(async () => {
  await s.close()
})

describe('a frame of the live feed is masked as the case’s people are now, not as they were when it was first written', () => {
  it('a note naming someone a later referral names as the respondent: masked for a reader after the referral', async () => {
    const id = await file('吴九', '13700009999')
    await post(who.supervisor, `/api/v1/complaints/${id}/add-note`, { note: '投诉人称郑十一家夜间施工' })
    // A reader before the referral: no case names 郑十一 yet — the note as written (its frame kept for later readers).
    expect(framesWith(await liveFeed(who.street), '投诉人称郑十一家夜间施工')).toHaveLength(1)
    await refer(id, { name: '郑十一', phone: '13600001111' })
    for (const reader of [who.street, auditor]) {
      const feed = await liveFeed(reader)
      expect(framesWith(feed, '投诉人称郑**家夜间施工'), reader.role).toHaveLength(1)
      expect(feed, reader.role).not.toContain('郑十一')
    }
    // As the paged log and the history read it.
    expect(await pagedLog(who.street, 100)).toContain('投诉人称郑**家夜间施工')
  })

  it('a merge step naming someone the primary’s later referral names: masked for a reader after the referral', async () => {
    const primary = await file('李四', '13900002222')
    const duplicate = await file('王五', '13812345678')
    await post(who.operator, `/api/v1/complaints/${duplicate}/accept`)
    await post(who.operator, `/api/v1/complaints/${duplicate}/merge`, { primaryId: primary, reason: '与李四反映的楼上赵六家装修为同一问题' })
    expect(framesWith(await liveFeed(who.street), '与李*反映的楼上赵六家装修为同一问题')).toHaveLength(1)
    await refer(primary, { name: '赵六', phone: '13600006666' })
    for (const reader of [who.street, auditor]) {
      const feed = await liveFeed(reader)
      expect(framesWith(feed, '与李*反映的楼上赵*家装修为同一问题'), reader.role).toHaveLength(1)
      expect(feed, reader.role).not.toContain('赵六')
    }
    expect(await pagedLog(who.street, 100)).toContain('与李*反映的楼上赵*家装修为同一问题')
  })

  it('a merged duplicate’s note before its merge, naming the primary’s complainant: masked however the events are paged or met', async () => {
    const primary = await file('钱七', '13900003333')
    const duplicate = await file('孙八', '13812340000')
    await post(who.supervisor, `/api/v1/complaints/${duplicate}/add-note`, { note: '疑与钱七所诉同一问题' })
    // A reader before the merge: 钱七 is no person of this case yet — the note as written (its frame kept).
    expect(framesWith(await liveFeed(who.street), '疑与钱七所诉同一问题')).toHaveLength(1)
    await post(who.operator, `/api/v1/complaints/${duplicate}/merge`, { primaryId: primary, reason: '同一问题，并案办理' })
    // The history masks it (the primary's people are the duplicate's history's): so does every reading of the log.
    const history = await (await s.call(auditor, 'GET', `/api/v1/complaints/${duplicate}/history`)).text()
    expect(history).toContain('疑与钱*所诉同一问题')
    for (const limit of [1, 100]) {
      const paged = await pagedLog(who.street, limit)
      expect(paged, `limit ${limit}`).toContain('疑与钱*所诉同一问题')
      expect(paged, `limit ${limit}`).not.toContain('疑与钱七')
    }
    for (const reader of [who.street, auditor]) {
      const feed = await liveFeed(reader)
      expect(framesWith(feed, '疑与钱*所诉同一问题'), reader.role).toHaveLength(1)
      expect(feed, reader.role).not.toContain('疑与钱七')
    }
  })
})
