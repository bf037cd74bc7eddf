// A complainant reads its complaint's history without the oversight of its handling: the supervisors' notes (督办: DOMAIN.md
// "supervisors add supervision notes and urge at any open state") and what the hotline wrote of its callback (回访, the
// evaluation of the unit). Found by the resident persona (2026-12-07): the resident read 督办备注：网格员处置不力，拟约谈
// (a supervisor's note on a grid worker) and 回访备注：市民态度恶劣 (the operator's remark on the resident itself). The steps
// stay, by whom and when — the case was urged, called back — and the resident's own answers on the callback.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, startServer, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const A: Actor = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
const grid: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID }
const NOTE = '督办备注：网格员处置不力，拟约谈'
const URGE = '催办：请网格员今日处理'
const CALL = '回访备注：市民态度恶劣'
let s: TestServer
let id = ''

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  id = (await postAs(s, A, '/api/v1/complaints', {
    channel: 'mini-program', kind: 'complaint', category: 'parking', title: '占道停车', description: '门口停车', jurisdiction: GRID,
    complainant: { name: '王五', phone: '13812345678' },
  }))['id'] as string
  await postAs(s, actors.operator, `/api/v1/complaints/${id}/accept`)
  await postAs(s, actors.operator, `/api/v1/complaints/${id}/dispatch`, { unit: { id: GRID, name: '1号网格', level: 'grid', jurisdiction: GRID } })
  await postAs(s, actors.supervisor, `/api/v1/complaints/${id}/add-note`, { note: NOTE })
  await postAs(s, actors.supervisor, `/api/v1/complaints/${id}/urge`, { note: URGE })
  await postAs(s, grid, `/api/v1/complaints/${id}/acknowledge`)
  await postAs(s, grid, `/api/v1/complaints/${id}/submit-result`, { result: '已劝离', outcome: 'resolved' })
  await postAs(s, grid, `/api/v1/complaints/${id}/notify-complainant`, { method: 'app' })
  await postAs(s, actors.operator, `/api/v1/complaints/${id}/record-callback`, { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied', note: CALL })
})
afterAll(async () => {
  await s.close()
})

interface Entry { readonly type: string; readonly version: number; readonly data?: Record<string, unknown> }
const history = async (actor: Actor): Promise<Entry[]> => {
  const res = await s.call(actor, 'GET', `/api/v1/complaints/${id}/history`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { events: Entry[] }).events
}

it('the resident reads the steps without the notes of their oversight', async () => {
  const events = await history(A)
  const text = JSON.stringify(events)
  for (const secret of [NOTE, URGE, CALL]) expect(text).not.toContain(secret)
  expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i))
  expect(events.find((e) => e.type === 'ComplaintNoteAdded')).not.toHaveProperty('data')
  expect(events.find((e) => e.type === 'ComplaintUrged')?.data).toMatchObject({ state: 'dispatched' })
  expect(events.find((e) => e.type === 'ComplaintCallbackRecorded')?.data).toMatchObject({ reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' })
  // And the view, which never carried them, still does not.
  const view = await (await s.call(A, 'GET', `/api/v1/complaints/${id}`)).text()
  for (const secret of [NOTE, URGE, CALL]) expect(view).not.toContain(secret)
})

it('the handling roles, supervisors and auditors keep them', async () => {
  for (const reader of [actors.street, actors.supervisor, actors.auditor, actors.operator]) {
    const text = JSON.stringify(await history(reader))
    for (const note of [NOTE, URGE, CALL]) expect(text, `${reader.role}: ${note}`).toContain(note)
  }
})
