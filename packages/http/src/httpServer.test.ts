import express from 'express'
import type { AddressInfo } from 'node:net'
import { IncomingMessage, ServerResponse, type Server } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { httpServer, listen } from './httpServer.js'

const servers: Server[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

const testApp = () => {
  const app = express()
  app.use(express.json())
  app.post('/things/:id', (req, res) => {
    res.status(201).location(`/things/${req.params['id']}`).json({ id: req.params['id'], body: req.body as unknown, sameApp: req.app === app, json: req.is('application/json') })
  })
  return app
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`

/** How many `Object.setPrototypeOf` calls changed the prototype of a server request or response while `work` ran. */
const prototypeSwaps = async (work: () => Promise<unknown>): Promise<number> => {
  const original = Object.setPrototypeOf
  let swaps = 0
  vi.spyOn(Object, 'setPrototypeOf').mockImplementation((o: object, proto: object | null) => {
    if ((o instanceof IncomingMessage || o instanceof ServerResponse) && Object.getPrototypeOf(o) !== proto) swaps += 1
    return original(o, proto)
  })
  await work()
  vi.restoreAllMocks()
  return swaps
}

const post = (url: string) =>
  fetch(`${url}/things/42`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 1 }) })

describe('httpServer', () => {
  it('serves express apps with requests and responses born with their prototypes: no swap per request', async () => {
    const server = await listen(testApp(), 0, '127.0.0.1')
    servers.push(server)
    const swaps = await prototypeSwaps(async () => {
      for (let i = 0; i < 5; i += 1) expect((await post(urlOf(server))).status).toBe(201)
    })
    expect(swaps).toBe(0)
  })

  it('is needed: app.listen swaps the prototypes of every request and response', async () => {
    const app = testApp()
    const server = app.listen(0, '127.0.0.1')
    servers.push(server)
    await new Promise((resolve) => server.once('listening', resolve))
    const swaps = await prototypeSwaps(async () => {
      for (let i = 0; i < 5; i += 1) await post(urlOf(server))
    })
    expect(swaps).toBeGreaterThanOrEqual(10)
  })

  it('keeps every express API on req and res', async () => {
    const server = await listen(testApp(), 0, '127.0.0.1')
    servers.push(server)
    const res = await post(urlOf(server))
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe('/things/42')
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await res.json()).toEqual({ id: '42', body: { a: 1 }, sameApp: true, json: 'application/json' })
  })

  it('rejects when it cannot listen', async () => {
    const first = await listen(testApp(), 0, '127.0.0.1')
    servers.push(first)
    await expect(listen(testApp(), (first.address() as AddressInfo).port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/)
  })

  it('gives each app its own classes', async () => {
    const a = testApp()
    const b = testApp()
    servers.push(httpServer(a), httpServer(b))
    expect(a.request).not.toBe(b.request)
    expect(Object.getPrototypeOf(Object.getPrototypeOf(a.request))).toBe(Object.getPrototypeOf(Object.getPrototypeOf(b.request)))
  })
})
