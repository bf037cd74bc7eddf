// Crypto-shredding end to end (个人信息保护法 art. 47; DESIGN.md "Tamper evidence and erasure"): the complainant's
// personal fields are sealed in the log with a key per data subject; erasing destroys the key, after which every
// view reads "erased", while the hash chains and the signed heads still verify.
import { execFile } from 'node:child_process'
import { createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { attachmentPath } from '@gridcase/adapters'
import type { RunningServer } from '@gridcase/http'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDate } from '@gridcase/core/calendar'
import { demoCall, startDemoServer } from './http/helpers/demoServer.js'
import { gridcaseBin } from './helpers/gridcaseBin.js'
import { cliInProcess } from './helpers/cliInProcess.js'
import { editedCopy } from './helpers/editedCopy.js'
import { ADDRESS, consultation, disputeWithParties, feedUntil, GRID, ID_NUMBER, NAME, PARTY_A, PARTY_B, partiesIn, personal, personalIn, PHONE, PHONE_A, uploadJpeg, withSealedTextChanged } from './support/erasureCases.js'

const root = fileURLToPath(new URL('..', import.meta.url))

let dir: string
let db: string
let server: RunningServer
const call = demoCall(() => server)
const start = () => startDemoServer({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'normal', GRIDCASE_HEAD_EVERY_EVENTS: '1', PERSONAL_DATA_ENCRYPTION: 'on' })

/** Runs `gridcase …` in this process (as the bin does), collecting its exit code and output. */
const cli = cliInProcess

/** The real bin, for `audit verify` (a separate process opening the file read-only). */
const bin = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      gridcaseBin()[0],
      [...gridcaseBin()[1], ...args],
      { cwd: root },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    )
  })

const without = personalIn

let caseId: string
let key: Buffer
let otherId: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-erasure-'))
  db = join(dir, 'gridcase.sqlite')
  server = await start()
  const register = (name: string, phone: string, more: Record<string, unknown>) => call('hotline-operator', 'POST', '/api/v1/complaints', consultation(name, phone, more))
  const created = await register(NAME, PHONE, { address: ADDRESS })
  expect(created.body).toMatchObject({ id: expect.any(String) })
  expect(created.status).toBe(201)
  caseId = String(created.body['id'])
  const other = await register('张先生', '13800471111', {})
  otherId = String(other.body['id'])
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('personal data sealed per data subject', () => {
  it('reads back exactly as written while the key exists: the case and its history show the complainant in full', async () => {
    const shown = await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}`)
    expect(JSON.stringify(shown.body)).toContain(NAME)
    expect(shown.body).toMatchObject({ complainant: { name: NAME, phone: PHONE, idNumber: ID_NUMBER } })
    const history = await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}/history`)
    expect(without(JSON.stringify(history.body))).toEqual(personal)
  })

  it('the log file holds only the sealed text: no name, phone, id number or address in any row', () => {
    const file = new Database(db, { readonly: true })
    const rows = file.prepare<[], { data: string | null }>('SELECT data FROM events').all()
    file.close()
    const text = rows.map((r) => r.data ?? '').join('\n')
    expect(without(text)).toEqual([])
    expect(text).toContain('"sealed:v2:complainant"')
    // The format since schema 3 names no stream in a marker: the case's id is in its own column, not repeated.
    expect(text).not.toContain('sealed:v1:')
  })

  it('without the key the sealed text does not open; with it, it does (AES-256-GCM)', async () => {
    const file = new Database(db, { readonly: true })
    const row = file.prepare<[string], { key: Buffer }>('SELECT key FROM subject_keys WHERE subject_id = ?').get(`complaint-${caseId}#complainant`)
    const data = file.prepare<[string], { data: string }>("SELECT data FROM events WHERE stream_id = ? AND type = 'ComplaintRegistered'").get(`complaint-${caseId}`)
    file.close()
    key = row?.key ?? Buffer.alloc(0)
    expect(key).toHaveLength(32)
    const written = JSON.parse(data?.data ?? '{}') as { complainant: { name: string }; $sealed: Record<string, string> }
    const subject = `complaint-${caseId}#complainant`
    expect(written.complainant.name).toBe('sealed:v2:complainant')
    // Sealed under the case's complainant, the subject's id as associated data: the role names it within the stream.
    const bytes = Buffer.from(written.$sealed['complainant'] ?? '', 'base64')
    const open = (k: Buffer) => {
      const d = createDecipheriv('aes-256-gcm', k, bytes.subarray(0, 12))
      d.setAAD(Buffer.from(subject, 'utf8'))
      d.setAuthTag(bytes.subarray(bytes.length - 16))
      return Buffer.concat([d.update(bytes.subarray(12, bytes.length - 16)), d.final()]).toString('utf8')
    }
    expect(JSON.parse(open(key))).toEqual({
      'complainant.name': NAME,
      'complainant.phone': PHONE,
      'complainant.idNumber': ID_NUMBER,
      address: ADDRESS,
      // The free text they gave, under the same key.
      title: consultation(NAME, PHONE)['title'],
      description: consultation(NAME, PHONE)['description'],
    })
    expect(() => open(randomBytes(32))).toThrow()
  })
})

describe('erasing a data subject (gridcase erasure erase)', () => {
  it('a file that is not an event store is an error naming it (exit 3), for due and for erase, not a stack trace', async () => {
    const garbage = join(dir, 'garbage.sqlite')
    writeFileSync(garbage, 'not a database, but long enough to be taken for a header of one '.repeat(100))
    for (const argv of [['erasure', 'due', '--db', garbage], ['erasure', 'erase', caseId, '--db', garbage, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1']]) {
      const result = await cli(...argv)
      expect(result.code).toBe(3)
      expect(result.stderr).toContain(`cannot open the event store ${garbage}`)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    }
  })

  it('refuses without a legal basis or an approver, naming the option, and changes nothing', async () => {
    expect(await cli('erasure', 'erase', caseId, '--db', db, '--approver', 'dpo-1')).toMatchObject({ code: 2, stderr: expect.stringContaining('--legal-basis') })
    expect(await cli('erasure', 'erase', caseId, '--db', db, '--legal-basis', '个人信息保护法 第四十七条')).toMatchObject({ code: 2, stderr: expect.stringContaining('--approver') })
    // Nor with an empty --actor: the erasure on the log would name no one (before, it was recorded by '').
    for (const actor of ['', '  ']) {
      expect(await cli('erasure', 'erase', caseId, '--db', db, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--actor', actor)).toMatchObject({ code: 2, stderr: expect.stringContaining('--actor') })
    }
    expect(JSON.stringify((await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}`)).body)).toContain(NAME)
  })

  it('erases while the server runs: every view, export and rebuild then reads "erased", the other case is untouched, and verify still passes', async () => {
    const erased = await cli('erasure', 'erase', caseId, '--db', db, '--legal-basis', '个人信息保护法 第四十七条第一款第（一）项', '--approver', 'dpo-1', '--actor', 'admin-1', '--json')
    expect(erased.code).toBe(0)
    expect(JSON.parse(erased.stdout)).toMatchObject({ kind: 'erased', subjects: [`complaint-${caseId}#complainant`] })

    // The case, as the running server shows it (no restart: keys are read on every open).
    const shown = await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}`)
    expect(without(JSON.stringify(shown.body))).toEqual([])
    expect(shown.body).toMatchObject({ complainant: { name: 'erased', phone: 'erased', idNumber: 'erased' } })
    // History, as of its first version too.
    expect(without(JSON.stringify((await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}/history`)).body))).toEqual([])
    expect(without(JSON.stringify((await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}?version=0`)).body))).toEqual([])
    // The event log page and the list.
    const events = await call('admin', 'GET', '/api/v1/events?from=0&limit=100')
    expect(events.status).toBe(200)
    expect(JSON.stringify(events.body)).toContain('ComplaintRegistered')
    expect(without(JSON.stringify(events.body))).toEqual([])
    // The list (a read model that kept the state folded while the key existed) erases it on the erasure event.
    const list = (await call('hotline-operator', 'GET', '/api/v1/complaints?limit=100')).body['items'] as { id: string; complainant: { name: string }; address?: string }[]
    expect(without(JSON.stringify(list))).toEqual([])
    expect(list.find((c) => c.id === caseId)).toMatchObject({ complainant: { name: 'erased' }, address: 'erased' })
    // The other complainant's case still reads in full.
    expect((await call('hotline-operator', 'GET', `/api/v1/complaints/${otherId}`)).body).toMatchObject({ complainant: { name: '张先生', phone: '13800471111' } })

    // The live feed (SSE), from the start of the log.
    // The live feed is masked for every reader (DOMAIN.md): the other case's complainant shows as 张**.
    const feed = await feedUntil(server, '张**')
    expect(feed).toContain('ComplaintRegistered')
    expect(without(feed)).toEqual([])
    expect(feed).toContain('张**')

    // The audit CLI: history (with the state printed) and exports.
    const history = await cli('audit', 'history', caseId, '--db', db, '--version', '0', '--json')
    expect(history.code).toBe(0)
    expect(without(history.stdout)).toEqual([])
    expect(history.stdout).toContain('"erased"')
    for (const format of ['ndjson', 'csv']) {
      const exported = await cli('audit', 'export', '--format', format, '--db', db)
      expect(exported.code).toBe(0)
      const mine = exported.stdout.split('\n').filter((line) => line.includes(caseId)).join('\n')
      expect(mine).toContain('erased')
      expect(without(mine)).toEqual([])
    }
    // The dashboard rebuilt from position 0 reads the same log.
    expect((await cli('audit', 'rebuild', '--db', db, '--read-model', join(dir, 'rebuilt.sqlite'))).code).toBe(0)

    // Verification needs no key: the chains and the signed heads still hold.
    const verified = await bin('audit', 'verify', '--db', db)
    expect(verified.stdout).toMatch(/^ok: /)
    expect(verified.code).toBe(0)
    const heads = await call('auditor', 'GET', '/api/v1/audit/heads')
    const publicKey = join(dir, 'head.pub.pem')
    writeFileSync(publicKey, String(heads.body['publicKey']))
    expect((await cli('audit', 'receipt', '--db', db, '--out', join(dir, 'receipt.json'), '--public-key', publicKey)).code).toBe(0)
    const withReceipt = await cli('audit', 'verify', '--db', db, '--receipt', join(dir, 'receipt.json'), '--public-key', publicKey)
    expect(withReceipt.stdout).toMatch(/^ok: /)
    expect(withReceipt.code).toBe(0)
    const online = await call('auditor', 'GET', '/api/v1/audit/verify')
    expect(online.body).toMatchObject({ ok: true })
  })

  it('after a restart (case list and projections rebuilt from the log) the subject stays erased', async () => {
    await server.close()
    // The read models held the case opened; its rows were rewritten as erased, and the old bytes are not left in the
    // file's free space (secure_delete; the server's close folds the WAL in). Found in review: they were.
    const readModels = readFileSync(join(dir, 'read-models.sqlite'))
    expect(personal.filter((value) => readModels.includes(Buffer.from(value, 'utf8')))).toEqual([])
    rmSync(join(dir, 'read-models.sqlite'), { force: true })
    server = await start()
    const shown = await call('hotline-operator', 'GET', `/api/v1/complaints/${caseId}`)
    expect(shown.body).toMatchObject({ complainant: { name: 'erased' } })
    const events = await call('admin', 'GET', '/api/v1/events?from=0&limit=100')
    expect(JSON.stringify(events.body)).toContain('ComplaintRegistered')
    expect(without(JSON.stringify(events.body))).toEqual([])
    // The key is gone from the file, not only flagged: its row holds no key.
    const file = new Database(db, { readonly: true })
    const row = file.prepare<[string], { key: Buffer | null; erased_at: string | null }>('SELECT key, erased_at FROM subject_keys WHERE subject_id = ?').get(`complaint-${caseId}#complainant`)
    file.close()
    expect(row?.key).toBeNull()
    expect(row?.erased_at).toMatch(/^\d{4}-/)
    // Nor do its bytes linger in the file's free pages (secure_delete) or its write-ahead log (checkpointed).
    const files = [db, `${db}-wal`].flatMap((f) => (existsSync(f) ? [readFileSync(f)] : []))
    expect(files.some((bytes) => bytes.includes(key))).toBe(false)
    // What is due: both cases closed at registration (consultations answered); the erased one is no longer listed.
    const due = await cli('erasure', 'due', '--db', db, '--as-of', '2099-01-01T00:00:00Z', '--json')
    expect(due.code).toBe(0)
    expect((JSON.parse(due.stdout) as { due: { streamId: string }[] }).due.map((d) => d.streamId)).toEqual([`complaint-${otherId}`])
    expect(JSON.parse((await cli('erasure', 'due', '--db', db, '--json')).stdout)).toMatchObject({ due: [] })
    writeFileSync(join(dir, 'retention.json'), JSON.stringify({ complaint: 'three years' }))
    expect(await cli('erasure', 'due', '--db', db, '--retention', join(dir, 'retention.json'))).toMatchObject({ code: 2, stderr: expect.stringContaining('complaint') })
    // A misspelt field is refused, not dropped; a category no case is filed under is reported (the cases here: consultations).
    writeFileSync(join(dir, 'retention.json'), JSON.stringify({ complaint: 10, categroies: {} }))
    expect(await cli('erasure', 'due', '--db', db, '--retention', join(dir, 'retention.json'))).toMatchObject({ code: 2, stderr: expect.stringContaining('categroies: not a field') })
    writeFileSync(join(dir, 'retention.json'), JSON.stringify({ complaint: 10, categories: { niose: 1 } }))
    expect(await cli('erasure', 'due', '--db', db, '--retention', join(dir, 'retention.json'))).toMatchObject({ code: 0, stderr: expect.stringContaining('no case in the log is filed under: niose') })
    expect(await cli('erasure', 'due', '--db', join(dir, 'nothing.sqlite'))).toMatchObject({ code: 2, stderr: expect.stringContaining('no event store') })
    expect(existsSync(join(dir, 'nothing.sqlite'))).toBe(false)
    // Erasing again is harmless: recorded again, nothing left to destroy.
    expect((await cli('erasure', 'erase', caseId, '--db', db, '--legal-basis', 'again', '--approver', 'dpo-1')).code).toBe(0)
  })

  it('the chain covers the sealed text: a ciphertext changed in the file is a broken link, named', async () => {
    await server.close()
    const copy = join(dir, 'tampered.sqlite')
    await editedCopy(db, copy, (file) => {
      const row = file.prepare<[string], { position: number; data: string }>("SELECT position, data FROM events WHERE stream_id = ? AND type = 'ComplaintRegistered'").get(`complaint-${otherId}`)
      file.prepare('UPDATE events SET data = ? WHERE position = ?').run(withSealedTextChanged(row?.data ?? '{}', 'complainant'), row?.position ?? -1)
    })
    const verified = await cli('audit', 'verify', '--db', copy)
    expect(verified.code).toBe(1)
    expect(verified.stdout).toContain(`complaint-${otherId}`)
    server = await start()
  })

  it('export --sealed writes the log as written: it verifies on its own and holds no personal data in clear; an opened export does not verify (found in review)', async () => {
    const { readNdjson } = await import('@gridcase/adapters')
    const { verifyLog } = await import('@gridcase/core/audit')
    const sealed = await cli('audit', 'export', '--format', 'ndjson', '--sealed', '--db', db)
    expect(sealed.code).toBe(0)
    const read = readNdjson(sealed.stdout)
    expect(read._tag).toBe('Right')
    if (read._tag === 'Right') expect(verifyLog(read.right).ok).toBe(true)
    expect(partiesIn(sealed.stdout)).toEqual([])
    expect(sealed.stdout).not.toContain('张先生')
    const opened = await cli('audit', 'export', '--format', 'ndjson', '--db', db)
    const readOpened = readNdjson(opened.stdout)
    if (readOpened._tag === 'Right') expect(verifyLog(readOpened.right).ok).toBe(false)
    expect(opened.stdout).toContain('张先生')
    expect(await cli('audit', 'export', '--format', 'ndjson', '--sealed', '--mask', '--db', db)).toMatchObject({ code: 2, stderr: expect.stringContaining('--sealed and --mask') })
  })

  it('GET /api/v1/audit/verify holds the key table to the log too: a key set to NULL behind the server\'s back is a finding, named', async () => {
    const before = await call('auditor', 'GET', '/api/v1/audit/verify?full=true')
    // The recorded times too (read on the verify worker's pass over the SQLite file): none back in time here.
    expect(before.body).toMatchObject({ ok: true, erasures: { ok: true, erased: 1, findings: [] }, clock: { toleranceSeconds: 60, backwards: 0, capped: false, steps: [] } })
    const subject = `complaint-${otherId}#complainant`
    const file = new Database(db)
    const kept = file.prepare<[string], { key: Buffer }>('SELECT key FROM subject_keys WHERE subject_id = ?').get(subject)?.key
    expect(kept).toBeDefined()
    file.prepare("UPDATE subject_keys SET key = NULL, erased_at = '2026-12-04T09:00:00.000Z' WHERE subject_id = ?").run(subject)
    try {
      const faked = await call('auditor', 'GET', '/api/v1/audit/verify?full=true')
      expect(faked.body).toMatchObject({ ok: false, erasures: { ok: false, findings: [{ kind: 'destroyed-unrecorded', subject, streamId: `complaint-${otherId}` }] } })
    } finally {
      file.prepare('UPDATE subject_keys SET key = ?, erased_at = NULL WHERE subject_id = ?').run(kept ?? Buffer.alloc(0), subject)
      file.close()
    }
    expect((await call('auditor', 'GET', '/api/v1/audit/verify?full=true')).body).toMatchObject({ ok: true })
  })

  it('an erasure faked in the key table (a key set to NULL, or its row deleted) fails verify, named; the lawful one does not (found in review)', async () => {
    await server.close()
    try {
      // The lawful erasure of caseId (recorded on the log) passes.
      const lawful = await cli('audit', 'verify', '--db', db)
      expect(lawful.code).toBe(0)
      expect(lawful.stdout).toMatch(/ok: \d+ data subjects with personal data, each key kept or destroyed by an erasure on the log \(1 erased\)/)
      const subject = `complaint-${otherId}#complainant`
      // The whole table dropped: every subject's key missing (found in review: verify passed).
      const dropped = join(dir, 'faked-dropped.sqlite')
      await editedCopy(db, dropped, (tableless) => tableless.exec('DROP TABLE subject_keys'))
      const noTable = await cli('audit', 'verify', '--db', dropped)
      expect(noTable.code).toBe(1)
      expect(noTable.stdout).toContain(`complaint-${otherId}#complainant (case complaint-${otherId}): its key is not in the key table`)
      // A recorded erasure whose key is back (restored from a backup): its data opens again, reported.
      const restored = join(dir, 'restored-key.sqlite')
      expect(await editedCopy(db, restored, (back) => back.prepare('UPDATE subject_keys SET key = ?, erased_at = NULL WHERE subject_id = ?').run(Buffer.alloc(32, 7), `complaint-${caseId}#complainant`).changes)).toBe(1)
      const unfinished = await cli('audit', 'verify', '--db', restored)
      expect(unfinished.code).toBe(1)
      expect(unfinished.stdout).toContain('an erasure on the log names it, but its key is still in the key table')
      for (const [name, edit] of [['nulled', 'UPDATE subject_keys SET key = NULL, erased_at = ? WHERE subject_id = ?'], ['deleted', 'DELETE FROM subject_keys WHERE ? IS NOT NULL AND subject_id = ?']] as const) {
        const copy = join(dir, `faked-${name}.sqlite`)
        expect(await editedCopy(db, copy, (file) => file.prepare(edit).run('2026-12-04T09:00:00.000Z', subject).changes)).toBe(1)
        const verified = await cli('audit', 'verify', '--db', copy)
        expect(verified.code).toBe(1)
        expect(verified.stdout).toContain('ERASURES: 1 data subject(s) read as erased with no erasure on the log, or whose key does not open their data')
        expect(verified.stdout).toContain(subject)
        expect(verified.stdout).toContain(name === 'nulled' ? 'its key was destroyed' : 'its key is not in the key table')
        const json = JSON.parse((await cli('audit', 'verify', '--db', copy, '--json')).stdout) as { ok: boolean; erasures: { findings: { kind: string }[] } }
        expect(json).toMatchObject({ ok: false, erasures: { findings: [{ kind: name === 'nulled' ? 'destroyed-unrecorded' : 'key-missing' }] } })
      }
    } finally {
      server = await start()
    }
  })
})

describe("erasing a dispute's parties", () => {
  const absent = partiesIn

  it('seals the parties in the log, shows them on the case while the key exists, and erases them everywhere by the bare dispute id', async () => {
    const id = await disputeWithParties(call, call)
    // The log holds none of it in clear.
    const file = new Database(db, { readonly: true })
    const text = file.prepare<[string], { data: string }>('SELECT data FROM events WHERE stream_id = ?').all(`dispute-${id}`).map((r) => r.data).join('\n')
    file.close()
    expect(absent(text)).toEqual([])
    expect(text).toContain('"sealed:v2:parties"')
    // The handling mediator reads the parties in full.
    const before = await call('mediator', 'GET', `/api/v1/disputes/${id}`)
    expect(before.body).toMatchObject({ parties: [{ name: PARTY_A, phone: PHONE_A }, { name: PARTY_B }] })

    const erased = await cli('erasure', 'erase', id, '--db', db, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--json')
    expect(erased.code).toBe(0)
    expect(JSON.parse(erased.stdout)).toMatchObject({ streamId: `dispute-${id}`, subjects: [`dispute-${id}#parties`] })
    const after = await call('mediator', 'GET', `/api/v1/disputes/${id}`)
    expect(after.body).toMatchObject({ parties: [{ name: 'erased', phone: 'erased' }, { name: 'erased' }] })
    expect(absent(JSON.stringify((await call('mediator', 'GET', `/api/v1/disputes/${id}/history`)).body))).toEqual([])
    expect(absent(JSON.stringify((await call('street-officer', 'GET', '/api/v1/disputes?limit=100')).body))).toEqual([])
    expect(absent((await cli('audit', 'export', '--format', 'ndjson', '--db', db)).stdout)).toEqual([])
    const verified = await bin('audit', 'verify', '--db', db)
    expect(verified.stdout).toMatch(/^ok: /)

    // The case is still open: a command that writes the parties' personal data (a session's minutes) is refused, 409,
    // and nothing is written — not sealed under the destroyed key the server had kept (found in review: 200, and the
    // minutes lost), nor a 500 after a restart.
    // A command that writes no personal data goes on, and its answer (the case as it now stands) reads the parties
    // erased: the server's memory of the case, folded while the key existed, is not answered from (found in review).
    const graded = await call('mediator', 'POST', `/api/v1/disputes/${id}/grade-risk`, { grade: 'low', reason: '双方情绪平稳' })
    expect(graded.status).toBe(200)
    expect(absent(JSON.stringify(graded.body))).toEqual([])
    const eventsOf = async (): Promise<number> => JSON.stringify((await call('mediator', 'GET', `/api/v1/disputes/${id}/history`)).body).split('"eventId"').length
    const versionBefore = await eventsOf()
    for (const round of ['running', 'restarted']) {
      if (round === 'restarted') {
        await server.close()
        server = await start()
      }
      const refused = await call('mediator', 'POST', `/api/v1/disputes/${id}/record-session`, { minutes: '双方再次陈述' })
      expect(refused.status, round).toBe(409)
      expect(refused.body, round).toMatchObject({ type: 'urn:gridcase:problem:personal-data-erased', status: 409 })
      // So is an agreement, written or oral: its terms are the parties' data, and a written one's signatures cannot be
      // told from the parties' names, which read "erased" (found in review: 400, "expected every party's signature;
      // missing erased, erased", blaming the mediator's input for what the erasure did).
      const today = localDate(new Date().toISOString())
      for (const agreement of [
        { form: 'written', terms: ['赔偿维修费3000元'], signatures: [{ party: PARTY_A, signedOn: today }, { party: PARTY_B, signedOn: today }], mediatorSignedOn: today },
        { form: 'oral', terms: ['赔偿维修费3000元'], reachedOn: today },
      ]) {
        const agreed = await call('mediator', 'POST', `/api/v1/disputes/${id}/record-agreement`, agreement)
        expect(agreed.status, `${round}, ${agreement.form}: ${JSON.stringify(agreed.body)}`).toBe(409)
        expect(agreed.body, round).toMatchObject({ type: 'urn:gridcase:problem:personal-data-erased', status: 409 })
      }
      expect(await eventsOf(), round).toBe(versionBefore)
    }
  })
})

describe("an erased case's personal documents (identity documents, signed agreements, consents, applications)", () => {
  const upload = () => uploadJpeg(server)
  const register = async (name: string, attachments: { sha256: string; kind: string }[]) => {
    const created = await call('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'parking',
      title: '车位',
      description: '占用消防通道',
      jurisdiction: GRID,
      complainant: { name, phone: '13800479999' },
      attachments,
    })
    expect(created.status).toBe(201)
    return String(created.body['id'])
  }
  const fetchFile = async (sha256: string) => (await fetch(`${server.url}/api/v1/attachments/${sha256}`, { headers: { authorization: `Bearer ${server.demoTokens['hotline-operator']}` } })).status
  const files = () => join(dir, 'attachments')

  it('are deleted with the erasure (a file another case still names is kept until that case is erased too), and verify knows they went on purpose', async () => {
    const own = await upload()
    const shared = await upload()
    const photo = await upload()
    const signed = await upload()
    const sharedConsent = await upload()
    const first = await register('公孙策', [
      { sha256: own, kind: 'id-document' },
      { sha256: shared, kind: 'id-document' },
      { sha256: photo, kind: 'photo' },
      { sha256: signed, kind: 'agreement' },
      { sha256: sharedConsent, kind: 'consent' },
    ])
    const second = await register('包拯', [{ sha256: shared, kind: 'id-document' }, { sha256: sharedConsent, kind: 'consent' }])
    expect(existsSync(attachmentPath(files(), own))).toBe(true)

    const erased = await cli('erasure', 'erase', first, '--db', db, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--json')
    expect(erased.code).toBe(0)
    // Only its own: the shared scans are still named by a case that is not erased, and the photo is not personal data.
    // The identity document is listed where it always was (`idDocumentsErased`), the signed agreement beside it.
    expect(JSON.parse(erased.stdout)).toMatchObject({ kind: 'erased', idDocumentsErased: [own], personalDocumentsErased: [signed] })
    for (const gone of [own, signed]) {
      expect(existsSync(attachmentPath(files(), gone))).toBe(false)
      expect(await fetchFile(gone)).toBe(404)
    }
    for (const kept of [shared, sharedConsent, photo]) expect(existsSync(attachmentPath(files(), kept))).toBe(true)
    expect(await fetchFile(photo)).toBe(200)
    // Verify passes: the missing files are the erasure's, recorded in the log — not findings.
    const verified = await bin('audit', 'verify', '--db', db)
    expect(verified.stdout).toMatch(/^ok: /)
    expect(verified.stdout).toContain('2 reference(s) to personal documents deleted with their case')
    expect(verified.code).toBe(0)
    expect((await call('auditor', 'GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true, attachments: { erased: 2, findings: [] } })

    // Erased again (how the personal documents of a case erased before they were deleted with it go): a new erasure is
    // recorded, listing the same files (deleting is idempotent) and not the shared ones; the rest stay as they were.
    const twice = await cli('erasure', 'erase', first, '--db', db, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--json')
    expect(twice.code, twice.stderr).toBe(0)
    expect(JSON.parse(twice.stdout)).toMatchObject({ kind: 'erased', idDocumentsErased: [own], personalDocumentsErased: [signed] })
    for (const kept of [shared, sharedConsent, photo]) expect(existsSync(attachmentPath(files(), kept))).toBe(true)

    // The second case's erasure takes the shared scans: both cases' references to them are then erased on purpose.
    const again = await cli('erasure', 'erase', second, '--db', db, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--json')
    expect(JSON.parse(again.stdout)).toMatchObject({ kind: 'erased', idDocumentsErased: [shared], personalDocumentsErased: [sharedConsent] })
    expect(existsSync(attachmentPath(files(), shared))).toBe(false)
    expect(existsSync(attachmentPath(files(), sharedConsent))).toBe(false)
    const after = await cli('audit', 'verify', '--db', db)
    expect(after.code).toBe(0)
    expect(after.stdout).toContain('6 reference(s) to personal documents deleted with their case')
  })

  it('a file deleted by hand, not by an erasure, is reported missing until the case\'s erasure records it', async () => {
    const lost = await upload()
    const id = await register('韩信', [{ sha256: lost, kind: 'id-document' }])
    rmSync(attachmentPath(files(), lost))
    const verified = await cli('audit', 'verify', '--db', db)
    expect(verified.code).toBe(1)
    expect(verified.stdout).toContain(`attachment ${lost} is missing`)
    // With a receipt too (found in review: the files were not checked on that path).
    const heads = await call('auditor', 'GET', '/api/v1/audit/heads')
    const publicKey = join(dir, 'files-head.pub.pem')
    writeFileSync(publicKey, String(heads.body['publicKey']))
    const receipt = join(dir, 'files-receipt.json')
    rmSync(receipt, { force: true })
    expect((await cli('audit', 'receipt', '--db', db, '--out', receipt, '--public-key', publicKey)).code).toBe(0)
    const withReceipt = await cli('audit', 'verify', '--db', db, '--receipt', receipt, '--public-key', publicKey)
    expect(withReceipt.code).toBe(1)
    expect(withReceipt.stdout).toContain(`attachment ${lost} is missing`)
    // Erasing the case now records the file (it is gone already); verify then counts it as erased.
    expect((await cli('erasure', 'erase', id, '--db', db, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1')).code).toBe(0)
    expect((await cli('audit', 'verify', '--db', db)).code).toBe(0)
  })
})

describe('an erased case in the read-model file', () => {
  it('leaves no byte of its personal data in the file once erased, though the case was folded into the file before (secure_delete)', async () => {
    const own = mkdtempSync(join(tmpdir(), 'gridcase-erasure-rm-'))
    const env = { DATA_DIR: own, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' }
    let running = await startDemoServer(env)
    const ask = demoCall(() => running)
    try {
      // A complaint (not answered at once) whose row is rewritten by each command after it: old versions of it freed.
      const { answer: _answered, ...body } = consultation(NAME, PHONE, { address: ADDRESS })
      const created = await ask('hotline-operator', 'POST', '/api/v1/complaints', { ...body, kind: 'complaint' })
      expect(created.status).toBe(201)
      const id = String(created.body['id'])
      expect((await ask('hotline-operator', 'POST', `/api/v1/complaints/${id}/accept`, {})).status).toBe(200)
      for (let i = 0; i < 3; i += 1) expect((await ask('supervisor', 'POST', `/api/v1/complaints/${id}/add-note`, { note: `第${i + 1}次回访` })).status).toBe(200)
      // Closed: the read models are folded into their file, the case in it opened (what the test guards against).
      await running.close()
      const readModels = join(own, 'read-models.sqlite')
      expect(personal.filter((value) => readFileSync(readModels).includes(Buffer.from(value, 'utf8')))).not.toEqual([])
      running = await startDemoServer(env)
      for (let i = 3; i < 6; i += 1) expect((await ask('supervisor', 'POST', `/api/v1/complaints/${id}/add-note`, { note: `第${i + 1}次回访，情况较复杂，需要多部门协调处理` })).status).toBe(200)
      expect((await cli('erasure', 'erase', id, '--db', join(own, 'gridcase.sqlite'), '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1')).code).toBe(0)
      // The server takes the erasure in (its read models rewrite the case) …
      const deadline = Date.now() + 15_000
      let list = ''
      while (Date.now() < deadline) {
        list = JSON.stringify((await ask('hotline-operator', 'GET', '/api/v1/complaints?limit=50')).body)
        if (list.includes(id) && personalIn(list).length === 0) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(personalIn(list)).toEqual([])
      // … and once closed, no byte of the old rows is left in the file's free space.
      await running.close()
      expect(personal.filter((value) => readFileSync(readModels).includes(Buffer.from(value, 'utf8')))).toEqual([])
    } finally {
      await running.close().catch(() => undefined)
      rmSync(own, { recursive: true, force: true })
    }
  }, 60_000)
})
