// A complainant reads its complaint without the evaluation of the units that handled it (考评): the lead's rating of a
// summoned department's help (以下评上: `summoned[].rating`, ComplaintDepartmentHelpRated) and a unit's application to
// leave the case out of its assessment and the decision on it (考评申诉: `exclusion`, ComplaintExclusionApplied /
// Decided) — staff's assessment of one another, and, in an application's grounds, of the complainant itself (诉求不合理,
// 无理缠访). Least privilege (DOMAIN.md "Jurisdiction and actors"; evaluation figures are the dashboard's, 403 to a
// resident). Found in review (2026-12-07): the complainant read 该市民系无理缠访 in its own history.
import type { Actor } from '@gridcase/core/access'
import { complaints } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, startServer, STREET, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const me: Actor = { id: 'r-zhou', role: 'resident', jurisdiction: GRID }
const DISTRICT = 'hohhot/saihan'
const housingOfficer: Actor = { id: 'housing-1', role: 'department-officer', jurisdiction: DISTRICT, department: 'housing' }
const housing = { id: 'saihan-housing', level: 'district', jurisdiction: DISTRICT, department: 'housing' }
const streetUnit = { id: 'wulanchabu-street', level: 'street', jurisdiction: STREET }
const { operator, street, supervisor } = actors
const SECRETS = ['住建局配合差，拖延两天', '该市民系无理缠访', '属实，不计入考核', 'unreasonable-demand']
let s: TestServer
let id = ''
const answers: unknown[] = []

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints()] })
  id = (await postAs(s, me, '/api/v1/complaints', {
    channel: 'mini-program', kind: 'complaint', category: 'heating', title: '供热管道漏水', description: '楼道供热管道漏水三天', jurisdiction: GRID,
    complainant: { name: '周八', phone: '13700007777' },
  }))['id'] as string
  await postAs(s, operator, `/api/v1/complaints/${id}/accept`)
  await postAs(s, operator, `/api/v1/complaints/${id}/dispatch`, { unit: streetUnit })
  await postAs(s, street, `/api/v1/complaints/${id}/acknowledge`)
  await postAs(s, street, `/api/v1/complaints/${id}/summon-departments`, { departments: [housing], reason: '供热管网涉及住建' })
  await postAs(s, housingOfficer, `/api/v1/complaints/${id}/report-arrival`, { unitId: 'saihan-housing' })
  await postAs(s, housingOfficer, `/api/v1/complaints/${id}/report-department-part`, { unitId: 'saihan-housing', report: '已检修管网' })
  await postAs(s, street, `/api/v1/complaints/${id}/rate-department-help`, { unitId: 'saihan-housing', rating: 'unsatisfied', comment: SECRETS[0] })
  await postAs(s, street, `/api/v1/complaints/${id}/submit-result`, { result: '管网已修复', outcome: 'resolved' })
  await postAs(s, operator, `/api/v1/complaints/${id}/notify-complainant`, { method: 'phone' })
  await postAs(s, street, `/api/v1/complaints/${id}/apply-exclusion`, { ground: 'unreasonable-demand', reason: SECRETS[1] })
  await postAs(s, supervisor, `/api/v1/complaints/${id}/decide-exclusion`, { approved: true, reason: SECRETS[2] })
  answers.push(await postAs(s, me, `/api/v1/complaints/${id}/evaluate`, { rating: 'satisfied' }))
})
afterAll(async () => {
  await s.close()
})

const read = async (actor: Actor, path: string): Promise<Record<string, unknown>> => {
  const res = await s.call(actor, 'GET', path)
  expect(res.status, path).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

it('the complainant reads neither: case, history, list, its command’s answer', async () => {
  const view = await read(me, `/api/v1/complaints/${id}`)
  expect(view).not.toHaveProperty('exclusion')
  expect((view['summoned'] as Record<string, unknown>[])[0]).not.toHaveProperty('rating')
  expect((view['summoned'] as Record<string, unknown>[])[0]).toHaveProperty('arrivedAt')
  const history = (await read(me, `/api/v1/complaints/${id}/history`)) as { events: { type: string; data?: unknown; reason?: string }[] }
  // The steps stay, by whom and when: what they say is left out.
  for (const type of ['ComplaintDepartmentHelpRated', 'ComplaintExclusionApplied', 'ComplaintExclusionDecided']) {
    const step = history.events.find((e) => e.type === type)
    expect(step, type).toBeDefined()
    expect(step, type).not.toHaveProperty('data')
    expect(step, type).not.toHaveProperty('reason')
  }
  const bodies = { view, history, list: await read(me, '/api/v1/complaints'), answers }
  for (const [where, body] of Object.entries(bodies)) {
    const text = JSON.stringify(body)
    for (const secret of SECRETS) expect(text, `${where}: ${secret}`).not.toContain(secret)
    expect(text, where).not.toContain('"exclusion"')
  }
})

it('the street and the supervisor keep them', async () => {
  for (const staff of [street, supervisor]) {
    const text = JSON.stringify([await read(staff, `/api/v1/complaints/${id}`), await read(staff, `/api/v1/complaints/${id}/history`)])
    for (const secret of SECRETS) expect(text, `${staff.role}: ${secret}`).toContain(secret)
  }
})
