// 补充诉求 / 补充材料 over the real server (SQLite, files under a temp DATA_DIR, a real port): the resident who owns a
// complaint adds text and a photo while it is handled (`POST /api/v1/complaints/{id}/supplement`); the handling unit
// reads the supplement on the case and fetches the photo (the attachment index reads the new event); a supervisor reads
// the text with its numbers masked, as a description; a resident of another case gets the 404 of a missing case; the
// hotline adds on the complainant's call; nothing once the case is closed; nothing empty.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { signToken, type RunningServer } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSignedServer } from './helpers/demoServer.js'

const secret = 'complaint-supplement-secret-complaint-supplement'
const STREET = 'hohhot/saihan/wulanchabu-east-road'
const COMMUNITY = `${STREET}/xinhua-community`
const GRID = `${COMMUNITY}/grid-017`
const community = { id: 'xinhua-community', level: 'community', jurisdiction: COMMUNITY }

let dir: string
let server: RunningServer
const tokens: Record<string, string> = {}
const others: Record<string, Actor> = {
  // A resident of the same grid whose complaint this is not.
  neighbour: { id: 'neighbour-resident', role: 'resident', jurisdiction: GRID },
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-complaint-supplement-'))
  server = await startSignedServer({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: secret, SQLITE_SYNCHRONOUS: 'normal' })
  Object.assign(tokens, server.demoTokens)
  for (const [name, actor] of Object.entries(others)) tokens[name] = await signToken({ secret }, actor)
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const png = (): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(512)])
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

const call = async (who: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const upload = async (who: string, bytes: Buffer): Promise<string> => {
  const res = await fetch(`${server.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'image/png' }, body: bytes })
  expect(res.status).toBe(201)
  return sha(bytes)
}
const fetchFile = async (who: string, hash: string) => (await fetch(`${server.url}/api/v1/attachments/${hash}`, { headers: { authorization: `Bearer ${tokens[who]}` } })).status

/** The demo resident's own complaint (王女士), accepted, dispatched to the community and acknowledged by it. */
const inHand = async (): Promise<string> => {
  const registered = await call('resident', 'POST', '/api/v1/complaints', {
    channel: 'mini-program', kind: 'complaint', category: 'heating', title: '暖气不热', description: '家里只有 15 度',
    jurisdiction: GRID, complainant: { name: '王女士', phone: '13800471234' },
  })
  expect(registered.status, JSON.stringify(registered.body)).toBe(201)
  const id = String(registered.body['id'])
  for (const [who, command, body] of [
    ['hotline-operator', 'accept', {}],
    ['hotline-operator', 'dispatch', { unit: community }],
    ['community-worker', 'acknowledge', {}],
  ] as const) expect((await call(who, 'POST', `/api/v1/complaints/${id}/${command}`, body)).status).toBe(200)
  return id
}

// A third person's number in the complainant's own words: masked for the roles that see masked data.
const TEXT = '补充：整栋楼都不热，物业经理电话 13712345678 一直不接。'
const TEXT_MASKED = '补充：整栋楼都不热，物业经理电话 137****5678 一直不接。'

describe('the complainant adds text and a photo to its complaint in hand (supplement)', () => {
  it('the owner supplements; the handling unit reads it on the case and fetches the photo it could not fetch before', async () => {
    const id = await inHand()
    const photo = await upload('resident', png())
    expect(await fetchFile('community-worker', photo)).toBe(404)

    const added = await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, { text: TEXT, attachments: [{ sha256: photo, kind: 'photo', caption: '客厅温度计' }] })
    expect(added.status, JSON.stringify(added.body)).toBe(200)
    expect(added.body['status']).toBe('acknowledged')

    const seen = await call('community-worker', 'GET', `/api/v1/complaints/${id}`)
    expect(seen.status).toBe(200)
    expect(seen.body['supplements']).toEqual([{ at: expect.any(String) as string, text: TEXT, attachments: [{ sha256: photo, kind: 'photo', caption: '客厅温度计' }] }])
    expect(await fetchFile('community-worker', photo)).toBe(200)

    const history = await call('community-worker', 'GET', `/api/v1/complaints/${id}/history`)
    const supplemented = (history.body['events'] as { type: string; actor: Actor; data: Record<string, unknown> }[]).filter((e) => e.type === 'ComplaintSupplemented')
    expect(supplemented.map((e) => [e.actor.id, e.data['text'], e.data['attachments']])).toEqual([['demo-resident', TEXT, [{ sha256: photo, kind: 'photo', caption: '客厅温度计' }]]])
  })

  it('a second supplement (text only, by the hotline on the complainant’s call) comes after the first, in order', async () => {
    const id = await inHand()
    expect((await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, { text: '第一次补充' })).status).toBe(200)
    const byPhone = await call('hotline-operator', 'POST', `/api/v1/complaints/${id}/supplement`, { text: '来电补充：卧室也不热' })
    expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(200)
    const texts = ((await call('community-worker', 'GET', `/api/v1/complaints/${id}`)).body['supplements'] as { text?: string }[]).map((s) => s.text)
    expect(texts).toEqual(['第一次补充', '来电补充：卧室也不热'])
  })

  it('a supervisor (masked data) reads the numbers in the text masked, on the case and its history; the case list too', async () => {
    const id = await inHand()
    expect((await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, { text: TEXT })).status).toBe(200)
    const view = await call('supervisor', 'GET', `/api/v1/complaints/${id}`)
    expect(view.status).toBe(200)
    expect(view.body['supplements']).toEqual([{ at: expect.any(String) as string, text: TEXT_MASKED }])
    const history = await call('supervisor', 'GET', `/api/v1/complaints/${id}/history`)
    expect(JSON.stringify(history.body)).toContain(TEXT_MASKED)
    expect(JSON.stringify(history.body)).not.toContain('13712345678')
    const list = await call('community-worker', 'GET', '/api/v1/complaints?limit=100')
    const row = (list.body['items'] as Record<string, unknown>[]).find((c) => c['id'] === id)
    expect(row?.['supplements']).toEqual([{ at: expect.any(String) as string, text: TEXT_MASKED }])
    // The event log (always masked) lists the event like any other, its text masked.
    const log: { type: string; data: Record<string, unknown> }[] = []
    for (let from = 0, more = true; more; ) {
      const page = await call('community-worker', 'GET', `/api/v1/events?from=${from}&limit=100`)
      expect(page.status).toBe(200)
      log.push(...(page.body['events'] as typeof log))
      from = Number(page.body['next'])
      more = page.body['more'] === true
    }
    const events = log.filter((e) => e.type === 'ComplaintSupplemented' && e.data['complaintId'] === id)
    expect(events.map((e) => e.data['text'])).toEqual([TEXT_MASKED])
  })

  // The owner's own words, by the rule of its description (DOMAIN.md "roles and least privilege"): what it adds to its
  // case (itself, or the hotline on its call) is what it wrote or dictated, as the text it opened the case with — shown
  // back in full on every view that shows it its description in full (the case, a command's answer, the history), and
  // masked wherever its description is masked (the list, the event log).
  it('the owner reads its supplement as it reads its description: in full on the case, the command’s answer and the history; masked in the list', async () => {
    const registered = await call('resident', 'POST', '/api/v1/complaints', {
      channel: 'mini-program', kind: 'complaint', category: 'heating', title: '暖气不热', description: TEXT,
      jurisdiction: GRID, complainant: { name: '王女士', phone: '13800471234' },
    })
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    const id = String(registered.body['id'])
    expect(registered.body['description']).toBe(TEXT)
    const added = await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, { text: `请打 13800471234；${TEXT}` })
    expect(added.status, JSON.stringify(added.body)).toBe(200)
    expect(added.body['supplements']).toEqual([{ at: expect.any(String) as string, text: `请打 13800471234；${TEXT}` }])
    const byPhone = await call('hotline-operator', 'POST', `/api/v1/complaints/${id}/supplement`, { text: `来电补充：${TEXT}` })
    expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(200)

    const own = await call('resident', 'GET', `/api/v1/complaints/${id}`)
    expect(own.body['description']).toBe(TEXT)
    expect((own.body['supplements'] as { text: string }[]).map((s) => s.text)).toEqual([`请打 13800471234；${TEXT}`, `来电补充：${TEXT}`])
    const history = await call('resident', 'GET', `/api/v1/complaints/${id}/history`)
    const events = history.body['events'] as { type: string; data: Record<string, unknown> }[]
    expect(events.find((e) => e.type === 'ComplaintRegistered')?.data['description']).toBe(TEXT)
    expect(events.filter((e) => e.type === 'ComplaintSupplemented').map((e) => e.data['text'])).toEqual([`请打 13800471234；${TEXT}`, `来电补充：${TEXT}`])

    // The list masks the description for everyone, the owner too: the supplements with it.
    const list = await call('resident', 'GET', '/api/v1/complaints?limit=100')
    const row = (list.body['items'] as Record<string, unknown>[]).find((c) => c['id'] === id)
    expect(row?.['description']).toBe(TEXT_MASKED)
    expect(JSON.stringify(row?.['supplements'])).not.toContain('13712345678')
    expect((row?.['supplements'] as { text: string }[]).map((s) => s.text)).toEqual([`请打 138****1234；${TEXT_MASKED}`, `来电补充：${TEXT_MASKED}`])
  })

  it('a supervisor reads the owner’s supplement masked, as it reads its description', async () => {
    const id = await inHand()
    expect((await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, { text: TEXT })).status).toBe(200)
    const view = await call('supervisor', 'GET', `/api/v1/complaints/${id}`)
    expect(view.body['description']).toBe('家里只有 15 度')
    expect((view.body['supplements'] as { text: string }[]).map((s) => s.text)).toEqual([TEXT_MASKED])
  })

  it('webhooks may subscribe to it: the OpenAPI document lists ComplaintSupplemented among the event types', async () => {
    const spec = JSON.stringify(await (await fetch(`${server.url}/openapi.json`)).json())
    expect(spec).toContain('"ComplaintSupplemented"')
  })
})

describe('who and when may not', () => {
  it('a resident whose case it is not: 404 with the body of a missing case, and nothing is written', async () => {
    const id = await inHand()
    const before = ((await call('community-worker', 'GET', `/api/v1/complaints/${id}/history`)).body['events'] as unknown[]).length
    const refused = await call('neighbour', 'POST', `/api/v1/complaints/${id}/supplement`, { text: '我也补充' })
    const missing = await call('neighbour', 'POST', `/api/v1/complaints/${crypto.randomUUID()}/supplement`, { text: '我也补充' })
    expect(refused.status).toBe(404)
    expect(refused.body).toEqual(missing.body)
    expect(((await call('community-worker', 'GET', `/api/v1/complaints/${id}/history`)).body['events'] as unknown[]).length).toBe(before)
  })

  it('the handling unit may not (403: it is the complainant’s word); nothing at all is 400 at text; a closed case is 409', async () => {
    const id = await inHand()
    expect((await call('community-worker', 'POST', `/api/v1/complaints/${id}/supplement`, { text: '代为补充' })).status).toBe(403)
    const empty = await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, {})
    expect(empty.status).toBe(400)
    expect(empty.body).toMatchObject({ errors: [{ path: 'text' }] })
    const noFiles = await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, { attachments: [] })
    expect(noFiles.status).toBe(400)
    expect(noFiles.body).toMatchObject({ errors: [{ path: 'attachments' }] })
    for (const [who, command, body] of [
      ['community-worker', 'submit-result', { result: '已排气，暖气恢复', outcome: 'resolved' }],
      ['hotline-operator', 'notify-complainant', { method: 'phone' }],
      ['resident', 'evaluate', { rating: 'satisfied' }],
      ['hotline-operator', 'close', {}],
    ] as const) expect((await call(who, 'POST', `/api/v1/complaints/${id}/${command}`, body)).status).toBe(200)
    const late = await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, { text: '又不热了' })
    expect(late.status).toBe(409)
    expect(late.body).toMatchObject({ type: 'urn:gridcase:problem:invalid-transition' })
  })
})
