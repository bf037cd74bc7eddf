import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { sqliteEventStore } from '../sqlite/store.js'
import { aesGcmFieldCipher, sqliteSubjectKeys } from './subjectKeys.js'

const note = (i: number) => ({ type: 'NoteAdded', schemaVersion: 1, data: { text: `note ${i}` }, metadata: { commandId: `c${i}`, correlationId: `c${i}`, causationId: `c${i}`, actor: { id: 'w1', role: 'grid-worker' as const, jurisdiction: 'a' }, occurredAt: '2026-01-01T00:00:00.000Z' } })

const dir = mkdtempSync(join(tmpdir(), 'gridcase-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('subject keys and AES-256-GCM', () => {
  it('opens with the subject key, not with another subject, and reads undefined once the key is destroyed', () => {
    const keys = sqliteSubjectKeys(join(dir, 'a.sqlite'))
    const cipher = aesGcmFieldCipher(keys)
    const sealed = cipher.seal('s1', '李四')
    expect(sealed).not.toContain('李四')
    // A fresh IV each time: the same text seals differently.
    expect(cipher.seal('s1', '李四')).not.toBe(sealed)
    expect(cipher.open('s1', sealed)).toBe('李四')
    cipher.seal('s2', 'x')
    // Bound to its subject (associated data): under another subject's key it does not open.
    expect(() => cipher.open('s2', sealed)).toThrow()
    expect(keys.destroy('s1', '2026-01-01T00:00:00Z')).toBe(true)
    expect(cipher.open('s1', sealed)).toBeUndefined()
    expect(keys.erasedAt('s1')).toBe('2026-01-01T00:00:00Z')
    // Nothing more is sealed for an erased subject (a new key would make the erased data look live again).
    expect(() => cipher.seal('s1', 'y')).toThrow(/erased/)
    expect(cipher.open('s2', cipher.seal('s2', 'z'))).toBe('z')
    keys.close()
  })

  it('a page’s keys loaded at once (preload) serve its reads, erased and never-made subjects included, until released; then the table is asked again', () => {
    const path = join(dir, 'page.sqlite')
    const keys = sqliteSubjectKeys(path)
    const cipher = aesGcmFieldCipher(keys)
    const [a, b] = [cipher.seal('p#a', '张三'), cipher.seal('p#b', '李四')]
    keys.destroy('p#b', '2026-01-01T00:00:00Z')
    // Another process (the erasure CLI) on the same file.
    const other = sqliteSubjectKeys(path)
    expect(cipher.prepare).toBeDefined()
    const done = cipher.prepare?.(['p#a', 'p#b', 'p#none']) ?? (() => undefined)
    // While loaded: a's key, b erased, none never made; and an erasure by another process does not show in this page.
    other.destroy('p#a', '2026-01-02T00:00:00Z')
    expect(cipher.open('p#a', a)).toBe('张三')
    expect(cipher.open('p#b', b)).toBeUndefined()
    expect(keys.keyOf('p#none', false)).toBeUndefined()
    done()
    // Released: the next read asks the table, and sees the erasure.
    expect(cipher.open('p#a', a)).toBeUndefined()
    other.close()
    keys.close()
  })

  it('a read-only key store over a file written without encryption has no keys and creates nothing', () => {
    const path = join(dir, 'b.sqlite')
    sqliteSubjectKeys(path).close()
    const ro = sqliteSubjectKeys(path, { readonly: true })
    expect(ro.keyOf('s1', true)).toBeUndefined()
    ro.close()
    expect(() => sqliteSubjectKeys(join(dir, 'missing.sqlite'), { readonly: true })).toThrow()
  })

  it('counts erasures made by any connection to the file, so a reader that kept opened values knows to drop them', () => {
    const path = join(dir, 'c.sqlite')
    const server = sqliteSubjectKeys(path)
    const cli = sqliteSubjectKeys(path)
    const cipher = aesGcmFieldCipher(server)
    const sealed = cipher.seal('s1', '李四')
    expect(server.erasures()).toBe(0)
    expect(cli.destroy('s1', '2026-01-01T00:00:00Z')).toBe(true)
    // The other connection sees the count move at once (it is bumped in the key deletion's transaction).
    expect(server.erasures()).toBe(1)
    expect(cipher.erasures?.()).toBe(1)
    expect(cipher.open('s1', sealed)).toBeUndefined()
    cli.close()
    server.close()
    // An audit copy opened read-only reads the same count.
    const ro = sqliteSubjectKeys(path, { readonly: true })
    expect(ro.erasures()).toBe(1)
    ro.close()
  })

  it('reads the erasure count again only when the probe it is given moves (a commit by a connection other than the log writer), or after its own erasure; at most once per synchronous stretch', async () => {
    const path = join(dir, 'probe.sqlite')
    let probe = 7
    const server = sqliteSubjectKeys(path, { othersCommitted: () => probe })
    const cli = sqliteSubjectKeys(path)
    aesGcmFieldCipher(server).seal('s1', '李四')
    aesGcmFieldCipher(server).seal('s2', '王五')
    expect(server.erasures()).toBe(0)
    cli.destroy('s1', '2026-01-01T00:00:00Z')
    // Within one synchronous stretch the count is looked at once: the probe is not even asked.
    probe += 1
    expect(server.erasures()).toBe(0)
    await Promise.resolve()
    probe -= 1
    // The probe did not move: the count kept is served (what a real probe never allows: a foreign commit moves it).
    expect(server.erasures()).toBe(0)
    await Promise.resolve()
    probe += 1
    expect(server.erasures()).toBe(1)
    // Its own erasure is seen at once, in the same stretch and with the probe unmoved.
    server.destroy('s2', '2026-01-02T00:00:00Z')
    expect(server.erasures()).toBe(2)
    cli.close()
    server.close()
  })

  it("the log's writer connection is the probe: its own commits leave it still, another connection's erasure moves it, and the count follows", async () => {
    const path = join(dir, 'probe-store.sqlite')
    const store = sqliteEventStore({ path })
    const server = sqliteSubjectKeys(path, { othersCommitted: store.othersCommitted })
    const cli = sqliteSubjectKeys(path)
    aesGcmFieldCipher(cli).seal('s1', '李四')
    expect(server.erasures()).toBe(0)
    const still = store.othersCommitted()
    for (let i = 0; i < 3; i += 1) await store.appendToStream('complaint-1', [note(i)], { expectedVersion: 'any' })
    expect(store.othersCommitted()).toBe(still)
    expect(server.erasures()).toBe(0)
    cli.destroy('s1', '2026-01-01T00:00:00Z')
    expect(store.othersCommitted()).not.toBe(still)
    // From the next stretch on (the count was looked at in this one).
    await Promise.resolve()
    expect(server.erasures()).toBe(1)
    cli.close()
    server.close()
    await store.close()
  })

  it('keys with events: a new key is not stored by the key store but handed to the append sealed under it, until one that carried it commits', () => {
    const path = join(dir, 'd.sqlite')
    const server = sqliteSubjectKeys(path, { keysWithEvents: true })
    const other = sqliteSubjectKeys(path)
    const cipher = aesGcmFieldCipher(server)
    const a = cipher.seal('case-1#complainant', '张三')
    const b = cipher.seal('case-1#respondents', '王五')
    // Not stored (no commit per new subject), but this process opens with them already.
    expect(other.keyOf('case-1#complainant', false)).toBeUndefined()
    expect(cipher.open('case-1#complainant', a)).toBe('张三')
    const rows = server.takeCarried()
    expect(rows.map((r) => r.subjectId)).toEqual(['case-1#complainant', 'case-1#respondents'])
    // Taken: the next append carries only what it is sealed under itself, unless still unstored.
    expect(server.takeCarried()).toEqual([])
    cipher.seal('case-1#complainant', '张三')
    expect(server.takeCarried().map((r) => r.subjectId)).toEqual(['case-1#complainant'])
    // A refusal before writing (a version conflict) keeps them ours and unstored: the next append carries them again.
    server.settle(rows, 'kept')
    cipher.seal('case-1#respondents', '王五')
    expect(server.takeCarried().map((r) => [r.subjectId, Buffer.from(r.key).toString('hex')])).toEqual([['case-1#respondents', Buffer.from(rows[1]?.key ?? []).toString('hex')]])
    // Committed (the writer stored them in the append's transaction; here by hand): carried now only to be held to the
    // table (the same key: the commit finds it there and stores nothing).
    const store = new Database(path)
    for (const r of rows) store.prepare('INSERT INTO subject_keys (subject_id, key) VALUES (?, ?)').run(r.subjectId, r.key)
    store.close()
    server.settle(rows, 'stored')
    cipher.seal('case-1#complainant', '张三')
    expect(server.takeCarried()).toEqual([rows[0]])
    expect(aesGcmFieldCipher(other).open('case-1#complainant', a)).toBe('张三')
    expect(aesGcmFieldCipher(other).open('case-1#respondents', b)).toBe('王五')
    // A failed append forgets its keys: what is sealed next starts from the table (here: another process's key).
    const lost = cipher.seal('case-2#complainant', '赵六')
    const lostRows = server.takeCarried()
    other.keyOf('case-2#complainant', true)
    server.settle(lostRows, 'failed')
    const again = cipher.seal('case-2#complainant', '赵六')
    expect(server.takeCarried().map((r) => r.subjectId)).toEqual(['case-2#complainant'])
    expect(aesGcmFieldCipher(other).open('case-2#complainant', again)).toBe('赵六')
    expect(() => aesGcmFieldCipher(other).open('case-2#complainant', lost)).toThrow()
    // Erasing a subject whose key was never stored erases it too, and nothing carries the key any more.
    const c = cipher.seal('case-3#complainant', '钱七')
    expect(server.destroy('case-3#complainant', '2026-01-01T00:00:00Z')).toBe(true)
    expect(server.takeCarried()).toEqual([])
    expect(cipher.open('case-3#complainant', c)).toBeUndefined()
    expect(() => cipher.seal('case-3#complainant', 'x')).toThrow(/erased/)
    other.close()
    server.close()
  })
})

describe('a key table that is not one', () => {
  it('is refused, and the connection opened to read it is closed (found in review: it was left open)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'gridcase-keys-not-'))
    try {
      const path = join(folder, 'gridcase.sqlite')
      const db = new Database(path)
      db.exec('CREATE TABLE subject_keys (subject_id TEXT PRIMARY KEY)')
      db.close()
      const open = () => readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === path } catch { return false } }).length
      expect(open()).toBe(0)
      for (const readonly of [true, false]) expect(() => sqliteSubjectKeys(path, { readonly })).toThrow(/no such column: key/)
      expect(open()).toBe(0)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
