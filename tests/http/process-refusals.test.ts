// What the processes could not do, read by an admin over HTTP: GET /api/v1/admin/processes/refusals (paged, scoped to
// the admin's jurisdiction, masked as every admin read is).
import { memoryProcessRefusals } from '@gridcase/adapters'
import { disputes } from '@gridcase/http'
import type { Actor } from '@gridcase/core/access'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterEach, describe, expect, it } from 'vitest'
import { refusalReport } from '../support/processRefusalCases.js'
import { reportNeighbours } from './helpers/neighboursDispute.js'
import { actors, COMMUNITY_A, METRICS_TOKEN, openTicket, startServer, type TestServer } from './helpers/server.js'

const GRID = 'hohhot/saihan/wulan-street/xx-community/grid-017'
const admin: Actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' }
const streetAdmin: Actor = { id: 'admin-2', role: 'admin', jurisdiction: 'hohhot/saihan/wulan-street' }
const otherAdmin: Actor = { id: 'admin-3', role: 'admin', jurisdiction: 'hohhot/xincheng' }
const PATH = '/api/v1/admin/processes/refusals'
const TICKET_GRID = `${COMMUNITY_A}/grid-001`

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

/** Whether each refusal in an answer fits /openapi.json's ProcessRefusal (named by its errors when not). */
const fitsTheContract = async (s: TestServer, refusals: readonly unknown[]): Promise<void> => {
  const spec = (await (await fetch(`${s.url}/openapi.json`)).json()) as Record<string, unknown>
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
  ajv.addSchema(spec, 'openapi.json')
  const fits = ajv.compile({ $ref: 'openapi.json#/components/schemas/ProcessRefusal' })
  expect(refusals.length).toBeGreaterThan(0)
  for (const r of refusals) expect([fits(r), ajv.errorsText(fits.errors)]).toEqual([true, 'No errors'])
  expect(fits({ ...(refusals[0] as object), status: 'closed' })).toBe(false)
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
    await fitsTheContract(s, all.body.items)

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
    // What an operator alerts on.
    const metrics = await (await fetch(`${(s as TestServer).url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()
    expect(metrics).toMatch(/^gridcase_process_refusals_open 3$/m)
  })

  it('masks the people of the case the command addressed, also where only its free text names them (a mediation outcome’s summary)', async () => {
    const refusals = memoryProcessRefusals()
    s = await startServer({ processRefusals: refusals, caseTypes: [disputes()] })
    // A dispute between 孙伟 and 钱进; the process's command names neither in a field, only in its summary's free text.
    const disputeId = (await reportNeighbours(s, actors.workerA)).split('/').at(-1)!
    const { command: base } = refusalReport(3, {}, TICKET_GRID)
    const summary = 'mediation concluded: agreement (孙伟与钱进达成协议：钱进于3月20日前赔偿孙伟2000元)'
    await refusals.record(refusalReport(3, { kind: 'failed', code: 'personal-data-unreadable', message: `cannot record: ${summary}`,
      command: { ...base!, caseType: 'dispute-', caseId: disputeId, command: 'record-mediation-outcome', data: { outcome: 'agreement', summary } } }, TICKET_GRID))
    const [item] = (await read(admin)).body.items
    const text = JSON.stringify(item)
    for (const name of ['孙伟', '钱进']) expect(text).not.toContain(name)
    expect(item?.['command'].data.summary).toContain('孙*与钱*达成协议')
    // A command whose case cannot be read (not on this server, or no such case) is masked by the people it names, as before.
    await refusals.record(referralRefused(4))
    expect(JSON.stringify((await read(admin)).body.items[1])).not.toContain('王芳')
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

describe('POST /api/v1/admin/processes/refusals/{id}/retry and …/dismiss', () => {
  let s: TestServer | undefined
  afterEach(async () => {
    await s?.close()
    s = undefined
  })
  const send = async (actor: Actor, path: string, body?: unknown) => {
    const res = await (s as TestServer).call(actor, 'POST', path, body)
    return { status: res.status, body: (await res.json()) as Record<string, any> }
  }

  it('retry issues the command again as the process did: refused again it stays open, one attempt more; accepted it is resolved, by whom', async () => {
    const refusals = memoryProcessRefusals()
    s = await startServer({ processRefusals: refusals })
    const ticket = (await (await s.call(actors.operator, 'POST', '/api/v1/tickets', openTicket())).json()) as { id: string }
    const { command: base } = refusalReport(3, {}, TICKET_GRID)
    // The process's note on the ticket, refused the first time (a note with only blanks), then put right by hand below.
    const note = (text: string) => ({ ...base!, caseType: 'ticket-', caseId: ticket.id, data: { note: text } })
    await refusals.record(refusalReport(3, { command: note(' ') }, TICKET_GRID))
    const [kept] = await refusals.list({ limit: 1 })
    const path = `${PATH}/${kept?.id}/retry`

    const again = await send(admin, path, {})
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ status: 'open', attempts: 2, code: 'validation', lastAt: '2026-03-02T01:00:00.000Z' })

    // What stood in its way put right (here: the kept command itself, as a fix of the process would), retried again.
    await refusals.put({ ...(await refusals.get(kept!.id))!, command: note('居民来电：车辆已挪走') })
    const accepted = await send(admin, path)
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ status: 'resolved', resolved: { how: 'retried', by: admin.id, at: '2026-03-02T01:00:00.000Z' } })
    await fitsTheContract(s, [again.body, accepted.body])
    const history = (await (await s.call(admin, 'GET', `/api/v1/tickets/${ticket.id}/history`)).json()) as { events: { type: string; data: unknown }[] }
    expect(history.events.filter((e) => e.type === 'NoteAdded').map((e) => e.data)).toEqual([{ note: '居民来电：车辆已挪走' }])
    // Not open any more: neither retried nor dismissed again (409); the list says resolved.
    expect((await send(admin, path)).status).toBe(409)
    expect((await send(admin, `${PATH}/${kept?.id}/dismiss`, { reason: 'x' })).status).toBe(409)
    expect(((await (await s.call(admin, 'GET', `${PATH}?status=resolved`)).json()) as { items: unknown[] }).items).toHaveLength(1)
  })

  it('dismiss records who and why; a reason is required; outside the jurisdiction or unknown is 404 alike; another role 403; an event with no command cannot be retried', async () => {
    const refusals = memoryProcessRefusals()
    await refusals.record(referralRefused(3))
    const { command: _none, ...unreadable } = refusalReport(4)
    await refusals.record(unreadable)
    s = await startServer({ processRefusals: refusals })
    const [referral, event] = await refusals.list({ limit: 10 })
    const dismiss = `${PATH}/${referral?.id}/dismiss`

    expect((await send(actors.supervisor, dismiss, { reason: 'x' })).status).toBe(403)
    const outside = await send(otherAdmin, dismiss, { reason: 'x' })
    const missing = await send(admin, `${PATH}/${crypto.randomUUID()}/dismiss`, { reason: 'x' })
    expect([outside.status, missing.status]).toEqual([404, 404])
    expect(outside.body).toEqual(missing.body)
    expect((await send(admin, `${PATH}/not-a-uuid/dismiss`, { reason: 'x' })).status).toBe(404)
    for (const body of [{}, { reason: '   ' }, { reason: 'x', colour: 'red' }]) {
      const bad = await send(admin, dismiss, body)
      expect(bad.status).toBe(400)
      expect(JSON.stringify(bad.body)).toMatch(/reason|colour/)
    }
    expect((await send(admin, `${dismiss}?x=1`, { reason: 'x' })).status).toBe(400)

    const done = await send(streetAdmin, dismiss, { reason: '编号已被另一纠纷占用，已由王芳另行申请调解' })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ status: 'dismissed', dismissed: { by: streetAdmin.id, at: '2026-03-02T01:00:00.000Z' } })
    await fitsTheContract(s, [done.body])
    // The reason names one of the command's people: masked as the rest of the refusal.
    expect(done.body['dismissed'].reason).toBe('编号已被另一纠纷占用，已由王*另行申请调解')
    expect(await refusals.get(referral!.id)).toMatchObject({ status: 'dismissed', dismissed: { by: streetAdmin.id, reason: '编号已被另一纠纷占用，已由王芳另行申请调解' } })

    const noCommand = await send(admin, `${PATH}/${event?.id}/retry`)
    expect(noCommand.status).toBe(409)
    expect(noCommand.body['detail']).toMatch(/dismiss it/)
  })
})
