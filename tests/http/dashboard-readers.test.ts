// Least privilege on the figures, over a real server (DOMAIN.md "Jurisdiction and actors": what an actor may not read
// does not exist for it; docs/HTTP.md "Figures by role"): every case a list names (overdue, due soon, high risk,
// exclusions) is one the reader gets 200 for on the case route; a department officer reads the evaluation of its own
// department's offices and no figure of the place; a mediator and a court clerk read no figures; a mediation centre's
// officer reads its place's figures, its lists cut to the disputes.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMUNITY_A, startServer, STREET, type TestServer } from './helpers/server.js'

const DISTRICT = 'hohhot/saihan'
const GRID = `${COMMUNITY_A}/grid-001`
const HOUR = 3_600_000
/** After every deadline of the cases below: each running one is overdue then. */
const LATER = '2027-01-01T00:00:00.000Z'

const who = {
  operator: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  gridA: { id: 'gw-a', role: 'grid-worker', jurisdiction: GRID },
  housing: { id: 'do-housing', role: 'department-officer', jurisdiction: DISTRICT, department: 'housing' },
  water: { id: 'do-water', role: 'department-officer', jurisdiction: DISTRICT, department: 'water' },
  mediatorA: { id: 'pm-a', role: 'mediator', jurisdiction: STREET, track: 'people' },
  mediatorB: { id: 'pm-b', role: 'mediator', jurisdiction: STREET, track: 'people' },
  clerk: { id: 'clerk-1', role: 'court-clerk', jurisdiction: DISTRICT },
  centre: { id: 'co-1', role: 'centre-officer', jurisdiction: DISTRICT },
  supervisor: { id: 'sup-1', role: 'supervisor', jurisdiction: DISTRICT },
  wang: { id: 'r-wang', role: 'resident', jurisdiction: GRID, name: '王芳' },
} satisfies Record<string, Actor>

const complaint = (over: Record<string, unknown> = {}) => ({
  channel: 'hotline-12345',
  kind: 'complaint',
  category: 'heating',
  title: '暖气不热',
  description: '3号楼2单元暖气一周不热。',
  jurisdiction: GRID,
  complainant: { name: '李四', phone: '13912345678' },
  ...over,
})
const parties = [
  { side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang' },
  { side: 'respondent', name: '李强', phone: '13900139000' },
]
const gridUnit = { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID }
const unit = (department: string) => ({ id: `saihan-${department}`, name: `区${department}`, level: 'district', jurisdiction: DISTRICT, department })

let s: TestServer
const ids = { housingLead: '', waterLead: '', gridHeld: '', excluded: '', mediating: '', entrusted: '' }

const created = async (actor: Actor, path: string, body: unknown): Promise<string> => {
  const res = await s.call(actor, 'POST', path, body)
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { id: string }).id
}
const ok = async (actor: Actor, path: string, body: unknown = {}) => {
  s.clock.advance(HOUR)
  const res = await s.call(actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
}

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  const c = (id: string, command: string) => `/api/v1/complaints/${id}/${command}`
  ids.housingLead = await created(who.operator, '/api/v1/complaints', complaint({ category: 'property', title: '楼道堆物' }))
  await ok(who.operator, c(ids.housingLead, 'accept'))
  await ok(who.operator, c(ids.housingLead, 'dispatch'), { unit: unit('housing') })
  ids.waterLead = await created(who.operator, '/api/v1/complaints', complaint({ category: 'water-supply', title: '水管漏水' }))
  await ok(who.operator, c(ids.waterLead, 'accept'))
  await ok(who.operator, c(ids.waterLead, 'dispatch'), { unit: unit('water') })
  // The finding's case: a heating complaint held by a grid, not yet acknowledged.
  ids.gridHeld = await created(who.operator, '/api/v1/complaints', complaint())
  await ok(who.operator, c(ids.gridHeld, 'accept'))
  await ok(who.operator, c(ids.gridHeld, 'dispatch'), { unit: gridUnit })
  // 考评申诉 approved on a case the grid handled: listed in `exclusions`.
  ids.excluded = await created(who.operator, '/api/v1/complaints', complaint({ title: '暖气漏水' }))
  await ok(who.operator, c(ids.excluded, 'accept'))
  await ok(who.operator, c(ids.excluded, 'dispatch'), { unit: gridUnit })
  await ok(who.gridA, c(ids.excluded, 'acknowledge'))
  await ok(who.gridA, c(ids.excluded, 'submit-result'), { result: '已协调供热公司排气。', outcome: 'resolved' })
  await ok(who.operator, c(ids.excluded, 'notify-complainant'), { method: 'phone' })
  await ok(who.gridA, c(ids.excluded, 'apply-exclusion'), { ground: 'unreasonable-demand', reason: '诉求超出政策范围' })
  await ok(who.supervisor, c(ids.excluded, 'decide-exclusion'), { approved: true, reason: '属实' })

  const d = (id: string, command: string) => `/api/v1/disputes/${id}/${command}`
  const report = { source: 'party-application', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水，邻里纠纷' }
  // Mediator A's dispute, graded high risk: on the overdue list (its mediation deadline) and the risk list.
  ids.mediating = await created(who.wang, '/api/v1/disputes', report)
  await ok(who.street, d(ids.mediating, 'accept'))
  await ok(who.street, d(ids.mediating, 'assign-mediator'), { track: 'people', mediator: { id: 'pm-a', jurisdiction: STREET } })
  await ok(who.mediatorA, d(ids.mediating, 'grade-risk'), { grade: 'high', reason: '双方情绪激烈' })
  // 诉前委派: the court clerk's entrustment, its receipt deadline running.
  ids.entrusted = await created(who.clerk, '/api/v1/disputes', { ...report, source: 'court-entrusted', court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民诉前调7号' })
})
afterAll(async () => {
  await s.close()
})

interface Item {
  readonly caseId: string
  readonly caseType?: 'complaint' | 'dispute'
}
interface Dashboard {
  readonly overdue: { readonly byKind: Record<string, number>; readonly items: readonly Item[]; readonly truncated: boolean; readonly dueSoon: { readonly items: readonly Item[] } }
  readonly risk: { readonly highOpen: number; readonly items: readonly Item[] }
  readonly exclusions: readonly Item[]
  readonly rates: { readonly excluded?: number }
}

const path = (type: 'complaint' | 'dispute', id: string) => `${type}s/${id}`
/** Every case the actor's dashboard (as of `asOf`) and March's evaluation name, as `complaints/<id>` or `disputes/<id>`. */
const listed = async (actor: Actor, asOf: string): Promise<{ readonly paths: string[]; readonly dashboard: Dashboard }> => {
  const res = await s.call(actor, 'GET', `/api/v1/dashboard?asOf=${asOf}`)
  expect(res.status).toBe(200)
  const dashboard = (await res.json()) as Dashboard
  const paths = [
    ...[...dashboard.overdue.items, ...dashboard.overdue.dueSoon.items].map((i) => path(i.caseType ?? 'complaint', i.caseId)),
    ...dashboard.risk.items.map((i) => path('dispute', i.caseId)),
    ...[...dashboard.exclusions, ...(await evaluation(actor)).exclusions].map((i) => path('complaint', i.caseId)),
  ]
  return { paths: [...new Set(paths)].sort(), dashboard }
}
interface Evaluation {
  readonly exclusions: readonly Item[]
  readonly units: readonly { readonly unit: { readonly id: string } }[]
  readonly figuresOf: { readonly jurisdiction: string; readonly department: string | null }
}
/** March's evaluation as the actor reads it, as of after every deadline (each one then counts in its unit's row). */
const evaluation = async (actor: Actor): Promise<Evaluation> => {
  const res = await s.call(actor, 'GET', `/api/v1/evaluation?period=2026-03&asOf=${LATER}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Evaluation
}

const readable = async (actor: Actor, path: string): Promise<number> => (await s.call(actor, 'GET', `/api/v1/${path}`)).status
const status = async (actor: Actor, path: string): Promise<number> => (await s.call(actor, 'GET', path)).status

describe('the figures a narrow role reads', () => {
  const now = () => s.clock.now()

  it.each([
    ['a department officer (housing)', who.housing],
    ['a department officer (water)', who.water],
    ['mediator A', who.mediatorA],
    ['a court clerk', who.clerk],
  ] as const)('%s: no dashboard, ranking or trends (the place’s figures), as of now or later', async (_name, actor) => {
    for (const asOf of [LATER, now()]) {
      for (const route of [`/api/v1/dashboard?asOf=${asOf}`, '/api/v1/ranking?period=2026-03', `/api/v1/trends?asOf=${asOf}`]) {
        expect({ route, status: await status(actor, route) }).toEqual({ route, status: 403 })
      }
    }
    // The names of places are anyone's.
    expect(await status(actor, '/api/v1/jurisdictions')).toBe(200)
  })

  it.each([
    ['mediator A', who.mediatorA],
    ['mediator B (nothing assigned)', who.mediatorB],
    ['a court clerk', who.clerk],
    // A department officer whose token names no department handles no case: no office's row is its.
    ['a department officer of no department', { id: 'do-x', role: 'department-officer', jurisdiction: DISTRICT } satisfies Actor],
  ] as const)('%s: no evaluation either, JSON or CSV', async (_name, actor) => {
    expect(await status(actor, '/api/v1/evaluation?period=2026-03')).toBe(403)
    expect((await s.call(actor, 'GET', '/api/v1/evaluation?period=2026-03', undefined, { Accept: 'text/csv' })).status).toBe(403)
  })

  it.each([
    ['housing', who.housing],
    ['water', who.water],
  ] as const)('a department officer (%s): the evaluation of its own office alone; its exclusions only its own cases', async (department, actor) => {
    const own = await evaluation(actor)
    expect(own.figuresOf).toEqual({ jurisdiction: DISTRICT, department })
    expect(own.units.map((u) => u.unit.id)).toEqual([`saihan-${department}`])
    // The district's evaluation has both departments' rows and the grid's.
    expect((await evaluation(who.supervisor)).units.map((u) => u.unit.id).sort()).toEqual(['grid-001', 'saihan-housing', 'saihan-water'])
    // The grid's excluded case is not its: not listed (the supervisor's evaluation lists it).
    expect(own.exclusions).toEqual([])
    expect((await evaluation(who.supervisor)).exclusions.map((i) => i.caseId)).toEqual([ids.excluded])
  })

  it('a mediation centre officer: every listed case answers 200, and its disputes are listed', async () => {
    for (const asOf of [LATER, now()]) {
      const { paths } = await listed(who.centre, asOf)
      const statuses = await Promise.all(paths.map(async (p) => [p, await readable(who.centre, p)] as const))
      expect(statuses.filter(([, st]) => st !== 200)).toEqual([])
    }
    expect((await listed(who.centre, LATER)).paths).toEqual(expect.arrayContaining([path('dispute', ids.mediating), path('dispute', ids.entrusted)]))
  })

  it('lists every case to a supervisor; the centre officer’s counts are the place’s, its lists the disputes', async () => {
    const all = await listed(who.supervisor, LATER)
    expect(all.paths).toEqual(
      expect.arrayContaining([
        `complaints/${ids.housingLead}`, `complaints/${ids.waterLead}`, `complaints/${ids.gridHeld}`, `complaints/${ids.excluded}`,
        `disputes/${ids.mediating}`, `disputes/${ids.entrusted}`,
      ]),
    )
    expect(all.dashboard.risk.items.map((i) => i.caseId)).toEqual([ids.mediating])
    expect(all.dashboard.exclusions.map((i) => i.caseId)).toEqual([ids.excluded])
    const centre = await listed(who.centre, LATER)
    expect(centre.paths.filter((p) => p.startsWith('complaints/'))).toEqual([])
    expect(centre.dashboard.overdue.byKind).toEqual(all.dashboard.overdue.byKind)
    expect(centre.dashboard.risk.highOpen).toBe(all.dashboard.risk.highOpen)
  })
})

describe('a reader’s lists are cut before their limit', () => {
  it('lists a centre officer its overdue dispute behind more than a page of complaints it may not open', async () => {
    const fresh = await startServer({ caseTypes: [complaints(), disputes()] })
    try {
      const step = async (actor: Actor, path: string, body: unknown = {}) => {
        const res = await fresh.call(actor, 'POST', path, body)
        expect(res.status, await res.clone().text()).toBe(200)
      }
      const open = async (over: Record<string, unknown>, dispatchTo: unknown): Promise<string> => {
        const res = await fresh.call(who.operator, 'POST', '/api/v1/complaints', complaint(over))
        expect(res.status).toBe(201)
        const { id } = (await res.json()) as { id: string }
        await step(who.operator, `/api/v1/complaints/${id}/accept`)
        await step(who.operator, `/api/v1/complaints/${id}/dispatch`, { unit: dispatchTo })
        return id
      }
      // 105 complaints held by the grid, dispatched first: their deadlines fall due first, ahead of the dispute's on the list.
      for (let i = 0; i < 105; i += 1) await open({}, gridUnit)
      fresh.clock.advance(HOUR)
      const res = await fresh.call(who.wang, 'POST', '/api/v1/disputes', { source: 'party-application', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水，邻里纠纷' })
      expect(res.status).toBe(201)
      const { id: own } = (await res.json()) as { id: string }
      await step(who.street, `/api/v1/disputes/${own}/accept`)
      const body = (await (await fresh.call(who.centre, 'GET', `/api/v1/dashboard?asOf=${LATER}`)).json()) as Dashboard
      // Two deadlines each (acknowledge, result): 210 of the complaints overdue in the district, none the centre's.
      expect(body.overdue.byKind['acknowledge']).toBe(105)
      expect(body.overdue.items.length).toBeGreaterThan(0)
      expect([...new Set(body.overdue.items.map((i) => i.caseId))]).toEqual([own])
      expect(body.overdue.truncated).toBe(false)
      const all = (await (await fresh.call(who.supervisor, 'GET', `/api/v1/dashboard?asOf=${LATER}`)).json()) as Dashboard
      expect(all.overdue.items).toHaveLength(100)
      expect(all.overdue.truncated).toBe(true)
    } finally {
      await fresh.close()
    }
  })
})
