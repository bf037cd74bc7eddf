// DOMAIN.md "Jurisdiction and actors" (least privilege): personal data is masked everywhere except on the case, for the
// roles that handle it. A complaint referred to mediation names its respondents in the referral only — the complaint's
// state keeps no respondents — yet the text the dispute's conclusion brings back (the mediation-outcome process's
// summary, with the dispute's reason) becomes the complaint's result and may name them. Over the real server (SQLite
// files, a real port, the processes it runs): the masked case view, the case list and a masked reader's command answer
// mask that name as the complaint's history does; the handling roles still read it in full.
import type { Actor } from '@gridcase/core/access'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../helpers/until.js'
import { startRealServer, type RealServer } from './helpers/realServer.js'

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const GRID = `${STREET}/community-a/grid-001`
const who = {
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  supervisor: { id: 'sv-1', role: 'supervisor', jurisdiction: 'hohhot' },
  auditor: { id: 'au-1', role: 'auditor', jurisdiction: 'hohhot' },
} satisfies Record<string, Actor>

let real: RealServer
let complaintId = ''

const call = (actor: Actor, method: string, path: string, body?: unknown): Promise<Response> => real.call(actor, method, path, body)
const ok = (actor: Actor, path: string, body: unknown = {}): Promise<string> => real.ok(actor, path, body)

beforeAll(async () => {
  real = await startRealServer('referral-masking')
  complaintId = (JSON.parse(await ok(who.hotline, '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'neighbourhood', title: '夜间噪音', description: '楼下商铺夜间施工',
    jurisdiction: GRID, complainant: { name: '吴九', phone: '13700009999' },
  })) as { id: string }).id
  const c = (command: string) => `/api/v1/complaints/${complaintId}/${command}`
  await ok(who.hotline, c('accept'))
  await ok(who.hotline, c('dispatch'), { unit: { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID } })
  await ok(who.grid, c('acknowledge'))
  const disputeId = crypto.randomUUID()
  await ok(who.grid, c('refer-to-mediation'), { disputeId, disputeCategory: 'neighbour', respondents: [{ name: '郑十一', phone: '13600001111' }], summary: '夜间施工噪音争议' })
  // The referral process opens the dispute; the street declines it, naming the respondent in its reason.
  await until(async () => (await call(who.street, 'GET', `/api/v1/disputes/${disputeId}`)).status === 200)
  await ok(who.street, `/api/v1/disputes/${disputeId}/decline`, { reason: '被申请人郑十一拒绝调解' })
  // The mediation-outcome process brings the conclusion back as the complaint's result.
  await until(async () => ((await (await call(who.hotline, 'GET', `/api/v1/complaints/${complaintId}`)).json()) as { status?: string }).status === 'result-submitted')
})
afterAll(async () => {
  await real?.close()
})

describe('the respondents of a complaint’s referral, in the text its dispute brings back', () => {
  it('are read in full by the roles that handle the case', async () => {
    const view = (await (await call(who.hotline, 'GET', `/api/v1/complaints/${complaintId}`)).json()) as { result?: { text?: string } }
    expect(view.result?.text).toBe('mediation concluded: declined (被申请人郑十一拒绝调解)')
  })

  it('are masked on the case view, its versions and its history for the roles that read it masked', async () => {
    for (const actor of [who.supervisor, who.auditor]) {
      for (const path of [`/api/v1/complaints/${complaintId}`, `/api/v1/complaints/${complaintId}/history`]) {
        const text = await (await call(actor, 'GET', path)).text()
        expect(text, `${actor.role} ${path}`).toContain('被申请人郑**拒绝调解')
        expect(text, `${actor.role} ${path}`).not.toContain('郑十一')
      }
    }
    const current = (await (await call(who.auditor, 'GET', `/api/v1/complaints/${complaintId}`)).json()) as { version: number }
    const asOfVersion = await (await call(who.auditor, 'GET', `/api/v1/complaints/${complaintId}?version=${current.version}`)).text()
    expect(asOfVersion).toContain('被申请人郑**拒绝调解')
    expect(asOfVersion).not.toContain('郑十一')
  })

  it('are masked on the case list, for every reader', async () => {
    for (const actor of [who.hotline, who.supervisor]) {
      const text = await (await call(actor, 'GET', '/api/v1/complaints?limit=100')).text()
      expect(text, actor.role).toContain('被申请人郑**拒绝调解')
      expect(text, actor.role).not.toContain('郑十一')
    }
  })

  it('are masked in the answer to a command of a role that reads the case masked', async () => {
    const answer = await ok(who.supervisor, `/api/v1/complaints/${complaintId}/urge`, { note: '请尽快回复' })
    expect(answer).toContain('被申请人郑**拒绝调解')
    expect(answer).not.toContain('郑十一')
  })
})
