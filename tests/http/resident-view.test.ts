// A resident reads its own case with its own personal data in full and everyone else's masked (DOMAIN.md "roles and
// least privilege": full values only for the roles that handle the case); and a view's ETag says which view it is, so
// no cache — a browser shared by two logins, a conditional GET — answers one reader with another reader's view.
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, startServer, STREET, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const who = {
  applicant: { id: 'r-zhang', role: 'resident', jurisdiction: GRID },
  respondent: { id: 'r-sun', role: 'resident', jurisdiction: GRID },
  officer: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  mediator: { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' },
  operator: actors.operator,
  supervisor: actors.supervisor,
  auditor: actors.auditor,
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
} satisfies Record<string, Actor>

const zhang = { side: 'applicant', name: '张三', phone: '13800001111', idNumber: '110105198001011238', address: '新华社区3号楼1单元101', residentId: 'r-zhang' }
const sun = { side: 'respondent', name: '孙七', phone: '13900003333', idNumber: '11010519491231002X', address: '新华社区5号楼3单元201' }
// The other party as a resident party reads it: by its masked name only (party-other-data.test.ts: contact goes
// through the committee; no phone, id number, address or account, not even masked).
const sunMasked = { side: 'respondent', name: '孙*' }
const zhangMasked = { side: 'applicant', name: '张*' }

let s: TestServer
let disputeId: string
const today = (): string => localDate(s.clock.now())

interface Party { readonly name: string; readonly residentId?: string }
interface DisputeView { readonly parties: Party[]; readonly summary: string; readonly agreement?: { readonly terms: string[] } }
interface History { readonly events: { readonly type: string; readonly reason?: string; readonly data?: Record<string, unknown> }[] }

const ok = async (actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const res = await s.call(actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300)
  return (await res.json()) as Record<string, unknown>
}
const get = async <T>(actor: Actor, path: string): Promise<T> => {
  const res = await s.call(actor, 'GET', path)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
  return (await res.json()) as T
}

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  // A street officer reports it: the applicant (张三) has an account, the respondent (孙七) has none.
  disputeId = (await ok(who.officer, '/api/v1/disputes', {
    source: 'party-application',
    category: 'neighbour',
    jurisdiction: GRID,
    parties: [zhang, sun],
    summary: '孙七家楼上漏水，张三要求赔偿',
  })).id as string
  await ok(who.officer, `/api/v1/disputes/${disputeId}/accept`)
  await ok(who.officer, `/api/v1/disputes/${disputeId}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
  await ok(who.mediator, `/api/v1/disputes/${disputeId}/record-session`, { minutes: '张三与孙七到场陈述' })
  await ok(who.mediator, `/api/v1/disputes/${disputeId}/record-agreement`, { form: 'oral', terms: ['孙七赔偿张三维修费2000元'], reachedOn: today() })
})
afterAll(async () => {
  await s.close()
})

describe('a resident who is a party to a dispute', () => {
  it('sees its own party in full and the other party masked on the case, names in free text too', async () => {
    const view = await get<DisputeView>(who.applicant, `/api/v1/disputes/${disputeId}`)
    expect(view.parties).toEqual([zhang, sunMasked])
    expect(view.summary).toBe('孙*家楼上漏水，张三要求赔偿')
    expect(view.agreement?.terms).toEqual(['孙*赔偿张三维修费2000元'])
  })

  it('sees the same in the case history: its own data in full, the other party masked', async () => {
    const history = await get<History>(who.applicant, `/api/v1/disputes/${disputeId}/history`)
    const reported = history.events.find((e) => e.type === 'DisputeReported')
    expect(reported?.data?.['parties']).toEqual([zhang, sunMasked])
    expect(reported?.data?.['summary']).toBe('孙*家楼上漏水，张三要求赔偿')
    expect(JSON.stringify(history)).not.toMatch(/孙七|13900003333|11010519491231002X|5号楼3单元201/)
    expect(JSON.stringify(history)).toContain('110105198001011238')
  })

  it('as a party added with an account later, sees itself in full and the first party masked', async () => {
    // The same dispute, the respondent now with an account: each resident sees the other masked.
    const both = (await ok(who.officer, '/api/v1/disputes', {
      source: 'party-application',
      category: 'neighbour',
      jurisdiction: GRID,
      parties: [zhang, { ...sun, residentId: 'r-sun' }],
      summary: '孙七与张三相邻纠纷',
    })).id as string
    const bySun = await get<DisputeView>(who.respondent, `/api/v1/disputes/${both}`)
    expect(bySun.parties).toEqual([zhangMasked, { ...sun, residentId: 'r-sun' }])
    expect(bySun.summary).toBe('孙七与张*相邻纠纷')
    const byZhang = await get<DisputeView>(who.applicant, `/api/v1/disputes/${both}`)
    expect(byZhang.parties).toEqual([zhang, sunMasked])
  })

  it('sees every party masked in the list of its cases (lists are masked for everyone)', async () => {
    const list = await get<{ items: DisputeView[] }>(who.applicant, '/api/v1/disputes')
    expect(list.items.length).toBeGreaterThan(0)
    expect(JSON.stringify(list)).not.toMatch(/孙七|13900003333|11010519491231002X|5号楼3单元201/)
  })

  it('leaves the handling roles the full values', async () => {
    expect((await get<DisputeView>(who.officer, `/api/v1/disputes/${disputeId}`)).parties).toEqual([zhang, sun])
    const history = await get<History>(who.mediator, `/api/v1/disputes/${disputeId}/history`)
    expect(history.events.find((e) => e.type === 'DisputeReported')?.data?.['parties']).toEqual([zhang, sun])
  })
})

describe('a resident whose complaint was referred to mediation', () => {
  it('sees itself in full and the respondent the referral names masked, in the complaint history', async () => {
    const id = (await ok(who.operator, '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'property',
      title: '物业费争议',
      description: '物业多收费',
      jurisdiction: GRID,
      complainant: { name: '张三', phone: '13800001111', residentId: 'r-zhang' },
    })).id as string
    await ok(who.operator, `/api/v1/complaints/${id}/accept`)
    await ok(who.operator, `/api/v1/complaints/${id}/dispatch`, { unit: { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID } })
    await ok(who.grid, `/api/v1/complaints/${id}/acknowledge`)
    await ok(who.grid, `/api/v1/complaints/${id}/refer-to-mediation`, {
      disputeId: crypto.randomUUID(),
      disputeCategory: 'property',
      respondents: [{ name: '孙七', phone: '13900003333' }],
      summary: '张三与孙七物业费争议',
    })
    const view = await get<{ complainant: Record<string, unknown> }>(who.applicant, `/api/v1/complaints/${id}`)
    expect(view.complainant).toEqual({ name: '张三', phone: '13800001111', residentId: 'r-zhang' })
    const history = await get<History>(who.applicant, `/api/v1/complaints/${id}/history`)
    const referred = history.events.find((e) => e.data?.['respondents'] !== undefined)
    expect(referred?.data?.['respondents']).toEqual([{ name: '孙*' }])
    expect(referred?.data?.['summary']).toBe('张三与孙*物业费争议')
    expect(history.events.find((e) => e.type === 'ComplaintRegistered')?.data?.['complainant']).toEqual({ name: '张三', phone: '13800001111', residentId: 'r-zhang' })
    // An auditor's history masks the respondent the referral names in its free text too (the complaint's state does not name them).
    const audited = await get<History>(who.auditor, `/api/v1/complaints/${id}/history`)
    expect(audited.events.find((e) => e.data?.['respondents'] !== undefined)?.data?.['summary']).toBe('张*与孙*物业费争议')
  })

  it("masks the other party's name in a reason, the history's own field too", async () => {
    const declined = (await ok(who.officer, '/api/v1/disputes', {
      source: 'party-application',
      category: 'neighbour',
      jurisdiction: GRID,
      parties: [zhang, sun],
      summary: '相邻纠纷',
    })).id as string
    await ok(who.officer, `/api/v1/disputes/${declined}/decline`, { reason: '孙七已搬离，张三撤回申请' })
    const history = await get<History>(who.applicant, `/api/v1/disputes/${declined}/history`)
    expect(history.events.map((e) => e.reason).filter((r) => r !== undefined)).toEqual(['孙*已搬离，张三撤回申请'])
  })
})

describe('ETags and caching of views with personal data', () => {
  let complaintId: string
  beforeAll(async () => {
    complaintId = (await ok(who.operator, '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'property',
      title: '物业费',
      description: '物业多收费',
      jurisdiction: GRID,
      complainant: { name: '周八', phone: '13700007777' },
    })).id as string
  })

  it("answers a supervisor who sends the operator's ETag with its own masked view, not 304", async () => {
    const operators = await s.call(who.operator, 'GET', `/api/v1/complaints/${complaintId}`)
    const etag = operators.headers.get('etag') as string
    expect(etag).toBe('W/"0"')
    const res = await s.call(who.supervisor, 'GET', `/api/v1/complaints/${complaintId}`, undefined, { 'if-none-match': etag })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { complainant: { name: string } }).complainant.name).toBe('周*')
    const masked = res.headers.get('etag') as string
    expect(masked).not.toBe(etag)
    // Its own ETag is still a valid validator for itself.
    expect((await s.call(who.supervisor, 'GET', `/api/v1/complaints/${complaintId}`, undefined, { 'if-none-match': masked })).status).toBe(304)
    // … and, the other way round, the operator sending the masked ETag gets its full view.
    expect((await s.call(who.operator, 'GET', `/api/v1/complaints/${complaintId}`, undefined, { 'if-none-match': masked })).status).toBe(200)
  })

  it('gives two residents on one dispute different ETags (each sees itself in full)', async () => {
    const both = (await ok(who.officer, '/api/v1/disputes', {
      source: 'party-application',
      category: 'neighbour',
      jurisdiction: GRID,
      parties: [zhang, { ...sun, residentId: 'r-sun' }],
      summary: '相邻纠纷',
    })).id as string
    const a = await s.call(who.applicant, 'GET', `/api/v1/disputes/${both}`)
    const b = await s.call(who.respondent, 'GET', `/api/v1/disputes/${both}`, undefined, { 'if-none-match': a.headers.get('etag') as string })
    expect(b.status).toBe(200)
    expect(b.headers.get('etag')).not.toBe(a.headers.get('etag'))
    expect(b.headers.get('etag')).not.toBe('W/"0"')
  })

  it('accepts a masked ETag in If-Match on a command, and a stale one is 412', async () => {
    const masked = (await s.call(who.supervisor, 'GET', `/api/v1/complaints/${complaintId}`)).headers.get('etag') as string
    const urged = await s.call(who.supervisor, 'POST', `/api/v1/complaints/${complaintId}/urge`, { note: '请尽快受理' }, { 'if-match': masked })
    expect(urged.status, await urged.clone().text()).toBe(200)
    expect(urged.headers.get('etag')).not.toBe('W/"1"')
    const stale = await s.call(who.supervisor, 'POST', `/api/v1/complaints/${complaintId}/urge`, { note: '再次督办' }, { 'if-match': masked })
    expect(stale.status).toBe(412)
  })

  it('marks every answer carrying personal data private and not to be stored', async () => {
    const reads = [
      await s.call(who.operator, 'GET', `/api/v1/complaints/${complaintId}`),
      await s.call(who.supervisor, 'GET', `/api/v1/complaints/${complaintId}`),
      await s.call(who.operator, 'GET', `/api/v1/complaints/${complaintId}/history`),
      await s.call(who.operator, 'GET', `/api/v1/complaints/${complaintId}?version=0`),
      await s.call(who.operator, 'GET', '/api/v1/complaints'),
      await s.call(who.applicant, 'GET', `/api/v1/disputes/${disputeId}`),
      await s.call(who.supervisor, 'POST', `/api/v1/complaints/${complaintId}/add-note`, { note: '已电话联系' }),
    ]
    for (const res of reads) {
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('private, no-store')
    }
  })

  it('gives the history of a masked reader an ETag of its own too', async () => {
    const full = (await s.call(who.operator, 'GET', `/api/v1/complaints/${complaintId}/history`)).headers.get('etag')
    const masked = (await s.call(who.auditor, 'GET', `/api/v1/complaints/${complaintId}/history`)).headers.get('etag')
    expect(full).toMatch(/^W\/"\d+"$/)
    expect(masked).not.toBe(full)
  })
})
