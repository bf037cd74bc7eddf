// Bad input of every kind — bodies, headers, paths and query strings, lone surrogates and broken percent-encoding
// among them — is a 4xx naming what is wrong, never a 5xx, and writes nothing.
import { complaints, disputes } from '@gridcase/http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, openTicket, startServer, tickets, type TestServer } from './helpers/server.js'

let s: TestServer
let ticketId: string
let token: string

beforeAll(async () => {
  s = await startServer({ caseTypes: [tickets(), complaints(), disputes()] })
  const created = await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())
  ticketId = ((await created.json()) as { id: string }).id
  token = await s.token(actors.operator)
})
afterAll(async () => {
  await s.close()
})

const raw = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body }),
  })

describe('unencodable text and malformed URLs', () => {
  it('answers 400 naming the field for a lone surrogate in a body, and writes nothing', async () => {
    const before = (await s.store.readAll()).length
    const res = await raw('POST', `/api/v1/tickets/${ticketId}/add-note`, '{"note":"\\ud800"}')
    expect(res.status).toBe(400)
    const body = (await res.json()) as { errors: { path: string }[] }
    expect(body.errors.map((e) => e.path)).toEqual(['note'])
    const nested = await raw('POST', '/api/v1/tickets', JSON.stringify({ ...openTicket(), title: 'ok' }).replace('"ok"', '"a\\udc00b"'))
    expect(nested.status).toBe(400)
    expect(((await nested.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['title'])
    const key = await raw('POST', `/api/v1/tickets/${ticketId}/add-note`, '{"note":"x","\\ud83d":1}')
    expect(key.status).toBe(400)
    // A well-formed pair (an emoji) is fine.
    expect((await raw('POST', `/api/v1/tickets/${ticketId}/add-note`, '{"note":"\\ud83d\\ude00"}')).status).toBe(200)
    expect((await s.store.readAll()).length).toBe(before + 1)
  })

  it('answers 400 for a malformed percent-encoding in a path, on reads and commands', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/complaints/%E0%A4%A'],
      ['POST', '/api/v1/complaints/%E0%A4%A/accept'],
      ['GET', '/api/v1/disputes/%ZZ/history'],
      ['GET', '/api/v1/tickets/%ED%A0%80'],
    ] as const) {
      const res = await raw(method, path)
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400)
      expect(res.status, `${method} ${path}`).toBeLessThan(500)
    }
    expect((await raw('GET', '/api/v1/complaints/%E0%A4%A')).status).toBe(400)
  })
})

// Pieces of bad input, mixed into requests on every route.
const lone = fc.constantFrom('\ud800', '\udfff', 'a\udc00', '\ud83d')
const text = fc.oneof(fc.string({ maxLength: 20 }), lone, fc.string({ unit: 'binary', maxLength: 10 }))
const badPercent = fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%ED%A0%80', '%C0%AF', '%FF', '%25%', '%u0041', '%00')
const segment = fc.oneof(fc.constant('{ticket}'), fc.uuid(), badPercent, fc.string({ maxLength: 8 }).map(encodeURIComponent), badPercent.map((b) => `x${b}y`))
const commandName = fc.constantFrom('add-note', 'accept', 'close', 'history', 'dispatch', 'evaluate', 'merge', 'record-session', '')
const collection = fc.constantFrom('tickets', 'complaints', 'disputes', 'events', 'audit', 'dashboard')
const queryValue = fc.oneof(fc.string({ maxLength: 10 }).map(encodeURIComponent), badPercent, fc.constantFrom('-1', '1e9', '99999999999999999999', 'true', ''))
const query = fc.array(fc.tuple(fc.constantFrom('from', 'limit', 'version', 'asOf', 'state', 'cursor', 'overdue', 'jurisdiction', 'full', 'x'), queryValue), { maxLength: 3 })
const headerText = fc.string({ maxLength: 40 }).map((h) => h.replace(/[^\x20-\x7e]/g, ''))
const headers = fc.record(
  {
    'idempotency-key': fc.oneof(fc.uuid(), headerText),
    'if-match': fc.oneof(fc.constantFrom('W/"0"', 'W/"99"', '*', 'W/"-1"', '"0"', 'W/"1e400"'), headerText),
    'last-event-id': fc.oneof(fc.constantFrom('-1', '1e9', 'NaN', '18446744073709551616'), headerText),
    accept: fc.constantFrom('application/json', 'text/event-stream', '*/*', 'text/csv'),
    'x-correlation-id': headerText,
    'content-type': fc.constantFrom('application/json', 'application/json; charset=latin1', 'text/plain', 'application/merge-patch+json'),
  },
  { requiredKeys: [] },
)
// JSON.stringify writes a lone surrogate as its escape (`"\ud800"`), as a client would send it.
const jsonWithLone = fc.tuple(fc.jsonValue({ maxDepth: 2 }), lone).map(([v, l]) => JSON.stringify({ note: v, text: `x${l}` }))
const body = fc.option(
  fc.oneof(
    jsonWithLone,
    text.map((t) => JSON.stringify({ note: t, reason: t, title: t })),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 50 }),
    fc.constantFrom('{', '{"note":"\\ud800"}', '{"\\udc00":1}', '[]', 'null', '{"note":"\\u0000"}'),
  ),
  { nil: undefined },
)
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE'),
  collection,
  segments: fc.array(segment, { minLength: 0, maxLength: 2 }),
  command: commandName,
  query,
  headers,
  body,
})

describe('fuzzed requests', () => {
  it('every generated request with bad input gets a 4xx, never a 5xx, and writes nothing', async () => {
    let sent = 0
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = `/api/v1/${r.collection}/${[...r.segments, r.command].map((p) => p.replace('{ticket}', ticketId)).join('/')}`
        const qs = r.query.map(([k, v]) => `${k}=${v}`).join('&')
        const before = (await s.store.readAll()).length
        const res = await fetch(`${s.url}${path}${qs === '' ? '' : `?${qs}`}`, {
          method: r.method,
          headers: { authorization: `Bearer ${token}`, ...r.headers },
          ...(r.body === undefined || r.method === 'GET' ? {} : { body: r.body }),
          signal: AbortSignal.timeout(10_000),
        })
        // A live stream that was accepted stays open: its headers are the answer.
        if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel()
        const answer = res.bodyUsed ? '' : await res.text()
        // The live feed's cap (503 with Retry-After) is load shedding, not a failure: fast cancels may briefly reach it.
        if (res.status === 503 && answer.includes('urn:gridcase:problem:unavailable') && res.headers.get('retry-after') !== null) return
        sent += 1
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        expect(res.status, `${r.method} ${path}?${qs} ${JSON.stringify(r.headers)} ${r.body ?? ''}`).toBeLessThan(500)
        if (res.status >= 400) expect((await s.store.readAll()).length, `${r.method} ${path} wrote`).toBe(before)
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500), endOnFailure: true },
    )
    expect(sent).toBeGreaterThan(0)
    // The edge refused them: invalid input (400) and routes or cases that do not exist (404).
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 404]))
  }, 180_000)
})
