// The sealed SQLite store writes a new data subject's key in the transaction of the first events sealed under it
// (Append.keys): one commit, and never events without their key nor a key without events.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventStore, NewEvent } from '@gridcase/core'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { eraseCase, sealedSqliteStore } from './erasure.js'
import { aesGcmFieldCipher, sqliteSubjectKeys } from './subjectKeys.js'
import { sqliteEventStore } from '../sqlite/store.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-sealed-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const newPath = () => join(dir, `s${(files += 1)}.sqlite`)

const meta = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'op', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-01-01T00:00:00Z' }
const registered = (name: string): NewEvent => ({ type: 'ComplaintRegistered', schemaVersion: 1, data: { category: 'noise', jurisdiction: 'hohhot', complainant: { name, phone: '13912345678' } }, metadata: meta })
const referral = (applicant: string, respondent: string): NewEvent => ({ type: 'ComplaintReferredToMediation', schemaVersion: 1, data: { applicant: { name: applicant, phone: '13912345678' }, respondents: [{ name: respondent }] }, metadata: meta })
const noted: NewEvent = { type: 'ComplaintNoted', schemaVersion: 1, data: { note: 'n' }, metadata: meta }
const keyRows = (path: string) => {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare<[], { subject_id: string }>('SELECT subject_id FROM subject_keys ORDER BY subject_id').all().map((r) => r.subject_id)
  } finally {
    db.close()
  }
}
const nameOf = async (store: EventStore, streamId: string) => ((await store.readStream(streamId))[0]?.data as { complainant?: { name?: string } } | undefined)?.complainant?.name

describe('the sealed SQLite store and its subjects’ keys', () => {
  it('commits a new subject’s key with the events sealed under it: an append whose events fail leaves no key behind', async () => {
    const path = newPath()
    const store = sealedSqliteStore({ path })
    const db = new Database(path)
    db.exec("CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.type = 'Boom' BEGIN SELECT RAISE(ABORT, 'boom'); END")
    await expect(store.appendToStream('complaint-1', [registered('张三'), { ...noted, type: 'Boom' }], { expectedVersion: 'no-stream' })).rejects.toThrow(/boom/)
    // Neither the events nor the key (before, the key was committed on its own, ahead of the events).
    expect(keyRows(path)).toEqual([])
    expect(await store.readStream('complaint-1')).toEqual([])
    db.exec('DROP TRIGGER boom')
    db.close()
    // The key stays this process's, unstored, and the next append sealed under it stores it.
    await store.appendToStream('complaint-1', [registered('张三')], { expectedVersion: 'no-stream' })
    expect(keyRows(path)).toEqual(['complaint-1#complainant'])
    await store.close()
    const reopened = sealedSqliteStore({ path })
    expect(await nameOf(reopened, 'complaint-1')).toBe('张三')
    await reopened.close()
  })

  it('refuses at its commit an append sealed under a key another process stored (or erased) first, and seals it once more asking the table: it commits under that key (or is refused as erased), nothing written under the other', async () => {
    for (const writer of ['main', 'thread'] as const) {
      const path = newPath()
      const store = sealedSqliteStore({ path, writer })
      const cli = sqliteSubjectKeys(path)
      // Sealed (the key made in this process) and sent; the other process stores its key for the subject first.
      const racing = store.appendToStream('complaint-2', [registered('赵六')], { expectedVersion: 'any' })
      const theirs = cli.keyOf('complaint-2#complainant', true) as Buffer
      expect((await racing)._tag).toBe('Right')
      expect(await store.readStream('complaint-2')).toHaveLength(1)
      // An erasure by the CLI while an append under a key not stored yet is in flight: the append is refused, sealed
      // again, and refused as erased: nothing written.
      const erasing = store.appendToStream('complaint-3', [registered('钱七')], { expectedVersion: 'any' })
      cli.destroy('complaint-3#complainant', '2026-01-01T00:00:00Z')
      await expect(erasing).rejects.toThrow(/was erased: nothing more is written/)
      expect(await store.readStream('complaint-3')).toEqual([])
      // The same for a key this process had stored and kept (a case's later events): destroyed by the CLI, the next
      // append sealed from memory is held to the table at its commit (found in review: it committed under the kept key).
      expect((await store.appendToStream('complaint-4', [registered('孙八')], { expectedVersion: 'no-stream' }))._tag).toBe('Right')
      cli.destroy('complaint-4#complainant', '2026-01-01T00:00:00Z')
      await expect(store.appendToStream('complaint-4', [registered('孙八')], { expectedVersion: 'any' })).rejects.toThrow(/was erased: nothing more is written/)
      expect(await store.readStream('complaint-4')).toHaveLength(1)
      // What was sealed under the other process's key opens with it.
      const reader = sqliteSubjectKeys(path, { readonly: true })
      expect((reader.keyOf('complaint-2#complainant', false) as Buffer).equals(theirs)).toBe(true)
      reader.close()
      cli.close()
      await store.close()
      const reopened = sealedSqliteStore({ path })
      expect(await nameOf(reopened, 'complaint-2')).toBe('赵六')
      await reopened.close()
    }
  })

  it('an append that expects no stream, refused for a key another process stored (or erased) first, is sealed again asking the table: it commits under that key (or is refused as erased)', async () => {
    for (const writer of ['main', 'thread'] as const) {
      const path = newPath()
      const store = sealedSqliteStore({ path, writer })
      const cli = sqliteSubjectKeys(path)
      const racing = store.appendToStream('complaint-2', [registered('赵六')], { expectedVersion: 'no-stream' })
      const theirs = cli.keyOf('complaint-2#complainant', true) as Buffer
      expect((await racing)._tag).toBe('Right')
      expect(await nameOf(store, 'complaint-2')).toBe('赵六')
      const erasing = store.appendToStream('complaint-3', [registered('钱七')], { expectedVersion: 'no-stream' })
      cli.destroy('complaint-3#complainant', '2026-01-01T00:00:00Z')
      await expect(erasing).rejects.toThrow(/was erased: nothing more is written/)
      expect(await store.readStream('complaint-3')).toEqual([])
      cli.close()
      await store.close()
      // Sealed under the other process's key: it opens from a fresh process.
      const reader = sqliteSubjectKeys(path, { readonly: true })
      expect((reader.keyOf('complaint-2#complainant', false) as Buffer).equals(theirs)).toBe(true)
      reader.close()
      const reopened = sealedSqliteStore({ path })
      expect(await nameOf(reopened, 'complaint-2')).toBe('赵六')
      await reopened.close()
    }
  })

  it('a sealing that throws partway leaves no key for an unrelated append to carry: an empty append stores none as if stored, and the subject’s next events open', async () => {
    for (const writer of ['main', 'thread'] as const) {
      const path = newPath()
      const store = sealedSqliteStore({ path, writer })
      // The respondents' subject of complaint-1 was erased; its complainant has no key yet.
      const cli = sqliteSubjectKeys(path)
      cli.destroy('complaint-1#respondents', '2026-01-01T00:00:00Z')
      cli.close()
      // Sealing the applicant (the complainant: a new key) succeeds, then the respondents' throws (erased).
      await expect(store.appendToStream('complaint-1', [referral('李四', '赵五')], { expectedVersion: 'any' })).rejects.toThrow(/was erased: nothing more is written/)
      // An append with no events, then one with events of another case: neither carries the complainant's key.
      expect((await store.appendToStream('complaint-2', [], { expectedVersion: 'any' }))._tag).toBe('Right')
      expect((await store.appendToStream('complaint-3', [noted], { expectedVersion: 'any' }))._tag).toBe('Right')
      expect(keyRows(path)).toEqual(['complaint-1#respondents'])
      // The complainant's next events are sealed under its key and carry it: they open, here and from a fresh process.
      expect((await store.appendToStream('complaint-1', [registered('张三')], { expectedVersion: 'any' }))._tag).toBe('Right')
      expect(await nameOf(store, 'complaint-1')).toBe('张三')
      await store.close()
      const reopened = sealedSqliteStore({ path })
      expect(await nameOf(reopened, 'complaint-1')).toBe('张三')
      await reopened.close()
    }
  })

  it('an append with no events that carries keys stores them in its transaction: its success means they are in the table', async () => {
    for (const writer of ['main', 'thread'] as const) {
      const path = newPath()
      sqliteSubjectKeys(path).close()
      const store = sqliteEventStore({ path, writer })
      const key = Buffer.alloc(32, 7)
      expect((await store.appendWithKeys('complaint-1', [], { expectedVersion: 'any' }, [{ subjectId: 'complaint-1#complainant', key }]))._tag).toBe('Right')
      // Refused for its version: nothing stored.
      expect((await store.appendWithKeys('complaint-2', [], { expectedVersion: 5 }, [{ subjectId: 'complaint-2#complainant', key }]))._tag).toBe('Left')
      await store.close()
      expect(keyRows(path)).toEqual(['complaint-1#complainant'])
    }
  })

  it("on ':memory:' (a database per connection) the keys stay in the key store's own, stored when made", async () => {
    const store = sealedSqliteStore({ path: ':memory:' })
    await store.appendToStream('complaint-4', [registered('孙八')], { expectedVersion: 'no-stream' })
    expect(await nameOf(store, 'complaint-4')).toBe('孙八')
    expect(JSON.stringify(await store.unsealed.readStream('complaint-4'))).not.toContain('孙八')
    await store.close()
  })

  it('every committed event opens from a fresh process, whatever mix of concurrent appends, new subjects, expected versions, leftover and erased keys committed it', async () => {
    // A referral seals the complainant (`applicant`) first, then the respondents: only the second subject may have a key
    // left in the table before the store opens (an older build's, or a refused append's) or be erased. An append with no
    // events (`empty`) carries whatever keys are unstored and used: it must not report them stored.
    const append = fc.record({ stream: fc.integer({ min: 0, max: 3 }), kind: fc.constantFrom('registration' as const, 'noted' as const, 'referral' as const, 'empty' as const), expected: fc.constantFrom('any' as const, 'no-stream' as const, 99) })
    const respondents = fc.array(fc.constantFrom('none' as const, 'leftover' as const, 'erased' as const), { minLength: 4, maxLength: 4 })
    const eventsOf = (kind: 'registration' | 'noted' | 'referral' | 'empty', stream: number): NewEvent[] =>
      kind === 'empty' ? [] : [kind === 'registration' ? registered(`p${stream}`) : kind === 'referral' ? referral(`p${stream}`, `r${stream}`) : noted]
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('main' as const, 'thread' as const), respondents, fc.array(fc.array(append, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), async (writer, before, rounds) => {
        const path = newPath()
        sealedSqliteStore({ path }).close()
        const older = sqliteSubjectKeys(path)
        before.forEach((state, stream) => {
          if (state !== 'none') older.keyOf(`complaint-${stream}#respondents`, true)
          if (state === 'erased') older.destroy(`complaint-${stream}#respondents`, '2026-01-01T00:00:00Z')
        })
        older.close()
        const store = sealedSqliteStore({ path, writer })
        const committed = new Set<string>()
        for (const round of rounds) {
          // One round: appends sent together (one group commit), some refused for a version conflict.
          const outcomes = await Promise.all(round.map((a) => store.appendToStream(`complaint-${a.stream}`, eventsOf(a.kind, a.stream), { expectedVersion: a.expected }).then((o) => ({ o }), (error: unknown) => ({ error }))))
          outcomes.forEach((result, i) => {
            const a = round[i] as (typeof round)[number]
            if (a.kind === 'referral' && before[a.stream] === 'erased') {
              // Sealing refuses an erased subject before anything is written. Only an append expecting no stream is sealed
              // without asking the table; the commit then refuses it for its version (the stream exists) or, finding the
              // erased row, it is sealed again asking the table, and refused so.
              if (a.expected === 'no-stream' && 'o' in result) {
                expect(result.o._tag).toBe('Left')
                return
              }
              expect('error' in result && result.error instanceof Error ? result.error.message : '').toMatch(/was erased: nothing more is written/)
              return
            }
            if (!('o' in result)) throw result.error
            const outcome = result.o
            if (a.expected === 99) expect(outcome._tag).toBe('Left')
            // Every append expecting any version commits (on either writer, new keys, leftover keys and all).
            if (a.expected === 'any') expect(outcome._tag).toBe('Right')
            // One with events expecting no stream commits only as the stream's first event; else it is refused for its version.
            if (a.expected === 'no-stream' && outcome._tag === 'Right' && a.kind !== 'empty') expect(outcome.right.events[0]?.version).toBe(0)
            if (outcome._tag === 'Right' && (a.kind === 'registration' || a.kind === 'referral')) {
              committed.add(`complaint-${a.stream}#complainant`)
              if (a.kind === 'referral') committed.add(`complaint-${a.stream}#respondents`)
            }
          })
        }
        await store.close()
        const fresh = sealedSqliteStore({ path })
        for (let stream = 0; stream < 4; stream += 1) {
          for (const event of await fresh.readStream(`complaint-${stream}`)) {
            const data = event.data as { complainant?: { name: string }; applicant?: { name: string }; respondents?: { name: string }[] }
            if (event.type === 'ComplaintRegistered') expect(data.complainant?.name).toBe(`p${stream}`)
            if (event.type === 'ComplaintReferredToMediation') {
              expect(data.applicant?.name).toBe(`p${stream}`)
              expect(data.respondents?.[0]?.name).toBe(`r${stream}`)
            }
          }
        }
        await fresh.close()
        // A key for each subject with committed sealed events. Besides those and the rows there before, only a complainant
        // whose referral was refused for its respondents' row (stored first in that append's transaction) may have one.
        const rows = keyRows(path)
        for (const subject of committed) expect(rows).toContain(subject)
        const allowed = [...committed, ...before.flatMap((state, stream) => (state === 'none' ? [] : [`complaint-${stream}#respondents`, `complaint-${stream}#complainant`]))]
        for (const subject of rows) expect(allowed).toContain(subject)
      }),
      { numRuns: 15 },
    )
    // 15 runs, each opening its log again in a fresh process: 5.5 s in an idle CI run, past vitest's default 30 s (which
    // failed it) at load 12 with other suites beside it.
  }, 120_000)
})

describe('a file written before the sealed format v2 (event-store schema 2, markers `sealed:v1:<subjectId>`)', () => {
  it('is migrated to schema 3 on open; its v1 events still open, new ones are written v2, and one erasure erases both', async () => {
    const path = newPath()
    // The file as a build before schema 3 left it: its events sealed with the subject's id in every marker and in
    // `$sealed` (AES-256-GCM under the subject's key, the subject's id as associated data), the file at user_version 2.
    const inner = sqliteEventStore({ path })
    const keys = sqliteSubjectKeys(path)
    const cipher = aesGcmFieldCipher(keys)
    const subject = 'complaint-1#complainant'
    const v1: NewEvent = {
      ...registered('张三'),
      data: {
        category: 'noise',
        jurisdiction: 'hohhot',
        complainant: { name: `sealed:v1:${subject}`, phone: `sealed:v1:${subject}` },
        $sealed: { [subject]: cipher.seal(subject, JSON.stringify({ 'complainant.name': '张三', 'complainant.phone': '13912345678' })) },
      },
    }
    await inner.appendToStream('complaint-1', [v1], { expectedVersion: 'no-stream' })
    await inner.close()
    keys.close()
    const old = new Database(path)
    old.pragma('user_version = 2')
    old.close()

    const store = sealedSqliteStore({ path })
    const file = new Database(path, { readonly: true })
    expect(file.pragma('user_version', { simple: true })).toBe(3)
    expect(await nameOf(store, 'complaint-1')).toBe('张三')
    await store.appendToStream('complaint-1', [referral('张三', '李四')], { expectedVersion: 0 })
    const rows = file.prepare<[], { data: string }>("SELECT data FROM events WHERE stream_id = 'complaint-1' ORDER BY version").all().map((r) => r.data)
    file.close()
    expect(rows[0]).toContain(`"sealed:v1:${subject}"`)
    expect(rows[1]).toContain('"applicant":{"name":"sealed:v2:complainant"')
    expect(rows[1]).not.toContain('complaint-1')
    const [, referred] = await store.readStream('complaint-1')
    expect(referred?.data).toMatchObject({ applicant: { name: '张三' }, respondents: [{ name: '李四' }] })

    const erasing = sqliteSubjectKeys(path)
    const outcome = await eraseCase(store.unsealed, erasing, { streamId: 'complaint-1', legalBasis: '个人信息保护法 第四十七条', approver: 'dpo-1', actorId: 'admin-1', at: '2030-01-01T00:00:00Z' })
    expect(outcome).toMatchObject({ kind: 'erased', subjects: ['complaint-1#complainant', 'complaint-1#respondents'] })
    erasing.close()
    const [first, second] = await store.readStream('complaint-1')
    expect(first?.data).toMatchObject({ complainant: { name: 'erased', phone: 'erased' } })
    expect(second?.data).toMatchObject({ applicant: { name: 'erased' }, respondents: [{ name: 'erased' }] })
    await store.close()
  })
})
