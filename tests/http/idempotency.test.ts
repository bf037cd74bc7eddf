// Idempotency-Key bound to the actor, the route and the body (IETF Idempotency-Key draft): the same key with anything
// different is 422 idempotency-key-reused and writes nothing — also after a restart, since the binding is on the events.
import { sqliteEventStore } from '@gridcase/adapters'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, openTicket, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
let ticketA: string
let ticketB: string

const open = async (server: TestServer) => ((await (await server.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }).id
const count = async (server: TestServer) => (await server.store.readAll()).length
const expectReused = async (res: Response) => {
  expect(res.status).toBe(422)
  expect(((await res.json()) as { type: string }).type).toBe('urn:gridcase:problem:idempotency-key-reused')
}

beforeAll(async () => {
  s = await startServer()
  ticketA = await open(s)
  ticketB = await open(s)
})
afterAll(async () => {
  await s.close()
})

describe('an Idempotency-Key', () => {
  it('replays the first outcome for the same actor, route and body', async () => {
    const key = crypto.randomUUID()
    const first = await s.call(actors.workerA, 'POST', `/api/v1/tickets/${ticketA}/add-note`, { note: 'called back' }, { 'idempotency-key': key })
    expect(first.status).toBe(200)
    const written = await count(s)
    const again = await s.call(actors.workerA, 'POST', `/api/v1/tickets/${ticketA}/add-note`, { note: 'called back' }, { 'idempotency-key': key })
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await count(s)).toBe(written)
  })

  it('is refused with 422 for another body, another actor, another command or another case — nothing written', async () => {
    const key = crypto.randomUUID()
    expect((await s.call(actors.workerA, 'POST', `/api/v1/tickets/${ticketA}/add-note`, { note: 'first' }, { 'idempotency-key': key })).status).toBe(200)
    const written = await count(s)
    await expectReused(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${ticketA}/add-note`, { note: 'second' }, { 'idempotency-key': key }))
    // Another actor who may act on the case (the street officer over community A) replays the worker's key.
    await expectReused(await s.call(actors.street, 'POST', `/api/v1/tickets/${ticketA}/add-note`, { note: 'first' }, { 'idempotency-key': key }))
    await expectReused(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${ticketA}/accept`, {}, { 'idempotency-key': key }))
    await expectReused(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${ticketB}/add-note`, { note: 'first' }, { 'idempotency-key': key }))
    expect(await count(s)).toBe(written)
  })

  it('on a create: the same key with another body, or from another actor, is refused', async () => {
    const key = crypto.randomUUID()
    const first = await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket(), { 'idempotency-key': key })
    expect(first.status).toBe(201)
    const written = await count(s)
    await expectReused(await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket({ title: 'another' }), { 'idempotency-key': key }))
    await expectReused(await s.call(actors.workerA, 'POST', '/api/v1/tickets', openTicket(), { 'idempotency-key': key }))
    const same = await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket(), { 'idempotency-key': key })
    expect(same.status).toBe(201)
    expect(same.headers.get('idempotent-replayed')).toBe('true')
    expect(await count(s)).toBe(written)
  })

  it('stays bound after a restart: the binding is kept on the events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-idem-'))
    const path = join(dir, 'gridcase.sqlite')
    const key = crypto.randomUUID()
    try {
      const before = await startServer({ store: sqliteEventStore({ path, synchronous: 'normal' }) })
      const id = await open(before)
      expect((await before.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: 'before the restart' }, { 'idempotency-key': key })).status).toBe(200)
      await before.close()
      await before.store.close()

      const after = await startServer({ store: sqliteEventStore({ path, synchronous: 'normal' }) })
      try {
        const written = await count(after)
        await expectReused(await after.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: 'after the restart' }, { 'idempotency-key': key }))
        const other = await open(after)
        await expectReused(await after.call(actors.workerA, 'POST', `/api/v1/tickets/${other}/add-note`, { note: 'before the restart' }, { 'idempotency-key': key }))
        const replay = await after.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: 'before the restart' }, { 'idempotency-key': key })
        expect(replay.status).toBe(200)
        expect(replay.headers.get('idempotent-replayed')).toBe('true')
        expect(await count(after)).toBe(written + 1) // only the other ticket was opened
      } finally {
        await after.close()
        await after.store.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
