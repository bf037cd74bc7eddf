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
const mediatedDispute = async (parties = [
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
  })
})
