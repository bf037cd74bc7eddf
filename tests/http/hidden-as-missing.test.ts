// HTTP.md: "A case the actor may not read is 404 for every route, command or read, with the same body as a missing
// case." Over the real server (SQLite files, a real port), on the routes tests/http/scope-matrix.test.ts does not walk:
// the case as of a time and a version, its history, a command with If-Match and Idempotency-Key, a file it names, and
// the inclusion proof of its events — status, body and headers alike (but the date and the request id).
import { randomBytes } from 'node:crypto'
import type { Actor } from '@gridcase/core/access'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../helpers/until.js'
import { startRealServer, type RealServer } from './helpers/realServer.js'

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const COMMUNITY = `${STREET}/xinhua-community`
const GRID = `${COMMUNITY}/grid-017`
const who = {
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  community: { id: 'cw-1', role: 'community-worker', jurisdiction: COMMUNITY },
  /** Another street's community worker and auditor, and a resident who is no party: none may read the cases below. */
  otherWorker: { id: 'cw-9', role: 'community-worker', jurisdiction: 'hohhot/saihan/other-street/other-community' },
  otherAuditor: { id: 'aud-9', role: 'auditor', jurisdiction: 'hohhot/xincheng' },
  stranger: { id: 'r-zhao', role: 'resident', jurisdiction: GRID },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
} satisfies Record<string, Actor>
const png = (): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(256)])

let s: RealServer
let complaintId = ''
let disputeId = ''
let photo = ''
beforeAll(async () => {
  s = await startRealServer('hidden-as-missing', { GRIDCASE_HEAD_EVERY_EVENTS: '1', GRIDCASE_HEAD_EVERY_SECONDS: '1' })
  const res = await fetch(`${s.server.url}/api/v1/attachments`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: await bearer(who.hotline) }, body: new Uint8Array(png()) })
  photo = ((await res.json()) as { sha256: string }).sha256
  complaintId = JSON.parse(await s.ok(who.hotline, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: GRID,
    complainant: { name: '王芳', phone: '13800471234' }, attachments: [{ sha256: photo, kind: 'photo' }],
  })).id as string
  await s.ok(who.hotline, `/api/v1/complaints/${complaintId}/accept`)
  disputeId = JSON.parse(await s.ok(who.street, '/api/v1/disputes', {
    source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '楼上漏水',
    parties: [{ side: 'applicant', name: '王芳', phone: '13800138000' }, { side: 'respondent', name: '李强' }],
  })).id as string
}, 60_000)
afterAll(async () => {
  await s?.close()
})

const bearer = async (actor: Actor): Promise<string> => {
  const { signToken } = await import('@gridcase/http')
  return `Bearer ${await signToken({ secret: 'hidden-as-missing-secret-'.repeat(4) }, actor)}`
}
/** An answer as a client sees it: status, body, and the headers that are not the date or the request's own id. */
const answer = async (actor: Actor, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${s.server.url}${path}`, {
    method,
    headers: { authorization: await bearer(actor), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const kept = [...res.headers].filter(([name]) => !['date', 'x-request-id'].includes(name))
  return { status: res.status, headers: Object.fromEntries(kept), body: await res.text() }
}

/** A time after the cases were opened (they are read as of it). */
const NOW = new Date(Date.now() + 60_000).toISOString()

describe('a case the actor may not read answers as a missing one, on every case route', () => {
  const cases = () => [
    ['complaints', complaintId, 'accept', {}],
    ['disputes', disputeId, 'accept', {}],
  ] as const
  const probes = (collection: string, command: string, body: unknown) => [
    { method: 'GET', path: (id: string) => `/api/v1/${collection}/${id}` },
    { method: 'GET', path: (id: string) => `/api/v1/${collection}/${id}?version=0` },
    { method: 'GET', path: (id: string) => `/api/v1/${collection}/${id}?asOf=${encodeURIComponent(NOW)}` },
    { method: 'GET', path: (id: string) => `/api/v1/${collection}/${id}?asOf=2020-01-01T00:00:00Z` },
    { method: 'GET', path: (id: string) => `/api/v1/${collection}/${id}/history` },
    { method: 'POST', path: (id: string) => `/api/v1/${collection}/${id}/${command}`, body },
    { method: 'POST', path: (id: string) => `/api/v1/${collection}/${id}/${command}`, body, headers: { 'if-match': 'W/"0"', 'idempotency-key': crypto.randomUUID() } },
    { method: 'POST', path: (id: string) => `/api/v1/${collection}/${id}/no-such-command`, body },
  ]

  it.each([['another street’s community worker', who.otherWorker], ['a resident who is no party', who.stranger]] as const)('%s: the case, as of a time or a version, its history and its commands', async (_name, actor) => {
    for (const [collection, id, command, body] of cases()) {
      const missing = crypto.randomUUID()
      for (const probe of probes(collection, command, body)) {
        const headers = 'headers' in probe ? probe.headers : {}
        const seen = await answer(actor, probe.method, probe.path(id), probe.body, headers)
        const none = await answer(actor, probe.method, probe.path(missing), probe.body, headers)
        expect({ probe: `${probe.method} ${probe.path('{id}')}`, ...seen, body: seen.body.replaceAll(id, missing) }).toEqual({ probe: `${probe.method} ${probe.path('{id}')}`, ...none })
        expect(seen.status).toBe(404)
      }
    }
  })

  it('a file only a hidden case names: the 404 of a file no one uploaded', async () => {
    const never = randomBytes(32).toString('hex')
    const seen = await answer(who.otherWorker, 'GET', `/api/v1/attachments/${photo}`)
    const none = await answer(who.otherWorker, 'GET', `/api/v1/attachments/${never}`)
    expect(seen).toEqual(none)
    expect(seen.status).toBe(404)
    // The handling community may fetch it: the file is there.
    expect((await answer(who.hotline, 'GET', `/api/v1/attachments/${photo}`)).status).toBe(200)
  })

  it("an auditor of another district: the inclusion proof of a hidden case's event answers as a position with no event", async () => {
    const heads = async () => JSON.parse((await answer(who.otherAuditor, 'GET', '/api/v1/audit/heads')).body) as { heads: { treeSize: number }[] }
    await until(async () => ((await heads()).heads.at(-1)?.treeSize ?? 0) >= 3, { everyMs: 50 })
    const head = (await heads()).heads.at(-1)!.treeSize
    // Position 0 is the complaint's registration, inside the tree; position `head` is past its end.
    const seen = await answer(who.otherAuditor, 'GET', `/api/v1/audit/proof?position=0&head=${head}`)
    const none = await answer(who.otherAuditor, 'GET', `/api/v1/audit/proof?position=${head}&head=${head}`)
    expect({ ...seen, body: seen.body.replace('position 0 ', `position ${head} `) }).toEqual(none)
    expect(seen.status).toBe(404)
  })
})
