// The public contract (shared HTTP.md, docs/HTTP.md) against the real server as `npm start` runs it (SQLite files, a
// real port): every answer a client gets on the way through the routes — successes and refusals — is checked against
// what /openapi.json says of that route, status and media type, with ajv. A status or media type the document does not
// list for the route, or a body its schema does not take, is a finding; so is a response schema that says nothing but
// `{ type: object }` (HTTP.md: "Response schemas … describe the bodies field by field").
import { createServer, type Server } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { Actor } from '@gridcase/core/access'
import { signToken } from '@gridcase/http'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../helpers/until.js'
import { startRealServer, type RealServer } from './helpers/realServer.js'

type Json = Record<string, unknown>
interface Operation {
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: Json }>; readonly headers?: Record<string, unknown> }>
}
interface Spec {
  readonly paths: Record<string, Record<string, Operation>>
  readonly components: Json
}

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const COMMUNITY = `${STREET}/xinhua-community`
const GRID = `${COMMUNITY}/grid-017`
const who = {
  admin: { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' },
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  community: { id: 'cw-1', role: 'community-worker', jurisdiction: COMMUNITY },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  auditor: { id: 'aud-1', role: 'auditor', jurisdiction: 'hohhot' },
  resident: { id: 'r-wang', role: 'resident', jurisdiction: GRID },
  supervisor: { id: 'sup-1', role: 'supervisor', jurisdiction: STREET },
  mediator: { id: 'pm-a', role: 'mediator', jurisdiction: STREET, track: 'people' },
} satisfies Record<string, Actor>
const METRICS_TOKEN = 'contract-answers-metrics-token-contract'
const png = (): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(256)])

let s: RealServer
let spec: Spec
let receiver: Server
let receiverUrl = ''
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/)
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
ajv.addFormat('uri', /^https?:\/\/\S+$/)
const compiled = new Map<string, ValidateFunction>()

/** The document's path template a concrete path falls under: literal segments before `{param}` ones. */
const templateOf = (method: string, path: string): string | undefined => {
  const segments = path.split('?')[0]!.split('/')
  const candidates = Object.keys(spec.paths).filter((template) => {
    const parts = template.split('/')
    return parts.length === segments.length && parts.every((p, i) => (p.startsWith('{') ? segments[i] !== '' : p === segments[i])) && spec.paths[template]?.[method.toLowerCase()] !== undefined
  })
  const literals = (t: string) => t.split('/').filter((p) => !p.startsWith('{')).length
  return candidates.sort((a, b) => literals(b) - literals(a))[0]
}

/** Every answer seen, with what was wrong with it against the document (empty: it agrees). */
const seen: { what: string; findings: string[] }[] = []

/** Checks one answer against the document: the status listed for the route, the media type, the body by its schema. */
const check = async (method: string, path: string, res: Response): Promise<{ status: number; body: unknown; headers: Headers }> => {
  const text = await res.text()
  const what = `${method} ${path} → ${res.status}`
  const findings: string[] = []
  const template = templateOf(method, path)
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim()
  let body: unknown = text
  if (/json$/.test(mediaType)) body = JSON.parse(text)
  if (template === undefined) findings.push('no route in /openapi.json')
  else {
    const response = spec.paths[template]?.[method.toLowerCase()]?.responses[String(res.status)]
    if (response === undefined) findings.push(`status ${res.status} not listed for ${method} ${template}`)
    else if (response.content !== undefined && res.status !== 304) {
      const content = response.content[mediaType]
      if (content === undefined) findings.push(`media type ${mediaType} not listed (${Object.keys(response.content).join(', ')})`)
      else if (content.schema !== undefined && /json$/.test(mediaType)) {
        const key = `${template} ${method} ${res.status} ${mediaType}`
        let validate = compiled.get(key)
        if (validate === undefined) {
          validate = ajv.compile({ $ref: `openapi.json#/paths/${template.replaceAll('~', '~0').replaceAll('/', '~1').replaceAll('{', '%7B').replaceAll('}', '%7D')}/${method.toLowerCase()}/responses/${res.status}/content/${mediaType.replace('/', '~1').replace('+', '%2B')}/schema` })
          compiled.set(key, validate)
        }
        if (!validate(body)) findings.push(`body not valid: ${ajv.errorsText(validate.errors, { separator: '; ' })}`)
        if (mediaType === 'application/problem+json') {
          const p = body as Json
          if (p['status'] !== res.status) findings.push(`problem status ${String(p['status'])} is not the answer's ${res.status}`)
          if (typeof p['type'] !== 'string' || !/^urn:gridcase:problem:[a-z-]+$/.test(p['type'])) findings.push(`problem type ${String(p['type'])}`)
        }
      }
    }
  }
  seen.push({ what, findings })
  return { status: res.status, body, headers: res.headers }
}

const token = (actor: Actor) => signToken({ secret: `contract-answers-secret-`.repeat(4) }, actor)
const call = async (actor: Actor | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${s.server.url}${path}`, {
    method,
    headers: {
      ...(actor === undefined ? {} : { authorization: `Bearer ${await token(actor)}` }),
      ...(body === undefined || Buffer.isBuffer(body) ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body) }),
  })
  return check(method, path, res)
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(204).end())
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
  s = await startRealServer('contract-answers', { METRICS_TOKEN, GRIDCASE_WEBHOOK_ALLOW: '127.0.0.1', GRIDCASE_WEBHOOK_POLL_MS: '20', GRIDCASE_HEAD_EVERY_EVENTS: '1', GRIDCASE_HEAD_EVERY_SECONDS: '1' })
  spec = (await (await fetch(`${s.server.url}/openapi.json`)).json()) as Spec
  ajv.addSchema(spec as unknown as Json, 'openapi.json')
}, 60_000)
afterAll(async () => {
  await s?.close()
  receiver?.close()
})

const complaint = {
  channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: GRID,
  complainant: { name: '王芳', phone: '13800471234', residentId: 'r-wang' },
}
const dispute = {
  source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '楼上漏水',
  parties: [{ side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang' }, { side: 'respondent', name: '李强', address: '新华小区3号楼' }],
}
const unit = { unit: { id: 'xinhua-community', level: 'community', jurisdiction: COMMUNITY } }

describe('the answers of the real server agree with /openapi.json', () => {
  it('documents every response body field by field: no response schema is a bare { type: object }', () => {
    const bare: string[] = []
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const [media, content] of Object.entries(response.content ?? {})) {
            const schema = content.schema ?? {}
            const described = (x: Json): boolean =>
              'properties' in x || '$ref' in x || 'items' in x || 'const' in x || 'enum' in x || 'additionalProperties' in x || x['type'] === 'string' ||
              (['anyOf', 'oneOf', 'allOf'] as const).some((k) => Array.isArray(x[k]) && (x[k] as Json[]).every(described))
            if (!described(schema)) bare.push(`${method.toUpperCase()} ${path} ${status} ${media}`)
          }
        }
      }
    }
    expect(bare).toEqual([])
  })

  it('a complaint and a dispute through their routes, every answer as documented', async () => {
    const created = await call(who.hotline, 'POST', '/api/v1/complaints', complaint, { 'idempotency-key': crypto.randomUUID() })
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toBe('W/"0"')
    const id = (created.body as { id: string }).id
    expect(created.headers.get('location')).toBe(`/api/v1/complaints/${id}`)
    const c = (command: string) => `/api/v1/complaints/${id}/${command}`
    expect((await call(who.hotline, 'POST', c('accept'), undefined, { 'if-match': 'W/"0"' })).status).toBe(200)
    expect((await call(who.hotline, 'POST', c('dispatch'), unit, { 'if-match': 'W/"0"' })).status).toBe(412)
    expect((await call(who.hotline, 'POST', c('dispatch'), { unit: {} })).status).toBe(400)
    expect((await call(who.hotline, 'POST', c('dispatch'), unit)).status).toBe(200)
    expect((await call(who.community, 'POST', c('acknowledge'))).status).toBe(200)
    expect((await call(who.community, 'POST', c('close'))).status).toBe(403)
    expect((await call(who.community, 'POST', c('accept'))).status).toBe(409)
    expect((await call(who.hotline, 'POST', c('add-note'), 'not json', { 'content-type': 'text/plain' })).status).toBe(415)
    const key = crypto.randomUUID()
    expect((await call(who.supervisor, 'POST', c('add-note'), { note: 'a' }, { 'idempotency-key': key })).status).toBe(200)
    expect((await call(who.supervisor, 'POST', c('add-note'), { note: 'b' }, { 'idempotency-key': key })).status).toBe(422)
    expect((await call(who.community, 'POST', c('accept?foo=1'))).status).toBe(400)
    expect((await call(undefined, 'GET', `/api/v1/complaints/${id}`)).status).toBe(401)
    for (const actor of [who.hotline, who.community, who.auditor, who.resident]) {
      expect((await call(actor, 'GET', `/api/v1/complaints/${id}`)).status).toBe(200)
      expect((await call(actor, 'GET', `/api/v1/complaints/${id}/history`)).status).toBe(200)
    }
    expect((await call(who.auditor, 'GET', `/api/v1/complaints/${id}?version=0`)).status).toBe(200)
    expect((await call(who.auditor, 'GET', `/api/v1/complaints/${id}?asOf=2020-01-01T00:00:00Z`)).body).toMatchObject({ exists: false })
    expect((await call(who.auditor, 'GET', `/api/v1/complaints/${id}?version=99`)).status).toBe(404)
    expect((await call(who.auditor, 'GET', `/api/v1/complaints/${crypto.randomUUID()}`)).status).toBe(404)
    const photo = ((await call(who.community, 'POST', '/api/v1/attachments', png(), { 'content-type': 'image/png' })).body as { sha256: string }).sha256
    expect((await call(who.community, 'POST', c('submit-result'), { result: '已修复', outcome: 'resolved', attachments: [{ sha256: photo, kind: 'photo', caption: '修复后' }] })).status).toBe(200)
    expect((await call(who.hotline, 'POST', c('notify-complainant'), { method: 'phone' })).status).toBe(200)
    expect((await call(who.resident, 'POST', c('evaluate'), { rating: 'satisfied', comment: '好' })).status).toBe(200)
    expect((await call(who.hotline, 'POST', c('close'))).status).toBe(200)
    for (const actor of [who.hotline, who.auditor, who.resident]) expect((await call(actor, 'GET', `/api/v1/complaints/${id}`)).status).toBe(200)
    expect((await call(who.community, 'GET', '/api/v1/complaints?state=acknowledged&limit=1')).status).toBe(200)
    expect((await call(who.community, 'GET', '/api/v1/complaints?overdue=maybe')).status).toBe(400)

    const opened = await call(who.street, 'POST', '/api/v1/disputes', dispute)
    expect(opened.status).toBe(201)
    const disputeId = (opened.body as { id: string }).id
    expect((await call(who.street, 'POST', `/api/v1/disputes/${disputeId}/accept`)).status).toBe(200)
    expect((await call(who.street, 'POST', `/api/v1/disputes/${disputeId}/assign-mediator`, { track: 'people', mediator: { id: 'pm-a', jurisdiction: STREET } })).status).toBe(200)
    expect((await call(who.mediator, 'POST', `/api/v1/disputes/${disputeId}/record-session`, { minutes: '双方陈述', attendees: ['王芳', '李强'] })).status).toBe(200)
    expect((await call(who.mediator, 'POST', `/api/v1/disputes/${disputeId}/record-agreement`, { form: 'oral', terms: ['赔偿维修费2000元'], reachedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) })).status).toBe(200)
    for (const actor of [who.street, who.mediator, who.auditor, who.resident]) expect((await call(actor, 'GET', `/api/v1/disputes/${disputeId}`)).status).toBe(200)
    expect((await call(who.resident, 'GET', `/api/v1/disputes/${disputeId}/history`)).status).toBe(200)
    expect((await call(who.street, 'GET', '/api/v1/disputes')).status).toBe(200)
    expect(seen.filter((a) => a.findings.length > 0)).toEqual([])
  })

  it('the figures, the registry, the calendar and the committees, as documented', async () => {
    for (const path of ['/api/v1/dashboard', '/api/v1/dashboard?depth=1', '/api/v1/evaluation?period=2026', '/api/v1/ranking?period=2026', '/api/v1/trends?months=2&days=2', '/api/v1/jurisdictions', '/api/v1/committees', '/api/v1/calendar/2026']) {
      expect((await call(who.street, 'GET', path)).status, path).toBe(200)
    }
    expect((await call(who.street, 'GET', '/api/v1/evaluation')).status).toBe(400)
    expect((await call(who.street, 'GET', '/api/v1/jurisdictions?under=hohhot/xincheng')).status).toBe(403)
    expect((await call(who.resident, 'GET', '/api/v1/dashboard')).status).toBe(403)
    expect((await call(who.street, 'POST', '/api/v1/calendar', { year: 2031, notice: 'x', holidays: [] })).status).toBe(403)
    expect(seen.filter((a) => a.findings.length > 0)).toEqual([])
  })

  it('every documented route refuses a query parameter it does not take as documented, for an admin and an auditor (docs/HTTP.md: 400 at query.<name>, after 401 and a role refused outright)', async () => {
    const fill = (template: string) => template.replace('{sha256}', 'a'.repeat(64)).replace('{year}', '2026').replace(/\{[a-zA-Z]+\}/g, () => crypto.randomUUID())
    for (const [template, operations] of Object.entries(spec.paths)) {
      if (template === '/healthz' || template === '/metrics') continue
      for (const method of Object.keys(operations)) {
        for (const actor of [who.admin, who.auditor]) {
          const path = `${fill(template)}?nope=1`
          const answer = await call(actor, method.toUpperCase(), path, method === 'get' || method === 'delete' ? undefined : {})
          expect([400, 403], `${method} ${path}`).toContain(answer.status)
          // Without it: whatever the route answers an empty body or an id that names nothing is documented too.
          await call(actor, method.toUpperCase(), fill(template), method === 'get' || method === 'delete' ? undefined : {})
        }
        // And without a token: 401 where the route asks for one, documented as such.
        await call(undefined, method.toUpperCase(), fill(template), method === 'get' || method === 'delete' ? undefined : {})
      }
    }
    expect(seen.filter((a) => a.findings.length > 0)).toEqual([])
  }, 60_000)

  it('the event log, the audit routes, attachments, webhooks, health and metrics, as documented', async () => {
    expect((await call(who.hotline, 'POST', '/api/v1/complaints', complaint)).status).toBe(201)
    expect((await call(who.auditor, 'GET', '/api/v1/events?limit=2')).status).toBe(200)
    expect((await call(who.auditor, 'GET', '/api/v1/events?from=-1')).status).toBe(400)
    expect((await call(who.auditor, 'GET', '/api/v1/audit/verify')).status).toBe(200)
    expect((await call(who.hotline, 'GET', '/api/v1/audit/verify')).status).toBe(403)
    await until(async () => ((await (await fetch(`${s.server.url}/api/v1/audit/heads`, { headers: { authorization: `Bearer ${await token(who.auditor)}` } })).json()) as { heads: unknown[] }).heads.length > 0, { everyMs: 50 })
    const heads = await call(who.auditor, 'GET', '/api/v1/audit/heads')
    const head = (heads.body as { heads: { treeSize: number }[] }).heads.at(-1)!.treeSize
    expect((await call(who.auditor, 'GET', `/api/v1/audit/proof?position=0&head=${head}`)).status).toBe(200)
    expect((await call(who.auditor, 'GET', `/api/v1/audit/proof?from=${head}&to=${head}`)).status).toBe(200)
    expect((await call(who.auditor, 'GET', `/api/v1/audit/proof?position=0&head=999999`)).status).toBe(404)

    const bytes = png()
    const uploaded = await call(who.resident, 'POST', '/api/v1/attachments', bytes, { 'content-type': 'image/png' })
    expect(uploaded.status).toBe(201)
    const sha = (uploaded.body as { sha256: string }).sha256
    expect(uploaded.headers.get('location')).toBe(`/api/v1/attachments/${sha}`)
    const fetched = await call(who.resident, 'GET', `/api/v1/attachments/${sha}`)
    expect([fetched.status, fetched.headers.get('content-type'), fetched.headers.get('x-content-type-options'), fetched.headers.get('etag')]).toEqual([200, 'image/png', 'nosniff', `"${sha}"`])
    expect(fetched.headers.get('content-disposition')).toMatch(/^inline; filename=/)
    expect((await call(who.hotline, 'GET', `/api/v1/attachments/${sha}`)).status).toBe(404)
    expect((await call(who.resident, 'POST', '/api/v1/attachments', Buffer.from('plain text'), { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await call(who.auditor, 'POST', '/api/v1/attachments', bytes, { 'content-type': 'image/png' })).status).toBe(403)

    const subscribed = await call(who.admin, 'POST', '/api/v1/webhooks', { url: receiverUrl, eventTypes: ['*'] })
    expect(subscribed.status).toBe(201)
    const hook = (subscribed.body as { id: string }).id
    expect((await call(who.admin, 'POST', '/api/v1/webhooks', { url: 'http://10.0.0.1/x', eventTypes: ['*'] })).status).toBe(400)
    await call(who.hotline, 'POST', '/api/v1/complaints', complaint)
    await until(async () => ((await (await fetch(`${s.server.url}/api/v1/webhooks/${hook}/deliveries?status=delivered`, { headers: { authorization: `Bearer ${await token(who.admin)}` } })).json()) as { items: unknown[] }).items.length > 0, { everyMs: 50 })
    const deliveries = await call(who.admin, 'GET', `/api/v1/webhooks/${hook}/deliveries`)
    const delivery = (deliveries.body as { items: { id: string }[] }).items[0]!.id
    expect((await call(who.admin, 'GET', `/api/v1/webhooks/${hook}/deliveries/${delivery}`)).status).toBe(200)
    expect((await call(who.admin, 'POST', `/api/v1/webhooks/${hook}/deliveries/${delivery}/retry`)).status).toBe(409)
    expect((await call(who.admin, 'POST', `/api/v1/webhooks/${hook}/dead-letters/retry`)).status).toBe(202)
    for (const path of ['/api/v1/webhooks', `/api/v1/webhooks/${hook}`, '/api/v1/webhooks/dead-letters']) expect((await call(who.admin, 'GET', path)).status, path).toBe(200)
    expect((await call(who.hotline, 'GET', '/api/v1/webhooks')).status).toBe(403)
    expect((await call(who.admin, 'GET', `/api/v1/webhooks/${crypto.randomUUID()}`)).status).toBe(404)
    expect((await call(who.admin, 'DELETE', `/api/v1/webhooks/${hook}`)).status).toBe(200)

    expect((await call(undefined, 'GET', '/healthz')).status).toBe(200)
    expect((await call(undefined, 'GET', '/openapi.json')).status).toBe(200)
    expect((await call(undefined, 'GET', '/metrics')).status).toBe(401)
    expect((await call(undefined, 'GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200)
    expect(seen.filter((a) => a.findings.length > 0)).toEqual([])
  }, 30_000)
})
