import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_B, openTicket, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
let inA: string
let inB: string
let ownA: string
let ownB: string

const create = async (actor: (typeof actors)[keyof typeof actors], body: Record<string, unknown>) => {
  const res = await s.call(actor, 'POST', '/api/v1/tickets', body)
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

beforeAll(async () => {
  s = await startServer()
  inA = await create(actors.operator, openTicket())
  inB = await create(actors.operator, openTicket({ jurisdiction: `${COMMUNITY_B}/grid-002` }))
  ownA = await create(actors.residentA, openTicket())
  ownB = await create(actors.residentB, openTicket())
})
afterAll(async () => {
  await s.close()
})

const status = async (actor: (typeof actors)[keyof typeof actors], method: string, path: string, body?: unknown) =>
  (await s.call(actor, method, path, body)).status

describe('scope', () => {
  it('gives an actor of community A a 404 for every route on a case of community B, and writes nothing', async () => {
    const before = (await s.store.readAll()).length
    expect(await status(actors.workerA, 'GET', `/api/v1/tickets/${inB}`)).toBe(404)
    expect(await status(actors.workerA, 'GET', `/api/v1/tickets/${inB}/history`)).toBe(404)
    expect(await status(actors.workerA, 'GET', `/api/v1/tickets/${inB}?version=0`)).toBe(404)
    for (const [command, body] of [['add-note', { note: 'x' }], ['accept', {}], ['close', { reason: 'x' }], ['appeal', { reason: 'x' }]] as const) {
      expect(await status(actors.workerA, 'POST', `/api/v1/tickets/${inB}/${command}`, body)).toBe(404)
    }
    // Even a stale If-Match must not reveal that the case exists.
    const stale = await s.call(actors.workerA, 'POST', `/api/v1/tickets/${inB}/add-note`, { note: 'x' }, { 'if-match': 'W/"7"' })
    expect(stale.status).toBe(404)
    // The same answers as for a case that does not exist at all.
    const missing = await s.call(actors.workerA, 'GET', `/api/v1/tickets/${crypto.randomUUID()}`)
    const outside = await s.call(actors.workerA, 'GET', `/api/v1/tickets/${inB}`)
    expect(await outside.json()).toEqual(await missing.json())
    expect((await s.store.readAll()).length).toBe(before)
  })

  it('lets the actor of community B act on it', async () => {
    expect(await status(actors.workerB, 'GET', `/api/v1/tickets/${inB}`)).toBe(200)
    expect(await status(actors.workerB, 'POST', `/api/v1/tickets/${inB}/add-note`, { note: 'ours' })).toBe(200)
  })

  it('lists only cases in the actor’s scope', async () => {
    const list = async (actor: (typeof actors)[keyof typeof actors]) =>
      ((await (await s.call(actor, 'GET', '/api/v1/tickets')).json()) as { items: { id: string }[] }).items.map((i) => i.id).sort()
    expect(await list(actors.workerA)).toEqual([inA, ownA, ownB].sort())
    expect(await list(actors.workerB)).toEqual([inB])
    expect(await list(actors.street)).toEqual([inA, inB, ownA, ownB].sort())
  })

  it('shows a resident only their own cases, in full', async () => {
    const mine = (await (await s.call(actors.residentA, 'GET', '/api/v1/tickets')).json()) as { items: { id: string }[] }
    expect(mine.items.map((i) => i.id)).toEqual([ownA])
    expect(await status(actors.residentA, 'GET', `/api/v1/tickets/${ownB}`)).toBe(404)
    expect(await status(actors.residentA, 'GET', `/api/v1/tickets/${inA}`)).toBe(404)
    expect(await status(actors.residentA, 'POST', `/api/v1/tickets/${ownB}/add-note`, { note: 'hi' })).toBe(404)
    const own = await s.call(actors.residentA, 'GET', `/api/v1/tickets/${ownA}`)
    expect(await own.json()).toMatchObject({ id: ownA, phone: '13812345678' })
    expect(await status(actors.residentA, 'POST', `/api/v1/tickets/${ownA}/add-note`, { note: 'still parked' })).toBe(200)
  })

  it('masks personal data on the case view for auditors and supervisors', async () => {
    const audited = (await (await s.call(actors.auditor, 'GET', `/api/v1/tickets/${inA}`)).json()) as { phone: string }
    expect(audited.phone).toBe('138****5678')
    const handled = (await (await s.call(actors.workerA, 'GET', `/api/v1/tickets/${inA}`)).json()) as { phone: string }
    expect(handled.phone).toBe('13812345678')
  })

  it('refuses another actor\'s reuse of an Idempotency-Key (HTTP.md: a key is bound to its actor), writing nothing', async () => {
    const key = crypto.randomUUID()
    const first = await s.call(actors.residentA, 'POST', '/api/v1/tickets', openTicket(), { 'idempotency-key': key })
    const before = (await s.store.readAll()).length
    const other = await s.call(actors.residentB, 'POST', '/api/v1/tickets', openTicket(), { 'idempotency-key': key })
    expect(first.status).toBe(201)
    expect(other.status).toBe(422)
    const refusal = await other.text()
    expect((JSON.parse(refusal) as { type: string }).type).toBe('urn:gridcase:problem:idempotency-key-reused')
    expect((await s.store.readAll()).length).toBe(before)
    // The refusal does not show the first actor's case.
    expect(refusal).not.toContain(((await first.json()) as { id: string }).id)
  })
})
