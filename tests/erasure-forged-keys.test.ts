// The key table beside a sealed SQLite log, tampered with by someone with write access to the database (found in review,
// 2026-12-04): a kept key replaced by another (or by bytes that are no key) passed verify, after which history and export
// of the whole log died on an AES-GCM error naming nothing; and a row that both keeps its key and says it was erased read
// "erased" in every view while verify, which counts a subject erased only when its key is gone, said ok.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sealedSqliteStore, sqliteEventStore } from '@gridcase/adapters'
import type { NewEvent } from '@gridcase/core'
import type { RunningServer } from '@gridcase/http'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliInProcess as cli } from './helpers/cliInProcess.js'
import { editedCopy } from './helpers/editedCopy.js'
import { demoCall, startDemoServer } from './http/helpers/demoServer.js'
import { consultation, disputeWithParties, PARTY_A, PARTY_B } from './support/erasureCases.js'
import { until } from './helpers/until.js'
import { UNREADABLE } from '@gridcase/core/privacy'
import { localDate } from '@gridcase/core/calendar'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-forged-keys-'))
const db = join(dir, 'gridcase.sqlite')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const NAME = '欧阳淑芬'
const actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot/saihan' } as const
const registered = (n: number): NewEvent => ({
  type: 'ComplaintRegistered',
  schemaVersion: 1,
  data: { channel: 'hotline-12345', kind: 'help', category: 'lighting', title: `${NAME}反映路灯不亮 ${n}`, description: `本人${NAME}，小区东门路灯不亮`, jurisdiction: 'hohhot/saihan/street-1', complainant: { name: NAME, phone: '13904719876' } },
  metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor, occurredAt: '2026-03-02T09:00:00+08:00' },
})
const cases = ['complaint-a', 'complaint-b', 'complaint-c']
const subjectOf = (streamId: string) => `${streamId}#complainant`

beforeAll(async () => {
  const store = sealedSqliteStore({ path: db })
  try {
    for (const [i, streamId] of cases.entries()) {
      const written = await store.appendToStream(streamId, [registered(i)], { expectedVersion: 'no-stream' })
      if (E.isLeft(written)) throw new Error(JSON.stringify(written.left))
    }
  } finally {
    await store.close()
  }
  // A case written with sealing off (or by a build before its text was sealed): its personal data in clear.
  const plain = sqliteEventStore({ path: db })
  try {
    const written = await plain.appendToStream('complaint-d', [registered(3)], { expectedVersion: 'no-stream' })
    if (E.isLeft(written)) throw new Error(JSON.stringify(written.left))
  } finally {
    await plain.close()
  }
})

/**
 * A server over a data directory of its own: `open` opens the cases and names the subjects whose kept keys are then
 * replaced in the key table; the server is started again (it has not kept the cases' state: it folds the unreadable
 * values) and `check` runs against it; nothing it did may have been written.
 */
const withKeysReplaced = async (
  prefix: string,
  open: (call: ReturnType<typeof demoCall>) => Promise<readonly string[]>,
  check: (call: ReturnType<typeof demoCall>) => Promise<void>,
): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), prefix))
  let server: RunningServer | undefined
  const call = demoCall(() => server as RunningServer)
  const env = { DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' }
  const events = (file: Database.Database): number => (file.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
  try {
    server = await startDemoServer(env)
    const subjects = await open(call)
    const file = new Database(join(dataDir, 'gridcase.sqlite'))
    for (const subject of subjects) expect(file.prepare('UPDATE subject_keys SET key = randomblob(32) WHERE subject_id = ?').run(subject).changes).toBe(1)
    const before = events(file)
    file.close()
    await server.close()
    server = undefined
    server = await startDemoServer(env)
    await check(call)
    const after = new Database(join(dataDir, 'gridcase.sqlite'), { readonly: true })
    expect(events(after)).toBe(before)
    after.close()
  } finally {
    await server?.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

describe('a kept key replaced in the key table', () => {
  it('the untouched log verifies, and its history opens', async () => {
    const verified = await cli('audit', 'verify', '--db', db, '--json')
    expect(verified, verified.stderr).toMatchObject({ code: 0 })
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, erasures: { ok: true, subjects: 4 } })
    expect((await cli('audit', 'history', 'complaint-b', '--version', '0', '--db', db)).stdout).toContain(NAME)
  })

  it('another key, or bytes that are no key: verify reports the subject whose key does not open its sealed data, and history and export name the event they cannot open', async () => {
    for (const [name, edit] of [
      ['random', `UPDATE subject_keys SET key = randomblob(32) WHERE subject_id = '${subjectOf('complaint-b')}'`],
      ['another case\'s', `UPDATE subject_keys SET key = (SELECT key FROM subject_keys WHERE subject_id = '${subjectOf('complaint-a')}') WHERE subject_id = '${subjectOf('complaint-b')}'`],
      ['not a key', `UPDATE subject_keys SET key = x'00' WHERE subject_id = '${subjectOf('complaint-b')}'`],
    ] as const) {
      const copy = join(dir, `${name.replace(/\W+/g, '-')}.sqlite`)
      expect(await editedCopy(db, copy, (file) => file.prepare(edit).run().changes)).toBe(1)
      const verified = await cli('audit', 'verify', '--db', copy, '--json')
      expect(verified.code, `${name}: ${verified.stdout}`).toBe(1)
      expect(JSON.parse(verified.stdout), name).toMatchObject({ ok: false, erasures: { ok: false, findings: [{ kind: 'key-wrong', subject: subjectOf('complaint-b'), streamId: 'complaint-b' }] } })
      const text = await cli('audit', 'verify', '--db', copy)
      expect(text.stdout).toContain(`${subjectOf('complaint-b')} (case complaint-b): its key does not open its sealed data`)
      for (const command of [['history', 'complaint-b', '--version', '0'], ['export', '--format', 'ndjson']]) {
        const failed = await cli('audit', ...command, '--db', copy)
        expect(failed.code, `${name}: ${command.join(' ')}`).toBe(3)
        expect(failed.stderr, `${name}: ${command.join(' ')}`).toContain(`complaint-b v0 (position 1): its sealed data of ${subjectOf('complaint-b')} does not open`)
      }
    }
  })
})

describe('a key row that keeps its key and says it was erased', () => {
  it('is read as the key table holds it: not erased (the key opens), as verify counts it (found in review: every view read "erased", verify said ok)', async () => {
    const copy = join(dir, 'faked-erasure.sqlite')
    // The case in clear: a row with a key and an erasure time, as the one of defect 3 (a sealed case's data opens with its
    // key whatever the row says; text in clear reads "erased" only for an erased subject).
    expect(await editedCopy(db, copy, (file) => file.prepare(`INSERT INTO subject_keys (subject_id, key, erased_at) VALUES ('${subjectOf('complaint-d')}', randomblob(32), '2026-12-04T09:00:00.000Z')`).run().changes)).toBe(1)
    const history = await cli('audit', 'history', 'complaint-d', '--version', '0', '--db', copy)
    expect(history, history.stderr).toMatchObject({ code: 0 })
    expect(history.stdout).toContain(NAME)
    expect(history.stdout).not.toContain('"erased"')
    const due = await cli('erasure', 'due', '--db', copy, '--json')
    expect(due.stdout, due.stderr).not.toContain('"erased"')
    const verified = await cli('audit', 'verify', '--db', copy, '--json')
    expect(JSON.parse(verified.stdout)).toMatchObject({ erasures: { ok: true, erased: 0 } })
  })
})

describe('the server\'s verification', () => {
  it('GET /api/v1/audit/verify tries each kept key too: one replaced in the table is key-wrong, told only to those who may read its case', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-forged-keys-server-'))
    let server: RunningServer | undefined
    const call = demoCall(() => server as RunningServer)
    try {
      server = await startDemoServer({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' })
      const created = await call('hotline-operator', 'POST', '/api/v1/complaints', consultation(NAME, '13904719876'))
      expect(created.status).toBe(201)
      const streamId = `complaint-${String(created.body['id'])}`
      // A case outside the supervisor's district (赛罕区), in the city auditor's.
      const elsewhere = await call('hotline-operator', 'POST', '/api/v1/complaints', consultation('赵六', '13800470000', { jurisdiction: 'hohhot/xincheng/street-9/community-1/grid-1' }))
      expect(elsewhere.status).toBe(201)
      const outside = `complaint-${String(elsewhere.body['id'])}`
      expect((await call('auditor', 'GET', '/api/v1/audit/verify?full=true')).body).toMatchObject({ ok: true, streams: 2, erasures: { ok: true } })
      const file = new Database(join(dataDir, 'gridcase.sqlite'))
      for (const id of [streamId, outside]) expect(file.prepare('UPDATE subject_keys SET key = randomblob(32) WHERE subject_id = ?').run(subjectOf(id)).changes).toBe(1)
      file.close()
      const verified = await call('auditor', 'GET', '/api/v1/audit/verify?full=true')
      expect(verified.body).toMatchObject({ ok: false, erasures: { ok: false } })
      const findings = (verified.body['erasures'] as { findings: { kind: string; subject: string; streamId: string }[] }).findings
      expect(findings.sort((a, b) => a.streamId.localeCompare(b.streamId))).toEqual(
        [streamId, outside].sort().map((id) => expect.objectContaining({ kind: 'key-wrong', subject: subjectOf(id), streamId: id })),
      )
      // What an actor may not read does not exist for it: the supervisor of 赛罕区 is told of its own district's case only.
      const forSupervisor = await call('supervisor', 'GET', '/api/v1/audit/verify?full=true')
      expect(forSupervisor.body).toMatchObject({ ok: false, streams: 1, erasures: { findings: [{ kind: 'key-wrong', streamId }] } })
      expect((forSupervisor.body['erasures'] as { findings: unknown[] }).findings).toHaveLength(1)
      expect(JSON.stringify(forSupervisor.body)).not.toContain(String(elsewhere.body['id']))
    } finally {
      await server?.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('a key replaced before the read models passed its case: they go on (found in review: they stopped there for good, every later case unlisted, the case hidden from verify, and the server could not start again), the case reads "unreadable", verify names it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-forged-keys-stall-'))
    let server: RunningServer | undefined
    const call = demoCall(() => server as RunningServer)
    const env = { DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' }
    try {
      server = await startDemoServer(env)
      const first = await call('hotline-operator', 'POST', '/api/v1/complaints', consultation('欧阳淑芬', '13904719876'))
      expect((await call('auditor', 'GET', '/api/v1/audit/verify?full=true')).body).toMatchObject({ ok: true, streams: 1 })
      // Registered, and its key replaced at once (before the read models could open it; they have not, nobody waited).
      const forged = await call('hotline-operator', 'POST', '/api/v1/complaints', consultation('赵六', '13800470000'))
      expect(forged.status).toBe(201)
      const streamId = `complaint-${String(forged.body['id'])}`
      const file = new Database(join(dataDir, 'gridcase.sqlite'))
      expect(file.prepare('UPDATE subject_keys SET key = randomblob(32) WHERE subject_id = ?').run(subjectOf(streamId)).changes).toBe(1)
      file.close()
      const later = await call('hotline-operator', 'POST', '/api/v1/complaints', consultation('钱七', '13800472222'))
      expect(later.status).toBe(201)
      const ids = [first, forged, later].map((c) => String(c.body['id']))
      let seen = ''
      const listed = async () => {
        const items = (await call('admin', 'GET', '/api/v1/complaints?limit=10')).body['items'] as { id: string; complainant?: { name: string } }[]
        seen = JSON.stringify(items)
        return items
      }
      await until(async () => (await listed()).length === 3, { state: () => seen })
      // Whether the list and the case view show the forged case "unreadable" here depends on the race: the read models
      // may have opened its event before its key was replaced, and this server then holds the key it made (a CI run at
      // load 8 listed 赵*; 5 runs of 6 at load 6 showed the case in full). After the restart below, with nothing held,
      // both must.
      const shown = await call('hotline-operator', 'GET', `/api/v1/complaints/${ids[1]}`)
      expect(shown.status).toBe(200)
      expect([UNREADABLE, '赵六']).toContain((shown.body['complainant'] as { name: string }).name)
      const verified = await call('auditor', 'GET', '/api/v1/audit/verify?full=true')
      expect(verified.body).toMatchObject({ ok: false, streams: 3, erasures: { findings: [{ kind: 'key-wrong', streamId }] } })
      // And a server started again over the same files, its read models rebuilt from position 0 (so that they must pass
      // the forged event whatever the race above did), starts, and lists all three.
      await server.close()
      server = undefined
      for (const name of readdirSync(dataDir)) if (name.startsWith('read-models.sqlite')) rmSync(join(dataDir, name))
      server = await startDemoServer(env)
      await until(async () => (await listed()).length === 3, { state: () => seen })
      expect((await listed()).find((c) => c.id === ids[1])).toMatchObject({ complainant: { name: UNREADABLE } })
      expect((await call('hotline-operator', 'GET', `/api/v1/complaints/${ids[1]}`)).body).toMatchObject({ complainant: { name: UNREADABLE, phone: UNREADABLE } })
    } finally {
      await server?.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)

  it('a command that would write the unreadable data again (a referral copies the complainant as its applicant) is refused, 409 personal-data-unreadable, nothing written (found in review: "unreadable" was sealed as the name and phone)', async () => {
    let id = ''
    let owned = ''
    await withKeysReplaced(
      'gridcase-forged-keys-refer-',
      async (call) => {
        const created = await call('hotline-operator', 'POST', '/api/v1/complaints', { ...consultation('王芳', '13800138000'), kind: 'complaint', category: 'property', answer: undefined })
        expect(created.status, JSON.stringify(created.body)).toBe(201)
        id = String(created.body['id'])
        const grid = { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017' }
        for (const [role, command, body] of [['hotline-operator', 'accept', {}], ['hotline-operator', 'dispatch', { unit: grid }], ['grid-worker', 'acknowledge', {}]] as const) {
          const done = await call(role, 'POST', `/api/v1/complaints/${id}/${command}`, body)
          expect(done.status, `${command}: ${JSON.stringify(done.body)}`).toBe(200)
        }
        // A complaint the resident filed itself (it may add to it), its key replaced too.
        const mine = await call('resident', 'POST', '/api/v1/complaints', { ...consultation('王女士', '13800471234'), channel: 'mini-program', kind: 'complaint', category: 'property', answer: undefined })
        expect(mine.status, JSON.stringify(mine.body)).toBe(201)
        owned = String(mine.body['id'])
        return [subjectOf(`complaint-${id}`), subjectOf(`complaint-${owned}`)]
      },
      async (call) => {
        const referred = await call('grid-worker', 'POST', `/api/v1/complaints/${id}/refer-to-mediation`, { disputeId: crypto.randomUUID(), disputeCategory: 'property', respondents: [{ name: '某物业公司', phone: '0471-6612345' }], summary: '物业费争议' })
        expect(referred.status, JSON.stringify(referred.body)).toBe(409)
        expect(referred.body).toMatchObject({ type: 'urn:gridcase:problem:personal-data-unreadable' })
        // Nor is new personal data sealed under the key that does not open the old (found in a hands-on review: a
        // supplement was, and would have read "unreadable" in turn once the right key was put back).
        const supplemented = await call('resident', 'POST', `/api/v1/complaints/${owned}/supplement`, { text: '补充：车位仍被占' })
        expect(supplemented.status, JSON.stringify(supplemented.body)).toBe(409)
        expect(supplemented.body).toMatchObject({ type: 'urn:gridcase:problem:personal-data-unreadable' })
      },
    )
  }, 60_000)

  it('a command checked against the parties\' names (an agreement\'s signatures, who agreed to an extension) is refused as sealing refuses it, 409 personal-data-unreadable, not 400 (found in review: "expected every party\'s signature; missing unreadable, unreadable")', async () => {
    let id = ''
    await withKeysReplaced(
      'gridcase-forged-keys-agree-',
      async (call) => {
        id = await disputeWithParties(call, call)
        return [`dispute-${id}#parties`]
      },
      async (call) => {
        expect((await call('mediator', 'GET', `/api/v1/disputes/${id}`)).body).toMatchObject({ parties: [{ name: UNREADABLE }, { name: UNREADABLE }] })
        // The mediator signs with the names it knows: the case cannot tell whether they are its parties' (their names do
        // not open), nor seal them under a key that does not open the rest. Not the caller's input at fault: the case's data.
        const today = localDate(new Date().toISOString())
        const signed = { form: 'written', terms: ['赔偿维修费3000元'], signatures: [{ party: PARTY_A, signedOn: today }, { party: PARTY_B, signedOn: today }], mediatorSignedOn: today }
        const written = await call('mediator', 'POST', `/api/v1/disputes/${id}/record-agreement`, signed)
        expect(written.status, JSON.stringify(written.body)).toBe(409)
        expect(written.body).toMatchObject({ type: 'urn:gridcase:problem:personal-data-unreadable' })
        // Nor by naming the placeholder: "unreadable" is no party's name.
        const placeholder = await call('mediator', 'POST', `/api/v1/disputes/${id}/record-agreement`, { ...signed, signatures: [{ party: UNREADABLE, signedOn: today }], mediatorSignedOn: today })
        expect(placeholder.status, JSON.stringify(placeholder.body)).toBe(409)
        expect(placeholder.body).toMatchObject({ type: 'urn:gridcase:problem:personal-data-unreadable' })
        // An oral agreement compares no names; its terms are the parties' data, refused as they were before.
        const oral = await call('mediator', 'POST', `/api/v1/disputes/${id}/record-agreement`, { form: 'oral', terms: ['赔偿维修费3000元'], reachedOn: today })
        expect(oral.status, JSON.stringify(oral.body)).toBe(409)
        expect(oral.body).toMatchObject({ type: 'urn:gridcase:problem:personal-data-unreadable' })
        const extended = await call('mediator', 'POST', `/api/v1/disputes/${id}/extend-mediation`, { days: 10, reason: '双方同意延期', agreedBy: [PARTY_A, PARTY_B] })
        expect(extended.status, JSON.stringify(extended.body)).toBe(409)
        expect(extended.body).toMatchObject({ type: 'urn:gridcase:problem:personal-data-unreadable' })
      },
    )
  }, 60_000)
})
