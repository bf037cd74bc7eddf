// Attachments over HTTP (issue 16): the real server (`startGridcaseServer`), SQLite and files under a temp
// DATA_DIR, a real port. Upload, fetch, least privilege, limits, deduplication, references from commands,
// and verify naming an attachment altered or removed on disk.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signToken, type RunningServer } from '@gridcase/http'
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSignedServer } from './helpers/demoServer.js'

const secret = 'attachments-test-secret-attachments-test-secret'
const LIMIT = 64 * 1024
const STREET = 'hohhot/saihan/wulanchabu-east-road'
const COMMUNITY = `${STREET}/xinhua-community`
const GRID = `${COMMUNITY}/grid-017`
const community = { id: 'xinhua-community', level: 'community', jurisdiction: COMMUNITY }

let dir: string
let server: RunningServer
const tokens: Record<string, string> = {}
const others: Record<string, Actor> = {
  // A community worker of another street: reads nothing of ours.
  outsider: { id: 'outsider', role: 'community-worker', jurisdiction: 'hohhot/saihan/other-street/other-community' },
  neighbour: { id: 'neighbour-resident', role: 'resident', jurisdiction: GRID },
  // A mediator of the same street and track, not assigned to the dispute.
  otherMediator: { id: 'other-mediator', role: 'mediator', jurisdiction: STREET, track: 'people' },
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-attachments-'))
  server = await startSignedServer({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: secret, SQLITE_SYNCHRONOUS: 'normal', ATTACHMENTS_MAX_BYTES: String(LIMIT) })
  Object.assign(tokens, server.demoTokens)
  for (const [name, actor] of Object.entries(others)) tokens[name] = await signToken({ secret }, actor)
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

// Bytes that are what they say, by their magic numbers, and unique per call (each test its own files).
const png = (size = 256): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size)])
const jpeg = (size = 256): Buffer => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size)])
const pdf = (): Buffer => Buffer.from(`%PDF-1.4\n% 调解协议书 ${randomBytes(8).toString('hex')}\n%%EOF\n`)
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

const attachmentsDir = () => join(dir, 'attachments')
/** Every file kept by hash under DATA_DIR/attachments (ab/cd/<sha256>). */
const storedFiles = (): string[] =>
  readdirSync(attachmentsDir(), { recursive: true, encoding: 'utf8' }).filter((p) => /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p))
const tempFiles = (): string[] => (existsSync(join(attachmentsDir(), 'tmp')) ? readdirSync(join(attachmentsDir(), 'tmp')) : [])
const pathOf = (hash: string) => join(attachmentsDir(), hash.slice(0, 2), hash.slice(2, 4), hash)

const upload = async (who: string, body: Buffer, contentType: string) => {
  const res = await fetch(`${server.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': contentType }, body })
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> }
}
const fetchFile = (who: string, hash: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/v1/attachments/${hash}`, { headers: { authorization: `Bearer ${tokens[who]}`, ...headers } })
const call = async (who: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const uploaded = async (who: string, body: Buffer, contentType: string): Promise<string> => {
  const res = await upload(who, body, contentType)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return String(res.body['sha256'])
}
const register = async (who: string, attachments: unknown[] = [], extra: Record<string, unknown> = {}) => {
  const res = await call(who, 'POST', '/api/v1/complaints', {
    channel: 'mini-program',
    kind: 'complaint',
    category: 'heating',
    title: '暖气不热',
    description: '家里只有 15 度',
    jurisdiction: GRID,
    complainant: { name: '王女士', phone: '13800471234' },
    ...(attachments.length === 0 ? {} : { attachments }),
    ...extra,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return String(res.body['id'])
}
const neverUploaded = async () => (await fetchFile('admin', sha(randomBytes(32)))).json()

describe('POST /api/v1/attachments', () => {
  it('keeps an upload by its SHA-256 under DATA_DIR/attachments/ab/cd/<sha256> and answers {sha256, size, contentType}', async () => {
    const bytes = png()
    const res = await upload('resident', bytes, 'image/png')
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ sha256: sha(bytes), size: bytes.length, contentType: 'image/png' })
    expect(res.headers.get('location')).toBe(`/api/v1/attachments/${sha(bytes)}`)
    expect(existsSync(pathOf(sha(bytes)))).toBe(true)
  })

  it('takes multipart/form-data too (the part named "file")', async () => {
    const bytes = pdf()
    const form = new FormData()
    form.append('note', 'ignored')
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'agreement.pdf')
    const res = await fetch(`${server.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens['mediator']}` }, body: form })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ sha256: sha(bytes), size: bytes.length, contentType: 'application/pdf' })
    const none = new FormData()
    none.append('other', new Blob([bytes], { type: 'application/pdf' }), 'x.pdf')
    const missing = await fetch(`${server.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens['mediator']}` }, body: none })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('file')
  })

  it('deduplicates: the same bytes uploaded twice are one file, and both uploaders may fetch it', async () => {
    const bytes = jpeg()
    const before = storedFiles().length
    expect(await uploaded('grid-worker', bytes, 'image/jpeg')).toBe(sha(bytes))
    expect(await uploaded('community-worker', bytes, 'image/jpeg')).toBe(sha(bytes))
    expect(storedFiles().length).toBe(before + 1)
    expect((await fetchFile('grid-worker', sha(bytes))).status).toBe(200)
    expect((await fetchFile('community-worker', sha(bytes))).status).toBe(200)
  })

  it('413 over the size limit, and nothing is kept (no file, no temporary file)', async () => {
    const before = storedFiles()
    const big = png(LIMIT)
    const declared = await upload('grid-worker', big, 'image/png')
    expect(declared.status).toBe(413)
    expect(declared.body).toMatchObject({ type: 'urn:gridcase:problem:too-large', limit: LIMIT })
    // Without a Content-Length (chunked): the stream is cut at the first byte over the limit.
    const chunks = [big.subarray(0, 40_000), big.subarray(40_000)]
    const streamed = await fetch(`${server.url}/api/v1/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['grid-worker']}`, 'content-type': 'image/png' },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift()
          if (next === undefined) controller.close()
          else controller.enqueue(next)
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    // As a multipart part: the same.
    const form = new FormData()
    form.append('file', new Blob([big], { type: 'image/png' }), 'big.png')
    const multipart = await fetch(`${server.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens['grid-worker']}` }, body: form })
    expect(multipart.status).toBe(413)
    expect(storedFiles()).toEqual(before)
    expect(existsSync(pathOf(sha(big)))).toBe(false)
    expect(tempFiles()).toEqual([])
    expect((await fetchFile('grid-worker', sha(big))).status).toBe(404)
  })

  it('415 for a type not accepted, and for content that is not what it is declared to be (a PNG declared as a PDF)', async () => {
    const before = storedFiles()
    const bytes = png()
    const mismatch = await upload('grid-worker', bytes, 'application/pdf')
    expect(mismatch.status).toBe(415)
    expect(mismatch.body).toMatchObject({ type: 'urn:gridcase:problem:unsupported-media-type', errors: [{ path: 'headers.Content-Type' }] })
    expect(String(mismatch.body['detail'])).toContain('image/png')
    const text = await upload('grid-worker', Buffer.from('hello'), 'text/plain')
    expect(text.status).toBe(415)
    const exe = await upload('grid-worker', Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00'), 'image/jpeg')
    expect(exe.status).toBe(415)
    const form = new FormData()
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'not-a.pdf')
    const multipart = await fetch(`${server.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens['grid-worker']}` }, body: form })
    expect(multipart.status).toBe(415)
    expect(storedFiles()).toEqual(before)
    expect(tempFiles()).toEqual([])
  })

  it('an auditor uploads nothing (read-only); no token is 401', async () => {
    expect((await upload('auditor', png(), 'image/png')).status).toBe(403)
    const anonymous = await fetch(`${server.url}/api/v1/attachments`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png() })
    expect(anonymous.status).toBe(401)
  })
})

describe('GET /api/v1/attachments/{sha256}', () => {
  it('serves the bytes with Content-Type, nosniff, Content-Disposition and an ETag (304 when unchanged)', async () => {
    const bytes = png()
    const hash = await uploaded('resident', bytes, 'image/png')
    const res = await fetchFile('resident', hash)
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="${hash}.png"`)
    expect(res.headers.get('etag')).toBe(`"${hash}"`)
    expect((await fetchFile('resident', hash, { 'if-none-match': `"${hash}"` })).status).toBe(304)
    const doc = await uploaded('resident', pdf(), 'application/pdf')
    expect((await fetchFile('resident', doc)).headers.get('content-disposition')).toBe(`attachment; filename="${doc}.pdf"`)
  })

  it('an upload no case names is served to its uploader only: 404 to anyone else, the body of a file never uploaded', async () => {
    const hash = await uploaded('resident', png(), 'image/png')
    const other = await fetchFile('street-officer', hash)
    expect(other.status).toBe(404)
    expect(await other.json()).toEqual(await neverUploaded())
  })

  it('a file named by a case is served to those who may read the case; to an actor outside its scope it is 404, the body of a missing file', async () => {
    const hash = await uploaded('resident', png(), 'image/png')
    const id = await register('resident', [{ sha256: hash, kind: 'photo', caption: '暖气片' }])
    const view = await call('community-worker', 'GET', `/api/v1/complaints/${id}`)
    expect(view.body['attachments']).toEqual([{ sha256: hash, kind: 'photo', caption: '暖气片' }])
    expect((await fetchFile('community-worker', hash)).status).toBe(200)
    expect((await fetchFile('street-officer', hash)).status).toBe(200)
    expect((await fetchFile('auditor', hash)).status).toBe(200)
    const outsider = await fetchFile('outsider', hash)
    expect(outsider.status).toBe(404)
    const body = await outsider.json()
    expect(body).toEqual(await neverUploaded())
    // The other resident may not read this resident's case, so not its photo either.
    expect((await fetchFile('neighbour', hash)).status).toBe(404)
  })

  it('for every actor, a photo on a case is served exactly when the case is (and with the same 404 body when not)', async () => {
    const hash = await uploaded('hotline-operator', png(), 'image/png')
    const id = await register('hotline-operator', [{ sha256: hash, kind: 'photo' }])
    const missingCase = await call('admin', 'GET', `/api/v1/complaints/${crypto.randomUUID()}`)
    const missingFile = await neverUploaded()
    const readers: string[] = []
    for (const who of Object.keys(tokens).filter((w) => w !== 'hotline-operator')) {
      const view = await call(who, 'GET', `/api/v1/complaints/${id}`)
      const file = await fetchFile(who, hash)
      expect(file.status, who).toBe(view.status === 200 ? 200 : 404)
      if (view.status === 200) readers.push(who)
      else {
        expect(view.body, who).toEqual(missingCase.body)
        expect(await file.json(), who).toEqual(missingFile)
      }
    }
    // Both sides of the rule are exercised: some read it, some do not.
    expect(readers).toEqual(expect.arrayContaining(['community-worker', 'street-officer', 'auditor']))
    expect(readers).not.toEqual(expect.arrayContaining(['outsider']))
    expect(readers.length).toBeLessThan(Object.keys(tokens).length - 1)
  })

  it('an identity document (kind id-document) is masked: the handling roles fetch it, an auditor, supervisor or admin who reads the case gets 404', async () => {
    const hash = await uploaded('hotline-operator', jpeg(), 'image/jpeg')
    await register('hotline-operator', [{ sha256: hash, kind: 'id-document' }])
    expect((await fetchFile('community-worker', hash)).status).toBe(200)
    expect((await fetchFile('street-officer', hash)).status).toBe(200)
    const auditor = await fetchFile('auditor', hash)
    expect(auditor.status).toBe(404)
    expect(await auditor.json()).toEqual(await neverUploaded())
    expect((await fetchFile('supervisor', hash)).status).toBe(404)
    // An admin administers the system and handles no case (docs/HTTP.md): as an auditor.
    const admin = await fetchFile('admin', hash)
    expect(admin.status).toBe(404)
    expect(await admin.json()).toEqual(await neverUploaded())
    // On a 举报 the identity document would name who reported: only the hotline (and the reporter's own uploads).
    const reporterId = await uploaded('hotline-operator', jpeg(), 'image/jpeg')
    await register('hotline-operator', [{ sha256: reporterId, kind: 'id-document' }], { kind: 'report', channel: 'hotline-12345' })
    expect((await fetchFile('community-worker', reporterId)).status).toBe(404)
    expect((await fetchFile('street-officer', reporterId)).status).toBe(404)
    expect((await fetchFile('admin', reporterId)).status).toBe(404)
    // …while a photo on a case they read is theirs to see.
    const photo = await uploaded('hotline-operator', jpeg(), 'image/jpeg')
    await register('hotline-operator', [{ sha256: photo, kind: 'photo' }])
    expect((await fetchFile('auditor', photo)).status).toBe(200)
  })
})

describe('commands that name attachments', () => {
  it('a result with photos (submit-result attachments): the result names them, the handling unit fetches them', async () => {
    const id = await register('resident')
    for (const [who, command, body] of [
      ['hotline-operator', 'accept', {}],
      ['hotline-operator', 'dispatch', { unit: community }],
      ['community-worker', 'acknowledge', {}],
    ] as const) expect((await call(who, 'POST', `/api/v1/complaints/${id}/${command}`, body)).status).toBe(200)
    const photo = await uploaded('community-worker', jpeg(), 'image/jpeg')
    const done = await call('community-worker', 'POST', `/api/v1/complaints/${id}/submit-result`, { result: '已协调供热公司检修', outcome: 'resolved', attachments: [{ sha256: photo, kind: 'photo' }] })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    expect(done.body['result']).toMatchObject({ attachments: [{ sha256: photo, kind: 'photo' }] })
    // The complainant reads the case, so the result's photo too.
    expect((await fetchFile('resident', photo)).status).toBe(200)
  })

  it('a hash no upload has is 422 unknown-attachment naming the field, and nothing is written', async () => {
    const id = await register('resident')
    const before = await call('hotline-operator', 'GET', `/api/v1/complaints/${id}`)
    const known = await uploaded('hotline-operator', png(), 'image/png')
    const unknown = sha(randomBytes(16))
    const refused = await call('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'heating',
      title: '暖气不热',
      description: '—',
      jurisdiction: GRID,
      attachments: [{ sha256: known, kind: 'photo' }, { sha256: unknown, kind: 'photo' }],
    })
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({ type: 'urn:gridcase:problem:unknown-attachment', errors: [{ path: 'attachments[1].sha256', message: 'no uploaded file has this hash' }] })
    await call('hotline-operator', 'POST', `/api/v1/complaints/${id}/accept`, {})
    await call('hotline-operator', 'POST', `/api/v1/complaints/${id}/dispatch`, { unit: community })
    await call('community-worker', 'POST', `/api/v1/complaints/${id}/acknowledge`, {})
    const result = await call('community-worker', 'POST', `/api/v1/complaints/${id}/submit-result`, { result: '已处理', outcome: 'resolved', attachments: [{ sha256: unknown, kind: 'photo' }] })
    expect(result.status).toBe(422)
    expect(result.body['errors']).toEqual([{ path: 'attachments[0].sha256', message: 'no uploaded file has this hash' }])
    const after = await call('hotline-operator', 'GET', `/api/v1/complaints/${id}`)
    expect(after.body['status']).toBe('acknowledged')
    expect(Number(after.body['version'])).toBe(Number(before.body['version']) + 3)
  })

  it('on a case outside the actor’s scope an unknown hash is 404 like any command there, not 422', async () => {
    const id = await register('resident')
    const res = await call('outsider', 'POST', `/api/v1/complaints/${id}/submit-result`, { result: '已处理', outcome: 'resolved', attachments: [{ sha256: sha(randomBytes(8)), kind: 'photo' }] })
    expect(res.status).toBe(404)
  })
})

describe('a dispute names the scan of its signed agreement', () => {
  it('record-agreement with attachments: the assigned mediator fetches it, another mediator and a court clerk (no application yet) get 404', async () => {
    const reported = await call('community-worker', 'POST', '/api/v1/disputes', {
      source: 'party-application',
      category: 'neighbour',
      jurisdiction: COMMUNITY,
      summary: '楼上漏水致楼下受损',
      parties: [
        { side: 'applicant', name: '孙伟', phone: '13900471001' },
        { side: 'respondent', name: '钱进', phone: '13900471002' },
      ],
    })
    expect(reported.status).toBe(201)
    const id = String(reported.body['id'])
    for (const [who, command, body] of [
      ['community-worker', 'accept', {}],
      ['street-officer', 'assign-mediator', { track: 'people', mediator: { id: 'demo-mediator', jurisdiction: STREET } }],
      ['mediator', 'record-session', { minutes: '双方陈述' }],
    ] as const) expect((await call(who, 'POST', `/api/v1/disputes/${id}/${command}`, body)).status).toBe(200)
    const scan = await uploaded('mediator', pdf(), 'application/pdf')
    const agreed = await call('mediator', 'POST', `/api/v1/disputes/${id}/record-agreement`, {
      form: 'oral',
      terms: ['钱进赔偿孙伟 800 元'],
      reachedOn: localDate(new Date().toISOString()),
      attachments: [{ sha256: scan, kind: 'agreement' }],
    })
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200)
    expect(agreed.body['attachments']).toEqual([{ sha256: scan, kind: 'agreement', attachedBy: 'MediationAgreed' }])
    expect((await fetchFile('street-officer', scan)).status).toBe(200)
    expect((await fetchFile('otherMediator', scan)).status).toBe(404)
    expect((await fetchFile('court-clerk', scan)).status).toBe(404)
  })
})

describe('verify checks every referenced file', () => {
  it('names the case, event and hash of an attachment altered on disk and of one that is missing (HTTP verify)', async () => {
    const altered = await uploaded('resident', png(), 'image/png')
    const removed = await uploaded('resident', pdf(), 'application/pdf')
    const signed = await uploaded('resident', pdf(), 'application/pdf')
    const id = await register('resident', [{ sha256: altered, kind: 'photo' }, { sha256: removed, kind: 'document' }, { sha256: signed, kind: 'agreement' }])
    const intact = await call('auditor', 'GET', '/api/v1/audit/verify')
    expect(intact.body).toMatchObject({ ok: true, attachments: { ok: true, findings: [] } })
    expect((intact.body['attachments'] as { references: number }).references).toBeGreaterThanOrEqual(2)

    writeFileSync(pathOf(altered), png())
    unlinkSync(pathOf(removed))
    unlinkSync(pathOf(signed))
    const verified = await call('auditor', 'GET', '/api/v1/audit/verify')
    expect(verified.body['ok']).toBe(false)
    const findings = (verified.body['attachments'] as { findings: Record<string, unknown>[] }).findings
    const history = await call('auditor', 'GET', `/api/v1/complaints/${id}/history`)
    const registered = (history.body['events'] as { eventId: string }[])[0]
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ streamId: `complaint-${id}`, eventId: registered?.eventId, eventType: 'ComplaintRegistered', sha256: altered, problem: 'altered', path: 'attachments[0].sha256' }),
        expect.objectContaining({ streamId: `complaint-${id}`, eventId: registered?.eventId, sha256: removed, problem: 'missing', path: 'attachments[1].sha256' }),
      ]),
    )
    // A personal document (a signed agreement) missing: the finding is there — the case, the event, its kind, what is
    // wrong — but not its hash, which no verifying role may fetch by or read on the case (docs/attachments.md "Verify");
    // a photo keeps its hash. Every role that may verify reads it so.
    for (const who of ['auditor', 'supervisor', 'admin']) {
      const read = who === 'auditor' ? verified : await call(who, 'GET', '/api/v1/audit/verify')
      expect(read.status).toBe(200)
      const its = (read.body['attachments'] as { findings: Record<string, unknown>[] }).findings.filter((f) => f['streamId'] === `complaint-${id}`)
      expect(its.find((f) => f['path'] === 'attachments[2].sha256'), who).toEqual({
        kind: 'agreement',
        streamId: `complaint-${id}`,
        version: 0,
        position: expect.any(Number),
        eventId: registered?.eventId,
        eventType: 'ComplaintRegistered',
        path: 'attachments[2].sha256',
        problem: 'missing',
      })
      expect(JSON.stringify(read.body), who).not.toContain(signed)
      expect(its.find((f) => f['path'] === 'attachments[0].sha256'), who).toMatchObject({ kind: 'photo', sha256: altered, problem: 'altered' })
    }
    // An actor who may not read the case is not told about its files.
    const outsider = await call('outsider', 'GET', '/api/v1/audit/verify')
    expect(outsider.status).toBe(403)
  })

  it('a file cut short on disk is not served (404, the body of a file never uploaded), not a 200 shorter than its Content-Length', async () => {
    const bytes = png(4096)
    const hash = await uploaded('resident', bytes, 'image/png')
    writeFileSync(pathOf(hash), bytes.subarray(0, 1000))
    const res = await fetchFile('resident', hash)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual(await neverUploaded())
    // The right bytes again: served again.
    await uploaded('resident', bytes, 'image/png')
    expect(Buffer.from(await (await fetchFile('resident', hash)).arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('an upload of the right bytes repairs a file damaged on disk: it is served and verifies again', async () => {
    const bytes = png(4096)
    const hash = await uploaded('resident', bytes, 'image/png')
    await register('resident', [{ sha256: hash, kind: 'photo' }])
    const damaged = Buffer.from(bytes)
    damaged[2000] = (damaged[2000] ?? 0) ^ 0x01
    writeFileSync(pathOf(hash), damaged)
    const found = await call('auditor', 'GET', '/api/v1/audit/verify')
    expect((found.body['attachments'] as { findings: { sha256: string }[] }).findings.map((f) => f.sha256)).toContain(hash)
    expect(await uploaded('resident', bytes, 'image/png')).toBe(hash)
    expect(Buffer.from(await (await fetchFile('resident', hash)).arrayBuffer()).equals(bytes)).toBe(true)
    const after = await call('auditor', 'GET', '/api/v1/audit/verify')
    expect((after.body['attachments'] as { findings: { sha256: string }[] }).findings.map((f) => f.sha256)).not.toContain(hash)
    expect(tempFiles()).toEqual([])
  })
})
