// One decision for what a reader sees of a case (DOMAIN.md "Jurisdiction and actors": least privilege, for reading as
// for acting; personal data masked in lists, exports and the live feed, and for auditors and supervisors; full values
// only on the case, for the handling roles; a 举报's complainant known only to the hotline and supervisors). Every route
// that shows a case's people is read for every role on four cases — a complaint a district department was summoned to
// (吹哨), a 举报 the same department was summoned to, a complaint merged (并案) into that 举报 whose description names the
// reporter, a dispute reassigned from one mediator to another — and each route must show the same level:
//   - the case view and its history: the same people in full (`level`, below), the case view's as the table expects;
//   - the list row and the event log (paged): masked for everyone, whatever the case view shows;
//   - a personal document (a consent, an application): its reference on the case and in the history, and the file
//     itself (`GET /api/v1/attachments/{sha256}`), to the same readers;
//   - a case the reader may not read: 404 on the case and its history, in no list row, no entry of the log.
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, startServer, STREET, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const DISTRICT = 'hohhot/saihan'
const who = {
  resident: actors.residentA,
  grid: actors.gridA,
  community: actors.workerA,
  street: actors.street,
  housing: { id: 'do-housing', role: 'department-officer', jurisdiction: DISTRICT, department: 'housing' },
  hotline: actors.operator,
  otherHotline: { id: 'op-2', role: 'hotline-operator', jurisdiction: 'hohhot' },
  reassignedAway: { id: 'pm-a', role: 'mediator', jurisdiction: STREET, track: 'people' },
  mediator: { id: 'pm-b', role: 'mediator', jurisdiction: STREET, track: 'people' },
  supervisor: actors.supervisor,
  auditor: actors.auditor,
  admin: { id: 'adm-1', role: 'admin', jurisdiction: 'hohhot' },
} satisfies Record<string, Actor>
type Reader = keyof typeof who

/**
 * A case and the personal data it holds in full: `reporter` the name of who made the 举报 (of a duplicate: of the 举报 it
 * was merged into), `others` everything else of its people, `own` what of it is the resident's own.
 */
interface Case {
  readonly path: string
  readonly id: string
  readonly reporter?: readonly string[]
  readonly others: readonly string[]
  readonly own?: readonly string[]
  /** The sha256 of a personal document it names. */
  readonly document?: string
}
const CASES = ['complaint', 'report', 'duplicate', 'dispute', 'ownReport', 'anonymous'] as const
const cases: Record<(typeof CASES)[number], Case> = {} as never

/** The levels of a reader's view: which of the case's personal data it shows in full. */
type Level = 'none' | 'clear' | 'clear-but-reporter' | 'named-only' | 'masked' | 'own'
const shownAt = (c: Case, level: Exclude<Level, 'none'>): string[] => {
  const all = [...(c.reporter ?? []), ...c.others]
  switch (level) {
    case 'clear':
      return all
    case 'clear-but-reporter':
      return [...c.others]
    case 'named-only':
      return [...(c.reporter ?? [])]
    case 'masked':
      return []
    case 'own':
      return [...(c.own ?? [])]
  }
}
/** What of the case's personal data a body shows in full. */
const shownIn = (c: Case, body: string): string[] => [...(c.reporter ?? []), ...c.others].filter((value) => body.includes(value))

// The case view's level for each reader (DOMAIN.md), the history's the same.
const TABLE: Record<Reader, Record<keyof typeof cases, Level>> = {
  resident: { complaint: 'none', report: 'none', duplicate: 'none', dispute: 'own', ownReport: 'own', anonymous: 'own' },
  grid: { complaint: 'clear', report: 'clear-but-reporter', duplicate: 'clear-but-reporter', dispute: 'clear', ownReport: 'clear-but-reporter', anonymous: 'clear-but-reporter' },
  community: { complaint: 'clear', report: 'clear-but-reporter', duplicate: 'clear-but-reporter', dispute: 'clear', ownReport: 'clear-but-reporter', anonymous: 'clear-but-reporter' },
  street: { complaint: 'clear', report: 'clear-but-reporter', duplicate: 'clear-but-reporter', dispute: 'clear', ownReport: 'clear-but-reporter', anonymous: 'clear-but-reporter' },
  // Summoned by 吹哨 to the complaint and the 举报; not to the duplicate (merged before any dispatch), nor to a dispute.
  housing: { complaint: 'clear', report: 'clear-but-reporter', duplicate: 'none', dispute: 'none', ownReport: 'none', anonymous: 'none' },
  hotline: { complaint: 'clear', report: 'clear', duplicate: 'clear', dispute: 'clear', ownReport: 'clear', anonymous: 'clear' },
  // Another operator of the hotline: the 举报's reporter is the hotline's to know; a dispute it did not register it reads masked.
  otherHotline: { complaint: 'clear', report: 'clear', duplicate: 'clear', dispute: 'masked', ownReport: 'clear', anonymous: 'clear' },
  reassignedAway: { complaint: 'none', report: 'none', duplicate: 'none', dispute: 'none', ownReport: 'none', anonymous: 'none' },
  mediator: { complaint: 'none', report: 'none', duplicate: 'none', dispute: 'clear', ownReport: 'none', anonymous: 'none' },
  // A supervisor knows who made the 举报 (by name); a complaint merged into it is not the 举报: masked whole, as its history.
  supervisor: { complaint: 'masked', report: 'named-only', duplicate: 'masked', dispute: 'masked', ownReport: 'named-only', anonymous: 'named-only' },
  auditor: { complaint: 'masked', report: 'masked', duplicate: 'masked', dispute: 'masked', ownReport: 'masked', anonymous: 'masked' },
  admin: { complaint: 'masked', report: 'masked', duplicate: 'masked', dispute: 'masked', ownReport: 'masked', anonymous: 'masked' },
}

let s: TestServer

const upload = async (actor: Actor): Promise<string> => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)])
  const res = await fetch(`${s.url}/api/v1/attachments`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${await s.token(actor)}` }, body: new Uint8Array(png) })
  expect(res.status).toBe(201)
  return ((await res.json()) as { sha256: string }).sha256
}

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
  const c = (id: string, command: string) => `/api/v1/complaints/${id}/${command}`
  const streetUnit = { id: 'wulanchabu-street', level: 'street', jurisdiction: STREET }
  const housing = { id: 'saihan-housing', level: 'district', jurisdiction: DISTRICT, department: 'housing' }
  /** Registered by the hotline, accepted, dispatched to the street, signed for and the housing department summoned. */
  const whistled = async (body: Record<string, unknown>): Promise<string> => {
    const id = String((await postAs(s, who.hotline, '/api/v1/complaints', body))['id'])
    await postAs(s, who.hotline, c(id, 'accept'))
    await postAs(s, who.hotline, c(id, 'dispatch'), { unit: streetUnit })
    await postAs(s, who.street, c(id, 'acknowledge'))
    await postAs(s, who.street, c(id, 'summon-departments'), { departments: [housing], reason: '涉及住建' })
    return id
  }
  const complaint = { channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: '供热管道漏水', jurisdiction: GRID }
  const consent = await upload(who.hotline)
  cases.complaint = {
    path: 'complaints',
    id: await whistled({ ...complaint, description: '王五反映楼道供热管道漏水', address: '新华小区3号楼', complainant: { name: '王五', phone: '13900000000' }, attachments: [{ sha256: consent, kind: 'consent' }] }),
    others: ['王五', '13900000000', '新华小区3号楼'],
    document: consent,
  }
  const reportConsent = await upload(who.hotline)
  cases.report = {
    path: 'complaints',
    id: await whistled({ ...complaint, kind: 'report', title: '违建举报', description: '邻居私搭乱建', address: '乌兰察布东路12号院3号楼', complainant: { name: '钱举报', phone: '13700001111' }, attachments: [{ sha256: reportConsent, kind: 'consent' }] }),
    reporter: ['钱举报'],
    others: ['乌兰察布东路12号院3号楼'],
    document: reportConsent,
  }
  // A complaint about the same building, its description naming who made the 举报, merged into it.
  const duplicate = String((await postAs(s, who.hotline, '/api/v1/complaints', { ...complaint, description: '赵六反映的违建与钱举报所报为同一处', complainant: { name: '赵六', phone: '13600006666' } }))['id'])
  await postAs(s, who.hotline, c(duplicate, 'accept'))
  await postAs(s, who.hotline, c(duplicate, 'merge'), { primaryId: cases.report.id, reason: '同一违建，并案办理' })
  cases.duplicate = { path: 'complaints', id: duplicate, reporter: ['钱举报'], others: ['赵六', '13600006666'] }
  // A dispute the hotline registered for a resident (王芳, its account) and 李强, assigned to one mediator, then another.
  const d = (id: string, command: string) => `/api/v1/disputes/${id}/${command}`
  const dispute = String((await postAs(s, who.hotline, '/api/v1/disputes', {
    source: 'party-application', category: 'neighbour', jurisdiction: GRID, summary: '王芳与李强因楼上漏水发生纠纷',
    parties: [{ side: 'applicant', name: '王芳', phone: '13800138000', residentId: who.resident.id }, { side: 'respondent', name: '李强', phone: '13900139000' }],
  }))['id'])
  await postAs(s, who.street, d(dispute, 'accept'))
  await postAs(s, who.street, d(dispute, 'assign-mediator'), { track: 'people', mediator: { id: who.reassignedAway.id, jurisdiction: STREET } })
  await postAs(s, who.street, d(dispute, 'reassign'), { mediator: { id: who.mediator.id, jurisdiction: STREET }, reason: '回避' })
  const application = await upload(who.resident)
  await postAs(s, who.resident, d(dispute, 'submit-documents'), { attachments: [{ sha256: application, kind: 'application' }] })
  // A 举报 the resident filed itself (its account the case's owner), and an anonymous complaint it filed (no name, phone
  // or id number: its account alone tells who raised it).
  const mine = { ...complaint, channel: 'mini-program' }
  cases.ownReport = {
    path: 'complaints',
    id: String((await postAs(s, who.resident, '/api/v1/complaints', { ...mine, kind: 'report', title: '违建举报', description: '楼顶加盖', address: '新华小区9号楼', complainant: { name: '孙举报', phone: '13500005555' } }))['id']),
    reporter: ['孙举报', who.resident.id],
    others: ['新华小区9号楼'],
    own: ['孙举报', who.resident.id, '新华小区9号楼'],
  }
  cases.anonymous = {
    path: 'complaints',
    id: String((await postAs(s, who.resident, '/api/v1/complaints', { ...mine, description: '楼道灯坏了', address: '新华小区7号楼' }))['id']),
    reporter: [who.resident.id],
    others: ['新华小区7号楼'],
    own: [who.resident.id, '新华小区7号楼'],
  }
  cases.dispute = { path: 'disputes', id: dispute, others: ['王芳', '13800138000', '李强', '13900139000'], own: ['王芳', '13800138000'], document: application }
}, 60_000)
afterAll(async () => {
  await s.close()
})

/** What one route shows a reader of a case: nothing (404, or not listed), or the personal data it shows in full. */
type Reading = { readonly status: 'none' } | { readonly status: 'read'; readonly shown: string[]; readonly document: boolean }
const reading = (c: Case, body: string): Reading => ({ status: 'read', shown: shownIn(c, body), document: c.document !== undefined && body.includes(c.document) })
const NONE: Reading = { status: 'none' }

const get = async (actor: Actor, path: string): Promise<{ status: number; body: string }> => {
  const res = await s.call(actor, 'GET', path)
  return { status: res.status, body: await res.text() }
}
const caseRead = async (actor: Actor, c: Case, suffix = ''): Promise<Reading> => {
  const res = await get(actor, `/api/v1/${c.path}/${c.id}${suffix}`)
  expect([200, 404], `${suffix}: ${res.body}`).toContain(res.status)
  return res.status === 404 ? NONE : reading(c, res.body)
}
const listRow = async (actor: Actor, c: Case): Promise<Reading> => {
  const res = await get(actor, `/api/v1/${c.path}?limit=100`)
  expect(res.status, res.body).toBe(200)
  const row = ((JSON.parse(res.body) as { items: { id: string }[] }).items).find((item) => item.id === c.id)
  return row === undefined ? NONE : reading(c, JSON.stringify(row))
}
const logEntries = async (actor: Actor, c: Case): Promise<Reading> => {
  const res = await get(actor, '/api/v1/events?from=0&limit=100')
  // A resident reads no event log (403): none of its cases there.
  if (res.status === 403) return NONE
  expect(res.status, res.body).toBe(200)
  const entries = (JSON.parse(res.body) as { events: { streamId: string }[] }).events.filter((e) => e.streamId.endsWith(c.id))
  return entries.length === 0 ? NONE : reading(c, JSON.stringify(entries))
}
const fetchesDocument = async (actor: Actor, c: Case): Promise<boolean> => {
  const res = await get(actor, `/api/v1/attachments/${c.document ?? ''}`)
  expect([200, 404]).toContain(res.status)
  return res.status === 200
}

describe.each(Object.keys(who) as Reader[])('%s', (reader) => {
  it.each(CASES)('reads the %s at one level on every route', async (name) => {
    const actor = who[reader]
    const c = cases[name]
    const level = TABLE[reader][name]
    const view = await caseRead(actor, c)
    const history = await caseRead(actor, c, '/history')
    const row = await listRow(actor, c)
    const log = await logEntries(actor, c)
    if (level === 'none') {
      expect({ view, history, row, log }).toEqual({ view: NONE, history: NONE, row: NONE, log: NONE })
      if (c.document !== undefined) expect(await fetchesDocument(actor, c)).toBe(false)
      return
    }
    const shown = shownAt(c, level)
    // The case view at the table's level; the history at the case view's.
    expect(view.status === 'read' && view.shown, 'the case view').toEqual(shown)
    expect(history.status === 'read' && history.shown, 'the history').toEqual(shown)
    // Lists and the event log masked for everyone (none of its people in full), a resident's own case too.
    expect(row.status === 'read' && row.shown, 'the list row').toEqual([])
    if (log.status === 'read') expect(log.shown, 'the event log').toEqual([])
    else expect(reader).toBe('resident')
    // A personal document: named on the case and in the history, and fetched, by the same readers.
    if (c.document !== undefined && view.status === 'read' && history.status === 'read') {
      const fetched = await fetchesDocument(actor, c)
      expect({ view: view.document, history: history.document, fetched }, 'the personal document').toEqual({ view: fetched, history: fetched, fetched })
    }
  })
})

// A command's answer is the case view too: a command that ends its actor's reading of the case — a department's 退单 of a
// case it led, which it may not read after (404) — is not answered with the case in full (found by this table: the
// answer named 王五 and his phone, the GET after it was 404). It is answered as a list shows the case: masked.
it('a department that returns (退单) the case it led reads the answer masked, as the case is 404 to it after', async () => {
  const housing = { id: 'saihan-housing', level: 'district', jurisdiction: DISTRICT, department: 'housing' }
  const c: Case = {
    path: 'complaints',
    id: String((await postAs(s, who.hotline, '/api/v1/complaints', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '供热管道漏水', jurisdiction: GRID, description: '王五反映楼道供热管道漏水', complainant: { name: '王五', phone: '13900000000' } }))['id']),
    others: ['王五', '13900000000'],
  }
  await postAs(s, who.hotline, `/api/v1/complaints/${c.id}/accept`)
  await postAs(s, who.hotline, `/api/v1/complaints/${c.id}/dispatch`, { unit: housing })
  expect(await caseRead(who.housing, c)).toEqual(reading(c, JSON.stringify({ ...c.others })))
  const answer = await s.call(who.housing, 'POST', `/api/v1/complaints/${c.id}/return`, { reason: '非本部门职责' })
  expect(answer.status).toBe(200)
  expect(answer.headers.get('etag')).toMatch(/-m"$/)
  expect(reading(c, await answer.text())).toEqual(reading(c, ''))
  expect(await caseRead(who.housing, c)).toEqual(NONE)
})
