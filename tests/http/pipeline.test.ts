// The HTTP route and `execute` are one pipeline: for the same command (actor, case, route, data, command id, time,
// expected version) they give the same outcome — status, error code and fields, or the same case — over valid and
// invalid bodies. The HTTP side runs on a real server and port; `execute` on a store of its own.
import { memoryEventStore, newId, stableId } from '@gridcase/adapters'
import { execute, streamIdOf, type CaseType, type DomainError, type EventStore, type ExpectedVersion } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes, onCaseOf, personalView, problemOf, type CaseCollection } from '@gridcase/http'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './helpers/server.js'

const DISTRICT = 'hohhot/saihan'
const COMMUNITY = `${DISTRICT}/wulanchabu-east-road/xinhua-community`
const GRID = `${COMMUNITY}/grid-017`

const admin: Actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' }
const actorsToTry: readonly Actor[] = [
  admin,
  { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  { id: 'cw-1', role: 'community-worker', jurisdiction: COMMUNITY },
  { id: 'so-9', role: 'street-officer', jurisdiction: 'hohhot/xincheng/other-street' },
  { id: 'resident-1', role: 'resident', jurisdiction: GRID },
  { id: 'aud-1', role: 'auditor', jurisdiction: 'hohhot' },
  { id: 'med-1', role: 'mediator', jurisdiction: DISTRICT, track: 'people' },
  { id: 'sup-1', role: 'supervisor', jurisdiction: DISTRICT },
]

const complaintBody = { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '三天了', jurisdiction: GRID, complainant: { name: '李明', phone: '13800471001' } }
const disputeBody = { source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '漏水', parties: [{ side: 'applicant', name: '甲' }, { side: 'respondent', name: '乙' }] }
const unit = { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY }

interface Given {
  readonly create: Record<string, unknown>
  /** Steps an admin takes after the create, so commands meet cases in more than one state. */
  readonly steps: readonly (readonly [string, Record<string, unknown>])[]
  /** The route that moves such a case on, so accepted commands are compared as often as refusals. */
  readonly next: string
}
const givens: Readonly<Record<string, readonly Given[]>> = {
  complaints: [
    { create: complaintBody, steps: [], next: 'accept' },
    { create: complaintBody, steps: [['accept', {}]], next: 'dispatch' },
    { create: complaintBody, steps: [['accept', {}], ['dispatch', { unit }]], next: 'acknowledge' },
  ],
  disputes: [
    { create: disputeBody, steps: [], next: 'accept' },
    { create: disputeBody, steps: [['accept', {}]], next: 'assign-mediator' },
  ],
}

/** A valid body for some routes (any other route is sent `{}` as its valid body). */
const validBodies: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  complaints: {
    create: complaintBody,
    dispatch: { unit },
    reject: { reason: '不属于受理范围' },
    'add-note': { note: '已电话回访' },
    urge: { note: '请尽快处理' },
    'submit-result': { result: '已处理', outcome: 'resolved' },
    'request-extension': { days: 3, reason: '需要协调' },
    evaluate: { rating: 'satisfied' },
  },
  disputes: {
    create: disputeBody,
    decline: { reason: '不属于调解范围' },
    'assign-mediator': { track: 'people', mediator: { id: 'm-1', jurisdiction: DISTRICT } },
    'record-agreement': { form: 'oral', terms: ['赔偿 500 元'] },
    close: { reason: '已结案' },
  },
}

// Edits that turn a valid body into an invalid one (or leave it valid): fields removed, replaced, added, at the root.
const edits = fc.array(
  fc.tuple(
    fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('complainant', 'parties', 'unit', 'jurisdiction', 'reason', 'note', 'id', 'title')),
    fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
  ),
  { minLength: 1, maxLength: 2 },
)
// Top-level objects and arrays: what a JSON request body may be (a bare string or number is refused by HTTP's parser).
const anyBody = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
)
const bodyPlan = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'valid' as const }) },
  { weight: 3, arbitrary: edits.map((e) => ({ kind: 'edited' as const, edits: e })) },
  { weight: 1, arbitrary: anyBody.map((b) => ({ kind: 'any' as const, body: b as unknown })) },
)
type BodyPlan = typeof bodyPlan extends fc.Arbitrary<infer P> ? P : never

const bodyFor = (collection: CaseCollection, route: string, plan: BodyPlan): unknown => {
  if (plan.kind === 'any') return plan.body
  const valid: Record<string, unknown> = structuredClone({ ...(validBodies[collection.path]?.[route] ?? {}) })
  if (plan.kind === 'valid') return valid
  for (const [key, value] of plan.edits) {
    if (value === undefined) delete valid[key]
    else valid[key] = value
  }
  return valid
}

const collections = [complaints(), disputes()]

const sample = fc.record({
  collection: fc.constantFrom(...collections),
  given: fc.nat(),
  route: fc.oneof(
    { weight: 2, arbitrary: fc.constant<'next'>('next') },
    { weight: 1, arbitrary: fc.constant<'create'>('create') },
    { weight: 2, arbitrary: fc.nat() },
  ),
  // An admin often, so commands pass authorisation often enough to be compared on their effect too.
  actor: fc.oneof({ weight: 3, arbitrary: fc.constant(admin) }, { weight: 5, arbitrary: fc.constantFrom(...actorsToTry) }),
  plan: bodyPlan,
  ifMatch: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 3 }),
})

/** An outcome as a client sees it: the status, and the problem's code and field errors or the case. */
type Outcome = { readonly status: number; readonly code?: string; readonly errors?: unknown; readonly view?: unknown }

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: collections })
})
afterAll(async () => {
  await s.close()
})

/** The command sent to the real server, with an Idempotency-Key that is also its command id. */
const viaHttp = async (collection: CaseCollection, caseId: string | undefined, route: string, actor: Actor, data: unknown, commandId: string, ifMatch?: number): Promise<Outcome> => {
  const path = route === 'create' ? `/api/v1/${collection.path}` : `/api/v1/${collection.path}/${caseId}/${route}`
  const res = await s.call(actor, 'POST', path, JSON.stringify(data), {
    'content-type': 'application/json',
    'idempotency-key': commandId,
    ...(ifMatch === undefined ? {} : { 'if-match': `W/"${ifMatch}"` }),
  })
  const json = (await res.json()) as Record<string, unknown>
  return res.status >= 400
    ? { status: res.status, code: String(json['type']).replace('urn:gridcase:problem:', ''), errors: json['errors'] }
    : { status: res.status, view: json }
}

/** The same command through `execute`, as an integrator calls it, mapped as HTTP maps outcomes. */
const viaExecute = async (
  store: EventStore,
  caseType: CaseType,
  caseId: string,
  route: string,
  actor: Actor,
  data: unknown,
  commandId: string,
  ifMatch?: number,
): Promise<Outcome> => {
  const creating = route === 'create'
  // HTTP's two rules of its own: POST on a collection names the case (a body's id is not the client's), and opens a new one.
  const input = creating && typeof data === 'object' && data !== null && !Array.isArray(data) ? { ...data, id: undefined } : data
  const expectedVersion: ExpectedVersion | undefined = creating ? 'no-stream' : ifMatch
  const result = await execute(store, caseType, caseId, route, input, { commandId, actor, at: s.clock.now() }, expectedVersion === undefined ? {} : { expectedVersion })
  if (E.isLeft(result)) {
    const error: DomainError = result.left
    const p = problemOf(error, { ifMatch: !creating && ifMatch !== undefined })
    return { status: p.status, code: error.code, errors: error.code === 'validation' ? error.errors : undefined }
  }
  const state = result.right.state as Record<string, unknown>
  // The case as the server shows this actor (masked for some roles, a resident's own data in full): the view is the
  // server's rule, tested on its own (tests/http/*mask*); what is compared here is the pipeline that reaches it.
  // Who handles the case (a dispute's assigned mediator, the operator who registered it): the case now, its first event's actor.
  const [opened] = await store.readStream(streamIdOf(caseType, caseId), { toVersion: 0 })
  const shown = personalView(state, actor, undefined, onCaseOf(caseType, state, opened))
  return { status: creating ? 201 : 200, view: JSON.parse(JSON.stringify({ ...shown, id: caseId, caseType: caseType.name, version: result.right.version })) }
}

describe('one pipeline: HTTP and execute', () => {
  it('the HTTP route and execute give the same outcome for the same command, over valid and invalid bodies', async () => {
    const mirror = memoryEventStore()
    const seen = new Set<string>()
    await fc.assert(
      fc.asyncProperty(sample, async ({ collection, given, route, actor, plan, ifMatch }) => {
        const { caseType } = collection
        const setup = givens[collection.path]?.[given % (givens[collection.path]?.length ?? 1)]
        if (setup === undefined) throw new Error(`no given for ${collection.path}`)
        // The case: opened by an admin on both sides, under the id the server derives from the Idempotency-Key.
        const key = newId()
        const caseId = stableId(`${collection.path}/${admin.id}/${key}`)
        const opened = [await viaHttp(collection, undefined, 'create', admin, setup.create, key), await viaExecute(mirror, caseType, caseId, 'create', admin, setup.create, key)]
        expect(opened[0]).toEqual(opened[1])
        // The opening create is compared too: it counts among the outcomes seen (a final create is drawn rarely).
        seen.add(opened[0]?.code ?? String(opened[0]?.status))
        for (const [step, stepData] of setup.steps) {
          const stepKey = newId()
          expect(await viaHttp(collection, caseId, step, admin, stepData, stepKey)).toEqual(await viaExecute(mirror, caseType, caseId, step, admin, stepData, stepKey))
        }
        const routes = ['create', ...Object.keys(caseType.commands)]
        const name = route === 'next' ? setup.next : route === 'create' ? 'create' : (routes[route % routes.length] ?? 'create')
        const data = bodyFor(collection, name, plan)
        const commandId = newId()
        // A create opens its own case; the id the server derives is what execute is given.
        const target = name === 'create' ? stableId(`${collection.path}/${actor.id}/${commandId}`) : caseId
        const http = await viaHttp(collection, target, name, actor, data, commandId, ifMatch)
        const direct = await viaExecute(mirror, caseType, target, name, actor, data, commandId, ifMatch)
        expect(http).toEqual(direct)
        seen.add(http.code ?? String(http.status))
      }),
      { numRuns: Number(process.env.PIPELINE_RUNS ?? 150) },
    )
    // Both kinds of input were compared: accepted commands and refusals of several kinds.
    expect([...seen]).toEqual(expect.arrayContaining(['200', '201', 'validation']))
    expect([...seen].filter((x) => !/^\d+$/.test(x)).length).toBeGreaterThanOrEqual(3)
  }, 120_000)
})
