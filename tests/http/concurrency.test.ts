import { memoryEventStore, sqliteEventStore } from '@gridcase/adapters'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { actors, openTicket, startServer } from './helpers/server.js'

describe('concurrency and idempotency', () => {
  it('N parallel commands with the same If-Match: exactly one 200, the rest 412, one event written', async () => {
    const s = await startServer()
    try {
      const { id } = (await (await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => s.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: `n${i}` }, { 'if-match': 'W/"0"' })),
      )
      const statuses = results.map((r) => r.status).sort()
      expect(statuses.filter((x) => x === 200)).toHaveLength(1)
      expect(statuses.filter((x) => x === 412)).toHaveLength(19)
      expect((await s.store.readStream(`ticket-${id}`)).length).toBe(2)
    } finally {
      await s.close()
    }
  })

  it('N parallel commands without If-Match are retried server-side: all apply, versions are contiguous', async () => {
    const s = await startServer()
    try {
      const { id } = (await (await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => s.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: `n${i}` })))
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(200))
      const etags = results.map((r) => r.headers.get('etag')).sort()
      expect(new Set(etags).size).toBe(8)
      const stream = await s.store.readStream(`ticket-${id}`)
      expect(stream.map((e) => e.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    } finally {
      await s.close()
    }
  })

  it('50 parallel add-notes without If-Match on one case on one server: all 50 answer 200 and 50 notes are written', async () => {
    // Commands on one stream from one process are queued, so they never race each other (issue #11: 34–38 of 50 got 409).
    // A real SQLite file, its appends taking a few milliseconds as a networked store's do, so every request
    // reads the case before the first one writes.
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-queue-'))
    const inner = sqliteEventStore({ path: join(dir, 'events.db') })
    const s = await startServer({
      store: { ...inner, appendToStream: async (...args) => (await new Promise((r) => setTimeout(r, 3)), inner.appendToStream(...args)) },
    })
    try {
      const { id } = (await (await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: `n${i}` })))
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200))
      const stream = await s.store.readStream(`ticket-${id}`)
      expect(stream.filter((e) => e.type === 'NoteAdded')).toHaveLength(50)
      expect(stream.map((e) => e.version)).toEqual(Array.from({ length: 51 }, (_, v) => v))
      expect(new Set(results.map((r) => r.headers.get('etag'))).size).toBe(50)
    } finally {
      await s.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('parallel creates with one Idempotency-Key open one case and all answer with it', async () => {
    // Appends that take a while make every request read the stream before the first one writes.
    const inner = memoryEventStore()
    const s = await startServer({
      store: { ...inner, appendToStream: async (...args) => (await new Promise((r) => setTimeout(r, 20)), inner.appendToStream(...args)) },
    })
    try {
      const key = crypto.randomUUID()
      const results = await Promise.all(Array.from({ length: 6 }, () => s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket(), { 'idempotency-key': key })))
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(201))
      const ids = new Set(await Promise.all(results.map(async (r) => ((await r.json()) as { id: string }).id)))
      expect(ids.size).toBe(1)
      expect((await s.store.readAll()).length).toBe(1)
    } finally {
      await s.close()
    }
  })

  it('a repeated Idempotency-Key returns the first outcome and writes nothing, for create and for commands', async () => {
    const s = await startServer()
    try {
      const key = crypto.randomUUID()
      const first = await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket(), { 'idempotency-key': key })
      const firstBody = (await first.json()) as { id: string }
      const size = (await s.store.readAll()).length
      const again = await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket(), { 'idempotency-key': key })
      expect(again.status).toBe(201)
      expect(again.headers.get('idempotent-replayed')).toBe('true')
      expect(await again.json()).toEqual(firstBody)
      expect((await s.store.readAll()).length).toBe(size)

      const noteKey = crypto.randomUUID()
      const path = `/api/v1/tickets/${firstBody.id}/add-note`
      const n1 = await s.call(actors.workerA, 'POST', path, { note: 'once' }, { 'idempotency-key': noteKey })
      const n1Body = await n1.json()
      const parallel = await Promise.all(Array.from({ length: 5 }, () => s.call(actors.workerA, 'POST', path, { note: 'once' }, { 'idempotency-key': noteKey })))
      for (const r of parallel) {
        expect(r.status).toBe(200)
        expect(r.headers.get('etag')).toBe('W/"1"')
        expect(await r.json()).toEqual(n1Body)
      }
      const stream = await s.store.readStream(`ticket-${firstBody.id}`)
      expect(stream.map((e) => e.type)).toEqual(['TicketOpened', 'NoteAdded'])
      expect(stream[1]?.metadata.commandId).toBe(noteKey)
    } finally {
      await s.close()
    }
  })

  describe('two servers (two processes) writing one store: each remembers streams, neither answers from a stale one', () => {
    const twoServers = async () => {
      const store = memoryEventStore()
      const [a, b] = [await startServer({ store }), await startServer({ store })]
      const { id } = (await (await a.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }
      // B decides once, so it remembers the ticket as it is now.
      expect((await b.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: 'from b' })).status).toBe(200)
      return { a, b, id, store, close: async () => Promise.all([a.close(), b.close()]) }
    }

    it('a transition valid only after what A wrote is applied through B (not a false 409)', async () => {
      const t = await twoServers()
      try {
        expect((await t.a.call(actors.workerA, 'POST', `/api/v1/tickets/${t.id}/accept`)).status).toBe(200)
        const closed = await t.b.call(actors.workerA, 'POST', `/api/v1/tickets/${t.id}/close`, { reason: 'done' })
        expect(closed.status).toBe(200)
        expect(await closed.json()).toMatchObject({ status: 'closed', version: 3 })
      } finally {
        await t.close()
      }
    })

    it('an If-Match naming the version A wrote is honoured by B (not a false 412); the one it replaced then gets 412', async () => {
      const t = await twoServers()
      try {
        const noted = await t.a.call(actors.workerA, 'POST', `/api/v1/tickets/${t.id}/add-note`, { note: 'from a' })
        const etag = noted.headers.get('etag') ?? ''
        expect(etag).toBe('W/"2"')
        const current = await t.b.call(actors.workerA, 'POST', `/api/v1/tickets/${t.id}/add-note`, { note: 'current' }, { 'if-match': etag })
        expect(current.status).toBe(200)
        expect(current.headers.get('etag')).toBe('W/"3"')
        const stale = await t.b.call(actors.workerA, 'POST', `/api/v1/tickets/${t.id}/add-note`, { note: 'stale' }, { 'if-match': etag })
        expect(stale.status).toBe(412)
      } finally {
        await t.close()
      }
    })

    it('parallel commands without If-Match through both servers at once: no update is lost', async () => {
      // Appends that take a while, so the two servers' queues race each other at every step.
      const inner = memoryEventStore()
      const store = { ...inner, appendToStream: async (...args: Parameters<typeof inner.appendToStream>) => (await new Promise((r) => setTimeout(r, 2)), inner.appendToStream(...args)) }
      const [a, b] = [await startServer({ store }), await startServer({ store })]
      try {
        const { id } = (await (await a.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: `n${i}` })),
        )
        const ok = results.filter((r) => r.status === 200)
        // Every answer is an applied note or, when one server kept losing to the other, a 409 that wrote nothing.
        expect(results.filter((r) => r.status !== 200).map((r) => r.status)).toEqual(results.filter((r) => r.status !== 200).map(() => 409))
        const stream = await store.readStream(`ticket-${id}`)
        expect(stream.filter((e) => e.type === 'NoteAdded')).toHaveLength(ok.length)
        expect(stream.map((e) => e.version)).toEqual(Array.from({ length: ok.length + 1 }, (_, v) => v))
        expect(new Set(ok.map((r) => r.headers.get('etag'))).size).toBe(ok.length)
        expect(ok.length).toBeGreaterThan(20)
      } finally {
        await Promise.all([a.close(), b.close()])
      }
    })

    it('commands without If-Match through either server all apply, on contiguous versions', async () => {
      const t = await twoServers()
      try {
        for (let i = 0; i < 6; i += 1) {
          const server = i % 3 === 0 ? t.b : t.a
          expect((await server.call(actors.workerA, 'POST', `/api/v1/tickets/${t.id}/add-note`, { note: `n${i}` })).status).toBe(200)
        }
        expect((await t.store.readStream(`ticket-${t.id}`)).map((e) => e.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
      } finally {
        await t.close()
      }
    })
  })
})
