// The auditor's `gridcase audit verify` re-hashes every attached file an event names, naming case, event and hash
// of each one altered or missing; `gridcase attachments gc` removes only uploads no event names, after the grace.
import { attachmentPath, fileAttachmentStore, runAttachmentsCli, runCli, sqliteEventStore } from '@gridcase/adapters'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { pdf, png, put, registerWith } from './support.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-attachments-cli-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const capture = () => {
  let text = ''
  const stdout = new PassThrough()
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
  const stderr = Object.assign(new PassThrough(), { isTTY: false })
  return { io: { stdout, stderr }, text: () => text }
}

const verify = async (db: string) => {
  const out = capture()
  const code = await runCli(['audit', 'verify', '--db', db], out.io)
  return { code, text: out.text() }
}

/** A log at `db` with one complaint naming one photo, kept in `folder`; both closed. The photo's stored record. */
const logWithPhoto = async (db: string, folder: string) => {
  const log = sqliteEventStore({ path: db })
  const files = fileAttachmentStore(folder)
  const photo = await put(files, png(), 'image/png')
  await registerWith(log, files, [photo.sha256])
  await log.close()
  await files.close()
  return photo
}

describe('gridcase audit verify: attachments', () => {
  it('is ok while every named file is intact; names case, event and hash of a file altered on disk and of one removed', async () => {
    const db = join(dir, 'gridcase.sqlite')
    const log = sqliteEventStore({ path: db })
    const files = fileAttachmentStore(join(dir, 'attachments'))
    const photo = await put(files, png(), 'image/png')
    const scan = await put(files, pdf(), 'application/pdf')
    const id = await registerWith(log, files, [photo.sha256, scan.sha256])
    const [event] = await log.readStream(`complaint-${id}`)
    await log.close()
    await files.close()

    const intact = await verify(db)
    expect(intact.code).toBe(0)
    expect(intact.text).toContain('ok: 2 attached files named by 2 references, every one intact')

    writeFileSync(attachmentPath(join(dir, 'attachments'), photo.sha256), png())
    unlinkSync(attachmentPath(join(dir, 'attachments'), scan.sha256))
    const broken = await verify(db)
    expect(broken.code).toBe(1)
    expect(broken.text).toContain(`complaint-${id} v0 (position 0, event ${event?.eventId}, ComplaintRegistered) attachments[0].sha256: attachment ${photo.sha256} was altered`)
    expect(broken.text).toContain(`complaint-${id} v0 (position 0, event ${event?.eventId}, ComplaintRegistered) attachments[1].sha256: attachment ${scan.sha256} is missing`)
    const json = capture()
    expect(await runCli(['audit', 'verify', '--db', db, '--json'], json.io)).toBe(1)
    const parsed = JSON.parse(json.text()) as { ok: boolean; attachments: { findings: { problem: string; sha256: string; eventId: string }[] } }
    expect(parsed.ok).toBe(false)
    expect(parsed.attachments.findings.map((f) => [f.problem, f.sha256, f.eventId])).toEqual([
      ['altered', photo.sha256, event?.eventId],
      ['missing', scan.sha256, event?.eventId],
    ])
  })
})

describe('gridcase audit verify: attachments, on a copy of the log alone', () => {
  it('says where it looked for the files, and how to point it elsewhere', async () => {
    // Found by a newcomer: README's `audit verify --db copy.sqlite …` on a copy made away from the server's data/ answered
    // "ATTACHMENTS: 2 of 2 references name a missing or altered file … is missing" (exit 1), saying neither where it had
    // looked nor that --attachments names the folder.
    const data = join(dir, 'data')
    const db = join(data, 'gridcase.sqlite')
    mkdirSync(data)
    const photo = await logWithPhoto(db, join(data, 'attachments'))
    const elsewhere = join(dir, 'audit')
    mkdirSync(elsewhere)
    const copy = join(elsewhere, 'copy.sqlite')
    copyFileSync(db, copy)

    const alone = await verify(copy)
    expect(alone.code).toBe(1)
    expect(alone.text).toContain(`attachment ${photo.sha256} is missing`)
    expect(alone.text).toContain(`no folder ${join(elsewhere, 'attachments')}`)
    expect(alone.text).toContain('--attachments')
    // Pointed at the server's folder, it finds them.
    const out = capture()
    expect(await runCli(['audit', 'verify', '--db', copy, '--attachments', join(data, 'attachments')], out.io)).toBe(0)
    // A folder that is there but lacks a file: named as the folder looked in.
    mkdirSync(join(elsewhere, 'attachments'))
    const empty = await verify(copy)
    expect(empty.code).toBe(1)
    expect(empty.text).toContain(`looked for in ${join(elsewhere, 'attachments')}`)
  })

  it('with --attachments, names that folder as the one given, and does not tell to give --attachments', async () => {
    // Found in review: `--attachments <dir>` naming a folder that is not there answered "no folder <dir>: the files are
    // looked for in attachments/ beside --db … or give --attachments <dir>" — neither is what verify did.
    const db = join(dir, 'gridcase.sqlite')
    const photo = await logWithPhoto(db, join(dir, 'attachments'))
    const typo = join(dir, 'attachmnets')
    const given = async (folder: string) => {
      const out = capture()
      return { code: await runCli(['audit', 'verify', '--db', db, '--attachments', folder], out.io), text: out.text() }
    }
    const absent = await given(typo)
    expect(absent.code).toBe(1)
    expect(absent.text).toContain(`attachment ${photo.sha256} is missing`)
    expect(absent.text).toContain(`no folder ${typo} (given by --attachments)`)
    expect(absent.text).not.toContain('beside --db')
    expect(absent.text).not.toContain('give --attachments')
    mkdirSync(typo)
    const empty = await given(typo)
    expect(empty.code).toBe(1)
    expect(empty.text).toContain(`looked for in ${typo} (given by --attachments;`)
    expect(empty.text).not.toContain('names another folder')
  })
})

describe('gridcase attachments gc', () => {
  it('removes an upload no event names once older than the grace period; keeps a named one however old, and a recent one', async () => {
    const db = join(dir, 'gridcase.sqlite')
    const log = sqliteEventStore({ path: db })
    const files = fileAttachmentStore(join(dir, 'attachments'))
    // Uploaded on 2026-03-02 (UTC); gc runs on 2026-03-12: ten days later, the grace is 7.
    const named = await put(files, png(), 'image/png', 'u', '2026-03-02T01:00:00.000Z')
    const orphan = await put(files, png(), 'image/png', 'u', '2026-03-02T01:00:00.000Z')
    const recent = await put(files, png(), 'image/png', 'u', '2026-03-10T01:00:00.000Z')
    await registerWith(log, files, [named.sha256])
    await log.close()
    await files.close()
    const now = () => Date.parse('2026-03-12T01:00:00.000Z')
    const path = (sha256: string) => attachmentPath(join(dir, 'attachments'), sha256)

    const dry = capture()
    expect(await runAttachmentsCli(['gc', '--db', db, '--dry-run'], { ...dry.io, now })).toBe(0)
    expect(dry.text()).toContain(`would remove 1 unnamed upload(s)`)
    expect(existsSync(path(orphan.sha256))).toBe(true)

    const run = capture()
    expect(await runAttachmentsCli(['gc', '--db', db], { ...run.io, now })).toBe(0)
    expect(run.text()).toContain(orphan.sha256)
    expect(existsSync(path(orphan.sha256))).toBe(false)
    expect(existsSync(path(named.sha256))).toBe(true)
    expect(existsSync(path(recent.sha256))).toBe(true)
    // The index forgets it too: a command naming it now is refused (upload it again).
    const reopened = fileAttachmentStore(join(dir, 'attachments'))
    expect(await reopened.has(orphan.sha256)).toBe(false)
    expect(await reopened.has(named.sha256)).toBe(true)
    await reopened.close()

    const usage = capture()
    expect(await runAttachmentsCli(['gc', '--db', db, '--grace-days', 'soon'], { ...usage.io, now })).toBe(2)
  })
})
