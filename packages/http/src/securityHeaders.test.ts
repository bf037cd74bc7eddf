import express, { type RequestHandler } from 'express'
import helmet, { type HelmetOptions } from 'helmet'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { securityHeaders } from './securityHeaders.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

/** The headers GETs answer with through `middleware`, without the ones that change per response. */
const headersOfGets = async (middleware: RequestHandler, gets: number): Promise<Record<string, string>[]> => {
  const app = express()
  app.use(middleware)
  app.get('/', (_req, res) => {
    res.json({ ok: true })
  })
  const server = app.listen(0, '127.0.0.1')
  servers.push(server)
  await new Promise((resolve) => server.once('listening', resolve))
  const answers: Record<string, string>[] = []
  for (let i = 0; i < gets; i += 1) {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
    const headers = Object.fromEntries(res.headers)
    for (const name of ['date', 'etag', 'connection', 'keep-alive', 'content-length']) delete headers[name]
    answers.push(headers)
  }
  return answers
}

const headersThrough = async (middleware: RequestHandler): Promise<Record<string, string>> => (await headersOfGets(middleware, 1))[0] ?? {}

const cases: Record<string, HelmetOptions | undefined> = {
  'the defaults': undefined,
  'a CSP of its own and no HSTS': {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", 'https://cdn.example.org'] } },
    strictTransportSecurity: false,
  },
  'frames allowed from the same origin, no referrer': { xFrameOptions: { action: 'sameorigin' }, referrerPolicy: { policy: 'no-referrer' } },
}

describe('securityHeaders', () => {
  for (const [name, options] of Object.entries(cases)) {
    it(`sets exactly the headers helmet sets, with ${name}`, async () => {
      const expected = await headersThrough(helmet(options))
      expect(expected['content-security-policy']).toBeDefined()
      expect(await headersThrough(securityHeaders(options))).toEqual(expected)
    })
  }

  it('removes what helmet removes (X-Powered-By)', async () => {
    const headers = await headersThrough(securityHeaders())
    expect(headers['x-powered-by']).toBeUndefined()
  })

  it('runs helmet per request when an option is a function (a CSP nonce per request)', async () => {
    let n = 0
    const options: HelmetOptions = { contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => `'nonce-${(n += 1)}'`] } } }
    const [first = {}, second = {}] = await headersOfGets(securityHeaders(options), 2)
    expect(first['content-security-policy']).toContain("'nonce-1'")
    expect(second['content-security-policy']).toContain("'nonce-2'")
  })
})
