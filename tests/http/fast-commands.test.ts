// The fast command path (packages/http/src/fastCommands.ts) answers byte for byte as express's path does. Two apps
// built alike (same clock, same ids, same store kind) take the same requests in the same order: one serves plain JSON
// commands on node:http, the other sends everything through express. Each answer is read off the socket, whole, and
// compared, only the Date line set aside; the fast app must also have taken the requests meant for it, and left the
// others to express.
import { manualClock, memoryEventStore, stableId } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { createApp, jwtAuth, listen, signToken, type GridcaseApp } from '@gridcase/http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, METRICS_TOKEN, openTicket, SECRET, tickets } from './helpers/server.js'

interface Running {
  readonly app: GridcaseApp
  readonly server: Server
  readonly port: number
  /** How many requests the fast path took. */
  taken: number
  /** The app's log lines, parsed. */
  readonly lines: Record<string, unknown>[]
}

const start = async (fastCommands: boolean): Promise<Running> => {
  const clock = manualClock('2026-03-02T01:00:00.000Z')
  let n = 0
  const lines: Record<string, unknown>[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) })
  // Ids from a counter: both apps name the same cases and commands alike.
  const newId = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`
  const app = createApp({
    store: memoryEventStore({ clock }),
    caseTypes: [tickets()],
    auth: jwtAuth({ secret: SECRET }),
    clock,
    ids: { newId, stableId },
    metricsAccess: { token: METRICS_TOKEN },
    fastCommands,
    logger,
  })
  const running = { app, taken: 0, lines } as { app: GridcaseApp; taken: number; lines: Record<string, unknown>[] }
  const fast = app.gridcase.fastCommands
  if (fast !== undefined) {
    // Counts what the fast path takes (httpServer reads the hook when it builds the server).
    Object.assign(app.gridcase, {
      fastCommands: (req: IncomingMessage, res: ServerResponse) => {
        const took = fast(req, res)
        if (took) running.taken += 1
        return took
      },
    })
  }
  const server = await listen(app, 0, '127.0.0.1')
  return Object.assign(running, { server, port: (server.address() as AddressInfo).port })
}

interface Raw {
  readonly method: string
  readonly path: string
  readonly headers?: readonly string[]
  readonly body?: string | Buffer
}

/** Sends one request as bytes on a fresh connection (`Connection: close`) and reads the whole answer until the server closes. */
const exchange = (port: number, { method, path, headers = [], body }: Raw): Promise<string> =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')
    const head = [`${method} ${path} HTTP/1.1`, 'Host: gridcase.test', 'Connection: close', ...headers, ...(body === undefined ? [] : [`Content-Length: ${payload.length}`])]
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', reject)
    socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), payload]))
  })

/** The answer with its Date line set aside (the two servers answer in different seconds now and then). */
const withoutDate = (answer: string): string => answer.replace(/^Date: [^\r\n]*\r\n/im, '')

let fast: Running
let plain: Running
const tokens = new Map<string, string>()
const tokenOf = async (actor: Actor): Promise<string> => {
  const known = tokens.get(actor.id)
  if (known !== undefined) return known
  const signed = await signToken({ secret: SECRET }, actor)
  tokens.set(actor.id, signed)
  return signed
}

beforeAll(async () => {
  fast = await start(true)
  plain = await start(false)
})
afterAll(async () => {
  for (const r of [fast, plain]) {
    await r.app.gridcase.close()
    r.server.closeAllConnections()
    await new Promise<void>((resolve) => r.server.close(() => resolve()))
  }
})

/** The same request to both servers; both answers, after checking they are the same bytes (Date aside). */
const both = async (raw: Raw, taken: boolean): Promise<string> => {
  const before = fast.taken
  const a = await exchange(fast.port, raw)
  const b = await exchange(plain.port, raw)
  expect(withoutDate(a)).toBe(withoutDate(b))
  expect(fast.taken - before, `${raw.method} ${raw.path} ${taken ? 'on' : 'off'} the fast path`).toBe(taken ? 1 : 0)
  expect(plain.taken).toBe(0)
  return a
}

const json = async (actor: Actor | undefined, body: unknown, extra: readonly string[] = []): Promise<{ headers: string[]; body: string }> => ({
  headers: [...(actor === undefined ? [] : [`Authorization: Bearer ${await tokenOf(actor)}`]), 'Content-Type: application/json', 'X-Request-Id: contract', ...extra],
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

const statusOf = (answer: string): number => Number(answer.slice(9, 12))
const bodyOf = (answer: string): Record<string, unknown> => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>

describe('the fast command path answers as express does', () => {
  let ticket = ''
  let owned = ''

  it('opens a case: 201, Location, ETag W/"0", the case view, helmet headers and X-Request-Id', async () => {
    const answer = await both({ method: 'POST', path: '/api/v1/tickets', ...(await json(actors.operator, openTicket())) }, true)
    expect(statusOf(answer)).toBe(201)
    expect(answer).toMatch(/\r\nLocation: \/api\/v1\/tickets\/[0-9a-f-]{36}\r\n/)
    expect(answer).toMatch(/\r\nETag: W\/"0"\r\n/)
    expect(answer).toMatch(/\r\nX-Request-Id: contract\r\n/)
    expect(answer).toMatch(/\r\nContent-Security-Policy: /)
    expect(answer).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/)
    ticket = String(bodyOf(answer)['id'])
    const resident = await both({ method: 'POST', path: '/api/v1/tickets', ...(await json(actors.residentA, openTicket({ jurisdiction: COMMUNITY_A }))) }, true)
    expect(statusOf(resident)).toBe(201)
    owned = String(bodyOf(resident)['id'])
  })

  it('runs a command: 200, the new ETag and the case view; with charset=utf-8, an upper-case id, a byte order mark, no X-Request-Id', async () => {
    const added = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, { note: '已电话联系' })) }, true)
    expect(statusOf(added)).toBe(200)
    expect(added).toMatch(/\r\nETag: W\/"1"\r\n/)
    const charset = await json(actors.workerA, { note: 'charset' }, ['Content-Type: application/json; charset=UTF-8'])
    expect(statusOf(await both({ method: 'POST', path: `/api/v1/tickets/${ticket.toUpperCase()}/add-note`, headers: charset.headers.filter((h) => h !== 'Content-Type: application/json'), body: charset.body }, true))).toBe(200)
    const bom = await json(actors.workerA, '')
    expect(statusOf(await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, headers: bom.headers, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ note: 'bom' }))]) }, true))).toBe(200)
    // Without X-Request-Id each server makes one up: the answers differ there alone.
    const headers = [`Authorization: Bearer ${await tokenOf(actors.workerA)}`, 'Content-Type: application/json']
    const a = await exchange(fast.port, { method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, headers, body: '{"note":"no id"}' })
    const b = await exchange(plain.port, { method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, headers, body: '{"note":"no id"}' })
    const noId = (s: string) => withoutDate(s).replace(/^X-Request-Id: [0-9a-f-]{36}\r\n/im, 'X-Request-Id: *\r\n')
    expect(noId(a)).toBe(noId(b))
    expect(noId(a)).toContain('X-Request-Id: *\r\n')
  })

  it('refuses a body that fails its codec: 400 problem+json naming the field, and an unknown field', async () => {
    const missing = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, {})) }, true)
    expect(statusOf(missing)).toBe(400)
    expect(missing).toMatch(/\r\nContent-Type: application\/problem\+json; charset=utf-8\r\n/)
    expect(bodyOf(missing)['errors']).toEqual([expect.objectContaining({ path: 'note' })])
    const unknown = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, { note: 'x', extra: 1 })) }, true)
    expect(statusOf(unknown)).toBe(400)
    expect(bodyOf(unknown)['errors']).toEqual([expect.objectContaining({ path: 'extra' })])
  })

  it('refuses what is not JSON, and JSON that is not an object (strict: an object or an array), a bad Idempotency-Key and If-Match: 400', async () => {
    for (const body of ['{"note":', '   ', 'nul']) {
      const answer = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, body)) }, true)
      expect(statusOf(answer), body).toBe(400)
      expect(bodyOf(answer)['errors']).toEqual([{ path: '(root)', message: 'is not valid JSON' }])
    }
    // Valid JSON, but not an object: said so (before, "is not valid JSON"), on both paths alike, as an array is.
    for (const body of ['"just text"', 'null', '5', 'true', '[1]']) {
      const answer = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, body)) }, true)
      expect(statusOf(answer), body).toBe(400)
      expect(bodyOf(answer)['errors'], body).toEqual([{ path: '(root)', message: 'expected an object' }])
    }
    const key = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, { note: 'k' }, ['Idempotency-Key: not-a-uuid'])) }, true)
    expect(statusOf(key)).toBe(400)
    const match = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, { note: 'm' }, ['If-Match: three'])) }, true)
    expect(statusOf(match)).toBe(400)
  })

  it('refuses a body that is not valid UTF-8 (400 at (root)) rather than recording U+FFFD in its place, on both paths and with a charset', async () => {
    const bad = Buffer.concat([Buffer.from('{"note":"abc'), Buffer.from([0xff, 0xfe]), Buffer.from('def"}')])
    const versionOf = async (port: number) => (await exchange(port, { method: 'GET', path: `/api/v1/tickets/${ticket}`, headers: (await json(actors.workerA, {})).headers })).match(/\r\nETag: (W\/"\d+")\r\n/)?.[1]
    const versions = [await versionOf(fast.port), await versionOf(plain.port)]
    const plainType = await json(actors.workerA, '')
    const withCharset = await json(actors.workerA, '', ['Content-Type: application/json; charset=utf-8'])
    const sent: [Raw, boolean][] = [
      // Plain JSON goes the fast way; chunked and other JSON types go to express: all answer alike.
      [{ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, headers: plainType.headers, body: bad }, true],
      [{ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, headers: withCharset.headers.filter((h) => h !== 'Content-Type: application/json'), body: bad }, true],
      [{ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, headers: plainType.headers.map((h) => (h.startsWith('Content-Type') ? 'Content-Type: application/merge-patch+json; charset=utf-8' : h)), body: bad }, false],
      [{ method: 'POST', path: '/api/v1/tickets', headers: (await json(actors.operator, '')).headers, body: Buffer.concat([Buffer.from(`${JSON.stringify(openTicket()).slice(0, -1)},"x":"`), Buffer.from([0xc3]), Buffer.from('"}')]) }, true],
    ]
    for (const [raw, taken] of sent) {
      const answer = await both(raw, taken)
      expect(statusOf(answer), raw.headers?.join()).toBe(400)
      expect(bodyOf(answer)['errors']).toEqual([{ path: '(root)', message: 'is not valid UTF-8' }])
    }
    // Nothing was written: the case is at the version it was.
    expect([await versionOf(fast.port), await versionOf(plain.port)]).toEqual(versions)
  })

  it('401 without a token or with a bad one, with WWW-Authenticate; even an empty body is read first', async () => {
    const none = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(undefined, { note: 'x' })) }, true)
    expect(statusOf(none)).toBe(401)
    expect(none).toMatch(/\r\nWWW-Authenticate: Bearer realm="gridcase"\r\n/)
    const bad = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, headers: ['Authorization: Bearer nonsense', 'Content-Type: application/json', 'X-Request-Id: contract'], body: '{}' }, true)
    expect(statusOf(bad)).toBe(401)
    // Bad JSON and no token: the body is read (400) before the token (as express's parser runs before authentication).
    expect(statusOf(await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(undefined, '{')) }, true))).toBe(400)
  })

  it('403 for a command the role may not give on a case it sees; 404 for a missing case and for one it may not see', async () => {
    const forbidden = await both({ method: 'POST', path: `/api/v1/tickets/${owned}/accept`, ...(await json(actors.residentA, {})) }, true)
    expect(statusOf(forbidden)).toBe(403)
    const missing = await both({ method: 'POST', path: '/api/v1/tickets/0b7e2c6a-1f4d-4c8e-9a3b-5d6f7e8a9b0c/add-note', ...(await json(actors.workerA, { note: 'x' })) }, true)
    expect(statusOf(missing)).toBe(404)
    const hidden = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerB, { note: 'x' })) }, true)
    expect(statusOf(hidden)).toBe(404)
    expect(bodyOf(hidden)).toEqual(bodyOf(missing))
  })

  it('409 for a transition the state does not allow, 412 for a stale If-Match, and Idempotency-Key replays and reuse', async () => {
    expect(statusOf(await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/accept`, ...(await json(actors.workerA, {})) }, true))).toBe(200)
    const again = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/accept`, ...(await json(actors.workerA, {})) }, true)
    expect(statusOf(again)).toBe(409)
    expect(bodyOf(again)['type']).toBe('urn:gridcase:problem:invalid-transition')
    const stale = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, { note: 's' }, ['If-Match: W/"0"'])) }, true)
    expect(statusOf(stale)).toBe(412)
    const key = ['Idempotency-Key: 6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f']
    expect(statusOf(await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, { note: 'once' }, key)) }, true))).toBe(200)
    const replay = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, { note: 'once' }, key)) }, true)
    expect(replay).toMatch(/\r\nIdempotent-Replayed: true\r\n/)
    const reused = await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, ...(await json(actors.workerA, { note: 'other' }, key)) }, true)
    expect(statusOf(reused)).toBe(422)
  })

  it('refuses a query on a command alike on both paths: 400 at query.<name>, nothing written; a `_` cache-buster passes', async () => {
    const note = await json(actors.workerA, { note: 'q' })
    const version = async () => Number(bodyOf(await both({ method: 'GET', path: `/api/v1/tickets/${ticket}`, headers: note.headers }, false))['version'])
    const before = await version()
    for (const path of [`/api/v1/tickets/${ticket}/add-note?mask=1`, `/api/v1/tickets?foo=1&_=2`]) {
      const answer = await both({ method: 'POST', path, ...(path.includes('add-note') ? note : await json(actors.operator, openTicket())) }, false)
      expect(statusOf(answer), path).toBe(400)
      expect(bodyOf(answer)['errors'], path).toEqual([{ path: `query.${path.includes('mask') ? 'mask' : 'foo'}`, message: 'is not a known parameter' }])
    }
    expect(await version()).toBe(before)
    expect(statusOf(await both({ method: 'POST', path: `/api/v1/tickets/${ticket}/add-note?_=1767225600000`, ...note }, false))).toBe(200)
  })

  it('leaves to express what is not plainly a JSON command, and the two still answer alike', async () => {
    const note = await json(actors.workerA, { note: 'x' })
    const cases: Raw[] = [
      { method: 'POST', path: `/api/v1/tickets/${ticket}/add-note?x=1`, ...note },
      { method: 'POST', path: `/api/v1/tickets/${ticket}/add-note/`, ...note },
      { method: 'POST', path: `/api/v1/tickets/${ticket}/ADD-NOTE`, ...note },
      { method: 'POST', path: `/api/v1/tickets/${ticket}/no-such-command`, ...note },
      { method: 'POST', path: '/api/v1/tickets/not-a-uuid/add-note', ...note },
      { method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, headers: note.headers.map((h) => (h.startsWith('Content-Type') ? 'Content-Type: text/plain' : h)), body: note.body },
      { method: 'POST', path: `/api/v1/tickets/${ticket}/add-note`, headers: note.headers.map((h) => (h.startsWith('Content-Type') ? 'Content-Type: application/json; charset=latin1' : h)), body: note.body },
      { method: 'GET', path: `/api/v1/tickets/${ticket}`, headers: note.headers },
    ]
    for (const raw of cases) expect(statusOf(await both(raw, false)), `${raw.method} ${raw.path}`).toBeGreaterThanOrEqual(200)
    // A chunked body (no Content-Length): express reads it.
    const before = fast.taken
    const tail = `${Buffer.byteLength(note.body).toString(16)}\r\n${note.body}\r\n0\r\n\r\n`
    const [a, b] = await Promise.all([fast.port, plain.port].map((port) => exchangeChunked(port, `/api/v1/tickets/${ticket}/add-note`, [...note.headers, 'Transfer-Encoding: chunked'], tail)))
    expect(withoutDate(a ?? '')).toBe(withoutDate(b ?? ''))
    expect(statusOf(a ?? '')).toBe(200)
    expect(fast.taken).toBe(before)
  })

  it('logs one request line each, with the same fields as express', async () => {
    // Times, durations and made-up request ids differ; the rest (method, route label, path, status, actor, role) must not.
    const requests = (r: Running) =>
      r.lines
        .filter((l) => l['msg'] === 'request')
        .map(({ time: _t, ms, pid: _p, hostname: _h, requestId, ...rest }) => ({ ...rest, ms: typeof ms, requestId: requestId === 'contract' ? requestId : typeof requestId }))
    const a = requests(fast)
    expect(a.length).toBeGreaterThan(30)
    expect(a).toEqual(requests(plain))
    expect(a).toContainEqual(expect.objectContaining({ route: '/api/v1/tickets/:id/add-note', status: 200, actor: actors.workerA.id, role: actors.workerA.role, ms: 'number' }))
  })

  it('counts the fast answers in the metrics under the same route labels as express', async () => {
    const scrape = async (port: number) =>
      (await exchange(port, { method: 'GET', path: '/metrics', headers: [`Authorization: Bearer ${METRICS_TOKEN}`] }))
        .split('\n')
        .filter((line) => line.startsWith('gridcase_http_requests_total{') && line.includes('method="POST"'))
        .sort()
    const a = await scrape(fast.port)
    expect(a).toEqual(await scrape(plain.port))
    expect(a.some((line) => line.includes('route="/api/v1/tickets/:id/add-note",status="200"'))).toBe(true)
    expect(a.some((line) => line.includes('route="unmatched",status="401"'))).toBe(true)
  })
})

/** A chunked request (the body already framed in `tail`). */
const exchangeChunked = (port: number, path: string, headers: readonly string[], tail: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const head = [`POST ${path} HTTP/1.1`, 'Host: gridcase.test', 'Connection: close', ...headers]
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', reject)
    socket.write(`${head.join('\r\n')}\r\n\r\n${tail}`)
  })
