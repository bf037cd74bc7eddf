// A JSON body that is not an object — an array, a number, a string, true, null — on a create or a command: 400 at
// (root) saying an object was expected, on both the express routes and the fast command path, nothing written.
// Before, a create's answer to `[]` read "expected a { id: Uuid, channel: Channel, … }" (naming an `id` a registration
// body must not carry, docs/HTTP.md), a dispute's "expected a ReportDisputeData", a command's "expected a RiskAssessment",
// and a body of valid JSON that is not an object or array (`5`, `"x"`, `null`) "is not valid JSON".
import { complaints, disputes } from '@gridcase/http'
import type { Actor } from '@gridcase/core/access'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMUNITY_A, startServer, type TestServer } from './helpers/server.js'

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
})
afterAll(async () => {
  await s.close()
})

const GRID = `${COMMUNITY_A}/grid-001`
const gridWorker: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID }
const OBJECT_EXPECTED = {
  type: 'urn:gridcase:problem:validation',
  status: 400,
  detail: 'The input is not valid: (root): expected an object',
  errors: [{ path: '(root)', message: 'expected an object' }],
}

describe('a JSON body that is not an object', () => {
  it.each(['[]', '[1]', '5', '"x"', 'null', 'true'])('%s on a create, a dispute report and a command: 400 at (root), an object expected, nothing written', async (body) => {
    const dispute = await s.call(gridWorker, 'POST', '/api/v1/disputes', {
      source: 'screening', category: 'neighbour', jurisdiction: GRID, summary: '楼上漏水',
      parties: [{ side: 'applicant', name: '王芳' }, { side: 'respondent', name: '刘伟' }],
    })
    expect(dispute.status).toBe(201)
    const id = String(((await dispute.json()) as { id: string }).id)
    const before = s.store.size?.()
    for (const path of ['/api/v1/complaints', '/api/v1/disputes', `/api/v1/disputes/${id}/grade-risk`]) {
      const res = await s.call(gridWorker, 'POST', path, body)
      expect(res.status, `${path} ${body}`).toBe(400)
      expect(await res.json(), `${path} ${body}`).toMatchObject(OBJECT_EXPECTED)
    }
    expect(s.store.size?.()).toBe(before)
  })

  it('a body that is not JSON at all is still "is not valid JSON"', async () => {
    const res = await s.call(gridWorker, 'POST', '/api/v1/complaints', '{"channel":')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ errors: [{ path: '(root)', message: 'is not valid JSON' }] })
  })
})
