// An Idempotency-Key's fingerprint beside a case written in clear (with sealing off, or by a build before fingerprints
// were sealed), found in review (2026-12-04) after the fingerprint was sealed:
// - its fingerprint in clear outlived the case's erasure in the export (and a retry with the guessed body replayed
//   against it): it now reads "erased" once the subject is, as personal text in clear does;
// - a later keyed command seals its fingerprint under the complainant's subject, whose key is made for it alone: verify
//   neither counted that subject nor tried its key, so a key replaced in the table passed, and export and history died.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sealedSqliteStore, sqliteEventStore } from '@gridcase/adapters'
import type { EventStore, NewEvent } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { cliInProcess as cli } from './helpers/cliInProcess.js'
import { editedCopy } from './helpers/editedCopy.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-fingerprints-'))
const db = join(dir, 'gridcase.sqlite')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const CLEAR = 'c'.repeat(64)
const SEALED = 'd'.repeat(64)
const actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot/saihan' } as const
const meta = (commandId: string, requestHash: string) => ({ commandId, correlationId: commandId, causationId: commandId, actor, occurredAt: '2026-03-02T09:00:00+08:00', requestHash })
const append = async (store: EventStore, event: NewEvent): Promise<void> => {
  const written = await store.appendToStream('complaint-e', [event], { expectedVersion: 'any' })
  if (E.isLeft(written)) throw new Error(JSON.stringify(written.left))
}

beforeAll(async () => {
  const plain = sqliteEventStore({ path: db })
  try {
    await append(plain, {
      type: 'ComplaintRegistered',
      schemaVersion: 1,
      data: { channel: 'hotline-12345', kind: 'help', category: 'lighting', title: '路灯不亮', description: '小区东门路灯不亮', jurisdiction: 'hohhot/saihan/street-1', complainant: { name: '欧阳淑芬', phone: '13904719876' } },
      metadata: meta('c1', CLEAR),
    })
  } finally {
    await plain.close()
  }
  const sealed = sealedSqliteStore({ path: db })
  try {
    await append(sealed, { type: 'NoteAdded', schemaVersion: 1, data: { note: '已电话回访' }, metadata: meta('c2', SEALED) })
  } finally {
    await sealed.close()
  }
})

it("the key a fingerprint alone is sealed under is tried by verify: replaced in the table, it is key-wrong", async () => {
  const untouched = await cli('audit', 'verify', '--db', db, '--json')
  expect(untouched.code, untouched.stdout).toBe(0)
  const copy = join(dir, 'replaced.sqlite')
  expect(await editedCopy(db, copy, (file) => file.prepare("UPDATE subject_keys SET key = randomblob(32) WHERE subject_id = 'complaint-e#complainant'").run().changes)).toBe(1)
  const verified = await cli('audit', 'verify', '--db', copy, '--json')
  expect(verified.code, verified.stdout).toBe(1)
  expect(JSON.parse(verified.stdout)).toMatchObject({ ok: false, erasures: { ok: false, findings: [{ kind: 'key-wrong', subject: 'complaint-e#complainant', streamId: 'complaint-e', position: 1 }] } })
})

it('once the case is erased, no fingerprint of it is read: the one in clear reads "erased" as the sealed one does', async () => {
  const before = await cli('audit', 'export', '--db', db, '--format', 'ndjson')
  expect(before.code, before.stderr).toBe(0)
  expect([before.stdout.includes(CLEAR), before.stdout.includes(SEALED)]).toEqual([true, true])
  const erased = await cli('erasure', 'erase', 'e', '--db', db, '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1')
  expect(erased.code, erased.stderr).toBe(0)
  const after = await cli('audit', 'export', '--db', db, '--format', 'ndjson')
  expect(after.code, after.stderr).toBe(0)
  const fingerprints = after.stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { streamId: string; metadata: { requestHash?: string } }))
    .filter((event) => event.streamId === 'complaint-e')
    .map((event) => event.metadata.requestHash)
  expect(fingerprints).toEqual(['erased', 'erased'])
})
