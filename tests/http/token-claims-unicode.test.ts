// A token's claims are outside input too: a lone surrogate in `sub`, `name` or `department` (JSON allows it, UTF-8
// cannot hold it) is a 401 naming the claim, over the real server — before, the command was judged and the event naming
// the actor could not be hashed: a 500, found probing the routes with odd tokens.
import type { Actor } from '@gridcase/core/access'
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRealServer, type RealServer } from './helpers/realServer.js'

const GRID = 'hohhot/saihan/wulanchabu-east-road/community-a/grid-001'
/** realServer's secret for the name 'claims-unicode'. */
const secret = 'claims-unicode-secret-'.repeat(4)
const auditor: Actor = { id: 'au-1', role: 'auditor', jurisdiction: 'hohhot' }
let real: RealServer

beforeAll(async () => {
  real = await startRealServer('claims-unicode')
})
afterAll(async () => {
  await real?.close()
})

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
/** An HS256 token signed with the server's secret (realServer's), with `claims` as they are: JSON.stringify writes a lone surrogate as `\ud800`. */
const token = (claims: Record<string, unknown>) => {
  const now = Math.floor(Date.now() / 1000)
  const signed = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ iat: now, exp: now + 600, ...claims })}`
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`
}
const register = (bearer: string) =>
  fetch(`${real.server.url}/api/v1/complaints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      channel: 'hotline-12345', kind: 'complaint', category: 'neighbourhood', title: '夜间噪音', description: '楼下商铺夜间施工',
      jurisdiction: GRID, complainant: { name: '吴九', phone: '13700009999' },
    }),
  })

describe('a token whose claims hold a lone surrogate', () => {
  it('is 401 naming the claim, and nothing is written', async () => {
    for (const [claims, named] of [
      [{ sub: 'op-\ud800', role: 'hotline-operator', jurisdiction: 'hohhot' }, 'sub'],
      [{ sub: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot', name: '张\udc00' }, 'name'],
      [{ sub: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot', department: 'd\ud800' }, 'department'],
    ] as const) {
      const res = await register(token(claims))
      const body = (await res.json()) as { detail?: string }
      expect(res.status, named).toBe(401)
      expect(body.detail, named).toContain(`${named}: contains text that is not valid Unicode`)
    }
    const events = (await (await real.call(auditor, 'GET', '/api/v1/events')).json()) as { events: unknown[] }
    expect(events.events).toEqual([])
  })

  it('is taken with a well-formed pair (an emoji) in its name', async () => {
    expect((await register(token({ sub: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot', name: '张\ud83d\ude00' }))).status).toBe(201)
  })
})
