// A log written before free text was sealed (builds before 2026-12-04): the people's names and numbers sealed, the text
// they wrote about themselves — a complaint's title and description, a dispute's summary, a session's minutes — in
// clear, covered by the chain. Erasing such a case must leave none of it in any view, as for a log written today
// (个人信息保护法 art. 47; docs/erasure.md). Found in session 25's note: the case list read "erased" for that text while
// the case view, its history and the event log still showed it in full.
//
// The legacy log is made as such a build wrote it: the events of a case opened over HTTP today, written again into a
// new file with the same store and key store, sealing the names but not the text.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sealedSqliteStore, sqliteEventStore } from '@gridcase/adapters'
import { aesGcmFieldCipher, sqliteSubjectKeys } from '@gridcase/adapters/embedded'
import type { NewEvent, RecordedEvent } from '@gridcase/core'
import { ERASED, sealEvent } from '@gridcase/core/privacy'
import type { RunningServer } from '@gridcase/http'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './http/helpers/demoServer.js'
import { cliInProcess as cli } from './helpers/cliInProcess.js'
import { editedCopy } from './helpers/editedCopy.js'
import { ADDRESS, consultation, disputeWithParties, GRID, NAME, PARTY_A, PARTY_B, partiesIn, personalIn, PHONE } from './support/erasureCases.js'

/** The free text such a build left in clear, by field name (top level of the event's data). */
const FREE_TEXT = ['title', 'description', 'summary', 'minutes', 'text', 'terms', 'facts', 'performance']

/** Every value of the complaint's complainant and of the dispute's parties that `text` holds. */
const peopleIn = (text: string): string[] => [...personalIn(text), ...partiesIn(text)]

let dir: string
let db: string
let server: RunningServer
let caseId: string
let disputeId: string
/** A grid worker's patrol finding with no complainant and no address: written then, nothing of it was sealed. */
let patrolId: string
/** Another such finding, never erased: the one an insider fakes an erasure of. */
let otherPatrolId: string
const call = demoCall(() => server)
const start = () => startDemoServer({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' })
/** `gridcase erasure erase <id>` on the legacy log, on a lawful request (a retention period ended). */
const erase = (id: string, ...more: string[]) => cli('erasure', 'erase', id, '--db', db, '--legal-basis', '个人信息保护法 第四十七条第一款第（二）项', '--approver', 'dpo-1', '--actor', 'admin-1', ...more)

/** The log at `from`, opened, written into `to` as a build before free-text sealing wrote it. */
const writeAsLegacy = async (from: string, to: string): Promise<void> => {
  const today = sealedSqliteStore({ path: from, readonly: true })
  const events = await today.readAll()
  await today.close()
  const legacy = sqliteEventStore({ path: to })
  // Keys stored as they are made (not with the events): the key store such a build used.
  const keys = sqliteSubjectKeys(to)
  const cipher = aesGcmFieldCipher(keys)
  try {
    for (const event of events) {
      const data = event.data as Record<string, unknown>
      const text = Object.fromEntries(FREE_TEXT.filter((k) => Object.hasOwn(data, k)).map((k) => [k, data[k]]))
      const rest = Object.fromEntries(Object.entries(data).filter(([k]) => !FREE_TEXT.includes(k)))
      const { recordedAt: _r, prevHash: _p, hash: _h, ...metadata } = event.metadata as RecordedEvent['metadata'] & Record<string, unknown>
      const given: NewEvent = { eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, data: rest, metadata: metadata as NewEvent['metadata'] }
      const sealed = sealEvent(event.streamId, given, cipher)
      const written = await legacy.appendToStream(event.streamId, [{ ...sealed, data: { ...(sealed.data as Record<string, unknown>), ...text } }], { expectedVersion: event.version - 1 < 0 ? 'no-stream' : event.version - 1 })
      if (E.isLeft(written)) throw new Error(`${event.streamId}@${event.version}: ${JSON.stringify(written.left)}`)
    }
  } finally {
    keys.close()
    await legacy.close()
  }
}

beforeAll(async () => {
  const today = mkdtempSync(join(tmpdir(), 'gridcase-erasure-today-'))
  dir = today
  server = await start()
  const created = await call('hotline-operator', 'POST', '/api/v1/complaints', consultation(NAME, PHONE, { address: ADDRESS }))
  expect(created.status).toBe(201)
  caseId = String(created.body['id'])
  disputeId = await disputeWithParties(call, call)
  // A patrol finding is reported with its photo (DOMAIN.md "Grid work"): uploaded first.
  const uploaded = await fetch(`${server.url}/api/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.demoTokens['grid-worker']}`, 'content-type': 'image/jpeg' },
    body: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('rubbish by the door', 'utf8')]),
  })
  expect(uploaded.status).toBe(201)
  const photos = [String(((await uploaded.json()) as { sha256: string }).sha256)]
  const patrol = await call('grid-worker', 'POST', '/api/v1/complaints', { channel: 'grid-visit', kind: 'help', category: 'sanitation', source: 'patrol', jurisdiction: GRID, title: `${NAME}家门口垃圾堆放`, description: `居民${NAME}称三天未清运`, photos, location: { longitude: 111.7, latitude: 40.8 } })
  expect(patrol.status).toBe(201)
  patrolId = String(patrol.body['id'])
  const other = await call('grid-worker', 'POST', '/api/v1/complaints', { channel: 'grid-visit', kind: 'help', category: 'sanitation', source: 'patrol', jurisdiction: GRID, title: '井盖缺失', description: '3号楼北侧井盖缺失', photos, location: { longitude: 111.7, latitude: 40.8 } })
  expect(other.status).toBe(201)
  otherPatrolId = String(other.body['id'])
  await server.close()
  dir = mkdtempSync(join(tmpdir(), 'gridcase-erasure-legacy-'))
  db = join(dir, 'gridcase.sqlite')
  await writeAsLegacy(join(today, 'gridcase.sqlite'), db)
  // The patrol findings' photo goes along (verify reports a file the log names and the store lacks).
  cpSync(join(today, 'attachments'), join(dir, 'attachments'), { recursive: true })
  rmSync(today, { recursive: true, force: true })
  server = await start()
}, 120_000)
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('erasing a case written before its free text was sealed', () => {
  it('the legacy log holds the text in clear and the names sealed; the case reads in full while the keys exist', async () => {
    const file = readFileSync(db)
    expect(file.includes(Buffer.from(`${NAME}反映车位被占`))).toBe(true)
    expect(file.includes(Buffer.from(`${PARTY_A}、${PARTY_B}到场陈述`))).toBe(true)
    expect(file.includes(Buffer.from(PHONE))).toBe(false)
    const shown = await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}`)
    expect(shown.body).toMatchObject({ title: `${NAME}反映车位被占`, complainant: { name: NAME, phone: PHONE } })
    expect((await call('mediator', 'GET', `/api/v1/disputes/${disputeId}`)).body).toMatchObject({ summary: `${PARTY_B}家楼上漏水致${PARTY_A}家受损` })
  })

  it('once erased, no view, history, event log, list, export or rebuild shows the text, and verify still passes', async () => {
    for (const id of [caseId, disputeId]) {
      const erased = await erase(id)
      expect(erased.code).toBe(0)
      // The erasure says what the log keeps in clear.
      expect(erased.stderr).toContain('in clear')
    }
    // A case with nothing sealed at all (found in review: refused as "no sealed personal data", its text in every view).
    expect(readFileSync(db).includes(Buffer.from(`${NAME}家门口垃圾堆放`))).toBe(true)
    const patrol = await erase(patrolId, '--json')
    expect(patrol.code).toBe(0)
    expect(JSON.parse(patrol.stdout)).toMatchObject({ kind: 'erased', subjects: [`complaint-${patrolId}#complainant`], inClear: [`complaint-${patrolId}#complainant`] })
    expect((await call('grid-worker', 'GET', `/api/v1/complaints/${patrolId}`)).body).toMatchObject({ title: ERASED, description: ERASED })
    const complaint = await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}`)
    expect(complaint.body).toMatchObject({ title: ERASED, description: ERASED, complainant: { name: ERASED } })
    const dispute = await call('mediator', 'GET', `/api/v1/disputes/${disputeId}`)
    expect(dispute.body).toMatchObject({ summary: ERASED })
    const reads = [
      complaint,
      dispute,
      await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}/history`),
      await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}?version=0`),
      await call('grid-worker', 'GET', `/api/v1/complaints/${patrolId}/history`),
      await call('mediator', 'GET', `/api/v1/disputes/${disputeId}/history`),
      await call('admin', 'GET', '/api/v1/events?from=0&limit=100'),
      await call('hotline-operator', 'GET', '/api/v1/complaints?limit=100'),
      await call('mediator', 'GET', '/api/v1/disputes?limit=100'),
    ]
    for (const read of reads) {
      expect(read.status).toBe(200)
      expect(peopleIn(JSON.stringify(read.body))).toEqual([])
    }
    const history = await cli('audit', 'history', caseId, '--db', db, '--version', '0', '--json')
    expect(history.code).toBe(0)
    expect(peopleIn(history.stdout)).toEqual([])
    const exported = await cli('audit', 'export', '--format', 'ndjson', '--db', db)
    expect(exported.code).toBe(0)
    expect(exported.stdout).toContain(caseId)
    expect(peopleIn(exported.stdout)).toEqual([])
    // The log as written still holds the text (the chain covers it): `export --sealed` is the log itself, for auditors.
    expect(readFileSync(db).includes(Buffer.from(`${NAME}反映车位被占`))).toBe(true)
    const verified = await cli('audit', 'verify', '--db', db)
    expect(verified.stdout).toMatch(/^ok: /)
    expect(verified.code).toBe(0)
  })

  it('an erasure of text in clear faked in the key table (an erased row with no erasure on the log), or one whose row is gone, fails verify, named (found in review: verify said ok while every view read "erased")', async () => {
    const subject = `complaint-${otherPatrolId}#complainant`
    const erasedOne = `complaint-${patrolId}#complainant`
    for (const [name, edit, finding] of [
      ['forged', `INSERT INTO subject_keys (subject_id, key, erased_at) VALUES ('${subject}', NULL, '2026-12-04T09:00:00.000Z')`, 'destroyed-unrecorded'],
      ['row-gone', `DELETE FROM subject_keys WHERE subject_id = '${erasedOne}'`, 'erasure-unfinished'],
    ] as const) {
      const copy = join(dir, `${name}.sqlite`)
      expect(await editedCopy(db, copy, (file) => file.prepare(edit).run().changes)).toBe(1)
      const verified = await cli('audit', 'verify', '--db', copy, '--json')
      expect(verified.code).toBe(1)
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: false, erasures: { findings: [{ kind: finding, subject: name === 'forged' ? subject : erasedOne }] } })
    }
    // The log as it is: the lawful erasures of text in clear pass.
    const lawful = await cli('audit', 'verify', '--db', db, '--json')
    expect(lawful.code).toBe(0)
    expect(JSON.parse(lawful.stdout)).toMatchObject({ ok: true, erasures: { ok: true, erased: 3 } })
  })

  it('after a restart with the read models rebuilt from the log, the text stays erased', async () => {
    await server.close()
    rmSync(join(dir, 'read-models.sqlite'), { force: true })
    expect(existsSync(join(dir, 'read-models.sqlite'))).toBe(false)
    server = await start()
    for (const read of [
      await call('hotline-operator', 'GET', '/api/v1/complaints?limit=100'),
      await call('mediator', 'GET', '/api/v1/disputes?limit=100'),
      await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}`),
    ]) {
      expect(read.status).toBe(200)
      expect(peopleIn(JSON.stringify(read.body))).toEqual([])
    }
  })
})

describe('the server\'s verification', () => {
  it('GET /api/v1/audit/verify reports an erased row faked for a subject whose data the log holds in clear, for the cases in scope', async () => {
    expect((await call('auditor', 'GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true, erasures: { ok: true } })
    const subject = `complaint-${otherPatrolId}#complainant`
    const file = new Database(db)
    expect(file.prepare(`INSERT INTO subject_keys (subject_id, key, erased_at) VALUES (?, NULL, '2026-12-04T09:00:00.000Z')`).run(subject).changes).toBe(1)
    file.close()
    // The faked erasure reads in every view as a lawful one would.
    expect((await call('grid-worker', 'GET', `/api/v1/complaints/${otherPatrolId}`)).body).toMatchObject({ title: ERASED })
    const verified = await call('auditor', 'GET', '/api/v1/audit/verify?full=true')
    expect(verified.body).toMatchObject({ ok: false, erasures: { ok: false, findings: [{ kind: 'destroyed-unrecorded', subject, streamId: `complaint-${otherPatrolId}` }] } })
  })
})
