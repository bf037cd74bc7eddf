// A live feed is the reader's rights as its token grants them — and a token expires (`exp`, at most 12 h). The stream
// was authenticated once, when it opened: found in review (session 45), a feed opened with a token that then expired
// went on sending every new event of the reader's scope, for as long as the connection lasted (a reader whose access
// ended at the end of a shift kept reading). Now the token is checked again before each batch is sent: once it is no
// longer valid the stream ends, with a comment saying why; the client reconnects with a new token from its
// Last-Event-ID. DOMAIN.md "Jurisdiction and actors": least privilege, for reading as for acting.
import type { Actor } from '@gridcase/core/access'
import { manualClock, memoryEventStore } from '@gridcase/adapters'
import { complaints, createApp, jwtAuth, listen, signToken } from '@gridcase/http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'

const SECRET = 'live-feed-expiry-secret-live-feed-expiry'
const GRID = 'hohhot/saihan/wulanchabu-east-road/community-a/grid-001'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const auditor: Actor = { id: 'au-1', role: 'auditor', jurisdiction: 'hohhot' }

let app: ReturnType<typeof createApp>
let server: Awaited<ReturnType<typeof listen>>
let url = ''

beforeAll(async () => {
  const clock = manualClock('2026-03-02T01:00:00.000Z')
  // No leeway on `exp` (30 s by default): the test waits for the token's end, not half a minute more.
  app = createApp({ store: memoryEventStore({ clock }), caseTypes: [complaints()], auth: jwtAuth({ secret: SECRET, clockToleranceSeconds: 0 }), clock })
  server = await listen(app, 0, '127.0.0.1')
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await app.gridcase.close()
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const file = async (title: string): Promise<void> => {
  const res = await fetch(`${url}/api/v1/complaints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, operator)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'hotline-12345', kind: 'complaint', category: 'parking', title, description: '门口长期停车', jurisdiction: GRID, complainant: { name: '李四', phone: '13900002222' } }),
  })
  expect(res.status, await res.clone().text()).toBe(201)
}

it('ends a live feed once its token has expired: no event after it is sent', async () => {
  const token = await signToken({ secret: SECRET, expiresIn: '3s' }, auditor)
  const controller = new AbortController()
  const res = await fetch(`${url}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal })
  expect(res.status).toBe(200)
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  let text = ''
  /** Reads until `until` holds of what came, the stream ended, or `ms` passed: whether it ended. */
  const readUntil = async (until: (t: string) => boolean, ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms
    while (!until(text) && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), sleep(Math.max(1, deadline - Date.now())).then(() => undefined)])
      if (chunk === undefined) break
      if (chunk.done) return true
      text += new TextDecoder().decode(chunk.value)
    }
    return false
  }
  try {
    // While the token is valid: the feed sends what happens.
    await file('占道停车一')
    await readUntil((t) => t.includes('id: 0\n'), 5000)
    expect(text).toContain('event: ComplaintRegistered')
    // The token expires (3 s, no leeway); then one more case is registered.
    await sleep(4000)
    await file('占道停车二')
    const ended = await readUntil((t) => t.includes('id: 1\n'), 5000)
    expect(text).not.toContain('id: 1\n')
    expect(ended).toBe(true)
    expect(text).toContain(': token expired')
  } finally {
    controller.abort()
  }
}, 30_000)
