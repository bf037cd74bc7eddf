// 并案: the hotline's reason for merging a complaint into another often names the primary's complainant and where it
// lives (与李四（新华社区5号楼3单元201）反映的同一问题). The duplicate's complainant is told the primary's outcome, masked of
// the primary's people (merged-outcome.test.ts), and the primary is 404 to it; its own history's merge step must not
// name them either. Masked readers (an auditor) likewise: the primary's people are masked on the primary, so in the
// reason that names them. (DOMAIN.md "Jurisdiction and actors": personal data only to those who need it.) Decided:
// `mergedInto`, the primary's id, stays — the 12345 practice tells a merged complaint which case it follows, a random id
// names no one, and every route answers it with the 404 of a missing case (merged-outcome.test.ts).
import { PassThrough } from 'node:stream'
import type { Actor } from '@gridcase/core/access'
import { exportLog, runCli } from '@gridcase/adapters'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, startServer, type TestServer } from './helpers/server.js'
import { liveFeedToLatest } from './helpers/liveFeed.js'

const GRID = `${COMMUNITY_A}/grid-001`
const wang: Actor = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
const li: Actor = { id: 'r-li', role: 'resident', jurisdiction: GRID }
const op = actors.operator
const REASON = '与李四（新华社区5号楼3单元201）反映的同一问题，并案办理'
const B_DATA = /李四|5号楼3单元201|r-li/
let s: TestServer
let primary = ''
let duplicate = ''

const file = async (owner: Actor, complainant: Record<string, unknown>, description: string, address?: string): Promise<string> =>
  (await postAs(s, owner, '/api/v1/complaints', {
    channel: 'mini-program', kind: 'complaint', category: 'parking', title: '占道停车', description, jurisdiction: GRID, complainant,
    ...(address === undefined ? {} : { address }),
  }))['id'] as string

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  primary = await file(li, { name: '李四', phone: '13900002222' }, '门口长期停车', '新华社区5号楼3单元201')
  duplicate = await file(wang, { name: '王五', phone: '13812345678' }, '5号楼门口有车长期占道')
  await postAs(s, op, `/api/v1/complaints/${duplicate}/accept`)
  await postAs(s, op, `/api/v1/complaints/${duplicate}/merge`, { primaryId: primary, reason: REASON })
})
afterAll(async () => {
  await s.close()
})

const historyOf = async (actor: Actor): Promise<{ type: string; reason?: string; data?: Record<string, unknown> }[]> => {
  const res = await s.call(actor, 'GET', `/api/v1/complaints/${duplicate}/history`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { events: { type: string; reason?: string; data?: Record<string, unknown> }[] }).events
}

it('the duplicate’s complainant reads the merge step without the primary’s people', async () => {
  const events = await historyOf(wang)
  const merged = events.find((e) => e.type === 'ComplaintMerged')
  expect(merged?.data?.['primaryId']).toBe(primary)
  expect(merged?.reason).toBe('与李*（新************）反映的同一问题，并案办理')
  expect(JSON.stringify(events)).not.toMatch(B_DATA)
})

it('an auditor reads it masked too; the hotline in full', async () => {
  expect(JSON.stringify(await historyOf(actors.auditor))).not.toMatch(B_DATA)
  expect((await historyOf(op)).find((e) => e.type === 'ComplaintMerged')?.reason).toBe(REASON)
})

// The same merge step on every other masked output (DOMAIN.md: personal data is masked in lists, exports, the live
// feed, and for auditors and supervisors): the event log and the live feed, a masked webhook delivery, and the audit
// CLI's `history --mask` and `export --mask` — each masked the reason with the duplicate's own people only.

/** The events the log answers a reader from its start (one page, or one event a page). */
const logOf = async (actor: Actor, limit = 100): Promise<{ type: string; reason?: string }[]> => {
  const events: { type: string; reason?: string }[] = []
  let from = 0
  for (;;) {
    const res = await s.call(actor, 'GET', `/api/v1/events?from=${from}&limit=${limit}`)
    expect(res.status).toBe(200)
    const page = (await res.json()) as { events: { type: string; reason?: string }[]; next: number; more: boolean }
    events.push(...page.events)
    if (!page.more) return events
    from = page.next
  }
}

it('the event log masks the primary’s people in the merge step, page by page too', async () => {
  for (const limit of [100, 1]) {
    const events = await logOf(actors.supervisor, limit)
    expect(events.find((e) => e.type === 'ComplaintMerged')?.reason, `limit ${limit}`).toBe('与李*（新************）反映的同一问题，并案办理')
    // The primary's own registration is masked as it always was; the merge step no longer names them.
    expect(JSON.stringify(events.filter((e) => e.type === 'ComplaintMerged')), `limit ${limit}`).not.toMatch(B_DATA)
  }
})

it('the live feed masks them too', async () => {
  const text = await liveFeedToLatest(s, actors.supervisor)
  const merged = text.split('\n\n').find((frame) => frame.includes('event: ComplaintMerged'))
  expect(merged).toContain('与李*（新************）反映的同一问题')
  expect(merged).not.toMatch(B_DATA)
})

/** Runs the CLI in this process against the server's store, capturing its output. */
const cli = async (...argv: string[]): Promise<{ code: number; out: string }> => {
  const stdout = new PassThrough()
  const stderr = Object.assign(new PassThrough(), { isTTY: false })
  let out = ''
  stdout.on('data', (c: Buffer) => (out += c.toString()))
  stderr.resume()
  const code = await runCli(argv, { stdout, stderr, openStore: () => ({ ...s.store, close: async () => {} }), logSize: () => undefined })
  return { code, out }
}

it('the audit CLI’s history --mask masks them; without --mask it reads the reason as recorded', async () => {
  for (const argv of [['--mask'], ['--mask', '--json']]) {
    const masked = await cli('audit', 'history', duplicate, ...argv)
    expect(masked.code).toBe(0)
    expect(masked.out).toContain('与李*（新************）反映的同一问题')
    expect(masked.out, argv.join(' ')).not.toMatch(/李四|5号楼3单元201/)
  }
  expect((await cli('audit', 'history', duplicate)).out).toContain(REASON)
})

it('the audit export --mask masks them, from the start of the log or from the merge on', async () => {
  const merge = (await s.store.readAll()).find((e) => e.type === 'ComplaintMerged')
  for (const format of ['csv', 'ndjson'] as const) {
    for (const fromPosition of [0, merge?.position ?? 0]) {
      const out = new PassThrough()
      let text = ''
      out.on('data', (c: Buffer) => (text += c.toString()))
      await exportLog(s.store, out, { format, mask: true, fromPosition, pageSize: 1 })
      const line = text.split('\n').find((l) => l.includes('ComplaintMerged'))
      expect(line, `${format} from ${fromPosition}`).toContain('与李*（新************）反映的同一问题')
      expect(line, `${format} from ${fromPosition}`).not.toMatch(/李四|5号楼3单元201/)
    }
  }
})
