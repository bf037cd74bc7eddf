// A party's own documents reach its mediator (docs/attachments.md, "A party files its own documents"), over the real
// server (SQLite, files under a temp DATA_DIR, a real port): a resident party uploads the consent it signed and a scan
// of its ID card; the mediator who must record them cannot name files it did not upload and reads on no case (422
// unknown-attachment, the rule of "Who may name a file"), until the party files them onto its own dispute
// (`submit-documents`). Then the mediator names them; the other party still gets nothing of the ID card.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { signToken, type RunningServer } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSignedServer } from './helpers/demoServer.js'
import { cliInProcess } from '../helpers/cliInProcess.js'

const secret = 'party-documents-secret-party-documents-secret'
const STREET = 'hohhot/saihan/wulanchabu-east-road'
const COMMUNITY = `${STREET}/xinhua-community`
const GRID = `${COMMUNITY}/grid-017`

let dir: string
let server: RunningServer
const tokens: Record<string, string> = {}
const others: Record<string, Actor> = {
  // The respondent of the same dispute: a resident who reads it too.
  respondent: { id: 'r-qian', role: 'resident', jurisdiction: GRID },
  // A party of another dispute only.
  elsewhere: { id: 'r-zhao', role: 'resident', jurisdiction: GRID },
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-party-documents-'))
  server = await startSignedServer({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: secret, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' })
  Object.assign(tokens, server.demoTokens)
  for (const [name, actor] of Object.entries(others)) tokens[name] = await signToken({ secret }, actor)
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const png = (): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(512)])
const pdf = (): Buffer => Buffer.from(`%PDF-1.4\n% 司法确认申请同意书 ${randomBytes(8).toString('hex')}\n%%EOF\n`)
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
const today = (): string => localDate(new Date().toISOString())

const call = async (who: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const upload = async (who: string, bytes: Buffer, contentType: string): Promise<string> => {
  const res = await fetch(`${server.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': contentType }, body: bytes })
  expect(res.status).toBe(201)
  return sha(bytes)
}
const fetchFile = async (who: string, hash: string) =>
  (await fetch(`${server.url}/api/v1/attachments/${hash}`, { headers: { authorization: `Bearer ${tokens[who]}` } })).status

/** A dispute between the demo resident (王女士, applicant) and r-qian (钱进), mediated by the demo mediator, a session held. */
const mediatedDispute = async (parties: readonly Record<string, string>[] = [
  { side: 'applicant', name: '王女士', phone: '13900471001', residentId: 'demo-resident' },
  { side: 'respondent', name: '钱进', phone: '13900471002', residentId: 'r-qian' },
]): Promise<string> => {
  const reported = await call('street-officer', 'POST', '/api/v1/disputes', { source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '楼上漏水致楼下受损', parties })
  expect(reported.status, JSON.stringify(reported.body)).toBe(201)
  const id = String(reported.body['id'])
  for (const [who, command, body] of [
    ['street-officer', 'accept', {}],
    ['street-officer', 'assign-mediator', { track: 'people', mediator: { id: 'demo-mediator', jurisdiction: STREET } }],
    ['mediator', 'record-session', { minutes: '双方陈述' }],
  ] as const) expect((await call(who, 'POST', `/api/v1/disputes/${id}/${command}`, body)).status).toBe(200)
  return id
}

/** The written agreement the mediator records, with the signed scan (its own upload) and whatever else it names. */
const agreement = (attachments: unknown[]) => ({
  form: 'written',
  terms: ['钱进赔偿王女士维修费 2000 元'],
  signatures: [{ party: '王女士', signedOn: today() }, { party: '钱进', signedOn: today() }],
  mediatorSignedOn: today(),
  attachments,
})

describe('without the party filing them, the mediator cannot name the documents a party uploaded (least privilege)', () => {
  it('record-agreement naming the applicant’s ID card, and consent-confirmation naming its signed consent, are 422 unknown-attachment', async () => {
    const id = await mediatedDispute()
    const consent = await upload('resident', pdf(), 'application/pdf')
    const idCard = await upload('resident', png(), 'image/png')
    const scan = await upload('mediator', pdf(), 'application/pdf')
    expect(await fetchFile('mediator', idCard)).toBe(404)

    const refused = await call('mediator', 'POST', `/api/v1/disputes/${id}/record-agreement`, agreement([{ sha256: scan, kind: 'agreement' }, { sha256: idCard, kind: 'id-document' }]))
    expect(refused.status, JSON.stringify(refused.body)).toBe(422)
    expect(refused.body).toMatchObject({ type: 'urn:gridcase:problem:unknown-attachment', errors: [{ path: 'attachments[1].sha256' }] })

    const agreed = await call('mediator', 'POST', `/api/v1/disputes/${id}/record-agreement`, agreement([{ sha256: scan, kind: 'agreement' }]))
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200)
    const consented = await call('mediator', 'POST', `/api/v1/disputes/${id}/consent-confirmation`, { party: '王女士', documentHash: consent })
    expect(consented.status, JSON.stringify(consented.body)).toBe(422)
    expect(consented.body).toMatchObject({ type: 'urn:gridcase:problem:unknown-attachment', errors: [{ path: 'documentHash' }] })
    // The application the party signed, likewise: the mediator names only what it uploaded or the party filed.
    expect((await call('respondent', 'POST', `/api/v1/disputes/${id}/consent-confirmation`, {})).status).toBe(200)
    const applied = await call('mediator', 'POST', `/api/v1/disputes/${id}/apply-confirmation`, { court: '赛罕区人民法院', party: '王女士', applicationHash: consent })
    expect(applied.status, JSON.stringify(applied.body)).toBe(422)
    expect(applied.body).toMatchObject({ type: 'urn:gridcase:problem:unknown-attachment', errors: [{ path: 'applicationHash' }] })
  })
})

describe('a party files its own documents onto its dispute (submit-documents), and the mediator names them', () => {
  it('the applicant files its consent and ID card; the mediator fetches both and names them in record-agreement and consent-confirmation', async () => {
    const id = await mediatedDispute()
    const consent = await upload('resident', pdf(), 'application/pdf')
    const idCard = await upload('resident', png(), 'image/png')
    const scan = await upload('mediator', pdf(), 'application/pdf')

    const filed = await call('resident', 'POST', `/api/v1/disputes/${id}/submit-documents`, {
      attachments: [{ sha256: consent, kind: 'consent', caption: '司法确认申请同意书' }, { sha256: idCard, kind: 'id-document' }],
    })
    expect(filed.status, JSON.stringify(filed.body)).toBe(200)
    // The resident's answer shows its consent; its ID card it has from the upload's answer, and no resident reads it on a case.
    expect(filed.body['attachments']).toEqual([{ sha256: consent, kind: 'consent', caption: '司法确认申请同意书', attachedBy: 'PartyDocumentsSubmitted' }])
    expect(JSON.stringify(filed.body)).not.toContain(idCard)

    // The handling roles reach both through the case.
    expect(await fetchFile('mediator', idCard)).toBe(200)
    expect(await fetchFile('mediator', consent)).toBe(200)
    const view = await call('mediator', 'GET', `/api/v1/disputes/${id}`)
    expect(view.body['attachments']).toEqual([
      { sha256: consent, kind: 'consent', caption: '司法确认申请同意书', attachedBy: 'PartyDocumentsSubmitted' },
      { sha256: idCard, kind: 'id-document', attachedBy: 'PartyDocumentsSubmitted' },
    ])
    const history = await call('mediator', 'GET', `/api/v1/disputes/${id}/history`)
    const submitted = (history.body['events'] as { type: string; data: Record<string, unknown> }[]).filter((e) => e.type === 'PartyDocumentsSubmitted')
    expect(submitted.map((e) => e.data)).toEqual([{ party: '王女士', attachments: [{ sha256: consent, kind: 'consent', caption: '司法确认申请同意书' }, { sha256: idCard, kind: 'id-document' }] }])

    const agreed = await call('mediator', 'POST', `/api/v1/disputes/${id}/record-agreement`, agreement([{ sha256: scan, kind: 'agreement' }, { sha256: idCard, kind: 'id-document' }]))
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200)
    const consented = await call('mediator', 'POST', `/api/v1/disputes/${id}/consent-confirmation`, { party: '王女士', documentHash: consent })
    expect(consented.status, JSON.stringify(consented.body)).toBe(200)
    expect(consented.body['consents']).toEqual(['王女士'])
    // The respondent's own consent, then the mediator files 王女士's application from the form she filed (法释〔2011〕5号 art. 3).
    expect((await call('respondent', 'POST', `/api/v1/disputes/${id}/consent-confirmation`, {})).status).toBe(200)
    const applied = await call('mediator', 'POST', `/api/v1/disputes/${id}/apply-confirmation`, { court: '赛罕区人民法院', party: '王女士', applicationHash: consent })
    expect(applied.status, JSON.stringify(applied.body)).toBe(200)
    const history2 = await call('mediator', 'GET', `/api/v1/disputes/${id}/history`)
    const filedFor = (history2.body['events'] as { type: string; data: Record<string, unknown> }[]).find((e) => e.type === 'JudicialConfirmationApplied')
    expect(filedFor?.data).toMatchObject({ applicant: '王女士', recordedBy: 'demo-mediator', applicationHash: consent })
  })

  it('the other party (a resident of the same dispute) gets 404 on the ID card and sees no hash of it; it cannot name it either', async () => {
    const id = await mediatedDispute()
    const idCard = await upload('resident', png(), 'image/png')
    const photo = await upload('resident', png(), 'image/png')
    const filed = await call('resident', 'POST', `/api/v1/disputes/${id}/submit-documents`, { attachments: [{ sha256: idCard, kind: 'id-document' }, { sha256: photo, kind: 'photo', caption: '漏水处' }] })
    expect(filed.status, JSON.stringify(filed.body)).toBe(200)

    const missing = await (await fetch(`${server.url}/api/v1/attachments/${sha(randomBytes(16))}`, { headers: { authorization: `Bearer ${tokens['respondent']}` } })).json()
    const denied = await fetch(`${server.url}/api/v1/attachments/${idCard}`, { headers: { authorization: `Bearer ${tokens['respondent']}` } })
    expect(denied.status).toBe(404)
    expect(await denied.json()).toEqual(missing)
    // Evidence is the case's: the other party sees the photo.
    expect(await fetchFile('respondent', photo)).toBe(200)
    for (const path of [`/api/v1/disputes/${id}`, `/api/v1/disputes/${id}/history`, `/api/v1/disputes/${id}?version=3`]) {
      const read = await call('respondent', 'GET', path)
      expect(read.status, path).toBe(200)
      expect(JSON.stringify(read.body), path).not.toContain(idCard)
    }
    expect(JSON.stringify((await call('respondent', 'GET', `/api/v1/disputes/${id}`)).body)).toContain(photo)
    // Nor may it re-attach the ID card under any kind (docs/attachments.md, "Who may name a file").
    for (const kind of ['photo', 'id-document']) {
      const laundered = await call('respondent', 'POST', `/api/v1/disputes/${id}/submit-documents`, { attachments: [{ sha256: idCard, kind }] })
      expect(laundered.status, kind).toBe(422)
      expect(laundered.body, kind).toMatchObject({ type: 'urn:gridcase:problem:unknown-attachment', errors: [{ path: 'attachments[0].sha256' }] })
    }
    // The auditor's event log leaves it out too.
    const log = await call('auditor', 'GET', '/api/v1/events?from=0')
    expect(JSON.stringify(log.body)).toContain('PartyDocumentsSubmitted')
    expect(JSON.stringify(log.body)).not.toContain(idCard)
  })

  it('a party’s own documents (agreement, consent, application): the handling roles and both parties fetch them and read their hashes; an auditor and a supervisor get the 404 of a missing file and no reference anywhere', async () => {
    const id = await mediatedDispute()
    const consent = await upload('resident', pdf(), 'application/pdf')
    const application = await upload('resident', pdf(), 'application/pdf')
    const photo = await upload('resident', png(), 'image/png')
    const scan = await upload('mediator', pdf(), 'application/pdf')
    const filed = await call('resident', 'POST', `/api/v1/disputes/${id}/submit-documents`, {
      attachments: [{ sha256: consent, kind: 'consent' }, { sha256: application, kind: 'application' }, { sha256: photo, kind: 'photo', caption: '漏水处' }],
    })
    expect(filed.status, JSON.stringify(filed.body)).toBe(200)
    expect((await call('mediator', 'POST', `/api/v1/disputes/${id}/record-agreement`, agreement([{ sha256: scan, kind: 'agreement' }]))).status).toBe(200)
    expect((await call('mediator', 'POST', `/api/v1/disputes/${id}/consent-confirmation`, { party: '王女士', documentHash: consent })).status).toBe(200)
    expect((await call('respondent', 'POST', `/api/v1/disputes/${id}/consent-confirmation`, {})).status).toBe(200)
    // The application named by its field (`applicationHash`) is one too, not a `document`.
    const applied = await call('mediator', 'POST', `/api/v1/disputes/${id}/apply-confirmation`, { court: '赛罕区人民法院', party: '王女士', applicationHash: application })
    expect(applied.status, JSON.stringify(applied.body)).toBe(200)
    const personalScans = { agreement: scan, consent, application }

    // The handling roles and both parties (the respondent uploaded none of them) fetch each, and read its hash.
    for (const who of ['mediator', 'street-officer', 'respondent']) {
      for (const [kind, hash] of Object.entries(personalScans)) expect(await fetchFile(who, hash), `${who} ${kind}`).toBe(200)
      for (const path of [`/api/v1/disputes/${id}`, `/api/v1/disputes/${id}/history`]) {
        const read = JSON.stringify((await call(who, 'GET', path)).body)
        for (const [kind, hash] of Object.entries(personalScans)) expect(read, `${who} ${path} ${kind}`).toContain(hash)
      }
    }
    // For an auditor and a supervisor they do not exist: the body of a file never uploaded, and no hash on the case, in
    // its history (any version) or in the event log; the photo of the problem they fetch and read.
    const first = ((await call('mediator', 'GET', `/api/v1/disputes/${id}/history`)).body['events'] as { position: number }[])[0]?.position
    for (const who of ['auditor', 'supervisor']) {
      const missing = await (await fetch(`${server.url}/api/v1/attachments/${sha(randomBytes(16))}`, { headers: { authorization: `Bearer ${tokens[who]}` } })).json()
      for (const [kind, hash] of Object.entries(personalScans)) {
        const denied = await fetch(`${server.url}/api/v1/attachments/${hash}`, { headers: { authorization: `Bearer ${tokens[who]}` } })
        expect(denied.status, `${who} ${kind}`).toBe(404)
        expect(await denied.json(), `${who} ${kind}`).toEqual(missing)
      }
      expect(await fetchFile(who, photo), who).toBe(200)
      for (const path of [`/api/v1/disputes/${id}`, `/api/v1/disputes/${id}/history`, `/api/v1/disputes/${id}?version=4`, `/api/v1/events?from=${first}&limit=100`]) {
        const read = await call(who, 'GET', path)
        expect(read.status, `${who} ${path}`).toBe(200)
        const text = JSON.stringify(read.body)
        for (const [kind, hash] of Object.entries(personalScans)) expect(text, `${who} ${path} ${kind}`).not.toContain(hash)
        if (!path.includes('version=')) expect(text, `${who} ${path}`).toContain(photo)
      }
    }
    // An agreement one reaches as a party's document is named only as one (never as a photo an auditor would fetch).
    const laundered = await call('respondent', 'POST', `/api/v1/disputes/${id}/submit-documents`, { attachments: [{ sha256: scan, kind: 'photo' }] })
    expect(laundered.status).toBe(422)
    expect(laundered.body).toMatchObject({ type: 'urn:gridcase:problem:unknown-attachment', errors: [{ path: 'attachments[0].sha256' }] })
  })

  it('a party of another case cannot file onto this one: 404 with the body of a missing case, nothing written', async () => {
    const id = await mediatedDispute()
    const theirs = await mediatedDispute([
      { side: 'applicant', name: '赵六', phone: '13900471003', residentId: 'r-zhao' },
      { side: 'respondent', name: '孙七', phone: '13900471004' },
    ])
    const file = await upload('elsewhere', png(), 'image/png')
    const before = ((await call('mediator', 'GET', `/api/v1/disputes/${id}/history`)).body['events'] as unknown[]).length
    const refused = await call('elsewhere', 'POST', `/api/v1/disputes/${id}/submit-documents`, { attachments: [{ sha256: file, kind: 'photo' }] })
    const missing = await call('elsewhere', 'POST', `/api/v1/disputes/${crypto.randomUUID()}/submit-documents`, { attachments: [{ sha256: file, kind: 'photo' }] })
    expect(refused.status).toBe(404)
    expect(refused.body).toEqual(missing.body)
    expect(((await call('mediator', 'GET', `/api/v1/disputes/${id}/history`)).body['events'] as unknown[]).length).toBe(before)
    // On its own case it may.
    expect((await call('elsewhere', 'POST', `/api/v1/disputes/${theirs}/submit-documents`, { attachments: [{ sha256: file, kind: 'photo' }] })).status).toBe(200)
    // And the handling roles may not file for a party: they attach with their own commands.
    const mediatorFiles = await call('mediator', 'POST', `/api/v1/disputes/${id}/submit-documents`, { attachments: [{ sha256: await upload('mediator', png(), 'image/png'), kind: 'photo' }] })
    expect(mediatorFiles.status).toBe(403)
    // A party files at least one file, and not once the case is declined.
    const none = await call('resident', 'POST', `/api/v1/disputes/${id}/submit-documents`, { attachments: [] })
    expect(none.status).toBe(400)
    expect(none.body).toMatchObject({ errors: [{ path: 'attachments' }] })
    const declined = await call('street-officer', 'POST', '/api/v1/disputes', { source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '不属受理范围', parties: [
      { side: 'applicant', name: '王女士', residentId: 'demo-resident' }, { side: 'respondent', name: '钱进' },
    ] })
    const declinedId = String(declined.body['id'])
    expect((await call('street-officer', 'POST', `/api/v1/disputes/${declinedId}/decline`, { reason: '不属于人民调解受理范围' })).status).toBe(200)
    const late = await call('resident', 'POST', `/api/v1/disputes/${declinedId}/submit-documents`, { attachments: [{ sha256: await upload('resident', png(), 'image/png'), kind: 'photo' }] })
    expect(late.status).toBe(409)
  })

  it('the event is in the audit export; the masked export keeps the event and leaves out the ID card and the party’s name', async () => {
    const id = await mediatedDispute()
    const idCard = await upload('resident', png(), 'image/png')
    const consent = await upload('resident', pdf(), 'application/pdf')
    expect((await call('resident', 'POST', `/api/v1/disputes/${id}/submit-documents`, { attachments: [{ sha256: consent, kind: 'consent' }, { sha256: idCard, kind: 'id-document' }] })).status).toBe(200)
    const db = join(dir, 'gridcase.sqlite')
    const lineOf = (ndjson: string) =>
      ndjson.split('\n').filter((l) => l.includes('PartyDocumentsSubmitted') && l.includes(consent)).map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> })
    const full = await cliInProcess('audit', 'export', '--format', 'ndjson', '--db', db)
    expect(full.code, full.stderr).toBe(0)
    expect(lineOf(full.stdout).map((e) => e.data)).toEqual([{ party: '王女士', attachments: [{ sha256: consent, kind: 'consent' }, { sha256: idCard, kind: 'id-document' }] }])
    const masked = await cliInProcess('audit', 'export', '--format', 'ndjson', '--mask', '--db', db)
    expect(masked.code, masked.stderr).toBe(0)
    // Both are personal documents: the masked export keeps the event, without either reference.
    const maskedLines = masked.stdout.split('\n').filter((l) => l.includes('PartyDocumentsSubmitted') && l.includes(id)).map((l) => JSON.parse(l) as { data: unknown })
    expect(maskedLines.map((e) => e.data)).toEqual([{ party: '王**', attachments: [] }])
    expect(masked.stdout).not.toContain(idCard)
    expect(masked.stdout).not.toContain(consent)

    // Erasing the dispute's personal data deletes the ID card and the consent the party filed (no other case names them):
    // the identity document listed where it always was, the consent beside it.
    const erased = await cliInProcess('erasure', 'erase', id, '--db', db, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--json')
    expect(erased.code, erased.stderr).toBe(0)
    expect(JSON.parse(erased.stdout)).toMatchObject({ kind: 'erased', idDocumentsErased: [idCard], personalDocumentsErased: [consent] })
    expect(await fetchFile('resident', idCard)).toBe(404)
    expect(await fetchFile('mediator', consent)).toBe(404)
  })
})
