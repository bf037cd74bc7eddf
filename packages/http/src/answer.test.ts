// writeAnswer hands Node one flat header list instead of calling setHeader per header: the bytes on the wire must be
// what the setHeader sequence wrote (the reference below, as writeAnswer was), for any answer — names that repeat a
// leading header, a body header or one another in another case included.
import fc from 'fast-check'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeAnswer, type Answer } from './answer.js'

/** writeAnswer as it was: every header through setHeader (the leading ones first, as the fast path set them). */
const reference = (res: ServerResponse, answer: Answer, leading: readonly string[]): void => {
  for (let i = 0; i < leading.length; i += 2) res.setHeader(leading[i] as string, leading[i + 1] as string)
  const body = JSON.stringify(answer.body)
  res.statusCode = answer.status
  for (const [name, value] of answer.headers) res.setHeader(name, value)
  res.setHeader('Content-Type', answer.problem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8')
  res.setHeader('Content-Length', String(Buffer.byteLength(body)))
  res.end(body)
}

interface Case {
  readonly answer: Answer
  readonly leading: readonly string[]
  /** Given to writeAnswer apart (the fast path's X-Request-Id); the reference sets it after `leading`. */
  readonly requestId?: string | undefined
}
let next: { readonly write: 'new' | 'old'; readonly c: Case } | undefined
let server: Server
let port = 0
beforeAll(async () => {
  server = createServer((_req, res) => {
    if (next === undefined) throw new Error('no case')
    const { write, c } = next
    if (write === 'old') reference(res, c.answer, c.requestId === undefined ? c.leading : [...c.leading, 'X-Request-Id', c.requestId])
    else {
      const names = c.leading.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase())
      writeAnswer(res, c.answer, c.leading, new Set(c.requestId === undefined ? names : [...names, 'x-request-id']), c.requestId)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** The whole answer off the socket, its Date line set aside. */
const exchange = (write: 'new' | 'old', c: Case): Promise<string> =>
  new Promise((resolve, reject) => {
    next = { write, c }
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').replace(/\r\nDate: [^\r\n]*/, '')))
    socket.on('error', reject)
    socket.write('POST /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
  })

const name = fc.constantFrom('ETag', 'etag', 'Location', 'X-Request-Id', 'x-frame-options', 'X-Frame-Options', 'Content-Type', 'content-length', 'Idempotent-Replayed', 'WWW-Authenticate')
const value = fc.stringMatching(/^[ -~]{0,12}$/)
const answer: fc.Arbitrary<Answer> = fc.record({
  status: fc.constantFrom(200, 201, 400, 401, 409, 422),
  headers: fc.array(fc.tuple(name, value), { maxLength: 4 }),
  problem: fc.boolean(),
  // Any code point, lone surrogates included: the body is written as UTF-8 bytes, and Content-Length counts them.
  body: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }), fc.constant({ note: '督办提醒：暖气不热 🔥', name: '李*' })),
}) as fc.Arbitrary<Answer>
const leading = fc.constantFrom<readonly string[]>([], ['X-Frame-Options', 'SAMEORIGIN', 'X-Request-Id', 'abc'], ['X-Content-Type-Options', 'nosniff'])

const withoutRequestId = (l: readonly string[]): string[] => l.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() !== 'x-request-id' ? [v, l[i + 1] as string] : []))

describe('writeAnswer', () => {
  it('writes the bytes setHeader per header wrote, for any answer and leading headers', async () => {
    await fc.assert(
      fc.asyncProperty(answer, leading, fc.option(value, { nil: undefined }), async (a, l, requestId) => {
        // X-Request-Id comes either in `leading` or apart (writeAnswer's `leading` does not name it when it is given apart).
        const c = { answer: a, leading: requestId === undefined ? l : withoutRequestId(l), requestId }
        expect(await exchange('new', c)).toBe(await exchange('old', c))
      }),
      { numRuns: 150 },
    )
  })
})
