// Every query parameter and header a read takes is decoded strictly: a parameter no route documents (a misspelt
// filter) is 400 naming `query.<name>`, not an unfiltered answer; a period that ends before it starts is 400 at
// `query.to`; Last-Event-ID is a decimal position or 400. Real server, real port.
import { generateHeadKey, headSigner, memoryEventStore, memoryTreeHeads, treeLog, type TreeLog } from '@gridcase/adapters'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, openTicket, startServer, tickets, type TestServer } from './helpers/server.js'

let s: TestServer
let tree: TreeLog
let ticket = ''

beforeAll(async () => {
  const store = memoryEventStore()
  const heads = memoryTreeHeads()
  const signer = headSigner(generateHeadKey().privateKeyPem)
  tree = treeLog({ store, heads, signer, clock: { now: () => '2026-03-02T01:00:00.000Z' }, everyEvents: 2 })
  await tree.start()
  s = await startServer({ store, tree: { log: tree, heads, publicKeyPem: signer.publicKeyPem, keyId: signer.keyId } })
  for (let i = 0; i < 2; i += 1) ticket = String(((await (await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }).id)
  await tree.waitFor(1)
  tree.signNow()
})
afterAll(async () => {
  await s.close()
  await tree.stop()
})

const problemOf = async (path: string, headers: Record<string, string> = {}, actor = actors.auditor) => {
  const res = await s.call(actor, 'GET', path, undefined, headers)
  const body = (await res.json()) as { errors?: { path: string; message: string }[] }
  return { status: res.status, errors: body.errors ?? [] }
}

describe('a query parameter no route documents', () => {
  it.each([
    ['/api/v1/tickets?status=closed', 'status'],
    ['/api/v1/tickets?state=closed&jurisdicton=hohhot', 'jurisdicton'],
    ['/api/v1/dashboard?jurisdicton=hohhot/saihan', 'jurisdicton'],
    ['/api/v1/evaluation?period=2026-03&jurisdicton=hohhot', 'jurisdicton'],
    ['/api/v1/ranking?period=2026-03&place=hohhot', 'place'],
    ['/api/v1/trends?month=12', 'month'],
    ['/api/v1/jurisdictions?parent=hohhot', 'parent'],
    ['/api/v1/events?form=3', 'form'],
    [`/api/v1/tickets/${'00000000-0000-4000-8000-000000000001'}?verison=1`, 'verison'],
    ['/api/v1/audit/verify?fulll=true', 'fulll'],
    ['/api/v1/audit/heads?fromm=2', 'fromm'],
    ['/api/v1/audit/proof?position=0&head=2&extra=1', 'extra'],
  ])('%s → 400 at query.%s', async (path, name) => {
    const answer = await problemOf(path)
    expect(answer.status).toBe(400)
    expect(answer.errors).toContainEqual({ path: `query.${name}`, message: 'is not a known parameter' })
  })

  it('every documented parameter is still taken, and a `_` cache-buster passes', async () => {
    const paths = [
      `/api/v1/tickets?state=open&category=parking&jurisdiction=hohhot&overdue=false&limit=5&_=1767225600000`,
      `/api/v1/tickets/${ticket}?version=0`,
      `/api/v1/tickets/${ticket}?asOf=2026-03-02T01:00:00Z`,
      '/api/v1/dashboard?jurisdiction=hohhot&from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z&asOf=2026-03-02T01:00:00Z&depth=1&dueSoon=0.2',
      '/api/v1/evaluation?period=2026-03&jurisdiction=hohhot',
      '/api/v1/ranking?period=2026-03&jurisdiction=hohhot',
      '/api/v1/trends?jurisdiction=hohhot&months=12&days=30',
      '/api/v1/jurisdictions?under=hohhot',
      '/api/v1/events?from=0&limit=10',
      '/api/v1/audit/verify?full=true',
      '/api/v1/audit/heads?from=0&limit=10',
      '/api/v1/audit/proof?position=0&head=2',
      '/api/v1/audit/proof?from=2&to=2',
    ]
    for (const path of paths) expect((await s.call(actors.auditor, 'GET', path)).status, path).toBe(200)
  })
})

describe('other query values and headers decoded strictly', () => {
  it('a dashboard period whose `to` is before its `from` is 400 at query.to, not a dashboard of zeros', async () => {
    const answer = await problemOf('/api/v1/dashboard?from=2026-12-01T00:00:00Z&to=2026-01-01T00:00:00Z')
    expect(answer.status).toBe(400)
    expect(answer.errors).toEqual([{ path: 'query.to', message: 'is before from (2026-12-01T00:00:00Z)' }])
  })

  it('the audit routes name their parameters query.<name>, as the other routes do', async () => {
    expect(await problemOf('/api/v1/audit/heads?limit=0')).toEqual({ status: 400, errors: [expect.objectContaining({ path: 'query.limit' })] })
    expect(await problemOf('/api/v1/audit/proof?position=0&head=x')).toEqual({ status: 400, errors: [expect.objectContaining({ path: 'query.head' })] })
    expect(await problemOf('/api/v1/audit/proof?from=2&to=x')).toEqual({ status: 400, errors: [expect.objectContaining({ path: 'query.to' })] })
    expect(await problemOf('/api/v1/audit/proof?from=3&to=2')).toEqual({ status: 400, errors: [expect.objectContaining({ path: 'query.from' })] })
  })

  it('a ranking of a year whose end cannot be written (past 9998) is 400 at query.period', async () => {
    const answer = await problemOf('/api/v1/ranking?period=9999')
    expect(answer.status).toBe(400)
    expect(answer.errors).toEqual([expect.objectContaining({ path: 'query.period' })])
    expect((await s.call(actors.auditor, 'GET', '/api/v1/ranking?period=9998-Q3')).status).toBe(200)
  })

  it('Last-Event-ID is a decimal position: 0x10, 1e3, -1 or 1.5 is 400 at headers.Last-Event-ID, not read as 16 or 1000', async () => {
    for (const id of ['0x10', '1e3', '-1', '1.5', '7 8']) {
      const answer = await problemOf('/api/v1/events', { accept: 'text/event-stream', 'last-event-id': id })
      expect(answer, id).toEqual({ status: 400, errors: [{ path: 'headers.Last-Event-ID', message: 'expected the id of an event (a decimal position)' }] })
    }
  })
})

// The case lists' `state` and `category` filters (HTTP.md: `?state=&category=`) take the lifecycle states and the
// categories the case type has: a value it never has (a typo: `agreement_reached`, `neighbor`) was a 200 with an empty
// list, read by a client as "no such cases"; now 400 at query.state / query.category naming what is taken. A case type
// that names no states of its own (the tests' tickets) takes any name, as before.
describe('a case list filter value the case type never has', () => {
  let lists: TestServer
  beforeAll(async () => {
    lists = await startServer({ caseTypes: [complaints(), disputes(), tickets()] })
  })
  afterAll(async () => {
    await lists.close()
  })
  const listProblem = async (path: string) => {
    const res = await lists.call(actors.auditor, 'GET', path)
    const body = (await res.json()) as { errors?: { path: string; message: string }[] }
    return { status: res.status, paths: (body.errors ?? []).map((e) => e.path), messages: (body.errors ?? []).map((e) => e.message).join(' ') }
  }
  it.each([
    ['/api/v1/disputes?state=agreement_reached', 'state', 'agreement-reached'],
    ['/api/v1/disputes?category=neighbor', 'category', 'neighbour'],
    ['/api/v1/complaints?state=resolved', 'state', 'result-submitted'],
  ])('%s → 400 at query.%s, naming what is taken', async (path, name, named) => {
    const answer = await listProblem(path)
    expect(answer.status).toBe(400)
    expect(answer.paths).toEqual([`query.${name}`])
    expect(answer.messages).toContain(named)
  })
  it('every state and category the case type has is taken', async () => {
    for (const path of [
      '/api/v1/disputes?state=agreement-reached&category=neighbour',
      '/api/v1/disputes?state=confirmation-refused',
      '/api/v1/complaints?state=result-submitted&category=property',
      '/api/v1/tickets?state=anything&category=whatever',
    ])
      expect((await lists.call(actors.auditor, 'GET', path)).status, path).toBe(200)
  })
})
