import type { JurisdictionRegistry, RankingWeights } from '@gridcase/core/projections'
// Starts the real app on a real port (port 0) with a memory store, and signs tokens for test actors.
import { manualClock, memoryEventStore, type ProcessRefusals } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { caseCollection, createApp, jwtAuth, listen, signToken, type AuditTree, type CalendarOptions, type CaseCollection, type GridcaseApp } from '@gridcase/http'
import type { AddressInfo } from 'node:net'
import { expect } from 'vitest'
import type { Logger } from 'pino'
import { ticketCase } from './ticketCase.js'
import type { CommitteeRegistry } from '@gridcase/core/dispute'

export const SECRET = 'test-secret-test-secret-test-secret!'
export const METRICS_TOKEN = 'metrics-token-metrics-token-metrics!'
export const STREET = 'hohhot/saihan/wulanchabu-east-road'
export const COMMUNITY_A = `${STREET}/community-a`
export const COMMUNITY_B = `${STREET}/community-b`

export interface TestServer {
  readonly url: string
  readonly app: GridcaseApp
  readonly store: EventStore & { size?: () => number }
  readonly clock: ReturnType<typeof manualClock>
  token(actor: Actor): Promise<string>
  /** fetch with a bearer token for `actor` and a JSON body. */
  call(actor: Actor | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>
  close(): Promise<void>
}

export const actors = {
  operator: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  workerA: { id: 'cw-a', role: 'community-worker', jurisdiction: COMMUNITY_A },
  workerB: { id: 'cw-b', role: 'community-worker', jurisdiction: COMMUNITY_B },
  gridA: { id: 'gw-a', role: 'grid-worker', jurisdiction: `${COMMUNITY_A}/grid-001` },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  residentA: { id: 'resident-a', role: 'resident', jurisdiction: COMMUNITY_A },
  residentB: { id: 'resident-b', role: 'resident', jurisdiction: COMMUNITY_A },
  auditor: { id: 'aud-1', role: 'auditor', jurisdiction: 'hohhot' },
  auditorB: { id: 'aud-b', role: 'auditor', jurisdiction: COMMUNITY_B },
  supervisor: { id: 'sup-1', role: 'supervisor', jurisdiction: STREET },
} satisfies Record<string, Actor>

export const tickets = (): CaseCollection => caseCollection(ticketCase())

export const startServer = async (
  options: {
    store?: EventStore
    caseTypes?: readonly CaseCollection[]
    bodyLimit?: string
    calendar?: CalendarOptions
    tree?: AuditTree
    jurisdictions?: JurisdictionRegistry
    rankingWeights?: RankingWeights
    committees?: CommitteeRegistry
    logger?: Logger
    processRefusals?: ProcessRefusals
  } = {},
): Promise<TestServer> => {
  const clock = manualClock('2026-03-02T01:00:00.000Z')
  const store = options.store ?? memoryEventStore({ clock })
  const app = createApp({
    store,
    caseTypes: options.caseTypes ?? [tickets()],
    auth: jwtAuth({ secret: SECRET }),
    clock,
    metricsAccess: { token: METRICS_TOKEN },
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(options.calendar === undefined ? {} : { calendar: options.calendar }),
    ...(options.tree === undefined ? {} : { tree: options.tree }),
    ...(options.committees === undefined ? {} : { committees: options.committees }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.jurisdictions === undefined ? {} : { jurisdictions: options.jurisdictions }),
    ...(options.rankingWeights === undefined ? {} : { rankingWeights: options.rankingWeights }),
    ...(options.processRefusals === undefined ? {} : { processRefusals: { refusals: options.processRefusals } }),
  })
  const server = await listen(app, 0, '127.0.0.1')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const token = (actor: Actor) => signToken({ secret: SECRET }, actor)
  return {
    url,
    app,
    store,
    clock,
    token,
    call: async (actor, method, path, body, headers = {}) =>
      fetch(`${url}${path}`, {
        method,
        headers: {
          ...(actor === undefined ? {} : { authorization: `Bearer ${await token(actor)}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    close: async () => {
      await app.gridcase.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export const openTicket = (overrides: Record<string, unknown> = {}) => ({
  title: 'Cars block the fire lane',
  category: 'parking',
  jurisdiction: `${COMMUNITY_A}/grid-001`,
  phone: '13812345678',
  ...overrides,
})

/** POSTs `body` as `actor` and reads the answer's status and JSON body (a command's or a create's). */
export const sendAs = async (s: TestServer, actor: Actor, path: string, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await s.call(actor, 'POST', path, body)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** `sendAs`, expecting it to succeed (naming the path and the answer when it does not): the answer's body. */
export const postAs = async (s: TestServer, actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const r = await sendAs(s, actor, path, body)
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
  return r.body
}
