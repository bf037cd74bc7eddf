// 渠道 over HTTP: a registration's channel is one its registering role receives (core's REGISTERING_CHANNELS; DOMAIN.md
// "Complaint": the channel says where the resident's call came in). A grid worker may not register a 12345 call — 400 at
// channel, naming the channels it receives, nothing written — and registers what it meets on its rounds.
import { complaints } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints()] })
})
afterAll(async () => {
  await s.close()
})

const body = (channel: string) => ({
  channel, kind: 'help', category: 'heating', title: '暖气不热', description: '3号楼暖气一周不热',
  jurisdiction: `${COMMUNITY_A}/grid-001`, complainant: { name: '王五', phone: '13800138000' },
})

describe('POST /api/v1/complaints: the channel is one the registering role receives', () => {
  it('a grid worker registering a 12345 call is 400 at channel, and nothing is written', async () => {
    const res = await s.call(actors.gridA, 'POST', '/api/v1/complaints', body('hotline-12345'))
    expect(res.status).toBe(400)
    const problem = (await res.json()) as { errors: { path: string; message: string }[] }
    expect(problem.errors).toEqual([{ path: 'channel', message: expect.stringContaining('expected grid-visit, contact-card') }])
    const list = (await (await s.call(actors.gridA, 'GET', '/api/v1/complaints')).json()) as { items: unknown[] }
    expect(list.items).toEqual([])
  })

  it('a grid worker registers what it met on its rounds; a community worker a walk-in; the hotline its call', async () => {
    for (const [actor, channel] of [[actors.gridA, 'grid-visit'], [actors.workerA, 'walk-in'], [actors.operator, 'hotline-12345']] as const) {
      const res = await s.call(actor, 'POST', '/api/v1/complaints', body(channel))
      expect(res.status, `${actor.role} ${channel}: ${await res.clone().text()}`).toBe(201)
    }
    expect((await s.call(actors.workerA, 'POST', '/api/v1/complaints', body('message-board'))).status).toBe(400)
  })
})
