import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documentedRoutes as documented, expressRoutes } from './helpers/routes.js'
import { startServer, tickets, type TestServer } from './helpers/server.js'

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes(), tickets()] })
})
afterAll(async () => {
  await s.close()
})

describe('/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every express route, and nothing express does not serve', async () => {
    const spec = (await (await fetch(`${s.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> }
    expect(spec.openapi).toBe('3.1.0')
    const served = expressRoutes(s.app).sort()
    expect(served.length).toBeGreaterThan(50)
    expect(documented(spec).sort()).toEqual(served)
  })

  it('documents every command HTTP.md names for complaints and disputes', async () => {
    const spec = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, unknown> }
    const complaintCommands = ['accept', 'reject', 'dispatch', 'acknowledge', 'escalate', 'summon-departments', 'report-arrival', 'request-extension', 'approve-extension', 'submit-result', 'return', 'notify-complainant', 'supplement', 'evaluate', 'reopen', 'merge', 'urge', 'add-note', 'close']
    const disputeCommands = ['accept', 'decline', 'assign-mediator', 'record-session', 'record-agreement', 'record-failure', 'transfer', 'refer-to-litigation', 'apply-confirmation', 'record-confirmation', 'record-fulfilment', 'record-follow-up', 'close', 'submit-documents']
    const paths = Object.keys(spec.paths)
    for (const c of complaintCommands) expect(paths).toContain(`/api/v1/complaints/{id}/${c}`)
    for (const c of disputeCommands) expect(paths).toContain(`/api/v1/disputes/{id}/${c}`)
    for (const p of ['/api/v1/complaints', '/api/v1/complaints/{id}', '/api/v1/complaints/{id}/history', '/api/v1/disputes', '/api/v1/disputes/{id}', '/api/v1/disputes/{id}/history', '/api/v1/dashboard', '/api/v1/events', '/api/v1/audit/verify', '/openapi.json', '/healthz', '/metrics']) {
      expect(paths).toContain(p)
    }
  })

  it('gives request bodies a JSON Schema derived from the codecs', async () => {
    const spec = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: unknown }> } } }> }
    const schema = spec.paths['/api/v1/tickets/{id}/add-note']?.post?.requestBody?.content['application/json']?.schema
    expect(schema).toEqual({ type: 'object', properties: { note: { description: 'Text' } }, required: ['note'] })
  })

  it("describes the dashboard's mediation figures field by field, the court's acceptances of 司法确认 among them", async () => {
    interface Schema { readonly properties?: Record<string, Schema>; readonly required?: readonly string[]; readonly description?: string }
    const spec = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, { get?: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }> }
    const body = spec.paths['/api/v1/dashboard']?.get?.responses['200']?.content['application/json']?.schema
    const mediation = body?.properties?.['mediation']
    expect(mediation?.properties?.['confirmations']?.required).toEqual(['applied', 'accepted', 'granted', 'rejected'])
    expect(mediation?.properties?.['concluded']?.description).toMatch(/one agreement/)
    expect(Object.keys(mediation?.properties?.['byTrack']?.properties ?? {})).toEqual(['people', 'administrative', 'judicial'])
  })

  it('answers every documented route with something other than route-not-found', async () => {
    const spec = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> }
    for (const entry of documented(spec)) {
      const [method, path] = entry.split(' ') as [string, string]
      const res = await fetch(`${s.url}${path.replace('{id}', crypto.randomUUID())}`, { method })
      const body = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { type?: string }) : { type: undefined }
      expect(body.type, entry).not.toBe('urn:gridcase:problem:route-not-found')
    }
  })
})
