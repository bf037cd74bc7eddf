// The calls the 考核 suites (ranking, evaluation as of a time) make on a test server: a complaint opened by the hotline
// at a place, a command a quarter of an hour after the last, a GET as the street by default — each expected to succeed.
import { expect } from 'vitest'
import { actors, COMMUNITY_A, COMMUNITY_B, type TestServer } from './server.js'

export const HOUR = 3_600_000
export const gridA = { id: 'grid-001', name: '第1网格', level: 'grid', jurisdiction: `${COMMUNITY_A}/grid-001` }
export const communityB = { id: 'community-b', name: '富兴社区居委会', level: 'community', jurisdiction: COMMUNITY_B }

type Actor = (typeof actors)[keyof typeof actors]

/** The calls, on the server `server()` gives when they are made (started in a beforeAll). */
export const assessmentCalls = (server: () => TestServer) => ({
  open: async (jurisdiction: string, title: string): Promise<string> => {
    const res = await server().call(actors.operator, 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', title, description: `${title}，请处理。`,
      jurisdiction, complainant: { name: '李四', phone: '13912345678' },
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: string }).id
  },
  step: async (actor: Actor, id: string, command: string, body: unknown): Promise<void> => {
    server().clock.advance(HOUR / 4)
    const res = await server().call(actor, 'POST', `/api/v1/complaints/${id}/${command}`, body)
    expect(res.status, `${command}: ${await res.clone().text()}`).toBe(200)
  },
  get: async <T>(path: string, actor: Actor = actors.street): Promise<T> => {
    const res = await server().call(actor, 'GET', path)
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
    return (await res.json()) as T
  },
})
