// Who made a 举报 (report) is confidential: only the hotline that registered it and supervisors may know, and the
// reporter itself (DOMAIN.md; 信访工作条例 art. 30 para. 3, sanctioned by art. 46(五)). Found in a hands-on review
// (2026-12-04): a report a resident filed from the mini-program showed everyone else its account — the complainant's
// `residentId`, the case's `ownerId`, and its id and grid as the actor of each step it took — in the case view, the
// list, the history and the live feed, while the name and phone beside them were masked. An account id is often a
// phone number.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningServer } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'

const ACCOUNT = 'demo-resident'
const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-reporter-'))
let server: RunningServer | undefined
const call = demoCall(() => server as RunningServer)
let id = ''
beforeAll(async () => {
  server = await startDemoServer({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' })
  const created = await call('resident', 'POST', '/api/v1/complaints', {
    channel: 'mini-program',
    kind: 'report',
    category: 'housing',
    title: '邻居违建',
    description: '楼顶加盖',
    jurisdiction: GRID,
    complainant: { name: '钱举报', phone: '13700001111' },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  id = String(created.body['id'])
  // A step the reporter takes itself: it is the actor.
  const supplemented = await call('resident', 'POST', `/api/v1/complaints/${id}/supplement`, { text: '补充：加盖已三层' })
  expect(supplemented.status, JSON.stringify(supplemented.body)).toBe(200)
})
afterAll(async () => {
  await server?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

it('no one who may not know who reported sees its account, in the case view, the list, the history or the event log', async () => {
  const reads: [string, string][] = [
    ['community-worker', `/api/v1/complaints/${id}`],
    ['community-worker', `/api/v1/complaints/${id}/history`],
    ['street-officer', '/api/v1/complaints?limit=100'],
    ['auditor', `/api/v1/complaints/${id}/history`],
    ['admin', `/api/v1/complaints/${id}`],
    ['auditor', '/api/v1/events?limit=100'],
  ]
  for (const [role, path] of reads) {
    const read = await call(role, 'GET', path)
    expect(read.status, `${role} ${path}`).toBe(200)
    const text = JSON.stringify(read.body)
    expect(text, `${role} ${path}`).toContain('钱**')
    expect(text, `${role} ${path}`).not.toContain(ACCOUNT)
  }
})

it('the hotline, a supervisor and the reporter itself still see who it is', async () => {
  for (const role of ['hotline-operator', 'supervisor', 'resident']) {
    const read = await call(role, 'GET', `/api/v1/complaints/${id}`)
    expect(read.status, role).toBe(200)
    expect(read.body, role).toMatchObject({ complainant: { name: '钱举报' } })
    expect(JSON.stringify(read.body), role).toContain(ACCOUNT)
  }
})

it('nor of an anonymous 举报 (no complainant) a resident filed: its account is its owner, left out as well', async () => {
  const created = await call('resident', 'POST', '/api/v1/complaints', { channel: 'mini-program', kind: 'report', category: 'housing', title: '楼顶违建', description: '匿名举报', jurisdiction: GRID })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const anonymous = String(created.body['id'])
  for (const [role, path] of [['community-worker', `/api/v1/complaints/${anonymous}`], ['community-worker', `/api/v1/complaints/${anonymous}/history`], ['street-officer', '/api/v1/complaints?limit=100'], ['auditor', '/api/v1/events?limit=100']] as const) {
    const read = await call(role, 'GET', path)
    expect(read.status, `${role} ${path}`).toBe(200)
    expect(JSON.stringify(read.body), `${role} ${path}`).not.toContain(ACCOUNT)
  }
  expect(JSON.stringify((await call('hotline-operator', 'GET', `/api/v1/complaints/${anonymous}`)).body)).toContain(ACCOUNT)
})

it('an anonymous 举报 whose text gives a number to call back: masked for whoever may not know who reported, on the case and in its history alike', async () => {
  // A 举报 with no complainant, its reporter's phone in its description: the handling roles read the case in full but
  // for who reported (as a 举报 with a complainant, whose numbers in free text are masked for them). Before, the street
  // read the number in full on the case, and its history masked whole.
  const created = await call('resident', 'POST', '/api/v1/complaints', { channel: 'mini-program', kind: 'report', category: 'housing', title: '楼顶违建', description: '匿名举报乌兰察布东路66号院楼顶违建，回电13700002222', jurisdiction: GRID })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const anonymous = String(created.body['id'])
  for (const role of ['street-officer', 'community-worker', 'hotline-operator']) {
    const view = JSON.stringify((await call(role, 'GET', `/api/v1/complaints/${anonymous}`)).body)
    const history = JSON.stringify((await call(role, 'GET', `/api/v1/complaints/${anonymous}/history`)).body)
    const sees = role === 'hotline-operator'
    expect({ role, view: [view.includes('13700002222'), view.includes('137****2222')], history: [history.includes('13700002222'), history.includes('137****2222')] }).toEqual({ role, view: [sees, !sees], history: [sees, !sees] })
    // The place it reports is the case's, read in full by its handlers.
    expect([view, history].map((body) => body.includes('乌兰察布东路66号院'))).toEqual([true, true])
  }
})


// One rule for one reader (DOMAIN.md "Jurisdiction and actors"): every reading of a 举报 — the case, as of a version and
// of a time, its history, the answer to a command the reader gives, and the same of a duplicate merged into it — shows
// a reader the same personal values. Found in review (2026-12-07): a supervisor read the reporter's name and phone in
// full on the case and both masked in its history; a street officer, who handles the case, read its address in full on
// the case and masked in the history; the reporter of the 举报 a complaint was merged into read in full in the
// complaint's history by the street. Decided (docs/HTTP.md):
//   - the hotline (the institution: any operator in its scope, "the hotline that registered it") and the reporter itself
//     read everything in full;
//   - a supervisor reads who reported — the name and the account — and every other personal value masked, the reporter's
//     phone, id number and address too (DOMAIN.md: personal data is masked for supervisors; knowing who reported is
//     what oversight needs, calling them is the hotline's);
//   - the handling roles read the case in full but for who reported;
//   - auditors and admins read it all masked, who reported left out (an admin administers the system: docs/HTTP.md).
describe('every reading of a 举报 shows a reader the same personal values', () => {
  /** The reporter's name, phone, id number and account; the address of what it reports; the duplicate's reporter's name and phone. */
  const VALUES = ['钱举报', '13700001111', '11010519491231002X', ACCOUNT, '乌兰察布东路88号院', '孙举报', '13600002222']
  const seen = (body: unknown): string[] => VALUES.filter((v) => JSON.stringify(body).includes(v))
  let report = ''
  let duplicate = ''
  let complaint = ''
  const answers: Record<string, unknown> = {}
  beforeAll(async () => {
    const created = await call('resident', 'POST', '/api/v1/complaints', {
      channel: 'mini-program',
      kind: 'report',
      category: 'housing',
      title: '违建举报',
      description: '钱举报（电话13700001111）举报乌兰察布东路88号院楼顶违建',
      jurisdiction: GRID,
      address: '乌兰察布东路88号院',
      complainant: { name: '钱举报', phone: '13700001111', idNumber: '11010519491231002X' },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    report = String(created.body['id'])
    answers['resident'] = (await call('resident', 'POST', `/api/v1/complaints/${report}/supplement`, { text: '补充：已加盖三层' })).body
    const steps: [string, string, unknown][] = [
      ['hotline-operator', 'accept', {}],
      ['street-officer', 'dispatch', { unit: { id: 'xinhua-community', level: 'community', jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community' } }],
      ['community-worker', 'acknowledge', {}],
      ['supervisor', 'add-note', { note: '请尽快核查' }],
      ['admin', 'add-note', { note: '系统核对' }],
    ]
    for (const [role, command, body] of steps) {
      const done = await call(role, 'POST', `/api/v1/complaints/${report}/${command}`, body)
      expect(done.status, `${role} ${command}: ${JSON.stringify(done.body)}`).toBe(200)
      answers[role] = done.body
    }
    // A second 举报 of the same thing, merged into the first with a reason naming the first's reporter.
    const second = await call('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'report',
      category: 'housing',
      title: '违建举报',
      description: '孙举报（电话13600002222）举报乌兰察布东路88号院楼顶违建',
      jurisdiction: GRID,
      address: '乌兰察布东路88号院',
      complainant: { name: '孙举报', phone: '13600002222' },
    })
    expect(second.status, JSON.stringify(second.body)).toBe(201)
    duplicate = String(second.body['id'])
    const merged = await call('hotline-operator', 'POST', `/api/v1/complaints/${duplicate}/merge`, { primaryId: report, reason: '与钱举报所报为同一违建' })
    expect(merged.status, JSON.stringify(merged.body)).toBe(200)
    // And a complaint (not a 举报) about it, merged with the same reason — a note on it before, naming the 举报's reporter
    // as the hotline found it (found in review: only the merge step masked the name; the note read in full to the street).
    const third = await call('hotline-operator', 'POST', '/api/v1/complaints', { channel: 'hotline-12345', kind: 'complaint', category: 'housing', title: '楼顶违建', description: '楼顶违建影响采光', jurisdiction: GRID, complainant: { name: '周投诉', phone: '13500003333' } })
    expect(third.status, JSON.stringify(third.body)).toBe(201)
    complaint = String(third.body['id'])
    const noted = await call('supervisor', 'POST', `/api/v1/complaints/${complaint}/add-note`, { note: '与钱举报所报为同一事项' })
    expect(noted.status, JSON.stringify(noted.body)).toBe(200)
    // And a 补充 the hotline took on its complainant's call, naming the 举报's reporter: kept on the complaint's view
    // (`supplements`), not only in its history (found in review, session 47: read in full on the view by every reader).
    const supplemented = await call('hotline-operator', 'POST', `/api/v1/complaints/${complaint}/supplement`, { text: '补充：钱举报也反映过此事' })
    expect(supplemented.status, JSON.stringify(supplemented.body)).toBe(200)
    expect((await call('hotline-operator', 'POST', `/api/v1/complaints/${complaint}/merge`, { primaryId: report, reason: '与钱举报所报为同一违建' })).status).toBe(200)
  })

  /** What each reader is to see of the 举报 (and of its merged duplicate, the last two values but the first's reporter). */
  const expected: Record<string, { report: string[]; duplicate: string[] | 'none' }> = {
    'hotline-operator': { report: VALUES.slice(0, 5), duplicate: ['乌兰察布东路88号院', '孙举报', '13600002222'] },
    supervisor: { report: ['钱举报', ACCOUNT], duplicate: ['孙举报'] },
    'street-officer': { report: ['乌兰察布东路88号院'], duplicate: ['乌兰察布东路88号院'] },
    'community-worker': { report: ['乌兰察布东路88号院'], duplicate: ['乌兰察布东路88号院'] },
    auditor: { report: [], duplicate: [] },
    admin: { report: [], duplicate: [] },
    resident: { report: VALUES.slice(0, 5), duplicate: 'none' },
  }
  it.each(Object.keys(expected))('%s', async (role) => {
    const view = await call(role, 'GET', `/api/v1/complaints/${report}`)
    expect(view.status).toBe(200)
    const version = String(view.body['version'])
    const readings: Record<string, unknown> = {
      view: view.body,
      [`?version=${version}`]: (await call(role, 'GET', `/api/v1/complaints/${report}?version=${version}`)).body,
      '?asOf': (await call(role, 'GET', `/api/v1/complaints/${report}?asOf=${encodeURIComponent(new Date().toISOString())}`)).body,
      history: (await call(role, 'GET', `/api/v1/complaints/${report}/history`)).body,
      ...(answers[role] === undefined ? {} : { 'its command answer': answers[role] }),
    }
    const want = expected[role]!
    expect(Object.fromEntries(Object.entries(readings).map(([reading, body]) => [reading, seen(body)]))).toEqual(Object.fromEntries(Object.keys(readings).map((reading) => [reading, want.report])))
    const dupView = await call(role, 'GET', `/api/v1/complaints/${duplicate}`)
    const dupHistory = await call(role, 'GET', `/api/v1/complaints/${duplicate}/history`)
    // Who made the 举报 a complaint was merged into is not the complaint's person: its history names them (the merge's
    // reason) to the hotline only, as the duplicate 举报's does.
    const complaintHistory = await call(role, 'GET', `/api/v1/complaints/${complaint}/history`)
    const complaintView = await call(role, 'GET', `/api/v1/complaints/${complaint}`)
    // Its view names them in the 补充, its history in the note and the 补充 too. Its own complainant reads as on its view:
    // in full for its handling roles, the reporter's name masked around it.
    if (['street-officer', 'community-worker', 'hotline-operator'].includes(role)) expect([complaintView, complaintHistory].map((read) => JSON.stringify(read.body).includes('13500003333'))).toEqual([true, true])
    if (want.duplicate !== 'none') expect([complaintView, complaintHistory].map((read) => JSON.stringify(read.body).includes('钱举报'))).toEqual([role === 'hotline-operator', role === 'hotline-operator'])
    // A list is masked for everyone: the 补充 too (the list takes the view's names).
    const list = await call(role, 'GET', '/api/v1/complaints?limit=100')
    if (want.duplicate !== 'none') expect(JSON.stringify(list.body)).toContain('补充：钱**也反映过此事')
    if (want.duplicate === 'none') return expect([dupView.status, dupHistory.status, complaintHistory.status]).toEqual([404, 404, 404])
    // The duplicate's own people; the merge step's reason names the first's reporter too, in its history only: read in
    // full by the hotline, who knows both, and masked for every other reader (a supervisor's too: masked as the people
    // of another case are in a masked history).
    const own = (body: unknown): string[] => seen(body).filter((v) => v !== '钱举报')
    expect({ view: own(dupView.body), history: own(dupHistory.body) }).toEqual({ view: want.duplicate, history: want.duplicate })
    expect(JSON.stringify(dupView.body)).not.toContain('钱举报')
    expect(JSON.stringify(dupHistory.body).includes('钱举报')).toBe(role === 'hotline-operator')
  })
})
