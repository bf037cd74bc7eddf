import { newId, stableId } from '@gridcase/adapters'
import { complaints, demoActor, disputes, seedDemo } from '@gridcase/http'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, COMMUNITY_B, METRICS_TOKEN, openTicket, SECRET, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
beforeAll(async () => {
  s = await startServer()
})
afterAll(async () => {
  await s.close()
})

const open = async (body = openTicket(), actor = actors.operator) => {
  const res = await s.call(actor, 'POST', '/api/v1/tickets', body)
  expect(res.status).toBe(201)
  return { res, view: (await res.json()) as Record<string, unknown> & { id: string; version: number } }
}

const expectProblem = async (res: Response, status: number, code: string) => {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  const body = (await res.json()) as Record<string, unknown> & { type: string; status: number; title: string; detail: string; errors?: { path: string; message: string }[] }
  expect(body.type).toBe(`urn:gridcase:problem:${code}`)
  expect(body.status).toBe(status)
  expect(typeof body.title).toBe('string')
  expect(body.detail.length).toBeGreaterThan(0)
  return body
}

describe('create', () => {
  it('answers 201 with Location, ETag W/"0" and the case view', async () => {
    const { res, view } = await open()
    expect(res.headers.get('etag')).toBe('W/"0"')
    expect(res.headers.get('location')).toBe(`/api/v1/tickets/${view.id}`)
    expect(view).toMatchObject({ id: view.id, caseType: 'ticket', version: 0, status: 'open', title: 'Cars block the fire lane', phone: '13812345678' })
  })

  it('ignores an id in the body: the server names the case', async () => {
    const { view } = await open(openTicket({ id: '00000000-0000-4000-8000-000000000000' }))
    expect(view.id).not.toBe('00000000-0000-4000-8000-000000000000')
  })

  it('answers 400 naming each bad field', async () => {
    const res = await s.call(actors.operator, 'POST', '/api/v1/tickets', { title: '', category: 'weather', jurisdiction: 'Not A Path' })
    const body = await expectProblem(res, 400, 'validation')
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['category', 'jurisdiction', 'title'])
  })

  it('answers 403 when the role may not open a case', async () => {
    await expectProblem(await s.call(actors.auditor, 'POST', '/api/v1/tickets', openTicket()), 403, 'forbidden')
  })
})

describe('commands', () => {
  it('answers 200 with the case view and the next ETag', async () => {
    const { view } = await open()
    const res = await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/add-note`, { note: 'visited' }, { 'if-match': 'W/"0"' })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe('W/"1"')
    expect(await res.json()).toMatchObject({ id: view.id, version: 1, notes: ['visited'] })
  })

  it('accepts a command without a body when its data is empty', async () => {
    const { view } = await open()
    const res = await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/accept`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'accepted', version: 1 })
  })

  it('answers 409 invalid-transition for a command the state does not allow', async () => {
    const { view } = await open()
    const body = await expectProblem(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/close`, { reason: 'done' }), 409, 'invalid-transition')
    expect(body).toMatchObject({ state: 'open', command: 'CloseTicket' })
  })

  it('answers 422 deadline-passed when the legal window has closed', async () => {
    const { view } = await open(openTicket({ appealBy: '2026-03-01T00:00:00Z' }))
    const body = await expectProblem(await s.call(actors.operator, 'POST', `/api/v1/tickets/${view.id}/appeal`, { reason: 'late' }), 422, 'deadline-passed')
    expect(body['deadline']).toBe('2026-03-01T00:00:00Z')
  })

  it('answers 412 for a stale If-Match and writes nothing', async () => {
    const { view } = await open()
    const before = (await s.store.readAll()).length
    await expectProblem(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/add-note`, { note: 'x' }, { 'if-match': 'W/"5"' }), 412, 'concurrency-conflict')
    expect((await s.store.readAll()).length).toBe(before)
  })

  it('answers 400 for a malformed If-Match or Idempotency-Key', async () => {
    const { view } = await open()
    const a = await expectProblem(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/add-note`, { note: 'x' }, { 'if-match': 'yesterday' }), 400, 'validation')
    expect(a.errors?.[0]?.path).toBe('headers.If-Match')
    const b = await expectProblem(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/add-note`, { note: 'x' }, { 'idempotency-key': 'abc' }), 400, 'validation')
    expect(b.errors?.[0]?.path).toBe('headers.Idempotency-Key')
  })

  it('answers 403 when the role may not issue the command on a case it can see', async () => {
    const { view } = await open()
    await expectProblem(await s.call(actors.gridA, 'POST', `/api/v1/tickets/${view.id}/accept`), 403, 'forbidden')
  })

  it('answers 404 for an unknown case, a non-uuid id and an unknown command', async () => {
    await expectProblem(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${crypto.randomUUID()}/add-note`, { note: 'x' }), 404, 'not-found')
    await expectProblem(await s.call(actors.workerA, 'POST', '/api/v1/tickets/not-a-uuid/add-note', { note: 'x' }), 404, 'not-found')
    const { view } = await open()
    await expectProblem(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/fly-away`, {}), 404, 'route-not-found')
  })

  it('answers 401 without a token, with a bad signature, and with bad claims', async () => {
    await expectProblem(await s.call(undefined, 'GET', '/api/v1/tickets'), 401, 'unauthorized')
    const forged = (await s.token(actors.workerA)).slice(0, -3) + 'AAA'
    const res = await fetch(`${s.url}/api/v1/tickets`, { headers: { authorization: `Bearer ${forged}` } })
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
    await expectProblem(res, 401, 'unauthorized')
    const badClaims = await s.token({ id: 'x', role: 'emperor' as 'admin', jurisdiction: 'hohhot' })
    const body = await expectProblem(await fetch(`${s.url}/api/v1/tickets`, { headers: { authorization: `Bearer ${badClaims}` } }), 401, 'unauthorized')
    expect(body.detail).toContain('role')
  })

  it('answers 415 for a body that is not JSON and 400 for broken JSON', async () => {
    const { view } = await open()
    const text = await fetch(`${s.url}/api/v1/tickets/${view.id}/add-note`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await s.token(actors.workerA)}`, 'content-type': 'text/plain' },
      body: 'note=hello',
    })
    await expectProblem(text, 415, 'unsupported-media-type')
    await expectProblem(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/add-note`, '{"note": '), 400, 'validation')
  })

  it('answers 413 for a body over the limit', async () => {
    const { view } = await open()
    await expectProblem(await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/add-note`, { note: 'x'.repeat(200_000) }), 413, 'too-large')
  })
})

describe('reads', () => {
  it('shows the case now, as of a version, as of a time, and 304 for a matching If-None-Match', async () => {
    const { view } = await open()
    s.clock.advance(60_000)
    await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/add-note`, { note: 'first' })
    const now = await s.call(actors.workerA, 'GET', `/api/v1/tickets/${view.id}`)
    expect(now.headers.get('etag')).toBe('W/"1"')
    expect(await now.json()).toMatchObject({ version: 1, notes: ['first'] })
    const v0 = await s.call(actors.workerA, 'GET', `/api/v1/tickets/${view.id}?version=0`)
    expect(v0.headers.get('etag')).toBe('W/"0"')
    expect(await v0.json()).toMatchObject({ version: 0, notes: [] })
    const asOf = await s.call(actors.workerA, 'GET', `/api/v1/tickets/${view.id}?asOf=${encodeURIComponent('2026-03-02T01:00:30Z')}`)
    expect(await asOf.json()).toMatchObject({ notes: [] })
    expect((await s.call(actors.workerA, 'GET', `/api/v1/tickets/${view.id}`, undefined, { 'if-none-match': 'W/"1"' })).status).toBe(304)
    await expectProblem(await s.call(actors.workerA, 'GET', `/api/v1/tickets/${view.id}?version=9`), 404, 'not-found')
    await expectProblem(await s.call(actors.workerA, 'GET', `/api/v1/tickets/${view.id}?version=-1`), 400, 'validation')
    await expectProblem(await s.call(actors.workerA, 'GET', `/api/v1/tickets/${view.id}?asOf=monday`), 400, 'validation')
  })

  it('as of a time before the case existed: 200 { exists: false } (DOMAIN.md History: "did not exist yet"), not 404', async () => {
    const { view } = await open()
    const before = await s.call(actors.workerA, 'GET', `/api/v1/tickets/${view.id}?asOf=${encodeURIComponent('2020-01-01T00:00:00Z')}`)
    expect(before.status).toBe(200)
    expect(before.headers.get('etag')).toBeNull()
    expect(await before.json()).toEqual({ exists: false, id: view.id, caseType: 'ticket', asOf: '2020-01-01T00:00:00Z' })
    // /openapi.json says so for the route.
    const spec = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: { anyOf?: { properties?: Record<string, unknown> }[] } }> }> } }> }
    const shapes = spec.paths['/api/v1/tickets/{id}']?.get.responses['200']?.content['application/json']?.schema.anyOf ?? []
    expect(shapes.some((shape) => JSON.stringify(shape.properties?.['exists']) === '{"const":false}')).toBe(true)
    // Still hidden from an actor who may not read it, and a version that never was is still 404.
    await expectProblem(await s.call(actors.workerB, 'GET', `/api/v1/tickets/${view.id}?asOf=${encodeURIComponent('2020-01-01T00:00:00Z')}`), 404, 'not-found')
  })

  it('shows the history with actor, times, reason and hash links', async () => {
    const { view } = await open()
    await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/accept`)
    await s.call(actors.workerA, 'POST', `/api/v1/tickets/${view.id}/close`, { reason: 'cars moved' })
    const res = await s.call(actors.auditor, 'GET', `/api/v1/tickets/${view.id}/history`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { events: { type: string; actor: { id: string }; reason?: string; prevHash: string; hash: string; data: { phone?: string } }[] }
    expect(body.events.map((e) => e.type)).toEqual(['TicketOpened', 'TicketAccepted', 'TicketClosed'])
    expect(body.events[2]).toMatchObject({ reason: 'cars moved', actor: { id: actors.workerA.id } })
    expect(body.events[1]?.prevHash).toBe(body.events[0]?.hash)
    // Auditors see the record with personal data masked.
    expect(body.events[0]?.data.phone).toBe('138****5678')
  })

  it('lists cases newest first, filtered, paged with an opaque cursor, personal data masked', async () => {
    const fresh = await startServer()
    try {
      const ids: string[] = []
      for (const category of ['parking', 'heating', 'parking', 'noise', 'parking']) {
        const res = await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket({ category }))
        ids.push(((await res.json()) as { id: string }).id)
      }
      await fresh.call(actors.workerA, 'POST', `/api/v1/tickets/${ids[0]}/accept`)
      const page1 = (await (await fresh.call(actors.workerA, 'GET', '/api/v1/tickets?category=parking&limit=2')).json()) as { items: { id: string; phone: string }[]; next: string | null }
      expect(page1.items.map((i) => i.id)).toEqual([ids[4], ids[2]])
      expect(page1.items[0]?.phone).toBe('138****5678')
      expect(page1.next).not.toBeNull()
      const page2 = (await (await fresh.call(actors.workerA, 'GET', `/api/v1/tickets?category=parking&limit=2&cursor=${page1.next}`)).json()) as { items: { id: string }[]; next: string | null }
      expect(page2.items.map((i) => i.id)).toEqual([ids[0]])
      expect(page2.next).toBeNull()
      const accepted = (await (await fresh.call(actors.workerA, 'GET', '/api/v1/tickets?state=accepted')).json()) as { items: { id: string }[] }
      expect(accepted.items.map((i) => i.id)).toEqual([ids[0]])
      // One day later every open ticket's accept deadline has passed; the accepted one has none.
      fresh.clock.advance(2 * 86_400_000)
      const overdue = (await (await fresh.call(actors.workerA, 'GET', '/api/v1/tickets?overdue=true')).json()) as { items: { id: string }[] }
      expect(overdue.items.map((i) => i.id).sort()).toEqual(ids.slice(1).sort())
      const inB = (await (await fresh.call(actors.street, 'GET', `/api/v1/tickets?jurisdiction=${COMMUNITY_A.replace('community-a', 'community-b')}`)).json()) as { items: unknown[] }
      expect(inB.items).toEqual([])
      await expectProblem(await fresh.call(actors.workerA, 'GET', '/api/v1/tickets?cursor=bogus'), 400, 'validation')
      await expectProblem(await fresh.call(actors.workerA, 'GET', '/api/v1/tickets?overdue=maybe'), 400, 'validation')
      await expectProblem(await fresh.call(actors.workerA, 'GET', '/api/v1/tickets?limit=1000'), 400, 'validation')
    } finally {
      await fresh.close()
    }
  })
})

describe('dashboard, events, audit, service routes', () => {
  it('serves the dashboard read model within the scope asked for, and refuses scopes outside the actor and residents', async () => {
    const collections = [complaints(), disputes()]
    const fresh = await startServer({ caseTypes: collections })
    try {
      const seeded = await seedDemo({ store: fresh.store, collections, clock: fresh.clock, ids: { newId, stableId }, logger: pino({ level: 'silent' }) })
      const log = await fresh.store.readAll()
      const opened = (prefix: string) => new Set(log.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.streamId)).size
      // The district's supervisor: the seed spreads its cases over every street of the district.
      const street = demoActor('supervisor')
      const res = await fresh.call(street, 'GET', '/api/v1/dashboard')
      expect(res.status).toBe(200)
      const body = (await res.json()) as { filter: { jurisdiction: string }; counts: { complaint: { total: number }; dispute: { total: number } }; rates: unknown; mediation: unknown; units: unknown[] }
      expect(body.filter.jurisdiction).toBe(street.jurisdiction)
      expect(body.counts.complaint.total).toBe(opened('complaint-'))
      expect(body.counts.dispute.total).toBe(opened('dispute-'))
      expect(body.counts.complaint.total + body.counts.dispute.total).toBe(seeded.cases)
      expect(body).toHaveProperty('rates')
      expect(body).toHaveProperty('mediation')
      // A community next door sees none of them.
      const elsewhere = { id: 'cw-x', role: 'community-worker' as const, jurisdiction: `${street.jurisdiction}/another-community` }
      const empty = (await (await fresh.call(elsewhere, 'GET', '/api/v1/dashboard')).json()) as typeof body
      expect(empty.counts.complaint.total).toBe(0)
      await expectProblem(await fresh.call(elsewhere, 'GET', `/api/v1/dashboard?jurisdiction=${street.jurisdiction}`), 403, 'forbidden')
      await expectProblem(await fresh.call(actors.residentA, 'GET', '/api/v1/dashboard'), 403, 'forbidden')
      await expectProblem(await fresh.call(street, 'GET', '/api/v1/dashboard?from=yesterday'), 400, 'validation')
      const before = (await (await fresh.call(street, 'GET', '/api/v1/dashboard?asOf=2020-01-01T00:00:00Z')).json()) as typeof body
      expect(before.counts.complaint.total).toBe(0)
    } finally {
      await fresh.close()
    }
  })

  it('pages the global log within scope and refuses residents', async () => {
    const fresh = await startServer()
    try {
      await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())
      await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket({ jurisdiction: `${COMMUNITY_A.replace('community-a', 'community-b')}/grid-002` }))
      const all = (await (await fresh.call(actors.auditor, 'GET', '/api/v1/events?from=0&limit=1')).json()) as { events: { position: number }[]; next: number; more: boolean }
      expect(all.events.map((e) => e.position)).toEqual([0])
      expect(all).toMatchObject({ next: 1, more: true })
      const b = (await (await fresh.call(actors.auditorB, 'GET', '/api/v1/events')).json()) as { events: { position: number; streamId: string }[] }
      expect(b.events.map((e) => e.position)).toEqual([1])
      await expectProblem(await fresh.call(actors.residentA, 'GET', '/api/v1/events'), 403, 'forbidden')
      await expectProblem(await fresh.call(actors.auditor, 'GET', '/api/v1/events?from=x'), 400, 'validation')
    } finally {
      await fresh.close()
    }
  })

  it('streams live events as Server-Sent Events, only those in scope', async () => {
    const fresh = await startServer()
    const controller = new AbortController()
    try {
      const res = await fetch(`${fresh.url}/api/v1/events?from=0`, {
        headers: { authorization: `Bearer ${await fresh.token(actors.workerB)}`, accept: 'text/event-stream' },
        signal: controller.signal,
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
      await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())
      const created = await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket({ jurisdiction: `${COMMUNITY_A.replace('community-a', 'community-b')}/grid-002` }))
      const { id } = (await created.json()) as { id: string }
      const reader = (res.body as ReadableStream<Uint8Array>).getReader()
      let text = ''
      while (!text.includes('event: TicketOpened')) {
        const chunk = await reader.read()
        if (chunk.done) break
        text += new TextDecoder().decode(chunk.value)
      }
      expect(text).toContain('id: 1\nevent: TicketOpened\n')
      expect(text).toContain(`"streamId":"ticket-${id}"`)
      expect(text).not.toContain('id: 0\n')
    } finally {
      controller.abort()
      await fresh.close()
    }
  })

  it('resumes a live stream after Last-Event-ID', async () => {
    const fresh = await startServer()
    const controller = new AbortController()
    try {
      for (let i = 0; i < 3; i += 1) await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())
      const res = await fetch(`${fresh.url}/api/v1/events`, {
        headers: { authorization: `Bearer ${await fresh.token(actors.auditor)}`, accept: 'text/event-stream', 'last-event-id': '1' },
        signal: controller.signal,
      })
      const reader = (res.body as ReadableStream<Uint8Array>).getReader()
      let text = ''
      while (!text.includes('id: 2\n')) {
        const chunk = await reader.read()
        if (chunk.done) break
        text += new TextDecoder().decode(chunk.value)
      }
      expect(text.match(/^id: \d+$/gm)).toEqual(['id: 2'])
    } finally {
      controller.abort()
      await fresh.close()
    }
  })

  it('verifies the hash chains in scope, from position 0 at every call: an event tampered after a verify is reported by the next', async () => {
    const fresh = await startServer()
    try {
      const { id } = (await (await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }
      await fresh.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: 'ok' })
      const ok = await fresh.call(actors.auditor, 'GET', '/api/v1/audit/verify')
      expect(await ok.json()).toMatchObject({ ok: true, events: 2, streams: 1, brokenLinks: [] })
      const [, second] = await fresh.store.readStream(`ticket-${id}`)
      ;(second?.data as { note: string }).note = 'rewritten'
      // Nothing is remembered between calls (memory does not grow with the cases): the next call reads it all again.
      expect(await (await fresh.call(actors.auditor, 'GET', '/api/v1/audit/verify')).json()).toMatchObject({ ok: false, events: 2, brokenLinks: [{ version: 1, reason: 'hash-mismatch' }] })
      const broken = (await (await fresh.call(actors.auditor, 'GET', '/api/v1/audit/verify?full=true')).json()) as { ok: boolean; brokenLinks: { version: number; reason: string }[] }
      expect(broken.ok).toBe(false)
      expect(broken.brokenLinks).toEqual([expect.objectContaining({ version: 1, reason: 'hash-mismatch' })])
      await expectProblem(await fresh.call(actors.workerA, 'GET', '/api/v1/audit/verify'), 403, 'forbidden')
    } finally {
      await fresh.close()
    }
  })

  it('warns of an event recorded back in time (a backdated append: no chain breaks), for the cases in scope only', async () => {
    const fresh = await startServer()
    try {
      const { id } = (await (await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }
      fresh.clock.advance(3_600_000)
      await fresh.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: 'at 02:00' })
      // The store's clock set back 90 minutes: the next note is recorded at 00:30, behind the one before it.
      fresh.clock.advance(-5_400_000)
      await fresh.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: 'at 00:30' })
      const body = (await (await fresh.call(actors.auditor, 'GET', '/api/v1/audit/verify?full=true')).json()) as Record<string, unknown>
      expect(body).toMatchObject({
        ok: true,
        clock: { toleranceSeconds: 60, backwards: 1, capped: false, steps: [{ streamId: `ticket-${id}`, version: 2, recordedAt: '2026-03-02T00:30:00.000Z', previousStreamId: `ticket-${id}`, previousRecordedAt: '2026-03-02T02:00:00.000Z', backSeconds: 5400 }] },
      })
      // A reader whose scope holds no such case is told of none.
      const other = (await (await fresh.call({ ...actors.auditor, jurisdiction: 'hohhot/xincheng' }, 'GET', '/api/v1/audit/verify')).json()) as Record<string, unknown>
      expect(other).toMatchObject({ ok: true, events: 0, clock: { backwards: 0, steps: [] } })
      // A step whose event before it is another reader's case: told of the step, not of that event (found in review:
      // its time and position were given).
      const theirs = (await (await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket({ jurisdiction: `${COMMUNITY_B}/grid-001` }))).json()) as { id: string }
      fresh.clock.advance(3_600_000)
      await fresh.call(actors.workerB, 'POST', `/api/v1/tickets/${theirs.id}/add-note`, { note: 'an hour ahead' })
      fresh.clock.advance(-3_600_000)
      await fresh.call(actors.workerA, 'POST', `/api/v1/tickets/${id}/add-note`, { note: 'back to time' })
      const stepsOf = async (actor: typeof actors.auditor) => ((await (await fresh.call(actor, 'GET', '/api/v1/audit/verify?full=true')).json()) as { clock: { steps: Record<string, unknown>[] } }).clock.steps
      // The wide reader: both sides. The reader of community A only: the step, not the other case's event.
      expect((await stepsOf(actors.auditor)).at(-1)).toMatchObject({ streamId: `ticket-${id}`, previousStreamId: `ticket-${theirs.id}`, backSeconds: 3600 })
      const narrow = (await stepsOf({ id: 'aud-a', role: 'auditor', jurisdiction: COMMUNITY_A })).at(-1)
      expect(narrow).toMatchObject({ streamId: `ticket-${id}`, backSeconds: 3600 })
      expect(Object.keys(narrow ?? {}).filter((k) => k.startsWith('previous'))).toEqual([])
      // And the reader of community B is told of no step of its own.
      expect(await stepsOf(actors.auditorB)).toEqual([])
    } finally {
      await fresh.close()
    }
  })

  it('serves /healthz (health and nothing else) and /openapi.json without a token, /metrics with its own token, and a problem for unknown routes', async () => {
    const health = await fetch(`${s.url}/healthz`)
    expect(await health.json()).toEqual({ status: 'ok' })
    await expectProblem(await fetch(`${s.url}/metrics`), 401, 'unauthorized')
    await expectProblem(await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${SECRET}` } }), 401, 'unauthorized')
    const metrics = await (await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()
    expect(metrics).toMatch(/gridcase_http_requests_total\{method="POST",route="\/api\/v1\/tickets",status="201"\} \d+/)
    expect(metrics).toMatch(/gridcase_events_appended_total\{case_type="ticket"\} \d+/)
    expect(metrics).toContain('gridcase_http_request_duration_seconds_bucket')
    const spec = (await (await fetch(`${s.url}/openapi.json`)).json()) as { openapi: string }
    expect(spec.openapi).toBe('3.1.0')
    await expectProblem(await fetch(`${s.url}/nowhere`), 404, 'route-not-found')
    const helmeted = await fetch(`${s.url}/healthz`)
    expect(helmeted.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('failures of the store', () => {
  it('answer a 500 problem that names no internals, and the server keeps serving', async () => {
    const { memoryEventStore } = await import('@gridcase/adapters')
    const inner = memoryEventStore()
    const broken = { ...inner, appendToStream: async () => Promise.reject(new Error('SQLITE_IOERR at /var/secret/gridcase.sqlite')) }
    const fresh = await startServer({ store: broken })
    try {
      const body = await expectProblem(await fresh.call(actors.operator, 'POST', '/api/v1/tickets', openTicket()), 500, 'internal')
      expect(JSON.stringify(body)).not.toContain('secret')
      expect(inner.size()).toBe(0)
      expect((await fetch(`${fresh.url}/healthz`)).status).toBe(200)
    } finally {
      await fresh.close()
    }
  })
})

describe('the shape of a body', () => {
  it('refuses fields the command does not declare, naming them, and writes nothing', async () => {
    const before = (await s.store.readAll()).length
    const body = await expectProblem(await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket({ titel: 'typo', extra: { a: 1 } })), 400, 'validation')
    expect(body.errors).toEqual([
      { path: 'titel', message: 'is not a known field' },
      { path: 'extra', message: 'is not a known field' },
    ])
    expect((await s.store.readAll()).length).toBe(before)
  })

  it('refuses JSON nested deeper than any command needs, however deep', async () => {
    const deep = `{"title":${'['.repeat(50_000)}${']'.repeat(50_000)}}`
    const body = await expectProblem(await s.call(actors.operator, 'POST', '/api/v1/tickets', deep), 400, 'validation')
    expect(body.errors).toEqual([{ path: '(root)', message: 'is nested deeper than 32 levels' }])
  })
})
