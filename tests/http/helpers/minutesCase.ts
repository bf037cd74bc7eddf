import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { expect } from 'vitest'
import { COMMUNITY_A, sendAs, startServer, STREET, type TestServer } from './server.js'

/** The grid of the dispute a mediator's minutes are recorded on. */
export const MINUTES_GRID = `${COMMUNITY_A}/grid-001`
/** The applicant's own account (its `residentId`): a resident party. */
export const MINUTES_RESIDENT: Actor = { id: 'r-wang', role: 'resident', jurisdiction: MINUTES_GRID }
export const MINUTES_MEDIATOR: Actor = { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' }
const officer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }

export interface MinutesCase {
  readonly server: TestServer
  /** The minutes of the dispute's sessions as `actor` reads them in its history. */
  readonly minutesOf: (actor: Actor) => Promise<string[]>
}

/**
 * A neighbours' dispute between 王五 (applicant, MINUTES_RESIDENT's own) and 李四, opened and assigned by the street,
 * with one session whose minutes the mediator wrote as given: what the masking suites of free text read back.
 */
export const minutesCase = async (parties: { readonly applicant: object; readonly respondent: object }, minutes: string): Promise<MinutesCase> => {
  const server = await startServer({ caseTypes: [complaints(), disputes()] })
  const ok = async (actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
    const res = await sendAs(server, actor, path, body)
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300)
    return res.body
  }
  const id = (await ok(officer, '/api/v1/disputes', {
    source: 'party-application', category: 'neighbour', jurisdiction: MINUTES_GRID, summary: '王五家漏水',
    parties: [
      { side: 'applicant', name: '王五', residentId: MINUTES_RESIDENT.id, ...parties.applicant },
      { side: 'respondent', name: '李四', ...parties.respondent },
    ],
  }))['id'] as string
  await ok(officer, `/api/v1/disputes/${id}/accept`)
  await ok(officer, `/api/v1/disputes/${id}/assign-mediator`, { track: 'people', mediator: { id: MINUTES_MEDIATOR.id, jurisdiction: STREET } })
  await ok(MINUTES_MEDIATOR, `/api/v1/disputes/${id}/record-session`, { minutes })
  const minutesOf = async (actor: Actor): Promise<string[]> => {
    const history = await server.call(actor, 'GET', `/api/v1/disputes/${id}/history`)
    expect(history.status).toBe(200)
    const events = ((await history.json()) as { events: { type: string; data?: { minutes?: string } }[] }).events
    return events.filter((e) => e.type === 'MediationSessionHeld').map((e) => e.data?.minutes ?? '')
  }
  return { server, minutesOf }
}
