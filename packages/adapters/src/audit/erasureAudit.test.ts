import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { aesGcmFieldCipher, type SubjectKeys } from '../privacy/subjectKeys.js'
import { opensWith, wrongKeysOf } from './erasureAudit.js'

const SUBJECT = 'complaint-1#complainant'
/** A key table of one row (or none), as the reader holds it. */
const keysOf = (rows: ReadonlyMap<string, Buffer | undefined>, missing?: () => never): SubjectKeys => ({
  keyOf: (subject) => (rows.has(subject) ? rows.get(subject) : missing === undefined ? undefined : missing()),
  destroy: () => false,
  erasedAt: () => undefined,
  erasures: () => 0,
  close: () => undefined,
})

describe('opensWith: what a kept key is tried by', () => {
  const key = randomBytes(32)
  const sealed = aesGcmFieldCipher(keysOf(new Map([[SUBJECT, key]]))).seal(SUBJECT, '欧阳淑芬')

  it('a value that opens is true; a value its kept key does not open (another key, bytes that are no key) is false', () => {
    expect(opensWith(aesGcmFieldCipher(keysOf(new Map([[SUBJECT, key]]))).open)(SUBJECT, sealed)).toBe(true)
    expect(opensWith(aesGcmFieldCipher(keysOf(new Map([[SUBJECT, randomBytes(32)]]))).open)(SUBJECT, sealed)).toBe(false)
    expect(opensWith(aesGcmFieldCipher(keysOf(new Map([[SUBJECT, randomBytes(7)]]))).open)(SUBJECT, sealed)).toBe(false)
    expect(opensWith(aesGcmFieldCipher(keysOf(new Map([[SUBJECT, key]]))).open)(SUBJECT, 'AAAA')).toBe(false)
  })

  it('a key destroyed since the rows were read (open gives undefined) is no trial, not key-wrong (found in review: a false alarm when an erasure landed between the two reads)', () => {
    expect(opensWith(aesGcmFieldCipher(keysOf(new Map([[SUBJECT, undefined]]))).open)(SUBJECT, sealed)).toBe(true)
  })

  it("the reader's own failure (a key never loaded: a bug; the key store unreachable) is thrown, not read as a key that does not open (found in review: every such error was key-wrong)", () => {
    const notLoaded = (): never => {
      throw new Error(`the key of ${SUBJECT} was not loaded before use (a bug: prepare or ensure first)`)
    }
    expect(() => opensWith(aesGcmFieldCipher(keysOf(new Map(), notLoaded)).open)(SUBJECT, sealed)).toThrow(/was not loaded/)
  })
})

describe('wrongKeysOf: each sampled subject whose kept key does not open its value, with where', () => {
  it('names only those, with the position of the value tried', () => {
    const [a, b, c] = ['complaint-1#complainant', 'complaint-2#complainant', 'complaint-3#complainant'] as const
    const keys = new Map<string, Buffer | undefined>([[a, randomBytes(32)], [b, randomBytes(32)], [c, undefined]])
    const cipher = aesGcmFieldCipher(keysOf(keys))
    const samples = [[a, cipher.seal(a, '甲'), 4], [b, cipher.seal(b, '乙'), 9]] as const
    keys.set(b, randomBytes(32))
    expect([...wrongKeysOf(samples, opensWith(cipher.open))]).toEqual([[b, 9]])
    expect([...wrongKeysOf([...samples, [c, samples[0][1], 12] as const], opensWith(cipher.open))]).toEqual([[b, 9]])
  })
})
