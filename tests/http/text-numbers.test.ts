// DOMAIN.md "Jurisdiction and actors": personal data is masked everywhere except on the case, for the roles that handle
// it — a phone number or a 身份证号 that a hotline operator types into free text (a description "请联系我 13912345678",
// a note "当事人身份证 110105199001011234") too, not only the structured `phone` and `idNumber` fields. Over a real
// server: a supervisor's view and history, a community worker's list rows and event log, a resident's own case; and
// the audit CLI's `history --mask` and `export --mask`.
import { PassThrough } from 'node:stream'
import type { Actor } from '@gridcase/core/access'
import { exportLog, runCli } from '@gridcase/adapters'
import { complaints } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, startServer, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const who = {
  operator: actors.operator,
  supervisor: actors.supervisor,
  worker: actors.workerA,
  owner: { id: 'r-zhao', role: 'resident', jurisdiction: GRID },
} satisfies Record<string, Actor>

/** Numbers in clear, as typed: none may reach a masked reader. */
const IN_CLEAR = ['13912345678', '139-1234-5678', '110105199001011234', '0471-4567890', '13700001111']
const DESCRIPTION = '暖气不热，请联系我 13912345678 或 139-1234-5678，家里座机0471-4567890。'
const NOTE = '当事人身份证 110105199001011234，已电话联系。'
/** What the same text reads masked: the shapes of `maskPhone` and `maskIdNumber`. */
const DESCRIPTION_MASKED = '暖气不热，请联系我 139****5678 或 139****5678，家里座机*******7890。'
const NOTE_MASKED = '当事人身份证 110105********1234，已电话联系。'

let s: TestServer
let complaint = ''
let owned = ''

const ok = async (actor: Actor, path: string, body: unknown, status = 200): Promise<string> => {
  const res = await s.call(actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status)
  return ((await res.json()) as { id: string }).id
}
const text = async (actor: Actor, path: string): Promise<string> => {
  const res = await s.call(actor, 'GET', path)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
  return res.text()
}
const leaked = (body: string): string[] => IN_CLEAR.filter((n) => body.includes(n))

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints()] })
  complaint = await ok(who.operator, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: DESCRIPTION,
    jurisdiction: GRID, complainant: { name: '周八', phone: '13700007777' },
  }, 201)
  await ok(who.supervisor, `/api/v1/complaints/${complaint}/add-note`, { note: NOTE })
  // A resident's own complaint: its own number in its own text, and a note naming someone else's number.
  owned = await ok(who.owner, '/api/v1/complaints', {
    channel: 'mini-program', kind: 'complaint', category: 'heating', title: '暖气不热', description: '请回电 13912345678',
    jurisdiction: GRID, complainant: { name: '赵九', phone: '13912345678' },
  }, 201)
  // Notes of the handling it reads (a supervisor's notes are not the resident's to read: resident-history-oversight).
  await ok(who.operator, `/api/v1/complaints/${owned}/accept`, { note: '物业经理电话 13700001111' })
  await ok(who.operator, `/api/v1/complaints/${owned}/dispatch`, { unit: { id: GRID, level: 'grid', jurisdiction: GRID }, note: '已按 139-1234-5678 回电' })
})
afterAll(async () => {
  await s.close()
})

describe('numbers written into free text, over HTTP', () => {
  it("are masked on a supervisor's view of the case and its history", async () => {
    const view = await text(who.supervisor, `/api/v1/complaints/${complaint}`)
    expect(JSON.parse(view)).toMatchObject({ description: DESCRIPTION_MASKED })
    expect(leaked(view)).toEqual([])
    const history = await text(who.supervisor, `/api/v1/complaints/${complaint}/history`)
    expect(history).toContain(DESCRIPTION_MASKED)
    expect(history).toContain(NOTE_MASKED)
    expect(leaked(history)).toEqual([])
  })

  it("are masked on a community worker's list rows and the event log", async () => {
    const list = await text(who.worker, '/api/v1/complaints')
    expect(list).toContain(DESCRIPTION_MASKED)
    expect(leaked(list)).toEqual([])
    const log = await text(who.worker, '/api/v1/events?from=0&limit=100')
    expect(log).toContain(DESCRIPTION_MASKED)
    expect(log).toContain(NOTE_MASKED)
    expect(leaked(log)).toEqual([])
  })

  it('stay in clear for the roles that handle the case, on the case', async () => {
    const view = await text(who.operator, `/api/v1/complaints/${complaint}`)
    expect(JSON.parse(view)).toMatchObject({ description: DESCRIPTION })
    expect(await text(who.operator, `/api/v1/complaints/${complaint}/history`)).toContain(NOTE)
  })

  it('on a 举报, are masked for a handling role that may not know who reported, as its complainant is; shown to the hotline', async () => {
    const report = await ok(who.operator, '/api/v1/complaints', {
      channel: 'hotline-12345', kind: 'report', category: 'heating', title: '楼道堆物', description: '举报楼道堆物，举报人电话 13912345678',
      jurisdiction: GRID, complainant: { name: '周八', phone: '13912345678' },
    }, 201)
    const street = await text(actors.street, `/api/v1/complaints/${report}`)
    expect(JSON.parse(street)).toMatchObject({ description: '举报楼道堆物，举报人电话 139****5678', complainant: { phone: '139****5678' } })
    expect(leaked(street)).toEqual([])
    expect(JSON.parse(await text(who.operator, `/api/v1/complaints/${report}`))).toMatchObject({ description: '举报楼道堆物，举报人电话 13912345678' })
  })

  it("a resident reads its own number (anywhere) and its own text in clear, another's number in a note masked", async () => {
    const view = await text(who.owner, `/api/v1/complaints/${owned}`)
    expect(JSON.parse(view)).toMatchObject({ description: '请回电 13912345678', complainant: { phone: '13912345678' } })
    const history = await text(who.owner, `/api/v1/complaints/${owned}/history`)
    expect(history).toContain('请回电 13912345678')
    expect(history).toContain('物业经理电话 137****1111')
    // Its own number, in someone else's note: its own.
    expect(history).toContain('已按 139-1234-5678 回电')
    expect(history).not.toContain('13700001111')
  })
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

describe('numbers written into free text, on the audit CLI', () => {
  it('history --mask masks them in each line and the state printed', async () => {
    const json = await cli('audit', 'history', complaint, '--json', '--mask', '--version', '2')
    expect(json.code).toBe(0)
    expect(json.out).toContain(DESCRIPTION_MASKED)
    expect(json.out).toContain(NOTE_MASKED)
    expect(leaked(json.out)).toEqual([])
    // Without --mask, as recorded.
    const full = await cli('audit', 'history', complaint, '--json', '--version', '2')
    expect(full.out).toContain(NOTE)
  })

  it('export --mask masks them', async () => {
    const out = new PassThrough()
    let body = ''
    out.on('data', (c: Buffer) => (body += c.toString()))
    await exportLog(s.store, out, { format: 'ndjson', mask: true })
    expect(body).toContain(NOTE_MASKED)
    expect(leaked(body)).toEqual([])
  })
})
