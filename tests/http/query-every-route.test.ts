// Every route the real server answers decodes its query string: a parameter it does not document is 400 at
// `query.<name>` (a misspelt `?limt=5` is not silently ignored), one beginning with `_` (a cache-buster) passes, a
// documented one is known, and a documented one given twice is 400 at `query.<name>`. `/healthz` and `/metrics`,
// polled by infrastructure (Prometheus may add its own parameters), take any query. The routes are read from
// express's router, so a route added later without decoding its query fails here. Real server (SQLite, real port).
import type { RunningServer } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'
import { expressRoutes } from './helpers/routes.js'

const METRICS_TOKEN = 'query-every-route-metrics-token-query-every'
const LENIENT = new Set(['GET /healthz', 'GET /metrics'])

let dir: string
let server: RunningServer
let complaint = ''
let webhook = ''
let routes: string[] = []
let documentedQuery: Map<string, string[]>
let documented400: Map<string, boolean>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-query-routes-'))
  server = await startDemoServer({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'normal', GRIDCASE_PROCESSES: 'off', METRICS_TOKEN, GRIDCASE_WEBHOOK_ALLOW: '127.0.0.1' })
  const call = demoCall(() => server)
  const created = await call('hotline-operator', 'POST', '/api/v1/complaints', {
    channel: 'hotline-12345',
    kind: 'help',
    category: 'parking',
    title: '车位被占',
    description: '占用消防通道',
    jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017',
    complainant: { name: '张先生', phone: '13900471234' },
  })
  expect(created.status).toBe(201)
  complaint = String(created.body['id'])
  const subscribed = await call('admin', 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['ComplaintRegistered'] })
  expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(201)
  webhook = String(subscribed.body['id'])
  routes = expressRoutes(server.app).sort()
  const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>>
  }
  documented400 = new Map(Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, '400' in op.responses] as const)))
  documentedQuery = new Map(
    Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)] as const),
    ),
  )
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The role that passes a route's role check (so the query is what is judged), and the path with its parameters filled. */
const roleFor = (route: string): string => (/ \/api\/v1\/audit\//.test(route) ? 'auditor' : 'admin')
const concrete = (route: string): { method: string; path: string } => {
  const [method, template] = route.split(' ') as [string, string]
  const path = template
    .replace(/^(\/api\/v1\/complaints)\/\{id\}/, `$1/${complaint}`)
    .replace(/^(\/api\/v1\/webhooks)\/\{id\}/, `$1/${webhook}`)
    .replace('{year}', '2027')
    .replace('{sha256}', 'a'.repeat(64))
    .replace(/\{\w+\}/g, () => crypto.randomUUID())
  return { method, path }
}

interface Answer {
  readonly status: number
  readonly errors: readonly { readonly path: string; readonly message: string }[]
}
const ask = async (route: string, query: string): Promise<Answer> => {
  const { method, path } = concrete(route)
  const res = await fetch(`${server.url}${path}${query}`, {
    method,
    headers: {
      authorization: `Bearer ${route.endsWith(' /metrics') ? METRICS_TOKEN : server.demoTokens[roleFor(route)]}`,
      ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
    },
    // No body: a command is refused for its query before its body is judged.
    ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
  })
  const text = await res.text()
  const body = (res.headers.get('content-type') ?? '').includes('json') && text.length > 0 ? (JSON.parse(text) as { errors?: Answer['errors'] }) : {}
  return { status: res.status, errors: body.errors ?? [] }
}
const unknownAt = (name: string) => ({ path: `query.${name}`, message: 'is not a known parameter' })

describe('the query string of every route', () => {
  it('covers the routes the server answers: the API, commands, attachments, webhooks, calendar, audit, the page, openapi', () => {
    for (const route of ['GET /api/v1/complaints/{id}/history', 'POST /api/v1/complaints/{id}/accept', 'GET /api/v1/calendar/{year}', 'GET /api/v1/webhooks/{id}/deliveries', 'GET /api/v1/attachments/{sha256}', 'GET /openapi.json', 'GET /', 'GET /assets/dashboard.js', 'GET /healthz', 'GET /metrics']) {
      expect(routes).toContain(route)
    }
    expect(routes.length).toBeGreaterThan(60)
  })

  it('refuses a parameter the route does not take: 400 at query.<name>, on every route but /healthz and /metrics', async () => {
    const ignored: string[] = []
    for (const route of routes.filter((r) => !LENIENT.has(r))) {
      const answer = await ask(route, '?zzz=1')
      if (answer.status !== 400 || !answer.errors.some((e) => e.path === 'query.zzz' && e.message === unknownAt('zzz').message)) ignored.push(`${route} → ${answer.status} ${JSON.stringify(answer.errors)}`)
    }
    expect(ignored).toEqual([])
  })

  it('names a misspelt parameter on the routes that took none or read one ad hoc', async () => {
    for (const [route, query, name] of [
      ['GET /api/v1/complaints/{id}', '?mask=1', 'mask'],
      ['GET /api/v1/complaints/{id}/history', '?limt=5', 'limt'],
      ['GET /api/v1/calendar/{year}', '?x=1', 'x'],
      ['POST /api/v1/complaints/{id}/accept', '?foo=1', 'foo'],
      ['GET /api/v1/webhooks', '?status=dead', 'status'],
    ] as const) {
      expect(await ask(route, query), route).toEqual({ status: 400, errors: [unknownAt(name)] })
    }
  })

  it('lets a `_` cache-buster through: every route answers as it does without it', async () => {
    for (const route of routes.filter((r) => r.startsWith('GET '))) {
      const plain = await ask(route, '')
      expect(await ask(route, '?_=1767225600000&_=2'), route).toEqual(plain)
    }
    // Commands and other writes: the cache-buster is not what they refuse.
    for (const route of routes.filter((r) => !r.startsWith('GET '))) {
      const answer = await ask(route, '?_=1')
      expect(answer.errors.filter((e) => e.path.startsWith('query')), route).toEqual([])
    }
  })

  it('takes every parameter openapi.json documents, and refuses one given twice at query.<name>', async () => {
    let checked = 0
    for (const route of routes) {
      for (const name of documentedQuery.get(route) ?? []) {
        const once = await ask(route, `?${name}=1`)
        expect(once.errors, `${route} ?${name}`).not.toContainEqual(unknownAt(name))
        const twice = await ask(route, `?${name}=1&${name}=1`)
        expect(twice.status, `${route} ?${name} twice`).toBe(400)
        expect(twice.errors.map((e) => e.path), `${route} ?${name} twice`).toContain(`query.${name}`)
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(20)
  })

  it('documents the 400 in openapi.json on every route that refuses a query', () => {
    expect(routes.filter((r) => !LENIENT.has(r) && documented400.get(r) !== true)).toEqual([])
  })

  it('stays lenient on /healthz and /metrics, which infrastructure polls with its own parameters', async () => {
    expect((await ask('GET /healthz', '?zzz=1')).status).toBe(200)
    expect((await ask('GET /metrics', '?name[]=gridcase_http_requests_total')).status).toBe(200)
  })

  it('judges the token before the query: unauthenticated is 401 with or without an unknown parameter', async () => {
    for (const path of [`/api/v1/complaints/${complaint}?mask=1`, `/api/v1/complaints/${complaint}/history?limt=5`, '/api/v1/committees?x=1', '/api/v1/webhooks?x=1']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(401)
    }
    const command = await fetch(`${server.url}/api/v1/complaints/${complaint}/accept?foo=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(command.status).toBe(401)
  })
})
