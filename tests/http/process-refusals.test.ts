// What the processes could not do, read by an admin over HTTP: GET /api/v1/admin/processes/refusals (paged, scoped to
// the admin's jurisdiction, masked as every admin read is).
import { memoryProcessRefusals } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { afterEach, describe, expect, it } from 'vitest'
import { refusalReport } from '../support/processRefusalCases.js'
import { actors, startServer, type TestServer } from './helpers/server.js'

const GRID = 'hohhot/saihan/wulan-street/xx-community/grid-017'
const admin: Actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' }
const streetAdmin: Actor = { id: 'admin-2', role: 'admin', jurisdiction: 'hohhot/saihan/wulan-street' }
const otherAdmin: Actor = { id: 'admin-3', role: 'admin', jurisdiction: 'hohhot/xincheng' }
const PATH = '/api/v1/admin/processes/refusals'

/** A referral's dispute refused: its command names the parties, and the message quotes one of them. */
const referralRefused = (position: number, jurisdiction = GRID) => {
  const base = refusalReport(position, {}, jurisdiction)
  return refusalReport(position, {
    process: 'complaint-referral',
    command: { ...base.command!, caseType: 'dispute-', command: 'create', data: { parties: [{ side: 'applicant', name: '王芳', phone: '13800138000' }], summary: '王芳与物业公司的物业费争议' } },
    code: 'already-exists',
    message: 'a case with this id already exists (王芳, 13800138000)',
  }, jurisdiction)
}

describe('GET /api/v1/admin/processes/refusals', () => {
  let s: TestServer | undefined
  afterEach(async () => {
    await s?.close()
    s = undefined
  })
  const read = async (actor: Actor, query = '') => {
    const res = await (s as TestServer).call(actor, 'GET', `${PATH}${query}`)
    return { status: res.status, body: (await res.json()) as { items: Record<string, any>[]; next: string | null; type?: string; detail?: string } }
  }

  it('lists each kept refusal for an admin, masked, within its jurisdiction, paged', async () => {
    const refusals = memoryProcessRefusals()
    await refusals.record(referralRefused(3))
    await refusals.record(refusalReport(4, {}, 'hohhot/xincheng/other-street'))
    await refusals.record(refusalReport(5))
    s = await startServer({ processRefusals: refusals })

    const all = await read(admin)
    expect(all.status).toBe(200)
    expect(all.body.items.map((r) => r['event'].position)).toEqual([3, 4, 5])
    const [referral] = all.body.items
    expect(referral).toMatchObject({ process: 'complaint-referral', kind: 'refused', code: 'already-exists', attempts: 1, status: 'open', event: { position: 3, type: 'ComplaintRegistered' } })
    // The parties' names and phones are masked in the command and in the message: nowhere in the answer in full.
    const text = JSON.stringify(all.body)
    expect(text).not.toContain('王芳')
    expect(text).not.toContain('13800138000')
    expect(referral?.['command'].data.parties[0]).toMatchObject({ side: 'applicant', name: '王*', phone: '138****8000' })
    expect(referral?.['message']).toContain('王*')
    expect(referral).not.toHaveProperty('seq')

    // Another jurisdiction's refusals do not exist for an admin outside it.
    expect((await read(streetAdmin)).body.items.map((r) => r['event'].position)).toEqual([3, 5])
    expect((await read(otherAdmin)).body.items.map((r) => r['event'].position)).toEqual([4])

    // Paged: a cursor to the next page while a page is full.
    const first = await read(admin, '?limit=2')
    expect(first.body.items).toHaveLength(2)
    expect(first.body.next).not.toBeNull()
    const second = await read(admin, `?limit=2&cursor=${first.body.next}`)
    expect(second.body.items.map((r) => r['event'].position)).toEqual([5])
    expect(second.body.next).toBeNull()
    expect((await read(admin, '?status=dismissed')).body.items).toEqual([])
  })

  it('is an admin’s: any other role 403; a bad query 400 naming the field', async () => {
    s = await startServer({ processRefusals: memoryProcessRefusals() })
    for (const actor of [actors.auditor, actors.supervisor, actors.operator, actors.residentA]) expect((await read(actor)).status).toBe(403)
    const bad = await read(admin, '?status=closed')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('status')
    expect((await read(admin, '?limit=0')).status).toBe(400)
    expect((await read(admin, '?colour=red')).status).toBe(400)
  })
})
