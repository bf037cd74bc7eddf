// GET /api/v1/evaluation on a real server: a dispute's mediation period overdue counts against the committee it was
// routed to (分流), a row of its own (`committee:<id>`), named and placed as the committee file has it, in JSON and CSV.
import type { Actor } from '@gridcase/core/access'
import { committeeRegistryOf, type CommitteeRegistry } from '@gridcase/core/dispute'
import { disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, COMMUNITY_B, startServer, STREET, type TestServer } from './helpers/server.js'

const DISTRICT = 'hohhot/saihan'
const GRID = `${COMMUNITY_A}/grid-001`
const made = committeeRegistryOf({
  format: 'gridcase-committees/1',
  centres: [{ id: 'saihan-centre', name: '赛罕区社会矛盾纠纷调处化解中心', jurisdiction: DISTRICT }],
  // The community's committee has the community's id, as the demo file's xinhua-community does.
  committees: [
    { id: 'community-a', name: 'A社区人民调解委员会', kind: 'people', jurisdiction: COMMUNITY_A, mediators: [{ id: 'cm-a', name: '张桂兰' }] },
    // A street's committee: the dashboard, from the events alone, would place it in the dispute's community.
    { id: 'street-people', name: '街道人民调解委员会', kind: 'people', jurisdiction: STREET, mediators: [{ id: 'st-1', name: '苏和' }] },
  ],
})
if (!('registry' in made)) throw new Error('the committee file of this test is wrong')
const committees: CommitteeRegistry = made.registry

const who = {
  grid: { id: 'gw-a', role: 'grid-worker', jurisdiction: GRID },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  centre: { id: 'co-1', role: 'centre-officer', jurisdiction: DISTRICT },
} satisfies Record<string, Actor>

let s: TestServer
beforeAll(async () => {
  s = await startServer({ caseTypes: [disputes({ committees })], committees })
})
afterAll(async () => {
  await s.close()
})

const post = async (actor: Actor, path: string, body: unknown) => {
  const res = await s.call(actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300)
  return (await res.json()) as Record<string, unknown>
}

interface Row {
  readonly unit: { readonly id: string; readonly name?: string; readonly level: string; readonly jurisdiction: string }
  readonly overdue: Record<string, number>
}

describe('GET /api/v1/evaluation: a committee’s overdue mediation', () => {
  it('lists the committee the dispute was routed to, with its mediation period overdue, as configured', async () => {
    // Reported, accepted and routed Mon 2026-03-02 09:00 China time: 30 days (03-03 … 04-01) → due Wed 04-01 24:00.
    const opened = await post(who.grid, '/api/v1/disputes', {
      source: 'screening', category: 'neighbour', jurisdiction: GRID, summary: '楼上漏水，邻里纠纷',
      parties: [{ side: 'applicant', name: '王芳' }, { side: 'respondent', name: '李强' }],
    })
    const id = opened['id'] as string
    const accepted = await post(who.centre, `/api/v1/disputes/${id}/accept`, {})
    expect(accepted['mediationDeadline']).toBe('2026-04-01T23:59:59+08:00')
    await post(who.street, `/api/v1/disputes/${id}/route`, { committee: 'community-a' })
    // A second, the same day, routed to the street's committee.
    const other = (await post(who.grid, '/api/v1/disputes', {
      source: 'screening', category: 'neighbour', jurisdiction: GRID, summary: '噪音纠纷',
      parties: [{ side: 'applicant', name: '赵敏' }, { side: 'respondent', name: '钱军' }],
    }))['id'] as string
    await post(who.centre, `/api/v1/disputes/${other}/accept`, {})
    await post(who.street, `/api/v1/disputes/${other}/route`, { committee: 'street-people' })
    // Thu 04-02 09:00 China time: one day past.
    s.clock.set('2026-04-02T01:00:00.000Z')

    const res = await s.call(who.street, 'GET', '/api/v1/evaluation?period=2026-04')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { units: readonly Row[] }
    const row = body.units.find((u) => u.unit.id === 'committee:community-a')
    // Named and placed from the committee file (the events name the committee, not its place).
    expect(row?.unit).toMatchObject({ id: 'committee:community-a', name: 'A社区人民调解委员会', level: 'community', jurisdiction: COMMUNITY_A })
    expect(row?.overdue).toMatchObject({ mediation: 1, receipt: 0, confirmation: 0 })
    // No callbacks or rounds: every rate null, so no composite score and no rank (ranked last).
    expect(row).toMatchObject({ dispatched: 0, responseRate: null, onTimeRate: null, score: null, rank: null })
    const street = body.units.find((u) => u.unit.id === 'committee:street-people')
    expect(street?.unit).toMatchObject({ name: '街道人民调解委员会', level: 'street', jurisdiction: STREET })
    expect(street?.overdue).toMatchObject({ mediation: 1 })
    // Not merged with a unit of the community's own id (the community office handling complaints).
    expect(body.units.map((u) => u.unit.id)).not.toContain('community-a')

    const csv = await s.call(who.street, 'GET', '/api/v1/evaluation?period=2026-04', undefined, { Accept: 'text/csv' })
    const lines = new TextDecoder().decode(new Uint8Array(await csv.arrayBuffer()).slice(3)).split('\r\n')
    const header = (lines[0] ?? '').split(',')
    const line = lines.find((l) => l.startsWith('committee:community-a,'))?.split(',') ?? []
    expect(line.slice(0, 4)).toEqual(['committee:community-a', 'A社区人民调解委员会', 'community', COMMUNITY_A])
    // The overdue columns are counts as of the export's time (the server's clock), not of the period.
    expect(line[header.indexOf('当前超期调解 overdue mediation as of 2026-04-02T01:00:00.000Z')]).toBe('1')
    // Nothing overdue is unassigned: both disputes are routed.
    expect((body as unknown as { unassigned: { overdue: Record<string, number> } }).unassigned.overdue).toMatchObject({ mediation: 0, receipt: 0, confirmation: 0 })
  })

  it('counts the overdue deadlines no unit answers for yet beside the units (a dispute accepted, never routed)', async () => {
    // Accepted Mon 03-02 09:00 China time like those above (due 04-01 24:00), never routed to a committee.
    s.clock.set('2026-03-02T01:00:00.000Z')
    const id = (await post(who.grid, '/api/v1/disputes', {
      source: 'screening', category: 'neighbour', jurisdiction: GRID, summary: '停车位纠纷',
      parties: [{ side: 'applicant', name: '孙丽' }, { side: 'respondent', name: '周强' }],
    }))['id'] as string
    await post(who.centre, `/api/v1/disputes/${id}/accept`, {})
    s.clock.set('2026-04-02T01:00:00.000Z')
    const body = (await (await s.call(who.street, 'GET', '/api/v1/evaluation?period=2026-04')).json()) as { units: readonly Row[]; unassigned: { overdue: Record<string, number> } }
    // By hand: three disputes' mediation overdue; two routed (a committee each), this one no unit's.
    expect(body.unassigned.overdue).toMatchObject({ mediation: 1, receipt: 0, confirmation: 0, 'court-accept': 0, 'court-decide': 0 })
    expect(body.units.reduce((n, u) => n + (u.overdue['mediation'] ?? 0), 0)).toBe(2)
  })

  it('a community B officer’s evaluation has no row for community A’s committee (least privilege)', async () => {
    s.clock.set('2026-04-02T01:00:00.000Z')
    const res = await s.call(actors.workerB, 'GET', '/api/v1/evaluation?period=2026-04')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { jurisdiction: string; units: readonly Row[]; unassigned: { overdue: Record<string, number> } }
    expect(body.jurisdiction).toBe(COMMUNITY_B)
    expect(body.units.map((u) => u.unit.id)).not.toContain('committee:community-a')
    // Nor are community A's deadlines counted for it as unassigned.
    expect(body.unassigned.overdue).toMatchObject({ mediation: 0 })
    // The street sees it (the same query, a scope over community A).
    const street = (await (await s.call(who.street, 'GET', '/api/v1/evaluation?period=2026-04')).json()) as { units: readonly Row[] }
    expect(street.units.map((u) => u.unit.id)).toContain('committee:community-a')
    // Asked for community A outright: refused.
    expect((await s.call(actors.workerB, 'GET', `/api/v1/evaluation?period=2026-04&jurisdiction=${COMMUNITY_A}`)).status).toBe(403)
  })
})
