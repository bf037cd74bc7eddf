// 并案: a merged duplicate's masked history masks the people of the case it was merged into in the merge step's reason
// (merged-reason.test.ts) — the primary's people as the primary's history names them *now*. When the primary gains a
// person (a referral to mediation names its respondent), the duplicate's version does not move, yet its masked history
// changes: the respondent the hotline's reason named, in clear while no case named them, is masked from then on. Found
// in review (session 45): the history's ETag named the duplicate's version and view only, so `If-None-Match` with the
// ETag read before the referral answered 304 — "your copy, the respondent's name in it, is still current". Over the
// real server (SQLite files, a real port, the processes it runs). DOMAIN.md "Jurisdiction and actors": personal data
// masked for auditors and supervisors, a resident sees its own data only.
import type { Actor } from '@gridcase/core/access'
import { request, type IncomingHttpHeaders } from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startRealServer, type RealServer } from './helpers/realServer.js'

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const GRID = `${STREET}/community-a/grid-001`
const who = {
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  supervisor: { id: 'sv-1', role: 'supervisor', jurisdiction: 'hohhot' },
  auditor: { id: 'au-1', role: 'auditor', jurisdiction: 'hohhot' },
  wang: { id: 'r-wang', role: 'resident', jurisdiction: GRID },
} satisfies Record<string, Actor>
const REASON = '与李四反映的楼上赵六家夜间装修为同一问题，并案办理'

let real: RealServer
let primary = ''
let duplicate = ''

const ok = (actor: Actor, path: string, body: unknown = {}): Promise<string> => real.ok(actor, path, body)
const file = async (actor: Actor, channel: string, complainant: Record<string, unknown>, description = '楼上夜间装修'): Promise<string> =>
  (JSON.parse(await ok(actor, '/api/v1/complaints', {
    channel, kind: 'complaint', category: 'neighbourhood', title: '夜间噪音', description, jurisdiction: GRID, complainant,
  })) as { id: string }).id

beforeAll(async () => {
  real = await startRealServer('merged-history-etag')
  primary = await file(who.hotline, 'hotline-12345', { name: '李四', phone: '13900002222' })
  // Its description names the primary's people too, as its view shows it (masked there as in its history: session 47).
  duplicate = await file(who.wang, 'mini-program', { name: '王五', phone: '13812345678' }, '与李四一样，楼上赵六家夜间装修')
  await ok(who.hotline, `/api/v1/complaints/${duplicate}/accept`)
  await ok(who.hotline, `/api/v1/complaints/${duplicate}/merge`, { primaryId: primary, reason: REASON })
})
afterAll(async () => {
  await real?.close()
})

/**
 * The duplicate's history as `actor` reads it, conditional on `etag` when one is given: its status, ETag and merge step's
 * reason. Through node:http, as curl or an app's HTTP cache asks: fetch adds `Cache-Control: no-cache` to a request
 * with `If-None-Match` (the Fetch standard's "no-store" mode), which express's freshness check takes as "send it whole".
 */
const history = async (actor: Actor, etag?: string): Promise<{ status: number; etag: string; reason?: string }> => {
  const { status, etag: tag, text } = await conditional(actor, `/api/v1/complaints/${duplicate}/history`, etag)
  const events = status === 200 ? (JSON.parse(text) as { events: { type: string; reason?: string }[] }).events : []
  const reason = events.find((e) => e.type === 'ComplaintMerged')?.reason
  return { status, etag: tag, ...(reason === undefined ? {} : { reason }) }
}

/** The duplicate's view as `actor` reads it, conditional on `etag`: its status, ETag and description. */
const view = async (actor: Actor, etag?: string): Promise<{ status: number; etag: string; description?: string }> => {
  const { status, etag: tag, text } = await conditional(actor, `/api/v1/complaints/${duplicate}`, etag)
  const description = status === 200 ? (JSON.parse(text) as { description?: string }).description : undefined
  return { status, etag: tag, ...(description === undefined ? {} : { description }) }
}

const conditional = async (actor: Actor, path: string, etag?: string): Promise<{ status: number; etag: string; text: string }> => {
  const token = await real.token(actor)
  const { status, headers, text } = await new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = request(`${real.server.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...(etag === undefined ? {} : { 'if-none-match': etag }) } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
  return { status, etag: String(headers.etag ?? ''), text }
}

it('a masked history read before the primary named a new person is not current after it: 200 with the person masked, never 304', async () => {
  const readers = [who.supervisor, who.auditor, who.wang]
  const before = new Map<string, string>()
  for (const actor of readers) {
    const read = await history(actor)
    expect(read.status).toBe(200)
    // The primary's complainant masked; 赵六, whom no case names yet, as written.
    expect(read.reason, actor.role).toBe('与李*反映的楼上赵六家夜间装修为同一问题，并案办理')
    // The history answers a conditional GET: unchanged, 304.
    expect((await history(actor, read.etag)).status, actor.role).toBe(304)
    before.set(actor.id, read.etag)
    // Its view masks them as its history does (found in review, session 47: in full on the view), its ETag as current.
    const shown = await view(actor)
    expect(shown.description, actor.role).toBe('与李*一样，楼上赵六家夜间装修')
    expect((await view(actor, shown.etag)).status, actor.role).toBe(304)
    before.set(`view ${actor.id}`, shown.etag)
  }

  // The primary is referred to mediation: its referral names 赵六 as the respondent. The duplicate does not move.
  const c = (command: string) => `/api/v1/complaints/${primary}/${command}`
  await ok(who.hotline, c('accept'))
  await ok(who.hotline, c('dispatch'), { unit: { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID } })
  await ok(who.grid, c('acknowledge'))
  await ok(who.grid, c('refer-to-mediation'), { disputeId: crypto.randomUUID(), disputeCategory: 'neighbour', respondents: [{ name: '赵六', phone: '13600001111' }], summary: '夜间装修噪音争议' })

  for (const actor of readers) {
    const again = await history(actor, before.get(actor.id))
    expect(again.status, actor.role).toBe(200)
    expect(again.reason, actor.role).toBe('与李*反映的楼上赵*家夜间装修为同一问题，并案办理')
    expect(again.etag, actor.role).not.toBe(before.get(actor.id))
    // Its new ETag is current, until the primary's people change again.
    expect((await history(actor, again.etag)).status, actor.role).toBe(304)
    const shown = await view(actor, before.get(`view ${actor.id}`))
    expect(shown.status, actor.role).toBe(200)
    expect(shown.description, actor.role).toBe('与李*一样，楼上赵*家夜间装修')
    expect((await view(actor, shown.etag)).status, actor.role).toBe(304)
  }
  // The hotline, who reads it in full, reads the reason as recorded, its ETag unchanged by the primary's people.
  const full = await history(who.hotline)
  expect(full.reason).toBe(REASON)
  expect(full.etag).toMatch(/^W\/"\d+"$/)
})
