import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { aesGcmFieldCipher, sqliteSubjectKeys } from './subjectKeys.js'

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

  it('deferred: keys made while sealing are stored together at flush, before the sealed events; a key stored by another process first refuses the flush', () => {
    const path = join(dir, 'd.sqlite')
    const server = sqliteSubjectKeys(path, { deferKeyWrites: true })
    const other = sqliteSubjectKeys(path)
    const cipher = aesGcmFieldCipher(server)
    const a = cipher.seal('case-1#complainant', '张三')
    const b = cipher.seal('case-1#respondents', '王五')
    // Not stored yet (no commit per new subject), but this process opens with them already.
    expect(other.keyOf('case-1#complainant', false)).toBeUndefined()
    expect(cipher.open('case-1#complainant', a)).toBe('张三')
    server.flush()
    // Stored, and another connection (the CLI, a restart) opens with them.
    expect(aesGcmFieldCipher(other).open('case-1#complainant', a)).toBe('张三')
    expect(aesGcmFieldCipher(other).open('case-1#respondents', b)).toBe('王五')
    // A race: another process stores a key for the same subject before this one flushes.
    const lost = cipher.seal('case-2#complainant', '赵六')
    other.keyOf('case-2#complainant', true)
    expect(() => server.flush()).toThrow(/another process/)
    // Ours is forgotten: what is sealed now uses the stored key, and the refused ciphertext does not open.
    const again = cipher.seal('case-2#complainant', '赵六')
    expect(aesGcmFieldCipher(other).open('case-2#complainant', again)).toBe('赵六')
    expect(() => aesGcmFieldCipher(other).open('case-2#complainant', lost)).toThrow()
    // Erasing a subject whose key was never flushed erases it too.
    const c = cipher.seal('case-3#complainant', '钱七')
    expect(server.destroy('case-3#complainant', '2026-01-01T00:00:00Z')).toBe(true)
    expect(cipher.open('case-3#complainant', c)).toBeUndefined()
    server.flush()
    expect(other.keyOf('case-3#complainant', false)).toBeUndefined()
    other.close()
    server.close()
  })
})
